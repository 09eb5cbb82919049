/*
 * arch/hal_arch.h - riscv64 definitions the HAL contract asks the arch for.
 *
 * Memory layout (Sv39, 39-bit virtual addresses, see docs/boot/riscv64.md):
 *   0x0000000000000000 .. 0x0000003fffffffff  user space (256 GiB)
 *   0xffffffc000000000 .. 0xffffffdfffffffff  direct map of physical 0..128 GiB
 *   0xffffffff80000000 .. 0xffffffffbfffffff  the kernel image (link address)
 *
 * The kernel image is linked at RISCV64_KERNEL_VBASE but loaded wherever the
 * boot loader put it (any 2 MiB aligned physical address); the entry code
 * records that address in riscv64_kernel_pa.
 */
#ifndef ARCH_HAL_ARCH_H
#define ARCH_HAL_ARCH_H

#ifndef __ASSEMBLY__
#include <hal/types.h>
#endif

/* Constants shared with assembly, where the UL suffix does not exist. */
#ifdef __ASSEMBLY__
#define RISCV64_UL(x)		x
#else
#define RISCV64_UL(x)		x##UL
#endif

#define RISCV64_DIRECT_MAP_BASE	RISCV64_UL(0xffffffc000000000)
#define RISCV64_DIRECT_MAP_SIZE	RISCV64_UL(0x0000002000000000)	/* 128 GiB */
#define RISCV64_KERNEL_VBASE	RISCV64_UL(0xffffffff80000000)

/* First address above user space: the lower half of the Sv39 space. */
#define HAL_USER_TOP		RISCV64_UL(0x0000004000000000)

/* riscv's Linux struct sigaction has no sa_restorer (asm-generic layout
 * without SA_RESTORER): {handler, flags, mask}. */
#define HAL_SA_RESTORER		0
/* ...and its handlers always return through the kernel's trampoline (the
 * vDSO's rt_sigreturn on Linux; hal_sigtramp() here). */
#define HAL_SIGNAL_OWN_TRAMPOLINE 1

/* sstatus bits used by the inline helpers and the assembly. */
#define RISCV64_SSTATUS_SIE	0x002
#define RISCV64_SSTATUS_SPIE	0x020
#define RISCV64_SSTATUS_SPP	0x100
#define RISCV64_SSTATUS_VS	0x600		/* vector unit state */
#define RISCV64_SSTATUS_FS	0x6000		/* FPU state: Off .. Dirty */
#define RISCV64_SSTATUS_FS_INITIAL 0x2000
#define RISCV64_SSTATUS_FS_CLEAN 0x4000
#define RISCV64_SSTATUS_FS_DIRTY 0x6000
#define RISCV64_SSTATUS_SUM	0x40000
#define RISCV64_SSTATUS_MXR	0x80000
#define RISCV64_SSTATUS_SD	RISCV64_UL(0x8000000000000000)	/* FS/VS dirty summary */

/*
 * Trap frame layout, in 8-byte slots, shared with trap.S.  The user FPU
 * state (f0..f31 and fcsr) lives in the frame too, so that a frame copied
 * by fork carries it and the signal code finds it next to the integer
 * registers; trap.S never touches it, user.c saves and reloads it.
 */
#define RISCV64_TF_REGS		0	/* x0..x31; slot 0 (x0) is unused */
#define RISCV64_TF_SEPC		32
#define RISCV64_TF_SSTATUS	33
#define RISCV64_TF_SCAUSE	34
#define RISCV64_TF_STVAL	35
#define RISCV64_TF_ORIG_A0	36	/* a0 at system call entry */
#define RISCV64_TF_FCSR		37
#define RISCV64_TF_FREGS	38	/* f0..f31 in slots 38..69 */
#define RISCV64_TF_SLOTS	70	/* 560 bytes, a multiple of 16 */

/* Context layout, in 8-byte slots, shared with trap.S. */
#define RISCV64_CTX_RA		0
#define RISCV64_CTX_SP		1
#define RISCV64_CTX_S0		2	/* s0..s11 in slots 2..13 */
#define RISCV64_CTX_SLOTS	14

#ifndef __ASSEMBLY__

/*
 * The registers of an interrupted context, saved by trap.S on the current
 * kernel stack (for a trap from user mode: at the top of the thread's
 * kernel stack).  regs[n] is xn (regs[2] is the interrupted sp).
 */
struct hal_trapframe {
	unsigned long regs[32];
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
	unsigned long orig_a0;	/* first system call argument, for restarts */
	/* User FPU state: valid for frames from user mode (see user.c). */
	unsigned long fcsr;
	uint64_t fregs[32];
};

/* Callee-saved state of a kernel thread that is not running. */
struct hal_context {
	unsigned long ra;
	unsigned long sp;
	unsigned long s[12];
};

/* An address space: the physical address of its Sv39 root table. */
struct hal_as {
	paddr_t root;
	bool kernel;
};

/* Physical address the kernel image (RISCV64_KERNEL_VBASE) was loaded at. */
extern paddr_t riscv64_kernel_pa;

static inline unsigned long hal_irq_save(void)
{
	unsigned long old;

	__asm__ __volatile__("csrrci %0, sstatus, 2" : "=r"(old) : : "memory");
	return old & RISCV64_SSTATUS_SIE;
}

static inline void hal_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("csrs sstatus, %0"
			     : : "r"(flags & RISCV64_SSTATUS_SIE) : "memory");
}

static inline void hal_irq_enable(void)
{
	__asm__ __volatile__("csrsi sstatus, 2" : : : "memory");
}

static inline void hal_irq_disable(void)
{
	__asm__ __volatile__("csrci sstatus, 2" : : : "memory");
}

static inline bool hal_irq_enabled(void)
{
	unsigned long s;

	__asm__ __volatile__("csrr %0, sstatus" : "=r"(s));
	return (s & RISCV64_SSTATUS_SIE) != 0;
}

static inline void hal_cpu_relax(void)
{
	/* "pause" (Zihintpause) is a hint encoded as a fence: harmless where absent. */
	__asm__ __volatile__(".4byte 0x0100000f" : : : "memory");
}

/* Only the boot hart runs the kernel for now. */
static inline unsigned int hal_cpu_id(void)
{
	return 0;
}

static inline void *hal_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + RISCV64_DIRECT_MAP_BASE);
}

static inline paddr_t hal_virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - RISCV64_DIRECT_MAP_BASE);
}

static inline paddr_t hal_kernel_virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - RISCV64_KERNEL_VBASE) + riscv64_kernel_pa;
}

/*
 * RVWMO barriers.  Device accesses are ordered against normal memory with
 * the io bits of fence; plain loads and stores of aligned words are single
 * accesses, so the generic MMIO accessors of hal/barrier.h fit as they are.
 */
#define hal_mb()	__asm__ __volatile__("fence iorw, iorw" : : : "memory")
#define hal_rmb()	__asm__ __volatile__("fence ir, ir" : : : "memory")
#define hal_wmb()	__asm__ __volatile__("fence ow, ow" : : : "memory")

#endif /* !__ASSEMBLY__ */

#endif
