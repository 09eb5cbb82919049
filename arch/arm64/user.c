/*
 * arch/arm64/user.c - user mode on arm64 (hal/user.h): the initial EL0
 * state, the system call registers of Linux's AArch64 ABI, the thread
 * pointer, the rt_sigframe, the sigreturn trampoline and the ELF auxiliary
 * vector values.
 *
 * The user state of a thread is its struct hal_trapframe at the top of its
 * kernel stack (entry.S saves and restores it on every trap from and
 * return to EL0), including TPIDR_EL0 and the FP/SIMD registers, so
 * everything here is plain editing of that frame.
 *
 * System calls: "svc #0" with the number in x8 and the arguments in
 * x0-x5; the result comes back in x0 and every other register is
 * preserved.  x0 is also the first argument, so the trap path keeps it in
 * orig_x0 for restarts, as Linux's pt_regs does.
 */
#include <hal/hal.h>
#include <arch/arm64.h>
#include <errno.h>
#include <kstring.h>
#include <stddef.h>
#include <asm/sigcontext.h>

/* PSTATE bits (SPSR_EL1 as saved for EL0). */
#define PSR_MODE_MASK	0x1fUL		/* M[4:0]: 0 is AArch64 EL0t */
#define PSR_DAIF_MASK	0x3c0UL
#define PSR_NZCV_MASK	0xf0000000UL
#define PSR_TCO		(1UL << 25)
/*
 * Bits user mode can never hold: the upper word, and IL, PAN, UAO and the
 * reserved ones, which a frame from user memory loses before it is checked
 * (what Linux treats as RES0 for AArch64 tasks).
 */
#define PSR_USER_RES0	(0xffffffff00000000UL | (3UL << 26) | (3UL << 22) | \
			 (0xffUL << 13) | (1UL << 5))

/* ESR_EL1 fields used for the signal frame's esr_context. */
#define ESR_EC_SHIFT	26
#define ESR_EC_MASK	(0x3fUL << ESR_EC_SHIFT)
#define ESR_IL		(1UL << 25)
#define ESR_CM		(1UL << 8)
#define ESR_WNR		(1UL << 6)
#define ESR_FSC_FAULT	0x04UL		/* translation fault, level 0 */
#define EC_IABT_LOW	0x20
#define EC_PC_ALIGN	0x22
#define EC_DABT_LOW	0x24
#define EC_SP_ALIGN	0x26

/*
 * Linux's AArch64 signal frame (arch/arm64/kernel/signal.c): siginfo, then
 * the ucontext of <asm/ucontext.h>, whose sigmask comes before the
 * mcontext and is padded to 128 bytes for a future larger sigset_t; the
 * mcontext is <asm/sigcontext.h>'s struct sigcontext, whose __reserved
 * area holds a list of records (fpsimd_context first, then an
 * esr_context for faults, then a null terminator).  A frame record {fp,
 * lr} sits just above the frame for unwinders, and x29 points at it.
 */
struct arm64_stack {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
};

struct arm64_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct arm64_stack uc_stack;
	uint64_t uc_sigmask;
	uint8_t unused[1024 / 8 - sizeof(uint64_t)];
	struct sigcontext uc_mcontext;
};

struct arm64_rt_sigframe {
	uint8_t info[128];
	struct arm64_ucontext uc;
};

struct arm64_frame_record {
	uint64_t fp;
	uint64_t lr;
};

/* The fixed part of struct sigcontext, as one copy. */
struct arm64_sigregs {
	uint64_t fault_address;
	uint64_t regs[31];
	uint64_t sp;
	uint64_t pc;
	uint64_t pstate;
};

/* The ucontext fields before the padding, as one copy. */
struct arm64_uc_head {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct arm64_stack uc_stack;
	uint64_t uc_sigmask;
};

#define FRAME_UC	offsetof(struct arm64_rt_sigframe, uc)
#define FRAME_SC	offsetof(struct arm64_rt_sigframe, uc.uc_mcontext)
#define FRAME_RES	offsetof(struct arm64_rt_sigframe, uc.uc_mcontext.__reserved)
#define RES_SIZE	sizeof(((struct sigcontext *)0)->__reserved)

