/* The renderer seen from the transports (vtest now, the virglrenderer-style
 * library later): one process-wide renderer (host GL + caps) and virgl
 * contexts that own resources and run command buffers.
 *
 * Every function takes client-controlled values and validates them itself;
 * failures return a negative gv_status after logging a message naming the
 * problem, and never abort. */
#ifndef GLVIRT_RENDERER_RENDERER_H
#define GLVIRT_RENDERER_RENDERER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gv_status {
   GV_OK = 0,
   GV_E_INVALID = -1,      /* a value out of range or inconsistent */
   GV_E_HANDLE = -2,       /* unknown, wrong-type or duplicate handle */
   GV_E_BOUNDS = -3,       /* box / offset / length outside what it addresses */
   GV_E_NOMEM = -4,
   GV_E_UNSUPPORTED = -5,  /* valid, but not implemented on this host */
   GV_E_HOST = -6,         /* the host GL failed */
   GV_E_LIMIT = -7,        /* a per-client quota was exceeded */
};

const char *gv_status_name(int status);

enum gv_host_api_choice {
   GV_API_CORE,   /* desktop GL core profile */
   GV_API_ES,     /* OpenGL ES 3.x */
   GV_API_ON,     /* core, falling back to ES */
};

enum gv_egl_platform_choice {
   GV_EGL_AUTO,         /* a GPU's EGL device if there is one, else surfaceless */
   GV_EGL_SURFACELESS,
   GV_EGL_DEVICE,
   GV_EGL_GBM,
};

/* Per-client quotas. A client that would exceed one gets a clear error for
 * that request and its context is marked errored; other clients are not
 * affected. Zero fields take the defaults of gv_limits_defaults(). */
struct gv_limits {
   uint32_t resources;          /* live resources of a context */
   uint32_t objects;            /* live objects (states, shaders, surfaces...) over all sub-contexts */
   uint32_t sub_contexts;
   uint32_t shader_text;        /* bytes of TGSI text in one shader */
   uint64_t shader_bytes;       /* TGSI text held by a context, all shaders */
   uint64_t host_memory;        /* bytes of host textures and buffers of a context (estimate) */
   uint64_t guest_memory;       /* bytes of resource memory shared with the client (transport) */
   uint64_t command_bytes;      /* bytes of one command buffer (transport) */
   uint32_t command_seconds;    /* seconds one request may keep the host busy (transport);
                                 * UINT32_MAX: no watchdog */
};

/* Fills every zero field of `l` with its default. */
void gv_limits_defaults(struct gv_limits *l);

struct gv_renderer_config {
   enum gv_host_api_choice api;
   enum gv_egl_platform_choice platform;
   const char *render_node;     /* for DEVICE / GBM, NULL = first usable */
   const char *deny_extensions; /* comma-separated host extensions to ignore (testing fallbacks) */
   const char *shader_dump_dir; /* NULL = off */
   struct gv_limits limits;
   bool robust;                 /* ask for a robust context with reset notification when offered */
};

struct gv_renderer;
struct gv_context;

/* Creates the host GL context for this process and makes it current. */
int gv_renderer_create(const struct gv_renderer_config *cfg, struct gv_renderer **out);

/* For a host context owned by someone else (a VMM's display, through the
 * library API): renders with whatever GL or GLES context is current now, and
 * with contexts sharing its objects that the caller makes current before each
 * call. cfg->api and cfg->platform are ignored; `platform` names the origin of
 * the context in gv_renderer_describe(). Never robust. */
int gv_renderer_create_current(const struct gv_renderer_config *cfg, const char *platform,
                               struct gv_renderer **out);

/* The EGL host gv_renderer_create made (NULL for gv_renderer_create_current),
 * for transports that need more contexts sharing its objects. */
struct gv_egl_host *gv_renderer_egl_host(struct gv_renderer *r);
void gv_renderer_destroy(struct gv_renderer *r);

/* The quotas in force (the configured ones, defaults filled in). */
const struct gv_limits *gv_renderer_limits(const struct gv_renderer *r);

/* One line: "OpenGL ES 3.2 Mesa 22.3.6 on llvmpipe (...) via EGL surfaceless". */
const char *gv_renderer_describe(const struct gv_renderer *r);

/* Capset 1 (v1, 308 bytes) or 2 (v2, 1376 bytes). Returns the number of bytes
 * written (0 for an unknown capset); `size` must hold the whole set. */
size_t gv_renderer_fill_caps(struct gv_renderer *r, uint32_t capset, void *buf, size_t size);

/* ---- contexts ---- */

struct gv_context *gv_context_create(struct gv_renderer *r, const char *debug_name);
void gv_context_destroy(struct gv_context *ctx);

