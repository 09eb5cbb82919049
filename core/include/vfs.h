/*
 * vfs.h - the virtual filesystem: inodes, the dentry cache, mounts, path
 * walk, permissions, per-process root and cwd (struct fs_ctx), and the
 * kernel-side helpers exec and the drivers use.
 *
 * Model (Linux's, simplified):
 *   - An inode is a file; a dentry is a name of it in a directory, with a
 *     parent link.  Dentries form the dentry cache: the children of a
 *     directory dentry that have been looked up (or, for tmpfs, created:
 *     tmpfs keeps its whole tree in the cache, pinned).
 *   - A filesystem instance is a struct super_block; a struct mount puts
 *     its root dentry on a dentry (the mount point) of another mount.  A
 *     position in the namespace is a struct path {mnt, dentry}.
 *   - File contents live in the inode's struct page_map, an index of 4 KiB
 *     pages; tmpfs uses it as the file itself, a later page cache uses the
 *     same structure in front of a backing store.
 *
 * Locking: one sleeping lock, vfs_lock(), serialises the namespace (dentry
 * tree, mounts, inode attributes) and tmpfs data.  Nothing may sleep waiting
 * for another event while holding it; pipes and character devices do not
 * take it for their reads and writes.  Reference counts are changed under
 * it too.  Functions named vfs_* take it themselves unless they say
 * "vfs_lock held".
 */
#ifndef CORE_VFS_H
#define CORE_VFS_H

#include <hal/types.h>
#include <sched.h>
#include <file.h>
#include <vfs_ctx.h>
#include <linux/stat.h>		/* S_IF*, S_IS*, struct statx */

/* Error numbers core/include/errno.h does not have yet. */
#ifndef EXDEV
#define EXDEV		18
#endif
#ifndef ETXTBSY
#define ETXTBSY		26
#endif
#ifndef EMLINK
#define EMLINK		31
#endif
#ifndef EOVERFLOW
#define EOVERFLOW	75
#endif
#ifndef EOPNOTSUPP
#define EOPNOTSUPP	95
#endif
#ifndef ERESTARTSYS
#define ERESTARTSYS	512
#endif

/* Internal open flags in the asm-generic numbering (file.h has the rest);
 * the syscall layer translates the arch's values (core/fs/fcntl_abi.c). */
#define O_DSYNC		00010000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_NOATIME	01000000
#define O_TMPFILE_BIT	020000000

#define NAME_MAX	255
#define PATH_MAX	4096
#define MAXSYMLINKS	40	/* symlinks followed in one walk: more is ELOOP */

/* Linux's dev_t inside the kernel: 12-bit major, 20-bit minor. */
#define MINORBITS	20
#define MKDEV(ma, mi)	(((uint32_t)(ma) << MINORBITS) | (uint32_t)(mi))
#define MAJOR(d)	((uint32_t)(d) >> MINORBITS)
#define MINOR(d)	((uint32_t)(d) & ((1U << MINORBITS) - 1))
/* The encoding user space sees in st_dev/st_rdev (new_encode_dev). */
static inline uint64_t dev_encode(uint32_t d)
{
	uint32_t ma = MAJOR(d), mi = MINOR(d);
	return (mi & 0xff) | (ma << 8) | ((uint64_t)(mi & ~0xffu) << 12);
}
static inline uint32_t dev_decode(uint64_t u)
{
	return MKDEV((u & 0xfff00) >> 8, (u & 0xff) | ((u >> 12) & 0xfff00));
}

/* ---- a sleeping lock */

struct kmutex {
	bool locked;
	struct thread *owner;
	struct waitqueue wq;
};
#define KMUTEX_INIT(n)	{ false, NULL, WAITQUEUE_INIT(n) }
void kmutex_lock(struct kmutex *m);
void kmutex_unlock(struct kmutex *m);

void vfs_lock(void);
void vfs_unlock(void);

/* ---- credentials used for permission checks */

struct cred {
	uint32_t uid, gid;	/* the ids checked: fsuid/fsgid = euid/egid */
};
/* The calling thread's effective ids (kernel threads are root). */
struct cred cred_current(void);
/* The real ids, for access(2)/faccessat without AT_EACCESS. */
struct cred cred_current_real(void);

#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4

/* ---- pages of a file */

struct page_map {
	paddr_t *pages;		/* physical pages, 0 for a hole */
	size_t cap;		/* entries in pages[] */
};
/* The page at index idx, allocated (zeroed) when alloc is set; 0 if none
 * or out of memory. */
paddr_t page_map_get(struct page_map *m, size_t idx, bool alloc);
/* Drop every page from byte offset 'from' on (truncate); zero the tail of
 * the partial page. */
