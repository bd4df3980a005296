/* TGSI opcodes the text parser accepts: name, destination count, source
 * count. The names and operand counts are those of gallium's TGSI; the enum
 * order is ours. */
#pragma once

#define GV_TGSI_OPCODES(OP) \
   OP(ARL, 1, 1) OP(MOV, 1, 1) OP(RCP, 1, 1) OP(RSQ, 1, 1) OP(MUL, 1, 2) \
   OP(ADD, 1, 2) OP(DP3, 1, 2) OP(DP4, 1, 2) OP(MIN, 1, 2) OP(MAX, 1, 2) \
   OP(SLT, 1, 2) OP(SGE, 1, 2) OP(MAD, 1, 3) OP(LRP, 1, 3) OP(FMA, 1, 3) \
   OP(SQRT, 1, 1) OP(LDEXP, 1, 2) OP(F2U64, 1, 1) OP(F2I64, 1, 1) \
   OP(FRC, 1, 1) OP(FLR, 1, 1) OP(ROUND, 1, 1) OP(EX2, 1, 1) OP(LG2, 1, 1) \
   OP(POW, 1, 2) OP(DEMOTE, 0, 0) OP(U2I64, 1, 1) OP(CLOCK, 1, 0) \
   OP(I2I64, 1, 1) OP(READ_HELPER, 1, 0) OP(COS, 1, 1) OP(DDX, 1, 1) \
   OP(DDY, 1, 1) OP(KILL, 0, 0) OP(PK2H, 1, 1) OP(D2U64, 1, 1) \
   OP(SEQ, 1, 2) OP(D2I64, 1, 1) OP(SGT, 1, 2) OP(SIN, 1, 1) OP(SLE, 1, 2) \
   OP(SNE, 1, 2) OP(U642D, 1, 1) OP(TEX, 1, 2) OP(TXD, 1, 4) OP(TXP, 1, 2) \
   OP(UP2H, 1, 1) OP(UP2US, 1, 1) OP(UP4B, 1, 1) OP(UP4UB, 1, 1) \
   OP(U642F, 1, 1) OP(I642F, 1, 1) OP(ARR, 1, 1) OP(I642D, 1, 1) \
   OP(CAL, 0, 0) OP(RET, 0, 0) OP(SSG, 1, 1) OP(CMP, 1, 3) OP(TXB, 1, 2) \
   OP(FBFETCH, 1, 1) OP(DIV, 1, 2) OP(DP2, 1, 2) OP(TXL, 1, 2) OP(BRK, 0, 0) \
   OP(IF, 0, 1) OP(UIF, 0, 1) OP(READ_INVOC, 1, 2) OP(ELSE, 0, 0) \
   OP(ENDIF, 0, 0) OP(DDX_FINE, 1, 1) OP(DDY_FINE, 1, 1) OP(CEIL, 1, 1) \
   OP(I2F, 1, 1) OP(NOT, 1, 1) OP(TRUNC, 1, 1) OP(SHL, 1, 2) \
   OP(BALLOT, 1, 1) OP(AND, 1, 2) OP(OR, 1, 2) OP(MOD, 1, 2) OP(XOR, 1, 2) \
   OP(TXF, 1, 2) OP(TXQ, 1, 2) OP(CONT, 0, 0) OP(EMIT, 0, 1) \
   OP(ENDPRIM, 0, 1) OP(BGNLOOP, 0, 0) OP(BGNSUB, 0, 0) OP(ENDLOOP, 0, 0) \
   OP(ENDSUB, 0, 0) OP(ATOMFADD, 1, 3) OP(TXQS, 1, 1) OP(RESQ, 1, 1) \
   OP(READ_FIRST, 1, 1) OP(NOP, 0, 0) OP(FSEQ, 1, 2) OP(FSGE, 1, 2) \
   OP(FSLT, 1, 2) OP(FSNE, 1, 2) OP(MEMBAR, 0, 1) OP(KILL_IF, 0, 1) \
   OP(END, 0, 0) OP(DFMA, 1, 3) OP(F2I, 1, 1) OP(IDIV, 1, 2) \
   OP(IMAX, 1, 2) OP(IMIN, 1, 2) OP(INEG, 1, 1) OP(ISGE, 1, 2) \
   OP(ISHR, 1, 2) OP(ISLT, 1, 2) OP(F2U, 1, 1) OP(U2F, 1, 1) \
   OP(UADD, 1, 2) OP(UDIV, 1, 2) OP(UMAD, 1, 3) OP(UMAX, 1, 2) \
   OP(UMIN, 1, 2) OP(UMOD, 1, 2) OP(UMUL, 1, 2) OP(USEQ, 1, 2) \
   OP(USGE, 1, 2) OP(USHR, 1, 2) OP(USLT, 1, 2) OP(USNE, 1, 2) \
   OP(SWITCH, 0, 1) OP(CASE, 0, 1) OP(DEFAULT, 0, 0) OP(ENDSWITCH, 0, 0) \
   OP(SAMPLE, 1, 3) OP(SAMPLE_I, 1, 2) OP(SAMPLE_I_MS, 1, 3) \
   OP(SAMPLE_B, 1, 4) OP(SAMPLE_C, 1, 4) OP(SAMPLE_C_LZ, 1, 4) \
   OP(SAMPLE_D, 1, 5) OP(SAMPLE_L, 1, 4) OP(GATHER4, 1, 3) \
   OP(SVIEWINFO, 1, 2) OP(SAMPLE_POS, 1, 2) OP(SAMPLE_INFO, 1, 2) \
   OP(UARL, 1, 1) OP(UCMP, 1, 3) OP(IABS, 1, 1) OP(ISSG, 1, 1) \
   OP(LOAD, 1, 2) OP(STORE, 1, 2) OP(IMG2HND, 1, 1) OP(SAMP2HND, 1, 1) \
   OP(BARRIER, 0, 0) OP(ATOMUADD, 1, 3) OP(ATOMXCHG, 1, 3) \
   OP(ATOMCAS, 1, 4) OP(ATOMAND, 1, 3) OP(ATOMOR, 1, 3) OP(ATOMXOR, 1, 3) \
   OP(ATOMUMIN, 1, 3) OP(ATOMUMAX, 1, 3) OP(ATOMIMIN, 1, 3) \
   OP(ATOMIMAX, 1, 3) OP(TEX2, 1, 3) OP(TXB2, 1, 3) OP(TXL2, 1, 3) \
   OP(IMUL_HI, 1, 2) OP(UMUL_HI, 1, 2) OP(TG4, 1, 3) OP(LODQ, 1, 2) \
   OP(IBFE, 1, 3) OP(UBFE, 1, 3) OP(BFI, 1, 4) OP(BREV, 1, 1) \
   OP(POPC, 1, 1) OP(LSB, 1, 1) OP(IMSB, 1, 1) OP(UMSB, 1, 1) \
   OP(INTERP_CENTROID, 1, 1) OP(INTERP_SAMPLE, 1, 2) \
   OP(INTERP_OFFSET, 1, 2) OP(F2D, 1, 1) OP(D2F, 1, 1) OP(DABS, 1, 1) \
   OP(DNEG, 1, 1) OP(DADD, 1, 2) OP(DMUL, 1, 2) OP(DMAX, 1, 2) \
   OP(DMIN, 1, 2) OP(DSLT, 1, 2) OP(DSGE, 1, 2) OP(DSEQ, 1, 2) \
   OP(DSNE, 1, 2) OP(DRCP, 1, 1) OP(DSQRT, 1, 1) OP(DMAD, 1, 3) \
   OP(DFRAC, 1, 1) OP(DLDEXP, 1, 2) OP(DFRACEXP, 2, 1) OP(D2I, 1, 1) \
   OP(I2D, 1, 1) OP(D2U, 1, 1) OP(U2D, 1, 1) OP(DRSQ, 1, 1) \
   OP(DTRUNC, 1, 1) OP(DCEIL, 1, 1) OP(DFLR, 1, 1) OP(DROUND, 1, 1) \
   OP(DSSG, 1, 1) OP(VOTE_ANY, 1, 1) OP(VOTE_ALL, 1, 1) OP(VOTE_EQ, 1, 1) \
   OP(U64SEQ, 1, 2) OP(U64SNE, 1, 2) OP(I64SLT, 1, 2) OP(U64SLT, 1, 2) \
   OP(I64SGE, 1, 2) OP(U64SGE, 1, 2) OP(I64MIN, 1, 2) OP(U64MIN, 1, 2) \
   OP(I64MAX, 1, 2) OP(U64MAX, 1, 2) OP(I64ABS, 1, 1) OP(I64SSG, 1, 1) \
   OP(I64NEG, 1, 1) OP(U64ADD, 1, 2) OP(U64MUL, 1, 2) OP(U64SHL, 1, 2) \
   OP(I64SHR, 1, 2) OP(U64SHR, 1, 2) OP(I64DIV, 1, 2) OP(U64DIV, 1, 2) \
   OP(I64MOD, 1, 2) OP(U64MOD, 1, 2) OP(DDIV, 1, 2) OP(LOD, 1, 3) \
   OP(ATOMINC_WRAP, 1, 3) OP(ATOMDEC_WRAP, 1, 3)

enum gv_tgsi_opcode {
#define GV_OP_ENUM(name, nd, ns) GV_OP_##name,
   GV_TGSI_OPCODES(GV_OP_ENUM)
#undef GV_OP_ENUM
   GV_OP_COUNT
};

struct gv_tgsi_opinfo {
   const char *name;
   unsigned char num_dst, num_src;
};

extern const struct gv_tgsi_opinfo gv_tgsi_opinfo[GV_OP_COUNT];
