/* Internal state of the renderer core, shared by src/renderer and src/gl. */
#ifndef GLVIRT_RENDERER_PRIV_H
#define GLVIRT_RENDERER_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <epoxy/gl.h>

#include "decode/decode.h"
#include "format/virgl_format.h"
#include "gl/gl_format.h"
#include "gl/gl_hostapi.h"
#include "renderer/pipe.h"
#include "renderer/renderer.h"
#include "shader/glsl.h"
#include "util/handle_table.h"
#include "virgl/virgl_caps.h"
#include "virgl/virgl_protocol.h"

struct gv_egl_host;

/* Per-client quotas (issue 6 makes them flags). */
#define GV_MAX_SUB_CTX 1024u
#define GV_MAX_OBJECTS_PER_SUB_CTX (1u << 20)
#define GV_MAX_RESOURCES (1u << 20)
#define GV_MAX_LEVELS 16u
#define GV_MAX_SHADER_TEXT (GV_TGSI_MAX_TEXT + 1u)     /* one shader's TGSI, incl. NUL */
#define GV_MAX_SHADER_BYTES (256u << 20)              /* all shader text of a context */

struct gv_renderer {
   struct gv_renderer_config cfg;
   struct gv_egl_host *egl;
   struct gv_hostapi api;
   struct gv_glsl_target glsl;      /* what the host compiles */
   char describe[512];
   struct gv_caps_v2 caps;
};

/* Where a mip level of a resource lives in the guest's backing store. */
struct gv_level_layout {
   uint64_t offset;
   uint32_t width, height, depth;   /* pixels, minified */
   uint32_t slices;                 /* layers, faces or depth slices */
   uint32_t stride;                 /* bytes per row of blocks */
   uint64_t layer_stride;           /* bytes per slice */
};

struct gv_resource {
   uint32_t refcount;               /* the context's table + every binding */
   struct gv_resource_desc desc;
   const struct gv_format_desc *fmt;
   const struct gv_gl_format *glf;  /* NULL for buffers */
   uint8_t *backing;
   size_t backing_size;
   void (*release)(void *data);
   void *release_data;
   uint32_t nr_levels;
   struct gv_level_layout levels[GV_MAX_LEVELS];

   /* Host objects. */
   GLenum gl_target;                /* 0 for buffers */
   GLuint tex;
   GLuint buf;                      /* 0 for guest-memory-only buffers (staging, fences) */
};

struct gv_surface {
   uint32_t refcount;               /* the object table + framebuffer bindings */
   struct gv_resource *res;         /* holds a reference */
   uint32_t format;
   const struct gv_format_desc *fmt;
   uint32_t level, first_layer, last_layer;
};

/* A shader object: TGSI text as received (possibly over several
 * CREATE_OBJECT chunks), then its parsed form. Programs are built per draw
 * state from it (issue 4); translation happens once at creation to report
 * errors early. */
struct gv_shader {
   uint32_t stage;                  /* enum gv_tgsi_stage */
   uint32_t virgl_stage;
   uint32_t total, received;        /* text bytes expected / arrived */
   char *text;
   bool complete;
   struct gv_tgsi_shader tgsi;
   uint32_t req_local_mem;
   uint32_t so_num_outputs;
   uint32_t so_stride[4];
   struct gv_so_output so[GV_MAX_SO_OUTPUTS];
};

struct gv_object {
   uint32_t type;                   /* enum gv_object_type */
   void *ptr;
};

struct gv_sub_ctx {
   uint32_t id;
   struct gv_handle_table objects;  /* handle -> struct gv_object * */
   struct gv_surface *cbufs[GV_MAX_COLOR_BUFS];
   struct gv_surface *zsurf;
   uint32_t nr_cbufs;
   struct gv_framebuffer_no_attach_info no_attach;
   GLuint fbo;
   bool fbo_dirty;
};

struct gv_context {
   struct gv_renderer *r;
   char name[64];
   bool errored;
   struct gv_handle_table resources;   /* handle -> struct gv_resource * */
   struct gv_handle_table subs;        /* id + 1 -> struct gv_sub_ctx * (0 is not storable) */
   struct gv_sub_ctx *cur;
   struct gv_decoder dec;
   GLuint read_fbo, draw_fbo;          /* scratch FBOs for transfers and blits */
   uint64_t shader_bytes;              /* TGSI text held, against GV_MAX_SHADER_BYTES */
   uint32_t shader_seq;                /* dump file numbering */
};

/* layout.c */
int gv_layout_compute(const struct gv_resource_desc *desc, const struct gv_format_desc *fmt,
                      struct gv_level_layout *levels, uint32_t *nr_levels, uint64_t *total);

/* resource.c */
struct gv_resource *gv_resource_lookup(struct gv_context *ctx, uint32_t handle, const char *what);
void gv_resource_ref(struct gv_resource *res);
void gv_resource_unref(struct gv_context *ctx, struct gv_resource *res);
int gv_resource_check_box(const struct gv_resource *res, uint32_t level, const struct gv_box *box,
                          const char *what);

/* transfer.c */
int gv_transfer_run(struct gv_context *ctx, struct gv_resource *res, uint32_t level,
                    const struct gv_box *box, uint32_t stride, uint64_t layer_stride,
                    uint8_t *mem, size_t mem_size, uint64_t offset, bool to_host, const char *what);

/* context.c */
void gv_context_fail(struct gv_context *ctx);
extern const struct gv_pipe_ops gv_context_pipe_ops;

/* shader.c */
int gv_op_create_shader(void *pipe, const struct gv_shader_chunk_info *info);
void gv_shader_destroy(struct gv_context *ctx, struct gv_shader *sh);

/* gl_shader.c: the host dialect, and a check compile (+ dump) of a new shader. */
void gv_gl_shader_target(struct gv_renderer *r);
int gv_gl_shader_check(struct gv_context *ctx, uint32_t handle, struct gv_shader *sh);

/* Sub-context surfaces. */
void gv_surface_unref(struct gv_context *ctx, struct gv_surface *surf);

#endif
