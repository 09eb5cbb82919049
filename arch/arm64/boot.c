/*
 * arch/arm64/boot.c - from head.S to core_main(), and the second-stage
 * initialisation core calls once its own page tables are active.
 */
#include <hal/hal.h>
#include <arch/arm64.h>
#include <fdt.h>

/* Written by head.S once the MMU is on; read-mostly afterwards. */
paddr_t arm64_kimage_pa __section(".data");
uint64_t arm64_boot_el __section(".data");

void arm64_start(paddr_t dtb_pa);
void arm64_ctx_returned(void) __noreturn;

static struct hal_boot_info arm64_bi;

/*
 * True when the blob's strings block names a property only U-Boot adds
 * ("u-boot,version" in /chosen).  A plain byte search: core has not
 * validated the blob yet, so only its header sizes are trusted, and only
 * as far as the early direct map reaches.
 */
static bool arm64_dtb_from_uboot(const uint8_t *blob)
{
	static const char key[] = "u-boot,version";
	uint32_t off, size, i, j;

	if (fdt_be32(blob) != FDT_MAGIC)
		return false;
	off = fdt_be32(blob + 12);
	size = fdt_be32(blob + 32);
	if (fdt_be32(blob + 4) > 0x200000 || off > fdt_be32(blob + 4) ||
	    size > fdt_be32(blob + 4) - off)
		return false;
	for (i = 0; i + sizeof(key) <= size; i++) {
		for (j = 0; j < sizeof(key); j++)
			if (blob[off + i + j] != (uint8_t)key[j])
				break;
		if (j == sizeof(key))
			return true;
	}
	return false;
}

/*
 * arm64_start - C entry from head.S: MMU on, running at the link address on
 * the boot stack, vectors installed, interrupts masked.  dtb_pa is what the
 * loader passed in x0.
 */
void arm64_start(paddr_t dtb_pa)
{
	struct hal_boot_info *bi = &arm64_bi;
	bool uboot;

	bi->dtb_phys = dtb_pa;
	bi->dtb = dtb_pa ? hal_phys_to_virt(dtb_pa) : NULL;
	bi->cmdline = NULL;
	bi->nmem = 0;
	bi->nreserved = 0;
	uboot = bi->dtb != NULL && dtb_pa < 64UL << 30 &&
		arm64_dtb_from_uboot(bi->dtb);
	if (uboot)
		bi->firmware = arm64_boot_el == 2 ? "U-Boot booti (EL2)" :
			"U-Boot booti";
	else
		bi->firmware = arm64_boot_el == 2 ? "Linux Image boot (EL2)" :
			"Linux Image boot";
	core_main(bi);
}

/* A kernel thread's entry function returned (arm64_ctx_start). */
void arm64_ctx_returned(void)
{
	core_panic("arm64: kernel thread entry returned");
}

void hal_init_post_mm(const struct hal_boot_info *bi)
{
	arm64_console_init_post_mm();
	arm64_psci_init();
	arm64_gic_init();
	arm64_timer_init();
}

const char *hal_arch_name(void)
{
	return "aarch64";
}
