/* DRAW_VBO on the host: program, fixed-function state, vertex input,
 * constants, textures, then the draw call. State is applied in full for
 * every draw (simple and correct first; the caches come with the
 * benchmarks), and the state that also affects clears and blits (masks,
 * scissor, rasterizer discard) is reset afterwards. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "gl/gl_program.h"
#include "util/checked.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

static GLenum compare_func(unsigned f)
{
   static const GLenum m[8] = { GL_NEVER, GL_LESS, GL_EQUAL, GL_LEQUAL,
                                GL_GREATER, GL_NOTEQUAL, GL_GEQUAL, GL_ALWAYS };
   return m[f & 7];
}

static GLenum stencil_op(unsigned o)
{
   static const GLenum m[8] = { GL_KEEP, GL_ZERO, GL_REPLACE, GL_INCR,
                                GL_DECR, GL_INCR_WRAP, GL_DECR_WRAP, GL_INVERT };
   return m[o & 7];
}

static GLenum blend_func(unsigned f)
{
   static const GLenum m[5] = { GL_FUNC_ADD, GL_FUNC_SUBTRACT, GL_FUNC_REVERSE_SUBTRACT, GL_MIN, GL_MAX };
   return f < 5 ? m[f] : GL_FUNC_ADD;
}

static GLenum blend_factor(unsigned f)
{
   switch (f) {
   case 0x01: return GL_ONE;
   case 0x02: return GL_SRC_COLOR;
   case 0x03: return GL_SRC_ALPHA;
   case 0x04: return GL_DST_ALPHA;
   case 0x05: return GL_DST_COLOR;
   case 0x06: return GL_SRC_ALPHA_SATURATE;
   case 0x07: return GL_CONSTANT_COLOR;
   case 0x08: return GL_CONSTANT_ALPHA;
   case 0x09: return GL_SRC1_COLOR;
   case 0x0a: return GL_SRC1_ALPHA;
   case 0x12: return GL_ONE_MINUS_SRC_COLOR;
   case 0x13: return GL_ONE_MINUS_SRC_ALPHA;
   case 0x14: return GL_ONE_MINUS_DST_ALPHA;
   case 0x15: return GL_ONE_MINUS_DST_COLOR;
   case 0x17: return GL_ONE_MINUS_CONSTANT_COLOR;
   case 0x18: return GL_ONE_MINUS_CONSTANT_ALPHA;
   case 0x19: return GL_ONE_MINUS_SRC1_COLOR;
   case 0x1a: return GL_ONE_MINUS_SRC1_ALPHA;
   default: return GL_ZERO;
   }
}

static GLenum prim_mode(unsigned m)
{
   static const GLenum t[15] = {
      GL_POINTS, GL_LINES, GL_LINE_LOOP, GL_LINE_STRIP, GL_TRIANGLES, GL_TRIANGLE_STRIP,
      GL_TRIANGLE_FAN, 0, 0, 0, GL_LINES_ADJACENCY, GL_LINE_STRIP_ADJACENCY,
      GL_TRIANGLES_ADJACENCY, GL_TRIANGLE_STRIP_ADJACENCY, GL_PATCHES,
   };
   return m < 15 ? t[m] : 0;
}

/* GL_CLAMP, which neither core GL nor GLES has, is CLAMP_TO_EDGE for
 * nearest filtering; under linear filtering the 2x2 footprint at a
 * coordinate clamped to [0, 1] reaches into the border. Then the shader
 * clamps the coordinate (program key gl_clamp) and the host sampler clamps
 * to border. With one filter linear and one nearest it stays CLAMP_TO_EDGE,
 * which differs only where the linear one applies. */
static bool gl_clamp_by_border(const struct gv_hostapi *api, const struct gv_sampler_state *s)
{
   return s->min_img_filter == 1 && s->mag_img_filter == 1 && api->tex_border_clamp;
}

GLuint gv_gl_sampler_create(const struct gv_hostapi *api, struct gv_sampler_obj *so)
{
   const struct gv_sampler_state *s = &so->state;
   static const GLenum wrap[8] = { GL_REPEAT, GL_CLAMP_TO_EDGE, GL_CLAMP_TO_EDGE, GL_CLAMP_TO_BORDER,
                                   GL_MIRRORED_REPEAT, GL_MIRRORED_REPEAT, GL_MIRROR_CLAMP_TO_EDGE,
                                   GL_MIRRORED_REPEAT };
   GLuint smp = 0;
   glGenSamplers(1, &smp);
   for (int i = 0; i < 3; i++) {
      static const GLenum pname[3] = { GL_TEXTURE_WRAP_S, GL_TEXTURE_WRAP_T, GL_TEXTURE_WRAP_R };
      GLenum w = wrap[s->wrap[i] & 7];
      if (w == GL_MIRROR_CLAMP_TO_EDGE && !epoxy_has_gl_extension("GL_ARB_texture_mirror_clamp_to_edge") &&
          epoxy_gl_version() < 44)
         w = GL_MIRRORED_REPEAT;
      if ((s->wrap[i] & 7) == 1 && gl_clamp_by_border(api, s))   /* PIPE_TEX_WRAP_CLAMP */
         w = GL_CLAMP_TO_BORDER;
      if (w == GL_CLAMP_TO_BORDER && !api->tex_border_clamp)
         w = GL_CLAMP_TO_EDGE;
      glSamplerParameteri(smp, pname[i], (GLint)w);
   }
   bool lin_min = s->min_img_filter == 1, lin_mag = s->mag_img_filter == 1;
   GLenum min;
   switch (s->min_mip_filter) {
   case 0: min = lin_min ? GL_LINEAR_MIPMAP_NEAREST : GL_NEAREST_MIPMAP_NEAREST; break;
   case 1: min = lin_min ? GL_LINEAR_MIPMAP_LINEAR : GL_NEAREST_MIPMAP_LINEAR; break;
   default: min = lin_min ? GL_LINEAR : GL_NEAREST; break;
   }
   glSamplerParameteri(smp, GL_TEXTURE_MIN_FILTER, (GLint)min);
   glSamplerParameteri(smp, GL_TEXTURE_MAG_FILTER, lin_mag ? GL_LINEAR : GL_NEAREST);
   glSamplerParameteri(smp, GL_TEXTURE_COMPARE_MODE,
                       s->compare_mode ? GL_COMPARE_REF_TO_TEXTURE : GL_NONE);
   glSamplerParameteri(smp, GL_TEXTURE_COMPARE_FUNC, (GLint)compare_func(s->compare_func));
   glSamplerParameterf(smp, GL_TEXTURE_MIN_LOD, s->min_lod);
   glSamplerParameterf(smp, GL_TEXTURE_MAX_LOD, s->max_lod);
   if (api->lod_bias)
      glSamplerParameterf(smp, GL_TEXTURE_LOD_BIAS, s->lod_bias);
   if (api->max_anisotropy > 1.0f && s->max_anisotropy > 1) {
      float a = s->max_anisotropy;
      glSamplerParameterf(smp, GL_TEXTURE_MAX_ANISOTROPY, a < api->max_anisotropy ? a : api->max_anisotropy);
   }
   /* The border colour is set at bind time, when the view says how to
    * read it (bind_border). */
   memset(so->border_set, 0, sizeof(so->border_set));
   so->border_kind = GV_BORDER_FLOAT;
   gv_gl_check("sampler state");
   return smp;
}

static bool draws_points(const struct gv_draw_state *d, const struct gv_draw_info *info)
{
   bool later = d->shaders[GV_STAGE_GEOMETRY] || d->shaders[GV_STAGE_TESS_EVAL];
   return info->mode == 0 && !later;
}

static bool draws_filled_triangles(const struct gv_draw_state *d, const struct gv_draw_info *info)
{
   bool later = d->shaders[GV_STAGE_GEOMETRY] || d->shaders[GV_STAGE_TESS_EVAL];
   bool tri = (info->mode >= 4 && info->mode <= 6) || info->mode == 12 || info->mode == 13;
   return tri && !later && d->rast.fill_front == 0 && d->rast.fill_back == 0;
}

