/* Doubles without host fp64 (GLSL ES): IEEE-754 binary64 on uvec2 (x: low
 * word, y: high word, the layout of unpackDouble2x32 and of the TGSI
 * register pairs), with 32-bit integer operations only, so that it also
 * compiles on GLSL ES 3.00 (no umulExtended / uaddCarry / findMSB).
 *
 * Rounding is to nearest, ties to even, with subnormals kept (inputs and
 * results). Addition, subtraction, multiplication, division, square root,
 * ldexp, the integer roundings and every conversion are correctly rounded
 * (exact where the result is representable); reciprocal and inverse square
 * root round twice (1 / x, and 1 / sqrt(x)); a*b+c (DMAD, DFMA) rounds the
 * product and the sum, which GLSL 4.00 allows for both. NaN results are
 * quiet (an input NaN's payload, else 0x7ff80000_00000000).
 *
 * Significand convention of gvd_pack: a 64-bit m whose leading 1 is at bit
 * 62 (bits 9..0 below the result's last bit, a sticky bit at 0) and e the
 * biased exponent, value = m * 2^(e - 1085). The helpers come in chunks,
 * emitted only when an instruction of the shader uses them. */
#include "shader/glsl_priv.h"

static const char fp64_base[] =
   "uvec2 gvd_add64(uvec2 a, uvec2 b)\n{\n"
   "   uint lo = a.x + b.x;\n"
   "   return uvec2(lo, a.y + b.y + (lo < a.x ? 1u : 0u));\n}\n"
   "uvec2 gvd_sub64(uvec2 a, uvec2 b)\n{\n"
   "   return uvec2(a.x - b.x, a.y - b.y - (a.x < b.x ? 1u : 0u));\n}\n"
   "bool gvd_ult(uvec2 a, uvec2 b)\n{\n"
   "   return a.y < b.y || (a.y == b.y && a.x < b.x);\n}\n"
   "bool gvd_nz(uvec2 a)\n{\n   return (a.x | a.y) != 0u;\n}\n"
   /* shifts by 0..63 */
   "uvec2 gvd_shl(uvec2 a, int n)\n{\n"
   "   if (n == 0) return a;\n"
   "   if (n >= 32) return uvec2(0u, a.x << uint(n - 32));\n"
   "   return uvec2(a.x << uint(n), (a.y << uint(n)) | (a.x >> uint(32 - n)));\n}\n"
   "uvec2 gvd_shr(uvec2 a, int n)\n{\n"
   "   if (n == 0) return a;\n"
   "   if (n >= 32) return uvec2(a.y >> uint(n - 32), 0u);\n"
   "   return uvec2((a.x >> uint(n)) | (a.y << uint(32 - n)), a.y >> uint(n));\n}\n"
   /* right shift by any n >= 0, bits shifted out or-ed into bit 0 */
   "uvec2 gvd_shrj(uvec2 a, int n)\n{\n"
   "   if (n <= 0) return a;\n"
   "   if (n >= 64) return uvec2(gvd_nz(a) ? 1u : 0u, 0u);\n"
   "   uvec2 r = gvd_shr(a, n);\n"
   "   if (gvd_shl(r, n) != a) r.x |= 1u;\n"
   "   return r;\n}\n"
   "int gvd_clz32(uint x)\n{\n"
   "   if (x == 0u) return 32;\n"
   "   int n = 0;\n"
   "   if ((x & 0xffff0000u) == 0u) { n += 16; x <<= 16; }\n"
   "   if ((x & 0xff000000u) == 0u) { n += 8; x <<= 8; }\n"
   "   if ((x & 0xf0000000u) == 0u) { n += 4; x <<= 4; }\n"
   "   if ((x & 0xc0000000u) == 0u) { n += 2; x <<= 2; }\n"
   "   if ((x & 0x80000000u) == 0u) n += 1;\n"
   "   return n;\n}\n"
   "int gvd_clz(uvec2 a)\n{\n"
   "   return a.y != 0u ? gvd_clz32(a.y) : 32 + gvd_clz32(a.x);\n}\n"
   "bool gvd_isnan(uvec2 a)\n{\n"
   "   uint h = a.y & 0x7fffffffu;\n"
   "   return h > 0x7ff00000u || (h == 0x7ff00000u && a.x != 0u);\n}\n"
   "bool gvd_isinf(uvec2 a)\n{\n"
   "   return (a.y & 0x7fffffffu) == 0x7ff00000u && a.x == 0u;\n}\n"
   "bool gvd_iszero(uvec2 a)\n{\n"
   "   return ((a.y & 0x7fffffffu) | a.x) == 0u;\n}\n"
   "uvec2 gvd_quiet(uvec2 a)\n{\n   return uvec2(a.x, a.y | 0x00080000u);\n}\n"
   "int gvd_exp(uvec2 a)\n{\n   return int((a.y >> 20) & 0x7ffu);\n}\n"
   /* significand of a finite nonzero value with its leading 1 at bit 52;
    * |a| = result * 2^(e - 1075) */
   "uvec2 gvd_sig(uvec2 a, out int e)\n{\n"
   "   e = gvd_exp(a);\n"
   "   uvec2 f = uvec2(a.x, a.y & 0xfffffu);\n"
   "   if (e != 0) { f.y |= 0x100000u; return f; }\n"
   "   int sh = gvd_clz(f) - 11;\n"
   "   e = 1 - sh;\n"
   "   return gvd_shl(f, sh);\n}\n"
   /* rounds (to nearest even) and packs; s: the sign bit (0 or 1 << 31);
    * m != 0, its leading 1 at bit 62 unless the value is subnormal */
   "uvec2 gvd_pack(uint s, int e, uvec2 m)\n{\n"
   "   if (e >= 2047) return uvec2(0u, s | 0x7ff00000u);\n"
   "   if (e <= 0) { m = gvd_shrj(m, 1 - e); e = 0; }\n"
   "   uint r = m.x & 0x3ffu;\n"
   "   m = gvd_shr(gvd_add64(m, uvec2(0x200u, 0u)), 10);\n"
   "   if (r == 0x200u) m.x &= ~1u;\n"
   "   if (e > 0) m.y += uint(e - 1) << 20;\n"
   "   m.y |= s;\n"
   "   return m;\n}\n"
   /* a 64-bit integer magnitude m with sign s, rounded */
   "uvec2 gvd_from_u64(uint s, uvec2 m)\n{\n"
   "   if (!gvd_nz(m)) return uvec2(0u, s);\n"
   "   int sh = gvd_clz(m) - 1;\n"
   "   if (sh < 0) return gvd_pack(s, 1086, gvd_shrj(m, 1));\n"
   "   return gvd_pack(s, 1085 - sh, gvd_shl(m, sh));\n}\n";

