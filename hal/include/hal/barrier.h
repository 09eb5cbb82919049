/*
 * hal/barrier.h - memory barriers and MMIO accessors.
 *
 * The arch may define any of these in <arch/hal_arch.h>; the fallbacks below
 * use C11/compiler atomics and are correct, if not the cheapest, everywhere.
 * Atomics themselves come from the compiler (__atomic builtins).
 */
#ifndef HAL_BARRIER_H
#define HAL_BARRIER_H

#include <hal/types.h>

#ifndef hal_mb
#define hal_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef hal_rmb
#define hal_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
#ifndef hal_wmb
#define hal_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#endif
#ifndef hal_compiler_barrier
#define hal_compiler_barrier()	__asm__ __volatile__("" ::: "memory")
#endif

/*
 * MMIO: little-endian device registers (virtio, PL011, ns16550, GIC, PLIC)
 * read and written with the needed ordering.  Big-endian arches swap.
 * Arches whose device memory needs special instructions define
 * HAL_HAS_MMIO and their own versions.
 */
#ifndef HAL_HAS_MMIO
static inline uint32_t hal_le32(uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}
static inline uint8_t hal_mmio_read8(const volatile void *a)
{
	uint8_t v = *(const volatile uint8_t *)a;
	hal_rmb();
	return v;
}
static inline void hal_mmio_write8(volatile void *a, uint8_t v)
{
	hal_wmb();
	*(volatile uint8_t *)a = v;
}
static inline uint32_t hal_mmio_read32(const volatile void *a)
{
	uint32_t v = hal_le32(*(const volatile uint32_t *)a);
	hal_rmb();
	return v;
}
static inline void hal_mmio_write32(volatile void *a, uint32_t v)
{
	hal_wmb();
	*(volatile uint32_t *)a = hal_le32(v);
}
#endif

#endif
