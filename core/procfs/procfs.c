/*
 * procfs.c - the "proc" filesystem: the directory tree and its files.
 *
 * Nothing is stored: every inode is made by lookup from a small table and
 * carries what it shows in fs_private (an entry kind, a pid, an fd), and
 * its dentry lives only while something refers to it (the dcache frees
 * unreferenced dentries).  A regular file's text is generated when it is
 * opened (procfs_gen.c, procfs_pid.c) and read from that snapshot, as
 * Linux's seq_file does for one-record files.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <vfs.h>
#include "procfs.h"
#include "procfs_internal.h"

/* ---- the tables */

static const struct pentry root_entries[] = {
	{ "self", S_IFLNK | 0777, PK_SELF },
	{ "thread-self", S_IFLNK | 0777, PK_THREAD_SELF },
	{ "sys", S_IFDIR | 0555, PK_SYS },
	{ "meminfo", S_IFREG | 0444, PK_MEMINFO },
	{ "cpuinfo", S_IFREG | 0444, PK_CPUINFO },
	{ "uptime", S_IFREG | 0444, PK_UPTIME },
	{ "loadavg", S_IFREG | 0444, PK_LOADAVG },
	{ "version", S_IFREG | 0444, PK_VERSION },
	{ "cmdline", S_IFREG | 0444, PK_CMDLINE },
	{ "mounts", S_IFLNK | 0777, PK_MOUNTS_LINK },
	{ "filesystems", S_IFREG | 0444, PK_FILESYSTEMS },
	{ "stat", S_IFREG | 0444, PK_STAT },
	{ "devices", S_IFREG | 0444, PK_DEVICES },
	{ "interrupts", S_IFREG | 0444, PK_INTERRUPTS },
	{ "modules", S_IFREG | 0444, PK_MODULES },
	{ "partitions", S_IFREG | 0444, PK_PARTITIONS },
	{ NULL, 0, 0 },
};

static const struct pentry sys_entries[] = {
	{ "kernel", S_IFDIR | 0555, PK_SYS_KERNEL },
	{ NULL, 0, 0 },
};

static const struct pentry sys_kernel_entries[] = {
	{ "hostname", S_IFREG | 0644, PK_HOSTNAME },
	{ "ostype", S_IFREG | 0444, PK_OSTYPE },
	{ "osrelease", S_IFREG | 0444, PK_OSRELEASE },
	{ "printk", S_IFREG | 0644, PK_PRINTK },
	{ NULL, 0, 0 },
};

static const struct pentry pid_entries[] = {
	{ "fd", S_IFDIR | 0500, PK_PID_FD },
	{ "stat", S_IFREG | 0444, PK_PID_STAT },
	{ "status", S_IFREG | 0444, PK_PID_STATUS },
	{ "statm", S_IFREG | 0444, PK_PID_STATM },
	{ "cmdline", S_IFREG | 0444, PK_PID_CMDLINE },
	{ "environ", S_IFREG | 0400, PK_PID_ENVIRON },
	{ "comm", S_IFREG | 0644, PK_PID_COMM },
	{ "maps", S_IFREG | 0444, PK_PID_MAPS },
	{ "mounts", S_IFREG | 0444, PK_PID_MOUNTS },
	{ "cwd", S_IFLNK | 0777, PK_PID_CWD },
	{ "exe", S_IFLNK | 0777, PK_PID_EXE },
	{ "root", S_IFLNK | 0777, PK_PID_ROOT },
	{ NULL, 0, 0 },
};

static const struct pentry *dir_table(unsigned int kind)
{
	switch (kind) {
	case PK_ROOT: return root_entries;
	case PK_SYS: return sys_entries;
	case PK_SYS_KERNEL: return sys_kernel_entries;
	case PK_PID: return pid_entries;
	default: return NULL;
	}
}

/* ---- inodes */

static const struct inode_ops procfs_iops;
static const struct file_ops procfs_file_ops;

static uint64_t pino_make(unsigned int kind, int pid, int fd)
{
	return ((uint64_t)(unsigned int)fd << 40) | ((uint64_t)(unsigned int)pid << 8) | kind;
}

unsigned int pino_kind(const struct inode *ino)
{
	return (unsigned int)((uintptr_t)ino->fs_private & 0xff);
}

int pino_pid(const struct inode *ino)
{
	return (int)(((uintptr_t)ino->fs_private >> 8) & 0xffffffffu);
}

int pino_fd(const struct inode *ino)
{
	return (int)((uintptr_t)ino->fs_private >> 40);
}

static struct inode *procfs_inode(struct super_block *sb, uint32_t mode, unsigned int kind,
				  int pid, int fd)
{
	struct inode *ino = inode_alloc(sb, mode);

	if (!ino)
		return NULL;
	/* No link keeps it: it goes with its last dentry or open file. */
	ino->nlink = 0;
	uint64_t key = pino_make(kind, pid, fd);
	ino->fs_private = (void *)(uintptr_t)key;
	ino->ino = kind == PK_ROOT ? 1 : key + 2;
	ino->iops = &procfs_iops;
	if (S_ISDIR(mode))
		ino->fops = &generic_dir_ops;
	else if (S_ISREG(mode))
		ino->fops = &procfs_file_ops;
	if (pid > 0) {
		struct proc *p = proc_find(pid);
		if (p) {
			ino->uid = p->euid;
			ino->gid = p->egid;
		}
	}
	return ino;
}

static bool parse_num(const char *s, size_t len, int *out)
{
	long v = 0;

	if (len == 0 || len > 9 || (len > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = (int)v;
	return true;
}

static bool proc_alive(int pid)
{
	return pid > 0 && proc_find(pid) != NULL;
}

static int procfs_lookup(struct inode *dir, struct dentry *d)
{
	unsigned int kind = pino_kind(dir);
	int pid = pino_pid(dir), n;
	const struct pentry *t = dir_table(kind);

	if (kind == PK_PID && !proc_alive(pid))
		return -ENOENT;
	for (; t && t->name; t++)
		if (strlen(t->name) == d->namelen && memcmp(t->name, d->name, d->namelen) == 0) {
			struct inode *ino = procfs_inode(dir->sb, t->mode, t->kind, pid, 0);
			if (!ino)
				return -ENOMEM;
			d_instantiate(d, ino);
			return 0;
		}
	if (kind == PK_ROOT && parse_num(d->name, d->namelen, &n) && proc_alive(n)) {
		struct inode *ino = procfs_inode(dir->sb, S_IFDIR | 0555, PK_PID, n, 0);
		if (!ino)
			return -ENOMEM;
		ino->nlink = 0;
		d_instantiate(d, ino);
		return 0;
	}
	if (kind == PK_PID_FD && parse_num(d->name, d->namelen, &n) && procfs_fd_exists(pid, n)) {
		struct inode *ino = procfs_inode(dir->sb, S_IFLNK | 0700, PK_PID_FD_LINK, pid, n);
		if (!ino)
			return -ENOMEM;
		d_instantiate(d, ino);
		return 0;
	}
	return 0;		/* negative: -ENOENT for the walk */
}

/* ---- directories */

struct pid_list {
	int *pids;
	size_t n, cap;
};

static bool collect_pid(struct proc *p, void *arg)
{
	struct pid_list *l = arg;

	if (l->n < l->cap)
		l->pids[l->n++] = p->pid;
	return l->n < l->cap;
}

static void sort_ints(int *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		int x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

#define PID_LIST_MAX	1024

static int procfs_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->inode;
	unsigned int kind = pino_kind(dir);
	int pid = pino_pid(dir);
	const struct pentry *t = dir_table(kind);
	uint64_t pos = f->pos;
	char name[16];

	if (pos < 1) {
		if (!ctx->emit(ctx, ".", 1, dir->ino, dtype_of(S_IFDIR), 1))
			return 0;
		f->pos = pos = 1;
	}
	if (pos < 2) {
		if (!ctx->emit(ctx, "..", 2, dir->ino, dtype_of(S_IFDIR), 2))
			return 0;
		f->pos = pos = 2;
	}
	uint64_t i = 2;
	for (; t && t->name; t++, i++) {
		if (i < pos)
			continue;
		if (!ctx->emit(ctx, t->name, strlen(t->name), pino_make(t->kind, pid, 0) + 2,
			       dtype_of(t->mode), i + 1))
			return 0;
		f->pos = pos = i + 1;
	}
	/* Numbered entries: positions i + number (pids and fds are < 2^31). */
	if (kind == PK_ROOT) {
		struct pid_list l = { kmalloc(PID_LIST_MAX * sizeof(int)), 0, PID_LIST_MAX };
		if (!l.pids)
			return -ENOMEM;
		proc_for_each(collect_pid, &l);
		sort_ints(l.pids, l.n);
		for (size_t k = 0; k < l.n; k++) {
			uint64_t at = i + (uint64_t)l.pids[k];
			if (at < pos)
				continue;
			int len = snprintf(name, sizeof(name), "%d", l.pids[k]);
			if (!ctx->emit(ctx, name, (size_t)len, pino_make(PK_PID, l.pids[k], 0) + 2,
				       dtype_of(S_IFDIR), at + 1)) {
				kfree(l.pids);
				return 0;
			}
			f->pos = pos = at + 1;
		}
		kfree(l.pids);
	} else if (kind == PK_PID_FD) {
		for (int fd = 0; fd < FD_MAX; fd++) {
			uint64_t at = i + (uint64_t)fd;
			if (at < pos || !procfs_fd_exists(pid, fd))
				continue;
			int len = snprintf(name, sizeof(name), "%d", fd);
			if (!ctx->emit(ctx, name, (size_t)len, pino_make(PK_PID_FD_LINK, pid, fd) + 2,
				       dtype_of(S_IFLNK), at + 1))
				return 0;
			f->pos = pos = at + 1;
		}
	}
	return 0;
}

/* ---- symlinks (vfs_lock held) */

static long procfs_readlink(struct dentry *d, char *buf, size_t size)
{
	struct inode *ino = d->inode;
	struct proc *cur = proc_current();
	long n;

	switch (pino_kind(ino)) {
	case PK_SELF:
		if (!cur)
			return -ENOENT;
		n = snprintf(buf, size, "%d", cur->pid);
		break;
	case PK_THREAD_SELF:
		if (!cur)
			return -ENOENT;
		n = snprintf(buf, size, "%d/task/%d", cur->pid, thread_current()->tid);
		break;
	case PK_MOUNTS_LINK:
		n = snprintf(buf, size, "self/mounts");
		break;
	default:
		return procfs_pid_readlink(ino, buf, size);
	}
	return n >= (long)size ? -ENAMETOOLONG : n;
}

static const struct inode_ops procfs_iops = {
	.lookup = procfs_lookup,
	.readlink = procfs_readlink,
	.readdir = procfs_readdir,
};

/* ---- regular files: a text snapshot taken at open */

struct psnap {
	char *buf;
	size_t len;
};

static int procfs_open(struct inode *ino, struct file *f)
{
	struct pbuf b = { NULL, 0, 0, false };
	int err = procfs_generate(ino, &b);

	if (!err && b.oom)
		err = -ENOMEM;
	if (err) {
		kfree(b.buf);
		return err;
	}
	struct psnap *s = kmalloc(sizeof(*s));
	if (!s) {
		kfree(b.buf);
		return -ENOMEM;
	}
	s->buf = b.buf;
	s->len = b.len;
	f->private = s;
	return 0;
}

static void procfs_release(struct file *f)
{
	struct psnap *s = f->private;

	if (s) {
		kfree(s->buf);
		kfree(s);
	}
	f->private = NULL;
}

static long procfs_read(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	struct psnap *s = f->private;

	if (!s)
		return -EINVAL;
	if (*pos >= s->len)
		return 0;
	size_t k = MIN(n, s->len - (size_t)*pos);
	if (copy_to_user(buf, s->buf + *pos, k))
		return -EFAULT;
	*pos += k;
	return (long)k;
}

static long procfs_write_file(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	return procfs_write(f->inode, buf, n);
}

static int64_t procfs_lseek(struct file *f, int64_t off, int whence)
{
	struct psnap *s = f->private;
	int64_t base;

	switch (whence) {
	case 0: base = 0; break;
	case 1: base = (int64_t)f->pos; break;
	case 2: base = s ? (int64_t)s->len : 0; break;
	default: return -EINVAL;
	}
	if (base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

static const struct file_ops procfs_file_ops = {
	.read = procfs_read,
	.write = procfs_write_file,
	.lseek = procfs_lseek,
	.open = procfs_open,
	.release = procfs_release,
};

/* ---- the filesystem */

static int procfs_fill_super(struct super_block *sb, const char *source, unsigned long flags,
			     const void *data)
{
	struct inode *root = procfs_inode(sb, S_IFDIR | 0555, PK_ROOT, 0, 0);

	if (!root)
		return -ENOMEM;
	struct dentry *d = d_alloc(NULL, "/", 1);
	if (!d) {
		inode_put(root);
		return -ENOMEM;
	}
	d->sb = sb;
	d->inode = root;
	d->flags |= D_PINNED;
	sb->root = d;
	return 0;
}

static void procfs_kill_sb(struct super_block *sb)
{
	d_put(sb->root);
	sb->root = NULL;
}

struct fs_type procfs_type = {
	.name = "proc",
	.fill_super = procfs_fill_super,
	.kill_sb = procfs_kill_sb,
};

void procfs_init(void)
{
	if (!fs_find("proc"))
		fs_register(&procfs_type);
}
