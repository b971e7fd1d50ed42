#!/usr/bin/env bash
# Stops the lab's node agent (SIGTERM: guests keep running; then SIGKILL after 30 s). Idempotent.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root
[[ -f $AGENT_PID ]] || exit 0
pid=$(cat "$AGENT_PID")
# Our pid file may be stale: only a process of ours running `fabric ... agent run` is stopped.
if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'agent run'; then
  pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    pkill -KILL -P "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true
    say "agent: pid $pid did not stop within 30 s; killed"
  else
    say "agent: stopped pid $pid"
  fi
fi
rm -f "$AGENT_PID"
