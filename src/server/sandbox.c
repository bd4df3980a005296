/* The seccomp allow-list of a vtest client process. Every entry of
 * allowed[] and its reason is documented in docs/sandbox.md: keep the two
 * in step. */
#include "server/sandbox.h"

#include "util/log.h"

#ifndef GLVIRT_HAVE_SECCOMP

bool gv_sandbox_available(void)
{
   return false;
}

int gv_sandbox_enter(void)
{
   gv_error("sandbox: this glvirt-server was built without libseccomp");
   return -1;
}

#else

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

bool gv_sandbox_available(void)
{
   return true;
}

/* What a client process does once its host GL context is current: serve its
 * socket, map guest memory, and let llvmpipe's threads and JIT run. */
static const char *const allowed[] = {
   /* the vtest socket (requests, replies, SCM_RIGHTS), stderr for the log */
   "read", "write", "sendmsg",
   /* LLVM's errs() asks where stderr stands when the JIT first runs */
   "lseek", "flock",
   /* shared-memory resources (RESOURCE_CREATE2) */
   "memfd_create", "ftruncate", "close",
   /* memory: malloc/realloc, guest memory maps, llvmpipe's JIT code */
   "mmap", "munmap", "mprotect", "mremap", "madvise", "brk",
   /* llvmpipe's threads: locks, fences, start and exit */
   "futex", "set_robust_list", "rseq", "sched_yield", "sched_getaffinity", "gettid", "exit",
   /* glibc's qsort (in LLVM) sizes its buffer from the machine's memory */
   "sysinfo",
   /* the log prefix, the end of the client */
   "getpid", "exit_group",
   /* time, where the vDSO falls back to the kernel, and sleeps */
   "clock_gettime", "clock_nanosleep", "nanosleep",
   /* the request watchdog (alarm() is setitimer where there is no alarm call) */
   "alarm", "setitimer",
   /* signal masks of threads, abort(), the SIGSYS report itself; the
    * sanitizer runtime drops a thread's signal stack when the thread ends */
   "rt_sigprocmask", "rt_sigaction", "rt_sigreturn", "sigaltstack",
};

/* Path lookups fail as if the file were not readable: libraries probe
 * files and carry on without them (libepoxy's dlopen(RTLD_NOLOAD) checks
 * for libGL/libGLX at each new GL entry point on a GLES host, LLVM's
 * fstat of stderr), and a failed lookup tells the caller nothing. */
static const char *const refused[] = {
   "open", "openat", "newfstatat",
};

/* Scheduling changes fail as a process without CAP_SYS_NICE sees them:
 * Mesa's shader-cache writer thread asks for the idle class and a CPU set,
 * and goes on without them; a client may not raise its own priority. */
static const char *const not_permitted[] = {
   "sched_setscheduler", "sched_setaffinity", "sched_setparam", "setpriority",
};

/* Names of system calls by number, resolved before the filter is loaded:
 * the SIGSYS handler may call nothing that allocates. */
enum { NAME_SLOTS = 512, NAME_BYTES = 24 };
static char sys_names[NAME_SLOTS][NAME_BYTES];

static void resolve_names(void)
{
   for (int nr = 0; nr < NAME_SLOTS; nr++) {
      char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
      if (name) {
         strncpy(sys_names[nr], name, NAME_BYTES - 1);
         free(name);
      }
   }
}

static char *put_str(char *p, char *end, const char *s)
{
   while (*s && p < end)
      *p++ = *s++;
   return p;
}

static char *put_uint(char *p, char *end, unsigned long v)
{
   char digits[24];
   int n = 0;
   do
      digits[n++] = (char)('0' + v % 10);
   while ((v /= 10) != 0);
   while (n && p < end)
      *p++ = digits[--n];
   return p;
}

/* Async-signal-safe: one write(2) so the line is not interleaved with the
 * other client processes' logs, then the whole process ends. */
static void on_sigsys(int sig, siginfo_t *info, void *ucontext)
{
   (void)sig;
   (void)ucontext;
   char line[256], *p = line, *end = line + sizeof(line);
   int nr = info->si_syscall;
   p = put_str(p, end, "glvirt[");
   p = put_uint(p, end, (unsigned long)getpid());
   p = put_str(p, end, "]: error: sandbox: denied system call ");
   p = put_uint(p, end, (unsigned long)(unsigned)nr);
   if (nr >= 0 && nr < NAME_SLOTS && sys_names[nr][0]) {
      p = put_str(p, end, " (");
      p = put_str(p, end, sys_names[nr]);
      p = put_str(p, end, ")");
   }
   p = put_str(p, end, "; ending this client (glvirt-server --no-sandbox serves without the sandbox)\n");
   ssize_t unused = write(STDERR_FILENO, line, (size_t)(p - line));
   (void)unused;
   _exit(1);
}

