/*
 * trap.c - program, SVC, external, I/O and machine-check interruptions.
 *
 * entry.S builds the trapframe and calls one s390x_*_handler() below.
 *
 * Program interruptions differ in where the old PSW points: for
 * nullifying conditions (translation exceptions) it is the faulting
 * instruction, for suppressing ones (operation, privileged operation,
 * protection, specification...) the next instruction.  In kernel mode the
 * handler rewinds the latter by the instruction length, so hal_tf_pc() is
 * always the instruction that trapped (the exception table and the
 * breakpoint are keyed on it) and resuming the frame re-executes it; the
 * breakpoint is then skipped with hal_tf_skip_breakpoint().  In user mode
 * the PSW is left as Linux leaves it: rewound for protection exceptions
 * (a copy-on-write or demand fault is retried), pointing past the
 * instruction for the others, whose address is reported in info.addr.
 */
#include <hal/hal.h>
#include "s390x.h"

void s390x_pgm_handler(struct hal_trapframe *tf);
void s390x_svc_handler(struct hal_trapframe *tf);
void s390x_ext_handler(struct hal_trapframe *tf);
void s390x_io_handler(struct hal_trapframe *tf);
void s390x_mcck_handler(struct hal_trapframe *tf);
void s390x_restart_handler(struct hal_trapframe *tf);

struct s390x_extable {
	uint64_t insn;
	uint64_t fixup;
};

extern const struct s390x_extable __ex_table_start[], __ex_table_end[];
extern const char s390x_breakpoint_insn[];

/* Program interruption codes (low 7 bits; 0x80 flags a PER event too). */
#define PGM_OPERATION		0x01
#define PGM_PRIVILEGED		0x02
#define PGM_EXECUTE		0x03
#define PGM_PROTECTION		0x04
#define PGM_ADDRESSING		0x05
#define PGM_SPECIFICATION	0x06
#define PGM_DATA		0x07
#define PGM_FIXED_OVERFLOW	0x08
#define PGM_FIXED_DIVIDE	0x09
#define PGM_DECIMAL_OVERFLOW	0x0a
#define PGM_DECIMAL_DIVIDE	0x0b
#define PGM_HFP_OVERFLOW	0x0c
#define PGM_HFP_UNDERFLOW	0x0d
#define PGM_HFP_SIGNIFICANCE	0x0e
#define PGM_HFP_DIVIDE		0x0f
#define PGM_SEGMENT_TRANS	0x10
#define PGM_PAGE_TRANS		0x11
#define PGM_TRANS_SPEC		0x12
#define PGM_SPECIAL_OP		0x13
#define PGM_OPERAND		0x15
#define PGM_VECTOR		0x1b
#define PGM_HFP_SQRT		0x1d
#define PGM_ASCE_TYPE		0x38
#define PGM_REGION_FIRST	0x39
#define PGM_REGION_SECOND	0x3a
#define PGM_REGION_THIRD	0x3b
#define PGM_MONITOR		0x40

/* TEID bits (64-bit value, bit 0 = most significant). */
#define TEID_ADDR_MASK		(~0xfffUL)	/* bits 0-51: page address */
#define TEID_FETCH		0x800UL		/* bit 52 */
#define TEID_STORE		0x400UL		/* bit 53 */
#define TEID_IEP		0x080UL		/* bit 56: IEP protection */

/* Data-exception codes 0x08-0xfc with the low two bits clear are IEEE
 * (and simulated IEEE) exceptions of floating-point instructions. */
#define DXC_IEEE_MIN		0x08
#define DXC_VECTOR_OFF		0xfe		/* vector instruction, VX off */

void s390x_trap_init(void)
{
	/* Until the scheduler names a thread's stack with
	 * hal_set_kernel_stack(), interruptions from problem state (there are
	 * none yet) would land on the boot stack. */
	extern char s390x_boot_stack_top[];

	LC_U64(LC_KERNEL_STACK) = (uint64_t)(uintptr_t)s390x_boot_stack_top;
}

/*
 * hal_set_kernel_stack - the entry code switches to this stack for
 * interruptions from problem state, so the user frame lands at
 * (struct hal_trapframe *)top - 1.
 */
