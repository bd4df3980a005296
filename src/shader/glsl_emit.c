/* GLSL emitter: analysis of the parsed shader, declarations, register
 * access, the stage interface (inputs, outputs, system values) and the
 * driver loop. Instructions live in glsl_alu.c and glsl_tex.c.
 *
 * Storage model: TGSI registers are untyped 32-bit x4. Temporaries and
 * outputs are GLSL vec4 locals holding the bits (integer values go through
 * floatBitsToInt/intBitsToFloat, which are exact); constants and
 * immediates are uvec4. Outputs are copied to the real output variables at
 * END/RET/EMIT ("flush"), except in tessellation control shaders, whose
 * outputs are shared between invocations and are written in place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shader/glsl_priv.h"

/* ---- buffers, messages, arena ---------------------------------------- */

void gv_sb_vprintf(struct gv_strbuf *sb, const char *fmt, va_list ap)
{
   if (sb->overflow)
      return;
   va_list ap2;
   va_copy(ap2, ap);
   int n = vsnprintf(NULL, 0, fmt, ap2);
   va_end(ap2);
   if (n < 0 || sb->len + (size_t)n + 1 > GV_GLSL_MAX_OUTPUT) {
      sb->overflow = true;
      return;
   }
   if (sb->len + (size_t)n + 1 > sb->cap) {
      size_t cap = sb->cap ? sb->cap : 4096;
      while (cap < sb->len + (size_t)n + 1)
         cap *= 2;
      char *d = realloc(sb->data, cap);
      if (!d) {
         sb->overflow = true;
         return;
      }
      sb->data = d;
      sb->cap = cap;
   }
   vsnprintf(sb->data + sb->len, sb->cap - sb->len, fmt, ap);
   sb->len += (size_t)n;
}

void gv_sb_printf(struct gv_strbuf *sb, const char *fmt, ...)
{
   va_list ap;
   va_start(ap, fmt);
   gv_sb_vprintf(sb, fmt, ap);
   va_end(ap);
}

void gv_sb_free(struct gv_strbuf *sb)
{
   free(sb->data);
   memset(sb, 0, sizeof(*sb));
}

bool gv_glsl_fail(struct gv_glsl_ctx *c, const char *fmt, ...)
{
   if (c->failed)
      return false;
   c->failed = true;
   va_list ap;
   va_start(ap, fmt);
   if (c->err_size)
      vsnprintf(c->err, c->err_size, fmt, ap);
   va_end(ap);
   return false;
}

void gv_glsl_warn(struct gv_glsl_ctx *c, const char *fmt, ...)
{
   size_t n = strlen(c->warnings);
   if (n + 3 >= sizeof(c->warnings))
      return;
   if (n)
      c->warnings[n++] = ';', c->warnings[n++] = ' ', c->warnings[n] = 0;
   va_list ap;
   va_start(ap, fmt);
   vsnprintf(c->warnings + n, sizeof(c->warnings) - n, fmt, ap);
   va_end(ap);
}

const char *gv_fmt(struct gv_glsl_ctx *c, const char *fmt, ...)
{
   va_list ap;
   va_start(ap, fmt);
   char *s = NULL;
   if (vasprintf(&s, fmt, ap) < 0)
      s = NULL;
   va_end(ap);
   if (!s) {
      gv_glsl_fail(c, "out of memory");
      return "0";
   }
   if (c->num_strs == c->cap_strs) {
      size_t cap = c->cap_strs ? c->cap_strs * 2 : 256;
      char **n = realloc(c->strs, cap * sizeof(*n));
      if (!n) {
         free(s);
         gv_glsl_fail(c, "out of memory");
         return "0";
      }
      c->strs = n;
      c->cap_strs = cap;
   }
   c->strs[c->num_strs++] = s;
   return s;
}

void gv_line(struct gv_glsl_ctx *c, const char *fmt, ...)
{
   for (int i = 0; i < c->indent + 1; i++)
      gv_sb_printf(&c->body, "   ");
   va_list ap;
   va_start(ap, fmt);
   gv_sb_vprintf(&c->body, fmt, ap);
   va_end(ap);
   gv_sb_printf(&c->body, "\n");
}

/* ---- kinds ----------------------------------------------------------- */

const char *gv_kind_vec(enum gv_kind k)
{
   return k == GV_F ? "vec4" : k == GV_I ? "ivec4" : "uvec4";
}

const char *gv_kind_scalar(enum gv_kind k)
{
   return k == GV_F ? "float" : k == GV_I ? "int" : "uint";
}

const char *gv_convert(struct gv_glsl_ctx *c, const char *e, enum gv_kind from, enum gv_kind to,
                       bool scalar)
{
   if (from == to)
      return e;
   if (from == GV_F)
      return gv_fmt(c, "%s(%s)", to == GV_I ? "floatBitsToInt" : "floatBitsToUint", e);
   if (to == GV_F)
      return gv_fmt(c, "%s(%s)", from == GV_I ? "intBitsToFloat" : "uintBitsToFloat", e);
   if (scalar)
      return gv_fmt(c, "%s(%s)", to == GV_I ? "int" : "uint", e);
   return gv_fmt(c, "%s(%s)", to == GV_I ? "ivec4" : "uvec4", e);
}

static const char swz_chars[] = "xyzw";

/* ---- stage interface ------------------------------------------------- */

static const char *sem_name(unsigned sem)
{
   return sem < GV_SEM_COUNT ? gv_tgsi_semantic_names[sem] : "(none)";
}

static const char *stage_prefix(unsigned stage)
{
   static const char *p[] = { "vs", "tcs", "tes", "gs", "fs", "cs" };
   return stage < GV_TGSI_STAGE_COUNT ? p[stage] : "xx";
}

static unsigned prev_stage(const struct gv_glsl_ctx *c)
{
   unsigned st = c->sh->stage;
   if (c->key->prev_stage < GV_TGSI_STAGE_COUNT && c->key->prev_stage < st)
      return c->key->prev_stage;
   return st == GV_TGSI_TESS_EVAL ? GV_TGSI_TESS_CTRL : GV_TGSI_VERTEX;
}

static bool per_vertex_in(const struct gv_glsl_ctx *c, const struct gv_tgsi_decl *d)
{
   unsigned st = c->sh->stage;
   if (st == GV_TGSI_GEOMETRY)
      return d->semantic != GV_SEM_PRIMID;
   if (st == GV_TGSI_TESS_CTRL || st == GV_TGSI_TESS_EVAL)
      return d->semantic != GV_SEM_PATCH && d->semantic != GV_SEM_TESSOUTER &&
             d->semantic != GV_SEM_TESSINNER && d->semantic != GV_SEM_PRIMID;
   return false;
}

static bool per_vertex_out(const struct gv_glsl_ctx *c, const struct gv_tgsi_decl *d)
{
   return c->sh->stage == GV_TGSI_TESS_CTRL && d->semantic != GV_SEM_PATCH &&
          d->semantic != GV_SEM_TESSOUTER && d->semantic != GV_SEM_TESSINNER;
}

/* Name of a user varying (GENERIC, COLOR, ...) as the producing stage
 * declares it, or NULL for built-ins. */
static const char *varying_name(struct gv_glsl_ctx *c, unsigned producer, unsigned sem,
                                unsigned index)
{
   const char *p = stage_prefix(producer);
   switch (sem) {
   case GV_SEM_GENERIC: return gv_fmt(c, "%s_g%u", p, index);
   case GV_SEM_TEXCOORD: return gv_fmt(c, "%s_t%u", p, index);
   case GV_SEM_COLOR: return gv_fmt(c, "%s_c%u", p, index);
   case GV_SEM_BCOLOR: return gv_fmt(c, "%s_bc%u", p, index);
   case GV_SEM_FOG: return gv_fmt(c, "%s_fog%u", p, index);
   case GV_SEM_PATCH: return gv_fmt(c, "%s_p%u", p, index);
   case GV_SEM_NORMAL: return gv_fmt(c, "%s_n%u", p, index);
   case GV_SEM_CLIPVERTEX: return gv_fmt(c, "%s_cv%u", p, index);
   /* Read only by the polygon-mode GS (gv_tgsi_unfilled_gs). */
   case GV_SEM_EDGEFLAG: return gv_fmt(c, "%s_ef", p);
   default: return NULL;
   }
}

static uint32_t decl_sem_index(const struct gv_tgsi_decl *d, int32_t reg)
{
   return d->sem_index + (uint32_t)(reg - d->first);
}

/* A fragment shader colour input that takes the back colour on back faces. */
static bool two_sided(const struct gv_glsl_ctx *c, const struct gv_tgsi_decl *d, uint32_t si)
{
   return c->key->twoside && c->sh->stage == GV_TGSI_FRAGMENT && d->semantic == GV_SEM_COLOR &&
          si < 2;
}

/* A replaced texture coordinate of a point sprite. GL's gl_PointCoord has
 * its origin at the top in GL's window orientation, which here is
 * Gallium's own (see flip_y): Gallium's top is GL's bottom. */
static const char *sprite_coord(const struct gv_glsl_ctx *c)
{
   return c->key->sprite_lower_left ? "vec4(gl_PointCoord, 0.0, 1.0)"
                                    : "vec4(gl_PointCoord.x, 1.0 - gl_PointCoord.y, 0.0, 1.0)";
}

/* Value of input register reg (a vec4 expression of *kind). vtx is the
 * vertex index expression for per-vertex inputs, else NULL. */

/* FS_COORD_PIXEL_CENTER INTEGER (ARB_fragment_coord_conventions'
 * pixel_center_integer): window positions without the half. Subtracted
 * rather than declared with a layout qualifier, which GLSL ES lacks. */
static const char *frag_coord(const struct gv_glsl_ctx *c)
{
   if (c->sh->prop[GV_PROP_FS_COORD_PIXEL_CENTER] == 1)
      return "(gl_FragCoord - vec4(0.5, 0.5, 0.0, 0.0))";
   return "gl_FragCoord";
}

static const char *input_value(struct gv_glsl_ctx *c, int32_t reg, const char *vtx,
                               enum gv_kind *kind)
{
   const struct gv_tgsi_decl *d = (uint32_t)reg < c->num_in ? c->in_decl[reg] : NULL;
   unsigned st = c->sh->stage;
   *kind = GV_F;
   if (!d) {
      gv_glsl_fail(c, "IN[%d] is not declared", reg);
      return "vec4(0.0)";
   }
   uint32_t si = decl_sem_index(d, reg);
   if (st == GV_TGSI_VERTEX) {
      *kind = (c->key->attr_int_mask >> (reg & 31)) & 1   ? GV_I
              : (c->key->attr_uint_mask >> (reg & 31)) & 1 ? GV_U
                                                           : GV_F;
      return gv_fmt(c, "vs_in%d", reg);
   }
   if (per_vertex_in(c, d) && !vtx) {
      gv_glsl_fail(c, "per-vertex input IN[%d] read without a vertex index", reg);
      return "vec4(0.0)";
   }
   const char *gl_in = vtx ? gv_fmt(c, "gl_in[%s]", vtx) : NULL;
   switch (d->semantic) {
   case GV_SEM_POSITION:
      if (st == GV_TGSI_FRAGMENT)
         return frag_coord(c);
      return gv_fmt(c, "%s.gl_Position", gl_in);
   case GV_SEM_PSIZE:
      if (st != GV_TGSI_FRAGMENT) {
         gv_need(c, st == GV_TGSI_GEOMETRY ? GV_FEAT_POINT_SIZE_GS : GV_FEAT_POINT_SIZE_TESS);
         return gv_fmt(c, "vec4(%s.gl_PointSize, 0.0, 0.0, 1.0)", gl_in);
      }
      break;
   case GV_SEM_FACE:
      return "vec4(gl_FrontFacing ? 1.0 : -1.0, 0.0, 0.0, 1.0)";
   case GV_SEM_PCOORD:
      return sprite_coord(c);
   case GV_SEM_TEXCOORD:
      if (st == GV_TGSI_FRAGMENT && si < 8 && (c->key->sprite_coord >> si & 1))
         return sprite_coord(c);
      break;
   case GV_SEM_PRIMID:
      *kind = GV_I;
      if (st == GV_TGSI_FRAGMENT)
         gv_need(c, GV_FEAT_PRIMITIVE_ID_FS);
      return st == GV_TGSI_GEOMETRY ? "ivec4(gl_PrimitiveIDIn, 0, 0, 0)"
                                    : "ivec4(gl_PrimitiveID, 0, 0, 0)";
   case GV_SEM_LAYER:
      *kind = GV_I;
      gv_need(c, GV_FEAT_LAYER_FS);
      return "ivec4(gl_Layer, 0, 0, 0)";
   case GV_SEM_VIEWPORT_INDEX:
      *kind = GV_I;
      gv_need(c, GV_FEAT_VIEWPORT_INDEX);
      gv_need(c, GV_FEAT_LAYER_FS);
      return "ivec4(gl_ViewportIndex, 0, 0, 0)";
   case GV_SEM_CLIPDIST: {
      gv_need(c, GV_FEAT_CLIP_DISTANCE);
      const char *base = gl_in ? gv_fmt(c, "%s.gl_ClipDistance", gl_in) : "gl_ClipDistance";
      unsigned b = si * 4;
      c->num_clip = c->num_clip > b + 4 ? c->num_clip : b + 4;
      return gv_fmt(c, "vec4(%s[%u], %s[%u], %s[%u], %s[%u])", base, b, base, b + 1, base, b + 2,
                    base, b + 3);
   }
   case GV_SEM_TESSOUTER:
      return "vec4(gl_TessLevelOuter[0], gl_TessLevelOuter[1], gl_TessLevelOuter[2], "
             "gl_TessLevelOuter[3])";
   case GV_SEM_TESSINNER:
      return "vec4(gl_TessLevelInner[0], gl_TessLevelInner[1], 0.0, 0.0)";
   case GV_SEM_SAMPLEMASK:
      *kind = GV_I;
      gv_need(c, GV_FEAT_SAMPLE_SHADING);
      return "ivec4(gl_SampleMaskIn[0], 0, 0, 0)";
   default:
      break;
   }
   const char *name = varying_name(c, prev_stage(c), d->semantic, si);
   if (!name) {
      gv_glsl_fail(c, "input semantic %s is not supported in %s shaders",
                   sem_name(d->semantic), gv_tgsi_stage_name(c->sh->stage));
      return "vec4(0.0)";
   }
   if (d->semantic == GV_SEM_PATCH && st == GV_TGSI_TESS_EVAL)
      return name;
   if (two_sided(c, d, si))
      return gv_fmt(c, "(gl_FrontFacing ? %s : %s)", name,
                    varying_name(c, prev_stage(c), GV_SEM_BCOLOR, si));
   return vtx ? gv_fmt(c, "%s[%s]", name, vtx) : name;
}

