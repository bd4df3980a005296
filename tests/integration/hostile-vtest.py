#!/usr/bin/env python3
"""Sends malformed vtest traffic to the server at /tmp/.virgl_test, one case
per connection, and checks after each that the server still accepts and
answers a well-formed client. Prints PASS/FAIL per case and a summary line.

Cases with bad framing expect the connection closed; cases with bad virgl
commands inside valid framing expect the client process to survive them
(errors logged, context marked) and prove it with a round trip. The cases:
vtest framing (unknown commands, huge and wrong lengths, odd sizes, caps
with payloads, disconnects inside every request), resources (bad shapes,
churn past the memory quota), command buffers (lengths past the end, zero
and maximal lengths, every opcode empty, unknown opcodes and object types,
garbage), handles (wrong, destroyed, wrong-type), slot ranges that wrap
around 2^32 for every slot array, element counts above every fixed array,
transfer boxes, strides and offsets that overflow, inline writes of the
wrong size, bind-unref-then-draw, draws without shaders, dispatches without
a compute shader, draw-auto without a recording, hostile queries and stream
output targets, busy-wait and submit floods, and malformed TGSI."""
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


# ---- state-based cases: a client with real resources and objects --------

VS = (b"VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n")
FS = (b"FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {0x3f800000, 0x00000000, 0x00000000, 0x3f800000}\n"
      b"  0: MOV OUT[0], IMM[0]\n  1: END\n")


def f32(v):
    return struct.unpack("<I", struct.pack("<f", v))[0]


class Client:
    """A vtest client that creates resources (receiving their memory fds)
    and submits command buffers, one per call."""

    def __init__(self):
        self.s = conn()
        self.s.sendall(handshake())

    def resource(self, handle, target, fmt, bind, w, h=1, d=1, layers=1, levels=0, size=None):
        if size is None:
            size = w * h * d * layers * 4 * 2
        self.s.sendall(hdr(11, 12) + struct.pack("<11I", handle, target, fmt, bind, w, h, d, layers,
                                                 levels, 0, size))
        _, fds, _, _ = socket.recv_fds(self.s, 1, 1)
        for fd in fds:
            os.close(fd)
        return bool(fds)

    def submit(self, *cmds):
        words = [w for c in cmds for w in c]
        self.s.sendall(hdr(len(words), 6) + struct.pack("<%dI" % len(words), *words))

    def raw(self, data):
        self.s.sendall(data)

    def alive(self):
        """A round trip: the client process answered, so it survived."""
        self.s.sendall(hdr(2, 7) + struct.pack("<II", 0, 0))
        reply = b""
        while len(reply) < 12:
            chunk = self.s.recv(12 - len(reply))
            if not chunk:
                return False
            reply += chunk
        self.s.close()
        return True


def draw_setup(c):
    """Render target, vertex buffer, shaders and states: what a draw needs."""
    ok = c.resource(1, 2, 67, 0x2 | 0x8, 32, 32)            # 2D RGBA8, render target + view
    ok = ok and c.resource(2, 0, 64, 0x10, 4096)             # vertex buffer (R8_UNORM buffer)
    ok = ok and c.resource(3, 0, 64, 0x20, 256)              # index/constant buffer
    c.submit(virgl_cmd(1, 8, [10, 1, 67, 0, 0]),             # surface 10 on resource 1
             virgl_cmd(5, 0, [1, 0, 10]),                    # framebuffer
             virgl_cmd(4, 0, [0, f32(16), f32(16), f32(0.5), f32(16), f32(16), f32(0.5)]),
             virgl_cmd(1, 1, [11, 4, 0] + [0x78000000] * 8),  # blend, colormask rgba
             virgl_cmd(2, 0, [11]),
             virgl_cmd(1, 2, [12, 0x2, 0x3f800000, 0, 0, 0, 0, 0, 0]),
             virgl_cmd(2, 2, [12]),
             virgl_cmd(1, 3, [13, 0, 0, 0, 0]),
             virgl_cmd(2, 3, [13]),
             virgl_cmd(1, 5, [14, 0, 0, 0, 31]),             # VE: R32G32B32A32_FLOAT from buffer 0
             virgl_cmd(2, 5, [14]),
             virgl_cmd(6, 0, [16, 0, 2]),
             shader_cmd(15, 0, len(VS) + 1, VS), virgl_cmd(31, 0, [15, 0]),
             shader_cmd(16, 1, len(FS) + 1, FS), virgl_cmd(31, 0, [16, 1]),
             virgl_cmd(1, 6, [17, 1, 67 | (2 << 24), 0, 0, 0x688]),   # sampler view of resource 1
             virgl_cmd(10, 0, [1, 0, 17]))
    return ok


