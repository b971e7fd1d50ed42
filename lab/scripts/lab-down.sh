#!/usr/bin/env bash
# Tears the whole lab down: the lab agent and its state (deployments, volumes), the domains, the
# daemons, every process left in the lab's namespaces, the namespaces (and with them the bridge, taps
# and veths). Idempotent; copes with
# leftovers of a crashed run (stale pid files, orphaned QEMU processes, half-made namespaces).
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root

# The agent first: it would start the domains again.
"$(dirname "$0")/agent-down.sh"

# Domains next, while libvirtd still answers, so that their definitions go too.
if netns_exists "$LAB_NS" && timeout 10 "${LAB_VIRSH[@]}" version >/dev/null 2>&1; then
  for dom in $(timeout 10 "${LAB_VIRSH[@]}" list --all --name | grep "^$LAB_DOMAIN_PREFIX" || true); do
    timeout 20 "${LAB_VIRSH[@]}" destroy "$dom" >/dev/null 2>&1 || true
    timeout 20 "${LAB_VIRSH[@]}" undefine "$dom" >/dev/null 2>&1 || true
    say "down: removed domain $dom"
  done
fi
"$(dirname "$0")/daemons-down.sh"

# Definitions of lab domains whose daemon died with them.
rm -f /etc/libvirt/qemu/"$LAB_DOMAIN_PREFIX"*.xml

# Whatever still runs in our namespaces is ours (QEMU of a crashed run, a stray scan).
for ns in "$LAB_NS" "$OUT_NS"; do
  netns_exists "$ns" || continue
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  if [[ -n $pids ]]; then
    say "down: stopping processes left in $ns: $(echo $pids)"
    kill $pids 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -z $(ip netns pids "$ns" 2>/dev/null) ]] && break; sleep 0.1; done
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [[ -n $pids ]] && kill -9 $pids 2>/dev/null || true
  fi
  ip netns del "$ns"
  say "down: removed namespace $ns"
done
rm -f /run/libvirt/qemu/"$LAB_DOMAIN_PREFIX"*
# The lab agent's deployments, instance volumes and config drives (they hold the roles' settings);
# the image store stays (registering the same image again is cheap and changes nothing).
rm -rf "$FABRIC_STATE/agent"; rm -f "$FABRIC_STATE/instances/"*
rm -rf "$LAB_WORK/seeds"   # config drives of the lab before the agent drove it
say "down: lab is down"
