/* Unit tests of the TGSI parser (error paths with malformed text) and of the
 * GLSL emitter (dialects, features, linkage keys). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "shader/glsl.h"

static const struct gv_glsl_target gl45 = { .es = false, .version = 450, .exts = ~0ull };
static const struct gv_glsl_target gl33 = { .es = false, .version = 330, .exts = 0 };
static const struct gv_glsl_target es32 = { .es = true, .version = 320, .exts = ~0ull };
static const struct gv_glsl_target es30 = { .es = true, .version = 300, .exts = 0 };

static const char vs_text[] =
   "VERT\n"
   "DCL IN[0]\n"
   "DCL OUT[0], POSITION\n"
   "DCL OUT[1].xy, GENERIC[0]\n"
   "IMM[0] UINT32 {0, 1065353216, 0, 0}\n"
   "DCL TEMP[0..3]\n"
   "  0: MOV OUT[0].xy, IN[0].xyyy\n"
   "  1: MOV OUT[0].zw, IMM[0].xyxy\n"
   "  2: MOV OUT[1].xy, IN[0].xyxx\n"
   "  3: END\n";

static const char fs_text[] =
   "FRAG\n"
   "DCL IN[0].xy, GENERIC[0], CONSTANT\n"
   "DCL OUT[0], COLOR\n"
   "DCL SAMP[0]\n"
   "DCL SVIEW[0], 2D, FLOAT\n"
   "DCL CONST[1][0]\n"
   "DCL TEMP[0]\n"
   "  0: TEX TEMP[0], IN[0].xyyy, SAMP[0], 2D\n"
   "  1: MUL OUT[0], TEMP[0], CONST[1][0]\n"
   "  2: END\n";

/* Parses text; expects failure with "line N" and a fragment in the message. */
static void expect_parse_error(const char *text, size_t len, unsigned line, const char *fragment)
{
   struct gv_tgsi_shader sh;
   char err[512];
   bool ok = gv_tgsi_parse(text, len, &sh, err, sizeof(err));
   gv_tgsi_free(&sh);
   if (ok)
      fail_msg("parsed, expected an error containing '%s'", fragment);
   char want[32];
   snprintf(want, sizeof(want), "line %u", line);
   if (!strstr(err, want) || !strstr(err, fragment))
      fail_msg("message '%s' lacks '%s' / '%s'", err, want, fragment);
}

#define BAD(text, line, frag) expect_parse_error(text, sizeof(text) - 1, line, frag)

static void test_bad_headers(void **state)
{
   (void)state;
   BAD("", 1, "expected a word");
   BAD("VERTEX\n  0: END\n", 1, "unknown shader type");
   BAD("VERT\n", 2, "no END");
   BAD("VERT\n  0: MOV TEMP[0], TEMP[1]\n", 3, "no END");
   BAD("VERT\n  0: END\n  1: MOV TEMP[0], TEMP[1]\n", 3, "after END");
}

static void test_bad_instructions(void **state)
{
   (void)state;
   BAD("VERT\n  0: FOO TEMP[0], TEMP[1]\n  1: END\n", 2, "unknown opcode");
   BAD("VERT\n  0: MOV TEMP[0]\n  1: END\n", 2, "expected ','");
   BAD("VERT\n  0: MOV TEMP[0], TEMP[1], TEMP[2]\n  1: END\n", 2, "expected '.'");
   BAD("VERT\n  0: MOV TEMP[0], TEMP[1], BANANA\n  1: END\n", 2, "unknown instruction attribute");
   BAD("VERT\n  0: MOV BOGUS[0], TEMP[1]\n  1: END\n", 2, "unknown register file");
   BAD("VERT\n  0: MOV TEMP[4096], TEMP[1]\n  1: END\n", 2, "number too large");
   BAD("VERT\n  0: MOV TEMP[99999999999999999999], TEMP[1]\n  1: END\n", 2, "number too large");
   BAD("VERT\n  0: MOV TEMP[0, TEMP[1]\n  1: END\n", 2, "expected ']'");
   BAD("VERT\n  0: MOV TEMP[0], TEMP[1].q\n  1: END\n", 2, "swizzle");
   BAD("VERT\n  0: MOV TEMP[0].yx, TEMP[1]\n  1: END\n", 2, "out of order");
   BAD("VERT\n  0: MOV TEMP[0], TEMP[ADDR[0].q]\n  1: END\n", 2, "swizzle letter");
   BAD("VERT\n  0: MOV TEMP[0], -|TEMP[1]\n  1: END\n", 2, "expected '|'");
   BAD("VERT\n  0: MOV TEMP[0], TEMP[SAMP[0].x]\n  1: END\n", 2, "cannot be an index");
}

static void test_bad_flow(void **state)
{
   (void)state;
   BAD("VERT\n  0: ELSE\n  1: END\n", 2, "ELSE without IF");
   BAD("VERT\n  0: ENDIF\n  1: END\n", 2, "ENDIF without IF");
   BAD("VERT\n  0: ENDLOOP\n  1: END\n", 2, "ENDLOOP without BGNLOOP");
   BAD("VERT\n  0: BRK\n  1: END\n", 2, "BRK outside");
   BAD("VERT\n  0: CONT\n  1: END\n", 2, "CONT outside");
   BAD("VERT\n  0: CASE IMM[0].xxxx\n  1: END\n", 2, "outside SWITCH");
   BAD("VERT\n  0: BGNLOOP\n  1: END\n", 3, "unterminated block");
   char deep[4096] = "VERT\n";
   for (int i = 0; i < GV_TGSI_MAX_NESTING + 1; i++)
      strcat(deep, "  0: BGNLOOP\n");
   expect_parse_error(deep, strlen(deep), GV_TGSI_MAX_NESTING + 2, "nested deeper");
}

