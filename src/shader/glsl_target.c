/* The one table of GL-vs-GLES shading-language differences: for each
 * optional feature, the GLSL version that has it in core and the extension
 * that provides it below that, per API. */
#include <string.h>

#include "shader/glsl_priv.h"

const struct gv_feature_info gv_features[GV_FEAT_COUNT] = {
   /*                                 name                 GL  GL extension                            ES  ES extension */
   [GV_FEAT_FP64] =                 { "fp64",             400, "GL_ARB_gpu_shader_fp64",              0, NULL },
   [GV_FEAT_INT64] =                { "int64",              0, "GL_ARB_gpu_shader_int64",             0, NULL },
   [GV_FEAT_GPU_SHADER5] =          { "gpu_shader5",      400, "GL_ARB_gpu_shader5",                310, NULL },
   [GV_FEAT_FMA] =                  { "fma",              400, "GL_ARB_gpu_shader5",                320, "GL_EXT_gpu_shader5" },
   [GV_FEAT_TEXTURE_GATHER] =       { "textureGather",    400, "GL_ARB_texture_gather",             310, NULL },
   [GV_FEAT_GATHER_OFFSETS] =       { "textureGatherOffsets", 400, "GL_ARB_gpu_shader5",            320, "GL_EXT_gpu_shader5" },
   [GV_FEAT_CUBE_ARRAY] =           { "samplerCubeArray", 400, "GL_ARB_texture_cube_map_array",     320, "GL_EXT_texture_cube_map_array" },
   [GV_FEAT_SHADOW_CUBE_ARRAY] =    { "samplerCubeArrayShadow", 400, "GL_ARB_texture_cube_map_array", 320, "GL_EXT_texture_cube_map_array" },
   [GV_FEAT_TEXTURE_BUFFER] =       { "samplerBuffer",    140, NULL,                                320, "GL_EXT_texture_buffer" },
   [GV_FEAT_TEXTURE_SIZE_BUFFER] =  { "textureSize(samplerBuffer)", 140, NULL,                      320, "GL_EXT_texture_buffer" },
   [GV_FEAT_TEXTURE_MS] =           { "sampler2DMS",      150, NULL,                                310, NULL },
   [GV_FEAT_TEXTURE_MS_ARRAY] =     { "sampler2DMSArray", 150, NULL,                                320, "GL_OES_texture_storage_multisample_2d_array" },
   [GV_FEAT_SAMPLER_1D] =           { "sampler1D",        110, NULL,                                  0, NULL },
   [GV_FEAT_SAMPLER_RECT] =         { "sampler2DRect",    140, NULL,                                  0, NULL },
   [GV_FEAT_QUERY_LOD] =            { "textureQueryLod",  400, "GL_ARB_texture_query_lod",            0, NULL },
   [GV_FEAT_QUERY_LEVELS] =         { "textureQueryLevels", 430, "GL_ARB_texture_query_levels",       0, NULL },
   [GV_FEAT_QUERY_SAMPLES] =        { "textureSamples",   450, "GL_ARB_shader_texture_image_samples", 0, NULL },
   [GV_FEAT_GEOMETRY] =             { "geometry shaders", 150, NULL,                                320, "GL_EXT_geometry_shader" },
   [GV_FEAT_GS_STREAMS] =           { "geometry streams", 400, "GL_ARB_gpu_shader5",                  0, NULL },
   [GV_FEAT_GS_INVOCATIONS] =       { "geometry invocations", 400, "GL_ARB_gpu_shader5",            320, "GL_EXT_geometry_shader" },
   [GV_FEAT_TESSELLATION] =         { "tessellation shaders", 400, "GL_ARB_tessellation_shader",    320, "GL_EXT_tessellation_shader" },
   [GV_FEAT_COMPUTE] =              { "compute shaders",  430, "GL_ARB_compute_shader",             310, NULL },
   [GV_FEAT_SSBO] =                 { "shader storage buffers", 430, "GL_ARB_shader_storage_buffer_object", 310, NULL },
   [GV_FEAT_IMAGES] =               { "images",           420, "GL_ARB_shader_image_load_store",    310, NULL },
   [GV_FEAT_IMAGE_ATOMIC] =         { "image atomics",    420, "GL_ARB_shader_image_load_store",    320, "GL_OES_shader_image_atomic" },
   [GV_FEAT_IMAGE_FORMATLESS_WRITE] = { "formatless image writes", 420, "GL_ARB_shader_image_load_store", 310, NULL },
   [GV_FEAT_ATOMIC_COUNTERS] =      { "atomic counters",  430, "GL_ARB_shader_storage_buffer_object", 310, NULL },
   [GV_FEAT_SHARED_MEMORY] =        { "shared memory",    430, "GL_ARB_compute_shader",             310, NULL },
   [GV_FEAT_BARRIER_MEMORY] =       { "memory barriers",  420, "GL_ARB_shader_image_load_store",    310, NULL },
   [GV_FEAT_SAMPLE_SHADING] =       { "gl_SampleID",      400, "GL_ARB_sample_shading",             320, "GL_OES_sample_variables" },
   [GV_FEAT_SAMPLE_QUALIFIER] =     { "sample qualifier", 400, "GL_ARB_gpu_shader5",                320, "GL_OES_shader_multisample_interpolation" },
   [GV_FEAT_INTERPOLATE_AT] =       { "interpolateAt*",   400, "GL_ARB_gpu_shader5",                320, "GL_OES_shader_multisample_interpolation" },
   [GV_FEAT_NOPERSPECTIVE] =        { "noperspective",    130, NULL,                                  0, "GL_NV_shader_noperspective_interpolation" },
   [GV_FEAT_CLIP_DISTANCE] =        { "gl_ClipDistance",  130, NULL,                                  0, "GL_EXT_clip_cull_distance" },
   [GV_FEAT_CULL_DISTANCE] =        { "gl_CullDistance",  450, "GL_ARB_cull_distance",                0, "GL_EXT_clip_cull_distance" },
   [GV_FEAT_PRIMITIVE_ID_FS] =      { "gl_PrimitiveID in FS", 150, NULL,                            320, "GL_EXT_geometry_shader" },
   [GV_FEAT_LAYER_FS] =             { "gl_Layer in FS",   430, NULL,                                320, "GL_EXT_geometry_shader" },
   [GV_FEAT_VIEWPORT_INDEX] =       { "gl_ViewportIndex", 410, "GL_ARB_viewport_array",               0, "GL_OES_viewport_array" },
   [GV_FEAT_LAYER_VS] =             { "gl_Layer in VS/TES", 0, "GL_ARB_shader_viewport_layer_array",  0, NULL },
   [GV_FEAT_DRAW_PARAMETERS] =      { "draw parameters",  460, "GL_ARB_shader_draw_parameters",       0, NULL },
   [GV_FEAT_STENCIL_EXPORT] =       { "stencil export",     0, "GL_ARB_shader_stencil_export",        0, NULL },
   [GV_FEAT_DERIVATIVE_CONTROL] =   { "dFdxFine",         450, "GL_ARB_derivative_control",           0, NULL },
   [GV_FEAT_DUAL_SOURCE] =          { "dual-source blending", 330, NULL,                              0, "GL_EXT_blend_func_extended" },
   [GV_FEAT_CONSERVATIVE_DEPTH] =   { "depth layout",     420, "GL_ARB_conservative_depth",           0, "GL_EXT_conservative_depth" },
   [GV_FEAT_EARLY_FRAGMENT_TESTS] = { "early_fragment_tests", 420, "GL_ARB_shader_image_load_store", 310, NULL },
   [GV_FEAT_HELPER_INVOCATION] =    { "gl_HelperInvocation", 450, NULL,                             310, NULL },
   [GV_FEAT_POINT_SIZE_GS] =        { "gl_PointSize in GS", 150, NULL,                                0, "GL_EXT_geometry_point_size" },
   [GV_FEAT_POINT_SIZE_TESS] =      { "gl_PointSize in tessellation", 400, NULL,                      0, "GL_EXT_tessellation_point_size" },
   [GV_FEAT_UBO_ARRAY_INDEX] =      { "dynamic UBO indexing", 400, "GL_ARB_gpu_shader5",            320, "GL_EXT_gpu_shader5" },
   [GV_FEAT_SAMPLER_INDEX] =        { "dynamic sampler indexing", 400, "GL_ARB_gpu_shader5",        320, "GL_EXT_gpu_shader5" },
   [GV_FEAT_SHADER_CLOCK] =         { "clock",              0, "GL_ARB_shader_clock",                 0, NULL },
   [GV_FEAT_FB_FETCH] =             { "framebuffer fetch",  0, "GL_EXT_shader_framebuffer_fetch",     0, "GL_EXT_shader_framebuffer_fetch" },
   [GV_FEAT_TEXEL_OFFSET_NONCONST] = { "non-constant texel offsets", 400, "GL_ARB_gpu_shader5",     320, "GL_EXT_gpu_shader5" },
   [GV_FEAT_BIT_ENCODING] =         { "floatBitsToInt",   330, NULL,                                300, NULL },
   [GV_FEAT_PACK_HALF] =            { "packHalf2x16",     420, "GL_ARB_shading_language_packing",   300, NULL },
   [GV_FEAT_INTEGER_MIX] =          { "integer mix",      450, "GL_EXT_shader_integer_mix",         310, NULL },
   [GV_FEAT_SHADOW_1D_ARRAY_LOD] =  { "textureLod(sampler1DArrayShadow)", 110, NULL,                  0, NULL },
   [GV_FEAT_TEXTURE_GRAD_CUBE_SHADOW] = { "textureGrad(samplerCubeShadow)", 130, NULL,              300, NULL },
   [GV_FEAT_SSO] =                  { "separate shader objects", 410, "GL_ARB_separate_shader_objects", 310, NULL },
   [GV_FEAT_BLEND_EQUATION_ADVANCED] = { "advanced blending", 0, "GL_KHR_blend_equation_advanced",  320, "GL_KHR_blend_equation_advanced" },
   [GV_FEAT_POST_DEPTH_COVERAGE] =  { "post_depth_coverage", 0, "GL_ARB_post_depth_coverage",        0, "GL_EXT_post_depth_coverage" },
   [GV_FEAT_PRECISE] =              { "precise",          400, "GL_ARB_gpu_shader5",                320, "GL_EXT_gpu_shader5" },
   [GV_FEAT_FB_FETCH_DEPTH_STENCIL] = { "depth/stencil fetch", 0, NULL,                               0, "GL_ARM_shader_framebuffer_fetch_depth_stencil" },
   [GV_FEAT_IMAGE_SIZE] =           { "imageSize",        430, "GL_ARB_shader_image_size",          310, NULL },
};