static const char *sysval_value(struct gv_glsl_ctx *c, int32_t reg, enum gv_kind *kind)
{
   const struct gv_tgsi_decl *d = (uint32_t)reg < c->num_sv ? c->sv_decl[reg] : NULL;
   unsigned st = c->sh->stage;
   *kind = GV_I;
   if (!d) {
      gv_glsl_fail(c, "SV[%d] is not declared", reg);
      return "ivec4(0)";
   }
   switch (d->semantic) {
   case GV_SEM_INSTANCEID: return "ivec4(gl_InstanceID, 0, 0, 0)";
   case GV_SEM_VERTEXID: return "ivec4(gl_VertexID, 0, 0, 0)";
   case GV_SEM_VERTEXID_NOBASE:
      gv_need(c, GV_FEAT_DRAW_PARAMETERS);
      return c->target->es || c->target->version < 460
                ? "ivec4(gl_VertexID - gl_BaseVertexARB, 0, 0, 0)"
                : "ivec4(gl_VertexID - gl_BaseVertex, 0, 0, 0)";
   case GV_SEM_BASEVERTEX:
   case GV_SEM_BASEINSTANCE:
   case GV_SEM_DRAWID: {
      gv_need(c, GV_FEAT_DRAW_PARAMETERS);
      const char *n = d->semantic == GV_SEM_BASEVERTEX     ? "gl_BaseVertex"
                      : d->semantic == GV_SEM_BASEINSTANCE ? "gl_BaseInstance"
                                                           : "gl_DrawID";
      bool arb = c->target->es || c->target->version < 460;
      return gv_fmt(c, "ivec4(%s%s, 0, 0, 0)", n, arb ? "ARB" : "");
   }
   case GV_SEM_INVOCATIONID:
      if (st == GV_TGSI_GEOMETRY)
         gv_need(c, GV_FEAT_GS_INVOCATIONS);
      return "ivec4(gl_InvocationID, 0, 0, 0)";
   case GV_SEM_PRIMID:
      if (st == GV_TGSI_FRAGMENT)
         gv_need(c, GV_FEAT_PRIMITIVE_ID_FS);
      return st == GV_TGSI_GEOMETRY ? "ivec4(gl_PrimitiveIDIn, 0, 0, 0)"
                                    : "ivec4(gl_PrimitiveID, 0, 0, 0)";
   case GV_SEM_SAMPLEID:
      gv_need(c, GV_FEAT_SAMPLE_SHADING);
      return "ivec4(gl_SampleID, 0, 0, 0)";
   case GV_SEM_SAMPLEPOS:
      gv_need(c, GV_FEAT_SAMPLE_SHADING);
      *kind = GV_F;
      return "vec4(gl_SamplePosition, 0.0, 0.0)";
   case GV_SEM_SAMPLEMASK:
      gv_need(c, GV_FEAT_SAMPLE_SHADING);
      return "ivec4(gl_SampleMaskIn[0], 0, 0, 0)";
   case GV_SEM_TESSCOORD:
      *kind = GV_F;
      return "vec4(gl_TessCoord, 0.0)";
   case GV_SEM_VERTICESIN: return "ivec4(gl_PatchVerticesIn, 0, 0, 0)";
   case GV_SEM_TESSOUTER:
      *kind = GV_F;
      return "vec4(gl_TessLevelOuter[0], gl_TessLevelOuter[1], gl_TessLevelOuter[2], "
             "gl_TessLevelOuter[3])";
   case GV_SEM_TESSINNER:
      *kind = GV_F;
      return "vec4(gl_TessLevelInner[0], gl_TessLevelInner[1], 0.0, 0.0)";
   case GV_SEM_THREAD_ID:
      *kind = GV_U;
      return "uvec4(gl_LocalInvocationID, 0u)";
   case GV_SEM_BLOCK_ID:
      *kind = GV_U;
      return "uvec4(gl_WorkGroupID, 0u)";
   case GV_SEM_BLOCK_SIZE:
      *kind = GV_U;
      return "uvec4(gl_WorkGroupSize, 0u)";
   case GV_SEM_GRID_SIZE:
      *kind = GV_U;
      return "uvec4(gl_NumWorkGroups, 0u)";
   case GV_SEM_HELPER_INVOCATION:
      gv_need(c, GV_FEAT_HELPER_INVOCATION);
      return "ivec4(gl_HelperInvocation ? -1 : 0, 0, 0, 0)";
   case GV_SEM_FACE:
      return "ivec4(gl_FrontFacing ? -1 : 0, 0, 0, 0)";
   case GV_SEM_POSITION:
      *kind = GV_F;
      return frag_coord(c);
   case GV_SEM_LAYER:
      gv_need(c, GV_FEAT_LAYER_FS);
      return "ivec4(gl_Layer, 0, 0, 0)";
   default:
      gv_glsl_fail(c, "system value %s is not supported", sem_name(d->semantic));
      return "ivec4(0)";
   }
}

/* The variable one component of output register reg lands in, or NULL
 * when the component has no destination. vtx: per-vertex index (TCS). */
static const char *output_lvalue(struct gv_glsl_ctx *c, int32_t reg, unsigned comp,
                                 const char *vtx, enum gv_kind *kind)
{
   const struct gv_tgsi_decl *d = (uint32_t)reg < c->num_out ? c->out_decl[reg] : NULL;
   unsigned st = c->sh->stage;
   *kind = GV_F;
   if (!d)
      return NULL;
   uint32_t si = decl_sem_index(d, reg);
   const char *gl_out = vtx ? gv_fmt(c, "gl_out[%s]", vtx) : NULL;
   const char *pre = gl_out ? gv_fmt(c, "%s.", gl_out) : "";
   if (st == GV_TGSI_FRAGMENT) {
      switch (d->semantic) {
      case GV_SEM_COLOR: {
         *kind = (c->key->cbuf_int_mask >> (si & 31)) & 1   ? GV_I
                 : (c->key->cbuf_uint_mask >> (si & 31)) & 1 ? GV_U
                                                             : GV_F;
         return gv_fmt(c, "fs_out%u.%c", si, swz_chars[comp]);
      }
      case GV_SEM_POSITION:
         return comp == 2 ? "gl_FragDepth" : NULL;
      case GV_SEM_STENCIL:
         *kind = GV_I;
         gv_need(c, GV_FEAT_STENCIL_EXPORT);
         return comp == 1 ? "gl_FragStencilRefARB" : NULL;
      case GV_SEM_SAMPLEMASK:
         *kind = GV_I;
         gv_need(c, GV_FEAT_SAMPLE_SHADING);
         return comp == 0 ? "gl_SampleMask[0]" : NULL;
      default:
         gv_glsl_fail(c, "fragment output semantic %s is not supported",
                      sem_name(d->semantic));
         return NULL;
      }
   }
   switch (d->semantic) {
   case GV_SEM_POSITION:
      return gv_fmt(c, "%sgl_Position.%c", pre, swz_chars[comp]);
   case GV_SEM_PSIZE:
      if (st == GV_TGSI_GEOMETRY)
         gv_need(c, GV_FEAT_POINT_SIZE_GS);
      else if (st != GV_TGSI_VERTEX)
         gv_need(c, GV_FEAT_POINT_SIZE_TESS);
      return comp == 0 ? gv_fmt(c, "%sgl_PointSize", pre) : NULL;
   case GV_SEM_CLIPDIST: {
      unsigned l = si * 4 + comp;
      c->writes_clipdist = true;
      gv_need(c, GV_FEAT_CLIP_DISTANCE);
      if (l < c->num_clip)
         return gv_fmt(c, "%sgl_ClipDistance[%u]", pre, l);
      if (l < c->num_clip + c->num_cull) {
         gv_need(c, GV_FEAT_CULL_DISTANCE);
         return gv_fmt(c, "%sgl_CullDistance[%u]", pre, l - c->num_clip);
      }
      return NULL;
   }
   case GV_SEM_LAYER:
      *kind = GV_I;
      if (st != GV_TGSI_GEOMETRY)
         gv_need(c, GV_FEAT_LAYER_VS);
      else if (c->target->es)
         gv_need(c, GV_FEAT_GEOMETRY);
      return comp == 0 ? "gl_Layer" : NULL;
   case GV_SEM_VIEWPORT_INDEX:
      *kind = GV_I;
      gv_need(c, GV_FEAT_VIEWPORT_INDEX);
      if (st != GV_TGSI_GEOMETRY)
         gv_need(c, GV_FEAT_LAYER_VS);
      return comp == 0 ? "gl_ViewportIndex" : NULL;
   case GV_SEM_TESSOUTER:
      return gv_fmt(c, "gl_TessLevelOuter[%u]", comp);
   case GV_SEM_TESSINNER:
      return comp < 2 ? gv_fmt(c, "gl_TessLevelInner[%u]", comp) : NULL;
   case GV_SEM_PRIMID:
      *kind = GV_I;
      return comp == 0 ? "gl_PrimitiveID" : NULL;
   case GV_SEM_VIEWPORT_MASK:
      return NULL;
   default: {
      const char *name = varying_name(c, st, d->semantic, si);
      if (!name) {
         gv_glsl_fail(c, "output semantic %s is not supported in %s shaders",
                      sem_name(d->semantic), gv_tgsi_stage_name(st));
         return NULL;
      }
      if (vtx && d->semantic != GV_SEM_PATCH)
         return gv_fmt(c, "%s[%s].%c", name, vtx, swz_chars[comp]);
      return gv_fmt(c, "%s.%c", name, swz_chars[comp]);
   }
   }
}

/* Varyings the next stage reads and this one does not write. */
struct missing_out {
   uint8_t sem;
   uint8_t index;
};

static unsigned missing_outputs(struct gv_glsl_ctx *c, struct missing_out *out, unsigned max)
{
   const struct gv_shader_key *k = c->key;
   struct { uint8_t sem; uint64_t mask; } want[] = {
      { GV_SEM_GENERIC, k->next_generic }, { GV_SEM_PATCH, k->next_patch },
      { GV_SEM_COLOR, k->next_color },     { GV_SEM_BCOLOR, k->next_bcolor },
      { GV_SEM_TEXCOORD, k->next_texcoord }, { GV_SEM_FOG, k->next_fog },
   };
   unsigned n = 0;
   if (c->sh->stage == GV_TGSI_FRAGMENT || c->sh->stage == GV_TGSI_COMPUTE)
      return 0;
   for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
      for (unsigned i = 0; i < 64; i++) {
         if (!(want[w].mask >> i & 1))
            continue;
         bool have = false;
         for (uint32_t r = 0; r < c->num_out && !have; r++) {
            const struct gv_tgsi_decl *d = c->out_decl[r];
            have = d && d->semantic == want[w].sem && decl_sem_index(d, (int32_t)r) == i;
         }
         if (!have && n < max)
            out[n++] = (struct missing_out){ want[w].sem, (uint8_t)i };
      }
   }
   return n;
}

static void write_missing_outputs(struct gv_glsl_ctx *c)
{
   struct missing_out m[64];
   unsigned n = missing_outputs(c, m, 64);
   for (unsigned i = 0; i < n; i++) {
      const char *name = varying_name(c, c->sh->stage, m[i].sem, m[i].index);
      if (c->sh->stage == GV_TGSI_TESS_CTRL && m[i].sem != GV_SEM_PATCH)
         gv_line(c, "%s[gl_InvocationID] = vec4(0.0);", name);
      else
         gv_line(c, "%s = vec4(0.0);", name);
   }
}

static int find_output(struct gv_glsl_ctx *c, unsigned sem)
{
   for (uint32_t r = 0; r < c->num_out; r++) {
      if (c->out_decl[r] && c->out_decl[r]->semantic == sem)
         return (int)r;
   }
   return -1;
}

/* The type of colour buffer `loc`: the FS output declared for it and the
 * copies of COLOR0 (FS_COLOR0_WRITES_ALL_CBUFS) must match it. */
static enum gv_kind cbuf_kind(const struct gv_glsl_ctx *c, unsigned loc)
{
   if ((c->key->cbuf_int_mask >> (loc & 31)) & 1)
      return GV_I;
   return (c->key->cbuf_uint_mask >> (loc & 31)) & 1 ? GV_U : GV_F;
}

static bool fixed_point_size(struct gv_glsl_ctx *c)
{
   if (!c->key->point_size)
      return false;
   /* The polygon-mode GS drawing vertices as points. */
   if (c->sh->stage == GV_TGSI_GEOMETRY) {
      gv_need(c, GV_FEAT_POINT_SIZE_GS);
      return true;
   }
   return c->sh->stage == GV_TGSI_VERTEX;
}

/* User clip planes applied here when the shader writes no distances. */
static bool user_clip_planes(struct gv_glsl_ctx *c)
{
   return c->key->clip_planes && c->sh->stage != GV_TGSI_FRAGMENT &&
          c->sh->stage != GV_TGSI_TESS_CTRL && c->sh->stage != GV_TGSI_COMPUTE &&
          find_output(c, GV_SEM_CLIPDIST) < 0;
}

/* Stream outputs apply to the stages that feed the rasterizer; entries
 * outside the declared outputs or components are refused by the caller
 * (gv_glsl_translate checks them). */
static unsigned stream_outputs(const struct gv_glsl_ctx *c)
{
   enum gv_tgsi_stage st = c->sh->stage;
   if (st != GV_TGSI_VERTEX && st != GV_TGSI_TESS_EVAL && st != GV_TGSI_GEOMETRY)
      return 0;
   return c->key->so_count;
}

/* The guest names stream outputs by register and components: they must
 * exist in this shader. */
static bool stream_outputs_valid(struct gv_glsl_ctx *c)
{
   if (c->key->so_count > GV_GLSL_MAX_SO)
      return gv_glsl_fail(c, "%u stream outputs (at most %u)", c->key->so_count, GV_GLSL_MAX_SO);
   for (unsigned i = 0; i < stream_outputs(c); i++) {
      unsigned reg = c->key->so[i].reg, start = c->key->so[i].start, n = c->key->so[i].count;
      if (reg >= c->num_out || !c->out_decl[reg] || n < 1 || start + n > 4)
         return gv_glsl_fail(c, "stream output %u names OUT[%u] components %u..%u, which this "
                             "shader does not declare", i, reg, start, start + n - 1);
      if (c->key->so[i].stream > 3 || (c->key->so[i].stream && c->sh->stage != GV_TGSI_GEOMETRY))
         return gv_glsl_fail(c, "stream output %u goes to vertex stream %u, which only geometry "
                             "shaders have (0..3)", i, c->key->so[i].stream);
   }
   return true;
}

/* The alpha test and polygon stipple of the guest's fixed-function
 * pipeline, which neither host API has: fragments they reject are
 * discarded before any output is written. */
static void fixed_function_tests(struct gv_glsl_ctx *c)
{
   if (c->key->poly_stipple)
      gv_line(c, "if (((gv_stipple[int(gl_FragCoord.y) & 31] >> uint(31 - (int(gl_FragCoord.x) & 31))) "
                 "& 1u) == 0u) discard;");
   int color = -1;
   for (uint32_t r = 0; r < c->num_out && color < 0; r++) {
      const struct gv_tgsi_decl *d = c->out_decl[r];
      if (d && d->semantic == GV_SEM_COLOR && decl_sem_index(d, (int32_t)r) == 0)
         color = (int)r;
   }
   if (!c->key->alpha_func || color < 0)
      return;
   /* PIPE_FUNC_* order; the test passes when the comparison holds. */
   static const char *const ops[8] = { NULL, "<", "==", "<=", ">", "!=", ">=", NULL };
   unsigned f = (c->key->alpha_func - 1u) & 7u;
   if (f == 0)
      gv_line(c, "discard;");
   else if (ops[f])
      gv_line(c, "if (!(o[%d].a %s gv_alpha_ref)) discard;", color, ops[f]);
}

/* PIPE_FUNC_* + 1 as a GLSL comparison of a against b (0 = no test). */
static const char *compare_expr(struct gv_glsl_ctx *c, uint8_t func, const char *a, const char *b)
{
   static const char *const ops[8] = { NULL, "<", "==", "<=", ">", "!=", ">=", NULL };
   if (!func || func == 8)
      return "true";
   if (func == 1)
      return "false";
   return gv_fmt(c, "(%s %s %s)", a, ops[func - 1], b);
}

/* The depth test the host runs after this shader. A unorm buffer stores
 * the depth rounded to its bits, and the fetch returns that times 1/max as
 * a float, which above 0.5 cannot tell 24-bit neighbours apart from the
 * integers: so the incoming depth goes the same way (rounded, converted
 * back) and both compare as floats; the conversion is injective and
 * monotonic, so the comparison is the integer one. */
static const char *occlusion_depth_test(struct gv_glsl_ctx *c)
{
   const struct gv_occlusion_key *o = &c->key->occlusion;
   if (!o->depth_func)
      return "true";
   int pos = find_output(c, GV_SEM_POSITION);
   const char *z = gv_fmt(c, "clamp(%s, 0.0, 1.0)",
                          pos >= 0 ? gv_fmt(c, "o[%d].z", pos) : "gl_FragCoord.z");
   gv_need(c, GV_FEAT_FB_FETCH_DEPTH_STENCIL);
   if (o->depth_bits && o->depth_bits <= 24) {
      double max = (double)((1u << o->depth_bits) - 1u);
      z = gv_fmt(c, "(float(uint(roundEven(%s * %.1f))) * %.9g)", z, max, (double)(float)(1.0 / max));
   }
   return compare_expr(c, o->depth_func, z, "gl_LastFragDepthARM");
}

/* The stencil test of the face (points and lines are front facing). */
static const char *occlusion_stencil_test(struct gv_glsl_ctx *c)
{
   const uint8_t *f = c->key->occlusion.stencil_func;
   if (!f[0] && !f[1])
      return "true";
   gv_need(c, GV_FEAT_FB_FETCH_DEPTH_STENCIL);
   const char *side[2];
   for (int i = 0; i < 2; i++) {
      const char *mask = i ? "gv_occl_stencil.w" : "gv_occl_stencil.y";
      const char *ref = gv_fmt(c, "(%s & %s)", i ? "gv_occl_stencil.z" : "gv_occl_stencil.x", mask);
      const char *val = gv_fmt(c, "(uint(gl_LastFragStencilARM) & %s)", mask);
      side[i] = compare_expr(c, f[i], ref, val);
   }
   return gv_fmt(c, "(gl_FrontFacing ? %s : %s)", side[0], side[1]);
}

/* Last thing a surviving fragment does: counts itself (or its covered
 * samples) if the depth and stencil tests will pass. With early fragment
 * tests they already have, and the buffers hold this fragment's values. */
static void occlusion_count(struct gv_glsl_ctx *c)
{
   const struct gv_occlusion_key *o = &c->key->occlusion;
   if (!o->on)
      return;
   gv_need(c, GV_FEAT_ATOMIC_COUNTERS);
   const char *test = "true";
   if (!c->sh->prop[GV_PROP_FS_EARLY_DEPTH_STENCIL]) {
      const char *s = occlusion_stencil_test(c), *z = occlusion_depth_test(c);
      test = !strcmp(s, "true") ? z : !strcmp(z, "true") ? s : gv_fmt(c, "%s && %s", s, z);
   }
   if (o->multisample) {
      gv_need(c, GV_FEAT_SAMPLE_SHADING);
      gv_line(c, "if (%s)", test);
      gv_line(c, "   for (int gv_i = bitCount(gl_SampleMaskIn[0]); gv_i > 0; gv_i--) "
                 "atomicCounterIncrement(gv_samples);");
   } else {
      gv_line(c, "if (%s) atomicCounterIncrement(gv_samples);", test);
   }
}

/* Colour output locations this FS writes (COLOR0 copied to every buffer
 * with FS_COLOR0_WRITES_ALL_CBUFS). */
static uint32_t color_out_locs(const struct gv_glsl_ctx *c)
{
   uint32_t mask = 0;
   for (uint32_t r = 0; r < c->num_out; r++) {
      const struct gv_tgsi_decl *d = c->out_decl[r];
      if (!d || d->semantic != GV_SEM_COLOR)
         continue;
      uint32_t si = decl_sem_index(d, (int32_t)r);
      unsigned copies = si == 0 && c->sh->prop[GV_PROP_FS_COLOR0_WRITES_ALL_CBUFS] &&
                              c->key->nr_cbufs ? c->key->nr_cbufs : 1;
      for (unsigned cp = 0; cp < copies; cp++)
         if (si + cp < 32)
            mask |= 1u << (si + cp);
   }
   return mask;
}

/* Whether colour output loc gets the emulated logic op (its buffer is
 * fixed-point or integer; dual-source outputs never do). */
static bool logicop_applies(const struct gv_glsl_ctx *c, unsigned loc)
{
   const struct gv_shader_key *k = c->key;
   if (c->sh->stage != GV_TGSI_FRAGMENT || !k->logicop || k->dual_source || loc >= 8)
      return false;
   return k->logicop_bits[loc][0] | k->logicop_bits[loc][1] | k->logicop_bits[loc][2] |
          k->logicop_bits[loc][3];
}

/* The sixteen PIPE_LOGICOP_* functions of source s and destination d. */
static const char *logicop_expr(unsigned func)
{
   static const char *const ops[16] = {
      "uvec4(0u)", "~(s | d)", "~s & d", "~s", "s & ~d", "~d", "s ^ d", "~(s & d)",
      "s & d", "~(s ^ d)", "d", "~s | d", "s", "s | ~d", "s | d", "uvec4(~0u)",
   };
   return ops[func & 15];
}

/* The logic op of output loc against its framebuffer value gv_dst<loc>
 * (captured at the start of main), in integers of the buffer's bit depth. */
static void emit_logicop(struct gv_glsl_ctx *c, unsigned loc)
{
   const uint8_t *bits = c->key->logicop_bits[loc];
   bool sint = (c->key->cbuf_int_mask >> loc) & 1, uint = (c->key->cbuf_uint_mask >> loc) & 1;
   uint32_t m[4], sh[4];
   for (int i = 0; i < 4; i++) {
      /* Channels the buffer lacks are computed at 8 bits and not stored. */
      unsigned b = bits[i] ? bits[i] : (sint || uint) ? 32 : 8;
      b = b > 32 ? 32 : b;
      m[i] = b >= 32 ? 0xffffffffu : (1u << b) - 1u;
      sh[i] = 32 - b;
   }
   const char *mask = gv_fmt(c, "uvec4(%uu, %uu, %uu, %uu)", m[0], m[1], m[2], m[3]);
   const char *op = logicop_expr(c->key->logicop - 1u);
   if (uint) {
      gv_line(c, "{ uvec4 s = fs_out%u, d = gv_dst%u; fs_out%u = (%s) & %s; }", loc, loc, loc, op,
              mask);
   } else if (sint) {
      /* Masked, then sign-extended from the buffer's width. */
      gv_line(c, "{ uvec4 s = uvec4(fs_out%u), d = uvec4(gv_dst%u); ivec4 sh = ivec4(%u, %u, %u, %u); "
                 "fs_out%u = ivec4(((%s) & %s) << uvec4(sh)) >> sh; }",
              loc, loc, sh[0], sh[1], sh[2], sh[3], loc, op, mask);
   } else {
      gv_line(c, "{ vec4 sc = vec4(%s); uvec4 s = uvec4(round(clamp(fs_out%u, 0.0, 1.0) * sc)), "
                 "d = uvec4(round(clamp(gv_dst%u, 0.0, 1.0) * sc)); fs_out%u = vec4((%s) & %s) / sc; }",
              mask, loc, loc, loc, op, mask);
   }
}

