/* Arithmetic, logic, conversion, 64-bit and interpolation instructions. */
#include <string.h>

#include "shader/glsl_priv.h"

/* Component-wise ops: the GLSL expression with %0..%2 standing for the
 * source vectors read as the given kinds. Sources: k0..k2, result: kr. */
struct vec_op {
   uint16_t op;
   const char *fmt;
   uint8_t k[3], kr;
   int8_t feature;         /* -1: none */
};

#define F GV_F
#define I GV_I
#define U GV_U
static const struct vec_op vec_ops[] = {
   { GV_OP_ADD, "(%0 + %1)", { F, F }, F, -1 },
   { GV_OP_MUL, "(%0 * %1)", { F, F }, F, -1 },
   { GV_OP_MAD, "(%0 * %1 + %2)", { F, F, F }, F, -1 },
   { GV_OP_DIV, "(%0 / %1)", { F, F }, F, -1 },
   { GV_OP_MIN, "min(%0, %1)", { F, F }, F, -1 },
   { GV_OP_MAX, "max(%0, %1)", { F, F }, F, -1 },
   { GV_OP_SLT, "vec4(lessThan(%0, %1))", { F, F }, F, -1 },
   { GV_OP_SGE, "vec4(greaterThanEqual(%0, %1))", { F, F }, F, -1 },
   { GV_OP_SEQ, "vec4(equal(%0, %1))", { F, F }, F, -1 },
   { GV_OP_SGT, "vec4(greaterThan(%0, %1))", { F, F }, F, -1 },
   { GV_OP_SLE, "vec4(lessThanEqual(%0, %1))", { F, F }, F, -1 },
   { GV_OP_SNE, "vec4(notEqual(%0, %1))", { F, F }, F, -1 },
   { GV_OP_FSEQ, "(-ivec4(equal(%0, %1)))", { F, F }, I, -1 },
   { GV_OP_FSGE, "(-ivec4(greaterThanEqual(%0, %1)))", { F, F }, I, -1 },
   { GV_OP_FSLT, "(-ivec4(lessThan(%0, %1)))", { F, F }, I, -1 },
   { GV_OP_FSNE, "(-ivec4(notEqual(%0, %1)))", { F, F }, I, -1 },
   { GV_OP_LRP, "mix(%2, %1, %0)", { F, F, F }, F, -1 },
   { GV_OP_CMP, "mix(%2, %1, lessThan(%0, vec4(0.0)))", { F, F, F }, F, -1 },
   { GV_OP_FLR, "floor(%0)", { F }, F, -1 },
   { GV_OP_CEIL, "ceil(%0)", { F }, F, -1 },
   { GV_OP_TRUNC, "trunc(%0)", { F }, F, -1 },
   { GV_OP_FRC, "fract(%0)", { F }, F, -1 },
   { GV_OP_ROUND, "roundEven(%0)", { F }, F, -1 },
   { GV_OP_SSG, "sign(%0)", { F }, F, -1 },
   { GV_OP_DDX, "dFdx(%0)", { F }, F, -1 },
   { GV_OP_DDY, "dFdy(%0)", { F }, F, -1 },
   { GV_OP_LDEXP, "ldexp(%0, %1)", { F, I }, F, GV_FEAT_GPU_SHADER5 },
   { GV_OP_I2F, "vec4(%0)", { I }, F, -1 },
   { GV_OP_U2F, "vec4(%0)", { U }, F, -1 },
   { GV_OP_F2I, "ivec4(%0)", { F }, I, -1 },
   { GV_OP_F2U, "uvec4(%0)", { F }, U, -1 },
   { GV_OP_ARL, "ivec4(floor(%0))", { F }, I, -1 },
   { GV_OP_ARR, "ivec4(roundEven(%0))", { F }, I, -1 },
   { GV_OP_UARL, "ivec4(%0)", { U }, I, -1 },
   { GV_OP_NOT, "(~%0)", { U }, U, -1 },
   { GV_OP_AND, "(%0 & %1)", { U, U }, U, -1 },
   { GV_OP_OR, "(%0 | %1)", { U, U }, U, -1 },
   { GV_OP_XOR, "(%0 ^ %1)", { U, U }, U, -1 },
   { GV_OP_SHL, "(%0 << (%1 & uvec4(31u)))", { U, U }, U, -1 },
   { GV_OP_USHR, "(%0 >> (%1 & uvec4(31u)))", { U, U }, U, -1 },
   { GV_OP_ISHR, "(%0 >> (%1 & ivec4(31)))", { I, I }, I, -1 },
   { GV_OP_UADD, "(%0 + %1)", { U, U }, U, -1 },
   { GV_OP_UMUL, "(%0 * %1)", { U, U }, U, -1 },
   { GV_OP_UMAD, "(%0 * %1 + %2)", { U, U, U }, U, -1 },
   { GV_OP_UMAX, "max(%0, %1)", { U, U }, U, -1 },
   { GV_OP_UMIN, "min(%0, %1)", { U, U }, U, -1 },
   { GV_OP_IMAX, "max(%0, %1)", { I, I }, I, -1 },
   { GV_OP_IMIN, "min(%0, %1)", { I, I }, I, -1 },
   { GV_OP_INEG, "(-%0)", { I }, I, -1 },
   { GV_OP_IABS, "abs(%0)", { I }, I, -1 },
   { GV_OP_ISSG, "sign(%0)", { I }, I, -1 },
   { GV_OP_USEQ, "(-ivec4(equal(%0, %1)))", { U, U }, I, -1 },
   { GV_OP_USNE, "(-ivec4(notEqual(%0, %1)))", { U, U }, I, -1 },
   { GV_OP_USGE, "(-ivec4(greaterThanEqual(%0, %1)))", { U, U }, I, -1 },
   { GV_OP_USLT, "(-ivec4(lessThan(%0, %1)))", { U, U }, I, -1 },
   { GV_OP_ISGE, "(-ivec4(greaterThanEqual(%0, %1)))", { I, I }, I, -1 },
   { GV_OP_ISLT, "(-ivec4(lessThan(%0, %1)))", { I, I }, I, -1 },
   { GV_OP_UCMP, "((%1 & M) | (%2 & ~M))", { U, U, U }, U, -1 },
   { GV_OP_BREV, "bitfieldReverse(%0)", { U }, U, GV_FEAT_GPU_SHADER5 },
   { GV_OP_POPC, "bitCount(%0)", { U }, I, GV_FEAT_GPU_SHADER5 },
   { GV_OP_LSB, "findLSB(%0)", { U }, I, GV_FEAT_GPU_SHADER5 },
   { GV_OP_IMSB, "findMSB(%0)", { I }, I, GV_FEAT_GPU_SHADER5 },
   { GV_OP_UMSB, "findMSB(%0)", { U }, I, GV_FEAT_GPU_SHADER5 },
};

