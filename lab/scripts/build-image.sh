#!/usr/bin/env bash
# Builds the tiny lab guest: Debian's cloud kernel plus an initramfs with busybox, the virtio
# modules (net, block), isofs for the config drive and lab/guest/init. Output in lab/work/image/ (vmlinuz, initrd.img, SHA256SUMS).
# Cached: rebuilt only when an input changes (kernel package, busybox version, init, this script).
set -euo pipefail
source "$(dirname "$0")/common.sh"

kernel_dir="$LAB_WORK/kernel"
init_src="$REPO_ROOT/lab/guest/init"
cgi_src="$REPO_ROOT/lab/guest/connect-cgi"
mkdir -p "$kernel_dir" "$LAB_IMAGE_DIR"

# The exact kernel package the metapackage points at, e.g. linux-image-6.1.0-56-cloud-amd64.
kernel_pkg_name() {
  apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}
pkg=$(kernel_pkg_name || true)
if [[ -z $pkg ]]; then
  say "image: apt does not know linux-image-cloud-amd64 yet; running apt-get update"
  apt-get update -q >/dev/null
  pkg=$(kernel_pkg_name || true)
fi
[[ -n $pkg ]] || die "image: cannot find the cloud kernel package (apt-cache depends linux-image-cloud-amd64 is empty)"

deb=$(ls "$kernel_dir/${pkg}_"*.deb 2>/dev/null | head -1 || true)
if [[ -z $deb ]]; then
  say "image: downloading $pkg"
  rm -f "$kernel_dir"/*.deb
  (cd "$kernel_dir" && apt-get download -q "$pkg" 2>&1 | grep -v 'unsandboxed' >&2 || true)
  deb=$(ls "$kernel_dir/${pkg}_"*.deb 2>/dev/null | head -1 || true)
  [[ -n $deb ]] || die "image: apt-get download $pkg failed"
fi

busybox_version=$(dpkg-query -W -f='${Version}' busybox-static)
inputs=$(cat <(basename "$deb") <(echo "$busybox_version") "$init_src" "$cgi_src" "$0" | sha256sum | cut -d' ' -f1)
if [[ -f $LAB_IMAGE_DIR/inputs.sha256 && $(cat "$LAB_IMAGE_DIR/inputs.sha256") == "$inputs" ]] \
   && (cd "$LAB_IMAGE_DIR" && sha256sum --quiet -c SHA256SUMS 2>/dev/null); then
  say "image: up to date ($(basename "$deb"))"
  exit 0
fi

say "image: building from $(basename "$deb"), busybox $busybox_version"
root="$kernel_dir/root"
rm -rf "$root" && mkdir -p "$root"
dpkg-deb -x "$deb" "$root"
kver=$(ls "$root/lib/modules")
depmod -b "$root" "$kver"

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{bin,proc,sys,dev,tmp,www,lib/modules}
cp /bin/busybox "$tree/bin/busybox"
for applet in $("$tree/bin/busybox" --list); do
  [[ $applet == busybox ]] || ln -s busybox "$tree/bin/$applet"
done
install -m 0755 "$init_src" "$tree/init"
install -m 0755 "$cgi_src" "$tree/bin/connect-cgi"

# modprobe prints the insmod lines in dependency order (virtio_ring before virtio, failover
# before net_failover before virtio_net, ...); built-in ones are skipped.
: > "$tree/lib/modules/load-order"
while read -r verb path _; do
  [[ $verb == insmod ]] || continue
  file=$(basename "$path")
  case "$file" in
    *.ko.xz)  xz -dc "$path" > "$tree/lib/modules/${file%.xz}"; file=${file%.xz} ;;
    *.ko.zst) zstd -qdc "$path" > "$tree/lib/modules/${file%.zst}"; file=${file%.zst} ;;
    *)        cp "$path" "$tree/lib/modules/$file" ;;
  esac
  grep -qx "$file" "$tree/lib/modules/load-order" || echo "$file" >> "$tree/lib/modules/load-order"
done < <(modprobe -d "$root" -S "$kver" --show-depends -a virtio_pci virtio_net virtio_blk cdrom isofs)
say "image: modules $(tr '\n' ' ' < "$tree/lib/modules/load-order")"

# Fixed owners and times so that the same inputs give the same bytes.
find "$tree" -exec touch -h -d @0 {} +
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet | gzip -9 -n) > "$LAB_IMAGE_DIR/initrd.img"
cp "$root/boot/vmlinuz-$kver" "$LAB_IMAGE_DIR/vmlinuz"
(cd "$LAB_IMAGE_DIR" && sha256sum vmlinuz initrd.img > SHA256SUMS)
echo "$inputs" > "$LAB_IMAGE_DIR/inputs.sha256"
echo "$kver" > "$LAB_IMAGE_DIR/kernel-version"
say "image: built $(du -ch "$LAB_IMAGE_DIR"/vmlinuz "$LAB_IMAGE_DIR"/initrd.img | tail -1 | cut -f1) in $LAB_IMAGE_DIR"
sed 's/^/lab:   /' "$LAB_IMAGE_DIR/SHA256SUMS" >&2
