/* TGSI text -> gv_tgsi_shader. The input is hostile: every read is bounded
 * by the end of the text, every number is range-checked, every count is
 * limited (tgsi_ir.h), and the first problem stops parsing with a message
 * naming the line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shader/tgsi_names.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct parser {
   const char *p, *end;
   uint32_t line;
   struct gv_tgsi_shader *sh;
   char *err;
   size_t err_size;
   bool failed;
   uint32_t cap_decls, cap_imms, cap_insns;
   uint8_t nest[GV_TGSI_MAX_NESTING];
   char near_buf[24];
   unsigned depth;
   bool ended;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static bool fail(struct parser *ps, const char *fmt, ...)
{
   if (ps->failed)
      return false;
   ps->failed = true;
   int n = snprintf(ps->err, ps->err_size, "TGSI line %u: ", ps->line);
   if (n >= 0 && (size_t)n < ps->err_size) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(ps->err + n, ps->err_size - (size_t)n, fmt, ap);
      va_end(ap);
   }
   return false;
}

/* Up to 20 characters of the text at p, for messages: the text is not
 * NUL-terminated, so it is never handed to printf directly. */
static const char *near_text(struct parser *ps, const char *p)
{
   size_t n = 0;
   while (p + n < ps->end && n < 20 && p[n] != '\n')
      n++;
   /* Guest text goes to the host's log: no control characters. */
   for (size_t i = 0; i < n; i++)
      ps->near_buf[i] = p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?';
   ps->near_buf[n] = 0;
   return ps->near_buf;
}

/* ---- lexing ---------------------------------------------------------- */

static void skip_blank(struct parser *ps)
{
   while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r'))
      ps->p++;
}

static bool at_eol(struct parser *ps)
{
   skip_blank(ps);
   return ps->p >= ps->end || *ps->p == '\n';
}

static bool expect_eol(struct parser *ps)
{
   if (!at_eol(ps))
      return fail(ps, "unexpected '%s' at end of line", near_text(ps, ps->p));
   if (ps->p < ps->end) {
      ps->p++;
      ps->line++;
   }
   return true;
}

static bool accept(struct parser *ps, char c)
{
   skip_blank(ps);
   if (ps->p < ps->end && *ps->p == c) {
      ps->p++;
      return true;
   }
   return false;
}

static bool expect(struct parser *ps, char c)
{
   if (accept(ps, c))
      return true;
   if (ps->p >= ps->end || *ps->p == '\n')
      return fail(ps, "expected '%c' before end of line", c);
   return fail(ps, "expected '%c' at '%s'", c, near_text(ps, ps->p));
}

