/* Host texture views (glTextureView: GL 4.3, OES/EXT_texture_view) and the
 * format compatibility rules glTextureView and glCopyImageSubData share.
 *
 * A sampler view or surface whose format, target or layer range cannot be
 * expressed on its resource's storage sees that storage through a view made
 * on first use and kept with the object (ARB_texture_view in the guest). */
#include "gl/gl_backend.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

/* View classes (GL 4.6 table 8.27 and the compressed classes of
 * ARB_texture_view / EXT_texture_compression_s3tc); 0 = none, the format
 * is compatible with itself only. */
enum view_class {
   VC_NONE,
   VC_128, VC_96, VC_64, VC_48, VC_32, VC_24, VC_16, VC_8,
   VC_RGTC1, VC_RGTC2, VC_BPTC_UNORM, VC_BPTC_FLOAT,
   VC_DXT1_RGB, VC_DXT1_RGBA, VC_DXT3, VC_DXT5,
   VC_COUNT
};

/* Bytes of a texel (uncompressed classes) or of a block (compressed ones). */
static const uint8_t class_bytes[VC_COUNT] = {
   [VC_128] = 16, [VC_96] = 12, [VC_64] = 8, [VC_48] = 6, [VC_32] = 4, [VC_24] = 3,
   [VC_16] = 2, [VC_8] = 1, [VC_RGTC1] = 8, [VC_RGTC2] = 16, [VC_BPTC_UNORM] = 16,
   [VC_BPTC_FLOAT] = 16, [VC_DXT1_RGB] = 8, [VC_DXT1_RGBA] = 8, [VC_DXT3] = 16, [VC_DXT5] = 16,
};

static enum view_class view_class(GLenum ifmt)
{
   switch (ifmt) {
   case GL_RGBA32F: case GL_RGBA32UI: case GL_RGBA32I:
      return VC_128;
   case GL_RGB32F: case GL_RGB32UI: case GL_RGB32I:
      return VC_96;
   case GL_RGBA16F: case GL_RG32F: case GL_RGBA16UI: case GL_RG32UI: case GL_RGBA16I:
   case GL_RG32I: case GL_RGBA16: case GL_RGBA16_SNORM:
      return VC_64;
   case GL_RGB16: case GL_RGB16_SNORM: case GL_RGB16F: case GL_RGB16UI: case GL_RGB16I:
      return VC_48;
   case GL_RG16F: case GL_R11F_G11F_B10F: case GL_R32F: case GL_RGB10_A2UI: case GL_RGBA8UI:
   case GL_RG16UI: case GL_R32UI: case GL_RGBA8I: case GL_RG16I: case GL_R32I: case GL_RGB10_A2:
   case GL_RGBA8: case GL_RG16: case GL_RGBA8_SNORM: case GL_RG16_SNORM: case GL_SRGB8_ALPHA8:
   case GL_RGB9_E5:
      return VC_32;
   case GL_RGB8: case GL_RGB8_SNORM: case GL_SRGB8: case GL_RGB8UI: case GL_RGB8I:
      return VC_24;
   case GL_R16F: case GL_RG8UI: case GL_R16UI: case GL_RG8I: case GL_R16I: case GL_RG8:
   case GL_R16: case GL_RG8_SNORM: case GL_R16_SNORM:
      return VC_16;
   case GL_R8UI: case GL_R8I: case GL_R8: case GL_R8_SNORM:
      return VC_8;
   case GL_COMPRESSED_RED_RGTC1: case GL_COMPRESSED_SIGNED_RED_RGTC1:
      return VC_RGTC1;
   case GL_COMPRESSED_RG_RGTC2: case GL_COMPRESSED_SIGNED_RG_RGTC2:
      return VC_RGTC2;
   case GL_COMPRESSED_RGBA_BPTC_UNORM: case GL_COMPRESSED_SRGB_ALPHA_BPTC_UNORM:
      return VC_BPTC_UNORM;
   case GL_COMPRESSED_RGB_BPTC_SIGNED_FLOAT: case GL_COMPRESSED_RGB_BPTC_UNSIGNED_FLOAT:
      return VC_BPTC_FLOAT;
   case GL_COMPRESSED_RGB_S3TC_DXT1_EXT: case GL_COMPRESSED_SRGB_S3TC_DXT1_EXT:
      return VC_DXT1_RGB;
   case GL_COMPRESSED_RGBA_S3TC_DXT1_EXT: case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT1_EXT:
      return VC_DXT1_RGBA;
   case GL_COMPRESSED_RGBA_S3TC_DXT3_EXT: case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT3_EXT:
      return VC_DXT3;
   case GL_COMPRESSED_RGBA_S3TC_DXT5_EXT: case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT5_EXT:
      return VC_DXT5;
   default:
      return VC_NONE;
   }
}

