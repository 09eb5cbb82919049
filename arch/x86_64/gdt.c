/*
 * gdt.c - GDT, TSS and IDT.
 *
 * The GDT has Linux's selector values and the layout syscall/sysret
 * expect (kernel code, kernel data, 32-bit user code, user data, 64-bit
 * user code), then the TSS.  The 32-bit user code slot is left empty: a
 * program that far-jumps to compat mode gets #GP (SIGSEGV) instead of
 * running where the syscall path does not expect it.  The
 * TSS holds RSP0, the kernel stack for traps from user mode, and one IST
 * stack used only by the double-fault handler: every other trap from
 * kernel mode stays on the current stack, as core's context switch from
 * interrupt handlers requires.
 */
#include <hal/hal.h>
#include "x86_64.h"

struct x86_64_tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

struct x86_64_idt_entry {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

struct x86_64_dtr {
	uint16_t limit;
	uint64_t base;
} __packed;

static uint64_t x86_64_gdt[10] __aligned(16) = {
	0,
	0,			/* 0x08 (Linux's 32-bit kernel code), unused */
	0x00af9a000000ffffUL,	/* 0x10 kernel code, 64-bit */
	0x00cf92000000ffffUL,	/* 0x18 kernel data */
	0,			/* 0x20 32-bit user code: none, no compat mode */
	0x00cff2000000ffffUL,	/* 0x28 user data */
	0x00affa000000ffffUL,	/* 0x30 user code, 64-bit */
	0,			/* 0x38 unused */
	0, 0,			/* 0x40 TSS, filled in below */
};

static struct x86_64_tss x86_64_tss __aligned(16);
static struct x86_64_idt_entry x86_64_idt[256] __aligned(16);
static uint8_t x86_64_df_stack[4096] __aligned(16);

/* vectors.S: one 16-byte entry stub per vector. */
extern const char x86_64_vector_stubs[];

void x86_64_gdt_init(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&x86_64_tss;
	uint64_t limit = sizeof(x86_64_tss) - 1;
	struct x86_64_dtr gdtr;

	x86_64_tss.iomap_base = sizeof(x86_64_tss);
	x86_64_tss.ist[0] = (uint64_t)(uintptr_t)(x86_64_df_stack + sizeof(x86_64_df_stack));

	/* Available 64-bit TSS (type 9), present, DPL 0. */
	x86_64_gdt[8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89UL << 40) |
			(((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	x86_64_gdt[9] = base >> 32;

	gdtr.limit = sizeof(x86_64_gdt) - 1;
	gdtr.base = (uint64_t)(uintptr_t)x86_64_gdt;
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %2, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"ltr %w3"
		: : "m"(gdtr), "i"(X86_64_KERNEL_CS), "i"(X86_64_KERNEL_DS),
		    "r"(X86_64_TSS_SEL) : "rax", "memory");
}

/* Kernel stack the CPU switches to on a trap from user mode. */
void x86_64_tss_set_rsp0(uint64_t rsp0)
{
	x86_64_tss.rsp[0] = rsp0;
}

void x86_64_idt_init(void)
{
	struct x86_64_dtr idtr;
	unsigned int v;

	for (v = 0; v < 256; v++) {
		uint64_t a = (uint64_t)(uintptr_t)(x86_64_vector_stubs + 16 * v);
		struct x86_64_idt_entry *e = &x86_64_idt[v];

		e->offset_lo = a & 0xffff;
		e->offset_mid = (a >> 16) & 0xffff;
		e->offset_hi = a >> 32;
		e->selector = X86_64_KERNEL_CS;
		e->ist = (v == 8) ? 1 : 0;	/* #DF on its own stack */
		/* Interrupt gate (interrupts off on entry), DPL 0; int3 is
		 * also allowed from user mode (DPL 3), as on Linux. */
		e->type_attr = (v == 3) ? 0xee : 0x8e;
		e->reserved = 0;
	}
	idtr.limit = sizeof(x86_64_idt) - 1;
	idtr.base = (uint64_t)(uintptr_t)x86_64_idt;
	__asm__ __volatile__("lidt %0" : : "m"(idtr) : "memory");
}
