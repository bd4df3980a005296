/* The renderer core and GL backend on the live host (llvmpipe in CI), driven
 * through the pipe ops exactly as the decoder would: resources, transfers,
 * clears, blits, copies, and the validation that must reject bad input.
 * Run once per host API (GLVIRT_TEST_API=core|es). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gl/gl_backend.h"
#include "renderer/renderer_priv.h"
#include "virgl/virgl_protocol.h"

static struct gv_renderer *R;

struct res {
   uint32_t handle;
   uint8_t *mem;
   size_t size;
};

static int setup(void **state)
{
   (void)state;
   const char *api = getenv("GLVIRT_TEST_API");
   struct gv_renderer_config cfg = { .api = GV_API_CORE, .platform = GV_EGL_SURFACELESS };
   if (api && !strcmp(api, "es"))
      cfg.api = GV_API_ES;
   return gv_renderer_create(&cfg, &R) == GV_OK ? 0 : -1;
}

static int teardown(void **state)
{
   (void)state;
   gv_renderer_destroy(R);
   return 0;
}

static struct res make(struct gv_context *ctx, uint32_t handle, uint32_t target, uint32_t format,
                       uint32_t w, uint32_t h, uint32_t depth, uint32_t layers, uint32_t last_level)
{
   struct gv_resource_desc d = { handle, target, format, GV_BIND_SAMPLER_VIEW | GV_BIND_RENDER_TARGET,
                                 w, h, depth, layers, last_level, 0 };
   if (target == GV_TARGET_BUFFER)
      d.bind = GV_BIND_VERTEX_BUFFER;
   int64_t size = gv_resource_guest_size(&d);
   assert_true(size > 0);
   struct res r = { handle, calloc(1, (size_t)size), (size_t)size };
   assert_int_equal(gv_context_resource_create(ctx, &d, r.mem, r.size, free, r.mem), GV_OK);
   return r;
}

static const struct gv_pipe_ops *ops = &gv_context_pipe_ops;

static void test_upload_readback_rgba8(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "test");
   struct res t = make(ctx, 1, GV_TARGET_2D, 67 /* R8G8B8A8_UNORM */, 13, 7, 1, 1, 0);
   for (size_t i = 0; i < t.size; i++)
      t.mem[i] = (uint8_t)(i * 7 + 3);
   uint8_t *want = malloc(t.size);
   memcpy(want, t.mem, t.size);
   struct gv_box box = { 0, 0, 0, 13, 7, 1 };
   assert_int_equal(gv_context_transfer(ctx, 1, 0, &box, 0, GV_DIR_TO_HOST), GV_OK);
   memset(t.mem, 0, t.size);
   assert_int_equal(gv_context_transfer(ctx, 1, 0, &box, 0, GV_DIR_FROM_HOST), GV_OK);
   assert_memory_equal(t.mem, want, t.size);
   /* A sub-box lands at its own offset and leaves the rest alone. */
   memset(t.mem, 0, t.size);
   struct gv_box sub = { 2, 3, 0, 4, 2, 1 };
   uint64_t off = 3 * 13 * 4 + 2 * 4;
   assert_int_equal(gv_context_transfer(ctx, 1, 0, &sub, off, GV_DIR_FROM_HOST), GV_OK);
   assert_memory_equal(t.mem + off, want + off, 16);
   assert_int_equal(t.mem[0], 0);
   assert_false(gv_context_errored(ctx));
   free(want);
   gv_context_destroy(ctx);
}

/* Compressed images read back block for block: natively on GL, through a
 * copy into one texel per block on GLES (RGTC1: 8-byte blocks, BPTC:
 * 16-byte ones), also for a sub-box and the next mip level. */
static void test_compressed_readback(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "compressed");
   static const uint32_t formats[] = { 113 /* RGTC1_UNORM */, 255 /* BPTC_RGBA_UNORM */ };
   for (size_t i = 0; i < 2; i++) {
      const struct gv_gl_format *g = gv_gl_format_get(formats[i]);
      if (!g || !(g->flags & GV_GLF_READBACK))
         continue;
      struct res t = make(ctx, (uint32_t)(1 + i), GV_TARGET_2D, formats[i], 16, 8, 1, 1, 1);
      for (size_t k = 0; k < t.size; k++)
         t.mem[k] = (uint8_t)(k * 13 + 7 + i);
      uint8_t *want = malloc(t.size);
      memcpy(want, t.mem, t.size);
      struct gv_box box = { 0, 0, 0, 16, 8, 1 };
      assert_int_equal(gv_context_transfer(ctx, t.handle, 0, &box, 0, GV_DIR_TO_HOST), GV_OK);
      memset(t.mem, 0, t.size);
      assert_int_equal(gv_context_transfer(ctx, t.handle, 0, &box, 0, GV_DIR_FROM_HOST), GV_OK);
      size_t level0 = (size_t)(16 / 4) * (8 / 4) * (i ? 16 : 8);
      assert_memory_equal(t.mem, want, level0);
      /* The second block column of the first block row alone. */
      memset(t.mem, 0, t.size);
      struct gv_box sub = { 4, 0, 0, 4, 4, 1 };
      size_t bb = i ? 16 : 8;
      assert_int_equal(gv_context_transfer(ctx, t.handle, 0, &sub, bb, GV_DIR_FROM_HOST), GV_OK);
      assert_memory_equal(t.mem + bb, want + bb, bb);
      assert_int_equal(t.mem[0], 0);
      /* Level 1 is 8x4: two blocks. */
      struct gv_box l1 = { 0, 0, 0, 8, 4, 1 };
      memcpy(t.mem + level0, want + level0, 2 * bb);
      assert_int_equal(gv_context_transfer(ctx, t.handle, 1, &l1, level0, GV_DIR_TO_HOST), GV_OK);
      memset(t.mem + level0, 0, 2 * bb);
      assert_int_equal(gv_context_transfer(ctx, t.handle, 1, &l1, level0, GV_DIR_FROM_HOST), GV_OK);
      assert_memory_equal(t.mem + level0, want + level0, 2 * bb);
      free(want);
   }
   assert_false(gv_context_errored(ctx));
   gv_context_destroy(ctx);
}

static void test_transfer_rejects_bad_boxes(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "test");
   make(ctx, 1, GV_TARGET_2D, 67, 16, 16, 1, 1, 0);
   const struct gv_box bad[] = {
      { 0, 0, 0, 17, 1, 1 }, { -1, 0, 0, 1, 1, 1 }, { 0, 0, 1, 1, 1, 1 },
      { INT32_MAX, 0, 0, INT32_MAX, 1, 1 }, { 0, 15, 0, 1, 2, 1 },
   };
   for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
      assert_int_equal(gv_context_transfer(ctx, 1, 0, &bad[i], 0, GV_DIR_TO_HOST), GV_E_BOUNDS);
   struct gv_box ok = { 0, 0, 0, 16, 16, 1 };
   assert_int_equal(gv_context_transfer(ctx, 1, 1, &ok, 0, GV_DIR_TO_HOST), GV_E_BOUNDS);
   /* Offset that pushes the box past the guest memory. */
   assert_int_equal(gv_context_transfer(ctx, 1, 0, &ok, 4, GV_DIR_TO_HOST), GV_E_BOUNDS);
   assert_int_equal(gv_context_transfer(ctx, 1, 0, &ok, UINT64_MAX - 2, GV_DIR_TO_HOST), GV_E_BOUNDS);
   assert_int_equal(gv_context_transfer(ctx, 99, 0, &ok, 0, GV_DIR_TO_HOST), GV_E_HANDLE);
   assert_true(gv_context_errored(ctx));
   gv_context_destroy(ctx);
}

