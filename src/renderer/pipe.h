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

/* ---- draw state (commands.md 2.x, 3.x; enums in 4.x) ---- */

#define GV_MAX_RT 8
#define GV_MAX_VERTEX_ELEMENTS 32
#define GV_MAX_VERTEX_BUFFERS 32
#define GV_MAX_SAMPLER_VIEWS 128
#define GV_MAX_SAMPLERS 32
#define GV_MAX_CONST_BUFFERS 32
#define GV_MAX_STAGES 6
#define GV_MAX_CONST_DWORDS (4096u * 4u)   /* 64 KiB of default-block constants per stage */

struct gv_blend_rt {
   bool blend_enable;
   uint8_t rgb_func, rgb_src, rgb_dst, alpha_func, alpha_src, alpha_dst, colormask;
};
struct gv_blend_state {
   bool independent, logicop_enable, dither, alpha_to_coverage, alpha_to_one;
   uint8_t logicop_func;
   struct gv_blend_rt rt[GV_MAX_RT];
};

struct gv_rasterizer_state {
   uint32_t s0;                     /* the bit field of commands.md 3.2, decoded by users */
   bool flatshade, depth_clip, clip_halfz, discard, flatshade_first, light_twoside;
   bool scissor, front_ccw, offset_line, offset_point, offset_tri, point_size_per_vertex;
   bool multisample, line_smooth, poly_smooth, point_quad_rasterization;
   bool poly_stipple, sprite_coord_lower_left;
   uint8_t cull_face, fill_front, fill_back;
   float point_size, line_width, offset_units, offset_scale, offset_clamp;
   uint32_t sprite_coord_enable;
   uint8_t clip_plane_enable;
};

struct gv_stencil_state {
   bool enabled;
   uint8_t func, fail_op, zpass_op, zfail_op, valuemask, writemask;
};
struct gv_dsa_state {
   bool depth_enabled, depth_writemask, alpha_enabled;
   uint8_t depth_func, alpha_func;
   struct gv_stencil_state stencil[2];
   float alpha_ref;
};

struct gv_vertex_element {
   uint32_t src_offset, instance_divisor, buffer, format;
};
struct gv_vertex_elements_state {
   uint32_t count;
   struct gv_vertex_element el[GV_MAX_VERTEX_ELEMENTS];
};

struct gv_sampler_view_info {
   uint32_t handle, res, format;
   uint32_t target;                 /* pipe_texture_target + ... 0 = the resource's target (no TEXTURE_VIEW cap) */
   uint32_t first_layer, last_layer, first_level, last_level;  /* textures */
   uint32_t first_element, last_element;                       /* buffers (same dwords) */
   uint8_t swizzle[4];
};

struct gv_sampler_state {
   uint8_t wrap[3], min_img_filter, min_mip_filter, mag_img_filter;
   bool compare_mode, seamless_cube_map;
   uint8_t compare_func, max_anisotropy;
   float lod_bias, min_lod, max_lod;
   uint32_t border_color[4];
};

struct gv_viewport {
   float scale[3], translate[3];
};
struct gv_scissor {
   uint16_t minx, miny, maxx, maxy;
};

struct gv_vertex_buffer {
   uint32_t stride, offset, res;
};

struct gv_draw_info {
   uint32_t start, count, mode, instance_count, start_instance, restart_index;
   int32_t index_bias;
   bool indexed, primitive_restart;
   uint32_t min_index, max_index, count_from_so, vertices_per_patch, drawid;
   /* Indirect draws (DRAW_VBO of 20 dwords): commands read from a buffer. */
   uint32_t indirect_res;           /* 0 = direct */
   uint32_t indirect_offset;        /* bytes to the first command */
   uint32_t indirect_stride;        /* bytes between commands (0: tightly packed) */
   uint32_t indirect_draw_count;    /* commands, or the most of them with a count buffer */
   uint32_t indirect_count_offset;  /* bytes to the uint32 count in the count buffer */
   uint32_t indirect_count_res;     /* 0 = no count buffer */
};

