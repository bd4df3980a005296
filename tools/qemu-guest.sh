#!/usr/bin/env bash
# tools/qemu-guest.sh: proves a libvirglrenderer.so.1 with a real Linux guest.
#
# Boots a Debian bookworm guest in Debian's own, unmodified QEMU (7.2) with a virgl GPU
# (-device virtio-gpu-gl-pci) and makes QEMU's virtio-gpu-gl module load the
# libvirglrenderer.so.1 of --lib through LD_LIBRARY_PATH (the module has no RUNPATH).
# In the guest (tests/qemu/guest-run.sh, PID 1): modprobe virtio_gpu, wflinfo on GBM for GL
# and GLES2 (renderer and version strings), kmscube for a bounded number of frames on the KMS
# output, then a piglit list with PIGLIT_PLATFORM=gbm; results come back through a 9p share.
# Prints a summary and exits 0 only when the guest rendered: kmscube exited 0 and the
# guest's GL_RENDERER starts with "virgl" (and contains --expect-renderer's text).
#
# Installs what it needs (apt-get), and builds the guest image once (debootstrap minbase +
# Mesa + kmscube + piglit, about 3 minutes and 0.5 GB of downloads) into the cache
# ${GLVIRT_QEMU_CACHE:-/var/tmp/glvirt-qemu}; the image is rebuilt only when its package
# list, IMAGE_VERSION below or tests/qemu/initramfs-init.sh changes. Needs root (or sudo)
# for apt-get and debootstrap. No GPU or KVM needed: software emulation (TCG), and the host
# side renders with Mesa llvmpipe when there is no GPU. See docs/qemu.md.
#
# Usage: tools/qemu-guest.sh [options]     (--help lists them)
set -euo pipefail

IMAGE_VERSION=1
SUITE=bookworm
MIRROR=${GLVIRT_QEMU_MIRROR:-http://deb.debian.org/debian}
CACHE=${GLVIRT_QEMU_CACHE:-/var/tmp/glvirt-qemu}
GUEST_PACKAGES=(linux-image-amd64 kmod udev busybox-static libegl-mesa0 libgbm1 libgl1-mesa-dri
  libgles2 kmscube mesa-utils piglit waffle-utils)
# Modules in the initramfs (loaded in dependency order by its /init), and all modules the
# guest keeps (the others are dropped from the image).
INITRD_MODULES=(virtio_pci virtio_blk crc32c_generic ext4 9p 9pnet_virtio)
KEEP_MODULES=("${INITRD_MODULES[@]}" virtio_gpu)
HOST_PACKAGES=(qemu-system-x86 qemu-system-gui debootstrap xvfb e2fsprogs cpio gzip
  util-linux coreutils)
MODULE=/usr/lib/x86_64-linux-gnu/qemu/hw-display-virtio-gpu-gl.so
SYSTEM_LIB=/usr/lib/x86_64-linux-gnu/libvirglrenderer.so.1

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QDIR=$ROOT/tests/qemu

LIB=$ROOT/build/src/lib
DISPLAY_KIND=egl-headless
RENDERNODE=/dev/null
PIGLIT_LIST=$QDIR/piglit-guest.txt
TIMEOUT=900
OUT=$ROOT/tests/results/qemu-guest
EXPECT=""
KMSCUBE_FRAMES=60
# bin/texsubimage passed after more than 60 s in the TCG guest of a busy CI machine.
PIGLIT_TIMEOUT=180
GPU_DEVICE=virtio-gpu-gl-pci
ACCEL=tcg
SMP=2
MEM=2048
VERBOSE=0
BUILD_ONLY=0
REBUILD=0
REQUIRE_PIGLIT=0

usage() {
  cat <<EOF
Usage: tools/qemu-guest.sh [options]
Boots a Linux guest in Debian's QEMU with virgl, with QEMU loading the libvirglrenderer.so.1
of --lib, and checks that the guest renders (see docs/qemu.md).

  --lib DIR|system       directory holding the libvirglrenderer.so.1 QEMU loads
                         (LD_LIBRARY_PATH=DIR); "system": Debian's own $SYSTEM_LIB
                         (default: $ROOT/build/src/lib)
  --display KIND         egl-headless (default): -display egl-headless,rendernode=RENDERNODE
                         sdl-gl: -display sdl,gl=on under Xvfb
                         sdl-es: -display sdl,gl=es under Xvfb (a GLES host context)
  --rendernode PATH      egl-headless's render node (default /dev/null: GBM falls back to
                         llvmpipe; give /dev/dri/renderD128 to use a GPU)
  --piglit FILE|none     piglit tests run in the guest, one a line: "bin/<program> <args>" or
                         a .shader_test path under piglit's tests/ (default
                         tests/qemu/piglit-guest.txt)
  --require-piglit       also fail unless every piglit test passed or skipped
  --expect-renderer TEXT also require TEXT in the guest's GL_RENDERER
  --frames N             kmscube frames (default $KMSCUBE_FRAMES)
  --test-timeout S       per piglit test, in the guest (default $PIGLIT_TIMEOUT)
  --timeout S            the whole guest run; QEMU is killed after it (default $TIMEOUT)
  --out DIR              results (default tests/results/qemu-guest; its previous
                         results are replaced)
  --device NAME          virtio-gpu-gl-pci (default) or virtio-vga-gl
  --accel tcg|kvm        (default tcg; kvm needs a usable /dev/kvm)
  --smp N, --mem MB      guest CPUs and memory (default $SMP, $MEM)
  --rebuild              rebuild the cached guest image
  --build-only           install and build the image, boot nothing
  --verbose              show the guest's log and serial console while it runs
  --help