static bool is_word_char(char c)
{
   return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* A word of letters, digits and '_' (texture names start with digits). */
static bool word(struct parser *ps, const char **w, size_t *len)
{
   skip_blank(ps);
   const char *s = ps->p;
   while (ps->p < ps->end && is_word_char(*ps->p)) {
      if ((size_t)(ps->p - s) >= GV_TGSI_MAX_TOKEN)
         return fail(ps, "word longer than %u characters", GV_TGSI_MAX_TOKEN);
      ps->p++;
   }
   if (ps->p == s) {
      if (ps->p >= ps->end || *ps->p == '\n')
         return fail(ps, "expected a word before end of line");
      return fail(ps, "expected a word at '%s'", near_text(ps, ps->p));
   }
   *w = s;
   *len = (size_t)(ps->p - s);
   return true;
}

static bool peek_word_is(struct parser *ps, const char *name)
{
   skip_blank(ps);
   size_t n = strlen(name);
   return (size_t)(ps->end - ps->p) >= n && memcmp(ps->p, name, n) == 0 &&
          (ps->p + n == ps->end || !is_word_char(ps->p[n]));
}

/* Unsigned decimal or 0x hex, at most max. */
static bool number_u64(struct parser *ps, uint64_t max, uint64_t *out)
{
   skip_blank(ps);
   unsigned base = 10;
   if (ps->end - ps->p >= 2 && ps->p[0] == '0' && (ps->p[1] == 'x' || ps->p[1] == 'X')) {
      base = 16;
      ps->p += 2;
   }
   uint64_t v = 0;
   const char *s = ps->p;
   while (ps->p < ps->end) {
      char c = *ps->p;
      unsigned d;
      if (c >= '0' && c <= '9')
         d = (unsigned)(c - '0');
      else if (base == 16 && c >= 'a' && c <= 'f')
         d = (unsigned)(c - 'a' + 10);
      else if (base == 16 && c >= 'A' && c <= 'F')
         d = (unsigned)(c - 'A' + 10);
      else
         break;
      if (v > (max - d) / base)
         return fail(ps, "number too large at '%s'", near_text(ps, s));
      v = v * base + d;
      ps->p++;
   }
   if (ps->p == s)
      return fail(ps, "expected a number at '%s'", near_text(ps, s));
   *out = v;
   return true;
}

static bool number_u32(struct parser *ps, uint32_t max, uint32_t *out)
{
   uint64_t v;
   if (!number_u64(ps, max, &v))
      return false;
   *out = (uint32_t)v;
   return true;
}

/* Signed decimal with magnitude limit (offsets, INT32/INT64 immediates). */
static bool number_i64(struct parser *ps, uint64_t max_mag, int64_t *out)
{
   skip_blank(ps);
   bool neg = false;
   if (ps->p < ps->end && (*ps->p == '-' || *ps->p == '+')) {
      neg = *ps->p == '-';
      ps->p++;
   }
   uint64_t v;
   if (!number_u64(ps, neg ? max_mag + 1 : max_mag, &v))
      return false;
   *out = neg ? (int64_t)(0 - v) : (int64_t)v;
   return true;
}

/* A float literal: "0x3f800000" bit pattern (TGSI_DUMP_FLOAT_AS_HEX) or a
 * decimal number. */
static bool float_bits(struct parser *ps, uint32_t *out)
{
   skip_blank(ps);
   if (ps->end - ps->p >= 2 && ps->p[0] == '0' && (ps->p[1] == 'x' || ps->p[1] == 'X'))
      return number_u32(ps, UINT32_MAX, out);
   char buf[64];
   size_t n = 0;
   while (ps->p + n < ps->end && n < sizeof(buf) - 1 &&
          (strchr("0123456789+-.eE", ps->p[n]) != NULL || ps->p[n] == 'i' || ps->p[n] == 'n' ||
           ps->p[n] == 'f' || ps->p[n] == 'a' || ps->p[n] == 'N' || ps->p[n] == 'I'))
      n++;
   memcpy(buf, ps->p, n);
   buf[n] = 0;
   char *e;
   errno = 0;
   float f = strtof(buf, &e);
   if (n == 0 || e == buf)
      return fail(ps, "expected a float at '%s'", near_text(ps, ps->p));
   ps->p += e - buf;
   memcpy(out, &f, 4);
   return true;
}

static bool double_bits(struct parser *ps, uint32_t out[2])
{
   skip_blank(ps);
   char buf[400];
   size_t n = 0;
   while (ps->p + n < ps->end && n < sizeof(buf) - 1 && strchr("0123456789+-.eEinfaNI", ps->p[n]))
      n++;
   memcpy(buf, ps->p, n);
   buf[n] = 0;
   char *e;
   double d = strtod(buf, &e);
   if (n == 0 || e == buf)
      return fail(ps, "expected a double at '%s'", near_text(ps, ps->p));
   ps->p += e - buf;
   uint64_t u;
   memcpy(&u, &d, 8);
   out[0] = (uint32_t)u;
   out[1] = (uint32_t)(u >> 32);
   return true;
}

static int lookup_word(struct parser *ps, const char *const *names, unsigned count,
                       const char *what)
{
   const char *w;
   size_t n;
   if (!word(ps, &w, &n))
      return -1;
   int i = gv_tgsi_lookup(names, count, w, n);
   if (i < 0)
      fail(ps, "unknown %s '%.*s'", what, (int)n, w);
   return i;
}

/* ---- storage --------------------------------------------------------- */

static void *grow(struct parser *ps, void *arr, uint32_t *cap, uint32_t count, uint32_t limit,
                  size_t elem, const char *what)
{
   if (count >= limit) {
      fail(ps, "more than %u %s", limit, what);
      return NULL;
   }
   if (count < *cap)
      return arr;
   uint32_t ncap = *cap ? *cap * 2 : 16;
   if (ncap > limit)
      ncap = limit;
   void *n = realloc(arr, (size_t)ncap * elem);
   if (!n) {
      fail(ps, "out of memory");
      return NULL;
   }
   *cap = ncap;
   return n;
}

/* ---- registers ------------------------------------------------------- */

static bool swizzle_char(char c, uint8_t *out)
{
   switch (c) {
   case 'x': *out = 0; return true;
   case 'y': *out = 1; return true;
   case 'z': *out = 2; return true;
   case 'w': *out = 3; return true;
   default: return false;
   }
}

/* One bracket group: "[5]", "[TEMP[2].x+3]" / "[ADDR[0].x-1]" optionally
 * followed by "(arrayid)". */
struct group {
   bool indirect;
   int32_t index;
   uint8_t ind_file, ind_swz;
   int32_t ind_index;
   uint16_t array_id;
};

static bool register_group(struct parser *ps, struct group *g)
{
   memset(g, 0, sizeof(*g));
   if (!expect(ps, '['))
      return false;
   skip_blank(ps);
   if (ps->p < ps->end && *ps->p >= 'A' && *ps->p <= 'Z') {
      int f = lookup_word(ps, gv_tgsi_file_names, GV_FILE_COUNT, "register file");
      if (f < 0)
         return false;
      if (f != GV_FILE_ADDR && f != GV_FILE_TEMP && f != GV_FILE_IMM && f != GV_FILE_CONST &&
          f != GV_FILE_SV && f != GV_FILE_IN)
         return fail(ps, "register file %s cannot be an index", gv_tgsi_file_names[f]);
      uint32_t ii;
      if (!expect(ps, '[') || !number_u32(ps, GV_TGSI_MAX_REG - 1, &ii) || !expect(ps, ']') ||
          !expect(ps, '.'))
         return false;
      if (ps->p >= ps->end || !swizzle_char(*ps->p, &g->ind_swz))
         return fail(ps, "expected a swizzle letter after '.'");
      ps->p++;
      g->indirect = true;
      g->ind_file = (uint8_t)f;
      g->ind_index = (int32_t)ii;
      skip_blank(ps);
      if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) {
         int64_t off;
         if (!number_i64(ps, GV_TGSI_MAX_REG, &off))
            return false;
         g->index = (int32_t)off;
      }
   } else {
      uint32_t v;
      if (!number_u32(ps, GV_TGSI_MAX_REG - 1, &v))
         return false;
      g->index = (int32_t)v;
   }
   if (!expect(ps, ']'))
      return false;
   if (ps->p < ps->end && *ps->p == '(') {
      uint32_t id;
      ps->p++;
      if (!number_u32(ps, GV_TGSI_MAX_ARRAYS - 1, &id) || !expect(ps, ')'))
         return false;
      g->array_id = (uint16_t)id;
   }
   return true;
}

