/*
 * irq.c - interrupt controllers: the local APIC, one IOAPIC, and the legacy
 * 8259 pair, which is remapped out of the exception range and masked.
 *
 * Interrupt numbers (hal_irq_*) are global system interrupts (GSIs), as
 * in ACPI: the IOAPICs, in device-tree order, take consecutive blocks of
 * GSIs (microvm: 0-23 on the first, 24-47 on the second, which carries the
 * virtio-mmio transports).  GSI n is delivered on vector 0x30 + n to the
 * boot CPU.  The controllers are found in the device tree:
 * "intel,ce4100-lapic" and "intel,ce4100-ioapic"; the interrupt specifier
 * of a device, whichever IOAPIC is its parent, is <gsi type> with type 0
 * edge rising, 1 level low, 2 level high, 3 edge falling (the types of
 * Linux's ce4100 binding; the first cell is global, not per-IOAPIC).
 */
#include <hal/hal.h>
#include <fdt.h>
#include "x86_64.h"

#define IOAPIC_REGSEL	0x00
#define IOAPIC_WIN	0x10
#define IOAPIC_VER	0x01
#define IOAPIC_REDTBL(n)	(0x10 + 2 * (n))
#define IOAPIC_MASKED	(1u << 16)
#define IOAPIC_LEVEL	(1u << 15)
#define IOAPIC_ACTIVE_LOW	(1u << 13)

#define LAPIC_SVR_ENABLE	(1u << 8)
#define LAPIC_LVT_MASKED	(1u << 16)

static volatile uint8_t *x86_64_lapic;

/* The IOAPICs in device-tree order; each takes the next block of GSIs. */
#define X86_64_MAX_IOAPICS	2
static struct x86_64_ioapic {
	volatile uint8_t *regs;
	unsigned int gsi_base;
	unsigned int pins;
} x86_64_ioapics[X86_64_MAX_IOAPICS];
static unsigned int x86_64_nr_ioapics;
/* Trigger/polarity bits of each input, set by hal_irq_xlate(). */
static uint32_t x86_64_irq_mode[X86_64_NR_IRQS];

uint32_t x86_64_lapic_read(unsigned int reg)
{
	return hal_mmio_read32(x86_64_lapic + reg);
}

void x86_64_lapic_write(unsigned int reg, uint32_t v)
{
	hal_mmio_write32(x86_64_lapic + reg, v);
}

void x86_64_lapic_eoi(void)
{
	x86_64_lapic_write(X86_64_LAPIC_EOI, 0);
}

static uint32_t x86_64_ioapic_read(const struct x86_64_ioapic *io, unsigned int reg)
{
	hal_mmio_write32(io->regs + IOAPIC_REGSEL, reg);
	return hal_mmio_read32(io->regs + IOAPIC_WIN);
}

static void x86_64_ioapic_write(const struct x86_64_ioapic *io, unsigned int reg, uint32_t v)
{
	hal_mmio_write32(io->regs + IOAPIC_REGSEL, reg);
	hal_mmio_write32(io->regs + IOAPIC_WIN, v);
}

/* The IOAPIC serving gsi, or NULL. */
static struct x86_64_ioapic *x86_64_ioapic_of(unsigned int gsi)
{
	unsigned int i;

	for (i = 0; i < x86_64_nr_ioapics; i++) {
		struct x86_64_ioapic *io = &x86_64_ioapics[i];

		if (gsi >= io->gsi_base && gsi < io->gsi_base + io->pins)
			return io;
	}
	return NULL;
}

/* Remap the 8259s to vectors 0x20-0x2f, then mask every input. */
static void x86_64_pic_disable(void)
{
	x86_64_outb(0x20, 0x11);	/* ICW1: init, ICW4 follows */
	x86_64_outb(0xa0, 0x11);
	x86_64_outb(0x21, X86_64_VEC_PIC_BASE);	/* ICW2: vector base */
	x86_64_outb(0xa1, X86_64_VEC_PIC_BASE + 8);
	x86_64_outb(0x21, 0x04);	/* ICW3: slave on IR2 */
	x86_64_outb(0xa1, 0x02);
	x86_64_outb(0x21, 0x01);	/* ICW4: 8086 mode */
	x86_64_outb(0xa1, 0x01);
	x86_64_outb(0x21, 0xff);	/* OCW1: all masked */
	x86_64_outb(0xa1, 0xff);
}

static void *x86_64_map_node(int node, const char *what)
{
	uint64_t addr, size;
	void *va;

	if (!fdt_reg(&boot_fdt, node, 0, &addr, &size))
		core_panic("x86_64: the %s node has no reg", what);
	va = core_ioremap(addr, size ? size : HAL_PAGE_SIZE);
	if (va == NULL)
		core_panic("x86_64: cannot map the %s at %#lx", what, (unsigned long)addr);
	return va;
}

