/*
 * vtest-tap: an LD_PRELOAD library for vtest *clients* that records every
 * shader the client sends, whatever server it talks to.
 *
 * Why a client-side tap: the shader corpus must contain what Mesa sends to a
 * server advertising GL 4.x, which today means virgl_test_server; Mesa's own
 * VIRGL_DEBUG=tgsi prints nothing in release builds. The tap only reads the
 * client->server direction, which carries no file descriptors, so it never
 * interferes with the connection.
 *
 *   GLVIRT_TAP_DIR=dir LD_PRELOAD=.../libglvirt-vtest-tap.so <client>
 *   GLVIRT_TAP_STREAM=65536 also writes the first 64 KiB the client sends to
 *   dir/stream-<pid>-<fd>.vtest (seeds for the fuzz_vtest fuzzer)
 *   GLVIRT_TAP_SUBMITS=1 also writes every SUBMIT_CMD payload (the virgl
 *   command buffer, raw dwords) to dir/submit-<pid>-<fd>-<n>.cmd, n counting
 *   from 0, and lists in dir/client-<pid>-<fd>.txt, in stream order, each
 *   "submit <n>" and the requests that give the buffers their resources:
 *   "create2 <11 dwords>", "unref <handle>", "get2|put2 <10 dwords>",
 *   "busy <handle> <flags>", after a first "name <client name>" (or
 *   GLVIRT_TAP_NAME when set) (seeds for the fuzz_context fuzzer,
 *   tests/fuzz/make-context-seeds.py)
 *
 * Each complete shader is written as dir/<stage>-<fnv1a64 of text>.tgsi, so
 * repeated runs deduplicate by content.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define VCMD_RESOURCE_UNREF 3
#define VCMD_TRANSFER_PUT 5
#define VCMD_SUBMIT_CMD 6
#define VCMD_RESOURCE_BUSY_WAIT 7
#define VCMD_CREATE_RENDERER 8
#define VCMD_RESOURCE_CREATE2 12
#define VCMD_TRANSFER_GET2 13
#define VCMD_TRANSFER_PUT2 14
#define CCMD_CREATE_OBJECT 1
#define CCMD_DRAW_VBO 8
#define CCMD_BIND_SHADER 31
#define OBJ_SHADER 4
#define HANDLE_SLOTS 4096
#define MAX_TEXT (16u << 20)

struct pending_shader {
   uint32_t handle, stage, total;
   char *text;
};

struct tap {
   int fd;
   /* stream parser: header bytes, then a payload to keep or skip */
   uint8_t hdr[8];
   size_t hdr_got;
   uint32_t cmd;
   size_t want, got;
   uint8_t *buf;   /* kept payload (SUBMIT_CMD only) */
   int skip_only;
   uint32_t small[11];   /* kept payload of the resource requests GLVIRT_TAP_SUBMITS lists */
   int keep_small;
   char name[64];        /* CREATE_RENDERER's client name (the piglit test for shader_runner) */
   int keep_name;
   struct pending_shader pend[8];
   /* handle -> saved file name, for the programs list */
   uint32_t slot_handle[HANDLE_SLOTS];
   char slot_name[HANDLE_SLOTS][40];
   uint32_t bound[6];
};

static struct tap tap = { .fd = -1 };

/* GLVIRT_TAP_STREAM=N: also the first N bytes the client sends, as one file
 * per connection (seeds for fuzz_vtest). */
static int stream_fd = -1;
static size_t stream_left;
/* GLVIRT_TAP_SUBMITS: the listing of the connection, and the submit counter. */
static int client_fd = -1;
static unsigned submit_seq;
static int client_named;
static char client_tag[64];
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_connect)(int, const struct sockaddr *, socklen_t);
static int (*real_close)(int);

static const char *stage_name(uint32_t s)
{
   static const char *names[] = { "vs", "fs", "gs", "tcs", "tes", "cs" };
   return s < 6 ? names[s] : "unknown";
}

