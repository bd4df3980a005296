/* Shared state of the GLSL emitter (glsl_emit.c, glsl_alu.c, glsl_tex.c,
 * glsl_target.c). */
#pragma once

#include <stdarg.h>

#include "shader/glsl.h"
#include "shader/tgsi_names.h"

/* Output larger than this is refused: no real shader comes close. */
#define GV_GLSL_MAX_OUTPUT (8u << 20)

struct gv_strbuf {
   char *data;
   size_t len, cap;
   bool overflow;
};

#if defined(__GNUC__)
#define GV_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GV_PRINTF(a, b)
#endif

void gv_sb_vprintf(struct gv_strbuf *sb, const char *fmt, va_list ap) GV_PRINTF(2, 0);
void gv_sb_printf(struct gv_strbuf *sb, const char *fmt, ...) GV_PRINTF(2, 3);
void gv_sb_free(struct gv_strbuf *sb);

struct gv_feature_info {
   const char *name;
   uint16_t gl_version;
   const char *gl_ext;
   uint16_t es_version;
   const char *es_ext;
};
extern const struct gv_feature_info gv_features[GV_FEAT_COUNT];

/* Value kinds of GLSL expressions: how the 32-bit register bits are typed. */
enum gv_kind { GV_F, GV_I, GV_U };

struct gv_sampler_use {
   bool used;
   uint8_t target;         /* GV_TEX_*, from declaration or first use */
   bool target_set;        /* target holds one (GV_TEX_BUFFER is 0) */
   bool shadow;
   uint8_t ret;            /* GV_RET_* */
};

struct gv_glsl_ctx {
   const struct gv_tgsi_shader *sh;
   const struct gv_glsl_target *target;
   const struct gv_shader_key *key;
   const char *prefix;          /* "vs", "fs", ... */
   struct gv_strbuf body;
   uint64_t features;
   char warnings[512];
   char *err;
   size_t err_size;
   bool failed;
   int indent;
   unsigned tmp_seq;            /* unique names of emitted temporaries */
   bool precise_warned;         /* the warning that precise is dropped was given */

   /* Arena for expression strings: freed once per translation. */
   char **strs;
   size_t num_strs, cap_strs;

   /* Declarations by register index (NULL when undeclared). */
   const struct gv_tgsi_decl **in_decl, **out_decl, **sv_decl;
   uint32_t num_in, num_out, num_sv;     /* highest index + 1 */
   int32_t num_temps;                    /* highest plain TEMP + 1 */
   uint16_t temp_array_first[GV_TGSI_MAX_ARRAYS], temp_array_len[GV_TGSI_MAX_ARRAYS];
   bool temp_flat;                       /* all temps in one array */
   uint32_t num_addr;
   uint32_t const_size[GV_TGSI_MAX_ARRAYS]; /* per CONST dimension, vec4 count */
   bool const_used[GV_TGSI_MAX_ARRAYS];
   bool const_2d_indirect;
   bool in_indirect, out_indirect;
   struct gv_sampler_use samplers[GV_TGSI_MAX_ARRAYS];
   bool sampler_indirect;
   /* With indirect sampler indexing, samplers are declared as arrays of
    * runs of equal type: index i lives in <p>_sa<base>[i - base]. */
   uint16_t samp_base[GV_TGSI_MAX_ARRAYS], samp_len[GV_TGSI_MAX_ARRAYS];
   uint32_t num_samplers;
   bool buffer_signed[GV_TGSI_MAX_ARRAYS];
   const struct gv_tgsi_decl *images[GV_TGSI_MAX_ARRAYS];
   uint8_t image_access[GV_TGSI_MAX_ARRAYS]; /* 1 read, 2 write, 4 atomic */
   bool buffers[GV_TGSI_MAX_ARRAYS];
   bool atomic_bufs[GV_TGSI_MAX_ARRAYS];
   bool shared_mem;
   bool need_in_helper, need_out_helper;  /* indirect per-vertex access */
   bool ubo_array;                         /* UBOs declared as one array */
   uint32_t ubo_count, ubo_size;
   bool writes_clipdist;
   unsigned num_clip, num_cull;
   unsigned fp64_need;          /* GV_FP64_* helper chunks (glsl_fp64.c) */
   unsigned lodq_samplers;      /* <prefix>_lodq[2 * this]: emulated textureQueryLod (glsl_tex.c) */
};

