#!/usr/bin/env bash
# Power loss of one host of the multi-host lab (./lab.sh fail HOST): SIGKILL, all at once, of every
# process of that host - its agent, libvirtd, virtlogd, every QEMU - found by its network namespace,
# its libvirtd's mount namespace and its files (hosts-common.sh host_pids), never by a name pattern
# that could match another host. The namespace, bridge and disks stay, as a powered-off machine's
# would; ./lab.sh power-on HOST boots it again.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
[[ $# -eq 1 ]] || die "usage: host-fail.sh HOST   (HOST: ${HOSTS[*]})"
h=$1; host_check "$h"
# A host without power answers nothing, not even an echo: its port on the switch goes down first (the
# peers' echo checks then fail as they would, 0660); power-on brings it up again.
ip -n "$NET_NS" link set "fn-${h}" down 2>/dev/null || true
pids=$(host_pids "$h")
[[ -n $pids ]] || { say "fail: $h has no process running (its link is down)"; exit 0; }
kill -9 $pids 2>/dev/null || true
gone() { for p in $pids; do pid_alive "$p" && return 1; done; [[ -z $(host_pids "$h") ]]; }
for _ in $(seq 1 50); do gone && break; sleep 0.1; done
left=$(host_pids "$h"; for p in $pids; do pid_alive "$p" && echo "$p"; done; true)
[[ -z $left ]] || die "fail: $h: processes still alive after SIGKILL: $left"
say "fail: $h lost power: killed $(for p in $pids; do printf '%s ' "$p"; done)"
