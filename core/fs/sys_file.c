/*
 * sys_file.c - system calls on file descriptors: open, close, read,
 * write and their vector/positional forms, lseek, dup*, fcntl, ioctl,
 * pipe.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sys/syscall.h>
#include <asm/ioctls.h>
#include <vfs.h>
#include "fs_internal.h"

#define MAX_RW_COUNT	(0x7fffffffUL & ~HAL_PAGE_MASK)	/* Linux's INT_MAX & PAGE_MASK */
#define IOV_MAX		1024

struct files *cur_files(void)
{
	struct proc *p = proc_current();
	return p ? p->files : NULL;
}

struct fs_ctx *cur_fs(void)
{
	struct proc *p = proc_current();
	return p ? p->fs : NULL;
}

int user_path(vaddr_t upath, char **out)
{
	char *buf = kmalloc(PATH_MAX);

	if (!buf)
		return -ENOMEM;
	long n = strncpy_from_user(buf, upath, PATH_MAX);
	if (n < 0) {
		kfree(buf);
		return (int)n;
	}
	*out = buf;
	return 0;
}

int at_base(int dirfd, const char *path, bool empty_ok, struct path *base, bool *have)
{
	*have = false;
	if (path[0] == '/')
		return 0;
	if (!path[0] && !empty_ok)
		return -ENOENT;
	if (dirfd == AT_FDCWD)
		return 0;
	struct file *f = fd_get(cur_files(), dirfd);
	if (!f)
		return -EBADF;
	int err = 0;
	vfs_lock();
	if (!f->dentry)
		err = -ENOTDIR;
	else if (path[0] && !S_ISDIR(f->dentry->inode->mode))
		err = -ENOTDIR;
	else {
		base->mnt = file_mount(f);
		base->dentry = f->dentry;
		path_get(base);
		*have = true;
	}
	vfs_unlock();
	file_put(f);
	return err;
}

static bool user_range_ok(vaddr_t buf, size_t n)
{
	return buf < HAL_USER_TOP && n <= HAL_USER_TOP - buf;
}

static bool can_read(const struct file *f)
{
	return !(f->flags & O_PATH) && (f->flags & O_ACCMODE) != O_WRONLY &&
	       (f->flags & O_ACCMODE) != 3;
}