/* Ops on .x of the first source, replicated to every channel. */
struct scalar_op {
   uint16_t op;
   const char *fmt;
};

static const struct scalar_op scalar_ops[] = {
   { GV_OP_RCP, "(1.0 / %0)" }, { GV_OP_RSQ, "inversesqrt(%0)" }, { GV_OP_SQRT, "sqrt(%0)" },
   { GV_OP_EX2, "exp2(%0)" },   { GV_OP_LG2, "log2(%0)" },        { GV_OP_POW, "pow(%0, %1)" },
   { GV_OP_COS, "cos(%0)" },    { GV_OP_SIN, "sin(%0)" },
};

static bool can_use(struct gv_glsl_ctx *c, enum gv_glsl_feature f)
{
   return gv_glsl_can_use(c, f);
}

/* Substitutes %0..%2 in fmt; M stands for the UCMP mask of %0. */
static const char *subst(struct gv_glsl_ctx *c, const char *fmt, const char *const *a)
{
   struct gv_strbuf sb = { 0 };
   for (const char *p = fmt; *p; p++) {
      if (p[0] == '%' && p[1] >= '0' && p[1] <= '2') {
         gv_sb_printf(&sb, "%s", a[p[1] - '0']);
         p++;
      } else if (p[0] == 'M' && (p == fmt || p[-1] == ' ' || p[-1] == '~' || p[-1] == '(')) {
         gv_sb_printf(&sb, "(uvec4(notEqual(%s, uvec4(0u))) * 0xffffffffu)", a[0]);
      } else {
         gv_sb_printf(&sb, "%c", *p);
      }
   }
   const char *r = gv_fmt(c, "%s", sb.data ? sb.data : "");
   gv_sb_free(&sb);
   return r;
}

static bool emit_vec(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, const struct vec_op *o)
{
   if (o->feature >= 0)
      gv_need(c, (enum gv_glsl_feature)o->feature);
   const char *a[3] = { "", "", "" };
   for (unsigned i = 0; i < in->num_src && i < 3; i++)
      a[i] = gv_src(c, &in->src[i], (enum gv_kind)o->k[i]);
   gv_store(c, in, 0, (enum gv_kind)o->kr, subst(c, o->fmt, a));
   return true;
}

/* Integer division and remainder with TGSI's results for a zero divisor
 * (all ones for unsigned, 0 for signed), never a GLSL undefined value. */
