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

# PID: true while the process runs (a killed process stays in /proc as a zombie until its parent,
# often PID 1 here, reaps it: that one no longer runs).
pid_alive() { local st; st=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true); [[ -n $st && $st != Z ]]; }

# Stops the process a pid file of ours names, then removes the file. Idempotent.
# PIDFILE WHAT PATTERN SECONDS: the process is stopped only if it runs and its command line matches the
# extended regex PATTERN (a stale pid file may name someone else's process by now). SIGTERM to it and its
# children, up to SECONDS, then SIGKILL. Gone or a zombie (exited, not yet reaped) counts as stopped.
stop_pidfile() {
  local file=$1 what=$2 pattern=$3 seconds=$4 pid end
  [[ -f $file ]] || return 0
  pid=$(cat "$file" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && pid_alive "$pid" \
       && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -Eq -- "$pattern"; then
    pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true
    end=$((SECONDS + seconds))
    while pid_alive "$pid" && (( SECONDS < end )); do sleep 0.1; done
    if pid_alive "$pid"; then
      pkill -KILL -P "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true
      say "$what: pid $pid did not stop within $seconds s; killed"
    else
      say "$what: stopped pid $pid"
    fi
  fi
  rm -f "$file"
}
