/*
 * hal/power.h - power off and reset.
 */
#ifndef HAL_POWER_H
#define HAL_POWER_H

/*
 * hal_poweroff - turn the machine off.  status is the result to report to
 * the host when the machine can: QEMU's exit status where the port has a
 * way (isa-debug-exit, semihosting, SBI SRST reason), otherwise only 0 vs
 * non-zero or nothing.  Core prints "socle: poweroff status=N" before calling
 * it, so the harness never depends on the exit status.  Any context;
 * interrupts disabled.  Never returns (halts if power-off fails).
 */
void hal_poweroff(int status) __noreturn;

/* hal_reboot - reset the machine.  Never returns. */
void hal_reboot(void) __noreturn;

#endif
