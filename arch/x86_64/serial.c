/*
 * serial.c - the COM1 16550 console.
 *
 * The UART is in I/O space, which needs no mapping, so the same code serves
 * from the first instruction of x86_64_boot() to the end.  After the MMU is
 * up, hal_init_post_mm() checks the port against the device tree's
 * /chosen/stdout-path (an ns16550a on the "isa" bus whose reg is
 * <1 port size>, 1 meaning I/O space) and switches to it.
 */
#include <hal/hal.h>
#include <fdt.h>
#include "x86_64.h"

#define UART_THR	0	/* transmit holding (DLAB=0) */
#define UART_RBR	0	/* receive buffer (DLAB=0) */
#define UART_DLL	0	/* divisor low (DLAB=1) */
#define UART_IER	1
#define UART_DLM	1	/* divisor high (DLAB=1) */
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LSR_DR	0x01
#define UART_LSR_THRE	0x20

static uint16_t x86_64_com = 0x3f8;

static void x86_64_serial_setup(uint16_t port)
{
	x86_64_outb(port + UART_IER, 0x00);	/* no interrupts (polled) */
	x86_64_outb(port + UART_LCR, 0x80);	/* DLAB */
	x86_64_outb(port + UART_DLL, 1);	/* 115200 baud */
	x86_64_outb(port + UART_DLM, 0);
	x86_64_outb(port + UART_LCR, 0x03);	/* 8N1 */
	x86_64_outb(port + UART_FCR, 0x07);	/* FIFOs on and cleared */
	x86_64_outb(port + UART_MCR, 0x03);	/* DTR, RTS */
}

void x86_64_serial_init(void)
{
	x86_64_serial_setup(x86_64_com);
}

/* The I/O port of a node on the DT "isa" bus, or 0. */
uint16_t x86_64_isa_port(int node)
{
	uint64_t addr, size;
	int ac, sc;

	fdt_reg_cells(&boot_fdt, node, &ac, &sc);
	if (ac != 2 || !fdt_reg(&boot_fdt, node, 0, &addr, &size))
		return 0;
	if ((addr >> 32) != 1 || (addr & 0xffffffff) > 0xffff)
		return 0;
	return (uint16_t)addr;
}

void x86_64_serial_post_mm(void)
{
	const char *path;
	char buf[64];
	uint16_t port;
	int node = -1;
	size_t i;

	path = fdt_prop_str(&boot_fdt, fdt_path(&boot_fdt, "/chosen"), "stdout-path");
	if (path != NULL) {
		/* Drop ":115200n8"-style options. */
		for (i = 0; i + 1 < sizeof(buf) && path[i] != '\0' && path[i] != ':'; i++)
			buf[i] = path[i];
		buf[i] = '\0';
		node = fdt_path(&boot_fdt, buf);
	}
	if (node < 0)
		node = fdt_find_compatible(&boot_fdt, -1, "ns16550a");
	if (node < 0)
		core_panic("x86_64: no ns16550a console in the device tree");
	port = x86_64_isa_port(node);
	if (port == 0)
		core_panic("x86_64: console %s has no I/O-space reg", fdt_name(&boot_fdt, node));
	if (port != x86_64_com) {
		x86_64_com = port;
		x86_64_serial_setup(port);
	}
}

void hal_early_putc(char c)
{
	unsigned int spins = 0;

	while (!(x86_64_inb(x86_64_com + UART_LSR) & UART_LSR_THRE) && spins++ < 100000)
		hal_cpu_relax();
	x86_64_outb(x86_64_com + UART_THR, (uint8_t)c);
}

int hal_early_getc(void)
{
	if (!(x86_64_inb(x86_64_com + UART_LSR) & UART_LSR_DR))
		return -1;
	return x86_64_inb(x86_64_com + UART_RBR);
}
