/*
 * arch/arm64/console.c - PL011 UART console.
 *
 * Until hal_init_post_mm() the console is the virt board's UART at
 * 0x09000000, reached through the boot direct map (head.S maps the first
 * GiB as Device memory).  hal_init_post_mm() then switches to the PL011
 * that /chosen/stdout-path names (or the first "arm,pl011"), mapped with
 * core_ioremap().  hal_as_kernel_create() maps the early UART in core's
 * kernel space too, so that a panic between hal_as_activate() and
 * hal_init_post_mm() still reaches the console.  The UART is left as
 * firmware or QEMU programmed it.
 */
#include <hal/hal.h>
#include <arch/arm64.h>
#include <fdt.h>

#define PL011_DR	0x00
#define PL011_FR	0x18
#define PL011_FR_RXFE	(1u << 4)
#define PL011_FR_TXFF	(1u << 5)

static volatile uint8_t *arm64_uart =
	(volatile uint8_t *)(ARM64_DMAP_BASE + ARM64_EARLY_UART_PA);

void hal_early_putc(char c)
{
	volatile uint8_t *u = arm64_uart;

	if (u == NULL)
		return;
	while (hal_mmio_read32(u + PL011_FR) & PL011_FR_TXFF)
		;
	hal_mmio_write32(u + PL011_DR, (uint8_t)c);
}

int hal_early_getc(void)
{
	volatile uint8_t *u = arm64_uart;

	if (u == NULL || (hal_mmio_read32(u + PL011_FR) & PL011_FR_RXFE))
		return -1;
	return hal_mmio_read32(u + PL011_DR) & 0xff;
}

/* The PL011 node /chosen/stdout-path points at, or -FDT_ENOTFOUND. */
static int arm64_stdout_node(void)
{
	char path[128];
	const char *s;
	int chosen, node;
	size_t i;

	chosen = fdt_path(&boot_fdt, "/chosen");
	if (chosen < 0)
		return -FDT_ENOTFOUND;
	s = fdt_prop_str(&boot_fdt, chosen, "stdout-path");
	if (s == NULL)
		s = fdt_prop_str(&boot_fdt, chosen, "linux,stdout-path");
	if (s == NULL)
		return -FDT_ENOTFOUND;
	/* Drop the ":115200n8" options part. */
	for (i = 0; s[i] != '\0' && s[i] != ':' && i < sizeof(path) - 1; i++)
		path[i] = s[i];
	path[i] = '\0';
	node = fdt_path(&boot_fdt, path);
	if (node < 0 || !fdt_is_compatible(&boot_fdt, node, "arm,pl011"))
		return -FDT_ENOTFOUND;
	return node;
}

void arm64_console_init_post_mm(void)
{
	uint64_t pa, size;
	void *va;
	int node;

	node = arm64_stdout_node();
	if (node < 0)
		node = fdt_find_compatible(&boot_fdt, -1, "arm,pl011");
	if (node < 0 || !fdt_reg(&boot_fdt, node, 0, &pa, &size)) {
		/* Keep talking somewhere rather than nowhere: the early UART. */
		va = core_ioremap(ARM64_EARLY_UART_PA, HAL_PAGE_SIZE);
		arm64_uart = va;
		kprintf("arm64: no PL011 in the device tree, using 0x%lx\n",
			ARM64_EARLY_UART_PA);
		return;
	}
	va = core_ioremap(pa, size < HAL_PAGE_SIZE ? HAL_PAGE_SIZE : size);
	if (va == NULL)
		core_panic("arm64: cannot map the PL011 at 0x%lx",
			   (unsigned long)pa);
	arm64_uart = va;
}
