#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "platform/egl_host.h"
#include "renderer/renderer_priv.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

/* ---- renderer ---- */

void gv_limits_defaults(struct gv_limits *l)
{
   /* Generous enough for every piglit test and real desktop sessions; small
    * enough that one client cannot take the host's memory from the others. */
   if (!l->resources)
      l->resources = 1u << 20;
   if (!l->objects)
      l->objects = 1u << 20;
   if (!l->sub_contexts)
      l->sub_contexts = 1024;
   if (!l->shader_text)
      l->shader_text = GV_TGSI_MAX_TEXT;
   if (!l->shader_bytes)
      l->shader_bytes = 256ull << 20;
   if (!l->host_memory)
      l->host_memory = 4ull << 30;
   if (!l->guest_memory)
      l->guest_memory = 4ull << 30;
   if (!l->command_bytes)
      l->command_bytes = 16u << 20;
   /* Far above any real frame or piglit test on llvmpipe, short enough
    * that a looping guest shader does not hold a host core for long. */
   if (!l->command_seconds)
      l->command_seconds = 60;
}

bool gv_object_quota_ok(struct gv_context *ctx, const char *what)
{
   /* Counted over all sub-contexts: a client could otherwise multiply the
    * quota by creating sub-contexts. */
   uint64_t total = 0;
   struct gv_sub_ctx *sub;
   for (size_t i = 0; (sub = gv_handle_table_next(&ctx->subs, &i));)
      total += sub->objects.count;
   if (total >= ctx->r->cfg.limits.objects) {
      gv_error("CREATE_OBJECT %s: the context already holds %llu objects (limit %u, --max-objects)", what,
               (unsigned long long)total, ctx->r->cfg.limits.objects);
      return false;
   }
   return true;
}

/* Everything after the host context is current. */
static int renderer_init_current(struct gv_renderer *r, const char *platform)
{
   gv_hostapi_init(&r->api, r->cfg.deny_extensions);
   if (!r->api.tex_storage) {
      gv_error("host GL %s lacks texture storage (GL 4.2 / ARB_texture_storage / GLES 3.0)",
               r->api.version_string);
      return GV_E_HOST;
   }
   gv_gl_format_init(&r->api);
   r->robust = r->egl && gv_egl_host_is_robust(r->egl) && r->api.reset_query;
   snprintf(r->describe, sizeof(r->describe), "%s%s, renderer \"%s\" (%s), via %s%s",
            r->api.gles ? "" : "OpenGL ", r->api.version_string,
            r->api.renderer_string, r->api.vendor_string, platform,
            r->robust ? ", robust context" : "");
   gv_gl_res_layout(r);
   gv_gl_fill_caps(r, &r->caps);
   gv_gl_shader_target(r);
   return GV_OK;
}

static struct gv_renderer *renderer_alloc(const struct gv_renderer_config *cfg)
{
   struct gv_renderer *r = calloc(1, sizeof(*r));
   if (!r)
      return NULL;
   r->cfg = *cfg;
   gv_limits_defaults(&r->cfg.limits);
   if (r->cfg.limits.shader_text > GV_TGSI_MAX_TEXT)
      r->cfg.limits.shader_text = GV_TGSI_MAX_TEXT;   /* what the parser takes */
   return r;
}

int gv_renderer_create(const struct gv_renderer_config *cfg, struct gv_renderer **out)
{
   struct gv_renderer *r = renderer_alloc(cfg);
   if (!r)
      return GV_E_NOMEM;
   r->egl = gv_egl_host_create(cfg);
   if (!r->egl) {
      free(r);
      return GV_E_HOST;
   }
   int ret = renderer_init_current(r, gv_egl_host_platform_name(r->egl));
   if (ret < 0) {
      gv_renderer_destroy(r);
      return ret;
   }
   *out = r;
   return GV_OK;
}

int gv_renderer_create_current(const struct gv_renderer_config *cfg, const char *platform,
                               struct gv_renderer **out)
{
   struct gv_renderer *r = renderer_alloc(cfg);
   if (!r)
      return GV_E_NOMEM;
   int ret = renderer_init_current(r, platform);
   if (ret < 0) {
      free(r);
      return ret;
   }
   *out = r;
   return GV_OK;
}

struct gv_egl_host *gv_renderer_egl_host(struct gv_renderer *r)
{
   return r->egl;
}

