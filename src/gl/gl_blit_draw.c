/* Blits glBlitFramebuffer cannot do, drawn as a quad into the bound draw
 * framebuffer that samples the source texture:
 * - depth between different depth formats: glBlitFramebuffer copies depth
 *   only between identical formats, while Gallium blits convert (Mesa
 *   copies a Z24S8 window depth into a Z16 or Z32F texture this way, e.g.
 *   glCopyTexImage); the quad writes the sampled depth as fragment depth;
 * - colour from a source the host cannot attach to a framebuffer (GLES
 *   renders no RGB9E5, nor snorm without EXT_render_snorm, yet samples
 *   them): the quad writes the sampled colour, through the blit's channel
 *   mask, nearest or linear as the blit asks.
 * The program is built per blit and deleted after it: such blits are rare,
 * and a cached name would not be valid in a library context that does not
 * share objects. */
#include "gl/gl_backend.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

static const char *const vs_body =
   "void main()\n"
   "{\n"
   "   vec2 p = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));\n"
   "   gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);\n"
   "}\n";

/* map: source texel position = map.xy + window position * map.zw. */
static const char *const fs_depth =
   "uniform highp sampler2D src;\n"
   "uniform highp vec4 map;\n"
   "void main()\n"
   "{\n"
   "   ivec2 t = ivec2(floor(map.xy + gl_FragCoord.xy * map.zw));\n"
   "   gl_FragDepth = texelFetch(src, t, 0).r;\n"
   "}\n";

/* Gallium filters depth like colour (u_gen_mipmap's LINEAR blits average
 * it). GLES filters no depth texture, so the four taps are fetched and
 * weighted here, clamped to the edge as a CLAMP_TO_EDGE sampler would. */
static const char *const fs_depth_linear =
   "uniform highp sampler2D src;\n"
   "uniform highp vec4 map;\n"
   "highp float tap(ivec2 p)\n"
   "{\n"
   "   return texelFetch(src, clamp(p, ivec2(0), textureSize(src, 0) - 1), 0).r;\n"
   "}\n"
   "void main()\n"
   "{\n"
   "   highp vec2 t = map.xy + gl_FragCoord.xy * map.zw - 0.5;\n"
   "   ivec2 i = ivec2(floor(t));\n"
   "   highp vec2 f = t - floor(t);\n"
   "   highp float a = mix(tap(i), tap(i + ivec2(1, 0)), f.x);\n"
   "   highp float b = mix(tap(i + ivec2(0, 1)), tap(i + ivec2(1, 1)), f.x);\n"
   "   gl_FragDepth = mix(a, b, f.y);\n"
   "}\n";

static const char *const fs_colour_nearest =
   "uniform highp sampler2D src;\n"
   "uniform highp vec4 map;\n"
   "layout(location = 0) out highp vec4 color;\n"
   "void main()\n"
   "{\n"
   "   ivec2 t = ivec2(floor(map.xy + gl_FragCoord.xy * map.zw));\n"
   "   color = texelFetch(src, t, 0);\n"
   "}\n";

/* Level 0 of the view is the blit's level (BASE_LEVEL). */
static const char *const fs_colour_linear =
   "uniform highp sampler2D src;\n"
   "uniform highp vec4 map;\n"
   "layout(location = 0) out highp vec4 color;\n"
   "void main()\n"
   "{\n"
   "   highp vec2 t = map.xy + gl_FragCoord.xy * map.zw;\n"
   "   color = texture(src, t / vec2(textureSize(src, 0)));\n"
   "}\n";

bool gv_gl_blit_depth_by_draw(const struct gv_blit_info *info,
                              const struct gv_resource *dst, const struct gv_resource *src)
{
   if (!src->glf || !dst->glf || !(src->fmt->flags & GV_FMT_DEPTH) || !(dst->fmt->flags & GV_FMT_DEPTH))
      return false;
   /* glBlitFramebuffer copies depth between identical formats, nearest only.
    * The quad writes no stencil, so blits that copy stencil stay nearest. */
   const struct gv_box *sb = &info->src.box, *db = &info->dst.box;
   bool scaled = (sb->w != db->w || sb->h != db->h) &&
                 !((info->mask & GV_MASK_S) && (dst->fmt->flags & GV_FMT_STENCIL));
   return src->glf->internal_format != dst->glf->internal_format ||
          (info->filter && scaled && src->gl_target == GL_TEXTURE_2D);
}

