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
# The pid file may be stale: only a process running `fabric ... agent ... run` is stopped.
stop_pidfile "$(host_run "$h")/agent.pid" "agent $h" 'agent .*run' 30
