#include "util/handle_table.h"

#include <stdlib.h>

static size_t slot_of(uint32_t handle, size_t capacity)
{
   /* Handles are sequential counters in practice: mix the bits so runs of
    * them do not cluster. */
   uint32_t h = handle * 0x9e3779b1u;
   h ^= h >> 15;
   return h & (capacity - 1);
}

void gv_handle_table_init(struct gv_handle_table *t)
{
   t->slots = NULL;
   t->capacity = 0;
   t->count = 0;
   t->used = 0;
}

void gv_handle_table_fini(struct gv_handle_table *t)
{
   free(t->slots);
   gv_handle_table_init(t);
}

static struct gv_handle_entry *find(const struct gv_handle_table *t, uint32_t handle)
{
   if (!t->capacity || !handle)
      return NULL;
   size_t i = slot_of(handle, t->capacity);
   for (size_t n = 0; n < t->capacity; n++) {
      struct gv_handle_entry *e = &t->slots[i];
      if (e->handle == handle)
         return e;
      if (!e->handle && !e->tombstone)
         return NULL;
      i = (i + 1) & (t->capacity - 1);
   }
   return NULL;
}

void *gv_handle_table_get(const struct gv_handle_table *t, uint32_t handle)
{
   struct gv_handle_entry *e = find(t, handle);
   return e ? e->value : NULL;
}

static bool grow(struct gv_handle_table *t)
{
   size_t cap = t->capacity ? t->capacity * 2 : 64;
   if (t->count * 4 < t->capacity)
      cap = t->capacity; /* mostly tombstones: rehash in place size */
   struct gv_handle_entry *slots = calloc(cap, sizeof(*slots));
   if (!slots)
      return false;
   for (size_t i = 0; i < t->capacity; i++) {
      struct gv_handle_entry *e = &t->slots[i];
      if (!e->handle)
         continue;
      size_t j = slot_of(e->handle, cap);
      while (slots[j].handle)
         j = (j + 1) & (cap - 1);
      slots[j] = *e;
   }
   free(t->slots);
   t->slots = slots;
   t->capacity = cap;
   t->used = t->count;
   return true;
}

bool gv_handle_table_insert(struct gv_handle_table *t, uint32_t handle, void *value)
{
   if (!handle || find(t, handle))
      return false;
   if ((t->used + 1) * 4 > t->capacity * 3 && !grow(t))
      return false;
   size_t i = slot_of(handle, t->capacity);
   while (t->slots[i].handle)
      i = (i + 1) & (t->capacity - 1);
   if (!t->slots[i].tombstone)
      t->used++;
   t->slots[i].handle = handle;
   t->slots[i].tombstone = false;
   t->slots[i].value = value;
   t->count++;
   return true;
}

void *gv_handle_table_remove(struct gv_handle_table *t, uint32_t handle)
{
   struct gv_handle_entry *e = find(t, handle);
   if (!e)
      return NULL;
   void *v = e->value;
   e->handle = 0;
   e->tombstone = true;
   e->value = NULL;
   t->count--;
   return v;
}

void *gv_handle_table_next(const struct gv_handle_table *t, size_t *pos)
{
   for (; *pos < t->capacity; ++*pos) {
      if (t->slots[*pos].handle)
         return t->slots[(*pos)++].value;
   }
   return NULL;
}
