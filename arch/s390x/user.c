/*
 * user.c - problem state: the user register frame, Linux system calls,
 * the thread pointer, rt signal frames and the ELF auxiliary vector.
 *
 * A user program runs in problem state with DAT on in the primary address
 * space (CR1/CR7 = its own ASCE, loaded by hal_as_activate()), while the
 * kernel keeps running in the home space (CR13), so no kernel mapping is
 * ever visible to it.  Interruptions from problem state save the frame at
 * the top of the thread's kernel stack (entry.S, hal_set_kernel_stack()).
 *
 * The Linux s390x system-call convention: "svc NR" with the number in the
 * instruction for NR < 256, or "svc 0" with the number in r1; arguments in
 * r2-r7; the result (or a negative errno) in r2; every other register is
 * preserved.  The first argument is kept in orig_gpr2 by the entry code,
 * so a restarted call gets it back after r2 was overwritten.
 *
 * The thread pointer is a0:a1 (high and low 32 bits), which user code
 * sets itself with SAR; the frame carries all 16 access registers.
 */
#include <hal/hal.h>
#include <kstring.h>
#include "s390x.h"

/* Linux's user PSW: DAT, I/O and external interruptions on, key 0,
 * primary space, 64-bit addressing.  Machine checks stay masked as in the
 * kernel (Linux enables them; no machine check is handled here). */
#define PSW_USER_BITS	(PSW_MASK_DAT | PSW_MASK_IO | PSW_MASK_EXT | PSW_MASK_PSTATE)
#define PSW_MASK_ASC	0x0000c00000000000UL
#define PSW_MASK_CC	0x0000300000000000UL
#define PSW_MASK_PM	0x00000f0000000000UL
/* What user mode may choose itself (Linux's PSW_MASK_USER without the
 * address-space control: only the primary space is ever used). */
#define PSW_MASK_USER	(PSW_MASK_CC | PSW_MASK_PM | PSW_MASK_EA | PSW_MASK_BA)

#define SVC_INSN	0x0a00		/* SVC opcode, the number in the low byte */
#define NR_RT_SIGRETURN	173
#define UC_VXRS		2		/* asm/ucontext.h */

/* Set by s390x_fpu_init() when the vector facility is enabled in CR0:
 * then v0-v31 are user state (entry.S tests it too). */
bool s390x_vx;

/*
 * Linux's rt signal frame of s390x (arch/s390/kernel/signal.c with the
 * UAPI asm/sigcontext.h and asm/ucontext.h): a 160-byte register save
 * area for the handler (its first doubleword the back chain to the
 * interrupted stack), the 2-byte "svc 173", siginfo, then
 * struct ucontext_extended.  Without the vector facility the frame ends
 * before uc_mcontext_ext.
 */
struct s390x_sigregs {
	uint64_t psw_mask;
	uint64_t psw_addr;
	uint64_t gprs[16];
	uint32_t acrs[16];
	uint32_t fpc;
	uint32_t fpc_pad;
	uint64_t fprs[16];
};

struct s390x_sigregs_ext {
	uint64_t vxrs_low[16];		/* right halves of v0-v15 */
	uint64_t vxrs_high[16][2];	/* v16-v31 */
	uint8_t reserved[128];
};

struct s390x_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t ss_pad;
	uint64_t ss_size;
	struct s390x_sigregs mcontext;
	uint64_t sigmask;
	uint8_t sigmask_unused[120];	/* room for a 1024-bit sigset_t */
	struct s390x_sigregs_ext mcontext_ext;
};

struct s390x_rt_sigframe {
	uint8_t callee_used_stack[160];
	uint16_t svc_insn;
	uint16_t pad[3];
	uint8_t info[128];
	struct s390x_ucontext uc;
};

