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
    quota (run with --max-guest-memory 1G): 20 x 64 MiB created and unref'd one
    after another."""
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


def virgl_cmd(cmd, obj, words):
    return [cmd | (obj << 8) | (len(words) << 16)] + words


def shader_cmd(handle, stage, offlen, text, so_outputs=0, extra=()):
    data = text + b"\0" * (4 - len(text) % 4)  # NUL, then padding
    words = [handle, stage, offlen, 100, so_outputs] + list(extra)
    words += list(struct.unpack("<%dI" % (len(data) // 4), data))
    return virgl_cmd(1, 4, words)


def submit(*cmds):
    """Each command in its own SUBMIT_CMD: decoding stops at the first error
    of a buffer, so this reaches every case."""
    s = conn()
    s.sendall(handshake())
    for c in cmds:
        s.sendall(hdr(len(c), 6) + struct.pack("<%dI" % len(c), *c))
    # A round trip (BUSY_WAIT on resource 0) proves every submit was decoded
    # before the connection goes away.
    s.sendall(hdr(2, 7) + struct.pack("<II", 0, 0))
    reply = b""
    while len(reply) < 12:
        chunk = s.recv(12 - len(reply))
        if not chunk:
            return False
        reply += chunk
    s.close()
    return True


@case
def shader_huge_total_length():
    return submit(shader_cmd(1, 0, 0x7ffffff0, b"VERT\n"))

@case
def shader_continuation_unknown_and_out_of_order():
    return submit(shader_cmd(5, 1, 0x80000000 | 8, b"FRAG\n"),
                  shader_cmd(6, 1, 100, b"FRAG\nDCL"),
                  shader_cmd(6, 1, 0x80000000 | 60, b"IN[0]\n"),
                  shader_cmd(6, 0, 0x80000000 | 12, b"IN[0]\n"))

@case
def shader_malformed_tgsi():
    bad = [b"FRAG\nDCL IN[99999999999999]\n  0: END\n",
           b"FRAG\nIMM[0] FLT32 {0x3f800000,",
           b"FRAG\n" + b"  0: IF IN[0].xxxx\n" * 200 + b"  1: END\n",
           b"GEOM\nDCL OUT[0]\n  0: MOV OUT[ADDR[0].x+4095], IN[0][ADDR[9].x]\n  1: END\n",
           b"COMP\nDCL MEMORY[0], SHARED\n  0: STORE MEMORY[0].xyzw, IMM[7], IMM[8]\n  1: END\n",
           bytes(range(1, 256)) * 200]
    cmds = [shader_cmd(10 + i, 1, len(t) + 1, t) for i, t in enumerate(bad)]
    return submit(*cmds)

@case
def shader_stage_mismatch_and_bad_stage():
    t = b"FRAG\nDCL OUT[0], COLOR\n  0: MOV OUT[0], IMM[0]\n  1: END\n"
    return submit(shader_cmd(20, 0, len(t) + 1, t), shader_cmd(21, 9, len(t) + 1, t))

@case
def shader_too_many_stream_outputs():
    return submit(shader_cmd(30, 0, 6, b"VERT\n", so_outputs=1000),
                  shader_cmd(31, 0, 6, b"VERT\n", so_outputs=3, extra=(4, 4, 4)))


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