void gv_renderer_destroy(struct gv_renderer *r)
{
   if (!r)
      return;
   gv_egl_host_destroy(r->egl);
   free(r);
}

const struct gv_limits *gv_renderer_limits(const struct gv_renderer *r)
{
   return &r->cfg.limits;
}

const char *gv_renderer_describe(const struct gv_renderer *r)
{
   return r->describe;
}

size_t gv_renderer_fill_caps(struct gv_renderer *r, uint32_t capset, void *buf, size_t size)
{
   if (capset == 1 && size >= GV_CAPS_V1_SIZE) {
      struct gv_caps_v1 v1 = r->caps.v1;
      v1.max_version = 1;
      memcpy(buf, &v1, sizeof(v1));
      return sizeof(v1);
   }
   if (capset == 2 && size >= GV_CAPS_V2_SIZE) {
      memcpy(buf, &r->caps, sizeof(r->caps));
      return sizeof(r->caps);
   }
   return 0;
}

/* ---- objects and sub-contexts ---- */

void gv_surface_unref(struct gv_context *ctx, struct gv_surface *surf)
{
   if (!surf || --surf->refcount)
      return;
   if (surf->view_tex)
      glDeleteTextures(1, &surf->view_tex);
   gv_resource_unref(ctx, surf->res);
   free(surf);
}

static void object_destroy(struct gv_context *ctx, struct gv_object *obj)
{
   switch (obj->type) {
   case GV_OBJ_SURFACE:
      gv_surface_unref(ctx, obj->ptr);
      break;
   case GV_OBJ_SHADER:
      gv_shader_unref(ctx, obj->ptr);
      break;
   case GV_OBJ_SAMPLER_VIEW:
      gv_sampler_view_unref(ctx, obj->ptr);
      break;
   case GV_OBJ_SAMPLER_STATE:
      gv_sampler_obj_unref(obj->ptr);
      break;
   case GV_OBJ_QUERY:
      gv_query_unref(ctx, obj->ptr);
      break;
   case GV_OBJ_STREAMOUT_TARGET:
      gv_so_target_unref(ctx, obj->ptr);
      break;
   case GV_OBJ_BLEND:
   case GV_OBJ_RASTERIZER:
   case GV_OBJ_DSA:
   case GV_OBJ_VERTEX_ELEMENTS:
      free(obj->ptr);
      break;
   default:
      break;
   }
   free(obj);
}

static void sub_ctx_set_framebuffer(struct gv_context *ctx, struct gv_sub_ctx *sub,
                                    struct gv_surface *const *cbufs, uint32_t nr_cbufs,
                                    struct gv_surface *zsurf)
{
   /* Take the new references before dropping the old: a surface may be in both. */
   for (uint32_t i = 0; i < nr_cbufs; i++)
      if (cbufs[i])
         cbufs[i]->refcount++;
   if (zsurf)
      zsurf->refcount++;
   for (uint32_t i = 0; i < GV_MAX_COLOR_BUFS; i++) {
      gv_surface_unref(ctx, sub->cbufs[i]);
      sub->cbufs[i] = i < nr_cbufs ? cbufs[i] : NULL;
   }
   gv_surface_unref(ctx, sub->zsurf);
   sub->zsurf = zsurf;
   sub->nr_cbufs = nr_cbufs;
   sub->fbo_dirty = true;
}

static struct gv_sub_ctx *sub_ctx_new(uint32_t id)
{
   struct gv_sub_ctx *sub = calloc(1, sizeof(*sub));
   if (!sub)
      return NULL;
   sub->id = id;
   gv_handle_table_init(&sub->objects);
   sub->fbo_dirty = true;
   return sub;
}

static void sub_ctx_destroy(struct gv_context *ctx, struct gv_sub_ctx *sub)
{
   sub_ctx_set_framebuffer(ctx, sub, NULL, 0, NULL);
   gv_query_sub_fini(ctx, sub);
   gv_so_sub_fini(ctx, &sub->draw);
   gv_shader_res_fini(ctx, &sub->draw);
   gv_draw_state_fini(ctx, sub);
   struct gv_object *obj;
   for (size_t i = 0; (obj = gv_handle_table_next(&sub->objects, &i));)
      object_destroy(ctx, obj);
   gv_handle_table_fini(&sub->objects);
   if (sub->fbo)
      glDeleteFramebuffers(1, &sub->fbo);
   free(sub);
}

