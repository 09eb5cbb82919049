/*
 * x86_64.h - declarations private to the x86_64 port.
 */
#ifndef X86_64_H
#define X86_64_H

#include <hal/types.h>

#if __has_include(<errno.h>)
#include <errno.h>
#else
#define EFAULT	14
#define ENOMEM	12
#define EINVAL	22
#define ENOENT	2
#endif

/* Control register bits. */
#define X86_64_CR4_PGE		(1UL << 7)
#define X86_64_CR4_SMEP		(1UL << 20)
#define X86_64_CR4_SMAP		(1UL << 21)

/* Interrupt vectors. */
#define X86_64_VEC_PIC_BASE	0x20	/* the masked 8259s, remapped here */
#define X86_64_VEC_IRQ_BASE	0x30	/* IOAPIC input n -> 0x30 + n */
#define X86_64_NR_IRQS		48	/* GSIs 0-47, vectors 0x30-0x5f */
#define X86_64_VEC_TIMER	0xef	/* LAPIC timer */
#define X86_64_VEC_SPURIOUS	0xff	/* LAPIC spurious vector */

/* Set by entry.S when the CPU accepted EFER.NXE. */
extern uint32_t x86_64_nx_enabled;

static inline unsigned long x86_64_read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("movq %%cr2, %0" : "=r"(v));
	return v;
}

static inline unsigned long x86_64_read_cr3(void)
{
	unsigned long v;

	__asm__ __volatile__("movq %%cr3, %0" : "=r"(v));
	return v;
}

static inline void x86_64_write_cr3(unsigned long v)
{
	__asm__ __volatile__("movq %0, %%cr3" : : "r"(v) : "memory");
}

static inline unsigned long x86_64_read_cr4(void)
{
	unsigned long v;

	__asm__ __volatile__("movq %%cr4, %0" : "=r"(v));
	return v;
}

static inline void x86_64_write_cr4(unsigned long v)
{
	__asm__ __volatile__("movq %0, %%cr4" : : "r"(v) : "memory");
}

static inline void x86_64_cr4_set(unsigned long bits)
{
	x86_64_write_cr4(x86_64_read_cr4() | bits);
}

static inline uint64_t x86_64_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_64_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "a"(leaf), "c"(sub));
}

static inline void x86_64_invlpg(vaddr_t va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

/* Model-specific registers. */
#define X86_64_MSR_EFER			0xc0000080
#define X86_64_MSR_STAR			0xc0000081
#define X86_64_MSR_LSTAR		0xc0000082
#define X86_64_MSR_CSTAR		0xc0000083
#define X86_64_MSR_FMASK		0xc0000084
#define X86_64_MSR_FS_BASE		0xc0000100
#define X86_64_MSR_GS_BASE		0xc0000101
#define X86_64_MSR_KERNEL_GS_BASE	0xc0000102

#define X86_64_EFER_SCE		(1UL << 0)

static inline uint64_t x86_64_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_64_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			     : "memory");
}

/* gdt.c: descriptor tables. */
void x86_64_gdt_init(void);
void x86_64_idt_init(void);
void x86_64_tss_set_rsp0(uint64_t rsp0);

/* serial.c: COM1. */
void x86_64_serial_init(void);
void x86_64_serial_post_mm(void);

/* cpu.c: identification, power. */
void x86_64_cpu_identify(void);
void x86_64_cpu_features(void);
void x86_64_debug_exit_post_mm(void);

/* irq.c: LAPIC, IOAPIC, 8259. */
void x86_64_irq_init(void);
void x86_64_lapic_eoi(void);
void x86_64_lapic_write(unsigned int reg, uint32_t v);
uint32_t x86_64_lapic_read(unsigned int reg);
void x86_64_irq_handle(unsigned int vector);

#define X86_64_LAPIC_TPR	0x080
#define X86_64_LAPIC_EOI	0x0b0
#define X86_64_LAPIC_SVR	0x0f0
#define X86_64_LAPIC_LVT_TIMER	0x320
#define X86_64_LAPIC_LVT_LINT0	0x350
#define X86_64_LAPIC_LVT_LINT1	0x360
#define X86_64_LAPIC_LVT_ERROR	0x370
#define X86_64_LAPIC_TIMER_INIT	0x380
#define X86_64_LAPIC_TIMER_CUR	0x390
#define X86_64_LAPIC_TIMER_DIV	0x3e0

/* serial.c: I/O port of a node on the DT "isa" bus, or 0. */
uint16_t x86_64_isa_port(int node);

/* user.c: user mode. */
struct hal_trapframe;
void x86_64_user_init(void);
void x86_64_user_exit(struct hal_trapframe *tf);

/* timer.c */
void x86_64_timer_early_init(void);
void x86_64_timer_init(void);

#endif
