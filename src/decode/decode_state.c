/* Decoding of draw state: state objects (blend, rasterizer, DSA, vertex
 * elements, sampler views and states), bindings, buffers and DRAW_VBO
 * (commands.md sections 2 and 3). Lengths are exact unless the protocol
 * says otherwise; counts are checked against the fixed arrays before any
 * read. Values are passed on decoded but otherwise unchecked: the renderer
 * validates them against its state. */
#include <string.h>

#include "decode/decode.h"
#include "decode/decode_cmd.h"
#include "util/log.h"
#include "virgl/virgl_protocol.h"

static float dw_float(const struct gv_cmd *c, uint32_t k)
{
   uint32_t v = gv_cmd_dw(c, k);
   float f;
   memcpy(&f, &v, sizeof(f));
   return f;
}

static int need_handle(const struct gv_cmd *c, uint32_t handle)
{
   if (handle == 0) {
      gv_error("command %s at dword %llu uses object handle 0", gv_ccmd_name(c->opcode),
               (unsigned long long)c->at);
      return GV_E_HANDLE;
   }
   return GV_OK;
}

#define OP_OR_SKIP(dec, c, op, obj)                                                        \
   do {                                                                                   \
      if (!(dec)->ops->op)                                                                \
         return (obj) ? gv_dec_skip_object(dec, c) : gv_dec_skip(dec, c);               \
   } while (0)

static int create_blend(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, create_blend, true);
   int ret = gv_dec_want_len(c, 11);
   if (ret < 0 || (ret = need_handle(c, gv_cmd_dw(c, 1))) < 0)
      return ret;
   struct gv_blend_state s;
   memset(&s, 0, sizeof(s));
   uint32_t s0 = gv_cmd_dw(c, 2);
   s.independent = s0 & 1, s.logicop_enable = (s0 >> 1) & 1, s.dither = (s0 >> 2) & 1;
   s.alpha_to_coverage = (s0 >> 3) & 1, s.alpha_to_one = (s0 >> 4) & 1;
   s.logicop_func = gv_cmd_dw(c, 3) & 0xf;
   for (uint32_t i = 0; i < GV_MAX_RT; i++) {
      uint32_t v = gv_cmd_dw(c, 4 + i);
      struct gv_blend_rt *rt = &s.rt[i];
      rt->blend_enable = v & 1;
      rt->rgb_func = (v >> 1) & 7, rt->rgb_src = (v >> 4) & 0x1f, rt->rgb_dst = (v >> 9) & 0x1f;
      rt->alpha_func = (v >> 14) & 7, rt->alpha_src = (v >> 17) & 0x1f;
      rt->alpha_dst = (v >> 22) & 0x1f, rt->colormask = (v >> 27) & 0xf;
   }
   return gv_dec_op_result(c, dec->ops->create_blend(dec->pipe, gv_cmd_dw(c, 1), &s));
}

static int create_rasterizer(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, create_rasterizer, true);
   int ret = gv_dec_want_len(c, 9);
   if (ret < 0 || (ret = need_handle(c, gv_cmd_dw(c, 1))) < 0)
      return ret;
   struct gv_rasterizer_state s;
   memset(&s, 0, sizeof(s));
   uint32_t v = gv_cmd_dw(c, 2);
   s.s0 = v;
   s.flatshade = v & 1, s.depth_clip = (v >> 1) & 1, s.clip_halfz = (v >> 2) & 1;
   s.discard = (v >> 3) & 1, s.flatshade_first = (v >> 4) & 1, s.light_twoside = (v >> 5) & 1;
   s.sprite_coord_lower_left = (v >> 6) & 1, s.point_quad_rasterization = (v >> 7) & 1;
   s.cull_face = (v >> 8) & 3, s.fill_front = (v >> 10) & 3, s.fill_back = (v >> 12) & 3;
   s.scissor = (v >> 14) & 1, s.front_ccw = (v >> 15) & 1;
   s.offset_line = (v >> 18) & 1, s.offset_point = (v >> 19) & 1, s.offset_tri = (v >> 20) & 1;
   s.poly_smooth = (v >> 21) & 1, s.point_size_per_vertex = (v >> 24) & 1;
   s.poly_stipple = (v >> 22) & 1;
   s.multisample = (v >> 25) & 1, s.line_smooth = (v >> 26) & 1;
   s.point_size = dw_float(c, 3);
   s.sprite_coord_enable = gv_cmd_dw(c, 4);
   s.clip_plane_enable = (uint8_t)(gv_cmd_dw(c, 5) >> 24);
   s.line_width = dw_float(c, 6);
   s.offset_units = dw_float(c, 7), s.offset_scale = dw_float(c, 8), s.offset_clamp = dw_float(c, 9);
   return gv_dec_op_result(c, dec->ops->create_rasterizer(dec->pipe, gv_cmd_dw(c, 1), &s));
}

