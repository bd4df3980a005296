/* Stream output layouts GLES cannot record: gaps between a buffer's outputs
 * (gl_SkipComponents) and several outputs in more than one buffer
 * (gl_NextBuffer) are GL 4.0 / ARB_transform_feedback3 only. Such a program
 * records all its outputs packed and interleaved into one scratch buffer;
 * after the draw a compute shader (ES 3.1) copies each recorded vertex's
 * outputs to their words in the guest's buffers, where the recording
 * appends, and writes nothing else: the skipped words keep what they held,
 * as on a GL 4.0 host.
 *
 * The scratch buffer (one per context) holds at most SCRATCH_MAX bytes, so
 * a recording stops there even when the guest's buffers have more room. */
#include <string.h>

#include "gl/gl_backend.h"
#include "gl/gl_program.h"
#include "util/log.h"

#define SCRATCH_MAX (64u << 20)
#define GROUP_SIZE 64u
#define MAX_GROUPS 65535u   /* GL_MAX_COMPUTE_WORK_GROUP_COUNT's minimum */

enum { LOC_FIRST, LOC_VERTICES, LOC_SRC_STRIDE, LOC_DST_STRIDE, LOC_DST_BASE, LOC_NR_MOVES, LOC_MOVES };

static const char cs_src[] =
   "#version 310 es\n"
   "layout(local_size_x = 64) in;\n"
   "layout(std430, binding = 0) readonly buffer Rec { uint rec[]; };\n"
   "layout(std430, binding = 1) writeonly buffer Guest { uint guest[]; };\n"
   "layout(location = 0) uniform uint u_first;\n"
   "layout(location = 1) uniform uint u_vertices;\n"
   "layout(location = 2) uniform uint u_src_stride;\n"
   "layout(location = 3) uniform uint u_dst_stride;\n"
   "layout(location = 4) uniform uint u_dst_base;\n"
   "layout(location = 5) uniform uint u_nr_moves;\n"
   "layout(location = 6) uniform uvec4 u_move[64];\n"   /* src word, dst word, words */
   "void main() {\n"
   "   uint v = u_first + gl_GlobalInvocationID.x;\n"
   "   if (v >= u_vertices) return;\n"
   "   uint s = v * u_src_stride, d = u_dst_base + v * u_dst_stride;\n"
   "   for (uint i = 0u; i < u_nr_moves; i++)\n"
   "      for (uint c = 0u; c < u_move[i].z; c++)\n"
   "         guest[d + u_move[i].y + c] = rec[s + u_move[i].x + c];\n"
   "}\n";

uint64_t gv_gl_so_scatter_max_vertices(const struct gv_so_layout *so)
{
   uint32_t widest = so->packed_stride;
   for (uint32_t b = 0; b < GV_MAX_SO_TARGETS; b++)
      if (so->stride[b] > widest)
         widest = so->stride[b];
   return widest ? SCRATCH_MAX / widest : 0;
}

bool gv_gl_so_scatter_bind(struct gv_context *ctx, const struct gv_so_layout *so, uint64_t vertices)
{
   uint64_t bytes = vertices * so->packed_stride;   /* <= SCRATCH_MAX by max_vertices */
   if (!bytes || bytes > SCRATCH_MAX)
      return false;
   gv_gl_check("before a packed stream output recording");
   if (ctx->so_scratch_size < bytes) {
      if (!ctx->so_scratch)
         glGenBuffers(1, &ctx->so_scratch);
      uint64_t size = ctx->so_scratch_size ? ctx->so_scratch_size : 4096;
      while (size < bytes)
         size *= 2;
      if (size > SCRATCH_MAX)
         size = SCRATCH_MAX;
      glBindBuffer(GL_COPY_WRITE_BUFFER, ctx->so_scratch);
      glBufferData(GL_COPY_WRITE_BUFFER, (GLsizeiptr)size, NULL, GL_DYNAMIC_COPY);
      glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
      if (gv_gl_check("allocating the stream output scratch buffer") != GV_OK) {
         ctx->so_scratch_size = 0;
         return false;
      }
      ctx->so_scratch_size = size;
   }
   glBindBufferRange(GL_TRANSFORM_FEEDBACK_BUFFER, 0, ctx->so_scratch, 0, (GLsizeiptr)bytes);
   return gv_gl_check("binding the stream output scratch buffer") == GV_OK;
}