static void fixed_function_key(const struct gv_hostapi *api, const struct gv_draw_state *d,
                               const struct gv_draw_info *info, struct gv_program_key *k)
{
   /* PIPE_FUNC_ALWAYS (7) passes everything: no test. */
   if (d->dsa.alpha_enabled && d->dsa.alpha_func != 7)
      k->alpha_func = (uint8_t)(d->dsa.alpha_func + 1);
   k->poly_stipple = d->rast.poly_stipple && draws_filled_triangles(d, info);
   /* The origin also applies to PCOORD inputs (gl_PointCoord). */
   if (draws_points(d, info)) {
      if (d->rast.point_quad_rasterization)
         k->sprite_coord = (uint8_t)d->rast.sprite_coord_enable;
      k->sprite_lower_left = d->rast.sprite_coord_lower_left;
      /* A size from the shader counts only when the rasterizer says so. */
      k->point_size = !api->fixed_point_size && !d->rast.point_size_per_vertex;
   }
}

/* A depth comparison's result gets the view's swizzle in the shader (the
 * program key): the host would swizzle the comparison's inputs per channel
 * before the shader sees one float, so a depth mode like ALPHA (0, 0, 0, X)
 * would read back 0 there. Such views are bound with the identity swizzle. */
static bool shadow_swizzled(const struct gv_sampler_view *v, const struct gv_sampler_obj *so)
{
   return v && so && so->state.compare_mode && gv_format_is_depth_or_stencil(v->res->fmt);
}

/* Bits of each RGBA component of a colour buffer the logic op applies
 * to: fixed-point (unorm) and integer buffers, not float, sNorm or sRGB
 * ones (GL 4.6 section 17.3.9). False when it does not apply. */
static bool logicop_buffer_bits(const struct gv_format_desc *f, uint8_t bits[4])
{
   memset(bits, 0, 4);
   if (!f || (f->flags & (GV_FMT_SRGB | GV_FMT_DEPTH | GV_FMT_STENCIL | GV_FMT_COMPRESSED)))
      return false;
   bool any = false;
   for (int c = 0; c < 4; c++) {
      unsigned ch = f->swizzle[c];
      if (ch >= 4 || ch >= f->nr_channels)
         continue;
      uint8_t t = f->type[ch];
      if (t != GV_CHAN_UNORM && t != GV_CHAN_UINT && t != GV_CHAN_SINT)
         return false;
      bits[c] = f->bits[ch];
      any = true;
   }
   return any;
}

/* GLES has no logic op: the FS does it with framebuffer fetch, and
 * blending is off as GL turns it off under a logic op. */
static bool logicop_emulated(const struct gv_hostapi *api, const struct gv_draw_state *d)
{
   static bool warned;
   if (api->logic_op || !d->blend.logicop_enable)
      return false;
   if (!api->fb_fetch) {
      if (!warned)
         gv_warn("DRAW_VBO: the host has neither a logic op nor framebuffer fetch: logic ops "
                 "are ignored");
      warned = true;
      return false;
   }
   return true;
}

static void logicop_key(const struct gv_hostapi *api, const struct gv_sub_ctx *sub,
                        struct gv_program_key *k)
{
   const struct gv_draw_state *d = &sub->draw;
   if (!logicop_emulated(api, d))
      return;
   for (uint32_t i = 0; i < sub->nr_cbufs && i < 8; i++) {
      if (sub->cbufs[i] && logicop_buffer_bits(sub->cbufs[i]->fmt, k->logicop_bits[i]))
         k->logicop = (uint8_t)(d->blend.logicop_func + 1);
   }
   if (!k->logicop)
      memset(k->logicop_bits, 0, sizeof(k->logicop_bits));
}

static void program_key(const struct gv_hostapi *api, struct gv_sub_ctx *sub,
                        const struct gv_draw_info *info, struct gv_program_key *k)
{
   const struct gv_draw_state *d = &sub->draw;
   memset(k, 0, sizeof(*k));
   for (uint32_t i = 0; i < d->ve.count; i++) {
      const struct gv_format_desc *f = gv_format_get(d->ve.el[i].format);
      if (f && f->type[0] == GV_CHAN_UINT)
         k->attr_uint |= 1u << i;
      else if (f && f->type[0] == GV_CHAN_SINT)
         k->attr_int |= 1u << i;
   }
   for (uint32_t i = 0; i < sub->nr_cbufs && i < GV_MAX_COLOR_BUFS; i++) {
      const struct gv_surface *s = sub->cbufs[i];
      if (!s || !(s->fmt->flags & GV_FMT_INTEGER))
         continue;
      if (s->fmt->flags & GV_FMT_SIGNED)
         k->cbuf_int |= 1u << i;
      else
         k->cbuf_uint |= 1u << i;
   }
   for (uint32_t s = 0; s < GV_MAX_STAGES; s++) {
      for (uint32_t i = 0; i < 32; i++) {
         const struct gv_sampler_view *v = d->views[s][i];
         const struct gv_sampler_obj *so = d->samplers[s][i];
         if (!shadow_swizzled(v, so))
            continue;
         uint16_t sw = 0x8000;
         for (int c = 0; c < 4; c++)
            sw |= (uint16_t)((v->info.swizzle[c] & 7) << (3 * c));
         k->shadow_swizzle[s][i] = sw;
      }
      for (uint32_t i = 0; i < 32; i++) {
         const struct gv_sampler_obj *so = d->samplers[s][i];
         if (!so || !gl_clamp_by_border(api, &so->state))
            continue;
         for (int a = 0; a < 3; a++)
            if ((so->state.wrap[a] & 7) == 1)
               k->gl_clamp[s][a] |= 1u << i;
      }
      /* Only nonzero biases change the program. */
      for (uint32_t i = 0; i < 32 && !api->lod_bias; i++) {
         const struct gv_sampler_obj *so = d->samplers[s][i];
         if (so && so->state.lod_bias != 0.0f)
            k->lod_bias[s] |= 1u << i;
      }
   }
   k->nr_cbufs = (uint8_t)sub->nr_cbufs;
   k->flatshade = d->rast.flatshade;
   k->flip_y = d->viewports[0].scale[1] < 0.0f;
   k->clip_planes = d->rast.clip_plane_enable;
   k->twoside = d->rast.light_twoside;
   /* GLES links no TES without a TCS: one is made up (gl_tess.c). */
   if (!api->patch_default_levels && info->mode == 14 && d->shaders[GV_STAGE_TESS_EVAL] &&
       !d->shaders[GV_STAGE_TESS_CTRL])
      k->passthrough_tcs = (uint8_t)info->vertices_per_patch;
   fixed_function_key(api, d, info, k);
   logicop_key(api, sub, k);
   /* GLES takes flat varyings from the last vertex: a generated GS moves
    * the first one's (points have only one). */
   bool later = d->shaders[GV_STAGE_GEOMETRY] || d->shaders[GV_STAGE_TESS_EVAL];
   if (d->rast.flatshade_first && !api->provoking_vertex && !later && info->mode != 0)
      k->provoking_mode = (uint8_t)(info->mode + 1);
}

/* With viewport arrays the guest's shaders pick any of the 16 by
 * gl_ViewportIndex, so every one is set; the indexed calls also keep
 * fractional origins. Otherwise only viewport 0 exists. */
static void apply_viewport(struct gv_context *ctx, const struct gv_draw_state *d)
{
   const bool indexed = ctx->r->api.viewport_array;
   const unsigned count = indexed ? GV_MAX_VIEWPORTS : 1;
   for (unsigned i = 0; i < count; i++) {
      const struct gv_viewport *v = &d->viewports[i];
      float w = fabsf(v->scale[0]) * 2.0f, h = fabsf(v->scale[1]) * 2.0f;
      float x = v->translate[0] - fabsf(v->scale[0]), y = v->translate[1] - fabsf(v->scale[1]);
      float n, f;
      if (d->rast.clip_halfz)
         n = v->translate[2], f = v->translate[2] + v->scale[2];
      else
         n = v->translate[2] - v->scale[2], f = v->translate[2] + v->scale[2];
      if (indexed && ctx->r->api.gles) {
         glViewportIndexedfOES(i, x, y, w, h);
         glDepthRangeIndexedfOES(i, n, f);
      } else if (indexed) {
         glViewportIndexedf(i, x, y, w, h);
         glDepthRangeIndexed(i, n, f);
      } else {
         glViewport((GLint)lrintf(x), (GLint)lrintf(y), (GLsizei)lrintf(w), (GLsizei)lrintf(h));
         glDepthRangef(n, f);
      }
   }
}

static void apply_scissor(const struct gv_hostapi *api, const struct gv_draw_state *d)
{
   const unsigned count = api->viewport_array ? GV_MAX_VIEWPORTS : 1;
   for (unsigned i = 0; i < count; i++) {
      const struct gv_scissor *s = &d->scissors[i];
      GLsizei w = s->maxx > s->minx ? (GLsizei)(s->maxx - s->minx) : 0;
      GLsizei h = s->maxy > s->miny ? (GLsizei)(s->maxy - s->miny) : 0;
      if (api->viewport_array && api->gles)
         glScissorIndexedOES(i, (GLint)s->minx, (GLint)s->miny, w, h);
      else if (api->viewport_array)
         glScissorIndexed(i, (GLint)s->minx, (GLint)s->miny, w, h);
      else
         glScissor((GLint)s->minx, (GLint)s->miny, w, h);
   }
}

static GLenum fill_mode(unsigned m)
{
   static const GLenum fill[4] = { GL_FILL, GL_LINE, GL_POINT, GL_FILL };
   return fill[m & 3];
}

/* Whether the primitives reaching the rasterizer are triangles: the last
 * stage before it decides. */
static bool rasterizes_triangles(const struct gv_draw_state *d, const struct gv_draw_info *info)
{
   const struct gv_shader *gs = d->shaders[GV_STAGE_GEOMETRY];
   const struct gv_shader *tes = d->shaders[GV_STAGE_TESS_EVAL];
   if (gs)
      return gs->tgsi.prop[GV_PROP_GS_OUTPUT_PRIM] == 5;   /* TRIANGLE_STRIP */
   if (tes)
      return !tes->tgsi.prop[GV_PROP_TES_POINT_MODE] && tes->tgsi.prop[GV_PROP_TES_PRIM_MODE] != 1;
   return (info->mode >= 4 && info->mode <= 6) || info->mode == 12 || info->mode == 13;
}

static bool writes_edge_flags(const struct gv_shader *vs)
{
   for (uint32_t i = 0; vs && i < vs->tgsi.num_decls; i++)
      if (vs->tgsi.decls[i].file == GV_FILE_OUT && vs->tgsi.decls[i].semantic == GV_SEM_EDGEFLAG)
         return true;
   return false;
}

/* How a draw's triangles are rasterized: in one pass, or front faces and
 * back faces in two where their polygon modes differ (core GL has one mode
 * for both, GLES none). A pass culls one face on the host, or has a
 * generated GS draw the faces it keeps as edges or vertices (unfilled,
 * a program key): on GLES, and for edge flags, which core GL dropped.
 * Every fragment is still drawn once; only the order of front and back
 * faces within the draw changes. Recordings and generated-primitives
 * counts never see two passes or the GS (plan_faces, counted_apart). */
struct face_pass {
   uint8_t unfilled;   /* gv_program_key.unfilled, unfilled_dz */
   uint32_t dz;
   enum { CULL_KEEP, CULL_OFF, CULL_BACK, CULL_FRONT } cull;   /* KEEP: the rasterizer's */
   unsigned fill;      /* the host polygon mode (GL hosts) */
};

static bool counting_generated(const struct gv_context *ctx)
{
   for (uint32_t s = 0; s < GV_MAX_VERTEX_STREAMS; s++)
      if (ctx->so_guest[GV_SO_GENERATED][s])
         return true;
   return false;
}

/* GL's polygon offset of `units` for lines and points the polygon-mode GS
 * draws, in clip-space z per w: units times the depth buffer's smallest
 * resolvable difference (2^-23 of a float buffer, taken at 1.0), through
 * the viewport's depth scale. */
static uint32_t unfilled_offset(const struct gv_sub_ctx *sub, unsigned mode)
{
   const struct gv_draw_state *d = &sub->draw;
   const struct gv_rasterizer_state *r = &d->rast;
   float sz = d->viewports[0].scale[2];
   if (!(mode == 1 ? r->offset_line : r->offset_point) || !sub->zsurf || sz == 0.0f)
      return 0;
   const struct gv_format_desc *f = sub->zsurf->fmt;
   unsigned ch = f->swizzle[0] < 4 ? f->swizzle[0] : 0;
   float res = f->type[ch] == GV_CHAN_FLOAT || f->bits[ch] >= 32 ? 0x1p-23f
                                                                 : 1.0f / (float)(1u << f->bits[ch]);
   float dz = r->offset_units * res / sz;
   uint32_t bits;
   memcpy(&bits, &dz, sizeof(bits));
   return bits;
}

static unsigned plan_faces(const struct gv_context *ctx, const struct gv_sub_ctx *sub,
                           const struct gv_draw_info *info, struct face_pass pass[2])
{
   const struct gv_draw_state *d = &sub->draw;
   const struct gv_rasterizer_state *r = &d->rast;
   const struct gv_hostapi *api = &ctx->r->api;
   /* FILL_RECTANGLE (3) is not offered: taken as FILL. */
   unsigned mode[2] = { (r->fill_front & 3) % 3, (r->fill_back & 3) % 3 };
   bool drawn[2] = { r->cull_face != 1 && r->cull_face != 3, r->cull_face != 2 && r->cull_face != 3 };
   memset(pass, 0, 2 * sizeof(*pass));
   pass[0].fill = mode[r->cull_face == 1];
   bool later = d->shaders[GV_STAGE_GEOMETRY] || d->shaders[GV_STAGE_TESS_EVAL];
   if (!rasterizes_triangles(d, info) || (mode[0] == 0 && mode[1] == 0))
      return 1;
   /* Host polygon modes in two passes would record and count twice: one
    * pass then. The GS path records and counts in a draw of its own
    * (counted_apart). */
   bool recording = d->nr_so_targets > 0;
   bool emulate = (api->gles || writes_edge_flags(d->shaders[GV_STAGE_VERTEX])) && !later &&
                  info->mode != 12 && info->mode != 13;
   if (!emulate) {
      if (api->gles || r->cull_face || mode[0] == mode[1] || recording || counting_generated(ctx))
         return 1;
      pass[0] = (struct face_pass){ .cull = CULL_BACK, .fill = mode[0] };
      pass[1] = (struct face_pass){ .cull = CULL_FRONT, .fill = mode[1] };
      return 2;
   }
   if (!drawn[0] && !drawn[1])
      return 1;   /* all culled by the host */
   /* Gallium's front_ccw is for window y down, the determinant's sign for
    * clip-space y up; a negative viewport height turns it over again. */
   bool ccw_front = !r->front_ccw != (d->viewports[0].scale[1] < 0.0f);
   /* The first vertex of GL's convention, as the GS gets triangles. */
   unsigned flat = !r->flatshade_first ? 0 : info->mode == 5 ? 3 : info->mode == 6 ? 2 : 1;
   uint8_t common = (uint8_t)((ccw_front ? 1u << 4 : 0) | flat << 5);
   unsigned n = 0;
   for (unsigned f = 0; f < 2; f++) {
      if (!drawn[f])
         continue;
      /* Both faces in one mode: one pass. */
      bool both = drawn[0] && drawn[1] && mode[0] == mode[1];
      struct face_pass *p = &pass[n++];
      if (mode[f] == 0) {
         p->cull = both ? CULL_KEEP : f == 0 ? CULL_BACK : CULL_FRONT;
      } else {
         p->unfilled = (uint8_t)(mode[f] | (both ? 3u : 1u << f) << 2 | common);
         p->dz = unfilled_offset(sub, mode[f]);
         p->cull = CULL_OFF;   /* the GS culls; lines and points are not culled anyway */
      }
      if (both)
         break;
   }
   return n;
}

/* The program key of a pass: its GS, and on hosts without a fixed point
 * size the rasterizer's size for the points it draws. */
static void set_unfilled(const struct gv_context *ctx, const struct gv_draw_state *d,
                         const struct face_pass *p, struct gv_program_key *k)
{
   k->unfilled = p->unfilled;
   k->unfilled_dz = p->dz;
   if ((p->unfilled & 3) == 2)
      k->point_size = !ctx->r->api.fixed_point_size && !d->rast.point_size_per_vertex;
}

/* Whether a draw whose passes use the polygon-mode GS records or counts
 * generated primitives: the GS's edges would be recorded and counted.
 * Such a draw is first drawn without the GS and without rasterizing, for
 * the recording and the counts; the guest's generated-primitives queries
 * then step aside while the GS passes draw. */
static bool counted_apart(const struct gv_context *ctx, const struct gv_draw_state *d,
                          const struct face_pass *passes, unsigned n)
{
   bool gs = false;
   for (unsigned i = 0; i < n; i++)
      gs |= passes[i].unfilled != 0;
   return gs && (d->nr_so_targets > 0 || counting_generated(ctx));
}

static void set_face_pass(const struct gv_context *ctx, const struct face_pass *p)
{
   if (p->cull == CULL_OFF) {
      glDisable(GL_CULL_FACE);
   } else if (p->cull != CULL_KEEP) {
      glEnable(GL_CULL_FACE);
      glCullFace(p->cull == CULL_BACK ? GL_BACK : GL_FRONT);
   }
   if (!ctx->r->api.gles)
      glPolygonMode(GL_FRONT_AND_BACK, p->unfilled ? GL_FILL : fill_mode(p->fill));
}

static void apply_rasterizer(struct gv_context *ctx, const struct gv_draw_state *d)
{
   const struct gv_rasterizer_state *r = &d->rast;
   bool gl = !ctx->r->api.gles;
   if (r->cull_face) {
      glEnable(GL_CULL_FACE);
      glCullFace(r->cull_face == 1 ? GL_FRONT : r->cull_face == 2 ? GL_BACK : GL_FRONT_AND_BACK);
   } else {
      glDisable(GL_CULL_FACE);
   }
   /* Gallium states winding for y pointing down the memory rows; GL counts
    * with y up, so the same front face is the opposite winding. A negative
    * viewport height, which GL cannot take, is done by negating y in the
    * vertex shader instead: GL's window coordinates are then Gallium's own,
    * so the rule is the same with and without that flip. */
   glFrontFace(r->front_ccw ? GL_CW : GL_CCW);
   if (r->discard)
      glEnable(GL_RASTERIZER_DISCARD);
   else
      glDisable(GL_RASTERIZER_DISCARD);
   if (r->scissor) {
      glEnable(GL_SCISSOR_TEST);
      apply_scissor(&ctx->r->api, d);
   } else {
      glDisable(GL_SCISSOR_TEST);
   }
   /* Both host APIs take widths up to the range the caps advertised. */
   if (r->line_width > 0.0f)
      glLineWidth(r->line_width);
   if (r->offset_tri)
      glEnable(GL_POLYGON_OFFSET_FILL);
   else
      glDisable(GL_POLYGON_OFFSET_FILL);
   glPolygonOffset(r->offset_scale, r->offset_units);
   /* GL_DEPTH_CLAMP_EXT has the same value on GLES. */
   if (ctx->r->api.depth_clamp) {
      if (r->depth_clip)
         glDisable(GL_DEPTH_CLAMP);
      else
         glEnable(GL_DEPTH_CLAMP);
   }
   if (gl) {
      /* Core GL has one mode for both faces: that of the faces drawn (the
       * draw splits by face where they differ, plan_faces). */
      glPolygonMode(GL_FRONT_AND_BACK, fill_mode(r->cull_face == 1 ? r->fill_back : r->fill_front));
      if (r->offset_line)
         glEnable(GL_POLYGON_OFFSET_LINE);
      else
         glDisable(GL_POLYGON_OFFSET_LINE);
      if (r->offset_point)
         glEnable(GL_POLYGON_OFFSET_POINT);
      else
         glDisable(GL_POLYGON_OFFSET_POINT);
      glProvokingVertex(r->flatshade_first ? GL_FIRST_VERTEX_CONVENTION : GL_LAST_VERTEX_CONVENTION);
      /* The rasterizer's size unless the shader writes one. */
      if (r->point_size_per_vertex)
         glEnable(GL_PROGRAM_POINT_SIZE);
      else
         glDisable(GL_PROGRAM_POINT_SIZE);
      if (r->point_size > 0.0f)
         glPointSize(r->point_size);
      if (r->multisample)
         glEnable(GL_MULTISAMPLE);
      else
         glDisable(GL_MULTISAMPLE);
   }
}

static void apply_dsa(const struct gv_draw_state *d)
{
   const struct gv_dsa_state *s = &d->dsa;
   if (s->depth_enabled) {
      glEnable(GL_DEPTH_TEST);
      glDepthFunc(compare_func(s->depth_func));
   } else {
      glDisable(GL_DEPTH_TEST);
   }
   glDepthMask(s->depth_writemask ? GL_TRUE : GL_FALSE);
   if (s->stencil[0].enabled) {
      glEnable(GL_STENCIL_TEST);
      for (int i = 0; i < 2; i++) {
         /* A disabled back face uses the front state and the front
          * reference value (two-sided off): Mesa's scissored clear quad
          * sets only the front reference and may be back-facing. */
         int side = s->stencil[1].enabled ? i : 0;
         const struct gv_stencil_state *st = &s->stencil[side];
         GLenum face = i ? GL_BACK : GL_FRONT;
         glStencilFuncSeparate(face, compare_func(st->func), d->stencil_ref[side], st->valuemask);
         glStencilOpSeparate(face, stencil_op(st->fail_op), stencil_op(st->zfail_op),
                             stencil_op(st->zpass_op));
         glStencilMaskSeparate(face, st->writemask);
      }
   } else {
      glDisable(GL_STENCIL_TEST);
   }
}

/* KHR_blend_equation_advanced: Mesa sends the equation (PIPE_ADVANCED_BLEND_*)
 * in rt[0]'s alpha source factor, with rt[0]'s blending off, and marks the
 * fragment shaders written for it; the equation applies to every buffer. */
static bool apply_blend_advanced(struct gv_context *ctx, const struct gv_draw_state *d)
{
   static const GLenum eq[16] = {
      0, GL_MULTIPLY_KHR, GL_SCREEN_KHR, GL_OVERLAY_KHR, GL_DARKEN_KHR, GL_LIGHTEN_KHR,
      GL_COLORDODGE_KHR, GL_COLORBURN_KHR, GL_HARDLIGHT_KHR, GL_SOFTLIGHT_KHR, GL_DIFFERENCE_KHR,
      GL_EXCLUSION_KHR, GL_HSL_HUE_KHR, GL_HSL_SATURATION_KHR, GL_HSL_COLOR_KHR, GL_HSL_LUMINOSITY_KHR,
   };
   const struct gv_shader *fs = d->shaders[GV_STAGE_FRAGMENT];
   const struct gv_blend_rt *rt = &d->blend.rt[0];
   /* Mesa leaves rt[0]'s ordinary blending off then (and its factors zero
    * whenever blending is off). */
   if (!ctx->r->api.blend_advanced || !fs || !fs->tgsi.prop[GV_PROP_FS_BLEND_EQUATION_ADVANCED] ||
       rt->blend_enable || rt->alpha_src == 0 || rt->alpha_src > 15)
      return false;
   glEnable(GL_BLEND);
   glBlendEquation(eq[rt->alpha_src]);
   return true;
}

static void apply_blend(struct gv_context *ctx, const struct gv_draw_state *d, uint32_t nr_cbufs)
{
   const struct gv_blend_state *b = &d->blend;
   /* Gallium's rt[0] is every buffer's state unless blending is independent. */
   bool indexed = ctx->r->api.draw_buffers_blend;
   uint32_t n = b->independent && indexed ? (nr_cbufs ? nr_cbufs : 1) : 1;
   bool no_blend = logicop_emulated(&ctx->r->api, d);
   if (apply_blend_advanced(ctx, d)) {
      n = 0;
      const struct gv_blend_rt *rt = &b->rt[0];
      glColorMask(rt->colormask & 1, (rt->colormask >> 1) & 1, (rt->colormask >> 2) & 1,
                  (rt->colormask >> 3) & 1);
   }
   for (uint32_t i = 0; i < n; i++) {
      const struct gv_blend_rt *rt = &b->rt[i];
      if (n == 1) {
         if (rt->blend_enable && !no_blend)
            glEnable(GL_BLEND);
         else
            glDisable(GL_BLEND);
         glBlendFuncSeparate(blend_factor(rt->rgb_src), blend_factor(rt->rgb_dst),
                             blend_factor(rt->alpha_src), blend_factor(rt->alpha_dst));
         glBlendEquationSeparate(blend_func(rt->rgb_func), blend_func(rt->alpha_func));
         glColorMask(rt->colormask & 1, (rt->colormask >> 1) & 1, (rt->colormask >> 2) & 1,
                     (rt->colormask >> 3) & 1);
      } else {
         if (rt->blend_enable && !no_blend)
            glEnablei(GL_BLEND, i);
         else
            glDisablei(GL_BLEND, i);
         glBlendFuncSeparatei(i, blend_factor(rt->rgb_src), blend_factor(rt->rgb_dst),
                              blend_factor(rt->alpha_src), blend_factor(rt->alpha_dst));
         glBlendEquationSeparatei(i, blend_func(rt->rgb_func), blend_func(rt->alpha_func));
         glColorMaski(i, rt->colormask & 1, (rt->colormask >> 1) & 1, (rt->colormask >> 2) & 1,
                      (rt->colormask >> 3) & 1);
      }
   }
   glBlendColor(d->blend_color[0], d->blend_color[1], d->blend_color[2], d->blend_color[3]);
   if (b->alpha_to_coverage)
      glEnable(GL_SAMPLE_ALPHA_TO_COVERAGE);
   else
      glDisable(GL_SAMPLE_ALPHA_TO_COVERAGE);
   if (b->dither)
      glEnable(GL_DITHER);
   else
      glDisable(GL_DITHER);
   if (!ctx->r->api.gles) {
      if (b->logicop_enable) {
         static const GLenum ops[16] = {
            GL_CLEAR, GL_NOR, GL_AND_INVERTED, GL_COPY_INVERTED, GL_AND_REVERSE, GL_INVERT,
            GL_XOR, GL_NAND, GL_AND, GL_EQUIV, GL_NOOP, GL_OR_INVERTED, GL_COPY, GL_OR_REVERSE,
            GL_OR, GL_SET,
         };
         glEnable(GL_COLOR_LOGIC_OP);
         glLogicOp(ops[b->logicop_func & 15]);
      } else {
         glDisable(GL_COLOR_LOGIC_OP);
      }
   }
}