static const char fp64_add[] =
   "uvec2 gvd_add(uvec2 a, uvec2 b)\n{\n"
   "   if (gvd_isnan(a)) return gvd_quiet(a);\n"
   "   if (gvd_isnan(b)) return gvd_quiet(b);\n"
   "   uint sa = a.y & 0x80000000u, sb = b.y & 0x80000000u;\n"
   "   if (gvd_isinf(a)) return gvd_isinf(b) && sa != sb ? uvec2(0u, 0x7ff80000u) : a;\n"
   "   if (gvd_isinf(b)) return b;\n"
   "   if (gvd_iszero(a)) return gvd_iszero(b) ? uvec2(0u, sa & sb) : b;\n"
   "   if (gvd_iszero(b)) return a;\n"
   "   if (gvd_ult(uvec2(a.x, a.y & 0x7fffffffu), uvec2(b.x, b.y & 0x7fffffffu))) {\n"
   "      uvec2 t = a; a = b; b = t;\n"
   "      uint u = sa; sa = sb; sb = u;\n"
   "   }\n"
   "   int ea = gvd_exp(a), eb = gvd_exp(b);\n"
   "   uvec2 fa = uvec2(a.x, a.y & 0xfffffu), fb = uvec2(b.x, b.y & 0xfffffu);\n"
   "   if (ea == 0) ea = 1; else fa.y |= 0x100000u;\n"
   "   if (eb == 0) eb = 1; else fb.y |= 0x100000u;\n"
   "   fa = gvd_shl(fa, 9);\n"
   "   fb = gvd_shrj(gvd_shl(fb, 9), ea - eb);\n"
   "   uvec2 m = sa == sb ? gvd_add64(fa, fb) : gvd_sub64(fa, fb);\n"
   "   if (!gvd_nz(m)) return uvec2(0u);\n"
   "   int sh = gvd_clz(m) - 1;\n"
   "   return gvd_pack(sa, ea + 1 - sh, gvd_shl(m, sh));\n}\n";

