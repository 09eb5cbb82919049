/*
 * mmu.c - dynamic address translation with 4 KiB pages.
 *
 * Three levels, each address space designated by a region-third ASCE:
 *   region-third table  2048 entries x 2 GiB   (16 KiB)
 *   segment table       2048 entries x 1 MiB   (16 KiB)
 *   page table           256 entries x 4 KiB   (2 KiB, one per
 *                                               core_page_alloc() page)
 * Region and segment tables ("CRST" tables) are 16 KiB of contiguous,
 * 16 KiB-aligned storage: core_pages_alloc(CRST_ORDER).
 *
 * The kernel space is an identity map (see hal_arch.h) used in the home
 * space (CR13, and CR1/CR7 while no user space is active).  Protection:
 * the page-protection bit for read-only pages, and the
 * instruction-execution-protection bit for non-executable pages when the
 * IEP facility (130) is installed; without it only writes are policed.
 * The HAL flags of each mapping live in the software byte (bits 56-63) of
 * its page-table entry.
 *
 * A valid entry is only changed with IPTE, as the architecture requires.
 */
#include <hal/hal.h>
#include "s390x.h"

#define CRST_ENTRIES	2048
#define PT_ENTRIES	256

/* Region-third / segment table entry and ASCE bits. */
#define RTE_INVALID	0x20UL
#define RTE_TT_RTT	0x04UL		/* table type: region third */
#define RTE_TL_FULL	0x03UL		/* table length: 4 x 512 entries */
#define STE_INVALID	0x20UL
#define ASCE_DT_RTT	0x04UL
#define ASCE_TL_FULL	0x03UL
#define ORIGIN_MASK	(~0xfffUL)
#define STE_ORIGIN_MASK	(~0x7ffUL)

#define RTX(va)		(((va) >> 31) & 0x7ff)
#define SX(va)		(((va) >> 20) & 0x7ff)
#define PX(va)		(((va) >> 12) & 0xff)

#define CRST_ORDER	2		/* 4 pages */

static struct hal_as kernel_as;
static struct hal_as *user_as;	/* in CR1/CR7, if a user space is */
static bool kernel_as_ready;
static bool dat_on;
static bool iep;

static uint64_t *crst_alloc(uint64_t empty)
{
	paddr_t pa = core_pages_alloc(CRST_ORDER);
	uint64_t *t;
	int i;

	if (!pa)
		return NULL;
	t = hal_phys_to_virt(pa);
	for (i = 0; i < CRST_ENTRIES; i++)
		t[i] = empty;
	return t;
}

static void crst_free(uint64_t *t)
{
	core_pages_free(hal_virt_to_phys(t), CRST_ORDER);
}

bool s390x_iep_enabled(void)
{
	return iep;
}

static void ptlb(void)
{
	__asm__ __volatile__("ptlb" : : : "memory");
}

/* Invalidate the entry for va in the page table at pt and purge it from
 * every TLB of the configuration. */
static void ipte(uint64_t *pt, vaddr_t va)
{
	__asm__ __volatile__("ipte %0,%1"
			     : : "a"((uintptr_t)pt), "a"(va) : "memory");
}

static struct hal_as *as_new(bool kernel)
{
	struct hal_as *as;
	uint64_t *rtt;
	paddr_t pa;

	rtt = crst_alloc(RTE_INVALID | RTE_TT_RTT);
	if (!rtt)
		return NULL;
	if (kernel) {
		as = &kernel_as;
	} else {
		/* struct hal_as is small: carve it from a page of its own. */
		pa = core_page_alloc();
		if (!pa) {
			crst_free(rtt);
			return NULL;
		}
		as = hal_phys_to_virt(pa);
	}
	as->rtt = rtt;
	as->asce = (uint64_t)(uintptr_t)rtt | ASCE_DT_RTT | ASCE_TL_FULL;
	as->kernel = kernel;
	return as;
}

struct hal_as *hal_as_kernel_create(void)
{
	struct hal_as *as;

