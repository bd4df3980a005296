/* Programs: the bound shaders translated with the keys this draw needs,
 * linked once and cached per sub-context. A program is never rebuilt for a
 * combination (shader ids + key) it already has. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "gl/gl_program.h"
#include "util/log.h"

#define MAX_PROGRAMS 256

/* TGSI stage of each virgl stage, and the pipeline order. */
static const uint32_t tgsi_stage[GV_MAX_STAGES] = {
   GV_TGSI_VERTEX, GV_TGSI_FRAGMENT, GV_TGSI_GEOMETRY, GV_TGSI_TESS_CTRL, GV_TGSI_TESS_EVAL,
   GV_TGSI_COMPUTE,
};
static const uint32_t order[5] = { GV_STAGE_VERTEX, GV_STAGE_TESS_CTRL, GV_STAGE_TESS_EVAL,
                                   GV_STAGE_GEOMETRY, GV_STAGE_FRAGMENT };

static GLenum gl_stage(uint32_t virgl_stage)
{
   switch (virgl_stage) {
   case GV_STAGE_VERTEX: return GL_VERTEX_SHADER;
   case GV_STAGE_FRAGMENT: return GL_FRAGMENT_SHADER;
   case GV_STAGE_GEOMETRY: return GL_GEOMETRY_SHADER;
   case GV_STAGE_TESS_CTRL: return GL_TESS_CONTROL_SHADER;
   case GV_STAGE_TESS_EVAL: return GL_TESS_EVALUATION_SHADER;
   default: return GL_COMPUTE_SHADER;
   }
}

static const char *prefix(uint32_t virgl_stage)
{
   static const char *p[] = { "vs", "fs", "gs", "tcs", "tes", "cs" };
   return p[virgl_stage];
}

void gv_gl_programs_destroy(struct gv_sub_ctx *sub)
{
   struct gv_program *p = sub->draw.programs;
   while (p) {
      struct gv_program *n = p->next;
      glDeleteProgram(p->prog);
      free(p);
      p = n;
   }
   sub->draw.programs = NULL;
   sub->draw.nr_programs = 0;
}

static void locate(struct gv_program *p)
{
   char name[64];
   p->clip_plane_loc = glGetUniformLocation(p->prog, "gv_clip_plane");
   p->alpha_ref_loc = glGetUniformLocation(p->prog, "gv_alpha_ref");
   p->stipple_loc = glGetUniformLocation(p->prog, "gv_stipple");
   p->point_size_loc = glGetUniformLocation(p->prog, "gv_point_size");
   p->occl_stencil_loc = glGetUniformLocation(p->prog, "gv_occl_stencil");
   for (uint32_t s = 0; s < GV_MAX_STAGES; s++) {
      if (!p->ids[s])
         continue;
      snprintf(name, sizeof(name), "%s_cb0", prefix(s));
      p->cb0_loc[s] = glGetUniformLocation(p->prog, name);
      snprintf(name, sizeof(name), "%s_lod_bias", prefix(s));
      p->lod_bias_loc[s] = glGetUniformLocation(p->prog, name);
      snprintf(name, sizeof(name), "%s_lodq", prefix(s));
      p->lodq_loc[s] = glGetUniformLocation(p->prog, name);
      for (uint32_t i = 0; i < GV_PROG_MAX_SAMPLERS; i++) {
         snprintf(name, sizeof(name), "%s_s%u", prefix(s), i);
         GLint loc = glGetUniformLocation(p->prog, name);
         /* Indirectly indexed samplers are arrays named by their first slot. */
         for (uint32_t b = i + 1; loc < 0 && b-- > 0;) {
            snprintf(name, sizeof(name), "%s_sa%u[%u]", prefix(s), b, i - b);
            loc = glGetUniformLocation(p->prog, name);
         }
         p->sampler_loc[s][i] = loc;
      }
      for (uint32_t b = 1; b < GV_MAX_CONST_BUFFERS; b++) {
         snprintf(name, sizeof(name), "%s_ubo%u_block", prefix(s), b);
         GLuint idx = glGetUniformBlockIndex(p->prog, name);
         if (idx == GL_INVALID_INDEX) {
            snprintf(name, sizeof(name), "%s_ubo_block[%u]", prefix(s), b - 1);
            idx = glGetUniformBlockIndex(p->prog, name);
         }
         p->ubo_index[s][b] = idx;
      }
   }
}

