#include "gl/gl_backend.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

int gv_gl_check(const char *what)
{
   GLenum err, first = GL_NO_ERROR;
   while ((err = glGetError()) != GL_NO_ERROR)
      if (first == GL_NO_ERROR)
         first = err;
   if (first == GL_NO_ERROR)
      return GV_OK;
   gv_error("%s: host GL error 0x%04x", what, first);
   return GV_E_HOST;
}

/* The GL target that stores a virgl target on this host. GLES has no 1D or
 * rectangle textures: they become 2D (and 1D arrays 2D arrays) of height 1. */
GLenum gv_gl_target_of(const struct gv_hostapi *api, uint32_t target, uint32_t nr_samples)
{
   bool ms = nr_samples > 1;
   switch (target) {
   case GV_TARGET_1D:
      return api->tex_1d ? GL_TEXTURE_1D : GL_TEXTURE_2D;
   case GV_TARGET_1D_ARRAY:
      return api->tex_1d ? GL_TEXTURE_1D_ARRAY : GL_TEXTURE_2D_ARRAY;
   case GV_TARGET_2D:
      return ms ? GL_TEXTURE_2D_MULTISAMPLE : GL_TEXTURE_2D;
   case GV_TARGET_RECT:
      return api->tex_rect ? GL_TEXTURE_RECTANGLE : GL_TEXTURE_2D;
   case GV_TARGET_2D_ARRAY:
      return ms ? GL_TEXTURE_2D_MULTISAMPLE_ARRAY : GL_TEXTURE_2D_ARRAY;
   case GV_TARGET_3D:
      return GL_TEXTURE_3D;
   case GV_TARGET_CUBE:
      return GL_TEXTURE_CUBE_MAP;
   case GV_TARGET_CUBE_ARRAY:
      return GL_TEXTURE_CUBE_MAP_ARRAY;
   default:
      return 0;
   }
}

static void apply_swizzle(GLenum target, const uint8_t swz[4])
{
   static const GLenum params[4] = { GL_TEXTURE_SWIZZLE_R, GL_TEXTURE_SWIZZLE_G,
                                     GL_TEXTURE_SWIZZLE_B, GL_TEXTURE_SWIZZLE_A };
   static const GLenum values[6] = { GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA, GL_ZERO, GL_ONE };
   for (int i = 0; i < 4; i++)
      if (swz[i] != i && swz[i] < 6)
         glTexParameteri(target, params[i], (GLint)values[swz[i]]);
}

static int create_buffer(struct gv_resource *res)
{
   /* Staging buffers and fence/query dummies only ever live in guest memory. */
   uint32_t host_binds = res->desc.bind & ~(GV_BIND_STAGING | GV_BIND_CUSTOM);
   if (!host_binds && res->desc.bind)
      return GV_OK;
   glGenBuffers(1, &res->buf);
   glBindBuffer(GL_COPY_WRITE_BUFFER, res->buf);
   glBufferData(GL_COPY_WRITE_BUFFER, (GLsizeiptr)res->desc.width, NULL, GL_DYNAMIC_DRAW);
   glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
   return gv_gl_check("creating a buffer");
}