/* FILE[a] or FILE[a][b]; with two groups the first is the dimension. */
struct reg {
   uint8_t file;
   bool has_dim;
   struct group dim, idx;
};

static bool register_ref(struct parser *ps, struct reg *r)
{
   int f = lookup_word(ps, gv_tgsi_file_names, GV_FILE_COUNT, "register file");
   if (f < 0)
      return false;
   if (f == GV_FILE_NULL)
      return fail(ps, "NULL register file");
   r->file = (uint8_t)f;
   if (!register_group(ps, &r->idx))
      return false;
   r->has_dim = false;
   if (ps->p < ps->end && *ps->p == '[') {
      r->dim = r->idx;
      r->has_dim = true;
      if (!register_group(ps, &r->idx))
         return false;
   }
   return true;
}

static bool parse_src(struct parser *ps, struct gv_tgsi_src *s)
{
   memset(s, 0, sizeof(*s));
   skip_blank(ps);
   if (ps->p < ps->end && *ps->p == '-') {
      s->negate = true;
      ps->p++;
   }
   skip_blank(ps);
   if (ps->p < ps->end && *ps->p == '|') {
      s->absolute = true;
      ps->p++;
   }
   struct reg r;
   if (!register_ref(ps, &r))
      return false;
   s->file = r.file;
   s->index = r.idx.index;
   s->indirect = r.idx.indirect;
   s->ind_file = r.idx.ind_file;
   s->ind_swz = r.idx.ind_swz;
   s->ind_index = r.idx.ind_index;
   s->ind_array = r.idx.array_id;
   s->has_dim = r.has_dim;
   if (r.has_dim) {
      s->dim = r.dim.index;
      s->dim_indirect = r.dim.indirect;
      s->dim_ind_file = r.dim.ind_file;
      s->dim_ind_swz = r.dim.ind_swz;
      s->dim_ind_index = r.dim.ind_index;
   }
   for (int i = 0; i < 4; i++)
      s->swz[i] = (uint8_t)i;
   if (ps->p < ps->end && *ps->p == '.') {
      ps->p++;
      int n = 0;
      while (n < 4 && ps->p < ps->end && swizzle_char(*ps->p, &s->swz[n])) {
         ps->p++;
         n++;
      }
      if (n == 0)
         return fail(ps, "expected a swizzle after '.'");
      for (int i = n; i < 4; i++)
         s->swz[i] = s->swz[n - 1];
   }
   if (s->absolute && !expect(ps, '|'))
      return false;
   return true;
}

