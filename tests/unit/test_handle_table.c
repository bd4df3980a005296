/* Unit tests of the client-handle table: insert/get/remove through growth
 * and tombstones, the rejected handles, and the walk over every value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/handle_table.h"

#define N 1000

static int values[N + 1];

static void test_insert_get_remove(void **state)
{
   (void)state;
   struct gv_handle_table t;
   gv_handle_table_init(&t);
   assert_null(gv_handle_table_get(&t, 1));
   assert_false(gv_handle_table_insert(&t, 0, &values[0]));
   for (uint32_t h = 1; h <= N; h++)
      assert_true(gv_handle_table_insert(&t, h * 4096u, &values[h]));
   assert_false(gv_handle_table_insert(&t, 4096u, &values[0]));
   assert_int_equal(t.count, N);
   for (uint32_t h = 1; h <= N; h += 2)
      assert_ptr_equal(gv_handle_table_remove(&t, h * 4096u), &values[h]);
   assert_null(gv_handle_table_remove(&t, 4096u));
   for (uint32_t h = 1; h <= N; h++)
      assert_ptr_equal(gv_handle_table_get(&t, h * 4096u), h % 2 ? NULL : &values[h]);
   /* A removed handle can be used again. */
   assert_true(gv_handle_table_insert(&t, 4096u, &values[1]));
   assert_ptr_equal(gv_handle_table_get(&t, 4096u), &values[1]);
   gv_handle_table_fini(&t);
   assert_null(gv_handle_table_get(&t, 4096u));
}

static void test_walk(void **state)
{
   (void)state;
   struct gv_handle_table t;
   gv_handle_table_init(&t);
   size_t i = 0;
   assert_null(gv_handle_table_next(&t, &i));
   for (uint32_t h = 1; h <= N; h++)
      assert_true(gv_handle_table_insert(&t, h, &values[h]));
   for (uint32_t h = 1; h <= N; h += 3)
      gv_handle_table_remove(&t, h);
   unsigned seen[N + 1] = { 0 };
   size_t walked = 0;
   int *v;
   for (i = 0; (v = gv_handle_table_next(&t, &i));) {
      seen[v - values]++;
      walked++;
   }
   assert_int_equal(walked, t.count);
   for (uint32_t h = 1; h <= N; h++)
      assert_int_equal(seen[h], (h - 1) % 3 ? 1 : 0);
   assert_null(gv_handle_table_next(&t, &i));
   gv_handle_table_fini(&t);
}

int main(void)
{
   const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_insert_get_remove),
      cmocka_unit_test(test_walk),
   };
   return cmocka_run_group_tests(tests, NULL, NULL);
}