/* True once a client error has been seen (kept for the whole life of the context). */
bool gv_context_errored(const struct gv_context *ctx);

/* True once the host reported that this process's GL context was lost
 * (GPU reset); nothing more can be rendered and the client must be closed. */
bool gv_context_lost(struct gv_context *ctx);

struct gv_resource_desc {
   uint32_t handle;
   uint32_t target;      /* enum gv_texture_target */
   uint32_t format;      /* VIRGL_FORMAT */
   uint32_t bind;        /* GV_BIND_* */
   uint32_t width, height, depth, array_size;
   uint32_t last_level;
   uint32_t nr_samples;
};

/* Size in bytes of the guest-visible backing store of a resource with this
 * description (the guest's tightly packed layout; 0 for multisample), or
 * GV_E_* (< 0) if the description is invalid. */
int64_t gv_resource_guest_size(const struct gv_resource_desc *desc);

/* Creates resource `desc->handle`. `backing` (may be NULL when size is 0) is
 * memory the caller keeps mapped until the resource is destroyed; transfers
 * and query results use it. The context never frees it; `release` (may be
 * NULL) is called with `release_data` when the resource is finally destroyed. */
int gv_context_resource_create(struct gv_context *ctx, const struct gv_resource_desc *desc,
                               void *backing, size_t backing_size,
                               void (*release)(void *release_data), void *release_data);
int gv_context_resource_unref(struct gv_context *ctx, uint32_t handle);

struct gv_box {
   int32_t x, y, z;
   int32_t w, h, d;
};

enum gv_transfer_dir { GV_DIR_TO_HOST = 1, GV_DIR_FROM_HOST = 2 };

/* Copies a box between a resource's backing store and the host resource,
 * with the guest's implied strides for `level` (vtest TRANSFER_GET2/PUT2). */
int gv_context_transfer(struct gv_context *ctx, uint32_t handle, uint32_t level,
                        const struct gv_box *box, uint64_t offset, enum gv_transfer_dir dir);

/* The same with explicit guest strides (0 = implied by the level, as above)
 * and explicit guest memory instead of the backing store (the library API's
 * transfers, whose guest memory may be an iovec of its own). */
int gv_context_transfer_mem(struct gv_context *ctx, uint32_t handle, uint32_t level,
                            const struct gv_box *box, uint32_t stride, uint64_t layer_stride,
                            void *mem, size_t mem_size, uint64_t offset, enum gv_transfer_dir dir);

/* ---- resources shared between contexts (library API) ----
 *
 * There, resources exist apart from contexts: the transport creates them in
 * one owner context and attaches them to the contexts that use them. The
 * owner context must outlive every context a resource of it is shared with,
 * and all of them must share GL objects. */

/* Makes `owner`'s resource `handle` visible under the same handle in `ctx`,
 * holding a reference. */
int gv_context_resource_share(struct gv_context *ctx, struct gv_context *owner, uint32_t handle);

/* Replaces a resource's backing store (NULL: none). A new one must be at
 * least as large as gv_resource_guest_size(); `release` is not called for it. */
int gv_context_resource_set_backing(struct gv_context *ctx, uint32_t handle, void *backing,
                                    size_t backing_size);

/* Where backing stores are copies of memory the transport keeps elsewhere
 * (guest pages scattered in an iovec), it is told before the renderer reads
 * a range of a backing store and after it wrote one. Pointers are inside
 * some resource's backing store. */
struct gv_guest_memory_hooks {
   void (*before_read)(void *data, const uint8_t *ptr, size_t len);
   void (*after_write)(void *data, uint8_t *ptr, size_t len);
   void *data;
};

void gv_context_set_guest_memory_hooks(struct gv_context *ctx,
                                       const struct gv_guest_memory_hooks *hooks);

struct gv_resource_info {
   struct gv_resource_desc desc;
   uint32_t gl_texture;      /* 0 for buffers */
   uint32_t gl_buffer;       /* 0 for textures and guest-memory-only buffers */
   uint32_t gl_target;
   uint32_t stride;          /* bytes per row of level 0 in the guest layout */
   uint64_t guest_size;
};

int gv_context_resource_info(struct gv_context *ctx, uint32_t handle, struct gv_resource_info *out);

/* Runs one command buffer (SUBMIT_CMD payload). Returns GV_OK or the first
 * error; on error the rest of the buffer is skipped and the context is marked. */
int gv_context_submit(struct gv_context *ctx, const uint32_t *dwords, size_t count);

/* Whether work submitted so far is still running on the host (`wait`: block
 * until it is not). Everything that writes guest memory has landed there when
 * this returns false. */
bool gv_context_busy(struct gv_context *ctx, uint32_t handle, bool wait);

#endif