static GLenum swizzle_enum(unsigned s)
{
   static const GLenum m[6] = { GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA, GL_ZERO, GL_ONE };
   return s < 6 ? m[s] : GL_ZERO;
}

/* A buffer sampler view samples its element range of the buffer through a
 * buffer texture, made on first use (a view's range never changes, and the
 * buffer object keeps its name when its storage is respecified). */
static void bind_buffer_view(struct gv_context *ctx, struct gv_sampler_view *v)
{
   const struct gv_hostapi *api = &ctx->r->api;
   const struct gv_gl_format *glf = gv_gl_format_get(v->info.format);
   const struct gv_format_desc *fd = gv_format_get(v->info.format);
   if (!v->tbo && api->tex_buffer && glf && fd && v->res->buf) {
      /* Bounds were checked against the buffer when the view was made. */
      GLintptr off = (GLintptr)v->info.first_element * fd->block_bytes;
      GLsizeiptr size = (GLsizeiptr)(v->info.last_element - v->info.first_element + 1) * fd->block_bytes;
      glGenTextures(1, &v->tbo);
      glBindTexture(GL_TEXTURE_BUFFER, v->tbo);
      if (api->tex_buffer_range)
         glTexBufferRange(GL_TEXTURE_BUFFER, glf->internal_format, v->res->buf, off, size);
      else if (off == 0 && (uint64_t)size == v->res->desc.width)
         glTexBuffer(GL_TEXTURE_BUFFER, glf->internal_format, v->res->buf);
      else
         gv_warn("buffer sampler view at offset %lld: the host has no glTexBufferRange",
                 (long long)off);
   }
   glBindTexture(GL_TEXTURE_BUFFER, v->tbo);
}

/* A linear view of an sRGB resource is how Gallium asks for
 * GL_SKIP_DECODE_EXT (and for raw access generally): the host skips the
 * decode instead of reinterpreting the storage. A bound sampler object
 * overrides the texture's decode state, so both are set; a sampler object
 * bound at once to a decoding and a non-decoding view gets the last one.
 * The reverse, an sRGB view of linear storage, samples a texture view of
 * the sRGB format (gl_view.c), which decodes; `stored` is the format of
 * the texture bound (the storage's, or the view's). */
static void bind_srgb_decode(const struct gv_hostapi *api, const struct gv_sampler_view *v,
                             const struct gv_format_desc *stored, GLenum target, GLuint sampler)
{
   const struct gv_format_desc *vf = gv_format_get(v->info.format);
   if (!api->srgb_decode || !stored || !(stored->flags & GV_FMT_SRGB) || !vf)
      return;
   GLint mode = (vf->flags & GV_FMT_SRGB) ? GL_DECODE_EXT : GL_SKIP_DECODE_EXT;
   /* The decode is sampler state, which multisample textures refuse
    * (INVALID_ENUM); only the sampler object carries it for them. */
   if (target != GL_TEXTURE_2D_MULTISAMPLE && target != GL_TEXTURE_2D_MULTISAMPLE_ARRAY)
      glTexParameteri(target, GL_TEXTURE_SRGB_DECODE_EXT, mode);
   if (sampler)
      glSamplerParameteri(sampler, GL_TEXTURE_SRGB_DECODE_EXT, mode);
}

static bool depth_stencil_storage(const struct gv_resource *res)
{
   return res->glf && (res->glf->internal_format == GL_DEPTH24_STENCIL8 ||
                       res->glf->internal_format == GL_DEPTH32F_STENCIL8);
}

static bool stencil_only_view(const struct gv_sampler_view *v)
{
   const struct gv_format_desc *vf = gv_format_get(v->info.format);
   return vf && (vf->flags & GV_FMT_STENCIL) && !(vf->flags & GV_FMT_DEPTH);
}

/* Depth/stencil storage samples depth unless the view is stencil-only
 * (S8X24_UINT, X32_S8X24_UINT: ARB_stencil_texturing in the guest). The
 * mode belongs to the texture, and Gallium binds a depth and a stencil view
 * of one resource in the same draw (st_DrawPixels of GL_DEPTH_STENCIL), so
 * stencil views sample a texture view of their own where the host has
 * texture views (gl_view.c); without them the storage's mode is switched,
 * and a draw with both views reads one aspect. */
static void bind_depth_stencil_mode(const struct gv_hostapi *api, const struct gv_sampler_view *v,
                                    GLenum target)
{
   if (!api->depth_stencil_texturing || !depth_stencil_storage(v->res))
      return;
   glTexParameteri(target, GL_DEPTH_STENCIL_TEXTURE_MODE,
                   stencil_only_view(v) ? GL_STENCIL_INDEX : GL_DEPTH_COMPONENT);
}

/* Gallium sets seamless_cube_map on every sampler from the context's global
 * GL_TEXTURE_CUBE_MAP_SEAMLESS (the per-texture cap is not advertised), so
 * any bound sampler that asks for it stands for the global state. */
static void set_seamless_cube_map(const struct gv_hostapi *api, const struct gv_draw_state *d)
{
   if (!api->seamless_toggle)
      return;
   bool seamless = false;
   for (uint32_t s = 0; s < GV_MAX_STAGES && !seamless; s++)
      for (uint32_t i = 0; i < GV_MAX_SAMPLERS && !seamless; i++)
         seamless = d->samplers[s][i] && d->samplers[s][i]->state.seamless_cube_map;
   if (seamless)
      glEnable(GL_TEXTURE_CUBE_MAP_SEAMLESS);
   else
      glDisable(GL_TEXTURE_CUBE_MAP_SEAMLESS);
}

/* The border colour of a sampler as the bound view reads it. GL takes it
 * as a texel of the storage format and swizzles it like one: formats
 * stored in other channels (A8 in R behind 000R, L8A8 in RG behind RRRG)
 * need the guest's colour moved into the channels the swizzle reads. And
 * integer textures read it as integers, set through the I*v calls with the
 * guest's raw bits. Sampler objects are shared between views, so the value
 * the host holds is kept with the object and set again only on a change.
 * `stored` is the format of the texture bound (the storage's, or that of a
 * texture view, gl_view.c). */
