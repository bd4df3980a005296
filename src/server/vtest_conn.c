/* The vtest protocol 0-2 as Mesa 22.3's gallium virgl driver uses it
 * (facts: ../shared/protocol/vtest.md). Every fixed-size request must carry
 * its exact length; anything malformed closes the connection with a message,
 * since the stream cannot be resynchronised. */
#include "server/vtest_conn.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/checked.h"
#include "util/log.h"

/* The watchdog: a request that keeps the host busy longer than the limit
 * (a guest shader that never ends, say) ends this client process with a
 * message; the guest sees its connection close, other clients never notice.
 * The line is formatted before arming: the handler only writes it. */
static char watchdog_line[256];
static size_t watchdog_len;
static unsigned watchdog_seconds;

static void on_watchdog(int sig)
{
   (void)sig;
   ssize_t unused = write(STDERR_FILENO, watchdog_line, watchdog_len);
   (void)unused;
   _exit(1);
}

static void watchdog_init(uint32_t seconds)
{
   /* UINT32_MAX: no watchdog (the fuzzer, whose own timer is ITIMER_REAL too). */
   watchdog_seconds = seconds == UINT32_MAX ? 0 : seconds;
   if (!watchdog_seconds)
      return;
   int n = snprintf(watchdog_line, sizeof(watchdog_line),
                    "glvirt[%d]: error: a request of this client kept the host busy for more than %u s "
                    "(--max-command-time): ending this client\n", (int)getpid(), seconds);
   watchdog_len = n > 0 && (size_t)n < sizeof(watchdog_line) ? (size_t)n : 0;
   struct sigaction sa = { .sa_handler = on_watchdog };
   sigaction(SIGALRM, &sa, NULL);
}

static void watchdog_arm(void)
{
   if (watchdog_seconds)
      alarm(watchdog_seconds);
}

static void watchdog_disarm(void)
{
   if (watchdog_seconds)
      alarm(0);
}

enum {
   VCMD_GET_CAPS = 1, VCMD_RESOURCE_CREATE = 2, VCMD_RESOURCE_UNREF = 3, VCMD_TRANSFER_GET = 4,
   VCMD_TRANSFER_PUT = 5, VCMD_SUBMIT_CMD = 6, VCMD_RESOURCE_BUSY_WAIT = 7,
   VCMD_CREATE_RENDERER = 8, VCMD_GET_CAPS2 = 9, VCMD_PING_PROTOCOL_VERSION = 10,
   VCMD_PROTOCOL_VERSION = 11, VCMD_RESOURCE_CREATE2 = 12, VCMD_TRANSFER_GET2 = 13,
   VCMD_TRANSFER_PUT2 = 14,
};

#define MAX_NAME_BYTES 1024u

struct conn {
   int fd;
   struct gv_renderer *r;
   struct gv_context *ctx;
   char name[64];
   uint32_t *cmdbuf;
   size_t cmdbuf_cap;
   uint64_t shm_bytes;
   const struct gv_limits *lim;
};

/* All of `n` bytes, through short reads/writes and signals; false at EOF or error. */
static bool io_full(int fd, void *buf, size_t n, bool writing)
{
   uint8_t *p = buf;
   while (n) {
      ssize_t r = writing ? write(fd, p, n) : read(fd, p, n);
      if (r < 0 && errno == EINTR)
         continue;
      if (r <= 0)
         return false;
      p += r;
      n -= (size_t)r;
   }
   return true;
}

static bool read_full(int fd, void *buf, size_t n)
{
   return io_full(fd, buf, n, false);
}

