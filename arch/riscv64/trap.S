/*
 * trap.S - trap vector, context switch and fault-tolerant probes.
 *
 * sscratch is zero while the hart runs kernel code.  While it runs user
 * code, sscratch holds the top of the current thread's kernel stack (set on
 * the way out to user mode from the frame's address, which is always that
 * top minus one frame), so the vector tells the two apart with one swap.
 * Kernel traps build their frame on the current stack; user traps at the
 * top of the thread's kernel stack.  Either way the frame is on the
 * interrupted thread's kernel stack, so core may switch threads from
 * inside a handler.  The FPU part of a user frame is handled in C (user.c).
 */
#include <arch/hal_arch.h>
#include <errno.h>

#define FRAME	(RISCV64_TF_SLOTS * 8)
#define R(n)	((RISCV64_TF_REGS + (n)) * 8)

/* Save / restore every general register except x0 and sp. */
.macro	save_gprs
	sd	x1, R(1)(sp)
	sd	x3, R(3)(sp)
	sd	x4, R(4)(sp)
	sd	x5, R(5)(sp)
	sd	x6, R(6)(sp)
	sd	x7, R(7)(sp)
	sd	x8, R(8)(sp)
	sd	x9, R(9)(sp)
	sd	x10, R(10)(sp)
	sd	x11, R(11)(sp)
	sd	x12, R(12)(sp)
	sd	x13, R(13)(sp)
	sd	x14, R(14)(sp)
	sd	x15, R(15)(sp)
	sd	x16, R(16)(sp)
	sd	x17, R(17)(sp)
	sd	x18, R(18)(sp)
	sd	x19, R(19)(sp)
	sd	x20, R(20)(sp)
	sd	x21, R(21)(sp)
	sd	x22, R(22)(sp)
	sd	x23, R(23)(sp)
	sd	x24, R(24)(sp)
	sd	x25, R(25)(sp)
	sd	x26, R(26)(sp)
	sd	x27, R(27)(sp)
	sd	x28, R(28)(sp)
	sd	x29, R(29)(sp)
	sd	x30, R(30)(sp)
	sd	x31, R(31)(sp)
.endm

.macro	restore_gprs
	ld	x1, R(1)(sp)
	ld	x3, R(3)(sp)
	ld	x4, R(4)(sp)
	ld	x5, R(5)(sp)
	ld	x6, R(6)(sp)
	ld	x7, R(7)(sp)
	ld	x8, R(8)(sp)
	ld	x9, R(9)(sp)
	ld	x10, R(10)(sp)
	ld	x11, R(11)(sp)
	ld	x12, R(12)(sp)
	ld	x13, R(13)(sp)
	ld	x14, R(14)(sp)
	ld	x15, R(15)(sp)
	ld	x16, R(16)(sp)
	ld	x17, R(17)(sp)
	ld	x18, R(18)(sp)
	ld	x19, R(19)(sp)
	ld	x20, R(20)(sp)
	ld	x21, R(21)(sp)
	ld	x22, R(22)(sp)
	ld	x23, R(23)(sp)
	ld	x24, R(24)(sp)
	ld	x25, R(25)(sp)
	ld	x26, R(26)(sp)
	ld	x27, R(27)(sp)
	ld	x28, R(28)(sp)
	ld	x29, R(29)(sp)
	ld	x30, R(30)(sp)
	ld	x31, R(31)(sp)
.endm

	.text
	.balign	4
	.globl	riscv64_trap_entry
riscv64_trap_entry:
	csrrw	sp, sscratch, sp
	bnez	sp, .Lfrom_user
	/* From the kernel: take sp back (sscratch is zero again). */
	csrrw	sp, sscratch, sp
	addi	sp, sp, -FRAME
	save_gprs
	addi	t0, sp, FRAME
	sd	t0, R(2)(sp)
	j	.Lsaved
