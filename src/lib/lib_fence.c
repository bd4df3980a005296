/* libvirglrenderer.so.1: fences. The VMM queues a fence after a guest
 * command and polls; a fence is signalled, in order, once the host finished
 * the work submitted before it. Signalling happens only in the poll, never
 * inside create_fence: QEMU queues the command after create_fence returns. */
#include <errno.h>
#include <stdlib.h>

#include <epoxy/gl.h>

#include "lib/lib_state.h"
#include "util/log.h"

int virgl_renderer_create_fence(int client_fence_id, uint32_t ctx_id)
{
   (void)ctx_id;   /* QEMU passes the command type here, not a context */
   if (!lib_ready("create fence"))
      return EINVAL;
   if (lib.nr_fences == lib.cap_fences) {
      size_t cap = lib.cap_fences ? lib.cap_fences * 2 : 64;
      /* A VMM that never polls would grow this without end. */
      if (cap > (1u << 20)) {
         gv_error("create fence %d: %zu fences pending; the VMM does not poll", client_fence_id,
                  lib.nr_fences);
         return ENOMEM;
      }
      struct lib_fence *f = realloc(lib.fences, cap * sizeof(*f));
      if (!f)
         return ENOMEM;
      lib.fences = f;
      lib.cap_fences = cap;
   }
   /* In the context that did the last work, so the fence follows it. */
   if (!lib_ctx_enter(lib.last_fence_ctx, true, "create fence"))
      return EINVAL;
   GLsync sync = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
   glFlush();
   lib.fences[lib.nr_fences++] = (struct lib_fence){ (uint32_t)client_fence_id, sync };
   return 0;
}

void lib_fences_retire(bool all)
{
   if (!lib.nr_fences)
      return;
   lib_gl_make_current(lib.gl0);
   size_t done = 0;
   while (done < lib.nr_fences) {
      GLsync sync = lib.fences[done].sync;
      if (!all && sync) {
         GLenum st = glClientWaitSync(sync, 0, 0);
         if (st == GL_TIMEOUT_EXPIRED)
            break;
      }
      if (sync)
         glDeleteSync(sync);
      done++;
   }
   if (!done)
      return;
   uint32_t last = lib.fences[done - 1].id;
   for (size_t i = done; i < lib.nr_fences; i++)
      lib.fences[i - done] = lib.fences[i];
   lib.nr_fences -= done;
   if (!all && lib.cb.write_fence)
      lib.cb.write_fence(lib.cookie, last);
}

void virgl_renderer_poll(void)
{
   if (lib.inited)
      lib_fences_retire(false);
}

/* Per-context fence rings (unstable API, for VMMs other than QEMU 7.2). */
int virgl_renderer_context_create_fence(uint32_t ctx_id, uint32_t flags, uint32_t ring_idx,
                                        uint64_t fence_id)
{
   (void)flags, (void)ring_idx, (void)fence_id;
   gv_error("context %u: per-context fences are not offered by glvirt", ctx_id);
   return -EINVAL;
}

void virgl_renderer_context_poll(uint32_t ctx_id)
{
   (void)ctx_id;
   virgl_renderer_poll();
}

int virgl_renderer_context_get_poll_fd(uint32_t ctx_id)
{
   (void)ctx_id;
   return -1;
}

int virgl_renderer_export_fence(uint32_t client_fence_id, int *fd)
{
   (void)client_fence_id;
   if (fd)
      *fd = -1;
   gv_error("exporting fences is not offered by glvirt");
   return -EINVAL;
}
