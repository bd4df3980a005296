/* libvirglrenderer.so.1: resources, their guest memory (iovecs) and the
 * transfers between it and the host. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/lib_state.h"
#include "util/checked.h"
#include "format/virgl_format.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

struct lib_res *lib_res_get(uint32_t handle, const char *what)
{
   struct lib_res *r = gv_handle_table_get(&lib.res, handle);
   if (!r)
      gv_error("%s: no resource %u", what, handle);
   return r;
}

/* ---- guest memory ---- */

/* Sum of the iovec's lengths, or false when it overflows or is absurd. */
static bool iov_total(const struct iovec *iov, int n, size_t *out)
{
   size_t total = 0;
   for (int i = 0; i < n; i++) {
      if (!iov[i].iov_base && iov[i].iov_len)
         return false;
      if (!gv_add_size(total, iov[i].iov_len, &total))
         return false;
   }
   *out = total;
   return true;
}

/* Copies `len` bytes at byte `off` of the memory an iovec describes to or
 * from `buf`. The range was checked against the total. */
static void iov_copy(const struct iovec *iov, int n, size_t off, uint8_t *buf, size_t len,
                     bool from_iov)
{
   for (int i = 0; i < n && len; i++) {
      if (off >= iov[i].iov_len) {
         off -= iov[i].iov_len;
         continue;
      }
      size_t k = iov[i].iov_len - off;
      if (k > len)
         k = len;
      uint8_t *p = (uint8_t *)iov[i].iov_base + off;
      if (from_iov)
         memcpy(buf, p, k);
      else
         memcpy(p, buf, k);
      buf += k;
      len -= k;
      off = 0;
   }
}

static struct lib_res *shadow_of(const uint8_t *ptr, size_t len, size_t *off)
{
   for (struct lib_res *r = lib.shadowed; r; r = r->next_shadowed) {
      if (ptr >= r->shadow && ptr < r->shadow + r->shadow_size) {
         *off = (size_t)(ptr - r->shadow);
         return gv_range_ok(*off, len, r->shadow_size) ? r : NULL;
      }
   }
   return NULL;
}

/* The renderer reads and writes only the shadow; the guest's pages are
 * brought in just before a read and updated just after a write, and only
 * for the range touched, so guest writes elsewhere in the buffer (the next
 * upload, while this one is processed) are never overwritten. */
static void hook_before_read(void *data, const uint8_t *ptr, size_t len)
{
   (void)data;
   size_t off;
   struct lib_res *r = shadow_of(ptr, len, &off);
   if (r)
      iov_copy(r->iov, r->niov, off, r->shadow + off, len, true);
}

static void hook_after_write(void *data, uint8_t *ptr, size_t len)
{
   (void)data;
   size_t off;
   struct lib_res *r = shadow_of(ptr, len, &off);
   if (r)
      iov_copy(r->iov, r->niov, off, r->shadow + off, len, false);
}

const struct gv_guest_memory_hooks lib_memory_hooks = {
   .before_read = hook_before_read,
   .after_write = hook_after_write,
};

/* The memory transfers of a resource use: the guest's, or its shadow. */
static uint8_t *res_memory(const struct lib_res *r, size_t *size)
{
   if (!r->iov) {
      *size = 0;
      return NULL;
   }
   if (r->shadow) {
      *size = r->shadow_size;
      return r->shadow;
   }
   *size = r->iov[0].iov_len;
   return r->iov[0].iov_base;
}

static void unlink_shadowed(struct lib_res *r)
{
   for (struct lib_res **p = &lib.shadowed; *p; p = &(*p)->next_shadowed) {
      if (*p == r) {
         *p = r->next_shadowed;
         break;
      }
   }
   r->next_shadowed = NULL;
}

