/*
 * fs_internal.h - helpers shared by the files of core/fs only.
 */
#ifndef CORE_FS_INTERNAL_H
#define CORE_FS_INTERNAL_H

#include <vfs.h>

/* Page-map reads and writes with a kernel buffer; vfs_lock held. */
long tmpfs_read_inode(struct inode *ino, void *buf, size_t n, uint64_t pos);
long tmpfs_write_inode(struct inode *ino, const void *buf, size_t n, uint64_t pos);

/* The arch's open(2) flag values (from its <asm/fcntl.h>) to the internal
 * ones and back: core/fs/fcntl_abi.c. */
#include "fs_internal_abi.h"

/* The calling process's descriptor table and fs_ctx (NULL for kernel
 * threads without one). */
struct files *cur_files(void);
struct fs_ctx *cur_fs(void);

/*
 * The starting point of a *at() call: for a relative path and a dirfd
 * other than AT_FDCWD, the directory open as dirfd (*base, with
 * references: release with path_put under vfs_lock), *have = true.
 * -EBADF, -ENOTDIR.  With empty_ok, an empty path with any open fd gives
 * that file's path (AT_EMPTY_PATH).
 */
int at_base(int dirfd, const char *path, bool empty_ok, struct path *base, bool *have);

/* A user path into a kmalloc'd PATH_MAX buffer: 0, -EFAULT,
 * -ENAMETOOLONG, -ENOMEM. */
int user_path(vaddr_t upath, char **out);

/* stat/statx filling (core/fs/stat.c). */
struct kstat {
	uint64_t dev, ino, rdev, size, blocks;
	uint32_t mode, nlink, uid, gid, blksize;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	struct timespec64 atime, mtime, ctime, btime;
};
void inode_kstat(const struct inode *ino, struct kstat *st);

/* Pipes (pipe.c).  fifo_ops: what a FIFO's file starts with; its open
 * hook turns it into one end of the inode's pipe. */
extern const struct file_ops fifo_ops;
bool file_is_pipe(const struct file *f);
/* Synthetic attributes of a pipe for fstat: mode, ino, uid, gid. */
void pipe_stat(const struct file *f, struct kstat *st);

/*
 * Sleep until cond(arg) holds, re-checked after every wake-up (cond runs
 * with poll_global_wq's lock held, interrupts off: it must only read
 * state); -ERESTARTSYS when a signal comes first, -ETIMEDOUT at jiffies >=
 * deadline (0: none).  Sleeps on poll_global_wq, which every wq_wake_all()
 * wakes; while a sleeper has a deadline, a helper thread also wakes it
 * once per tick.
 */
int fs_wait(bool (*cond)(void *), void *arg, uint64_t deadline);
/* Sleep until the next wake-up of poll_global_wq (with timed, at most
 * about a tick): 0 or -ERESTARTSYS. */
int fs_sleep_once(bool timed);

/* tmpfs size limits (core/fs/tmpfs.c), vfs_lock held: the pages its files
 * hold, its limit in pages (half of RAM without size=), and applying a
 * mount option string (-EINVAL for an unknown option or, on a remount, a
 * size below the current use). */
uint64_t tmpfs_pages_used(struct super_block *sb);
uint64_t tmpfs_pages_limit(struct super_block *sb);
int tmpfs_apply_options(struct super_block *sb, const char *opts, bool remount);

#endif
