/*
 * vectors.S - interrupt vectors, trap entry and exit, context switch,
 * probes.
 *
 * The processor takes every interrupt in real mode (MMU off, 64-bit,
 * little-endian thanks to H_SET_MODE) at physical address 0x100..0xf80.
 * The block between ppc64le_vectors_start and ppc64le_vectors_end is linked
 * inside the kernel text and copied to physical 0 at boot; it only uses
 * branches relative to itself.  Each vector saves r1 and r13 in SPRG1/2,
 * loads its offset into r13 and joins the common code, which builds a
 * struct hal_trapframe and rfids into ppc64le_trap_virt with the
 * translation state of the interrupted code.  A trap from kernel mode saves
 * its frame on the interrupted stack, below the 288-byte ELFv2 red zone; a
 * trap from user mode (MSR[PR] in SRR1) saves it at the top of the
 * thread's kernel stack, whose address the per-CPU area at SPRG0 holds
 * (hal_set_kernel_stack).  Only traps from user mode save and restore the
 * FP/VMX/VSX registers and TAR: the kernel never touches them.
 */
#include "asm.h"

#define SPRG0	272
#define SPRG1	273
#define SPRG2	274
#define SPR_VRSAVE	256
#define SPR_TAR		815

	.section .text.vectors, "ax"
	.balign 4096
	.globl ppc64le_vectors_start
ppc64le_vectors_start:

.macro VECTOR off
	.org ppc64le_vectors_start + \off
	mtspr	SPRG1, %r1
	mtspr	SPRG2, %r13
	li	%r13, \off
	b	trap_common
.endm

	VECTOR 0x100	/* system reset */
	VECTOR 0x200	/* machine check */
	VECTOR 0x300	/* data storage */
	VECTOR 0x380	/* data segment */
	VECTOR 0x400	/* instruction storage */
	VECTOR 0x480	/* instruction segment */
	VECTOR 0x500	/* external */
	VECTOR 0x600	/* alignment */
	VECTOR 0x700	/* program */
	VECTOR 0x800	/* floating point unavailable */
	VECTOR 0x900	/* decrementer */
	VECTOR 0x980	/* hypervisor decrementer */
	VECTOR 0xa00	/* directed privileged doorbell */
	VECTOR 0xb00	/* reserved */
	VECTOR 0xc00	/* system call */
	VECTOR 0xd00	/* trace */
	VECTOR 0xe00	/* hypervisor data storage */
	VECTOR 0xe20	/* hypervisor instruction storage */
	VECTOR 0xe40	/* hypervisor emulation assistance */
	VECTOR 0xe60	/* hypervisor maintenance */
	VECTOR 0xe80	/* directed hypervisor doorbell */
	VECTOR 0xea0	/* hypervisor virtualization */
	VECTOR 0xf00	/* performance monitor */
	VECTOR 0xf20	/* vector unavailable */
	VECTOR 0xf40	/* VSX unavailable */
	VECTOR 0xf60	/* facility unavailable */
	VECTOR 0xf80	/* hypervisor facility unavailable */

	.org ppc64le_vectors_start + 0x1000
trap_common:
	/*
	 * r1 and r13 are in SPRG1/2, r13 holds the vector.  Park the vector
	 * and CR in the per-CPU area so that MSR[PR] can be tested, then
	 * pick the stack.  Real mode ignores the top bits of the 0xc...
	 * addresses, so the per-CPU area and kernel stacks are reachable.
	 */
	mfspr	%r1, SPRG0
	std	%r13, PPC64LE_PCPU_SCRATCH0(%r1)
	mfcr	%r13
	std	%r13, PPC64LE_PCPU_SCRATCH1(%r1)
	mfsrr1	%r13
	andi.	%r13, %r13, PPC64LE_MSR_PR
	beq	1f
	ld	%r13, PPC64LE_PCPU_KSTACK(%r1)
	addi	%r1, %r13, -TF_FRAME		/* user: top of the kernel stack */
	b	2f
