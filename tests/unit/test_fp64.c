/* The emulated doubles of GLSL ES hosts (src/shader/glsl_fp64.c), run on the
 * live host (a GLES 3.1 compute shader) and compared bit for bit with the
 * CPU's IEEE-754 arithmetic (round to nearest even) on special values, their
 * pairs and random operands. Any NaN matches any NaN. Skipped (77) where
 * the host has no ES 3.1 context. */
#include <epoxy/gl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/egl_host.h"
#include "shader/glsl_priv.h"

#define NOPS 28

static const char *const op_names[NOPS] = {
   "add", "sub", "mul", "div", "sqrt", "mad", "rcp", "rsq", "trunc", "floor", "ceil", "roundEven",
   "fract", "lt", "ge", "eq", "d2f", "f2d", "d2i", "d2u", "i2d", "u2d", "ldexp", "min", "max",
   "sign", "abs", "neg",
};

static const char shader_main[] =
   "layout(local_size_x = 64) in;\n"
   "layout(std430, binding = 0) readonly buffer In { uvec4 v[]; } inp;\n"
   "layout(std430, binding = 1) writeonly buffer Out { uvec2 r[]; } outp;\n"
   "uniform uint n;\n"
   "void main()\n{\n"
   "   uint i = gl_GlobalInvocationID.x;\n"
   "   if (i >= n) return;\n"
   "   uvec2 a = inp.v[2u * i].xy, b = inp.v[2u * i].zw, c = inp.v[2u * i + 1u].xy;\n"
   "   uint o = i * 28u;\n"
   "   outp.r[o + 0u] = gvd_add(a, b);\n"
   "   outp.r[o + 1u] = gvd_add(a, uvec2(b.x, b.y ^ 0x80000000u));\n"
   "   outp.r[o + 2u] = gvd_mul(a, b);\n"
   "   outp.r[o + 3u] = gvd_div(a, b);\n"
   "   outp.r[o + 4u] = gvd_sqrt(a);\n"
   "   outp.r[o + 5u] = gvd_add(gvd_mul(a, b), c);\n"
   "   outp.r[o + 6u] = gvd_div(uvec2(0u, 0x3ff00000u), a);\n"
   "   outp.r[o + 7u] = gvd_div(uvec2(0u, 0x3ff00000u), gvd_sqrt(a));\n"
   "   outp.r[o + 8u] = gvd_round(a, 0);\n"
   "   outp.r[o + 9u] = gvd_round(a, 1);\n"
   "   outp.r[o + 10u] = gvd_round(a, 2);\n"
   "   outp.r[o + 11u] = gvd_round(a, 3);\n"
   "   outp.r[o + 12u] = gvd_fract(a);\n"
   "   outp.r[o + 13u] = uvec2(gvd_lt(a, b) ? 1u : 0u, 0u);\n"
   "   outp.r[o + 14u] = uvec2(gvd_ge(a, b) ? 1u : 0u, 0u);\n"
   "   outp.r[o + 15u] = uvec2(gvd_eq(a, b) ? 1u : 0u, 0u);\n"
   "   outp.r[o + 16u] = uvec2(gvd_to_f(a), 0u);\n"
   "   outp.r[o + 17u] = gvd_from_f(a.y);\n"
   "   outp.r[o + 18u] = uvec2(uint(gvd_to_i(a)), 0u);\n"
   "   outp.r[o + 19u] = uvec2(gvd_to_u(a), 0u);\n"
   "   outp.r[o + 20u] = gvd_from_i(int(a.y));\n"
   "   outp.r[o + 21u] = gvd_from_u64(0u, uvec2(a.y, 0u));\n"
   "   outp.r[o + 22u] = gvd_ldexp(a, int(b.x % 4400u) - 2200);\n"
   "   outp.r[o + 23u] = gvd_min(a, b);\n"
   "   outp.r[o + 24u] = gvd_max(a, b);\n"
   "   outp.r[o + 25u] = gvd_sign(a);\n"
   "   outp.r[o + 26u] = uvec2(a.x, a.y & 0x7fffffffu);\n"
   "   outp.r[o + 27u] = uvec2(a.x, a.y ^ 0x80000000u);\n"
   "}\n";

static double d_of(uint64_t u)
{
   double d;
   memcpy(&d, &u, 8);
   return d;
}
static uint64_t u_of(double d)
{
   uint64_t u;
   memcpy(&u, &d, 8);
   return u;
}
static uint32_t fbits(float f)
{
   uint32_t u;
   memcpy(&u, &f, 4);
   return u;
}
static float f_of(uint32_t u)
{
   float f;
   memcpy(&f, &u, 4);
   return f;
}

/* Reference results, computed as the GLSL helpers are specified. The
 * volatile stores keep the compiler from contracting a*b+c. */
