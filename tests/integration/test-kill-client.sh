#!/usr/bin/env bash
# test-kill-client.sh SERVER... : a client killed in the middle of its
# stream (SIGKILL while it renders) must not take the server down: the next
# client still renders correctly.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
demo=${DEMO:-$here/../../build/tools/glvirt-demo}
glinfo=/usr/lib/x86_64-linux-gnu/piglit/bin/glinfo
# Inside one server: 5 clients killed after 0.05-0.25 s, then a full render.
script='for d in 0.05 0.1 0.15 0.2 0.25; do "$1" /tmp/k.png >/dev/null 2>&1 & p=$!; sleep $d; kill -9 $p 2>/dev/null; wait $p 2>/dev/null; done; "$2" | grep GL_RENDERER && "$1" /tmp/after.png'
if "$here/with-server.sh" "$@" -- bash -c "$script" _ "$demo" "$glinfo"; then
  echo "PASS kill-client"; exit 0
fi
echo "FAIL kill-client: the server did not serve the next client"; exit 1