static bool same(const struct gv_program *p, const uint32_t ids[GV_MAX_STAGES],
                 const struct gv_program_key *k)
{
   return !memcmp(p->ids, ids, sizeof(p->ids)) && !memcmp(&p->key, k, sizeof(*k));
}

static GLuint compile(uint32_t stage, const char *glsl, uint32_t handle_id)
{
   char log[1024];
   GLuint s = gv_gl_compile(gl_stage(stage), 1, &glsl, log, sizeof(log));
   if (!s)
      gv_error("program: the host rejected the GLSL of shader #%u (a glvirt bug): %s", handle_id, log);
   return s;
}

/* llvmpipe (Mesa 22.3) sizes a geometry shader's primitive buffers from
 * max_vertices and writes past them when that is below the vertex count of
 * one output primitive (found by fuzz_context). Such a shader cannot output
 * a primitive anyway, so its draws are dropped instead of run. */
static bool gs_outputs_primitives(const struct gv_shader *sh)
{
   uint32_t op = sh->tgsi.prop[GV_PROP_GS_OUTPUT_PRIM];
   uint32_t max = sh->tgsi.prop[GV_PROP_GS_MAX_OUTPUT_VERTICES];
   uint32_t need = op == GV_PRIM_POINTS ? 1 : op == GV_PRIM_LINE_STRIP ? 2 : 3;
   if (max == 0 || max >= need)
      return true;
   gv_warn("DRAW_VBO: geometry shader #%u declares max_vertices %u, fewer than one %s primitive "
           "needs: it outputs nothing, and the host driver mishandles it, so its draws are dropped",
           sh->id, max, op == GV_PRIM_LINE_STRIP ? "line strip" : "triangle strip");
   return false;
}

static void free_shader(struct gv_shader *sh)
{
   if (!sh)
      return;
   gv_tgsi_free(&sh->tgsi);
   free(sh);
}

static bool declares_output(const struct gv_tgsi_shader *sh, uint32_t reg)
{
   for (uint32_t i = 0; i < sh->num_decls; i++) {
      const struct gv_tgsi_decl *d = &sh->decls[i];
      if (d->file == GV_FILE_OUT && reg >= d->first && reg <= d->last)
         return true;
   }
   return false;
}

/* The generated GS becomes the last stage before the rasterizer, so the
 * stream outputs move to it; its outputs keep the VS's registers. False
 * when one names an output it drops (edge flag, point size). */
static bool take_stream_outputs(struct gv_shader *gs, const struct gv_shader *vs)
{
   for (uint32_t i = 0; i < vs->so_num_outputs && i < GV_MAX_SO_OUTPUTS; i++)
      if (!declares_output(&gs->tgsi, vs->so[i].register_index))
         return false;
   gs->so_num_outputs = vs->so_num_outputs;
   memcpy(gs->so_stride, vs->so_stride, sizeof(gs->so_stride));
   memcpy(gs->so, vs->so, sizeof(gs->so));
   return true;
}

/* The geometry shader of generated TGSI `text` (freed here); NULL, logged,
 * if it does not parse, which is a glvirt bug. */
static struct gv_shader *parse_generated_gs(char *text, const char *what)
{
   struct gv_shader *gs = calloc(1, sizeof(*gs));
   char err[256];
   if (gs && !gv_tgsi_parse(text, strlen(text), &gs->tgsi, err, sizeof(err))) {
      gv_error("program: the generated %s geometry shader does not parse (a glvirt bug): %s",
               what, err);
      gv_tgsi_free(&gs->tgsi);
      free(gs);
      gs = NULL;
   }
   if (gs)
      gs->stage = GV_TGSI_GEOMETRY, gs->virgl_stage = GV_STAGE_GEOMETRY;
   free(text);
   return gs;
}

