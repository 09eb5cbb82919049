/*
 * arch/hal_arch.h - x86_64 definitions the HAL contract asks each arch for.
 *
 * Memory layout (4-level paging, 48-bit virtual addresses):
 *   0x0000000000000000 - 0x00007ffffffff000   user space (HAL_USER_TOP)
 *   0xffff800000000000 + pa                    direct map of RAM and MMIO
 *   0xffffffff80000000 + pa                    kernel image (-mcmodel=kernel)
 *
 * Included from C and from assembly (with __ASSEMBLY__ defined); only the
 * constants are visible to assembly.
 */
#ifndef ARCH_HAL_ARCH_H
#define ARCH_HAL_ARCH_H

#define X86_64_DIRECT_MAP_BASE	0xffff800000000000
#define X86_64_KERNEL_BASE	0xffffffff80000000

/* Segment selectors of the kernel's GDT (see arch/x86_64/gdt.c). */
#define X86_64_KERNEL_CS	0x08
#define X86_64_KERNEL_DS	0x10
#define X86_64_USER32_CS	0x1b
#define X86_64_USER_DS		0x23
#define X86_64_USER_CS		0x2b
#define X86_64_TSS_SEL		0x30

/* Trapframe offsets, for the assembly entry code. */
#define X86_64_TF_VECTOR	(15 * 8)
#define X86_64_TF_ERROR		(16 * 8)
#define X86_64_TF_RIP		(17 * 8)
#define X86_64_TF_SIZE		(22 * 8)

#ifndef __ASSEMBLY__

#include <hal/types.h>

/*
 * First address above user space.  The last page below the canonical hole
 * is left out, as Linux does, so that a user RIP can never be non-canonical
 * after sysret.
 */
#define HAL_USER_TOP	((vaddr_t)0x00007ffffffff000UL)

/*
 * Callee-saved state of a kernel thread, saved by hal_ctx_switch()
 * (arch/x86_64/switch.S knows these offsets).
 */
struct hal_context {
	uint64_t rsp;
	uint64_t rbx;
	uint64_t rbp;
	uint64_t r12;
	uint64_t r13;
	uint64_t r14;
	uint64_t r15;
	uint64_t rip;
};

/*
 * The state saved on every trap, on the current stack, lowest address
 * first: the general registers pushed by the entry stub, the vector and
 * error code (0 when the CPU pushes none), then the frame the CPU pushed.
 */
struct hal_trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* An address space: the physical address of its PML4 and a list link so
 * that new kernel top-level entries reach every user space. */
struct hal_as {
	paddr_t pml4;
	struct hal_as *next;
};

#define X86_64_RFLAGS_IF	0x200UL

static inline unsigned long x86_64_read_rflags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

static inline unsigned long hal_irq_save(void)
{
	unsigned long f = x86_64_read_rflags();

	__asm__ __volatile__("cli" ::: "memory");
	return f;
}

static inline void hal_irq_restore(unsigned long flags)
{
	if (flags & X86_64_RFLAGS_IF)
		__asm__ __volatile__("sti" ::: "memory");
	else
		__asm__ __volatile__("cli" ::: "memory");
}

static inline void hal_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline void hal_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline bool hal_irq_enabled(void)
{
	return (x86_64_read_rflags() & X86_64_RFLAGS_IF) != 0;
}

static inline void hal_cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

static inline unsigned int hal_cpu_id(void)
{
	return 0;
}

static inline void *hal_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + X86_64_DIRECT_MAP_BASE);
}

static inline paddr_t hal_virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - X86_64_DIRECT_MAP_BASE);
}

static inline paddr_t hal_kernel_virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - X86_64_KERNEL_BASE);
}

/*
 * x86 is strongly ordered for ordinary write-back memory; mfence is needed
 * only for store-load ordering.  Uncached device accesses are ordered by the
 * CPU itself, so the generic MMIO accessors with compiler-only read/write
 * barriers are correct.
 */
#define hal_mb()	__asm__ __volatile__("mfence" ::: "memory")
#define hal_rmb()	__asm__ __volatile__("" ::: "memory")
#define hal_wmb()	__asm__ __volatile__("" ::: "memory")

/* Port I/O, private to the arch. */
static inline void x86_64_outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t x86_64_inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void x86_64_outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

#endif /* !__ASSEMBLY__ */

#endif
