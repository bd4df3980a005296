#!/usr/bin/env bash
# test-hostile.sh SERVER [args]: the hostile-input suite (hostile-vtest.py)
# against SERVER, while beside it a well-behaved client (glvirt-roundtrip
# --api=gl, through Mesa virpipe) renders and checks its pixels over and
# over until the suite is done. Fails when a case fails, when any rendering
# of the other client was wrong (no case may change what another client
# gets), when it never completed one, or when with-server.sh saw a server
# process crash or a sanitizer report.
# Env: ROUNDTRIP (the client binary; default: build/'s, else the one built
# beside SERVER), HOSTILE_CASES (names of cases to run, default all),
# CLIENT_TIMEOUT (s, default 280).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
INTEG="$ROOT/tests/integration"
[ $# -gt 0 ] || { echo "usage: $0 SERVER [server args]" >&2; exit 2; }
# The plain build's client first: a sanitizer build's client would report
# the host driver's leaks as its own failure.
builddir=$(cd "$(dirname "$1")/.." 2>/dev/null && pwd)
roundtrip=${ROUNDTRIP:-}
for cand in "$ROOT/build/tests/client/glvirt-roundtrip" \
            "${builddir%-asan}/tests/client/glvirt-roundtrip" \
            "$builddir/tests/client/glvirt-roundtrip"; do
  [ -n "$roundtrip" ] && break
  [ -x "$cand" ] && roundtrip=$cand
done
[ -n "$roundtrip" ] && [ -x "$roundtrip" ] || { echo "test-hostile: no glvirt-roundtrip built" >&2; exit 2; }
export CLIENT_TIMEOUT=${CLIENT_TIMEOUT:-280}
exec "$INTEG/with-server.sh" "$@" -- bash -c '
  roundtrip=$1 suite=$2
  work=$(mktemp -d /tmp/glvirt-hostile.XXXXXX)
  trap "rm -rf $work" EXIT
  touch "$work/run"
  ( n=0
    while [ -e "$work/run" ]; do
      n=$((n + 1))
      if ASAN_OPTIONS=detect_leaks=0 timeout -k 5 100 "$roundtrip" --api=gl >"$work/out.$n" 2>&1; then
        echo ok >>"$work/runs"; rm -f "$work/out.$n"
      else
        echo "$n" >>"$work/fails"
      fi
    done ) &
  loop=$!
  # shellcheck disable=SC2086 # the case names are words
  python3 "$suite" ${HOSTILE_CASES:-}
  status=$?
  rm -f "$work/run"
  wait $loop
  runs=$(cat "$work/runs" 2>/dev/null | wc -l)
  fails=$(cat "$work/fails" 2>/dev/null | wc -l)
  echo "concurrent client: $runs correct renderings, $fails wrong or failed"
  for n in $(cat "$work/fails" 2>/dev/null); do
    echo "---- concurrent client run $n:"; grep -v "^PASS" "$work/out.$n" | head -20
  done
  [ "$runs" -gt 0 ] && [ "$fails" -eq 0 ] || exit 1
  exit $status' _ "$roundtrip" "$INTEG/hostile-vtest.py"
