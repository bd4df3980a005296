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
   bool flip_y;
   uint8_t clip_planes;
   uint16_t shadow_swizzle[GV_MAX_STAGES][32];   /* see gv_shader_key */
};

struct gv_program {
   struct gv_program *next;
   uint32_t ids[GV_MAX_STAGES];      /* gv_shader.id per virgl stage, 0 = none */
   struct gv_program_key key;
   GLuint prog;                      /* 0: the combination failed to build */
   GLint cb0_loc[GV_MAX_STAGES];
   GLint clip_plane_loc;
   GLint sampler_loc[GV_MAX_STAGES][GV_PROG_MAX_SAMPLERS];
   GLuint ubo_index[GV_MAX_STAGES][GV_MAX_CONST_BUFFERS];
};

/* The program for the bound shaders and this key, linking it on first
 * use; NULL if it cannot be built (logged once). */
struct gv_program *gv_gl_program_get(struct gv_context *ctx, struct gv_sub_ctx *sub,
                                     const struct gv_program_key *k);
