#!/usr/bin/env bash
# Starts the fabric controller of the multi-host lab in fabric-ctl (decision 0680): makes the lab's CA
# once (controller certificate for 10.214.0.2 and 127.0.0.1, one per host, operator admin), hands each
# host its credentials, writes the inventory (one host per fault domain), and runs `fabric controller
# run` with its ZooKeeper data under /var/lib/fabric-lab/ctl (kept across restarts). Waits until it
# listens. Log: /run/fabric-lab/ctl/controller.log. Needs ./lab.sh hosts-up first.
# Liveness settings (decision 0691): FABRIC_LAB_HEARTBEAT_MS, FABRIC_LAB_LEASE_MS, FABRIC_LAB_MARGIN_MS
# (defaults below); any other controller option in FABRIC_LAB_CTL_OPTS.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
netns_exists "$CTL_NS" || die "no namespace $CTL_NS; run ./lab.sh hosts-up first"
"$here/ctl-down.sh"
mkdir -p "$CTL_RUN" "$CTL_VAR"
if [[ ! -f $LAB_PKI/ca.crt ]]; then
  "$REPO_ROOT/fabric" ca --dir "$LAB_PKI" init --name "fabric lab" >&2
  "$REPO_ROOT/fabric" ca --dir "$LAB_PKI" issue --controller --address "$CTL_ADDR,127.0.0.1" >&2
  "$REPO_ROOT/fabric" ca --dir "$LAB_PKI" issue --operator admin >&2
fi
for h in "${HOSTS[@]}"; do
  [[ -f $LAB_PKI/hosts/$h.crt ]] || "$REPO_ROOT/fabric" ca --dir "$LAB_PKI" issue --host "$h" >&2
  p=$(host_pki "$h")
  mkdir -p "$p/hosts"
  install -m 0644 "$LAB_PKI/ca.crt" "$p/ca.crt"
  install -m 0644 "$LAB_PKI/hosts/$h.crt" "$p/hosts/$h.crt"
  install -m 0600 "$LAB_PKI/hosts/$h.key" "$p/hosts/$h.key"
done
{
  echo '<Datacenter name="lab">'
  for h in "${HOSTS[@]}"; do
    echo "  <FaultDomain name=\"rack-$(host_n "$h")\"><Host name=\"$h\" address=\"$(host_addr "$h")\" instanceSubnet=\"$(host_subnet "$h")\"/></FaultDomain>"
  done
  echo '</Datacenter>'
} > "$CTL_RUN/datacenter.xml"
start=$(date +%s%N)
# The log is kept across restarts (it tells what happened before); only lines after this mark count here.
touch "$CTL_RUN/controller.log"
mark=$(( $(wc -l < "$CTL_RUN/controller.log") + 1 ))
setsid ip netns exec "$CTL_NS" "$REPO_ROOT/fabric" controller run --datacenter "$CTL_RUN/datacenter.xml" --pki "$LAB_PKI" \
  --data "$CTL_VAR" --agent-listen "$CTL_ADDR:$CTL_AGENT_PORT" --api-listen "0.0.0.0:$CTL_API_PORT" \
  --heartbeat-ms "${FABRIC_LAB_HEARTBEAT_MS:-1000}" --lease-ms "${FABRIC_LAB_LEASE_MS:-3000}" \
  --fence-margin-ms "${FABRIC_LAB_MARGIN_MS:-1000}" ${FABRIC_LAB_CTL_OPTS:-} >>"$CTL_RUN/controller.log" 2>&1 </dev/null &
echo $! > "$CTL_RUN/controller.pid"
for _ in $(seq 1 120); do
  if tail -n "+$mark" "$CTL_RUN/controller.log" | grep -q 'controller running:'; then
    say "controller: running as pid $(cat "$CTL_RUN/controller.pid") in $CTL_NS after $(ms_since "$start") ms (agents $CTL_ADDR:$CTL_AGENT_PORT, API :$CTL_API_PORT)"
    exit 0
  fi
  kill -0 "$(cat "$CTL_RUN/controller.pid")" 2>/dev/null || { cat "$CTL_RUN/controller.log" >&2; die "controller: it exited; its log is above"; }
  sleep 0.5
done
die "controller: not running within 60 s; see $CTL_RUN/controller.log"
