/*
 * timer.c - the timebase as the clock, the decrementer as the one-shot.
 *
 * The timebase counts at the "timebase-frequency" of the cpu node
 * (512 MHz on pseries).  The decrementer counts down with it and
 * interrupts (vector 0x900) while its top bit is set; it is at least 32
 * bits wide, so a far deadline is reached in steps of at most 2^31 - 1
 * ticks (about 4 s) and core only hears of the one that is due.
 */
#include <arch/ppc64le.h>
#include <kernel.h>

#define DEC_MAX		0x7fffffffUL

static uint64_t deadline_tb;
static bool deadline_armed;

uint64_t hal_timer_now(void)
{
	return ppc64le_mftb();
}

uint64_t hal_timer_freq(void)
{
	return ppc64le_plat.tb_freq ? ppc64le_plat.tb_freq : 512000000;
}

static void program_dec(void)
{
	uint64_t now = ppc64le_mftb();
	uint64_t delta = DEC_MAX;

	if (deadline_armed)
		delta = deadline_tb > now ? deadline_tb - now : 1;
	if (delta > DEC_MAX)
		delta = DEC_MAX;
	ppc64le_mtspr(PPC64LE_SPR_DEC, delta);
}

void hal_timer_set_deadline(uint64_t deadline)
{
	deadline_tb = deadline;
	deadline_armed = true;
	program_dec();
}

/* Vector 0x900, interrupts disabled. */
void ppc64le_timer_interrupt(void)
{
	if (deadline_armed && ppc64le_mftb() >= deadline_tb) {
		deadline_armed = false;
		ppc64le_mtspr(PPC64LE_SPR_DEC, DEC_MAX);
		core_timer_tick();
		return;
	}
	program_dec();
}

void ppc64le_timer_init(void)
{
	if (!ppc64le_plat.tb_freq)
		kprintf(KERN_WARNING "ppc64le: no timebase-frequency in the device tree, assuming 512 MHz\n");
	deadline_armed = false;
	ppc64le_mtspr(PPC64LE_SPR_DEC, DEC_MAX);
}