/* ---- queries (commands.md 2.19, 2.24, 2.38, 3.10) ---- */

enum gv_query_type {
   GV_QUERY_OCCLUSION_COUNTER = 0,
   GV_QUERY_OCCLUSION_PREDICATE = 1,
   GV_QUERY_TIMESTAMP = 2,
   GV_QUERY_TIMESTAMP_DISJOINT = 3,
   GV_QUERY_TIME_ELAPSED = 4,
   GV_QUERY_PRIMITIVES_GENERATED = 5,
   GV_QUERY_PRIMITIVES_EMITTED = 6,
   GV_QUERY_SO_STATISTICS = 7,
   GV_QUERY_SO_OVERFLOW_PREDICATE = 8,
   GV_QUERY_GPU_FINISHED = 9,
   GV_QUERY_PIPELINE_STATISTICS = 10,
   GV_QUERY_OCCLUSION_PREDICATE_CONSERVATIVE = 11,
   GV_QUERY_SO_OVERFLOW_ANY_PREDICATE = 12,
   GV_QUERY_TYPE_COUNT
};

struct gv_query_info {
   uint32_t handle;
   uint32_t type;                   /* enum gv_query_type (unchecked) */
   uint32_t index;                  /* stream or statistic */
   uint32_t offset;                 /* bytes into the result buffer */
   uint32_t res;                    /* result buffer resource */
};

struct gv_query_qbo_info {
   uint32_t handle, res;
   bool wait;
   uint32_t result_type;            /* 0 I32, 1 U32, 2 I64, 3 U64 */
   uint32_t offset;
   int32_t index;                   /* -1: availability instead of the result */
};

#define GV_MAX_SO_TARGETS 4    /* caps max_streamout_buffers */
#define GV_MAX_VERTEX_STREAMS 4   /* geometry shader streams (caps TRANSFORM_FEEDBACK3) */

/* ---- shader buffers, images, compute (commands.md 2.30-2.33) ---- */

#define GV_MAX_SHADER_BUFFERS 32
#define GV_MAX_SHADER_IMAGES 32

struct gv_shader_buffer_info {
   uint32_t offset, size, res;      /* bytes; res 0 = unbind */
};

struct gv_shader_image_info {
   uint32_t format;                 /* VIRGL_FORMAT the shader sees */
   uint32_t access;                 /* PIPE_IMAGE_ACCESS_READ 1 | WRITE 2 */
   uint32_t a, b;                   /* buffers: offset, size; textures: layers (lo16 first, hi16 last), level */
   uint32_t res;                    /* 0 = unbind */
};

struct gv_launch_grid_info {
   uint32_t block[3], grid[3];
   uint32_t indirect_res;           /* 0 = direct: grid[] */
   uint32_t indirect_offset;        /* bytes to three uint32 group counts */
};

struct gv_pipe_ops {
   int (*create_sub_ctx)(void *pipe, uint32_t id);
   int (*destroy_sub_ctx)(void *pipe, uint32_t id);
   int (*set_sub_ctx)(void *pipe, uint32_t id);

