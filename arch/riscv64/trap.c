/*
 * trap.c - trap decoding, trap-frame accessors and exception fixups.
 *
 * trap.S saves the interrupted state and calls riscv64_trap(), which turns
 * scause into one call of the core entry points of <hal/core.h>.
 */
#include <arch/riscv64.h>

/* The fixup table built by trap.S: a faulting pc and where to resume. */
struct riscv64_fixup {
	unsigned long insn;
	unsigned long fixup;
};

extern const struct riscv64_fixup __riscv64_fixup_start[];
extern const struct riscv64_fixup __riscv64_fixup_end[];

static const char *const riscv64_exc_names[] = {
	[0] = "instruction address misaligned",
	[1] = "instruction access fault",
	[2] = "illegal instruction",
	[3] = "breakpoint",
	[4] = "load address misaligned",
	[5] = "load access fault",
	[6] = "store/AMO address misaligned",
	[7] = "store/AMO access fault",
	[8] = "environment call from U-mode",
	[9] = "environment call from S-mode",
	[12] = "instruction page fault",
	[13] = "load page fault",
	[15] = "store/AMO page fault",
	[18] = "software check",
	[19] = "hardware error",
};

static const char *riscv64_exc_name(unsigned long code)
{
	if (code < sizeof(riscv64_exc_names) / sizeof(riscv64_exc_names[0]) &&
	    riscv64_exc_names[code] != NULL)
		return riscv64_exc_names[code];
	return "unknown exception";
}

static void riscv64_trap_exception(struct hal_trapframe *tf)
{
	unsigned long code = tf->scause;
	bool user = hal_tf_from_user(tf);
	struct hal_trap_info info = {
		.kind = HAL_TRAP_OTHER,
		.addr = tf->stval,
		.access = 0,
		.code = code,
		.name = riscv64_exc_name(code),
	};

	switch (code) {
	case 0:
	case 4:
	case 6:
		/* stval: the misaligned target or data address. */
		info.kind = HAL_TRAP_ALIGN;
		break;
	case 1:
	case 5:
	case 7:
	case 19:
		info.kind = HAL_TRAP_BUS;
		break;
	case 2:
		/* The port's own CSR probes (Sstc) recover through a fixup. */
		if (!user && hal_tf_fixup(tf))
			return;
		info.kind = HAL_TRAP_ILLEGAL;
		/* stval holds the instruction bits, not an address. */
		info.addr = tf->sepc;
		break;
	case 3:
		info.kind = HAL_TRAP_BREAKPOINT;
		info.addr = tf->sepc;
		break;
	case 8:
	case 9:
		/* ecall from U-mode goes to riscv64_syscall(); from S-mode
		 * it is a kernel bug. */
		info.kind = HAL_TRAP_SYSCALL;
		info.addr = tf->sepc;
		break;
	case 12:
	case 13:
	case 15:
		/*
		 * A kernel address missing from a user address space only
		 * needs the kernel's root entry copied in (kernel mode only:
		 * user mode has no business with kernel addresses).
		 */
		if (!user && riscv64_mmu_fault_sync(tf->stval))
			return;
		info.kind = HAL_TRAP_PAGE_FAULT;
		info.access = code == 12 ? HAL_FAULT_EXEC :
			      code == 13 ? HAL_FAULT_READ : HAL_FAULT_WRITE;
		if (riscv64_mmu_fault_present(tf->stval))
			info.access |= HAL_FAULT_PROT;
		break;
	default:
		break;
	}
	core_trap_exception(tf, &info);
}

/*
 * ecall from user mode: the Linux riscv convention, number in a7,
 * arguments in a0..a5, result in a0, every other register preserved.
 * sepc moves past the (always 4-byte) ecall before core sees the frame, so
 * that a frame copied by fork or clone resumes after it; a restart moves it
 * back (hal_tf_syscall_restart()).
 */
static void riscv64_syscall(struct hal_trapframe *tf)
{
	tf->orig_a0 = tf->regs[10];
	tf->sepc += 4;
	core_trap_syscall(tf);
}

/*
 * riscv64_trap - C half of the trap vector, interrupts disabled: one
 * exception goes to core_trap_exception() (or core_trap_syscall() for an
 * ecall from user mode), an interrupt to its handler and then
 * core_trap_return(), where core may switch threads.  A trap from user
 * mode always ends in core_trap_return() and, with interrupts disabled,
 * the reload of the thread's FPU registers.
 */
