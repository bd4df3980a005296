/* glvirt-roundtrip: clears, uploads, blits and reads back textures of many
 * formats through whatever GL it runs on (through virpipe: through a vtest
 * server) and checks every value read back. One line per check
 * ("PASS name" / "FAIL name: why" / "SKIP name: why"), then a summary line.
 * Usage: glvirt-roundtrip --api=gl|gles */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <epoxy/egl.h>
#include <epoxy/gl.h>

#define W 37
#define H 19

static int passed, failed;
static bool gles;

static void result(const char *name, const char *why)
{
   GLenum err = glGetError();
   char buf[160];
   if (!why && err != GL_NO_ERROR) {
      snprintf(buf, sizeof(buf), "GL error 0x%x", err);
      why = buf;
   }
   while (glGetError() != GL_NO_ERROR)
      ;
   if (why) {
      printf("FAIL %s: %s\n", name, why);
      failed++;
   } else {
      printf("PASS %s\n", name);
      passed++;
   }
}

static GLuint fbo_for(GLenum ifmt, GLenum attachment, int w, int h, GLuint *tex)
{
   GLuint fbo;
   glGenTextures(1, tex);
   glBindTexture(GL_TEXTURE_2D, *tex);
   glTexStorage2D(GL_TEXTURE_2D, 1, ifmt, w, h);
   glGenFramebuffers(1, &fbo);
   glBindFramebuffer(GL_FRAMEBUFFER, fbo);
   glFramebufferTexture2D(GL_FRAMEBUFFER, attachment, GL_TEXTURE_2D, *tex, 0);
   if (attachment != GL_COLOR_ATTACHMENT0) {
      GLenum none = GL_NONE;
      glDrawBuffers(1, &none);
      glReadBuffer(GL_NONE);
   }
   return fbo;
}

enum kind { K_UNORM, K_FLOAT, K_UINT, K_SINT };

struct colour_case {
   const char *name;
   GLenum ifmt;
   enum kind kind;
   int channels;        /* channels the format stores */
   float tolerance;     /* for unorm/float reads */
   float clear[4];
   int32_t iclear[4];
};

/* Reads back in the canonical type of the format's class: what GLES allows. */
static void check_colour(const struct colour_case *c)
{
   char name[64], why[160];
   GLuint tex, fbo = fbo_for(c->ifmt, GL_COLOR_ATTACHMENT0, W, H, &tex);
   snprintf(name, sizeof(name), "clear-%s", c->name);
   if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      result(name, "framebuffer incomplete");
      return;
   }
   if (c->kind == K_UINT)
      glClearBufferuiv(GL_COLOR, 0, (const GLuint *)c->iclear);
   else if (c->kind == K_SINT)
      glClearBufferiv(GL_COLOR, 0, c->iclear);
   else
      glClearBufferfv(GL_COLOR, 0, c->clear);
   union { float f[W * H * 4]; int32_t i[W * H * 4]; uint8_t b[W * H * 4]; } *px = calloc(1, sizeof(*px));
   glPixelStorei(GL_PACK_ALIGNMENT, 1);
   if (c->kind == K_UINT)
      glReadPixels(0, 0, W, H, GL_RGBA_INTEGER, GL_UNSIGNED_INT, px->i);
   else if (c->kind == K_SINT)
      glReadPixels(0, 0, W, H, GL_RGBA_INTEGER, GL_INT, px->i);
   else if (c->kind == K_UNORM)
      glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, px->b);
   else
      glReadPixels(0, 0, W, H, GL_RGBA, GL_FLOAT, px->f);
   const char *bad = NULL;
   for (int p = 0; p < W * H && !bad; p++) {
      for (int ch = 0; ch < c->channels && !bad; ch++) {
         double got, want;
         if (c->kind == K_UINT) {
            got = (double)(uint32_t)px->i[p * 4 + ch];
            want = (double)(uint32_t)c->iclear[ch];
         } else if (c->kind == K_SINT) {
            got = px->i[p * 4 + ch];
            want = c->iclear[ch];
         } else if (c->kind == K_UNORM) {
            got = px->b[p * 4 + ch] / 255.0;
            want = c->clear[ch];
         } else {
            got = px->f[p * 4 + ch];
            want = c->clear[ch];
         }
         if (fabs(got - want) > c->tolerance) {
            snprintf(why, sizeof(why), "pixel %d channel %d: got %g, want %g", p, ch, got, want);
            bad = why;
         }
      }
   }
   result(name, bad);
   free(px);
   glDeleteFramebuffers(1, &fbo);
   glDeleteTextures(1, &tex);
}

