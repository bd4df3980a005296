/* The format table: what each supported VIRGL_FORMAT is (format/virgl_format.h)
 * and how it is stored, uploaded and read back on a GL or GLES host
 * (gl/gl_format.h). It covers the formats Mesa 22.3 needs for GL 3.3 and
 * GLES 3.0 contexts and the common colour, depth and integer formats;
 * everything else is reported as unsupported and left out of the caps. */
#include <stdio.h>
#include <string.h>

#include "format/virgl_format.h"
#include "gl/gl_format.h"

#define U GV_CHAN_UNORM
#define S GV_CHAN_SNORM
#define UI GV_CHAN_UINT
#define SI GV_CHAN_SINT
#define F GV_CHAN_FLOAT
#define US GV_CHAN_USCALED
#define SS GV_CHAN_SSCALED
#define V GV_CHAN_VOID
#define N GV_SWZ_NONE

struct entry {
   struct gv_format_desc d;
   GLenum ifmt;            /* storage */
   GLenum fmt, type;       /* GL layout identical to guest bytes (GL host), 0 = none */
   uint8_t gl_bytes;
   uint8_t swz[4];         /* storage swizzle */
   uint16_t flags;         /* GV_GLF_* on a GL host */
   bool gles_ok;           /* same storage exists on GLES 3.0 */
   bool gles_render;
};

#define ID { 0, 1, 2, 3 }
#define RGB1 { 0, 1, 2, GV_SWZ_1 }
#define A000 { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 3 }
#define R GV_GLF_RENDERABLE
#define FR (GV_GLF_FILTERABLE | GV_GLF_READBACK)

