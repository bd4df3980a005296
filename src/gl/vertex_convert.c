#include "gl/vertex_convert.h"

#include <float.h>
#include <math.h>
#include <string.h>

uint64_t gv_vertex_elements_in(uint64_t size, uint64_t off, uint32_t stride, uint32_t elem_bytes)
{
   if (off > size || size - off < elem_bytes)
      return 0;
   if (stride == 0)
      return 1;
   /* The first element fits; each further one needs `stride` more bytes. */
   return (size - off - elem_bytes) / stride + 1;
}

/* An out-of-range double to float is undefined in C: saturate to the
 * infinity GL's own conversion gives. */
static float narrow(double v)
{
   if (isnan(v))
      return NAN;
   if (fabs(v) > FLT_MAX)
      return v < 0 ? -INFINITY : INFINITY;
   return (float)v;
}

void gv_vertex_f64_to_f32(const uint8_t *src, uint32_t stride, uint32_t comps, uint64_t count, float *dst)
{
   for (uint64_t i = 0; i < count; i++) {
      const uint8_t *e = src + i * stride;
      for (uint32_t c = 0; c < comps; c++) {
         double v;
         memcpy(&v, e + c * sizeof(double), sizeof(v));
         dst[i * comps + c] = narrow(v);
      }
   }
}
