/*
 * vfs.c - inodes, the dentry cache, the mount table, fs_ctx and
 * permission checks.  The path walk is in namei.c.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <vfs.h>

/* ---- the sleeping lock */

void kmutex_lock(struct kmutex *m)
{
	unsigned long f = spin_lock_irqsave(&m->wq.lock);

	if (m->locked && m->owner == thread_current())
		panic("kmutex %s: recursive lock by %s", m->wq.lock.name, thread_current()->name);
	while (m->locked)
		wq_sleep(&m->wq, &f);
	m->locked = true;
	m->owner = thread_current();
	spin_unlock_irqrestore(&m->wq.lock, f);
}

void kmutex_unlock(struct kmutex *m)
{
	unsigned long f = spin_lock_irqsave(&m->wq.lock);
	bool waiters = m->wq.head != NULL;

	m->locked = false;
	m->owner = NULL;
	spin_unlock_irqrestore(&m->wq.lock, f);
	if (waiters)
		wq_wake_all(&m->wq);
}

static struct kmutex vfs_mutex = KMUTEX_INIT("vfs");

void vfs_lock(void)
{
	kmutex_lock(&vfs_mutex);
}

void vfs_unlock(void)
{
	kmutex_unlock(&vfs_mutex);
}

/* ---- credentials and permission */

struct cred cred_current(void)
{
	struct proc *p = proc_current();
	struct cred c = { 0, 0 };

	if (p) {
		c.uid = p->euid;
		c.gid = p->egid;
	}
	return c;
}

struct cred cred_current_real(void)
{
	struct proc *p = proc_current();
	struct cred c = { 0, 0 };

	if (p) {
		c.uid = p->uid;
		c.gid = p->gid;
	}
	return c;
}

int inode_permission(const struct inode *ino, const struct cred *c, int mask)
{
	uint32_t m = ino->mode;

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (c->uid == 0) {
		/* CAP_DAC_OVERRIDE: all but exec of a file nobody may exec. */
		if (!(mask & MAY_EXEC) || S_ISDIR(m) || (m & 0111))
			return 0;
		return -EACCES;
	}
	uint32_t bits;
	if (c->uid == ino->uid)
		bits = (m >> 6) & 7;
	else if (c->gid == ino->gid)
		bits = (m >> 3) & 7;
	else
		bits = m & 7;
	return ((uint32_t)mask & ~bits) ? -EACCES : 0;
}

/* ---- time */

/* Wall-clock at boot: no RTC driver yet, the same epoch as sys_misc.c. */
#define BOOT_EPOCH_SEC 1764806400LL

struct timespec64 vfs_now(void)
{
	uint64_t ns = ktime_ns();
	struct timespec64 t = { BOOT_EPOCH_SEC + (int64_t)(ns / 1000000000ULL),
				(long)(ns % 1000000000ULL) };
	return t;
}

/* ---- pages of a file */

paddr_t page_map_get(struct page_map *m, size_t idx, bool alloc)
{
	if (idx >= m->cap) {
		if (!alloc)
			return 0;
		size_t ncap = m->cap ? m->cap : 8;
		while (ncap <= idx)
			ncap *= 2;
		paddr_t *np = kzalloc(ncap * sizeof(*np));
		if (!np)
			return 0;
		if (m->pages) {
			memcpy(np, m->pages, m->cap * sizeof(*np));
			kfree(m->pages);
		}
		m->pages = np;
		m->cap = ncap;
	}
	if (!m->pages[idx] && alloc)
		m->pages[idx] = pmm_alloc(0, true);
	return m->pages[idx];
}

void page_map_truncate(struct page_map *m, uint64_t from)
{
	size_t first = (size_t)((from + HAL_PAGE_SIZE - 1) / HAL_PAGE_SIZE);

	for (size_t i = first; i < m->cap; i++)
		if (m->pages[i]) {
			pmm_free(m->pages[i], 0);
			m->pages[i] = 0;
		}
	if (from % HAL_PAGE_SIZE) {
		size_t idx = (size_t)(from / HAL_PAGE_SIZE);
		if (idx < m->cap && m->pages[idx]) {
			size_t off = from % HAL_PAGE_SIZE;
			memset((char *)hal_phys_to_virt(m->pages[idx]) + off, 0, HAL_PAGE_SIZE - off);
		}
	}
	if (from == 0 && m->pages) {
		kfree(m->pages);
		m->pages = NULL;
		m->cap = 0;
	}
}

/* ---- inodes */

