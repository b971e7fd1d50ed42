#!/usr/bin/env bash
# Starts virtlogd and libvirtd of one host of the multi-host lab in the host's network namespace and
# in a mount namespace of their own, where per-host directories are bound over libvirt's fixed paths
# (hosts-common.sh host_binds: /run/libvirt, /var/lib/libvirt, /etc/libvirt/qemu, qemu.conf, ...).
# Waits until the daemon answers on its socket, qemu:///system?socket=/run/fabric-lab/hosts/HOST/libvirt/libvirt-sock.
# Also "power on" after ./lab.sh fail: /run of a machine does not survive a power loss, so the host's
# runtime directory is emptied first; its disks (/var/lib/fabric-lab/hosts/HOST) are kept.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
[[ $# -eq 1 ]] || die "usage: host-daemons-up.sh HOST   (HOST: ${HOSTS[*]})"
h=$1; host_check "$h"
ip -n "$NET_NS" link set "fn-${h}" up 2>/dev/null || true   # power back on: its port on the switch (host-fail.sh took it down)
ns=$(host_ns "$h"); r=$(host_run "$h"); v=$(host_var "$h")
netns_exists "$ns" || die "host $h has no namespace $ns; run ./lab.sh hosts-up"
[[ -z $(host_pids "$h") ]] || die "host $h still runs processes ($(host_pids "$h" | tr '\n' ' ')); ./lab.sh fail $h or hosts-down first"
start=$(date +%s%N)
rm -rf "$r/libvirt" "$r/lock" "$r"/*.pid
mkdir -p "$r" "$v/fabric"
while read -r src dst; do
  [[ $dst == /etc/libvirt/qemu.conf ]] && continue
  mkdir -p "$src" "$dst"
done < <(host_binds "$h")
mkdir -p "$v/libvirt/log/qemu" "$v/libvirt/lib/qemu"
# This host's own qemu.conf, bound over /etc/libvirt/qemu.conf in its mount namespace only.
cat > "$r/qemu.conf" <<'CONF'
# written by lab/scripts/host-daemons-up.sh for one host of the multi-host lab
user = "root"
group = "root"
dynamic_ownership = 0
cgroup_controllers = [ ]
CONF
binds=$(host_binds "$h" | while read -r src dst; do printf 'mount --bind %q %q && ' "$src" "$dst"; done)
# unshare: a new mount namespace whose mounts propagate nowhere; it lives as long as a process in it
# does (virtlogd, libvirtd, their QEMUs), so nothing needs unmounting in the caller's namespace.
ip netns exec "$ns" unshare --mount --propagation private -- /bin/sh -ec \
  "${binds} virtlogd -d -p $r/virtlogd.pid && libvirtd -d -p $r/libvirtd.pid"
for _ in $(seq 1 120); do
  if host_virsh "$h" version >/dev/null 2>&1; then
    say "daemons $h: libvirtd $(cat "$r/libvirtd.pid"), virtlogd $(cat "$r/virtlogd.pid") in $ns, answering after $(ms_since "$start") ms on $(host_uri "$h")"
    exit 0
  fi
  sleep 0.5
done
die "daemons $h: libvirtd did not answer on $(host_uri "$h") within 60 s; see $v/libvirt/log/"