.Lfrom_user:
	/* sp is the kernel stack top, sscratch the user sp. */
	addi	sp, sp, -FRAME
	save_gprs
	csrr	t0, sscratch
	sd	t0, R(2)(sp)
	csrw	sscratch, zero
.Lsaved:
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, scause
	csrr	t3, stval
	sd	t0, RISCV64_TF_SEPC * 8(sp)
	sd	t1, RISCV64_TF_SSTATUS * 8(sp)
	sd	t2, RISCV64_TF_SCAUSE * 8(sp)
	sd	t3, RISCV64_TF_STVAL * 8(sp)
	mv	a0, sp
	call	riscv64_trap

	/*
	 * Restore.  The saved sstatus has SIE clear (the hart cleared it on
	 * entry; hal_tf_init_user() builds it so), so interrupts stay off
	 * until sret copies SPIE back.  riscv64_user_return enters here with
	 * sp at the frame of a thread that starts in user mode.
	 */
.Lrestore:
	ld	t0, RISCV64_TF_SSTATUS * 8(sp)
	ld	t1, RISCV64_TF_SEPC * 8(sp)
	csrw	sstatus, t0
	csrw	sepc, t1
	andi	t0, t0, RISCV64_SSTATUS_SPP
	bnez	t0, 1f
	/* Back to user mode: the next trap starts at this stack's top. */
	addi	t0, sp, FRAME
	csrw	sscratch, t0
1:	restore_gprs
	ld	sp, R(2)(sp)
	sret

/*
 * void riscv64_user_return(struct hal_trapframe *tf)
 * The end of hal_user_return(): tf is the user frame at the top of the
 * current kernel stack; the C stack below it is abandoned.
 */
	.globl	riscv64_user_return
riscv64_user_return:
	mv	sp, a0
	j	.Lrestore

/*
 * void hal_ctx_switch(struct hal_context *from, struct hal_context *to)
 * Saves the callee-saved registers, sp and the return address in *from and
 * resumes *to.  Interrupts are disabled by the caller.
 */
	.globl	hal_ctx_switch
hal_ctx_switch:
	/*
	 * Whichever thread runs next, the FPU registers may no longer be
	 * those of the user frame they were last loaded from (user.c).
	 */
	la	t0, riscv64_fpu_owner
	sd	zero, 0(t0)
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	sd	s0, 16(a0)
	sd	s1, 24(a0)
	sd	s2, 32(a0)
	sd	s3, 40(a0)
	sd	s4, 48(a0)
	sd	s5, 56(a0)
	sd	s6, 64(a0)
	sd	s7, 72(a0)
	sd	s8, 80(a0)
	sd	s9, 88(a0)
	sd	s10, 96(a0)
	sd	s11, 104(a0)
	ld	ra, 0(a1)
	ld	sp, 8(a1)
	ld	s0, 16(a1)
	ld	s1, 24(a1)
	ld	s2, 32(a1)
	ld	s3, 40(a1)
	ld	s4, 48(a1)
	ld	s5, 56(a1)
	ld	s6, 64(a1)
	ld	s7, 72(a1)
	ld	s8, 80(a1)
	ld	s9, 88(a1)
	ld	s10, 96(a1)
	ld	s11, 104(a1)
	ret

/*
 * void riscv64_fpu_save(struct hal_trapframe *tf)
 * void riscv64_fpu_load(const struct hal_trapframe *tf)
 * Copy f0..f31 and fcsr between the FPU and the frame.  The kernel itself
 * is built without F and D; only these two functions use the FPU, and only
 * on harts that have both (riscv64_fpu_present).  Saving needs the FPU on,
 * which the Dirty state it is called for implies; loading turns it on
 * (the caller then restores sstatus.FS from the frame).
 */
	.option	push
	.option	arch, +d
	.globl	riscv64_fpu_save