DRAW = virgl_cmd(8, 0, [0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 0xffffffff, 0])


@case
def command_length_past_end_and_zero_lengths():
    c = Client()
    c.submit([7 | (100 << 16), 4, 0])                  # CLEAR claiming 100 dwords, 2 present
    c.submit([0xffff << 16 | 8])                       # DRAW_VBO of maximal length, nothing else
    for op in range(64):                               # every opcode with no payload
        c.submit([op])
    c.submit([200 | (1 << 16), 0])                     # unknown opcode
    c.submit(virgl_cmd(1, 0, [1]), virgl_cmd(1, 99, [1, 2, 3]))  # object types NULL and 99
    return c.alive()


@case
def odd_vtest_lengths():
    s = conn()
    s.sendall(hdr(5, 8) + b"odd!\0")                   # a name of 5 bytes is fine
    s.sendall(hdr(3, 11) + b"\0" * 12)                 # PROTOCOL_VERSION of 3 dwords
    return closed_by_server(s)


@case
def wrong_destroyed_and_wrong_type_handles():
    c = Client()
    if not draw_setup(c):
        return False
    c.submit(virgl_cmd(2, 1, [12]))                    # rasterizer handle bound as blend
    c.submit(virgl_cmd(3, 0, [11]), virgl_cmd(2, 1, [11]))  # destroyed blend bound
    c.submit(virgl_cmd(1, 6, [40, 99, 67 | (2 << 24), 0, 0, 0x688]))  # view of unknown resource
    c.submit(virgl_cmd(1, 8, [41, 99, 67, 0, 0]))      # surface of unknown resource
    c.submit(virgl_cmd(31, 0, [17, 0]))                # a sampler view bound as shader
    c.submit(virgl_cmd(10, 0, [1, 0, 12]))             # a rasterizer as sampler view
    c.submit(virgl_cmd(5, 0, [1, 0, 17]))              # a view as colour buffer
    c.submit(virgl_cmd(19, 0, [12]))                   # BEGIN_QUERY on a rasterizer
    c.raw(hdr(1, 3) + struct.pack("<I", 999))          # vtest unref of an unknown resource
    c.submit(DRAW)
    return c.alive()


@case
def slot_ranges_wrap_around():
    c = Client()
    if not draw_setup(c):
        return False
    big = 0xffffffff
    c.submit(virgl_cmd(10, 0, [1, big, 17, 17]))       # sampler views from slot 2^32-1
    c.submit(virgl_cmd(10, 0, [99, 0, 17]))            # unknown stage
    c.submit(virgl_cmd(18, 0, [1, big - 1, 0, 0, 0]))  # sampler states
    c.submit(virgl_cmd(35, 0, [1, big] + [0] * 10))    # shader images
    c.submit(virgl_cmd(34, 0, [1, big] + [0] * 6))     # shader buffers
    c.submit(virgl_cmd(40, 0, [big] + [0] * 6))        # atomic buffers
    c.submit(virgl_cmd(4, 0, [big - 1] + [f32(1)] * 12))  # viewports
    c.submit(virgl_cmd(15, 0, [big, 0, 0x00100010]))   # scissors
    c.submit(virgl_cmd(27, 0, [1, big, 0, 16, 3]))     # uniform buffer index
    c.submit(virgl_cmd(27, 0, [1, 1, big - 3, 16, 3])) # uniform buffer offset past the end
    c.submit(virgl_cmd(12, 0, [1, big, 1, 2, 3]))      # constant buffer index
    c.submit(virgl_cmd(6, 0, [16, 0, 2] * 40))         # 40 vertex buffers
    c.submit(virgl_cmd(25, 0, [0] + [1] * 20))         # 20 stream output targets
    c.submit(virgl_cmd(1, 10, [50, 3, 2, 64]))         # stream output target at an odd offset
    c.submit(virgl_cmd(1, 10, [51, 3, 0xfffffffc, 8])) # ... whose range wraps
    c.submit(DRAW)
    return c.alive()


