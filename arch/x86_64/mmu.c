/*
 * mmu.c - 4-level page tables with 4 KiB leaves.
 *
 * Leaf bits: P, RW, US, PCD+PWT for device memory, G for global kernel
 * mappings, NX (when the CPU has it) for everything not executable.  x86
 * cannot express write-only or execute-only pages: W and X imply R.  A page
 * mapped with none of R/W/X is kept as a non-present entry marked with a
 * software bit, so that hal_as_query() still finds it.
 *
 * The kernel half (PML4 entries 256-511) is shared: a user address space
 * copies the kernel PML4's upper entries when created, and a kernel mapping
 * that needs a new upper-level table later copies the new entry into every
 * user address space (they are kept on a list for that).
 */
#include <hal/hal.h>
#include "x86_64.h"

#define PTE_P		(1UL << 0)
#define PTE_W		(1UL << 1)
#define PTE_U		(1UL << 2)
#define PTE_PWT		(1UL << 3)
#define PTE_PCD		(1UL << 4)
#define PTE_PS		(1UL << 7)
#define PTE_G		(1UL << 8)
#define PTE_SW_NONE	(1UL << 9)	/* mapped, no access (P clear) */
#define PTE_NX		(1UL << 63)
#define PTE_ADDR	0x000ffffffffff000UL

#define PML4_KERNEL_FIRST	256
#define ENTRIES		512

static struct hal_as x86_64_kernel_as;
static bool x86_64_kernel_as_ready;
/* User address spaces, for propagating new kernel PML4 entries. */
static struct hal_as *x86_64_user_as_list;
static unsigned int x86_64_phys_bits = 36;

static inline uint64_t *x86_64_table(paddr_t pa)
{
	return hal_phys_to_virt(pa);
}

static inline unsigned int x86_64_index(vaddr_t va, int level)
{
	return (va >> (12 + 9 * level)) & (ENTRIES - 1);
}

static bool x86_64_canonical(vaddr_t va)
{
	return va < 0x0000800000000000UL || va >= 0xffff800000000000UL;
}

static bool x86_64_is_kernel_half(vaddr_t va)
{
	return va >= 0xffff800000000000UL;
}

/* Copy a kernel-half PML4 entry into every user address space. */
static void x86_64_propagate(unsigned int idx, uint64_t entry)
{
	struct hal_as *as;
	unsigned long flags = hal_irq_save();

	for (as = x86_64_user_as_list; as != NULL; as = as->next)
		x86_64_table(as->pml4)[idx] = entry;
	hal_irq_restore(flags);
}

/*
 * The leaf entry of va, allocating missing tables when create is set.
 * NULL if a table is missing (or cannot be allocated, *nomem set) or a
 * large page is in the way.
 */
static uint64_t *x86_64_walk(struct hal_as *as, vaddr_t va, bool create, bool *nomem)
{
	uint64_t *table = x86_64_table(as->pml4);
	uint64_t inter = PTE_P | PTE_W | (x86_64_is_kernel_half(va) ? 0 : PTE_U);
	int level;

	for (level = 3; level > 0; level--) {
		unsigned int idx = x86_64_index(va, level);
		uint64_t e = table[idx];

		if (!(e & PTE_P)) {
			paddr_t pa;

			if (!create)
				return NULL;
			pa = core_page_alloc();
			if (pa == 0) {
				if (nomem != NULL)
					*nomem = true;
				return NULL;
			}
			e = pa | inter;
			table[idx] = e;
			if (level == 3 && as == &x86_64_kernel_as && idx >= PML4_KERNEL_FIRST)
				x86_64_propagate(idx, e);
		} else if (e & PTE_PS) {
			return NULL;
		}
		table = x86_64_table(e & PTE_ADDR);
	}
	return &table[x86_64_index(va, 0)];
}

static bool x86_64_pte_mapped(uint64_t pte)
{
	return (pte & (PTE_P | PTE_SW_NONE)) != 0;
}

/* Check va, pa and flags and build the leaf entry; 0 on bad input. */
static int x86_64_make_pte(vaddr_t va, paddr_t pa, unsigned int flags, uint64_t *out)
{
	uint64_t pte = pa;

	if ((va & HAL_PAGE_MASK) || (pa & HAL_PAGE_MASK) || !x86_64_canonical(va))
		return -EINVAL;
	if ((pa >> x86_64_phys_bits) != 0)
		return -EINVAL;
	if (flags & HAL_MAP_USER) {
		if (va >= HAL_USER_TOP)
			return -EINVAL;
	} else if ((flags & HAL_MAP_W) && (flags & HAL_MAP_X)) {
		return -EINVAL;		/* W^X for the kernel */
	}
	if (flags & HAL_MAP_DEVICE)
		flags &= ~HAL_MAP_X;

	if (flags & (HAL_MAP_R | HAL_MAP_W | HAL_MAP_X))
		pte |= PTE_P;
	else
		pte |= PTE_SW_NONE;
	if (flags & HAL_MAP_W)
		pte |= PTE_W;
	if (flags & HAL_MAP_USER)
		pte |= PTE_U;
	else if (flags & HAL_MAP_GLOBAL)
		pte |= PTE_G;
	if (flags & HAL_MAP_DEVICE)
		pte |= PTE_PCD | PTE_PWT;
	if (!(flags & HAL_MAP_X) && x86_64_nx_enabled)
		pte |= PTE_NX;
	*out = pte;
	return 0;
}

static unsigned int x86_64_pte_flags(uint64_t pte)
{
	unsigned int flags = 0;

	if (pte & PTE_P)
		flags |= HAL_MAP_R;
	if (pte & PTE_W)
		flags |= HAL_MAP_W;
	if ((pte & PTE_P) && !(pte & PTE_NX))
		flags |= HAL_MAP_X;
	if (pte & PTE_U)
		flags |= HAL_MAP_USER;
	if (pte & PTE_G)
		flags |= HAL_MAP_GLOBAL;
	if (pte & PTE_PCD)
		flags |= HAL_MAP_DEVICE;
	return flags;
}

struct hal_as *hal_as_kernel_create(void)
{
	uint32_t r[4];
	paddr_t pa;

	x86_64_cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000008) {
		x86_64_cpuid(0x80000008, 0, r);
		x86_64_phys_bits = r[0] & 0xff;
	}
	pa = core_page_alloc();
	if (pa == 0)
		return NULL;
	x86_64_kernel_as.pml4 = pa;
	x86_64_kernel_as.next = NULL;
	x86_64_kernel_as_ready = true;
	return &x86_64_kernel_as;
}

struct hal_as *hal_as_kernel(void)
{
	return x86_64_kernel_as_ready ? &x86_64_kernel_as : NULL;
}

/*
 * struct hal_as of a user space lives in the first bytes of a page of its
 * own: core has no allocator contract with the arch for small objects.
 */
struct hal_as *hal_as_create(void)
{
	paddr_t pml4, self;
	struct hal_as *as;
	uint64_t *dst, *src;
	unsigned long flags;
	unsigned int i;

	if (!x86_64_kernel_as_ready)
		return NULL;
	self = core_page_alloc();
	if (self == 0)
		return NULL;
	pml4 = core_page_alloc();
	if (pml4 == 0) {
		core_page_free(self);
		return NULL;
	}
	as = hal_phys_to_virt(self);
	as->pml4 = pml4;
	dst = x86_64_table(pml4);
	src = x86_64_table(x86_64_kernel_as.pml4);
	flags = hal_irq_save();
	for (i = PML4_KERNEL_FIRST; i < ENTRIES; i++)
		dst[i] = src[i];
	as->next = x86_64_user_as_list;
	x86_64_user_as_list = as;
	hal_irq_restore(flags);
	return as;
}

/* Free the user-half tables below a table of the given level. */
static void x86_64_free_tables(paddr_t table_pa, int level)
{
	uint64_t *t = x86_64_table(table_pa);
	unsigned int i;

	if (level > 1) {
		for (i = 0; i < ENTRIES; i++)
			if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
				x86_64_free_tables(t[i] & PTE_ADDR, level - 1);
	}
	core_page_free(table_pa);
}

void hal_as_destroy(struct hal_as *as)
{
	struct hal_as **pp;
	uint64_t *pml4;
	unsigned long flags;
	unsigned int i;

	if (as == NULL || as == &x86_64_kernel_as)
		return;
	flags = hal_irq_save();
	for (pp = &x86_64_user_as_list; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == as) {
			*pp = as->next;
			break;
		}
	}
	hal_irq_restore(flags);

	pml4 = x86_64_table(as->pml4);
	for (i = 0; i < PML4_KERNEL_FIRST; i++)
		if (pml4[i] & PTE_P)
			x86_64_free_tables(pml4[i] & PTE_ADDR, 3);
	core_page_free(as->pml4);
	core_page_free(hal_virt_to_phys(as));
}

int hal_as_map(struct hal_as *as, vaddr_t va, paddr_t pa, unsigned int flags)
{
	bool nomem = false;
	uint64_t *ptep, pte;
	int err;

	err = x86_64_make_pte(va, pa, flags, &pte);
	if (err)
		return err;
	/* The kernel half is shared: it is changed through the kernel
	 * address space only, and never holds user pages. */
	if (x86_64_is_kernel_half(va) && ((flags & HAL_MAP_USER) || as != &x86_64_kernel_as))
		return -EINVAL;
	ptep = x86_64_walk(as, va, true, &nomem);
	if (ptep == NULL)
		return nomem ? -ENOMEM : -EINVAL;
	*ptep = pte;
	return 0;
}

int hal_as_unmap(struct hal_as *as, vaddr_t va)
{
	uint64_t *ptep;

	if ((va & HAL_PAGE_MASK) || !x86_64_canonical(va))
		return -EINVAL;
	ptep = x86_64_walk(as, va, false, NULL);
	if (ptep == NULL || !x86_64_pte_mapped(*ptep))
		return -ENOENT;
	*ptep = 0;
	x86_64_invlpg(va);
	return 0;
}

int hal_as_protect(struct hal_as *as, vaddr_t va, unsigned int flags)
{
	uint64_t *ptep, pte;
	int err;

	if ((va & HAL_PAGE_MASK) || !x86_64_canonical(va))
		return -EINVAL;
	ptep = x86_64_walk(as, va, false, NULL);
	if (ptep == NULL || !x86_64_pte_mapped(*ptep))
		return -ENOENT;
	err = x86_64_make_pte(va, *ptep & PTE_ADDR, flags, &pte);
	if (err)
		return err;
	*ptep = pte;
	x86_64_invlpg(va);
	return 0;
}

int hal_as_query(struct hal_as *as, vaddr_t va, paddr_t *pa, unsigned int *flags)
{
	uint64_t *ptep;

	if (!x86_64_canonical(va))
		return -ENOENT;
	ptep = x86_64_walk(as, va & ~HAL_PAGE_MASK, false, NULL);
	if (ptep == NULL || !x86_64_pte_mapped(*ptep))
		return -ENOENT;
	if (pa != NULL)
		*pa = (*ptep & PTE_ADDR) | (va & HAL_PAGE_MASK);
	if (flags != NULL)
		*flags = x86_64_pte_flags(*ptep);
	return 0;
}

void hal_as_activate(struct hal_as *as)
{
	if ((x86_64_read_cr3() & PTE_ADDR) != as->pml4)
		x86_64_write_cr3(as->pml4);
}

void hal_tlb_flush_page(struct hal_as *as, vaddr_t va)
{
	x86_64_invlpg(va);
}

void hal_tlb_flush_all(void)
{
	unsigned long cr4 = x86_64_read_cr4();

	/* Toggling CR4.PGE drops global entries too. */
	x86_64_write_cr4(cr4 & ~X86_64_CR4_PGE);
	x86_64_write_cr4(cr4);
}
