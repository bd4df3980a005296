/* Overflow-safe arithmetic for every size computed from client data.
 * Each helper returns false when the result does not fit; callers turn that
 * into a client error. */
#ifndef GLVIRT_UTIL_CHECKED_H
#define GLVIRT_UTIL_CHECKED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool gv_add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
   return !__builtin_add_overflow(a, b, out);
}

static inline bool gv_mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
   return !__builtin_mul_overflow(a, b, out);
}

static inline bool gv_add_u32(uint32_t a, uint32_t b, uint32_t *out)
{
   return !__builtin_add_overflow(a, b, out);
}

static inline bool gv_mul_u32(uint32_t a, uint32_t b, uint32_t *out)
{
   return !__builtin_mul_overflow(a, b, out);
}

static inline bool gv_add_size(size_t a, size_t b, size_t *out)
{
   return !__builtin_add_overflow(a, b, out);
}

static inline bool gv_mul_size(size_t a, size_t b, size_t *out)
{
   return !__builtin_mul_overflow(a, b, out);
}

/* True when [off, off + len) lies inside [0, size). */
static inline bool gv_range_ok(uint64_t off, uint64_t len, uint64_t size)
{
   uint64_t end;
   return gv_add_u64(off, len, &end) && end <= size;
}

static inline uint32_t gv_minify(uint32_t v, uint32_t level)
{
   if (level >= 32)
      return 1;
   v >>= level;
   return v ? v : 1;
}

static inline uint32_t gv_div_round_up(uint32_t v, uint32_t d)
{
   return v / d + (v % d != 0);
}

#endif