@case
def element_counts_above_arrays():
    c = Client()
    if not draw_setup(c):
        return False
    c.submit(virgl_cmd(5, 0, [100, 0] + [10] * 100))   # 100 colour buffers
    c.submit(virgl_cmd(5, 0, [8, 0, 10]))              # count and length disagree
    c.submit(virgl_cmd(1, 5, [60] + [0, 0, 0, 31] * 40))  # 40 vertex elements
    c.submit(virgl_cmd(1, 5, [61, 0, 0, 40, 31]))      # element reading vertex buffer 40
    c.submit(virgl_cmd(1, 5, [62, 0, 0, 0, 9999]))     # element of an unknown format
    c.submit(virgl_cmd(4, 0, [0] + [f32(1)] * 6 * 17)) # 17 viewports
    c.submit(DRAW)
    return c.alive()


@case
def resources_with_bad_shapes():
    ok = True
    shapes = [(2, 67, 0, 0), (2, 67, 1 << 20, 1), (99, 67, 4, 4), (2, 0, 4, 4), (2, 9999, 4, 4),
              (4, 67, 4, 8), (2, 67, 0xffffffff, 0xffffffff)]
    for handle, (target, fmt, w, h) in enumerate(shapes, 1):
        s = conn()
        s.sendall(handshake() + hdr(11, 12) + struct.pack("<11I", handle, target, fmt, 8, w, h, 1, 1,
                                                          0, 0, 64))
        ok &= closed_by_server(s)
    for levels, samples, layers in ((40, 0, 1), (0, 255, 1), (3, 4, 1), (0, 0, 0)):
        s = conn()
        s.sendall(handshake() + hdr(11, 12) + struct.pack("<11I", 1, 5 if layers != 1 else 2, 67, 8,
                                                          16, 16, 1, layers, levels, samples, 1 << 16))
        ok &= closed_by_server(s)
    return ok


@case
def transfer_boxes_and_strides_overflow():
    c = Client()
    if not c.resource(1, 2, 67, 0x8, 16, 16) or not c.resource(2, 0, 64, 0x10, 256):
        return False
    m = 0x7fffffff
    for box in ((m, 0, 0, 2, 1, 1), (0, m, 0, 1, 2, 1), (0, 0, 0, -1 & 0xffffffff, 1, 1),
                (0, 0, 0, 16, 16, 2), (0, 0, 1, 1, 1, 1)):
        c.raw(hdr(10, 14) + struct.pack("<10I", 1, 0, *box, 1024, 0))
    c.raw(hdr(10, 14) + struct.pack("<10I", 1, 0, 0, 0, 0, 16, 16, 1, 1024, 0xffffffff))  # offset
    c.raw(hdr(10, 14) + struct.pack("<10I", 1, 7, 0, 0, 0, 1, 1, 1, 4, 0))                # level
    # TRANSFER3D in the stream: strides that overflow, offsets past the memory.
    c.submit(virgl_cmd(43, 0, [1, 0, 0, 0xffffffff, 0xffffffff, 0, 0, 0, 16, 16, 1, 0, 1]))
    c.submit(virgl_cmd(43, 0, [1, 0, 0, 0, 0, 0, 0, 0, 16, 16, 1, 0xfffffff0, 1]))
    c.submit(virgl_cmd(43, 0, [2, 0, 0, 0, 0, 200, 0, 0, 100, 1, 1, 0, 1]))
    # Inline writes whose data is shorter or longer than the box.
    c.submit(virgl_cmd(9, 0, [1, 0, 0, 0, 0, 0, 0, 0, 16, 16, 1, 1, 2, 3]))
    c.submit(virgl_cmd(9, 0, [2, 0, 0, 0, 0, 0, 0, 0, 4, 1, 1] + [7] * 100))
    c.submit(virgl_cmd(9, 0, [2, 0, 0, 0, 0, 250, 0, 0, 16, 1, 1, 1, 2, 3, 4]))
    return c.alive()