void page_map_truncate(struct page_map *m, uint64_t from);

/* ---- inodes */

struct timespec64 {
	int64_t sec;
	long nsec;
};
struct timespec64 vfs_now(void);

struct super_block;
struct dentry;
struct dir_context;

struct inode_ops {
	/* Fill d with the inode of the entry named d->name of dir, or leave d
	 * negative; 0 or a negative errno.  NULL: the dcache is complete
	 * (tmpfs). */
	int (*lookup)(struct inode *dir, struct dentry *d);
	/* Create a regular file, device node, fifo or socket (mode's S_IFMT)
	 * as negative dentry d; rdev for device nodes. */
	int (*create)(struct inode *dir, struct dentry *d, uint32_t mode, uint32_t rdev);
	int (*mkdir)(struct inode *dir, struct dentry *d, uint32_t mode);
	int (*symlink)(struct inode *dir, struct dentry *d, const char *target);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *d);
	int (*unlink)(struct inode *dir, struct dentry *d);
	int (*rmdir)(struct inode *dir, struct dentry *d);
	/* Move od (in odir) to nd (in ndir); the VFS has done every check
	 * (types, emptiness, loops).  flags: RENAME_EXCHANGE or 0. */
	int (*rename)(struct inode *odir, struct dentry *od, struct inode *ndir,
		      struct dentry *nd, unsigned int flags);
	/* The target of a symlink into buf (kernel), NUL-terminated; its length. */
	long (*readlink)(struct dentry *d, char *buf, size_t size);
	/* Change the size (truncate/extend with zeros). */
	int (*truncate)(struct inode *ino, uint64_t size);
	/* Emit directory entries from f->pos on (getdents64). */
	int (*readdir)(struct file *f, struct dir_context *ctx);
};

struct inode {
	uint64_t ino;
	uint32_t mode;			/* S_IFMT type | permission bits */
	uint32_t uid, gid;
	uint32_t nlink;
	uint64_t size;
	uint32_t rdev;			/* MKDEV() for device nodes */
	struct timespec64 atime, mtime, ctime, btime;
	struct super_block *sb;
	const struct inode_ops *iops;
	const struct file_ops *fops;	/* regular files and directories */
	int refs;			/* dentries and open files */
	struct page_map data;		/* contents (regular files) */
	char *link;			/* target (symlinks on tmpfs) */
	void *fs_private;
};

/* A new inode of sb with refs 1, a fresh ino, times now; NULL for ENOMEM. */
struct inode *inode_alloc(struct super_block *sb, uint32_t mode);
void inode_get(struct inode *ino);
/* Drop a reference; the inode and its pages are freed when no reference
 * and no link (nlink 0) remain.  vfs_lock held. */
void inode_put(struct inode *ino);

/* ---- dentries */

#define D_PINNED	0x1	/* held by the filesystem (tmpfs entries) */
#define D_HASHED	0x2	/* in its parent's child list */

struct dentry {
	char *name;
	size_t namelen;
	struct dentry *parent;		/* itself for a filesystem root */
	struct inode *inode;		/* NULL: negative */
	struct super_block *sb;
	struct dentry *child_first, *child_last;
	struct dentry *sib_next, *sib_prev;
	uint64_t cookie;		/* readdir position of this entry in its parent */
	uint64_t next_cookie;		/* for new children */
	int refs;
	unsigned int flags;		/* D_* */
	int mounts;			/* mounts whose mount point this is */
};

struct dentry *d_get(struct dentry *d);
void d_put(struct dentry *d);		/* vfs_lock held */
/* A cached child of dir named name[0..len), with a reference, or NULL. */
struct dentry *d_lookup_cached(struct dentry *dir, const char *name, size_t len);
/* A new negative, unhashed dentry under parent (holds a ref on parent). */
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len);
/* Attach ino (the caller's reference moves to d) and hash d in its parent. */
void d_instantiate(struct dentry *d, struct inode *ino);
void d_unhash(struct dentry *d);
/* Emit the positive children of dir (for simple readdir). */

/* ---- filesystems and mounts */

struct super_block {
	const struct fs_type *type;
	struct dentry *root;
	uint32_t dev;			/* st_dev: MKDEV(0, n) for virtual filesystems */
	uint64_t next_ino;
	unsigned long flags;		/* MS_RDONLY... */
	void *fs_private;
	int refs;			/* mounts of it */
};

struct fs_type {
	const char *name;
	/* Set up sb (root dentry, ops); 0 or a negative errno. */
	int (*fill_super)(struct super_block *sb, const char *source, unsigned long flags,
			  const void *data);
	/* Tear it down after the last umount (NULL: nothing to do). */
	void (*kill_sb)(struct super_block *sb);
	struct fs_type *next;
};
int fs_register(struct fs_type *t);
const struct fs_type *fs_find(const char *name);

