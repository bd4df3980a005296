/* Queries: objects that count on the host between BEGIN_QUERY and
 * END_QUERY, and whose result the guest reads from its own memory. Mesa
 * polls the 16-byte state record it gave as the result buffer (commands.md
 * 2.19), so GET_QUERY_RESULT writes {DONE, size, value} there before
 * returning; commands run synchronously, so BUSY_WAIT never reports the
 * buffer busy afterwards. Conditional rendering reads the result on the CPU,
 * which is exact on every host (GLES has no glBeginConditionalRender). */
#include <stdlib.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "renderer/renderer_priv.h"
#include "util/checked.h"
#include "util/log.h"

enum { QUERY_STATE_DONE = 1, QUERY_RECORD_BYTES = 16 };

static bool is_overflow(uint32_t type)
{
   return type == GV_QUERY_SO_OVERFLOW_PREDICATE || type == GV_QUERY_SO_OVERFLOW_ANY_PREDICATE;
}

/* The slot where stream output finds an active query of this kind. */
static struct gv_query **tracked_slot(struct gv_context *ctx, const struct gv_query *q)
{
   if (q->type == GV_QUERY_SO_OVERFLOW_ANY_PREDICATE)
      return &ctx->so_overflow[GV_MAX_VERTEX_STREAMS];
   if (q->index >= GV_MAX_VERTEX_STREAMS)
      return NULL;
   if (q->type == GV_QUERY_SO_OVERFLOW_PREDICATE)
      return &ctx->so_overflow[q->index];
   if (q->target == GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN)
      return &ctx->so_guest[GV_SO_WRITTEN][q->index];
   if (q->target == GL_PRIMITIVES_GENERATED)
      return &ctx->so_guest[GV_SO_GENERATED][q->index];
   return NULL;
}

static void track(struct gv_context *ctx, struct gv_query *q, bool active)
{
   struct gv_query **slot = tracked_slot(ctx, q);
   if (slot && active)
      *slot = q;
   else if (slot && *slot == q)
      *slot = NULL;
}

void gv_query_unref(struct gv_context *ctx, struct gv_query *q)
{
   if (!q || --q->refcount)
      return;
   if (q->active && q->fs_counted)
      gv_gl_occl_end(ctx, q);
   else if (q->active && q->target)
      gv_gl_query_end(&ctx->r->api, q->target, q->index, q->gl);
   track(ctx, q, false);
   if (q->gl)
      glDeleteQueries(1, &q->gl);
   gv_gl_occl_destroy(q);
   gv_resource_unref(ctx, q->res);
   free(q);
}

static struct gv_query *lookup(struct gv_context *ctx, uint32_t handle, const char *what)
{
   struct gv_object *obj = gv_handle_table_get(&ctx->cur->objects, handle);
   if (!obj || obj->type != GV_OBJ_QUERY) {
      gv_error("%s: %u is not a query", what, handle);
      return NULL;
   }
   return obj->ptr;
}

static int op_create_query(void *p, const struct gv_query_info *info)
{
   struct gv_context *ctx = p;
   struct gv_sub_ctx *sub = ctx->cur;
   if (!info->handle || gv_handle_table_get(&sub->objects, info->handle)) {
      gv_error("CREATE_OBJECT QUERY: handle %u is %s", info->handle,
               info->handle ? "already in use" : "invalid");
      return GV_E_HANDLE;
   }
   if (!gv_object_quota_ok(ctx, "QUERY"))
      return GV_E_LIMIT;
   if (info->type >= GV_QUERY_TYPE_COUNT) {
      gv_error("CREATE_OBJECT QUERY: unknown query type %u", info->type);
      return GV_E_INVALID;
   }
   GLenum target = gv_gl_query_target(&ctx->r->api, info->type, info->index);
   /* Overflow is decided by each recording from what it generated and
    * wrote on the stream (gl_streamout.c), on every host that counts
    * generated primitives. */
   bool cpu = is_overflow(info->type) && ctx->r->api.prims_generated &&
              (info->type == GV_QUERY_SO_OVERFLOW_ANY_PREDICATE ||
               info->index < (ctx->r->api.xfb_streams ? GV_MAX_VERTEX_STREAMS : 1u));
   if (!target && !cpu && info->type != GV_QUERY_GPU_FINISHED) {
      gv_error("CREATE_OBJECT QUERY: query type %u (index %u) cannot be counted on this host",
               info->type, info->index);
      return GV_E_UNSUPPORTED;
   }
   struct gv_resource *res = gv_resource_lookup(ctx, info->res, "CREATE_OBJECT QUERY");
   if (!res)
      return GV_E_HANDLE;
   /* The record is written into guest memory: it must lie inside it. */
   if (!res->backing || !gv_range_ok(info->offset, QUERY_RECORD_BYTES, res->backing_size)) {
      gv_error("CREATE_OBJECT QUERY: resource %u has no %u-byte guest record at offset %u",
               info->res, QUERY_RECORD_BYTES, info->offset);
      return GV_E_BOUNDS;
   }
   struct gv_query *q = calloc(1, sizeof(*q));
   struct gv_object *obj = calloc(1, sizeof(*obj));
   if (!q || !obj) {
      free(q);
      free(obj);
      return GV_E_NOMEM;
   }
   q->refcount = 1;
   q->type = info->type;
   q->index = info->index;
   q->offset = info->offset;
   q->target = target;
   q->res = res;
   gv_resource_ref(res);
   q->cpu_counted = cpu;
   q->fs_counted = gv_gl_occl_counted(&ctx->r->api, info->type);
   if (q->fs_counted)
      gv_gl_occl_create(q);
   else if (target)
      glGenQueries(1, &q->gl);
   obj->type = GV_OBJ_QUERY;
   obj->ptr = q;
   if (!gv_handle_table_insert(&sub->objects, info->handle, obj)) {
      gv_query_unref(ctx, q);
      free(obj);
      return GV_E_NOMEM;
   }
   return GV_OK;
}

