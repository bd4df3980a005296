#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "util/checked.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

/* A surface attaches its resource's storage, or a texture view of its
 * format and layers where those differ (gl_view.c). */
static void attach_surface(struct gv_context *ctx, GLenum att, struct gv_surface *s)
{
   GLenum target;
   uint32_t level, layer;
   GLuint tex = gv_gl_surface_texture(ctx, s, &target, &level, &layer);
   if (s->first_layer == s->last_layer)
      gv_gl_attach_tex_layer(GL_FRAMEBUFFER, att, tex, target, level, layer);
   else
      glFramebufferTexture(GL_FRAMEBUFFER, att, tex, (GLint)level);
}

int gv_gl_bind_framebuffer(struct gv_context *ctx, struct gv_sub_ctx *sub)
{
   if (!sub->fbo)
      glGenFramebuffers(1, &sub->fbo);
   glBindFramebuffer(GL_FRAMEBUFFER, sub->fbo);
   if (!sub->fbo_dirty)
      return GV_OK;

   GLenum bufs[GV_MAX_COLOR_BUFS];
   uint32_t max = (uint32_t)ctx->r->api.max_color_attachments;
   if (max > GV_MAX_COLOR_BUFS)
      max = GV_MAX_COLOR_BUFS;
   for (uint32_t i = 0; i < max; i++) {
      GLenum att = GL_COLOR_ATTACHMENT0 + i;
      bufs[i] = GL_NONE;
      if (i < sub->nr_cbufs && sub->cbufs[i]) {
         attach_surface(ctx, att, sub->cbufs[i]);
         bufs[i] = att;
      } else {
         glFramebufferTexture2D(GL_FRAMEBUFFER, att, GL_TEXTURE_2D, 0, 0);
      }
   }
   glFramebufferTexture2D(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_TEXTURE_2D, 0, 0);
   if (sub->zsurf)
      attach_surface(ctx, gv_gl_attachment_point(sub->zsurf->fmt), sub->zsurf);
   uint32_t n = sub->nr_cbufs < max ? sub->nr_cbufs : max;
   glDrawBuffers((GLsizei)(n ? n : 1), bufs);
   /* The size a framebuffer without attachments rasterizes (the guest's
    * ARB_framebuffer_no_attachments: SET_FRAMEBUFFER_STATE_NO_ATTACH),
    * clamped to the host's limits; GL ignores it while anything is attached. */
   const struct gv_hostapi *api = &ctx->r->api;
   if (api->fb_no_attach) {
      const struct gv_framebuffer_no_attach_info *na = &sub->no_attach;
      uint32_t w = na->width, h = na->height, layers = na->layers, samples = na->samples;
      if (w > (uint32_t)api->max_framebuffer_width)
         w = (uint32_t)api->max_framebuffer_width;
      if (h > (uint32_t)api->max_framebuffer_height)
         h = (uint32_t)api->max_framebuffer_height;
      if (samples > (uint32_t)api->max_framebuffer_samples)
         samples = (uint32_t)api->max_framebuffer_samples;
      glFramebufferParameteri(GL_FRAMEBUFFER, GL_FRAMEBUFFER_DEFAULT_WIDTH, (GLint)w);
      glFramebufferParameteri(GL_FRAMEBUFFER, GL_FRAMEBUFFER_DEFAULT_HEIGHT, (GLint)h);
      glFramebufferParameteri(GL_FRAMEBUFFER, GL_FRAMEBUFFER_DEFAULT_SAMPLES, (GLint)samples);
      if (api->fb_default_layers) {
         if (layers > (uint32_t)api->max_framebuffer_layers)
            layers = (uint32_t)api->max_framebuffer_layers;
         glFramebufferParameteri(GL_FRAMEBUFFER, GL_FRAMEBUFFER_DEFAULT_LAYERS, (GLint)layers);
      }
   }
   sub->fbo_dirty = false;

   GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
   if (status != GL_FRAMEBUFFER_COMPLETE && (sub->nr_cbufs || sub->zsurf)) {
      gv_error("framebuffer of sub-context %u is incomplete on the host (0x%04x)", sub->id, status);
      sub->fbo_dirty = true;
      return GV_E_UNSUPPORTED;
   }
   return gv_gl_check("framebuffer setup");
}

static float srgb_encode(float v)
{
   if (!(v > 0.0f))
      return 0.0f;
   if (v >= 1.0f)
      return 1.0f;
   return v <= 0.0031308f ? v * 12.92f : 1.055f * powf(v, 1.0f / 2.4f) - 0.055f;
}

static float srgb_decode(float v)
{
   if (!(v > 0.0f))
      return 0.0f;
   if (v >= 1.0f)
      return 1.0f;
   return v <= 0.04045f ? v / 12.92f : powf((v + 0.055f) / 1.055f, 2.4f);
}

/* Gallium encodes a clear of an sRGB view; GL encodes when the storage is
 * sRGB and sRGB writes are on. We switch hardware encoding off where we can
 * and encode (or undo the host's encoding) on the CPU, which covers sRGB
 * views of linear storage and linear views of sRGB storage alike. */