void hal_set_kernel_stack(void *top)
{
	LC_U64(LC_KERNEL_STACK) = (uint64_t)(uintptr_t)top;
}

static const char *pgm_name(unsigned int code)
{
	switch (code) {
	case PGM_OPERATION:		return "operation exception";
	case PGM_PRIVILEGED:		return "privileged-operation exception";
	case PGM_EXECUTE:		return "execute exception";
	case PGM_PROTECTION:		return "protection exception";
	case PGM_ADDRESSING:		return "addressing exception";
	case PGM_SPECIFICATION:		return "specification exception";
	case PGM_DATA:			return "data exception";
	case PGM_FIXED_OVERFLOW:	return "fixed-point overflow";
	case PGM_FIXED_DIVIDE:		return "fixed-point divide";
	case PGM_DECIMAL_OVERFLOW:	return "decimal overflow";
	case PGM_DECIMAL_DIVIDE:	return "decimal divide";
	case PGM_HFP_OVERFLOW:		return "HFP exponent overflow";
	case PGM_HFP_UNDERFLOW:		return "HFP exponent underflow";
	case PGM_HFP_SIGNIFICANCE:	return "HFP significance";
	case PGM_HFP_DIVIDE:		return "HFP divide";
	case PGM_HFP_SQRT:		return "HFP square-root exception";
	case PGM_SEGMENT_TRANS:		return "segment-translation exception";
	case PGM_PAGE_TRANS:		return "page-translation exception";
	case PGM_TRANS_SPEC:		return "translation-specification exception";
	case PGM_ASCE_TYPE:		return "ASCE-type exception";
	case PGM_REGION_FIRST:		return "region-first-translation exception";
	case PGM_REGION_SECOND:		return "region-second-translation exception";
	case PGM_REGION_THIRD:		return "region-third-translation exception";
	case PGM_SPECIAL_OP:		return "special-operation exception";
	case PGM_OPERAND:		return "operand exception";
	case PGM_VECTOR:		return "vector-processing exception";
	case PGM_MONITOR:		return "monitor event";
	default:			return "program interruption";
	}
}

/*
 * Rewind a suppressed instruction in kernel mode (see the top of the
 * file); in user mode the PSW stays.  Either way the address of the
 * instruction is returned.
 */
static vaddr_t rewind_psw(struct hal_trapframe *tf)
{
	if (hal_tf_from_user(tf))
		return tf->psw_addr - tf->ilc;
	tf->psw_addr -= tf->ilc;
	return tf->psw_addr;
}

/* Fill info for a DAT fault from the TEID. */
static void dat_fault(struct hal_trapframe *tf, struct hal_trap_info *info, bool prot)
{
	info->kind = HAL_TRAP_PAGE_FAULT;
	info->addr = tf->teid & TEID_ADDR_MASK;
	if (prot && (tf->teid & TEID_IEP))
		info->access = HAL_FAULT_EXEC;
	else if (tf->teid & TEID_STORE)
		info->access = HAL_FAULT_WRITE;
	else if (prot && !(tf->teid & TEID_FETCH))
		info->access = HAL_FAULT_WRITE;	/* protection: a store */
	else if ((info->addr >> HAL_PAGE_SHIFT) == (tf->psw_addr >> HAL_PAGE_SHIFT))
		info->access = HAL_FAULT_EXEC;	/* the instruction's own page */
	else
		info->access = HAL_FAULT_READ;
	if (prot)
		info->access |= HAL_FAULT_PROT;
}

