/* TGSI -> GLSL translation: the public interface of src/shader.
 *
 * The dialect (struct gv_glsl_target) says what the host compiles: GL core
 * or GLSL ES, its highest version and the extensions it offers. The key
 * (struct gv_shader_key) holds what the TGSI text does not say but the GLSL
 * must: attribute and colour-output types, the neighbouring stages'
 * interpolation, and so on; the renderer fills it per draw state, a
 * zeroed key is a sensible default. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shader/tgsi_ir.h"

/* Optional language features; each maps to a core version and/or an
 * extension per API in glsl_target.c. */
enum gv_glsl_feature {
   GV_FEAT_FP64, GV_FEAT_INT64, GV_FEAT_GPU_SHADER5, GV_FEAT_FMA,
   GV_FEAT_TEXTURE_GATHER, GV_FEAT_GATHER_OFFSETS, GV_FEAT_CUBE_ARRAY,
   GV_FEAT_TEXTURE_BUFFER, GV_FEAT_TEXTURE_MS, GV_FEAT_TEXTURE_MS_ARRAY,
   GV_FEAT_SAMPLER_1D, GV_FEAT_SAMPLER_RECT, GV_FEAT_SHADOW_CUBE_ARRAY,
   GV_FEAT_QUERY_LOD, GV_FEAT_QUERY_LEVELS, GV_FEAT_QUERY_SAMPLES,
   GV_FEAT_TEXTURE_SIZE_BUFFER, GV_FEAT_GEOMETRY, GV_FEAT_GS_STREAMS,
   GV_FEAT_GS_INVOCATIONS, GV_FEAT_TESSELLATION, GV_FEAT_COMPUTE, GV_FEAT_SSBO,
   GV_FEAT_IMAGES, GV_FEAT_IMAGE_ATOMIC, GV_FEAT_IMAGE_FORMATLESS_WRITE,
   GV_FEAT_ATOMIC_COUNTERS, GV_FEAT_SHARED_MEMORY, GV_FEAT_BARRIER_MEMORY,
   GV_FEAT_SAMPLE_SHADING, GV_FEAT_SAMPLE_QUALIFIER, GV_FEAT_INTERPOLATE_AT,
   GV_FEAT_NOPERSPECTIVE, GV_FEAT_CLIP_DISTANCE, GV_FEAT_CULL_DISTANCE,
   GV_FEAT_PRIMITIVE_ID_FS, GV_FEAT_LAYER_FS, GV_FEAT_VIEWPORT_INDEX,
   GV_FEAT_LAYER_VS, GV_FEAT_DRAW_PARAMETERS, GV_FEAT_STENCIL_EXPORT,
   GV_FEAT_DERIVATIVE_CONTROL, GV_FEAT_DUAL_SOURCE, GV_FEAT_CONSERVATIVE_DEPTH,
   GV_FEAT_EARLY_FRAGMENT_TESTS, GV_FEAT_HELPER_INVOCATION,
   GV_FEAT_POINT_SIZE_GS, GV_FEAT_POINT_SIZE_TESS, GV_FEAT_UBO_ARRAY_INDEX, GV_FEAT_SAMPLER_INDEX,
   GV_FEAT_SHADER_CLOCK, GV_FEAT_FB_FETCH, GV_FEAT_TEXEL_OFFSET_NONCONST,
   GV_FEAT_BIT_ENCODING, GV_FEAT_PACK_HALF, GV_FEAT_INTEGER_MIX,
   GV_FEAT_SHADOW_1D_ARRAY_LOD, GV_FEAT_TEXTURE_GRAD_CUBE_SHADOW,
   GV_FEAT_SSO, GV_FEAT_BLEND_EQUATION_ADVANCED, GV_FEAT_POST_DEPTH_COVERAGE, GV_FEAT_PRECISE,
   GV_FEAT_FB_FETCH_DEPTH_STENCIL, GV_FEAT_IMAGE_SIZE,
   GV_FEAT_COUNT
};
/* Features are bits of a uint64_t (gv_glsl_target.exts, gv_glsl_result.features). */
_Static_assert(GV_FEAT_COUNT <= 64, "too many GLSL features for a 64-bit mask");

struct gv_glsl_target {
   bool es;
   uint16_t version;       /* highest GLSL version: 330..460, or 300..320 (ES) */
   uint64_t exts;          /* bit (1 << feature): the host has the extension for it */
   /* Host binding of storage buffer / image slot 0 per TGSI stage: slot i
    * is declared at base + i, so that the stages of a program, which the
    * guest binds separately, never share a host binding point. */
   uint8_t ssbo_base[GV_TGSI_STAGE_COUNT], image_base[GV_TGSI_STAGE_COUNT];
};

#define GV_MAX_VARYING_SLOTS 64

#define GV_GLSL_MAX_SO 64

