/* Storage buffers, images, memory barriers and compute dispatch
 * (SET_SHADER_BUFFERS, SET_SHADER_IMAGES, MEMORY_BARRIER, TEXTURE_BARRIER,
 * LAUNCH_GRID). Slots are checked against what the caps offered per stage
 * (gv_res_layout), ranges against the resources; bindings hold references.
 * Atomic counters arrive here too: the caps offer no hardware counters, so
 * Mesa lowers them to storage buffers in the upper slots. */
#include <string.h>

#include "renderer/renderer_priv.h"
#include "util/checked.h"
#include "util/log.h"

static void image_set(struct gv_context *ctx, struct gv_image_binding *b,
                      const struct gv_image_binding *v)
{
   if (v->res)
      gv_resource_ref(v->res);
   gv_gl_image_unbind(b);
   gv_resource_unref(ctx, b->res);
   *b = *v;
   b->tex = 0;
}

static void buffer_set(struct gv_context *ctx, struct gv_buffer_binding *b, struct gv_resource *res,
                       uint32_t offset, uint32_t size)
{
   if (res)
      gv_resource_ref(res);
   gv_resource_unref(ctx, b->res);
   *b = (struct gv_buffer_binding){ res, offset, size, 0 };
}

void gv_shader_res_fini(struct gv_context *ctx, struct gv_draw_state *d)
{
   static const struct gv_image_binding none;
   for (uint32_t s = 0; s < GV_MAX_STAGES; s++) {
      for (uint32_t i = 0; i < GV_MAX_SHADER_BUFFERS; i++)
         buffer_set(ctx, &d->ssbos[s][i], NULL, 0, 0);
      for (uint32_t i = 0; i < GV_MAX_SHADER_IMAGES; i++)
         image_set(ctx, &d->images[s][i], &none);
      d->ssbo_mask[s] = d->image_mask[s] = 0;
   }
}

static bool slots_ok(uint32_t stage, uint32_t start, uint32_t count, uint32_t offered,
                     const char *what)
{
   if (stage >= GV_MAX_STAGES || start > offered || count > offered - start) {
      gv_error("%s: stage %u slots %u+%u out of range (%u offered)", what, stage, start, count,
               stage < GV_MAX_STAGES ? offered : 0);
      return false;
   }
   return true;
}

static int op_set_shader_buffers(void *p, uint32_t stage, uint32_t start, uint32_t count,
                                 const struct gv_shader_buffer_info *b)
{
   struct gv_context *ctx = p;
   const struct gv_res_layout *l = &ctx->r->res_layout;
   if (!slots_ok(stage, start, count, stage < GV_MAX_STAGES ? l->ssbos[stage] : 0,
                 "SET_SHADER_BUFFERS"))
      return GV_E_BOUNDS;
   struct gv_resource *res[GV_MAX_SHADER_BUFFERS] = { 0 };
   uint32_t align = ctx->r->api.ssbo_alignment > 0 ? (uint32_t)ctx->r->api.ssbo_alignment : 1;
   for (uint32_t i = 0; i < count; i++) {
      if (!b[i].res)
         continue;
      res[i] = gv_resource_lookup(ctx, b[i].res, "SET_SHADER_BUFFERS");
      if (!res[i])
         return GV_E_HANDLE;
      if (res[i]->desc.target != GV_TARGET_BUFFER || !res[i]->buf) {
         gv_error("SET_SHADER_BUFFERS: resource %u is not a buffer with host storage", b[i].res);
         return GV_E_INVALID;
      }
      if (b[i].offset % align || !gv_range_ok(b[i].offset, b[i].size, res[i]->desc.width)) {
         gv_error("SET_SHADER_BUFFERS: bytes %u+%u misaligned (%u) or outside buffer %u of %u bytes",
                  b[i].offset, b[i].size, align, b[i].res, res[i]->desc.width);
         return GV_E_BOUNDS;
      }
   }
   struct gv_draw_state *d = &ctx->cur->draw;
   for (uint32_t i = 0; i < count; i++) {
      uint32_t slot = start + i;
      buffer_set(ctx, &d->ssbos[stage][slot], res[i], b[i].offset, b[i].size);
      if (res[i])
         d->ssbo_mask[stage] |= 1u << slot;
      else
         d->ssbo_mask[stage] &= ~(1u << slot);
   }
   return GV_OK;
}

/* Layers a texture image may select at `level`. */
static uint32_t image_layers(const struct gv_resource *res, uint32_t level)
{
   if (res->desc.target == GV_TARGET_3D)
      return gv_minify(res->desc.depth, level);
   return res->desc.array_size ? res->desc.array_size : 1;
}