static int install_sigsys_handler(void)
{
   struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
   sigset_t set;
   sigemptyset(&set);
   sigaddset(&set, SIGSYS);
   /* A thread that blocks SIGSYS is still killed by it, only without the line. */
   if (sigaction(SIGSYS, &sa, NULL) < 0 || pthread_sigmask(SIG_UNBLOCK, &set, NULL) != 0)
      return -1;
   return 0;
}

static int add_rules(scmp_filter_ctx f, uint32_t action, const char *const *names, size_t count)
{
   for (size_t i = 0; i < count; i++) {
      int nr = seccomp_syscall_resolve_name(names[i]);
      /* Absent on this architecture (e.g. a legacy call): nothing to add. */
      if (nr == __NR_SCMP_ERROR)
         continue;
      int rc = seccomp_rule_add(f, action, nr, 0);
      if (rc < 0) {
         gv_error("sandbox: cannot add a rule for %s: %s", names[i], strerror(-rc));
         return -1;
      }
   }
   return 0;
}

static int add_lists(scmp_filter_ctx f)
{
   if (add_rules(f, SCMP_ACT_ALLOW, allowed, sizeof(allowed) / sizeof(allowed[0])) < 0)
      return -1;
   if (add_rules(f, SCMP_ACT_ERRNO(EACCES), refused, sizeof(refused) / sizeof(refused[0])) < 0)
      return -1;
   return add_rules(f, SCMP_ACT_ERRNO(EPERM), not_permitted,
                    sizeof(not_permitted) / sizeof(not_permitted[0]));
}

/* abort() signals its own thread with tgkill; any other target (the server,
 * another client) stays out of reach. A worker thread Mesa starts late names
 * itself with prctl(PR_SET_NAME); no other prctl. */
static int allow_self_only(scmp_filter_ctx f)
{
   int rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
                             SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0));
   if (rc == 0)
      rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1, SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME, 0));
   if (rc < 0)
      gv_error("sandbox: cannot add the tgkill and prctl rules: %s", strerror(-rc));
   return rc < 0 ? -1 : 0;
}

/* New threads only: clone with every flag that makes a thread share the
 * process (so it also shares this filter); fork and namespace tricks trap.
 * clone3 passes its flags in memory, which seccomp cannot inspect, so it
 * fails with ENOSYS and glibc falls back to clone. The flags are clone's
 * first argument on x86-64 and arm64 (not on s390). */
static int allow_threads(scmp_filter_ctx f)
{
   const scmp_datum_t thread = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                               CLONE_SYSVSEM;
   int rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                             SCMP_A0(SCMP_CMP_MASKED_EQ, thread, thread));
   if (rc == 0)
      rc = seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
   if (rc < 0)
      gv_error("sandbox: cannot add the thread rules: %s", strerror(-rc));
   return rc < 0 ? -1 : 0;
}

static scmp_filter_ctx build_filter(void)
{
   scmp_filter_ctx f = seccomp_init(SCMP_ACT_TRAP);
   if (!f) {
      gv_error("sandbox: seccomp_init failed");
      return NULL;
   }
   /* TSYNC: llvmpipe's threads already run and must be filtered too.
    * A call made through another architecture's ABI (int 0x80) is not
    * covered by the list at all: end the process without a handler. */
   if (seccomp_attr_set(f, SCMP_FLTATR_CTL_TSYNC, 1) < 0 ||
       seccomp_attr_set(f, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) < 0 ||
       add_lists(f) < 0 || allow_threads(f) < 0 || allow_self_only(f) < 0) {
      gv_error("sandbox: cannot build the seccomp filter");
      seccomp_release(f);
      return NULL;
   }
   return f;
}

int gv_sandbox_enter(void)
{
   resolve_names();
   if (install_sigsys_handler() < 0) {
      gv_error("sandbox: cannot install the SIGSYS handler: %s", strerror(errno));
      return -1;
   }
   scmp_filter_ctx f = build_filter();
   if (!f)
      return -1;
   int rc = seccomp_load(f);
   seccomp_release(f);
   if (rc < 0) {
      gv_error("sandbox: the kernel refused the seccomp filter: %s", strerror(-rc));
      return -1;
   }
   gv_debug("sandbox: seccomp filter in force");
   return 0;
}

#endif
