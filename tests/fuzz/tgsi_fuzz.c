/* libFuzzer target: TGSI text through the parser and the GLSL emitter, for a
 * GL 4.50, a GLSL ES 3.20 and a bare GLSL ES 3.00 host. Seeds: the shader
 * corpus (tests/fuzz/run-fuzzers.sh). */
#include <stddef.h>
#include <stdint.h>
#include "shader/glsl.h"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
   static const struct gv_glsl_target t[3] = { { false, 450, ~0ull }, { true, 320, ~0ull }, { true, 300, 0 } };
   for (int i = 0; i < 3; i++) {
      struct gv_glsl_result r;
      char err[256];
      if (gv_tgsi_to_glsl((const char *)data, size, &t[i], NULL, &r, err, sizeof(err)))
         gv_glsl_result_free(&r);
   }
   return 0;
}
