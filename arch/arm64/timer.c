/*
 * arch/arm64/timer.c - the ARM generic timer, EL1 virtual timer (CNTV).
 *
 * The virtual timer is usable at EL1 whatever the kernel was entered at
 * (head.S zeroes CNTVOFF_EL2 when it comes from EL2, so the virtual count
 * equals the physical one); its interrupt is the third entry of the DT
 * /timer node's "interrupts" (PPI 11, INTID 27, on every board).
 */
#include <hal/hal.h>
#include <arch/arm64.h>
#include <fdt.h>

#define CNTV_CTL_ENABLE	(1u << 0)

#define ARM64_TIMER_VIRT_INDEX	2	/* secure phys, phys, virt, hyp */
#define ARM64_TIMER_VIRT_PPI	11

unsigned int arm64_timer_irq = ~0u;
static uint64_t arm64_timer_hz;

uint64_t hal_timer_now(void)
{
	arm64_isb();
	return arm64_read_sysreg(cntvct_el0);
}

uint64_t hal_timer_freq(void)
{
	if (arm64_timer_hz != 0)
		return arm64_timer_hz;
	return arm64_read_sysreg(cntfrq_el0);
}

/*
 * The timer condition is CNTVCT >= CVAL, so a deadline already past fires
 * at once.  The interrupt is level triggered: arm64_timer_ack() turns the
 * timer off before the EOI and the next deadline turns it on again.
 */
void hal_timer_set_deadline(uint64_t deadline)
{
	arm64_write_sysreg(cntv_cval_el0, deadline);
	arm64_write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	arm64_isb();
}

void arm64_timer_ack(void)
{
	arm64_write_sysreg(cntv_ctl_el0, 0);
	arm64_isb();
}

/* The virtual timer INTID from the DT, or the architected PPI 11. */
static int arm64_timer_dt_irq(int node)
{
	const uint8_t *prop;
	uint32_t cells[4];
	int len, ncells, i;

	prop = fdt_getprop(&boot_fdt, node, "interrupts", &len);
	if (prop == NULL || len <= 0 || len % 16 != 0)
		return -1;
	ncells = len / 4 / 4;		/* four timers, same cell count */
	if (ncells > 4)
		return -1;
	for (i = 0; i < ncells; i++)
		cells[i] = fdt_be32(prop + 4 * (ARM64_TIMER_VIRT_INDEX * ncells + i));
	return hal_irq_xlate(cells, ncells);
}

void arm64_timer_init(void)
{
	uint32_t hz32;
	int node, irq = -1;

	arm64_write_sysreg(cntv_ctl_el0, 0);
	/* EL0 may read the virtual counter (for a later vDSO), nothing else. */
	arm64_write_sysreg(cntkctl_el1, 1u << 1);
	node = fdt_find_compatible(&boot_fdt, -1, "arm,armv8-timer");
	if (node < 0)
		node = fdt_find_compatible(&boot_fdt, -1, "arm,armv7-timer");
	if (node >= 0)
		irq = arm64_timer_dt_irq(node);
	if (irq < 0)
		irq = 16 + ARM64_TIMER_VIRT_PPI;
	arm64_timer_hz = arm64_read_sysreg(cntfrq_el0);
	if (arm64_timer_hz == 0 && node >= 0 &&
	    fdt_prop_u32(&boot_fdt, node, "clock-frequency", &hz32))
		arm64_timer_hz = hz32;
	if (arm64_timer_hz == 0)
		core_panic("arm64: generic timer frequency unknown");
	arm64_timer_irq = irq;
	hal_irq_unmask(irq);
	kprintf("arm64: generic timer (virtual), %lu Hz, INTID %d\n",
		(unsigned long)arm64_timer_hz, irq);
}
