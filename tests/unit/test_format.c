/* The format table: descriptors against the protocol's block sizes, and
 * the GL / GLES mappings built from hand-made host descriptions (no GL
 * context needed: the table is pure data). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "format/virgl_format.h"
#include "gl/gl_format.h"

static void test_descriptors(void **state)
{
   (void)state;
   static const struct { uint32_t id, bytes; } sizes[] = {
      { 1, 4 }, { 7, 2 }, { 16, 2 }, { 20, 4 }, { 31, 16 }, { 64, 1 }, { 65, 2 }, { 67, 4 },
      { 94, 8 }, { 124, 4 }, { 126, 8 }, { 193, 4 }, { 200, 16 }, { 253, 4 },
   };
   for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
      const struct gv_format_desc *d = gv_format_get(sizes[i].id);
      assert_non_null(d);
      assert_int_equal(d->id, sizes[i].id);
      assert_int_equal(d->block_bytes, sizes[i].bytes);
      assert_int_equal(d->block_w, 1);
   }
   /* NONE, ambiguous values, out of range. */
   assert_null(gv_format_get(0));
   assert_null(gv_format_get(263));
   assert_null(gv_format_get(322));
   assert_null(gv_format_get(UINT32_MAX));
   assert_string_equal(gv_format_name(67), "R8G8B8A8_UNORM");
   assert_string_equal(gv_format_name(4000000000u), "FORMAT_4000000000");
   assert_true(gv_format_get(20)->flags & GV_FMT_DEPTH);
   assert_true(gv_format_get(20)->flags & GV_FMT_STENCIL);
   assert_true(gv_format_get(200)->flags & GV_FMT_INTEGER);
}

static struct gv_hostapi host(bool gles)
{
   struct gv_hostapi api;
   memset(&api, 0, sizeof(api));
   api.gles = gles;
   api.version = gles ? 30 : 45;
   api.stencil8 = !gles;
   api.tex_storage = true;
   return api;
}

static void test_gl_host(void **state)
{
   (void)state;
   struct gv_hostapi api = host(false);
   gv_gl_format_init(&api);
   const struct gv_gl_format *f = gv_gl_format_get(1); /* B8G8R8A8 */
   assert_non_null(f);
   assert_int_equal(f->internal_format, GL_RGBA8);
   assert_int_equal(f->upload.format, GL_BGRA);
   assert_null(f->upload.convert);
   assert_non_null(gv_gl_format_get(48)); /* R16_UNORM exists on GL */
   assert_non_null(gv_gl_format_get(23)); /* S8_UINT with stencil8 */
   f = gv_gl_format_get(10);              /* A8 as R8 + swizzle 000R */
   assert_int_equal(f->internal_format, GL_R8);
   assert_int_equal(f->swizzle[3], 0);
   assert_int_equal(f->swizzle[0], 4);
   assert_null(gv_gl_format_get(0));
   assert_null(gv_gl_format_get(99999));
   f = gv_gl_format_get(56); /* R16_SNORM */
   assert_non_null(f);
   assert_int_equal(f->internal_format, GL_R16_SNORM);
   assert_int_equal(f->upload.type, GL_SHORT);
}

/* Z24X8 words (depth in the low 24 bits) go through GL_UNSIGNED_INT with
 * the depth in the top bits and come back unchanged; the X byte is dropped. */
static void test_z24x8(void **state)
{
   (void)state;
   struct gv_hostapi api = host(false);
   gv_gl_format_init(&api);
   const struct gv_gl_format *f = gv_gl_format_get(21);
   assert_non_null(f);
   assert_int_equal(f->internal_format, GL_DEPTH_COMPONENT24);
   assert_int_equal(f->upload.type, GL_UNSIGNED_INT);
   const uint32_t guest[3] = { 0xab000000u, 0x00ffffffu, 0xcd123456u };
   uint32_t gl[3], back[3];
   f->upload.convert(guest, gl, 3);
   assert_int_equal(gl[0], 0);
   assert_int_equal(gl[1], 0xffffffffu);
   assert_int_equal(gl[2], 0x12345612u);
   f->readback.convert(gl, back, 3);
   assert_int_equal(back[0], 0);
   assert_int_equal(back[1], 0x00ffffffu);
   assert_int_equal(back[2], 0x00123456u);
}