bool gv_gl_blit_colour_by_draw(const struct gv_resource *src)
{
   /* Integer sources would need integer samplers and outputs: not yet.
    * Compressed ones are never renderable: sampling decodes them. */
   return src->glf && !(src->glf->flags & GV_GLF_RENDERABLE) &&
          !(src->fmt->flags & (GV_FMT_DEPTH | GV_FMT_STENCIL | GV_FMT_INTEGER));
}

static GLuint compile(GLenum type, bool gles, const char *body)
{
   const char *src[2] = { gles ? "#version 300 es\n" : "#version 330 core\n", body };
   char log[256];
   GLuint sh = gv_gl_compile(type, 2, src, log, sizeof(log));
   if (!sh)
      gv_error("BLIT: blit shader does not compile on the host: %s", log);
   return sh;
}

static GLuint build_program(bool gles, const char *fs_body)
{
   GLuint vs = compile(GL_VERTEX_SHADER, gles, vs_body);
   GLuint fs = vs ? compile(GL_FRAGMENT_SHADER, gles, fs_body) : 0;
   GLuint prog = 0;
   if (vs && fs) {
      prog = glCreateProgram();
      glAttachShader(prog, vs);
      glAttachShader(prog, fs);
      glLinkProgram(prog);
      GLint ok = 0;
      glGetProgramiv(prog, GL_LINK_STATUS, &ok);
      if (!ok) {
         gv_error("BLIT: blit program does not link on the host");
         glDeleteProgram(prog);
         prog = 0;
      }
   }
   glDeleteShader(vs);
   glDeleteShader(fs);
   return prog;
}

/* Draw state a draw may have left that would change what the quad writes.
 * A depth quad writes depth only; a colour quad the channels of `mask`. */
static void quad_state(const struct gv_hostapi *api, bool depth, uint32_t mask)
{
   if (depth) {
      glEnable(GL_DEPTH_TEST);
      glDepthFunc(GL_ALWAYS);
      glDepthMask(GL_TRUE);
      glDepthRangef(0.0f, 1.0f);
      glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
   } else {
      glDisable(GL_DEPTH_TEST);
      glColorMask(mask & 1, (mask >> 1) & 1, (mask >> 2) & 1, (mask >> 3) & 1);
   }
   glDisable(GL_BLEND);
   glDisable(GL_STENCIL_TEST);
   glDisable(GL_CULL_FACE);
   glDisable(GL_POLYGON_OFFSET_FILL);
   glDisable(GL_SAMPLE_ALPHA_TO_COVERAGE);
   glDisable(GL_SAMPLE_MASK);
   if (!api->gles || gv_hostapi_has_ext("GL_EXT_clip_cull_distance")) {
      for (unsigned i = 0; i < 8; i++)
         glDisable(GL_CLIP_DISTANCE0 + i);
   }
}

/* The source level as the whole view. Colour is seen as the guest format
 * through the storage swizzle (e.g. L8 stored as R8); depth as red only.
 * `tex` is the resource's 2D texture, or a 2D view of one of its layers. */
static void bind_source(const struct gv_resource *src, GLuint tex, uint32_t level, bool depth)
{
   static const GLenum pn[4] = { GL_TEXTURE_SWIZZLE_R, GL_TEXTURE_SWIZZLE_G, GL_TEXTURE_SWIZZLE_B,
                                 GL_TEXTURE_SWIZZLE_A };
   static const GLenum chan[6] = { GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA, GL_ZERO, GL_ONE };
   glActiveTexture(GL_TEXTURE0);
   glBindTexture(GL_TEXTURE_2D, tex);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_BASE_LEVEL, (GLint)level);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, (GLint)level);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_COMPARE_MODE, GL_NONE);
   if (depth) {
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_R, GL_RED);
      return;
   }
   for (int c = 0; c < 4; c++) {
      unsigned s = src->glf->swizzle[c];
      glTexParameteri(GL_TEXTURE_2D, pn[c], (GLint)(s < 6 ? chan[s] : GL_ZERO));
   }
}

