/* glvirt-blend-advanced: draws with three KHR_blend_equation_advanced
 * equations in a GLES 3.2 context (through Mesa virpipe when run under
 * with-server.sh) and compares each result with the equation's formula.
 * Exit 0 when all three match, 1 when one does not, 77 without a GLES 3.2
 * context. */
#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <stdio.h>
#include <stdlib.h>

static GLuint shader(GLenum type, const char *src)
{
   GLuint s = glCreateShader(type);
   glShaderSource(s, 1, &src, NULL);
   glCompileShader(s);
   GLint ok = 0;
   glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
   if (!ok) {
      char log[512] = "";
      glGetShaderInfoLog(s, sizeof(log), NULL, log);
      fprintf(stderr, "compile: %s\n", log);
   }
   return s;
}

static bool context(void)
{
   PFNEGLGETPLATFORMDISPLAYEXTPROC get_display = (void *)eglGetProcAddress("eglGetPlatformDisplayEXT");
   if (!get_display)
      return false;
   EGLDisplay d = get_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
   if (!eglInitialize(d, NULL, NULL) || !eglBindAPI(EGL_OPENGL_ES_API))
      return false;
   /* Surfaceless: no config (EGL_KHR_no_config_context), no surface. */
   static const EGLint version[] = { EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 2, EGL_NONE };
   EGLContext c = eglCreateContext(d, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, version);
   return c != EGL_NO_CONTEXT && eglMakeCurrent(d, EGL_NO_SURFACE, EGL_NO_SURFACE, c);
}

int main(void)
{
   if (!context()) {
      printf("SKIP blend-advanced: no GLES 3.2 context\n");
      return 77;
   }
   GLuint tex, fbo, vao;
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, 4, 4);
   glGenFramebuffers(1, &fbo);
   glBindFramebuffer(GL_FRAMEBUFFER, fbo);
   glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
   glViewport(0, 0, 4, 4);
   GLuint prog = glCreateProgram();
   glAttachShader(prog, shader(GL_VERTEX_SHADER,
                               "#version 320 es\n"
                               "void main() {\n"
                               "   vec2 v = vec2(gl_VertexID == 1 ? 3.0 : -1.0, gl_VertexID == 2 ? 3.0 : -1.0);\n"
                               "   gl_Position = vec4(v, 0.0, 1.0);\n"
                               "}\n"));
   glAttachShader(prog, shader(GL_FRAGMENT_SHADER,
                               "#version 320 es\n"
                               "precision highp float;\n"
                               "layout(blend_support_all_equations) out;\n"
                               "layout(location = 0) out vec4 o;\n"
                               "void main() { o = vec4(0.5, 1.0, 0.25, 1.0); }\n"));
   glLinkProgram(prog);
   glUseProgram(prog);
   glGenVertexArrays(1, &vao);
   glBindVertexArray(vao);
   /* Source (0.5, 1, 0.25, 1) over destination (0.5, 0.5, 1, 1), both
    * opaque: the equations' colour terms alone. */
   static const struct { GLenum eq; const char *name; unsigned char want[3]; } cases[] = {
      { GL_MULTIPLY, "multiply", { 64, 128, 64 } },       /* s * d */
      { GL_DIFFERENCE, "difference", { 0, 128, 191 } },   /* |s - d| */
      { GL_SCREEN, "screen", { 191, 255, 255 } },         /* s + d - s * d */
   };
   int failed = 0;
   for (unsigned i = 0; i < 3; i++) {
      glClearColor(0.5f, 0.5f, 1.0f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      glEnable(GL_BLEND);
      glBlendEquation(cases[i].eq);
      glDrawArrays(GL_TRIANGLES, 0, 3);
      glBlendBarrier();
      unsigned char px[4] = { 0 };
      glReadPixels(1, 1, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
      bool ok = glGetError() == GL_NO_ERROR;
      for (int k = 0; k < 3; k++)
         ok &= abs((int)px[k] - (int)cases[i].want[k]) <= 2;
      printf("%s %s: %u %u %u (want %u %u %u)\n", ok ? "PASS" : "FAIL", cases[i].name, px[0], px[1],
             px[2], cases[i].want[0], cases[i].want[1], cases[i].want[2]);
      failed |= !ok;
   }
   return failed;
}
