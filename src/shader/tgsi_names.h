/* Name tables of TGSI text (tgsi_names.c). */
#pragma once

#include <stddef.h>

#include "shader/tgsi_ir.h"
#include "shader/tgsi_opcodes.h"

extern const char *const gv_tgsi_file_names[GV_FILE_COUNT];
extern const char *const gv_tgsi_semantic_names[GV_SEM_COUNT];
extern const char *const gv_tgsi_texture_names[GV_TEX_COUNT];
extern const char *const gv_tgsi_return_names[5];
extern const char *const gv_tgsi_interp_names[4];
extern const char *const gv_tgsi_loc_names[3];
extern const char *const gv_tgsi_imm_names[6];
extern const char *const gv_tgsi_memtype_names[4];
extern const char *const gv_tgsi_memqual_names[4];
extern const char *const gv_tgsi_property_names[GV_PROP_COUNT];
extern const char *const gv_tgsi_prim_names[GV_PRIM_COUNT];
extern const char *const gv_tgsi_stage_names[GV_TGSI_STAGE_COUNT];

/* Index of word[0..len) in names, or -1. */
int gv_tgsi_lookup(const char *const *names, unsigned count, const char *word, size_t len);
int gv_tgsi_lookup_opcode(const char *word, size_t len);
/* "PIPE_FORMAT_xxx" -> index in gv_image_formats, or -1. */
int gv_tgsi_lookup_image_format(const char *word, size_t len);
