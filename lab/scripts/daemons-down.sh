#!/usr/bin/env bash
# Stops the libvirtd and virtlogd this lab started and removes their pid files. Ours are recognised
# by name plus our own pid file on their command line (daemons-up.sh starts them with -p FILE), so a
# daemon someone else runs is never touched, and one whose pid file or namespace is gone is still
# found. Idempotent.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root

our_pids() { # NAME PIDFILE: pids of NAME processes started with our pid file
  local name=$1 file=$2 dir
  for dir in /proc/[0-9]*; do
    [[ $(cat "$dir/comm" 2>/dev/null || true) == "$name" ]] || continue
    tr '\0' ' ' < "$dir/cmdline" 2>/dev/null | grep -q -- "-p $file" && echo "${dir#/proc/}"
  done
  return 0
}

stop() { # NAME PIDFILE
  local name=$1 file=$2 pids left
  pids=$(our_pids "$name" "$file")
  if [[ -n $pids ]]; then
    kill $pids 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -z $(our_pids "$name" "$file") ]] && break; sleep 0.1; done
    left=$(our_pids "$name" "$file")
    [[ -n $left ]] && kill -9 $left 2>/dev/null || true
    say "daemons: stopped $name $(echo $pids)"
  fi
  rm -f "$file"
}
stop libvirtd "$LIBVIRTD_PID"
stop virtlogd "$VIRTLOGD_PID"
# libvirtd and virtlogd replace stale sockets themselves when they start.