_Static_assert(sizeof(struct s390x_sigregs) == 344, "_sigregs");
_Static_assert(offsetof(struct s390x_ucontext, mcontext) == 40, "uc_mcontext");
_Static_assert(offsetof(struct s390x_ucontext, sigmask) == 384, "uc_sigmask");
_Static_assert(offsetof(struct s390x_ucontext, mcontext_ext) == 512, "uc_mcontext_ext");
_Static_assert(offsetof(struct s390x_rt_sigframe, info) == 168, "info");
_Static_assert(offsetof(struct s390x_rt_sigframe, uc) == 296, "uc");
_Static_assert(sizeof(struct s390x_rt_sigframe) == 1320, "rt_sigframe");

/* The frame without uc_mcontext_ext, as Linux sizes it without VX. */
#define SIGFRAME_SHORT	(sizeof(struct s390x_rt_sigframe) - sizeof(struct s390x_sigregs_ext))

void hal_tf_init_user(struct hal_trapframe *tf, vaddr_t pc, vaddr_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->psw_mask = PSW_USER_BITS | PSW_MASK_64;
	tf->psw_addr = pc;
	tf->gprs[15] = sp;
	tf->int_class = S390X_INT_SVC;
	/* A new program starts with clear FP/vector registers and FPC
	 * (Linux clears the FPC at exec); the thread running it may not be
	 * the current one, so the exit path does it. */
	tf->flags = S390X_TF_FP_RESET;
}

unsigned long hal_tf_syscall_nr(const struct hal_trapframe *tf)
{
	unsigned long nr = tf->code & 0xffff;

	return nr ? nr : tf->gprs[1] & 0xffff;
}

unsigned long hal_tf_syscall_arg(const struct hal_trapframe *tf, int i)
{
	if (i == 0)
		return tf->orig_gpr2;
	if (i > 0 && i < 6)
		return tf->gprs[2 + i];
	return 0;
}

void hal_tf_set_syscall_ret(struct hal_trapframe *tf, long ret)
{
	tf->gprs[2] = (uint64_t)ret;
}

long hal_tf_syscall_ret(const struct hal_trapframe *tf)
{
	return (long)tf->gprs[2];
}

/* Back over the SVC (2 bytes, or 4 for an EXECUTE of it) with the first
 * argument restored; r1 still holds the number of an "svc 0". */
void hal_tf_syscall_restart(struct hal_trapframe *tf)
{
	tf->gprs[2] = tf->orig_gpr2;
	tf->psw_addr -= tf->ilc ? tf->ilc : 2;
}

/*
 * s390x_syscall - hand a user SVC to core.  One call has an s390-only
 * convention that the generic table cannot express: Linux's s390x mmap
 * (number 90, sys_old_mmap) takes a single argument, the address of six
 * unsigned longs {addr, len, prot, flags, fd, offset}, which is how musl
 * and glibc call it.  The six values are put in the argument registers for
 * core's mmap and the user's r3-r7 and orig_gpr2 restored after, as Linux
 * preserves them.
 */
#define NR_OLD_MMAP	90

void s390x_syscall(struct hal_trapframe *tf)
{
	uint64_t args[6], saved[5], uptr = tf->orig_gpr2;
	struct hal_as *as;

	if (hal_tf_syscall_nr(tf) != NR_OLD_MMAP) {
		core_trap_syscall(tf);
		return;
	}
	/* The copy may fault the page in: process context, interrupts on. */
	as = s390x_user_as();
	hal_irq_enable();
	if (!as || hal_copy_from_user(as, args, uptr, sizeof(args))) {
		hal_irq_disable();
		tf->gprs[2] = (uint64_t)-EFAULT;
		return;
	}
	hal_irq_disable();
	memcpy(saved, &tf->gprs[3], sizeof(saved));
	tf->orig_gpr2 = args[0];
	tf->gprs[2] = args[0];
	memcpy(&tf->gprs[3], &args[1], sizeof(saved));
	core_trap_syscall(tf);
	memcpy(&tf->gprs[3], saved, sizeof(saved));
	tf->orig_gpr2 = uptr;
}

