/*
 * user.c - user mode on x86_64 (hal/user.h): the syscall/sysret setup, the
 * per-CPU area, FPU/SSE and FS base per thread, system call registers,
 * Linux's rt_sigframe, and the ELF auxiliary vector values.
 *
 * Per-thread user state that is not in the general registers lives in the
 * thread's user frame at the top of its kernel stack (see struct
 * hal_trapframe): the fxsave64 image of the x87/SSE registers and the FS
 * base.  The FPU registers are switched eagerly: the scheduler's
 * hal_set_kernel_stack() saves the registers of the thread that owns them
 * into its frame, and every return to user mode (x86_64_user_exit) loads
 * the returning thread's image unless it already owns them.  The kernel is
 * built with -mgeneral-regs-only, so the registers hold user state only.
 * Only fxsave is used, and CR4.OSXSAVE stays clear: programs see no AVX
 * (CPUID.1:ECX.OSXSAVE = 0) and the signal frame's fpstate is the 512-byte
 * fxsave area, as on Linux without XSAVE.
 */
#include <hal/hal.h>
#include <kstring.h>
#include <stddef.h>
#include "x86_64.h"

#define X86_64_CR0_MP		(1UL << 1)
#define X86_64_CR0_EM		(1UL << 2)
#define X86_64_CR0_TS		(1UL << 3)
#define X86_64_CR0_NE		(1UL << 5)
#define X86_64_CR4_OSFXSR	(1UL << 9)
#define X86_64_CR4_OSXMMEXCPT	(1UL << 10)

#define X86_64_RFLAGS_CF	0x00000001UL
#define X86_64_RFLAGS_FIXED	0x00000002UL	/* bit 1 always reads as 1 */
#define X86_64_RFLAGS_PF	0x00000004UL
#define X86_64_RFLAGS_AF	0x00000010UL
#define X86_64_RFLAGS_ZF	0x00000040UL
#define X86_64_RFLAGS_SF	0x00000080UL
#define X86_64_RFLAGS_TF	0x00000100UL
#define X86_64_RFLAGS_DF	0x00000400UL
#define X86_64_RFLAGS_OF	0x00000800UL
#define X86_64_RFLAGS_IOPL	0x00003000UL
#define X86_64_RFLAGS_NT	0x00004000UL
#define X86_64_RFLAGS_RF	0x00010000UL
#define X86_64_RFLAGS_AC	0x00040000UL

/* Flags cleared on syscall entry: interrupts, single-step, direction,
 * alignment check (which would also lift SMAP), IOPL and nested task. */
#define X86_64_SYSCALL_FMASK	(X86_64_RFLAGS_TF | X86_64_RFLAGS_IF | X86_64_RFLAGS_DF | \
				 X86_64_RFLAGS_IOPL | X86_64_RFLAGS_NT | X86_64_RFLAGS_AC)

/* The flags a signal handler may change through its frame (Linux's
 * FIX_EFLAGS); IF, IOPL and the rest keep the kernel's values. */
#define X86_64_SIGRETURN_FLAGS	(X86_64_RFLAGS_AC | X86_64_RFLAGS_OF | X86_64_RFLAGS_DF | \
				 X86_64_RFLAGS_TF | X86_64_RFLAGS_SF | X86_64_RFLAGS_ZF | \
				 X86_64_RFLAGS_AF | X86_64_RFLAGS_PF | X86_64_RFLAGS_CF | \
				 X86_64_RFLAGS_RF)

#define X86_64_USER_RFLAGS	(X86_64_RFLAGS_IF | X86_64_RFLAGS_FIXED)

/* First address past the lower canonical half. */
#define X86_64_CANONICAL_LOW_END	0x0000800000000000UL

/* fxsave image offsets. */
#define X86_64_FX_FCW		0
#define X86_64_FX_MXCSR		24
#define X86_64_FX_MXCSR_MASK	28
#define X86_64_FX_SW_BYTES	464	/* 48 bytes software may use */
#define X86_64_MXCSR_DEFAULT	0x1f80

