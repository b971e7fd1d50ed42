#!/usr/bin/env bash
# The fabric demo (./lab.sh demo; decision 0680): a controller and three hosts, each a network
# namespace with its own libvirtd and a node agent managed by the controller. Deploys examples/webfarm
# through the controller's REST API (fabric deploy --wait), shows where each instance runs, scans every
# TCP port of every instance from the outside (fabric-ext) with Fabric's scanner, expecting exactly the
# declared ports, runs fabric verify through the controller (outside and each host's bridge), and asks
# a web instance whether it reaches the worker's internal endpoint on another host. Leaves everything running and prints the commands to watch a failover; ./lab.sh down removes it.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
cd "$REPO_ROOT"
"$here/build.sh"
"$here/hosts-up.sh"
"$here/ctl-up.sh"
for h in "${HOSTS[@]}"; do "$here/host-agent-up.sh" "$h" --managed; done
API=$(ctl_api)
for _ in $(seq 1 60); do [[ $(ctl_fabric hosts $API 2>/dev/null | grep -c ' up ') == 3 ]] && break; sleep 1; done
echo
ctl_fabric hosts $API

csdef=examples/webfarm/ServiceDefinition.csdef
cscfg=examples/webfarm/ServiceConfiguration.cscfg
echo
say "demo: ip netns exec $CTL_NS ./fabric deploy $csdef --config $cscfg $API --wait"
ctl_fabric deploy "$csdef" --config "$cscfg" $API --wait --timeout 300s
echo
ctl_fabric status $API

echo
say "demo: every TCP port of every instance, scanned from the outside ($EXT_NS): exactly the declared ones must answer"
result=0
while read -r _ instance host address _; do
  expect=8080; [[ $instance == *WorkerRole* ]] && expect=none   # the worker has an internal endpoint only
  printf '%s on %s (%s), expecting %s: ' "$instance" "$host" "$address" "$expect"
  if ip netns exec "$EXT_NS" "$REPO_ROOT/fabric" scan "$address" --expect "$expect" > "$CTL_RUN/scan.out" 2>&1; then
    echo "ok"
  else
    echo "DIFFERENT"; cat "$CTL_RUN/scan.out"; result=1
  fi
done < <(ctl_fabric status $API | awk 'NR > 1 { print $1, $2, $3, $4 }')

echo
say "demo: ip netns exec $CTL_NS ./fabric verify webfarm --from $EXT_NS $API  (the isolation report through the controller:"
say "      from the outside, and from a stranger's address on each host's instance bridge; decision 0690)"
if ctl_fabric verify webfarm --from "$EXT_NS" $API; then :; else echo "fabric verify: exit $?"; result=1; fi

web=$(ctl_fabric status $API | awk '$2 == "webfarm.WebRole.0" { print $4 }')
worker=$(ctl_fabric status $API | awk '$2 == "webfarm.WorkerRole.0" { print $3, $4 }')
echo
echo "WebRole.0 ($web) -> worker ${worker} internal endpoint 9000: $(ip netns exec "$EXT_NS" curl -s -m 10 "http://$web:8080/cgi-bin/connect?${worker#* }:9000")"
echo "WebRole.0 ($web) -> worker ${worker} undeclared port 3306:  $(ip netns exec "$EXT_NS" curl -s -m 10 "http://$web:8080/cgi-bin/connect?${worker#* }:3306")"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$CTL_RUN/controller.pid")/status")
echo "controller resident memory: $(( rss / 1024 )) MiB ($rss KiB)"
cat <<TXT

The fabric keeps running. Watch a failover:
  A="$API"
  ./lab.sh fail h2;       ip netns exec $CTL_NS ./fabric status \$A     # its instance moves to another host
  ./lab.sh power-on h2    # it comes back and removes its old copy
  ./lab.sh partition h3;  ./lab.sh heal h3                              # h3 fences itself; its instances move
Controller log: $CTL_RUN/controller.log; agent logs: $HOSTS_RUN/hN/agent.log
Tear it down with: ./lab.sh down   (the single-host demo: ./lab.sh demo-single)
TXT
exit "$result"