void hal_tf_set_sp(struct hal_trapframe *tf, vaddr_t sp)
{
	tf->gprs[15] = sp;
}

void hal_tf_set_tls(struct hal_trapframe *tf, unsigned long tls)
{
	tf->acrs[0] = (uint32_t)(tls >> 32);
	tf->acrs[1] = (uint32_t)tls;
}

unsigned long hal_tf_tls(const struct hal_trapframe *tf)
{
	return ((unsigned long)tf->acrs[0] << 32) | tf->acrs[1];
}

/*
 * hal_user_state_copy - the frame, and the FP area below it: from the CPU
 * when src is the running thread's frame (its registers are live, the
 * area is stale until the thread is switched out), else from src's area.
 */
void hal_user_state_copy(struct hal_trapframe *dst, const struct hal_trapframe *src)
{
	const struct hal_trapframe *cur =
		(const struct hal_trapframe *)(uintptr_t)LC_U64(LC_KERNEL_STACK) - 1;

	*dst = *src;
	if (src->flags & S390X_TF_FP_RESET)
		memset(s390x_tf_fpu(dst), 0, sizeof(struct s390x_fpu));
	else if (src == cur)
		s390x_fp_save(s390x_tf_fpu(dst));
	else
		memcpy(s390x_tf_fpu(dst), s390x_tf_fpu(src), sizeof(struct s390x_fpu));
}

/*
 * hal_signal_deliver - the FP/vector registers are read live: the kernel
 * never changes them and this runs in the thread that gets the signal.
 */
int hal_signal_deliver(struct hal_as *as, struct hal_trapframe *tf,
		       const struct hal_signal_info *si)
{
	struct s390x_rt_sigframe f;
	struct s390x_fpu fp;
	struct s390x_sigregs *sr = &f.uc.mcontext;
	size_t size = s390x_vx ? sizeof(f) : SIGFRAME_SHORT;
	vaddr_t frame;
	int i;

	if (si->stack_top < size + HAL_PAGE_SIZE)
		return -EFAULT;
	frame = (si->stack_top - size) & ~7UL;

	memset(&f, 0, size);
	*(uint64_t *)f.callee_used_stack = tf->gprs[15];	/* back chain */
	f.svc_insn = SVC_INSN | NR_RT_SIGRETURN;
	memcpy(f.info, si->siginfo, sizeof(f.info));

	f.uc.uc_flags = s390x_vx ? UC_VXRS : 0;
	f.uc.ss_sp = si->altstack_sp;
	f.uc.ss_flags = si->altstack_flags;
	f.uc.ss_size = si->altstack_size;
	f.uc.sigmask = si->saved_mask;

	/* A clean PSW mask, as Linux stores it. */
	sr->psw_mask = PSW_USER_BITS | (tf->psw_mask & PSW_MASK_USER);
	sr->psw_addr = tf->psw_addr;
	memcpy(sr->gprs, tf->gprs, sizeof(sr->gprs));
	memcpy(sr->acrs, tf->acrs, sizeof(sr->acrs));
	if (tf->flags & S390X_TF_FP_RESET) {
		/* A new program that has not run yet: its registers are the
		 * cleared ones, not what is still live. */
		tf->flags &= ~S390X_TF_FP_RESET;
		s390x_fp_reset();
	}
	s390x_fp_save(&fp);
	sr->fpc = fp.fpc;
	for (i = 0; i < 16; i++)
		sr->fprs[i] = fp.vxrs[2 * i];
	if (s390x_vx) {
		for (i = 0; i < 16; i++) {
			f.uc.mcontext_ext.vxrs_low[i] = fp.vxrs[2 * i + 1];
			f.uc.mcontext_ext.vxrs_high[i][0] = fp.vxrs[32 + 2 * i];
			f.uc.mcontext_ext.vxrs_high[i][1] = fp.vxrs[32 + 2 * i + 1];
		}
	}

	if (hal_copy_to_user(as, frame, &f, size))
		return -EFAULT;

	/* handler(sig, &info, &uc), returning through r14 to the restorer,
	 * in 64-bit mode and the primary space whatever the program chose. */
	tf->gprs[2] = (uint64_t)si->sig;
	tf->gprs[3] = frame + offsetof(struct s390x_rt_sigframe, info);
	tf->gprs[4] = frame + offsetof(struct s390x_rt_sigframe, uc);
	tf->gprs[5] = 0;		/* Linux: the last breaking-event address */
	tf->gprs[14] = si->restorer;
	tf->gprs[15] = frame;
	tf->psw_mask = (tf->psw_mask & ~PSW_MASK_ASC) | PSW_MASK_64;
	tf->psw_addr = si->handler;
	return 0;
}