static void test_bad_declarations(void **state)
{
   (void)state;
   BAD("VERT\nDCL TEMP[5..2]\n  0: END\n", 2, "backwards");
   BAD("VERT\nDCL TEMP[0], ARRAY(0)\n  0: END\n", 2, "ARRAY(0)");
   BAD("FRAG\nDCL SVIEW[0]\n  0: END\n", 2, "without a texture target");
   BAD("VERT\nDCL OUT[0]\n  0: END\n", 2, "without a semantic");
   BAD("FRAG\nDCL IN[0]\n  0: END\n", 2, "without a semantic");
   BAD("VERT\nDCL SV[0]\n  0: END\n", 2, "without a semantic");
   BAD("VERT\nDCL IMM[0]\n  0: END\n", 2, "cannot declare");
   BAD("VERT\nDCL TEMP[0], FROBNICATE\n  0: END\n", 2, "unknown declaration attribute");
   BAD("VERT\nDCL TEMP\n  0: END\n", 2, "without a register range");
   BAD("GEOM\nPROPERTY GS_INPUT_PRIMITIVE HEXAGONS\n  0: END\n", 2, "unknown value");
   BAD("GEOM\nPROPERTY NO_SUCH_PROPERTY 1\n  0: END\n", 2, "unknown property");
}

static void test_bad_immediates(void **state)
{
   (void)state;
   BAD("VERT\nIMM[1] FLT32 {0x0, 0x0, 0x0, 0x0}\n  0: END\n", 2, "out of order");
   BAD("VERT\nIMM[0] FLT32 {0x0, 0x0, 0x0, 0x0, 0x0}\n  0: END\n", 2, "too many immediate values");
   BAD("VERT\nIMM[0] FLT32 {0x3f800000,\n  0: END\n", 2, "expected a float");
   BAD("VERT\nIMM[0] UINT32 {4294967296}\n  0: END\n", 2, "number too large");
   BAD("VERT\nIMM[0] INT32 {-2147483649}\n  0: END\n", 2, "number too large");
   BAD("VERT\nIMM[0] FLT64 {1.0, 2.0, 3.0}\n  0: END\n", 2, "too many immediate values");
   BAD("VERT\nIMM[0] HALF {0}\n  0: END\n", 2, "unknown immediate type");
}

static void test_limits(void **state)
{
   (void)state;
   static const char nul[] = "VERT\n\0  0: END\n";
   expect_parse_error(nul, sizeof(nul) - 1, 1, "NUL byte");
   char word[200] = "VERT\n  0: ";
   memset(word + strlen(word), 'A', 100);
   expect_parse_error(word, strlen(word), 2, "longer than");
   size_t big = GV_TGSI_MAX_TEXT + 1;
   char *text = malloc(big);
   assert_non_null(text);
   memset(text, ' ', big);
   memcpy(text, "VERT\n", 5);
   expect_parse_error(text, big, 1, "limit");
   free(text);
}

/* Text that ends without a newline or NUL: every byte prefix of a valid
 * shader must be refused cleanly (ASan checks no byte past the end is read). */
static void test_every_prefix(void **state)
{
   (void)state;
   for (size_t n = 0; n < sizeof(fs_text) - 1; n++) {
      char *copy = malloc(n ? n : 1);
      memcpy(copy, fs_text, n);
      struct gv_tgsi_shader sh;
      char err[256];
      bool ok = gv_tgsi_parse(copy, n, &sh, err, sizeof(err));
      gv_tgsi_free(&sh);
      free(copy);
      /* Only the whole text minus its final newline may parse. */
      if (ok && n < sizeof(fs_text) - 2)
         fail_msg("prefix of %zu bytes parsed", n);
   }
}

static char *translate(const char *text, const struct gv_glsl_target *t,
                       const struct gv_shader_key *key, char *err, size_t err_size)
{
   struct gv_glsl_result r;
   if (!gv_tgsi_to_glsl(text, strlen(text), t, key, &r, err, err_size))
      return NULL;
   return r.glsl;
}

/* Doubles on GLSL ES: emulated on uvec2 lanes with only the helpers used;
 * GL hosts keep native doubles. */
