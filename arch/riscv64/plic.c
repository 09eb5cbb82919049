/*
 * plic.c - the RISC-V Platform-Level Interrupt Controller.
 *
 * The kernel uses the PLIC context of hart 0's S-mode external interrupt,
 * found in the controller's "interrupts-extended" list.  Interrupt numbers
 * seen by core are PLIC source numbers (1..riscv,ndev).
 */
#include <arch/riscv64.h>
#include <fdt.h>

#define PLIC_PRIORITY(src)	(4 * (src))
#define PLIC_ENABLE(ctx, src)	(0x2000 + 0x80 * (ctx) + 4 * ((src) / 32))
#define PLIC_THRESHOLD(ctx)	(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(0x200004 + 0x1000 * (ctx))

static volatile uint8_t *riscv64_plic;
static unsigned int riscv64_plic_ctx;
static unsigned int riscv64_plic_ndev;

static uint32_t plic_read(unsigned long off)
{
	return hal_mmio_read32(riscv64_plic + off);
}

static void plic_write(unsigned long off, uint32_t v)
{
	hal_mmio_write32(riscv64_plic + off, v);
}

void hal_irq_unmask(unsigned int irq)
{
	unsigned long off;

	if (riscv64_plic == NULL || irq == 0 || irq > riscv64_plic_ndev)
		return;
	off = PLIC_ENABLE(riscv64_plic_ctx, irq);
	plic_write(PLIC_PRIORITY(irq), 1);
	plic_write(off, plic_read(off) | (1U << (irq % 32)));
}

void hal_irq_mask(unsigned int irq)
{
	unsigned long off;

	if (riscv64_plic == NULL || irq == 0 || irq > riscv64_plic_ndev)
		return;
	off = PLIC_ENABLE(riscv64_plic_ctx, irq);
	plic_write(off, plic_read(off) & ~(1U << (irq % 32)));
}

/* One cell: the PLIC source number. */
int hal_irq_xlate(const uint32_t *cells, int ncells)
{
	if (ncells < 1 || cells[0] == 0 ||
	    (riscv64_plic_ndev != 0 && cells[0] > riscv64_plic_ndev))
		return -EINVAL;
	return (int)cells[0];
}

/* Claim every pending source, dispatch it, complete it. */
void riscv64_plic_interrupt(void)
{
	uint32_t src;

	if (riscv64_plic == NULL)
		return;
	while ((src = plic_read(PLIC_CLAIM(riscv64_plic_ctx))) != 0) {
		core_irq_dispatch(src);
		plic_write(PLIC_CLAIM(riscv64_plic_ctx), src);
	}
}

/* The phandle of the interrupt controller of the boot hart's cpu node. */
static bool riscv64_boot_hart_intc(uint32_t *phandle)
{
	const struct fdt *f = &boot_fdt;
	int cpus, cpu, intc;

	cpus = fdt_path(f, "/cpus");
	if (cpus < 0)
		return false;
	for (cpu = fdt_first_child(f, cpus); cpu >= 0;
	     cpu = fdt_next_sibling(f, cpu)) {
		const char *type = fdt_prop_str(f, cpu, "device_type");
		uint64_t hart, size;

		if (type == NULL || type[0] != 'c' || !fdt_reg(f, cpu, 0, &hart, &size) ||
		    hart != riscv64_boot_hartid)
			continue;
		for (intc = fdt_first_child(f, cpu); intc >= 0;
		     intc = fdt_next_sibling(f, intc))
			if (fdt_is_compatible(f, intc, "riscv,cpu-intc"))
				return fdt_prop_u32(f, intc, "phandle", phandle);
	}
	return false;
}

void riscv64_plic_init(void)
{
	const struct fdt *f = &boot_fdt;
	const uint8_t *ie;
	uint32_t intc, ndev;
	uint64_t pa, size;
	unsigned int i, src;
	int node, len;

	node = fdt_find_compatible(f, -1, "riscv,plic0");
	if (node < 0)
		node = fdt_find_compatible(f, -1, "sifive,plic-1.0.0");
	if (node < 0)
		core_panic("riscv64: no PLIC in the device tree");
	if (!fdt_reg(f, node, 0, &pa, &size))
		core_panic("riscv64: PLIC without reg");
	if (!fdt_prop_u32(f, node, "riscv,ndev", &ndev) || ndev > 1023)
		ndev = 1023;
	if (!riscv64_boot_hart_intc(&intc))
		core_panic("riscv64: no interrupt controller for hart %lu",
			   riscv64_boot_hartid);

	/* interrupts-extended: <phandle irq> per context, in context order. */
	ie = fdt_getprop(f, node, "interrupts-extended", &len);
	if (ie == NULL)
		core_panic("riscv64: PLIC without interrupts-extended");
	for (i = 0; (int)(8 * i + 8) <= len; i++)
		if (fdt_be32(ie + 8 * i) == intc &&
		    fdt_be32(ie + 8 * i + 4) == RISCV64_IRQ_S_EXT)
			break;
	if ((int)(8 * i + 8) > len)
		core_panic("riscv64: no PLIC S-mode context for hart %lu",
			   riscv64_boot_hartid);

	riscv64_plic = core_ioremap(pa, size);
	if (riscv64_plic == NULL)
		core_panic("riscv64: cannot map the PLIC");
	riscv64_plic_ctx = i;
	riscv64_plic_ndev = ndev;

	/* Everything masked, all priorities 0, accept any priority > 0. */
	for (src = 0; src <= ndev; src += 32)
		plic_write(PLIC_ENABLE(i, src), 0);
	for (src = 1; src <= ndev; src++)
		plic_write(PLIC_PRIORITY(src), 0);
	plic_write(PLIC_THRESHOLD(i), 0);
	riscv64_csr_set(sie, RISCV64_IE_SEIE);
	kprintf("riscv64: PLIC at %#lx, %u sources, context %u\n",
		(unsigned long)pa, ndev, i);
}
