/* The GL backend: host objects for resources and the operations the core
 * runs on them after validation. Every function assumes its arguments were
 * checked by src/renderer (handles resolved, boxes inside their level,
 * guest memory ranges inside the backing store). */
#ifndef GLVIRT_GL_BACKEND_H
#define GLVIRT_GL_BACKEND_H

#include "renderer/renderer_priv.h"

/* gl_resource.c */
int gv_gl_resource_create(struct gv_context *ctx, struct gv_resource *res);
void gv_gl_resource_destroy(struct gv_context *ctx, struct gv_resource *res);
/* Attaches one layer of one level to the bound framebuffer `fb_target`. */
void gv_gl_attach_layer(GLenum fb_target, GLenum attachment, const struct gv_resource *res,
                        uint32_t level, uint32_t layer);
/* Attaches layer `layer` of level `level` of a texture of host target `target`. */
void gv_gl_attach_tex_layer(GLenum fb_target, GLenum attachment, GLuint tex, GLenum target,
                            uint32_t level, uint32_t layer);
/* The host target storing a virgl target (GLES stores 1D as 2D, rectangles as 2D); 0 if none. */
GLenum gv_gl_target_of(const struct gv_hostapi *api, uint32_t target, uint32_t nr_samples);
/* Attachment point of a format: colour 0, depth, stencil or depth+stencil. */
GLenum gv_gl_attachment_point(const struct gv_format_desc *fmt);
/* Drains the GL error queue; logs and returns GV_E_HOST if there was one. */
int gv_gl_check(const char *what);

/* gl_view.c: texture views. Whether glTextureView may view one host
 * internal format as the other (same view class, or the same format); whether
 * glCopyImageSubData copies between them (also a compressed block and an
 * uncompressed texel of its size); an unsigned integer format of a texel
 * size (0 if none). */
bool gv_gl_view_compatible(GLenum a, GLenum b);
bool gv_gl_copy_compatible(GLenum a, GLenum b);
GLenum gv_gl_uint_format_of_size(uint32_t bytes);
/* A texture view of `res`, 0 (logged as `what`) when the ranges are outside
 * it, the formats are incompatible or the host refuses. */
GLuint gv_gl_make_view(const struct gv_resource *res, GLenum target, GLenum ifmt,
                       uint32_t first_level, uint32_t nr_levels, uint32_t first_layer,
                       uint32_t nr_layers, const char *what);
/* Whether two host formats are an sRGB format and its linear twin. */
bool gv_gl_srgb_pair(GLenum a, GLenum b);
/* A view of all of `res` (same target) in `format` where that format's
 * host storage is another format of the same view class than the
 * resource's (not an sRGB/linear pair); 0 otherwise. The caller deletes it. */
GLuint gv_gl_reinterpret_view(const struct gv_hostapi *api, const struct gv_resource *res,
                              uint32_t format, const char *what);
/* The host texture a sampler view samples (its storage or a view made on
 * first use) and its target. */
GLuint gv_gl_sampler_view_texture(struct gv_context *ctx, struct gv_sampler_view *v, GLenum *target);
/* The host texture a surface attaches, its target, and the level and first
 * layer of the surface in it. */
GLuint gv_gl_surface_texture(struct gv_context *ctx, struct gv_surface *s, GLenum *target,
                             uint32_t *level, uint32_t *layer);

/* gl_vertex_input.c: binds the draw's vertex elements and buffers to the
 * sub-context's VAO (converting what the host cannot fetch); GV_E_* when a
 * conversion is refused (logged). */
int gv_gl_apply_vertex_input(struct gv_context *ctx, struct gv_draw_state *d,
                             const struct gv_draw_info *info);

/* gl_shader.c: compiles a shader from `count` GLSL strings. On failure the
 * info log goes into `log` (`log_size` bytes, NUL-terminated), the shader is
 * deleted and 0 returned; callers word the error for their context. */
GLuint gv_gl_compile(GLenum type, GLsizei count, const char *const *src, char *log,
                     size_t log_size);
/* Links prog; false with the host's log in `log` (if log_size) when it
 * does not link. */