static void test_gles_host(void **state)
{
   (void)state;
   struct gv_hostapi api = host(true);
   gv_gl_format_init(&api);
   /* GLES 3.0 without EXT_texture_norm16 cannot store 16-bit norm. */
   assert_null(gv_gl_format_get(48));
   assert_null(gv_gl_format_get(23));
   /* BGRA is stored as RGBA with R and B swapped on the way in and out. */
   const struct gv_gl_format *f = gv_gl_format_get(1);
   assert_non_null(f);
   assert_int_equal(f->upload.format, GL_RGBA);
   assert_non_null(f->upload.convert);
   const uint8_t bgra[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
   uint8_t rgba[8], back[8];
   f->upload.convert(bgra, rgba, 2);
   assert_int_equal(rgba[0], 3);
   assert_int_equal(rgba[2], 1);
   f->readback.convert(rgba, back, 2);
   assert_memory_equal(back, bgra, 8);
   /* Integer formats are read as RGBA_INTEGER and narrowed. */
   f = gv_gl_format_get(181); /* R8_SINT */
   assert_int_equal(f->readback.format, GL_RGBA_INTEGER);
   assert_int_equal(f->readback.type, GL_INT);
   const int32_t canon[8] = { -5, 1, 2, 3, 127, 9, 9, 9 };
   int8_t out[2];
   f->readback.convert(canon, out, 2);
   assert_int_equal(out[0], -5);
   assert_int_equal(out[1], 127);
   assert_true(f->flags & GV_GLF_READBACK);
   /* snorm is not renderable on GLES. */
   f = gv_gl_format_get(77);
   assert_non_null(f);
   assert_false(f->flags & GV_GLF_RENDERABLE);
   /* Depth reads depend on NV_read_depth*: absent here. */
   f = gv_gl_format_get(20);
   assert_false(f->flags & GV_GLF_READBACK);
   api.read_depth_stencil = true;
   gv_gl_format_init(&api);
   assert_true(gv_gl_format_get(20)->flags & GV_GLF_READBACK);
}

/* EXT_texture_norm16 stores 16-bit norm and renders / reads back the unorm
 * ones; EXT_render_snorm adds rendering and readback of snorm. */
static void test_gles_norm16(void **state)
{
   (void)state;
   struct gv_hostapi api = host(true);
   api.norm16 = true;
   gv_gl_format_init(&api);
   const struct gv_gl_format *f = gv_gl_format_get(48); /* R16_UNORM */
   assert_non_null(f);
   assert_int_equal(f->internal_format, GL_R16);
   assert_true(f->flags & GV_GLF_RENDERABLE);
   assert_true(f->flags & GV_GLF_READBACK);
   assert_int_equal(f->readback.format, GL_RGBA);
   assert_int_equal(f->readback.type, GL_UNSIGNED_SHORT);
   assert_int_equal(f->readback.gl_bytes, 8);
   const uint16_t canon[8] = { 1, 2, 3, 4, 0xfffe, 6, 7, 8 };
   uint16_t out[2];
   f->readback.convert(canon, out, 2);
   assert_int_equal(out[0], 1);
   assert_int_equal(out[1], 0xfffe);
   f = gv_gl_format_get(51); /* R16G16B16A16_UNORM: read as is */
   assert_null(f->readback.convert);
   f = gv_gl_format_get(56); /* R16_SNORM: sampled only */
   assert_non_null(f);
   assert_false(f->flags & GV_GLF_RENDERABLE);
   assert_false(f->flags & GV_GLF_READBACK);

   api.render_snorm = true;
   gv_gl_format_init(&api);
   f = gv_gl_format_get(57); /* R16G16_SNORM */
   assert_true(f->flags & GV_GLF_RENDERABLE);
   assert_true(f->flags & GV_GLF_READBACK);
   assert_int_equal(f->readback.type, GL_SHORT);
   f = gv_gl_format_get(74); /* R8_SNORM */
   assert_true(f->flags & GV_GLF_RENDERABLE);
   assert_int_equal(f->readback.type, GL_BYTE);
   assert_int_equal(f->readback.gl_bytes, 4);

   /* Without the extension (or with it denied) nothing of it is left. */
   api.norm16 = false;
   gv_gl_format_init(&api);
   assert_null(gv_gl_format_get(48));
   assert_null(gv_gl_format_get(59));
}

/* Reversed and packed BGR layouts are native upload types on GL. */
static void test_gl_packed_orders(void **state)
{
   (void)state;
   struct gv_hostapi api = host(false);
   gv_gl_format_init(&api);
   static const struct { uint32_t id; GLenum ifmt, fmt, type; } rows[] = {
      { 3, GL_RGBA8, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8 },
      { 121, GL_RGBA8, GL_RGBA, GL_UNSIGNED_INT_8_8_8_8 },
      { 5, GL_RGB5_A1, GL_BGRA, GL_UNSIGNED_SHORT_1_5_5_5_REV },
      { 6, GL_RGBA4, GL_BGRA, GL_UNSIGNED_SHORT_4_4_4_4_REV },
      { 311, GL_RGBA4, GL_RGBA, GL_UNSIGNED_SHORT_4_4_4_4 },
      { 139, GL_R3_G3_B2, GL_RGB, GL_UNSIGNED_BYTE_3_3_2 },
      { 131, GL_RGB10_A2, GL_BGRA, GL_UNSIGNED_INT_2_10_10_10_REV },
      { 225, GL_RGB10_A2UI, GL_BGRA_INTEGER, GL_UNSIGNED_INT_2_10_10_10_REV },
      { 17, GL_DEPTH_COMPONENT32, GL_DEPTH_COMPONENT, GL_UNSIGNED_INT },
   };
   for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
      const struct gv_gl_format *f = gv_gl_format_get(rows[i].id);
      assert_non_null(f);
      assert_int_equal(f->internal_format, rows[i].ifmt);
      assert_int_equal(f->upload.format, rows[i].fmt);
      assert_int_equal(f->upload.type, rows[i].type);
      assert_null(f->upload.convert);
      assert_null(f->readback.convert);
      assert_true(f->flags & GV_GLF_READBACK);
      assert_true(f->flags & GV_GLF_RENDERABLE);
   }
   /* X channels read as 1, luminance as RRR1. */
   const struct gv_gl_format *f = gv_gl_format_get(4);
   assert_int_equal(f->swizzle[3], 5);
   f = gv_gl_format_get(148); /* L8_SNORM */
   assert_int_equal(f->internal_format, GL_R8_SNORM);
   assert_int_equal(f->swizzle[1], 0);
   assert_int_equal(f->swizzle[2], 0);
   assert_int_equal(f->swizzle[3], 5);
   f = gv_gl_format_get(237); /* R16G16B16X16_UINT */
   assert_int_equal(f->internal_format, GL_RGBA16UI);
   assert_int_equal(f->swizzle[3], 5);
}

