/* Layout facts of glvirt's own ABI header, compiled apart from the test so
 * that the test can compare them with the system's virglrenderer.h. */
#ifndef GLVIRT_TESTS_ABI_LAYOUT_H
#define GLVIRT_TESTS_ABI_LAYOUT_H

#include <stddef.h>

struct abi_layout {
   size_t create_args_size, create_args_flags;
   size_t info_size, info_tex_id, info_drm_fourcc;
   size_t cb_make_current, cb_get_drm_fd;
   size_t ctx_param_size, ctx_param_minor;
   int flag_use_egl, flag_use_gles;
};

struct abi_layout abi_layout_glvirt(void);

#endif