static int check_image(struct gv_context *ctx, const struct gv_shader_image_info *in,
                       struct gv_image_binding *out)
{
   memset(out, 0, sizeof(*out));
   if (!in->res)
      return GV_OK;
   struct gv_resource *res = gv_resource_lookup(ctx, in->res, "SET_SHADER_IMAGES");
   if (!res)
      return GV_E_HANDLE;
   const struct gv_format_desc *fd = gv_format_get(in->format);
   const struct gv_gl_format *gf = gv_gl_format_get(in->format);
   if (!fd || !gf || gv_format_is_depth_or_stencil(fd) || fd->block_w != 1 || fd->block_h != 1) {
      gv_error("SET_SHADER_IMAGES: format %u cannot be an image", in->format);
      return GV_E_INVALID;
   }
   out->res = res;
   out->format = in->format;
   out->access = in->access & 3u;
   if (res->desc.target == GV_TARGET_BUFFER) {
      if (!res->buf || !gv_range_ok(in->a, in->b, res->desc.width) || in->a % fd->block_bytes) {
         gv_error("SET_SHADER_IMAGES: bytes %u+%u outside or misaligned in buffer %u of %u bytes",
                  in->a, in->b, in->res, res->desc.width);
         return GV_E_BOUNDS;
      }
      out->offset = in->a;
      out->size = in->b;
      return GV_OK;
   }
   if (!res->tex) {
      gv_error("SET_SHADER_IMAGES: resource %u has no host texture", in->res);
      return GV_E_INVALID;
   }
   out->level = in->b & 0xffu;
   out->first_layer = in->a & 0xffffu;
   out->last_layer = in->a >> 16;
   if (out->level >= res->nr_levels || out->first_layer > out->last_layer ||
       out->last_layer >= image_layers(res, out->level) || res->desc.nr_samples > 1) {
      gv_error("SET_SHADER_IMAGES: level %u layers %u..%u outside resource %u (%u levels%s)",
               out->level, out->first_layer, out->last_layer, in->res, res->nr_levels,
               res->desc.nr_samples > 1 ? ", multisampled" : "");
      return GV_E_BOUNDS;
   }
   /* Gallium binds every layer for a layered image and one for a single
    * layer; a one-layer array bound whole is layered too. */
   uint32_t t = res->desc.target, layers = image_layers(res, out->level);
   bool multi = t == GV_TARGET_3D || t == GV_TARGET_CUBE || t == GV_TARGET_1D_ARRAY ||
                t == GV_TARGET_2D_ARRAY || t == GV_TARGET_CUBE_ARRAY;
   bool all = out->first_layer == 0 && out->last_layer + 1 == layers;
   out->layered = out->first_layer != out->last_layer || (multi && all);
   out->partial = out->layered && t != GV_TARGET_3D && t != GV_TARGET_CUBE && !all;
   return GV_OK;
}

static int op_set_shader_images(void *p, uint32_t stage, uint32_t start, uint32_t count,
                                const struct gv_shader_image_info *img)
{
   struct gv_context *ctx = p;
   const struct gv_res_layout *l = &ctx->r->res_layout;
   if (!slots_ok(stage, start, count, stage < GV_MAX_STAGES ? l->images[stage] : 0,
                 "SET_SHADER_IMAGES"))
      return GV_E_BOUNDS;
   struct gv_image_binding v[GV_MAX_SHADER_IMAGES];
   for (uint32_t i = 0; i < count; i++) {
      int ret = check_image(ctx, &img[i], &v[i]);
      if (ret < 0)
         return ret;
   }
   struct gv_draw_state *d = &ctx->cur->draw;
   for (uint32_t i = 0; i < count; i++) {
      uint32_t slot = start + i;
      image_set(ctx, &d->images[stage][slot], &v[i]);
      if (v[i].res)
         d->image_mask[stage] |= 1u << slot;
      else
         d->image_mask[stage] &= ~(1u << slot);
   }
   return GV_OK;
}

static int op_memory_barrier(void *p, uint32_t flags)
{
   struct gv_context *ctx = p;
   gv_gl_memory_barrier(&ctx->r->api, flags);
   return GV_OK;
}

/* glTextureBarrier where the host has it (and the cap is offered);
 * elsewhere the nearest memory barrier rather than an error. */
static int op_texture_barrier(void *p, uint32_t flags)
{
   struct gv_context *ctx = p;
   (void)flags;
   gv_gl_texture_barrier(&ctx->r->api);
   return GV_OK;
}

static int op_launch_grid(void *p, const struct gv_launch_grid_info *g)
{
   struct gv_context *ctx = p;
   struct gv_sub_ctx *sub = ctx->cur;
   const struct gv_hostapi *api = &ctx->r->api;
   if (!api->compute) {
      gv_error("LAUNCH_GRID: compute shaders are not offered on this host");
      return GV_E_UNSUPPORTED;
   }
   if (!sub->draw.shaders[GV_STAGE_COMPUTE]) {
      gv_error("LAUNCH_GRID without a compute shader bound");
      return GV_E_INVALID;
   }
   GLuint indirect = 0;
   if (g->indirect_res) {
      struct gv_resource *res = gv_resource_lookup(ctx, g->indirect_res, "LAUNCH_GRID");
      if (!res)
         return GV_E_HANDLE;
      if (res->desc.target != GV_TARGET_BUFFER || !res->buf || g->indirect_offset % 4 ||
          !gv_range_ok(g->indirect_offset, 12, res->desc.width)) {
         gv_error("LAUNCH_GRID: indirect group counts at offset %u misaligned or outside "
                  "resource %u",
                  g->indirect_offset, g->indirect_res);
         return GV_E_BOUNDS;
      }
      indirect = res->buf;
   } else {
      for (int i = 0; i < 3; i++) {
         if (g->grid[i] > (uint32_t)api->max_compute_grid[i]) {
            gv_error("LAUNCH_GRID: %u groups in dimension %d (the host takes %d)", g->grid[i], i,
                     api->max_compute_grid[i]);
            return GV_E_INVALID;
         }
      }
      if (!g->grid[0] || !g->grid[1] || !g->grid[2])
         return GV_OK;
   }
   return gv_gl_launch_grid(ctx, sub, g, indirect);
}

void gv_shader_res_init_ops(struct gv_pipe_ops *ops)
{
   ops->set_shader_buffers = op_set_shader_buffers;
   ops->set_shader_images = op_set_shader_images;
   ops->memory_barrier = op_memory_barrier;
   ops->texture_barrier = op_texture_barrier;
   ops->launch_grid = op_launch_grid;
}
