/* glvirt-demo: renders a picture through whatever GL it is given (run it
 * through virpipe to render through a vtest server) using only what the
 * foundation implements: texture uploads, clears, scaled and mirrored blits
 * and readback. Writes the result as a PNG and prints GL_RENDERER. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <epoxy/egl.h>
#include <epoxy/gl.h>

#define W 256
#define H 192

static uint32_t crc_table[256];

static void crc_init(void)
{
   for (uint32_t n = 0; n < 256; n++) {
      uint32_t c = n;
      for (int k = 0; k < 8; k++)
         c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
   }
}

static uint32_t crc(uint32_t c, const uint8_t *p, size_t n)
{
   c ^= 0xffffffffu;
   while (n--)
      c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
   return c ^ 0xffffffffu;
}

static void put32(uint8_t *p, uint32_t v)
{
   p[0] = (uint8_t)(v >> 24);
   p[1] = (uint8_t)(v >> 16);
   p[2] = (uint8_t)(v >> 8);
   p[3] = (uint8_t)v;
}

static void chunk(FILE *f, const char *type, const uint8_t *data, uint32_t len)
{
   uint8_t hdr[8];
   put32(hdr, len);
   memcpy(hdr + 4, type, 4);
   fwrite(hdr, 1, 8, f);
   fwrite(data, 1, len, f);
   uint32_t c = crc(0, hdr + 4, 4);
   c = crc(c, data, len);
   uint8_t t[4];
   put32(t, c);
   fwrite(t, 1, 4, f);
}

/* PNG with uncompressed (stored) deflate blocks: no zlib needed. */
static int write_png(const char *path, const uint8_t *rgba, int w, int h)
{
   FILE *f = fopen(path, "wb");
   if (!f)
      return -1;
   crc_init();
   static const uint8_t sig[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };
   fwrite(sig, 1, 8, f);
   uint8_t ihdr[13];
   put32(ihdr, (uint32_t)w);
   put32(ihdr + 4, (uint32_t)h);
   ihdr[8] = 8;  /* bit depth */
   ihdr[9] = 6;  /* RGBA */
   ihdr[10] = ihdr[11] = ihdr[12] = 0;
   chunk(f, "IHDR", ihdr, 13);

   size_t raw_len = (size_t)h * (1 + (size_t)w * 4);
   uint8_t *raw = malloc(raw_len);
   /* PNG rows go top to bottom; GL rows bottom to top. */
   for (int y = 0; y < h; y++) {
      uint8_t *row = raw + (size_t)y * (1 + (size_t)w * 4);
      row[0] = 0;
      memcpy(row + 1, rgba + (size_t)(h - 1 - y) * w * 4, (size_t)w * 4);
   }
   size_t blocks = raw_len / 65535 + 1;
   size_t z_len = 2 + raw_len + blocks * 5 + 4;
   uint8_t *z = malloc(z_len), *p = z;
   *p++ = 0x78;
   *p++ = 0x01;
   uint32_t a = 1, b = 0;
   for (size_t off = 0; off < raw_len || off == 0;) {
      size_t n = raw_len - off > 65535 ? 65535 : raw_len - off;
      *p++ = off + n == raw_len ? 1 : 0;
      *p++ = (uint8_t)n;
      *p++ = (uint8_t)(n >> 8);
      *p++ = (uint8_t)~n;
      *p++ = (uint8_t)(~n >> 8);
      memcpy(p, raw + off, n);
      for (size_t i = 0; i < n; i++) {
         a = (a + raw[off + i]) % 65521;
         b = (b + a) % 65521;
      }
      p += n;
      off += n;
      if (n == 0)
         break;
   }
   put32(p, (b << 16) | a);
   p += 4;
   chunk(f, "IDAT", z, (uint32_t)(p - z));
   chunk(f, "IEND", NULL, 0);
   free(raw);
   free(z);
   return fclose(f);
}

static GLuint make_fbo_tex(GLenum ifmt, int w, int h, GLuint *tex)
{
   GLuint fbo;
   glGenTextures(1, tex);
   glBindTexture(GL_TEXTURE_2D, *tex);
   glTexStorage2D(GL_TEXTURE_2D, 1, ifmt, w, h);
   glGenFramebuffers(1, &fbo);
   glBindFramebuffer(GL_FRAMEBUFFER, fbo);
   glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, *tex, 0);
   return fbo;
}

static void clear_fbo(GLuint fbo, float r, float g, float b)
{
   const GLfloat c[4] = { r, g, b, 1.0f };
   glBindFramebuffer(GL_FRAMEBUFFER, fbo);
   glClearBufferfv(GL_COLOR, 0, c);
}