static bool emit_div(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in)
{
   bool sgn = in->opcode == GV_OP_IDIV || in->opcode == GV_OP_MOD;
   enum gv_kind k = sgn ? GV_I : GV_U;
   const char *t = gv_kind_vec(k);
   gv_line(c, "{");
   gv_line(c, "   %s a = %s;", t, gv_src(c, &in->src[0], k));
   gv_line(c, "   %s b = %s;", t, gv_src(c, &in->src[1], k));
   if (sgn) {
      gv_line(c, "   ivec4 z = ivec4(equal(b, ivec4(0)));");
      gv_line(c, "   ivec4 q = (a / (b + z)) * (1 - z);");
      if (in->opcode == GV_OP_IDIV)
         gv_line(c, "   %s;", "ivec4 r = q");
      else
         gv_line(c, "   ivec4 r = (a - q * b) * (1 - z);");
   } else {
      gv_line(c, "   uvec4 z = uvec4(equal(b, uvec4(0u))) * 0xffffffffu;");
      gv_line(c, "   uvec4 bb = max(b, uvec4(1u));");
      if (in->opcode == GV_OP_UDIV)
         gv_line(c, "   uvec4 r = (a / bb) | z;");
      else
         gv_line(c, "   uvec4 r = (a %% bb) | z;");
   }
   c->indent++;
   gv_store(c, in, 0, k, "r");
   c->indent--;
   gv_line(c, "}");
   return true;
}

/* Ops whose GLSL functions take scalars: applied per written channel. */
static bool emit_per_channel(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in)
{
   static const char xyzw[] = "xyzw";
   enum gv_kind kr = GV_U;
   gv_need(c, GV_FEAT_GPU_SHADER5);
   gv_line(c, "{");
   for (unsigned i = 0; i < in->num_src; i++) {
      enum gv_kind k = GV_U;
      if (in->opcode == GV_OP_IBFE && i == 0)
         k = GV_I;
      if (in->opcode == GV_OP_IMUL_HI)
         k = GV_I;
      if ((in->opcode == GV_OP_IBFE || in->opcode == GV_OP_UBFE) && i > 0)
         k = GV_I;
      if (in->opcode == GV_OP_BFI && i > 1)
         k = GV_I;
      gv_line(c, "   %s s%u = %s;", gv_kind_vec(k), i, gv_src(c, &in->src[i], k));
   }
   if (in->opcode == GV_OP_IBFE || in->opcode == GV_OP_IMUL_HI)
      kr = GV_I;
   gv_line(c, "   %s r = %s(0);", gv_kind_vec(kr), gv_kind_vec(kr));
   for (unsigned ch = 0; ch < 4; ch++) {
      if (!(in->dst[0].mask & (1u << ch)))
         continue;
      char x = xyzw[ch];
      switch (in->opcode) {
      case GV_OP_IBFE:
      case GV_OP_UBFE:
         /* TGSI: a width of 0 gives 0; offsets/widths past 32 are clamped. */
         gv_line(c, "   r.%c = s2.%c == 0 ? 0%s : bitfieldExtract(s0.%c, clamp(s1.%c, 0, 31), "
                 "clamp(s2.%c, 0, 32 - clamp(s1.%c, 0, 31)));", x, x,
                 in->opcode == GV_OP_UBFE ? "u" : "", x, x, x, x);
         break;
      case GV_OP_BFI:
         gv_line(c, "   r.%c = s3.%c == 0 ? s0.%c : bitfieldInsert(s0.%c, s1.%c, clamp(s2.%c, 0, 31), "
                 "clamp(s3.%c, 0, 32 - clamp(s2.%c, 0, 31)));", x, x, x, x, x, x, x, x);
         break;
      case GV_OP_UMUL_HI:
         gv_line(c, "   { uint lo; umulExtended(s0.%c, s1.%c, r.%c, lo); }", x, x, x);
         break;
      case GV_OP_IMUL_HI:
         gv_line(c, "   { int lo; imulExtended(s0.%c, s1.%c, r.%c, lo); }", x, x, x);
         break;
      default:
         break;
      }
   }
   c->indent++;
   gv_store(c, in, 0, kr, "r");
   c->indent--;
   gv_line(c, "}");
   return true;
}

/* ---- 64-bit lanes ---------------------------------------------------- */

/* Lane operand/result types: d double, I int64, U uint64, f/i/u 32-bit. */
struct lane_op {
   uint16_t op;
   const char *fmt;
   char src[4];
   char res;
};

