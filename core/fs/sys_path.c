/*
 * sys_path.c - system calls on names: getdents64, getcwd, chdir, fchdir,
 * mkdir, mknod, unlink, rmdir, rename, symlink, readlink, link, access,
 * chmod, chown, umask, truncate.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sys/syscall.h>
#include <vfs.h>
#include "fs_internal.h"

/*
 * The common frame of a *at() call on one path: copy the path in, find
 * the start directory, take vfs_lock, run fn, release everything.
 */
typedef int (*at_fn)(struct fs_ctx *fs, const struct path *base, const char *path, void *arg);

static long with_path_at(int dirfd, vaddr_t upath, bool empty_ok, at_fn fn, void *arg)
{
	char *path;
	int err = user_path(upath, &path);

	if (err)
		return err;
	struct path base;
	bool have;
	err = at_base(dirfd, path, empty_ok, &base, &have);
	if (!err) {
		vfs_lock();
		err = fn(cur_fs(), have ? &base : NULL, path, arg);
		if (have)
			path_put(&base);
		vfs_unlock();
	}
	kfree(path);
	return err;
}

static uint32_t cur_umask(void)
{
	struct proc *p = proc_current();
	return p ? p->umask : 022;
}

/* ---- getdents64 */

struct dirent_buf {
	vaddr_t ubuf;
	size_t size, used;
	int err;
};

static bool emit_dirent64(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
			  unsigned int dtype, uint64_t next_pos)
{
	struct dirent_buf *b = ctx->priv;
	size_t reclen = ALIGN_UP(19 + len + 1, 8);	/* d_ino, d_off, d_reclen, d_type */
	uint8_t rec[19 + NAME_MAX + 1 + 8];

	if (b->used + reclen > b->size) {
		if (!b->used)
			b->err = -EINVAL;	/* the buffer cannot hold one entry */
		return false;
	}
	memset(rec, 0, reclen);
	memcpy(rec, &ino, 8);
	int64_t off = (int64_t)next_pos;
	memcpy(rec + 8, &off, 8);
	uint16_t rl = (uint16_t)reclen;
	memcpy(rec + 16, &rl, 2);
	rec[18] = (uint8_t)dtype;
	memcpy(rec + 19, name, len);
	if (copy_to_user(b->ubuf + b->used, rec, reclen)) {
		b->err = -EFAULT;
		return false;
	}
	b->used += reclen;
	return true;
}

long sys_getdents64(const struct syscall_args *a)
{
	struct file *f = fd_get(cur_files(), (int)a->a[0]);

	if (!f)
		return -EBADF;
	long r;
	if (f->flags & O_PATH)
		r = -EBADF;
	else if (!f->inode || !S_ISDIR(f->inode->mode))
		r = -ENOTDIR;
	else if (!f->inode->iops || !f->inode->iops->readdir)
		r = -ENOTDIR;
	else {
		struct dirent_buf b = { a->a[1], a->a[2], 0, 0 };
		struct dir_context ctx = { emit_dirent64, &b };
		vfs_lock();
		r = f->inode->iops->readdir(f, &ctx);
		f->inode->atime = vfs_now();
		vfs_unlock();
		if (!r)
			r = b.used ? (long)b.used : b.err;
	}
	file_put(f);
	return r;
}

/* ---- current directory */

long sys_getcwd(const struct syscall_args *a)
{
	struct fs_ctx *fs = cur_fs();
	size_t size = a->a[1];

	if (!fs)
		return -ENOENT;
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	vfs_lock();
	long n;
	struct dentry *d = fs->cwd.dentry;
	if (d->parent != d && !(d->flags & D_HASHED))
		n = -ENOENT;		/* the cwd was removed */
	else
		n = path_to_string(fs, &fs->cwd, buf, PATH_MAX);
	vfs_unlock();
	if (n >= 0) {
		if ((size_t)n + 1 > size)
			n = -ERANGE;
		else if (copy_to_user(a->a[0], buf, (size_t)n + 1))
			n = -EFAULT;
		else
			n = n + 1;	/* the kernel returns the length with the NUL */
	}
	kfree(buf);
	return n;
}

static int set_cwd(struct fs_ctx *fs, struct path *p)
{
	struct cred c = cred_current();
	int err = inode_permission(p->dentry->inode, &c, MAY_EXEC);

	if (err) {
		path_put(p);
		return err;
	}
	path_put(&fs->cwd);
	fs->cwd = *p;
	return 0;
}

