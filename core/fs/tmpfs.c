/*
 * tmpfs.c - the memory filesystem: its whole tree lives in the dentry
 * cache (every positive dentry pinned by the filesystem), file data in
 * the inodes' page maps.  Also the generic file operations on page maps
 * and on cached directories that other filesystems reuse.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <vfs.h>
#include "fs_internal.h"

static const struct inode_ops tmpfs_iops;

/* Bytes above which a write gives -EFBIG (Linux's MAX_LFS_FILESIZE is
 * larger; this stays far below what page_map can index). */
#define TMPFS_MAX_FILE	(1ULL << 40)

/* Linux's tmpfs counts 20 bytes per directory entry in st_size. */
#define BOGO_DIRENT_SIZE 20

static struct inode *tmpfs_new_inode(struct super_block *sb, uint32_t mode)
{
	struct inode *ino = inode_alloc(sb, mode);

	if (!ino)
		return NULL;
	struct cred c = cred_current();
	ino->uid = c.uid;
	ino->gid = c.gid;
	ino->iops = &tmpfs_iops;
	if (S_ISDIR(mode)) {
		ino->fops = &generic_dir_ops;
		ino->nlink = 2;
		ino->size = 2 * BOGO_DIRENT_SIZE;
	} else if (S_ISREG(mode)) {
		ino->fops = &generic_file_ops;
	}
	return ino;
}

/* Link ino under the negative dentry d, pinned; the parent dir is touched. */
static void tmpfs_attach(struct inode *dir, struct dentry *d, struct inode *ino)
{
	d_instantiate(d, ino);
	d_get(d);
	d->flags |= D_PINNED;
	dir->size += BOGO_DIRENT_SIZE;
	dir->mtime = dir->ctime = vfs_now();
}

static int tmpfs_create(struct inode *dir, struct dentry *d, uint32_t mode, uint32_t rdev)
{
	struct inode *ino = tmpfs_new_inode(dir->sb, mode);

	if (!ino)
		return -ENOMEM;
	if (S_ISCHR(mode) || S_ISBLK(mode))
		ino->rdev = rdev;
	tmpfs_attach(dir, d, ino);
	return 0;
}

static int tmpfs_mkdir(struct inode *dir, struct dentry *d, uint32_t mode)
{
	struct inode *ino = tmpfs_new_inode(dir->sb, S_IFDIR | (mode & 07777));

	if (!ino)
		return -ENOMEM;
	dir->nlink++;
	tmpfs_attach(dir, d, ino);
	return 0;
}

static int tmpfs_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	size_t n = strlen(target);
	struct inode *ino = tmpfs_new_inode(dir->sb, S_IFLNK | 0777);

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
	tmpfs_attach(dir, d, ino);
	return 0;
}

static int tmpfs_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *ino = old->inode;

	inode_get(ino);
	ino->nlink++;
	ino->ctime = vfs_now();
	tmpfs_attach(dir, d, ino);
	return 0;
}

/* Remove d from the tree: unpin it; open files keep the inode. */
static void tmpfs_detach(struct inode *dir, struct dentry *d)
{
	d_unhash(d);
	d->flags &= ~D_PINNED;
	dir->size -= BOGO_DIRENT_SIZE;
	dir->mtime = dir->ctime = vfs_now();
	d_put(d);
}

static int tmpfs_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *ino = d->inode;

	ino->nlink--;
	ino->ctime = vfs_now();
	tmpfs_detach(dir, d);
	return 0;
}

static int tmpfs_rmdir(struct inode *dir, struct dentry *d)
{
	d->inode->nlink = 0;
	dir->nlink--;
	tmpfs_detach(dir, d);
	return 0;
}

static char *name_dup(const char *name, size_t len)
{
	char *nn = kmalloc(len + 1);

	if (nn) {
		memcpy(nn, name, len);
		nn[len] = '\0';
	}
	return nn;
}

/* Move dentry d under np with the name nn (ownership taken); d keeps its
 * inode and, for a directory, its children. */