/* The layout Linux's UAPI headers give (checked with them on the host). */
_Static_assert(offsetof(struct arm64_ucontext, uc_sigmask) == 40, "uc_sigmask");
_Static_assert(offsetof(struct arm64_ucontext, uc_mcontext) == 176, "uc_mcontext");
_Static_assert(sizeof(struct arm64_ucontext) == 4560, "ucontext size");
_Static_assert(FRAME_UC == 128, "rt_sigframe.uc");
_Static_assert(FRAME_RES == 128 + 176 + 288, "sigcontext.__reserved");
_Static_assert(sizeof(struct arm64_rt_sigframe) == 4688, "rt_sigframe size");
_Static_assert(sizeof(struct arm64_rt_sigframe) % 16 == 0, "frame alignment");
_Static_assert(offsetof(struct sigcontext, pstate) + 8 == sizeof(struct arm64_sigregs),
	       "sigcontext registers");
_Static_assert(sizeof(struct fpsimd_context) == 528, "fpsimd_context");
_Static_assert(sizeof(struct arm64_uc_head) == 48, "ucontext head");

/* Top of the running thread's kernel stack (one CPU for now). */
static void *arm64_kstack_top;

/*
 * While a thread runs at EL0, SP_EL1 holds the top of its kernel stack:
 * hal_user_return() and every return from a user trap leave it there, so
 * there is nothing to program; the top is kept to check that invariant.
 */
void hal_set_kernel_stack(void *top)
{
	arm64_kstack_top = top;
}

/*
 * Linux's start_thread(): every register zero (x0 too: no rtld_fini),
 * FP/SIMD state, FPCR and TPIDR_EL0 zero, EL0t with DAIF clear.
 */
void hal_tf_init_user(struct hal_trapframe *tf, vaddr_t pc, vaddr_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->elr = pc;
	tf->sp = sp;
	tf->spsr = 0;
}

void hal_user_return(struct hal_trapframe *tf)
{
	if (arm64_kstack_top != NULL && (void *)(tf + 1) != arm64_kstack_top)
		core_panic("arm64: user frame %p is not at the kernel stack top %p",
			   (void *)tf, arm64_kstack_top);
	if (!hal_tf_from_user(tf))
		core_panic("arm64: hal_user_return with a kernel-mode frame");
	arm64_user_return(tf);
}

/*
 * Everything a thread has in user mode is in its frame (entry.S saves
 * TPIDR_EL0 and the FP/SIMD registers there), so the frame is the copy.
 */
void hal_user_state_copy(struct hal_trapframe *dst, const struct hal_trapframe *src)
{
	memcpy(dst, src, sizeof(*dst));
}

unsigned long hal_tf_syscall_nr(const struct hal_trapframe *tf)
{
	return tf->x[8];
}

unsigned long hal_tf_syscall_arg(const struct hal_trapframe *tf, int i)
{
	if (i == 0)
		return tf->orig_x0;
	if (i < 0 || i > 5)
		return 0;
	return tf->x[i];
}

void hal_tf_set_syscall_ret(struct hal_trapframe *tf, long ret)
{
	tf->x[0] = (uint64_t)ret;
}

long hal_tf_syscall_ret(const struct hal_trapframe *tf)
{
	return (long)tf->x[0];
}

/* Back to the svc with x0 as it was: what Linux's do_signal() does. */
void hal_tf_syscall_restart(struct hal_trapframe *tf)
{
	tf->x[0] = tf->orig_x0;
	tf->elr -= 4;
}

void hal_tf_set_sp(struct hal_trapframe *tf, vaddr_t sp)
{
	tf->sp = sp;
}

/* TPIDR_EL0 travels in the frame: entry.S saves and reloads it. */
void hal_tf_set_tls(struct hal_trapframe *tf, unsigned long tls)
{
	tf->tpidr = tls;
}

unsigned long hal_tf_tls(const struct hal_trapframe *tf)
{
	return tf->tpidr;
}

/*
 * The fault record of the trap tf came in with, as Linux's
 * thread.fault_address/fault_code give it: aborts report FAR and ESR (ESR
 * reduced to a level 0 translation fault for a kernel address, so that
 * nothing about the kernel's tables leaks), PC/SP alignment faults report
 * their ESR only; anything else has no fault record.  Returns true when
 * there is an ESR to put in an esr_context.
 */
