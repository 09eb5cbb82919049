/*
 * user.c - user mode on riscv64: the initial user frame, system call
 * registers, the thread pointer, the user FPU state, Linux's rt_sigframe
 * and the ELF auxiliary vector values.
 *
 * A thread's user registers are the struct hal_trapframe at the top of its
 * kernel stack.  trap.S reaches that frame from user mode through sscratch,
 * which holds the stack top while the hart runs user code and zero while
 * it runs the kernel; sret with SPP=0 and SPIE=1 enters user mode with
 * interrupts enabled.
 *
 * The FPU.  The kernel is built without F and D, so while the hart is in
 * the kernel the FPU registers still hold the user state of whichever
 * thread last ran user code.  Two rules keep every thread's state intact:
 *
 *   - on a trap from user mode whose sstatus.FS says Dirty, f0..f31 and
 *     fcsr go to the frame at once (riscv64_fpu_trap_entry()), so while a
 *     thread is in the kernel its frame holds its FPU state;
 *   - on the way back to user mode they are reloaded from the frame, unless
 *     the hart still holds exactly that frame's state: riscv64_fpu_owner
 *     names the frame last loaded or saved, and hal_ctx_switch() and
 *     every function here that rewrites a frame's FPU part clear it.
 *
 * A program that never touches the FPU costs nothing on entry (FS stays
 * Initial or Clean); one that does costs a save per trap in which it
 * dirtied it.  New programs start with FS = Initial and zeroed registers,
 * as on Linux.  The vector unit is left off (sstatus.VS = Off, no V in
 * AT_HWCAP): vector instructions in user mode raise SIGILL.
 */
#include <arch/riscv64.h>

/* Top of the kernel stack of the thread the scheduler last switched to. */
static void *riscv64_kstack_top;

/* Whether the boot hart has F and D and sstatus.FS can turn them on. */
bool riscv64_fpu_present;

/* The frame whose FPU state the registers hold, or NULL (see above). */
struct hal_trapframe *riscv64_fpu_owner;

/*
 * riscv64_user_init - find out whether user programs get an FPU.  From
 * hal_init_post_mm(), once the device tree can be read.
 */
void riscv64_user_init(void)
{
	unsigned long s;

	if (!riscv64_isa_has_letter('f') || !riscv64_isa_has_letter('d'))
		return;
	/* FS is WARL: it stays Off on a hart without an FPU. */
	riscv64_csr_set(sstatus, RISCV64_SSTATUS_FS_INITIAL);
	s = riscv64_csr_read(sstatus);
	riscv64_csr_clear(sstatus, RISCV64_SSTATUS_FS);
	riscv64_fpu_present = (s & RISCV64_SSTATUS_FS) != 0;
}

/* A trap from user mode, before anything can switch threads. */
void riscv64_fpu_trap_entry(struct hal_trapframe *tf)
{
	if ((tf->sstatus & RISCV64_SSTATUS_FS) != RISCV64_SSTATUS_FS_DIRTY)
		return;
	riscv64_fpu_save(tf);
	tf->sstatus = (tf->sstatus & ~RISCV64_SSTATUS_FS) |
		      RISCV64_SSTATUS_FS_CLEAN;
	riscv64_fpu_owner = tf;
}

/* The last step before restoring tf to user mode, interrupts disabled. */
void riscv64_fpu_trap_exit(struct hal_trapframe *tf)
{
	if (!riscv64_fpu_present || (tf->sstatus & RISCV64_SSTATUS_FS) == 0 ||
	    riscv64_fpu_owner == tf)
		return;
	riscv64_fpu_load(tf);
	riscv64_fpu_owner = tf;
}

void hal_set_kernel_stack(void *top)
{
	riscv64_kstack_top = top;
}