static void read_stencil(uint32_t v, struct gv_stencil_state *st)
{
   st->enabled = v & 1, st->func = (v >> 1) & 7, st->fail_op = (v >> 4) & 7;
   st->zpass_op = (v >> 7) & 7, st->zfail_op = (v >> 10) & 7;
   st->valuemask = (uint8_t)(v >> 13), st->writemask = (uint8_t)(v >> 21);
}

static int create_dsa(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, create_dsa, true);
   int ret = gv_dec_want_len(c, 5);
   if (ret < 0 || (ret = need_handle(c, gv_cmd_dw(c, 1))) < 0)
      return ret;
   struct gv_dsa_state s;
   memset(&s, 0, sizeof(s));
   uint32_t v = gv_cmd_dw(c, 2);
   s.depth_enabled = v & 1, s.depth_writemask = (v >> 1) & 1, s.depth_func = (v >> 2) & 7;
   s.alpha_enabled = (v >> 8) & 1, s.alpha_func = (v >> 9) & 7;
   read_stencil(gv_cmd_dw(c, 3), &s.stencil[0]);
   read_stencil(gv_cmd_dw(c, 4), &s.stencil[1]);
   s.alpha_ref = dw_float(c, 5);
   return gv_dec_op_result(c, dec->ops->create_dsa(dec->pipe, gv_cmd_dw(c, 1), &s));
}

static int create_vertex_elements(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, create_vertex_elements, true);
   if (c->len < 1 || (c->len - 1) % 4 || (c->len - 1) / 4 > GV_MAX_VERTEX_ELEMENTS)
      return gv_dec_bad_length(c, "1 + 4n with n <= ", GV_MAX_VERTEX_ELEMENTS);
   int ret = need_handle(c, gv_cmd_dw(c, 1));
   if (ret < 0)
      return ret;
   struct gv_vertex_elements_state s;
   memset(&s, 0, sizeof(s));
   s.count = (c->len - 1) / 4;
   for (uint32_t i = 0; i < s.count; i++) {
      s.el[i].src_offset = gv_cmd_dw(c, 2 + 4 * i);
      s.el[i].instance_divisor = gv_cmd_dw(c, 3 + 4 * i);
      s.el[i].buffer = gv_cmd_dw(c, 4 + 4 * i);
      s.el[i].format = gv_cmd_dw(c, 5 + 4 * i);
   }
   return gv_dec_op_result(c, dec->ops->create_vertex_elements(dec->pipe, gv_cmd_dw(c, 1), &s));
}

static int create_sampler_view(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, create_sampler_view, true);
   int ret = gv_dec_want_len(c, 6);
   if (ret < 0 || (ret = need_handle(c, gv_cmd_dw(c, 1))) < 0)
      return ret;
   struct gv_sampler_view_info v;
   memset(&v, 0, sizeof(v));
   v.handle = gv_cmd_dw(c, 1);
   v.res = gv_cmd_dw(c, 2);
   v.format = gv_cmd_dw(c, 3) & 0xffffffu;
   v.target = gv_cmd_dw(c, 3) >> 24;
   uint32_t d4 = gv_cmd_dw(c, 4), d5 = gv_cmd_dw(c, 5), sw = gv_cmd_dw(c, 6);
   v.first_layer = d4 & 0xffff, v.last_layer = d4 >> 16;
   v.first_level = d5 & 0xff, v.last_level = (d5 >> 8) & 0xff;
   v.first_element = d4, v.last_element = d5;
   for (int i = 0; i < 4; i++)
      v.swizzle[i] = (sw >> (3 * i)) & 7;
   return gv_dec_op_result(c, dec->ops->create_sampler_view(dec->pipe, &v));
}

