#!/usr/bin/env bash
# check-piglit.sh LIST EXPECT [OUT] -- SERVER...
# Runs LIST through SERVER (run-piglit.sh) and compares each result with
# EXPECT, whose lines are "<test> <result> # <reason>" for every test that
# does not pass; every other test must pass. A regression and an unexpected
# pass both fail, so the expectation file always tells the truth.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
list=$1 expect=$2; shift 2
out=$(mktemp /var/tmp/glvirt-results.XXXXXX)
if [ "${1:-}" != -- ]; then out=$1; shift; fi
[ "${1:-}" = -- ] && shift
"$HERE/run-piglit.sh" "$out" "$list" -- "$@" || exit 1
status=0
while read -r test result; do
  want=$(grep -v '^#' "$expect" 2>/dev/null | awk -v t="$test" '$1 == t { print $2 }')
  want=${want:-pass}
  if [ "$result" != "$want" ]; then
    echo "MISMATCH $test: expected $want, got $result"
    status=1
  fi
done <"$out"
n=$(wc -l <"$out")
pass=$(awk '$2 == "pass"' "$out" | wc -l)
echo "$pass of $n pass; $(grep -vc '^#' "$expect" 2>/dev/null || echo 0) listed in $(basename "$expect")"
exit $status
