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
