/* In-memory form of one TGSI shader, as parsed from the text Mesa's virgl
 * driver sends (tgsi_dump output). Plain data: the parser fills it, the GLSL
 * emitter reads it. Every index in here has been range-checked by the parser
 * against the limits below, so consumers may use them directly. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Parser limits: a shader outside them is rejected, never truncated. */
#define GV_TGSI_MAX_TEXT (1u << 20)        /* bytes of shader text */
#define GV_TGSI_MAX_INSNS 65536
#define GV_TGSI_MAX_DECLS 4096
#define GV_TGSI_MAX_IMMS 4096
#define GV_TGSI_MAX_REG 4096               /* register indices are < this */
#define GV_TGSI_MAX_DIM 4096               /* 2D indices (CONST buffer, vertex) */
#define GV_TGSI_MAX_ARRAYS 256             /* ARRAY(n) ids are < this */
#define GV_TGSI_MAX_NESTING 64             /* IF/LOOP/SWITCH depth */
#define GV_TGSI_MAX_TOKEN 64               /* identifier length */

enum gv_tgsi_stage {
   GV_TGSI_VERTEX, GV_TGSI_TESS_CTRL, GV_TGSI_TESS_EVAL, GV_TGSI_GEOMETRY,
   GV_TGSI_FRAGMENT, GV_TGSI_COMPUTE, GV_TGSI_STAGE_COUNT
};

enum gv_tgsi_file {
   GV_FILE_NULL, GV_FILE_CONST, GV_FILE_IN, GV_FILE_OUT, GV_FILE_TEMP,
   GV_FILE_SAMP, GV_FILE_ADDR, GV_FILE_IMM, GV_FILE_SV, GV_FILE_IMAGE,
   GV_FILE_SVIEW, GV_FILE_BUFFER, GV_FILE_MEMORY, GV_FILE_CONSTBUF,
   GV_FILE_HWATOMIC, GV_FILE_COUNT
};

enum gv_tgsi_semantic {
   GV_SEM_POSITION, GV_SEM_COLOR, GV_SEM_BCOLOR, GV_SEM_FOG, GV_SEM_PSIZE,
   GV_SEM_GENERIC, GV_SEM_NORMAL, GV_SEM_FACE, GV_SEM_EDGEFLAG, GV_SEM_PRIMID,
   GV_SEM_INSTANCEID, GV_SEM_VERTEXID, GV_SEM_STENCIL, GV_SEM_CLIPDIST,
   GV_SEM_CLIPVERTEX, GV_SEM_GRID_SIZE, GV_SEM_BLOCK_ID, GV_SEM_BLOCK_SIZE,
   GV_SEM_THREAD_ID, GV_SEM_TEXCOORD, GV_SEM_PCOORD, GV_SEM_VIEWPORT_INDEX,
   GV_SEM_LAYER, GV_SEM_SAMPLEID, GV_SEM_SAMPLEPOS, GV_SEM_SAMPLEMASK,
   GV_SEM_INVOCATIONID, GV_SEM_VERTEXID_NOBASE, GV_SEM_BASEVERTEX,
   GV_SEM_PATCH, GV_SEM_TESSCOORD, GV_SEM_TESSOUTER, GV_SEM_TESSINNER,
   GV_SEM_VERTICESIN, GV_SEM_HELPER_INVOCATION, GV_SEM_BASEINSTANCE,
   GV_SEM_DRAWID, GV_SEM_WORK_DIM, GV_SEM_SUBGROUP_SIZE,
   GV_SEM_SUBGROUP_INVOCATION, GV_SEM_SUBGROUP_EQ_MASK,
   GV_SEM_SUBGROUP_GE_MASK, GV_SEM_SUBGROUP_GT_MASK, GV_SEM_SUBGROUP_LE_MASK,
   GV_SEM_SUBGROUP_LT_MASK, GV_SEM_CS_USER_DATA_AMD, GV_SEM_VIEWPORT_MASK,
   GV_SEM_TESS_DEFAULT_OUTER_LEVEL, GV_SEM_TESS_DEFAULT_INNER_LEVEL,
   GV_SEM_COUNT, GV_SEM_NONE = 0xff
};