static GLuint scatter_program(struct gv_context *ctx)
{
   if (ctx->so_scatter_prog)
      return ctx->so_scatter_prog;
   const char *src = cs_src;
   char log[256];
   GLuint cs = gv_gl_compile(GL_COMPUTE_SHADER, 1, &src, log, sizeof(log));
   if (!cs) {
      gv_error("stream output: the scatter shader does not compile on the host: %s", log);
      return 0;
   }
   GLuint prog = glCreateProgram();
   glAttachShader(prog, cs);
   bool ok = gv_gl_link(prog, log, sizeof(log));
   glDeleteShader(cs);
   if (!ok) {
      gv_error("stream output: the scatter shader does not link on the host: %s", log);
      glDeleteProgram(prog);
      return 0;
   }
   ctx->so_scatter_prog = prog;
   return prog;
}

/* Moves the outputs of buffer `b` of `vertices` recorded vertices. */
static void scatter_buffer(const struct gv_so_layout *so, const struct gv_so_target *t, uint32_t b,
                           uint64_t vertices, GLint align)
{
   GLuint moves[GV_GLSL_MAX_SO][4];
   uint32_t n = 0;
   for (uint32_t i = 0; i < so->nr_moves; i++) {
      const struct gv_so_move *m = &so->moves[i];
      if (m->buffer != b)
         continue;
      moves[n][0] = m->src;
      moves[n][1] = m->dst;
      moves[n][2] = m->count;
      moves[n][3] = 0;
      n++;
   }
   uint64_t room = (t->size - t->written) / so->stride[b];
   if (vertices > room)
      vertices = room;
   if (!n || !vertices)
      return;
   /* Bound from an aligned offset below where the recording appends. */
   uint32_t start = t->offset + t->written;
   uint32_t below = align > 0 ? start % (uint32_t)align : 0;
   glBindBufferRange(GL_SHADER_STORAGE_BUFFER, 1, t->res->buf, start - below,
                     (GLsizeiptr)(below + vertices * so->stride[b]));
   glUniform1ui(LOC_VERTICES, (GLuint)vertices);
   glUniform1ui(LOC_SRC_STRIDE, so->packed_stride / 4);
   glUniform1ui(LOC_DST_STRIDE, so->stride[b] / 4);
   glUniform1ui(LOC_DST_BASE, below / 4);
   glUniform1ui(LOC_NR_MOVES, n);
   glUniform4uiv(LOC_MOVES, (GLsizei)n, &moves[0][0]);
   for (uint64_t first = 0; first < vertices; first += (uint64_t)MAX_GROUPS * GROUP_SIZE) {
      uint64_t groups = (vertices - first + GROUP_SIZE - 1) / GROUP_SIZE;
      glUniform1ui(LOC_FIRST, (GLuint)first);
      glDispatchCompute((GLuint)(groups < MAX_GROUPS ? groups : MAX_GROUPS), 1, 1);
   }
}

int gv_gl_so_scatter_run(struct gv_context *ctx, const struct gv_draw_state *d,
                         const struct gv_so_layout *so, uint64_t vertices)
{
   if (!vertices)
      return GV_OK;
   GLuint prog = scatter_program(ctx);
   if (!prog)
      return GV_E_HOST;
   GLint align = 0;
   glGetIntegerv(GL_SHADER_STORAGE_BUFFER_OFFSET_ALIGNMENT, &align);
   /* The recording's writes must land before the shader reads them. */
   glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT);
   glUseProgram(prog);
   glBindBufferRange(GL_SHADER_STORAGE_BUFFER, 0, ctx->so_scratch, 0,
                     (GLsizeiptr)(vertices * so->packed_stride));
   for (uint32_t b = 0; b < GV_MAX_SO_TARGETS; b++)
      if (so->stride[b] && d->so_targets[b])
         scatter_buffer(so, d->so_targets[b], b, vertices, align);
   /* Later draws, copies and transfers read the guest's buffers. */
   glMemoryBarrier(GL_ALL_BARRIER_BITS);
   glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 0, 0);
   glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 1, 0);
   glUseProgram(0);
   return gv_gl_check("moving packed stream outputs into place");
}

void gv_gl_so_scatter_fini(struct gv_context *ctx)
{
   if (ctx->so_scratch)
      glDeleteBuffers(1, &ctx->so_scratch);
   if (ctx->so_scatter_prog)
      glDeleteProgram(ctx->so_scatter_prog);
   ctx->so_scratch = 0;
   ctx->so_scratch_size = 0;
   ctx->so_scatter_prog = 0;
}
