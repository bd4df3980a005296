/* glvirt-server: the vtest server. The parent only listens and accepts;
 * each client is served (server/vtest_conn.c) in its own forked process,
 * which creates its own host GL context and enters the sandbox, so a client
 * that crashes or hangs affects nobody else. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define GV_LEAK_CHECK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GV_LEAK_CHECK 1
#endif
#endif
#ifdef GV_LEAK_CHECK
#include <sanitizer/lsan_interface.h>
#endif

#include "renderer/renderer.h"
#include "server/sandbox.h"
#include "server/shader_cache.h"
#include "server/vtest_conn.h"
#include "util/log.h"

/* Fails closed: a client the sandbox was asked for is never served without it. */
static int serve(int fd, const struct gv_renderer_config *cfg, bool sandbox)
{
   struct gv_renderer *r;
   if (gv_renderer_create(cfg, &r) < 0) {
      gv_error("no usable host GL for this client");
      close(fd);
      return 1;
   }
   if (sandbox && gv_sandbox_enter() < 0) {
      gv_error("sandbox: not serving this client unsandboxed (glvirt-server --no-sandbox would)");
      gv_renderer_destroy(r);
      close(fd);
      return 1;
   }
   gv_vtest_serve(fd, r);
   close(fd);
   int status = 0;
#ifdef GV_LEAK_CHECK
   /* Client processes end in _exit(), which skips LeakSanitizer's exit
    * check; run it here (it obeys ASAN_OPTIONS=detect_leaks), after the
    * client's context is gone but before EGL unloads the host driver, whose
    * own leaks could then no longer be told apart by their module. Its
    * thread suspension needs ptrace, which the sandbox forbids. */
   if (!sandbox && __lsan_do_recoverable_leak_check())
      status = 1;
#endif
   gv_renderer_destroy(r);
   return status;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
   (void)sig;
   stop = 1;
}

static void on_child(int sig)
{
   (void)sig;
}

/* Says once at start whether client processes will be sandboxed, and
 * returns whether they will. */
static bool sandbox_mode(bool wanted, bool no_fork)
{
   if (!wanted) {
      fprintf(stderr, "glvirt-server: warning: --no-sandbox: client processes run unsandboxed\n");
      return false;
   }
   if (no_fork) {
      /* The filter would forbid the server its own accept() and fork(). */
      fprintf(stderr, "glvirt-server: warning: --no-fork: clients are served unsandboxed in the server process\n");
      return false;
   }
   if (!gv_sandbox_available()) {
      fprintf(stderr, "glvirt-server: warning: built without libseccomp: client processes run unsandboxed\n");
      return false;
   }
   return true;
}

/* 1 is what a process that made a denied system call exits with. */
enum { PROBE_NO_HOST = 2, PROBE_NO_SANDBOX = 3 };

/* Probes the host in a child so the server never initialises GL itself
 * (each client process gets a clean EGL after fork). The child also enters
 * the sandbox, then creates a context and tears its GL down inside it, so a
 * kernel without seccomp, or a host driver that needs more than the filter
 * allows (a GPU's ioctls), is reported now rather than at every client. */
static int probe_host(const struct gv_renderer_config *cfg, bool sandbox)
{
   pid_t probe = fork();
   if (probe == 0) {
      struct gv_renderer *r;
      if (gv_renderer_create(cfg, &r) < 0)
         _exit(PROBE_NO_HOST);
      printf("glvirt: host: %s\n", gv_renderer_describe(r));
      fflush(stdout);
      if (sandbox) {
         if (gv_sandbox_enter() < 0)
            _exit(PROBE_NO_SANDBOX);
         gv_context_destroy(gv_context_create(r, "probe"));
      }
      gv_renderer_destroy(r);
      _exit(0);
   }
   int st = 0;
   if (probe < 0 || waitpid(probe, &st, 0) < 0) {
      fprintf(stderr, "glvirt-server: cannot run the host probe: %s\n", strerror(errno));
      return -1;
   }
   if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
      if (sandbox)
         printf("glvirt: client processes run in a seccomp sandbox\n");
      return 0;
   }
   /* A denied call exits with 1; a call through a foreign ABI is SIGSYS. */
   bool sandbox_fault = sandbox && (WIFEXITED(st) ? WEXITSTATUS(st) != PROBE_NO_HOST
                                                  : WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
   if (sandbox_fault)
      fprintf(stderr, "glvirt-server: the client sandbox does not work here (see above); "
                      "--no-sandbox serves clients without it\n");
   else
      fprintf(stderr, "glvirt-server: no usable host GL for the requested API/platform (see above)\n");
   return -1;
}