bool gv_glsl_fail(struct gv_glsl_ctx *c, const char *fmt, ...) GV_PRINTF(2, 3);
void gv_glsl_warn(struct gv_glsl_ctx *c, const char *fmt, ...) GV_PRINTF(2, 3);
/* An arena string that lives until the translation ends. */
const char *gv_fmt(struct gv_glsl_ctx *c, const char *fmt, ...) GV_PRINTF(2, 3);
void gv_line(struct gv_glsl_ctx *c, const char *fmt, ...) GV_PRINTF(2, 3);
static inline void gv_need(struct gv_glsl_ctx *c, enum gv_glsl_feature f)
{
   c->features |= 1ull << f;
}

/* Register access (glsl_emit.c). */
const char *gv_src(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s, enum gv_kind kind);
/* Source as a scalar of the given kind from component comp of its swizzle. */
const char *gv_src_scalar(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s, enum gv_kind kind,
                          unsigned comp);
/* Double / 64-bit integer lane (0: channels 0-1, 1: channels 2-3) of a source. */
const char *gv_src64(struct gv_glsl_ctx *c, const struct gv_tgsi_src *s, const char *type,
                     unsigned lane);
/* Writes a 4-component expression of kind to the destination (mask,
 * saturate and conversion applied). */
void gv_store(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, unsigned d,
              enum gv_kind kind, const char *expr);
void gv_store_mask(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in, unsigned d,
                   enum gv_kind kind, const char *expr, uint8_t mask);
const char *gv_index_expr(struct gv_glsl_ctx *c, uint8_t file, int32_t index, bool indirect,
                          uint8_t ind_file, int32_t ind_index, uint8_t ind_swz, uint32_t size);
const char *gv_kind_vec(enum gv_kind k);   /* "vec4", "ivec4", "uvec4" */
const char *gv_kind_scalar(enum gv_kind k);
const char *gv_convert(struct gv_glsl_ctx *c, const char *e, enum gv_kind from, enum gv_kind to,
                       bool scalar);
void gv_flush_outputs(struct gv_glsl_ctx *c);

/* Instructions (glsl_alu.c, glsl_tex.c). */
bool gv_emit_alu(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in);
bool gv_emit_tex(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in);
bool gv_emit_mem(struct gv_glsl_ctx *c, const struct gv_tgsi_insn *in);
/* Sampler usage pre-pass and declarations (glsl_tex.c). */
void gv_tex_analyze(struct gv_glsl_ctx *c);
void gv_tex_declare(struct gv_glsl_ctx *c, struct gv_strbuf *h);
/* Sampler / image GLSL type names (glsl_tex.c). */
const char *gv_sampler_type(struct gv_glsl_ctx *c, unsigned target, bool shadow, unsigned ret);
const char *gv_image_type(struct gv_glsl_ctx *c, unsigned target, unsigned kind);
unsigned gv_image_decl_format(struct gv_glsl_ctx *c, const struct gv_tgsi_decl *d, unsigned idx);

/* Emulated doubles (glsl_fp64.c): helper chunks, declared once each. */
enum {
   GV_FP64_BASE = 1u << 0, GV_FP64_ADD = 1u << 1, GV_FP64_MUL = 1u << 2, GV_FP64_DIV = 1u << 3,
   GV_FP64_SQRT = 1u << 4, GV_FP64_CMP = 1u << 5, GV_FP64_CVT = 1u << 6, GV_FP64_RND = 1u << 7,
   GV_FP64_ALL = 0xffu
};
void gv_fp64_declare(struct gv_strbuf *h, unsigned need);
/* Whether doubles are emulated on uvec2 (no host fp64). */
bool gv_fp64_emulated(const struct gv_glsl_ctx *c);

/* Features (glsl_target.c). */
bool gv_glsl_resolve(struct gv_glsl_ctx *c, uint16_t *version, uint64_t *use_ext);
const char *gv_glsl_ext_directive(bool es, unsigned f);
/* Whether the host's GLSL has feature f (core or extension). */
bool gv_glsl_can_use(const struct gv_glsl_ctx *c, enum gv_glsl_feature f);
