/*
 * arch/arm64/head.S - kernel entry.
 *
 * The image starts with the arm64 Linux "Image" header, so that QEMU's
 * -kernel and U-Boot's booti load it as they load Linux: at a 2 MiB aligned
 * address plus text_offset (0 here), anywhere in RAM (flags bit 3), with the
 * MMU and D-cache off, x0 = physical address of the device tree blob, at
 * EL2 or EL1.
 *
 * The entry code drops from EL2 to EL1 when needed, clears .bss, builds the
 * boot translation tables in .bss, turns the MMU on and jumps to the link
 * address in the high half:
 *   TTBR0: identity map of the 1 GiB around the image (only used for the
 *          few instructions that turn the MMU on; core's tables drop it);
 *   TTBR1: 0xffff000000000000 + pa for pa < 64 GiB (1 GiB blocks; the
 *          first GiB, where the virt board's devices live, as Device-nGnRE)
 *          and the kernel image at 0xffff800000000000 with 4 KiB pages, so
 *          that any 4 KiB aligned load address works.
 */
#include <arch/arm64.h>

/* Block descriptors (level 1, 1 GiB) and page descriptors (level 3). */
#define BLOCK_NORMAL_X	(ARM64_PTE_VALID | ARM64_PTE_ATTR(ARM64_MT_NORMAL) | \
			 ARM64_PTE_SH_INNER | ARM64_PTE_AF)
#define BLOCK_NORMAL	(BLOCK_NORMAL_X | ARM64_PTE_PXN | ARM64_PTE_UXN)
#define BLOCK_DEVICE	(ARM64_PTE_VALID | ARM64_PTE_ATTR(ARM64_MT_DEVICE) | \
			 ARM64_PTE_AF | ARM64_PTE_PXN | ARM64_PTE_UXN)
#define PAGE_KERNEL	(BLOCK_NORMAL_X | ARM64_PTE_PAGE | ARM64_PTE_UXN)
#define TABLE		(ARM64_PTE_VALID | ARM64_PTE_TABLE)

/*
 * TCR_EL1: T0SZ = T1SZ = 16 (48-bit spaces), 4 KiB granules, walks
 * inner/outer write-back cacheable and inner shareable, top byte ignored
 * for user (TTBR0) addresses as Linux's ABI promises (TBI0).  IPS and AS
 * are filled in from ID_AA64MMFR0_EL1 at run time.
 */
#define TCR_VALUE	((16 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | (0 << 14) | \
			 (16 << 16) | (1 << 24) | (1 << 26) | (3 << 28) | (2 << 30) | \
			 (1 << 37))

/* ICC_SRE_EL2, by encoding (GICv3 system register interface). */
#define ICC_SRE_EL2	S3_4_C12_C9_5

	.macro	adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
	.endm

	.section .head.text, "ax"
	.globl	_head
_head:
	b	arm64_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	__image_size		/* image_size, .bss included */
	.quad	0xa			/* flags: LE, 4 KiB pages, anywhere */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 (no PE header) */

arm64_entry:
	mov	x19, x0			/* x19: DTB physical address */
	msr	daifset, #0xf
	mrs	x0, CurrentEL
	ubfx	x21, x0, #2, #2		/* x21: exception level at entry */
	cmp	x21, #2
	b.eq	el2_setup
	b.hi	arm64_boot_hang		/* EL3 entry is not supported */
	b	el1_entry

/*
 * Entered at EL2 (QEMU -M virt,virtualization=on): make EL1 AArch64 with
 * direct access to the physical counter and timer, no FP/SIMD traps, the
 * GICv3 system registers usable from EL1, the real MIDR/MPIDR visible, and
 * return to el1_entry at EL1h with all exceptions masked.
 */
el2_setup:
	mov	x0, #(1 << 31)		/* HCR_EL2.RW */
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #3		/* EL1PCTEN | EL1PCEN */
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	mov	x0, #0x33ff		/* CPTR_EL2: RES1 bits, no traps */
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4		/* GIC system registers? */
	cbz	x0, 1f
	mrs	x0, ICC_SRE_EL2
	mov	x1, #0x9		/* SRE | Enable (EL1 may use SRE) */
	orr	x0, x0, x1
	msr	ICC_SRE_EL2, x0
	isb
1:	ldr	x0, =ARM64_SCTLR_EL1_RES1
	msr	sctlr_el1, x0
	mov	x0, #0x3c5		/* EL1h, D, A, I, F masked */
	msr	spsr_el2, x0
	adr	x0, el1_entry
	msr	elr_el2, x0
	eret