riscv64_fpu_save:
	fsd	f0, (RISCV64_TF_FREGS + 0) * 8(a0)
	fsd	f1, (RISCV64_TF_FREGS + 1) * 8(a0)
	fsd	f2, (RISCV64_TF_FREGS + 2) * 8(a0)
	fsd	f3, (RISCV64_TF_FREGS + 3) * 8(a0)
	fsd	f4, (RISCV64_TF_FREGS + 4) * 8(a0)
	fsd	f5, (RISCV64_TF_FREGS + 5) * 8(a0)
	fsd	f6, (RISCV64_TF_FREGS + 6) * 8(a0)
	fsd	f7, (RISCV64_TF_FREGS + 7) * 8(a0)
	fsd	f8, (RISCV64_TF_FREGS + 8) * 8(a0)
	fsd	f9, (RISCV64_TF_FREGS + 9) * 8(a0)
	fsd	f10, (RISCV64_TF_FREGS + 10) * 8(a0)
	fsd	f11, (RISCV64_TF_FREGS + 11) * 8(a0)
	fsd	f12, (RISCV64_TF_FREGS + 12) * 8(a0)
	fsd	f13, (RISCV64_TF_FREGS + 13) * 8(a0)
	fsd	f14, (RISCV64_TF_FREGS + 14) * 8(a0)
	fsd	f15, (RISCV64_TF_FREGS + 15) * 8(a0)
	fsd	f16, (RISCV64_TF_FREGS + 16) * 8(a0)
	fsd	f17, (RISCV64_TF_FREGS + 17) * 8(a0)
	fsd	f18, (RISCV64_TF_FREGS + 18) * 8(a0)
	fsd	f19, (RISCV64_TF_FREGS + 19) * 8(a0)
	fsd	f20, (RISCV64_TF_FREGS + 20) * 8(a0)
	fsd	f21, (RISCV64_TF_FREGS + 21) * 8(a0)
	fsd	f22, (RISCV64_TF_FREGS + 22) * 8(a0)
	fsd	f23, (RISCV64_TF_FREGS + 23) * 8(a0)
	fsd	f24, (RISCV64_TF_FREGS + 24) * 8(a0)
	fsd	f25, (RISCV64_TF_FREGS + 25) * 8(a0)
	fsd	f26, (RISCV64_TF_FREGS + 26) * 8(a0)
	fsd	f27, (RISCV64_TF_FREGS + 27) * 8(a0)
	fsd	f28, (RISCV64_TF_FREGS + 28) * 8(a0)
	fsd	f29, (RISCV64_TF_FREGS + 29) * 8(a0)
	fsd	f30, (RISCV64_TF_FREGS + 30) * 8(a0)
	fsd	f31, (RISCV64_TF_FREGS + 31) * 8(a0)
	frcsr	t0
	sd	t0, RISCV64_TF_FCSR * 8(a0)
	ret

	.globl	riscv64_fpu_load