static void bind_border(const struct gv_hostapi *api, struct gv_sampler_obj *so,
                        const struct gv_sampler_view *v, const struct gv_gl_format *stored)
{
   if (!so || !api->tex_border_clamp)
      return;
   const uint8_t *fs = stored ? stored->swizzle : NULL;
   bool move = fs && (fs[0] != 0 || fs[1] != 1 || fs[2] != 2 || fs[3] != 3);
   uint32_t b[4];
   memcpy(b, so->state.border_color, sizeof(b));
   /* Channel 0 last: luminance (RRR1) takes its value from the guest's red. */
   for (int k = 3; move && k >= 0; k--)
      if (fs[k] < 4)
         b[fs[k]] = so->state.border_color[k];
   const struct gv_format_desc *vf = gv_format_get(v->info.format);
   uint8_t kind = GV_BORDER_FLOAT;
   if (vf && (vf->flags & GV_FMT_INTEGER))
      kind = (vf->flags & GV_FMT_SIGNED) ? GV_BORDER_SINT : GV_BORDER_UINT;
   if (so->border_kind == kind && !memcmp(so->border_set, b, sizeof(b)))
      return;
   if (kind == GV_BORDER_UINT) {
      glSamplerParameterIuiv(so->gl, GL_TEXTURE_BORDER_COLOR, b);
   } else if (kind == GV_BORDER_SINT) {
      GLint iv[4];
      memcpy(iv, b, sizeof(iv));
      glSamplerParameterIiv(so->gl, GL_TEXTURE_BORDER_COLOR, iv);
   } else {
      float f[4];
      memcpy(f, b, sizeof(f));
      glSamplerParameterfv(so->gl, GL_TEXTURE_BORDER_COLOR, f);
   }
   memcpy(so->border_set, b, sizeof(b));
   so->border_kind = kind;
}

void gv_gl_bind_resources(struct gv_context *ctx, struct gv_draw_state *d, const struct gv_program *p)
{
   set_seamless_cube_map(&ctx->r->api, d);
   GLuint unit = 0, ubo_binding = 0;
   GLint max_units = 16, max_ubo = 12;
   glGetIntegerv(GL_MAX_COMBINED_TEXTURE_IMAGE_UNITS, &max_units);
   glGetIntegerv(GL_MAX_UNIFORM_BUFFER_BINDINGS, &max_ubo);
   for (uint32_t s = 0; s < GV_MAX_STAGES; s++) {
      if (!p->ids[s])
         continue;
      if (p->cb0_loc[s] >= 0 && d->consts[s] && d->nr_consts[s] >= 4)
         glUniform4uiv(p->cb0_loc[s], (GLsizei)(d->nr_consts[s] / 4), d->consts[s]);
      for (uint32_t b = 1; b < GV_MAX_CONST_BUFFERS; b++) {
         const struct gv_buffer_binding *u = &d->ubos[s][b];
         if (p->ubo_index[s][b] == GL_INVALID_INDEX || !u->res || !u->res->buf ||
             (GLint)ubo_binding >= max_ubo)
            continue;
         glUniformBlockBinding(p->prog, p->ubo_index[s][b], ubo_binding);
         glBindBufferRange(GL_UNIFORM_BUFFER, ubo_binding, u->res->buf, u->offset,
                           u->length ? u->length : u->res->desc.width - u->offset);
         ubo_binding++;
      }
      for (uint32_t i = 0; i < GV_PROG_MAX_SAMPLERS; i++) {
         if (p->sampler_loc[s][i] < 0 || (GLint)unit >= max_units)
            continue;
         struct gv_sampler_view *v = d->views[s][i];
         const struct gv_gl_format *stored = NULL;
         const struct gv_format_desc *stored_fmt = NULL;
         glActiveTexture(GL_TEXTURE0 + unit);
         if (v && v->res->desc.target == GV_TARGET_BUFFER) {
            bind_buffer_view(ctx, v);
         } else if (v && v->res->tex) {
            const struct gv_resource *res = v->res;
            /* The storage, or a texture view where the view's target,
             * format or layers differ (the storage format of a view is
             * the view's own). */
            GLenum target;
            GLuint tex = gv_gl_sampler_view_texture(ctx, v, &target);
            stored = tex != res->tex ? gv_gl_format_get(v->view_format) : res->glf;
            stored_fmt = tex != res->tex ? gv_format_get(v->view_format) : res->fmt;
            glBindTexture(target, tex);
            const bool ms = target == GL_TEXTURE_2D_MULTISAMPLE ||
                            target == GL_TEXTURE_2D_MULTISAMPLE_ARRAY;
            /* A view starts at the guest's first level and keeps its range. */
            if (!ms && tex == res->tex) {
               glTexParameteri(target, GL_TEXTURE_BASE_LEVEL, (GLint)v->info.first_level);
               glTexParameteri(target, GL_TEXTURE_MAX_LEVEL, (GLint)v->info.last_level);
            }
            /* The view's swizzle, seen through the storage swizzle of
             * emulated formats (multisample textures included). */
            const uint8_t *fs = stored ? stored->swizzle : NULL;
            static const GLenum pn[4] = { GL_TEXTURE_SWIZZLE_R, GL_TEXTURE_SWIZZLE_G,
                                          GL_TEXTURE_SWIZZLE_B, GL_TEXTURE_SWIZZLE_A };
            const bool identity = shadow_swizzled(v, d->samplers[s][i]);
            for (int c = 0; c < 4; c++) {
               unsigned sw = identity ? (unsigned)c : v->info.swizzle[c];
               if (sw < 4 && fs)
                  sw = fs[sw];
               glTexParameteri(target, pn[c], (GLint)swizzle_enum(sw));
            }
            struct gv_sampler_obj *so = d->samplers[s][i];
            bind_srgb_decode(&ctx->r->api, v, stored_fmt, target, so ? so->gl : 0);
            bind_depth_stencil_mode(&ctx->r->api, v, target);
         } else {
            glBindTexture(GL_TEXTURE_2D, 0);
         }
         struct gv_sampler_obj *so = d->samplers[s][i];
         if (v && v->res->tex && v->res->desc.target != GV_TARGET_BUFFER)
            bind_border(&ctx->r->api, so, v, stored);
         glBindSampler(unit, so ? so->gl : 0);
         glUniform1i(p->sampler_loc[s][i], (GLint)unit);
         unit++;
      }
   }
   glActiveTexture(GL_TEXTURE0);
   (void)ctx;
}

/* The sampler LOD biases of the samplers the program adds them for. */
static void set_lod_biases(const struct gv_draw_state *d, const struct gv_program *p)
{
   for (uint32_t s = 0; s < GV_MAX_STAGES; s++) {
      if (!p->ids[s] || p->lod_bias_loc[s] < 0)
         continue;
      float bias[32];
      for (uint32_t i = 0; i < 32; i++) {
         const struct gv_sampler_obj *so = d->samplers[s][i];
         bias[i] = so && isfinite(so->state.lod_bias) ? so->state.lod_bias : 0.0f;
      }
      glUniform1fv(p->lod_bias_loc[s], 32, bias);
   }
}

/* Emulated textureQueryLod (GLES hosts, glsl_tex.c): per sampler i,
 * [2i] = (LOD bias, min LOD, max LOD, levels of the view - 1), [2i + 1].x =
 * the mip filter (0 none, 1 nearest, 2 linear). The shader's array ends
 * at its highest queried sampler; GL ignores the values past its end. */
static void set_lodq_state(const struct gv_draw_state *d, const struct gv_program *p)
{
   for (uint32_t s = 0; s < GV_MAX_STAGES; s++) {
      if (!p->ids[s] || p->lodq_loc[s] < 0)
         continue;
      float v[64][4];
      memset(v, 0, sizeof(v));
      for (uint32_t i = 0; i < 32; i++) {
         const struct gv_sampler_obj *so = d->samplers[s][i];
         const struct gv_sampler_view *view = d->views[s][i];
         float levels = 0.0f;
         if (view && view->res && view->info.last_level >= view->info.first_level) {
            uint32_t last = view->info.last_level;
            if (last > view->res->desc.last_level)
               last = view->res->desc.last_level;
            levels = last > view->info.first_level ? (float)(last - view->info.first_level) : 0.0f;
         }
         v[2 * i][3] = levels;
         if (!so)
            continue;
         const struct gv_sampler_state *st = &so->state;
         v[2 * i][0] = isfinite(st->lod_bias) ? st->lod_bias : 0.0f;
         v[2 * i][1] = isfinite(st->min_lod) ? st->min_lod : 0.0f;
         v[2 * i][2] = isfinite(st->max_lod) ? st->max_lod : 1000.0f;
         /* PIPE_TEX_MIPFILTER_NEAREST 0, LINEAR 1, NONE 2 */
         v[2 * i + 1][0] = st->min_mip_filter == 0 ? 1.0f : st->min_mip_filter == 1 ? 2.0f : 0.0f;
      }
      glUniform4fv(p->lodq_loc[s], 64, &v[0][0]);
   }
}

