#!/usr/bin/env bash
# build-initrd.sh KERNEL_ROOT INIT OUT: an initramfs with busybox, the virtio block and isofs modules
# of the extracted kernel tree KERNEL_ROOT (in modprobe's dependency order) and INIT as /init.
set -euo pipefail
root=$1 init=$2 out=$3
kver=$(ls "$root/lib/modules" | head -1)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{bin,proc,sys,dev,mnt,lib/modules}
cp "$(command -v busybox)" "$tree/bin/busybox"
for a in $("$tree/bin/busybox" --list); do [[ $a == busybox ]] || ln -s busybox "$tree/bin/$a"; done
: > "$tree/lib/modules/load-order"
while read -r verb path _; do
  [[ $verb == insmod ]] || continue
  f=$(basename "$path")
  case $f in
    *.ko.xz) xz -dc "$path" > "$tree/lib/modules/${f%.xz}"; f=${f%.xz} ;;
    *.ko.zst) zstd -qdc "$path" > "$tree/lib/modules/${f%.zst}"; f=${f%.zst} ;;
    *) cp "$path" "$tree/lib/modules/$f" ;;
  esac
  grep -qx "$f" "$tree/lib/modules/load-order" || echo "$f" >> "$tree/lib/modules/load-order"
done < <(modprobe -d "$root" -S "$kver" --show-depends -a virtio_pci virtio_blk isofs)
install -m 0755 "$init" "$tree/init"
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$out"
