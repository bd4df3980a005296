/* Decoder of the virgl command stream (SUBMIT_CMD payload): walks the
 * buffer with bounds-checked reads, checks each command's length, extracts
 * its fields into the plain structs of renderer/pipe.h and calls the ops.
 * It never reads outside the buffer and never trusts a length. */
#ifndef GLVIRT_DECODE_DECODE_H
#define GLVIRT_DECODE_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "renderer/pipe.h"

struct gv_decoder {
   const struct gv_pipe_ops *ops;
   void *pipe;
   /* Opcodes / CREATE_OBJECT types already reported as unsupported, so each is
    * reported once per client. */
   uint64_t reported_ops;
   uint32_t reported_objs;
   uint64_t commands;      /* commands decoded so far (statistics) */
   uint32_t errors;        /* command buffers abandoned because of an error */
};

void gv_decoder_init(struct gv_decoder *dec, const struct gv_pipe_ops *ops, void *pipe);

/* Decodes and runs `count` dwords. On the first failing command, logs which
 * command at which dword failed and why, skips the rest and returns its
 * negative gv_status. Unsupported but well-formed commands are skipped after
 * one message per client ("unsupported command NAME"). */
int gv_decode_submit(struct gv_decoder *dec, const uint32_t *dwords, size_t count);

#endif
