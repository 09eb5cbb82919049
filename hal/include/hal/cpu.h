/*
 * hal/cpu.h - CPU state: interrupt enable, idle, identification.
 *
 * The arch defines these static inline in <arch/hal_arch.h>:
 *
 *   unsigned long hal_irq_save(void);
 *       Disable interrupts on this CPU and return the previous state,
 *       to be given back to hal_irq_restore().  Any context.
 *   void hal_irq_restore(unsigned long flags);
 *       Restore the state hal_irq_save() returned.  Any context.
 *   void hal_irq_enable(void);  void hal_irq_disable(void);
 *   bool hal_irq_enabled(void);
 *   void hal_cpu_relax(void);
 *       Spin-wait hint (pause, yield, or nothing).
 *   unsigned int hal_cpu_id(void);
 *       Index of the running CPU, 0 for the boot CPU.
 */
#ifndef HAL_CPU_H
#define HAL_CPU_H

#include <hal/types.h>

/*
 * hal_cpu_idle - atomically enable interrupts and wait for one (hlt, wfi,
 * enabled-wait PSW...).  Returns after an interrupt has been taken, with
 * interrupts disabled again.  Called with interrupts disabled, by the idle
 * thread only.  No lost wake-up: an interrupt pending at the call makes it
 * return at once.
 */
void hal_cpu_idle(void);

/*
 * hal_cpu_halt - stop this CPU for good with interrupts disabled.  Used by
 * panic after hal_poweroff() failed.  Never returns.
 */
void hal_cpu_halt(void) __noreturn;

#endif
