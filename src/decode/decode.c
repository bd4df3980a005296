#include "decode/decode.h"

#include <stdlib.h>
#include <string.h>

#include "decode/decode_cmd.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

/* Payload lengths of the commands with a fixed size (commands.md §2). */
enum {
   LEN_SUB_CTX = 1,
   LEN_CREATE_SURFACE = 5,
   LEN_DESTROY_OBJECT = 1,
   LEN_FB_NO_ATTACH = 2,
   LEN_CLEAR = 8,
   LEN_CLEAR_TEXTURE = 12,
   LEN_COPY_REGION = 13,
   LEN_BLIT = 21,
   LEN_TRANSFER3D = 13,
   LEN_COPY_TRANSFER3D = 14,
   LEN_INLINE_WRITE_MIN = 11,
};

/* Components per vertex of one stream output buffer; Mesa's are at most 64. */
#define SO_MAX_STRIDE 256u

/* A decoder initialised without ops still walks buffers safely; every
 * command then counts as unsupported. */
static const struct gv_pipe_ops no_ops;

void gv_decoder_init(struct gv_decoder *dec, const struct gv_pipe_ops *ops, void *pipe)
{
   memset(dec, 0, sizeof(*dec));
   dec->ops = ops ? ops : &no_ops;
   dec->pipe = pipe;
}

static const char *cmd_name(const struct gv_cmd *c)
{
   return gv_ccmd_name(c->opcode);
}

int gv_dec_bad_length(const struct gv_cmd *c, const char *rule, uint32_t expected)
{
   gv_error("command %s at dword %llu has payload length %u, expected %s%u",
            cmd_name(c), (unsigned long long)c->at, c->len, rule, expected);
   return GV_E_INVALID;
}

int gv_dec_want_len(const struct gv_cmd *c, uint32_t expected)
{
   return c->len == expected ? GV_OK : gv_dec_bad_length(c, "", expected);
}

int gv_dec_op_result(const struct gv_cmd *c, int ret)
{
   if (ret < 0)
      gv_error("command %s at dword %llu failed: %s",
               cmd_name(c), (unsigned long long)c->at, gv_status_name(ret));
   return ret < 0 ? ret : GV_OK;
}

/* Mesa emits many commands this renderer does not implement yet; they are
 * well-formed, so skipping them keeps the client running, and one message per
 * client is enough to explain missing rendering without flooding the log. */
int gv_dec_skip(struct gv_decoder *dec, const struct gv_cmd *c)
{
   uint64_t bit = 1ull << (c->opcode & 63u);
   if (!(dec->reported_ops & bit)) {
      dec->reported_ops |= bit;
      gv_warn("unsupported command %s (skipped)", cmd_name(c));
   }
   return GV_OK;
}

int gv_dec_skip_object(struct gv_decoder *dec, const struct gv_cmd *c)
{
   uint32_t bit = 1u << (c->objtype & 31u);
   if (!(dec->reported_objs & bit)) {
      dec->reported_objs |= bit;
      gv_warn("unsupported object type %s (skipped)", gv_object_type_name(c->objtype));
   }
   return GV_OK;
}

static void read_box(const struct gv_cmd *c, uint32_t first, struct gv_box *box)
{
   box->x = gv_cmd_dw_signed(c, first);
   box->y = gv_cmd_dw_signed(c, first + 1);
   box->z = gv_cmd_dw_signed(c, first + 2);
   box->w = gv_cmd_dw_signed(c, first + 3);
   box->h = gv_cmd_dw_signed(c, first + 4);
   box->d = gv_cmd_dw_signed(c, first + 5);
}

static int dec_sub_ctx(struct gv_decoder *dec, const struct gv_cmd *c)
{
   int (*op)(void *, uint32_t);
   switch (c->opcode) {
   case GV_CCMD_CREATE_SUB_CTX: op = dec->ops->create_sub_ctx; break;
   case GV_CCMD_SET_SUB_CTX: op = dec->ops->set_sub_ctx; break;
   default: op = dec->ops->destroy_sub_ctx; break;
   }
   if (!op)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, LEN_SUB_CTX);
   if (ret < 0)
      return ret;
   return gv_dec_op_result(c, op(dec->pipe, gv_cmd_dw(c, 1)));
}

