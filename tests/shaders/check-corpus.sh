#!/usr/bin/env bash
# check-corpus.sh BUILD_DIR [OUT_DIR]
# The shader corpus check: every TGSI shader in tests/shaders/corpus (captured
# from piglit runs through Mesa virpipe, tools/capture-shaders.sh) must
#   1. translate and pass glslangValidator for a GL 4.50 and a GLSL ES 3.20
#      dialect (every extension glvirt knows available),
#   2. translate for the live host GL (core and ES contexts) and compile there,
# and the programs of tests/shaders/programs-ci.txt (stage combinations seen in
# the same captures) must link on the host. Shaders a dialect cannot express
# are listed with their reason in tests/expectations/tgsi-*-fails.txt; a
# failure not listed, or a listed one that now passes, fails the check.
# Env: GLVIRT_PROGRAMS=all links tests/shaders/programs.txt (slow) instead.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(realpath "$1")
OUT=${2:-$(mktemp -d)}
mkdir -p "$OUT"
CORPUS=$ROOT/tests/shaders/corpus
EXP=$ROOT/tests/expectations
TGSI=$BUILD/tools/glvirt-tgsi
CHECK=$BUILD/tests/client/glvirt-shader-check
status=0
n=$(ls "$CORPUS" | wc -l)
echo "corpus: $n shaders"

# Failing file names of one check, from "FAIL <path>: <reason>" lines.
failures() {
  sed -n 's/^FAIL \([^:]*\): \(.*\)$/\1\t\2/p' |
    sed -E "s|^$CORPUS/||; s|^$OUT/[a-z]*/||; s/\.tgsi(\.[a-z]+)?\t/\t/; s/TGSI line [0-9]+ \(([A-Z0-9_]+)\): /\1: /"
}

compare() { # name actual-file
  local name=$1 actual=$2 expected=$EXP/tgsi-$1-fails.txt
  local exp_names act_names
  exp_names=$(grep -v '^#' "$expected" 2>/dev/null | cut -f1 | sed '/^$/d' | sort -u)
  act_names=$(cut -f1 "$actual" | sed '/^$/d' | sort -u)
  local new fixed
  new=$(comm -13 <(echo "$exp_names") <(echo "$act_names") | sed '/^$/d')
  fixed=$(comm -23 <(echo "$exp_names") <(echo "$act_names") | sed '/^$/d')
  local nfail
  nfail=$(echo "$act_names" | sed '/^$/d' | wc -l)
  echo "$name: $((n - nfail)) of $n pass, $nfail fail"
  if [ -n "$new" ]; then
    echo "$name: UNEXPECTED failures:"
    for f in $new; do grep -m1 "^$f" "$actual" | sed 's/^/    /'; done
    status=1
  fi
  if [ -n "$fixed" ]; then
    echo "$name: now passing, remove from $expected:"
    echo "$fixed" | sed 's/^/    /'
    status=1
  fi
}

for dialect in gl es; do
  rm -rf "${OUT:?}/$dialect"
  mkdir -p "$OUT/$dialect"
  flag=; [ $dialect = es ] && flag=--es
  "$TGSI" $flag --out-dir="$OUT/$dialect" "$CORPUS"/*.tgsi >"$OUT/translate-$dialect.log" 2>&1
  # glslangValidator prints the file name, then its errors.
  (cd "$OUT/$dialect" && ls | xargs -r -n 200 glslangValidator) 2>&1 |
    awk '/\.tgsi\.[a-z]+$/ { file = $0; next }
         /^ERROR: / && file != "" && !seen[file]++ { sub(/^ERROR: [^:]*:[0-9]*: /, ""); print "FAIL " file ": " $0 }' \
      >"$OUT/glslang-$dialect.log"
  cat "$OUT/translate-$dialect.log" "$OUT/glslang-$dialect.log" | failures >"$OUT/fails-glslang-$dialect.txt"
  compare glslang-$dialect "$OUT/fails-glslang-$dialect.txt"
done

programs=$ROOT/tests/shaders/programs-ci.txt
[ "${GLVIRT_PROGRAMS:-}" = all ] && programs=$ROOT/tests/shaders/programs.txt
sed "s|=\([^ ]*\)|=$CORPUS/\1|g" "$programs" >"$OUT/programs.txt"
nprog=$(wc -l <"$OUT/programs.txt")
for api in core es; do
  "$CHECK" --gl=$api --link "$OUT/programs.txt" "$CORPUS"/*.tgsi >"$OUT/host-$api.log" 2>&1
  grep -v '^FAIL link' "$OUT/host-$api.log" | failures >"$OUT/fails-host-$api.txt"
  compare host-$api "$OUT/fails-host-$api.txt"
  links=$(grep -c '^FAIL link' "$OUT/host-$api.log")
  echo "host-$api: $((nprog - links)) of $nprog programs link"
  if [ "$links" -gt 0 ]; then
    grep '^FAIL link' "$OUT/host-$api.log" | head -20 | sed 's/^/    /'
    status=1
  fi
  tail -n 1 "$OUT/host-$api.log" | grep -q ' ok, ' || { echo "host-$api: the checker did not finish"; status=1; }
done
exit $status