static void test_fp64_emulated(void **state)
{
   (void)state;
   static const char fs[] =
      "FRAG\n"
      "DCL OUT[0], COLOR\n"
      "DCL CONST[0..1]\n"
      "DCL TEMP[0..1]\n"
      "  0: DADD TEMP[0].xy, CONST[0].xyxy, -|CONST[0].zwzw|\n"
      "  1: DSLT TEMP[1].x, TEMP[0].xyxy, CONST[1].xyxy\n"
      "  2: D2F TEMP[1].y, TEMP[0].xyxy\n"
      "  3: MOV OUT[0], TEMP[1]\n"
      "  4: END\n";
   char err[512];
   char *g = translate(fs, &es30, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_null(strstr(g, "double"));
   assert_non_null(strstr(g, "uvec2 gvd_add(uvec2 a, uvec2 b)"));
   assert_non_null(strstr(g, "bool gvd_lt(uvec2 a, uvec2 b)"));
   assert_non_null(strstr(g, "uint gvd_to_f(uvec2 a)"));
   assert_null(strstr(g, "gvd_div"));
   assert_null(strstr(g, "gvd_sqrt"));
   /* absolute value, then negation, on the sign bit */
   assert_non_null(strstr(g, "& 0x7fffffffu) ^ 0x80000000u)"));
   free(g);
   g = translate(fs, &gl45, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "packDouble2x32"));
   assert_null(strstr(g, "gvd_"));
   free(g);
}

/* textureQueryLod on GLSL ES: from derivatives, with the sampler state in
 * <stage>_lodq (set by gl_draw.c); GL keeps the built-in. */
static void test_lodq_emulated(void **state)
{
   (void)state;
   static const char fs[] =
      "FRAG\n"
      "DCL IN[0], GENERIC[0], PERSPECTIVE\n"
      "DCL OUT[0], COLOR\n"
      "DCL SAMP[2]\n"
      "DCL SVIEW[2], 2D, FLOAT\n"
      "DCL TEMP[0]\n"
      "  0: LODQ TEMP[0].xy, IN[0], SAMP[2], 2D\n"
      "  1: MOV OUT[0], TEMP[0]\n"
      "  2: END\n";
   char err[512];
   char *g = translate(fs, &es32, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_null(strstr(g, "textureQueryLod"));
   assert_non_null(strstr(g, "uniform highp vec4 fs_lodq[6];"));
   assert_non_null(strstr(g, "fs_lodq[4]"));
   assert_non_null(strstr(g, "fs_lodq[5].x"));
   assert_non_null(strstr(g, "dFdx(lq_p.xy)"));
   free(g);
   g = translate(fs, &gl45, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "textureQueryLod("));
   assert_null(strstr(g, "_lodq"));
   free(g);
}

static void test_translate_dialects(void **state)
{
   (void)state;
   char err[512];
   char *g = translate(vs_text, &gl33, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "#version 330\n"));
   assert_non_null(strstr(g, "gl_Position"));
   assert_non_null(strstr(g, "layout(location = 0) in vec4 vs_in0;"));
   assert_non_null(strstr(g, "out vec4 vs_g0;"));
   free(g);
   g = translate(vs_text, &es30, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "#version 300 es\n"));
   assert_non_null(strstr(g, "precision highp float;"));
   free(g);
   g = translate(fs_text, &es30, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "flat in vec4 vs_g0;"));
   assert_non_null(strstr(g, "uniform highp sampler2D fs_s0;"));
   assert_non_null(strstr(g, "layout(location = 0) out vec4 fs_out0;"));
   assert_non_null(strstr(g, "fs_ubo1"));
   free(g);
}

static void test_key_linkage(void **state)
{
   (void)state;
   struct gv_tgsi_shader fs;
   char err[512];
   assert_true(gv_tgsi_parse(fs_text, strlen(fs_text), &fs, err, sizeof(err)));
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   gv_shader_key_from_next(&key, &fs);
   gv_tgsi_free(&fs);
   char *g = translate(vs_text, &es30, &key, err, sizeof(err));
   assert_non_null(g);
   /* The FS reads GENERIC[0] flat: the VS output must say so. */
   assert_non_null(strstr(g, "flat out vec4 vs_g0;"));
   free(g);
   /* A varying the FS reads and the VS lacks is declared and zeroed. */
   key.next_generic |= 1u << 5;
   g = translate(vs_text, &gl45, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "vs_g5 = vec4(0.0);"));
   free(g);
   /* ES links one #version: min_version raises it. */
   key.min_version = 310;
   g = translate(vs_text, &es32, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "#version 310 es"));
   free(g);
}

/* Fixed-function emulations of the key: alpha test and polygon stipple
 * in the FS, a fixed point size in the VS, sprite coordinates for
 * TEXCOORD inputs. */
static const char fs_tex_text[] =
   "FRAG\n"
   "DCL IN[0].xy, TEXCOORD[0], PERSPECTIVE\n"
   "DCL OUT[0], COLOR\n"
   "  0: MOV OUT[0], IN[0].xyyy\n"
   "  1: END\n";

static void test_fixed_function_key(void **state)
{
   (void)state;
   char err[512];
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   key.alpha_func = 1 + 4; /* GREATER */
   key.poly_stipple = true;
   key.sprite_coord = 1;
   char *g = translate(fs_tex_text, &es30, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "uniform highp float gv_alpha_ref;"));
   assert_non_null(strstr(g, "uniform highp uint gv_stipple[32];"));
   assert_non_null(strstr(g, "if (!(o[0].a > gv_alpha_ref)) discard;"));
   assert_non_null(strstr(g, "1.0 - gl_PointCoord.y"));
   free(g);
   key.alpha_func = 1; /* NEVER */
   key.sprite_lower_left = true;
   g = translate(fs_tex_text, &gl33, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "discard;"));
   assert_null(strstr(g, "1.0 - gl_PointCoord.y"));
   free(g);
   gv_shader_key_init(&key);
   key.point_size = true;
   g = translate(vs_text, &es30, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "gl_PointSize = gv_point_size;"));
   free(g);
}

