/*
 * arch/arm64/cpu.c - CPU identification, idle and halt, cache maintenance,
 * and power control through PSCI.
 */
#include <hal/hal.h>
#include <arch/arm64.h>
#include <fdt.h>

/* CPU model string from MIDR_EL1. */

struct arm64_part {
	uint8_t implementer;
	uint16_t part;
	const char *name;
};

static const struct arm64_part arm64_parts[] = {
	{ 0x41, 0xd03, "ARM Cortex-A53" },
	{ 0x41, 0xd04, "ARM Cortex-A35" },
	{ 0x41, 0xd05, "ARM Cortex-A55" },
	{ 0x41, 0xd07, "ARM Cortex-A57" },
	{ 0x41, 0xd08, "ARM Cortex-A72" },
	{ 0x41, 0xd09, "ARM Cortex-A73" },
	{ 0x41, 0xd0a, "ARM Cortex-A75" },
	{ 0x41, 0xd0b, "ARM Cortex-A76" },
	{ 0x41, 0xd0c, "ARM Neoverse-N1" },
	{ 0x41, 0xd0d, "ARM Cortex-A77" },
	{ 0x41, 0xd40, "ARM Neoverse-V1" },
	{ 0x41, 0xd41, "ARM Cortex-A78" },
	{ 0x41, 0xd44, "ARM Cortex-X1" },
	{ 0x41, 0xd46, "ARM Cortex-A510" },
	{ 0x41, 0xd47, "ARM Cortex-A710" },
	{ 0x41, 0xd49, "ARM Neoverse-N2" },
	{ 0x00, 0x051, "QEMU max" },
};

static char arm64_model[48];

static char *arm64_put_str(char *p, char *end, const char *s)
{
	while (*s != '\0' && p < end)
		*p++ = *s++;
	return p;
}

static char *arm64_put_num(char *p, char *end, unsigned int v, unsigned int base)
{
	char digits[8];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0 && n < (int)sizeof(digits));
	while (n > 0 && p < end)
		*p++ = digits[--n];
	return p;
}

/*
 * "ARM Cortex-A72 r0p3" for known parts, "CPU implementer 0x.. part 0x...
 * r.p." otherwise.  Built once; the first call may come from the banner, on
 * the boot CPU only.
 */
const char *hal_cpu_model(void)
{
	uint64_t midr = arm64_read_sysreg(midr_el1);
	unsigned int impl = (midr >> 24) & 0xff, part = (midr >> 4) & 0xfff;
	char *p = arm64_model, *end = arm64_model + sizeof(arm64_model) - 1;
	const char *name = NULL;
	size_t i;

	if (arm64_model[0] != '\0')
		return arm64_model;
	for (i = 0; i < sizeof(arm64_parts) / sizeof(arm64_parts[0]); i++)
		if (arm64_parts[i].implementer == impl && arm64_parts[i].part == part)
			name = arm64_parts[i].name;
	if (name != NULL) {
		p = arm64_put_str(p, end, name);
	} else {
		p = arm64_put_str(p, end, "CPU implementer 0x");
		p = arm64_put_num(p, end, impl, 16);
		p = arm64_put_str(p, end, " part 0x");
		p = arm64_put_num(p, end, part, 16);
	}
	p = arm64_put_str(p, end, " r");
	p = arm64_put_num(p, end, (midr >> 20) & 0xf, 10);
	p = arm64_put_str(p, end, "p");
	p = arm64_put_num(p, end, midr & 0xf, 10);
	*p = '\0';
	return arm64_model;
}

/*
 * WFI wakes on a pending interrupt even while PSTATE.I masks it, so the
 * interrupt is taken when it is unmasked right after: nothing is lost
 * between the caller's check and the wait.
 */
void hal_cpu_idle(void)
{
	__asm__ __volatile__("dsb sy\n\twfi\n\tmsr daifclr, #3\n\tisb\n\t"
			     "msr daifset, #3" ::: "memory");
}

void hal_cpu_halt(void)
{
	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ __volatile__("wfi");
}

/* Cache maintenance by VA over whole lines, to the point of coherency. */

static size_t arm64_dline(void)
{
	return 4UL << ((arm64_read_sysreg(ctr_el0) >> 16) & 0xf);
}

static size_t arm64_iline(void)
{
	return 4UL << (arm64_read_sysreg(ctr_el0) & 0xf);
}

void hal_dcache_clean(const void *va, size_t len)
{
	size_t line = arm64_dline();
	uintptr_t a = (uintptr_t)va & ~(line - 1), end = (uintptr_t)va + len;

	for (; a < end; a += line)
		__asm__ __volatile__("dc cvac, %0" :: "r"(a) : "memory");
	__asm__ __volatile__("dsb sy" ::: "memory");
}

