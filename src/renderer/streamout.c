/* Stream output targets: a buffer range the host's transform feedback
 * writes into, and how far the recordings since it was bound have got (the
 * next draw appends there, and draw-auto counts from it). */
#include <stdlib.h>
#include <string.h>

#include "renderer/renderer_priv.h"
#include "util/checked.h"
#include "util/log.h"

void gv_so_target_unref(struct gv_context *ctx, struct gv_so_target *t)
{
   if (!t || --t->refcount)
      return;
   gv_resource_unref(ctx, t->res);
   free(t);
}

static void set_ref(struct gv_context *ctx, struct gv_so_target **slot, struct gv_so_target *t)
{
   if (t)
      t->refcount++;
   gv_so_target_unref(ctx, *slot);
   *slot = t;
}

static int op_create_so_target(void *p, uint32_t handle, uint32_t res_handle, uint32_t offset,
                               uint32_t size)
{
   struct gv_context *ctx = p;
   struct gv_sub_ctx *sub = ctx->cur;
   if (!handle || gv_handle_table_get(&sub->objects, handle)) {
      gv_error("CREATE_OBJECT STREAMOUT_TARGET: handle %u is %s", handle,
               handle ? "already in use" : "invalid");
      return GV_E_HANDLE;
   }
   if (!gv_object_quota_ok(ctx, "STREAMOUT_TARGET"))
      return GV_E_LIMIT;
   struct gv_resource *res = gv_resource_lookup(ctx, res_handle, "CREATE_OBJECT STREAMOUT_TARGET");
   if (!res)
      return GV_E_HANDLE;
   /* Transform feedback writes whole 32-bit components into a buffer. */
   if (res->desc.target != GV_TARGET_BUFFER || !res->buf || offset % 4 ||
       !gv_range_ok(offset, size, res->desc.width)) {
      gv_error("CREATE_OBJECT STREAMOUT_TARGET: %u bytes at offset %u are not a 4-byte aligned "
               "range of buffer %u (%u bytes)", size, offset, res_handle, res->desc.width);
      return GV_E_BOUNDS;
   }
   struct gv_so_target *t = calloc(1, sizeof(*t));
   struct gv_object *obj = calloc(1, sizeof(*obj));
   if (!t || !obj) {
      free(t);
      free(obj);
      return GV_E_NOMEM;
   }
   t->refcount = 1;
   t->res = res;
   gv_resource_ref(res);
   t->offset = offset;
   t->size = size - size % 4;
   obj->type = GV_OBJ_STREAMOUT_TARGET;
   obj->ptr = t;
   if (!gv_handle_table_insert(&sub->objects, handle, obj)) {
      gv_so_target_unref(ctx, t);
      free(obj);
      return GV_E_NOMEM;
   }
   return GV_OK;
}

static int op_set_so_targets(void *p, uint32_t append_mask, uint32_t count, const uint32_t *handles)
{
   struct gv_context *ctx = p;
   struct gv_draw_state *d = &ctx->cur->draw;
   struct gv_so_target *found[GV_MAX_SO_TARGETS] = { NULL };
   /* All or nothing: look everything up before changing a binding. */
   for (uint32_t i = 0; i < count; i++) {
      if (!handles[i])
         continue;
      struct gv_object *obj = gv_handle_table_get(&ctx->cur->objects, handles[i]);
      if (!obj || obj->type != GV_OBJ_STREAMOUT_TARGET) {
         gv_error("SET_STREAMOUT_TARGETS: %u is not a stream output target", handles[i]);
         return GV_E_HANDLE;
      }
      found[i] = obj->ptr;
   }
   /* Mesa's virgl driver sends no append bits (it drops Gallium's offsets):
    * a resumed recording rebinds the same targets and must go on where it
    * stopped, and a new one gets new targets. So, as virglrenderer does, a
    * target always appends and the mask is not looked at. */
   (void)append_mask;
   for (uint32_t i = 0; i < GV_MAX_SO_TARGETS; i++)
      set_ref(ctx, &d->so_targets[i], found[i]);
   d->nr_so_targets = count;
   return GV_OK;
}

int gv_so_draw_auto_count(struct gv_context *ctx, uint32_t *count)
{
   struct gv_so_target *t = ctx->cur->draw.so_last;
   if (!t) {
      gv_error("DRAW_VBO from stream output without a recording to draw");
      return GV_E_INVALID;
   }
   *count = t->stride ? t->written / t->stride : 0;
   return GV_OK;
}

void gv_so_record(struct gv_context *ctx, struct gv_draw_state *d,
                  const uint32_t stride[GV_MAX_SO_TARGETS],
                  const uint64_t vertices[GV_MAX_SO_TARGETS])
{
   for (uint32_t b = 0; b < GV_MAX_SO_TARGETS; b++) {
      struct gv_so_target *t = d->so_targets[b];
      if (!t || !stride[b])
         continue;
      uint64_t bytes;
      if (!gv_mul_u64(vertices[b], stride[b], &bytes) || bytes > t->size - t->written)
         bytes = t->size - t->written;
      t->written += (uint32_t)bytes;
      t->stride = stride[b];
   }
   /* Draw-auto draws what the first target recorded (glDrawTransformFeedback). */
   set_ref(ctx, &d->so_last, d->so_targets[0]);
}

void gv_so_sub_fini(struct gv_context *ctx, struct gv_draw_state *d)
{
   for (uint32_t i = 0; i < GV_MAX_SO_TARGETS; i++)
      set_ref(ctx, &d->so_targets[i], NULL);
   set_ref(ctx, &d->so_last, NULL);
   glDeleteQueries(GV_MAX_VERTEX_STREAMS, d->so_written);
   glDeleteQueries(GV_MAX_VERTEX_STREAMS, d->so_generated);
   glDeleteBuffers(1, &d->so_dummy);
   memset(d->so_written, 0, sizeof(d->so_written));
   memset(d->so_generated, 0, sizeof(d->so_generated));
   d->so_dummy = 0;
}

void gv_so_init_ops(struct gv_pipe_ops *ops)
{
   ops->create_so_target = op_create_so_target;
   ops->set_so_targets = op_set_so_targets;
}