static void test_resource_validation(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "test");
   struct gv_resource_desc bad[] = {
      { 1, 99, 67, 0, 4, 4, 1, 1, 0, 0 },              /* unknown target */
      { 1, GV_TARGET_2D, 0, 0, 4, 4, 1, 1, 0, 0 },      /* format NONE */
      { 1, GV_TARGET_2D, 67, 0, 0, 4, 1, 1, 0, 0 },     /* zero width */
      { 1, GV_TARGET_2D, 67, 0, 4, 4, 1, 1, 5, 0 },     /* too many levels */
      { 1, GV_TARGET_CUBE, 67, 0, 4, 8, 1, 6, 0, 0 },   /* not square */
      { 1, GV_TARGET_2D, 67, 0, 1u << 30, 4, 1, 1, 0, 0 }, /* too large */
      { 1, GV_TARGET_2D, 263, 0, 4, 4, 1, 1, 0, 0 },    /* ambiguous format value */
      { 0, GV_TARGET_2D, 67, 0, 4, 4, 1, 1, 0, 0 },     /* handle 0 */
   };
   static uint8_t mem[1024];
   for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
      assert_true(gv_context_resource_create(ctx, &bad[i], mem, sizeof(mem), NULL, NULL) < 0);
   /* Backing store smaller than the layout. */
   struct gv_resource_desc small = { 2, GV_TARGET_2D, 67, 0, 32, 32, 1, 1, 0, 0 };
   assert_true(gv_context_resource_create(ctx, &small, mem, sizeof(mem), NULL, NULL) < 0);
   /* Duplicate handle. */
   struct gv_resource_desc okd = { 3, GV_TARGET_2D, 67, 0, 4, 4, 1, 1, 0, 0 };
   assert_int_equal(gv_context_resource_create(ctx, &okd, mem, sizeof(mem), NULL, NULL), GV_OK);
   assert_true(gv_context_resource_create(ctx, &okd, mem, sizeof(mem), NULL, NULL) < 0);
   assert_int_equal(gv_context_resource_unref(ctx, 3), GV_OK);
   assert_true(gv_context_resource_unref(ctx, 3) < 0);
   gv_context_destroy(ctx);
}

static void surface(struct gv_context *ctx, uint32_t handle, uint32_t res, uint32_t format)
{
   struct gv_surface_info s = { handle, res, format, 0, 0, 0 };
   assert_int_equal(ops->create_surface(ctx, &s), GV_OK);
}

static void test_clear_and_blit(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "test");
   assert_int_equal(ops->create_sub_ctx(ctx, 1), GV_OK);
   assert_int_equal(ops->set_sub_ctx(ctx, 1), GV_OK);
   struct res a = make(ctx, 1, GV_TARGET_2D, 67, 8, 8, 1, 1, 0);
   struct res b = make(ctx, 2, GV_TARGET_2D, 67, 16, 16, 1, 1, 0);
   /* Same size as `a`: a clear covers only the intersection of the attachments. */
   struct res ui = make(ctx, 3, GV_TARGET_2D, 193 /* R32_UINT */, 8, 8, 1, 1, 0);
   surface(ctx, 10, 1, 67);
   surface(ctx, 11, 3, 193);
   struct gv_framebuffer_info fb = { 2, 0, { 10, 11 } };
   assert_int_equal(ops->set_framebuffer_state(ctx, &fb), GV_OK);
   struct gv_clear_info c = { GV_CLEAR_COLOR0 | (GV_CLEAR_COLOR0 << 1), { .f = { 1, 0, 0, 1 } }, 1.0, 0 };
   c.color.u[0] = 0x3f800000u; /* 1.0f for the unorm buffer, 1065353216 for the uint one */
   assert_int_equal(ops->clear(ctx, &c), GV_OK);
   struct gv_box all8 = { 0, 0, 0, 8, 8, 1 };
   assert_int_equal(gv_context_transfer(ctx, 1, 0, &all8, 0, GV_DIR_FROM_HOST), GV_OK);
   assert_int_equal(a.mem[0], 255);
   assert_int_equal(a.mem[1], 0);
   assert_int_equal(a.mem[3], 255);
   assert_int_equal(gv_context_transfer(ctx, 3, 0, &all8, 0, GV_DIR_FROM_HOST), GV_OK);
   uint32_t v;
   memcpy(&v, ui.mem + 20, 4);
   assert_int_equal(v, 0x3f800000u);

   /* Scaled blit of the red 8x8 into the top-right quadrant of b, mirrored in x. */
   struct gv_blit_info bl;
   memset(&bl, 0, sizeof(bl));
   bl.mask = GV_MASK_RGBA;
   bl.src = (struct gv_blit_side){ 1, 0, 67, { 8, 0, 0, -8, 8, 1 } };
   bl.dst = (struct gv_blit_side){ 2, 0, 67, { 8, 8, 0, 8, 8, 1 } };
   assert_int_equal(ops->blit(ctx, &bl), GV_OK);
   struct gv_box all16 = { 0, 0, 0, 16, 16, 1 };
   assert_int_equal(gv_context_transfer(ctx, 2, 0, &all16, 0, GV_DIR_FROM_HOST), GV_OK);
   assert_int_equal(b.mem[(12 * 16 + 12) * 4], 255);

   /* Surfaces hold their resource: unref while bound, then clear again. */
   assert_int_equal(gv_context_resource_unref(ctx, 1), GV_OK);
   assert_int_equal(ops->clear(ctx, &c), GV_OK);
   assert_int_equal(ops->destroy_object(ctx, 10), GV_OK);
   assert_int_equal(ops->clear(ctx, &c), GV_OK);
   struct gv_framebuffer_info none = { 0, 0, { 0 } };
   assert_int_equal(ops->set_framebuffer_state(ctx, &none), GV_OK);
   assert_false(gv_context_errored(ctx));
   /* Blits outside the resource are refused. */
   bl.dst.box = (struct gv_blit_side){ 2, 0, 67, { 10, 10, 0, 8, 8, 1 } }.box;
   assert_int_equal(ops->blit(ctx, &bl), GV_E_BOUNDS);
   gv_context_destroy(ctx);
}

static void test_clear_texture_and_copy(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "test");
   struct res a = make(ctx, 1, GV_TARGET_2D_ARRAY, 67, 8, 8, 1, 3, 0);
   struct res b = make(ctx, 2, GV_TARGET_2D_ARRAY, 67, 8, 8, 1, 3, 0);
   struct gv_clear_texture_info ct = { 1, 0, { 2, 2, 1, 3, 3, 2 }, { 0x11223344u, 0, 0, 0 } };
   assert_int_equal(ops->clear_texture(ctx, &ct), GV_OK);
   struct gv_copy_region_info cp = { 2, 0, 0, 0, 0, 1, 0, { 0, 0, 0, 8, 8, 3 } };
   assert_int_equal(ops->resource_copy_region(ctx, &cp), GV_OK);
   struct gv_box all = { 0, 0, 0, 8, 8, 3 };
   assert_int_equal(gv_context_transfer(ctx, 2, 0, &all, 0, GV_DIR_FROM_HOST), GV_OK);
   uint32_t v;
   memcpy(&v, b.mem + 64 * 4 * 2 + (3 * 8 + 3) * 4, 4);
   assert_int_equal(v, 0x11223344u);
   memcpy(&v, b.mem + (3 * 8 + 3) * 4, 4);
   assert_int_equal(v, 0);
   (void)a;
   gv_context_destroy(ctx);
}

/* A compute shader writes its group id into a storage buffer that is read
 * back; slots, offsets, resources and dispatches a client gets wrong are
 * refused before they reach the host. */
