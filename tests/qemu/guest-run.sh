#!/bin/bash
# Runs as PID 1 of the glvirt QEMU guest (tools/qemu-guest.sh copies it into the 9p share
# per run; the initramfs execs it from /mnt/glvirt). Steps, each bounded by a timeout:
#   1. load virtio_gpu, wait for /dev/dri/renderD128 (dmesg's virgl lines -> dmesg.txt)
#   2. wflinfo on GBM for GL and GLES2: renderer and version strings -> wflinfo-*.txt
#   3. kmscube -c FRAMES on the KMS output -> kmscube.txt, kmscube.rc
#   4. each line of piglit.list (piglit's "bin/<program> <args>", run in piglit's folder, or a
#      .shader_test path under piglit's tests/, run by shader_runner or, for GLES tests,
#      shader_runner_gles2/3) with PIGLIT_PLATFORM=gbm -auto -fbo -> piglit.txt
#      ("<test> <result>"), piglit/<test>.log
# then writes results/done and powers the guest off.
# Settings come from /mnt/glvirt/config (shell variables written by the host).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
S=/mnt/glvirt
R=$S/results
KMSCUBE_FRAMES=60 KMSCUBE_TIMEOUT=120 WFLINFO_TIMEOUT=120 PIGLIT_TIMEOUT=60 DRM_WAIT=30
[ -f "$S/config" ] && . "$S/config"
mkdir -p "$R/piglit"
exec >>"$R/guest.log" 2>&1 </dev/null

off() {
  sync
  echo o >/proc/sysrq-trigger
  sleep 30
}
trap off EXIT
log() { echo "[$(awk '{print $1}' /proc/uptime)] $*"; }

mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /var/tmp 2>/dev/null
# Mesa takes its shader cache from XDG_CACHE_HOME, else the passwd home (/root, read-only).
export HOME=/tmp XDG_CACHE_HOME=/tmp/.cache XDG_RUNTIME_DIR=/run/user
mkdir -p "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
hostname glvirt-guest 2>/dev/null
log "guest up: kernel $(uname -r)"

log "modprobe virtio_gpu"
modprobe virtio_gpu || log "modprobe virtio_gpu failed"
i=0
while [ ! -e /dev/dri/renderD128 ] && [ $i -lt $((DRM_WAIT * 10)) ]; do sleep 0.1; i=$((i + 1)); done
dmesg >"$R/dmesg.txt" 2>&1
if [ ! -e /dev/dri/renderD128 ]; then
  log "no /dev/dri/renderD128 after ${DRM_WAIT}s"
  echo "no-render-node" >"$R/done"
  exit 0
fi
log "render node up: $(ls /dev/dri | tr '\n' ' ')"
grep -E '\[drm\] (features|number of cap sets|cap set)|virtio_gpu|virgl' "$R/dmesg.txt" | sed 's/^/  dmesg: /'

for api in gles2 gl; do
  log "wflinfo -p gbm -a $api"
  timeout -k 5 "$WFLINFO_TIMEOUT" wflinfo -p gbm -a "$api" >"$R/wflinfo-$api.txt" 2>&1
  echo $? >"$R/wflinfo-$api.rc"
  grep -E 'renderer string|version string' "$R/wflinfo-$api.txt" | sed 's/^/  /'
done

# kmscube quits after one frame when its stdin is readable: give it a FIFO opened
# read-write (never readable, never at EOF) and let -c end it.
log "kmscube -c $KMSCUBE_FRAMES"
mkfifo /tmp/kmscube.in
t0=$(date +%s.%N)
timeout -k 5 "$KMSCUBE_TIMEOUT" kmscube -c "$KMSCUBE_FRAMES" <>/tmp/kmscube.in >"$R/kmscube.txt" 2>&1
echo $? >"$R/kmscube.rc"
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v n="$KMSCUBE_FRAMES" 'BEGIN { printf "%d frames in %.2f s (%.1f fps)\n", n, b - a, n / (b - a) }' >"$R/kmscube.time"
log "kmscube exit $(cat "$R/kmscube.rc"): $(cat "$R/kmscube.time")"

P=/usr/lib/x86_64-linux-gnu/piglit
if [ -s "$S/piglit.list" ]; then
  # Tests run in piglit's folder (arguments such as tests/spec/.../minimum-maximums.txt
  # are relative to it) and find their shader files through PIGLIT_SOURCE_DIR.
  export PIGLIT_PLATFORM=gbm PIGLIT_SOURCE_DIR=$P
  cd "$P" || exit 0
  : >"$R/piglit.txt"
  n=$(grep -cv -e '^#' -e '^[[:space:]]*$' "$S/piglit.list")
  log "piglit: $n tests"
  while IFS= read -r line; do
    line=${line%%#*}
    line=$(echo "$line" | sed 's/[[:space:]]*$//; s/^[[:space:]]*//')
    [ -z "$line" ] && continue
    name=$(echo "$line" | tr ' /' '__')
    case "$line" in
      bin/*) read -r -a cmd <<<"$line"; cmd[0]=$P/${cmd[0]} ;;
      *) # As piglit's framework does: GLES shader tests go to shader_runner_gles2/3.
         f=$P/tests/$line
         runner=shader_runner
         if grep -qiE '^[[:space:]]*GL(SL)?[[:space:]]+ES[[:space:]]*>=?[[:space:]]*3' "$f" 2>/dev/null; then
           runner=shader_runner_gles3
         elif grep -qiE '^[[:space:]]*GL(SL)?[[:space:]]+ES' "$f" 2>/dev/null; then
           runner=shader_runner_gles2
         fi
         cmd=("$P/bin/$runner" "$f") ;;
    esac
    s0=$(date +%s.%N)
    { timeout -k 5 "$PIGLIT_TIMEOUT" "${cmd[@]}" -auto -fbo </dev/null >"$R/piglit/$name.log" 2>&1; } 2>/dev/null
    rc=$?
    s1=$(date +%s.%N)
    r=$(grep -o '"result": "[a-z]*"' "$R/piglit/$name.log" | tail -1 | cut -d'"' -f4)
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then r=timeout
    elif [ -z "$r" ]; then r=crash; fi
    echo "$line $r" >>"$R/piglit.txt"
    log "  $r $(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.1fs", b - a }') $line"
  done <"$S/piglit.list"
fi
log "done"
echo ok >"$R/done"
