/*
 * stat.c - fstat, newfstatat (stat, lstat) and statx, with the arch's own
 * struct stat from its <asm/stat.h>.
 */
/* First: its struct has a member named __unused, a macro in hal/types.h. */
#include <asm/stat.h>
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sys/syscall.h>
#include <vfs.h>
#include "fs_internal.h"

void inode_kstat(const struct inode *ino, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = dev_encode(ino->sb->dev);
	st->dev_major = MAJOR(ino->sb->dev);
	st->dev_minor = MINOR(ino->sb->dev);
	st->ino = ino->ino;
	st->mode = ino->mode;
	st->nlink = ino->nlink;
	st->uid = ino->uid;
	st->gid = ino->gid;
	st->rdev = dev_encode(ino->rdev);
	st->rdev_major = MAJOR(ino->rdev);
	st->rdev_minor = MINOR(ino->rdev);
	st->size = ino->size;
	st->blksize = HAL_PAGE_SIZE;
	uint64_t pages = 0;
	for (size_t i = 0; i < ino->data.cap; i++)
		pages += ino->data.pages[i] != 0;
	st->blocks = pages * (HAL_PAGE_SIZE / 512);
	st->atime = ino->atime;
	st->mtime = ino->mtime;
	st->ctime = ino->ctime;
	st->btime = ino->btime;
}

static void file_kstat(struct file *f, struct kstat *st)
{
	if (f->inode) {
		vfs_lock();
		inode_kstat(f->inode, st);
		vfs_unlock();
	} else if (file_is_pipe(f)) {
		pipe_stat(f, st);
	} else {
		memset(st, 0, sizeof(*st));	/* an anonymous file of no kind yet */
	}
}

/* Resolve dirfd+path (AT_* flags) and fill *st. */
static int stat_at(int dirfd, vaddr_t upath, int flags, struct kstat *st)
{
	char *path;
	int err = user_path(upath, &path);

	if (err)
		return err;
	if (!path[0] && (flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
		struct file *f = fd_get(cur_files(), dirfd);
		kfree(path);
		if (!f)
			return -EBADF;
		file_kstat(f, st);
		file_put(f);
		return 0;
	}
	struct path base, p;
	bool have;
	err = at_base(dirfd, path, flags & AT_EMPTY_PATH, &base, &have);
	if (!err) {
		vfs_lock();
		err = path_walk(cur_fs(), have ? &base : NULL, path,
				((flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
				((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &p);
		if (!err) {
			inode_kstat(p.dentry->inode, st);
			path_put(&p);
		}
		if (have)
			path_put(&base);
		vfs_unlock();
	}
	kfree(path);
	return err;
}

static int put_stat(vaddr_t ust, const struct kstat *k)
{
	struct stat s;

	memset(&s, 0, sizeof(s));
	s.st_dev = k->dev;
	s.st_ino = k->ino;
	s.st_mode = k->mode;
	s.st_nlink = k->nlink;
	s.st_uid = k->uid;
	s.st_gid = k->gid;
	s.st_rdev = k->rdev;
	s.st_size = (long)k->size;
	s.st_blksize = k->blksize;
	s.st_blocks = (long)k->blocks;
	s.st_atime = k->atime.sec;
	s.st_atime_nsec = (unsigned long)k->atime.nsec;
	s.st_mtime = k->mtime.sec;
	s.st_mtime_nsec = (unsigned long)k->mtime.nsec;
	s.st_ctime = k->ctime.sec;
	s.st_ctime_nsec = (unsigned long)k->ctime.nsec;
	return copy_to_user(ust, &s, sizeof(s)) ? -EFAULT : 0;
}

long sys_fstat(const struct syscall_args *a)
{
	struct file *f = fd_get(cur_files(), (int)a->a[0]);
	struct kstat k;

	if (!f)
		return -EBADF;
	file_kstat(f, &k);
	file_put(f);
	return put_stat(a->a[1], &k);
}

long sys_newfstatat(const struct syscall_args *a)
{
	int flags = (int)a->a[3];
	struct kstat k;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	int err = stat_at((int)a->a[0], a->a[1], flags, &k);
	return err ? err : put_stat(a->a[2], &k);
}

long sys_stat(const struct syscall_args *a)
{
	struct kstat k;
	int err = stat_at(AT_FDCWD, a->a[0], 0, &k);

	return err ? err : put_stat(a->a[1], &k);
}

long sys_lstat(const struct syscall_args *a)
{
	struct kstat k;
	int err = stat_at(AT_FDCWD, a->a[0], AT_SYMLINK_NOFOLLOW, &k);

	return err ? err : put_stat(a->a[1], &k);
}

long sys_statx(const struct syscall_args *a)
{
	int dirfd = (int)a->a[0], flags = (int)a->a[2];
	unsigned int mask = (unsigned int)a->a[3];
	struct kstat k;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	int err = stat_at(dirfd, a->a[1], flags, &k);
	if (err)
		return err;
	struct statx x;
	memset(&x, 0, sizeof(x));
	x.stx_mask = STATX_BASIC_STATS | STATX_BTIME;
	x.stx_blksize = k.blksize;
	x.stx_nlink = k.nlink;
	x.stx_uid = k.uid;
	x.stx_gid = k.gid;
	x.stx_mode = (uint16_t)k.mode;
	x.stx_ino = k.ino;
	x.stx_size = k.size;
	x.stx_blocks = k.blocks;
	x.stx_atime.tv_sec = k.atime.sec;
	x.stx_atime.tv_nsec = (uint32_t)k.atime.nsec;
	x.stx_btime.tv_sec = k.btime.sec;
	x.stx_btime.tv_nsec = (uint32_t)k.btime.nsec;
	x.stx_ctime.tv_sec = k.ctime.sec;
	x.stx_ctime.tv_nsec = (uint32_t)k.ctime.nsec;
	x.stx_mtime.tv_sec = k.mtime.sec;
	x.stx_mtime.tv_nsec = (uint32_t)k.mtime.nsec;
	x.stx_rdev_major = k.rdev_major;
	x.stx_rdev_minor = k.rdev_minor;
	x.stx_dev_major = k.dev_major;
	x.stx_dev_minor = k.dev_minor;
	return copy_to_user(a->a[4], &x, sizeof(x)) ? -EFAULT : 0;
}
