#!/usr/bin/env bash
# test-glinfo.sh SERVER... : piglit's glinfo through the server must report
# GL_RENDERER = virgl (...) containing $EXPECT_RENDERER.
set -uo pipefail
here=$(dirname "$0")
glinfo=/usr/lib/x86_64-linux-gnu/piglit/bin/glinfo
out=$("$here/with-server.sh" "$@" -- "$glinfo" 2>&1)
status=$?
renderer=$(printf '%s\n' "$out" | grep '^GL_RENDERER = ' | head -1)
version=$(printf '%s\n' "$out" | grep '^GL_VERSION = ' | head -1)
echo "$renderer"; echo "$version"
if [ $status -ne 0 ]; then printf '%s\n' "$out" | tail -20; echo "FAIL glinfo: exit status $status"; exit 1; fi
case "$renderer" in
  "GL_RENDERER = virgl ("*"${EXPECT_RENDERER:-}"*) echo "PASS glinfo"; exit 0 ;;
esac
echo "FAIL glinfo: renderer string does not name ${EXPECT_RENDERER:-virgl}"; exit 1
