/* The C ABI of libvirglrenderer.so.1 (virglrenderer 0.10.x / 1.x), as VMMs
 * such as QEMU's virtio-gpu-gl link it: types, constants and entry points,
 * declared here from the published interface. glvirt implements every entry
 * point the Debian library exports; tests/lib checks the layouts against the
 * system's virglrenderer.h when it is installed. */
#ifndef GLVIRT_LIB_VIRGL_ABI_H
#define GLVIRT_LIB_VIRGL_ABI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

struct iovec;

#define GV_EXPORT __attribute__((visibility("default")))

typedef void *virgl_renderer_gl_context;

struct virgl_renderer_gl_ctx_param {
   int version;
   bool shared;
   int major_ver;
   int minor_ver;
};

/* Callback table; fields past `make_current` exist from version 2 on
 * (get_drm_fd) and, in the unstable API, 3 and 4. */
struct virgl_renderer_callbacks {
   int version;
   void (*write_fence)(void *cookie, uint32_t fence);
   virgl_renderer_gl_context (*create_gl_context)(void *cookie, int scanout_idx,
                                                  struct virgl_renderer_gl_ctx_param *param);
   void (*destroy_gl_context)(void *cookie, virgl_renderer_gl_context ctx);
   int (*make_current)(void *cookie, int scanout_idx, virgl_renderer_gl_context ctx);
   int (*get_drm_fd)(void *cookie);
   void (*write_context_fence)(void *cookie, uint32_t ctx_id, uint32_t ring_idx, uint64_t fence_id);
   int (*get_server_fd)(void *cookie, uint32_t version);
   void *(*get_egl_display)(void *cookie);
};

/* virgl_renderer_init flags. */
#define VIRGL_RENDERER_USE_EGL          (1 << 0)
#define VIRGL_RENDERER_THREAD_SYNC      (1 << 1)
#define VIRGL_RENDERER_USE_GLX          (1 << 2)
#define VIRGL_RENDERER_USE_SURFACELESS  (1 << 3)
#define VIRGL_RENDERER_USE_GLES         (1 << 4)
#define VIRGL_RENDERER_USE_EXTERNAL_BLOB (1 << 5)
#define VIRGL_RENDERER_VENUS            (1 << 6)
#define VIRGL_RENDERER_NO_VIRGL         (1 << 7)
#define VIRGL_RENDERER_ASYNC_FENCE_CB   (1 << 8)
#define VIRGL_RENDERER_RENDER_SERVER    (1 << 9)
#define VIRGL_RENDERER_DRM              (1 << 10)
#define VIRGL_RENDERER_USE_VIDEO        (1 << 11)

/* A box of a resource, in texels (bytes for buffers). */
struct virgl_box {
   uint32_t x, y, z;
   uint32_t w, h, d;
};

struct virgl_renderer_resource_create_args {
   uint32_t handle;
   uint32_t target;
   uint32_t format;
   uint32_t bind;
   uint32_t width;
   uint32_t height;
   uint32_t depth;
   uint32_t array_size;
   uint32_t last_level;
   uint32_t nr_samples;
   uint32_t flags;
};

/* resource_info.flags */
#define VIRGL_RESOURCE_Y_0_TOP (1 << 0)

struct virgl_renderer_resource_info {
   uint32_t handle;
   uint32_t virgl_format;
   uint32_t width;
   uint32_t height;
   uint32_t depth;
   uint32_t flags;
   uint32_t tex_id;
   uint32_t stride;
   int drm_fourcc;
};

struct virgl_renderer_resource_create_blob_args {
   uint32_t res_handle;
   uint32_t ctx_id;
   uint32_t blob_mem;
   uint32_t blob_flags;
   uint64_t blob_id;
   uint64_t size;
   const struct iovec *iovecs;
   uint32_t num_iovs;
};

struct virgl_renderer_resource_import_blob_args {
   uint32_t res_handle;
   uint32_t blob_mem;
   uint32_t fd_type;
   int fd;
   uint64_t size;
};

typedef void (*virgl_debug_callback_type)(const char *fmt, va_list ap);

/* The capset ids virgl contexts are created with. */
#define VIRGL_CAPSET_VIRGL  1
#define VIRGL_CAPSET_VIRGL2 2
#define VIRGL_CONTEXT_FLAG_CAPSET_ID_MASK 0xffu

GV_EXPORT int virgl_renderer_init(void *cookie, int flags, struct virgl_renderer_callbacks *cb);
GV_EXPORT void virgl_renderer_cleanup(void *cookie);
GV_EXPORT void virgl_renderer_reset(void);
GV_EXPORT void virgl_renderer_poll(void);
GV_EXPORT int virgl_renderer_get_poll_fd(void);
GV_EXPORT void virgl_renderer_force_ctx_0(void);
GV_EXPORT virgl_debug_callback_type virgl_set_debug_callback(virgl_debug_callback_type cb);