static bool class_compressed(enum view_class c)
{
   return c >= VC_RGTC1;
}

bool gv_gl_view_compatible(GLenum a, GLenum b)
{
   if (a == b)
      return true;
   enum view_class ca = view_class(a);
   return ca != VC_NONE && ca == view_class(b);
}

bool gv_gl_copy_compatible(GLenum a, GLenum b)
{
   if (gv_gl_view_compatible(a, b))
      return true;
   enum view_class ca = view_class(a), cb = view_class(b);
   /* A compressed block and an uncompressed texel of the same size. */
   return ca != VC_NONE && cb != VC_NONE && class_compressed(ca) != class_compressed(cb) &&
          class_bytes[ca] == class_bytes[cb];
}

GLenum gv_gl_uint_format_of_size(uint32_t bytes)
{
   switch (bytes) {
   case 1: return GL_R8UI;
   case 2: return GL_R16UI;
   case 4: return GL_R32UI;
   case 8: return GL_RG32UI;
   case 16: return GL_RGBA32UI;
   default: return 0;
   }
}

/* The sRGB storage formats whose linear views GL_TEXTURE_SRGB_DECODE_EXT
 * already gives (gl_draw.c bind_srgb_decode); 0 for the others. */
static GLenum linear_twin(GLenum ifmt)
{
   switch (ifmt) {
   case GL_SRGB8_ALPHA8: return GL_RGBA8;
   case GL_SRGB8: return GL_RGB8;
   case GL_SR8_EXT: return GL_R8;
   case GL_SRG8_EXT: return GL_RG8;
   case GL_COMPRESSED_SRGB_S3TC_DXT1_EXT: return GL_COMPRESSED_RGB_S3TC_DXT1_EXT;
   case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT1_EXT: return GL_COMPRESSED_RGBA_S3TC_DXT1_EXT;
   case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT3_EXT: return GL_COMPRESSED_RGBA_S3TC_DXT3_EXT;
   case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT5_EXT: return GL_COMPRESSED_RGBA_S3TC_DXT5_EXT;
   case GL_COMPRESSED_SRGB_ALPHA_BPTC_UNORM: return GL_COMPRESSED_RGBA_BPTC_UNORM;
   default: return 0;
   }
}

bool gv_gl_srgb_pair(GLenum a, GLenum b)
{
   return (linear_twin(a) && linear_twin(a) == b) || (linear_twin(b) && linear_twin(b) == a);
}

static bool array_like(GLenum t)
{
   return t == GL_TEXTURE_1D_ARRAY || t == GL_TEXTURE_2D_ARRAY || t == GL_TEXTURE_CUBE_MAP ||
          t == GL_TEXTURE_CUBE_MAP_ARRAY || t == GL_TEXTURE_2D_MULTISAMPLE_ARRAY;
}

static bool multisampled(GLenum t)
{
   return t == GL_TEXTURE_2D_MULTISAMPLE || t == GL_TEXTURE_2D_MULTISAMPLE_ARRAY;
}

/* Layers of the storage as glTextureView counts them (1 for 3D). */
static uint32_t storage_layers(const struct gv_resource *res)
{
   return res->gl_target == GL_TEXTURE_3D ? 1 : res->levels[0].slices;
}

