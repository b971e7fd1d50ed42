#!/usr/bin/env bash
# Stops the libvirtd and virtlogd this lab started (found by our own pid files, checked by name),
# and removes stale pid files and sockets left by a crashed run. Idempotent.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root

stop_pidfile() { # PIDFILE NAME
  local file=$1 name=$2 pid
  [[ -f $file ]] || return 0
  pid=$(cat "$file" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && [[ $(cat "/proc/$pid/comm" 2>/dev/null || true) == "$name" ]]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
    [[ -d /proc/$pid ]] && kill -9 "$pid" 2>/dev/null || true
    say "daemons: stopped $name $pid"
  fi
  rm -f "$file"
}
stop_pidfile "$LIBVIRTD_PID" libvirtd
stop_pidfile "$VIRTLOGD_PID" virtlogd

# libvirtd and virtlogd replace stale sockets themselves on start; a stale pid file is gone above.