static int dec_create_surface(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->create_surface)
      return gv_dec_skip_object(dec, c);
   int ret = gv_dec_want_len(c, LEN_CREATE_SURFACE);
   if (ret < 0)
      return ret;

   struct gv_surface_info info = {
      .handle = gv_cmd_dw(c, 1),
      .res = gv_cmd_dw(c, 2),
      .format = gv_cmd_dw(c, 3),
      .level = gv_cmd_dw(c, 4),
      .first_layer = gv_cmd_dw(c, 5) & 0xffffu,
      .last_layer = gv_cmd_dw(c, 5) >> 16,
   };
   /* 0 is the "unbind" value of BIND commands, so it can never name an object. */
   if (info.handle == 0) {
      gv_error("command CREATE_OBJECT(SURFACE) at dword %llu uses object handle 0",
               (unsigned long long)c->at);
      return GV_E_HANDLE;
   }
   return gv_dec_op_result(c, dec->ops->create_surface(dec->pipe, &info));
}

static int dec_create_shader(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->create_shader)
      return gv_dec_skip_object(dec, c);
   if (c->len < 5) {
      gv_error("command CREATE_OBJECT(SHADER) at dword %llu has %u dwords, needs at least 5",
               (unsigned long long)c->at, c->len);
      return GV_E_INVALID;
   }
   struct gv_shader_chunk_info *info = calloc(1, sizeof(*info));
   if (!info)
      return GV_E_NOMEM;
   info->handle = gv_cmd_dw(c, 1);
   info->stage = gv_cmd_dw(c, 2);
   uint32_t offlen = gv_cmd_dw(c, 3);
   info->continuation = (offlen >> 31) != 0;
   if (info->continuation)
      info->offset = offlen & 0x7fffffffu;
   else
      info->total_len = offlen;
   info->num_tokens = gv_cmd_dw(c, 4);
   uint32_t header = 5;
   int ret = GV_OK;
   if (info->stage == 5) {
      info->req_local_mem = gv_cmd_dw(c, 5);
   } else if (!info->continuation) {
      info->so_num_outputs = gv_cmd_dw(c, 5);
      if (info->so_num_outputs > GV_MAX_SO_OUTPUTS) {
         gv_error("command CREATE_OBJECT(SHADER) at dword %llu has %u stream outputs (max %u)",
                  (unsigned long long)c->at, info->so_num_outputs, GV_MAX_SO_OUTPUTS);
         ret = GV_E_INVALID;
      } else if (info->so_num_outputs) {
         header += 4 + 2 * info->so_num_outputs;
         if (header > c->len) {
            gv_error("command CREATE_OBJECT(SHADER) at dword %llu is too short for its %u stream "
                     "outputs", (unsigned long long)c->at, info->so_num_outputs);
            ret = GV_E_INVALID;
         } else {
            for (uint32_t i = 0; i < 4; i++) {
               info->so_stride[i] = gv_cmd_dw(c, 6 + i);
               /* The host's recording layout is built component by component
                * up to the stride (found by fuzz_context: a stride near 2^32
                * kept a draw busy for minutes). */
               if (info->so_stride[i] > SO_MAX_STRIDE) {
                  gv_error("command CREATE_OBJECT(SHADER) at dword %llu has a stream output "
                           "stride of %u components for buffer %u (max %u)",
                           (unsigned long long)c->at, info->so_stride[i], i, SO_MAX_STRIDE);
                  ret = GV_E_INVALID;
               }
            }
            for (uint32_t i = 0; i < info->so_num_outputs; i++) {
               uint32_t a = gv_cmd_dw(c, 10 + 2 * i), b = gv_cmd_dw(c, 11 + 2 * i);
               info->so[i] = (struct gv_so_output){
                  .register_index = (uint8_t)(a & 0xff),
                  .start_component = (uint8_t)((a >> 8) & 3),
                  .num_components = (uint8_t)((a >> 10) & 7),
                  .output_buffer = (uint8_t)((a >> 13) & 7),
                  .dst_offset = (uint16_t)(a >> 16),
                  .stream = (uint8_t)(b & 3),
               };
            }
         }
      }
   }
   if (ret == GV_OK) {
      info->text = (const char *)(c->payload + header);
      info->text_len = (c->len - header) * 4;
      ret = gv_dec_op_result(c, dec->ops->create_shader(dec->pipe, info));
   }
   free(info);
   return ret;
}