static void clear_colour_buffer(struct gv_context *ctx, uint32_t index, const struct gv_surface *s,
                                const struct gv_clear_info *info)
{
   const struct gv_hostapi *api = &ctx->r->api;
   /* A texture view of the surface's format stores what it writes. */
   const struct gv_gl_format *glf = s->res->glf;
   const struct gv_format_desc *stored_fmt = s->res->fmt;
   if (s->view_tex) {
      glf = gv_gl_format_get(s->view_format);
      stored_fmt = gv_format_get(s->view_format);
   }
   union { float f[4]; int32_t i[4]; uint32_t u[4]; } stored = { .u = { 0, 0, 0, 0 } }, in = { .u = { 0 } };
   memcpy(&in, &info->color, sizeof(in));

   if (!(s->fmt->flags & GV_FMT_INTEGER)) {
      bool want_encode = s->fmt->flags & GV_FMT_SRGB;
      bool host_encodes = (stored_fmt->flags & GV_FMT_SRGB) && !api->srgb_write_control;
      for (int c = 0; c < 3; c++) {
         if (want_encode && !host_encodes)
            in.f[c] = srgb_encode(in.f[c]);
         else if (!want_encode && host_encodes)
            in.f[c] = srgb_decode(in.f[c]);
      }
   }
   /* Storage that emulates a format through a swizzle (A8 as R8, L8A8 as
    * RG8) receives each logical component in the channel that feeds it. */
   bool seen[4] = { false, false, false, false };
   for (int j = 0; j < 4; j++) {
      uint8_t c = glf->swizzle[j];
      if (c < 4 && !seen[c]) {
         stored.u[c] = in.u[j];
         seen[c] = true;
      }
   }
   if (s->fmt->flags & GV_FMT_INTEGER) {
      if (s->fmt->flags & GV_FMT_SIGNED)
         glClearBufferiv(GL_COLOR, (GLint)index, stored.i);
      else
         glClearBufferuiv(GL_COLOR, (GLint)index, stored.u);
   } else {
      glClearBufferfv(GL_COLOR, (GLint)index, stored.f);
   }
}

static void reset_write_state(const struct gv_hostapi *api)
{
   glDisable(GL_SCISSOR_TEST);
   glDisable(GL_RASTERIZER_DISCARD);
   glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
   glDepthMask(GL_TRUE);
   glStencilMask(0xff);
   if (api->srgb_write_control)
      glDisable(GL_FRAMEBUFFER_SRGB);
}

int gv_gl_clear(struct gv_context *ctx, struct gv_sub_ctx *sub, const struct gv_clear_info *info)
{
   int ret = gv_gl_bind_framebuffer(ctx, sub);
   if (ret < 0)
      return ret;
   reset_write_state(&ctx->r->api);
   for (uint32_t i = 0; i < sub->nr_cbufs; i++)
      if ((info->buffers & (GV_CLEAR_COLOR0 << i)) && sub->cbufs[i])
         clear_colour_buffer(ctx, i, sub->cbufs[i], info);

   const struct gv_surface *z = sub->zsurf;
   if (z) {
      bool depth = (info->buffers & GV_CLEAR_DEPTH) && (z->fmt->flags & GV_FMT_DEPTH);
      bool stencil = (info->buffers & GV_CLEAR_STENCIL) && (z->fmt->flags & GV_FMT_STENCIL);
      GLfloat d = (GLfloat)info->depth;
      GLint st = (GLint)(info->stencil & 0xff);
      if (depth && stencil)
         glClearBufferfi(GL_DEPTH_STENCIL, 0, d, st);
      else if (depth)
         glClearBufferfv(GL_DEPTH, 0, &d);
      else if (stencil)
         glClearBufferiv(GL_STENCIL, 0, &st);
   }
   glBindFramebuffer(GL_FRAMEBUFFER, 0);
   return gv_gl_check("CLEAR");
}

/* The texel is already in the resource's format, exactly what an upload
 * takes: replicate it over the box and upload, one slice (or row) at a time
 * so memory stays bounded whatever the box. */
int gv_gl_clear_texture(struct gv_context *ctx, struct gv_resource *res, uint32_t level,
                        const struct gv_box *box, const uint32_t texel[4])
{
   const struct gv_format_desc *f = res->fmt;
   if (!box->w || !box->h || !box->d)
      return GV_OK;
   const uint32_t bs = f->block_bytes;
   const uint32_t nbx = gv_format_nblocksx(f, (uint32_t)box->w);
   const uint32_t nby = gv_format_nblocksy(f, (uint32_t)box->h);
   const size_t row = (size_t)nbx * bs;
   const size_t max_chunk = 16u << 20;
   uint32_t rows_per_chunk = row * nby <= max_chunk ? nby : 1;
   uint8_t *buf = malloc(row * rows_per_chunk);
   if (!buf)
      return GV_E_NOMEM;
   for (size_t o = 0; o < row * rows_per_chunk; o += bs)
      memcpy(buf + o, texel, bs);

   int ret = GV_OK;
   for (int32_t k = 0; k < box->d && ret == GV_OK; k++) {
      for (uint32_t r = 0; r < nby && ret == GV_OK; r += rows_per_chunk) {
         uint32_t n = nby - r < rows_per_chunk ? nby - r : rows_per_chunk;
         int32_t y = box->y + (int32_t)(r * f->block_h);
         int32_t h = (int32_t)(n * f->block_h);
         if (y + h > box->y + box->h)
            h = box->y + box->h - y;
         struct gv_box part = { box->x, y, box->z + k, box->w, h, 1 };
         ret = gv_gl_upload(ctx, res, level, &part, buf, (uint32_t)row, row * n);
      }
   }
   free(buf);
   return ret;
}
