/* A generated pass-through geometry shader for GL's first-vertex
 * convention on hosts that always take flat varyings from the last vertex
 * (GLES). It is written as TGSI and translated like a guest's shader, so
 * that names, interpolation, clip distances, the y flip and user clip
 * planes follow the same rules as for any other last stage. Clipping comes
 * after the geometry shader, so a clipped primitive keeps its flat values. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shader/glsl.h"
#include "shader/tgsi_names.h"

/* Input primitive, vertices emitted (input indices) and which input
 * vertex GL's first-vertex convention takes, per draw mode. Odd triangles
 * of a strip reach the geometry shader as (i+1, i, i+2), which keeps
 * their winding: the provoking vertex i is then input 1. */
struct passgs_prim {
   const char *in, *out;
   uint8_t n, v[3];
   int8_t pv;              /* -1: 1 on odd primitives, else 0 */
};

static bool passgs_prim(unsigned mode, struct passgs_prim *p)
{
   switch (mode) {
   case GV_PRIM_LINES:
   case GV_PRIM_LINE_LOOP:
   case GV_PRIM_LINE_STRIP:
      *p = (struct passgs_prim){ "LINES", "LINE_STRIP", 2, { 0, 1 }, 0 };
      return true;
   case GV_PRIM_TRIANGLES:
      *p = (struct passgs_prim){ "TRIANGLES", "TRIANGLE_STRIP", 3, { 0, 1, 2 }, 0 };
      return true;
   case GV_PRIM_TRIANGLE_STRIP:
      *p = (struct passgs_prim){ "TRIANGLES", "TRIANGLE_STRIP", 3, { 0, 1, 2 }, -1 };
      return true;
   case GV_PRIM_TRIANGLE_FAN:
      *p = (struct passgs_prim){ "TRIANGLES", "TRIANGLE_STRIP", 3, { 0, 1, 2 }, 1 };
      return true;
   case GV_PRIM_LINES_ADJ:
   case GV_PRIM_LINE_STRIP_ADJ:
      *p = (struct passgs_prim){ "LINES_ADJACENCY", "LINE_STRIP", 2, { 1, 2 }, 1 };
      return true;
   case GV_PRIM_TRIANGLES_ADJ:
      *p = (struct passgs_prim){ "TRIANGLES_ADJACENCY", "TRIANGLE_STRIP", 3, { 0, 2, 4 }, 0 };
      return true;
   default:
      /* Points have one vertex; the vertex order of odd triangles of
       * adjacency strips is not a plain swap. */
      return false;
   }
}

/* Whether the FS takes varying (sem, si) flat, by the rule of interp_qual
 * in glsl_emit.c; back colours follow their front colours. */
static bool fs_takes_flat(const struct gv_tgsi_shader *fs, unsigned sem, unsigned si, bool flatshade)
{
   if (sem == GV_SEM_BCOLOR)
      sem = GV_SEM_COLOR;
   for (uint32_t i = 0; i < fs->num_decls; i++) {
      const struct gv_tgsi_decl *d = &fs->decls[i];
      if (d->file != GV_FILE_IN || d->semantic != sem || si < d->sem_index ||
          si > d->sem_index + (uint32_t)(d->last - d->first))
         continue;
      bool color = d->interp == GV_INTERP_COLOR || d->semantic == GV_SEM_COLOR;
      return d->interp == GV_INTERP_CONSTANT ||
             (color && flatshade && d->interp != GV_INTERP_LINEAR);
   }
   return false;
}

static bool fs_reads(const struct gv_tgsi_shader *fs, unsigned sem)
{
   for (uint32_t i = 0; i < fs->num_decls; i++)
      if (fs->decls[i].file == GV_FILE_IN && fs->decls[i].semantic == sem)
         return true;
   return false;
}

/* VS outputs a geometry shader can read and write back unchanged. */
static int passable(unsigned sem)
{
   switch (sem) {
   case GV_SEM_POSITION: case GV_SEM_CLIPDIST: case GV_SEM_GENERIC: case GV_SEM_TEXCOORD:
   case GV_SEM_COLOR: case GV_SEM_BCOLOR: case GV_SEM_FOG: case GV_SEM_CLIPVERTEX:
      return 1;
   case GV_SEM_EDGEFLAG: case GV_SEM_PSIZE:
      return 0;    /* dropped: edge flags are not drawn, sizes only matter for points */
   default:
      return -1;   /* layer, viewport index, ...: no emulation */
   }
}

struct passgs_out {
   uint16_t reg;
   uint8_t sem, mask;
   uint16_t si;
   bool flat;
};

static void sb_printf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
   __attribute__((format(printf, 4, 5)));