/* gl_FragColor broadcast to mixed colour buffers: each copy has the type of
 * its own buffer, not that of buffer 0. */
static void test_color0_broadcast_types(void **state)
{
   (void)state;
   static const char fs[] =
      "FRAG\n"
      "PROPERTY FS_COLOR0_WRITES_ALL_CBUFS 1\n"
      "DCL OUT[0], COLOR\n"
      "IMM[0] FLT32 {1.0, 0.5, 0.25, 1.0}\n"
      "  0: MOV OUT[0], IMM[0]\n"
      "  1: END\n";
   char err[512];
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   key.nr_cbufs = 3;
   key.cbuf_int_mask = 1u << 1;
   key.cbuf_uint_mask = 1u << 2;
   char *g = translate(fs, &gl33, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "out vec4 fs_out0;"));
   assert_non_null(strstr(g, "out ivec4 fs_out1;"));
   assert_non_null(strstr(g, "out uvec4 fs_out2;"));
   assert_non_null(strstr(g, "fs_out1.x = floatBitsToInt(o[0].x);"));
   assert_non_null(strstr(g, "fs_out2.x = floatBitsToUint(o[0].x);"));
   free(g);
}

/* A buffer sampler view (TGSI target BUFFER, numbered 0) is a
 * samplerBuffer, not the default 2D sampler. */
static void test_buffer_sampler(void **state)
{
   (void)state;
   static const char fs[] =
      "FRAG\n"
      "DCL OUT[0], COLOR\n"
      "DCL SAMP[0]\n"
      "DCL SVIEW[0], BUFFER, FLOAT\n"
      "DCL CONST[0]\n"
      "DCL TEMP[0]\n"
      "  0: MOV TEMP[0], CONST[0]\n"
      "  1: TXF OUT[0], TEMP[0], SAMP[0], BUFFER\n"
      "  2: END\n";
   char err[512];
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   char *g = translate(fs, &gl33, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "uniform samplerBuffer fs_s0;"));
   assert_non_null(strstr(g, "texelFetch(fs_s0, floatBitsToInt(t0).x)"));
   free(g);
   g = translate(fs, &es30, &key, err, sizeof(err));
   assert_null(g);   /* GLSL ES 3.00 without EXT_texture_buffer */
   g = translate(fs, &es32, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "samplerBuffer fs_s0;"));
   free(g);
}

/* Occlusion counting on GLES hosts: the FS re-runs the depth and stencil
 * tests on the fetched buffer values and counts with an atomic counter;
 * early fragment tests have already run them. Without the key nothing of
 * it is emitted. */
static void test_occlusion_key(void **state)
{
   (void)state;
   char err[512];
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   char *plain = translate(fs_tex_text, &es32, &key, err, sizeof(err));
   assert_non_null(plain);
   assert_null(strstr(plain, "gv_samples"));
   free(plain);
   key.occlusion.on = true;
   key.occlusion.depth_func = 1 + 1;   /* LESS */
   key.occlusion.depth_bits = 24;
   key.occlusion.stencil_func[0] = 1 + 2;   /* EQUAL */
   key.occlusion.stencil_func[1] = 1 + 7;   /* ALWAYS */
   char *g = translate(fs_tex_text, &es32, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "#extension GL_ARM_shader_framebuffer_fetch_depth_stencil : require"));
   assert_non_null(strstr(g, "uniform highp atomic_uint gv_samples;"));
   assert_non_null(strstr(g, "uniform highp uvec4 gv_occl_stencil;"));
   assert_non_null(strstr(g, "(float(uint(roundEven(clamp(gl_FragCoord.z, 0.0, 1.0) * 16777215.0))) "
                             "* 5.96046519e-08) < gl_LastFragDepthARM"));
   assert_non_null(strstr(g, "(gl_FrontFacing ? ((gv_occl_stencil.x & gv_occl_stencil.y) == "
                             "(uint(gl_LastFragStencilARM) & gv_occl_stencil.y)) : true)"));
   free(g);
   /* No fetch: the host cannot count so (the renderer falls back). */
   assert_null(translate(fs_tex_text, &es30, &key, err, sizeof(err)));
   static const char early[] =
      "FRAG\nPROPERTY FS_EARLY_DEPTH_STENCIL 1\nDCL OUT[0], COLOR\n"
      "IMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n  0: MOV OUT[0], IMM[0]\n  1: END\n";
   key.occlusion.multisample = true;
   g = translate(early, &es32, &key, err, sizeof(err));
   assert_non_null(g);
   assert_null(strstr(g, "gl_LastFragDepthARM"));
   assert_non_null(strstr(g, "bitCount(gl_SampleMaskIn[0])"));
   free(g);
}

