/*
 * trap.c - trap dispatch, trapframe accessors, exception fixups and thread
 * context setup.
 */
#include <hal/hal.h>
#include "x86_64.h"

#define X86_64_VEC_DE	0
#define X86_64_VEC_BP	3
#define X86_64_VEC_UD	6
#define X86_64_VEC_PF	14

/* #PF error code bits. */
#define X86_64_PF_P	0x01
#define X86_64_PF_W	0x02
#define X86_64_PF_U	0x04
#define X86_64_PF_I	0x10

static const char *const x86_64_exc_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor segment overrun", "#TS invalid TSS", "#NP segment not present",
	"#SS stack fault", "#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error",
	"#VE virtualization", "#CP control protection", "reserved 22", "reserved 23",
	"reserved 24", "reserved 25", "reserved 26", "reserved 27",
	"#HV hypervisor injection", "#VC VMM communication", "#SX security", "reserved 31",
};

/*
 * What a user-mode exception becomes, following Linux's x86 trap handlers:
 * #DE, #MF, #XM -> SIGFPE (ARITH); #UD -> SIGILL; #BP, #DB -> SIGTRAP;
 * #AC -> SIGBUS (ALIGN); #NP, #SS, #MC -> SIGBUS; #GP and the rest -> SIGSEGV
 * with si_code SI_KERNEL and no address (OTHER).  Page faults are handled
 * apart.
 */
static void x86_64_user_exception(struct hal_trapframe *tf, struct hal_trap_info *info)
{
	switch (tf->vector) {
	case X86_64_VEC_DE:
	case 16:
	case 19:
		info->kind = HAL_TRAP_ARITH;
		info->addr = tf->rip;
		break;
	case X86_64_VEC_UD:
		info->kind = HAL_TRAP_ILLEGAL;
		info->addr = tf->rip;
		break;
	case 1:
	case X86_64_VEC_BP:
		/* int3 is a trap: rip stays after it, as on Linux. */
		info->kind = HAL_TRAP_BREAKPOINT;
		break;
	case 17:
		info->kind = HAL_TRAP_ALIGN;
		break;
	case 11:
	case 12:
	case 18:
		info->kind = HAL_TRAP_BUS;
		break;
	default:
		info->kind = HAL_TRAP_OTHER;
		break;
	}
}

static void x86_64_exception(struct hal_trapframe *tf)
{
	struct hal_trap_info info = {
		.kind = HAL_TRAP_OTHER,
		.addr = 0,
		.access = 0,
		.code = tf->vector,
		.name = x86_64_exc_names[tf->vector],
	};

	if (tf->vector == X86_64_VEC_PF) {
		tf->cr2 = x86_64_read_cr2();
		info.kind = HAL_TRAP_PAGE_FAULT;
		info.addr = tf->cr2;
		if (tf->error & X86_64_PF_I)
			info.access = HAL_FAULT_EXEC;
		else if (tf->error & X86_64_PF_W)
			info.access = HAL_FAULT_WRITE;
		else
			info.access = HAL_FAULT_READ;
		/* A present page refused the access, unless user mode touched
		 * the kernel half: Linux calls that SEGV_MAPERR. */
		if ((tf->error & X86_64_PF_P) && !(hal_tf_from_user(tf) && info.addr >= HAL_USER_TOP))
			info.access |= HAL_FAULT_PROT;
		info.code = tf->error;
	} else if (hal_tf_from_user(tf)) {
		x86_64_user_exception(tf, &info);
	} else {
		switch (tf->vector) {
		case X86_64_VEC_BP:
			/* int3 is a trap: report the address of the
			 * instruction, as the other ports do;
			 * hal_tf_skip_breakpoint() steps over it. */
			tf->rip -= 1;
			info.kind = HAL_TRAP_BREAKPOINT;
			info.addr = tf->rip;
			break;
		case X86_64_VEC_UD:
		case 13:	/* #GP: privileged instructions, bad selectors, non-canonical addresses */
			info.kind = HAL_TRAP_ILLEGAL;
			info.addr = tf->rip;
			break;
		case X86_64_VEC_DE:
		case 16:
		case 19:
			info.kind = HAL_TRAP_ARITH;
			info.addr = tf->rip;
			break;
		case 17:
			info.kind = HAL_TRAP_ALIGN;
			info.addr = tf->rip;
			break;
		case 18:
			info.kind = HAL_TRAP_BUS;
			info.addr = tf->rip;
			break;
		default:
			break;
		}
	}
	core_trap_exception(tf, &info);
}

/*
 * Called by vectors.S for every trap, with interrupts disabled.  A trap
 * from user mode goes back through core_trap_return() (signals,
 * rescheduling) and x86_64_user_exit() whatever its cause; a kernel-mode
 * exception returns straight to the interrupted code.
 */
void x86_64_trap(struct hal_trapframe *tf);
void x86_64_trap(struct hal_trapframe *tf)
{
	bool user = hal_tf_from_user(tf);

	if (tf->vector == 2) {
		/* Nothing here sends NMIs (QEMU's monitor can).  Not the
		 * interrupted program's fault; in kernel mode it may have hit
		 * a section with interrupts off, so leave at once. */
		if (!user)
			return;
	} else if (tf->vector < 32) {
		x86_64_exception(tf);
		if (!user)
			return;
	} else if (tf->vector == X86_64_VEC_SPURIOUS) {
		/* No EOI for the LAPIC spurious vector. */
	} else if (tf->vector == X86_64_VEC_TIMER) {
		x86_64_lapic_eoi();
		core_timer_tick();
	} else {
		x86_64_irq_handle((unsigned int)tf->vector);
	}
	core_trap_return(tf);
	if (user)
		x86_64_user_exit(tf);
}

vaddr_t hal_tf_pc(const struct hal_trapframe *tf)
{
	return tf->rip;
}

void hal_tf_set_pc(struct hal_trapframe *tf, vaddr_t pc)
{
	tf->rip = pc;
}

vaddr_t hal_tf_sp(const struct hal_trapframe *tf)
{
	return tf->rsp;
}

bool hal_tf_from_user(const struct hal_trapframe *tf)
{
	return (tf->cs & 3) != 0;
}

void hal_tf_dump(const struct hal_trapframe *tf)
{
	const char *name = tf->vector < 32 ? x86_64_exc_names[tf->vector] :
			   tf->vector == X86_64_VEC_SYSCALL ? "syscall" : "interrupt";

	kprintf("trap %lu (%s) error %#lx from %s mode\n", (unsigned long)tf->vector, name,
		(unsigned long)tf->error, hal_tf_from_user(tf) ? "user" : "kernel");
	kprintf(" RIP %016lx  CS  %04lx  RFLAGS %016lx\n", (unsigned long)tf->rip,
		(unsigned long)tf->cs, (unsigned long)tf->rflags);
	kprintf(" RSP %016lx  SS  %04lx  CR2    %016lx\n", (unsigned long)tf->rsp,
		(unsigned long)tf->ss, x86_64_read_cr2());
	kprintf(" RAX %016lx  RBX %016lx  RCX %016lx\n", (unsigned long)tf->rax,
		(unsigned long)tf->rbx, (unsigned long)tf->rcx);
	kprintf(" RDX %016lx  RSI %016lx  RDI %016lx\n", (unsigned long)tf->rdx,
		(unsigned long)tf->rsi, (unsigned long)tf->rdi);
	kprintf(" RBP %016lx  R8  %016lx  R9  %016lx\n", (unsigned long)tf->rbp,
		(unsigned long)tf->r8, (unsigned long)tf->r9);
	kprintf(" R10 %016lx  R11 %016lx  R12 %016lx\n", (unsigned long)tf->r10,
		(unsigned long)tf->r11, (unsigned long)tf->r12);
	kprintf(" R13 %016lx  R14 %016lx  R15 %016lx\n", (unsigned long)tf->r13,
		(unsigned long)tf->r14, (unsigned long)tf->r15);
	kprintf(" CR3 %016lx  CR4 %016lx  FSBASE %016lx\n", x86_64_read_cr3(), x86_64_read_cr4(),
		hal_tf_from_user(tf) ? (unsigned long)tf->fsbase : 0UL);
}

void hal_trap_breakpoint(void)
{
	__asm__ __volatile__("int3" ::: "memory");
}

/* The #BP handler moved RIP back onto the one-byte int3. */
void hal_tf_skip_breakpoint(struct hal_trapframe *tf)
{
	tf->rip += 1;
}

struct x86_64_extable {
	uint64_t fault;
	uint64_t fixup;
};

extern const struct x86_64_extable __ex_table_start[], __ex_table_end[];

bool hal_tf_fixup(struct hal_trapframe *tf)
{
	const struct x86_64_extable *e;

	for (e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->fault == tf->rip) {
			tf->rip = e->fixup;
			return true;
		}
	}
	return false;
}

extern char x86_64_thread_start[];

void hal_ctx_init(struct hal_context *ctx, void *stack_top,
		  void (*entry)(void *), void *arg)
{
	/* The top of a kernel stack holds the thread's user frame (user.h):
	 * the thread's own calls start below it, so that the frame core
	 * prepares before the first switch (exec, fork) stays intact. */
	*ctx = (struct hal_context){
		.rsp = (uint64_t)(uintptr_t)((struct hal_trapframe *)stack_top - 1),
		.r12 = (uint64_t)(uintptr_t)arg,
		.r13 = (uint64_t)(uintptr_t)entry,
		.rip = (uint64_t)(uintptr_t)x86_64_thread_start,
	};
}
