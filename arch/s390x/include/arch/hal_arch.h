/*
 * arch/hal_arch.h - s390x (z/Architecture) part of the HAL contract.
 *
 * The kernel runs in supervisor state, 64-bit addressing mode, with DAT on
 * once core activates its address space, in the home address space (CR13).
 * User programs run in problem state in the primary address space (CR1,
 * and CR7), which holds only their own mappings: the kernel is never
 * mapped in a user space.  That is why the kernel can use an identity
 * direct map (virtual == real) with no address-range split:
 * hal_phys_to_virt(pa) == pa.
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
#define S390X_TF_FLAGS		164
#define S390X_TF_PARM		168
#define S390X_TF_ORIG_GPR2	176
#define S390X_TF_ACRS		184
#define S390X_TF_DXC		248
#define S390X_TF_SIZE		256

/* Trapframe flags. */
#define S390X_TF_FP_RESET	0x1	/* clear the FP/vector registers and the
					 * FPC on the next return to user mode */

/* Interruption classes recorded in the trapframe. */
#define S390X_INT_RESTART	0
#define S390X_INT_EXT		1
#define S390X_INT_SVC		2
#define S390X_INT_PGM		3
#define S390X_INT_MCCK		4
#define S390X_INT_IO		5

/*
 * The user FP state of a thread (struct s390x_fpu): the FPC, then v0-v31
 * (16 bytes each; f0-f15 are the left halves of v0-v15), or f0-f15 alone
 * in the first doubleword of the first 16 slots without the vector
 * facility.  It sits on the thread's kernel stack right below the user
 * frame: s390x_tf_fpu(tf).
 */
#define S390X_FPU_FPC		0
#define S390X_FPU_VXRS		8
#define S390X_FPU_SIZE		528	/* 520 used, 16-byte multiple */

/* struct hal_context offsets (entry.S). */
#define S390X_CTX_GPRS		0
#define S390X_CTX_FPU		80
#define S390X_CTX_SIZE		88

/* s390x's Linux clone(2) takes newsp first (CONFIG_CLONE_BACKWARDS2). */
#define HAL_CLONE_ABI		2

/* The top of every kernel stack: the user frame, the FP area below it. */
#define HAL_USER_STATE_SIZE	(S390X_TF_SIZE + S390X_FPU_SIZE)

#ifndef __ASSEMBLY__

/*
 * Interrupted state, built by the entry code (entry.S) on the current
 * kernel stack: the 16 general registers, the old PSW and the
 * interruption details copied out of the lowcore.  For an interruption
 * from problem state (user mode) the frame is the one at the top of the
 * thread's kernel stack and also holds the access registers: a0:a1 are
 * the user thread pointer, and the kernel never changes any of them, so
 * they are only stored on entry from and loaded on return to user mode.
 * The floating-point and vector registers are not in the frame: the
 * kernel never touches them, so they stay live in the CPU while the
 * thread runs and hal_ctx_switch() moves them to and from the thread's
 * struct s390x_fpu below its user frame.
 */
struct hal_trapframe {
	uint64_t gprs[16];
	uint64_t psw_mask;
	uint64_t psw_addr;
	uint64_t teid;		/* translation-exception identification */
	uint32_t code;		/* program / external / SVC interruption code */
	uint32_t ilc;		/* instruction length in bytes (0 if none) */
	uint32_t int_class;	/* S390X_INT_* */
	uint32_t flags;		/* S390X_TF_* flags */
	uint64_t parm;		/* external or I/O interruption parameter */
	uint64_t orig_gpr2;	/* r2 at entry: first system call argument */
	uint32_t acrs[16];	/* access registers, user frames only */
	uint32_t dxc;		/* data-exception code of a program check */
	uint32_t pad;
};

_Static_assert(sizeof(struct hal_trapframe) == S390X_TF_SIZE, "trapframe size");

struct s390x_fpu {
	uint32_t fpc;
	uint32_t pad;
	uint64_t vxrs[64];	/* v[n] = vxrs[2n] (= f[n]) : vxrs[2n + 1] */
	uint64_t spare;
};

_Static_assert(sizeof(struct s390x_fpu) == S390X_FPU_SIZE, "fpu size");

/* The FP area of the thread whose user frame is tf. */
static inline struct s390x_fpu *s390x_tf_fpu(const struct hal_trapframe *tf)
{
	return (struct s390x_fpu *)((uintptr_t)tf - S390X_FPU_SIZE);
}

/*
 * Callee-saved state of a kernel thread, stored by hal_ctx_switch(): r6-r15
 * (r14 is the resume address, r15 the stack pointer), and where the
 * thread's user FP state goes while it is switched out (NULL for core's
 * boot context, which hal_ctx_init() never saw).  The kernel is built
 * with -msoft-float and without the vector facility, so the FP/vector
 * registers only ever hold user values.
 */
struct hal_context {
	uint64_t gprs[10];	/* r6 .. r15 */
	struct s390x_fpu *fpu;
};

_Static_assert(sizeof(struct hal_context) == S390X_CTX_SIZE, "context size");

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
