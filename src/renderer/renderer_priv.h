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

/* Per-client quotas are in cfg.limits (struct gv_limits). */
#define GV_MAX_LEVELS 16u

/* How each stage's storage buffer and image slots (virgl stage order) map
 * to the host's binding points: slot i of stage s is binding base[s] + i.
 * The graphics stages share the host's points without overlap; compute
 * starts at 0 (gl_compute.c). Counts are what the caps offer. */
struct gv_res_layout {
   uint8_t ssbos[GV_STAGE_COUNT], ssbo_base[GV_STAGE_COUNT];
   uint8_t images[GV_STAGE_COUNT], image_base[GV_STAGE_COUNT];
};

struct gv_renderer {
   struct gv_renderer_config cfg;
   struct gv_egl_host *egl;
   struct gv_hostapi api;
   struct gv_res_layout res_layout;
   struct gv_glsl_target glsl;      /* what the host compiles */
   bool robust;                     /* resets are reported (robust context + query) */
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
   struct gv_context *owner;        /* where it was created: counts its host memory */
   uint64_t guest_size;             /* what the layout needs of a backing store */
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
   uint64_t host_bytes;             /* counted in the context's host memory quota */
};

struct gv_surface {
   uint32_t refcount;               /* the object table + framebuffer bindings */
   struct gv_resource *res;         /* holds a reference */
   uint32_t format;
   const struct gv_format_desc *fmt;
   uint32_t level, first_layer, last_layer;
   /* A host texture view of its level and layers in its format, made when
    * the framebuffer is built where the storage's format or layer range
    * differs (gl_view.c). */
   GLuint view_tex;
   GLenum view_target;
   uint32_t view_format;            /* what the view stores: its own format or the resource's */
   bool no_view;                    /* decided: the storage is attached */
};

/* A shader object: TGSI text as received (possibly over several
 * CREATE_OBJECT chunks), then its parsed form. Programs are built per draw
 * state from it (issue 4); translation happens once at creation to report
 * errors early. */