/* Map every IOAPIC of the DT and mask all its inputs. */
static void x86_64_ioapic_init(void)
{
	unsigned int gsi = 0, i;
	int node = -1;

	while ((node = fdt_find_compatible(&boot_fdt, node, "intel,ce4100-ioapic")) >= 0 &&
	       x86_64_nr_ioapics < X86_64_MAX_IOAPICS) {
		struct x86_64_ioapic *io = &x86_64_ioapics[x86_64_nr_ioapics];
		uint32_t ver;

		io->regs = x86_64_map_node(node, "IOAPIC");
		ver = x86_64_ioapic_read(io, IOAPIC_VER);
		if (ver == 0 || ver == 0xffffffff) {
			kprintf("x86_64: no IOAPIC at %s, skipped\n", fdt_name(&boot_fdt, node));
			continue;
		}
		io->gsi_base = gsi;
		io->pins = ((ver >> 16) & 0xff) + 1;
		if (gsi + io->pins > X86_64_NR_IRQS)
			io->pins = X86_64_NR_IRQS - gsi;
		for (i = 0; i < io->pins; i++) {
			x86_64_ioapic_write(io, IOAPIC_REDTBL(i) + 1, 0);	/* to APIC 0 */
			x86_64_ioapic_write(io, IOAPIC_REDTBL(i),
					    IOAPIC_MASKED | (X86_64_VEC_IRQ_BASE + gsi + i));
		}
		gsi += io->pins;
		x86_64_nr_ioapics++;
	}
	if (x86_64_nr_ioapics == 0)
		core_panic("x86_64: no IOAPIC (intel,ce4100-ioapic) in the device tree");
}

void x86_64_irq_init(void)
{
	int node;

	x86_64_pic_disable();

	node = fdt_find_compatible(&boot_fdt, -1, "intel,ce4100-lapic");
	if (node < 0)
		core_panic("x86_64: no local APIC (intel,ce4100-lapic) in the device tree");
	x86_64_lapic = x86_64_map_node(node, "local APIC");
	x86_64_lapic_write(X86_64_LAPIC_TPR, 0);
	x86_64_lapic_write(X86_64_LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | X86_64_VEC_TIMER);
	x86_64_lapic_write(X86_64_LAPIC_LVT_LINT0, LAPIC_LVT_MASKED);
	x86_64_lapic_write(X86_64_LAPIC_LVT_ERROR, LAPIC_LVT_MASKED);
	x86_64_lapic_write(X86_64_LAPIC_SVR, LAPIC_SVR_ENABLE | X86_64_VEC_SPURIOUS);
	x86_64_lapic_eoi();

	x86_64_ioapic_init();
}

void hal_irq_unmask(unsigned int irq)
{
	struct x86_64_ioapic *io = x86_64_ioapic_of(irq);

	if (io == NULL)
		return;
	x86_64_ioapic_write(io, IOAPIC_REDTBL(irq - io->gsi_base),
			    x86_64_irq_mode[irq] | (X86_64_VEC_IRQ_BASE + irq));
}

void hal_irq_mask(unsigned int irq)
{
	struct x86_64_ioapic *io = x86_64_ioapic_of(irq);

	if (io == NULL)
		return;
	x86_64_ioapic_write(io, IOAPIC_REDTBL(irq - io->gsi_base),
			    IOAPIC_MASKED | x86_64_irq_mode[irq] | (X86_64_VEC_IRQ_BASE + irq));
}

int hal_irq_xlate(const uint32_t *cells, int ncells)
{
	static const uint32_t modes[4] = {
		0,					/* edge, rising */
		IOAPIC_LEVEL | IOAPIC_ACTIVE_LOW,	/* level, low */
		IOAPIC_LEVEL,				/* level, high */
		IOAPIC_ACTIVE_LOW,			/* edge, falling */
	};
	uint32_t type = 0;

	if (ncells < 1 || ncells > 2 || cells[0] >= X86_64_NR_IRQS)
		return -EINVAL;
	if (ncells == 2) {
		type = cells[1];
		if (type > 3)
			return -EINVAL;
	}
	x86_64_irq_mode[cells[0]] = modes[type];
	return (int)cells[0];
}

/* A device interrupt or a stray legacy-PIC vector (x86_64_trap()). */
void x86_64_irq_handle(unsigned int vector)
{
	if (vector >= X86_64_VEC_IRQ_BASE && vector < X86_64_VEC_IRQ_BASE + X86_64_NR_IRQS) {
		core_irq_dispatch(vector - X86_64_VEC_IRQ_BASE);
		x86_64_lapic_eoi();
		return;
	}
	if (vector >= X86_64_VEC_PIC_BASE && vector < X86_64_VEC_PIC_BASE + 16) {
		/* A spurious IRQ 7/15 from the masked 8259 needs no EOI. */
		return;
	}
	kprintf("x86_64: unexpected interrupt vector %u\n", vector);
	if (x86_64_lapic != NULL)
		x86_64_lapic_eoi();
}
