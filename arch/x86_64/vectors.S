/*
 * vectors.S - trap and system call entry, the ways back to user mode, and
 * the fault-probing primitives with their exception-table entries.
 *
 * Every one of the 256 IDT vectors has a 16-byte stub at
 * x86_64_vector_stubs + 16 * vector.  The stub pushes a zero error code
 * when the CPU pushes none, then the vector number, and joins the common
 * path, which saves all general registers below them (struct
 * hal_trapframe), reserves the frame's user-state room, calls
 * x86_64_trap(tf) and returns with iretq.  Kernel-mode traps never switch
 * stacks (no IST except for #DF), so core may switch threads from inside
 * x86_64_trap().  A trap from user mode arrives on TSS.RSP0, the top of the
 * thread's kernel stack, so its frame is exactly the thread's user frame.
 *
 * %gs: in kernel mode GS base is the per-CPU area (user.c), in user mode
 * it is the user's; swapgs on every entry from and exit to user mode
 * keeps it so.  The window between syscall and its swapgs (and between
 * the exit swapgs and sysret/iretq) runs with interrupts masked; only an
 * NMI could see the wrong %gs there, and the kernel uses no NMIs.
 */
#include <arch/hal_arch.h>

#define HAS_ERROR_CODE(v)	(((v) == 8) | ((v) == 10) | ((v) == 11) | ((v) == 12) | \
				 ((v) == 13) | ((v) == 14) | ((v) == 17) | ((v) == 21) | \
				 ((v) == 29) | ((v) == 30))

	.text
	.balign 16
	.globl x86_64_vector_stubs
x86_64_vector_stubs:
	.set vec, 0
	.rept 256
	.balign 16
	.if HAS_ERROR_CODE(vec) == 0
	pushq	$0
	.endif
	pushq	$vec
	jmp	x86_64_trap_common
	.set vec, vec + 1
	.endr

.macro SAVE_GPRS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$X86_64_TF_GPRS, %rsp
.endm

.macro RESTORE_GPRS
	addq	$X86_64_TF_GPRS, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
.endm

	.balign 16
x86_64_trap_common:
	/* Stack: vector, error, rip, cs, rflags, rsp, ss. */
	testb	$3, 24(%rsp)
	jz	1f
	swapgs
	/* From user mode: drop whatever flags user mode left that interrupt
	 * gates keep (AC would lift SMAP; DF is cleared below anyway). */
	pushq	$2
	popfq
1:	SAVE_GPRS
	cld
	movq	$-1, X86_64_TF_ORIG_RAX(%rsp)
	movq	%rsp, %rdi
	call	x86_64_trap
	/* Fall through: the frame is still at %rsp. */

/*
 * x86_64_iret_exit - restore the frame at %rsp and return from it with
 * iretq, to kernel or user mode.  Also the way a new program or thread
 * first enters user mode (x86_64_enter_user).
 */
	.globl x86_64_iret_exit
x86_64_iret_exit:
	RESTORE_GPRS
	addq	$16, %rsp		/* vector and error code */
	testb	$3, 8(%rsp)		/* cs */
	jz	2f
	swapgs
2:	iretq

/* void x86_64_enter_user(struct hal_trapframe *tf): never returns. */
	.globl x86_64_enter_user
	.type x86_64_enter_user, @function
x86_64_enter_user:
	movq	%rdi, %rsp
	jmp	x86_64_iret_exit
	.size x86_64_enter_user, . - x86_64_enter_user

/*
 * x86_64_syscall_entry - LSTAR.  syscall left the user rip in %rcx and
 * rflags in %r11, masked rflags with FMASK (interrupts off, DF/AC/TF
 * clear) and did not touch %rsp.  Build the same frame a trap from user
 * mode would have at the top of the kernel stack: the registers as user
 * mode had them (rcx/r11 slots = rip/rflags, as Linux's frame), then let
 * x86_64_syscall() do the work.  It returns nonzero when sysretq can
 * restore the frame exactly (rcx == rip, r11 == rflags, user selectors,
 * a user rip, no TF/RF), else the iretq path takes over.
 */
	.balign 16
	.globl x86_64_syscall_entry
	.type x86_64_syscall_entry, @function
x86_64_syscall_entry:
	swapgs
	movq	%rsp, %gs:X86_64_PERCPU_USER_RSP
	movq	%gs:X86_64_PERCPU_KSTACK, %rsp
	pushq	$X86_64_USER_DS			/* ss */
	pushq	%gs:X86_64_PERCPU_USER_RSP	/* rsp */
	pushq	%r11				/* rflags */
	pushq	$X86_64_USER_CS			/* cs */
	pushq	%rcx				/* rip */
	pushq	$0				/* error */
	pushq	$X86_64_VEC_SYSCALL		/* vector */
	SAVE_GPRS
	movq	%rax, X86_64_TF_ORIG_RAX(%rsp)
	movq	%rsp, %rdi
	call	x86_64_syscall
	testl	%eax, %eax
	jz	x86_64_iret_exit
	RESTORE_GPRS
	/* Stack: vector, error, rip, cs, rflags, rsp, ss; rcx and r11 hold
	 * rip and rflags. */
	swapgs
	movq	40(%rsp), %rsp
	sysretq
	.size x86_64_syscall_entry, . - x86_64_syscall_entry

/*
 * int hal_probe_read(const volatile unsigned long *addr, unsigned long *val)
 * int hal_probe_write(volatile unsigned long *addr, unsigned long val)
 * The one access that may fault is listed in __ex_table with the address
 * to resume at, where the function returns -EFAULT.
 */
#define EFAULT	14

	.globl hal_probe_read
	.type hal_probe_read, @function
hal_probe_read:
1:	movq	(%rdi), %rax
	movq	%rax, (%rsi)
	xorl	%eax, %eax
	ret
2:	movl	$-EFAULT, %eax
	ret
	.size hal_probe_read, . - hal_probe_read

	.globl hal_probe_write
	.type hal_probe_write, @function
hal_probe_write:
3:	movq	%rsi, (%rdi)
	xorl	%eax, %eax
	ret
4:	movl	$-EFAULT, %eax
	ret
	.size hal_probe_write, . - hal_probe_write

	.section __ex_table, "a"
	.balign 8
	.quad 1b, 2b
	.quad 3b, 4b
