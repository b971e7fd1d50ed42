#!/usr/bin/env bash
# The single-host lab demo on a lab that is up (./lab.sh up): starts Fabric's node agent in
# fabric-lab, deploys examples/webfarm with `fabric agent apply` (real QEMU guests that listen on
# their declared ports and on undeclared ones), then checks isolation from fabric-outside with
# Fabric's scanner and with nmap and prints declared versus reachable ports per instance.
# Leaves everything running; ./lab.sh down removes it.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root
cd "$REPO_ROOT"
"$(dirname "$0")/build.sh"
"$(dirname "$0")/agent-up.sh"

csdef=examples/webfarm/ServiceDefinition.csdef
cscfg=examples/webfarm/ServiceConfiguration.cscfg
say "demo: ip netns exec $LAB_NS ./fabric agent apply $csdef --config $cscfg"
start=$(date +%s%N)
lab_fabric agent apply "$csdef" --config "$cscfg"
apply_ms=$(( ($(date +%s%N) - start) / 1000000 ))

echo
lab_fabric agent status
mapfile -t addresses < <("$REPO_ROOT/fabric" agent status --json | sed -n 's/.*"address" *: *"\([0-9.]*\)".*/\1/p')
[[ ${#addresses[@]} -gt 0 ]] || die "demo: fabric agent status lists no instance addresses"

echo
say "demo: isolation report: every TCP port of every instance, scanned from $OUT_NS"
lab_fabric verify --from "$OUT_NS" && verify=0 || verify=$?

echo
say "demo: second opinion: nmap -p- -T4 -Pn -n ${addresses[*]} from $OUT_NS (takes about 90 s)"
ip netns exec "$OUT_NS" nmap -p- -T4 -Pn -n "${addresses[@]}" | grep -E '^(Nmap scan report|[0-9]+/tcp)' || true

echo
body=$(ip netns exec "$OUT_NS" curl -sS --max-time 5 "http://10.213.255.1:80/" || true)
echo "public port 80 on the host address 10.213.255.1, from $OUT_NS: ${body:-no answer}"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$AGENT_PID")/status")
echo "fabric agent apply -> all instances serving: $(( apply_ms / 1000 )).$(( apply_ms % 1000 / 100 )) s; agent resident memory: $(( rss / 1024 )) MiB ($rss KiB)"
echo
echo "The lab keeps running. Look at it with:  ./fabric agent status   (agent log: $AGENT_LOG)"
echo "Tear it down with:                        ./lab.sh down"
exit "$verify"
