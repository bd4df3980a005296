/* glvirt-shader-check: translates TGSI files for the live host GL and
 * compiles the GLSL there, the way the renderer will.
 *
 *   glvirt-shader-check --gl=core|es [--link LIST] FILE...
 *
 * The dialect comes from the host itself (GLSL version and extension
 * string). Each file that fails prints "FAIL <file>: <stage of failure>:
 * <message>"; the last line is "N ok, N failed". With --link LIST, every
 * line of LIST ("vs=FILE fs=FILE [gs=FILE] [tcs=FILE] [tes=FILE]") is also
 * translated with linkage keys and linked into one program
 * ("FAIL link <line>: ..."). */
#include <epoxy/gl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/egl_host.h"
#include "shader/glsl.h"

static struct gv_glsl_target target;
static unsigned skipped;

static char *read_text(const char *path, size_t *len)
{
   FILE *f = fopen(path, "rb");
   if (!f)
      return NULL;
   fseek(f, 0, SEEK_END);
   long n = ftell(f);
   fseek(f, 0, SEEK_SET);
   char *b = n >= 0 && n < (64 << 20) ? malloc((size_t)n + 1) : NULL;
   if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
      free(b);
      b = NULL;
   }
   fclose(f);
   if (!b)
      return NULL;
   while (n > 0 && b[n - 1] == 0)
      n--;
   b[n] = 0;
   *len = (size_t)n;
   return b;
}

static GLenum gl_stage(enum gv_tgsi_stage s)
{
   switch (s) {
   case GV_TGSI_VERTEX: return GL_VERTEX_SHADER;
   case GV_TGSI_TESS_CTRL: return GL_TESS_CONTROL_SHADER;
   case GV_TGSI_TESS_EVAL: return GL_TESS_EVALUATION_SHADER;
   case GV_TGSI_GEOMETRY: return GL_GEOMETRY_SHADER;
   case GV_TGSI_FRAGMENT: return GL_FRAGMENT_SHADER;
   default: return GL_COMPUTE_SHADER;
   }
}

/* Compiles; on failure copies the first line of the info log to msg. */
static GLuint compile(enum gv_tgsi_stage stage, const char *glsl, char *msg, size_t msg_size)
{
   GLuint sh = glCreateShader(gl_stage(stage));
   glShaderSource(sh, 1, &glsl, NULL);
   glCompileShader(sh);
   GLint ok = 0;
   glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
   if (!ok) {
      char log[2048] = "";
      glGetShaderInfoLog(sh, sizeof(log), NULL, log);
      char *nl = strchr(log, '\n');
      if (nl)
         *nl = 0;
      snprintf(msg, msg_size, "%s", log);
      glDeleteShader(sh);
      return 0;
   }
   return sh;
}

static bool check_file(const char *path)
{
   size_t len;
   char *text = read_text(path, &len);
   if (!text) {
      printf("FAIL %s: read: cannot read\n", path);
      return false;
   }
   struct gv_tgsi_shader sh;
   char err[512];
   bool ok = false;
   if (!gv_tgsi_parse(text, len, &sh, err, sizeof(err))) {
      printf("FAIL %s: parse: %s\n", path, err);
   } else {
      struct gv_glsl_result r;
      if (!gv_glsl_translate(&sh, &target, NULL, &r, err, sizeof(err))) {
         printf("FAIL %s: translate: %s\n", path, err);
      } else {
         char msg[512];
         GLuint s = compile(sh.stage, r.glsl, msg, sizeof(msg));
         if (!s)
            printf("FAIL %s: compile: %s\n", path, msg);
         glDeleteShader(s);
         ok = s != 0;
         gv_glsl_result_free(&r);
      }
   }
   gv_tgsi_free(&sh);
   free(text);
   return ok;
}

/* One program: parse all stages, derive each stage's key from the next,
 * compile, link. */
