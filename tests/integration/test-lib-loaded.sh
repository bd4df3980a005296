#!/usr/bin/env bash
# test-lib-loaded.sh LIBDIR : Debian's unmodified virgl_test_server, with
# LIBDIR (glvirt's libvirglrenderer.so.1) first on the library path, serves
# the real client (Mesa virpipe) on a GL and a GLES host context:
#  - the server process has glvirt's library mapped, not Debian's;
#  - piglit's glinfo shows a renderer string naming glvirt;
#  - glvirt-roundtrip's pixels match what glvirt-server gives (same expectations).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib=$(realpath "$1")
fail=0
for host in core es; do
  gles=(); [ $host = es ] && gles=(--use-gles)
  server=(env LD_LIBRARY_PATH="$lib" virgl_test_server --use-egl-surfaceless "${gles[@]}")
  maps=$("$here/with-server.sh" "${server[@]}" -- bash -c \
    'grep -h libvirglrenderer /proc/$SERVER_PID/maps | awk "{print \$6}" | sort -u')
  echo "$host host: server maps: ${maps:-nothing}"
  case "$maps" in
    "$lib"/libvirglrenderer.so.1*) ;;
    *) echo "FAIL $host: the server did not load $lib/libvirglrenderer.so.1"; fail=1 ;;
  esac
  EXPECT_RENDERER=glvirt "$here/test-glinfo.sh" "${server[@]}" || fail=1
  "$here/check-expectations.sh" "$root/tests/expectations/roundtrip-$host-gl.txt" -- \
    "$here/with-server.sh" "${server[@]}" -- "$root/build/tests/client/glvirt-roundtrip" --api=gl \
    || { echo "FAIL $host: roundtrip"; fail=1; }
done
[ $fail -eq 0 ] && echo "PASS lib-loaded"
exit $fail