static int attach(struct lib_res *r, struct iovec *iov, int niov)
{
   size_t total;
   if (r->iov) {
      gv_error("resource %u already has guest memory attached", r->handle);
      return EINVAL;
   }
   if (niov <= 0 || !iov || !iov_total(iov, niov, &total)) {
      gv_error("resource %u: invalid guest memory (%d entries)", r->handle, niov);
      return EINVAL;
   }
   if (total > gv_renderer_limits(lib.r)->guest_memory) {
      gv_error("resource %u: %zu bytes of guest memory exceed the limit", r->handle, total);
      return EINVAL;
   }
   if (niov > 1 && total) {
      r->shadow = calloc(1, total);
      if (!r->shadow)
         return ENOMEM;
      r->shadow_size = total;
      r->next_shadowed = lib.shadowed;
      lib.shadowed = r;
   }
   r->iov = iov;
   r->niov = niov;
   gv_debug("resource %u: %zu bytes of guest memory in %d pieces%s", r->handle, total, niov,
            r->shadow ? " (shadowed)" : "");
   size_t size;
   uint8_t *mem = res_memory(r, &size);
   /* A backing store smaller than our layout stays out of the renderer's
    * reach (queries, staging copies); transfers still check against it. */
   lib_gl_make_current(lib.gl0);
   if (size >= r->guest_size)
      gv_context_resource_set_backing(lib.owner, r->handle, mem, size);
   else
      gv_debug("resource %u: %zu bytes of guest memory, layout needs %llu", r->handle, size,
               (unsigned long long)r->guest_size);
   return 0;
}

static void detach(struct lib_res *r, struct iovec **iov, int *niov)
{
   if (iov)
      *iov = r->iov;
   if (niov)
      *niov = r->niov;
   if (!r->iov)
      return;
   gv_context_resource_set_backing(lib.owner, r->handle, NULL, 0);
   if (r->shadow) {
      unlink_shadowed(r);
      free(r->shadow);
      r->shadow = NULL;
      r->shadow_size = 0;
   }
   r->iov = NULL;
   r->niov = 0;
}

/* ---- resources ---- */

int virgl_renderer_resource_create(struct virgl_renderer_resource_create_args *args,
                                   struct iovec *iov, uint32_t num_iovs)
{
   if (!lib_ready("resource create"))
      return EINVAL;
   if (!args) {
      gv_error("resource create: no arguments");
      return EINVAL;
   }
   if (!args->handle || gv_handle_table_get(&lib.res, args->handle)) {
      gv_error("resource create: handle %u %s", args->handle,
               args->handle ? "already exists" : "is reserved");
      return EINVAL;
   }
   struct gv_resource_desc d = {
      .handle = args->handle, .target = args->target, .format = args->format,
      .bind = args->bind, .width = args->width, .height = args->height, .depth = args->depth,
      .array_size = args->array_size, .last_level = args->last_level,
      .nr_samples = args->nr_samples,
   };
   int64_t guest_size = gv_resource_guest_size(&d);
   if (guest_size < 0) {
      gv_error("resource create %u: invalid description", args->handle);
      return EINVAL;
   }
   gv_debug("resource create %u: target %u format %u bind 0x%x %ux%ux%u array %u levels %u "
            "samples %u", args->handle, args->target, args->format, args->bind, args->width,
            args->height, args->depth, args->array_size, args->last_level + 1, args->nr_samples);
   struct lib_res *r = calloc(1, sizeof(*r));
   if (!r)
      return ENOMEM;
   r->handle = args->handle;
   r->guest_size = (uint64_t)guest_size;
   if (!lib_gl_make_current(lib.gl0) ||
       gv_context_resource_create(lib.owner, &d, NULL, 0, NULL, NULL) < 0) {
      free(r);
      return EINVAL;
   }
   if (!gv_handle_table_insert(&lib.res, r->handle, r)) {
      gv_context_resource_unref(lib.owner, r->handle);
      free(r);
      return ENOMEM;
   }
   if (num_iovs && attach(r, iov, (int)(num_iovs > INT32_MAX ? -1 : (int)num_iovs)) != 0) {
      virgl_renderer_resource_unref(r->handle);
      return EINVAL;
   }
   return 0;
}

static void res_destroy(struct lib_res *r)
{
   /* The guest's handle is gone from every context, as with virglrenderer;
    * bindings keep the host object alive until they change. */
   struct lib_ctx *c;
   for (size_t i = 0; (c = gv_handle_table_next(&lib.ctxs, &i));) {
      if (lib_attached(c->gv, r->handle)) {
         lib_gl_make_current(c->gl);
         gv_context_resource_unref(c->gv, r->handle);
      }
   }
   lib_gl_make_current(lib.gl0);
   detach(r, NULL, NULL);
   gv_context_resource_unref(lib.owner, r->handle);
   free(r);
}

