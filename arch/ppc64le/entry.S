/*
 * entry.S - first instructions of the ppc64le kernel.
 *
 * QEMU's pseries machine with VOF (and SLOF likewise) jumps to the first
 * byte of the image, physical 0x400000, in 32-bit big-endian mode with the
 * MMU off; r5 holds the Open Firmware client-interface entry.  The first
 * words are therefore big-endian encoded instructions: they set MSR[SF]
 * and MSR[LE] and continue, through rfid, in 64-bit little-endian mode.
 * The rest of the kernel is ordinary little-endian ELFv2 code.
 */
#include "asm.h"

/* Emit one instruction word in big-endian byte order. */
.macro BE_INSN w
	.byte ((\w) >> 24) & 0xff, ((\w) >> 16) & 0xff, ((\w) >> 8) & 0xff, (\w) & 0xff
.endm

	.section .text.head, "ax"
	.globl _start
_start:
	BE_INSN 0x7d6000a6	/* mfmsr  r11			*/
	BE_INSN 0x39800001	/* li     r12, 1		*/
	BE_INSN 0x798cf806	/* sldi   r12, r12, 63 (MSR_SF)	*/
	BE_INSN 0x7d6b6378	/* or     r11, r11, r12		*/
	BE_INSN 0x616b1001	/* ori    r11, r11, MSR_ME|MSR_LE */
	BE_INSN 0x7d7b03a6	/* mtsrr1 r11			*/
	BE_INSN 0x429f0005	/* bcl    20, 31, 1f		*/
	BE_INSN 0x7d4802a6	/* 1: mflr r10			*/
	BE_INSN 0x394a0010	/* addi   r10, r10, 16		*/
	BE_INSN 0x7d5a03a6	/* mtsrr0 r10			*/
	BE_INSN 0x4c000024	/* rfid				*/

	/*
	 * 64-bit little-endian from here, still at the physical address.
	 * Jump to the link address (0xc000...): with the MMU off its top bits
	 * are ignored, so it names the same bytes.
	 */
	LOAD_ADDR(%r12, 2f)
	mtctr	%r12
	bctr
2:
	LOAD_ADDR(%r2, .TOC.)
	LOAD_ADDR(%r1, ppc64le_boot_stack_top)
	li	%r0, 0
	stdu	%r0, -32(%r1)		/* null back chain ends stack walks */

	/* Clear .bss (8-byte multiples; the linker script aligns it). */
	LOAD_ADDR(%r6, __bss_start)
	LOAD_ADDR(%r7, __bss_end)
	LOAD_ADDR(%r8, ppc64le_boot_stack_bottom)
3:	cmpld	%r6, %r7
	bge	5f
	cmpld	%r6, %r8		/* the live stack lies in .bss: skip it */
	bne	4f
	LOAD_ADDR(%r6, ppc64le_boot_stack_top)
	b	3b
4:	std	%r0, 0(%r6)
	addi	%r6, %r6, 8
	b	3b
5:
	mr	%r3, %r5		/* the Open Firmware entry */
	bl	ppc64le_boot
	nop
6:	b	6b

	.section .bss.boot_stack, "aw", @nobits
	.balign 4096
	.globl ppc64le_boot_stack_bottom
ppc64le_boot_stack_bottom:
	.space 65536
	.globl ppc64le_boot_stack_top
ppc64le_boot_stack_top:
