#include <stdio.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "util/log.h"
#include "virgl/virgl_caps.h"
#include "virgl/virgl_protocol.h"

static int get_int(GLenum pname, int fallback)
{
   GLint v = 0;
   glGetIntegerv(pname, &v);
   return glGetError() == GL_NO_ERROR && v > 0 ? v : fallback;
}

static uint32_t clamp_u(int v, uint32_t max)
{
   return v < 0 ? 0 : (uint32_t)v > max ? max : (uint32_t)v;
}

static void fill_format_masks(const struct gv_renderer *r, struct gv_caps_v2 *c)
{
   const struct gv_hostapi *api = &r->api;
   bool msaa = api->tex_multisample && api->max_samples >= 4;
   for (uint32_t f = 1; f < GV_FORMAT_COUNT; f++) {
      const struct gv_format_desc *fd = gv_format_get(f);
      const struct gv_gl_format *gf = gv_gl_format_get(f);
      if (!fd || !gf)
         continue;
      gv_format_mask_set(&c->v1.sampler, f);
      bool zs = gv_format_is_depth_or_stencil(fd);
      bool renderable = gf->flags & GV_GLF_RENDERABLE;
      if (zs && renderable)
         gv_format_mask_set(&c->v1.depthstencil, f);
      if (renderable && !zs) {
         gv_format_mask_set(&c->v1.render, f);
         gv_format_mask_set(&c->scanout, f);
      }
      if (gf->flags & GV_GLF_READBACK)
         gv_format_mask_set(&c->supported_readback_formats, f);
      if (msaa && renderable)
         gv_format_mask_set(&c->supported_multisample_formats, f);
   }
   /* Framebuffers without attachments can be multisampled. */
   if (msaa)
      gv_format_mask_set(&c->supported_multisample_formats, 0);
}

/* Storage buffers, images and compute (gl_compute.c). No hardware atomic
 * counters: Mesa then gives half of each stage's storage buffer slots to
 * atomic counter buffers and lowers the counters to buffer atomics. */
static void fill_compute_caps(const struct gv_renderer *r, struct gv_caps_v2 *c)
{
   const struct gv_hostapi *api = &r->api;
   const struct gv_res_layout *l = &r->res_layout;
   if (!api->compute)
      return;
   c->max_shader_buffer_frag_compute = l->ssbos[GV_STAGE_FRAGMENT];
   c->max_shader_buffer_other_stages = l->ssbos[GV_STAGE_VERTEX];
   c->max_shader_image_frag_compute = l->images[GV_STAGE_FRAGMENT];
   c->max_shader_image_other_stages = l->images[GV_STAGE_VERTEX];
   uint32_t ssbos = 0;
   for (uint32_t s = 0; s < GV_STAGE_COMPUTE; s++)
      ssbos += l->ssbos[s];
   c->max_combined_shader_buffers = ssbos;
   c->max_image_samples = 0;
   c->max_compute_work_group_invocations = clamp_u(api->max_compute_invocations, 1024);
   c->max_compute_shared_memory_size = clamp_u(api->max_compute_shared, 65536);
   for (int i = 0; i < 3; i++) {
      c->max_compute_grid_size[i] = clamp_u(api->max_compute_grid[i], 65535);
      c->max_compute_block_size[i] = clamp_u(api->max_compute_block[i], 1024);
   }
   c->capability_bits |= GV_CAP_COMPUTE_SHADER | GV_CAP_MEMORY_BARRIER;
}

/* Caps promise the guest only what this renderer implements: the transfer,
 * clear, blit and copy paths plus the feature levels Mesa needs to create
 * GL 3.3 / GLES 3.0 contexts at all (see docs/caps.md). */