static bool write_mask(struct parser *ps, uint8_t *mask)
{
   *mask = 0xf;
   if (ps->p < ps->end && *ps->p == '.') {
      ps->p++;
      uint8_t m = 0;
      int last = -1;
      uint8_t c;
      while (ps->p < ps->end && swizzle_char(*ps->p, &c)) {
         if ((int)c <= last)
            return fail(ps, "write mask letters out of order");
         last = c;
         m |= (uint8_t)(1u << c);
         ps->p++;
      }
      if (!m)
         return fail(ps, "expected a write mask after '.'");
      *mask = m;
   }
   return true;
}

static bool parse_dst(struct parser *ps, struct gv_tgsi_dst *d)
{
   memset(d, 0, sizeof(*d));
   struct reg r;
   if (!register_ref(ps, &r))
      return false;
   d->file = r.file;
   d->index = r.idx.index;
   d->indirect = r.idx.indirect;
   d->ind_file = r.idx.ind_file;
   d->ind_swz = r.idx.ind_swz;
   d->ind_index = r.idx.ind_index;
   d->ind_array = r.idx.array_id;
   d->has_dim = r.has_dim;
   if (r.has_dim) {
      d->dim = r.dim.index;
      d->dim_indirect = r.dim.indirect;
      d->dim_ind_file = r.dim.ind_file;
      d->dim_ind_swz = r.dim.ind_swz;
      d->dim_ind_index = r.dim.ind_index;
   }
   return write_mask(ps, &d->mask);
}

/* ---- lines ----------------------------------------------------------- */

static bool parse_property(struct parser *ps)
{
   int p = lookup_word(ps, gv_tgsi_property_names, GV_PROP_COUNT, "property");
   if (p < 0)
      return false;
   uint32_t v = 0;
   skip_blank(ps);
   if (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
      if (!number_u32(ps, UINT32_MAX, &v))
         return false;
   } else if (!at_eol(ps)) {
      const char *w;
      size_t n;
      if (!word(ps, &w, &n))
         return false;
      int i = gv_tgsi_lookup(gv_tgsi_prim_names, GV_PRIM_COUNT, w, n);
      if (i < 0)
         i = gv_tgsi_lookup(gv_tgsi_stage_names, GV_TGSI_STAGE_COUNT, w, n);
      if (i < 0 && n == 10 && memcmp(w, "UPPER_LEFT", n) == 0)
         i = 0;
      if (i < 0 && n == 10 && memcmp(w, "LOWER_LEFT", n) == 0)
         i = 1;
      if (i < 0 && n == 12 && memcmp(w, "HALF_INTEGER", n) == 0)
         i = 0;
      if (i < 0 && n == 7 && memcmp(w, "INTEGER", n) == 0)
         i = 1;
      if (i < 0)
         return fail(ps, "unknown value '%.*s' for PROPERTY %s", (int)n, w,
                     gv_tgsi_property_names[p]);
      v = (uint32_t)i;
   }
   /* Some properties carry more values; glvirt uses the first. */
   while (accept(ps, ',')) {
      const char *w;
      size_t n;
      if (!word(ps, &w, &n))
         return false;
   }
   ps->sh->prop_set[p] = true;
   ps->sh->prop[p] = v;
   return expect_eol(ps);
}

static bool parse_decl(struct parser *ps)
{
   struct gv_tgsi_shader *sh = ps->sh;
   struct gv_tgsi_decl *arr = grow(ps, sh->decls, &ps->cap_decls, sh->num_decls,
                                   GV_TGSI_MAX_DECLS, sizeof(*arr), "declarations");
   if (!arr)
      return false;
   sh->decls = arr;
   struct gv_tgsi_decl *d = &arr[sh->num_decls];
   memset(d, 0, sizeof(*d));
   d->semantic = GV_SEM_NONE;
   d->interp = GV_INTERP_NONE;
   d->texture = GV_TEX_COUNT;
   d->return_type = GV_RET_FLOAT;

   int f = lookup_word(ps, gv_tgsi_file_names, GV_FILE_COUNT, "register file");
   if (f < 0)
      return false;
   if (f == GV_FILE_NULL || f == GV_FILE_IMM)
      return fail(ps, "cannot declare %s registers", gv_tgsi_file_names[f]);
   d->file = (uint8_t)f;
   uint32_t nums[2];
   unsigned ngroups = 0;
   uint32_t first = 0, last = 0;
   while (accept(ps, '[')) {
      if (accept(ps, ']')) {
         if (ngroups || d->dim_empty)
            return fail(ps, "'[]' must come first");
         d->dim_empty = true;
         continue;
      }
      if (ngroups == 2)
         return fail(ps, "too many dimensions");
      if (!number_u32(ps, GV_TGSI_MAX_REG - 1, &first))
         return false;
      last = first;
      skip_blank(ps);
      if (ps->end - ps->p >= 2 && ps->p[0] == '.' && ps->p[1] == '.') {
         ps->p += 2;
         if (!number_u32(ps, GV_TGSI_MAX_REG - 1, &last))
            return false;
         if (last < first)
            return fail(ps, "range %u..%u runs backwards", first, last);
      }
      if (!expect(ps, ']'))
         return false;
      nums[ngroups] = first;
      ngroups++;
   }
   if (ngroups == 0)
      return fail(ps, "declaration without a register range");
   if (ngroups == 2) {
      d->has_dim = true;
      d->dim = (uint16_t)nums[0];
   }
   d->first = (uint16_t)first;
   d->last = (uint16_t)last;
   if (!write_mask(ps, &d->usage_mask))
      return false;

   bool ret_seen = false;
   while (accept(ps, ',')) {
      const char *w;
      size_t n;
      if (!word(ps, &w, &n))
         return false;
      int i;
#define IS(lit) (n == sizeof(lit) - 1 && memcmp(w, lit, n) == 0)
      if (IS("ARRAY")) {
         uint32_t id;
         if (!expect(ps, '(') || !number_u32(ps, GV_TGSI_MAX_ARRAYS - 1, &id) || !expect(ps, ')'))
            return false;
         if (id == 0)
            return fail(ps, "ARRAY(0) is not an array id");
         d->array_id = (uint16_t)id;
      } else if (IS("LOCAL")) {
         d->local = true;
      } else if (IS("INVARIANT")) {
         d->invariant = true;
      } else if (IS("WR")) {
         d->writable = true;
      } else if (IS("RAW")) {
         d->raw = true;
      } else if (IS("ATOMIC")) {
         d->atomic = true;
      } else if (IS("STREAM")) {
         if (!expect(ps, '('))
            return false;
         for (int c = 0; c < 4; c++) {
            uint32_t s;
            if ((c && !expect(ps, ',')) || !number_u32(ps, 3, &s))
               return false;
            d->stream[c] = (uint8_t)s;
         }
         if (!expect(ps, ')'))
            return false;
      } else if (d->semantic == GV_SEM_NONE &&
                 (i = gv_tgsi_lookup(gv_tgsi_semantic_names, GV_SEM_COUNT, w, n)) >= 0 &&
                 (f == GV_FILE_IN || f == GV_FILE_OUT || f == GV_FILE_SV)) {
         d->semantic = (uint8_t)i;
         if (accept(ps, '[')) {
            uint32_t si;
            if (!number_u32(ps, GV_TGSI_MAX_REG - 1, &si) || !expect(ps, ']'))
               return false;
            d->sem_index = (uint16_t)si;
         }
      } else if ((i = gv_tgsi_lookup(gv_tgsi_interp_names, 4, w, n)) >= 0 && f == GV_FILE_IN) {
         d->interp = (uint8_t)i;
      } else if ((i = gv_tgsi_lookup(gv_tgsi_loc_names, 3, w, n)) >= 0) {
         d->interp_loc = (uint8_t)i;
      } else if ((i = gv_tgsi_lookup(gv_tgsi_texture_names, GV_TEX_COUNT, w, n)) >= 0 &&
                 d->texture == GV_TEX_COUNT) {
         d->texture = (uint8_t)i;
      } else if ((i = gv_tgsi_lookup(gv_tgsi_return_names, 5, w, n)) >= 0) {
         /* Only the first of up to four return types matters: Mesa never
          * mixes them. */
         if (!ret_seen)
            d->return_type = (uint8_t)i;
         ret_seen = true;
      } else if ((i = gv_tgsi_lookup(gv_tgsi_memtype_names, 4, w, n)) >= 0) {
         d->mem_type = (uint8_t)i;
      } else if ((i = gv_tgsi_lookup_image_format(w, n)) >= 0) {
         d->format = (uint16_t)i;
      } else {
         return fail(ps, "unknown declaration attribute '%.*s'", (int)n, w);
      }
#undef IS
   }
   if ((f == GV_FILE_SVIEW || f == GV_FILE_IMAGE) && d->texture == GV_TEX_COUNT)
      return fail(ps, "%s declaration without a texture target", gv_tgsi_file_names[f]);
   if ((f == GV_FILE_SV || f == GV_FILE_OUT ||
        (f == GV_FILE_IN && ps->sh->stage != GV_TGSI_VERTEX)) &&
       d->semantic == GV_SEM_NONE)
      return fail(ps, "%s declaration without a semantic", gv_tgsi_file_names[f]);
   sh->num_decls++;
   return expect_eol(ps);
}

