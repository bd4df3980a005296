#!/usr/bin/env bash
# The one test command (README, CI): installs what is missing, builds, then
# runs unit tests, a sanitizer build of them, and the integration tests that
# drive glvirt-server with unmodified Mesa virpipe clients on a GL core and a
# GLES host, plus the same client against virgl_test_server to prove the
# client's expectations. Last line: "N passed, N failed".
#
# Env: GLVIRT_SKIP_ASAN=1 skips the sanitizer build; GLVIRT_TESTS=regex runs
# only matching integration tests.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RESULTS=${GLVIRT_RESULTS:-$ROOT/tests/results}
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
pass=0
fail=0
failed=()

record() { # name status
  if [ "$2" -eq 0 ]; then
    pass=$((pass + 1)); echo "PASS $1"
  else
    fail=$((fail + 1)); failed+=("$1"); echo "FAIL $1 (log: $RESULTS/$1.log)"
    tail -n 25 "$RESULTS/$1.log" | sed 's/^/    | /'
  fi
}

run_test() { # name timeout cmd...
  local name=$1 t=$2; shift 2
  if [ -n "${GLVIRT_TESTS:-}" ] && ! [[ $name =~ $GLVIRT_TESTS ]]; then
    return
  fi
  timeout -k 10 "$t" "$@" >"$RESULTS/$name.log" 2>&1
  record "$name" $?
}