struct mount {
	struct super_block *sb;
	struct dentry *root;		/* what is seen: sb's root (bind mounts: any) */
	struct mount *parent;		/* itself for the root mount */
	struct dentry *mountpoint;	/* in parent */
	unsigned long flags;		/* MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC */
	char *source;			/* "none", "/dev/vda1"... for /proc/mounts */
	int refs;			/* paths, files and children referring to it */
	struct mount *next;		/* the mount table, in mount order */
};

#define MNT_RDONLY	1
#define MNT_NOSUID	2
#define MNT_NODEV	4
#define MNT_NOEXEC	8

struct path {
	struct mount *mnt;
	struct dentry *dentry;
};
void path_get(struct path *p);
void path_put(struct path *p);		/* vfs_lock held */

/* The mount table, for /proc/mounts (vfs_lock held while iterating). */
extern struct mount *mount_list;
struct mount *mount_root(void);
/*
 * Mount filesystem type fstype from source on the directory at target
 * (nothing mounted yet: the root).  The kernel half of mount(2): -ENODEV
 * for an unknown type, -ENOTDIR, -EBUSY, or the filesystem's error.
 * vfs_lock held.
 */
int vfs_mount(const char *source, struct path *target, const char *fstype,
	      unsigned long flags, const void *data);
/* umount2(2)'s kernel half: -EINVAL when m is not a mount root, -EBUSY
 * when in use (MNT_DETACH not supported yet). vfs_lock held. */
int vfs_umount(struct mount *m, int flags);

/* ---- per-process root and current directory */

struct fs_ctx {
	struct path root, cwd;
	int refs;
};
/* Root and cwd at the root of the namespace; NULL for ENOMEM. */
/* fs_ctx_create, fs_ctx_dup (fork without CLONE_FS: a copy), fs_ctx_get
 * (CLONE_FS: shared), fs_ctx_put: declared in vfs_ctx.h for core/proc. */

/* ---- path walk */

#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EACCESS		0x200
#define AT_REMOVEDIR		0x200
#define AT_SYMLINK_FOLLOW	0x400
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000
#define AT_STATX_SYNC_TYPE	0x6000

#define LOOKUP_FOLLOW		0x1	/* follow a final symlink */
#define LOOKUP_DIRECTORY	0x2	/* the result must be a directory */
#define LOOKUP_EMPTY		0x4	/* "" means the start directory */

/*
 * Resolve path (kernel string) starting at base (NULL: fs's cwd; absolute
 * paths start at fs's root), result in *out with references.  Errors:
 * -ENOENT, -ENOTDIR, -EACCES (search permission), -ELOOP, -ENAMETOOLONG.
 * vfs_lock held.
 */
int path_walk(struct fs_ctx *fs, const struct path *base, const char *path,
	      unsigned int flags, struct path *out);

/* The parent of path's last component and that component. */
enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };
struct last_name {
	char name[NAME_MAX + 1];
	size_t len;
	int type;		/* LAST_* */
	bool trailing_slash;
};
int path_walk_parent(struct fs_ctx *fs, const struct path *base, const char *path,
		     struct path *parent, struct last_name *last);
/* Look up one name in a directory: a positive or negative dentry with a
 * reference (mounts not crossed), or an errno. vfs_lock held. */
int lookup_one(struct dentry *dir, const char *name, size_t len, struct dentry **out);
/* Step from (mnt, d) onto what is mounted on d, repeatedly. */
void path_cross_mounts(struct path *p);

/* The absolute path of p as seen from fs's root, into buf (kernel). */
long path_to_string(struct fs_ctx *fs, const struct path *p, char *buf, size_t size);

/* 0 or -EACCES: may cred access ino with mask (MAY_*)?  Root bypasses
 * read/write, and exec when some x bit is set or ino is a directory. */
int inode_permission(const struct inode *ino, const struct cred *c, int mask);

/* ---- operations, kernel side (vfs_lock held unless "vfs_" says) */

int vfs_create_at(struct fs_ctx *fs, const struct path *base, const char *path,
		  uint32_t mode, uint32_t rdev);		/* mknod */
int vfs_mkdir_at(struct fs_ctx *fs, const struct path *base, const char *path, uint32_t mode);
int vfs_symlink_at(struct fs_ctx *fs, const struct path *base, const char *target,
		   const char *path);
int vfs_link_at(struct fs_ctx *fs, const struct path *obase, const char *opath,
		const struct path *nbase, const char *npath, int flags);