riscv64_fpu_load:
	li	t0, RISCV64_SSTATUS_FS_INITIAL
	csrs	sstatus, t0
	fld	f0, (RISCV64_TF_FREGS + 0) * 8(a0)
	fld	f1, (RISCV64_TF_FREGS + 1) * 8(a0)
	fld	f2, (RISCV64_TF_FREGS + 2) * 8(a0)
	fld	f3, (RISCV64_TF_FREGS + 3) * 8(a0)
	fld	f4, (RISCV64_TF_FREGS + 4) * 8(a0)
	fld	f5, (RISCV64_TF_FREGS + 5) * 8(a0)
	fld	f6, (RISCV64_TF_FREGS + 6) * 8(a0)
	fld	f7, (RISCV64_TF_FREGS + 7) * 8(a0)
	fld	f8, (RISCV64_TF_FREGS + 8) * 8(a0)
	fld	f9, (RISCV64_TF_FREGS + 9) * 8(a0)
	fld	f10, (RISCV64_TF_FREGS + 10) * 8(a0)
	fld	f11, (RISCV64_TF_FREGS + 11) * 8(a0)
	fld	f12, (RISCV64_TF_FREGS + 12) * 8(a0)
	fld	f13, (RISCV64_TF_FREGS + 13) * 8(a0)
	fld	f14, (RISCV64_TF_FREGS + 14) * 8(a0)
	fld	f15, (RISCV64_TF_FREGS + 15) * 8(a0)
	fld	f16, (RISCV64_TF_FREGS + 16) * 8(a0)
	fld	f17, (RISCV64_TF_FREGS + 17) * 8(a0)
	fld	f18, (RISCV64_TF_FREGS + 18) * 8(a0)
	fld	f19, (RISCV64_TF_FREGS + 19) * 8(a0)
	fld	f20, (RISCV64_TF_FREGS + 20) * 8(a0)
	fld	f21, (RISCV64_TF_FREGS + 21) * 8(a0)
	fld	f22, (RISCV64_TF_FREGS + 22) * 8(a0)
	fld	f23, (RISCV64_TF_FREGS + 23) * 8(a0)
	fld	f24, (RISCV64_TF_FREGS + 24) * 8(a0)
	fld	f25, (RISCV64_TF_FREGS + 25) * 8(a0)
	fld	f26, (RISCV64_TF_FREGS + 26) * 8(a0)
	fld	f27, (RISCV64_TF_FREGS + 27) * 8(a0)
	fld	f28, (RISCV64_TF_FREGS + 28) * 8(a0)
	fld	f29, (RISCV64_TF_FREGS + 29) * 8(a0)
	fld	f30, (RISCV64_TF_FREGS + 30) * 8(a0)
	fld	f31, (RISCV64_TF_FREGS + 31) * 8(a0)
	ld	t0, RISCV64_TF_FCSR * 8(a0)
	fscsr	t0
	ret
	.option	pop

/*
 * First code of a thread prepared by hal_ctx_init(): s1 = entry, s2 = arg.
 */
	.globl	riscv64_ctx_start
riscv64_ctx_start:
	mv	a0, s2
	jalr	s1
	call	riscv64_ctx_returned

/*
 * void hal_trap_breakpoint(void)
 * Always the 4-byte ebreak (never c.ebreak), whatever the assembler's
 * compression setting.
 */
	.globl	hal_trap_breakpoint
hal_trap_breakpoint:
	.option	push
	.option	norvc
	ebreak
	.option	pop
	ret

/*
 * int hal_probe_read(const volatile unsigned long *addr, unsigned long *val)
 * int hal_probe_write(volatile unsigned long *addr, unsigned long val)
 * One access that may fault; the fixup table sends a fault to the -EFAULT
 * return.
 */
	.globl	hal_probe_read
hal_probe_read:
.Lprobe_read_insn:
	ld	t0, 0(a0)
	sd	t0, 0(a1)
	li	a0, 0
	ret
.Lprobe_read_fault:
	li	a0, -EFAULT
	ret

	.globl	hal_probe_write
hal_probe_write:
.Lprobe_write_insn:
	sd	a1, 0(a0)
	li	a0, 0
	ret
.Lprobe_write_fault:
	li	a0, -EFAULT
	ret

	.section __riscv64_fixup, "a"
	.balign	8
	.dword	.Lprobe_read_insn, .Lprobe_read_fault
	.dword	.Lprobe_write_insn, .Lprobe_write_fault

/*
 * int riscv64_stimecmp_probe(void)
 * 0 when the stimecmp CSR (Sstc) is accessible, -1 when it traps.
 */
	.text
	.globl	riscv64_stimecmp_probe
riscv64_stimecmp_probe:
.Lstimecmp_insn:
	csrr	a0, 0x14d
	li	a0, 0
	ret
.Lstimecmp_fault:
	li	a0, -1
	ret

	.section __riscv64_fixup, "a"
	.balign	8
	.dword	.Lstimecmp_insn, .Lstimecmp_fault