void s390x_pgm_handler(struct hal_trapframe *tf)
{
	struct hal_trap_info info = { .kind = HAL_TRAP_OTHER };
	unsigned int code = tf->code & 0x7f;
	bool user = hal_tf_from_user(tf);

	info.code = tf->code;
	info.name = pgm_name(code);
	switch (code) {
	case PGM_OPERATION:
		info.addr = rewind_psw(tf);
		if (!user && tf->ilc == 2 &&
		    tf->psw_addr == (uintptr_t)s390x_breakpoint_insn) {
			info.kind = HAL_TRAP_BREAKPOINT;
			info.name = "breakpoint";
		} else {
			/* Linux too reports 0x0001 (its ptrace breakpoint)
			 * as SIGILL to a program that is not traced. */
			info.kind = HAL_TRAP_ILLEGAL;
		}
		break;
	case PGM_PRIVILEGED:
	case PGM_EXECUTE:
	case PGM_SPECIAL_OP:
	case PGM_OPERAND:
		info.addr = rewind_psw(tf);
		info.kind = HAL_TRAP_ILLEGAL;
		break;
	case PGM_PROTECTION:
		/* Retried after the fault is resolved, from user mode too. */
		tf->psw_addr -= tf->ilc;
		dat_fault(tf, &info, true);
		break;
	case PGM_SEGMENT_TRANS:
	case PGM_PAGE_TRANS:
	case PGM_ASCE_TYPE:
	case PGM_REGION_FIRST:
	case PGM_REGION_SECOND:
	case PGM_REGION_THIRD:
		dat_fault(tf, &info, false);
		break;
	case PGM_ADDRESSING:
		/* Linux: SIGILL (ILL_ILLADR) in user mode. */
		info.kind = user ? HAL_TRAP_ILLEGAL : HAL_TRAP_BUS;
		info.addr = tf->psw_addr;
		break;
	case PGM_SPECIFICATION:
		/* Misaligned operands (and, from user mode, an invalid PSW
		 * restored by sigreturn: ILC 0).  Linux: SIGILL. */
		info.addr = rewind_psw(tf);
		info.kind = user ? HAL_TRAP_ILLEGAL : HAL_TRAP_ALIGN;
		break;
	case PGM_DATA:
		info.addr = rewind_psw(tf);
		/* IEEE exceptions are SIGFPE, the rest (decimal data, a
		 * vector instruction with the facility off...) SIGILL. */
		if (tf->dxc >= DXC_IEEE_MIN && tf->dxc != DXC_VECTOR_OFF && !(tf->dxc & 3))
			info.kind = HAL_TRAP_ARITH;
		else
			info.kind = HAL_TRAP_ILLEGAL;
		break;
	case PGM_FIXED_DIVIDE:
	case PGM_DECIMAL_DIVIDE:
	case PGM_HFP_DIVIDE:
	case PGM_HFP_SQRT:
	case PGM_VECTOR:
		info.addr = rewind_psw(tf);
		info.kind = HAL_TRAP_ARITH;
		break;
	case PGM_FIXED_OVERFLOW:
	case PGM_DECIMAL_OVERFLOW:
	case PGM_HFP_OVERFLOW:
	case PGM_HFP_UNDERFLOW:
	case PGM_HFP_SIGNIFICANCE:
		/* Completed: the PSW is past the instruction in both modes. */
		info.addr = tf->psw_addr - tf->ilc;
		info.kind = HAL_TRAP_ARITH;
		break;
	default:
		info.addr = tf->psw_addr;
		break;
	}
	core_trap_exception(tf, &info);
	if (user) {
		/* Core may have enabled interrupts to resolve a fault. */
		hal_irq_disable();
		core_trap_return(tf);
	}
}

/*
 * s390x_svc_handler - SVC from problem state is a Linux system call: the
 * number is the SVC's immediate, or r1 for "svc 0", the arguments r2-r7,
 * the result goes back in r2 (hal_tf_syscall_*() in user.c).  The kernel
 * itself never issues SVC.
 */
void s390x_svc_handler(struct hal_trapframe *tf)
{
	struct hal_trap_info info = {
		.kind = HAL_TRAP_SYSCALL,
		.code = tf->code,
		.name = "supervisor call",
	};

	if (hal_tf_from_user(tf)) {
		s390x_syscall(tf);
		hal_irq_disable();
		core_trap_return(tf);
		return;
	}
	info.addr = tf->psw_addr - tf->ilc;
	core_trap_exception(tf, &info);
}

/* An interruption that ended an enabled wait (hal_cpu_idle()) returns with
 * the wait state and the interrupt masks cleared. */
static void end_wait(struct hal_trapframe *tf)
{
	if (tf->psw_mask & PSW_MASK_WAIT)
		tf->psw_mask &= ~(PSW_MASK_WAIT | PSW_MASK_IO | PSW_MASK_EXT);
}

