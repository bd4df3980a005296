#include "gl/gl_backend.h"
#include "renderer/renderer_priv.h"
#include "util/checked.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

/* The rows of a box in guest memory: the bytes between them are not the
 * transfer's, and a transport keeping a copy must not write them back. */
struct guest_rows {
   uint8_t *base;
   uint64_t row_len, nrows;
   uint32_t depth;
   uint64_t stride, layer_stride;
};

static void notify_one(struct gv_context *ctx, uint8_t *p, size_t len, bool written)
{
   if (written)
      gv_guest_written(ctx, p, len);
   else
      gv_guest_read(ctx, p, len);
}

static void notify_rows(struct gv_context *ctx, const struct guest_rows *g, bool written)
{
   if (!ctx->mem_hooks.before_read && !ctx->mem_hooks.after_write)
      return;
   bool packed = g->stride == g->row_len &&
                 (g->depth == 1 || g->layer_stride == g->row_len * g->nrows);
   if (packed) {
      notify_one(ctx, g->base, (size_t)(g->row_len * g->nrows * g->depth), written);
      return;
   }
   for (uint32_t z = 0; z < g->depth; z++)
      for (uint64_t y = 0; y < g->nrows; y++)
         notify_one(ctx, g->base + z * g->layer_stride + y * g->stride, (size_t)g->row_len,
                    written);
}

/* Validates a transfer between guest memory `mem` (size `mem_size`, box
 * origin at `offset`) and a box of `res`, then runs it. A stride of 0 means
 * the level's implied guest stride. */
int gv_transfer_run(struct gv_context *ctx, struct gv_resource *res, uint32_t level,
                    const struct gv_box *box, uint32_t stride, uint64_t layer_stride,
                    uint8_t *mem, size_t mem_size, uint64_t offset, bool to_host, const char *what)
{
   int ret = gv_resource_check_box(res, level, box, what);
   if (ret < 0)
      return ret;
   if (!box->w || !box->h || !box->d)
      return GV_OK;
   if (!mem) {
      gv_error("%s: resource %u has no guest memory", what, res->desc.handle);
      return GV_E_INVALID;
   }
   if (res->desc.nr_samples > 1) {
      gv_error("%s: multisample resource %u cannot be transferred (resolve it first)", what,
               res->desc.handle);
      return GV_E_INVALID;
   }

   const struct gv_format_desc *f = res->fmt;
   uint64_t span, row_len, nrows = 1;
   if (res->desc.target == GV_TARGET_BUFFER) {
      span = (uint64_t)box->w;
      row_len = span;
      stride = (uint32_t)box->w;
      layer_stride = (uint64_t)box->w;
   } else {
      const struct gv_level_layout *lv = &res->levels[level];
      if (!stride)
         stride = lv->stride;
      if (!layer_stride)
         layer_stride = lv->layer_stride;
      uint64_t row_bytes = (uint64_t)gv_format_nblocksx(f, (uint32_t)box->w) * f->block_bytes;
      uint64_t rows = gv_format_nblocksy(f, (uint32_t)box->h);
      row_len = row_bytes;
      nrows = rows;
      uint64_t a, b;
      /* Rows may not overlap: a download would otherwise write a row over
       * its neighbour, and GL's row length cannot express it. */
      if (stride < row_bytes || (box->d > 1 && layer_stride < (rows - 1) * stride + row_bytes)) {
         gv_error("%s: stride %u / layer stride %llu too small for the box of resource %u", what,
                  stride, (unsigned long long)layer_stride, res->desc.handle);
         return GV_E_BOUNDS;
      }
      if (!gv_mul_u64(layer_stride, (uint64_t)box->d - 1, &a) ||
          !gv_mul_u64(stride, rows - 1, &b) || !gv_add_u64(a, b, &span) ||
          !gv_add_u64(span, row_bytes, &span)) {
         gv_error("%s: transfer size overflows", what);
         return GV_E_BOUNDS;
      }
   }
   if (!gv_range_ok(offset, span, mem_size)) {
      gv_error("%s: %llu bytes at offset %llu exceed the %zu bytes of guest memory (resource %u)",
               what, (unsigned long long)span, (unsigned long long)offset, mem_size,
               res->desc.handle);
      return GV_E_BOUNDS;
   }
   struct guest_rows g = { mem + offset, row_len, nrows, (uint32_t)box->d, stride, layer_stride };
   if (to_host) {
      notify_rows(ctx, &g, false);
      return gv_gl_upload(ctx, res, level, box, mem + offset, stride, layer_stride);
   }
   ret = gv_gl_download(ctx, res, level, box, mem + offset, stride, layer_stride);
   notify_rows(ctx, &g, true);
   return ret;
}

int gv_context_transfer(struct gv_context *ctx, uint32_t handle, uint32_t level,
                        const struct gv_box *box, uint64_t offset, enum gv_transfer_dir dir)
{
   struct gv_resource *res = gv_handle_table_get(&ctx->resources, handle);
   return gv_context_transfer_mem(ctx, handle, level, box, 0, 0, res ? res->backing : NULL,
                                  res ? res->backing_size : 0, offset, dir);
}

int gv_context_transfer_mem(struct gv_context *ctx, uint32_t handle, uint32_t level,
                            const struct gv_box *box, uint32_t stride, uint64_t layer_stride,
                            void *mem, size_t mem_size, uint64_t offset, enum gv_transfer_dir dir)
{
   const char *what = dir == GV_DIR_TO_HOST ? "transfer to host" : "transfer from host";
   struct gv_resource *res = gv_resource_lookup(ctx, handle, what);
   int ret = res ? gv_transfer_run(ctx, res, level, box, stride, layer_stride, mem, mem_size,
                                   offset, dir == GV_DIR_TO_HOST, what)
                 : GV_E_HANDLE;
   if (ret < 0)
      gv_context_fail(ctx);
   return ret;
}
