# shellcheck shell=bash
# Assertions of the lab's end-to-end checks (sourced by fabric-check.sh and hosts-check.sh, not run).
# Each assertion prints one "check:" line; check_result ends the script: exit 0 when every one held, 1 otherwise.
failures=0
ok()   { printf 'check: ok: %s\n' "$*"; }
bad()  { printf 'check: FAILED: %s\n' "$*"; failures=$((failures + 1)); }
# get NS URL [SECONDS]: the body, or nothing when there is no answer within SECONDS (default 5)
get()  { ip netns exec "$1" curl -s -m "${3:-5}" "$2" 2>/dev/null || true; }
expect_body() { # WHAT NS URL BODY
  local body; body=$(get "$2" "$3")
  if [[ $body == "$4" ]]; then ok "$1: '$body'"; else bad "$1: expected '$4', got '${body:-no answer}'"; fi
}
expect_silence() { # WHAT NS URL
  local body; body=$(get "$2" "$3" 3)
  if [[ -z $body ]]; then ok "$1: no answer"; else bad "$1: expected no answer, got '$body'"; fi
}
check_result() {
  if (( failures > 0 )); then printf 'check: %d check(s) FAILED\n' "$failures"; exit 1; fi
  echo "check: all checks passed"
}
