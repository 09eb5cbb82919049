/*
 * timer.c - the TSC as the monotonic clock, the LAPIC timer in one-shot
 * mode for deadlines.
 *
 * Under TCG the TSC ticks at the host's rate, not at what CPUID claims, and
 * the LAPIC timer at QEMU's 1 GHz bus clock, so both are measured against
 * the 8254 PIT (1.193182 MHz), whose channel 0 is read back with latch
 * commands; no gate or speaker port is needed, so this works on microvm.
 */
#include <hal/hal.h>
#include "x86_64.h"

#define PIT_HZ		1193182u
#define PIT_CH0		0x40
#define PIT_CMD		0x43
#define CALIBRATE_MS	8	/* per window */
#define CALIBRATE_WINDOWS 4

#define LAPIC_ONESHOT_MASKED	(1u << 16)
#define LAPIC_DIV_1		0x0b

static uint64_t x86_64_tsc_base;
static uint64_t x86_64_tsc_hz;
static uint64_t x86_64_lapic_hz;
/* LAPIC ticks per TSC tick, as a 32.32 fixed-point number. */
static uint64_t x86_64_lapic_per_tsc;

/* Called from x86_64_boot(): time starts here. */
void x86_64_timer_early_init(void)
{
	x86_64_tsc_base = x86_64_rdtsc();
}

uint64_t hal_timer_now(void)
{
	return x86_64_rdtsc() - x86_64_tsc_base;
}

uint64_t hal_timer_freq(void)
{
	return x86_64_tsc_hz;
}

static uint16_t x86_64_pit_read(void)
{
	uint8_t lo, hi;

	x86_64_outb(PIT_CMD, 0x00);	/* latch channel 0 */
	lo = x86_64_inb(PIT_CH0);
	hi = x86_64_inb(PIT_CH0);
	return (uint16_t)(lo | (hi << 8));
}

/*
 * Read the TSC, the PIT and the LAPIC counter as nearly at once as
 * possible: the host may deschedule QEMU's vCPU thread between two reads,
 * so take the tightest of a few tries, bracketed by TSC reads.
 */
static void x86_64_sample(uint64_t *tsc, uint16_t *pit, uint32_t *lapic)
{
	uint64_t best = ~0ULL, a, b;
	uint32_t l;
	uint16_t p;
	int i;

	for (i = 0; i < 8; i++) {
		a = x86_64_rdtsc();
		p = x86_64_pit_read();
		l = x86_64_lapic_read(X86_64_LAPIC_TIMER_CUR);
		b = x86_64_rdtsc();
		if (b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			*pit = p;
			*lapic = l;
		}
	}
}

/*
 * Count TSC and LAPIC ticks over one window of CALIBRATE_MS of PIT time.
 * Returns false if the PIT does not count (machine without one).
 *
 * The PIT counter wraps every 55 ms: if the host deschedules QEMU's vCPU
 * thread for longer than that between two reads, whole wraps go uncounted
 * and the window looks shorter than it was, so its TSC and LAPIC rates
 * come out too high (seen with a loaded host: "TSC 13.9 GHz").  The rates
 * can only be inflated that way, never deflated, so the caller keeps the
 * window with the lowest TSC rate.
 */
static bool x86_64_calibrate_window(uint64_t *tsc_hz, uint64_t *lapic_hz)
{
	const uint32_t target = PIT_HZ / 1000 * CALIBRATE_MS;
	uint64_t tsc0, tsc1, spins = 0;
	uint32_t elapsed = 0, lapic0, lapic1;
	uint16_t pit0, pit1, prev, cur;

	x86_64_lapic_write(X86_64_LAPIC_TIMER_INIT, 0xffffffff);
	x86_64_sample(&tsc0, &pit0, &lapic0);
	prev = pit0;
	while (elapsed < target) {
		cur = x86_64_pit_read();
		elapsed += (uint16_t)(prev - cur);
		prev = cur;
		if (++spins > 10000000 && elapsed == 0)
			return false;
	}
	x86_64_sample(&tsc1, &pit1, &lapic1);
	elapsed += (uint16_t)(prev - pit1);
	*tsc_hz = (tsc1 - tsc0) * PIT_HZ / elapsed;
	*lapic_hz = (uint64_t)(lapic0 - lapic1) * PIT_HZ / elapsed;
	return true;
}

static bool x86_64_calibrate(void)
{
	uint64_t tsc_hz, lapic_hz;
	int i;

	/* Channel 0, lobyte/hibyte, mode 2 (rate generator), reload 65536. */
	x86_64_outb(PIT_CMD, 0x34);
	x86_64_outb(PIT_CH0, 0);
	x86_64_outb(PIT_CH0, 0);

	x86_64_lapic_write(X86_64_LAPIC_TIMER_DIV, LAPIC_DIV_1);
	x86_64_lapic_write(X86_64_LAPIC_LVT_TIMER, LAPIC_ONESHOT_MASKED | X86_64_VEC_TIMER);

	x86_64_tsc_hz = ~0ULL;
	for (i = 0; i < CALIBRATE_WINDOWS; i++) {
		if (!x86_64_calibrate_window(&tsc_hz, &lapic_hz))
			return false;
		if (tsc_hz < x86_64_tsc_hz) {
			x86_64_tsc_hz = tsc_hz;
			x86_64_lapic_hz = lapic_hz;
		}
	}
	x86_64_lapic_write(X86_64_LAPIC_TIMER_INIT, 0);
	return true;
}

void x86_64_timer_init(void)
{
	if (!x86_64_calibrate())
		core_panic("x86_64: the PIT does not count; cannot calibrate the TSC");
	if (x86_64_tsc_hz == 0 || x86_64_lapic_hz == 0 || x86_64_lapic_hz >= (1ULL << 32))
		core_panic("x86_64: bad timer calibration: TSC %lu Hz, LAPIC %lu Hz",
			   (unsigned long)x86_64_tsc_hz, (unsigned long)x86_64_lapic_hz);
	x86_64_lapic_per_tsc = (x86_64_lapic_hz << 32) / x86_64_tsc_hz;
	kprintf("x86_64: TSC %lu.%03lu MHz, LAPIC timer %lu.%03lu MHz (PIT-calibrated)\n",
		(unsigned long)(x86_64_tsc_hz / 1000000),
		(unsigned long)(x86_64_tsc_hz / 1000 % 1000),
		(unsigned long)(x86_64_lapic_hz / 1000000),
		(unsigned long)(x86_64_lapic_hz / 1000 % 1000));
}

/*
 * The LAPIC counter is 32 bits wide: at QEMU's 1 GHz a deadline more than
 * about 4.29 s away fires early, at the longest delay possible.
 */
void hal_timer_set_deadline(uint64_t deadline)
{
	uint64_t now = hal_timer_now(), count = 1;

	if (deadline > now) {
		uint64_t delta = deadline - now;

		if (delta > x86_64_tsc_hz * 8)
			delta = x86_64_tsc_hz * 8;
		count = (uint64_t)(((unsigned __int128)delta * x86_64_lapic_per_tsc) >> 32) + 1;
		if (count > 0xffffffff)
			count = 0xffffffff;
	}
	x86_64_lapic_write(X86_64_LAPIC_LVT_TIMER, X86_64_VEC_TIMER);
	x86_64_lapic_write(X86_64_LAPIC_TIMER_INIT, (uint32_t)count);
}
