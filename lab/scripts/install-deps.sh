#!/usr/bin/env bash
# Installs the Debian packages the lab needs, only those missing. Runs `apt-get update` once, and
# only when something has to be installed. Quick (one dpkg-query) when everything is there.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_root

packages=(
  libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils
  nftables libnftables1 iproute2 iptables busybox-static cpio kmod nmap libxml2-utils curl openssl
)

installed() { dpkg-query -W -f='${db:Status-Status}\n' "$1" 2>/dev/null | grep -qx installed; }
jdk17() { command -v javac >/dev/null && [[ $(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/') -ge 17 ]]; }

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
# Any JDK 17 or newer and any Maven will do; Debian's only when there is none.
jdk17 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)

if ((${#missing[@]} == 0)); then
  say "packages: all present"
  exit 0
fi
say "packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
say "packages: installed ${#missing[@]}"