static bool arm64_fault_record(const struct hal_trapframe *tf, uint64_t *addr,
			       uint64_t *esr)
{
	unsigned int ec = (tf->esr & ESR_EC_MASK) >> ESR_EC_SHIFT;
	uint64_t far = (uint64_t)((int64_t)(tf->far << 8) >> 8);

	*addr = 0;
	*esr = tf->esr;
	switch (ec) {
	case EC_DABT_LOW:
		*addr = far;
		if (far >= HAL_USER_TOP)
			*esr = (tf->esr & (ESR_EC_MASK | ESR_IL | ESR_CM | ESR_WNR)) |
			       ESR_FSC_FAULT;
		return true;
	case EC_IABT_LOW:
		*addr = far;
		if (far >= HAL_USER_TOP)
			*esr = (tf->esr & (ESR_EC_MASK | ESR_IL)) | ESR_FSC_FAULT;
		return true;
	case EC_PC_ALIGN:
	case EC_SP_ALIGN:
		return true;
	}
	*esr = 0;
	return false;
}

/*
 * Build Linux's rt_sigframe below si->stack_top: the frame record in the
 * 16 bytes just below it (16-byte aligned), the frame under that.  Only
 * the parts Linux writes are written (the rest of __reserved and the
 * sigmask padding keep whatever the stack held).  tf is changed only once
 * the whole frame is in place.
 */
int hal_signal_deliver(struct hal_as *as, struct hal_trapframe *tf,
		       const struct hal_signal_info *si)
{
	struct arm64_frame_record rec;
	struct arm64_uc_head uc;
	struct arm64_sigregs regs;
	struct fpsimd_context fp;
	struct esr_context esr;
	struct _aarch64_ctx end = { 0, 0 };
	vaddr_t rec_va, frame, res;
	uint64_t fault_esr;
	bool has_esr;
	size_t left = 0;
	int i;

	rec_va = (si->stack_top - sizeof(rec)) & ~(vaddr_t)15;
	frame = rec_va - sizeof(struct arm64_rt_sigframe);
	if (si->stack_top > HAL_USER_TOP || si->stack_top < sizeof(struct arm64_rt_sigframe) + 32)
		return -EFAULT;
	res = frame + FRAME_RES;

	rec.fp = tf->x[29];
	rec.lr = tf->x[30];

	uc.uc_flags = 0;
	uc.uc_link = 0;
	uc.uc_stack.ss_sp = si->altstack_sp;
	uc.uc_stack.ss_flags = si->altstack_flags;
	uc.uc_stack.pad = 0;
	uc.uc_stack.ss_size = si->altstack_size;
	uc.uc_sigmask = si->saved_mask;

	has_esr = arm64_fault_record(tf, &regs.fault_address, &fault_esr);
	for (i = 0; i < 31; i++)
		regs.regs[i] = tf->x[i];
	regs.sp = tf->sp;
	regs.pc = tf->elr;
	regs.pstate = tf->spsr;

	fp.head.magic = FPSIMD_MAGIC;
	fp.head.size = sizeof(fp);
	fp.fpsr = tf->fpsr;
	fp.fpcr = tf->fpcr;
	memcpy(fp.vregs, tf->v, sizeof(fp.vregs));
	esr.head.magic = ESR_MAGIC;
	esr.head.size = sizeof(esr);
	esr.esr = fault_esr;

	left |= hal_copy_to_user(as, rec_va, &rec, sizeof(rec));
	left |= hal_copy_to_user(as, frame, si->siginfo, sizeof(((struct arm64_rt_sigframe *)0)->info));
	left |= hal_copy_to_user(as, frame + FRAME_UC, &uc, sizeof(uc));
	left |= hal_copy_to_user(as, frame + FRAME_SC, &regs, sizeof(regs));
	left |= hal_copy_to_user(as, res, &fp, sizeof(fp));
	res += sizeof(fp);
	if (has_esr) {
		left |= hal_copy_to_user(as, res, &esr, sizeof(esr));
		res += sizeof(esr);
	}
	left |= hal_copy_to_user(as, res, &end, sizeof(end));
	if (left != 0)
		return -EFAULT;

	/* The handler is entered like a call: handler(sig, &info, &uc). */
	tf->x[0] = (uint64_t)si->sig;
	tf->x[1] = frame;
	tf->x[2] = frame + FRAME_UC;
	tf->x[29] = rec_va;
	tf->x[30] = si->restorer;
	tf->sp = frame;
	tf->elr = si->handler;
	tf->spsr &= ~PSR_TCO;	/* handlers start with tag checks on */
	return 0;
}

