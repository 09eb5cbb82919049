/*
 * head.S - the first page of the s390x kernel image.
 *
 * QEMU loads socle.elf and starts it at its ELF entry point in 64-bit
 * addressing mode (PSW mask EA|BA), supervisor state, DAT off, every
 * interrupt masked, prefix register 0.  Because the entry point is
 * 0x10000 (KERN_IMAGE_START in QEMU's hw/s390x/ipl.c), QEMU also treats the
 * image as a Linux kernel for its parameters: it copies the -append string
 * into the image at 0x10480 (KERN_PARM_AREA), refuses one longer than the
 * size stored at 0x10430, and stores the -initrd location at 0x10408.
 * This page provides that Linux-compatible parameter area.
 */
#include <arch/hal_arch.h>

#define S390X_CMDLINE_SIZE	2048

	.section .head.text, "ax"
	.globl	_start
_start:
	jg	s390x_start

	/* Parameter area, at 0x10400 (layout of Linux's PARMAREA). */
	.org	0x400
	.globl	s390x_parm_area
s390x_parm_area:
	.quad	0			/* 0x10400: IPL device */
	.quad	0			/* 0x10408: initrd start (QEMU writes it) */
	.quad	0			/* 0x10410: initrd size (QEMU writes it) */
	.quad	0			/* 0x10418: old memory base */
	.quad	0			/* 0x10420: old memory size */
	.quad	0			/* 0x10428: reserved */
	.quad	S390X_CMDLINE_SIZE	/* 0x10430: command-line buffer size */

	.org	0x480
	.globl	s390x_cmdline
s390x_cmdline:				/* 0x10480: QEMU copies -append here */
	.fill	S390X_CMDLINE_SIZE, 1, 0

	.text
/*
 * s390x_start - clear .bss, take the boot stack and enter C.
 * r0-r15 are undefined here; nothing but the PSW is relied upon.
 */
	.globl	s390x_start
s390x_start:
	larl	%r1, __bss_start
	larl	%r2, __bss_end
1:	clgr	%r1, %r2
	jhe	2f
	xc	0(256, %r1), 0(%r1)	/* .bss is page aligned and sized */
	la	%r1, 256(%r1)
	j	1b
	/* Switch to the home address space (it takes effect with DAT;
	 * SAC cannot do it while DAT is off). */
2:	larl	%r1, .Lhome_psw
	lpswe	0(%r1)
.Lhome:
	larl	%r15, s390x_boot_stack_top
	aghi	%r15, -160
	xc	0(8, %r15), 0(%r15)	/* end of the back chain */
	brasl	%r14, s390x_boot
	/* s390x_boot never returns. */
	j	s390x_halt_loop

	.globl	s390x_halt_loop
s390x_halt_loop:
	j	s390x_halt_loop

	.balign	8
.Lhome_psw:
	.quad	0x0000c00180000000	/* EA, BA, home space */
	.quad	.Lhome

	.bss
	.balign	4096
	.globl	s390x_boot_stack
s390x_boot_stack:
	.skip	16384
	.globl	s390x_boot_stack_top
s390x_boot_stack_top:
