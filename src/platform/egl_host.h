/* The host GL context: an EGL display (surfaceless, device or GBM) and one
 * context of the chosen API, current on the calling thread. No window system:
 * everything renders into FBOs. */
#ifndef GLVIRT_PLATFORM_EGL_HOST_H
#define GLVIRT_PLATFORM_EGL_HOST_H

#include <stdbool.h>

#include "renderer/renderer.h"

struct gv_egl_host;

/* Creates the display and a context per cfg->api / cfg->platform and makes it
 * current. On failure logs every attempt and returns NULL. */
struct gv_egl_host *gv_egl_host_create(const struct gv_renderer_config *cfg);
void gv_egl_host_destroy(struct gv_egl_host *h);

bool gv_egl_host_is_gles(const struct gv_egl_host *h);
/* Whether the context was created with robust access and lose-on-reset
 * notification (asked for by cfg->robust, granted by the host). */
bool gv_egl_host_is_robust(const struct gv_egl_host *h);
/* "EGL surfaceless", "EGL device /dev/dri/renderD128", ... */
const char *gv_egl_host_platform_name(const struct gv_egl_host *h);

/* More contexts of the same API sharing the host context's objects (the
 * library API's per-guest-context GL contexts). NULL names the host context. */
void *gv_egl_host_create_shared(struct gv_egl_host *h);
void gv_egl_host_destroy_shared(struct gv_egl_host *h, void *ctx);
bool gv_egl_host_make_current(struct gv_egl_host *h, void *ctx);

#endif
