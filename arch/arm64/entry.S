/*
 * arch/arm64/entry.S - exception vectors, trap frame save/restore, the
 * kernel thread context switch and the fault-tolerant probes.
 *
 * Every exception is taken at EL1 on SP_EL1, which is the current kernel
 * thread's stack (the kernel never runs on SP_EL0), so the trap frame goes
 * on that stack and core may switch threads from inside a handler.  While
 * a thread runs in user mode its SP_EL1 is the top of its kernel stack, so
 * traps from EL0 save the user frame exactly there (hal/user.h).
 */

/* struct hal_trapframe offsets (include/arch/hal_arch.h; trap.c checks). */
#define TF_X0		0
#define TF_SP		248
#define TF_ELR		256
#define TF_SPSR		264
#define TF_ESR		272
#define TF_FAR		280
#define TF_ORIG_X0	288
#define TF_TPIDR	296
#define TF_FPSR		304
#define TF_V		320
#define TF_SIZE		832

/* Kinds passed to arm64_trap_bad(). */
#define BAD_SYNC_SP0	0
#define BAD_IRQ_SP0	1
#define BAD_FIQ_SP0	2
#define BAD_SERROR_SP0	3
#define BAD_FIQ		6
#define BAD_SERROR	7
#define BAD_FIQ_EL0	10
#define BAD_SERROR_EL0	11
#define BAD_AARCH32	12

	/* The FP/SIMD registers are only ever touched here, for user state. */
	.arch_extension	fp
	.arch_extension	simd

