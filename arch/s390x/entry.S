/*
 * entry.S - s390x interruption entry and exit, context switch, probes.
 *
 * On an interruption the CPU stores the old PSW in the lowcore and loads
 * the new PSW of the class; the general registers are untouched.  Each
 * handler stores r0-r15 in its own lowcore save area, takes the current
 * kernel stack or, from problem state, the top of the thread's kernel
 * stack that hal_set_kernel_stack() left in LC_KERNEL_STACK, builds a
 * struct hal_trapframe below it, and calls the C handler with the frame.
 * New PSWs keep I/O, external and machine-check interruptions masked, so
 * nothing can overwrite a lowcore area before it is copied.  The exit path
 * restores the frame and loads the saved PSW with LPSWE from
 * LC_RETURN_PSW.
 *
 * User state that the kernel never touches is switched lazily: the access
 * registers are stored in the frame on entry from problem state and loaded
 * from it on the way back; the floating-point and vector registers move
 * only in hal_ctx_switch().  The kernel is built without the vector
 * facility, so this file selects z13 for the vector instructions it uses
 * itself.
 */
#include <arch/hal_arch.h>
#include "s390x.h"

	.machine z13
	.text

	.macro	INT_ENTRY name, save, old, class
	.globl	\name
	.type	\name, @function
\name:
	stmg	%r0, %r15, \save
	tm	\old + 1, 0x01			/* problem state? */
	jz	1f
	lg	%r15, LC_KERNEL_STACK
	aghi	%r15, -S390X_TF_SIZE
	stam	%a0, %a15, S390X_TF_ACRS(%r15)
	j	2f
1:	aghi	%r15, -S390X_TF_SIZE
2:	mvc	S390X_TF_GPRS(128, %r15), \save
	mvc	S390X_TF_PSW_MASK(16, %r15), \old
	xc	S390X_TF_TEID(16, %r15), S390X_TF_TEID(%r15)	/* teid, code, ilc */
	xc	S390X_TF_CLASS(16, %r15), S390X_TF_CLASS(%r15)	/* class, flags, parm */
	xc	S390X_TF_DXC(8, %r15), S390X_TF_DXC(%r15)
	mvc	S390X_TF_ORIG_GPR2(8, %r15), \save + 16
	mvhi	S390X_TF_CLASS(%r15), \class
	.endm

/*
 * Call the C handler with the frame; below a user frame the thread's FP
 * area (s390x_tf_fpu()) is skipped.  r13 keeps the frame across the call
 * (callee-saved, also across the thread switches core may do in it).
 */
	.macro	INT_CALL handler
	lgr	%r2, %r15
	lgr	%r13, %r15
	tm	S390X_TF_PSW_MASK + 1(%r15), 0x01
	jz	3f
	aghi	%r15, -S390X_FPU_SIZE
3:	aghi	%r15, -160
	xc	0(8, %r15), 0(%r15)
	brasl	%r14, \handler
	lgr	%r15, %r13
	j	s390x_int_return
	.endm

INT_ENTRY s390x_pgm_entry, LC_SAVE_PGM, LC_PGM_OLD_PSW, S390X_INT_PGM
	mvc	S390X_TF_TEID(8, %r15), LC_TEID
	llgh	%r1, LC_PGM_CODE
	st	%r1, S390X_TF_CODE(%r15)
	llgh	%r1, LC_PGM_ILC
	nill	%r1, 0x6			/* ILC field * 2 = bytes */
	st	%r1, S390X_TF_ILC(%r15)
	llgc	%r1, LC_DATA_EXC_CODE + 3
	st	%r1, S390X_TF_DXC(%r15)
INT_CALL s390x_pgm_handler

INT_ENTRY s390x_ext_entry, LC_SAVE_EXT, LC_EXT_OLD_PSW, S390X_INT_EXT
	llgh	%r1, LC_EXT_INT_CODE
	st	%r1, S390X_TF_CODE(%r15)
	llgf	%r1, LC_EXT_PARAMS
	stg	%r1, S390X_TF_PARM(%r15)
INT_CALL s390x_ext_handler

INT_ENTRY s390x_svc_entry, LC_SAVE_SVC, LC_SVC_OLD_PSW, S390X_INT_SVC
	llgh	%r1, LC_SVC_CODE
	st	%r1, S390X_TF_CODE(%r15)
	llgh	%r1, LC_SVC_ILC
	nill	%r1, 0x6
	st	%r1, S390X_TF_ILC(%r15)
INT_CALL s390x_svc_handler

INT_ENTRY s390x_io_entry, LC_SAVE_IO, LC_IO_OLD_PSW, S390X_INT_IO
	mvc	S390X_TF_CODE(4, %r15), LC_SUBCHANNEL_ID
	mvc	S390X_TF_PARM(8, %r15), LC_IO_INT_PARM	/* parameter, word */
