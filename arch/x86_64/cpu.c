/*
 * cpu.c - CPU identification, idle, power off and reset, cache hooks.
 */
#include <hal/hal.h>
#include <fdt.h>
#include "x86_64.h"

static char x86_64_model[49];

/* The CPUID brand string (leaves 0x80000002-4), else the vendor string. */
void x86_64_cpu_identify(void)
{
	uint32_t r[4], *w = (uint32_t *)x86_64_model;
	unsigned int i, j;
	char *s = x86_64_model;

	x86_64_cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000004) {
		for (i = 0; i < 3; i++) {
			x86_64_cpuid(0x80000002 + i, 0, r);
			for (j = 0; j < 4; j++)
				w[i * 4 + j] = r[j];
		}
		x86_64_model[48] = '\0';
		while (*s == ' ')
			s++;
	}
	if (*s == '\0') {
		x86_64_cpuid(0, 0, r);
		w[0] = r[1];	/* "Genu" "ineI" "ntel": ebx, edx, ecx */
		w[1] = r[3];
		w[2] = r[2];
		x86_64_model[12] = '\0';
		s = x86_64_model;
	}
	/* Keep the string at the start of the buffer, without trailing blanks. */
	for (i = 0; s[i] != '\0'; i++)
		x86_64_model[i] = s[i];
	x86_64_model[i] = '\0';
	while (i > 0 && x86_64_model[i - 1] == ' ')
		x86_64_model[--i] = '\0';
}

/*
 * Protection the CPU offers for free: SMEP (no kernel execution of user
 * pages) and SMAP (no kernel data access to user pages).  Core reaches
 * user memory only through the direct map (hal/uaccess.c), so neither
 * gets in its way.
 */
void x86_64_cpu_features(void)
{
	uint32_t r[4];

	x86_64_cpuid(0, 0, r);
	if (r[0] < 7)
		return;
	x86_64_cpuid(7, 0, r);
	if (r[1] & (1u << 7))
		x86_64_cr4_set(X86_64_CR4_SMEP);
	if (r[1] & (1u << 20))
		x86_64_cr4_set(X86_64_CR4_SMAP);
}

const char *hal_cpu_model(void)
{
	return x86_64_model;
}

void hal_cpu_idle(void)
{
	/* sti takes effect after the next instruction: no wake-up is lost
	 * between it and hlt. */
	__asm__ __volatile__("sti; hlt; cli" ::: "memory");
}

void hal_cpu_halt(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}

/* QEMU's isa-debug-exit: writing v makes QEMU exit with (v << 1) | 1. */
static uint16_t x86_64_debug_exit_port = 0xf4;


void x86_64_debug_exit_post_mm(void)
{
	int node = fdt_find_compatible(&boot_fdt, -1, "qemu,isa-debug-exit");
	uint16_t port;

	if (node >= 0 && (port = x86_64_isa_port(node)) != 0)
		x86_64_debug_exit_port = port;
}

void hal_poweroff(int status)
{
	hal_irq_disable();
	x86_64_outl(x86_64_debug_exit_port, (uint32_t)status);
	hal_cpu_halt();
}

void hal_reboot(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __packed null_idt = { 0, 0 };
	unsigned int i;

	hal_irq_disable();
	/* Pulse the reset line through the keyboard controller... */
	for (i = 0; i < 100000 && (x86_64_inb(0x64) & 0x02); i++)
		hal_cpu_relax();
	x86_64_outb(0x64, 0xfe);
	for (i = 0; i < 1000000; i++)
		hal_cpu_relax();
	/* ... or triple-fault: no IDT, then a trap. */
	__asm__ __volatile__("lidt %0; int3" : : "m"(null_idt) : "memory");
	hal_cpu_halt();
}

/* The x86 caches are coherent with DMA and with instruction fetch. */
void hal_dcache_clean(const void *va, size_t len)
{
	hal_mb();
}

void hal_dcache_inval(const void *va, size_t len)
{
	hal_mb();
}

void hal_icache_sync(const void *va, size_t len)
{
	/* A serialising instruction is enough after cross-modifying code on
	 * one CPU; a jump is enough for self-modifying code. */
	uint32_t r[4];

	x86_64_cpuid(0, 0, r);
}