static int create_sampler_state(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, create_sampler_state, true);
   int ret = gv_dec_want_len(c, 9);
   if (ret < 0 || (ret = need_handle(c, gv_cmd_dw(c, 1))) < 0)
      return ret;
   struct gv_sampler_state s;
   memset(&s, 0, sizeof(s));
   uint32_t v = gv_cmd_dw(c, 2);
   s.wrap[0] = v & 7, s.wrap[1] = (v >> 3) & 7, s.wrap[2] = (v >> 6) & 7;
   s.min_img_filter = (v >> 9) & 3, s.min_mip_filter = (v >> 11) & 3;
   s.mag_img_filter = (v >> 13) & 3, s.compare_mode = (v >> 15) & 1;
   s.compare_func = (v >> 16) & 7, s.seamless_cube_map = (v >> 19) & 1;
   s.max_anisotropy = (v >> 20) & 0x3f;
   s.lod_bias = dw_float(c, 3), s.min_lod = dw_float(c, 4), s.max_lod = dw_float(c, 5);
   for (int i = 0; i < 4; i++)
      s.border_color[i] = gv_cmd_dw(c, 6 + (uint32_t)i);
   return gv_dec_op_result(c, dec->ops->create_sampler_state(dec->pipe, gv_cmd_dw(c, 1), &s));
}

static int bind_object(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, bind_object, false);
   int ret = gv_dec_want_len(c, 1);
   if (ret < 0)
      return ret;
   if (c->objtype != GV_OBJ_BLEND && c->objtype != GV_OBJ_RASTERIZER &&
       c->objtype != GV_OBJ_DSA && c->objtype != GV_OBJ_VERTEX_ELEMENTS) {
      gv_error("BIND_OBJECT at dword %llu of object type %u, which cannot be bound",
               (unsigned long long)c->at, c->objtype);
      return GV_E_INVALID;
   }
   return gv_dec_op_result(c, dec->ops->bind_object(dec->pipe, c->objtype, gv_cmd_dw(c, 1)));
}

static int set_viewports(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, set_viewports, false);
   if (c->len < 1 || (c->len - 1) % 6 || (c->len - 1) / 6 > GV_MAX_VIEWPORTS)
      return gv_dec_bad_length(c, "1 + 6n with n <= ", GV_MAX_VIEWPORTS);
   struct gv_viewport vp[GV_MAX_VIEWPORTS];
   uint32_t n = (c->len - 1) / 6;
   for (uint32_t i = 0; i < n; i++) {
      for (uint32_t k = 0; k < 3; k++) {
         vp[i].scale[k] = dw_float(c, 2 + 6 * i + k);
         vp[i].translate[k] = dw_float(c, 5 + 6 * i + k);
      }
   }
   return gv_dec_op_result(c, dec->ops->set_viewports(dec->pipe, gv_cmd_dw(c, 1), n, vp));
}

static int set_scissors(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, set_scissors, false);
   if (c->len < 1 || (c->len - 1) % 2 || (c->len - 1) / 2 > GV_MAX_VIEWPORTS)
      return gv_dec_bad_length(c, "1 + 2n with n <= ", GV_MAX_VIEWPORTS);
   struct gv_scissor sc[GV_MAX_VIEWPORTS];
   uint32_t n = (c->len - 1) / 2;
   for (uint32_t i = 0; i < n; i++) {
      uint32_t a = gv_cmd_dw(c, 2 + 2 * i), b = gv_cmd_dw(c, 3 + 2 * i);
      sc[i] = (struct gv_scissor){ (uint16_t)a, (uint16_t)(a >> 16), (uint16_t)b, (uint16_t)(b >> 16) };
   }
   return gv_dec_op_result(c, dec->ops->set_scissors(dec->pipe, gv_cmd_dw(c, 1), n, sc));
}

static int set_vertex_buffers(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, set_vertex_buffers, false);
   if (c->len % 3 || c->len / 3 > GV_MAX_VERTEX_BUFFERS)
      return gv_dec_bad_length(c, "3n with n <= ", GV_MAX_VERTEX_BUFFERS);
   struct gv_vertex_buffer vb[GV_MAX_VERTEX_BUFFERS];
   uint32_t n = c->len / 3;
   for (uint32_t i = 0; i < n; i++)
      vb[i] = (struct gv_vertex_buffer){ gv_cmd_dw(c, 1 + 3 * i), gv_cmd_dw(c, 2 + 3 * i),
                                         gv_cmd_dw(c, 3 + 3 * i) };
   return gv_dec_op_result(c, dec->ops->set_vertex_buffers(dec->pipe, n, vb));
}

static int set_index_buffer(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, set_index_buffer, false);
   if (c->len != 1 && c->len != 3)
      return gv_dec_bad_length(c, "1 or ", 3);
   return gv_dec_op_result(c, dec->ops->set_index_buffer(dec->pipe, gv_cmd_dw(c, 1),
                                                         gv_cmd_dw(c, 2), gv_cmd_dw(c, 3)));
}