/* The first-vertex convention on a host without glProvokingVertex: a
 * generated pass-through geometry shader (see gv_tgsi_provoking_gs); NULL
 * when none is needed or possible. The caller frees it with free_shader. */
static struct gv_shader *provoking_gs(const struct gv_draw_state *d, const struct gv_program_key *k)
{
   const struct gv_shader *vs = d->shaders[GV_STAGE_VERTEX], *fs = d->shaders[GV_STAGE_FRAGMENT];
   if (!k->provoking_mode || !vs || !fs)
      return NULL;
   char *text = gv_tgsi_provoking_gs(&vs->tgsi, &fs->tgsi, k->provoking_mode - 1u, k->flatshade);
   if (!text)
      return NULL;
   struct gv_shader *gs = parse_generated_gs(text, "provoking-vertex");
   if (gs && !take_stream_outputs(gs, vs)) {
      free_shader(gs);
      gs = NULL;
   }
   return gs;
}

/* Polygon modes the host cannot draw: a generated GS draws the triangles'
 * edges or vertices (see gv_tgsi_unfilled_gs); NULL when none is needed or
 * possible. The caller frees it with free_shader. */
static struct gv_shader *unfilled_gs(const struct gv_draw_state *d, const struct gv_program_key *k)
{
   const struct gv_shader *vs = d->shaders[GV_STAGE_VERTEX], *fs = d->shaders[GV_STAGE_FRAGMENT];
   if (!k->unfilled || !vs || !fs)
      return NULL;
   static const int flat_vertex[4] = { 2, 0, 1, -1 };
   float dz;
   memcpy(&dz, &k->unfilled_dz, sizeof(dz));
   char *text = gv_tgsi_unfilled_gs(&vs->tgsi, &fs->tgsi, k->unfilled & 3u, (k->unfilled >> 2) & 3u,
                                    k->unfilled >> 4 & 1, k->flatshade,
                                    flat_vertex[k->unfilled >> 5 & 3], dz);
   if (!text) {
      gv_error("program: polygon mode %s cannot be emulated for these shaders",
               (k->unfilled & 3) == 1 ? "LINE" : "POINT");
      return NULL;
   }
   return parse_generated_gs(text, "polygon-mode");
}

/* Translates every stage with its key; a second pass evens out the
 * #version (GLSL ES links only one). */