static void move_dentry(struct dentry *d, struct dentry *np, char *nn, size_t len)
{
	d_unhash(d);
	kfree(d->name);
	d->name = nn;
	d->namelen = len;
	if (d->parent != np) {
		struct dentry *op = d->parent;
		d->parent = d_get(np);
		d_put(op);
	}
	struct inode *ino = d->inode;
	d->inode = NULL;
	d_instantiate(d, ino);
}

static int tmpfs_rename(struct inode *odir, struct dentry *od, struct inode *ndir,
			struct dentry *nd, unsigned int flags)
{
	struct timespec64 now = vfs_now();
	bool o_is_dir = S_ISDIR(od->inode->mode);

	if (flags & RENAME_EXCHANGE) {
		/* The two dentries trade places (names and parents). */
		char *n1 = name_dup(nd->name, nd->namelen), *n2 = name_dup(od->name, od->namelen);
		if (!n1 || !n2) {
			kfree(n1);
			kfree(n2);
			return -ENOMEM;
		}
		size_t l1 = nd->namelen, l2 = od->namelen;
		struct dentry *p1 = d_get(nd->parent), *p2 = d_get(od->parent);
		bool n_is_dir = S_ISDIR(nd->inode->mode);
		move_dentry(od, p1, n1, l1);
		move_dentry(nd, p2, n2, l2);
		d_put(p1);
		d_put(p2);
		if (odir != ndir && o_is_dir != n_is_dir) {
			if (o_is_dir) {
				odir->nlink--;
				ndir->nlink++;
			} else {
				ndir->nlink--;
				odir->nlink++;
			}
		}
		od->inode->ctime = nd->inode->ctime = now;
		odir->mtime = odir->ctime = ndir->mtime = ndir->ctime = now;
		return 0;
	}
	char *nn = name_dup(nd->name, nd->namelen);
	if (!nn)
		return -ENOMEM;
	struct dentry *np = d_get(nd->parent);
	if (nd->inode) {
		/* Replace the target: it loses this name. */
		if (S_ISDIR(nd->inode->mode)) {
			nd->inode->nlink = 0;
			ndir->nlink--;
		} else {
			nd->inode->nlink--;
		}
		nd->inode->ctime = now;
		tmpfs_detach(ndir, nd);
	}
	move_dentry(od, np, nn, strlen(nn));
	d_put(np);
	odir->size -= BOGO_DIRENT_SIZE;
	ndir->size += BOGO_DIRENT_SIZE;
	if (o_is_dir && odir != ndir) {
		odir->nlink--;
		ndir->nlink++;
	}
	od->inode->ctime = now;
	odir->mtime = odir->ctime = ndir->mtime = ndir->ctime = now;
	return 0;
}

static long tmpfs_readlink(struct dentry *d, char *buf, size_t size)
{
	struct inode *ino = d->inode;

	if (!ino->link)
		return -EINVAL;
	size_t n = MIN(strlen(ino->link), size - 1);
	memcpy(buf, ino->link, n);
	buf[n] = '\0';
	return (long)n;
}

static int tmpfs_truncate(struct inode *ino, uint64_t size)
{
	if (size > TMPFS_MAX_FILE)
		return -EFBIG;
	if (size < ino->size)
		page_map_truncate(&ino->data, size);
	ino->size = size;
	ino->mtime = ino->ctime = vfs_now();
	return 0;
}

/* getdents on a directory whose entries are all in the dcache. */
static int cached_readdir(struct file *f, struct dir_context *ctx)
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

static const struct inode_ops tmpfs_iops = {
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.readlink = tmpfs_readlink,
	.truncate = tmpfs_truncate,
	.readdir = cached_readdir,
};

/* ---- size limits (mount -o size=) */

/* Per-instance state: the page limit and a running count of pages. */
struct tmpfs_sb {
	uint64_t max_pages;	/* 0: no limit */
	uint64_t used;		/* pages allocated by writes; an upper bound
				 * (frees are not seen here), recounted exactly
				 * when it reaches the limit */
};

