#!/usr/bin/env bash
# run-piglit.sh OUT LIST -- SERVER...
# run-piglit.sh OUT LIST -- --existing
# Runs every piglit test of LIST through Mesa virpipe against SERVER, in its
# own mount namespace (tests/integration/with-server.sh), JOBS at a time,
# or, with --existing, against the server already listening on this
# namespace's /tmp/.virgl_test (inside with-server.sh),
# and writes "<test> <result>" lines (pass, fail, skip, crash, timeout) to
# OUT, sorted. LIST lines: a .shader_test path relative to piglit's tests/
# or generated_tests/ folder, or "bin/<program> <args>".
# Env: JOBS (default nproc), TEST_TIMEOUT (s, default 60).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "$1"); list=$(realpath "$2"); shift 2
[ "${1:-}" = -- ] && shift
P=/usr/lib/x86_64-linux-gnu/piglit
work=$(mktemp -d /var/tmp/glvirt-piglit.XXXXXX)
# Also when a caller's timeout ends the run.
trap 'rm -rf "$work"' EXIT
trap 'exit 143' TERM INT
export P WORK="$work" TT="${TEST_TIMEOUT:-60}"
one() {
  line=$1
  name=$(echo "$line" | tr ' /' '__')
  case "$line" in
    bin/*) cmd=("$P/"$line) ;;
    *) f="$P/tests/$line"; [ -f "$f" ] || f="$P/generated_tests/$line"
       cmd=("$P/bin/shader_runner" "$f") ;;
  esac
  # The braces take bash's "Segmentation fault" notice of a crashed test:
  # the result says so, and a CI log grepped for crashes stays the server's.
  { timeout -k 5 "$TT" "${cmd[@]}" -auto -fbo >"$WORK/$name.log" 2>&1; } 2>/dev/null
  rc=$?
  r=$(grep -o '"result": "[a-z]*"' "$WORK/$name.log" | tail -1 | cut -d'"' -f4)
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then r=timeout
  elif [ -z "$r" ]; then r=crash; fi
  echo "$line $r"
}
export -f one
if [ "${1:-}" = --existing ]; then
  run=(env LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=virpipe PIGLIT_PLATFORM=surfaceless_egl)
else
  run=(env CLIENT_TIMEOUT=100000 "$ROOT/tests/integration/with-server.sh" "$@" --)
fi
"${run[@]}" \
  bash -c 'grep -v "^#" "$0" | sed "/^$/d" | xargs -d "\n" -P "${JOBS:-$(nproc)}" -I{} bash -c "one \"\$1\"" _ {} > "$WORK/results"' "$list"
status=$?
sort "$work/results" >"$out"
echo "$(wc -l <"$out") tests: $(cut -d' ' -f2- "$out" | awk '{print $NF}' | sort | uniq -c | tr '\n' ' ')"
# with-server.sh fails when the server crashed or a sanitizer reported.
exit $status
