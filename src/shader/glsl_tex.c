/* Texture sampling, image, buffer, shared-memory and atomic instructions.
 * GLES hosts store 1D textures as Nx1 2D textures and rectangle textures
 * as 2D ones (gl_resource.c), so samplers of those targets become 2D
 * samplers here, with the coordinates adapted. */
#include <string.h>

#include "shader/glsl_priv.h"

static const char xyzw[] = "xyzw";

static bool is_shadow(unsigned t)
{
   return t == GV_TEX_SHADOW1D || t == GV_TEX_SHADOW2D || t == GV_TEX_SHADOWRECT ||
          t == GV_TEX_SHADOW1D_ARRAY || t == GV_TEX_SHADOW2D_ARRAY || t == GV_TEX_SHADOWCUBE ||
          t == GV_TEX_SHADOWCUBE_ARRAY;
}

/* The non-shadow base target. */
static unsigned base_target(unsigned t)
{
   switch (t) {
   case GV_TEX_SHADOW1D: return GV_TEX_1D;
   case GV_TEX_SHADOW2D: return GV_TEX_2D;
   case GV_TEX_SHADOWRECT: return GV_TEX_RECT;
   case GV_TEX_SHADOW1D_ARRAY: return GV_TEX_1D_ARRAY;
   case GV_TEX_SHADOW2D_ARRAY: return GV_TEX_2D_ARRAY;
   case GV_TEX_SHADOWCUBE: return GV_TEX_CUBE;
   case GV_TEX_SHADOWCUBE_ARRAY: return GV_TEX_CUBE_ARRAY;
   default: return t;
   }
}

/* What the host samples: GLES has no 1D or rectangle samplers. */
static unsigned host_target(struct gv_glsl_ctx *c, unsigned t)
{
   if (!c->target->es)
      return t;
   switch (t) {
   case GV_TEX_1D: return GV_TEX_2D;
   case GV_TEX_RECT: return GV_TEX_2D;
   case GV_TEX_1D_ARRAY: return GV_TEX_2D_ARRAY;
   default: return t;
   }
}

/* Coordinate components of a (base, host) target, without shadow/ref. */
static unsigned coord_dims(unsigned t)
{
   switch (t) {
   case GV_TEX_BUFFER:
   case GV_TEX_1D: return 1;
   case GV_TEX_2D:
   case GV_TEX_RECT:
   case GV_TEX_1D_ARRAY:
   case GV_TEX_2D_MSAA: return 2;
   case GV_TEX_CUBE_ARRAY: return 4;
   default: return 3;
   }
}

/* Gradient / offset dimensions (no layer). */
static unsigned grad_dims(unsigned t)
{
   switch (t) {
   case GV_TEX_BUFFER:
   case GV_TEX_1D:
   case GV_TEX_1D_ARRAY: return 1;
   case GV_TEX_3D:
   case GV_TEX_CUBE:
   case GV_TEX_CUBE_ARRAY: return 3;
   default: return 2;
   }
}

static bool is_array(unsigned t)
{
   return t == GV_TEX_1D_ARRAY || t == GV_TEX_2D_ARRAY || t == GV_TEX_CUBE_ARRAY ||
          t == GV_TEX_2D_ARRAY_MSAA;
}

const char *gv_sampler_type(struct gv_glsl_ctx *c, unsigned target, bool shadow, unsigned ret)
{
   unsigned t = host_target(c, base_target(target));
   shadow = shadow || is_shadow(target);
   const char *base;
   switch (t) {
   case GV_TEX_BUFFER: base = "Buffer"; gv_need(c, GV_FEAT_TEXTURE_BUFFER); break;
   case GV_TEX_1D: base = "1D"; gv_need(c, GV_FEAT_SAMPLER_1D); break;
   case GV_TEX_3D: base = "3D"; break;
   case GV_TEX_CUBE: base = "Cube"; break;
   case GV_TEX_RECT: base = "2DRect"; gv_need(c, GV_FEAT_SAMPLER_RECT); break;
   case GV_TEX_1D_ARRAY: base = "1DArray"; gv_need(c, GV_FEAT_SAMPLER_1D); break;
   case GV_TEX_2D_ARRAY: base = "2DArray"; break;
   case GV_TEX_CUBE_ARRAY:
      base = "CubeArray";
      gv_need(c, shadow ? GV_FEAT_SHADOW_CUBE_ARRAY : GV_FEAT_CUBE_ARRAY);
      break;
   case GV_TEX_2D_MSAA: base = "2DMS"; gv_need(c, GV_FEAT_TEXTURE_MS); break;
   case GV_TEX_2D_ARRAY_MSAA: base = "2DMSArray"; gv_need(c, GV_FEAT_TEXTURE_MS_ARRAY); break;
   default: base = "2D"; break;
   }
   const char *pre = ret == GV_RET_SINT ? "i" : ret == GV_RET_UINT ? "u" : "";
   if (shadow && (pre[0] || t == GV_TEX_BUFFER || t == GV_TEX_3D || t == GV_TEX_2D_MSAA ||
                  t == GV_TEX_2D_ARRAY_MSAA))
      shadow = false;
   return gv_fmt(c, "%ssampler%s%s", pre, base, shadow ? "Shadow" : "");
}

const char *gv_image_type(struct gv_glsl_ctx *c, unsigned target, unsigned kind)
{
   unsigned t = host_target(c, base_target(target));
   const char *base;
   switch (t) {
   case GV_TEX_BUFFER: base = "Buffer"; gv_need(c, GV_FEAT_TEXTURE_BUFFER); break;
   case GV_TEX_1D: base = "1D"; gv_need(c, GV_FEAT_SAMPLER_1D); break;
   case GV_TEX_3D: base = "3D"; break;
   case GV_TEX_CUBE: base = "Cube"; break;
   case GV_TEX_RECT: base = "2DRect"; gv_need(c, GV_FEAT_SAMPLER_RECT); break;
   case GV_TEX_1D_ARRAY: base = "1DArray"; gv_need(c, GV_FEAT_SAMPLER_1D); break;
   case GV_TEX_2D_ARRAY: base = "2DArray"; break;
   case GV_TEX_CUBE_ARRAY: base = "CubeArray"; gv_need(c, GV_FEAT_CUBE_ARRAY); break;
   case GV_TEX_2D_MSAA: base = "2DMS"; gv_need(c, GV_FEAT_TEXTURE_MS); break;
   case GV_TEX_2D_ARRAY_MSAA: base = "2DMSArray"; gv_need(c, GV_FEAT_TEXTURE_MS_ARRAY); break;
   default: base = "2D"; break;
   }
   return gv_fmt(c, "%simage%s", kind == GV_IMG_SINT ? "i" : kind == GV_IMG_UINT ? "u" : "", base);
}

