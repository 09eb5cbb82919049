/*
 * asm.h - assembler helpers of the ppc64le port.
 */
#ifndef PPC64LE_ASM_H
#define PPC64LE_ASM_H

#include <arch/hal_arch.h>

/* Load the 64-bit absolute address (or constant) sym into reg. */
#define LOAD_ADDR(reg, sym)			\
	lis	reg, (sym)@highest;		\
	ori	reg, reg, (sym)@higher;		\
	rldicr	reg, reg, 32, 31;		\
	oris	reg, reg, (sym)@high;		\
	ori	reg, reg, (sym)@l

#define FUNC(name)				\
	.globl name;				\
	.type name, @function;			\
	.balign 4;				\
name:

#define END(name)	.size name, . - name

/* Byte offset of trap frame slot n from the handler's stack pointer. */
#define TF(n)		(PPC64LE_TF_OFFSET + 8 * (n))
#define TF_FRAME	(PPC64LE_TF_OFFSET + 8 * PPC64LE_TF_SLOTS)
/* The ELFv2 ABI lets leaf code use 288 bytes below the stack pointer. */
#define RED_ZONE	288

#define CTX(n)		(8 * (n))

#endif
