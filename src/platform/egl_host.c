#include "platform/egl_host.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <epoxy/egl.h>
#ifdef GLVIRT_HAVE_GBM
#include <gbm.h>
#endif

#include "util/log.h"

/* Older EGL headers lack it (EGL_EXT_device_drm_render_node). */
#ifndef EGL_DRM_RENDER_NODE_FILE_EXT
#define EGL_DRM_RENDER_NODE_FILE_EXT 0x3377
#endif

struct gv_egl_host {
   EGLDisplay dpy;
   EGLContext ctx;
   bool gles;
   bool robust;
   int egl_version;              /* major * 10 + minor */
   char platform[160];
#ifdef GLVIRT_HAVE_GBM
   struct gbm_device *gbm;
   int gbm_fd;
#endif
};

static bool has_word(const char *list, const char *word)
{
   size_t n = strlen(word);
   for (const char *p = list; p && (p = strstr(p, word)); p += n) {
      bool start = p == list || p[-1] == ' ';
      bool end = p[n] == '\0' || p[n] == ' ';
      if (start && end)
         return true;
   }
   return false;
}

static EGLDisplay open_surfaceless(struct gv_egl_host *h)
{
   const char *client_exts = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
   if (!has_word(client_exts, "EGL_MESA_platform_surfaceless")) {
      gv_warn("EGL: no EGL_MESA_platform_surfaceless");
      return EGL_NO_DISPLAY;
   }
   snprintf(h->platform, sizeof(h->platform), "EGL surfaceless");
   return eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
}

/* A device is "software" when it only exposes Mesa's software device. */
static EGLDisplay open_device(struct gv_egl_host *h, const char *render_node, bool hardware_only)
{
   const char *client_exts = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
   if (!has_word(client_exts, "EGL_EXT_device_enumeration") &&
       !has_word(client_exts, "EGL_EXT_device_base")) {
      gv_debug("EGL: no device enumeration");
      return EGL_NO_DISPLAY;
   }
   EGLDeviceEXT devices[16];
   EGLint count = 0;
   if (!eglQueryDevicesEXT(16, devices, &count))
      return EGL_NO_DISPLAY;
   for (EGLint i = 0; i < count; i++) {
      const char *exts = eglQueryDeviceStringEXT(devices[i], EGL_EXTENSIONS);
      const char *node = NULL;
      if (has_word(exts, "EGL_EXT_device_drm_render_node"))
         node = eglQueryDeviceStringEXT(devices[i], EGL_DRM_RENDER_NODE_FILE_EXT);
      if (!node && has_word(exts, "EGL_EXT_device_drm"))
         node = eglQueryDeviceStringEXT(devices[i], EGL_DRM_DEVICE_FILE_EXT);
      bool software = has_word(exts, "EGL_MESA_device_software");
      if (render_node && (!node || strcmp(node, render_node) != 0))
         continue;
      if (hardware_only && software)
         continue;
      EGLDisplay dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], NULL);
      if (dpy == EGL_NO_DISPLAY)
         continue;
      snprintf(h->platform, sizeof(h->platform), "EGL device %s", node ? node : software ? "(software)" : "(no node)");
      return dpy;
   }
   return EGL_NO_DISPLAY;
}

#ifdef GLVIRT_HAVE_GBM
static EGLDisplay open_gbm(struct gv_egl_host *h, const char *render_node)
{
   const char *node = render_node ? render_node : "/dev/dri/renderD128";
   h->gbm_fd = open(node, O_RDWR | O_CLOEXEC);
   if (h->gbm_fd < 0) {
      gv_warn("GBM: cannot open %s", node);
      return EGL_NO_DISPLAY;
   }
   h->gbm = gbm_create_device(h->gbm_fd);
   if (!h->gbm) {
      gv_warn("GBM: gbm_create_device(%s) failed", node);
      return EGL_NO_DISPLAY;
   }
   snprintf(h->platform, sizeof(h->platform), "EGL GBM %s", node);
   return eglGetPlatformDisplayEXT(EGL_PLATFORM_GBM_KHR, h->gbm, NULL);
}
#endif

