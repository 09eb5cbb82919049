/*
 * hal/boot.h - what the arch's boot code hands to core.
 *
 * Boot flow on every port:
 *   1. Firmware or QEMU enters arch/<arch>/ entry code (assembly).
 *   2. The arch sets up a stack, clears .bss, installs its trap vectors,
 *      makes the kernel image run at its link address (an initial page table
 *      of its own choosing, large pages allowed), fills a struct
 *      hal_boot_info and calls core_main(&bi).  core_main never returns.
 *   3. core validates the device tree, brings up the page allocator, builds
 *      the final kernel page tables through hal_as_*() (4 KiB pages, W^X),
 *      activates them and calls hal_init_post_mm().
 */
#ifndef HAL_BOOT_H
#define HAL_BOOT_H

#include <hal/types.h>

#define HAL_BOOT_MAX_RANGES 16

struct hal_mem_range {
	paddr_t base;
	paddr_t size;
};

struct hal_boot_info {
	/* Flattened device tree, at an address the kernel can read now and
	 * after core activates its own page tables: in the kernel image
	 * (embedded DTBs) or in RAM reachable through hal_phys_to_virt(). */
	const void *dtb;
	/* Physical address of the blob, or 0 when it lives in the kernel image;
	 * core keeps the page allocator away from it. */
	paddr_t dtb_phys;

	/* Command line handed over by firmware outside the device tree (PVH
	 * start info, s390 parm area), or NULL to use /chosen/bootargs. */
	const char *cmdline;

	/* RAM as firmware reports it outside the device tree (x86 PVH memory
	 * map, s390 SCLP).  nmem == 0: RAM comes from the DT memory nodes. */
	struct hal_mem_range mem[HAL_BOOT_MAX_RANGES];
	unsigned int nmem;

	/* Physical ranges the page allocator must never hand out, besides the
	 * kernel image, the DTB and /memreserve/ + /reserved-memory entries
	 * (core adds those itself): firmware, lowcore, boot page tables... */
	struct hal_mem_range reserved[HAL_BOOT_MAX_RANGES];
	unsigned int nreserved;

	/* initrd, or base == size == 0 (the DT /chosen linux,initrd-* props
	 * are read by core when this is empty). */
	paddr_t initrd_base;
	paddr_t initrd_size;

	/* Short human-readable name of the firmware/boot protocol used,
	 * e.g. "PVH", "OpenSBI", "U-Boot booti", "VOF", "IPL". */
	const char *firmware;
};

/*
 * Called by the arch entry code, once, on the boot CPU, with interrupts
 * disabled, on a valid kernel stack.  Never returns.
 */
void core_main(struct hal_boot_info *bi) __noreturn;

/*
 * hal_init_post_mm - second-stage arch initialisation.
 * Called by core exactly once, right after core's kernel page tables are
 * active and the page allocator and heap work; interrupts disabled.  The arch
 * maps its devices (core_ioremap()), moves its console to the final mapping,
 * initialises its interrupt controller and its timer from the device tree
 * (core's fdt_* API), but does not enable interrupts.
 * Panics (core_panic()) if a required device is missing from the DT.
 */
void hal_init_post_mm(const struct hal_boot_info *bi);

/*
 * hal_cpu_model - human-readable CPU model for the banner and /proc/cpuinfo,
 * e.g. "QEMU Virtual CPU version 2.5+", "ARM Cortex-A72 r0p3".
 * Any context.  The string is static.
 */
const char *hal_cpu_model(void);

/* Short architecture name as Linux's uname -m prints it ("x86_64",
 * "aarch64", "riscv64", "ppc64le", "s390x").  Any context. */
const char *hal_arch_name(void);

#endif