static bool parse_immediate(struct parser *ps)
{
   struct gv_tgsi_shader *sh = ps->sh;
   uint32_t idx;
   if (!expect(ps, '[') || !number_u32(ps, GV_TGSI_MAX_IMMS - 1, &idx) || !expect(ps, ']'))
      return false;
   if (idx != sh->num_imms)
      return fail(ps, "immediate IMM[%u] out of order (expected IMM[%u])", idx, sh->num_imms);
   struct gv_tgsi_imm *arr = grow(ps, sh->imms, &ps->cap_imms, sh->num_imms, GV_TGSI_MAX_IMMS,
                                  sizeof(*arr), "immediates");
   if (!arr)
      return false;
   sh->imms = arr;
   struct gv_tgsi_imm *im = &arr[sh->num_imms];
   memset(im, 0, sizeof(*im));
   int t = lookup_word(ps, gv_tgsi_imm_names, 6, "immediate type");
   if (t < 0)
      return false;
   im->type = (uint8_t)t;
   if (!expect(ps, '{'))
      return false;
   unsigned n = 0;
   do {
      bool wide = t == GV_IMM_FLT64 || t == GV_IMM_UINT64 || t == GV_IMM_INT64;
      if (n + (wide ? 2 : 1) > 4)
         return fail(ps, "too many immediate values");
      switch (t) {
      case GV_IMM_FLT32:
         if (!float_bits(ps, &im->v[n]))
            return false;
         break;
      case GV_IMM_UINT32:
         if (!number_u32(ps, UINT32_MAX, &im->v[n]))
            return false;
         break;
      case GV_IMM_INT32: {
         int64_t v;
         if (!number_i64(ps, INT32_MAX, &v))
            return false;
         im->v[n] = (uint32_t)(int32_t)v;
         break;
      }
      case GV_IMM_FLT64:
         if (!double_bits(ps, &im->v[n]))
            return false;
         break;
      case GV_IMM_UINT64: {
         uint64_t v;
         if (!number_u64(ps, UINT64_MAX, &v))
            return false;
         im->v[n] = (uint32_t)v;
         im->v[n + 1] = (uint32_t)(v >> 32);
         break;
      }
      default: {
         int64_t v;
         if (!number_i64(ps, INT64_MAX, &v))
            return false;
         im->v[n] = (uint32_t)(uint64_t)v;
         im->v[n + 1] = (uint32_t)((uint64_t)v >> 32);
         break;
      }
      }
      n += wide ? 2 : 1;
   } while (accept(ps, ','));
   if (!expect(ps, '}'))
      return false;
   im->count = (uint8_t)n;
   sh->num_imms++;
   return expect_eol(ps);
}

enum { NEST_IF = 1, NEST_ELSE, NEST_LOOP, NEST_SWITCH, NEST_SUB };

static bool in_nest(struct parser *ps, uint8_t kind)
{
   for (unsigned i = ps->depth; i > 0; i--) {
      if (ps->nest[i - 1] == kind)
         return true;
   }
   return false;
}

