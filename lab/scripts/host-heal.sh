#!/usr/bin/env bash
# Restores one host's link to the controller (./lab.sh heal HOST): removes the table
# inet fabric-lab-partition that host-partition.sh made in the host's namespace. Idempotent.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
source "$here/hosts-common.sh"
need_root
[[ $# -eq 1 ]] || die "usage: host-heal.sh HOST   (HOST: ${HOSTS[*]})"
h=$1; host_check "$h"
ns=$(host_ns "$h")
netns_exists "$ns" || die "host $h is not up (no namespace $ns); run ./lab.sh hosts-up first"
if ip netns exec "$ns" nft list table inet fabric-lab-partition >/dev/null 2>&1; then
  ip netns exec "$ns" nft delete table inet fabric-lab-partition
  say "heal: $h reaches the controller $CTL_ADDR again"
else
  say "heal: $h was not partitioned"
fi
