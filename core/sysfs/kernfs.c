/*
 * kernfs.c - read-only in-memory trees for sysfs: every entry is a pinned
 * dentry (the dcache is complete, like tmpfs), files are byte ranges held
 * by the inode (struct kfs_attr), symlinks keep their target in
 * inode->link.  Nothing can be created, removed or written from user
 * space; opening a file for writing gives -EACCES like Linux's sysfs for
 * attributes without a store method.  Built and freed under vfs_lock.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <vfs.h>
#include "sysfs_internal.h"

struct kfs_attr {
	const void *data;
	size_t len;
	char bytes[];			/* the copy, when the file owns its data */
};

static long kfs_read(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	const struct kfs_attr *a = f->inode->fs_private;

	if (*pos >= a->len)
		return 0;
	size_t c = MIN(n, (size_t)(a->len - *pos));
	size_t left = copy_to_user(buf, (const char *)a->data + *pos, c);
	if (left == c && c)
		return -EFAULT;
	c -= left;
	*pos += c;
	return (long)c;
}

static int64_t kfs_lseek(struct file *f, int64_t off, int whence)
{
	const struct kfs_attr *a = f->inode->fs_private;
	int64_t base;

	switch (whence) {
	case 0: base = 0; break;
	case 1: base = (int64_t)f->pos; break;
	case 2: base = (int64_t)a->len; break;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

static int kfs_open(struct inode *ino, struct file *f)
{
	unsigned int acc = f->flags & O_ACCMODE;

	return acc == O_RDONLY ? 0 : -EACCES;
}

static const struct file_ops kfs_file_ops = {
	.read = kfs_read,
	.lseek = kfs_lseek,
	.open = kfs_open,
};

static int kfs_readdir(struct file *f, struct dir_context *ctx)
{
	struct dentry *d = f->dentry;

	if (f->pos < 1) {
		if (!ctx->emit(ctx, ".", 1, d->inode->ino, dtype_of(S_IFDIR), 1))
			return 0;
		f->pos = 1;
	}
	if (f->pos < 2) {
		struct inode *pi = d->parent->inode;
		if (!ctx->emit(ctx, "..", 2, pi ? pi->ino : d->inode->ino, dtype_of(S_IFDIR), 2))
			return 0;
		f->pos = 2;
	}
	for (struct dentry *c = d->child_first; c; c = c->sib_next) {
		if (c->cookie <= f->pos || !c->inode)
			continue;
		if (!ctx->emit(ctx, c->name, c->namelen, c->inode->ino, dtype_of(c->inode->mode),
			       c->cookie))
			return 0;
		f->pos = c->cookie;
	}
	return 0;
}

static long kfs_readlink(struct dentry *d, char *buf, size_t size)
{
	const char *t = d->inode->link;

	if (!t)
		return -EINVAL;
	size_t n = MIN(strlen(t), size - 1);
	memcpy(buf, t, n);
	buf[n] = '\0';
	return (long)n;
}

/* open(O_TRUNC) of an attribute: Linux's sysfs says -EACCES for files
 * without a store method, as for any write open. */
static int kfs_truncate(struct inode *ino, uint64_t size)
{
	return -EACCES;
}

static const struct inode_ops kfs_iops = {
	.readdir = kfs_readdir,
	.readlink = kfs_readlink,
	.truncate = kfs_truncate,
};

/* A new entry name[0..len) of dir holding ino (pinned); NULL if the name
 * is taken or memory is short (ino is then freed). */
static struct dentry *kfs_attach(struct dentry *dir, const char *name, size_t len,
				 struct inode *ino)
{
	struct dentry *d = d_lookup_cached(dir, name, len);

	if (d || !ino) {
		d_put(d);
		goto fail;
	}
	d = d_alloc(dir, name, len);
	if (!d)
		goto fail;
	ino->iops = &kfs_iops;
	/* d_alloc's reference is the pin that keeps the entry in the tree. */
	d_instantiate(d, ino);
	d->flags |= D_PINNED;
	return d;
fail:
	if (ino) {
		kfree(ino->fs_private);
		ino->fs_private = NULL;
		ino->nlink = 0;
		inode_put(ino);
	}
	return NULL;
}

int kfs_make_root(struct super_block *sb, uint32_t mode)
{
	struct inode *root = inode_alloc(sb, S_IFDIR | (mode & 07777));

	if (!root)
		return -ENOMEM;
	struct dentry *d = d_alloc(NULL, "/", 1);
	if (!d) {
		root->nlink = 0;
		inode_put(root);
		return -ENOMEM;
	}
	root->iops = &kfs_iops;
	root->fops = &generic_dir_ops;
	root->nlink = 2;
	d->sb = sb;
	d->inode = root;
	d->flags |= D_PINNED;
	sb->root = d;
	return 0;
}

struct dentry *kfs_mkdir(struct dentry *dir, const char *name, size_t len)
{
	struct dentry *d = d_lookup_cached(dir, name, len);

	if (d) {
		d_put(d);
		return S_ISDIR(d->inode->mode) ? d : NULL;
	}
	struct inode *ino = inode_alloc(dir->sb, S_IFDIR | 0755);
	if (!ino)
		return NULL;
	ino->fops = &generic_dir_ops;
	ino->nlink = 2;
	d = kfs_attach(dir, name, len, ino);
	if (d)
		dir->inode->nlink++;
	return d;
}

struct dentry *kfs_mkdir_p(struct dentry *dir, const char *path)
{
	while (dir && *path) {
		const char *e = path;
		while (*e && *e != '/')
			e++;
		if (e > path)
			dir = kfs_mkdir(dir, path, (size_t)(e - path));
		path = *e ? e + 1 : e;
	}
	return dir;
}

int kfs_file(struct dentry *dir, const char *name, size_t nlen, uint32_t mode, const void *data,
	     size_t len, bool copy, bool size_is_len)
{
	struct dentry *old = d_lookup_cached(dir, name, nlen);

	if (old) {
		d_put(old);
		return -EEXIST;
	}
	struct kfs_attr *a = kmalloc(sizeof(*a) + (copy ? len : 0));
	struct inode *ino = a ? inode_alloc(dir->sb, S_IFREG | (mode & 07777)) : NULL;
	if (!ino) {
		kfree(a);
		return -ENOMEM;
	}
	if (copy) {
		memcpy(a->bytes, data, len);
		data = a->bytes;
	}
	a->data = data;
	a->len = len;
	ino->fs_private = a;
	ino->fops = &kfs_file_ops;
	ino->size = size_is_len ? len : HAL_PAGE_SIZE;
	return kfs_attach(dir, name, nlen, ino) ? 0 : -ENOMEM;
}

int kfs_printf(struct dentry *dir, const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	return kfs_file(dir, name, strlen(name), 0444, buf, (size_t)n, true, false);
}

int kfs_symlink(struct dentry *dir, const char *name, const char *target)
{
	size_t n = strlen(target);
	struct inode *ino = inode_alloc(dir->sb, S_IFLNK | 0777);

	if (!ino)
		return -ENOMEM;
	ino->link = kmalloc(n + 1);
	if (!ino->link) {
		ino->nlink = 0;
		inode_put(ino);
		return -ENOMEM;
	}
	memcpy(ino->link, target, n + 1);
	ino->size = n;
	return kfs_attach(dir, name, strlen(name), ino) ? 0 : -EEXIST;
}

static void kfs_free_tree(struct dentry *d)
{
	while (d->child_first) {
		struct dentry *c = d->child_first;
		kfs_free_tree(c);
		if (c->inode) {
			if (S_ISREG(c->inode->mode)) {
				kfree(c->inode->fs_private);
				c->inode->fs_private = NULL;
			}
			c->inode->nlink = 0;
		}
		d_unhash(c);
		if (c->flags & D_PINNED) {
			c->flags &= ~D_PINNED;
			d_put(c);
		}
	}
}

void kfs_kill_sb(struct super_block *sb)
{
	struct dentry *root = sb->root;

	kfs_free_tree(root);
	root->inode->nlink = 0;
	d_put(root);
}

long kfs_kread(struct inode *ino, void *buf, size_t n, uint64_t pos)
{
	if (!S_ISREG(ino->mode) || ino->fops != &kfs_file_ops)
		return -EINVAL;
	const struct kfs_attr *a = ino->fs_private;
	if (pos >= a->len)
		return 0;
	size_t c = MIN(n, (size_t)(a->len - pos));
	memcpy(buf, (const char *)a->data + pos, c);
	return (long)c;
}
