#include <string.h>

#include "gl/gl_backend.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

static void detach_all(GLenum fb_target)
{
   glFramebufferTexture2D(fb_target, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, 0, 0);
   glFramebufferTexture2D(fb_target, GL_DEPTH_STENCIL_ATTACHMENT, GL_TEXTURE_2D, 0, 0);
}

/* Which layer of a blit side a destination layer samples when depths differ. */
static uint32_t src_layer_for(const struct gv_blit_info *info, int32_t k)
{
   if (info->src.box.d == info->dst.box.d)
      return (uint32_t)(info->src.box.z + k);
   /* The slice under the centre of destination layer k, as a nearest filter reads it. */
   int64_t num = (2 * (int64_t)k + 1) * info->src.box.d, den = 2 * (int64_t)info->dst.box.d;
   return (uint32_t)(info->src.box.z + (int32_t)(num / den));
}

/* Whether a blit side's format reads or writes its storage's bits as
 * another format of the same size (not the sRGB/linear pair). */
static bool reinterprets(const struct gv_gl_format *g, const struct gv_resource *res)
{
   GLenum a = g->internal_format, b = res->glf->internal_format;
   return a != b && !gv_gl_srgb_pair(a, b);
}

/* A 1:1 blit that reads and writes one format whose bits both storages
 * hold, with every channel and no scissor, is a copy of those bits, which
 * glCopyImageSubData makes where a blit cannot: GLES blits no multisample
 * framebuffer into another (Mesa's glCopyImageSubData of multisample
 * images), and a host without texture views cannot read or write a
 * storage as another format of its class (Mesa's copies between formats
 * of one size blit both sides as one canonical format). */
static bool blit_as_copy(const struct gv_hostapi *api, const struct gv_blit_info *info,
                         const struct gv_resource *dst, const struct gv_resource *src)
{
   const struct gv_box *sb = &info->src.box, *db = &info->dst.box;
   const struct gv_format_desc *f = gv_format_get(info->src.format);
   const struct gv_gl_format *g = gv_gl_format_get(info->src.format);
   if (!api->copy_image || !f || !g || !src->glf || !dst->glf ||
       src->desc.nr_samples != dst->desc.nr_samples || info->src.format != info->dst.format ||
       info->scissor_enable || sb->w != db->w || sb->h != db->h || sb->d != db->d || sb->w <= 0 ||
       sb->h <= 0 || sb->d <= 0)
      return false;
   bool ms_on_gles = api->gles && src->desc.nr_samples > 1;
   bool no_view = !api->tex_view && (reinterprets(g, src) || reinterprets(g, dst));
   if (!ms_on_gles && !no_view)
      return false;
   uint32_t need = GV_MASK_RGBA;
   if (gv_format_is_depth_or_stencil(f))
      need = ((f->flags & GV_FMT_DEPTH) ? GV_MASK_Z : 0) |
             ((f->flags & GV_FMT_STENCIL) ? GV_MASK_S : 0);
   return (info->mask & need) == need &&
          gv_gl_view_compatible(g->internal_format, src->glf->internal_format) &&
          gv_gl_view_compatible(g->internal_format, dst->glf->internal_format);
}

