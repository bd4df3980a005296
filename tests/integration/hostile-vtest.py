#!/usr/bin/env python3
"""Sends malformed vtest traffic to the server at /tmp/.virgl_test, one case
per connection, and checks after each that the server still accepts and
answers a well-formed client. Prints PASS/FAIL per case and a summary line."""
import os
import socket
import struct
import sys
import time

SOCK = "/tmp/.virgl_test"


def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(SOCK)
    return s


def hdr(length, cmd):
    return struct.pack("<II", length, cmd)


def handshake():
    name = b"hostile\0"
    return hdr(len(name), 8) + name


def well_formed_ok():
    """A client that pings, negotiates and reads the caps must be served."""
    s = conn()
    s.sendall(handshake() + hdr(0, 10) + hdr(2, 7) + struct.pack("<II", 0, 0))
    data = b""
    while len(data) < 8 + 12:
        chunk = s.recv(64)
        if not chunk:
            return False
        data += chunk
    ping = struct.unpack("<II", data[:8])
    s.sendall(hdr(0, 9))
    caps = b""
    want = 8 + 1376
    while len(caps) < want:
        chunk = s.recv(4096)
        if not chunk:
            return False
        caps += chunk
    length, capset = struct.unpack("<II", caps[:8])
    s.close()
    return ping == (0, 10) and length == 1377 and capset == 2 and b"glvirt" in caps


def closed_by_server(s, timeout=10):
    s.settimeout(timeout)
    try:
        while True:
            if not s.recv(4096):
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


CASES = {}


def case(f):
    CASES[f.__name__] = f
    return f


@case
def unknown_command():
    s = conn(); s.sendall(handshake() + hdr(0, 999)); return closed_by_server(s)

@case
def huge_renderer_name():
    s = conn(); s.sendall(hdr(0xFFFFFFF0, 8) + b"x" * 64); return closed_by_server(s)

@case
def huge_submit():
    s = conn(); s.sendall(handshake() + hdr(0xFFFFFFFF, 6)); return closed_by_server(s)

@case
def resource_create_wrong_length():
    s = conn(); s.sendall(handshake() + hdr(3, 12) + b"\0" * 12); return closed_by_server(s)

@case
def resource_create_huge():
    args = struct.pack("<11I", 1, 2, 67, 0, 0x7FFFFFFF, 0x7FFFFFFF, 1, 1, 0, 0, 0xFFFFFFF0)
    s = conn(); s.sendall(handshake() + hdr(11, 12) + args); return closed_by_server(s)

@case
def resource_create_size_mismatch():
    args = struct.pack("<11I", 1, 2, 67, 0, 64, 64, 1, 1, 0, 0, 16)
    s = conn(); s.sendall(handshake() + hdr(11, 12) + args); return closed_by_server(s)

@case
def transfer_unknown_resource_then_disconnect():
    args = struct.pack("<10I", 77, 0, 0, 0, 0, 4, 4, 1, 64, 0)
    s = conn(); s.sendall(handshake() + hdr(10, 13) + args); s.close(); return True

@case
def submit_garbage_commands():
    words = [0xFFFFFFFF, 0x00FF0001, 0x12345678] * 100
    body = struct.pack("<%dI" % len(words), *words)
    s = conn(); s.sendall(handshake() + hdr(len(words), 6) + body); s.close(); return True

@case
def disconnect_mid_payload():
    s = conn(); s.sendall(handshake() + hdr(100, 6) + b"\0" * 17); s.close(); return True

@case
def resource_churn_beyond_quota():
    """Freed resources must return their shared memory to the per-client
    quota (1 GiB): 20 x 64 MiB created and unref'd one after another."""
    s = conn()
    s.sendall(handshake())
    size = 64 << 20
    for handle in range(1, 21):
        args = struct.pack("<11I", handle, 0, 64, 0x10, size, 1, 1, 1, 0, 0, size)
        s.sendall(hdr(11, 12) + args)
        _, fds, _, _ = socket.recv_fds(s, 1, 1)
        if not fds:
            return False
        for fd in fds:
            os.close(fd)
        s.sendall(hdr(1, 3) + struct.pack("<I", handle))
    s.sendall(hdr(2, 7) + struct.pack("<II", 0, 1))
    # The header and the payload may come in separate segments.
    reply = b""
    while len(reply) < 12:
        chunk = s.recv(12 - len(reply))
        if not chunk:
            return False
        reply += chunk
    s.close()
    return struct.unpack("<III", reply) == (1, 7, 0)


@case
def caps_with_payload_length():
    s = conn(); s.sendall(handshake() + hdr(5, 9) + b"\0" * 20); return closed_by_server(s)


def main():
    for _ in range(100):
        if os.path.exists(SOCK):
            break
        time.sleep(0.1)
    passed = failed = 0
    for name, fn in CASES.items():
        try:
            ok = fn()
        except Exception as e:  # noqa: BLE001 - any exception is a failure of the case
            print(f"FAIL {name}: {e!r}")
            failed += 1
            continue
        time.sleep(0.05)
        alive = well_formed_ok()
        if ok and alive:
            print(f"PASS {name}")
            passed += 1
        else:
            print(f"FAIL {name}: {'not closed' if not ok else 'server no longer serves clients'}")
            failed += 1
    print(f"hostile-vtest: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
