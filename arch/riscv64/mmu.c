/*
 * mmu.c - Sv39 address spaces.
 *
 * Sv39 (three levels, 39-bit virtual addresses) is the translation mode
 * every Linux-capable RV64 hart implements; its 256 GiB user half is ample
 * for now.  Leaves are 4 KiB, created with A and D already set (harts may
 * fault instead of setting them), G on kernel mappings, U on user ones.
 * The RSW bit 8 remembers HAL_MAP_DEVICE for hal_as_query().
 *
 * The upper half of every user space shares the kernel's second-level
 * tables: hal_as_create() copies the kernel root entries, and a kernel
 * address that faults in a user space because its root entry was created
 * later is repaired by copying that one entry (riscv64_mmu_fault_sync()).
 * No ASIDs yet: every switch flushes the TLB.
 */
#include <arch/riscv64.h>

typedef uint64_t pte_t;

#define PT_ENTRIES	512
#define PT_KERNEL_FIRST	256	/* root entries of the upper half */
#define VA_BITS		39

static struct hal_as riscv64_kernel_as;
static bool riscv64_kernel_as_ready;

static pte_t *pt_virt(paddr_t pa)
{
	return hal_phys_to_virt(pa);
}

static paddr_t pte_pa(pte_t pte)
{
	return (pte >> RISCV64_PTE_PPN_SHIFT) << HAL_PAGE_SHIFT;
}

static pte_t pte_table(paddr_t pa)
{
	return ((pa >> HAL_PAGE_SHIFT) << RISCV64_PTE_PPN_SHIFT) | RISCV64_PTE_V;
}

static bool pte_is_leaf(pte_t pte)
{
	return (pte & (RISCV64_PTE_R | RISCV64_PTE_W | RISCV64_PTE_X)) != 0;
}

static unsigned int va_index(vaddr_t va, int level)
{
	return (va >> (HAL_PAGE_SHIFT + 9 * level)) & (PT_ENTRIES - 1);
}

/* Sv39 addresses are sign-extended from bit 38. */
static bool va_canonical(vaddr_t va)
{
	long top = (long)va >> (VA_BITS - 1);

	return top == 0 || top == -1;
}

/*
 * Walk to the level-0 entry of va; with alloc, create missing tables.
 * Returns NULL when a table is missing (or cannot be allocated), or when a
 * superpage covers va (only the boot tables use those).
 */
static pte_t *pt_walk(paddr_t root, vaddr_t va, bool alloc, int *err)
{
	pte_t *pt = pt_virt(root);
	int level;

	for (level = 2; level > 0; level--) {
		pte_t *e = &pt[va_index(va, level)];

		if (!(*e & RISCV64_PTE_V)) {
			paddr_t page;

			if (!alloc) {
				*err = -ENOENT;
				return NULL;
			}
			page = core_page_alloc();
			if (page == 0) {
				*err = -ENOMEM;
				return NULL;
			}
			*e = pte_table(page);
		} else if (pte_is_leaf(*e)) {
			*err = alloc ? -EINVAL : -ENOENT;
			return NULL;
		}
		pt = pt_virt(pte_pa(*e));
	}
	return &pt[va_index(va, 0)];
}

/* Turn HAL_MAP_* flags into leaf bits, or 0 for an invalid request. */
static pte_t pte_flags(vaddr_t va, unsigned int flags)
{
	pte_t pte = RISCV64_PTE_V | RISCV64_PTE_A | RISCV64_PTE_D;

	if (flags & HAL_MAP_DEVICE) {
		flags &= ~HAL_MAP_X;
		if (!(flags & (HAL_MAP_R | HAL_MAP_W)))
			flags |= HAL_MAP_R | HAL_MAP_W;
		pte |= RISCV64_PTE_SW_DEVICE;
	}
	if (!(flags & (HAL_MAP_R | HAL_MAP_W | HAL_MAP_X)))
		return 0;
	if (flags & HAL_MAP_USER) {
		if (va >= HAL_USER_TOP)
			return 0;
		pte |= RISCV64_PTE_U;
	} else if ((flags & HAL_MAP_W) && (flags & HAL_MAP_X)) {
		return 0;	/* W^X in the kernel */
	}
	/* Writable implies readable: R=0 W=1 is a reserved encoding. */
	if (flags & (HAL_MAP_R | HAL_MAP_W))
		pte |= RISCV64_PTE_R;
	if (flags & HAL_MAP_W)
		pte |= RISCV64_PTE_W;
	if (flags & HAL_MAP_X)
		pte |= RISCV64_PTE_X;
	if (flags & HAL_MAP_GLOBAL)
		pte |= RISCV64_PTE_G;
	return pte;
}