/* FS: the occlusion counter of a host without one (GLES; docs/emulations.md).
 * When `on`, fragments that leave the shader and pass the depth and stencil
 * tests, evaluated again against the framebuffer fetch of depth / stencil,
 * increment atomic_uint gv_samples (binding 0): one per fragment, or per
 * covered sample of gl_SampleMaskIn when `multisample`. depth_func and
 * stencil_func[front, back] are PIPE_FUNC_* + 1, 0 = no test (disabled, or
 * no such buffer); depth_bits: the depth buffer's unorm bits (the value
 * the test compares is quantized to them), 0 = float. The stencil test
 * compares with uniform uvec4 gv_occl_stencil (front ref, front value mask,
 * back ref, back value mask). */
struct gv_occlusion_key {
   bool on, multisample;
   uint8_t depth_func, depth_bits;
   uint8_t stencil_func[2];
};

struct gv_shader_key {
   /* Stage that feeds this one (names of its inputs); GV_TGSI_STAGE_COUNT =
    * the usual one (VS for TCS/GS/FS, TCS for TES). */
   uint8_t prev_stage;
   /* VS: attributes read as signed / unsigned integers. */
   uint32_t attr_int_mask, attr_uint_mask;
   /* FS: colour outputs of signed / unsigned integer render targets; the
    * number of colour buffers (FS_COLOR0_WRITES_ALL_CBUFS); dual source. */
   uint32_t cbuf_int_mask, cbuf_uint_mask;
   uint8_t nr_cbufs;
   bool dual_source;
   /* FS: COLOR inputs are flat (rasterizer flatshade). */
   bool flatshade;
   /* FS: COLOR[0..1] inputs come from BCOLOR on back faces (two-sided
    * lighting); the stage before must then write BCOLOR (next_bcolor). */
   bool twoside;
   /* FS fixed-function emulations (GL core and GLES hosts have none):
    * alpha_func = PIPE_FUNC_* + 1 of the alpha test of COLOR[0] against
    * uniform float gv_alpha_ref (0 = no test); poly_stipple discards the
    * fragments whose bit of uniform uint gv_stipple[32] is 0 (row y % 32,
    * bit 31 - x % 32); TEXCOORD[i] inputs of sprite_coord bit i read the
    * point sprite coordinate, origin at the top (Gallium's y down) unless
    * sprite_lower_left. */
   uint8_t alpha_func;
   bool poly_stipple;
   /* FS logic op on a host without one (GLES), done with framebuffer fetch:
    * logicop = PIPE_LOGICOP_* + 1 (0 = none); logicop_bits[i][c] = bits of
    * component c (RGBA) of colour buffer i, 0 = the op does not apply to that
    * buffer (float, sNorm, sRGB): unorm values are taken as integers of that
    * many bits, integer buffers as their (masked) values. */
   uint8_t logicop;
   uint8_t logicop_bits[8][4];
   uint8_t sprite_coord;
   bool sprite_lower_left;
   struct gv_occlusion_key occlusion;
   /* Outputs: interpolation the next stage declares for GENERIC[i] /
    * COLOR[i] / TEXCOORD[i] (GV_INTERP_*, GV_INTERP_NONE = default) and
    * its location (GV_LOC_*). Filled by gv_shader_key_from_next. */
   uint8_t out_interp[GV_MAX_VARYING_SLOTS], out_loc[GV_MAX_VARYING_SLOTS];
   uint8_t color_interp[2], color_loc[2];
   uint8_t texcoord_interp[8], texcoord_loc[8];
   /* Inputs the next stage reads; outputs this stage lacks are declared and
    * written with zeros so that the program links (GL leaves them
    * undefined). Bit i of a mask = semantic index i. */
   uint64_t next_generic, next_patch;
   uint8_t next_color, next_bcolor, next_texcoord, next_fog;
   /* Inputs whose producing output the stage before declares invariant
    * (bit i = semantic index i; color: COLOR bits 0-1, BCOLOR bits 2-3).
    * GLSL before 4.20 (4.30 in Mesa) refuses to link an invariant output
    * to an input that is not, and TGSI inputs do not say it. Filled by
    * gv_shader_key_from_prev. */
   uint64_t in_invariant_generic;
   uint8_t in_invariant_color, in_invariant_texcoord;
   /* Image formats for images declared with PIPE_FORMAT_NONE (index into
    * gv_image_formats; 0 = take rgba32f/ r32ui for atomics). */
   uint16_t image_format[32];
   /* Shadow samplers: the sampler view's swizzle applied to (r, r, r, r),
    * 3 bits per channel from x (values 0-3 = r, 4 = 0, 5 = 1) | 0x8000;
    * 0 = no swizzle. GL ignores texture swizzles on comparison results. */
   uint16_t shadow_swizzle[32];
   /* Samplers (bit i) whose sampler state has a LOD bias the host cannot
    * set (GLES): lookups add uniform float <prefix>_lod_bias[i]. */
   uint32_t lod_bias;
   /* Samplers (bit i of [axis]) whose wrap mode on s / t / r is GL_CLAMP
    * under linear filtering (gl_draw.c): lookups clamp that coordinate to
    * [0, 1] (rectangles: [0, size]) and the host clamps to the border. */
   uint32_t gl_clamp[3];
   /* Compute: bytes of shared memory (CREATE_OBJECT req_local_mem). */
   uint32_t shared_bytes;
   /* Last stage before rasterization: negate gl_Position.y (the guest's
    * viewport has a negative y scale, which glViewport cannot express). */
   bool flip_y;
   /* Last stage before rasterization: user clip planes to apply (bit i =
    * plane i of uniform vec4 gv_clip_plane[8]) when the shader writes no
    * clip distances: from CLIPVERTEX, else from the position. */
   uint8_t clip_planes;
   /* Vertex shader of a point draw on a host without a fixed point size
    * (GLES): gl_PointSize = uniform float gv_point_size, over any size the
    * shader writes (the guest's rasterizer said not to use it). */
   bool point_size;
   /* Last stage before rasterization with stream output: gv_so<i> is
    * declared as float/vecN and written with components start..start+n-1
    * of output register reg wherever outputs are written (so the host's
    * transform feedback captures exactly what the guest asked for), on
    * vertex stream `stream` (geometry shaders; 0 elsewhere). */
   uint8_t so_count;
   struct { uint8_t reg, start, count, stream; } so[GV_GLSL_MAX_SO];
   /* #version at least this (GLSL ES links only stages of one version):
    * translate every stage, then again with the highest version chosen. */
   uint16_t min_version;
};

struct gv_glsl_result {
   char *glsl;             /* NUL-terminated, malloc'd */
   size_t len;
   uint16_t version;       /* the #version chosen */
   uint64_t features;      /* features used */
   char warnings[512];     /* degradations ("noperspective approximated by smooth") */
};

void gv_shader_key_init(struct gv_shader_key *key);

/* Fills the out_interp, color and texcoord fields of key from the inputs the
 * next stage declares, so that the producing stage's outputs match them. */
void gv_shader_key_from_next(struct gv_shader_key *key, const struct gv_tgsi_shader *next);

/* Fills the in_invariant fields of key from the outputs the stage before
 * declares invariant. */
void gv_shader_key_from_prev(struct gv_shader_key *key, const struct gv_tgsi_shader *prev);

/* Translates a parsed shader. On failure returns false with a message in
 * err. The result must be freed with gv_glsl_result_free. */
bool gv_glsl_translate(const struct gv_tgsi_shader *sh, const struct gv_glsl_target *target,
                       const struct gv_shader_key *key, struct gv_glsl_result *out,
                       char *err, size_t err_size);
void gv_glsl_result_free(struct gv_glsl_result *r);

/* Parses and translates in one go (CLI, fuzzer, renderer). */
bool gv_tgsi_to_glsl(const char *text, size_t len, const struct gv_glsl_target *target,
                     const struct gv_shader_key *key, struct gv_glsl_result *out,
                     char *err, size_t err_size);

/* Feature names for messages and the dialect description. */
const char *gv_glsl_feature_name(enum gv_glsl_feature f);
/* Sets target->exts from a host extension string list (space separated). */
void gv_glsl_target_from_extensions(struct gv_glsl_target *t, bool es, unsigned version,
                                    const char *extensions);

/* TGSI text (malloc'd) of a geometry shader between vs and fs that passes
 * primitives of draw mode `mode` (GV_PRIM_*) through unchanged, except that
 * the varyings fs takes flat (its colours too when flatshade) come from the
 * vertex of GL's first-vertex convention on every emitted vertex: hosts
 * without glProvokingVertex (GLES) take the last one. NULL when nothing is
 * flat or the mode / shaders have no such emulation (points, triangle
 * strips with adjacency, VS layer outputs, FS primitive ID). */
char *gv_tgsi_provoking_gs(const struct gv_tgsi_shader *vs, const struct gv_tgsi_shader *fs,
                           unsigned mode, bool flatshade);

/* TGSI text (malloc'd) of a geometry shader between vs and fs that draws
 * the triangles reaching it as their edges (mode 1) or vertices (mode 2):
 * GL's polygon modes where the host has none for them (GLES; edge flags,
 * which hide the edges and vertices whose EDGEFLAG output is 0). `faces`:
 * bit 0 front, bit 1 back, the faces drawn (the others are culled);
 * `ccw_front`: a positive determinant of the clip-space (x, y, w) is a
 * front face. Flat varyings come from input vertex flat_vertex, or with -1
 * from input 1 on odd primitives and 0 on even ones (first-vertex
 * convention on triangle strips). z_offset: added to clip-space z per unit
 * of w (a polygon offset of constant units; the slope factor is not
 * emulated). NULL when the shaders have no such emulation. */
char *gv_tgsi_unfilled_gs(const struct gv_tgsi_shader *vs, const struct gv_tgsi_shader *fs,
                          unsigned mode, unsigned faces, bool ccw_front, bool flatshade,
                          int flat_vertex, float z_offset);
