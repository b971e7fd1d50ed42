#!/usr/bin/env bash
# Benchmarks of the node agent on the real lab (libvirtd + QEMU/TCG in namespace fabric-lab):
#  1. apply: time from `fabric agent apply examples/webfarm` to every instance serving (apply returns
#     then: each instance answered its health probe), against creating the same three domains with
#     bare `virsh create` (the XML the agent made, without Fabric's metadata, same config drives)
#     and polling the same ports from the same namespace, in the same run, rounds alternating.
#  2. re-adoption: with N guests running (default 20), `kill -9` of the agent and a new `fabric agent
#     run`: time from starting the process to its first idle pass ("idle: the host is as desired"),
#     whether any guest was restarted (domain id, QEMU pid and start time compared), and the agent's
#     resident memory (VmRSS) with those guests.
#
# Usage (root): bench/agent-bench.sh [ROUNDS] [GUESTS]     default 3 rounds, 20 guests
# Sets the lab up itself (./lab.sh up) and tears it down at the end (./lab.sh down).
set -euo pipefail
rounds=${1:-3}
guests=${2:-20}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/lab/scripts/common.sh"
need_root
cd "$REPO_ROOT"
work=$(mktemp -d /tmp/fabric-agent-bench.XXXXXX)
trap '"$here/lab.sh" down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

virsh_lab() { "${LAB_VIRSH[@]}" "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# Waits until every ADDRESS:PORT given accepts a TCP connection from fabric-lab (the agent's vantage point).
await_serving() {
  local deadline=$(( $(date +%s) + 600 )) target
  for target in "$@"; do
    until ip netns exec "$LAB_NS" timeout 2 bash -c "exec 3<>/dev/tcp/${target%:*}/${target#*:}" 2>/dev/null; do
      (( $(date +%s) < deadline )) || { echo "agent-bench: $target did not answer within 600 s" >&2; exit 1; }
      sleep 0.1
    done
  done
}
identities() {
  for d in $(virsh_lab list --name | grep "^fabric\." | sort); do
    pid=$(cat "/run/libvirt/qemu/$d.pid")
    echo "$d id $(virsh_lab domid "$d") pid $pid start $(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f20)"
  done
}

"$here/lab.sh" up >/dev/null
"$here/lab/scripts/agent-up.sh" 2>/dev/null
csdef=examples/webfarm/ServiceDefinition.csdef
cscfg=examples/webfarm/ServiceConfiguration.cscfg
targets=(10.213.0.10:8080 10.213.0.11:8080 10.213.0.12:9000)

# --- 1. apply versus bare virsh create ---------------------------------------------------------
# A first apply gives the domain XML the bare runs use: metadata removed, config drives copied, taps
# renamed (Fabric's bridge table drops frames of fab-* taps it has no instance for).
lab_fabric agent apply "$csdef" --config "$cscfg" >/dev/null
for d in fabric.webfarm.WebRole.0 fabric.webfarm.WebRole.1 fabric.webfarm.WorkerRole.0; do
  bare=bare.${d#fabric.}
  cp "$FABRIC_STATE/instances/$d.cidata.img" "$work/$bare.cidata.img"
  virsh_lab dumpxml --inactive "$d" | sed -e '/<metadata>/,/<\/metadata>/d' -e '/<uuid>/d' \
    -e "s|<name>$d</name>|<name>$bare</name>|" -e "s|$FABRIC_STATE/instances/$d.cidata.img|$work/$bare.cidata.img|" \
    -e "s|<source path='[^']*console/$d.log'/>|<source path='$work/$bare.log'/>|" \
    -e "s|<target dev='fab-|<target dev='bare-|" > "$work/$bare.xml"
done
lab_fabric agent remove webfarm >/dev/null

fabric_ms=() bare_ms=()
run_fabric() {
  local t0; t0=$(now_ms)
  lab_fabric agent apply "$csdef" --config "$cscfg" >/dev/null
  fabric_ms+=($(( $(now_ms) - t0 )))
  lab_fabric agent remove webfarm >/dev/null
}
run_bare() {
  local t0 x; t0=$(now_ms)
  for x in "$work"/bare.*.xml; do virsh_lab create "$x" >/dev/null; done
  await_serving "${targets[@]}"
  bare_ms+=($(( $(now_ms) - t0 )))
  for x in "$work"/bare.*.xml; do virsh_lab destroy "$(basename "$x" .xml)" >/dev/null; done
}
for i in $(seq 1 "$rounds"); do
  if (( i % 2 )); then run_fabric; run_bare; else run_bare; run_fabric; fi
  echo "agent-bench: round $i: fabric agent apply -> serving ${fabric_ms[-1]} ms; virsh create -> serving ${bare_ms[-1]} ms" >&2
done
f=$(printf '%s\n' "${fabric_ms[@]}" | median)
b=$(printf '%s\n' "${bare_ms[@]}" | median)

# --- 2. re-adoption of N guests and resident memory --------------------------------------------
cat > "$work/many.csdef" <<XML
<?xml version="1.0" encoding="utf-8"?>
<ServiceDefinition name="many" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition">
  <WorkerRole name="Worker" vmsize="ExtraSmall">
    <Endpoints><InputEndpoint name="Http" protocol="tcp" port="8080" localPort="8080" /></Endpoints>
  </WorkerRole>
</ServiceDefinition>
XML
cat > "$work/many.cscfg" <<XML
<?xml version="1.0" encoding="utf-8"?>
<ServiceConfiguration serviceName="many" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration" osFamily="6" osVersion="*">
  <Role name="Worker"><Instances count="$guests" /></Role>
</ServiceConfiguration>
XML
t0=$(now_ms)
lab_fabric agent apply "$work/many.csdef" --config "$work/many.cscfg" --timeout 1200 >/dev/null
echo "agent-bench: $guests guests serving $(( $(now_ms) - t0 )) ms after apply" >&2
sleep 10
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$AGENT_PID")/status")
readopt_ms=() restarted=0
for i in $(seq 1 "$rounds"); do
  before=$(identities)
  kill -9 "$(cat "$AGENT_PID")"; sleep 1
  lines=$(wc -l < "$AGENT_LOG")
  t0=$(date +%s%N)
  setsid ip netns exec "$LAB_NS" "$REPO_ROOT/fabric" agent run >>"$AGENT_LOG" 2>&1 </dev/null &
  echo $! > "$AGENT_PID"
  until tail -n +"$(( lines + 1 ))" "$AGENT_LOG" | grep -q ' idle: '; do sleep 0.02; done
  idle_at=$(tail -n +"$(( lines + 1 ))" "$AGENT_LOG" | grep -m1 ' idle: ' | cut -d' ' -f1)
  readopt_ms+=($(( ($(date -d "$idle_at" +%s%N) - t0) / 1000000 )))
  sleep 6   # three more passes on the 2 s tick
  after=$(identities)
  [[ $before == "$after" ]] || { restarted=$(( restarted + $(diff <(echo "$before") <(echo "$after") | grep -c '^>') )); }
  echo "agent-bench: re-adoption round $i: ${readopt_ms[-1]} ms to the first idle pass; $(echo "$after" | grep -c .) guests" >&2
done
sleep 20
rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$AGENT_PID")/status")
r=$(printf '%s\n' "${readopt_ms[@]}" | median)

echo
echo "command: bench/agent-bench.sh $rounds $guests   ($(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, QEMU TCG)"
echo "apply -> 3 webfarm instances serving: fabric median $f ms (${fabric_ms[*]}), bare virsh create median $b ms (${bare_ms[*]}); overhead $(awk -v f="$f" -v b="$b" 'BEGIN {printf "%.1f", (f/b - 1) * 100}') %"
echo "re-adoption of $guests running guests after kill -9 of the agent: median $r ms from process start to the first idle pass (${readopt_ms[*]}); guests restarted: $restarted"
echo "agent resident memory with $guests guests: ${rss_before} KiB before the kills, ${rss_after} KiB 20 s after the last restart"