finish() {
  [ ${#failed[@]} -eq 0 ] || echo "failed: ${failed[*]}"
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
  exit $?
}

if ! tools/deps.sh >"$RESULTS/deps.log" 2>&1; then
  record deps 1
  finish
fi

build() { # name dir meson-args...
  local name=$1 dir=$2; shift 2
  {
    if [ ! -f "$dir/build.ninja" ]; then
      meson setup "$dir" "$@" || exit 1
    fi
    ninja -C "$dir"
  } >"$RESULTS/$name.log" 2>&1
  record "$name" $?
}

build build "$ROOT/build"
if [ ! -x build/src/glvirt-server ]; then
  finish
fi

# Unit tests: one result per meson test.
unit() { # builddir prefix
  local dir=$1 prefix=$2
  for t in $(meson test -C "$dir" --no-rebuild --list 2>/dev/null | grep -v ' '); do
    run_test "$prefix$t" 600 meson test -C "$dir" --no-rebuild --print-errorlogs "$t"
  done
}
unit build unit-

if [ -z "${GLVIRT_SKIP_ASAN:-}" ]; then
  build build-asan "$ROOT/build-asan" -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
  if [ -f build-asan/build.ninja ]; then
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    unit build-asan asan-unit-
    unset ASAN_OPTIONS UBSAN_OPTIONS
  fi
fi

SERVER="$ROOT/build/src/glvirt-server"
INTEG="$ROOT/tests/integration"
ROUNDTRIP="$ROOT/build/tests/client/glvirt-roundtrip"
EXPECT="$ROOT/tests/expectations"
for host in core es; do
  run_test "glinfo-$host" 120 env EXPECT_RENDERER="glvirt" "$INTEG/test-glinfo.sh" "$SERVER" --gl=$host
  for api in gl gles; do
    run_test "roundtrip-$host-host-$api" 300 "$INTEG/check-expectations.sh" \
      "$EXPECT/roundtrip-$host-$api.txt" -- \
      "$INTEG/with-server.sh" "$SERVER" --gl=$host -- "$ROUNDTRIP" --api=$api
  done
  run_test "kmscube-frame-$host" 120 "$INTEG/with-server.sh" "$SERVER" --gl=$host -- \
    "$INTEG/replay-kmscube.py"
  run_test "demo-$host" 120 "$INTEG/with-server.sh" "$SERVER" --gl=$host -- \
    "$ROOT/build/tools/glvirt-demo" "$RESULTS/demo-$host.png"
  # The guest's GLES 3.2 (KHR_blend_equation_advanced): no context is a failure too.
  run_test "blend-advanced-$host" 120 "$INTEG/with-server.sh" "$SERVER" --gl=$host -- \
    "$ROOT/build/tests/client/glvirt-blend-advanced"
done
# Hostile input while another client renders; 1G of shared memory: the churn
# case checks that freed memory is returned to it.
run_test hostile-vtest 300 "$INTEG/test-hostile.sh" "$SERVER" --gl=on --max-guest-memory 1G
if [ -x build-asan/src/glvirt-server ]; then
  # Leaks are checked in each client process when it ends (the host driver's
  # own are suppressed by module); LeakSanitizer cannot run in the sandbox.
  run_test asan-hostile-vtest 300 env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    LSAN_OPTIONS=suppressions="$INTEG/lsan-host.supp" UBSAN_OPTIONS=halt_on_error=1 \
    "$INTEG/test-hostile.sh" "$ROOT/build-asan/src/glvirt-server" --gl=on --no-sandbox --max-guest-memory 1G
fi
# 8 piglit clients at once, alone and beside the hostile suite: same results.
run_test isolation 600 "$INTEG/test-isolation.sh" "$SERVER" --gl=on
if [ -x build-asan/src/glvirt-server ]; then
  # A few tests of each piglit list against the sanitizer build, leak-checked.
  run_test asan-piglit-smoke 600 env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    LSAN_OPTIONS=suppressions="$INTEG/lsan-host.supp" UBSAN_OPTIONS=halt_on_error=1 \
    "$ROOT/tests/conformance/check-piglit.sh" "$ROOT/tests/conformance/lists/asan-smoke.txt" \
    "$EXPECT/piglit-asan-smoke.txt" "$RESULTS/piglit-asan-smoke.results" -- \
    "$ROOT/build-asan/src/glvirt-server" --gl=core --no-sandbox
fi
run_test limits 300 "$INTEG/test-limits.sh" "$SERVER" --gl=on
run_test watchdog 300 "$INTEG/test-watchdog.sh" "$SERVER" --gl=on
run_test kill-client 300 "$INTEG/test-kill-client.sh" "$SERVER" --gl=on
run_test sandbox 120 "$INTEG/test-sandbox.sh" "$SERVER" --gl=on
run_test shader-cache 120 "$INTEG/test-shader-cache.sh" "$SERVER" --gl=on
# Shaders: the server receives, translates and compiles what piglit sends;
# the captured corpus translates, validates and compiles on both dialects.
for host in core es; do
  run_test "shader-dump-$host" 300 "$INTEG/test-shader-dump.sh" "$SERVER" --gl=$host
done
# Draws, queries and conditional rendering, transform feedback and the GL
# API (spec@!opengl 1.0-4.x): piglit lists through glvirt on both host APIs,
# against expectations, without the tests of ci-exclude.txt (minutes each,
# or at the mercy of the machine's load). The longer lists (arb-ext,
# glsl-sample, gl40-parts, formats) run in run-lists.sh.
for list in ci-glsl queries xfb streams gl-api; do
  grep -vxF -f "$ROOT/tests/conformance/ci-exclude.txt" \
    "$ROOT/tests/conformance/lists/$list.txt" >"$RESULTS/$list-ci.txt"
  limit=600; [ $list = gl-api ] && limit=900
  for host in core es; do
    run_test "piglit-$list-$host" $limit "$ROOT/tests/conformance/check-piglit.sh" \
      "$RESULTS/$list-ci.txt" "$EXPECT/piglit-$list-$host.txt" \
      "$RESULTS/piglit-$list-$host.results" -- "$SERVER" --gl=$host
  done
done
# libvirglrenderer.so.1: Debian's own virgl_test_server links it dynamically,
# so with glvirt's library first on the search path the real client reaches
# glvirt through virglrenderer's front end and the library ABI alone.
LIBSERVER=(env LD_LIBRARY_PATH="$ROOT/build/src/lib" virgl_test_server --use-egl-surfaceless)
run_test lib-loaded 120 "$INTEG/test-lib-loaded.sh" "$ROOT/build/src/lib"
run_test lib-kmscube-frame-es 120 "$INTEG/with-server.sh" "${LIBSERVER[@]}" --use-gles -- \
  "$INTEG/replay-kmscube.py"
for host in core es; do
  gles=(); [ $host = es ] && gles=(--use-gles)
  run_test "lib-piglit-ci-glsl-$host" 600 "$ROOT/tests/conformance/check-piglit.sh" \
    "$ROOT/tests/conformance/lists/ci-glsl.txt" "$EXPECT/piglit-lib-ci-glsl-$host.txt" \
    "$RESULTS/piglit-lib-ci-glsl-$host.results" -- "${LIBSERVER[@]}" "${gles[@]}"
done
# A real guest: Debian's unmodified QEMU loads glvirt's library and the guest
# renders kmscube and piglit through it (tools/qemu-guest.sh builds and caches
# the guest image first: about 2.5 minutes and 0.5 GB of downloads), on a GL
# host context (egl-headless) and a GLES one (SDL under Xvfb).
run_test qemu-guest-gl 1500 tools/qemu-guest.sh --expect-renderer glvirt --require-piglit \
  --out "$RESULTS/qemu-guest-gl"
version=$(sed -n "s/^ *version : '\(.*\)',/\1/p" meson.build | head -1)
run_test qemu-guest-es 600 tools/qemu-guest.sh --display sdl-es --expect-renderer "glvirt $version ES" \
  --piglit none --out "$RESULTS/qemu-guest-es"
run_test tgsi-corpus 1200 "$ROOT/tests/shaders/check-corpus.sh" "$ROOT/build" "$RESULTS/tgsi-corpus"
# The client's expectations are right only if the anchor agrees with them.
run_test roundtrip-anchor-gl 300 "$INTEG/check-expectations.sh" "$EXPECT/roundtrip-anchor-gl.txt" -- \
  "$INTEG/with-server.sh" virgl_test_server --use-egl-surfaceless -- "$ROUNDTRIP" --api=gl
run_test roundtrip-anchor-gles-host-gl 300 "$INTEG/check-expectations.sh" \
  "$EXPECT/roundtrip-anchor-gles-host-gl.txt" -- \
  "$INTEG/with-server.sh" virgl_test_server --use-egl-surfaceless --use-gles -- "$ROUNDTRIP" --api=gl

finish