/* Copies the output locals to the output variables (END, RET, EMIT). */
void gv_flush_outputs(struct gv_glsl_ctx *c)
{
   if (c->sh->stage == GV_TGSI_TESS_CTRL || c->sh->stage == GV_TGSI_COMPUTE)
      return;
   if (c->sh->stage == GV_TGSI_FRAGMENT)
      fixed_function_tests(c);
   write_missing_outputs(c);
   for (unsigned i = 0; i < stream_outputs(c); i++) {
      char comps[5] = "";
      for (unsigned k = 0; k < c->key->so[i].count; k++)
         comps[k] = swz_chars[c->key->so[i].start + k];
      gv_line(c, "gv_so%u = o[%u].%s;", i, c->key->so[i].reg, comps);
   }
   if (user_clip_planes(c)) {
      int cv = find_output(c, GV_SEM_CLIPVERTEX);
      if (cv < 0)
         cv = find_output(c, GV_SEM_POSITION);
      gv_need(c, GV_FEAT_CLIP_DISTANCE);
      for (unsigned i = 0; i < 8; i++) {
         if (c->key->clip_planes >> i & 1)
            gv_line(c, "gl_ClipDistance[%u] = %s;", i,
                    cv >= 0 ? gv_fmt(c, "dot(o[%d], gv_clip_plane[%u])", cv, i) : "0.0");
      }
   }
   for (uint32_t r = 0; r < c->num_out; r++) {
      const struct gv_tgsi_decl *d = c->out_decl[r];
      if (!d)
         continue;
      unsigned copies = 1;
      if (c->sh->stage == GV_TGSI_FRAGMENT && d->semantic == GV_SEM_COLOR &&
          decl_sem_index(d, (int32_t)r) == 0 && c->sh->prop[GV_PROP_FS_COLOR0_WRITES_ALL_CBUFS])
         copies = c->key->nr_cbufs ? c->key->nr_cbufs : 1;
      for (unsigned cp = 0; cp < copies; cp++) {
         for (unsigned comp = 0; comp < 4; comp++) {
            enum gv_kind k;
            const char *lv = output_lvalue(c, (int32_t)r, comp, NULL, &k);
            if (!lv)
               continue;
            if (cp) {
               lv = gv_fmt(c, "fs_out%u.%c", cp, swz_chars[comp]);
               k = cbuf_kind(c, cp);
            }
            bool negate = c->key->flip_y && d->semantic == GV_SEM_POSITION && comp == 1 &&
                          c->sh->stage != GV_TGSI_FRAGMENT;
            gv_line(c, "%s = %s%s;", lv, negate ? "-" : "",
                    gv_convert(c, gv_fmt(c, "o[%u].%c", r, swz_chars[comp]), GV_F, k, true));
         }
      }
   }
   if (fixed_point_size(c))
      gv_line(c, "gl_PointSize = gv_point_size;");
   uint32_t locs = c->sh->stage == GV_TGSI_FRAGMENT ? color_out_locs(c) : 0;
   for (unsigned loc = 0; loc < 8; loc++)
      if ((locs >> loc & 1) && logicop_applies(c, loc))
         emit_logicop(c, loc);
   if (c->sh->stage == GV_TGSI_FRAGMENT)
      occlusion_count(c);
}

/* ---- register access ------------------------------------------------- */

const char *gv_index_expr(struct gv_glsl_ctx *c, uint8_t file, int32_t index, bool indirect,
                          uint8_t ind_file, int32_t ind_index, uint8_t ind_swz, uint32_t size)
{
   if (!indirect)
      return gv_fmt(c, "%d", index);
   const char *a;
   if (ind_file == GV_FILE_ADDR)
      a = gv_fmt(c, "a%d.%c", ind_index, swz_chars[ind_swz]);
   else {
      struct gv_tgsi_src s = { .file = ind_file, .index = ind_index,
                               .swz = { ind_swz, ind_swz, ind_swz, ind_swz } };
      a = gv_src_scalar(c, &s, GV_I, 0);
   }
   (void)file;
   /* Out-of-range indices are clamped: GLSL leaves them undefined. */
   return gv_fmt(c, "clamp(%s + %d, 0, %u)", a, index, size ? size - 1 : 0);
}

static const char *temp_ref(struct gv_glsl_ctx *c, int32_t index, bool indirect, uint8_t ind_file,
                            int32_t ind_index, uint8_t ind_swz, uint16_t array)
{
   if (c->temp_flat)
      return gv_fmt(c, "t[%s]", gv_index_expr(c, GV_FILE_TEMP, index, indirect, ind_file,
                                              ind_index, ind_swz, (uint32_t)c->num_temps));
   if (!indirect) {
      for (unsigned a = 1; a < GV_TGSI_MAX_ARRAYS; a++) {
         if (c->temp_array_len[a] && index >= c->temp_array_first[a] &&
             index < c->temp_array_first[a] + c->temp_array_len[a])
            return gv_fmt(c, "ta%u[%d]", a, index - c->temp_array_first[a]);
      }
      return gv_fmt(c, "t%d", index);
   }
   if (!array || !c->temp_array_len[array]) {
      gv_glsl_fail(c, "indirect TEMP access outside a declared array");
      return "t0";
   }
   return gv_fmt(c, "ta%u[%s]", array,
                 gv_index_expr(c, GV_FILE_TEMP, index - c->temp_array_first[array], true,
                               ind_file, ind_index, ind_swz, c->temp_array_len[array]));
}

static const char *const_ref(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s)
{
   uint32_t buf = s->has_dim ? (uint32_t)s->dim : 0;
   if (c->ubo_array && (buf > 0 || s->dim_indirect)) {
      if (s->dim_indirect)
         gv_need(c, GV_FEAT_UBO_ARRAY_INDEX);
      const char *b = gv_index_expr(c, GV_FILE_CONST, s->dim - 1, s->dim_indirect,
                                    s->dim_ind_file, s->dim_ind_index, s->dim_ind_swz,
                                    c->ubo_count);
      const char *i = gv_index_expr(c, GV_FILE_CONST, s->index, s->indirect, s->ind_file,
                                    s->ind_index, s->ind_swz, c->ubo_size);
      return gv_fmt(c, "%s_ubo[%s].d[%s]", c->prefix, b, i);
   }
   if (buf >= GV_TGSI_MAX_ARRAYS) {
      gv_glsl_fail(c, "constant buffer %u out of range", buf);
      return "uvec4(0u)";
   }
   const char *idx = gv_index_expr(c, GV_FILE_CONST, s->index, s->indirect, s->ind_file,
                                   s->ind_index, s->ind_swz, c->const_size[buf]);
   if (buf == 0)
      return gv_fmt(c, "%s_cb0[%s]", c->prefix, idx);
   return gv_fmt(c, "%s_ubo%u.d[%s]", c->prefix, buf, idx);
}

static const char *vertex_index(struct gv_glsl_ctx *c, bool has_dim, bool dim_indirect,
                                int32_t dim, uint8_t f, int32_t ii, uint8_t sw)
{
   if (!has_dim)
      return NULL;
   if (!dim_indirect)
      return gv_fmt(c, "%d", dim);
   return gv_index_expr(c, GV_FILE_IN, dim, true, f, ii, sw, 32);
}

/* The register as a vec4 expression and the kind of its bits. */
static const char *raw_src(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s, enum gv_kind *kind)
{
   *kind = GV_F;
   switch (s->file) {
   case GV_FILE_TEMP:
      return temp_ref(c, s->index, s->indirect, s->ind_file, s->ind_index, s->ind_swz,
                      s->ind_array);
   case GV_FILE_CONST:
      *kind = GV_U;
      return const_ref(c, s);
   case GV_FILE_IMM:
      *kind = GV_U;
      if (!s->indirect && (uint32_t)s->index >= c->sh->num_imms) {
         gv_glsl_fail(c, "IMM[%d] is not defined", s->index);
         return "uvec4(0u)";
      }
      return gv_fmt(c, "imm[%s]", gv_index_expr(c, GV_FILE_IMM, s->index, s->indirect, s->ind_file,
                                                s->ind_index, s->ind_swz, c->sh->num_imms));
   case GV_FILE_ADDR:
      *kind = GV_I;
      return gv_fmt(c, "a%d", s->index);
   case GV_FILE_SV:
      return sysval_value(c, s->index, kind);
   case GV_FILE_IN: {
      const char *vtx = vertex_index(c, s->has_dim, s->dim_indirect, s->dim, s->dim_ind_file,
                                     s->dim_ind_index, s->dim_ind_swz);
      if (s->indirect) {
         if (vtx || c->sh->stage == GV_TGSI_TESS_CTRL || c->sh->stage == GV_TGSI_TESS_EVAL ||
             c->sh->stage == GV_TGSI_GEOMETRY) {
            c->need_in_helper = true;
            return gv_fmt(c, "gv_in(%s, %s)", vtx ? vtx : "0",
                          gv_index_expr(c, GV_FILE_IN, s->index, true, s->ind_file, s->ind_index,
                                        s->ind_swz, c->num_in));
         }
         return gv_fmt(c, "inp[%s]", gv_index_expr(c, GV_FILE_IN, s->index, true, s->ind_file,
                                                   s->ind_index, s->ind_swz, c->num_in));
      }
      return input_value(c, s->index, vtx, kind);
   }
   case GV_FILE_OUT: {
      if (c->sh->stage == GV_TGSI_TESS_CTRL) {
         const char *vtx = vertex_index(c, s->has_dim, s->dim_indirect, s->dim, s->dim_ind_file,
                                        s->dim_ind_index, s->dim_ind_swz);
         const struct gv_tgsi_decl *d =
            (uint32_t)s->index < c->num_out ? c->out_decl[s->index] : NULL;
         if (s->indirect) {
            c->need_out_helper = true;
            return gv_fmt(c, "gv_out(%s, %s)", vtx ? vtx : "gl_InvocationID",
                          gv_index_expr(c, GV_FILE_OUT, s->index, true, s->ind_file, s->ind_index,
                                        s->ind_swz, c->num_out));
         }
         if (!d) {
            gv_glsl_fail(c, "OUT[%d] is not declared", s->index);
            return "vec4(0.0)";
         }
         if (!vtx && per_vertex_out(c, d))
            vtx = "gl_InvocationID";
         const char *comps[4];
         for (unsigned i = 0; i < 4; i++) {
            enum gv_kind k;
            const char *lv = output_lvalue(c, s->index, i, per_vertex_out(c, d) ? vtx : NULL, &k);
            comps[i] = lv ? gv_convert(c, lv, k, GV_F, true) : "0.0";
         }
         return gv_fmt(c, "vec4(%s, %s, %s, %s)", comps[0], comps[1], comps[2], comps[3]);
      }
      return gv_fmt(c, "o[%s]", gv_index_expr(c, GV_FILE_OUT, s->index, s->indirect, s->ind_file,
                                              s->ind_index, s->ind_swz, c->num_out));
   }
   default:
      gv_glsl_fail(c, "register file %s cannot be read as a value",
                   gv_tgsi_file_names[s->file]);
      return "vec4(0.0)";
   }
}

static bool identity_swz(const uint8_t *swz)
{
   return swz[0] == 0 && swz[1] == 1 && swz[2] == 2 && swz[3] == 3;
}

const char *gv_src(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s, enum gv_kind kind)
{
   enum gv_kind k;
   const char *e = raw_src(c, s, &k);
   e = gv_convert(c, e, k, kind, false);
   if (!identity_swz(s->swz))
      e = gv_fmt(c, "%s.%c%c%c%c", e, swz_chars[s->swz[0]], swz_chars[s->swz[1]],
                 swz_chars[s->swz[2]], swz_chars[s->swz[3]]);
   if (s->absolute)
      e = gv_fmt(c, "abs(%s)", e);
   if (s->negate)
      e = gv_fmt(c, "(-%s)", e);
   return e;
}

const char *gv_src_scalar(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s, enum gv_kind kind,
                          unsigned comp)
{
   enum gv_kind k;
   const char *e = raw_src(c, s, &k);
   e = gv_fmt(c, "%s.%c", e, swz_chars[s->swz[comp & 3]]);
   e = gv_convert(c, e, k, kind, true);
   if (s->absolute)
      e = gv_fmt(c, "abs(%s)", e);
   if (s->negate)
      e = gv_fmt(c, "(-%s)", e);
   return e;
}

const char *gv_src64(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s, const char *type,
                     unsigned lane)
{
   enum gv_kind k;
   const char *e = raw_src(c, s, &k);
   e = gv_convert(c, e, k, GV_U, false);
   e = gv_fmt(c, "%s.%c%c", e, swz_chars[s->swz[lane * 2]], swz_chars[s->swz[lane * 2 + 1]]);
   if (!strcmp(type, "uvec2")) {
      /* An emulated double's bits (glsl_fp64.c): the modifiers act on the
       * sign bit, absolute value first. */
      if (s->absolute || s->negate) {
         e = gv_fmt(c, "uvec2(%s.x, (%s.y%s)%s)", e, e, s->absolute ? " & 0x7fffffffu" : "",
                    s->negate ? " ^ 0x80000000u" : "");
      }
      return e;
   }
   if (!strcmp(type, "double"))
      e = gv_fmt(c, "packDouble2x32(%s)", e);
   else if (!strcmp(type, "int64_t"))
      e = gv_fmt(c, "int64_t(packUint2x32(%s))", e);
   else
      e = gv_fmt(c, "packUint2x32(%s)", e);
   if (s->absolute)
      e = gv_fmt(c, "abs(%s)", e);
   if (s->negate)
      e = gv_fmt(c, "(-%s)", e);
   return e;
}

/* TGSI _PRECISE (Mesa marks results whose folding would change NaN or
 * rounding behaviour, e.g. a comparison that stands for isnan): stored
 * through a `precise` local, which makes every operation of its
 * initialiser exact on the host. Without the qualifier on the host the
 * result is stored as usual (the TGSI_PRECISE cap is then not offered). */
static bool precise_result(struct gv_glsl_ctx *c)
{
   if (!gv_glsl_can_use(c, GV_FEAT_PRECISE)) {
      if (!c->precise_warned)
         gv_glsl_warn(c, "precise dropped: the host has no precise qualifier");
      c->precise_warned = true;
      return false;
   }
   gv_need(c, GV_FEAT_PRECISE);
   return true;
}

