/*
 * boot.c - from the entry code to core_main, and the second-stage setup.
 */
#include <arch/ppc64le.h>
#include <kernel.h>
#include <fdt.h>

struct ppc64le_platform ppc64le_plat;
static struct hal_boot_info boot_info;

void ppc64le_boot(unsigned long of_entry) __noreturn;

static uint32_t prop_u32(const struct fdt *f, int node, const char *name)
{
	uint32_t v = 0;

	if (node >= 0 && !fdt_prop_u32(f, node, name, &v))
		v = 0;
	return v;
}

/* What the port needs from the tree before core has parsed it. */
static void platform_from_fdt(const void *blob, size_t size)
{
	struct fdt f;
	int node, len;

	if (fdt_open(&f, blob, size) != 0) {
		ppc64le_console_puts("ppc64le: the flattened device tree does not parse\n");
		return;
	}
	node = fdt_find_compatible(&f, -1, "hvterm1");
	if (node >= 0) {
		const void *reg = fdt_getprop(&f, node, "reg", &len);
		if (reg && len >= 4)
			ppc64le_plat.vty_termno = fdt_be32(reg);
	}
	node = fdt_find_device_type(&f, -1, "cpu");
	if (node >= 0) {
		const void *tb = fdt_getprop(&f, node, "timebase-frequency", &len);
		if (tb && len == 4)
			ppc64le_plat.tb_freq = fdt_be32(tb);
		else if (tb && len == 8)
			ppc64le_plat.tb_freq = fdt_be64(tb);
		const char *name = fdt_name(&f, node);
		size_t i;
		for (i = 0; name[i] && name[i] != '@' && i < sizeof(ppc64le_plat.cpu_name) - 1; i++)
			ppc64le_plat.cpu_name[i] = name[i];
		ppc64le_plat.cpu_name[i] = '\0';
	}
	node = fdt_path(&f, "/rtas");
	ppc64le_plat.rtas_power_off = prop_u32(&f, node, "power-off");
	ppc64le_plat.rtas_reboot = prop_u32(&f, node, "system-reboot");
	ppc64le_plat.rtas_set_xive = prop_u32(&f, node, "ibm,set-xive");
	ppc64le_plat.rtas_int_off = prop_u32(&f, node, "ibm,int-off");
	ppc64le_plat.rtas_int_on = prop_u32(&f, node, "ibm,int-on");
}

/* Copy the vectors to physical 0, where the processor takes interrupts. */
static void install_vectors(void)
{
	size_t len = (size_t)(ppc64le_vectors_end - ppc64le_vectors_start);
	void *dst = hal_phys_to_virt(0);

	memcpy(dst, ppc64le_vectors_start, len);
	hal_icache_sync(dst, len);
}

/*
 * Called by entry.S with the MMU off, on the boot stack, .bss cleared.
 * of_entry is the client-interface entry firmware passed in r5.
 */
void ppc64le_boot(unsigned long of_entry)
{
	size_t size = 0;
	const void *dtb;

	ppc64le_plat.vty_termno = 0;
	dtb = ppc64le_prom_init(of_entry, &size);
	if (dtb)
		platform_from_fdt(dtb, size);

	/* Take interrupts in little-endian mode from now on. */
	if (ppc64le_hcall(H_SET_MODE, H_SET_MODE_ENDIAN_LITTLE, H_SET_MODE_RESOURCE_LE,
			  0, 0, NULL) != H_SUCCESS)
		ppc64le_console_puts("ppc64le: H_SET_MODE(little-endian interrupts) failed\n");
	ppc64le_user_init();
	install_vectors();

	boot_info.dtb = dtb;
	/* The blob is in .bss: core reserves it with the image anyway. */
	boot_info.dtb_phys = dtb ? hal_kernel_virt_to_phys(dtb) : 0;
	boot_info.firmware = ppc64le_plat.slof ? "SLOF (Open Firmware client interface)" :
		"VOF (Open Firmware client interface)";
	/* The vectors, and below them the firmware's old home and stack. */
	boot_info.reserved[0].base = 0;
	boot_info.reserved[0].size = 0x10000;
	boot_info.nreserved = 1;
	core_main(&boot_info);
}

void hal_init_post_mm(const struct hal_boot_info *bi)
{
	(void)bi;
	/* The hvterm needs no mapping: the console goes on as it is. */
	ppc64le_irq_init();
	ppc64le_timer_init();
}

const char *hal_arch_name(void)
{
	return "ppc64le";
}