/* glTexSubImage2D of a sub-rectangle, then a full readback: the uploaded
 * pixels and the cleared ones around them must both be right. */
static void check_upload_rgba8(void)
{
   GLuint tex;
   fbo_for(GL_RGBA8, GL_COLOR_ATTACHMENT0, W, H, &tex);
   const float zero[4] = { 0, 0, 0, 0 };
   glClearBufferfv(GL_COLOR, 0, zero);
   enum { UX = 3, UY = 5, UW = 20, UH = 9 };
   static uint8_t up[UW * UH * 4], px[W * H * 4];
   for (int i = 0; i < UW * UH * 4; i++)
      up[i] = (uint8_t)(i * 7 + 13);
   glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
   glBindTexture(GL_TEXTURE_2D, tex);
   glTexSubImage2D(GL_TEXTURE_2D, 0, UX, UY, UW, UH, GL_RGBA, GL_UNSIGNED_BYTE, up);
   glPixelStorei(GL_PACK_ALIGNMENT, 1);
   glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, px);
   char why[128];
   const char *bad = NULL;
   for (int y = 0; y < H && !bad; y++)
      for (int x = 0; x < W && !bad; x++) {
         bool in = x >= UX && x < UX + UW && y >= UY && y < UY + UH;
         for (int ch = 0; ch < 4 && !bad; ch++) {
            int want = in ? up[((y - UY) * UW + (x - UX)) * 4 + ch] : 0;
            if (px[(y * W + x) * 4 + ch] != want) {
               snprintf(why, sizeof(why), "(%d,%d) ch %d: got %d want %d", x, y, ch,
                        px[(y * W + x) * 4 + ch], want);
               bad = why;
            }
         }
      }
   result("upload-subrect-rgba8", bad);
}

static void check_upload_r32ui(void)
{
   GLuint tex;
   fbo_for(GL_R32UI, GL_COLOR_ATTACHMENT0, W, H, &tex);
   static uint32_t up[W * H], px[W * H * 4];
   for (int i = 0; i < W * H; i++)
      up[i] = 0x80000000u + (uint32_t)i * 977u;
   glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
   glBindTexture(GL_TEXTURE_2D, tex);
   glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, W, H, GL_RED_INTEGER, GL_UNSIGNED_INT, up);
   glReadPixels(0, 0, W, H, GL_RGBA_INTEGER, GL_UNSIGNED_INT, px);
   const char *bad = NULL;
   char why[96];
   for (int i = 0; i < W * H && !bad; i++)
      if (px[i * 4] != up[i]) {
         snprintf(why, sizeof(why), "pixel %d: got %u want %u", i, px[i * 4], up[i]);
         bad = why;
      }
   result("upload-r32ui", bad);
}

/* Scaled (nearest) and mirrored blits between RGBA8 framebuffers, and a
 * float-to-float blit. */
static void check_blits(void)
{
   GLuint st, dt;
   GLuint src = fbo_for(GL_RGBA8, GL_COLOR_ATTACHMENT0, 4, 4, &st);
   GLuint dst = fbo_for(GL_RGBA8, GL_COLOR_ATTACHMENT0, 8, 8, &dt);
   /* Rows bottom to top: red red green green / red red green green /
    * blue blue white white / blue blue white white. */
   static uint8_t quad[4 * 4 * 4];
   for (int y = 0; y < 4; y++)
      for (int x = 0; x < 4; x++) {
         uint8_t *p = quad + (y * 4 + x) * 4;
         bool top = y >= 2, right = x >= 2;
         p[0] = (!top && !right) || (top && right) ? 255 : 0;
         p[1] = (!top && right) || (top && right) ? 255 : 0;
         p[2] = top ? 255 : 0;
         p[3] = 255;
      }
   glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
   glBindTexture(GL_TEXTURE_2D, st);
   glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 4, 4, GL_RGBA, GL_UNSIGNED_BYTE, quad);
   glBindFramebuffer(GL_READ_FRAMEBUFFER, src);
   glBindFramebuffer(GL_DRAW_FRAMEBUFFER, dst);
   glBlitFramebuffer(0, 0, 4, 4, 0, 0, 8, 8, GL_COLOR_BUFFER_BIT, GL_NEAREST);
   uint8_t px[8 * 8 * 4];
   glBindFramebuffer(GL_READ_FRAMEBUFFER, dst);
   glReadPixels(0, 0, 8, 8, GL_RGBA, GL_UNSIGNED_BYTE, px);