static void test_compute_storage(void **state)
{
   (void)state;
   if (!R->api.compute)
      skip();
   struct gv_context *ctx = gv_context_create(R, "compute");
   struct res buf = make(ctx, 1, GV_TARGET_BUFFER, 64, 256, 1, 1, 1, 0);
   make(ctx, 2, GV_TARGET_2D, 67 /* R8G8B8A8_UNORM */, 4, 4, 1, 1, 0);
   static const char cs[] = "COMP\n"
                            "PROPERTY CS_FIXED_BLOCK_WIDTH 1\n"
                            "PROPERTY CS_FIXED_BLOCK_HEIGHT 1\n"
                            "PROPERTY CS_FIXED_BLOCK_DEPTH 1\n"
                            "DCL SV[0], BLOCK_ID\n"
                            "DCL BUFFER[0]\n"
                            "DCL TEMP[0]\n"
                            "IMM[0] UINT32 {4, 0, 0, 0}\n"
                            "  0: UMUL TEMP[0].x, SV[0].xxxx, IMM[0].xxxx\n"
                            "  1: STORE BUFFER[0].x, TEMP[0].xxxx, SV[0].xxxx\n"
                            "  2: END\n";
   struct gv_launch_grid_info g = { { 1, 1, 1 }, { 10, 1, 1 }, 0, 0 };
   assert_int_equal(ctx->ops.launch_grid(ctx, &g), GV_E_INVALID);   /* no compute shader */
   struct gv_shader_chunk_info sh = { .handle = 5, .stage = GV_STAGE_COMPUTE, .total_len = sizeof(cs),
                                      .text = cs, .text_len = sizeof(cs) };
   assert_int_equal(ctx->ops.create_shader(ctx, &sh), GV_OK);
   assert_int_equal(ctx->ops.bind_shader(ctx, 5, GV_STAGE_COMPUTE), GV_OK);
   struct gv_shader_buffer_info b = { 0, 64, 1 };
   uint32_t slots = R->res_layout.ssbos[GV_STAGE_COMPUTE];
   assert_int_equal(ctx->ops.set_shader_buffers(ctx, GV_STAGE_COMPUTE, slots, 1, &b), GV_E_BOUNDS);
   assert_int_equal(ctx->ops.set_shader_buffers(ctx, 6, 0, 1, &b), GV_E_BOUNDS);
   b.offset = 3;
   assert_int_equal(ctx->ops.set_shader_buffers(ctx, GV_STAGE_COMPUTE, 0, 1, &b), GV_E_BOUNDS);
   b.offset = 0, b.size = 257;
   assert_int_equal(ctx->ops.set_shader_buffers(ctx, GV_STAGE_COMPUTE, 0, 1, &b), GV_E_BOUNDS);
   b.size = 64, b.res = 2;
   assert_int_equal(ctx->ops.set_shader_buffers(ctx, GV_STAGE_COMPUTE, 0, 1, &b), GV_E_INVALID);
   b.res = 1;
   assert_int_equal(ctx->ops.set_shader_buffers(ctx, GV_STAGE_COMPUTE, 0, 1, &b), GV_OK);
   struct gv_shader_image_info im = { 67, 3, 0, 1, 2 };   /* level 1 of 1 */
   assert_int_equal(ctx->ops.set_shader_images(ctx, GV_STAGE_COMPUTE, 0, 1, &im), GV_E_BOUNDS);
   g.grid[0] = 1u << 31;
   assert_int_equal(ctx->ops.launch_grid(ctx, &g), GV_E_INVALID);
   g.grid[0] = 10;
   g.indirect_res = 1, g.indirect_offset = 250;
   assert_int_equal(ctx->ops.launch_grid(ctx, &g), GV_E_BOUNDS);
   g.indirect_res = 0;
   assert_int_equal(ctx->ops.launch_grid(ctx, &g), GV_OK);
   /* The binding holds the buffer after the client lets go of it. */
   struct gv_box all = { 0, 0, 0, 256, 1, 1 };
   assert_int_equal(gv_context_transfer(ctx, 1, 0, &all, 0, GV_DIR_FROM_HOST), GV_OK);
   uint32_t words[10];
   memcpy(words, buf.mem, sizeof(words));
   for (uint32_t i = 0; i < 10; i++)
      assert_int_equal(words[i], i);
   gv_context_destroy(ctx);
}

/* ARB_texture_view and ARB_copy_image pieces: the caps follow the host;
 * a surface of another format of the same bits renders through a texture
 * view (a uint clear lands as those bytes in unorm storage), a layered
 * surface of part of an array clears only its layers, a sampler view of
 * one layer of an array samples a 2D view; bad layer ranges and targets
 * are refused; compressed blocks copy to and from texels of their size. */
static void test_texture_views_and_copy_image(void **state)
{
   (void)state;
   const struct gv_hostapi *api = &R->api;
   assert_int_equal(!!(R->caps.capability_bits & GV_CAP_TEXTURE_VIEW), api->tex_view);
   assert_int_equal(!!(R->caps.capability_bits & GV_CAP_COPY_IMAGE), api->copy_image);
   assert_int_equal(!!(R->caps.capability_bits & GV_CAP_FB_NO_ATTACH), api->fb_no_attach);
   assert_int_equal(!!(R->caps.capability_bits & GV_CAP_ROBUST_BUFFER_ACCESS), api->robust_access);
   struct gv_context *ctx = gv_context_create(R, "views");
   assert_int_equal(ops->create_sub_ctx(ctx, 1), GV_OK);
   assert_int_equal(ops->set_sub_ctx(ctx, 1), GV_OK);
   struct res a = make(ctx, 1, GV_TARGET_2D, 67 /* R8G8B8A8_UNORM */, 4, 4, 1, 1, 0);
   struct res arr = make(ctx, 2, GV_TARGET_2D_ARRAY, 67, 4, 4, 1, 3, 0);
   struct gv_box a_all = { 0, 0, 0, 4, 4, 1 }, arr_all = { 0, 0, 0, 4, 4, 3 };
   if (api->tex_view) {
      surface(ctx, 10, 1, 180 /* R8G8B8A8_UINT */);
      struct gv_framebuffer_info fb = { 1, 0, { 10 } };
      assert_int_equal(ops->set_framebuffer_state(ctx, &fb), GV_OK);
      struct gv_clear_info c = { GV_CLEAR_COLOR0, { .u = { 1, 2, 3, 250 } }, 1.0, 0 };
      assert_int_equal(ops->clear(ctx, &c), GV_OK);
      assert_int_equal(gv_context_transfer(ctx, 1, 0, &a_all, 0, GV_DIR_FROM_HOST), GV_OK);
      static const uint8_t want[4] = { 1, 2, 3, 250 };
      assert_memory_equal(a.mem + 4 * 5, want, 4);

      struct gv_surface_info layers = { 11, 2, 67, 0, 1, 2 };
      assert_int_equal(ops->create_surface(ctx, &layers), GV_OK);
      struct gv_framebuffer_info fb2 = { 1, 0, { 11 } };
      assert_int_equal(ops->set_framebuffer_state(ctx, &fb2), GV_OK);
      struct gv_clear_info red = { GV_CLEAR_COLOR0, { .f = { 1, 0, 0, 1 } }, 1.0, 0 };
      assert_int_equal(ops->clear(ctx, &red), GV_OK);
      assert_int_equal(gv_context_transfer(ctx, 2, 0, &arr_all, 0, GV_DIR_FROM_HOST), GV_OK);
      assert_int_equal(arr.mem[0], 0);                 /* layer 0 untouched */
      assert_int_equal(arr.mem[64 + 0], 255);          /* layers 1 and 2 red */
      assert_int_equal(arr.mem[2 * 64 + 60], 255);

      struct gv_sampler_view_info v = { 20, 2, 67, GV_TARGET_2D, 2, 2, 0, 0, 0, 0, { 0, 1, 2, 3 } };
      assert_int_equal(ctx->ops.create_sampler_view(ctx, &v), GV_OK);
      struct gv_object *o = gv_handle_table_get(&ctx->cur->objects, 20);
      assert_non_null(o);
      struct gv_sampler_view *sv = o->ptr;
      GLenum target = 0;
      GLuint tex = gv_gl_sampler_view_texture(ctx, sv, &target);
      assert_true(tex != 0 && tex != sv->res->tex);
      assert_int_equal(target, GL_TEXTURE_2D);
      assert_int_equal(gv_gl_sampler_view_texture(ctx, sv, &target), tex); /* kept */
      /* The full array as an array needs no view. */
      struct gv_sampler_view_info whole = { 21, 2, 67, GV_TARGET_2D_ARRAY, 0, 2, 0, 0, 0, 0,
                                            { 0, 1, 2, 3 } };
      assert_int_equal(ctx->ops.create_sampler_view(ctx, &whole), GV_OK);
      o = gv_handle_table_get(&ctx->cur->objects, 21);
      assert_non_null(o);
      sv = o->ptr;
      assert_int_equal(gv_gl_sampler_view_texture(ctx, sv, &target), sv->res->tex);
      struct gv_framebuffer_info none = { 0, 0, { 0 } };
      assert_int_equal(ops->set_framebuffer_state(ctx, &none), GV_OK);
   }
   /* A framebuffer without attachments is complete at the size the guest
    * gives (clamped to the host's limits). */
   if (api->fb_no_attach) {
      struct gv_framebuffer_no_attach_info na = { 16, 8, 1, 0 };
      struct gv_framebuffer_info none = { 0, 0, { 0 } };
      assert_int_equal(ops->set_framebuffer_state(ctx, &none), GV_OK);
      assert_int_equal(ops->set_framebuffer_no_attach(ctx, &na), GV_OK);
      assert_int_equal(gv_gl_bind_framebuffer(ctx, ctx->cur), GV_OK);
      assert_int_equal(glCheckFramebufferStatus(GL_FRAMEBUFFER), GL_FRAMEBUFFER_COMPLETE);
      struct gv_framebuffer_no_attach_info huge = { 0xffff, 0xffff, 0xffff, 0xff };
      assert_int_equal(ops->set_framebuffer_no_attach(ctx, &huge), GV_OK);
      assert_int_equal(gv_gl_bind_framebuffer(ctx, ctx->cur), GV_OK);
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
   }
   /* Layers past the array and targets a 2D array cannot be viewed as. */
   struct gv_sampler_view_info bad = { 22, 2, 67, GV_TARGET_2D_ARRAY, 1, 3, 0, 0, 0, 0, { 0, 1, 2, 3 } };
   assert_int_equal(ctx->ops.create_sampler_view(ctx, &bad), GV_E_BOUNDS);
   bad.last_layer = 1;
   bad.target = GV_TARGET_3D;
   assert_int_equal(ctx->ops.create_sampler_view(ctx, &bad), GV_E_INVALID);
   bad.target = 200;
   assert_int_equal(ctx->ops.create_sampler_view(ctx, &bad), GV_E_INVALID);
   assert_false(gv_context_errored(ctx));

   /* RGTC1 (8-byte blocks) <-> RG32UI (8-byte texels). */
   const struct gv_gl_format *rgtc = gv_gl_format_get(113);
   if (api->copy_image && rgtc) {
      struct res z = make(ctx, 3, GV_TARGET_2D, 113 /* RGTC1_UNORM */, 8, 8, 1, 1, 0);
      struct res u = make(ctx, 4, GV_TARGET_2D, 194 /* R32G32_UINT */, 2, 2, 1, 1, 0);
      for (size_t i = 0; i < z.size; i++)
         z.mem[i] = (uint8_t)(i * 11 + 5);
      struct gv_box z_all = { 0, 0, 0, 8, 8, 1 }, u_all = { 0, 0, 0, 2, 2, 1 };
      assert_int_equal(gv_context_transfer(ctx, 3, 0, &z_all, 0, GV_DIR_TO_HOST), GV_OK);
      struct gv_copy_region_info cp = { 4, 0, 0, 0, 0, 3, 0, { 0, 0, 0, 8, 8, 1 } };
      assert_int_equal(ops->resource_copy_region(ctx, &cp), GV_OK);
      assert_int_equal(gv_context_transfer(ctx, 4, 0, &u_all, 0, GV_DIR_FROM_HOST), GV_OK);
      assert_memory_equal(u.mem, z.mem, 32);
      /* One texel back into the last block. */
      uint8_t block[8];
      memcpy(block, u.mem, 8);
      struct gv_copy_region_info back = { 3, 0, 4, 4, 0, 4, 0, { 0, 0, 0, 1, 1, 1 } };
      assert_int_equal(ops->resource_copy_region(ctx, &back), GV_OK);
      if (rgtc->flags & GV_GLF_READBACK) {
         assert_int_equal(gv_context_transfer(ctx, 3, 0, &z_all, 0, GV_DIR_FROM_HOST), GV_OK);
         assert_memory_equal(z.mem + 24, block, 8);
      }
      /* Four blocks do not fit one texel; 8-byte blocks are not 4-byte texels. */
      struct res one = make(ctx, 5, GV_TARGET_2D, 194, 1, 1, 1, 1, 0);
      struct gv_copy_region_info big = { 5, 0, 0, 0, 0, 3, 0, { 0, 0, 0, 8, 8, 1 } };
      assert_int_equal(ops->resource_copy_region(ctx, &big), GV_E_BOUNDS);
      make(ctx, 6, GV_TARGET_2D, 193 /* R32_UINT */, 2, 2, 1, 1, 0);
      big.dst_res = 6;
      assert_int_equal(ops->resource_copy_region(ctx, &big), GV_E_INVALID);
      (void)one;
   }
   (void)a;
   (void)arr;
   gv_context_destroy(ctx);
}