/* A count or a size with an optional K/M/G suffix (powers of 1024), above 0
 * and at most `max`. */
static bool parse_amount(const char *opt, const char *arg, uint64_t max, uint64_t *out)
{
   char *end;
   errno = 0;
   uint64_t v = strtoull(arg, &end, 10);
   unsigned shift = 0;
   if (*end && !end[1]) {
      switch (*end) {
      case 'K': case 'k': shift = 10; end++; break;
      case 'M': case 'm': shift = 20; end++; break;
      case 'G': case 'g': shift = 30; end++; break;
      default: break;
      }
   }
   if (errno || end == arg || *end || arg[0] == '-' || v == 0 || v > (max >> shift)) {
      fprintf(stderr, "glvirt-server: --%s takes a number from 1 to %" PRIu64 " (K/M/G suffixes allowed), "
                      "not '%s'\n", opt, max, arg);
      return false;
   }
   *out = v << shift;
   return true;
}

static void usage(FILE *f)
{
   fprintf(f,
      "usage: glvirt-server [options]\n"
      "  --socket-path PATH   listening socket (default /tmp/.virgl_test)\n"
      "  --gl=core|es|on      host API: GL core, OpenGL ES, or core falling back to ES (default on)\n"
      "  --use-gles           same as --gl=es\n"
      "  --egl=auto|surfaceless|device|gbm   EGL platform (default auto)\n"
      "  --use-egl-surfaceless same as --egl=surfaceless\n"
      "  --render-node PATH   GPU for --egl=device/gbm\n"
      "  --no-fork            serve clients one at a time in this process (unsandboxed,\n"
      "                       no watchdog)\n"
      "  --no-sandbox         serve clients without the seccomp sandbox (on by default)\n"
      "  --deny-ext LIST      host GL extensions to treat as absent (comma-separated)\n"
      "  --no-robust          do not ask the host for a robust GL context (on by default\n"
      "                       where EGL_EXT_create_context_robustness is offered)\n"
      "  --dump-shaders DIR   write every received TGSI shader and its GLSL to DIR\n"
      "                       (debugging; client processes then run unsandboxed)\n"
      "  --shader-cache DIR   the host driver's shader cache, shared by all clients\n"
      "                       (default $XDG_CACHE_HOME/glvirt or ~/.cache/glvirt)\n"
      "  --no-shader-cache    every client compiles every shader itself\n"
      "  --max-shader-cache SIZE  start the cache afresh past this size (default 64M)\n"
      "  --verbose / --quiet  more / less logging\n"
      "Per-client limits (exceeding one is an error for that client only; sizes take K/M/G):\n"
      "  --max-resources N      live resources (default 1048576)\n"
      "  --max-objects N        live objects over all sub-contexts (default 1048576)\n"
      "  --max-sub-contexts N   sub-contexts (default 1024)\n"
      "  --max-shader-text SIZE TGSI text of one shader (default and maximum 1M)\n"
      "  --max-shader-bytes SIZE TGSI text of all live shaders (default 256M)\n"
      "  --max-host-memory SIZE host textures and buffers (default 4G)\n"
      "  --max-guest-memory SIZE resource memory shared with the client (default 4G)\n"
      "  --max-command-size SIZE one command buffer (default 16M)\n"
      "  --max-command-time S   seconds one request may keep the host busy before the\n"
      "                         client is ended (default 60)\n"
      "  --version, --help\n");
}

int main(int argc, char **argv)
{
   const char *path = "/tmp/.virgl_test";
   struct gv_renderer_config cfg = { .api = GV_API_ON, .platform = GV_EGL_AUTO };
   bool no_fork = false, sandbox = true, shader_cache = true;
   const char *shader_cache_dir = NULL;
   /* Mesa's single-file cache reads its whole index when each client starts:
    * about 180 ms at 323M (measured under load), which outweighed what the
    * cache saved on short piglit tests. */
   uint64_t shader_cache_max = 64ull << 20;
   cfg.robust = true;
   enum { O_SOCK = 256, O_GL, O_GLES, O_EGL, O_SURF, O_NODE, O_NOFORK, O_NOSANDBOX, O_DENY, O_DUMP, O_VERB, O_QUIET,
          O_VER, O_HELP, O_NOROBUST, O_MAX_RES, O_MAX_OBJ, O_MAX_SUB, O_MAX_TEXT, O_MAX_SHADERS,
          O_MAX_HOST, O_MAX_GUEST, O_MAX_CMD, O_MAX_TIME, O_CACHE, O_NOCACHE, O_MAX_CACHE };
   static const struct option opts[] = {
      { "socket-path", required_argument, 0, O_SOCK }, { "gl", required_argument, 0, O_GL },
      { "use-gles", no_argument, 0, O_GLES }, { "egl", required_argument, 0, O_EGL },
      { "use-egl-surfaceless", no_argument, 0, O_SURF }, { "render-node", required_argument, 0, O_NODE },
      { "no-fork", no_argument, 0, O_NOFORK }, { "no-sandbox", no_argument, 0, O_NOSANDBOX },
      { "deny-ext", required_argument, 0, O_DENY }, { "dump-shaders", required_argument, 0, O_DUMP },
      { "verbose", no_argument, 0, O_VERB }, { "quiet", no_argument, 0, O_QUIET },
      { "version", no_argument, 0, O_VER }, { "help", no_argument, 0, O_HELP },
      { "no-robust", no_argument, 0, O_NOROBUST },
      { "max-resources", required_argument, 0, O_MAX_RES }, { "max-objects", required_argument, 0, O_MAX_OBJ },
      { "max-sub-contexts", required_argument, 0, O_MAX_SUB },
      { "max-shader-text", required_argument, 0, O_MAX_TEXT },
      { "max-shader-bytes", required_argument, 0, O_MAX_SHADERS },
      { "max-host-memory", required_argument, 0, O_MAX_HOST },
      { "max-guest-memory", required_argument, 0, O_MAX_GUEST },
      { "max-command-size", required_argument, 0, O_MAX_CMD },
      { "max-command-time", required_argument, 0, O_MAX_TIME },
      { "shader-cache", required_argument, 0, O_CACHE }, { "no-shader-cache", no_argument, 0, O_NOCACHE },
      { "max-shader-cache", required_argument, 0, O_MAX_CACHE }, { 0, 0, 0, 0 } };
   struct gv_limits *lim = &cfg.limits;
   uint64_t v;
   int o;
   while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
      switch (o) {
      case O_SOCK: path = optarg; break;
      case O_GL:
         if (!strcmp(optarg, "core")) cfg.api = GV_API_CORE;
         else if (!strcmp(optarg, "es")) cfg.api = GV_API_ES;
         else if (!strcmp(optarg, "on")) cfg.api = GV_API_ON;
         else if (!strcmp(optarg, "off")) {
            fprintf(stderr, "glvirt-server: glvirt needs a host GL API; --gl=off is not supported\n");
            return 2;
         } else {
            fprintf(stderr, "glvirt-server: --gl takes core, es or on\n");
            return 2;
         }
         break;
      case O_GLES: cfg.api = GV_API_ES; break;
      case O_EGL:
         if (!strcmp(optarg, "auto")) cfg.platform = GV_EGL_AUTO;
         else if (!strcmp(optarg, "surfaceless")) cfg.platform = GV_EGL_SURFACELESS;
         else if (!strcmp(optarg, "device")) cfg.platform = GV_EGL_DEVICE;
         else if (!strcmp(optarg, "gbm")) cfg.platform = GV_EGL_GBM;
         else {
            fprintf(stderr, "glvirt-server: --egl takes auto, surfaceless, device or gbm\n");
            return 2;
         }
         break;
      case O_SURF: cfg.platform = GV_EGL_SURFACELESS; break;
      case O_NODE: cfg.render_node = optarg; break;
      case O_NOFORK: no_fork = true; break;
      case O_NOSANDBOX: sandbox = false; break;
      case O_DENY: cfg.deny_extensions = optarg; break;
      case O_DUMP: cfg.shader_dump_dir = optarg; break;
      case O_VERB: gv_log_set_level(GV_LOG_DEBUG); break;
      case O_QUIET: gv_log_set_level(GV_LOG_ERROR); break;
      case O_NOROBUST: cfg.robust = false; break;
      case O_MAX_RES:
         if (!parse_amount("max-resources", optarg, UINT32_MAX, &v)) return 2;
         lim->resources = (uint32_t)v;
         break;
      case O_MAX_OBJ:
         if (!parse_amount("max-objects", optarg, UINT32_MAX, &v)) return 2;
         lim->objects = (uint32_t)v;
         break;
      case O_MAX_SUB:
         if (!parse_amount("max-sub-contexts", optarg, UINT32_MAX - 1, &v)) return 2;
         lim->sub_contexts = (uint32_t)v;
         break;
      case O_MAX_TEXT:
         if (!parse_amount("max-shader-text", optarg, 1u << 20, &v)) return 2;
         lim->shader_text = (uint32_t)v;
         break;
      case O_MAX_SHADERS:
         if (!parse_amount("max-shader-bytes", optarg, UINT64_MAX, &v)) return 2;
         lim->shader_bytes = v;
         break;
      case O_MAX_HOST:
         if (!parse_amount("max-host-memory", optarg, UINT64_MAX, &v)) return 2;
         lim->host_memory = v;
         break;
      case O_MAX_GUEST:
         if (!parse_amount("max-guest-memory", optarg, UINT64_MAX, &v)) return 2;
         lim->guest_memory = v;
         break;
      case O_MAX_CMD:
         /* The wire's length field counts dwords in 32 bits. */
         if (!parse_amount("max-command-size", optarg, 4ull * UINT32_MAX, &v)) return 2;
         lim->command_bytes = v;
         break;
      case O_MAX_TIME:
         if (!parse_amount("max-command-time", optarg, 86400, &v)) return 2;
         lim->command_seconds = (uint32_t)v;
         break;
      case O_CACHE: shader_cache_dir = optarg; break;
      case O_NOCACHE: shader_cache = false; break;
      case O_MAX_CACHE:
         if (!parse_amount("max-shader-cache", optarg, UINT64_MAX, &v)) return 2;
         shader_cache_max = v;
         break;
      case O_VER: printf("glvirt-server %s\n", GLVIRT_VERSION); return 0;
      case O_HELP: usage(stdout); return 0;
      default: usage(stderr); return 2;
      }
   }
   if (optind < argc) {
      fprintf(stderr, "glvirt-server: unexpected argument '%s'\n", argv[optind]);
      usage(stderr);
      return 2;
   }

   /* The watchdog ends the process that serves the client: with --no-fork
    * that would be the server itself. */
   if (no_fork)
      cfg.limits.command_seconds = UINT32_MAX;
   if (cfg.shader_dump_dir && sandbox) {
      /* The filter refuses open(): the dump files could not be written. */
      fprintf(stderr, "glvirt-server: warning: --dump-shaders: client processes run unsandboxed\n");
      sandbox = false;
   } else {
      sandbox = sandbox_mode(sandbox, no_fork);
   }
   if (gv_shader_cache_setup(shader_cache, shader_cache_dir, shader_cache_max) < 0)
      return 1;
   if (probe_host(&cfg, sandbox) < 0)
      return 1;

   signal(SIGPIPE, SIG_IGN);
   struct sigaction sa = { .sa_handler = on_signal };
   struct sigaction sa_chld = { .sa_handler = on_child };
   sigaction(SIGTERM, &sa, NULL);
   sigaction(SIGINT, &sa, NULL);
   /* No SA_RESTART: accept() returns on SIGCHLD so finished clients are reaped promptly. */
   sigaction(SIGCHLD, &sa_chld, NULL);

   int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
   struct sockaddr_un un = { .sun_family = AF_UNIX };
   if (strlen(path) >= sizeof(un.sun_path)) {
      fprintf(stderr, "glvirt-server: socket path too long\n");
      return 1;
   }
   strcpy(un.sun_path, path);
   struct stat sb;
   if (lstat(path, &sb) == 0 && S_ISSOCK(sb.st_mode))
      unlink(path);
   if (ls < 0 || bind(ls, (struct sockaddr *)&un, sizeof(un)) < 0 || listen(ls, SOMAXCONN) < 0) {
      fprintf(stderr, "glvirt-server: cannot listen on %s: %s\n", path, strerror(errno));
      return 1;
   }
   printf("glvirt: listening on %s\n", path);
   fflush(stdout);

   while (!stop) {
      int fd = accept(ls, NULL, NULL);
      int st;
      /* Reap finished clients and say how each ended. */
      pid_t pid;
      while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
         if (WIFSIGNALED(st))
            gv_error("client process %d killed by signal %d (%s)", (int)pid, WTERMSIG(st), strsignal(WTERMSIG(st)));
         else if (WIFEXITED(st) && WEXITSTATUS(st))
            gv_error("client process %d exited with status %d", (int)pid, WEXITSTATUS(st));
      }
      if (fd < 0)
         continue;
      gv_shader_cache_trim();
      if (no_fork) {
         serve(fd, &cfg, false);
         gv_log_set_prefix("glvirt");
         continue;
      }
      pid = fork();
      if (pid == 0) {
         close(ls);
         prctl(PR_SET_PDEATHSIG, SIGTERM);
         signal(SIGTERM, SIG_DFL);
         signal(SIGINT, SIG_DFL);
         _exit(serve(fd, &cfg, sandbox));
      }
      if (pid < 0)
         gv_error("fork failed: %s", strerror(errno));
      close(fd);
   }
   close(ls);
   unlink(path);
   /* Client processes have PR_SET_PDEATHSIG: they end with us. */
   return 0;
}
