#!/usr/bin/env bash
# Failover of the whole fabric (issue 4: "detection time and time until moved instances serve again,
# over several runs"). Brings up the multi-host lab with its controller (hosts-up, ctl-up with the
# given controller options, three managed agents; decision 0680), deploys examples/webfarm through the
# API with --wait, then RUNS times: takes the host of a web instance (WebRole.0 and WebRole.1 in turn),
# powers it off with lab/scripts/host-fail.sh (its switch port down, then SIGKILL of its agent,
# libvirtd, virtlogd and QEMU) at t0 and measures from t0:
#   fail      the fail script's own duration
#   suspect   the controller's "HOST: UP -> SUSPECT" (lease ended)
#   down      the controller's "HOST: SUSPECT -> DOWN" (lease + margin after the last heartbeat or vouch)
#   placed    the controller's "reincarnated INSTANCE on HOST at ADDRESS"
#   qemu      the new copy's QEMU process start (/proc start time, 10 ms resolution)
#   serving   the first HTTP answer of the new copy at its new address, from fabric-ext (polled every 0.1 s)
# suspect/down/placed are the timestamps of the controller log lines (ms, written when the controller
# acts), which are more exact than polling `fabric hosts` (a JVM start per poll, about a second).
# Then it powers the host on again and waits until the fabric is quiet: the host UP, its old copy
# removed, every instance serving (fabric status) and answering from fabric-ext. With PARTITION=1 each
# run also cuts the host of the other web instance (host-partition.sh) and measures: old copy silent
# (from fabric-ext, which still reaches it), fence (the cut host's agent logs FENCED), stopped (its
# agent's last "did: stop" of a fenced domain, which returns when libvirt has cleaned up), sigterm (the
# last "terminating on signal" in the cut host's QEMU logs: its last old guest stops executing within a
# fraction of a second of it), down, placed, serving; then heals it and waits until quiet. At the end
# it counts what must not happen on healthy hosts: UP -> SUSPECT (controller) or FENCED (agent) of a
# host outside its own failure and return.
#
#   sudo bench/failover-bench.sh [RUNS] [CONTROLLER OPTIONS...]
#   e.g. sudo bench/failover-bench.sh 3 --heartbeat-ms 500 --lease-ms 2000 --fence-margin-ms 1000
#
# RUNS defaults to 3; the options go to `fabric controller run` (through ctl-up.sh: --heartbeat-ms,
# --lease-ms and --fence-margin-ms as its FABRIC_LAB_*_MS knobs, the lab's defaults otherwise).
# Environment: PARTITION=1, SKIP_BUILD=1, KEEP=1 (leave the lab up; ./lab.sh hosts-down removes it;
# with RUNS 0 the script only brings the fabric up with webfarm deployed).
# Tears the multi-host lab down at the end, also on failure. Owns the multi-host lab while it runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scripts="$here/../lab/scripts"
source "$scripts/common.sh"
source "$scripts/hosts-common.sh"
need_root
runs=${1:-3}
[[ $runs =~ ^[0-9]+$ ]] || die "usage: failover-bench.sh [RUNS] [CONTROLLER OPTIONS...]"
shift || true
ctl_opts="$*"
command_line="$(env | { grep -E '^(PARTITION|FABRIC_LAB_(HEARTBEAT|LEASE|MARGIN)_MS)=' || true; } | sort | tr '\n' ' ')bench/failover-bench.sh $runs${ctl_opts:+ $ctl_opts}"
# The liveness settings go to ctl-up.sh's knobs (it passes its defaults otherwise), the rest as they are.
rest=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --heartbeat-ms)    export FABRIC_LAB_HEARTBEAT_MS=${2:?}; shift 2 ;;
    --lease-ms)        export FABRIC_LAB_LEASE_MS=${2:?}; shift 2 ;;
    --fence-margin-ms) export FABRIC_LAB_MARGIN_MS=${2:?}; shift 2 ;;
    *) rest+=("$1"); shift ;;
  esac
done
out="$REPO_ROOT/bench/target/failover-bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
API=$(ctl_api)

