/*
 * futex.c - fast user-space mutexes: FUTEX_WAIT and FUTEX_WAKE (and their
 * bitset forms), keyed by address space and user address.  Enough for
 * musl's locks, condition variables and pthread_join.
 */
#include <kernel.h>
#include <proc.h>
#include <sys/syscall.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256

struct futex_waiter {
	struct mm *mm;
	vaddr_t uaddr;
	uint32_t bitset;
	bool woken;
	struct futex_waiter *next;
};

static struct futex_waiter *waiters;
static struct waitqueue futex_wq = WAITQUEUE_INIT("futex");
static spinlock_t futex_lock = SPINLOCK_INIT("futex");

static void unlink_waiter(struct futex_waiter *w)
{
	for (struct futex_waiter **pp = &waiters; *pp; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			return;
		}
}

static int futex_wake_bits(struct mm *mm, vaddr_t uaddr, int n, uint32_t bits)
{
	int woken = 0;
	unsigned long f = spin_lock_irqsave(&futex_lock);

	for (struct futex_waiter *w = waiters; w && woken < n; w = w->next)
		if (w->mm == mm && w->uaddr == uaddr && (w->bitset & bits) && !w->woken) {
			w->woken = true;
			woken++;
		}
	spin_unlock_irqrestore(&futex_lock, f);
	if (woken)
		wq_wake_all(&futex_wq);
	return woken;
}

int futex_wake(struct mm *mm, vaddr_t uaddr, int n)
{
	return futex_wake_bits(mm, uaddr, n, 0xffffffffu);
}

static long futex_wait(struct mm *mm, vaddr_t uaddr, uint32_t val, vaddr_t utimeout,
		       uint32_t bits, bool absolute)
{
	uint32_t cur;
	uint64_t deadline = 0;

	if (uaddr & 3)
		return -EINVAL;
	if (utimeout) {
		int64_t ts[2];
		if (copy_from_user(ts, utimeout, sizeof(ts)))
			return -EFAULT;
		if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
			return -EINVAL;
		uint64_t ns = (uint64_t)ts[0] * 1000000000ULL + (uint64_t)ts[1];
		deadline = absolute ? ns : ktime_ns() + ns;
	}
	struct futex_waiter w = { mm, uaddr, bits, false, NULL };
	unsigned long f = spin_lock_irqsave(&futex_lock);
	/* Compare and enqueue under the lock, so a wake between them is seen. */
	if (copy_from_user(&cur, uaddr, sizeof(cur))) {
		spin_unlock_irqrestore(&futex_lock, f);
		return -EFAULT;
	}
	if (cur != val) {
		spin_unlock_irqrestore(&futex_lock, f);
		return -EAGAIN;
	}
	w.next = waiters;
	waiters = &w;
	spin_unlock_irqrestore(&futex_lock, f);

	long ret = 0;
	for (;;) {
		if (w.woken)
			break;
		if (signal_pending(thread_current())) {
			ret = -ERESTARTSYS;
			break;
		}
		if (deadline && ktime_ns() >= deadline) {
			ret = -ETIMEDOUT;
			break;
		}
		if (deadline) {
			thread_sleep_ticks_interruptible(1);
		} else {
			int r = wait_event_interruptible(&futex_wq, w.woken);
			if (r) {
				ret = r;
				break;
			}
		}
	}
	f = spin_lock_irqsave(&futex_lock);
	unlink_waiter(&w);
	spin_unlock_irqrestore(&futex_lock, f);
	return w.woken ? 0 : ret;
}

long sys_futex(const struct syscall_args *a)
{
	struct mm *mm = proc_current()->mm;
	vaddr_t uaddr = a->a[0];
	int op = (int)a->a[1] & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	uint32_t val = (uint32_t)a->a[2];

	switch (op) {
	case FUTEX_WAIT:
		return futex_wait(mm, uaddr, val, a->a[3], 0xffffffffu, false);
	case FUTEX_WAIT_BITSET:
		if ((uint32_t)a->a[5] == 0)
			return -EINVAL;
		return futex_wait(mm, uaddr, val, a->a[3], (uint32_t)a->a[5], true);
	case FUTEX_WAKE:
		return futex_wake(mm, uaddr, (int)val);
	case FUTEX_WAKE_BITSET:
		if ((uint32_t)a->a[5] == 0)
			return -EINVAL;
		return futex_wake_bits(mm, uaddr, (int)val, (uint32_t)a->a[5]);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE: {
		/* Simplified: wake up to val, and wake the rest too (they re-check). */
		if (op == FUTEX_CMP_REQUEUE) {
			uint32_t cur;
			if (copy_from_user(&cur, uaddr, sizeof(cur)))
				return -EFAULT;
			if (cur != (uint32_t)a->a[5])
				return -EAGAIN;
		}
		int n = futex_wake(mm, uaddr, (int)val);
		return n + futex_wake(mm, a->a[4], (int)a->a[3]);
	}
	}
	return -ENOSYS;
}