/* Wider alpha formats live in the A of RGBA storage: uploads widen each
 * element to a pixel with RGB 0, readbacks take the fourth element. */
static void test_alpha_in_rgba(void **state)
{
   (void)state;
   struct gv_hostapi api = host(false);
   gv_gl_format_init(&api);
   const struct gv_gl_format *f = gv_gl_format_get(141); /* A16_UNORM */
   assert_non_null(f);
   assert_int_equal(f->internal_format, GL_RGBA16);
   assert_int_equal(f->upload.gl_bytes, 8);
   assert_int_equal(f->swizzle[0], 4);
   assert_int_equal(f->swizzle[3], 3);
   assert_true(f->flags & GV_GLF_RENDERABLE);
   const uint16_t a16[2] = { 0x1234, 0xffff };
   uint16_t wide[8], back16[2];
   memset(wide, 0xaa, sizeof(wide));
   f->upload.convert(a16, wide, 2);
   const uint16_t want[8] = { 0, 0, 0, 0x1234, 0, 0, 0, 0xffff };
   assert_memory_equal(wide, want, sizeof(want));
   f->readback.convert(wide, back16, 2);
   assert_memory_equal(back16, a16, sizeof(a16));

   f = gv_gl_format_get(205); /* A8_SINT */
   assert_int_equal(f->internal_format, GL_RGBA8I);
   const int8_t a8[3] = { -128, 5, 127 };
   int8_t w8[12], b8[3];
   f->upload.convert(a8, w8, 3);
   assert_int_equal(w8[3], -128);
   assert_int_equal(w8[4], 0);
   assert_int_equal(w8[11], 127);
   f->readback.convert(w8, b8, 3);
   assert_memory_equal(b8, a8, 3);

   f = gv_gl_format_get(159); /* A32_FLOAT */
   assert_int_equal(f->upload.gl_bytes, 16);
   const float a32 = -2.5f;
   float w32[4], b32;
   f->upload.convert(&a32, w32, 1);
   assert_true(w32[0] == 0.0f && w32[3] == -2.5f);
   f->readback.convert(w32, &b32, 1);
   assert_true(b32 == -2.5f);
   /* A8 keeps its R8 storage. */
   assert_int_equal(gv_gl_format_get(10)->internal_format, GL_R8);
   assert_null(gv_gl_format_get(10)->upload.convert);
}