static uint64_t count_tree(struct dentry *d)
{
	uint64_t n = 0;

	if (d->inode && S_ISREG(d->inode->mode))
		for (size_t i = 0; i < d->inode->data.cap; i++)
			n += d->inode->data.pages[i] != 0;
	for (struct dentry *c = d->child_first; c; c = c->sib_next)
		n += count_tree(c);
	return n;
}

/* Pages held by the files of a tmpfs instance (open but unlinked files
 * are not counted).  vfs_lock held. */
uint64_t tmpfs_pages_used(struct super_block *sb)
{
	struct tmpfs_sb *t = sb->fs_private;
	uint64_t n = count_tree(sb->root);

	if (t)
		t->used = n;
	return n;
}

uint64_t tmpfs_pages_limit(struct super_block *sb)
{
	struct tmpfs_sb *t = sb->fs_private;

	if (t && t->max_pages)
		return t->max_pages;
	return pmm_total_pages() / 2;	/* Linux's default: half of RAM */
}

/* May one more page be allocated for a file of sb?  vfs_lock held. */
static bool tmpfs_charge(struct super_block *sb)
{
	struct tmpfs_sb *t = sb->type == &tmpfs_type ? sb->fs_private : NULL;

	if (!t || !t->max_pages)
		return true;
	if (t->used + 1 > t->max_pages && tmpfs_pages_used(sb) + 1 > t->max_pages)
		return false;
	t->used++;
	return true;
}

static int parse_size(const char *v, size_t len, uint64_t *pages)
{
	uint64_t n = 0;
	size_t i = 0;

	if (len == 0)
		return -EINVAL;
	for (; i < len && v[i] >= '0' && v[i] <= '9'; i++) {
		if (n > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		n = n * 10 + (uint64_t)(v[i] - '0');
	}
	if (i == 0 || len - i > 1)
		return -EINVAL;
	if (i < len) {
		switch (v[i]) {
		case 'k': case 'K': n <<= 10; break;
		case 'm': case 'M': n <<= 20; break;
		case 'g': case 'G': n <<= 30; break;
		case 't': case 'T': n <<= 40; break;
		case '%':
			*pages = pmm_total_pages() * n / 100;
			return 0;
		default: return -EINVAL;
		}
	}
	*pages = (n + HAL_PAGE_SIZE - 1) / HAL_PAGE_SIZE;
	return 0;
}

/*
 * Apply tmpfs mount options (a comma-separated string, may be NULL):
 * size=, and mode=, uid=, gid=, nr_inodes= (accepted; the root's mode,
 * uid and gid are set at mount time only).  -EINVAL for anything else,
 * or, on a remount, for a size below what the files already use.
 * vfs_lock held.
 */
int tmpfs_apply_options(struct super_block *sb, const char *opts, bool remount)
{
	struct tmpfs_sb *t = sb->fs_private;
	const char *s = opts;

	while (s && *s) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		const char *eq = NULL;
		for (size_t i = 0; i < len && !eq; i++)
			if (s[i] == '=')
				eq = s + i;
		size_t klen = eq ? (size_t)(eq - s) : len;
		const char *v = eq ? eq + 1 : "";
		size_t vlen = eq ? len - klen - 1 : 0;
		uint64_t num = 0;
		if (klen == 4 && memcmp(s, "size", 4) == 0) {
			if (parse_size(v, vlen, &num))
				return -EINVAL;
			if (remount && num && tmpfs_pages_used(sb) > num)
				return -EINVAL;
			t->max_pages = num;
		} else if ((klen == 4 && memcmp(s, "mode", 4) == 0) ||
			   (klen == 3 && (memcmp(s, "uid", 3) == 0 || memcmp(s, "gid", 3) == 0))) {
			uint64_t x = 0;
			int base = s[0] == 'm' ? 8 : 10;
			if (!vlen)
				return -EINVAL;
			for (size_t i = 0; i < vlen; i++) {
				if (v[i] < '0' || v[i] >= '0' + base)
					return -EINVAL;
				x = x * (uint64_t)base + (uint64_t)(v[i] - '0');
			}
			if (!remount && sb->root && sb->root->inode) {
				struct inode *r = sb->root->inode;
				if (s[0] == 'm')
					r->mode = S_IFDIR | (uint32_t)(x & 07777);
				else if (s[0] == 'u')
					r->uid = (uint32_t)x;
				else
					r->gid = (uint32_t)x;
			}
		} else if (klen == 9 && memcmp(s, "nr_inodes", 9) == 0) {
			/* Accepted; inodes are not limited. */
		} else if (len) {
			return -EINVAL;
		}
		s = e ? e + 1 : NULL;
	}
	return 0;
}

