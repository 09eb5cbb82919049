/*
 * arch/arm64/mmu.c - address spaces on VMSAv8-64 stage 1 translation:
 * 4 KiB granule, 48-bit virtual addresses, four levels (0..3).
 *
 * The kernel space is a TTBR1 table tree; user spaces are TTBR0 trees that
 * share the kernel's through TTBR1 and tag their TLB entries with an ASID.
 * While the kernel space alone is active, TTBR0 points at an empty table.
 */
#include <hal/hal.h>
#include <arch/arm64.h>
#include <errno.h>





#define PT_ENTRIES	512
#define PA_LIMIT	(1UL << 48)

static struct hal_as arm64_kernel_as;
static bool arm64_kernel_as_ready;
static paddr_t arm64_empty_root;	/* TTBR0 when no user space is active */
static paddr_t arm64_cur_ttbr1;

static uint64_t arm64_asid_gen = 1;
static unsigned int arm64_asid_next = 1;

static inline uint64_t *arm64_table(paddr_t pa)
{
	return hal_phys_to_virt(pa);
}

static inline unsigned int arm64_index(vaddr_t va, int level)
{
	return (va >> (39 - 9 * level)) & (PT_ENTRIES - 1);
}

static bool arm64_va_ok(const struct hal_as *as, vaddr_t va)
{
	if (va & HAL_PAGE_MASK)
		return false;
	if (as->kernel)
		return va >= ARM64_DMAP_BASE;
	return va < HAL_USER_TOP;
}

/*
 * Walk to the level-3 entry for va, allocating missing tables when alloc
 * is set.  Returns NULL with *err = -ENOMEM (allocation failed), -ENOENT
 * (no table and !alloc) or -EINVAL (a block mapping is in the way).
 */
static uint64_t *arm64_walk(struct hal_as *as, vaddr_t va, bool alloc, int *err)
{
	uint64_t *table = arm64_table(as->root);
	int level;

	for (level = 0; level < 3; level++) {
		uint64_t *e = &table[arm64_index(va, level)];

		if (!(*e & ARM64_PTE_VALID)) {
			paddr_t pa;

			if (!alloc) {
				*err = -ENOENT;
				return NULL;
			}
			pa = core_page_alloc();
			if (pa == 0) {
				*err = -ENOMEM;
				return NULL;
			}
			/* The zeroed table must be visible before the link. */
			__asm__ __volatile__("dsb ishst" ::: "memory");
			*e = pa | ARM64_PTE_VALID | ARM64_PTE_TABLE;
		} else if (!(*e & ARM64_PTE_TABLE)) {
			*err = -EINVAL;
			return NULL;
		}
		table = arm64_table(*e & ARM64_PTE_ADDR_MASK);
	}
	return &table[arm64_index(va, 3)];
}

/*
 * The level-3 descriptor for pa with flags, or 0 with *err = -EINVAL.
 * Kernel pages are never executable at EL0 and, unless X, not at EL1;
 * user pages are never executable at EL1.  Device pages are never
 * executable.  A mapping with none of R, W, X (PROT_NONE) is kept as an
 * invalid descriptor marked ARM64_PTE_SW_NONE, so that query still finds it.
 */
static uint64_t arm64_make_pte(const struct hal_as *as, paddr_t pa,
			       unsigned int flags, int *err)
{
	bool user = flags & HAL_MAP_USER;
	uint64_t pte;

	if ((pa & HAL_PAGE_MASK) || pa >= PA_LIMIT || (user && as->kernel) ||
	    (!user && (flags & HAL_MAP_W) && (flags & HAL_MAP_X))) {
		*err = -EINVAL;
		return 0;
	}
	pte = pa | ARM64_PTE_VALID | ARM64_PTE_PAGE | ARM64_PTE_AF;
	if (flags & HAL_MAP_DEVICE)
		pte |= ARM64_PTE_ATTR(ARM64_MT_DEVICE) | ARM64_PTE_PXN | ARM64_PTE_UXN;
	else
		pte |= ARM64_PTE_ATTR(ARM64_MT_NORMAL) | ARM64_PTE_SH_INNER;
	if (!(flags & HAL_MAP_W))
		pte |= ARM64_PTE_AP_RO;
	if (user) {
		pte |= ARM64_PTE_AP_EL0 | ARM64_PTE_PXN;
		if (!(flags & HAL_MAP_X))
			pte |= ARM64_PTE_UXN;
	} else {
		pte |= ARM64_PTE_UXN;
		if (!(flags & HAL_MAP_X))
			pte |= ARM64_PTE_PXN;
	}
	if (!(flags & HAL_MAP_GLOBAL))
		pte |= ARM64_PTE_NG;
	if (flags & HAL_MAP_R)
		pte |= ARM64_PTE_SW_R;
	if (!(flags & (HAL_MAP_R | HAL_MAP_W | HAL_MAP_X)))
		pte = (pte & ~ARM64_PTE_VALID) | ARM64_PTE_SW_NONE;
	return pte;
}

