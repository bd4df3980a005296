/* Vertex input of a draw: the guest's vertex elements and buffers as host
 * attribute pointers or bindings, with the formats GL cannot fetch (doubles
 * on GLES) converted on the CPU first. */
#include <stdlib.h>
#include <string.h>

#include "gl/gl_backend.h"
#include "gl/vertex_convert.h"
#include "util/checked.h"
#include "util/log.h"

/* glVertexAttrib*Pointer parameters of a vertex format. */
struct attrib_fmt {
   GLint size;
   GLenum type;
   bool normalized, integer;
   bool from_double;   /* doubles the host cannot fetch: converted to floats first */
};

static bool vertex_format(uint32_t format, bool host_doubles, struct attrib_fmt *a)
{
   const struct gv_format_desc *d = gv_format_get(format);
   if (!d)
      return false;
   memset(a, 0, sizeof(*a));
   uint8_t t = d->type[0];
   a->normalized = t == GV_CHAN_UNORM || t == GV_CHAN_SNORM;
   a->integer = t == GV_CHAN_UINT || t == GV_CHAN_SINT;
   bool sgn = t == GV_CHAN_SNORM || t == GV_CHAN_SINT || t == GV_CHAN_SSCALED;
   if (d->flags & GV_FMT_PACKED) {
      if (d->nr_channels == 4 && d->bits[0] == 10 && d->bits[3] == 2) {
         a->type = sgn ? GL_INT_2_10_10_10_REV : GL_UNSIGNED_INT_2_10_10_10_REV;
         a->size = d->swizzle[0] == 2 ? GL_BGRA : 4;
         return !a->integer;
      }
      if (d->bits[0] == 11 && t == GV_CHAN_FLOAT) {
         a->type = GL_UNSIGNED_INT_10F_11F_11F_REV;
         a->size = 3;
         return true;
      }
      return false;
   }
   unsigned n = 0;
   for (unsigned i = 0; i < d->nr_channels && i < 4; i++) {
      if (d->type[i] == GV_CHAN_VOID || d->bits[i] != d->bits[0])
         return false;
      n++;
   }
   a->size = (GLint)n;
   switch (d->bits[0]) {
   case 8: a->type = sgn ? GL_BYTE : GL_UNSIGNED_BYTE; break;
   case 16: a->type = t == GV_CHAN_FLOAT ? GL_HALF_FLOAT : sgn ? GL_SHORT : GL_UNSIGNED_SHORT; break;
   case 32:
      a->type = t == GV_CHAN_FLOAT ? GL_FLOAT : t == GV_CHAN_FIXED ? GL_FIXED
                : sgn ? GL_INT : GL_UNSIGNED_INT;
      break;
   case 64:
      /* The guest's shader reads R64* attributes as floats (Gallium fetches
       * them converted); GL converts GL_DOUBLE arrays the same way. */
      if (t != GV_CHAN_FLOAT)
         return false;
      a->type = GL_DOUBLE;
      a->from_double = !host_doubles;
      break;
   default: return false;
   }
   /* Memory order B,G,R,A: GL takes it as size GL_BGRA (unsigned bytes only). */
   if (n == 4 && d->swizzle[0] == 2 && d->swizzle[2] == 0) {
      if (a->type != GL_UNSIGNED_BYTE || !a->normalized)
         return false;
      a->size = GL_BGRA;
   }
   return true;
}

/* What the draw rasterizes when no later stage changes the primitive:
 * the fixed-function emulations of the FS depend on it. */
/* Gallium's stride 0 means one element for every vertex (glVertexAttrib
 * through a buffer), while glVertexAttribPointer takes 0 as "tightly
 * packed"; only a vertex buffer binding keeps a 0 stride as it is. The
 * binding index is the attribute's own, as glVertexAttribPointer uses. */
static void attrib_zero_stride(GLuint i, const struct attrib_fmt *a, GLuint buf, uint64_t off)
{
   if (a->integer)
      glVertexAttribIFormat(i, a->size, a->type, 0);
   else
      glVertexAttribFormat(i, a->size, a->type, a->normalized, 0);
   glVertexAttribBinding(i, i);
   glBindVertexBuffer(i, buf, (GLintptr)off, 0);
   glVertexBindingDivisor(i, 0);
}

static void attrib_pointer(GLuint i, const struct attrib_fmt *a, GLuint buf, uint32_t stride_bytes,
                           uint64_t off, uint32_t divisor, uint32_t start_instance)
{
   GLsizei stride = (GLsizei)stride_bytes;
   /* Without vertex buffer bindings a zero stride becomes an instanced
    * attribute no instance moves past: exact unless the draw starts at a
    * later instance. */
   if (stride == 0 && start_instance == 0)
      divisor = UINT32_MAX;
   glBindBuffer(GL_ARRAY_BUFFER, buf);
   if (a->integer)
      glVertexAttribIPointer(i, a->size, a->type, stride, (const void *)(uintptr_t)off);
   else
      glVertexAttribPointer(i, a->size, a->type, a->normalized, stride, (const void *)(uintptr_t)off);
   glVertexAttribDivisor(i, divisor);
}

/* Converted floats of one draw at most: a draw that would need more is
 * refused rather than letting a guest buffer size the host allocation. */
#define MAX_CONVERTED_BYTES (64u << 20)

/* Where one attribute's converted floats come from and go. */
struct double_attr {
   uint64_t src_off, count;    /* elements read from the guest buffer */
   uint64_t dst_off;           /* byte offset in the conversion buffer */
   uint32_t stride, comps;
   GLuint src_buf;
};

/* Elements of the attribute the draw can fetch: the vertex or instance
 * range when the draw states it, the whole buffer for indexed draws (the
 * guest's index bounds are a hint, not a promise). */
static uint64_t reachable(const struct gv_vertex_element *el, const struct gv_draw_info *info)
{
   if (el->instance_divisor)
      return (uint64_t)info->start_instance + info->instance_count / el->instance_divisor +
             (info->instance_count % el->instance_divisor != 0);
   /* Indirect draws: what the commands ask for is not known here. */
   if (info->indexed || info->indirect_res)
      return UINT64_MAX;
   return (uint64_t)info->start + info->count;
}

/* Plans attribute `el` (a 64-bit float format of `comps` channels) into
 * the conversion buffer after `*total` bytes. */
static int plan_double(const struct gv_vertex_element *el, const struct gv_buffer_binding *vb,
                       uint32_t comps, const struct gv_draw_info *info, uint64_t *total,
                       struct double_attr *da)
{
   uint64_t off = (uint64_t)vb->offset + el->src_offset;
   uint64_t n = gv_vertex_elements_in(vb->res->desc.width, off, vb->stride, comps * 8u);
   uint64_t want = reachable(el, info);
   *da = (struct double_attr){ off, n < want ? n : want, *total, vb->stride, comps, vb->res->buf };
   /* An element outside the buffer reads as zeros, as robust access would. */
   uint64_t bytes, end;
   uint64_t slots = da->count ? da->count : 1;
   if (!gv_mul_u64(slots, comps * 4u, &bytes) || !gv_add_u64(*total, bytes, &end) ||
       end > MAX_CONVERTED_BYTES) {
      gv_error("DRAW_VBO: double vertex attributes need more than %u MiB converted to floats on this "
               "host: draw refused", MAX_CONVERTED_BYTES >> 20);
      return GV_E_LIMIT;
   }
   *total = end;
   return GV_OK;
}

/* Reads one attribute's doubles from its host buffer into `dst`. */
static int convert_double(const struct double_attr *da, float *dst)
{
   if (!da->count)
      return GV_OK;
   /* (count - 1) * stride + element: inside the buffer by gv_vertex_elements_in. */
   uint64_t len = (da->count - 1) * da->stride + da->comps * 8u;
   glBindBuffer(GL_COPY_READ_BUFFER, da->src_buf);
   const uint8_t *src = glMapBufferRange(GL_COPY_READ_BUFFER, (GLintptr)da->src_off, (GLsizeiptr)len,
                                         GL_MAP_READ_BIT);
   if (!src) {
      gv_gl_check("mapping a vertex buffer for double conversion");
      gv_error("DRAW_VBO: cannot read a vertex buffer to convert its doubles");
      return GV_E_HOST;
   }
   gv_vertex_f64_to_f32(src, da->stride, da->comps, da->count, dst);
   glUnmapBuffer(GL_COPY_READ_BUFFER);
   return GV_OK;
}

/* Fills the sub-context's conversion buffer with every planned attribute. */
static int upload_doubles(struct gv_draw_state *d, const struct double_attr *da, uint32_t n, uint64_t total)
{
   float *cpu = calloc(1, total ? (size_t)total : 4);
   if (!cpu) {
      gv_error("DRAW_VBO: out of memory converting %llu bytes of vertex doubles", (unsigned long long)total);
      return GV_E_NOMEM;
   }
   int ret = GV_OK;
   for (uint32_t i = 0; i < n && ret == GV_OK; i++)
      ret = convert_double(&da[i], cpu + da[i].dst_off / sizeof(float));
   glBindBuffer(GL_COPY_READ_BUFFER, 0);
   if (ret == GV_OK) {
      if (!d->conv_buf)
         glGenBuffers(1, &d->conv_buf);
      glBindBuffer(GL_ARRAY_BUFFER, d->conv_buf);
      glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)total, cpu, GL_STREAM_DRAW);
      glBindBuffer(GL_ARRAY_BUFFER, 0);
   }
   free(cpu);
   return ret;
}

/* One attribute from buffer `buf` at `off`, Gallium's stride 0 kept. */
static void set_attrib(struct gv_context *ctx, GLuint i, const struct attrib_fmt *a, GLuint buf,
                       uint32_t stride, uint64_t off, uint32_t divisor, uint32_t start_instance)
{
   if (stride == 0 && ctx->r->api.vertex_attrib_binding)
      attrib_zero_stride(i, a, buf, off);
   else
      attrib_pointer(i, a, buf, stride, off, divisor, start_instance);
   glEnableVertexAttribArray(i);
}

int gv_gl_apply_vertex_input(struct gv_context *ctx, struct gv_draw_state *d, const struct gv_draw_info *info)
{
   static GLint max_attribs;
   if (!max_attribs)
      glGetIntegerv(GL_MAX_VERTEX_ATTRIBS, &max_attribs);
   if (d->ve.count > (uint32_t)max_attribs) {
      gv_error("DRAW_VBO: %u vertex elements, the host has %d attributes", d->ve.count, max_attribs);
      return GV_E_UNSUPPORTED;
   }
   uint32_t n = d->ve.count < GV_MAX_VERTEX_ELEMENTS ? d->ve.count : GV_MAX_VERTEX_ELEMENTS;
   struct attrib_fmt fmts[GV_MAX_VERTEX_ELEMENTS];
   struct double_attr doubles[GV_MAX_VERTEX_ELEMENTS];
   uint32_t nr_doubles = 0;
   uint64_t total = 0;
   /* Formats first, and the doubles converted, before any state changes. */
   for (uint32_t i = 0; i < n; i++) {
      const struct gv_vertex_element *el = &d->ve.el[i];
      const struct gv_buffer_binding *vb = &d->vbufs[el->buffer];
      if (!vb->res || !vb->res->buf)
         continue; /* disabled below */
      if (!vertex_format(el->format, ctx->r->api.vertex_double, &fmts[i])) {
         gv_error("DRAW_VBO: vertex format %s is not supported yet", gv_format_name(el->format));
         return GV_E_UNSUPPORTED;
      }
      if (!fmts[i].from_double)
         continue;
      int ret = plan_double(el, vb, (uint32_t)fmts[i].size, info, &total, &doubles[nr_doubles++]);
      if (ret < 0)
         return ret;
   }
   if (nr_doubles) {
      int ret = upload_doubles(d, doubles, nr_doubles, total);
      if (ret < 0)
         return ret;
   }
   if (!d->vao)
      glGenVertexArrays(1, &d->vao);
   glBindVertexArray(d->vao);
   uint32_t next_double = 0;
   for (uint32_t i = 0; i < (uint32_t)max_attribs && i < GV_MAX_VERTEX_ELEMENTS; i++) {
      const struct gv_vertex_element *el = &d->ve.el[i];
      const struct gv_buffer_binding *vb = &d->vbufs[el->buffer];
      if (i >= n || !vb->res || !vb->res->buf) {
         glDisableVertexAttribArray(i);
         continue;
      }
      struct attrib_fmt *a = &fmts[i];
      if (a->from_double) {
         const struct double_attr *da = &doubles[next_double++];
         a->type = GL_FLOAT;
         set_attrib(ctx, i, a, d->conv_buf, da->stride ? da->comps * 4u : 0, da->dst_off,
                    el->instance_divisor, info->start_instance);
      } else {
         set_attrib(ctx, i, a, vb->res->buf, vb->stride, (uint64_t)vb->offset + el->src_offset,
                    el->instance_divisor, info->start_instance);
      }
   }
   glBindBuffer(GL_ARRAY_BUFFER, 0);
   return GV_OK;
}

