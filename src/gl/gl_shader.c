/* Host side of shader objects: the GLSL dialect of the host, a check
 * compile of each new shader so a guest's broken or untranslatable shader
 * is reported when it arrives, and the --dump-shaders files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gl/gl_backend.h"
#include "renderer/renderer_priv.h"
#include "util/log.h"

GLuint gv_gl_compile(GLenum type, GLsizei count, const char *const *src, char *log,
                     size_t log_size)
{
   GLuint s = glCreateShader(type);
   glShaderSource(s, count, src, NULL);
   glCompileShader(s);
   GLint ok = 0;
   glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
   if (ok)
      return s;
   if (log_size) {
      log[0] = '\0';
      glGetShaderInfoLog(s, (GLsizei)log_size, NULL, log);
   }
   glDeleteShader(s);
   return 0;
}

bool gv_gl_link(GLuint prog, char *log, size_t log_size)
{
   glLinkProgram(prog);
   GLint ok = 0;
   glGetProgramiv(prog, GL_LINK_STATUS, &ok);
   if (!ok && log_size) {
      log[0] = '\0';
      glGetProgramInfoLog(prog, (GLsizei)log_size, NULL, log);
   }
   return ok;
}

void gv_gl_shader_target(struct gv_renderer *r)
{
   const char *sl = (const char *)glGetString(GL_SHADING_LANGUAGE_VERSION);
   unsigned major = 0, minor = 0;
   while (sl && *sl && (*sl < '0' || *sl > '9'))
      sl++;
   if (!sl || sscanf(sl, "%u.%u", &major, &minor) != 2)
      major = r->api.gles ? 3 : 3, minor = r->api.gles ? 0 : 30;
   GLint n = 0;
   glGetIntegerv(GL_NUM_EXTENSIONS, &n);
   size_t cap = 1, len = 0;
   char *exts = calloc(1, 1);
   for (GLint i = 0; exts && i < n; i++) {
      const char *e = (const char *)glGetStringi(GL_EXTENSIONS, (GLuint)i);
      if (!e || !gv_hostapi_has_ext(e))
         continue;
      size_t el = strlen(e);
      char *ne = realloc(exts, cap + el + 1);
      if (!ne)
         break;
      exts = ne;
      cap += el + 1;
      memcpy(exts + len, e, el);
      len += el;
      exts[len++] = ' ';
      exts[len] = 0;
   }
   gv_glsl_target_from_extensions(&r->glsl, r->api.gles, major * 100 + minor, exts ? exts : "");
   free(exts);
   static const uint8_t tgsi[GV_STAGE_COUNT] = { GV_TGSI_VERTEX, GV_TGSI_FRAGMENT, GV_TGSI_GEOMETRY,
                                                 GV_TGSI_TESS_CTRL, GV_TGSI_TESS_EVAL, GV_TGSI_COMPUTE };
   for (uint32_t s = 0; s < GV_STAGE_COUNT; s++) {
      r->glsl.ssbo_base[tgsi[s]] = r->res_layout.ssbo_base[s];
      r->glsl.image_base[tgsi[s]] = r->res_layout.image_base[s];
   }
}

static void dump(struct gv_context *ctx, uint32_t handle, const struct gv_shader *sh,
                 const char *suffix, const char *data, size_t len)
{
   const char *dir = ctx->r->cfg.shader_dump_dir;
   char path[4096];
   snprintf(path, sizeof(path), "%s/%d-%04u-%u-%s.%s", dir, (int)getpid(), ctx->shader_seq, handle,
            gv_tgsi_stage_name(sh->stage), suffix);
   FILE *f = fopen(path, "w");
   if (!f || fwrite(data, 1, len, f) != len)
      gv_warn("--dump-shaders: cannot write %s: %s", path, strerror(errno));
   if (f)
      fclose(f);
}

static GLenum gl_stage(uint32_t stage)
{
   switch (stage) {
   case GV_TGSI_VERTEX: return GL_VERTEX_SHADER;
   case GV_TGSI_TESS_CTRL: return GL_TESS_CONTROL_SHADER;
   case GV_TGSI_TESS_EVAL: return GL_TESS_EVALUATION_SHADER;
   case GV_TGSI_GEOMETRY: return GL_GEOMETRY_SHADER;
   case GV_TGSI_FRAGMENT: return GL_FRAGMENT_SHADER;
   default: return GL_COMPUTE_SHADER;
   }
}

int gv_gl_shader_check(struct gv_context *ctx, uint32_t handle, struct gv_shader *sh)
{
   struct gv_shader_key key;
   gv_shader_key_init(&key);
   key.shared_bytes = sh->req_local_mem;
   struct gv_glsl_result r;
   char err[512];
   bool dumping = ctx->r->cfg.shader_dump_dir != NULL;
   ctx->shader_seq++;
   if (dumping)
      dump(ctx, handle, sh, "tgsi", sh->text, strnlen(sh->text, sh->total));
   if (!gv_glsl_translate(&sh->tgsi, &ctx->r->glsl, &key, &r, err, sizeof(err))) {
      /* Valid TGSI the host cannot express: the draw path will refuse
       * programs using it; not an error of the client. */
      gv_warn("shader %u (%s) cannot be translated for this host: %s", handle,
              gv_tgsi_stage_name(sh->stage), err);
      if (dumping)
         dump(ctx, handle, sh, "err", err, strlen(err));
      return GV_OK;
   }
   if (r.warnings[0])
      gv_debug("shader %u: %s", handle, r.warnings);
   if (dumping)
      dump(ctx, handle, sh, "glsl", r.glsl, r.len);
   const char *src = r.glsl;
   char log[1024];
   GLuint s = gv_gl_compile(gl_stage(sh->stage), 1, &src, log, sizeof(log));
   if (!s) {
      gv_error("shader %u (%s): the host rejected its GLSL (a glvirt bug): %s", handle,
               gv_tgsi_stage_name(sh->stage), log);
      if (dumping)
         dump(ctx, handle, sh, "err", log, strlen(log));
   }
   glDeleteShader(s);
   gv_glsl_result_free(&r);
   return GV_OK;
}