static void blit(GLuint from, GLuint to, int sx0, int sy0, int sx1, int sy1, int dx0, int dy0,
                 int dx1, int dy1, GLenum filter)
{
   glBindFramebuffer(GL_READ_FRAMEBUFFER, from);
   glBindFramebuffer(GL_DRAW_FRAMEBUFFER, to);
   glBlitFramebuffer(sx0, sy0, sx1, sy1, dx0, dy0, dx1, dy1, GL_COLOR_BUFFER_BIT, filter);
}

int main(int argc, char **argv)
{
   const char *out = argc > 1 ? argv[1] : "glvirt-demo.png";
   EGLDisplay dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
   if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, NULL, NULL)) {
      fprintf(stderr, "glvirt-demo: no EGL display\n");
      return 1;
   }
   eglBindAPI(EGL_OPENGL_API);
   const EGLint attribs[] = { EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                              EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                              EGL_NONE };
   EGLContext ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attribs);
   if (ctx == EGL_NO_CONTEXT || !eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
      fprintf(stderr, "glvirt-demo: cannot create a GL 3.3 core context\n");
      return 1;
   }
   printf("GL_RENDERER = %s\nGL_VERSION = %s\n", glGetString(GL_RENDERER), glGetString(GL_VERSION));

   GLuint canvas_tex, canvas = make_fbo_tex(GL_RGBA8, W, H, &canvas_tex);
   clear_fbo(canvas, 0.08f, 0.09f, 0.12f);

   /* A gradient uploaded with glTexSubImage2D. */
   enum { GW = 64, GH = 64 };
   uint8_t *grad = malloc(GW * GH * 4);
   for (int y = 0; y < GH; y++)
      for (int x = 0; x < GW; x++) {
         uint8_t *p = grad + (y * GW + x) * 4;
         p[0] = (uint8_t)(x * 4);
         p[1] = (uint8_t)(y * 4);
         p[2] = (uint8_t)(255 - x * 2 - y * 2);
         p[3] = 255;
      }
   GLuint grad_tex, grad_fbo = make_fbo_tex(GL_RGBA8, GW, GH, &grad_tex);
   glBindTexture(GL_TEXTURE_2D, grad_tex);
   glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
   glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, GW, GH, GL_RGBA, GL_UNSIGNED_BYTE, grad);
   free(grad);

   /* Coloured tiles from clears of small framebuffers, blitted in. */
   static const float tiles[6][3] = { { 0.9f, 0.2f, 0.2f }, { 0.95f, 0.6f, 0.1f }, { 0.9f, 0.9f, 0.2f },
                                      { 0.2f, 0.8f, 0.3f }, { 0.2f, 0.5f, 0.95f }, { 0.6f, 0.3f, 0.9f } };
   GLuint tile_tex, tile = make_fbo_tex(GL_RGBA8, 8, 8, &tile_tex);
   for (int i = 0; i < 6; i++) {
      clear_fbo(tile, tiles[i][0], tiles[i][1], tiles[i][2]);
      blit(tile, canvas, 0, 0, 8, 8, 16 + i * 38, 16, 16 + i * 38 + 30, 46, GL_NEAREST);
   }
   /* The gradient: 1:1, scaled 1.5x with linear filtering, and mirrored. */
   blit(grad_fbo, canvas, 0, 0, GW, GH, 16, 64, 16 + GW, 64 + GH, GL_NEAREST);
   blit(grad_fbo, canvas, 0, 0, GW, GH, 92, 64, 92 + 96, 64 + 96, GL_LINEAR);
   blit(grad_fbo, canvas, GW, GH, 0, 0, 200, 64, 200 + 48, 64 + 48, GL_NEAREST);

   uint8_t *pixels = calloc(W * H, 4);
   glBindFramebuffer(GL_READ_FRAMEBUFFER, canvas);
   glPixelStorei(GL_PACK_ALIGNMENT, 1);
   glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
   GLenum err = glGetError();
   if (err != GL_NO_ERROR) {
      fprintf(stderr, "glvirt-demo: GL error 0x%x\n", err);
      return 1;
   }
   /* Spot checks so the demo also proves something: tile 0 is red-ish, the
    * 1:1 gradient's first pixel is (0, 0, 255). */
   const uint8_t *t0 = pixels + (30 * W + 30) * 4;
   const uint8_t *g0 = pixels + (64 * W + 16) * 4;
   int ok = t0[0] > 200 && t0[1] < 80 && g0[0] == 0 && g0[1] == 0 && g0[2] == 255;
   if (write_png(out, pixels, W, H) != 0) {
      fprintf(stderr, "glvirt-demo: cannot write %s\n", out);
      return 1;
   }
   printf("wrote %s (%dx%d): %s\n", out, W, H, ok ? "pixels as expected" : "UNEXPECTED PIXELS");
   free(pixels);
   eglDestroyContext(dpy, ctx);
   eglTerminate(dpy);
   return ok ? 0 : 1;
}
