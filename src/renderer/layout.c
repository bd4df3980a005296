#include "renderer/renderer_priv.h"

#include "util/checked.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

/* Generic ceilings that hold on any host; host limits are checked at creation. */
#define MAX_TEXTURE_DIM 32768u
#define MAX_LAYERS 32768u
#define MAX_SAMPLES 32u

static int bad(const struct gv_resource_desc *d, const char *why)
{
   gv_error("resource %u: %s (target %u format %s %ux%ux%u array %u levels %u samples %u)",
            d->handle, why, d->target, gv_format_name(d->format), d->width, d->height, d->depth,
            d->array_size, d->last_level + 1u, d->nr_samples);
   return GV_E_INVALID;
}

static uint32_t slices_of(const struct gv_resource_desc *d, uint32_t depth)
{
   switch (d->target) {
   case GV_TARGET_CUBE:
      return 6;
   case GV_TARGET_3D:
      return depth;
   default:
      return d->array_size;
   }
}

/* Checks the shape rules of each target, then lays the levels out the way
 * Mesa's virgl driver does: tightly packed rows, levels one after another. */
int gv_layout_compute(const struct gv_resource_desc *d, const struct gv_format_desc *fmt,
                      struct gv_level_layout *levels, uint32_t *nr_levels, uint64_t *total)
{
   if (d->target >= GV_TARGET_COUNT)
      return bad(d, "unknown target");
   if (!fmt)
      return bad(d, "unknown or unsupported format");
   if (fmt->flags & GV_FMT_YUV)
      return bad(d, "video formats cannot back a resource");

   if (d->target == GV_TARGET_BUFFER) {
      if (d->width == 0 || d->height != 1 || d->depth != 1 || d->array_size > 1 || d->last_level)
         return bad(d, "a buffer is width x 1 x 1 with one level");
      if (d->nr_samples > 1)
         return bad(d, "a buffer cannot be multisampled");
      if (d->width > INT32_MAX)
         return bad(d, "buffer larger than 2 GiB");
      levels[0] = (struct gv_level_layout){ .offset = 0, .width = d->width, .height = 1, .depth = 1,
                                            .slices = 1, .stride = d->width, .layer_stride = d->width };
      *nr_levels = 1;
      *total = d->width;
      return GV_OK;
   }

   if (!d->width || !d->height || !d->depth || !d->array_size)
      return bad(d, "zero size");
   if (d->width > MAX_TEXTURE_DIM || d->height > MAX_TEXTURE_DIM || d->depth > MAX_TEXTURE_DIM ||
       d->array_size > MAX_LAYERS)
      return bad(d, "size too large");
   switch (d->target) {
   case GV_TARGET_1D:
      if (d->height != 1 || d->depth != 1 || d->array_size != 1)
         return bad(d, "a 1D texture has height, depth and array size 1");
      break;
   case GV_TARGET_1D_ARRAY:
      if (d->height != 1 || d->depth != 1)
         return bad(d, "a 1D array texture has height and depth 1");
      break;
   case GV_TARGET_2D:
   case GV_TARGET_RECT:
      if (d->depth != 1 || d->array_size != 1)
         return bad(d, "a 2D texture has depth and array size 1");
      if (d->target == GV_TARGET_RECT && d->last_level)
         return bad(d, "a rectangle texture has one level");
      break;
   case GV_TARGET_2D_ARRAY:
      if (d->depth != 1)
         return bad(d, "a 2D array texture has depth 1");
      break;
   case GV_TARGET_3D:
      if (d->array_size != 1)
         return bad(d, "a 3D texture has array size 1");
      break;
   case GV_TARGET_CUBE:
      if (d->width != d->height || d->depth != 1 || d->array_size != 6)
         return bad(d, "a cube map is square with 6 faces");
      break;
   case GV_TARGET_CUBE_ARRAY:
      if (d->width != d->height || d->depth != 1 || d->array_size % 6)
         return bad(d, "a cube map array is square with a multiple of 6 layers");
      break;
   }
   if (d->nr_samples > 1) {
      if (d->nr_samples > MAX_SAMPLES)
         return bad(d, "too many samples");
      if (d->target != GV_TARGET_2D && d->target != GV_TARGET_2D_ARRAY)
         return bad(d, "only 2D and 2D array textures can be multisampled");
      if (d->last_level)
         return bad(d, "a multisample texture has one level");
      if (fmt->flags & GV_FMT_COMPRESSED)
         return bad(d, "a compressed format cannot be multisampled");
   }
   if (d->last_level >= GV_MAX_LEVELS)
      return bad(d, "too many mip levels");
   uint32_t largest = d->width;
   if (d->height > largest)
      largest = d->height;
   if (d->target == GV_TARGET_3D && d->depth > largest)
      largest = d->depth;
   if ((largest >> d->last_level) == 0)
      return bad(d, "more mip levels than the size allows");

   uint64_t offset = 0;
   for (uint32_t l = 0; l <= d->last_level; l++) {
      struct gv_level_layout *lv = &levels[l];
      lv->width = gv_minify(d->width, l);
      lv->height = gv_minify(d->height, l);
      lv->depth = d->target == GV_TARGET_3D ? gv_minify(d->depth, l) : 1;
      lv->slices = slices_of(d, lv->depth);
      uint64_t stride, layer_stride, size;
      if (!gv_mul_u64(gv_format_nblocksx(fmt, lv->width), fmt->block_bytes, &stride) ||
          stride > UINT32_MAX ||
          !gv_mul_u64(stride, gv_format_nblocksy(fmt, lv->height), &layer_stride) ||
          !gv_mul_u64(layer_stride, lv->slices, &size))
         return bad(d, "size overflows");
      lv->stride = (uint32_t)stride;
      lv->layer_stride = layer_stride;
      lv->offset = offset;
      if (!gv_add_u64(offset, size, &offset))
         return bad(d, "size overflows");
   }
   *nr_levels = d->last_level + 1;
   /* Multisample resources have no guest copy: the guest resolves first. */
   *total = d->nr_samples > 1 ? 0 : offset;
   return GV_OK;
}

int64_t gv_resource_guest_size(const struct gv_resource_desc *desc)
{
   struct gv_level_layout levels[GV_MAX_LEVELS];
   uint32_t n;
   uint64_t total;
   int ret = gv_layout_compute(desc, gv_format_get(desc->format), levels, &n, &total);
   if (ret < 0)
      return ret;
   if (total > INT64_MAX)
      return GV_E_INVALID;
   return (int64_t)total;
}
