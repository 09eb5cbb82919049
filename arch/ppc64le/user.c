/*
 * user.c - user mode on ppc64le: the initial register state, the system
 * call convention, the thread pointer, signal frames and the ELF auxiliary
 * vector values, all as Linux gives them to a 64-bit little-endian ELFv2
 * program.
 *
 * System calls ("sc"): r0 is the number, r3..r8 the arguments; the result
 * comes back in r3 with CR0.SO clear, or a positive errno in r3 with CR0.SO
 * set.  Every other register is preserved.  The thread pointer is r13.
 *
 * The whole user register state, FP/VMX/VSX included, lives in the trap
 * frame at the top of the thread's kernel stack (vectors.S saves it there
 * on every trap from user mode), so fork's copy of the frame, exec's fresh
 * frame and signal frames carry it without any lazy-switching state.
 * hal_ctx_init() starts every thread below that frame (cpu.c).
 */
#include <arch/ppc64le.h>
#include <kernel.h>
#include <proc.h>

_Static_assert(sizeof(struct hal_trapframe) == 8 * PPC64LE_TF_SLOTS,
	       "trap frame layout out of step with vectors.S");
_Static_assert(__builtin_offsetof(struct hal_trapframe, vsr) == 8 * PPC64LE_TF_VSR,
	       "VSR slots out of step with vectors.S");
_Static_assert(__builtin_offsetof(struct hal_trapframe, vscr) == 8 * PPC64LE_TF_VSCR,
	       "VSCR slot out of step with vectors.S");
_Static_assert(__builtin_offsetof(struct hal_trapframe, result) == 8 * PPC64LE_TF_RESULT,
	       "pt_regs part out of step with vectors.S");

#define CR0_SO		0x10000000UL
#define MAX_ERRNO	4095

/* The MSR of user mode: 64-bit, little-endian, translated, interrupts on,
 * FP (exceptions off, FE0 = FE1 = 0), VMX and VSX usable. */
#define USER_MSR	(PPC64LE_MSR_SF | PPC64LE_MSR_VEC | PPC64LE_MSR_VSX |	\
			 PPC64LE_MSR_EE | PPC64LE_MSR_PR | PPC64LE_MSR_FP |	\
			 PPC64LE_MSR_ME | PPC64LE_MSR_IR | PPC64LE_MSR_DR |	\
			 PPC64LE_MSR_RI | PPC64LE_MSR_LE)

/*
 * The per-CPU area SPRG0 points at (one CPU for now).  vectors.S reads the
 * kernel stack top from it on every trap from user mode.
 */
static unsigned long ppc64le_percpu[4] __aligned(64);

#define FSCR_TAR	(1UL << 8)

/*
 * Point SPRG0 at the per-CPU area (before the vectors are installed) and
 * let user mode use TAR, as Linux does; it is part of the user state
 * vectors.S saves.
 */
void ppc64le_user_init(void)
{
	extern char ppc64le_boot_stack_top[];

	ppc64le_percpu[PPC64LE_PCPU_KSTACK / 8] = (unsigned long)ppc64le_boot_stack_top;
	ppc64le_mtspr(PPC64LE_SPR_SPRG0, (unsigned long)ppc64le_percpu);
	ppc64le_mtspr(PPC64LE_SPR_FSCR,
		      ppc64le_mfspr(PPC64LE_SPR_FSCR) | FSCR_TAR);
}

void hal_set_kernel_stack(void *top)
{
	ppc64le_percpu[PPC64LE_PCPU_KSTACK / 8] = (unsigned long)top;
}

/*
 * Linux's start_thread for an ELFv2 program: every register zero but the
 * stack pointer, and r12 holding the entry point (global entry points
 * compute their TOC from it).  FP/VMX/VSX state zero, FPSCR 0.
 */
void hal_tf_init_user(struct hal_trapframe *tf, vaddr_t pc, vaddr_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->nip = pc;
	tf->gpr[1] = sp;
	tf->gpr[12] = pc;
	tf->msr = USER_MSR;
	tf->softe = 1;
}

unsigned long hal_tf_syscall_nr(const struct hal_trapframe *tf)
{
	return tf->gpr[0];
}

/* Argument 0 is r3 as it was at entry (orig_gpr3), like Linux's
 * syscall_get_arguments(), so it survives the result being set. */
unsigned long hal_tf_syscall_arg(const struct hal_trapframe *tf, int i)
{
	if (i == 0)
		return tf->orig_gpr3;
	if (i > 0 && i < 6)
		return tf->gpr[3 + i];
	return 0;
}

void hal_tf_set_syscall_ret(struct hal_trapframe *tf, long ret)
{
	tf->result = (unsigned long)ret;
	if (ret < 0 && ret >= -MAX_ERRNO) {
		tf->gpr[3] = (unsigned long)-ret;
		tf->cr |= CR0_SO;
	} else {
		tf->gpr[3] = (unsigned long)ret;
		tf->cr &= ~CR0_SO;
	}
}

long hal_tf_syscall_ret(const struct hal_trapframe *tf)
{
	if (tf->cr & CR0_SO)
		return -(long)tf->gpr[3];
	return (long)tf->gpr[3];
}

/* Back over the 4-byte sc with the original r3; r0 and r4..r8 were never
 * changed. */
void hal_tf_syscall_restart(struct hal_trapframe *tf)
{
	tf->gpr[3] = tf->orig_gpr3;
	tf->cr &= ~CR0_SO;
	tf->nip -= 4;
}

void hal_tf_set_sp(struct hal_trapframe *tf, vaddr_t sp)
{
	tf->gpr[1] = sp;
}

void hal_tf_set_tls(struct hal_trapframe *tf, unsigned long tls)
{
	tf->gpr[13] = tls;
}

unsigned long hal_tf_tls(const struct hal_trapframe *tf)
{
	return tf->gpr[13];
}

/* ---- signal frames: Linux's arch/powerpc 64-bit layout */

#define SIGNAL_FRAMESIZE	128	/* dummy caller frame below the sigframe */
#define USER_REDZONE		512	/* Linux's abigap above the sigframe */
#define NGREG			48
#define NFPREG			33
#define NVRREG			34
#define PT_MSR			33
#define PT_SOFTE		39

struct ppc64_sigcontext {
	unsigned long unused[4];
	int signal;
	int pad0;
	unsigned long handler;
	unsigned long oldmask;
	unsigned long regs;		/* user address of gp_regs */
	unsigned long gp_regs[NGREG];
	uint64_t fp_regs[NFPREG];	/* FPR0..31, FPSCR */
	unsigned long v_regs;		/* user address in vmx_reserve, 16-aligned */
	long vmx_reserve[NVRREG + NVRREG + 1 + 32];
};

struct ppc64_ucontext {
	unsigned long uc_flags;
	unsigned long uc_link;
	struct {
		unsigned long ss_sp;
		int ss_flags;
		int pad;
		unsigned long ss_size;
	} uc_stack;
	uint64_t uc_sigmask;
	uint64_t unused[15];
	struct ppc64_sigcontext uc_mcontext;
};

/*
 * struct rt_sigframe of Linux built with CONFIG_PPC_TRANSACTIONAL_MEM (as
 * distribution kernels are): the second ucontext only matters inside a
 * transaction, which this kernel never lets user mode start; it stays
 * zero.  The 512-byte abigap above it is only skipped, never written.
 */
struct ppc64_rt_sigframe {
	struct ppc64_ucontext uc;
	struct ppc64_ucontext uc_transact;
	unsigned long unused[2];
	uint32_t tramp[7];
	unsigned long pinfo;
	unsigned long puc;
	uint8_t info[128];
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct ppc64_ucontext) == 1696, "ucontext size as in Linux");
_Static_assert(__builtin_offsetof(struct ppc64_ucontext, uc_mcontext) == 168,
	       "uc_mcontext offset as in Linux");
_Static_assert(__builtin_offsetof(struct ppc64_rt_sigframe, info) == 3456,
	       "rt_sigframe layout as in Linux");
_Static_assert(sizeof(struct ppc64_rt_sigframe) <= HAL_PAGE_SIZE,
	       "the frame is built in one page");

