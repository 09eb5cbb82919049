/*
 * trap.c - program, SVC, external, I/O and machine-check interruptions.
 *
 * entry.S builds the trapframe and calls one s390x_*_handler() below.
 *
 * Program interruptions differ in where the old PSW points: for
 * nullifying conditions (translation exceptions) it is the faulting
 * instruction, for suppressing ones (operation, privileged operation,
 * protection, specification...) the next instruction.  The handler rewinds
 * the latter by the instruction length, so hal_tf_pc() is always the
 * instruction that trapped and resuming the frame re-executes it; the
 * breakpoint is then skipped with hal_tf_skip_breakpoint().
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
#define PGM_SEGMENT_TRANS	0x10
#define PGM_PAGE_TRANS		0x11
#define PGM_TRANS_SPEC		0x12
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

void s390x_trap_init(void)
{
	/* Interruptions from problem state need a kernel stack; core has no
	 * user threads yet, so the boot stack is the fallback. */
	extern char s390x_boot_stack_top[];

	LC_U64(LC_KERNEL_STACK) = (uint64_t)(uintptr_t)s390x_boot_stack_top;
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
	case PGM_SEGMENT_TRANS:		return "segment-translation exception";
	case PGM_PAGE_TRANS:		return "page-translation exception";
	case PGM_TRANS_SPEC:		return "translation-specification exception";
	case PGM_ASCE_TYPE:		return "ASCE-type exception";
	case PGM_REGION_FIRST:		return "region-first-translation exception";
	case PGM_REGION_SECOND:		return "region-second-translation exception";
	case PGM_REGION_THIRD:		return "region-third-translation exception";
	case PGM_MONITOR:		return "monitor event";
	default:			return "program interruption";
	}
}

static void rewind_psw(struct hal_trapframe *tf)
{
	tf->psw_addr -= tf->ilc;
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

	info.code = tf->code;
	info.name = pgm_name(code);
	switch (code) {
	case PGM_OPERATION:
		rewind_psw(tf);
		if (!hal_tf_from_user(tf) && tf->ilc == 2 &&
		    tf->psw_addr == (uintptr_t)s390x_breakpoint_insn) {
			info.kind = HAL_TRAP_BREAKPOINT;
			info.name = "breakpoint";
		} else {
			info.kind = HAL_TRAP_ILLEGAL;
		}
		info.addr = tf->psw_addr;
		break;
	case PGM_PRIVILEGED:
	case PGM_EXECUTE:
		rewind_psw(tf);
		info.kind = HAL_TRAP_ILLEGAL;
		info.addr = tf->psw_addr;
		break;
	case PGM_PROTECTION:
		rewind_psw(tf);
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
		info.kind = HAL_TRAP_BUS;
		break;
	case PGM_SPECIFICATION:
		rewind_psw(tf);
		info.kind = HAL_TRAP_ALIGN;
		info.addr = tf->psw_addr;
		break;
	case PGM_DATA:
	case PGM_FIXED_DIVIDE:
	case PGM_DECIMAL_DIVIDE:
		rewind_psw(tf);
		info.kind = HAL_TRAP_ARITH;
		break;
	case PGM_FIXED_OVERFLOW:
	case PGM_DECIMAL_OVERFLOW:
		info.kind = HAL_TRAP_ARITH;
		break;
	default:
		break;
	}
	core_trap_exception(tf, &info);
}

void s390x_svc_handler(struct hal_trapframe *tf)
{
	struct hal_trap_info info = {
		.kind = HAL_TRAP_SYSCALL,
		.code = tf->code,
		.name = "supervisor call",
	};

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
		kprintf("r%d %016lx r%d %016lx r%d %016lx r%d %016lx\n",
			i, (unsigned long)tf->gprs[i], i + 1, (unsigned long)tf->gprs[i + 1],
			i + 2, (unsigned long)tf->gprs[i + 2], i + 3, (unsigned long)tf->gprs[i + 3]);
}
