/* The host driver's on-disk shader cache, as glvirt-server arranges it for
 * its client processes (docs/sandbox.md, "Shader cache").
 *
 * Each vtest client is a new process with a new host context, so without a
 * cache shared between them every client compiles every shader from scratch
 * (llvmpipe: tens of milliseconds each). Mesa's single-file cache opens its
 * files when the host context is created, before the sandbox is entered,
 * and afterwards only reads, writes and locks them. */
#ifndef GLVIRT_SERVER_SHADER_CACHE_H
#define GLVIRT_SERVER_SHADER_CACHE_H

#include <stdbool.h>
#include <stdint.h>

/* Call once, before any host GL is initialised. dir NULL picks
 * $XDG_CACHE_HOME/glvirt (else ~/.cache/glvirt); enabled false turns the
 * host's cache off. Says on stdout what was chosen. Returns -1 (after
 * logging why) when the directory cannot be made. */
int gv_shader_cache_setup(bool enabled, const char *dir, uint64_t max_bytes);

/* Call before each client process starts: when the cache has grown past its
 * limit, its files are removed (clients that have them open keep their
 * copy; new clients start an empty cache). */
void gv_shader_cache_trim(void);

#endif