INT_CALL s390x_io_handler

INT_ENTRY s390x_mcck_entry, LC_SAVE_MCCK, LC_MCCK_OLD_PSW, S390X_INT_MCCK
	mvc	S390X_TF_PARM(8, %r15), LC_MCCK_CODE
INT_CALL s390x_mcck_handler

INT_ENTRY s390x_restart_entry, LC_SAVE_RESTART, LC_RESTART_OLD_PSW, S390X_INT_RESTART
INT_CALL s390x_restart_handler

/*
 * Restore the trapframe at r15 and resume the interrupted PSW.  On the way
 * to problem state the access registers come back from the frame, and a
 * frame made by hal_tf_init_user() first clears the FP/vector state.
 */
	.globl	s390x_int_return
s390x_int_return:
	tm	S390X_TF_PSW_MASK + 1(%r15), 0x01
	jz	2f
	tm	S390X_TF_FLAGS + 3(%r15), S390X_TF_FP_RESET
	jz	1f
	ni	S390X_TF_FLAGS + 3(%r15), 0xff - S390X_TF_FP_RESET
	brasl	%r14, s390x_fp_reset
1:	lam	%a0, %a15, S390X_TF_ACRS(%r15)
2:	mvc	LC_RETURN_PSW(16), S390X_TF_PSW_MASK(%r15)
	lmg	%r0, %r15, S390X_TF_GPRS(%r15)
	lpswe	LC_RETURN_PSW

/*
 * void hal_user_return(struct hal_trapframe *tf) - tf is the user frame at
 * the top of the current kernel stack: the exit path restores it, and the
 * next interruption from problem state rebuilds it in the same place.
 */
	.globl	hal_user_return
	.type	hal_user_return, @function
hal_user_return:
	lgr	%r15, %r2
	j	s390x_int_return

/*
 * The user FP state, at a struct s390x_fpu: the FPC, then v0-v31 when the
 * vector facility is enabled (s390x_vx, set by s390x_fpu_init()), else
 * f0-f15.  The macros change only tmp; the C-callable functions r1 (and
 * s390x_fp_reset r2), and need no stack.
 *
 * void s390x_fp_save(struct s390x_fpu *fpu)
 * void s390x_fp_load(const struct s390x_fpu *fpu)
 * void s390x_fp_reset(void)
 */
	.macro	FP_SAVE reg, tmp
	stfpc	S390X_FPU_FPC(\reg)
	larl	\tmp, s390x_vx
	cli	0(\tmp), 0
	je	91f
	vstm	%v0, %v15, S390X_FPU_VXRS(\reg)
	vstm	%v16, %v31, S390X_FPU_VXRS + 256(\reg)
	j	92f
91:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	std	%f\n, S390X_FPU_VXRS + 16 * \n(\reg)
	.endr
92:
	.endm

	.macro	FP_LOAD reg, tmp
	lfpc	S390X_FPU_FPC(\reg)
	larl	\tmp, s390x_vx
	cli	0(\tmp), 0
	je	93f
	vlm	%v0, %v15, S390X_FPU_VXRS(\reg)
	vlm	%v16, %v31, S390X_FPU_VXRS + 256(\reg)
	j	94f
93:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	ld	%f\n, S390X_FPU_VXRS + 16 * \n(\reg)
	.endr
94:
	.endm

	.globl	s390x_fp_save
s390x_fp_save:
	FP_SAVE	%r2, %r1
	br	%r14

	.globl	s390x_fp_load
s390x_fp_load:
	FP_LOAD	%r2, %r1
	br	%r14

	.globl	s390x_fp_reset
s390x_fp_reset:
	larl	%r2, s390x_fp_zero
	FP_LOAD	%r2, %r1
	br	%r14

/*
 * int s390x_test_fpc(uint32_t fpc) - load fpc into the FPC and put the old
 * value back: 0, or -EINVAL when SFPC raises a specification exception
 * (reserved bits, an invalid rounding mode), caught by the exception
 * table.
 */
	.globl	s390x_test_fpc
s390x_test_fpc:
	efpc	%r1
	lghi	%r0, -22			/* -EINVAL */
.Ltest_fpc:
	sfpc	%r2
	lghi	%r0, 0
	sfpc	%r1
.Ltest_fpc_fault:
	lgr	%r2, %r0
	br	%r14

	.section __ex_table, "a"
	.balign	8
	.quad	.Ltest_fpc, .Ltest_fpc_fault
	.previous

	.section .rodata
	.balign	8
s390x_fp_zero:
	.fill	S390X_FPU_SIZE, 1, 0
	.text

