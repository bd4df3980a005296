#!/usr/bin/env python3
"""make-context-seeds.py OUTDIR
     writes hand-made seed inputs for fuzz_context (tests/fuzz/context_fuzz.c,
     whose header lists the preamble's resources and objects these seeds use):
     draws of every primitive, indexed and instanced draws, clears, blits,
     copies, inline writes, transfers, state and sampler-view changes,
     queries, stream output, and shaders of tests/shaders/corpus.
   make-context-seeds.py --tap TAPDIR OUTDIR [--budget BYTES]
     turns what tools/vtest-tap.c recorded with GLVIRT_TAP_SUBMITS=1
     (tests/fuzz/capture-context-seeds.sh) into seeds: per client, its resource
     requests, transfers and command buffers in stream order, up to a size
     cap, plus some of its later command buffers on their own. The stale
     padding Mesa leaves in END_TRANSFERS is dropped (the decoder never reads
     it) and draws are trimmed below the target's vertex limit."""
import os
import random
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "shaders", "corpus")

# Harness commands of context_fuzz.c.
H_SUBMIT, H_TRANSFER, H_WRITE, H_RESOURCE, H_UNREF, H_BUSY = 0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5
MAX_DRAW_VERTICES = 65536

# virgl opcodes and object types (commands.md).
(CREATE_OBJECT, BIND_OBJECT, DESTROY_OBJECT, SET_VIEWPORT, SET_FB, SET_VB, CLEAR, DRAW_VBO,
 INLINE_WRITE, SET_SAMPLER_VIEWS, SET_INDEX_BUFFER, SET_CONSTANT_BUFFER, SET_STENCIL_REF,
 SET_BLEND_COLOR, SET_SCISSOR, BLIT, COPY_REGION, BIND_SAMPLER_STATES, BEGIN_QUERY, END_QUERY,
 GET_QUERY_RESULT, SET_POLYGON_STIPPLE, SET_CLIP_STATE, SET_SAMPLE_MASK, SET_SO_TARGETS,
 SET_RENDER_CONDITION, SET_UNIFORM_BUFFER, SET_SUB_CTX, CREATE_SUB_CTX, DESTROY_SUB_CTX,
 BIND_SHADER) = range(1, 32)
SET_MIN_SAMPLES, FB_NO_ATTACH, TEXTURE_BARRIER = 33, 38, 39
GET_QUERY_RESULT_QBO, TRANSFER3D, END_TRANSFERS, COPY_TRANSFER3D, CLEAR_TEXTURE = 42, 43, 44, 45, 47
LINK_SHADER = 52
BLEND, RASTERIZER, DSA, SHADER, VERTEX_ELEMENTS, SAMPLER_VIEW, SAMPLER_STATE, SURFACE, QUERY, SO_TARGET = range(1, 11)
RGBA8, Z24S8, R8, R32F, R32UI, RG32F, RGBA32F, SRGBA8, BGRA8 = 67, 20, 64, 28, 193, 29, 31, 104, 1


