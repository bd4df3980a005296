/* Decoding of shader storage buffers, images, barriers and compute
 * dispatch: SET_SHADER_BUFFERS, SET_SHADER_IMAGES, MEMORY_BARRIER,
 * TEXTURE_BARRIER, LAUNCH_GRID and SET_ATOMIC_BUFFERS (commands.md
 * 2.30-2.36). Slots and stages are range-checked by the renderer. */
#include "decode/decode.h"
#include "decode/decode_cmd.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

/* Lengths of the form fixed + per * n. */
static int bad_slots_length(const struct gv_cmd *c, uint32_t fixed, uint32_t per)
{
   gv_error("command %s at dword %llu has payload length %u, expected %u + %un",
            gv_ccmd_name(c->opcode), (unsigned long long)c->at, c->len, fixed, per);
   return GV_E_INVALID;
}

static int bad_count(const struct gv_cmd *c, uint32_t n, uint32_t max)
{
   gv_error("command %s at dword %llu binds %u slots (at most %u)", gv_ccmd_name(c->opcode),
            (unsigned long long)c->at, n, max);
   return GV_E_INVALID;
}

static int set_buffers(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->set_shader_buffers)
      return gv_dec_skip(dec, c);
   if (c->len < 2 || (c->len - 2) % 3)
      return bad_slots_length(c, 2, 3);
   uint32_t n = (c->len - 2) / 3;
   if (n > GV_MAX_SHADER_BUFFERS)
      return bad_count(c, n, GV_MAX_SHADER_BUFFERS);
   struct gv_shader_buffer_info b[GV_MAX_SHADER_BUFFERS];
   for (uint32_t i = 0; i < n; i++) {
      b[i].offset = gv_cmd_dw(c, 3 + 3 * i);
      b[i].size = gv_cmd_dw(c, 4 + 3 * i);
      b[i].res = gv_cmd_dw(c, 5 + 3 * i);
   }
   return gv_dec_op_result(c, dec->ops->set_shader_buffers(dec->pipe, gv_cmd_dw(c, 1),
                                                           gv_cmd_dw(c, 2), n, b));
}

static int set_images(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->set_shader_images)
      return gv_dec_skip(dec, c);
   if (c->len < 2 || (c->len - 2) % 5)
      return bad_slots_length(c, 2, 5);
   uint32_t n = (c->len - 2) / 5;
   if (n > GV_MAX_SHADER_IMAGES)
      return bad_count(c, n, GV_MAX_SHADER_IMAGES);
   struct gv_shader_image_info im[GV_MAX_SHADER_IMAGES];
   for (uint32_t i = 0; i < n; i++) {
      uint32_t k = 3 + 5 * i;
      im[i].format = gv_cmd_dw(c, k);
      im[i].access = gv_cmd_dw(c, k + 1);
      im[i].a = gv_cmd_dw(c, k + 2);
      im[i].b = gv_cmd_dw(c, k + 3);
      im[i].res = gv_cmd_dw(c, k + 4);
   }
   return gv_dec_op_result(c, dec->ops->set_shader_images(dec->pipe, gv_cmd_dw(c, 1),
                                                          gv_cmd_dw(c, 2), n, im));
}

static int barrier(struct gv_decoder *dec, const struct gv_cmd *c)
{
   int (*op)(void *, uint32_t) =
      c->opcode == GV_CCMD_MEMORY_BARRIER ? dec->ops->memory_barrier : dec->ops->texture_barrier;
   if (!op)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, 1);
   if (ret < 0)
      return ret;
   return gv_dec_op_result(c, op(dec->pipe, gv_cmd_dw(c, 1)));
}

static int launch_grid(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->launch_grid)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, 8);
   if (ret < 0)
      return ret;
   struct gv_launch_grid_info g;
   for (uint32_t i = 0; i < 3; i++) {
      g.block[i] = gv_cmd_dw(c, 1 + i);
      g.grid[i] = gv_cmd_dw(c, 4 + i);
   }
   g.indirect_res = gv_cmd_dw(c, 7);
   g.indirect_offset = gv_cmd_dw(c, 8);
   return gv_dec_op_result(c, dec->ops->launch_grid(dec->pipe, &g));
}

/* Hardware atomic counter buffers are never advertised (atomic counters
 * reach the host as storage buffers), yet Mesa unbinds 16 of them when a
 * context starts: empty slots are accepted silently, anything else is an
 * error the client should not have made. */
static int set_atomic_buffers(struct gv_decoder *dec, const struct gv_cmd *c)
{
   (void)dec;
   if (c->len < 1 || (c->len - 1) % 3)
      return bad_slots_length(c, 1, 3);
   for (uint32_t k = 2; k <= c->len; k++) {
      if (gv_cmd_dw(c, k)) {
         gv_error("command SET_ATOMIC_BUFFERS at dword %llu binds a buffer, but hardware atomic "
                  "counters are not offered",
                  (unsigned long long)c->at);
         return GV_E_INVALID;
      }
   }
   return GV_OK;
}

int gv_decode_compute(struct gv_decoder *dec, const struct gv_cmd *c, bool *handled)
{
   *handled = true;
   switch (c->opcode) {
   case GV_CCMD_SET_SHADER_BUFFERS: return set_buffers(dec, c);
   case GV_CCMD_SET_SHADER_IMAGES: return set_images(dec, c);
   case GV_CCMD_MEMORY_BARRIER:
   case GV_CCMD_TEXTURE_BARRIER: return barrier(dec, c);
   case GV_CCMD_LAUNCH_GRID: return launch_grid(dec, c);
   case GV_CCMD_SET_ATOMIC_BUFFERS: return set_atomic_buffers(dec, c);
   default:
      *handled = false;
      return GV_OK;
   }
}