/*
 * Walk the __reserved records of the frame at frame as Linux's
 * parse_user_sigframe() does, for this port (no SVE, SME or
 * extra_context): exactly one fpsimd_context is required, esr_context is
 * ignored, anything else makes the frame invalid.
 */
static int arm64_find_fpsimd(struct hal_as *as, vaddr_t frame, struct fpsimd_context *fp)
{
	vaddr_t base = frame + FRAME_RES;
	size_t off = 0;
	bool have_fp = false;

	for (;;) {
		struct _aarch64_ctx head;

		if (RES_SIZE - off < sizeof(head) || (off & 15) != 0)
			return -EFAULT;
		if (hal_copy_from_user(as, &head, base + off, sizeof(head)))
			return -EFAULT;
		if (RES_SIZE - off < head.size)
			return -EFAULT;
		switch (head.magic) {
		case 0:
			if (head.size != 0)
				return -EFAULT;
			return have_fp ? 0 : -EFAULT;
		case FPSIMD_MAGIC:
			if (have_fp || head.size < sizeof(*fp))
				return -EFAULT;
			if (hal_copy_from_user(as, fp, base + off, sizeof(*fp)))
				return -EFAULT;
			have_fp = true;
			break;
		case ESR_MAGIC:
			break;
		default:
			return -EFAULT;
		}
		if (head.size < sizeof(head))
			return -EFAULT;
		off += head.size;
	}
}

/*
 * rt_sigreturn: the frame is at the user sp (16-byte aligned, or it is not
 * one of ours).  PSTATE from the frame must be AArch64 EL0t with DAIF
 * clear once the bits user mode cannot hold are dropped, as Linux's
 * valid_user_regs() wants; otherwise the frame is refused and tf is left
 * as it is.  The uc_stack contents are not acted upon here.
 */
int hal_signal_return(struct hal_as *as, struct hal_trapframe *tf, uint64_t *mask)
{
	vaddr_t frame = tf->sp;
	struct arm64_sigregs regs;
	struct fpsimd_context fp;
	uint64_t set, pstate;
	int i;

	if ((frame & 15) != 0 || frame >= HAL_USER_TOP)
		return -EFAULT;
	if (hal_copy_from_user(as, &set, frame + offsetof(struct arm64_rt_sigframe, uc.uc_sigmask),
			       sizeof(set)))
		return -EFAULT;
	if (hal_copy_from_user(as, &regs, frame + FRAME_SC, sizeof(regs)))
		return -EFAULT;
	pstate = regs.pstate & ~PSR_USER_RES0;
	if ((pstate & (PSR_MODE_MASK | PSR_DAIF_MASK)) != 0)
		return -EFAULT;
	if (arm64_find_fpsimd(as, frame, &fp) < 0)
		return -EFAULT;

	for (i = 0; i < 31; i++)
		tf->x[i] = regs.regs[i];
	tf->sp = regs.sp;
	tf->elr = regs.pc;
	tf->spsr = pstate;
	tf->fpsr = fp.fpsr;
	tf->fpcr = fp.fpcr;
	memcpy(tf->v, fp.vregs, sizeof(tf->v));
	*mask = set;
	return 0;
}

/* "mov x8, #139 (__NR_rt_sigreturn); svc #0", as Linux's vDSO sigtramp. */
static const uint32_t arm64_sigtramp_code[] = { 0xd2801168, 0xd4000001 };

const void *hal_sigtramp(size_t *len)
{
	*len = sizeof(arm64_sigtramp_code);
	return arm64_sigtramp_code;
}

/* ELF auxiliary vector. */

#define EM_AARCH64	183

unsigned int hal_elf_machine(void)
{
	return EM_AARCH64;
}