static bool check_link(const char *line)
{
   static const char *names[] = { "vs=", "tcs=", "tes=", "gs=", "fs=" };
   char *paths[5] = { 0 };
   char *copy = strdup(line), *save = NULL;
   for (char *tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
      for (int i = 0; i < 5; i++) {
         size_t n = strlen(names[i]);
         if (!strncmp(tok, names[i], n))
            paths[i] = tok + n;
      }
   }
   struct gv_tgsi_shader sh[5];
   bool have[5] = { 0 };
   char err[512];
   bool ok = true;
   char *texts[5] = { 0 };
   for (int i = 0; i < 5 && ok; i++) {
      if (!paths[i])
         continue;
      size_t len;
      texts[i] = read_text(paths[i], &len);
      if (!texts[i] || !gv_tgsi_parse(texts[i], len, &sh[i], err, sizeof(err))) {
         printf("FAIL link %s: parse %s: %s\n", line, paths[i], texts[i] ? err : "cannot read");
         if (texts[i])
            gv_tgsi_free(&sh[i]);
         ok = false;
         break;
      }
      have[i] = true;
   }
   GLuint prog = glCreateProgram();
   /* Two passes: GLSL ES links only stages of one #version. */
   uint16_t version = 0;
   for (int pass = 0; pass < 2 && ok; pass++) {
   for (int i = 0; i < 5 && ok; i++) {
      if (!have[i])
         continue;
      struct gv_shader_key key;
      gv_shader_key_init(&key);
      int prev = -1;
      for (int j = i - 1; j >= 0; j--) {
         if (have[j]) {
            prev = j;
            break;
         }
      }
      key.prev_stage = prev >= 0 ? (uint8_t)sh[prev].stage : GV_TGSI_STAGE_COUNT;
      for (int j = i + 1; j < 5; j++) {
         if (have[j]) {
            gv_shader_key_from_next(&key, &sh[j]);
            break;
         }
      }
      key.min_version = version;
      struct gv_glsl_result r;
      if (!gv_glsl_translate(&sh[i], &target, &key, &r, err, sizeof(err))) {
         /* The shader's own check reports it (and its expectation). */
         printf("SKIP link %s: translate %s: %s\n", line, paths[i], err);
         skipped++;
         ok = false;
         break;
      }
      if (pass == 0) {
         if (r.version > version)
            version = r.version;
         gv_glsl_result_free(&r);
         continue;
      }
      char msg[512];
      GLuint s = compile(sh[i].stage, r.glsl, msg, sizeof(msg));
      gv_glsl_result_free(&r);
      if (!s) {
         printf("FAIL link %s: compile %s: %s\n", line, paths[i], msg);
         ok = false;
         break;
      }
      glAttachShader(prog, s);
      glDeleteShader(s);
   }
   }
   if (ok) {
      glLinkProgram(prog);
      GLint linked = 0;
      glGetProgramiv(prog, GL_LINK_STATUS, &linked);
      if (!linked) {
         char log[2048] = "";
         glGetProgramInfoLog(prog, sizeof(log), NULL, log);
         char *nl = strchr(log, '\n');
         if (nl)
            *nl = 0;
         printf("FAIL link %s: link: %s\n", line, log);
         ok = false;
      }
   }
   glDeleteProgram(prog);
   for (int i = 0; i < 5; i++) {
      if (have[i])
         gv_tgsi_free(&sh[i]);
      free(texts[i]);
   }
   free(copy);
   return ok;
}

int main(int argc, char **argv)
{
   struct gv_renderer_config cfg = { .api = GV_API_CORE, .platform = GV_EGL_SURFACELESS };
   const char *link_list = NULL;
   static const struct option opts[] = { { "gl", required_argument, 0, 'g' },
                                         { "link", required_argument, 0, 'l' },
                                         { 0, 0, 0, 0 } };
   int o;
   while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
      if (o == 'g' && !strcmp(optarg, "es"))
         cfg.api = GV_API_ES;
      else if (o == 'l')
         link_list = optarg;
      else if (o != 'g') {
         fprintf(stderr, "usage: glvirt-shader-check --gl=core|es [--link LIST] FILE...\n");
         return 2;
      }
   }
   struct gv_egl_host *host = gv_egl_host_create(&cfg);
   if (!host) {
      fprintf(stderr, "glvirt-shader-check: no host GL context\n");
      return 1;
   }
   bool es = gv_egl_host_is_gles(host);
   const char *sl = (const char *)glGetString(GL_SHADING_LANGUAGE_VERSION);
   unsigned major = 0, minor = 0;
   const char *digits = sl;
   while (digits && *digits && (*digits < '0' || *digits > '9'))
      digits++;
   if (!digits || sscanf(digits, "%u.%u", &major, &minor) != 2) {
      fprintf(stderr, "cannot parse GL_SHADING_LANGUAGE_VERSION '%s'\n", sl ? sl : "");
      return 1;
   }
   /* The extension list as one string, as the renderer builds it. */
   GLint n = 0;
   glGetIntegerv(GL_NUM_EXTENSIONS, &n);
   size_t cap = 1, len = 0;
   char *exts = calloc(1, 1);
   for (GLint i = 0; i < n; i++) {
      const char *e = (const char *)glGetStringi(GL_EXTENSIONS, (GLuint)i);
      size_t el = strlen(e);
      char *ne = realloc(exts, cap + el + 1);
      if (!ne)
         return 1;
      exts = ne;
      cap += el + 1;
      memcpy(exts + len, e, el);
      len += el;
      exts[len++] = ' ';
      exts[len] = 0;
   }
   gv_glsl_target_from_extensions(&target, es, major * 100 + minor, exts);
   free(exts);
   fprintf(stderr, "host: %s, GLSL %s%u\n", (const char *)glGetString(GL_VERSION), es ? "ES " : "",
           target.version);
   unsigned ok = 0, failed = 0;
   for (int i = optind; i < argc; i++)
      check_file(argv[i]) ? ok++ : failed++;
   if (link_list) {
      FILE *f = fopen(link_list, "r");
      char line[4096];
      while (f && fgets(line, sizeof(line), f)) {
         line[strcspn(line, "\n")] = 0;
         unsigned before = skipped;
         if (line[0] && !check_link(line) && skipped == before)
            failed++;
         else if (line[0] && skipped == before)
            ok++;
      }
      if (f)
         fclose(f);
   }
   printf("%u ok, %u failed, %u programs skipped\n", ok, failed, skipped);
   gv_egl_host_destroy(host);
   return failed ? 1 : 0;
}