/*
 * hal_signal_return - rt_sigreturn with r15 at the frame built above.  From
 * the saved PSW only the condition code, program mask and addressing mode
 * are taken; an FPC the CPU would refuse makes the frame bad.
 */
int hal_signal_return(struct hal_as *as, struct hal_trapframe *tf, uint64_t *mask)
{
	struct s390x_ucontext uc;
	struct s390x_fpu fp;
	const struct s390x_sigregs *sr = &uc.mcontext;
	vaddr_t frame = tf->gprs[15];
	size_t size = s390x_vx ? sizeof(uc) : offsetof(struct s390x_ucontext, mcontext_ext);
	uint64_t m;
	int i;

	if (frame & 7)
		return -EFAULT;
	if (hal_copy_from_user(as, &uc, frame + offsetof(struct s390x_rt_sigframe, uc), size))
		return -EFAULT;
	if (s390x_test_fpc(sr->fpc) < 0)
		return -EFAULT;

	m = PSW_USER_BITS | (sr->psw_mask & PSW_MASK_USER);
	if (m & PSW_MASK_EA)
		m |= PSW_MASK_BA;	/* EA without BA is invalid */
	tf->psw_mask = m;
	tf->psw_addr = sr->psw_addr;
	memcpy(tf->gprs, sr->gprs, sizeof(tf->gprs));
	memcpy(tf->acrs, sr->acrs, sizeof(tf->acrs));

	memset(&fp, 0, sizeof(fp));
	fp.fpc = sr->fpc;
	for (i = 0; i < 16; i++)
		fp.vxrs[2 * i] = sr->fprs[i];
	if (s390x_vx) {
		for (i = 0; i < 16; i++) {
			fp.vxrs[2 * i + 1] = uc.mcontext_ext.vxrs_low[i];
			fp.vxrs[32 + 2 * i] = uc.mcontext_ext.vxrs_high[i][0];
			fp.vxrs[32 + 2 * i + 1] = uc.mcontext_ext.vxrs_high[i][1];
		}
	}
	s390x_fp_load(&fp);

	tf->orig_gpr2 = tf->gprs[2];
	*mask = uc.sigmask;
	return 0;
}

/* "svc 173" (rt_sigreturn), the instruction Linux puts in its frames. */
static const uint8_t sigtramp[] = { 0x0a, NR_RT_SIGRETURN };

const void *hal_sigtramp(size_t *len)
{
	*len = sizeof(sigtramp);
	return sigtramp;
}

unsigned int hal_elf_machine(void)
{
	return 22;	/* EM_S390 */
}