static void reference(uint64_t ua, uint64_t ub, uint64_t uc, uint64_t out[NOPS], uint64_t nanmask[NOPS])
{
   double a = d_of(ua), b = d_of(ub), c = d_of(uc);
   volatile double p = a * b;
   uint32_t hi = (uint32_t)(ua >> 32);
   int32_t ihi;
   memcpy(&ihi, &hi, 4);
   int n = (int)(((uint32_t)ub) % 4400u) - 2200;
   double r[NOPS];
   r[0] = a + b;
   r[1] = a - b;
   r[2] = a * b;
   r[3] = a / b;
   r[4] = sqrt(a);
   r[5] = p + c;
   r[6] = 1.0 / a;
   volatile double s = sqrt(a);
   r[7] = 1.0 / s;
   r[8] = trunc(a);
   r[9] = floor(a);
   r[10] = ceil(a);
   r[11] = nearbyint(a);
   volatile double fl = floor(a);
   r[12] = a - fl;
   for (int i = 0; i < NOPS; i++)
      out[i] = u_of(r[i]);
   out[13] = (a < b);
   out[14] = a >= b;
   out[15] = a == b;
   out[16] = fbits((float)a);
   out[17] = u_of((double)f_of(hi));
   if (isnan(a))
      out[18] = 0;
   else if (a >= 2147483648.0)
      out[18] = 0x7fffffff;
   else if (a <= -2147483648.0)
      out[18] = 0x80000000u;
   else
      out[18] = (uint32_t)(int32_t)a;
   if (isnan(a) || a <= 0.0)
      out[19] = 0;
   else if (a >= 4294967296.0)
      out[19] = 0xffffffffu;
   else
      out[19] = (uint32_t)a;
   out[20] = u_of((double)ihi);
   out[21] = u_of((double)hi);
   out[22] = u_of(ldexp(a, n));
   out[23] = isnan(a) ? ub : isnan(b) ? ua : (b < a) ? ub : ua;
   out[24] = isnan(a) ? ub : isnan(b) ? ua : (a < b) ? ub : ua;
   out[25] = isnan(a) || a == 0.0 ? 0 : u_of(a < 0 ? -1.0 : 1.0);
   out[26] = ua & ~(1ull << 63);
   out[27] = ua ^ (1ull << 63);
   for (int i = 0; i < NOPS; i++) {
      bool dbl = i <= 12 || i == 17 || (i >= 20 && i <= 24) || i >= 26;
      nanmask[i] = i == 16 ? isnan(f_of((uint32_t)out[i])) : dbl && isnan(d_of(out[i]));
   }
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void)
{
   rng ^= rng << 13;
   rng ^= rng >> 7;
   rng ^= rng << 17;
   return rng;
}

static const uint64_t specials[] = {
   0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
   0x7ff8000000000000ull, 0x7ff0000000000001ull, 0x0000000000000001ull, 0x8000000000000001ull,
   0x000fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
   0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3ff8000000000000ull, 0x3fe0000000000000ull,
   0x4004000000000000ull, 0xc004000000000000ull, 0x4008000000000000ull, 0x3ff0000000000001ull,
   0x3fefffffffffffffull, 0x4330000000000000ull, 0x4340000000000000ull, 0x432fffffffffffffull,
   0x41e0000000000000ull, 0xc1e0000000000000ull, 0x41efffffffffffffull, 0x41f0000000000000ull,
   0x3fe0000000000001ull, 0xbfe0000000000000ull, 0x7e37e43c8800759cull, 0x01a56e1fc2f8f359ull,
   0x3810000000000000ull, 0x36a0000000000000ull, 0x47efffffe0000000ull, 0x47efffffffffffffull,
   0x3690000000000000ull, 0x0008000000000000ull, 0x4000000000000000ull, 0x3fd5555555555555ull,
};