/* On GLES the 8/16-bit integer alpha formats read back as 32-bit RGBA
 * integers; A16_FLOAT cannot be read back at all. */
static void test_gles_alpha(void **state)
{
   (void)state;
   struct gv_hostapi api = host(true);
   gv_gl_format_init(&api);
   assert_null(gv_gl_format_get(141)); /* no EXT_texture_norm16 */
   const struct gv_gl_format *f = gv_gl_format_get(209); /* A16_UINT */
   assert_non_null(f);
   assert_int_equal(f->readback.format, GL_RGBA_INTEGER);
   assert_int_equal(f->readback.type, GL_UNSIGNED_INT);
   assert_int_equal(f->readback.gl_bytes, 16);
   const uint32_t canon[8] = { 9, 9, 9, 0xfedc, 9, 9, 9, 7 };
   uint16_t out[2];
   f->readback.convert(canon, out, 2);
   assert_int_equal(out[0], 0xfedc);
   assert_int_equal(out[1], 7);
   f = gv_gl_format_get(155); /* A16_FLOAT */
   assert_non_null(f);
   assert_false(f->flags & GV_GLF_READBACK);
   f = gv_gl_format_get(159); /* A32_FLOAT: RGBA/FLOAT as on GL */
   assert_true(f->flags & GV_GLF_READBACK);
   assert_int_equal(f->readback.type, GL_FLOAT);
}

/* GLES takes none of the reversed or BGR packed types: the words are
 * repacked, and read back from RGBA bytes to the exact guest values. */
