/*
 * arch/hal_arch.h - ppc64le definitions the HAL contract asks the arch for.
 *
 * Memory layout (radix MMU, 52-bit effective addresses, see
 * docs/boot/ppc64le.md):
 *   0x0000000000000000 .. 0x00007fffffffffff  user space (quadrant 0, PIDR)
 *   0xc000000000000000 .. 0xc00fffffffffffff  direct map of all physical
 *                                             memory (quadrant 3, PID 0)
 * The kernel image lives inside the direct map: it is linked at
 * 0xc000000000400000, the virtual address of the physical address 0x400000
 * where QEMU's pseries loader puts it.  With the MMU off the processor
 * ignores the top bits of an effective address, so the same addresses work
 * before and after translation is turned on, and in the real-mode
 * interrupt vectors.
 */
#ifndef ARCH_HAL_ARCH_H
#define ARCH_HAL_ARCH_H

#ifndef __ASSEMBLY__
#include <hal/types.h>
#endif

#ifdef __ASSEMBLY__
#define PPC64LE_UL(x)		x
#else
#define PPC64LE_UL(x)		x##UL
#endif

#define PPC64LE_DIRECT_MAP_BASE	PPC64LE_UL(0xc000000000000000)
#define PPC64LE_KERNEL_PA	PPC64LE_UL(0x400000)

/* First address above user space. */
#define HAL_USER_TOP		PPC64LE_UL(0x0000800000000000)
/* Linux on ppc64 ignores sa_restorer: handlers return through the kernel's
 * own trampoline (hal/user.h). */
#define HAL_SIGNAL_OWN_TRAMPOLINE	1

/* MSR bits used by the inline helpers and the assembly. */
#define PPC64LE_MSR_SF		PPC64LE_UL(0x8000000000000000)
#define PPC64LE_MSR_VEC		0x02000000
#define PPC64LE_MSR_VSX		0x00800000
#define PPC64LE_MSR_EE		0x8000
#define PPC64LE_MSR_PR		0x4000
#define PPC64LE_MSR_FP		0x2000
#define PPC64LE_MSR_ME		0x1000
#define PPC64LE_MSR_FE0		0x800
#define PPC64LE_MSR_FE1		0x100
#define PPC64LE_MSR_IR		0x20
#define PPC64LE_MSR_DR		0x10
#define PPC64LE_MSR_RI		0x2
#define PPC64LE_MSR_LE		0x1

/*
 * Trap frame layout, in 8-byte slots, shared with vectors.S.  Slots 0..43
 * are in the order of Linux's struct pt_regs (and of the gp_regs of a
 * ppc64 signal frame).  The user-only state follows: TAR, a spare slot, FPSCR,
 * VRSAVE and the 64 VSX registers (VSR0..31 hold FPR0..31 in their high
 * doubleword, VSR32..63 are VR0..31), then VSCR.  Kernel-mode traps leave
 * that part alone: the kernel uses no FP/VMX/VSX.
 *
 * The frame sits PPC64LE_TF_OFFSET bytes above the stack pointer of the
 * handler so that the ELFv2 minimal stack frame header (back chain, CR,
 * LR, TOC save) comes first.
 */
#define PPC64LE_TF_GPR		0	/* r0..r31 in slots 0..31 */
#define PPC64LE_TF_NIP		32	/* SRR0: interrupted instruction */
#define PPC64LE_TF_MSR		33	/* SRR1: interrupted MSR (+ cause bits) */
#define PPC64LE_TF_ORIG_R3	34	/* r3 at system call entry */
#define PPC64LE_TF_CTR		35
#define PPC64LE_TF_LR		36
#define PPC64LE_TF_XER		37
#define PPC64LE_TF_CR		38
#define PPC64LE_TF_SOFTE	39	/* unused, for the pt_regs layout */
#define PPC64LE_TF_TRAP		40	/* vector offset: 0x300, 0x900... */
#define PPC64LE_TF_DAR		41
#define PPC64LE_TF_DSISR	42
#define PPC64LE_TF_RESULT	43
#define PPC64LE_TF_TAR		44
#define PPC64LE_TF_PAD		45
#define PPC64LE_TF_FPSCR	46
#define PPC64LE_TF_VRSAVE	47
#define PPC64LE_TF_VSR		48	/* VSR0..63, two slots each */
#define PPC64LE_TF_VSCR		176	/* VSCR as mfvscr/stxv leave it */
#define PPC64LE_TF_SLOTS	178	/* 1424 bytes, a multiple of 16 */
#define PPC64LE_TF_OFFSET	32

/*
 * The per-CPU area SPRG0 points at: the kernel stack top for traps from
 * user mode (hal_set_kernel_stack) and scratch room for the vectors.
 */