void gv_store_mask(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, unsigned di,
                   enum gv_kind kind, const char *expr, uint8_t mask)
{
   const struct gv_tgsi_dst *d = &in->dst[di];
   mask &= d->mask;
   if (!mask)
      return;
   if (in->saturate && kind == GV_F)
      expr = gv_fmt(c, "clamp(%s, 0.0, 1.0)", expr);
   char m[5];
   unsigned n = 0;
   for (unsigned i = 0; i < 4; i++) {
      if (mask & (1u << i))
         m[n++] = swz_chars[i];
   }
   m[n] = 0;
   const char *target;
   enum gv_kind tk = GV_F;
   switch (d->file) {
   case GV_FILE_TEMP:
      target = temp_ref(c, d->index, d->indirect, d->ind_file, d->ind_index, d->ind_swz,
                        d->ind_array);
      break;
   case GV_FILE_ADDR:
      target = gv_fmt(c, "a%d", d->index);
      tk = GV_I;
      break;
   case GV_FILE_OUT:
      if (c->sh->stage == GV_TGSI_TESS_CTRL) {
         /* GLSL lets an invocation write only its own vertex, so any
          * vertex index Mesa computed is gl_InvocationID. */
         gv_line(c, "{");
         gv_line(c, "   %s r = %s;", gv_kind_vec(kind), expr);
         int32_t first = d->index, last = d->index;
         if (d->indirect) {
            gv_line(c, "   switch (%s) {", gv_index_expr(c, GV_FILE_OUT, d->index, true, d->ind_file,
                                                       d->ind_index, d->ind_swz, c->num_out));
            first = 0;
            last = (int32_t)c->num_out - 1;
         }
         for (int32_t reg = first; reg <= last; reg++) {
            const struct gv_tgsi_decl *od = (uint32_t)reg < c->num_out ? c->out_decl[reg] : NULL;
            if (!od) {
               if (!d->indirect)
                  gv_glsl_fail(c, "OUT[%d] is not declared", reg);
               continue;
            }
            if (d->indirect)
               gv_line(c, "   case %d:", reg);
            const char *vtx = per_vertex_out(c, od) ? "gl_InvocationID" : NULL;
            for (unsigned i = 0; i < 4; i++) {
               enum gv_kind k;
               if (!(mask & (1u << i)))
                  continue;
               const char *lv = output_lvalue(c, reg, i, vtx, &k);
               if (lv)
                  gv_line(c, "   %s = %s;", lv,
                          gv_convert(c, gv_fmt(c, "r.%c", swz_chars[i]), kind, k, true));
            }
            if (d->indirect)
               gv_line(c, "   break;");
         }
         if (d->indirect)
            gv_line(c, "   }");
         gv_line(c, "}");
         return;
      }
      target = gv_fmt(c, "o[%s]", gv_index_expr(c, GV_FILE_OUT, d->index, d->indirect, d->ind_file,
                                                d->ind_index, d->ind_swz, c->num_out));
      break;
   default:
      gv_glsl_fail(c, "cannot write register file %s", gv_tgsi_file_names[d->file]);
      return;
   }
   expr = gv_convert(c, expr, kind, tk, false);
   bool precise = in->precise && precise_result(c);
   if (precise) {
      gv_line(c, "{");
      gv_line(c, "   precise %s p = %s;", gv_kind_vec(tk), expr);
      expr = "p";
   }
   if (n == 4)
      gv_line(c, "%s%s = %s;", precise ? "   " : "", target, expr);
   else
      gv_line(c, "%s%s.%s = (%s).%s;", precise ? "   " : "", target, m, expr, m);
   if (precise)
      gv_line(c, "}");
}

void gv_store(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, unsigned d, enum gv_kind kind,
              const char *expr)
{
   gv_store_mask(c, in, d, kind, expr, 0xf);
}

/* ---- analysis -------------------------------------------------------- */

static void note_const(struct gv_glsl_ctx *c, uint32_t buf, uint32_t last)
{
   if (buf >= GV_TGSI_MAX_ARRAYS)
      return;
   c->const_used[buf] = true;
   if (last + 1 > c->const_size[buf])
      c->const_size[buf] = last + 1;
}

static bool analyze(struct gv_glsl_ctx *c)
{
   const struct gv_tgsi_shader *sh = c->sh;
   c->num_temps = 0;
   for (uint32_t i = 0; i < sh->num_decls; i++) {
      const struct gv_tgsi_decl *d = &sh->decls[i];
      switch (d->file) {
      case GV_FILE_IN:
         if (d->last + 1u > c->num_in)
            c->num_in = d->last + 1u;
         for (uint32_t r = d->first; r <= d->last; r++)
            c->in_decl[r] = d;
         break;
      case GV_FILE_OUT:
         if (d->last + 1u > c->num_out)
            c->num_out = d->last + 1u;
         for (uint32_t r = d->first; r <= d->last; r++)
            c->out_decl[r] = d;
         break;
      case GV_FILE_SV:
         if (d->last + 1u > c->num_sv)
            c->num_sv = d->last + 1u;
         for (uint32_t r = d->first; r <= d->last; r++)
            c->sv_decl[r] = d;
         break;
      case GV_FILE_TEMP:
         if (d->array_id) {
            c->temp_array_first[d->array_id] = d->first;
            c->temp_array_len[d->array_id] = (uint16_t)(d->last - d->first + 1);
         }
         if ((int32_t)d->last + 1 > c->num_temps)
            c->num_temps = d->last + 1;
         break;
      case GV_FILE_ADDR:
         if (d->last + 1u > c->num_addr)
            c->num_addr = d->last + 1u;
         break;
      case GV_FILE_CONST:
         note_const(c, d->has_dim ? d->dim : 0, d->last);
         break;
      case GV_FILE_SVIEW:
         if (d->last < GV_TGSI_MAX_ARRAYS) {
            for (uint32_t r = d->first; r <= d->last; r++) {
               c->samplers[r].target = d->texture;
               c->samplers[r].target_set = true;
               c->samplers[r].ret = d->return_type;
            }
         }
         break;
      case GV_FILE_IMAGE:
         for (uint32_t r = d->first; r <= d->last && r < GV_TGSI_MAX_ARRAYS; r++)
            c->images[r] = d;
         break;
      case GV_FILE_BUFFER:
         for (uint32_t r = d->first; r <= d->last && r < GV_TGSI_MAX_ARRAYS; r++)
            c->buffers[r] = true;
         break;
      case GV_FILE_HWATOMIC:
         if (d->dim < GV_TGSI_MAX_ARRAYS)
            c->atomic_bufs[d->dim] = true;
         break;
      case GV_FILE_MEMORY:
         c->shared_mem = true;
         break;
      default:
         break;
      }
   }
   /* Registers used but not declared still get storage, sized by use. */
   for (uint32_t i = 0; i < sh->num_insns; i++) {
      const struct gv_tgsi_insn *in = &sh->insns[i];
      for (unsigned k = 0; k < in->num_src; k++) {
         const struct gv_tgsi_src *s = &in->src[k];
         if (s->file == GV_FILE_TEMP) {
            if (s->indirect && !s->ind_array)
               c->temp_flat = true;
            if (s->index + 1 > c->num_temps)
               c->num_temps = s->index + 1;
         } else if (s->file == GV_FILE_CONST) {
            note_const(c, s->has_dim ? (uint32_t)s->dim : 0, (uint32_t)s->index);
            if (s->has_dim && s->dim_indirect)
               c->ubo_array = true;
         } else if (s->file == GV_FILE_IN && s->indirect &&
                    (sh->stage == GV_TGSI_VERTEX || sh->stage == GV_TGSI_FRAGMENT)) {
            c->in_indirect = true;
         } else if (s->file == GV_FILE_ADDR && (uint32_t)s->index + 1 > c->num_addr) {
            c->num_addr = (uint32_t)s->index + 1;
         }
         if (s->indirect && s->ind_file == GV_FILE_ADDR && (uint32_t)s->ind_index + 1 > c->num_addr)
            c->num_addr = (uint32_t)s->ind_index + 1;
         if (s->has_dim && s->dim_indirect && s->dim_ind_file == GV_FILE_ADDR &&
             (uint32_t)s->dim_ind_index + 1 > c->num_addr)
            c->num_addr = (uint32_t)s->dim_ind_index + 1;
      }
      for (unsigned k = 0; k < in->num_dst; k++) {
         const struct gv_tgsi_dst *d = &in->dst[k];
         if (d->file == GV_FILE_TEMP) {
            if (d->indirect && !d->ind_array)
               c->temp_flat = true;
            if (d->index + 1 > c->num_temps)
               c->num_temps = d->index + 1;
         } else if (d->file == GV_FILE_ADDR && (uint32_t)d->index + 1 > c->num_addr) {
            c->num_addr = (uint32_t)d->index + 1;
         } else if (d->file == GV_FILE_OUT && (uint32_t)d->index + 1 > c->num_out) {
            c->num_out = (uint32_t)d->index + 1;
         }
         if (d->indirect && d->ind_file == GV_FILE_ADDR && (uint32_t)d->ind_index + 1 > c->num_addr)
            c->num_addr = (uint32_t)d->ind_index + 1;
      }
   }
   for (unsigned a = 1; a < GV_TGSI_MAX_ARRAYS; a++) {
      if (c->temp_array_len[a] &&
          (int32_t)(c->temp_array_first[a] + c->temp_array_len[a]) > c->num_temps)
         c->num_temps = c->temp_array_first[a] + c->temp_array_len[a];
   }
   if (c->ubo_array) {
      for (unsigned b = 1; b < GV_TGSI_MAX_ARRAYS; b++) {
         if (!c->const_used[b])
            continue;
         c->ubo_count = b;
         if (c->const_size[b] > c->ubo_size)
            c->ubo_size = c->const_size[b];
      }
      if (!c->ubo_count || !c->ubo_size)
         return gv_glsl_fail(c, "indirect constant buffer access without constant buffers");
   }
   if (c->sh->prop_set[GV_PROP_NUM_CLIPDIST_ENABLED] || c->sh->prop_set[GV_PROP_NUM_CULLDIST_ENABLED]) {
      c->num_clip = c->sh->prop[GV_PROP_NUM_CLIPDIST_ENABLED];
      c->num_cull = c->sh->prop[GV_PROP_NUM_CULLDIST_ENABLED];
   } else {
      for (uint32_t r = 0; r < c->num_out; r++) {
         const struct gv_tgsi_decl *d = c->out_decl[r];
         if (d && d->semantic == GV_SEM_CLIPDIST) {
            uint32_t si = decl_sem_index(d, (int32_t)r);
            unsigned top = si * 4 + (unsigned)(32 - __builtin_clz(d->usage_mask ? d->usage_mask : 1));
            if (top > c->num_clip)
               c->num_clip = top;
         }
      }
   }
   if (c->num_clip > 8 || c->num_cull > 8 || c->num_clip + c->num_cull > 8)
      return gv_glsl_fail(c, "more than 8 clip and cull distances");
   gv_tex_analyze(c);
   return !c->failed;
}

/* ---- declarations ---------------------------------------------------- */

static const char *interp_qual(struct gv_glsl_ctx *c, unsigned interp, unsigned loc, bool color)
{
   const char *q = "";
   if (interp == GV_INTERP_CONSTANT || (color && c->key->flatshade && interp != GV_INTERP_LINEAR))
      q = "flat ";
   else if (interp == GV_INTERP_LINEAR) {
      if (c->target->es && !(c->target->exts & (1ull << GV_FEAT_NOPERSPECTIVE))) {
         gv_glsl_warn(c, "noperspective interpolation approximated by smooth");
      } else {
         gv_need(c, GV_FEAT_NOPERSPECTIVE);
         q = "noperspective ";
      }
   }
   if (q[0] == 'f')
      return q;
   if (loc == GV_LOC_CENTROID)
      return gv_fmt(c, "%scentroid ", q);
   if (loc == GV_LOC_SAMPLE) {
      gv_need(c, GV_FEAT_SAMPLE_QUALIFIER);
      return gv_fmt(c, "%ssample ", q);
   }
   return q;
}

/* Interpolation the next stage wants for one of our outputs. */
static const char *out_interp(struct gv_glsl_ctx *c, unsigned sem, unsigned si)
{
   const struct gv_shader_key *k = c->key;
   unsigned interp = GV_INTERP_NONE, loc = GV_LOC_CENTER;
   if (sem == GV_SEM_GENERIC && si < GV_MAX_VARYING_SLOTS)
      interp = k->out_interp[si], loc = k->out_loc[si];
   else if ((sem == GV_SEM_COLOR || sem == GV_SEM_BCOLOR) && si < 2)
      interp = k->color_interp[si], loc = k->color_loc[si];
   else if (sem == GV_SEM_TEXCOORD && si < 8)
      interp = k->texcoord_interp[si], loc = k->texcoord_loc[si];
   if (interp == GV_INTERP_NONE)
      interp = GV_INTERP_PERSPECTIVE;
   return interp_qual(c, interp, loc, sem == GV_SEM_COLOR || sem == GV_SEM_BCOLOR);
}

