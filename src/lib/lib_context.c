/* libvirglrenderer.so.1: guest contexts, their command buffers and the
 * resources attached to them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epoxy/gl.h>

#include "lib/lib_state.h"
#include "util/log.h"

struct lib_ctx *lib_ctx_get(uint32_t id, const char *what)
{
   struct lib_ctx *c = id ? gv_handle_table_get(&lib.ctxs, id) : NULL;
   if (!c)
      gv_error("%s: no context %u", what, id);
   return c;
}

bool lib_attached(struct gv_context *gv, uint32_t handle)
{
   struct gv_resource_info info;
   return gv_context_resource_info(gv, handle, &info) == GV_OK;
}

struct gv_context *lib_ctx_enter(uint32_t id, bool fallback, const char *what)
{
   struct lib_ctx *c = id ? gv_handle_table_get(&lib.ctxs, id) : NULL;
   if (!c && !fallback) {
      gv_error("%s: no context %u", what, id);
      return NULL;
   }
   if (!lib_gl_make_current(c ? c->gl : lib.gl0))
      return NULL;
   return c ? c->gv : lib.owner;
}

static void ctx_destroy(struct lib_ctx *c)
{
   lib_gl_make_current(c->gl);
   gv_context_destroy(c->gv);
   lib_gl_make_current(lib.gl0);
   lib_gl_destroy(c->gl);
   free(c);
}

void lib_ctx_destroy_all(void)
{
   struct lib_ctx *c;
   for (size_t i = 0; (c = gv_handle_table_next(&lib.ctxs, &i));)
      ctx_destroy(c);
   gv_handle_table_fini(&lib.ctxs);
}

int virgl_renderer_context_create_with_flags(uint32_t ctx_id, uint32_t ctx_flags, uint32_t nlen,
                                             const char *name)
{
   if (!lib_ready("context create"))
      return EINVAL;
   uint32_t capset = ctx_flags & VIRGL_CONTEXT_FLAG_CAPSET_ID_MASK;
   if (capset != VIRGL_CAPSET_VIRGL && capset != VIRGL_CAPSET_VIRGL2) {
      gv_error("context %u: capset %u is not served (glvirt serves virgl, capsets 1 and 2)",
               ctx_id, capset);
      return EINVAL;
   }
   if (!ctx_id || gv_handle_table_get(&lib.ctxs, ctx_id)) {
      gv_error("context %u: %s", ctx_id, ctx_id ? "already exists" : "id 0 is reserved");
      return EINVAL;
   }
   char label[64];
   int n = nlen > 32 ? 32 : (int)nlen;
   snprintf(label, sizeof(label), "ctx %u %.*s", ctx_id, name ? n : 0, name ? name : "");

   struct lib_ctx *c = calloc(1, sizeof(*c));
   if (!c)
      return ENOMEM;
   c->id = ctx_id;
   c->gl = lib_gl_create();
   if (!c->gl || !lib_gl_make_current(c->gl)) {
      lib_gl_destroy(c->gl);
      free(c);
      return EINVAL;
   }
   c->gv = gv_context_create(lib.r, label);
   if (!c->gv || !gv_handle_table_insert(&lib.ctxs, ctx_id, c)) {
      gv_context_destroy(c->gv);
      lib_gl_make_current(lib.gl0);
      lib_gl_destroy(c->gl);
      free(c);
      return ENOMEM;
   }
   gv_context_set_guest_memory_hooks(c->gv, &lib_memory_hooks);
   gv_debug("%s created", label);
   return 0;
}

int virgl_renderer_context_create(uint32_t handle, uint32_t nlen, const char *name)
{
   return virgl_renderer_context_create_with_flags(handle, VIRGL_CAPSET_VIRGL2, nlen, name);
}

void virgl_renderer_context_destroy(uint32_t handle)
{
   if (!lib_ready("context destroy"))
      return;
   struct lib_ctx *c = gv_handle_table_remove(&lib.ctxs, handle);
   if (!c) {
      gv_error("context destroy: no context %u", handle);
      return;
   }
   if (lib.last_fence_ctx == handle)
      lib.last_fence_ctx = 0;
   ctx_destroy(c);
}

/* GLVIRT_TRACE_SUBMITS=FILE appends every command buffer as (ctx id, dword
 * count, dwords): what a guest sent, for replaying a bug through vtest. */
