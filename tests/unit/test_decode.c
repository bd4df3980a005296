/* Decoder tests against a recording mock of the pipe ops: field extraction,
 * length rules, stop-on-error, skipping of unsupported commands, and a
 * randomized walk that must never read outside the buffer. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "decode/decode.h"
#include "renderer/renderer.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

enum call_kind {
   K_CREATE_SUB, K_DESTROY_SUB, K_SET_SUB, K_SURFACE, K_DESTROY_OBJ, K_FB, K_FB_NO_ATTACH,
   K_CLEAR, K_CLEAR_TEXTURE, K_COPY_REGION, K_BLIT, K_TRANSFER, K_COPY_TRANSFER, K_INLINE,
   K_COUNT
};

struct call {
   enum call_kind kind;
   uint32_t id;
   union {
      struct gv_surface_info surface;
      struct gv_framebuffer_info fb;
      struct gv_framebuffer_no_attach_info no_attach;
      struct gv_clear_info clear;
      struct gv_clear_texture_info clear_texture;
      struct gv_copy_region_info copy;
      struct gv_blit_info blit;
      struct gv_transfer_info transfer;
      struct gv_copy_transfer_info copy_transfer;
      struct gv_inline_write_info inl;
   } u;
};

#define MAX_CALLS 64

struct mock {
   unsigned ncalls;                /* all calls, even those not recorded */
   struct call calls[MAX_CALLS];
   int ret[K_COUNT];               /* what each op returns */
   uint32_t data_sum;              /* touches every inline byte so ASan sees over-reads */
};

static struct call *record(struct mock *m, enum call_kind kind)
{
   static struct call scratch;
   unsigned i = m->ncalls++;
   struct call *c = i < MAX_CALLS ? &m->calls[i] : &scratch;
   memset(c, 0, sizeof(*c));
   c->kind = kind;
   return c;
}

static int m_create_sub(void *p, uint32_t id)
{
   struct mock *m = p;
   record(m, K_CREATE_SUB)->id = id;
   return m->ret[K_CREATE_SUB];
}

static int m_destroy_sub(void *p, uint32_t id)
{
   struct mock *m = p;
   record(m, K_DESTROY_SUB)->id = id;
   return m->ret[K_DESTROY_SUB];
}

static int m_set_sub(void *p, uint32_t id)
{
   struct mock *m = p;
   record(m, K_SET_SUB)->id = id;
   return m->ret[K_SET_SUB];
}

static int m_surface(void *p, const struct gv_surface_info *info)
{
   struct mock *m = p;
   record(m, K_SURFACE)->u.surface = *info;
   return m->ret[K_SURFACE];
}

static int m_destroy_obj(void *p, uint32_t handle)
{
   struct mock *m = p;
   record(m, K_DESTROY_OBJ)->id = handle;
   return m->ret[K_DESTROY_OBJ];
}

static int m_fb(void *p, const struct gv_framebuffer_info *info)
{
   struct mock *m = p;
   record(m, K_FB)->u.fb = *info;
   return m->ret[K_FB];
}

static int m_fb_no_attach(void *p, const struct gv_framebuffer_no_attach_info *info)
{
   struct mock *m = p;
   record(m, K_FB_NO_ATTACH)->u.no_attach = *info;
   return m->ret[K_FB_NO_ATTACH];
}

static int m_clear(void *p, const struct gv_clear_info *info)
{
   struct mock *m = p;
   record(m, K_CLEAR)->u.clear = *info;
   return m->ret[K_CLEAR];
}

static int m_clear_texture(void *p, const struct gv_clear_texture_info *info)
{
   struct mock *m = p;
   record(m, K_CLEAR_TEXTURE)->u.clear_texture = *info;
   return m->ret[K_CLEAR_TEXTURE];
}

static int m_copy_region(void *p, const struct gv_copy_region_info *info)
{
   struct mock *m = p;
   record(m, K_COPY_REGION)->u.copy = *info;
   return m->ret[K_COPY_REGION];
}

static int m_blit(void *p, const struct gv_blit_info *info)
{
   struct mock *m = p;
   record(m, K_BLIT)->u.blit = *info;
   return m->ret[K_BLIT];
}

static int m_transfer(void *p, const struct gv_transfer_info *info)
{
   struct mock *m = p;
   record(m, K_TRANSFER)->u.transfer = *info;
   return m->ret[K_TRANSFER];
}

static int m_copy_transfer(void *p, const struct gv_copy_transfer_info *info)
{
   struct mock *m = p;
   record(m, K_COPY_TRANSFER)->u.copy_transfer = *info;
   return m->ret[K_COPY_TRANSFER];
}

static int m_inline(void *p, const struct gv_inline_write_info *info)
{
   struct mock *m = p;
   record(m, K_INLINE)->u.inl = *info;
   const unsigned char *bytes = info->data;
   for (uint32_t i = 0; i < info->size; i++)
      m->data_sum += bytes[i];
   return m->ret[K_INLINE];
}

static const struct gv_pipe_ops mock_ops = {
   .create_sub_ctx = m_create_sub,
   .destroy_sub_ctx = m_destroy_sub,
   .set_sub_ctx = m_set_sub,
   .create_surface = m_surface,
   .destroy_object = m_destroy_obj,
   .set_framebuffer_state = m_fb,
   .set_framebuffer_no_attach = m_fb_no_attach,
   .clear = m_clear,
   .clear_texture = m_clear_texture,
   .resource_copy_region = m_copy_region,
   .blit = m_blit,
   .transfer3d = m_transfer,
   .copy_transfer3d = m_copy_transfer,
   .inline_write = m_inline,
};

/* ---- buffer building ---- */

struct buf {
   uint32_t d[2048];
   size_t n;
};

static void put(struct buf *b, uint32_t v)
{
   assert_true(b->n < sizeof(b->d) / sizeof(b->d[0]));
   b->d[b->n++] = v;
}

static void put_cmd(struct buf *b, uint32_t op, uint32_t obj, const uint32_t *payload, size_t len)
{
   put(b, GV_CMD_HEADER(op, obj, len));
   for (size_t i = 0; i < len; i++)
      put(b, payload[i]);
}

#define CMD(b, op, obj, ...) \
   put_cmd((b), (op), (obj), (const uint32_t[]){ __VA_ARGS__ }, \
           sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

struct fixture {
   struct mock mock;
   struct gv_decoder dec;
   uint32_t *last_copy;   /* heap copy of the last submitted buffer, exact size */
};

static int setup(void **state)
{
   struct fixture *f = calloc(1, sizeof(*f));
   assert_non_null(f);
   gv_decoder_init(&f->dec, &mock_ops, &f->mock);
   *state = f;
   return 0;
}

static int teardown(void **state)
{
   struct fixture *f = *state;
   free(f->last_copy);
   free(f);
   return 0;
}

/* Submits an exactly sized heap copy, so that any read past the end is an
 * ASan error rather than a read of the rest of the struct. */
static int submit(struct fixture *f, const struct buf *b)
{
   free(f->last_copy);
   f->last_copy = malloc(b->n ? b->n * sizeof(uint32_t) : 1);
   assert_non_null(f->last_copy);
   memcpy(f->last_copy, b->d, b->n * sizeof(uint32_t));
   return gv_decode_submit(&f->dec, f->last_copy, b->n);
}

static uint32_t f32(float v)
{
   uint32_t u;
   memcpy(&u, &v, sizeof(u));
   return u;
}

/* ---- per-command decoding ---- */

static void test_sub_ctx(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_CREATE_SUB_CTX, 0, 3);
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 3);
   CMD(&b, GV_CCMD_DESTROY_SUB_CTX, 0, 0xffffffffu);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 3);
   assert_int_equal(f->mock.calls[0].kind, K_CREATE_SUB);
   assert_int_equal(f->mock.calls[0].id, 3);
   assert_int_equal(f->mock.calls[1].kind, K_SET_SUB);
   assert_int_equal(f->mock.calls[1].id, 3);
   assert_int_equal(f->mock.calls[2].kind, K_DESTROY_SUB);
   assert_int_equal(f->mock.calls[2].id, 0xffffffffu);
   assert_int_equal(f->dec.commands, 3);
   assert_int_equal(f->dec.errors, 0);
}

