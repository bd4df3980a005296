#!/usr/bin/env bash
# test-limits.sh SERVER [args]: each per-client limit flag, exceeded by a
# real or a raw vtest client, is a clear error naming the flag for that
# client only: the server keeps serving and another client still renders.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
server=("$@")
work=$(mktemp -d /var/tmp/glvirt-limits.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0
ROUNDTRIP="$ROOT/build/tests/client/glvirt-roundtrip"

# Raw vtest: a command buffer above --max-command-size (closed), then shared
# memory above --max-guest-memory (that resource refused), each on its own
# connection; then a real client.
cat >"$work/raw.py" <<'PY'
import socket, struct, sys
def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(20)
    s.connect("/tmp/.virgl_test"); s.sendall(struct.pack("<II", 4, 8) + b"raw\0"); return s
def closed(s):
    try:
        while True:
            if not s.recv(4096): return True
    except (ConnectionResetError, BrokenPipeError): return True
    except socket.timeout: return False
s = conn()
try:
    s.sendall(struct.pack("<II", 76800, 6) + b"\0" * 307200)
except (ConnectionResetError, BrokenPipeError):
    pass  # closed before it read everything: what should happen
ok1 = closed(s)
s = conn()  # 4096x2048 RGBA8: 32 MiB of shared memory
s.sendall(struct.pack("<II", 11, 12) + struct.pack("<11I", 1, 2, 67, 8, 4096, 2048, 1, 1, 0, 0, 32 << 20))
# Refused as Mesa understands it: the byte that would carry the descriptor
# comes without one, and the connection still answers (a ping).
data, anc, _, _ = s.recvmsg(1, socket.CMSG_SPACE(4))
s.sendall(struct.pack("<II", 0, 10))
ok2 = data == b"\0" and not anc and s.recv(8) == struct.pack("<II", 0, 10)
print("command-size closed:", ok1, "guest-memory refused, connection kept:", ok2)
sys.exit(0 if ok1 and ok2 else 1)
PY
SERVER_LOG="$work/raw.log" "$ROOT/tests/integration/with-server.sh" "${server[@]}" \
  --max-command-size 256K --max-guest-memory 16M -- \
  bash -c "python3 '$work/raw.py' && '$ROUNDTRIP' --api=gl >'$work/rt1.log' 2>&1" || { echo "FAIL: raw limits run"; fail=1; }
for flag in --max-command-size --max-guest-memory; do
  grep -q -- "$flag" "$work/raw.log" || { echo "FAIL: no error naming $flag"; fail=1; }
done

# A real client above --max-host-memory: its resources are refused with a
# message, so it cannot render and fails; the server lives on and serves the
# next client.
cat >"$work/alive.py" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(20)
s.connect("/tmp/.virgl_test")
s.sendall(struct.pack("<II", 4, 8) + b"ok!\0" + struct.pack("<II", 0, 10))
sys.exit(0 if s.recv(8) == struct.pack("<II", 0, 10) else 1)
PY
SERVER_LOG="$work/host.log" "$ROOT/tests/integration/with-server.sh" "${server[@]}" \
  --max-host-memory 16K -- bash -c "! '$ROUNDTRIP' --api=gl >'$work/rt2.log' 2>&1 && python3 '$work/alive.py'" ||
  { echo "FAIL: the limited client passed, or the server stopped serving"; fail=1; }
grep -q -- "--max-host-memory" "$work/host.log" || { echo "FAIL: no error naming --max-host-memory"; fail=1; }
grep -E "error" "$work/raw.log" "$work/host.log" | sort | uniq -c | sort -rn | head -8
[ $fail = 0 ] && echo "limits: ok"
exit $fail
