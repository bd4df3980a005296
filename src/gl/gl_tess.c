/* The pass-through tessellation control shader of GLES hosts.
 *
 * A Gallium pipeline may tessellate without a TCS: the TES then reads the
 * vertex shader's outputs and the default levels of SET_TESS_STATE. GL
 * takes that too (GL_PATCH_DEFAULT_*_LEVEL), but GLES links no program with
 * a TES and no TCS and has no default levels. So on GLES a TCS is made up:
 * TGSI text parsed like the guest's own shaders and translated with them,
 * so that its interface follows the same naming rules. It copies every
 * per-vertex input the TES declares, with the TES's own ranges, and writes
 * the levels from its constant buffer 0 (outer in CONST[0][0], inner in
 * CONST[0][1]), which gl_draw.c fills from SET_TESS_STATE. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gl/gl_program.h"
#include "shader/tgsi_names.h"
#include "util/log.h"

/* Bytes of TGSI text per copied register and per declaration, generously. */
#define LINE_BYTES 128u

struct text {
   char *buf;
   size_t len, cap;
   bool overflow;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
   va_list ap;
   va_start(ap, fmt);
   int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
   va_end(ap);
   if (n < 0 || (size_t)n >= t->cap - t->len)
      t->overflow = true;
   else
      t->len += (size_t)n;
}

static bool per_vertex_input(const struct gv_tgsi_decl *d)
{
   return d->file == GV_FILE_IN && d->dim_empty && d->semantic < GV_SEM_COUNT;
}

/* One declaration of the TES's inputs, as the TCS's input and output. */
static void put_decl(struct text *t, const char *file, const struct gv_tgsi_decl *d)
{
   put(t, "DCL %s[][%u", file, d->first);
   if (d->last != d->first)
      put(t, "..%u", d->last);
   put(t, "], %s", gv_tgsi_semantic_names[d->semantic]);
   if (d->semantic != GV_SEM_POSITION || d->sem_index)
      put(t, "[%u]", d->sem_index);
   if (d->array_id)
      put(t, ", ARRAY(%u)", d->array_id);
   put(t, "\n");
}

/* The TGSI text; NULL when the TES's inputs do not fit the limits. */
static char *passthrough_text(const struct gv_tgsi_shader *tes, uint32_t vertices)
{
   uint32_t nregs = 0, last = 0, ndecls = 0;
   for (uint32_t i = 0; i < tes->num_decls; i++) {
      const struct gv_tgsi_decl *d = &tes->decls[i];
      if (!per_vertex_input(d))
         continue;
      nregs += d->last - d->first + 1u;
      ndecls++;
      if (d->last + 1u > last)
         last = d->last + 1u;
   }
   if (nregs > GV_MAX_VARYING_SLOTS)
      return NULL;
   struct text t = { 0 };
   t.cap = (size_t)(2u * ndecls + nregs + 16u) * LINE_BYTES;
   t.buf = malloc(t.cap);
   if (!t.buf)
      return NULL;
   put(&t, "TESS_CTRL\nPROPERTY TCS_VERTICES_OUT %u\n", vertices);
   for (uint32_t i = 0; i < tes->num_decls; i++) {
      if (per_vertex_input(&tes->decls[i])) {
         put_decl(&t, "IN", &tes->decls[i]);
         put_decl(&t, "OUT", &tes->decls[i]);
      }
   }
   put(&t, "DCL SV[0], INVOCATIONID\nDCL OUT[%u], TESSOUTER\nDCL OUT[%u], TESSINNER\n", last, last + 1);
   put(&t, "DCL CONST[0][0..1]\nDCL ADDR[0]\n");
   uint32_t n = 0;
   put(&t, "%3u: UARL ADDR[0].x, SV[0].xxxx\n", n++);
   for (uint32_t i = 0; i < tes->num_decls; i++) {
      const struct gv_tgsi_decl *d = &tes->decls[i];
      if (!per_vertex_input(d))
         continue;
      for (uint32_t r = d->first; r <= d->last; r++)
         put(&t, "%3u: MOV OUT[ADDR[0].x][%u], IN[ADDR[0].x][%u]\n", n++, r, r);
   }
   put(&t, "%3u: MOV OUT[%u], CONST[0][0]\n", n++, last);
   put(&t, "%3u: MOV OUT[%u], CONST[0][1]\n", n++, last + 1);
   put(&t, "%3u: END\n", n);
   if (t.overflow) {
      free(t.buf);
      return NULL;
   }
   return t.buf;
}

bool gv_gl_passthrough_tcs(const struct gv_tgsi_shader *tes, uint32_t vertices, struct gv_shader *out)
{
   memset(out, 0, sizeof(*out));
   char *text = passthrough_text(tes, vertices);
   if (!text) {
      gv_error("program: the tessellation evaluation shader reads more than %u vertex inputs: no "
               "pass-through control shader for this GLES host", GV_MAX_VARYING_SLOTS);
      return false;
   }
   char err[256];
   bool ok = gv_tgsi_parse(text, strlen(text), &out->tgsi, err, sizeof(err));
   if (!ok) {
      gv_error("program: the pass-through tessellation control shader does not parse (a glvirt "
               "bug): %s\n%s", err, text);
      gv_tgsi_free(&out->tgsi);
   }
   free(text);
   out->id = GV_PASSTHROUGH_TCS_ID;
   out->stage = GV_TGSI_TESS_CTRL;
   out->virgl_stage = GV_STAGE_TESS_CTRL;
   out->complete = ok;
   return ok;
}
