/*
 * ops.c - namespace operations with Linux's checks and error numbers:
 * create (mknod), mkdir, symlink, link, unlink/rmdir, rename, open, and
 * the attribute changes.  Callers hold vfs_lock except for vfs_open and
 * vfs_read_file, which take it.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <vfs.h>
#include "fs_internal.h"

static int check_rdonly(const struct path *p)
{
	return (p->mnt->flags & MNT_RDONLY) ? -EROFS : 0;
}

static int may_create(const struct path *dir, const struct cred *c)
{
	struct inode *d = dir->dentry->inode;

	if (d->nlink == 0)
		return -ENOENT;		/* the directory was removed */
	int err = inode_permission(d, c, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	return check_rdonly(dir);
}

/* Linux's may_delete: victim v in directory dir. */
static int may_delete(const struct path *dir, struct dentry *v, bool isdir, const struct cred *c)
{
	struct inode *di = dir->dentry->inode;

	if (!v->inode)
		return -ENOENT;
	int err = inode_permission(di, c, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	if ((di->mode & S_ISVTX) && c->uid != 0 && c->uid != v->inode->uid && c->uid != di->uid)
		return -EPERM;
	if (isdir) {
		if (!S_ISDIR(v->inode->mode))
			return -ENOTDIR;
		if (v->parent == v || v->mounts)
			return -EBUSY;
	} else if (S_ISDIR(v->inode->mode)) {
		return -EISDIR;
	}
	return check_rdonly(dir);
}

/* The parent of path and its last component looked up (negative allowed). */
static int lookup_last(struct fs_ctx *fs, const struct path *base, const char *path,
		       struct path *parent, struct last_name *last, struct dentry **d)
{
	int err = path_walk_parent(fs, base, path, parent, last);

	if (err)
		return err;
	*d = NULL;
	if (last->type == LAST_NORM) {
		err = lookup_one(parent->dentry, last->name, last->len, d);
		if (err) {
			path_put(parent);
			return err;
		}
	}
	return 0;
}

/* Common start of create-type calls: a negative dentry for the last name. */
static int create_prep(struct fs_ctx *fs, const struct path *base, const char *path,
		       bool dir_ok_slash, struct path *parent, struct dentry **d)
{
	struct last_name *last = kmalloc(sizeof(*last));

	if (!last)
		return -ENOMEM;
	int err = lookup_last(fs, base, path, parent, last, d);
	if (err) {
		kfree(last);
		return err;
	}
	if (last->type != LAST_NORM)
		err = -EEXIST;
	else if ((*d)->inode)
		err = -EEXIST;
	else if (last->trailing_slash && !dir_ok_slash)
		err = -ENOENT;
	else {
		struct cred c = cred_current();
		err = may_create(parent, &c);
	}
	kfree(last);
	if (err) {
		d_put(*d);
		path_put(parent);
	}
	return err;
}

int vfs_create_at(struct fs_ctx *fs, const struct path *base, const char *path,
		  uint32_t mode, uint32_t rdev)
{
	struct path parent;
	struct dentry *d;
	int err = create_prep(fs, base, path, false, &parent, &d);

	if (err)
		return err;
	struct inode *dir = parent.dentry->inode;
	if (!dir->iops || !dir->iops->create)
		err = -EPERM;
	else
		err = dir->iops->create(dir, d, mode, rdev);
	d_put(d);
	path_put(&parent);
	return err;
}

int vfs_mkdir_at(struct fs_ctx *fs, const struct path *base, const char *path, uint32_t mode)
{
	struct path parent;
	struct dentry *d;
	int err = create_prep(fs, base, path, true, &parent, &d);

	if (err)
		return err;
	struct inode *dir = parent.dentry->inode;
	if (!dir->iops || !dir->iops->mkdir)
		err = -EPERM;
	else
		err = dir->iops->mkdir(dir, d, mode);
	d_put(d);
	path_put(&parent);
	return err;
}

int vfs_symlink_at(struct fs_ctx *fs, const struct path *base, const char *target,
		   const char *path)
{
	if (!*target)
		return -ENOENT;
	struct path parent;
	struct dentry *d;
	int err = create_prep(fs, base, path, false, &parent, &d);

	if (err)
		return err;
	struct inode *dir = parent.dentry->inode;
	if (!dir->iops || !dir->iops->symlink)
		err = -EPERM;
	else
		err = dir->iops->symlink(dir, d, target);
	d_put(d);
	path_put(&parent);
	return err;
}

int vfs_link_at(struct fs_ctx *fs, const struct path *obase, const char *opath,
		const struct path *nbase, const char *npath, int flags)
{
	struct path old, parent;
	struct dentry *d;

	int err = path_walk(fs, obase, opath, (flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0) |
			    (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &old);
	if (err)
		return err;
	err = create_prep(fs, nbase, npath, false, &parent, &d);
	if (err) {
		path_put(&old);
		return err;
	}
	struct inode *dir = parent.dentry->inode;
	if (old.mnt != parent.mnt)
		err = -EXDEV;
	else if (S_ISDIR(old.dentry->inode->mode))
		err = -EPERM;
	else if (old.dentry->inode->nlink == 0)
		err = -ENOENT;
	else if (!dir->iops || !dir->iops->link)
		err = -EPERM;
	else
		err = dir->iops->link(old.dentry, dir, d);
	d_put(d);
	path_put(&parent);
	path_put(&old);
	return err;
}

int vfs_unlink_at(struct fs_ctx *fs, const struct path *base, const char *path, bool isdir)
{
	struct path parent;
	struct last_name *last = kmalloc(sizeof(*last));
	struct dentry *d;

	if (!last)
		return -ENOMEM;
	int err = lookup_last(fs, base, path, &parent, last, &d);
	if (err) {
		kfree(last);
		return err;
	}
	if (last->type != LAST_NORM) {
		if (!isdir)
			err = -EISDIR;
		else
			err = last->type == LAST_DOT ? -EINVAL :
			      last->type == LAST_DOTDOT ? -ENOTEMPTY : -EBUSY;
		goto out;
	}
	if (!isdir && last->trailing_slash) {
		err = !d->inode ? -ENOENT : S_ISDIR(d->inode->mode) ? -EISDIR : -ENOTDIR;
		goto out;
	}
	struct cred c = cred_current();
	err = may_delete(&parent, d, isdir, &c);
	if (err)
		goto out;
	struct inode *dir = parent.dentry->inode;
	if (isdir) {
		if (d->child_first)
			err = -ENOTEMPTY;
		else if (!dir->iops || !dir->iops->rmdir)
			err = -EPERM;
		else
			err = dir->iops->rmdir(dir, d);
	} else {
		if (d->mounts)
			err = -EBUSY;
		else if (!dir->iops || !dir->iops->unlink)
			err = -EPERM;
		else
			err = dir->iops->unlink(dir, d);
	}
out:
	kfree(last);
	d_put(d);
	path_put(&parent);
	return err;
}

/* Is a an ancestor of (or equal to) b, within one filesystem? */
static bool is_ancestor(struct dentry *a, struct dentry *b)
{
	for (;;) {
		if (b == a)
			return true;
		if (b->parent == b)
			return false;
		b = b->parent;
	}
}

int vfs_rename_at(struct fs_ctx *fs, const struct path *obase, const char *opath,
		  const struct path *nbase, const char *npath, unsigned int flags)
{
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL;		/* overlayfs whiteouts: not supported */

	struct last_name *ol = kmalloc(sizeof(*ol)), *nl = kmalloc(sizeof(*nl));
	struct path op, np;
	int err;

	if (!ol || !nl) {
		kfree(ol);
		kfree(nl);
		return -ENOMEM;
	}
	err = path_walk_parent(fs, obase, opath, &op, ol);
	if (err)
		goto out0;
	err = path_walk_parent(fs, nbase, npath, &np, nl);
	if (err)
		goto out1;
	struct dentry *od = NULL, *nd = NULL;
	if (op.mnt != np.mnt) {
		err = -EXDEV;
		goto out2;
	}
	if (ol->type != LAST_NORM) {
		err = -EBUSY;
		goto out2;
	}
	if (nl->type != LAST_NORM) {
		err = (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
		goto out2;
	}
	err = check_rdonly(&op);
	if (err)
		goto out2;
	err = lookup_one(op.dentry, ol->name, ol->len, &od);
	if (err)
		goto out2;
	if (!od->inode) {
		err = -ENOENT;
		goto out3;
	}
	err = lookup_one(np.dentry, nl->name, nl->len, &nd);
	if (err)
		goto out3;
	bool odir = S_ISDIR(od->inode->mode);
	if ((flags & RENAME_EXCHANGE) && !nd->inode) {
		err = -ENOENT;
		goto out4;
	}
	if ((flags & RENAME_NOREPLACE) && nd->inode) {
		err = -EEXIST;
		goto out4;
	}
	if (!odir && (ol->trailing_slash || nl->trailing_slash)) {
		if (!(flags & RENAME_EXCHANGE) || !nd->inode || !S_ISDIR(nd->inode->mode) ||
		    ol->trailing_slash) {
			err = -ENOTDIR;
			goto out4;
		}
	}
	/* Moving a directory under itself. */
	if (is_ancestor(od, np.dentry)) {
		err = -EINVAL;
		goto out4;
	}
	if (nd->inode && is_ancestor(nd, op.dentry)) {
		err = (flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
		goto out4;
	}
	if (od == nd || od->inode == nd->inode) {
		err = 0;	/* the same file: nothing to do */
		goto out4;
	}
	struct cred c = cred_current();
	err = may_delete(&op, od, odir, &c);
	if (err)
		goto out4;
	bool ndir = nd->inode && S_ISDIR(nd->inode->mode);
	if (flags & RENAME_EXCHANGE)
		err = may_delete(&np, nd, ndir, &c);
	else if (nd->inode)
		err = may_delete(&np, nd, odir, &c);
	else
		err = may_create(&np, &c);
	if (err)
		goto out4;
	/* A directory changing parent gets a new "..": write permission on it. */
	if (op.dentry != np.dentry) {
		if (odir && (err = inode_permission(od->inode, &c, MAY_WRITE)))
			goto out4;
		if ((flags & RENAME_EXCHANGE) && ndir &&
		    (err = inode_permission(nd->inode, &c, MAY_WRITE)))
			goto out4;
	}
	if (od->mounts || nd->mounts) {
		err = -EBUSY;
		goto out4;
	}
	if (!(flags & RENAME_EXCHANGE) && ndir && nd->child_first) {
		err = -ENOTEMPTY;
		goto out4;
	}
	struct inode *odi = op.dentry->inode;
	if (!odi->iops || !odi->iops->rename)
		err = -EPERM;
	else
		err = odi->iops->rename(odi, od, np.dentry->inode, nd, flags & RENAME_EXCHANGE);
out4:
	d_put(nd);
out3:
	d_put(od);
out2:
	path_put(&np);
out1:
	path_put(&op);
out0:
	kfree(ol);
	kfree(nl);
	return err;
}

int vfs_truncate_inode(struct inode *ino, uint64_t size)
{
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	if (!ino->iops || !ino->iops->truncate)
		return -EPERM;
	return ino->iops->truncate(ino, size);
}

int vfs_chmod(struct inode *ino, uint32_t mode)
{
	struct cred c = cred_current();

	if (c.uid != 0 && c.uid != ino->uid)
		return -EPERM;
	mode &= 07777;
	/* Linux drops S_ISGID when the caller is not in the file's group. */
	if (c.uid != 0 && c.gid != ino->gid)
		mode &= ~(uint32_t)S_ISGID;
	ino->mode = (ino->mode & S_IFMT) | mode;
	ino->ctime = vfs_now();
	return 0;
}

int vfs_chown(struct inode *ino, uint32_t uid, uint32_t gid)
{
	struct cred c = cred_current();

	if (c.uid != 0) {
		if (uid != (uint32_t)-1 && uid != ino->uid)
			return -EPERM;
		if (gid != (uint32_t)-1 && gid != ino->gid && (c.uid != ino->uid || gid != c.gid))
			return -EPERM;
		if (uid == (uint32_t)-1 && gid != (uint32_t)-1 && c.uid != ino->uid)
			return -EPERM;
	}
	if (uid != (uint32_t)-1)
		ino->uid = uid;
	if (gid != (uint32_t)-1)
		ino->gid = gid;
	if ((uid != (uint32_t)-1 || gid != (uint32_t)-1) && !S_ISDIR(ino->mode)) {
		ino->mode &= ~(uint32_t)S_ISUID;
		if (ino->mode & S_IXGRP)
			ino->mode &= ~(uint32_t)S_ISGID;
	}
	ino->ctime = vfs_now();
	return 0;
}

/* ---- open */

static const struct file_ops path_only_ops;

/* Build the struct file for an existing path; vfs_lock held.  The driver's
 * open hook is called later, without the lock. */
static struct file *open_path_locked(const struct path *p, unsigned int flags, bool created,
				     int *err)
{
	struct inode *ino = p->dentry->inode;
	const struct file_ops *ops;
	unsigned int acc = flags & O_ACCMODE;
	bool wr = acc == O_WRONLY || acc == O_RDWR;

	if (flags & O_PATH) {
		ops = &path_only_ops;
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
		goto make;
	}
	if (S_ISLNK(ino->mode)) {
		*err = -ELOOP;
		return NULL;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode)) {
		*err = -ENOTDIR;
		return NULL;
	}
	if (S_ISDIR(ino->mode) && (wr || (flags & (O_TRUNC | O_CREAT)))) {
		*err = -EISDIR;
		return NULL;
	}
	if (!created) {
		struct cred c = cred_current();
		int mask = (acc == O_RDONLY || acc == O_RDWR ? MAY_READ : 0) |
			   (wr || (flags & O_TRUNC) ? MAY_WRITE : 0);
		if (acc == 3)
			mask = MAY_READ | MAY_WRITE;
		if ((*err = inode_permission(ino, &c, mask)))
			return NULL;
	}
	if ((S_ISCHR(ino->mode) || S_ISBLK(ino->mode)) && (p->mnt->flags & MNT_NODEV)) {
		*err = -EACCES;
		return NULL;
	}
	if ((wr || (flags & O_TRUNC)) && S_ISREG(ino->mode) && (p->mnt->flags & MNT_RDONLY)) {
		*err = -EROFS;
		return NULL;
	}
	if (S_ISREG(ino->mode) || S_ISDIR(ino->mode)) {
		ops = ino->fops;
	} else if (S_ISCHR(ino->mode)) {
		ops = chrdev_lookup(MAJOR(ino->rdev), MINOR(ino->rdev));
	} else if (S_ISFIFO(ino->mode)) {
		ops = &fifo_ops;
	} else {
		ops = NULL;	/* block devices and sockets: not yet */
	}
	if (!ops) {
		*err = -ENXIO;
		return NULL;
	}
	if ((flags & O_TRUNC) && S_ISREG(ino->mode) && ino->size) {
		if ((*err = vfs_truncate_inode(ino, 0)))
			return NULL;
	}
make:;
	struct file *f = file_alloc(ops, (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC |
						    O_CLOEXEC)) | O_LARGEFILE, NULL);
	if (!f) {
		*err = -ENOMEM;
		return NULL;
	}
	f->inode = ino;
	inode_get(ino);
	f->dentry = d_get(p->dentry);
	f->mnt = p->mnt;
	p->mnt->refs++;
	return f;
}

static struct file *open_finish(struct file *f, int *err)
{
	if (f && f->ops->open && !(f->flags & O_PATH)) {
		int e = f->ops->open(f->inode, f);
		if (e) {
			file_put(f);
			*err = e;
			return NULL;
		}
	}
	return f;
}

struct file *vfs_open_path(const struct path *p, unsigned int flags, int *err)
{
	vfs_lock();
	struct file *f = open_path_locked(p, flags, false, err);
	vfs_unlock();
	return open_finish(f, err);
}

struct file *vfs_open(struct fs_ctx *fs, const struct path *base, const char *path,
		      unsigned int flags, uint32_t mode, int *err)
{
	struct path p;
	struct file *f = NULL;
	bool created = false;

	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	vfs_lock();
	if (flags & O_CREAT) {
		struct path parent;
		struct last_name *last = kmalloc(sizeof(*last));
		struct dentry *d;
		if (!last) {
			*err = -ENOMEM;
			goto out;
		}
		*err = lookup_last(fs, base, path, &parent, last, &d);
		if (*err) {
			kfree(last);
			goto out;
		}
		if (last->type != LAST_NORM) {
			*err = -EISDIR;
		} else if (!d->inode) {
			struct cred c = cred_current();
			if (last->trailing_slash)
				*err = -EISDIR;
			else if (!(*err = may_create(&parent, &c))) {
				struct inode *dir = parent.dentry->inode;
				*err = dir->iops && dir->iops->create ?
				       dir->iops->create(dir, d, S_IFREG | (mode & 07777), 0) : -EPERM;
				created = *err == 0;
			}
		} else if (flags & O_EXCL) {
			*err = -EEXIST;
		} else if (S_ISLNK(d->inode->mode)) {
			if (flags & O_NOFOLLOW)
				*err = -ELOOP;
		} else if (S_ISDIR(d->inode->mode)) {
			*err = -EISDIR;
		}
		bool symlink = !*err && !created && S_ISLNK(d->inode->mode);
		if (!*err && !symlink) {
			p.mnt = parent.mnt;
			p.dentry = d;
			path_get(&p);
			path_cross_mounts(&p);
		}
		kfree(last);
		d_put(d);
		path_put(&parent);
		if (*err)
			goto out;
		if (symlink) {
			/* Follow it; a dangling link is not created through (yet). */
			*err = path_walk(fs, base, path, LOOKUP_FOLLOW, &p);
			if (*err)
				goto out;
		}
	} else {
		*err = path_walk(fs, base, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
		if (*err)
			goto out;
	}
	f = open_path_locked(&p, flags, created, err);
	path_put(&p);
out:
	vfs_unlock();
	return open_finish(f, err);
}

/* ---- exec */

int vfs_exec_check(const struct inode *ino, const struct mount *mnt)
{
	if (!S_ISREG(ino->mode))
		return -EACCES;
	if (mnt && (mnt->flags & MNT_NOEXEC))
		return -EACCES;
	struct cred c = cred_current();
	return inode_permission(ino, &c, MAY_EXEC);
}

int vfs_read_file(const char *path, bool want_exec, void **buf, size_t *size)
{
	struct path p;

	vfs_lock();
	int err = path_walk(cur_fs(), NULL, path, LOOKUP_FOLLOW, &p);
	if (err)
		goto out;
	struct inode *ino = p.dentry->inode;
	if (!S_ISREG(ino->mode))
		err = -EACCES;
	else if (want_exec)
		err = vfs_exec_check(ino, p.mnt);
	else {
		struct cred c = cred_current();
		err = inode_permission(ino, &c, MAY_READ);
	}
	if (!err && ino->fops != &generic_file_ops)
		err = -EACCES;
	if (!err) {
		size_t n = (size_t)ino->size;
		void *b = kmalloc(n ? n : 1);
		if (!b) {
			err = -ENOMEM;
		} else {
			long r = tmpfs_read_inode(ino, b, n, 0);
			if (r < 0) {
				kfree(b);
				err = (int)r;
			} else {
				*buf = b;
				*size = (size_t)r;
				ino->atime = vfs_now();
			}
		}
	}
	path_put(&p);
out:
	vfs_unlock();
	return err;
}

int vfs_read_exec(const char *path, void **buf, size_t *size)
{
	return vfs_read_file(path, true, buf, size);
}
