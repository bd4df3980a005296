/* Transform feedback for the guest's stream output. The last stage before
 * the rasterizer writes each stream output to its own varying gv_so<i>
 * (glsl_emit.c); the program records those varyings in the guest's buffer
 * layout; each draw records into the bound targets from where the previous
 * recording stopped, and counts what it wrote so that the next draw and
 * draw-auto know.
 *
 * Layouts: GL 4.0 (ARB_transform_feedback3) records any layout, with gaps
 * (gl_SkipComponentsN) and several buffers (gl_NextBuffer). GLES records
 * only gap-free layouts natively: one interleaved buffer, or one output per
 * buffer; ES 3.1 hosts record the others packed and move them into place
 * afterwards (gl_so_scatter.c). */
#include <stdio.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "gl/gl_program.h"
#include "util/log.h"

void gv_gl_so_key(const struct gv_shader *sh, struct gv_shader_key *key)
{
   uint32_t n = sh->so_num_outputs < GV_GLSL_MAX_SO ? sh->so_num_outputs : GV_GLSL_MAX_SO;
   key->so_count = (uint8_t)n;
   for (uint32_t i = 0; i < n; i++) {
      key->so[i].reg = sh->so[i].register_index;
      key->so[i].start = sh->so[i].start_component;
      key->so[i].count = sh->so[i].num_components;
      key->so[i].stream = sh->so[i].stream;
   }
}

/* Stream outputs in recording order: by buffer, then offset. */
static void sort_outputs(const struct gv_shader *sh, uint32_t *idx, uint32_t n)
{
   for (uint32_t i = 0; i < n; i++)
      idx[i] = i;
   for (uint32_t i = 1; i < n; i++) {
      for (uint32_t j = i; j > 0; j--) {
         const struct gv_so_output *a = &sh->so[idx[j - 1]], *b = &sh->so[idx[j]];
         if (a->output_buffer < b->output_buffer ||
             (a->output_buffer == b->output_buffer && a->dst_offset <= b->dst_offset))
            break;
         uint32_t t = idx[j];
         idx[j] = idx[j - 1];
         idx[j - 1] = t;
      }
   }
}

static GLenum fixed_prim(const struct gv_shader *const *shaders)
{
   const struct gv_shader *gs = shaders[GV_STAGE_GEOMETRY], *tes = shaders[GV_STAGE_TESS_EVAL];
   if (gs) {
      uint32_t out = gs->tgsi.prop[GV_PROP_GS_OUTPUT_PRIM];
      return out == 0 ? GL_POINTS : out == 3 ? GL_LINES : GL_TRIANGLES;
   }
   if (tes) {
      if (tes->tgsi.prop[GV_PROP_TES_POINT_MODE])
         return GL_POINTS;
      return tes->tgsi.prop[GV_PROP_TES_PRIM_MODE] == 1 ? GL_LINES : GL_TRIANGLES;
   }
   return 0;
}

struct name_list {
   char names[GV_GLSL_MAX_SO * 6 + 8][24];
   const char *list[GV_GLSL_MAX_SO * 6 + 8];
   uint32_t n;
};

/* `name` followed by the number `v` unless it is negative. */
static void add_name(struct name_list *l, const char *name, int v)
{
   if (l->n >= sizeof(l->list) / sizeof(l->list[0]))
      return;
   if (v >= 0)
      snprintf(l->names[l->n], sizeof(l->names[l->n]), "%s%d", name, v);
   else
      snprintf(l->names[l->n], sizeof(l->names[l->n]), "%s", name);
   l->list[l->n] = l->names[l->n];
   l->n++;
}

static void add_skips(struct name_list *l, uint32_t gap)
{
   for (; gap; gap -= gap > 4 ? 4 : gap)
      add_name(l, "gl_SkipComponents", gap > 4 ? 4 : (int)gap);
}

