#!/usr/bin/env bash
# bench-tgsi.sh [REPEAT]: translation speed of the whole shader corpus, for a
# GL 4.50 and a GLSL ES 3.20 host (parse + emit, no GL compile), against the
# corpus size. Build first (ninja -C build).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-5}
corpus=("$ROOT"/tests/shaders/corpus/*.tgsi)
echo "corpus: ${#corpus[@]} shaders, $(cat "${corpus[@]}" | wc -c) bytes of TGSI"
for d in "" --es; do
  echo -n "${d:---gl} "
  "$ROOT/build/tools/glvirt-tgsi" --quiet $d --bench="$n" "${corpus[@]}" | grep '^bench' || true
done
