/*
 * arch/arm64/trap.c - exception decoding and the trap frame accessors.
 *
 * entry.S saves a struct hal_trapframe on the current kernel stack and calls
 * arm64_trap_sync() for synchronous exceptions, arm64_trap_irq() for IRQs
 * and arm64_trap_bad() for what this kernel never expects (FIQ, SError,
 * exceptions on SP_EL0, AArch32 user code).  Traps from user mode end in
 * core_trap_return() with interrupts disabled, whatever their cause.
 */
#include <hal/hal.h>
#include <arch/arm64.h>
#include <stddef.h>

/* entry.S hard-codes these offsets. */
_Static_assert(offsetof(struct hal_trapframe, sp) == 248, "TF_SP");
_Static_assert(offsetof(struct hal_trapframe, elr) == 256, "TF_ELR");
_Static_assert(offsetof(struct hal_trapframe, esr) == 272, "TF_ESR");
_Static_assert(offsetof(struct hal_trapframe, orig_x0) == 288, "TF_ORIG_X0");
_Static_assert(offsetof(struct hal_trapframe, tpidr) == 296, "TF_TPIDR");
_Static_assert(offsetof(struct hal_trapframe, fpsr) == 304, "TF_FPSR");
_Static_assert(offsetof(struct hal_trapframe, fpcr) == 308, "TF_FPCR");
_Static_assert(offsetof(struct hal_trapframe, v) == 320, "TF_V");
_Static_assert(sizeof(struct hal_trapframe) == 832, "TF_SIZE");
_Static_assert(sizeof(struct hal_trapframe) % 16 == 0, "stack alignment");

/* ESR_EL1 exception classes. */
#define EC_UNKNOWN	0x00
#define EC_WFX		0x01
#define EC_FP		0x07
#define EC_BTI		0x0d
#define EC_ILL_STATE	0x0e
#define EC_SVC64	0x15
#define EC_SYSREG	0x18
#define EC_SVE		0x19
#define EC_FPAC		0x1c
#define EC_SME		0x1d
#define EC_IABT_LOW	0x20
#define EC_IABT_CUR	0x21
#define EC_PC_ALIGN	0x22
#define EC_DABT_LOW	0x24
#define EC_DABT_CUR	0x25
#define EC_SP_ALIGN	0x26
#define EC_FP_EXC64	0x2c
#define EC_BRK64	0x3c

#define ESR_EC(esr)	(((esr) >> 26) & 0x3f)
#define ESR_ISS_WNR	(1u << 6)	/* data abort: write */
#define ESR_ISS_CM	(1u << 8)	/* data abort: cache maintenance */
#define ESR_ISS_FNV	(1u << 10)	/* FAR not valid */

#define SPSR_MODE_MASK	0xf		/* M[3:0]; EL0t is 0 */

static const char *arm64_fsc_name(unsigned int fsc)
{
	switch (fsc & 0x3c) {
	case 0x04:
		return "translation fault";
	case 0x08:
		return "access flag fault";
	case 0x0c:
		return "permission fault";
	}
	if (fsc == 0x21)
		return "alignment fault";
	if (fsc == 0x10 || (fsc & 0x3c) == 0x14)
		return "synchronous external abort";
	if (fsc == 0x30)
		return "TLB conflict abort";
	return "abort";
}

/* Fill info->kind/access/name for an instruction or data abort. */
static void arm64_decode_abort(uint64_t esr, bool data, struct hal_trap_info *info)
{
	unsigned int fsc = esr & 0x3f;

	info->name = arm64_fsc_name(fsc);
	if ((fsc & 0x3c) == 0x04 || (fsc & 0x3c) == 0x08 || (fsc & 0x3c) == 0x0c) {
		info->kind = HAL_TRAP_PAGE_FAULT;
		if (!data)
			info->access = HAL_FAULT_EXEC;
		else if ((esr & ESR_ISS_WNR) && !(esr & ESR_ISS_CM))
			info->access = HAL_FAULT_WRITE;
		else
			info->access = HAL_FAULT_READ;
		if ((fsc & 0x3c) != 0x04)
			info->access |= HAL_FAULT_PROT;
	} else if (fsc == 0x21) {
		info->kind = HAL_TRAP_ALIGN;
	} else {
		info->kind = HAL_TRAP_BUS;
	}
}

