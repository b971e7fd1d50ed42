#!/usr/bin/env bash
# Starts the node agent of one host of the multi-host lab: registers the lab guest image as "tiny" in
# that host's image store, then runs `fabric agent --settings /run/fabric-lab/hosts/HOST/agent.conf run`
# in the host's network namespace (it reaches the host's libvirtd through the socket in the settings'
# libvirt.uri). Waits for its first pass. Log: /run/fabric-lab/hosts/HOST/agent.log.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
[[ $# -ge 1 && $# -le 2 ]] || die "usage: host-agent-up.sh HOST [--managed|--stand-alone]   (HOST: ${HOSTS[*]})"
h=$1; host_check "$h"
r=$(host_run "$h")
# --managed: follow the lab's controller (agent-managed.conf); without a flag, the mode the host ran last.
case ${2:-} in
  --managed) conf=agent-managed.conf ;;
  --stand-alone) conf=agent.conf ;;
  "") conf=$(cat "$r/agent.mode" 2>/dev/null || echo agent.conf) ;;
  *) die "unknown option '$2'" ;;
esac
echo "$conf" > "$r/agent.mode"
[[ -f $r/agent.conf ]] && netns_exists "$(host_ns "$h")" || die "host $h is not up; run ./lab.sh hosts-up first"
"$here/host-agent-down.sh" "$h"
start=$(date +%s%N)
"$REPO_ROOT/fabric" image --store "$(host_var "$h")/fabric/images" add-kernel tiny "$LAB_IMAGE_DIR" >&2
: > "$r/agent.log"
# setsid: the agent outlives this script; host-agent-down.sh (or fail) stops it through the pid file.
setsid ip netns exec "$(host_ns "$h")" "$REPO_ROOT/fabric" agent --settings "$r/$conf" run >>"$r/agent.log" 2>&1 </dev/null &
echo $! > "$r/agent.pid"
for _ in $(seq 1 240); do
  if grep -q '^[^ ]* idle: ' "$r/agent.log"; then
    say "agent $h: running as pid $(cat "$r/agent.pid") in $(host_ns "$h") after $(ms_since "$start") ms; $(grep -m1 'agent running' "$r/agent.log" | cut -d' ' -f2-)"
    exit 0
  fi
  kill -0 "$(cat "$r/agent.pid")" 2>/dev/null || { cat "$r/agent.log" >&2; die "agent $h: it exited; its log is above"; }
  sleep 0.5
done
die "agent $h: no first pass within 120 s; see $r/agent.log"