static void test_buffers(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "test");
   struct res a = make(ctx, 1, GV_TARGET_BUFFER, 64, 1000, 1, 1, 1, 0);
   struct res b = make(ctx, 2, GV_TARGET_BUFFER, 64, 1000, 1, 1, 1, 0);
   for (size_t i = 0; i < 1000; i++)
      a.mem[i] = (uint8_t)i;
   struct gv_transfer_info up = { 1, 0, 0, 0, { 0, 0, 0, 1000, 1, 1 }, 0, GV_TRANSFER_TO_HOST };
   assert_int_equal(ops->transfer3d(ctx, &up), GV_OK);
   struct gv_copy_region_info cp = { 2, 0, 500, 0, 0, 1, 0, { 100, 0, 0, 500, 1, 1 } };
   assert_int_equal(ops->resource_copy_region(ctx, &cp), GV_OK);
   struct gv_box all = { 0, 0, 0, 1000, 1, 1 };
   assert_int_equal(gv_context_transfer(ctx, 2, 0, &all, 0, GV_DIR_FROM_HOST), GV_OK);
   assert_int_equal(b.mem[500], 100);
   assert_int_equal(b.mem[999], (uint8_t)599);
   cp.dst_x = 501;
   assert_int_equal(ops->resource_copy_region(ctx, &cp), GV_E_BOUNDS);
   gv_context_destroy(ctx);
}

/* Each per-client quota: reaching it is GV_E_LIMIT and marks the context;
 * freeing returns the quota. */
static void test_limits(void **state)
{
   (void)state;
   struct gv_limits saved = R->cfg.limits;
   R->cfg.limits.resources = 2;
   R->cfg.limits.host_memory = 40000;
   R->cfg.limits.objects = 3;
   R->cfg.limits.sub_contexts = 2;
   R->cfg.limits.shader_bytes = 200;
   struct gv_context *ctx = gv_context_create(R, "limits");

   /* Resources: a count, then host memory (64x64 RGBA8 is 16 KiB). */
   make(ctx, 1, GV_TARGET_2D, 67 /* R8G8B8A8_UNORM */, 64, 64, 1, 1, 0);
   make(ctx, 2, GV_TARGET_2D, 67 /* R8G8B8A8_UNORM */, 64, 64, 1, 1, 0);
   assert_false(gv_context_errored(ctx));
   struct gv_resource_desc d = { 3, GV_TARGET_2D, 67 /* R8G8B8A8_UNORM */, GV_BIND_SAMPLER_VIEW,
                                 64, 64, 1, 1, 0, 0 };
   assert_int_equal(gv_context_resource_create(ctx, &d, NULL, 0, NULL, NULL), GV_E_LIMIT);
   assert_true(gv_context_errored(ctx));
   R->cfg.limits.resources = 100;
   assert_int_equal(gv_context_resource_create(ctx, &d, NULL, 0, NULL, NULL), GV_E_LIMIT);
   assert_int_equal(gv_context_resource_unref(ctx, 2), GV_OK);
   assert_int_equal(gv_context_resource_create(ctx, &d, NULL, 0, NULL, NULL), GV_OK);

   /* Objects count over every sub-context. */
   struct gv_blend_state blend;
   memset(&blend, 0, sizeof(blend));
   assert_int_equal(ctx->ops.create_blend(ctx, 10, &blend), GV_OK);
   assert_int_equal(ctx->ops.create_blend(ctx, 11, &blend), GV_OK);
   assert_int_equal(ctx->ops.create_sub_ctx(ctx, 1), GV_OK);
   assert_int_equal(ctx->ops.create_sub_ctx(ctx, 2), GV_E_LIMIT);
   assert_int_equal(ctx->ops.set_sub_ctx(ctx, 1), GV_OK);
   assert_int_equal(ctx->ops.create_blend(ctx, 12, &blend), GV_OK);
   assert_int_equal(ctx->ops.create_blend(ctx, 13, &blend), GV_E_LIMIT);
   assert_int_equal(ctx->ops.destroy_object(ctx, 12), GV_OK);
   assert_int_equal(ctx->ops.create_blend(ctx, 13, &blend), GV_OK);

   /* Shader text held by the context. */
   static const char fs[] = "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
                            "  0: MOV OUT[0], IMM[0]\n  1: END\n";
   assert_int_equal(ctx->ops.destroy_object(ctx, 13), GV_OK);
   struct gv_shader_chunk_info sh = { .handle = 20, .stage = 1, .total_len = sizeof(fs),
                                      .text = fs, .text_len = sizeof(fs) };
   assert_int_equal(ctx->ops.create_shader(ctx, &sh), GV_OK);
   assert_int_equal(ctx->ops.destroy_object(ctx, 20), GV_OK);
   R->cfg.limits.shader_bytes = sizeof(fs) - 1;
   assert_int_equal(ctx->ops.create_shader(ctx, &sh), GV_E_LIMIT);

   gv_context_destroy(ctx);
   R->cfg.limits = saved;
}

