/* glvirt-server: the vtest transport. The parent only listens and accepts;
 * each client is served in its own forked process, which creates its own
 * host GL context, so a client that crashes or hangs affects nobody else.
 * Speaks vtest protocol 0-2 as Mesa 22.3's gallium virgl driver uses it
 * (facts: ../shared/protocol/vtest.md). Every fixed-size request must carry
 * its exact length; anything malformed closes that client with a message. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "renderer/renderer.h"
#include "server/sandbox.h"
#include "util/checked.h"
#include "util/log.h"

enum {
   VCMD_GET_CAPS = 1, VCMD_RESOURCE_CREATE = 2, VCMD_RESOURCE_UNREF = 3, VCMD_TRANSFER_GET = 4,
   VCMD_TRANSFER_PUT = 5, VCMD_SUBMIT_CMD = 6, VCMD_RESOURCE_BUSY_WAIT = 7,
   VCMD_CREATE_RENDERER = 8, VCMD_GET_CAPS2 = 9, VCMD_PING_PROTOCOL_VERSION = 10,
   VCMD_PROTOCOL_VERSION = 11, VCMD_RESOURCE_CREATE2 = 12, VCMD_TRANSFER_GET2 = 13,
   VCMD_TRANSFER_PUT2 = 14,
};

#define MAX_NAME_BYTES 1024u
#define MAX_SUBMIT_DWORDS (4u << 20)
#define MAX_SHM_BYTES (1ull << 30)

struct conn {
   int fd;
   struct gv_renderer *r;
   struct gv_context *ctx;
   char name[64];
   uint32_t *cmdbuf;
   size_t cmdbuf_cap;
   uint64_t shm_bytes;
};

static bool read_full(int fd, void *buf, size_t n)
{
   uint8_t *p = buf;
   while (n) {
      ssize_t r = read(fd, p, n);
      if (r < 0 && errno == EINTR)
         continue;
      if (r <= 0)
         return false;
      p += r;
      n -= (size_t)r;
   }
   return true;
}

static bool write_full(int fd, const void *buf, size_t n)
{
   const uint8_t *p = buf;
   while (n) {
      ssize_t r = write(fd, p, n);
      if (r < 0 && errno == EINTR)
         continue;
      if (r <= 0)
         return false;
      p += r;
      n -= (size_t)r;
   }
   return true;
}

static bool reply(struct conn *c, uint32_t len, uint32_t id, const void *payload, size_t bytes)
{
   uint32_t hdr[2] = { len, id };
   return write_full(c->fd, hdr, sizeof(hdr)) && (!bytes || write_full(c->fd, payload, bytes));
}

static bool send_fd(int sock, int fd)
{
   char byte = 0;
   struct iovec iov = { &byte, 1 };
   union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
   memset(&u, 0, sizeof(u));
   struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                         .msg_controllen = sizeof(u.buf) };
   struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
   cm->cmsg_level = SOL_SOCKET;
   cm->cmsg_type = SCM_RIGHTS;
   cm->cmsg_len = CMSG_LEN(sizeof(int));
   memcpy(CMSG_DATA(cm), &fd, sizeof(int));
   ssize_t r;
   do
      r = sendmsg(sock, &msg, 0);
   while (r < 0 && errno == EINTR);
   return r == 1;
}

static bool ensure_ctx(struct conn *c)
{
   if (!c->ctx && !(c->ctx = gv_context_create(c->r, c->name)))
      gv_error("cannot create a context");
   return c->ctx != NULL;
}

struct shm {
   void *ptr;
   size_t size;
   uint64_t *in_use;   /* the connection's total, returned when the resource goes */
};

static void shm_release(void *data)
{
   struct shm *s = data;
   munmap(s->ptr, s->size);
   *s->in_use -= s->size;
   free(s);
}

static bool fixed_len(uint32_t len, uint32_t want, const char *what)
{
   if (len != want) {
      gv_error("%s: length %u, expected %u: closing the connection", what, len, want);
      return false;
   }
   return true;
}