static unsigned int pte_to_flags(pte_t pte)
{
	unsigned int flags = 0;

	if (pte & RISCV64_PTE_R)
		flags |= HAL_MAP_R;
	if (pte & RISCV64_PTE_W)
		flags |= HAL_MAP_W;
	if (pte & RISCV64_PTE_X)
		flags |= HAL_MAP_X;
	if (pte & RISCV64_PTE_U)
		flags |= HAL_MAP_USER;
	if (pte & RISCV64_PTE_G)
		flags |= HAL_MAP_GLOBAL;
	if (pte & RISCV64_PTE_SW_DEVICE)
		flags |= HAL_MAP_DEVICE;
	return flags;
}

struct hal_as *hal_as_kernel_create(void)
{
	paddr_t root = core_page_alloc();

	if (root == 0)
		return NULL;
	riscv64_kernel_as.root = root;
	riscv64_kernel_as.kernel = true;
	riscv64_kernel_as_ready = true;
	return &riscv64_kernel_as;
}

struct hal_as *hal_as_kernel(void)
{
	return riscv64_kernel_as_ready ? &riscv64_kernel_as : NULL;
}

/*
 * The struct hal_as of a user space takes a page of its own: pages are the
 * only memory core hands to the arch.
 */
struct hal_as *hal_as_create(void)
{
	paddr_t meta, root;
	struct hal_as *as;
	pte_t *k, *u;
	unsigned int i;

	if (!riscv64_kernel_as_ready)
		return NULL;
	meta = core_page_alloc();
	if (meta == 0)
		return NULL;
	root = core_page_alloc();
	if (root == 0) {
		core_page_free(meta);
		return NULL;
	}
	k = pt_virt(riscv64_kernel_as.root);
	u = pt_virt(root);
	for (i = PT_KERNEL_FIRST; i < PT_ENTRIES; i++)
		u[i] = k[i];
	as = hal_phys_to_virt(meta);
	as->root = root;
	as->kernel = false;
	return as;
}

/* Free the tables below a lower-half root entry. */
static void pt_free(paddr_t table, int level)
{
	pte_t *pt = pt_virt(table);
	unsigned int i;

	if (level > 0) {
		for (i = 0; i < PT_ENTRIES; i++)
			if ((pt[i] & RISCV64_PTE_V) && !pte_is_leaf(pt[i]))
				pt_free(pte_pa(pt[i]), level - 1);
	}
	core_page_free(table);
}

void hal_as_destroy(struct hal_as *as)
{
	pte_t *root;
	unsigned int i;

	if (as == NULL || as->kernel)
		return;
	root = pt_virt(as->root);
	for (i = 0; i < PT_KERNEL_FIRST; i++)
		if ((root[i] & RISCV64_PTE_V) && !pte_is_leaf(root[i]))
			pt_free(pte_pa(root[i]), 1);
	core_page_free(as->root);
	core_page_free(hal_virt_to_phys(as));
}

int hal_as_map(struct hal_as *as, vaddr_t va, paddr_t pa, unsigned int flags)
{
	pte_t bits, *e;
	int err = 0;

	if (as == NULL || (va & HAL_PAGE_MASK) || (pa & HAL_PAGE_MASK) ||
	    !va_canonical(va) || pa >= (1UL << 56))
		return -EINVAL;
	bits = pte_flags(va, flags);
	if (bits == 0)
		return -EINVAL;
	e = pt_walk(as->root, va, true, &err);
	if (e == NULL)
		return err;
	*e = ((pa >> HAL_PAGE_SHIFT) << RISCV64_PTE_PPN_SHIFT) | bits;
	return 0;
}

