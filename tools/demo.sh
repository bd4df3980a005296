#!/usr/bin/env bash
# The main job in one command: install what is missing, build, start
# glvirt-server (in a private /tmp so it cannot clash with another vtest
# server), and render through it with unmodified Mesa (virpipe): piglit's
# glinfo shows the renderer string, glvirt-demo renders a picture with
# uploads, clears and blits and saves it as ./glvirt-demo.png.
# Usage: tools/demo.sh [--gl=core|es|on]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GL=${1:---gl=on}
"$ROOT/tools/deps.sh"
[ -f "$ROOT/build/build.ninja" ] || meson setup "$ROOT/build" >/dev/null
ninja -C "$ROOT/build" >/dev/null
OUT="$PWD/glvirt-demo.png"
GLINFO=/usr/lib/x86_64-linux-gnu/piglit/bin/glinfo
"$ROOT/tests/integration/with-server.sh" "$ROOT/build/src/glvirt-server" "$GL" -- \
  bash -c "'$GLINFO' | grep -E '^GL_(RENDERER|VERSION|SHADING)' && '$ROOT/build/tools/glvirt-demo' '$OUT'"