static int op_begin_query(void *p, uint32_t handle)
{
   struct gv_context *ctx = p;
   struct gv_query *q = lookup(ctx, handle, "BEGIN_QUERY");
   if (!q)
      return GV_E_HANDLE;
   if (q->type == GV_QUERY_TIMESTAMP || q->type == GV_QUERY_GPU_FINISHED)
      return GV_OK;   /* these only have an end */
   if (q->active) {
      gv_error("BEGIN_QUERY: query %u is already active", handle);
      return GV_E_INVALID;
   }
   int ret = q->cpu_counted ? GV_OK
             : q->fs_counted ? gv_gl_occl_begin(ctx, q)
                             : gv_gl_query_begin(&ctx->r->api, q->target, q->index, q->gl);
   if (ret == GV_OK) {
      q->active = true;
      q->ended = false;
      q->carried = 0;
      track(ctx, q, true);
   }
   return ret;
}

static int op_end_query(void *p, uint32_t handle)
{
   struct gv_context *ctx = p;
   struct gv_query *q = lookup(ctx, handle, "END_QUERY");
   if (!q)
      return GV_E_HANDLE;
   if (q->type == GV_QUERY_GPU_FINISHED) {
      q->ended = true;
      return GV_OK;
   }
   if (!q->active && q->type != GV_QUERY_TIMESTAMP) {
      gv_error("END_QUERY: query %u is not active", handle);
      return GV_E_INVALID;
   }
   int ret = q->cpu_counted ? GV_OK
             : q->fs_counted ? gv_gl_occl_end(ctx, q)
                             : gv_gl_query_end(&ctx->r->api, q->target, q->index, q->gl);
   track(ctx, q, false);
   q->active = false;
   q->ended = ret == GV_OK;
   return ret;
}

/* The value the guest expects; false if `wait` is unset and the host has
 * not finished counting. A query never ended reads as 0. */
static bool query_value(struct gv_context *ctx, struct gv_query *q, bool wait, uint64_t *value)
{
   *value = 0;
   if (!q->ended)
      return true;
   if (q->type == GV_QUERY_GPU_FINISHED) {
      glFinish();
      *value = 1;
      return true;
   }
   if (q->cpu_counted)
      *value = 0;
   else if (q->fs_counted)
      *value = gv_gl_occl_result(q);   /* reading the buffer waits for the draws */
   else if (!gv_gl_query_result(&ctx->r->api, q->gl, wait, value))
      return false;
   *value += q->carried;
   if (q->type == GV_QUERY_OCCLUSION_PREDICATE ||
       q->type == GV_QUERY_OCCLUSION_PREDICATE_CONSERVATIVE || q->cpu_counted)
      *value = *value != 0;
   return true;
}

static int op_get_query_result(void *p, uint32_t handle, bool wait)
{
   struct gv_context *ctx = p;
   struct gv_query *q = lookup(ctx, handle, "GET_QUERY_RESULT");
   if (!q)
      return GV_E_HANDLE;
   (void)wait;
   /* Mesa asks without waiting and then polls guest memory, which only this
    * command writes: so always wait for the value here. */
   uint64_t value;
   query_value(ctx, q, true, &value);
   bool wide = q->type == GV_QUERY_TIMESTAMP || q->type == GV_QUERY_TIME_ELAPSED;
   uint32_t rec[4] = { QUERY_STATE_DONE, wide ? 8u : 4u, 0, 0 };
   if (!wide)
      value &= UINT32_MAX;
   memcpy(&rec[2], &value, sizeof(value));
   /* Checked at creation, but a library client may have replaced the
    * resource's memory since. */
   if (!q->res->backing || !gv_range_ok(q->offset, sizeof(rec), q->res->backing_size)) {
      gv_error("GET_QUERY_RESULT: resource %u no longer has guest memory for the record",
               q->res->desc.handle);
      return GV_E_INVALID;
   }
   memcpy(q->res->backing + q->offset, rec, sizeof(rec));
   gv_guest_written(ctx, q->res->backing + q->offset, sizeof(rec));
   return GV_OK;
}