/*
 * The per-CPU area GS base points at in kernel mode; syscall entry finds
 * the kernel stack there (offsets in <arch/hal_arch.h>).
 */
struct x86_64_percpu {
	uint64_t kstack_top;
	uint64_t user_rsp;
};

static struct x86_64_percpu x86_64_percpu0 __aligned(64);

/* The frame whose FPU image the registers currently hold (they may be
 * newer than the image), or NULL. */
static struct hal_trapframe *x86_64_fpu_owner;

/* The FS base MSR value, or X86_64_FSBASE_UNKNOWN after a thread switch
 * (user mode can change the base by loading %fs). */
#define X86_64_FSBASE_UNKNOWN	(1UL << 63)
static uint64_t x86_64_fsbase_loaded;

/* MXCSR bits the CPU accepts (fxrstor faults on others). */
static uint32_t x86_64_mxcsr_mask = 0xffbf;

/* The FPU image of a new program: fninit's state and MXCSR 0x1f80. */
static uint8_t x86_64_fpu_init_image[512] __aligned(16);

extern char x86_64_syscall_entry[];
void x86_64_enter_user(struct hal_trapframe *tf) __noreturn;
int x86_64_syscall(struct hal_trapframe *tf);

static inline void x86_64_fxsave(void *area)
{
	__asm__ __volatile__("fxsave64 (%0)" : : "r"(area) : "memory");
}

static inline void x86_64_fxrstor(const void *area)
{
	__asm__ __volatile__("fxrstor64 (%0)" : : "r"(area) : "memory");
}

static inline unsigned long x86_64_read_cr0(void)
{
	unsigned long v;

	__asm__ __volatile__("movq %%cr0, %0" : "=r"(v));
	return v;
}