static int set_constant_buffer(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, set_constant_buffer, false);
   if (c->len < 2 || c->len - 2 > GV_MAX_CONST_DWORDS)
      return gv_dec_bad_length(c, "2 + n with n <= ", GV_MAX_CONST_DWORDS);
   return gv_dec_op_result(c, dec->ops->set_constant_buffer(dec->pipe, gv_cmd_dw(c, 1),
                                                            gv_cmd_dw(c, 2), c->payload + 2,
                                                            c->len - 2));
}

static int set_uniform_buffer(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, set_uniform_buffer, false);
   int ret = gv_dec_want_len(c, 5);
   if (ret < 0)
      return ret;
   return gv_dec_op_result(c, dec->ops->set_uniform_buffer(dec->pipe, gv_cmd_dw(c, 1),
                                                           gv_cmd_dw(c, 2), gv_cmd_dw(c, 3),
                                                           gv_cmd_dw(c, 4), gv_cmd_dw(c, 5)));
}

static int handle_list(struct gv_decoder *dec, const struct gv_cmd *c, uint32_t max,
                       int (*op)(void *, uint32_t, uint32_t, uint32_t, const uint32_t *))
{
   if (!op)
      return gv_dec_skip(dec, c);
   if (c->len < 2 || c->len - 2 > max)
      return gv_dec_bad_length(c, "2 + n with n <= ", max);
   return gv_dec_op_result(c, op(dec->pipe, gv_cmd_dw(c, 1), gv_cmd_dw(c, 2), c->len - 2,
                                 c->payload + 2));
}

static int draw_vbo(struct gv_decoder *dec, const struct gv_cmd *c)
{
   OP_OR_SKIP(dec, c, draw_vbo, false);
   if (c->len != 12 && c->len != 14 && c->len != 20)
      return gv_dec_bad_length(c, "12, 14 or ", 20);
   struct gv_draw_info d;
   memset(&d, 0, sizeof(d));
   d.start = gv_cmd_dw(c, 1), d.count = gv_cmd_dw(c, 2), d.mode = gv_cmd_dw(c, 3);
   d.indexed = gv_cmd_dw(c, 4) != 0, d.instance_count = gv_cmd_dw(c, 5);
   d.index_bias = gv_cmd_dw_signed(c, 6), d.start_instance = gv_cmd_dw(c, 7);
   d.primitive_restart = gv_cmd_dw(c, 8) != 0, d.restart_index = gv_cmd_dw(c, 9);
   d.min_index = gv_cmd_dw(c, 10), d.max_index = gv_cmd_dw(c, 11);
   d.count_from_so = gv_cmd_dw(c, 12);
   d.vertices_per_patch = gv_cmd_dw(c, 13), d.drawid = gv_cmd_dw(c, 14);
   d.indirect_res = gv_cmd_dw(c, 15), d.indirect_offset = gv_cmd_dw(c, 16);
   d.indirect_stride = gv_cmd_dw(c, 17), d.indirect_draw_count = gv_cmd_dw(c, 18);
   d.indirect_count_offset = gv_cmd_dw(c, 19), d.indirect_count_res = gv_cmd_dw(c, 20);
   return gv_dec_op_result(c, dec->ops->draw_vbo(dec->pipe, &d));
}