static void save_shader(uint32_t handle, uint32_t stage, const char *text, size_t len)
{
   const char *dir = getenv("GLVIRT_TAP_DIR");
   if (!dir)
      return;
   uint64_t h = 1469598103934665603ull;
   for (size_t i = 0; i < len; i++)
      h = (h ^ (uint8_t)text[i]) * 1099511628211ull;
   char path[4096];
   uint32_t slot = handle % HANDLE_SLOTS;
   tap.slot_handle[slot] = handle;
   snprintf(tap.slot_name[slot], sizeof(tap.slot_name[slot]), "%s-%016llx.tgsi",
            stage_name(stage), (unsigned long long)h);
   snprintf(path, sizeof(path), "%s/%s", dir, tap.slot_name[slot]);
   int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
   if (fd < 0)
      return;
   size_t off = 0;
   while (off < len) {
      ssize_t n = real_write(fd, text + off, len - off);
      if (n <= 0)
         break;
      off += (size_t)n;
   }
   real_close(fd);
}

static void shader_chunk(const uint32_t *dw, uint32_t len)
{
   if (len < 5)
      return;
   uint32_t handle = dw[1], stage = dw[2], offlen = dw[3];
   uint32_t hdr = 5;
   if (!(offlen & 0x80000000u) && stage != 5 && dw[5] > 0)
      hdr += 4 + 2 * dw[5];
   if (hdr > len || stage > 5)
      return;
   const char *chunk = (const char *)(dw + 1 + hdr);
   size_t chunk_len = (size_t)(len - hdr) * 4;
   struct pending_shader *p = &tap.pend[stage];
   size_t off;
   if (!(offlen & 0x80000000u)) {
      free(p->text);
      p->text = NULL;
      p->total = offlen;
      p->handle = handle;
      if (p->total == 0 || p->total > MAX_TEXT)
         return;
      p->text = calloc(1, p->total + 1);
      off = 0;
   } else {
      off = offlen & 0x7fffffffu;
      if (!p->text || p->handle != handle)
         return;
   }
   if (off >= p->total)
      return;
   size_t n = chunk_len < p->total - off ? chunk_len : p->total - off;
   memcpy(p->text + off, chunk, n);
   if (off + n >= p->total) {
      save_shader(handle, stage, p->text, strnlen(p->text, p->total));
      free(p->text);
      p->text = NULL;
   }
}

/* On a draw: one line naming the bound shaders, for link tests. */
static void record_program(void)
{
   static const char *key[6] = { "vs", "fs", "gs", "tcs", "tes", "cs" };
   const char *dir = getenv("GLVIRT_TAP_DIR");
   if (!dir || !tap.bound[0] || !tap.bound[1])
      return;
   char line[512];
   size_t n = 0;
   for (int s = 0; s < 5; s++) {
      uint32_t h = tap.bound[s], slot = h % HANDLE_SLOTS;
      if (!h)
         continue;
      if (tap.slot_handle[slot] != h)
         return;
      n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s=%s", n ? " " : "", key[s],
                            tap.slot_name[slot]);
      if (n >= sizeof(line) - 1)
         return;
   }
   line[n++] = '\n';
   char path[4096];
   snprintf(path, sizeof(path), "%s/programs.txt", dir);
   int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
   if (fd < 0)
      return;
   if (real_write(fd, line, n) < 0) {
      /* best effort */
   }
   real_close(fd);
}

static void write_all(int fd, const void *data, size_t len)
{
   const char *p = data;
   while (len > 0) {
      ssize_t n = real_write(fd, p, len);
      if (n <= 0)
         return;
      p += n;
      len -= (size_t)n;
   }
}

static void list_line(const char *name, const uint32_t *dw, unsigned n)
{
   if (client_fd < 0)
      return;
   char line[256];
   int len = snprintf(line, sizeof(line), "%s", name);
   for (unsigned i = 0; i < n && len > 0 && (size_t)len < sizeof(line) - 16; i++)
      len += snprintf(line + len, sizeof(line) - (size_t)len, " %u", dw[i]);
   if (len > 0 && (size_t)len < sizeof(line) - 1) {
      line[len++] = '\n';
      write_all(client_fd, line, (size_t)len);
   }
}

static void write_name(const char *name, size_t n)
{
   if (client_fd < 0)
      return;
   char line[300];
   int len = snprintf(line, sizeof(line), "name ");
   /* One token on one line, whatever the name holds. */
   for (size_t i = 0; i < n && name[i] && len < (int)sizeof(line) - 2; i++)
      line[len++] = name[i] > ' ' && name[i] < 127 ? name[i] : '_';
   line[len++] = '\n';
   write_all(client_fd, line, (size_t)len);
}

static void record_submit(const void *payload, size_t bytes)
{
   const char *dir = getenv("GLVIRT_TAP_DIR");
   if (client_fd < 0 || !dir)
      return;
   char path[4096];
   unsigned n = submit_seq++;
   snprintf(path, sizeof(path), "%s/submit-%s-%u.cmd", dir, client_tag, n);
   int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
   if (fd < 0)
      return;
   write_all(fd, payload, bytes);
   real_close(fd);
   list_line("submit", &n, 1);
}

/* The resource requests, with the number of payload dwords each keeps. */
static unsigned small_request(uint32_t cmd, const char **name)
{
   switch (cmd) {
   case VCMD_RESOURCE_CREATE2: *name = "create2"; return 11;
   case VCMD_RESOURCE_UNREF: *name = "unref"; return 1;
   case VCMD_TRANSFER_GET2: *name = "get2"; return 10;
   case VCMD_TRANSFER_PUT2: *name = "put2"; return 10;
   case VCMD_RESOURCE_BUSY_WAIT: *name = "busy"; return 2;
   default: return 0;
   }
}

static void submit(const uint32_t *dw, size_t ndw)
{
   size_t i = 0;
   while (i < ndw) {
      uint32_t h = dw[i], len = h >> 16;
      if (i + 1 + len > ndw)
         return;
      if ((h & 0xff) == CCMD_CREATE_OBJECT && ((h >> 8) & 0xff) == OBJ_SHADER)
         shader_chunk(dw + i, len);
      else if ((h & 0xff) == CCMD_BIND_SHADER && len == 2 && dw[i + 2] < 6)
         tap.bound[dw[i + 2]] = dw[i + 1];
      else if ((h & 0xff) == CCMD_DRAW_VBO)
         record_program();
      i += 1 + len;
   }
}