void virgl_renderer_resource_unref(uint32_t res_handle)
{
   if (!lib_ready("resource unref"))
      return;
   struct lib_res *r = gv_handle_table_remove(&lib.res, res_handle);
   if (!r) {
      gv_error("resource unref: no resource %u", res_handle);
      return;
   }
   res_destroy(r);
}

void lib_res_destroy_all(void)
{
   struct lib_res *r;
   for (size_t i = 0; (r = gv_handle_table_next(&lib.res, &i));)
      res_destroy(r);
   gv_handle_table_fini(&lib.res);
   lib.shadowed = NULL;
}

int virgl_renderer_resource_attach_iov(int res_handle, struct iovec *iov, int num_iovs)
{
   if (!lib_ready("attach guest memory"))
      return EINVAL;
   struct lib_res *r = lib_res_get((uint32_t)res_handle, "attach guest memory");
   return r ? attach(r, iov, num_iovs) : EINVAL;
}

void virgl_renderer_resource_detach_iov(int res_handle, struct iovec **iov, int *num_iovs)
{
   if (iov)
      *iov = NULL;
   if (num_iovs)
      *num_iovs = 0;
   if (!lib_ready("detach guest memory"))
      return;
   struct lib_res *r = lib_res_get((uint32_t)res_handle, "detach guest memory");
   if (r) {
      lib_gl_make_current(lib.gl0);
      detach(r, iov, num_iovs);
   }
}

