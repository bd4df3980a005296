/* Occlusion counters on a host without GL_SAMPLES_PASSED (GLES), when it
 * can fetch the framebuffer's depth and stencil in a fragment shader
 * (ARM_shader_framebuffer_fetch_depth_stencil) and has atomic counters
 * there: while such a query is active, draws use programs whose FS counts
 * the fragments that survive it and will pass the depth and stencil tests
 * (gv_occlusion_key) into one counter per context. A query remembers the
 * counter at its begin and end, copied on the host (no wait), and its
 * result is their difference: nested and overlapping queries each see
 * their own draws. Draws while no such query is active use the programs
 * they always had. */
#include <string.h>

#include "gl/gl_backend.h"
#include "gl/gl_program.h"
#include "util/log.h"

enum { SNAP_BEGIN = 0, SNAP_END = 4, SNAP_BYTES = 8 };

bool gv_gl_occl_counted(const struct gv_hostapi *api, uint32_t type)
{
   return type == GV_QUERY_OCCLUSION_COUNTER && api->occlusion_fs;
}

static GLuint zeroed_buffer(GLsizeiptr size)
{
   static const uint32_t zero[2];
   GLuint b = 0;
   glGenBuffers(1, &b);
   glBindBuffer(GL_COPY_WRITE_BUFFER, b);
   glBufferData(GL_COPY_WRITE_BUFFER, size, zero, GL_DYNAMIC_COPY);
   glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
   return b;
}

int gv_gl_occl_create(struct gv_query *q)
{
   gv_gl_check("before CREATE_OBJECT QUERY");
   q->snap = zeroed_buffer(SNAP_BYTES);
   return gv_gl_check("CREATE_OBJECT QUERY (occlusion counter snapshots)");
}

/* Copies the counter into one half of the query's snapshot buffer. The
 * barrier makes the atomic increments of earlier draws visible to the copy. */
static int snapshot(struct gv_context *ctx, struct gv_query *q, GLintptr at, const char *what)
{
   gv_gl_check(what);
   if (!ctx->occl_counter)
      ctx->occl_counter = zeroed_buffer(4);
   glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
   glBindBuffer(GL_COPY_READ_BUFFER, ctx->occl_counter);
   glBindBuffer(GL_COPY_WRITE_BUFFER, q->snap);
   glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, 0, at, 4);
   glBindBuffer(GL_COPY_READ_BUFFER, 0);
   glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
   return gv_gl_check(what);
}

int gv_gl_occl_begin(struct gv_context *ctx, struct gv_query *q)
{
   int ret = snapshot(ctx, q, SNAP_BEGIN, "BEGIN_QUERY (occlusion counter)");
   if (ret == GV_OK)
      ctx->occl_active++;
   return ret;
}

int gv_gl_occl_end(struct gv_context *ctx, struct gv_query *q)
{
   if (ctx->occl_active)
      ctx->occl_active--;
   return snapshot(ctx, q, SNAP_END, "END_QUERY (occlusion counter)");
}

uint64_t gv_gl_occl_result(struct gv_query *q)
{
   uint32_t v[2] = { 0, 0 };
   glBindBuffer(GL_COPY_READ_BUFFER, q->snap);
   const void *m = glMapBufferRange(GL_COPY_READ_BUFFER, 0, SNAP_BYTES, GL_MAP_READ_BIT);
   if (m) {
      memcpy(v, m, sizeof(v));
      glUnmapBuffer(GL_COPY_READ_BUFFER);
   }
   glBindBuffer(GL_COPY_READ_BUFFER, 0);
   if (!m)
      gv_error("GET_QUERY_RESULT: the occlusion counter cannot be read back (reads 0)");
   /* Modulo 2^32: the counter may wrap between begin and end. */
   return (uint32_t)(v[1] - v[0]);
}

void gv_gl_occl_destroy(struct gv_query *q)
{
   if (q->snap)
      glDeleteBuffers(1, &q->snap);
   q->snap = 0;
}

void gv_gl_occl_fini(struct gv_context *ctx)
{
   if (ctx->occl_counter)
      glDeleteBuffers(1, &ctx->occl_counter);
   ctx->occl_counter = 0;
   ctx->occl_active = 0;
}

/* Bits of the stored depth the host's test compares (0: float). */
static uint8_t depth_bits(const struct gv_surface *zs)
{
   GLenum f = zs->res->glf ? zs->res->glf->internal_format : 0;
   switch (f) {
   case GL_DEPTH_COMPONENT16: return 16;
   case GL_DEPTH_COMPONENT24:
   case GL_DEPTH24_STENCIL8: return 24;
   default: return 0;
   }
}

void gv_gl_occl_key(const struct gv_context *ctx, const struct gv_sub_ctx *sub,
                    struct gv_occlusion_key *k)
{
   if (!ctx->occl_active || !ctx->r->api.occlusion_fs)
      return;
   const struct gv_draw_state *d = &sub->draw;
   const struct gv_surface *zs = sub->zsurf;
   k->on = true;
   /* Without a buffer a test passes (the host does not run it either). */
   if (zs && (zs->fmt->flags & GV_FMT_DEPTH) && d->dsa.depth_enabled) {
      k->depth_func = (uint8_t)((d->dsa.depth_func & 7) + 1);
      k->depth_bits = depth_bits(zs);
   }
   if (zs && (zs->fmt->flags & GV_FMT_STENCIL) && d->dsa.stencil[0].enabled) {
      /* A disabled back face uses the front state, as apply_dsa does. */
      uint8_t front = (uint8_t)((d->dsa.stencil[0].func & 7) + 1);
      k->stencil_func[0] = front;
      k->stencil_func[1] = d->dsa.stencil[1].enabled ? (uint8_t)((d->dsa.stencil[1].func & 7) + 1)
                                                     : front;
   }
   const struct gv_surface *any = zs ? zs : sub->nr_cbufs ? sub->cbufs[0] : NULL;
   k->multisample = any && any->res->desc.nr_samples > 1;
}

void gv_gl_occl_bind(const struct gv_context *ctx, const struct gv_sub_ctx *sub,
                     const struct gv_program *p)
{
   if (!p->key.occlusion.on)
      return;
   glBindBufferBase(GL_ATOMIC_COUNTER_BUFFER, 0, ctx->occl_counter);
   if (p->occl_stencil_loc < 0)
      return;
   const struct gv_dsa_state *dsa = &sub->draw.dsa;
   int back = dsa->stencil[1].enabled ? 1 : 0;
   GLuint v[4] = { sub->draw.stencil_ref[0], dsa->stencil[0].valuemask,
                   sub->draw.stencil_ref[1], dsa->stencil[back].valuemask };
   glUniform4uiv(p->occl_stencil_loc, 1, v);
}