static void test_fp64_exact(void)
{
   struct gv_renderer_config cfg = { .api = GV_API_ES, .platform = GV_EGL_SURFACELESS };
   struct gv_egl_host *host = gv_egl_host_create(&cfg);
   if (!host || epoxy_gl_version() < 31) {
      printf("SKIP: no GLES 3.1 host\n");
      exit(77);
   }
   const size_t ns = sizeof(specials) / sizeof(specials[0]);
   const size_t nrand = 30000;
   size_t count = ns * ns + nrand;
   uint32_t *in = calloc(count * 8, 4);
   for (size_t i = 0; i < count; i++) {
      uint64_t a, b, c;
      if (i < ns * ns) {
         a = specials[i / ns];
         b = specials[i % ns];
         c = specials[(i * 7) % ns];
      } else {
         a = next();
         b = next();
         c = next();
         switch (i % 6) {
         case 0: /* near each other: cancellation */
            b = (a ^ (1ull << 63)) + (next() % 5) - 2;
            break;
         case 1: /* small exponents: subnormal results */
            a = (a & 0x800fffffffffffffull) | ((next() % 80) << 52);
            b = (b & 0x800fffffffffffffull) | ((0x3c0 + next() % 60) << 52);
            break;
         case 2: /* moderate magnitudes: integer-valued and rounding cases */
            a = (a & 0x800fffffffffffffull) | ((0x3f0 + next() % 70) << 52);
            b = (b & 0x800fffffffffffffull) | ((0x3f0 + next() % 70) << 52);
            c = (c & 0x800fffffffffffffull) | ((0x3f0 + next() % 70) << 52);
            break;
         case 3: /* large: overflow */
            a = (a & 0x800fffffffffffffull) | ((0x7c0 + next() % 63) << 52);
            break;
         case 4: /* few significant bits: ties */
            a &= 0xfffffff000000000ull;
            b &= 0xffffffff00000000ull;
            break;
         default:
            break;
         }
      }
      in[i * 8 + 0] = (uint32_t)a;
      in[i * 8 + 1] = (uint32_t)(a >> 32);
      in[i * 8 + 2] = (uint32_t)b;
      in[i * 8 + 3] = (uint32_t)(b >> 32);
      in[i * 8 + 4] = (uint32_t)c;
      in[i * 8 + 5] = (uint32_t)(c >> 32);
   }

   struct gv_strbuf src = { 0 };
   gv_sb_printf(&src, "#version 310 es\nprecision highp float;\nprecision highp int;\n");
   gv_fp64_declare(&src, GV_FP64_ALL);
   gv_sb_printf(&src, "%s", shader_main);
   GLuint sh = glCreateShader(GL_COMPUTE_SHADER);
   const char *text = src.data;
   glShaderSource(sh, 1, &text, NULL);
   glCompileShader(sh);
   GLint ok = 0;
   glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
   if (!ok) {
      char log[4096];
      glGetShaderInfoLog(sh, sizeof(log), NULL, log);
      fprintf(stderr, "compile: %s\n", log);
      exit(1);
   }
   GLuint prog = glCreateProgram();
   glAttachShader(prog, sh);
   glLinkProgram(prog);
   glGetProgramiv(prog, GL_LINK_STATUS, &ok);
   if (!ok) {
      fprintf(stderr, "link failed\n");
      exit(1);
   }
   GLuint bufs[2];
   glGenBuffers(2, bufs);
   glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 0, bufs[0]);
   glBufferData(GL_SHADER_STORAGE_BUFFER, (GLsizeiptr)(count * 32), in, GL_STATIC_DRAW);
   glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 1, bufs[1]);
   glBufferData(GL_SHADER_STORAGE_BUFFER, (GLsizeiptr)(count * NOPS * 8), NULL, GL_STATIC_READ);
   glUseProgram(prog);
   glUniform1ui(glGetUniformLocation(prog, "n"), (GLuint)count);
   glDispatchCompute((GLuint)((count + 63) / 64), 1, 1);
   glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
   const uint32_t *res = glMapBufferRange(GL_SHADER_STORAGE_BUFFER, 0, (GLsizeiptr)(count * NOPS * 8),
                                          GL_MAP_READ_BIT);
   if (!res) {
      fprintf(stderr, "map failed\n");
      exit(1);
   }
   unsigned bad[NOPS] = { 0 }, total = 0;
   for (size_t i = 0; i < count; i++) {
      uint64_t a = in[i * 8] | (uint64_t)in[i * 8 + 1] << 32;
      uint64_t b = in[i * 8 + 2] | (uint64_t)in[i * 8 + 3] << 32;
      uint64_t c = in[i * 8 + 4] | (uint64_t)in[i * 8 + 5] << 32;
      uint64_t want[NOPS], nan[NOPS];
      reference(a, b, c, want, nan);
      for (int k = 0; k < NOPS; k++) {
         const uint32_t *g = res + (i * NOPS + (size_t)k) * 2;
         uint64_t got = g[0] | (uint64_t)g[1] << 32;
         bool got_nan = k == 16 ? isnan(f_of((uint32_t)got)) : isnan(d_of(got));
         if (got == want[k] || (nan[k] && got_nan))
            continue;
         if (bad[k]++ < 3)
            fprintf(stderr, "%s(%016llx, %016llx, %016llx): got %016llx, want %016llx\n", op_names[k],
                    (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
                    (unsigned long long)got, (unsigned long long)want[k]);
         total++;
      }
   }
   glUnmapBuffer(GL_SHADER_STORAGE_BUFFER);
   for (int k = 0; k < NOPS; k++) {
      if (bad[k])
         fprintf(stderr, "%s: %u of %zu wrong\n", op_names[k], bad[k], count);
   }
   printf("%zu operand sets x %d operations, %u wrong\n", count, NOPS, total);
   gv_sb_free(&src);
   free(in);
   gv_egl_host_destroy(host);
   exit(total ? 1 : 0);
}

int main(void)
{
   test_fp64_exact();
   return 0;
}
