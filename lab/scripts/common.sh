# Shared settings for the lab scripts (sourced, not run). The names and addresses are the
# LAB NETWORK contract: change them only together with the contract.
LAB_NS=fabric-lab            # holds libvirtd, virtlogd, the bridge and the guests' taps
OUT_NS=fabric-outside        # "the outside": scans and clients run here
LAB_BRIDGE=fabbr0
LAB_BRIDGE_ADDR=10.213.0.1/24
LAB_OUT_VETH=fab-out         # in fabric-lab
LAB_OUT_ADDR=10.213.255.1/30
OUT_IN_VETH=fab-in           # in fabric-outside
OUT_IN_ADDR=10.213.255.2/30
OUT_GW=10.213.255.1
LAB_DOMAIN_PREFIX=fabric.    # every domain the lab defines starts with this (the agent's names: fabric.DEPLOYMENT.ROLE.N)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB_WORK="$REPO_ROOT/lab/work"
LAB_IMAGE_DIR="$LAB_WORK/image"
# Our own pid files, so that stopping the daemons never touches a libvirtd someone else started.
LAB_RUN=/run/fabric-lab
LIBVIRTD_PID="$LAB_RUN/libvirtd.pid"
VIRTLOGD_PID="$LAB_RUN/virtlogd.pid"
LAB_VIRSH=(virsh -q -c qemu:///system)

say() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }
need_root() { [[ $(id -u) -eq 0 ]] || die "run as root (the lab creates network namespaces and starts libvirtd)"; }
netns_exists() { [[ -e /run/netns/$1 ]]; }
# The lab's node agent (fabric agent run inside fabric-lab) with Fabric's default settings.
AGENT_PID="$LAB_RUN/agent.pid"
AGENT_LOG="$LAB_RUN/agent.log"
FABRIC_STATE=/var/lib/fabric            # default image store, instance pool and agent state
lab_fabric() { ip netns exec "$LAB_NS" "$REPO_ROOT/fabric" "$@"; }   # a fabric command where the bridge is
