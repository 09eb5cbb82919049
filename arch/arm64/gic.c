/*
 * arch/arm64/gic.c - the Generic Interrupt Controller, v2 or v3.
 *
 * GICv2 ("arm,cortex-a15-gic", "arm,gic-400"; the virt board's default) is
 * driven through its distributor and CPU interface registers; GICv3
 * ("arm,gic-v3": -M virt,gic-version=3) through its distributor, the boot
 * CPU's redistributor and the ICC_* system registers.  Everything has one
 * priority; interrupt numbers are GIC INTIDs:
 * SGIs 0-15, PPIs 16-31, SPIs 32 and up.
 *
 * With one security state (QEMU's virt without secure=on) a GICv2 CPU
 * interface acts as the secure one and acknowledges only group 0 through
 * GICC_IAR (group 1 reads as 1022), so GICv2 keeps everything in group 0,
 * signalled as IRQ (FIQEn clear).  GICv3 uses group 1 and ICC_IAR1_EL1.
 */
#include <hal/hal.h>
#include <arch/arm64.h>
#include <errno.h>
#include <fdt.h>



/* Distributor (both versions). */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ICPENDR		0x0280
#define GICD_IPRIORITYR		0x0400
#define GICD_ITARGETSR		0x0800
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000
#define GICD_CTLR_V3_ENGRP1A	(1u << 1)
#define GICD_CTLR_V3_ARE	(1u << 4)
#define GICD_CTLR_V3_RWP	(1u << 31)

/* GICv2 CPU interface. */
#define GICC_CTLR		0x0000
#define GICC_PMR		0x0004
#define GICC_BPR		0x0008
#define GICC_IAR		0x000c
#define GICC_EOIR		0x0010

/* GICv3 redistributor: RD_base frame, then SGI_base frame 64 KiB later. */
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_WAKER_SLEEP	(1u << 1)
#define GICR_WAKER_ASLEEP	(1u << 2)
#define GICR_TYPER_LAST		(1u << 4)
#define GICR_SGI		0x10000
#define GICR_FRAME		0x20000

/* GICv3 CPU interface system registers, by encoding. */
#define ICC_PMR_EL1		"S3_0_C4_C6_0"
#define ICC_IAR1_EL1		"S3_0_C12_C12_0"
#define ICC_EOIR1_EL1		"S3_0_C12_C12_1"
#define ICC_BPR1_EL1		"S3_0_C12_C12_3"
#define ICC_CTLR_EL1		"S3_0_C12_C12_4"
#define ICC_SRE_EL1		"S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1		"S3_0_C12_C12_7"

#define GIC_PRIO		0xa0

static volatile uint8_t *arm64_gicd;
static volatile uint8_t *arm64_gicc;	/* v2 */
static volatile uint8_t *arm64_gicr;	/* v3: the boot CPU's frames */
static bool arm64_gic_v3;
static unsigned int arm64_gic_lines;

static inline uint32_t rd(volatile uint8_t *base, unsigned long off)
{
	return hal_mmio_read32(base + off);
}

static inline void wr(volatile uint8_t *base, unsigned long off, uint32_t v)
{
	hal_mmio_write32(base + off, v);
}

#define ICC_WRITE(reg, v) \
	__asm__ __volatile__("msr " reg ", %0" :: "r"((uint64_t)(v)) : "memory")
#define ICC_READ(reg) ({						\
	uint64_t __v;							\
	__asm__ __volatile__("mrs %0, " reg : "=r"(__v) :: "memory");	\
	__v;								\
})

static void *arm64_gic_map(int node, int i, uint64_t maxsize)
{
	uint64_t pa, size;
	void *va;

	if (!fdt_reg(&boot_fdt, node, i, &pa, &size))
		core_panic("arm64: GIC node has no reg[%d]", i);
	if (size > maxsize)
		size = maxsize;
	va = core_ioremap(pa, size);
	if (va == NULL)
		core_panic("arm64: cannot map GIC registers at 0x%lx",
			   (unsigned long)pa);
	return va;
}

