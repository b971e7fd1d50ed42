#!/usr/bin/env bash
# Cuts one host of the multi-host lab off (./lab.sh partition HOST [--controller-only]). By default
# its whole fabric link: every packet between the host (itself and its guests) and the controller or
# the other hosts (their addresses and instance subnets) is dropped, both ways, established connections
# included; the outside (fabric-ext) still reaches it, so one can watch it fence (decision 0660: a host
# cut from the controller AND the majority stops its instances; the controller moves them).
# --controller-only drops only the traffic with the controller's address: the host then still reaches
# its peers, keeps running, and the controller does not move its instances (the peers vouch for it).
# A table of its own, inet fabric-lab-partition; the agent's tables are never touched. ./lab.sh heal undoes it.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
[[ $# -ge 1 && $# -le 2 ]] || die "usage: host-partition.sh HOST [--controller-only]   (HOST: ${HOSTS[*]})"
h=$1; host_check "$h"
ns=$(host_ns "$h")
netns_exists "$ns" || die "host $h is not up (no namespace $ns); run ./lab.sh hosts-up first"
cut="$CTL_ADDR"
what="the controller $CTL_ADDR"
if [[ ${2:-} != --controller-only ]]; then
  [[ -z ${2:-} ]] || die "unknown option '$2'"
  for o in "${HOSTS[@]}"; do
    [[ $o == "$h" ]] || cut="$cut, $(host_addr "$o"), $(host_subnet "$o")"
  done
  what="the controller and the other hosts ($cut)"
fi
# Priority -300: before conntrack and every other filter, so nothing of the cut link gets through.
ip netns exec "$ns" nft -f - <<NFT
table inet fabric-lab-partition
delete table inet fabric-lab-partition
table inet fabric-lab-partition {
  set cut { type ipv4_addr; flags interval; elements = { $cut } }
  chain input   { type filter hook input priority -300; policy accept; ip saddr @cut drop; }
  chain output  { type filter hook output priority -300; policy accept; ip daddr @cut drop; }
  chain forward { type filter hook forward priority -300; policy accept; ip saddr @cut drop; ip daddr @cut drop; }
}
NFT
say "partition: $h ($(host_addr "$h")) and its guests cut off from $what"