int gv_gl_resource_create(struct gv_context *ctx, struct gv_resource *res)
{
   const struct gv_resource_desc *d = &res->desc;
   const struct gv_hostapi *api = &ctx->r->api;
   gv_gl_check("before resource creation"); /* do not blame this resource for older errors */

   if (d->target == GV_TARGET_BUFFER)
      return create_buffer(res);

   GLenum target = gv_gl_target_of(api, d->target, d->nr_samples);
   GLenum ifmt = res->glf->internal_format;
   GLsizei levels = (GLsizei)res->nr_levels;
   GLsizei w = (GLsizei)d->width, h = (GLsizei)d->height;
   GLsizei layers = (GLsizei)d->array_size;
   res->gl_target = target;
   glGenTextures(1, &res->tex);
   glBindTexture(target, res->tex);
   switch (target) {
   case GL_TEXTURE_1D:
      glTexStorage1D(target, levels, ifmt, w);
      break;
   case GL_TEXTURE_1D_ARRAY:
      glTexStorage2D(target, levels, ifmt, w, layers);
      break;
   case GL_TEXTURE_2D:
   case GL_TEXTURE_RECTANGLE:
   case GL_TEXTURE_CUBE_MAP:
      glTexStorage2D(target, levels, ifmt, w, h);
      break;
   case GL_TEXTURE_2D_MULTISAMPLE:
      glTexStorage2DMultisample(target, (GLsizei)d->nr_samples, ifmt, w, h, GL_TRUE);
      break;
   case GL_TEXTURE_2D_MULTISAMPLE_ARRAY:
      glTexStorage3DMultisample(target, (GLsizei)d->nr_samples, ifmt, w, h, layers, GL_TRUE);
      break;
   case GL_TEXTURE_2D_ARRAY:
      /* A 1D array stored as 2D array keeps its layers in the third dimension. */
      glTexStorage3D(target, levels, ifmt, w, h, layers);
      break;
   case GL_TEXTURE_CUBE_MAP_ARRAY:
      glTexStorage3D(target, levels, ifmt, w, h, layers);
      break;
   case GL_TEXTURE_3D:
      glTexStorage3D(target, levels, ifmt, w, h, (GLsizei)d->depth);
      break;
   }
   /* Levels the guest did not allocate must not make the texture incomplete. */
   if (target != GL_TEXTURE_2D_MULTISAMPLE && target != GL_TEXTURE_2D_MULTISAMPLE_ARRAY)
      glTexParameteri(target, GL_TEXTURE_MAX_LEVEL, levels - 1);
   /* Multisample textures too: texelFetch of an RGBX / luminance storage
    * must read the guest's channels. */
   apply_swizzle(target, res->glf->swizzle);
   glBindTexture(target, 0);
   int ret = gv_gl_check("creating a texture");
   if (ret < 0) {
      gv_error("resource %u: host refused %s %ux%ux%u (%u layers, %u levels, %u samples)", d->handle,
               res->fmt->name, d->width, d->height, d->depth, d->array_size, levels, d->nr_samples);
      glDeleteTextures(1, &res->tex);
      res->tex = 0;
   }
   return ret;
}

void gv_gl_resource_destroy(struct gv_context *ctx, struct gv_resource *res)
{
   (void)ctx;
   if (res->tex)
      glDeleteTextures(1, &res->tex);
   if (res->buf)
      glDeleteBuffers(1, &res->buf);
   res->tex = res->buf = 0;
}

GLenum gv_gl_attachment_point(const struct gv_format_desc *fmt)
{
   bool depth = fmt->flags & GV_FMT_DEPTH, stencil = fmt->flags & GV_FMT_STENCIL;
   if (depth && stencil)
      return GL_DEPTH_STENCIL_ATTACHMENT;
   if (depth)
      return GL_DEPTH_ATTACHMENT;
   if (stencil)
      return GL_STENCIL_ATTACHMENT;
   return GL_COLOR_ATTACHMENT0;
}

void gv_gl_attach_tex_layer(GLenum fb_target, GLenum attachment, GLuint tex, GLenum target,
                            uint32_t level, uint32_t layer)
{
   switch (target) {
   case GL_TEXTURE_1D:
      glFramebufferTexture1D(fb_target, attachment, GL_TEXTURE_1D, tex, (GLint)level);
      break;
   case GL_TEXTURE_2D:
   case GL_TEXTURE_RECTANGLE:
   case GL_TEXTURE_2D_MULTISAMPLE:
      glFramebufferTexture2D(fb_target, attachment, target, tex, (GLint)level);
      break;
   case GL_TEXTURE_CUBE_MAP:
      glFramebufferTexture2D(fb_target, attachment, GL_TEXTURE_CUBE_MAP_POSITIVE_X + layer, tex,
                             (GLint)level);
      break;
   default:
      glFramebufferTextureLayer(fb_target, attachment, tex, (GLint)level, (GLint)layer);
      break;
   }
}

void gv_gl_attach_layer(GLenum fb_target, GLenum attachment, const struct gv_resource *res,
                        uint32_t level, uint32_t layer)
{
   gv_gl_attach_tex_layer(fb_target, attachment, res->tex, res->gl_target, level, layer);
}
