#include <stdlib.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "util/checked.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

/* GL coordinates of one slice of a box: 1D arrays keep their layer in y on
 * desktop GL, every other layered target in z (cube faces included). */
struct gl_slice {
   GLint x, y, z;
   GLsizei w, h;
};

static struct gl_slice slice_coords(const struct gv_resource *res, const struct gv_box *b, int32_t k)
{
   struct gl_slice s = { b->x, b->y, b->z + k, b->w, b->h };
   if (res->gl_target == GL_TEXTURE_1D_ARRAY) {
      s.y = b->z + k;
      s.z = 0;
   }
   return s;
}

static void tex_sub_image(const struct gv_resource *res, uint32_t level, struct gl_slice s,
                          const struct gv_gl_pixel_path *path, bool compressed, GLsizei image_size,
                          const void *data)
{
   GLenum t = res->gl_target;
   GLint l = (GLint)level;
   switch (t) {
   case GL_TEXTURE_1D:
      glTexSubImage1D(t, l, s.x, s.w, path->format, path->type, data);
      break;
   case GL_TEXTURE_2D:
   case GL_TEXTURE_RECTANGLE:
   case GL_TEXTURE_1D_ARRAY:
   case GL_TEXTURE_CUBE_MAP: {
      GLenum face = t == GL_TEXTURE_CUBE_MAP ? GL_TEXTURE_CUBE_MAP_POSITIVE_X + (GLenum)s.z : t;
      if (compressed)
         glCompressedTexSubImage2D(face, l, s.x, s.y, s.w, s.h, path->format, image_size, data);
      else
         glTexSubImage2D(face, l, s.x, s.y, s.w, s.h, path->format, path->type, data);
      break;
   }
   default:
      if (compressed)
         glCompressedTexSubImage3D(t, l, s.x, s.y, s.z, s.w, s.h, 1, path->format, image_size, data);
      else
         glTexSubImage3D(t, l, s.x, s.y, s.z, s.w, s.h, 1, path->format, path->type, data);
      break;
   }
}

/* The pixel converters access whole elements of up to this many bytes, but
 * the guest picks the offset and stride of its rows freely. */
enum { CONVERT_ALIGN = 4 };

/* Packed GL-side rows of `gl_row` bytes, then room for one guest row that
 * converters can use aligned; NULL when out of memory. */
static uint8_t *alloc_rows(size_t gl_row, uint32_t rows, size_t row_bytes, uint8_t **bounce)
{
   size_t packed, at, total;
   *bounce = NULL;
   if (!gv_mul_size(gl_row, rows, &packed) || !gv_add_size(packed, CONVERT_ALIGN - 1, &at))
      return NULL;
   at -= at % CONVERT_ALIGN;
   if (!gv_add_size(at, row_bytes, &total))
      return NULL;
   uint8_t *tmp = malloc(total);
   if (tmp)
      *bounce = tmp + at;
   return tmp;
}

static bool aligned(const void *p)
{
   return (uintptr_t)p % CONVERT_ALIGN == 0;
}

/* Moves `rows` rows between guest memory and a packed GL-side buffer,
 * converting each row of `pixels` pixels when the layouts differ. The
 * packed side is always aligned (gl_row is a multiple of CONVERT_ALIGN when
 * there is a converter); a guest row that is not goes through `bounce`
 * (row_bytes long), since an unaligned element access is undefined. */
static void copy_rows(const uint8_t *src, size_t src_stride, uint8_t *dst, size_t dst_stride,
                      uint32_t rows, size_t row_bytes, uint32_t pixels, gv_pixel_convert_fn convert,
                      uint8_t *bounce)
{
   for (uint32_t r = 0; r < rows; r++) {
      const uint8_t *s = src + r * src_stride;
      uint8_t *d = dst + r * dst_stride;
      if (!convert) {
         memcpy(d, s, row_bytes);
      } else if (!aligned(s)) {
         memcpy(bounce, s, row_bytes);
         convert(bounce, d, pixels);
      } else if (!aligned(d)) {
         convert(s, bounce, pixels);
         memcpy(d, bounce, row_bytes);
      } else {
         convert(s, d, pixels);
      }
   }
}

static int buffer_upload(struct gv_resource *res, const struct gv_box *box, const uint8_t *src)
{
   if (!res->buf)
      return GV_OK; /* guest-memory-only buffer: nothing lives on the host */
   glBindBuffer(GL_COPY_WRITE_BUFFER, res->buf);
   glBufferSubData(GL_COPY_WRITE_BUFFER, box->x, box->w, src);
   glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
   return gv_gl_check("buffer upload");
}

static int buffer_download(struct gv_resource *res, const struct gv_box *box, uint8_t *dst)
{
   if (!res->buf)
      return GV_OK;
   glBindBuffer(GL_COPY_READ_BUFFER, res->buf);
   const void *p = glMapBufferRange(GL_COPY_READ_BUFFER, box->x, box->w, GL_MAP_READ_BIT);
   if (p) {
      memcpy(dst, p, (size_t)box->w);
      glUnmapBuffer(GL_COPY_READ_BUFFER);
   }
   glBindBuffer(GL_COPY_READ_BUFFER, 0);
   return p ? gv_gl_check("buffer download") : GV_E_HOST;
}

int gv_gl_upload(struct gv_context *ctx, struct gv_resource *res, uint32_t level,
                 const struct gv_box *box, const uint8_t *src, uint32_t stride, uint64_t layer_stride)
{
   (void)ctx;
   if (res->desc.target == GV_TARGET_BUFFER)
      return buffer_upload(res, box, src);

   const struct gv_format_desc *f = res->fmt;
   const struct gv_gl_pixel_path *path = &res->glf->upload;
   const bool compressed = f->flags & GV_FMT_COMPRESSED;
   const uint32_t nbx = gv_format_nblocksx(f, (uint32_t)box->w);
   const uint32_t nby = gv_format_nblocksy(f, (uint32_t)box->h);
   const size_t row_bytes = (size_t)nbx * f->block_bytes;
   const size_t gl_row = compressed ? row_bytes : (size_t)nbx * path->gl_bytes;
   /* GL takes guest rows in place when bytes match and the stride is a
    * whole number of pixels; otherwise rows are packed (and converted). */
   const bool direct = !path->convert && !compressed && stride % f->block_bytes == 0;
   uint8_t *tmp = NULL, *bounce = NULL;
   if (!direct && !(tmp = alloc_rows(gl_row, nby, row_bytes, &bounce)))
      return GV_E_NOMEM;

   glBindTexture(res->gl_target, res->tex);
   glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
   glPixelStorei(GL_UNPACK_ROW_LENGTH, direct ? (GLint)(stride / f->block_bytes) : 0);
   for (int32_t k = 0; k < box->d; k++) {
      const uint8_t *slice = src + (uint64_t)k * layer_stride;
      const void *data = slice;
      if (!direct) {
         copy_rows(slice, stride, tmp, gl_row, nby, row_bytes, nbx, path->convert, bounce);
         data = tmp;
      }
      tex_sub_image(res, level, slice_coords(res, box, k), path, compressed,
                    (GLsizei)(gl_row * nby), data);
   }
   glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
   glBindTexture(res->gl_target, 0);
   free(tmp);
   return gv_gl_check("texture upload");
}

static void detach(GLenum fb_target, GLenum attachment)
{
   glFramebufferTexture2D(fb_target, attachment, GL_TEXTURE_2D, 0, 0);
}

/* A 2D copy of the slice in the format's twin (same bits: an integer format
 * for snorm, one texel per block for compressed formats), attached in its
 * place: glReadPixels of the twin cannot clamp what it reads, and reads
 * compressed blocks at all. `s` becomes the twin's whole image. */
static GLuint attach_twin(const struct gv_resource *res, uint32_t level, struct gl_slice *s,
                          uint32_t layer)
{
   const GLsizei bw = res->fmt->block_w, bh = res->fmt->block_h;
   const GLsizei tw = (s->w + bw - 1) / bw, th = (s->h + bh - 1) / bh;
   GLuint twin = 0;
   glGenTextures(1, &twin);
   glBindTexture(GL_TEXTURE_2D, twin);
   glTexStorage2D(GL_TEXTURE_2D, 1, res->glf->read_twin, tw, th);
   glBindTexture(GL_TEXTURE_2D, 0);
   GLint z = res->gl_target == GL_TEXTURE_2D ? 0 : (GLint)layer;
   /* The size is the source's, in its texels (GL 4.6 section 18.3.3). */
   glCopyImageSubData(res->tex, res->gl_target, (GLint)level, s->x, s->y, z, twin, GL_TEXTURE_2D, 0,
                      0, 0, 0, s->w, s->h, 1);
   glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, twin, 0);
   s->x = s->y = 0;
   s->w = tw;
   s->h = th;
   return twin;
}

/* Reads one slice through the scratch read framebuffer: the one path that
 * works on GLES, where glGetTexImage does not exist. */