/*
 * void s390x_install_psws(uint64_t mask) - point every new PSW of the
 * lowcore at its entry above, with the given mask.
 */
	.globl	s390x_install_psws
s390x_install_psws:
	.irp	psw, LC_RESTART_NEW_PSW, LC_EXT_NEW_PSW, LC_SVC_NEW_PSW, LC_PGM_NEW_PSW, LC_MCCK_NEW_PSW, LC_IO_NEW_PSW
	stg	%r2, \psw
	.endr
	larl	%r1, s390x_restart_entry
	stg	%r1, LC_RESTART_NEW_PSW + 8
	larl	%r1, s390x_ext_entry
	stg	%r1, LC_EXT_NEW_PSW + 8
	larl	%r1, s390x_svc_entry
	stg	%r1, LC_SVC_NEW_PSW + 8
	larl	%r1, s390x_pgm_entry
	stg	%r1, LC_PGM_NEW_PSW + 8
	larl	%r1, s390x_mcck_entry
	stg	%r1, LC_MCCK_NEW_PSW + 8
	larl	%r1, s390x_io_entry
	stg	%r1, LC_IO_NEW_PSW + 8
	br	%r14

/*
 * void s390x_load_psw(uint64_t mask, uint64_t addr) - load a PSW built in
 * the callee's part of the register save area (offsets 128-159 hold f0-f6,
 * unused with -msoft-float).
 */
	.globl	s390x_load_psw
s390x_load_psw:
	stg	%r2, 128(%r15)
	stg	%r3, 136(%r15)
	lpswe	128(%r15)

/*
 * void hal_cpu_idle(void) - enabled wait.  The interrupt handlers clear the
 * wait bit and the I/O and external masks of an old PSW that was waiting,
 * so the interrupt returns to .Lidle_done with interrupts disabled.
 */
	.globl	hal_cpu_idle
hal_cpu_idle:
	larl	%r1, s390x_kernel_psw_mask
	lg	%r0, 0(%r1)
	oihh	%r0, 0x0302			/* I/O, external, wait */
	stg	%r0, 128(%r15)
	larl	%r1, .Lidle_done
	stg	%r1, 136(%r15)
	lpswe	128(%r15)
.Lidle_done:
	br	%r14

/*
 * void hal_ctx_switch(struct hal_context *from, struct hal_context *to)
 * Save r6-r15 into *from and the live user FP state into from->fpu, load
 * to->fpu into the FP registers and r6-r15 from *to, return on the new
 * stack.
 */
	.globl	hal_ctx_switch
hal_ctx_switch:
	stmg	%r6, %r15, S390X_CTX_GPRS(%r2)
	ltg	%r4, S390X_CTX_FPU(%r2)
	jz	1f
	FP_SAVE	%r4, %r1
1:	ltg	%r4, S390X_CTX_FPU(%r3)
	jz	2f
	FP_LOAD	%r4, %r1
2:	lmg	%r6, %r15, S390X_CTX_GPRS(%r3)
	br	%r14

/* First code of a new thread: hal_ctx_init put entry in r6, arg in r7. */
	.globl	s390x_ctx_start
s390x_ctx_start:
	lgr	%r2, %r7
	basr	%r14, %r6
	brasl	%r14, hal_cpu_halt

/*
 * void hal_trap_breakpoint(void) - the 2-byte undefined instruction 0x0001
 * raises an operation exception; trap.c reports it as a breakpoint.
 */
	.globl	hal_trap_breakpoint
	.globl	s390x_breakpoint_insn
hal_trap_breakpoint:
s390x_breakpoint_insn:
	.short	S390X_BREAKPOINT_INSN
	br	%r14

/*
 * int hal_probe_read(const volatile unsigned long *addr, unsigned long *val)
 * int hal_probe_write(volatile unsigned long *addr, unsigned long val)
 * The access instruction has an __ex_table entry pointing at the -EFAULT
 * return.
 */
	.globl	hal_probe_read
hal_probe_read:
.Lprobe_read:
	lg	%r1, 0(%r2)
	stg	%r1, 0(%r3)
	lghi	%r2, 0
	br	%r14
.Lprobe_read_fault:
	lghi	%r2, -14			/* -EFAULT */
	br	%r14

	.globl	hal_probe_write
hal_probe_write:
.Lprobe_write:
	stg	%r3, 0(%r2)
	lghi	%r2, 0
	br	%r14
.Lprobe_write_fault:
	lghi	%r2, -14
	br	%r14

	.section __ex_table, "a"
	.balign	8
	.quad	.Lprobe_read, .Lprobe_read_fault
	.quad	.Lprobe_write, .Lprobe_write_fault
