/* Logging to stderr with a per-process prefix ("glvirt[pid name]").
 * Client-caused problems are errors of that client, not of the server: they
 * are logged here and the offending context is marked, never asserted on. */
#ifndef GLVIRT_UTIL_LOG_H
#define GLVIRT_UTIL_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum gv_log_level { GV_LOG_ERROR, GV_LOG_WARN, GV_LOG_INFO, GV_LOG_DEBUG };

void gv_log_set_prefix(const char *prefix);
void gv_log_set_level(enum gv_log_level level);
/* Sends each line (without prefix or newline) to `sink` instead of stderr;
 * NULL restores stderr. For hosts with their own log (the library API). */
void gv_log_set_sink(void (*sink)(enum gv_log_level level, const char *msg));
bool gv_log_enabled(enum gv_log_level level);
void gv_logv(enum gv_log_level level, const char *fmt, va_list ap)
   __attribute__((format(printf, 2, 0)));
void gv_log(enum gv_log_level level, const char *fmt, ...)
   __attribute__((format(printf, 2, 3)));

#define gv_error(...) gv_log(GV_LOG_ERROR, __VA_ARGS__)
#define gv_warn(...)  gv_log(GV_LOG_WARN, __VA_ARGS__)
#define gv_info(...)  gv_log(GV_LOG_INFO, __VA_ARGS__)
#define gv_debug(...) do { if (gv_log_enabled(GV_LOG_DEBUG)) gv_log(GV_LOG_DEBUG, __VA_ARGS__); } while (0)

#endif