static void test_gles_repack(void **state)
{
   (void)state;
   struct gv_hostapi api = host(true);
   gv_gl_format_init(&api);
   const struct gv_gl_format *f = gv_gl_format_get(3); /* A8R8G8B8 */
   assert_int_equal(f->upload.format, GL_RGBA);
   assert_int_equal(f->upload.type, GL_UNSIGNED_BYTE);
   const uint8_t argb[4] = { 0x40, 0x10, 0x20, 0x30 };
   uint8_t rgba[4], back[4];
   f->upload.convert(argb, rgba, 1);
   const uint8_t want[4] = { 0x10, 0x20, 0x30, 0x40 };
   assert_memory_equal(rgba, want, 4);
   f->readback.convert(rgba, back, 1);
   assert_memory_equal(back, argb, 4);
   f = gv_gl_format_get(121); /* A8B8G8R8 */
   const uint8_t abgr[4] = { 0x40, 0x30, 0x20, 0x10 };
   f->upload.convert(abgr, rgba, 1);
   assert_memory_equal(rgba, want, 4);

   /* B5G5R5A1: B=1, G=2, R=3, A=1 -> RGBA 5551 and back through bytes. */
   f = gv_gl_format_get(5);
   assert_int_equal(f->upload.type, GL_UNSIGNED_SHORT_5_5_5_1);
   const uint16_t bgr5a1 = (uint16_t)(1 | 2 << 5 | 3 << 10 | 1u << 15);
   uint16_t w;
   f->upload.convert(&bgr5a1, &w, 1);
   assert_int_equal(w, 3 << 11 | 2 << 6 | 1 << 1 | 1);
   assert_int_equal(f->readback.format, GL_RGBA);
   assert_int_equal(f->readback.gl_bytes, 4);
   /* Every 5-bit level, as GL expands it to bytes, packs back exactly. */
   for (unsigned v = 0; v < 32; v++) {
      uint8_t px[4] = { (uint8_t)((v * 255 + 15) / 31), 0, 0, 255 };
      uint16_t g;
      f->readback.convert(px, &g, 1);
      assert_int_equal(g, v << 10 | 1u << 15);
   }
   /* B4G4R4A4 and A4B4G4R4. */
   f = gv_gl_format_get(6);
   const uint16_t bgra4 = 0x4321; /* A=4 R=3 G=2 B=1 */
   f->upload.convert(&bgra4, &w, 1);
   assert_int_equal(w, 0x3214);
   const uint8_t px4[4] = { 3 * 17, 2 * 17, 1 * 17, 4 * 17 };
   f->readback.convert(px4, &w, 1);
   assert_int_equal(w, bgra4);
   f = gv_gl_format_get(311);
   assert_null(f->upload.convert);
   f->readback.convert(px4, &w, 1);
   assert_int_equal(w, 0x3214);
   /* B10G10R10A2: R and B fields swap both ways. */
   f = gv_gl_format_get(131);
   const uint32_t bgr10 = 0x1u | 0x2u << 10 | 0x3ffu << 20 | 2u << 30;
   uint32_t w32, b32;
   f->upload.convert(&bgr10, &w32, 1);
   assert_int_equal(w32, 0x3ffu | 0x2u << 10 | 0x1u << 20 | 2u << 30);
   f->readback.convert(&w32, &b32, 1);
   assert_int_equal(b32, bgr10);
   assert_int_equal(gv_gl_format_get(225)->upload.format, GL_RGBA_INTEGER);
   /* No R3_G3_B2 or DEPTH_COMPONENT32 storage on GLES. */
   assert_null(gv_gl_format_get(139));
   assert_null(gv_gl_format_get(17));
}

/* Compressed and one/two-channel sRGB formats exist only with their host
 * extension; GLES never reads compressed data back. */
