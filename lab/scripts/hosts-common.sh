# Shared settings of the multi-host lab (sourced after common.sh, not run). Layout: decision 0640.
# Every name differs from the single-host lab's (fabric-lab, fabric-outside, /run/fabric-lab/*.pid),
# so both labs can be up at once and tearing one down never touches the other.
HOSTS=(h1 h2 h3)                      # ./lab.sh fail|partition|heal HOST take one of these
NET_NS=fabric-net                     # the switch: bridge fnbr0, no address, no routing
NET_BRIDGE=fnbr0
CTL_NS=fabric-ctl                     # the controller
CTL_ADDR=10.214.0.2
EXT_NS=fabric-ext                     # the outside of the multi-host lab (fabric-outside belongs to fabric-lab)
EXT_ADDR=10.214.0.254
FABNET_PREFIX=24                      # the fabric network 10.214.0.0/24
FABNET_IF=fabnet                      # each namespace's link to the switch (peer fn-<name> in fabric-net)
HOST_BRIDGE=fabbr0                    # each host's instance bridge (same name in every host's namespace)
HOSTS_RUN=/run/fabric-lab/hosts       # per host: pid files, logs, agent.conf, qemu.conf, libvirt/ (= its /run/libvirt)
HOSTS_VAR=/var/lib/fabric-lab/hosts   # per host: its libvirt state and config, its agent's state, images, volumes

host_check() { # HOST: dies unless HOST is one of the lab's hosts
  local h
  for h in "${HOSTS[@]}"; do [[ $1 == "$h" ]] && return 0; done
  die "unknown host '$1'; the hosts are ${HOSTS[*]}"
}
host_n()       { echo "${1#h}"; }                              # h2 -> 2
host_ns()      { echo "fabric-$1"; }                           # h2 -> fabric-h2
host_addr()    { echo "10.214.0.1$(host_n "$1")"; }            # h2 -> 10.214.0.12 (fabric address = external address)
host_subnet()  { echo "10.213.$(host_n "$1").0/24"; }          # h2 -> 10.213.2.0/24 (its instances)
host_gw()      { echo "10.213.$(host_n "$1").1"; }             # h2 -> 10.213.2.1 (its bridge)
host_run()     { echo "$HOSTS_RUN/$1"; }
host_var()     { echo "$HOSTS_VAR/$1"; }
host_sock()    { echo "$HOSTS_RUN/$1/libvirt/libvirt-sock"; }  # its libvirtd's socket, seen from outside its mount namespace
host_uri()     { echo "qemu:///system?socket=$(host_sock "$1")"; }
host_virsh()   { local h=$1; shift; timeout 30 virsh -q -c "$(host_uri "$h")" "$@"; }   # HOST ARGS...: virsh against its libvirtd

# Directories bind-mounted over libvirt's fixed paths inside the host's own mount namespace:
# "SOURCE-under-host_var-or-host_run TARGET". Everything libvirtd writes lands in one of these.
host_binds() { # HOST
  local r v; r=$(host_run "$1"); v=$(host_var "$1")
  cat <<TXT
$r/libvirt /run/libvirt
$r/lock /run/lock
$v/libvirt/lib /var/lib/libvirt
$v/libvirt/cache /var/cache/libvirt
$v/libvirt/log /var/log/libvirt
$v/libvirt/etc-qemu /etc/libvirt/qemu
$v/libvirt/etc-storage /etc/libvirt/storage
$v/libvirt/etc-secrets /etc/libvirt/secrets
$r/qemu.conf /etc/libvirt/qemu.conf
TXT
}

# Pids of every process of HOST: whatever runs in its network namespace (agent, libvirtd, virtlogd,
# QEMU, probes), whatever shares its libvirtd's mount namespace (found through the recorded pid
# files), and any QEMU, libvirtd, virtlogd or agent (java) whose command line names this host's
# directories (an orphan whose namespace or pid file is gone). Another host's processes never match:
# they have other namespaces and other paths.
host_pids() { # HOST
  local h=$1 ns mnt f pid v
  ns=$(host_ns "$h"); v=$(host_var "$h")
  { netns_exists "$ns" && ip netns pids "$ns" 2>/dev/null || true
    for f in $(grep -laF -e "$v/" -e "$(host_run "$h")/" /proc/[0-9]*/cmdline 2>/dev/null || true); do
      pid=${f#/proc/}; pid=${pid%/cmdline}
      case $(cat "/proc/$pid/comm" 2>/dev/null || true) in qemu*|libvirtd|virtlogd|java) echo "$pid" ;; esac
    done
    for f in "$(host_run "$h")/libvirtd.pid" "$(host_run "$h")/virtlogd.pid"; do
      pid=$(cat "$f" 2>/dev/null || true)
      [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null || true) == $(basename "$f" .pid) ]] || continue
      mnt=$(readlink "/proc/$pid/ns/mnt" 2>/dev/null || true)
      [[ -n $mnt && $mnt != "$(readlink /proc/1/ns/mnt)" ]] || continue
      ls -l /proc/[0-9]*/ns/mnt 2>/dev/null | grep -F -- "-> $mnt" | sed -E 's|.* /proc/([0-9]+)/ns/mnt .*|\1|'
    done; } | sort -un
  return 0
}

kill_pids() { # WHAT PIDS...: SIGTERM, up to 5 s, then SIGKILL
  local what=$1 left; shift
  [[ $# -gt 0 ]] || return 0
  kill "$@" 2>/dev/null || true
  for _ in $(seq 1 50); do
    left=$(for p in "$@"; do pid_alive "$p" && echo "$p"; done; true)
    [[ -z $left ]] && break
    sleep 0.1
  done
  [[ -n $left ]] && kill -9 $left 2>/dev/null || true
  say "$what: stopped $*"
}
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }   # START_NS: milliseconds since

# The controller of the multi-host lab (fabric-ctl): its CA, inventory, data and log (decision 0680).
CTL_RUN=/run/fabric-lab/ctl             # controller.pid, controller.log, datacenter.xml
CTL_VAR=/var/lib/fabric-lab/ctl         # the embedded ZooKeeper's data: survives a controller restart
LAB_PKI=/var/lib/fabric-lab/pki         # the lab fabric's CA and every credential (fabric ca)
CTL_AGENT_PORT=7000
CTL_API_PORT=7443
host_pki()     { echo "$(host_var "$1")/pki"; }                # ca.crt + hosts/HOST.{crt,key}: what HOST's agent gets
# ARGS...: a fabric command in the controller's namespace as operator admin (deploy, status, hosts, ...)
ctl_fabric() { ip netns exec "$CTL_NS" "$REPO_ROOT/fabric" "$@"; }
ctl_api() { echo "--controller 127.0.0.1:$CTL_API_PORT --pki $LAB_PKI --operator admin"; }