1:	mfspr	%r1, SPRG1
	addi	%r1, %r1, -(RED_ZONE + TF_FRAME)
2:	std	%r0, TF(0)(%r1)
	std	%r2, TF(2)(%r1)
	std	%r3, TF(3)(%r1)
	std	%r4, TF(4)(%r1)
	std	%r5, TF(5)(%r1)
	std	%r6, TF(6)(%r1)
	std	%r7, TF(7)(%r1)
	std	%r8, TF(8)(%r1)
	std	%r9, TF(9)(%r1)
	std	%r10, TF(10)(%r1)
	std	%r11, TF(11)(%r1)
	std	%r12, TF(12)(%r1)
	std	%r14, TF(14)(%r1)
	std	%r15, TF(15)(%r1)
	std	%r16, TF(16)(%r1)
	std	%r17, TF(17)(%r1)
	std	%r18, TF(18)(%r1)
	std	%r19, TF(19)(%r1)
	std	%r20, TF(20)(%r1)
	std	%r21, TF(21)(%r1)
	std	%r22, TF(22)(%r1)
	std	%r23, TF(23)(%r1)
	std	%r24, TF(24)(%r1)
	std	%r25, TF(25)(%r1)
	std	%r26, TF(26)(%r1)
	std	%r27, TF(27)(%r1)
	std	%r28, TF(28)(%r1)
	std	%r29, TF(29)(%r1)
	std	%r30, TF(30)(%r1)
	std	%r31, TF(31)(%r1)
	mfspr	%r3, SPRG0
	ld	%r0, PPC64LE_PCPU_SCRATCH0(%r3)
	std	%r0, TF(PPC64LE_TF_TRAP)(%r1)
	ld	%r0, PPC64LE_PCPU_SCRATCH1(%r3)
	std	%r0, TF(PPC64LE_TF_CR)(%r1)
	mfspr	%r0, SPRG1
	std	%r0, TF(1)(%r1)
	std	%r0, 0(%r1)			/* back chain */
	mfspr	%r0, SPRG2
	std	%r0, TF(13)(%r1)
	mfsrr0	%r0
	std	%r0, TF(PPC64LE_TF_NIP)(%r1)
	mfsrr1	%r0
	std	%r0, TF(PPC64LE_TF_MSR)(%r1)
	mflr	%r0
	std	%r0, TF(PPC64LE_TF_LR)(%r1)
	mfctr	%r0
	std	%r0, TF(PPC64LE_TF_CTR)(%r1)
	mfxer	%r0
	std	%r0, TF(PPC64LE_TF_XER)(%r1)
	mfdar	%r0
	std	%r0, TF(PPC64LE_TF_DAR)(%r1)
	mfdsisr	%r0
	std	%r0, TF(PPC64LE_TF_DSISR)(%r1)

	/* Continue at ppc64le_trap_virt, translated if the trapped code was. */
	LOAD_ADDR(%r12, ppc64le_trap_virt)
	mtsrr0	%r12
	ld	%r11, TF(PPC64LE_TF_MSR)(%r1)
	andi.	%r11, %r11, PPC64LE_MSR_IR | PPC64LE_MSR_DR
	LOAD_ADDR(%r10, PPC64LE_MSR_SF | PPC64LE_MSR_ME | PPC64LE_MSR_RI | PPC64LE_MSR_LE)
	or	%r10, %r10, %r11
	mtsrr1	%r10
	rfid

	.balign 8
	.globl ppc64le_vectors_end
ppc64le_vectors_end:

	.text
/* Trap handling proper, at the link address. */
FUNC(ppc64le_trap_virt)
	LOAD_ADDR(%r2, .TOC.)
	ld	%r0, TF(PPC64LE_TF_MSR)(%r1)
	andi.	%r0, %r0, PPC64LE_MSR_PR
	beq	1f
	li	%r0, 0
	std	%r0, 0(%r1)			/* stack walks end at user mode */
	bl	user_state_save
