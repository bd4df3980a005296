/* LD_PRELOAD'ed into glvirt-server by test-sandbox.sh: stands in for what
 * an exploited client process would try, at a point a client controls
 * (RESOURCE_CREATE2, after the sandbox is entered), without changing the
 * server. Opens a file, then a new socket; the sandbox must refuse the
 * first (EACCES) and end the process at the second. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void say(const char *what, int result)
{
   char line[160];
   int n = snprintf(line, sizeof(line), "glvirt-test-preload: %s: %s\n", what,
                    result < 0 ? strerror(errno) : "allowed");
   if (n > 0) {
      ssize_t unused = write(STDERR_FILENO, line, (size_t)n);
      (void)unused;
   }
}

int memfd_create(const char *name, unsigned int flags)
{
   static int (*real)(const char *, unsigned int);
   if (!real)
      real = (int (*)(const char *, unsigned int))dlsym(RTLD_NEXT, "memfd_create");
   /* Only the server's resources: Mesa makes memfds of its own at start. */
   if (strncmp(name, "glvirt-res-", 11) == 0) {
      int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
      say("open /etc/passwd", fd);
      if (fd >= 0)
         close(fd);
      fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      say("socket", fd);
      if (fd >= 0)
         close(fd);
   }
   return real(name, flags);
}