static int do_chdir(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	struct path p;

	if (!fs)
		return -ENOENT;
	int err = path_walk(fs, base, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	return err ? err : set_cwd(fs, &p);
}

long sys_chdir(const struct syscall_args *a)
{
	return with_path_at(AT_FDCWD, a->a[0], false, do_chdir, NULL);
}

long sys_fchdir(const struct syscall_args *a)
{
	struct file *f = fd_get(cur_files(), (int)a->a[0]);
	struct fs_ctx *fs = cur_fs();

	if (!f)
		return -EBADF;
	int err;
	vfs_lock();
	if (!f->dentry || !S_ISDIR(f->dentry->inode->mode)) {
		err = -ENOTDIR;
	} else if (!fs) {
		err = -ENOENT;
	} else {
		struct path p = { file_mount(f), f->dentry };
		path_get(&p);
		err = set_cwd(fs, &p);
	}
	vfs_unlock();
	file_put(f);
	return err;
}

/* ---- creating and removing names */

static int do_mkdir(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	return vfs_mkdir_at(fs, base, path, *(uint32_t *)arg & ~cur_umask() & 07777);
}

long sys_mkdirat(const struct syscall_args *a)
{
	uint32_t mode = (uint32_t)a->a[2];
	return with_path_at((int)a->a[0], a->a[1], false, do_mkdir, &mode);
}

long sys_mkdir(const struct syscall_args *a)
{
	uint32_t mode = (uint32_t)a->a[1];
	return with_path_at(AT_FDCWD, a->a[0], false, do_mkdir, &mode);
}

struct mknod_arg {
	uint32_t mode;
	uint32_t dev;
};

static int do_mknod(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	struct mknod_arg *m = arg;
	uint32_t type = m->mode & S_IFMT;
	uint32_t perm = m->mode & 07777 & ~cur_umask();

	if (type == 0)
		type = S_IFREG;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO &&
	    type != S_IFSOCK)
		return -EINVAL;
	if ((type == S_IFCHR || type == S_IFBLK) && cred_current().uid != 0)
		return -EPERM;	/* CAP_MKNOD */
	return vfs_create_at(fs, base, path, type | perm, m->dev);
}

long sys_mknodat(const struct syscall_args *a)
{
	struct mknod_arg m = { (uint32_t)a->a[2], dev_decode(a->a[3]) };
	return with_path_at((int)a->a[0], a->a[1], false, do_mknod, &m);
}

long sys_mknod(const struct syscall_args *a)
{
	struct mknod_arg m = { (uint32_t)a->a[1], dev_decode(a->a[2]) };
	return with_path_at(AT_FDCWD, a->a[0], false, do_mknod, &m);
}

static int do_unlink(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	return vfs_unlink_at(fs, base, path, *(bool *)arg);
}

long sys_unlinkat(const struct syscall_args *a)
{
	int flags = (int)a->a[2];

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	bool dir = flags & AT_REMOVEDIR;
	return with_path_at((int)a->a[0], a->a[1], false, do_unlink, &dir);
}

long sys_unlink(const struct syscall_args *a)
{
	bool dir = false;
	return with_path_at(AT_FDCWD, a->a[0], false, do_unlink, &dir);
}

long sys_rmdir(const struct syscall_args *a)
{
	bool dir = true;
	return with_path_at(AT_FDCWD, a->a[0], false, do_unlink, &dir);
}

static int do_symlink(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	return vfs_symlink_at(fs, base, arg, path);
}

static long symlink_common(vaddr_t utarget, int dirfd, vaddr_t upath)
{
	char *target;
	int err = user_path(utarget, &target);

	if (err)
		return err;
	err = (int)with_path_at(dirfd, upath, false, do_symlink, target);
	kfree(target);
	return err;
}

long sys_symlinkat(const struct syscall_args *a)
{
	return symlink_common(a->a[0], (int)a->a[1], a->a[2]);
}

long sys_symlink(const struct syscall_args *a)
{
	return symlink_common(a->a[0], AT_FDCWD, a->a[1]);
}

struct readlink_arg {
	vaddr_t ubuf;
	size_t size;
	long result;
};