/* Arrays and cube maps (faces are layers) are sampled through a 2D view of
 * the one level and layer (GL 4.3 / OES_texture_view): the quad's shaders
 * know sampler2D only. 0 when the host or the target has no such view. */
static GLuint layer_view(const struct gv_hostapi *api, const struct gv_resource *src,
                         uint32_t level, uint32_t layer)
{
   GLenum t = src->gl_target;
   bool layered = t == GL_TEXTURE_2D_ARRAY || t == GL_TEXTURE_CUBE_MAP || t == GL_TEXTURE_CUBE_MAP_ARRAY;
   if (!api->tex_view || !layered)
      return 0;
   GLuint view = 0;
   glGenTextures(1, &view);
   glTextureView(view, GL_TEXTURE_2D, src->tex, src->glf->internal_format, level, 1, layer, 1);
   return view;
}

/* A sampler of its own: the texture's filter state belongs to the guest. */
static GLuint make_sampler(bool linear)
{
   GLuint smp = 0;
   glGenSamplers(1, &smp);
   GLint f = linear ? GL_LINEAR : GL_NEAREST;
   glSamplerParameteri(smp, GL_TEXTURE_MIN_FILTER, f);
   glSamplerParameteri(smp, GL_TEXTURE_MAG_FILTER, f);
   glSamplerParameteri(smp, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
   glSamplerParameteri(smp, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
   return smp;
}

/* The quad's program in use with the mapping of destination pixels into
 * the source box (uniform map) and unit 0 as its source; the caller binds
 * the source and sets its own uniforms, then calls quad_draw_end. */
static GLuint quad_begin(GLuint prog, const struct gv_blit_info *info)
{
   const struct gv_box *sb = &info->src.box, *db = &info->dst.box;
   /* Boxes of a mirrored blit have negative sizes; the renderer refused zero ones. */
   float sx = (float)sb->w / (float)db->w, sy = (float)sb->h / (float)db->h;
   GLuint vao = 0;
   glGenVertexArrays(1, &vao);
   glBindVertexArray(vao);
   glUseProgram(prog);
   glUniform1i(glGetUniformLocation(prog, "src"), 0);
   glUniform4f(glGetUniformLocation(prog, "map"), (float)sb->x - (float)db->x * sx,
               (float)sb->y - (float)db->y * sy, sx, sy);
   return vao;
}

/* Draws the quad over the destination box with sampler `smp` on unit 0,
 * then deletes the sampler, the VAO and the program and leaves the state
 * as quad_state found it. */
static void quad_draw_end(const struct gv_hostapi *api, const struct gv_blit_info *info, GLuint prog,
                          GLuint vao, GLuint smp, bool depth)
{
   const struct gv_box *db = &info->dst.box;
   int32_t vx = db->w < 0 ? db->x + db->w : db->x, vy = db->h < 0 ? db->y + db->h : db->y;
   glBindSampler(0, smp);
   quad_state(api, depth, info->mask & GV_MASK_RGBA);
   glViewport(vx, vy, db->w < 0 ? -db->w : db->w, db->h < 0 ? -db->h : db->h);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
   glDisable(GL_DEPTH_TEST);
   glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
   glBindSampler(0, 0);
   glDeleteSamplers(1, &smp);
   glUseProgram(0);
   glBindVertexArray(0);
   glDeleteVertexArrays(1, &vao);
   glDeleteProgram(prog);
}

int gv_gl_blit_draw(struct gv_context *ctx, const struct gv_blit_info *info,
                    const struct gv_resource *src, uint32_t layer, bool depth)
{
   const struct gv_hostapi *api = &ctx->r->api;
   GLuint view = src->gl_target == GL_TEXTURE_2D ? 0 : layer_view(api, src, info->src.level, layer);
   if (src->gl_target != GL_TEXTURE_2D && !view) {
      gv_error("BLIT %s -> %s: drawing from this source target is not supported yet",
               src->fmt->name, gv_format_name(info->dst.format));
      return GV_E_UNSUPPORTED;
   }
   bool linear = info->filter != 0;
   const char *fs = depth ? (linear ? fs_depth_linear : fs_depth)
                          : (linear ? fs_colour_linear : fs_colour_nearest);
   GLuint prog = build_program(api->gles, fs);
   if (!prog)
      return GV_E_UNSUPPORTED;
   GLuint vao = quad_begin(prog, info);
   bind_source(src, view ? view : src->tex, view ? 0 : info->src.level, depth);
   quad_draw_end(api, info, prog, vao, make_sampler(linear), depth);
   glBindTexture(GL_TEXTURE_2D, 0);
   if (view)
      glDeleteTextures(1, &view);
   return GV_OK;
}

/* 3D sources drawn rather than blitted: scaled in depth with a LINEAR
 * filter (Gallium's 3D mipmap generation; glBlitFramebuffer reads one slice
 * per layer, while the blit filters across slices too), or not attachable
 * (RGB9E5 on GLES). The quad samples the 3D level at the centre of
 * destination slice `k` mapped into the source box. */
static const char *const fs_colour_volume =
   "uniform highp sampler3D src;\n"
   "uniform highp vec4 map;\n"
   "uniform highp float z;\n"
   "layout(location = 0) out highp vec4 color;\n"
   "void main()\n"
   "{\n"
   "   highp vec2 t = map.xy + gl_FragCoord.xy * map.zw;\n"
   "   color = texture(src, vec3(t / vec2(textureSize(src, 0).xy), z));\n"
   "}\n";

bool gv_gl_blit_volume_by_draw(const struct gv_blit_info *info, const struct gv_resource *src)
{
   if (src->gl_target != GL_TEXTURE_3D || !src->glf ||
       (src->fmt->flags & (GV_FMT_DEPTH | GV_FMT_STENCIL | GV_FMT_INTEGER)))
      return false;
   return (info->filter && info->src.box.d != info->dst.box.d) || gv_gl_blit_colour_by_draw(src);
}

static void bind_volume(const struct gv_resource *src, uint32_t level)
{
   static const GLenum pn[4] = { GL_TEXTURE_SWIZZLE_R, GL_TEXTURE_SWIZZLE_G, GL_TEXTURE_SWIZZLE_B,
                                 GL_TEXTURE_SWIZZLE_A };
   static const GLenum chan[6] = { GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA, GL_ZERO, GL_ONE };
   glActiveTexture(GL_TEXTURE0);
   glBindTexture(GL_TEXTURE_3D, src->tex);
   glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_BASE_LEVEL, (GLint)level);
   glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAX_LEVEL, (GLint)level);
   for (int c = 0; c < 4; c++) {
      unsigned sw = src->glf->swizzle[c];
      glTexParameteri(GL_TEXTURE_3D, pn[c], (GLint)(sw < 6 ? chan[sw] : GL_ZERO));
   }
}

int gv_gl_blit_draw_volume(struct gv_context *ctx, const struct gv_blit_info *info,
                           const struct gv_resource *src, int32_t k)
{
   const struct gv_hostapi *api = &ctx->r->api;
   GLuint prog = build_program(api->gles, fs_colour_volume);
   if (!prog)
      return GV_E_UNSUPPORTED;
   const struct gv_box *sb = &info->src.box, *db = &info->dst.box;
   uint32_t depth = src->desc.depth >> info->src.level;
   float z = ((float)sb->z + ((float)k + 0.5f) * (float)sb->d / (float)db->d) /
             (float)(depth ? depth : 1);
   GLuint vao = quad_begin(prog, info);
   glUniform1f(glGetUniformLocation(prog, "z"), z);
   bind_volume(src, info->src.level);
   GLuint smp = make_sampler(info->filter != 0);
   glSamplerParameteri(smp, GL_TEXTURE_WRAP_R, GL_CLAMP_TO_EDGE);
   quad_draw_end(api, info, prog, vao, smp, false);
   glBindTexture(GL_TEXTURE_3D, 0);
   return GV_OK;
}
