#!/usr/bin/env bash
# Stops the node agent of one host of the multi-host lab (SIGTERM: its guests keep running; SIGKILL
# after 30 s). Idempotent.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
[[ $# -eq 1 ]] || die "usage: host-agent-down.sh HOST   (HOST: ${HOSTS[*]})"
h=$1; host_check "$h"
f=$(host_run "$h")/agent.pid
[[ -f $f ]] || exit 0
pid=$(cat "$f")
# The pid file may be stale: only a process running `fabric ... agent ... run` is stopped.
if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'agent .*run'; then
  pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    pkill -KILL -P "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true
    say "agent $h: pid $pid did not stop within 30 s; killed"
  else
    say "agent $h: stopped pid $pid"
  fi
fi
rm -f "$f"