static int do_readlink(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	struct readlink_arg *r = arg;
	struct path p;

	if (!*path && !base)
		return -ENOENT;
	int err = path_walk(fs, base, path, LOOKUP_EMPTY, &p);

	if (err)
		return err;
	struct inode *ino = p.dentry->inode;
	if (!S_ISLNK(ino->mode) || !ino->iops || !ino->iops->readlink) {
		path_put(&p);
		return -EINVAL;
	}
	char *buf = kmalloc(PATH_MAX);
	if (!buf) {
		path_put(&p);
		return -ENOMEM;
	}
	long n = ino->iops->readlink(p.dentry, buf, PATH_MAX);
	path_put(&p);
	if (n >= 0) {
		n = MIN((size_t)n, r->size);
		if (copy_to_user(r->ubuf, buf, (size_t)n))
			n = -EFAULT;
	}
	kfree(buf);
	r->result = n;
	return n < 0 ? (int)n : 0;
}

static long readlink_common(int dirfd, vaddr_t upath, vaddr_t ubuf, long size)
{
	if (size <= 0)
		return -EINVAL;
	struct readlink_arg r = { ubuf, (size_t)size, 0 };
	long err = with_path_at(dirfd, upath, true, do_readlink, &r);
	return err ? err : r.result;
}

long sys_readlinkat(const struct syscall_args *a)
{
	return readlink_common((int)a->a[0], a->a[1], a->a[2], (long)a->a[3]);
}

long sys_readlink(const struct syscall_args *a)
{
	return readlink_common(AT_FDCWD, a->a[0], a->a[1], (long)a->a[2]);
}

/* Two-path calls: link and rename. */
static long two_paths(int ofd, vaddr_t uold, int nfd, vaddr_t unew, int kind, unsigned int flags)
{
	char *op, *np;
	int err = user_path(uold, &op);

	if (err)
		return err;
	err = user_path(unew, &np);
	if (err) {
		kfree(op);
		return err;
	}
	struct path ob, nb;
	bool oh = false, nh = false;
	err = at_base(ofd, op, kind == 0 && (flags & AT_EMPTY_PATH), &ob, &oh);
	if (!err)
		err = at_base(nfd, np, false, &nb, &nh);
	if (!err) {
		vfs_lock();
		if (kind == 0)
			err = vfs_link_at(cur_fs(), oh ? &ob : NULL, op, nh ? &nb : NULL, np, (int)flags);
		else
			err = vfs_rename_at(cur_fs(), oh ? &ob : NULL, op, nh ? &nb : NULL, np, flags);
		vfs_unlock();
	}
	vfs_lock();
	if (oh)
		path_put(&ob);
	if (nh)
		path_put(&nb);
	vfs_unlock();
	kfree(op);
	kfree(np);
	return err;
}

long sys_linkat(const struct syscall_args *a)
{
	int flags = (int)a->a[4];

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && cred_current().uid != 0)
		return -ENOENT;		/* CAP_DAC_READ_SEARCH, as Linux */
	return two_paths((int)a->a[0], a->a[1], (int)a->a[2], a->a[3], 0, (unsigned int)flags);
}

long sys_link(const struct syscall_args *a)
{
	return two_paths(AT_FDCWD, a->a[0], AT_FDCWD, a->a[1], 0, 0);
}

long sys_renameat2(const struct syscall_args *a)
{
	return two_paths((int)a->a[0], a->a[1], (int)a->a[2], a->a[3], 1, (unsigned int)a->a[4]);
}

long sys_renameat(const struct syscall_args *a)
{
	return two_paths((int)a->a[0], a->a[1], (int)a->a[2], a->a[3], 1, 0);
}

long sys_rename(const struct syscall_args *a)
{
	return two_paths(AT_FDCWD, a->a[0], AT_FDCWD, a->a[1], 1, 0);
}

/* ---- access, attributes */

#define F_OK	0
#define X_OK	1
#define W_OK	2
#define R_OK	4

struct access_arg {
	int mode, flags;
};

