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

bool gv_gl_blit_depth_by_draw(const struct gv_resource *dst, const struct gv_resource *src)
{
   return src->glf && dst->glf && src->glf->internal_format != dst->glf->internal_format &&
          (src->fmt->flags & GV_FMT_DEPTH) && (dst->fmt->flags & GV_FMT_DEPTH);
}

bool gv_gl_blit_colour_by_draw(const struct gv_resource *src)
{
   /* Integer sources would need integer samplers and outputs: not yet. */
   return src->glf && !(src->glf->flags & GV_GLF_RENDERABLE) &&
          !(src->fmt->flags & (GV_FMT_DEPTH | GV_FMT_STENCIL | GV_FMT_INTEGER | GV_FMT_COMPRESSED));
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
 * through the storage swizzle (e.g. L8 stored as R8); depth as red only. */
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

/* The quad samples a 2D texture; a layer, face or depth slice of any other
 * single-sample source is first copied (same format, same bits) into a 2D
 * texture of its level's size. Returns that texture, or 0 (logged). */
static GLuint copy_layer_to_2d(const struct gv_hostapi *api, const struct gv_resource *src,
                               uint32_t level, uint32_t layer)
{
   if (!api->copy_image || src->gl_target == GL_TEXTURE_2D_MULTISAMPLE ||
       src->gl_target == GL_TEXTURE_2D_MULTISAMPLE_ARRAY || level >= src->nr_levels) {
      gv_error("BLIT %s: drawing from this source target is not supported on this host",
               src->fmt->name);
      return 0;
   }
   const struct gv_level_layout *l = &src->levels[level];
   GLuint tex = 0;
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   glTexStorage2D(GL_TEXTURE_2D, 1, src->glf->internal_format, (GLsizei)l->width,
                  src->gl_target == GL_TEXTURE_1D_ARRAY ? 1 : (GLsizei)l->height);
   glBindTexture(GL_TEXTURE_2D, 0);
   /* GL keeps the layers of a 1D array in y. */
   bool one_d = src->gl_target == GL_TEXTURE_1D || src->gl_target == GL_TEXTURE_1D_ARRAY;
   GLint y = src->gl_target == GL_TEXTURE_1D_ARRAY ? (GLint)layer : 0;
   GLint z = one_d ? 0 : (GLint)layer;
   glCopyImageSubData(src->tex, src->gl_target, (GLint)level, 0, y, z, tex, GL_TEXTURE_2D, 0, 0, 0, 0,
                      (GLsizei)l->width, one_d ? 1 : (GLsizei)l->height, 1);
   return tex;
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

int gv_gl_blit_draw(struct gv_context *ctx, const struct gv_blit_info *info,
                    const struct gv_resource *src, uint32_t src_layer, bool depth)
{
   const struct gv_hostapi *api = &ctx->r->api;
   GLuint copy = 0, tex = src->tex;
   uint32_t level = info->src.level;
   if (src->gl_target != GL_TEXTURE_2D) {
      if (!(copy = copy_layer_to_2d(api, src, level, src_layer)))
         return GV_E_UNSUPPORTED;
      tex = copy;
      level = 0;
   }
   bool linear = !depth && info->filter;
   GLuint prog = build_program(api->gles, depth ? fs_depth : linear ? fs_colour_linear : fs_colour_nearest);
   if (!prog) {
      glDeleteTextures(1, &copy);
      return GV_E_UNSUPPORTED;
   }
   const struct gv_box *sb = &info->src.box, *db = &info->dst.box;
   /* Boxes of a mirrored blit have negative sizes; the renderer refused zero ones. */
   float sx = (float)sb->w / (float)db->w, sy = (float)sb->h / (float)db->h;
   int32_t vx = db->w < 0 ? db->x + db->w : db->x, vy = db->h < 0 ? db->y + db->h : db->y;
   GLuint vao = 0;
   glGenVertexArrays(1, &vao);
   glBindVertexArray(vao);
   glUseProgram(prog);
   glUniform1i(glGetUniformLocation(prog, "src"), 0);
   glUniform4f(glGetUniformLocation(prog, "map"), (float)sb->x - (float)db->x * sx,
               (float)sb->y - (float)db->y * sy, sx, sy);
   bind_source(src, tex, level, depth);
   GLuint smp = make_sampler(linear);
   glBindSampler(0, smp);
   quad_state(api, depth, info->mask & GV_MASK_RGBA);
   glViewport(vx, vy, db->w < 0 ? -db->w : db->w, db->h < 0 ? -db->h : db->h);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
   glDisable(GL_DEPTH_TEST);
   glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
   glBindSampler(0, 0);
   glDeleteSamplers(1, &smp);
   glBindTexture(GL_TEXTURE_2D, 0);
   glUseProgram(0);
   glBindVertexArray(0);
   glDeleteVertexArrays(1, &vao);
   glDeleteProgram(prog);
   glDeleteTextures(1, &copy);
   return GV_OK;
}