/* The qualifier for an input whose producer declares it invariant (the
 * key), on GL only: GLSL ES 3.00 links without it and forbids it on
 * fragment inputs. GLSL 4.20 and later likewise link without it and refuse
 * it on inputs, so GV_INVARIANT_IN is "invariant" only below 4.20, decided
 * by the preprocessor as the #version is chosen after the declarations. */
static const char *in_invariant(const struct gv_glsl_ctx *c, unsigned sem, uint32_t si)
{
   const struct gv_shader_key *k = c->key;
   bool inv = false;
   if (sem == GV_SEM_GENERIC && si < 64)
      inv = (k->in_invariant_generic >> si) & 1;
   else if (sem == GV_SEM_COLOR && si < 2)
      inv = (k->in_invariant_color >> si) & 1;
   else if (sem == GV_SEM_BCOLOR && si < 2)
      inv = (k->in_invariant_color >> (si + 2)) & 1;
   else if (sem == GV_SEM_TEXCOORD && si < 8)
      inv = (k->in_invariant_texcoord >> si) & 1;
   return inv && !c->target->es ? "GV_INVARIANT_IN " : "";
}

static void declare_invariant_in(const struct gv_glsl_ctx *c, struct gv_strbuf *h)
{
   const struct gv_shader_key *k = c->key;
   if (c->target->es || !(k->in_invariant_generic || k->in_invariant_color ||
                          k->in_invariant_texcoord))
      return;
   gv_sb_printf(h, "#if __VERSION__ < 420\n#define GV_INVARIANT_IN invariant\n"
                   "#else\n#define GV_INVARIANT_IN\n#endif\n");
}

static void declare_interface(struct gv_glsl_ctx *c, struct gv_strbuf *h)
{
   unsigned st = c->sh->stage;
   const char *arr = st == GV_TGSI_TESS_CTRL || st == GV_TGSI_TESS_EVAL || st == GV_TGSI_GEOMETRY
                        ? "[]" : "";
   /* Inputs. */
   declare_invariant_in(c, h);
   for (uint32_t r = 0; r < c->num_in; r++) {
      const struct gv_tgsi_decl *d = c->in_decl[r];
      if (!d)
         continue;
      if (st == GV_TGSI_VERTEX) {
         unsigned bit = r & 31;
         const char *t = (c->key->attr_int_mask >> bit) & 1    ? "ivec4"
                         : (c->key->attr_uint_mask >> bit) & 1 ? "uvec4"
                                                               : "vec4";
         gv_sb_printf(h, "layout(location = %u) in %s vs_in%u;\n", r, t, r);
         continue;
      }
      uint32_t si = decl_sem_index(d, (int32_t)r);
      const char *name = varying_name(c, prev_stage(c), d->semantic, si);
      if (!name || (d->semantic == GV_SEM_POSITION && st == GV_TGSI_FRAGMENT))
         continue;
      const char *q = "";
      if (st == GV_TGSI_FRAGMENT) {
         unsigned interp = d->interp == GV_INTERP_COLOR ? GV_INTERP_PERSPECTIVE : d->interp;
         if (interp == GV_INTERP_NONE)
            interp = GV_INTERP_PERSPECTIVE;
         q = interp_qual(c, interp, d->interp_loc, d->interp == GV_INTERP_COLOR ||
                                                       d->semantic == GV_SEM_COLOR);
      }
      if (d->semantic == GV_SEM_PATCH)
         gv_sb_printf(h, "patch in vec4 %s;\n", name);
      else
         gv_sb_printf(h, "%s%sin vec4 %s%s;\n", in_invariant(c, d->semantic, si), q, name,
                      per_vertex_in(c, d) ? arr : "");
      if (two_sided(c, d, si))
         gv_sb_printf(h, "%s%sin vec4 %s;\n", in_invariant(c, GV_SEM_BCOLOR, si), q,
                      varying_name(c, prev_stage(c), GV_SEM_BCOLOR, si));
   }
   /* Outputs. */
   bool clip_declared = false;
   for (uint32_t r = 0; r < c->num_out; r++) {
      const struct gv_tgsi_decl *d = c->out_decl[r];
      if (!d)
         continue;
      uint32_t si = decl_sem_index(d, (int32_t)r);
      if (st == GV_TGSI_FRAGMENT) {
         if (d->semantic == GV_SEM_COLOR) {
            unsigned copies = si == 0 && c->sh->prop[GV_PROP_FS_COLOR0_WRITES_ALL_CBUFS] &&
                                    c->key->nr_cbufs
                                 ? c->key->nr_cbufs
                                 : 1;
            for (unsigned cp = 0; cp < copies; cp++) {
               unsigned loc = si + cp;
               const char *t = gv_kind_vec(cbuf_kind(c, loc));
               if (logicop_applies(c, loc)) {
                  /* inout: the framebuffer value (EXT_shader_framebuffer_fetch). */
                  gv_need(c, GV_FEAT_FB_FETCH);
                  gv_sb_printf(h, "layout(location = %u) inout %s fs_out%u;\n", loc, t, loc);
               } else if (c->key->dual_source && loc == 1) {
                  gv_need(c, GV_FEAT_DUAL_SOURCE);
                  gv_sb_printf(h, "layout(location = 0, index = 1) out %s fs_out1;\n", t);
               } else if (c->key->dual_source && loc == 0) {
                  gv_sb_printf(h, "layout(location = 0, index = 0) out %s fs_out0;\n", t);
               } else {
                  gv_sb_printf(h, "layout(location = %u) out %s fs_out%u;\n", loc, t, loc);
               }
            }
         } else if (d->semantic == GV_SEM_POSITION) {
            const char *layout[] = { "depth_any", "depth_greater", "depth_less", "depth_unchanged" };
            uint32_t dl = c->sh->prop[GV_PROP_FS_DEPTH_LAYOUT];
            if (c->sh->prop_set[GV_PROP_FS_DEPTH_LAYOUT] && dl > 0 && dl < 4) {
               gv_need(c, GV_FEAT_CONSERVATIVE_DEPTH);
               gv_sb_printf(h, "layout(%s) out float gl_FragDepth;\n", layout[dl]);
            }
         }
         continue;
      }
      if (d->semantic == GV_SEM_CLIPDIST && !clip_declared && st != GV_TGSI_TESS_CTRL) {
         clip_declared = true;
         if (c->num_clip)
            gv_sb_printf(h, "out float gl_ClipDistance[%u];\n", c->num_clip);
         if (c->num_cull)
            gv_sb_printf(h, "out float gl_CullDistance[%u];\n", c->num_cull);
      }
      const char *name = varying_name(c, st, d->semantic, si);
      if (!name)
         continue;
      if (d->semantic == GV_SEM_PATCH)
         gv_sb_printf(h, "patch out vec4 %s;\n", name);
      else if (st == GV_TGSI_TESS_CTRL)
         gv_sb_printf(h, "out vec4 %s[];\n", name);
      else
         gv_sb_printf(h, "%s%sout vec4 %s;\n", d->invariant ? "invariant " : "",
                      st == GV_TGSI_TESS_CTRL ? "" : out_interp(c, d->semantic, si), name);
   }
   if (fixed_point_size(c))
      gv_sb_printf(h, "uniform %sfloat gv_point_size;\n", c->target->es ? "highp " : "");
   if (user_clip_planes(c)) {
      unsigned n = 32 - (unsigned)__builtin_clz(c->key->clip_planes);
      gv_sb_printf(h, "uniform vec4 gv_clip_plane[8];\nout float gl_ClipDistance[%u];\n", n);
   }
   for (unsigned i = 0; i < stream_outputs(c); i++) {
      static const char *const types[] = { "float", "vec2", "vec3", "vec4" };
      if (c->key->so[i].stream) {
         gv_need(c, GV_FEAT_GS_STREAMS);
         gv_sb_printf(h, "layout(stream = %u) ", c->key->so[i].stream);
      }
      gv_sb_printf(h, "out %s gv_so%u;\n", types[c->key->so[i].count - 1], i);
   }
   struct missing_out m[64];
   unsigned nm = missing_outputs(c, m, 64);
   for (unsigned i = 0; i < nm; i++) {
      const char *name = varying_name(c, st, m[i].sem, m[i].index);
      if (m[i].sem == GV_SEM_PATCH)
         gv_sb_printf(h, "patch out vec4 %s;\n", name);
      else if (st == GV_TGSI_TESS_CTRL)
         gv_sb_printf(h, "out vec4 %s[];\n", name);
      else
         gv_sb_printf(h, "%sout vec4 %s;\n", out_interp(c, m[i].sem, m[i].index), name);
   }
}

static void declare_layouts(struct gv_glsl_ctx *c, struct gv_strbuf *h)
{
   const struct gv_tgsi_shader *sh = c->sh;
   static const char *gs_in[] = { [GV_PRIM_POINTS] = "points", [GV_PRIM_LINES] = "lines",
                                  [GV_PRIM_LINE_STRIP] = "lines", [GV_PRIM_LINE_LOOP] = "lines",
                                  [GV_PRIM_TRIANGLES] = "triangles",
                                  [GV_PRIM_TRIANGLE_STRIP] = "triangles",
                                  [GV_PRIM_TRIANGLE_FAN] = "triangles",
                                  [GV_PRIM_LINES_ADJ] = "lines_adjacency",
                                  [GV_PRIM_LINE_STRIP_ADJ] = "lines_adjacency",
                                  [GV_PRIM_TRIANGLES_ADJ] = "triangles_adjacency",
                                  [GV_PRIM_TRIANGLE_STRIP_ADJ] = "triangles_adjacency" };
   switch (sh->stage) {
   case GV_TGSI_GEOMETRY: {
      gv_need(c, GV_FEAT_GEOMETRY);
      uint32_t ip = sh->prop[GV_PROP_GS_INPUT_PRIM], op = sh->prop[GV_PROP_GS_OUTPUT_PRIM];
      const char *in = ip < GV_PRIM_COUNT && gs_in[ip] ? gs_in[ip] : "triangles";
      const char *out = op == GV_PRIM_POINTS ? "points" : op == GV_PRIM_LINE_STRIP ? "line_strip"
                                                                                     : "triangle_strip";
      uint32_t inv = sh->prop[GV_PROP_GS_INVOCATIONS];
      if (inv > 1) {
         gv_need(c, GV_FEAT_GS_INVOCATIONS);
         gv_sb_printf(h, "layout(%s, invocations = %u) in;\n", in, inv > 32 ? 32 : inv);
      } else {
         gv_sb_printf(h, "layout(%s) in;\n", in);
      }
      uint32_t mv = sh->prop[GV_PROP_GS_MAX_OUTPUT_VERTICES];
      gv_sb_printf(h, "layout(%s, max_vertices = %u) out;\n", out, mv > 1024 ? 1024 : mv);
      break;
   }
   case GV_TGSI_TESS_CTRL: {
      gv_need(c, GV_FEAT_TESSELLATION);
      uint32_t v = sh->prop[GV_PROP_TCS_VERTICES_OUT];
      gv_sb_printf(h, "layout(vertices = %u) out;\n", v ? (v > 32 ? 32 : v) : 1);
      break;
   }
   case GV_TGSI_TESS_EVAL: {
      gv_need(c, GV_FEAT_TESSELLATION);
      uint32_t pm = sh->prop[GV_PROP_TES_PRIM_MODE];
      const char *mode = pm == GV_PRIM_QUADS ? "quads" : pm == GV_PRIM_LINES ? "isolines"
                                                                               : "triangles";
      /* pipe_tess_spacing order: FRACTIONAL_ODD, FRACTIONAL_EVEN, EQUAL. */
      static const char *spacing[] = { "fractional_odd_spacing", "fractional_even_spacing",
                                       "equal_spacing" };
      uint32_t sp = sh->prop[GV_PROP_TES_SPACING];
      gv_sb_printf(h, "layout(%s, %s, %s%s) in;\n", mode, spacing[sp < 3 ? sp : 2],
                   sh->prop[GV_PROP_TES_VERTEX_ORDER_CW] ? "cw" : "ccw",
                   sh->prop[GV_PROP_TES_POINT_MODE] ? ", point_mode" : "");
      break;
   }
   case GV_TGSI_COMPUTE: {
      gv_need(c, GV_FEAT_COMPUTE);
      uint32_t w = sh->prop[GV_PROP_CS_FIXED_BLOCK_WIDTH];
      uint32_t hh = sh->prop[GV_PROP_CS_FIXED_BLOCK_HEIGHT];
      uint32_t dd = sh->prop[GV_PROP_CS_FIXED_BLOCK_DEPTH];
      gv_sb_printf(h, "layout(local_size_x = %u, local_size_y = %u, local_size_z = %u) in;\n",
                   w ? (w > 1024 ? 1024 : w) : 1, hh ? (hh > 1024 ? 1024 : hh) : 1,
                   dd ? (dd > 64 ? 64 : dd) : 1);
      break;
   }
   case GV_TGSI_FRAGMENT:
      if (sh->prop[GV_PROP_FS_EARLY_DEPTH_STENCIL]) {
         gv_need(c, GV_FEAT_EARLY_FRAGMENT_TESTS);
         gv_sb_printf(h, "layout(early_fragment_tests) in;\n");
      }
      /* Advanced blend equations the guest may draw this shader with (the
       * host's equation is set per draw from the blend state). */
      if (sh->prop[GV_PROP_FS_BLEND_EQUATION_ADVANCED]) {
         gv_need(c, GV_FEAT_BLEND_EQUATION_ADVANCED);
         gv_sb_printf(h, "layout(blend_support_all_equations) out;\n");
      }
      break;
   default:
      break;
   }
}