static void test_logicop_key(void **state)
{
   (void)state;
   char err[512];
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   key.logicop = 1 + 6; /* XOR */
   key.nr_cbufs = 1;
   memset(key.logicop_bits[0], 5, 4);
   char *g = translate(fs_tex_text, &es32, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "#extension GL_EXT_shader_framebuffer_fetch : require"));
   assert_non_null(strstr(g, "layout(location = 0) inout vec4 fs_out0;"));
   assert_non_null(strstr(g, "vec4 gv_dst0 = fs_out0;"));
   assert_non_null(strstr(g, "vec4((s ^ d) & uvec4(31u, 31u, 31u, 31u))"));
   free(g);
   /* Integer buffers: the values themselves, masked and sign-extended. */
   key.cbuf_int_mask = 1;
   memset(key.logicop_bits[0], 8, 4);
   g = translate(fs_tex_text, &es32, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "ivec4 gv_dst0 = fs_out0;"));
   assert_non_null(strstr(g, "ivec4(24, 24, 24, 24)"));
   free(g);
   /* A buffer the op does not apply to (all bits 0) keeps a plain output. */
   memset(key.logicop_bits[0], 0, 4);
   g = translate(fs_tex_text, &es32, &key, err, sizeof(err));
   assert_non_null(g);
   assert_null(strstr(g, "inout"));
   free(g);
   /* Without framebuffer fetch the translation fails rather than lies. */
   memset(key.logicop_bits[0], 8, 4);
   assert_null(translate(fs_tex_text, &es30, &key, err, sizeof(err)));
}

static void test_provoking_gs(void **state)
{
   (void)state;
   char err[512];
   struct gv_tgsi_shader vs, fs;
   assert_true(gv_tgsi_parse(vs_text, strlen(vs_text), &vs, err, sizeof(err)));
   assert_true(gv_tgsi_parse(fs_text, strlen(fs_text), &fs, err, sizeof(err)));
   /* Strips: the flat GENERIC[0] from input 1 on odd triangles, 0 on even. */
   char *text = gv_tgsi_provoking_gs(&vs, &fs, GV_PRIM_TRIANGLE_STRIP, false);
   assert_non_null(text);
   assert_non_null(strstr(text, "MOV OUT[1], IN[1][1]"));
   assert_non_null(strstr(text, "MOV OUT[0], IN[2][0]"));
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   gv_shader_key_from_next(&key, &fs);
   char *g = translate(text, &es32, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "gl_PrimitiveIDIn"));
   assert_non_null(strstr(g, "flat out vec4 gs_g0;"));
   free(g);
   free(text);
   /* An FS reading gl_PrimitiveID gets it from the GS, which passes
    * gl_PrimitiveIDIn on for every vertex. */
   static const char fs_primid_text[] =
      "FRAG\n"
      "DCL IN[0].xy, GENERIC[0], CONSTANT\n"
      "DCL IN[1], PRIM_ID, CONSTANT\n"
      "DCL OUT[0], COLOR\n"
      "  0: U2F OUT[0].x, IN[1].xxxx\n"
      "  1: MOV OUT[0].yw, IN[0].xxxy\n"
      "  2: END\n";
   struct gv_tgsi_shader fs_primid;
   assert_true(gv_tgsi_parse(fs_primid_text, strlen(fs_primid_text), &fs_primid, err, sizeof(err)));
   text = gv_tgsi_provoking_gs(&vs, &fs_primid, GV_PRIM_TRIANGLES, false);
   assert_non_null(text);
   assert_non_null(strstr(text, "DCL OUT[2], PRIM_ID"));
   assert_non_null(strstr(text, "MOV OUT[2].x, IN[2].xxxx"));
   gv_shader_key_init(&key);
   gv_shader_key_from_next(&key, &fs_primid);
   g = translate(text, &es32, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "gl_PrimitiveID ="));
   free(g);
   free(text);
   gv_tgsi_free(&fs_primid);
   /* Points have one vertex; nothing flat needs nothing. */
   assert_null(gv_tgsi_provoking_gs(&vs, &fs, GV_PRIM_POINTS, false));
   assert_null(gv_tgsi_provoking_gs(&vs, &vs, GV_PRIM_TRIANGLES, false));
   gv_tgsi_free(&vs);
   gv_tgsi_free(&fs);
}

static void test_lod_bias_key(void **state)
{
   (void)state;
   char err[512];
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   key.lod_bias = 1;
   char *g = translate(fs_text, &es30, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "uniform highp float fs_lod_bias[32];"));
   assert_non_null(strstr(g, ", fs_lod_bias[0])"));
   free(g);
   /* Explicit LODs get the sampler's bias added, as GL specifies. */
   static const char txl[] =
      "FRAG\nDCL IN[0], GENERIC[0], PERSPECTIVE\nDCL OUT[0], COLOR\nDCL SAMP[0]\n"
      "DCL SVIEW[0], 2D, FLOAT\n  0: TXL OUT[0], IN[0], SAMP[0], 2D\n  1: END\n";
   g = translate(txl, &es30, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, ".w + fs_lod_bias[0])"));
   free(g);
}

/* Stream outputs of a geometry shader on stream 1 are declared on that
 * stream (GLSL 4.00 / ARB_gpu_shader5); stages other than the geometry
 * shader have only stream 0. */