#define PPC64LE_PCPU_KSTACK	0
#define PPC64LE_PCPU_SCRATCH0	8
#define PPC64LE_PCPU_SCRATCH1	16

/* Context layout, in 8-byte slots, shared with vectors.S. */
#define PPC64LE_CTX_SP		0
#define PPC64LE_CTX_LR		1
#define PPC64LE_CTX_CR		2
#define PPC64LE_CTX_R2		3
#define PPC64LE_CTX_GPR		4	/* r14..r31 in slots 4..21 */
#define PPC64LE_CTX_SLOTS	22

#ifndef __ASSEMBLY__

/*
 * The registers of an interrupted context, saved by vectors.S on the
 * current kernel stack (for traps from user mode: at the top of the
 * thread's kernel stack).  gpr[1] is the interrupted stack pointer, gpr[13]
 * the user thread pointer.
 */
struct hal_trapframe {
	unsigned long gpr[32];
	unsigned long nip;
	unsigned long msr;
	unsigned long orig_gpr3;
	unsigned long ctr;
	unsigned long lr;
	unsigned long xer;
	unsigned long cr;
	unsigned long softe;
	unsigned long trap;
	unsigned long dar;
	unsigned long dsisr;
	unsigned long result;
	/* User-mode only from here on. */
	unsigned long tar;
	unsigned long pad;
	unsigned long fpscr;
	unsigned long vrsave;
	/* vsr[i][1] is FPR i for i < 32, vsr[i][0] its low doubleword. */
	uint64_t vsr[64][2] __attribute__((aligned(16)));
	uint64_t vscr[2];
};

/* Callee-saved state of a kernel thread that is not running (ELFv2). */
struct hal_context {
	unsigned long sp;
	unsigned long lr;
	unsigned long cr;
	unsigned long r2;
	unsigned long gpr[18];	/* r14..r31 */
};

/*
 * An address space: a radix tree (root of 2^13 entries, then three levels
 * of 2^9) and the process-table slot (PID) it is installed in.  The kernel
 * space is PID 0, which the MMU uses for every quadrant-3 address.
 */
struct hal_as {
	paddr_t root;
	unsigned int pid;
	bool kernel;
};

static inline unsigned long ppc64le_mfmsr(void)
{
	unsigned long msr;

	__asm__ __volatile__("mfmsr %0" : "=r"(msr));
	return msr;
}

/* mtmsrd with L=1 changes only MSR[EE] and MSR[RI]. */
static inline unsigned long hal_irq_save(void)
{
	unsigned long msr = ppc64le_mfmsr();

	__asm__ __volatile__("mtmsrd %0, 1" : : "r"(PPC64LE_MSR_RI) : "memory");
	return msr & PPC64LE_MSR_EE;
}

static inline void hal_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("mtmsrd %0, 1"
			     : : "r"((flags & PPC64LE_MSR_EE) | PPC64LE_MSR_RI) : "memory");
}

static inline void hal_irq_enable(void)
{
	__asm__ __volatile__("mtmsrd %0, 1"
			     : : "r"(PPC64LE_MSR_EE | PPC64LE_MSR_RI) : "memory");
}

static inline void hal_irq_disable(void)
{
	__asm__ __volatile__("mtmsrd %0, 1" : : "r"(PPC64LE_MSR_RI) : "memory");
}

static inline bool hal_irq_enabled(void)
{
	return (ppc64le_mfmsr() & PPC64LE_MSR_EE) != 0;
}

static inline void hal_cpu_relax(void)
{
	/* "or 1,1,1": lower SMT thread priority while spinning. */
	__asm__ __volatile__("or 1, 1, 1\n\tor 2, 2, 2" : : : "memory");
}

/* Only the boot CPU runs the kernel for now. */
static inline unsigned int hal_cpu_id(void)
{
	return 0;
}

static inline void *hal_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa | PPC64LE_DIRECT_MAP_BASE);
}

static inline paddr_t hal_virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - PPC64LE_DIRECT_MAP_BASE);
}

/* The image is part of the direct map. */
static inline paddr_t hal_kernel_virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - PPC64LE_DIRECT_MAP_BASE);
}

/*
 * Power barriers: hwsync orders everything, including cache-inhibited
 * (device) accesses; lwsync is not enough for those, so rmb/wmb use sync
 * too.  The generic MMIO accessors of hal/barrier.h then fit as they are.
 */
#define hal_mb()	__asm__ __volatile__("sync" : : : "memory")
#define hal_rmb()	__asm__ __volatile__("sync" : : : "memory")
#define hal_wmb()	__asm__ __volatile__("sync" : : : "memory")

#endif /* !__ASSEMBLY__ */

#endif