static int read_slice_fbo(struct gv_context *ctx, const struct gv_resource *res, uint32_t level,
                          struct gl_slice s, uint32_t layer, const struct gv_gl_pixel_path *path,
                          void *out)
{
   GLenum att = gv_gl_attachment_point(res->fmt);
   glBindFramebuffer(GL_READ_FRAMEBUFFER, ctx->read_fbo);
   GLuint twin = 0;
   if (res->glf->read_twin && res->gl_target != GL_TEXTURE_2D_MULTISAMPLE) {
      twin = attach_twin(res, level, &s, layer);
   } else {
      gv_gl_attach_layer(GL_READ_FRAMEBUFFER, att, res, level, layer);
   }
   glReadBuffer(att == GL_COLOR_ATTACHMENT0 ? GL_COLOR_ATTACHMENT0 : GL_NONE);
   int ret = GV_OK;
   GLenum status = glCheckFramebufferStatus(GL_READ_FRAMEBUFFER);
   if (status != GL_FRAMEBUFFER_COMPLETE) {
      gv_error("readback of %s: host framebuffer incomplete (0x%04x)", res->fmt->name, status);
      ret = GV_E_UNSUPPORTED;
   } else {
      GLint y = res->gl_target == GL_TEXTURE_1D_ARRAY || res->gl_target == GL_TEXTURE_1D ? 0 : s.y;
      glReadPixels(s.x, y, s.w, s.h, path->format, path->type, out);
   }
   detach(GL_READ_FRAMEBUFFER, att);
   glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
   glDeleteTextures(1, &twin);
   return ret;
}

static void read_slice_gettex(const struct gv_resource *res, uint32_t level, struct gl_slice s,
                              const struct gv_gl_pixel_path *path, bool compressed, size_t size,
                              void *out)
{
   if (compressed)
      glGetCompressedTextureSubImage(res->tex, (GLint)level, s.x, s.y, s.z, s.w, s.h, 1,
                                     (GLsizei)size, out);
   else
      glGetTextureSubImage(res->tex, (GLint)level, s.x, s.y, s.z, s.w, s.h, 1, path->format,
                           path->type, (GLsizei)size, out);
}

int gv_gl_download(struct gv_context *ctx, struct gv_resource *res, uint32_t level,
                   const struct gv_box *box, uint8_t *dst, uint32_t stride, uint64_t layer_stride)
{
   if (res->desc.target == GV_TARGET_BUFFER)
      return buffer_download(res, box, dst);

   const struct gv_format_desc *f = res->fmt;
   const struct gv_gl_pixel_path *path = &res->glf->readback;
   const bool compressed = f->flags & GV_FMT_COMPRESSED;
   const bool gettex = ctx->r->api.get_texture_sub_image;
   /* glGetTextureSubImage reads anything, compressed too; the framebuffer
    * path only what the table says it can. */
   if (gettex ? !compressed && !path->format
              : (compressed && !res->glf->read_twin) || !path->format ||
                   !(res->glf->flags & GV_GLF_READBACK)) {
      gv_error("readback of %s is not possible on this host", f->name);
      return GV_E_UNSUPPORTED;
   }
   /* Compressed images read through a twin come as one texel per block. */
   const bool blocks = compressed && (gettex || !res->glf->read_twin);
   const uint32_t nbx = gv_format_nblocksx(f, (uint32_t)box->w);
   const uint32_t nby = gv_format_nblocksy(f, (uint32_t)box->h);
   const size_t row_bytes = (size_t)nbx * f->block_bytes;
   const size_t gl_row = blocks ? row_bytes : (size_t)nbx * path->gl_bytes;
   const bool direct = !path->convert && !blocks && stride % f->block_bytes == 0;
   uint8_t *tmp = NULL, *bounce = NULL;
   if (!direct && !(tmp = alloc_rows(gl_row, nby, row_bytes, &bounce)))
      return GV_E_NOMEM;

   gv_gl_check("before readback");
   glPixelStorei(GL_PACK_ALIGNMENT, 1);
   glPixelStorei(GL_PACK_ROW_LENGTH, direct ? (GLint)(stride / f->block_bytes) : 0);
   int ret = GV_OK;
   for (int32_t k = 0; k < box->d && ret == GV_OK; k++) {
      uint8_t *slice = dst + (uint64_t)k * layer_stride;
      uint8_t *out = direct ? slice : tmp;
      struct gl_slice s = slice_coords(res, box, k);
      size_t size = direct ? (size_t)(nby - 1) * stride + row_bytes : gl_row * nby;
      if (gettex)
         read_slice_gettex(res, level, s, path, compressed, size, out);
      else
         ret = read_slice_fbo(ctx, res, level, s, (uint32_t)(box->z + k), path, out);
      if (ret == GV_OK && !direct)
         copy_rows(tmp, gl_row, slice, stride, nby, row_bytes, nbx, path->convert, bounce);
   }
   glPixelStorei(GL_PACK_ROW_LENGTH, 0);
   free(tmp);
   int err = gv_gl_check("texture readback");
   return ret < 0 ? ret : err;
}
