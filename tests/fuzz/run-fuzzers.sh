#!/usr/bin/env bash
# run-fuzzers.sh [SECONDS]: builds the libFuzzer targets (clang) in build-fuzz
# and runs each for SECONDS (default 60): fuzz_decode on random input,
# fuzz_tgsi seeded with every 10th shader of tests/shaders/corpus, fuzz_vtest
# (the vtest byte stream into the real connection code and renderer on a live
# llvmpipe context) seeded by make-vtest-seeds.py and by the first 32 KiB of
# 44 piglit clients' streams (tests/fuzz/seeds-vtest, captured with
# GLVIRT_TAP_STREAM of tools/vtest-tap.c; SOURCES.txt names the tests), and
# fuzz_context (command buffers into the renderer core, GL backend and
# translator behind a preamble of valid state, see context_fuzz.c) seeded by
# make-context-seeds.py and by the piglit command buffers of
# tests/fuzz/seeds-context (captured with GLVIRT_TAP_SUBMITS,
# capture-context-seeds.sh; SOURCES.txt names the tests). Findings land in
# build-fuzz/findings-<target>/; the script fails if there is one. Leak
# detection is off for fuzz_vtest: the host driver keeps per-process caches;
# fuzz_context checks leaks per input with the host driver libraries
# suppressed (lsan-driver.supp).
# Env: FUZZ_BUILD (build directory, default build-fuzz), FUZZ_TARGETS
# (default "decode tgsi vtest context").
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=${1:-60}
B=${FUZZ_BUILD:-build-fuzz}
targets=${FUZZ_TARGETS:-decode tgsi vtest context}
cd "$ROOT"
[ -f "$B/build.ninja" ] || CC=clang meson setup "$B" -Dfuzzers=true >/dev/null || exit 1
ninja -C "$B" $(for t in $targets; do echo "tests/fuzz/fuzz_$t"; done) >/dev/null || exit 1
status=0
for t in $targets; do
  seeds=$B/corpus-$t
  mkdir -p "$seeds" "$B/findings-$t"
  [ $t = tgsi ] && ls tests/shaders/corpus/*.tgsi | awk 'NR % 10 == 0' | xargs -r cp -t "$seeds"
  extra=()
  if [ $t = vtest ]; then
    python3 tests/fuzz/make-vtest-seeds.py "$seeds"
    cp tests/fuzz/seeds-vtest/*.vtest "$seeds"
    extra=(-detect_leaks=0 -close_fd_mask=2 -rss_limit_mb=4096 -max_len=65536 -timeout=60)
  fi
  if [ $t = context ]; then
    python3 tests/fuzz/make-context-seeds.py "$seeds"
    cp tests/fuzz/seeds-context/*.ctx "$seeds"
    extra=(-close_fd_mask=2 -rss_limit_mb=4096 -max_len=32768 -timeout=60 -dict=tests/fuzz/context.dict)
  fi
  LSAN_OPTIONS="suppressions=$ROOT/tests/fuzz/lsan-driver.supp:print_suppressions=0" \
  "$B/tests/fuzz/fuzz_$t" -max_total_time="$T" -max_len=16384 -timeout=10 -rss_limit_mb=2048 "${extra[@]}" \
    -artifact_prefix="$B/findings-$t/" -print_final_stats=1 "$seeds" >"$B/fuzz-$t.log" 2>&1
  rc=$?
  echo "fuzz_$t: exit $rc, $(grep -E 'stat::number_of_executed_units' "$B/fuzz-$t.log" | awk '{print $2}') executions, $(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$B/fuzz-$t.log" | tail -1)"
  [ $rc -eq 0 ] || { grep -E 'ERROR|SUMMARY' "$B/fuzz-$t.log" | head -5; status=1; }
done
exit $status
