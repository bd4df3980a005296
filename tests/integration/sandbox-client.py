#!/usr/bin/env python3
"""sandbox-client.py on|off: a vtest client for test-sandbox.sh. Connects to
/tmp/.virgl_test, waits until its client process serves requests, then
checks the seccomp mode of every thread of that process in /proc (2 =
filter with "on", 0 with "off"). Then sends RESOURCE_CREATE2, which the
test's preload library turns into a forbidden system call: with "on" the
process must end without answering, with "off" the resource's fd must
arrive. Last, a new client must still be served. Prints
"sandbox-client: OK" and exits 0 when all holds."""
import os
import socket
import struct
import sys
import time

SOCK = "/tmp/.virgl_test"


def hdr(length, cmd):
    return struct.pack("<II", length, cmd)


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise ConnectionError(f"closed after {len(data)} of {n} bytes")
        data += chunk
    return data


def served_client():
    """A connected client whose process has answered a ping, so it is past
    set-up and in its request loop."""
    for _ in range(100):
        if os.path.exists(SOCK):
            break
        time.sleep(0.1)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(SOCK)
    name = b"sandbox-test\0"
    s.sendall(hdr(len(name), 8) + name + hdr(0, 10))
    if struct.unpack("<II", recv_exact(s, 8)) != (0, 10):
        raise RuntimeError("bad PING_PROTOCOL_VERSION reply")
    return s


def ppid_of(pid):
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    return int(stat[stat.rindex(")") + 2:].split()[1])


def client_process(s):
    """SO_PEERCRED names the listening server; its one child serves us."""
    server_pid = struct.unpack("3i", s.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[0]
    children = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and ppid_of(int(entry)) == server_pid:
                children.append(int(entry))
        except OSError:
            pass
    if len(children) != 1:
        raise RuntimeError(f"server {server_pid} has {len(children)} child processes, expected 1")
    return children[0]


def seccomp_modes(pid):
    modes = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            for line in f:
                if line.startswith("Seccomp:"):
                    modes[int(tid)] = int(line.split()[1])
    return modes


def closed_without_answer(s):
    try:
        return s.recv(4096) == b""
    except ConnectionResetError:
        return True


def resource_fd_arrives(s):
    _, fds, _, _ = socket.recv_fds(s, 1, 1)
    for fd in fds:
        os.close(fd)
    return len(fds) == 1


def main():
    sandbox = sys.argv[1:] == ["on"]
    s = served_client()
    pid = client_process(s)
    modes = seccomp_modes(pid)
    want = 2 if sandbox else 0
    print(f"sandbox-client: process {pid}, {len(modes)} threads, seccomp modes {sorted(set(modes.values()))}")
    ok = all(m == want for m in modes.values())
    if not ok:
        print(f"sandbox-client: FAIL: expected seccomp mode {want} on every thread: {modes}")
    # A 4 KiB buffer resource: handle 1, PIPE_BUFFER, R8_UNORM, bind 0x10.
    args = struct.pack("<11I", 1, 0, 64, 0x10, 4096, 1, 1, 1, 0, 0, 4096)
    s.sendall(hdr(11, 12) + args)
    if sandbox and not closed_without_answer(s):
        print("sandbox-client: FAIL: the client process survived a forbidden system call")
        ok = False
    if not sandbox and not resource_fd_arrives(s):
        print("sandbox-client: FAIL: no resource fd without the sandbox")
        ok = False
    s.close()
    served_client().close()
    print("sandbox-client: OK" if ok else "sandbox-client: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
