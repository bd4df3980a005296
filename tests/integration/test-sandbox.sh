#!/usr/bin/env bash
# test-sandbox.sh SERVER [ARGS...] : the seccomp sandbox of the client
# processes is in force and enforced. With the default (sandbox on) every
# thread of a client process shows "Seccomp: 2", a file open inside it is
# refused with EACCES and a new socket ends it with a log line naming the
# call, and the server goes on serving. With --no-sandbox the same process
# shows "Seccomp: 0" and both calls succeed. The forbidden calls come from
# sandbox-preload.c, LD_PRELOAD'ed into the server, at RESOURCE_CREATE2.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || { echo "usage: $0 SERVER [ARGS...]" >&2; exit 2; }
tmp=$(mktemp -d /var/tmp/glvirt-sandbox.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
status=0

fail() {
  echo "FAIL sandbox: $*"
  status=1
}

if ! cc -shared -fPIC -o "$tmp/preload.so" "$here/sandbox-preload.c" -ldl; then
  echo "FAIL sandbox: cannot build the preload library"; exit 1
fi

run() { # on|off SERVER-ARGS...
  local mode=$1; shift
  # The status of with-server.sh is not used: it fails a run whose server
  # log has a denied call, which is what "on" must produce.
  SERVER_LOG="$tmp/server-$mode.log" "$here/with-server.sh" env LD_PRELOAD="$tmp/preload.so" "$@" -- \
    python3 "$here/sandbox-client.py" "$mode" >"$tmp/client-$mode.log" 2>&1
  echo "---- sandbox $mode: client"; cat "$tmp/client-$mode.log"
  echo "---- sandbox $mode: server"; cat "$tmp/server-$mode.log" 2>/dev/null
  grep -q '^sandbox-client: OK$' "$tmp/client-$mode.log" || fail "$mode: the client's checks failed"
}

expect_log() { # mode regex what
  grep -qE "$2" "$tmp/server-$1.log" 2>/dev/null || fail "$1: the server log lacks $3"
}

refuse_log() { # mode regex what
  ! grep -qE "$2" "$tmp/server-$1.log" 2>/dev/null || fail "$1: the server log has $3"
}

run on "$@"
expect_log on 'client processes run in a seccomp sandbox' "the sandbox announcement"
expect_log on 'glvirt-test-preload: open /etc/passwd: Permission denied' "the refused open"
refuse_log on 'glvirt-test-preload: socket' "a socket call that returned"
expect_log on 'sandbox: denied system call [0-9]+ \(socket\)' "the denied socket call"
expect_log on 'client process [0-9]+ exited with status 1' "the client process's exit"

run off "$@" --no-sandbox
expect_log off 'no-sandbox: client processes run unsandboxed' "the unsandboxed warning"
expect_log off 'glvirt-test-preload: open /etc/passwd: allowed' "the allowed open"
expect_log off 'glvirt-test-preload: socket: allowed' "the allowed socket"
refuse_log off 'sandbox: denied' "a denied call"

[ $status -eq 0 ] && echo "PASS sandbox"
exit $status