static void sb_printf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
   va_list ap;
   for (;;) {
      if (!*buf)
         return;
      va_start(ap, fmt);
      int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
      va_end(ap);
      if (n < 0) {
         free(*buf);
         *buf = NULL;
         return;
      }
      if ((size_t)n < *cap - *len) {
         *len += (size_t)n;
         return;
      }
      char *b = realloc(*buf, *cap * 2 + (size_t)n);
      if (!b) {
         free(*buf);
         *buf = NULL;
         return;
      }
      *buf = b;
      *cap = *cap * 2 + (size_t)n;
   }
}

static const char *mask_suffix(uint8_t m, char out[6])
{
   if (m == 0xf || !m)
      return "";
   char *p = out;
   *p++ = '.';
   for (int i = 0; i < 4; i++)
      if (m >> i & 1)
         *p++ = "xyzw"[i];
   *p = '\0';
   return out;
}

/* The VS outputs a generated GS passes on (*n of them), with whether the
 * FS takes each flat. Point sizes pass with keep_psize; an edge flag output
 * is not passed but its register returned in *edge (if edge is set).
 * False if an output cannot pass (layer, viewport index, ...). */
static bool collect_outputs(const struct gv_tgsi_shader *vs, const struct gv_tgsi_shader *fs,
                            bool flatshade, bool keep_psize, struct passgs_out *o, unsigned *n,
                            int *edge)
{
   for (uint32_t i = 0; i < vs->num_decls; i++) {
      const struct gv_tgsi_decl *d = &vs->decls[i];
      if (d->file != GV_FILE_OUT)
         continue;
      if (d->semantic == GV_SEM_EDGEFLAG && edge) {
         *edge = (int)d->first;
         continue;
      }
      int ok = d->semantic == GV_SEM_PSIZE ? keep_psize : passable(d->semantic);
      if (ok < 0)
         return false;
      for (uint32_t r = d->first; ok && r <= d->last && *n < GV_TGSI_MAX_REG; r++) {
         unsigned si = d->sem_index + (r - d->first);
         bool flat = fs_takes_flat(fs, d->semantic, si, flatshade);
         o[(*n)++] = (struct passgs_out){ (uint16_t)r, d->semantic, d->usage_mask, (uint16_t)si, flat };
      }
   }
   return true;
}

/* A generated GS's start: its primitives, the clip and cull distance
 * counts of the VS it follows, and the per-vertex inputs of outputs o
 * (the caller declares further inputs, then calls passgs_outputs). */
static void passgs_header(char **b, size_t *len, size_t *cap, const struct gv_tgsi_shader *vs,
                          const char *in, const char *out, unsigned max_vertices,
                          const struct passgs_out *o, unsigned n)
{
   sb_printf(b, len, cap, "GEOM\nPROPERTY GS_INPUT_PRIMITIVE %s\nPROPERTY GS_OUTPUT_PRIMITIVE %s\n"
                          "PROPERTY GS_MAX_OUTPUT_VERTICES %u\nPROPERTY GS_INVOCATIONS 1\n",
             in, out, max_vertices);
   static const uint32_t copied[] = { GV_PROP_NUM_CLIPDIST_ENABLED, GV_PROP_NUM_CULLDIST_ENABLED };
   for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++)
      if (vs->prop_set[copied[i]])
         sb_printf(b, len, cap, "PROPERTY %s %u\n", gv_tgsi_property_names[copied[i]],
                   vs->prop[copied[i]]);
   char m[6];
   for (unsigned i = 0; i < n; i++)
      sb_printf(b, len, cap, "DCL IN[][%u]%s, %s[%u]\n", o[i].reg, mask_suffix(o[i].mask, m),
                gv_tgsi_semantic_names[o[i].sem], o[i].si);
}

static void passgs_outputs(char **b, size_t *len, size_t *cap, const struct passgs_out *o,
                           unsigned n)
{
   char m[6];
   for (unsigned i = 0; i < n; i++)
      sb_printf(b, len, cap, "DCL OUT[%u]%s, %s[%u]\n", o[i].reg, mask_suffix(o[i].mask, m),
                gv_tgsi_semantic_names[o[i].sem], o[i].si);
}

/* One primitive: every output of every emitted vertex, flat ones from pv.
 * The vertices are rotated to start at pv: the winding stays, and stream
 * output records each primitive first-vertex first, as Gallium's
 * decomposition of strips and fans does under flatshade_first. */