static int tmpfs_fill_super(struct super_block *sb, const char *source, unsigned long flags,
			    const void *data)
{
	struct tmpfs_sb *t = kzalloc(sizeof(*t));

	if (!t)
		return -ENOMEM;
	struct inode *root = tmpfs_new_inode(sb, S_IFDIR | 01777);
	if (!root) {
		kfree(t);
		return -ENOMEM;
	}
	root->uid = root->gid = 0;
	struct dentry *d = d_alloc(NULL, "/", 1);
	if (!d) {
		root->nlink = 0;
		inode_put(root);
		kfree(t);
		return -ENOMEM;
	}
	d->sb = sb;
	d->inode = root;
	d->flags |= D_PINNED;
	sb->root = d;
	sb->fs_private = t;
	int err = tmpfs_apply_options(sb, data, false);
	if (err) {
		root->nlink = 0;
		d_put(d);
		sb->root = NULL;
		sb->fs_private = NULL;
		kfree(t);
	}
	return err;
}

/* Free everything under d: the last umount (nothing is open in it then). */
static void tmpfs_free_tree(struct dentry *d)
{
	while (d->child_first) {
		struct dentry *c = d->child_first;
		tmpfs_free_tree(c);
		if (c->inode)
			c->inode->nlink = 0;
		d_unhash(c);
		if (c->flags & D_PINNED) {
			c->flags &= ~D_PINNED;
			d_put(c);
		}
	}
}

static void tmpfs_kill_sb(struct super_block *sb)
{
	struct dentry *root = sb->root;

	tmpfs_free_tree(root);
	root->inode->nlink = 0;
	d_put(root);
	kfree(sb->fs_private);
	sb->fs_private = NULL;
}

struct fs_type tmpfs_type = {
	.name = "tmpfs",
	.fill_super = tmpfs_fill_super,
	.kill_sb = tmpfs_kill_sb,
};

/* ---- generic operations on page-mapped files */

static long pm_read(struct inode *ino, void *kbuf, vaddr_t ubuf, size_t n, uint64_t pos)
{
	if (pos >= ino->size)
		return 0;
	if (n > ino->size - pos)
		n = (size_t)(ino->size - pos);
	size_t done = 0;
	while (done < n) {
		uint64_t p = pos + done;
		size_t off = (size_t)(p % HAL_PAGE_SIZE);
		size_t chunk = MIN(n - done, HAL_PAGE_SIZE - off);
		paddr_t pa = page_map_get(&ino->data, (size_t)(p / HAL_PAGE_SIZE), false);
		if (kbuf) {
			if (pa)
				memcpy((char *)kbuf + done, (char *)hal_phys_to_virt(pa) + off, chunk);
			else
				memset((char *)kbuf + done, 0, chunk);
		} else {
			static const char zeros[256];
			size_t left;
			if (pa) {
				left = copy_to_user(ubuf + done, (char *)hal_phys_to_virt(pa) + off, chunk);
			} else {
				left = 0;
				for (size_t z = 0; z < chunk && !left; z += sizeof(zeros))
					left = copy_to_user(ubuf + done + z, zeros,
							    MIN(sizeof(zeros), chunk - z));
			}
			if (left) {
				done += chunk - left;
				return done ? (long)done : -EFAULT;
			}
		}
		done += chunk;
	}
	return (long)done;
}

