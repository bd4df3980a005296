/* libFuzzer target for the renderer core, the GL backend and the shader
 * translator on a live host GL context (llvmpipe through EGL surfaceless).
 *
 * A fuzzer that starts from an empty context spends its time rediscovering
 * how to create a texture, a framebuffer and two shaders; most of its inputs
 * never get past "DRAW_VBO without a vertex shader". So every input runs on a
 * fresh context that a fixed preamble has already filled with the state a
 * small GL program has at its first draw. A DRAW_VBO of a few dwords then
 * really draws (program link, vertex fetch, texturing, blending), and every
 * other command finds valid objects under small handles.
 *
 * ---- the state every input starts with (sub-context 0, current) ----------
 *
 * Resources (gv_context_resource_create, backing memory owned by the
 * harness, vertex/index/constant data already uploaded):
 *    1  2D 16x16 R8G8B8A8_UNORM (67), RT|SV          colour buffer
 *    2  2D 16x16 R8G8B8A8_UNORM, 3 levels, SV|RT      texture (pattern data)
 *    3  2D 16x16 S8_UINT_Z24_UNORM (20), DS           depth/stencil buffer
 *    4  buffer 1024 B, VB      64 vertices {x, y, u, v} float, stride 16
 *    5  buffer 512 B, IB       256 ushort indices into those 64 vertices
 *    6  buffer 256 B, CONSTANT 16 vec4 of 1.0 (uniform buffer)
 *    7  buffer 64 B, QUERY_BUFFER   query results
 *    8  buffer 1024 B, STREAM_OUTPUT
 *    9  buffer 4096 B, STAGING      source of COPY_TRANSFER3D
 *   10  2D_ARRAY 8x8, 4 layers, 2 levels, RGBA8, SV|RT
 *   11  3D 8x8x4 R32_FLOAT (28), SV
 *   12  CUBE 8x8 RGBA8, SV|RT
 *   13  2D 16x16 R32_UINT (193), RT|SV                integer colour buffer
 *   14  2D 16x16 RGBA8, 4 samples, RT                 multisample
 *
 * Objects:
 *    1  BLEND       colour mask RGBA, no blending (bound)
 *    2  RASTERIZER  depth clip, half-pixel centres, no cull (bound)
 *    3  DSA         depth test ALWAYS, depth writes (bound)
 *    4  SHADER VS   pos = IN[0].xy + CONST[0][0].xy, GENERIC[0] = IN[1] (bound)
 *    5  SHADER FS   TEX of SVIEW[0] * CONST[1][0] (UBO) + CONST[0][0] (bound)
 *    6  VERTEX_ELEMENTS  2 x R32G32_FLOAT at 0 and 8 of buffer 0 (bound)
 *    7  SAMPLER_VIEW of resource 2, levels 0..2 (FS slot 0)
 *    8  SAMPLER_STATE clamp, linear, no mip (FS slot 0)
 *    9  SURFACE  resource 1 (colour buffer 0)
 *   10  SURFACE  resource 3 (depth/stencil buffer)
 *   11  BLEND       src-alpha blending, independent, dither
 *   12  RASTERIZER  scissor, cull back, front line fill, flat, offset, point size per vertex
 *   13  DSA         depth LESS, two-sided stencil REPLACE
 *   14  QUERY       occlusion counter into resource 7
 *   15  STREAMOUT_TARGET resource 8, 1024 bytes
 *   16  SAMPLER_VIEW of resource 10 (2D array)
 *   17  SURFACE  resource 13      18  SURFACE resource 14
 *   19  SAMPLER_VIEW of resource 12 (cube)
 * Bound as well: framebuffer {cbuf 9, zsurf 10}, vertex buffer 0 = res 4
 * (stride 16), index buffer res 5 (2-byte indices, offset 0), default
 * constants of VS and FS (one vec4 each), UBO slot 1 of the FS = res 6
 * bytes 0..63, viewport 0 covering 16x16, scissor 0 = 16x16.
 * So "DRAW_VBO start 0 count 6 mode 4 (TRIANGLES)" is a complete input.
 *
 * ---- the input ----------------------------------------------------------
 *
 * Little-endian dwords (a trailing partial dword is ignored), walked as
 * virgl commands: header = opcode | object type << 8 | length << 16.
 * Commands with opcodes below 0xf0 collect into the current command buffer;
 * the harness commands below first submit what has been collected
 * (gv_context_submit; an error skips only the rest of that buffer, as for
 * a client), then act:
 *   0xf0 SUBMIT    any length, payload ignored: only the submit boundary
 *   0xf1 TRANSFER  length 10: res, level, direction (1 to host, else from host),
 *                  x, y, z, w, h, d (signed), offset into the backing memory
 *                  (gv_context_transfer, vtest's TRANSFER_PUT2/GET2)
 *   0xf2 WRITE     length >= 2: res, byte offset, data dwords: what a guest
 *                  writes through its mapping (clipped to the backing memory)
 *   0xf3 RESOURCE  length 10: handle, target, format, bind, width, height,
 *                  depth, array size, last level, samples: creates a resource
 *                  with zeroed backing memory (up to 4 MiB), replacing any
 *                  resource of that handle (which lives on while bound)
 *   0xf4 UNREF     length 1: res
 *   0xf5 BUSY      length 1: res (gv_context_busy with wait)
 * Inputs whose draws would take long on a software rasterizer (more than
 * 65536 vertices times instances in one draw) are rejected up front: the
 * server's watchdog is what limits those, not validation.
 *
 * Seeds: make-context-seeds.py (hand-written command sequences) and
 * seeds-context/ (command buffers of piglit clients, recorded with
 * GLVIRT_TAP_SUBMITS of tools/vtest-tap.c).
 *
 * FUZZ_CONTEXT_VERBOSE=1 prints, per input, whether the context saw a client
 * error and a checksum of resource 1's backing memory (for checking seeds).
 *
 * Run with -close_fd_mask=2 (client errors are logged on stderr by design),
 * -dict=tests/fuzz/context.dict, and LSAN_OPTIONS=suppressions=
 * tests/fuzz/lsan-driver.supp: leaks are checked per input, except those
 * whose stack passes through the host driver libraries (Mesa, LLVM, EGL and
 * GL dispatch keep per-process caches). run-fuzzers.sh does all of that. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_cost.h"
#include "renderer/renderer.h"
#include "virgl/virgl_protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
   H_SUBMIT = 0xf0,
   H_TRANSFER = 0xf1,
   H_WRITE = 0xf2,
   H_RESOURCE = 0xf3,
   H_UNREF = 0xf4,
   H_BUSY = 0xf5,
   H_FIRST = 0xf0,
};

#define MAX_HARNESS_BACKING (4u << 20)
#define MAX_TRACKED 64u   /* resources the harness can write into */
#define MAX_LIVE 64u      /* the renderer's resource quota below */

#define FMT_RGBA8 67u
#define FMT_Z24S8 20u
#define FMT_R8 64u
#define FMT_R32F 28u
#define FMT_R32UI 193u
#define FMT_RG32F 29u

static uint32_t f32(float f)
{
   uint32_t u;
   memcpy(&u, &f, 4);
   return u;
}

/* ---- command buffer building -------------------------------------------- */

struct cmdbuf {
   uint32_t *dw;
   size_t n, cap;
};

static void emit(struct cmdbuf *b, uint32_t v)
{
   if (b->n == b->cap) {
      b->cap = b->cap ? b->cap * 2 : 256;
      b->dw = realloc(b->dw, b->cap * sizeof(uint32_t));
      if (!b->dw)
         abort();
   }
   b->dw[b->n++] = v;
}

static void cmd(struct cmdbuf *b, uint32_t op, uint32_t obj, size_t len, const uint32_t *payload)
{
   emit(b, GV_CMD_HEADER(op, obj, len));
   for (size_t i = 0; i < len; i++)
      emit(b, payload[i]);
}

#define CMD(b, op, obj, ...)                                                        \
   do {                                                                             \
      const uint32_t p_[] = { __VA_ARGS__ };                                        \
      cmd((b), (op), (obj), sizeof(p_) / sizeof(p_[0]), p_);                        \
   } while (0)