bool gv_gl_so_varyings(struct gv_context *ctx, GLuint prog, const struct gv_shader *sh,
                       struct gv_so_layout *out)
{
   const struct gv_hostapi *api = &ctx->r->api;
   memset(out, 0, sizeof(*out));
   uint32_t n = sh->so_num_outputs < GV_GLSL_MAX_SO ? sh->so_num_outputs : GV_GLSL_MAX_SO;
   if (!n)
      return true;
   uint32_t idx[GV_GLSL_MAX_SO];
   sort_outputs(sh, idx, n);
   static struct name_list l;
   l.n = 0;
   uint32_t buffer = 0, cursor = 0, per_buffer[GV_MAX_SO_TARGETS] = { 0 };
   uint32_t end_of[GV_MAX_SO_TARGETS] = { 0 };
   bool gaps = false;
   for (uint32_t k = 0; k < n; k++) {
      const struct gv_so_output *o = &sh->so[idx[k]];
      if (o->stream && !api->xfb_streams) {
         gv_error("program: stream output to vertex stream %u needs GL 4.0 or "
                  "ARB_transform_feedback3 on the host", o->stream);
         return false;
      }
      if (o->output_buffer >= GV_MAX_SO_TARGETS) {
         gv_error("program: stream output to buffer %u (at most %u)", o->output_buffer,
                  GV_MAX_SO_TARGETS);
         return false;
      }
      /* A buffer records one stream (ARB_transform_feedback3). */
      if (per_buffer[o->output_buffer] && out->stream_of[o->output_buffer] != o->stream) {
         gv_error("program: stream output buffer %u records both stream %u and stream %u",
                  o->output_buffer, out->stream_of[o->output_buffer], o->stream);
         return false;
      }
      out->stream_of[o->output_buffer] = o->stream;
      out->streams |= (uint8_t)(1u << o->stream);
      while (buffer < o->output_buffer) {
         end_of[buffer] = cursor;
         if (per_buffer[buffer] && sh->so_stride[buffer] > cursor) {
            gaps = true;
            add_skips(&l, sh->so_stride[buffer] - cursor);
         }
         add_name(&l, "gl_NextBuffer", -1);
         buffer++;
         cursor = 0;
      }
      if (o->dst_offset < cursor || o->dst_offset + o->num_components > 256) {
         gv_error("program: stream outputs overlap or leave the vertex in buffer %u", buffer);
         return false;
      }
      if (o->dst_offset > cursor) {
         gaps = true;
         add_skips(&l, o->dst_offset - cursor);
      }
      add_name(&l, "gv_so", (int)idx[k]);
      cursor = o->dst_offset + o->num_components;
      per_buffer[buffer]++;
   }
   end_of[buffer] = cursor;
   if (sh->so_stride[buffer] > cursor) {
      gaps = true;
      add_skips(&l, sh->so_stride[buffer] - cursor);
   }
   for (uint32_t b = 0; b < GV_MAX_SO_TARGETS; b++) {
      if (!per_buffer[b])
         continue;
      if (sh->so_stride[b] < end_of[b]) {
         gv_error("program: stream output buffer %u has a stride of %u components for %u", b,
                  sh->so_stride[b], end_of[b]);
         return false;
      }
      out->stride[b] = sh->so_stride[b] * 4;
   }
   GLenum mode = GL_INTERLEAVED_ATTRIBS;
   if (!api->xfb_any_layout && (gaps || buffer > 0)) {
      /* Separate mode records one output per buffer, from offset 0. */
      bool separate = true;
      for (uint32_t b = 0; b <= buffer; b++)
         separate &= per_buffer[b] == 1;
      for (uint32_t k = 0; k < n && separate; k++)
         separate = sh->so[idx[k]].dst_offset == 0 &&
                    sh->so_stride[sh->so[idx[k]].output_buffer] == sh->so[idx[k]].num_components;
      if (!separate && !api->xfb_scatter) {
         gv_error("program: this host cannot record the stream output layout (gaps or several "
                  "outputs per buffer need GL 4.0 or ES 3.1)");
         return false;
      }
      mode = separate ? GL_SEPARATE_ATTRIBS : GL_INTERLEAVED_ATTRIBS;
      l.n = 0;
      uint32_t src = 0;
      for (uint32_t k = 0; k < n; k++) {
         const struct gv_so_output *o = &sh->so[idx[k]];
         add_name(&l, "gv_so", (int)idx[k]);
         out->moves[k] = (struct gv_so_move){ .buffer = (uint8_t)o->output_buffer,
                                              .count = (uint8_t)o->num_components,
                                              .src = (uint16_t)src,
                                              .dst = (uint16_t)o->dst_offset };
         src += o->num_components;
      }
      if (!separate) {
         out->scatter = true;
         out->nr_moves = n;
         out->packed_stride = src * 4;
      }
   }
   glTransformFeedbackVaryings(prog, (GLsizei)l.n, l.list, mode);
   out->active = true;
   return true;
}

