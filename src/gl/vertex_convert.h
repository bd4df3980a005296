/* CPU conversion of vertex data the host cannot fetch itself: GLES has no
 * GL_DOUBLE attributes, so R64* vertex formats are rewritten as floats
 * before the draw (what GL does when a double array feeds a float input).
 * Pure code, no GL: the draw maps the buffer and uploads the result. */
#ifndef GLVIRT_GL_VERTEX_CONVERT_H
#define GLVIRT_GL_VERTEX_CONVERT_H

#include <stdint.h>

/* Elements of `elem_bytes` bytes, one every `stride` bytes from `off`, that
 * lie wholly inside a buffer of `size` bytes. A stride of 0 repeats one
 * element, so the answer is 0 or 1. Never overflows. */
uint64_t gv_vertex_elements_in(uint64_t size, uint64_t off, uint32_t stride, uint32_t elem_bytes);

/* `count` elements of `comps` doubles (unaligned is fine), one every
 * `stride` bytes of `src`, to tightly packed floats in `dst`. Magnitudes
 * beyond float become infinities of the same sign, NaN stays NaN. The caller
 * has checked the range with gv_vertex_elements_in. */
void gv_vertex_f64_to_f32(const uint8_t *src, uint32_t stride, uint32_t comps, uint64_t count, float *dst);

#endif
