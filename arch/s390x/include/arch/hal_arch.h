/*
 * arch/hal_arch.h - s390x (z/Architecture) part of the HAL contract.
 *
 * The kernel runs in supervisor state, 64-bit addressing mode, with DAT on
 * once core activates its address space, in the home address space (CR13).
 * User programs will run in the primary address space (CR1), which holds
 * only their own mappings: the kernel is never mapped in a user space.  That
 * is why the kernel can use an identity direct map (virtual == real) with
 * no address-range split: hal_phys_to_virt(pa) == pa.
 *
 * Interrupt "enable" means the I/O and external masks of the PSW (bits 6
 * and 7, the low two bits of the system mask byte).  Machine checks stay
 * masked; program and SVC interrupts cannot be masked.
 */
#ifndef ARCH_HAL_ARCH_H
#define ARCH_HAL_ARCH_H

#ifndef __ASSEMBLY__
#include <hal/types.h>
#endif

/*
 * User address spaces are separate (primary space) and use a region-third
 * table: 2048 entries of 2 GiB, 4 TiB in all.  The kernel AS has the same
 * reach, so every virtual address must be below this bound.
 */
#define HAL_USER_TOP		0x40000000000UL
#define S390X_VA_LIMIT		0x40000000000UL

/* Trapframe offsets, shared with the assembly entry code. */
#define S390X_TF_GPRS		0
#define S390X_TF_PSW_MASK	128
#define S390X_TF_PSW_ADDR	136
#define S390X_TF_TEID		144
#define S390X_TF_CODE		152
#define S390X_TF_ILC		156
#define S390X_TF_CLASS		160
#define S390X_TF_PARM		168
#define S390X_TF_SIZE		176

/* Interruption classes recorded in the trapframe. */
#define S390X_INT_RESTART	0
#define S390X_INT_EXT		1
#define S390X_INT_SVC		2
#define S390X_INT_PGM		3
#define S390X_INT_MCCK		4
#define S390X_INT_IO		5

#ifndef __ASSEMBLY__

/*
 * Interrupted state, built by the entry code (entry.S) on the current
 * kernel stack: the 16 general registers, the old PSW and the
 * interruption details copied out of the lowcore.
 */
struct hal_trapframe {
	uint64_t gprs[16];
	uint64_t psw_mask;
	uint64_t psw_addr;
	uint64_t teid;		/* translation-exception identification */
	uint32_t code;		/* program / external / SVC interruption code */
	uint32_t ilc;		/* instruction length in bytes (0 if none) */
	uint32_t int_class;	/* S390X_INT_* */
	uint32_t pad;
	uint64_t parm;		/* external or I/O interruption parameter */
};

_Static_assert(sizeof(struct hal_trapframe) == S390X_TF_SIZE, "trapframe size");

/*
 * Callee-saved state of a kernel thread: r6-r15 (r14 is the resume
 * address, r15 the stack pointer), stored by one STMG.  The kernel is built
 * with -msoft-float, so f8-f15 are never live in kernel code.
 */
struct hal_context {
	uint64_t gprs[10];	/* r6 .. r15 */
};

/*
 * An address space: the region-third table and the address-space-control
 * element that designates it.
 */
struct hal_as {
	uint64_t *rtt;		/* region-third table, 2048 entries */
	uint64_t asce;
	bool kernel;
};

/* PSW system mask (first byte): I/O (bit 6) and external (bit 7). */
#define S390X_SYSMASK_IRQ	0x03

static inline unsigned long hal_irq_save(void)
{
	unsigned char old;

	__asm__ __volatile__("stnsm %0,0xfc" : "=Q"(old) : : "memory");
	return old;
}

static inline void hal_irq_restore(unsigned long flags)
{
	unsigned char scratch;

	/* Only the interrupt bits are put back (SSM would also restore the
	 * DAT bit, which hal_as_activate() may have turned on since). */
	if (flags & S390X_SYSMASK_IRQ)
		__asm__ __volatile__("stosm %0,0x03" : "=Q"(scratch) : : "memory");
	else
		__asm__ __volatile__("stnsm %0,0xfc" : "=Q"(scratch) : : "memory");
}

static inline void hal_irq_enable(void)
{
	unsigned char scratch;

	__asm__ __volatile__("stosm %0,0x03" : "=Q"(scratch) : : "memory");
}

static inline void hal_irq_disable(void)
{
	unsigned char scratch;

	__asm__ __volatile__("stnsm %0,0xfc" : "=Q"(scratch) : : "memory");
}

static inline bool hal_irq_enabled(void)
{
	unsigned char mask;

	/* OR-ing nothing into the system mask just stores it. */
	__asm__ __volatile__("stosm %0,0x00" : "=Q"(mask) : : "memory");
	return (mask & S390X_SYSMASK_IRQ) != 0;
}

static inline void hal_cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}

static inline unsigned int hal_cpu_id(void)
{
	uint16_t addr;

	/* The CPU address; the boot CPU is 0 under QEMU. */
	__asm__ __volatile__("stap %0" : "=Q"(addr));
	return addr;
}

/* Identity direct map: see the comment at the top of this file. */
static inline void *hal_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}

static inline paddr_t hal_virt_to_phys(const void *va)
{
	return (paddr_t)(uintptr_t)va;
}

static inline paddr_t hal_kernel_virt_to_phys(const void *va)
{
	return (paddr_t)(uintptr_t)va;
}

/* The storage model is strongly ordered except for store -> load; BCR 14,0
 * (fast serialization) orders everything. */
#define hal_mb()	__asm__ __volatile__("bcr 14,0" ::: "memory")
#define hal_rmb()	__asm__ __volatile__("" ::: "memory")
#define hal_wmb()	__asm__ __volatile__("" ::: "memory")

#endif /* !__ASSEMBLY__ */

#endif
