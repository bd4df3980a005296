/* Map from client-chosen 32-bit handles to pointers (open addressing).
 * Handle 0 is never stored: the protocol uses it for "none". */
#ifndef GLVIRT_UTIL_HANDLE_TABLE_H
#define GLVIRT_UTIL_HANDLE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gv_handle_entry {
   uint32_t handle;   /* 0 = empty */
   bool tombstone;
   void *value;
};

struct gv_handle_table {
   struct gv_handle_entry *slots;
   size_t capacity;   /* power of two */
   size_t count;
   size_t used;       /* count + tombstones */
};

void gv_handle_table_init(struct gv_handle_table *t);
void gv_handle_table_fini(struct gv_handle_table *t);
void *gv_handle_table_get(const struct gv_handle_table *t, uint32_t handle);
/* False when out of memory or `handle` is 0 or already present. */
bool gv_handle_table_insert(struct gv_handle_table *t, uint32_t handle, void *value);
/* Returns the removed value, NULL if absent. */
void *gv_handle_table_remove(struct gv_handle_table *t, uint32_t handle);

/* The first value stored at slot *pos or later, with *pos moved past it;
 * NULL at the end. Every value once:
 *    for (size_t i = 0; (v = gv_handle_table_next(t, &i));) ...
 * The table must not change during the walk. */
void *gv_handle_table_next(const struct gv_handle_table *t, size_t *pos);

#endif
