#!/usr/bin/env bash
# check-piglit.sh LIST EXPECT [OUT] -- SERVER...
# Runs LIST through SERVER (run-piglit.sh) and compares each result with
# EXPECT, whose lines are "<test> <result> # <reason>" for every test that
# does not pass; every other test must pass. A regression and an unexpected
# pass both fail, so the expectation file always tells the truth.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
list=$1 expect=$2; shift 2
if [ "${1:-}" != -- ]; then
  out=$1; shift
else
  out=$(mktemp /var/tmp/glvirt-results.XXXXXX)
  trap 'rm -f "$out"' EXIT
fi
[ "${1:-}" = -- ] && shift
"$HERE/run-piglit.sh" "$out" "$list" -- "$@" || exit 1
status=0
# Tests may have arguments: the result is always the last word (before any
# "# reason" in EXPECT), the test everything before it.
declare -A want
if [ -f "$expect" ]; then
  while IFS= read -r line; do
    line=${line%%#*}; line=${line%"${line##*[! ]}"}
    [ -n "$line" ] || continue
    want["${line% *}"]=${line##* }
  done <"$expect"
fi
while IFS= read -r line; do
  test=${line% *} result=${line##* }
  w=${want["$test"]:-pass}
  if [ "$result" != "$w" ]; then
    echo "MISMATCH $test: expected $w, got $result"
    status=1
  fi
done <"$out"
n=$(wc -l <"$out")
pass=$(awk '$NF == "pass"' "$out" | wc -l)
echo "$pass of $n pass; $(grep -vc '^#' "$expect" 2>/dev/null || echo 0) listed in $(basename "$expect")"
exit $status
