#!/usr/bin/env bash
# Firewall apply benchmark: Fabric's ruleset for N instances x 3 ports and a one-instance port change,
# through libnftables (JNA), an `nft -f` process, iptables-nft-restore and iptables-legacy-restore.
# Runs inside a throwaway network namespace (fabric-fw-bench), deleted afterwards, also on failure.
# Usage: bench/firewall-bench.sh [extra JMH options, e.g. -p instances=1000 -i 5]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
ns=fabric-fw-bench
out="$(mktemp -d /tmp/fabric-fw-bench.XXXXXX)"
cleanup() { ip netns del "$ns" 2>/dev/null || true; [[ -n ${KEEP:-} ]] || rm -rf "$out"; }
trap cleanup EXIT
[[ $(id -u) -eq 0 ]] || { echo "firewall-bench: needs root (network namespaces, netfilter)" >&2; exit 2; }

echo "building bench/target/benchmarks.jar ..." >&2
mvn -q -o -Pbench -pl native,firewall-rules,bench -am package -DskipTests >&2 2>/dev/null \
  || mvn -q -Pbench -pl native,firewall-rules,bench -am package -DskipTests >&2

ip netns del "$ns" 2>/dev/null || true   # leftover of an interrupted run
ip netns add "$ns"
ip -n "$ns" link set lo up

legacy=()
if ! ip netns exec "$ns" iptables-legacy -L -n >/dev/null 2>&1; then
  echo "iptables-legacy unusable here; skipping its rows" >&2
  legacy=(-e iptablesLegacy)
fi

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
ip netns exec "$ns" java -jar bench/target/benchmarks.jar FirewallApplyBenchmark "${legacy[@]}" \
  -rf json -rff "$out/result.json" "$@" >"$out/jmh.log" 2>&1 || { tail -50 "$out/jmh.log" >&2; exit 1; }

python3 - "$out/result.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print(f"{'benchmark':42} {'N':>5} {'layout':>10} {'median ms':>10} {'p90 ms':>8} {'samples':>8}")
for r in rows:
    m = r["primaryMetric"]
    p = m["scorePercentiles"]
    n = r.get("params", {}).get("instances", "?")
    count = sum(pair[1] for fork in m.get("rawDataHistogram", []) for it in fork for pair in it)
    lay = r.get("params", {}).get("layout", "?")
    print(f"{r['benchmark'].split('.')[-1]:42} {n:>5} {lay:>10} {p['50.0']:>10.2f} {p['90.0']:>8.2f} {count:>8}")
PY
echo
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(uname -r), $(nft --version)"
echo "load average before: $load_before  after: $(cut -d' ' -f1-3 /proc/loadavg)  (other work on the machine inflates every row alike)"
echo "reproduce: bench/firewall-bench.sh $*"
