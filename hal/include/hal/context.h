/*
 * hal/context.h - kernel thread context switch.
 *
 * struct hal_context is defined by the arch in <arch/hal_arch.h>; core embeds
 * it in its thread structure and never looks inside.  It holds what a
 * function call does not preserve on its own: callee-saved registers, the
 * stack pointer, the resume address (and, later, FPU state).
 */
#ifndef HAL_CONTEXT_H
#define HAL_CONTEXT_H

#include <hal/types.h>

/*
 * hal_ctx_init - prepare a context that, when first switched to, calls
 * entry(arg) on the stack whose top (highest address, 16-byte aligned) is
 * stack_top.  entry must never return.  Interrupts are in the state they had
 * at the hal_ctx_switch() that starts it (disabled: core's entry trampoline
 * enables them).  Any context; does not sleep.
 */
void hal_ctx_init(struct hal_context *ctx, void *stack_top,
		  void (*entry)(void *), void *arg);

/*
 * hal_ctx_switch - save the running thread's context in *from and resume
 * *to.  Returns when some later hal_ctx_switch() resumes *from.  Called by
 * the scheduler only, with interrupts disabled; does not switch address
 * spaces (core calls hal_as_activate() for that).  May be called from within
 * an interrupt handler running on the interrupted thread's kernel stack.
 */
void hal_ctx_switch(struct hal_context *from, struct hal_context *to);

#endif