/* Structured control flow must be well nested so the GLSL is. */
static bool check_flow(struct parser *ps, unsigned op)
{
   uint8_t top = ps->depth ? ps->nest[ps->depth - 1] : 0;
   uint8_t push = 0;
   switch (op) {
   case GV_OP_IF:
   case GV_OP_UIF: push = NEST_IF; break;
   case GV_OP_BGNLOOP: push = NEST_LOOP; break;
   case GV_OP_SWITCH: push = NEST_SWITCH; break;
   case GV_OP_BGNSUB: push = NEST_SUB; break;
   case GV_OP_ELSE:
      if (top != NEST_IF)
         return fail(ps, "ELSE without IF");
      ps->nest[ps->depth - 1] = NEST_ELSE;
      return true;
   case GV_OP_ENDIF:
      if (top != NEST_IF && top != NEST_ELSE)
         return fail(ps, "ENDIF without IF");
      ps->depth--;
      return true;
   case GV_OP_ENDLOOP:
      if (top != NEST_LOOP)
         return fail(ps, "ENDLOOP without BGNLOOP");
      ps->depth--;
      return true;
   case GV_OP_ENDSWITCH:
      if (top != NEST_SWITCH)
         return fail(ps, "ENDSWITCH without SWITCH");
      ps->depth--;
      return true;
   case GV_OP_ENDSUB:
      if (top != NEST_SUB)
         return fail(ps, "ENDSUB without BGNSUB");
      ps->depth--;
      return true;
   case GV_OP_CASE:
   case GV_OP_DEFAULT:
      if (top != NEST_SWITCH)
         return fail(ps, "%s outside SWITCH", gv_tgsi_opinfo[op].name);
      return true;
   case GV_OP_BRK:
      if (!in_nest(ps, NEST_LOOP) && !in_nest(ps, NEST_SWITCH))
         return fail(ps, "BRK outside a loop or switch");
      return true;
   case GV_OP_CONT:
      if (!in_nest(ps, NEST_LOOP))
         return fail(ps, "CONT outside a loop");
      return true;
   case GV_OP_END:
      if (ps->depth)
         return fail(ps, "END inside an unterminated block");
      ps->ended = true;
      return true;
   default:
      return true;
   }
   if (ps->depth >= GV_TGSI_MAX_NESTING)
      return fail(ps, "blocks nested deeper than %u", GV_TGSI_MAX_NESTING);
   ps->nest[ps->depth++] = push;
   return true;
}

static bool parse_insn(struct parser *ps)
{
   struct gv_tgsi_shader *sh = ps->sh;
   const char *w;
   size_t n;
   if (!word(ps, &w, &n))
      return false;
   bool sat = false, precise = false;
   int op = gv_tgsi_lookup_opcode(w, n);
   for (int tries = 0; op < 0 && tries < 2; tries++) {
      if (n > 8 && memcmp(w + n - 8, "_PRECISE", 8) == 0) {
         precise = true;
         n -= 8;
      } else if (n > 4 && memcmp(w + n - 4, "_SAT", 4) == 0) {
         sat = true;
         n -= 4;
      } else {
         break;
      }
      op = gv_tgsi_lookup_opcode(w, n);
   }
   if (op < 0)
      return fail(ps, "unknown opcode '%.*s'", (int)n, w);
   if (ps->ended && op != GV_OP_BGNSUB && op != GV_OP_ENDSUB)
      return fail(ps, "instruction after END");

   struct gv_tgsi_insn *arr = grow(ps, sh->insns, &ps->cap_insns, sh->num_insns,
                                   GV_TGSI_MAX_INSNS, sizeof(*arr), "instructions");
   if (!arr)
      return false;
   sh->insns = arr;
   struct gv_tgsi_insn *in = &arr[sh->num_insns];
   memset(in, 0, sizeof(*in));
   in->opcode = (uint16_t)op;
   in->saturate = sat;
   in->precise = precise;
   in->texture = GV_TEX_COUNT;
   in->mem_texture = GV_TEX_COUNT;
   in->line = ps->line;
   const struct gv_tgsi_opinfo *info = &gv_tgsi_opinfo[op];
   in->num_dst = info->num_dst;
   in->num_src = info->num_src;

   unsigned k = 0;
   for (unsigned i = 0; i < info->num_dst; i++, k++) {
      if (k && !expect(ps, ','))
         return false;
      if (!parse_dst(ps, &in->dst[i]))
         return false;
   }
   for (unsigned i = 0; i < info->num_src; i++, k++) {
      if (k && !expect(ps, ','))
         return false;
      if (!parse_src(ps, &in->src[i]))
         return false;
   }
   /* Trailing attributes: texture target, offsets, memory qualifiers,
    * memory texture and format. */
   while (accept(ps, ',')) {
      if (!word(ps, &w, &n))
         return false;
      int i;
      if ((i = gv_tgsi_lookup(gv_tgsi_texture_names, GV_TEX_COUNT, w, n)) >= 0) {
         if (in->texture == GV_TEX_COUNT && in->mem_qualifier == 0 &&
             in->opcode != GV_OP_LOAD && in->opcode != GV_OP_STORE && in->opcode != GV_OP_RESQ &&
             !(in->opcode >= GV_OP_ATOMUADD && in->opcode <= GV_OP_ATOMIMAX) &&
             in->opcode != GV_OP_ATOMFADD && in->opcode != GV_OP_ATOMINC_WRAP &&
             in->opcode != GV_OP_ATOMDEC_WRAP)
            in->texture = (uint8_t)i;
         else
            in->mem_texture = (uint8_t)i;
      } else if ((i = gv_tgsi_lookup(gv_tgsi_memqual_names, 4, w, n)) >= 0) {
         in->mem_qualifier |= (uint8_t)(1u << i);
      } else if ((i = gv_tgsi_lookup_image_format(w, n)) >= 0) {
         in->mem_format = (uint16_t)i;
      } else if ((i = gv_tgsi_lookup(gv_tgsi_file_names, GV_FILE_COUNT, w, n)) >= 0) {
         if (in->num_offsets >= 4)
            return fail(ps, "more than 4 texture offsets");
         struct gv_tgsi_offset *o = &in->offsets[in->num_offsets++];
         uint32_t idx;
         o->file = (uint8_t)i;
         if (i != GV_FILE_IMM && i != GV_FILE_TEMP && i != GV_FILE_CONST && i != GV_FILE_IN)
            return fail(ps, "texture offset in register file %s", gv_tgsi_file_names[i]);
         if (!expect(ps, '[') || !number_u32(ps, GV_TGSI_MAX_REG - 1, &idx) || !expect(ps, ']') ||
             !expect(ps, '.'))
            return false;
         o->index = (int32_t)idx;
         for (int c = 0; c < 3; c++) {
            if (ps->p >= ps->end || !swizzle_char(*ps->p, &o->swz[c]))
               return fail(ps, "texture offset needs a 3-letter swizzle");
            ps->p++;
         }
      } else {
         return fail(ps, "unknown instruction attribute '%.*s'", (int)n, w);
      }
   }
   if (accept(ps, ':')) {
      if (!number_u32(ps, GV_TGSI_MAX_INSNS, &in->label))
         return false;
      in->has_label = true;
   }
   if (!check_flow(ps, in->opcode))
      return false;
   sh->num_insns++;
   return expect_eol(ps);
}