/* GLSL ES 3.1 images: thirteen formats, always named, and only the r32
 * ones both read and written (or used atomically). */
static bool es_image_format(const char *glsl)
{
   static const char *const ok[] = { "rgba32f", "rgba16f", "r32f", "rgba8", "rgba8_snorm",
                                      "rgba32i", "rgba16i", "rgba8i", "r32i", "rgba32ui",
                                      "rgba16ui", "rgba8ui", "r32ui" };
   for (size_t k = 0; glsl && k < sizeof(ok) / sizeof(ok[0]); k++)
      if (!strcmp(glsl, ok[k]))
         return true;
   return false;
}

static bool es_image_ok(const char *glsl, uint8_t acc)
{
   /* Every GLSL ES image names its format. */
   if (!glsl || !es_image_format(glsl))
      return false;
   bool r32 = !strcmp(glsl, "r32f") || !strcmp(glsl, "r32i") || !strcmp(glsl, "r32ui");
   return r32 || ((acc & 3u) != 3u && !(acc & 4u));
}

static void declare_resources(struct gv_glsl_ctx *c, struct gv_strbuf *h)
{
   const char *p = c->prefix;
   const char *hp = c->target->es ? "highp " : "";
   if (c->const_used[0] && c->const_size[0])
      gv_sb_printf(h, "uniform %suvec4 %s_cb0[%u];\n", hp, p, c->const_size[0]);
   if (c->sh->stage == GV_TGSI_FRAGMENT && c->key->alpha_func)
      gv_sb_printf(h, "uniform %sfloat gv_alpha_ref;\n", hp);
   if (c->sh->stage == GV_TGSI_FRAGMENT && c->key->poly_stipple)
      gv_sb_printf(h, "uniform %suint gv_stipple[32];\n", hp);
   if (c->sh->stage == GV_TGSI_FRAGMENT && c->key->occlusion.on) {
      gv_sb_printf(h, "layout(binding = 0, offset = 0) uniform %satomic_uint gv_samples;\n", hp);
      if (c->key->occlusion.stencil_func[0] || c->key->occlusion.stencil_func[1])
         gv_sb_printf(h, "uniform %suvec4 gv_occl_stencil;\n", hp);
   }
   if (c->key->lod_bias)
      gv_sb_printf(h, "uniform %sfloat %s_lod_bias[32];\n", hp, p);
   if (c->lodq_samplers)
      gv_sb_printf(h, "uniform %svec4 %s_lodq[%u];\n", hp, p, 2 * c->lodq_samplers);
   if (c->ubo_array)
      gv_sb_printf(h, "layout(std140) uniform %s_ubo_block { %suvec4 d[%u]; } %s_ubo[%u];\n", p, hp,
                   c->ubo_size, p, c->ubo_count);
   for (unsigned b = 1; b < GV_TGSI_MAX_ARRAYS && !c->ubo_array; b++) {
      if (c->const_used[b] && c->const_size[b])
         gv_sb_printf(h, "layout(std140) uniform %s_ubo%u_block { %suvec4 d[%u]; } %s_ubo%u;\n", p,
                      b, hp, c->const_size[b], p, b);
   }
   gv_tex_declare(c, h);
   for (unsigned i = 0; i < GV_TGSI_MAX_ARRAYS; i++) {
      const struct gv_tgsi_decl *d = c->images[i];
      if (!d)
         continue;
      gv_need(c, GV_FEAT_IMAGES);
      unsigned fmt = gv_image_decl_format(c, d, i);
      const struct gv_image_format_info *fi = &gv_image_formats[fmt];
      const char *q = "";
      uint8_t acc = c->image_access[i];
      if (c->target->es && !es_image_ok(fi->glsl, acc)) {
         gv_glsl_fail(c, "IMAGE[%u]: GLSL ES has no %s image%s", i, fi->glsl ? fi->glsl : "formatless",
                      es_image_format(fi->glsl) ? " that is read and written" : " format");
         return;
      }
      if (!fi->glsl) {
         gv_need(c, GV_FEAT_IMAGE_FORMATLESS_WRITE);
         q = "writeonly ";
      } else if (acc == 2) {
         q = "writeonly ";
      } else if (acc == 1 || (acc == 0 && c->target->es)) {
         /* GLSL ES wants one of the two on every image not of an r32 format
          * (also on those only sized or not used). */
         q = "readonly ";
      }
      gv_sb_printf(h, "layout(%s%sbinding = %u) uniform %s%s%s %s_img%u;\n",
                   fi->glsl ? fi->glsl : "", fi->glsl ? ", " : "",
                   c->target->image_base[c->sh->stage] + i, q, hp,
                   gv_image_type(c, d->texture, fi->kind), p, i);
   }
   for (unsigned b = 0; b < GV_TGSI_MAX_ARRAYS; b++) {
      if (c->buffers[b]) {
         gv_need(c, GV_FEAT_SSBO);
         gv_sb_printf(h, "layout(std430, binding = %u) buffer %s_ssbo%u_block { uint d[]; } %s_ssbo%u;\n",
                      c->target->ssbo_base[c->sh->stage] + b, p, b, p, b);
      }
   }
   for (unsigned b = 0; b < GV_TGSI_MAX_ARRAYS; b++) {
      if (c->atomic_bufs[b]) {
         gv_need(c, GV_FEAT_SSBO);
         gv_sb_printf(h, "layout(std430) buffer %s_abo%u_block { uint d[]; } %s_abo%u;\n", p, b, p,
                      b);
      }
   }
   if (c->shared_mem) {
      gv_need(c, GV_FEAT_SHARED_MEMORY);
      uint32_t words = c->key->shared_bytes ? (c->key->shared_bytes + 3) / 4 : 8192;
      gv_sb_printf(h, "shared uint shm[%u];\n", words > 16384 ? 16384 : words);
   }
}

static void declare_locals(struct gv_glsl_ctx *c, struct gv_strbuf *h)
{
   const struct gv_tgsi_shader *sh = c->sh;
   if (sh->num_imms) {
      gv_sb_printf(h, "const uvec4 imm[%u] = uvec4[%u](", sh->num_imms, sh->num_imms);
      for (uint32_t i = 0; i < sh->num_imms; i++) {
         const uint32_t *v = sh->imms[i].v;
         gv_sb_printf(h, "%suvec4(%uu, %uu, %uu, %uu)", i ? ",\n   " : "\n   ", v[0], v[1], v[2],
                      v[3]);
      }
      gv_sb_printf(h, ");\n");
   }
}

/* Functions for indirectly addressed per-vertex inputs and TCS outputs:
 * each register lives in its own variable, so a switch picks it. */
static void declare_helpers(struct gv_glsl_ctx *c, struct gv_strbuf *h)
{
   unsigned st = c->sh->stage;
   const char *clampv = st == GV_TGSI_GEOMETRY ? "gl_in.length() - 1" : "gl_MaxPatchVertices - 1";
   if (c->need_in_helper) {
      gv_sb_printf(h, "vec4 gv_in(int v, int r)\n{\n   v = clamp(v, 0, %s);\n   switch (r) {\n",
                   clampv);
      for (uint32_t r = 0; r < c->num_in; r++) {
         const struct gv_tgsi_decl *d = c->in_decl[r];
         if (!d)
            continue;
         enum gv_kind k;
         const char *v = input_value(c, (int32_t)r, per_vertex_in(c, d) ? "v" : NULL, &k);
         gv_sb_printf(h, "   case %u: return %s;\n", r, gv_convert(c, v, k, GV_F, false));
      }
      gv_sb_printf(h, "   }\n   return vec4(0.0);\n}\n");
   }
   if (c->need_out_helper) {
      gv_sb_printf(h, "vec4 gv_out(int v, int r)\n{\n   v = clamp(v, 0, gl_out.length() - 1);\n"
                      "   switch (r) {\n");
      for (uint32_t r = 0; r < c->num_out; r++) {
         const struct gv_tgsi_decl *d = c->out_decl[r];
         if (!d)
            continue;
         const char *comps[4];
         for (unsigned i = 0; i < 4; i++) {
            enum gv_kind k;
            const char *lv = output_lvalue(c, (int32_t)r, i, per_vertex_out(c, d) ? "v" : NULL, &k);
            comps[i] = lv ? gv_convert(c, lv, k, GV_F, true) : "0.0";
         }
         gv_sb_printf(h, "   case %u: return vec4(%s, %s, %s, %s);\n", r, comps[0], comps[1],
                      comps[2], comps[3]);
      }
      gv_sb_printf(h, "   }\n   return vec4(0.0);\n}\n");
   }
}

static void declare_main_locals(struct gv_glsl_ctx *c, struct gv_strbuf *h)
{
   if (c->temp_flat) {
      if (c->num_temps)
         gv_sb_printf(h, "   vec4 t[%d];\n   for (int i = 0; i < %d; i++) t[i] = vec4(0.0);\n",
                      c->num_temps, c->num_temps);
   } else {
      bool *in_array = calloc((size_t)c->num_temps + 1, 1);
      for (unsigned a = 1; a < GV_TGSI_MAX_ARRAYS; a++) {
         if (!c->temp_array_len[a])
            continue;
         gv_sb_printf(h, "   vec4 ta%u[%u];\n   for (int i = 0; i < %u; i++) ta%u[i] = vec4(0.0);\n",
                      a, c->temp_array_len[a], c->temp_array_len[a], a);
         for (unsigned r = c->temp_array_first[a];
              in_array && r < (unsigned)c->temp_array_first[a] + c->temp_array_len[a]; r++)
            in_array[r] = true;
      }
      for (int32_t t = 0; t < c->num_temps; t++) {
         if (!in_array || !in_array[t])
            gv_sb_printf(h, "   vec4 t%d = vec4(0.0);\n", t);
      }
      free(in_array);
   }
   for (uint32_t a = 0; a < c->num_addr; a++)
      gv_sb_printf(h, "   ivec4 a%u = ivec4(0);\n", a);
   if (c->num_out && c->sh->stage != GV_TGSI_TESS_CTRL)
      gv_sb_printf(h, "   vec4 o[%u];\n   for (int i = 0; i < %u; i++) o[i] = vec4(0.0);\n",
                   c->num_out, c->num_out);
   uint32_t locs = c->sh->stage == GV_TGSI_FRAGMENT ? color_out_locs(c) : 0;
   for (unsigned loc = 0; loc < 8; loc++)
      if ((locs >> loc & 1) && logicop_applies(c, loc))
         gv_sb_printf(h, "   %s gv_dst%u = fs_out%u;\n", gv_kind_vec(cbuf_kind(c, loc)), loc, loc);
   if (c->in_indirect && c->num_in) {
      gv_sb_printf(h, "   vec4 inp[%u];\n", c->num_in);
      for (uint32_t r = 0; r < c->num_in; r++) {
         enum gv_kind k = GV_F;
         const char *v = c->in_decl[r] ? input_value(c, (int32_t)r, NULL, &k) : "vec4(0.0)";
         gv_sb_printf(h, "   inp[%u] = %s;\n", r, gv_convert(c, v, k, GV_F, false));
      }
   }
}

/* ---- control flow and the driver ------------------------------------- */