/*
 * One Linux hwcap: set when the 4-bit ID register field at shift is at
 * least min (signed fields: FP and AdvSIMD, where 0xf means absent).
 */
struct arm64_hwcap {
	uint8_t reg;
	uint8_t shift;
	uint8_t min;
	bool is_signed;
	uint8_t word;		/* 1: AT_HWCAP, 2: AT_HWCAP2 */
	uint8_t bit;
};

enum { ISAR0, ISAR1, ISAR2, PFR0, PFR1, MMFR0, MMFR1, MMFR2, NR_IDREGS };

/*
 * The ID register features Linux turns into hwcaps (cpufeature.c's
 * arm64_elf_hwcaps), minus those this kernel does not support: SVE and
 * SME (their state is neither enabled nor saved), pointer authentication
 * (no keys are set up), BTI (no guarded pages), MTE (no tag storage) and
 * the timer event stream (not enabled).  HWCAP_CPUID is always set, as on
 * Linux: arm64_emulate_mrs() below answers EL0 reads of the ID registers.
 * Bit numbers are those of <asm/hwcap.h>.
 */
static const struct arm64_hwcap arm64_hwcaps[] = {
	{ PFR0, 16, 0, true, 1, 0 },		/* FP */
	{ PFR0, 16, 1, true, 1, 9 },		/* FPHP */
	{ PFR0, 20, 0, true, 1, 1 },		/* ASIMD */
	{ PFR0, 20, 1, true, 1, 10 },		/* ASIMDHP */
	{ PFR0, 48, 1, false, 1, 24 },		/* DIT */
	{ ISAR0, 4, 1, false, 1, 3 },		/* AES */
	{ ISAR0, 4, 2, false, 1, 4 },		/* PMULL */
	{ ISAR0, 8, 1, false, 1, 5 },		/* SHA1 */
	{ ISAR0, 12, 1, false, 1, 6 },		/* SHA2 */
	{ ISAR0, 12, 2, false, 1, 21 },		/* SHA512 */
	{ ISAR0, 16, 1, false, 1, 7 },		/* CRC32 */
	{ ISAR0, 20, 2, false, 1, 8 },		/* ATOMICS */
	{ ISAR0, 28, 1, false, 1, 12 },		/* ASIMDRDM */
	{ ISAR0, 32, 1, false, 1, 17 },		/* SHA3 */
	{ ISAR0, 36, 1, false, 1, 18 },		/* SM3 */
	{ ISAR0, 40, 1, false, 1, 19 },		/* SM4 */
	{ ISAR0, 44, 1, false, 1, 20 },		/* ASIMDDP */
	{ ISAR0, 48, 1, false, 1, 23 },		/* ASIMDFHM */
	{ ISAR0, 52, 1, false, 1, 27 },		/* FLAGM */
	{ ISAR0, 52, 2, false, 2, 7 },		/* FLAGM2 */
	{ ISAR0, 60, 1, false, 2, 16 },		/* RNG */
	{ ISAR1, 0, 1, false, 1, 16 },		/* DCPOP */
	{ ISAR1, 0, 2, false, 2, 0 },		/* DCPODP */
	{ ISAR1, 12, 1, false, 1, 13 },		/* JSCVT */
	{ ISAR1, 16, 1, false, 1, 14 },		/* FCMA */
	{ ISAR1, 20, 1, false, 1, 15 },		/* LRCPC */
	{ ISAR1, 20, 2, false, 1, 26 },		/* ILRCPC */
	{ ISAR1, 32, 1, false, 2, 8 },		/* FRINT */
	{ ISAR1, 36, 1, false, 1, 29 },		/* SB */
	{ ISAR1, 44, 1, false, 2, 14 },		/* BF16 */
	{ ISAR1, 44, 2, false, 2, 32 },		/* EBF16 */
	{ ISAR1, 48, 1, false, 2, 15 },		/* DGH */
	{ ISAR1, 52, 1, false, 2, 13 },		/* I8MM */
	{ ISAR2, 0, 2, false, 2, 31 },		/* WFXT */
	{ ISAR2, 4, 1, false, 2, 21 },		/* RPRES */
	{ PFR1, 4, 2, false, 1, 28 },		/* SSBS */
	{ MMFR0, 60, 1, false, 2, 19 },		/* ECV */
	{ MMFR1, 44, 1, false, 2, 20 },		/* AFP */
	{ MMFR2, 32, 1, false, 1, 25 },		/* USCAT */
};