/* DRM fourcc codes of the formats a scanout can have. */
static int drm_fourcc_of(uint32_t format)
{
   static const struct { const char *virgl; char fourcc[5]; } map[] = {
      { "B8G8R8A8_UNORM", "AR24" }, { "B8G8R8X8_UNORM", "XR24" },
      { "R8G8B8A8_UNORM", "AB24" }, { "R8G8B8X8_UNORM", "XB24" },
   };
   const struct gv_format_desc *f = gv_format_get(format);
   for (size_t i = 0; f && i < sizeof(map) / sizeof(map[0]); i++) {
      if (!strcmp(f->name, map[i].virgl)) {
         const char *c = map[i].fourcc;
         return (int)((uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 |
                      (uint32_t)c[3] << 24);
      }
   }
   return 0;
}

int virgl_renderer_resource_get_info(int res_handle, struct virgl_renderer_resource_info *info)
{
   if (!info || !lib_ready("resource info"))
      return -1;
   struct gv_resource_info ri;
   if (!lib_res_get((uint32_t)res_handle, "resource info") ||
       gv_context_resource_info(lib.owner, (uint32_t)res_handle, &ri) != GV_OK)
      return -1;   /* QEMU tests for -1 */
   memset(info, 0, sizeof(*info));
   info->handle = ri.desc.handle;
   info->virgl_format = ri.desc.format;
   info->width = ri.desc.width;
   info->height = ri.desc.height;
   info->depth = ri.desc.depth;
   /* Rows are stored in the guest's order: row 0 is the top of the image. */
   info->flags = VIRGL_RESOURCE_Y_0_TOP;
   info->tex_id = ri.gl_texture;
   info->stride = ri.stride;
   info->drm_fourcc = drm_fourcc_of(ri.desc.format);
   return 0;
}

void virgl_renderer_resource_set_priv(uint32_t res_handle, void *priv)
{
   struct lib_res *r = lib.inited ? lib_res_get(res_handle, "resource set_priv") : NULL;
   if (r)
      r->priv = priv;
}

void *virgl_renderer_resource_get_priv(uint32_t res_handle)
{
   struct lib_res *r = lib.inited ? gv_handle_table_get(&lib.res, res_handle) : NULL;
   return r ? r->priv : NULL;
}

/* ---- transfers ---- */

static bool box_of(const struct virgl_box *b, struct gv_box *out)
{
   if (!b || b->x > INT32_MAX || b->y > INT32_MAX || b->z > INT32_MAX || b->w > INT32_MAX ||
       b->h > INT32_MAX || b->d > INT32_MAX)
      return false;
   *out = (struct gv_box){ (int32_t)b->x, (int32_t)b->y, (int32_t)b->z,
                           (int32_t)b->w, (int32_t)b->h, (int32_t)b->d };
   return true;
}

/* Where a transfer runs: in the guest context that renders the resource
 * (GL orders its own work), else in context 0. */
static struct gv_context *transfer_context(uint32_t ctx_id, uint32_t handle)
{
   struct lib_ctx *c = ctx_id ? gv_handle_table_get(&lib.ctxs, ctx_id) : NULL;
   if (c && lib_attached(c->gv, handle))
      return lib_ctx_enter(ctx_id, false, "transfer");
   return lib_ctx_enter(0, true, "transfer");
}

static int transfer(uint32_t handle, uint32_t ctx_id, uint32_t level, uint32_t stride,
                    uint32_t layer_stride, const struct virgl_box *vbox, uint64_t offset,
                    struct iovec *iov, int iovcnt, enum gv_transfer_dir dir)
{
   const char *what = dir == GV_DIR_TO_HOST ? "transfer to host" : "transfer from host";
   if (!lib_ready(what))
      return EINVAL;
   struct lib_res *r = lib_res_get(handle, what);
   struct gv_box box;
   if (!r)
      return EINVAL;
   if (!box_of(vbox, &box)) {
      gv_error("%s: resource %u: box missing or out of range", what, handle);
      return EINVAL;
   }
   gv_debug("%s: res %u ctx %u level %u box %u,%u,%u %ux%ux%u stride %u/%u offset %llu iov %d",
            what, handle, ctx_id, level, vbox->x, vbox->y, vbox->z, vbox->w, vbox->h, vbox->d,
            stride, layer_stride, (unsigned long long)offset, iovcnt);
   struct gv_context *gv = transfer_context(ctx_id, handle);
   if (!gv)
      return EINVAL;
   if (iovcnt <= 0 || !iov) {
      size_t size;
      uint8_t *mem = res_memory(r, &size);
      if (!mem) {
         gv_error("%s: resource %u has no guest memory attached", what, handle);
         return EINVAL;
      }
      return gv_context_transfer_mem(gv, handle, level, &box, stride, layer_stride, mem, size,
                                     offset, dir) < 0 ? EINVAL : 0;
   }
   /* Memory of the call's own: gathered into one piece for the renderer. */
   size_t size;
   if (!iov_total(iov, iovcnt, &size) || size > gv_renderer_limits(lib.r)->guest_memory) {
      gv_error("%s: resource %u: invalid iovec (%d entries)", what, handle, iovcnt);
      return EINVAL;
   }
   uint8_t *tmp = malloc(size ? size : 1);
   if (!tmp)
      return ENOMEM;
   if (dir == GV_DIR_TO_HOST)
      iov_copy(iov, iovcnt, 0, tmp, size, true);
   else
      memset(tmp, 0, size);
   int ret = gv_context_transfer_mem(gv, handle, level, &box, stride, layer_stride, tmp, size,
                                     offset, dir);
   if (ret >= 0 && dir == GV_DIR_FROM_HOST)
      iov_copy(iov, iovcnt, 0, tmp, size, false);
   free(tmp);
   return ret < 0 ? EINVAL : 0;
}

int virgl_renderer_transfer_write_iov(uint32_t handle, uint32_t ctx_id, int level,
                                      uint32_t stride, uint32_t layer_stride,
                                      struct virgl_box *box, uint64_t offset,
                                      struct iovec *iovec, unsigned int iovec_cnt)
{
   if (level < 0) {
      gv_error("transfer to host: resource %u: level %d", handle, level);
      return EINVAL;
   }
   return transfer(handle, ctx_id, (uint32_t)level, stride, layer_stride, box, offset, iovec,
                   iovec_cnt > INT32_MAX ? -1 : (int)iovec_cnt, GV_DIR_TO_HOST);
}

int virgl_renderer_transfer_read_iov(uint32_t handle, uint32_t ctx_id, uint32_t level,
                                     uint32_t stride, uint32_t layer_stride,
                                     struct virgl_box *box, uint64_t offset, struct iovec *iov,
                                     int iovec_cnt)
{
   return transfer(handle, ctx_id, level, stride, layer_stride, box, offset, iov, iovec_cnt,
                   GV_DIR_FROM_HOST);
}

void *virgl_renderer_get_cursor_data(uint32_t resource_id, uint32_t *width, uint32_t *height)
{
   if (!lib_ready("cursor data"))
      return NULL;
   struct gv_resource_info ri;
   if (!lib_res_get(resource_id, "cursor data") ||
       gv_context_resource_info(lib.owner, resource_id, &ri) != GV_OK)
      return NULL;
   if (ri.desc.target != GV_TARGET_2D || ri.stride != ri.desc.width * 4 || ri.desc.width > 1024 ||
       ri.desc.height > 1024) {
      gv_error("cursor data: resource %u is not a 2D 32-bit image of at most 1024x1024", resource_id);
      return NULL;
   }
   size_t size = (size_t)ri.stride * ri.desc.height;
   uint8_t *data = calloc(1, size ? size : 1);
   struct gv_box box = { 0, 0, 0, (int32_t)ri.desc.width, (int32_t)ri.desc.height, 1 };
   if (!data || !lib_gl_make_current(lib.gl0) ||
       gv_context_transfer_mem(lib.owner, resource_id, 0, &box, 0, 0, data, size, 0,
                               GV_DIR_FROM_HOST) < 0) {
      free(data);
      return NULL;
   }
   if (width)
      *width = ri.desc.width;
   if (height)
      *height = ri.desc.height;
   return data;
}

void virgl_renderer_get_rect(int resource_id, struct iovec *iov, unsigned int num_iovs,
                             uint32_t offset, int x, int y, int width, int height)
{
   if (!lib_ready("get_rect") || x < 0 || y < 0 || width < 0 || height < 0) {
      gv_error("get_rect: resource %d: invalid rectangle", resource_id);
      return;
   }
   struct gv_resource_info ri;
   if (gv_context_resource_info(lib.owner, (uint32_t)resource_id, &ri) != GV_OK) {
      gv_error("get_rect: no resource %d", resource_id);
      return;
   }
   struct virgl_box b = { (uint32_t)x, (uint32_t)y, 0, (uint32_t)width, (uint32_t)height, 1 };
   /* The destination is laid out like the resource: its stride, origin at `offset`. */
   transfer((uint32_t)resource_id, 0, 0, ri.stride, 0, &b, offset, iov,
            num_iovs > INT32_MAX ? -1 : (int)num_iovs, GV_DIR_FROM_HOST);
}

/* ---- not offered ---- */

static int not_offered(const char *what)
{
   gv_warn("%s is not offered by glvirt", what);
   return -EINVAL;
}

int virgl_renderer_get_fd_for_texture(uint32_t tex_id, int *fd)
{
   (void)tex_id;
   (void)fd;
   return not_offered("virgl_renderer_get_fd_for_texture");
}

int virgl_renderer_get_fd_for_texture2(uint32_t tex_id, int *fd, int *stride, int *offset)
{
   (void)tex_id, (void)fd, (void)stride, (void)offset;
   return not_offered("virgl_renderer_get_fd_for_texture2");
}

int virgl_renderer_resource_import_eglimage(struct virgl_renderer_resource_create_args *args,
                                            void *image)
{
   (void)args, (void)image;
   return not_offered("virgl_renderer_resource_import_eglimage");
}

int virgl_renderer_execute(void *execute_args, uint32_t execute_size)
{
   (void)execute_args, (void)execute_size;
   return not_offered("virgl_renderer_execute");
}

int virgl_renderer_resource_create_blob(const struct virgl_renderer_resource_create_blob_args *args)
{
   (void)args;
   return not_offered("blob resources");
}

int virgl_renderer_resource_import_blob(const struct virgl_renderer_resource_import_blob_args *args)
{
   (void)args;
   return not_offered("blob resources");
}

int virgl_renderer_resource_export_blob(uint32_t res_id, uint32_t *fd_type, int *fd)
{
   (void)res_id, (void)fd_type, (void)fd;
   return not_offered("blob resources");
}

int virgl_renderer_resource_map(uint32_t res_handle, void **map, uint64_t *out_size)
{
   (void)res_handle, (void)map, (void)out_size;
   return not_offered("blob resources");
}

int virgl_renderer_resource_unmap(uint32_t res_handle)
{
   (void)res_handle;
   return not_offered("blob resources");
}

int virgl_renderer_resource_get_map_info(uint32_t res_handle, uint32_t *map_info)
{
   (void)res_handle, (void)map_info;
   return not_offered("blob resources");
}