static void trace_submit(uint32_t ctx_id, const void *buffer, uint32_t ndw)
{
   static FILE *trace;
   static bool tried;
   if (!tried) {
      tried = true;
      const char *path = getenv("GLVIRT_TRACE_SUBMITS");
      if (path && !(trace = fopen(path, "ab")))
         gv_error("GLVIRT_TRACE_SUBMITS: cannot open %s", path);
   }
   if (!trace)
      return;
   uint32_t hdr[2] = { ctx_id, ndw };
   fwrite(hdr, sizeof(hdr[0]), 2, trace);
   fwrite(buffer, 4, ndw, trace);
   fflush(trace);
}

int virgl_renderer_submit_cmd(void *buffer, int ctx_id, int ndw)
{
   if (!lib_ready("submit"))
      return EINVAL;
   if (ndw < 0 || (ndw && !buffer)) {
      gv_error("submit to context %d: %d dwords at %p", ctx_id, ndw, buffer);
      return EINVAL;
   }
   uint64_t bytes = (uint64_t)ndw * 4;
   if (bytes > gv_renderer_limits(lib.r)->command_bytes) {
      gv_error("submit to context %d: %llu bytes exceed the limit of %llu (GLVIRT's "
               "command_bytes)", ctx_id, (unsigned long long)bytes,
               (unsigned long long)gv_renderer_limits(lib.r)->command_bytes);
      return EINVAL;
   }
   struct gv_context *gv = lib_ctx_enter((uint32_t)ctx_id, false, "submit");
   if (!gv)
      return EINVAL;
   gv_debug("submit: ctx %d, %d dwords", ctx_id, ndw);
   trace_submit((uint32_t)ctx_id, buffer, (uint32_t)ndw);
   /* The VMM copied the buffer out of guest memory: it cannot change under us. */
   int ret = gv_context_submit(gv, buffer, (size_t)ndw);
   /* Other contexts (the display, transfers in ctx 0) see this work only
    * once it is flushed. */
   glFlush();
   lib.last_fence_ctx = (uint32_t)ctx_id;
   if (gv_context_lost(gv))
      gv_error("context %d lost its host GL context", ctx_id);
   /* What the host cannot do was logged and skipped; only a broken or
    * hostile stream is an error of the guest (virgl_test_server then drops
    * that client, as it does for virglrenderer's own decode errors). */
   if (ret == GV_E_UNSUPPORTED || ret == GV_E_HOST)
      return 0;
   return ret < 0 ? EINVAL : 0;
}

void virgl_renderer_ctx_attach_resource(int ctx_id, int res_handle)
{
   if (!lib_ready("attach resource"))
      return;
   struct lib_ctx *c = lib_ctx_get((uint32_t)ctx_id, "attach resource");
   if (!c || !lib_res_get((uint32_t)res_handle, "attach resource"))
      return;
   if (lib_attached(c->gv, (uint32_t)res_handle))
      return;   /* attached twice: the kernel does this for shared buffers */
   gv_context_resource_share(c->gv, lib.owner, (uint32_t)res_handle);
}

void virgl_renderer_ctx_detach_resource(int ctx_id, int res_handle)
{
   if (!lib_ready("detach resource"))
      return;
   struct lib_ctx *c = lib_ctx_get((uint32_t)ctx_id, "detach resource");
   if (!c)
      return;
   if (!lib_attached(c->gv, (uint32_t)res_handle))
      return;
   lib_gl_make_current(c->gl);
   gv_context_resource_unref(c->gv, (uint32_t)res_handle);
}
