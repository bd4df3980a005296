#!/usr/bin/env python3
"""Sends malformed vtest traffic to the server at /tmp/.virgl_test and
checks after every case that the server still accepts and answers a
well-formed client. Prints PASS/FAIL per case and a summary line; exits
non-zero on any failure. Arguments: case names to run (default: all).
Run it through test-hostile.sh, which also renders with another client
beside it and fails on a server crash or sanitizer report.

Semantics: bad framing (lengths a request cannot have, unknown requests)
must close the connection; bad virgl commands inside valid framing are
logged and mark the context errored, and the client keeps being served,
which each such case proves with a round trip (RESOURCE_BUSY_WAIT, answered)
after its bad submits; some also prove that rendering is still right.

The hostile-input list, and the case that covers each item:
- lengths not a multiple of 4 (renderer names, shader text), lengths past
  the end of the submit, zero and maximal lengths (65535-dword commands, a
  maximal inline write whose data must land, a submit of exactly 16 MiB):
  lengths_odd_zero_maximal_and_past_end; also command_length_past_end_and_
  zero_lengths (every opcode empty), odd_vtest_lengths, huge_submit,
  huge_renderer_name, disconnect_mid_payload
- unknown virgl commands and object types (CREATE/BIND/DESTROY_OBJECT of
  every bad type): unknown_opcodes_and_object_types; submit_garbage_commands
- wrong, destroyed and wrong-type handles (every binding with every object
  type, destroyed objects and resources, views and surfaces of destroyed or
  unknown resources, unref of unknown ones, staging-only buffers bound where
  host buffers belong, surfaces at the edges of levels and layers):
  wrong_destroyed_and_wrong_type_handles_everywhere;
  wrong_destroyed_and_wrong_type_handles
- start+count wrapping 2^32 for every slot array (sampler views and states,
  shader images and buffers, atomic buffers, vertex buffers, viewports,
  scissors, uniform and constant buffer indices, stream output targets),
  offsets and sizes wrapping inside a slot:
  slot_start_wraparound_every_array; slot_ranges_wrap_around
- element counts above every fixed array (colour buffers, vertex elements,
  viewports, scissors, views, samplers, constants, sub-contexts), stream
  outputs: too many, registers/components/buffers/offsets/streams/strides
  out of range, each bound and drawn: counts_above_every_fixed_array;
  element_counts_above_arrays, shader_too_many_stream_outputs
- RESOURCE_CREATE2 with huge, zero and inconsistent sizes, levels, samples,
  targets, formats (every family, each transferred), array sizes, data
  sizes and handles: resource_create2_bad_shapes_everywhere;
  resources_with_bad_shapes, resource_create_huge, resource_create_size_
  mismatch, resource_create_wrong_length, resource_churn_beyond_quota
- TRANSFER_GET2/PUT2, TRANSFER3D, COPY_TRANSFER3D and RESOURCE_INLINE_WRITE
  with boxes, strides, levels and offsets that overflow 32 bits or exceed
  the level, inline data shorter or longer than the box or the command,
  then transfers that must still move the right bytes:
  transfer_boxes_strides_and_inline_data_overflow;
  transfer_boxes_and_strides_overflow, transfer_unknown_resource_then_
  disconnect
- bind, unref, then draw (vertex, index, uniform, stream output, query,
  view, sampler, colour and depth surfaces; handles re-created as other
  resources; unbinding one kind at a time; teardown with everything bound,
  in two sub-contexts, a query running): bind_unref_then_draw_every_binding;
  bind_unref_then_draw
- DRAW_VBO without (or with only some, incomplete or wrong-stage) shaders,
  LAUNCH_GRID without a compute shader, bound shaders destroyed (the
  bindings hold them: render checked), odd modes and ranges:
  draws_without_shaders_and_grids_without_compute;
  draw_without_shaders_and_grid_without_compute
- malformed TGSI (unterminated, huge immediates, bad registers, out-of-range
  indices and ranges, mismatched control flow, bad properties, arity, text
  without NUL), and failed shaders must not stay bindable:
  malformed_tgsi_more; shader_malformed_tgsi, shader_huge_total_length,
  shader_continuation_unknown_and_out_of_order, shader_stage_mismatch_and_
  bad_stage
- fence floods (vtest v2 has no fences: Mesa's fence-buffer pattern,
  RESOURCE_BUSY_WAIT with every flag, thousands of tiny submits):
  fence_floods; busy_wait_and_submit_flood
- caps and version requests with odd sizes (GET_CAPS/GET_CAPS2 with
  payloads, PROTOCOL_VERSION of wrong lengths and odd versions, every fixed
  request one dword off): caps_and_version_requests_with_odd_sizes;
  caps_with_payload_length, unknown_command
- disconnect inside every request type 1..14 (part of the header, the
  header, one byte, half, all but one byte, complete with its answer never
  read; fresh and with state): disconnect_inside_every_request_type;
  disconnect_inside_every_request
Also: render_sanity (the state the state-based cases start from draws
correctly), views_blits_and_copies_between_mismatched_resources,
queries_hostile."""
import mmap
import os
import socket
import struct
import sys
import time

SOCK = "/tmp/.virgl_test"


def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # Generous: a case's round trip waits for all it submitted, on a
    # sanitizer build, on a machine shared with others.
    s.settimeout(60)
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


def closed_by_server(s, timeout=30):
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


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


class Client:
    """A vtest client that creates resources (keeping their shared memory
    mapped in self.mem) and submits command buffers, one per call."""

    def __init__(self, name=b"hostile\0"):
        self.s = conn()
        self.s.sendall(hdr(len(name), 8) + name)
        self.mem = {}

    def resource(self, handle, target, fmt, bind, w, h=1, d=1, layers=1, levels=0, size=None,
                 samples=0):
        """RESOURCE_CREATE2: True when the server took it (sent the memory,
        or, without memory, still answers)."""
        if size is None:
            size = w * h * d * layers * 4 * 2
        self.s.sendall(hdr(11, 12) + struct.pack("<11I", handle, target, fmt, bind, w, h, d, layers,
                                                 levels, samples, size))
        if size == 0:
            return self.roundtrip()
        try:
            _, fds, _, _ = socket.recv_fds(self.s, 1, 1)
        except (ConnectionResetError, socket.timeout):
            return False
        if not fds:
            return False
        self.mem[handle] = mmap.mmap(fds[0], size)
        for fd in fds:
            os.close(fd)
        return True

    def submit(self, *cmds):
        words = [w for c in cmds for w in c]
        self.s.sendall(hdr(len(words), 6) + struct.pack("<%dI" % len(words), *words))

    def raw(self, data):
        self.s.sendall(data)

    def unref(self, *handles):
        self.s.sendall(b"".join(hdr(1, 3) + struct.pack("<I", h) for h in handles))

    def transfer(self, get, handle, level, box, offset=0, data_size=0):
        """TRANSFER_GET2 (get) or TRANSFER_PUT2 of box (x, y, z, w, h, d)."""
        self.s.sendall(hdr(10, 13 if get else 14) +
                       struct.pack("<10I", handle, level, *[v & 0xffffffff for v in box],
                                   data_size, offset))

    def roundtrip(self, handle=0, flags=0):
        """RESOURCE_BUSY_WAIT and its answer: the client process is alive."""
        try:
            self.s.sendall(hdr(2, 7) + struct.pack("<II", handle, flags))
            return recv_exact(self.s, 12) == struct.pack("<III", 1, 7, 0)
        except (ConnectionResetError, BrokenPipeError, socket.timeout):
            return False

    def alive(self):
        """A round trip, then goodbye."""
        ok = self.roundtrip()
        self.s.close()
        return ok