/* EGL_EXT_create_context_robustness tokens (EGL 1.4 headers may lack them). */
#ifndef EGL_CONTEXT_OPENGL_ROBUST_ACCESS_EXT
#define EGL_CONTEXT_OPENGL_ROBUST_ACCESS_EXT 0x30BF
#define EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY_EXT 0x3138
#define EGL_LOSE_CONTEXT_ON_RESET_EXT 0x31BF
#endif

static EGLContext create_context(EGLDisplay dpy, bool gles, bool robust, EGLContext share)
{
   if (!eglBindAPI(gles ? EGL_OPENGL_ES_API : EGL_OPENGL_API))
      return EGL_NO_CONTEXT;
   /* Ask for the minimum we need; EGL implementations return the newest
    * version compatible with it. */
   EGLint attribs[16];
   int n = 0;
   attribs[n++] = EGL_CONTEXT_MAJOR_VERSION;
   attribs[n++] = 3;
   attribs[n++] = EGL_CONTEXT_MINOR_VERSION;
   attribs[n++] = gles ? 0 : 3;
   if (!gles) {
      attribs[n++] = EGL_CONTEXT_OPENGL_PROFILE_MASK;
      attribs[n++] = EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT;
   }
   /* Robust access keeps a shader's out-of-bounds reads and writes inside
    * its own buffers; lose-on-reset lets a GPU reset be noticed per client. */
   /* Mesa takes the EXT tokens for GLES only and the EGL 1.5 ones for GL. */
   if (robust) {
      attribs[n++] = gles ? EGL_CONTEXT_OPENGL_ROBUST_ACCESS_EXT : EGL_CONTEXT_OPENGL_ROBUST_ACCESS;
      attribs[n++] = EGL_TRUE;
      attribs[n++] = gles ? EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY_EXT
                          : EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY;
      attribs[n++] = EGL_LOSE_CONTEXT_ON_RESET_EXT;
   }
   attribs[n] = EGL_NONE;
   return eglCreateContext(dpy, EGL_NO_CONFIG_KHR, share, attribs);
}

static bool try_api(struct gv_egl_host *h, bool gles, bool want_robust)
{
   const char *what = gles ? "OpenGL ES 3.0+" : "OpenGL 3.3+ core";
   bool robust = want_robust &&
                 (gles ? has_word(eglQueryString(h->dpy, EGL_EXTENSIONS), "EGL_EXT_create_context_robustness")
                       : h->egl_version >= 15);
   h->ctx = create_context(h->dpy, gles, robust, EGL_NO_CONTEXT);
   if (h->ctx == EGL_NO_CONTEXT && robust) {
      gv_debug("EGL: no robust %s context (EGL error 0x%x); trying a plain one", what, eglGetError());
      robust = false;
      h->ctx = create_context(h->dpy, gles, false, EGL_NO_CONTEXT);
   }
   if (h->ctx == EGL_NO_CONTEXT) {
      gv_warn("EGL: cannot create a %s context (EGL error 0x%x)", what, eglGetError());
      return false;
   }
   if (!eglMakeCurrent(h->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, h->ctx)) {
      gv_warn("EGL: eglMakeCurrent failed (0x%x)", eglGetError());
      eglDestroyContext(h->dpy, h->ctx);
      h->ctx = EGL_NO_CONTEXT;
      return false;
   }
   h->gles = gles;
   h->robust = robust;
   return true;
}

struct gv_egl_host *gv_egl_host_create(const struct gv_renderer_config *cfg)
{
   struct gv_egl_host *h = calloc(1, sizeof(*h));
   if (!h)
      return NULL;
   h->dpy = EGL_NO_DISPLAY;
   h->ctx = EGL_NO_CONTEXT;
#ifdef GLVIRT_HAVE_GBM
   h->gbm_fd = -1;
#endif

