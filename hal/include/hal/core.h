/*
 * hal/core.h - the services core offers to the arch.
 *
 * This is the other half of the contract: the only core functions arch/
 * code may call.
 */
#ifndef HAL_CORE_H
#define HAL_CORE_H

#include <hal/types.h>

struct hal_trapframe;
struct hal_trap_info;
struct hal_as;

/* Trap entry points: see <hal/trap.h> for when the arch calls each one.
 * Interrupt context, interrupts disabled. */
void core_trap_exception(struct hal_trapframe *tf, const struct hal_trap_info *info);
void core_irq_dispatch(unsigned int irq);
void core_timer_tick(void);
void core_trap_return(struct hal_trapframe *tf);

/*
 * Page-sized physical memory for page tables and arch structures.
 * core_page_alloc returns the physical address of a zeroed 4 KiB page, or 0
 * when memory is exhausted (the caller returns -ENOMEM).  Before the page
 * allocator is up (pmm_init() in core_main, before the kernel page tables
 * are built) it returns 0.  Any context; does not sleep.
 */
paddr_t core_page_alloc(void);
void core_page_free(paddr_t pa);
/* The same for 2^order physically contiguous pages, aligned to their size
 * (s390 region/segment tables are 16 KiB).  0 when memory is exhausted. */
paddr_t core_pages_alloc(unsigned int order);
void core_pages_free(paddr_t pa, unsigned int order);

/*
 * core_ioremap - map size bytes of device memory at physical pa into the
 * kernel address space (uncached, non-executable) and return its virtual
 * address, or NULL.  Only after core's page tables are active.
 */
void *core_ioremap(paddr_t pa, size_t size);

/*
 * core_user_fault - make the user page at va of address space as present
 * with the given HAL_FAULT_* access (demand paging, copy-on-write), for
 * copies to and from user memory.  0, or -EFAULT when the access is not
 * allowed there.  Process context.
 */
int core_user_fault(struct hal_as *as, vaddr_t va, unsigned int access);

/* Kernel log: printf-style, one message; and the panic path. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void core_panic(const char *fmt, ...) __noreturn __attribute__((format(printf, 1, 2)));

/* Device tree queries the arch may use in hal_init_post_mm(): see
 * core/include/fdt.h. */

#endif
