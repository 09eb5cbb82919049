/*
 * entry.S - s390x interruption entry and exit, context switch, probes.
 *
 * On an interruption the CPU stores the old PSW in the lowcore and loads
 * the new PSW of the class; the general registers are untouched.  Each
 * handler stores r0-r15 in its own lowcore save area, takes the current
 * kernel stack (or, from problem state, the stack in LC_KERNEL_STACK),
 * builds a struct hal_trapframe below it, and calls the C handler with
 * the frame.  New PSWs keep I/O, external and machine-check interruptions
 * masked, so nothing can overwrite a lowcore area before it is copied.
 * The exit path restores the frame and loads the saved PSW with LPSWE
 * from LC_RETURN_PSW.
 */
#include <arch/hal_arch.h>
#include "s390x.h"

	.text

	.macro	INT_ENTRY name, save, old, class
	.globl	\name
	.type	\name, @function
\name:
	stmg	%r0, %r15, \save
	tm	\old + 1, 0x01			/* problem state? */
	jz	1f
	lg	%r15, LC_KERNEL_STACK
1:	aghi	%r15, -S390X_TF_SIZE
	mvc	S390X_TF_GPRS(128, %r15), \save
	mvc	S390X_TF_PSW_MASK(16, %r15), \old
	xc	S390X_TF_TEID(8, %r15), S390X_TF_TEID(%r15)
	xc	S390X_TF_CODE(8, %r15), S390X_TF_CODE(%r15)
	xc	S390X_TF_PARM(8, %r15), S390X_TF_PARM(%r15)
	mvhi	S390X_TF_CLASS(%r15), \class
	.endm

	.macro	INT_CALL handler
	lgr	%r2, %r15
	aghi	%r15, -160
	xc	0(8, %r15), 0(%r15)
	brasl	%r14, \handler
	aghi	%r15, 160
	j	s390x_int_return
	.endm

INT_ENTRY s390x_pgm_entry, LC_SAVE_PGM, LC_PGM_OLD_PSW, S390X_INT_PGM
	mvc	S390X_TF_TEID(8, %r15), LC_TEID
	llgh	%r1, LC_PGM_CODE
	st	%r1, S390X_TF_CODE(%r15)
	llgh	%r1, LC_PGM_ILC
	nill	%r1, 0x6			/* ILC field * 2 = bytes */
	st	%r1, S390X_TF_ILC(%r15)
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

/* Restore the trapframe at r15 and resume the interrupted PSW. */
	.globl	s390x_int_return
s390x_int_return:
	mvc	LC_RETURN_PSW(16), S390X_TF_PSW_MASK(%r15)
	lmg	%r0, %r15, S390X_TF_GPRS(%r15)
	lpswe	LC_RETURN_PSW

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
 * Save r6-r15 into *from, load them from *to, return on the new stack.
 */
	.globl	hal_ctx_switch
hal_ctx_switch:
	stmg	%r6, %r15, 0(%r2)
	lmg	%r6, %r15, 0(%r3)
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
