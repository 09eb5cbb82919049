/*
 * switch.S - kernel thread context switch.
 *
 * struct hal_context (arch/hal_arch.h) holds rsp, rbx, rbp, r12-r15 and
 * the resume address.  Everything else is caller-saved in the SysV ABI, and
 * RFLAGS need not be kept: hal_ctx_switch() is always called with
 * interrupts disabled.
 */
#define CTX_RSP	0
#define CTX_RBX	8
#define CTX_RBP	16
#define CTX_R12	24
#define CTX_R13	32
#define CTX_R14	40
#define CTX_R15	48
#define CTX_RIP	56

	.text
/* void hal_ctx_switch(struct hal_context *from, struct hal_context *to) */
	.globl hal_ctx_switch
	.type hal_ctx_switch, @function
hal_ctx_switch:
	movq	(%rsp), %rax		/* resume where our caller called us */
	leaq	8(%rsp), %rcx		/* ... with the return address popped */
	movq	%rcx, CTX_RSP(%rdi)
	movq	%rbx, CTX_RBX(%rdi)
	movq	%rbp, CTX_RBP(%rdi)
	movq	%r12, CTX_R12(%rdi)
	movq	%r13, CTX_R13(%rdi)
	movq	%r14, CTX_R14(%rdi)
	movq	%r15, CTX_R15(%rdi)
	movq	%rax, CTX_RIP(%rdi)

	movq	CTX_RSP(%rsi), %rsp
	movq	CTX_RBX(%rsi), %rbx
	movq	CTX_RBP(%rsi), %rbp
	movq	CTX_R12(%rsi), %r12
	movq	CTX_R13(%rsi), %r13
	movq	CTX_R14(%rsi), %r14
	movq	CTX_R15(%rsi), %r15
	jmpq	*CTX_RIP(%rsi)
	.size hal_ctx_switch, . - hal_ctx_switch

/*
 * First code of a new thread (hal_ctx_init): r12 = argument, r13 = entry,
 * rsp = the 16-byte-aligned stack top.  The call leaves the stack aligned
 * as the ABI expects at function entry.  entry must not return.
 */
	.globl x86_64_thread_start
	.type x86_64_thread_start, @function
x86_64_thread_start:
	movq	%r12, %rdi
	xorl	%ebp, %ebp
	call	*%r13
	ud2
	.size x86_64_thread_start, . - x86_64_thread_start