static const char fp64_mul[] =
   /* 32 x 32 -> 64 bits from 16-bit halves */
   "uvec2 gvd_mul32(uint a, uint b)\n{\n"
   "   uint al = a & 0xffffu, ah = a >> 16, bl = b & 0xffffu, bh = b >> 16;\n"
   "   uint ll = al * bl, mid = al * bh + (ll >> 16);\n"
   "   uint mid2 = ah * bl + (mid & 0xffffu);\n"
   "   return uvec2((mid2 << 16) | (ll & 0xffffu), ah * bh + (mid >> 16) + (mid2 >> 16));\n}\n"
   /* high 64 bits of a 64 x 64 product, bit 0 or-ed with the low ones */
   "uvec2 gvd_mulhi(uvec2 a, uvec2 b)\n{\n"
   "   uvec2 p00 = gvd_mul32(a.x, b.x), p01 = gvd_mul32(a.x, b.y);\n"
   "   uvec2 p10 = gvd_mul32(a.y, b.x), p11 = gvd_mul32(a.y, b.y);\n"
   "   uvec2 mid = gvd_add64(p01, p10);\n"
   "   uint c1 = gvd_ult(mid, p01) ? 1u : 0u;\n"
   "   uvec2 lo = gvd_add64(p00, uvec2(0u, mid.x));\n"
   "   uint c2 = gvd_ult(lo, p00) ? 1u : 0u;\n"
   "   uvec2 hi = gvd_add64(gvd_add64(p11, uvec2(mid.y, c1)), uvec2(c2, 0u));\n"
   "   if (gvd_nz(lo)) hi.x |= 1u;\n"
   "   return hi;\n}\n"
   "uvec2 gvd_mul(uvec2 a, uvec2 b)\n{\n"
   "   if (gvd_isnan(a)) return gvd_quiet(a);\n"
   "   if (gvd_isnan(b)) return gvd_quiet(b);\n"
   "   uint s = (a.y ^ b.y) & 0x80000000u;\n"
   "   if (gvd_isinf(a) || gvd_isinf(b))\n"
   "      return gvd_iszero(a) || gvd_iszero(b) ? uvec2(0u, 0x7ff80000u) : uvec2(0u, s | 0x7ff00000u);\n"
   "   if (gvd_iszero(a) || gvd_iszero(b)) return uvec2(0u, s);\n"
   "   int ea, eb;\n"
   "   uvec2 fa = gvd_sig(a, ea), fb = gvd_sig(b, eb);\n"
   "   uvec2 m = gvd_mulhi(gvd_shl(fa, 10), gvd_shl(fb, 11));\n"
   "   int e = ea + eb - 1022;\n"
   "   if ((m.y & 0x40000000u) == 0u) { m = gvd_shl(m, 1); e -= 1; }\n"
   "   return gvd_pack(s, e, m);\n}\n";