static struct gv_sub_ctx *sub_ctx_get(struct gv_context *ctx, uint32_t id)
{
   /* The table cannot store key 0, and sub-context 0 is a valid id. */
   return id == UINT32_MAX ? NULL : gv_handle_table_get(&ctx->subs, id + 1);
}

/* ---- contexts ---- */

struct gv_context *gv_context_create(struct gv_renderer *r, const char *debug_name)
{
   struct gv_context *ctx = calloc(1, sizeof(*ctx));
   if (!ctx)
      return NULL;
   ctx->r = r;
   snprintf(ctx->name, sizeof(ctx->name), "%s", debug_name ? debug_name : "client");
   gv_handle_table_init(&ctx->resources);
   gv_handle_table_init(&ctx->subs);
   struct gv_sub_ctx *sub0 = sub_ctx_new(0);
   if (!sub0 || !gv_handle_table_insert(&ctx->subs, 1, sub0)) {
      free(sub0);
      free(ctx);
      return NULL;
   }
   ctx->cur = sub0;
   glGenFramebuffers(1, &ctx->read_fbo);
   glGenFramebuffers(1, &ctx->draw_fbo);
   ctx->ops = gv_context_pipe_ops;
   gv_draw_state_init_ops(&ctx->ops);
   gv_query_init_ops(&ctx->ops);
   gv_so_init_ops(&ctx->ops);
   gv_shader_res_init_ops(&ctx->ops);
   gv_decoder_init(&ctx->dec, &ctx->ops, ctx);
   return ctx;
}

void gv_context_destroy(struct gv_context *ctx)
{
   if (!ctx)
      return;
   struct gv_sub_ctx *sub;
   for (size_t i = 0; (sub = gv_handle_table_next(&ctx->subs, &i));)
      sub_ctx_destroy(ctx, sub);
   gv_handle_table_fini(&ctx->subs);
   struct gv_resource *res;
   for (size_t i = 0; (res = gv_handle_table_next(&ctx->resources, &i));)
      gv_resource_unref(ctx, res);
   gv_handle_table_fini(&ctx->resources);
   glDeleteFramebuffers(1, &ctx->read_fbo);
   glDeleteFramebuffers(1, &ctx->draw_fbo);
   gv_gl_occl_fini(ctx);
   gv_gl_so_scatter_fini(ctx);
   free(ctx);
}

void gv_context_set_guest_memory_hooks(struct gv_context *ctx,
                                       const struct gv_guest_memory_hooks *hooks)
{
   if (hooks)
      ctx->mem_hooks = *hooks;
   else
      memset(&ctx->mem_hooks, 0, sizeof(ctx->mem_hooks));
}

void gv_guest_read(struct gv_context *ctx, const uint8_t *ptr, size_t len)
{
   if (ctx->mem_hooks.before_read && len)
      ctx->mem_hooks.before_read(ctx->mem_hooks.data, ptr, len);
}

void gv_guest_written(struct gv_context *ctx, uint8_t *ptr, size_t len)
{
   if (ctx->mem_hooks.after_write && len)
      ctx->mem_hooks.after_write(ctx->mem_hooks.data, ptr, len);
}

bool gv_context_errored(const struct gv_context *ctx)
{
   return ctx->errored;
}

void gv_context_fail(struct gv_context *ctx)
{
   ctx->errored = true;
}

bool gv_context_lost(struct gv_context *ctx)
{
   if (ctx->lost || !ctx->r->robust)
      return ctx->lost;
   GLenum st = gv_hostapi_reset_status(&ctx->r->api);
   if (st != GL_NO_ERROR) {
      gv_error("the host GL context was lost (%s): this client cannot render any more",
               st == GL_GUILTY_CONTEXT_RESET ? "a GPU reset caused by this client" :
               st == GL_INNOCENT_CONTEXT_RESET ? "a GPU reset caused elsewhere" :
                                                 "a GPU reset of unknown cause");
      ctx->lost = true;
      gv_context_fail(ctx);
   }
   return ctx->lost;
}

int gv_context_submit(struct gv_context *ctx, const uint32_t *dwords, size_t count)
{
   int ret = gv_decode_submit(&ctx->dec, dwords, count);
   if (ret < 0)
      gv_context_fail(ctx);
   return ret;
}

