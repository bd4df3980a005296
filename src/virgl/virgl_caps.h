/* The capability sets a guest reads (capset 1 = v1, 308 bytes; capset 2 = v2,
 * 1376 bytes as Mesa 22.3 reads it). Layout from ../shared/protocol/caps.md;
 * the static asserts pin every offset the guest depends on. */
#ifndef GLVIRT_VIRGL_CAPS_H
#define GLVIRT_VIRGL_CAPS_H

#include <stddef.h>
#include <stdint.h>

#define GV_FORMAT_MASK_WORDS 16

struct gv_format_mask {
   uint32_t bits[GV_FORMAT_MASK_WORDS];
};

static inline void gv_format_mask_set(struct gv_format_mask *m, uint32_t fmt)
{
   if (fmt < 32 * GV_FORMAT_MASK_WORDS)
      m->bits[fmt / 32] |= 1u << (fmt % 32);
}

static inline int gv_format_mask_has(const struct gv_format_mask *m, uint32_t fmt)
{
   return fmt < 32 * GV_FORMAT_MASK_WORDS && (m->bits[fmt / 32] >> (fmt % 32)) & 1u;
}

struct gv_caps_v1 {
   uint32_t max_version;
   struct gv_format_mask sampler;
   struct gv_format_mask render;
   struct gv_format_mask depthstencil;
   struct gv_format_mask vertexbuffer;
   uint32_t bset;
   uint32_t glsl_level;
   uint32_t max_texture_array_layers;
   uint32_t max_streamout_buffers;
   uint32_t max_dual_source_render_targets;
   uint32_t max_render_targets;
   uint32_t max_samples;
   uint32_t prim_mask;
   uint32_t max_tbo_size;
   uint32_t max_uniform_blocks;
   uint32_t max_viewports;
   uint32_t max_texture_gather_components;
};

struct gv_caps_v2 {
   struct gv_caps_v1 v1;
   float min_aliased_point_size;
   float max_aliased_point_size;
   float min_smooth_point_size;
   float max_smooth_point_size;
   float min_aliased_line_width;
   float max_aliased_line_width;
   float min_smooth_line_width;
   float max_smooth_line_width;
   float max_texture_lod_bias;
   uint32_t max_geom_output_vertices;
   uint32_t max_geom_total_output_components;
   uint32_t max_vertex_outputs;
   uint32_t max_vertex_attribs;
   uint32_t max_shader_patch_varyings;
   int32_t min_texel_offset;
   int32_t max_texel_offset;
   int32_t min_texture_gather_offset;
   int32_t max_texture_gather_offset;
   uint32_t texture_buffer_offset_alignment;
   uint32_t uniform_buffer_offset_alignment;
   uint32_t shader_buffer_offset_alignment;
   uint32_t capability_bits;
   uint32_t sample_locations[8];
   uint32_t max_vertex_attrib_stride;
   uint32_t max_shader_buffer_frag_compute;
   uint32_t max_shader_buffer_other_stages;
   uint32_t max_shader_image_frag_compute;
   uint32_t max_shader_image_other_stages;
   uint32_t max_image_samples;
   uint32_t max_compute_work_group_invocations;
   uint32_t max_compute_shared_memory_size;
   uint32_t max_compute_grid_size[3];
   uint32_t max_compute_block_size[3];
   uint32_t max_texture_2d_size;
   uint32_t max_texture_3d_size;
   uint32_t max_texture_cube_size;
   uint32_t max_combined_shader_buffers;
   uint32_t max_atomic_counters[6];
   uint32_t max_atomic_counter_buffers[6];
   uint32_t max_combined_atomic_counters;
   uint32_t max_combined_atomic_counter_buffers;
   uint32_t host_feature_check_version;
   struct gv_format_mask supported_readback_formats;
   struct gv_format_mask scanout;
   uint32_t capability_bits_v2;
   uint32_t max_video_memory;
   char renderer[64];
   float max_anisotropy;
   uint32_t max_shader_sampler_views;
   struct gv_format_mask supported_multisample_formats;
   uint32_t max_const_buffer_size[6];
   uint32_t num_video_caps;
   uint32_t video_caps[32][4];
   uint32_t max_uniform_block_size;
};

#define GV_CAPS_V1_SIZE 308u
#define GV_CAPS_V2_SIZE 1376u

_Static_assert(sizeof(struct gv_caps_v1) == GV_CAPS_V1_SIZE, "caps v1 size");
_Static_assert(sizeof(struct gv_caps_v2) == GV_CAPS_V2_SIZE, "caps v2 size");
_Static_assert(offsetof(struct gv_caps_v1, bset) == 260, "bset");
_Static_assert(offsetof(struct gv_caps_v1, max_texture_gather_components) == 304, "gather");
_Static_assert(offsetof(struct gv_caps_v2, capability_bits) == 392, "capability_bits");
_Static_assert(offsetof(struct gv_caps_v2, max_vertex_attrib_stride) == 428, "attrib stride");
_Static_assert(offsetof(struct gv_caps_v2, max_texture_2d_size) == 484, "2d size");
_Static_assert(offsetof(struct gv_caps_v2, host_feature_check_version) == 556, "hfcv");
_Static_assert(offsetof(struct gv_caps_v2, supported_readback_formats) == 560, "readback");
_Static_assert(offsetof(struct gv_caps_v2, capability_bits_v2) == 688, "caps v2 bits");
_Static_assert(offsetof(struct gv_caps_v2, renderer) == 696, "renderer");
_Static_assert(offsetof(struct gv_caps_v2, max_shader_sampler_views) == 764, "sampler views");
_Static_assert(offsetof(struct gv_caps_v2, supported_multisample_formats) == 768, "ms formats");
_Static_assert(offsetof(struct gv_caps_v2, max_const_buffer_size) == 832, "const size");
_Static_assert(offsetof(struct gv_caps_v2, max_uniform_block_size) == 1372, "ubo size");