Environment: GLVIRT_QEMU_CACHE (image cache, default /var/tmp/glvirt-qemu),
GLVIRT_QEMU_MIRROR (Debian mirror for debootstrap, default http://deb.debian.org/debian).
Exit status: 0 when the guest rendered, 1 when it did not, 2 on a usage or setup error.
EOF
}

log() { echo "qemu-guest: $*" >&2; }
die() { log "error: $*"; exit 2; }
need_arg() { [ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs an argument"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --lib) need_arg "$@"; LIB=$2; shift ;;
    --display) need_arg "$@"; DISPLAY_KIND=$2; shift ;;
    --rendernode) need_arg "$@"; RENDERNODE=$2; shift ;;
    --piglit) need_arg "$@"; PIGLIT_LIST=$2; shift ;;
    --require-piglit) REQUIRE_PIGLIT=1 ;;
    --expect-renderer) need_arg "$@"; EXPECT=$2; shift ;;
    --frames) need_arg "$@"; KMSCUBE_FRAMES=$2; shift ;;
    --test-timeout) need_arg "$@"; PIGLIT_TIMEOUT=$2; shift ;;
    --timeout) need_arg "$@"; TIMEOUT=$2; shift ;;
    --out) need_arg "$@"; OUT=$2; shift ;;
    --device) need_arg "$@"; GPU_DEVICE=$2; shift ;;
    --accel) need_arg "$@"; ACCEL=$2; shift ;;
    --smp) need_arg "$@"; SMP=$2; shift ;;
    --mem) need_arg "$@"; MEM=$2; shift ;;
    --rebuild) REBUILD=1 ;;
    --build-only) BUILD_ONLY=1 ;;
    --verbose) VERBOSE=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done

case "$DISPLAY_KIND" in
  egl-headless) QEMU_DISPLAY=(-display "egl-headless,rendernode=$RENDERNODE") ;;
  sdl-gl) QEMU_DISPLAY=(-display "sdl,gl=on") ;;
  sdl-es) QEMU_DISPLAY=(-display "sdl,gl=es") ;;
  *) die "--display: egl-headless, sdl-gl or sdl-es, not '$DISPLAY_KIND'" ;;
esac
case "$GPU_DEVICE" in virtio-gpu-gl-pci|virtio-vga-gl) ;; *) die "--device: virtio-gpu-gl-pci or virtio-vga-gl" ;; esac
case "$ACCEL" in tcg) CPU=max ;; kvm) CPU=host ;; *) die "--accel: tcg or kvm" ;; esac
for n in "$TIMEOUT" "$KMSCUBE_FRAMES" "$PIGLIT_TIMEOUT" "$SMP" "$MEM"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "not a positive number: $n"
done
if [ "$PIGLIT_LIST" != none ]; then
  [ -f "$PIGLIT_LIST" ] || die "no piglit list $PIGLIT_LIST"
  PIGLIT_LIST=$(realpath "$PIGLIT_LIST")
fi