static int do_access(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	struct access_arg *x = arg;
	struct path p;
	int err = path_walk(fs, base, path, ((x->flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
			    ((x->flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &p);

	if (err)
		return err;
	struct cred c = (x->flags & AT_EACCESS) ? cred_current() : cred_current_real();
	struct inode *ino = p.dentry->inode;
	if (x->mode)
		err = inode_permission(ino, &c, x->mode);
	if (!err && (x->mode & W_OK) && (p.mnt->flags & MNT_RDONLY) &&
	    (S_ISREG(ino->mode) || S_ISDIR(ino->mode) || S_ISLNK(ino->mode)))
		err = -EROFS;
	path_put(&p);
	return err;
}

static long access_common(int dirfd, vaddr_t upath, int mode, int flags)
{
	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct access_arg x = { mode, flags };
	return with_path_at(dirfd, upath, flags & AT_EMPTY_PATH, do_access, &x);
}

long sys_faccessat(const struct syscall_args *a)
{
	return access_common((int)a->a[0], a->a[1], (int)a->a[2], 0);
}

long sys_faccessat2(const struct syscall_args *a)
{
	return access_common((int)a->a[0], a->a[1], (int)a->a[2], (int)a->a[3]);
}

long sys_access(const struct syscall_args *a)
{
	return access_common(AT_FDCWD, a->a[0], (int)a->a[1], 0);
}

struct attr_arg {
	int kind;		/* 0 chmod, 1 chown */
	uint32_t mode, uid, gid;
	int flags;
};

static int apply_attr(struct path *p, struct attr_arg *x)
{
	if (p->mnt->flags & MNT_RDONLY)
		return -EROFS;
	if (x->kind == 0)
		return vfs_chmod(p->dentry->inode, x->mode);
	return vfs_chown(p->dentry->inode, x->uid, x->gid);
}

static int do_attr(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	struct attr_arg *x = arg;
	struct path p;
	int err = path_walk(fs, base, path, ((x->flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
			    ((x->flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &p);

	if (err)
		return err;
	err = apply_attr(&p, x);
	path_put(&p);
	return err;
}

static long attr_fd(int fd, struct attr_arg *x)
{
	struct file *f = fd_get(cur_files(), fd);

	if (!f)
		return -EBADF;
	int err;
	if ((f->flags & O_PATH) || !f->dentry) {
		err = f->dentry ? -EBADF : -EPERM;
	} else {
		vfs_lock();
		struct path p = { file_mount(f), f->dentry };
		err = apply_attr(&p, x);
		vfs_unlock();
	}
	file_put(f);
	return err;
}

long sys_fchmodat(const struct syscall_args *a)
{
	struct attr_arg x = { 0, (uint32_t)a->a[2], 0, 0, 0 };
	return with_path_at((int)a->a[0], a->a[1], false, do_attr, &x);
}

long sys_chmod(const struct syscall_args *a)
{
	struct attr_arg x = { 0, (uint32_t)a->a[1], 0, 0, 0 };
	return with_path_at(AT_FDCWD, a->a[0], false, do_attr, &x);
}

long sys_fchmod(const struct syscall_args *a)
{
	struct attr_arg x = { 0, (uint32_t)a->a[1], 0, 0, 0 };
	return attr_fd((int)a->a[0], &x);
}

long sys_fchownat(const struct syscall_args *a)
{
	int flags = (int)a->a[4];

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct attr_arg x = { 1, 0, (uint32_t)a->a[2], (uint32_t)a->a[3], flags };
	return with_path_at((int)a->a[0], a->a[1], flags & AT_EMPTY_PATH, do_attr, &x);
}

long sys_chown(const struct syscall_args *a)
{
	struct attr_arg x = { 1, 0, (uint32_t)a->a[1], (uint32_t)a->a[2], 0 };
	return with_path_at(AT_FDCWD, a->a[0], false, do_attr, &x);
}

long sys_lchown(const struct syscall_args *a)
{
	struct attr_arg x = { 1, 0, (uint32_t)a->a[1], (uint32_t)a->a[2], AT_SYMLINK_NOFOLLOW };
	return with_path_at(AT_FDCWD, a->a[0], false, do_attr, &x);
}

long sys_fchown(const struct syscall_args *a)
{
	struct attr_arg x = { 1, 0, (uint32_t)a->a[1], (uint32_t)a->a[2], 0 };
	return attr_fd((int)a->a[0], &x);
}

long sys_umask(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	uint32_t old = p->umask;

	p->umask = (uint32_t)a->a[0] & 0777;
	return old;
}

/* ---- truncate */

static int do_truncate(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	int64_t len = *(int64_t *)arg;
	struct path p;
	int err = path_walk(fs, base, path, LOOKUP_FOLLOW, &p);

	if (err)
		return err;
	struct inode *ino = p.dentry->inode;
	struct cred c = cred_current();
	if (S_ISDIR(ino->mode))
		err = -EISDIR;
	else if (!S_ISREG(ino->mode))
		err = -EINVAL;
	else if ((err = inode_permission(ino, &c, MAY_WRITE)) == 0)
		err = (p.mnt->flags & MNT_RDONLY) ? -EROFS : vfs_truncate_inode(ino, (uint64_t)len);
	path_put(&p);
	return err;
}

long sys_truncate(const struct syscall_args *a)
{
	int64_t len = (int64_t)a->a[1];

	if (len < 0)
		return -EINVAL;
	return with_path_at(AT_FDCWD, a->a[0], false, do_truncate, &len);
}

long sys_ftruncate(const struct syscall_args *a)
{
	int64_t len = (int64_t)a->a[1];
	struct file *f = fd_get(cur_files(), (int)a->a[0]);

	if (!f)
		return -EBADF;
	int err;
	if (len < 0)
		err = -EINVAL;
	else if (!f->inode || !S_ISREG(f->inode->mode) || (f->flags & O_PATH))
		err = -EINVAL;
	else if ((f->flags & O_ACCMODE) == O_RDONLY)
		err = -EINVAL;		/* Linux: not open for writing */
	else {
		vfs_lock();
		err = vfs_truncate_inode(f->inode, (uint64_t)len);
		vfs_unlock();
	}
	file_put(f);
	return err;
}

/* ---- utimensat (touch) */

#define UTIME_NOW	((1L << 30) - 1)
#define UTIME_OMIT	((1L << 30) - 2)

struct utimes_arg {
	int64_t ts[2][2];	/* {sec, nsec} for atime, mtime */
	bool given;
	int flags;
};

static int apply_times(struct path *p, struct utimes_arg *u)
{
	struct inode *ino = p->dentry->inode;
	struct cred c = cred_current();
	bool only_now = !u->given || (u->ts[0][1] == UTIME_NOW && u->ts[1][1] == UTIME_NOW);

	if (u->given && u->ts[0][1] == UTIME_OMIT && u->ts[1][1] == UTIME_OMIT)
		return 0;
	if (p->mnt->flags & MNT_RDONLY)
		return -EROFS;
	if (c.uid != 0 && c.uid != ino->uid) {
		if (!only_now)
			return -EPERM;
		if (inode_permission(ino, &c, MAY_WRITE))
			return -EACCES;
	}
	struct timespec64 now = vfs_now();
	struct timespec64 *dst[2] = { &ino->atime, &ino->mtime };
	for (int i = 0; i < 2; i++) {
		if (!u->given || u->ts[i][1] == UTIME_NOW) {
			*dst[i] = now;
		} else if (u->ts[i][1] != UTIME_OMIT) {
			dst[i]->sec = u->ts[i][0];
			dst[i]->nsec = (long)u->ts[i][1];
		}
	}
	ino->ctime = now;
	return 0;
}

static int do_utimes(struct fs_ctx *fs, const struct path *base, const char *path, void *arg)
{
	struct utimes_arg *u = arg;
	struct path p;
	int err = path_walk(fs, base, path, ((u->flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
			    ((u->flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &p);

	if (err)
		return err;
	err = apply_times(&p, u);
	path_put(&p);
	return err;
}

long sys_utimensat(const struct syscall_args *a)
{
	struct utimes_arg u = { .flags = (int)a->a[3] };

	if (u.flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (a->a[2]) {
		if (copy_from_user(u.ts, a->a[2], sizeof(u.ts)))
			return -EFAULT;
		for (int i = 0; i < 2; i++)
			if (u.ts[i][1] != UTIME_NOW && u.ts[i][1] != UTIME_OMIT &&
			    (u.ts[i][1] < 0 || u.ts[i][1] >= 1000000000))
				return -EINVAL;
		u.given = true;
	}
	if (!a->a[1]) {
		/* futimens: the file open as dirfd itself. */
		if (u.flags & AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		struct file *f = fd_get(cur_files(), (int)a->a[0]);
		if (!f)
			return -EBADF;
		int err;
		vfs_lock();
		if (!f->dentry) {
			err = -EINVAL;
		} else {
			struct path p = { file_mount(f), f->dentry };
			err = apply_times(&p, &u);
		}
		vfs_unlock();
		file_put(f);
		return err;
	}
	return with_path_at((int)a->a[0], a->a[1], u.flags & AT_EMPTY_PATH, do_utimes, &u);
}