static int op_get_query_result_qbo(void *p, const struct gv_query_qbo_info *info)
{
   struct gv_context *ctx = p;
   struct gv_query *q = lookup(ctx, info->handle, "GET_QUERY_RESULT_QBO");
   if (!q)
      return GV_E_HANDLE;
   if (info->result_type > 3) {
      gv_error("GET_QUERY_RESULT_QBO: unknown result type %u", info->result_type);
      return GV_E_INVALID;
   }
   struct gv_resource *res = gv_resource_lookup(ctx, info->res, "GET_QUERY_RESULT_QBO");
   if (!res)
      return GV_E_HANDLE;
   uint32_t size = info->result_type >= 2 ? 8 : 4;
   if (res->desc.target != GV_TARGET_BUFFER || !res->buf ||
       !gv_range_ok(info->offset, size, res->desc.width)) {
      gv_error("GET_QUERY_RESULT_QBO: %u bytes at offset %u are not inside buffer %u", size,
               info->offset, info->res);
      return GV_E_BOUNDS;
   }
   uint64_t value;
   bool available = query_value(ctx, q, info->wait, &value);
   if (info->index < 0)
      value = available;
   else if (!available)
      return GV_OK;   /* ARB_query_buffer_object: nothing is written */
   /* Saturate to the result type, as GL does for 32-bit results. */
   uint8_t bytes[8];
   if (info->result_type == 0) {
      int32_t v = value > INT32_MAX ? INT32_MAX : (int32_t)value;
      memcpy(bytes, &v, 4);
   } else if (info->result_type == 1) {
      uint32_t v = value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
      memcpy(bytes, &v, 4);
   } else if (info->result_type == 2) {
      int64_t v = value > INT64_MAX ? INT64_MAX : (int64_t)value;
      memcpy(bytes, &v, 8);
   } else {
      memcpy(bytes, &value, 8);
   }
   glBindBuffer(GL_COPY_WRITE_BUFFER, res->buf);
   glBufferSubData(GL_COPY_WRITE_BUFFER, info->offset, size, bytes);
   glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
   return gv_gl_check("GET_QUERY_RESULT_QBO");
}

static int op_set_render_condition(void *p, uint32_t handle, bool condition, uint32_t mode)
{
   struct gv_context *ctx = p;
   struct gv_sub_ctx *sub = ctx->cur;
   struct gv_query *q = NULL;
   if (handle) {
      if (!(q = lookup(ctx, handle, "SET_RENDER_CONDITION")))
         return GV_E_HANDLE;
      if (mode > 3) {
         gv_error("SET_RENDER_CONDITION: unknown mode %u", mode);
         return GV_E_INVALID;
      }
      q->refcount++;
   }
   gv_query_unref(ctx, sub->cond.query);
   sub->cond.query = q;
   sub->cond.condition = condition;
   sub->cond.no_wait = mode == 1 || mode == 3;
   return GV_OK;
}

void gv_query_so_suspend(struct gv_context *ctx, enum gv_so_count kind, uint32_t stream)
{
   struct gv_query *q = ctx->so_guest[kind][stream];
   if (!q)
      return;
   gv_gl_query_end(&ctx->r->api, q->target, q->index, q->gl);
   uint64_t v = 0;
   gv_gl_query_result(&ctx->r->api, q->gl, true, &v);
   q->carried += v;
}

void gv_query_so_resume(struct gv_context *ctx, enum gv_so_count kind, uint32_t stream,
                        uint64_t counted)
{
   struct gv_query *q = ctx->so_guest[kind][stream];
   if (!q)
      return;
   q->carried += counted;
   gv_gl_query_begin(&ctx->r->api, q->target, q->index, q->gl);
}

bool gv_query_overflow_watched(const struct gv_context *ctx, uint32_t stream)
{
   return ctx->so_overflow[stream] || ctx->so_overflow[GV_MAX_VERTEX_STREAMS];
}

void gv_query_overflowed(struct gv_context *ctx, uint32_t stream)
{
   if (ctx->so_overflow[stream])
      ctx->so_overflow[stream]->carried = 1;
   if (ctx->so_overflow[GV_MAX_VERTEX_STREAMS])
      ctx->so_overflow[GV_MAX_VERTEX_STREAMS]->carried = 1;
}

bool gv_render_condition_passes(struct gv_context *ctx, struct gv_sub_ctx *sub)
{
   struct gv_query *q = sub->cond.query;
   if (!q || !q->ended)
      return true;
   uint64_t value;
   /* NO_WAIT: render when the result is not known yet. */
   if (!query_value(ctx, q, !sub->cond.no_wait, &value))
      return true;
   return (value != 0) != sub->cond.condition;
}

void gv_query_sub_fini(struct gv_context *ctx, struct gv_sub_ctx *sub)
{
   gv_query_unref(ctx, sub->cond.query);
   sub->cond.query = NULL;
}

void gv_query_init_ops(struct gv_pipe_ops *ops)
{
   ops->create_query = op_create_query;
   ops->begin_query = op_begin_query;
   ops->end_query = op_end_query;
   ops->get_query_result = op_get_query_result;
   ops->get_query_result_qbo = op_get_query_result_qbo;
   ops->set_render_condition = op_set_render_condition;
}