def draw_setup(c):
    """Render target, vertex buffer, shaders and states: what a draw needs.
    render_ok proves that they work."""
    ok = c.resource(1, 2, 67, 0x2 | 0x8, 32, 32)            # 2D RGBA8, render target + view
    ok = ok and c.resource(2, 0, 64, 0x10, 4096)             # vertex buffer (R8_UNORM buffer)
    ok = ok and c.resource(3, 0, 64, 0x20, 256)              # index/constant buffer
    c.submit(virgl_cmd(1, 8, [10, 1, 67, 0, 0]),             # surface 10 on resource 1
             virgl_cmd(5, 0, [1, 0, 10]),                    # framebuffer
             virgl_cmd(4, 0, [0, f32(16), f32(16), f32(0.5), f32(16), f32(16), f32(0.5)]),
             virgl_cmd(1, 1, [11, 4, 0] + [0x78000000] * 8),  # blend, colormask rgba
             virgl_cmd(2, 1, [11]),
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


TRIANGLE = struct.pack("<12f", -1, -1, 0, 1, 3, -1, 0, 1, -1, 3, 0, 1)   # covers the viewport
CLEAR_BLACK = virgl_cmd(7, 0, [4, 0, 0, 0, 0, 0, 0, 0])


def render_ok(c):
    """Clears draw_setup's target, draws a full-screen triangle with the
    red fragment shader, reads the target back and checks its pixels."""
    c.mem[2][0:48] = TRIANGLE
    c.transfer(False, 2, 0, (0, 0, 0, 48, 1, 1))
    c.submit(CLEAR_BLACK, DRAW)
    c.mem[1][0:4096] = b"\x55" * 4096
    c.transfer(True, 1, 0, (0, 0, 0, 32, 32, 1), data_size=4096)
    if not c.roundtrip(1, 1):
        return False
    return all(c.mem[1][o:o + 4] == b"\xff\x00\x00\xff" for o in (0, 16 * 128 + 64, 4092))


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


# ---- one case per item of the hostile-input list (see the module docstring) ----


@case
def render_sanity():
    """The state the other cases start from really draws: without this, a
    typo in draw_setup would make every state-based case test nothing."""
    c = Client()
    return draw_setup(c) and render_ok(c) and c.alive()


@case
def lengths_odd_zero_maximal_and_past_end():
    ok = True
    # Renderer names of every length mod 4, with and without their NUL: the
    # stream is then misaligned, and the next request must still parse.
    s = conn()
    for n in list(range(1, 10)) + [1024]:
        name = (b"abcdefgh" * 128)[:n]
        s.sendall(hdr(n, 8) + name + hdr(0, 10))
        ok &= recv_exact(s, 8) == hdr(0, 10)
    s.close()
    for n in (0, 1025, 0x80000000):                    # no name, too long a name
        s = conn()
        s.sendall(hdr(n, 8) + b"x" * 16)
        ok &= closed_by_server(s)
    # Command buffers: empty, made of empty commands, ending in a header
    # whose length runs past the end (at the last dword, after valid commands).
    c = Client()
    for _ in range(50):
        c.raw(hdr(0, 6))
    c.submit([0] * 100)
    c.submit(virgl_cmd(13, 0, [0]), [7 | (8 << 16), 4, 0, 0])
    c.submit(virgl_cmd(13, 0, [0]), [13 | (1 << 16)])
    c.submit([13 | (0xffff << 16)])
    c.submit([9 | (0xffff << 16)] + [0] * 20)           # inline write longer than the buffer
    # The largest command length: a NOP and an END_TRANSFERS of 65535
    # garbage dwords, then a command the walker must find after them.
    c.submit([0xffff << 16] + [0xdeadbeef] * 0xffff, [44 | (0xffff << 16)] + [7 | (8 << 16)] * 0xffff,
             virgl_cmd(13, 0, [0x0101]))
    # ... and an inline write of the largest length, whose data must land.
    ok &= c.resource(5, 0, 64, 0x10, 262144, size=262144)
    data = bytes(i * 7 & 0xff for i in range((0xffff - 11) * 4))
    words = list(struct.unpack("<%dI" % (len(data) // 4), data))
    c.submit([9 | (0xffff << 16), 5, 0, 0, 0, 0, 0, 0, 0, len(data), 1, 1] + words)
    c.mem[5][0:len(data)] = bytes(len(data))
    c.transfer(True, 5, 0, (0, 0, 0, len(data), 1, 1))
    ok &= c.roundtrip(5, 1) and c.mem[5][0:len(data)] == data
    # A submit of exactly the default size limit (16 MiB) of maximal NOPs.
    nop = struct.pack("<I", 0xffff << 16) + b"\0" * (0xffff * 4)
    c.raw(hdr(64 * 0x10000, 6) + nop * 64)
    ok &= c.alive()
    s = conn()
    s.sendall(handshake() + hdr(64 * 0x10000 + 1, 6))
    ok &= closed_by_server(s)
    # Shader text lengths that are not a multiple of 4, no NUL, no text,
    # and a declared length that the chunks never reach.
    t = b"FRAG\nDCL OUT[0], COLOR\n  0: MOV OUT[0], IMM[0]\n  1: END\n"
    c = Client()
    if not draw_setup(c):
        return False
    for h, offlen, text in ((40, 1, b""), (41, 5, b"FRAG"), (42, 7, b"FRAG\n\0x"), (43, 0, t),
                            (44, len(t), t), (45, len(t) + 3, t), (46, len(t) + 1000, t)):
        pad = text + b"\0" * (-len(text) % 4)
        c.submit(virgl_cmd(1, 4, [h, 1, offlen, 100, 0] + list(struct.unpack("<%dI" % (len(pad) // 4), pad))))
        c.submit(virgl_cmd(31, 0, [h, 1]), DRAW)
    # The rest of 46: a chunk at an offset it does not have, then chunks
    # that complete it and run past its declared end (garbage: not kept).
    got = len(t) + (-len(t) % 4)
    c.submit(shader_cmd(46, 1, 0x80000000 | (got + 1), b"x"))
    c.submit(shader_cmd(46, 1, 0x80000000 | got, b"x"))
    c.submit(shader_cmd(46, 1, 0x80000000 | (got + 4), b"y" * 2000))
    c.submit(virgl_cmd(31, 0, [46, 1]), DRAW)
    return c.alive() and ok


@case
def unknown_opcodes_and_object_types():
    c = Client()
    if not draw_setup(c):
        return False
    for op in range(64, 256):
        c.submit([op])
        c.submit([op | (op << 8) | (3 << 16), 1, 2, 3])
    for objtype in (0, 11, 12, 13, 31, 32, 63, 64, 128, 255):
        for n in (0, 1, 5, 20):
            c.submit(virgl_cmd(1, objtype, [200 + n] + [0] * n))    # CREATE_OBJECT
        c.submit(virgl_cmd(2, objtype, [11]))                       # BIND_OBJECT
        c.submit(virgl_cmd(3, objtype, [999]))                      # DESTROY_OBJECT
    for objtype in (4, 6, 7, 8, 9, 10):                             # real types that cannot be bound
        c.submit(virgl_cmd(2, objtype, [15]))
    c.submit([13 | (0xff << 8) | (1 << 16), 0])                     # object bits on a plain command
    c.submit(DRAW)
    return c.alive()


@case
def wrong_destroyed_and_wrong_type_handles_everywhere():
    c = Client()
    if not draw_setup(c):
        return False
    ok = c.resource(4, 2, 67, 0x8, 8, 8) and c.resource(5, 0, 64, 0x800 | 0x8000, 1024)
    c.submit(virgl_cmd(1, 7, [18, 0, 0, 0, 0, 0, 0, 0, 0]),          # sampler state
             virgl_cmd(1, 9, [19, 0, 0, 5]),                        # query, result in 5
             virgl_cmd(1, 10, [20, 5, 0, 256]))                     # stream output target
    objs = list(range(10, 21))
    junk = [0xffffffff, 0x80000000, 4, 5]                           # never objects; 4, 5 are resources

    def everything():
        for h in objs + junk:
            for t in (1, 2, 3, 5):
                c.submit(virgl_cmd(2, t, [h]))
            for stage in (0, 1, 2, 5, 6, 0xffffffff):
                c.submit(virgl_cmd(31, 0, [h, stage]))
            c.submit(virgl_cmd(10, 0, [1, 0, h]))
            c.submit(virgl_cmd(18, 0, [1, 0, h]))
            c.submit(virgl_cmd(5, 0, [1, 0, h]))
            c.submit(virgl_cmd(5, 0, [0, h]))
            c.submit(virgl_cmd(25, 0, [0, h]))
            c.submit(virgl_cmd(19, 0, [h]))
            c.submit(virgl_cmd(20, 0, [h]))
            c.submit(virgl_cmd(21, 0, [h, 1]))
            c.submit(virgl_cmd(26, 0, [h, 0, 1]))
            c.submit(virgl_cmd(42, 0, [h, 5, 1, 1, 0, 0]))
            c.submit(virgl_cmd(1, 4, [h, 1, 0x80000000 | 4, 1, 0, 0]))  # continuation of a non-shader
        c.submit(DRAW)

    everything()
    # Resources where buffers belong and the reverse; object handles as resources.
    c.submit(virgl_cmd(6, 0, [16, 0, 1]))
    c.submit(virgl_cmd(11, 0, [1, 4, 0]))
    c.submit(virgl_cmd(27, 0, [1, 1, 0, 16, 1]))
    c.submit(virgl_cmd(1, 10, [21, 1, 0, 64]))
    c.submit(virgl_cmd(1, 9, [22, 0, 0, 1]))
    c.submit(virgl_cmd(1, 6, [23, 5, 67 | (2 << 24), 0, 0, 0x688]))
    c.submit(virgl_cmd(1, 8, [24, 5, 67, 0, 0]))
    c.submit(virgl_cmd(6, 0, [16, 0, 11]))
    c.submit(DRAW)
    # Destroyed: every object, then all of it again, twice destroyed, and
    # handles reused by another type.
    for h in objs:
        c.submit(virgl_cmd(3, 0, [h]))
    everything()
    for h in objs + [0, 0xffffffff]:
        c.submit(virgl_cmd(3, 0, [h]))
    c.submit(virgl_cmd(1, 2, [11, 0x2, 0x3f800000, 0, 0, 0, 0, 0, 0]))  # 11 was a blend
    c.submit(virgl_cmd(2, 1, [11]), DRAW)
    # Resources destroyed (vtest unref) before their use, and unknown ones.
    ok = ok and c.resource(30, 2, 67, 0xa, 8, 8) and c.resource(31, 0, 64, 0x10 | 0x800 | 0x8000, 256)
    c.unref(30, 31)
    for cmd in (virgl_cmd(1, 6, [40, 30, 67 | (2 << 24), 0, 0, 0x688]),
                virgl_cmd(1, 8, [41, 30, 67, 0, 0]),
                virgl_cmd(1, 8, [41, 0xffffffff, 67, 0, 0]),
                virgl_cmd(1, 10, [42, 31, 0, 64]),
                virgl_cmd(1, 9, [43, 0, 0, 31]),
                virgl_cmd(6, 0, [16, 0, 31]),
                virgl_cmd(11, 0, [31, 4, 0]),
                virgl_cmd(27, 0, [1, 1, 0, 16, 31]),
                virgl_cmd(43, 0, [30, 0, 0, 0, 0, 0, 0, 0, 8, 8, 1, 0, 1]),
                virgl_cmd(9, 0, [31, 0, 0, 0, 0, 0, 0, 0, 4, 1, 1, 7]),
                virgl_cmd(45, 0, [30, 0, 0, 0, 0, 0, 0, 0, 8, 8, 1, 31, 0, 1]),
                virgl_cmd(16, 0, [0xf, 0, 0, 30, 0, 67, 0, 0, 0, 8, 8, 1, 1, 0, 67, 0, 0, 0, 8, 8, 1]),
                virgl_cmd(17, 0, [1, 0, 0, 0, 0, 30, 0, 0, 0, 0, 8, 8, 1]),
                virgl_cmd(47, 0, [30, 0, 0, 0, 0, 8, 8, 1, 0, 0, 0, 0]),
                virgl_cmd(42, 0, [19, 31, 1, 1, 0, 0])):
        c.submit(cmd)
    c.transfer(True, 30, 0, (0, 0, 0, 8, 8, 1))
    c.transfer(False, 31, 0, (0, 0, 0, 16, 1, 1))
    c.unref(30, 31, 999, 0, 0xffffffff)
    # A handle unref'd and created again as something else.
    ok = ok and c.resource(30, 0, 64, 0x10, 64)
    c.submit(virgl_cmd(1, 6, [44, 30, 67 | (2 << 24), 0, 0, 0x688]), virgl_cmd(6, 0, [16, 0, 30]), DRAW)
    ok = c.alive() and ok
    # Staging-only buffers (no host storage) wherever a buffer can be bound,
    # then drawn with, indexed too: a fresh client whose draws get that far.
    c = Client()
    ok = ok and draw_setup(c)
    for h, bind in ((32, 0x20000), (33, 0x80000)):
        ok = ok and c.resource(h, 0, 64, bind, 4096)
        c.submit(virgl_cmd(11, 0, [h, 4, 16]), virgl_cmd(8, 0, [0, 3, 4, 1, 1, 0, 0, 0, 0, 0, 2, 0]))
        c.submit(virgl_cmd(11, 0, [h, 2, 0]), virgl_cmd(8, 0, [0, 3, 4, 1, 1, 0, 0, 0, 0, 0, 2, 0]))
        c.submit(virgl_cmd(6, 0, [16, 0, h]), DRAW)
        c.submit(virgl_cmd(27, 0, [1, 1, 0, 16, h]), DRAW)
        c.submit(virgl_cmd(1, 10, [50 + h, h, 0, 64]), virgl_cmd(25, 0, [0, 50 + h]), DRAW)
        c.submit(virgl_cmd(1, 9, [60 + h, 0, 0, h]), virgl_cmd(19, 0, [60 + h]), DRAW,
                 virgl_cmd(20, 0, [60 + h]), virgl_cmd(21, 0, [60 + h, 1]))
        c.submit(virgl_cmd(42, 0, [60 + h, h, 1, 1, 0, 0]))
        c.submit(virgl_cmd(1, 6, [70 + h, h, 64, 0, 63, 0x688]), virgl_cmd(10, 0, [1, 0, 70 + h]), DRAW)
        c.submit(virgl_cmd(17, 0, [h, 0, 0, 0, 0, 2, 0, 0, 0, 0, 64, 1, 1]))
        c.submit(virgl_cmd(17, 0, [2, 0, 0, 0, 0, h, 0, 0, 0, 0, 64, 1, 1]))
        c.submit(virgl_cmd(43, 0, [h, 0, 0, 0, 0, 0, 0, 0, 64, 1, 1, 0, 1]))
        c.submit(virgl_cmd(9, 0, [h, 0, 0, 0, 0, 0, 0, 0, 4, 1, 1, 7]))
        c.transfer(True, h, 0, (0, 0, 0, 64, 1, 1))
    c.submit(virgl_cmd(11, 0, [0]), virgl_cmd(6, 0, [16, 0, 2]), virgl_cmd(25, 0, [0]),
             virgl_cmd(27, 0, [1, 1, 0, 0, 0]), virgl_cmd(10, 0, [1, 0]))
    # Surfaces at the edges of their resource's levels and layers, of every
    # layered target, bound and cleared, drawn into and blitted.
    ok = ok and (c.resource(34, 7, 67, 0xa, 8, 8, layers=4, levels=3, size=2048) and
                 c.resource(35, 3, 67, 0xa, 8, 8, d=4, levels=3, size=2048) and
                 c.resource(36, 4, 67, 0xa, 8, 8, layers=6, levels=3, size=4096) and
                 c.resource(37, 6, 67, 0xa, 8, layers=4, levels=3, size=512))
    for res, slices in ((34, 4), (35, 4), (36, 6), (37, 4)):
        for level, first, last in ((0, 0, slices - 1), (3, 0, 0), (2, slices - 1, slices - 1), (0, slices, slices),
                                   (0, 2, 1), (0, 0, 0xffff), (0xffffffff, 0, 0), (1, 0, slices - 1)):
            c.submit(virgl_cmd(1, 8, [80, res, 67, level, first | (last << 16)]))
            for fb in ([2, 0, 80, 10], [1, 0, 80]):
                c.submit(virgl_cmd(5, 0, fb))
                c.submit(CLEAR_BLACK)
                c.submit(DRAW)
            c.submit(virgl_cmd(16, 0, [0xf, 0, 0, res, level, 67, 0, 0, first, 1, 1, 1,
                                       1, 0, 67, 0, 0, 0, 8, 8, 1]))
            c.submit(virgl_cmd(16, 0, [0xf, 0, 0, 1, 0, 67, 0, 0, 0, 8, 8, 1, res, level, 67, 0, 0, first, 8, 8,
                                       last - first + 1 if last >= first else 1]))
            c.submit(virgl_cmd(3, 0, [80]))
    c.submit(virgl_cmd(5, 0, [1, 0, 10]))
    return render_ok(c) and c.alive() and ok


@case
def slot_start_wraparound_every_array():
    c = Client()
    if not draw_setup(c):
        return False
    ok = c.resource(4, 0, 64, 0x4000 | 0x40, 256)
    c.submit(virgl_cmd(1, 7, [18, 0, 0, 0, 0, 0, 0, 0, 0]))
    wraps = (0xffffffff, 0xfffffffe, 0xfffffff0, 0x80000000, 0x7fffffff)
    for start in wraps + (128, 127, 32, 31, 16, 15, 4, 3):
        for n in (1, 2):
            for stage in (0, 1, 5, 6, 0xffffffff):
                c.submit(virgl_cmd(10, 0, [stage, start] + [17] * n))           # SET_SAMPLER_VIEWS
                c.submit(virgl_cmd(18, 0, [stage, start] + [18] * n))           # BIND_SAMPLER_STATES
                c.submit(virgl_cmd(35, 0, [stage, start] + [67, 3, 0, 0, 1] * n))  # SET_SHADER_IMAGES
                c.submit(virgl_cmd(34, 0, [stage, start] + [0, 16, 4] * n))     # SET_SHADER_BUFFERS
                c.submit(virgl_cmd(27, 0, [stage, start, 0, 16, 4]))            # SET_UNIFORM_BUFFER
                c.submit(virgl_cmd(12, 0, [stage, start] + [0] * (4 * n)))      # SET_CONSTANT_BUFFER
            c.submit(virgl_cmd(40, 0, [start] + [0, 16, 4] * n))                # SET_ATOMIC_BUFFERS
            c.submit(virgl_cmd(4, 0, [start] + [f32(1)] * (6 * n)))             # SET_VIEWPORT_STATE
            c.submit(virgl_cmd(15, 0, [start] + [0x00100010] * (2 * n)))        # SET_SCISSOR_STATE
        c.submit(DRAW)
    # Offsets and sizes that wrap inside a slot.
    for off, size in ((0xfffffff0, 0x20), (16, 0xffffffff), (256, 0), (255, 2), (0xffffffff, 1)):
        c.submit(virgl_cmd(27, 0, [1, 1, off, size, 4]))
        c.submit(virgl_cmd(34, 0, [1, 0, off, size, 4]))
        c.submit(virgl_cmd(40, 0, [0, off, size, 4]))
        c.submit(virgl_cmd(35, 0, [1, 0, 64, 3, off, size, 4]))
        c.submit(virgl_cmd(1, 10, [60, 4, off, size]), virgl_cmd(25, 0, [0, 60]))
        c.submit(virgl_cmd(11, 0, [3, 4, off]), virgl_cmd(8, 0, [0, 3, 4, 1, 1, 0, 0, 0, 0, 0, 2, 0]))
        c.submit(virgl_cmd(37, 0, [1, 1, 1, 1, 1, 1, 4, off]))
        c.submit(virgl_cmd(1, 9, [61, 0, off, 4]))
        c.submit(DRAW)
    # Arrays without a start slot: vertex buffers and stream output targets,
    # counted up to and past their ends, with wrapping offsets and strides.
    for n in (32, 33, 64):
        c.submit(virgl_cmd(6, 0, [16, 0, 2] * n))
    for stride, off in ((0xffffffff, 0), (16, 0xfffffff0), (0x80000000, 0x80000000)):
        c.submit(virgl_cmd(6, 0, [stride, off, 2]), DRAW)
    c.submit(virgl_cmd(1, 5, [62, 0xfffffff0, 0, 0, 31]), virgl_cmd(2, 5, [62]), DRAW)
    c.submit(virgl_cmd(1, 10, [63, 4, 0, 64]))
    for n in (4, 5, 200):
        c.submit(virgl_cmd(25, 0, [0xffffffff] + [63] * n), DRAW)
    c.submit(virgl_cmd(6, 0, [16, 0, 2]), virgl_cmd(2, 5, [14]), virgl_cmd(25, 0, [0]))
    return c.alive() and ok


SO_VS = (b"VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
         b"  0: MOV OUT[0], IN[0]\n  1: MOV OUT[1], IN[0]\n  2: END\n")


def so_output(reg, start, n, buf, off, stream=0):
    return [reg | start << 8 | n << 10 | buf << 13 | off << 16, stream]


@case
def counts_above_every_fixed_array():
    c = Client()
    if not draw_setup(c):
        return False
    ok = c.resource(4, 0, 64, 0x800, 4096)
    # Colour buffers: the maximum, one more, and counts the length disagrees with.
    c.submit(virgl_cmd(5, 0, [8, 0] + [10] * 8), DRAW)
    c.submit(virgl_cmd(5, 0, [9, 0] + [10] * 9))
    c.submit(virgl_cmd(5, 0, [0xffffffff, 0] + [10] * 9))
    c.submit(virgl_cmd(5, 0, [0x80000002, 0, 10, 10]))
    # Colour buffers with holes, every clear bit without a depth buffer.
    for fb in ([3, 0, 10, 0, 10], [8, 0] + [0] * 7 + [10], [0, 0]):
        c.submit(virgl_cmd(5, 0, fb))
        for bits in (4, 1, 2, 0xff, 0xffffffff):
            c.submit(virgl_cmd(7, 0, [bits, 0x3f800000, 0, 0, 0x3f800000, 0, 0x3ff00000, 0xff]))
        c.submit(DRAW)
    c.submit(virgl_cmd(5, 0, [1, 0, 10]))
    # Vertex elements: 32 (bound and drawn), 33, and elements naming buffer 32.
    c.submit(virgl_cmd(1, 5, [60] + [0, 0, 0, 31] * 32), virgl_cmd(2, 5, [60]), DRAW)
    c.submit(virgl_cmd(1, 5, [61] + [0, 0, 0, 31] * 33))
    for buf in (31, 32, 0xffffffff):
        c.submit(virgl_cmd(1, 5, [62, 0, 0, buf, 31]))
    for fmt in (0, 18, 105, 0xffffffff, 300):                # none, depth, compressed, unknown
        c.submit(virgl_cmd(1, 5, [63, 0, 0, 0, fmt]))
    c.submit(virgl_cmd(1, 5, [64, 0xffffffff, 0xffffffff, 0, 31]), virgl_cmd(2, 5, [64]), DRAW)
    c.submit(virgl_cmd(2, 5, [14]))
    # Viewports, scissors, sampler views and states, constants: max and max + 1.
    for n in (16, 17):
        c.submit(virgl_cmd(4, 0, [0] + [f32(16), f32(16), f32(0.5)] * 2 * n))
        c.submit(virgl_cmd(15, 0, [0] + [0x00200000, 0x00200020] * n))
    c.submit(virgl_cmd(10, 0, [1, 0] + [17] * 128), virgl_cmd(10, 0, [1, 0] + [17] * 129))
    c.submit(virgl_cmd(1, 7, [18, 0, 0, 0, 0, 0, 0, 0, 0]))
    c.submit(virgl_cmd(18, 0, [1, 0] + [18] * 32), virgl_cmd(18, 0, [1, 0] + [18] * 33))
    c.submit(virgl_cmd(12, 0, [1, 0] + [0] * 16384), DRAW)
    c.submit(virgl_cmd(12, 0, [1, 0] + [0] * 16385))
    c.submit(virgl_cmd(12, 0, [1, 0] + [0] * 3), DRAW)        # not a whole vec4
    c.submit(virgl_cmd(4, 0, [0, f32(16), f32(16), f32(0.5), f32(16), f32(16), f32(0.5)]))
    # Stream outputs: the maximum count, one more, registers and components
    # outside the shader, buffers past 4, offsets past the vertex, streams,
    # strides that overflow; each bound and drawn into a real target.
    c.submit(virgl_cmd(1, 10, [70, 4, 0, 4096]), virgl_cmd(25, 0, [0, 70, 70, 70, 70]))
    L = len(SO_VS) + 1
    variants = [
        [so_output(1, 0, 4, 0, 0)] * 64,
        [so_output(1, 0, 4, 0, 0)] * 65,
        [so_output(255, 0, 4, 0, 0)],
        [so_output(2, 0, 4, 0, 0)],
        [so_output(1, 3, 4, 0, 0)],
        [so_output(1, 0, 0, 0, 0)],
        [so_output(1, 0, 7, 0, 0)],
        [so_output(1, 0, 4, 4, 0)],
        [so_output(1, 0, 4, 7, 0)],
        [so_output(1, 0, 4, 0, 0xffff)],
        [so_output(1, 0, 4, 0, 0, 3)],
        [so_output(1, 0, 4, 0, 4), so_output(1, 0, 4, 0, 0)],
        [so_output(0, 0, 4, 0, 0), so_output(1, 0, 4, 0, 2)],   # overlapping
        [so_output(1, 0, 4, 3, 0), so_output(1, 0, 4, 0, 0)],
    ]
    strides = ([4, 4, 4, 4], [0xffffffff] * 4, [0x40000001] * 4, [0, 0, 0, 0], [1, 1, 1, 1])
    h = 100
    for outs in variants:
        for st in strides[:2] if outs is variants[2] else strides[:1]:
            flat = [w for o in outs for w in o]
            pad = SO_VS + b"\0" * (-len(SO_VS) % 4 or 4)
            text = list(struct.unpack("<%dI" % (len(pad) // 4), pad))
            c.submit(virgl_cmd(1, 4, [h, 0, L, 100, len(outs)] + st + flat + text))
            c.submit(virgl_cmd(31, 0, [h, 0]), DRAW, DRAW)
            c.submit(virgl_cmd(8, 0, [0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 0xffffffff, 70]))   # draw-auto
            h += 1
    for st in strides[2:]:
        pad = SO_VS + b"\0" * (-len(SO_VS) % 4 or 4)
        text = list(struct.unpack("<%dI" % (len(pad) // 4), pad))
        c.submit(virgl_cmd(1, 4, [h, 0, L, 100, 1] + st + so_output(1, 0, 4, 0, 0) + text))
        c.submit(virgl_cmd(31, 0, [h, 0]), DRAW, DRAW)
        h += 1
    c.submit(virgl_cmd(31, 0, [15, 0]), virgl_cmd(25, 0, [0]))
    # Sub-contexts past their limit (1024), and ids at the ends of the range.
    c.submit(*[virgl_cmd(29, 0, [i]) for i in range(1, 1100)])
    for i in (0xffffffff, 0xfffffffe, 0):
        c.submit(virgl_cmd(29, 0, [i]))
        c.submit(virgl_cmd(28, 0, [i]), DRAW)
        c.submit(virgl_cmd(30, 0, [i]))
    c.submit(virgl_cmd(28, 0, [0]))
    return c.alive() and ok


FORMAT_SAMPLE = (1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 27,
                 28, 30, 31, 35, 50, 64, 66, 67, 87, 91, 93, 94, 95, 96, 97, 100, 105, 106, 107, 108,
                 113, 116, 117, 119, 124, 125, 126, 127, 130, 131, 136, 139, 140, 143, 147, 155, 159,
                 162, 163, 166, 168, 170, 177, 183, 196, 200, 201, 216, 224, 226, 227, 236, 246, 253,
                 254, 255, 257, 259, 262, 269, 275, 279, 292, 306, 308, 314, 317, 318, 321,
                 0, 73, 78, 307, 322, 330, 0x10040, 0xffffffff)


def create_or_close(args, expect):
    """RESOURCE_CREATE2 with the 11 dwords args on a new connection.
    expect: "closed", "ok" or None (either, as the host decides)."""
    s = conn()
    s.sendall(handshake() + hdr(11, 12) + struct.pack("<11I", *[a & 0xffffffff for a in args]))
    got = None
    if args[10]:
        try:
            _, fds, _, _ = socket.recv_fds(s, 1, 1)
        except (ConnectionResetError, socket.timeout):
            fds = []
        for fd in fds:
            os.close(fd)
        got = "ok" if fds else "closed"
    if got != "closed":
        s.sendall(hdr(2, 7) + struct.pack("<II", 0, 0))
        try:
            got = "ok" if recv_exact(s, 12) else "closed"
        except ConnectionResetError:
            got = "closed"
    if got == "ok" and expect != "closed":
        s.close()
        return True
    if got == "closed" and expect != "ok":
        return True
    print(f"  RESOURCE_CREATE2 {args}: {got}, expected {expect}")
    return False


@case
def resource_create2_bad_shapes_everywhere():
    M = 0xffffffff
    C, OK, ANY = "closed", "ok", None
    # handle, target, format, bind, w, h, d, layers, last_level, samples, data_size
    variants = [
        # huge
        ((1, 2, 67, 8, 32769, 1, 1, 1, 0, 0, 1 << 20), C), ((1, 2, 67, 8, M, 1, 1, 1, 0, 0, 64), C),
        ((1, 2, 67, 8, 1, M, 1, 1, 0, 0, 64), C), ((1, 3, 67, 8, 1, 1, M, 1, 0, 0, 64), C),
        ((1, 7, 67, 8, 1, 1, 1, M, 0, 0, 64), C), ((1, 7, 67, 8, 1, 1, 1, 32769, 0, 0, 1 << 20), C),
        ((1, 0, 64, 16, M, 1, 1, 1, 0, 0, M), C), ((1, 0, 64, 16, 1 << 31, 1, 1, 1, 0, 0, M), C),
        ((1, 2, 31, 8, 32768, 32768, 1, 1, 0, 0, M), C), ((1, 3, 31, 8, 32768, 32768, 32768, 1, 0, 0, M), C),
        ((1, 8, 67, 8, 32768, 32768, 1, 0x7ffffffe, 0, 0, M), C),
        # zero sizes, per target (buffers may have array size 0: Mesa's fences)
        *[((1, t, 67, 8, *dims, 0, 0, 1 << 16), C)
          for t in range(9) for dims in ((0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 0, 1), (1, 1, 1, 0))
          if not (t == 0 and dims == (1, 1, 1, 0))],
        ((1, 0, 64, 0x20000, 8, 1, 1, 0, 0, 0, 8), OK),
        ((1, 2, 67, 8, 4, 4, 1, 1, 0, 0, 0), C),               # no memory for a single-sample texture
        ((1, 2, 67, 8, 4, 4, 1, 1, 0, 0, 63), C),              # one byte short
        ((1, 2, 67, 8, 4, 4, 1, 1, 0, 0, 65), OK),
        # inconsistent shapes
        ((1, 0, 64, 16, 64, 2, 1, 1, 0, 0, 128), C), ((1, 0, 64, 16, 64, 1, 2, 1, 0, 0, 128), C),
        ((1, 0, 64, 16, 64, 1, 1, 2, 0, 0, 128), C), ((1, 0, 64, 16, 64, 1, 1, 1, 1, 0, 128), C),
        ((1, 0, 64, 16, 64, 1, 1, 1, 0, 4, 128), C), ((1, 1, 67, 8, 4, 2, 1, 1, 0, 0, 64), C),
        ((1, 1, 67, 8, 4, 1, 1, 2, 0, 0, 64), C), ((1, 6, 67, 8, 4, 2, 1, 2, 0, 0, 64), C),
        ((1, 2, 67, 8, 4, 4, 2, 1, 0, 0, 256), C), ((1, 2, 67, 8, 4, 4, 1, 2, 0, 0, 256), C),
        ((1, 5, 67, 8, 4, 4, 1, 1, 1, 0, 256), C), ((1, 3, 67, 8, 4, 4, 4, 2, 0, 0, 1024), C),
        ((1, 4, 67, 8, 4, 8, 1, 6, 0, 0, 1024), C), ((1, 4, 67, 8, 4, 4, 1, 5, 0, 0, 1024), C),
        ((1, 4, 67, 8, 4, 4, 2, 6, 0, 0, 1024), C), ((1, 8, 67, 8, 4, 4, 1, 7, 0, 0, 1024), C),
        ((1, 8, 67, 8, 4, 4, 1, 12, 0, 0, 1024), ANY),
        # levels
        ((1, 2, 67, 8, 16, 16, 1, 1, 4, 0, 2048), OK), ((1, 2, 67, 8, 16, 16, 1, 1, 5, 0, 2048), C),
        ((1, 2, 67, 8, 16, 16, 1, 1, 31, 0, 2048), C), ((1, 2, 67, 8, 16, 16, 1, 1, 32, 0, 2048), C),
        ((1, 2, 67, 8, 16, 16, 1, 1, M, 0, 2048), C), ((1, 3, 67, 8, 1, 1, 16, 1, 4, 0, 2048), OK),
        ((1, 2, 67, 8, 16, 16, 1, 1, 4, 0, 1363), C),          # the levels need 1364 bytes
        # samples
        ((1, 2, 67, 2, 16, 16, 1, 1, 0, 4, 0), ANY), ((1, 2, 67, 2, 16, 16, 1, 1, 0, 3, 0), ANY),
        ((1, 2, 67, 2, 16, 16, 1, 1, 0, 33, 0), C), ((1, 2, 67, 2, 16, 16, 1, 1, 0, M, 0), C),
        ((1, 3, 67, 2, 16, 16, 4, 1, 0, 4, 0), C), ((1, 4, 67, 2, 16, 16, 1, 6, 0, 4, 0), C),
        ((1, 2, 67, 2, 16, 16, 1, 1, 1, 4, 0), C), ((1, 2, 106, 8, 16, 16, 1, 1, 0, 4, 0), C),
        ((1, 7, 67, 2, 16, 16, 1, 4, 0, 4, 0), ANY), ((1, 2, 67, 2, 16, 16, 1, 1, 0, 1, 4096), OK),
        # targets and formats
        ((1, 9, 67, 8, 4, 4, 1, 1, 0, 0, 64), C), ((1, 255, 67, 8, 4, 4, 1, 1, 0, 0, 64), C),
        ((1, M, 67, 8, 4, 4, 1, 1, 0, 0, 64), C), ((1, 2, 0, 8, 4, 4, 1, 1, 0, 0, 64), C),
        ((1, 2, M, 8, 4, 4, 1, 1, 0, 0, 64), C), ((1, 2, 0x10043, 8, 4, 4, 1, 1, 0, 0, 64), C),
        ((1, 3, 18, 1, 4, 4, 4, 1, 0, 0, 256), ANY), ((1, 2, 106, 8, 5, 5, 1, 1, 0, 0, 32), ANY),
        ((1, 2, 106, 8, 5, 5, 1, 1, 0, 0, 31), C), ((1, 0, 106, 16, 64, 1, 1, 1, 0, 0, 64), ANY),
        ((1, 2, 67, M, 4, 4, 1, 1, 0, 0, 64), ANY),
        # handles
        ((0, 2, 67, 8, 4, 4, 1, 1, 0, 0, 64), C), ((M, 2, 67, 8, 4, 4, 1, 1, 0, 0, 64), OK),
    ]
    ok = True
    for args, expect in variants:
        ok &= create_or_close(args, expect)
    # A duplicate handle closes.
    c = Client()
    ok &= c.resource(7, 2, 67, 8, 4, 4)
    c.raw(hdr(11, 12) + struct.pack("<11I", 7, 2, 67, 8, 4, 4, 1, 1, 0, 0, 128))
    ok &= closed_by_server(c.s)
    # Formats of every family (packed, luminance/alpha, depth/stencil, 64-bit,
    # sRGB, compressed of each kind, video, emulated, unknown): the host
    # decides which exist; those it takes go through both transfer
    # directions with garbage texels, a clear, a view and a surface.
    left = list(FORMAT_SAMPLE)
    handle = 1
    while left:
        c = Client()
        while left:
            fmt = left.pop(0)
            handle += 1
            if not c.resource(handle, 2, fmt, 0xa, 8, 8, size=2048):
                break
            c.mem[handle][0:2048] = bytes((i * 37 + fmt) & 0xff for i in range(2048))
            c.transfer(False, handle, 0, (0, 0, 0, 8, 8, 1))
            c.transfer(True, handle, 0, (0, 0, 0, 8, 8, 1))
            c.transfer(True, handle, 0, (4, 4, 0, 4, 4, 1), 3)
            c.submit(virgl_cmd(47, 0, [handle, 0, 0, 0, 0, 8, 8, 1, 0xffffffff, 0xffffffff, 0, 0]))
            c.submit(virgl_cmd(1, 6, [handle, handle, fmt | (2 << 24), 0, 0, 0x688]))
            c.submit(virgl_cmd(1, 8, [0x10000 + handle, handle, fmt, 0, 0]))
            ok &= c.roundtrip(handle, 1)
        c.s.close()
    return ok


@case
def transfer_boxes_strides_and_inline_data_overflow():
    c = Client()
    ok = (c.resource(1, 2, 67, 0xa, 16, 16, levels=1, size=1280) and c.resource(2, 0, 64, 0x10, 256) and
          c.resource(3, 7, 67, 0xa, 8, 8, layers=4, size=1024) and
          c.resource(4, 3, 67, 0xa, 8, 8, d=4, size=1024) and
          c.resource(5, 4, 67, 0xa, 8, 8, layers=6, size=1536) and
          c.resource(6, 6, 67, 0xa, 8, layers=4, size=128))
    if not ok:
        return False
    m = 0x7fffffff
    boxes = [(m, 0, 0, 2, 1, 1), (0, m, 0, 1, 2, 1), (0, 0, m, 1, 1, 2), (-1, 0, 0, 1, 1, 1), (0, -1, 0, 1, 1, 1),
             (0, 0, -1, 1, 1, 1), (0, 0, 0, -1, 1, 1), (0, 0, 0, 1, -1, 1), (0, 0, 0, 1, 1, -1),
             (0, 0, 0, m, 1, 1), (0, 0, 0, 0x80000000, 1, 1), (0, 0, 0, 17, 16, 1), (0, 0, 0, 16, 17, 1),
             (0, 0, 0, 16, 16, 2), (0, 0, 1, 1, 1, 1), (8, 8, 0, 9, 9, 1), (0, 0, 3, 8, 8, 2),
             (0, 0, 0, 8, 8, 5), (0, 0, 5, 8, 8, 2), (0, 0, 0, 8, 8, 7), (0, 0, 0, 0, 0, 0)]
    for get in (True, False):
        for res in (1, 3, 4, 5, 6):
            for level in (0, 1, 2, 0xffffffff):
                for box in boxes:
                    c.transfer(get, res, level, box, data_size=0xffffffff)
            for off in (0xffffffff, 0x80000000, 1280 - 1023, 1):      # whole level 0 one byte past
                c.transfer(get, res, 0, (0, 0, 0, 16 if res == 1 else 8, 16 if res == 1 else 8, 1), off)
        for box in ((250, 0, 0, 7, 1, 1), (-1, 0, 0, 2, 1, 1), (0, 0, 0, 257, 1, 1), (0, 1, 0, 1, 1, 1),
                    (0, 0, 0, 1, 1, 2), (m, 0, 0, m, 1, 1)):
            c.transfer(get, 2, 0, box)
        c.transfer(get, 2, 0, (0, 0, 0, 256, 1, 1), 1)
    # In the stream, with explicit strides too: overflowing, too small,
    # rows that wrap 32 bits, unknown directions.
    for direction in (1, 2, 0, 3, 0xffffffff):
        for stride, lstride, box, off in (
                (0xffffffff, 0, (0, 0, 0, 16, 16, 1), 0), (0x80000000, 0, (0, 0, 0, 16, 2, 1), 0),
                (0x10000000, 0, (0, 0, 0, 16, 16, 1), 0), (1, 0, (0, 0, 0, 16, 16, 1), 0),
                (64, 0xffffffff, (0, 0, 0, 8, 8, 2), 0), (32, 1, (0, 0, 0, 8, 8, 2), 0),
                (0, 0, (0, 0, 0, 16, 16, 1), 0xfffffff0), (0, 0, (0, 0, 0, 16, 16, 1), 257),
                (65, 0, (0, 0, 0, 16, 16, 1), 0), (0, 0, (m, 0, 0, m, 1, 1), 0)):
            for res in (1, 4):
                c.submit(virgl_cmd(43, 0, [res, 0, 0, stride, lstride] + [v & 0xffffffff for v in box]
                                   + [off, direction]))
        c.submit(virgl_cmd(43, 0, [1, 9, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, direction]))
        c.submit(virgl_cmd(43, 0, [2, 0, 0, 0, 0, 200, 0, 0, 100, 1, 1, 0, direction]))
    # Inline writes: data shorter and longer than the box, boxes past the
    # level, strides that overflow, and a length past the command buffer.
    for cmd in (virgl_cmd(9, 0, [1, 0, 0, 0, 0, 0, 0, 0, 16, 16, 1, 1, 2, 3]),
                virgl_cmd(9, 0, [2, 0, 0, 0, 0, 0, 0, 0, 4, 1, 1] + [7] * 100),
                virgl_cmd(9, 0, [2, 0, 0, 0, 0, 250, 0, 0, 16, 1, 1, 1, 2, 3, 4]),
                virgl_cmd(9, 0, [1, 0, 0, 0xffffffff, 0, 0, 0, 0, 1, 2, 1, 1, 2]),
                virgl_cmd(9, 0, [4, 0, 0, 0, 0xffffffff, 0, 0, 0, 1, 1, 2, 1, 2]),
                virgl_cmd(9, 0, [4, 0, 0, 4, 4, 0, 0, 0, 1, 1, 4, 1, 2]),
                virgl_cmd(9, 0, [1, 1, 0, 0, 0, 0, 0, 0, 16, 16, 1] + [0] * 256),
                virgl_cmd(9, 0, [1, 5, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0]),
                virgl_cmd(9, 0, [3, 0, 0, 0, 0, 0, 0, 3, 1, 1, 2, 0, 0]),
                virgl_cmd(9, 0, [5, 0, 0, 0, 0, 0, 0, 0xfffffffa, 1, 1, 0xc, 0, 0]),
                [9 | (40000 << 16), 2, 0, 0, 0, 0, 0, 0, 0, 160000, 1, 1] + [0] * 50):
        c.submit(cmd)
    # COPY_TRANSFER3D: source offsets past the source, textures as sources,
    # boxes past the level, in both directions.
    for flags in (1, 3):
        for cmd in (virgl_cmd(45, 0, [1, 0, 0, 0, 0, 0, 0, 0, 16, 16, 1, 2, 0xffffffff, flags]),
                    virgl_cmd(45, 0, [1, 0, 0, 64, 0, 0, 0, 0, 16, 16, 1, 2, 0, flags]),
                    virgl_cmd(45, 0, [1, 0, 0, 0xffffffff, 0, 0, 0, 0, 1, 2, 1, 2, 0, flags]),
                    virgl_cmd(45, 0, [1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 3, 0, flags]),
                    virgl_cmd(45, 0, [2, 0, 0, 0, 0, 250, 0, 0, 10, 1, 1, 2, 0, flags]),
                    virgl_cmd(45, 0, [1, 3, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 0, flags])):
            c.submit(cmd)
    # Copies, blits and clears with boxes at the ends of the range.
    for box in ((m, 0, 0, 2, 1, 1), (0, 0, 0, -0x80000000, 1, 1), (-0x80000000, 0, 0, -1, 1, 1),
                (0, 0, 0, 0x80000000 - 1, 1, 1), (0, 0, 6, 1, 1, 1)):
        b = [v & 0xffffffff for v in box]
        c.submit(virgl_cmd(17, 0, [1, 0, 0, 0, 0, 1, 0] + b))
        c.submit(virgl_cmd(17, 0, [1, 0, 0xffffffff, 0xffffffff, 0, 3, 0, 0, 0, 0, 1, 1, 1]))
        c.submit(virgl_cmd(16, 0, [0xf, 0, 0, 1, 0, 67] + b + [3, 0, 67] + b))
        c.submit(virgl_cmd(47, 0, [5, 0] + b + [0, 0, 0, 0]))
    # After all that, a transfer with an odd stride (rows repacked) and an
    # inline write still put the right bytes in the right places.
    src = bytes(range(256)) * 5
    c.mem[1][0:1280] = src
    c.submit(virgl_cmd(43, 0, [1, 0, 0, 66, 0, 0, 0, 0, 16, 16, 1, 0, 1]))
    c.submit(virgl_cmd(9, 0, [1, 1, 0, 8, 0, 2, 2, 0, 2, 2, 1] +
                       [0x11111111, 0x22222222, 0x33333333, 0x44444444]))
    if not c.roundtrip(1, 1):                    # the upload has read the memory
        return False
    c.mem[1][0:1280] = bytes(1280)
    c.transfer(True, 1, 0, (0, 0, 0, 16, 16, 1))
    c.transfer(True, 1, 1, (0, 0, 0, 8, 8, 1), 1024)
    if not c.roundtrip(1, 1):
        return False
    want0 = b"".join(src[r * 66:r * 66 + 64] for r in range(16))
    got = bytes(c.mem[1][0:1280])
    lvl1 = got[1024:1280]
    ok = got[0:1024] == want0
    ok &= lvl1[2 * 32 + 8:2 * 32 + 16] == struct.pack("<II", 0x11111111, 0x22222222)
    ok &= lvl1[3 * 32 + 8:3 * 32 + 16] == struct.pack("<II", 0x33333333, 0x44444444)
    if not ok:
        print("  transfers after the hostile ones moved the wrong bytes")
    ok = c.alive() and ok
    # Readbacks to offsets the guest picks, unaligned too, of formats whose
    # texels are converted on the way (on GLES hosts): the texels read to
    # offset 3 must be those read to offset 0.
    for fmt, bpp in ((28, 4), (29, 8), (64, 1), (65, 2), (177, 1), (1, 4), (67, 4)):
        c = Client()
        if not c.resource(1, 2, fmt, 0x8, 8, 8, size=1024):
            c.s.close()
            continue
        c.mem[1][0:1024] = bytes((i * 73 + 11) & 0x7f for i in range(1024))
        c.transfer(False, 1, 0, (0, 0, 0, 8, 8, 1))
        c.transfer(True, 1, 0, (0, 0, 0, 8, 8, 1))
        if not c.roundtrip(1, 1):
            return False
        whole = bytes(c.mem[1][0:64 * bpp])
        c.transfer(True, 1, 0, (3, 2, 0, 5, 6, 1), 3)
        if not c.roundtrip(1, 1):
            return False
        got = bytes(c.mem[1][0:1024])
        for j in range(6):
            row = got[3 + j * 8 * bpp:3 + j * 8 * bpp + 5 * bpp]
            want = whole[((2 + j) * 8 + 3) * bpp:((2 + j) * 8 + 8) * bpp]
            if row != want:
                print(f"  format {fmt}: row {j} read to offset 3 differs: {row.hex()} / {want.hex()}")
                ok = False
                break
        c.s.close()
    return ok


@case
def bind_unref_then_draw_every_binding():
    c = Client()
    if not draw_setup(c):
        return False
    ok = (c.resource(4, 0, 64, 0x20, 256) and c.resource(5, 0, 64, 0x40, 256) and
          c.resource(6, 0, 64, 0x800, 1024) and c.resource(7, 0, 64, 0x8000, 64) and
          c.resource(8, 2, 20, 0x1, 32, 32) and c.resource(9, 2, 67, 0x8, 4, 4) and
          c.resource(10, 0, 64, 0x8000, 64))
    c.submit(virgl_cmd(11, 0, [4, 4, 0]),                          # index buffer
             virgl_cmd(27, 0, [1, 1, 0, 256, 5]), virgl_cmd(27, 0, [0, 1, 0, 0, 5]),
             virgl_cmd(1, 10, [30, 6, 0, 1024]), virgl_cmd(25, 0, [0, 30]),
             virgl_cmd(1, 9, [31, 0, 0, 7]), virgl_cmd(19, 0, [31]),
             virgl_cmd(1, 8, [32, 8, 20, 0, 0]), virgl_cmd(5, 0, [1, 32, 10]),
             virgl_cmd(1, 6, [33, 9, 67 | (2 << 24), 0, 0, 0x688]),
             virgl_cmd(1, 7, [34, 0, 0, 0, 0, 0, 0, 0, 0]),
             virgl_cmd(10, 0, [0, 0, 33]), virgl_cmd(10, 0, [1, 0, 17, 33]),
             virgl_cmd(18, 0, [1, 0, 34, 34]))
    c.submit(DRAW)
    # Every resource unref'd, every object destroyed, all still bound.
    c.unref(*range(1, 11))
    c.submit(*[virgl_cmd(3, 0, [h]) for h in range(10, 35)])
    c.submit(DRAW)
    c.submit(virgl_cmd(8, 0, [0, 3, 4, 1, 1, 0, 0, 0, 0, 0, 2, 0]))   # indexed
    c.submit(CLEAR_BLACK)
    c.submit(virgl_cmd(8, 0, [0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 0xffffffff, 30]))   # draw-auto
    c.submit(virgl_cmd(20, 0, [31]), virgl_cmd(21, 0, [31, 1]))
    c.submit(virgl_cmd(37, 0, [1, 1, 1, 1, 1, 1, 0, 0]))
    c.submit(virgl_cmd(43, 0, [1, 0, 0, 0, 0, 0, 0, 0, 8, 8, 1, 0, 1]))
    # The handles come back as other resources: the bindings keep the old ones.
    ok = ok and c.resource(1, 0, 64, 0x10, 16) and c.resource(2, 2, 67, 0xa, 4, 4)
    c.submit(DRAW, CLEAR_BLACK)
    # Unbinding drops the last references, one kind at a time, drawing in between.
    for unbind in (virgl_cmd(6, 0, []), virgl_cmd(11, 0, [0]), virgl_cmd(27, 0, [1, 1, 0, 0, 0]),
                   virgl_cmd(25, 0, [0]), virgl_cmd(10, 0, [1, 0]), virgl_cmd(10, 0, [0, 0]),
                   virgl_cmd(18, 0, [1, 0, 0, 0]), virgl_cmd(5, 0, [0, 0]),
                   virgl_cmd(31, 0, [0, 0]), virgl_cmd(31, 0, [0, 1])):
        c.submit(unbind, DRAW, CLEAR_BLACK)
    ok = c.alive() and ok
    # Disconnect with everything unref'd but bound, in a second sub-context
    # too, and a query running: teardown must drop it all in a safe order.
    c = Client()
    if not draw_setup(c):
        return False
    ok &= c.resource(7, 0, 64, 0x8000, 64)
    c.submit(virgl_cmd(1, 9, [31, 0, 0, 7]), virgl_cmd(19, 0, [31]))
    c.submit(virgl_cmd(29, 0, [1]), virgl_cmd(28, 0, [1]))
    c.submit(virgl_cmd(1, 8, [10, 1, 67, 0, 0]), virgl_cmd(5, 0, [1, 0, 10]),
             virgl_cmd(1, 6, [17, 1, 67 | (2 << 24), 0, 0, 0x688]), virgl_cmd(10, 0, [1, 0, 17]),
             virgl_cmd(6, 0, [16, 0, 2]))
    c.unref(1, 2, 3, 7)
    c.submit(virgl_cmd(28, 0, [0]), DRAW, virgl_cmd(20, 0, [31]), virgl_cmd(21, 0, [31, 1]))
    c.submit(virgl_cmd(30, 0, [1]), DRAW)
    ok &= c.roundtrip()
    c.s.close()
    return ok


@case
def draws_without_shaders_and_grids_without_compute():
    ok = True
    # No shaders at all, in every DRAW_VBO length, indexed, indirect, auto.
    c = Client()
    ok &= draw_setup(c)
    c.submit(virgl_cmd(31, 0, [0, 0]), virgl_cmd(31, 0, [0, 1]))
    for draw in (DRAW, virgl_cmd(8, 0, [0, 3, 4, 1, 1, 0, 0, 0, 0, 0, 2, 0]),
                 virgl_cmd(8, 0, [0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 2, 0, 3, 0]),
                 virgl_cmd(8, 0, [0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 2, 0, 3, 0, 2, 0, 16, 0, 0, 0]),
                 virgl_cmd(8, 0, [0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 2, 5])):
        c.submit(draw)
    # Only one of the two, a geometry or tessellation shader alone, an
    # incomplete one, a compute shader bound as a graphics stage.
    gs = b"GEOM\nPROPERTY GS_INPUT_PRIMITIVE TRIANGLES\nPROPERTY GS_OUTPUT_PRIMITIVE POINTS\n" \
         b"PROPERTY GS_MAX_OUTPUT_VERTICES 1\nDCL IN[][0], POSITION\nDCL OUT[0], POSITION\n" \
         b"  0: MOV OUT[0], IN[0][0]\n  1: EMIT IMM[0].xxxx\n  2: END\n"
    cs = (b"COMP\nPROPERTY CS_FIXED_BLOCK_WIDTH 1\nPROPERTY CS_FIXED_BLOCK_HEIGHT 1\n"
          b"PROPERTY CS_FIXED_BLOCK_DEPTH 1\n  0: END\n")
    c.submit(shader_cmd(50, 2, len(gs) + 1, gs))
    c.submit(shader_cmd(51, 5, len(cs) + 1, cs))
    c.submit(shader_cmd(52, 0, 1000, VS))
    for binds in ([(15, 0)], [(16, 1)], [(50, 2)], [(50, 2), (16, 1)], [(52, 0), (16, 1)],
                  [(51, 0), (16, 1)], [(51, 5)], [(15, 0), (16, 1), (50, 2)]):
        c.submit(virgl_cmd(31, 0, [0, 0]), virgl_cmd(31, 0, [0, 1]), virgl_cmd(31, 0, [0, 2]))
        c.submit(*[virgl_cmd(31, 0, [h, st]) for h, st in binds])
        c.submit(DRAW)
        c.submit(virgl_cmd(8, 0, [0, 3, 14, 0, 1, 0, 0, 0, 0, 0, 2, 0, 3, 0]))   # patches
    # Grids: no compute shader, one bound, sizes zero and huge, indirect.
    for grid in ([1, 1, 1, 4, 4, 4, 0, 0], [0] * 8, [0xffffffff] * 6 + [0, 0], [1, 1, 1, 1, 1, 1, 3, 0],
                 [1, 1, 1, 1, 1, 1, 999, 0xfffffffc]):
        c.submit(virgl_cmd(31, 0, [0, 5]), virgl_cmd(37, 0, grid))
        c.submit(virgl_cmd(31, 0, [51, 5]), virgl_cmd(37, 0, grid))
    ok &= c.alive()
    # The shaders draw even when their objects were destroyed while bound
    # (the bindings hold them), and odd primitive modes and ranges are refused.
    c = Client()
    ok &= draw_setup(c)
    c.submit(virgl_cmd(3, 0, [15]), virgl_cmd(3, 0, [16]))
    ok &= render_ok(c)
    for mode in (7, 8, 9, 15, 0xffffffff):
        c.submit(virgl_cmd(8, 0, [0, 3, mode, 0, 1, 0, 0, 0, 0, 0, 2, 0]))
    for start, count, inst, sinst in ((0xfffffff0, 3, 1, 0), (0x7fffffff, 3, 1, 0), (0, 3, 1, 0xffffffff),
                                      (0, 0, 1, 0), (0, 3, 0, 0), (0, 0x80000000, 1, 0)):
        c.submit(virgl_cmd(8, 0, [start, count, 4, 0, inst, 0, sinst, 0, 0, 0, 2, 0]))
    c.submit(virgl_cmd(11, 0, [3, 4, 0]))
    for start, count, bias in ((0, 3, 0x80000000), (0, 0x40000000, 0), (0xffffffff, 3, 0x7fffffff)):
        c.submit(virgl_cmd(8, 0, [start, count, 4, 1, 1, bias, 0, 1, 0xffffffff, 0, 2, 0]))
    c.submit(virgl_cmd(5, 0, [0, 0]), DRAW)                # no framebuffer at all
    c.submit(virgl_cmd(1, 5, [60, 0, 0, 5, 31]), virgl_cmd(2, 5, [60]), DRAW)   # unbound buffer slot
    c.submit(virgl_cmd(2, 5, [0]), DRAW)                   # no vertex elements
    return c.alive() and ok


@case
def malformed_tgsi_more():
    c = Client()
    if not draw_setup(c):
        return False
    head = b"FRAG\nDCL OUT[0], COLOR\n"
    end = b"  1: END\n"
    bad = [
        # unterminated: no END, cut mid-token, a last line without newline
        head + b"  0: MOV OUT[0], IMM[0",
        head + b"DCL TEMP[0]\n  0: MOV OUT[0], TEMP[0]\n",
        head + b"DCL TEMP[0]\n  0: MOV OUT[0], TEMP[0]\n  1: END",
        b"FRAG", b"", b"FRAGMENT\n  0: END\n", b"FRAG\nFRAG\n  0: END\n", head + b"DCL",
        # huge immediates
        head + b"IMM[0] FLT32 {340282366920938463463374607431768211456.0, 1e400, -1e400, 1e-400}\n" + end,
        head + b"IMM[0] UINT32 {4294967296, 0, 0, 0}\n" + end,
        head + b"IMM[0] INT32 {-2147483649, 0, 0, 0}\n" + end,
        head + b"IMM[0] FLT64 {1e400, 0}\n" + end,
        head + b"IMM[0] FLT32 {0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000}\n" + end,
        head + b"IMM[4294967295] FLT32 {0x3f800000, 0, 0, 0}\n" + end,
        head + b"IMM[0] FLT32 {" + b"9" * 5000 + b"}\n" + end,
        head + b"".join(b"IMM[%d] UINT32 {%d, 0, 0, 0}\n" % (i, i) for i in range(4097)) + end,
        head + b"IMM[0] FLT32 {0xffffffffff, 0x7fc00000, 0x7f800000, 0xff800000}\n"
               b"  0: MOV OUT[0], IMM[0]\n" + end,
        # bad registers
        head + b"  0: MOV OUT[0], FOO[0]\n" + end, head + b"  0: MOV OUT[0], TEMP[-1]\n" + end,
        head + b"  0: MOV OUT[0], TEMP[]\n" + end, head + b"  0: MOV OUT[0], TEMP[0]]\n" + end,
        head + b"  0: MOV OUT[0].xyzwx, IMM[0]\n" + end, head + b"  0: MOV OUT[0].q, IMM[0]\n" + end,
        head + b"DCL IN[0]\n  0: MOV OUT[0], IN[0][0][0]\n" + end,
        head + b"DCL TEMP[0]\n  0: MOV OUT[0], -|-|TEMP[0]|\n" + end,
        head + b"  0: MOV OUT[0], SV[0]\n" + end, head + b"  0: MOV OUT[0], CONST[0][0]\n" + end,
        head + b"  0: MOV OUT[0], IMM[5]\n" + end, head + b"  0: MOV IMM[0], OUT[0]\n" + end,
        head + b"  0: MOV OUT[0], " + b"A" * 70000 + b"\n" + end,
        # out-of-range indices and ranges
        head + b"  0: MOV OUT[0], TEMP[4294967295]\n" + end,
        head + b"  0: MOV OUT[0], TEMP[4294967296]\n" + end,
        head + b"DCL TEMP[0..4294967295]\n" + end, head + b"DCL TEMP[4294967290..4294967295]\n" + end,
        head + b"DCL TEMP[5..2]\n" + end, head + b"DCL TEMP[0..4095]\n  0: MOV OUT[0], TEMP[4095]\n" + end,
        head + b"DCL TEMP[0..4096]\n" + end, head + b"DCL CONST[4294967295][0..3]\n" + end,
        head + b"DCL CONST[0][0..3]\n  0: MOV OUT[0], CONST[0][4294967295]\n" + end,
        head + b"DCL CONST[0][0..3]\n  0: MOV OUT[0], CONST[4095][0]\n" + end,
        head + b"DCL IN[4294967295]\n" + end, head + b"DCL IN[0..1000000]\n" + end,
        head + b"DCL SVIEW[4294967295], 2D, FLOAT\n" + end, head + b"DCL SAMP[4294967295]\n" + end,
        head + b"DCL OUT[255], COLOR\n" + end, head + b"DCL ADDR[4294967295]\n" + end,
        head + b"DCL TEMP[0..3]\nDCL ADDR[0]\n  0: MOV OUT[0], TEMP[ADDR[0].x+2147483647]\n" + end,
        head + b"DCL TEMP[0..3]\nDCL ADDR[0]\n  0: MOV OUT[0], TEMP[ADDR[0].x-2147483648]\n" + end,
        head + b"DCL TEMP[0..3]\nDCL ADDR[0]\n  0: MOV OUT[0], TEMP[ADDR[4095].x+4294967296]\n" + end,
        head + b"DCL TEMP[0..3], ARRAY(4294967295)\n" + end, head + b"DCL TEMP[0..3], ARRAY(255)\n"
        b"DCL TEMP[4..7], ARRAY(255)\n" + end,
        head + b"DCL IMAGE[99999], 2D, PIPE_FORMAT_R8G8B8A8_UNORM\n" + end, head + b"DCL BUFFER[99999]\n" + end,
        head + b"DCL IN[0], GENERIC[4294967295], PERSPECTIVE\n" + end,
        head + b"DCL IN[0], GENERIC[0], PERSPECTIVE, CENTROID, SAMPLE, BOGUS\n" + end,
        b"FRAG\nDCL OUT[0], COLOR[99999]\n" + end, b"FRAG\nDCL OUT[0], BOGUS\n" + end,
        # labels and control flow that do not match
        head + b"  0: BRA :4294967295\n" + end, head + b"  0: CAL :99999\n" + end,
        head + b"  0: ENDIF\n" + end, head + b"  0: ENDLOOP\n" + end, head + b"  0: ELSE\n" + end,
        head + b"  0: ENDSUB\n" + end, head + b"  0: BGNSUB\n" + end,
        head + b"DCL TEMP[0]\n  0: UIF TEMP[0].xxxx :-5\n" + end,
        head + b"  0: END\n  1: BGNSUB\n  2: RET\n",
        head + b"  0: END\n  1: END\n",
        head + b"DCL TEMP[0]\n" + b"  0: BGNLOOP\n" * 65 + b"  1: BRK\n" + b"  2: ENDLOOP\n" * 65 + end,
        head + b"DCL TEMP[0]\n  0: SWITCH TEMP[0].xxxx\n  1: CASE IMM[0].xxxx\n  2: ENDIF\n" + end,
        # properties
        b"GEOM\nPROPERTY GS_MAX_OUTPUT_VERTICES 4294967295\n" + end,
        b"COMP\nPROPERTY CS_FIXED_BLOCK_WIDTH 4294967295\n" + end,
        head + b"PROPERTY BOGUS 1\n" + end, b"GEOM\nPROPERTY GS_INPUT_PRIMITIVE 99\n" + end,
        head + b"PROPERTY FS_COLOR0_WRITES_ALL_CBUFS 99999999999\n" + end,
        head + b"PROPERTY NUM_CLIPDIST_ENABLED 4294967295\n" + end,
        # textures, arity, opcodes
        head + b"DCL SAMP[0]\nDCL TEMP[0]\n  0: TEX TEMP[0], TEMP[0], SAMP[0], 99D\n" + end,
        head + b"DCL SAMP[0]\nDCL TEMP[0]\n  0: SAMPLE TEMP[0], TEMP[0], SVIEW[4095], SAMP[0]\n" + end,
        head + b"DCL SVIEW[0], 2D, WEIRD\n" + end,
        head + b"DCL SAMP[0]\nDCL TEMP[0]\n  0: TEX TEMP[0], TEMP[0], SAMP[0], 2D, Offset[TEMP[0].xyz]\n" + end,
        head + b"  0: MOV OUT[0]\n" + end,
        head + b"  0: MOV OUT[0], IMM[0], IMM[0], IMM[0], IMM[0], IMM[0]\n" + end,
        head + b"  0: ADD\n" + end, head + b"  0: NOTANOP OUT[0]\n" + end,
        head + b"  0: MOV_SAT_SAT OUT[0], IMM[0]\n" + end,
        head + b"99999999999999999999: END\n", head + b"\x80\xff\xfe: END\n",
    ]
    for i, t in enumerate(bad):
        h = 1000 + i
        data = t + b"\0" * (4 - len(t) % 4)
        words = list(struct.unpack("<%dI" % (len(data) // 4), data))
        if len(words) + 5 > 0xffff:                         # too long for one command: chunks
            c.submit(virgl_cmd(1, 4, [h, 1, len(t) + 1, 100, 0] + words[:60000]))
            c.submit(virgl_cmd(1, 4, [h, 1, 0x80000000 | 240000, 100, 0] + words[60000:]))
        else:
            c.submit(virgl_cmd(1, 4, [h, 1, len(t) + 1, 100, 0] + words))
        # Whatever was created (or half of it) is bound and drawn with.
        c.submit(virgl_cmd(31, 0, [h, 1]), DRAW)
    # Unterminated at the byte level: text of a whole number of dwords
    # without its NUL, and a NUL in the middle of the text.
    t = head + b"  0: MOV OUT[0], IMM[0]\n" + end
    t += b" " * (-len(t) % 4)
    for h, text, offlen in ((2000, t, len(t)), (2001, head + b"\0DCL TEMP[0]\n" + end + b"\0\0\0",
                                                len(head) + 24)):
        text += b"\0" * (-len(text) % 4)
        c.submit(virgl_cmd(1, 4, [h, 1, offlen, 100, 0] + list(struct.unpack("<%dI" % (len(text) // 4), text))))
        c.submit(virgl_cmd(31, 0, [h, 1]), DRAW)
    # A shader whose text fails must not be kept: this one would draw green
    # from what parsed before its error, and bound as the vertex shader, the
    # fragment shader would draw nothing. The binds fail, red stays.
    green = (b"FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {0x00000000, 0x3f800000, 0x00000000, 0x3f800000}\n"
             b"  0: MOV OUT[0], IMM[0]\n  1: END\n  2: BOGUS\n")
    c.submit(virgl_cmd(31, 0, [16, 1]), virgl_cmd(31, 0, [15, 0]))
    c.submit(shader_cmd(3000, 1, len(green) + 1, green))
    c.submit(shader_cmd(3001, 0, len(FS) + 1, FS))
    first = list(struct.unpack("<5I", green[:20]))      # a chunk of exactly 20 bytes
    c.submit(virgl_cmd(1, 4, [3002, 1, len(green) + 1, 100, 0] + first))
    c.submit(shader_cmd(3002, 1, 0x80000000 | 20, green[20:]))
    c.submit(virgl_cmd(31, 0, [3000, 1]))
    c.submit(virgl_cmd(31, 0, [3001, 0]))
    c.submit(virgl_cmd(31, 0, [3002, 1]))
    return render_ok(c) and c.alive()


@case
def views_blits_and_copies_between_mismatched_resources():
    """Beyond the list: multisample, depth and integer resources mixed in
    framebuffers with holes, blits of every mask and filter (mirrored,
    scissored), copies, clears and transfers they do not allow, and views
    whose levels, layers, elements, swizzles, formats or targets are off."""
    c = Client()
    ok = (draw_setup(c) and c.resource(4, 2, 67, 0xa, 32, 32, size=0, samples=4) and
          c.resource(5, 2, 20, 0x1, 32, 32, size=0, samples=4) and c.resource(6, 2, 20, 0x1, 32, 32) and
          c.resource(7, 2, 28, 0xa, 16, 16) and c.resource(8, 0, 64, 0x8 | 0x10, 256))
    if not ok:
        return False
    c.submit(virgl_cmd(1, 8, [20, 4, 67, 0, 0]), virgl_cmd(1, 8, [21, 5, 20, 0, 0]),
             virgl_cmd(1, 8, [22, 6, 20, 0, 0]), virgl_cmd(1, 8, [23, 7, 28, 0, 0]),
             virgl_cmd(1, 8, [24, 1, 28, 0, 0]), virgl_cmd(1, 8, [25, 1, 104, 0, 0]),
             virgl_cmd(1, 8, [26, 1, 180, 0, 0]))
    for fb in ([3, 0, 10, 0, 10], [8, 22] + [0] * 7 + [10], [1, 21, 20], [2, 0, 20, 10], [1, 22, 23],
               [3, 22, 24, 25, 26], [0, 21], [0, 22], [2, 0, 23, 24]):
        c.submit(virgl_cmd(5, 0, fb))
        for bits in (4, 1, 2, 3, 0xffffffff):
            c.submit(virgl_cmd(7, 0, [bits, 0x3f800000, 0, 0, 0x3f800000, 0, 0x3ff00000, 0xff]))
        c.submit(DRAW)
        c.submit(virgl_cmd(8, 0, [0, 3, 4, 0, 4, 0, 0, 0, 0, 0, 2, 0]))
    c.submit(virgl_cmd(5, 0, [1, 0, 10]))
    for mask in (0x0f, 0x10, 0x20, 0x3f, 0xff):
        for filt in (0, 1, 3):
            for dst, src, fd, fs, w in ((1, 4, 67, 67, 32), (4, 1, 67, 67, 32), (6, 5, 20, 20, 32),
                                        (1, 6, 67, 20, 32), (7, 1, 28, 67, 16), (1, 7, 180, 28, 16),
                                        (5, 6, 20, 20, 32)):
                c.submit(virgl_cmd(16, 0, [mask | filt << 8 | 1 << 10, 0x00100010, 0x00200020,
                                           dst, 0, fd, 0, 0, 0, w, w, 1,
                                           src, 0, fs, w, w, 0, -w & 0xffffffff, -w & 0xffffffff, 1]))
    for cmd in (virgl_cmd(17, 0, [4, 0, 0, 0, 0, 1, 0, 0, 0, 0, 8, 8, 1]),
                virgl_cmd(17, 0, [5, 0, 0, 0, 0, 5, 0, 0, 0, 0, 8, 8, 1]),
                virgl_cmd(17, 0, [1, 0, 0, 0, 0, 7, 0, 0, 0, 0, 8, 8, 1]),
                virgl_cmd(17, 0, [8, 0, 0, 0, 0, 1, 0, 0, 0, 0, 8, 8, 1]),
                virgl_cmd(43, 0, [4, 0, 0, 0, 0, 0, 0, 0, 8, 8, 1, 0, 2]),
                virgl_cmd(47, 0, [4, 0, 0, 0, 0, 8, 8, 1, 0, 0, 0, 0]),
                virgl_cmd(47, 0, [8, 0, 0, 0, 0, 8, 1, 1, 0, 0, 0, 0]),
                virgl_cmd(47, 0, [6, 0, 0, 0, 0, 8, 8, 1] + [0xffffffff] * 4)):
        c.submit(cmd)
    c.transfer(True, 4, 0, (0, 0, 0, 8, 8, 1))
    c.transfer(False, 5, 0, (0, 0, 0, 8, 8, 1))
    # Views: buffer element ranges, levels, layers, swizzles, formats, targets.
    h = 40
    for res, fmt_target, d4, d5, swz in (
            (8, 64, 0, 0xffffffff, 0x688), (8, 64, 0xffffffff, 0xffffffff, 0x688), (8, 64, 5, 2, 0x688),
            (8, 31, 0, 15, 0x688), (8, 31, 0, 16, 0x688), (8, 64 | 2 << 24, 0, 0, 0x688),
            (1, 67 | 2 << 24, 0, 0xff00, 0x688), (1, 67 | 2 << 24, 0, 0x00ff, 0x688),
            (1, 67 | 2 << 24, 0xffff0000, 0, 0x688), (1, 67 | 2 << 24, 0, 0, 0xfff),
            (1, 67 | 2 << 24, 0, 0, 0xffffffff), (1, 0 | 2 << 24, 0, 0, 0x688), (1, 0xffffff | 2 << 24, 0, 0, 0x688),
            (1, 67 | 9 << 24, 0, 0, 0x688), (1, 67 | 0xff << 24, 0, 0, 0x688), (1, 67 | 4 << 24, 0, 0, 0x688),
            (1, 31 | 2 << 24, 0, 0, 0x688), (6, 20 | 2 << 24, 0, 0, 0x688), (5, 20 | 2 << 24, 0, 0, 0x688),
            (4, 67 | 2 << 24, 0, 0, 0x688), (1, 180 | 2 << 24, 0, 0, 0x688)):
        c.submit(virgl_cmd(1, 6, [h, res, fmt_target, d4, d5, swz]))
        c.submit(virgl_cmd(10, 0, [1, 0, h, h]), virgl_cmd(10, 0, [0, 0, h]), DRAW)
        h += 1
    c.submit(virgl_cmd(10, 0, [1, 0, 17]), virgl_cmd(10, 0, [0, 0]))
    return render_ok(c) and c.alive()


@case
def fence_floods():
    ok = True
    # BUSY_WAIT before a context exists, on unknown handles, with every flag.
    s = conn()
    for h, fl in ((5, 1), (0xffffffff, 0xffffffff), (0, 2)):
        s.sendall(hdr(2, 7) + struct.pack("<II", h, fl))
        ok &= recv_exact(s, 12) == struct.pack("<III", 1, 7, 0)
    s.close()
    # Mesa's fence pattern back to back: an 8-byte fence buffer after each
    # tiny submit, waited for, unref'd later, in batches.
    c = Client()
    handle = 1
    for _ in range(6):
        for _ in range(50):
            c.submit([0])
            ok &= c.resource(handle, 0, 64, 0x20000, 8, layers=0, size=8)
            handle += 1
        c.raw(b"".join(hdr(2, 7) + struct.pack("<II", h, 1) for h in range(handle - 50, handle)))
        ok &= recv_exact(c.s, 12 * 50) == struct.pack("<III", 1, 7, 0) * 50
        c.unref(*range(handle - 50, handle))
    # BUSY_WAIT floods, waiting and not, on known and unknown handles.
    for flags in (0, 1, 0xffffffff):
        c.raw(b"".join(hdr(2, 7) + struct.pack("<II", h, flags) for h in range(1000)))
        ok &= recv_exact(c.s, 12 * 1000) == struct.pack("<III", 1, 7, 0) * 1000
    # Submits of nothing and of one NOP, thousands, then one that draws.
    c.raw(hdr(0, 6) * 5000 + (hdr(1, 6) + struct.pack("<I", 0)) * 5000)
    return c.alive() and ok


@case
def caps_and_version_requests_with_odd_sizes():
    ok = True
    closes = [hdr(1, 1) + b"\0" * 4, hdr(0xffffffff, 1), hdr(1, 9) + b"\0" * 4, hdr(0xffffffff, 9),
              hdr(0, 11), hdr(2, 11) + b"\0" * 8, hdr(0xffffffff, 11) + b"\0" * 8, hdr(1, 10) + b"\0" * 4,
              hdr(0xffffffff, 10), hdr(1, 7) + b"\0" * 4, hdr(3, 7) + b"\0" * 12, hdr(0, 3), hdr(2, 3) + b"\0" * 8,
              hdr(9, 13) + b"\0" * 36, hdr(11, 13) + b"\0" * 44, hdr(9, 14) + b"\0" * 36, hdr(10, 12) + b"\0" * 40]
    for req in closes:
        s = conn()
        s.sendall(handshake() + req)
        ok &= closed_by_server(s)
    # Answered before any CREATE_RENDERER, and in floods.
    s = conn()
    s.sendall(hdr(0, 9) + hdr(0, 1))
    c2, c1 = recv_exact(s, 8 + 1376), recv_exact(s, 8 + 308)
    ok &= c2 is not None and c1 is not None and c2[:8] == hdr(1377, 2) and c1[:8] == hdr(309, 1)
    for v, want in ((0, 0), (1, 0), (2, 2), (3, 2), (0xffffffff, 2)):
        s.sendall(hdr(1, 11) + struct.pack("<I", v))
        ok &= recv_exact(s, 12) == hdr(1, 11) + struct.pack("<I", want)
    s.sendall(hdr(0, 9) * 100)
    ok &= recv_exact(s, (8 + 1376) * 100) is not None
    s.close()
    # TRANSFER_PUT2's length counts data that never comes: any length from 10 up.
    c = Client()
    ok &= c.resource(1, 0, 64, 0x10, 64)
    c.raw(hdr(0xffffffff, 14) + struct.pack("<10I", 1, 0, 0, 0, 0, 64, 1, 1, 64, 0))
    return c.alive() and ok


# Payload bytes of each vtest request, as the server reads it (vtest.md §3).
REQUEST_BYTES = {1: 0, 2: 40, 3: 4, 4: 44, 5: 44, 6: 36, 7: 8, 8: 12, 9: 0, 10: 0, 11: 4, 12: 44,
                 13: 40, 14: 40}


def request(cmd):
    n = REQUEST_BYTES[cmd]
    if cmd == 8:
        return hdr(n, 8) + b"disconnect\0\0"
    if cmd == 6:
        return hdr(9, 6) + struct.pack("<9I", 7 | (8 << 16), 4, 0, 0, 0, 0, 0, 0, 0)
    if cmd in (12, 2):
        payload = struct.pack("<11I", 1, 2, 67, 8, 4, 4, 1, 1, 0, 0, 64)[:n]
    elif cmd in (13, 14):
        payload = struct.pack("<10I", 1, 0, 0, 0, 0, 4, 4, 1, 64, 0)
    else:
        payload = struct.pack("<11I", 1, 1, *([0] * 9))[:n]
    return hdr(n // 4 if cmd != 8 else n, cmd) + payload


@case
def disconnect_inside_every_request_type():
    # For each request: after part of the header, after the header, one byte
    # in, half way, one byte short, and complete but its answer never read;
    # on a fresh connection and on one that holds resources and state.
    for cmd in range(1, 15):
        full = request(cmd)
        cuts = sorted({4, 8, min(9, len(full)), 8 + (len(full) - 8) // 2, len(full) - 1, len(full)})
        for cut in cuts:
            s = conn()
            s.sendall(handshake() + full[:cut])
            s.close()
            time.sleep(0.005)
        c = Client()
        if not draw_setup(c):
            return False
        c.raw(full[:8 + (len(full) - 8) // 2])
        c.s.close()
    return True


def main():
    """Runs every case, or those named on the command line."""
    for _ in range(100):
        if os.path.exists(SOCK):
            break
        time.sleep(0.1)
    names = sys.argv[1:] or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        print(f"hostile-vtest: no case {', '.join(unknown)}")
        return 2
    passed = failed = 0
    t0 = time.monotonic()
    for name in names:
        t = time.monotonic()
        try:
            ok = CASES[name]()
        except Exception as e:  # noqa: BLE001 - any exception is a failure of the case
            print(f"FAIL {name}: {e!r}")
            failed += 1
            continue
        time.sleep(0.05)
        alive = well_formed_ok()
        secs = time.monotonic() - t
        if ok and alive:
            print(f"PASS {name} ({secs:.1f} s)")
            passed += 1
        else:
            print(f"FAIL {name}: {'case failed' if not ok else 'server no longer serves clients'}")
            failed += 1
    print(f"hostile-vtest: {passed} passed, {failed} failed in {time.monotonic() - t0:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
