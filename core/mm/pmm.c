/*
 * pmm.c - physical page allocator: a binary buddy allocator.
 *
 * One struct page per 4 KiB frame between the lowest and highest RAM
 * address found; frames that are not RAM or are reserved stay PG_RESERVED
 * forever.  A free block of order k is 2^k frames aligned to 2^k, listed
 * on free_list[k] through its head page.  Everything runs under pmm_lock
 * with interrupts off, so it may be used from interrupt handlers.
 */
#include <kernel.h>
#include <mm.h>
#include <sync.h>

#define MAX_RANGES 32

static struct hal_mem_range ram[MAX_RANGES], rsv[2 * MAX_RANGES];
static unsigned int nram, nrsv;
static struct page *pages;		/* frame array, indexed by pfn - base_pfn */
static uint64_t base_pfn, npages;
static struct page *free_list[PMM_MAX_ORDER + 1];
static size_t nfree, ntotal;
static spinlock_t pmm_lock = SPINLOCK_INIT("pmm");

void pmm_add_range(paddr_t base, paddr_t size)
{
	paddr_t end = ALIGN_DOWN(base + size, HAL_PAGE_SIZE);

	base = ALIGN_UP(base, HAL_PAGE_SIZE);
	if (end <= base)
		return;
	if (nram == MAX_RANGES) {
		pr_warn("pmm: too many RAM ranges, ignoring %#llx+%#llx\n",
			(unsigned long long)base, (unsigned long long)size);
		return;
	}
	ram[nram].base = base;
	ram[nram].size = end - base;
	nram++;
}

void pmm_reserve(paddr_t base, paddr_t size)
{
	if (size == 0)
		return;
	if (nrsv == ARRAY_SIZE(rsv))
		panic("pmm: too many reserved ranges");
	rsv[nrsv].base = ALIGN_DOWN(base, HAL_PAGE_SIZE);
	rsv[nrsv].size = ALIGN_UP(base + size, HAL_PAGE_SIZE) - rsv[nrsv].base;
	nrsv++;
}

static bool is_reserved(paddr_t pa)
{
	for (unsigned int i = 0; i < nrsv; i++)
		if (pa >= rsv[i].base && pa - rsv[i].base < rsv[i].size)
			return true;
	return false;
}

static bool range_free(paddr_t base, paddr_t size)
{
	for (unsigned int i = 0; i < nrsv; i++)
		if (base < rsv[i].base + rsv[i].size && rsv[i].base < base + size)
			return false;
	return true;
}

struct page *pmm_page(paddr_t pa)
{
	uint64_t pfn = pa >> HAL_PAGE_SHIFT;

	if (!pages || pfn < base_pfn || pfn - base_pfn >= npages)
		return NULL;
	return &pages[pfn - base_pfn];
}

static paddr_t page_pa(struct page *p)
{
	return (paddr_t)(base_pfn + (uint64_t)(p - pages)) << HAL_PAGE_SHIFT;
}

static void list_add(unsigned int order, struct page *p)
{
	p->prev = NULL;
	p->next = free_list[order];
	if (p->next)
		p->next->prev = p;
	free_list[order] = p;
	p->flags = PG_FREE;
	p->order = (uint8_t)order;
}

static void list_del(unsigned int order, struct page *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		free_list[order] = p->next;
	if (p->next)
		p->next->prev = p->prev;
	p->next = p->prev = NULL;
	p->flags = 0;
}

/* Free a block, merging with its buddies.  pmm_lock held. */
static void free_block(paddr_t pa, unsigned int order)
{
	uint64_t pfn = pa >> HAL_PAGE_SHIFT;

	while (order < PMM_MAX_ORDER) {
		uint64_t bpfn = pfn ^ (1ULL << order);
		struct page *b = pmm_page(bpfn << HAL_PAGE_SHIFT);
		if (!b || b->flags != PG_FREE || b->order != order)
			break;
		list_del(order, b);
		pfn &= ~(1ULL << order);
		order++;
	}
	list_add(order, pmm_page(pfn << HAL_PAGE_SHIFT));
}