static void shader(struct cmdbuf *b, uint32_t handle, uint32_t stage, const char *text)
{
   size_t len = strlen(text) + 1, words = (len + 3) / 4;
   emit(b, GV_CMD_HEADER(GV_CCMD_CREATE_OBJECT, GV_OBJ_SHADER, 5 + words));
   emit(b, handle);
   emit(b, stage);
   emit(b, (uint32_t)len);
   emit(b, 0);   /* token count: a hint the translator does not need */
   emit(b, 0);   /* no stream outputs */
   for (size_t i = 0; i < words; i++) {
      uint32_t w = 0;
      size_t k = len - i * 4 < 4 ? len - i * 4 : 4;
      memcpy(&w, text + i * 4, k);
      emit(b, w);
   }
}

static const char vs_text[] =
   "VERT\n"
   "DCL IN[0]\n"
   "DCL IN[1]\n"
   "DCL OUT[0], POSITION\n"
   "DCL OUT[1], GENERIC[0]\n"
   "DCL CONST[0][0]\n"
   "IMM[0] FLT32 {0x00000000, 0x3f800000, 0x00000000, 0x00000000}\n"
   "  0: ADD OUT[0].xy, IN[0].xyyy, CONST[0][0].xyyy\n"
   "  1: MOV OUT[0].zw, IMM[0].xxxy\n"
   "  2: MOV OUT[1], IN[1]\n"
   "  3: END\n";

static const char fs_text[] =
   "FRAG\n"
   "DCL IN[0], GENERIC[0], PERSPECTIVE\n"
   "DCL OUT[0], COLOR\n"
   "DCL SAMP[0]\n"
   "DCL SVIEW[0], 2D, FLOAT\n"
   "DCL CONST[0][0]\n"
   "DCL CONST[1][0]\n"
   "DCL TEMP[0]\n"
   "  0: TEX TEMP[0], IN[0].xyyy, SAMP[0], 2D\n"
   "  1: MAD OUT[0], TEMP[0], CONST[1][0], CONST[0][0]\n"
   "  2: END\n";