/* AT_HWCAP bits (Linux arch/s390/include/asm/elf.h). */
#define HWCAP_S390_ESAN3	(1UL << 0)
#define HWCAP_S390_ZARCH	(1UL << 1)
#define HWCAP_S390_STFLE	(1UL << 2)
#define HWCAP_S390_MSA		(1UL << 3)
#define HWCAP_S390_LDISP	(1UL << 4)
#define HWCAP_S390_EIMM		(1UL << 5)
#define HWCAP_S390_DFP		(1UL << 6)
#define HWCAP_S390_HPAGE	(1UL << 7)
#define HWCAP_S390_ETF3EH	(1UL << 8)
#define HWCAP_S390_HIGH_GPRS	(1UL << 9)
#define HWCAP_S390_VXRS		(1UL << 11)
#define HWCAP_S390_VXRS_BCD	(1UL << 12)
#define HWCAP_S390_VXRS_EXT	(1UL << 13)
#define HWCAP_S390_VXRS_EXT2	(1UL << 15)
#define HWCAP_S390_VXRS_PDE	(1UL << 16)
#define HWCAP_S390_SORT		(1UL << 17)
#define HWCAP_S390_DFLT		(1UL << 18)
#define HWCAP_S390_VXRS_PDE2	(1UL << 19)
#define HWCAP_S390_NNPA		(1UL << 20)

/*
 * hal_elf_hwcap - the bits Linux derives from the facility list.  The
 * vector bits only when the vector facility is enabled for user mode;
 * transactional execution and guarded storage are never enabled here, so
 * never reported.
 */
unsigned long hal_elf_hwcap(void)
{
	unsigned long h = HWCAP_S390_ESAN3 | HWCAP_S390_ZARCH | HWCAP_S390_EIMM |
			  HWCAP_S390_HIGH_GPRS;

	if (s390x_has_facility(7))
		h |= HWCAP_S390_STFLE;
	if (s390x_has_facility(17))
		h |= HWCAP_S390_MSA;
	if (s390x_has_facility(19))
		h |= HWCAP_S390_LDISP;
	if (s390x_has_facility(22) && s390x_has_facility(30))
		h |= HWCAP_S390_ETF3EH;
	if (s390x_has_facility(42) && s390x_has_facility(44))
		h |= HWCAP_S390_DFP;
	if (s390x_has_facility(8))
		h |= HWCAP_S390_HPAGE;
	if (s390x_vx) {
		h |= HWCAP_S390_VXRS;
		if (s390x_has_facility(134))
			h |= HWCAP_S390_VXRS_BCD;
		if (s390x_has_facility(135))
			h |= HWCAP_S390_VXRS_EXT;
		if (s390x_has_facility(148))
			h |= HWCAP_S390_VXRS_EXT2;
		if (s390x_has_facility(152))
			h |= HWCAP_S390_VXRS_PDE;
		if (s390x_has_facility(192))
			h |= HWCAP_S390_VXRS_PDE2;
	}
	if (s390x_has_facility(150))
		h |= HWCAP_S390_SORT;
	if (s390x_has_facility(151))
		h |= HWCAP_S390_DFLT;
	if (s390x_has_facility(165))
		h |= HWCAP_S390_NNPA;
	return h;
}

unsigned long hal_elf_hwcap2(void)
{
	return 0;
}

/* AT_PLATFORM: the machine generation from the CPU id, as Linux names it
 * ("z10" for anything it does not know). */
const char *hal_elf_platform(void)
{
	uint64_t cpuid;

	__asm__ __volatile__("stidp %0" : "=Q"(cpuid));
	switch ((cpuid >> 16) & 0xffff) {
	case 0x2817: case 0x2818:	return "z196";
	case 0x2827: case 0x2828:	return "zEC12";
	case 0x2964: case 0x2965:	return "z13";
	case 0x3906: case 0x3907:	return "z14";
	case 0x8561: case 0x8562:	return "z15";
	case 0x3931: case 0x3932:	return "z16";
	default:			return "z10";
	}
}

/*
 * s390x_fpu_init - CR0: additional floating-point registers (f1, f3...,
 * bit 45) always, the vector facility (bit 46) when installed (facility
 * 129).  The kernel itself uses neither; user programs get both.
 */
void s390x_fpu_init(void)
{
	uint64_t cr0 = s390x_get_cr(0) | CR0_AFP;

	if (s390x_has_facility(129)) {
		cr0 |= CR0_VX;
		s390x_vx = true;
	}
	s390x_set_cr(0, cr0);
}
