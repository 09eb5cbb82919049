/*
 * hal/timer.h - one monotonic clock and one one-shot timer interrupt per CPU.
 * (TSC or HPET + LAPIC timer, generic timer, time CSR + SBI set_timer,
 * timebase + decrementer, TOD clock + clock comparator.)
 */
#ifndef HAL_TIMER_H
#define HAL_TIMER_H

#include <hal/types.h>

/* Monotonic counter since some point at or before boot.  Any context,
 * including before hal_init_post_mm() (the arch may return 0 until then). */
uint64_t hal_timer_now(void);

/* Counter frequency in Hz, known after hal_init_post_mm(). */
uint64_t hal_timer_freq(void);

/*
 * hal_timer_set_deadline - arm the timer to interrupt once when
 * hal_timer_now() >= deadline (at once if already past); replaces any
 * earlier deadline.  On expiry the arch calls core_timer_tick() in interrupt
 * context.  Interrupts disabled.
 */
void hal_timer_set_deadline(uint64_t deadline);

#endif