static void emit_prim(char **b, size_t *len, size_t *cap, const struct passgs_prim *p,
                      const struct passgs_out *o, unsigned n, unsigned pv, int primid)
{
   unsigned first = 0;
   for (unsigned v = 0; v < p->n; v++)
      if (p->v[v] == pv)
         first = v;
   for (unsigned k = 0; k < p->n; k++) {
      unsigned v = (first + k) % p->n;
      for (unsigned i = 0; i < n; i++)
         sb_printf(b, len, cap, "MOV OUT[%u], IN[%u][%u]\n", o[i].reg,
                   o[i].flat ? pv : p->v[v], o[i].reg);
      if (primid >= 0)
         sb_printf(b, len, cap, "MOV OUT[%d].x, IN[%d].xxxx\n", primid, primid);
      sb_printf(b, len, cap, "EMIT IMM[0].xxxx\n");
   }
}

char *gv_tgsi_provoking_gs(const struct gv_tgsi_shader *vs, const struct gv_tgsi_shader *fs,
                           unsigned mode, bool flatshade)
{
   struct passgs_prim p;
   if (!vs || !fs || vs->stage != GV_TGSI_VERTEX || !passgs_prim(mode, &p))
      return NULL;
   /* With a geometry shader the FS's gl_PrimitiveID is what the GS
    * writes: it passes gl_PrimitiveIDIn on, the count a draw without a GS
    * gives the FS. */
   const bool fs_primid = fs_reads(fs, GV_SEM_PRIMID);
   struct passgs_out o[GV_TGSI_MAX_REG];
   unsigned n = 0;
   if (!collect_outputs(vs, fs, flatshade, false, o, &n, NULL))
      return NULL;
   bool any_flat = false;
   for (unsigned i = 0; i < n; i++)
      any_flat |= o[i].flat;
   if (!any_flat)
      return NULL;
   size_t len = 0, cap = 4096;
   char *b = malloc(cap);
   passgs_header(&b, &len, &cap, vs, p.in, p.out, p.n, o, n);
   passgs_outputs(&b, &len, &cap, o, n);
   unsigned primid = 0;
   for (unsigned i = 0; i < n; i++)
      primid = o[i].reg >= primid ? o[i].reg + 1u : primid;
   if (p.pv < 0 || fs_primid)
      sb_printf(&b, &len, &cap, "DCL IN[%u], PRIM_ID\n", primid);
   if (fs_primid)
      sb_printf(&b, &len, &cap, "DCL OUT[%u], PRIM_ID\n", primid);
   if (p.pv < 0)
      sb_printf(&b, &len, &cap, "DCL TEMP[0]\n");
   const int out_primid = fs_primid ? (int)primid : -1;
   sb_printf(&b, &len, &cap, "IMM[0] UINT32 {0, 1, 0, 0}\n");
   if (p.pv < 0) {
      sb_printf(&b, &len, &cap, "AND TEMP[0].x, IN[%u].xxxx, IMM[0].yyyy\nUIF TEMP[0].xxxx\n",
                primid);
      emit_prim(&b, &len, &cap, &p, o, n, 1, out_primid);
      sb_printf(&b, &len, &cap, "ELSE\n");
      emit_prim(&b, &len, &cap, &p, o, n, 0, out_primid);
      sb_printf(&b, &len, &cap, "ENDIF\n");
   } else {
      emit_prim(&b, &len, &cap, &p, o, n, (unsigned)p.pv, out_primid);
   }
   sb_printf(&b, &len, &cap, "END\n");
   return b;
}

/* Polygon mode where the host has none for the primitives at hand (GLES,
 * and edge flags, which core GL dropped): the triangles become their
 * edges or vertices here. A triangle's facing is the sign of the
 * determinant of its (x, y, w) clip coordinates, which is the sign of its
 * window area whatever the w's, as in homogeneous rasterization. */
/* The edges (or vertices) of one triangle whose edge flags are set; flat
 * varyings from input vertex pv. */
static void emit_unfilled(char **b, size_t *len, size_t *cap, const struct passgs_out *o,
                          unsigned n, bool points, int edge, unsigned pv, int pos, bool offset)
{
   /* Edge e runs from vertex e to e + 1; a point is vertex e. An edge
    * flag of 0 on vertex e hides both. */
   for (unsigned e = 0; e < 3; e++) {
      if (edge >= 0)
         sb_printf(b, len, cap, "FSNE TEMP[4].x, IN[%u][%d].xxxx, IMM[0].xxxx\nUIF TEMP[4].xxxx\n",
                   e, edge);
      for (unsigned k = 0; k < (points ? 1u : 2u); k++) {
         unsigned v = (e + k) % 3;
         for (unsigned i = 0; i < n; i++)
            sb_printf(b, len, cap, "MOV OUT[%u], IN[%u][%u]\n", o[i].reg, o[i].flat ? pv : v,
                      o[i].reg);
         if (offset)
            sb_printf(b, len, cap, "MAD OUT[%d].z, IN[%u][%d].wwww, IMM[2].xxxx, IN[%u][%d].zzzz\n",
                      pos, v, pos, v, pos);
         sb_printf(b, len, cap, "EMIT IMM[1].xxxx\n");
      }
      sb_printf(b, len, cap, "ENDPRIM IMM[1].xxxx\n");
      if (edge >= 0)
         sb_printf(b, len, cap, "ENDIF\n");
   }
}