void riscv64_trap(struct hal_trapframe *tf)
{
	unsigned long cause = tf->scause;
	bool user = hal_tf_from_user(tf);

	/* Before anything can switch threads: the FPU holds user state. */
	if (user)
		riscv64_fpu_trap_entry(tf);
	if (!(cause & RISCV64_CAUSE_IRQ)) {
		if (user && cause == 8)
			riscv64_syscall(tf);
		else
			riscv64_trap_exception(tf);
		if (!user)
			return;
		hal_irq_disable();
		core_trap_return(tf);
		hal_irq_disable();
		riscv64_fpu_trap_exit(tf);
		return;
	}
	switch (cause & ~RISCV64_CAUSE_IRQ) {
	case RISCV64_IRQ_S_TIMER:
		if (riscv64_timer_interrupt())
			core_timer_tick();
		break;
	case RISCV64_IRQ_S_EXT:
		riscv64_plic_interrupt();
		break;
	case RISCV64_IRQ_S_SOFT:
		riscv64_csr_clear(sip, RISCV64_IE_SSIE);
		break;
	default:
		kprintf("riscv64: unexpected interrupt, scause %#lx\n", cause);
		break;
	}
	core_trap_return(tf);
	if (user) {
		hal_irq_disable();
		riscv64_fpu_trap_exit(tf);
	}
}

vaddr_t hal_tf_pc(const struct hal_trapframe *tf)
{
	return tf->sepc;
}

void hal_tf_set_pc(struct hal_trapframe *tf, vaddr_t pc)
{
	tf->sepc = pc;
}

vaddr_t hal_tf_sp(const struct hal_trapframe *tf)
{
	return tf->regs[2];
}

bool hal_tf_from_user(const struct hal_trapframe *tf)
{
	return (tf->sstatus & RISCV64_SSTATUS_SPP) == 0;
}

void hal_tf_dump(const struct hal_trapframe *tf)
{
	static const char *const names[32] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
		"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
		"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
		"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};
	unsigned long cause = tf->scause;
	int i;

	kprintf("sepc    %016lx sstatus %016lx (%s mode)\n", tf->sepc,
		tf->sstatus, hal_tf_from_user(tf) ? "user" : "supervisor");
	kprintf("scause  %016lx (%s) stval %016lx\n", cause,
		(cause & RISCV64_CAUSE_IRQ) ? "interrupt" : riscv64_exc_name(cause),
		tf->stval);
	for (i = 1; i < 32; i += 3) {
		if (i + 2 < 32)
			kprintf(" %-4s %016lx  %-4s %016lx  %-4s %016lx\n",
				names[i], tf->regs[i], names[i + 1],
				tf->regs[i + 1], names[i + 2], tf->regs[i + 2]);
		else
			kprintf(" %-4s %016lx\n", names[i], tf->regs[i]);
	}
	if (hal_tf_from_user(tf)) {
		static const char *const fs[4] = { "off", "initial", "clean", "dirty" };

		kprintf(" orig_a0 %016lx  fcsr %02lx  FPU %s\n", tf->orig_a0,
			tf->fcsr & 0xff, fs[(tf->sstatus & RISCV64_SSTATUS_FS) >> 13]);
	}
}

void hal_tf_skip_breakpoint(struct hal_trapframe *tf)
{
	/* A 16-bit parcel whose low bits are not 11 is a compressed insn. */
	uint16_t parcel = *(const volatile uint16_t *)tf->sepc;

	tf->sepc += (parcel & 3) == 3 ? 4 : 2;
}

bool hal_tf_fixup(struct hal_trapframe *tf)
{
	const struct riscv64_fixup *f;

	for (f = __riscv64_fixup_start; f < __riscv64_fixup_end; f++) {
		if (f->insn == tf->sepc) {
			tf->sepc = f->fixup;
			return true;
		}
	}
	return false;
}

/* A thread's entry function returned, which the contract forbids. */
void riscv64_ctx_returned(void)
{
	core_panic("riscv64: kernel thread entry returned");
}

void hal_ctx_init(struct hal_context *ctx, void *stack_top,
		  void (*entry)(void *), void *arg)
{
	unsigned int i;

	for (i = 0; i < 12; i++)
		ctx->s[i] = 0;
	ctx->ra = (unsigned long)riscv64_ctx_start;
	ctx->sp = (unsigned long)stack_top & ~15UL;
	ctx->s[1] = (unsigned long)entry;
	ctx->s[2] = (unsigned long)arg;
}
