/* Storage buffers, images and compute on the host: how the guest's
 * per-stage slots map to host binding points, binding them for a program,
 * memory barriers and LAUNCH_GRID. */
#include "gl/gl_backend.h"
#include "gl/gl_program.h"
#include "util/checked.h"
#include "util/log.h"

#include <string.h>

/* The guest sees one count for FS and CS and one for the other stages
 * (caps max_shader_buffer_frag_compute / _other_stages, likewise images). */
#define MAX_FS_SSBOS 16u      /* Mesa halves them: 8 atomic counter buffers, 8 SSBOs (GL 4.3's minimum) */
#define MAX_OTHER_SSBOS 8u
#define MAX_FS_IMAGES 16u
#define MAX_OTHER_IMAGES 8u

static uint32_t min_u(uint32_t a, uint32_t b)
{
   return a < b ? a : b;
}

static uint32_t host_count(int v)
{
   return v > 0 ? (uint32_t)v : 0;
}

/* Splits `points` host binding points between FS (fs_want) and the four
 * other graphics stages (other_want each, fewer if they do not fit). */
static void split(const int host_per_stage[GV_STAGE_COUNT], bool tess, uint32_t points,
                  uint32_t fs_want, uint32_t other_want, uint8_t count[GV_STAGE_COUNT],
                  uint8_t base[GV_STAGE_COUNT])
{
   uint32_t fs = min_u(min_u(fs_want, host_count(host_per_stage[GV_STAGE_FRAGMENT])),
                       host_count(host_per_stage[GV_STAGE_COMPUTE]));
   fs = min_u(fs, points);
   uint32_t other = min_u(other_want, host_count(host_per_stage[GV_STAGE_VERTEX]));
   other = min_u(other, host_count(host_per_stage[GV_STAGE_GEOMETRY]));
   if (tess) {
      other = min_u(other, host_count(host_per_stage[GV_STAGE_TESS_CTRL]));
      other = min_u(other, host_count(host_per_stage[GV_STAGE_TESS_EVAL]));
   }
   other = min_u(other, (points - fs) / 4u);
   static const uint32_t graphics[5] = { GV_STAGE_VERTEX, GV_STAGE_TESS_CTRL, GV_STAGE_TESS_EVAL,
                                         GV_STAGE_GEOMETRY, GV_STAGE_FRAGMENT };
   uint32_t next = 0;
   for (int i = 0; i < 5; i++) {
      uint32_t s = graphics[i];
      count[s] = (uint8_t)(s == GV_STAGE_FRAGMENT ? fs : other);
      base[s] = (uint8_t)next;
      next += count[s];
   }
   count[GV_STAGE_COMPUTE] = (uint8_t)fs;
   base[GV_STAGE_COMPUTE] = 0;
}

void gv_gl_res_layout(struct gv_renderer *r)
{
   struct gv_res_layout *l = &r->res_layout;
   const struct gv_hostapi *api = &r->api;
   memset(l, 0, sizeof(*l));
   if (!api->compute)
      return;
   split(api->max_ssbos, api->tessellation, host_count(api->max_ssbo_bindings), MAX_FS_SSBOS,
         MAX_OTHER_SSBOS, l->ssbos, l->ssbo_base);
   split(api->max_images, api->tessellation, host_count(api->max_image_units), MAX_FS_IMAGES,
         MAX_OTHER_IMAGES, l->images, l->image_base);
}

static GLenum image_access(uint32_t access)
{
   switch (access & 3u) {
   case 1: return GL_READ_ONLY;
   case 2: return GL_WRITE_ONLY;
   default: return GL_READ_WRITE;
   }
}

void gv_gl_image_unbind(struct gv_image_binding *img)
{
   if (img->tex)
      glDeleteTextures(1, &img->tex);
   img->tex = 0;
}

/* Buffer textures take only some formats (no snorm, packed or sRGB ones).
 * An image of another format views a buffer texture of an unsigned format
 * of the same texel size: image bindings reinterpret by size. */
