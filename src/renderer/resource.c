#include <stdlib.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "renderer/renderer_priv.h"
#include "util/checked.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

struct gv_resource *gv_resource_lookup(struct gv_context *ctx, uint32_t handle, const char *what)
{
   struct gv_resource *res = gv_handle_table_get(&ctx->resources, handle);
   if (!res)
      gv_error("%s: no resource %u", what, handle);
   return res;
}

void gv_resource_ref(struct gv_resource *res)
{
   res->refcount++;
}

void gv_resource_unref(struct gv_context *ctx, struct gv_resource *res)
{
   (void)ctx;
   if (!res || --res->refcount)
      return;
   /* The last reference may be dropped by a context it was shared with. */
   gv_gl_resource_destroy(res->owner, res);
   res->owner->host_bytes -= res->host_bytes;
   if (res->release)
      res->release(res->release_data);
   free(res);
}

static int check_host_limits(const struct gv_context *ctx, const struct gv_resource_desc *d)
{
   const struct gv_hostapi *api = &ctx->r->api;
   uint32_t max = (uint32_t)api->max_texture_size;
   const char *why = NULL;

   switch (d->target) {
   case GV_TARGET_BUFFER:
      return GV_OK;
   case GV_TARGET_3D:
      max = (uint32_t)api->max_3d_texture_size;
      if (d->depth > max)
         why = "depth above the host's 3D texture limit";
      break;
   case GV_TARGET_CUBE:
   case GV_TARGET_CUBE_ARRAY:
      max = (uint32_t)api->max_cube_map_texture_size;
      if (d->target == GV_TARGET_CUBE_ARRAY && !api->tex_cube_array)
         why = "the host has no cube map arrays";
      break;
   default:
      break;
   }
   if (!why && (d->width > max || d->height > max))
      why = "size above the host's texture limit";
   if (!why && d->array_size > (uint32_t)api->max_array_texture_layers)
      why = "more layers than the host allows";
   if (!why && d->nr_samples > 1) {
      if (d->nr_samples > (uint32_t)api->max_samples)
         why = "more samples than the host allows";
      else if (d->target == GV_TARGET_2D ? !api->tex_multisample : !api->tex_multisample_array)
         why = "the host cannot store this multisample texture";
   }
   if (why) {
      gv_error("resource %u: %s (%ux%ux%u, %u layers, %u samples)", d->handle, why, d->width,
               d->height, d->depth, d->array_size, d->nr_samples);
      return GV_E_UNSUPPORTED;
   }
   return GV_OK;
}

int gv_context_resource_create(struct gv_context *ctx, const struct gv_resource_desc *desc,
                               void *backing, size_t backing_size,
                               void (*release)(void *release_data), void *release_data)
{
   struct gv_resource_desc d = *desc;
   /* Mesa sends fence buffers with array size 0. */
   if (d.target == GV_TARGET_BUFFER && d.array_size == 0)
      d.array_size = 1;

   if (!d.handle) {
      gv_error("resource handle 0 is reserved");
      return GV_E_HANDLE;
   }
   if (gv_handle_table_get(&ctx->resources, d.handle)) {
      gv_error("resource %u already exists", d.handle);
      return GV_E_HANDLE;
   }
   const struct gv_limits *lim = &ctx->r->cfg.limits;
   if (ctx->resources.count >= lim->resources) {
      gv_error("resource %u: the context already holds %u resources (the limit; --max-resources)",
               d.handle, lim->resources);
      gv_context_fail(ctx);
      return GV_E_LIMIT;
   }

   struct gv_resource *res = calloc(1, sizeof(*res));
   if (!res)
      return GV_E_NOMEM;
   res->desc = d;
   res->fmt = gv_format_get(d.format);
   uint64_t guest_size;
   int ret = gv_layout_compute(&d, res->fmt, res->levels, &res->nr_levels, &guest_size);
   if (ret < 0)
      goto fail;
   if (d.target != GV_TARGET_BUFFER) {
      res->glf = gv_gl_format_get(d.format);
      if (!res->glf) {
         gv_error("resource %u: format %s cannot be stored on this host", d.handle,
                  gv_format_name(d.format));
         ret = GV_E_UNSUPPORTED;
         goto fail;
      }
   }
   if ((ret = check_host_limits(ctx, &d)) < 0)
      goto fail;
   /* What the host will store: every level, every sample. */
   const struct gv_level_layout *last = &res->levels[res->nr_levels - 1];
   uint64_t host_bytes, total;
   if (!gv_mul_u64(last->layer_stride, last->slices, &host_bytes) ||
       !gv_add_u64(host_bytes, last->offset, &host_bytes) ||
       !gv_mul_u64(host_bytes, d.nr_samples > 1 ? d.nr_samples : 1, &host_bytes) ||
       !gv_add_u64(ctx->host_bytes, host_bytes, &total) || total > lim->host_memory) {
      gv_error("resource %u: %llu more bytes of host memory would exceed the client's %llu "
               "(%llu in use; --max-host-memory)", d.handle, (unsigned long long)host_bytes,
               (unsigned long long)lim->host_memory, (unsigned long long)ctx->host_bytes);
      ret = GV_E_LIMIT;
      goto fail;
   }
   /* A smaller backing store would let transfers address past it. */
   if (backing_size && backing_size < guest_size) {
      gv_error("resource %u: backing store of %zu bytes, layout needs %llu", d.handle,
               backing_size, (unsigned long long)guest_size);
      ret = GV_E_INVALID;
      goto fail;
   }
   res->backing = backing;
   res->backing_size = backing ? backing_size : 0;
   res->refcount = 1;
   res->owner = ctx;
   res->guest_size = guest_size;

   ret = gv_gl_resource_create(ctx, res);
   if (ret < 0)
      goto fail;
   if (!gv_handle_table_insert(&ctx->resources, d.handle, res)) {
      gv_gl_resource_destroy(ctx, res);
      ret = GV_E_NOMEM;
      goto fail;
   }
   /* Only now does the resource own the backing store and count. */
   res->host_bytes = host_bytes;
   ctx->host_bytes += host_bytes;
   res->release = release;
   res->release_data = release_data;
   return GV_OK;

fail:
   free(res);
   gv_context_fail(ctx);
   return ret;
}

