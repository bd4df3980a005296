/* The words of TGSI text: opcode, file, semantic, texture and property names
 * as gallium's tgsi_dump prints them, plus the image formats. */
#include "shader/tgsi_names.h"

#include <string.h>

const struct gv_tgsi_opinfo gv_tgsi_opinfo[GV_OP_COUNT] = {
#define GV_OP_INFO(n, nd, ns) [GV_OP_##n] = { #n, nd, ns },
   GV_TGSI_OPCODES(GV_OP_INFO)
#undef GV_OP_INFO
};

const char *const gv_tgsi_file_names[GV_FILE_COUNT] = {
   "NULL", "CONST", "IN", "OUT", "TEMP", "SAMP", "ADDR", "IMM", "SV", "IMAGE",
   "SVIEW", "BUFFER", "MEMORY", "CONSTBUF", "HWATOMIC",
};

const char *const gv_tgsi_semantic_names[GV_SEM_COUNT] = {
   "POSITION", "COLOR", "BCOLOR", "FOG", "PSIZE", "GENERIC", "NORMAL", "FACE",
   "EDGEFLAG", "PRIM_ID", "INSTANCEID", "VERTEXID", "STENCIL", "CLIPDIST",
   "CLIPVERTEX", "GRID_SIZE", "BLOCK_ID", "BLOCK_SIZE", "THREAD_ID",
   "TEXCOORD", "PCOORD", "VIEWPORT_INDEX", "LAYER", "SAMPLEID", "SAMPLEPOS",
   "SAMPLEMASK", "INVOCATIONID", "VERTEXID_NOBASE", "BASEVERTEX", "PATCH",
   "TESSCOORD", "TESSOUTER", "TESSINNER", "VERTICESIN", "HELPER_INVOCATION",
   "BASEINSTANCE", "DRAWID", "WORK_DIM", "SUBGROUP_SIZE",
   "SUBGROUP_INVOCATION", "SUBGROUP_EQ_MASK", "SUBGROUP_GE_MASK",
   "SUBGROUP_GT_MASK", "SUBGROUP_LE_MASK", "SUBGROUP_LT_MASK",
   "CS_USER_DATA_AMD", "VIEWPORT_MASK", "TESS_DEFAULT_OUTER_LEVEL",
   "TESS_DEFAULT_INNER_LEVEL",
};

const char *const gv_tgsi_texture_names[GV_TEX_COUNT] = {
   "BUFFER", "1D", "2D", "3D", "CUBE", "RECT", "SHADOW1D", "SHADOW2D",
   "SHADOWRECT", "1D_ARRAY", "2D_ARRAY", "SHADOW1D_ARRAY", "SHADOW2D_ARRAY",
   "SHADOWCUBE", "2D_MSAA", "2D_ARRAY_MSAA", "CUBEARRAY", "SHADOWCUBEARRAY",
   "UNKNOWN",
};

const char *const gv_tgsi_return_names[5] = { "UNORM", "SNORM", "SINT", "UINT", "FLOAT" };
const char *const gv_tgsi_interp_names[4] = { "CONSTANT", "LINEAR", "PERSPECTIVE", "COLOR" };
const char *const gv_tgsi_loc_names[3] = { "CENTER", "CENTROID", "SAMPLE" };
const char *const gv_tgsi_imm_names[6] = { "FLT32", "UINT32", "INT32", "FLT64", "UINT64", "INT64" };
const char *const gv_tgsi_memtype_names[4] = { "GLOBAL", "SHARED", "PRIVATE", "INPUT" };
const char *const gv_tgsi_memqual_names[4] = { "COHERENT", "RESTRICT", "VOLATILE", "WRITEONLY" };

const char *const gv_tgsi_property_names[GV_PROP_COUNT] = {
   "GS_INPUT_PRIMITIVE", "GS_OUTPUT_PRIMITIVE", "GS_MAX_OUTPUT_VERTICES",
   "FS_COORD_ORIGIN", "FS_COORD_PIXEL_CENTER", "FS_COLOR0_WRITES_ALL_CBUFS",
   "FS_DEPTH_LAYOUT", "VS_PROHIBIT_UCPS", "GS_INVOCATIONS",
   "VS_WINDOW_SPACE_POSITION", "TCS_VERTICES_OUT", "TES_PRIM_MODE",
   "TES_SPACING", "TES_VERTEX_ORDER_CW", "TES_POINT_MODE",
   "NUM_CLIPDIST_ENABLED", "NUM_CULLDIST_ENABLED", "FS_EARLY_DEPTH_STENCIL",
   "FS_POST_DEPTH_COVERAGE", "NEXT_SHADER", "CS_FIXED_BLOCK_WIDTH",
   "CS_FIXED_BLOCK_HEIGHT", "CS_FIXED_BLOCK_DEPTH", "LEGACY_MATH_RULES",
   "VS_BLIT_SGPRS_AMD", "CS_USER_DATA_COMPONENTS_AMD",
   "LAYER_VIEWPORT_RELATIVE", "FS_BLEND_EQUATION_ADVANCED",
   "SEPARABLE_PROGRAM",
};

const char *const gv_tgsi_prim_names[GV_PRIM_COUNT] = {
   "POINTS", "LINES", "LINE_LOOP", "LINE_STRIP", "TRIANGLES", "TRIANGLE_STRIP",
   "TRIANGLE_FAN", "QUADS", "QUAD_STRIP", "POLYGON", "LINES_ADJACENCY",
   "LINE_STRIP_ADJACENCY", "TRIANGLES_ADJACENCY", "TRIANGLE_STRIP_ADJACENCY",
   "PATCHES",
};

/* TGSI prints the processor names in MESA_SHADER_* order, which is ours. */
const char *const gv_tgsi_stage_names[GV_TGSI_STAGE_COUNT] = {
   "VERT", "TESS_CTRL", "TESS_EVAL", "GEOM", "FRAG", "COMP",
};

const struct gv_image_format_info gv_image_formats[] = {
   { "NONE", NULL, GV_IMG_FLOAT, false },
   { "R32G32B32A32_FLOAT", "rgba32f", GV_IMG_FLOAT, true },
   { "R16G16B16A16_FLOAT", "rgba16f", GV_IMG_FLOAT, true },
   { "R32G32_FLOAT", "rg32f", GV_IMG_FLOAT, false },
   { "R16G16_FLOAT", "rg16f", GV_IMG_FLOAT, false },
   { "R11G11B10_FLOAT", "r11f_g11f_b10f", GV_IMG_FLOAT, false },
   { "R32_FLOAT", "r32f", GV_IMG_FLOAT, true },
   { "R16_FLOAT", "r16f", GV_IMG_FLOAT, false },
   { "R16G16B16A16_UNORM", "rgba16", GV_IMG_FLOAT, false },
   { "R10G10B10A2_UNORM", "rgb10_a2", GV_IMG_FLOAT, false },
   { "R8G8B8A8_UNORM", "rgba8", GV_IMG_FLOAT, true },
   { "R16G16_UNORM", "rg16", GV_IMG_FLOAT, false },
   { "R8G8_UNORM", "rg8", GV_IMG_FLOAT, false },
   { "R16_UNORM", "r16", GV_IMG_FLOAT, false },
   { "R8_UNORM", "r8", GV_IMG_FLOAT, false },
   { "R16G16B16A16_SNORM", "rgba16_snorm", GV_IMG_FLOAT, false },
   { "R8G8B8A8_SNORM", "rgba8_snorm", GV_IMG_FLOAT, true },
   { "R16G16_SNORM", "rg16_snorm", GV_IMG_FLOAT, false },
   { "R8G8_SNORM", "rg8_snorm", GV_IMG_FLOAT, false },
   { "R16_SNORM", "r16_snorm", GV_IMG_FLOAT, false },
   { "R8_SNORM", "r8_snorm", GV_IMG_FLOAT, false },
   { "R32G32B32A32_SINT", "rgba32i", GV_IMG_SINT, true },
   { "R16G16B16A16_SINT", "rgba16i", GV_IMG_SINT, true },
   { "R8G8B8A8_SINT", "rgba8i", GV_IMG_SINT, true },
   { "R32G32_SINT", "rg32i", GV_IMG_SINT, false },
   { "R16G16_SINT", "rg16i", GV_IMG_SINT, false },
   { "R8G8_SINT", "rg8i", GV_IMG_SINT, false },
   { "R32_SINT", "r32i", GV_IMG_SINT, true },
   { "R16_SINT", "r16i", GV_IMG_SINT, false },
   { "R8_SINT", "r8i", GV_IMG_SINT, false },
   { "R32G32B32A32_UINT", "rgba32ui", GV_IMG_UINT, true },
   { "R16G16B16A16_UINT", "rgba16ui", GV_IMG_UINT, true },
   { "R10G10B10A2_UINT", "rgb10_a2ui", GV_IMG_UINT, false },
   { "R8G8B8A8_UINT", "rgba8ui", GV_IMG_UINT, true },
   { "R32G32_UINT", "rg32ui", GV_IMG_UINT, false },
   { "R16G16_UINT", "rg16ui", GV_IMG_UINT, false },
   { "R8G8_UINT", "rg8ui", GV_IMG_UINT, false },
   { "R32_UINT", "r32ui", GV_IMG_UINT, true },
   { "R16_UINT", "r16ui", GV_IMG_UINT, false },
   { "R8_UINT", "r8ui", GV_IMG_UINT, false },
};
const unsigned gv_image_format_count = sizeof(gv_image_formats) / sizeof(gv_image_formats[0]);

int gv_tgsi_lookup(const char *const *names, unsigned count, const char *word, size_t len)
{
   for (unsigned i = 0; i < count; i++) {
      if (names[i] && strlen(names[i]) == len && memcmp(names[i], word, len) == 0)
         return (int)i;
   }
   return -1;
}

int gv_tgsi_lookup_opcode(const char *word, size_t len)
{
   for (unsigned i = 0; i < GV_OP_COUNT; i++) {
      const char *n = gv_tgsi_opinfo[i].name;
      if (strlen(n) == len && memcmp(n, word, len) == 0)
         return (int)i;
   }
   return -1;
}

int gv_tgsi_lookup_image_format(const char *word, size_t len)
{
   static const char prefix[] = "PIPE_FORMAT_";
   const size_t pl = sizeof(prefix) - 1;
   if (len <= pl || memcmp(word, prefix, pl) != 0)
      return -1;
   for (unsigned i = 0; i < gv_image_format_count; i++) {
      const char *n = gv_image_formats[i].pipe_name;
      if (strlen(n) == len - pl && memcmp(n, word + pl, len - pl) == 0)
         return (int)i;
   }
   return -1;
}

const char *gv_tgsi_stage_name(enum gv_tgsi_stage stage)
{
   return (unsigned)stage < GV_TGSI_STAGE_COUNT ? gv_tgsi_stage_names[stage] : "?";
}