	if (kernel_as_ready)
		return &kernel_as;
	if (s390x_has_facility(130)) {
		s390x_set_cr(0, s390x_get_cr(0) | CR0_IEP);
		iep = true;
	}
	as = as_new(true);
	if (as)
		kernel_as_ready = true;
	return as;
}

struct hal_as *hal_as_kernel(void)
{
	return kernel_as_ready ? &kernel_as : NULL;
}

/* User spaces are separate: the kernel is not mapped in them at all. */
struct hal_as *hal_as_create(void)
{
	return as_new(false);
}

/*
 * hal_as_destroy - besides the tables, make sure nothing of the space is
 * left behind: if it is still in CR1/CR7 (a kernel thread runs in the
 * home space whatever they hold) the kernel space replaces it, and the
 * TLB is purged, so that a new space that reuses the same memory (and
 * the same struct hal_as address) never meets stale translations.
 */
void hal_as_destroy(struct hal_as *as)
{
	uint64_t *st;
	int i, j;

	if (!as || as == &kernel_as)
		return;
	if (s390x_get_cr(1) == as->asce || s390x_get_cr(7) == as->asce) {
		s390x_set_cr(1, kernel_as.asce);
		s390x_set_cr(7, kernel_as.asce);
	}
	if (user_as == as)
		user_as = NULL;
	ptlb();
	for (i = 0; i < CRST_ENTRIES; i++) {
		if (as->rtt[i] & RTE_INVALID)
			continue;
		st = (uint64_t *)(uintptr_t)(as->rtt[i] & ORIGIN_MASK);
		for (j = 0; j < CRST_ENTRIES; j++)
			if (!(st[j] & STE_INVALID))
				core_page_free(st[j] & ORIGIN_MASK);
		crst_free(st);
	}
	crst_free(as->rtt);
	core_page_free(hal_virt_to_phys(as));
}

/*
 * Find the page-table entry of va, creating the tables on the way when
 * create is set.  Returns NULL when a table is missing (or cannot be
 * allocated: *err says which).
 */
static uint64_t *pte_lookup(struct hal_as *as, vaddr_t va, bool create, int *err, uint64_t **ptp)
{
	uint64_t *rte = &as->rtt[RTX(va)];
	uint64_t *st, *ste, *pt;
	paddr_t pa;
	int i;

	if (*rte & RTE_INVALID) {
		if (!create)
			goto noent;
		st = crst_alloc(STE_INVALID);
		if (!st)
			goto nomem;
		*rte = (uint64_t)(uintptr_t)st | RTE_TT_RTT | RTE_TL_FULL;
	}
	st = (uint64_t *)(uintptr_t)(*rte & ORIGIN_MASK);
	ste = &st[SX(va)];
	if (*ste & STE_INVALID) {
		if (!create)
			goto noent;
		pa = core_page_alloc();
		if (!pa)
			goto nomem;
		pt = hal_phys_to_virt(pa);
		for (i = 0; i < PT_ENTRIES; i++)
			pt[i] = PTE_INVALID;
		*ste = pa;
	}
	pt = (uint64_t *)(uintptr_t)(*ste & STE_ORIGIN_MASK);
	if (ptp)
		*ptp = pt;
	return &pt[PX(va)];
noent:
	*err = -ENOENT;
	return NULL;
nomem:
	*err = -ENOMEM;
	return NULL;
}

static int check_flags(struct hal_as *as, unsigned int flags)
{
	if (!(flags & HAL_MAP_USER) && (flags & HAL_MAP_W) && (flags & HAL_MAP_X))
		return -EINVAL;
	if ((flags & HAL_MAP_DEVICE) && (flags & HAL_MAP_X))
		return -EINVAL;
	return 0;
}

static uint64_t make_pte(paddr_t pa, unsigned int flags)
{
	uint64_t pte = pa | (flags & PTE_SW_MASK);

	if (!(flags & HAL_MAP_W))
		pte |= PTE_PROTECT;
	if (iep && !(flags & HAL_MAP_X))
		pte |= PTE_IEP;
	return pte;
}