static const char fp64_div[] =
   "uvec2 gvd_div(uvec2 a, uvec2 b)\n{\n"
   "   if (gvd_isnan(a)) return gvd_quiet(a);\n"
   "   if (gvd_isnan(b)) return gvd_quiet(b);\n"
   "   uint s = (a.y ^ b.y) & 0x80000000u;\n"
   "   bool ia = gvd_isinf(a), ib = gvd_isinf(b), za = gvd_iszero(a), zb = gvd_iszero(b);\n"
   "   if ((ia && ib) || (za && zb)) return uvec2(0u, 0x7ff80000u);\n"
   "   if (ia || zb) return uvec2(0u, s | 0x7ff00000u);\n"
   "   if (ib || za) return uvec2(0u, s);\n"
   "   int ea, eb;\n"
   "   uvec2 fa = gvd_sig(a, ea), fb = gvd_sig(b, eb);\n"
   "   if (gvd_ult(fa, fb)) { fa = gvd_shl(fa, 1); ea -= 1; }\n"
   /* restoring division: 63 quotient bits, the first one 1 */
   "   uvec2 q = uvec2(0u);\n"
   "   for (int i = 0; i < 63; i++) {\n"
   "      q = uvec2(q.x << 1, (q.y << 1) | (q.x >> 31));\n"
   "      if (!gvd_ult(fa, fb)) { fa = gvd_sub64(fa, fb); q.x |= 1u; }\n"
   "      fa = uvec2(fa.x << 1, (fa.y << 1) | (fa.x >> 31));\n"
   "   }\n"
   "   if (gvd_nz(fa)) q.x |= 1u;\n"
   "   return gvd_pack(s, ea - eb + 1023, q);\n}\n";

static const char fp64_sqrt[] =
   "uvec2 gvd_sqrt(uvec2 a)\n{\n"
   "   if (gvd_isnan(a)) return gvd_quiet(a);\n"
   "   if (gvd_iszero(a)) return a;\n"
   "   if ((a.y & 0x80000000u) != 0u) return uvec2(0u, 0x7ff80000u);\n"
   "   if (gvd_isinf(a)) return a;\n"
   "   int e;\n"
   "   uvec2 m = gvd_sig(a, e);\n"
   /* a = m * 2^(x - 52), x made even */
   "   int x = e - 1023;\n"
   "   if ((x & 1) != 0) { m = gvd_shl(m, 1); x -= 1; }\n"
   /* digit by digit: the 55-bit root of m * 2^56 */
   "   uvec2 r = uvec2(0u), q = uvec2(0u);\n"
   "   for (int i = 54; i >= 0; i--) {\n"
   "      uint d = 2 * i >= 56 ? gvd_shr(m, 2 * i - 56).x & 3u : 0u;\n"
   "      r = gvd_shl(r, 2);\n"
   "      r.x |= d;\n"
   "      uvec2 t = gvd_shl(q, 2);\n"
   "      t.x |= 1u;\n"
   "      q = gvd_shl(q, 1);\n"
   "      if (!gvd_ult(r, t)) { r = gvd_sub64(r, t); q.x |= 1u; }\n"
   "   }\n"
   "   q = gvd_shl(q, 8);\n"
   "   if (gvd_nz(r)) q.x |= 1u;\n"
   "   return gvd_pack(0u, x / 2 + 1023, q);\n}\n";

static const char fp64_cmp[] =
   "bool gvd_lt(uvec2 a, uvec2 b)\n{\n"
   "   if (gvd_isnan(a) || gvd_isnan(b)) return false;\n"
   "   if (gvd_iszero(a) && gvd_iszero(b)) return false;\n"
   "   bool na = (a.y >> 31) != 0u, nb = (b.y >> 31) != 0u;\n"
   "   if (na != nb) return na;\n"
   "   uvec2 ma = uvec2(a.x, a.y & 0x7fffffffu), mb = uvec2(b.x, b.y & 0x7fffffffu);\n"
   "   return na ? gvd_ult(mb, ma) : gvd_ult(ma, mb);\n}\n"
   "bool gvd_eq(uvec2 a, uvec2 b)\n{\n"
   "   if (gvd_isnan(a) || gvd_isnan(b)) return false;\n"
   "   return a == b || (gvd_iszero(a) && gvd_iszero(b));\n}\n"
   "bool gvd_ge(uvec2 a, uvec2 b)\n{\n   return gvd_lt(b, a) || gvd_eq(a, b);\n}\n"
   /* min / max: a NaN operand gives the other one */
   "uvec2 gvd_min(uvec2 a, uvec2 b)\n{\n"
   "   if (gvd_isnan(a)) return b;\n"
   "   if (gvd_isnan(b)) return a;\n"
   "   return gvd_lt(b, a) ? b : a;\n}\n"
   "uvec2 gvd_max(uvec2 a, uvec2 b)\n{\n"
   "   if (gvd_isnan(a)) return b;\n"
   "   if (gvd_isnan(b)) return a;\n"
   "   return gvd_lt(a, b) ? b : a;\n}\n"
   "uvec2 gvd_sign(uvec2 a)\n{\n"
   "   if (gvd_isnan(a) || gvd_iszero(a)) return uvec2(0u);\n"
   "   return uvec2(0u, (a.y & 0x80000000u) | 0x3ff00000u);\n}\n";

