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
  demo    install, build, start the fabric: a controller and three hosts (fabric-up below), deploy
          examples/webfarm through the controller (fabric deploy --wait) on real QEMU guests spread over
          the hosts, scan every port of every instance from fabric-ext (exactly the declared ones answer),
          fabric verify through the controller (from fabric-ext and from each host's instance bridge),
          show a web instance reaching the worker's internal endpoint on another host, and leave it
          running with the commands to watch a failover; ./lab.sh down removes it
  demo-single  the single-host demo: the node agent in fabric-lab, fabric agent apply, the isolation
          report (fabric verify from fabric-outside and the bridge) and nmap's view
  down    tear everything down: the agent and its deployments, lab domains, libvirtd/virtlogd, namespaces fabric-lab and
          fabric-outside with their bridge and links, and the multi-host lab (hosts-down); idempotent, copes
          with leftovers of a crash
  up      install, build the image, set up namespaces and daemons (no guests); ./lab.sh down undoes it
  image   build (or reuse) the guest image in lab/work/image
  deps    install the missing Debian packages only
  status  show namespaces, daemons and lab domains (both labs)
  help    this text

Multi-host lab (decision 0640; independent of the one above, both may be up at once):
  hosts-up         install, build the image, set up fabric-net (the switch), fabric-ctl (controller
                   10.214.0.2), fabric-ext (the outside, 10.214.0.254) and hosts fabric-h1..h3
                   (10.214.0.11-13, instances 10.213.1-3.0/24), each with its own libvirtd + virtlogd in its
                   own mount namespace; no agent yet. Tears down leftovers first
  fabric-up        hosts-up, then the fabric controller in fabric-ctl (ctl-up: the lab CA in
                   /var/lib/fabric-lab/pki, inventory, fabric controller run) and every host's agent managed
                   by it; then e.g.: ip netns exec fabric-ctl ./fabric deploy ... --controller 127.0.0.1:7443
                   --pki /var/lib/fabric-lab/pki --operator admin --wait (decision 0680)
  ctl-up / ctl-down  start / stop only the controller (its data is kept: a restart loses nothing)
  hosts-down       remove all of it (agents, guests, daemons, namespaces, /run and /var/lib/fabric-lab/hosts)
  host-agent HOST [--managed|--stand-alone]
                   start HOST's node agent (settings /run/fabric-lab/hosts/HOST/agent.conf, or agent-managed.conf
                   to follow the controller; default: the mode it ran last)
  fail HOST        power loss: SIGKILL HOST's agent, libvirtd, virtlogd and every QEMU of it
  power-on HOST    after fail: start HOST's daemons and agent again (its disks kept, its /run emptied)
  partition HOST [--controller-only]
                   drop all traffic between HOST (and its guests) and the controller and the other hosts
                   (the outside still reaches it); --controller-only: the controller address 10.214.0.2 only
  heal HOST        undo partition
  hosts-check      bring the hosts up, deploy lab/hosts/site on each with the stand-alone agents, check
                   routing, fail, partition, heal and power-on with real TCP, tear down; about 2 minutes
  HOST is h1, h2 or h3.

Environment: FABRIC_LAB_VIRT=qemu (default, TCG software emulation) or kvm (needs /dev/kvm).

Lab network: fabric-lab (libvirtd, bridge fabbr0 10.213.0.1/24, fab-out 10.213.255.1/30) and
fabric-outside (fab-in 10.213.255.2/30, default route via 10.213.255.1). Multi-host lab: fabric-net,
fabric-ctl, fabric-ext, fabric-h1..h3 (see lab/README.md). Nothing else is touched.
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
    trap '"$scripts/lab-down.sh" || true; "$scripts/hosts-down.sh" || true' EXIT   # also when setup or the tests fail
    lab_up
    status=0
    mvn -B verify -Dfabric.lab=ready -Dfabric.lab.virt="$FABRIC_LAB_VIRT" || status=$?
    echo "lab: test: mvn verify exited with $status after $(( $(date +%s) - start )) s (including setup)" >&2
    exit "$status"
    ;;
  demo)
    "$scripts/install-deps.sh"
    "$scripts/build-image.sh"
    "$scripts/fabric-demo.sh"
    ;;
  demo-single)
    lab_up
    "$scripts/demo.sh"
    ;;
  down)   "$scripts/lab-down.sh"; "$scripts/hosts-down.sh" ;;
  hosts-up)
    "$scripts/install-deps.sh"
    "$scripts/build-image.sh"
    "$scripts/hosts-up.sh"
    ;;
  hosts-down)  "$scripts/hosts-down.sh" ;;
  fabric-up)
    "$scripts/install-deps.sh"
    "$scripts/build-image.sh"
    "$scripts/build.sh"
    "$scripts/hosts-up.sh"
    "$scripts/ctl-up.sh"
    for h in h1 h2 h3; do "$scripts/host-agent-up.sh" "$h" --managed; done
    ;;
  ctl-up)      "$scripts/ctl-up.sh" ;;
  ctl-down)    "$scripts/ctl-down.sh" ;;
  hosts-check)
    "$scripts/install-deps.sh"
    "$scripts/build-image.sh"
    "$scripts/hosts-check.sh"
    ;;
  host-agent|fail|power-on|partition|heal)
    [[ $# -ge 2 ]] || { usage >&2; echo "lab.sh: $cmd needs a HOST (h1, h2 or h3)" >&2; exit 2; }
    case "$cmd" in
      host-agent) "$scripts/host-agent-up.sh" "$2" ${3:-} ;;
      fail)       "$scripts/host-fail.sh" "$2" ;;
      power-on)   "$scripts/host-daemons-up.sh" "$2"; "$scripts/host-agent-up.sh" "$2" ;;
      partition)  "$scripts/host-partition.sh" "$2" ${3:-} ;;
      heal)       "$scripts/host-heal.sh" "$2" ;;
    esac
    ;;
  up)     lab_up ;;
  image)  "$scripts/build-image.sh" ;;
  deps)   "$scripts/install-deps.sh" ;;
  status) "$scripts/status.sh" ;;
  help|-h|--help) usage ;;
  *) usage >&2; echo "lab.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac
