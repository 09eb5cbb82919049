/*
 * timer.c - TOD clock and clock comparator.
 *
 * The TOD clock counts 2^-12 microseconds per unit (bit 51 ticks once a
 * microsecond), so hal_timer_now() is the TOD value itself at 4.096 GHz.
 * The clock comparator raises external interruption 0x1004 while the TOD
 * clock is above it and the CR0 clock-comparator subclass is on; after it
 * fires the comparator is set to the maximum so it stays quiet.
 */
#include <hal/hal.h>
#include "s390x.h"

#define TOD_FREQ	4096000000UL

/* TOD value at boot: hal_timer_now() counts from there, not from 1900. */
static uint64_t tod_base;

static uint64_t tod(void)
{
	uint64_t v;

	__asm__ __volatile__("stckf %0" : "=Q"(v) : : "cc");
	return v;
}

void s390x_timer_early_init(void)
{
	tod_base = tod();
}

uint64_t hal_timer_now(void)
{
	return tod() - tod_base;
}

uint64_t hal_timer_freq(void)
{
	return TOD_FREQ;
}

static void set_comparator(uint64_t v)
{
	__asm__ __volatile__("sckc %0" : : "Q"(v));
}

void hal_timer_set_deadline(uint64_t deadline)
{
	/* A deadline beyond the TOD range (UINT64_MAX: "never") saturates
	 * instead of wrapping to an early interrupt. */
	if (deadline > ~0UL - tod_base)
		set_comparator(~0UL);
	else
		set_comparator(deadline + tod_base);
}

void s390x_timer_disarm(void)
{
	set_comparator(~0UL);
}

void s390x_timer_init(void)
{
	s390x_timer_disarm();
	s390x_set_cr(0, s390x_get_cr(0) | CR0_CLOCK_COMP);
}