/*
 * save_frame: push a struct hal_trapframe and a frame record below it,
 * leave x0 pointing at the frame.  From EL0, SP_EL1 is the top of the
 * thread's kernel stack (every return to EL0 leaves it there), so the
 * frame lands exactly at top - sizeof(struct hal_trapframe); the user's
 * TPIDR_EL0 and FP/SIMD state are saved with it.
 */
	.macro	save_frame, el
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	.if	\el == 0
	mrs	x21, sp_el0
	.else
	add	x21, sp, #TF_SIZE
	.endif
	stp	x30, x21, [sp, #16 * 15]
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x22, x23, [sp, #TF_ELR]
	mrs	x24, esr_el1
	mrs	x25, far_el1
	stp	x24, x25, [sp, #TF_ESR]
	.if	\el == 0
	mrs	x21, tpidr_el0
	str	x21, [sp, #TF_TPIDR]
	mrs	x22, fpsr
	mrs	x23, fpcr
	add	x21, sp, #TF_V
	stp	w22, w23, [x21, #TF_FPSR - TF_V]
	stp	q0, q1, [x21, #32 * 0]
	stp	q2, q3, [x21, #32 * 1]
	stp	q4, q5, [x21, #32 * 2]
	stp	q6, q7, [x21, #32 * 3]
	stp	q8, q9, [x21, #32 * 4]
	stp	q10, q11, [x21, #32 * 5]
	stp	q12, q13, [x21, #32 * 6]
	stp	q14, q15, [x21, #32 * 7]
	stp	q16, q17, [x21, #32 * 8]
	stp	q18, q19, [x21, #32 * 9]
	stp	q20, q21, [x21, #32 * 10]
	stp	q22, q23, [x21, #32 * 11]
	stp	q24, q25, [x21, #32 * 12]
	stp	q26, q27, [x21, #32 * 13]
	stp	q28, q29, [x21, #32 * 14]
	stp	q30, q31, [x21, #32 * 15]
	/* The kernel's frame-pointer chain ends at a trap from user mode. */
	stp	xzr, xzr, [sp, #-16]!
	.else
	/* Chain the frame record to the interrupted kernel code. */
	stp	x29, x22, [sp, #-16]!
	.endif
	mov	x29, sp
	add	x0, sp, #16
	.endm

/*
 * restore_frame: the reverse, from sp pointing at the frame record, ending
 * in eret with sp back where the exception found it (for EL0: the top of
 * the kernel stack).
 */
	.macro	restore_frame, el
	add	sp, sp, #16
	ldp	x22, x23, [sp, #TF_ELR]
	msr	elr_el1, x22
	msr	spsr_el1, x23
	.if	\el == 0
	ldr	x21, [sp, #TF_SP]
	msr	sp_el0, x21
	ldr	x21, [sp, #TF_TPIDR]
	msr	tpidr_el0, x21
	add	x21, sp, #TF_V
	ldp	w22, w23, [x21, #TF_FPSR - TF_V]
	msr	fpsr, x22
	msr	fpcr, x23
	ldp	q0, q1, [x21, #32 * 0]
	ldp	q2, q3, [x21, #32 * 1]
	ldp	q4, q5, [x21, #32 * 2]
	ldp	q6, q7, [x21, #32 * 3]
	ldp	q8, q9, [x21, #32 * 4]
	ldp	q10, q11, [x21, #32 * 5]
	ldp	q12, q13, [x21, #32 * 6]
	ldp	q14, q15, [x21, #32 * 7]
	ldp	q16, q17, [x21, #32 * 8]
	ldp	q18, q19, [x21, #32 * 9]
	ldp	q20, q21, [x21, #32 * 10]
	ldp	q22, q23, [x21, #32 * 11]
	ldp	q24, q25, [x21, #32 * 12]
	ldp	q26, q27, [x21, #32 * 13]
	ldp	q28, q29, [x21, #32 * 14]
	ldp	q30, q31, [x21, #32 * 15]
	.endif
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	add	sp, sp, #TF_SIZE
	eret
	.endm

	/* Kernel-mode stub: save, call handler(tf, arg), restore. */
	.macro	stub, name, handler, arg
	.balign	4
\name:
	save_frame 1
	mov	x1, #\arg
	bl	\handler
	restore_frame 1
	.endm

	/*
	 * User-mode stub: save, call handler(tf, arg), which ends with
	 * core_trap_return(tf) and interrupts disabled, then return to EL0.
	 */
	.macro	ustub, name, handler, arg
	.balign	4
\name:
	save_frame 0
	mov	x1, #\arg
	bl	\handler
	b	arm64_ret_to_user
	.endm

	.macro	ventry, target
	.balign	128
	b	\target
	.endm

	.section .text.vectors, "ax"
	.balign	2048
	.globl	arm64_vectors
arm64_vectors:
	/* Current EL with SP_EL0: never used by this kernel. */
	ventry	el1t_sync
	ventry	el1t_irq
	ventry	el1t_fiq
	ventry	el1t_serror
	/* Current EL with SP_EL1: kernel-mode exceptions. */
	ventry	el1h_sync
	ventry	el1h_irq
	ventry	el1h_fiq
	ventry	el1h_serror
	/* Lower EL, AArch64: user mode. */
	ventry	el0_sync
	ventry	el0_irq
	ventry	el0_fiq
	ventry	el0_serror
	/* Lower EL, AArch32: never entered (SPSR.M[4] is never set). */
	ventry	el0_32
	ventry	el0_32
	ventry	el0_32
	ventry	el0_32

	.balign	128
	stub	el1t_sync, arm64_trap_bad, BAD_SYNC_SP0
	stub	el1t_irq, arm64_trap_bad, BAD_IRQ_SP0
	stub	el1t_fiq, arm64_trap_bad, BAD_FIQ_SP0
	stub	el1t_serror, arm64_trap_bad, BAD_SERROR_SP0
	stub	el1h_sync, arm64_trap_sync, 0
	stub	el1h_irq, arm64_trap_irq, 0
	stub	el1h_fiq, arm64_trap_bad, BAD_FIQ
	stub	el1h_serror, arm64_trap_bad, BAD_SERROR
	ustub	el0_sync, arm64_trap_sync, 0
	ustub	el0_irq, arm64_trap_irq, 0
	ustub	el0_fiq, arm64_trap_bad, BAD_FIQ_EL0
	ustub	el0_serror, arm64_trap_bad, BAD_SERROR_EL0
	ustub	el0_32, arm64_trap_bad, BAD_AARCH32

/*
 * arm64_ret_to_user: sp points at the frame record below the user frame at
 * the top of the kernel stack; restore it and eret to EL0.  Interrupts are
 * masked here and stay masked until the eret unmasks them from SPSR.
 */
	.globl	arm64_ret_to_user
arm64_ret_to_user:
	msr	daifset, #3
	restore_frame 0

/*
 * void arm64_user_return(struct hal_trapframe *tf)
 * Drop whatever the kernel stack holds below tf (which is at its top) and
 * return to user mode with tf.
 */
	.text
	.balign	4
	.globl	arm64_user_return
	.type	arm64_user_return, %function
arm64_user_return:
	msr	daifset, #3
	sub	sp, x0, #16
	mov	x29, #0
	b	arm64_ret_to_user
	.size	arm64_user_return, . - arm64_user_return

/*
 * void hal_ctx_switch(struct hal_context *from, struct hal_context *to)
 * Saves x19-x30 and sp into *from and loads them from *to; the ret then
 * resumes *to where it last called hal_ctx_switch (or at arm64_ctx_start).
 */
	.text
	.balign	4
	.globl	hal_ctx_switch
	.type	hal_ctx_switch, %function
hal_ctx_switch:
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x9, sp
	str	x9, [x0, #96]
	ldp	x19, x20, [x1, #0]
	ldp	x21, x22, [x1, #16]
	ldp	x23, x24, [x1, #32]
	ldp	x25, x26, [x1, #48]
	ldp	x27, x28, [x1, #64]
	ldp	x29, x30, [x1, #80]
	ldr	x9, [x1, #96]
	mov	sp, x9
	ret
	.size	hal_ctx_switch, . - hal_ctx_switch

/*
 * First code a new thread runs (hal_ctx_init put it in lr): entry in x19,
 * its argument in x20.
 */
	.globl	arm64_ctx_start
	.type	arm64_ctx_start, %function
arm64_ctx_start:
	mov	x0, x20
	blr	x19
	bl	arm64_ctx_returned
	.size	arm64_ctx_start, . - arm64_ctx_start

/*
 * int hal_probe_read(const volatile unsigned long *addr, unsigned long *val)
 * int hal_probe_write(volatile unsigned long *addr, unsigned long val)
 * The access instructions have __ex_table entries: a fault there resumes
 * at the matching label, which returns -EFAULT.
 */
	.globl	hal_probe_read
	.type	hal_probe_read, %function
hal_probe_read:
1:	ldr	x2, [x0]
	str	x2, [x1]
	mov	w0, #0
	ret
2:	mov	w0, #-14		/* -EFAULT */
	ret
	.size	hal_probe_read, . - hal_probe_read

	.globl	hal_probe_write
	.type	hal_probe_write, %function
hal_probe_write:
3:	str	x1, [x0]
	mov	w0, #0
	ret
4:	mov	w0, #-14		/* -EFAULT */
	ret
	.size	hal_probe_write, . - hal_probe_write

	.section __ex_table, "a"
	.balign	8
	.quad	1b, 2b
	.quad	3b, 4b