@case
def bind_unref_then_draw():
    c = Client()
    if not draw_setup(c):
        return False
    # Resources 1 (framebuffer, sampler view) and 2 (vertex buffer) unref'd
    # while bound: the bindings hold them, the draw must not touch freed memory.
    c.raw(hdr(1, 3) + struct.pack("<I", 1) + hdr(1, 3) + struct.pack("<I", 2))
    c.submit(virgl_cmd(3, 0, [10]), virgl_cmd(3, 0, [17]), virgl_cmd(3, 0, [15]))
    c.submit(DRAW)
    c.submit(virgl_cmd(7, 0, [4, 0, 0, 0, 0, 0, 0, 0]))
    return c.alive()


@case
def draw_without_shaders_and_grid_without_compute():
    c = Client()
    if not c.resource(1, 2, 67, 0x2, 8, 8):
        return False
    c.submit(DRAW)
    c.submit(virgl_cmd(8, 0, [0, 3, 4, 1, 1, 0, 0, 0, 0, 0, 0xffffffff, 0]))  # indexed, no index buffer
    c.submit(virgl_cmd(37, 0, [1, 1, 1, 4, 4, 4, 0, 0]))
    c.submit(virgl_cmd(37, 0, [0xffffffff] * 6 + [9, 0]))
    c.submit(virgl_cmd(8, 0, [0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 0xffffffff, 5]))   # draw-auto, nothing recorded
    return c.alive()


@case
def queries_hostile():
    c = Client()
    if not c.resource(1, 0, 64, 0, 16) or not c.resource(2, 2, 67, 0x2, 8, 8):
        return False
    c.submit(virgl_cmd(1, 9, [20, 0, 8, 1]))             # record past the buffer's end
    c.submit(virgl_cmd(1, 9, [21, 0, 0, 2]))             # result in a texture
    c.submit(virgl_cmd(1, 9, [22, 77, 0, 1]))            # unknown type
    c.submit(virgl_cmd(1, 9, [23, 0, 0, 1]), virgl_cmd(19, 0, [23]), virgl_cmd(19, 0, [23]))
    c.submit(virgl_cmd(3, 0, [23]), virgl_cmd(20, 0, [23]), virgl_cmd(21, 0, [23, 1]))
    c.submit(virgl_cmd(26, 0, [23, 0, 7]))               # render condition on a destroyed query
    c.submit(virgl_cmd(42, 0, [23, 2, 1, 9, 0xfffffffc, 0]))  # QBO into a texture, past the end
    return c.alive()


@case
def busy_wait_and_submit_flood():
    c = Client()
    if not c.resource(1, 0, 64, 0x10, 64):
        return False
    c.raw((hdr(2, 7) + struct.pack("<II", 1, 1)) * 2000)
    got = 0
    while got < 12 * 2000:
        chunk = c.s.recv(65536)
        if not chunk:
            return False
        got += len(chunk)
    c.raw((hdr(1, 6) + struct.pack("<I", 0)) * 5000)
    return c.alive()


@case
def disconnect_inside_every_request():
    for cmd in range(1, 15):
        for cut in (0, 4):
            s = conn()
            s.sendall(handshake() + hdr(11, cmd) + b"\1\0\0\0" * (cut // 4))
            s.close()
            time.sleep(0.02)   # each connection is a process: do not outrun the backlog
    return True


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