int vfs_unlink_at(struct fs_ctx *fs, const struct path *base, const char *path, bool dir);
int vfs_rename_at(struct fs_ctx *fs, const struct path *obase, const char *opath,
		  const struct path *nbase, const char *npath, unsigned int flags);
int vfs_truncate_inode(struct inode *ino, uint64_t size);
int vfs_chmod(struct inode *ino, uint32_t mode);
int vfs_chown(struct inode *ino, uint32_t uid, uint32_t gid);

#define RENAME_NOREPLACE	1
#define RENAME_EXCHANGE		2
#define RENAME_WHITEOUT		4

/*
 * Open path like openat(2) (flags in the internal O_* numbering, mode
 * before umask is applied by the caller), relative to base (NULL: cwd).
 * Returns the file with one reference or NULL and *err.  Takes vfs_lock.
 */
struct file *vfs_open(struct fs_ctx *fs, const struct path *base, const char *path,
		      unsigned int flags, uint32_t mode, int *err);
/* A file open on an existing inode (device nodes, O_PATH...). */
struct file *vfs_open_path(const struct path *p, unsigned int flags, int *err);

/*
 * Kernel reads and writes at *pos through any file (f->ops), with a
 * kernel buffer: vfs_kread/vfs_kwrite.  Regular files of page-backed
 * filesystems only (tmpfs); others -EINVAL.
 */
long vfs_kread(struct file *f, void *buf, size_t n, uint64_t pos);
long vfs_kwrite(struct file *f, const void *buf, size_t n, uint64_t pos);

/*
 * vfs_read_file - for exec: the whole regular file at path (resolved in
 * the calling process's fs_ctx, or the root for kernel threads, following
 * symlinks) copied into a kmalloc'd buffer (*buf, kfree() it) of *size
 * bytes.  With want_exec, the caller must have exec permission (mode x bit
 * for it, as Linux's may_open(MAY_EXEC)) and the mount must not be noexec.
 * Errors: the path walk's, -EACCES (not a regular file, no permission),
 * -ENOMEM (files above 4 MiB today), -EISDIR is reported as -EACCES like
 * Linux's execve.  Takes vfs_lock.  May sleep.
 */
int vfs_read_file(const char *path, bool want_exec, void **buf, size_t *size);
/* vfs_read_exec (vfs_ctx.h) is vfs_read_file(path, true, ...). */
/* The permission part alone, on an inode already found. */
int vfs_exec_check(const struct inode *ino, const struct mount *mnt);

/* Unpack a newc cpio archive into the root: 0, or -EINVAL for a malformed
 * archive (an error naming the offset is logged; what came before it
 * stays).  Process or boot context; takes vfs_lock. */
int initramfs_unpack(const void *buf, size_t size);
/* Mount the root tmpfs and populate /dev (console, tty, null, zero, full)
 * and register the memory devices.  After sched_init(), before processes
 * start; later calls do nothing. */
void vfs_init(void);

/* drivers/char/mem.c: register /dev/null, /dev/zero, /dev/full. */
void chr_mem_init(void);

/* Open /dev/console read/write as fds 0, 1 and 2 of fs (the first process). */
int files_open_console(struct files *fs, struct fs_ctx *ctx);

/* ---- files */

/* Install f at exactly fd (dup2/dup3), closing what was there; fd or errno. */
int fd_install_at(struct files *fs, int fd, struct file *f, unsigned int fdflags);
int fd_get_flags(struct files *fs, int fd);
int fd_set_flags(struct files *fs, int fd, unsigned int fdflags);
/* A file's mount (for fchdir/openat on an fd): the mount of f->dentry's
 * filesystem.  vfs_lock held. */
struct mount *file_mount(struct file *f);

/* Pipes (core/fs/pipe.c): both ends in rd/wr, flags O_NONBLOCK/O_CLOEXEC
 * ignored here (O_NONBLOCK is put on both files). */
int pipe_create(struct file **rd, struct file **wr, unsigned int flags);

/* Regular file and directory operations shared by page-backed filesystems. */
extern const struct file_ops generic_file_ops;
extern const struct file_ops generic_dir_ops;

/* The tmpfs filesystem type ("tmpfs"). */
extern struct fs_type tmpfs_type;

/* Is a signal pending for the current thread that it does not block? */
static inline bool signal_pending_current(void)
{
	return signal_pending(thread_current());
}

/* getdents64 emit context. */
struct dir_context {
	/* Emit one entry; false when the buffer is full. */
	bool (*emit)(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
		     unsigned int dtype, uint64_t next_pos);
	void *priv;
};
unsigned int dtype_of(uint32_t mode);

#endif
