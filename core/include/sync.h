/*
 * sync.h - spinlocks.
 *
 * A spinlock is a ticket lock on compiler atomics.  spin_lock_irqsave()
 * disables interrupts on this CPU first, so a lock taken from an interrupt
 * handler can also be taken by threads; on one CPU the spinning never
 * happens, on SMP it is real.  Never sleep while holding one.
 */
#ifndef CORE_SYNC_H
#define CORE_SYNC_H

#include <hal/hal.h>

typedef struct spinlock {
	uint32_t next;
	uint32_t owner;
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n) { 0, 0, (n) }

static inline void spin_lock(spinlock_t *l)
{
	uint32_t t = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != t)
		hal_cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long f = hal_irq_save();
	spin_lock(l);
	return f;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	spin_unlock(l);
	hal_irq_restore(f);
}

#endif
