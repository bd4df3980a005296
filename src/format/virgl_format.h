/* What each VIRGL_FORMAT value means: block geometry, channel layout, kind.
 * Pure data, no GL: the decoder, the renderer core and the GL format table
 * all read it. Values come from ../shared/protocol/formats.md. */
#ifndef GLVIRT_FORMAT_VIRGL_FORMAT_H
#define GLVIRT_FORMAT_VIRGL_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

/* Mesa 22.3 / virglrenderer 0.10.4: values >= this never appear on the wire. */
#define GV_FORMAT_COUNT 322u

enum gv_channel_type {
   GV_CHAN_VOID = 0,   /* padding (X) */
   GV_CHAN_UNORM,
   GV_CHAN_SNORM,
   GV_CHAN_UINT,
   GV_CHAN_SINT,
   GV_CHAN_USCALED,
   GV_CHAN_SSCALED,
   GV_CHAN_FLOAT,      /* 16, 32 or 64 bits */
   GV_CHAN_FIXED,
};

enum gv_format_flags {
   GV_FMT_DEPTH = 1u << 0,
   GV_FMT_STENCIL = 1u << 1,
   GV_FMT_COMPRESSED = 1u << 2,   /* block_w or block_h > 1, opaque blocks */
   GV_FMT_SRGB = 1u << 3,
   GV_FMT_INTEGER = 1u << 4,      /* pure integer colour (UINT or SINT channels) */
   GV_FMT_SIGNED = 1u << 5,       /* SINT / SNORM / signed float data */
   GV_FMT_PACKED = 1u << 6,       /* channels packed in one 16/32-bit word (565, 1010102, 11_11_10, 999E5, Z24S8...) */
   GV_FMT_YUV = 1u << 7,          /* video formats: not supported as resources */
   GV_FMT_LUMINANCE = 1u << 8,    /* L, LA */
   GV_FMT_ALPHA = 1u << 9,        /* A only */
   GV_FMT_INTENSITY = 1u << 10,   /* I */
   GV_FMT_AMBIGUOUS = 1u << 11,   /* 259-266: different meanings across releases, never supported */
};

/* Swizzle values: which stored channel feeds R, G, B, A (0-3), or constant 0 (4) / 1 (5). */
enum gv_swizzle { GV_SWZ_X = 0, GV_SWZ_Y, GV_SWZ_Z, GV_SWZ_W, GV_SWZ_0, GV_SWZ_1, GV_SWZ_NONE = 7 };

struct gv_format_desc {
   uint16_t id;               /* VIRGL_FORMAT value */
   const char *name;          /* e.g. "R8G8B8A8_UNORM" */
   uint8_t block_w, block_h;  /* pixels per block */
   uint8_t block_bytes;       /* bytes per block (per pixel for plain formats) */
   uint8_t nr_channels;       /* channels in memory order incl. X padding */
   /* For non-packed formats: channel i occupies bits[i] bits at increasing
    * memory addresses. For packed formats: channel i occupies bits[i] bits
    * starting from the least significant bit of the little-endian word. */
   uint8_t bits[4];
   uint8_t type[4];           /* enum gv_channel_type per memory channel */
   /* For each logical component R,G,B,A: the memory channel it comes from,
    * or GV_SWZ_0/GV_SWZ_1. For depth/stencil formats: [0] = depth channel,
    * [1] = stencil channel (GV_SWZ_NONE where absent). */
   uint8_t swizzle[4];
   uint16_t flags;            /* enum gv_format_flags */
};

/* NULL for values that are out of range, gaps, NONE, or ambiguous ones. */
const struct gv_format_desc *gv_format_get(uint32_t format);

/* Name for messages, valid for any value ("FORMAT_123" style for unknown ones). */
const char *gv_format_name(uint32_t format);

static inline bool gv_format_is_depth_or_stencil(const struct gv_format_desc *d)
{
   return d->flags & (GV_FMT_DEPTH | GV_FMT_STENCIL);
}

/* Number of blocks covering `pixels` pixels along x / y. */
static inline uint32_t gv_format_nblocksx(const struct gv_format_desc *d, uint32_t pixels)
{
   return pixels / d->block_w + (pixels % d->block_w != 0);
}

static inline uint32_t gv_format_nblocksy(const struct gv_format_desc *d, uint32_t pixels)
{
   return pixels / d->block_h + (pixels % d->block_h != 0);
}

#endif
