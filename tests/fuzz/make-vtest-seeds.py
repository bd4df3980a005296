#!/usr/bin/env python3
"""make-vtest-seeds.py DIR: writes seed streams for fuzz_vtest, each a
complete client->server vtest byte stream of the shape Mesa 22.3 sends:
handshake, version negotiation, caps, resources with shared memory,
transfers, command buffers (clears, inline writes, copies, shaders)."""
import os
import struct
import sys


def hdr(length, cmd):
    return struct.pack("<II", length, cmd)


def words(*w):
    return struct.pack("<%dI" % len(w), *w)


def vcmd(cmd, obj, *w):
    return [cmd | (obj << 8) | (len(w) << 16)] + list(w)


HELLO = hdr(8, 8) + b"seed-gen" + hdr(0, 10) + hdr(1, 11) + words(2) + hdr(0, 9)


def create2(handle, target, fmt, bind, w, h, d, layers, last_level, samples, size):
    return hdr(11, 12) + words(handle, target, fmt, bind, w, h, d, layers, last_level, samples, size)


def put2(handle, level, x, y, z, w, h, d, size, offset):
    return hdr(10, 14) + words(handle, level, x, y, z, w, h, d, size, offset)


def get2(handle, level, x, y, z, w, h, d, size, offset):
    return hdr(10, 13) + words(handle, level, x, y, z, w, h, d, size, offset)


def submit(*cmds):
    dw = [x for c in cmds for x in c]
    return hdr(len(dw), 6) + words(*dw)


def busy(handle):
    return hdr(2, 7) + words(handle, 1)


RGBA8, R32F, Z24S8 = 67, 28, 20     # VIRGL_FORMAT_R8G8B8A8_UNORM, R32_FLOAT, S8_UINT_Z24_UNORM
TEX2D, BUFFER, TEX2D_ARRAY = 2, 0, 7
BIND_RT, BIND_SV, BIND_DS, BIND_VB = 0x2, 0x8, 0x1, 0x10

FS = (b"FRAG\nPROPERTY FS_COLOR0_WRITES_ALL_CBUFS 1\nDCL OUT[0], COLOR\n"
      b"IMM[0] FLT32 {0x3f800000, 0x00000000, 0x00000000, 0x3f800000}\n"
      b"  0: MOV OUT[0], IMM[0]\n  1: END\n")


def shader(handle, stage, text):
    data = text + b"\0" * (4 - len(text) % 4)
    return vcmd(1, 4, handle, stage, len(data), 0, 0, *struct.unpack("<%dI" % (len(data) // 4), data))


def seeds():
    tex = create2(1, TEX2D, RGBA8, BIND_RT | BIND_SV, 16, 16, 1, 1, 0, 0, 16 * 16 * 4)
    yield "caps", HELLO + hdr(0, 1)
    yield "texture-transfers", (HELLO + tex + put2(1, 0, 0, 0, 0, 16, 16, 1, 1024, 0)
                                + get2(1, 0, 4, 4, 0, 8, 8, 1, 256, 0) + busy(1) + hdr(1, 3) + words(1))
    fb = [vcmd(1, 8, 2, 1, RGBA8, 0, 0), vcmd(5, 0, 1, 0, 2)]
    clear = vcmd(7, 0, 4, 0x3f800000, 0, 0, 0x3f800000, 0, 0x3FF00000, 0)
    yield "clear", HELLO + tex + submit(*fb, clear) + get2(1, 0, 0, 0, 0, 16, 16, 1, 1024, 0) + busy(1)
    ds = create2(3, TEX2D, Z24S8, BIND_DS, 16, 16, 1, 1, 0, 0, 16 * 16 * 4)
    fbz = [vcmd(1, 8, 4, 3, Z24S8, 0, 0), vcmd(5, 0, 1, 4, 2)]
    yield "clear-depth", HELLO + tex + ds + submit(*fb, *fbz, vcmd(7, 0, 7, 0, 0, 0, 0, 0, 0x3FE00000, 5))
    buf = create2(5, BUFFER, R32F, BIND_VB, 256, 1, 1, 1, 0, 0, 256)
    inline = vcmd(9, 0, 5, 0, 0, 0, 0, 16, 0, 0, 16, 1, 1, 1, 2, 3, 4)
    yield "buffer-inline", HELLO + buf + submit(inline) + get2(5, 0, 0, 0, 0, 256, 1, 1, 256, 0) + busy(5)
    copy = vcmd(17, 0, 1, 0, 0, 0, 0, 6, 0, 0, 0, 0, 8, 8, 1)
    tex2 = create2(6, TEX2D, RGBA8, BIND_RT | BIND_SV, 16, 16, 1, 1, 0, 0, 1024)
    yield "copy-region", HELLO + tex + tex2 + submit(copy) + get2(1, 0, 0, 0, 0, 16, 16, 1, 1024, 0)
    arr = create2(7, TEX2D_ARRAY, RGBA8, BIND_SV, 8, 8, 1, 4, 3, 0, 8 * 8 * 4 * 4 * 2)
    yield "array-levels", HELLO + arr + put2(7, 1, 0, 0, 1, 4, 4, 2, 128, 0) + get2(7, 3, 0, 0, 0, 1, 1, 4, 16, 0)
    yield "shader", HELLO + submit(shader(9, 1, FS), vcmd(31, 0, 9, 1)) + busy(0)
    yield "sub-contexts", HELLO + submit(vcmd(29, 0, 1), vcmd(28, 0, 1), vcmd(28, 0, 0), vcmd(30, 0, 1)) + busy(0)
    yield "unref-bound", HELLO + tex + submit(*fb) + hdr(1, 3) + words(1) + submit(clear) + busy(0)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


main()
