/*
 * mm.h - physical pages, the kernel heap, the kernel address space.
 */
#ifndef CORE_MM_H
#define CORE_MM_H

#include <hal/types.h>
#include <hal/boot.h>

/* ---- physical page allocator (core/mm/pmm.c): a binary buddy allocator
 * over every RAM range found, one struct page per 4 KiB frame. */

#define PMM_MAX_ORDER 10	/* largest block: 2^10 pages = 4 MiB */

struct page {
	struct page *next, *prev;	/* free list links */
	uint32_t flags;
	uint8_t order;			/* block order while free or allocated head */
	uint32_t refs;			/* user mappings sharing an order-0 page */
	void *slab;			/* owning slab cache, or NULL */
};

#define PG_FREE		0x1	/* head of a free block */
#define PG_RESERVED	0x2	/* never handed out */
#define PG_HEAD		0x4	/* head of an allocated block */

/* Add a RAM range (before pmm_init); reserve a range inside RAM. */
void pmm_add_range(paddr_t base, paddr_t size);
void pmm_reserve(paddr_t base, paddr_t size);
/* Build the free lists; pages reserved so far stay out. */
void pmm_init(void);
/* 2^order contiguous pages, zeroed when zero is true; 0 when out of memory. */
paddr_t pmm_alloc(unsigned int order, bool zero);
void pmm_free(paddr_t pa, unsigned int order);
struct page *pmm_page(paddr_t pa);	/* NULL outside managed RAM */
/* Reference counts of order-0 pages shared copy-on-write (pmm_alloc gives
 * one reference; the last page_put frees the page). */
void page_get(paddr_t pa);
void page_put(paddr_t pa);
uint32_t page_refs(paddr_t pa);
size_t pmm_free_pages(void);
size_t pmm_total_pages(void);
paddr_t pmm_ram_top(void);
/* The RAM ranges given to pmm_add_range(), for the direct map. */
unsigned int pmm_ram_ranges(const struct hal_mem_range **out);

/* ---- kernel heap (core/mm/kheap.c): slab caches of power-of-two sizes
 * from 16 bytes to 2 KiB; larger requests take whole pages. */
void kheap_init(void);
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
size_t kheap_in_use(void);

struct kmem_cache;
struct kmem_cache *kmem_cache_create(const char *name, size_t size);
void *kmem_cache_alloc(struct kmem_cache *c);
void kmem_cache_free(struct kmem_cache *c, void *p);

/* ---- kernel address space (core/mm/vm.c). */
void vm_init(void);

#endif