/* The objects and bindings of the table at the top of this file. */
static void build_preamble(struct cmdbuf *b)
{
   const uint32_t C = GV_CCMD_CREATE_OBJECT;
   CMD(b, C, GV_OBJ_BLEND, 1, 0x4, 0, 0x78000000, 0, 0, 0, 0, 0, 0, 0);
   CMD(b, C, GV_OBJ_RASTERIZER, 2, 0x20000082, f32(1.0f), 0, 0, f32(1.0f), 0, 0, 0);
   CMD(b, C, GV_OBJ_DSA, 3, 0x1f, 0, 0, 0);
   shader(b, 4, GV_STAGE_VERTEX, vs_text);
   shader(b, 5, GV_STAGE_FRAGMENT, fs_text);
   CMD(b, C, GV_OBJ_VERTEX_ELEMENTS, 6, 0, 0, 0, FMT_RG32F, 8, 0, 0, FMT_RG32F);
   /* Levels 0..2, identity swizzle (0 | 1 << 3 | 2 << 6 | 3 << 9). */
   CMD(b, C, GV_OBJ_SAMPLER_VIEW, 7, 2, FMT_RGBA8, 0, 0x0200, 0x688);
   /* Clamp to edge on s/t/r, linear min/mag, no mip filter. */
   CMD(b, C, GV_OBJ_SAMPLER_STATE, 8, 0x3292, 0, 0, f32(1000.0f), 0, 0, 0, 0);
   CMD(b, C, GV_OBJ_SURFACE, 9, 1, FMT_RGBA8, 0, 0);
   CMD(b, C, GV_OBJ_SURFACE, 10, 3, FMT_Z24S8, 0, 0);
   CMD(b, C, GV_OBJ_BLEND, 11, 0x5, 0, 0x7cc62631, 0x7cc62631, 0x78000000, 0, 0, 0, 0, 0);
   /* Flat shading, depth clip, cull back, front faces as lines, scissor,
    * polygon offset, point size from the shader, half-pixel centres. */
   CMD(b, C, GV_OBJ_RASTERIZER, 12,
       0x1u | 0x2u | (2u << 8) | (1u << 10) | (1u << 14) | (1u << 20) | (1u << 24) | (1u << 29),
       f32(4.0f), 0, 0, f32(2.0f), f32(1.0f), f32(1.0f), 0);
   CMD(b, C, GV_OBJ_DSA, 13, 0x3 | (1u << 2), 0x1 | (7u << 1) | (2u << 7) | (0xffu << 13) | (0xffu << 21),
       0x1 | (2u << 1) | (2u << 7) | (0xffu << 13) | (0xffu << 21), 0);
   CMD(b, C, GV_OBJ_QUERY, 14, 0, 0, 7);
   CMD(b, C, GV_OBJ_STREAMOUT_TARGET, 15, 8, 0, 1024);
   CMD(b, C, GV_OBJ_SAMPLER_VIEW, 16, 10, FMT_RGBA8, 3u << 16, 0x0100, 0x688);
   CMD(b, C, GV_OBJ_SURFACE, 17, 13, FMT_R32UI, 0, 0);
   CMD(b, C, GV_OBJ_SURFACE, 18, 14, FMT_RGBA8, 0, 0);
   CMD(b, C, GV_OBJ_SAMPLER_VIEW, 19, 12, FMT_RGBA8, 5u << 16, 0, 0x688);

   CMD(b, GV_CCMD_SET_FRAMEBUFFER_STATE, 0, 1, 10, 9);
   CMD(b, GV_CCMD_BIND_OBJECT, GV_OBJ_BLEND, 1);
   CMD(b, GV_CCMD_BIND_OBJECT, GV_OBJ_RASTERIZER, 2);
   CMD(b, GV_CCMD_BIND_OBJECT, GV_OBJ_DSA, 3);
   CMD(b, GV_CCMD_BIND_OBJECT, GV_OBJ_VERTEX_ELEMENTS, 6);
   CMD(b, GV_CCMD_BIND_SHADER, 0, 4, GV_STAGE_VERTEX);
   CMD(b, GV_CCMD_BIND_SHADER, 0, 5, GV_STAGE_FRAGMENT);
   CMD(b, GV_CCMD_SET_VERTEX_BUFFERS, 0, 16, 0, 4);
   CMD(b, GV_CCMD_SET_INDEX_BUFFER, 0, 5, 2, 0);
   CMD(b, GV_CCMD_SET_CONSTANT_BUFFER, 0, GV_STAGE_VERTEX, 0, 0, 0, 0, 0);
   CMD(b, GV_CCMD_SET_CONSTANT_BUFFER, 0, GV_STAGE_FRAGMENT, 0, f32(0.125f), 0, 0, 0);
   CMD(b, GV_CCMD_SET_UNIFORM_BUFFER, 0, GV_STAGE_FRAGMENT, 1, 0, 64, 6);
   CMD(b, GV_CCMD_SET_SAMPLER_VIEWS, 0, GV_STAGE_FRAGMENT, 0, 7);
   CMD(b, GV_CCMD_BIND_SAMPLER_STATES, 0, GV_STAGE_FRAGMENT, 0, 8);
   CMD(b, GV_CCMD_SET_VIEWPORT_STATE, 0, 0, f32(8.0f), f32(8.0f), f32(0.5f), f32(8.0f), f32(8.0f),
       f32(0.5f));
   CMD(b, GV_CCMD_SET_SCISSOR_STATE, 0, 0, 0, 16u | 16u << 16);
   CMD(b, GV_CCMD_SET_BLEND_COLOR, 0, f32(0.5f), f32(0.5f), f32(0.5f), f32(1.0f));
   CMD(b, GV_CCMD_SET_STENCIL_REF, 0, 0x0101);
   CMD(b, GV_CCMD_SET_SAMPLE_MASK, 0, 0xffffffffu);
}

/* ---- resources ----------------------------------------------------------- */

struct tracked {
   uint8_t *mem;
   size_t size;
};

