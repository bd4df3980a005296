/* How each VIRGL_FORMAT is stored, uploaded and read back on the host, for a
 * given host API (struct gv_hostapi). Transfers move guest memory (the exact
 * layout of the virgl format) to and from the GL texture; when GL cannot take
 * or give that layout directly, a converter rewrites the pixels on the way. */
#ifndef GLVIRT_GL_FORMAT_H
#define GLVIRT_GL_FORMAT_H

#include <stdbool.h>
#include <stdint.h>
#include <epoxy/gl.h>

#include "format/virgl_format.h"
#include "gl/gl_hostapi.h"

/* Rewrites `n` pixels from `src` into `dst` (no overlap). */
typedef void (*gv_pixel_convert_fn)(const void *src, void *dst, uint32_t n);

struct gv_gl_pixel_path {
   GLenum format, type;        /* the GL client format/type of the data GL takes/gives */
   uint8_t gl_bytes;           /* bytes per pixel of that GL-side layout (per block if compressed) */
   gv_pixel_convert_fn convert;/* guest->GL for uploads, GL->guest for readbacks; NULL = identical bytes */
};

enum gv_gl_format_flags {
   GV_GLF_RENDERABLE = 1u << 0,   /* may be attached to an FBO as colour / depth / stencil */
   GV_GLF_FILTERABLE = 1u << 1,
   GV_GLF_READBACK = 1u << 2,     /* the readback path below can reproduce guest memory */
   GV_GLF_EMULATED = 1u << 3,     /* stored in another GL format (swizzle or conversion): see docs/emulations.md */
   GV_GLF_STENCIL_VIEW = 1u << 4, /* stencil-only view format of a depth/stencil storage */
};

struct gv_gl_format {
   uint32_t virgl;             /* VIRGL_FORMAT value */
   GLenum internal_format;     /* sized internal format used for storage */
   struct gv_gl_pixel_path upload;
   struct gv_gl_pixel_path readback;  /* format 0 = cannot read back with glReadPixels/glGetTexImage */
   /* Non-zero: the integer format with the same bits that a slice is copied
    * into (glCopyImageSubData) before glReadPixels, for hosts that clamp
    * what they read of this format (hostapi snorm_read_by_copy). */
   GLenum read_twin;
   /* Texture swizzle that makes the stored channels look like the virgl
    * format to samplers (e.g. L8 stored as R8 -> RRR1). Identity = {0,1,2,3}. */
   uint8_t swizzle[4];
   uint16_t flags;             /* enum gv_gl_format_flags */
};

/* Builds the table for this host (once per process, after gv_hostapi_init). */
void gv_gl_format_init(const struct gv_hostapi *api);

/* NULL when the format cannot be stored on this host. */
const struct gv_gl_format *gv_gl_format_get(uint32_t virgl_format);

#endif