static long pm_write(struct inode *ino, const void *kbuf, vaddr_t ubuf, size_t n, uint64_t pos)
{
	if (pos >= TMPFS_MAX_FILE)
		return -EFBIG;
	if (n > TMPFS_MAX_FILE - pos)
		n = (size_t)(TMPFS_MAX_FILE - pos);
	size_t done = 0;
	long err = 0;
	while (done < n) {
		uint64_t p = pos + done;
		size_t off = (size_t)(p % HAL_PAGE_SIZE);
		size_t chunk = MIN(n - done, HAL_PAGE_SIZE - off);
		size_t idx = (size_t)(p / HAL_PAGE_SIZE);
		paddr_t pa = page_map_get(&ino->data, idx, false);
		if (!pa && tmpfs_charge(ino->sb))
			pa = page_map_get(&ino->data, idx, true);
		if (!pa) {
			err = -ENOSPC;
			break;
		}
		char *dst = (char *)hal_phys_to_virt(pa) + off;
		if (kbuf) {
			memcpy(dst, (const char *)kbuf + done, chunk);
		} else {
			size_t left = copy_from_user(dst, ubuf + done, chunk);
			if (left) {
				done += chunk - left;
				err = -EFAULT;
				break;
			}
		}
		done += chunk;
	}
	if (done) {
		if (pos + done > ino->size)
			ino->size = pos + done;
		ino->mtime = ino->ctime = vfs_now();
		return (long)done;
	}
	return err;
}

static long generic_read(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	vfs_lock();
	long r = pm_read(f->inode, NULL, buf, n, *pos);
	if (r > 0)
		*pos += (uint64_t)r;
	vfs_unlock();
	return r;
}

static long generic_write(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	vfs_lock();
	if (f->flags & O_APPEND)
		*pos = f->inode->size;
	long r = pm_write(f->inode, NULL, buf, n, *pos);
	if (r > 0)
		*pos += (uint64_t)r;
	vfs_unlock();
	return r;
}

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4

static int64_t generic_lseek(struct file *f, int64_t off, int whence)
{
	int64_t base;

	vfs_lock();
	int64_t size = (int64_t)f->inode->size;
	vfs_unlock();
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->pos; break;
	case SEEK_END: base = size; break;
	case SEEK_DATA:
		if (off < 0 || off >= size)
			return -ENXIO;
		f->pos = (uint64_t)off;
		return off;
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		f->pos = (uint64_t)size;
		return size;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return base + off;
}

static long dir_read(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	return -EISDIR;
}

/* Directory positions are readdir cookies: SEEK_SET and SEEK_CUR only. */
static int64_t dir_lseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_CUR)
		off += (int64_t)f->pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	f->pos = (uint64_t)off;
	return off;
}

const struct file_ops generic_file_ops = {
	.read = generic_read,
	.write = generic_write,
	.lseek = generic_lseek,
};

const struct file_ops generic_dir_ops = {
	.read = dir_read,
	.lseek = dir_lseek,
};

long vfs_kread(struct file *f, void *buf, size_t n, uint64_t pos)
{
	if (!f->inode || !S_ISREG(f->inode->mode) || f->ops != &generic_file_ops)
		return -EINVAL;
	vfs_lock();
	long r = pm_read(f->inode, buf, 0, n, pos);
	vfs_unlock();
	return r;
}

long vfs_kwrite(struct file *f, const void *buf, size_t n, uint64_t pos)
{
	if (!f->inode || !S_ISREG(f->inode->mode) || f->ops != &generic_file_ops)
		return -EINVAL;
	vfs_lock();
	long r = pm_write(f->inode, buf, 0, n, pos);
	vfs_unlock();
	return r;
}

long tmpfs_read_inode(struct inode *ino, void *buf, size_t n, uint64_t pos)
{
	return pm_read(ino, buf, 0, n, pos);
}

long tmpfs_write_inode(struct inode *ino, const void *buf, size_t n, uint64_t pos)
{
	return pm_write(ino, buf, 0, n, pos);
}
