#!/usr/bin/env bash
# Sets up the multi-host lab (decision 0640): the fabric network (namespace fabric-net, a bridge as
# the switch) joining the controller's namespace fabric-ctl, the outside fabric-ext and three hosts
# fabric-h1..h3; each host with its instance bridge, forwarding, routes to the other hosts' instance
# subnets, and its own libvirtd + virtlogd in its own mount namespace (private /run/libvirt,
# /var/lib/libvirt, /etc/libvirt/qemu, ...). Writes each host's agent settings file. No agent and no
# guest is started (lab/scripts/host-agent-up.sh HOST does that). Tears down leftovers of an earlier
# run first, so running it twice gives the same lab. Never touches fabric-lab or fabric-outside.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
start=$(date +%s%N)

"$here/hosts-down.sh"

# The QEMU driver resolves its compiled-in default user before it reads qemu.conf (LAB-NOTES).
getent group kvm >/dev/null || groupadd --system kvm
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
getent passwd libvirt-qemu >/dev/null || useradd --system -g libvirt-qemu -G kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu

# --- the fabric network: a bridge in fabric-net with one veth pair per member ---------------------
ip netns add "$NET_NS"
ip -n "$NET_NS" link set lo up
ip -n "$NET_NS" link add "$NET_BRIDGE" type bridge
ip -n "$NET_NS" link set "$NET_BRIDGE" up
join_fabric_net() { # NAMESPACE ADDRESS: a new namespace with link fabnet on the switch
  local ns=$1 addr=$2 port="fn-${1#fabric-}"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  # Created inside fabric-net, one end moved: the pair never appears in the caller's namespace.
  ip -n "$NET_NS" link add "$port" type veth peer name "$FABNET_IF" netns "$ns"
  ip -n "$NET_NS" link set "$port" master "$NET_BRIDGE" up
  ip -n "$ns" addr add "$addr/$FABNET_PREFIX" dev "$FABNET_IF"
  ip -n "$ns" link set "$FABNET_IF" up
}
join_fabric_net "$CTL_NS" "$CTL_ADDR"
join_fabric_net "$EXT_NS" "$EXT_ADDR"
for h in "${HOSTS[@]}"; do
  ns=$(host_ns "$h")
  join_fabric_net "$ns" "$(host_addr "$h")"
  ip -n "$ns" link add "$HOST_BRIDGE" type bridge
  ip -n "$ns" addr add "$(host_gw "$h")/24" dev "$HOST_BRIDGE"
  ip -n "$ns" link set "$HOST_BRIDGE" up
  ip netns exec "$ns" sysctl -q -w net.ipv4.ip_forward=1
  # The outside and the controller reach each host's instances through that host.
  ip -n "$EXT_NS" route add "$(host_subnet "$h")" via "$(host_addr "$h")"
  ip -n "$CTL_NS" route add "$(host_subnet "$h")" via "$(host_addr "$h")"
  # Cross-host routes between instance subnets; later the controller distributes them (issue 4).
  for o in "${HOSTS[@]}"; do
    [[ $o == "$h" ]] || ip -n "$ns" route add "$(host_subnet "$o")" via "$(host_addr "$o")"
  done
done
say "hosts: network $NET_NS ($NET_BRIDGE): $CTL_NS $CTL_ADDR, $EXT_NS $EXT_ADDR, $(for h in "${HOSTS[@]}"; do printf '%s %s (%s) ' "$(host_ns "$h")" "$(host_addr "$h")" "$(host_subnet "$h")"; done)"

# --- one libvirtd + virtlogd per host, each in its own mount namespace (started side by side) -----
pids=()
for h in "${HOSTS[@]}"; do "$here/host-daemons-up.sh" "$h" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p" || die "hosts: a host's daemons did not start (see above)"; done
for h in "${HOSTS[@]}"; do
  r=$(host_run "$h"); v=$(host_var "$h")
  cat > "$r/agent.conf" <<CONF
# The node agent of $h in the multi-host lab (written by lab/scripts/hosts-up.sh; decision 0640).
libvirt.uri = $(host_uri "$h")
instance.subnet = $(host_subnet "$h")
instance.bridge = $HOST_BRIDGE
host.external-address = $(host_addr "$h")
image.store = $v/fabric/images
pool.name = fabric
pool.path = $v/fabric/instances
state.dir = $v/fabric/agent
CONF
  # The same host run by the lab's controller (ctl-up.sh hands it its credentials; decision 0680).
  { cat "$r/agent.conf"
    echo "controller.address = $CTL_ADDR:$CTL_AGENT_PORT"
    echo "host.name = $h"
    echo "pki.dir = $(host_pki "$h")"; } > "$r/agent-managed.conf"
  say "hosts: $h: agent settings $r/agent.conf"
done
say "hosts: up in $(ms_since "$start") ms"
