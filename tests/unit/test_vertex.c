/* CPU conversion of double vertex attributes for GLES hosts: the element
 * count a buffer range holds (hostile offsets, strides and sizes) and the
 * double -> float narrowing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "gl/vertex_convert.h"

static void test_elements_in(void **state)
{
   (void)state;
   /* 4 elements of 16 bytes at stride 16 fill 64 bytes exactly. */
   assert_int_equal(gv_vertex_elements_in(64, 0, 16, 16), 4);
   /* A last element cut short does not count. */
   assert_int_equal(gv_vertex_elements_in(63, 0, 16, 16), 3);
   /* Interleaved: stride larger than the element. */
   assert_int_equal(gv_vertex_elements_in(111, 8, 40, 24), 2);
   assert_int_equal(gv_vertex_elements_in(112, 8, 40, 24), 3);
   /* Stride 0: one element or none. */
   assert_int_equal(gv_vertex_elements_in(8, 0, 0, 8), 1);
   assert_int_equal(gv_vertex_elements_in(7, 0, 0, 8), 0);
   /* Offsets at or past the end, and values that would overflow. */
   assert_int_equal(gv_vertex_elements_in(64, 64, 16, 16), 0);
   assert_int_equal(gv_vertex_elements_in(64, UINT64_MAX, 16, 16), 0);
   assert_int_equal(gv_vertex_elements_in(UINT64_MAX, UINT64_MAX - 8, 1, 32), 0);
   assert_int_equal(gv_vertex_elements_in(UINT64_MAX, 0, UINT32_MAX, 32),
                    (UINT64_MAX - 32) / UINT32_MAX + 1);
}

static void test_f64_to_f32(void **state)
{
   (void)state;
   /* Two elements of 3 doubles at a 32-byte stride, starting one byte in
    * (unaligned), the gap filled with garbage that must not be read. */
   uint8_t buf[1 + 64];
   memset(buf, 0xee, sizeof(buf));
   const double e0[3] = { 1.5, -2.25, 1e300 }, e1[3] = { -1e300, NAN, 0.1 };
   memcpy(buf + 1, e0, sizeof(e0));
   memcpy(buf + 1 + 32, e1, sizeof(e1));
   float out[6];
   gv_vertex_f64_to_f32(buf + 1, 32, 3, 2, out);
   assert_true(out[0] == 1.5f);
   assert_true(out[1] == -2.25f);
   assert_true(isinf(out[2]) && out[2] > 0);
   assert_true(isinf(out[3]) && out[3] < 0);
   assert_true(isnan(out[4]));
   assert_true(out[5] == 0.1f);
}

int main(void)
{
   const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_elements_in),
      cmocka_unit_test(test_f64_to_f32),
   };
   return cmocka_run_group_tests(tests, NULL, NULL);
}