/* Texture targets in TGSI order (tgsi_texture_names). */
enum gv_tgsi_texture {
   GV_TEX_BUFFER, GV_TEX_1D, GV_TEX_2D, GV_TEX_3D, GV_TEX_CUBE, GV_TEX_RECT,
   GV_TEX_SHADOW1D, GV_TEX_SHADOW2D, GV_TEX_SHADOWRECT, GV_TEX_1D_ARRAY,
   GV_TEX_2D_ARRAY, GV_TEX_SHADOW1D_ARRAY, GV_TEX_SHADOW2D_ARRAY,
   GV_TEX_SHADOWCUBE, GV_TEX_2D_MSAA, GV_TEX_2D_ARRAY_MSAA, GV_TEX_CUBE_ARRAY,
   GV_TEX_SHADOWCUBE_ARRAY, GV_TEX_UNKNOWN, GV_TEX_COUNT
};

enum gv_tgsi_return { GV_RET_UNORM, GV_RET_SNORM, GV_RET_SINT, GV_RET_UINT, GV_RET_FLOAT };
enum gv_tgsi_interp { GV_INTERP_CONSTANT, GV_INTERP_LINEAR, GV_INTERP_PERSPECTIVE, GV_INTERP_COLOR, GV_INTERP_NONE };
enum gv_tgsi_interp_loc { GV_LOC_CENTER, GV_LOC_CENTROID, GV_LOC_SAMPLE };
enum gv_tgsi_imm_type { GV_IMM_FLT32, GV_IMM_UINT32, GV_IMM_INT32, GV_IMM_FLT64, GV_IMM_UINT64, GV_IMM_INT64 };
enum gv_tgsi_mem_type { GV_MEM_GLOBAL, GV_MEM_SHARED, GV_MEM_PRIVATE, GV_MEM_INPUT };

enum gv_tgsi_property {
   GV_PROP_GS_INPUT_PRIM, GV_PROP_GS_OUTPUT_PRIM, GV_PROP_GS_MAX_OUTPUT_VERTICES,
   GV_PROP_FS_COORD_ORIGIN, GV_PROP_FS_COORD_PIXEL_CENTER,
   GV_PROP_FS_COLOR0_WRITES_ALL_CBUFS, GV_PROP_FS_DEPTH_LAYOUT,
   GV_PROP_VS_PROHIBIT_UCPS, GV_PROP_GS_INVOCATIONS,
   GV_PROP_VS_WINDOW_SPACE_POSITION, GV_PROP_TCS_VERTICES_OUT,
   GV_PROP_TES_PRIM_MODE, GV_PROP_TES_SPACING, GV_PROP_TES_VERTEX_ORDER_CW,
   GV_PROP_TES_POINT_MODE, GV_PROP_NUM_CLIPDIST_ENABLED,
   GV_PROP_NUM_CULLDIST_ENABLED, GV_PROP_FS_EARLY_DEPTH_STENCIL,
   GV_PROP_FS_POST_DEPTH_COVERAGE, GV_PROP_NEXT_SHADER,
   GV_PROP_CS_FIXED_BLOCK_WIDTH, GV_PROP_CS_FIXED_BLOCK_HEIGHT,
   GV_PROP_CS_FIXED_BLOCK_DEPTH, GV_PROP_LEGACY_MATH_RULES,
   GV_PROP_VS_BLIT_SGPRS_AMD, GV_PROP_CS_USER_DATA_COMPONENTS_AMD,
   GV_PROP_LAYER_VIEWPORT_RELATIVE, GV_PROP_FS_BLEND_EQUATION_ADVANCED,
   GV_PROP_SEPARABLE_PROGRAM, GV_PROP_COUNT
};

/* pipe_prim_type order, used by GS and TES properties. */
enum gv_tgsi_prim {
   GV_PRIM_POINTS, GV_PRIM_LINES, GV_PRIM_LINE_LOOP, GV_PRIM_LINE_STRIP,
   GV_PRIM_TRIANGLES, GV_PRIM_TRIANGLE_STRIP, GV_PRIM_TRIANGLE_FAN,
   GV_PRIM_QUADS, GV_PRIM_QUAD_STRIP, GV_PRIM_POLYGON, GV_PRIM_LINES_ADJ,
   GV_PRIM_LINE_STRIP_ADJ, GV_PRIM_TRIANGLES_ADJ, GV_PRIM_TRIANGLE_STRIP_ADJ,
   GV_PRIM_PATCHES, GV_PRIM_COUNT
};

/* Formats an image may be declared with: the GLSL image format qualifiers,
 * named in TGSI by their PIPE_FORMAT_* names (tgsi_names.c has the table). */