static bool write_full(int fd, const void *buf, size_t n)
{
   /* io_full does not write through the pointer when writing. */
   return io_full(fd, (void *)(uintptr_t)buf, n, true);
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

/* A creation the request itself allows but this host or a limit refuses.
 * After RESOURCE_CREATE2 with data Mesa's vtest winsys waits for one byte
 * carrying the descriptor; the byte alone, without one, makes it fail that
 * allocation (the guest sees GL_OUT_OF_MEMORY) with the stream still in
 * step, so the client keeps its connection. Without data it waits for
 * nothing: the handle stays unknown and its later uses are errors. */
static bool refuse_create(struct conn *c, uint32_t data_size)
{
   char byte = 0;
   return !data_size || write_full(c->fd, &byte, 1);
}

static bool do_resource_create2(struct conn *c, uint32_t len)
{
   uint32_t a[11];
   if (!fixed_len(len, 11, "RESOURCE_CREATE2") || !read_full(c->fd, a, sizeof(a)) || !ensure_ctx(c))
      return false;
   struct gv_resource_desc d = { a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9] };
   uint32_t data_size = a[10];
   int64_t need = gv_resource_guest_size(&d);
   if (need < 0 || (uint64_t)data_size < (uint64_t)need) {
      gv_error("RESOURCE_CREATE2 %u: data size %u invalid (layout needs %lld): closing",
               d.handle, data_size, (long long)need);
      return false;
   }
   if (c->shm_bytes + data_size > c->lim->guest_memory) {
      gv_error("RESOURCE_CREATE2 %u: %u more bytes of shared memory would exceed the client's "
               "%llu (%llu in use; --max-guest-memory): refused", d.handle, data_size,
               (unsigned long long)c->lim->guest_memory, (unsigned long long)c->shm_bytes);
      return refuse_create(c, data_size);
   }
   struct shm *s = NULL;
   int fd = -1;
   if (data_size) {
      char name[32];
      snprintf(name, sizeof(name), "glvirt-res-%u", d.handle);
      fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
      s = calloc(1, sizeof(*s));
      if (fd < 0 || !s || ftruncate(fd, data_size) < 0) {
         gv_error("RESOURCE_CREATE2 %u: cannot allocate %u bytes of shared memory: refused", d.handle,
                  data_size);
         free(s);
         if (fd >= 0)
            close(fd);
         return refuse_create(c, data_size);
      }
      s->size = data_size;
      s->in_use = &c->shm_bytes;
      s->ptr = mmap(NULL, data_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (s->ptr == MAP_FAILED) {
         gv_error("RESOURCE_CREATE2 %u: cannot map %u bytes of shared memory: refused", d.handle, data_size);
         free(s);
         close(fd);
         return refuse_create(c, data_size);
      }
   }
   c->shm_bytes += data_size;
   int ret = gv_context_resource_create(c->ctx, &d, s ? s->ptr : NULL, data_size, s ? shm_release : NULL, s);
   if (ret < 0) {
      if (s)
         shm_release(s);
      if (fd >= 0)
         close(fd);
      /* A request no valid client sends (bad shape, duplicate handle) ends
       * the connection; one this host or a quota cannot serve is refused. */
      bool client_error = ret == GV_E_INVALID || ret == GV_E_HANDLE || ret == GV_E_BOUNDS;
      gv_error("RESOURCE_CREATE2 %u failed: %s", d.handle,
               client_error ? "closing the connection" : "refused");
      return !client_error && refuse_create(c, data_size);
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
   watchdog_arm();
   gv_context_transfer(c->ctx, a[0], a[1], &box, a[9],
                       id == VCMD_TRANSFER_PUT2 ? GV_DIR_TO_HOST : GV_DIR_FROM_HOST);
   watchdog_disarm();
   return true;
}

static bool do_submit(struct conn *c, uint32_t len)
{
   if ((uint64_t)len * 4 > c->lim->command_bytes) {
      gv_error("SUBMIT_CMD of %llu bytes exceeds the limit of %llu (--max-command-size): closing",
               (unsigned long long)len * 4, (unsigned long long)c->lim->command_bytes);
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
   watchdog_arm();
   gv_context_submit(c->ctx, c->cmdbuf, len);
   watchdog_disarm();
   return !gv_context_lost(c->ctx);
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
      watchdog_arm();
      uint32_t busy = c->ctx ? gv_context_busy(c->ctx, a[0], a[1] & 1) : 0;
      watchdog_disarm();
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

void gv_vtest_serve(int fd, struct gv_renderer *r)
{
   struct conn c = { .fd = fd, .r = r, .lim = gv_renderer_limits(r) };
   snprintf(c.name, sizeof(c.name), "client");
   watchdog_init(c.lim->command_seconds);
   uint32_t hdr[2];
   while (read_full(fd, hdr, sizeof(hdr)))
      if (!handle(&c, hdr[0], hdr[1]))
         break;
   gv_debug("client disconnected");
   /* Tearing down waits for whatever the host still runs for this client. */
   watchdog_arm();
   gv_context_destroy(c.ctx);
   watchdog_disarm();
   free(c.cmdbuf);
}
