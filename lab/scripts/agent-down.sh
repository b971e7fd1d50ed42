#!/usr/bin/env bash
# Stops the lab's node agent (SIGTERM: guests keep running; then SIGKILL after 30 s). Idempotent.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root
# Our pid file may be stale: only a process of ours running `fabric ... agent run` is stopped.
stop_pidfile "$AGENT_PID" agent 'agent run' 30