GLuint gv_gl_make_view(const struct gv_resource *res, GLenum target, GLenum ifmt,
                       uint32_t first_level, uint32_t nr_levels, uint32_t first_layer,
                       uint32_t nr_layers, const char *what)
{
   if (!res->tex || !res->glf)
      return 0;
   uint32_t layers = storage_layers(res);
   if (multisampled(target)) {
      first_level = 0;
      nr_levels = 1;
   }
   if (!nr_levels || !nr_layers || first_level >= res->nr_levels ||
       nr_levels > res->nr_levels - first_level || first_layer >= layers ||
       nr_layers > layers - first_layer) {
      gv_error("%s: view of levels %u+%u, layers %u+%u outside resource %u (%u levels, %u layers)",
               what, first_level, nr_levels, first_layer, nr_layers, res->desc.handle,
               res->nr_levels, layers);
      return 0;
   }
   if (!gv_gl_view_compatible(ifmt, res->glf->internal_format)) {
      gv_error("%s: host format 0x%04x cannot view resource %u (%s, host 0x%04x)", what, ifmt,
               res->desc.handle, res->fmt->name, res->glf->internal_format);
      return 0;
   }
   gv_gl_check("before a texture view");
   GLuint view = 0;
   glGenTextures(1, &view);
   glTextureView(view, target, res->tex, ifmt, first_level, nr_levels, first_layer, nr_layers);
   if (gv_gl_check("glTextureView") < 0) {
      gv_error("%s: host refused a view of resource %u (target 0x%04x, format 0x%04x, "
               "levels %u+%u, layers %u+%u)", what, res->desc.handle, target, ifmt, first_level,
               nr_levels, first_layer, nr_layers);
      glDeleteTextures(1, &view);
      return 0;
   }
   return view;
}

/* A stencil-only view of depth/stencil storage: its sampling mode is its own. */
static bool stencil_mode_view(const struct gv_hostapi *api, const struct gv_sampler_view *v)
{
   GLenum rifmt = v->res->glf->internal_format;
   const struct gv_format_desc *vf = gv_format_get(v->info.format);
   bool ds_storage = rifmt == GL_DEPTH24_STENCIL8 || rifmt == GL_DEPTH32F_STENCIL8;
   return api->depth_stencil_texturing && ds_storage && vf && (vf->flags & GV_FMT_STENCIL) &&
          !(vf->flags & GV_FMT_DEPTH);
}

/* A sampler view needs a texture view when the storage cannot be sampled as
 * it asks: another target (a 2D layer of an array, a cube of an array), a
 * sub-range of an array's layers, a format of other bits than the storage's
 * (but an sRGB/linear pair the decode switch gives), or the stencil of a
 * depth/stencil storage (a mode of its own). Levels are the storage's base
 * and max level otherwise. */
static bool sampler_view_needs_view(const struct gv_hostapi *api, const struct gv_sampler_view *v,
                                    const struct gv_gl_format *vglf, GLenum target)
{
   const struct gv_resource *res = v->res;
   GLenum rifmt = res->glf->internal_format, vifmt = vglf->internal_format;
   if (target != res->gl_target)
      return true;
   if (vifmt != rifmt && !(api->srgb_decode && linear_twin(rifmt) == vifmt))
      return true;
   if (array_like(target) && (v->info.first_layer != 0 ||
                              v->info.last_layer + 1ull != storage_layers(res)))
      return true;
   return stencil_mode_view(api, v);
}

GLuint gv_gl_sampler_view_texture(struct gv_context *ctx, struct gv_sampler_view *v, GLenum *target)
{
   const struct gv_hostapi *api = &ctx->r->api;
   const struct gv_resource *res = v->res;
   *target = res->gl_target;
   if (v->view_tex) {
      *target = v->view_target;
      return v->view_tex;
   }
   if (v->no_view || !api->tex_view || !res->tex || !res->glf)
      return res->tex;
   const struct gv_gl_format *vglf = gv_gl_format_get(v->info.format);
   GLenum t = gv_gl_target_of(api, v->target, res->desc.nr_samples);
   if (!vglf || !t || !sampler_view_needs_view(api, v, vglf, t))
      return res->tex;
   /* A format no view can give (a depth-only view of depth/stencil storage,
    * say) is sampled as the storage's, as without texture views. */
   GLenum ifmt = vglf->internal_format;
   if (!gv_gl_view_compatible(ifmt, res->glf->internal_format))
      ifmt = res->glf->internal_format;
   bool whole = !array_like(t) || (v->info.first_layer == 0 &&
                                   v->info.last_layer + 1ull == storage_layers(res));
   if (ifmt == res->glf->internal_format && t == res->gl_target && whole &&
       !stencil_mode_view(api, v)) {
      v->no_view = true;
      return res->tex;
   }

   uint32_t last_level = v->info.last_level < res->nr_levels ? v->info.last_level
                                                             : res->nr_levels - 1;
   uint32_t levels = last_level >= v->info.first_level ? last_level - v->info.first_level + 1 : 0;
   uint32_t first_layer = res->gl_target == GL_TEXTURE_3D ? 0 : v->info.first_layer;
   uint32_t layers = array_like(t) ? v->info.last_layer - v->info.first_layer + 1 : 1;
   if (t == GL_TEXTURE_CUBE_MAP)
      layers = 6;
   GLuint view = gv_gl_make_view(res, t, ifmt, v->info.first_level, levels, first_layer, layers,
                                 "sampler view");
   if (!view) {
      v->no_view = true; /* logged; sampled from the storage from now on */
      return res->tex;
   }
   glBindTexture(t, view);
   if (!multisampled(t)) {
      /* The view starts at the guest's first level. */
      glTexParameteri(t, GL_TEXTURE_BASE_LEVEL, 0);
      glTexParameteri(t, GL_TEXTURE_MAX_LEVEL, (GLint)levels - 1);
   }
   v->view_tex = view;
   v->view_target = t;
   v->view_format = ifmt == vglf->internal_format ? v->info.format : res->desc.format;
   *target = t;
   return view;
}