static bool arm64_pte_present(uint64_t pte)
{
	return (pte & ARM64_PTE_VALID) || (pte & ARM64_PTE_SW_NONE);
}

static unsigned int arm64_pte_flags(uint64_t pte)
{
	unsigned int flags = 0;
	bool user = pte & ARM64_PTE_AP_EL0;

	if (pte & ARM64_PTE_VALID) {
		if (pte & ARM64_PTE_SW_R)
			flags |= HAL_MAP_R;
		if (!(pte & ARM64_PTE_AP_RO))
			flags |= HAL_MAP_W;
		if (!(pte & (user ? ARM64_PTE_UXN : ARM64_PTE_PXN)))
			flags |= HAL_MAP_X;
	}
	if (user)
		flags |= HAL_MAP_USER;
	if ((pte & ARM64_PTE_ATTR_MASK) == ARM64_PTE_ATTR(ARM64_MT_DEVICE))
		flags |= HAL_MAP_DEVICE;
	if (!(pte & ARM64_PTE_NG))
		flags |= HAL_MAP_GLOBAL;
	return flags;
}

static void arm64_tlbi_page(const struct hal_as *as, vaddr_t va)
{
	uint64_t arg = (va >> 12) & ((1UL << 44) - 1);

	__asm__ __volatile__("dsb ishst" ::: "memory");
	if (as->kernel)
		__asm__ __volatile__("tlbi vaae1is, %0" :: "r"(arg) : "memory");
	else
		__asm__ __volatile__("tlbi vae1is, %0"
				     :: "r"(arg | ((uint64_t)as->asid << 48)) : "memory");
	__asm__ __volatile__("dsb ish\n\tisb" ::: "memory");
}

/*
 * Store a new descriptor.  A valid one that changes is replaced
 * break-before-make (invalidate, flush, write), as the architecture
 * requires when the address or the attributes change.
 */
static void arm64_set_pte(struct hal_as *as, vaddr_t va, uint64_t *e, uint64_t pte)
{
	uint64_t old = *e;

	if ((old & ARM64_PTE_VALID) && old != pte) {
		*e = 0;
		arm64_tlbi_page(as, va);
	}
	*e = pte;
	__asm__ __volatile__("dsb ishst\n\tisb" ::: "memory");
}

struct hal_as *hal_as_kernel_create(void)
{
	struct hal_as *as = &arm64_kernel_as;

	as->root = core_page_alloc();
	arm64_empty_root = core_page_alloc();
	if (as->root == 0 || arm64_empty_root == 0)
		return NULL;
	as->kernel = true;
	as->asid = 0;
	arm64_kernel_as_ready = true;
	/* Keep the early console reachable until hal_init_post_mm(). */
	if (hal_as_map(as, (vaddr_t)hal_phys_to_virt(ARM64_EARLY_UART_PA),
		       ARM64_EARLY_UART_PA,
		       HAL_MAP_R | HAL_MAP_W | HAL_MAP_DEVICE | HAL_MAP_GLOBAL) != 0)
		return NULL;
	return as;
}

struct hal_as *hal_as_kernel(void)
{
	return arm64_kernel_as_ready ? &arm64_kernel_as : NULL;
}

/*
 * struct hal_as for user spaces: one page each, from core's page
 * allocator, given back by hal_as_destroy(), so that a process leaves
 * nothing behind (core's self-tests count free pages).
 */
static struct hal_as *arm64_as_alloc(void)
{
	paddr_t pa = core_page_alloc();

	return pa == 0 ? NULL : hal_phys_to_virt(pa);
}

static void arm64_as_release(struct hal_as *as)
{
	core_page_free(hal_virt_to_phys(as));
}

struct hal_as *hal_as_create(void)
{
	struct hal_as *as = arm64_as_alloc();

	if (as == NULL)
		return NULL;
	as->root = core_page_alloc();
	if (as->root == 0) {
		arm64_as_release(as);
		return NULL;
	}
	as->kernel = false;
	as->asid = 0;
	as->asid_gen = 0;	/* gets an ASID at its first activation */
	return as;
}