static void test_so_stream_key(void **state)
{
   (void)state;
   static const char gs[] =
      "GEOM\nPROPERTY GS_INPUT_PRIMITIVE POINTS\nPROPERTY GS_OUTPUT_PRIMITIVE POINTS\n"
      "PROPERTY GS_MAX_OUTPUT_VERTICES 2\nDCL IN[][0], POSITION\nDCL OUT[0], POSITION\n"
      "DCL OUT[1], GENERIC[0], STREAM(1, 1, 1, 1)\nIMM[0] UINT32 {1, 0, 0, 0}\n"
      "  0: MOV OUT[0], IN[0][0]\n  1: MOV OUT[1], IN[0][0]\n  2: EMIT IMM[0].xxxx\n"
      "  3: END\n";
   char err[512];
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   key.so_count = 1;
   key.so[0].reg = 1;
   key.so[0].count = 3;
   key.so[0].stream = 1;
   char *g = translate(gs, &gl45, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "layout(stream = 1) out vec3 gv_so0;"));
   assert_non_null(strstr(g, "gv_so0 = o[1].xyz;"));
   assert_non_null(strstr(g, "EmitStreamVertex(1);"));
   free(g);
   /* Below GLSL 4.00 without the extension there are no streams. */
   assert_null(translate(gs, &gl33, &key, err, sizeof(err)));
   static const char vs[] = "VERT\nDCL OUT[0], POSITION\n  0: MOV OUT[0], OUT[0]\n  1: END\n";
   key.so[0].reg = 0;
   assert_null(translate(vs, &gl45, &key, err, sizeof(err)));
   assert_non_null(strstr(err, "vertex stream 1"));
}

/* GL_CLAMP under linear filtering: the clamped axes of that sampler's
 * coordinates are held to [0, 1] ([0, size] for rectangles), after a
 * projection; array layers and other samplers are left alone. */
static void test_gl_clamp_key(void **state)
{
   (void)state;
   char err[512];
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   key.gl_clamp[0] = 1;
   key.gl_clamp[1] = 2;
   static const char txp[] =
      "FRAG\nDCL IN[0], GENERIC[0], PERSPECTIVE\nDCL OUT[0], COLOR\nDCL SAMP[0]\nDCL SAMP[1]\n"
      "DCL SVIEW[0], 2D, FLOAT\nDCL SVIEW[1], 2D_ARRAY, FLOAT\nDCL TEMP[0]\n"
      "  0: TXP TEMP[0], IN[0], SAMP[0], 2D\n  1: TEX OUT[0], IN[0], SAMP[1], 2D_ARRAY\n  2: END\n";
   char *g = translate(txp, &gl33, &key, err, sizeof(err));
   assert_non_null(g);
   /* Sampler 0: s only, on the projected coordinate. */
   assert_non_null(strstr(g, "vec4 gcl0 = pc;"));
   assert_non_null(strstr(g, "gcl0.x = clamp(gcl0.x, 0.0, 1.0);"));
   assert_null(strstr(g, "gcl0.y = clamp"));
   /* Sampler 1: t only; its layer (z) is not wrapped. */
   assert_non_null(strstr(g, "gcl1.y = clamp(gcl1.y, 0.0, 1.0);"));
   assert_null(strstr(g, "gcl1.x = clamp"));
   assert_null(strstr(g, "gcl1.z = clamp"));
   free(g);
   static const char rect[] =
      "FRAG\nDCL IN[0], GENERIC[0], PERSPECTIVE\nDCL OUT[0], COLOR\nDCL SAMP[0]\n"
      "DCL SVIEW[0], RECT, FLOAT\n  0: TEX OUT[0], IN[0], SAMP[0], RECT\n  1: END\n";
   g = translate(rect, &gl33, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "gcl0.x = clamp(gcl0.x, 0.0, float(textureSize("));
   free(g);
   gv_shader_key_init(&key);
   g = translate(rect, &gl33, &key, err, sizeof(err));
   assert_non_null(g);
   assert_null(strstr(g, "gcl"));
   free(g);
}

/* FS_COORD_PIXEL_CENTER INTEGER drops the half from window positions, on
 * every dialect (GLSL ES has no pixel_center_integer layout). */
static void test_pixel_center_integer(void **state)
{
   (void)state;
   char err[512];
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   static const char fs[] =
      "FRAG\nPROPERTY FS_COORD_PIXEL_CENTER INTEGER\nDCL IN[0], POSITION, LINEAR\n"
      "DCL OUT[0], COLOR\n  0: FRC OUT[0], IN[0]\n  1: END\n";
   char *g = translate(fs, &es30, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "(gl_FragCoord - vec4(0.5, 0.5, 0.0, 0.0))"));
   free(g);
   static const char half[] =
      "FRAG\nDCL IN[0], POSITION, LINEAR\nDCL OUT[0], COLOR\n  0: FRC OUT[0], IN[0]\n  1: END\n";
   g = translate(half, &gl33, &key, err, sizeof(err));
   assert_non_null(g);
   assert_null(strstr(g, "vec4(0.5, 0.5, 0.0, 0.0)"));
   free(g);
}

static void test_features(void **state)
{
   (void)state;
   static const char dbl[] =
      "FRAG\nDCL OUT[0], COLOR\nDCL CONST[0..1]\nDCL TEMP[0..1]\n"
      "  0: DADD TEMP[0].xy, CONST[0], CONST[1]\n  1: D2F TEMP[1].x, TEMP[0]\n"
      "  2: MOV OUT[0], TEMP[1].xxxx\n  3: END\n";
   char err[512];
   char *g = translate(dbl, &gl45, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "#version 400"));
   assert_non_null(strstr(g, "packDouble2x32"));
   free(g);
   g = translate(dbl, &gl33, NULL, err, sizeof(err));
   assert_null(g);
   assert_non_null(strstr(err, "fp64"));
   assert_non_null(strstr(err, "GL_ARB_gpu_shader_fp64"));
   /* GLSL ES: emulated (test_fp64_emulated) */
   g = translate(dbl, &es32, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "gvd_add("));
   free(g);
}

