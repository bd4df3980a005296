#!/usr/bin/env bash
# test-shader-dump.sh SERVER [ARGS...]
# Runs piglit shader_runner tests through Mesa virpipe against the server
# with --dump-shaders and checks that every shader the guest sent arrived,
# parsed, translated for the host and compiled there: one .tgsi and one
# .glsl file per shader, no .err file, no shader error in the server log.
set -uo pipefail
INTEG=$(cd "$(dirname "$0")" && pwd)
P=/usr/lib/x86_64-linux-gnu/piglit
dir=$(mktemp -d /var/tmp/glvirt-dump.XXXXXX)
log=$dir/server.log
tests=(
  "$P/tests/spec/glsl-1.10/execution/vs-sign-neg.shader_test"
  "$P/tests/spec/glsl-1.30/execution/fs-texture-sampler2dshadow-01.shader_test"
  "$P/tests/spec/glsl-1.50/execution/geometry/clip-distance-in-values.shader_test"
  "$P/tests/spec/glsl-es-3.00/execution/varying-struct-basic.shader_test"
)
status=0
for t in "${tests[@]}"; do
  [ -f "$t" ] || { echo "missing piglit test $t"; status=1; continue; }
  SERVER_LOG=$log.part "$INTEG/with-server.sh" "$@" --dump-shaders="$dir" -- \
    "$P/bin/shader_runner" "$t" -auto -fbo >/dev/null 2>&1
  cat "$log.part" >>"$log"
done
ntgsi=$(ls "$dir"/*.tgsi 2>/dev/null | wc -l)
nglsl=$(ls "$dir"/*.glsl 2>/dev/null | wc -l)
nerr=$(ls "$dir"/*.err 2>/dev/null | wc -l)
echo "dumped: $ntgsi TGSI shaders, $nglsl GLSL translations, $nerr errors"
[ "$ntgsi" -ge 6 ] || { echo "expected at least 6 shaders from ${#tests[@]} tests"; status=1; }
[ "$ntgsi" -eq "$nglsl" ] || { echo "not every shader was translated"; status=1; }
if [ "$nerr" -gt 0 ]; then head -n 5 "$dir"/*.err; status=1; fi
if grep -E "shader [0-9]+ .*(rejected|cannot be translated)|TGSI line" "$log"; then status=1; fi
for f in $(ls "$dir"/*.glsl | head -n 2); do echo "== $f"; head -n 12 "$f"; done
rm -rf "$dir"
exit $status