/* bset bits (caps.md 2.3). */
enum gv_bset {
   GV_BSET_INDEP_BLEND_ENABLE = 1u << 0,
   GV_BSET_INDEP_BLEND_FUNC = 1u << 1,
   GV_BSET_CUBE_MAP_ARRAY = 1u << 2,
   GV_BSET_SHADER_STENCIL_EXPORT = 1u << 3,
   GV_BSET_CONDITIONAL_RENDER = 1u << 4,
   GV_BSET_START_INSTANCE = 1u << 5,
   GV_BSET_PRIMITIVE_RESTART = 1u << 6,
   GV_BSET_BLEND_EQ_SEP = 1u << 7,
   GV_BSET_INSTANCEID = 1u << 8,
   GV_BSET_VERTEX_ELEMENT_INSTANCE_DIVISOR = 1u << 9,
   GV_BSET_SEAMLESS_CUBE_MAP = 1u << 10,
   GV_BSET_OCCLUSION_QUERY = 1u << 11,
   GV_BSET_TIMER_QUERY = 1u << 12,
   GV_BSET_STREAMOUT_PAUSE_RESUME = 1u << 13,
   GV_BSET_TEXTURE_MULTISAMPLE = 1u << 14,
   GV_BSET_FRAGMENT_COORD_CONVENTIONS = 1u << 15,
   GV_BSET_DEPTH_CLIP_DISABLE = 1u << 16,
   GV_BSET_SEAMLESS_CUBE_MAP_PER_TEXTURE = 1u << 17,
   GV_BSET_UBO = 1u << 18,
   GV_BSET_COLOR_CLAMPING = 1u << 19,
   GV_BSET_POLY_STIPPLE = 1u << 20,
   GV_BSET_MIRROR_CLAMP = 1u << 21,
   GV_BSET_TEXTURE_QUERY_LOD = 1u << 22,
   GV_BSET_HAS_FP64 = 1u << 23,
   GV_BSET_HAS_TESSELLATION_SHADERS = 1u << 24,
   GV_BSET_HAS_INDIRECT_DRAW = 1u << 25,
   GV_BSET_HAS_SAMPLE_SHADING = 1u << 26,
   GV_BSET_HAS_CULL = 1u << 27,
   GV_BSET_CONDITIONAL_RENDER_INVERTED = 1u << 28,
   GV_BSET_DERIVATIVE_CONTROL = 1u << 29,
   GV_BSET_POLYGON_OFFSET_CLAMP = 1u << 30,
   GV_BSET_TRANSFORM_FEEDBACK_OVERFLOW_QUERY = 1u << 31,
};

/* capability_bits_v2 (caps.md 2.5). */
enum gv_cap2 {
   GV_CAP2_BLEND_EQUATION = 1u << 0,
};

/* capability_bits (caps.md 2.4). */
enum gv_cap {
   GV_CAP_TGSI_INVARIANT = 1u << 0,
   GV_CAP_TEXTURE_VIEW = 1u << 1,
   GV_CAP_SET_MIN_SAMPLES = 1u << 2,
   GV_CAP_COPY_IMAGE = 1u << 3,
   GV_CAP_TGSI_PRECISE = 1u << 4,
   GV_CAP_TXQS = 1u << 5,
   GV_CAP_MEMORY_BARRIER = 1u << 6,
   GV_CAP_COMPUTE_SHADER = 1u << 7,
   GV_CAP_FB_NO_ATTACH = 1u << 8,
   GV_CAP_ROBUST_BUFFER_ACCESS = 1u << 9,
   GV_CAP_TGSI_FBFETCH = 1u << 10,
   GV_CAP_SHADER_CLOCK = 1u << 11,
   GV_CAP_TEXTURE_BARRIER = 1u << 12,
   GV_CAP_TGSI_COMPONENTS = 1u << 13,
   GV_CAP_GUEST_MAY_INIT_LOG = 1u << 14,
   GV_CAP_SRGB_WRITE_CONTROL = 1u << 15,
   GV_CAP_QBO = 1u << 16,
   GV_CAP_TRANSFER = 1u << 17,
   GV_CAP_FBO_MIXED_COLOR_FORMATS = 1u << 18,
   GV_CAP_HOST_IS_GLES = 1u << 19,
   GV_CAP_BIND_COMMAND_ARGS = 1u << 20,
   GV_CAP_MULTI_DRAW_INDIRECT = 1u << 21,
   GV_CAP_INDIRECT_PARAMS = 1u << 22,
   GV_CAP_TRANSFORM_FEEDBACK3 = 1u << 23,
   GV_CAP_3D_ASTC = 1u << 24,
   GV_CAP_INDIRECT_INPUT_ADDR = 1u << 25,
   GV_CAP_COPY_TRANSFER = 1u << 26,
   GV_CAP_CLIP_HALFZ = 1u << 27,
   GV_CAP_APP_TWEAK_SUPPORT = 1u << 28,
   GV_CAP_BGRA_SRGB_IS_EMULATED = 1u << 29,
   GV_CAP_CLEAR_TEXTURE = 1u << 30,
   GV_CAP_ARB_BUFFER_STORAGE = 1u << 31,
};

#endif