if [ "$LIB" != system ] && [ "$BUILD_ONLY" = 0 ]; then
  [ -f "$LIB/libvirglrenderer.so.1" ] || die "no libvirglrenderer.so.1 in $LIB (build it, or --lib system)"
  LIB=$(realpath "$LIB")
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# --- cleanup: whatever this script started, and a half-built image ---------------------
QEMU_PID="" XVFB_PID="" TAIL_PID="" BUILD_WORK=""
unmount_under() { # unmount everything mounted under $1, deepest first
  local d m
  d=$(realpath -m "$1")
  awk -v d="$d" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
}
cleanup() {
  local p
  for p in "$QEMU_PID" "$XVFB_PID" "$TAIL_PID"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  if [ -n "$QEMU_PID" ]; then
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QEMU_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$QEMU_PID" 2>/dev/null || true
  fi
  if [ -n "$BUILD_WORK" ] && [ -d "$BUILD_WORK" ]; then
    unmount_under "$BUILD_WORK"
    rm -rf --one-file-system "$BUILD_WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- host packages -----------------------------------------------------------------------
install_host_packages() {
  local missing=() p
  for p in "${HOST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# --- the guest image ---------------------------------------------------------------------
image_key() {
  {
    echo "$IMAGE_VERSION $SUITE"
    echo "${GUEST_PACKAGES[*]}"
    echo "${INITRD_MODULES[*]} / ${KEEP_MODULES[*]}"
    cat "$QDIR/initramfs-init.sh"
  } | sha256sum | cut -c1-12
}

# modules_closure KVERDIR NAME...: the module files (paths relative to KVERDIR) that NAME...
# need, each after its dependencies; built-in modules are skipped.
modules_closure() {
  local kdir=$1; shift
  awk -v want="$*" '
    function norm(s) { gsub("-", "_", s); return s }
    function base(p) { sub(".*/", "", p); sub(/\.ko(\.(xz|zst|gz))?$/, "", p); return norm(p) }
    function visit(p,   n, i, d) {
      if (p in seen) return
      seen[p] = 1
      n = split(deps[p], d, " ")
      for (i = 1; i <= n; i++) visit(d[i])
      print p
    }
    FNR == NR { f = $1; sub(":$", "", f); path[base(f)] = f; $1 = ""; deps[f] = $0; next }
    { builtin[base($0)] = 1 }
    END {
      n = split(want, w, " ")
      for (i = 1; i <= n; i++) {
        m = norm(w[i])
        if (m in path) visit(path[m])
        else if (!(m in builtin)) { print "missing module " m > "/dev/stderr"; exit 1 }
      }
    }' "$kdir/modules.dep" "$kdir/modules.builtin"
}

build_image() { # build_image DIR: builds the image into DIR (absent)
  local dir=$1 work rootfs kver kdir t0 m size inodes f
  t0=$SECONDS
  work=$(mktemp -d "$CACHE/build.XXXXXX")
  BUILD_WORK=$work
  rootfs=$work/rootfs
  mkdir -p "$CACHE/debs" "$work/image"
  log "building the guest image in $work (debootstrap $SUITE minbase, a few minutes;"
  log "  log: $work/build.log)"
  if ! debootstrap --variant=minbase --cache-dir="$CACHE/debs" \
      --include="$(IFS=,; echo "${GUEST_PACKAGES[*]}")" \
      "$SUITE" "$rootfs" "$MIRROR" >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    die "debootstrap failed (log above)"
  fi
  unmount_under "$rootfs"
  log "debootstrap done in $((SECONDS - t0)) s"

  kver=$(ls "$rootfs/lib/modules")
  [ "$(echo "$kver" | wc -l)" -eq 1 ] || die "expected one kernel in the rootfs, got: $kver"
  kdir=$rootfs/lib/modules/$kver
  cp "$rootfs/boot/vmlinuz-$kver" "$work/image/vmlinuz"

  # The initramfs: busybox, the modules for virtio block, ext4 and 9p, and its /init.
  local ird=$work/initramfs
  mkdir -p "$ird/bin" "$ird/lib/modules" "$ird/proc" "$ird/sys" "$ird/dev" "$ird/root"
  cp "$rootfs/bin/busybox" "$ird/bin/busybox"
  cp "$QDIR/initramfs-init.sh" "$ird/init"
  chmod 755 "$ird/init"
  : >"$ird/modules.order"
  for m in $(modules_closure "$kdir" "${INITRD_MODULES[@]}"); do
    f=${m##*/}
    case "$f" in
      *.ko.xz) xz -dc "$kdir/$m" >"$ird/lib/modules/${f%.xz}"; f=${f%.xz} ;;
      *.ko.zst) zstd -qdc "$kdir/$m" >"$ird/lib/modules/${f%.zst}"; f=${f%.zst} ;;
      *.ko.gz) gzip -dc "$kdir/$m" >"$ird/lib/modules/${f%.gz}"; f=${f%.gz} ;;
      *) cp "$kdir/$m" "$ird/lib/modules/$f" ;;
    esac
    echo "$f" >>"$ird/modules.order"
  done
  (cd "$ird" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -6) >"$work/image/initrd.img"

  # Slim the root file system: only the modules the guest uses, no docs, no piglit
  # generated_tests (2 GB), no package lists, no Debian initrd.
  modules_closure "$kdir" "${KEEP_MODULES[@]}" | sed 's|^|./|' | LC_ALL=C sort >"$work/keep-modules"
  (cd "$kdir" && find . -name '*.ko*' | LC_ALL=C sort | comm -23 - "$work/keep-modules" | xargs -r rm -f)
  find "$kdir" -depth -type d -empty -delete
  chroot "$rootfs" depmod "$kver"
  rm -rf "$rootfs"/usr/lib/x86_64-linux-gnu/piglit/generated_tests \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
    "$rootfs"/usr/share/locale/* "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/boot/initrd.img* "$rootfs"/boot/vmlinuz* "$rootfs"/var/log/*
  mkdir -p "$rootfs/mnt/glvirt"
  chroot "$rootfs" dpkg-query -W -f='${Package} ${Version}\n' >"$work/image/packages.txt"

  size=$(du -sm "$rootfs" | cut -f1)
  size=$((size + size / 8 + 64))
  inodes=$(find "$rootfs" | wc -l)
  inodes=$((inodes + inodes / 4 + 4096))
  mke2fs -q -F -t ext4 -O ^has_journal -L glvirt -N "$inodes" -d "$rootfs" \
    "$work/image/rootfs.img" "${size}M"
  {
    echo "key=$(image_key)"
    echo "kernel=$kver"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "build_seconds=$((SECONDS - t0))"
    echo "image_mb=$size"
  } >"$work/image/stamp"
  mv "$work/image" "$dir"
  unmount_under "$work"
  rm -rf --one-file-system "$work"
  BUILD_WORK=""
  log "image built in $((SECONDS - t0)) s: $dir (${size} MB, kernel $kver)"
}

ensure_image() { # sets IMAGE
  local key
  key=$(image_key)
  IMAGE=$CACHE/image-$key
  mkdir -p "$CACHE"
  exec 9>"$CACHE/lock"
  flock 9
  if [ "$REBUILD" = 1 ] && [ -d "$IMAGE" ]; then
    rm -rf "$IMAGE"
  fi
  if [ ! -f "$IMAGE/stamp" ]; then
    rm -rf "$IMAGE"
    [ "$(id -u)" -eq 0 ] || die "building the guest image needs root (debootstrap, chroot): run this once as root"
    build_image "$IMAGE"
    # Older images (another key) are of no further use.
    find "$CACHE" -maxdepth 1 -name 'image-*' ! -name "image-$key" -exec rm -rf {} +
  fi
  flock -u 9
}

install_host_packages
ensure_image
[ "$BUILD_ONLY" = 1 ] && { log "image ready: $IMAGE"; exit 0; }

# --- the library QEMU loads --------------------------------------------------------------
QEMU_ENV=(env -u LD_LIBRARY_PATH -u LD_PRELOAD)
if [ "$LIB" = system ]; then
  [ -e "$SYSTEM_LIB" ] || die "no $SYSTEM_LIB (apt-get install libvirglrenderer1)"
  EXPECT_LIB=$(realpath "$SYSTEM_LIB")
else
  QEMU_ENV+=("LD_LIBRARY_PATH=$LIB")
  EXPECT_LIB=$(realpath "$LIB/libvirglrenderer.so.1")
fi

# --- the run -----------------------------------------------------------------------------
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
G=$OUT/guest
rm -rf "$G" "$OUT"/{summary.txt,qemu.log,qemu.cmd,console.log,maps.txt,xvfb.log,module-ldd.txt}
mkdir -p "$G/results"
cp "$QDIR/guest-run.sh" "$G/guest-run.sh"
if [ "$PIGLIT_LIST" != none ]; then cp "$PIGLIT_LIST" "$G/piglit.list"; fi
cat >"$G/config" <<EOF
KMSCUBE_FRAMES=$KMSCUBE_FRAMES
PIGLIT_TIMEOUT=$PIGLIT_TIMEOUT
EOF
"${QEMU_ENV[@]}" ldd "$MODULE" >"$OUT/module-ldd.txt" 2>&1 || true

if [ "$DISPLAY_KIND" != egl-headless ]; then
  exec 8>"$OUT/xvfb.display"
  Xvfb -displayfd 8 -screen 0 1280x1024x24 -nolisten tcp -noreset >"$OUT/xvfb.log" 2>&1 &
  XVFB_PID=$!
  exec 8>&-
  for _ in $(seq 100); do [ -s "$OUT/xvfb.display" ] && break; sleep 0.1; done
  [ -s "$OUT/xvfb.display" ] || die "Xvfb did not start ($OUT/xvfb.log)"
  QEMU_ENV+=("DISPLAY=:$(head -n1 "$OUT/xvfb.display")" SDL_VIDEODRIVER=x11)
  rm -f "$OUT/xvfb.display"
fi

QEMU_ARGS=(-machine "q35,accel=$ACCEL" -cpu "$CPU" -smp "$SMP" -m "$MEM"
  -nodefaults -no-user-config -no-reboot
  -kernel "$IMAGE/vmlinuz" -initrd "$IMAGE/initrd.img"
  -append "console=ttyS0 loglevel=4 panic=-1"
  -drive "file=$IMAGE/rootfs.img,format=raw,if=virtio,readonly=on"
  -virtfs "local,path=$G,mount_tag=glvirt,security_model=none"
  -device "$GPU_DEVICE"
  -serial "file:$OUT/console.log"
  "${QEMU_DISPLAY[@]}")
printf '%q ' "${QEMU_ENV[@]}" qemu-system-x86_64 "${QEMU_ARGS[@]}" >"$OUT/qemu.cmd"
echo >>"$OUT/qemu.cmd"

log "booting: display $DISPLAY_KIND, library $EXPECT_LIB, timeout ${TIMEOUT}s (out: $OUT)"
t0=$SECONDS
"${QEMU_ENV[@]}" qemu-system-x86_64 "${QEMU_ARGS[@]}" >"$OUT/qemu.log" 2>&1 &
QEMU_PID=$!
if [ "$VERBOSE" = 1 ]; then
  touch "$G/results/guest.log"
  tail -n +1 -F "$G/results/guest.log" 2>/dev/null &
  TAIL_PID=$!
fi

MAPPED="" TIMED_OUT=0 DONE_AT=""
while kill -0 "$QEMU_PID" 2>/dev/null; do
  if [ -z "$MAPPED" ]; then
    MAPPED=$(awk '$6 ~ /libvirglrenderer/ { print $6 }' "/proc/$QEMU_PID/maps" 2>/dev/null | sort -u || true)
    [ -n "$MAPPED" ] && echo "$MAPPED" >"$OUT/maps.txt"
  fi
  if [ -f "$G/results/done" ] && [ -z "$DONE_AT" ]; then DONE_AT=$SECONDS; fi
  # The guest powers itself off after writing "done"; give it 30 s to do so.
  if [ $((SECONDS - t0)) -ge "$TIMEOUT" ] || { [ -n "$DONE_AT" ] && [ $((SECONDS - DONE_AT)) -ge 30 ]; }; then
    [ -n "$DONE_AT" ] || TIMED_OUT=1
    kill "$QEMU_PID" 2>/dev/null || true
    sleep 2
    kill -9 "$QEMU_PID" 2>/dev/null || true
    break
  fi
  sleep 0.5
done
QEMU_RC=0
wait "$QEMU_PID" || QEMU_RC=$?
QEMU_PID=""
RUN_SECONDS=$((SECONDS - t0))
if [ -n "$TAIL_PID" ]; then kill "$TAIL_PID" 2>/dev/null || true; wait "$TAIL_PID" 2>/dev/null || true; TAIL_PID=""; fi
if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; XVFB_PID=""; fi

# --- summary ---------------------------------------------------------------------------
R=$G/results
field() { [ -f "$1" ] && sed -n "s/^$2: //p" "$1" | head -n1 || true; }
REND_ES=$(field "$R/wflinfo-gles2.txt" "OpenGL renderer string")
VER_ES=$(field "$R/wflinfo-gles2.txt" "OpenGL version string")
REND_GL=$(field "$R/wflinfo-gl.txt" "OpenGL renderer string")
VER_GL=$(field "$R/wflinfo-gl.txt" "OpenGL version string")
RENDERER=${REND_ES:-$REND_GL}
KMS_RC=$(cat "$R/kmscube.rc" 2>/dev/null || echo none)
KMS_TIME=$(cat "$R/kmscube.time" 2>/dev/null || true)
PIGLIT_COUNTS="" PIGLIT_BAD=0
if [ -f "$R/piglit.txt" ]; then
  PIGLIT_COUNTS=$(awk '{ n[$NF]++ } END { for (r in n) printf "%s %d, ", r, n[r] }' "$R/piglit.txt" | sed 's/, $//')
  PIGLIT_BAD=$(awk '$NF != "pass" && $NF != "skip"' "$R/piglit.txt" | wc -l)
  [ -n "$PIGLIT_COUNTS" ] || PIGLIT_COUNTS="none ran"
fi
if [ "$PIGLIT_LIST" != none ]; then
  PIGLIT_TOTAL=$(grep -cv -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$G/piglit.list" || true)
  PIGLIT_RAN=0
  if [ -f "$R/piglit.txt" ]; then PIGLIT_RAN=$(wc -l <"$R/piglit.txt"); fi
fi

PROBLEMS=()
[ "$TIMED_OUT" = 1 ] && PROBLEMS+=("QEMU killed after ${TIMEOUT}s")
[ -f "$R/done" ] || PROBLEMS+=("the guest did not finish (see console.log, guest/results/guest.log, qemu.log)")
[ "$(cat "$R/done" 2>/dev/null)" = no-render-node ] && PROBLEMS+=("no /dev/dri/renderD128 in the guest")
[ -n "$MAPPED" ] || PROBLEMS+=("QEMU was not seen mapping any libvirglrenderer")
if [ -n "$MAPPED" ] && ! grep -qxF "$EXPECT_LIB" <<<"$MAPPED"; then
  PROBLEMS+=("QEMU mapped $MAPPED, not $EXPECT_LIB")
fi
[[ "$RENDERER" == virgl* ]] || PROBLEMS+=("the guest's GL_RENDERER is '${RENDERER}', not virgl")
if [ -n "$EXPECT" ] && [[ "$RENDERER" != *"$EXPECT"* ]]; then
  PROBLEMS+=("the guest's GL_RENDERER lacks '$EXPECT'")
fi
[ "$KMS_RC" = 0 ] || PROBLEMS+=("kmscube exit status $KMS_RC")
if [ "$REQUIRE_PIGLIT" = 1 ] && [ "$PIGLIT_LIST" != none ]; then
  [ "$PIGLIT_BAD" -eq 0 ] || PROBLEMS+=("$PIGLIT_BAD piglit tests neither passed nor skipped")
  [ "$PIGLIT_RAN" -eq "$PIGLIT_TOTAL" ] || PROBLEMS+=("piglit ran $PIGLIT_RAN of $PIGLIT_TOTAL tests")
fi

{
  echo "display:        $DISPLAY_KIND ($GPU_DEVICE, accel $ACCEL)"
  echo "library:        ${MAPPED:-not seen} (expected $EXPECT_LIB)"
  echo "qemu:           exit $QEMU_RC after ${RUN_SECONDS}s$([ "$TIMED_OUT" = 1 ] && echo ", killed at the timeout")"
  echo "GLES renderer:  ${REND_ES:-none} / ${VER_ES:-none}"
  echo "GL renderer:    ${REND_GL:-none} / ${VER_GL:-none}"
  echo "kmscube:        exit $KMS_RC${KMS_TIME:+, $KMS_TIME}"
  if [ "$PIGLIT_LIST" != none ]; then
    echo "piglit:         ${PIGLIT_RAN}/${PIGLIT_TOTAL} ran: ${PIGLIT_COUNTS:-none ran}"
    if [ -f "$R/piglit.txt" ]; then
      awk '$NF != "pass" && $NF != "skip" { print "  " $0 }' "$R/piglit.txt"
    fi
  fi
  echo "files:          $OUT (qemu.log, console.log, guest/results/)"
  if [ ${#PROBLEMS[@]} -eq 0 ]; then
    echo "result:         PASS (the guest rendered through virgl)"
  else
    printf 'problem:        %s\n' "${PROBLEMS[@]}"
    echo "result:         FAIL"
  fi
} | tee "$OUT/summary.txt"
[ ${#PROBLEMS[@]} -eq 0 ]