bool gv_gl_link(GLuint prog, char *log, size_t log_size);

/* gl_transfer.c: guest memory <-> host resource. `stride` is the byte
 * distance between block rows in guest memory, `layer_stride` between slices. */
int gv_gl_upload(struct gv_context *ctx, struct gv_resource *res, uint32_t level,
                 const struct gv_box *box, const uint8_t *src, uint32_t stride, uint64_t layer_stride);
int gv_gl_download(struct gv_context *ctx, struct gv_resource *res, uint32_t level,
                   const struct gv_box *box, uint8_t *dst, uint32_t stride, uint64_t layer_stride);

/* gl_clear.c */
int gv_gl_clear(struct gv_context *ctx, struct gv_sub_ctx *sub, const struct gv_clear_info *info);
int gv_gl_clear_texture(struct gv_context *ctx, struct gv_resource *res, uint32_t level,
                        const struct gv_box *box, const uint32_t texel[4]);
/* Binds the sub-context's framebuffer (rebuilding it if its surfaces changed). */
int gv_gl_bind_framebuffer(struct gv_context *ctx, struct gv_sub_ctx *sub);

/* gl_blit.c */
/* gl_blit_draw.c: blits glBlitFramebuffer refuses (depth between different
 * depth formats, colour from a source the host cannot attach), as a quad
 * into the bound draw framebuffer that samples the source. */
bool gv_gl_blit_depth_by_draw(const struct gv_blit_info *info,
                              const struct gv_resource *dst, const struct gv_resource *src);
bool gv_gl_blit_colour_by_draw(const struct gv_resource *src);
/* A LINEAR blit from a 3D source whose depth changes filters across slices. */
bool gv_gl_blit_volume_by_draw(const struct gv_blit_info *info, const struct gv_resource *src);
int gv_gl_blit_draw_volume(struct gv_context *ctx, const struct gv_blit_info *info,
                           const struct gv_resource *src, int32_t k);
int gv_gl_blit_draw(struct gv_context *ctx, const struct gv_blit_info *info,
                    const struct gv_resource *src, uint32_t layer, bool depth);
int gv_gl_blit(struct gv_context *ctx, const struct gv_blit_info *info,
               struct gv_resource *dst, struct gv_resource *src);
int gv_gl_copy_region(struct gv_context *ctx, const struct gv_copy_region_info *info,
                      struct gv_resource *dst, struct gv_resource *src);

/* gl_query.c: the GL query target counting a virgl query type on this host
 * (0: none can); begin/end; the result, false if `wait` is not set and it
 * is not available yet. */
GLenum gv_gl_query_target(const struct gv_hostapi *api, uint32_t type, uint32_t index);
int gv_gl_query_begin(const struct gv_hostapi *api, GLenum target, uint32_t index, GLuint id);
int gv_gl_query_end(const struct gv_hostapi *api, GLenum target, uint32_t index, GLuint id);
bool gv_gl_query_result(const struct gv_hostapi *api, GLuint id, bool wait, uint64_t *value);

/* gl_occlusion.c: occlusion counters of a GLES host counted by the FS
 * (api->occlusion_fs): whether a query type is counted so; its snapshot
 * buffer; begin / end; the result (waits); cleanup per query / context. */
bool gv_gl_occl_counted(const struct gv_hostapi *api, uint32_t type);
int gv_gl_occl_create(struct gv_query *q);
int gv_gl_occl_begin(struct gv_context *ctx, struct gv_query *q);
int gv_gl_occl_end(struct gv_context *ctx, struct gv_query *q);
uint64_t gv_gl_occl_result(struct gv_query *q);
void gv_gl_occl_destroy(struct gv_query *q);
void gv_gl_occl_fini(struct gv_context *ctx);

/* gl_so_scatter.c: frees the context's stream output scratch buffer and program. */
void gv_gl_so_scatter_fini(struct gv_context *ctx);

/* gl_caps.c */
void gv_gl_fill_caps(struct gv_renderer *r, struct gv_caps_v2 *caps);

#endif