static void test_create_surface(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_CREATE_OBJECT, GV_OBJ_SURFACE, 5, 8, 67, 2, 0x00070003u);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 1);
   const struct gv_surface_info *s = &f->mock.calls[0].u.surface;
   assert_int_equal(f->mock.calls[0].kind, K_SURFACE);
   assert_int_equal(s->handle, 5);
   assert_int_equal(s->res, 8);
   assert_int_equal(s->format, 67);
   assert_int_equal(s->level, 2);
   assert_int_equal(s->first_layer, 3);
   assert_int_equal(s->last_layer, 7);
}

static void test_create_surface_handle0(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_CREATE_OBJECT, GV_OBJ_SURFACE, 0, 8, 67, 0, 0);
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
   assert_true(submit(f, &b) < 0);
   assert_int_equal(f->mock.ncalls, 0);
   assert_int_equal(f->dec.errors, 1);
}

static void test_destroy_object(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   /* Unknown handles are expected (objects of skipped types): not an error. */
   f->mock.ret[K_DESTROY_OBJ] = GV_E_HANDLE;
   CMD(&b, GV_CCMD_DESTROY_OBJECT, GV_OBJ_BLEND, 12);
   CMD(&b, GV_CCMD_DESTROY_OBJECT, GV_OBJ_SHADER, 13);
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 3);
   assert_int_equal(f->mock.calls[0].kind, K_DESTROY_OBJ);
   assert_int_equal(f->mock.calls[0].id, 12);
   assert_int_equal(f->mock.calls[1].id, 13);
   assert_int_equal(f->mock.calls[2].kind, K_SET_SUB);
   assert_int_equal(f->dec.errors, 0);

   /* Any other failure stops the buffer. */
   f->mock.ncalls = 0;
   f->mock.ret[K_DESTROY_OBJ] = GV_E_NOMEM;
   assert_int_equal(submit(f, &b), GV_E_NOMEM);
   assert_int_equal(f->mock.ncalls, 1);
   assert_int_equal(f->dec.errors, 1);
}

static void test_framebuffer_holes(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_SET_FRAMEBUFFER_STATE, 0, 3, 5, 7, 0, 9);
   CMD(&b, GV_CCMD_SET_FRAMEBUFFER_STATE, 0, 0, 0);
   CMD(&b, GV_CCMD_SET_FRAMEBUFFER_STATE, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 3);
   const struct gv_framebuffer_info *fb = &f->mock.calls[0].u.fb;
   assert_int_equal(fb->nr_cbufs, 3);
   assert_int_equal(fb->zsurf, 5);
   assert_int_equal(fb->cbufs[0], 7);
   assert_int_equal(fb->cbufs[1], 0);
   assert_int_equal(fb->cbufs[2], 9);
   assert_int_equal(fb->cbufs[3], 0);
   fb = &f->mock.calls[1].u.fb;
   assert_int_equal(fb->nr_cbufs, 0);
   assert_int_equal(fb->zsurf, 0);
   fb = &f->mock.calls[2].u.fb;
   assert_int_equal(fb->nr_cbufs, 8);
   assert_int_equal(fb->zsurf, 1);
   for (uint32_t i = 0; i < 8; i++)
      assert_int_equal(fb->cbufs[i], 2 + i);
}

static void test_framebuffer_too_many(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_SET_FRAMEBUFFER_STATE, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
   assert_int_equal(submit(f, &b), GV_E_INVALID);
   assert_int_equal(f->mock.ncalls, 0);

   /* nr_cbufs disagreeing with L. */
   b.n = 0;
   CMD(&b, GV_CCMD_SET_FRAMEBUFFER_STATE, 0, 2, 1, 2);
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
   assert_int_equal(submit(f, &b), GV_E_INVALID);
   assert_int_equal(f->mock.ncalls, 0);

   /* A huge nr_cbufs must not wrap the 2 + nr_cbufs length. */
   b.n = 0;
   CMD(&b, GV_CCMD_SET_FRAMEBUFFER_STATE, 0, 0xfffffffeu, 0);
   assert_int_equal(submit(f, &b), GV_E_INVALID);
   assert_int_equal(f->mock.ncalls, 0);
   assert_int_equal(f->dec.errors, 3);
}

static void test_fb_no_attach(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_SET_FRAMEBUFFER_STATE_NO_ATTACH, 0, 0x012C0100u, 0xff040006u);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 1);
   const struct gv_framebuffer_no_attach_info *na = &f->mock.calls[0].u.no_attach;
   assert_int_equal(na->width, 0x100);
   assert_int_equal(na->height, 0x12C);
   assert_int_equal(na->layers, 6);
   assert_int_equal(na->samples, 4);
}

static void test_clear(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_CLEAR, 0, 7, f32(0.25f), f32(0.5f), f32(-1.0f), f32(1.0f),
       0x00000000u, 0x3FF00000u, 0x80);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 1);
   const struct gv_clear_info *c = &f->mock.calls[0].u.clear;
   assert_int_equal(c->buffers, 7);
   assert_true(c->color.f[0] == 0.25f);
   assert_true(c->color.f[1] == 0.5f);
   assert_true(c->color.f[2] == -1.0f);
   assert_true(c->color.f[3] == 1.0f);
   assert_true(c->depth == 1.0);
   assert_int_equal(c->stencil, 0x80);

   /* Integer colors pass through bit-exactly, and the low depth dword matters. */
   b.n = 0;
   f->mock.ncalls = 0;
   CMD(&b, GV_CCMD_CLEAR, 0, 4, 0xffffffffu, 0x80000000u, 1, 0, 0x9999999Au, 0x3FB99999u, 0);
   assert_int_equal(submit(f, &b), GV_OK);
   c = &f->mock.calls[0].u.clear;
   assert_int_equal(c->color.i[0], -1);
   assert_int_equal(c->color.u[1], 0x80000000u);
   assert_true(c->depth == 0.1);
}

static void test_clear_texture(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_CLEAR_TEXTURE, 0, 4, 1, 2, 3, 0, 16, 8, 1, 0xAABBCCDDu, 1, 2, 3);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 1);
   const struct gv_clear_texture_info *c = &f->mock.calls[0].u.clear_texture;
   assert_int_equal(c->res, 4);
   assert_int_equal(c->level, 1);
   assert_int_equal(c->box.x, 2);
   assert_int_equal(c->box.y, 3);
   assert_int_equal(c->box.z, 0);
   assert_int_equal(c->box.w, 16);
   assert_int_equal(c->box.h, 8);
   assert_int_equal(c->box.d, 1);
   assert_int_equal(c->data[0], 0xAABBCCDDu);
   assert_int_equal(c->data[1], 1);
   assert_int_equal(c->data[2], 2);
   assert_int_equal(c->data[3], 3);
}

