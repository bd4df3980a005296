/* libFuzzer entry point for the command-stream decoder: the input is taken as
 * a SUBMIT_CMD payload of little-endian dwords, and the ops accept everything,
 * so the decoder's own walking and field extraction are what gets exercised.
 * Client errors are logged on stderr by design; run with -close_fd_mask=2 to
 * keep the fuzzer fast (libFuzzer keeps its own and the sanitizers' output). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ok_id(void *pipe, uint32_t id)
{
   (void)pipe;
   (void)id;
   return GV_OK;
}

static int ok_surface(void *pipe, const struct gv_surface_info *info)
{
   (void)pipe;
   (void)info;
   return GV_OK;
}

static int ok_fb(void *pipe, const struct gv_framebuffer_info *info)
{
   (void)pipe;
   /* The decoder promises this bound to the renderer. */
   if (info->nr_cbufs > 8)
      abort();
   return GV_OK;
}

static int ok_fb_no_attach(void *pipe, const struct gv_framebuffer_no_attach_info *info)
{
   (void)pipe;
   (void)info;
   return GV_OK;
}

static int ok_clear(void *pipe, const struct gv_clear_info *info)
{
   (void)pipe;
   (void)info;
   return GV_OK;
}

static int ok_clear_texture(void *pipe, const struct gv_clear_texture_info *info)
{
   (void)pipe;
   (void)info;
   return GV_OK;
}

static int ok_copy_region(void *pipe, const struct gv_copy_region_info *info)
{
   (void)pipe;
   (void)info;
   return GV_OK;
}

static int ok_blit(void *pipe, const struct gv_blit_info *info)
{
   (void)pipe;
   (void)info;
   return GV_OK;
}

static int ok_transfer(void *pipe, const struct gv_transfer_info *info)
{
   (void)pipe;
   (void)info;
   return GV_OK;
}

static int ok_copy_transfer(void *pipe, const struct gv_copy_transfer_info *info)
{
   (void)pipe;
   (void)info;
   return GV_OK;
}

static volatile unsigned char inline_sink;

static int ok_inline(void *pipe, const struct gv_inline_write_info *info)
{
   (void)pipe;
   /* Reading every byte lets ASan catch a data pointer or size that leaves
    * the submitted buffer. */
   const unsigned char *bytes = info->data;
   unsigned char acc = 0;
   for (uint32_t i = 0; i < info->size; i++)
      acc ^= bytes[i];
   inline_sink = acc;
   return GV_OK;
}

static const struct gv_pipe_ops fuzz_ops = {
   .create_sub_ctx = ok_id,
   .destroy_sub_ctx = ok_id,
   .set_sub_ctx = ok_id,
   .create_surface = ok_surface,
   .destroy_object = ok_id,
   .set_framebuffer_state = ok_fb,
   .set_framebuffer_no_attach = ok_fb_no_attach,
   .clear = ok_clear,
   .clear_texture = ok_clear_texture,
   .resource_copy_region = ok_copy_region,
   .blit = ok_blit,
   .transfer3d = ok_transfer,
   .copy_transfer3d = ok_copy_transfer,
   .inline_write = ok_inline,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
   size_t count = size / 4;
   /* An exactly sized heap copy: the input itself is not dword-aligned, and
    * any read past the last dword must hit the redzone. */
   uint32_t *dwords = malloc(count ? count * sizeof(uint32_t) : 1);
   if (!dwords)
      return 0;
   for (size_t i = 0; i < count; i++) {
      const uint8_t *p = data + 4 * i;
      dwords[i] = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
                  ((uint32_t)p[3] << 24);
   }

   struct gv_decoder dec;
   gv_decoder_init(&dec, &fuzz_ops, NULL);
   gv_decode_submit(&dec, dwords, count);
   free(dwords);
   return 0;
}