static const char fp64_cvt[] =
   "uvec2 gvd_from_f(uint f)\n{\n"
   "   uint s = f & 0x80000000u, m = f & 0x7fffffu;\n"
   "   int e = int((f >> 23) & 0xffu);\n"
   "   if (e == 255) return uvec2(m << 29, s | 0x7ff00000u | (m >> 3));\n"
   "   if (e == 0) {\n"
   "      if (m == 0u) return uvec2(0u, s);\n"
   "      int sh = gvd_clz32(m) - 8;\n"
   "      m = (m << uint(sh)) & 0x7fffffu;\n"
   "      e = 1 - sh;\n"
   "   }\n"
   "   return uvec2(m << 29, s | (uint(e + 896) << 20) | (m >> 3));\n}\n"
   "uint gvd_to_f(uvec2 a)\n{\n"
   "   uint s = a.y & 0x80000000u;\n"
   "   if (gvd_isnan(a)) return s | 0x7fc00000u | ((a.y & 0x7ffffu) << 3) | (a.x >> 29);\n"
   "   int e = gvd_exp(a);\n"
   "   if (e == 2047) return s | 0x7f800000u;\n"
   "   if (e == 0) return s;\n"
   "   uint m = gvd_shrj(uvec2(a.x, (a.y & 0xfffffu) | 0x100000u), 22).x;\n"
   "   int fe = e - 896;\n"
   "   if (fe >= 255) return s | 0x7f800000u;\n"
   "   if (fe <= 0) {\n"
   "      int n = 1 - fe;\n"
   "      m = n >= 31 ? (m != 0u ? 1u : 0u) : (m >> uint(n)) | ((m << uint(32 - n)) != 0u ? 1u : 0u);\n"
   "      fe = 0;\n"
   "   }\n"
   "   uint r = m & 0x7fu;\n"
   "   m = (m + 0x40u) >> 7;\n"
   "   if (r == 0x40u) m &= ~1u;\n"
   "   if (fe > 0) m += uint(fe - 1) << 23;\n"
   "   return s | m;\n}\n"
   "uvec2 gvd_from_i(int i)\n{\n"
   "   uint u = uint(i);\n"
   "   return i < 0 ? gvd_from_u64(0x80000000u, uvec2(0u - u, 0u)) : gvd_from_u64(0u, uvec2(u, 0u));\n}\n"
   /* |a| truncated; big: at least 2^32 (or inf) */
   "uint gvd_trunc_mag(uvec2 a, out bool big)\n{\n"
   "   int x = gvd_exp(a) - 1023;\n"
   "   big = x >= 32;\n"
   "   if (x < 0 || big) return 0u;\n"
   "   return gvd_shr(uvec2(a.x, (a.y & 0xfffffu) | 0x100000u), 52 - x).x;\n}\n"
   /* out of range: saturated; NaN: 0 */
   "int gvd_to_i(uvec2 a)\n{\n"
   "   if (gvd_isnan(a)) return 0;\n"
   "   bool big;\n"
   "   uint m = gvd_trunc_mag(a, big);\n"
   "   if ((a.y & 0x80000000u) != 0u)\n"
   "      return big || m >= 0x80000000u ? int(0x80000000u) : -int(m);\n"
   "   return big || m >= 0x80000000u ? 0x7fffffff : int(m);\n}\n"
   "uint gvd_to_u(uvec2 a)\n{\n"
   "   if (gvd_isnan(a) || (a.y & 0x80000000u) != 0u) return 0u;\n"
   "   bool big;\n"
   "   uint m = gvd_trunc_mag(a, big);\n"
   "   return big ? 0xffffffffu : m;\n}\n"
   "uvec2 gvd_ldexp(uvec2 a, int n)\n{\n"
   "   if (gvd_isnan(a)) return gvd_quiet(a);\n"
   "   if (gvd_isinf(a) || gvd_iszero(a)) return a;\n"
   "   int e;\n"
   "   uvec2 m = gvd_sig(a, e);\n"
   "   return gvd_pack(a.y & 0x80000000u, e + clamp(n, -2200, 2200), gvd_shl(m, 10));\n}\n";