bool gv_context_busy(struct gv_context *ctx, uint32_t handle, bool wait)
{
   (void)ctx;
   (void)handle;
   /* Commands run synchronously and every write to guest memory happens
    * before the command returns, so nothing is ever pending. */
   if (wait)
      glFinish();
   return false;
}

/* ---- pipe ops ---- */

static int op_create_sub_ctx(void *p, uint32_t id)
{
   struct gv_context *ctx = p;
   if (id == UINT32_MAX || sub_ctx_get(ctx, id)) {
      gv_error("CREATE_SUB_CTX: sub-context %u already exists", id);
      return GV_E_HANDLE;
   }
   if (ctx->subs.count >= ctx->r->cfg.limits.sub_contexts) {
      gv_error("CREATE_SUB_CTX: more than %u sub-contexts (--max-sub-contexts)",
               ctx->r->cfg.limits.sub_contexts);
      return GV_E_LIMIT;
   }
   struct gv_sub_ctx *sub = sub_ctx_new(id);
   if (!sub || !gv_handle_table_insert(&ctx->subs, id + 1, sub)) {
      free(sub);
      return GV_E_NOMEM;
   }
   return GV_OK;
}

static int op_destroy_sub_ctx(void *p, uint32_t id)
{
   struct gv_context *ctx = p;
   if (id == 0) {
      gv_error("DESTROY_SUB_CTX: sub-context 0 cannot be destroyed");
      return GV_E_HANDLE;
   }
   struct gv_sub_ctx *sub = sub_ctx_get(ctx, id);
   if (!sub) {
      gv_error("DESTROY_SUB_CTX: no sub-context %u", id);
      return GV_E_HANDLE;
   }
   gv_handle_table_remove(&ctx->subs, id + 1);
   if (ctx->cur == sub)
      ctx->cur = sub_ctx_get(ctx, 0);
   sub_ctx_destroy(ctx, sub);
   return GV_OK;
}

static int op_set_sub_ctx(void *p, uint32_t id)
{
   struct gv_context *ctx = p;
   struct gv_sub_ctx *sub = sub_ctx_get(ctx, id);
   if (!sub) {
      gv_error("SET_SUB_CTX: no sub-context %u", id);
      return GV_E_HANDLE;
   }
   ctx->cur = sub;
   return GV_OK;
}

static int op_create_surface(void *p, const struct gv_surface_info *info)
{
   struct gv_context *ctx = p;
   struct gv_sub_ctx *sub = ctx->cur;
   if (!info->handle || gv_handle_table_get(&sub->objects, info->handle)) {
      gv_error("CREATE_OBJECT SURFACE: handle %u is %s", info->handle,
               info->handle ? "already in use" : "invalid");
      return GV_E_HANDLE;
   }
   if (!gv_object_quota_ok(ctx, "SURFACE"))
      return GV_E_LIMIT;
   struct gv_resource *res = gv_resource_lookup(ctx, info->res, "CREATE_OBJECT SURFACE");
   if (!res)
      return GV_E_HANDLE;
   const struct gv_format_desc *fmt = gv_format_get(info->format);
   if (res->desc.target == GV_TARGET_BUFFER || !fmt || !gv_gl_format_get(info->format)) {
      gv_error("CREATE_OBJECT SURFACE: resource %u cannot be viewed as %s", info->res,
               gv_format_name(info->format));
      return GV_E_INVALID;
   }
   if (fmt->block_bytes != res->fmt->block_bytes ||
       gv_format_is_depth_or_stencil(fmt) != gv_format_is_depth_or_stencil(res->fmt)) {
      gv_error("CREATE_OBJECT SURFACE: view format %s is incompatible with %s of resource %u",
               fmt->name, res->fmt->name, info->res);
      return GV_E_INVALID;
   }
   if (info->level >= res->nr_levels || info->first_layer > info->last_layer ||
       info->last_layer >= res->levels[info->level].slices) {
      gv_error("CREATE_OBJECT SURFACE: level %u layers %u..%u outside resource %u", info->level,
               info->first_layer, info->last_layer, info->res);
      return GV_E_BOUNDS;
   }
   struct gv_surface *surf = calloc(1, sizeof(*surf));
   struct gv_object *obj = calloc(1, sizeof(*obj));
   if (!surf || !obj) {
      free(surf);
      free(obj);
      return GV_E_NOMEM;
   }
   surf->refcount = 1;
   surf->res = res;
   gv_resource_ref(res);
   surf->format = info->format;
   surf->fmt = fmt;
   surf->level = info->level;
   surf->first_layer = info->first_layer;
   surf->last_layer = info->last_layer;
   obj->type = GV_OBJ_SURFACE;
   obj->ptr = surf;
   if (!gv_handle_table_insert(&sub->objects, info->handle, obj)) {
      object_destroy(ctx, obj);
      return GV_E_NOMEM;
   }
   return GV_OK;
}

