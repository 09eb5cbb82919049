/*
 * kheap.c - the kernel heap: slab caches on whole pages.
 *
 * A slab is one page: a header, then equal-size objects; free objects are
 * chained through their first word.  Each cache keeps its slabs with free
 * objects on a list; empty slabs go back to the page allocator.  kmalloc
 * uses power-of-two caches from 16 bytes to 2 KiB and whole page blocks
 * above that.  kfree finds the owner through the frame's struct page.
 */
#include <kernel.h>
#include <mm.h>
#include <sync.h>

struct slab {
	struct slab *next, *prev;
	struct kmem_cache *cache;
	void *free;		/* first free object */
	unsigned int inuse;
};

struct kmem_cache {
	const char *name;
	size_t size;		/* object size, multiple of 16 */
	unsigned int per_slab;
	struct slab *partial;	/* slabs with at least one free object */
	size_t objects_inuse;
	spinlock_t lock;
	struct kmem_cache *next;
};

#define SLAB_HDR	ALIGN_UP(sizeof(struct slab), 16)
#define NSIZES		8	/* 16, 32, ..., 2048 */

static struct kmem_cache size_caches[NSIZES];
static struct kmem_cache cache_cache;	/* caches made by kmem_cache_create */
static size_t large_bytes;
static spinlock_t large_lock = SPINLOCK_INIT("kheap-large");

static void cache_setup(struct kmem_cache *c, const char *name, size_t size)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->size = ALIGN_UP(size < 16 ? 16 : size, 16);
	c->per_slab = (HAL_PAGE_SIZE - SLAB_HDR) / c->size;
	c->lock = (spinlock_t)SPINLOCK_INIT(name);
}

void kheap_init(void)
{
	static const char *const names[NSIZES] = {
		"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
		"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
	};

	for (int i = 0; i < NSIZES; i++)
		cache_setup(&size_caches[i], names[i], 16UL << i);
	cache_setup(&cache_cache, "kmem_cache", sizeof(struct kmem_cache));
}

static struct slab *slab_new(struct kmem_cache *c)
{
	paddr_t pa = pmm_alloc(0, false);

	if (!pa)
		return NULL;
	struct slab *s = hal_phys_to_virt(pa);
	s->cache = c;
	s->inuse = 0;
	s->free = NULL;
	char *obj = (char *)s + SLAB_HDR;
	for (unsigned int i = 0; i < c->per_slab; i++) {
		void **o = (void **)(obj + (size_t)(c->per_slab - 1 - i) * c->size);
		*o = s->free;
		s->free = o;
	}
	pmm_page(pa)->slab = c;
	return s;
}

static void partial_add(struct kmem_cache *c, struct slab *s)
{
	s->prev = NULL;
	s->next = c->partial;
	if (s->next)
		s->next->prev = s;
	c->partial = s;
}

static void partial_del(struct kmem_cache *c, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	unsigned long f = spin_lock_irqsave(&c->lock);
	struct slab *s = c->partial;

	if (!s) {
		s = slab_new(c);
		if (!s) {
			spin_unlock_irqrestore(&c->lock, f);
			return NULL;
		}
		partial_add(c, s);
	}
	void **o = s->free;
	s->free = *o;
	s->inuse++;
	c->objects_inuse++;
	if (!s->free)
		partial_del(c, s);
	spin_unlock_irqrestore(&c->lock, f);
	return o;
}

void kmem_cache_free(struct kmem_cache *c, void *p)
{
	struct slab *s = (struct slab *)ALIGN_DOWN((uintptr_t)p, HAL_PAGE_SIZE);

	if (s->cache != c || ((uintptr_t)p - (uintptr_t)s - SLAB_HDR) % c->size)
		panic("kmem_cache_free: %p is not an object of %s", p, c->name);
	unsigned long f = spin_lock_irqsave(&c->lock);
	bool was_full = s->free == NULL;
	*(void **)p = s->free;
	s->free = p;
	s->inuse--;
	c->objects_inuse--;
	if (s->inuse == 0) {
		if (!was_full)
			partial_del(c, s);
		pmm_page(hal_virt_to_phys(s))->slab = NULL;
		pmm_free(hal_virt_to_phys(s), 0);
	} else if (was_full) {
		partial_add(c, s);
	}
	spin_unlock_irqrestore(&c->lock, f);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size)
{
	if (size == 0 || size > HAL_PAGE_SIZE - SLAB_HDR)
		return NULL;
	struct kmem_cache *c = kmem_cache_alloc(&cache_cache);
	if (c)
		cache_setup(c, name, size);
	return c;
}

void *kmalloc(size_t size)
{
	if (size == 0)
		return NULL;
	for (int i = 0; i < NSIZES; i++)
		if (size <= size_caches[i].size)
			return kmem_cache_alloc(&size_caches[i]);
	unsigned int order = 0;
	while ((HAL_PAGE_SIZE << order) < size)
		if (++order > PMM_MAX_ORDER)
			return NULL;
	paddr_t pa = pmm_alloc(order, false);
	if (!pa)
		return NULL;
	unsigned long f = spin_lock_irqsave(&large_lock);
	large_bytes += HAL_PAGE_SIZE << order;
	spin_unlock_irqrestore(&large_lock, f);
	return hal_phys_to_virt(pa);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	paddr_t pa = hal_virt_to_phys(p);
	struct page *pg = pmm_page(ALIGN_DOWN(pa, HAL_PAGE_SIZE));
	if (!pg)
		panic("kfree: %p is not heap memory", p);
	if (pg->slab) {
		kmem_cache_free(pg->slab, p);
		return;
	}
	if (!(pg->flags & PG_HEAD) || (pa & HAL_PAGE_MASK))
		panic("kfree: %p was not allocated by kmalloc", p);
	unsigned long f = spin_lock_irqsave(&large_lock);
	large_bytes -= HAL_PAGE_SIZE << pg->order;
	spin_unlock_irqrestore(&large_lock, f);
	pmm_free(pa, pg->order);
}

size_t kheap_in_use(void)
{
	size_t n = large_bytes;

	for (int i = 0; i < NSIZES; i++)
		n += size_caches[i].objects_inuse * size_caches[i].size;
	return n;
}