static GLenum buffer_texture_format(GLenum image_format, uint32_t texel_bytes)
{
   static const GLenum ok[] = {
      GL_R8, GL_R16, GL_R16F, GL_R32F, GL_R8I, GL_R16I, GL_R32I, GL_R8UI, GL_R16UI, GL_R32UI,
      GL_RG8, GL_RG16, GL_RG16F, GL_RG32F, GL_RG8I, GL_RG16I, GL_RG32I, GL_RG8UI, GL_RG16UI,
      GL_RG32UI, GL_RGB32F, GL_RGB32I, GL_RGB32UI, GL_RGBA8, GL_RGBA16, GL_RGBA16F, GL_RGBA32F,
      GL_RGBA8I, GL_RGBA16I, GL_RGBA32I, GL_RGBA8UI, GL_RGBA16UI, GL_RGBA32UI,
   };
   for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
      if (ok[i] == image_format)
         return image_format;
   switch (texel_bytes) {
   case 1: return GL_R8UI;
   case 2: return GL_R16UI;
   case 4: return GL_R32UI;
   case 8: return GL_RG32UI;
   case 16: return GL_RGBA32UI;
   default: return image_format;
   }
}

static void bind_image(const struct gv_hostapi *api, GLuint unit, struct gv_image_binding *img)
{
   const struct gv_gl_format *gf = gv_gl_format_get(img->format);
   const struct gv_resource *res = img->res;
   if (!gf)
      return;
   if (res->desc.target == GV_TARGET_BUFFER) {
      /* A buffer image is a buffer texture over its range, made on first use. */
      if (!img->tex && api->tex_buffer) {
         const struct gv_format_desc *fd = gv_format_get(img->format);
         GLenum tf = buffer_texture_format(gf->internal_format, fd ? fd->block_bytes : 0);
         glGenTextures(1, &img->tex);
         glBindTexture(GL_TEXTURE_BUFFER, img->tex);
         if (api->tex_buffer_range)
            glTexBufferRange(GL_TEXTURE_BUFFER, tf, res->buf, img->offset, img->size);
         else
            glTexBuffer(GL_TEXTURE_BUFFER, tf, res->buf);
         glBindTexture(GL_TEXTURE_BUFFER, 0);
      }
      glBindImageTexture(unit, img->tex, 0, GL_FALSE, 0, image_access(img->access), gf->internal_format);
      return;
   }
   /* glBindImageTexture binds every layer of a layered image: a layered
    * image of part of an array's layers (an image of a texture view in the
    * guest) binds a texture view of those layers, made on first use. */
   if (img->partial && api->tex_view && res->glf) {
      if (!img->tex)
         img->tex = gv_gl_make_view(res, res->gl_target, res->glf->internal_format, img->level, 1,
                                    img->first_layer, img->last_layer - img->first_layer + 1,
                                    "image");
      if (img->tex) {
         glBindImageTexture(unit, img->tex, 0, GL_TRUE, 0, image_access(img->access),
                            gf->internal_format);
         return;
      }
   }
   glBindImageTexture(unit, res->tex, (GLint)img->level, img->layered ? GL_TRUE : GL_FALSE,
                      (GLint)img->first_layer, image_access(img->access), gf->internal_format);
}

void gv_gl_bind_shader_res(struct gv_context *ctx, struct gv_draw_state *d, const struct gv_program *p)
{
   const struct gv_res_layout *l = &ctx->r->res_layout;
   if (!ctx->r->api.compute)
      return;
   for (uint32_t s = 0; s < GV_MAX_STAGES; s++) {
      if (!p->ids[s])
         continue;
      for (uint32_t m = d->ssbo_mask[s]; m; m &= m - 1) {
         uint32_t i = (uint32_t)__builtin_ctz(m);
         const struct gv_buffer_binding *b = &d->ssbos[s][i];
         /* Size 0: the rest of the buffer (checked against it at bind). */
         uint32_t size = b->length ? b->length : (b->res ? b->res->desc.width - b->offset : 0);
         if (i < l->ssbos[s] && b->res && b->res->buf && size)
            glBindBufferRange(GL_SHADER_STORAGE_BUFFER, l->ssbo_base[s] + i, b->res->buf, b->offset,
                              size);
      }
      for (uint32_t m = d->image_mask[s]; m; m &= m - 1) {
         uint32_t i = (uint32_t)__builtin_ctz(m);
         if (i < l->images[s] && d->images[s][i].res)
            bind_image(&ctx->r->api, l->image_base[s] + i, &d->images[s][i]);
      }
   }
}

