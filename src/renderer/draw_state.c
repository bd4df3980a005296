/* State objects, bindings and draws of a sub-context. Everything a client
 * names is resolved and range-checked here; the GL backend (gl_draw.c)
 * only sees validated state. Bindings of shaders, sampler views, samplers
 * and buffers hold references, so unreferencing an object that is still
 * bound never leaves a dangling binding. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "renderer/renderer_priv.h"
#include "util/checked.h"
#include "util/log.h"

/* ---- references ------------------------------------------------------ */

void gv_sampler_view_unref(struct gv_context *ctx, struct gv_sampler_view *v)
{
   if (!v || --v->refcount)
      return;
   if (v->tbo)
      glDeleteTextures(1, &v->tbo);
   if (v->view_tex)
      glDeleteTextures(1, &v->view_tex);
   gv_resource_unref(ctx, v->res);
   free(v);
}

void gv_sampler_obj_unref(struct gv_sampler_obj *s)
{
   if (!s || --s->refcount)
      return;
   if (s->gl)
      glDeleteSamplers(1, &s->gl);
   free(s);
}

static void binding_set(struct gv_context *ctx, struct gv_buffer_binding *b, struct gv_resource *res,
                        uint32_t offset, uint32_t length, uint32_t stride)
{
   if (res)
      gv_resource_ref(res);
   gv_resource_unref(ctx, b->res);
   *b = (struct gv_buffer_binding){ res, offset, length, stride };
}

void gv_draw_state_fini(struct gv_context *ctx, struct gv_sub_ctx *sub)
{
   struct gv_draw_state *d = &sub->draw;
   for (int s = 0; s < GV_MAX_STAGES; s++) {
      gv_shader_unref(ctx, d->shaders[s]);
      for (int i = 0; i < GV_MAX_SAMPLER_VIEWS; i++)
         gv_sampler_view_unref(ctx, d->views[s][i]);
      for (int i = 0; i < GV_MAX_SAMPLERS; i++)
         gv_sampler_obj_unref(d->samplers[s][i]);
      for (int i = 0; i < GV_MAX_CONST_BUFFERS; i++)
         binding_set(ctx, &d->ubos[s][i], NULL, 0, 0, 0);
      free(d->consts[s]);
   }
   for (int i = 0; i < GV_MAX_VERTEX_BUFFERS; i++)
      binding_set(ctx, &d->vbufs[i], NULL, 0, 0, 0);
   binding_set(ctx, &d->ibuf, NULL, 0, 0, 0);
   gv_gl_programs_destroy(sub);
   if (d->vao)
      glDeleteVertexArrays(1, &d->vao);
   if (d->conv_buf)
      glDeleteBuffers(1, &d->conv_buf);
   memset(d, 0, sizeof(*d));
}

/* ---- state objects --------------------------------------------------- */

static int new_object(struct gv_context *ctx, uint32_t handle, uint32_t type, void *ptr,
                      const char *what)
{
   struct gv_sub_ctx *sub = ctx->cur;
   if (!handle || gv_handle_table_get(&sub->objects, handle)) {
      gv_error("CREATE_OBJECT %s: handle %u is %s", what, handle,
               handle ? "already in use" : "invalid");
      return GV_E_HANDLE;
   }
   if (!gv_object_quota_ok(ctx, what))
      return GV_E_LIMIT;
   struct gv_object *obj = calloc(1, sizeof(*obj));
   if (!obj)
      return GV_E_NOMEM;
   obj->type = type;
   obj->ptr = ptr;
   if (!gv_handle_table_insert(&sub->objects, handle, obj)) {
      free(obj);
      return GV_E_NOMEM;
   }
   return GV_OK;
}

static int create_copy(void *p, uint32_t handle, uint32_t type, const void *state, size_t size,
                       const char *what)
{
   void *copy = malloc(size);
   if (!copy)
      return GV_E_NOMEM;
   memcpy(copy, state, size);
   int ret = new_object(p, handle, type, copy, what);
   if (ret < 0)
      free(copy);
   return ret;
}