/* A shader whose completed text is bad (not TGSI, or another stage's) is
 * not kept: its handle is free again, whether the text came in one chunk
 * or was completed by a continuation. */
static void test_invalid_shader_not_kept(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "bad-shader");
   static const char fs[] = "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
                            "  0: MOV OUT[0], IMM[0]\n  1: END\n";
   static const char vs[] = "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n";
   struct gv_shader_chunk_info sh = { .handle = 7, .stage = 1, .total_len = sizeof(vs),
                                      .text = vs, .text_len = sizeof(vs) };
   assert_true(ctx->ops.create_shader(ctx, &sh) < 0);
   sh.total_len = sh.text_len = sizeof(fs);
   sh.text = fs;
   assert_int_equal(ctx->ops.create_shader(ctx, &sh), GV_OK);
   assert_int_equal(ctx->ops.destroy_object(ctx, 7), GV_OK);
   /* Two chunks, the second completing garbage. */
   static const char junk[] = "FRAG\nDCL OUT[0], COLOR\n  0: NOSUCHOP OUT[0]\n  1: END\n";
   sh.total_len = sizeof(junk);
   sh.text = junk;
   sh.text_len = 10;
   assert_int_equal(ctx->ops.create_shader(ctx, &sh), GV_OK);
   sh.continuation = true;
   sh.offset = 10;
   sh.text = junk + 10;
   sh.text_len = sizeof(junk) - 10;
   assert_true(ctx->ops.create_shader(ctx, &sh) < 0);
   assert_int_equal(ctx->ops.bind_shader(ctx, 7, 1), GV_E_HANDLE);
   sh.continuation = false;
   sh.offset = 0;
   sh.total_len = sh.text_len = sizeof(fs);
   sh.text = fs;
   assert_int_equal(ctx->ops.create_shader(ctx, &sh), GV_OK);
   assert_int_equal(ctx->ops.bind_shader(ctx, 7, 1), GV_OK);
   gv_context_destroy(ctx);
}

/* Queries and stream output targets refuse what a hostile guest sends,
 * and a finished query leaves {DONE, size, value} in guest memory. */
static void test_queries_and_so_targets(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "queries");
   struct res qbuf = make(ctx, 1, GV_TARGET_BUFFER, 64, 16, 1, 1, 1, 0);
   make(ctx, 2, GV_TARGET_BUFFER, 64, 1024, 1, 1, 1, 0);
   const struct gv_pipe_ops *o = &ctx->ops;

   struct gv_query_info q = { 10, GV_QUERY_OCCLUSION_COUNTER, 0, 8, 1 };
   assert_int_equal(o->create_query(ctx, &q), GV_E_BOUNDS);          /* record past the end */
   q.offset = 0;
   q.type = 99;
   assert_int_equal(o->create_query(ctx, &q), GV_E_INVALID);
   q.type = GV_QUERY_OCCLUSION_COUNTER;
   q.res = 77;
   assert_int_equal(o->create_query(ctx, &q), GV_E_HANDLE);
   q.res = 1;
   assert_int_equal(o->create_query(ctx, &q), GV_OK);
   assert_int_equal(o->create_query(ctx, &q), GV_E_HANDLE);          /* handle in use */
   assert_int_equal(o->end_query(ctx, 10), GV_E_INVALID);            /* not active */
   assert_int_equal(o->begin_query(ctx, 10), GV_OK);
   assert_int_equal(o->begin_query(ctx, 10), GV_E_INVALID);
   assert_int_equal(o->end_query(ctx, 10), GV_OK);
   memset(qbuf.mem, 0xab, 16);
   assert_int_equal(o->get_query_result(ctx, 10, false), GV_OK);
   uint32_t rec[4];
   memcpy(rec, qbuf.mem, sizeof(rec));
   assert_int_equal(rec[0], 1);   /* DONE */
   assert_int_equal(rec[1], 4);
   assert_int_equal(rec[2], 0);   /* nothing was drawn */
   assert_int_equal(rec[3], 0);
   assert_int_equal(o->set_render_condition(ctx, 2, false, 0), GV_E_HANDLE);
   assert_int_equal(o->set_render_condition(ctx, 10, false, 9), GV_E_INVALID);
   /* Gallium's condition is the result that skips: FALSE is GL's usual. */
   assert_int_equal(o->set_render_condition(ctx, 10, false, 0), GV_OK);
   assert_false(gv_render_condition_passes(ctx, ctx->cur));          /* 0 samples: skip */
   assert_int_equal(o->set_render_condition(ctx, 10, true, 0), GV_OK);
   assert_true(gv_render_condition_passes(ctx, ctx->cur));
   /* The condition holds a reference: destroying the object keeps it alive. */
   assert_int_equal(o->begin_query(ctx, 10), GV_OK);
   assert_int_equal(o->destroy_object(ctx, 10), GV_OK);
   assert_int_equal(o->set_render_condition(ctx, 0, false, 0), GV_OK);
   assert_int_equal(o->get_query_result(ctx, 10, true), GV_E_HANDLE);

   /* Stream output targets: aligned ranges of buffers, known handles. */
   assert_int_equal(o->create_so_target(ctx, 20, 2, 2, 64), GV_E_BOUNDS);
   assert_int_equal(o->create_so_target(ctx, 20, 2, 1000, 64), GV_E_BOUNDS);
   assert_int_equal(o->create_so_target(ctx, 20, 2, 0xfffffffcu, 8), GV_E_BOUNDS);
   assert_int_equal(o->create_so_target(ctx, 20, 99, 0, 64), GV_E_HANDLE);
   assert_int_equal(o->create_so_target(ctx, 20, 2, 64, 256), GV_OK);
   uint32_t h[2] = { 20, 21 };
   assert_int_equal(o->set_so_targets(ctx, 0, 2, h), GV_E_HANDLE);
   assert_int_equal(o->set_so_targets(ctx, 0, 1, h), GV_OK);
   uint32_t count;
   assert_int_equal(gv_so_draw_auto_count(ctx, &count), GV_E_INVALID);   /* nothing recorded */
   /* Bound targets hold their buffer: unref and destroy leave it valid. */
   assert_int_equal(gv_context_resource_unref(ctx, 2), GV_OK);
   assert_int_equal(o->destroy_object(ctx, 20), GV_OK);
   assert_int_equal(o->set_so_targets(ctx, 0, 0, NULL), GV_OK);
   gv_context_destroy(ctx);
}

/* A stream output layout with a gap and two buffers (gl_SkipComponents,
 * gl_NextBuffer): GL 4.0 records it natively, GLES through the packed
 * scratch buffer and the scatter shader; both must write the outputs at
 * their offsets, append after the first recording and leave the skipped
 * words alone. */

/* Creates the vertex shader vs (handle 1) and a fragment shader of text fs
 * (handle 2), and binds both. */