struct inode *inode_alloc(struct super_block *sb, uint32_t mode)
{
	struct inode *ino = kzalloc(sizeof(*ino));

	if (!ino)
		return NULL;
	ino->sb = sb;
	ino->ino = ++sb->next_ino;
	ino->mode = mode;
	ino->nlink = 1;
	ino->refs = 1;
	ino->atime = ino->mtime = ino->ctime = ino->btime = vfs_now();
	return ino;
}

void inode_get(struct inode *ino)
{
	ino->refs++;
}

void inode_put(struct inode *ino)
{
	if (!ino)
		return;
	if (ino->refs <= 0)
		panic("inode_put: inode %llu has %d refs", (unsigned long long)ino->ino, ino->refs);
	if (--ino->refs > 0 || ino->nlink > 0)
		return;
	page_map_truncate(&ino->data, 0);
	kfree(ino->link);
	kfree(ino);
}

/* ---- dentries */

struct dentry *d_get(struct dentry *d)
{
	if (d)
		d->refs++;
	return d;
}

static void d_free(struct dentry *d)
{
	struct dentry *parent = d->parent;

	if (d->flags & D_HASHED)
		d_unhash(d);
	if (d->inode)
		inode_put(d->inode);
	kfree(d->name);
	kfree(d);
	if (parent && parent != d)
		d_put(parent);
}

void d_put(struct dentry *d)
{
	if (!d)
		return;
	if (d->refs <= 0)
		panic("d_put: dentry '%s' has %d refs", d->name, d->refs);
	if (--d->refs > 0)
		return;
	/* Nothing caches unpinned entries yet: a filesystem with a backing
	 * store will keep them here (an LRU) and free them under pressure. */
	d_free(d);
}

struct dentry *d_lookup_cached(struct dentry *dir, const char *name, size_t len)
{
	for (struct dentry *c = dir->child_first; c; c = c->sib_next)
		if (c->namelen == len && memcmp(c->name, name, len) == 0)
			return d_get(c);
	return NULL;
}

struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->name = kmalloc(len + 1);
	if (!d->name) {
		kfree(d);
		return NULL;
	}
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->namelen = len;
	d->refs = 1;
	d->next_cookie = 3;	/* 1 and 2 are "." and ".." */
	if (parent) {
		d->parent = d_get(parent);
		d->sb = parent->sb;
	} else {
		d->parent = d;
	}
	return d;
}

void d_instantiate(struct dentry *d, struct inode *ino)
{
	struct dentry *p = d->parent;

	d->inode = ino;
	if (p == d || (d->flags & D_HASHED))
		return;
	d->cookie = p->next_cookie++;
	d->sib_prev = p->child_last;
	d->sib_next = NULL;
	if (p->child_last)
		p->child_last->sib_next = d;
	else
		p->child_first = d;
	p->child_last = d;
	d->flags |= D_HASHED;
}

void d_unhash(struct dentry *d)
{
	struct dentry *p = d->parent;

	if (!(d->flags & D_HASHED))
		return;
	if (d->sib_prev)
		d->sib_prev->sib_next = d->sib_next;
	else
		p->child_first = d->sib_next;
	if (d->sib_next)
		d->sib_next->sib_prev = d->sib_prev;
	else
		p->child_last = d->sib_prev;
	d->sib_next = d->sib_prev = NULL;
	d->flags &= ~D_HASHED;
}

unsigned int dtype_of(uint32_t mode)
{
	return (mode & S_IFMT) >> 12;	/* DT_* are the S_IFMT bits shifted */
}

/* ---- filesystems and mounts */

static struct fs_type *fs_types;
struct mount *mount_list;
static struct mount *root_mount;
static uint32_t next_anon_dev = 1;

int fs_register(struct fs_type *t)
{
	if (fs_find(t->name))
		return -EBUSY;
	t->next = fs_types;
	fs_types = t;
	return 0;
}

const struct fs_type *fs_find(const char *name)
{
	for (struct fs_type *t = fs_types; t; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

struct mount *mount_root(void)
{
	return root_mount;
}

void path_get(struct path *p)
{
	d_get(p->dentry);
	if (p->mnt)
		p->mnt->refs++;
}

void path_put(struct path *p)
{
	d_put(p->dentry);
	if (p->mnt)
		p->mnt->refs--;
	p->dentry = NULL;
	p->mnt = NULL;
}

static char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

int vfs_mount(const char *source, struct path *target, const char *fstype,
	      unsigned long flags, const void *data)
{
	const struct fs_type *t = fs_find(fstype);

	if (!t)
		return -ENODEV;
	if (target && (!target->dentry->inode || !S_ISDIR(target->dentry->inode->mode)))
		return -ENOTDIR;
	if (!target && root_mount)
		return -EBUSY;
	struct super_block *sb = kzalloc(sizeof(*sb));
	struct mount *m = kzalloc(sizeof(*m));
	char *src = kstrdup(source ? source : "none");
	if (!sb || !m || !src) {
		kfree(sb);
		kfree(m);
		kfree(src);
		return -ENOMEM;
	}
	sb->type = t;
	sb->dev = MKDEV(0, next_anon_dev++);
	sb->flags = flags;
	int err = t->fill_super(sb, source, flags, data);
	if (err) {
		kfree(sb);
		kfree(m);
		kfree(src);
		return err;
	}
	sb->refs = 1;
	m->sb = sb;
	m->root = d_get(sb->root);
	m->flags = flags & (MNT_RDONLY | MNT_NOSUID | MNT_NODEV | MNT_NOEXEC);
	m->source = src;
	if (target) {
		m->parent = target->mnt;
		m->parent->refs++;
		m->mountpoint = d_get(target->dentry);
		target->dentry->mounts++;
	} else {
		m->parent = m;
		m->mountpoint = d_get(sb->root);
		root_mount = m;
	}
	/* Append: /proc/mounts lists mounts in the order they were made. */
	struct mount **pp = &mount_list;
	while (*pp)
		pp = &(*pp)->next;
	*pp = m;
	return 0;
}

int vfs_umount(struct mount *m, int flags)
{
	if (m == root_mount || m->parent == m)
		return -EBUSY;
	for (struct mount *c = mount_list; c; c = c->next)
		if (c->parent == m)
			return -EBUSY;
	if (m->refs > 0)
		return -EBUSY;
	for (struct mount **pp = &mount_list; *pp; pp = &(*pp)->next)
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	m->mountpoint->mounts--;
	d_put(m->mountpoint);
	m->parent->refs--;
	d_put(m->root);
	if (--m->sb->refs == 0) {
		if (m->sb->type->kill_sb)
			m->sb->type->kill_sb(m->sb);
		kfree(m->sb);
	}
	kfree(m->source);
	kfree(m);
	return 0;
}

void path_cross_mounts(struct path *p)
{
	while (p->dentry->mounts) {
		struct mount *found = NULL;
		for (struct mount *m = mount_list; m; m = m->next)
			if (m->parent == p->mnt && m->mountpoint == p->dentry && m != p->mnt)
				found = m;	/* the last one mounted hides the others */
		if (!found)
			return;
		struct path n = { found, d_get(found->root) };
		found->refs++;
		path_put(p);
		*p = n;
	}
}

struct mount *file_mount(struct file *f)
{
	if (!f->dentry)
		return NULL;
	if (f->mnt)
		return f->mnt;	/* bind mounts share a superblock: the one opened through */
	for (struct mount *m = mount_list; m; m = m->next)
		if (m->sb == f->dentry->sb)
			return m;
	return NULL;
}

/* ---- fs_ctx */

struct fs_ctx *fs_ctx_create(void)
{
	struct fs_ctx *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refs = 1;
	vfs_lock();
	if (root_mount) {
		fs->root.mnt = root_mount;
		fs->root.dentry = root_mount->root;
		path_get(&fs->root);
		fs->cwd = fs->root;
		path_get(&fs->cwd);
	}
	vfs_unlock();
	return fs;
}

struct fs_ctx *fs_ctx_dup(struct fs_ctx *src)
{
	struct fs_ctx *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refs = 1;
	vfs_lock();
	fs->root = src->root;
	fs->cwd = src->cwd;
	if (fs->root.dentry)
		path_get(&fs->root);
	if (fs->cwd.dentry)
		path_get(&fs->cwd);
	vfs_unlock();
	return fs;
}

void fs_ctx_get(struct fs_ctx *fs)
{
	vfs_lock();
	fs->refs++;
	vfs_unlock();
}

void fs_ctx_put(struct fs_ctx *fs)
{
	if (!fs)
		return;
	vfs_lock();
	if (--fs->refs == 0) {
		if (fs->root.dentry)
			path_put(&fs->root);
		if (fs->cwd.dentry)
			path_put(&fs->cwd);
		kfree(fs);
	}
	vfs_unlock();
}