static struct tracked tracked[MAX_TRACKED];

/* Every resource is created by the harness, so it knows which handles are
 * live and never makes an unref the renderer would count as a client error. */
static uint32_t live[MAX_LIVE];
static size_t nr_live;

static bool is_live(uint32_t handle)
{
   for (size_t i = 0; i < nr_live; i++)
      if (live[i] == handle)
         return true;
   return false;
}

static void unref(struct gv_context *ctx, uint32_t handle)
{
   for (size_t i = 0; i < nr_live; i++) {
      if (live[i] == handle) {
         live[i] = live[--nr_live];
         break;
      }
   }
   if (handle < MAX_TRACKED)
      tracked[handle] = (struct tracked){ NULL, 0 };
   gv_context_resource_unref(ctx, handle);
}

static int create_resource(struct gv_context *ctx, const struct gv_resource_desc *d)
{
   int64_t size = gv_resource_guest_size(d);
   if (size < 0 || size > MAX_HARNESS_BACKING)
      return -1;
   uint8_t *mem = size ? calloc(1, (size_t)size) : NULL;
   if (size && !mem)
      abort();
   /* The context owns the memory only once creation succeeded. */
   int ret = gv_context_resource_create(ctx, d, mem, (size_t)size, free, mem);
   if (ret < 0) {
      free(mem);
      return ret;
   }
   if (d->handle < MAX_TRACKED)
      tracked[d->handle] = (struct tracked){ mem, (size_t)size };
   if (nr_live < MAX_LIVE)
      live[nr_live++] = d->handle;
   return 0;
}

static void upload_all(struct gv_context *ctx, uint32_t handle, uint32_t w, uint32_t h)
{
   struct gv_box box = { 0, 0, 0, (int32_t)w, (int32_t)h, 1 };
   if (gv_context_transfer(ctx, handle, 0, &box, 0, GV_DIR_TO_HOST) < 0)
      abort();
}

static void put_f32(uint8_t *p, float f)
{
   memcpy(p, &f, 4);
}