unsigned gv_image_decl_format(struct gv_glsl_ctx *c, const struct gv_tgsi_decl *d, unsigned idx)
{
   if (d->format)
      return d->format;
   if (idx < 32 && c->key->image_format[idx] && c->key->image_format[idx] < gv_image_format_count)
      return c->key->image_format[idx];
   /* Without a format the image can only be written; GLES needs one. */
   if (c->target->es)
      return 1; /* rgba32f */
   return 0;
}

/* ---- samplers -------------------------------------------------------- */

static int sampler_src(const struct gv_tgsi_insn *in)
{
   for (int i = in->num_src - 1; i >= 0; i--) {
      if (in->src[i].file == GV_FILE_SAMP)
         return i;
   }
   return -1;
}

void gv_tex_analyze(struct gv_glsl_ctx *c)
{
   const struct gv_tgsi_shader *sh = c->sh;
   uint32_t max = 0;
   for (uint32_t i = 0; i < sh->num_decls; i++) {
      const struct gv_tgsi_decl *d = &sh->decls[i];
      if ((d->file == GV_FILE_SVIEW || d->file == GV_FILE_SAMP) && d->last + 1u > max)
         max = d->last + 1u;
   }
   uint8_t indirect_access = 0;   /* what run-time indexed accesses do: any slot may be it */
   for (uint32_t i = 0; i < sh->num_insns; i++) {
      const struct gv_tgsi_insn *in = &sh->insns[i];
      if (in->opcode == GV_OP_STORE && in->dst[0].file == GV_FILE_IMAGE &&
          (uint32_t)in->dst[0].index < GV_TGSI_MAX_ARRAYS) {
         if (in->dst[0].indirect)
            indirect_access |= 2;
         else
            c->image_access[in->dst[0].index] |= 2;
      }
      if (in->num_src && in->src[0].file == GV_FILE_IMAGE &&
          (uint32_t)in->src[0].index < GV_TGSI_MAX_ARRAYS) {
         uint8_t acc = in->opcode == GV_OP_LOAD ? 1 : in->opcode == GV_OP_RESQ ? 0 : 4;
         if (in->src[0].indirect)
            indirect_access |= acc;
         else
            c->image_access[in->src[0].index] |= acc;
      }
      int s = sampler_src(in);
      if (s < 0)
         continue;
      const struct gv_tgsi_src *src = &in->src[s];
      if (src->indirect) {
         c->sampler_indirect = true;
         continue;
      }
      if ((uint32_t)src->index >= GV_TGSI_MAX_ARRAYS) {
         gv_glsl_fail(c, "sampler %d out of range", src->index);
         return;
      }
      struct gv_sampler_use *u = &c->samplers[src->index];
      u->used = true;
      if (in->texture != GV_TEX_COUNT && in->texture != GV_TEX_UNKNOWN) {
         if (!u->target_set) {
            u->target = (uint8_t)base_target(in->texture);
            u->target_set = true;
         }
         u->shadow |= is_shadow(in->texture);
      }
      if ((uint32_t)src->index + 1 > max)
         max = (uint32_t)src->index + 1;
   }
   for (uint32_t k = 0; k < GV_TGSI_MAX_ARRAYS && indirect_access; k++)
      c->image_access[k] |= indirect_access;
   if (max > GV_TGSI_MAX_ARRAYS)
      max = GV_TGSI_MAX_ARRAYS;
   c->num_samplers = max;
   for (uint32_t s = 0; s < max; s++) {
      struct gv_sampler_use *u = &c->samplers[s];
      if (is_shadow(u->target)) {
         u->shadow = true;
         u->target = (uint8_t)base_target(u->target);
      }
      if (!u->target_set || u->target >= GV_TEX_UNKNOWN)
         u->target = GV_TEX_2D;
      if (c->sampler_indirect)
         u->used = true;
   }
   if (!c->sampler_indirect)
      return;
   gv_need(c, GV_FEAT_SAMPLER_INDEX);
   /* Runs of equal type. */
   uint32_t s = 0;
   while (s < max) {
      uint32_t e = s + 1;
      while (e < max && c->samplers[e].target == c->samplers[s].target &&
             c->samplers[e].shadow == c->samplers[s].shadow && c->samplers[e].ret == c->samplers[s].ret)
         e++;
      for (uint32_t k = s; k < e; k++) {
         c->samp_base[k] = (uint16_t)s;
         c->samp_len[k] = (uint16_t)(e - s);
      }
      s = e;
   }
}

void gv_tex_declare(struct gv_glsl_ctx *c, struct gv_strbuf *h)
{
   const char *hp = c->target->es ? "highp " : "";
   for (uint32_t s = 0; s < c->num_samplers; s++) {
      const struct gv_sampler_use *u = &c->samplers[s];
      if (!u->used)
         continue;
      const char *type = gv_sampler_type(c, u->target, u->shadow, u->ret);
      if (!c->sampler_indirect)
         gv_sb_printf(h, "uniform %s%s %s_s%u;\n", hp, type, c->prefix, s);
      else if (c->samp_base[s] == s)
         gv_sb_printf(h, "uniform %s%s %s_sa%u[%u];\n", hp, type, c->prefix, s, c->samp_len[s]);
   }
}

static const char *sampler_ref(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s)
{
   if (!c->sampler_indirect)
      return gv_fmt(c, "%s_s%d", c->prefix, s->index);
   uint32_t i = (uint32_t)s->index < c->num_samplers ? (uint32_t)s->index : 0;
   if (c->num_samplers == 0) {
      gv_glsl_fail(c, "indirect sampler access without samplers");
      return "x";
   }
   unsigned base = c->samp_base[i], len = c->samp_len[i];
   return gv_fmt(c, "%s_sa%u[%s]", c->prefix, base,
                 gv_index_expr(c, GV_FILE_SAMP, s->index - (int32_t)base, s->indirect, s->ind_file,
                               s->ind_index, s->ind_swz, len));
}

static const struct gv_sampler_use *sampler_use(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s)
{
   uint32_t i = (uint32_t)s->index < c->num_samplers ? (uint32_t)s->index : 0;
   return &c->samplers[i];
}

static const char *vec_type(unsigned n, enum gv_kind k)
{
   static const char *f[] = { "", "float", "vec2", "vec3", "vec4" };
   static const char *i[] = { "", "int", "ivec2", "ivec3", "ivec4" };
   static const char *u[] = { "", "uint", "uvec2", "uvec3", "uvec4" };
   return k == GV_F ? f[n] : k == GV_I ? i[n] : u[n];
}