static void arm64_read_idregs(uint64_t r[NR_IDREGS])
{
	r[ISAR0] = arm64_read_sysreg(id_aa64isar0_el1);
	r[ISAR1] = arm64_read_sysreg(id_aa64isar1_el1);
	/* ID_AA64ISAR2_EL1 by encoding; it reads as zero before ARMv8.7. */
	r[ISAR2] = arm64_read_sysreg(s3_0_c0_c6_2);
	r[PFR0] = arm64_read_sysreg(id_aa64pfr0_el1);
	r[PFR1] = arm64_read_sysreg(id_aa64pfr1_el1);
	r[MMFR0] = arm64_read_sysreg(id_aa64mmfr0_el1);
	r[MMFR1] = arm64_read_sysreg(id_aa64mmfr1_el1);
	r[MMFR2] = arm64_read_sysreg(id_aa64mmfr2_el1);
}

static unsigned long arm64_hwcap_word(unsigned int word)
{
	uint64_t r[NR_IDREGS];
	unsigned long caps = 0;
	size_t i;

	arm64_read_idregs(r);
	for (i = 0; i < sizeof(arm64_hwcaps) / sizeof(arm64_hwcaps[0]); i++) {
		const struct arm64_hwcap *c = &arm64_hwcaps[i];
		unsigned int field = (r[c->reg] >> c->shift) & 0xf;
		bool present;

		if (c->word != word)
			continue;
		if (c->is_signed)
			present = field < 8 && field >= c->min;
		else
			present = field >= c->min;
		if (present)
			caps |= 1UL << c->bit;
	}
	return caps;
}

#define HWCAP_CPUID	(1UL << 11)

unsigned long hal_elf_hwcap(void)
{
	return arm64_hwcap_word(1) | HWCAP_CPUID;
}

unsigned long hal_elf_hwcap2(void)
{
	return arm64_hwcap_word(2);
}

/*
 * EL0 reads of the ID register space (Op0 3, Op1 0, CRn 0, CRm 0 and 4-7)
 * trap (EC 0x18); Linux answers them (Documentation/arm64/
 * cpu-feature-registers.rst) and so does this port: MIDR_EL1 as it is,
 * MPIDR_EL1 as just its RES1 bit, REVIDR_EL1 as 0, the AArch64 feature
 * registers with only the user-visible fields of features this kernel
 * supports (the same ones as the hwcaps above; SVE, SME, pointer
 * authentication, BTI and MTE read as absent), hidden fields at the values
 * Linux reports for them, and every other register of the space as 0.
 */
struct arm64_idreg_view {
	uint8_t crm, op2;
	uint8_t reg;		/* index into arm64_read_idregs(), or NR_IDREGS */
	uint64_t visible;	/* fields passed through */
	uint64_t fixed;		/* hidden fields' reported values */
};

static const struct arm64_idreg_view arm64_idreg_views[] = {
	/* ID_AA64PFR0_EL1: DIT, AdvSIMD, FP; EL1 and EL0 "AArch64 only". */
	{ 4, 0, PFR0, 0x000f000000ff0000UL, 0x11 },
	/* ID_AA64PFR1_EL1: SSBS. */
	{ 4, 1, PFR1, 0xf0UL, 0 },
	/* ID_AA64DFR0_EL1: DebugVer as Linux reports it (ARMv8 debug). */
	{ 5, 0, NR_IDREGS, 0, 0x6 },
	/* ID_AA64ISAR0_EL1: RNDR, TS, FHM, DP, SM4, SM3, SHA3, RDM, atomics,
	 * CRC32, SHA2, SHA1, AES. */
	{ 6, 0, ISAR0, 0xf0fffffff0fffff0UL, 0 },
	/* ID_AA64ISAR1_EL1: I8MM, DGH, BF16, SB, FRINTTS, LRCPC, FCMA, JSCVT,
	 * DPB (not the pointer authentication fields). */
	{ 6, 1, ISAR1, 0x00fff0ff00fff00fUL, 0 },
	/* ID_AA64ISAR2_EL1: RPRES, WFxT. */
	{ 6, 2, ISAR2, 0xffUL, 0 },
	/* ID_AA64MMFR0_EL1: ECV. */
	{ 7, 0, MMFR0, 0xf000000000000000UL, 0 },
	/* ID_AA64MMFR1_EL1: AFP. */
	{ 7, 1, MMFR1, 0x0000f00000000000UL, 0 },
	/* ID_AA64MMFR2_EL1: AT. */
	{ 7, 2, MMFR2, 0x0000000f00000000UL, 0 },
};

