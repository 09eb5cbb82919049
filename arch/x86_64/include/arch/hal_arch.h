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

/*
 * Segment selectors of the kernel's GDT (see arch/x86_64/gdt.c), the same
 * values Linux uses, so that the cs/ss a program sees in its signal frames
 * (0x33, 0x2b) are the ones it would see on Linux.  The syscall/sysret
 * layout (STAR) needs kernel code then kernel data, and user data then
 * user code 64 eight bytes after the (unused) 32-bit user code slot.
 */
#define X86_64_KERNEL_CS	0x10
#define X86_64_KERNEL_DS	0x18
#define X86_64_USER32_CS	0x23	/* a null descriptor: no compat mode */
#define X86_64_USER_DS		0x2b
#define X86_64_USER_CS		0x33
#define X86_64_TSS_SEL		0x40

/*
 * Trapframe offsets, for the assembly entry code.  X86_64_TF_GPRS is the
 * size of the part below the general registers (FPU image, FS base,
 * orig_rax, cr2), which only frames of traps from user mode use.
 */
#define X86_64_TF_FSBASE	512
#define X86_64_TF_ORIG_RAX	520
#define X86_64_TF_CR2		528
#define X86_64_TF_GPRS		544
#define X86_64_TF_RAX		(X86_64_TF_GPRS + 14 * 8)
#define X86_64_TF_VECTOR	(X86_64_TF_GPRS + 15 * 8)
#define X86_64_TF_ERROR		(X86_64_TF_GPRS + 16 * 8)
#define X86_64_TF_RIP		(X86_64_TF_GPRS + 17 * 8)
#define X86_64_TF_SIZE		(X86_64_TF_GPRS + 22 * 8)

/* The vector number recorded in the frame of a syscall instruction. */
#define X86_64_VEC_SYSCALL	0x100

/* Per-CPU area reached through %gs in kernel mode (arch/x86_64/user.c). */
#define X86_64_PERCPU_KSTACK	0	/* top of the running thread's kernel stack */
#define X86_64_PERCPU_USER_RSP	8	/* user rsp, scratch during syscall entry */

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
 * first.  A trap from user mode saves it at the top of the thread's kernel
 * stack, and the first 544 bytes then hold the thread's user state that
 * does not live in the general registers: the FPU/SSE registers (fxsave64
 * image, 16-byte aligned like the stack top), the FS base, and orig_rax
 * (the system call number, for restarts).  They stay there while the
 * thread runs in the kernel, so fork and clone copy them with the frame.
 * Kernel-mode traps reserve the same room but leave it unused.  Then come
 * the general registers pushed by the entry code, the vector (or
 * X86_64_VEC_SYSCALL) and error code (0 when the CPU pushes none), and the
 * frame the CPU pushed (or the syscall entry code built).
 */
struct hal_trapframe {
	uint8_t fxsave[512];
	uint64_t fsbase;
	uint64_t orig_rax;	/* syscall number, -1 for other traps */
	uint64_t cr2;		/* fault address of a #PF */
	uint64_t reserved;
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Linux's x86_64 clone(2) argument order: flags, newsp, ptid, ctid, tls. */
#define HAL_CLONE_ABI	0

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