static void use_vs_fs(struct gv_context *ctx, const struct gv_shader_chunk_info *vs, const char *fs,
                      size_t fs_len)
{
   const struct gv_pipe_ops *o = &ctx->ops;
   assert_int_equal(o->create_shader(ctx, vs), GV_OK);
   struct gv_shader_chunk_info f = { .handle = 2, .stage = 1, .total_len = (uint32_t)fs_len,
                                     .text = fs, .text_len = (uint32_t)fs_len };
   assert_int_equal(o->create_shader(ctx, &f), GV_OK);
   assert_int_equal(o->bind_shader(ctx, vs->handle, 0), GV_OK);
   assert_int_equal(o->bind_shader(ctx, 2, 1), GV_OK);
}
static void test_so_gaps_and_buffers(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "so-layout");
   const struct gv_pipe_ops *o = &ctx->ops;
   if (!ctx->r->api.xfb_any_layout && !ctx->r->api.xfb_scatter) {
      gv_context_destroy(ctx);
      skip();
   }
   static const char vs[] = "VERT\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
                            "DCL OUT[2], GENERIC[1]\n"
                            "IMM[0] FLT32 {0.0, 0.0, 0.0, 1.0}\nIMM[1] FLT32 {1.0, 2.0, 3.0, 4.0}\n"
                            "IMM[2] FLT32 {5.0, 6.0, 7.0, 8.0}\n"
                            "  0: MOV OUT[0], IMM[0]\n  1: MOV OUT[1], IMM[1]\n"
                            "  2: MOV OUT[2], IMM[2]\n  3: END\n";
   static const char fs[] = "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
                            "  0: MOV OUT[0], IMM[0]\n  1: END\n";
   /* Buffer 0: {skip, GENERIC[0].yz, skip}; buffer 1: {GENERIC[1].xyz, skip}. */
   struct gv_shader_chunk_info sh = { .handle = 1, .stage = 0, .total_len = sizeof(vs),
                                      .text = vs, .text_len = sizeof(vs), .so_num_outputs = 2,
                                      .so_stride = { 4, 4 } };
   sh.so[0] = (struct gv_so_output){ .register_index = 1, .start_component = 1,
                                     .num_components = 2, .output_buffer = 0, .dst_offset = 1 };
   sh.so[1] = (struct gv_so_output){ .register_index = 2, .start_component = 0,
                                     .num_components = 3, .output_buffer = 1, .dst_offset = 0 };
   use_vs_fs(ctx, &sh, fs, sizeof(fs));
   make(ctx, 11, GV_TARGET_2D, 67, 8, 8, 1, 1, 0);
   surface(ctx, 12, 11, 67);
   struct gv_framebuffer_info fb = { 1, 0, { 12 } };
   assert_int_equal(o->set_framebuffer_state(ctx, &fb), GV_OK);

   /* Two buffers of 8 vertices, every word -1.0 to show what is skipped;
    * the targets start 16 bytes in. */
   struct res b[2] = { make(ctx, 20, GV_TARGET_BUFFER, 64, 144, 1, 1, 1, 0),
                       make(ctx, 21, GV_TARGET_BUFFER, 64, 144, 1, 1, 1, 0) };
   struct gv_box box = { 0, 0, 0, 144, 1, 1 };
   const float minus_one = -1.0f;
   for (int i = 0; i < 2; i++) {
      for (size_t w = 0; w < 36; w++)
         memcpy(b[i].mem + w * 4, &minus_one, 4);
      assert_int_equal(gv_context_transfer(ctx, b[i].handle, 0, &box, 0, GV_DIR_TO_HOST), GV_OK);
   }
   assert_int_equal(o->create_so_target(ctx, 30, 20, 16, 128), GV_OK);
   assert_int_equal(o->create_so_target(ctx, 31, 21, 16, 128), GV_OK);
   uint32_t h[2] = { 30, 31 };
   assert_int_equal(o->set_so_targets(ctx, 0, 2, h), GV_OK);
   struct gv_draw_info d = { .mode = 0, .count = 3, .instance_count = 1 };
   assert_int_equal(o->draw_vbo(ctx, &d), GV_OK);
   assert_int_equal(o->set_so_targets(ctx, 3, 2, h), GV_OK);   /* appends */
   d.count = 2;
   assert_int_equal(o->draw_vbo(ctx, &d), GV_OK);
   uint32_t count = 0;
   assert_int_equal(gv_so_draw_auto_count(ctx, &count), GV_OK);
   assert_int_equal(count, 5);

   static const float want[2][4] = { { -1, 2, 3, -1 }, { 5, 6, 7, -1 } };
   for (int i = 0; i < 2; i++) {
      memset(b[i].mem, 0, b[i].size);
      assert_int_equal(gv_context_transfer(ctx, b[i].handle, 0, &box, 0, GV_DIR_FROM_HOST), GV_OK);
      float got[36];
      memcpy(got, b[i].mem, sizeof(got));
      for (int w = 0; w < 36; w++) {
         int v = w / 4 - 1;   /* vertex of this word; the first 16 bytes lie before the target */
         float expect = v >= 0 && v < 5 ? want[i][w % 4] : -1.0f;
         assert_float_equal(got[w], expect, 0.0);
      }
   }
   assert_false(gv_context_errored(ctx));
   gv_context_destroy(ctx);
}

/* Vertex streams and overflow predicates: a geometry shader emits one
 * vertex on stream 0 and one on stream 1 per point into two buffers, the
 * second with room for fewer vertices than it gets. Each buffer holds its
 * stream's vertices; only stream 1 and "any stream" report an overflow;
 * the guest's indexed queries count stream 1. Hosts without streams (GLES)
 * check the one-stream overflow of a vertex shader's recording. */
static uint32_t query_value32(struct gv_context *ctx, struct res *qbuf, uint32_t handle,
                              uint32_t slot)
{
   assert_int_equal(ctx->ops.get_query_result(ctx, handle, true), GV_OK);
   uint32_t rec[4];
   memcpy(rec, qbuf->mem + slot * 16, sizeof(rec));
   assert_int_equal(rec[0], 1);   /* DONE */
   return rec[2];
}

static void test_so_streams_and_overflow(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "so-streams");
   const struct gv_pipe_ops *o = &ctx->ops;
   if (!ctx->r->api.prims_generated) {
      gv_context_destroy(ctx);
      skip();
   }
   bool streams = ctx->r->api.xfb_streams;
   static const char vs[] = "VERT\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
                            "IMM[0] FLT32 {0.0, 0.0, 0.0, 1.0}\nIMM[1] FLT32 {1.0, 2.0, 3.0, 4.0}\n"
                            "  0: MOV OUT[0], IMM[0]\n  1: MOV OUT[1], IMM[1]\n  2: END\n";
   static const char gs[] = "GEOM\nPROPERTY GS_INPUT_PRIMITIVE POINTS\n"
                            "PROPERTY GS_OUTPUT_PRIMITIVE POINTS\nPROPERTY GS_MAX_OUTPUT_VERTICES 2\n"
                            "DCL IN[][0], POSITION\nDCL OUT[0], POSITION\n"
                            "DCL OUT[1], GENERIC[0]\nDCL OUT[2], GENERIC[1], STREAM(1, 1, 1, 1)\n"
                            "IMM[0] UINT32 {0, 1, 0, 0}\nIMM[1] FLT32 {1.0, 2.0, 3.0, 4.0}\n"
                            "IMM[2] FLT32 {5.0, 6.0, 7.0, 8.0}\n"
                            "  0: MOV OUT[0], IN[0][0]\n  1: MOV OUT[1], IMM[1]\n"
                            "  2: EMIT IMM[0].xxxx\n  3: ENDPRIM IMM[0].xxxx\n"
                            "  4: MOV OUT[0], IN[0][0]\n  5: MOV OUT[2], IMM[2]\n"
                            "  6: EMIT IMM[0].yyyy\n  7: ENDPRIM IMM[0].yyyy\n  8: END\n";
   static const char fs[] = "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
                            "  0: MOV OUT[0], IMM[0]\n  1: END\n";
   struct gv_shader_chunk_info v = { .handle = 1, .stage = 0, .total_len = sizeof(vs),
                                     .text = vs, .text_len = sizeof(vs) };
   if (!streams) {
      v.so_num_outputs = 1;
      v.so_stride[0] = 4;
      v.so[0] = (struct gv_so_output){ .register_index = 1, .num_components = 4 };
   }
   use_vs_fs(ctx, &v, fs, sizeof(fs));
   if (streams) {
      struct gv_shader_chunk_info g = { .handle = 3, .stage = 2, .total_len = sizeof(gs),
                                        .text = gs, .text_len = sizeof(gs), .so_num_outputs = 2,
                                        .so_stride = { 4, 4 } };
      g.so[0] = (struct gv_so_output){ .register_index = 1, .num_components = 4 };
      g.so[1] = (struct gv_so_output){ .register_index = 2, .num_components = 4,
                                       .output_buffer = 1, .stream = 1 };
      assert_int_equal(o->create_shader(ctx, &g), GV_OK);
      assert_int_equal(o->bind_shader(ctx, 3, 2), GV_OK);
   }
   make(ctx, 11, GV_TARGET_2D, 67, 8, 8, 1, 1, 0);
   surface(ctx, 12, 11, 67);
   struct gv_framebuffer_info fb = { 1, 0, { 12 } };
   assert_int_equal(o->set_framebuffer_state(ctx, &fb), GV_OK);
   /* Room for 3 vertices on stream 0 and 2 on stream 1 (or on the one stream). */
   struct res b0 = make(ctx, 20, GV_TARGET_BUFFER, 64, 48, 1, 1, 1, 0);
   struct res b1 = make(ctx, 21, GV_TARGET_BUFFER, 64, 32, 1, 1, 1, 0);
   assert_int_equal(o->create_so_target(ctx, 30, 20, 0, 48), GV_OK);
   assert_int_equal(o->create_so_target(ctx, 31, 21, 0, 32), GV_OK);
   uint32_t h[2] = { 30, 31 };
   assert_int_equal(o->set_so_targets(ctx, 0, streams ? 2 : 1, streams ? h : h + 1), GV_OK);

   struct res qbuf = make(ctx, 40, GV_TARGET_BUFFER, 64, 6 * 16, 1, 1, 1, 0);
   /* Overflow of stream 0, 1, any; emitted and generated on stream 1; an
    * overflow predicate of a stream the host does not have is refused. */
   struct gv_query_info qi[5] = {
      { 50, GV_QUERY_SO_OVERFLOW_PREDICATE, 0, 0, 40 },
      { 51, GV_QUERY_SO_OVERFLOW_PREDICATE, 1, 16, 40 },
      { 52, GV_QUERY_SO_OVERFLOW_ANY_PREDICATE, 0, 32, 40 },
      { 53, GV_QUERY_PRIMITIVES_EMITTED, 1, 48, 40 },
      { 54, GV_QUERY_PRIMITIVES_GENERATED, 1, 64, 40 },
   };
   uint32_t nq = streams ? 5 : 1;
   for (uint32_t i = 0; i < nq; i++) {
      assert_int_equal(o->create_query(ctx, &qi[i]), GV_OK);
      assert_int_equal(o->begin_query(ctx, qi[i].handle), GV_OK);
   }
   struct gv_query_info bad = { 55, GV_QUERY_SO_OVERFLOW_PREDICATE, streams ? 4 : 1, 80, 40 };
   assert_int_equal(o->create_query(ctx, &bad), GV_E_UNSUPPORTED);
   struct gv_draw_info d = { .mode = 0, .count = 3, .instance_count = 1 };
   assert_int_equal(o->draw_vbo(ctx, &d), GV_OK);
   for (uint32_t i = 0; i < nq; i++)
      assert_int_equal(o->end_query(ctx, qi[i].handle), GV_OK);

   struct gv_box box = { 0, 0, 0, 48, 1, 1 };
   if (!streams) {
      assert_int_equal(query_value32(ctx, &qbuf, 50, 0), 1);   /* 3 points, room for 2 */
      box.w = 32;
      assert_int_equal(gv_context_transfer(ctx, 21, 0, &box, 0, GV_DIR_FROM_HOST), GV_OK);
      float got[8];
      memcpy(got, b1.mem, sizeof(got));
      for (int w = 0; w < 8; w++)
         assert_float_equal(got[w], (float)(w % 4 + 1), 0.0);
   } else {
      assert_int_equal(query_value32(ctx, &qbuf, 50, 0), 0);
      assert_int_equal(query_value32(ctx, &qbuf, 51, 1), 1);
      assert_int_equal(query_value32(ctx, &qbuf, 52, 2), 1);
      assert_int_equal(query_value32(ctx, &qbuf, 53, 3), 2);
      assert_int_equal(query_value32(ctx, &qbuf, 54, 4), 3);
      assert_int_equal(gv_context_transfer(ctx, 20, 0, &box, 0, GV_DIR_FROM_HOST), GV_OK);
      box.w = 32;
      assert_int_equal(gv_context_transfer(ctx, 21, 0, &box, 0, GV_DIR_FROM_HOST), GV_OK);
      float got0[12], got1[8];
      memcpy(got0, b0.mem, sizeof(got0));
      memcpy(got1, b1.mem, sizeof(got1));
      for (int w = 0; w < 12; w++)
         assert_float_equal(got0[w], (float)(w % 4 + 1), 0.0);
      for (int w = 0; w < 8; w++)
         assert_float_equal(got1[w], (float)(w % 4 + 5), 0.0);
      /* The targets are full now: another draw records nothing, and still
       * overflows stream 1 (and 0, which has no room left either). */
      assert_int_equal(o->begin_query(ctx, 50), GV_OK);
      assert_int_equal(o->draw_vbo(ctx, &d), GV_OK);
      assert_int_equal(o->end_query(ctx, 50), GV_OK);
      assert_int_equal(query_value32(ctx, &qbuf, 50, 0), 1);
   }
   assert_false(gv_context_errored(ctx));
   gv_context_destroy(ctx);
}

