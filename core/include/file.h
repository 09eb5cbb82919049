/*
 * file.h - open files, file descriptors, character devices and poll.
 *
 * The interface between the system-call layer and everything that can be
 * opened: regular files and directories of a filesystem (core/fs), pipes,
 * ttys (core/tty) and other character devices (drivers/).  An open file is
 * a struct file with a table of operations; a process reaches its files
 * through a descriptor table (struct files) shared by CLONE_FILES threads.
 *
 * Every operation returns a count or a negative errno; buffers passed in
 * are user addresses (vaddr_t) unless the name says kernel (k).  Read and
 * write may sleep; they return -EAGAIN for O_NONBLOCK files that would
 * block and -ERESTARTSYS when a signal interrupts a wait (core then
 * restarts the call or returns -EINTR, as SA_RESTART says).
 */
#ifndef CORE_FILE_H
#define CORE_FILE_H

#include <hal/types.h>
#include <sched.h>

struct file;
struct inode;
struct poll_table;

/* open(2) flags, asm-generic values (x86_64, arm64, riscv64, s390x);
 * ppc64 differs for O_DIRECTORY/O_NOFOLLOW/O_LARGEFILE/O_DIRECT: the
 * syscall layer translates through the arch's <asm/fcntl.h> values. */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_CLOEXEC	02000000
#define O_PATH		010000000

/* poll(2) events, the same on all five arches. */
#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLRDNORM	0x0040
#define POLLWRNORM	0x0100

struct file_ops {
	long (*read)(struct file *f, vaddr_t buf, size_t n, uint64_t *pos);
	long (*write)(struct file *f, vaddr_t buf, size_t n, uint64_t *pos);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	/* Current readiness (POLL* mask); when pt is not NULL also register
	 * on the wait queues that will be woken when it changes. */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
	int64_t (*lseek)(struct file *f, int64_t off, int whence);
	int (*open)(struct inode *ino, struct file *f);
	void (*release)(struct file *f);
};

struct file {
	const struct file_ops *ops;
	struct inode *inode;		/* NULL for anonymous files (pipes) */
	struct dentry *dentry;		/* the path it was opened by, if any */
	struct mount *mnt;		/* ...and its mount (holds a reference) */
	unsigned int flags;		/* O_* status flags (O_APPEND, O_NONBLOCK...) */
	uint64_t pos;
	int refs;
	void *private;			/* the implementation's state */
};

struct file *file_alloc(const struct file_ops *ops, unsigned int flags, void *private);
void file_get(struct file *f);
void file_put(struct file *f);

/* ---- descriptor tables */

#define FD_MAX		1024	/* RLIMIT_NOFILE default */
#define FD_CLOEXEC	1

struct files {
	struct file *fd[FD_MAX];
	uint8_t fdflags[FD_MAX];
	int refs;
	spinlock_t lock;
};

struct files *files_create(void);
struct files *files_dup(struct files *src);	/* fork: every file shared */
void files_put(struct files *fs);		/* close all on the last put */
void files_close_on_exec(struct files *fs);
/* Install f at the lowest free fd >= min; the fd or -EMFILE. Takes f's ref. */
int fd_install(struct files *fs, struct file *f, int min, unsigned int fdflags);
/* The file at fd with a reference taken, or NULL (-EBADF). */
struct file *fd_get(struct files *fs, int fd);
int fd_close(struct files *fs, int fd);

/* ---- character devices (Linux major:minor numbers) */

int chrdev_register(unsigned int major, unsigned int minor, const char *name,
		    const struct file_ops *ops);
const struct file_ops *chrdev_lookup(unsigned int major, unsigned int minor);

/* ---- poll support for file implementations */

struct poll_table;
/* Register the caller of poll on wq (no-op when pt is NULL).  For now
 * pollers sleep on poll_global_wq (sched.h), woken by every wake-up. */
void poll_wait(struct poll_table *pt, struct waitqueue *wq);

#endif
