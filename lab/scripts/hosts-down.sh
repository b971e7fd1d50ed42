#!/usr/bin/env bash
# Tears the multi-host lab down (decision 0640): each host's agent (SIGTERM, so it exits cleanly),
# then every other process of the host (QEMU, libvirtd, virtlogd: their mount namespaces die with
# them), the namespaces fabric-h1..h3, fabric-ctl, fabric-ext, fabric-net (and with them every
# bridge, veth and tap), any mount left under the lab's directories, and the hosts' state
# (/run/fabric-lab/hosts, /var/lib/fabric-lab/hosts: domain definitions, volumes, agent state).
# Idempotent; copes with leftovers of a crash or of ./lab.sh fail. Never touches fabric-lab or
# fabric-outside.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
"$here/ctl-down.sh"

for h in "${HOSTS[@]}"; do
  "$here/host-agent-down.sh" "$h"
  # The rest is wiped below, so no need for a clean shutdown: SIGKILL, like host-fail.sh.
  [[ -z $(host_pids "$h") ]] || "$here/host-fail.sh" "$h"
done
for ns in "$CTL_NS" "$EXT_NS" "$NET_NS"; do
  netns_exists "$ns" || continue
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  [[ -z $pids ]] || kill_pids "down: $ns" $pids
done
for ns in "${HOSTS[@]/#/fabric-}" "$CTL_NS" "$EXT_NS" "$NET_NS"; do
  netns_exists "$ns" || continue
  ip netns del "$ns"
  say "down: removed namespace $ns"
done
# Mounts in the caller's namespace under our directories (none are made there; a crashed or manual
# run might have left some): deepest first.
for m in $(awk -v a="$HOSTS_RUN" -v b="$HOSTS_VAR" 'index($5, a"/") == 1 || index($5, b"/") == 1 || $5 == a || $5 == b { print $5 }' /proc/self/mountinfo | sort -r); do
  umount -l "$m" && say "down: unmounted $m"
done
if [[ -d $HOSTS_RUN || -d $HOSTS_VAR || -d $CTL_RUN || -d $CTL_VAR || -d $LAB_PKI ]]; then
  rm -rf "$HOSTS_RUN" "$HOSTS_VAR" "$CTL_RUN" "$CTL_VAR" "$LAB_PKI"
  say "down: removed $HOSTS_RUN, $HOSTS_VAR and the controller's $CTL_RUN, $CTL_VAR, $LAB_PKI"
fi
rmdir --ignore-fail-on-non-empty "$(dirname "$HOSTS_VAR")" 2>/dev/null || true   # /var/lib/fabric-lab, when only we used it
say "down: multi-host lab is down"