/* Components 0..n-1 of a vec4 expression. */
static const char *take(struct gv_glsl_ctx *c, const char *e, unsigned n)
{
   static const char *sw[] = { "", "x", "xy", "xyz", "xyzw" };
   return n == 4 ? e : gv_fmt(c, "%s.%s", e, sw[n]);
}

/* The constant offset vector of a texel-offset operand, or NULL when not
 * constant. */
static const char *offset_expr(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, unsigned k,
                               unsigned n, bool es_1d)
{
   const struct gv_tgsi_offset *o = &in->offsets[k];
   if (o->file == GV_FILE_IMM && (uint32_t)o->index < c->sh->num_imms) {
      const uint32_t *v = c->sh->imms[o->index].v;
      int32_t x = (int32_t)v[o->swz[0]], y = (int32_t)v[o->swz[1]], z = (int32_t)v[o->swz[2]];
      if (es_1d)
         return gv_fmt(c, "ivec2(%d, 0)", x);
      if (n == 1)
         return gv_fmt(c, "%d", x);
      if (n == 2)
         return gv_fmt(c, "ivec2(%d, %d)", x, y);
      return gv_fmt(c, "ivec3(%d, %d, %d)", x, y, z);
   }
   return NULL;
}

static const char *nonconst_offset(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, unsigned k,
                                   unsigned n)
{
   const struct gv_tgsi_offset *o = &in->offsets[k];
   struct gv_tgsi_src s = { .file = o->file, .index = o->index,
                            .swz = { o->swz[0], o->swz[1], o->swz[2], o->swz[2] } };
   return take(c, gv_src(c, &s, GV_I), n);
}

/* Adapts the coordinate of a 1D / rect texture sampled on a GLES host.
 * p is the whole vec4 operand, coord its first components as TGSI uses
 * them for this target. */
static const char *host_coord(struct gv_glsl_ctx *c, unsigned base, const char *p, bool shadow,
                              const char *sampler, const char *coord)
{
   if (!c->target->es)
      return coord;
   switch (base) {
   case GV_TEX_1D:
      /* 1D: (s[, ref]) -> (s, 0.5[, ref]) on the Nx1 2D texture */
      return shadow ? gv_fmt(c, "vec3(%s.x, 0.5, %s.z)", p, p) : gv_fmt(c, "vec2(%s.x, 0.5)", p);
   case GV_TEX_1D_ARRAY:
      return shadow ? gv_fmt(c, "vec4(%s.x, 0.5, %s.y, %s.z)", p, p, p)
                    : gv_fmt(c, "vec3(%s.x, 0.5, %s.y)", p, p);
   case GV_TEX_RECT: {
      const char *n = gv_fmt(c, "(%s.xy / vec2(textureSize(%s, 0)))", p, sampler);
      return shadow ? gv_fmt(c, "vec3(%s, %s.z)", n, p) : n;
   }
   default:
      return coord;
   }
}

/* The sampler state's LOD bias on a host without one (GLES): uniform
 * <prefix>_lod_bias[i] for the samplers of key->lod_bias, else NULL.
 * Indirectly indexed samplers keep no bias. */
static const char *sampler_bias(struct gv_glsl_ctx *c, const struct gv_tgsi_src *ss)
{
   if (ss->indirect || ss->index < 0 || ss->index >= 32 || !(c->key->lod_bias >> ss->index & 1))
      return NULL;
   return gv_fmt(c, "%s_lod_bias[%d]", c->prefix, ss->index);
}

/* Lookups of these targets take no bias argument (GLSL: shadow arrays,
 * rectangles and unmipmapped targets). */
static bool bias_allowed(unsigned base, bool shadow)
{
   if (base == GV_TEX_RECT || base == GV_TEX_BUFFER || base == GV_TEX_2D_MSAA ||
       base == GV_TEX_2D_ARRAY_MSAA)
      return false;
   return !shadow || (base != GV_TEX_1D_ARRAY && base != GV_TEX_2D_ARRAY && base != GV_TEX_CUBE_ARRAY);
}

/* GL_CLAMP under linear filtering (key gl_clamp): the coordinates of the
 * sampler's clamped axes are held to the texture, so the filter footprint
 * at the edge takes the border. Array layers and cube maps are not wrapped.
 * Implicit derivatives then vanish outside the texture, where only border
 * and edge texels are sampled. */
static const char *clamp_coords(struct gv_glsl_ctx *c, const struct gv_tgsi_src *ss, unsigned base,
                                const char *samp, const char *p)
{
   if (ss->indirect || ss->index < 0 || ss->index >= 32)
      return p;
   unsigned axes;
   switch (base) {
   case GV_TEX_1D: case GV_TEX_1D_ARRAY: axes = 1; break;
   case GV_TEX_2D: case GV_TEX_2D_ARRAY: case GV_TEX_RECT: axes = 2; break;
   case GV_TEX_3D: axes = 3; break;
   default: return p;
   }
   const char *v = NULL;
   for (unsigned a = 0; a < axes; a++) {
      if (!(c->key->gl_clamp[a] >> ss->index & 1))
         continue;
      if (!v) {
         v = gv_fmt(c, "gcl%u", c->tmp_seq++);
         gv_line(c, "vec4 %s = %s;", v, p);
      }
      if (base == GV_TEX_RECT)
         gv_line(c, "%s.%c = clamp(%s.%c, 0.0, float(textureSize(%s%s).%c));", v, xyzw[a], v, xyzw[a],
                 samp, c->target->es ? ", 0" : "", xyzw[a]);   /* GLES: a 2D texture */
      else
         gv_line(c, "%s.%c = clamp(%s.%c, 0.0, 1.0);", v, xyzw[a], v, xyzw[a]);
   }
   return v ? v : p;
}

/* textureQueryLod without the host function (GLSL ES): the LOD from the
 * implicit derivatives of the coordinates scaled by the base level's size
 * (GL 4.6 section 8.14.1, the isotropic rho = max of the two scale
 * factors; cube maps: of the face coordinates), plus the sampler's LOD
 * bias: y. x: that clamped to the sampler's [min_lod, max_lod], rounded as
 * MIPMAP_NEAREST selects (ceil(l + 0.5) - 1), clamped to the view's levels;
 * 0 without mipmapping. Per sampler i, uniform vec4 <prefix>_lodq[2i] =
 * (bias, min_lod, max_lod, last level - first level of the view) and
 * [2i + 1].x = 0 none, 1 nearest, 2 linear mip filter (gl_draw.c).
 * Outside fragment shaders (no derivatives) the result is 0, as GL gives
 * for no implicit derivatives. */
static bool emit_lodq_emulated(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in,
                               const struct gv_tgsi_src *ss, unsigned base, const char *samp)
{
   if (c->sh->stage != GV_TGSI_FRAGMENT) {
      gv_store(c, in, 0, GV_F, "vec4(0.0)");
      return true;
   }
   if (base == GV_TEX_RECT || base == GV_TEX_BUFFER || base == GV_TEX_2D_MSAA ||
       base == GV_TEX_2D_ARRAY_MSAA)
      return gv_glsl_fail(c, "LOD query of a texture without levels");
   int idx = ss->index < 0 || ss->index >= 32 ? 0 : ss->index;
   /* Sized to the highest sampler queried: uniform space is scarce on
    * GLES (the renderer's 64 values beyond the end are ignored). */
   if ((unsigned)idx + 1 > c->lodq_samplers)
      c->lodq_samplers = (unsigned)idx + 1;
   if (ss->indirect)
      gv_glsl_warn(c, "emulated LOD query of an indirectly indexed sampler uses the first one's state");
   const char *p = gv_src(c, &in->src[0], GV_F);
   gv_line(c, "{");
   gv_line(c, "   vec4 lq_p = %s;", p);
   gv_line(c, "   vec4 lq_s = %s_lodq[%d];", c->prefix, 2 * idx);
   gv_line(c, "   float lq_m = %s_lodq[%d].x;", c->prefix, 2 * idx + 1);
   gv_line(c, "   vec3 lq_dx, lq_dy;");
   if (base == GV_TEX_CUBE || base == GV_TEX_CUBE_ARRAY) {
      /* face coordinates (sc / |ma| + 1) / 2 and their derivatives */
      gv_line(c, "   vec3 lq_a = abs(lq_p.xyz), lq_q, lq_qx, lq_qy;");
      gv_line(c, "   vec3 lq_px = dFdx(lq_p.xyz), lq_py = dFdy(lq_p.xyz);");
      gv_line(c, "   if (lq_a.x >= lq_a.y && lq_a.x >= lq_a.z) { lq_q = lq_p.xzy; lq_qx = lq_px.xzy; lq_qy = lq_py.xzy; }");
      gv_line(c, "   else if (lq_a.y >= lq_a.z) { lq_q = lq_p.yxz; lq_qx = lq_px.yxz; lq_qy = lq_py.yxz; }");
      gv_line(c, "   else { lq_q = lq_p.zxy; lq_qx = lq_px.zxy; lq_qy = lq_py.zxy; }");
      gv_line(c, "   vec2 lq_sz = vec2(textureSize(%s, 0).xy);", samp);
      gv_line(c, "   lq_dx = vec3(0.5 * (lq_qx.yz * lq_q.x - lq_q.yz * lq_qx.x) / (lq_q.x * lq_q.x) * lq_sz, 0.0);");
      gv_line(c, "   lq_dy = vec3(0.5 * (lq_qy.yz * lq_q.x - lq_q.yz * lq_qy.x) / (lq_q.x * lq_q.x) * lq_sz, 0.0);");
   } else {
      unsigned d = grad_dims(base);
      /* GLES stores 1D textures as 2D of height 1: only the width counts. */
      const char *sz = d == 1 ? gv_fmt(c, "vec3(float(textureSize(%s, 0).x), 0.0, 0.0)", samp)
                       : d == 2 ? gv_fmt(c, "vec3(vec2(textureSize(%s, 0).xy), 0.0)", samp)
                                : gv_fmt(c, "vec3(textureSize(%s, 0))", samp);
      const char *sw = d == 1 ? "x" : d == 2 ? "xy" : "xyz";
      const char *pad = d == 1 ? ", 0.0, 0.0" : d == 2 ? ", 0.0" : "";
      gv_line(c, "   vec3 lq_sz = %s;", sz);
      gv_line(c, "   lq_dx = vec3(dFdx(lq_p.%s)%s) * lq_sz;", sw, pad);
      gv_line(c, "   lq_dy = vec3(dFdy(lq_p.%s)%s) * lq_sz;", sw, pad);
   }
   gv_line(c, "   float lq_y = 0.5 * log2(max(dot(lq_dx, lq_dx), dot(lq_dy, lq_dy))) + lq_s.x;");
   gv_line(c, "   float lq_l = min(max(lq_y, lq_s.y), lq_s.z);");
   gv_line(c, "   if (lq_m == 1.0) lq_l = ceil(lq_l + 0.5) - 1.0;");
   gv_line(c, "   float lq_x = lq_m == 0.0 ? 0.0 : clamp(lq_l, 0.0, lq_s.w);");
   c->indent++;
   gv_store(c, in, 0, GV_F, "vec4(lq_x, lq_y, 0.0, 0.0)");
   c->indent--;
   gv_line(c, "}");
   return true;
}

bool gv_emit_tex(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in)
{
   int si = sampler_src(in);
   if (si < 0)
      return gv_glsl_fail(c, "texture instruction without a sampler");
   const struct gv_tgsi_src *ss = &in->src[si];
   const struct gv_sampler_use *u = sampler_use(c, ss);
   unsigned tt = in->texture != GV_TEX_COUNT && in->texture != GV_TEX_UNKNOWN ? in->texture
                                                                                : u->target;
   unsigned base = base_target(tt);
   bool shadow = is_shadow(tt) || u->shadow;
   unsigned host = host_target(c, base);
   bool es_1d = c->target->es && (base == GV_TEX_1D || base == GV_TEX_1D_ARRAY);
   const char *samp = sampler_ref(c, ss);
   enum gv_kind rk = u->ret == GV_RET_SINT ? GV_I : u->ret == GV_RET_UINT ? GV_U : GV_F;
   unsigned n = coord_dims(base);
   unsigned op = in->opcode;
   const char *res = NULL;
   enum gv_kind res_kind = rk;

   if (op == GV_OP_TXQ) {
      const char *lod = gv_src_scalar(c, &in->src[0], GV_I, 0);
      bool no_lod = host == GV_TEX_BUFFER || host == GV_TEX_RECT || host == GV_TEX_2D_MSAA ||
                    host == GV_TEX_2D_ARRAY_MSAA;
      if (host == GV_TEX_BUFFER)
         gv_need(c, GV_FEAT_TEXTURE_SIZE_BUFFER);
      const char *sz = no_lod ? gv_fmt(c, "textureSize(%s)", samp)
                              : gv_fmt(c, "textureSize(%s, %s)", samp, lod);
      unsigned hn = host == GV_TEX_BUFFER || host == GV_TEX_1D ? 1
                    : host == GV_TEX_3D || host == GV_TEX_2D_ARRAY || host == GV_TEX_CUBE_ARRAY ||
                          host == GV_TEX_2D_ARRAY_MSAA || host == GV_TEX_1D_ARRAY ? (host == GV_TEX_1D_ARRAY ? 2 : 3)
                    : 2;
      const char *dims;
      if (es_1d && base == GV_TEX_1D)
         dims = gv_fmt(c, "ivec4(%s.x, 0, 0, 0)", sz);
      else if (es_1d)
         dims = gv_fmt(c, "ivec4(%s.x, %s.z, 0, 0)", sz, sz);
      else if (hn == 1)
         dims = gv_fmt(c, "ivec4(%s, 0, 0, 0)", sz);
      else if (hn == 2)
         dims = gv_fmt(c, "ivec4(%s, 0, 0)", sz);
      else
         dims = gv_fmt(c, "ivec4(%s, 0)", sz);
      if (in->dst[0].mask & 8) {
         if (no_lod) {
            dims = gv_fmt(c, "ivec4(%s.xyz, 1)", dims);
         } else {
            gv_need(c, GV_FEAT_QUERY_LEVELS);
            dims = gv_fmt(c, "ivec4(%s.xyz, textureQueryLevels(%s))", dims, samp);
         }
      }
      gv_store(c, in, 0, GV_I, dims);
      return true;
   }
   if (op == GV_OP_TXQS) {
      gv_need(c, GV_FEAT_QUERY_SAMPLES);
      gv_store(c, in, 0, GV_I, gv_fmt(c, "ivec4(textureSamples(%s), 0, 0, 0)", samp));
      return true;
   }
   if (op == GV_OP_LODQ && !gv_glsl_can_use(c, GV_FEAT_QUERY_LOD) && c->target->es)
      return emit_lodq_emulated(c, in, ss, base, samp);
   if (op == GV_OP_LODQ) {
      gv_need(c, GV_FEAT_QUERY_LOD);
      const char *p = take(c, gv_src(c, &in->src[0], GV_F), grad_dims(base));
      if (es_1d)
         p = gv_fmt(c, "vec2(%s, 0.5)", p);
      gv_store(c, in, 0, GV_F, gv_fmt(c, "vec4(textureQueryLod(%s, %s), 0.0, 0.0)", samp, p));
      return true;
   }
   if (op == GV_OP_TXF) {
      const char *p = gv_src(c, &in->src[0], GV_I);
      const char *lod = gv_fmt(c, "%s.w", p);
      const char *coord;
      if (host == GV_TEX_BUFFER)
         coord = gv_fmt(c, "%s.x", p);
      else if (es_1d)
         coord = base == GV_TEX_1D ? gv_fmt(c, "ivec2(%s.x, 0)", p) : gv_fmt(c, "ivec3(%s.x, 0, %s.y)", p, p);
      else
         coord = take(c, p, n > 3 ? 3 : n);
      const char *off = in->num_offsets ? offset_expr(c, in, 0, grad_dims(base), es_1d) : NULL;
      if (in->num_offsets && !off)
         return gv_glsl_fail(c, "non-constant texel fetch offset");
      if (host == GV_TEX_BUFFER || host == GV_TEX_RECT)
         res = gv_fmt(c, "texelFetch(%s, %s)", samp, coord);
      else if (off)
         res = gv_fmt(c, "texelFetchOffset(%s, %s, %s, %s)", samp, coord, lod, off);
      else
         res = gv_fmt(c, "texelFetch(%s, %s, %s)", samp, coord, lod);
      if (host == GV_TEX_RECT && off)
         res = gv_fmt(c, "texelFetch(%s, %s + %s)", samp, coord, off);
      gv_store(c, in, 0, rk, res);
      return true;
   }

   /* Sampling: coordinate incl. shadow reference as TGSI lays it out. */
   const char *p = gv_src(c, &in->src[0], GV_F);
   if (op == GV_OP_TXP) {
      gv_line(c, "{");
      gv_line(c, "   vec4 pc = %s;", p);
      gv_line(c, "   pc = vec4(pc.xyz / pc.w, pc.w);");
      p = "pc";
      c->indent++;
   }
   p = clamp_coords(c, ss, base, samp, p);
   unsigned pn = n + (shadow && base != GV_TEX_CUBE_ARRAY ? 1 : 0);
   if (base == GV_TEX_1D && shadow)
      pn = 3; /* (s, unused, ref) */
   if (pn > 4)
      pn = 4;
   const char *coord = host_coord(c, base, p, shadow, samp, take(c, p, pn));
   const char *extra = ""; /* ", ref" for cube array shadow */
   if (shadow && base == GV_TEX_CUBE_ARRAY)
      extra = gv_fmt(c, ", %s", gv_src_scalar(c, &in->src[1], GV_F, 0));
   const char *off = NULL;
   if (in->num_offsets && op != GV_OP_TG4) {
      off = offset_expr(c, in, 0, grad_dims(base), es_1d);
      if (!off)
         return gv_glsl_fail(c, "non-constant texture offset");
   }
   const char *offs = off ? gv_fmt(c, ", %s", off) : "";
   const char *suffix = off ? "Offset" : "";
   /* GL adds the sampler's bias to every computed or given LOD (GL 4.6
    * section 8.14.1), as llvmpipe does for explicit LODs too. */
   const char *sbias = sampler_bias(c, ss);
   switch (op) {
   case GV_OP_TEX:
   case GV_OP_TXP:
   case GV_OP_TEX2:
      /* Only fragment shaders have implicit derivatives to bias. */
      if (sbias && c->sh->stage == GV_TGSI_FRAGMENT && bias_allowed(base, shadow))
         res = gv_fmt(c, "texture%s(%s, %s%s%s, %s)", suffix, samp, coord, extra, offs, sbias);
      else
         res = gv_fmt(c, "texture%s(%s, %s%s%s)", suffix, samp, coord, extra, offs);
      break;
   case GV_OP_TXB:
   case GV_OP_TXB2: {
      const char *bias = op == GV_OP_TXB ? gv_fmt(c, "%s.w", p)
                                         : gv_src_scalar(c, &in->src[1], GV_F, 0);
      if (sbias)
         bias = gv_fmt(c, "(%s + %s)", bias, sbias);
      if (shadow && c->target->es && (base == GV_TEX_1D_ARRAY || base == GV_TEX_2D_ARRAY ||
                                      base == GV_TEX_CUBE_ARRAY)) {
         /* GLSL ES has no biased lookup for these shadow samplers. */
         gv_glsl_warn(c, "LOD bias dropped on a GLES array shadow sampler");
         res = gv_fmt(c, "texture%s(%s, %s%s%s)", suffix, samp, coord, extra, offs);
      } else {
         res = gv_fmt(c, "texture%s(%s, %s%s%s, %s)", suffix, samp, coord, extra, offs, bias);
      }
      break;
   }
   case GV_OP_TXL:
   case GV_OP_TXL2: {
      const char *lod = op == GV_OP_TXL ? gv_fmt(c, "%s.w", p)
                                        : gv_src_scalar(c, &in->src[1], GV_F, 0);
      if (sbias)
         lod = gv_fmt(c, "(%s + %s)", lod, sbias);
      if (shadow && (base == GV_TEX_CUBE || base == GV_TEX_2D_ARRAY || base == GV_TEX_CUBE_ARRAY)) {
         /* No textureLod for these shadow samplers: a zero gradient samples
          * level 0, the common case (lod 0 from textureLod-less GLSL). */
         unsigned g = grad_dims(base);
         res = gv_fmt(c, "textureGrad%s(%s, %s%s, %s(0.0), %s(0.0)%s)", suffix, samp, coord, extra,
                      vec_type(g, GV_F), vec_type(g, GV_F), offs);
         gv_glsl_warn(c, "shadow textureLod approximated by textureGrad");
      } else {
         res = gv_fmt(c, "textureLod%s(%s, %s%s, %s%s)", suffix, samp, coord, extra, lod, offs);
      }
      break;
   }
   case GV_OP_TXD: {
      unsigned g = grad_dims(base);
      const char *dx = take(c, gv_src(c, &in->src[1], GV_F), g);
      const char *dy = take(c, gv_src(c, &in->src[2], GV_F), g);
      if (es_1d) {
         dx = gv_fmt(c, "vec2(%s, 0.0)", dx);
         dy = gv_fmt(c, "vec2(%s, 0.0)", dy);
      } else if (c->target->es && base == GV_TEX_RECT) {
         dx = gv_fmt(c, "(%s / vec2(textureSize(%s, 0)))", dx, samp);
         dy = gv_fmt(c, "(%s / vec2(textureSize(%s, 0)))", dy, samp);
      }
      /* The LOD is log2 of the gradients' scale: a bias scales them. */
      if (sbias) {
         dx = gv_fmt(c, "(%s * exp2(%s))", dx, sbias);
         dy = gv_fmt(c, "(%s * exp2(%s))", dy, sbias);
      }
      res = gv_fmt(c, "textureGrad%s(%s, %s%s, %s, %s%s)", suffix, samp, coord, extra, dx, dy, offs);
      break;
   }
   case GV_OP_TG4: {
      gv_need(c, GV_FEAT_TEXTURE_GATHER);
      const char *cmp = "";
      if (!shadow) {
         const struct gv_tgsi_src *cs = &in->src[1];
         uint32_t comp = 0;
         if (cs->file == GV_FILE_IMM && (uint32_t)cs->index < c->sh->num_imms)
            comp = c->sh->imms[cs->index].v[cs->swz[0]] & 3;
         if (comp)
            cmp = gv_fmt(c, ", %u", comp);
         coord = host_coord(c, base, p, false, samp, take(c, p, n));
      } else {
         /* textureGather(shadow, P, ref): ref is the component after P. */
         const char *pp = take(c, p, n);
         cmp = gv_fmt(c, ", %s.%c", p, xyzw[n < 4 ? n : 3]);
         if (base == GV_TEX_CUBE_ARRAY)
            cmp = gv_fmt(c, ", %s", gv_src_scalar(c, &in->src[1], GV_F, 0));
         coord = pp;
      }
      if (in->num_offsets == 4) {
         gv_need(c, GV_FEAT_GATHER_OFFSETS);
         const char *o[4];
         for (unsigned k = 0; k < 4; k++) {
            o[k] = offset_expr(c, in, k, 2, false);
            if (!o[k])
               return gv_glsl_fail(c, "non-constant textureGatherOffsets offsets");
         }
         res = gv_fmt(c, "textureGatherOffsets(%s, %s, ivec2[4](%s, %s, %s, %s)%s)", samp, coord,
                      o[0], o[1], o[2], o[3], cmp);
      } else if (in->num_offsets) {
         const char *o = offset_expr(c, in, 0, 2, false);
         if (!o) {
            gv_need(c, GV_FEAT_TEXEL_OFFSET_NONCONST);
            o = nonconst_offset(c, in, 0, 2);
         }
         res = gv_fmt(c, "textureGatherOffset(%s, %s, %s%s)", samp, coord, o, cmp);
      } else {
         res = gv_fmt(c, "textureGather(%s, %s%s)", samp, coord, cmp);
      }
      if (shadow)
         res_kind = GV_F;
      if (cmp[0] || shadow)
         gv_need(c, GV_FEAT_GPU_SHADER5);
      break;
   }
   default:
      return gv_glsl_fail(c, "texture opcode %s is not supported", gv_tgsi_opinfo[op].name);
   }
   if (shadow && op != GV_OP_TG4) {
      uint32_t si2 = (uint32_t)ss->index;
      uint16_t sw = !ss->indirect && si2 < 32 ? c->key->shadow_swizzle[si2] : 0;
      if (sw & 0x8000) {
         const char *tmp = gv_fmt(c, "sr%u", c->tmp_seq++);
         gv_line(c, "float %s = %s;", tmp, res);
         const char *ch[4];
         for (int k = 0; k < 4; k++) {
            unsigned v = (sw >> (3 * k)) & 7;
            ch[k] = v == 4 ? "0.0" : v == 5 ? "1.0" : tmp;
         }
         res = gv_fmt(c, "vec4(%s, %s, %s, %s)", ch[0], ch[1], ch[2], ch[3]);
      } else {
         res = gv_fmt(c, "vec4(%s)", res);
      }
      res_kind = GV_F;
   }
   gv_store(c, in, 0, res_kind, res);
   if (op == GV_OP_TXP) {
      c->indent--;
      gv_line(c, "}");
   }
   (void)is_array;
   return true;
}

