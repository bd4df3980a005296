#!/usr/bin/env bash
# test-isolation.sh SERVER [args] [-- LIST]: 8 clients rendering piglit
# tests at once on one server, first alone, then while a hostile client runs
# the whole hostile-input suite over and over beside them. Every test must
# give the same result both times, the hostile suite must pass, and the
# server must survive (with-server.sh checks its log for crashes).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
server=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do server+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
list=${1:-$ROOT/tests/conformance/lists/ci-glsl.txt}
work=$(mktemp -d /var/tmp/glvirt-isolation.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$ROOT/tests/integration/with-server.sh" "${server[@]}" --max-guest-memory 1G -- bash -c '
  root=$1 list=$2 work=$3
  run() { JOBS=8 "$root/tests/conformance/run-piglit.sh" "$1" "$list" -- --existing; }
  run "$work/alone.txt" || exit 1
  touch "$work/hostile.run"
  ( n=0
    while [ -e "$work/hostile.run" ] || [ $n -eq 0 ]; do
      python3 "$root/tests/integration/hostile-vtest.py" >"$work/hostile.log" 2>&1 || { echo fail >>"$work/hostile.fail"; cat "$work/hostile.log"; }
      n=$((n + 1)); echo $n >"$work/hostile.passes"
    done ) &
  loop=$!
  run "$work/beside.txt" || exit 1
  rm -f "$work/hostile.run"
  wait $loop
' _ "$ROOT" "$list" "$work" || { echo "FAIL: a run did not complete"; exit 1; }
passes=$(cat "$work/hostile.passes" 2>/dev/null || echo 0)
echo "alone:  $(awk '{print $NF}' "$work/alone.txt" | sort | uniq -c | tr '\n' ' ')"
echo "beside: $(awk '{print $NF}' "$work/beside.txt" | sort | uniq -c | tr '\n' ' ')"
echo "hostile suite runs beside them: $passes"
status=0
if ! diff "$work/alone.txt" "$work/beside.txt"; then
  echo "FAIL: the hostile client changed results"; status=1
fi
[ -e "$work/hostile.fail" ] && { echo "FAIL: the hostile suite failed"; status=1; }
[ "$passes" -ge 1 ] || { echo "FAIL: the hostile suite never ran"; status=1; }
[ $status = 0 ] && echo "isolation: ok"
exit $status