int gv_context_resource_unref(struct gv_context *ctx, uint32_t handle)
{
   struct gv_resource *res = gv_handle_table_remove(&ctx->resources, handle);
   if (!res) {
      gv_error("unref of unknown resource %u", handle);
      gv_context_fail(ctx);
      return GV_E_HANDLE;
   }
   gv_resource_unref(ctx, res);
   return GV_OK;
}

int gv_context_resource_share(struct gv_context *ctx, struct gv_context *owner, uint32_t handle)
{
   struct gv_resource *res = gv_handle_table_get(&owner->resources, handle);
   if (!res) {
      gv_error("attach of unknown resource %u", handle);
      return GV_E_HANDLE;
   }
   if (ctx == owner)
      return GV_OK;
   if (gv_handle_table_get(&ctx->resources, handle)) {
      gv_error("resource %u is already attached to this context", handle);
      return GV_E_HANDLE;
   }
   if (ctx->resources.count >= ctx->r->cfg.limits.resources) {
      gv_error("attach of resource %u: the context already holds %u resources (the limit; "
               "--max-resources)", handle, ctx->r->cfg.limits.resources);
      gv_context_fail(ctx);
      return GV_E_LIMIT;
   }
   if (!gv_handle_table_insert(&ctx->resources, handle, res))
      return GV_E_NOMEM;
   gv_resource_ref(res);
   return GV_OK;
}

int gv_context_resource_set_backing(struct gv_context *ctx, uint32_t handle, void *backing,
                                    size_t backing_size)
{
   struct gv_resource *res = gv_resource_lookup(ctx, handle, "backing store");
   if (!res)
      return GV_E_HANDLE;
   /* Queries, copies and transfers rely on the whole layout being there. */
   if (backing && backing_size < res->guest_size) {
      gv_error("resource %u: backing store of %zu bytes, layout needs %llu", handle, backing_size,
               (unsigned long long)res->guest_size);
      return GV_E_INVALID;
   }
   res->backing = backing;
   res->backing_size = backing ? backing_size : 0;
   return GV_OK;
}

int gv_context_resource_info(struct gv_context *ctx, uint32_t handle, struct gv_resource_info *out)
{
   struct gv_resource *res = gv_handle_table_get(&ctx->resources, handle);
   if (!res)
      return GV_E_HANDLE;
   memset(out, 0, sizeof(*out));
   out->desc = res->desc;
   out->gl_texture = res->tex;
   out->gl_buffer = res->buf;
   out->gl_target = res->gl_target;
   out->stride = res->levels[0].stride;
   out->guest_size = res->guest_size;
   return GV_OK;
}

int gv_resource_check_box(const struct gv_resource *res, uint32_t level, const struct gv_box *b,
                          const char *what)
{
   const struct gv_resource_desc *d = &res->desc;
   if (level >= res->nr_levels) {
      gv_error("%s: resource %u has no level %u", what, d->handle, level);
      return GV_E_BOUNDS;
   }
   const struct gv_level_layout *lv = &res->levels[level];
   uint32_t height = d->target == GV_TARGET_1D || d->target == GV_TARGET_1D_ARRAY ? 1 : lv->height;
   uint64_t ex, ey, ez;
   if (b->x < 0 || b->y < 0 || b->z < 0 || b->w < 0 || b->h < 0 || b->d < 0 ||
       !gv_add_u64((uint64_t)b->x, (uint64_t)b->w, &ex) || ex > lv->width ||
       !gv_add_u64((uint64_t)b->y, (uint64_t)b->h, &ey) || ey > height ||
       !gv_add_u64((uint64_t)b->z, (uint64_t)b->d, &ez) || ez > lv->slices) {
      gv_error("%s: box (%d,%d,%d %dx%dx%d) outside level %u (%ux%u, %u slices) of resource %u",
               what, b->x, b->y, b->z, b->w, b->h, b->d, level, lv->width, height, lv->slices,
               d->handle);
      return GV_E_BOUNDS;
   }
   if (res->fmt->block_w > 1 || res->fmt->block_h > 1) {
      uint32_t bw = res->fmt->block_w, bh = res->fmt->block_h;
      bool x_ok = b->x % bw == 0 && (b->w % bw == 0 || ex == lv->width);
      bool y_ok = b->y % bh == 0 && (b->h % bh == 0 || ey == height);
      if (!x_ok || !y_ok) {
         gv_error("%s: box (%d,%d %dx%d) not aligned to the %ux%u blocks of %s", what, b->x, b->y,
                  b->w, b->h, bw, bh, res->fmt->name);
         return GV_E_BOUNDS;
      }
   }
   return GV_OK;
}