void gv_gl_fill_caps(struct gv_renderer *r, struct gv_caps_v2 *c)
{
   const struct gv_hostapi *api = &r->api;
   memset(c, 0, sizeof(*c));
   struct gv_caps_v1 *v1 = &c->v1;

   v1->max_version = 2;
   fill_format_masks(r, c);
   bool msaa = api->tex_multisample && api->max_samples >= 4;

   v1->bset = GV_BSET_INDEP_BLEND_ENABLE | GV_BSET_CONDITIONAL_RENDER | GV_BSET_PRIMITIVE_RESTART |
              GV_BSET_SEAMLESS_CUBE_MAP | GV_BSET_OCCLUSION_QUERY;
   if (api->depth_clamp)
      v1->bset |= GV_BSET_DEPTH_CLIP_DISABLE;
   if (msaa)
      v1->bset |= GV_BSET_TEXTURE_MULTISAMPLE;
   if (api->timer_query)
      v1->bset |= GV_BSET_TIMER_QUERY;
   if (api->tex_cube_array)
      v1->bset |= GV_BSET_CUBE_MAP_ARRAY;
   /* Pause/resume and draw-auto work everywhere; the same bit also gives
    * the guest ARB_transform_feedback3's interleaved buffers (any layout),
    * which a GLES host records only with the compute-shader scatter. */
   if (api->xfb_any_layout || api->xfb_scatter)
      v1->bset |= GV_BSET_STREAMOUT_PAUSE_RESUME;
   if (api->draw_indirect)
      v1->bset |= GV_BSET_HAS_INDIRECT_DRAW;
   if (api->base_instance)
      v1->bset |= GV_BSET_START_INSTANCE;
   if (api->draw_buffers_blend)
      v1->bset |= GV_BSET_INDEP_BLEND_FUNC;
   if (api->sample_shading)
      v1->bset |= GV_BSET_HAS_SAMPLE_SHADING;
   /* Mesa's guest takes 32 patch vertices for granted (GL's minimum). */
   bool tess = api->tessellation && api->max_patch_vertices >= 32;
   if (tess)
      v1->bset |= GV_BSET_HAS_TESSELLATION_SHADERS;
   if (api->stencil_export)
      v1->bset |= GV_BSET_SHADER_STENCIL_EXPORT;
   /* GL 4.0 hosts: the translator writes GLSL 4.00 for what the guest's
    * gpu_shader5, fp64 and query-LOD shaders use (docs/shader-translator.md).
    * ES 3.2 hosts (or ES 3.1 with the extensions of 3.2 that GLSL 4.00
    * needs): doubles and LOD queries emulated by the translator. */
   if (api->fp64)
      v1->bset |= GV_BSET_HAS_FP64;
   if (api->texture_query_lod)
      v1->bset |= GV_BSET_TEXTURE_QUERY_LOD;
   /* Render conditions are decided on the CPU, either way round. */
   v1->bset |= GV_BSET_CONDITIONAL_RENDER_INVERTED;
   if (api->derivative_control)
      v1->bset |= GV_BSET_DERIVATIVE_CONTROL;
   if (api->cull_distance)
      v1->bset |= GV_BSET_HAS_CULL;
   /* Overflow predicates compare what each recording generated with what
    * it wrote (gl_streamout.c), so a host that counts generated primitives
    * has them. */
   if (api->prims_generated)
      v1->bset |= GV_BSET_TRANSFORM_FEEDBACK_OVERFLOW_QUERY;
   v1->glsl_level = api->glsl_400 ? 400 : 330;
   /* GL 4.1 adds viewport arrays to 4.0; the rest of its list (ES2
    * compatibility, 64-bit attributes, shader precision) follows from
    * GLSL 4.10 and fp64 in the guest. */
   if (api->glsl_400 && (api->gles || api->version >= 41) && api->viewport_array)
      v1->glsl_level = 410;
   /* GLSL 4.30: what the translator needs of GL 4.2 / 4.3 (storage
    * buffers, images, compute, atomic counters as buffer atomics) is on the
    * host. Mesa offers the guest the GL version whose other parts the caps
    * also give, and never a GLSL version above it. */
   /* Not on GLES hosts: their images lack most GL formats (read-write
    * ones above all), which ARB_shader_image_load_store, part of GL 4.2,
    * promises; the extension itself stays, as a GLES 3.1 guest needs it. */
   if (v1->glsl_level == 410 && api->compute && api->base_instance && !api->gles)
      v1->glsl_level = 430;
   v1->max_texture_array_layers = clamp_u(api->max_array_texture_layers, 2048);
   v1->max_streamout_buffers = 4;
   v1->max_dual_source_render_targets = 1;
   v1->max_render_targets = clamp_u(api->max_draw_buffers, GV_MAX_COLOR_BUFS);
   /* 1 asks Mesa to fake multisampling, which needs no host support. */
   v1->max_samples = msaa ? clamp_u(api->max_samples, 8) : 1;
   if (v1->max_samples > 4 && v1->max_samples < 8)
      v1->max_samples = 4;
   v1->prim_mask = 0x7c7f; /* points .. triangle fan, adjacency */
   if (tess)
      v1->prim_mask |= 1u << 14; /* patches */
   /* GL 3.1 and ES 3.0 guests need buffer textures; a host without them
    * gets a guest that fails to sample them, which is logged. */
   v1->max_tbo_size = api->tex_buffer ? (uint32_t)get_int(GL_MAX_TEXTURE_BUFFER_SIZE, 65536) : 65536;
   v1->max_uniform_blocks = 16;
   v1->max_viewports = api->viewport_array ? GV_MAX_VIEWPORTS : 1;
   v1->max_texture_gather_components = clamp_u(api->max_gather_components, 4);

   GLfloat range[2] = { 1.0f, 1.0f };
   glGetFloatv(GL_ALIASED_LINE_WIDTH_RANGE, range);
   c->min_aliased_line_width = range[0];
   c->max_aliased_line_width = range[1];
   c->min_smooth_line_width = range[0];
   c->max_smooth_line_width = range[1];
   glGetFloatv(GL_ALIASED_POINT_SIZE_RANGE, range);
   c->min_aliased_point_size = range[0];
   c->max_aliased_point_size = range[1];
   c->min_smooth_point_size = range[0];
   c->max_smooth_point_size = range[1];
   GLfloat lod_bias = 16.0f;
   glGetFloatv(GL_MAX_TEXTURE_LOD_BIAS, &lod_bias);
   c->max_texture_lod_bias = lod_bias;
   while (glGetError() != GL_NO_ERROR)
      ;

   c->max_geom_output_vertices = 256;
   c->max_geom_total_output_components = 1024;
   c->max_vertex_outputs = 32;
   c->max_vertex_attribs = 16;
   /* Patch varyings are vec4s in the translated shaders. */
   c->max_shader_patch_varyings = tess ? clamp_u(api->max_tess_patch_components / 4, 32) : 0;
   c->min_texel_offset = -8;
   c->max_texel_offset = 7;
   c->min_texture_gather_offset = -8;
   c->max_texture_gather_offset = 7;
   c->texture_buffer_offset_alignment =
      api->tex_buffer ? (uint32_t)get_int(GL_TEXTURE_BUFFER_OFFSET_ALIGNMENT, 16) : 16;
   c->uniform_buffer_offset_alignment = (uint32_t)get_int(GL_UNIFORM_BUFFER_OFFSET_ALIGNMENT, 256);
   c->shader_buffer_offset_alignment = api->ssbo_alignment > 0 ? (uint32_t)api->ssbo_alignment : 32;
   c->capability_bits = GV_CAP_SRGB_WRITE_CONTROL | GV_CAP_TRANSFER | GV_CAP_COPY_TRANSFER |
                        GV_CAP_CLEAR_TEXTURE | GV_CAP_FBO_MIXED_COLOR_FORMATS | GV_CAP_QBO;
   /* HOST_IS_GLES turns on the guest's GLES workarounds, and in Mesa 22.3
    * also its "fake fp64": it strips every double instruction from the
    * shaders it sends. Left out where the translator's exact doubles are
    * offered instead (unless GLVIRT_ES_GL4=0, docs/caps.md). */
   if (api->gles && !api->fp64)
      c->capability_bits |= GV_CAP_HOST_IS_GLES;
   fill_compute_caps(r, c);
   /* The guest keeps _PRECISE on instructions Mesa marks exact; the
    * translator stores them through precise locals. */
   if (api->shader_precise)
      c->capability_bits |= GV_CAP_TGSI_PRECISE;
   /* Declarations name the components they use (DCL OUT[1].yzw,
    * GENERIC[0]); Mesa packs the guest's component layout qualifiers into
    * one register per location, which the translator reads as written.
    * This gives the guest ARB_enhanced_layouts. */
   c->capability_bits |= GV_CAP_TGSI_COMPONENTS;
   /* Multi-draws and counts from a buffer work on every indirect host:
    * a loop of single draws and a read-back count stand in (gl_draw.c). */
   if (api->draw_indirect)
      c->capability_bits |= GV_CAP_MULTI_DRAW_INDIRECT | GV_CAP_INDIRECT_PARAMS;
   if (api->sample_shading)
      c->capability_bits |= GV_CAP_SET_MIN_SAMPLES;
   /* Four vertex streams (Mesa assumes 4 with this bit, else 1). */
   if (api->xfb_streams)
      c->capability_bits |= GV_CAP_TRANSFORM_FEEDBACK3;
   /* Sampler views carry their own target, format and layers (ARB/OES
    * texture_view in the guest): sampled through host texture views. */
   if (api->tex_view)
      c->capability_bits |= GV_CAP_TEXTURE_VIEW;
   /* Copies between compressed and uncompressed resources of one block
    * size (ARB_copy_image in the guest) need glCopyImageSubData. */
   if (api->copy_image)
      c->capability_bits |= GV_CAP_COPY_IMAGE;
   /* Framebuffers without attachments take their size from
    * SET_FRAMEBUFFER_STATE_NO_ATTACH (GL_FRAMEBUFFER_DEFAULT_*). */
   if (api->fb_no_attach)
      c->capability_bits |= GV_CAP_FB_NO_ATTACH;
   /* Only what the host context itself guarantees (robust unless
    * --no-robust; vertex fetches and buffers are left to it). */
   if (api->robust_access)
      c->capability_bits |= GV_CAP_ROBUST_BUFFER_ACCESS;
   /* Standard sample positions (2x, 4x), in 1/16 pixel, x nibble high. */
   c->sample_locations[0] = 0x0000e662u;
   c->sample_locations[1] = 0xae2ae662u;
   c->max_vertex_attrib_stride = 2048;
   c->max_texture_2d_size = clamp_u(api->max_texture_size, 16384);
   c->max_texture_3d_size = clamp_u(api->max_3d_texture_size, 2048);
   c->max_texture_cube_size = clamp_u(api->max_cube_map_texture_size, 16384);
   c->host_feature_check_version = 15;
   c->capability_bits_v2 = 0;
   /* Mesa then sends the advanced equation in blend rt[0]'s alpha source
    * factor, marks the shaders that use one, and sends TEXTURE_BARRIER for
    * glBlendBarrier. */
   if (api->blend_advanced)
      c->capability_bits_v2 |= GV_CAP2_BLEND_EQUATION;
   c->max_anisotropy = api->max_anisotropy > 16.0f ? 16.0f : api->max_anisotropy;
   if (api->texture_barrier)
      c->capability_bits |= GV_CAP_TEXTURE_BARRIER;
   c->max_shader_sampler_views = 16;
   for (int i = 0; i < 6; i++)
      c->max_const_buffer_size[i] = 65536;
   int ubo = get_int(GL_MAX_UNIFORM_BLOCK_SIZE, 16384);
   c->max_uniform_block_size = clamp_u(ubo, 65536);

   /* Mesa shows "virgl (<renderer>)", cut at 63 characters. snprintf
    * writes the field directly: the bytes after the name stay zero (the
    * guest hashes the whole caps struct into its shader cache's key, and
    * the server's stack is not the guest's business). */
   char name[256];
   snprintf(name, sizeof(name), "glvirt %s %s%s", GLVIRT_VERSION, api->gles ? "ES " : "",
            api->renderer_string);
   size_t n = strnlen(name, sizeof(c->renderer) - 1);
   memcpy(c->renderer, name, n);   /* the rest of the field is zero (memset above) */
}
