/*
 * poll.c - poll, ppoll, select and pselect6.  Waiters sleep on
 * poll_global_wq (every wq_wake_all() wakes it, and core/fs's helper
 * thread once per tick while anyone sleeps there) and re-check all their
 * files after each wake-up.  A pending signal ends the wait with -EINTR
 * (Linux restarts poll/select only when no handler ran; with a handler it
 * is EINTR whatever SA_RESTART says).
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sys/syscall.h>
#include <vfs.h>
#include "fs_internal.h"

#define POLLRDBAND	0x0080
#define POLLWRBAND	0x0200
#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	(POLLPRI)
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
#define UNBLOCKABLE	(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

struct k_pollfd {
	int fd;
	short events, revents;
};

struct k_timespec {
	int64_t sec, nsec;
};

static unsigned int file_poll(struct file *f)
{
	if (f->flags & O_PATH)
		return POLLNVAL;
	return f->ops->poll ? f->ops->poll(f, NULL) : DEFAULT_POLLMASK;
}

/* Jiffies deadline for a timeout in ns: 0 = wait forever, 1 = do not wait. */
static uint64_t deadline_of(int64_t ns)
{
	if (ns < 0)
		return 0;
	if (ns == 0)
		return 1;
	uint64_t ticks = ((uint64_t)ns + (1000000000ULL / HZ) - 1) / (1000000000ULL / HZ);
	return jiffies + ticks + 1;
}

/* Remaining time in ns at the end of a wait (for the copy back). */
static int64_t remaining_ns(uint64_t deadline)
{
	if (deadline <= 1 || jiffies >= deadline)
		return 0;
	return (int64_t)(deadline - jiffies) * (1000000000LL / HZ);
}

static long do_poll(struct k_pollfd *pfd, unsigned int n, uint64_t deadline)
{
	struct files *fs = cur_files();

	for (;;) {
		long count = 0;
		for (unsigned int i = 0; i < n; i++) {
			pfd[i].revents = 0;
			if (pfd[i].fd < 0)
				continue;
			struct file *f = fd_get(fs, pfd[i].fd);
			unsigned int m = f ? file_poll(f) : POLLNVAL;
			if (f)
				file_put(f);
			m &= (unsigned int)(uint16_t)pfd[i].events | POLLERR | POLLHUP | POLLNVAL;
			pfd[i].revents = (short)m;
			count += m != 0;
		}
		if (count || deadline == 1)
			return count;
		if (signal_pending_current())
			return -EINTR;
		if (deadline && jiffies >= deadline)
			return 0;
		if (fs_sleep_once(deadline != 0))
			return -EINTR;
	}
}

static long poll_common(vaddr_t ufds, unsigned long n, uint64_t deadline)
{
	if (n > FD_MAX)
		return -EINVAL;
	struct k_pollfd *pfd = NULL;
	if (n) {
		pfd = kmalloc(n * sizeof(*pfd));
		if (!pfd)
			return -ENOMEM;
		if (copy_from_user(pfd, ufds, n * sizeof(*pfd))) {
			kfree(pfd);
			return -EFAULT;
		}
	}
	long r = do_poll(pfd, (unsigned int)n, deadline);
	if (r >= 0 && n) {
		/* Only revents changes: copy each one back. */
		for (unsigned long i = 0; i < n; i++)
			if (copy_to_user(ufds + i * sizeof(*pfd) + 6, &pfd[i].revents, 2)) {
				r = -EFAULT;
				break;
			}
	}
	kfree(pfd);
	return r;
}

long sys_poll(const struct syscall_args *a)
{
	int ms = (int)a->a[2];
	return poll_common(a->a[0], a->a[1], deadline_of(ms < 0 ? -1 : (int64_t)ms * 1000000));
}

/* Read a timespec timeout: its ns, -1 for NULL; -EFAULT/-EINVAL. */
static int get_timeout(vaddr_t uts, bool usec, int64_t *ns)
{
	struct k_timespec ts;

	if (!uts) {
		*ns = -1;
		return 0;
	}
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	int64_t frac_max = usec ? 1000000 : 1000000000;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= frac_max)
		return -EINVAL;
	int64_t f = usec ? ts.nsec * 1000 : ts.nsec;
	*ns = ts.sec > 1000000000LL * 100 ? INT64_MAX / 2 : ts.sec * 1000000000LL + f;
	return 0;
}

static void put_timeout(vaddr_t uts, bool usec, uint64_t deadline)
{
	if (!uts)
		return;
	int64_t ns = remaining_ns(deadline);
	struct k_timespec ts = { ns / 1000000000LL, ns % 1000000000LL };
	if (usec)
		ts.nsec /= 1000;
	copy_to_user(uts, &ts, sizeof(ts));	/* Linux ignores a failure here too */
}