cleanup() {
  cp "$CTL_RUN/controller.log" "$out/" 2>/dev/null || true
  for h in "${HOSTS[@]}"; do cat "$(host_run "$h")/agent.log" >> "$out/agent-$h.log" 2>/dev/null || true; done
  if [[ ${KEEP:-} == 1 ]]; then say "failover-bench: leaving the lab up (KEEP=1)"; else "$scripts/hosts-down.sh"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status() { ctl_fabric status $API 2>/dev/null || true; }
where() { status | awk -v i="$1" '$2 == i { print $3, $4 }'; }   # INSTANCE -> "HOST ADDRESS"
answers() { [[ $(ip netns exec "$EXT_NS" curl -s -m 1 "http://$1:8080/" 2>/dev/null) == "fabric lab guest $2 port 8080" ]]; }
up_hosts() { ctl_fabric hosts $API 2>/dev/null | grep -c ' up ' || true; }
# Epoch ms of the first (or with "last": the last) line after line MARK of FILE (default: the controller's
# log) that contains PATTERN; empty if none.
log_ms() { # MARK PATTERN [FILE] [last]
  local t; t=$(tail -n "+$1" "${3:-$CTL_RUN/controller.log}" | awk -v p="$2" -v l="${4:-}" 'index($0, p) { t = $1; if (l == "") exit } END { print t }')
  [[ -n $t ]] && date -d "$t" +%s%3N || true
}
log_line() { tail -n "+$1" "$CTL_RUN/controller.log" | grep -F -m1 "$2" || true; }   # MARK PATTERN
log_mark() { echo $(( $(wc -l < "${1:-$CTL_RUN/controller.log}") + 1 )); }   # [FILE]
since() { [[ -n ${2:-} ]] && echo $(( $2 - $1 )) || echo -; }   # T0_MS T_MS -> T - T0, or -
# Epoch ms when the QEMU of INSTANCE on HOST started (its /proc start time), empty if none runs.
qemu_start_ms() { # HOST INSTANCE
  local pid btime hz ticks
  pid=$(for p in $(host_pids "$1"); do
          [[ $(cat "/proc/$p/comm" 2>/dev/null) == qemu* ]] && grep -qaF "fabric.$2" "/proc/$p/cmdline" 2>/dev/null && echo "$p"
        done | head -1 || true)
  [[ -n $pid ]] || return 0
  btime=$(awk '/^btime/ { print $2 }' /proc/stat); hz=$(getconf CLK_TCK)
  ticks=$(awk '{ print $22 }' "/proc/$pid/stat")
  echo $(( btime * 1000 + ticks * 1000 / hz ))
}

# Quiet: 3 hosts up, every instance serving on a host that is up, each web instance answering from
# fabric-ext, HOST (if given) without any domain. Waits up to 300 s; prints the ms it took.
wait_quiet() { # [HOST]
  local s; s=$(date +%s%N)
  for _ in $(seq 1 300); do
    local st; st=$(status)
    if [[ $(up_hosts) == 3 ]] && [[ $(awk 'NR > 1 && $6 == "serving"' <<<"$st" | wc -l) == 3 ]] \
       && { [[ -z ${1:-} ]] || [[ -z $(host_virsh "$1" list --all --name 2>/dev/null | sed '/^$/d') ]]; }; then
      local ok=1 i a
      while read -r i a; do answers "$a" "$i" || ok=0; done < <(awk '$2 ~ /WebRole/ { print $2, $4 }' <<<"$st")
      (( ok )) && { ms_since "$s"; return 0; }
    fi
    sleep 1
  done
  die "failover-bench: the fabric did not become quiet within 300 s: $(status) $(ctl_fabric hosts $API 2>&1)"
}

# --- the fabric ----------------------------------------------------------------------------------------
start=$(date +%s%N)
[[ ${SKIP_BUILD:-} == 1 ]] || "$scripts/build.sh"
"$scripts/hosts-up.sh"
FABRIC_LAB_CTL_OPTS="${rest[*]}" "$scripts/ctl-up.sh"
for h in "${HOSTS[@]}"; do "$scripts/host-agent-up.sh" "$h" --managed; done
for _ in $(seq 1 60); do [[ $(up_hosts) == 3 ]] && break; sleep 1; done
ctl_fabric deploy "$REPO_ROOT/examples/webfarm/ServiceDefinition.csdef" --config "$REPO_ROOT/examples/webfarm/ServiceConfiguration.cscfg" \
  $API --wait --timeout 300s > "$out/deploy.log" 2>&1 || { cat "$out/deploy.log" >&2; die "failover-bench: deploy failed"; }
wait_quiet > /dev/null
say "failover-bench: fabric up and webfarm serving after $(ms_since "$start") ms; $(grep -m1 'controller running' "$CTL_RUN/controller.log" | cut -c1-200)"
bench_mark=$(log_mark)
(( runs > 0 )) || exit 0   # RUNS 0: bring the fabric up only (with KEEP=1)
joined=$(grep -h -m1 'controller link: joined' "$HOSTS_RUN/h1/agent.log" | sed 's/.*(\(lease.*\))/\1/')

# One failure (fail or partition) of the host of INSTANCE; prints "host instance new_host fail suspect down placed qemu serving old_off fence stopped sigterm".
measure() { # KIND INSTANCE
  local kind=$1 inst=$2 h addr mark s s_ms t_script line nh na t_serve="" old_off="-" fence="-" stopped="-" sigterm="-" samples alog amark
  read -r h addr <<<"$(where "$inst")"
  mark=$(log_mark); alog=$(host_run "$h")/agent.log; amark=$(log_mark "$alog")
  samples=$out/samples; mkdir -p "$samples"; rm -f "$samples"/*
  s=$(date +%s%N); s_ms=$(( s / 1000000 ))
  if [[ $kind == fail ]]; then
    "$scripts/host-fail.sh" "$h" 2>/dev/null
  else
    "$scripts/host-partition.sh" "$h" 2>/dev/null
    ( for _ in $(seq 1 600); do answers "$addr" "$inst" || { ms_since "$s" > "$samples/old-off"; break; }; sleep 0.1; done ) &
  fi
  t_script=$(ms_since "$s")
  line=""
  for _ in $(seq 1 1200); do line=$(log_line "$mark" "reincarnated $inst on "); [[ -n $line ]] && break; sleep 0.1; done
  [[ -n $line ]] || die "failover-bench: $inst not placed again within 120 s after $kind $h"
  nh=$(sed -E 's/.* on ([^ ]+) at ([0-9.]+) .*/\1/' <<<"$line"); na=$(sed -E 's/.* on ([^ ]+) at ([0-9.]+) .*/\2/' <<<"$line")
  for _ in $(seq 1 1200); do answers "$na" "$inst" && { t_serve=$(ms_since "$s"); break; }; sleep 0.1; done
  [[ -n $t_serve ]] || die "failover-bench: $inst does not serve at $na on $nh within 120 s"
  wait
  if [[ $kind == partition ]]; then
    old_off=$(cat "$samples/old-off" 2>/dev/null || echo -)
    fence=$(since "$s_ms" "$(log_ms "$amark" "FENCED:" "$alog")"); stopped=$(since "$s_ms" "$(log_ms "$amark" "(fenced:" "$alog" last)")
    sigterm=$(since "$s_ms" "$(cat "$(host_var "$h")"/libvirt/log/qemu/*.log 2>/dev/null | awk '/terminating on signal/ { print $1 }' \
      | while read -r t; do date -d "$t" +%s%3N; done | awk -v s="$s_ms" '$1 >= s' | sort -n | tail -1)")
  fi
  log_line "$mark" "$h: SUSPECT -> DOWN" >> "$out/down-lines.txt"
  echo "$h $inst $nh $t_script $(since "$s_ms" "$(log_ms "$mark" "$h: UP -> SUSPECT")") $(since "$s_ms" "$(log_ms "$mark" "$h: SUSPECT -> DOWN")") \
$(since "$s_ms" "$(log_ms "$mark" "reincarnated $inst on ")") $(since "$s_ms" "$(qemu_start_ms "$nh" "$inst")") $t_serve $old_off $fence $stopped $sigterm"
}

echo
echo "command: $command_line"
echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); agents: $joined; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-4s %-9s %-4s %-18s %-4s %7s %8s %7s %7s %7s %8s %8s %7s %8s %8s %6s\n' run kind host instance to fail suspect down placed qemu serving old-off fence stopped sigterm quiet
results=$out/results.txt; : > "$results"
windows=$out/windows.txt; : > "$windows"   # "HOST FROM_MS TO_MS": while a failure of HOST and its return ran
for r in $(seq 1 "$runs"); do
  kinds=fail; [[ ${PARTITION:-} == 1 ]] && kinds="fail partition"
  for kind in $kinds; do
    if [[ $kind == fail ]]; then inst=webfarm.WebRole.$(( (r - 1) % 2 )); else inst=webfarm.WebRole.$(( r % 2 )); fi
    w_from=$(date +%s%3N)
    m=$(measure "$kind" "$inst")
    read -r h _ <<<"$m"
    if [[ $kind == fail ]]; then
      cat "$(host_run "$h")/agent.log" >> "$out/agent-$h.log" 2>/dev/null || true   # power-on empties it
      "$scripts/host-daemons-up.sh" "$h" >/dev/null 2>&1
      "$scripts/host-agent-up.sh" "$h" >/dev/null 2>&1
    else
      "$scripts/host-heal.sh" "$h" >/dev/null 2>&1
    fi
    q=$(wait_quiet "$h")
    echo "$h $w_from $(date +%s%3N)" >> "$windows"
    read -r h i nh f su d p qe sv oo fe st sg <<<"$m"
    printf '%-4s %-9s %-4s %-18s %-4s %7s %8s %7s %7s %7s %8s %8s %7s %8s %8s %6s\n' "$r" "$kind" "$h" "${i#webfarm.}" "$nh" "$f" "$su" "$d" "$p" "$qe" "$sv" "$oo" "$fe" "$st" "$sg" "$q"
    echo "$kind $f $su $d $p $qe $sv $oo $fe $st $sg $q" >> "$results"
    sleep 2
  done
done

# --- summary and what must not happen -----------------------------------------------------------------------
echo
echo "summary (ms from t0 = the fail/partition script starting; min / median / max over the runs):"
stat() { # KIND COLUMN NAME
  local v; v=$(awk -v k="$1" -v c="$2" '$1 == k && $c != "-" { print $c }' "$results" | sort -n)
  [[ -n $v ]] || return 0
  local n; n=$(wc -l <<<"$v")
  printf '  %-9s %-8s %6s / %6s / %6s   (%d runs)\n' "$1" "$3" "$(head -1 <<<"$v")" "$(awk -v n="$n" '{ a[NR] = $1 } END { print n % 2 ? a[(n + 1) / 2] : int((a[n / 2] + a[n / 2 + 1]) / 2) }' <<<"$v")" "$(tail -1 <<<"$v")" "$n"
}
for kind in fail partition; do
  c=2; for name in script suspect down placed qemu serving old-off fence stopped sigterm quiet; do stat "$kind" "$c" "$name"; c=$((c + 1)); done
done
awk '$1 == "partition" && $10 != "-" { printf "  partition run %d: fence slack (controller DOWN minus the old copies stopped; negative: stopped after DOWN): %d ms by the agent'"'"'s stop, %s ms by the last SIGTERM; new QEMU minus the agent'"'"'s stop %d ms\n", ++n, $4 - $10, $11 == "-" ? "-" : $4 - $11, $6 - $10 }' "$results"
echo "  down = lease + margin after the last heartbeat or vouch; why, as the controller logged it:"
sed -E 's/^[^ ]+ +[A-Z]+ +[^ ]+ //; s/^/    /' "$out/down-lines.txt" | cut -c1-220
# What must not happen to a healthy host: UP -> SUSPECT (controller) or FENCED (its agent) outside the
# windows in which that host was failed or partitioned and came back.
unexpected() { # HOST MS: true unless MS lies in one of HOST's windows
  ! awk -v h="$1" -v t="$2" '$1 == h && t >= $2 && t <= $3 { found = 1 } END { exit !found }' "$windows"
}
bench_from=$(head -1 "$windows" | cut -d' ' -f2)
suspects=0 fences=0 wrong=""
while read -r t h; do
  suspects=$((suspects + 1)); ms=$(date -d "$t" +%s%3N)
  unexpected "$h" "$ms" && wrong="$wrong; $h SUSPECT at $t"
done < <(tail -n "+$bench_mark" "$CTL_RUN/controller.log" | sed -nE 's/^([^ ]+) .* ([a-z0-9]+): [A-Z]+ -> SUSPECT .*/\1 \2/p')
for h in "${HOSTS[@]}"; do
  while read -r t; do
    ms=$(date -d "$t" +%s%3N); (( ms >= bench_from )) || continue
    fences=$((fences + 1)); unexpected "$h" "$ms" && wrong="$wrong; $h FENCED at $t"
  done < <(cat "$out/agent-$h.log" "$(host_run "$h")/agent.log" 2>/dev/null | awk '/ FENCED: / { print $1 }')
done
echo "healthy hosts: $suspects UP -> SUSPECT and $fences FENCED over the runs, all of the failed or partitioned host" \
  "during its failure: ${wrong:+NO:$wrong}${wrong:-yes}"
echo "logs: $out"
