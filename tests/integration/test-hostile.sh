#!/usr/bin/env bash
# test-hostile.sh SERVER [args]: the hostile-input suite against SERVER
# while a well-behaved client renders and checks its pixels in a loop
# beside it: every case must leave the server serving, and no case may
# change what the other client gets.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
INTEG="$ROOT/tests/integration"
ROUNDTRIP="$ROOT/build/tests/client/glvirt-roundtrip"
exec "$INTEG/with-server.sh" "$@" -- bash -c '
  roundtrip=$1 suite=$2
  stop=$(mktemp); fails=$(mktemp); runs=$(mktemp)
  trap "rm -f $stop $fails $runs" EXIT
  ( while [ -e "$stop" ]; do
      if "$roundtrip" --api=gl >/dev/null 2>&1; then echo ok >>"$runs"; else echo fail >>"$fails"; fi
    done ) &
  loop=$!
  python3 "$suite"
  status=$?
  rm -f "$stop"
  wait $loop
  n=$(wc -l <"$runs"); f=$(wc -l <"$fails")
  echo "concurrent client: $n correct renderings, $f wrong"
  [ "$n" -gt 0 ] && [ "$f" -eq 0 ] && exit $status
  exit 1' _ "$ROUNDTRIP" "$INTEG/hostile-vtest.py"