static void create_resources(struct gv_context *ctx)
{
   static const struct gv_resource_desc descs[] = {
      { 1, GV_TARGET_2D, FMT_RGBA8, GV_BIND_RENDER_TARGET | GV_BIND_SAMPLER_VIEW, 16, 16, 1, 1, 0, 0 },
      { 2, GV_TARGET_2D, FMT_RGBA8, GV_BIND_SAMPLER_VIEW | GV_BIND_RENDER_TARGET, 16, 16, 1, 1, 2, 0 },
      { 3, GV_TARGET_2D, FMT_Z24S8, GV_BIND_DEPTH_STENCIL, 16, 16, 1, 1, 0, 0 },
      { 4, GV_TARGET_BUFFER, FMT_R8, GV_BIND_VERTEX_BUFFER, 1024, 1, 1, 1, 0, 0 },
      { 5, GV_TARGET_BUFFER, FMT_R8, GV_BIND_INDEX_BUFFER, 512, 1, 1, 1, 0, 0 },
      { 6, GV_TARGET_BUFFER, FMT_R8, GV_BIND_CONSTANT_BUFFER, 256, 1, 1, 1, 0, 0 },
      { 7, GV_TARGET_BUFFER, FMT_R8, GV_BIND_QUERY_BUFFER, 64, 1, 1, 1, 0, 0 },
      { 8, GV_TARGET_BUFFER, FMT_R8, GV_BIND_STREAM_OUTPUT, 1024, 1, 1, 1, 0, 0 },
      { 9, GV_TARGET_BUFFER, FMT_R8, GV_BIND_STAGING, 4096, 1, 1, 1, 0, 0 },
      { 10, GV_TARGET_2D_ARRAY, FMT_RGBA8, GV_BIND_SAMPLER_VIEW | GV_BIND_RENDER_TARGET, 8, 8, 1, 4, 1, 0 },
      { 11, GV_TARGET_3D, FMT_R32F, GV_BIND_SAMPLER_VIEW, 8, 8, 4, 1, 0, 0 },
      { 12, GV_TARGET_CUBE, FMT_RGBA8, GV_BIND_SAMPLER_VIEW | GV_BIND_RENDER_TARGET, 8, 8, 1, 6, 0, 0 },
      { 13, GV_TARGET_2D, FMT_R32UI, GV_BIND_RENDER_TARGET | GV_BIND_SAMPLER_VIEW, 16, 16, 1, 1, 0, 0 },
      { 14, GV_TARGET_2D, FMT_RGBA8, GV_BIND_RENDER_TARGET, 16, 16, 1, 1, 0, 4 },
   };
   for (size_t i = 0; i < sizeof(descs) / sizeof(descs[0]); i++) {
      if (create_resource(ctx, &descs[i]) < 0) {
         fprintf(stderr, "fuzz_context: preamble resource %u cannot be created\n", descs[i].handle);
         abort();
      }
   }
   /* Texture 2: a pattern in every level, so sampling reads something. */
   for (size_t i = 0; i < tracked[2].size; i++)
      tracked[2].mem[i] = (uint8_t)(i * 37 + 11);
   struct gv_box l1 = { 0, 0, 0, 8, 8, 1 }, l2 = { 0, 0, 0, 4, 4, 1 };
   upload_all(ctx, 2, 16, 16);
   if (gv_context_transfer(ctx, 2, 1, &l1, 16 * 16 * 4, GV_DIR_TO_HOST) < 0 ||
       gv_context_transfer(ctx, 2, 2, &l2, 16 * 16 * 4 + 8 * 8 * 4, GV_DIR_TO_HOST) < 0)
      abort();
   /* An 8x8 grid over [-1, 1] with texture coordinates. */
   for (int v = 0; v < 64; v++) {
      float x = -1.0f + 2.0f * (float)(v % 8) / 7.0f, y = -1.0f + 2.0f * (float)(v / 8) / 7.0f;
      uint8_t *p = tracked[4].mem + v * 16;
      put_f32(p, x);
      put_f32(p + 4, y);
      put_f32(p + 8, (x + 1.0f) / 2.0f);
      put_f32(p + 12, (y + 1.0f) / 2.0f);
   }
   upload_all(ctx, 4, 1024, 1);
   /* Two triangles per grid cell, as far as 256 indices go. */
   uint16_t *idx = (uint16_t *)(void *)tracked[5].mem;
   for (int q = 0, n = 0; n + 6 <= 256; q++) {
      int r = q / 7 % 7, c = q % 7, v = r * 8 + c;
      const int tri[6] = { v, v + 1, v + 8, v + 1, v + 9, v + 8 };
      for (int k = 0; k < 6; k++)
         idx[n++] = (uint16_t)tri[k];
   }
   upload_all(ctx, 5, 512, 1);
   for (int i = 0; i < 64; i++)
      put_f32(tracked[6].mem + i * 4, 1.0f);
   upload_all(ctx, 6, 256, 1);
}

/* ---- harness commands ---------------------------------------------------- */

static int32_t s32(uint32_t v)
{
   int32_t s;
   memcpy(&s, &v, 4);
   return s;
}

static void run_harness_cmd(struct gv_context *ctx, uint32_t op, const uint32_t *p, uint32_t len)
{
   switch (op) {
   case H_TRANSFER:
      if (len == 10) {
         struct gv_box box = { s32(p[3]), s32(p[4]), s32(p[5]), s32(p[6]), s32(p[7]), s32(p[8]) };
         gv_context_transfer(ctx, p[0], p[1], &box, p[9],
                             p[2] == GV_DIR_TO_HOST ? GV_DIR_TO_HOST : GV_DIR_FROM_HOST);
      }
      break;
   case H_WRITE:
      if (len >= 2 && p[0] < MAX_TRACKED && tracked[p[0]].mem) {
         size_t off = p[1], n = (size_t)(len - 2) * 4;
         if (off < tracked[p[0]].size) {
            if (n > tracked[p[0]].size - off)
               n = tracked[p[0]].size - off;
            memcpy(tracked[p[0]].mem + off, p + 2, n);
         }
      }
      break;
   case H_RESOURCE:
      if (len == 10) {
         struct gv_resource_desc d = { p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9] };
         /* Replacing keeps captured streams usable: their resources take
          * the handles of the preamble's. */
         if (is_live(d.handle))
            unref(ctx, d.handle);
         create_resource(ctx, &d);
      }
      break;
   case H_UNREF:
      if (len == 1) {
         if (is_live(p[0]))
            unref(ctx, p[0]);
         else
            gv_context_resource_unref(ctx, p[0]);   /* the error path */
      }
      break;
   case H_BUSY:
      if (len == 1)
         gv_context_busy(ctx, p[0], true);
      break;
   default:
      break;
   }
}