/* Emulate "mrs x<rt>, S<op0>_<op1>_C<crn>_C<crm>_<op2>" if Linux would. */
static bool arm64_emulate_idreg_read(struct hal_trapframe *tf, unsigned int op0,
				     unsigned int op1, unsigned int crn, unsigned int crm,
				     unsigned int op2, unsigned int rt)
{
	uint64_t r[NR_IDREGS], val = 0;
	size_t i;

	if (op0 != 3 || op1 != 0 || crn != 0 || (crm != 0 && crm < 4))
		return false;
	if (crm == 0) {
		if (op2 == 0)
			val = arm64_read_sysreg(midr_el1);
		else if (op2 == 5)
			val = 1UL << 31;
		else if (op2 != 6)
			return false;
	} else {
		arm64_read_idregs(r);
		for (i = 0; i < sizeof(arm64_idreg_views) / sizeof(arm64_idreg_views[0]); i++) {
			const struct arm64_idreg_view *v = &arm64_idreg_views[i];

			if (v->crm != crm || v->op2 != op2)
				continue;
			val = v->fixed;
			if (v->reg < NR_IDREGS)
				val |= r[v->reg] & v->visible;
		}
	}
	if (rt != 31)
		tf->x[rt] = val;
	tf->elr += 4;
	return true;
}

/*
 * Without FEAT_IDST (cortex-a72) such an MRS is simply undefined at EL0
 * (EC 0, the instruction is read back to decode it); with it (-cpu max)
 * it traps as a system register access (EC 0x18) with the operands in the
 * ISS.  The instruction is read with hal_probe_read(), so a page that
 * vanished meanwhile only means "not emulated".
 */
#define ESR_EC_UNKNOWN		0x00
#define ESR_EC_SYSREG		0x18
#define ESR_SYSREG_READ		0x1u
#define MRS_MASK		0xfff00000u	/* MRS with op0 2 or 3 */
#define MRS_VALUE		0xd5300000u

bool arm64_emulate_mrs(struct hal_trapframe *tf)
{
	unsigned int ec = (tf->esr & ESR_EC_MASK) >> ESR_EC_SHIFT;
	unsigned long word;
	uint32_t iss, insn;

	if (ec == ESR_EC_SYSREG) {
		iss = (uint32_t)(tf->esr & 0x1ffffff);
		if (!(iss & ESR_SYSREG_READ))
			return false;
		return arm64_emulate_idreg_read(tf, (iss >> 20) & 3, (iss >> 14) & 7,
						(iss >> 10) & 0xf, (iss >> 1) & 0xf,
						(iss >> 17) & 7, (iss >> 5) & 0x1f);
	}
	if (ec != ESR_EC_UNKNOWN || (tf->elr & 3) != 0 || tf->elr >= HAL_USER_TOP)
		return false;
	if (hal_probe_read((const volatile unsigned long *)(uintptr_t)(tf->elr & ~7UL),
			   &word) != 0)
		return false;
	insn = (uint32_t)(word >> ((tf->elr & 4) * 8));
	if ((insn & MRS_MASK) != MRS_VALUE)
		return false;
	return arm64_emulate_idreg_read(tf, 2 + ((insn >> 19) & 1), (insn >> 16) & 7,
					(insn >> 12) & 0xf, (insn >> 8) & 0xf,
					(insn >> 5) & 7, insn & 0x1f);
}

/* Linux's ELF_PLATFORM for little-endian arm64. */
const char *hal_elf_platform(void)
{
	return "aarch64";
}
