#!/usr/bin/env bash
# test-watchdog.sh SERVER [args]: a guest draw that does not end ends its
# own client process after --max-command-time with a message naming the
# flag; the server and the next client carry on.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
P=/usr/lib/x86_64-linux-gnu/piglit
log=$(mktemp /var/tmp/glvirt-watchdog.XXXXXX)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
SERVER_LOG="$log" "$ROOT/tests/integration/with-server.sh" "$@" --max-command-time 3 -- bash -c "
  timeout 60 '$P/bin/shader_runner' '$ROOT/tests/integration/data/endless-draw.shader_test' -auto -fbo
  echo \"endless client exit status \$?\"
  '$ROOT/build/tests/client/glvirt-roundtrip' --api=gl | tail -1"
status=$?
took=$(( $(date +%s) - start ))
grep -E "error" "$log" | head -5
if [ $status -ne 0 ]; then
  echo "FAIL: the server or the following client failed"; exit 1
fi
if ! grep -q -- "--max-command-time" "$log"; then
  echo "FAIL: no watchdog message"; exit 1
fi
echo "watchdog: ok (${took}s)"
