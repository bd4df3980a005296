/* Everything that differs between a desktop GL core host and a GLES host,
 * gathered in one place (sokol_gfx style): filled once from the live context,
 * then read by the format table, the backend and the caps builder. Nothing
 * else in the tree asks "is this GLES?" by itself. */
#ifndef GLVIRT_GL_HOSTAPI_H
#define GLVIRT_GL_HOSTAPI_H

#include <stdbool.h>
#include <stdint.h>
#include <epoxy/gl.h>

struct gv_hostapi {
   bool gles;
   int version;                 /* major * 10 + minor, e.g. 45 or 32 */
   char version_string[128];
   char renderer_string[128];
   char vendor_string[128];

   /* Texture storage and targets. */
   bool tex_storage;            /* glTexStorage* (GL 4.2 / ES 3.0) */
   bool tex_1d;                 /* 1D and 1D-array targets (GL only; GLES stores them as 2D) */
   bool tex_rect;               /* GL_TEXTURE_RECTANGLE (GL only) */
   bool tex_buffer;             /* buffer textures */
   bool tex_buffer_range;       /* glTexBufferRange (GL 4.3, ARB_texture_buffer_range, ES 3.2) */
   bool tex_cube_array;
   bool shader_precise;         /* GLSL precise (GL 4.0 / ARB_gpu_shader5, ES 3.2 / EXT_gpu_shader5) */
   bool tex_multisample;        /* 2D multisample textures */
   bool tex_multisample_array;
   bool tex_border_clamp;       /* GL, or EXT/OES_texture_border_clamp */
   bool tex_swizzle;            /* GL 3.3 / ES 3.0 */
   bool tex_view;               /* GL 4.3 / OES/EXT_texture_view */

   /* Formats. */
   bool bgra8;                  /* BGRA8 storage (EXT_texture_format_BGRA8888 on GLES; GL: via upload format only) */
   bool norm16;                 /* 16-bit normalized formats (GL, or EXT_texture_norm16) */
   bool render_snorm;           /* render to and read back snorm colour (GL, or EXT_render_snorm) */
   bool snorm_read_by_copy;     /* glReadPixels clamps snorm to [0, 1] (probed): copy into an integer twin first */
   bool color_buffer_float;     /* render to 32/16-bit float (GL, or EXT_color_buffer_float) */
   bool color_buffer_half_float;
   bool s3tc;
   bool s3tc_srgb;              /* sRGB DXT formats: s3tc plus EXT_texture_sRGB (GL) or EXT_texture_compression_s3tc_srgb (GLES) */
   bool rgtc;
   bool bptc;
   bool etc2;                   /* ES 3.0 core, GL 4.3 */
   bool astc;
   bool srgb_r8;
   bool srgb_rg8;
   bool srgb_write_control;     /* GL_FRAMEBUFFER_SRGB (GL, or EXT_sRGB_write_control) */
   bool stencil8;               /* GL_STENCIL_INDEX8 textures (GL 4.4, OES_texture_stencil8) */
   bool depth_stencil_texturing;/* DEPTH_STENCIL_TEXTURE_MODE: sample stencil (GL 4.3 / ES 3.1) */

