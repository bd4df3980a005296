/* One command's payload as seen by the per-command decoders. The walker has
 * already proven that `len` dwords follow the header inside the buffer; the
 * accessors still refuse indices past `len` so that a decoder whose length
 * check is wrong reads zeros instead of neighbouring commands or memory. */
#ifndef GLVIRT_DECODE_DECODE_CMD_H
#define GLVIRT_DECODE_DECODE_CMD_H

#include <stdbool.h>
#include <stdint.h>

struct gv_cmd {
   const uint32_t *payload;   /* dw1 of the command (the dword after the header) */
   uint32_t len;              /* L, payload dwords */
   uint32_t opcode;
   uint32_t objtype;
   uint64_t at;               /* dword index of the header in the buffer, for messages */
};

/* dw numbering follows commands.md: dw0 is the header, so payload dword k is dw(k). */
static inline uint32_t gv_cmd_dw(const struct gv_cmd *c, uint32_t k)
{
   if (k == 0 || k > c->len)
      return 0;
   return c->payload[k - 1];
}

/* Two's-complement reinterpretation without relying on the
 * implementation-defined unsigned-to-signed conversion. */
static inline int32_t gv_cmd_dw_signed(const struct gv_cmd *c, uint32_t k)
{
   uint32_t v = gv_cmd_dw(c, k);
   if (v <= (uint32_t)INT32_MAX)
      return (int32_t)v;
   return -(int32_t)(~v) - 1;
}

struct gv_decoder;

/* Shared by decode.c and decode_state.c. */
int gv_dec_bad_length(const struct gv_cmd *c, const char *rule, uint32_t expected);
int gv_dec_want_len(const struct gv_cmd *c, uint32_t expected);
int gv_dec_op_result(const struct gv_cmd *c, int ret);
int gv_dec_skip(struct gv_decoder *dec, const struct gv_cmd *c);
int gv_dec_skip_object(struct gv_decoder *dec, const struct gv_cmd *c);
/* Draw-state commands and state objects (decode_state.c); *handled is
 * false for commands it does not know. */
int gv_decode_state(struct gv_decoder *dec, const struct gv_cmd *c, bool *handled);
/* Queries and conditional rendering (decode_query.c), likewise. */
int gv_decode_query(struct gv_decoder *dec, const struct gv_cmd *c, bool *handled);
/* Stream output (decode_streamout.c), likewise. */
int gv_decode_streamout(struct gv_decoder *dec, const struct gv_cmd *c, bool *handled);
/* Shader buffers, images, barriers and compute (decode_compute.c), likewise. */
int gv_decode_compute(struct gv_decoder *dec, const struct gv_cmd *c, bool *handled);

#endif
