#!/usr/bin/env bash
# Benchmark: `fabric scan` against `nmap -p- -T4 -Pn -n`, all 65535 TCP ports of one address behind a
# firewall that DROPS everything except one listening port. Both run from namespace
# fabric-scan-bench-a against fabric-scan-bench-b (veth, 10.213.254.0/30), in the same run.
#
# Usage (root): bench/scan-bench.sh [REPETITIONS]     default 3
# Needs ip, nft, busybox; installs nmap with apt-get when it is missing.
set -euo pipefail

reps=${1:-3}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
A=fabric-scan-bench-a
B=fabric-scan-bench-b
TARGET=10.213.254.2
PORT=8080

cleanup() {
  for ns in "$A" "$B"; do
    if ip netns list | grep -qw "$ns"; then
      pids=$(ip netns pids "$ns" 2>/dev/null || true)
      [[ -n $pids ]] && kill $pids 2>/dev/null || true
      ip netns del "$ns" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ $(id -u) == 0 ]] || { echo "scan-bench: run as root (creates network namespaces)" >&2; exit 2; }
for tool in ip nft busybox; do
  command -v "$tool" >/dev/null || { echo "scan-bench: $tool is missing (apt-get install iproute2 nftables busybox-static)" >&2; exit 2; }
done
if ! command -v nmap >/dev/null; then
  apt-get install -y --no-install-recommends nmap >/dev/null
fi

cleanup # leftovers of an earlier run that was killed

# Build the command line once, outside the timed runs.
"$here/fabric" --version >/dev/null
jar="$here/cli/target/fabric.jar"

ip netns add "$A"
ip netns add "$B"
ip -n "$A" link add fsc-ba type veth peer name fsc-bb netns "$B"
ip -n "$A" addr add 10.213.254.1/30 dev fsc-ba
ip -n "$B" addr add "$TARGET/30" dev fsc-bb
for link in "$A fsc-ba" "$A lo" "$B fsc-bb" "$B lo"; do
  set -- $link
  ip -n "$1" link set "$2" up
done
ip netns exec "$B" nft -f - <<NFT
table inet fabric_scan_bench {
  chain input {
    type filter hook input priority 0; policy drop;
    iif lo accept
    tcp dport $PORT accept
  }
}
NFT
ip netns exec "$B" busybox nc -ll -p "$PORT" -e /bin/cat >/dev/null 2>&1 &
for _ in $(seq 100); do
  ip netns exec "$B" cat /proc/net/tcp /proc/net/tcp6 | grep -q ":$(printf %04X $PORT) .* 0A " && break
  sleep 0.05
done

now() { date +%s.%N; }
results=$(mktemp)
fabric_cmd=(ip netns exec "$A" java -jar "$jar" scan "$TARGET" --expect "$PORT")
nmap_cmd=(ip netns exec "$A" nmap -p- -T4 -Pn -n "$TARGET")

run_fabric() {
  local t0 t1 out
  t0=$(now)
  out=$("${fabric_cmd[@]}") || { echo "scan-bench: fabric scan failed:" >&2; echo "$out" >&2; exit 1; }
  t1=$(now)
  echo "fabric $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}') $(grep -c '/tcp open' <<<"$out") $(grep -o '[0-9]*/tcp open' <<<"$out" | cut -d/ -f1 | paste -sd,)" >>"$results"
  echo "  fabric scan: $(grep 'ports scanned' <<<"$out")" >&2
}
run_nmap() {
  local t0 t1 out
  t0=$(now)
  out=$("${nmap_cmd[@]}")
  t1=$(now)
  echo "nmap $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}') $(grep -Ec '^[0-9]+/tcp +open' <<<"$out") $(grep -Eo '^[0-9]+/tcp +open' <<<"$out" | cut -d/ -f1 | paste -sd,)" >>"$results"
  echo "  nmap: $(grep 'Nmap done' <<<"$out")" >&2
}

for i in $(seq "$reps"); do
  echo "repetition $i of $reps" >&2
  if (( i % 2 )); then run_fabric; run_nmap; else run_nmap; run_fabric; fi
done

echo
echo "All 65535 TCP ports of $TARGET (nft drops all but $PORT), from another namespace; $reps repetitions; $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-38s %10s %8s %8s  %s\n' tool "median s" "min s" "max s" "open ports found"
for tool in fabric nmap; do
  times=$(awk -v t=$tool '$1==t {print $2}' "$results" | sort -g)
  n=$(wc -l <<<"$times")
  median=$(awk -v n="$n" '{a[NR]=$1} END {print (n%2 ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2)}' <<<"$times")
  found=$(awk -v t=$tool '$1==t {print $4==""?"none":$4}' "$results" | sort -u | paste -sd' ')
  label=$([[ $tool == fabric ]] && echo "fabric scan (wall, incl. JVM start)" || echo "nmap -p- -T4 -Pn -n")
  printf '%-38s %10.2f %8.2f %8.2f  %s\n' "$label" "$median" "$(head -1 <<<"$times")" "$(tail -1 <<<"$times")" "$found"
done
echo
echo "reproduce: sudo $here/bench/scan-bench.sh $reps"
rm -f "$results"
