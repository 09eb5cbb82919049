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

/*
 * Switch from big-endian (32- or 64-bit) to 64-bit little-endian and go
 * on with the instruction that follows: set MSR[SF], MSR[LE] (and MSR[ME])
 * and rfid to the end of the sequence.  Uses r10-r12.
 */
.macro BE_TO_LE
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
.endm

	.section .text.head, "ax"
	.globl _start
_start:
	BE_TO_LE

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

/*
 * int ppc64le_of_call(uint32_t args_phys, unsigned long entry)
 *
 * Call an IEEE 1275 client interface the way firmware expects it: 32-bit
 * big-endian mode, MMU off, r3 = the argument block.  Used with SLOF
 * (VOF is reached by a hypervisor call instead, see prom.c).  The firmware
 * returns with blr to of_return, big-endian code that switches back.
 * Interrupts are off.  Returns the firmware's r3 (0, or -1 on error).
 */
#define OF_FRAME	(32 + 8 * 22)
	.text
	.globl ppc64le_of_call
	.type ppc64le_of_call, @function
ppc64le_of_call:
	mflr	%r0
	std	%r0, 16(%r1)
	stdu	%r1, -OF_FRAME(%r1)
	std	%r2, 32(%r1)
	mfcr	%r0
	std	%r0, 40(%r1)
	std	%r13, 48(%r1)
	std	%r14, 56(%r1)
	std	%r15, 64(%r1)
	std	%r16, 72(%r1)
	std	%r17, 80(%r1)
	std	%r18, 88(%r1)
	std	%r19, 96(%r1)
	std	%r20, 104(%r1)
	std	%r21, 112(%r1)
	std	%r22, 120(%r1)
	std	%r23, 128(%r1)
	std	%r24, 136(%r1)
	std	%r25, 144(%r1)
	std	%r26, 152(%r1)
	std	%r27, 160(%r1)
	std	%r28, 168(%r1)
	std	%r29, 176(%r1)
	std	%r30, 184(%r1)
	std	%r31, 192(%r1)
	/* 32-bit code keeps only the low half of r1: remember all of it. */
	LOAD_ADDR(%r12, of_saved_r1)
	std	%r1, 0(%r12)

	mtsrr0	%r4
	mfmsr	%r11
	li	%r12, 1
	sldi	%r12, %r12, 63
	ori	%r12, %r12, PPC64LE_MSR_EE | PPC64LE_MSR_LE
	andc	%r11, %r11, %r12
	mtsrr1	%r11
	LOAD_ADDR(%r12, of_return)
	clrldi	%r12, %r12, 32			/* its physical address */
	mtlr	%r12
	clrldi	%r1, %r1, 32
	rfid

of_return:
	BE_TO_LE
	LOAD_ADDR(%r12, of_saved_r1)
	ld	%r1, 0(%r12)
	ld	%r2, 32(%r1)
	ld	%r0, 40(%r1)
	mtcr	%r0
	ld	%r13, 48(%r1)
	ld	%r14, 56(%r1)
	ld	%r15, 64(%r1)
	ld	%r16, 72(%r1)
	ld	%r17, 80(%r1)
	ld	%r18, 88(%r1)
	ld	%r19, 96(%r1)
	ld	%r20, 104(%r1)
	ld	%r21, 112(%r1)
	ld	%r22, 120(%r1)
	ld	%r23, 128(%r1)
	ld	%r24, 136(%r1)
	ld	%r25, 144(%r1)
	ld	%r26, 152(%r1)
	ld	%r27, 160(%r1)
	ld	%r28, 168(%r1)
	ld	%r29, 176(%r1)
	ld	%r30, 184(%r1)
	ld	%r31, 192(%r1)
	addi	%r1, %r1, OF_FRAME
	ld	%r0, 16(%r1)
	mtlr	%r0
	extsw	%r3, %r3
	blr
	.size ppc64le_of_call, . - ppc64le_of_call

	.section .bss.of_saved_r1, "aw", @nobits
	.balign 8
of_saved_r1:
	.space 8

	.section .bss.boot_stack, "aw", @nobits
	.balign 4096
	.globl ppc64le_boot_stack_bottom
ppc64le_boot_stack_bottom:
	.space 65536
	.globl ppc64le_boot_stack_top
ppc64le_boot_stack_top:
