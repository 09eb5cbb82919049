/*
 * arch/arm64/include/arch/hal_arch.h - the arm64 half of the HAL contract
 * that must be visible to core: the structures core embeds, the address
 * space layout and the small inline helpers (interrupt mask, barriers,
 * address translation).
 *
 * Virtual memory layout (48-bit VA, 4 KiB granule):
 *   0x0000000000000000 .. 0x0000ffffffffffff  user space (TTBR0)
 *   0xffff000000000000 .. 0xffff7fffffffffff  direct map of physical memory
 *                                             and devices: va = pa + base
 *   0xffff800000000000 ..                     the kernel image (TTBR1),
 *                                             wherever the loader put it
 */
#ifndef ARCH_ARM64_HAL_ARCH_H
#define ARCH_ARM64_HAL_ARCH_H

#include <hal/types.h>

#define ARM64_DMAP_BASE		0xffff000000000000UL
#define ARM64_DMAP_SIZE		0x0000800000000000UL
#define ARM64_KIMAGE_VADDR	0xffff800000000000UL

/* First address above user space (exclusive). */
#define HAL_USER_TOP		0x0001000000000000UL

#ifndef __ASSEMBLY__

/*
 * What a kernel thread keeps across hal_ctx_switch(): the AAPCS64
 * callee-saved registers x19-x28, the frame pointer x29, the link register
 * x30 (the resume address) and the stack pointer.  Offsets are used by
 * switch.S.
 */
struct hal_context {
	uint64_t x19_x28[10];
	uint64_t fp;		/* x29 */
	uint64_t lr;		/* x30 */
	uint64_t sp;
};

/*
 * The register state saved on every exception, on the current kernel stack
 * (entry.S builds it; the offsets there must match, trap.c checks them).
 * esr and far are the syndrome and fault address registers at the time of
 * the exception.
 *
 * A trap from user mode (EL0) saves the whole user state of the thread
 * here, at the top of its kernel stack: besides x0-x30, SP_EL0, ELR and
 * SPSR, the thread pointer TPIDR_EL0 and the FP/SIMD registers V0-V31 with
 * FPSR and FPCR, which the kernel itself never touches
 * (-mgeneral-regs-only).  Every return to EL0 loads them back, so each
 * thread's user FP/SIMD state always lives in its own frame while it is in
 * the kernel: context switches, fork's copy of the frame, exec's fresh
 * frame and signal frames all see it there.  Traps from kernel mode leave
 * the fields after far alone.
 */
struct hal_trapframe {
	uint64_t x[31];		/* x0 .. x30 */
	uint64_t sp;		/* SP_EL0 for user traps, kernel sp otherwise */
	uint64_t elr;		/* return address (ELR_EL1) */
	uint64_t spsr;		/* saved PSTATE (SPSR_EL1) */
	uint64_t esr;
	uint64_t far;
	uint64_t orig_x0;	/* x0 at a system call, for restarting it */
	uint64_t tpidr;		/* TPIDR_EL0, the user thread pointer */
	uint32_t fpsr;
	uint32_t fpcr;
	uint64_t pad;
	uint64_t v[64];		/* V0-V31, low then high half of each */
};

/*
 * An address space: the physical address of its top-level (level 0)
 * translation table and the ASID its non-global TLB entries carry (given
 * out again by generation when the ASID space runs out).  The
 * kernel space uses ttbr1 tables; user spaces use ttbr0 tables and share
 * the kernel's through TTBR1.
 */
struct hal_as {
	paddr_t root;
	uint64_t asid_gen;	/* ASID generation asid belongs to */
	uint16_t asid;
	bool kernel;
};

/* Physical address the loader put the kernel image at (head.S sets it). */
extern paddr_t arm64_kimage_pa;

static inline unsigned long hal_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("mrs %0, daif\n\tmsr daifset, #3"
			     : "=r"(flags) :: "memory");
	return flags;
}

static inline void hal_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr daif, %0" :: "r"(flags) : "memory");
}

static inline void hal_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #3" ::: "memory");
}

static inline void hal_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #3" ::: "memory");
}

static inline bool hal_irq_enabled(void)
{
	unsigned long daif;

	__asm__ __volatile__("mrs %0, daif" : "=r"(daif));
	return (daif & (1UL << 7)) == 0;
}

static inline void hal_cpu_relax(void)
{
	__asm__ __volatile__("yield" ::: "memory");
}

static inline unsigned int hal_cpu_id(void)
{
	/* Only the boot CPU runs for now. */
	return 0;
}

static inline void *hal_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + ARM64_DMAP_BASE);
}

static inline paddr_t hal_virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - ARM64_DMAP_BASE);
}

static inline paddr_t hal_kernel_virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - ARM64_KIMAGE_VADDR) + arm64_kimage_pa;
}

/*
 * Barriers strong enough to order normal memory against Device memory and
 * DMA-capable observers (full-system DSBs, as Linux uses for mb/rmb/wmb).
 */
#define hal_mb()	__asm__ __volatile__("dsb sy" ::: "memory")
#define hal_rmb()	__asm__ __volatile__("dsb ld" ::: "memory")
#define hal_wmb()	__asm__ __volatile__("dsb st" ::: "memory")

#endif /* !__ASSEMBLY__ */

#endif
