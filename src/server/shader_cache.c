#include "server/shader_cache.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"

static struct {
   bool on;
   char dir[4096];
   uint64_t max_bytes;
} cache;

static int make_dirs(char *path)
{
   for (char *p = path + 1; *p; p++) {
      if (*p != '/')
         continue;
      *p = '\0';
      int rc = mkdir(path, 0700);
      *p = '/';
      if (rc < 0 && errno != EEXIST)
         return -1;
   }
   return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

int gv_shader_cache_setup(bool enabled, const char *dir, uint64_t max_bytes)
{
   if (!enabled) {
      setenv("MESA_SHADER_CACHE_DISABLE", "true", 1);
      printf("glvirt: shader cache: off\n");
      fflush(stdout);
      return 0;
   }
   /* The user's own switch for Mesa's cache counts unless a directory is
    * named on the command line. */
   const char *off = getenv("MESA_SHADER_CACHE_DISABLE");
   if (!dir && off && (!strcmp(off, "true") || !strcmp(off, "1"))) {
      printf("glvirt: shader cache: off (MESA_SHADER_CACHE_DISABLE is set; --shader-cache DIR "
             "turns it on)\n");
      fflush(stdout);
      return 0;
   }
   if (dir && !dir[0]) {
      fprintf(stderr, "glvirt-server: --shader-cache needs a directory (--no-shader-cache turns "
                      "the cache off)\n");
      return -1;
   }
   const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
   int n;
   if (dir)
      n = snprintf(cache.dir, sizeof(cache.dir), "%s", dir);
   else if (xdg && xdg[0] == '/')
      n = snprintf(cache.dir, sizeof(cache.dir), "%s/glvirt", xdg);
   else if (home && home[0] == '/')
      n = snprintf(cache.dir, sizeof(cache.dir), "%s/.cache/glvirt", home);
   else {
      /* Mesa would guess a place of its own, which the trim would not know. */
      setenv("MESA_SHADER_CACHE_DISABLE", "true", 1);
      printf("glvirt: shader cache: off (no HOME or XDG_CACHE_HOME; --shader-cache DIR sets one)\n");
      fflush(stdout);
      return 0;
   }
   if (n < 0 || (size_t)n >= sizeof(cache.dir)) {
      fprintf(stderr, "glvirt-server: shader cache directory name too long\n");
      return -1;
   }
   if (make_dirs(cache.dir) < 0) {
      fprintf(stderr, "glvirt-server: cannot make the shader cache directory %s: %s\n", cache.dir,
              strerror(errno));
      return -1;
   }
   cache.on = true;
   cache.max_bytes = max_bytes;
   /* The multi-file layout opens a file per entry, which the sandbox refuses:
    * single-file mode keeps its two files open from context creation on. */
   setenv("MESA_SHADER_CACHE_DIR", cache.dir, 1);
   setenv("MESA_DISK_CACHE_SINGLE_FILE", "1", 1);
   unsetenv("MESA_SHADER_CACHE_DISABLE");
   printf("glvirt: shader cache: %s (started afresh past %" PRIu64 " KiB)\n", cache.dir, max_bytes >> 10);
   /* Not again from the host probe's and each client's copy of the buffer. */
   fflush(stdout);
   return 0;
}

/* Mesa keeps the cache a level or two below the directory (a folder per
 * mode, one per driver); deeper trees are not its. */
enum { MAX_DEPTH = 4 };

/* Sums (remove false) or removes (remove true) the regular files below path. */
static uint64_t walk(const char *path, int depth, bool remove)
{
   DIR *d = opendir(path);
   if (!d)
      return 0;
   uint64_t total = 0;
   struct dirent *e;
   while ((e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
         continue;
      char sub[4096 + 256];
      struct stat st;
      int n = snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
      if (n < 0 || (size_t)n >= sizeof(sub) || lstat(sub, &st) < 0)
         continue;
      if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH) {
         total += walk(sub, depth + 1, remove);
      } else if (S_ISREG(st.st_mode)) {
         total += (uint64_t)st.st_size;
         if (remove && unlink(sub) < 0)
            gv_warn("shader cache: cannot remove %s: %s", sub, strerror(errno));
      }
   }
   closedir(d);
   return total;
}

void gv_shader_cache_trim(void)
{
   if (!cache.on)
      return;
   uint64_t size = walk(cache.dir, 0, false);
   if (size <= cache.max_bytes)
      return;
   gv_info("shader cache: %" PRIu64 " KiB in %s is past its limit; starting it afresh", size >> 10,
           cache.dir);
   walk(cache.dir, 0, true);
}