GLuint gv_gl_surface_texture(struct gv_context *ctx, struct gv_surface *s, GLenum *target,
                             uint32_t *level, uint32_t *layer)
{
   const struct gv_hostapi *api = &ctx->r->api;
   const struct gv_resource *res = s->res;
   *target = res->gl_target;
   *level = s->level;
   *layer = s->first_layer;
   if (s->view_tex) {
      *target = s->view_target;
      *level = 0;
      *layer = s->view_target == GL_TEXTURE_3D ? s->first_layer : 0;
      return s->view_tex;
   }
   if (s->no_view || !api->tex_view || !res->tex || !res->glf)
      return res->tex;
   const struct gv_gl_format *sglf = gv_gl_format_get(s->format);
   if (!sglf)
      return res->tex;
   GLenum rt = res->gl_target;
   bool layered = s->first_layer != s->last_layer;
   bool partial = layered && rt != GL_TEXTURE_3D &&
                  (s->first_layer != 0 || s->last_layer + 1ull != storage_layers(res));
   /* A format no view can give is attached as the storage's, as without
    * texture views. */
   GLenum ifmt = sglf->internal_format;
   if (!gv_gl_view_compatible(ifmt, res->glf->internal_format))
      ifmt = res->glf->internal_format;
   if (ifmt == res->glf->internal_format && !partial) {
      s->no_view = true;
      return res->tex;
   }
   /* One level; the layers the surface names (a 3D storage is viewed whole). */
   GLenum t;
   uint32_t first_layer = s->first_layer, layers = s->last_layer - s->first_layer + 1;
   if (rt == GL_TEXTURE_3D) {
      t = rt;
      first_layer = 0;
      layers = 1;
   } else if (rt == GL_TEXTURE_1D || rt == GL_TEXTURE_1D_ARRAY) {
      t = layered ? GL_TEXTURE_1D_ARRAY : GL_TEXTURE_1D;
   } else if (multisampled(rt)) {
      t = layered ? GL_TEXTURE_2D_MULTISAMPLE_ARRAY : GL_TEXTURE_2D_MULTISAMPLE;
   } else if (rt == GL_TEXTURE_RECTANGLE) {
      t = rt;
   } else {
      t = layered ? GL_TEXTURE_2D_ARRAY : GL_TEXTURE_2D;
   }
   GLuint view = gv_gl_make_view(res, t, ifmt, s->level, 1, first_layer, layers, "surface");
   if (!view) {
      s->no_view = true;
      return res->tex;
   }
   s->view_tex = view;
   s->view_target = t;
   s->view_format = ifmt == sglf->internal_format ? s->format : res->desc.format;
   return gv_gl_surface_texture(ctx, s, target, level, layer);
}

GLuint gv_gl_reinterpret_view(const struct gv_hostapi *api, const struct gv_resource *res,
                              uint32_t format, const char *what)
{
   const struct gv_gl_format *g = gv_gl_format_get(format);
   if (!api->tex_view || !g || !res->glf || !res->tex)
      return 0;
   GLenum ifmt = g->internal_format, rifmt = res->glf->internal_format;
   if (ifmt == rifmt || gv_gl_srgb_pair(ifmt, rifmt) || !gv_gl_view_compatible(ifmt, rifmt))
      return 0;
   return gv_gl_make_view(res, res->gl_target, ifmt, 0, res->nr_levels, 0, storage_layers(res),
                          what);
}