static const struct lane_op lane_ops[] = {
   { GV_OP_DABS, "abs(%0)", "d", 'd' },   { GV_OP_DNEG, "(-%0)", "d", 'd' },
   { GV_OP_DADD, "(%0 + %1)", "dd", 'd' }, { GV_OP_DMUL, "(%0 * %1)", "dd", 'd' },
   { GV_OP_DDIV, "(%0 / %1)", "dd", 'd' }, { GV_OP_DMAX, "max(%0, %1)", "dd", 'd' },
   { GV_OP_DMIN, "min(%0, %1)", "dd", 'd' }, { GV_OP_DMAD, "(%0 * %1 + %2)", "ddd", 'd' },
   { GV_OP_DFMA, "fma(%0, %1, %2)", "ddd", 'd' }, { GV_OP_DRCP, "(1.0LF / %0)", "d", 'd' },
   { GV_OP_DSQRT, "sqrt(%0)", "d", 'd' }, { GV_OP_DRSQ, "inversesqrt(%0)", "d", 'd' },
   { GV_OP_DFRAC, "fract(%0)", "d", 'd' }, { GV_OP_DTRUNC, "trunc(%0)", "d", 'd' },
   { GV_OP_DCEIL, "ceil(%0)", "d", 'd' }, { GV_OP_DFLR, "floor(%0)", "d", 'd' },
   { GV_OP_DROUND, "roundEven(%0)", "d", 'd' }, { GV_OP_DSSG, "sign(%0)", "d", 'd' },
   { GV_OP_DSLT, "(%0 < %1 ? -1 : 0)", "dd", 'i' }, { GV_OP_DSGE, "(%0 >= %1 ? -1 : 0)", "dd", 'i' },
   { GV_OP_DSEQ, "(%0 == %1 ? -1 : 0)", "dd", 'i' }, { GV_OP_DSNE, "(%0 != %1 ? -1 : 0)", "dd", 'i' },
   { GV_OP_D2F, "float(%0)", "d", 'f' }, { GV_OP_D2I, "int(%0)", "d", 'i' },
   { GV_OP_D2U, "uint(%0)", "d", 'u' }, { GV_OP_F2D, "double(%0)", "f", 'd' },
   { GV_OP_I2D, "double(%0)", "i", 'd' }, { GV_OP_U2D, "double(%0)", "u", 'd' },
   { GV_OP_DLDEXP, "ldexp(%0, %1)", "di", 'd' },
   { GV_OP_U64ADD, "(%0 + %1)", "UU", 'U' }, { GV_OP_U64MUL, "(%0 * %1)", "UU", 'U' },
   { GV_OP_U64SHL, "(%0 << (%1 & 63u))", "Uu", 'U' }, { GV_OP_I64SHR, "(%0 >> (%1 & 63u))", "Iu", 'I' },
   { GV_OP_U64SHR, "(%0 >> (%1 & 63u))", "Uu", 'U' },
   { GV_OP_U64DIV, "(%1 == 0ul ? ~0ul : %0 / %1)", "UU", 'U' },
   { GV_OP_I64DIV, "(%1 == 0l ? -1l : %0 / %1)", "II", 'I' },
   { GV_OP_U64MOD, "(%1 == 0ul ? ~0ul : %0 %% %1)", "UU", 'U' },
   { GV_OP_I64MOD, "(%1 == 0l ? -1l : %0 - (%0 / %1) * %1)", "II", 'I' },
   { GV_OP_I64ABS, "abs(%0)", "I", 'I' }, { GV_OP_I64NEG, "(-%0)", "I", 'I' },
   { GV_OP_I64SSG, "sign(%0)", "I", 'I' }, { GV_OP_I64MIN, "min(%0, %1)", "II", 'I' },
   { GV_OP_I64MAX, "max(%0, %1)", "II", 'I' }, { GV_OP_U64MIN, "min(%0, %1)", "UU", 'U' },
   { GV_OP_U64MAX, "max(%0, %1)", "UU", 'U' },
   { GV_OP_U64SEQ, "(%0 == %1 ? -1 : 0)", "UU", 'i' }, { GV_OP_U64SNE, "(%0 != %1 ? -1 : 0)", "UU", 'i' },
   { GV_OP_U64SLT, "(%0 < %1 ? -1 : 0)", "UU", 'i' }, { GV_OP_U64SGE, "(%0 >= %1 ? -1 : 0)", "UU", 'i' },
   { GV_OP_I64SLT, "(%0 < %1 ? -1 : 0)", "II", 'i' }, { GV_OP_I64SGE, "(%0 >= %1 ? -1 : 0)", "II", 'i' },
   { GV_OP_F2I64, "int64_t(%0)", "f", 'I' }, { GV_OP_F2U64, "uint64_t(%0)", "f", 'U' },
   { GV_OP_D2I64, "int64_t(%0)", "d", 'I' }, { GV_OP_D2U64, "uint64_t(%0)", "d", 'U' },
   { GV_OP_I2I64, "int64_t(%0)", "i", 'I' }, { GV_OP_U2I64, "uint64_t(%0)", "u", 'U' },
   { GV_OP_I642F, "float(%0)", "I", 'f' }, { GV_OP_U642F, "float(%0)", "U", 'f' },
   { GV_OP_I642D, "double(%0)", "I", 'd' }, { GV_OP_U642D, "double(%0)", "U", 'd' },
};

static bool is_wide(char t)
{
   return t == 'd' || t == 'I' || t == 'U';
}

static const char *lane_type(char t)
{
   switch (t) {
   case 'd': return "double";
   case 'I': return "int64_t";
   case 'U': return "uint64_t";
   case 'f': return "float";
   case 'i': return "int";
   default: return "uint";
   }
}

/* The destination channels of each of the two 64-bit lanes (a pair for
 * 64-bit results, .x/.z for 32-bit compares of 64-bit values, .x/.y for
 * other conversions); true when the mask writes only one of them. Mesa's
 * nir-to-tgsi writes a single result into the second lane with its operands
 * in the first pair of their swizzles (copied to .xy of a temporary), and
 * virglrenderer reads them so: callers then take operands from lane 0. */
static bool plan_lanes(uint8_t mask, bool wide, bool compare, uint8_t lane_bits[2])
{
   for (unsigned lane = 0; lane < 2; lane++)
      lane_bits[lane] = wide ? (uint8_t)(3u << (lane * 2)) : (uint8_t)(1u << (compare ? lane * 2 : lane));
   return !(mask & lane_bits[0]) || !(mask & lane_bits[1]);
}

static bool emit_lanes(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, const struct lane_op *o)
{
   bool any_double = o->res == 'd', any_int64 = o->res == 'I' || o->res == 'U';
   for (const char *s = o->src; *s; s++) {
      any_double |= *s == 'd';
      any_int64 |= *s == 'I' || *s == 'U';
   }
   if (any_double)
      gv_need(c, GV_FEAT_FP64);
   if (any_int64)
      gv_need(c, GV_FEAT_INT64);
   if (in->opcode == GV_OP_DFMA)
      gv_need(c, GV_FEAT_FMA);
   uint8_t mask = in->dst[0].mask;
   /* Where each lane's result goes: a channel pair for 64-bit results,
    * .x/.z for 32-bit compares of 64-bit values, .x/.y for conversions. */
   const bool compare = !is_wide(o->res) && strstr(o->fmt, " ? -1 : 0") != NULL;
   uint8_t lane_bits[2];
   const bool single = plan_lanes(mask, is_wide(o->res), compare, lane_bits);
   gv_line(c, "{");
   for (unsigned lane = 0; lane < 2; lane++) {
      if (!(mask & lane_bits[lane]))
         continue;
      const unsigned from = single ? 0 : lane;
      const char *a[3] = { "", "", "" };
      for (unsigned i = 0; o->src[i] && i < 3; i++) {
         char t = o->src[i];
         if (is_wide(t))
            a[i] = gv_src64(c, &in->src[i], lane_type(t), from);
         else
            a[i] = gv_src_scalar(c, &in->src[i], t == 'f' ? GV_F : t == 'i' ? GV_I : GV_U, from);
         /* Named once: the format may use a source twice. */
         gv_line(c, "   %s s%u_%u = %s;", lane_type(t), lane, i, a[i]);
         a[i] = gv_fmt(c, "s%u_%u", lane, i);
      }
      gv_line(c, "   %s r%u = %s;", lane_type(o->res), lane, subst(c, o->fmt, a));
   }
   c->indent++;
   for (unsigned lane = 0; lane < 2; lane++) {
      if (is_wide(o->res)) {
         if (!((mask >> (lane * 2)) & 3))
            continue;
         const char *u = o->res == 'd' ? gv_fmt(c, "unpackDouble2x32(r%u)", lane)
                                       : gv_fmt(c, "unpackUint2x32(uint64_t(r%u))", lane);
         gv_store_mask(c, in, 0, GV_U,
                       lane ? gv_fmt(c, "uvec4(0u, 0u, %s)", u) : gv_fmt(c, "uvec4(%s, 0u, 0u)", u),
                       (uint8_t)(3u << (lane * 2)));
      } else {
         if (!(mask & lane_bits[lane]))
            continue;
         enum gv_kind k = o->res == 'f' ? GV_F : o->res == 'i' ? GV_I : GV_U;
         gv_store_mask(c, in, 0, k, gv_fmt(c, "%s(r%u)", gv_kind_vec(k), lane), lane_bits[lane]);
      }
   }
   c->indent--;
   gv_line(c, "}");
   return true;
}

/* Doubles emulated on uvec2 (glsl_fp64.c) where the host has no fp64.
 * Operand types: d a double's bits (uvec2), b a float's bits (uint), i, u;
 * results: d, i (compares: -1 / 0), u (b for D2F: a float's bits). */
