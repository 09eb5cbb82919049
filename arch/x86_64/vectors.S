/*
 * vectors.S - trap entry stubs, the common trap path and the fault-probing
 * primitives with their exception-table entries.
 *
 * Every one of the 256 IDT vectors has a 16-byte stub at
 * x86_64_vector_stubs + 16 * vector.  The stub pushes a zero error code
 * when the CPU pushes none, then the vector number, and joins the common
 * path, which saves all general registers below them on the current stack
 * (struct hal_trapframe), calls x86_64_trap(tf) and returns with iretq.
 * Kernel-mode traps never switch stacks (no IST except for #DF), so core
 * may switch threads from inside x86_64_trap().
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

	.balign 16
x86_64_trap_common:
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
	cld
	movq	%rsp, %rdi
	call	x86_64_trap
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
	addq	$16, %rsp		/* vector and error code */
	iretq

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