static void test_extension_formats(void **state)
{
   (void)state;
   static const uint32_t s3tc[] = { 105, 106, 107, 108 }, s3tc_srgb[] = { 109, 110, 111, 112 };
   static const uint32_t rgtc[] = { 113, 114, 115, 116 }, bptc[] = { 255, 256, 257, 258 };
   for (int gles = 0; gles < 2; gles++) {
      struct gv_hostapi api = host(gles);
      gv_gl_format_init(&api);
      for (int i = 0; i < 4; i++) {
         assert_null(gv_gl_format_get(s3tc[i]));
         assert_null(gv_gl_format_get(s3tc_srgb[i]));
         assert_null(gv_gl_format_get(rgtc[i]));
         assert_null(gv_gl_format_get(bptc[i]));
      }
      assert_null(gv_gl_format_get(95));
      assert_null(gv_gl_format_get(313));
      api.s3tc = api.s3tc_srgb = api.rgtc = api.bptc = api.srgb_r8 = api.srgb_rg8 = true;
      gv_gl_format_init(&api);
      for (int i = 0; i < 4; i++) {
         const struct gv_gl_format *f = gv_gl_format_get(rgtc[i]);
         assert_non_null(f);
         assert_int_equal(f->upload.format, f->internal_format);
         assert_false(f->flags & GV_GLF_RENDERABLE);
         assert_int_equal(!!(f->flags & GV_GLF_READBACK), !gles);
         assert_non_null(gv_gl_format_get(bptc[i]));
         /* S3TC is held back (format_table.c host_has_storage). */
         assert_null(gv_gl_format_get(s3tc[i]));
         assert_null(gv_gl_format_get(s3tc_srgb[i]));
      }
      assert_int_equal(gv_gl_format_get(113)->upload.gl_bytes, 8);
      assert_int_equal(gv_gl_format_get(115)->upload.gl_bytes, 16);
      assert_int_equal(gv_format_get(113)->block_w, 4);
      const struct gv_gl_format *f = gv_gl_format_get(95); /* L8_SRGB */
      assert_int_equal(f->internal_format, GL_SR8_EXT);
      assert_int_equal(f->swizzle[2], 0);
      assert_false(f->flags & GV_GLF_RENDERABLE);
      assert_int_equal(gv_gl_format_get(313)->internal_format, GL_SRG8_EXT);
   }
}

/* The three-channel 32-bit formats are buffer-texture storage on GL hosts
 * with ARB_texture_buffer_object_rgb32 and on ES 3.2 / OES_texture_buffer
 * hosts (api.tex_buffer_rgb32), vertex-only elsewhere. */
static void test_rgb32_buffer_formats(void **state)
{
   (void)state;
   static const uint32_t ids[] = { 30, 195, 199 };
   static const GLenum ifmt[] = { GL_RGB32F, GL_RGB32UI, GL_RGB32I };
   for (int gles = 0; gles < 2; gles++) {
      struct gv_hostapi api = host(gles);
      gv_gl_format_init(&api);
      for (int i = 0; i < 3; i++)
         assert_null(gv_gl_format_get(ids[i]));
      api.tex_buffer_rgb32 = true;
      gv_gl_format_init(&api);
      for (int i = 0; i < 3; i++) {
         const struct gv_gl_format *f = gv_gl_format_get(ids[i]);
         assert_non_null(f);
         assert_int_equal(f->internal_format, ifmt[i]);
         assert_int_equal(f->upload.gl_bytes, 12);
         assert_false(f->flags & GV_GLF_RENDERABLE);
         /* GLES reads no RGB image back */
         if (gles)
            assert_false(f->flags & GV_GLF_READBACK);
      }
      /* Still described for vertex elements. */
      assert_int_equal(gv_format_get(30)->block_bytes, 12);
   }
}

int main(void)
{
   const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_descriptors),
      cmocka_unit_test(test_gl_host),
      cmocka_unit_test(test_gles_host),
      cmocka_unit_test(test_gles_norm16),
      cmocka_unit_test(test_z24x8),
      cmocka_unit_test(test_gl_packed_orders),
      cmocka_unit_test(test_alpha_in_rgba),
      cmocka_unit_test(test_gles_alpha),
      cmocka_unit_test(test_gles_repack),
      cmocka_unit_test(test_extension_formats),
      cmocka_unit_test(test_rgb32_buffer_formats),
   };
   return cmocka_run_group_tests(tests, NULL, NULL);
}