static bool parse_line(struct parser *ps)
{
   if (at_eol(ps))
      return expect_eol(ps);
   /* "  12: MOV ..." : the instruction number is informational. */
   if (*ps->p >= '0' && *ps->p <= '9') {
      uint32_t num;
      if (!number_u32(ps, UINT32_MAX, &num) || !expect(ps, ':'))
         return false;
      return parse_insn(ps);
   }
   if (peek_word_is(ps, "DCL")) {
      ps->p += 3;
      return parse_decl(ps);
   }
   if (peek_word_is(ps, "IMM")) {
      ps->p += 3;
      return parse_immediate(ps);
   }
   if (peek_word_is(ps, "PROPERTY")) {
      ps->p += 8;
      return parse_property(ps);
   }
   return parse_insn(ps);
}

bool gv_tgsi_parse(const char *text, size_t len, struct gv_tgsi_shader *sh, char *err,
                   size_t err_size)
{
   struct parser ps = { .p = text, .end = text + len, .line = 1, .sh = sh,
                        .err = err, .err_size = err_size };
   memset(sh, 0, sizeof(*sh));
   if (err_size)
      err[0] = 0;
   if (len > GV_TGSI_MAX_TEXT)
      return fail(&ps, "shader text of %zu bytes exceeds the %u-byte limit", len,
                  GV_TGSI_MAX_TEXT);
   if (memchr(text, 0, len))
      return fail(&ps, "NUL byte inside the shader text");
   int st = lookup_word(&ps, gv_tgsi_stage_names, GV_TGSI_STAGE_COUNT, "shader type");
   if (st < 0)
      return false;
   sh->stage = (enum gv_tgsi_stage)st;
   if (!expect_eol(&ps))
      return false;
   while (ps.p < ps.end) {
      if (!parse_line(&ps))
         return false;
   }
   if (!ps.ended)
      return fail(&ps, "shader has no END");
   return true;
}

void gv_tgsi_free(struct gv_tgsi_shader *sh)
{
   free(sh->decls);
   free(sh->imms);
   free(sh->insns);
   memset(sh, 0, sizeof(*sh));
}
