/*
 * trap.c - from the vectors' trap frame to core's entry points.
 */
#include <arch/ppc64le.h>
#include <kernel.h>

/* DSISR bits (and the same bits of SRR1 for instruction storage faults). */
#define DSISR_NOPTE	0x40000000UL
#define DSISR_PROT	0x08000000UL
#define DSISR_STORE	0x02000000UL
#define SRR1_ISI_NOEXEC	0x10000000UL
#define SRR1_ISI_PROT	0x08000000UL

/* SRR1 bits of a program interrupt. */
#define SRR1_PROG_FP	0x00100000UL
#define SRR1_PROG_ILL	0x00080000UL
#define SRR1_PROG_PRIV	0x00040000UL
#define SRR1_PROG_TRAP	0x00020000UL

struct extable_entry {
	unsigned long insn;
	unsigned long fixup;
};
extern const struct extable_entry __ppc64le_extable_start[], __ppc64le_extable_end[];

static const char *vector_name(unsigned long v)
{
	switch (v) {
	case 0x100: return "system reset";
	case 0x200: return "machine check";
	case 0x300: return "data storage";
	case 0x380: return "data segment";
	case 0x400: return "instruction storage";
	case 0x480: return "instruction segment";
	case 0x500: return "external";
	case 0x600: return "alignment";
	case 0x700: return "program";
	case 0x800: return "floating point unavailable";
	case 0x900: return "decrementer";
	case 0xc00: return "system call";
	case 0xd00: return "trace";
	case 0xe40: return "hypervisor emulation assistance";
	case 0xf00: return "performance monitor";
	case 0xf20: return "vector unavailable";
	case 0xf40: return "VSX unavailable";
	case 0xf60: return "facility unavailable";
	default: return "unexpected vector";
	}
}

/*
 * Called by vectors.S for every interrupt, interrupts disabled.  Every
 * way back to user mode goes through core_trap_return().
 */
void ppc64le_trap(struct hal_trapframe *tf)
{
	bool user = hal_tf_from_user(tf);
	struct hal_trap_info info = {
		.kind = HAL_TRAP_OTHER,
		.code = tf->trap,
		.name = vector_name(tf->trap),
	};

	if (user) {
		tf->softe = 1;
		tf->result = 0;
		if (tf->trap == 0xc00) {
			/* sc: SRR0 already points past the instruction. */
			tf->orig_gpr3 = tf->gpr[3];
			core_trap_syscall(tf);
			hal_irq_disable();
			core_trap_return(tf);
			return;
		}
	}

	switch (tf->trap) {
	case 0x900:
		ppc64le_timer_interrupt();
		core_trap_return(tf);
		return;
	case 0x500:
		ppc64le_external_interrupt();
		core_trap_return(tf);
		return;
	case 0x300:
		info.kind = HAL_TRAP_PAGE_FAULT;
		info.addr = tf->dar;
		info.access = (tf->dsisr & DSISR_STORE) ? HAL_FAULT_WRITE : HAL_FAULT_READ;
		if (tf->dsisr & DSISR_PROT)
			info.access |= HAL_FAULT_PROT;
		break;
	case 0x380:
		info.kind = HAL_TRAP_PAGE_FAULT;
		info.addr = tf->dar;
		info.access = HAL_FAULT_READ;
		break;
	case 0x400:
		info.kind = HAL_TRAP_PAGE_FAULT;
		info.addr = tf->nip;
		info.access = HAL_FAULT_EXEC;
		/* SRR1 says why: no translation, or protection / no-execute. */
		if (tf->msr & (SRR1_ISI_PROT | SRR1_ISI_NOEXEC))
			info.access |= HAL_FAULT_PROT;
		break;
	case 0x480:
		info.kind = HAL_TRAP_PAGE_FAULT;
		info.addr = tf->nip;
		info.access = HAL_FAULT_EXEC;
		break;
	case 0x600:
		info.kind = HAL_TRAP_ALIGN;
		info.addr = tf->dar;
		break;
	case 0x700:
		info.addr = tf->nip;
		if (tf->msr & SRR1_PROG_TRAP) {
			info.kind = HAL_TRAP_BREAKPOINT;
			info.name = "trap instruction";
		} else if (tf->msr & SRR1_PROG_FP) {
			info.kind = HAL_TRAP_ARITH;
			info.name = "floating point exception";
		} else if (tf->msr & SRR1_PROG_PRIV) {
			info.kind = HAL_TRAP_ILLEGAL;
			info.name = "privileged instruction";
		} else {
			info.kind = HAL_TRAP_ILLEGAL;
			info.name = "illegal instruction";
		}
		break;
	case 0xe40:
	case 0x800:
	case 0xf20:
	case 0xf40:
	case 0xf60:
		info.kind = HAL_TRAP_ILLEGAL;
		info.addr = tf->nip;
		break;
	case 0x200:
		info.kind = HAL_TRAP_BUS;
		info.addr = tf->dar;
		break;
	case 0xc00:
		info.kind = HAL_TRAP_SYSCALL;
		break;
	case 0xd00:
		/* Single step (MSR[SE], ptrace later): a trace trap. */
		if (user) {
			info.kind = HAL_TRAP_BREAKPOINT;
			info.addr = tf->nip;
		}
		break;
	default:
		break;
	}
	core_trap_exception(tf, &info);
	if (user) {
		hal_irq_disable();
		core_trap_return(tf);
	}
}

vaddr_t hal_tf_pc(const struct hal_trapframe *tf)
{
	return tf->nip;
}

void hal_tf_set_pc(struct hal_trapframe *tf, vaddr_t pc)
{
	tf->nip = pc;
}

vaddr_t hal_tf_sp(const struct hal_trapframe *tf)
{
	return tf->gpr[1];
}

bool hal_tf_from_user(const struct hal_trapframe *tf)
{
	return (tf->msr & PPC64LE_MSR_PR) != 0;
}

void hal_tf_skip_breakpoint(struct hal_trapframe *tf)
{
	tf->nip += 4;
}

bool hal_tf_fixup(struct hal_trapframe *tf)
{
	for (const struct extable_entry *e = __ppc64le_extable_start; e < __ppc64le_extable_end; e++) {
		if (e->insn == tf->nip) {
			tf->nip = e->fixup;
			return true;
		}
	}
	return false;
}

void hal_tf_dump(const struct hal_trapframe *tf)
{
	kprintf("trap %#lx (%s)\n", tf->trap, vector_name(tf->trap));
	kprintf(" nip %016lx  msr %016lx   lr %016lx\n", tf->nip, tf->msr, tf->lr);
	kprintf(" ctr %016lx   cr %08lx           xer %08lx\n", tf->ctr, tf->cr, tf->xer);
	if (hal_tf_from_user(tf))
		kprintf(" orig_r3 %016lx tar %016lx fpscr %08lx\n", tf->orig_gpr3, tf->tar, tf->fpscr);
	kprintf(" dar %016lx dsisr %08lx\n", tf->dar, tf->dsisr);
	for (int i = 0; i < 32; i += 4)
		kprintf(" r%-2d %016lx r%-2d %016lx r%-2d %016lx r%-2d %016lx\n",
			i, tf->gpr[i], i + 1, tf->gpr[i + 1],
			i + 2, tf->gpr[i + 2], i + 3, tf->gpr[i + 3]);
}