static bool do_resource_create2(struct conn *c, uint32_t len)
{
   uint32_t a[11];
   if (!fixed_len(len, 11, "RESOURCE_CREATE2") || !read_full(c->fd, a, sizeof(a)) || !ensure_ctx(c))
      return false;
   struct gv_resource_desc d = { a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9] };
   uint32_t data_size = a[10];
   int64_t need = gv_resource_guest_size(&d);
   if (need < 0 || (uint64_t)data_size < (uint64_t)need ||
       c->shm_bytes + data_size > MAX_SHM_BYTES) {
      gv_error("RESOURCE_CREATE2 %u: data size %u invalid (layout needs %lld, %llu bytes in use): closing",
               d.handle, data_size, (long long)need, (unsigned long long)c->shm_bytes);
      return false;
   }
   struct shm *s = NULL;
   int fd = -1;
   if (data_size) {
      char name[32];
      snprintf(name, sizeof(name), "glvirt-res-%u", d.handle);
      fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
      s = calloc(1, sizeof(*s));
      if (fd < 0 || !s || ftruncate(fd, data_size) < 0) {
         gv_error("RESOURCE_CREATE2 %u: cannot allocate %u bytes of shared memory", d.handle, data_size);
         free(s);
         if (fd >= 0)
            close(fd);
         return false;
      }
      s->size = data_size;
      s->in_use = &c->shm_bytes;
      s->ptr = mmap(NULL, data_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (s->ptr == MAP_FAILED) {
         gv_error("RESOURCE_CREATE2 %u: cannot map %u bytes of shared memory", d.handle, data_size);
         free(s);
         close(fd);
         return false;
      }
   }
   c->shm_bytes += data_size;
   if (gv_context_resource_create(c->ctx, &d, s ? s->ptr : NULL, data_size, s ? shm_release : NULL, s) < 0) {
      if (s)
         shm_release(s);
      if (fd >= 0)
         close(fd);
      gv_error("RESOURCE_CREATE2 %u failed: closing the connection", d.handle);
      return false;
   }
   bool ok = fd < 0 || send_fd(c->fd, fd);
   if (fd >= 0)
      close(fd);
   return ok;
}

static bool do_transfer2(struct conn *c, uint32_t id, uint32_t len)
{
   uint32_t a[10];
   if (len < 10) {
      gv_error("TRANSFER2: length %u below 10: closing", len);
      return false;
   }
   /* PUT2's length counts data that is never sent (it is in shared memory). */
   if ((id == VCMD_TRANSFER_GET2 && len != 10) || !read_full(c->fd, a, sizeof(a)) || !ensure_ctx(c))
      return false;
   struct gv_box box = { (int32_t)a[2], (int32_t)a[3], (int32_t)a[4], (int32_t)a[5], (int32_t)a[6],
                         (int32_t)a[7] };
   gv_context_transfer(c->ctx, a[0], a[1], &box, a[9],
                       id == VCMD_TRANSFER_PUT2 ? GV_DIR_TO_HOST : GV_DIR_FROM_HOST);
   return true;
}

static bool do_submit(struct conn *c, uint32_t len)
{
   if (len > MAX_SUBMIT_DWORDS) {
      gv_error("SUBMIT_CMD of %u dwords exceeds the limit of %u: closing", len, MAX_SUBMIT_DWORDS);
      return false;
   }
   if (len > c->cmdbuf_cap) {
      uint32_t *nb = realloc(c->cmdbuf, (size_t)len * 4);
      if (!nb)
         return false;
      c->cmdbuf = nb;
      c->cmdbuf_cap = len;
   }
   if (!read_full(c->fd, c->cmdbuf, (size_t)len * 4) || !ensure_ctx(c))
      return false;
   gv_context_submit(c->ctx, c->cmdbuf, len);
   return true;
}

static bool handle(struct conn *c, uint32_t len, uint32_t id)
{
   uint32_t a[2];
   switch (id) {
   case VCMD_CREATE_RENDERER: {
      if (len == 0 || len > MAX_NAME_BYTES) {
         gv_error("CREATE_RENDERER name of %u bytes: closing", len);
         return false;
      }
      char buf[MAX_NAME_BYTES + 1];
      if (!read_full(c->fd, buf, len))
         return false;
      buf[len] = '\0';
      buf[sizeof(c->name) - 1] = '\0';
      memcpy(c->name, buf, sizeof(c->name));
      char prefix[96];
      snprintf(prefix, sizeof(prefix), "glvirt[%d %s]", (int)getpid(), c->name);
      gv_log_set_prefix(prefix);
      return true;
   }
   case VCMD_PING_PROTOCOL_VERSION:
      return fixed_len(len, 0, "PING_PROTOCOL_VERSION") && reply(c, 0, VCMD_PING_PROTOCOL_VERSION, NULL, 0);
   case VCMD_PROTOCOL_VERSION: {
      uint32_t v;
      if (!fixed_len(len, 1, "PROTOCOL_VERSION") || !read_full(c->fd, &v, 4))
         return false;
      v = v < 2 ? 0 : 2;
      return reply(c, 1, VCMD_PROTOCOL_VERSION, &v, 4);
   }
   case VCMD_GET_CAPS2:
   case VCMD_GET_CAPS: {
      uint8_t caps[2048];
      uint32_t set = id == VCMD_GET_CAPS2 ? 2 : 1;
      if (!fixed_len(len, 0, "GET_CAPS"))
         return false;
      size_t n = gv_renderer_fill_caps(c->r, set, caps, sizeof(caps));
      return reply(c, (uint32_t)n + 1, set, caps, n);
   }
   case VCMD_RESOURCE_BUSY_WAIT: {
      if (!fixed_len(len, 2, "RESOURCE_BUSY_WAIT") || !read_full(c->fd, a, 8))
         return false;
      uint32_t busy = c->ctx ? gv_context_busy(c->ctx, a[0], a[1] & 1) : 0;
      return reply(c, 1, VCMD_RESOURCE_BUSY_WAIT, &busy, 4);
   }
   case VCMD_RESOURCE_CREATE2:
      return do_resource_create2(c, len);
   case VCMD_RESOURCE_UNREF:
      if (!fixed_len(len, 1, "RESOURCE_UNREF") || !read_full(c->fd, a, 4) || !ensure_ctx(c))
         return false;
      gv_context_resource_unref(c->ctx, a[0]);
      return true;
   case VCMD_TRANSFER_GET2:
   case VCMD_TRANSFER_PUT2:
      return do_transfer2(c, id, len);
   case VCMD_SUBMIT_CMD:
      return do_submit(c, len);
   default:
      gv_error("client sent unknown or unsupported vtest command %u (length %u): closing", id, len);
      return false;
   }
}