int gv_gl_blit(struct gv_context *ctx, const struct gv_blit_info *info,
               struct gv_resource *dst, struct gv_resource *src)
{
   if (blit_as_copy(&ctx->r->api, info, dst, src)) {
      const struct gv_box *sb = &info->src.box, *db = &info->dst.box;
      glCopyImageSubData(src->tex, src->gl_target, (GLint)info->src.level, sb->x, sb->y, sb->z,
                         dst->tex, dst->gl_target, (GLint)info->dst.level, db->x, db->y, db->z,
                         sb->w, sb->h, sb->d);
      return gv_gl_check("BLIT (as a copy)");
   }
   const struct gv_hostapi *api = &ctx->r->api;
   const struct gv_format_desc *sf = gv_format_get(info->src.format);
   const struct gv_format_desc *df = gv_format_get(info->dst.format);
   GLbitfield bits = 0;
   if ((info->mask & GV_MASK_RGBA) && !gv_format_is_depth_or_stencil(sf) &&
       !gv_format_is_depth_or_stencil(df))
      bits |= GL_COLOR_BUFFER_BIT;
   if ((info->mask & GV_MASK_Z) && (sf->flags & GV_FMT_DEPTH) && (df->flags & GV_FMT_DEPTH))
      bits |= GL_DEPTH_BUFFER_BIT;
   if ((info->mask & GV_MASK_S) && (sf->flags & GV_FMT_STENCIL) && (df->flags & GV_FMT_STENCIL))
      bits |= GL_STENCIL_BUFFER_BIT;
   if (!bits)
      return GV_OK;
   /* A compressed source is drawn (sampled) like any unattachable one. */
   if ((df->flags & GV_FMT_COMPRESSED) ||
       ((sf->flags & GV_FMT_INTEGER) != (df->flags & GV_FMT_INTEGER))) {
      gv_error("BLIT %s -> %s is not supported yet (needs a shader blit)", sf->name, df->name);
      return GV_E_UNSUPPORTED;
   }
   /* GL only filters colour, and never integers. */
   GLenum filter = info->filter && bits == GL_COLOR_BUFFER_BIT && !(sf->flags & GV_FMT_INTEGER)
                      ? GL_LINEAR : GL_NEAREST;
   bool depth_by_draw = (bits & GL_DEPTH_BUFFER_BIT) && gv_gl_blit_depth_by_draw(info, dst, src);
   /* A stencil-only sampler view may have left the storage sampling stencil. */
   if (depth_by_draw && api->depth_stencil_texturing && (src->fmt->flags & GV_FMT_STENCIL)) {
      glBindTexture(src->gl_target, src->tex);
      glTexParameteri(src->gl_target, GL_DEPTH_STENCIL_TEXTURE_MODE, GL_DEPTH_COMPONENT);
      glBindTexture(src->gl_target, 0);
   }
   /* A source the host cannot attach is sampled instead of read. */
   bool colour_by_draw = (bits & GL_COLOR_BUFFER_BIT) && gv_gl_blit_colour_by_draw(src);
   bool volume_by_draw = (bits & GL_COLOR_BUFFER_BIT) && gv_gl_blit_volume_by_draw(info, src);
   if (depth_by_draw && (bits & GL_STENCIL_BUFFER_BIT))
      gv_warn("BLIT %s -> %s: depth converted, stencil not copied (needs stencil export)",
                   sf->name, df->name);
   GLenum src_att = bits & GL_COLOR_BUFFER_BIT ? GL_COLOR_ATTACHMENT0 : gv_gl_attachment_point(src->fmt);
   GLenum dst_att = bits & GL_COLOR_BUFFER_BIT ? GL_COLOR_ATTACHMENT0 : gv_gl_attachment_point(dst->fmt);

   glDisable(GL_RASTERIZER_DISCARD);
   if (info->scissor_enable) {
      glEnable(GL_SCISSOR_TEST);
      glScissor((GLint)info->scissor_minx, (GLint)info->scissor_miny,
                (GLsizei)(info->scissor_maxx - info->scissor_minx),
                (GLsizei)(info->scissor_maxy - info->scissor_miny));
   } else {
      glDisable(GL_SCISSOR_TEST);
   }
   /* sRGB: encode only when the destination view is sRGB. */
   if (api->srgb_write_control) {
      if (df->flags & GV_FMT_SRGB)
         glEnable(GL_FRAMEBUFFER_SRGB);
      else
         glDisable(GL_FRAMEBUFFER_SRGB);
   }

