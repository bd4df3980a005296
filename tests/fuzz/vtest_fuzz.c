/* libFuzzer target for the vtest transport: the input is the byte stream a
 * client sends (headers, payloads, command buffers), served by the real
 * connection code (src/server/vtest_conn.c) on a live host GL context, so
 * framing, resource creation with shared memory, transfers and command
 * buffers all run as they do for a client process.
 *
 * The stream goes through a unix socket pair: a pump thread writes the input
 * and drains the replies (closing the memory fds RESOURCE_CREATE2 passes) so
 * neither side can block the other. Limits are small so that a few bytes
 * cannot make the fuzzer allocate gigabytes. Run with -close_fd_mask=2:
 * client errors are logged on stderr by design. Inputs with big draws are
 * rejected (fuzz_cost.h). Seeds: make-vtest-seeds.py. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz_cost.h"
#include "renderer/renderer.h"
#include "server/vtest_conn.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct pump {
   int fd;
   const uint8_t *data;
   size_t size;
};

static void drain(int fd, bool *eof)
{
   uint8_t buf[65536];
   union { char b[CMSG_SPACE(sizeof(int) * 8)]; struct cmsghdr align; } u;
   struct iovec iov = { buf, sizeof(buf) };
   struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b,
                         .msg_controllen = sizeof(u.b) };
   ssize_t r = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
   if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
      *eof = true;
      return;
   }
   for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
         continue;
      size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < n; i++) {
         int fd_in;
         memcpy(&fd_in, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
         close(fd_in);
      }
   }
}

static void *pump_run(void *arg)
{
   struct pump *p = arg;
   size_t off = 0;
   bool eof = false, shut = false;
   while (!eof) {
      if (off == p->size && !shut) {
         shutdown(p->fd, SHUT_WR);
         shut = true;
      }
      struct pollfd pfd = { p->fd, POLLIN | (shut ? 0 : POLLOUT), 0 };
      if (poll(&pfd, 1, -1) < 0)
         continue;
      if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
         drain(p->fd, &eof);
      if (!shut && (pfd.revents & POLLOUT)) {
         ssize_t w = send(p->fd, p->data + off, p->size - off, MSG_DONTWAIT | MSG_NOSIGNAL);
         if (w > 0)
            off += (size_t)w;
         else if (w < 0 && errno != EAGAIN && errno != EINTR)
            off = p->size;   /* the server closed: stop writing */
      }
   }
   return NULL;
}

static struct gv_renderer *renderer(void)
{
   static struct gv_renderer *r;
   if (!r) {
      struct gv_renderer_config cfg = {
         .api = GV_API_ON,
         .platform = GV_EGL_SURFACELESS,
         .limits = { .resources = 256, .objects = 1024, .sub_contexts = 16,
                     .shader_text = 64 << 10, .shader_bytes = 1 << 20,
                     .host_memory = 64 << 20, .guest_memory = 64 << 20,
                     .command_bytes = 1 << 20,
                     /* libFuzzer's -timeout uses the same timer as the watchdog. */
                     .command_seconds = UINT32_MAX },
      };
      if (gv_renderer_create(&cfg, &r) < 0) {
         fprintf(stderr, "fuzz_vtest: no host GL\n");
         abort();
      }
   }
   return r;
}

static uint32_t le32(const uint8_t *p)
{
   return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Walks the stream by its vtest headers (length in dwords, command id) and
 * checks the command buffer of every SUBMIT_CMD. Payloads the header does
 * not count (old inline TRANSFER_PUT data) can put the walk out of step:
 * the check is a fuzzing-time budget, not validation. */
static bool too_slow(const uint8_t *data, size_t size)
{
   enum { VTEST_SUBMIT_CMD = 6 };
   static uint32_t dw[(1 << 20) / 4];   /* the command_bytes limit below */
   for (size_t pos = 0; size - pos >= 8;) {
      uint32_t len = le32(data + pos), id = le32(data + pos + 4);
      pos += 8;
      size_t bytes = (size_t)len * 4, avail = size - pos;
      if (bytes > avail)
         bytes = avail;
      if (id == VTEST_SUBMIT_CMD) {
         size_t n = bytes / 4 < sizeof(dw) / 4 ? bytes / 4 : sizeof(dw) / 4;
         for (size_t i = 0; i < n; i++)
            dw[i] = le32(data + pos + 4 * i);
         if (fuzz_cmds_too_slow(dw, n))
            return true;
      }
      pos += bytes;
   }
   return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
   if (too_slow(data, size))
      return -1;
   struct gv_renderer *r = renderer();
   int sv[2];
   if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
      abort();
   struct pump p = { sv[1], data, size };
   pthread_t t;
   if (pthread_create(&t, NULL, pump_run, &p) != 0)
      abort();
   gv_vtest_serve(sv[0], r);
   close(sv[0]);
   pthread_join(t, NULL);
   close(sv[1]);
   return 0;
}
