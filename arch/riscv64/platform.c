/*
 * platform.c - boot hand-over to core, second-stage initialisation, CPU
 * identification, idle, power and cache maintenance.
 */
#include <arch/riscv64.h>
#include <fdt.h>

paddr_t riscv64_kernel_pa;
unsigned long riscv64_boot_hartid;

static struct hal_boot_info riscv64_bi;
static char riscv64_firmware[64];

/* QEMU's sifive_test device: the exit status of the emulator. */
static volatile uint32_t *riscv64_test_dev;
static paddr_t riscv64_test_pa;
extern uint8_t riscv64_boot_pt_root[];
#define SIFIVE_TEST_FAIL	0x3333
#define SIFIVE_TEST_PASS	0x5555
#define SIFIVE_TEST_RESET	0x7777

static void riscv64_append(size_t *i, const char *s)
{
	while (*s != '\0' && *i < sizeof(riscv64_firmware) - 1)
		riscv64_firmware[(*i)++] = *s++;
	riscv64_firmware[*i] = '\0';
}

static void riscv64_append_dec(size_t *i, unsigned long v)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0) {
		char c[2] = { d[--n], '\0' };

		riscv64_append(i, c);
	}
}

/*
 * The banner's firmware name: the SBI implementation (OpenSBI reports id 1
 * and version major << 16 | minor) and, when U-Boot started the kernel
 * (it leaves /chosen/u-boot,version in the tree it passes), "U-Boot booti".
 * The blob is read with core's stateless fdt_open() on a private handle,
 * before core_main() validates it for good.
 */
static const char *riscv64_firmware_name(const void *dtb)
{
	struct riscv64_sbiret id, ver;
	struct fdt f;
	size_t i = 0;
	int chosen;

	id = riscv64_sbi_call(RISCV64_SBI_EXT_BASE, 1, 0, 0, 0);
	ver = riscv64_sbi_call(RISCV64_SBI_EXT_BASE, 2, 0, 0, 0);
	if (id.error == 0 && id.value == 1 && ver.error == 0) {
		riscv64_append(&i, "OpenSBI v");
		riscv64_append_dec(&i, (unsigned long)ver.value >> 16);
		riscv64_append(&i, ".");
		riscv64_append_dec(&i, (unsigned long)ver.value & 0xffff);
	} else {
		riscv64_append(&i, "SBI");
	}
	if (dtb != NULL && fdt_open(&f, dtb, (size_t)-1) == 0) {
		uint64_t pa, size;
		int test;

		chosen = fdt_path(&f, "/chosen");
		if (chosen >= 0 && fdt_getprop(&f, chosen, "u-boot,version", NULL) != NULL)
			riscv64_append(&i, " + U-Boot booti");
		/* For a poweroff with exit status before hal_init_post_mm(). */
		test = fdt_find_compatible(&f, -1, "sifive,test0");
		if (test >= 0 && fdt_reg(&f, test, 0, &pa, &size))
			riscv64_test_pa = pa;
	}
	return riscv64_firmware;
}

/*
 * riscv64_boot - called by entry.S at the link address, on the boot stack,
 * with the boot page tables active and interrupts off.
 */
void riscv64_boot(unsigned long hartid, paddr_t dtb_pa)
{
	riscv64_boot_hartid = hartid;
	riscv64_bi.dtb = dtb_pa != 0 ? hal_phys_to_virt(dtb_pa) : NULL;
	riscv64_bi.dtb_phys = dtb_pa;
	riscv64_bi.cmdline = NULL;
	riscv64_bi.nmem = 0;
	riscv64_bi.nreserved = 0;
	riscv64_bi.firmware = riscv64_firmware_name(riscv64_bi.dtb);
	core_main(&riscv64_bi);
}

/* The riscv,isa string of the boot hart, or NULL. */
static const char *riscv64_isa_string(void)
{
	const struct fdt *f = &boot_fdt;
	int cpus, cpu;

	if (f->blob == NULL)
		return NULL;
	cpus = fdt_path(f, "/cpus");
	if (cpus < 0)
		return NULL;
	for (cpu = fdt_first_child(f, cpus); cpu >= 0;
	     cpu = fdt_next_sibling(f, cpu)) {
		uint64_t hart, size;
		const char *isa = fdt_prop_str(f, cpu, "riscv,isa");

		if (isa != NULL && fdt_reg(f, cpu, 0, &hart, &size) &&
		    hart == riscv64_boot_hartid)
			return isa;
	}
	return NULL;
}

/*
 * riscv64_isa_has - does the boot hart's riscv,isa list the multi-letter
 * extension ext (lower case, e.g. "sstc")?
 */
bool riscv64_isa_has(const char *ext)
{
	const char *isa = riscv64_isa_string();
	const char *p;
	size_t n = 0, i;

	if (isa == NULL)
		return false;
	while (ext[n] != '\0')
		n++;
	/* Multi-letter extensions follow an underscore. */
	for (p = isa; *p != '\0'; p++) {
		if (*p != '_')
			continue;
		for (i = 0; i < n && p[1 + i] == ext[i]; i++)
			;
		if (i == n && (p[1 + n] == '_' || p[1 + n] == '\0'))
			return true;
	}
	return false;
}

/*
 * riscv64_isa_has_letter - does the boot hart's riscv,isa name the
 * single-letter extension letter (lower case)?  "g" stands for "imafd".
 */