char *gv_tgsi_unfilled_gs(const struct gv_tgsi_shader *vs, const struct gv_tgsi_shader *fs,
                          unsigned mode, unsigned faces, bool ccw_front, bool flatshade,
                          int flat_vertex, float z_offset)
{
   if (!vs || !fs || vs->stage != GV_TGSI_VERTEX || (mode != 1 && mode != 2) || !(faces & 3))
      return NULL;
   bool points = mode == 2;
   struct passgs_out o[GV_TGSI_MAX_REG];
   unsigned n = 0;
   int pos = -1, edge = -1;
   if (!collect_outputs(vs, fs, flatshade, points, o, &n, &edge))
      return NULL;
   for (unsigned i = 0; i < n; i++)
      if (o[i].sem == GV_SEM_POSITION && o[i].si == 0)
         pos = o[i].reg;
   if (pos < 0)
      return NULL;
   size_t len = 0, cap = 4096;
   char *b = malloc(cap);
   passgs_header(&b, &len, &cap, vs, "TRIANGLES", points ? "POINTS" : "LINE_STRIP",
                 points ? 3u : 6u, o, n);
   if (edge >= 0)
      sb_printf(&b, &len, &cap, "DCL IN[][%d], EDGEFLAG\n", edge);
   passgs_outputs(&b, &len, &cap, o, n);
   unsigned primid = edge >= 0 ? (unsigned)edge + 1 : 0;
   for (unsigned i = 0; i < n; i++)
      primid = o[i].reg >= primid ? o[i].reg + 1u : primid;
   if (flat_vertex < 0)
      sb_printf(&b, &len, &cap, "DCL IN[%u], PRIM_ID\n", primid);
   sb_printf(&b, &len, &cap, "DCL TEMP[0..4]\nIMM[0] FLT32 {0.0, 0.0, 0.0, 0.0}\n"
                             "IMM[1] UINT32 {0, 1, 0, 0}\nIMM[2] FLT32 {%.9g, 0.0, 0.0, 0.0}\n",
             (double)z_offset);
   bool offset = z_offset != 0.0f;
   /* det [P0; P1; P2] with P = (x, y, w) = dot(P0, cross(P1, P2)). */
   for (int v = 0; v < 3; v++)
      sb_printf(&b, &len, &cap, "MOV TEMP[%d].xyz, IN[%d][%d].xywx\n", v, v, pos);
   sb_printf(&b, &len, &cap, "MUL TEMP[3].xyz, TEMP[1].yzxx, TEMP[2].zxyy\n"
                             "MAD TEMP[3].xyz, -TEMP[1].zxyy, TEMP[2].yzxx, TEMP[3].xyzz\n"
                             "DP3 TEMP[3].x, TEMP[0].xyzz, TEMP[3].xyzz\n");
   /* TEMP[3].y: ~0 for a front face. */
   sb_printf(&b, &len, &cap, ccw_front ? "FSLT TEMP[3].y, IMM[0].xxxx, TEMP[3].xxxx\n"
                                       : "FSLT TEMP[3].y, TEMP[3].xxxx, IMM[0].xxxx\n");
   /* Only front faces: their branch; only back faces: the other. */
   if ((faces & 3) != 3)
      sb_printf(&b, &len, &cap, "UIF TEMP[3].yyyy\n%s", (faces & 3) == 2 ? "ELSE\n" : "");
   /* Flat varyings keep the triangle's provoking vertex: on a strip's odd
    * triangles, which arrive as (i + 1, i, i + 2), the first one is input 1. */
   if (flat_vertex < 0) {
      sb_printf(&b, &len, &cap, "AND TEMP[4].y, IN[%u].xxxx, IMM[1].yyyy\nUIF TEMP[4].yyyy\n",
                primid);
      emit_unfilled(&b, &len, &cap, o, n, points, edge, 1, pos, offset);
      sb_printf(&b, &len, &cap, "ELSE\n");
      emit_unfilled(&b, &len, &cap, o, n, points, edge, 0, pos, offset);
      sb_printf(&b, &len, &cap, "ENDIF\n");
   } else {
      emit_unfilled(&b, &len, &cap, o, n, points, edge, (unsigned)flat_vertex, pos, offset);
   }
   if ((faces & 3) != 3)
      sb_printf(&b, &len, &cap, "ENDIF\n");
   sb_printf(&b, &len, &cap, "END\n");
   return b;
}