/*
 * Lines only partly inside the range are cleaned and invalidated, so that
 * neighbouring data is not lost.
 */
void hal_dcache_inval(const void *va, size_t len)
{
	size_t line = arm64_dline();
	uintptr_t start = (uintptr_t)va, end = start + len;
	uintptr_t a = start & ~(line - 1);

	for (; a < end; a += line) {
		if (a < start || a + line > end)
			__asm__ __volatile__("dc civac, %0" :: "r"(a) : "memory");
		else
			__asm__ __volatile__("dc ivac, %0" :: "r"(a) : "memory");
	}
	__asm__ __volatile__("dsb sy" ::: "memory");
}

void hal_icache_sync(const void *va, size_t len)
{
	size_t dl = arm64_dline(), il = arm64_iline();
	uintptr_t start = (uintptr_t)va, end = start + len, a;

	for (a = start & ~(dl - 1); a < end; a += dl)
		__asm__ __volatile__("dc cvau, %0" :: "r"(a) : "memory");
	__asm__ __volatile__("dsb ish" ::: "memory");
	for (a = start & ~(il - 1); a < end; a += il)
		__asm__ __volatile__("ic ivau, %0" :: "r"(a) : "memory");
	__asm__ __volatile__("dsb ish\n\tisb" ::: "memory");
}

/*
 * PSCI.  The conduit comes from /psci "method"; until hal_init_post_mm()
 * reads it, guess as QEMU's virt board chooses: SMC when the kernel was
 * entered at EL2 (virtualization=on), HVC otherwise.
 */

#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u

static bool arm64_psci_smc;
static bool arm64_psci_known;

void arm64_psci_init(void)
{
	static const char *const compat[] = {
		"arm,psci-1.0", "arm,psci-0.2", "arm,psci",
	};
	const char *method;
	size_t i;
	int node = -FDT_ENOTFOUND;

	for (i = 0; i < sizeof(compat) / sizeof(compat[0]) && node < 0; i++)
		node = fdt_find_compatible(&boot_fdt, -1, compat[i]);
	if (node < 0) {
		kprintf("arm64: no PSCI node in the device tree, guessing the conduit\n");
		return;
	}
	method = fdt_prop_str(&boot_fdt, node, "method");
	if (method != NULL && method[0] == 's' && method[1] == 'm' &&
	    method[2] == 'c' && method[3] == '\0')
		arm64_psci_smc = true;
	else
		arm64_psci_smc = false;
	arm64_psci_known = true;
}

/* SMCCC: the function id in x0, result in x0, x1-x17 may be clobbered. */
#define ARM64_SMCCC_CLOBBERS \
	"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", \
	"x12", "x13", "x14", "x15", "x16", "x17", "memory"

static void arm64_psci_call(uint32_t fn)
{
	register uint64_t x0 __asm__("x0") = fn;
	bool smc = arm64_psci_known ? arm64_psci_smc : arm64_boot_el == 2;

	if (smc)
		__asm__ __volatile__("smc #0" : "+r"(x0) :: ARM64_SMCCC_CLOBBERS);
	else
		__asm__ __volatile__("hvc #0" : "+r"(x0) :: ARM64_SMCCC_CLOBBERS);
}

/*
 * PSCI SYSTEM_OFF has no status argument: QEMU exits with status 0 either
 * way, and the harness reads core's "socle: poweroff status=N" line.
 */
void hal_poweroff(int status)
{
	(void)status;
	hal_irq_disable();
	arm64_psci_call(PSCI_SYSTEM_OFF);
	hal_cpu_halt();
}

void hal_reboot(void)
{
	hal_irq_disable();
	arm64_psci_call(PSCI_SYSTEM_RESET);
	hal_cpu_halt();
}

/* Kernel thread contexts (the switch itself is in entry.S). */

void arm64_ctx_start(void);

void hal_ctx_init(struct hal_context *ctx, void *stack_top,
		  void (*entry)(void *), void *arg)
{
	unsigned int i;

	for (i = 0; i < 10; i++)
		ctx->x19_x28[i] = 0;
	ctx->x19_x28[0] = (uint64_t)(uintptr_t)entry;
	ctx->x19_x28[1] = (uint64_t)(uintptr_t)arg;
	ctx->fp = 0;
	ctx->lr = (uint64_t)(uintptr_t)arm64_ctx_start;
	ctx->sp = (uint64_t)(uintptr_t)stack_top;
}