def f32(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def cmd(op, obj=0, *payload):
    return [op | (obj << 8) | (len(payload) << 16)] + list(payload)


def draw(start, count, mode, indexed=0, instances=1, bias=0, start_instance=0, restart=0,
         restart_index=0, so=0, patch=None):
    p = [start, count, mode, indexed, instances, bias & 0xFFFFFFFF, start_instance, restart,
         restart_index, 0, 0xFFFFFFFF, so]
    if patch is not None:
        p += [patch, 0]
    return cmd(DRAW_VBO, 0, *p)


def text_words(text):
    data = text + b"\0"
    data += b"\0" * (-len(data) % 4)
    return len(text) + 1, list(struct.unpack("<%dI" % (len(data) // 4), data))


def shader(handle, stage, text, so=None):
    n, words = text_words(text)
    head = [handle, stage, n, 0]
    if so:
        strides, outputs = so
        head += [len(outputs)] + strides
        for reg, start, comps, buf, off in outputs:
            head += [reg | start << 8 | comps << 10 | buf << 13 | off << 16, 0]
    else:
        head += [0]
    return cmd(CREATE_OBJECT, SHADER, *(head + words))


def harness(op, *payload):
    return [op | (len(payload) << 16)] + list(payload)


def transfer(res, level, direction, box, offset=0):
    return harness(H_TRANSFER, res, level, direction, *box, offset)


def pack(*parts):
    dw = [x for p in parts for x in p]
    return struct.pack("<%dI" % len(dw), *(x & 0xFFFFFFFF for x in dw))


def clear(buffers, rgba=(0, 0, 0, 0), depth=1.0, stencil=0):
    lo, hi = struct.unpack("<II", struct.pack("<d", depth))
    return cmd(CLEAR, 0, buffers, *rgba, lo, hi, stencil)


def blit(mask, dst, src, filt=0, scissor=None):
    s0 = mask | filt << 8 | (1 << 10 if scissor else 0)
    smin, smax = scissor if scissor else (0, 0)
    return cmd(BLIT, 0, s0, smin, smax, *dst, *src)


VS_INST = (b"VERT\nDCL IN[0]\nDCL IN[1]\nDCL IN[2]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
           b"IMM[0] FLT32 {0x00000000, 0x3f800000, 0x3e000000, 0x00000000}\n"
           b"  0: MAD OUT[0].xy, IN[2].xyyy, IMM[0].zzzz, IN[0].xyyy\n"
           b"  1: MOV OUT[0].zw, IMM[0].xxxy\n  2: MOV OUT[1], IN[1]\n  3: END\n")
FS_ARRAY = (b"FRAG\nDCL IN[0], GENERIC[0], PERSPECTIVE\nDCL OUT[0], COLOR\nDCL SAMP[0]\n"
            b"DCL SVIEW[0], 2D_ARRAY, FLOAT\nDCL TEMP[0]\n"
            b"IMM[0] FLT32 {0x00000000, 0x3f800000, 0x40000000, 0x00000000}\n"
            b"  0: MOV TEMP[0].xy, IN[0].xyyy\n  1: MOV TEMP[0].z, IMM[0].zzzz\n"
            b"  2: TEX OUT[0], TEMP[0], SAMP[0], 2D_ARRAY\n  3: END\n")
FS_UINT = (b"FRAG\nPROPERTY FS_COLOR0_WRITES_ALL_CBUFS 1\nDCL OUT[0], COLOR\n"
           b"IMM[0] UINT32 {7, 8, 9, 10}\n  0: MOV OUT[0], IMM[0]\n  1: END\n")
VS_SO = (b"VERT\nDCL IN[0]\nDCL IN[1]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
         b"IMM[0] FLT32 {0x00000000, 0x3f800000, 0x00000000, 0x00000000}\n"
         b"  0: MOV OUT[0].xy, IN[0].xyyy\n  1: MOV OUT[0].zw, IMM[0].xxxy\n"
         b"  2: MOV OUT[1], IN[1]\n  3: END\n")
FS_TXF = (b"FRAG\nDCL IN[0], POSITION, LINEAR\nDCL OUT[0], COLOR\nDCL SAMP[0]\nDCL SVIEW[0], 2D, FLOAT\n"
          b"DCL TEMP[0]\nIMM[0] INT32 {0, 0, 0, 0}\n"
          b"  0: F2I TEMP[0].x, IN[0].xxxx\n  1: MOV TEMP[0].yzw, IMM[0].xxxx\n"
          b"  2: TXF OUT[0], TEMP[0], SAMP[0], 2D\n  3: END\n")
VS_CLIP = (b"VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], CLIPVERTEX\n"
           b"IMM[0] FLT32 {0x00000000, 0x3f800000, 0x00000000, 0x00000000}\n"
           b"  0: MOV OUT[0].xy, IN[0].xyyy\n  1: MOV OUT[0].zw, IMM[0].xxxy\n"
           b"  2: MOV OUT[1], IN[0]\n  3: END\n")

GS_SHORT = (b"GEOM\nPROPERTY GS_INPUT_PRIMITIVE TRIANGLES\nPROPERTY GS_OUTPUT_PRIMITIVE TRIANGLE_STRIP\n"
            b"PROPERTY GS_MAX_OUTPUT_VERTICES 2\nPROPERTY GS_INVOCATIONS 1\n"
            b"DCL IN[][0], POSITION\nDCL IN[][1], GENERIC[0]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
            b"IMM[0] UINT32 {0, 0, 0, 0}\n"
            b"  0: MOV OUT[0], IN[0][0]\n  1: MOV OUT[1], IN[0][1]\n  2: EMIT IMM[0].xxxx\n"
            b"  3: MOV OUT[0], IN[1][0]\n  4: MOV OUT[1], IN[1][1]\n  5: EMIT IMM[0].xxxx\n  6: END\n")

BOX16 = (0, 0, 0, 16, 16, 1)


def hand_seeds():
    tri = draw(0, 6, 4)
    for mode, count in ((0, 16), (1, 16), (2, 9), (3, 9), (4, 12), (5, 10), (6, 8),
                        (10, 16), (11, 12), (12, 12), (13, 12), (14, 9), (7, 8)):
        yield "draw-mode-%d" % mode, pack(draw(0, count, mode))
    yield "draw-indexed", pack(draw(0, 36, 4, indexed=1))
    yield "draw-indexed-bias", pack(cmd(SET_INDEX_BUFFER, 0, 5, 2, 24), draw(12, 30, 4, indexed=1, bias=3))
    yield "draw-indexed-restart", pack(draw(0, 40, 5, indexed=1, restart=1, restart_index=9))
    yield "draw-indexed-u8-u32", pack(cmd(SET_INDEX_BUFFER, 0, 5, 1, 0), draw(0, 30, 4, indexed=1),
                                      cmd(SET_INDEX_BUFFER, 0, 5, 4, 0), draw(0, 20, 1, indexed=1))
    yield "draw-instanced", pack(draw(0, 6, 4, instances=4, start_instance=2))
    # Per-instance offsets from a second buffer (element 2, divisor 1).
    yield "draw-instanced-divisor", pack(
        shader(20, 0, VS_INST),
        cmd(CREATE_OBJECT, VERTEX_ELEMENTS, 21, 0, 0, 0, RG32F, 8, 0, 0, RG32F, 0, 1, 1, RG32F),
        cmd(BIND_OBJECT, VERTEX_ELEMENTS, 21), cmd(BIND_SHADER, 0, 20, 0),
        cmd(SET_VB, 0, 16, 0, 4, 8, 64, 4), draw(0, 6, 4, indexed=1, instances=5))
    yield "draw-twice-submits", pack(tri, harness(H_SUBMIT), draw(3, 9, 4),
                                     transfer(1, 0, 2, BOX16))
    yield "clear-color", pack(clear(4, (f32(1), 0, f32(0.5), f32(1))), transfer(1, 0, 2, BOX16))
    yield "clear-depth-stencil", pack(clear(3, depth=0.25, stencil=0x55), tri)
    yield "clear-all-then-draw", pack(clear(7, (0, f32(1), 0, f32(1)), 0.5, 1),
                                      cmd(BIND_OBJECT, DSA, 13), tri, transfer(3, 0, 2, BOX16))
    yield "clear-integer-fb", pack(cmd(SET_FB, 0, 2, 10, 9, 17), clear(4 | 8, (5, 6, 7, 8)),
                                   transfer(13, 0, 2, BOX16))
    yield "clear-texture", pack(cmd(CLEAR_TEXTURE, 0, 10, 1, 0, 0, 1, 4, 4, 2, 0xff00ff00, 0, 0, 0),
                                cmd(CLEAR_TEXTURE, 0, 4, 0, 16, 0, 0, 64, 1, 1, 0x3f800000, 0, 0, 0))
    yield "blit-scaled", pack(blit(0xF, (1, 0, RGBA8, 0, 0, 0, 16, 16, 1), (2, 1, RGBA8, 0, 0, 0, 8, 8, 1), 1))
    yield "blit-mirrored-scissor", pack(blit(0xF, (1, 0, RGBA8, 16, 0, 0, -16, 16, 1),
                                             (2, 0, RGBA8, 0, 16, 0, 16, -16, 1), 0, (0x20002, 0xc000c)))
    yield "blit-depth", pack(blit(0x30, (3, 0, Z24S8, 0, 0, 0, 16, 16, 1),
                                                            (3, 0, Z24S8, 0, 0, 0, 8, 8, 1)))
    yield "blit-msaa-resolve", pack(cmd(SET_FB, 0, 1, 0, 18), clear(4, (f32(1), 0, 0, f32(1))), tri,
                                    blit(0xF, (1, 0, RGBA8, 0, 0, 0, 16, 16, 1),
                                         (14, 0, RGBA8, 0, 0, 0, 16, 16, 1)))
    yield "blit-format-view", pack(blit(0xF, (10, 0, SRGBA8, 0, 0, 2, 8, 8, 1), (2, 0, RGBA8, 0, 0, 0, 16, 16, 1), 1))
    yield "copy-texture", pack(cmd(COPY_REGION, 0, 1, 0, 4, 4, 0, 2, 1, 0, 0, 0, 8, 8, 1))
    yield "copy-array-layers", pack(cmd(COPY_REGION, 0, 10, 0, 0, 0, 1, 10, 0, 0, 0, 2, 8, 8, 2))
    yield "copy-buffer", pack(cmd(COPY_REGION, 0, 9, 0, 128, 0, 0, 4, 0, 0, 0, 0, 256, 1, 1),
                              transfer(9, 0, 2, (0, 0, 0, 4096, 1, 1)))
    yield "inline-write-vertices", pack(
        cmd(INLINE_WRITE, 0, 4, 0, 0, 0, 0, 0, 0, 0, 32, 1, 1, f32(-1), f32(-1), f32(1), f32(-1),
            f32(0), f32(1), f32(0), f32(0)), draw(0, 3, 4))
    yield "inline-write-texture", pack(
        cmd(INLINE_WRITE, 0, 2, 1, 0, 8, 0, 2, 2, 0, 2, 2, 1, *range(0x11, 0x15)), tri)
    yield "transfer3d-in-buffer", pack(harness(H_WRITE, 4, 0, f32(-1), f32(1), 0, 0),
                                       cmd(TRANSFER3D, 0, 4, 0, 2, 0, 0, 0, 0, 0, 16, 1, 1, 0, 1), tri)
    yield "transfer3d-texture", pack(cmd(TRANSFER3D, 0, 2, 1, 2, 0, 0, 2, 2, 0, 4, 4, 1, 1024, 1),
                                     cmd(TRANSFER3D, 0, 1, 0, 1, 64, 0, 0, 0, 0, 8, 8, 1, 0, 2))
    yield "copy-transfer3d", pack(harness(H_WRITE, 9, 0, *range(64)),
                                  cmd(COPY_TRANSFER3D, 0, 2, 0, 0, 32, 0, 4, 4, 0, 8, 8, 1, 9, 0, 1),
                                  cmd(COPY_TRANSFER3D, 0, 4, 0, 0, 0, 0, 0, 0, 0, 64, 1, 1, 9, 128, 1))
    yield "vtest-transfers", pack(harness(H_WRITE, 2, 0, *([0x80402010] * 64)),
                                  transfer(2, 0, 1, (0, 0, 0, 8, 8, 1)), transfer(2, 2, 2, (1, 1, 0, 2, 2, 1), 1300),
                                  transfer(10, 1, 1, (0, 0, 1, 4, 4, 3), 1024), transfer(11, 0, 2, (2, 2, 1, 4, 4, 2)),
                                  transfer(12, 0, 2, (0, 0, 3, 8, 8, 2)), harness(H_BUSY, 12))
    yield "state-blend-rast-dsa", pack(cmd(BIND_OBJECT, BLEND, 11), cmd(BIND_OBJECT, RASTERIZER, 12),
                                       cmd(BIND_OBJECT, DSA, 13), cmd(SET_STENCIL_REF, 0, 0x3080),
                                       cmd(SET_SCISSOR, 0, 0, 0x00020003, 0x000c000d), draw(0, 12, 4))
    yield "state-viewports", pack(cmd(SET_VIEWPORT, 0, 0, f32(4), f32(-4), f32(0.5), f32(8), f32(8), f32(0.5),
                                      f32(2), f32(2), f32(0.25), f32(3), f32(3), f32(0.5)), tri)
    yield "state-stipple-samplemask", pack(cmd(SET_POLYGON_STIPPLE, 0, *([0xAAAA5555] * 32)),
                                           cmd(SET_SAMPLE_MASK, 0, 0x5), cmd(SET_BLEND_COLOR, 0, 0, f32(1), 0, f32(1)),
                                           cmd(SET_MIN_SAMPLES, 0, 2), tri)
    yield "state-clip-planes", pack(shader(20, 0, VS_CLIP), cmd(BIND_SHADER, 0, 20, 0),
                                    cmd(SET_CLIP_STATE, 0, *([f32(1), 0, 0, f32(0.5)] * 8)),
                                    cmd(CREATE_OBJECT, RASTERIZER, 21, 0x20000002, f32(1), 0, 0x3 << 24, f32(1), 0, 0, 0),
                                    cmd(BIND_OBJECT, RASTERIZER, 21), tri)
    yield "sampler-view-array", pack(shader(20, 1, FS_ARRAY), cmd(BIND_SHADER, 0, 20, 1),
                                     cmd(SET_SAMPLER_VIEWS, 0, 1, 0, 16), tri)
    yield "sampler-view-new", pack(cmd(CREATE_OBJECT, SAMPLER_VIEW, 20, 2, RGBA8, 0, 0x0101, 0x0a0b),
                                   cmd(CREATE_OBJECT, SAMPLER_STATE, 21, 0x1 | 1 << 9 | 1 << 11 | 1 << 13, 0, 0,
                                       f32(2), f32(1), 0, 0, f32(1)),
                                   cmd(SET_SAMPLER_VIEWS, 0, 1, 0, 20), cmd(BIND_SAMPLER_STATES, 0, 1, 0, 21), tri,
                                   cmd(DESTROY_OBJECT, SAMPLER_VIEW, 20), tri)
    yield "sampler-view-buffer", pack(cmd(CREATE_OBJECT, SAMPLER_VIEW, 20, 6, RGBA32F, 0, 15, 0x688),
                                      shader(21, 1, FS_TXF), cmd(BIND_SHADER, 0, 21, 1),
                                      cmd(SET_SAMPLER_VIEWS, 0, 1, 0, 20), tri)
    yield "uniforms", pack(cmd(SET_CONSTANT_BUFFER, 0, 1, 0, *([f32(0.25)] * 16)),
                           cmd(SET_UNIFORM_BUFFER, 0, 1, 1, 64, 64, 6),
                           cmd(SET_CONSTANT_BUFFER, 0, 0, 0, f32(0.1), f32(-0.1), 0, 0), tri,
                           cmd(SET_UNIFORM_BUFFER, 0, 1, 1, 0, 0, 0), cmd(SET_CONSTANT_BUFFER, 0, 1, 0), tri)
    yield "integer-fb-draw", pack(shader(20, 1, FS_UINT), cmd(BIND_SHADER, 0, 20, 1),
                                  cmd(SET_FB, 0, 2, 0, 9, 17), tri, transfer(13, 0, 2, BOX16))
    yield "fb-no-attach", pack(cmd(SET_FB, 0, 0, 0), cmd(FB_NO_ATTACH, 0, 16 | 16 << 16, 1), tri,
                               cmd(TEXTURE_BARRIER, 0, 1))
    yield "fb-layered", pack(cmd(CREATE_OBJECT, SURFACE, 20, 10, RGBA8, 1, 1 | 3 << 16),
                             cmd(CREATE_OBJECT, SURFACE, 21, 12, RGBA8, 0, 2 | 2 << 16),
                             cmd(SET_FB, 0, 1, 0, 20), clear(4, (f32(1), 0, 0, 0)), tri,
                             cmd(SET_FB, 0, 1, 0, 21), clear(4, (0, f32(1), 0, 0)), tri)
    yield "query-occlusion", pack(cmd(BEGIN_QUERY, 0, 14), tri, cmd(END_QUERY, 0, 14),
                                  cmd(GET_QUERY_RESULT, 0, 14, 1), transfer(7, 0, 2, (0, 0, 0, 64, 1, 1)),
                                  cmd(GET_QUERY_RESULT_QBO, 0, 14, 7, 1, 1, 16, 0))
    yield "render-condition", pack(cmd(CREATE_OBJECT, QUERY, 20, 1, 32, 7), cmd(BEGIN_QUERY, 0, 20),
                                   tri, cmd(END_QUERY, 0, 20), cmd(SET_RENDER_CONDITION, 0, 20, 0, 0),
                                   draw(0, 6, 4), clear(4), cmd(SET_RENDER_CONDITION, 0, 0, 0, 0))
    yield "query-prims-timer", pack(cmd(CREATE_OBJECT, QUERY, 20, 5, 0, 7), cmd(CREATE_OBJECT, QUERY, 21, 4, 16, 7),
                                    cmd(BEGIN_QUERY, 0, 20), cmd(BEGIN_QUERY, 0, 21), tri,
                                    cmd(END_QUERY, 0, 21), cmd(END_QUERY, 0, 20), cmd(GET_QUERY_RESULT, 0, 20, 1),
                                    cmd(GET_QUERY_RESULT, 0, 21, 1))
    yield "stream-output", pack(shader(20, 0, VS_SO, ([4, 0, 0, 0], [(0, 0, 4, 0, 0)])),
                                cmd(BIND_SHADER, 0, 20, 0), cmd(SET_SO_TARGETS, 0, 0, 15), draw(0, 6, 4),
                                cmd(SET_SO_TARGETS, 0, 0), draw(0, 0, 4, so=96), transfer(8, 0, 2, (0, 0, 0, 1024, 1, 1)))
    yield "sub-contexts", pack(cmd(CREATE_SUB_CTX, 0, 1), cmd(SET_SUB_CTX, 0, 1), clear(4),
                               harness(H_SUBMIT), cmd(SET_SUB_CTX, 0, 0), tri, cmd(DESTROY_SUB_CTX, 0, 1), tri)
    yield "unref-bound", pack(harness(H_UNREF, 4), tri, harness(H_UNREF, 2), tri, harness(H_UNREF, 1),
                              clear(4), cmd(SET_FB, 0, 0, 0), tri)
    yield "resource-replace", pack(harness(H_RESOURCE, 1, 2, RGBA8, 0xA, 32, 32, 1, 1, 0, 0),
                                   cmd(CREATE_OBJECT, SURFACE, 20, 1, RGBA8, 0, 0), cmd(SET_FB, 0, 1, 10, 20),
                                   tri, transfer(1, 0, 2, (0, 0, 0, 32, 32, 1)),
                                   harness(H_RESOURCE, 30, 0, R8, 0x10, 4096, 1, 1, 1, 0, 0),
                                   harness(H_WRITE, 30, 0, f32(-1), f32(-1), 0, 0, f32(1), f32(-1), 0, 0, f32(0), f32(1)),
                                   transfer(30, 0, 1, (0, 0, 0, 4096, 1, 1)), cmd(SET_VB, 0, 16, 0, 30), draw(0, 3, 4))
    yield "resource-shapes", pack(harness(H_RESOURCE, 31, 8, RGBA8, 8, 8, 8, 1, 12, 2, 0),
                                  harness(H_RESOURCE, 32, 1, R32F, 8, 64, 1, 1, 1, 0, 0),
                                  harness(H_RESOURCE, 33, 6, RGBA8, 8, 16, 1, 1, 4, 1, 0),
                                  harness(H_RESOURCE, 34, 5, RGBA8, 10, 12, 10, 1, 1, 0, 0),
                                  harness(H_RESOURCE, 35, 2, BGRA8, 8, 16, 16, 1, 1, 4, 0),
                                  transfer(31, 1, 1, (0, 0, 6, 4, 4, 6)), transfer(33, 1, 2, (0, 0, 0, 8, 1, 4)),
                                  transfer(35, 2, 1, (0, 0, 0, 4, 4, 1)))
    yield "errors-between-submits", pack(cmd(77, 0, 1, 2), harness(H_SUBMIT), draw(0, 6, 99),
                                         harness(H_SUBMIT), cmd(BIND_SHADER, 0, 4, 1), harness(H_SUBMIT), tri)
    yield "destroy-bound-objects", pack(cmd(DESTROY_OBJECT, SHADER, 4), cmd(DESTROY_OBJECT, SURFACE, 9),
                                        cmd(DESTROY_OBJECT, SAMPLER_VIEW, 7), tri,
                                        cmd(DESTROY_OBJECT, SHADER, 5), tri)
    # Regressions of what fuzz_context found: a geometry shader whose
    # max_vertices cannot hold one output primitive (llvmpipe wrote past its
    # buffers), a stream output stride near 2^32 (minutes in one draw).
    yield "regress-gs-max-vertices", pack(shader(20, 2, GS_SHORT), cmd(BIND_SHADER, 0, 20, 2),
                                          cmd(SET_SO_TARGETS, 0, 0, 15), draw(0, 6, 4))
    yield "regress-so-stride", pack(shader(20, 0, VS_SO, ([0xFFFFFFF0, 0, 0, 0], [(0, 0, 4, 0, 0)])),
                                    cmd(BIND_SHADER, 0, 20, 0), cmd(SET_SO_TARGETS, 0, 0, 15), tri)
    yield from corpus_seeds()


def corpus_seeds():
    """A few linked programs of the corpus, created and drawn with."""
    path = os.path.join(ROOT, "tests", "shaders", "programs.txt")
    with open(path) as f:
        progs = [dict(kv.split("=", 1) for kv in line.split()) for line in f if line.strip()]
    want = []
    rnd = random.Random(7)
    for key in ("gs", "tcs", None):
        pool = [p for p in progs if (key in p if key else len(p) == 2)]
        want += rnd.sample(pool, min(len(pool), 3 if key else 8))
    stages = {"vs": 0, "fs": 1, "gs": 2, "tcs": 3, "tes": 4}
    for i, prog in enumerate(want):
        parts, handle = [], 40
        for key, file in prog.items():
            with open(os.path.join(CORPUS, file), "rb") as f:
                text = f.read().rstrip(b"\0")
            parts += [shader(handle, stages[key], text), cmd(BIND_SHADER, 0, handle, stages[key])]
            handle += 1
        parts.append(cmd(LINK_SHADER, 0, *(range(40, 40 + len(prog))), *([0] * (6 - len(prog)))))
        mode = 14 if "tcs" in prog else 4
        parts.append(draw(0, 6, mode, patch=3 if mode == 14 else None))
        yield "corpus-program-%02d" % i, pack(*parts)


# ---- captured command buffers ---------------------------------------------

def compress_submit(dw):
    """Drops END_TRANSFERS padding and trims long draws; keeps the rest as is."""
    out, pos = [], 0
    while pos < len(dw):
        h = dw[pos]
        op, n = h & 0xFF, h >> 16
        if pos + 1 + n > len(dw):
            out += dw[pos:]
            break
        body = list(dw[pos + 1:pos + 1 + n])
        if op == END_TRANSFERS:
            out.append(END_TRANSFERS)
        else:
            if op == DRAW_VBO and n >= 12:
                inst = body[4] or 1
                if body[1] * inst > MAX_DRAW_VERTICES:
                    body[1] = MAX_DRAW_VERTICES // inst
            out += [h] + body
        pos += 1 + n
    return out


def load_client(tapdir, listing):
    tag = listing[len("client-"):-len(".txt")]
    events, name = [], tag
    with open(os.path.join(tapdir, listing)) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "name" and len(w) == 2:
                name = w[1]
                continue
            v = [int(x) for x in w[1:]]
            if w[0] == "submit":
                p = os.path.join(tapdir, "submit-%s-%d.cmd" % (tag, v[0]))
                if not os.path.exists(p):
                    continue
                with open(p, "rb") as sf:
                    raw = sf.read()
                raw = raw[:len(raw) // 4 * 4]
                dw = list(struct.unpack("<%dI" % (len(raw) // 4), raw))
                events.append(("submit", compress_submit(dw)))
            elif w[0] == "create2" and len(v) == 11:
                events.append(("res", harness(H_RESOURCE, *v[:10])))
            elif w[0] == "unref" and len(v) == 1:
                events.append(("res", harness(H_UNREF, v[0])))
            elif w[0] in ("get2", "put2") and len(v) == 10:
                events.append(("xfer", transfer(v[0], v[1], 2 if w[0] == "get2" else 1, v[2:8], v[9])))
            elif w[0] == "busy" and len(v) == 2 and v[1] & 1:
                if not events or events[-1][0] != "busy":
                    events.append(("busy", harness(H_BUSY, v[0])))
    return name, events


def replay(events, cap):
    """The client from its start: everything in stream order up to cap bytes."""
    out = []
    for kind, dw in events:
        piece = dw + (harness(H_SUBMIT) if kind == "submit" else [])
        if out and (len(out) + len(piece)) * 4 > cap:
            break
        out += piece
    return out


def later(events, index):
    """One later command buffer alone, with the resources alive at that point;
    its sub-context is created first (its objects are not)."""
    live, head = {}, []
    for kind, dw in events[:index]:
        if kind == "res" and dw[0] & 0xFF == H_RESOURCE:
            live[dw[1]] = dw
        elif kind == "res":
            live.pop(dw[1], None)
    for dw in live.values():
        head += dw
    body = events[index][1]
    sub = [cmd(CREATE_SUB_CTX, 0, body[i + 1]) for i in range(len(body) - 1)
           if body[i] == (SET_SUB_CTX | 1 << 16)][:1]
    return head + [x for c in sub for x in c] + body


def tap_seeds(tapdir, outdir, budget):
    clients = sorted(f for f in os.listdir(tapdir) if f.startswith("client-") and f.endswith(".txt"))
    loaded = [load_client(tapdir, c) for c in clients]
    loaded = [(t, e) for t, e in loaded if any(k == "submit" for k, _ in e)]
    # Twice the even share: most clients are far smaller; the total stays
    # within the budget below.
    per_client = 2 * budget // max(1, len(loaded))
    total, count, sources, used_names = 0, 0, [], set()
    rnd = random.Random(1)
    for tag, events in loaded:
        if total >= budget:
            break
        short = tag[5:] if tag.startswith("spec/") else tag
        short = short[:-len(".shader_test")] if short.endswith(".shader_test") else short
        short = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in short)[-80:]
        base, k = short, 2
        while base in used_names:
            base, k = "%s.%d" % (short, k), k + 1
        used_names.add(base)
        seeds = []
        first = replay(events, min(per_client, 32 << 10, budget - total))
        seeds.append(("%s-replay" % base, first))
        used = len(first) * 4
        subs = [i for i, (k, _) in enumerate(events) if k == "submit"]
        rnd.shuffle(subs)
        for i in subs[1:]:
            seed = later(events, i)
            if (used + len(seed) * 4 > per_client or len(seed) * 4 > (16 << 10) or
                    total + used + len(seed) * 4 > budget):
                continue
            seeds.append(("%s-event%d" % (base, i), seed))
            used += len(seed) * 4
        for name, dw in seeds:
            with open(os.path.join(outdir, name + ".ctx"), "wb") as f:
                f.write(struct.pack("<%dI" % len(dw), *(x & 0xFFFFFFFF for x in dw)))
            total += len(dw) * 4
            count += 1
            sources.append("%s.ctx %s" % (name, tag))
    with open(os.path.join(outdir, "SOURCES.txt"), "w") as f:
        f.write("# seed file, then the vtest client name (the piglit test or program) it was recorded from\n")
        f.write("\n".join(sorted(sources)) + "\n")
    print("%d seeds from %d clients, %d bytes" % (count, len(loaded), total))


def main():
    args = sys.argv[1:]
    if args and args[0] == "--tap":
        budget = 2 << 20
        if "--budget" in args:
            i = args.index("--budget")
            budget = int(args[i + 1])
            del args[i:i + 2]
        tapdir, outdir = args[1], args[2]
        os.makedirs(outdir, exist_ok=True)
        tap_seeds(tapdir, outdir, budget)
        return
    outdir = args[0]
    os.makedirs(outdir, exist_ok=True)
    for name, data in hand_seeds():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)


main()