static bool build_stages(struct gv_context *ctx, struct gv_shader *const shaders[GV_MAX_STAGES],
                         const struct gv_program_key *k, struct gv_program *p)
{
   GLuint prog = p->prog;
   const struct gv_shader *so_shader = NULL;
   const struct gv_glsl_target *target = &ctx->r->glsl;
   uint16_t version = 0;
   if (shaders[GV_STAGE_GEOMETRY] && !gs_outputs_primitives(shaders[GV_STAGE_GEOMETRY]))
      return false;
   for (int pass = 0; pass < 2; pass++) {
      for (int oi = 0; oi < 5; oi++) {
         uint32_t s = order[oi];
         struct gv_shader *sh = shaders[s];
         if (!sh)
            continue;
         struct gv_shader_key key;
         gv_shader_key_init(&key);
         key.min_version = version;
         int prev = -1, next = -1;
         for (int j = oi - 1; j >= 0 && prev < 0; j--)
            if (shaders[order[j]])
               prev = (int)order[j];
         for (int j = oi + 1; j < 5 && next < 0; j++)
            if (shaders[order[j]])
               next = (int)order[j];
         key.prev_stage = prev >= 0 ? (uint8_t)tgsi_stage[prev] : GV_TGSI_STAGE_COUNT;
         if (next >= 0)
            gv_shader_key_from_next(&key, &shaders[next]->tgsi);
         if (prev >= 0)
            gv_shader_key_from_prev(&key, &shaders[prev]->tgsi);
         /* Two-sided lighting reads the back colours the FS does not declare. */
         if (next == GV_STAGE_FRAGMENT && k->twoside)
            key.next_bcolor |= key.next_color & 3;
         if (s == GV_STAGE_VERTEX) {
            key.attr_int_mask = k->attr_int;
            key.attr_uint_mask = k->attr_uint;
         }
         if (s == GV_STAGE_FRAGMENT) {
            key.cbuf_int_mask = k->cbuf_int;
            key.cbuf_uint_mask = k->cbuf_uint;
            key.nr_cbufs = k->nr_cbufs ? k->nr_cbufs : 1;
            key.flatshade = k->flatshade;
            key.twoside = k->twoside;
            key.alpha_func = k->alpha_func;
            key.poly_stipple = k->poly_stipple;
            key.logicop = k->logicop;
            memcpy(key.logicop_bits, k->logicop_bits, sizeof(key.logicop_bits));
            key.sprite_coord = k->sprite_coord;
            key.sprite_lower_left = k->sprite_lower_left;
            key.occlusion = k->occlusion;
         }
         if (next == GV_STAGE_FRAGMENT) {
            key.flip_y = k->flip_y;
            key.clip_planes = k->clip_planes;
            key.point_size = k->point_size;
            /* Colour outputs must be flat exactly when the FS takes them flat. */
            key.flatshade = k->flatshade;
         }
         /* Mesa gives the stream outputs to the last stage before the rasterizer. */
         if ((next == GV_STAGE_FRAGMENT || next < 0) && s != GV_STAGE_FRAGMENT &&
             sh->so_num_outputs) {
            gv_gl_so_key(sh, &key);
            so_shader = sh;
         }
         memcpy(key.shadow_swizzle, k->shadow_swizzle[s], sizeof(key.shadow_swizzle));
         key.lod_bias = k->lod_bias[s];
         memcpy(key.gl_clamp, k->gl_clamp[s], sizeof(key.gl_clamp));
         struct gv_glsl_result r;
         char err[512];
         if (!gv_glsl_translate(&sh->tgsi, target, &key, &r, err, sizeof(err))) {
            gv_error("program: shader #%u (%s) cannot be translated for this host: %s", sh->id,
                     gv_tgsi_stage_name(sh->stage), err);
            return false;
         }
         if (pass == 0) {
            if (r.version > version)
               version = r.version;
         } else {
            /* --verbose shows what each program is built from. */
            gv_debug("program: shader #%u (%s) as linked:\n%s", sh->id,
                     gv_tgsi_stage_name(sh->stage), r.glsl);
            GLuint gs = compile(s, r.glsl, sh->id);
            if (!gs) {
               gv_glsl_result_free(&r);
               return false;
            }
            glAttachShader(prog, gs);
            glDeleteShader(gs);
         }
         gv_glsl_result_free(&r);
      }
   }
   if (so_shader)
      gv_gl_so_varyings(ctx, prog, so_shader, &p->so);
   char log[1024];
   if (!gv_gl_link(prog, log, sizeof(log))) {
      gv_error("program: link failed (a glvirt bug): %s", log);
      return false;
   }
   return true;
}

/* The bound stages, with the stages the key asks glvirt to make up for
 * the time of the build (the linked program keeps what it needs): the
 * provoking-vertex GS and the pass-through TCS of GLES hosts. */
static bool build(struct gv_context *ctx, struct gv_draw_state *d, const struct gv_program_key *k,
                  struct gv_program *p)
{
   struct gv_shader *shaders[GV_MAX_STAGES];
   memcpy(shaders, d->shaders, sizeof(shaders));
   struct gv_shader tcs;
   if (k->passthrough_tcs) {
      if (!shaders[GV_STAGE_TESS_EVAL] ||
          !gv_gl_passthrough_tcs(&shaders[GV_STAGE_TESS_EVAL]->tgsi, k->passthrough_tcs, &tcs))
         return false;
      shaders[GV_STAGE_TESS_CTRL] = &tcs;
   }
   /* The polygon-mode GS also takes flat varyings from the right vertex. */
   struct gv_shader *gs = k->unfilled ? unfilled_gs(d, k) : provoking_gs(d, k);
   if (k->unfilled && !gs)
      return false;
   if (gs)
      shaders[GV_STAGE_GEOMETRY] = gs;
   bool ok = build_stages(ctx, shaders, k, p);
   free_shader(gs);
   if (k->passthrough_tcs)
      gv_tgsi_free(&tcs.tgsi);
   return ok;
}

