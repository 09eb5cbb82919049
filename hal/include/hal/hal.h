/*
 * hal/hal.h - the whole HAL contract.
 *
 * Socle's core (core/, drivers/) talks to the hardware only through the
 * functions declared under hal/include/hal/.  Each architecture implements
 * them under arch/<arch>/; the arch may define the small, hot ones inline in
 * its own <arch/hal_arch.h>, which every contract header includes first.
 *
 * Direction of calls:
 *   core -> arch : the hal_* functions declared in these headers.
 *   arch -> core : the handful of core_* entry points in <hal/core.h>.
 * Nothing else crosses the line: core never calls an <arch>_* function and
 * never tests which architecture it is built for.
 */
#ifndef HAL_HAL_H
#define HAL_HAL_H

#include <hal/types.h>
#include <arch/hal_arch.h>
#include <hal/barrier.h>
#include <hal/boot.h>
#include <hal/cache.h>
#include <hal/console.h>
#include <hal/context.h>
#include <hal/core.h>
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/mmu.h>
#include <hal/power.h>
#include <hal/timer.h>
#include <hal/trap.h>
#include <hal/uaccess.h>
#include <hal/user.h>

#endif
