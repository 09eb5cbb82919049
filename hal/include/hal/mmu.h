/*
 * hal/mmu.h - address spaces and page tables.
 *
 * Pages are 4 KiB on every port.  An address space (struct hal_as, defined
 * by the arch) is a page-table root plus whatever the arch needs (ASID, ...).
 * Core keeps its own records of what is mapped; the arch only translates.
 *
 * Page-table pages come from core_page_alloc().  All functions here return
 * 0 or a negative errno and never panic on bad input.
 *
 * The arch's <arch/hal_arch.h> also provides:
 *   void *hal_phys_to_virt(paddr_t pa);   direct-map address of RAM or MMIO
 *   paddr_t hal_virt_to_phys(const void *va);   inverse, direct map only
 *   paddr_t hal_kernel_virt_to_phys(const void *va);  for kernel-image
 *       addresses (text, data, bss), whose mapping the arch chose
 *   HAL_USER_TOP   first address above user space (exclusive)
 */
#ifndef HAL_MMU_H
#define HAL_MMU_H

#include <hal/types.h>

struct hal_as;

/* Mapping flags. */
#define HAL_MAP_R	0x01
#define HAL_MAP_W	0x02
#define HAL_MAP_X	0x04
#define HAL_MAP_USER	0x08
#define HAL_MAP_DEVICE	0x10	/* uncached device memory, never executable */
#define HAL_MAP_GLOBAL	0x20	/* kernel mapping shared by all spaces */

/*
 * hal_as_kernel_create - create the (empty) kernel address space that core
 * then fills through hal_as_map() and activates.  Once, during boot.
 * Returns NULL when out of memory.
 */
struct hal_as *hal_as_kernel_create(void);

/* The kernel address space after hal_as_kernel_create(). */
struct hal_as *hal_as_kernel(void);

/*
 * hal_as_create - a new user address space whose kernel half is the kernel
 * address space's.  Returns NULL when out of memory.  Process context.
 */
struct hal_as *hal_as_create(void);

/* Free an address space's page tables (not the pages they map).  It must not
 * be active on any CPU. */
void hal_as_destroy(struct hal_as *as);

/*
 * hal_as_map - map the 4 KiB page at va to physical pa with flags.
 * Replaces an existing mapping of va.  Returns 0, -EINVAL for a misaligned
 * or out-of-range va/pa or a kernel (non-USER) W+X request, -ENOMEM when a page table cannot
 * be allocated.  The caller flushes the TLB for replaced mappings.
 * Any context; serialised by the caller per address space.
 */
int hal_as_map(struct hal_as *as, vaddr_t va, paddr_t pa, unsigned int flags);

/* hal_as_unmap - remove the mapping of the page at va; -ENOENT if none.
 * Flushes the TLB entry for va on this CPU. */
int hal_as_unmap(struct hal_as *as, vaddr_t va);

/* hal_as_protect - change the flags of an existing mapping; -ENOENT if
 * none, -EINVAL as for hal_as_map.  Flushes the TLB entry on this CPU. */
int hal_as_protect(struct hal_as *as, vaddr_t va, unsigned int flags);

/* hal_as_query - look up va: 0 and *pa and *flags (either may be NULL), or
 * -ENOENT when not mapped. */
int hal_as_query(struct hal_as *as, vaddr_t va, paddr_t *pa, unsigned int *flags);

/* hal_as_activate - make as the current address space on this CPU (and
 * flush what the arch must).  Interrupts disabled. */
void hal_as_activate(struct hal_as *as);

/* TLB maintenance on this CPU. */
void hal_tlb_flush_page(struct hal_as *as, vaddr_t va);
void hal_tlb_flush_all(void);

#endif