struct emu_op {
   uint16_t op;
   const char *fmt;
   char src[4];
   char res;
   bool compare;
   unsigned need;
};

#define D1 "uvec2(0u, 0x3ff00000u)"
static const struct emu_op emu_ops[] = {
   { GV_OP_DABS, "uvec2(%0.x, %0.y & 0x7fffffffu)", "d", 'd', false, 0 },
   { GV_OP_DNEG, "uvec2(%0.x, %0.y ^ 0x80000000u)", "d", 'd', false, 0 },
   { GV_OP_DADD, "gvd_add(%0, %1)", "dd", 'd', false, GV_FP64_ADD },
   { GV_OP_DMUL, "gvd_mul(%0, %1)", "dd", 'd', false, GV_FP64_MUL },
   { GV_OP_DDIV, "gvd_div(%0, %1)", "dd", 'd', false, GV_FP64_DIV },
   { GV_OP_DMAX, "gvd_max(%0, %1)", "dd", 'd', false, GV_FP64_CMP },
   { GV_OP_DMIN, "gvd_min(%0, %1)", "dd", 'd', false, GV_FP64_CMP },
   { GV_OP_DMAD, "gvd_add(gvd_mul(%0, %1), %2)", "ddd", 'd', false, GV_FP64_ADD | GV_FP64_MUL },
   { GV_OP_DFMA, "gvd_add(gvd_mul(%0, %1), %2)", "ddd", 'd', false, GV_FP64_ADD | GV_FP64_MUL },
   { GV_OP_DRCP, "gvd_div(" D1 ", %0)", "d", 'd', false, GV_FP64_DIV },
   { GV_OP_DSQRT, "gvd_sqrt(%0)", "d", 'd', false, GV_FP64_SQRT },
   { GV_OP_DRSQ, "gvd_div(" D1 ", gvd_sqrt(%0))", "d", 'd', false, GV_FP64_DIV | GV_FP64_SQRT },
   { GV_OP_DFRAC, "gvd_fract(%0)", "d", 'd', false, GV_FP64_RND },
   { GV_OP_DTRUNC, "gvd_round(%0, 0)", "d", 'd', false, GV_FP64_RND },
   { GV_OP_DFLR, "gvd_round(%0, 1)", "d", 'd', false, GV_FP64_RND },
   { GV_OP_DCEIL, "gvd_round(%0, 2)", "d", 'd', false, GV_FP64_RND },
   { GV_OP_DROUND, "gvd_round(%0, 3)", "d", 'd', false, GV_FP64_RND },
   { GV_OP_DSSG, "gvd_sign(%0)", "d", 'd', false, GV_FP64_CMP },
   { GV_OP_DSLT, "(gvd_lt(%0, %1) ? -1 : 0)", "dd", 'i', true, GV_FP64_CMP },
   { GV_OP_DSGE, "(gvd_ge(%0, %1) ? -1 : 0)", "dd", 'i', true, GV_FP64_CMP },
   { GV_OP_DSEQ, "(gvd_eq(%0, %1) ? -1 : 0)", "dd", 'i', true, GV_FP64_CMP },
   { GV_OP_DSNE, "(gvd_eq(%0, %1) ? 0 : -1)", "dd", 'i', true, GV_FP64_CMP },
   { GV_OP_D2F, "gvd_to_f(%0)", "d", 'u', false, GV_FP64_CVT },
   { GV_OP_D2I, "gvd_to_i(%0)", "d", 'i', false, GV_FP64_CVT },
   { GV_OP_D2U, "gvd_to_u(%0)", "d", 'u', false, GV_FP64_CVT },
   { GV_OP_F2D, "gvd_from_f(%0)", "b", 'd', false, GV_FP64_CVT },
   { GV_OP_I2D, "gvd_from_i(%0)", "i", 'd', false, GV_FP64_CVT },
   { GV_OP_U2D, "gvd_from_u64(0u, uvec2(%0, 0u))", "u", 'd', false, GV_FP64_BASE },
   { GV_OP_DLDEXP, "gvd_ldexp(%0, %1)", "di", 'd', false, GV_FP64_CVT },
};
#undef D1

bool gv_fp64_emulated(const struct gv_glsl_ctx *c)
{
   return c->target->es && !gv_glsl_can_use(c, GV_FEAT_FP64);
}

