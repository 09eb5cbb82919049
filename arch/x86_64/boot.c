/*
 * boot.c - from the PVH start info to core_main().
 *
 * entry.S arrives here in 64-bit mode at the link address, on the boot
 * stack, with the boot page tables mapping the first 4 GiB of physical
 * memory both at the kernel window and in the direct map.  This file sets
 * up the descriptor tables and the console, turns the PVH start info into a
 * struct hal_boot_info and hands over to core.
 */
#include <hal/hal.h>
#include "x86_64.h"

/* struct hvm_start_info and its memory map, from Xen's public arch-x86/hvm/start_info.h. */
#define HVM_START_MAGIC		0x336ec578
#define HVM_MEMMAP_TYPE_RAM	1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;		/* version >= 1 */
	uint32_t memmap_entries;	/* version >= 1 */
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

extern const char __embedded_dtb_start[];

/* Copied out of the start info: core keeps bi->cmdline for good. */
static char x86_64_cmdline[2048];
static struct hal_boot_info x86_64_bi;

static void x86_64_copy_cmdline(paddr_t pa)
{
	const char *s = hal_phys_to_virt(pa);
	size_t i;

	for (i = 0; i + 1 < sizeof(x86_64_cmdline) && s[i] != '\0'; i++)
		x86_64_cmdline[i] = s[i];
	x86_64_cmdline[i] = '\0';
}

static void x86_64_add_reserved(struct hal_boot_info *bi, paddr_t base, paddr_t size)
{
	if (bi->nreserved < HAL_BOOT_MAX_RANGES) {
		bi->reserved[bi->nreserved].base = base;
		bi->reserved[bi->nreserved].size = size;
		bi->nreserved++;
	}
}

/*
 * Fill bi from the start info.  Only type-1 (RAM) ranges are RAM; the
 * first MiB (real-mode IVT, BIOS data, EBDA, qboot/SeaBIOS, the start info
 * itself) stays reserved.
 */
static void x86_64_parse_pvh(struct hal_boot_info *bi, paddr_t si_pa)
{
	const struct hvm_start_info *si;
	unsigned int i;

	bi->dtb = __embedded_dtb_start;
	bi->dtb_phys = 0;
	bi->firmware = "PVH";
	x86_64_add_reserved(bi, 0, 0x100000);

	if (si_pa == 0)
		return;
	si = hal_phys_to_virt(si_pa);
	if (si->magic != HVM_START_MAGIC) {
		kprintf("x86_64: bad PVH start info magic %#x\n", si->magic);
		return;
	}
	if (si->cmdline_paddr != 0) {
		x86_64_copy_cmdline(si->cmdline_paddr);
		bi->cmdline = x86_64_cmdline;
	}
	if (si->nr_modules > 0 && si->modlist_paddr != 0) {
		const struct hvm_modlist_entry *m = hal_phys_to_virt(si->modlist_paddr);

		bi->initrd_base = m->paddr;
		bi->initrd_size = m->size;
	}
	if (si->version >= 1 && si->memmap_paddr != 0) {
		const struct hvm_memmap_table_entry *e = hal_phys_to_virt(si->memmap_paddr);

		for (i = 0; i < si->memmap_entries; i++) {
			if (e[i].type != HVM_MEMMAP_TYPE_RAM || e[i].size == 0)
				continue;
			if (bi->nmem == HAL_BOOT_MAX_RANGES) {
				kprintf("x86_64: memory map truncated\n");
				break;
			}
			bi->mem[bi->nmem].base = e[i].addr;
			bi->mem[bi->nmem].size = e[i].size;
			bi->nmem++;
		}
	}
}

/*
 * entry.S's direct map covers the first 4 GiB.  Core may touch any RAM
 * through hal_phys_to_virt() before its own page tables are active, so
 * RAM above 4 GiB gets 2 MiB boot mappings too, from a small static pool
 * of page directories; RAM beyond what the pool covers is dropped.
 */
#define X86_64_BOOT_MAP_GIB	16
#define X86_64_BOOT_INITIAL_GIB	4

extern uint64_t x86_64_boot_pdpt_low[512];
static uint64_t x86_64_boot_pd_extra[X86_64_BOOT_MAP_GIB - X86_64_BOOT_INITIAL_GIB][512]
	__aligned(4096);

static void x86_64_boot_map_ram(struct hal_boot_info *bi)
{
	const paddr_t limit = (paddr_t)X86_64_BOOT_MAP_GIB << 30;
	unsigned int i, j, g;

	for (i = 0; i < bi->nmem; i++) {
		struct hal_mem_range *r = &bi->mem[i];
		paddr_t end = r->base + r->size;

		if (end > limit) {
			kprintf("x86_64: ignoring RAM above %u GiB\n", X86_64_BOOT_MAP_GIB);
			end = limit;
			r->size = r->base < limit ? end - r->base : 0;
		}
		for (g = (unsigned int)(r->base >> 30); r->size && (paddr_t)g << 30 < end; g++) {
			uint64_t *pd;

			if (g < X86_64_BOOT_INITIAL_GIB || x86_64_boot_pdpt_low[g] != 0)
				continue;
			pd = x86_64_boot_pd_extra[g - X86_64_BOOT_INITIAL_GIB];
			for (j = 0; j < 512; j++)
				pd[j] = (((paddr_t)g << 30) + ((paddr_t)j << 21)) | 0x83;
			x86_64_boot_pdpt_low[g] = hal_kernel_virt_to_phys(pd) | 0x3;
		}
	}
	/* Drop the ranges emptied above. */
	for (i = j = 0; i < bi->nmem; i++)
		if (bi->mem[i].size != 0)
			bi->mem[j++] = bi->mem[i];
	bi->nmem = j;
	x86_64_write_cr3(x86_64_read_cr3());
}

/*
 * x86_64_boot - C entry from entry.S, with interrupts disabled.
 * si_pa is the physical address of struct hvm_start_info (%ebx at entry).
 */
void x86_64_boot(uint32_t si_pa) __noreturn;
void x86_64_boot(uint32_t si_pa)
{
	x86_64_timer_early_init();
	x86_64_cr4_set(X86_64_CR4_PGE);
	x86_64_gdt_init();
	x86_64_idt_init();
	x86_64_serial_init();
	x86_64_cpu_identify();
	x86_64_cpu_features();
	x86_64_user_init();
	x86_64_parse_pvh(&x86_64_bi, si_pa);
	x86_64_boot_map_ram(&x86_64_bi);
	core_main(&x86_64_bi);
}

void hal_init_post_mm(const struct hal_boot_info *bi)
{
	x86_64_serial_post_mm();
	x86_64_debug_exit_post_mm();
	x86_64_irq_init();
	x86_64_timer_init();
}

const char *hal_arch_name(void)
{
	return "x86_64";
}