static const struct entry table[] = {
   { { 1, "B8G8R8A8_UNORM", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, U }, { 2, 1, 0, 3 }, 0 }, GL_RGBA8, GL_BGRA, GL_UNSIGNED_BYTE, 4, ID, R | FR, true, true },
   { { 2, "B8G8R8X8_UNORM", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, V }, { 2, 1, 0, GV_SWZ_1 }, 0 }, GL_RGBA8, GL_BGRA, GL_UNSIGNED_BYTE, 4, RGB1, R | FR, true, true },
   { { 7, "B5G6R5_UNORM", 1, 1, 2, 3, { 5, 6, 5, 0 }, { U, U, U, 0 }, { 2, 1, 0, GV_SWZ_1 }, GV_FMT_PACKED }, GL_RGB565, GL_RGB, GL_UNSIGNED_SHORT_5_6_5, 2, ID, R | FR, true, true },
   { { 8, "R10G10B10A2_UNORM", 1, 1, 4, 4, { 10, 10, 10, 2 }, { U, U, U, U }, ID, GV_FMT_PACKED }, GL_RGB10_A2, GL_RGBA, GL_UNSIGNED_INT_2_10_10_10_REV, 4, ID, R | FR, true, true },
   { { 10, "A8_UNORM", 1, 1, 1, 1, { 8 }, { U }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA }, GL_R8, GL_RED, GL_UNSIGNED_BYTE, 1, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, R | FR, true, true },
   { { 9, "L8_UNORM", 1, 1, 1, 1, { 8 }, { U }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE }, GL_R8, GL_RED, GL_UNSIGNED_BYTE, 1, { 0, 0, 0, GV_SWZ_1 }, R | FR, true, true },
   { { 12, "L8A8_UNORM", 1, 1, 2, 2, { 8, 8 }, { U, U }, { 0, 0, 0, 1 }, GV_FMT_LUMINANCE }, GL_RG8, GL_RG, GL_UNSIGNED_BYTE, 2, { 0, 0, 0, 1 }, R | FR, true, true },
   { { 16, "Z16_UNORM", 1, 1, 2, 1, { 16 }, { U }, { 0, N, N, N }, GV_FMT_DEPTH }, GL_DEPTH_COMPONENT16, GL_DEPTH_COMPONENT, GL_UNSIGNED_SHORT, 2, ID, R | FR, true, true },
   { { 18, "Z32_FLOAT", 1, 1, 4, 1, { 32 }, { F }, { 0, N, N, N }, GV_FMT_DEPTH }, GL_DEPTH_COMPONENT32F, GL_DEPTH_COMPONENT, GL_FLOAT, 4, ID, R | FR, true, true },
   { { 20, "S8_UINT_Z24_UNORM", 1, 1, 4, 2, { 8, 24 }, { UI, U }, { 1, 0, N, N }, GV_FMT_DEPTH | GV_FMT_STENCIL | GV_FMT_PACKED }, GL_DEPTH24_STENCIL8, GL_DEPTH_STENCIL, GL_UNSIGNED_INT_24_8, 4, ID, R | FR, true, true },
   { { 21, "Z24X8_UNORM", 1, 1, 4, 2, { 24, 8 }, { U, V }, { 0, N, N, N }, GV_FMT_DEPTH | GV_FMT_PACKED }, GL_DEPTH_COMPONENT24, GL_DEPTH_COMPONENT, GL_UNSIGNED_INT, 4, ID, R | FR, true, true },
   { { 126, "Z32_FLOAT_S8X24_UINT", 1, 1, 8, 3, { 32, 8, 24 }, { F, UI, V }, { 0, 1, N, N }, GV_FMT_DEPTH | GV_FMT_STENCIL }, GL_DEPTH32F_STENCIL8, GL_DEPTH_STENCIL, GL_FLOAT_32_UNSIGNED_INT_24_8_REV, 8, ID, R | FR, true, true },
   { { 23, "S8_UINT", 1, 1, 1, 1, { 8 }, { UI }, { N, 0, N, N }, GV_FMT_STENCIL }, GL_STENCIL_INDEX8, GL_STENCIL_INDEX, GL_UNSIGNED_BYTE, 1, ID, R | GV_GLF_READBACK, false, false },
   { { 28, "R32_FLOAT", 1, 1, 4, 1, { 32 }, { F }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, 0 }, GL_R32F, GL_RED, GL_FLOAT, 4, ID, R | FR, true, true },
   { { 29, "R32G32_FLOAT", 1, 1, 8, 2, { 32, 32 }, { F, F }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, 0 }, GL_RG32F, GL_RG, GL_FLOAT, 8, ID, R | FR, true, true },
   { { 31, "R32G32B32A32_FLOAT", 1, 1, 16, 4, { 32, 32, 32, 32 }, { F, F, F, F }, ID, 0 }, GL_RGBA32F, GL_RGBA, GL_FLOAT, 16, ID, R | FR, true, true },
   { { 48, "R16_UNORM", 1, 1, 2, 1, { 16 }, { U }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, 0 }, GL_R16, GL_RED, GL_UNSIGNED_SHORT, 2, ID, R | FR, false, false },
   { { 49, "R16G16_UNORM", 1, 1, 4, 2, { 16, 16 }, { U, U }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, 0 }, GL_RG16, GL_RG, GL_UNSIGNED_SHORT, 4, ID, R | FR, false, false },
   { { 51, "R16G16B16A16_UNORM", 1, 1, 8, 4, { 16, 16, 16, 16 }, { U, U, U, U }, ID, 0 }, GL_RGBA16, GL_RGBA, GL_UNSIGNED_SHORT, 8, ID, R | FR, false, false },
   { { 64, "R8_UNORM", 1, 1, 1, 1, { 8 }, { U }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, 0 }, GL_R8, GL_RED, GL_UNSIGNED_BYTE, 1, ID, R | FR, true, true },
   { { 65, "R8G8_UNORM", 1, 1, 2, 2, { 8, 8 }, { U, U }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, 0 }, GL_RG8, GL_RG, GL_UNSIGNED_BYTE, 2, ID, R | FR, true, true },
   { { 67, "R8G8B8A8_UNORM", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, U }, ID, 0 }, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, 4, ID, R | FR, true, true },
   { { 134, "R8G8B8X8_UNORM", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, V }, RGB1, 0 }, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, 4, RGB1, R | FR, true, true },
   { { 74, "R8_SNORM", 1, 1, 1, 1, { 8 }, { S }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, GL_R8_SNORM, GL_RED, GL_BYTE, 1, ID, R | FR, true, false },
   { { 75, "R8G8_SNORM", 1, 1, 2, 2, { 8, 8 }, { S, S }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, GL_RG8_SNORM, GL_RG, GL_BYTE, 2, ID, R | FR, true, false },
   { { 77, "R8G8B8A8_SNORM", 1, 1, 4, 4, { 8, 8, 8, 8 }, { S, S, S, S }, ID, GV_FMT_SIGNED }, GL_RGBA8_SNORM, GL_RGBA, GL_BYTE, 4, ID, R | FR, true, false },
   { { 91, "R16_FLOAT", 1, 1, 2, 1, { 16 }, { F }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, 0 }, GL_R16F, GL_RED, GL_HALF_FLOAT, 2, ID, R | FR, true, true },
   { { 92, "R16G16_FLOAT", 1, 1, 4, 2, { 16, 16 }, { F, F }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, 0 }, GL_RG16F, GL_RG, GL_HALF_FLOAT, 4, ID, R | FR, true, true },
   { { 94, "R16G16B16A16_FLOAT", 1, 1, 8, 4, { 16, 16, 16, 16 }, { F, F, F, F }, ID, 0 }, GL_RGBA16F, GL_RGBA, GL_HALF_FLOAT, 8, ID, R | FR, true, true },
   { { 100, "B8G8R8A8_SRGB", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, U }, { 2, 1, 0, 3 }, GV_FMT_SRGB }, GL_SRGB8_ALPHA8, GL_BGRA, GL_UNSIGNED_BYTE, 4, ID, R | FR, true, true },
   { { 104, "R8G8B8A8_SRGB", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, U }, ID, GV_FMT_SRGB }, GL_SRGB8_ALPHA8, GL_RGBA, GL_UNSIGNED_BYTE, 4, ID, R | FR, true, true },
   { { 124, "R11G11B10_FLOAT", 1, 1, 4, 3, { 11, 11, 10 }, { F, F, F }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_PACKED }, GL_R11F_G11F_B10F, GL_RGB, GL_UNSIGNED_INT_10F_11F_11F_REV, 4, ID, R | FR, true, true },
   { { 125, "R9G9B9E5_FLOAT", 1, 1, 4, 4, { 9, 9, 9, 5 }, { F, F, F, F }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_PACKED }, GL_RGB9_E5, GL_RGB, GL_UNSIGNED_INT_5_9_9_9_REV, 4, ID, FR, true, false },
   { { 177, "R8_UINT", 1, 1, 1, 1, { 8 }, { UI }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER }, GL_R8UI, GL_RED_INTEGER, GL_UNSIGNED_BYTE, 1, ID, R | GV_GLF_READBACK, true, true },
   { { 178, "R8G8_UINT", 1, 1, 2, 2, { 8, 8 }, { UI, UI }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER }, GL_RG8UI, GL_RG_INTEGER, GL_UNSIGNED_BYTE, 2, ID, R | GV_GLF_READBACK, true, true },
   { { 180, "R8G8B8A8_UINT", 1, 1, 4, 4, { 8, 8, 8, 8 }, { UI, UI, UI, UI }, ID, GV_FMT_INTEGER }, GL_RGBA8UI, GL_RGBA_INTEGER, GL_UNSIGNED_BYTE, 4, ID, R | GV_GLF_READBACK, true, true },
   { { 181, "R8_SINT", 1, 1, 1, 1, { 8 }, { SI }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_R8I, GL_RED_INTEGER, GL_BYTE, 1, ID, R | GV_GLF_READBACK, true, true },
   { { 182, "R8G8_SINT", 1, 1, 2, 2, { 8, 8 }, { SI, SI }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RG8I, GL_RG_INTEGER, GL_BYTE, 2, ID, R | GV_GLF_READBACK, true, true },
   { { 184, "R8G8B8A8_SINT", 1, 1, 4, 4, { 8, 8, 8, 8 }, { SI, SI, SI, SI }, ID, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RGBA8I, GL_RGBA_INTEGER, GL_BYTE, 4, ID, R | GV_GLF_READBACK, true, true },
   { { 185, "R16_UINT", 1, 1, 2, 1, { 16 }, { UI }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER }, GL_R16UI, GL_RED_INTEGER, GL_UNSIGNED_SHORT, 2, ID, R | GV_GLF_READBACK, true, true },
   { { 186, "R16G16_UINT", 1, 1, 4, 2, { 16, 16 }, { UI, UI }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER }, GL_RG16UI, GL_RG_INTEGER, GL_UNSIGNED_SHORT, 4, ID, R | GV_GLF_READBACK, true, true },
   { { 188, "R16G16B16A16_UINT", 1, 1, 8, 4, { 16, 16, 16, 16 }, { UI, UI, UI, UI }, ID, GV_FMT_INTEGER }, GL_RGBA16UI, GL_RGBA_INTEGER, GL_UNSIGNED_SHORT, 8, ID, R | GV_GLF_READBACK, true, true },
   { { 189, "R16_SINT", 1, 1, 2, 1, { 16 }, { SI }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_R16I, GL_RED_INTEGER, GL_SHORT, 2, ID, R | GV_GLF_READBACK, true, true },
   { { 190, "R16G16_SINT", 1, 1, 4, 2, { 16, 16 }, { SI, SI }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RG16I, GL_RG_INTEGER, GL_SHORT, 4, ID, R | GV_GLF_READBACK, true, true },
   { { 192, "R16G16B16A16_SINT", 1, 1, 8, 4, { 16, 16, 16, 16 }, { SI, SI, SI, SI }, ID, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RGBA16I, GL_RGBA_INTEGER, GL_SHORT, 8, ID, R | GV_GLF_READBACK, true, true },
   { { 193, "R32_UINT", 1, 1, 4, 1, { 32 }, { UI }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER }, GL_R32UI, GL_RED_INTEGER, GL_UNSIGNED_INT, 4, ID, R | GV_GLF_READBACK, true, true },
   { { 194, "R32G32_UINT", 1, 1, 8, 2, { 32, 32 }, { UI, UI }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER }, GL_RG32UI, GL_RG_INTEGER, GL_UNSIGNED_INT, 8, ID, R | GV_GLF_READBACK, true, true },
   { { 196, "R32G32B32A32_UINT", 1, 1, 16, 4, { 32, 32, 32, 32 }, { UI, UI, UI, UI }, ID, GV_FMT_INTEGER }, GL_RGBA32UI, GL_RGBA_INTEGER, GL_UNSIGNED_INT, 16, ID, R | GV_GLF_READBACK, true, true },
   { { 197, "R32_SINT", 1, 1, 4, 1, { 32 }, { SI }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_R32I, GL_RED_INTEGER, GL_INT, 4, ID, R | GV_GLF_READBACK, true, true },
   { { 198, "R32G32_SINT", 1, 1, 8, 2, { 32, 32 }, { SI, SI }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RG32I, GL_RG_INTEGER, GL_INT, 8, ID, R | GV_GLF_READBACK, true, true },
   { { 200, "R32G32B32A32_SINT", 1, 1, 16, 4, { 32, 32, 32, 32 }, { SI, SI, SI, SI }, ID, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RGBA32I, GL_RGBA_INTEGER, GL_INT, 16, ID, R | GV_GLF_READBACK, true, true },
   { { 253, "R10G10B10A2_UINT", 1, 1, 4, 4, { 10, 10, 10, 2 }, { UI, UI, UI, UI }, ID, GV_FMT_INTEGER | GV_FMT_PACKED }, GL_RGB10_A2UI, GL_RGBA_INTEGER, GL_UNSIGNED_INT_2_10_10_10_REV, 4, ID, R | GV_GLF_READBACK, true, true },
   /* Formats the anchor also advertises (issues 4 and 5). Reversed channel
    * orders and packed BGR layouts are native upload types on GL; on GLES
    * they are repacked on the CPU (gles_repack). Luminance and X formats
    * keep the storage of their R / RGBA counterpart behind a swizzle. */
   { { 3, "A8R8G8B8_UNORM", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, U }, { 1, 2, 3, 0 }, 0 }, GL_RGBA8, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8, 4, ID, R | FR, true, true },
   { { 4, "X8R8G8B8_UNORM", 1, 1, 4, 4, { 8, 8, 8, 8 }, { V, U, U, U }, { 1, 2, 3, GV_SWZ_1 }, 0 }, GL_RGBA8, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8, 4, RGB1, R | FR, true, true },
   { { 121, "A8B8G8R8_UNORM", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, U }, { 3, 2, 1, 0 }, 0 }, GL_RGBA8, GL_RGBA, GL_UNSIGNED_INT_8_8_8_8, 4, ID, R | FR, true, true },
   { { 5, "B5G5R5A1_UNORM", 1, 1, 2, 4, { 5, 5, 5, 1 }, { U, U, U, U }, { 2, 1, 0, 3 }, GV_FMT_PACKED }, GL_RGB5_A1, GL_BGRA, GL_UNSIGNED_SHORT_1_5_5_5_REV, 2, ID, R | FR, true, true },
   { { 122, "B5G5R5X1_UNORM", 1, 1, 2, 4, { 5, 5, 5, 1 }, { U, U, U, V }, { 2, 1, 0, GV_SWZ_1 }, GV_FMT_PACKED }, GL_RGB5_A1, GL_BGRA, GL_UNSIGNED_SHORT_1_5_5_5_REV, 2, RGB1, R | FR, true, true },
   { { 6, "B4G4R4A4_UNORM", 1, 1, 2, 4, { 4, 4, 4, 4 }, { U, U, U, U }, { 2, 1, 0, 3 }, GV_FMT_PACKED }, GL_RGBA4, GL_BGRA, GL_UNSIGNED_SHORT_4_4_4_4_REV, 2, ID, R | FR, true, true },
   { { 135, "B4G4R4X4_UNORM", 1, 1, 2, 4, { 4, 4, 4, 4 }, { U, U, U, V }, { 2, 1, 0, GV_SWZ_1 }, GV_FMT_PACKED }, GL_RGBA4, GL_BGRA, GL_UNSIGNED_SHORT_4_4_4_4_REV, 2, RGB1, R | FR, true, true },
   { { 311, "A4B4G4R4_UNORM", 1, 1, 2, 4, { 4, 4, 4, 4 }, { U, U, U, U }, { 3, 2, 1, 0 }, GV_FMT_PACKED }, GL_RGBA4, GL_RGBA, GL_UNSIGNED_SHORT_4_4_4_4, 2, ID, R | FR, true, true },
   { { 139, "B2G3R3_UNORM", 1, 1, 1, 3, { 2, 3, 3 }, { U, U, U }, { 2, 1, 0, GV_SWZ_1 }, GV_FMT_PACKED }, GL_R3_G3_B2, GL_RGB, GL_UNSIGNED_BYTE_3_3_2, 1, ID, R | FR, false, false },
   { { 131, "B10G10R10A2_UNORM", 1, 1, 4, 4, { 10, 10, 10, 2 }, { U, U, U, U }, { 2, 1, 0, 3 }, GV_FMT_PACKED }, GL_RGB10_A2, GL_BGRA, GL_UNSIGNED_INT_2_10_10_10_REV, 4, ID, R | FR, true, true },
   { { 233, "B10G10R10X2_UNORM", 1, 1, 4, 4, { 10, 10, 10, 2 }, { U, U, U, V }, { 2, 1, 0, GV_SWZ_1 }, GV_FMT_PACKED }, GL_RGB10_A2, GL_BGRA, GL_UNSIGNED_INT_2_10_10_10_REV, 4, RGB1, R | FR, true, true },
   { { 308, "R10G10B10X2_UNORM", 1, 1, 4, 4, { 10, 10, 10, 2 }, { U, U, U, V }, RGB1, GV_FMT_PACKED }, GL_RGB10_A2, GL_RGBA, GL_UNSIGNED_INT_2_10_10_10_REV, 4, RGB1, R | FR, true, true },
   { { 225, "B10G10R10A2_UINT", 1, 1, 4, 4, { 10, 10, 10, 2 }, { UI, UI, UI, UI }, { 2, 1, 0, 3 }, GV_FMT_INTEGER | GV_FMT_PACKED }, GL_RGB10_A2UI, GL_BGRA_INTEGER, GL_UNSIGNED_INT_2_10_10_10_REV, 4, ID, R | GV_GLF_READBACK, true, true },
   { { 101, "B8G8R8X8_SRGB", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, V }, { 2, 1, 0, GV_SWZ_1 }, GV_FMT_SRGB }, GL_SRGB8_ALPHA8, GL_BGRA, GL_UNSIGNED_BYTE, 4, RGB1, R | FR, true, true },
   { { 229, "R8G8B8X8_SNORM", 1, 1, 4, 4, { 8, 8, 8, 8 }, { S, S, S, V }, RGB1, GV_FMT_SIGNED }, GL_RGBA8_SNORM, GL_RGBA, GL_BYTE, 4, RGB1, R | FR, true, false },
   { { 230, "R8G8B8X8_SRGB", 1, 1, 4, 4, { 8, 8, 8, 8 }, { U, U, U, V }, RGB1, GV_FMT_SRGB }, GL_SRGB8_ALPHA8, GL_RGBA, GL_UNSIGNED_BYTE, 4, RGB1, R | FR, true, true },
   { { 231, "R8G8B8X8_UINT", 1, 1, 4, 4, { 8, 8, 8, 8 }, { UI, UI, UI, V }, RGB1, GV_FMT_INTEGER }, GL_RGBA8UI, GL_RGBA_INTEGER, GL_UNSIGNED_BYTE, 4, RGB1, R | GV_GLF_READBACK, true, true },
   { { 232, "R8G8B8X8_SINT", 1, 1, 4, 4, { 8, 8, 8, 8 }, { SI, SI, SI, V }, RGB1, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RGBA8I, GL_RGBA_INTEGER, GL_BYTE, 4, RGB1, R | GV_GLF_READBACK, true, true },
   { { 234, "R16G16B16X16_UNORM", 1, 1, 8, 4, { 16, 16, 16, 16 }, { U, U, U, V }, RGB1, 0 }, GL_RGBA16, GL_RGBA, GL_UNSIGNED_SHORT, 8, RGB1, R | FR, false, false },
   { { 235, "R16G16B16X16_SNORM", 1, 1, 8, 4, { 16, 16, 16, 16 }, { S, S, S, V }, RGB1, GV_FMT_SIGNED }, GL_RGBA16_SNORM, GL_RGBA, GL_SHORT, 8, RGB1, R | FR, false, false },
   { { 236, "R16G16B16X16_FLOAT", 1, 1, 8, 4, { 16, 16, 16, 16 }, { F, F, F, V }, RGB1, 0 }, GL_RGBA16F, GL_RGBA, GL_HALF_FLOAT, 8, RGB1, R | FR, true, true },
   { { 237, "R16G16B16X16_UINT", 1, 1, 8, 4, { 16, 16, 16, 16 }, { UI, UI, UI, V }, RGB1, GV_FMT_INTEGER }, GL_RGBA16UI, GL_RGBA_INTEGER, GL_UNSIGNED_SHORT, 8, RGB1, R | GV_GLF_READBACK, true, true },
   { { 238, "R16G16B16X16_SINT", 1, 1, 8, 4, { 16, 16, 16, 16 }, { SI, SI, SI, V }, RGB1, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RGBA16I, GL_RGBA_INTEGER, GL_SHORT, 8, RGB1, R | GV_GLF_READBACK, true, true },
   { { 13, "L16_UNORM", 1, 1, 2, 1, { 16 }, { U }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE }, GL_R16, GL_RED, GL_UNSIGNED_SHORT, 2, { 0, 0, 0, GV_SWZ_1 }, R | FR, false, false },
   { { 148, "L8_SNORM", 1, 1, 1, 1, { 8 }, { S }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE | GV_FMT_SIGNED }, GL_R8_SNORM, GL_RED, GL_BYTE, 1, { 0, 0, 0, GV_SWZ_1 }, R | FR, true, false },
   { { 152, "L16_SNORM", 1, 1, 2, 1, { 16 }, { S }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE | GV_FMT_SIGNED }, GL_R16_SNORM, GL_RED, GL_SHORT, 2, { 0, 0, 0, GV_SWZ_1 }, R | FR, false, false },
   { { 156, "L16_FLOAT", 1, 1, 2, 1, { 16 }, { F }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE }, GL_R16F, GL_RED, GL_HALF_FLOAT, 2, { 0, 0, 0, GV_SWZ_1 }, R | FR, true, true },
   { { 160, "L32_FLOAT", 1, 1, 4, 1, { 32 }, { F }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE }, GL_R32F, GL_RED, GL_FLOAT, 4, { 0, 0, 0, GV_SWZ_1 }, R | FR, true, true },
   { { 203, "L8_UINT", 1, 1, 1, 1, { 8 }, { UI }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE | GV_FMT_INTEGER }, GL_R8UI, GL_RED_INTEGER, GL_UNSIGNED_BYTE, 1, { 0, 0, 0, GV_SWZ_1 }, R | GV_GLF_READBACK, true, true },
   { { 207, "L8_SINT", 1, 1, 1, 1, { 8 }, { SI }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE | GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_R8I, GL_RED_INTEGER, GL_BYTE, 1, { 0, 0, 0, GV_SWZ_1 }, R | GV_GLF_READBACK, true, true },
   { { 211, "L16_UINT", 1, 1, 2, 1, { 16 }, { UI }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE | GV_FMT_INTEGER }, GL_R16UI, GL_RED_INTEGER, GL_UNSIGNED_SHORT, 2, { 0, 0, 0, GV_SWZ_1 }, R | GV_GLF_READBACK, true, true },
   { { 215, "L16_SINT", 1, 1, 2, 1, { 16 }, { SI }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE | GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_R16I, GL_RED_INTEGER, GL_SHORT, 2, { 0, 0, 0, GV_SWZ_1 }, R | GV_GLF_READBACK, true, true },
   { { 219, "L32_UINT", 1, 1, 4, 1, { 32 }, { UI }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE | GV_FMT_INTEGER }, GL_R32UI, GL_RED_INTEGER, GL_UNSIGNED_INT, 4, { 0, 0, 0, GV_SWZ_1 }, R | GV_GLF_READBACK, true, true },
   { { 223, "L32_SINT", 1, 1, 4, 1, { 32 }, { SI }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE | GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_R32I, GL_RED_INTEGER, GL_INT, 4, { 0, 0, 0, GV_SWZ_1 }, R | GV_GLF_READBACK, true, true },
   /* sRGB with one or two channels needs EXT_texture_sRGB_R8 / _RG8
    * storage (host_has_storage); neither is colour-renderable. */
   { { 95, "L8_SRGB", 1, 1, 1, 1, { 8 }, { U }, { 0, 0, 0, GV_SWZ_1 }, GV_FMT_LUMINANCE | GV_FMT_SRGB }, GL_SR8_EXT, GL_RED, GL_UNSIGNED_BYTE, 1, { 0, 0, 0, GV_SWZ_1 }, FR, true, false },
   { { 312, "R8_SRGB", 1, 1, 1, 1, { 8 }, { U }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SRGB }, GL_SR8_EXT, GL_RED, GL_UNSIGNED_BYTE, 1, ID, FR, true, false },
   { { 313, "R8G8_SRGB", 1, 1, 2, 2, { 8, 8 }, { U, U }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SRGB }, GL_SRG8_EXT, GL_RG, GL_UNSIGNED_BYTE, 2, ID, FR, true, false },
   /* Alpha formats wider than A8 live in RGBA storage of their channel
    * type, the value in A (attach_converters widens and narrows it), so
    * that rendering writes alpha where samplers read it; RGB reads 0. */
   { { 141, "A16_UNORM", 1, 1, 2, 1, { 16 }, { U }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA }, GL_RGBA16, GL_RGBA, GL_UNSIGNED_SHORT, 8, A000, R | FR, false, false },
   { { 155, "A16_FLOAT", 1, 1, 2, 1, { 16 }, { F }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA }, GL_RGBA16F, GL_RGBA, GL_HALF_FLOAT, 8, A000, R | FR, true, true },
   { { 159, "A32_FLOAT", 1, 1, 4, 1, { 32 }, { F }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA }, GL_RGBA32F, GL_RGBA, GL_FLOAT, 16, A000, R | FR, true, true },
   { { 201, "A8_UINT", 1, 1, 1, 1, { 8 }, { UI }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA | GV_FMT_INTEGER }, GL_RGBA8UI, GL_RGBA_INTEGER, GL_UNSIGNED_BYTE, 4, A000, R | GV_GLF_READBACK, true, true },
   { { 205, "A8_SINT", 1, 1, 1, 1, { 8 }, { SI }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA | GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RGBA8I, GL_RGBA_INTEGER, GL_BYTE, 4, A000, R | GV_GLF_READBACK, true, true },
   { { 209, "A16_UINT", 1, 1, 2, 1, { 16 }, { UI }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA | GV_FMT_INTEGER }, GL_RGBA16UI, GL_RGBA_INTEGER, GL_UNSIGNED_SHORT, 8, A000, R | GV_GLF_READBACK, true, true },
   { { 213, "A16_SINT", 1, 1, 2, 1, { 16 }, { SI }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA | GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RGBA16I, GL_RGBA_INTEGER, GL_SHORT, 8, A000, R | GV_GLF_READBACK, true, true },
   { { 217, "A32_UINT", 1, 1, 4, 1, { 32 }, { UI }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA | GV_FMT_INTEGER }, GL_RGBA32UI, GL_RGBA_INTEGER, GL_UNSIGNED_INT, 16, A000, R | GV_GLF_READBACK, true, true },
   { { 221, "A32_SINT", 1, 1, 4, 1, { 32 }, { SI }, { GV_SWZ_0, GV_SWZ_0, GV_SWZ_0, 0 }, GV_FMT_ALPHA | GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RGBA32I, GL_RGBA_INTEGER, GL_INT, 16, A000, R | GV_GLF_READBACK, true, true },
   /* Depth as 32-bit unorm: DEPTH_COMPONENT32 is desktop GL only. */
   { { 17, "Z32_UNORM", 1, 1, 4, 1, { 32 }, { U }, { 0, N, N, N }, GV_FMT_DEPTH }, GL_DEPTH_COMPONENT32, GL_DEPTH_COMPONENT, GL_UNSIGNED_INT, 4, ID, R | FR, false, false },
   /* Compressed: the upload "format" is the compressed internal format
    * (glCompressedTexSubImage), gl_bytes the block size. Each family needs
    * its host extension (host_has_storage); readback only through
    * glGetCompressedTextureSubImage (GL), never on GLES. */
   { { 105, "DXT1_RGB", 4, 4, 8, 3, { 0 }, { U, U, U }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_COMPRESSED }, GL_COMPRESSED_RGB_S3TC_DXT1_EXT, GL_COMPRESSED_RGB_S3TC_DXT1_EXT, 0, 8, ID, FR, true, false },
   { { 106, "DXT1_RGBA", 4, 4, 8, 4, { 0 }, { U, U, U, U }, ID, GV_FMT_COMPRESSED }, GL_COMPRESSED_RGBA_S3TC_DXT1_EXT, GL_COMPRESSED_RGBA_S3TC_DXT1_EXT, 0, 8, ID, FR, true, false },
   { { 107, "DXT3_RGBA", 4, 4, 16, 4, { 0 }, { U, U, U, U }, ID, GV_FMT_COMPRESSED }, GL_COMPRESSED_RGBA_S3TC_DXT3_EXT, GL_COMPRESSED_RGBA_S3TC_DXT3_EXT, 0, 16, ID, FR, true, false },
   { { 108, "DXT5_RGBA", 4, 4, 16, 4, { 0 }, { U, U, U, U }, ID, GV_FMT_COMPRESSED }, GL_COMPRESSED_RGBA_S3TC_DXT5_EXT, GL_COMPRESSED_RGBA_S3TC_DXT5_EXT, 0, 16, ID, FR, true, false },
   { { 109, "DXT1_SRGB", 4, 4, 8, 3, { 0 }, { U, U, U }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_COMPRESSED | GV_FMT_SRGB }, GL_COMPRESSED_SRGB_S3TC_DXT1_EXT, GL_COMPRESSED_SRGB_S3TC_DXT1_EXT, 0, 8, ID, FR, true, false },
   { { 110, "DXT1_SRGBA", 4, 4, 8, 4, { 0 }, { U, U, U, U }, ID, GV_FMT_COMPRESSED | GV_FMT_SRGB }, GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT1_EXT, GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT1_EXT, 0, 8, ID, FR, true, false },
   { { 111, "DXT3_SRGBA", 4, 4, 16, 4, { 0 }, { U, U, U, U }, ID, GV_FMT_COMPRESSED | GV_FMT_SRGB }, GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT3_EXT, GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT3_EXT, 0, 16, ID, FR, true, false },
   { { 112, "DXT5_SRGBA", 4, 4, 16, 4, { 0 }, { U, U, U, U }, ID, GV_FMT_COMPRESSED | GV_FMT_SRGB }, GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT5_EXT, GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT5_EXT, 0, 16, ID, FR, true, false },
   { { 113, "RGTC1_UNORM", 4, 4, 8, 1, { 0 }, { U }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_COMPRESSED }, GL_COMPRESSED_RED_RGTC1, GL_COMPRESSED_RED_RGTC1, 0, 8, ID, FR, true, false },
   { { 114, "RGTC1_SNORM", 4, 4, 8, 1, { 0 }, { S }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_COMPRESSED | GV_FMT_SIGNED }, GL_COMPRESSED_SIGNED_RED_RGTC1, GL_COMPRESSED_SIGNED_RED_RGTC1, 0, 8, ID, FR, true, false },
   { { 115, "RGTC2_UNORM", 4, 4, 16, 2, { 0 }, { U, U }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_COMPRESSED }, GL_COMPRESSED_RG_RGTC2, GL_COMPRESSED_RG_RGTC2, 0, 16, ID, FR, true, false },
   { { 116, "RGTC2_SNORM", 4, 4, 16, 2, { 0 }, { S, S }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_COMPRESSED | GV_FMT_SIGNED }, GL_COMPRESSED_SIGNED_RG_RGTC2, GL_COMPRESSED_SIGNED_RG_RGTC2, 0, 16, ID, FR, true, false },
   { { 255, "BPTC_RGBA_UNORM", 4, 4, 16, 4, { 0 }, { U, U, U, U }, ID, GV_FMT_COMPRESSED }, GL_COMPRESSED_RGBA_BPTC_UNORM, GL_COMPRESSED_RGBA_BPTC_UNORM, 0, 16, ID, FR, true, false },
   { { 256, "BPTC_SRGBA", 4, 4, 16, 4, { 0 }, { U, U, U, U }, ID, GV_FMT_COMPRESSED | GV_FMT_SRGB }, GL_COMPRESSED_SRGB_ALPHA_BPTC_UNORM, GL_COMPRESSED_SRGB_ALPHA_BPTC_UNORM, 0, 16, ID, FR, true, false },
   { { 257, "BPTC_RGB_FLOAT", 4, 4, 16, 3, { 0 }, { F, F, F }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_COMPRESSED | GV_FMT_SIGNED }, GL_COMPRESSED_RGB_BPTC_SIGNED_FLOAT, GL_COMPRESSED_RGB_BPTC_SIGNED_FLOAT, 0, 16, ID, FR, true, false },
   { { 258, "BPTC_RGB_UFLOAT", 4, 4, 16, 3, { 0 }, { F, F, F }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_COMPRESSED }, GL_COMPRESSED_RGB_BPTC_UNSIGNED_FLOAT, GL_COMPRESSED_RGB_BPTC_UNSIGNED_FLOAT, 0, 16, ID, FR, true, false },
   /* Three-channel 32-bit formats: Mesa samples them from buffers only
    * (ARB_texture_buffer_object_rgb32); GL stores them as RGB32F/UI/I
    * since 4.0 (host_has_storage), GLES as buffer texture formats of ES 3.2
    * / OES_texture_buffer (stored, never rendered or read back). */
   { { 30, "R32G32B32_FLOAT", 1, 1, 12, 3, { 32, 32, 32 }, { F, F, F }, { 0, 1, 2, GV_SWZ_1 }, 0 }, GL_RGB32F, GL_RGB, GL_FLOAT, 12, ID, FR, true, false },
   { { 195, "R32G32B32_UINT", 1, 1, 12, 3, { 32, 32, 32 }, { UI, UI, UI }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_INTEGER }, GL_RGB32UI, GL_RGB_INTEGER, GL_UNSIGNED_INT, 12, ID, GV_GLF_READBACK, true, false },
   { { 199, "R32G32B32_SINT", 1, 1, 12, 3, { 32, 32, 32 }, { SI, SI, SI }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_INTEGER | GV_FMT_SIGNED }, GL_RGB32I, GL_RGB_INTEGER, GL_INT, 12, ID, GV_GLF_READBACK, true, false },
   /* Vertex-only formats: described for vertex elements, not stored as
    * textures (internal format 0). */
   { { 24, "R64_FLOAT", 1, 1, 8, 1, { 64 }, { F }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 25, "R64G64_FLOAT", 1, 1, 16, 2, { 64, 64 }, { F, F }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 26, "R64G64B64_FLOAT", 1, 1, 24, 3, { 64, 64, 64 }, { F, F, F }, { 0, 1, 2, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 27, "R64G64B64A64_FLOAT", 1, 1, 32, 4, { 64, 64, 64, 64 }, { F, F, F, F }, ID, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 32, "R32_UNORM", 1, 1, 4, 1, { 32 }, { U }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 33, "R32G32_UNORM", 1, 1, 8, 2, { 32, 32 }, { U, U }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 34, "R32G32B32_UNORM", 1, 1, 12, 3, { 32, 32, 32 }, { U, U, U }, { 0, 1, 2, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 35, "R32G32B32A32_UNORM", 1, 1, 16, 4, { 32, 32, 32, 32 }, { U, U, U, U }, { 0, 1, 2, 3 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 36, "R32_USCALED", 1, 1, 4, 1, { 32 }, { US }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 37, "R32G32_USCALED", 1, 1, 8, 2, { 32, 32 }, { US, US }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 38, "R32G32B32_USCALED", 1, 1, 12, 3, { 32, 32, 32 }, { US, US, US }, { 0, 1, 2, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 39, "R32G32B32A32_USCALED", 1, 1, 16, 4, { 32, 32, 32, 32 }, { US, US, US, US }, { 0, 1, 2, 3 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 40, "R32_SNORM", 1, 1, 4, 1, { 32 }, { S }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 41, "R32G32_SNORM", 1, 1, 8, 2, { 32, 32 }, { S, S }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 42, "R32G32B32_SNORM", 1, 1, 12, 3, { 32, 32, 32 }, { S, S, S }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 43, "R32G32B32A32_SNORM", 1, 1, 16, 4, { 32, 32, 32, 32 }, { S, S, S, S }, { 0, 1, 2, 3 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 44, "R32_SSCALED", 1, 1, 4, 1, { 32 }, { SS }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 45, "R32G32_SSCALED", 1, 1, 8, 2, { 32, 32 }, { SS, SS }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 46, "R32G32B32_SSCALED", 1, 1, 12, 3, { 32, 32, 32 }, { SS, SS, SS }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 47, "R32G32B32A32_SSCALED", 1, 1, 16, 4, { 32, 32, 32, 32 }, { SS, SS, SS, SS }, { 0, 1, 2, 3 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 50, "R16G16B16_UNORM", 1, 1, 6, 3, { 16, 16, 16 }, { U, U, U }, { 0, 1, 2, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 52, "R16_USCALED", 1, 1, 2, 1, { 16 }, { US }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 53, "R16G16_USCALED", 1, 1, 4, 2, { 16, 16 }, { US, US }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 54, "R16G16B16_USCALED", 1, 1, 6, 3, { 16, 16, 16 }, { US, US, US }, { 0, 1, 2, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 55, "R16G16B16A16_USCALED", 1, 1, 8, 4, { 16, 16, 16, 16 }, { US, US, US, US }, { 0, 1, 2, 3 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 56, "R16_SNORM", 1, 1, 2, 1, { 16 }, { S }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, GL_R16_SNORM, GL_RED, GL_SHORT, 2, ID, R | FR, false, false },
   { { 57, "R16G16_SNORM", 1, 1, 4, 2, { 16, 16 }, { S, S }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, GL_RG16_SNORM, GL_RG, GL_SHORT, 4, ID, R | FR, false, false },
   { { 58, "R16G16B16_SNORM", 1, 1, 6, 3, { 16, 16, 16 }, { S, S, S }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 59, "R16G16B16A16_SNORM", 1, 1, 8, 4, { 16, 16, 16, 16 }, { S, S, S, S }, { 0, 1, 2, 3 }, GV_FMT_SIGNED }, GL_RGBA16_SNORM, GL_RGBA, GL_SHORT, 8, ID, R | FR, false, false },
   { { 60, "R16_SSCALED", 1, 1, 2, 1, { 16 }, { SS }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 61, "R16G16_SSCALED", 1, 1, 4, 2, { 16, 16 }, { SS, SS }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 62, "R16G16B16_SSCALED", 1, 1, 6, 3, { 16, 16, 16 }, { SS, SS, SS }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 63, "R16G16B16A16_SSCALED", 1, 1, 8, 4, { 16, 16, 16, 16 }, { SS, SS, SS, SS }, { 0, 1, 2, 3 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 66, "R8G8B8_UNORM", 1, 1, 3, 3, { 8, 8, 8 }, { U, U, U }, { 0, 1, 2, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 69, "R8_USCALED", 1, 1, 1, 1, { 8 }, { US }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 70, "R8G8_USCALED", 1, 1, 2, 2, { 8, 8 }, { US, US }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 71, "R8G8B8_USCALED", 1, 1, 3, 3, { 8, 8, 8 }, { US, US, US }, { 0, 1, 2, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 72, "R8G8B8A8_USCALED", 1, 1, 4, 4, { 8, 8, 8, 8 }, { US, US, US, US }, { 0, 1, 2, 3 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 76, "R8G8B8_SNORM", 1, 1, 3, 3, { 8, 8, 8 }, { S, S, S }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 82, "R8_SSCALED", 1, 1, 1, 1, { 8 }, { SS }, { 0, GV_SWZ_0, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 83, "R8G8_SSCALED", 1, 1, 2, 2, { 8, 8 }, { SS, SS }, { 0, 1, GV_SWZ_0, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 84, "R8G8B8_SSCALED", 1, 1, 3, 3, { 8, 8, 8 }, { SS, SS, SS }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 85, "R8G8B8A8_SSCALED", 1, 1, 4, 4, { 8, 8, 8, 8 }, { SS, SS, SS, SS }, { 0, 1, 2, 3 }, GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 93, "R16G16B16_FLOAT", 1, 1, 6, 3, { 16, 16, 16 }, { F, F, F }, { 0, 1, 2, GV_SWZ_1 }, 0 }, 0, 0, 0, 0, ID, 0, true, false },
   { { 179, "R8G8B8_UINT", 1, 1, 3, 3, { 8, 8, 8 }, { UI, UI, UI }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_INTEGER }, 0, 0, 0, 0, ID, 0, true, false },
   { { 183, "R8G8B8_SINT", 1, 1, 3, 3, { 8, 8, 8 }, { SI, SI, SI }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_INTEGER | GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 187, "R16G16B16_UINT", 1, 1, 6, 3, { 16, 16, 16 }, { UI, UI, UI }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_INTEGER }, 0, 0, 0, 0, ID, 0, true, false },
   { { 191, "R16G16B16_SINT", 1, 1, 6, 3, { 16, 16, 16 }, { SI, SI, SI }, { 0, 1, 2, GV_SWZ_1 }, GV_FMT_INTEGER | GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   /* Packed 2_10_10_10 vertex-only formats (ARB_vertex_type_2_10_10_10_rev):
    * glVertexAttribPointer takes them as GL_(UNSIGNED_)INT_2_10_10_10_REV, BGRA
    * order as size GL_BGRA. No texture storage. */
   { { 123, "R10G10B10A2_USCALED", 1, 1, 4, 4, { 10, 10, 10, 2 }, { US, US, US, US }, ID, GV_FMT_PACKED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 172, "R10G10B10A2_SSCALED", 1, 1, 4, 4, { 10, 10, 10, 2 }, { SS, SS, SS, SS }, ID, GV_FMT_PACKED | GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 173, "R10G10B10A2_SNORM", 1, 1, 4, 4, { 10, 10, 10, 2 }, { S, S, S, S }, ID, GV_FMT_PACKED | GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   { { 176, "B10G10R10A2_SNORM", 1, 1, 4, 4, { 10, 10, 10, 2 }, { S, S, S, S }, { 2, 1, 0, 3 }, GV_FMT_PACKED | GV_FMT_SIGNED }, 0, 0, 0, 0, ID, 0, true, false },
   /* Stencil-only views of depth/stencil resources (ARB_stencil_texturing:
    * Mesa needs one of X24S8 / S8X24 as a sampler format). Same storage as
    * the resource; the view selects GL_DEPTH_STENCIL_TEXTURE_MODE =
    * GL_STENCIL_INDEX (gl_draw.c). Not renderable, not read back. */
   { { 137, "S8X24_UINT", 1, 1, 4, 2, { 8, 24 }, { UI, V }, { N, 0, N, N }, GV_FMT_STENCIL | GV_FMT_PACKED }, GL_DEPTH24_STENCIL8, GL_DEPTH_STENCIL, GL_UNSIGNED_INT_24_8, 4, ID, GV_GLF_STENCIL_VIEW, true, false },
   { { 138, "X32_S8X24_UINT", 1, 1, 8, 3, { 32, 8, 24 }, { V, UI, V }, { N, 1, N, N }, GV_FMT_STENCIL }, GL_DEPTH32F_STENCIL8, GL_DEPTH_STENCIL, GL_FLOAT_32_UNSIGNED_INT_24_8_REV, 8, ID, GV_GLF_STENCIL_VIEW, true, false },
};

/* GLES reads colour only as 4-component canonical data; these keep the
 * first N components and narrow each to the guest's element size. */
#define TAKE(NAME, SRC_T, DST_T, N)                                        \
   static void NAME(const void *src, void *dst, uint32_t n)                \
   {                                                                       \
      const SRC_T *s = src;                                                \
      DST_T *d = dst;                                                      \
      for (uint32_t i = 0; i < n; i++)                                     \
         for (uint32_t c = 0; c < (N); c++)                                \
            d[i * (N) + c] = (DST_T)s[i * 4 + c];                          \
   }
TAKE(take1_u8_from_u8, uint8_t, uint8_t, 1)
TAKE(take2_u8_from_u8, uint8_t, uint8_t, 2)
TAKE(take1_u16_from_u16, uint16_t, uint16_t, 1)
TAKE(take2_u16_from_u16, uint16_t, uint16_t, 2)
TAKE(take1_f32, float, float, 1)
TAKE(take2_f32, float, float, 2)
TAKE(take1_u32_8, uint32_t, uint8_t, 1)
TAKE(take2_u32_8, uint32_t, uint8_t, 2)
TAKE(take4_u32_8, uint32_t, uint8_t, 4)
TAKE(take1_u32_16, uint32_t, uint16_t, 1)
TAKE(take2_u32_16, uint32_t, uint16_t, 2)
TAKE(take4_u32_16, uint32_t, uint16_t, 4)
TAKE(take1_u32_32, uint32_t, uint32_t, 1)
TAKE(take2_u32_32, uint32_t, uint32_t, 2)

/* BGRA guest bytes <-> RGBA GL bytes: the same swap both ways. */
static void swap_rb(const void *src, void *dst, uint32_t n)
{
   const uint8_t *s = src;
   uint8_t *d = dst;
   for (uint32_t i = 0; i < n; i++) {
      d[i * 4 + 0] = s[i * 4 + 2];
      d[i * 4 + 1] = s[i * 4 + 1];
      d[i * 4 + 2] = s[i * 4 + 0];
      d[i * 4 + 3] = s[i * 4 + 3];
   }
}

static bool gles_readback(const struct entry *e, struct gv_gl_pixel_path *p)
{
   const struct gv_format_desc *d = &e->d;
   unsigned n = d->nr_channels, bytes = d->block_bytes / (n ? n : 1);
   if ((d->flags & GV_FMT_INTEGER) && !(d->flags & GV_FMT_PACKED)) {
      static const gv_pixel_convert_fn fns[3][5] = {
         { NULL, take1_u32_8, take2_u32_8, NULL, take4_u32_8 },
         { NULL, take1_u32_16, take2_u32_16, NULL, take4_u32_16 },
         { NULL, take1_u32_32, take2_u32_32, NULL, NULL },
      };
      int row = bytes == 1 ? 0 : bytes == 2 ? 1 : 2;
      *p = (struct gv_gl_pixel_path){ GL_RGBA_INTEGER, (d->flags & GV_FMT_SIGNED) ? GL_INT : GL_UNSIGNED_INT,
                                      16, n <= 4 ? fns[row][n] : NULL };
      return n == 4 && bytes == 4 ? true : p->convert != NULL;
   }
   if (d->type[0] == GV_CHAN_UNORM && bytes == 1 && n <= 2) {
      *p = (struct gv_gl_pixel_path){ GL_RGBA, GL_UNSIGNED_BYTE, 4, n == 1 ? take1_u8_from_u8 : take2_u8_from_u8 };
      return true;
   }
   /* EXT_texture_norm16 reads 16-bit unorm as RGBA/UNSIGNED_SHORT and
    * EXT_render_snorm reads snorm as RGBA/BYTE or RGBA/SHORT; the caller
    * only gets here for formats those extensions made renderable. The
    * copies narrow whole elements, so one function serves both signs. */
   bool unorm16 = d->type[0] == GV_CHAN_UNORM && bytes == 2;
   bool snorm = d->type[0] == GV_CHAN_SNORM && (bytes == 1 || bytes == 2);
   if ((unorm16 || snorm) && n != 3) {
      static const gv_pixel_convert_fn by_bytes[2][3] = {
         { NULL, take1_u8_from_u8, take2_u8_from_u8 },
         { NULL, take1_u16_from_u16, take2_u16_from_u16 },
      };
      GLenum type = unorm16 ? GL_UNSIGNED_SHORT : bytes == 1 ? GL_BYTE : GL_SHORT;
      *p = (struct gv_gl_pixel_path){ GL_RGBA, type, (uint8_t)(4 * bytes), n < 3 ? by_bytes[bytes - 1][n] : NULL };
      return true;
   }
   if (d->type[0] == GV_CHAN_FLOAT && bytes == 4 && n <= 2 && !(d->flags & GV_FMT_DEPTH)) {
      *p = (struct gv_gl_pixel_path){ GL_RGBA, GL_FLOAT, 16, n == 1 ? take1_f32 : take2_f32 };
      return true;
   }
   return false;
}

/* Z24X8 keeps depth in the low 24 bits of a word, a layout GL has no
 * upload type for: the words go through GL_UNSIGNED_INT, depth in the top
 * 24 bits and its top byte repeated below, so that the 32-bit fraction
 * rounds back to the same 24-bit value. */
static void z24x8_to_u32(const void *src, void *dst, uint32_t n)
{
   const uint32_t *s = src;
   uint32_t *d = dst;
   for (uint32_t i = 0; i < n; i++) {
      uint32_t z = s[i] & 0xffffffu;
      d[i] = z << 8 | z >> 16;
   }
}

static void u32_to_z24x8(const void *src, void *dst, uint32_t n)
{
   const uint32_t *s = src;
   uint32_t *d = dst;
   for (uint32_t i = 0; i < n; i++)
      d[i] = s[i] >> 8;
}

/* Alpha formats in RGBA storage: one guest element travels in the fourth
 * slot of a GL pixel, the other three are 0 (the storage swizzle hides them). */
#define WIDEN_A(NAME, T)                                                   \
   static void NAME(const void *src, void *dst, uint32_t n)                \
   {                                                                       \
      const T *s = src;                                                    \
      T *d = dst;                                                          \
      for (uint32_t i = 0; i < n; i++) {                                   \
         d[i * 4 + 0] = d[i * 4 + 1] = d[i * 4 + 2] = 0;                   \
         d[i * 4 + 3] = s[i];                                              \
      }                                                                    \
   }
#define TAKE_A(NAME, SRC_T, DST_T)                                         \
   static void NAME(const void *src, void *dst, uint32_t n)                \
   {                                                                       \
      const SRC_T *s = src;                                                \
      DST_T *d = dst;                                                      \
      for (uint32_t i = 0; i < n; i++)                                     \
         d[i] = (DST_T)s[i * 4 + 3];                                       \
   }
WIDEN_A(widen_a8, uint8_t)
WIDEN_A(widen_a16, uint16_t)
WIDEN_A(widen_a32, uint32_t)
TAKE_A(take_a8, uint8_t, uint8_t)
TAKE_A(take_a16, uint16_t, uint16_t)
TAKE_A(take_a32, uint32_t, uint32_t)
TAKE_A(take_a_u32_8, uint32_t, uint8_t)
TAKE_A(take_a_u32_16, uint32_t, uint16_t)

/* A8 keeps its R8 storage; wider alpha formats are stored as RGBA. */
static bool alpha_in_rgba(const struct entry *e)
{
   return (e->d.flags & GV_FMT_ALPHA) && e->gl_bytes == 4 * e->d.block_bytes;
}

static void attach_alpha(const struct entry *e, struct gv_gl_format *g)
{
   static const gv_pixel_convert_fn widen[5] = { NULL, widen_a8, widen_a16, NULL, widen_a32 };
   static const gv_pixel_convert_fn take[5] = { NULL, take_a8, take_a16, NULL, take_a32 };
   g->upload.convert = widen[e->d.block_bytes];
   g->readback.convert = take[e->d.block_bytes];
   g->flags |= GV_GLF_EMULATED;
}

/* Formats whose guest words differ from the GL upload type. */
static void attach_converters(const struct entry *e, struct gv_gl_format *g)
{
   if (e->d.id == 21) {
      g->upload.convert = z24x8_to_u32;
      g->readback.convert = u32_to_z24x8;
      g->flags |= GV_GLF_EMULATED;
   } else if (alpha_in_rgba(e)) {
      attach_alpha(e, g);
   }
}

/* GLES has no BGRA, reversed or 1_5_5_5_REV / 4_4_4_4_REV upload types: the
 * guest's layout is rewritten into one it takes. Reads come as RGBA bytes
 * (the one layout GLES always gives for these) and are packed again; n-bit
 * channels come back exactly, since GL expanded them to 8 bits by rounding
 * and q() rounds back to the nearest n-bit value. */
#define PERMUTE4(NAME, A, B, C, D)                                         \
   static void NAME(const void *src, void *dst, uint32_t n)                \
   {                                                                       \
      const uint8_t *s = src;                                              \
      uint8_t *d = dst;                                                    \
      for (uint32_t i = 0; i < n; i++) {                                   \
         d[i * 4 + 0] = s[i * 4 + (A)];                                    \
         d[i * 4 + 1] = s[i * 4 + (B)];                                    \
         d[i * 4 + 2] = s[i * 4 + (C)];                                    \
         d[i * 4 + 3] = s[i * 4 + (D)];                                    \
      }                                                                    \
   }
PERMUTE4(argb_to_rgba, 1, 2, 3, 0)
PERMUTE4(rgba_to_argb, 3, 0, 1, 2)
PERMUTE4(reverse4, 3, 2, 1, 0)

static void bgr5a1_to_rgb5a1(const void *src, void *dst, uint32_t n)
{
   const uint16_t *s = src;
   uint16_t *d = dst;
   for (uint32_t i = 0; i < n; i++) {
      unsigned w = s[i], b = w & 31, g = (w >> 5) & 31, r = (w >> 10) & 31, a = w >> 15;
      d[i] = (uint16_t)(r << 11 | g << 6 | b << 1 | a);
   }
}

static void bgra4_to_rgba4(const void *src, void *dst, uint32_t n)
{
   const uint16_t *s = src;
   uint16_t *d = dst;
   for (uint32_t i = 0; i < n; i++) {
      unsigned w = s[i], b = w & 15, g = (w >> 4) & 15, r = (w >> 8) & 15, a = w >> 12;
      d[i] = (uint16_t)(r << 12 | g << 8 | b << 4 | a);
   }
}

/* An 8-bit value to the nearest of `max` + 1 levels. */
static unsigned q(unsigned v, unsigned max)
{
   return (v * max + 127) / 255;
}

static void rgba8_to_bgr5a1(const void *src, void *dst, uint32_t n)
{
   const uint8_t *s = src;
   uint16_t *d = dst;
   for (uint32_t i = 0; i < n; i++) {
      const uint8_t *p = s + i * 4;
      d[i] = (uint16_t)(q(p[2], 31) | q(p[1], 31) << 5 | q(p[0], 31) << 10 | q(p[3], 1) << 15);
   }
}

static void rgba8_to_bgra4(const void *src, void *dst, uint32_t n)
{
   const uint8_t *s = src;
   uint16_t *d = dst;
   for (uint32_t i = 0; i < n; i++) {
      const uint8_t *p = s + i * 4;
      d[i] = (uint16_t)(q(p[2], 15) | q(p[1], 15) << 4 | q(p[0], 15) << 8 | q(p[3], 15) << 12);
   }
}

static void rgba8_to_abgr4(const void *src, void *dst, uint32_t n)
{
   const uint8_t *s = src;
   uint16_t *d = dst;
   for (uint32_t i = 0; i < n; i++) {
      const uint8_t *p = s + i * 4;
      d[i] = (uint16_t)(q(p[3], 15) | q(p[2], 15) << 4 | q(p[1], 15) << 8 | q(p[0], 15) << 12);
   }
}

/* B10G10R10A2 <-> R10G10B10A2: swaps the low and the third 10-bit field. */
static void swap_rb10(const void *src, void *dst, uint32_t n)
{
   const uint32_t *s = src;
   uint32_t *d = dst;
   for (uint32_t i = 0; i < n; i++)
      d[i] = (s[i] & 0xc00ffc00u) | (s[i] & 0x3ffu) << 20 | (s[i] >> 20 & 0x3ffu);
}

/* The GLES upload and readback of the layouts above; false for formats
 * that need none. A readback format of 0 means none. */
static bool gles_repack(uint32_t id, struct gv_gl_format *g)
{
   const struct gv_gl_pixel_path rgba8 = { GL_RGBA, GL_UNSIGNED_BYTE, 4, NULL };
   struct gv_gl_pixel_path up = g->upload, rb = rgba8;
   switch (id) {
   case 3: case 4:
      up = (struct gv_gl_pixel_path){ GL_RGBA, GL_UNSIGNED_BYTE, 4, argb_to_rgba };
      rb.convert = rgba_to_argb;
      break;
   case 121:
      up = (struct gv_gl_pixel_path){ GL_RGBA, GL_UNSIGNED_BYTE, 4, reverse4 };
      rb.convert = reverse4;
      break;
   case 5: case 122:
      up = (struct gv_gl_pixel_path){ GL_RGBA, GL_UNSIGNED_SHORT_5_5_5_1, 2, bgr5a1_to_rgb5a1 };
      rb.convert = rgba8_to_bgr5a1;
      break;
   case 6: case 135:
      up = (struct gv_gl_pixel_path){ GL_RGBA, GL_UNSIGNED_SHORT_4_4_4_4, 2, bgra4_to_rgba4 };
      rb.convert = rgba8_to_bgra4;
      break;
   case 311: /* uploads as is (RGBA / 4_4_4_4 is its layout) */
      rb.convert = rgba8_to_abgr4;
      break;
   case 131: case 233: case 225:
      up.format = id == 225 ? GL_RGBA_INTEGER : GL_RGBA;
      up.convert = swap_rb10;
      rb = up;
      break;
   default:
      return false;
   }
   g->upload = up;
   g->readback = rb;
   g->flags |= GV_GLF_EMULATED;
   return true;
}

/* GLES reads RGBA storage of 8/16-bit integers only as 32-bit integers and
 * 16-bit floats not at all; the rest reads as on GL. */
static bool gles_alpha_readback(const struct entry *e, struct gv_gl_pixel_path *p)
{
   const struct gv_format_desc *d = &e->d;
   if (d->type[0] == GV_CHAN_FLOAT)
      return d->block_bytes == 4;
   if ((d->flags & GV_FMT_INTEGER) && d->block_bytes < 4) {
      GLenum type = (d->flags & GV_FMT_SIGNED) ? GL_INT : GL_UNSIGNED_INT;
      *p = (struct gv_gl_pixel_path){ GL_RGBA_INTEGER, type, 16,
                                      d->block_bytes == 1 ? take_a_u32_8 : take_a_u32_16 };
   }
   return true;
}

/* Storage that needs a host extension beyond the API version. */
static bool host_has_storage(GLenum ifmt, const struct gv_hostapi *api)
{
   switch (ifmt) {
   case GL_COMPRESSED_RGB_S3TC_DXT1_EXT: case GL_COMPRESSED_RGBA_S3TC_DXT1_EXT:
   case GL_COMPRESSED_RGBA_S3TC_DXT3_EXT: case GL_COMPRESSED_RGBA_S3TC_DXT5_EXT:
   case GL_COMPRESSED_SRGB_S3TC_DXT1_EXT: case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT1_EXT:
   case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT3_EXT: case GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT5_EXT:
      /* Not offered yet (api->s3tc, api->s3tc_srgb say what the host has):
       * Mesa reads DXT1_SRGB back by blitting a linear DXT1 view of it, and
       * that blit decodes sRGB once too often (piglit getteximage-formats).
       * Without S3TC in the caps the guest decompresses on its side. */
      return false;
   case GL_COMPRESSED_RED_RGTC1: case GL_COMPRESSED_SIGNED_RED_RGTC1:
   case GL_COMPRESSED_RG_RGTC2: case GL_COMPRESSED_SIGNED_RG_RGTC2:
      return api->rgtc;
   case GL_COMPRESSED_RGBA_BPTC_UNORM: case GL_COMPRESSED_SRGB_ALPHA_BPTC_UNORM:
   case GL_COMPRESSED_RGB_BPTC_SIGNED_FLOAT: case GL_COMPRESSED_RGB_BPTC_UNSIGNED_FLOAT:
      return api->bptc;
   case GL_SR8_EXT:
      return api->srgb_r8;
   case GL_SRG8_EXT:
      return api->srgb_rg8;
   case GL_STENCIL_INDEX8:
      return api->stencil8;
   case GL_RGB32F: case GL_RGB32UI: case GL_RGB32I:
      return api->tex_buffer_rgb32;
   default:
      return true;
   }
}

static bool is_norm16(GLenum ifmt)
{
   switch (ifmt) {
   case GL_R16: case GL_RG16: case GL_RGBA16:
   case GL_R16_SNORM: case GL_RG16_SNORM: case GL_RGBA16_SNORM:
      return true;
   default:
      return false;
   }
}

static bool is_snorm(const struct entry *e)
{
   return e->d.type[0] == GV_CHAN_SNORM && !(e->d.flags & GV_FMT_INTEGER);
}

/* GLES 3.0 has no 16-bit normalized storage; EXT_texture_norm16 adds it
 * (unorm renderable, snorm only sampled). */
static bool gles_stores(const struct entry *e, const struct gv_hostapi *api)
{
   return is_norm16(e->ifmt) ? api->norm16 : e->gles_ok;
}

/* GLES 3.0 renders no snorm format; EXT_render_snorm makes the 8-bit ones
 * and, with EXT_texture_norm16, the 16-bit ones colour-renderable. */
static bool gles_renders(const struct entry *e, const struct gv_hostapi *api)
{
   if (is_snorm(e))
      return api->render_snorm && (e->flags & GV_GLF_RENDERABLE);
   return is_norm16(e->ifmt) ? (e->flags & GV_GLF_RENDERABLE) != 0 : e->gles_render;
}

/* The integer format of the same channels and bits as a snorm one: a copy
 * into it keeps the stored values, which RGBA_INTEGER/INT reads unclamped. */
static GLenum snorm_twin(GLenum ifmt)
{
   switch (ifmt) {
   case GL_R8_SNORM: return GL_R8I;
   case GL_RG8_SNORM: return GL_RG8I;
   case GL_RGBA8_SNORM: return GL_RGBA8I;
   case GL_R16_SNORM: return GL_R16I;
   case GL_RG16_SNORM: return GL_RG16I;
   case GL_RGBA16_SNORM: return GL_RGBA16I;
   default: return 0;
   }
}

/* Snorm read through its integer twin: the words come back as RGBA/INT and
 * are narrowed to the guest's bytes (two's complement truncates alike). */
static bool snorm_twin_readback(const struct entry *e, struct gv_gl_format *g)
{
   const uint32_t n = e->d.nr_channels, bytes = e->d.bits[0] / 8u;
   static const gv_pixel_convert_fn fns[2][5] = {
      { NULL, take1_u32_8, take2_u32_8, NULL, take4_u32_8 },
      { NULL, take1_u32_16, take2_u32_16, NULL, take4_u32_16 },
   };
   g->read_twin = snorm_twin(e->ifmt);
   if (!g->read_twin || (bytes != 1 && bytes != 2) || n > 4 || !fns[bytes - 1][n])
      return false;
   g->readback = (struct gv_gl_pixel_path){ GL_RGBA_INTEGER, GL_INT, 16, fns[bytes - 1][n] };
   return true;
}

/* GLES reads no compressed image back, but glCopyImageSubData copies
 * blocks into the texels of an uncompressed format of the block's size,
 * which glReadPixels reads: RGBA32UI for 16-byte blocks, RG32UI (read as
 * RGBA_INTEGER, the first two words kept) for 8-byte ones. Exact, unlike
 * the guest's own fallback (decode by a blit, compress again on its CPU). */
static bool compressed_twin_readback(const struct entry *e, struct gv_gl_format *g)
{
   switch (e->d.block_bytes) {
   case 16:
      g->read_twin = GL_RGBA32UI;
      g->readback = (struct gv_gl_pixel_path){ GL_RGBA_INTEGER, GL_UNSIGNED_INT, 16, NULL };
      return true;
   case 8:
      g->read_twin = GL_RG32UI;
      g->readback = (struct gv_gl_pixel_path){ GL_RGBA_INTEGER, GL_UNSIGNED_INT, 16, take2_u32_32 };
      return true;
   default:
      return false;
   }
}

#define NENTRIES (sizeof(table) / sizeof(table[0]))
static const struct entry *by_id[GV_FORMAT_COUNT];
static struct gv_gl_format gl_table[GV_FORMAT_COUNT];
static bool gl_present[GV_FORMAT_COUNT];

static void index_table(void)
{
   static bool done;
   if (done)
      return;
   for (size_t i = 0; i < NENTRIES; i++)
      by_id[table[i].d.id] = &table[i];
   done = true;
}

const struct gv_format_desc *gv_format_get(uint32_t format)
{
   index_table();
   return format < GV_FORMAT_COUNT && by_id[format] ? &by_id[format]->d : NULL;
}

const char *gv_format_name(uint32_t format)
{
   static char buf[32];
   const struct gv_format_desc *d = gv_format_get(format);
   if (d)
      return d->name;
   snprintf(buf, sizeof(buf), "FORMAT_%u", format);
   return buf;
}

/* GLES reads colour only from a framebuffer attachment, and only in the
 * canonical format/type of its class (plus what EXT_texture_norm16 and
 * EXT_render_snorm add): other layouts are narrowed on the CPU
 * (gles_readback); false leaves the format out of the readback caps. */
static bool gles_default_readback(const struct entry *e, struct gv_gl_format *g,
                                  const struct gv_hostapi *api, bool renders)
{
   bool canon = (e->fmt == GL_RGBA && e->type == GL_UNSIGNED_BYTE) ||
                (e->fmt == GL_RGBA && e->type == GL_FLOAT) ||
                (e->fmt == GL_RGBA_INTEGER && (e->type == GL_INT || e->type == GL_UNSIGNED_INT)) ||
                (e->type == GL_UNSIGNED_INT_2_10_10_10_REV) || e->fmt == GL_BGRA;
   if (e->d.flags & (GV_FMT_DEPTH | GV_FMT_STENCIL)) {
      bool depth = e->d.flags & GV_FMT_DEPTH, stencil = e->d.flags & GV_FMT_STENCIL;
      return depth && stencil ? api->read_depth_stencil : depth ? api->read_depth : api->read_stencil;
   }
   if (e->d.flags & GV_FMT_COMPRESSED)
      return api->copy_image && compressed_twin_readback(e, g);
   if (canon)
      return true;
   if (renders && is_snorm(e) && api->snorm_read_by_copy)
      return snorm_twin_readback(e, g);
   return renders && gles_readback(e, &g->readback);
}

static void gles_paths(const struct entry *e, struct gv_gl_format *g, const struct gv_hostapi *api)
{
   bool renders = gles_renders(e, api);
   if (!renders)
      g->flags &= (uint16_t)~GV_GLF_RENDERABLE;
   bool readable;
   if (gles_repack(e->d.id, g)) {
      readable = renders;
   } else if (alpha_in_rgba(e)) {
      readable = renders && gles_alpha_readback(e, &g->readback);
   } else {
      if (e->fmt == GL_BGRA && e->type == GL_UNSIGNED_BYTE) {
         /* glTexStorage takes no BGRA format on GLES 3: store RGBA and
          * swap R and B on the way in and out. */
         g->upload = (struct gv_gl_pixel_path){ GL_RGBA, GL_UNSIGNED_BYTE, 4, swap_rb };
         g->readback = g->upload;
         g->flags |= GV_GLF_EMULATED;
      }
      readable = gles_default_readback(e, g, api, renders);
   }
   if (!readable) {
      g->readback.format = 0;
      g->flags &= (uint16_t)~GV_GLF_READBACK;
   }
}

void gv_gl_format_init(const struct gv_hostapi *api)
{
   index_table();
   memset(gl_present, 0, sizeof(gl_present));
   for (size_t i = 0; i < NENTRIES; i++) {
      const struct entry *e = &table[i];
      struct gv_gl_format *g = &gl_table[e->d.id];
      if (!e->ifmt || (api->gles && !gles_stores(e, api)) || !host_has_storage(e->ifmt, api))
         continue;
      if ((e->flags & GV_GLF_STENCIL_VIEW) && !api->depth_stencil_texturing)
         continue;
      memset(g, 0, sizeof(*g));
      g->virgl = e->d.id;
      g->internal_format = e->ifmt;
      memcpy(g->swizzle, e->swz, 4);
      g->upload = (struct gv_gl_pixel_path){ e->fmt, e->type, e->gl_bytes, NULL };
      g->readback = g->upload;
      g->flags = e->flags;
      attach_converters(e, g);
      if (api->gles)
         gles_paths(e, g, api);
      gl_present[e->d.id] = true;
   }
}

const struct gv_gl_format *gv_gl_format_get(uint32_t virgl_format)
{
   return virgl_format < GV_FORMAT_COUNT && gl_present[virgl_format] ? &gl_table[virgl_format] : NULL;
}
