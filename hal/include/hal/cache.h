/*
 * hal/cache.h - cache maintenance for DMA and code modification.
 * On coherent arches (x86_64, s390x) these are empty or nearly.
 */
#ifndef HAL_CACHE_H
#define HAL_CACHE_H

#include <hal/types.h>

/* Write back data cache lines of [va, va+len) (before a device reads). */
void hal_dcache_clean(const void *va, size_t len);
/* Invalidate data cache lines of [va, va+len) (after a device wrote). */
void hal_dcache_inval(const void *va, size_t len);
/* Make instructions written to [va, va+len) visible to instruction fetch
 * (module loading, later the ELF loader). */
void hal_icache_sync(const void *va, size_t len);

#endif
