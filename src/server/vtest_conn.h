/* One vtest client connection: framing, the vtest requests, and handing
 * command buffers and transfers to a renderer context. Used by the server's
 * client processes and by the framing fuzzer, which feeds it a socket pair. */
#ifndef GLVIRT_SERVER_VTEST_CONN_H
#define GLVIRT_SERVER_VTEST_CONN_H

#include "renderer/renderer.h"

/* Serves requests from `fd` (a connected unix stream socket) with renderer
 * `r` until the client disconnects, breaks the protocol, exceeds a transport
 * limit or loses its host context. Every reason to stop is logged. The
 * context is created on the first request that needs one and destroyed
 * before returning; `fd` stays open. Limits are r's (gv_renderer_limits). */
void gv_vtest_serve(int fd, struct gv_renderer *r);

#endif
