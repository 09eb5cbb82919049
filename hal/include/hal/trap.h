/*
 * hal/trap.h - traps, exceptions and interrupts.
 *
 * The arch owns the vectors.  On every trap it saves the interrupted state in
 * a struct hal_trapframe (defined in <arch/hal_arch.h>) on the current
 * thread's kernel stack - never on a per-CPU stack, so that core may switch
 * threads from inside a handler - and calls exactly one of the core entry
 * points in <hal/core.h>:
 *
 *   core_trap_exception(tf, &info)  synchronous exception (fault, breakpoint,
 *                                   illegal instruction, ...);
 *   core_irq_dispatch(irq)          a device interrupt, already claimed from
 *                                   the controller, EOI'd by the arch after;
 *   core_timer_tick()               the arch timer fired;
 * and then, for interrupts, core_trap_return(tf) just before restoring tf
 * (core may switch threads there, so the interrupt must already be
 * acknowledged / EOI'd at the controller and the timer source quietened).
 *
 * Interrupts stay disabled in handlers: core does not nest interrupts.
 */
#ifndef HAL_TRAP_H
#define HAL_TRAP_H

#include <hal/types.h>

struct hal_trapframe;

enum hal_trap_kind {
	HAL_TRAP_BREAKPOINT,	/* the instruction hal_trap_breakpoint() runs */
	HAL_TRAP_PAGE_FAULT,	/* translation or permission fault */
	HAL_TRAP_ILLEGAL,	/* undefined / privileged instruction */
	HAL_TRAP_ALIGN,		/* misaligned access the CPU refused */
	HAL_TRAP_BUS,		/* external abort / machine check on access */
	HAL_TRAP_ARITH,		/* divide by zero and friends */
	HAL_TRAP_SYSCALL,	/* system call instruction */
	HAL_TRAP_OTHER,
};

/* Access bits of a fault. */
#define HAL_FAULT_READ	0x1
#define HAL_FAULT_WRITE	0x2
#define HAL_FAULT_EXEC	0x4
#define HAL_FAULT_PROT	0x8	/* page present but access not allowed */

struct hal_trap_info {
	enum hal_trap_kind kind;
	vaddr_t addr;		/* faulting data/instruction address, or 0 */
	unsigned int access;	/* HAL_FAULT_* for page faults */
	unsigned long code;	/* raw arch cause (vector, ESR, scause...) */
	const char *name;	/* arch's name for the cause, for dumps */
};

/* Trapframe accessors, any context where tf is valid. */
vaddr_t hal_tf_pc(const struct hal_trapframe *tf);
void hal_tf_set_pc(struct hal_trapframe *tf, vaddr_t pc);
vaddr_t hal_tf_sp(const struct hal_trapframe *tf);
bool hal_tf_from_user(const struct hal_trapframe *tf);

/*
 * hal_tf_dump - print every register of tf through core's kprintf, one
 * readable block, for panics and fatal-signal reports.
 */
void hal_tf_dump(const struct hal_trapframe *tf);

/*
 * hal_trap_breakpoint - execute the arch's breakpoint (or otherwise
 * guaranteed-trapping) instruction once.  The trap reaches
 * core_trap_exception() with kind HAL_TRAP_BREAKPOINT; core then calls
 * hal_tf_skip_breakpoint(tf) and the function returns normally.
 * Kernel mode, any interrupt state.
 */
void hal_trap_breakpoint(void);

/* Advance tf past the instruction hal_trap_breakpoint() trapped on. */
void hal_tf_skip_breakpoint(struct hal_trapframe *tf);

/*
 * Exception fixups (Linux's exception tables).  hal_probe_read/write access
 * one naturally aligned machine word at addr from kernel mode; if the access
 * faults, core_trap_exception() sees the fault, calls hal_tf_fixup(tf),
 * which redirects tf to the probe's recovery path, and the probe returns
 * -EFAULT.  Otherwise they return 0.
 *
 * hal_tf_fixup returns true when the faulting PC of tf has a fixup entry
 * (and tf now resumes there), false otherwise.
 */
int hal_probe_read(const volatile unsigned long *addr, unsigned long *val);
int hal_probe_write(volatile unsigned long *addr, unsigned long val);
bool hal_tf_fixup(struct hal_trapframe *tf);

#endif
