/*
 * mount_sys.c - mount(2), umount2(2), statfs(2) and fstatfs(2).
 *
 * The namespace is the VFS's (core/fs/vfs.c: vfs_mount, vfs_umount,
 * mount_list); this file is the system-call half: permission checks, the
 * MS_* flags, remounts and bind mounts.  All of it runs under vfs_lock.
 */
#include <asm/statfs.h>
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sys/syscall.h>
#include <vfs.h>
#include "../fs/fs_internal.h"
#include "procfs.h"

#define MNT_FLAG_MASK	(MNT_RDONLY | MNT_NOSUID | MNT_NODEV | MNT_NOEXEC)

static bool capable_admin(void)
{
	struct proc *p = proc_current();

	return !p || p->euid == 0;
}

/* An optional user string (fstype, source, data) into a kmalloc'd buffer. */
static int user_str(vaddr_t u, size_t max, char **out)
{
	*out = NULL;
	if (!u)
		return 0;
	char *b = kmalloc(max);
	if (!b)
		return -ENOMEM;
	long n = strncpy_from_user(b, u, max);
	if (n < 0) {
		kfree(b);
		return (int)n;
	}
	*out = b;
	return 0;
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

/* Bind the subtree at src onto the directory at target; vfs_lock held. */
static int do_bind(const struct path *src, struct path *target, unsigned long flags)
{
	if (S_ISDIR(src->dentry->inode->mode) != S_ISDIR(target->dentry->inode->mode))
		return -ENOTDIR;
	struct mount *m = kzalloc(sizeof(*m));
	char *s = dup_str(src->mnt->source ? src->mnt->source : "none");
	if (!m || !s) {
		kfree(m);
		kfree(s);
		return -ENOMEM;
	}
	m->sb = src->mnt->sb;
	m->sb->refs++;
	m->root = d_get(src->dentry);
	/* A plain bind keeps the source mount's flags (Linux clears only
	 * MS_RDONLY and friends on a later MS_REMOUNT|MS_BIND). */
	m->flags = src->mnt->flags & MNT_FLAG_MASK;
	(void)flags;
	m->source = s;
	m->parent = target->mnt;
	m->parent->refs++;
	m->mountpoint = d_get(target->dentry);
	target->dentry->mounts++;
	struct mount **pp = &mount_list;
	while (*pp)
		pp = &(*pp)->next;
	*pp = m;
	return 0;
}

static int do_remount(struct path *target, unsigned long flags, const char *data)
{
	struct mount *m = target->mnt;

	if (target->dentry != m->root)
		return -EINVAL;
	if (!(flags & MS_BIND)) {
		/* The superblock's options: read-only-ness, and tmpfs's size=. */
		if (m->sb->type == &tmpfs_type) {
			int err = tmpfs_apply_options(m->sb, data, true);
			if (err)
				return err;
		}
		m->sb->flags = (m->sb->flags & ~(unsigned long)MS_RDONLY) | (flags & MS_RDONLY);
	}
	m->flags = flags & MNT_FLAG_MASK;
	return 0;
}

long sys_mount(const struct syscall_args *a)
{
	unsigned long flags = a->a[3];
	char *source = NULL, *target = NULL, *fstype = NULL, *data = NULL;
	int err;

	if (!capable_admin())
		return -EPERM;
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	procfs_init();
	err = user_path(a->a[1], &target);
	if (err)
		return err;
	if ((err = user_str(a->a[0], PATH_MAX, &source)) ||
	    (err = user_str(a->a[2], 256, &fstype)))
		goto out;
	if (a->a[4] && !(flags & MS_BIND) && (err = user_str(a->a[4], HAL_PAGE_SIZE, &data)))
		goto out;
	if (flags & MS_MOVE) {
		err = -EINVAL;		/* not supported yet */
		goto out;
	}
	struct path tp;
	vfs_lock();
	err = path_walk(cur_fs(), NULL, target, LOOKUP_FOLLOW, &tp);
	if (err)
		goto unlock;
	if (flags & MS_REMOUNT) {
		err = do_remount(&tp, flags, data);
	} else if (flags & MS_BIND) {
		struct path sp;
		if (!source) {
			err = -EFAULT;
		} else if (!(err = path_walk(cur_fs(), NULL, source, LOOKUP_FOLLOW, &sp))) {
			err = do_bind(&sp, &tp, flags);
			path_put(&sp);
		}
	} else if (!fstype) {
		err = -EINVAL;
	} else if (!S_ISDIR(tp.dentry->inode->mode)) {
		err = -ENOTDIR;
	} else if (!fs_find(fstype)) {
		err = -ENODEV;
	} else {
		err = vfs_mount(source ? source : "none", &tp, fstype, flags & ~(unsigned long)MS_REMOUNT,
				data);
	}
	path_put(&tp);
unlock:
	vfs_unlock();
out:
	kfree(source);
	kfree(target);
	kfree(fstype);
	kfree(data);
	return err;
}

long sys_umount2(const struct syscall_args *a)
{
	int flags = (int)a->a[1];
	char *target;
	struct path tp;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	if (!capable_admin())
		return -EPERM;
	int err = user_path(a->a[0], &target);
	if (err)
		return err;
	vfs_lock();
	err = path_walk(cur_fs(), NULL, target,
			(flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &tp);
	if (!err) {
		struct mount *m = tp.mnt;
		bool is_root = tp.dentry == m->root;
		path_put(&tp);
		if (!is_root)
			err = -EINVAL;
		else if (flags & MNT_EXPIRE)
			err = -EAGAIN;	/* Linux: the first call only marks it */
		else
			err = vfs_umount(m, flags);
	}
	vfs_unlock();
	kfree(target);
	return err;
}

/* ---- statfs */

/* What statfs reports, before it is laid out in the arch's struct statfs
 * or struct statfs64 (their field widths differ between arches). */
struct kstatfs {
	unsigned long type, bsize, namelen, frsize, flags;
	uint64_t blocks, bfree, bavail, files, ffree;
	int fsid[2];
};

static void fill_kstatfs(const struct mount *m, struct kstatfs *st)
{
	struct super_block *sb = m->sb;

	memset(st, 0, sizeof(*st));
	st->bsize = HAL_PAGE_SIZE;
	st->frsize = HAL_PAGE_SIZE;
	st->namelen = NAME_MAX;
	st->fsid[0] = (int)sb->dev;
	if (sb->type == &tmpfs_type) {
		uint64_t limit = tmpfs_pages_limit(sb), used = tmpfs_pages_used(sb);
		uint64_t free = used < limit ? limit - used : 0;
		st->type = TMPFS_MAGIC;
		st->blocks = limit;
		st->bfree = st->bavail = MIN(free, (uint64_t)pmm_free_pages());
		st->files = pmm_total_pages() / 2;
		st->ffree = st->files;
	} else if (strcmp(sb->type->name, "proc") == 0) {
		st->type = PROC_SUPER_MAGIC;
	}
	unsigned long fl = 0x0020;	/* ST_VALID */
	if (m->flags & MNT_RDONLY)
		fl |= 1;		/* ST_RDONLY */
	if (m->flags & MNT_NOSUID)
		fl |= 2;		/* ST_NOSUID */
	if (m->flags & MNT_NODEV)
		fl |= 4;		/* ST_NODEV */
	if (m->flags & MNT_NOEXEC)
		fl |= 8;		/* ST_NOEXEC */
	st->flags = fl;
}

/* Pipes and other files without a mount: pipefs. */
static void fill_kstatfs_anon(struct kstatfs *st)
{
	memset(st, 0, sizeof(*st));
	st->type = 0x50495045;		/* PIPEFS_MAGIC */
	st->bsize = HAL_PAGE_SIZE;
	st->frsize = HAL_PAGE_SIZE;
	st->namelen = NAME_MAX;
	st->flags = 0x0020;
}

#define STATFS_COPY(u, k) do {						\
		memset(&(u), 0, sizeof(u));				\
		(u).f_type = (k).type;					\
		(u).f_bsize = (k).bsize;				\
		(u).f_blocks = (k).blocks;				\
		(u).f_bfree = (k).bfree;				\
		(u).f_bavail = (k).bavail;				\
		(u).f_files = (k).files;				\
		(u).f_ffree = (k).ffree;				\
		(u).f_fsid.val[0] = (k).fsid[0];			\
		(u).f_fsid.val[1] = (k).fsid[1];			\
		(u).f_namelen = (k).namelen;				\
		(u).f_frsize = (k).frsize;				\
		(u).f_flags = (k).flags;				\
	} while (0)

static int copy_statfs(vaddr_t ubuf, const struct kstatfs *k)
{
	struct statfs st;

	STATFS_COPY(st, *k);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

static int copy_statfs64(vaddr_t ubuf, const struct kstatfs *k)
{
	struct statfs64 st;

	STATFS_COPY(st, *k);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

static int statfs_path(vaddr_t upath, struct kstatfs *k)
{
	char *path;
	struct path p;

	int err = user_path(upath, &path);
	if (err)
		return err;
	vfs_lock();
	err = path_walk(cur_fs(), NULL, path, LOOKUP_FOLLOW, &p);
	if (!err) {
		fill_kstatfs(p.mnt, k);
		path_put(&p);
	}
	vfs_unlock();
	kfree(path);
	return err;
}

static int statfs_fd(int fd, struct kstatfs *k)
{
	struct file *f = fd_get(cur_files(), fd);

	if (!f)
		return -EBADF;
	vfs_lock();
	struct mount *m = file_mount(f);
	if (m)
		fill_kstatfs(m, k);
	else
		fill_kstatfs_anon(k);
	vfs_unlock();
	file_put(f);
	return 0;
}

long sys_statfs(const struct syscall_args *a)
{
	struct kstatfs k;
	int err = statfs_path(a->a[0], &k);

	return err ? err : copy_statfs(a->a[1], &k);
}

long sys_fstatfs(const struct syscall_args *a)
{
	struct kstatfs k;
	int err = statfs_fd((int)a->a[0], &k);

	return err ? err : copy_statfs(a->a[1], &k);
}

/* statfs64(path, size, buf): size must be sizeof(struct statfs64). */
long sys_statfs64(const struct syscall_args *a)
{
	struct kstatfs k;

	if (a->a[1] != sizeof(struct statfs64))
		return -EINVAL;
	int err = statfs_path(a->a[0], &k);
	return err ? err : copy_statfs64(a->a[2], &k);
}

long sys_fstatfs64(const struct syscall_args *a)
{
	struct kstatfs k;

	if (a->a[1] != sizeof(struct statfs64))
		return -EINVAL;
	int err = statfs_fd((int)a->a[0], &k);
	return err ? err : copy_statfs64(a->a[2], &k);
}