static int op_create_blend(void *p, uint32_t h, const struct gv_blend_state *s)
{
   return create_copy(p, h, GV_OBJ_BLEND, s, sizeof(*s), "BLEND");
}

static int op_create_rasterizer(void *p, uint32_t h, const struct gv_rasterizer_state *s)
{
   return create_copy(p, h, GV_OBJ_RASTERIZER, s, sizeof(*s), "RASTERIZER");
}

static int op_create_dsa(void *p, uint32_t h, const struct gv_dsa_state *s)
{
   return create_copy(p, h, GV_OBJ_DSA, s, sizeof(*s), "DSA");
}

static int op_create_vertex_elements(void *p, uint32_t h, const struct gv_vertex_elements_state *s)
{
   for (uint32_t i = 0; i < s->count; i++) {
      const struct gv_format_desc *f = gv_format_get(s->el[i].format);
      if (s->el[i].buffer >= GV_MAX_VERTEX_BUFFERS || !f || f->block_w != 1 ||
          gv_format_is_depth_or_stencil(f)) {
         gv_error("CREATE_OBJECT VERTEX_ELEMENTS: element %u has buffer %u / format %s", i,
                  s->el[i].buffer, gv_format_name(s->el[i].format));
         return GV_E_INVALID;
      }
   }
   return create_copy(p, h, GV_OBJ_VERTEX_ELEMENTS, s, sizeof(*s), "VERTEX_ELEMENTS");
}

static int op_create_sampler_state(void *p, uint32_t h, const struct gv_sampler_state *s)
{
   struct gv_sampler_obj *o = calloc(1, sizeof(*o));
   if (!o)
      return GV_E_NOMEM;
   o->refcount = 1;
   o->state = *s;
   o->gl = gv_gl_sampler_create(&((struct gv_context *)p)->r->api, o);
   int ret = new_object(p, h, GV_OBJ_SAMPLER_STATE, o, "SAMPLER_STATE");
   if (ret < 0)
      gv_sampler_obj_unref(o);
   return ret;
}

/* Whether a texture of virgl target `res` may be viewed as `view` (the
 * texture view target table of GL 4.3; a rectangle and a 2D texture are
 * let through, GLES stores both as 2D). */
static bool view_target_ok(uint32_t res, uint32_t view)
{
   static const uint16_t ok[GV_TARGET_COUNT] = {
      [GV_TARGET_1D] = 1u << GV_TARGET_1D | 1u << GV_TARGET_1D_ARRAY,
      [GV_TARGET_1D_ARRAY] = 1u << GV_TARGET_1D | 1u << GV_TARGET_1D_ARRAY,
      [GV_TARGET_2D] = 1u << GV_TARGET_2D | 1u << GV_TARGET_2D_ARRAY | 1u << GV_TARGET_RECT,
      [GV_TARGET_RECT] = 1u << GV_TARGET_RECT | 1u << GV_TARGET_2D,
      [GV_TARGET_3D] = 1u << GV_TARGET_3D,
      [GV_TARGET_CUBE] = 1u << GV_TARGET_2D | 1u << GV_TARGET_2D_ARRAY | 1u << GV_TARGET_CUBE |
                         1u << GV_TARGET_CUBE_ARRAY,
      [GV_TARGET_2D_ARRAY] = 1u << GV_TARGET_2D | 1u << GV_TARGET_2D_ARRAY | 1u << GV_TARGET_CUBE |
                             1u << GV_TARGET_CUBE_ARRAY,
      [GV_TARGET_CUBE_ARRAY] = 1u << GV_TARGET_2D | 1u << GV_TARGET_2D_ARRAY |
                               1u << GV_TARGET_CUBE | 1u << GV_TARGET_CUBE_ARRAY,
   };
   return res < GV_TARGET_COUNT && view < GV_TARGET_COUNT && (ok[res] >> view & 1u);
}

