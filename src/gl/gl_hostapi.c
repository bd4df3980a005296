#include "gl/gl_hostapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <epoxy/gl.h>

#include "util/log.h"
#include "virgl/virgl_protocol.h"

static const char *deny_list;

static bool denied(const char *ext)
{
   if (!deny_list)
      return false;
   size_t n = strlen(ext);
   for (const char *p = deny_list; (p = strstr(p, ext)); p += n) {
      bool start = p == deny_list || p[-1] == ',' || p[-1] == ' ';
      bool end = p[n] == '\0' || p[n] == ',' || p[n] == ' ';
      if (start && end)
         return true;
   }
   return false;
}

bool gv_hostapi_has_ext(const char *ext)
{
   return !denied(ext) && epoxy_has_gl_extension(ext);
}

static int get_int(GLenum pname)
{
   GLint v = 0;
   glGetIntegerv(pname, &v);
   return v;
}

static void copy_string(char *dst, size_t size, GLenum name)
{
   const char *s = (const char *)glGetString(name);
   snprintf(dst, size, "%s", s ? s : "(unknown)");
}

/* EXT_render_snorm asks glReadPixels to keep negative snorm values, yet Mesa
 * 22 clamps them to 0 on GLES (it counts snorm buffers as fixed point for
 * CLAMP_READ_COLOR, which GLES cannot switch off). Asked of the host itself,
 * by clearing a 1x1 RGBA8_SNORM buffer to -1 and reading it back. */
static bool snorm_read_clamps(void)
{
   GLuint tex = 0, fbo = 0;
   GLint old_read = 0, old_draw = 0, old_tex = 0;
   glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &old_read);
   glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &old_draw);
   glGetIntegerv(GL_TEXTURE_BINDING_2D, &old_tex);
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8_SNORM, 1, 1);
   glGenFramebuffers(1, &fbo);
   glBindFramebuffer(GL_FRAMEBUFFER, fbo);
   glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
   GLbyte px[4] = { 0, 0, 0, 0 };
   if (glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) {
      static const GLfloat minus_one[4] = { -1.0f, -1.0f, -1.0f, -1.0f };
      glClearBufferfv(GL_COLOR, 0, minus_one);
      glReadPixels(0, 0, 1, 1, GL_RGBA, GL_BYTE, px);
   }
   glBindFramebuffer(GL_READ_FRAMEBUFFER, (GLuint)old_read);
   glBindFramebuffer(GL_DRAW_FRAMEBUFFER, (GLuint)old_draw);
   glBindTexture(GL_TEXTURE_2D, (GLuint)old_tex);
   glDeleteFramebuffers(1, &fbo);
   glDeleteTextures(1, &tex);
   return px[0] >= 0;
}

/* Per-stage limits in virgl stage order (VS, FS, GS, TCS, TES, CS). */
static void query_compute_limits(struct gv_hostapi *api)
{
   static const GLenum ssbos[6] = {
      GL_MAX_VERTEX_SHADER_STORAGE_BLOCKS, GL_MAX_FRAGMENT_SHADER_STORAGE_BLOCKS,
      GL_MAX_GEOMETRY_SHADER_STORAGE_BLOCKS, GL_MAX_TESS_CONTROL_SHADER_STORAGE_BLOCKS,
      GL_MAX_TESS_EVALUATION_SHADER_STORAGE_BLOCKS, GL_MAX_COMPUTE_SHADER_STORAGE_BLOCKS,
   };
   static const GLenum images[6] = {
      GL_MAX_VERTEX_IMAGE_UNIFORMS, GL_MAX_FRAGMENT_IMAGE_UNIFORMS, GL_MAX_GEOMETRY_IMAGE_UNIFORMS,
      GL_MAX_TESS_CONTROL_IMAGE_UNIFORMS, GL_MAX_TESS_EVALUATION_IMAGE_UNIFORMS,
      GL_MAX_COMPUTE_IMAGE_UNIFORMS,
   };
   for (int s = 0; s < 6; s++) {
      /* Stages the host lacks report errors and count as none. */
      api->max_ssbos[s] = get_int(ssbos[s]);
      api->max_images[s] = get_int(images[s]);
   }
   api->max_ssbo_bindings = get_int(GL_MAX_SHADER_STORAGE_BUFFER_BINDINGS);
   api->max_image_units = get_int(GL_MAX_IMAGE_UNITS);
   api->ssbo_alignment = get_int(GL_SHADER_STORAGE_BUFFER_OFFSET_ALIGNMENT);
   api->max_compute_invocations = get_int(GL_MAX_COMPUTE_WORK_GROUP_INVOCATIONS);
   api->max_compute_shared = get_int(GL_MAX_COMPUTE_SHARED_MEMORY_SIZE);
   for (GLuint i = 0; i < 3; i++) {
      GLint v = 0;
      glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_COUNT, i, &v);
      api->max_compute_grid[i] = v;
      v = 0;
      glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_SIZE, i, &v);
      api->max_compute_block[i] = v;
   }
}

