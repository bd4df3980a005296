#!/usr/bin/env bash
# run-fuzzers.sh [SECONDS]: builds the libFuzzer targets (clang) in build-fuzz
# and runs each for SECONDS (default 60): fuzz_decode on random input,
# fuzz_tgsi seeded with every 10th shader of tests/shaders/corpus, fuzz_vtest
# (the vtest byte stream into the real connection code and renderer on a live
# llvmpipe context) seeded by make-vtest-seeds.py and by the first 32 KiB of
# 44 piglit clients' streams (tests/fuzz/seeds-vtest, captured with
# GLVIRT_TAP_STREAM of tools/vtest-tap.c; SOURCES.txt names the tests). Findings land in
# build-fuzz/findings-<target>/; the script fails if there is one. Leak
# detection is off for fuzz_vtest: the host driver keeps per-process caches.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=${1:-60}
cd "$ROOT"
[ -f build-fuzz/build.ninja ] || CC=clang meson setup build-fuzz -Dfuzzers=true >/dev/null || exit 1
ninja -C build-fuzz tests/fuzz/fuzz_decode tests/fuzz/fuzz_tgsi tests/fuzz/fuzz_vtest >/dev/null || exit 1
status=0
for t in decode tgsi vtest; do
  seeds=build-fuzz/corpus-$t
  mkdir -p "$seeds" "build-fuzz/findings-$t"
  [ $t = tgsi ] && ls tests/shaders/corpus/*.tgsi | awk 'NR % 10 == 0' | xargs -r cp -t "$seeds"
  extra=()
  if [ $t = vtest ]; then
    python3 tests/fuzz/make-vtest-seeds.py "$seeds"
    cp tests/fuzz/seeds-vtest/*.vtest "$seeds"
    extra=(-detect_leaks=0 -close_fd_mask=2 -rss_limit_mb=4096 -max_len=65536 -timeout=60)
  fi
  build-fuzz/tests/fuzz/fuzz_$t -max_total_time="$T" -max_len=16384 -timeout=10 -rss_limit_mb=2048 "${extra[@]}" \
    -artifact_prefix="build-fuzz/findings-$t/" -print_final_stats=1 "$seeds" >"build-fuzz/fuzz-$t.log" 2>&1
  rc=$?
  echo "fuzz_$t: exit $rc, $(grep -E 'stat::number_of_executed_units' "build-fuzz/fuzz-$t.log" | awk '{print $2}') executions, $(grep -oE 'cov: [0-9]+ ft: [0-9]+' "build-fuzz/fuzz-$t.log" | tail -1)"
  [ $rc -eq 0 ] || { grep -E 'ERROR|SUMMARY' "build-fuzz/fuzz-$t.log" | head -5; status=1; }
done
exit $status