/*
 * A user address as Linux reports it in si_addr: TCR_EL1.TBI0 makes the
 * MMU ignore the top byte of user addresses, so drop whatever tag a
 * faulting pointer carried (bit 55 selects the half, as in untagged_addr).
 */
static vaddr_t arm64_untag(uint64_t va)
{
	return (vaddr_t)((int64_t)(va << 8) >> 8);
}

/* Describe a synchronous exception in *info. */
static void arm64_decode_sync(const struct hal_trapframe *tf, struct hal_trap_info *info)
{
	uint64_t esr = tf->esr;

	info->code = esr;
	info->addr = 0;
	switch (ESR_EC(esr)) {
	case EC_BRK64:
		info->kind = HAL_TRAP_BREAKPOINT;
		info->name = "brk";
		info->addr = tf->elr;
		break;
	case EC_SVC64:
		info->kind = HAL_TRAP_SYSCALL;
		info->name = "svc";
		break;
	case EC_IABT_LOW:
	case EC_IABT_CUR:
		arm64_decode_abort(esr, false, info);
		info->addr = (esr & ESR_ISS_FNV) ? tf->elr : tf->far;
		break;
	case EC_DABT_LOW:
	case EC_DABT_CUR:
		arm64_decode_abort(esr, true, info);
		info->addr = (esr & ESR_ISS_FNV) ? 0 : tf->far;
		break;
	case EC_PC_ALIGN:
		info->kind = HAL_TRAP_ALIGN;
		info->name = "PC alignment fault";
		info->addr = tf->far;
		break;
	case EC_SP_ALIGN:
		info->kind = HAL_TRAP_ALIGN;
		info->name = "SP alignment fault";
		info->addr = tf->sp;
		break;
	case EC_UNKNOWN:
		info->kind = HAL_TRAP_ILLEGAL;
		info->name = "undefined instruction";
		info->addr = tf->elr;
		break;
	case EC_ILL_STATE:
		info->kind = HAL_TRAP_ILLEGAL;
		info->name = "illegal execution state";
		info->addr = tf->elr;
		break;
	case EC_SYSREG:
		info->kind = HAL_TRAP_ILLEGAL;
		info->name = "trapped system register access";
		info->addr = tf->elr;
		break;
	case EC_FP:
	case EC_SVE:
	case EC_SME:
		info->kind = HAL_TRAP_ILLEGAL;
		info->name = "FP/SIMD/SVE/SME access trapped";
		info->addr = tf->elr;
		break;
	case EC_BTI:
		info->kind = HAL_TRAP_ILLEGAL;
		info->name = "branch target exception";
		info->addr = tf->elr;
		break;
	case EC_FPAC:
		info->kind = HAL_TRAP_ILLEGAL;
		info->name = "pointer authentication failure";
		info->addr = tf->elr;
		break;
	case EC_FP_EXC64:
		info->kind = HAL_TRAP_ARITH;
		info->name = "floating-point exception";
		info->addr = tf->elr;
		break;
	case EC_WFX:
		info->kind = HAL_TRAP_ILLEGAL;
		info->name = "trapped WFI/WFE";
		info->addr = tf->elr;
		break;
	default:
		info->kind = HAL_TRAP_OTHER;
		info->name = "unexpected exception class";
		info->addr = tf->elr;
		break;
	}
}

/*
 * arm64_trap_sync - a synchronous exception: describe it for core and hand
 * it over.  Interrupts are masked (the exception masked them).
 *
 * From user mode: SVC goes to core_trap_syscall() with x0 kept in orig_x0
 * for restarts; a trapped WFI (SCTLR_EL1.nTWI is clear, as on Linux) is
 * skipped like Linux does; an MRS of an ID register is emulated
 * (user.c); everything else is a fault for core to turn
 * into a signal.  Then, with interrupts disabled again, core_trap_return().
 */
void arm64_trap_sync(struct hal_trapframe *tf)
{
	struct hal_trap_info info = { 0 };

	arm64_decode_sync(tf, &info);
	if (!hal_tf_from_user(tf)) {
		core_trap_exception(tf, &info);
		return;
	}
	switch (ESR_EC(tf->esr)) {
	case EC_SVC64:
		tf->orig_x0 = tf->x[0];
		core_trap_syscall(tf);
		break;
	case EC_WFX:
		tf->elr += 4;
		break;
	case EC_SYSREG:
	case EC_UNKNOWN:
		if (arm64_emulate_mrs(tf))
			break;
		core_trap_exception(tf, &info);
		break;
	default:
		if (info.kind == HAL_TRAP_PAGE_FAULT || info.kind == HAL_TRAP_ALIGN ||
		    info.kind == HAL_TRAP_BUS)
			info.addr = arm64_untag(info.addr);
		core_trap_exception(tf, &info);
		break;
	}
	hal_irq_disable();
	core_trap_return(tf);
}

/*
 * arm64_trap_irq - an IRQ: claim it from the GIC, run the timer or the
 * device handler, EOI, then let core switch threads if it wants to.  The
 * EOI comes before core_trap_return() because the thread core switches to
 * may run for a long time before this frame is restored.
 */
void arm64_trap_irq(struct hal_trapframe *tf)
{
	unsigned int intid = arm64_gic_ack();

	/* ESR/FAR still describe the last synchronous exception: not this. */
	tf->esr = 0;
	tf->far = 0;
	if (intid >= 1020 && intid <= 1023) {
		/* Spurious: nothing to EOI, but a return all the same. */
	} else if (intid == arm64_timer_irq) {
		arm64_timer_ack();
		core_timer_tick();
		arm64_gic_eoi(intid);
	} else {
		core_irq_dispatch(intid);
		arm64_gic_eoi(intid);
	}
	core_trap_return(tf);
}

static const char *const arm64_bad_names[] = {
	"synchronous exception on SP_EL0", "IRQ on SP_EL0", "FIQ on SP_EL0",
	"SError on SP_EL0", "?", "?", "FIQ", "SError", "?", "?", "FIQ from EL0",
	"SError from EL0", "AArch32 exception",
};

void arm64_trap_bad(struct hal_trapframe *tf, unsigned long kind)
{
	const char *name = kind < sizeof(arm64_bad_names) / sizeof(arm64_bad_names[0]) ?
		arm64_bad_names[kind] : "?";

	hal_tf_dump(tf);
	core_panic("arm64: unexpected exception: %s (ESR 0x%lx)", name,
		   (unsigned long)tf->esr);
}

vaddr_t hal_tf_pc(const struct hal_trapframe *tf)
{
	return tf->elr;
}

void hal_tf_set_pc(struct hal_trapframe *tf, vaddr_t pc)
{
	tf->elr = pc;
}

vaddr_t hal_tf_sp(const struct hal_trapframe *tf)
{
	return tf->sp;
}

bool hal_tf_from_user(const struct hal_trapframe *tf)
{
	return (tf->spsr & SPSR_MODE_MASK) == 0;
}

void hal_tf_dump(const struct hal_trapframe *tf)
{
	int i;

	for (i = 0; i < 30; i += 2)
		kprintf(" x%02d %016lx  x%02d %016lx\n", i, (unsigned long)tf->x[i],
			i + 1, (unsigned long)tf->x[i + 1]);
	kprintf(" x30 %016lx  sp  %016lx\n", (unsigned long)tf->x[30],
		(unsigned long)tf->sp);
	kprintf(" elr %016lx  spsr %08lx (%s)\n", (unsigned long)tf->elr,
		(unsigned long)tf->spsr, hal_tf_from_user(tf) ? "EL0" : "EL1");
	kprintf(" esr %08lx (EC 0x%02lx)  far %016lx\n", (unsigned long)tf->esr,
		(unsigned long)ESR_EC(tf->esr), (unsigned long)tf->far);
	if (hal_tf_from_user(tf))
		kprintf(" orig_x0 %016lx  tpidr_el0 %016lx  fpsr %08x  fpcr %08x\n",
			(unsigned long)tf->orig_x0, (unsigned long)tf->tpidr,
			(unsigned int)tf->fpsr, (unsigned int)tf->fpcr);
}

void hal_trap_breakpoint(void)
{
	__asm__ __volatile__("brk #0x3e8" ::: "memory");
}

void hal_tf_skip_breakpoint(struct hal_trapframe *tf)
{
	tf->elr += 4;
}

/* Exception table built by entry.S: (faulting pc, recovery pc) pairs. */
struct arm64_extable {
	uint64_t insn;
	uint64_t fixup;
};

extern const struct arm64_extable __ex_table_start[], __ex_table_end[];

bool hal_tf_fixup(struct hal_trapframe *tf)
{
	const struct arm64_extable *e;

	for (e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == tf->elr) {
			tf->elr = e->fixup;
			return true;
		}
	}
	return false;
}