   /* Data paths. */
   bool get_tex_image;          /* glGetTexImage & friends (GL only) */
   bool get_texture_sub_image;  /* glGetTextureSubImage (GL 4.5) */
   bool read_depth;             /* glReadPixels of DEPTH_COMPONENT (GL, or NV_read_depth) */
   bool read_stencil;           /* glReadPixels of STENCIL_INDEX (GL, or NV_read_stencil) */
   bool read_depth_stencil;     /* glReadPixels of DEPTH_STENCIL (GL, or NV_read_depth_stencil) */
   bool read_any_format;        /* glReadPixels takes any format/type combination (GL); GLES only canonical ones */
   bool copy_image;             /* glCopyImageSubData (GL 4.3, ES 3.2, EXT/OES_copy_image) */
   bool clear_texture;          /* glClearTexSubImage (GL 4.4, EXT_clear_texture) */
   bool fb_no_attach;           /* GL_FRAMEBUFFER_DEFAULT_* (GL 4.3, ARB_framebuffer_no_attachments, ES 3.1) */
   bool fb_default_layers;      /* GL_FRAMEBUFFER_DEFAULT_LAYERS (GL, ES 3.2 / EXT/OES_geometry_shader) */
   bool robust_access;          /* the context has robust buffer access with its defined
                                 * behaviour (ARB/KHR_robust_buffer_access_behavior, ES 3.2) */
   bool buffer_storage;
   bool vertex_attrib_binding;  /* glBindVertexBuffer: a stride of 0 is a real 0 (GL 4.3 / ES 3.1) */
   bool vertex_double;          /* GL_DOUBLE vertex attributes (GL only; GLES gets floats converted on the CPU) */
   bool fixed_point_size;       /* glPointSize and GL_PROGRAM_POINT_SIZE (GL); GLES takes gl_PointSize only */
   bool unpack_row_length_compressed; /* GL_UNPACK_COMPRESSED_BLOCK_* (GL 4.2) */
   bool logic_op;               /* glLogicOp (GL only); GLES: emulated with framebuffer fetch */
   bool fb_fetch;               /* EXT_shader_framebuffer_fetch (coherent) */
   bool depth_clamp;            /* GL_DEPTH_CLAMP (GL 3.2, ARB_depth_clamp, EXT_depth_clamp on GLES) */
   bool provoking_vertex;       /* glProvokingVertex (GL 3.2); GLES always takes the last vertex */
   bool lod_bias;               /* GL_TEXTURE_LOD_BIAS sampler parameter (GL only) */
   bool xfb_any_layout;         /* transform feedback with gaps and several buffers per program
                                 * (gl_SkipComponents / gl_NextBuffer: GL 4.0, ARB_transform_feedback3) */
   bool xfb_scatter;            /* GLES: other layouts recorded packed and moved into place by a
                                 * compute shader (ES 3.1; gl_so_scatter.c) */
   bool xfb_streams;            /* geometry shaders recording vertex streams 1..3, indexed
                                 * queries (GL 4.0, ARB_transform_feedback3 + ARB_gpu_shader5) */
   bool prims_generated;        /* GL_PRIMITIVES_GENERATED (GL, ES 3.2, EXT/OES_geometry_shader) */
   bool seamless_toggle;        /* GL_TEXTURE_CUBE_MAP_SEAMLESS (GL 3.2); GLES cube maps are always seamless */
   bool stencil_export;         /* gl_FragStencilRefARB (ARB_shader_stencil_export; GLES has none) */
   bool srgb_decode;            /* GL_TEXTURE_SRGB_DECODE_EXT (EXT_texture_sRGB_decode, GL and GLES) */
   bool timer_query;            /* GL_TIME_ELAPSED / GL_TIMESTAMP (GL 3.3, EXT_disjoint_timer_query) */
   bool occlusion_fs;           /* GLES: occlusion counters counted by the FS (gl_occlusion.c) */
   int reset_query;             /* glGetGraphicsResetStatus: 1 core/KHR, 2 ARB, 3 EXT, 0 none */

   /* Draws and per-sample / per-buffer state (GL 4.0 features of the guest). */
   bool draw_indirect;          /* glDraw*Indirect (GL 4.0, ES 3.1) */
   bool base_instance;          /* glDraw*BaseInstance (GL 4.2, ARB_base_instance, EXT_base_instance on GLES) */
   bool multi_draw_indirect;    /* glMultiDraw*Indirect (GL 4.3, EXT_multi_draw_indirect); else a loop */
   bool indirect_count;         /* glMultiDraw*IndirectCount (GL 4.6, ARB_indirect_parameters); else the count is read back */
   bool draw_buffers_blend;     /* glBlendFuncSeparatei & co (GL 4.0, ES 3.2, OES/EXT_draw_buffers_indexed) */
   bool sample_shading;         /* glMinSampleShading (GL 4.0, ES 3.2, OES_sample_shading) */
   bool tessellation;           /* TCS/TES stages and GL_PATCHES (GL 4.0, ES 3.2, OES/EXT_tessellation_shader) */
   bool patch_default_levels;   /* GL_PATCH_DEFAULT_*_LEVEL for draws without a TCS (GL only) */

