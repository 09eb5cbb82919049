/*
 * irq.c - the XICS interrupt controller of pseries, through the PAPR
 * interface: the presentation layer (ICP) with H_CPPR/H_XIRR/H_EOI/H_IPI,
 * the sources (ICS) with the RTAS calls ibm,set-xive and ibm,int-off.
 * Interrupt numbers are XICS source numbers, the first cell of a DT
 * "interrupts" specifier.
 */
#include <arch/ppc64le.h>
#include <kernel.h>
#include <fdt.h>

#define XICS_IPI		2
#define XICS_PRIO_DEFAULT	5
#define XICS_PRIO_MASKED	0xff

static bool xics_ready;
static uint32_t irq_server;	/* interrupt server of the boot CPU */

void ppc64le_irq_init(void)
{
	int node = fdt_find_compatible(&boot_fdt, -1, "IBM,ppc-xicp");
	if (node < 0)
		node = fdt_find_compatible(&boot_fdt, -1, "ibm,ppc-xicp");
	if (node < 0)
		core_panic("ppc64le: no XICS (ibm,ppc-xicp) interrupt controller in the device tree");
	int cpu = fdt_find_device_type(&boot_fdt, -1, "cpu");
	int len;
	const void *srv = cpu >= 0 ?
		fdt_getprop(&boot_fdt, cpu, "ibm,ppc-interrupt-server#s", &len) : NULL;
	irq_server = (srv && len >= 4) ? fdt_be32(srv) : 0;
	/* Accept every priority. */
	ppc64le_hcall(H_CPPR, 0xff, 0, 0, 0, NULL);
	xics_ready = true;
}

void hal_irq_unmask(unsigned int irq)
{
	if (xics_ready)
		ppc64le_rtas_call(ppc64le_plat.rtas_set_xive, 3, 1, NULL,
				  irq, irq_server, XICS_PRIO_DEFAULT);
}

void hal_irq_mask(unsigned int irq)
{
	if (!xics_ready)
		return;
	if (ppc64le_plat.rtas_int_off)
		ppc64le_rtas_call(ppc64le_plat.rtas_int_off, 1, 1, NULL, irq);
	else
		ppc64le_rtas_call(ppc64le_plat.rtas_set_xive, 3, 1, NULL,
				  irq, irq_server, XICS_PRIO_MASKED);
}

int hal_irq_xlate(const uint32_t *cells, int ncells)
{
	if (ncells < 1 || cells[0] > 0xffffff || cells[0] <= XICS_IPI)
		return -EINVAL;
	return (int)cells[0];
}

/* Vector 0x500: claim, dispatch, end of interrupt. */
void ppc64le_external_interrupt(void)
{
	unsigned long ret[3];

	if (ppc64le_hcall(H_XIRR, 0, 0, 0, 0, ret) != H_SUCCESS)
		return;
	unsigned long xirr = ret[0];
	unsigned int irq = (unsigned int)(xirr & 0xffffff);
	if (irq == 0)
		return;		/* nothing pending any more */
	if (irq == XICS_IPI)
		ppc64le_hcall(H_IPI, irq_server, 0xff, 0, 0, NULL);
	else
		core_irq_dispatch(irq);
	ppc64le_hcall(H_EOI, xirr, 0, 0, 0, NULL);
}