bool riscv64_isa_has_letter(char letter)
{
	const char *isa = riscv64_isa_string();
	const char *p;

	if (isa == NULL || (isa[0] != 'r' && isa[0] != 'R'))
		return false;
	/* Skip "rv64"; the letters end at the first multi-letter one. */
	for (p = isa + 2; *p >= '0' && *p <= '9'; p++)
		;
	for (; *p != '\0' && *p != '_'; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p;

		if (c == 's' || c == 'x' || c == 'z')
			break;
		if (c == letter || (c == 'g' && (letter == 'i' || letter == 'm' ||
		    letter == 'a' || letter == 'f' || letter == 'd')))
			return true;
	}
	return false;
}

const char *hal_cpu_model(void)
{
	static char model[160];
	static bool done;
	const char *isa;
	size_t i = 0, j;
	long vendor;
	static const char hex[] = "0123456789abcdef";
	static const char prefix[] = "RISC-V ";

	if (done)
		return model;
	isa = riscv64_isa_string();
	if (isa == NULL)
		return "RISC-V";
	for (j = 0; prefix[j] != '\0'; j++)
		model[i++] = prefix[j];
	for (j = 0; isa[j] != '\0' && i < sizeof(model) - 32; j++)
		model[i++] = isa[j];
	vendor = riscv64_sbi_mvendorid();
	if (vendor != 0) {
		static const char v[] = " mvendorid 0x";
		int shift;

		for (j = 0; v[j] != '\0'; j++)
			model[i++] = v[j];
		for (shift = 60; shift > 0 && !((vendor >> shift) & 0xf); shift -= 4)
			;
		for (; shift >= 0; shift -= 4)
			model[i++] = hex[(vendor >> shift) & 0xf];
	}
	model[i] = '\0';
	done = true;
	return model;
}

const char *hal_arch_name(void)
{
	return "riscv64";
}

/* Find QEMU's test finisher, for a poweroff with an exit status. */
void riscv64_power_init(void)
{
	const struct fdt *f = &boot_fdt;
	uint64_t pa, size;
	int node;

	node = fdt_find_compatible(f, -1, "sifive,test0");
	if (node < 0 || !fdt_reg(f, node, 0, &pa, &size))
		return;
	riscv64_test_dev = core_ioremap(pa, size < HAL_PAGE_SIZE ? HAL_PAGE_SIZE : size);
}

void hal_init_post_mm(const struct hal_boot_info *bi)
{
	(void)bi;
	riscv64_console_init();
	riscv64_power_init();
	riscv64_plic_init();
	riscv64_timer_init();
	riscv64_user_init();
}

void hal_cpu_idle(void)
{
	/*
	 * wfi wakes for an interrupt enabled in sie even while sstatus.SIE is
	 * clear, so nothing is lost between the caller's check and the wait;
	 * opening SIE afterwards takes the pending interrupt.
	 */
	__asm__ __volatile__("wfi" : : : "memory");
	hal_irq_enable();
	hal_irq_disable();
}

void hal_cpu_halt(void)
{
	hal_irq_disable();
	riscv64_csr_write(sie, 0);
	for (;;)
		__asm__ __volatile__("wfi");
}

/*
 * The test finisher, also before hal_init_post_mm() mapped it: while the
 * boot page tables are active their direct map covers all MMIO.
 */
static volatile uint32_t *riscv64_test_finisher(void)
{
	paddr_t boot_root = hal_kernel_virt_to_phys(riscv64_boot_pt_root);

	if (riscv64_test_dev != NULL)
		return riscv64_test_dev;
	if (riscv64_test_pa != 0 &&
	    (riscv64_csr_read(satp) & ((1UL << 44) - 1)) == boot_root >> HAL_PAGE_SHIFT)
		return hal_phys_to_virt(riscv64_test_pa);
	return NULL;
}

void hal_poweroff(int status)
{
	volatile uint32_t *test = riscv64_test_finisher();

	hal_irq_disable();
	if (test != NULL) {
		if (status == 0)
			*test = SIFIVE_TEST_PASS;
		else
			*test = ((uint32_t)(status & 0xffff) << 16) |
					    SIFIVE_TEST_FAIL;
	}
	riscv64_sbi_reset(0, status == 0 ? 0 : 1);
	hal_cpu_halt();
}

void hal_reboot(void)
{
	volatile uint32_t *test = riscv64_test_finisher();

	hal_irq_disable();
	riscv64_sbi_reset(1, 0);
	if (test != NULL)
		*test = SIFIVE_TEST_RESET;
	hal_cpu_halt();
}

/*
 * Harts of QEMU virt (and the usual RISC-V SoCs with coherent DMA) need no
 * data-cache maintenance; the ordering fence is all a device needs.
 */
void hal_dcache_clean(const void *va, size_t len)
{
	(void)va;
	(void)len;
	__asm__ __volatile__("fence rw, rw" : : : "memory");
}

void hal_dcache_inval(const void *va, size_t len)
{
	(void)va;
	(void)len;
	__asm__ __volatile__("fence rw, rw" : : : "memory");
}

void hal_icache_sync(const void *va, size_t len)
{
	(void)va;
	(void)len;
	__asm__ __volatile__("fence.i" : : : "memory");
}