static bool emit_lanes_emulated(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in,
                                const struct emu_op *o)
{
   c->fp64_need |= o->need | GV_FP64_BASE;
   uint8_t mask = in->dst[0].mask;
   const bool wide = o->res == 'd';
   uint8_t lane_bits[2];
   const bool single = plan_lanes(mask, wide, o->compare, lane_bits);
   gv_line(c, "{");
   for (unsigned lane = 0; lane < 2; lane++) {
      if (!(mask & lane_bits[lane]))
         continue;
      const unsigned from = single ? 0 : lane;
      const char *a[3] = { "", "", "" };
      for (unsigned i = 0; o->src[i] && i < 3; i++) {
         char t = o->src[i];
         const char *ty = t == 'd' ? "uvec2" : t == 'i' ? "int" : "uint";
         if (t == 'd')
            a[i] = gv_src64(c, &in->src[i], "uvec2", from);
         else
            a[i] = gv_src_scalar(c, &in->src[i], t == 'i' ? GV_I : GV_U, from);
         gv_line(c, "   %s s%u_%u = %s;", ty, lane, i, a[i]);
         a[i] = gv_fmt(c, "s%u_%u", lane, i);
      }
      gv_line(c, "   %s r%u = %s;", wide ? "uvec2" : o->res == 'i' ? "int" : "uint", lane,
              subst(c, o->fmt, a));
   }
   c->indent++;
   for (unsigned lane = 0; lane < 2; lane++) {
      if (wide) {
         if (!((mask >> (lane * 2)) & 3))
            continue;
         gv_store_mask(c, in, 0, GV_U,
                       lane ? gv_fmt(c, "uvec4(0u, 0u, r%u)", lane) : gv_fmt(c, "uvec4(r%u, 0u, 0u)", lane),
                       (uint8_t)(3u << (lane * 2)));
      } else {
         if (!(mask & lane_bits[lane]))
            continue;
         enum gv_kind k = o->res == 'i' ? GV_I : GV_U;
         gv_store_mask(c, in, 0, k, gv_fmt(c, "%s(r%u)", gv_kind_vec(k), lane), lane_bits[lane]);
      }
   }
   c->indent--;
   gv_line(c, "}");
   return true;
}

/* interpolateAt*: the operand must be the input variable itself. */
static bool emit_interp(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in)
{
   const struct gv_tgsi_src *s = &in->src[0];
   if (c->sh->stage != GV_TGSI_FRAGMENT || s->file != GV_FILE_IN || s->indirect)
      return gv_glsl_fail(c, "interpolation of something other than a fragment input");
   const struct gv_tgsi_decl *d = (uint32_t)s->index < c->num_in ? c->in_decl[s->index] : NULL;
   if (!d || (d->semantic != GV_SEM_GENERIC && d->semantic != GV_SEM_COLOR &&
              d->semantic != GV_SEM_TEXCOORD && d->semantic != GV_SEM_FOG))
      return gv_glsl_fail(c, "interpolation of an unsupported input");
   gv_need(c, GV_FEAT_INTERPOLATE_AT);
   static const char *pre[] = { "vs", "tcs", "tes", "gs" };
   unsigned prev = c->key->prev_stage < GV_TGSI_FRAGMENT ? c->key->prev_stage : GV_TGSI_VERTEX;
   const char *kind = d->semantic == GV_SEM_GENERIC ? "g" : d->semantic == GV_SEM_COLOR ? "c"
                      : d->semantic == GV_SEM_TEXCOORD ? "t" : "fog";
   const char *var = gv_fmt(c, "%s_%s%u", pre[prev], kind, d->sem_index + (uint32_t)(s->index - d->first));
   const char *e;
   if (in->opcode == GV_OP_INTERP_CENTROID)
      e = gv_fmt(c, "interpolateAtCentroid(%s)", var);
   else if (in->opcode == GV_OP_INTERP_SAMPLE)
      e = gv_fmt(c, "interpolateAtSample(%s, %s)", var, gv_src_scalar(c, &in->src[1], GV_I, 0));
   else
      e = gv_fmt(c, "interpolateAtOffset(%s, %s.xy)", var, gv_src(c, &in->src[1], GV_F));
   static const char xyzw[] = "xyzw";
   if (s->swz[0] != 0 || s->swz[1] != 1 || s->swz[2] != 2 || s->swz[3] != 3)
      e = gv_fmt(c, "%s.%c%c%c%c", e, xyzw[s->swz[0]], xyzw[s->swz[1]], xyzw[s->swz[2]],
                 xyzw[s->swz[3]]);
   if (s->absolute)
      e = gv_fmt(c, "abs(%s)", e);
   if (s->negate)
      e = gv_fmt(c, "(-%s)", e);
   gv_store(c, in, 0, GV_F, e);
   return true;
}

