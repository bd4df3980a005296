#include "abi_layout.h"
#include "lib/virgl_abi.h"

struct abi_layout abi_layout_glvirt(void)
{
   return (struct abi_layout){
      .create_args_size = sizeof(struct virgl_renderer_resource_create_args),
      .create_args_flags = offsetof(struct virgl_renderer_resource_create_args, flags),
      .info_size = sizeof(struct virgl_renderer_resource_info),
      .info_tex_id = offsetof(struct virgl_renderer_resource_info, tex_id),
      .info_drm_fourcc = offsetof(struct virgl_renderer_resource_info, drm_fourcc),
      .cb_make_current = offsetof(struct virgl_renderer_callbacks, make_current),
      .cb_get_drm_fd = offsetof(struct virgl_renderer_callbacks, get_drm_fd),
      .ctx_param_size = sizeof(struct virgl_renderer_gl_ctx_param),
      .ctx_param_minor = offsetof(struct virgl_renderer_gl_ctx_param, minor_ver),
      .flag_use_egl = VIRGL_RENDERER_USE_EGL,
      .flag_use_gles = VIRGL_RENDERER_USE_GLES,
   };
}
