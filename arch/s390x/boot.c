/*
 * boot.c - from head.S to core_main(), and the second-stage init.
 */
#include <hal/hal.h>
#include <fdt.h>
#include "s390x.h"

extern const char __embedded_dtb_start[];
extern char s390x_cmdline[];
extern uint64_t s390x_parm_area[];
extern char __kernel_start[];

#define PARM_INITRD_START	1	/* s390x_parm_area index (0x10408) */
#define PARM_INITRD_SIZE	2	/* 0x10410 */
#define PARM_CMDLINE_SIZE	6	/* 0x10430 */

uint64_t s390x_kernel_psw_mask = PSW_MASK_64 | PSW_MASK_ASC_HOME;

static struct hal_boot_info boot_info;

void s390x_boot(void) __noreturn;

/*
 * s390x_boot - called by head.S on the boot stack, DAT off, interrupts
 * masked.  Installs the new PSWs first so that any program check from here
 * on is reported, then gathers what QEMU handed over.
 */
void s390x_boot(void)
{
	struct hal_boot_info *bi = &boot_info;
	uint64_t ram;
	size_t n;

	s390x_install_psws(s390x_kernel_psw_mask);
	/* CR0: no external subclass enabled yet (the timer enables its own). */
	s390x_set_cr(0, 0);
	s390x_fpu_init();
	s390x_timer_early_init();
	s390x_sclp_init();

	bi->dtb = __embedded_dtb_start;
	bi->dtb_phys = 0;
	bi->firmware = "IPL";

	/* QEMU copied -append here; keep it terminated whatever happened. */
	n = s390x_parm_area[PARM_CMDLINE_SIZE];
	s390x_cmdline[n - 1] = '\0';
	bi->cmdline = s390x_cmdline[0] ? s390x_cmdline : NULL;

	ram = s390x_sclp_memory_size();
	if (ram) {
		bi->mem[0].base = 0;
		bi->mem[0].size = ram;
		bi->nmem = 1;
	}

	/* The lowcore and the free space below the image: the lowcore must
	 * never be handed out, and keeping the rest small is simplest. */
	bi->reserved[0].base = 0;
	bi->reserved[0].size = (paddr_t)(uintptr_t)__kernel_start;
	bi->nreserved = 1;

	if (s390x_parm_area[PARM_INITRD_SIZE]) {
		bi->initrd_base = s390x_parm_area[PARM_INITRD_START];
		bi->initrd_size = s390x_parm_area[PARM_INITRD_SIZE];
	}

	s390x_trap_init();
	core_main(bi);
}

/*
 * hal_init_post_mm - the SCLP needs no mapping (SERVC takes a real address
 * and the map is the identity), so only the timer is left to set up.  The
 * DT must describe the SCLP console.
 */
void hal_init_post_mm(const struct hal_boot_info *bi)
{
	(void)bi;
	if (fdt_find_compatible(&boot_fdt, -1, "ibm,sclp-vt220") < 0)
		core_panic("s390x: no ibm,sclp-vt220 console in the device tree");
	s390x_timer_init();
	kprintf("s390x: DAT on, home space; no-execute (IEP) %s\n",
		s390x_iep_enabled() ? "on" : "not available: W^X enforced for writes only");
}
