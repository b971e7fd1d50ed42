#!/usr/bin/env bash
# Stops the multi-host lab's controller (SIGTERM, then SIGKILL after 10 s). Its data stays in
# /var/lib/fabric-lab/ctl, so ctl-up.sh starts it again with every deployment; agents and guests keep running.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
# The pid file may be stale: only a process running `fabric controller run` is stopped.
stop_pidfile "$CTL_RUN/controller.pid" controller 'controller run' 10
# a controller whose pid file is gone: found by its data directory on the command line
for f in $(grep -laF "$CTL_VAR" /proc/[0-9]*/cmdline 2>/dev/null || true); do
  p=${f#/proc/}; p=${p%/cmdline}
  [[ $(cat "/proc/$p/comm" 2>/dev/null || true) == java ]] && kill -9 "$p" 2>/dev/null || true
done