/* Mesa's nir-to-tgsi puts the operands of a single 64-bit operation in
 * the first pair of their swizzles, also when the result goes to the
 * second lane (.zw of a double, .y of a conversion); 32-bit compares of
 * two lanes write .x and .z. */
static void test_double_lanes(void **state)
{
   (void)state;
   static const char fs[] =
      "FRAG\nDCL OUT[0], COLOR\nDCL CONST[0..1]\nDCL TEMP[0..4]\n"
      "  0: MOV TEMP[1], CONST[0]\n  1: MOV TEMP[2], CONST[1]\n"
      "  2: DADD TEMP[0].zw, TEMP[1], TEMP[2]\n  3: D2F TEMP[3].y, TEMP[1]\n"
      "  4: DSLT TEMP[4].xz, TEMP[1], TEMP[2]\n  5: MOV OUT[0], TEMP[3]\n  6: END\n";
   char err[512];
   char *g = translate(fs, &gl45, NULL, err, sizeof(err));
   assert_non_null(g);
   const char *dadd = strstr(g, "t0.zw =");
   const char *d2f = strstr(g, "t3.y =");
   assert_non_null(dadd);
   assert_non_null(d2f);
   /* Both single results read .xy of their operands. */
   assert_null(strstr(g, "floatBitsToUint(t2).zw);\n      double r1 = (s1_0 + s1_1)"));
   assert_non_null(strstr(g, "double s1_1 = packDouble2x32(floatBitsToUint(t2).xy);\n      double r1 = (s1_0 + s1_1);"));
   assert_non_null(strstr(g, "double s1_0 = packDouble2x32(floatBitsToUint(t1).xy);\n      float r1 = float(s1_0);"));
   /* The compare's second lane reads .zw and lands in .z. */
   assert_non_null(strstr(g, "double s1_1 = packDouble2x32(floatBitsToUint(t2).zw);"));
   assert_non_null(strstr(g, "t4.z ="));
   assert_null(strstr(g, "t4.y ="));
   free(g);
}

/* An invariant VS output: GLSL before 4.20 links it only to an invariant
 * input, which the consumer learns from gv_shader_key_from_prev. */
static void test_invariant_linkage(void **state)
{
   (void)state;
   static const char vs_inv[] =
      "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0], INVARIANT\n"
      "  0: MOV OUT[0], IN[0]\n  1: MOV OUT[1], IN[0]\n  2: END\n";
   static const char fs_in[] =
      "FRAG\nDCL IN[0], GENERIC[0], PERSPECTIVE\nDCL OUT[0], COLOR\n"
      "  0: MOV OUT[0], IN[0]\n  1: END\n";
   char err[512];
   struct gv_tgsi_shader vs;
   assert_true(gv_tgsi_parse(vs_inv, strlen(vs_inv), &vs, err, sizeof(err)));
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   key.prev_stage = GV_TGSI_VERTEX;
   gv_shader_key_from_prev(&key, &vs);
   gv_tgsi_free(&vs);
   assert_true(key.in_invariant_generic == 1);
   char *g = translate(fs_in, &gl45, &key, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "#if __VERSION__ < 420\n#define GV_INVARIANT_IN invariant\n"));
   assert_non_null(strstr(g, "GV_INVARIANT_IN in vec4 vs_g0;"));
   free(g);
   /* GLSL ES 3.00 links without it and refuses it on fragment inputs. */
   g = translate(fs_in, &es30, &key, err, sizeof(err));
   assert_non_null(g);
   assert_null(strstr(g, "invariant"));
   assert_null(strstr(g, "GV_INVARIANT_IN"));
   free(g);
}

/* _PRECISE results go through a precise local where the host has one. */
static void test_precise(void **state)
{
   (void)state;
   static const char fs_precise[] =
      "FRAG\nDCL OUT[0], COLOR\nDCL CONST[0..1]\nDCL TEMP[0]\n"
      "  0: FSLT_PRECISE TEMP[0].x, CONST[0].xxxx, CONST[1].xxxx\n"
      "  1: MOV OUT[0], TEMP[0].xxxx\n  2: END\n";
   char err[512];
   char *g = translate(fs_precise, &gl45, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "#version 400"));
   assert_non_null(strstr(g, "precise vec4 p = "));
   free(g);
   g = translate(fs_precise, &es32, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_non_null(strstr(g, "#version 320 es"));
   assert_non_null(strstr(g, "precise vec4 p = "));
   free(g);
   /* Without the qualifier the shader still translates, unqualified. */
   g = translate(fs_precise, &gl33, NULL, err, sizeof(err));
   assert_non_null(g);
   assert_null(strstr(g, "precise"));
   free(g);
}

