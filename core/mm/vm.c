/*
 * vm.c - the kernel address space.
 *
 * vm_init() replaces the arch's boot page tables by the kernel's own, built
 * page by page through the HAL: text read+execute, rodata read-only,
 * data/bss read+write, and the direct map of all RAM read+write and never
 * executable.  Where the direct map aliases the kernel image, the alias
 * gets the image's permissions minus execute, so no page is ever both
 * writable and executable (W^X).
 */
#include <kernel.h>
#include <mm.h>
#include <sync.h>

static struct hal_as *kas;
static spinlock_t kas_lock = SPINLOCK_INIT("kas");
static paddr_t img_pa_start, img_pa_end;

static void map_or_die(vaddr_t va, paddr_t pa, unsigned int flags)
{
	int err = hal_as_map(kas, va, pa, flags);

	if (err)
		panic("vm: cannot map %#lx -> %#llx (flags %#x): error %d",
		      (unsigned long)va, (unsigned long long)pa, flags, err);
}

/* Permissions of the kernel-image page at va. */
static unsigned int image_flags(vaddr_t va)
{
	if (va >= (vaddr_t)__text_start && va < (vaddr_t)__text_end)
		return HAL_MAP_R | HAL_MAP_X;
	if (va >= (vaddr_t)__rodata_start && va < (vaddr_t)__rodata_end)
		return HAL_MAP_R;
	return HAL_MAP_R | HAL_MAP_W;
}

void vm_init(void)
{
	const struct hal_mem_range *ram;
	unsigned int nram = pmm_ram_ranges(&ram);
	vaddr_t ks = (vaddr_t)__kernel_start, ke = ALIGN_UP((vaddr_t)__kernel_end, HAL_PAGE_SIZE);

	kas = hal_as_kernel_create();
	if (!kas)
		panic("vm: cannot create the kernel address space");
	img_pa_start = hal_kernel_virt_to_phys(__kernel_start);
	img_pa_end = img_pa_start + (ke - ks);

	for (vaddr_t va = ks; va < ke; va += HAL_PAGE_SIZE)
		map_or_die(va, hal_kernel_virt_to_phys((void *)va),
			   image_flags(va) | HAL_MAP_GLOBAL);

	for (unsigned int i = 0; i < nram; i++) {
		for (paddr_t pa = ram[i].base; pa < ram[i].base + ram[i].size; pa += HAL_PAGE_SIZE) {
			vaddr_t va = (vaddr_t)hal_phys_to_virt(pa);
			if (va >= ks && va < ke)
				continue;	/* the image itself, mapped above */
			unsigned int fl = HAL_MAP_R | HAL_MAP_W;
			if (pa >= img_pa_start && pa < img_pa_end)
				fl = image_flags(ks + (vaddr_t)(pa - img_pa_start)) & ~HAL_MAP_X;
			map_or_die(va, pa, fl | HAL_MAP_GLOBAL);
		}
	}
	hal_as_activate(kas);
}

void *core_ioremap(paddr_t pa, size_t size)
{
	paddr_t base = ALIGN_DOWN(pa, HAL_PAGE_SIZE);
	paddr_t end = ALIGN_UP(pa + size, HAL_PAGE_SIZE);

	if (!kas || size == 0 || end < base)
		return NULL;
	unsigned long f = spin_lock_irqsave(&kas_lock);
	for (paddr_t p = base; p < end; p += HAL_PAGE_SIZE) {
		vaddr_t va = (vaddr_t)hal_phys_to_virt(p);
		paddr_t cur;
		if (hal_as_query(kas, va, &cur, NULL) == 0 && cur == p)
			continue;
		if (hal_as_map(kas, va, p, HAL_MAP_R | HAL_MAP_W | HAL_MAP_DEVICE | HAL_MAP_GLOBAL)) {
			spin_unlock_irqrestore(&kas_lock, f);
			return NULL;
		}
		hal_tlb_flush_page(kas, va);
	}
	spin_unlock_irqrestore(&kas_lock, f);
	return (char *)hal_phys_to_virt(base) + (pa - base);
}
