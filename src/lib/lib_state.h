/* State of the libvirglrenderer.so.1 transport: the VMM's view (contexts and
 * resources by the guest's ids, guest memory as iovecs, fences) mapped onto
 * the renderer core. One per process, as the ABI has no handle; the VMM
 * calls in from one thread at a time (QEMU holds its big lock). */
#ifndef GLVIRT_LIB_STATE_H
#define GLVIRT_LIB_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "lib/virgl_abi.h"
#include "renderer/renderer.h"
#include "util/handle_table.h"

/* A guest context: its renderer context in a GL context of its own, which
 * shares textures and buffers with every other one. */
struct lib_ctx {
   uint32_t id;
   struct gv_context *gv;
   void *gl;
};

/* A guest resource. The renderer object lives in the owner context and is
 * shared into the contexts it is attached to. Its backing store is the
 * guest's memory itself when that is one piece, else a shadow copy kept in
 * step through the renderer's guest-memory hooks. */
struct lib_res {
   uint32_t handle;
   uint64_t guest_size;
   struct iovec *iov;         /* the VMM's, returned on detach */
   int niov;
   uint8_t *shadow;           /* NULL when the backing is iov[0] itself */
   size_t shadow_size;
   void *priv;
   struct lib_res *next_shadowed;
};

struct lib_fence {
   uint32_t id;
   void *sync;                /* GLsync */
};

struct lib_state {
   bool inited;
   void *cookie;
   int flags;
   struct virgl_renderer_callbacks cb;   /* as far as the VMM's version has fields */
   bool own_egl;                         /* no create_gl_context: glvirt's EGL host */
   struct gv_renderer *r;
   void *gl0;                            /* GL context of resource work (ctx 0) */
   struct gv_context *owner;             /* owns every resource */
   struct gv_handle_table ctxs;          /* id -> struct lib_ctx */
   struct gv_handle_table res;           /* handle -> struct lib_res */
   struct lib_res *shadowed;             /* resources with a shadow copy */
   struct lib_fence *fences;
   size_t nr_fences, cap_fences;
   uint32_t last_fence_ctx;              /* ctx of the last submit: fences follow its work */
   virgl_debug_callback_type debug_cb;
};

extern struct lib_state lib;

/* Logs that the call needs virgl_renderer_init first; false if so. */
bool lib_ready(const char *what);

/* GL contexts: from the VMM's callbacks or glvirt's EGL host. */
void *lib_gl_create(void);
void lib_gl_destroy(void *gl);
bool lib_gl_make_current(void *gl);

/* lib_context.c */
struct lib_ctx *lib_ctx_get(uint32_t id, const char *what);
/* Whether resource `handle` is attached to (visible in) `gv`. */
bool lib_attached(struct gv_context *gv, uint32_t handle);
/* Makes ctx's GL context current and returns its renderer context (the
 * owner's for id 0 or an unknown id when `fallback`). */
struct gv_context *lib_ctx_enter(uint32_t id, bool fallback, const char *what);
void lib_ctx_destroy_all(void);

/* lib_resource.c */
struct lib_res *lib_res_get(uint32_t handle, const char *what);
void lib_res_destroy_all(void);
extern const struct gv_guest_memory_hooks lib_memory_hooks;

/* lib_fence.c */
void lib_fences_retire(bool all);

#endif