/* Polygon mode LINE with edge flags (core GL has none; GLES has no polygon
 * mode at all): a generated GS draws the edges whose vertex has a nonzero
 * flag. One triangle: with flags 1 its outline is drawn and its middle is
 * not; with flags 0 nothing is drawn. */
static unsigned drawn_pixels(struct gv_context *ctx, struct res *rt, bool *middle)
{
   struct gv_box box = { 0, 0, 0, 16, 16, 1 };
   memset(rt->mem, 0, rt->size);
   assert_int_equal(gv_context_transfer(ctx, rt->handle, 0, &box, 0, GV_DIR_FROM_HOST), GV_OK);
   unsigned n = 0;
   for (unsigned i = 0; i < 16 * 16; i++)
      n += rt->mem[i * 4] != 0;
   *middle = rt->mem[(6 * 16 + 8) * 4] != 0;
   return n;
}

static void test_polygon_mode_edge_flags(void **state)
{
   (void)state;
   for (int flag = 1; flag >= 0; flag--) {
      struct gv_context *ctx = gv_context_create(R, "edge-flags");
      const struct gv_pipe_ops *o = &ctx->ops;
      char vs[512];
      snprintf(vs, sizeof(vs),
               "VERT\nDCL SV[0], VERTEXID\nDCL OUT[0], POSITION\nDCL OUT[1], EDGEFLAG\n"
               "DCL ADDR[0]\nIMM[0] FLT32 {-0.9, -0.9, 0.0, 1.0}\n"
               "IMM[1] FLT32 {0.9, -0.9, 0.0, 1.0}\nIMM[2] FLT32 {0.0, 0.9, 0.0, 1.0}\n"
               "IMM[3] FLT32 {%d.0, 0.0, 0.0, 0.0}\n"
               "  0: UARL ADDR[0].x, SV[0].xxxx\n  1: MOV OUT[0], IMM[ADDR[0].x]\n"
               "  2: MOV OUT[1], IMM[3].xxxx\n  3: END\n", flag);
      static const char fs[] = "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
                               "  0: MOV OUT[0], IMM[0]\n  1: END\n";
      struct gv_shader_chunk_info v = { .handle = 1, .stage = 0,
                                        .total_len = (uint32_t)strlen(vs) + 1, .text = vs,
                                        .text_len = (uint32_t)strlen(vs) + 1 };
      use_vs_fs(ctx, &v, fs, sizeof(fs));
      struct res rt = make(ctx, 11, GV_TARGET_2D, 67, 16, 16, 1, 1, 0);
      surface(ctx, 12, 11, 67);
      struct gv_framebuffer_info fb = { 1, 0, { 12 } };
      assert_int_equal(o->set_framebuffer_state(ctx, &fb), GV_OK);
      struct gv_viewport vp = { { 8.0f, 8.0f, 0.5f }, { 8.0f, 8.0f, 0.5f } };
      assert_int_equal(o->set_viewports(ctx, 0, 1, &vp), GV_OK);
      struct gv_rasterizer_state r = { .fill_front = 1, .fill_back = 1, .depth_clip = true,
                                       .line_width = 1.0f, .point_size = 1.0f };
      assert_int_equal(o->create_rasterizer(ctx, 5, &r), GV_OK);
      assert_int_equal(o->bind_object(ctx, GV_OBJ_RASTERIZER, 5), GV_OK);
      struct gv_blend_state blend = { .rt[0].colormask = 0xf };
      assert_int_equal(o->create_blend(ctx, 6, &blend), GV_OK);
      assert_int_equal(o->bind_object(ctx, GV_OBJ_BLEND, 6), GV_OK);
      struct gv_draw_info d = { .mode = 4, .count = 3, .instance_count = 1 };
      assert_int_equal(o->draw_vbo(ctx, &d), GV_OK);
      bool middle;
      unsigned n = drawn_pixels(ctx, &rt, &middle);
      if (flag)
         assert_true(n >= 16 && n < 100);
      else
         assert_int_equal(n, 0);
      assert_false(middle);
      assert_false(gv_context_errored(ctx));
      gv_context_destroy(ctx);
   }
}

/* Indirect draws: every command and count the host would read must lie
 * inside its buffer, at GL's 4-byte alignment; hostile sizes never wrap. */