static GLenum draw_prim(uint32_t mode)
{
   switch (mode) {
   case 0: return GL_POINTS;
   case 1: case 2: case 3: case 10: case 11: return GL_LINES;
   default: return GL_TRIANGLES;
   }
}

static uint32_t prim_vertices(GLenum prim)
{
   return prim == GL_POINTS ? 1 : prim == GL_LINES ? 2 : 3;
}

/* Starts counting stream s with the host query `id` of `target`; the
 * guest's own query there steps aside (query.c). */
static void count_begin(struct gv_context *ctx, enum gv_so_count kind, uint32_t s, GLuint *id)
{
   GLenum target = kind == GV_SO_WRITTEN ? GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN
                                         : GL_PRIMITIVES_GENERATED;
   gv_query_so_suspend(ctx, kind, s);
   if (!*id)
      glGenQueries(1, id);
   gv_gl_query_begin(&ctx->r->api, target, s, *id);
}

static uint64_t count_end(struct gv_context *ctx, enum gv_so_count kind, uint32_t s, GLuint id)
{
   GLenum target = kind == GV_SO_WRITTEN ? GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN
                                         : GL_PRIMITIVES_GENERATED;
   gv_gl_query_end(&ctx->r->api, target, s, id);
   uint64_t n = 0;
   gv_gl_query_result(&ctx->r->api, id, true, &n);
   return n;
}

/* A 4-byte buffer bound in place of a full target while other streams
 * record: no vertex of more than one component fits, and what a
 * one-component vertex writes there is not counted (so->full). */
static GLuint dummy_buffer(struct gv_draw_state *d)
{
   if (!d->so_dummy) {
      glGenBuffers(1, &d->so_dummy);
      glBindBuffer(GL_TRANSFORM_FEEDBACK_BUFFER, d->so_dummy);
      glBufferData(GL_TRANSFORM_FEEDBACK_BUFFER, 4, NULL, GL_DYNAMIC_COPY);
   }
   return d->so_dummy;
}

