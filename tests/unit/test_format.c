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

int main(void)
{
   const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_descriptors),
      cmocka_unit_test(test_gl_host),
      cmocka_unit_test(test_gles_host),
      cmocka_unit_test(test_gles_norm16),
      cmocka_unit_test(test_z24x8),
   };
   return cmocka_run_group_tests(tests, NULL, NULL);
}