const char *gv_glsl_feature_name(enum gv_glsl_feature f)
{
   return (unsigned)f < GV_FEAT_COUNT && gv_features[f].name ? gv_features[f].name : "?";
}

static bool has_word(const char *list, const char *w)
{
   size_t n = strlen(w);
   for (const char *p = list; p && (p = strstr(p, w)) != NULL; p += n) {
      bool start = p == list || p[-1] == ' ';
      bool end = p[n] == 0 || p[n] == ' ';
      if (start && end)
         return true;
   }
   return false;
}

void gv_glsl_target_from_extensions(struct gv_glsl_target *t, bool es, unsigned version,
                                    const char *extensions)
{
   t->es = es;
   t->version = (uint16_t)version;
   t->exts = 0;
   for (unsigned f = 0; f < GV_FEAT_COUNT; f++) {
      const char *ext = es ? gv_features[f].es_ext : gv_features[f].gl_ext;
      /* GL extension names in GLSL are the GL names; the host lists them
       * the same way. */
      if (ext && extensions && has_word(extensions, ext))
         t->exts |= 1ull << f;
   }
}

/* Decides how each used feature is provided: the lowest core version that
 * has all of them, else an extension; fails naming the first feature the
 * host cannot provide. */
bool gv_glsl_resolve(struct gv_glsl_ctx *c, uint16_t *version, uint64_t *use_ext)
{
   const struct gv_glsl_target *t = c->target;
   uint16_t v = t->es ? 300 : 330;
   *use_ext = 0;
   for (unsigned f = 0; f < GV_FEAT_COUNT; f++) {
      if (!(c->features & (1ull << f)))
         continue;
      const struct gv_feature_info *fi = &gv_features[f];
      unsigned core = t->es ? fi->es_version : fi->gl_version;
      const char *ext = t->es ? fi->es_ext : fi->gl_ext;
      if (core && core <= t->version) {
         if (core > v)
            v = (uint16_t)core;
      } else if (ext && (t->exts & (1ull << f))) {
         *use_ext |= 1ull << f;
      } else {
         return gv_glsl_fail(c, "the shader needs %s, which GLSL %s%u on this host lacks%s%s%s",
                             fi->name, t->es ? "ES " : "", t->version,
                             ext ? " (no " : "", ext ? ext : "", ext ? ")" : "");
      }
   }
   if (c->key->min_version > v && c->key->min_version <= t->version)
      v = c->key->min_version;
   *version = v;
   return true;
}

bool gv_glsl_can_use(const struct gv_glsl_ctx *c, enum gv_glsl_feature f)
{
   const struct gv_feature_info *fi = &gv_features[f];
   unsigned core = c->target->es ? fi->es_version : fi->gl_version;
   const char *ext = c->target->es ? fi->es_ext : fi->gl_ext;
   return (core && core <= c->target->version) || (ext && (c->target->exts & (1ull << f)));
}

const char *gv_glsl_ext_directive(bool es, unsigned f)
{
   return es ? gv_features[f].es_ext : gv_features[f].gl_ext;
}