   /* Shading language of the guest's GL 4.0 (GL hosts; GLES hosts keep the
    * guest at GLSL 3.30 whatever they have). */
   bool glsl_400;               /* GLSL 4.00 with gpu_shader5 (GL 4.0) */
   bool fp64;                   /* doubles in shaders (GL 4.0, ARB_gpu_shader_fp64) */
   bool texture_query_lod;      /* textureQueryLod (GL 4.0, ARB_texture_query_lod) */
   bool texture_gather;         /* textureGather on every format (GL 4.0, ARB_texture_gather) */
   bool tex_buffer_rgb32;       /* RGB32F/I/UI buffer textures (GL 4.0, ARB_texture_buffer_object_rgb32) */
   bool viewport_array;         /* 16 viewports and scissors picked by gl_ViewportIndex (GL 4.1, ARB_viewport_array) */

   /* GL 4.5 / 4.6 features the guest can have as extensions. */
   bool derivative_control;     /* dFdxFine / dFdxCoarse (GL 4.5, ARB_derivative_control) */
   bool cull_distance;          /* gl_CullDistance (GL 4.5, ARB_cull_distance, EXT_clip_cull_distance) */
   bool texture_barrier;        /* glTextureBarrier (GL 4.5, ARB/NV_texture_barrier) */
   bool blend_advanced;         /* GL_MULTIPLY_KHR & co, glBlendBarrier (KHR_blend_equation_advanced, ES 3.2) */
   float max_anisotropy;        /* GL_MAX_TEXTURE_MAX_ANISOTROPY (GL 4.6, EXT/ARB_texture_filter_anisotropic); 1 = none */

   /* Shader storage buffers, images and compute (the guest's GL 4.2 / 4.3;
    * atomic counters reach the host as storage buffers). */
   bool compute;                /* compute shaders, SSBOs, images, glMemoryBarrier (GL 4.3, ES 3.1) */
   int max_ssbos[6];            /* per virgl stage: GL_MAX_<stage>_SHADER_STORAGE_BLOCKS */
   int max_images[6];           /* per virgl stage: GL_MAX_<stage>_IMAGE_UNIFORMS */
   int max_ssbo_bindings;       /* GL_MAX_SHADER_STORAGE_BUFFER_BINDINGS */
   int max_image_units;         /* GL_MAX_IMAGE_UNITS */
   int ssbo_alignment;          /* GL_SHADER_STORAGE_BUFFER_OFFSET_ALIGNMENT */
   int max_compute_invocations, max_compute_shared;
   int max_compute_grid[3], max_compute_block[3];

   /* Limits. */
   int max_texture_size;
   int max_3d_texture_size;
   int max_cube_map_texture_size;
   int max_array_texture_layers;
   int max_samples;
   int max_color_attachments;
   int max_draw_buffers;
   int max_renderbuffer_size;
   int max_framebuffer_width, max_framebuffer_height;   /* 0 without fb_no_attach */
   int max_framebuffer_layers, max_framebuffer_samples;
   int max_patch_vertices;      /* 0 without tessellation */
   int max_tess_patch_components;
   int max_gather_components;   /* GL_MAX_PROGRAM_TEXTURE_GATHER_COMPONENTS_ARB, 0 without texture_gather */
};

/* Filled from the context current on this thread. `deny` is a comma-separated
 * list of extension names to treat as absent (to exercise fallbacks on hosts
 * that have everything), may be NULL. */
void gv_hostapi_init(struct gv_hostapi *api, const char *deny);

/* GL_NO_ERROR, or the reset the host reports for the current context
 * (GL_GUILTY/INNOCENT/UNKNOWN_CONTEXT_RESET); GL_NO_ERROR when the host
 * cannot tell. */
GLenum gv_hostapi_reset_status(const struct gv_hostapi *api);

/* True when the current context advertises `ext` and it is not denied. */
bool gv_hostapi_has_ext(const char *ext);

#endif