/* Fails closed: a client the sandbox was asked for is never served without it. */
static int serve(int fd, const struct gv_renderer_config *cfg, bool sandbox)
{
   struct conn c = { .fd = fd };
   snprintf(c.name, sizeof(c.name), "client");
   if (gv_renderer_create(cfg, &c.r) < 0) {
      gv_error("no usable host GL for this client");
      return 1;
   }
   if (sandbox && gv_sandbox_enter() < 0) {
      gv_error("sandbox: not serving this client unsandboxed (glvirt-server --no-sandbox would)");
      gv_renderer_destroy(c.r);
      close(fd);
      return 1;
   }
   uint32_t hdr[2];
   while (read_full(fd, hdr, sizeof(hdr)))
      if (!handle(&c, hdr[0], hdr[1]))
         break;
   gv_debug("client disconnected");
   gv_context_destroy(c.ctx);
   gv_renderer_destroy(c.r);
   free(c.cmdbuf);
   close(fd);
   return 0;
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
      "  --no-fork            serve clients one at a time in this process (unsandboxed)\n"
      "  --no-sandbox         serve clients without the seccomp sandbox (on by default)\n"
      "  --deny-ext LIST      host GL extensions to treat as absent (comma-separated)\n"
      "  --dump-shaders DIR   write every received TGSI shader and its GLSL to DIR\n"
      "                       (debugging; client processes then run unsandboxed)\n"
      "  --verbose / --quiet  more / less logging\n"
      "  --version, --help\n");
}

int main(int argc, char **argv)
{
   const char *path = "/tmp/.virgl_test";
   struct gv_renderer_config cfg = { .api = GV_API_ON, .platform = GV_EGL_AUTO };
   bool no_fork = false, sandbox = true;
   enum { O_SOCK = 256, O_GL, O_GLES, O_EGL, O_SURF, O_NODE, O_NOFORK, O_NOSANDBOX, O_DENY, O_DUMP, O_VERB, O_QUIET,
          O_VER, O_HELP };
   static const struct option opts[] = {
      { "socket-path", required_argument, 0, O_SOCK }, { "gl", required_argument, 0, O_GL },
      { "use-gles", no_argument, 0, O_GLES }, { "egl", required_argument, 0, O_EGL },
      { "use-egl-surfaceless", no_argument, 0, O_SURF }, { "render-node", required_argument, 0, O_NODE },
      { "no-fork", no_argument, 0, O_NOFORK }, { "no-sandbox", no_argument, 0, O_NOSANDBOX },
      { "deny-ext", required_argument, 0, O_DENY }, { "dump-shaders", required_argument, 0, O_DUMP },
      { "verbose", no_argument, 0, O_VERB }, { "quiet", no_argument, 0, O_QUIET },
      { "version", no_argument, 0, O_VER }, { "help", no_argument, 0, O_HELP }, { 0, 0, 0, 0 } };
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

   if (cfg.shader_dump_dir && sandbox) {
      /* The filter refuses open(): the dump files could not be written. */
      fprintf(stderr, "glvirt-server: warning: --dump-shaders: client processes run unsandboxed\n");
      sandbox = false;
   } else {
      sandbox = sandbox_mode(sandbox, no_fork);
   }
   if (sandbox)
      gv_sandbox_prepare();
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
   if (ls < 0 || bind(ls, (struct sockaddr *)&un, sizeof(un)) < 0 || listen(ls, 16) < 0) {
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