/* mode 0 trunc, 1 floor, 2 ceil, 3 round to nearest even */
static const char fp64_rnd[] =
   "uvec2 gvd_round(uvec2 a, int mode)\n{\n"
   "   int n = 1075 - gvd_exp(a);\n"
   "   if (n <= 0 || gvd_iszero(a)) return a;\n"
   "   uint s = a.y & 0x80000000u;\n"
   "   bool neg = s != 0u;\n"
   "   uvec2 f = uvec2(a.x, a.y & 0xfffffu);\n"
   "   if (gvd_exp(a) != 0) f.y |= 0x100000u;\n"
   "   uvec2 ip = uvec2(0u);\n"
   "   bool inexact = true, above = false, tie = false;\n"
   "   if (n <= 53) {\n"
   "      ip = gvd_shr(f, n);\n"
   "      uvec2 rem = gvd_sub64(f, gvd_shl(ip, n)), h = gvd_shl(uvec2(1u, 0u), n - 1);\n"
   "      inexact = gvd_nz(rem);\n"
   "      above = gvd_ult(h, rem);\n"
   "      tie = rem == h;\n"
   "   }\n"
   "   bool up = mode == 1 ? neg && inexact : mode == 2 ? !neg && inexact\n"
   "           : mode == 3 ? above || (tie && (ip.x & 1u) != 0u) : false;\n"
   "   if (up) ip = gvd_add64(ip, uvec2(1u, 0u));\n"
   "   return gvd_from_u64(s, ip);\n}\n"
   "uvec2 gvd_fract(uvec2 a)\n{\n"
   "   uvec2 f = gvd_round(a, 1);\n"
   "   return gvd_add(a, uvec2(f.x, f.y ^ 0x80000000u));\n}\n";

static const struct {
   unsigned bit;
   unsigned deps;
   const char *text;
} fp64_chunks[] = {
   { GV_FP64_BASE, 0, fp64_base },
   { GV_FP64_ADD, GV_FP64_BASE, fp64_add },
   { GV_FP64_MUL, GV_FP64_BASE, fp64_mul },
   { GV_FP64_DIV, GV_FP64_BASE, fp64_div },
   { GV_FP64_SQRT, GV_FP64_BASE, fp64_sqrt },
   { GV_FP64_CMP, GV_FP64_BASE, fp64_cmp },
   { GV_FP64_CVT, GV_FP64_BASE, fp64_cvt },
   { GV_FP64_RND, GV_FP64_BASE | GV_FP64_ADD, fp64_rnd },
};

void gv_fp64_declare(struct gv_strbuf *h, unsigned need)
{
   if (!need)
      return;
   /* Dependencies come earlier in the table: one pass backwards closes them. */
   for (size_t i = sizeof(fp64_chunks) / sizeof(fp64_chunks[0]); i-- > 0;) {
      if (need & fp64_chunks[i].bit)
         need |= fp64_chunks[i].deps;
   }
   for (size_t i = 0; i < sizeof(fp64_chunks) / sizeof(fp64_chunks[0]); i++) {
      if (need & fp64_chunks[i].bit)
         gv_sb_printf(h, "%s", fp64_chunks[i].text);
   }
}
