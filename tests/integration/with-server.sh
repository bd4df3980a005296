#!/usr/bin/env bash
# with-server.sh SERVER_CMD... -- CLIENT_CMD...
# Runs a vtest server in a private mount namespace whose /tmp is a fresh
# directory (Mesa 22.3 always connects to /tmp/.virgl_test, so this lets
# several servers run side by side), waits for its socket, runs the client
# through Mesa virpipe (with SERVER_PID set to the server's process), stops
# the server and exits with the client's status.
# Env: CLIENT_TIMEOUT (s, default 120), SERVER_LOG (file to keep the server log).
set -uo pipefail
server=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do server+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#server[@]} -gt 0 ] && [ $# -gt 0 ] || { echo "usage: $0 SERVER... -- CLIENT..." >&2; exit 2; }
if [ "${GLVIRT_IN_NS:-}" != 1 ]; then
  priv=$(mktemp -d /var/tmp/glvirt-ns.XXXXXX)
  mkdir "$priv/tmp" "$priv/old"
  export GLVIRT_IN_NS=1 GLVIRT_PRIV="$priv"
  # Only /tmp/.virgl_test must be private: the directories of the old /tmp
  # (a checkout under /tmp, say) are bound back into the fresh one.
  unshare --mount --propagation private bash -c '
    mount --bind /tmp "$GLVIRT_PRIV/old" && mount --bind "$GLVIRT_PRIV/tmp" /tmp || exit 1
    for d in "$GLVIRT_PRIV"/old/* "$GLVIRT_PRIV"/old/.[!.]*; do
      [ -d "$d" ] && [ ! -L "$d" ] || continue
      mkdir -p "/tmp/${d##*/}" && mount --bind "$d" "/tmp/${d##*/}"
    done
    exec "$0" "$@"' "$0" "${server[@]}" -- "$@"
  status=$?
  rm -rf "$priv"
  exit $status
fi
log=/tmp/server.log
"${server[@]}" >"$log" 2>&1 &
spid=$!
for _ in $(seq 200); do
  [ -S /tmp/.virgl_test ] && break
  if ! kill -0 $spid 2>/dev/null; then
    echo "with-server: the server exited before listening:" >&2; cat "$log" >&2; exit 1
  fi
  sleep 0.1
done
[ -S /tmp/.virgl_test ] || { echo "with-server: no socket after 20 s" >&2; cat "$log" >&2; kill -9 $spid; exit 1; }
# SERVER_PID: the server this client talks to (other servers may run
# beside it in other namespaces).
SERVER_PID=$spid LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=virpipe PIGLIT_PLATFORM=surfaceless_egl \
  timeout -k 5 "${CLIENT_TIMEOUT:-120}" "$@"
status=$?
alive=1
kill -0 $spid 2>/dev/null || alive=0
# Client processes finish their teardown (and, in sanitizer builds, their
# leak check) once their clients are gone; stopping the server first would
# end them with it.
for _ in $(seq 300); do pgrep -P $spid >/dev/null || break; sleep 0.1; done
kill -TERM $spid 2>/dev/null
for _ in $(seq 50); do kill -0 $spid 2>/dev/null || break; sleep 0.1; done
kill -KILL $spid 2>/dev/null
wait $spid 2>/dev/null
[ -n "${SERVER_LOG:-}" ] && cp "$log" "$SERVER_LOG"
# A client process of the server that crashed, made a system call its
# sandbox denies, or a sanitizer report, is a server bug even when the
# parent kept serving (and a hostile client expected its connection closed).
crash='AddressSanitizer|LeakSanitizer|runtime error:|killed by signal|sandbox: denied'
if grep -qE "$crash" "$log"; then
  echo "with-server: a server process crashed, broke its sandbox or a sanitizer reported an error:" >&2
  grep -E -A5 "$crash" "$log" | head -40 >&2
  status=1
fi
if [ $alive = 0 ]; then
  echo "with-server: the server died during the client run" >&2; status=1
fi
if [ $status -ne 0 ]; then
  echo "---- server log (last 30 lines)" >&2; tail -n 30 "$log" >&2
fi
exit $status
