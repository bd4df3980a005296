/* Decoding of stream output: STREAMOUT_TARGET objects and
 * SET_STREAMOUT_TARGETS (commands.md 2.23, 3.11). */
#include "decode/decode.h"
#include "decode/decode_cmd.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

static int create_target(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->create_so_target)
      return gv_dec_skip_object(dec, c);
   int ret = gv_dec_want_len(c, 4);
   if (ret < 0)
      return ret;
   return gv_dec_op_result(c, dec->ops->create_so_target(dec->pipe, gv_cmd_dw(c, 1), gv_cmd_dw(c, 2),
                                                         gv_cmd_dw(c, 3), gv_cmd_dw(c, 4)));
}

static int set_targets(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->set_so_targets)
      return gv_dec_skip(dec, c);
   if (c->len < 1)
      return gv_dec_bad_length(c, "at least ", 1);
   uint32_t count = c->len - 1;
   if (count > GV_MAX_SO_TARGETS) {
      gv_error("command SET_STREAMOUT_TARGETS at dword %llu binds %u targets (at most %u)",
               (unsigned long long)c->at, count, GV_MAX_SO_TARGETS);
      return GV_E_INVALID;
   }
   uint32_t handles[GV_MAX_SO_TARGETS];
   for (uint32_t i = 0; i < count; i++)
      handles[i] = gv_cmd_dw(c, 2 + i);
   return gv_dec_op_result(c, dec->ops->set_so_targets(dec->pipe, gv_cmd_dw(c, 1), count, handles));
}

int gv_decode_streamout(struct gv_decoder *dec, const struct gv_cmd *c, bool *handled)
{
   *handled = true;
   if (c->opcode == GV_CCMD_CREATE_OBJECT && c->objtype == GV_OBJ_STREAMOUT_TARGET)
      return create_target(dec, c);
   if (c->opcode == GV_CCMD_SET_STREAMOUT_TARGETS)
      return set_targets(dec, c);
   *handled = false;
   return GV_OK;
}