static inline void x86_64_write_cr0(unsigned long v)
{
	__asm__ __volatile__("movq %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint32_t x86_64_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void x86_64_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * x86_64_user_init - boot-time setup, interrupts disabled: x87/SSE for
 * user programs, the per-CPU area, and the syscall MSRs.  The syscall
 * instruction loads CS = 0x10 and SS = 0x18 (STAR[47:32]); sysretq loads
 * CS = 0x33 and SS = 0x2b (STAR[63:48] + 16 and + 8).
 */
void x86_64_user_init(void)
{
	uint32_t mask;

	x86_64_write_cr0((x86_64_read_cr0() & ~(X86_64_CR0_EM | X86_64_CR0_TS)) |
			 X86_64_CR0_MP | X86_64_CR0_NE);
	x86_64_cr4_set(X86_64_CR4_OSFXSR | X86_64_CR4_OSXMMEXCPT);
	__asm__ __volatile__("fninit" ::: "memory");
	x86_64_fxsave(x86_64_fpu_init_image);
	mask = x86_64_get32(x86_64_fpu_init_image + X86_64_FX_MXCSR_MASK);
	if (mask != 0)
		x86_64_mxcsr_mask = mask;
	for (unsigned int i = 0; i < sizeof(x86_64_fpu_init_image); i++)
		x86_64_fpu_init_image[i] = 0;
	x86_64_fpu_init_image[X86_64_FX_FCW] = 0x7f;	/* fninit's control word 0x037f */
	x86_64_fpu_init_image[X86_64_FX_FCW + 1] = 0x03;
	x86_64_put32(x86_64_fpu_init_image + X86_64_FX_MXCSR, X86_64_MXCSR_DEFAULT);
	x86_64_fxrstor(x86_64_fpu_init_image);

	/* Data segments: null, as Linux gives 64-bit programs. */
	__asm__ __volatile__("movl %0, %%ds; movl %0, %%es" : : "r"(0) : "memory");
	x86_64_wrmsr(X86_64_MSR_GS_BASE, (uint64_t)(uintptr_t)&x86_64_percpu0);
	x86_64_wrmsr(X86_64_MSR_KERNEL_GS_BASE, 0);
	x86_64_wrmsr(X86_64_MSR_FS_BASE, 0);
	x86_64_fsbase_loaded = 0;

	x86_64_wrmsr(X86_64_MSR_STAR, ((uint64_t)(X86_64_USER32_CS & ~3) << 48) |
				      ((uint64_t)X86_64_KERNEL_CS << 32));
	x86_64_wrmsr(X86_64_MSR_LSTAR, (uint64_t)(uintptr_t)x86_64_syscall_entry);
	/* No compat-mode code segment exists, so CSTAR is never used. */
	x86_64_wrmsr(X86_64_MSR_CSTAR, 0);
	x86_64_wrmsr(X86_64_MSR_FMASK, X86_64_SYSCALL_FMASK);
	x86_64_wrmsr(X86_64_MSR_EFER, x86_64_rdmsr(X86_64_MSR_EFER) | X86_64_EFER_SCE);
}

/* Bring tf's FPU image up to date if the registers hold newer state. */
static void x86_64_fpu_sync(const struct hal_trapframe *tf)
{
	if (x86_64_fpu_owner == tf)
		x86_64_fxsave(x86_64_fpu_owner->fxsave);
}

/* tf's FPU image was replaced: the registers no longer hold its state. */
static void x86_64_fpu_forget(const struct hal_trapframe *tf)
{
	if (x86_64_fpu_owner == tf)
		x86_64_fpu_owner = NULL;
}

static void x86_64_fpu_reset(struct hal_trapframe *tf)
{
	memcpy(tf->fxsave, x86_64_fpu_init_image, sizeof(tf->fxsave));
	x86_64_fpu_forget(tf);
}

/*
 * x86_64_user_exit - the last step before restoring tf to user mode,
 * interrupts disabled, after core_trap_return(): load the thread's FPU
 * registers and FS base if the CPU does not hold them already.
 */
void x86_64_user_exit(struct hal_trapframe *tf)
{
	if (x86_64_fpu_owner != tf) {
		x86_64_fxrstor(tf->fxsave);
		x86_64_fpu_owner = tf;
	}
	if (tf->fsbase != x86_64_fsbase_loaded) {
		x86_64_wrmsr(X86_64_MSR_FS_BASE, tf->fsbase);
		x86_64_fsbase_loaded = tf->fsbase;
	}
}

/*
 * x86_64_syscall - called by x86_64_syscall_entry with interrupts disabled
 * and tf at the top of the kernel stack.  Returns nonzero when sysretq
 * restores tf exactly: it reloads rip from rcx and rflags from r11, so
 * those must match, and a non-canonical rip would fault in kernel mode
 * (hence only user addresses).  TF and RF go through iretq, as on Linux.
 */
int x86_64_syscall(struct hal_trapframe *tf)
{
	core_trap_syscall(tf);
	core_trap_return(tf);
	x86_64_user_exit(tf);
	return tf->rcx == tf->rip && tf->r11 == tf->rflags && tf->rip < HAL_USER_TOP &&
	       tf->cs == X86_64_USER_CS && tf->ss == X86_64_USER_DS &&
	       !(tf->rflags & (X86_64_RFLAGS_TF | X86_64_RFLAGS_RF));
}

/*
 * The thread about to run owns the stack at top: traps from user mode
 * land there (TSS.RSP0 for interrupts and exceptions, the per-CPU area for
 * syscall).  The outgoing thread's FPU registers go to its frame now; the
 * FS base is reloaded on the next return to user mode.
 */
void hal_set_kernel_stack(void *top)
{
	x86_64_percpu0.kstack_top = (uint64_t)(uintptr_t)top;
	x86_64_tss_set_rsp0((uint64_t)(uintptr_t)top);
	if (x86_64_fpu_owner != NULL && x86_64_fpu_owner != (struct hal_trapframe *)top - 1) {
		x86_64_fxsave(x86_64_fpu_owner->fxsave);
		x86_64_fpu_owner = NULL;
	}
	x86_64_fsbase_loaded = X86_64_FSBASE_UNKNOWN;
}

/*
 * A new program, as Linux's start_thread leaves it: every general register
 * zero, rflags IF only, the user selectors, FS base 0, the FPU reset.
 */
void hal_tf_init_user(struct hal_trapframe *tf, vaddr_t pc, vaddr_t sp)
{
	unsigned long flags = hal_irq_save();

	memset(tf, 0, sizeof(*tf));
	tf->rip = pc;
	tf->rsp = sp;
	tf->cs = X86_64_USER_CS;
	tf->ss = X86_64_USER_DS;
	tf->rflags = X86_64_USER_RFLAGS;
	tf->orig_rax = (uint64_t)-1;
	x86_64_fpu_reset(tf);
	hal_irq_restore(flags);
}

void hal_user_return(struct hal_trapframe *tf)
{
	x86_64_user_exit(tf);
	x86_64_enter_user(tf);
}

void hal_user_state_copy(struct hal_trapframe *dst, const struct hal_trapframe *src)
{
	unsigned long flags = hal_irq_save();

	x86_64_fpu_sync(src);
	*dst = *src;
	x86_64_fpu_forget(dst);
	hal_irq_restore(flags);
}

/* Linux's x86_64 system call registers: rax; rdi rsi rdx r10 r8 r9. */
unsigned long hal_tf_syscall_nr(const struct hal_trapframe *tf)
{
	return tf->orig_rax;
}

unsigned long hal_tf_syscall_arg(const struct hal_trapframe *tf, int i)
{
	switch (i) {
	case 0: return tf->rdi;
	case 1: return tf->rsi;
	case 2: return tf->rdx;
	case 3: return tf->r10;
	case 4: return tf->r8;
	case 5: return tf->r9;
	}
	return 0;
}

void hal_tf_set_syscall_ret(struct hal_trapframe *tf, long ret)
{
	tf->rax = (uint64_t)ret;
}

long hal_tf_syscall_ret(const struct hal_trapframe *tf)
{
	return (long)tf->rax;
}

/* Back onto the two-byte syscall instruction, with the number again in
 * rax; the argument registers were never changed. */
void hal_tf_syscall_restart(struct hal_trapframe *tf)
{
	tf->rax = tf->orig_rax;
	tf->rip -= 2;
}

void hal_tf_set_sp(struct hal_trapframe *tf, vaddr_t sp)
{
	tf->rsp = sp;
}

/*
 * The FS base.  wrmsr faults on a non-canonical value, so only user
 * addresses are taken (core's arch_prctl already refuses others with
 * -EPERM); any other value leaves the base unchanged.
 */
void hal_tf_set_tls(struct hal_trapframe *tf, unsigned long tls)
{
	if (tls < HAL_USER_TOP)
		tf->fsbase = tls;
}

unsigned long hal_tf_tls(const struct hal_trapframe *tf)
{
	return tf->fsbase;
}

/* ---- signal frames: Linux's x86_64 struct rt_sigframe */

#define X86_64_UC_SIGCONTEXT_SS		0x2
#define X86_64_UC_STRICT_RESTORE_SS	0x4

struct x86_64_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	uint64_t eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;	/* user address of the 512-byte fxsave area */
	uint64_t reserved1[8];
};

struct x86_64_stack {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
};

struct x86_64_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct x86_64_stack uc_stack;
	struct x86_64_sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

struct x86_64_rt_sigframe {
	uint64_t pretcode;	/* the handler's return address: the restorer */
	struct x86_64_ucontext uc;
	uint8_t info[128];
};

_Static_assert(sizeof(struct x86_64_sigcontext) == 256, "sigcontext layout");
_Static_assert(sizeof(struct x86_64_ucontext) == 304, "ucontext layout");
_Static_assert(sizeof(struct x86_64_rt_sigframe) == 440, "rt_sigframe layout");

#define X86_64_RED_ZONE		128

/*
 * Frame placement, as Linux's get_sigframe: below the 128-byte red zone
 * (not on a fresh alternate stack), the FPU area 64-byte aligned, then the
 * frame, placed so that at handler entry (rsp + 8) is 16-byte aligned, as
 * if the restorer address had been pushed by a call.
 */
int hal_signal_deliver(struct hal_as *as, struct hal_trapframe *tf,
		       const struct hal_signal_info *si)
{
	struct x86_64_rt_sigframe f;
	struct x86_64_sigcontext *sc = &f.uc.uc_mcontext;
	vaddr_t sp = si->stack_top, fpstate, frame;
	unsigned long flags;

	if (sp == tf->rsp)
		sp -= X86_64_RED_ZONE;
	fpstate = (sp - sizeof(tf->fxsave)) & ~(vaddr_t)63;
	frame = ((fpstate - sizeof(f)) & ~(vaddr_t)15) - 8;
	if (frame >= sp || frame >= HAL_USER_TOP)
		return -EFAULT;

	memset(&f, 0, sizeof(f));
	f.pretcode = si->restorer;
	f.uc.uc_flags = X86_64_UC_SIGCONTEXT_SS | X86_64_UC_STRICT_RESTORE_SS;
	f.uc.uc_stack.ss_sp = si->altstack_sp;
	f.uc.uc_stack.ss_flags = si->altstack_flags;
	f.uc.uc_stack.ss_size = si->altstack_size;
	sc->r8 = tf->r8;
	sc->r9 = tf->r9;
	sc->r10 = tf->r10;
	sc->r11 = tf->r11;
	sc->r12 = tf->r12;
	sc->r13 = tf->r13;
	sc->r14 = tf->r14;
	sc->r15 = tf->r15;
	sc->rdi = tf->rdi;
	sc->rsi = tf->rsi;
	sc->rbp = tf->rbp;
	sc->rbx = tf->rbx;
	sc->rdx = tf->rdx;
	sc->rax = tf->rax;
	sc->rcx = tf->rcx;
	sc->rsp = tf->rsp;
	sc->rip = tf->rip;
	sc->eflags = tf->rflags;
	sc->cs = (uint16_t)tf->cs;
	sc->ss = (uint16_t)tf->ss;
	if (tf->vector < 32) {
		sc->trapno = tf->vector;
		sc->err = tf->error;
		if (tf->vector == 14)
			sc->cr2 = tf->cr2;
	}
	sc->oldmask = si->saved_mask;
	sc->fpstate = fpstate;
	f.uc.uc_sigmask = si->saved_mask;
	memcpy(f.info, si->siginfo, sizeof(f.info));

	flags = hal_irq_save();
	x86_64_fpu_sync(tf);
	hal_irq_restore(flags);
	if (hal_copy_to_user(as, fpstate, tf->fxsave, sizeof(tf->fxsave)) != 0 ||
	    hal_copy_to_user(as, frame, &f, sizeof(f)) != 0)
		return -EFAULT;

	/* The handler: (sig, &info, &uc), rax 0 as Linux leaves it, a clean
	 * FPU, and the flags Linux clears. */
	tf->rdi = (uint64_t)si->sig;
	tf->rsi = frame + offsetof(struct x86_64_rt_sigframe, info);
	tf->rdx = frame + offsetof(struct x86_64_rt_sigframe, uc);
	tf->rax = 0;
	tf->rsp = frame;
	tf->rip = si->handler;
	tf->cs = X86_64_USER_CS;
	tf->ss = X86_64_USER_DS;
	tf->rflags &= ~(X86_64_RFLAGS_DF | X86_64_RFLAGS_RF | X86_64_RFLAGS_TF);
	tf->orig_rax = (uint64_t)-1;
	flags = hal_irq_save();
	x86_64_fpu_reset(tf);
	hal_irq_restore(flags);
	return 0;
}

/*
 * rt_sigreturn: the frame is at rsp - 8 (the handler's ret popped
 * pretcode).  cs must be the 64-bit user code selector and ss the user
 * data selector (or is forced to it without UC_STRICT_RESTORE_SS, like
 * Linux's force_valid_ss); rip must be canonical (iretq would fault in
 * kernel mode otherwise).  Only the arithmetic, direction, trap, resume
 * and alignment-check flags come from the frame: IF stays set and IOPL 0.
 * MXCSR bits the CPU does not have are dropped, since fxrstor would fault.
 */
int hal_signal_return(struct hal_as *as, struct hal_trapframe *tf, uint64_t *mask)
{
	struct x86_64_rt_sigframe f;
	const struct x86_64_sigcontext *sc = &f.uc.uc_mcontext;
	vaddr_t frame = tf->rsp - 8;
	uint8_t fx[512];
	uint16_t ss;
	unsigned long flags;

	if (frame >= HAL_USER_TOP ||
	    hal_copy_from_user(as, &f, frame, sizeof(f)) != 0)
		return -EFAULT;
	if ((sc->cs | 3) != X86_64_USER_CS || sc->rip >= X86_64_CANONICAL_LOW_END)
		return -EFAULT;
	ss = sc->ss | 3;
	if (ss != X86_64_USER_DS) {
		if (f.uc.uc_flags & X86_64_UC_STRICT_RESTORE_SS)
			return -EFAULT;
		ss = X86_64_USER_DS;
	}
	if (sc->fpstate != 0) {
		if (hal_copy_from_user(as, fx, sc->fpstate, sizeof(fx)) != 0)
			return -EFAULT;
		x86_64_put32(fx + X86_64_FX_MXCSR,
			     x86_64_get32(fx + X86_64_FX_MXCSR) & x86_64_mxcsr_mask);
		memset(fx + X86_64_FX_SW_BYTES, 0, sizeof(fx) - X86_64_FX_SW_BYTES);
	}

	tf->r8 = sc->r8;
	tf->r9 = sc->r9;
	tf->r10 = sc->r10;
	tf->r11 = sc->r11;
	tf->r12 = sc->r12;
	tf->r13 = sc->r13;
	tf->r14 = sc->r14;
	tf->r15 = sc->r15;
	tf->rdi = sc->rdi;
	tf->rsi = sc->rsi;
	tf->rbp = sc->rbp;
	tf->rbx = sc->rbx;
	tf->rdx = sc->rdx;
	tf->rax = sc->rax;
	tf->rcx = sc->rcx;
	tf->rsp = sc->rsp;
	tf->rip = sc->rip;
	tf->rflags = (X86_64_USER_RFLAGS | (tf->rflags & ~X86_64_SIGRETURN_FLAGS) |
		      (sc->eflags & X86_64_SIGRETURN_FLAGS)) & ~(X86_64_RFLAGS_IOPL | X86_64_RFLAGS_NT);
	tf->cs = X86_64_USER_CS;
	tf->ss = ss;
	tf->orig_rax = (uint64_t)-1;	/* no restart of rt_sigreturn itself */

	flags = hal_irq_save();
	if (sc->fpstate != 0) {
		memcpy(tf->fxsave, fx, sizeof(tf->fxsave));
		x86_64_fpu_forget(tf);
	} else {
		x86_64_fpu_reset(tf);
	}
	hal_irq_restore(flags);
	*mask = f.uc.uc_sigmask;
	return 0;
}

/* mov $15, %eax (__NR_rt_sigreturn); syscall */
static const uint8_t x86_64_sigtramp_code[] = { 0xb8, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05 };

const void *hal_sigtramp(size_t *len)
{
	*len = sizeof(x86_64_sigtramp_code);
	return x86_64_sigtramp_code;
}

/* ---- ELF */

#define X86_64_EM_X86_64	62

unsigned int hal_elf_machine(void)
{
	return X86_64_EM_X86_64;
}

/* Linux's ELF_HWCAP on x86: CPUID leaf 1 EDX. */
unsigned long hal_elf_hwcap(void)
{
	uint32_t r[4];

	x86_64_cpuid(1, 0, r);
	return r[3];
}

/* HWCAP2_FSGSBASE would say rdfsbase & co work; CR4.FSGSBASE stays off
 * (the kernel keeps FS base in the frame), and ring-3 MWAIT is not
 * offered either. */
unsigned long hal_elf_hwcap2(void)
{
	return 0;
}

const char *hal_elf_platform(void)
{
	return "x86_64";
}