/* Map the distributor and learn how many interrupt lines it has. */
static void arm64_gicd_map(int node)
{
	arm64_gicd = arm64_gic_map(node, 0, 0x10000);
	arm64_gic_lines = 32 * ((rd(arm64_gicd, GICD_TYPER) & 0x1f) + 1);
	if (arm64_gic_lines > 1020)
		arm64_gic_lines = 1020;
}

static void arm64_gicd_wait_rwp(void)
{
	while (rd(arm64_gicd, GICD_CTLR) & GICD_CTLR_V3_RWP)
		;
}

/* Common distributor set-up of the SPIs: one group, one priority, off. */
static void arm64_gicd_spis(uint32_t group)
{
	unsigned int i;

	for (i = 32; i < arm64_gic_lines; i += 32) {
		wr(arm64_gicd, GICD_ICENABLER + i / 8, 0xffffffff);
		wr(arm64_gicd, GICD_ICPENDR + i / 8, 0xffffffff);
		wr(arm64_gicd, GICD_IGROUPR + i / 8, group);
	}
	for (i = 32; i < arm64_gic_lines; i += 4)
		wr(arm64_gicd, GICD_IPRIORITYR + i, GIC_PRIO * 0x01010101u);
}

static void arm64_gicv2_init(int node)
{
	unsigned int i;

	arm64_gicd_map(node);
	arm64_gicc = arm64_gic_map(node, 1, 0x2000);
	wr(arm64_gicd, GICD_CTLR, 0);
	arm64_gicd_spis(0);
	for (i = 32; i < arm64_gic_lines; i += 4)
		wr(arm64_gicd, GICD_ITARGETSR + i, 0x01010101);
	/* Banked SGIs/PPIs of this CPU. */
	wr(arm64_gicd, GICD_ICENABLER, 0xffffffff);
	wr(arm64_gicd, GICD_IGROUPR, 0);
	for (i = 0; i < 32; i += 4)
		wr(arm64_gicd, GICD_IPRIORITYR + i, GIC_PRIO * 0x01010101u);
	wr(arm64_gicd, GICD_CTLR, 1);
	wr(arm64_gicc, GICC_PMR, 0xf0);
	wr(arm64_gicc, GICC_BPR, 0);
	wr(arm64_gicc, GICC_CTLR, 1);
}