bool gv_emit_alu(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in)
{
   unsigned op = in->opcode;
   if (in->num_dst && in->dst[0].file == GV_FILE_NULL)
      return true;
   for (size_t i = 0; i < sizeof(vec_ops) / sizeof(vec_ops[0]); i++) {
      if (vec_ops[i].op == op)
         return emit_vec(c, in, &vec_ops[i]);
   }
   for (size_t i = 0; i < sizeof(scalar_ops) / sizeof(scalar_ops[0]); i++) {
      if (scalar_ops[i].op == op) {
         const char *a[3] = { gv_src_scalar(c, &in->src[0], GV_F, 0),
                              in->num_src > 1 ? gv_src_scalar(c, &in->src[1], GV_F, 0) : "", "" };
         gv_store(c, in, 0, GV_F, gv_fmt(c, "vec4(%s)", subst(c, scalar_ops[i].fmt, a)));
         return true;
      }
   }
   if (gv_fp64_emulated(c)) {
      for (size_t i = 0; i < sizeof(emu_ops) / sizeof(emu_ops[0]); i++) {
         if (emu_ops[i].op == op)
            return emit_lanes_emulated(c, in, &emu_ops[i]);
      }
   }
   for (size_t i = 0; i < sizeof(lane_ops) / sizeof(lane_ops[0]); i++) {
      if (lane_ops[i].op == op)
         return emit_lanes(c, in, &lane_ops[i]);
   }
   switch (op) {
   case GV_OP_MOV: {
      const struct gv_tgsi_src *s = &in->src[0];
      bool mods = s->negate || s->absolute || in->saturate;
      gv_store(c, in, 0, mods ? GV_F : GV_U, gv_src(c, s, mods ? GV_F : GV_U));
      return true;
   }
   case GV_OP_FMA:
      if (can_use(c, GV_FEAT_FMA)) {
         gv_need(c, GV_FEAT_FMA);
         gv_store(c, in, 0, GV_F, gv_fmt(c, "fma(%s, %s, %s)", gv_src(c, &in->src[0], GV_F),
                                        gv_src(c, &in->src[1], GV_F), gv_src(c, &in->src[2], GV_F)));
      } else {
         gv_store(c, in, 0, GV_F, gv_fmt(c, "(%s * %s + %s)", gv_src(c, &in->src[0], GV_F),
                                        gv_src(c, &in->src[1], GV_F), gv_src(c, &in->src[2], GV_F)));
      }
      return true;
   case GV_OP_DP2:
   case GV_OP_DP3:
   case GV_OP_DP4: {
      const char *sw = op == GV_OP_DP2 ? "xy" : op == GV_OP_DP3 ? "xyz" : "xyzw";
      gv_store(c, in, 0, GV_F, gv_fmt(c, "vec4(dot(%s.%s, %s.%s))", gv_src(c, &in->src[0], GV_F), sw,
                                     gv_src(c, &in->src[1], GV_F), sw));
      return true;
   }
   case GV_OP_DDX_FINE:
   case GV_OP_DDY_FINE: {
      bool fine = can_use(c, GV_FEAT_DERIVATIVE_CONTROL);
      if (fine)
         gv_need(c, GV_FEAT_DERIVATIVE_CONTROL);
      const char *f = op == GV_OP_DDX_FINE ? (fine ? "dFdxFine" : "dFdx") : (fine ? "dFdyFine" : "dFdy");
      gv_store(c, in, 0, GV_F, gv_fmt(c, "%s(%s)", f, gv_src(c, &in->src[0], GV_F)));
      return true;
   }
   case GV_OP_IDIV:
   case GV_OP_UDIV:
   case GV_OP_MOD:
   case GV_OP_UMOD:
      return emit_div(c, in);
   case GV_OP_IBFE:
   case GV_OP_UBFE:
   case GV_OP_BFI:
   case GV_OP_IMUL_HI:
   case GV_OP_UMUL_HI:
      return emit_per_channel(c, in);
   case GV_OP_PK2H:
      gv_need(c, GV_FEAT_PACK_HALF);
      gv_store(c, in, 0, GV_U, gv_fmt(c, "uvec4(packHalf2x16(%s.xy))", gv_src(c, &in->src[0], GV_F)));
      return true;
   case GV_OP_UP2H:
      gv_need(c, GV_FEAT_PACK_HALF);
      gv_store(c, in, 0, GV_F, gv_fmt(c, "unpackHalf2x16(%s).xyxy", gv_src_scalar(c, &in->src[0], GV_U, 0)));
      return true;
   case GV_OP_INTERP_CENTROID:
   case GV_OP_INTERP_SAMPLE:
   case GV_OP_INTERP_OFFSET:
      return emit_interp(c, in);
   case GV_OP_CLOCK:
      gv_need(c, GV_FEAT_SHADER_CLOCK);
      gv_store(c, in, 0, GV_U, "uvec4(clock2x32ARB(), 0u, 0u)");
      return true;
   default:
      return gv_glsl_fail(c, "opcode %s is not supported", gv_tgsi_opinfo[op].name);
   }
}