static void test_indirect_draw_validation(void **state)
{
   (void)state;
   struct gv_context *ctx = gv_context_create(R, "indirect");
   const struct gv_pipe_ops *o = &ctx->ops;
   static const char fs[] = "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n"
                            "  0: MOV OUT[0], IMM[0]\n  1: END\n";
   static const char vs[] = "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n";
   struct gv_shader_chunk_info sh = { .handle = 1, .stage = 0, .total_len = sizeof(vs),
                                      .text = vs, .text_len = sizeof(vs) };
   use_vs_fs(ctx, &sh, fs, sizeof(fs));
   make(ctx, 10, GV_TARGET_BUFFER, 64, 64, 1, 1, 1, 0);   /* 4 array commands, zeros */
   make(ctx, 11, GV_TARGET_2D, 67, 8, 8, 1, 1, 0);
   surface(ctx, 12, 11, 67);
   struct gv_framebuffer_info fb = { 1, 0, { 12 } };
   assert_int_equal(o->set_framebuffer_state(ctx, &fb), GV_OK);

   struct gv_draw_info d = { .mode = 4, .instance_count = 1, .indirect_res = 10, .indirect_draw_count = 4,
                             .indirect_stride = 16 };
   if (!ctx->r->api.draw_indirect) {
      gv_context_destroy(ctx);
      skip();
   }
   assert_int_equal(o->draw_vbo(ctx, &d), GV_OK);
   d.indirect_draw_count = 5;                                  /* one past the end */
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_BOUNDS);
   d.indirect_draw_count = 0xffffffffu, d.indirect_stride = 0xfffffffcu;   /* would wrap */
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_BOUNDS);
   d.indirect_draw_count = 2, d.indirect_stride = 6;          /* not a multiple of 4 */
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_INVALID);
   d.indirect_stride = 16, d.indirect_offset = 2;             /* misaligned */
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_BOUNDS);
   d.indirect_offset = 0xfffffff0u;
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_BOUNDS);
   d.indirect_offset = 0, d.indirect_count_res = 10, d.indirect_count_offset = 64;
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_BOUNDS);        /* count past the end */
   d.indirect_count_offset = 60;
   assert_int_equal(o->draw_vbo(ctx, &d), GV_OK);
   d.indirect_count_res = 99;
   assert_true(o->draw_vbo(ctx, &d) < 0);                     /* no such buffer */
   d.indirect_count_res = 0, d.indirect_res = 98;
   assert_true(o->draw_vbo(ctx, &d) < 0);
   d.indirect_res = 10, d.indexed = true;                    /* no index buffer */
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_INVALID);
   assert_int_equal(o->set_index_buffer(ctx, 10, 4, 4), GV_OK);
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_INVALID);       /* GL has no index offset here */
   assert_int_equal(o->set_index_buffer(ctx, 10, 4, 0), GV_OK);
   d.indirect_stride = 20, d.indirect_draw_count = 3;          /* 3 x 20 bytes fit, 4 do not */
   assert_int_equal(o->draw_vbo(ctx, &d), GV_OK);
   d.indirect_draw_count = 4;
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_BOUNDS);
   d.indirect_draw_count = 1, d.count_from_so = 64;
   assert_int_equal(o->draw_vbo(ctx, &d), GV_E_INVALID);

   /* Patches: 1..32 vertices (the host's limit at most). */
   struct gv_draw_info patches = { .mode = 14, .count = 3, .instance_count = 1, .vertices_per_patch = 0 };
   assert_int_equal(o->draw_vbo(ctx, &patches), GV_E_INVALID);
   patches.vertices_per_patch = 33;
   assert_int_equal(o->draw_vbo(ctx, &patches), GV_E_INVALID);
   /* Levels GL leaves undefined never reach the host. */
   const float levels[6] = { 2.0f, NAN, INFINITY, 3.0f, -INFINITY, 4.0f };
   assert_int_equal(o->set_tess_state(ctx, levels), GV_OK);
   const float *l = ctx->cur->draw.tess_levels;
   assert_true(l[0] == 2.0f && l[1] == 1.0f && l[2] == 1.0f && l[3] == 3.0f && l[4] == 1.0f && l[5] == 4.0f);
   gv_context_destroy(ctx);
}

/* Mesa's guest hashes the whole caps struct into its shader cache's key:
 * bytes that change from one server to the next (once a host stack pointer
 * after the renderer name) make every guest compile a cache miss. The
 * renderer field is its name and zeros. */
static void test_caps_stable(void **state)
{
   (void)state;
   const struct gv_caps_v2 *c = &R->caps;
   size_t n = strnlen(c->renderer, sizeof(c->renderer));
   assert_true(n > 0 && n < sizeof(c->renderer));
   for (size_t i = n; i < sizeof(c->renderer); i++)
      assert_int_equal(c->renderer[i], 0);
   /* What the guest gets is that struct. */
   uint8_t a[2048];
   size_t na = gv_renderer_fill_caps(R, 2, a, sizeof(a));
   assert_true(na >= offsetof(struct gv_caps_v2, renderer) + sizeof(c->renderer));
   assert_memory_equal(a + offsetof(struct gv_caps_v2, renderer), c->renderer, sizeof(c->renderer));
}

/* The GL 4.x caps follow the host: GLSL 4.00 with fp64, LOD queries and
 * RGB32 buffer textures where the host has GL 4.0, 16 viewports and GLSL
 * 4.10 with viewport arrays; a GLES host keeps the guest at GLSL 3.30. */
static void test_gl4_caps(void **state)
{
   (void)state;
   const struct gv_hostapi *api = &R->api;
   const struct gv_caps_v2 *c = &R->caps;
   const struct gv_caps_v1 *v1 = &c->v1;
   bool rgb32 = gv_format_mask_has(&v1->sampler, 30);
   assert_int_equal(rgb32, api->tex_buffer_rgb32);
   assert_int_equal(!!(v1->bset & GV_BSET_HAS_FP64), api->fp64);
   assert_int_equal(!!(v1->bset & GV_BSET_TEXTURE_QUERY_LOD), api->texture_query_lod);
   assert_int_equal(v1->max_viewports, api->viewport_array ? 16 : 1);
   if (api->gles) {
      /* LOD queries and doubles emulated; doubles leave HOST_IS_GLES out
       * (the guest would strip its double instructions): GL 4.0 on ES 3.2
       * (llvmpipe), 4.1 with OES_viewport_array; GLVIRT_ES_GL4=0: 3.3. */
      const char *es_gl4 = getenv("GLVIRT_ES_GL4");
      bool on = !(es_gl4 && es_gl4[0] == '0');
      assert_int_equal(api->fp64, on);
      assert_true(api->texture_query_lod);
      assert_int_equal(!(c->capability_bits & (1u << 19)), on);
      assert_int_equal(v1->glsl_level >= 400, api->glsl_400);
      if (api->version >= 32)
         assert_int_equal(api->glsl_400, on);
      if (api->glsl_400)
         assert_int_equal(v1->glsl_level == 410, api->viewport_array);
      else
         assert_int_equal(v1->glsl_level, 330);
   } else if (api->glsl_400) {
      assert_true(v1->glsl_level >= 400);
      assert_int_equal(v1->glsl_level >= 410, api->viewport_array && api->version >= 41);
      /* 4.30 only with what the storage buffer, image and compute paths need. */
      assert_int_equal(v1->glsl_level == 430, v1->glsl_level >= 410 && api->compute && api->base_instance);
      if (api->compute) {
         assert_true(c->capability_bits & GV_CAP_COMPUTE_SHADER);
         assert_true(c->max_shader_buffer_frag_compute >= 16);
         assert_true(c->max_shader_image_frag_compute >= 8);
         /* Atomic counters go through storage buffers: none in hardware. */
         for (int s = 0; s < 6; s++)
            assert_int_equal(c->max_atomic_counters[s], 0);
      }
   }
}

int main(void)
{
   const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gl4_caps),
      cmocka_unit_test(test_caps_stable),
      cmocka_unit_test(test_upload_readback_rgba8),
      cmocka_unit_test(test_transfer_rejects_bad_boxes),
      cmocka_unit_test(test_resource_validation),
      cmocka_unit_test(test_clear_and_blit),
      cmocka_unit_test(test_clear_texture_and_copy),
      cmocka_unit_test(test_texture_views_and_copy_image),
      cmocka_unit_test(test_buffers),
      cmocka_unit_test(test_compute_storage),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_invalid_shader_not_kept),
      cmocka_unit_test(test_queries_and_so_targets),
      cmocka_unit_test(test_so_streams_and_overflow),
      cmocka_unit_test(test_polygon_mode_edge_flags),
      cmocka_unit_test(test_so_gaps_and_buffers),
      cmocka_unit_test(test_compressed_readback),
      cmocka_unit_test(test_indirect_draw_validation),
   };
   return cmocka_run_group_tests(tests, setup, teardown);
}