static void arm64_gicv3_init(int node)
{
	uint64_t mpidr = arm64_read_sysreg(mpidr_el1);
	uint32_t aff = (uint32_t)(((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff));
	uint64_t pa, size, off;
	unsigned int i;

	arm64_gicd_map(node);
	if (!fdt_reg(&boot_fdt, node, 1, &pa, &size))
		core_panic("arm64: GICv3 node has no redistributor region");
	/* Find this CPU's redistributor, one 128 KiB pair of frames each. */
	for (off = 0; off + GICR_FRAME <= size; off += GICR_FRAME) {
		volatile uint8_t *r = core_ioremap(pa + off, GICR_FRAME);
		uint64_t typer;

		if (r == NULL)
			core_panic("arm64: cannot map the GICv3 redistributor");
		typer = rd(r, GICR_TYPER) | ((uint64_t)rd(r, GICR_TYPER + 4) << 32);
		if ((uint32_t)(typer >> 32) == aff) {
			arm64_gicr = r;
			break;
		}
		if (typer & GICR_TYPER_LAST)
			break;
	}
	if (arm64_gicr == NULL)
		core_panic("arm64: no GICv3 redistributor for this CPU");

	wr(arm64_gicd, GICD_CTLR, 0);
	arm64_gicd_wait_rwp();
	wr(arm64_gicd, GICD_CTLR, GICD_CTLR_V3_ARE);
	arm64_gicd_wait_rwp();
	arm64_gicd_spis(0xffffffff);
	for (i = 32; i < arm64_gic_lines; i++) {
		wr(arm64_gicd, GICD_IROUTER + 8 * i, aff & 0xffffff);
		wr(arm64_gicd, GICD_IROUTER + 8 * i + 4, aff >> 24);
	}
	wr(arm64_gicd, GICD_CTLR, GICD_CTLR_V3_ARE | GICD_CTLR_V3_ENGRP1A);
	arm64_gicd_wait_rwp();

	/* Wake the redistributor; SGIs and PPIs in group 1, off. */
	wr(arm64_gicr, GICR_WAKER, rd(arm64_gicr, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (rd(arm64_gicr, GICR_WAKER) & GICR_WAKER_ASLEEP)
		;
	wr(arm64_gicr, GICR_SGI + GICD_ICENABLER, 0xffffffff);
	wr(arm64_gicr, GICR_SGI + GICD_IGROUPR, 0xffffffff);
	for (i = 0; i < 32; i += 4)
		wr(arm64_gicr, GICR_SGI + GICD_IPRIORITYR + i, GIC_PRIO * 0x01010101u);

	/* CPU interface through system registers. */
	ICC_WRITE(ICC_SRE_EL1, ICC_READ(ICC_SRE_EL1) | 1);
	arm64_isb();
	if (!(ICC_READ(ICC_SRE_EL1) & 1))
		core_panic("arm64: GICv3 system register interface disabled");
	ICC_WRITE(ICC_PMR_EL1, 0xf0);
	ICC_WRITE(ICC_BPR1_EL1, 0);
	ICC_WRITE(ICC_CTLR_EL1, 0);		/* EOI also deactivates */
	ICC_WRITE(ICC_IGRPEN1_EL1, 1);
	arm64_isb();
}

void arm64_gic_init(void)
{
	static const char *const v2[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic",
	};
	size_t i;
	int node;

	node = fdt_find_compatible(&boot_fdt, -1, "arm,gic-v3");
	if (node >= 0) {
		arm64_gic_v3 = true;
	} else {
		for (i = 0; i < sizeof(v2) / sizeof(v2[0]) && node < 0; i++)
			node = fdt_find_compatible(&boot_fdt, -1, v2[i]);
		if (node < 0)
			core_panic("arm64: no GICv2/GICv3 in the device tree");
	}
	if (arm64_gic_v3)
		arm64_gicv3_init(node);
	else
		arm64_gicv2_init(node);
	kprintf("arm64: GICv%d, %u interrupt lines\n", arm64_gic_v3 ? 3 : 2,
		arm64_gic_lines);
}

unsigned int arm64_gic_ack(void)
{
	if (arm64_gic_v3) {
		unsigned int intid = ICC_READ(ICC_IAR1_EL1) & 0xffffff;

		__asm__ __volatile__("dsb sy" ::: "memory");
		return intid;
	}
	return rd(arm64_gicc, GICC_IAR) & 0x3ff;
}

void arm64_gic_eoi(unsigned int intid)
{
	if (arm64_gic_v3) {
		ICC_WRITE(ICC_EOIR1_EL1, intid);
		arm64_isb();
	} else {
		wr(arm64_gicc, GICC_EOIR, intid);
	}
}

static void arm64_gic_enable(unsigned int irq, bool on)
{
	unsigned long reg = (on ? GICD_ISENABLER : GICD_ICENABLER) + (irq / 32) * 4;

	if (arm64_gicd == NULL || irq >= 1020)
		return;
	if (arm64_gic_v3 && irq < 32)
		wr(arm64_gicr, GICR_SGI + reg, 1u << (irq % 32));
	else
		wr(arm64_gicd, reg, 1u << (irq % 32));
}

void hal_irq_unmask(unsigned int irq)
{
	arm64_gic_enable(irq, true);
}

void hal_irq_mask(unsigned int irq)
{
	arm64_gic_enable(irq, false);
}

/*
 * Three cells: type (0 SPI, 1 PPI), number, flags (trigger type and, for
 * GICv2 PPIs, a CPU mask, which is ignored: there is one CPU).
 */
int hal_irq_xlate(const uint32_t *cells, int ncells)
{
	if (ncells < 2)
		return -EINVAL;
	if (cells[0] == 0 && cells[1] < 988)
		return 32 + cells[1];
	if (cells[0] == 1 && cells[1] < 16)
		return 16 + cells[1];
	return -EINVAL;
}