void gv_hostapi_init(struct gv_hostapi *api, const char *deny)
{
   memset(api, 0, sizeof(*api));
   deny_list = deny;

   api->gles = !epoxy_is_desktop_gl();
   api->version = epoxy_gl_version();
   copy_string(api->version_string, sizeof(api->version_string), GL_VERSION);
   copy_string(api->renderer_string, sizeof(api->renderer_string), GL_RENDERER);
   copy_string(api->vendor_string, sizeof(api->vendor_string), GL_VENDOR);

   const int v = api->version;
   const bool gl = !api->gles;
#define EXT(name) gv_hostapi_has_ext(name)

   api->tex_storage = gl ? (v >= 42 || EXT("GL_ARB_texture_storage")) : true;
   api->tex_1d = gl;
   api->tex_rect = gl;
   api->tex_buffer = gl ? true : (v >= 32 || EXT("GL_OES_texture_buffer") || EXT("GL_EXT_texture_buffer"));
   api->xfb_any_layout = gl && (v >= 40 || EXT("GL_ARB_transform_feedback3"));
   api->xfb_scatter = !gl && v >= 31;
   api->xfb_streams = gl && (v >= 40 || (EXT("GL_ARB_transform_feedback3") && EXT("GL_ARB_gpu_shader5")));
   api->prims_generated = gl || v >= 32 || EXT("GL_EXT_geometry_shader") || EXT("GL_OES_geometry_shader");
   api->tex_buffer_range = gl ? (v >= 43 || EXT("GL_ARB_texture_buffer_range")) : v >= 32;
   api->tex_cube_array = gl ? (v >= 40 || EXT("GL_ARB_texture_cube_map_array"))
                            : (v >= 32 || EXT("GL_OES_texture_cube_map_array") || EXT("GL_EXT_texture_cube_map_array"));
   api->shader_precise = gl ? (v >= 40 || EXT("GL_ARB_gpu_shader5"))
                            : (v >= 32 || EXT("GL_EXT_gpu_shader5"));
   api->tex_multisample = gl ? (v >= 43 || EXT("GL_ARB_texture_storage_multisample")) : v >= 31;
   api->tex_multisample_array = gl ? (v >= 43 || EXT("GL_ARB_texture_storage_multisample"))
                                   : (v >= 32 || EXT("GL_OES_texture_storage_multisample_2d_array"));
   api->tex_border_clamp = gl || v >= 32 || EXT("GL_OES_texture_border_clamp") || EXT("GL_EXT_texture_border_clamp");
   api->tex_swizzle = gl ? (v >= 33 || EXT("GL_ARB_texture_swizzle")) : true;
   api->tex_view = gl ? (v >= 43 || EXT("GL_ARB_texture_view"))
                      : (EXT("GL_OES_texture_view") || EXT("GL_EXT_texture_view"));

   api->bgra8 = gl || EXT("GL_EXT_texture_format_BGRA8888");
   api->norm16 = gl || EXT("GL_EXT_texture_norm16");
   api->render_snorm = gl || EXT("GL_EXT_render_snorm");
   api->color_buffer_float = gl || v >= 32 || EXT("GL_EXT_color_buffer_float");
   api->color_buffer_half_float = api->color_buffer_float || EXT("GL_EXT_color_buffer_half_float");
   api->s3tc = EXT("GL_EXT_texture_compression_s3tc");
   api->s3tc_srgb = api->s3tc && (gl ? EXT("GL_EXT_texture_sRGB") : EXT("GL_EXT_texture_compression_s3tc_srgb"));
   api->rgtc = gl ? true : EXT("GL_EXT_texture_compression_rgtc");
   api->bptc = gl ? (v >= 42 || EXT("GL_ARB_texture_compression_bptc")) : EXT("GL_EXT_texture_compression_bptc");
   api->etc2 = gl ? (v >= 43 || EXT("GL_ARB_ES3_compatibility")) : true;
   api->astc = EXT("GL_KHR_texture_compression_astc_ldr");
   api->srgb_r8 = EXT("GL_EXT_texture_sRGB_R8");
   api->srgb_rg8 = EXT("GL_EXT_texture_sRGB_RG8");
   api->srgb_write_control = gl || EXT("GL_EXT_sRGB_write_control");
   api->stencil8 = gl ? (v >= 44 || EXT("GL_ARB_texture_stencil8")) : (v >= 32 || EXT("GL_OES_texture_stencil8"));
   api->depth_stencil_texturing = gl ? (v >= 43 || EXT("GL_ARB_stencil_texturing")) : v >= 31;

   api->get_tex_image = gl;
   api->get_texture_sub_image = gl && (v >= 45 || EXT("GL_ARB_get_texture_sub_image"));
   api->read_depth = gl || EXT("GL_NV_read_depth");
   api->read_stencil = gl || EXT("GL_NV_read_stencil");
   api->read_depth_stencil = gl || EXT("GL_NV_read_depth_stencil");
   api->read_any_format = gl;
   api->copy_image = gl ? (v >= 43 || EXT("GL_ARB_copy_image"))
                        : (v >= 32 || EXT("GL_OES_copy_image") || EXT("GL_EXT_copy_image"));
   /* A host that clamps snorm reads is read through an integer copy of the
    * same bits; without glCopyImageSubData snorm is not rendered at all. */
   if (!gl && api->render_snorm && snorm_read_clamps()) {
      api->snorm_read_by_copy = api->copy_image;
      api->render_snorm = api->copy_image;
   }
   api->clear_texture = gl ? (v >= 44 || EXT("GL_ARB_clear_texture")) : EXT("GL_EXT_clear_texture");
   api->fb_no_attach = gl ? (v >= 43 || EXT("GL_ARB_framebuffer_no_attachments")) : v >= 31;
   api->fb_default_layers = api->fb_no_attach &&
                            (gl || v >= 32 || EXT("GL_EXT_geometry_shader") || EXT("GL_OES_geometry_shader"));
   /* Robust buffer access is a property of the context glvirt got (it asks
    * for one unless --no-robust); the defined behaviour comes with GL 4.3's
    * extension, or is part of a robust ES 3.2 context. */
   {
      GLint flags = 0, es_robust = 0;
      bool robust_ctx;
      if (gl) {
         glGetIntegerv(GL_CONTEXT_FLAGS, &flags);
         robust_ctx = (flags & GL_CONTEXT_FLAG_ROBUST_ACCESS_BIT_ARB) != 0;
      } else {
         glGetIntegerv(GL_CONTEXT_ROBUST_ACCESS_EXT, &es_robust);
         robust_ctx = es_robust != 0;
      }
      while (glGetError() != GL_NO_ERROR)
         ;
      api->robust_access = robust_ctx && (gl ? (v >= 43 || EXT("GL_ARB_robust_buffer_access_behavior"))
                                             : (v >= 32 || EXT("GL_KHR_robust_buffer_access_behavior")));
   }
   api->buffer_storage = gl ? (v >= 44 || EXT("GL_ARB_buffer_storage")) : EXT("GL_EXT_buffer_storage");
   api->fixed_point_size = gl;
   api->vertex_double = gl;
   api->vertex_attrib_binding = gl ? (v >= 43 || EXT("GL_ARB_vertex_attrib_binding")) : v >= 31;
   api->unpack_row_length_compressed = gl && (v >= 42 || EXT("GL_ARB_compressed_texture_pixel_storage"));
   api->logic_op = gl;
   api->fb_fetch = EXT("GL_EXT_shader_framebuffer_fetch");
   api->depth_clamp = gl ? (v >= 32 || EXT("GL_ARB_depth_clamp")) : EXT("GL_EXT_depth_clamp");
   api->provoking_vertex = gl && (v >= 32 || EXT("GL_ARB_provoking_vertex") || EXT("GL_EXT_provoking_vertex"));
   api->lod_bias = gl;
   api->seamless_toggle = gl && (v >= 32 || EXT("GL_ARB_seamless_cube_map"));
   api->srgb_decode = EXT("GL_EXT_texture_sRGB_decode");
   api->stencil_export = gl && EXT("GL_ARB_shader_stencil_export");
   api->timer_query = gl ? (v >= 33 || EXT("GL_ARB_timer_query")) : EXT("GL_EXT_disjoint_timer_query");
   /* GLES has no GL_SAMPLES_PASSED: the FS counts with an atomic counter
    * and the fetched depth / stencil, else counters read 0 or 1. */
   api->occlusion_fs = !gl && v >= 31 && EXT("GL_ARM_shader_framebuffer_fetch_depth_stencil") &&
                       get_int(GL_MAX_FRAGMENT_ATOMIC_COUNTERS) >= 1 &&
                       get_int(GL_MAX_FRAGMENT_ATOMIC_COUNTER_BUFFERS) >= 1;
   api->draw_indirect = gl ? (v >= 40 || EXT("GL_ARB_draw_indirect")) : v >= 31;
   api->base_instance = gl ? (v >= 42 || EXT("GL_ARB_base_instance")) : EXT("GL_EXT_base_instance");
   api->multi_draw_indirect = api->draw_indirect &&
                              (gl ? (v >= 43 || EXT("GL_ARB_multi_draw_indirect")) : EXT("GL_EXT_multi_draw_indirect"));
   api->indirect_count = gl && api->multi_draw_indirect && (v >= 46 || EXT("GL_ARB_indirect_parameters"));
   api->draw_buffers_blend = gl ? (v >= 40 || EXT("GL_ARB_draw_buffers_blend"))
                                : (v >= 32 || EXT("GL_OES_draw_buffers_indexed") || EXT("GL_EXT_draw_buffers_indexed"));
   api->sample_shading = gl ? (v >= 40 || EXT("GL_ARB_sample_shading")) : (v >= 32 || EXT("GL_OES_sample_shading"));
   api->tessellation = gl ? (v >= 40 || EXT("GL_ARB_tessellation_shader")) : v >= 32;
   api->patch_default_levels = gl && api->tessellation;
   if (gl) {
      api->glsl_400 = v >= 40;
      api->fp64 = v >= 40 || EXT("GL_ARB_gpu_shader_fp64");
      api->texture_query_lod = v >= 40 || EXT("GL_ARB_texture_query_lod");
      api->texture_gather = v >= 40 || EXT("GL_ARB_texture_gather");
      api->tex_buffer_rgb32 = v >= 40 || EXT("GL_ARB_texture_buffer_object_rgb32");
      /* Mesa offers the guest ARB_viewport_array only with 16 of them. */
      api->viewport_array = (v >= 41 || EXT("GL_ARB_viewport_array")) &&
                            get_int(GL_MAX_VIEWPORTS) >= (int)GV_MAX_VIEWPORTS;
   } else {
      /* GLSL ES has neither doubles nor textureQueryLod: the translator
       * emulates both (docs/emulations.md), exactly for doubles. But Mesa
       * 22.3's virgl driver deletes every double instruction from its
       * shaders when the caps say HOST_IS_GLES, so doubles are offered only
       * where that bit is left out (gl_caps.c), which changes other guest
       * paths too (measured without regressions: docs/caps.md).
       * GLVIRT_ES_GL4=0 keeps the bit and the guest at GL 3.3. */
      const char *es_gl4 = getenv("GLVIRT_ES_GL4");
      api->fp64 = !(es_gl4 && es_gl4[0] == '0');
      api->texture_query_lod = true;
      /* ES 3.1 gathers any component, with offsets in ES 3.2 / EXT_gpu_shader5. */
      api->texture_gather = v >= 32 || (v >= 31 && EXT("GL_EXT_gpu_shader5"));
      /* RGB32F/I/UI are buffer texture formats of ES 3.2 / OES/EXT_texture_buffer. */
      api->tex_buffer_rgb32 = v >= 32 || EXT("GL_OES_texture_buffer") || EXT("GL_EXT_texture_buffer");
      /* What GLSL 4.00 needs beyond ES 3.1: ES 3.2, or its extensions. */
      const bool es32_shading = v >= 32 || (v >= 31 && EXT("GL_EXT_gpu_shader5") &&
                                            (EXT("GL_OES_tessellation_shader") || EXT("GL_EXT_tessellation_shader")) &&
                                            (EXT("GL_OES_texture_cube_map_array") || EXT("GL_EXT_texture_cube_map_array")) &&
                                            (EXT("GL_OES_texture_buffer") || EXT("GL_EXT_texture_buffer")));
      api->glsl_400 = es32_shading && api->fp64 && api->texture_query_lod && api->texture_gather &&
                      api->tex_buffer_rgb32;
      api->viewport_array = EXT("GL_OES_viewport_array") &&
                            get_int(GL_MAX_VIEWPORTS_OES) >= (int)GV_MAX_VIEWPORTS;
   }
   api->compute = gl ? (v >= 43 || (EXT("GL_ARB_compute_shader") && EXT("GL_ARB_shader_storage_buffer_object") &&
                                    EXT("GL_ARB_shader_image_load_store")))
                     : v >= 31;
   api->derivative_control = gl && (v >= 45 || EXT("GL_ARB_derivative_control"));
   api->cull_distance = gl ? (v >= 45 || EXT("GL_ARB_cull_distance")) : EXT("GL_EXT_clip_cull_distance");
   api->texture_barrier = gl && (v >= 45 || EXT("GL_ARB_texture_barrier") || EXT("GL_NV_texture_barrier"));
   api->blend_advanced = (!gl && v >= 32) || EXT("GL_KHR_blend_equation_advanced");
   api->max_anisotropy = 1.0f;
   if ((gl && v >= 46) || EXT("GL_ARB_texture_filter_anisotropic") || EXT("GL_EXT_texture_filter_anisotropic")) {
      GLfloat a = 1.0f;
      glGetFloatv(GL_MAX_TEXTURE_MAX_ANISOTROPY, &a);
      api->max_anisotropy = a > 1.0f ? a : 1.0f;
   }
   /* Which entry point reports a reset; 0 = none (the caps stay the same). */
   if ((gl && v >= 45) || (!gl && v >= 32) || EXT("GL_KHR_robustness"))
      api->reset_query = 1;
   else if (gl && EXT("GL_ARB_robustness"))
      api->reset_query = 2;
   else if (!gl && EXT("GL_EXT_robustness"))
      api->reset_query = 3;
#undef EXT

   api->max_texture_size = get_int(GL_MAX_TEXTURE_SIZE);
   api->max_3d_texture_size = get_int(GL_MAX_3D_TEXTURE_SIZE);
   api->max_cube_map_texture_size = get_int(GL_MAX_CUBE_MAP_TEXTURE_SIZE);
   api->max_array_texture_layers = get_int(GL_MAX_ARRAY_TEXTURE_LAYERS);
   api->max_samples = get_int(GL_MAX_SAMPLES);
   api->max_color_attachments = get_int(GL_MAX_COLOR_ATTACHMENTS);
   api->max_draw_buffers = get_int(GL_MAX_DRAW_BUFFERS);
   api->max_renderbuffer_size = get_int(GL_MAX_RENDERBUFFER_SIZE);
   if (api->fb_no_attach) {
      api->max_framebuffer_width = get_int(GL_MAX_FRAMEBUFFER_WIDTH);
      api->max_framebuffer_height = get_int(GL_MAX_FRAMEBUFFER_HEIGHT);
      api->max_framebuffer_samples = get_int(GL_MAX_FRAMEBUFFER_SAMPLES);
      if (api->fb_default_layers)
         api->max_framebuffer_layers = get_int(GL_MAX_FRAMEBUFFER_LAYERS);
   }
   if (api->tessellation) {
      api->max_patch_vertices = get_int(GL_MAX_PATCH_VERTICES);
      api->max_tess_patch_components = get_int(GL_MAX_TESS_PATCH_COMPONENTS);
   }
   if (api->texture_gather)
      api->max_gather_components = gl ? get_int(GL_MAX_PROGRAM_TEXTURE_GATHER_COMPONENTS_ARB) : 4;
   if (api->compute)
      query_compute_limits(api);
   /* Drain errors from queries of limits an old host may not know. */
   while (glGetError() != GL_NO_ERROR)
      ;
}

GLenum gv_hostapi_reset_status(const struct gv_hostapi *api)
{
   switch (api->reset_query) {
   case 1: return glGetGraphicsResetStatus();
   case 2: return glGetGraphicsResetStatusARB();
   case 3: return glGetGraphicsResetStatusEXT();
   default: return GL_NO_ERROR;
   }
}
