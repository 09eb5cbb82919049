/*
 * entry.S - first instructions of the riscv64 kernel.
 *
 * Entered in S-mode by OpenSBI (fw_dynamic, QEMU -kernel) or by U-Boot's
 * booti with a0 = hart id, a1 = physical address of the device tree, the MMU
 * off and interrupts disabled.  The image starts with the 64-byte RISC-V
 * Linux image header so that boot loaders can place it; it runs position
 * independent (pc-relative addressing only) until the early page table
 * below maps the link address onto wherever it was loaded.
 */
#include <arch/hal_arch.h>

#define PTE_V	0x01
#define PTE_R	0x02
#define PTE_W	0x04
#define PTE_X	0x08
#define PTE_G	0x20
#define PTE_A	0x40
#define PTE_D	0x80

/* Gigabytes of physical address space in the early direct map. */
#define BOOT_DIRECT_GIB		(RISCV64_DIRECT_MAP_SIZE >> 30)

	.section .text.head, "ax"
	.globl	_start
_start:
	/* RISC-V Linux image header (Documentation/arch/riscv/boot-image-header). */
	.option	push
	.option	norvc
	j	riscv64_entry			/* code0 */
	nop					/* code1 */
	.option	pop
	.dword	0x200000			/* text_offset */
	.dword	__riscv64_image_size		/* image_size, bss included */
	.dword	0				/* flags: little endian */
	.word	0x00000002			/* header version 0.2 */
	.word	0				/* res1 */
	.dword	0				/* res2 */
	.ascii	"RISCV\0\0\0"			/* magic (deprecated) */
	.ascii	"RSC\x05"			/* magic2 */
	.word	0				/* res3: no PE/COFF header */

riscv64_entry:
	csrw	sie, zero
	csrci	sstatus, RISCV64_SSTATUS_SIE
	csrw	sscratch, zero			/* zero sscratch: trap came from the kernel */
	mv	s0, a0				/* hart id */
	mv	s1, a1				/* device tree physical address */
	lla	s2, _start			/* physical load address of the image */

	/* The 2 MiB superpages of the early map need an aligned image. */
	li	t0, 0x1fffff
	and	t0, t0, s2
	bnez	t0, .Lmisaligned

	/* Clear .bss; the early page tables and the boot stack live there. */
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	lla	s3, riscv64_boot_pt_root
	lla	s4, riscv64_boot_pt_kernel

	/* Identity map the gigabyte holding the image, for the jump below. */
	srli	t0, s2, 30
	slli	t1, t0, 28			/* (gigabyte << 30) >> 12 << 10 */
	ori	t1, t1, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
	slli	t2, t0, 3
	add	t2, t2, s3
	sd	t1, 0(t2)

	/* Direct map: root[256 + i] maps physical gigabyte i (RAM and MMIO). */
	li	t0, 0
	li	t3, BOOT_DIRECT_GIB
	li	t4, 256 * 8
	add	t4, t4, s3
3:	slli	t1, t0, 28
	ori	t1, t1, PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D
	sd	t1, 0(t4)
	addi	t4, t4, 8
	addi	t0, t0, 1
	bltu	t0, t3, 3b

	/* Kernel image: root[510] -> boot_pt_kernel, 2 MiB pages from s2
	 * covering the whole footprint (at most 1 GiB). */
	srli	t1, s4, 12
	slli	t1, t1, 10
	ori	t1, t1, PTE_V
	li	t2, 510 * 8
	add	t2, t2, s3
	sd	t1, 0(t2)
	li	t0, 0
	lui	t3, %hi(__riscv64_image_size)	/* absolute symbol: the footprint */
	addi	t3, t3, %lo(__riscv64_image_size)
	li	t1, 0x1fffff
	add	t3, t3, t1
	srli	t3, t3, 21			/* in 2 MiB pages, rounded up */
	mv	t4, s4
	srli	t5, s2, 2			/* pa >> 12 << 10 */
	li	t6, 0x80000			/* 2 MiB >> 2 */
4:	ori	t1, t5, PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D
	sd	t1, 0(t4)
	add	t5, t5, t6
	addi	t4, t4, 8
	addi	t0, t0, 1
	bltu	t0, t3, 4b

	/* Turn on Sv39 and continue at the link address. */
	srli	t0, s3, 12
	li	t1, 8
	slli	t1, t1, 60
	or	t0, t0, t1
	sfence.vma
	csrw	satp, t0
	sfence.vma
	lla	t0, .Lhigh_va
	ld	t0, 0(t0)
	jr	t0

.Lmisaligned:
	/* No console yet: say why through the SBI legacy console and stop. */
	lla	s3, .Lmisaligned_msg
5:	lbu	a0, 0(s3)
	beqz	a0, 6f
	li	a7, 1				/* SBI console_putchar */
	ecall
	addi	s3, s3, 1
	j	5b
6:	/* Power off: SBI SRST shutdown, system failure; else legacy shutdown. */
	li	a7, 0x53525354
	li	a6, 0
	li	a0, 0
	li	a1, 1
	ecall
	li	a7, 8
	ecall
7:	wfi
	j	7b

	.balign	8
.Lhigh_va:
	.dword	riscv64_entry_high

	.section .rodata
.Lmisaligned_msg:
	.asciz	"socle: riscv64 kernel must be loaded at a 2 MiB aligned address\n"

	.text
riscv64_entry_high:
	lla	sp, riscv64_boot_stack_top
	lla	t0, riscv64_trap_entry
	csrw	stvec, t0
	lla	t0, riscv64_kernel_pa
	sd	s2, 0(t0)
	mv	a0, s0
	mv	a1, s1
	call	riscv64_boot
8:	wfi
	j	8b

	.section .bss
	.balign	4096
	.globl	riscv64_boot_pt_root
riscv64_boot_pt_root:
	.space	4096
riscv64_boot_pt_kernel:
	.space	4096
riscv64_boot_stack:
	.space	16384
riscv64_boot_stack_top:
