#!/usr/bin/env bash
# Controller scale: N simulated agents (bench AgentSwarm, a second JVM, real mutual TLS, the real
# protocol) against one controller (./fabric controller run: embedded ZooKeeper, inventory of N hosts)
# on 127.0.0.1, heartbeat every 1000 ms, lease 3000 ms. Ramps up at RATE connects/s, holds for
# DURATION_S, then prints agents held, heartbeat round trip (agent side), heartbeat processing
# (controller side, worst 10 s interval), missed leases (both sides), controller RSS and CPU.
#
#   bench/controller-bench.sh N [DURATION_S]      e.g. bench/controller-bench.sh 10000 120
#
# Environment: RATE (connects/s, default 300), SWARM_THREADS (default 2), SKIP_BUILD=1,
# CONTROLLER_JAVA_OPTS (default none: the controller runs as ./fabric starts it, with the launcher's heap limit,
# FABRIC_CONTROLLER_HEAP or 1g; an -Xmx here wins: 10,000 agents were held with -Xmx2g at 726 MiB resident), SWARM_JAVA_OPTS.
# Certificates (one EC P-256 key per agent) are made once under bench/target/controller-bench.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
n=${1:?usage: controller-bench.sh N [DURATION_S]}
duration=${2:-120}
rate=${RATE:-300}
threads=${SWARM_THREADS:-2}
command_line="RATE=$rate SWARM_THREADS=$threads${CONTROLLER_JAVA_OPTS:+ CONTROLLER_JAVA_OPTS=\"$CONTROLLER_JAVA_OPTS\"} bench/controller-bench.sh $n $duration"
cache="$root/bench/target/controller-bench"
jar="$root/bench/target/benchmarks.jar"

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  (cd "$root" && mvn -o -q -Pbench -DskipTests -pl bench -am package && mvn -o -q -DskipTests -pl cli -am package)
fi
mkdir -p "$cache"
java -cp "$jar" dev.fabric.bench.swarm.SwarmFabric "$cache" "$n"

work=$(mktemp -d /tmp/fabric-ctlbench.XXXXXX)
ctl_pid="" swarm_pid="" sampler_pid=""
cleanup() {
  for p in $sampler_pid $swarm_pid $ctl_pid; do kill "$p" 2>/dev/null || true; done
  for p in $sampler_pid $swarm_pid $ctl_pid; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FABRIC_JAVA_OPTS="-Dlogback.configurationFile=$here/controller-logback.xml ${CONTROLLER_JAVA_OPTS:-}" \
  "$root/fabric" controller run --datacenter "$cache/datacenter-$n.xml" --pki "$cache/pki" --data "$work/data" \
  --agent-listen 127.0.0.1:0 --api-listen 127.0.0.1:0 --heartbeat-ms 1000 --lease-ms 3000 >"$work/controller.log" 2>&1 &
ctl_pid=$!
port=""
for _ in $(seq 600); do
  port=$(sed -n 's/.*controller running: agents on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/controller.log")
  [[ -n $port ]] && break
  kill -0 "$ctl_pid" 2>/dev/null || { cat "$work/controller.log" >&2; echo "controller-bench: the controller did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "controller-bench: no controller after 60 s" >&2; exit 1; }
echo "controller pid $ctl_pid on 127.0.0.1:$port, $n hosts; swarm: $rate connects/s, $threads threads, hold ${duration}s"

# Controller RSS every 2 s (max and last are reported); rss.log lines: epoch_s rss_kb
( while kill -0 "$ctl_pid" 2>/dev/null; do
    echo "$(date +%s) $(awk '/VmRSS/ {print $2}' "/proc/$ctl_pid/status")" >>"$work/rss.log"; sleep 2
  done ) &
sampler_pid=$!

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# shellcheck disable=SC2086
java ${SWARM_JAVA_OPTS:-} -cp "$jar" dev.fabric.bench.swarm.AgentSwarm "$cache/pki" "$port" "$n" "$rate" "$duration" "$threads" \
  >"$work/swarm.log" 2>&1 &
swarm_pid=$!
# The hold starts when the swarm says so: mark the controller log and CPU there.
while ! grep -q '^SWARM ramp:' "$work/swarm.log"; do
  kill -0 "$swarm_pid" 2>/dev/null || break
  sleep 0.2
done
hold_line=$(wc -l <"$work/controller.log")
hold_ticks=$(ticks "$ctl_pid"); hold_t=$(date +%s.%N); hold_s=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
wait "$swarm_pid" || true
swarm_pid=""
end_ticks=$(ticks "$ctl_pid"); end_t=$(date +%s.%N)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
hz=$(getconf CLK_TCK)

cat "$work/swarm.log"
echo "---"
tail -n +"$((hold_line + 1))" "$work/controller.log" >"$work/hold.log"
grep 'HeartbeatLog' "$work/controller.log" | tail -n 40 || true
echo "---"
suspects_hold=$(grep -c 'liveness: .* UP -> SUSPECT' "$work/hold.log" || true)
suspects_all=$(grep -c 'liveness: .* UP -> SUSPECT' "$work/controller.log" || true)
downs_hold=$(grep -c 'liveness: .* -> DOWN' "$work/hold.log" || true)
worst_p99=$(grep 'HeartbeatLog' "$work/hold.log" | sed -n 's/.* p99=\([0-9.]*\) ms.*/\1/p' | sort -g | tail -1)
worst_max=$(grep 'HeartbeatLog' "$work/hold.log" | sed -n 's/.* max=\([0-9.]*\) ms.*/\1/p' | sort -g | tail -1)
beats=$(grep 'HeartbeatLog' "$work/hold.log" | sed -n 's/.* n=\([0-9]*\) .*/\1/p' | paste -sd+ | bc)
rss_max=$(awk -v s="$hold_s" '$1 >= s && $2 > m {m = $2} END {print m + 0}' "$work/rss.log")
rss_end=$(tail -1 "$work/rss.log" | cut -d' ' -f2)
cpu=$(echo "scale=1; 100 * ($end_ticks - $hold_ticks) / $hz / ($end_t - $hold_t)" | bc)
sed -n 's/^SWARM //p' "$work/swarm.log" | sed 's/^/swarm /'
echo "controller heartbeat processing (frame decoded -> ack written), worst 10 s interval in the hold: p99=${worst_p99:-?} ms max=${worst_max:-?} ms over ${beats:-0} heartbeats"
echo "controller missed leases (UP -> SUSPECT) in the hold: ${suspects_hold}, since start: ${suspects_all}; DOWN in the hold: ${downs_hold}"
echo "controller RSS in the hold: max $((rss_max / 1024)) MiB, at end $((${rss_end:-0} / 1024)) MiB; CPU in the hold: ${cpu}% of one core"
echo "load average (1/5/15 min) at hold start: $load_start, at end: $load_end; $(nproc) cores"
echo "command: $command_line"