static int op_create_sampler_view(void *p, const struct gv_sampler_view_info *info)
{
   struct gv_context *ctx = p;
   struct gv_resource *res = gv_resource_lookup(ctx, info->res, "CREATE_OBJECT SAMPLER_VIEW");
   if (!res)
      return GV_E_HANDLE;
   const struct gv_format_desc *fmt = gv_format_get(info->format);
   if (!fmt) {
      gv_error("CREATE_OBJECT SAMPLER_VIEW: invalid format %u", info->format);
      return GV_E_INVALID;
   }
   for (int i = 0; i < 4; i++) {
      if (info->swizzle[i] > 5) {
         gv_error("CREATE_OBJECT SAMPLER_VIEW: swizzle value %u", info->swizzle[i]);
         return GV_E_INVALID;
      }
   }
   /* The view keeps its target for the backend: only values of the enum get that far. */
   if (info->target >= GV_TARGET_COUNT) {
      gv_error("CREATE_OBJECT SAMPLER_VIEW: unknown texture target %u", info->target);
      return GV_E_INVALID;
   }
   uint32_t target = info->target ? info->target : res->desc.target;
   if (res->desc.target == GV_TARGET_BUFFER) {
      if (info->first_element > info->last_element ||
          (uint64_t)(info->last_element + 1ull) * fmt->block_bytes > res->desc.width) {
         gv_error("CREATE_OBJECT SAMPLER_VIEW: elements %u..%u outside buffer %u", info->first_element,
                  info->last_element, info->res);
         return GV_E_BOUNDS;
      }
   } else if (info->first_level > info->last_level || info->first_level >= res->nr_levels ||
              info->first_layer > info->last_layer ||
              (res->desc.target != GV_TARGET_3D && info->last_layer >= res->levels[0].slices)) {
      /* Layers count for arrays and cube maps (a 3D view names its slices). */
      gv_error("CREATE_OBJECT SAMPLER_VIEW: levels %u..%u layers %u..%u invalid for resource %u",
               info->first_level, info->last_level, info->first_layer, info->last_layer, info->res);
      return GV_E_BOUNDS;
   } else if (info->target && !view_target_ok(res->desc.target, info->target)) {
      gv_error("CREATE_OBJECT SAMPLER_VIEW: resource %u of target %u cannot be viewed as target %u",
               info->res, res->desc.target, info->target);
      return GV_E_INVALID;
   }
   struct gv_sampler_view *v = calloc(1, sizeof(*v));
   if (!v)
      return GV_E_NOMEM;
   v->refcount = 1;
   v->res = res;
   gv_resource_ref(res);
   v->info = *info;
   v->target = target;
   int ret = new_object(ctx, info->handle, GV_OBJ_SAMPLER_VIEW, v, "SAMPLER_VIEW");
   if (ret < 0)
      gv_sampler_view_unref(ctx, v);
   return ret;
}

/* ---- bindings -------------------------------------------------------- */

static void *lookup(struct gv_context *ctx, uint32_t handle, uint32_t type, const char *what)
{
   struct gv_object *obj = gv_handle_table_get(&ctx->cur->objects, handle);
   if (!obj || obj->type != type) {
      gv_error("%s: %u is not a %s object", what, handle, gv_object_type_name(type));
      return NULL;
   }
   return obj->ptr;
}