void pmm_init(void)
{
	paddr_t lo = (paddr_t)-1, hi = 0;

	if (nram == 0)
		panic("pmm: no RAM found");
	for (unsigned int i = 0; i < nram; i++) {
		lo = MIN(lo, ram[i].base);
		hi = MAX(hi, ram[i].base + ram[i].size);
	}
	base_pfn = lo >> HAL_PAGE_SHIFT;
	npages = (hi - lo) >> HAL_PAGE_SHIFT;
	size_t bytes = ALIGN_UP(npages * sizeof(struct page), HAL_PAGE_SIZE);

	/* Put the frame array in the first RAM hole big enough. */
	paddr_t at = 0;
	for (unsigned int i = 0; i < nram && !at; i++) {
		for (paddr_t p = ram[i].base; p + bytes <= ram[i].base + ram[i].size;
		     p += HAL_PAGE_SIZE) {
			if (range_free(p, bytes)) {
				at = p;
				break;
			}
		}
	}
	if (!at)
		panic("pmm: no room for %zu bytes of page structures", bytes);
	pages = hal_phys_to_virt(at);
	memset(pages, 0, bytes);
	pmm_reserve(at, bytes);

	for (uint64_t i = 0; i < npages; i++)
		pages[i].flags = PG_RESERVED;
	for (unsigned int i = 0; i < nram; i++) {
		for (paddr_t p = ram[i].base; p < ram[i].base + ram[i].size; p += HAL_PAGE_SIZE) {
			ntotal++;
			if (is_reserved(p))
				continue;
			pmm_page(p)->flags = 0;
			free_block(p, 0);
			nfree++;
		}
	}
}

paddr_t pmm_alloc(unsigned int order, bool zero)
{
	unsigned int o;
	struct page *p = NULL;

	if (order > PMM_MAX_ORDER)
		return 0;
	unsigned long f = spin_lock_irqsave(&pmm_lock);
	for (o = order; o <= PMM_MAX_ORDER; o++)
		if (free_list[o])
			break;
	if (o > PMM_MAX_ORDER) {
		spin_unlock_irqrestore(&pmm_lock, f);
		return 0;
	}
	p = free_list[o];
	list_del(o, p);
	while (o > order) {	/* split, giving back upper halves */
		o--;
		list_add(o, p + (1UL << o));
	}
	p->flags = PG_HEAD;
	p->order = (uint8_t)order;
	p->refs = 1;
	p->slab = NULL;
	nfree -= 1UL << order;
	spin_unlock_irqrestore(&pmm_lock, f);

	paddr_t pa = page_pa(p);
	if (zero)
		memset(hal_phys_to_virt(pa), 0, HAL_PAGE_SIZE << order);
	return pa;
}

void pmm_free(paddr_t pa, unsigned int order)
{
	struct page *p = pmm_page(pa);

	if (!p || (pa & ((HAL_PAGE_SIZE << order) - 1)) || p->flags != PG_HEAD || p->order != order)
		panic("pmm_free: bad free of %#llx order %u (flags %#x)",
		      (unsigned long long)pa, order, p ? p->flags : 0);
	unsigned long f = spin_lock_irqsave(&pmm_lock);
	p->flags = 0;
	p->slab = NULL;
	free_block(pa, order);
	nfree += 1UL << order;
	spin_unlock_irqrestore(&pmm_lock, f);
}

size_t pmm_free_pages(void)
{
	return nfree;
}

size_t pmm_total_pages(void)
{
	return ntotal;
}

paddr_t pmm_ram_top(void)
{
	return (paddr_t)(base_pfn + npages) << HAL_PAGE_SHIFT;
}

paddr_t core_page_alloc(void)
{
	if (!pages)
		return 0;
	return pmm_alloc(0, true);
}

void core_page_free(paddr_t pa)
{
	pmm_free(pa, 0);
}

paddr_t core_pages_alloc(unsigned int order)
{
	if (!pages)
		return 0;
	return pmm_alloc(order, true);
}

void core_pages_free(paddr_t pa, unsigned int order)
{
	pmm_free(pa, order);
}

unsigned int pmm_ram_ranges(const struct hal_mem_range **out)
{
	*out = ram;
	return nram;
}

void page_get(paddr_t pa)
{
	struct page *p = pmm_page(pa);

	if (!p || !(p->flags & PG_HEAD))
		panic("page_get: %#llx is not an allocated page", (unsigned long long)pa);
	__atomic_fetch_add(&p->refs, 1, __ATOMIC_RELAXED);
}

void page_put(paddr_t pa)
{
	struct page *p = pmm_page(pa);

	if (!p || !(p->flags & PG_HEAD) || p->refs == 0)
		panic("page_put: %#llx is not an allocated page", (unsigned long long)pa);
	if (__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) == 0)
		pmm_free(pa, p->order);
}

uint32_t page_refs(paddr_t pa)
{
	struct page *p = pmm_page(pa);

	return p ? __atomic_load_n(&p->refs, __ATOMIC_RELAXED) : 0;
}
