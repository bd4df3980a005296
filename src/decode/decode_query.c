/* Decoding of queries and conditional rendering (commands.md 2.19, 2.24,
 * 2.38, 3.10). Types and indices are passed on unchecked: the renderer knows
 * which ones the host can count. */
#include "decode/decode.h"
#include "decode/decode_cmd.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

static int create_query(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->create_query)
      return gv_dec_skip_object(dec, c);
   int ret = gv_dec_want_len(c, 4);
   if (ret < 0)
      return ret;
   struct gv_query_info q = {
      .handle = gv_cmd_dw(c, 1),
      .type = gv_cmd_dw(c, 2) & 0xffff,
      .index = gv_cmd_dw(c, 2) >> 16,
      .offset = gv_cmd_dw(c, 3),
      .res = gv_cmd_dw(c, 4),
   };
   return gv_dec_op_result(c, dec->ops->create_query(dec->pipe, &q));
}

static int query_op(struct gv_decoder *dec, const struct gv_cmd *c)
{
   int (*op)(void *, uint32_t) = c->opcode == GV_CCMD_BEGIN_QUERY ? dec->ops->begin_query
                                                                   : dec->ops->end_query;
   if (!op)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, 1);
   return ret < 0 ? ret : gv_dec_op_result(c, op(dec->pipe, gv_cmd_dw(c, 1)));
}

static int get_result(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->get_query_result)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, 2);
   return ret < 0 ? ret
                  : gv_dec_op_result(c, dec->ops->get_query_result(dec->pipe, gv_cmd_dw(c, 1),
                                                                   gv_cmd_dw(c, 2) != 0));
}

static int get_result_qbo(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->get_query_result_qbo)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, 6);
   if (ret < 0)
      return ret;
   struct gv_query_qbo_info q = {
      .handle = gv_cmd_dw(c, 1),
      .res = gv_cmd_dw(c, 2),
      .wait = gv_cmd_dw(c, 3) != 0,
      .result_type = gv_cmd_dw(c, 4),
      .offset = gv_cmd_dw(c, 5),
      .index = gv_cmd_dw_signed(c, 6),
   };
   return gv_dec_op_result(c, dec->ops->get_query_result_qbo(dec->pipe, &q));
}

static int render_condition(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->set_render_condition)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, 3);
   return ret < 0 ? ret
                  : gv_dec_op_result(c, dec->ops->set_render_condition(dec->pipe, gv_cmd_dw(c, 1),
                                                                       gv_cmd_dw(c, 2) & 1,
                                                                       gv_cmd_dw(c, 3)));
}

int gv_decode_query(struct gv_decoder *dec, const struct gv_cmd *c, bool *handled)
{
   *handled = true;
   switch (c->opcode) {
   case GV_CCMD_CREATE_OBJECT:
      if (c->objtype == GV_OBJ_QUERY)
         return create_query(dec, c);
      break;
   case GV_CCMD_BEGIN_QUERY:
   case GV_CCMD_END_QUERY:
      return query_op(dec, c);
   case GV_CCMD_GET_QUERY_RESULT:
      return get_result(dec, c);
   case GV_CCMD_GET_QUERY_RESULT_QBO:
      return get_result_qbo(dec, c);
   case GV_CCMD_SET_RENDER_CONDITION:
      return render_condition(dec, c);
   default:
      break;
   }
   *handled = false;
   return GV_OK;
}
