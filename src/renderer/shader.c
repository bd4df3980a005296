/* Shader objects: reassembly of TGSI text sent in chunks, limits, parsing.
 * Chunks must arrive in order (Mesa sends them so); anything else is a
 * client error, never a partial shader. */
#include <stdlib.h>
#include <string.h>

#include "renderer/renderer_priv.h"
#include "util/log.h"

/* virgl stage numbers -> TGSI processor types. */
static const uint32_t stage_map[6] = {
   GV_TGSI_VERTEX, GV_TGSI_FRAGMENT, GV_TGSI_GEOMETRY, GV_TGSI_TESS_CTRL, GV_TGSI_TESS_EVAL,
   GV_TGSI_COMPUTE,
};

void gv_shader_destroy(struct gv_context *ctx, struct gv_shader *sh)
{
   if (!sh)
      return;
   ctx->shader_bytes -= sh->total;
   gv_tgsi_free(&sh->tgsi);
   free(sh->text);
   free(sh);
}

void gv_shader_unref(struct gv_context *ctx, struct gv_shader *sh)
{
   if (sh && --sh->refcount == 0)
      gv_shader_destroy(ctx, sh);
}

static int finish(struct gv_context *ctx, uint32_t handle, struct gv_shader *sh)
{
   /* The text ends at its NUL; the pad bytes after it are not zeroed. */
   size_t len = strnlen(sh->text, sh->total);
   char err[512];
   sh->complete = true;
   if (!gv_tgsi_parse(sh->text, len, &sh->tgsi, err, sizeof(err))) {
      gv_error("shader %u (%s): %s", handle, gv_tgsi_stage_name(sh->stage), err);
      return GV_E_INVALID;
   }
   if (sh->tgsi.stage != sh->stage) {
      gv_error("shader %u: created as a %s shader but its text is a %s shader", handle,
               gv_tgsi_stage_name(sh->stage), gv_tgsi_stage_name(sh->tgsi.stage));
      return GV_E_INVALID;
   }
   return gv_gl_shader_check(ctx, handle, sh);
}

/* Text that fails (bad TGSI, or text of another stage) must leave no
 * shader behind: binding it would hand a half-parsed program to the
 * translator. Only complete shaders can be bound, so the table holds the
 * only reference and destroying the object frees the shader. */
static int complete(struct gv_context *ctx, uint32_t handle, struct gv_shader *sh)
{
   int ret = finish(ctx, handle, sh);
   if (ret < 0) {
      gv_error("CREATE_OBJECT SHADER: shader %u is invalid and is not kept", handle);
      ctx->ops.destroy_object(ctx, handle);
   }
   return ret;
}

static int append(struct gv_shader *sh, const struct gv_shader_chunk_info *info)
{
   uint32_t room = sh->total - sh->received;
   uint32_t n = info->text_len < room ? info->text_len : room;
   memcpy(sh->text + sh->received, info->text, n);
   sh->received += n;
   return GV_OK;
}

int gv_op_create_shader(void *p, const struct gv_shader_chunk_info *info)
{
   struct gv_context *ctx = p;
   struct gv_sub_ctx *sub = ctx->cur;
   if (info->stage >= 6) {
      gv_error("CREATE_OBJECT SHADER: stage %u out of range", info->stage);
      return GV_E_INVALID;
   }
   if (info->continuation) {
      struct gv_object *obj = gv_handle_table_get(&sub->objects, info->handle);
      struct gv_shader *sh = obj && obj->type == GV_OBJ_SHADER ? obj->ptr : NULL;
      if (!sh || sh->complete || sh->virgl_stage != info->stage) {
         gv_error("CREATE_OBJECT SHADER: continuation for %u, which is not a shader in progress "
                  "of that stage", info->handle);
         return GV_E_HANDLE;
      }
      if (info->offset != sh->received) {
         gv_error("CREATE_OBJECT SHADER: chunk of shader %u at byte %u, expected byte %u",
                  info->handle, info->offset, sh->received);
         return GV_E_INVALID;
      }
      append(sh, info);
      return sh->received == sh->total ? complete(ctx, info->handle, sh) : GV_OK;
   }
   if (!info->handle || gv_handle_table_get(&sub->objects, info->handle)) {
      gv_error("CREATE_OBJECT SHADER: handle %u is %s", info->handle,
               info->handle ? "already in use" : "invalid");
      return GV_E_HANDLE;
   }
   const struct gv_limits *lim = &ctx->r->cfg.limits;
   if (!gv_object_quota_ok(ctx, "SHADER"))
      return GV_E_LIMIT;
   /* The text arrives with its terminating NUL. */
   if (info->total_len == 0 || info->total_len > (uint64_t)lim->shader_text + 1) {
      gv_error("CREATE_OBJECT SHADER: text of %u bytes (allowed 1..%u, --max-shader-text)",
               info->total_len, lim->shader_text + 1);
      return GV_E_LIMIT;
   }
   if (ctx->shader_bytes + info->total_len > lim->shader_bytes) {
      gv_error("CREATE_OBJECT SHADER: the context would hold more than %llu bytes of shader text "
               "(--max-shader-bytes)", (unsigned long long)lim->shader_bytes);
      return GV_E_LIMIT;
   }
   struct gv_shader *sh = calloc(1, sizeof(*sh));
   struct gv_object *obj = calloc(1, sizeof(*obj));
   char *text = calloc(1, (size_t)info->total_len + 1);
   if (!sh || !obj || !text) {
      free(sh);
      free(obj);
      free(text);
      return GV_E_NOMEM;
   }
   sh->text = text;
   sh->refcount = 1;
   sh->id = ++ctx->shader_ids;
   sh->total = info->total_len;
   sh->stage = stage_map[info->stage];
   sh->virgl_stage = info->stage;
   sh->req_local_mem = info->req_local_mem;
   sh->so_num_outputs = info->so_num_outputs;
   memcpy(sh->so_stride, info->so_stride, sizeof(sh->so_stride));
   memcpy(sh->so, info->so, sizeof(sh->so[0]) * info->so_num_outputs);
   ctx->shader_bytes += sh->total;
   obj->type = GV_OBJ_SHADER;
   obj->ptr = sh;
   if (!gv_handle_table_insert(&sub->objects, info->handle, obj)) {
      gv_shader_destroy(ctx, sh);
      free(obj);
      return GV_E_NOMEM;
   }
   append(sh, info);
   return sh->received == sh->total ? complete(ctx, info->handle, sh) : GV_OK;
}