static void test_copy_region(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_RESOURCE_COPY_REGION, 0, 10, 1, 4, 5, 6, 11, 2, 7, 8, 9, 32, 16, 2);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 1);
   const struct gv_copy_region_info *c = &f->mock.calls[0].u.copy;
   assert_int_equal(c->dst_res, 10);
   assert_int_equal(c->dst_level, 1);
   assert_int_equal(c->dst_x, 4);
   assert_int_equal(c->dst_y, 5);
   assert_int_equal(c->dst_z, 6);
   assert_int_equal(c->src_res, 11);
   assert_int_equal(c->src_level, 2);
   assert_int_equal(c->src_box.x, 7);
   assert_int_equal(c->src_box.y, 8);
   assert_int_equal(c->src_box.z, 9);
   assert_int_equal(c->src_box.w, 32);
   assert_int_equal(c->src_box.h, 16);
   assert_int_equal(c->src_box.d, 2);
}

static void test_blit(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   /* mask RGBA|Z, linear, scissor, render condition, alpha blend. */
   uint32_t s0 = 0x1f | (1u << 8) | (1u << 10) | (1u << 11) | (1u << 12);
   CMD(&b, GV_CCMD_BLIT, 0, s0, 0x00020001u, 0x001F001Eu,
       7, 0, 67, 0, 0, 0, 128, 96, 1,
       8, 1, 68, 0, 32, 0, 32, (uint32_t)-32, 1);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 1);
   const struct gv_blit_info *bl = &f->mock.calls[0].u.blit;
   assert_int_equal(bl->mask, 0x1f);
   assert_int_equal(bl->filter, 1);
   assert_int_equal(bl->scissor_enable, 1);
   assert_int_equal(bl->render_condition_enable, 1);
   assert_int_equal(bl->alpha_blend, 1);
   assert_int_equal(bl->scissor_minx, 1);
   assert_int_equal(bl->scissor_miny, 2);
   assert_int_equal(bl->scissor_maxx, 0x1E);
   assert_int_equal(bl->scissor_maxy, 0x1F);
   assert_int_equal(bl->dst.res, 7);
   assert_int_equal(bl->dst.level, 0);
   assert_int_equal(bl->dst.format, 67);
   assert_int_equal(bl->dst.box.w, 128);
   assert_int_equal(bl->dst.box.h, 96);
   assert_int_equal(bl->dst.box.d, 1);
   assert_int_equal(bl->src.res, 8);
   assert_int_equal(bl->src.level, 1);
   assert_int_equal(bl->src.format, 68);
   assert_int_equal(bl->src.box.x, 0);
   assert_int_equal(bl->src.box.y, 32);
   assert_int_equal(bl->src.box.w, 32);
   assert_true(bl->src.box.h == -32);
   assert_int_equal(bl->src.box.d, 1);

   /* Only the documented S0 bits reach the fields. */
   b.n = 0;
   f->mock.ncalls = 0;
   CMD(&b, GV_CCMD_BLIT, 0, 0xfffff30fu, 0, 0, 0, 0, 0, 0x80000000u, 0, 0, 0, 0, 0,
       0, 0, 0, 0, 0, 0, 0, 0, 0);
   assert_int_equal(submit(f, &b), GV_OK);
   bl = &f->mock.calls[0].u.blit;
   assert_int_equal(bl->mask, 0x0f);
   assert_int_equal(bl->filter, 3);
   assert_int_equal(bl->scissor_enable, 0);
   assert_int_equal(bl->render_condition_enable, 0);
   assert_int_equal(bl->alpha_blend, 1);
   assert_true(bl->dst.box.x == INT32_MIN);
}

static void test_transfer3d(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_TRANSFER3D, 0, 3, 0, 10, 0, 0, 0, 0, 0, 25392, 1, 1, 0xfffffff0u, 1);
   CMD(&b, GV_CCMD_TRANSFER3D, 0, 4, 2, 0x2, 256, 4096, 1, 2, 3, 4, 5, 6, 7, 2);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 2);
   const struct gv_transfer_info *t = &f->mock.calls[0].u.transfer;
   assert_int_equal(t->res, 3);
   assert_int_equal(t->level, 0);
   assert_int_equal(t->stride, 0);
   assert_int_equal(t->layer_stride, 0);
   assert_int_equal(t->box.w, 25392);
   assert_int_equal(t->box.h, 1);
   assert_int_equal(t->box.d, 1);
   assert_int_equal(t->offset, 0xfffffff0u);
   assert_int_equal(t->direction, GV_TRANSFER_TO_HOST);
   t = &f->mock.calls[1].u.transfer;
   assert_int_equal(t->res, 4);
   assert_int_equal(t->level, 2);
   assert_int_equal(t->stride, 256);
   assert_int_equal(t->layer_stride, 4096);
   assert_int_equal(t->box.x, 1);
   assert_int_equal(t->box.y, 2);
   assert_int_equal(t->box.z, 3);
   assert_int_equal(t->box.w, 4);
   assert_int_equal(t->box.h, 5);
   assert_int_equal(t->box.d, 6);
   assert_int_equal(t->offset, 7);
   assert_int_equal(t->direction, GV_TRANSFER_FROM_HOST);
}

static void test_copy_transfer3d(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_COPY_TRANSFER3D, 0, 12, 0, 10, 16, 64, 2, 2, 0, 4, 4, 1, 13, 96, 1);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 1);
   const struct gv_copy_transfer_info *t = &f->mock.calls[0].u.copy_transfer;
   assert_int_equal(t->dst_res, 12);
   assert_int_equal(t->level, 0);
   assert_int_equal(t->stride, 16);
   assert_int_equal(t->layer_stride, 64);
   assert_int_equal(t->box.x, 2);
   assert_int_equal(t->box.y, 2);
   assert_int_equal(t->box.z, 0);
   assert_int_equal(t->box.w, 4);
   assert_int_equal(t->box.h, 4);
   assert_int_equal(t->box.d, 1);
   assert_int_equal(t->src_res, 13);
   assert_int_equal(t->src_offset, 96);
   assert_int_equal(t->flags, GV_COPY_TRANSFER_SYNCHRONIZED);
}

static void test_inline_write(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
   CMD(&b, GV_CCMD_RESOURCE_INLINE_WRITE, 0, 5, 1, 0x2, 0, 0, 0, 0, 0, 3, 1, 1,
       0x04030201u, 0x08070605u, 0x0c0b0a09u);
   CMD(&b, GV_CCMD_RESOURCE_INLINE_WRITE, 0, 6, 0, 0, 8, 16, 1, 2, 0, 0, 0, 0);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 3);
   const struct gv_inline_write_info *w = &f->mock.calls[1].u.inl;
   assert_int_equal(w->res, 5);
   assert_int_equal(w->level, 1);
   assert_int_equal(w->stride, 0);
   assert_int_equal(w->layer_stride, 0);
   assert_int_equal(w->box.w, 3);
   assert_int_equal(w->box.h, 1);
   assert_int_equal(w->box.d, 1);
   assert_int_equal(w->size, 12);
   /* The data is the payload itself (dw12 onwards), not a copy. */
   assert_ptr_equal(w->data, f->last_copy + 2 + 12);
   const unsigned char *bytes = w->data;
   for (unsigned i = 0; i < 12; i++)
      assert_int_equal(bytes[i], i + 1);

   w = &f->mock.calls[2].u.inl;
   assert_int_equal(w->res, 6);
   assert_int_equal(w->stride, 8);
   assert_int_equal(w->layer_stride, 16);
   assert_int_equal(w->box.x, 1);
   assert_int_equal(w->box.y, 2);
   assert_int_equal(w->size, 0);
}

