#!/usr/bin/env bash
# check-expectations.sh FILE -- CMD...
# Runs CMD, which prints "PASS name" / "FAIL name: why" / "SKIP name" lines,
# and compares its failures with FILE: lines "name  # reason" list the checks
# known to fail. An unexpected failure fails, and so does an unexpected pass
# (so an improvement is noticed and the file updated). Blank lines and lines
# starting with # are ignored.
set -uo pipefail
exp=$1; shift
[ "$1" = "--" ] && shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
status=$?
cat "$out"
known=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$exp" 2>/dev/null | grep -v '^$' | sort -u)
got_fail=$(sed -n 's/^FAIL \([^:]*\).*/\1/p' "$out" | sort -u)
got_pass=$(sed -n 's/^PASS \([^ ]*\).*/\1/p' "$out" | sort -u)
npass=$(printf '%s\n' "$got_pass" | grep -c . || true)
bad=0
for t in $got_fail; do
  if ! printf '%s\n' "$known" | grep -qx -- "$t"; then
    echo "UNEXPECTED FAILURE: $t"; bad=1
  fi
done
for t in $known; do
  if printf '%s\n' "$got_pass" | grep -qx -- "$t"; then
    echo "UNEXPECTED PASS (remove it from $exp): $t"; bad=1
  fi
done
# A client that died half-way prints no summary: its missing checks count.
if ! grep -Eq '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$out"; then
  echo "the client printed no summary line: it did not run to the end"; bad=1
fi
if [ "$npass" -eq 0 ]; then
  echo "no check passed (exit status $status): the client or server did not run"
  bad=1
fi
echo "expectations: $npass passed, $(printf '%s\n' "$got_fail" | grep -c . || true) failed as listed in $(basename "$exp"), status $status"
exit $bad
