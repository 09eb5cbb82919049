/*
 * hal/console.h - the early/boot console.
 *
 * Until a tty layer exists this is the kernel's console: COM1 on x86_64,
 * the PL011 of /chosen/stdout-path on arm64, the ns16550 of stdout-path (or
 * SBI) on riscv64, the PAPR hvterm (H_PUT_TERM_CHAR) on pseries and the SCLP
 * VT220 console on s390x.
 */
#ifndef HAL_CONSOLE_H
#define HAL_CONSOLE_H

/*
 * hal_early_putc - write one byte, polling; '\n' is written as is (core adds
 * '\r').  Any context, including with interrupts off and from a panic; must
 * work from the first instruction of core_main() and after
 * hal_init_post_mm(); core prints nothing between hal_as_activate() of the
 * kernel address space and hal_init_post_mm().  Core serialises callers.
 */
void hal_early_putc(char c);

/*
 * hal_early_getc - read one byte if one is waiting, without blocking.
 * Returns the byte (0..255) or -1.  Any context.
 */
int hal_early_getc(void);

#endif
