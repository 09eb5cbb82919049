/*
 * time.c - kernel time: nanoseconds since boot from the HAL counter, and the
 * periodic tick (HZ) kept on the one-shot HAL timer.
 */
#include <kernel.h>
#include <sched.h>
#include <proc.h>

volatile uint64_t jiffies;
static uint64_t freq, boot_count, period, next_deadline;

uint64_t ktime_ns(void)
{
	if (!freq)
		return 0;
	uint64_t t = hal_timer_now() - boot_count;
	return t / freq * 1000000000ULL + t % freq * 1000000000ULL / freq;
}

void time_init(void)
{
	freq = hal_timer_freq();
	if (!freq)
		panic("time: the arch timer reports a frequency of 0");
	boot_count = 0;
	period = freq / HZ;
	if (period == 0)
		period = 1;
}

/* Arm the first tick; interrupts disabled. */
void time_start_tick(void)
{
	next_deadline = hal_timer_now() + period;
	hal_timer_set_deadline(next_deadline);
}

void core_timer_tick(void)
{
	uint64_t now = hal_timer_now();

	/* Count every period that has passed; never re-arm in the past. */
	do {
		jiffies++;
		next_deadline += period;
	} while (next_deadline <= now);
	hal_timer_set_deadline(next_deadline);
	itimer_tick();
	sched_tick();
}