static void feed(const uint8_t *p, size_t n)
{
   while (n > 0) {
      if (tap.hdr_got < 8) {
         size_t k = 8 - tap.hdr_got < n ? 8 - tap.hdr_got : n;
         memcpy(tap.hdr + tap.hdr_got, p, k);
         tap.hdr_got += k, p += k, n -= k;
         if (tap.hdr_got < 8)
            return;
         uint32_t len, cmd;
         memcpy(&len, tap.hdr, 4);
         memcpy(&cmd, tap.hdr + 4, 4);
         tap.cmd = cmd;
         tap.got = 0;
         tap.skip_only = 1;
         if (cmd == VCMD_CREATE_RENDERER)
            tap.want = len;
         else if (cmd == VCMD_TRANSFER_PUT2)
            tap.want = 40;
         else if (cmd == VCMD_TRANSFER_PUT)
            tap.want = 44; /* then data_size bytes: handled below */
         else
            tap.want = (size_t)len * 4;
         if (cmd == VCMD_SUBMIT_CMD && tap.want <= (64u << 20)) {
            free(tap.buf);
            tap.buf = malloc(tap.want ? tap.want : 1);
            tap.skip_only = tap.buf == NULL;
         }
         const char *name;
         unsigned words = small_request(cmd, &name);
         tap.keep_small = client_fd >= 0 && words && tap.want == words * 4u;
         tap.keep_name = client_fd >= 0 && cmd == VCMD_CREATE_RENDERER;
         memset(tap.name, 0, sizeof(tap.name));
      }
      size_t k = tap.want - tap.got < n ? tap.want - tap.got : n;
      if (!tap.skip_only)
         memcpy(tap.buf + tap.got, p, k);
      if (tap.keep_small)
         memcpy((uint8_t *)tap.small + tap.got, p, k);
      if (tap.keep_name && tap.got < sizeof(tap.name) - 1) {
         size_t room = sizeof(tap.name) - 1 - tap.got;
         memcpy(tap.name + tap.got, p, k < room ? k : room);
      }
      tap.got += k, p += k, n -= k;
      if (tap.got == tap.want) {
         if (tap.cmd == VCMD_SUBMIT_CMD && !tap.skip_only) {
            record_submit(tap.buf, tap.want);
            submit((const uint32_t *)tap.buf, tap.want / 4);
         }
         if (tap.keep_name && !client_named)
            write_name(tap.name, strnlen(tap.name, sizeof(tap.name)));
         if (tap.keep_small) {
            const char *name = "";
            unsigned words = small_request(tap.cmd, &name);
            list_line(name, tap.small, words);
         }
         tap.hdr_got = 0;
         /* v0 TRANSFER_PUT data is not covered by the header; the tap
          * stops following the stream rather than guess. */
         if (tap.cmd == VCMD_TRANSFER_PUT)
            tap.fd = -1;
      }
   }
}

__attribute__((constructor)) static void tap_init(void)
{
   real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
   real_connect = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
   real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
   int r = real_connect(fd, addr, len);
   if (r == 0 && addr && addr->sa_family == AF_UNIX) {
      const struct sockaddr_un *un = (const struct sockaddr_un *)(const void *)addr;
      if (strstr(un->sun_path, ".virgl_test")) {
         tap.fd = fd;
         tap.hdr_got = 0;
         const char *dir = getenv("GLVIRT_TAP_DIR"), *limit = getenv("GLVIRT_TAP_STREAM");
         if (dir && limit && stream_fd < 0) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/stream-%d-%d.vtest", dir, (int)getpid(), fd);
            stream_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            stream_left = (size_t)strtoull(limit, NULL, 10);
         }
         const char *subs = getenv("GLVIRT_TAP_SUBMITS");
         if (dir && subs && *subs && strcmp(subs, "0") && client_fd < 0) {
            char path[4096];
            snprintf(client_tag, sizeof(client_tag), "%d-%d", (int)getpid(), fd);
            snprintf(path, sizeof(path), "%s/client-%s.txt", dir, client_tag);
            client_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            submit_seq = 0;
            /* The client's own name is cut at 63 bytes (a piglit shader test
             * is named by its directory then); GLVIRT_TAP_NAME says better. */
            const char *name = getenv("GLVIRT_TAP_NAME");
            client_named = name && *name;
            if (client_named)
               write_name(name, strlen(name));
         }
      }
   }
   return r;
}

ssize_t write(int fd, const void *data, size_t n)
{
   ssize_t r = real_write(fd, data, n);
   if (fd >= 0 && fd == tap.fd && r > 0) {
      int saved = errno;
      feed(data, (size_t)r);
      if (stream_fd >= 0 && stream_left) {
         size_t k = (size_t)r < stream_left ? (size_t)r : stream_left;
         if (real_write(stream_fd, data, k) == (ssize_t)k)
            stream_left -= k;
         else
            stream_left = 0;
      }
      errno = saved;
   }
   return r;
}

int close(int fd)
{
   if (fd >= 0 && fd == tap.fd) {
      tap.fd = -1;
      if (stream_fd >= 0) {
         real_close(stream_fd);
         stream_fd = -1;
      }
      if (client_fd >= 0) {
         real_close(client_fd);
         client_fd = -1;
      }
   }
   return real_close(fd);
}
