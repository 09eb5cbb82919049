/*
 * entry.S - PVH entry: 32-bit protected mode to the 64-bit higher half.
 *
 * QEMU's PVH loader (or qboot/SeaBIOS for it) jumps to the physical address
 * in the XEN_ELFNOTE_PHYS32_ENTRY note in flat 32-bit protected mode, paging
 * off, interrupts disabled, with %ebx = physical address of struct
 * hvm_start_info.  This code clears .bss, builds boot page tables with
 * 2 MiB pages (identity for the switch, the kernel window at
 * 0xffffffff80000000 and the direct map at 0xffff800000000000, each
 * covering the first 4 GiB), enables PAE, long mode and NX, and jumps to
 * x86_64_boot() in C on the boot stack at the kernel's link address.
 */
#include <arch/hal_arch.h>

#define PHYS(sym)	((sym) - X86_64_KERNEL_BASE)

#define CR0_PE		0x00000001
#define CR0_WP		0x00010000
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100
#define EFER_NXE	0x00000800

#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_PS		0x080

#define BOOT_STACK_SIZE	16384

	.section .note.Xen, "a"
	.balign 4
	.long 4			/* name size: "Xen\0" */
	.long 8			/* descriptor size */
	.long 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.balign 4
	.quad PHYS(x86_64_pvh_entry)
	.balign 4

	.section .boot.text, "ax"
	.code32
	.globl x86_64_pvh_entry
x86_64_pvh_entry:
	cli
	cld
	movl	%ebx, %ebp		/* keep the start-info address */

	/* Clear .bss (the boot stack and page tables live there). */
	movl	$PHYS(__bss_start), %edi
	movl	$PHYS(__bss_end), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	movl	$PHYS(x86_64_boot_stack_top), %esp

	/* Four page directories of 2 MiB pages: physical 0 - 4 GiB. */
	movl	$PHYS(x86_64_boot_pd), %edi
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, (%edi, %ecx, 8)
	movl	$0, 4(%edi, %ecx, 8)
	incl	%ecx
	cmpl	$2048, %ecx
	jb	1b

	/* Low PDPT: entries 0-3 point at the four directories. */
	movl	$PHYS(x86_64_boot_pdpt_low), %edi
	movl	$PHYS(x86_64_boot_pd), %eax
	orl	$(PTE_P | PTE_W), %eax
	xorl	%ecx, %ecx
2:	movl	%eax, (%edi, %ecx, 8)
	addl	$4096, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jb	2b

	/* High PDPT: entry 510 (0xffffffff80000000) maps the first GiB. */
	movl	$PHYS(x86_64_boot_pdpt_high), %edi
	movl	$PHYS(x86_64_boot_pd), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, (510 * 8)(%edi)

	/* PML4: identity (0), direct map (256), kernel window (511). */
	movl	$PHYS(x86_64_boot_pml4), %edi
	movl	$PHYS(x86_64_boot_pdpt_low), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, (%edi)
	movl	%eax, (256 * 8)(%edi)
	movl	$PHYS(x86_64_boot_pdpt_high), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, (511 * 8)(%edi)

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PHYS(x86_64_boot_pml4), %eax
	movl	%eax, %cr3

	/* Long mode, and no-execute if the CPU has it (CPUID 0x80000001:EDX.20). */
	movl	$0x80000000, %eax
	cpuid
	xorl	%esi, %esi
	cmpl	$0x80000001, %eax
	jb	3f
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 20), %edx
	jz	3f
	movl	$EFER_NXE, %esi
	movl	$1, PHYS(x86_64_nx_enabled)
3:	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	orl	%esi, %eax
	wrmsr

	movl	%cr0, %eax
	orl	$(CR0_PE | CR0_WP | CR0_PG), %eax
	movl	%eax, %cr0

	lgdt	PHYS(boot_gdtr)
	ljmp	$X86_64_KERNEL_CS, $PHYS(long_entry)

	.code64
long_entry:
	/* Still at the identity address: go to the link address. */
	movabsq	$high_entry, %rax
	jmp	*%rax
high_entry:
	movl	$X86_64_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$x86_64_boot_stack_top, %rsp
	movl	%ebp, %edi		/* x86_64_boot(start_info_pa) */
	xorl	%ebp, %ebp		/* end of the frame-pointer chain */
	call	x86_64_boot
4:	cli
	hlt
	jmp	4b

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x10: 64-bit kernel code */
	.quad 0x00cf92000000ffff	/* 0x18: kernel data */
boot_gdt_end:
	.balign 8
boot_gdtr:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.section .bss
	.balign 4096
	.globl x86_64_boot_pml4
x86_64_boot_pml4:
	.skip 4096
	.globl x86_64_boot_pdpt_low
x86_64_boot_pdpt_low:
	.skip 4096
x86_64_boot_pdpt_high:
	.skip 4096
x86_64_boot_pd:
	.skip 4 * 4096
	.balign 16
x86_64_boot_stack:
	.skip BOOT_STACK_SIZE
	.globl x86_64_boot_stack_top
x86_64_boot_stack_top:

	.section .data
	.balign 4
	.globl x86_64_nx_enabled
x86_64_nx_enabled:
	.long 0