static int op_bind_object(void *p, uint32_t type, uint32_t handle)
{
   struct gv_context *ctx = p;
   struct gv_draw_state *d = &ctx->cur->draw;
   void *s = NULL;
   if (handle && !(s = lookup(ctx, handle, type, "BIND_OBJECT")))
      return GV_E_HANDLE;
   switch (type) {
   case GV_OBJ_BLEND:
      if (s)
         d->blend = *(struct gv_blend_state *)s;
      else
         memset(&d->blend, 0, sizeof(d->blend));
      break;
   case GV_OBJ_RASTERIZER:
      if (s)
         d->rast = *(struct gv_rasterizer_state *)s;
      else
         memset(&d->rast, 0, sizeof(d->rast));
      break;
   case GV_OBJ_DSA:
      if (s)
         d->dsa = *(struct gv_dsa_state *)s;
      else
         memset(&d->dsa, 0, sizeof(d->dsa));
      break;
   default:
      if (s)
         d->ve = *(struct gv_vertex_elements_state *)s;
      else
         memset(&d->ve, 0, sizeof(d->ve));
      break;
   }
   return GV_OK;
}

static int op_bind_shader(void *p, uint32_t handle, uint32_t stage)
{
   struct gv_context *ctx = p;
   if (stage >= GV_MAX_STAGES) {
      gv_error("BIND_SHADER: stage %u out of range", stage);
      return GV_E_INVALID;
   }
   struct gv_shader *sh = NULL;
   if (handle) {
      sh = lookup(ctx, handle, GV_OBJ_SHADER, "BIND_SHADER");
      if (!sh)
         return GV_E_HANDLE;
      if (sh->virgl_stage != stage || !sh->complete) {
         gv_error("BIND_SHADER: shader %u is %s for stage %u", handle,
                  sh->complete ? "of another stage" : "incomplete", stage);
         return GV_E_INVALID;
      }
      sh->refcount++;
   }
   struct gv_draw_state *d = &ctx->cur->draw;
   gv_shader_unref(ctx, d->shaders[stage]);
   d->shaders[stage] = sh;
   return GV_OK;
}

static int op_set_viewports(void *p, uint32_t start, uint32_t count, const struct gv_viewport *vp)
{
   struct gv_context *ctx = p;
   if (start >= GV_MAX_VIEWPORTS || count > GV_MAX_VIEWPORTS - start) {
      gv_error("SET_VIEWPORT_STATE: viewports %u+%u out of range", start, count);
      return GV_E_BOUNDS;
   }
   memcpy(&ctx->cur->draw.viewports[start], vp, count * sizeof(*vp));
   return GV_OK;
}

static int op_set_scissors(void *p, uint32_t start, uint32_t count, const struct gv_scissor *sc)
{
   struct gv_context *ctx = p;
   if (start >= GV_MAX_VIEWPORTS || count > GV_MAX_VIEWPORTS - start) {
      gv_error("SET_SCISSOR_STATE: scissors %u+%u out of range", start, count);
      return GV_E_BOUNDS;
   }
   memcpy(&ctx->cur->draw.scissors[start], sc, count * sizeof(*sc));
   return GV_OK;
}

static struct gv_resource *lookup_buffer(struct gv_context *ctx, uint32_t handle, const char *what)
{
   struct gv_resource *res = gv_resource_lookup(ctx, handle, what);
   if (res && res->desc.target != GV_TARGET_BUFFER) {
      gv_error("%s: resource %u is not a buffer", what, handle);
      return NULL;
   }
   return res;
}

static int op_set_vertex_buffers(void *p, uint32_t count, const struct gv_vertex_buffer *vb)
{
   struct gv_context *ctx = p;
   struct gv_draw_state *d = &ctx->cur->draw;
   struct gv_resource *res[GV_MAX_VERTEX_BUFFERS] = { 0 };
   for (uint32_t i = 0; i < count; i++) {
      if (vb[i].res && !(res[i] = lookup_buffer(ctx, vb[i].res, "SET_VERTEX_BUFFERS")))
         return GV_E_HANDLE;
   }
   for (uint32_t i = 0; i < GV_MAX_VERTEX_BUFFERS; i++)
      binding_set(ctx, &d->vbufs[i], i < count ? res[i] : NULL, i < count ? vb[i].offset : 0, 0,
                  i < count ? vb[i].stride : 0);
   d->nr_vbufs = count;
   return GV_OK;
}

static int op_set_index_buffer(void *p, uint32_t handle, uint32_t size, uint32_t offset)
{
   struct gv_context *ctx = p;
   struct gv_resource *res = NULL;
   if (handle) {
      if (size != 1 && size != 2 && size != 4) {
         gv_error("SET_INDEX_BUFFER: index size %u", size);
         return GV_E_INVALID;
      }
      if (!(res = lookup_buffer(ctx, handle, "SET_INDEX_BUFFER")))
         return GV_E_HANDLE;
   }
   binding_set(ctx, &ctx->cur->draw.ibuf, res, offset, 0, size);
   return GV_OK;
}

static int op_set_constant_buffer(void *p, uint32_t stage, uint32_t index, const uint32_t *data,
                                  uint32_t count)
{
   struct gv_context *ctx = p;
   struct gv_draw_state *d = &ctx->cur->draw;
   if (stage >= GV_MAX_STAGES) {
      gv_error("SET_CONSTANT_BUFFER: stage %u out of range", stage);
      return GV_E_INVALID;
   }
   if (count == 0 || index != 0) {
      /* Unbinding (or a non-default slot, which Mesa never fills this way). */
      if (index == 0) {
         free(d->consts[stage]);
         d->consts[stage] = NULL;
         d->nr_consts[stage] = 0;
      }
      return GV_OK;
   }
   uint32_t *copy = malloc((size_t)count * 4);
   if (!copy)
      return GV_E_NOMEM;
   memcpy(copy, data, (size_t)count * 4);
   free(d->consts[stage]);
   d->consts[stage] = copy;
   d->nr_consts[stage] = count;
   return GV_OK;
}

static int op_set_uniform_buffer(void *p, uint32_t stage, uint32_t index, uint32_t offset,
                                 uint32_t length, uint32_t handle)
{
   struct gv_context *ctx = p;
   if (stage >= GV_MAX_STAGES || index >= GV_MAX_CONST_BUFFERS) {
      gv_error("SET_UNIFORM_BUFFER: stage %u slot %u out of range", stage, index);
      return GV_E_INVALID;
   }
   struct gv_resource *res = NULL;
   if (handle) {
      if (!(res = lookup_buffer(ctx, handle, "SET_UNIFORM_BUFFER")))
         return GV_E_HANDLE;
      uint64_t end;
      if (!gv_add_u64(offset, length, &end) || end > res->desc.width) {
         gv_error("SET_UNIFORM_BUFFER: bytes %u+%u outside buffer %u of %u bytes", offset, length,
                  handle, res->desc.width);
         return GV_E_BOUNDS;
      }
   }
   binding_set(ctx, &ctx->cur->draw.ubos[stage][index], res, offset, length, 0);
   return GV_OK;
}

static int op_set_sampler_views(void *p, uint32_t stage, uint32_t start, uint32_t count,
                                const uint32_t *handles)
{
   struct gv_context *ctx = p;
   if (stage >= GV_MAX_STAGES || start > GV_MAX_SAMPLER_VIEWS || count > GV_MAX_SAMPLER_VIEWS - start) {
      gv_error("SET_SAMPLER_VIEWS: stage %u slots %u+%u out of range", stage, start, count);
      return GV_E_BOUNDS;
   }
   struct gv_sampler_view *v[GV_MAX_SAMPLER_VIEWS] = { 0 };
   for (uint32_t i = 0; i < count; i++) {
      if (handles[i] && !(v[i] = lookup(ctx, handles[i], GV_OBJ_SAMPLER_VIEW, "SET_SAMPLER_VIEWS")))
         return GV_E_HANDLE;
   }
   struct gv_draw_state *d = &ctx->cur->draw;
   /* Slots from start+count on are unbound (commands.md 2.10). */
   for (uint32_t i = start; i < GV_MAX_SAMPLER_VIEWS; i++) {
      struct gv_sampler_view *nv = i < start + count ? v[i - start] : NULL;
      if (nv)
         nv->refcount++;
      gv_sampler_view_unref(ctx, d->views[stage][i]);
      d->views[stage][i] = nv;
   }
   d->nr_views[stage] = start + count;
   return GV_OK;
}

static int op_bind_sampler_states(void *p, uint32_t stage, uint32_t start, uint32_t count,
                                  const uint32_t *handles)
{
   struct gv_context *ctx = p;
   if (stage >= GV_MAX_STAGES || start > GV_MAX_SAMPLERS || count > GV_MAX_SAMPLERS - start) {
      gv_error("BIND_SAMPLER_STATES: stage %u slots %u+%u out of range", stage, start, count);
      return GV_E_BOUNDS;
   }
   struct gv_sampler_obj *s[GV_MAX_SAMPLERS] = { 0 };
   for (uint32_t i = 0; i < count; i++) {
      if (handles[i] && !(s[i] = lookup(ctx, handles[i], GV_OBJ_SAMPLER_STATE, "BIND_SAMPLER_STATES")))
         return GV_E_HANDLE;
   }
   struct gv_draw_state *d = &ctx->cur->draw;
   for (uint32_t i = 0; i < count; i++) {
      if (s[i])
         s[i]->refcount++;
      gv_sampler_obj_unref(d->samplers[stage][start + i]);
      d->samplers[stage][start + i] = s[i];
   }
   return GV_OK;
}

static int op_set_stencil_ref(void *p, uint8_t front, uint8_t back)
{
   struct gv_context *ctx = p;
   ctx->cur->draw.stencil_ref[0] = front;
   ctx->cur->draw.stencil_ref[1] = back;
   return GV_OK;
}

static int op_set_blend_color(void *p, const float color[4])
{
   struct gv_context *ctx = p;
   memcpy(ctx->cur->draw.blend_color, color, sizeof(float) * 4);
   return GV_OK;
}

static int op_set_sample_mask(void *p, uint32_t mask)
{
   struct gv_context *ctx = p;
   ctx->cur->draw.sample_mask = mask;
   return GV_OK;
}

static int op_set_polygon_stipple(void *p, const uint32_t rows[32])
{
   struct gv_context *ctx = p;
   memcpy(ctx->cur->draw.poly_stipple, rows, sizeof(ctx->cur->draw.poly_stipple));
   return GV_OK;
}

static int op_set_min_samples(void *p, uint32_t min_samples)
{
   struct gv_context *ctx = p;
   ctx->cur->draw.min_samples = min_samples;
   return GV_OK;
}

/* The host clamps levels to its range; NaN and infinities, which GL leaves
 * undefined, become GL's default 1.0 so that no host sees them. */
static int op_set_tess_state(void *p, const float levels[6])
{
   struct gv_context *ctx = p;
   for (int i = 0; i < 6; i++)
      ctx->cur->draw.tess_levels[i] = isfinite(levels[i]) ? levels[i] : 1.0f;
   ctx->cur->draw.tess_levels_set = true;
   return GV_OK;
}

static int op_set_clip_state(void *p, const float planes[8][4])
{
   struct gv_context *ctx = p;
   memcpy(ctx->cur->draw.clip_planes, planes, sizeof(ctx->cur->draw.clip_planes));
   return GV_OK;
}

/* ---- draws ----------------------------------------------------------- */

static int check_index_buffer(const struct gv_draw_state *d)
{
   if (!d->ibuf.res) {
      gv_error("DRAW_VBO: indexed draw without an index buffer");
      return GV_E_INVALID;
   }
   /* A staging-only buffer lives in guest memory alone: with no host
    * buffer bound, GL would take the index offset for a pointer into
    * this process. */
   if (!d->ibuf.res->buf) {
      gv_error("DRAW_VBO: index buffer %u has no host storage (created for staging only)",
               d->ibuf.res->desc.handle);
      return GV_E_INVALID;
   }
   return GV_OK;
}