/* Where Linux puts the VMX registers: the first quadword in vmx_reserve. */
static vaddr_t vmx_regs_addr(vaddr_t sc_user)
{
	vaddr_t p = sc_user + __builtin_offsetof(struct ppc64_sigcontext, vmx_reserve);

	return (p + 15) & ~(vaddr_t)15;
}

/*
 * Fill sc (the kernel copy of a sigcontext that will live at sc_user) from
 * tf: gp_regs as pt_regs, FPRs and FPSCR, then at v_regs VR0..31, VSCR,
 * VRSAVE and the low doublewords of VSR0..31.  MSR_VEC and MSR_VSX in the
 * saved MSR say the VMX and VSX parts are valid (always, here).
 */
static void fill_sigcontext(struct ppc64_sigcontext *sc, vaddr_t sc_user,
			    const struct hal_trapframe *tf, int sig, vaddr_t handler)
{
	vaddr_t v_user = vmx_regs_addr(sc_user);
	uint8_t *v = (uint8_t *)sc + (v_user - sc_user);

	sc->signal = sig;
	sc->handler = handler;
	sc->regs = sc_user + __builtin_offsetof(struct ppc64_sigcontext, gp_regs);
	memcpy(sc->gp_regs, tf, 44 * sizeof(unsigned long));
	sc->gp_regs[PT_MSR] = (tf->msr & ~0x783f0000UL) | PPC64LE_MSR_VEC | PPC64LE_MSR_VSX;
	sc->gp_regs[PT_SOFTE] = 1;
	for (int i = 0; i < 32; i++)
		sc->fp_regs[i] = tf->vsr[i][1];
	sc->fp_regs[32] = tf->fpscr;
	sc->v_regs = v_user;
	memcpy(v, tf->vsr[32], 32 * 16);		/* VR0..31 */
	memcpy(v + 32 * 16, tf->vscr, 16);		/* VSCR */
	uint32_t vrsave = (uint32_t)tf->vrsave;
	memcpy(v + 33 * 16, &vrsave, 4);		/* VRSAVE, first word */
	for (int i = 0; i < 32; i++)			/* VSR0..31 low halves */
		memcpy(v + NVRREG * 16 + 8 * i, &tf->vsr[i][0], 8);
}

/*
 * TEMPORARY (see /work/notes/ppc64le.md): hal_copy_to_user() does not
 * fault user pages in, and a signal frame usually lands on stack pages
 * never touched yet.  Until the contract offers a way, ask core's
 * mm_populate() directly, as the arm64 port does.
 */
static void populate_frame(struct hal_as *as, vaddr_t va, size_t len)
{
	struct proc *p = proc_current();

	if (p && p->mm && p->mm->as == as)
		(void)mm_populate(p->mm, va, len, HAL_FAULT_WRITE);
}

int hal_signal_deliver(struct hal_as *as, struct hal_trapframe *tf,
		       const struct hal_signal_info *si)
{
	vaddr_t frame_user = (si->stack_top - sizeof(struct ppc64_rt_sigframe) - USER_REDZONE) &
			     ~(vaddr_t)15;
	vaddr_t newsp = frame_user - SIGNAL_FRAMESIZE;
	unsigned long backchain = tf->gpr[1];

	if (frame_user >= HAL_USER_TOP || newsp >= si->stack_top)
		return -EFAULT;
	populate_frame(as, newsp, frame_user + sizeof(struct ppc64_rt_sigframe) - newsp);
	/* A zeroed page to build the frame in: it does not fit the stack. */
	paddr_t page = core_page_alloc();
	if (!page)
		return -EFAULT;
	struct ppc64_rt_sigframe *f = hal_phys_to_virt(page);

	f->uc.uc_stack.ss_sp = si->altstack_sp;
	f->uc.uc_stack.ss_flags = si->altstack_flags;
	f->uc.uc_stack.ss_size = si->altstack_size;
	f->uc.uc_sigmask = si->saved_mask;
	fill_sigcontext(&f->uc.uc_mcontext,
			frame_user + __builtin_offsetof(struct ppc64_rt_sigframe, uc.uc_mcontext),
			tf, si->sig, si->handler);
	/* Linux's words when it has no vDSO: li r0,__NR_rt_sigreturn; sc.
	 * Debuggers recognise signal frames by them; nothing executes them. */
	f->tramp[0] = 0x38000000u | 172;
	f->tramp[1] = 0x44000002u;
	f->pinfo = frame_user + __builtin_offsetof(struct ppc64_rt_sigframe, info);
	f->puc = frame_user + __builtin_offsetof(struct ppc64_rt_sigframe, uc);
	memcpy(f->info, si->siginfo, sizeof(f->info));

	size_t left = hal_copy_to_user(as, frame_user, f, sizeof(*f));
	left |= hal_copy_to_user(as, newsp, &backchain, sizeof(backchain));
	core_page_free(page);
	if (left)
		return -EFAULT;

	/* Enter the handler as an ELFv2 global entry point would be called. */
	tf->gpr[1] = newsp;
	tf->gpr[3] = (unsigned long)si->sig;
	tf->gpr[4] = frame_user + __builtin_offsetof(struct ppc64_rt_sigframe, info);
	tf->gpr[5] = frame_user + __builtin_offsetof(struct ppc64_rt_sigframe, uc);
	tf->gpr[6] = frame_user;
	tf->gpr[12] = si->handler;
	tf->ctr = si->handler;
	tf->lr = si->restorer;
	tf->nip = si->handler;
	tf->result = 0;
	/* No spurious FP exceptions in the handler. */
	tf->fpscr = 0;
	return 0;
}

