/* libvirglrenderer.so.1 driven the way QEMU's virtio-gpu-gl drives it: the
 * "VMM" here owns EGL and creates every GL context through the callbacks,
 * sharing with whatever is current (as QEMU's egl-headless does); guest
 * memory comes as scattered iovecs; fences are signalled from polls only.
 * Built against the distribution's virglrenderer.h when it is installed, so
 * the ABI is the published one, and linked with glvirt's library.
 * GLVIRT_TEST_API=es makes the VMM's contexts OpenGL ES. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#include <cmocka.h>
#include <epoxy/egl.h>

#ifdef GLVIRT_HAVE_SYSTEM_VIRGL_H
#include <virgl/virglrenderer.h>
#else
#include "lib/virgl_abi.h"
#endif
#include "virgl/virgl_protocol.h"
#include "abi_layout.h"

/* The published header leaves it incomplete; VMMs declare their own. */
struct test_box {
   uint32_t x, y, z, w, h, d;
};
#define BOX(b) ((struct virgl_box *)(void *)(b))

static EGLDisplay dpy;
static bool gles;
static uint32_t fences_seen[16];
static int nr_fences_seen;
static int contexts_made, contexts_live;

static void cb_write_fence(void *cookie, uint32_t fence)
{
   (void)cookie;
   if (nr_fences_seen < 16)
      fences_seen[nr_fences_seen++] = fence;
}

static virgl_renderer_gl_context cb_create(void *cookie, int scanout,
                                           struct virgl_renderer_gl_ctx_param *p)
{
   (void)cookie;
   (void)scanout;
   EGLint core[] = { EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                     EGL_CONTEXT_MAJOR_VERSION, p->major_ver, EGL_CONTEXT_MINOR_VERSION,
                     p->minor_ver, EGL_NONE };
   EGLint es[] = { EGL_CONTEXT_MAJOR_VERSION, p->major_ver, EGL_CONTEXT_MINOR_VERSION,
                   p->minor_ver, EGL_NONE };
   eglBindAPI(gles ? EGL_OPENGL_ES_API : EGL_OPENGL_API);
   EGLContext c = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, eglGetCurrentContext(),
                                   gles ? es : core);
   if (c == EGL_NO_CONTEXT)
      return NULL;
   contexts_made++;
   contexts_live++;
   return c;
}

static void cb_destroy(void *cookie, virgl_renderer_gl_context ctx)
{
   (void)cookie;
   if (eglGetCurrentContext() == ctx)
      eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
   eglDestroyContext(dpy, ctx);
   contexts_live--;
}

static int cb_make_current(void *cookie, int scanout, virgl_renderer_gl_context ctx)
{
   (void)cookie;
   (void)scanout;
   return eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx) ? 0 : -1;
}

static struct virgl_renderer_callbacks cbs = {
   .version = 1,
   .write_fence = cb_write_fence,
   .create_gl_context = cb_create,
   .destroy_gl_context = cb_destroy,
   .make_current = cb_make_current,
};

static int cookie;

static int setup(void **state)
{
   (void)state;
   const char *api = getenv("GLVIRT_TEST_API");
   gles = api && !strcmp(api, "es");
   dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
   EGLint major, minor;
   if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, &major, &minor))
      return -1;
   return 0;
}

static int teardown(void **state)
{
   (void)state;
   eglTerminate(dpy);
   return 0;
}

static void test_abi_layout(void **state)
{
   (void)state;
   /* The system header's layouts against the ones glvirt's library uses. */
   struct abi_layout ours = abi_layout_glvirt();
   assert_int_equal(sizeof(struct virgl_renderer_resource_create_args), ours.create_args_size);
   assert_int_equal(offsetof(struct virgl_renderer_resource_create_args, flags), ours.create_args_flags);
   assert_int_equal(sizeof(struct virgl_renderer_resource_info), ours.info_size);
   assert_int_equal(offsetof(struct virgl_renderer_resource_info, tex_id), ours.info_tex_id);
   assert_int_equal(offsetof(struct virgl_renderer_resource_info, drm_fourcc), ours.info_drm_fourcc);
   assert_int_equal(offsetof(struct virgl_renderer_callbacks, make_current), ours.cb_make_current);
   assert_int_equal(offsetof(struct virgl_renderer_callbacks, get_drm_fd), ours.cb_get_drm_fd);
   assert_int_equal(sizeof(struct virgl_renderer_gl_ctx_param), ours.ctx_param_size);
   assert_int_equal(offsetof(struct virgl_renderer_gl_ctx_param, minor_ver), ours.ctx_param_minor);
   assert_int_equal(VIRGL_RENDERER_USE_EGL, ours.flag_use_egl);
   assert_int_equal(VIRGL_RENDERER_USE_GLES, ours.flag_use_gles);
}

static void test_caps_before_init(void **state)
{
   (void)state;
   uint32_t ver = 99, size = 99;
   virgl_renderer_get_cap_set(1, &ver, &size);
   assert_int_equal(ver, 1);
   assert_int_equal(size, 308);
   virgl_renderer_get_cap_set(2, &ver, &size);
   assert_int_equal(ver, 2);
   assert_int_equal(size, 1376);
   virgl_renderer_get_cap_set(5, &ver, &size);
   assert_int_equal(ver, 0);
   assert_int_equal(size, 0);
   /* Calls before init are refused, not crashes. */
   assert_int_not_equal(virgl_renderer_context_create(1, 4, "test"), 0);
   virgl_renderer_poll();
}

static void init_lib(void)
{
   nr_fences_seen = 0;
   assert_int_equal(virgl_renderer_init(&cookie, 0, &cbs), 0);
   assert_int_equal(virgl_renderer_init(&cookie, 0, &cbs), 0);   /* again: same caller */
   assert_int_not_equal(virgl_renderer_init(&nr_fences_seen, 0, &cbs), 0);
}

static void test_caps_after_init(void **state)
{
   (void)state;
   init_lib();
   uint8_t caps[1376];
   memset(caps, 0xee, sizeof(caps));
   virgl_renderer_fill_caps(2, 2, caps);
   uint32_t max_version;
   memcpy(&max_version, caps, 4);
   assert_int_equal(max_version, 2);
   /* Mesa names the renderer "virgl (<this>)": it says whose it is. */
   assert_non_null(strstr((const char *)caps + 696, "glvirt"));
   virgl_renderer_cleanup(&cookie);
   assert_int_equal(contexts_live, 0);
}

/* Guest memory as a VMM has it: pieces of uneven sizes, not one block. */
struct guest_mem {
   struct iovec iov[3];
   uint8_t *piece[3];
};

static struct iovec *guest_mem_new(struct guest_mem *m, size_t total)
{
   size_t cut[3] = { 1000, 3000, total - 4000 };
   for (int i = 0; i < 3; i++) {
      m->piece[i] = calloc(1, cut[i]);
      m->iov[i] = (struct iovec){ m->piece[i], cut[i] };
   }
   return m->iov;
}

static void guest_mem_free(struct guest_mem *m)
{
   for (int i = 0; i < 3; i++)
      free(m->piece[i]);
}

static uint8_t guest_byte(const struct guest_mem *m, size_t off)
{
   for (int i = 0; i < 3; i++) {
      if (off < m->iov[i].iov_len)
         return m->piece[i][off];
      off -= m->iov[i].iov_len;
   }
   return 0;
}

static void guest_set(struct guest_mem *m, size_t off, uint8_t v)
{
   for (int i = 0; i < 3; i++) {
      if (off < m->iov[i].iov_len) {
         m->piece[i][off] = v;
         return;
      }
      off -= m->iov[i].iov_len;
   }
}

enum { W = 32, H = 32, STRIDE = W * 4, SIZE = STRIDE * H };

static void create_rt(uint32_t handle)
{
   struct virgl_renderer_resource_create_args a = {
      .handle = handle, .target = 2, .format = 1 /* B8G8R8A8_UNORM */,
      .bind = (1 << 1) | (1 << 3), .width = W, .height = H, .depth = 1, .array_size = 1,
   };
   assert_int_equal(virgl_renderer_resource_create(&a, NULL, 0), 0);
}

static void test_transfers_through_scattered_memory(void **state)
{
   (void)state;
   init_lib();
   create_rt(5);
   struct guest_mem m;
   struct iovec *iov = guest_mem_new(&m, SIZE);
   assert_int_equal(virgl_renderer_resource_attach_iov(5, iov, 3), 0);
   assert_int_not_equal(virgl_renderer_resource_attach_iov(5, iov, 3), 0);   /* twice */

   for (size_t i = 0; i < SIZE; i++)
      guest_set(&m, i, (uint8_t)(i * 7 + 3));
   struct test_box all = { 0, 0, 0, W, H, 1 };
   assert_int_equal(virgl_renderer_transfer_write_iov(5, 0, 0, 0, 0, BOX(&all), 0, NULL, 0), 0);
   for (size_t i = 0; i < SIZE; i++)
      guest_set(&m, i, 0);
   assert_int_equal(virgl_renderer_transfer_read_iov(5, 0, 0, 0, 0, BOX(&all), 0, NULL, 0), 0);
   for (size_t i = 0; i < SIZE; i++)
      assert_int_equal(guest_byte(&m, i), (uint8_t)(i * 7 + 3));

   /* A sub-box crossing the pieces' seams, with an explicit stride, leaves
    * every byte outside it alone. */
   for (size_t i = 0; i < SIZE; i++)
      guest_set(&m, i, 0x5a);
   struct test_box sub = { 3, 5, 0, 10, 20, 1 };
   uint64_t off = 5 * STRIDE + 3 * 4;
   assert_int_equal(virgl_renderer_transfer_read_iov(5, 0, 0, STRIDE, 0, BOX(&sub), off, NULL, 0), 0);
   for (size_t y = 0; y < H; y++) {
      for (size_t x = 0; x < STRIDE; x++) {
         size_t i = y * STRIDE + x;
         bool inside = y >= 5 && y < 25 && x >= 12 && x < 52;
         assert_int_equal(guest_byte(&m, i), inside ? (uint8_t)(i * 7 + 3) : 0x5a);
      }
   }

   /* The memory of the call itself instead of the attached one. */
   uint32_t px[4] = { 1, 2, 3, 4 }, back[4] = { 0 };
   struct iovec own = { px, sizeof(px) }, own_back = { back, sizeof(back) };
   struct test_box row = { 0, 31, 0, 4, 1, 1 };
   assert_int_equal(virgl_renderer_transfer_write_iov(5, 0, 0, 0, 0, BOX(&row), 0, &own, 1), 0);
   assert_int_equal(virgl_renderer_transfer_read_iov(5, 0, 0, 0, 0, BOX(&row), 0, &own_back, 1), 0);
   assert_memory_equal(px, back, sizeof(px));

   struct virgl_renderer_resource_info info;
   assert_int_equal(virgl_renderer_resource_get_info(5, &info), 0);
   assert_int_equal(info.width, W);
   assert_int_equal(info.stride, STRIDE);
   assert_int_not_equal(info.tex_id, 0);
   assert_int_equal(info.drm_fourcc, 0x34325241);   /* 'AR24' */
   assert_int_equal(virgl_renderer_resource_get_info(77, &info), -1);

   struct iovec *back_iov = NULL;
   int back_n = 0;
   virgl_renderer_resource_detach_iov(5, &back_iov, &back_n);
   assert_ptr_equal(back_iov, iov);
   assert_int_equal(back_n, 3);
   assert_int_not_equal(virgl_renderer_transfer_read_iov(5, 0, 0, 0, 0, BOX(&all), 0, NULL, 0), 0);
   virgl_renderer_resource_unref(5);
   guest_mem_free(&m);
   virgl_renderer_cleanup(&cookie);
   assert_int_equal(contexts_live, 0);
}

static void test_context_renders_and_fences(void **state)
{
   (void)state;
   init_lib();
   assert_int_equal(virgl_renderer_context_create(1, 4, "test"), 0);
   assert_int_not_equal(virgl_renderer_context_create(1, 4, "test"), 0);   /* duplicate id */
   create_rt(9);
   struct guest_mem m;
   assert_int_equal(virgl_renderer_resource_attach_iov(9, guest_mem_new(&m, SIZE), 3), 0);
   virgl_renderer_ctx_attach_resource(1, 9);
   virgl_renderer_ctx_attach_resource(1, 9);   /* twice is harmless */

   float green[4] = { 0, 1, 0, 1 };
   uint32_t g[4];
   memcpy(g, green, sizeof(g));
   uint32_t cmd[] = {
      GV_CMD_HEADER(GV_CCMD_CREATE_OBJECT, GV_OBJ_SURFACE, 5), 40, 9, 1, 0, 0,
      GV_CMD_HEADER(GV_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 40,
      GV_CMD_HEADER(GV_CCMD_CLEAR, 0, 8), GV_CLEAR_COLOR0, g[0], g[1], g[2], g[3], 0, 0, 0,
   };
   assert_int_equal(virgl_renderer_submit_cmd(cmd, 1, (int)(sizeof(cmd) / 4)), 0);
   virgl_renderer_create_fence(41, 0x207);
   virgl_renderer_create_fence(42, 0x207);
   assert_int_equal(nr_fences_seen, 0);   /* never from create_fence */
   /* As QEMU does: poll every few milliseconds (here for up to 10 s). */
   for (int i = 0; i < 10000 && !nr_fences_seen; i++) {
      virgl_renderer_poll();
      nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
   }
   assert_int_equal(nr_fences_seen, 1);
   assert_int_equal(fences_seen[0], 42);   /* the newest finished one covers the older */

   /* Read back in the context that rendered: BGRA green is 00 ff 00 ff. */
   struct test_box all = { 0, 0, 0, W, H, 1 };
   assert_int_equal(virgl_renderer_transfer_read_iov(9, 1, 0, 0, 0, BOX(&all), 0, NULL, 0), 0);
   for (size_t i = 0; i < SIZE; i += 4) {
      assert_int_equal(guest_byte(&m, i + 0), 0x00);
      assert_int_equal(guest_byte(&m, i + 1), 0xff);
      assert_int_equal(guest_byte(&m, i + 2), 0x00);
      assert_int_equal(guest_byte(&m, i + 3), 0xff);
   }

   /* Hostile or broken calls: refused, nothing else disturbed. */
   assert_int_not_equal(virgl_renderer_submit_cmd(cmd, 2, 3), 0);          /* no context 2 */
   assert_int_not_equal(virgl_renderer_submit_cmd(NULL, 1, 4), 0);
   assert_int_not_equal(virgl_renderer_submit_cmd(cmd, 1, -1), 0);
   uint32_t junk[] = { 0xffffffffu, 1, 2, 3 };
   assert_int_not_equal(virgl_renderer_submit_cmd(junk, 1, 4), 0);
   struct test_box huge = { 0xfffffff0u, 0, 0, 0x20, 1, 1 };
   assert_int_not_equal(virgl_renderer_transfer_write_iov(9, 1, 0, 0, 0, BOX(&huge), 0, NULL, 0), 0);
   assert_int_not_equal(virgl_renderer_transfer_write_iov(9, 1, 0, 0, 0, NULL, 0, NULL, 0), 0);
   assert_int_not_equal(virgl_renderer_transfer_write_iov(9, 1, -1, 0, 0, BOX(&all), 0, NULL, 0), 0);
   assert_int_not_equal(virgl_renderer_transfer_write_iov(9, 1, 0, 0, 0, BOX(&all), SIZE, NULL, 0), 0);
   struct virgl_renderer_resource_create_args bad = { .handle = 9, .target = 2, .format = 1,
                                                      .width = 1, .height = 1, .depth = 1,
                                                      .array_size = 1 };
   assert_int_not_equal(virgl_renderer_resource_create(&bad, NULL, 0), 0);   /* handle in use */
   bad.handle = 10;
   bad.target = 99;
   assert_int_not_equal(virgl_renderer_resource_create(&bad, NULL, 0), 0);
   virgl_renderer_ctx_attach_resource(1, 1234);
   virgl_renderer_ctx_attach_resource(7, 9);
   virgl_renderer_resource_unref(1234);
   virgl_renderer_context_destroy(7);
   assert_int_not_equal(virgl_renderer_context_create_with_flags(3, 4 /* venus */, 0, NULL), 0);

   /* Still renders after all that. */
   assert_int_equal(virgl_renderer_submit_cmd(cmd + 6, 1, (int)(sizeof(cmd) / 4) - 6), 0);

   /* The guest drops the resource while the context still draws to it:
    * the surface keeps the host object; the handle is gone everywhere. */
   virgl_renderer_resource_unref(9);
   assert_int_equal(virgl_renderer_resource_get_info(9, &(struct virgl_renderer_resource_info){ 0 }), -1);
   assert_int_equal(virgl_renderer_submit_cmd(cmd + 6, 1, (int)(sizeof(cmd) / 4) - 6), 0);
   create_rt(9);   /* the handle can be reused and attached again */
   virgl_renderer_ctx_attach_resource(1, 9);
   virgl_renderer_ctx_detach_resource(1, 9);
   virgl_renderer_context_destroy(1);
   virgl_renderer_reset();
   assert_int_equal(virgl_renderer_resource_get_info(9, &(struct virgl_renderer_resource_info){ 0 }), -1);
   virgl_renderer_cleanup(&cookie);
   assert_int_equal(contexts_live, 0);
   assert_true(contexts_made >= 2);
   guest_mem_free(&m);
}

int main(void)
{
   const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_abi_layout),
      cmocka_unit_test(test_caps_before_init),
      cmocka_unit_test(test_caps_after_init),
      cmocka_unit_test(test_transfers_through_scattered_memory),
      cmocka_unit_test(test_context_renders_and_fences),
   };
   return cmocka_run_group_tests(tests, setup, teardown);
}