static bool emit_flow(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, bool *handled)
{
   *handled = true;
   switch (in->opcode) {
   case GV_OP_IF:
      gv_line(c, "if (%s != 0.0) {", gv_src_scalar(c, &in->src[0], GV_F, 0));
      c->indent++;
      break;
   case GV_OP_UIF:
      gv_line(c, "if (%s != 0u) {", gv_src_scalar(c, &in->src[0], GV_U, 0));
      c->indent++;
      break;
   case GV_OP_ELSE:
      c->indent--;
      gv_line(c, "} else {");
      c->indent++;
      break;
   case GV_OP_ENDIF:
   case GV_OP_ENDLOOP:
      c->indent--;
      gv_line(c, "}");
      break;
   case GV_OP_BGNLOOP:
      gv_line(c, "while (true) {");
      c->indent++;
      break;
   case GV_OP_BRK: gv_line(c, "break;"); break;
   case GV_OP_CONT: gv_line(c, "continue;"); break;
   case GV_OP_SWITCH:
      gv_line(c, "switch (%s) {", gv_src_scalar(c, &in->src[0], GV_I, 0));
      c->indent++;
      break;
   case GV_OP_CASE: {
      const struct gv_tgsi_src *s = &in->src[0];
      if (s->file != GV_FILE_IMM || s->indirect || (uint32_t)s->index >= c->sh->num_imms)
         return gv_glsl_fail(c, "CASE needs an immediate value");
      gv_line(c, "case %d:", (int32_t)c->sh->imms[s->index].v[s->swz[0]]);
      break;
   }
   case GV_OP_DEFAULT: gv_line(c, "default:"); break;
   case GV_OP_ENDSWITCH:
      c->indent--;
      gv_line(c, "}");
      break;
   case GV_OP_RET:
      gv_flush_outputs(c);
      gv_line(c, "return;");
      break;
   case GV_OP_END:
      gv_flush_outputs(c);
      break;
   case GV_OP_NOP: break;
   case GV_OP_KILL:
   case GV_OP_DEMOTE:
      if (c->sh->stage != GV_TGSI_FRAGMENT)
         return gv_glsl_fail(c, "%s outside a fragment shader", gv_tgsi_opinfo[in->opcode].name);
      gv_line(c, "discard;");
      break;
   case GV_OP_KILL_IF:
      if (c->sh->stage != GV_TGSI_FRAGMENT)
         return gv_glsl_fail(c, "KILL_IF outside a fragment shader");
      gv_line(c, "if (any(lessThan(%s, vec4(0.0)))) discard;", gv_src(c, &in->src[0], GV_F));
      break;
   case GV_OP_EMIT:
   case GV_OP_ENDPRIM: {
      if (c->sh->stage != GV_TGSI_GEOMETRY)
         return gv_glsl_fail(c, "%s outside a geometry shader", gv_tgsi_opinfo[in->opcode].name);
      const struct gv_tgsi_src *s = &in->src[0];
      uint32_t stream = 0;
      if (s->file == GV_FILE_IMM && !s->indirect && (uint32_t)s->index < c->sh->num_imms)
         stream = c->sh->imms[s->index].v[s->swz[0]];
      if (stream > 3)
         return gv_glsl_fail(c, "geometry stream %u out of range", stream);
      if (in->opcode == GV_OP_EMIT)
         gv_flush_outputs(c);
      if (stream) {
         gv_need(c, GV_FEAT_GS_STREAMS);
         gv_line(c, "%s(%u);", in->opcode == GV_OP_EMIT ? "EmitStreamVertex" : "EndStreamPrimitive",
                 stream);
      } else {
         gv_line(c, "%s();", in->opcode == GV_OP_EMIT ? "EmitVertex" : "EndPrimitive");
      }
      break;
   }
   case GV_OP_BARRIER:
      if (c->sh->stage != GV_TGSI_COMPUTE && c->sh->stage != GV_TGSI_TESS_CTRL)
         return gv_glsl_fail(c, "BARRIER outside compute and tessellation control shaders");
      gv_line(c, "barrier();");
      break;
   case GV_OP_MEMBAR: {
      gv_need(c, GV_FEAT_BARRIER_MEMORY);
      gv_line(c, "memoryBarrier();");
      if (c->sh->stage == GV_TGSI_COMPUTE)
         gv_line(c, "memoryBarrierShared();");
      break;
   }
   case GV_OP_CAL:
   case GV_OP_BGNSUB:
   case GV_OP_ENDSUB:
      return gv_glsl_fail(c, "subroutines (%s) are not supported", gv_tgsi_opinfo[in->opcode].name);
   default:
      *handled = false;
      break;
   }
   return true;
}

static bool emit_insn(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in)
{
   bool handled;
   if (!emit_flow(c, in, &handled))
      return false;
   if (handled)
      return true;
   if (in->texture != GV_TEX_COUNT || in->opcode == GV_OP_TXQ || in->opcode == GV_OP_TXQS ||
       in->opcode == GV_OP_LODQ || in->opcode == GV_OP_TG4 || in->opcode == GV_OP_TXF)
      return gv_emit_tex(c, in);
   switch (in->opcode) {
   case GV_OP_LOAD:
   case GV_OP_STORE:
   case GV_OP_RESQ:
   case GV_OP_ATOMUADD: case GV_OP_ATOMXCHG: case GV_OP_ATOMCAS: case GV_OP_ATOMAND:
   case GV_OP_ATOMOR: case GV_OP_ATOMXOR: case GV_OP_ATOMUMIN: case GV_OP_ATOMUMAX:
   case GV_OP_ATOMIMIN: case GV_OP_ATOMIMAX: case GV_OP_ATOMFADD: case GV_OP_ATOMINC_WRAP:
   case GV_OP_ATOMDEC_WRAP:
      return gv_emit_mem(c, in);
   default:
      return gv_emit_alu(c, in);
   }
}

static const char *stage_names[] = { "vertex", "tessellation control", "tessellation evaluation",
                                     "geometry", "fragment", "compute" };

static bool stage_supported(struct gv_glsl_ctx *c)
{
   switch (c->sh->stage) {
   case GV_TGSI_GEOMETRY: gv_need(c, GV_FEAT_GEOMETRY); break;
   case GV_TGSI_TESS_CTRL:
   case GV_TGSI_TESS_EVAL: gv_need(c, GV_FEAT_TESSELLATION); break;
   case GV_TGSI_COMPUTE: gv_need(c, GV_FEAT_COMPUTE); break;
   default: break;
   }
   (void)stage_names;
   return true;
}

bool gv_glsl_translate(const struct gv_tgsi_shader *sh, const struct gv_glsl_target *target,
                       const struct gv_shader_key *key, struct gv_glsl_result *out, char *err,
                       size_t err_size)
{
   struct gv_shader_key default_key;
   if (!key) {
      gv_shader_key_init(&default_key);
      key = &default_key;
   }
   memset(out, 0, sizeof(*out));
   struct gv_glsl_ctx *c = calloc(1, sizeof(*c));
   if (!c) {
      snprintf(err, err_size, "out of memory");
      return false;
   }
   c->sh = sh;
   c->target = target;
   c->key = key;
   c->err = err;
   c->err_size = err_size;
   c->prefix = stage_prefix(sh->stage);
   c->in_decl = calloc(GV_TGSI_MAX_REG, sizeof(*c->in_decl));
   c->out_decl = calloc(GV_TGSI_MAX_REG, sizeof(*c->out_decl));
   c->sv_decl = calloc(GV_TGSI_MAX_REG, sizeof(*c->sv_decl));
   if (err_size)
      err[0] = 0;
   struct gv_strbuf h = { 0 }, decls = { 0 };
   bool ok = c->in_decl && c->out_decl && c->sv_decl;
   if (!ok)
      gv_glsl_fail(c, "out of memory");
   ok = ok && analyze(c) && stage_supported(c) && stream_outputs_valid(c);
   if (ok && sh->stage == GV_TGSI_TESS_CTRL)
      write_missing_outputs(c);
   if (ok) {
      for (uint32_t i = 0; i < sh->num_insns && !c->failed; i++) {
         if (!emit_insn(c, &sh->insns[i]) && !c->failed)
            gv_glsl_fail(c, "cannot translate %s", gv_tgsi_opinfo[sh->insns[i].opcode].name);
         if (c->failed && err_size) {
            /* Prefix the message with the line of the instruction. */
            char tmp[512];
            snprintf(tmp, sizeof(tmp), "TGSI line %u (%s): %s", sh->insns[i].line,
                     gv_tgsi_opinfo[sh->insns[i].opcode].name, err);
            snprintf(err, err_size, "%s", tmp);
         }
      }
      ok = !c->failed;
   }
   if (ok) {
      declare_layouts(c, &decls);
      declare_interface(c, &decls);
      declare_resources(c, &decls);
      declare_locals(c, &decls);
      declare_helpers(c, &decls);
      gv_fp64_declare(&decls, c->fp64_need);
      struct gv_strbuf locals = { 0 };
      declare_main_locals(c, &locals);
      uint16_t version = 0;
      uint64_t use_ext = 0;
      ok = !c->failed && gv_glsl_resolve(c, &version, &use_ext);
      if (ok) {
         gv_sb_printf(&h, "#version %u%s\n", version, target->es ? " es" : "");
         for (unsigned f = 0; f < GV_FEAT_COUNT; f++) {
            if (use_ext & (1ull << f)) {
               const char *e = gv_glsl_ext_directive(target->es, f);
               /* Several features share one extension: name it once. */
               bool dup = false;
               for (unsigned g = 0; g < f; g++)
                  dup |= (use_ext & (1ull << g)) && !strcmp(gv_glsl_ext_directive(target->es, g), e);
               if (!dup)
                  gv_sb_printf(&h, "#extension %s : require\n", e);
            }
         }
         if (target->es)
            gv_sb_printf(&h, "precision highp float;\nprecision highp int;\n");
         gv_sb_printf(&h, "%s", decls.data ? decls.data : "");
         gv_sb_printf(&h, "void main()\n{\n%s%s}\n", locals.data ? locals.data : "",
                      c->body.data ? c->body.data : "");
         if (h.overflow || c->body.overflow || decls.overflow || locals.overflow)
            ok = gv_glsl_fail(c, "GLSL output exceeds %u bytes", GV_GLSL_MAX_OUTPUT);
         out->version = version;
      }
      gv_sb_free(&locals);
   }
   if (ok) {
      out->glsl = h.data;
      out->len = h.len;
      out->features = c->features;
      memcpy(out->warnings, c->warnings, sizeof(out->warnings));
      h.data = NULL;
   }
   gv_sb_free(&h);
   gv_sb_free(&decls);
   gv_sb_free(&c->body);
   for (size_t i = 0; i < c->num_strs; i++)
      free(c->strs[i]);
   free(c->strs);
   free(c->in_decl);
   free(c->out_decl);
   free(c->sv_decl);
   free(c);
   return ok;
}

void gv_glsl_result_free(struct gv_glsl_result *r)
{
   free(r->glsl);
   memset(r, 0, sizeof(*r));
}

void gv_shader_key_init(struct gv_shader_key *key)
{
   memset(key, 0, sizeof(*key));
   key->prev_stage = GV_TGSI_STAGE_COUNT;
   key->nr_cbufs = 1;
   memset(key->out_interp, GV_INTERP_NONE, sizeof(key->out_interp));
   memset(key->color_interp, GV_INTERP_NONE, sizeof(key->color_interp));
   memset(key->texcoord_interp, GV_INTERP_NONE, sizeof(key->texcoord_interp));
}

void gv_shader_key_from_next(struct gv_shader_key *key, const struct gv_tgsi_shader *next)
{
   for (uint32_t i = 0; i < next->num_decls; i++) {
      const struct gv_tgsi_decl *d = &next->decls[i];
      if (d->file != GV_FILE_IN)
         continue;
      for (uint32_t r = d->first; r <= d->last; r++) {
         uint32_t si = d->sem_index + (r - d->first);
         if (si < 64) {
            uint64_t bit = 1ull << si;
            switch (d->semantic) {
            case GV_SEM_GENERIC: key->next_generic |= bit; break;
            case GV_SEM_PATCH: key->next_patch |= bit; break;
            case GV_SEM_COLOR: key->next_color |= (uint8_t)(si < 8 ? bit : 0); break;
            case GV_SEM_BCOLOR: key->next_bcolor |= (uint8_t)(si < 8 ? bit : 0); break;
            case GV_SEM_TEXCOORD: key->next_texcoord |= (uint8_t)(si < 8 ? bit : 0); break;
            case GV_SEM_FOG: key->next_fog |= (uint8_t)(si < 8 ? bit : 0); break;
            default: break;
            }
         }
         if (d->interp == GV_INTERP_NONE)
            continue;
         uint8_t interp = d->interp == GV_INTERP_COLOR ? GV_INTERP_PERSPECTIVE : d->interp;
         if (d->semantic == GV_SEM_GENERIC && si < GV_MAX_VARYING_SLOTS)
            key->out_interp[si] = interp, key->out_loc[si] = d->interp_loc;
         else if (d->semantic == GV_SEM_COLOR && si < 2)
            key->color_interp[si] = interp, key->color_loc[si] = d->interp_loc;
         else if (d->semantic == GV_SEM_TEXCOORD && si < 8)
            key->texcoord_interp[si] = interp, key->texcoord_loc[si] = d->interp_loc;
      }
   }
}

void gv_shader_key_from_prev(struct gv_shader_key *key, const struct gv_tgsi_shader *prev)
{
   for (uint32_t i = 0; i < prev->num_decls; i++) {
      const struct gv_tgsi_decl *d = &prev->decls[i];
      /* Tessellation control outputs are declared without it. */
      if (d->file != GV_FILE_OUT || !d->invariant || prev->stage == GV_TGSI_TESS_CTRL)
         continue;
      for (uint32_t r = d->first; r <= d->last; r++) {
         uint32_t si = d->sem_index + (r - d->first);
         if (d->semantic == GV_SEM_GENERIC && si < 64)
            key->in_invariant_generic |= 1ull << si;
         else if (d->semantic == GV_SEM_COLOR && si < 2)
            key->in_invariant_color |= (uint8_t)(1u << si);
         else if (d->semantic == GV_SEM_BCOLOR && si < 2)
            key->in_invariant_color |= (uint8_t)(4u << si);
         else if (d->semantic == GV_SEM_TEXCOORD && si < 8)
            key->in_invariant_texcoord |= (uint8_t)(1u << si);
      }
   }
}

bool gv_tgsi_to_glsl(const char *text, size_t len, const struct gv_glsl_target *target,
                     const struct gv_shader_key *key, struct gv_glsl_result *out, char *err,
                     size_t err_size)
{
   struct gv_tgsi_shader sh;
   bool ok = gv_tgsi_parse(text, len, &sh, err, err_size) &&
             gv_glsl_translate(&sh, target, key, out, err, err_size);
   gv_tgsi_free(&sh);
   return ok;
}