/*
 * rt_sigreturn: the handler returned to the restorer with r1 back at the
 * dummy caller frame, so the ucontext is __SIGNAL_FRAMESIZE above it.  The
 * MSR is never taken from the frame (user mode, LE, FP/VMX/VSX on stay).
 */
int hal_signal_return(struct hal_as *as, struct hal_trapframe *tf, uint64_t *mask)
{
	vaddr_t uc_user = tf->gpr[1] + SIGNAL_FRAMESIZE;
	int err = -EFAULT;

	if (uc_user < tf->gpr[1] || uc_user >= HAL_USER_TOP)
		return -EFAULT;
	paddr_t page = core_page_alloc();
	if (!page)
		return -EFAULT;
	struct ppc64_ucontext *uc = hal_phys_to_virt(page);
	struct ppc64_sigcontext *sc = &uc->uc_mcontext;
	/* VR0..31, VSCR, VRSAVE and the VSX low halves, wherever v_regs points. */
	uint8_t *v = (uint8_t *)(uc + 1);
	const size_t vlen = NVRREG * 16 + 32 * 8;

	if (hal_copy_from_user(as, uc, uc_user, sizeof(*uc)))
		goto out;
	unsigned long msr = sc->gp_regs[PT_MSR];
	if (sc->v_regs) {
		if (hal_copy_from_user(as, v, sc->v_regs,
				       (msr & PPC64LE_MSR_VSX) ? vlen : NVRREG * 16))
			goto out;
	} else if (msr & PPC64LE_MSR_VSX) {
		goto out;
	}

	memcpy(tf->gpr, sc->gp_regs, sizeof(tf->gpr));
	tf->nip = sc->gp_regs[32];
	tf->orig_gpr3 = sc->gp_regs[34];
	tf->ctr = sc->gp_regs[35];
	tf->lr = sc->gp_regs[36];
	tf->xer = sc->gp_regs[37];
	tf->cr = sc->gp_regs[38];
	tf->dar = sc->gp_regs[41];
	tf->dsisr = sc->gp_regs[42];
	tf->result = sc->gp_regs[43];
	tf->msr = USER_MSR;

	for (int i = 0; i < 32; i++)
		tf->vsr[i][1] = sc->fp_regs[i];
	tf->fpscr = sc->fp_regs[32];
	if (sc->v_regs && (msr & PPC64LE_MSR_VEC)) {
		memcpy(tf->vsr[32], v, 32 * 16);
		memcpy(tf->vscr, v + 32 * 16, 16);
	} else {
		memset(tf->vsr[32], 0, 32 * 16);
		memset(tf->vscr, 0, 16);
	}
	uint32_t vrsave = 0;
	if (sc->v_regs)
		memcpy(&vrsave, v + 33 * 16, 4);
	tf->vrsave = vrsave;
	for (int i = 0; i < 32; i++) {
		tf->vsr[i][0] = 0;
		if (msr & PPC64LE_MSR_VSX)
			memcpy(&tf->vsr[i][0], v + NVRREG * 16 + 8 * i, 8);
	}
	*mask = uc->uc_sigmask;
	err = 0;
out:
	core_page_free(page);
	return err;
}