/* ---- length rules ---- */

struct len_case {
   uint32_t op, obj, good;
   uint32_t bad[3];
   unsigned nbad;
};

static void test_wrong_lengths(void **state)
{
   struct fixture *f = *state;
   static const struct len_case cases[] = {
      { GV_CCMD_CREATE_SUB_CTX, 0, 1, { 0, 2 }, 2 },
      { GV_CCMD_SET_SUB_CTX, 0, 1, { 0, 2 }, 2 },
      { GV_CCMD_DESTROY_SUB_CTX, 0, 1, { 0, 2 }, 2 },
      { GV_CCMD_CREATE_OBJECT, GV_OBJ_SURFACE, 5, { 0, 4, 6 }, 3 },
      { GV_CCMD_DESTROY_OBJECT, GV_OBJ_SURFACE, 1, { 0, 2 }, 2 },
      { GV_CCMD_SET_FRAMEBUFFER_STATE, 0, 2, { 0, 1, 3 }, 3 },
      { GV_CCMD_SET_FRAMEBUFFER_STATE_NO_ATTACH, 0, 2, { 0, 1, 3 }, 3 },
      { GV_CCMD_CLEAR, 0, 8, { 0, 7, 9 }, 3 },
      { GV_CCMD_CLEAR_TEXTURE, 0, 12, { 0, 11, 13 }, 3 },
      { GV_CCMD_RESOURCE_COPY_REGION, 0, 13, { 0, 12, 14 }, 3 },
      { GV_CCMD_BLIT, 0, 21, { 0, 20, 22 }, 3 },
      { GV_CCMD_TRANSFER3D, 0, 13, { 0, 12, 14 }, 3 },
      { GV_CCMD_COPY_TRANSFER3D, 0, 14, { 0, 13, 15 }, 3 },
      { GV_CCMD_RESOURCE_INLINE_WRITE, 0, 11, { 0, 1, 10 }, 3 },
   };

   for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
      const struct len_case *lc = &cases[i];
      for (unsigned k = 0; k < lc->nbad; k++) {
         struct buf b = { .n = 0 };
         /* Payload dwords of 1 make handles non-zero and nr_cbufs = 1, so the
          * length is the only thing wrong. */
         put(&b, GV_CMD_HEADER(lc->op, lc->obj, lc->bad[k]));
         for (uint32_t j = 0; j < lc->bad[k]; j++)
            put(&b, lc->op == GV_CCMD_SET_FRAMEBUFFER_STATE ? 0 : 1);
         CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
         f->mock.ncalls = 0;
         uint32_t errors = f->dec.errors;
         int ret = submit(f, &b);
         if (ret != GV_E_INVALID || f->mock.ncalls != 0)
            fail_msg("%s with L=%u: ret %d, %u calls", gv_ccmd_name(lc->op), lc->bad[k],
                     ret, f->mock.ncalls);
         assert_int_equal(f->dec.errors, errors + 1);
      }
      /* The good length of the same command is accepted. */
      struct buf b = { .n = 0 };
      put(&b, GV_CMD_HEADER(lc->op, lc->obj, lc->good));
      for (uint32_t j = 0; j < lc->good; j++)
         put(&b, lc->op == GV_CCMD_SET_FRAMEBUFFER_STATE ? 0 : 1);
      f->mock.ncalls = 0;
      if (submit(f, &b) != GV_OK || f->mock.ncalls != 1)
         fail_msg("%s with L=%u rejected", gv_ccmd_name(lc->op), lc->good);
   }
}

/* ---- buffer walking ---- */

static void test_overrun(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
   put(&b, GV_CMD_HEADER(GV_CCMD_CLEAR, 0, 8));
   put(&b, 1);
   put(&b, 2);
   assert_int_equal(submit(f, &b), GV_E_BOUNDS);
   assert_int_equal(f->mock.ncalls, 1);
   assert_int_equal(f->dec.errors, 1);

   /* Also for skipped commands and for a header that is the last dword. */
   b.n = 0;
   put(&b, GV_CMD_HEADER(GV_CCMD_END_TRANSFERS, 0, 1));
   assert_int_equal(submit(f, &b), GV_E_BOUNDS);
   b.n = 0;
   put(&b, GV_CMD_HEADER(GV_CCMD_DRAW_VBO, 0, 0xffff));
   for (int i = 0; i < 100; i++)
      put(&b, 0);
   assert_int_equal(submit(f, &b), GV_E_BOUNDS);
   assert_int_equal(f->dec.errors, 3);
}

static void test_empty(void **state)
{
   struct fixture *f = *state;
   uint32_t one = 0;
   assert_int_equal(gv_decode_submit(&f->dec, NULL, 0), GV_OK);
   assert_int_equal(gv_decode_submit(&f->dec, &one, 0), GV_OK);
   assert_int_equal(f->mock.ncalls, 0);
   assert_int_equal(f->dec.errors, 0);
   assert_int_equal(f->dec.commands, 0);
}

static void test_nops(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   for (int i = 0; i < 16; i++)
      put(&b, GV_CMD_HEADER(GV_CCMD_NOP, 0, 0));
   CMD(&b, GV_CCMD_NOP, 0, 0xdeadbeefu, GV_CMD_HEADER(GV_CCMD_CLEAR, 0, 8));
   put(&b, GV_CMD_HEADER(GV_CCMD_END_TRANSFERS, 0, 0));
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 0);
   assert_int_equal(f->dec.commands, 18);
}

static void test_unknown_opcode(void **state)
{
   struct fixture *f = *state;
   static const uint32_t bad_ops[] = { GV_CCMD_COUNT, 100, 255 };
   for (size_t i = 0; i < sizeof(bad_ops) / sizeof(bad_ops[0]); i++) {
      struct buf b = { .n = 0 };
      CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
      CMD(&b, bad_ops[i], 0, 1);
      CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 2);
      f->mock.ncalls = 0;
      assert_int_equal(submit(f, &b), GV_E_INVALID);
      assert_int_equal(f->mock.ncalls, 1);
   }
   assert_int_equal(f->dec.errors, 3);
}

static void test_unknown_object_type(void **state)
{
   struct fixture *f = *state;
   static const uint32_t bad_types[] = { GV_OBJ_NULL, GV_OBJ_COUNT, 0xff };
   for (size_t i = 0; i < sizeof(bad_types) / sizeof(bad_types[0]); i++) {
      struct buf b = { .n = 0 };
      CMD(&b, GV_CCMD_CREATE_OBJECT, bad_types[i], 5, 8, 67, 0, 0);
      CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 2);
      f->mock.ncalls = 0;
      assert_int_equal(submit(f, &b), GV_E_INVALID);
      assert_int_equal(f->mock.ncalls, 0);
   }
}

/* Queries have their own recorder: field extraction and length rules. */
static struct {
   struct gv_query_info create;
   struct gv_query_qbo_info qbo;
   uint32_t begin, end, result, cond;
   bool wait, condition;
   uint32_t mode;
   int calls;
} qrec;

static int q_create(void *p, const struct gv_query_info *i) { (void)p; qrec.create = *i; qrec.calls++; return GV_OK; }
static int q_begin(void *p, uint32_t h) { (void)p; qrec.begin = h; qrec.calls++; return GV_OK; }
static int q_end(void *p, uint32_t h) { (void)p; qrec.end = h; qrec.calls++; return GV_OK; }
static int q_result(void *p, uint32_t h, bool w) { (void)p; qrec.result = h; qrec.wait = w; qrec.calls++; return GV_OK; }
static int q_qbo(void *p, const struct gv_query_qbo_info *i) { (void)p; qrec.qbo = *i; qrec.calls++; return GV_OK; }
static int q_cond(void *p, uint32_t h, bool c, uint32_t m)
{
   (void)p;
   qrec.cond = h, qrec.condition = c, qrec.mode = m;
   qrec.calls++;
   return GV_OK;
}

static void test_queries(void **state)
{
   (void)state;
   static const struct gv_pipe_ops qops = { .create_query = q_create, .begin_query = q_begin,
                                            .end_query = q_end, .get_query_result = q_result,
                                            .get_query_result_qbo = q_qbo,
                                            .set_render_condition = q_cond };
   struct gv_decoder dec;
   gv_decoder_init(&dec, &qops, NULL);
   memset(&qrec, 0, sizeof(qrec));
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_CREATE_OBJECT, GV_OBJ_QUERY, 13, 5 | (2u << 16), 0, 11);
   CMD(&b, GV_CCMD_BEGIN_QUERY, 0, 13);
   CMD(&b, GV_CCMD_END_QUERY, 0, 13);
   CMD(&b, GV_CCMD_GET_QUERY_RESULT, 0, 13, 1);
   CMD(&b, GV_CCMD_GET_QUERY_RESULT_QBO, 0, 13, 7, 0, 3, 16, 0xffffffffu);
   CMD(&b, GV_CCMD_SET_RENDER_CONDITION, 0, 13, 1, 2);
   assert_int_equal(gv_decode_submit(&dec, b.d, b.n), GV_OK);
   assert_int_equal(qrec.calls, 6);
   assert_int_equal(qrec.create.handle, 13);
   assert_int_equal(qrec.create.type, 5);
   assert_int_equal(qrec.create.index, 2);
   assert_int_equal(qrec.create.res, 11);
   assert_int_equal(qrec.begin, 13);
   assert_int_equal(qrec.end, 13);
   assert_true(qrec.wait);
   assert_int_equal(qrec.qbo.res, 7);
   assert_int_equal(qrec.qbo.result_type, 3);
   assert_int_equal(qrec.qbo.offset, 16);
   assert_int_equal(qrec.qbo.index, -1);
   assert_true(qrec.condition);
   assert_int_equal(qrec.mode, 2);

   /* Every query command has an exact length. */
   static const uint32_t bad[][3] = {
      { GV_CCMD_CREATE_OBJECT, GV_OBJ_QUERY, 3 }, { GV_CCMD_BEGIN_QUERY, 0, 2 },
      { GV_CCMD_END_QUERY, 0, 0 }, { GV_CCMD_GET_QUERY_RESULT, 0, 1 },
      { GV_CCMD_GET_QUERY_RESULT_QBO, 0, 5 }, { GV_CCMD_SET_RENDER_CONDITION, 0, 4 },
   };
   for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
      struct buf e = { .n = 0 };
      uint32_t words[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
      put_cmd(&e, bad[i][0], bad[i][1], words, bad[i][2]);
      assert_int_equal(gv_decode_submit(&dec, e.d, e.n), GV_E_INVALID);
   }
}

/* CREATE_OBJECT(SAMPLER_VIEW): with VIRGL_CAP_TEXTURE_VIEW the top byte of
 * the format dword is the view's own target (0 = the resource's). */
static struct gv_sampler_view_info vrec;
static int v_create(void *p, const struct gv_sampler_view_info *i)
{
   (void)p;
   vrec = *i;
   return GV_OK;
}

static void test_sampler_view_target(void **state)
{
   (void)state;
   static const struct gv_pipe_ops vops = { .create_sampler_view = v_create };
   struct gv_decoder dec;
   gv_decoder_init(&dec, &vops, NULL);
   struct buf b = { .n = 0 };
   /* A 2D view (target 2) of layer 3 of a 2D array, levels 1..4, RGBA8 as format 67. */
   CMD(&b, GV_CCMD_CREATE_OBJECT, GV_OBJ_SAMPLER_VIEW, 9, 4, 67u | (2u << 24), 3u | (3u << 16),
       1u | (4u << 8), 0u | (1u << 3) | (2u << 6) | (5u << 9));
   assert_int_equal(gv_decode_submit(&dec, b.d, b.n), GV_OK);
   assert_int_equal(vrec.handle, 9);
   assert_int_equal(vrec.res, 4);
   assert_int_equal(vrec.format, 67);
   assert_int_equal(vrec.target, GV_TARGET_2D);
   assert_int_equal(vrec.first_layer, 3);
   assert_int_equal(vrec.last_layer, 3);
   assert_int_equal(vrec.first_level, 1);
   assert_int_equal(vrec.last_level, 4);
   assert_int_equal(vrec.swizzle[3], 5);
}

/* DRAW_VBO and the GL 4.0 state commands have their own recorder. */
static struct {
   struct gv_draw_info draw;
   uint32_t min_samples;
   float tess[6];
   int calls;
} drec;

static int d_draw(void *p, const struct gv_draw_info *i) { (void)p; drec.draw = *i; drec.calls++; return GV_OK; }
static int d_min_samples(void *p, uint32_t n) { (void)p; drec.min_samples = n; drec.calls++; return GV_OK; }
static int d_tess(void *p, const float l[6])
{
   (void)p;
   memcpy(drec.tess, l, sizeof(drec.tess));
   drec.calls++;
   return GV_OK;
}

static void test_draw_fields(void **state)
{
   (void)state;
   static const struct gv_pipe_ops dops = { .draw_vbo = d_draw, .set_min_samples = d_min_samples,
                                            .set_tess_state = d_tess };
   struct gv_decoder dec;
   gv_decoder_init(&dec, &dops, NULL);
   memset(&drec, 0, sizeof(drec));
   struct buf b = { .n = 0 };
   /* Indirect: 20 dwords, the last six naming the command and count buffers. */
   CMD(&b, GV_CCMD_DRAW_VBO, 0, 0, 0, 4, 1, 1, 0, 0, 0, 0, 0, 0xffffffffu, 0, 3, 0, 7, 32, 20, 5, 12, 9);
   assert_int_equal(gv_decode_submit(&dec, b.d, b.n), GV_OK);
   assert_int_equal(drec.calls, 1);
   assert_true(drec.draw.indexed);
   assert_int_equal(drec.draw.vertices_per_patch, 3);
   assert_int_equal(drec.draw.indirect_res, 7);
   assert_int_equal(drec.draw.indirect_offset, 32);
   assert_int_equal(drec.draw.indirect_stride, 20);
   assert_int_equal(drec.draw.indirect_draw_count, 5);
   assert_int_equal(drec.draw.indirect_count_offset, 12);
   assert_int_equal(drec.draw.indirect_count_res, 9);
   /* A 14-dword draw has no indirect part; other lengths are refused. */
   b.n = 0;
   CMD(&b, GV_CCMD_DRAW_VBO, 0, 0, 3, 14, 0, 1, 0, 0, 0, 0, 0, 0xffffffffu, 0, 4, 0);
   assert_int_equal(gv_decode_submit(&dec, b.d, b.n), GV_OK);
   assert_int_equal(drec.draw.indirect_res, 0);
   assert_int_equal(drec.draw.indirect_count_res, 0);
   assert_int_equal(drec.draw.vertices_per_patch, 4);
   static const uint32_t bad_len[] = { 11, 13, 15, 19, 21 };
   for (size_t i = 0; i < sizeof(bad_len) / sizeof(bad_len[0]); i++) {
      struct buf e = { .n = 0 };
      uint32_t words[21] = { 0 };
      put_cmd(&e, GV_CCMD_DRAW_VBO, 0, words, bad_len[i]);
      assert_int_equal(gv_decode_submit(&dec, e.d, e.n), GV_E_INVALID);
   }
   assert_int_equal(drec.calls, 2);

   /* SET_MIN_SAMPLES: one count; SET_TESS_STATE: outer[4], inner[2] as floats. */
   b.n = 0;
   CMD(&b, GV_CCMD_SET_MIN_SAMPLES, 0, 4);
   CMD(&b, GV_CCMD_SET_TESS_STATE, 0, 0x3f800000u, 0x40000000u, 0x40400000u, 0x40800000u, 0x40a00000u,
       0x7fc00000u);
   assert_int_equal(gv_decode_submit(&dec, b.d, b.n), GV_OK);
   assert_int_equal(drec.min_samples, 4);
   assert_true(drec.tess[0] == 1.0f && drec.tess[3] == 4.0f && drec.tess[4] == 5.0f);
   assert_true(drec.tess[5] != drec.tess[5]);   /* NaN passes the decoder; the renderer replaces it */
   static const uint32_t bad[][2] = { { GV_CCMD_SET_MIN_SAMPLES, 0 }, { GV_CCMD_SET_MIN_SAMPLES, 2 },
                                      { GV_CCMD_SET_TESS_STATE, 5 }, { GV_CCMD_SET_TESS_STATE, 7 } };
   for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
      struct buf e = { .n = 0 };
      uint32_t words[8] = { 0 };
      put_cmd(&e, bad[i][0], 0, words, bad[i][1]);
      assert_int_equal(gv_decode_submit(&dec, e.d, e.n), GV_E_INVALID);
   }
   assert_int_equal(drec.calls, 4);
}

/* SET_SHADER_BUFFERS / SET_SHADER_IMAGES / LAUNCH_GRID / barriers: fields
 * in order, slot counts from the length, malformed lengths refused, and
 * SET_ATOMIC_BUFFERS accepted only while it binds nothing. */
static struct {
   uint32_t calls, stage, start, count, barrier;
   struct gv_shader_buffer_info b[GV_MAX_SHADER_BUFFERS];
   struct gv_shader_image_info im[GV_MAX_SHADER_IMAGES];
   struct gv_launch_grid_info grid;
} crec;

static int c_buffers(void *p, uint32_t stage, uint32_t start, uint32_t n, const struct gv_shader_buffer_info *b)
{
   (void)p;
   crec.calls++, crec.stage = stage, crec.start = start, crec.count = n;
   memcpy(crec.b, b, n * sizeof(*b));
   return GV_OK;
}

static int c_images(void *p, uint32_t stage, uint32_t start, uint32_t n, const struct gv_shader_image_info *im)
{
   (void)p;
   crec.calls++, crec.stage = stage, crec.start = start, crec.count = n;
   memcpy(crec.im, im, n * sizeof(*im));
   return GV_OK;
}

static int c_barrier(void *p, uint32_t flags) { (void)p; crec.calls++, crec.barrier = flags; return GV_OK; }
static int c_grid(void *p, const struct gv_launch_grid_info *g) { (void)p; crec.calls++, crec.grid = *g; return GV_OK; }

static void test_compute_fields(void **state)
{
   (void)state;
   static const struct gv_pipe_ops cops = { .set_shader_buffers = c_buffers, .set_shader_images = c_images,
                                            .memory_barrier = c_barrier, .launch_grid = c_grid };
   struct gv_decoder dec;
   gv_decoder_init(&dec, &cops, NULL);
   memset(&crec, 0, sizeof(crec));
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_SET_SHADER_BUFFERS, 0, 1, 2, 16, 64, 7, 0, 0, 0);
   assert_int_equal(gv_decode_submit(&dec, b.d, b.n), GV_OK);
   assert_int_equal(crec.stage, 1);
   assert_int_equal(crec.start, 2);
   assert_int_equal(crec.count, 2);
   assert_true(crec.b[0].offset == 16 && crec.b[0].size == 64 && crec.b[0].res == 7 && crec.b[1].res == 0);
   b.n = 0;
   CMD(&b, GV_CCMD_SET_SHADER_IMAGES, 0, 5, 0, 67, 3, 0x00030001u, 2, 9);
   CMD(&b, GV_CCMD_MEMORY_BARRIER, 0, 0x102);
   CMD(&b, GV_CCMD_LAUNCH_GRID, 0, 8, 4, 1, 10, 20, 30, 0, 0);
   CMD(&b, GV_CCMD_SET_ATOMIC_BUFFERS, 0, 0, 0, 0, 0, 0, 0, 0);
   assert_int_equal(gv_decode_submit(&dec, b.d, b.n), GV_OK);
   assert_int_equal(crec.calls, 4);
   assert_true(crec.im[0].format == 67 && crec.im[0].access == 3 && crec.im[0].a == 0x00030001u &&
               crec.im[0].b == 2 && crec.im[0].res == 9);
   assert_int_equal(crec.barrier, 0x102);
   assert_true(crec.grid.block[0] == 8 && crec.grid.grid[2] == 30 && crec.grid.indirect_res == 0);
   /* Lengths that are not 2 + 3n / 2 + 5n / 8, too many slots, or a real
    * atomic counter buffer, are refused. */
   static const uint32_t bad[][2] = { { GV_CCMD_SET_SHADER_BUFFERS, 1 }, { GV_CCMD_SET_SHADER_BUFFERS, 4 },
                                      { GV_CCMD_SET_SHADER_BUFFERS, 2 + 3 * 33 },
                                      { GV_CCMD_SET_SHADER_IMAGES, 6 }, { GV_CCMD_SET_SHADER_IMAGES, 2 + 5 * 33 },
                                      { GV_CCMD_LAUNCH_GRID, 7 }, { GV_CCMD_SET_ATOMIC_BUFFERS, 3 } };
   for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
      struct buf e = { .n = 0 };
      uint32_t words[2 + 5 * 33] = { 0 };
      put_cmd(&e, bad[i][0], 0, words, bad[i][1]);
      assert_int_equal(gv_decode_submit(&dec, e.d, e.n), GV_E_INVALID);
   }
   b.n = 0;
   CMD(&b, GV_CCMD_SET_ATOMIC_BUFFERS, 0, 0, 0, 64, 3);
   assert_int_equal(gv_decode_submit(&dec, b.d, b.n), GV_E_INVALID);
   assert_int_equal(crec.calls, 4);
}