#define PX(x, y, c) px[((y) * 8 + (x)) * 4 + (c)]
   bool ok = PX(0, 0, 0) == 255 && PX(0, 0, 1) == 0 && PX(3, 3, 0) == 255 &&  /* red */
             PX(7, 0, 1) == 255 && PX(7, 0, 0) == 0 &&                        /* green */
             PX(0, 7, 2) == 255 && PX(0, 7, 0) == 0 &&                        /* blue */
             PX(7, 7, 0) == 255 && PX(7, 7, 1) == 255 && PX(4, 4, 2) == 255;  /* white */
   result("blit-scaled-2x", ok ? NULL : "quadrants not where expected");

   glBindFramebuffer(GL_READ_FRAMEBUFFER, src);
   glBindFramebuffer(GL_DRAW_FRAMEBUFFER, dst);
   glBlitFramebuffer(4, 0, 0, 4, 0, 0, 4, 4, GL_COLOR_BUFFER_BIT, GL_NEAREST);
   glBindFramebuffer(GL_READ_FRAMEBUFFER, dst);
   glReadPixels(0, 0, 8, 8, GL_RGBA, GL_UNSIGNED_BYTE, px);
   /* Mirrored in x: bottom-left is now green, bottom-right of the copy red. */
   ok = PX(0, 0, 1) == 255 && PX(0, 0, 0) == 0 && PX(3, 0, 0) == 255 && PX(3, 0, 1) == 0;
   result("blit-mirrored", ok ? NULL : "not mirrored");
#undef PX

   GLuint ht, ft;
   GLuint h = fbo_for(GL_RGBA16F, GL_COLOR_ATTACHMENT0, W, H, &ht);
   GLuint f = fbo_for(GL_RGBA32F, GL_COLOR_ATTACHMENT0, W, H, &ft);
   const float c[4] = { 0.25f, -2.5f, 1000.5f, 1.0f };
   glBindFramebuffer(GL_FRAMEBUFFER, h);
   glClearBufferfv(GL_COLOR, 0, c);
   glBindFramebuffer(GL_READ_FRAMEBUFFER, h);
   glBindFramebuffer(GL_DRAW_FRAMEBUFFER, f);
   glBlitFramebuffer(0, 0, W, H, 0, 0, W, H, GL_COLOR_BUFFER_BIT, GL_NEAREST);
   float fp[4] = { 0, 0, 0, 0 };
   glBindFramebuffer(GL_READ_FRAMEBUFFER, f);
   glReadPixels(W - 1, H - 1, 1, 1, GL_RGBA, GL_FLOAT, fp);
   ok = fp[0] == 0.25f && fp[1] == -2.5f && fp[2] == 1000.5f && fp[3] == 1.0f;
   result("blit-rgba16f-to-rgba32f", ok ? NULL : "values changed");
}

static void check_depth_stencil(void)
{
   bool read_depth = !gles || epoxy_has_gl_extension("GL_NV_read_depth");
   /* GLES reads packed depth-stencil only as DEPTH_STENCIL (NV_read_depth_stencil). */
   bool read_packed_depth = !gles;
   bool read_stencil = !gles || epoxy_has_gl_extension("GL_NV_read_stencil");
   GLuint t1, t2, t3;
   GLuint a = fbo_for(GL_DEPTH24_STENCIL8, GL_DEPTH_STENCIL_ATTACHMENT, W, H, &t1);
   GLuint b = fbo_for(GL_DEPTH24_STENCIL8, GL_DEPTH_STENCIL_ATTACHMENT, W, H, &t2);
   glBindFramebuffer(GL_FRAMEBUFFER, a);
   glClearBufferfi(GL_DEPTH_STENCIL, 0, 0.25f, 0x5a);
   glBindFramebuffer(GL_READ_FRAMEBUFFER, a);
   glBindFramebuffer(GL_DRAW_FRAMEBUFFER, b);
   glBlitFramebuffer(0, 0, W, H, 0, 0, W, H, GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT, GL_NEAREST);
   glBindFramebuffer(GL_READ_FRAMEBUFFER, b);
   glPixelStorei(GL_PACK_ALIGNMENT, 1);
   if (read_packed_depth) {
      static float d[W * H];
      glReadPixels(0, 0, W, H, GL_DEPTH_COMPONENT, GL_FLOAT, d);
      result("blit-depth24s8-depth",
             fabsf(d[0] - 0.25f) < 1e-5f && fabsf(d[W * H - 1] - 0.25f) < 1e-5f ? NULL : "depth not 0.25");
   } else {
      printf("SKIP blit-depth24s8-depth: GLES cannot read packed depth as DEPTH_COMPONENT\n");
   }
   if (read_stencil) {
      static uint8_t s[W * H];
      glReadPixels(0, 0, W, H, GL_STENCIL_INDEX, GL_UNSIGNED_BYTE, s);
      result("blit-depth24s8-stencil", s[0] == 0x5a && s[W * H - 1] == 0x5a ? NULL : "stencil not 0x5a");
   } else {
      printf("SKIP blit-depth24s8-stencil: this GLES context cannot read stencil\n");
   }
   GLuint z = fbo_for(GL_DEPTH_COMPONENT32F, GL_DEPTH_ATTACHMENT, W, H, &t3);
   glBindFramebuffer(GL_FRAMEBUFFER, z);
   const float dv = 0.625f;
   glClearBufferfv(GL_DEPTH, 0, &dv);
   if (read_depth) {
      static float d[W * H];
      glBindFramebuffer(GL_READ_FRAMEBUFFER, z);
      glReadPixels(0, 0, W, H, GL_DEPTH_COMPONENT, GL_FLOAT, d);
      result("clear-depth32f", d[0] == 0.625f && d[W * H - 1] == 0.625f ? NULL : "depth not 0.625");
   }
}

