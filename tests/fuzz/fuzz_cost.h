/* Shared by the fuzz targets that reach draws: an input whose draws would
 * keep a software rasterizer busy for long (more than FUZZ_MAX_DRAW_VERTICES
 * vertices times instances in one draw) is rejected up front, so the
 * fuzzer's time goes to coverage, not to llvmpipe, and its -timeout finds
 * hangs rather than big draws. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virgl/virgl_protocol.h"

#define FUZZ_MAX_DRAW_VERTICES 65536u

/* A virgl command buffer of n dwords, walked on the command boundaries the
 * decoder will see. */
static inline bool fuzz_cmds_too_slow(const uint32_t *dw, size_t n)
{
   for (size_t pos = 0; pos < n;) {
      uint32_t h = dw[pos], len = GV_CMD_LENGTH(h);
      if (len > n - pos - 1)
         break;
      if (GV_CMD_OPCODE(h) == GV_CCMD_DRAW_VBO && len >= 12) {
         uint64_t count = dw[pos + 2], inst = dw[pos + 5] ? dw[pos + 5] : 1;
         if (count * inst > FUZZ_MAX_DRAW_VERTICES)
            return true;
         /* An indirect draw's size is in buffer contents, not the command. */
         if (len >= 15 && dw[pos + 15])
            return true;
      }
      pos += 1 + (size_t)len;
   }
   return false;
}
