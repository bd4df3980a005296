#!/usr/bin/env bash
# test-isolation.sh SERVER [args] [-- LIST]
# Proves that a hostile client cannot change what other clients get: on one
# server (with-server.sh), LIST (default lists/isolation.txt) runs with 8
# piglit clients at once, first alone (the baseline), then in rounds while
# tests/integration/hostile-vtest.py runs over and over beside them. Rounds
# repeat until the hostile suite has completed at least one whole pass
# beside them; every round must give exactly the baseline's results. Fails
# on any difference (printed), a failed or hung hostile pass, or a crash or
# sanitizer report in the server log (with-server.sh).
# Env: ISOLATION_TIMEOUT (s, default 450) bounds the whole run;
# HOSTILE_PASSES (default 1) complete hostile passes to wait for;
# ISOLATION_KEEP=DIR keeps results, logs and the server log in DIR.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SUITE="$HERE/hostile-vtest.py"
HOSTILE_TIMEOUT=300   # a pass took 22 s alone, 100-125 s beside 8 clients on 2 busy cores
nlines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }
counts() { awk '{print $NF}' "$1" | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}' | sed 's/, $//'; }

# Inside the server's namespace (re-invoked by with-server.sh below).
if [ "${1:-}" = --inner ]; then
  list=$2 work=$3
  loop=
  stop_hostile() {
    touch "$work/stop"
    [ -n "$loop" ] || return 0
    # The pass in flight is cut short: it has already overlapped the last
    # round, and an abrupt disconnect is one more thing the server must take.
    # The pid is read again each time: the loop may have started one more
    # pass just before it saw the stop file.
    for _ in $(seq 100); do
      kill -TERM "$(cat "$work/hostile.pid" 2>/dev/null)" 2>/dev/null
      kill -0 "$loop" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$loop" 2>/dev/null
    wait "$loop" 2>/dev/null
    loop=
  }
  trap stop_hostile EXIT
  trap 'exit 143' TERM INT
  piglit() { JOBS=8 "$ROOT/tests/conformance/run-piglit.sh" "$1" "$list" -- --existing; }

  t=$SECONDS
  echo "baseline: $list alone, 8 clients at a time"
  piglit "$work/baseline.txt" || { echo "FAIL: the baseline run failed"; exit 1; }
  echo "baseline took $((SECONDS - t)) s"

  hostile_loop() {
    local n=0 rc log
    while [ ! -e "$work/stop" ]; do
      n=$((n + 1)); log="$work/hostile.$n.log"
      timeout -k 5 "$HOSTILE_TIMEOUT" python3 "$SUITE" >"$log" 2>&1 &
      echo $! >"$work/hostile.pid"
      wait $!; rc=$?
      if [ $rc -eq 0 ]; then
        echo "$n" >>"$work/hostile.done"
      elif [ -e "$work/stop" ] && ! grep -q '^FAIL' "$log"; then
        echo "$n" >"$work/hostile.cut"   # stopped by us, nothing failed
      else
        echo "$n" >>"$work/hostile.failed"
        { echo "hostile pass $n failed (rc $rc):"; grep -E '^FAIL|hostile-vtest:' "$log" || tail -n 20 "$log"; } >&2
        [ $rc -eq 124 ] && echo "hostile pass $n: no end after $HOSTILE_TIMEOUT s" >&2
      fi
    done
  }
  hostile_loop &
  loop=$!
  want=${HOSTILE_PASSES:-1} round=0 status=0
  while :; do
    round=$((round + 1)); t=$SECONDS
    echo "round $round: $list beside the hostile suite"
    piglit "$work/round-$round.txt" || { echo "FAIL: round $round did not complete"; exit 1; }
    echo "round $round took $((SECONDS - t)) s"
    if ! diff -U0 --label baseline --label "round-$round" "$work/baseline.txt" "$work/round-$round.txt"; then
      echo "FAIL: round $round differs from the baseline"; status=1
    fi
    [ -e "$work/hostile.failed" ] && break
    [ "$(nlines "$work/hostile.done")" -ge "$want" ] && break
  done
  stop_hostile
  exit $status
fi

server=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do server+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
[ ${#server[@]} -gt 0 ] || { echo "usage: $0 SERVER [args] [-- LIST]" >&2; exit 2; }
list=$(realpath "${1:-$ROOT/tests/conformance/lists/isolation.txt}") || exit 2
work=$(mktemp -d /var/tmp/glvirt-isolation.XXXXXX)
keep=${ISOLATION_KEEP:-}
cleanup() {
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp -r "$work"/. "$keep"/; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
start=$SECONDS
# 1G of shared memory per client: the hostile churn case then checks that
# freed memory returns to the quota (a later --max-guest-memory wins).
CLIENT_TIMEOUT=${ISOLATION_TIMEOUT:-450} SERVER_LOG="$work/server.log" \
  "$HERE/with-server.sh" "${server[0]}" --max-guest-memory 1G "${server[@]:1}" -- \
  "$HERE/test-isolation.sh" --inner "$list" "$work"
status=$?
[ $status -eq 124 ] && echo "FAIL: no end after ${ISOLATION_TIMEOUT:-450} s (ISOLATION_TIMEOUT)"

done_n=$(nlines "$work/hostile.done")
echo "---- summary ($((SECONDS - start)) s)"
[ -f "$work/baseline.txt" ] && echo "baseline: $(counts "$work/baseline.txt")"
rounds=$(find "$work" -name 'round-*.txt' | wc -l) differ=()
for r in $(seq "$rounds"); do
  cmp -s "$work/baseline.txt" "$work/round-$r.txt" || differ+=("$r")
done
if [ "$rounds" -gt 0 ]; then
  echo "beside the hostile suite: $rounds rounds, $((rounds - ${#differ[@]})) identical to the baseline"
  for r in "${differ[@]}"; do echo "round $r: $(counts "$work/round-$r.txt")"; done
fi
echo "hostile suite beside them: $done_n complete passes$([ -e "$work/hostile.cut" ] && echo ", one more cut short at the end")"
if [ -e "$work/hostile.failed" ]; then
  echo "FAIL: the hostile suite failed in pass $(paste -sd, "$work/hostile.failed")"; status=1
elif [ "$status" -eq 0 ] && [ "$done_n" -lt "${HOSTILE_PASSES:-1}" ]; then
  echo "FAIL: the hostile suite never completed a pass"; status=1
fi
[ "$status" -ne 0 ] && [ -n "$keep" ] && echo "results and logs kept in $keep"
[ "$status" -eq 0 ] && echo "isolation: ok"
exit "$status"