/* A compute program: the bound compute shader alone, with no key. */
static bool build_compute(struct gv_context *ctx, const struct gv_shader *sh, GLuint prog)
{
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   key.shared_bytes = sh->req_local_mem;
   struct gv_glsl_result r;
   char err[512];
   if (!gv_glsl_translate(&sh->tgsi, &ctx->r->glsl, &key, &r, err, sizeof(err))) {
      gv_error("program: compute shader #%u cannot be translated for this host: %s", sh->id, err);
      return false;
   }
   gv_debug("program: shader #%u (%s) as linked:\n%s", sh->id, gv_tgsi_stage_name(sh->stage), r.glsl);
   GLuint cs = compile(GV_STAGE_COMPUTE, r.glsl, sh->id);
   gv_glsl_result_free(&r);
   if (!cs)
      return false;
   glAttachShader(prog, cs);
   glDeleteShader(cs);
   char log[1024];
   if (!gv_gl_link(prog, log, sizeof(log))) {
      gv_error("program: compute link failed (a glvirt bug): %s", log);
      return false;
   }
   return true;
}

static struct gv_program *program_get(struct gv_context *ctx, struct gv_sub_ctx *sub,
                                      const struct gv_program_key *k, bool compute)
{
   struct gv_draw_state *d = &sub->draw;
   /* Graphics programs never hold the compute stage, nor compute ones the
    * others, so the two kinds never match each other in the cache. */
   uint32_t ids[GV_MAX_STAGES] = { 0 };
   for (uint32_t s = 0; s < GV_MAX_STAGES; s++)
      if ((s == GV_STAGE_COMPUTE) == compute)
         ids[s] = d->shaders[s] ? d->shaders[s]->id : 0;
   if (k->passthrough_tcs)
      ids[GV_STAGE_TESS_CTRL] = GV_PASSTHROUGH_TCS_ID;
   struct gv_program **link = &d->programs;
   for (struct gv_program *p = d->programs; p; link = &p->next, p = p->next) {
      if (same(p, ids, k)) {
         /* Most recently used first. */
         *link = p->next;
         p->next = d->programs;
         d->programs = p;
         return p->prog ? p : NULL;
      }
   }
   if (d->nr_programs >= MAX_PROGRAMS) {
      /* Drop the least recently used. */
      struct gv_program **pp = &d->programs;
      while ((*pp)->next)
         pp = &(*pp)->next;
      glDeleteProgram((*pp)->prog);
      free(*pp);
      *pp = NULL;
      d->nr_programs--;
   }
   struct gv_program *p = calloc(1, sizeof(*p));
   if (!p)
      return NULL;
   memcpy(p->ids, ids, sizeof(ids));
   p->key = *k;
   p->prog = glCreateProgram();
   bool built = compute ? build_compute(ctx, d->shaders[GV_STAGE_COMPUTE], p->prog) : build(ctx, d, k, p);
   if (!built) {
      /* Remembered as failed: the same combination is not retried. */
      glDeleteProgram(p->prog);
      p->prog = 0;
   } else {
      locate(p);
   }
   p->next = d->programs;
   d->programs = p;
   d->nr_programs++;
   return p->prog ? p : NULL;
}

struct gv_program *gv_gl_program_get(struct gv_context *ctx, struct gv_sub_ctx *sub,
                                     const struct gv_program_key *k)
{
   return program_get(ctx, sub, k, false);
}

struct gv_program *gv_gl_compute_program_get(struct gv_context *ctx, struct gv_sub_ctx *sub)
{
   static const struct gv_program_key none;
   return program_get(ctx, sub, &none, true);
}