/* A buffer the host reads draw parameters from: it must have host storage,
 * and [offset, offset + bytes) must lie inside it at a 4-byte alignment
 * (GL's rule for indirect offsets). */
static GLuint indirect_buffer(struct gv_context *ctx, uint32_t handle, uint32_t offset,
                              uint64_t bytes, const char *what)
{
   struct gv_resource *res = lookup_buffer(ctx, handle, "DRAW_VBO");
   if (!res)
      return 0;
   if (!res->buf) {
      gv_error("DRAW_VBO: %s buffer %u has no host storage (created for staging only)", what, handle);
      return 0;
   }
   if (offset % 4 || !gv_range_ok(offset, bytes, res->desc.width)) {
      gv_error("DRAW_VBO: %s of %llu bytes at offset %u misaligned or past buffer %u of %u bytes",
               what, (unsigned long long)bytes, offset, handle, res->desc.width);
      return 0;
   }
   return res->buf;
}

/* Checks an indirect draw's command range (and count) against its buffers:
 * the host reads them on its own, so every command it may read must lie
 * inside. What the commands ask for (vertex and index ranges) is left to
 * the host's robust buffer access, as for direct draws' vertex fetches. */
static int draw_indirect(struct gv_context *ctx, struct gv_sub_ctx *sub, const struct gv_draw_info *info)
{
   struct gv_draw_state *d = &sub->draw;
   if (info->count_from_so) {
      gv_error("DRAW_VBO: an indirect draw cannot also draw from stream output");
      return GV_E_INVALID;
   }
   if (info->indirect_draw_count == 0)
      return GV_OK;
   /* DrawElementsIndirectCommand: 5 uint32; DrawArraysIndirectCommand: 4. */
   uint32_t cmd_size = info->indexed ? 20u : 16u;
   uint32_t stride = info->indirect_draw_count > 1 && info->indirect_stride ? info->indirect_stride : cmd_size;
   if (stride % 4) {
      gv_error("DRAW_VBO: indirect stride %u is not a multiple of 4", stride);
      return GV_E_INVALID;
   }
   uint64_t last, bytes;
   if (!gv_mul_u64(info->indirect_draw_count - 1u, stride, &last) || !gv_add_u64(last, cmd_size, &bytes)) {
      gv_error("DRAW_VBO: %u indirect commands of stride %u overflow", info->indirect_draw_count, stride);
      return GV_E_BOUNDS;
   }
   struct gv_draw_indirect ind = { 0 };
   ind.offset = info->indirect_offset, ind.stride = stride, ind.max_draws = info->indirect_draw_count;
   ind.buf = indirect_buffer(ctx, info->indirect_res, info->indirect_offset, bytes, "indirect command");
   if (!ind.buf)
      return GV_E_BOUNDS;
   if (info->indirect_count_res) {
      ind.count_offset = info->indirect_count_offset;
      ind.count_buf = indirect_buffer(ctx, info->indirect_count_res, info->indirect_count_offset, 4,
                                      "indirect draw count");
      if (!ind.count_buf)
         return GV_E_BOUNDS;
   }
   if (info->indexed) {
      int ret = check_index_buffer(d);
      if (ret < 0)
         return ret;
      /* The commands' first index counts from the start of the element
       * buffer: GL has no offset for indirect index data, and Mesa sends 0. */
      if (d->ibuf.offset) {
         gv_error("DRAW_VBO: indirect indexed draw with index buffer offset %u (must be 0)", d->ibuf.offset);
         return GV_E_INVALID;
      }
   }
   if (!gv_render_condition_passes(ctx, sub))
      return GV_OK;
   return gv_gl_draw(ctx, sub, info, &ind);
}

static int op_draw_vbo(void *p, const struct gv_draw_info *info)
{
   struct gv_context *ctx = p;
   struct gv_sub_ctx *sub = ctx->cur;
   struct gv_draw_state *d = &sub->draw;
   if (info->mode > 14) {
      gv_error("DRAW_VBO: primitive type %u", info->mode);
      return GV_E_INVALID;
   }
   /* PIPE_PRIM_PATCHES: the host refuses a patch size outside its range,
    * and Mesa's guest never asks for more than 32. */
   int max_patch = ctx->r->api.max_patch_vertices < 32 ? ctx->r->api.max_patch_vertices : 32;
   if (info->mode == 14 && (info->vertices_per_patch == 0 || info->vertices_per_patch > (uint32_t)max_patch)) {
      gv_error("DRAW_VBO: %u vertices per patch (this host takes 1..%d)", info->vertices_per_patch, max_patch);
      return GV_E_INVALID;
   }
   if (!d->shaders[GV_STAGE_VERTEX] || !d->shaders[GV_STAGE_FRAGMENT]) {
      gv_error("DRAW_VBO without a %s shader bound",
               d->shaders[GV_STAGE_VERTEX] ? "fragment" : "vertex");
      return GV_E_INVALID;
   }
   if (info->indirect_res)
      return draw_indirect(ctx, sub, info);
   struct gv_draw_info from_so;
   if (info->count_from_so) {
      /* Draw-auto: the vertices the last recording wrote, from the start. */
      from_so = *info;
      from_so.start = 0;
      from_so.indexed = false;
      from_so.count_from_so = 0;
      int ret = gv_so_draw_auto_count(ctx, &from_so.count);
      if (ret < 0)
         return ret;
      info = &from_so;
   }
   if (info->count == 0 || info->instance_count == 0)
      return GV_OK;
   if (info->indexed) {
      int ret = check_index_buffer(d);
      if (ret < 0)
         return ret;
      uint64_t bytes, end;
      if (!gv_mul_u64(info->count, d->ibuf.stride, &bytes) ||
          !gv_add_u64(bytes, d->ibuf.offset, &end) || end > d->ibuf.res->desc.width) {
         gv_error("DRAW_VBO: %u indices of %u bytes at offset %u run past index buffer of %u bytes",
                  info->count, d->ibuf.stride, d->ibuf.offset, d->ibuf.res->desc.width);
         return GV_E_BOUNDS;
      }
   }
   if (!gv_render_condition_passes(ctx, sub))
      return GV_OK;
   /* Vertex fetches past a buffer's end are left to the host's robust
    * buffer access; the ranges depend on the index data. */
   return gv_gl_draw(ctx, sub, info, NULL);
}

void gv_draw_state_init_ops(struct gv_pipe_ops *ops)
{
   ops->create_blend = op_create_blend;
   ops->create_rasterizer = op_create_rasterizer;
   ops->create_dsa = op_create_dsa;
   ops->create_vertex_elements = op_create_vertex_elements;
   ops->create_sampler_view = op_create_sampler_view;
   ops->create_sampler_state = op_create_sampler_state;
   ops->bind_object = op_bind_object;
   ops->bind_shader = op_bind_shader;
   ops->set_viewports = op_set_viewports;
   ops->set_scissors = op_set_scissors;
   ops->set_vertex_buffers = op_set_vertex_buffers;
   ops->set_index_buffer = op_set_index_buffer;
   ops->set_constant_buffer = op_set_constant_buffer;
   ops->set_uniform_buffer = op_set_uniform_buffer;
   ops->set_sampler_views = op_set_sampler_views;
   ops->bind_sampler_states = op_bind_sampler_states;
   ops->set_stencil_ref = op_set_stencil_ref;
   ops->set_blend_color = op_set_blend_color;
   ops->set_sample_mask = op_set_sample_mask;
   ops->set_clip_state = op_set_clip_state;
   ops->set_polygon_stipple = op_set_polygon_stipple;
   ops->set_min_samples = op_set_min_samples;
   ops->set_tess_state = op_set_tess_state;
   ops->draw_vbo = op_draw_vbo;
}