void gv_gl_so_begin(struct gv_context *ctx, struct gv_sub_ctx *sub, const struct gv_program *p,
                    const struct gv_draw_info *info, struct gv_so_draw *so)
{
   struct gv_draw_state *d = &sub->draw;
   memset(so, 0, sizeof(*so));
   if (!p->so.active || !d->nr_so_targets)
      return;
   GLenum prim = fixed_prim((const struct gv_shader *const *)d->shaders);
   so->prim = prim ? prim : draw_prim(info->mode);
   uint32_t verts = prim_vertices(so->prim);
   /* Whole primitives every buffer of each stream has room for. */
   uint64_t fits[GV_MAX_VERTEX_STREAMS] = { UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX };
   for (uint32_t b = 0; b < GV_MAX_SO_TARGETS; b++) {
      if (!p->so.stride[b])
         continue;
      struct gv_so_target *t = d->so_targets[b];
      /* A buffer the program records into but the guest left unbound:
       * GL refuses to begin, so nothing is recorded or counted. */
      if (!t)
         return;
      uint64_t room = (t->size - t->written) / ((uint64_t)p->so.stride[b] * verts);
      uint32_t s = p->so.stream_of[b];
      if (room < fits[s])
         fits[s] = room;
   }
   if (p->so.scatter) {
      /* GL stops at the first primitive that does not fit, so does the
       * scratch buffer sized for `fits` (one stream: GLES). */
      uint64_t most = gv_gl_so_scatter_max_vertices(&p->so) / verts;
      if (fits[0] > most)
         fits[0] = most;
   }
   for (uint32_t s = 0; s < GV_MAX_VERTEX_STREAMS; s++) {
      if (!(p->so.streams >> s & 1))
         continue;
      if (!fits[s])
         so->full |= (uint8_t)(1u << s);
      /* Overflow: the recording generated more on the stream than it wrote. */
      if (gv_query_overflow_watched(ctx, s))
         so->generated |= (uint8_t)(1u << s);
   }
   bool record = so->full != p->so.streams;
   if (record && p->so.scatter) {
      if (!gv_gl_so_scatter_bind(ctx, &p->so, fits[0] * verts))
         return;
   } else if (record) {
      for (uint32_t b = 0; b < GV_MAX_SO_TARGETS; b++) {
         struct gv_so_target *t = d->so_targets[b];
         if (!p->so.stride[b])
            continue;
         if (so->full >> p->so.stream_of[b] & 1)
            glBindBufferRange(GL_TRANSFORM_FEEDBACK_BUFFER, b, dummy_buffer(d), 0, 4);
         else
            glBindBufferRange(GL_TRANSFORM_FEEDBACK_BUFFER, b, t->res->buf,
                              t->offset + t->written, t->size - t->written);
      }
   }
   if (!record && !so->generated)
      return;
   /* Ours count what this recording writes and generates; a guest query on
    * the same host target and stream steps aside meanwhile and is credited
    * afterwards. */
   for (uint32_t s = 0; s < GV_MAX_VERTEX_STREAMS; s++) {
      if (record && (p->so.streams >> s & 1))
         count_begin(ctx, GV_SO_WRITTEN, s, &d->so_written[s]);
      if (so->generated >> s & 1)
         count_begin(ctx, GV_SO_GENERATED, s, &d->so_generated[s]);
   }
   so->active = true;
   if (record) {
      glBeginTransformFeedback(so->prim);
      so->recording = gv_gl_check("starting stream output") == GV_OK;
   }
}

void gv_gl_so_end(struct gv_context *ctx, struct gv_sub_ctx *sub, const struct gv_program *p,
                  struct gv_so_draw *so)
{
   if (!so->active)
      return;
   struct gv_draw_state *d = &sub->draw;
   bool recorded = so->recording;
   if (recorded)
      glEndTransformFeedback();
   uint64_t written[GV_MAX_VERTEX_STREAMS] = { 0 };
   for (uint32_t s = 0; s < GV_MAX_VERTEX_STREAMS; s++) {
      bool counting = (p->so.streams >> s & 1) && so->full != p->so.streams;
      if (counting) {
         written[s] = count_end(ctx, GV_SO_WRITTEN, s, d->so_written[s]);
         /* A full stream wrote into the dummy, or nothing at all. */
         if ((so->full >> s & 1) || !recorded)
            written[s] = 0;
         gv_query_so_resume(ctx, GV_SO_WRITTEN, s, written[s]);
      }
      if (so->generated >> s & 1) {
         uint64_t generated = count_end(ctx, GV_SO_GENERATED, s, d->so_generated[s]);
         gv_query_so_resume(ctx, GV_SO_GENERATED, s, generated);
         if (generated > written[s])
            gv_query_overflowed(ctx, s);
      }
   }
   if (!recorded) {
      gv_gl_check("after a stream output that did not start");
      return;
   }
   /* GLES refuses to draw from a buffer still bound for transform feedback. */
   for (uint32_t b = 0; b < GV_MAX_SO_TARGETS; b++)
      if (p->so.stride[b] || (p->so.scatter && b == 0))
         glBindBufferBase(GL_TRANSFORM_FEEDBACK_BUFFER, b, 0);
   gv_gl_check("ending stream output");
   uint32_t verts = prim_vertices(so->prim);
   uint64_t vertices[GV_MAX_SO_TARGETS] = { 0 };
   for (uint32_t b = 0; b < GV_MAX_SO_TARGETS; b++)
      vertices[b] = written[p->so.stream_of[b]] * verts;
   if (p->so.scatter && gv_gl_so_scatter_run(ctx, &sub->draw, &p->so, vertices[0]) != GV_OK)
      memset(vertices, 0, sizeof(vertices));
   gv_so_record(ctx, &sub->draw, p->so.stride, vertices);
}
