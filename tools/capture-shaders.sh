#!/usr/bin/env bash
# capture-shaders.sh OUTDIR LISTFILE [SERVER...]
# Runs every piglit shader_test in LISTFILE (one path per line) through Mesa
# virpipe against SERVER (default: virgl_test_server --use-egl-surfaceless,
# which advertises GL 4.x so the guest sends its 4.x shaders) with the vtest
# tap preloaded, and collects each distinct TGSI shader the client sent in
# OUTDIR (named stage-hash.tgsi). Env: JOBS (default nproc), TEST_TIMEOUT (s).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "$1"); list=$(realpath "$2"); shift 2
server=("$@")
[ ${#server[@]} -gt 0 ] || server=(virgl_test_server --use-egl-surfaceless)
tap="$ROOT/build/tools/libglvirt-vtest-tap.so"
[ -f "$tap" ] || { echo "build first: ninja -C build" >&2; exit 1; }
runner=/usr/lib/x86_64-linux-gnu/piglit/bin/shader_runner
mkdir -p "$out"
export GLVIRT_TAP_DIR="$out" TAP="$tap" RUNNER="$runner" TT="${TEST_TIMEOUT:-20}"
CLIENT_TIMEOUT=100000 "$ROOT/tests/integration/with-server.sh" "${server[@]}" -- \
  bash -c 'xargs -a "$0" -P "${JOBS:-$(nproc)}" -I{} sh -c "LD_PRELOAD=\$TAP timeout -k 2 \$TT \$RUNNER {} -auto -fbo >/dev/null 2>&1; true"' "$list"
echo "$(ls "$out" | wc -l) distinct shaders in $out"