/* ---- the target ------------------------------------------------------------ */

static struct gv_renderer *renderer;
static struct cmdbuf preamble;
static bool verbose;

static void init_once(void)
{
   struct gv_renderer_config cfg = {
      .api = GV_API_ON,
      .platform = GV_EGL_SURFACELESS,
      /* Small quotas: a few input bytes must not be able to ask for gigabytes. */
      .limits = { .resources = 64, .objects = 512, .sub_contexts = 8,
                  .shader_text = 64 << 10, .shader_bytes = 1 << 20,
                  .host_memory = 64 << 20, .guest_memory = 64 << 20,
                  .command_bytes = 1 << 20, .command_seconds = UINT32_MAX },
   };
   if (gv_renderer_create(&cfg, &renderer) < 0) {
      fprintf(stderr, "fuzz_context: no host GL\n");
      abort();
   }
   verbose = getenv("FUZZ_CONTEXT_VERBOSE") != NULL;
   build_preamble(&preamble);
   /* A preamble the renderer refuses would make every input shallow. */
   struct gv_context *ctx = gv_context_create(renderer, "fuzz-preamble");
   if (!ctx)
      abort();
   create_resources(ctx);
   if (gv_context_submit(ctx, preamble.dw, preamble.n) < 0 || gv_context_errored(ctx)) {
      fprintf(stderr, "fuzz_context: the preamble fails on this host\n");
      abort();
   }
   gv_context_destroy(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
   if (!renderer)
      init_once();
   size_t n = size / 4;
   uint32_t *dw = malloc(n ? n * 4 : 4);
   if (!dw)
      abort();
   for (size_t i = 0; i < n; i++)
      dw[i] = (uint32_t)data[4 * i] | (uint32_t)data[4 * i + 1] << 8 |
              (uint32_t)data[4 * i + 2] << 16 | (uint32_t)data[4 * i + 3] << 24;
   if (fuzz_cmds_too_slow(dw, n)) {
      free(dw);
      return -1;
   }

   memset(tracked, 0, sizeof(tracked));
   nr_live = 0;
   struct gv_context *ctx = gv_context_create(renderer, "fuzz");
   if (!ctx)
      abort();
   create_resources(ctx);
   gv_context_submit(ctx, preamble.dw, preamble.n);

   size_t start = 0, pos = 0;
   while (pos < n) {
      uint32_t h = dw[pos], len = GV_CMD_LENGTH(h), op = GV_CMD_OPCODE(h);
      if (len > n - pos - 1)
         break;   /* the decoder reports the overrun */
      if (op < H_FIRST) {
         pos += 1 + (size_t)len;
         continue;
      }
      if (pos > start)
         gv_context_submit(ctx, dw + start, pos - start);
      run_harness_cmd(ctx, op, dw + pos + 1, len);
      pos += 1 + (size_t)len;
      start = pos;
   }
   if (n > start)
      gv_context_submit(ctx, dw + start, n - start);
   if (verbose) {
      /* For writing seeds: whether the input was valid, and what it drew. */
      uint32_t sum = 0;
      for (size_t i = 0; tracked[1].mem && i < tracked[1].size; i++)
         sum = sum * 31 + tracked[1].mem[i];
      fprintf(stderr, "fuzz_context: %s, resource 1 backing checksum %08x\n",
              gv_context_errored(ctx) ? "ERRORED" : "ok", sum);
   }
   gv_context_destroy(ctx);
   free(dw);
   return 0;
}
