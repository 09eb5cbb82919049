/*
 * console.c - the PAPR virtual terminal (hvterm1) through hypervisor calls.
 *
 * H_PUT_TERM_CHAR takes up to 16 bytes in r6/r7, first byte in the most
 * significant byte of r6; H_GET_TERM_CHAR returns them the same way.  The
 * vty number is the "reg" of /vdevice/vty@...; QEMU's default,
 * 0x71000000, is used until the device tree has been read.  No mapping is
 * involved, so the console works before, during and after the MMU switch.
 */
#include <arch/ppc64le.h>

#define H_BUSY			1
#define PPC64LE_DEFAULT_VTY	0x71000000UL

static unsigned long termno(void)
{
	return ppc64le_plat.vty_termno ? ppc64le_plat.vty_termno : PPC64LE_DEFAULT_VTY;
}

void hal_early_putc(char c)
{
	for (int tries = 0; tries < 100000; tries++) {
		long rc = ppc64le_hcall(H_PUT_TERM_CHAR, termno(), 1,
					(unsigned long)(uint8_t)c << 56, 0, NULL);
		if (rc != H_BUSY)
			break;
	}
}

/* Bytes the hypervisor handed over beyond the one asked for. */
static uint8_t rx_buf[16];
static unsigned int rx_head, rx_len;

int hal_early_getc(void)
{
	unsigned long ret[3];

	if (rx_head < rx_len)
		return rx_buf[rx_head++];
	if (ppc64le_hcall(H_GET_TERM_CHAR, termno(), 0, 0, 0, ret) != H_SUCCESS)
		return -1;
	unsigned long n = ret[0] > 16 ? 16 : ret[0];
	if (n == 0)
		return -1;
	for (unsigned long i = 0; i < n; i++)
		rx_buf[i] = (uint8_t)(ret[1 + i / 8] >> (56 - 8 * (i % 8)));
	rx_len = (unsigned int)n;
	rx_head = 1;
	return rx_buf[0];
}

/* Boot-time messages before core's log exists. */
void ppc64le_console_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			hal_early_putc('\r');
		hal_early_putc(*s);
	}
}