static int op_destroy_object(void *p, uint32_t handle)
{
   struct gv_context *ctx = p;
   struct gv_object *obj = gv_handle_table_remove(&ctx->cur->objects, handle);
   if (!obj)
      return GV_E_HANDLE; /* the decoder decides whether that matters */
   object_destroy(ctx, obj);
   return GV_OK;
}

static struct gv_surface *lookup_surface(struct gv_context *ctx, uint32_t handle, const char *what)
{
   struct gv_object *obj = gv_handle_table_get(&ctx->cur->objects, handle);
   if (!obj || obj->type != GV_OBJ_SURFACE) {
      gv_error("%s: %u is not a surface", what, handle);
      return NULL;
   }
   return obj->ptr;
}

static int op_set_framebuffer_state(void *p, const struct gv_framebuffer_info *info)
{
   struct gv_context *ctx = p;
   struct gv_surface *cbufs[GV_MAX_COLOR_BUFS] = { 0 };
   struct gv_surface *zsurf = NULL;
   if (info->nr_cbufs > GV_MAX_COLOR_BUFS)
      return GV_E_INVALID;
   for (uint32_t i = 0; i < info->nr_cbufs; i++) {
      if (info->cbufs[i] && !(cbufs[i] = lookup_surface(ctx, info->cbufs[i], "SET_FRAMEBUFFER_STATE")))
         return GV_E_HANDLE;
      if (cbufs[i] && gv_format_is_depth_or_stencil(cbufs[i]->fmt)) {
         gv_error("SET_FRAMEBUFFER_STATE: colour buffer %u is a depth/stencil surface", i);
         return GV_E_INVALID;
      }
   }
   if (info->zsurf) {
      if (!(zsurf = lookup_surface(ctx, info->zsurf, "SET_FRAMEBUFFER_STATE")))
         return GV_E_HANDLE;
      if (!gv_format_is_depth_or_stencil(zsurf->fmt)) {
         gv_error("SET_FRAMEBUFFER_STATE: depth buffer is a colour surface");
         return GV_E_INVALID;
      }
   }
   sub_ctx_set_framebuffer(ctx, ctx->cur, cbufs, info->nr_cbufs, zsurf);
   return GV_OK;
}

static int op_set_framebuffer_no_attach(void *p, const struct gv_framebuffer_no_attach_info *info)
{
   struct gv_context *ctx = p;
   /* Any size: the backend clamps it to the host's framebuffer limits. */
   ctx->cur->no_attach = *info;
   ctx->cur->fbo_dirty = true;
   return GV_OK;
}

static int op_clear(void *p, const struct gv_clear_info *info)
{
   struct gv_context *ctx = p;
   if (!gv_render_condition_passes(ctx, ctx->cur))
      return GV_OK;
   return gv_gl_clear(ctx, ctx->cur, info);
}

static int op_clear_texture(void *p, const struct gv_clear_texture_info *info)
{
   struct gv_context *ctx = p;
   struct gv_resource *res = gv_resource_lookup(ctx, info->res, "CLEAR_TEXTURE");
   if (!res)
      return GV_E_HANDLE;
   int ret = gv_resource_check_box(res, info->level, &info->box, "CLEAR_TEXTURE");
   if (ret < 0)
      return ret;
   if (res->desc.target == GV_TARGET_BUFFER || res->desc.nr_samples > 1) {
      gv_error("CLEAR_TEXTURE: resource %u is a buffer or multisampled", info->res);
      return GV_E_INVALID;
   }
   return gv_gl_clear_texture(ctx, res, info->level, &info->box, info->data);
}

static int op_resource_copy_region(void *p, const struct gv_copy_region_info *info)
{
   struct gv_context *ctx = p;
   const char *what = "RESOURCE_COPY_REGION";
   struct gv_resource *dst = gv_resource_lookup(ctx, info->dst_res, what);
   struct gv_resource *src = gv_resource_lookup(ctx, info->src_res, what);
   if (!dst || !src)
      return GV_E_HANDLE;
   /* Same bytes per block, and the same block or a compressed block and
    * an uncompressed texel (ARB_copy_image: a texel per block). */
   const struct gv_format_desc *sf = src->fmt, *df = dst->fmt;
   bool same_block = df->block_w == sf->block_w && df->block_h == sf->block_h;
   bool plain_side = (df->block_w == 1 && df->block_h == 1) || (sf->block_w == 1 && sf->block_h == 1);
   if ((dst->desc.target == GV_TARGET_BUFFER) != (src->desc.target == GV_TARGET_BUFFER) ||
       df->block_bytes != sf->block_bytes || (!same_block && !plain_side) ||
       dst->desc.nr_samples != src->desc.nr_samples) {
      gv_error("%s: resources %u (%s) and %u (%s) are not copy-compatible", what, info->dst_res,
               dst->fmt->name, info->src_res, src->fmt->name);
      return GV_E_INVALID;
   }
   int ret = gv_resource_check_box(src, info->src_level, &info->src_box, what);
   if (ret < 0)
      return ret;
   if (info->dst_x > INT32_MAX || info->dst_y > INT32_MAX || info->dst_z > INT32_MAX) {
      gv_error("%s: destination origin (%u,%u,%u) out of range", what, info->dst_x, info->dst_y,
               info->dst_z);
      return GV_E_BOUNDS;
   }
   /* The destination box covers as many blocks as the source box (a
    * compressed destination may end in a partial block at its level's
    * edge). The source box was checked, so the products stay small. */
   int32_t dw = info->src_box.w, dh = info->src_box.h;
   if (!same_block && dst->desc.target != GV_TARGET_BUFFER) {
      uint64_t w = (uint64_t)gv_format_nblocksx(sf, (uint32_t)info->src_box.w) * df->block_w;
      uint64_t h = (uint64_t)gv_format_nblocksy(sf, (uint32_t)info->src_box.h) * df->block_h;
      if (info->dst_level < dst->nr_levels) {
         const struct gv_level_layout *lv = &dst->levels[info->dst_level];
         if (info->dst_x < lv->width && info->dst_x + w > lv->width &&
             info->dst_x + w - lv->width < df->block_w)
            w = lv->width - info->dst_x;
         if (info->dst_y < lv->height && info->dst_y + h > lv->height &&
             info->dst_y + h - lv->height < df->block_h)
            h = lv->height - info->dst_y;
      }
      if (w > INT32_MAX || h > INT32_MAX) {
         gv_error("%s: destination extent %llux%llu out of range", what, (unsigned long long)w,
                  (unsigned long long)h);
         return GV_E_BOUNDS;
      }
      dw = (int32_t)w, dh = (int32_t)h;
   }
   struct gv_box dbox = { (int32_t)info->dst_x, (int32_t)info->dst_y, (int32_t)info->dst_z,
                          dw, dh, info->src_box.d };
   if ((ret = gv_resource_check_box(dst, info->dst_level, &dbox, what)) < 0)
      return ret;
   if (!info->src_box.w || !info->src_box.h || !info->src_box.d)
      return GV_OK;
   return gv_gl_copy_region(ctx, info, dst, src);
}

static int check_blit_side(struct gv_context *ctx, const struct gv_blit_side *s, const char *side,
                           struct gv_resource **out)
{
   struct gv_resource *res = gv_resource_lookup(ctx, s->res, side);
   if (!res)
      return GV_E_HANDLE;
   if (res->desc.target == GV_TARGET_BUFFER) {
      gv_error("%s: resource %u is a buffer", side, s->res);
      return GV_E_INVALID;
   }
   const struct gv_format_desc *fmt = gv_format_get(s->format);
   if (!fmt || !gv_gl_format_get(s->format)) {
      gv_error("%s: unsupported format %s", side, gv_format_name(s->format));
      return GV_E_INVALID;
   }
   /* Mirrored blits have negative extents: check the covered range. */
   struct gv_box b = s->box;
   if ((b.w < 0 && (b.w == INT32_MIN || b.x < INT32_MIN - b.w)) ||
       (b.h < 0 && (b.h == INT32_MIN || b.y < INT32_MIN - b.h))) {
      gv_error("%s: box (%d,%d %dx%d) out of range", side, b.x, b.y, b.w, b.h);
      return GV_E_BOUNDS;
   }
   if (b.w < 0) {
      b.x += b.w;
      b.w = -b.w;
   }
   if (b.h < 0) {
      b.y += b.h;
      b.h = -b.h;
   }
   int ret = gv_resource_check_box(res, s->level, &b, side);
   if (ret < 0)
      return ret;
   *out = res;
   return GV_OK;
}