static void test_semantic_errors(void **state)
{
   (void)state;
   char err[512];
   static const char undeclared_in[] =
      "FRAG\nDCL OUT[0], COLOR\n  0: MOV OUT[0], IN[3]\n  1: END\n";
   assert_null(translate(undeclared_in, &gl45, NULL, err, sizeof(err)));
   assert_non_null(strstr(err, "IN[3] is not declared"));
   assert_non_null(strstr(err, "line 3"));
   static const char undefined_imm[] =
      "FRAG\nDCL OUT[0], COLOR\n  0: MOV OUT[0], IMM[2]\n  1: END\n";
   assert_null(translate(undefined_imm, &gl45, NULL, err, sizeof(err)));
   assert_non_null(strstr(err, "IMM[2] is not defined"));
   static const char kill_in_vs[] = "VERT\n  0: KILL\n  1: END\n";
   assert_null(translate(kill_in_vs, &gl45, NULL, err, sizeof(err)));
   assert_non_null(strstr(err, "outside a fragment shader"));
   static const char emit_in_fs[] = "FRAG\nIMM[0] UINT32 {0, 0, 0, 0}\n  0: EMIT IMM[0].xxxx\n  1: END\n";
   assert_null(translate(emit_in_fs, &gl45, NULL, err, sizeof(err)));
   assert_non_null(strstr(err, "outside a geometry shader"));
}

/* Storage buffers and images: per-stage binding bases from the target, a
 * run-time index into buffers as a switch over the declared slots, and
 * the GLSL ES limits on image formats reported instead of left to the host. */
static void test_storage_and_images(void **state)
{
   (void)state;
   static const char fs[] =
      "FRAG\n"
      "DCL OUT[0], COLOR\n"
      "DCL BUFFER[0]\n"
      "DCL BUFFER[1]\n"
      "DCL IMAGE[0], 2D, PIPE_FORMAT_R8G8B8A8_UNORM, WR\n"
      "DCL TEMP[0..1]\n"
      "DCL ADDR[0]\n"
      "IMM[0] UINT32 {0, 1, 0, 0}\n"
      "  0: UARL ADDR[0].x, IMM[0].yyyy\n"
      "  1: LOAD TEMP[0].x, BUFFER[ADDR[0].x], IMM[0].xxxx\n"
      "  2: LOAD TEMP[1], IMAGE[0], IMM[0].xxxx, 2D, PIPE_FORMAT_R8G8B8A8_UNORM\n"
      "  3: STORE IMAGE[0], IMM[0].xxxx, TEMP[1], 2D, PIPE_FORMAT_R8G8B8A8_UNORM\n"
      "  4: MOV OUT[0], TEMP[0].xxxx\n"
      "  5: END\n";
   char err[512];
   struct gv_glsl_target t = gl45;
   t.ssbo_base[GV_TGSI_FRAGMENT] = 5;
   t.image_base[GV_TGSI_FRAGMENT] = 9;
   char *g = translate(fs, &t, NULL, err, sizeof(err));
   if (!g)
      fail_msg("%s", err);
   assert_non_null(strstr(g, "binding = 5) buffer fs_ssbo0_block"));
   assert_non_null(strstr(g, "binding = 6) buffer fs_ssbo1_block"));
   assert_non_null(strstr(g, "binding = 9) uniform"));
   assert_non_null(strstr(g, "switch ("));
   assert_non_null(strstr(g, "case 1: {"));
   free(g);
   /* GLSL ES: rgba8 images are read-only or write-only. */
   g = translate(fs, &es32, NULL, err, sizeof(err));
   assert_null(g);
   assert_non_null(strstr(err, "GLSL ES has no rgba8 image that is read and written"));
}

static void test_deterministic(void **state)
{
   (void)state;
   char err[512];
   char *a = translate(fs_text, &gl45, NULL, err, sizeof(err));
   char *b = translate(fs_text, &gl45, NULL, err, sizeof(err));
   assert_non_null(a);
   assert_non_null(b);
   assert_string_equal(a, b);
   free(a);
   free(b);
}

int main(void)
{
   const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bad_headers),
      cmocka_unit_test(test_bad_instructions),
      cmocka_unit_test(test_bad_flow),
      cmocka_unit_test(test_bad_declarations),
      cmocka_unit_test(test_bad_immediates),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_every_prefix),
      cmocka_unit_test(test_translate_dialects),
      cmocka_unit_test(test_key_linkage),
      cmocka_unit_test(test_fixed_function_key),
      cmocka_unit_test(test_color0_broadcast_types),
      cmocka_unit_test(test_buffer_sampler),
      cmocka_unit_test(test_occlusion_key),
      cmocka_unit_test(test_logicop_key),
      cmocka_unit_test(test_provoking_gs),
      cmocka_unit_test(test_lod_bias_key),
      cmocka_unit_test(test_so_stream_key),
      cmocka_unit_test(test_gl_clamp_key),
      cmocka_unit_test(test_pixel_center_integer),
      cmocka_unit_test(test_features),
      cmocka_unit_test(test_double_lanes),
      cmocka_unit_test(test_invariant_linkage),
      cmocka_unit_test(test_precise),
      cmocka_unit_test(test_semantic_errors),
      cmocka_unit_test(test_storage_and_images),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_fp64_emulated),
      cmocka_unit_test(test_lodq_emulated),
   };
   return cmocka_run_group_tests(tests, NULL, NULL);
}