enum gv_image_kind { GV_IMG_FLOAT, GV_IMG_SINT, GV_IMG_UINT };
struct gv_image_format_info {
   const char *pipe_name;  /* without the PIPE_FORMAT_ prefix */
   const char *glsl;       /* layout qualifier, NULL for "none" */
   uint8_t kind;           /* enum gv_image_kind */
   bool es;                /* also a GLSL ES 3.10 image format */
};
extern const struct gv_image_format_info gv_image_formats[];
extern const unsigned gv_image_format_count;

struct gv_tgsi_decl {
   uint8_t file;
   bool dim_empty;         /* "IN[]": per-vertex input/output */
   bool has_dim;
   uint16_t dim;           /* CONST[dim][...] / HWATOMIC[dim][...] */
   uint16_t first, last;
   uint8_t usage_mask;     /* 0xf when absent */
   uint16_t array_id;      /* 0 = not an array */
   bool local;
   uint8_t semantic;       /* GV_SEM_NONE when absent */
   uint16_t sem_index;
   uint8_t stream[4];
   uint8_t interp;         /* GV_INTERP_NONE when absent */
   uint8_t interp_loc;
   bool invariant;
   uint8_t texture;        /* SVIEW / IMAGE target */
   uint8_t return_type;    /* SVIEW (x component) */
   uint16_t format;        /* IMAGE: enum gv_image_format, 0 = none */
   bool writable, raw, atomic;
   uint8_t mem_type;
};

struct gv_tgsi_src {
   uint8_t file;
   uint8_t swz[4];
   bool negate, absolute;
   int32_t index;
   bool indirect;          /* index is relative to ind_file[ind_index].ind_swz */
   uint8_t ind_file, ind_swz;
   int32_t ind_index;
   uint16_t ind_array;
   bool has_dim, dim_indirect;
   int32_t dim;
   uint8_t dim_ind_file, dim_ind_swz;
   int32_t dim_ind_index;
};

struct gv_tgsi_dst {
   uint8_t file;
   uint8_t mask;
   int32_t index;
   bool indirect;
   uint8_t ind_file, ind_swz;
   int32_t ind_index;
   uint16_t ind_array;
   bool has_dim, dim_indirect;
   int32_t dim;
   uint8_t dim_ind_file, dim_ind_swz;
   int32_t dim_ind_index;
};

struct gv_tgsi_offset {
   uint8_t file;
   int32_t index;
   uint8_t swz[3];
};

#define GV_TGSI_MAX_SRC 5
#define GV_TGSI_MAX_DST 2

struct gv_tgsi_insn {
   uint16_t opcode;        /* enum gv_tgsi_opcode */
   bool saturate, precise;
   uint8_t num_dst, num_src;
   struct gv_tgsi_dst dst[GV_TGSI_MAX_DST];
   struct gv_tgsi_src src[GV_TGSI_MAX_SRC];
   uint8_t texture;        /* GV_TEX_COUNT when absent */
   uint8_t num_offsets;
   struct gv_tgsi_offset offsets[4];
   uint8_t mem_qualifier;  /* bit 0 COHERENT, 1 RESTRICT, 2 VOLATILE, 3 WRITEONLY */
   uint8_t mem_texture;    /* GV_TEX_COUNT when absent */
   uint16_t mem_format;    /* enum gv_image_format, 0 = none */
   bool has_label;
   uint32_t label;
   uint32_t line;          /* source line, for messages */
};

struct gv_tgsi_imm {
   uint8_t type;           /* enum gv_tgsi_imm_type */
   uint8_t count;          /* dwords used, 1..4 */
   uint32_t v[4];          /* raw bits; 64-bit values as lo, hi pairs */
};

struct gv_tgsi_shader {
   enum gv_tgsi_stage stage;
   bool prop_set[GV_PROP_COUNT];
   uint32_t prop[GV_PROP_COUNT];
   struct gv_tgsi_decl *decls;
   uint32_t num_decls;
   struct gv_tgsi_imm *imms;
   uint32_t num_imms;
   struct gv_tgsi_insn *insns;
   uint32_t num_insns;
};

/* Parses NUL-free text of length len. On failure returns false and writes a
 * message naming the line into err (err_size bytes). The shader must be
 * released with gv_tgsi_free even after a failure. */
bool gv_tgsi_parse(const char *text, size_t len, struct gv_tgsi_shader *out,
                   char *err, size_t err_size);
void gv_tgsi_free(struct gv_tgsi_shader *sh);

const char *gv_tgsi_stage_name(enum gv_tgsi_stage stage);