1:	addi	%r3, %r1, PPC64LE_TF_OFFSET
	bl	ppc64le_trap
	nop

	/*
	 * Restore the (possibly modified) frame; no interrupt may hit now.
	 * hal_user_return joins here with r1 below the thread's frame.
	 */
	.globl	ppc64le_trap_exit
ppc64le_trap_exit:
	li	%r0, 0
	mtmsrd	%r0, 1				/* EE = RI = 0 */
	ld	%r0, TF(PPC64LE_TF_MSR)(%r1)
	andi.	%r0, %r0, PPC64LE_MSR_PR
	beq	2f
	bl	user_state_restore
2:
	ld	%r0, TF(PPC64LE_TF_NIP)(%r1)
	mtsrr0	%r0
	ld	%r0, TF(PPC64LE_TF_MSR)(%r1)
	mtsrr1	%r0
	ld	%r0, TF(PPC64LE_TF_LR)(%r1)
	mtlr	%r0
	ld	%r0, TF(PPC64LE_TF_CTR)(%r1)
	mtctr	%r0
	ld	%r0, TF(PPC64LE_TF_CR)(%r1)
	mtcr	%r0
	ld	%r0, TF(PPC64LE_TF_XER)(%r1)
	mtxer	%r0
	ld	%r0, TF(0)(%r1)
	ld	%r2, TF(2)(%r1)
	ld	%r3, TF(3)(%r1)
	ld	%r4, TF(4)(%r1)
	ld	%r5, TF(5)(%r1)
	ld	%r6, TF(6)(%r1)
	ld	%r7, TF(7)(%r1)
	ld	%r8, TF(8)(%r1)
	ld	%r9, TF(9)(%r1)
	ld	%r10, TF(10)(%r1)
	ld	%r11, TF(11)(%r1)
	ld	%r12, TF(12)(%r1)
	ld	%r13, TF(13)(%r1)
	ld	%r14, TF(14)(%r1)
	ld	%r15, TF(15)(%r1)
	ld	%r16, TF(16)(%r1)
	ld	%r17, TF(17)(%r1)
	ld	%r18, TF(18)(%r1)
	ld	%r19, TF(19)(%r1)
	ld	%r20, TF(20)(%r1)
	ld	%r21, TF(21)(%r1)
	ld	%r22, TF(22)(%r1)
	ld	%r23, TF(23)(%r1)
	ld	%r24, TF(24)(%r1)
	ld	%r25, TF(25)(%r1)
	ld	%r26, TF(26)(%r1)
	ld	%r27, TF(27)(%r1)
	ld	%r28, TF(28)(%r1)
	ld	%r29, TF(29)(%r1)
	ld	%r30, TF(30)(%r1)
	ld	%r31, TF(31)(%r1)
	ld	%r1, TF(1)(%r1)
	rfid
END(ppc64le_trap_virt)

/*
 * void hal_user_return(struct hal_trapframe *tf): tf is the frame at the
 * top of the current kernel stack; leave through the common exit.
 */
FUNC(hal_user_return)
	addi	%r1, %r3, -PPC64LE_TF_OFFSET
	b	ppc64le_trap_exit
END(hal_user_return)

/*
 * Turn FP, VMX and VSX on in the kernel MSR for the duration of a save or
 * restore; r4 keeps the old MSR.
 */
.macro MATH_ON
	mfmsr	%r4
	oris	%r3, %r4, (PPC64LE_MSR_VEC | PPC64LE_MSR_VSX) >> 16
	ori	%r3, %r3, PPC64LE_MSR_FP
	mtmsrd	%r3
	isync
.endm

.macro MATH_OFF
	mtmsrd	%r4
	isync
.endm