static int dec_create_object(struct gv_decoder *dec, const struct gv_cmd *c)
{
   /* NULL is a valid enum value but names no creatable object. */
   if (c->objtype == GV_OBJ_NULL || c->objtype >= GV_OBJ_COUNT) {
      gv_error("command CREATE_OBJECT at dword %llu has invalid object type %u",
               (unsigned long long)c->at, c->objtype);
      return GV_E_INVALID;
   }
   if (c->objtype == GV_OBJ_SURFACE)
      return dec_create_surface(dec, c);
   if (c->objtype == GV_OBJ_SHADER)
      return dec_create_shader(dec, c);
   bool handled;
   int ret = gv_decode_state(dec, c, &handled);
   if (!handled)
      ret = gv_decode_query(dec, c, &handled);
   if (!handled)
      ret = gv_decode_streamout(dec, c, &handled);
   if (handled)
      return ret;
   return gv_dec_skip_object(dec, c);
}

static int dec_destroy_object(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->destroy_object)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, LEN_DESTROY_OBJECT);
   if (ret < 0)
      return ret;

   uint32_t handle = gv_cmd_dw(c, 1);
   ret = dec->ops->destroy_object(dec->pipe, handle);
   if (ret == GV_E_HANDLE) {
      /* The handle most likely belongs to an object of a type that was skipped
       * as unsupported, which Mesa then destroys normally. The DESTROY_OBJECT
       * bit of reported_ops is free (the command itself is always supported),
       * so it limits the warning to once per client. */
      uint64_t bit = 1ull << GV_CCMD_DESTROY_OBJECT;
      if (!(dec->reported_ops & bit)) {
         dec->reported_ops |= bit;
         gv_warn("DESTROY_OBJECT of unknown object %u (%s) ignored; probably an unsupported "
                 "object type, further ones are logged at debug level",
                 handle, gv_object_type_name(c->objtype));
      } else {
         gv_debug("DESTROY_OBJECT of unknown object %u (%s) ignored",
                  handle, gv_object_type_name(c->objtype));
      }
      return GV_OK;
   }
   return gv_dec_op_result(c, ret);
}

static int dec_set_framebuffer_state(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->set_framebuffer_state)
      return gv_dec_skip(dec, c);
   if (c->len < 2)
      return gv_dec_bad_length(c, "at least ", 2);

   struct gv_framebuffer_info info;
   memset(&info, 0, sizeof(info));
   info.nr_cbufs = gv_cmd_dw(c, 1);
   if (info.nr_cbufs > GV_MAX_COLOR_BUFS) {
      gv_error("command SET_FRAMEBUFFER_STATE at dword %llu has %u color buffers (max %u)",
               (unsigned long long)c->at, info.nr_cbufs, GV_MAX_COLOR_BUFS);
      return GV_E_INVALID;
   }
   int ret = gv_dec_want_len(c, 2 + info.nr_cbufs);
   if (ret < 0)
      return ret;
   info.zsurf = gv_cmd_dw(c, 2);
   for (uint32_t i = 0; i < info.nr_cbufs; i++)
      info.cbufs[i] = gv_cmd_dw(c, 3 + i);
   return gv_dec_op_result(c, dec->ops->set_framebuffer_state(dec->pipe, &info));
}

static int dec_set_framebuffer_no_attach(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->set_framebuffer_no_attach)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, LEN_FB_NO_ATTACH);
   if (ret < 0)
      return ret;

   uint32_t size = gv_cmd_dw(c, 1), ls = gv_cmd_dw(c, 2);
   struct gv_framebuffer_no_attach_info info = {
      .width = size & 0xffffu,
      .height = size >> 16,
      .layers = ls & 0xffffu,
      .samples = (ls >> 16) & 0xffu,
   };
   return gv_dec_op_result(c, dec->ops->set_framebuffer_no_attach(dec->pipe, &info));
}

static int dec_clear(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->clear)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, LEN_CLEAR);
   if (ret < 0)
      return ret;

   struct gv_clear_info info;
   memset(&info, 0, sizeof(info));
   info.buffers = gv_cmd_dw(c, 1);
   for (uint32_t i = 0; i < 4; i++)
      info.color.u[i] = gv_cmd_dw(c, 2 + i);
   uint64_t depth_bits = (uint64_t)gv_cmd_dw(c, 6) | ((uint64_t)gv_cmd_dw(c, 7) << 32);
   memcpy(&info.depth, &depth_bits, sizeof(info.depth));
   info.stencil = gv_cmd_dw(c, 8);
   return gv_dec_op_result(c, dec->ops->clear(dec->pipe, &info));
}