/* ---- images, buffers, shared memory, atomics -------------------------- */

static const char *image_coord(struct gv_glsl_ctx *c, unsigned target, const struct gv_tgsi_src *s)
{
   unsigned base = base_target(target);
   const char *p = gv_src(c, s, GV_I);
   if (c->target->es && base == GV_TEX_1D)
      return gv_fmt(c, "ivec2(%s.x, 0)", p);
   if (c->target->es && base == GV_TEX_1D_ARRAY)
      return gv_fmt(c, "ivec3(%s.x, 0, %s.y)", p, p);
   switch (base) {
   case GV_TEX_BUFFER:
   case GV_TEX_1D: return gv_fmt(c, "%s.x", p);
   case GV_TEX_2D:
   case GV_TEX_RECT:
   case GV_TEX_1D_ARRAY: return gv_fmt(c, "%s.xy", p);
   case GV_TEX_2D_MSAA: return gv_fmt(c, "%s.xy, %s.w", p, p);
   case GV_TEX_2D_ARRAY_MSAA: return gv_fmt(c, "%s.xyz, %s.w", p, p);
   default: return gv_fmt(c, "%s.xyz", p);
   }
}

static const char *atomic_fn(unsigned op, bool image)
{
   const char *n;
   switch (op) {
   case GV_OP_ATOMUADD: n = "Add"; break;
   case GV_OP_ATOMXCHG: n = "Exchange"; break;
   case GV_OP_ATOMCAS: n = "CompSwap"; break;
   case GV_OP_ATOMAND: n = "And"; break;
   case GV_OP_ATOMOR: n = "Or"; break;
   case GV_OP_ATOMXOR: n = "Xor"; break;
   case GV_OP_ATOMUMIN:
   case GV_OP_ATOMIMIN: n = "Min"; break;
   case GV_OP_ATOMUMAX:
   case GV_OP_ATOMIMAX: n = "Max"; break;
   default: return NULL;
   }
   return image ? (op == GV_OP_ATOMCAS ? "imageAtomicCompSwap" : n) : n;
}

static bool emit_image(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, unsigned idx,
                       const struct gv_tgsi_decl *d)
{
   unsigned fmt = gv_image_decl_format(c, d, idx);
   enum gv_kind k = gv_image_formats[fmt].kind == GV_IMG_SINT   ? GV_I
                    : gv_image_formats[fmt].kind == GV_IMG_UINT ? GV_U
                                                                 : GV_F;
   const char *img = gv_fmt(c, "%s_img%u", c->prefix, idx);
   unsigned target = in->mem_texture != GV_TEX_COUNT ? in->mem_texture : d->texture;
   switch (in->opcode) {
   case GV_OP_LOAD:
      gv_store(c, in, 0, k, gv_fmt(c, "imageLoad(%s, %s)", img, image_coord(c, target, &in->src[1])));
      return true;
   case GV_OP_STORE:
      gv_line(c, "imageStore(%s, %s, %s);", img, image_coord(c, target, &in->src[0]),
              gv_src(c, &in->src[1], k));
      return true;
   case GV_OP_RESQ: {
      gv_need(c, GV_FEAT_IMAGE_SIZE);
      unsigned base = host_target(c, base_target(target));
      unsigned nd = base == GV_TEX_BUFFER || base == GV_TEX_1D ? 1
                    : base == GV_TEX_2D || base == GV_TEX_RECT || base == GV_TEX_1D_ARRAY ||
                          base == GV_TEX_CUBE || base == GV_TEX_2D_MSAA ? 2 : 3;
      const char *sz = gv_fmt(c, "imageSize(%s)", img);
      const char *v = nd == 1 ? gv_fmt(c, "ivec4(%s, 0, 0, 1)", sz)
                      : nd == 2 ? gv_fmt(c, "ivec4(%s, 0, 1)", sz)
                                : gv_fmt(c, "ivec4(%s, 1)", sz);
      gv_store(c, in, 0, GV_I, v);
      return true;
   }
   default: {
      const char *fn = atomic_fn(in->opcode, true);
      if (!fn)
         return gv_glsl_fail(c, "image atomic %s is not supported", gv_tgsi_opinfo[in->opcode].name);
      gv_need(c, GV_FEAT_IMAGE_ATOMIC);
      if (k == GV_F && in->opcode != GV_OP_ATOMXCHG)
         return gv_glsl_fail(c, "integer atomic on a float image");
      const char *coord = image_coord(c, target, &in->src[1]);
      const char *v = gv_src_scalar(c, &in->src[2], k, 0);
      const char *call = in->opcode == GV_OP_ATOMCAS
                            ? gv_fmt(c, "imageAtomicCompSwap(%s, %s, %s, %s)", img, coord, v,
                                     gv_src_scalar(c, &in->src[3], k, 0))
                            : gv_fmt(c, "imageAtomic%s(%s, %s, %s)", fn, img, coord, v);
      gv_store(c, in, 0, k, gv_fmt(c, "%s(%s)", gv_kind_vec(k), call));
      return true;
   }
   }
}

/* SSBO, atomic-counter buffer or shared memory: an array of uints indexed
 * by byte address / 4, bounds-checked so a hostile address reads 0 and
 * writes nothing. */
static bool emit_words(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, const char *arr,
                       const char *len_expr, const char *iarr)
{
   unsigned op = in->opcode;
   if (op == GV_OP_LOAD) {
      gv_line(c, "{");
      gv_line(c, "   uint base = %s >> 2u;", gv_src_scalar(c, &in->src[1], GV_U, 0));
      gv_line(c, "   uint n = %s;", len_expr);
      gv_line(c, "   uvec4 r = uvec4(0u);");
      for (unsigned ch = 0; ch < 4; ch++) {
         if (in->dst[0].mask & (1u << ch))
            gv_line(c, "   if (base + %uu < n) r.%c = %s[base + %uu];", ch, xyzw[ch], arr, ch);
      }
      c->indent++;
      gv_store(c, in, 0, GV_U, "r");
      c->indent--;
      gv_line(c, "}");
      return true;
   }
   if (op == GV_OP_STORE) {
      gv_line(c, "{");
      gv_line(c, "   uint base = %s >> 2u;", gv_src_scalar(c, &in->src[0], GV_U, 0));
      gv_line(c, "   uint n = %s;", len_expr);
      gv_line(c, "   uvec4 v = %s;", gv_src(c, &in->src[1], GV_U));
      for (unsigned ch = 0; ch < 4; ch++) {
         if (in->dst[0].mask & (1u << ch))
            gv_line(c, "   if (base + %uu < n) %s[base + %uu] = v.%c;", ch, arr, ch, xyzw[ch]);
      }
      gv_line(c, "}");
      return true;
   }
   if (op == GV_OP_RESQ) {
      gv_store(c, in, 0, GV_U, gv_fmt(c, "uvec4(%s * 4u)", len_expr));
      return true;
   }
   const char *fn = atomic_fn(op, false);
   if (!fn)
      return gv_glsl_fail(c, "atomic %s is not supported", gv_tgsi_opinfo[op].name);
   bool sgn = op == GV_OP_ATOMIMIN || op == GV_OP_ATOMIMAX;
   enum gv_kind k = GV_U;
   (void)iarr;
   if (sgn) {
      /* The memory is declared as uint: a compare-and-swap loop gives
       * signed min/max without a second, aliasing declaration. */
      gv_line(c, "{");
      gv_line(c, "   uint i = %s >> 2u;", gv_src_scalar(c, &in->src[1], GV_U, 0));
      gv_line(c, "   int v = %s;", gv_src_scalar(c, &in->src[2], GV_I, 0));
      gv_line(c, "   uint r = 0u;");
      gv_line(c, "   if (i < %s) {", len_expr);
      gv_line(c, "      r = %s[i];", arr);
      gv_line(c, "      for (int k = 0; k < 1000000; k++) {");
      gv_line(c, "         uint nv = uint(%s(int(r), v));", op == GV_OP_ATOMIMIN ? "min" : "max");
      gv_line(c, "         uint prev = atomicCompSwap(%s[i], r, nv);", arr);
      gv_line(c, "         if (prev == r) break;");
      gv_line(c, "         r = prev;");
      gv_line(c, "      }");
      gv_line(c, "   }");
      c->indent++;
      gv_store(c, in, 0, GV_U, "uvec4(r)");
      c->indent--;
      gv_line(c, "}");
      return true;
   }
   gv_line(c, "{");
   gv_line(c, "   uint i = %s >> 2u;", gv_src_scalar(c, &in->src[1], GV_U, 0));
   gv_line(c, "   %s r = %s(0);", gv_kind_scalar(k), gv_kind_scalar(k));
   const char *v = gv_src_scalar(c, &in->src[2], k, 0);
   const char *target = gv_fmt(c, "%s[i]", arr);
   if (op == GV_OP_ATOMCAS)
      gv_line(c, "   if (i < %s) r = atomicCompSwap(%s, %s, %s);", len_expr, target, v,
              gv_src_scalar(c, &in->src[3], k, 0));
   else
      gv_line(c, "   if (i < %s) r = atomic%s(%s, %s);", len_expr, fn, target, v);
   c->indent++;
   gv_store(c, in, 0, k, gv_fmt(c, "%s(r)", gv_kind_vec(k)));
   c->indent--;
   gv_line(c, "}");
   return true;
}