el1_entry:
	ldr	x0, =ARM64_SCTLR_EL1_RES1	/* MMU and caches off */
	msr	sctlr_el1, x0
	isb
	/*
	 * FP/SIMD untrapped at EL0 and EL1 (CPACR_EL1.FPEN = 3): user code
	 * uses it and entry.S saves it; the kernel's C code never does.  SVE
	 * and SME stay trapped (ZEN = SMEN = 0) and are not advertised.
	 */
	mov	x0, #(3 << 20)
	msr	cpacr_el1, x0
	/* No kernel value may leak through the EL0-readable thread registers. */
	msr	tpidr_el0, xzr
	msr	tpidrro_el0, xzr

	adr	x20, _head		/* x20: physical load address */
	tst	x20, #0xfff
	b.ne	arm64_boot_hang

	/* Clear .bss (page aligned at both ends), boot tables included. */
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
1:	stp	xzr, xzr, [x0], #16
	cmp	x0, x1
	b.lo	1b

	/* TTBR0: identity map of the 1 GiB that holds this code. */
	adr_l	x0, arm64_boot_idmap_l0
	adr_l	x1, arm64_boot_idmap_l1
	ubfx	x2, x20, #39, #9
	orr	x3, x1, #TABLE
	str	x3, [x0, x2, lsl #3]
	ubfx	x2, x20, #30, #9
	lsr	x3, x20, #30
	lsl	x3, x3, #30
	ldr	x4, =BLOCK_NORMAL_X
	orr	x3, x3, x4
	str	x3, [x1, x2, lsl #3]

	/* TTBR1 level 0: [0] direct map, [256] kernel image. */
	adr_l	x0, arm64_boot_kern_l0
	adr_l	x1, arm64_boot_dmap_l1
	orr	x3, x1, #TABLE
	str	x3, [x0]
	adr_l	x2, arm64_boot_kimg_l1
	orr	x3, x2, #TABLE
	str	x3, [x0, #(256 * 8)]

	/* Direct map: 1 GiB blocks, devices in the first one. */
	ldr	x3, =BLOCK_DEVICE
	str	x3, [x1]
	ldr	x3, =BLOCK_NORMAL
	mov	x2, #1
2:	orr	x4, x3, x2, lsl #30
	str	x4, [x1, x2, lsl #3]
	add	x2, x2, #1
	cmp	x2, #64
	b.lo	2b

	/* Kernel image: level 1 -> level 2 -> ARM64_BOOT_KIMG_L3 tables. */
	adr_l	x1, arm64_boot_kimg_l1
	adr_l	x2, arm64_boot_kimg_l2
	orr	x3, x2, #TABLE
	str	x3, [x1]
	adr_l	x3, arm64_boot_kimg_l3
	mov	x4, #0
3:	add	x5, x3, x4, lsl #12
	orr	x5, x5, #TABLE
	str	x5, [x2, x4, lsl #3]
	add	x4, x4, #1
	cmp	x4, #ARM64_BOOT_KIMG_L3
	b.lo	3b

	/* Level 3: one RWX page per 4 KiB of the image, .bss included. */
	adr_l	x1, __kernel_end
	sub	x1, x1, x20
	lsr	x1, x1, #12
	ldr	x4, =PAGE_KERNEL
	orr	x4, x4, x20
	mov	x2, #0
4:	str	x4, [x3, x2, lsl #3]
	add	x4, x4, #4096
	add	x2, x2, #1
	cmp	x2, x1
	b.lo	4b

	/*
	 * The tables were written with the MMU off, straight to memory:
	 * drop any stale cache lines over them before the walker reads them.
	 */
	dsb	sy
	adr_l	x0, arm64_boot_pt_start
	adr_l	x1, arm64_boot_pt_end
	mrs	x2, ctr_el0
	ubfx	x2, x2, #16, #4		/* DminLine: log2(words) */
	mov	x3, #4
	lsl	x3, x3, x2		/* line size in bytes */
5:	dc	ivac, x0
	add	x0, x0, x3
	cmp	x0, x1
	b.lo	5b
	dsb	sy

	/* MAIR, TCR (with IPS and ASID size from the CPU), TTBRs. */
	ldr	x0, =ARM64_MAIR_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_VALUE
	mrs	x1, id_aa64mmfr0_el1
	and	x2, x1, #7		/* PARange */
	cmp	x2, #5
	mov	x3, #5
	csel	x2, x2, x3, ls		/* at most 48 bits with 4 KiB pages */
	bfi	x0, x2, #32, #3
	ubfx	x2, x1, #4, #4		/* ASIDBits: 2 = 16 bits */
	cmp	x2, #2
	b.ne	6f
	orr	x0, x0, #(1 << 36)
6:	msr	tcr_el1, x0
	adr_l	x0, arm64_boot_idmap_l0
	msr	ttbr0_el1, x0
	adr_l	x0, arm64_boot_kern_l0
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb

	ldr	x0, =ARM64_SCTLR_EL1_VALUE
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ldr	x0, =arm64_high_entry
	br	x0
	.ltorg

	.text
arm64_high_entry:
	adr_l	x0, arm64_boot_stack_top
	mov	sp, x0
	adr_l	x0, arm64_vectors
	msr	vbar_el1, x0
	isb
	adr_l	x0, arm64_kimage_pa
	str	x20, [x0]
	adr_l	x0, arm64_boot_el
	str	x21, [x0]
	mov	x29, #0
	mov	x30, #0
	mov	x0, x19
	bl	arm64_start

	.globl	arm64_boot_hang
arm64_boot_hang:
	wfe
	b	arm64_boot_hang

	.ltorg

/* Boot translation tables and the boot stack, in .bss. */
	.section .bss.boot, "aw", %nobits
	.balign	4096
arm64_boot_pt_start:
arm64_boot_idmap_l0:	.skip	4096
arm64_boot_idmap_l1:	.skip	4096
arm64_boot_kern_l0:	.skip	4096
arm64_boot_dmap_l1:	.skip	4096
arm64_boot_kimg_l1:	.skip	4096
arm64_boot_kimg_l2:	.skip	4096
arm64_boot_kimg_l3:	.skip	4096 * ARM64_BOOT_KIMG_L3
arm64_boot_pt_end:
	.balign	16
arm64_boot_stack:	.skip	ARM64_BOOT_STACK_SIZE
	.globl	arm64_boot_stack_top
arm64_boot_stack_top:
