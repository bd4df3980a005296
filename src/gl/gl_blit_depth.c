/* Depth blits between different depth formats. glBlitFramebuffer copies
 * depth only between identical formats, while Gallium blits convert (Mesa
 * copies a Z24S8 window depth into a Z16 or Z32F texture this way, e.g.
 * glCopyTexImage): a quad samples the source depth and writes it as the
 * fragment depth. The program is built per blit and deleted after it: such
 * blits are rare, and a cached name would not be valid in a library context
 * that does not share objects. */
#include "gl/gl_backend.h"
#include "util/log.h"

static const char *const vs_body =
   "void main()\n"
   "{\n"
   "   vec2 p = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));\n"
   "   gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);\n"
   "}\n";

/* map: source texel = map.xy + window position * map.zw (nearest). */
static const char *const fs_body =
   "uniform highp sampler2D src;\n"
   "uniform highp vec4 map;\n"
   "void main()\n"
   "{\n"
   "   ivec2 t = ivec2(floor(map.xy + gl_FragCoord.xy * map.zw));\n"
   "   gl_FragDepth = texelFetch(src, t, 0).r;\n"
   "}\n";

bool gv_gl_blit_depth_by_draw(const struct gv_resource *dst, const struct gv_resource *src)
{
   return src->glf && dst->glf && src->glf->internal_format != dst->glf->internal_format &&
          (src->fmt->flags & GV_FMT_DEPTH) && (dst->fmt->flags & GV_FMT_DEPTH);
}

static GLuint compile(GLenum type, bool gles, const char *body)
{
   const char *src[2] = { gles ? "#version 300 es\n" : "#version 330 core\n", body };
   char log[256];
   GLuint sh = gv_gl_compile(type, 2, src, log, sizeof(log));
   if (!sh)
      gv_error("BLIT: depth blit shader does not compile on the host: %s", log);
   return sh;
}

static GLuint build_program(bool gles)
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
         gv_error("BLIT: depth blit program does not link on the host");
         glDeleteProgram(prog);
         prog = 0;
      }
   }
   glDeleteShader(vs);
   glDeleteShader(fs);
   return prog;
}

/* Draw state a draw may have left that would change what the quad writes. */
static void quad_state(const struct gv_hostapi *api)
{
   glEnable(GL_DEPTH_TEST);
   glDepthFunc(GL_ALWAYS);
   glDepthMask(GL_TRUE);
   glDepthRangef(0.0f, 1.0f);
   glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
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

static void bind_source(const struct gv_resource *src, uint32_t level)
{
   glActiveTexture(GL_TEXTURE0);
   glBindTexture(GL_TEXTURE_2D, src->tex);
   glBindSampler(0, 0);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_BASE_LEVEL, (GLint)level);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, (GLint)level);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_R, GL_RED);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_COMPARE_MODE, GL_NONE);
}

int gv_gl_blit_depth_draw(struct gv_context *ctx, const struct gv_blit_info *info,
                          const struct gv_resource *src)
{
   const struct gv_hostapi *api = &ctx->r->api;
   if (src->gl_target != GL_TEXTURE_2D) {
      gv_error("BLIT %s -> %s: converting depth from this source target is not supported yet",
               src->fmt->name, gv_format_name(info->dst.format));
      return GV_E_UNSUPPORTED;
   }
   GLuint prog = build_program(api->gles);
   if (!prog)
      return GV_E_UNSUPPORTED;
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
   bind_source(src, info->src.level);
   quad_state(api);
   glViewport(vx, vy, db->w < 0 ? -db->w : db->w, db->h < 0 ? -db->h : db->h);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
   glDisable(GL_DEPTH_TEST);
   glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
   glBindTexture(GL_TEXTURE_2D, 0);
   glUseProgram(0);
   glBindVertexArray(0);
   glDeleteVertexArrays(1, &vao);
   glDeleteProgram(prog);
   return GV_OK;
}