   /* A side whose format reinterprets its storage's bits (Mesa's copies
    * between formats of one size as blits of canonical formats, mipmaps of
    * texture views) is read or written through a texture view of it. */
   GLuint src_view = colour_by_draw || volume_by_draw || !(bits & GL_COLOR_BUFFER_BIT) ? 0
                     : gv_gl_reinterpret_view(api, src, info->src.format, "BLIT source");
   GLuint dst_view = !(bits & GL_COLOR_BUFFER_BIT) ? 0
                     : gv_gl_reinterpret_view(api, dst, info->dst.format, "BLIT destination");
   const struct gv_box *sb = &info->src.box, *db = &info->dst.box;
   int ret = GV_OK;
   for (int32_t k = 0; k < db->d && ret == GV_OK; k++) {
      glBindFramebuffer(GL_READ_FRAMEBUFFER, ctx->read_fbo);
      if (!colour_by_draw && !volume_by_draw) {
         gv_gl_attach_tex_layer(GL_READ_FRAMEBUFFER, src_att, src_view ? src_view : src->tex,
                                src->gl_target, info->src.level, src_layer_for(info, k));
         glReadBuffer(bits & GL_COLOR_BUFFER_BIT ? GL_COLOR_ATTACHMENT0 : GL_NONE);
      }
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, ctx->draw_fbo);
      gv_gl_attach_tex_layer(GL_DRAW_FRAMEBUFFER, dst_att, dst_view ? dst_view : dst->tex,
                             dst->gl_target, info->dst.level, (uint32_t)(db->z + k));
      GLenum draw_buf = bits & GL_COLOR_BUFFER_BIT ? GL_COLOR_ATTACHMENT0 : GL_NONE;
      glDrawBuffers(1, &draw_buf);
      GLenum rs = colour_by_draw || volume_by_draw ? GL_FRAMEBUFFER_COMPLETE : glCheckFramebufferStatus(GL_READ_FRAMEBUFFER);
      GLenum ds = glCheckFramebufferStatus(GL_DRAW_FRAMEBUFFER);
      if (rs != GL_FRAMEBUFFER_COMPLETE || ds != GL_FRAMEBUFFER_COMPLETE) {
         gv_error("BLIT %s -> %s: host framebuffers incomplete (0x%04x, 0x%04x)", sf->name,
                  df->name, rs, ds);
         ret = GV_E_UNSUPPORTED;
      } else if (volume_by_draw) {
         ret = gv_gl_blit_draw_volume(ctx, info, src, k);
      } else if (depth_by_draw || colour_by_draw) {
         ret = gv_gl_blit_draw(ctx, info, src, src_layer_for(info, k), depth_by_draw);
      } else {
         glBlitFramebuffer(sb->x, sb->y, sb->x + sb->w, sb->y + sb->h, db->x, db->y, db->x + db->w,
                           db->y + db->h, bits, filter);
      }
      detach_all(GL_READ_FRAMEBUFFER);
      detach_all(GL_DRAW_FRAMEBUFFER);
   }
   glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
   glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
   glDisable(GL_SCISSOR_TEST);
   if (api->srgb_write_control)
      glDisable(GL_FRAMEBUFFER_SRGB);
   if (src_view)
      glDeleteTextures(1, &src_view);
   if (dst_view)
      glDeleteTextures(1, &dst_view);
   int err = gv_gl_check("BLIT");
   if (err < 0)
      gv_error("BLIT %s (%dx%d) -> %s (%dx%d) failed on the host", sf->name, sb->w, sb->h, df->name,
               db->w, db->h);
   return ret < 0 ? ret : err;
}

static int copy_buffers(struct gv_context *ctx, const struct gv_copy_region_info *info,
                        struct gv_resource *dst, struct gv_resource *src)
{
   GLintptr so = info->src_box.x, dof = info->dst_x;
   GLsizeiptr n = info->src_box.w;
   if (src->buf && dst->buf) {
      glBindBuffer(GL_COPY_READ_BUFFER, src->buf);
      glBindBuffer(GL_COPY_WRITE_BUFFER, dst->buf);
      glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, so, dof, n);
   } else if (dst->buf) {
      if (!src->backing)
         return GV_E_INVALID;
      glBindBuffer(GL_COPY_WRITE_BUFFER, dst->buf);
      gv_guest_read(ctx, src->backing + so, (size_t)n);
      glBufferSubData(GL_COPY_WRITE_BUFFER, dof, n, src->backing + so);
   } else if (src->buf) {
      if (!dst->backing)
         return GV_E_INVALID;
      glBindBuffer(GL_COPY_READ_BUFFER, src->buf);
      const void *p = glMapBufferRange(GL_COPY_READ_BUFFER, so, n, GL_MAP_READ_BIT);
      if (p) {
         memcpy(dst->backing + dof, p, (size_t)n);
         glUnmapBuffer(GL_COPY_READ_BUFFER);
         gv_guest_written(ctx, dst->backing + dof, (size_t)n);
      }
   } else {
      /* Guest-memory-only buffers: both copies live in guest memory. */
      if (!src->backing || !dst->backing)
         return GV_E_INVALID;
      gv_guest_read(ctx, src->backing + so, (size_t)n);
      memmove(dst->backing + dof, src->backing + so, (size_t)n);
      gv_guest_written(ctx, dst->backing + dof, (size_t)n);
   }
   glBindBuffer(GL_COPY_READ_BUFFER, 0);
   glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
   return gv_gl_check("RESOURCE_COPY_REGION (buffer)");
}

