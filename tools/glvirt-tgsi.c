/* glvirt-tgsi: translate TGSI text files to GLSL for a chosen dialect.
 *
 *   glvirt-tgsi [options] FILE...
 *
 * One file: the GLSL goes to stdout. With --out-dir, each FILE becomes
 * DIR/<name>.<vert|tesc|tese|geom|frag|comp> (the stage suffixes
 * glslangValidator understands) and failures are listed as
 * "FAIL <file>: <reason>". --bench N translates every file N times and
 * prints the rate. Exit status: 0 when every file translated. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shader/glsl.h"

static void usage(FILE *f)
{
   fprintf(f,
           "usage: glvirt-tgsi [options] FILE...\n"
           "  --es                 GLSL ES host (default: desktop GL core)\n"
           "  --glsl-version=N     highest GLSL version of the host (default 450, ES 320)\n"
           "  --exts=all|none|LIST extensions the host has (space-separated GL names;\n"
           "                       default all that glvirt knows)\n"
           "  --out-dir=DIR        write DIR/<file>.<stage> instead of printing\n"
           "  --bench=N            translate all files N times and print shaders/s\n"
           "  --quiet              only the summary\n"
           "  --help\n");
}

static char *read_file(const char *path, size_t *len)
{
   FILE *f = fopen(path, "rb");
   if (!f)
      return NULL;
   size_t cap = 4096, n = 0;
   char *buf = malloc(cap);
   while (buf) {
      if (n == cap) {
         char *nb = cap > (64u << 20) ? NULL : realloc(buf, cap * 2);
         if (!nb) {
            free(buf);
            buf = NULL;
            break;
         }
         buf = nb;
         cap *= 2;
      }
      size_t r = fread(buf + n, 1, cap - n, f);
      if (r == 0)
         break;
      n += r;
   }
   fclose(f);
   /* Virgl sends the terminating NUL; files captured from the wire may
    * end with it. */
   while (buf && n && buf[n - 1] == 0)
      n--;
   *len = n;
   return buf;
}

static const char *stage_suffix(const char *text, size_t len)
{
   static const struct { const char *hdr, *suffix; } map[] = {
      { "VERT", "vert" }, { "TESS_CTRL", "tesc" }, { "TESS_EVAL", "tese" },
      { "GEOM", "geom" }, { "FRAG", "frag" }, { "COMP", "comp" },
   };
   for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
      size_t n = strlen(map[i].hdr);
      if (len >= n && !memcmp(text, map[i].hdr, n))
         return map[i].suffix;
   }
   return "glsl";
}

static double now(void)
{
   struct timespec ts;
   clock_gettime(CLOCK_MONOTONIC, &ts);
   return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
   bool es = false, quiet = false;
   unsigned version = 0, bench = 0;
   const char *exts = "all", *out_dir = NULL;
   enum { O_ES = 1, O_VER, O_EXTS, O_OUT, O_BENCH, O_QUIET, O_HELP };
   static const struct option opts[] = {
      { "es", no_argument, 0, O_ES },          { "glsl-version", required_argument, 0, O_VER },
      { "exts", required_argument, 0, O_EXTS }, { "out-dir", required_argument, 0, O_OUT },
      { "bench", required_argument, 0, O_BENCH }, { "quiet", no_argument, 0, O_QUIET },
      { "help", no_argument, 0, O_HELP },       { 0, 0, 0, 0 },
   };
   int o;
   while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
      switch (o) {
      case O_ES: es = true; break;
      case O_VER: version = (unsigned)strtoul(optarg, NULL, 10); break;
      case O_EXTS: exts = optarg; break;
      case O_OUT: out_dir = optarg; break;
      case O_BENCH: bench = (unsigned)strtoul(optarg, NULL, 10); break;
      case O_QUIET: quiet = true; break;
      case O_HELP: usage(stdout); return 0;
      default: usage(stderr); return 2;
      }
   }
   if (optind >= argc) {
      usage(stderr);
      return 2;
   }
   if (!version)
      version = es ? 320 : 450;
   struct gv_glsl_target target;
   if (!strcmp(exts, "all")) {
      target.es = es;
      target.version = (uint16_t)version;
      target.exts = ~0ull;
   } else {
      gv_glsl_target_from_extensions(&target, es, version, strcmp(exts, "none") ? exts : "");
   }
   struct gv_shader_key key;
   gv_shader_key_init(&key);

   int nfiles = argc - optind;
   char **texts = calloc((size_t)nfiles, sizeof(*texts));
   size_t *lens = calloc((size_t)nfiles, sizeof(*lens));
   if (!texts || !lens)
      return 1;
   unsigned ok = 0, failed = 0;
   size_t bytes = 0;
   for (int i = 0; i < nfiles; i++) {
      const char *path = argv[optind + i];
      texts[i] = read_file(path, &lens[i]);
      if (!texts[i]) {
         fprintf(stderr, "FAIL %s: cannot read: %s\n", path, strerror(errno));
         failed++;
         continue;
      }
      bytes += lens[i];
      struct gv_glsl_result r;
      char err[512];
      if (!gv_tgsi_to_glsl(texts[i], lens[i], &target, &key, &r, err, sizeof(err))) {
         if (!quiet || nfiles == 1)
            printf("FAIL %s: %s\n", path, err);
         failed++;
         continue;
      }
      ok++;
      if (out_dir) {
         const char *base = strrchr(path, '/');
         base = base ? base + 1 : path;
         char out[4096];
         snprintf(out, sizeof(out), "%s/%s.%s", out_dir, base, stage_suffix(texts[i], lens[i]));
         FILE *f = fopen(out, "w");
         if (!f || fwrite(r.glsl, 1, r.len, f) != r.len) {
            fprintf(stderr, "cannot write %s\n", out);
            failed++;
         }
         if (f)
            fclose(f);
      } else if (!bench) {
         fwrite(r.glsl, 1, r.len, stdout);
      }
      if (r.warnings[0] && !quiet)
         printf("WARN %s: %s\n", path, r.warnings);
      gv_glsl_result_free(&r);
   }
   if (bench) {
      struct gv_glsl_result r;
      char err[512];
      unsigned n = 0;
      double t0 = now();
      for (unsigned rep = 0; rep < bench; rep++) {
         for (int i = 0; i < nfiles; i++) {
            if (!texts[i])
               continue;
            if (gv_tgsi_to_glsl(texts[i], lens[i], &target, &key, &r, err, sizeof(err)))
               gv_glsl_result_free(&r);
            n++;
         }
      }
      double dt = now() - t0;
      printf("bench: %u translations of %d shaders (%zu bytes of TGSI) in %.3f s: %.0f shaders/s, "
             "%.1f MB/s\n", n, nfiles, bytes, dt, n / dt, (double)bytes * bench / dt / 1e6);
   }
   if (nfiles > 1 || out_dir)
      printf("%u translated, %u failed\n", ok, failed);
   for (int i = 0; i < nfiles; i++)
      free(texts[i]);
   free(texts);
   free(lens);
   return failed ? 1 : 0;
}
