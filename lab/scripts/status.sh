#!/usr/bin/env bash
# Shows what of the lab is running: namespaces, daemons, lab domains.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root
for ns in "$LAB_NS" "$OUT_NS"; do
  if netns_exists "$ns"; then echo "namespace $ns: present"; else echo "namespace $ns: absent"; fi
done
for f in "$LIBVIRTD_PID" "$VIRTLOGD_PID"; do
  pid=$(cat "$f" 2>/dev/null || true)
  if [[ -n $pid && -d /proc/$pid ]]; then echo "$(basename "$f" .pid): running ($pid)"; else echo "$(basename "$f" .pid): not running"; fi
done
if netns_exists "$LAB_NS" && timeout 10 "${LAB_VIRSH[@]}" version >/dev/null 2>&1; then
  timeout 10 "${LAB_VIRSH[@]}" list --all | grep " $LAB_DOMAIN_PREFIX" || echo "no lab domains"
fi
# The multi-host lab (decision 0640).
source "$(dirname "$0")/hosts-common.sh"
for ns in "$NET_NS" "$CTL_NS" "$EXT_NS"; do
  netns_exists "$ns" && echo "namespace $ns: present" || echo "namespace $ns: absent"
done
for h in "${HOSTS[@]}"; do
  netns_exists "$(host_ns "$h")" || { echo "host $h: absent"; continue; }
  line="host $h: namespace $(host_ns "$h")"
  for d in libvirtd virtlogd agent; do
    pid=$(cat "$(host_run "$h")/$d.pid" 2>/dev/null || true)
    if [[ -n $pid ]] && pid_alive "$pid"; then line+=", $d $pid"; else line+=", $d not running"; fi
  done
  ip netns exec "$(host_ns "$h")" nft list table inet fabric-lab-partition >/dev/null 2>&1 && line+=", PARTITIONED from the controller"
  echo "$line"
  if host_virsh "$h" version >/dev/null 2>&1; then host_virsh "$h" list --all | sed 's/^/  /'; fi
done