static int dec_clear_texture(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->clear_texture)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, LEN_CLEAR_TEXTURE);
   if (ret < 0)
      return ret;

   struct gv_clear_texture_info info;
   memset(&info, 0, sizeof(info));
   info.res = gv_cmd_dw(c, 1);
   info.level = gv_cmd_dw(c, 2);
   read_box(c, 3, &info.box);
   for (uint32_t i = 0; i < 4; i++)
      info.data[i] = gv_cmd_dw(c, 9 + i);
   return gv_dec_op_result(c, dec->ops->clear_texture(dec->pipe, &info));
}

static int dec_resource_copy_region(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->resource_copy_region)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, LEN_COPY_REGION);
   if (ret < 0)
      return ret;

   struct gv_copy_region_info info;
   memset(&info, 0, sizeof(info));
   info.dst_res = gv_cmd_dw(c, 1);
   info.dst_level = gv_cmd_dw(c, 2);
   info.dst_x = gv_cmd_dw(c, 3);
   info.dst_y = gv_cmd_dw(c, 4);
   info.dst_z = gv_cmd_dw(c, 5);
   info.src_res = gv_cmd_dw(c, 6);
   info.src_level = gv_cmd_dw(c, 7);
   read_box(c, 8, &info.src_box);
   return gv_dec_op_result(c, dec->ops->resource_copy_region(dec->pipe, &info));
}

static void read_blit_side(const struct gv_cmd *c, uint32_t first, struct gv_blit_side *side)
{
   side->res = gv_cmd_dw(c, first);
   side->level = gv_cmd_dw(c, first + 1);
   side->format = gv_cmd_dw(c, first + 2);
   read_box(c, first + 3, &side->box);
}

static int dec_blit(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->blit)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, LEN_BLIT);
   if (ret < 0)
      return ret;

   struct gv_blit_info info;
   memset(&info, 0, sizeof(info));
   uint32_t s0 = gv_cmd_dw(c, 1);
   info.mask = s0 & 0xffu;
   info.filter = (s0 >> 8) & 0x3u;
   info.scissor_enable = (s0 >> 10) & 1u;
   info.render_condition_enable = (s0 >> 11) & 1u;
   info.alpha_blend = (s0 >> 12) & 1u;
   uint32_t smin = gv_cmd_dw(c, 2), smax = gv_cmd_dw(c, 3);
   info.scissor_minx = smin & 0xffffu;
   info.scissor_miny = smin >> 16;
   info.scissor_maxx = smax & 0xffffu;
   info.scissor_maxy = smax >> 16;
   read_blit_side(c, 4, &info.dst);
   read_blit_side(c, 13, &info.src);
   return gv_dec_op_result(c, dec->ops->blit(dec->pipe, &info));
}

static int dec_transfer3d(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->transfer3d)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, LEN_TRANSFER3D);
   if (ret < 0)
      return ret;

   /* dw3 (the guest's map usage) says nothing the host needs. */
   struct gv_transfer_info info;
   memset(&info, 0, sizeof(info));
   info.res = gv_cmd_dw(c, 1);
   info.level = gv_cmd_dw(c, 2);
   info.stride = gv_cmd_dw(c, 4);
   info.layer_stride = gv_cmd_dw(c, 5);
   read_box(c, 6, &info.box);
   info.offset = gv_cmd_dw(c, 12);
   info.direction = gv_cmd_dw(c, 13);
   return gv_dec_op_result(c, dec->ops->transfer3d(dec->pipe, &info));
}

static int dec_copy_transfer3d(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->copy_transfer3d)
      return gv_dec_skip(dec, c);
   int ret = gv_dec_want_len(c, LEN_COPY_TRANSFER3D);
   if (ret < 0)
      return ret;

   struct gv_copy_transfer_info info;
   memset(&info, 0, sizeof(info));
   info.dst_res = gv_cmd_dw(c, 1);
   info.level = gv_cmd_dw(c, 2);
   info.stride = gv_cmd_dw(c, 4);
   info.layer_stride = gv_cmd_dw(c, 5);
   read_box(c, 6, &info.box);
   info.src_res = gv_cmd_dw(c, 12);
   info.src_offset = gv_cmd_dw(c, 13);
   info.flags = gv_cmd_dw(c, 14);
   return gv_dec_op_result(c, dec->ops->copy_transfer3d(dec->pipe, &info));
}

static int dec_inline_write(struct gv_decoder *dec, const struct gv_cmd *c)
{
   if (!dec->ops->inline_write)
      return gv_dec_skip(dec, c);
   if (c->len < LEN_INLINE_WRITE_MIN)
      return gv_dec_bad_length(c, "at least ", LEN_INLINE_WRITE_MIN);

   struct gv_inline_write_info info;
   memset(&info, 0, sizeof(info));
   info.res = gv_cmd_dw(c, 1);
   info.level = gv_cmd_dw(c, 2);
   info.stride = gv_cmd_dw(c, 4);
   info.layer_stride = gv_cmd_dw(c, 5);
   read_box(c, 6, &info.box);
   /* L fits in 16 bits, so the byte count cannot overflow; the data ends
    * exactly where the command ends, which the walker proved is in bounds. */
   info.size = (c->len - LEN_INLINE_WRITE_MIN) * 4u;
   info.data = c->payload + LEN_INLINE_WRITE_MIN;
   return gv_dec_op_result(c, dec->ops->inline_write(dec->pipe, &info));
}

static int dispatch(struct gv_decoder *dec, const struct gv_cmd *c)
{
   switch (c->opcode) {
   case GV_CCMD_NOP:
   case GV_CCMD_END_TRANSFERS:
      /* END_TRANSFERS pads Mesa's transfer region with stale bytes: never read them. */
      return GV_OK;
   case GV_CCMD_CREATE_SUB_CTX:
   case GV_CCMD_SET_SUB_CTX:
   case GV_CCMD_DESTROY_SUB_CTX:
      return dec_sub_ctx(dec, c);
   case GV_CCMD_CREATE_OBJECT:
      return dec_create_object(dec, c);
   case GV_CCMD_DESTROY_OBJECT:
      return dec_destroy_object(dec, c);
   case GV_CCMD_SET_FRAMEBUFFER_STATE:
      return dec_set_framebuffer_state(dec, c);
   case GV_CCMD_SET_FRAMEBUFFER_STATE_NO_ATTACH:
      return dec_set_framebuffer_no_attach(dec, c);
   case GV_CCMD_CLEAR:
      return dec_clear(dec, c);
   case GV_CCMD_CLEAR_TEXTURE:
      return dec_clear_texture(dec, c);
   case GV_CCMD_RESOURCE_COPY_REGION:
      return dec_resource_copy_region(dec, c);
   case GV_CCMD_BLIT:
      return dec_blit(dec, c);
   case GV_CCMD_TRANSFER3D:
      return dec_transfer3d(dec, c);
   case GV_CCMD_COPY_TRANSFER3D:
      return dec_copy_transfer3d(dec, c);
   case GV_CCMD_RESOURCE_INLINE_WRITE:
      return dec_inline_write(dec, c);
   default: {
      bool handled;
      int ret = gv_decode_state(dec, c, &handled);
      if (!handled)
         ret = gv_decode_query(dec, c, &handled);
      if (!handled)
         ret = gv_decode_streamout(dec, c, &handled);
      if (!handled)
         ret = gv_decode_compute(dec, c, &handled);
      return handled ? ret : gv_dec_skip(dec, c);
   }
   }
}

int gv_decode_submit(struct gv_decoder *dec, const uint32_t *dwords, size_t count)
{
   size_t pos = 0;

   if (count && !dwords) {
      gv_error("command buffer of %zu dwords without data", count);
      dec->errors++;
      return GV_E_INVALID;
   }

   while (pos < count) {
      uint32_t header = dwords[pos];
      struct gv_cmd c = {
         .opcode = GV_CMD_OPCODE(header),
         .objtype = GV_CMD_OBJTYPE(header),
         .len = GV_CMD_LENGTH(header),
         .at = pos,
      };
      /* pos < count, so this neither underflows nor leaves the buffer. */
      size_t remain = count - pos - 1;
      if (c.len > remain) {
         gv_error("command %s at dword %llu claims %u dwords but only %zu remain",
                  cmd_name(&c), (unsigned long long)c.at, c.len, remain);
         dec->errors++;
         return GV_E_BOUNDS;
      }
      if (c.opcode >= GV_CCMD_COUNT) {
         gv_error("unknown command opcode %u at dword %llu", c.opcode,
                  (unsigned long long)c.at);
         dec->errors++;
         return GV_E_INVALID;
      }
      c.payload = dwords + pos + 1;

      int ret = dispatch(dec, &c);
      if (ret < 0) {
         dec->errors++;
         return ret;
      }
      dec->commands++;
      pos += 1 + (size_t)c.len;
   }
   return GV_OK;
}