   int (*create_surface)(void *pipe, const struct gv_surface_info *info);
   int (*create_shader)(void *pipe, const struct gv_shader_chunk_info *info);
   int (*create_blend)(void *pipe, uint32_t handle, const struct gv_blend_state *s);
   int (*create_rasterizer)(void *pipe, uint32_t handle, const struct gv_rasterizer_state *s);
   int (*create_dsa)(void *pipe, uint32_t handle, const struct gv_dsa_state *s);
   int (*create_vertex_elements)(void *pipe, uint32_t handle, const struct gv_vertex_elements_state *s);
   int (*create_sampler_view)(void *pipe, const struct gv_sampler_view_info *info);
   int (*create_sampler_state)(void *pipe, uint32_t handle, const struct gv_sampler_state *s);
   /* BIND_OBJECT of BLEND / RASTERIZER / DSA / VERTEX_ELEMENTS; 0 unbinds. */
   int (*bind_object)(void *pipe, uint32_t type, uint32_t handle);
   int (*bind_shader)(void *pipe, uint32_t handle, uint32_t stage);
   int (*set_viewports)(void *pipe, uint32_t start, uint32_t count, const struct gv_viewport *vp);
   int (*set_scissors)(void *pipe, uint32_t start, uint32_t count, const struct gv_scissor *sc);
   int (*set_vertex_buffers)(void *pipe, uint32_t count, const struct gv_vertex_buffer *vb);
   int (*set_index_buffer)(void *pipe, uint32_t res, uint32_t index_size, uint32_t offset);
   /* Default-block constants of a stage (index 0); count 0 unbinds slot `index`. */
   int (*set_constant_buffer)(void *pipe, uint32_t stage, uint32_t index, const uint32_t *data,
                              uint32_t count);
   int (*set_uniform_buffer)(void *pipe, uint32_t stage, uint32_t index, uint32_t offset,
                             uint32_t length, uint32_t res);
   int (*set_sampler_views)(void *pipe, uint32_t stage, uint32_t start, uint32_t count,
                            const uint32_t *handles);
   int (*bind_sampler_states)(void *pipe, uint32_t stage, uint32_t start, uint32_t count,
                              const uint32_t *handles);
   int (*set_stencil_ref)(void *pipe, uint8_t front, uint8_t back);
   int (*set_blend_color)(void *pipe, const float color[4]);
   int (*set_sample_mask)(void *pipe, uint32_t mask);
   int (*set_clip_state)(void *pipe, const float planes[8][4]);
   int (*set_polygon_stipple)(void *pipe, const uint32_t rows[32]);
   /* Sample shading: at least this many samples shaded per fragment (1 = off). */
   int (*set_min_samples)(void *pipe, uint32_t min_samples);
   /* Tessellation levels for draws without a TCS: outer[4] then inner[2]. */
   int (*set_tess_state)(void *pipe, const float levels[6]);
   int (*draw_vbo)(void *pipe, const struct gv_draw_info *info);
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

   int (*create_query)(void *pipe, const struct gv_query_info *info);
   int (*begin_query)(void *pipe, uint32_t handle);
   int (*end_query)(void *pipe, uint32_t handle);
   /* Makes the result visible in the result buffer's guest memory. */
   int (*get_query_result)(void *pipe, uint32_t handle, bool wait);
   int (*get_query_result_qbo)(void *pipe, const struct gv_query_qbo_info *info);
   /* handle 0 disables; `condition`: draw when the result is false. */
   int (*set_render_condition)(void *pipe, uint32_t handle, bool condition, uint32_t mode);

   /* Stream output (commands.md 2.23, 3.11). */
   int (*create_so_target)(void *pipe, uint32_t handle, uint32_t res, uint32_t offset,
                           uint32_t size);
   /* Binds targets 0..count-1 (handle 0 = none); each appends where its
    * previous recording stopped (append_mask is ignored: see streamout.c). */
   int (*set_so_targets)(void *pipe, uint32_t append_mask, uint32_t count,
                         const uint32_t *handles);

   int (*set_shader_buffers)(void *pipe, uint32_t stage, uint32_t start, uint32_t count,
                             const struct gv_shader_buffer_info *b);
   int (*set_shader_images)(void *pipe, uint32_t stage, uint32_t start, uint32_t count,
                            const struct gv_shader_image_info *img);
   /* PIPE_BARRIER_* / PIPE_TEXTURE_BARRIER_* flags. */
   int (*memory_barrier)(void *pipe, uint32_t flags);
   int (*texture_barrier)(void *pipe, uint32_t flags);
   int (*launch_grid)(void *pipe, const struct gv_launch_grid_info *info);
};

#endif
