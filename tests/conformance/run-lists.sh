#!/usr/bin/env bash
# run-lists.sh [LIST...]: the full conformance comparison. Runs each piglit
# list (default: every file in lists/) through glvirt on --gl=core and
# --gl=es and through virgl_test_server on a GL and a GLES host, one after
# the other on the same machine, and prints pass counts and wall times per
# list and side. Results: $OUT (default /var/tmp/glvirt-lists)/<list>-<side>.txt.
# Env: JOBS, TEST_TIMEOUT (passed to run-piglit.sh), SIDES (default all four).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-/var/tmp/glvirt-lists}
mkdir -p "$OUT"
[ -x "$ROOT/build/src/glvirt-server" ] || { echo "build first (tests/run-all.sh or ninja -C build)" >&2; exit 1; }
# A frozen copy: relinking build/ while a run is going breaks the running
# server's clients (seen as a run of "crash" results).
SERVER="$OUT/glvirt-server.$$"
cp "$ROOT/build/src/glvirt-server" "$SERVER" || exit 1
trap 'rm -f "$SERVER"' EXIT
lists=("$@")
[ ${#lists[@]} -gt 0 ] || lists=("$HERE"/lists/*.txt)
sides=(${SIDES:-glvirt-core glvirt-es anchor-gl anchor-gles})
server_of() {
  case $1 in
    glvirt-core) echo "$SERVER --gl=core" ;;
    glvirt-es) echo "$SERVER --gl=es" ;;
    anchor-gl) echo "virgl_test_server --use-egl-surfaceless" ;;
    anchor-gles) echo "virgl_test_server --use-egl-surfaceless --use-gles" ;;
  esac
}
printf '%-22s' list; for s in "${sides[@]}"; do printf '%20s' "$s"; done; echo
for list in "${lists[@]}"; do
  name=$(basename "$list" .txt)
  printf '%-22s' "$name"
  for side in "${sides[@]}"; do
    start=$(date +%s)
    # shellcheck disable=SC2046
    "$HERE/run-piglit.sh" "$OUT/$name-$side.txt" "$list" -- $(server_of "$side") >/dev/null 2>&1
    took=$(( $(date +%s) - start ))
    n=$(wc -l <"$OUT/$name-$side.txt" 2>/dev/null || echo 0)
    p=$(awk '$NF == "pass"' "$OUT/$name-$side.txt" 2>/dev/null | wc -l)
    printf '%20s' "$p/$n ${took}s"
  done
  echo
done