void s390x_ext_handler(struct hal_trapframe *tf)
{
	end_wait(tf);
	switch (tf->code) {
	case EXT_CLOCK_COMP:
		s390x_timer_disarm();
		core_timer_tick();
		break;
	case EXT_SERVICE_SIGNAL:
		/* SCLP completions are polled; nothing to do. */
		break;
	default:
		kprintf("s390x: unexpected external interruption 0x%x\n", tf->code);
		break;
	}
	core_trap_return(tf);
}

void s390x_io_handler(struct hal_trapframe *tf)
{
	end_wait(tf);
	core_irq_dispatch((unsigned int)(tf->parm >> 32));
	core_trap_return(tf);
}

void s390x_mcck_handler(struct hal_trapframe *tf)
{
	hal_tf_dump(tf);
	core_panic("s390x: machine check, code 0x%lx", (unsigned long)tf->parm);
}

void s390x_restart_handler(struct hal_trapframe *tf)
{
	hal_tf_dump(tf);
	core_panic("s390x: restart interruption");
}

vaddr_t hal_tf_pc(const struct hal_trapframe *tf)
{
	return tf->psw_addr;
}

void hal_tf_set_pc(struct hal_trapframe *tf, vaddr_t pc)
{
	tf->psw_addr = pc;
}

vaddr_t hal_tf_sp(const struct hal_trapframe *tf)
{
	return tf->gprs[15];
}

bool hal_tf_from_user(const struct hal_trapframe *tf)
{
	return (tf->psw_mask & PSW_MASK_PSTATE) != 0;
}

/* The breakpoint is the 2-byte instruction at the (rewound) PSW. */
void hal_tf_skip_breakpoint(struct hal_trapframe *tf)
{
	tf->psw_addr += tf->ilc ? tf->ilc : 2;
}

bool hal_tf_fixup(struct hal_trapframe *tf)
{
	const struct s390x_extable *e;

	for (e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == tf->psw_addr) {
			tf->psw_addr = e->fixup;
			return true;
		}
	}
	return false;
}

static const char *class_name(unsigned int c)
{
	static const char *const names[] = {
		[S390X_INT_RESTART] = "restart",
		[S390X_INT_EXT] = "external",
		[S390X_INT_SVC] = "svc",
		[S390X_INT_PGM] = "program",
		[S390X_INT_MCCK] = "machine-check",
		[S390X_INT_IO] = "i/o",
	};

	return c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

void hal_tf_dump(const struct hal_trapframe *tf)
{
	int i;

	kprintf("PSW: %016lx %016lx (%s state, DAT %s, I/O %s, ext %s, cc %lu)\n",
		(unsigned long)tf->psw_mask, (unsigned long)tf->psw_addr,
		(tf->psw_mask & PSW_MASK_PSTATE) ? "problem" : "supervisor",
		(tf->psw_mask & PSW_MASK_DAT) ? "on" : "off",
		(tf->psw_mask & PSW_MASK_IO) ? "on" : "off",
		(tf->psw_mask & PSW_MASK_EXT) ? "on" : "off",
		(unsigned long)((tf->psw_mask >> 44) & 3));
	kprintf("interruption: %s, code 0x%x, ilc %u, TEID %016lx, parm %016lx\n",
		class_name(tf->int_class), tf->code, tf->ilc,
		(unsigned long)tf->teid, (unsigned long)tf->parm);
	for (i = 0; i < 16; i += 4)
		kprintf("r%-2d %016lx r%-2d %016lx r%-2d %016lx r%-2d %016lx\n",
			i, (unsigned long)tf->gprs[i], i + 1, (unsigned long)tf->gprs[i + 1],
			i + 2, (unsigned long)tf->gprs[i + 2], i + 3, (unsigned long)tf->gprs[i + 3]);
	if (!hal_tf_from_user(tf))
		return;
	kprintf("orig_r2 %016lx, dxc 0x%02x\n", (unsigned long)tf->orig_gpr2, tf->dxc);
	for (i = 0; i < 16; i += 8)
		kprintf("a%-2d %08x %08x %08x %08x %08x %08x %08x %08x\n", i,
			tf->acrs[i], tf->acrs[i + 1], tf->acrs[i + 2], tf->acrs[i + 3],
			tf->acrs[i + 4], tf->acrs[i + 5], tf->acrs[i + 6], tf->acrs[i + 7]);
}
