/* Linked programs of a sub-context (gl_program.c), used by gl_draw.c. */
#pragma once

#include "renderer/renderer_priv.h"

#define GV_PROG_MAX_SAMPLERS 32

/* Draw state that changes the GLSL (see gv_shader_key). */
struct gv_program_key {
   uint32_t attr_int, attr_uint;     /* vertex attributes read as integers */
   uint32_t cbuf_int, cbuf_uint;     /* integer colour buffers */
   uint8_t nr_cbufs;
   bool flatshade;
   bool twoside;
   bool flip_y;
   uint8_t clip_planes;
   uint8_t alpha_func;               /* see gv_shader_key */
   bool poly_stipple;
   uint8_t logicop;                  /* see gv_shader_key */
   uint8_t logicop_bits[8][4];
   uint8_t sprite_coord;
   bool sprite_lower_left;
   bool point_size;
   struct gv_occlusion_key occlusion;  /* gl_occlusion.c */
   uint8_t provoking_mode;           /* draw mode + 1: flat varyings from the first vertex by a generated GS */
   /* Polygon mode by a generated GS (gv_tgsi_unfilled_gs): 0 = none, else
    * mode (1 line, 2 point) | faces << 2 | ccw_front << 4 | flat << 5, flat:
    * the input vertex of flat varyings, 0 = 2, 1 = 0, 2 = 1, 3 = a strip's;
    * and the clip-space z offset per w of its polygon offset (float bits). */
   uint8_t unfilled;
   uint32_t unfilled_dz;
   uint16_t shadow_swizzle[GV_MAX_STAGES][32];   /* see gv_shader_key */
   uint32_t lod_bias[GV_MAX_STAGES];             /* see gv_shader_key */
   uint32_t gl_clamp[GV_MAX_STAGES][3];          /* see gv_shader_key */
   /* GLES: patch vertices of the pass-through TCS made for a TES bound
    * without a TCS (gl_tess.c); 0 = none. */
   uint8_t passthrough_tcs;
};

/* One stream output's words in the packed scratch record and in its
 * guest buffer's vertex (gl_so_scatter.c). */
struct gv_so_move {
   uint8_t buffer, count;
   uint16_t src, dst;
};

/* What a program's transform feedback records (gl_streamout.c). */
struct gv_so_layout {
   bool active;
   uint32_t stride[GV_MAX_SO_TARGETS];   /* bytes per vertex per buffer; 0 = unused */
   uint8_t stream_of[GV_MAX_SO_TARGETS]; /* the vertex stream each buffer records */
   uint8_t streams;                      /* bit s: stream s records into some buffer */
   GLenum prim;                          /* fixed by a GS or TES; 0 = from the draw */
   /* A layout the host cannot record (GLES): recorded packed into a
    * scratch buffer, `packed_stride` bytes a vertex, then moved. */
   bool scatter;
   uint32_t packed_stride;
   uint32_t nr_moves;
   struct gv_so_move moves[GV_GLSL_MAX_SO];
};

struct gv_program {
   struct gv_program *next;
   uint32_t ids[GV_MAX_STAGES];      /* gv_shader.id per virgl stage, 0 = none */
   struct gv_program_key key;
   GLuint prog;                      /* 0: the combination failed to build */
   GLint cb0_loc[GV_MAX_STAGES];
   GLint clip_plane_loc;
   GLint alpha_ref_loc, stipple_loc, point_size_loc, occl_stencil_loc;
   GLint sampler_loc[GV_MAX_STAGES][GV_PROG_MAX_SAMPLERS];
   GLint lod_bias_loc[GV_MAX_STAGES];
   GLint lodq_loc[GV_MAX_STAGES];               /* emulated textureQueryLod state (GLES) */
   GLuint ubo_index[GV_MAX_STAGES][GV_MAX_CONST_BUFFERS];
   struct gv_so_layout so;
};

/* gl_streamout.c: the stream outputs of `sh` (the last stage before the
 * rasterizer) as the key fields of its translation, and the varyings to
 * record, set on `prog` before it is linked. False (logged) when the host
 * cannot record that layout: the program is then built without it. */
void gv_gl_so_key(const struct gv_shader *sh, struct gv_shader_key *key);
bool gv_gl_so_varyings(struct gv_context *ctx, GLuint prog, const struct gv_shader *sh,
                       struct gv_so_layout *out);

/* Around one draw: starts recording into the bound targets if the program
 * records (returns whether it did), and afterwards accounts what was written. */
struct gv_so_draw {
   bool active;              /* counting: the queries below run */
   bool recording;           /* host transform feedback began */
   GLenum prim;
   uint8_t full;             /* bit s: a buffer of stream s has no room for a primitive */
   uint8_t generated;        /* bit s: counting what stream s generated (overflow) */
};
void gv_gl_so_begin(struct gv_context *ctx, struct gv_sub_ctx *sub, const struct gv_program *p,
                    const struct gv_draw_info *info, struct gv_so_draw *so);
void gv_gl_so_end(struct gv_context *ctx, struct gv_sub_ctx *sub, const struct gv_program *p,
                  struct gv_so_draw *so);

/* gl_so_scatter.c (layouts with xfb_scatter): the most vertices one
 * recording of `so` may write; binds a scratch buffer for `vertices`
 * (false, logged, when it cannot); after the recording moves the first
 * `vertices` into the bound targets where they append. */
uint64_t gv_gl_so_scatter_max_vertices(const struct gv_so_layout *so);
bool gv_gl_so_scatter_bind(struct gv_context *ctx, const struct gv_so_layout *so, uint64_t vertices);
int gv_gl_so_scatter_run(struct gv_context *ctx, const struct gv_draw_state *d,
                         const struct gv_so_layout *so, uint64_t vertices);

/* gl_occlusion.c: occlusion counters counted by the FS (GLES hosts); the
 * GL_QUERY side is in gl_backend.h. The key of a draw while one is active,
 * and the counter and uniform such a program uses. */
struct gv_occlusion_key;
void gv_gl_occl_key(const struct gv_context *ctx, const struct gv_sub_ctx *sub,
                    struct gv_occlusion_key *k);
void gv_gl_occl_bind(const struct gv_context *ctx, const struct gv_sub_ctx *sub,
                     const struct gv_program *p);

/* gl_tess.c: a TCS for `tes` that passes its per-vertex inputs through and
 * writes the levels from CONST[0][0] (outer) and CONST[0][1] (inner);
 * `out->tgsi` is freed with gv_tgsi_free. False (logged) if it cannot. */
#define GV_PASSTHROUGH_TCS_ID UINT32_MAX   /* its gv_shader.id and program id */
bool gv_gl_passthrough_tcs(const struct gv_tgsi_shader *tes, uint32_t vertices, struct gv_shader *out);

/* The program for the bound shaders and this key, linking it on first
 * use; NULL if it cannot be built (logged once). */
struct gv_program *gv_gl_program_get(struct gv_context *ctx, struct gv_sub_ctx *sub,
                                     const struct gv_program_key *k);
/* Likewise for the bound compute shader (LAUNCH_GRID). */
struct gv_program *gv_gl_compute_program_get(struct gv_context *ctx, struct gv_sub_ctx *sub);

/* gl_draw.c: binds the constants, uniform buffers, sampler views and
 * samplers of every stage of `p`; gl_compute.c: its storage buffers and
 * images. */
void gv_gl_bind_resources(struct gv_context *ctx, struct gv_draw_state *d, const struct gv_program *p);
void gv_gl_bind_shader_res(struct gv_context *ctx, struct gv_draw_state *d, const struct gv_program *p);