static int op_blit(void *p, const struct gv_blit_info *info)
{
   struct gv_context *ctx = p;
   struct gv_resource *dst = NULL, *src = NULL;
   int ret;
   if ((ret = check_blit_side(ctx, &info->dst, "BLIT destination", &dst)) < 0 ||
       (ret = check_blit_side(ctx, &info->src, "BLIT source", &src)) < 0)
      return ret;
   if (info->dst.box.d < 0 || info->src.box.d < 0) {
      gv_error("BLIT: negative depth");
      return GV_E_INVALID;
   }
   if (!info->dst.box.w || !info->dst.box.h || !info->dst.box.d || !info->src.box.w ||
       !info->src.box.h || !info->src.box.d)
      return GV_OK;
   if (info->render_condition_enable && !gv_render_condition_passes(ctx, ctx->cur))
      return GV_OK;
   return gv_gl_blit(ctx, info, dst, src);
}

static int op_transfer3d(void *p, const struct gv_transfer_info *info)
{
   struct gv_context *ctx = p;
   struct gv_resource *res = gv_resource_lookup(ctx, info->res, "TRANSFER3D");
   if (!res)
      return GV_E_HANDLE;
   if (info->direction != GV_TRANSFER_TO_HOST && info->direction != GV_TRANSFER_FROM_HOST) {
      gv_error("TRANSFER3D: unknown direction %u", info->direction);
      return GV_E_INVALID;
   }
   return gv_transfer_run(ctx, res, info->level, &info->box, info->stride, info->layer_stride,
                          res->backing, res->backing_size, info->offset,
                          info->direction == GV_TRANSFER_TO_HOST, "TRANSFER3D");
}

static int op_copy_transfer3d(void *p, const struct gv_copy_transfer_info *info)
{
   struct gv_context *ctx = p;
   struct gv_resource *dst = gv_resource_lookup(ctx, info->dst_res, "COPY_TRANSFER3D");
   struct gv_resource *src = gv_resource_lookup(ctx, info->src_res, "COPY_TRANSFER3D");
   if (!dst || !src)
      return GV_E_HANDLE;
   if (src->desc.target != GV_TARGET_BUFFER) {
      gv_error("COPY_TRANSFER3D: source %u is not a buffer", info->src_res);
      return GV_E_INVALID;
   }
   return gv_transfer_run(ctx, dst, info->level, &info->box, info->stride, info->layer_stride,
                          src->backing, src->backing_size, info->src_offset,
                          !(info->flags & GV_COPY_TRANSFER_READ_FROM_HOST), "COPY_TRANSFER3D");
}

static int op_inline_write(void *p, const struct gv_inline_write_info *info)
{
   struct gv_context *ctx = p;
   struct gv_resource *res = gv_resource_lookup(ctx, info->res, "RESOURCE_INLINE_WRITE");
   if (!res)
      return GV_E_HANDLE;
   /* The data lives in the command buffer; the transfer only reads it. */
   return gv_transfer_run(ctx, res, info->level, &info->box, info->stride, info->layer_stride,
                          (uint8_t *)(uintptr_t)info->data, info->size, 0, true,
                          "RESOURCE_INLINE_WRITE");
}

const struct gv_pipe_ops gv_context_pipe_ops = {
   .create_sub_ctx = op_create_sub_ctx,
   .destroy_sub_ctx = op_destroy_sub_ctx,
   .set_sub_ctx = op_set_sub_ctx,
   .create_surface = op_create_surface,
   .create_shader = gv_op_create_shader,
   .destroy_object = op_destroy_object,
   .set_framebuffer_state = op_set_framebuffer_state,
   .set_framebuffer_no_attach = op_set_framebuffer_no_attach,
   .clear = op_clear,
   .clear_texture = op_clear_texture,
   .resource_copy_region = op_resource_copy_region,
   .blit = op_blit,
   .transfer3d = op_transfer3d,
   .copy_transfer3d = op_copy_transfer3d,
   .inline_write = op_inline_write,
};
