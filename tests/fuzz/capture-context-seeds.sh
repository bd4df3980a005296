#!/usr/bin/env bash
# capture-context-seeds.sh TAPDIR LIST [SERVER...]
# Runs every piglit test of LIST (lines as in tests/conformance/lists) through
# Mesa virpipe against SERVER (default: this tree's glvirt-server from
# build-fuzz-ctx, so the client sends what it sends to us) with the vtest tap
# preloaded in the clients only and GLVIRT_TAP_SUBMITS=1: every command
# buffer and the resource requests around it land in TAPDIR
# (tools/vtest-tap.c). make-context-seeds.py --tap TAPDIR OUT turns them into
# fuzz_context seeds. Env: BUILD (default build-fuzz-ctx), JOBS, TEST_TIMEOUT.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "$1"); list=$(realpath "$2"); shift 2
B="$ROOT/${BUILD:-build-fuzz-ctx}"
server=("$@")
[ ${#server[@]} -gt 0 ] || server=("$B/src/glvirt-server" --gl=core)
tap="$B/tools/libglvirt-vtest-tap.so"
[ -f "$tap" ] || { echo "build first: ninja -C $B tools/libglvirt-vtest-tap.so src/glvirt-server" >&2; exit 1; }
mkdir -p "$out"
export GLVIRT_TAP_DIR="$out" TAP="$tap" P=/usr/lib/x86_64-linux-gnu/piglit TT="${TEST_TIMEOUT:-30}"
one() {
  case "$1" in
    bin/*) cmd=("$P/"$1) ;;
    *) f="$P/tests/$1"; [ -f "$f" ] || f="$P/generated_tests/$1"
       cmd=("$P/bin/shader_runner" "$f") ;;
  esac
  LD_PRELOAD="$TAP" GLVIRT_TAP_SUBMITS=1 GLVIRT_TAP_NAME="$1" timeout -k 2 "$TT" "${cmd[@]}" -auto -fbo >/dev/null 2>&1
  true
}
export -f one
CLIENT_TIMEOUT=100000 "$ROOT/tests/integration/with-server.sh" "${server[@]}" -- \
  bash -c 'grep -v "^#" "$0" | sed "/^$/d" | xargs -d "\n" -P "${JOBS:-2}" -I{} bash -c "one \"\$1\"" _ {}' "$list"
echo "$(ls "$out" | grep -c '^client-') clients, $(ls "$out" | grep -c '^submit-') command buffers in $out"
