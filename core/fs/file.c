/*
 * file.c - open files, descriptor tables and the character device table
 * (the interface of core/include/file.h).
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <vfs.h>
#include "fs_internal.h"

struct file *file_alloc(const struct file_ops *ops, unsigned int flags, void *private)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->flags = flags;
	f->refs = 1;
	f->private = private;
	return f;
}

static spinlock_t file_ref_lock = SPINLOCK_INIT("file_ref");

void file_get(struct file *f)
{
	unsigned long fl = spin_lock_irqsave(&file_ref_lock);
	f->refs++;
	spin_unlock_irqrestore(&file_ref_lock, fl);
}

void file_put(struct file *f)
{
	if (!f)
		return;
	unsigned long fl = spin_lock_irqsave(&file_ref_lock);
	if (f->refs <= 0)
		panic("file_put: file %p has %d refs", f, f->refs);
	int left = --f->refs;
	spin_unlock_irqrestore(&file_ref_lock, fl);
	if (left)
		return;
	if (f->ops && f->ops->release)
		f->ops->release(f);
	if (f->dentry || f->inode) {
		vfs_lock();
		struct mount *m = f->dentry ? file_mount(f) : NULL;
		if (m)
			m->refs--;
		d_put(f->dentry);
		inode_put(f->inode);
		vfs_unlock();
	}
	kfree(f);
}

/* ---- descriptor tables */

struct files *files_create(void)
{
	struct files *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refs = 1;
	fs->lock = (spinlock_t)SPINLOCK_INIT("files");
	return fs;
}

struct files *files_dup(struct files *src)
{
	struct files *fs = files_create();

	if (!fs)
		return NULL;
	unsigned long f = spin_lock_irqsave(&src->lock);
	for (int i = 0; i < FD_MAX; i++) {
		if (src->fd[i]) {
			fs->fd[i] = src->fd[i];
			fs->fdflags[i] = src->fdflags[i];
			file_get(fs->fd[i]);
		}
	}
	spin_unlock_irqrestore(&src->lock, f);
	return fs;
}

void files_put(struct files *fs)
{
	if (!fs)
		return;
	unsigned long f = spin_lock_irqsave(&fs->lock);
	int left = --fs->refs;
	spin_unlock_irqrestore(&fs->lock, f);
	if (left)
		return;
	for (int i = 0; i < FD_MAX; i++)
		if (fs->fd[i]) {
			file_put(fs->fd[i]);
			fs->fd[i] = NULL;
		}
	kfree(fs);
}

void files_close_on_exec(struct files *fs)
{
	for (int i = 0; i < FD_MAX; i++) {
		unsigned long f = spin_lock_irqsave(&fs->lock);
		struct file *file = NULL;
		if (fs->fd[i] && (fs->fdflags[i] & FD_CLOEXEC)) {
			file = fs->fd[i];
			fs->fd[i] = NULL;
			fs->fdflags[i] = 0;
		}
		spin_unlock_irqrestore(&fs->lock, f);
		if (file)
			file_put(file);
	}
}

int fd_install(struct files *fs, struct file *f, int min, unsigned int fdflags)
{
	if (min < 0)
		return -EINVAL;
	unsigned long fl = spin_lock_irqsave(&fs->lock);
	for (int i = min; i < FD_MAX; i++) {
		if (!fs->fd[i]) {
			fs->fd[i] = f;
			fs->fdflags[i] = (uint8_t)(fdflags & FD_CLOEXEC);
			spin_unlock_irqrestore(&fs->lock, fl);
			return i;
		}
	}
	spin_unlock_irqrestore(&fs->lock, fl);
	return min >= FD_MAX ? -EINVAL : -EMFILE;
}

int fd_install_at(struct files *fs, int fd, struct file *f, unsigned int fdflags)
{
	if (fd < 0 || fd >= FD_MAX)
		return -EBADF;
	unsigned long fl = spin_lock_irqsave(&fs->lock);
	struct file *old = fs->fd[fd];
	fs->fd[fd] = f;
	fs->fdflags[fd] = (uint8_t)(fdflags & FD_CLOEXEC);
	spin_unlock_irqrestore(&fs->lock, fl);
	if (old)
		file_put(old);
	return fd;
}

struct file *fd_get(struct files *fs, int fd)
{
	if (!fs || fd < 0 || fd >= FD_MAX)
		return NULL;
	unsigned long fl = spin_lock_irqsave(&fs->lock);
	struct file *f = fs->fd[fd];
	if (f)
		file_get(f);
	spin_unlock_irqrestore(&fs->lock, fl);
	return f;
}