/*
 * Linux's start_thread(): pc and sp set, every other register zero, user
 * mode with interrupts on (SPIE; SIE stays clear for the restore path),
 * the FPU Initial with zeroed registers and fcsr, no SUM/MXR, vector off.
 * The rest of sstatus (UXL...) is the hart's own.
 */
void hal_tf_init_user(struct hal_trapframe *tf, vaddr_t pc, vaddr_t sp)
{
	unsigned long s = riscv64_csr_read(sstatus);

	__builtin_memset(tf, 0, sizeof(*tf));
	tf->sepc = pc;
	tf->regs[2] = sp;
	s &= ~(RISCV64_SSTATUS_SIE | RISCV64_SSTATUS_SPP | RISCV64_SSTATUS_SUM |
	       RISCV64_SSTATUS_MXR | RISCV64_SSTATUS_FS | RISCV64_SSTATUS_VS |
	       RISCV64_SSTATUS_SD);
	s |= RISCV64_SSTATUS_SPIE;
	if (riscv64_fpu_present)
		s |= RISCV64_SSTATUS_FS_INITIAL;
	tf->sstatus = s;
	riscv64_fpu_owner = NULL;
}

void hal_user_return(struct hal_trapframe *tf)
{
	hal_irq_disable();
	if (!hal_tf_from_user(tf))
		core_panic("riscv64: hal_user_return with a supervisor frame (sstatus %#lx)",
			   tf->sstatus);
	/* trap.S saves the next user trap where tf is: it must be the top. */
	if (riscv64_kstack_top != NULL && (void *)(tf + 1) != riscv64_kstack_top)
		core_panic("riscv64: user frame %p is not below the kernel stack top %p",
			   (void *)tf, riscv64_kstack_top);
	riscv64_fpu_trap_exit(tf);
	riscv64_user_return(tf);
}

unsigned long hal_tf_syscall_nr(const struct hal_trapframe *tf)
{
	return tf->regs[17];	/* a7 */
}

/* a0..a5; the first one as it was at entry, like Linux's orig_a0. */
unsigned long hal_tf_syscall_arg(const struct hal_trapframe *tf, int i)
{
	if (i == 0)
		return tf->orig_a0;
	if (i < 0 || i > 5)
		return 0;
	return tf->regs[10 + i];
}

void hal_tf_set_syscall_ret(struct hal_trapframe *tf, long ret)
{
	tf->regs[10] = (unsigned long)ret;
}

long hal_tf_syscall_ret(const struct hal_trapframe *tf)
{
	return (long)tf->regs[10];
}

/* Back onto the ecall (always 4 bytes) with the original a0. */
void hal_tf_syscall_restart(struct hal_trapframe *tf)
{
	tf->regs[10] = tf->orig_a0;
	tf->sepc -= 4;
}

void hal_tf_set_sp(struct hal_trapframe *tf, vaddr_t sp)
{
	tf->regs[2] = sp;
}

/* The thread pointer is tp (x4), a plain register of the frame. */
void hal_tf_set_tls(struct hal_trapframe *tf, unsigned long tls)
{
	tf->regs[4] = tls;
}

unsigned long hal_tf_tls(const struct hal_trapframe *tf)
{
	return tf->regs[4];
}

/*
 * fork and clone: the FPU state is part of the frame and, while src's
 * thread is in the kernel, up to date there (saved on the trap that
 * entered), so a copy of the frame is the whole user state.  dst's thread
 * has not run: it must not pass for the frame the FPU holds.
 */
void hal_user_state_copy(struct hal_trapframe *dst, const struct hal_trapframe *src)
{
	*dst = *src;
	if (riscv64_fpu_owner == dst)
		riscv64_fpu_owner = NULL;
}

