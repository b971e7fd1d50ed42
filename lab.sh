#!/usr/bin/env bash
# The real lab on this machine: libvirtd + QEMU guests in network namespaces. Run as root.
set -euo pipefail
cd "$(dirname "$0")"
scripts=lab/scripts

usage() {
  cat <<'TXT'
Usage: ./lab.sh COMMAND   (as root, Debian 12; installs what it needs)

  test    install missing packages, build the guest image, set the lab up, run every test
          (mvn -B verify -Dfabric.lab=ready over all modules, including the real end-to-end
          test of examples/webfarm), tear the lab down (also on failure); exits with the tests' status
  demo    install, build, set the lab up, start the node agent (fabric agent run) in fabric-lab,
          deploy examples/webfarm with fabric agent apply on real QEMU guests, print the isolation
          report (fabric verify: declared vs reachable ports from fabric-outside and from the bridge)
          and nmap's view, and leave everything running (./fabric agent status); ./lab.sh down removes it
  down    tear everything down: the agent and its deployments, lab domains, libvirtd/virtlogd, namespaces fabric-lab and
          fabric-outside with their bridge and links; idempotent, copes with leftovers of a crash
  up      install, build the image, set up namespaces and daemons (no guests); ./lab.sh down undoes it
  image   build (or reuse) the guest image in lab/work/image
  deps    install the missing Debian packages only
  status  show namespaces, daemons and lab domains
  help    this text

Environment: FABRIC_LAB_VIRT=qemu (default, TCG software emulation) or kvm (needs /dev/kvm).

Lab network: fabric-lab (libvirtd, bridge fabbr0 10.213.0.1/24, fab-out 10.213.255.1/30) and
fabric-outside (fab-in 10.213.255.2/30, default route via 10.213.255.1). Nothing else is touched.
TXT
}

lab_up() {
  "$scripts/install-deps.sh"
  "$scripts/build-image.sh"
  "$scripts/lab-down.sh"          # leftovers of an earlier or crashed run
  "$scripts/net-up.sh"
  "$scripts/daemons-up.sh"
}

export FABRIC_LAB_VIRT=${FABRIC_LAB_VIRT:-qemu}
cmd=${1:-help}
case "$cmd" in
  test)
    start=$(date +%s)
    trap '"$scripts/lab-down.sh" || true' EXIT   # also when setup or the tests fail
    lab_up
    status=0
    mvn -B verify -Dfabric.lab=ready -Dfabric.lab.virt="$FABRIC_LAB_VIRT" || status=$?
    echo "lab: test: mvn verify exited with $status after $(( $(date +%s) - start )) s (including setup)" >&2
    exit "$status"
    ;;
  demo)
    lab_up
    "$scripts/demo.sh"
    ;;
  down)   "$scripts/lab-down.sh" ;;
  up)     lab_up ;;
  image)  "$scripts/build-image.sh" ;;
  deps)   "$scripts/install-deps.sh" ;;
  status) "$scripts/status.sh" ;;
  help|-h|--help) usage ;;
  *) usage >&2; echo "lab.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac
