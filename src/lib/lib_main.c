/* libvirglrenderer.so.1: initialisation, GL contexts, capsets and logging. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/lib_state.h"
#include "platform/egl_host.h"
#include "util/log.h"
#include "virgl/virgl_caps.h"

struct lib_state lib;

bool lib_ready(const char *what)
{
   if (lib.inited)
      return true;
   gv_log_set_prefix("glvirt-lib");
   gv_error("%s before virgl_renderer_init", what);
   return false;
}

/* ---- GL contexts ---- */

void *lib_gl_create(void)
{
   if (lib.own_egl)
      return gv_egl_host_create_shared(gv_renderer_egl_host(lib.r));
   /* The VMM shares a new context with the current one: keep ours current
    * so that every context lands in one share group. */
   if (lib.gl0)
      lib_gl_make_current(lib.gl0);
   /* Newest first; a GLES display takes the 3.x entries. */
   static const int versions[][2] = { { 4, 6 }, { 4, 5 }, { 4, 3 }, { 4, 1 }, { 3, 3 },
                                      { 3, 2 }, { 3, 1 }, { 3, 0 } };
   for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
      struct virgl_renderer_gl_ctx_param p = { .version = 1, .shared = lib.gl0 != NULL,
                                               .major_ver = versions[i][0],
                                               .minor_ver = versions[i][1] };
      void *gl = lib.cb.create_gl_context(lib.cookie, 0, &p);
      if (gl)
         return gl;
   }
   gv_error("the VMM created no GL context (asked for GL 4.6 down to 3.0)");
   return NULL;
}

void lib_gl_destroy(void *gl)
{
   if (!gl)
      return;
   if (lib.own_egl)
      gv_egl_host_destroy_shared(gv_renderer_egl_host(lib.r), gl);
   else if (lib.cb.destroy_gl_context)
      lib.cb.destroy_gl_context(lib.cookie, gl);
}

bool lib_gl_make_current(void *gl)
{
   if (lib.own_egl)
      return gv_egl_host_make_current(gv_renderer_egl_host(lib.r), gl);
   /* The VMM's display makes its own contexts current between our calls,
    * so this cannot be skipped when `gl` was current last time. Its result
    * means nothing: QEMU's EGL displays return eglMakeCurrent's EGL_TRUE,
    * its SDL display SDL_GL_MakeCurrent's 0. */
   lib.cb.make_current(lib.cookie, 0, gl);
   return true;
}

/* ---- configuration from the environment (the ABI has no other channel) ---- */

static enum gv_host_api_choice env_api(int flags)
{
   if (flags & VIRGL_RENDERER_USE_GLES)
      return GV_API_ES;
   const char *s = getenv("GLVIRT_GL");
   if (s && !strcmp(s, "core"))
      return GV_API_CORE;
   if (s && !strcmp(s, "es"))
      return GV_API_ES;
   return GV_API_ON;
}

static void env_log_level(void)
{
   static const char *const names[] = { "error", "warning", "info", "debug" };
   const char *s = getenv("GLVIRT_LOG");
   for (int i = 0; s && i < 4; i++)
      if (!strcmp(s, names[i]))
         gv_log_set_level((enum gv_log_level)i);
}

/* ---- init and teardown ---- */

static void copy_callbacks(const struct virgl_renderer_callbacks *cb)
{
   memset(&lib.cb, 0, sizeof(lib.cb));
   /* Only the fields the VMM's version has may be read. */
   size_t n = offsetof(struct virgl_renderer_callbacks, get_drm_fd);
   if (cb->version >= 2)
      n = offsetof(struct virgl_renderer_callbacks, write_context_fence);
   if (cb->version >= 3)
      n = offsetof(struct virgl_renderer_callbacks, get_egl_display);
   if (cb->version >= 4)
      n = sizeof(*cb);
   memcpy(&lib.cb, cb, n);
}

static int init_renderer(int flags)
{
   struct gv_renderer_config cfg = {
      .api = env_api(flags),
      .platform = (flags & VIRGL_RENDERER_USE_SURFACELESS) ? GV_EGL_SURFACELESS : GV_EGL_AUTO,
      .deny_extensions = getenv("GLVIRT_DENY_EXT"),
      .shader_dump_dir = getenv("GLVIRT_DUMP_SHADERS"),
      .robust = false,
   };
   if (lib.own_egl)
      return gv_renderer_create(&cfg, &lib.r);
   lib.gl0 = lib_gl_create();
   if (!lib.gl0 || !lib_gl_make_current(lib.gl0))
      return GV_E_HOST;
   int ret = gv_renderer_create_current(&cfg, "the VMM's GL context", &lib.r);
   if (ret < 0) {
      lib_gl_destroy(lib.gl0);
      lib.gl0 = NULL;
   }
   return ret;
}

