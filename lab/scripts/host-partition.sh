#!/usr/bin/env bash
# Cuts one host of the multi-host lab off from the controller (./lab.sh partition HOST): a table of
# its own, inet fabric-lab-partition, in the host's network namespace drops every packet between the
# host (itself and its guests) and the controller's address, in both directions, established
# connections included. The other hosts and the outside stay reachable. The agent's own tables
# (inet fabric, bridge fabric) are never touched. Idempotent; ./lab.sh heal HOST undoes it.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
[[ $# -eq 1 ]] || die "usage: host-partition.sh HOST   (HOST: ${HOSTS[*]})"
h=$1; host_check "$h"
ns=$(host_ns "$h")
netns_exists "$ns" || die "host $h is not up (no namespace $ns); run ./lab.sh hosts-up first"
# Priority -300: before conntrack and every other filter, so nothing of the cut link gets through.
ip netns exec "$ns" nft -f - <<NFT
table inet fabric-lab-partition
delete table inet fabric-lab-partition
table inet fabric-lab-partition {
  chain input   { type filter hook input priority -300; policy accept; ip saddr $CTL_ADDR drop; }
  chain output  { type filter hook output priority -300; policy accept; ip daddr $CTL_ADDR drop; }
  chain forward { type filter hook forward priority -300; policy accept; ip saddr $CTL_ADDR drop; ip daddr $CTL_ADDR drop; }
}
NFT
say "partition: $h ($(host_addr "$h")) and its guests cut off from the controller $CTL_ADDR"
