#!/usr/bin/env bash
# Stops the multi-host lab's controller (SIGTERM, then SIGKILL after 10 s). Its data stays in
# /var/lib/fabric-lab/ctl, so ctl-up.sh starts it again with every deployment; agents and guests keep running.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
pid=$(cat "$CTL_RUN/controller.pid" 2>/dev/null || true)
if [[ -n $pid ]] && pid_alive "$pid"; then
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do pid_alive "$pid" || break; sleep 0.1; done
  pid_alive "$pid" && kill -9 "$pid" 2>/dev/null || true
  say "controller: stopped (pid $pid)"
fi
# a controller whose pid file is gone: found by its data directory on the command line
for f in $(grep -laF "$CTL_VAR" /proc/[0-9]*/cmdline 2>/dev/null || true); do
  p=${f#/proc/}; p=${p%/cmdline}
  [[ $(cat "/proc/$p/comm" 2>/dev/null || true) == java ]] && kill -9 "$p" 2>/dev/null || true
done
rm -f "$CTL_RUN/controller.pid"