/*
 * user_state_save / user_state_restore: the user FP/VMX/VSX registers,
 * FPSCR, VSCR, VRSAVE and TAR to and from the frame at r1.  stxv/lxv
 * in little-endian mode store a VSR as a little-endian quadword, so FPR i
 * lands in the high doubleword (bytes 8..15) of slot i, as in Linux's
 * thread state.  Clobber r3, r4 (and the registers they restore).
 */
.macro VSR_SAVE n
	stxv	\n, TF(PPC64LE_TF_VSR + 2 * \n)(%r1)
.endm
.macro VSR_LOAD n
	lxv	\n, TF(PPC64LE_TF_VSR + 2 * \n)(%r1)
.endm

user_state_save:
	MATH_ON
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	VSR_SAVE \n
	.endr
	.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	VSR_SAVE \n
	.endr
	mffs	%f0
	stfd	%f0, TF(PPC64LE_TF_FPSCR)(%r1)
	mfvscr	%v0
	stxv	32, TF(PPC64LE_TF_VSCR)(%r1)
	mfspr	%r3, SPR_VRSAVE
	std	%r3, TF(PPC64LE_TF_VRSAVE)(%r1)
	mfspr	%r3, SPR_TAR
	std	%r3, TF(PPC64LE_TF_TAR)(%r1)
	MATH_OFF
	blr

user_state_restore:
	MATH_ON
	lxv	32, TF(PPC64LE_TF_VSCR)(%r1)
	mtvscr	%v0
	lfd	%f0, TF(PPC64LE_TF_FPSCR)(%r1)
	mtfsf	0xff, %f0, 1, 0
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	VSR_LOAD \n
	.endr
	.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	VSR_LOAD \n
	.endr
	ld	%r3, TF(PPC64LE_TF_VRSAVE)(%r1)
	mtspr	SPR_VRSAVE, %r3
	ld	%r3, TF(PPC64LE_TF_TAR)(%r1)
	mtspr	SPR_TAR, %r3
	MATH_OFF
	blr

/*
 * void hal_ctx_switch(struct hal_context *from, struct hal_context *to)
 * Saves what the ELFv2 ABI makes callee-saved: r1, r2, r14-r31, LR, CR.
 */