/*
 * Linux's riscv signal frame (arch/riscv/kernel/signal.c and the UAPI
 * headers asm/sigcontext.h, asm/ucontext.h, asm/ptrace.h), spelt out here
 * with the sizes and offsets checked below:
 *
 *   struct rt_sigframe { siginfo_t info; struct ucontext uc; }
 *   struct ucontext { uc_flags, uc_link, stack_t uc_stack, sigset_t
 *       uc_sigmask, 120 bytes of room for a larger sigset, then (16-byte
 *       aligned) struct sigcontext uc_mcontext }
 *   struct sigcontext { struct user_regs_struct sc_regs (pc, then x1..x31);
 *       union __riscv_fp_state sc_fpregs }
 *
 * The FPU part is saved as Linux saves it, in the D layout of the union
 * (f0..f31 as 64-bit values, then fcsr), inside the 528 bytes of its
 * largest (Q) member.  The last 12 bytes of that member are q.reserved[3],
 * which newer kernels read as one reserved word and the header of the
 * first extension context (magic, size): all zero means no extension (no
 * vector state), which is what is written, and all that sigreturn accepts.
 */
struct riscv64_sigcontext {
	unsigned long sc_regs[32];	/* pc, ra, sp, gp, tp, t0 ... t6 */
	struct {
		uint64_t f[32];
		uint32_t fcsr;
		uint8_t unused[256];	/* the rest of the Q layout's f[] and fcsr */
		uint32_t reserved;
		uint32_t ext_magic;
		uint32_t ext_size;
	} __attribute__((aligned(16))) sc_fpregs;
};

struct riscv64_ucontext {
	unsigned long uc_flags;
	unsigned long uc_link;
	struct {
		unsigned long ss_sp;
		int ss_flags;
		int pad;
		unsigned long ss_size;
	} uc_stack;
	uint64_t uc_sigmask;
	uint8_t sigmask_room[1024 / 8 - 8];
	struct riscv64_sigcontext uc_mcontext;
};

struct riscv64_rt_sigframe {
	uint8_t info[128];
	struct riscv64_ucontext uc;
};

_Static_assert(sizeof(struct riscv64_sigcontext) == 256 + 528, "sigcontext size");
_Static_assert(__builtin_offsetof(struct riscv64_ucontext, uc_sigmask) == 40,
	       "uc_sigmask offset");
_Static_assert(__builtin_offsetof(struct riscv64_ucontext, uc_mcontext) == 176,
	       "uc_mcontext offset");
_Static_assert(__builtin_offsetof(struct riscv64_rt_sigframe, uc) == 128, "uc offset");
_Static_assert(sizeof(struct riscv64_rt_sigframe) == 1088, "rt_sigframe size");
_Static_assert(__builtin_offsetof(struct riscv64_sigcontext, sc_fpregs.reserved) ==
	       256 + 516, "q.reserved offset");

/*
 * Lay the frame below si->stack_top, 16-byte aligned (the psABI stack
 * alignment; riscv has no red zone), and enter the handler with
 * a0 = sig, a1 = &info, a2 = &uc, ra = the restorer, sp = the frame.  The
 * FPU registers are left as they are for the handler, as on Linux.
 */
int hal_signal_deliver(struct hal_as *as, struct hal_trapframe *tf,
		       const struct hal_signal_info *si)
{
	struct riscv64_rt_sigframe frame;
	struct riscv64_sigcontext *sc = &frame.uc.uc_mcontext;
	vaddr_t sp;
	int i;

	if (si->stack_top < sizeof(frame) || si->stack_top > HAL_USER_TOP)
		return -EFAULT;
	sp = (si->stack_top - sizeof(frame)) & ~15UL;

	__builtin_memset(&frame, 0, sizeof(frame));
	__builtin_memcpy(frame.info, si->siginfo, sizeof(frame.info));
	frame.uc.uc_stack.ss_sp = si->altstack_sp;
	frame.uc.uc_stack.ss_flags = si->altstack_flags;
	frame.uc.uc_stack.ss_size = si->altstack_size;
	frame.uc.uc_sigmask = si->saved_mask;
	sc->sc_regs[0] = tf->sepc;
	for (i = 1; i < 32; i++)
		sc->sc_regs[i] = tf->regs[i];
	if (riscv64_fpu_present) {
		for (i = 0; i < 32; i++)
			sc->sc_fpregs.f[i] = tf->fregs[i];
		sc->sc_fpregs.fcsr = (uint32_t)tf->fcsr;
	}
	if (hal_copy_to_user(as, sp, &frame, sizeof(frame)) != 0)
		return -EFAULT;

	tf->sepc = si->handler;
	tf->regs[1] = si->restorer;
	tf->regs[2] = sp;
	tf->regs[10] = (unsigned long)si->sig;
	tf->regs[11] = sp + __builtin_offsetof(struct riscv64_rt_sigframe, info);
	tf->regs[12] = sp + __builtin_offsetof(struct riscv64_rt_sigframe, uc);
	return 0;
}