/* Arrays of buffers or images indexed at run time: GLSL ES 3.1 takes only
 * constant indices into them (GL: dynamically uniform ones), so each
 * declared slot gets a case of a switch on the index. An index naming no
 * declared slot does nothing; a load then leaves its destination as it was. */
static bool emit_mem_indirect(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in)
{
   bool store = in->opcode == GV_OP_STORE;
   uint8_t file = store ? in->dst[0].file : in->src[0].file;
   int32_t base = store ? in->dst[0].index : in->src[0].index;
   uint8_t ind_file = store ? in->dst[0].ind_file : in->src[0].ind_file;
   int32_t ind_index = store ? in->dst[0].ind_index : in->src[0].ind_index;
   uint8_t ind_swz = store ? in->dst[0].ind_swz : in->src[0].ind_swz;
   const char *a;
   if (ind_file == GV_FILE_ADDR) {
      a = gv_fmt(c, "a%d.%c", ind_index, "xyzw"[ind_swz & 3]);
   } else {
      struct gv_tgsi_src s = { .file = ind_file, .index = ind_index,
                               .swz = { ind_swz, ind_swz, ind_swz, ind_swz } };
      a = gv_src_scalar(c, &s, GV_I, 0);
   }
   gv_line(c, "switch (%s + %d) {", a, base);
   for (uint32_t k = 0; k < GV_TGSI_MAX_ARRAYS; k++) {
      if (file == GV_FILE_BUFFER ? !c->buffers[k] : !c->images[k])
         continue;
      struct gv_tgsi_insn one = *in;
      if (store) {
         one.dst[0].index = (int32_t)k;
         one.dst[0].indirect = false;
      } else {
         one.src[0].index = (int32_t)k;
         one.src[0].indirect = false;
      }
      gv_line(c, "case %u: {", k);
      c->indent++;
      bool ok = gv_emit_mem(c, &one);
      c->indent--;
      gv_line(c, "} break;");
      if (!ok)
         return false;
   }
   gv_line(c, "default: break;");
   gv_line(c, "}");
   return true;
}

bool gv_emit_mem(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in)
{
   /* The resource is dst[0] for STORE, src[0] otherwise. */
   uint8_t file;
   int32_t index;
   bool has_dim;
   int32_t dim;
   bool indirect;
   if (in->opcode == GV_OP_STORE) {
      file = in->dst[0].file, index = in->dst[0].index, indirect = in->dst[0].indirect;
      has_dim = in->dst[0].has_dim, dim = in->dst[0].dim;
   } else {
      file = in->src[0].file, index = in->src[0].index, indirect = in->src[0].indirect;
      has_dim = in->src[0].has_dim, dim = in->src[0].dim;
   }
   if (indirect && (file == GV_FILE_BUFFER || file == GV_FILE_IMAGE))
      return emit_mem_indirect(c, in);
   if (indirect && file != GV_FILE_HWATOMIC)
      return gv_glsl_fail(c, "indirect %s access is not supported yet", gv_tgsi_file_names[file]);
   if ((uint32_t)index >= GV_TGSI_MAX_ARRAYS)
      return gv_glsl_fail(c, "%s[%d] out of range", gv_tgsi_file_names[file], index);
   switch (file) {
   case GV_FILE_IMAGE: {
      const struct gv_tgsi_decl *d = c->images[index];
      if (!d)
         return gv_glsl_fail(c, "IMAGE[%d] is not declared", index);
      return emit_image(c, in, (unsigned)index, d);
   }
   case GV_FILE_BUFFER: {
      if (!c->buffers[index])
         return gv_glsl_fail(c, "BUFFER[%d] is not declared", index);
      const char *arr = gv_fmt(c, "%s_ssbo%d.d", c->prefix, index);
      return emit_words(c, in, arr, gv_fmt(c, "uint(%s.length())", arr), NULL);
   }
   case GV_FILE_HWATOMIC: {
      uint32_t b = has_dim ? (uint32_t)dim : 0;
      if (b >= GV_TGSI_MAX_ARRAYS || !c->atomic_bufs[b])
         return gv_glsl_fail(c, "HWATOMIC[%u] is not declared", b);
      gv_need(c, GV_FEAT_ATOMIC_COUNTERS);
      const char *arr = gv_fmt(c, "%s_abo%u.d", c->prefix, b);
      return emit_words(c, in, arr, gv_fmt(c, "uint(%s.length())", arr), NULL);
   }
   case GV_FILE_MEMORY:
      if (!c->shared_mem)
         return gv_glsl_fail(c, "MEMORY[%d] is not declared", index);
      return emit_words(c, in, "shm", "uint(shm.length())", NULL);
   default:
      return gv_glsl_fail(c, "memory instruction on register file %s", gv_tgsi_file_names[file]);
   }
}