static void test_unsupported_skipped(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_DRAW_VBO, 0, 0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 0xffffffffu, 0);
   CMD(&b, GV_CCMD_DRAW_VBO, 0, 0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 0xffffffffu, 0);
   CMD(&b, GV_CCMD_CREATE_OBJECT, GV_OBJ_BLEND, 1, 4, 0, 0x78000000u, 0, 0, 0, 0, 0, 0, 0);
   CMD(&b, GV_CCMD_CREATE_OBJECT, GV_OBJ_SHADER, 2);  /* malformed but unsupported: skipped */
   CMD(&b, GV_CCMD_BIND_OBJECT, GV_OBJ_BLEND, 1);
   CMD(&b, GV_CCMD_BIND_OBJECT, GV_OBJ_SURFACE, 0);
   CMD(&b, GV_CCMD_BIND_OBJECT, 0xee, 0, 0, 0);
   CMD(&b, GV_CCMD_LINK_SHADER, 0, 3, 4, 0, 0, 0, 0);
   CMD(&b, GV_CCMD_SET_TWEAKS, 0, 1, 1);
   CMD(&b, GV_CCMD_SET_DEBUG_FLAGS, 0, 0x00747372u);
   CMD(&b, GV_CCMD_CREATE_VIDEO_CODEC, 0, 1, 2, 3, 4, 5, 6, 7);
   CMD(&b, GV_CCMD_GET_PIPE_RESOURCE_LAYOUT, 0, 1, 2);
   put(&b, GV_CMD_HEADER(GV_CCMD_DRAW_VBO, 0, 0));
   CMD(&b, GV_CCMD_CLEAR, 0, 4, 0, 0, 0, 0, 0, 0, 0);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 1);
   assert_int_equal(f->mock.calls[0].kind, K_CLEAR);
   assert_int_equal(f->mock.calls[0].u.clear.buffers, 4);
   assert_int_equal(f->dec.errors, 0);
   assert_int_equal(f->dec.commands, 14);
   assert_true(f->dec.reported_ops & (1ull << GV_CCMD_DRAW_VBO));
   assert_true(f->dec.reported_ops & (1ull << GV_CCMD_BIND_OBJECT));
   assert_false(f->dec.reported_ops & (1ull << GV_CCMD_CLEAR));
   assert_true(f->dec.reported_objs & (1u << GV_OBJ_BLEND));
   assert_true(f->dec.reported_objs & (1u << GV_OBJ_SHADER));

   /* A second buffer still skips them (and does not report again). */
   uint64_t ops = f->dec.reported_ops;
   uint32_t objs = f->dec.reported_objs;
   f->mock.ncalls = 0;
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 1);
   assert_int_equal(f->dec.reported_ops, ops);
   assert_int_equal(f->dec.reported_objs, objs);
}

static void test_op_error_stops(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
   CMD(&b, GV_CCMD_CLEAR, 0, 4, 0, 0, 0, 0, 0, 0, 0);
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 2);
   f->mock.ret[K_CLEAR] = GV_E_HOST;
   assert_int_equal(submit(f, &b), GV_E_HOST);
   assert_int_equal(f->mock.ncalls, 2);
   assert_int_equal(f->mock.calls[1].kind, K_CLEAR);
   assert_int_equal(f->dec.errors, 1);

   /* Positive returns count as success. */
   f->mock.ret[K_CLEAR] = 1;
   f->mock.ncalls = 0;
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 3);
}

static void test_mesa_buffer(void **state)
{
   struct fixture *f = *state;
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_TRANSFER3D, 0, 3, 0, 10, 0, 0, 0, 0, 0, 25392, 1, 1, 0, 1);
   assert_int_equal(b.n, 14);
   put(&b, GV_CMD_HEADER(GV_CCMD_END_TRANSFERS, 0, 1024 - 14 - 1));
   /* Stale bytes of earlier buffers, including things that look like commands. */
   uint32_t x = 0x12345678u;
   while (b.n < 1024) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      uint32_t v = (b.n % 7 == 0) ? GV_CMD_HEADER(GV_CCMD_CLEAR, 0, 0xffff) : x;
      put(&b, v);
   }
   assert_int_equal(b.n, 1024);
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
   CMD(&b, GV_CCMD_CLEAR, 0, 5, 0, 0, 0, 0, 0, 0x3FF00000u, 0);
   assert_int_equal(submit(f, &b), GV_OK);
   assert_int_equal(f->mock.ncalls, 3);
   assert_int_equal(f->mock.calls[0].kind, K_TRANSFER);
   assert_int_equal(f->mock.calls[0].u.transfer.box.w, 25392);
   assert_int_equal(f->mock.calls[1].kind, K_SET_SUB);
   assert_int_equal(f->mock.calls[1].id, 1);
   assert_int_equal(f->mock.calls[2].kind, K_CLEAR);
   assert_int_equal(f->mock.calls[2].u.clear.buffers, 5);
   assert_true(f->mock.calls[2].u.clear.depth == 1.0);
   assert_int_equal(f->dec.commands, 4);
}

static void test_no_ops(void **state)
{
   (void)state;
   struct gv_decoder dec;
   gv_decoder_init(&dec, NULL, NULL);
   struct buf b = { .n = 0 };
   CMD(&b, GV_CCMD_SET_SUB_CTX, 0, 1);
   CMD(&b, GV_CCMD_CREATE_OBJECT, GV_OBJ_SURFACE, 5, 8, 67, 0, 0);
   CMD(&b, GV_CCMD_DESTROY_OBJECT, GV_OBJ_SURFACE, 5);
   CMD(&b, GV_CCMD_CLEAR, 0, 4);
   assert_int_equal(gv_decode_submit(&dec, b.d, b.n), GV_OK);
   assert_int_equal(dec.commands, 4);
}

static void test_names(void **state)
{
   (void)state;
   assert_string_equal(gv_ccmd_name(GV_CCMD_NOP), "NOP");
   assert_string_equal(gv_ccmd_name(GV_CCMD_CREATE_OBJECT), "CREATE_OBJECT");
   assert_string_equal(gv_ccmd_name(GV_CCMD_BLIT), "BLIT");
   assert_string_equal(gv_ccmd_name(GV_CCMD_SET_FRAMEBUFFER_STATE_NO_ATTACH),
                       "SET_FRAMEBUFFER_STATE_NO_ATTACH");
   assert_string_equal(gv_ccmd_name(GV_CCMD_GET_PIPE_RESOURCE_LAYOUT), "GET_PIPE_RESOURCE_LAYOUT");
   assert_string_equal(gv_ccmd_name(GV_CCMD_COUNT), "UNKNOWN");
   assert_string_equal(gv_ccmd_name(0xffffffffu), "UNKNOWN");
   for (uint32_t i = 0; i < GV_CCMD_COUNT; i++) {
      assert_non_null(gv_ccmd_name(i));
      assert_string_not_equal(gv_ccmd_name(i), "UNKNOWN");
   }
   assert_string_equal(gv_object_type_name(GV_OBJ_SURFACE), "SURFACE");
   assert_string_equal(gv_object_type_name(GV_OBJ_MSAA_SURFACE), "MSAA_SURFACE");
   assert_string_equal(gv_object_type_name(GV_OBJ_COUNT), "UNKNOWN");
   for (uint32_t i = 0; i < GV_OBJ_COUNT; i++)
      assert_string_not_equal(gv_object_type_name(i), "UNKNOWN");
   assert_string_equal(gv_status_name(GV_OK), "OK");
   assert_string_equal(gv_status_name(GV_E_INVALID), "invalid value");
   assert_string_equal(gv_status_name(GV_E_HANDLE), "bad handle");
   assert_string_equal(gv_status_name(GV_E_BOUNDS), "out of bounds");
   assert_string_equal(gv_status_name(GV_E_NOMEM), "out of memory");
   assert_string_equal(gv_status_name(GV_E_UNSUPPORTED), "unsupported");
   assert_string_equal(gv_status_name(GV_E_HOST), "host GL error");
   assert_string_equal(gv_status_name(GV_E_LIMIT), "limit exceeded");
   assert_string_equal(gv_status_name(-100), "unknown status");
   assert_string_equal(gv_status_name(5), "unknown status");
}

