/* The seccomp sandbox of a vtest client process (docs/sandbox.md).
 *
 * A client process runs code that parses hostile input (the decoder, the
 * renderer, the host GL driver), so once its host GL context exists it gives
 * up every system call it does not need to keep serving its one socket. */
#ifndef GLVIRT_SERVER_SANDBOX_H
#define GLVIRT_SERVER_SANDBOX_H

#include <stdbool.h>

/* Whether this build can sandbox at all (libseccomp was found at build time). */
bool gv_sandbox_available(void);

/* Installs the allow-list filter on every thread of the calling process, for
 * good: a system call outside the list makes the process write one line
 * naming it to stderr and exit with status 1. Call it once the host GL
 * context is current and before the first client request is read.
 * Returns 0 when the filter is in force, -1 (after logging why) otherwise. */
int gv_sandbox_enter(void);

#endif
