#!/usr/bin/env bash
# Starts virtlogd and libvirtd inside the fabric-lab namespace (no systemd here), after preparing
# what libvirtd needs without systemd (see LAB-NOTES), and waits until qemu:///system answers.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root
netns_exists "$LAB_NS" || die "namespace $LAB_NS is missing; run lab/scripts/net-up.sh first"

mkdir -p /var/log/libvirt/qemu /run/libvirt /var/lib/libvirt/qemu /var/cache/libvirt "$LAB_RUN"
# The QEMU driver resolves its compiled-in default user before it reads qemu.conf.
getent group kvm >/dev/null || groupadd --system kvm
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
getent passwd libvirt-qemu >/dev/null || useradd --system -g libvirt-qemu -G kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu

# Our settings as a marked block at the end of qemu.conf; the same keys elsewhere are commented
# out, because libvirt takes the first occurrence of a key.
conf=/etc/libvirt/qemu.conf
touch "$conf"
sed -i -E '/^# fabric-lab begin/,/^# fabric-lab end/d; s/^(user|group|dynamic_ownership|cgroup_controllers)[[:space:]]*=/#&/' "$conf"
cat >> "$conf" <<'CONF'
# fabric-lab begin (written by lab/scripts/daemons-up.sh)
user = "root"
group = "root"
dynamic_ownership = 0
cgroup_controllers = [ ]
# fabric-lab end
CONF

# A daemon from an earlier run must be gone: two libvirtds on one socket do not work.
"$(dirname "$0")/daemons-down.sh"
if "${LAB_VIRSH[@]}" version >/dev/null 2>&1; then
  die "daemons: a libvirtd the lab did not start answers on qemu:///system; stop it first (the lab needs its own, inside $LAB_NS)"
fi

ip netns exec "$LAB_NS" virtlogd -d -p "$VIRTLOGD_PID"
ip netns exec "$LAB_NS" libvirtd -d -p "$LIBVIRTD_PID"

for _ in $(seq 1 60); do
  if "${LAB_VIRSH[@]}" version >/dev/null 2>&1; then
    say "daemons: libvirtd $(cat "$LIBVIRTD_PID") and virtlogd $(cat "$VIRTLOGD_PID") running in $LAB_NS; $("${LAB_VIRSH[@]}" version | grep -i 'running hypervisor' | sed 's/.*: //')"
    exit 0
  fi
  sleep 0.5
done
die "daemons: libvirtd did not answer on qemu:///system within 30 s; see /var/log/libvirt/ and run libvirtd in the foreground: ip netns exec $LAB_NS libvirtd -v"