GV_EXPORT void virgl_renderer_get_cap_set(uint32_t set, uint32_t *max_ver, uint32_t *max_size);
GV_EXPORT void virgl_renderer_fill_caps(uint32_t set, uint32_t version, void *caps);

GV_EXPORT int virgl_renderer_context_create(uint32_t handle, uint32_t nlen, const char *name);
GV_EXPORT int virgl_renderer_context_create_with_flags(uint32_t ctx_id, uint32_t ctx_flags,
                                                       uint32_t nlen, const char *name);
GV_EXPORT void virgl_renderer_context_destroy(uint32_t handle);
GV_EXPORT int virgl_renderer_submit_cmd(void *buffer, int ctx_id, int ndw);
GV_EXPORT void virgl_renderer_ctx_attach_resource(int ctx_id, int res_handle);
GV_EXPORT void virgl_renderer_ctx_detach_resource(int ctx_id, int res_handle);

GV_EXPORT int virgl_renderer_create_fence(int client_fence_id, uint32_t ctx_id);
GV_EXPORT int virgl_renderer_context_create_fence(uint32_t ctx_id, uint32_t flags,
                                                  uint32_t ring_idx, uint64_t fence_id);
GV_EXPORT void virgl_renderer_context_poll(uint32_t ctx_id);
GV_EXPORT int virgl_renderer_context_get_poll_fd(uint32_t ctx_id);
GV_EXPORT int virgl_renderer_export_fence(uint32_t client_fence_id, int *fd);

GV_EXPORT int virgl_renderer_resource_create(struct virgl_renderer_resource_create_args *args,
                                             struct iovec *iov, uint32_t num_iovs);
GV_EXPORT void virgl_renderer_resource_unref(uint32_t res_handle);
GV_EXPORT int virgl_renderer_resource_attach_iov(int res_handle, struct iovec *iov, int num_iovs);
GV_EXPORT void virgl_renderer_resource_detach_iov(int res_handle, struct iovec **iov,
                                                  int *num_iovs);
GV_EXPORT int virgl_renderer_resource_get_info(int res_handle,
                                               struct virgl_renderer_resource_info *info);
GV_EXPORT void virgl_renderer_resource_set_priv(uint32_t res_handle, void *priv);
GV_EXPORT void *virgl_renderer_resource_get_priv(uint32_t res_handle);
GV_EXPORT int virgl_renderer_transfer_read_iov(uint32_t handle, uint32_t ctx_id, uint32_t level,
                                               uint32_t stride, uint32_t layer_stride,
                                               struct virgl_box *box, uint64_t offset,
                                               struct iovec *iov, int iovec_cnt);
GV_EXPORT int virgl_renderer_transfer_write_iov(uint32_t handle, uint32_t ctx_id, int level,
                                                uint32_t stride, uint32_t layer_stride,
                                                struct virgl_box *box, uint64_t offset,
                                                struct iovec *iovec, unsigned int iovec_cnt);
GV_EXPORT void *virgl_renderer_get_cursor_data(uint32_t resource_id, uint32_t *width,
                                               uint32_t *height);
GV_EXPORT void virgl_renderer_get_rect(int resource_id, struct iovec *iov, unsigned int num_iovs,
                                       uint32_t offset, int x, int y, int width, int height);

/* Not offered by glvirt (they answer with an error); exported so that
 * every VMM that links virglrenderer's library loads this one. */
GV_EXPORT int virgl_renderer_get_fd_for_texture(uint32_t tex_id, int *fd);
GV_EXPORT int virgl_renderer_get_fd_for_texture2(uint32_t tex_id, int *fd, int *stride,
                                                 int *offset);
GV_EXPORT int virgl_renderer_resource_import_eglimage(
   struct virgl_renderer_resource_create_args *args, void *image);
GV_EXPORT int virgl_renderer_execute(void *execute_args, uint32_t execute_size);
GV_EXPORT int virgl_renderer_resource_create_blob(
   const struct virgl_renderer_resource_create_blob_args *args);
GV_EXPORT int virgl_renderer_resource_import_blob(
   const struct virgl_renderer_resource_import_blob_args *args);
GV_EXPORT int virgl_renderer_resource_export_blob(uint32_t res_id, uint32_t *fd_type, int *fd);
GV_EXPORT int virgl_renderer_resource_map(uint32_t res_handle, void **map, uint64_t *out_size);
GV_EXPORT int virgl_renderer_resource_unmap(uint32_t res_handle);
GV_EXPORT int virgl_renderer_resource_get_map_info(uint32_t res_handle, uint32_t *map_info);

#endif