static bool can_write(const struct file *f)
{
	unsigned int acc = f->flags & O_ACCMODE;
	return !(f->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
}

/* ---- open and close */

static long do_openat(int dirfd, vaddr_t upath, unsigned long uflags, uint32_t mode)
{
	unsigned int flags = oflags_from_user(uflags);
	char *path;
	struct files *files = cur_files();

	if (!files)
		return -EMFILE;
	if (flags & O_TMPFILE_BIT)
		return -EOPNOTSUPP;	/* O_TMPFILE: not yet */
	int err = user_path(upath, &path);
	if (err)
		return err;
	struct path base;
	bool have;
	err = at_base(dirfd, path, false, &base, &have);
	if (err) {
		kfree(path);
		return err;
	}
	if (flags & O_CREAT)
		mode &= ~proc_current()->umask & 07777;
	struct file *f = vfs_open(cur_fs(), have ? &base : NULL, path, flags, mode, &err);
	if (have) {
		vfs_lock();
		path_put(&base);
		vfs_unlock();
	}
	kfree(path);
	if (!f)
		return err;
	int fd = fd_install(files, f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_openat(const struct syscall_args *a)
{
	return do_openat((int)a->a[0], a->a[1], a->a[2], (uint32_t)a->a[3]);
}

long sys_open(const struct syscall_args *a)
{
	return do_openat(AT_FDCWD, a->a[0], a->a[1], (uint32_t)a->a[2]);
}

long sys_creat(const struct syscall_args *a)
{
	return do_openat(AT_FDCWD, a->a[0], oflags_to_user(O_CREAT | O_WRONLY | O_TRUNC),
			 (uint32_t)a->a[1]);
}

long sys_close(const struct syscall_args *a)
{
	return fd_close(cur_files(), (int)a->a[0]);
}

/* ---- read and write */

static long do_read(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	if (!can_read(f))
		return -EBADF;
	if (!f->ops->read)
		return -EINVAL;
	if (n == 0)
		return 0;
	if (!user_range_ok(buf, n))
		return -EFAULT;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	return f->ops->read(f, buf, n, pos);
}

static long do_write(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	if (!can_write(f))
		return -EBADF;
	if (!f->ops->write)
		return -EINVAL;
	if (n == 0)
		return 0;
	if (!user_range_ok(buf, n))
		return -EFAULT;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	return f->ops->write(f, buf, n, pos);
}

long sys_read(const struct syscall_args *a)
{
	struct file *f = fd_get(cur_files(), (int)a->a[0]);

	if (!f)
		return -EBADF;
	long r = do_read(f, a->a[1], a->a[2], &f->pos);
	file_put(f);
	return r;
}

long sys_write(const struct syscall_args *a)
{
	struct file *f = fd_get(cur_files(), (int)a->a[0]);

	if (!f)
		return -EBADF;
	long r = do_write(f, a->a[1], a->a[2], &f->pos);
	file_put(f);
	return r;
}

/* Positional I/O needs a seekable file: regular files and directories. */
static bool seekable(const struct file *f)
{
	return f->inode && (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode) ||
			    S_ISBLK(f->inode->mode)) && f->ops->lseek;
}

/* pread64/pwrite64: I/O at an explicit offset, the file's own untouched. */
static long positional_io(const struct syscall_args *a, bool write)
{
	struct file *f = fd_get(cur_files(), (int)a->a[0]);
	int64_t off = (int64_t)a->a[3];

	if (!f)
		return -EBADF;
	long r;
	if (write ? !can_write(f) : !can_read(f))
		r = -EBADF;
	else if (!seekable(f))
		r = -ESPIPE;
	else if (off < 0)
		r = -EINVAL;
	else {
		/* Like Linux, an O_APPEND file appends whatever the offset. */
		uint64_t pos = (uint64_t)off;
		r = write ? do_write(f, a->a[1], a->a[2], &pos) : do_read(f, a->a[1], a->a[2], &pos);
	}
	file_put(f);
	return r;
}

long sys_pread64(const struct syscall_args *a)
{
	return positional_io(a, false);
}

long sys_pwrite64(const struct syscall_args *a)
{
	return positional_io(a, true);
}

struct k_iovec {
	vaddr_t base;
	size_t len;
};

static long do_rw_vec(int fd, vaddr_t uiov, unsigned long cnt, bool wr)
{
	struct file *f = fd_get(cur_files(), fd);

	if (!f)
		return -EBADF;
	long total = 0, err = 0;
	if (wr ? !can_write(f) : !can_read(f)) {
		err = -EBADF;
		goto out;
	}
	if (cnt > IOV_MAX) {
		err = -EINVAL;
		goto out;
	}
	/* Check the whole vector first, as Linux does. */
	size_t sum = 0;
	for (unsigned long i = 0; i < cnt; i++) {
		struct k_iovec v;
		if (copy_from_user(&v, uiov + i * sizeof(v), sizeof(v))) {
			err = -EFAULT;
			goto out;
		}
		if ((long)v.len < 0 || sum + v.len > 0x7fffffffffffffffUL) {
			err = -EINVAL;
			goto out;
		}
		sum += v.len;
	}
	for (unsigned long i = 0; i < cnt; i++) {
		struct k_iovec v;
		if (copy_from_user(&v, uiov + i * sizeof(v), sizeof(v))) {
			err = -EFAULT;
			break;
		}
		if (!v.len)
			continue;
		long n = wr ? do_write(f, v.base, v.len, &f->pos) : do_read(f, v.base, v.len, &f->pos);
		if (n < 0) {
			err = n;
			break;
		}
		total += n;
		if ((size_t)n < v.len)
			break;
	}
out:
	file_put(f);
	return total ? total : err;
}

long sys_readv(const struct syscall_args *a)
{
	return do_rw_vec((int)a->a[0], a->a[1], a->a[2], false);
}

long sys_writev(const struct syscall_args *a)
{
	return do_rw_vec((int)a->a[0], a->a[1], a->a[2], true);
}

long sys_lseek(const struct syscall_args *a)
{
	struct file *f = fd_get(cur_files(), (int)a->a[0]);

	if (!f)
		return -EBADF;
	long r;
	if (f->flags & O_PATH)
		r = -EBADF;
	else if (!f->ops->lseek)
		r = -ESPIPE;
	else if (a->a[2] > 4)
		r = -EINVAL;
	else
		r = (long)f->ops->lseek(f, (int64_t)a->a[1], (int)a->a[2]);
	file_put(f);
	return r;
}

/* ---- descriptors */

long sys_dup(const struct syscall_args *a)
{
	struct files *fs = cur_files();
	struct file *f = fd_get(fs, (int)a->a[0]);

	if (!f)
		return -EBADF;
	int fd = fd_install(fs, f, 0, 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long do_dup3(int oldfd, int newfd, unsigned int fdflags)
{
	struct files *fs = cur_files();
	struct file *f = fd_get(fs, oldfd);

	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= FD_MAX) {
		file_put(f);
		return -EBADF;
	}
	return fd_install_at(fs, newfd, f, fdflags);
}

long sys_dup2(const struct syscall_args *a)
{
	int oldfd = (int)a->a[0], newfd = (int)a->a[1];

	if (oldfd == newfd) {
		struct file *f = fd_get(cur_files(), oldfd);
		if (!f)
			return -EBADF;
		file_put(f);
		return newfd;
	}
	return do_dup3(oldfd, newfd, 0);
}

long sys_dup3(const struct syscall_args *a)
{
	unsigned int flags = oflags_from_user(a->a[2]);

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if ((int)a->a[0] == (int)a->a[1])
		return -EINVAL;
	return do_dup3((int)a->a[0], (int)a->a[1], (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
}

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_GETLK		5
#define F_SETLK		6
#define F_SETLKW	7
#define F_SETOWN	8
#define F_GETOWN	9
#define F_OFD_GETLK	36
#define F_OFD_SETLK	37
#define F_OFD_SETLKW	38
#define F_DUPFD_CLOEXEC	1030
#define F_GETPIPE_SZ	1032

/* Status flags F_SETFL may change (O_ASYNC and leases come later). */
#define SETFL_MASK	(O_APPEND | O_NONBLOCK | O_NOATIME | O_DIRECT)

long sys_fcntl(const struct syscall_args *a)
{
	struct files *fs = cur_files();
	int fd = (int)a->a[0];
	unsigned int cmd = (unsigned int)a->a[1];
	unsigned long arg = a->a[2];
	struct file *f = fd_get(fs, fd);

	if (!f)
		return -EBADF;
	long r;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= FD_MAX) {
			r = -EINVAL;
			break;
		}
		file_get(f);
		r = fd_install(fs, f, (int)arg, cmd == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
		if (r < 0)
			file_put(f);
		break;
	case F_GETFD:
		r = fd_get_flags(fs, fd);
		break;
	case F_SETFD:
		r = fd_set_flags(fs, fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = (long)oflags_to_user(f->flags);
		break;
	case F_SETFL:
		if (f->flags & O_PATH) {
			r = -EBADF;
			break;
		}
		f->flags = (f->flags & ~SETFL_MASK) | (oflags_from_user(arg) & SETFL_MASK);
		r = 0;
		break;
	case F_GETPIPE_SZ:
		r = file_is_pipe(f) ? 65536 : -EBADF;
		break;
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
	case F_SETOWN: case F_GETOWN:
		r = -ENOSYS;	/* record locks and SIGIO owners: not yet */
		break;
	default:
		r = -EINVAL;
		break;
	}
	file_put(f);
	return r;
}

long sys_ioctl(const struct syscall_args *a)
{
	struct files *fs = cur_files();
	int fd = (int)a->a[0];
	unsigned int cmd = (unsigned int)a->a[1];
	struct file *f = fd_get(fs, fd);

	if (!f)
		return -EBADF;
	long r;
	if (f->flags & O_PATH) {
		r = -EBADF;
	} else if (cmd == FIOCLEX || cmd == FIONCLEX) {
		r = fd_set_flags(fs, fd, cmd == FIOCLEX ? FD_CLOEXEC : 0);
	} else if (cmd == FIONBIO) {
		int on;
		if (copy_from_user(&on, a->a[2], sizeof(on)))
			r = -EFAULT;
		else {
			f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
			r = 0;
		}
	} else if (f->ops->ioctl) {
		r = f->ops->ioctl(f, cmd, a->a[2]);
	} else if (cmd == FIONREAD && f->inode && S_ISREG(f->inode->mode)) {
		vfs_lock();
		int n = f->inode->size > f->pos ? (int)MIN(f->inode->size - f->pos, 0x7fffffffULL) : 0;
		vfs_unlock();
		r = copy_to_user(a->a[2], &n, sizeof(n)) ? -EFAULT : 0;
	} else {
		r = -ENOTTY;
	}
	file_put(f);
	return r;
}

/* ---- pipes */

static long do_pipe2(vaddr_t ufds, unsigned long uflags)
{
	unsigned int flags = oflags_from_user(uflags);
	struct files *fs = cur_files();

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;		/* O_DIRECT packet pipes: not yet */
	if (!fs)
		return -EMFILE;
	struct file *rd, *wr;
	int err = pipe_create(&rd, &wr, flags);
	if (err)
		return err;
	unsigned int fdf = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
	int fds[2];
	fds[0] = fd_install(fs, rd, 0, fdf);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(fs, wr, 0, fdf);
	if (fds[1] < 0) {
		fd_close(fs, fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_close(fs, fds[0]);
		fd_close(fs, fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe2(const struct syscall_args *a)
{
	return do_pipe2(a->a[0], a->a[1]);
}

long sys_pipe(const struct syscall_args *a)
{
	return do_pipe2(a->a[0], 0);
}

/* ---- sync: tmpfs keeps everything in memory, so there is nothing to write
 * back; files without a filesystem behind them cannot be synced. */

long sys_sync(const struct syscall_args *a)
{
	return 0;
}

static long sync_fd(int fd)
{
	struct file *f = fd_get(cur_files(), fd);

	if (!f)
		return -EBADF;
	long r = (f->flags & O_PATH) ? -EBADF :
		 (f->inode && (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode))) ? 0 : -EINVAL;
	file_put(f);
	return r;
}

long sys_syncfs(const struct syscall_args *a)
{
	struct file *f = fd_get(cur_files(), (int)a->a[0]);

	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

long sys_fsync(const struct syscall_args *a)
{
	return sync_fd((int)a->a[0]);
}

long sys_fdatasync(const struct syscall_args *a)
{
	return sync_fd((int)a->a[0]);
}

/* _llseek (ppc64 has it and musl uses it there): the 64-bit offset in two
 * halves, the result stored through a pointer. */
long sys__llseek(const struct syscall_args *a)
{
	struct file *f = fd_get(cur_files(), (int)a->a[0]);

	if (!f)
		return -EBADF;
	int64_t off = (int64_t)(((uint64_t)(uint32_t)a->a[1] << 32) | (uint32_t)a->a[2]);
	long r;
	if (f->flags & O_PATH)
		r = -EBADF;
	else if (!f->ops->lseek)
		r = -ESPIPE;
	else if (a->a[4] > 4)
		r = -EINVAL;
	else
		r = (long)f->ops->lseek(f, off, (int)a->a[4]);
	file_put(f);
	if (r < 0)
		return r;
	int64_t res = r;
	return copy_to_user(a->a[3], &res, sizeof(res)) ? -EFAULT : 0;
}
