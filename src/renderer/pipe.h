/* The Gallium-like interface between the command-stream decoder and the
 * renderer core: one plain C struct per command, one function per command.
 * The decoder guarantees only wire-level facts (lengths, field extraction);
 * every handle, format, box and enum is validated on the other side.
 * Ops return GV_OK or a negative gv_status after logging why. */
#ifndef GLVIRT_RENDERER_PIPE_H
#define GLVIRT_RENDERER_PIPE_H

#include <stdint.h>

#include "renderer/renderer.h"

struct gv_surface_info {
   uint32_t handle;        /* object handle of the new surface */
   uint32_t res;           /* resource handle */
   uint32_t format;        /* VIRGL_FORMAT of the view */
   uint32_t level;
   uint32_t first_layer, last_layer;
};

struct gv_framebuffer_info {
   uint32_t nr_cbufs;      /* <= GV_MAX_COLOR_BUFS, checked by the decoder */
   uint32_t zsurf;         /* surface handle, 0 = none */
   uint32_t cbufs[8];      /* surface handles, 0 = hole */
};

struct gv_framebuffer_no_attach_info {
   uint32_t width, height, layers, samples;
};

struct gv_clear_info {
   uint32_t buffers;       /* GV_CLEAR_* */
   union { float f[4]; int32_t i[4]; uint32_t u[4]; } color;
   double depth;
   uint32_t stencil;
};

struct gv_clear_texture_info {
   uint32_t res, level;
   struct gv_box box;
   uint32_t data[4];       /* one texel in the resource's format */
};

struct gv_copy_region_info {
   uint32_t dst_res, dst_level;
   uint32_t dst_x, dst_y, dst_z;
   uint32_t src_res, src_level;
   struct gv_box src_box;
};

struct gv_blit_side {
   uint32_t res, level, format;
   struct gv_box box;      /* w/h may be negative (mirror) */
};

struct gv_blit_info {
   uint32_t mask;          /* GV_MASK_* */
   uint32_t filter;        /* 0 nearest, 1 linear */
   uint32_t scissor_enable;
   uint32_t render_condition_enable;
   uint32_t alpha_blend;
   uint32_t scissor_minx, scissor_miny, scissor_maxx, scissor_maxy;
   struct gv_blit_side dst, src;
};

/* TRANSFER3D and RESOURCE_INLINE_WRITE. */
struct gv_transfer_info {
   uint32_t res, level;
   uint32_t stride, layer_stride;   /* 0 = the level's implied guest stride */
   struct gv_box box;
   uint64_t offset;                 /* byte offset in the resource's backing store */
   uint32_t direction;              /* GV_TRANSFER_TO_HOST / GV_TRANSFER_FROM_HOST */
};

struct gv_copy_transfer_info {
   uint32_t dst_res, level;
   uint32_t stride, layer_stride;   /* of the source data; 0 = implied */
   struct gv_box box;
   uint32_t src_res;                /* staging buffer whose backing holds the data */
   uint64_t src_offset;
   uint32_t flags;                  /* GV_COPY_TRANSFER_* */
};

struct gv_inline_write_info {
   uint32_t res, level;
   uint32_t stride, layer_stride;
   struct gv_box box;
   const void *data;
   uint32_t size;                   /* bytes available at data */
};

/* One CREATE_OBJECT(SHADER) command: a whole shader or one chunk of its
 * TGSI text (commands.md 3.4). */
#define GV_MAX_SO_OUTPUTS 64
struct gv_so_output {
   uint8_t register_index, start_component, num_components, output_buffer;
   uint16_t dst_offset;
   uint8_t stream;
};
struct gv_shader_chunk_info {
   uint32_t handle, stage;          /* virgl stage numbering: 0 VS 1 FS 2 GS 3 TCS 4 TES 5 CS */
   bool continuation;
   uint32_t total_len;              /* first chunk: text bytes incl. NUL */
   uint32_t offset;                 /* continuation: byte offset of this chunk */
   uint32_t num_tokens;
   uint32_t req_local_mem;          /* compute */
   uint32_t so_num_outputs;         /* first chunk only */
   uint32_t so_stride[4];
   struct gv_so_output so[GV_MAX_SO_OUTPUTS];
   const char *text;                /* this chunk's bytes (not NUL-terminated) */
   uint32_t text_len;
};

struct gv_pipe_ops {
   int (*create_sub_ctx)(void *pipe, uint32_t id);
   int (*destroy_sub_ctx)(void *pipe, uint32_t id);
   int (*set_sub_ctx)(void *pipe, uint32_t id);

   int (*create_surface)(void *pipe, const struct gv_surface_info *info);
   int (*create_shader)(void *pipe, const struct gv_shader_chunk_info *info);
   /* Removes an object of any type from the current sub-context. */
   int (*destroy_object)(void *pipe, uint32_t handle);

   int (*set_framebuffer_state)(void *pipe, const struct gv_framebuffer_info *info);
   int (*set_framebuffer_no_attach)(void *pipe, const struct gv_framebuffer_no_attach_info *info);

   int (*clear)(void *pipe, const struct gv_clear_info *info);
   int (*clear_texture)(void *pipe, const struct gv_clear_texture_info *info);
   int (*resource_copy_region)(void *pipe, const struct gv_copy_region_info *info);
   int (*blit)(void *pipe, const struct gv_blit_info *info);
   int (*transfer3d)(void *pipe, const struct gv_transfer_info *info);
   int (*copy_transfer3d)(void *pipe, const struct gv_copy_transfer_info *info);
   int (*inline_write)(void *pipe, const struct gv_inline_write_info *info);
};

#endif