int fd_close(struct files *fs, int fd)
{
	if (!fs || fd < 0 || fd >= FD_MAX)
		return -EBADF;
	unsigned long fl = spin_lock_irqsave(&fs->lock);
	struct file *f = fs->fd[fd];
	fs->fd[fd] = NULL;
	fs->fdflags[fd] = 0;
	spin_unlock_irqrestore(&fs->lock, fl);
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

int fd_get_flags(struct files *fs, int fd)
{
	if (!fs || fd < 0 || fd >= FD_MAX)
		return -EBADF;
	unsigned long fl = spin_lock_irqsave(&fs->lock);
	int r = fs->fd[fd] ? fs->fdflags[fd] : -EBADF;
	spin_unlock_irqrestore(&fs->lock, fl);
	return r;
}

int fd_set_flags(struct files *fs, int fd, unsigned int fdflags)
{
	if (!fs || fd < 0 || fd >= FD_MAX)
		return -EBADF;
	unsigned long fl = spin_lock_irqsave(&fs->lock);
	int r = -EBADF;
	if (fs->fd[fd]) {
		fs->fdflags[fd] = (uint8_t)(fdflags & FD_CLOEXEC);
		r = 0;
	}
	spin_unlock_irqrestore(&fs->lock, fl);
	return r;
}

/* ---- character devices */

struct chrdev {
	unsigned int major, minor;
	const char *name;
	const struct file_ops *ops;
};

#define CHRDEV_MAX 64
static struct chrdev chrdevs[CHRDEV_MAX];
static unsigned int nchrdevs;
static spinlock_t chrdev_lock = SPINLOCK_INIT("chrdev");

int chrdev_register(unsigned int major, unsigned int minor, const char *name,
		    const struct file_ops *ops)
{
	unsigned long f = spin_lock_irqsave(&chrdev_lock);
	int err = 0;

	for (unsigned int i = 0; i < nchrdevs; i++)
		if (chrdevs[i].major == major && chrdevs[i].minor == minor)
			err = -EBUSY;
	if (!err && nchrdevs == CHRDEV_MAX)
		err = -ENOSPC;
	if (!err)
		chrdevs[nchrdevs++] = (struct chrdev){ major, minor, name, ops };
	spin_unlock_irqrestore(&chrdev_lock, f);
	return err;
}

const struct file_ops *chrdev_lookup(unsigned int major, unsigned int minor)
{
	const struct file_ops *ops = NULL;
	unsigned long f = spin_lock_irqsave(&chrdev_lock);

	for (unsigned int i = 0; i < nchrdevs; i++)
		if (chrdevs[i].major == major && chrdevs[i].minor == minor)
			ops = chrdevs[i].ops;
	spin_unlock_irqrestore(&chrdev_lock, f);
	return ops;
}

/* ---- poll */

void poll_wait(struct poll_table *pt, struct waitqueue *wq)
{
	/* Every wake-up also wakes poll_global_wq, where pollers sleep. */
	(void)pt;
	(void)wq;
}

/* ---- interruptible waits with timeouts */

static bool ticker_started;
static int timed_waiters;

/* Wake poll_global_wq once per tick while a sleeper there has a deadline
 * (signals wake sleepers by themselves: thread_interrupt). */
static void fs_ticker(void *arg)
{
	for (;;) {
		thread_sleep_ticks(1);
		if (__atomic_load_n(&timed_waiters, __ATOMIC_RELAXED) &&
		    __atomic_load_n(&poll_global_wq.head, __ATOMIC_RELAXED))
			wq_wake_all(&poll_global_wq);
	}
}

static void ticker_start(void)
{
	if (!__atomic_exchange_n(&ticker_started, true, __ATOMIC_ACQ_REL)) {
		if (!kthread_create("fswake", fs_ticker, NULL))
			ticker_started = false;
	}
}

int fs_wait(bool (*cond)(void *), void *arg, uint64_t deadline)
{
	if (deadline) {
		ticker_start();
		__atomic_fetch_add(&timed_waiters, 1, __ATOMIC_RELAXED);
	}
	unsigned long f = spin_lock_irqsave(&poll_global_wq.lock);
	int r = 0;
	while (!cond(arg)) {
		if (deadline && jiffies >= deadline) {
			r = -ETIMEDOUT;
			break;
		}
		r = wq_sleep_interruptible(&poll_global_wq, &f);
		if (r)
			break;
	}
	spin_unlock_irqrestore(&poll_global_wq.lock, f);
	if (deadline)
		__atomic_fetch_sub(&timed_waiters, 1, __ATOMIC_RELAXED);
	return r;
}

int fs_sleep_once(bool timed)
{
	if (timed) {
		ticker_start();
		__atomic_fetch_add(&timed_waiters, 1, __ATOMIC_RELAXED);
	}
	unsigned long f = spin_lock_irqsave(&poll_global_wq.lock);
	int r = wq_sleep_interruptible(&poll_global_wq, &f);
	spin_unlock_irqrestore(&poll_global_wq.lock, f);
	if (timed)
		__atomic_fetch_sub(&timed_waiters, 1, __ATOMIC_RELAXED);
	return r;
}
