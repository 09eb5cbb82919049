/*
 * trap.c - what core does with the traps the arch hands it, and panic.
 */
#include <kernel.h>
#include <sched.h>
#include <mm.h>
#include <proc.h>

#define NR_IRQS 1024

volatile uint64_t trap_breakpoints;
volatile uint64_t irq_count;

static struct {
	irq_handler_t fn;
	void *arg;
} irq_table[NR_IRQS];

static const char *const kind_names[] = {
	[HAL_TRAP_BREAKPOINT] = "breakpoint",
	[HAL_TRAP_PAGE_FAULT] = "page fault",
	[HAL_TRAP_ILLEGAL] = "illegal instruction",
	[HAL_TRAP_ALIGN] = "alignment fault",
	[HAL_TRAP_BUS] = "bus error",
	[HAL_TRAP_ARITH] = "arithmetic exception",
	[HAL_TRAP_SYSCALL] = "system call",
	[HAL_TRAP_OTHER] = "exception",
};

int irq_register(unsigned int irq, irq_handler_t fn, void *arg)
{
	if (irq >= NR_IRQS || !fn)
		return -EINVAL;
	if (irq_table[irq].fn)
		return -EBUSY;
	irq_table[irq].arg = arg;
	irq_table[irq].fn = fn;
	hal_irq_unmask(irq);
	return 0;
}

void core_irq_dispatch(unsigned int irq)
{
	static bool warned[NR_IRQS];

	irq_count++;
	if (irq < NR_IRQS && irq_table[irq].fn) {
		irq_table[irq].fn(irq, irq_table[irq].arg);
		return;
	}
	if (irq < NR_IRQS && !warned[irq]) {
		warned[irq] = true;
		pr_warn("irq %u: no handler, masking it\n", irq);
	}
	if (irq < NR_IRQS)
		hal_irq_mask(irq);
}

static void __noreturn oops(struct hal_trapframe *tf, const struct hal_trap_info *info)
{
	panicking = true;
	kprintf(KERN_EMERG "Oops: %s (%s) at pc %#lx, address %#lx, access %s%s%s%s, code %#lx, %s mode\n",
		kind_names[info->kind], info->name ? info->name : "?",
		(unsigned long)hal_tf_pc(tf), (unsigned long)info->addr,
		info->access & HAL_FAULT_READ ? "r" : "", info->access & HAL_FAULT_WRITE ? "w" : "",
		info->access & HAL_FAULT_EXEC ? "x" : "", info->access & HAL_FAULT_PROT ? " (protection)" : "",
		info->code, hal_tf_from_user(tf) ? "user" : "kernel");
	hal_tf_dump(tf);
	panic("fatal %s in %s mode", kind_names[info->kind], hal_tf_from_user(tf) ? "user" : "kernel");
}

void core_trap_exception(struct hal_trapframe *tf, const struct hal_trap_info *info)
{
	if (info->kind > HAL_TRAP_OTHER)
		oops(tf, &(struct hal_trap_info){ .kind = HAL_TRAP_OTHER, .name = "bad kind" });
	if (!hal_tf_from_user(tf)) {
		if (info->kind == HAL_TRAP_BREAKPOINT) {
			trap_breakpoints++;
			hal_tf_skip_breakpoint(tf);
			return;
		}
		/* A probe or (later) a user copy that expected the fault. */
		if (hal_tf_fixup(tf))
			return;
	}
	if (hal_tf_from_user(tf) && proc_current()) {
		struct proc *p = proc_current();
		hal_irq_enable();
		if (info->kind == HAL_TRAP_PAGE_FAULT && p->mm &&
		    mm_fault(p->mm, info->addr, info->access) == 0) {
			hal_irq_disable();
			return;
		}
		signal_force_fault(tf, info);
		hal_irq_disable();
		return;
	}
	oops(tf, info);
}

/*
 * On every way out of a trap: switch threads if the tick asked for it, and
 * on the way back to user mode deliver pending signals, until neither is
 * left to do.  Interrupts disabled on entry and exit.
 */
void core_trap_return(struct hal_trapframe *tf)
{
	if (panicking)
		return;
	for (;;) {
		if (need_resched) {
			schedule();
			continue;
		}
		struct thread *t = thread_current();
		if (hal_tf_from_user(tf) && t->proc &&
		    ((t->sigpending | t->proc->pending) & ~t->sigmask ||
		     ((t->sigpending | t->proc->pending) & (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))) ||
		     t->in_syscall)) {
			signal_deliver_pending(tf);
			if (need_resched)
				continue;
		}
		return;
	}
}

void core_panic(const char *fmt, ...)
{
	static int nested;
	va_list ap;
	char msg[256];

	hal_irq_disable();
	panicking = true;
	if (nested++) {
		/* A panic while panicking: stop without printing more. */
		hal_poweroff(2);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf(KERN_EMERG "Kernel panic - not syncing: %s\n", msg);
	console_puts("socle: poweroff status=2\n");
	hal_poweroff(2);
}