/* fork/clone: the whole user state is the frame. */
void hal_user_state_copy(struct hal_trapframe *dst, const struct hal_trapframe *src)
{
	*dst = *src;
}

/* "li r0, 172 (__NR_rt_sigreturn); sc". */
static const uint32_t sigtramp_code[] = { 0x38000000u | 172, 0x44000002u };

const void *hal_sigtramp(size_t *len)
{
	*len = sizeof(sigtramp_code);
	return sigtramp_code;
}

/* ---- ELF */

#define EM_PPC64	21

/* <asm/cputable.h> bits. */
#define PPC_FEATURE_32			0x80000000UL
#define PPC_FEATURE_64			0x40000000UL
#define PPC_FEATURE_HAS_ALTIVEC		0x10000000UL
#define PPC_FEATURE_HAS_FPU		0x08000000UL
#define PPC_FEATURE_HAS_MMU		0x04000000UL
#define PPC_FEATURE_SMT			0x00004000UL
#define PPC_FEATURE_ICACHE_SNOOP	0x00002000UL
#define PPC_FEATURE_HAS_DFP		0x00000400UL
#define PPC_FEATURE_ARCH_2_06		0x00000100UL
#define PPC_FEATURE_HAS_VSX		0x00000080UL
#define PPC_FEATURE_PSERIES_PERFMON_COMPAT 0x00000040UL
#define PPC_FEATURE_TRUE_LE		0x00000002UL

#define PPC_FEATURE2_ARCH_2_07		0x80000000UL
#define PPC_FEATURE2_ISEL		0x08000000UL
#define PPC_FEATURE2_TAR		0x04000000UL
#define PPC_FEATURE2_VEC_CRYPTO		0x02000000UL
#define PPC_FEATURE2_ARCH_3_00		0x00800000UL
#define PPC_FEATURE2_HAS_IEEE128	0x00400000UL
#define PPC_FEATURE2_DARN		0x00200000UL

unsigned int hal_elf_machine(void)
{
	return EM_PPC64;
}

/*
 * What Linux reports on a POWER9 pseries guest: the POWER8/9 cputable
 * features plus altivec, vsx and dfp from the device tree's ibm,vmx = 2
 * and ibm,dfp (0xdc0065c2).
 */
unsigned long hal_elf_hwcap(void)
{
	return PPC_FEATURE_32 | PPC_FEATURE_64 | PPC_FEATURE_HAS_ALTIVEC |
	       PPC_FEATURE_HAS_FPU | PPC_FEATURE_HAS_MMU | PPC_FEATURE_SMT |
	       PPC_FEATURE_ICACHE_SNOOP | PPC_FEATURE_HAS_DFP | PPC_FEATURE_ARCH_2_06 |
	       PPC_FEATURE_HAS_VSX | PPC_FEATURE_PSERIES_PERFMON_COMPAT |
	       PPC_FEATURE_TRUE_LE;
}

/*
 * Linux's COMMON_USER2_POWER9 without the bits this kernel cannot honour:
 * SCV (no scv vectors: glibc would use "scv 0" instead of "sc"), EBB (no
 * event-based branch state is switched), HTM (no transactional memory on
 * a POWER9 guest) and DSCR (QEMU refuses the problem-state DSCR, SPR 3,
 * which Linux would then emulate; this kernel does not).  TAR is enabled
 * in FSCR and kept per thread in the trap frame.
 */
unsigned long hal_elf_hwcap2(void)
{
	return PPC_FEATURE2_ARCH_2_07 | PPC_FEATURE2_ISEL |
	       PPC_FEATURE2_TAR | PPC_FEATURE2_VEC_CRYPTO | PPC_FEATURE2_ARCH_3_00 |
	       PPC_FEATURE2_HAS_IEEE128 | PPC_FEATURE2_DARN;
}

const char *hal_elf_platform(void)
{
	return "power9";
}