int main(int argc, char **argv)
{
   gles = argc > 1 && !strcmp(argv[1], "--api=gles");
   EGLDisplay dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
   if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, NULL, NULL)) {
      fprintf(stderr, "glvirt-roundtrip: no EGL display\n");
      return 1;
   }
   eglBindAPI(gles ? EGL_OPENGL_ES_API : EGL_OPENGL_API);
   const EGLint gl_attr[] = { EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                              EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE };
   const EGLint es_attr[] = { EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 0, EGL_NONE };
   EGLContext ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, gles ? es_attr : gl_attr);
   if (ctx == EGL_NO_CONTEXT || !eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
      fprintf(stderr, "glvirt-roundtrip: cannot create the context\n");
      return 1;
   }
   printf("# %s / %s\n", glGetString(GL_RENDERER), glGetString(GL_VERSION));
   const struct colour_case cases[] = {
      { "rgba8", GL_RGBA8, K_UNORM, 4, 0.5f / 255, { 1, 0, 0.2f, 0.6f }, { 0 } },
      { "rgb565", GL_RGB565, K_UNORM, 3, 1.0f / 31, { 0, 1, 0.5f, 1 }, { 0 } },
      { "rgba16f", GL_RGBA16F, K_FLOAT, 4, 0, { 0.25f, -2.5f, 1000.5f, 1 }, { 0 } },
      { "rgba32f", GL_RGBA32F, K_FLOAT, 4, 0, { 0.1f, -1e6f, 3.5f, -0.0f }, { 0 } },
      { "r32f", GL_R32F, K_FLOAT, 1, 0, { 123.25f, 0, 0, 0 }, { 0 } },
      { "rg8", GL_RG8, K_UNORM, 2, 0.5f / 255, { 0.2f, 0.8f, 0, 0 }, { 0 } },
      { "r8", GL_R8, K_UNORM, 1, 0.5f / 255, { 0.4f, 0, 0, 0 }, { 0 } },
      { "rgb10a2", GL_RGB10_A2, K_UNORM, 4, 0.5f / 255 + 1.0f / 1023, { 0.25f, 0.5f, 1, 0.333333f }, { 0 } },
      { "r32ui", GL_R32UI, K_UINT, 1, 0, { 0 }, { (int32_t)0xfedcba98u, 0, 0, 0 } },
      { "rgba32i", GL_RGBA32I, K_SINT, 4, 0, { 0 }, { -7, 2147483647, -2147483647 - 1, 300 } },
      { "rgba8ui", GL_RGBA8UI, K_UINT, 4, 0, { 0 }, { 1, 2, 254, 255 } },
      { "r16i", GL_R16I, K_SINT, 1, 0, { 0 }, { -1234, 0, 0, 0 } },
      { "rg32ui", GL_RG32UI, K_UINT, 2, 0, { 0 }, { 5, 0x7fffffff, 0, 0 } },
   };
   for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
      check_colour(&cases[i]);
   check_upload_rgba8();
   check_upload_r32ui();
   check_blits();
   check_depth_stencil();
   printf("roundtrip: %d passed, %d failed\n", passed, failed);
   eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
   eglDestroyContext(dpy, ctx);
   eglTerminate(dpy);
   return failed ? 1 : 0;
}
