#!/usr/bin/env bash
# Runs ./fabric validate on every case under examples/invalid and compares stderr with expected-errors.txt.
# Run from anywhere; paths in the output are relative to the repository root. Exit 1 when any case differs.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
failed=0
for dir in examples/invalid/*/; do
  dir=${dir%/}
  if [[ -f $dir/args.txt ]]; then
    read -r -a rel < "$dir/args.txt"
    args=()
    for a in "${rel[@]}"; do [[ $a == -* ]] && args+=("$a") || args+=("$dir/$a"); done
  else
    args=("$dir/ServiceDefinition.csdef")
    [[ -f $dir/ServiceConfiguration.cscfg ]] && args+=(--config "$dir/ServiceConfiguration.cscfg")
  fi
  sizes=()
  [[ -f $dir/vm-sizes.conf ]] && sizes=(env "FABRIC_VM_SIZES=$dir/vm-sizes.conf")
  actual=$("${sizes[@]}" ./fabric validate "${args[@]}" 2>&1 >/dev/null; echo "exit $?")
  expected=$(cat "$dir/expected-errors.txt" 2>/dev/null; echo "exit 2")
  if [[ $actual == "$expected" ]]; then
    echo "ok   $dir"
  else
    echo "FAIL $dir"; diff <(echo "$expected") <(echo "$actual") | sed 's/^/     /'
    failed=1
  fi
done
exit $failed