   switch (cfg->platform) {
   case GV_EGL_SURFACELESS:
      h->dpy = open_surfaceless(h);
      break;
   case GV_EGL_DEVICE:
      h->dpy = open_device(h, cfg->render_node, false);
      break;
   case GV_EGL_GBM:
#ifdef GLVIRT_HAVE_GBM
      h->dpy = open_gbm(h, cfg->render_node);
#else
      gv_error("this build of glvirt has no GBM support");
#endif
      break;
   case GV_EGL_AUTO:
      h->dpy = open_device(h, cfg->render_node, true);
      if (h->dpy == EGL_NO_DISPLAY)
         h->dpy = open_surfaceless(h);
      break;
   }
   if (h->dpy == EGL_NO_DISPLAY) {
      gv_error("EGL: no usable display for the requested platform");
      goto fail;
   }
   EGLint major, minor;
   if (!eglInitialize(h->dpy, &major, &minor)) {
      gv_error("EGL: eglInitialize failed (0x%x) on %s", eglGetError(), h->platform);
      h->dpy = EGL_NO_DISPLAY;
      goto fail;
   }
   h->egl_version = major * 10 + minor;
   const char *exts = eglQueryString(h->dpy, EGL_EXTENSIONS);
   if (!has_word(exts, "EGL_KHR_surfaceless_context") || !has_word(exts, "EGL_KHR_no_config_context")) {
      gv_error("EGL: %s lacks EGL_KHR_surfaceless_context or EGL_KHR_no_config_context", h->platform);
      goto fail;
   }

   bool ok = false;
   switch (cfg->api) {
   case GV_API_CORE:
      ok = try_api(h, false, cfg->robust);
      break;
   case GV_API_ES:
      ok = try_api(h, true, cfg->robust);
      break;
   case GV_API_ON:
      ok = try_api(h, false, cfg->robust) || try_api(h, true, cfg->robust);
      break;
   }
   if (!ok) {
      gv_error("EGL: no context of the requested host API on %s", h->platform);
      goto fail;
   }
   return h;

fail:
   gv_egl_host_destroy(h);
   return NULL;
}

void gv_egl_host_destroy(struct gv_egl_host *h)
{
   if (!h)
      return;
   if (h->dpy != EGL_NO_DISPLAY) {
      eglMakeCurrent(h->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      if (h->ctx != EGL_NO_CONTEXT)
         eglDestroyContext(h->dpy, h->ctx);
      eglTerminate(h->dpy);
   }
#ifdef GLVIRT_HAVE_GBM
   if (h->gbm)
      gbm_device_destroy(h->gbm);
   if (h->gbm_fd >= 0)
      close(h->gbm_fd);
#endif
   free(h);
}

bool gv_egl_host_is_gles(const struct gv_egl_host *h)
{
   return h->gles;
}

bool gv_egl_host_is_robust(const struct gv_egl_host *h)
{
   return h->robust;
}

const char *gv_egl_host_platform_name(const struct gv_egl_host *h)
{
   return h->platform;
}

void *gv_egl_host_create_shared(struct gv_egl_host *h)
{
   EGLContext c = create_context(h->dpy, h->gles, h->robust, h->ctx);
   if (c == EGL_NO_CONTEXT) {
      gv_error("EGL: cannot create a context sharing the host context's objects (0x%x)",
               eglGetError());
      return NULL;
   }
   return c;
}

void gv_egl_host_destroy_shared(struct gv_egl_host *h, void *ctx)
{
   if (ctx && ctx != h->ctx) {
      if (eglGetCurrentContext() == ctx)
         eglMakeCurrent(h->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext(h->dpy, ctx);
   }
}

bool gv_egl_host_make_current(struct gv_egl_host *h, void *ctx)
{
   EGLContext c = ctx ? ctx : h->ctx;
   if (eglGetCurrentContext() == c)
      return true;
   if (!eglMakeCurrent(h->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, c)) {
      gv_error("EGL: eglMakeCurrent failed (0x%x)", eglGetError());
      return false;
   }
   return true;
}