/*
 * rt_sigreturn: the frame is at the user sp the restorer runs with.  The
 * integer registers, pc and FPU state come back from it; sstatus does not
 * (Linux's frame has none), so the privilege and interrupt bits of the
 * frame stay those of the user trap.  A frame announcing an extension
 * context (vector state, which this port never writes) is refused like a
 * frame that cannot be read.
 */
int hal_signal_return(struct hal_as *as, struct hal_trapframe *tf, uint64_t *mask)
{
	struct riscv64_ucontext uc;
	const struct riscv64_sigcontext *sc = &uc.uc_mcontext;
	vaddr_t frame = tf->regs[2];
	int i;

	if (!hal_tf_from_user(tf) || frame >= HAL_USER_TOP)
		return -EFAULT;
	if (hal_copy_from_user(as, &uc, frame +
			       __builtin_offsetof(struct riscv64_rt_sigframe, uc),
			       sizeof(uc)) != 0)
		return -EFAULT;
	if (sc->sc_fpregs.reserved != 0 || sc->sc_fpregs.ext_magic != 0)
		return -EFAULT;

	tf->sepc = sc->sc_regs[0];
	for (i = 1; i < 32; i++)
		tf->regs[i] = sc->sc_regs[i];
	if (riscv64_fpu_present) {
		for (i = 0; i < 32; i++)
			tf->fregs[i] = sc->sc_fpregs.f[i];
		tf->fcsr = sc->sc_fpregs.fcsr & 0xff;	/* frm and fflags */
		riscv64_fpu_owner = NULL;
	}
	*mask = uc.uc_sigmask;
	return 0;
}

/* li a7, 139 (__NR_rt_sigreturn); ecall */
static const uint32_t riscv64_sigtramp_code[] = { 0x08b00893, 0x00000073 };

const void *hal_sigtramp(size_t *len)
{
	*len = sizeof(riscv64_sigtramp_code);
	return riscv64_sigtramp_code;
}

unsigned int hal_elf_machine(void)
{
	return 243;	/* EM_RISCV */
}

/*
 * AT_HWCAP on riscv is one bit per single-letter base extension,
 * bit (letter - 'a'), for I, M, A, F, D, C (and V, which user mode does
 * not get here); like Linux, F and D are reported together or not at all.
 */
unsigned long hal_elf_hwcap(void)
{
	static const char letters[] = "imafdc";
	unsigned long hwcap = 0;
	unsigned int i;

	for (i = 0; letters[i] != '\0'; i++)
		if (riscv64_isa_has_letter(letters[i]))
			hwcap |= 1UL << (letters[i] - 'a');
	if (!riscv64_fpu_present)
		hwcap &= ~((1UL << ('f' - 'a')) | (1UL << ('d' - 'a')));
	return hwcap;
}

/* riscv Linux defines neither ELF_HWCAP2 nor ELF_PLATFORM. */
unsigned long hal_elf_hwcap2(void)
{
	return 0;
}

const char *hal_elf_platform(void)
{
	return NULL;
}