int hal_as_map(struct hal_as *as, vaddr_t va, paddr_t pa, unsigned int flags)
{
	uint64_t *pte, *pt;
	int err = 0;

	if (!as || (va & HAL_PAGE_MASK) || (pa & HAL_PAGE_MASK) || va >= S390X_VA_LIMIT ||
	    pa >= (1UL << 52))
		return -EINVAL;
	err = check_flags(as, flags);
	if (err)
		return err;
	pte = pte_lookup(as, va, true, &err, &pt);
	if (!pte)
		return err;
	if (!(*pte & PTE_INVALID))
		ipte(pt, va);
	*pte = make_pte(pa, flags);
	return 0;
}

int hal_as_unmap(struct hal_as *as, vaddr_t va)
{
	uint64_t *pte, *pt;
	int err;

	if (!as || va >= S390X_VA_LIMIT)
		return -ENOENT;
	va &= ~HAL_PAGE_MASK;
	pte = pte_lookup(as, va, false, &err, &pt);
	if (!pte || (*pte & PTE_INVALID))
		return -ENOENT;
	ipte(pt, va);
	*pte = PTE_INVALID;
	return 0;
}

int hal_as_protect(struct hal_as *as, vaddr_t va, unsigned int flags)
{
	uint64_t *pte, *pt;
	paddr_t pa;
	int err;

	if (!as || va >= S390X_VA_LIMIT)
		return -ENOENT;
	va &= ~HAL_PAGE_MASK;
	pte = pte_lookup(as, va, false, &err, &pt);
	if (!pte || (*pte & PTE_INVALID))
		return -ENOENT;
	err = check_flags(as, flags);
	if (err)
		return err;
	pa = *pte & ORIGIN_MASK;
	ipte(pt, va);
	*pte = make_pte(pa, flags);
	return 0;
}

int hal_as_query(struct hal_as *as, vaddr_t va, paddr_t *pa, unsigned int *flags)
{
	uint64_t *pte;
	int err;

	if (!as || va >= S390X_VA_LIMIT)
		return -ENOENT;
	pte = pte_lookup(as, va & ~HAL_PAGE_MASK, false, &err, NULL);
	if (!pte || (*pte & PTE_INVALID))
		return -ENOENT;
	if (pa)
		*pa = (*pte & ORIGIN_MASK) | (va & HAL_PAGE_MASK);
	if (flags)
		*flags = *pte & PTE_SW_MASK;
	return 0;
}

/*
 * hal_as_activate - the kernel space goes to CR1, CR7 and CR13 and the
 * first activation turns DAT on (in the current PSW and in every new PSW);
 * a user space goes to CR1 and CR7 only, the kernel keeps running in the
 * home space.  The lowcore must stay addressable: the entry code reaches
 * it through the map, so its two pages are mapped here if core did not.
 */
void hal_as_activate(struct hal_as *as)
{
	unsigned char scratch;
	paddr_t pa;

	if (as->kernel) {
		for (pa = 0; pa < LC_END; pa += HAL_PAGE_SIZE)
			if (hal_as_query(as, pa, NULL, NULL) < 0)
				hal_as_map(as, pa, pa, HAL_MAP_R | HAL_MAP_W | HAL_MAP_GLOBAL);
		s390x_set_cr(13, as->asce);
	}
	s390x_set_cr(1, as->asce);
	s390x_set_cr(7, as->asce);
	user_as = as->kernel ? NULL : as;
	ptlb();
	if (!dat_on) {
		dat_on = true;
		s390x_kernel_psw_mask |= PSW_MASK_DAT;
		s390x_install_psws(s390x_kernel_psw_mask);
		__asm__ __volatile__("stosm %0,0x04" : "=Q"(scratch) : : "memory");
	}
}

/* The user space problem state runs in now (NULL when none is active). */
struct hal_as *s390x_user_as(void)
{
	return user_as;
}

void hal_tlb_flush_page(struct hal_as *as, vaddr_t va)
{
	(void)as;
	(void)va;
	ptlb();
}

void hal_tlb_flush_all(void)
{
	ptlb();
}