/* Leaves the state CLEAR, BLIT and transfers rely on. */
static void reset_state(struct gv_context *ctx)
{
   glDisable(GL_SCISSOR_TEST);
   glDisable(GL_RASTERIZER_DISCARD);
   glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
   glDepthMask(GL_TRUE);
   glStencilMask(0xff);
   glDisable(GL_BLEND);
   glDisable(GL_DITHER);
   if (!ctx->r->api.gles) {
      glDisable(GL_COLOR_LOGIC_OP);
      glPolygonMode(GL_FRONT_AND_BACK, GL_FILL);
   }
   glBindVertexArray(0);
   glUseProgram(0);
}

static GLenum index_type(uint32_t index_size)
{
   return index_size == 1 ? GL_UNSIGNED_BYTE : index_size == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
}

/* GLES restarts only at the all-ones index of the index type. */
static void restart_begin(struct gv_context *ctx, const struct gv_draw_info *info, uint32_t index_size)
{
   uint32_t max = index_size == 1 ? 0xffu : index_size == 2 ? 0xffffu : 0xffffffffu;
   if (!info->primitive_restart)
      return;
   if (!ctx->r->api.gles) {
      glEnable(GL_PRIMITIVE_RESTART);
      glPrimitiveRestartIndex(info->restart_index);
   } else if (info->restart_index == max) {
      glEnable(GL_PRIMITIVE_RESTART_FIXED_INDEX);
   }
}

static void restart_end(struct gv_context *ctx, const struct gv_draw_info *info)
{
   if (!info->primitive_restart)
      return;
   if (!ctx->r->api.gles)
      glDisable(GL_PRIMITIVE_RESTART);
   else
      glDisable(GL_PRIMITIVE_RESTART_FIXED_INDEX);
}

static void draw_direct(struct gv_context *ctx, const struct gv_draw_state *d,
                        const struct gv_draw_info *info, GLenum mode)
{
   GLsizei inst = (GLsizei)info->instance_count;
   bool base_instance = info->start_instance && ctx->r->api.base_instance;
   if (info->indexed) {
      GLenum type = index_type(d->ibuf.stride);
      glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, d->ibuf.res->buf);
      const void *off = (const void *)(uintptr_t)d->ibuf.offset;
      /* GLES has them only as EXT_base_instance's entry points. */
      if (base_instance && ctx->r->api.gles)
         glDrawElementsInstancedBaseVertexBaseInstanceEXT(mode, (GLsizei)info->count, type, off, inst,
                                                          info->index_bias, info->start_instance);
      else if (base_instance)
         glDrawElementsInstancedBaseVertexBaseInstance(mode, (GLsizei)info->count, type, off, inst,
                                                       info->index_bias, info->start_instance);
      else
         glDrawElementsInstancedBaseVertex(mode, (GLsizei)info->count, type, off, inst, info->index_bias);
   } else if (base_instance && ctx->r->api.gles) {
      glDrawArraysInstancedBaseInstanceEXT(mode, (GLint)info->start, (GLsizei)info->count, inst,
                                           info->start_instance);
   } else if (base_instance) {
      glDrawArraysInstancedBaseInstance(mode, (GLint)info->start, (GLsizei)info->count, inst,
                                        info->start_instance);
   } else {
      glDrawArraysInstanced(mode, (GLint)info->start, (GLsizei)info->count, inst);
   }
}

/* The draw count from the guest's count buffer, for hosts that cannot
 * take it from there themselves: one small read back (a sync point). */
static uint32_t read_draw_count(const struct gv_draw_indirect *ind)
{
   uint32_t n = 0;
   glBindBuffer(GL_COPY_READ_BUFFER, ind->count_buf);
   const void *p = glMapBufferRange(GL_COPY_READ_BUFFER, (GLintptr)ind->count_offset, 4, GL_MAP_READ_BIT);
   if (p) {
      memcpy(&n, p, 4);
      glUnmapBuffer(GL_COPY_READ_BUFFER);
   } else {
      gv_gl_check("reading an indirect draw count");
   }
   glBindBuffer(GL_COPY_READ_BUFFER, 0);
   return n < ind->max_draws ? n : ind->max_draws;
}

/* Draws with the count from a buffer, on the host when it can. */
static void draw_indirect_count(struct gv_context *ctx, GLenum mode, GLenum type,
                                const struct gv_draw_indirect *ind)
{
   const void *off = (const void *)(uintptr_t)ind->offset;
   glBindBuffer(GL_PARAMETER_BUFFER_ARB, ind->count_buf);
   bool core = ctx->r->api.version >= 46;
   if (type && core)
      glMultiDrawElementsIndirectCount(mode, type, off, (GLintptr)ind->count_offset, (GLsizei)ind->max_draws,
                                       (GLsizei)ind->stride);
   else if (type)
      glMultiDrawElementsIndirectCountARB(mode, type, off, (GLintptr)ind->count_offset,
                                          (GLsizei)ind->max_draws, (GLsizei)ind->stride);
   else if (core)
      glMultiDrawArraysIndirectCount(mode, off, (GLintptr)ind->count_offset, (GLsizei)ind->max_draws,
                                     (GLsizei)ind->stride);
   else
      glMultiDrawArraysIndirectCountARB(mode, off, (GLintptr)ind->count_offset, (GLsizei)ind->max_draws,
                                        (GLsizei)ind->stride);
   glBindBuffer(GL_PARAMETER_BUFFER_ARB, 0);
}

/* `n` commands from the indirect buffer: one multi-draw where the host has
 * it, else one call per command (the same draws: the guest gets no
 * gl_DrawID, the only thing a multi-draw adds). `type` 0: arrays. */
static void draw_indirect_n(struct gv_context *ctx, GLenum mode, GLenum type,
                            const struct gv_draw_indirect *ind, uint32_t n)
{
   const struct gv_hostapi *api = &ctx->r->api;
   const void *off = (const void *)(uintptr_t)ind->offset;
   if (n > 1 && api->multi_draw_indirect) {
      if (type && !api->gles)
         glMultiDrawElementsIndirect(mode, type, off, (GLsizei)n, (GLsizei)ind->stride);
      else if (type)
         glMultiDrawElementsIndirectEXT(mode, type, off, (GLsizei)n, (GLsizei)ind->stride);
      else if (!api->gles)
         glMultiDrawArraysIndirect(mode, off, (GLsizei)n, (GLsizei)ind->stride);
      else
         glMultiDrawArraysIndirectEXT(mode, off, (GLsizei)n, (GLsizei)ind->stride);
      return;
   }
   /* The whole range was checked against the buffer: no overflow here. */
   for (uint32_t i = 0; i < n; i++) {
      const void *cmd = (const void *)(uintptr_t)(ind->offset + (uint64_t)i * ind->stride);
      if (type)
         glDrawElementsIndirect(mode, type, cmd);
      else
         glDrawArraysIndirect(mode, cmd);
   }
}

static void draw_indirect(struct gv_context *ctx, const struct gv_draw_state *d,
                          const struct gv_draw_info *info, GLenum mode, const struct gv_draw_indirect *ind)
{
   GLenum type = 0;
   if (info->indexed) {
      type = index_type(d->ibuf.stride);
      glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, d->ibuf.res->buf);
   }
   glBindBuffer(GL_DRAW_INDIRECT_BUFFER, ind->buf);
   if (ind->count_buf && ctx->r->api.indirect_count)
      draw_indirect_count(ctx, mode, type, ind);
   else
      draw_indirect_n(ctx, mode, type, ind, ind->count_buf ? read_draw_count(ind) : ind->max_draws);
   glBindBuffer(GL_DRAW_INDIRECT_BUFFER, 0);
}

/* Patch size from the draw (checked against the host's limit by the
 * renderer); without a TCS the levels come from SET_TESS_STATE. */
static void apply_patch_state(struct gv_context *ctx, const struct gv_draw_state *d,
                              const struct gv_draw_info *info, const struct gv_program *p)
{
   glPatchParameteri(GL_PATCH_VERTICES, (GLint)info->vertices_per_patch);
   if (d->shaders[GV_STAGE_TESS_CTRL])
      return;
   static const float ones[6] = { 1, 1, 1, 1, 1, 1 };
   const float *l = d->tess_levels_set ? d->tess_levels : ones;
   if (ctx->r->api.patch_default_levels) {
      glPatchParameterfv(GL_PATCH_DEFAULT_OUTER_LEVEL, l);
      glPatchParameterfv(GL_PATCH_DEFAULT_INNER_LEVEL, l + 4);
   } else if (p->key.passthrough_tcs && p->cb0_loc[GV_STAGE_TESS_CTRL] >= 0) {
      /* The pass-through TCS's constants: outer levels, inner levels. */
      uint32_t bits[8] = { 0 };
      memcpy(bits, l, 4 * sizeof(float));
      memcpy(bits + 4, l + 4, 2 * sizeof(float));
      glUniform4uiv(p->cb0_loc[GV_STAGE_TESS_CTRL], 2, bits);
   }
}

