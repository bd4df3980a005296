#!/bin/busybox sh
# /init of the glvirt QEMU guest's initramfs (built by tools/qemu-guest.sh, baked into the
# cached image: changing this file rebuilds it). Loads the few modules listed in
# /modules.order (virtio PCI and block, ext4, 9p), mounts the read-only root /dev/vda and the
# 9p share "glvirt" at /mnt/glvirt in it, and hands over to the share's guest-run.sh
# (tests/qemu/guest-run.sh, copied there per run). On any failure it powers the guest off,
# so the host never waits for its timeout on a guest that cannot boot.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
fail() {
  echo "glvirt-initramfs: $*" >&2
  echo o >/proc/sysrq-trigger
  sleep 10
  poweroff -f
}
while read -r m; do
  [ -n "$m" ] && insmod "/lib/modules/$m" 2>/dev/null
done </modules.order
i=0
while [ ! -b /dev/vda ]; do
  i=$((i + 1)); [ $i -gt 100 ] && fail "no /dev/vda"
  sleep 0.1
done
mkdir -p /root
mount -t ext4 -o ro /dev/vda /root || fail "cannot mount /dev/vda"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 glvirt /root/mnt/glvirt \
  || fail "cannot mount the 9p share glvirt"
[ -f /root/mnt/glvirt/guest-run.sh ] || fail "no guest-run.sh in the share"
mount --move /dev /root/dev
mount --move /sys /root/sys
mount --move /proc /root/proc
exec switch_root /root /bin/bash /mnt/glvirt/guest-run.sh