static void arm64_free_tables(paddr_t table, int level)
{
	uint64_t *t = arm64_table(table);
	int i;

	if (level < 3) {
		for (i = 0; i < PT_ENTRIES; i++)
			if ((t[i] & ARM64_PTE_VALID) && (t[i] & ARM64_PTE_TABLE))
				arm64_free_tables(t[i] & ARM64_PTE_ADDR_MASK, level + 1);
	}
	core_page_free(table);
}

void hal_as_destroy(struct hal_as *as)
{
	if (as == NULL || as->kernel)
		return;
	arm64_free_tables(as->root, 0);
	if (as->asid_gen == arm64_asid_gen)
		__asm__ __volatile__("dsb ishst\n\ttlbi aside1is, %0\n\tdsb ish"
				     :: "r"((uint64_t)as->asid << 48) : "memory");
	as->root = 0;
	arm64_as_release(as);
}

int hal_as_map(struct hal_as *as, vaddr_t va, paddr_t pa, unsigned int flags)
{
	uint64_t *e, pte;
	int err = 0;

	if (as == NULL || !arm64_va_ok(as, va))
		return -EINVAL;
	pte = arm64_make_pte(as, pa, flags, &err);
	if (err)
		return err;
	e = arm64_walk(as, va, true, &err);
	if (e == NULL)
		return err;
	arm64_set_pte(as, va, e, pte);
	return 0;
}

int hal_as_unmap(struct hal_as *as, vaddr_t va)
{
	uint64_t *e;
	int err = 0;

	if (as == NULL || !arm64_va_ok(as, va))
		return -EINVAL;
	e = arm64_walk(as, va, false, &err);
	if (e == NULL || !arm64_pte_present(*e))
		return -ENOENT;
	*e = 0;
	arm64_tlbi_page(as, va);
	return 0;
}

int hal_as_protect(struct hal_as *as, vaddr_t va, unsigned int flags)
{
	uint64_t *e, pte;
	int err = 0;

	if (as == NULL || !arm64_va_ok(as, va))
		return -EINVAL;
	e = arm64_walk(as, va, false, &err);
	if (e == NULL || !arm64_pte_present(*e))
		return -ENOENT;
	pte = arm64_make_pte(as, *e & ARM64_PTE_ADDR_MASK, flags, &err);
	if (err)
		return err;
	arm64_set_pte(as, va, e, pte);
	arm64_tlbi_page(as, va);
	return 0;
}

int hal_as_query(struct hal_as *as, vaddr_t va, paddr_t *pa, unsigned int *flags)
{
	uint64_t *e;
	int err = 0;

	if (as == NULL || !arm64_va_ok(as, va & ~HAL_PAGE_MASK))
		return -ENOENT;
	e = arm64_walk(as, va & ~HAL_PAGE_MASK, false, &err);
	if (e == NULL || !arm64_pte_present(*e))
		return -ENOENT;
	if (pa != NULL)
		*pa = (*e & ARM64_PTE_ADDR_MASK) | (va & HAL_PAGE_MASK);
	if (flags != NULL)
		*flags = arm64_pte_flags(*e);
	return 0;
}

/*
 * Give as an ASID of the current generation.  When the ASID space runs out
 * a new generation starts: the whole TLB is flushed and every space gets a
 * fresh ASID at its next activation.
 */
static void arm64_asid_assign(struct hal_as *as)
{
	unsigned int max = (arm64_read_sysreg(tcr_el1) & (1UL << 36)) ? 65535 : 255;

	if (as->asid_gen == arm64_asid_gen)
		return;
	if (arm64_asid_next > max) {
		arm64_asid_gen++;
		arm64_asid_next = 1;
		__asm__ __volatile__("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb"
				     ::: "memory");
	}
	as->asid = arm64_asid_next++;
	as->asid_gen = arm64_asid_gen;
}

void hal_as_activate(struct hal_as *as)
{
	if (as->kernel) {
		arm64_write_sysreg(ttbr0_el1, arm64_empty_root);
		arm64_isb();
		if (arm64_cur_ttbr1 != as->root) {
			/* First switch away from head.S's tables. */
			arm64_write_sysreg(ttbr1_el1, as->root);
			arm64_cur_ttbr1 = as->root;
			hal_tlb_flush_all();
		}
		return;
	}
	arm64_asid_assign(as);
	arm64_write_sysreg(ttbr0_el1, as->root | ((uint64_t)as->asid << 48));
	arm64_isb();
}

void hal_tlb_flush_page(struct hal_as *as, vaddr_t va)
{
	if (as == NULL)
		as = &arm64_kernel_as;
	arm64_tlbi_page(as, va & ~HAL_PAGE_MASK);
}

void hal_tlb_flush_all(void)
{
	__asm__ __volatile__("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb"
			     ::: "memory");
}