/* ---- robustness ---- */

static uint64_t rng_state;

static uint32_t rnd(void)
{
   /* xorshift64*: fixed seed, so a failure reproduces. */
   rng_state ^= rng_state >> 12;
   rng_state ^= rng_state << 25;
   rng_state ^= rng_state >> 27;
   return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

/* Length a well-formed command of this opcode may have; 0 = any small one. */
static uint32_t good_length(uint32_t op)
{
   switch (op) {
   case GV_CCMD_CREATE_SUB_CTX:
   case GV_CCMD_SET_SUB_CTX:
   case GV_CCMD_DESTROY_SUB_CTX:
   case GV_CCMD_DESTROY_OBJECT: return 1;
   case GV_CCMD_CREATE_OBJECT: return 5;
   case GV_CCMD_SET_FRAMEBUFFER_STATE_NO_ATTACH: return 2;
   case GV_CCMD_CLEAR: return 8;
   case GV_CCMD_CLEAR_TEXTURE: return 12;
   case GV_CCMD_RESOURCE_COPY_REGION: return 13;
   case GV_CCMD_BLIT: return 21;
   case GV_CCMD_TRANSFER3D: return 13;
   case GV_CCMD_COPY_TRANSFER3D: return 14;
   case GV_CCMD_RESOURCE_INLINE_WRITE: return 11 + rnd() % 8;
   default: return 0;
   }
}

/* Half the buffers are well-formed (every command valid on the wire, so they
 * reach the ops and run to the end); the other half are plausible commands
 * with lengths near the right ones, occasionally too long for the buffer,
 * mixed with raw noise. */
static size_t random_buffer(uint32_t *d, size_t cap)
{
   size_t n = rnd() % cap;
   size_t i = 0;
   bool well_formed = rnd() % 2;
   while (i < n) {
      if (!well_formed && rnd() % 8 == 0) {
         d[i++] = rnd();
         continue;
      }
      uint32_t op = rnd() % (well_formed ? GV_CCMD_COUNT : GV_CCMD_COUNT + 2);
      uint32_t obj = (op == GV_CCMD_CREATE_OBJECT && rnd() % 2) ? GV_OBJ_SURFACE
                                                                : rnd() % (GV_OBJ_COUNT + 1);
      uint32_t len;
      if (well_formed) {
         if (op == GV_CCMD_CREATE_OBJECT)
            obj = GV_OBJ_SURFACE;
         len = op == GV_CCMD_SET_FRAMEBUFFER_STATE ? 2 + rnd() % 9 : good_length(op);
         if (len == 0)
            len = rnd() % 8;
         if (i + 1 + len > n)
            break;
      } else {
         len = rnd() % 24;
         if (rnd() % 64 == 0)
            len = rnd() & 0xffffu;
      }
      d[i++] = GV_CMD_HEADER(op, obj, len);
      size_t start = i;
      for (uint32_t k = 0; k < len && i < n; k++) {
         uint32_t r = rnd();
         d[i++] = (r & 3) ? (r >> 2) % 12 : rnd();
      }
      if (well_formed && op == GV_CCMD_SET_FRAMEBUFFER_STATE)
         d[start] = len - 2;
      if (well_formed && op == GV_CCMD_CREATE_OBJECT)
         d[start] |= 1;
   }
   return i;
}

static void test_random(void **state)
{
   (void)state;
   enum { CAP = 256, ROUNDS = 20000 };
   struct mock *m = calloc(1, sizeof(*m));
   uint32_t *scratch = malloc(CAP * sizeof(uint32_t));
   assert_non_null(m);
   assert_non_null(scratch);
   struct gv_decoder dec;
   gv_decoder_init(&dec, &mock_ops, m);
   rng_state = 0x9E3779B97F4A7C15ull;

   /* Thousands of expected client-error messages would bury real output. */
   fflush(stderr);
   int saved = dup(STDERR_FILENO);
   int devnull = open("/dev/null", O_WRONLY);
   if (saved >= 0 && devnull >= 0)
      dup2(devnull, STDERR_FILENO);

   unsigned ok = 0, failed = 0;
   unsigned long long calls = 0;
   for (unsigned round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < K_COUNT; k++)
         m->ret[k] = (rnd() % 64 == 0) ? -(int)(1 + rnd() % 7) : GV_OK;
      size_t n = random_buffer(scratch, CAP);
      /* Exactly sized copy: ASan flags any read past the end. */
      uint32_t *exact = malloc(n ? n * sizeof(uint32_t) : 1);
      assert_non_null(exact);
      memcpy(exact, scratch, n * sizeof(uint32_t));
      m->ncalls = 0;
      int ret = gv_decode_submit(&dec, n ? exact : NULL, n);
      assert_true(ret <= 0 && ret >= GV_E_LIMIT);
      calls += m->ncalls;
      if (ret == GV_OK)
         ok++;
      else
         failed++;
      free(exact);
   }

   fflush(stderr);
   if (saved >= 0 && devnull >= 0)
      dup2(saved, STDERR_FILENO);
   if (saved >= 0)
      close(saved);
   if (devnull >= 0)
      close(devnull);

   print_message("random: %u buffers ran to the end, %u stopped, %llu op calls\n",
                 ok, failed, calls);
   /* Both outcomes must actually be exercised for the loop to mean anything. */
   assert_true(ok > ROUNDS / 20);
   assert_true(failed > ROUNDS / 20);
   assert_int_equal(dec.errors, failed);
   free(scratch);
   free(m);
}

int main(void)
{
   gv_log_set_prefix("test_decode");
   const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_sub_ctx, setup, teardown),
      cmocka_unit_test_setup_teardown(test_create_surface, setup, teardown),
      cmocka_unit_test_setup_teardown(test_create_surface_handle0, setup, teardown),
      cmocka_unit_test_setup_teardown(test_destroy_object, setup, teardown),
      cmocka_unit_test_setup_teardown(test_framebuffer_holes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_framebuffer_too_many, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fb_no_attach, setup, teardown),
      cmocka_unit_test_setup_teardown(test_clear, setup, teardown),
      cmocka_unit_test_setup_teardown(test_clear_texture, setup, teardown),
      cmocka_unit_test_setup_teardown(test_copy_region, setup, teardown),
      cmocka_unit_test_setup_teardown(test_blit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_transfer3d, setup, teardown),
      cmocka_unit_test_setup_teardown(test_copy_transfer3d, setup, teardown),
      cmocka_unit_test_setup_teardown(test_inline_write, setup, teardown),
      cmocka_unit_test_setup_teardown(test_wrong_lengths, setup, teardown),
      cmocka_unit_test_setup_teardown(test_overrun, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nops, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_opcode, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_object_type, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unsupported_skipped, setup, teardown),
      cmocka_unit_test(test_queries),
      cmocka_unit_test_setup_teardown(test_op_error_stops, setup, teardown),
      cmocka_unit_test_setup_teardown(test_mesa_buffer, setup, teardown),
      cmocka_unit_test(test_draw_fields),
      cmocka_unit_test(test_compute_fields),
      cmocka_unit_test(test_sampler_view_target),
      cmocka_unit_test(test_no_ops),
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_random),
   };
   return cmocka_run_group_tests(tests, NULL, NULL);
}
