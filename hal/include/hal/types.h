/*
 * hal/types.h - basic types shared by the HAL contract and core.
 *
 * The kernel is freestanding: these come from the compiler's own headers
 * (stdint.h, stddef.h, stdbool.h), never from a C library.
 */
#ifndef HAL_TYPES_H
#define HAL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;	/* physical address */
typedef uintptr_t vaddr_t;	/* virtual address */

#define HAL_PAGE_SHIFT	12
#define HAL_PAGE_SIZE	(1UL << HAL_PAGE_SHIFT)
#define HAL_PAGE_MASK	(HAL_PAGE_SIZE - 1)

#define __noreturn	__attribute__((noreturn))
#define __unused	__attribute__((unused))
#define __packed	__attribute__((packed))
#define __aligned(x)	__attribute__((aligned(x)))
#define __section(s)	__attribute__((section(s)))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#endif
