/*
 * timer.c - the time CSR as clock, one-shot events through SBI set_timer,
 * or through the Sstc stimecmp CSR when the hart has it.
 *
 * The counter runs at the /cpus "timebase-frequency" of the device tree.
 */
#include <arch/riscv64.h>
#include <fdt.h>

#define RISCV64_NO_DEADLINE	(~(uint64_t)0)

static uint64_t riscv64_timebase;
static bool riscv64_use_sstc;

uint64_t hal_timer_now(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

uint64_t hal_timer_freq(void)
{
	return riscv64_timebase;
}

static void riscv64_timer_program(uint64_t when)
{
	if (riscv64_use_sstc)
		__asm__ __volatile__("csrw 0x14d, %0" : : "r"(when) : "memory");
	else
		riscv64_sbi_set_timer(when);
}

void hal_timer_set_deadline(uint64_t deadline)
{
	riscv64_timer_program(deadline);
}

/*
 * riscv64_timer_interrupt - the supervisor timer interrupt fired: push the
 * comparator to infinity (this is what clears the pending bit) and tell the
 * caller to run core_timer_tick().
 */
bool riscv64_timer_interrupt(void)
{
	riscv64_timer_program(RISCV64_NO_DEADLINE);
	return true;
}

/* Read timebase-frequency from /cpus, or from the first cpu node. */
static bool riscv64_timebase_from_dt(uint32_t *hz)
{
	const struct fdt *f = &boot_fdt;
	int cpus, cpu;

	cpus = fdt_path(f, "/cpus");
	if (cpus < 0)
		return false;
	if (fdt_prop_u32(f, cpus, "timebase-frequency", hz))
		return true;
	for (cpu = fdt_first_child(f, cpus); cpu >= 0;
	     cpu = fdt_next_sibling(f, cpu))
		if (fdt_prop_u32(f, cpu, "timebase-frequency", hz))
			return true;
	return false;
}

void riscv64_timer_init(void)
{
	uint32_t hz;

	if (!riscv64_timebase_from_dt(&hz) || hz == 0)
		core_panic("riscv64: no timebase-frequency in /cpus");
	riscv64_timebase = hz;
	/*
	 * Sstc lets S-mode program its comparator without an SBI call, but
	 * only when M-mode enabled it (menvcfg.STCE); the probe traps to its
	 * fixup otherwise.
	 */
	riscv64_use_sstc = riscv64_isa_has("sstc") &&
			   riscv64_stimecmp_probe() == 0;
	riscv64_timer_program(RISCV64_NO_DEADLINE);
	riscv64_csr_set(sie, RISCV64_IE_STIE);
	kprintf("riscv64: timer %u Hz, events via %s\n", hz,
		riscv64_use_sstc ? "Sstc stimecmp" : "SBI set_timer");
}