/* Samples per pixel of the bound framebuffer (0 or 1: single-sampled). */
static uint32_t framebuffer_samples(const struct gv_sub_ctx *sub)
{
   for (uint32_t i = 0; i < sub->nr_cbufs && i < GV_MAX_COLOR_BUFS; i++) {
      if (sub->cbufs[i])
         return sub->cbufs[i]->res->desc.nr_samples;
   }
   if (sub->zsurf)
      return sub->zsurf->res->desc.nr_samples;
   return sub->no_attach.samples;
}

/* Gallium gives sample shading as a sample count (SET_MIN_SAMPLES) and
 * per-sample interpolation as a rasterizer bit; GL takes the fraction of
 * the framebuffer's samples. */
static void apply_sample_shading(struct gv_context *ctx, const struct gv_sub_ctx *sub)
{
   if (!ctx->r->api.sample_shading)
      return;
   const struct gv_draw_state *d = &sub->draw;
   bool per_sample_interp = d->rast.s0 >> 31 & 1;   /* force_persample_interp */
   uint32_t samples = framebuffer_samples(sub);
   if ((d->min_samples > 1 || per_sample_interp) && samples > 1) {
      float v = (float)(d->min_samples > 1 ? d->min_samples : samples) / (float)samples;
      glEnable(GL_SAMPLE_SHADING);
      glMinSampleShading(v > 1.0f ? 1.0f : v);
   } else {
      glDisable(GL_SAMPLE_SHADING);
   }
}

/* The program of one pass of a draw: the key's, else without counting
 * occlusion (drawing uncounted beats dropping the draw; the failure is
 * logged). NULL: reported when it was built, the pass is dropped. */
static struct gv_program *pass_program(struct gv_context *ctx, struct gv_sub_ctx *sub,
                                       struct gv_program_key *key)
{
   struct gv_program *p = gv_gl_program_get(ctx, sub, key);
   if (!p && key->occlusion.on) {
      memset(&key->occlusion, 0, sizeof(key->occlusion));
      p = gv_gl_program_get(ctx, sub, key);
   }
   return p;
}

/* Makes p current with the bindings and uniforms its locations take. */
static void use_program(struct gv_context *ctx, struct gv_sub_ctx *sub, struct gv_program *p)
{
   struct gv_draw_state *d = &sub->draw;
   glUseProgram(p->prog);
   gv_gl_bind_resources(ctx, d, p);
   gv_gl_bind_shader_res(ctx, d, p);
   if (p->clip_plane_loc >= 0)
      glUniform4fv(p->clip_plane_loc, 8, &d->clip_planes[0][0]);
   if (p->alpha_ref_loc >= 0)
      glUniform1f(p->alpha_ref_loc, d->dsa.alpha_ref);
   if (p->point_size_loc >= 0)
      glUniform1f(p->point_size_loc, d->rast.point_size);
   set_lod_biases(d, p);
   set_lodq_state(d, p);
   if (p->stipple_loc >= 0)
      glUniform1uiv(p->stipple_loc, 32, d->poly_stipple);
   gv_gl_occl_bind(ctx, sub, p);
}

int gv_gl_draw(struct gv_context *ctx, struct gv_sub_ctx *sub, const struct gv_draw_info *info,
               const struct gv_draw_indirect *ind)
{
   struct gv_draw_state *d = &sub->draw;
   /* GL_POINTS is 0: quads, quad strips and polygons are the gaps. */
   GLenum mode = prim_mode(info->mode);
   if (info->mode >= 15 || (info->mode >= 7 && info->mode <= 9)) {
      gv_error("DRAW_VBO: primitive type %u is not supported on the host", info->mode);
      return GV_E_UNSUPPORTED;
   }
   struct face_pass passes[2];
   unsigned nr_passes = plan_faces(ctx, sub, info, passes);
   struct gv_program_key key;
   program_key(&ctx->r->api, sub, info, &key);
   gv_gl_occl_key(ctx, sub, &key.occlusion);
   set_unfilled(ctx, d, &passes[0], &key);
   struct gv_program *p = pass_program(ctx, sub, &key);
   if (!p)
      return GV_OK;
   int ret = gv_gl_bind_framebuffer(ctx, sub);
   if (ret < 0)
      return ret;
   glUseProgram(p->prog);
   apply_viewport(ctx, d);
   apply_rasterizer(ctx, d);
   apply_dsa(d);
   apply_blend(ctx, d, sub->nr_cbufs);
   if (!ctx->r->api.gles || ctx->r->api.srgb_write_control) {
      bool srgb = false;
      for (uint32_t i = 0; i < sub->nr_cbufs; i++)
         srgb |= sub->cbufs[i] && (sub->cbufs[i]->fmt->flags & GV_FMT_SRGB);
      if (srgb)
         glEnable(GL_FRAMEBUFFER_SRGB);
      else
         glDisable(GL_FRAMEBUFFER_SRGB);
   }
   apply_sample_shading(ctx, sub);
   if (d->sample_mask != 0xffffffffu && d->sample_mask) {
      glEnable(GL_SAMPLE_MASK);
      glSampleMaski(0, d->sample_mask);
   } else {
      glDisable(GL_SAMPLE_MASK);
   }
   ret = gv_gl_apply_vertex_input(ctx, d, info);
   if (ret == GV_OK) {
      use_program(ctx, sub, p);
      bool clip_ok = !ctx->r->api.gles || gv_hostapi_has_ext("GL_EXT_clip_cull_distance");
      for (unsigned i = 0; i < 8 && clip_ok; i++) {
         if (d->rast.clip_plane_enable >> i & 1)
            glEnable(GL_CLIP_DISTANCE0 + i);
         else
            glDisable(GL_CLIP_DISTANCE0 + i);
      }
      if (mode == GL_PATCHES)
         apply_patch_state(ctx, d, info, p);
      struct gv_so_draw so;
      struct gv_program *first = p;
      bool apart = counted_apart(ctx, d, passes, nr_passes);
      if (apart) {
         /* The recording and counting draw: no GS, nothing rasterized. */
         struct face_pass none = { 0 };
         set_unfilled(ctx, d, &none, &key);
         if ((first = pass_program(ctx, sub, &key)))
            use_program(ctx, sub, first);
         glEnable(GL_RASTERIZER_DISCARD);
      }
      if (first)
         gv_gl_so_begin(ctx, sub, first, info, &so);
      else
         memset(&so, 0, sizeof(so));
      if (info->indexed)
         restart_begin(ctx, info, d->ibuf.stride);
      if (apart) {
         if (first) {
            if (ind)
               draw_indirect(ctx, d, info, mode, ind);
            else
               draw_direct(ctx, d, info, mode);
            gv_gl_so_end(ctx, sub, first, &so);
         }
         memset(&so, 0, sizeof(so));
         if (!d->rast.discard)
            glDisable(GL_RASTERIZER_DISCARD);
         for (uint32_t s = 0; s < GV_MAX_VERTEX_STREAMS; s++)
            gv_query_so_suspend(ctx, GV_SO_GENERATED, s);
      }
      for (unsigned pass = 0; pass < nr_passes; pass++) {
         if ((pass || apart) &&
             (passes[pass].unfilled != key.unfilled || passes[pass].dz != key.unfilled_dz)) {
            set_unfilled(ctx, d, &passes[pass], &key);
            struct gv_program *other = pass_program(ctx, sub, &key);
            if (!other)
               continue;
            use_program(ctx, sub, other);
         }
         if (nr_passes > 1 || passes[pass].unfilled)
            set_face_pass(ctx, &passes[pass]);
         if (ind)
            draw_indirect(ctx, d, info, mode, ind);
         else
            draw_direct(ctx, d, info, mode);
      }
      if (apart)
         for (uint32_t s = 0; s < GV_MAX_VERTEX_STREAMS; s++)
            gv_query_so_resume(ctx, GV_SO_GENERATED, s, 0);
      if (info->indexed)
         restart_end(ctx, info);
      ret = gv_gl_check("draw");
      if (first && !apart)
         gv_gl_so_end(ctx, sub, first, &so);
   }
   reset_state(ctx);
   return ret;
}
