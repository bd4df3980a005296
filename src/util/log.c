#include "util/log.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char log_prefix[96] = "glvirt";
static enum gv_log_level log_level = GV_LOG_INFO;
static void (*log_sink)(enum gv_log_level level, const char *msg);

void gv_log_set_sink(void (*sink)(enum gv_log_level level, const char *msg))
{
   log_sink = sink;
}

void gv_log_set_prefix(const char *prefix)
{
   snprintf(log_prefix, sizeof(log_prefix), "%s", prefix);
}

void gv_log_set_level(enum gv_log_level level)
{
   log_level = level;
}

bool gv_log_enabled(enum gv_log_level level)
{
   return level <= log_level;
}

void gv_logv(enum gv_log_level level, const char *fmt, va_list ap)
{
   static const char *const names[] = { "error", "warning", "info", "debug" };
   char msg[1024];

   if (!gv_log_enabled(level))
      return;
   vsnprintf(msg, sizeof(msg), fmt, ap);
   if (log_sink) {
      log_sink(level, msg);
      return;
   }
   /* One write per line so lines of concurrent client processes do not interleave. */
   char line[1200];
   int n = snprintf(line, sizeof(line), "%s: %s: %s\n", log_prefix, names[level], msg);
   if (n < 0)
      return;
   if ((size_t)n >= sizeof(line))
      n = sizeof(line) - 1;
   ssize_t unused = write(STDERR_FILENO, line, (size_t)n);
   (void)unused;
}

void gv_log(enum gv_log_level level, const char *fmt, ...)
{
   va_list ap;
   va_start(ap, fmt);
   gv_logv(level, fmt, ap);
   va_end(ap);
}