/* PIPE_BARRIER_* bits to glMemoryBarrier's. */
void gv_gl_memory_barrier(const struct gv_hostapi *api, uint32_t flags)
{
   static const struct { uint32_t pipe; GLbitfield gl; } map[] = {
      /* Guest mappings are copies here: MAPPED_BUFFER (0x1) and the
       * query-buffer bit (0x4, which GL 4.3 and GLES lack) need nothing. */
      { 0x2, GL_SHADER_STORAGE_BARRIER_BIT | GL_ATOMIC_COUNTER_BARRIER_BIT },
      { 0x8, GL_VERTEX_ATTRIB_ARRAY_BARRIER_BIT },
      { 0x10, GL_ELEMENT_ARRAY_BARRIER_BIT },
      { 0x20, GL_UNIFORM_BARRIER_BIT },
      { 0x40, GL_COMMAND_BARRIER_BIT },
      { 0x80, GL_TEXTURE_FETCH_BARRIER_BIT },
      { 0x100, GL_SHADER_IMAGE_ACCESS_BARRIER_BIT },
      { 0x200, GL_FRAMEBUFFER_BARRIER_BIT },
      { 0x400, GL_TRANSFORM_FEEDBACK_BARRIER_BIT },
      { 0x800, GL_SHADER_STORAGE_BARRIER_BIT },
      { 0x1000, GL_BUFFER_UPDATE_BARRIER_BIT },
      { 0x2000, GL_TEXTURE_UPDATE_BARRIER_BIT | GL_PIXEL_BUFFER_BARRIER_BIT },
   };
   if (!api->compute)
      return;
   GLbitfield bits = 0;
   for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
      if (flags & map[i].pipe)
         bits |= map[i].gl;
   if (bits)
      glMemoryBarrier(bits);
}

void gv_gl_texture_barrier(const struct gv_hostapi *api)
{
   /* Mesa's guest sends it for glBlendBarrier too (cap2 BLEND_EQUATION). */
   if (api->blend_advanced && api->gles && api->version >= 32)
      glBlendBarrier();
   else if (api->blend_advanced)
      glBlendBarrierKHR();
   if (api->texture_barrier)
      glTextureBarrier();
   else if (!api->blend_advanced)
      gv_gl_memory_barrier(api, 0x80u | 0x200u);   /* TEXTURE | FRAMEBUFFER */
}

int gv_gl_launch_grid(struct gv_context *ctx, struct gv_sub_ctx *sub,
                      const struct gv_launch_grid_info *g, GLuint indirect_buf)
{
   struct gv_draw_state *d = &sub->draw;
   struct gv_program *p = gv_gl_compute_program_get(ctx, sub);
   if (!p)
      return GV_OK; /* reported when the program was built; the dispatch is dropped */
   glUseProgram(p->prog);
   gv_gl_bind_resources(ctx, d, p);
   gv_gl_bind_shader_res(ctx, d, p);
   if (indirect_buf) {
      glBindBuffer(GL_DISPATCH_INDIRECT_BUFFER, indirect_buf);
      glDispatchComputeIndirect((GLintptr)g->indirect_offset);
      glBindBuffer(GL_DISPATCH_INDIRECT_BUFFER, 0);
   } else {
      glDispatchCompute(g->grid[0], g->grid[1], g->grid[2]);
   }
   int ret = gv_gl_check("LAUNCH_GRID");
   glUseProgram(0);
   return ret;
}

