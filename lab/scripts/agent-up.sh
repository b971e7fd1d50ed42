#!/usr/bin/env bash
# Registers the lab guest image as "tiny" in Fabric's image store and starts the node agent
# (`fabric agent run`, default settings = the lab's) inside fabric-lab, where the instance bridge and
# the firewall are. Waits until the agent has finished its first pass. Log: /run/fabric-lab/agent.log.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root
netns_exists "$LAB_NS" || die "namespace $LAB_NS is missing; run ./lab.sh up first"
"$(dirname "$0")/agent-down.sh"

"$REPO_ROOT/fabric" image add-kernel tiny "$LAB_IMAGE_DIR" >&2
mkdir -p "$LAB_RUN"
: > "$AGENT_LOG"
# setsid: the agent outlives this script and the demo; lab-down.sh stops it through the pid file.
setsid ip netns exec "$LAB_NS" "$REPO_ROOT/fabric" agent run >>"$AGENT_LOG" 2>&1 </dev/null &
echo $! > "$AGENT_PID"
for _ in $(seq 1 240); do
  if grep -q '^[^ ]* idle: ' "$AGENT_LOG"; then
    say "agent: running as pid $(cat "$AGENT_PID") in $LAB_NS; $(grep -m1 'agent running' "$AGENT_LOG" | cut -d' ' -f2-)"
    exit 0
  fi
  kill -0 "$(cat "$AGENT_PID")" 2>/dev/null || { cat "$AGENT_LOG" >&2; die "agent: it exited; its log is above"; }
  sleep 0.5
done
die "agent: no first pass within 120 s; see $AGENT_LOG"