int gv_decode_state(struct gv_decoder *dec, const struct gv_cmd *c, bool *handled)
{
   *handled = true;
   const struct gv_pipe_ops *ops = dec->ops;
   if (c->opcode == GV_CCMD_CREATE_OBJECT) {
      switch (c->objtype) {
      case GV_OBJ_BLEND: return create_blend(dec, c);
      case GV_OBJ_RASTERIZER: return create_rasterizer(dec, c);
      case GV_OBJ_DSA: return create_dsa(dec, c);
      case GV_OBJ_VERTEX_ELEMENTS: return create_vertex_elements(dec, c);
      case GV_OBJ_SAMPLER_VIEW: return create_sampler_view(dec, c);
      case GV_OBJ_SAMPLER_STATE: return create_sampler_state(dec, c);
      default: *handled = false; return GV_OK;
      }
   }
   switch (c->opcode) {
   case GV_CCMD_BIND_OBJECT: return bind_object(dec, c);
   case GV_CCMD_BIND_SHADER: {
      OP_OR_SKIP(dec, c, bind_shader, false);
      int ret = gv_dec_want_len(c, 2);
      if (ret < 0)
         return ret;
      return gv_dec_op_result(c, ops->bind_shader(dec->pipe, gv_cmd_dw(c, 1), gv_cmd_dw(c, 2)));
   }
   case GV_CCMD_SET_VIEWPORT_STATE: return set_viewports(dec, c);
   case GV_CCMD_SET_SCISSOR_STATE: return set_scissors(dec, c);
   case GV_CCMD_SET_VERTEX_BUFFERS: return set_vertex_buffers(dec, c);
   case GV_CCMD_SET_INDEX_BUFFER: return set_index_buffer(dec, c);
   case GV_CCMD_SET_CONSTANT_BUFFER: return set_constant_buffer(dec, c);
   case GV_CCMD_SET_UNIFORM_BUFFER: return set_uniform_buffer(dec, c);
   case GV_CCMD_SET_SAMPLER_VIEWS:
      return handle_list(dec, c, GV_MAX_SAMPLER_VIEWS, ops->set_sampler_views);
   case GV_CCMD_BIND_SAMPLER_STATES:
      return handle_list(dec, c, GV_MAX_SAMPLERS, ops->bind_sampler_states);
   case GV_CCMD_SET_STENCIL_REF: {
      OP_OR_SKIP(dec, c, set_stencil_ref, false);
      int ret = gv_dec_want_len(c, 1);
      if (ret < 0)
         return ret;
      uint32_t v = gv_cmd_dw(c, 1);
      return gv_dec_op_result(c, ops->set_stencil_ref(dec->pipe, (uint8_t)v, (uint8_t)(v >> 8)));
   }
   case GV_CCMD_SET_BLEND_COLOR: {
      OP_OR_SKIP(dec, c, set_blend_color, false);
      int ret = gv_dec_want_len(c, 4);
      if (ret < 0)
         return ret;
      float col[4] = { dw_float(c, 1), dw_float(c, 2), dw_float(c, 3), dw_float(c, 4) };
      return gv_dec_op_result(c, ops->set_blend_color(dec->pipe, col));
   }
   case GV_CCMD_SET_SAMPLE_MASK: {
      OP_OR_SKIP(dec, c, set_sample_mask, false);
      int ret = gv_dec_want_len(c, 1);
      if (ret < 0)
         return ret;
      return gv_dec_op_result(c, ops->set_sample_mask(dec->pipe, gv_cmd_dw(c, 1)));
   }
   case GV_CCMD_DRAW_VBO: return draw_vbo(dec, c);
   case GV_CCMD_SET_CLIP_STATE: {
      OP_OR_SKIP(dec, c, set_clip_state, false);
      int ret = gv_dec_want_len(c, 32);
      if (ret < 0)
         return ret;
      float planes[8][4];
      for (uint32_t i = 0; i < 32; i++)
         planes[i / 4][i % 4] = dw_float(c, 1 + i);
      return gv_dec_op_result(c, ops->set_clip_state(dec->pipe, planes));
   }
   case GV_CCMD_SET_POLYGON_STIPPLE: {
      OP_OR_SKIP(dec, c, set_polygon_stipple, false);
      int ret = gv_dec_want_len(c, 32);
      if (ret < 0)
         return ret;
      uint32_t rows[32];
      for (uint32_t i = 0; i < 32; i++)
         rows[i] = gv_cmd_dw(c, 1 + i);
      return gv_dec_op_result(c, ops->set_polygon_stipple(dec->pipe, rows));
   }
   case GV_CCMD_SET_MIN_SAMPLES: {
      OP_OR_SKIP(dec, c, set_min_samples, false);
      int ret = gv_dec_want_len(c, 1);
      if (ret < 0)
         return ret;
      return gv_dec_op_result(c, ops->set_min_samples(dec->pipe, gv_cmd_dw(c, 1)));
   }
   case GV_CCMD_SET_TESS_STATE: {
      OP_OR_SKIP(dec, c, set_tess_state, false);
      int ret = gv_dec_want_len(c, 6);
      if (ret < 0)
         return ret;
      float levels[6];
      for (uint32_t i = 0; i < 6; i++)
         levels[i] = dw_float(c, 1 + i);
      return gv_dec_op_result(c, ops->set_tess_state(dec->pipe, levels));
   }
   case GV_CCMD_LINK_SHADER: {
      /* A hint that these shaders form a program: programs are linked at
       * draw time from what is bound, so nothing to do beyond the length. */
      if (!ops->draw_vbo)
         return gv_dec_skip(dec, c);
      return gv_dec_want_len(c, 6);
   }
   default:
      *handled = false;
      return GV_OK;
   }
}
