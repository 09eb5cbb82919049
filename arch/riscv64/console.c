/*
 * console.c - the boot console: SBI first, then the ns16550 of
 * /chosen/stdout-path once hal_init_post_mm() has mapped it.
 *
 * The SBI console (DBCN, or the legacy console_putchar when the firmware is
 * older than SBI 2.0) needs no address and works from the first instruction;
 * OpenSBI itself drives the same UART, so output stays in order when the
 * kernel switches to its own polled ns16550 driver.
 */
#include <arch/riscv64.h>
#include <fdt.h>

#define UART_RBR	0	/* receive buffer (read) */
#define UART_THR	0	/* transmit holding (write) */
#define UART_IER	1
#define UART_LSR	5
#define UART_LSR_DR	0x01	/* data ready */
#define UART_LSR_THRE	0x20	/* transmit holding register empty */

static volatile uint8_t *riscv64_uart;
static unsigned int riscv64_uart_shift;
static unsigned int riscv64_uart_width = 1;
static int riscv64_have_dbcn = -1;

static uint8_t riscv64_uart_read(unsigned int reg)
{
	volatile uint8_t *a = riscv64_uart + (reg << riscv64_uart_shift);

	if (riscv64_uart_width == 4)
		return (uint8_t)hal_mmio_read32(a);
	return hal_mmio_read8(a);
}

static void riscv64_uart_write(unsigned int reg, uint8_t v)
{
	volatile uint8_t *a = riscv64_uart + (reg << riscv64_uart_shift);

	if (riscv64_uart_width == 4)
		hal_mmio_write32(a, v);
	else
		hal_mmio_write8(a, v);
}

void hal_early_putc(char c)
{
	if (riscv64_uart != NULL) {
		while (!(riscv64_uart_read(UART_LSR) & UART_LSR_THRE))
			hal_cpu_relax();
		riscv64_uart_write(UART_THR, (uint8_t)c);
		return;
	}
	if (riscv64_have_dbcn < 0)
		riscv64_have_dbcn = riscv64_sbi_probe(RISCV64_SBI_EXT_DBCN);
	if (riscv64_have_dbcn)
		riscv64_sbi_call(RISCV64_SBI_EXT_DBCN, 2, (unsigned char)c, 0, 0);
	else
		riscv64_sbi_call(RISCV64_SBI_EXT_LEGACY_PUTCHAR, 0,
				 (unsigned char)c, 0, 0);
}

int hal_early_getc(void)
{
	struct riscv64_sbiret r;

	if (riscv64_uart != NULL) {
		if (riscv64_uart_read(UART_LSR) & UART_LSR_DR)
			return riscv64_uart_read(UART_RBR);
		return -1;
	}
	/* Legacy console_getchar returns the byte in a0, or -1. */
	r = riscv64_sbi_call(RISCV64_SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0);
	return r.error >= 0 && r.error <= 255 ? (int)r.error : -1;
}

/* The node /chosen/stdout-path names, or a ns16550a anywhere. */
static int riscv64_console_node(void)
{
	const struct fdt *f = &boot_fdt;
	const char *path;
	char buf[128];
	size_t i;
	int node;

	node = fdt_path(f, "/chosen");
	path = node >= 0 ? fdt_prop_str(f, node, "stdout-path") : NULL;
	if (path != NULL) {
		/* Drop the ":115200n8" options. */
		for (i = 0; i < sizeof(buf) - 1 && path[i] != '\0' &&
		     path[i] != ':'; i++)
			buf[i] = path[i];
		buf[i] = '\0';
		node = fdt_path(f, buf);
		if (node >= 0 && (fdt_is_compatible(f, node, "ns16550a") ||
				  fdt_is_compatible(f, node, "ns16550")))
			return node;
	}
	return fdt_find_compatible(f, -1, "ns16550a");
}

/*
 * riscv64_console_init - switch the console to the stdout-path UART, mapped
 * through core_ioremap().  Keeps the SBI console when there is none.
 */
void riscv64_console_init(void)
{
	const struct fdt *f = &boot_fdt;
	uint64_t pa, size;
	uint32_t v;
	void *va;
	int node;

	node = riscv64_console_node();
	if (node < 0 || !fdt_reg(f, node, 0, &pa, &size))
		return;
	va = core_ioremap(pa, size < HAL_PAGE_SIZE ? HAL_PAGE_SIZE : size);
	if (va == NULL)
		return;
	if (fdt_prop_u32(f, node, "reg-shift", &v))
		riscv64_uart_shift = v;
	if (fdt_prop_u32(f, node, "reg-io-width", &v))
		riscv64_uart_width = v;
	riscv64_uart = va;
	/* Polled driver: no UART interrupts. */
	riscv64_uart_write(UART_IER, 0);
}