struct gv_shader {
   uint32_t refcount;               /* the object table + BIND_SHADER bindings */
   uint32_t id;                     /* per-context serial, names programs in the cache */
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

struct gv_sampler_view {
   uint32_t refcount;               /* the object table + SET_SAMPLER_VIEWS bindings */
   struct gv_resource *res;         /* holds a reference */
   struct gv_sampler_view_info info;
   uint32_t target;                 /* resolved pipe_texture_target */
   GLuint tbo;                      /* buffer views: host buffer texture, made on first bind */
   /* A host texture view, made on first bind where the storage cannot be
    * sampled as the view asks (gl_view.c): another target, format or layer
    * range, or stencil of depth/stencil storage. */
   GLuint view_tex;
   GLenum view_target;
   uint32_t view_format;            /* what the view stores: its own format or the resource's */
   bool no_view;                    /* decided: the storage is sampled (none needed, or refused) */
};

enum gv_border_kind { GV_BORDER_FLOAT, GV_BORDER_UINT, GV_BORDER_SINT };

struct gv_sampler_obj {
   uint32_t refcount;               /* the object table + BIND_SAMPLER_STATES bindings */
   struct gv_sampler_state state;
   GLuint gl;                       /* host sampler object */
   uint32_t border_set[4];          /* the border colour the host sampler holds (gl_draw.c bind_border) */
   uint8_t border_kind;             /* GV_BORDER_*: how it was set */
};

struct gv_query {
   uint32_t refcount;               /* the object table + the render condition */
   uint32_t type, index;            /* enum gv_query_type, stream / statistic */
   uint32_t offset;                 /* of the guest's state record in res */
   struct gv_resource *res;         /* holds a reference */
   GLenum target;                   /* 0 for types with no host query (GPU_FINISHED) */
   GLuint gl;
   bool active, ended;
   uint64_t carried;                /* counted by finished host segments (suspend/resume) */
   bool fs_counted;                 /* occlusion counter counted by the FS (gl_occlusion.c) */
   bool cpu_counted;                /* stream output overflow: decided by each recording (carried) */
   GLuint snap;                     /* its counter at begin and end (2 x uint32) */
};

struct gv_so_target {
   uint32_t refcount;               /* the object table + bindings */
   struct gv_resource *res;         /* holds a reference; a buffer */
   uint32_t offset, size;           /* bytes, 4-byte aligned */
   uint32_t written;                /* bytes recorded since bound without append */
   uint32_t stride;                 /* bytes per vertex of the last recording */
};

struct gv_buffer_binding {
   struct gv_resource *res;         /* holds a reference; NULL = unbound */
   uint32_t offset, length, stride;
};

/* SET_SHADER_IMAGES slot. */
struct gv_image_binding {
   struct gv_resource *res;         /* holds a reference; NULL = unbound */
   uint32_t format;                 /* VIRGL_FORMAT the shader sees */
   uint32_t access;                 /* PIPE_IMAGE_ACCESS_* */
   uint32_t level, first_layer, last_layer;   /* textures */
   bool layered;                    /* textures: several layers, or every layer of a one-layer array */
   bool partial;                    /* layered, but not every layer of a non-cube array */
   uint32_t offset, size;                     /* buffers, bytes */
   GLuint tex;                      /* buffers: the buffer texture bound as the image; partial
                                     * images: a view of their layers (gl_compute.c) */
};

struct gv_program;

/* What a sub-context draws with. State objects are copied in at bind time
 * (they are plain data); shaders, views, samplers and buffers are bound by
 * reference. */
struct gv_draw_state {
   struct gv_blend_state blend;
   struct gv_rasterizer_state rast;
   struct gv_dsa_state dsa;
   struct gv_vertex_elements_state ve;
   struct gv_shader *shaders[GV_MAX_STAGES];          /* indexed by virgl stage */
   struct gv_sampler_view *views[GV_MAX_STAGES][GV_MAX_SAMPLER_VIEWS];
   uint32_t nr_views[GV_MAX_STAGES];
   struct gv_sampler_obj *samplers[GV_MAX_STAGES][GV_MAX_SAMPLERS];
   struct gv_viewport viewports[GV_MAX_VIEWPORTS];
   struct gv_scissor scissors[GV_MAX_VIEWPORTS];
   struct gv_buffer_binding vbufs[GV_MAX_VERTEX_BUFFERS];
   uint32_t nr_vbufs;
   struct gv_buffer_binding ibuf;   /* stride = index size */
   uint32_t *consts[GV_MAX_STAGES]; /* default-block constants */
   uint32_t nr_consts[GV_MAX_STAGES];
   struct gv_buffer_binding ubos[GV_MAX_STAGES][GV_MAX_CONST_BUFFERS];
   struct gv_buffer_binding ssbos[GV_MAX_STAGES][GV_MAX_SHADER_BUFFERS];
   struct gv_image_binding images[GV_MAX_STAGES][GV_MAX_SHADER_IMAGES];
   uint32_t ssbo_mask[GV_MAX_STAGES], image_mask[GV_MAX_STAGES];   /* bound slots */
   uint8_t stencil_ref[2];
   float blend_color[4];
   uint32_t sample_mask;
   float clip_planes[8][4];
   uint32_t poly_stipple[32];       /* row y % 32, bit 31 - x % 32 */
   uint32_t min_samples;            /* SET_MIN_SAMPLES; 0 or 1 = no sample shading */
   bool tess_levels_set;            /* else GL's defaults, all 1.0 */
   float tess_levels[6];            /* default outer[4], inner[2] of draws without a TCS */
   struct gv_so_target *so_targets[GV_MAX_SO_TARGETS];   /* hold references */
   uint32_t nr_so_targets;
   struct gv_so_target *so_last;    /* first target of the last recording (draw-auto) */
   GLuint so_written[GV_MAX_VERTEX_STREAMS];     /* count what each recording wrote */
   GLuint so_generated[GV_MAX_VERTEX_STREAMS];   /* and what it had to write (overflow) */
   GLuint so_dummy;                 /* stands in for a full target beside streams that record */
   GLuint vao;
   GLuint conv_buf;                 /* vertex data converted on the CPU for this draw (gl_draw.c) */
   struct gv_program *programs;     /* linked programs of this sub-context (a list) */
   uint32_t nr_programs;
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
   struct gv_draw_state draw;
   struct {
      struct gv_query *query;       /* holds a reference; NULL = render always */
      bool condition, no_wait;
   } cond;
};

/* The host queries a stream output recording counts itself with. */
enum gv_so_count { GV_SO_WRITTEN, GV_SO_GENERATED, GV_SO_COUNTS };

struct gv_context {
   struct gv_renderer *r;
   char name[64];
   bool errored;
   bool lost;                          /* the host reported a reset of our GL context */
   uint64_t host_bytes;                /* estimate of host memory held, against limits.host_memory */
   /* The guest's active queries on the host targets each recording counts
    * with itself (gv_so_count), and its active overflow predicates: per
    * stream, and [GV_MAX_VERTEX_STREAMS] for any stream. Not held. */
   struct gv_query *so_guest[GV_SO_COUNTS][GV_MAX_VERTEX_STREAMS];
   struct gv_query *so_overflow[GV_MAX_VERTEX_STREAMS + 1];
   GLuint occl_counter;                /* gl_occlusion.c: fragments counted by the FS */
   uint32_t occl_active;               /* active queries counted so */
   GLuint so_scratch;                  /* gl_so_scatter.c: packed stream output recordings */
   uint64_t so_scratch_size;
   GLuint so_scatter_prog;             /* moves them into the guest's layout */
   struct gv_handle_table resources;   /* handle -> struct gv_resource * */
   struct gv_handle_table subs;        /* id + 1 -> struct gv_sub_ctx * (0 is not storable) */
   struct gv_sub_ctx *cur;
   struct gv_decoder dec;
   struct gv_pipe_ops ops;             /* gv_context_pipe_ops + the draw-state ops */
   GLuint read_fbo, draw_fbo;          /* scratch FBOs for transfers and blits */
   struct gv_guest_memory_hooks mem_hooks;
   uint64_t shader_bytes;              /* TGSI text held, against GV_MAX_SHADER_BYTES */
   uint32_t shader_seq;                /* dump file numbering */
   uint32_t shader_ids;                /* gv_shader.id source */
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
/* Around every access to a backing store (see gv_guest_memory_hooks). */
void gv_guest_read(struct gv_context *ctx, const uint8_t *ptr, size_t len);
void gv_guest_written(struct gv_context *ctx, uint8_t *ptr, size_t len);
/* False (after logging) when the context may not create one more object. */
bool gv_object_quota_ok(struct gv_context *ctx, const char *what);
extern const struct gv_pipe_ops gv_context_pipe_ops;

/* shader.c */
int gv_op_create_shader(void *pipe, const struct gv_shader_chunk_info *info);
void gv_shader_destroy(struct gv_context *ctx, struct gv_shader *sh);

/* gl_shader.c: the host dialect, and a check compile (+ dump) of a new shader. */
void gv_gl_shader_target(struct gv_renderer *r);
int gv_gl_shader_check(struct gv_context *ctx, uint32_t handle, struct gv_shader *sh);

/* draw_state.c: state objects, bindings and DRAW_VBO validation. */
void gv_draw_state_init_ops(struct gv_pipe_ops *ops);
void gv_draw_state_fini(struct gv_context *ctx, struct gv_sub_ctx *sub);
void gv_shader_unref(struct gv_context *ctx, struct gv_shader *sh);
void gv_sampler_view_unref(struct gv_context *ctx, struct gv_sampler_view *v);
void gv_sampler_obj_unref(struct gv_sampler_obj *s);

/* query.c */
void gv_query_init_ops(struct gv_pipe_ops *ops);
void gv_query_unref(struct gv_context *ctx, struct gv_query *q);
void gv_query_sub_fini(struct gv_context *ctx, struct gv_sub_ctx *sub);
/* Stream output counts each recording with its own host queries; the
 * guest's query of the same kind and stream, if active, steps aside
 * meanwhile and is credited with the recording's count on resume. */
void gv_query_so_suspend(struct gv_context *ctx, enum gv_so_count kind, uint32_t stream);
void gv_query_so_resume(struct gv_context *ctx, enum gv_so_count kind, uint32_t stream,
                        uint64_t counted);
/* Whether an overflow predicate watches `stream`; a recording that could
 * not write all it generated on `stream` sets them. */
bool gv_query_overflow_watched(const struct gv_context *ctx, uint32_t stream);
void gv_query_overflowed(struct gv_context *ctx, uint32_t stream);
/* False when a render condition is set and its query says to skip. */
bool gv_render_condition_passes(struct gv_context *ctx, struct gv_sub_ctx *sub);

/* streamout.c */
void gv_so_init_ops(struct gv_pipe_ops *ops);
void gv_so_target_unref(struct gv_context *ctx, struct gv_so_target *t);
void gv_so_sub_fini(struct gv_context *ctx, struct gv_draw_state *d);
/* Vertices a draw-auto draws: what the last recording's first target holds. */
int gv_so_draw_auto_count(struct gv_context *ctx, uint32_t *count);
/* After a recording: buffer b's target got vertices[b] vertices of
 * stride[b] bytes (0 = not recorded into). */
void gv_so_record(struct gv_context *ctx, struct gv_draw_state *d,
                  const uint32_t stride[GV_MAX_SO_TARGETS],
                  const uint64_t vertices[GV_MAX_SO_TARGETS]);

/* shader_res.c: storage buffers, images, barriers, LAUNCH_GRID. */
void gv_shader_res_init_ops(struct gv_pipe_ops *ops);
void gv_shader_res_fini(struct gv_context *ctx, struct gv_draw_state *d);

/* gl_compute.c */
void gv_gl_res_layout(struct gv_renderer *r);
int gv_gl_launch_grid(struct gv_context *ctx, struct gv_sub_ctx *sub,
                      const struct gv_launch_grid_info *info, GLuint indirect_buf);
void gv_gl_memory_barrier(const struct gv_hostapi *api, uint32_t flags);
void gv_gl_texture_barrier(const struct gv_hostapi *api);
void gv_gl_image_unbind(struct gv_image_binding *img);

/* gl_draw.c */
/* An indirect draw whose command and count ranges were checked against
 * their buffers (draw_state.c); the buffers stay alive for the call. */
struct gv_draw_indirect {
   GLuint buf;                      /* host buffer of the commands */
   uint32_t offset;                 /* of the first command, a multiple of 4 */
   uint32_t stride;                 /* between commands, a multiple of 4, never 0 */
   uint32_t max_draws;              /* >= 1; the exact number without a count buffer */
   GLuint count_buf;                /* 0: no count buffer */
   uint32_t count_offset;           /* of the uint32 count, a multiple of 4 */
};
/* `ind` is NULL for direct draws. */
int gv_gl_draw(struct gv_context *ctx, struct gv_sub_ctx *sub, const struct gv_draw_info *info,
               const struct gv_draw_indirect *ind);
void gv_gl_programs_destroy(struct gv_sub_ctx *sub);
/* The host sampler of so->state (its border colour is set at bind). */
GLuint gv_gl_sampler_create(const struct gv_hostapi *api, struct gv_sampler_obj *so);

/* Sub-context surfaces. */
void gv_surface_unref(struct gv_context *ctx, struct gv_surface *surf);

#endif