int hal_as_unmap(struct hal_as *as, vaddr_t va)
{
	pte_t *e;
	int err = 0;

	if (as == NULL || !va_canonical(va))
		return -ENOENT;
	va &= ~HAL_PAGE_MASK;
	e = pt_walk(as->root, va, false, &err);
	if (e == NULL || !(*e & RISCV64_PTE_V))
		return -ENOENT;
	*e = 0;
	riscv64_sfence_vma_page(va);
	return 0;
}

int hal_as_protect(struct hal_as *as, vaddr_t va, unsigned int flags)
{
	pte_t bits, *e;
	int err = 0;

	if (as == NULL || !va_canonical(va) || (va & HAL_PAGE_MASK))
		return -EINVAL;
	bits = pte_flags(va, flags);
	if (bits == 0)
		return -EINVAL;
	e = pt_walk(as->root, va, false, &err);
	if (e == NULL || !(*e & RISCV64_PTE_V))
		return -ENOENT;
	*e = (*e & ~((1UL << RISCV64_PTE_PPN_SHIFT) - 1)) | bits;
	riscv64_sfence_vma_page(va);
	return 0;
}

int hal_as_query(struct hal_as *as, vaddr_t va, paddr_t *pa, unsigned int *flags)
{
	pte_t *e;
	int err = 0;

	if (as == NULL || !va_canonical(va))
		return -ENOENT;
	e = pt_walk(as->root, va & ~HAL_PAGE_MASK, false, &err);
	if (e == NULL || !(*e & RISCV64_PTE_V))
		return -ENOENT;
	if (pa != NULL)
		*pa = pte_pa(*e) | (va & HAL_PAGE_MASK);
	if (flags != NULL)
		*flags = pte_to_flags(*e);
	return 0;
}

void hal_as_activate(struct hal_as *as)
{
	riscv64_csr_write(satp, RISCV64_SATP_SV39 | (as->root >> HAL_PAGE_SHIFT));
	riscv64_sfence_vma_all();
}

void hal_tlb_flush_page(struct hal_as *as, vaddr_t va)
{
	riscv64_sfence_vma_page(va & ~HAL_PAGE_MASK);
}

void hal_tlb_flush_all(void)
{
	riscv64_sfence_vma_all();
}

/* Root table physical address of the active space. */
static paddr_t riscv64_active_root(void)
{
	return (riscv64_csr_read(satp) & ((1UL << 44) - 1)) << HAL_PAGE_SHIFT;
}

/*
 * riscv64_mmu_fault_sync - a page fault on va: if va is a kernel address
 * whose root entry the active user space lacks but the kernel space has,
 * copy the entry and return true (the access is retried).
 */
bool riscv64_mmu_fault_sync(vaddr_t va)
{
	paddr_t root = riscv64_active_root();
	unsigned int i = va_index(va, 2);
	pte_t *u, *k;

	if (!riscv64_kernel_as_ready || root == riscv64_kernel_as.root ||
	    va < HAL_USER_TOP || !va_canonical(va))
		return false;
	u = pt_virt(root);
	k = pt_virt(riscv64_kernel_as.root);
	if ((u[i] & RISCV64_PTE_V) || !(k[i] & RISCV64_PTE_V))
		return false;
	u[i] = k[i];
	riscv64_sfence_vma_all();
	return true;
}

/* riscv64_mmu_fault_present - is va mapped at all in the active space? */
bool riscv64_mmu_fault_present(vaddr_t va)
{
	pte_t *pt = pt_virt(riscv64_active_root());
	int level;

	if (!va_canonical(va))
		return false;
	for (level = 2; level >= 0; level--) {
		pte_t e = pt[va_index(va, level)];

		if (!(e & RISCV64_PTE_V))
			return false;
		if (pte_is_leaf(e))
			return true;
		pt = pt_virt(pte_pa(e));
	}
	return false;
}