FUNC(hal_ctx_switch)
	mflr	%r0
	mfcr	%r5
	std	%r1, CTX(PPC64LE_CTX_SP)(%r3)
	std	%r0, CTX(PPC64LE_CTX_LR)(%r3)
	std	%r5, CTX(PPC64LE_CTX_CR)(%r3)
	std	%r2, CTX(PPC64LE_CTX_R2)(%r3)
	std	%r14, CTX(PPC64LE_CTX_GPR + 0)(%r3)
	std	%r15, CTX(PPC64LE_CTX_GPR + 1)(%r3)
	std	%r16, CTX(PPC64LE_CTX_GPR + 2)(%r3)
	std	%r17, CTX(PPC64LE_CTX_GPR + 3)(%r3)
	std	%r18, CTX(PPC64LE_CTX_GPR + 4)(%r3)
	std	%r19, CTX(PPC64LE_CTX_GPR + 5)(%r3)
	std	%r20, CTX(PPC64LE_CTX_GPR + 6)(%r3)
	std	%r21, CTX(PPC64LE_CTX_GPR + 7)(%r3)
	std	%r22, CTX(PPC64LE_CTX_GPR + 8)(%r3)
	std	%r23, CTX(PPC64LE_CTX_GPR + 9)(%r3)
	std	%r24, CTX(PPC64LE_CTX_GPR + 10)(%r3)
	std	%r25, CTX(PPC64LE_CTX_GPR + 11)(%r3)
	std	%r26, CTX(PPC64LE_CTX_GPR + 12)(%r3)
	std	%r27, CTX(PPC64LE_CTX_GPR + 13)(%r3)
	std	%r28, CTX(PPC64LE_CTX_GPR + 14)(%r3)
	std	%r29, CTX(PPC64LE_CTX_GPR + 15)(%r3)
	std	%r30, CTX(PPC64LE_CTX_GPR + 16)(%r3)
	std	%r31, CTX(PPC64LE_CTX_GPR + 17)(%r3)

	ld	%r1, CTX(PPC64LE_CTX_SP)(%r4)
	ld	%r0, CTX(PPC64LE_CTX_LR)(%r4)
	ld	%r5, CTX(PPC64LE_CTX_CR)(%r4)
	ld	%r2, CTX(PPC64LE_CTX_R2)(%r4)
	ld	%r14, CTX(PPC64LE_CTX_GPR + 0)(%r4)
	ld	%r15, CTX(PPC64LE_CTX_GPR + 1)(%r4)
	ld	%r16, CTX(PPC64LE_CTX_GPR + 2)(%r4)
	ld	%r17, CTX(PPC64LE_CTX_GPR + 3)(%r4)
	ld	%r18, CTX(PPC64LE_CTX_GPR + 4)(%r4)
	ld	%r19, CTX(PPC64LE_CTX_GPR + 5)(%r4)
	ld	%r20, CTX(PPC64LE_CTX_GPR + 6)(%r4)
	ld	%r21, CTX(PPC64LE_CTX_GPR + 7)(%r4)
	ld	%r22, CTX(PPC64LE_CTX_GPR + 8)(%r4)
	ld	%r23, CTX(PPC64LE_CTX_GPR + 9)(%r4)
	ld	%r24, CTX(PPC64LE_CTX_GPR + 10)(%r4)
	ld	%r25, CTX(PPC64LE_CTX_GPR + 11)(%r4)
	ld	%r26, CTX(PPC64LE_CTX_GPR + 12)(%r4)
	ld	%r27, CTX(PPC64LE_CTX_GPR + 13)(%r4)
	ld	%r28, CTX(PPC64LE_CTX_GPR + 14)(%r4)
	ld	%r29, CTX(PPC64LE_CTX_GPR + 15)(%r4)
	ld	%r30, CTX(PPC64LE_CTX_GPR + 16)(%r4)
	ld	%r31, CTX(PPC64LE_CTX_GPR + 17)(%r4)
	mtlr	%r0
	mtcr	%r5
	blr
END(hal_ctx_switch)

/*
 * First code of a new thread (hal_ctx_init): entry in r14, its argument
 * in r15.  ELFv2 global entry points want their own address in r12.
 */
FUNC(ppc64le_thread_start)
	mr	%r3, %r15
	mr	%r12, %r14
	mtctr	%r12
	bctrl
	nop
1:	trap
	b	1b
END(ppc64le_thread_start)

/* void hal_trap_breakpoint(void): "trap" (tw 31,0,0) raises a program check. */
FUNC(hal_trap_breakpoint)
	.globl ppc64le_breakpoint_insn
ppc64le_breakpoint_insn:
	trap
	blr
END(hal_trap_breakpoint)

/*
 * int hal_probe_read(const volatile unsigned long *addr, unsigned long *val)
 * int hal_probe_write(volatile unsigned long *addr, unsigned long val)
 * The access instruction has an exception-table entry: a fault there
 * resumes at the fixup, which returns -EFAULT.
 */
FUNC(hal_probe_read)
1:	ld	%r5, 0(%r3)
	std	%r5, 0(%r4)
	li	%r3, 0
	blr
2:	li	%r3, -14
	blr
	.pushsection __ppc64le_extable, "a"
	.balign 8
	.quad	1b, 2b
	.popsection
END(hal_probe_read)

FUNC(hal_probe_write)
1:	std	%r4, 0(%r3)
	li	%r3, 0
	blr
2:	li	%r3, -14
	blr
	.pushsection __ppc64le_extable, "a"
	.balign 8
	.quad	1b, 2b
	.popsection
END(hal_probe_write)