/* Install the temporary signal mask of ppoll/pselect6; the old one in *old. */
static int set_tmp_mask(vaddr_t umask, size_t size, uint64_t *old, bool *changed)
{
	*changed = false;
	if (!umask)
		return 0;
	if (size != sizeof(uint64_t))
		return -EINVAL;
	uint64_t m;
	if (copy_from_user(&m, umask, sizeof(m)))
		return -EFAULT;
	struct thread *t = thread_current();
	*old = t->sigmask;
	t->sigmask = m & ~UNBLOCKABLE;
	*changed = true;
	return 0;
}

/*
 * The old mask comes back before the return to user mode: a signal that
 * only the temporary mask let through stays pending, where Linux would
 * deliver it first (its TIF_RESTORE_SIGMASK); a hook in signal delivery is
 * needed for that.
 */
static void restore_mask(uint64_t old, bool changed)
{
	if (changed)
		thread_current()->sigmask = old;
}

long sys_ppoll(const struct syscall_args *a)
{
	int64_t ns;
	int err = get_timeout(a->a[2], false, &ns);

	if (err)
		return err;
	uint64_t old;
	bool changed;
	err = set_tmp_mask(a->a[3], a->a[4], &old, &changed);
	if (err)
		return err;
	uint64_t deadline = deadline_of(ns);
	long r = poll_common(a->a[0], a->a[1], deadline);
	restore_mask(old, changed);
	if (ns > 0)
		put_timeout(a->a[2], false, deadline);
	return r;
}

/* ---- select */

#define BITS_PER_LONG	(8 * sizeof(unsigned long))
#define FDSET_LONGS	(FD_MAX / BITS_PER_LONG)

static long do_select(int n, vaddr_t ur, vaddr_t uw, vaddr_t ue, uint64_t deadline)
{
	unsigned long in[3][FDSET_LONGS], out[3][FDSET_LONGS];
	vaddr_t u[3] = { ur, uw, ue };

	if (n < 0)
		return -EINVAL;
	if (n > FD_MAX)
		n = FD_MAX;
	size_t bytes = ALIGN_UP((size_t)n, BITS_PER_LONG) / 8;
	memset(in, 0, sizeof(in));
	for (int k = 0; k < 3; k++)
		if (u[k] && bytes && copy_from_user(in[k], u[k], bytes))
			return -EFAULT;
	struct files *fs = cur_files();
	long count;
	for (;;) {
		count = 0;
		memset(out, 0, sizeof(out));
		for (int fd = 0; fd < n; fd++) {
			unsigned long bit = 1UL << (fd % BITS_PER_LONG);
			size_t w = (size_t)fd / BITS_PER_LONG;
			if (!((in[0][w] | in[1][w] | in[2][w]) & bit))
				continue;
			struct file *f = fd_get(fs, fd);
			if (!f)
				return -EBADF;
			unsigned int m = file_poll(f);
			file_put(f);
			if ((in[0][w] & bit) && (m & POLLIN_SET)) {
				out[0][w] |= bit;
				count++;
			}
			if ((in[1][w] & bit) && (m & POLLOUT_SET)) {
				out[1][w] |= bit;
				count++;
			}
			if ((in[2][w] & bit) && (m & POLLEX_SET)) {
				out[2][w] |= bit;
				count++;
			}
		}
		if (count || deadline == 1)
			break;
		if (signal_pending_current())
			return -EINTR;
		if (deadline && jiffies >= deadline)
			break;
		if (fs_sleep_once(deadline != 0))
			return -EINTR;
	}
	for (int k = 0; k < 3; k++)
		if (u[k] && bytes && copy_to_user(u[k], out[k], bytes))
			return -EFAULT;
	return count;
}

long sys_select(const struct syscall_args *a)
{
	int64_t ns;
	int err = get_timeout(a->a[4], true, &ns);

	if (err)
		return err;
	uint64_t deadline = deadline_of(ns);
	long r = do_select((int)a->a[0], a->a[1], a->a[2], a->a[3], deadline);
	if (ns > 0)
		put_timeout(a->a[4], true, deadline);
	return r;
}

long sys_pselect6(const struct syscall_args *a)
{
	int64_t ns;
	int err = get_timeout(a->a[4], false, &ns);

	if (err)
		return err;
	uint64_t old = 0;
	bool changed = false;
	if (a->a[5]) {
		/* The sixth argument points at { const sigset_t *ss; size_t ss_len; }. */
		unsigned long sig[2];
		if (copy_from_user(sig, a->a[5], sizeof(sig)))
			return -EFAULT;
		err = set_tmp_mask(sig[0], sig[1], &old, &changed);
		if (err)
			return err;
	}
	uint64_t deadline = deadline_of(ns);
	long r = do_select((int)a->a[0], a->a[1], a->a[2], a->a[3], deadline);
	restore_mask(old, changed);
	if (ns > 0)
		put_timeout(a->a[4], false, deadline);
	return r;
}

/* ppc64 and s390x number the timeval select as _newselect. */
long sys__newselect(const struct syscall_args *a)
{
	return sys_select(a);
}
