/*
 * Stub port: the whole HAL contract as no-ops, so that core/ and drivers/
 * compile and link with no hardware at all (HelenOS's abs32le idea).  It is
 * built by the test suite and never run; it proves core has no hidden
 * dependency on any real arch.
 */
#ifndef ARCH_STUB_HAL_ARCH_H
#define ARCH_STUB_HAL_ARCH_H

#include <hal/types.h>

#ifndef __ASSEMBLY__
struct hal_context { unsigned long regs[16]; };
struct hal_trapframe { unsigned long regs[32]; unsigned long pc, sp, user; };
struct hal_as { unsigned long root; };

#define HAL_USER_TOP 0x0000800000000000UL

static inline unsigned long hal_irq_save(void) { return 0; }
static inline void hal_irq_restore(unsigned long f) { (void)f; }
static inline void hal_irq_enable(void) { }
static inline void hal_irq_disable(void) { }
static inline bool hal_irq_enabled(void) { return false; }
static inline void hal_cpu_relax(void) { }
static inline unsigned int hal_cpu_id(void) { return 0; }
static inline void *hal_phys_to_virt(paddr_t pa) { return (void *)(uintptr_t)pa; }
static inline paddr_t hal_virt_to_phys(const void *va) { return (paddr_t)(uintptr_t)va; }
static inline paddr_t hal_kernel_virt_to_phys(const void *va) { return (paddr_t)(uintptr_t)va; }
#endif

#endif