int virgl_renderer_init(void *cookie, int flags, struct virgl_renderer_callbacks *cb)
{
   if (lib.inited) {
      if (cookie == lib.cookie && flags == lib.flags)
         return 0;
      gv_error("virgl_renderer_init: already initialised by another caller");
      return -EBUSY;
   }
   gv_log_set_prefix("glvirt-lib");
   env_log_level();
   if (!cb || cb->version < 1) {
      gv_error("virgl_renderer_init: no callbacks (or version %d)", cb ? cb->version : 0);
      return -EINVAL;
   }
   if (flags & (VIRGL_RENDERER_VENUS | VIRGL_RENDERER_DRM | VIRGL_RENDERER_RENDER_SERVER |
                VIRGL_RENDERER_USE_VIDEO | VIRGL_RENDERER_USE_GLX))
      gv_warn("virgl_renderer_init: flags 0x%x ask for what glvirt does not offer "
              "(Venus, DRM contexts, render server, video, GLX); serving virgl only", flags);
   copy_callbacks(cb);
   lib.cookie = cookie;
   lib.flags = flags;
   if (!lib.cb.create_gl_context || !lib.cb.make_current) {
      if (!(flags & VIRGL_RENDERER_USE_EGL)) {
         gv_error("virgl_renderer_init: neither GL context callbacks nor VIRGL_RENDERER_USE_EGL");
         return -EINVAL;
      }
      lib.own_egl = true;
   }
   gv_handle_table_init(&lib.ctxs);
   gv_handle_table_init(&lib.res);
   if (init_renderer(flags) < 0) {
      gv_error("virgl_renderer_init: no usable host GL");
      gv_handle_table_fini(&lib.ctxs);
      gv_handle_table_fini(&lib.res);
      memset(&lib, 0, sizeof(lib));
      return -EINVAL;
   }
   lib.owner = gv_context_create(lib.r, "resources");
   if (!lib.owner) {
      gv_renderer_destroy(lib.r);
      lib_gl_destroy(lib.gl0);
      memset(&lib, 0, sizeof(lib));
      return -ENOMEM;
   }
   gv_context_set_guest_memory_hooks(lib.owner, &lib_memory_hooks);
   lib.inited = true;
   gv_info("glvirt %s as libvirglrenderer.so.1: %s", GLVIRT_VERSION, gv_renderer_describe(lib.r));
   return 0;
}

/* Everything the guest made goes; the renderer stays. */
static void drop_guest_state(void)
{
   lib_fences_retire(true);
   lib_ctx_destroy_all();
   lib_gl_make_current(lib.gl0);
   lib_res_destroy_all();
}

void virgl_renderer_reset(void)
{
   if (!lib_ready("virgl_renderer_reset"))
      return;
   drop_guest_state();
}

void virgl_renderer_cleanup(void *cookie)
{
   (void)cookie;
   if (!lib.inited)
      return;
   drop_guest_state();
   gv_context_destroy(lib.owner);
   gv_handle_table_fini(&lib.ctxs);
   gv_handle_table_fini(&lib.res);
   free(lib.fences);
   void *gl0 = lib.gl0;
   bool own = lib.own_egl;
   if (!own)
      lib_gl_make_current(NULL);
   gv_renderer_destroy(lib.r);   /* own EGL: ends its contexts too */
   if (!own && gl0 && lib.cb.destroy_gl_context)
      lib.cb.destroy_gl_context(lib.cookie, gl0);
   virgl_debug_callback_type dbg = lib.debug_cb;
   memset(&lib, 0, sizeof(lib));
   lib.debug_cb = dbg;
}

void virgl_renderer_force_ctx_0(void)
{
   if (lib.inited)
      lib_gl_make_current(lib.gl0);
}

/* ---- capsets ---- */

void virgl_renderer_get_cap_set(uint32_t set, uint32_t *max_ver, uint32_t *max_size)
{
   /* Asked before init (QEMU sizes its capset table when the device is
    * realized), so this answers from the layouts alone. */
   uint32_t ver = 0, size = 0;
   if (set == VIRGL_CAPSET_VIRGL) {
      ver = 1;
      size = GV_CAPS_V1_SIZE;
   } else if (set == VIRGL_CAPSET_VIRGL2) {
      ver = 2;
      size = GV_CAPS_V2_SIZE;
   }
   if (max_ver)
      *max_ver = ver;
   if (max_size)
      *max_size = size;
}

void virgl_renderer_fill_caps(uint32_t set, uint32_t version, void *caps)
{
   (void)version;
   uint32_t ver, size;
   virgl_renderer_get_cap_set(set, &ver, &size);
   if (!caps || !size)
      return;
   memset(caps, 0, size);
   if (!lib_ready("virgl_renderer_fill_caps"))
      return;
   gv_renderer_fill_caps(lib.r, set, caps, size);
}

/* ---- logging ---- */

static void call_debug_cb(const char *fmt, ...)
{
   va_list ap;
   va_start(ap, fmt);
   lib.debug_cb(fmt, ap);
   va_end(ap);
}

static void log_to_callback(enum gv_log_level level, const char *msg)
{
   static const char *const names[] = { "error", "warning", "info", "debug" };
   call_debug_cb("glvirt: %s: %s\n", names[level], msg);
}

virgl_debug_callback_type virgl_set_debug_callback(virgl_debug_callback_type cb)
{
   virgl_debug_callback_type old = lib.debug_cb;
   lib.debug_cb = cb;
   gv_log_set_sink(cb ? log_to_callback : NULL);
   return old;
}

int virgl_renderer_get_poll_fd(void)
{
   return -1;   /* no fence thread: the VMM polls (virgl_renderer_poll) */
}
