/*
 * pipe.c - pipes: a 64 KiB ring buffer between a read and a write file.
 * Writes of at most PIPE_BUF bytes are atomic; a write with no reader left
 * gets SIGPIPE and -EPIPE; a read with no writer left gets end of file.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <asm/ioctls.h>
#include <vfs.h>
#include "fs_internal.h"

#define PIPE_SIZE	65536
#define PIPE_ORDER	4	/* 16 pages */
#define PIPE_BUF	4096

struct pipe {
	char *buf;
	size_t head, len;	/* read position, bytes buffered */
	int readers, writers;
	struct kmutex lock;
	uint64_t ino;
	uint32_t uid, gid;
	struct timespec64 ctime;
	struct inode *fifo;	/* the named pipe's inode, or NULL */
};

static const struct file_ops pipe_read_ops, pipe_write_ops, pipe_rdwr_ops;
static struct kmutex fifo_lock = KMUTEX_INIT("fifo");
static uint64_t next_pipe_ino = 1;

bool file_is_pipe(const struct file *f)
{
	return f->ops == &pipe_read_ops || f->ops == &pipe_write_ops || f->ops == &pipe_rdwr_ops;
}

void pipe_stat(const struct file *f, struct kstat *st)
{
	struct pipe *p = f->private;

	memset(st, 0, sizeof(*st));
	st->mode = S_IFIFO | 0600;
	st->ino = p->ino;
	st->nlink = 1;
	st->uid = p->uid;
	st->gid = p->gid;
	st->blksize = HAL_PAGE_SIZE;
	st->dev_minor = 12;	/* pipefs's anonymous device, as Linux numbers it */
	st->dev = dev_encode(MKDEV(0, 12));
	st->atime = st->mtime = st->ctime = p->ctime;
}

struct pipe_wait {
	struct pipe *p;
	size_t need;		/* bytes of room a writer waits for; 0 for readers */
};

static bool readable(void *arg)
{
	struct pipe *p = ((struct pipe_wait *)arg)->p;
	return p->len || !p->writers;
}

static bool writable(void *arg)
{
	struct pipe_wait *w = arg;
	return PIPE_SIZE - w->p->len >= w->need || !w->p->readers;
}

static long pipe_read(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	struct pipe *p = f->private;

	kmutex_lock(&p->lock);
	while (!p->len) {
		if (!p->writers) {
			kmutex_unlock(&p->lock);
			return 0;
		}
		kmutex_unlock(&p->lock);
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		struct pipe_wait w = { p, 0 };
		int err = fs_wait(readable, &w, 0);
		if (err)
			return err;
		kmutex_lock(&p->lock);
	}
	size_t done = 0;
	long err = 0;
	n = MIN(n, p->len);
	while (done < n) {
		size_t chunk = MIN(n - done, PIPE_SIZE - p->head);
		size_t left = copy_to_user(buf + done, p->buf + p->head, chunk);
		chunk -= left;
		p->head = (p->head + chunk) % PIPE_SIZE;
		p->len -= chunk;
		done += chunk;
		if (left) {
			err = -EFAULT;
			break;
		}
	}
	kmutex_unlock(&p->lock);
	if (done)
		wq_wake_all(&poll_global_wq);
	return done ? (long)done : err;
}

static void send_sigpipe(void)
{
	struct proc *pr = proc_current();

	if (!pr)
		return;
	struct ksiginfo si = { .signo = SIGPIPE, .code = SI_USER, .pid = pr->pid, .uid = (int)pr->uid };
	signal_send(pr, thread_current(), &si);
}

static long pipe_write(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	struct pipe *p = f->private;
	size_t done = 0;
	long err = 0;

	kmutex_lock(&p->lock);
	while (done < n) {
		if (!p->readers) {
			send_sigpipe();
			err = -EPIPE;
			break;
		}
		size_t room = PIPE_SIZE - p->len;
		size_t want = n - done;
		/* Small writes go in whole or wait; big ones go piecewise. */
		if (room == 0 || (want <= PIPE_BUF && room < want)) {
			kmutex_unlock(&p->lock);
			if (f->flags & O_NONBLOCK) {
				err = -EAGAIN;
				goto out_unlocked;
			}
			struct pipe_wait w = { p, want <= PIPE_BUF ? want : 1 };
			int e = fs_wait(writable, &w, 0);
			if (e) {
				err = e;
				goto out_unlocked;
			}
			kmutex_lock(&p->lock);
			continue;
		}
		size_t chunk = MIN(want, room);
		size_t tail = (p->head + p->len) % PIPE_SIZE;
		size_t part = MIN(chunk, PIPE_SIZE - tail);
		size_t left = copy_from_user(p->buf + tail, buf + done, part);
		if (left) {
			chunk = part - left;
		} else if (part < chunk) {
			left = copy_from_user(p->buf, buf + done + part, chunk - part);
			chunk -= left;
		}
		p->len += chunk;
		done += chunk;
		if (chunk)
			wq_wake_all(&poll_global_wq);
		if (left) {
			err = -EFAULT;
			break;
		}
	}
	kmutex_unlock(&p->lock);
out_unlocked:
	return done ? (long)done : err;
}