int gv_gl_copy_region(struct gv_context *ctx, const struct gv_copy_region_info *info,
                      struct gv_resource *dst, struct gv_resource *src)
{
   if (dst->desc.target == GV_TARGET_BUFFER)
      return copy_buffers(ctx, info, dst, src);

   const struct gv_box *b = &info->src_box;
   const struct gv_hostapi *api = &ctx->r->api;
   GLenum si = src->glf->internal_format, di = dst->glf->internal_format;
   if (api->copy_image && !gv_gl_copy_compatible(si, di)) {
      /* Guest formats of one block size whose host storage differs in
       * size or class (alpha formats kept in RGBA, say). */
      gv_error("RESOURCE_COPY_REGION %s -> %s: the host stores them as formats it cannot copy "
               "between (0x%04x, 0x%04x)", src->fmt->name, dst->fmt->name, si, di);
      return GV_E_UNSUPPORTED;
   }
   if (api->copy_image) {
      /* Compressed blocks and uncompressed texels of their size copy one
       * for one; the box is the source's, in its texels (as Gallium's). */
      /* Layers of every array target, 1D arrays included, are slices in z
       * (GL 4.5 section 18.3.3), as in Gallium's boxes. */
      glCopyImageSubData(src->tex, src->gl_target, (GLint)info->src_level, b->x, b->y, b->z,
                         dst->tex, dst->gl_target, (GLint)info->dst_level, (GLint)info->dst_x,
                         (GLint)info->dst_y, (GLint)info->dst_z, b->w, b->h, b->d);
      int err = gv_gl_check("RESOURCE_COPY_REGION");
      if (err < 0)
         gv_error("RESOURCE_COPY_REGION %s level %u (%d,%d,%d %dx%dx%d) -> %s level %u (%u,%u,%u) "
                  "failed on the host", src->fmt->name, info->src_level, b->x, b->y, b->z, b->w, b->h,
                  b->d, dst->fmt->name, info->dst_level, info->dst_x, info->dst_y, info->dst_z);
      return err;
   }
   /* Without copy_image: a 1:1 nearest blit per layer does the same for
    * renderable formats of one block (the guest gets no ARB_copy_image). */
   if (src->fmt->block_w != dst->fmt->block_w || src->fmt->block_h != dst->fmt->block_h) {
      gv_error("RESOURCE_COPY_REGION %s -> %s needs glCopyImageSubData", src->fmt->name,
               dst->fmt->name);
      return GV_E_UNSUPPORTED;
   }
   struct gv_blit_info bi;
   memset(&bi, 0, sizeof(bi));
   bi.mask = gv_format_is_depth_or_stencil(src->fmt) ? GV_MASK_Z | GV_MASK_S : GV_MASK_RGBA;
   bi.src = (struct gv_blit_side){ info->src_res, info->src_level, src->desc.format, *b };
   bi.dst = (struct gv_blit_side){ info->dst_res, info->dst_level, dst->desc.format,
                                   { (int32_t)info->dst_x, (int32_t)info->dst_y, (int32_t)info->dst_z,
                                     b->w, b->h, b->d } };
   return gv_gl_blit(ctx, &bi, dst, src);
}
