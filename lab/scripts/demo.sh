#!/usr/bin/env bash
# The web farm demo on a lab that is up (./lab.sh up): boots the guests of examples/webfarm, applies
# Fabric's firewall in fabric-lab and prints the isolation report as seen from fabric-outside.
# Leaves everything running; ./lab.sh down removes it.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root
cd "$REPO_ROOT"
"$(dirname "$0")/build.sh"
[[ -f lab/target/classpath.txt ]] || die "demo: lab/target/classpath.txt is missing; the build did not finish"
exec java -Dfabric.lab.virt="${FABRIC_LAB_VIRT:-qemu}" -cp "lab/target/classes:$(cat lab/target/classpath.txt)" dev.fabric.lab.demo.WebFarmDemo \
  examples/webfarm/ServiceDefinition.csdef examples/webfarm/ServiceConfiguration.cscfg
