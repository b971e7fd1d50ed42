#!/usr/bin/env bash
# Creates the lab network (LAB NETWORK contract): namespace fabric-lab with bridge fabbr0
# 10.213.0.1/24 and forwarding on, namespace fabric-outside joined to it by veth fab-out/fab-in
# (10.213.255.1/30 - 10.213.255.2/30) with its default route via fabric-lab. Nothing else on the
# machine is touched: no link or route leaves these two namespaces.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root

for ns in "$LAB_NS" "$OUT_NS"; do
  netns_exists "$ns" && die "namespace $ns exists already; run ./lab.sh down first"
done

ip netns add "$LAB_NS"
ip netns add "$OUT_NS"
ip -n "$LAB_NS" link set lo up
ip -n "$OUT_NS" link set lo up

ip -n "$LAB_NS" link add "$LAB_BRIDGE" type bridge
ip -n "$LAB_NS" addr add "$LAB_BRIDGE_ADDR" dev "$LAB_BRIDGE"
ip -n "$LAB_NS" link set "$LAB_BRIDGE" up

# Created inside fabric-lab, then one end moved: the pair never appears in the caller's namespace.
ip -n "$LAB_NS" link add "$LAB_OUT_VETH" type veth peer name "$OUT_IN_VETH" netns "$OUT_NS"
ip -n "$LAB_NS" addr add "$LAB_OUT_ADDR" dev "$LAB_OUT_VETH"
ip -n "$LAB_NS" link set "$LAB_OUT_VETH" up
ip -n "$OUT_NS" addr add "$OUT_IN_ADDR" dev "$OUT_IN_VETH"
ip -n "$OUT_NS" link set "$OUT_IN_VETH" up
ip -n "$OUT_NS" route add default via "$OUT_GW"

ip netns exec "$LAB_NS" sysctl -q -w net.ipv4.ip_forward=1
say "network: $LAB_NS ($LAB_BRIDGE ${LAB_BRIDGE_ADDR}, $LAB_OUT_VETH ${LAB_OUT_ADDR}) <-> $OUT_NS ($OUT_IN_VETH ${OUT_IN_ADDR})"
