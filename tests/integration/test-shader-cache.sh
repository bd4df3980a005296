#!/usr/bin/env bash
# test-shader-cache.sh SERVER [ARGS...] : client processes share the host
# driver's shader cache inside the sandbox. A piglit shader test run twice
# against a server with --shader-cache DIR passes both times with no denied
# system call; the first run fills DIR, the second finds every shader there
# (the cache files do not grow). Past --max-shader-cache the server starts
# the cache afresh (log line, smaller files); --no-shader-cache, or the
# user's MESA_SHADER_CACHE_DISABLE=true without --shader-cache, writes none.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || { echo "usage: $0 SERVER [ARGS...]" >&2; exit 2; }
tmp=$(mktemp -d /var/tmp/glvirt-cache.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
P=/usr/lib/x86_64-linux-gnu/piglit
test_file=$P/generated_tests/spec/glsl-1.10/execution/built-in-functions/fs-smoothstep-float-float-float.shader_test
status=0
fail() { echo "FAIL shader-cache: $*"; status=1; }

run() { # name SERVER-ARGS...
  local name=$1; shift
  SERVER_LOG="$tmp/server-$name.log" "$here/with-server.sh" "$@" -- env PIGLIT_PLATFORM=surfaceless_egl \
    "$P/bin/shader_runner" "$test_file" -auto -fbo >"$tmp/client-$name.log" 2>&1
  grep -q '"result": "pass"' "$tmp/client-$name.log" || { fail "$name: the test did not pass"; cat "$tmp/client-$name.log"; }
  ! grep -q 'denied system call' "$tmp/server-$name.log" || { fail "$name: a denied system call"; cat "$tmp/server-$name.log"; }
}
bytes() { find "$1" -type f -name '*.foz' -printf '%s\n' 2>/dev/null | awk '{s += $1} END {print s + 0}'; }

run first "$@" --shader-cache "$tmp/cache"
b1=$(bytes "$tmp/cache")
[ "$b1" -gt 0 ] || fail "the first client wrote no cache entries"
run second "$@" --shader-cache "$tmp/cache"
b2=$(bytes "$tmp/cache")
[ "$b2" -eq "$b1" ] || fail "the second client compiled again ($b1 -> $b2 bytes)"
run trim "$@" --shader-cache "$tmp/cache" --max-shader-cache 1K
grep -q 'past its limit; starting it afresh' "$tmp/server-trim.log" || fail "no trim past the limit"
# Mesa would write there if the server left its cache on.
run off env MESA_SHADER_CACHE_DIR="$tmp/off" MESA_DISK_CACHE_SINGLE_FILE=1 "$@" --no-shader-cache
[ "$(bytes "$tmp/off")" -eq 0 ] || fail "--no-shader-cache wrote cache files"
grep -q 'shader cache: off' "$tmp/server-off.log" || fail "--no-shader-cache not announced"
# The user's own MESA_SHADER_CACHE_DISABLE counts when no directory is named.
run envoff env HOME="$tmp/home" XDG_CACHE_HOME= MESA_SHADER_CACHE_DISABLE=true "$@"
[ "$(bytes "$tmp/home")" -eq 0 ] || fail "MESA_SHADER_CACHE_DISABLE=true was overridden"
grep -q 'MESA_SHADER_CACHE_DISABLE is set' "$tmp/server-envoff.log" || fail "MESA_SHADER_CACHE_DISABLE not announced"
echo "cache entries: $b1 bytes after the first client, $b2 after the second"
[ $status -eq 0 ] && echo "PASS shader-cache"
exit $status