static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->private;
	unsigned int m = 0;

	if (f->ops != &pipe_write_ops) {
		if (p->len)
			m |= POLLIN | POLLRDNORM;
		if (!p->writers)
			m |= POLLHUP;
	}
	if (f->ops != &pipe_read_ops) {
		if (PIPE_SIZE - p->len >= PIPE_BUF)
			m |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			m |= POLLERR;
	}
	return m;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;
	int n = (int)((struct pipe *)f->private)->len;
	return copy_to_user(arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->private;

	if (p->fifo)
		kmutex_lock(&fifo_lock);
	kmutex_lock(&p->lock);
	if (f->ops != &pipe_write_ops)
		p->readers--;
	if (f->ops != &pipe_read_ops)
		p->writers--;
	bool last = !p->readers && !p->writers;
	kmutex_unlock(&p->lock);
	if (p->fifo) {
		/* A named pipe forgets its data when the last end closes. */
		if (last)
			p->fifo->fs_private = NULL;
		kmutex_unlock(&fifo_lock);
	}
	wq_wake_all(&poll_global_wq);
	if (last) {
		pmm_free(hal_virt_to_phys(p->buf), PIPE_ORDER);
		kfree(p);
	}
}

static const struct file_ops pipe_read_ops = {
	.read = pipe_read,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static const struct file_ops pipe_write_ops = {
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static const struct file_ops pipe_rdwr_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	paddr_t pa = pmm_alloc(PIPE_ORDER, false);
	if (!pa) {
		kfree(p);
		return NULL;
	}
	p->buf = hal_phys_to_virt(pa);
	p->lock = (struct kmutex)KMUTEX_INIT("pipe");
	p->ino = __atomic_fetch_add(&next_pipe_ino, 1, __ATOMIC_RELAXED);
	struct cred c = cred_current();
	p->uid = c.uid;
	p->gid = c.gid;
	p->ctime = vfs_now();
	return p;
}

/* ---- named pipes (FIFOs) */

struct fifo_wait {
	struct pipe *p;
	bool want_writer;
};

static bool other_side(void *arg)
{
	struct fifo_wait *w = arg;
	return w->want_writer ? w->p->writers > 0 : w->p->readers > 0;
}

/*
 * open() of a FIFO: attach to the inode's pipe (made on first open) as a
 * reader, a writer or both (O_RDWR), and, like Linux, wait for the other
 * side unless O_NONBLOCK: a non-blocking reader opens at once, a
 * non-blocking writer with no reader gets -ENXIO.
 */
static int fifo_open(struct inode *ino, struct file *f)
{
	unsigned int acc = f->flags & O_ACCMODE;

	kmutex_lock(&fifo_lock);
	struct pipe *p = ino->fs_private;
	if (!p) {
		p = pipe_alloc();
		if (!p) {
			kmutex_unlock(&fifo_lock);
			return -ENOMEM;
		}
		p->fifo = ino;
		p->ino = ino->ino;
		ino->fs_private = p;
	}
	if (acc == O_WRONLY && (f->flags & O_NONBLOCK) && !p->readers) {
		bool unused = !p->readers && !p->writers;
		if (unused)
			ino->fs_private = NULL;
		kmutex_unlock(&fifo_lock);
		if (unused) {
			pmm_free(hal_virt_to_phys(p->buf), PIPE_ORDER);
			kfree(p);
		}
		return -ENXIO;
	}
	kmutex_lock(&p->lock);
	if (acc != O_WRONLY)
		p->readers++;
	if (acc != O_RDONLY)
		p->writers++;
	kmutex_unlock(&p->lock);
	f->private = p;
	f->ops = acc == O_RDONLY ? &pipe_read_ops : acc == O_WRONLY ? &pipe_write_ops : &pipe_rdwr_ops;
	kmutex_unlock(&fifo_lock);
	wq_wake_all(&poll_global_wq);
	if (acc == O_RDWR || (f->flags & O_NONBLOCK))
		return 0;
	struct fifo_wait w = { p, acc == O_RDONLY };
	int err = fs_wait(other_side, &w, 0);
	if (err) {
		pipe_release(f);	/* undo this end; file_put then sees no release */
		f->ops = &fifo_ops;
		f->private = NULL;
	}
	return err;
}

const struct file_ops fifo_ops = {
	.open = fifo_open,
};

int pipe_create(struct file **rd, struct file **wr, unsigned int flags)
{
	struct pipe *p = pipe_alloc();

	if (!p)
		return -ENOMEM;
	p->readers = p->writers = 1;
	paddr_t pa = hal_virt_to_phys(p->buf);
	unsigned int nb = flags & O_NONBLOCK;
	*rd = file_alloc(&pipe_read_ops, O_RDONLY | nb, p);
	*wr = file_alloc(&pipe_write_ops, O_WRONLY | nb, p);
	if (!*rd || !*wr) {
		kfree(*rd);
		kfree(*wr);
		pmm_free(pa, PIPE_ORDER);
		kfree(p);
		return -ENOMEM;
	}
	return 0;
}
