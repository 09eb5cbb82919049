/*
 * sysfs_internal.h - shared between the files of core/sysfs: the table of
 * announced devices, the read-only in-memory trees sysfs is made of, and
 * the kernel log parser that /dev/kmsg and syslog(2) use.
 */
#ifndef CORE_SYSFS_INTERNAL_H
#define CORE_SYSFS_INTERNAL_H

#include <hal/types.h>

struct super_block;
struct dentry;

/* One announced character device (device_register). */
struct device_ent {
	char cls[16];
	char name[32];
	unsigned int major, minor;
	uint32_t mode;			/* permission bits of the node */
};

#define DEVICES_MAX 64
/* The table, in registration order; vfs_lock held to read or change it. */
extern struct device_ent devices[DEVICES_MAX];
extern unsigned int ndevices;

/* sysfs.c: add e's directories and links to a mounted sysfs (vfs_lock held). */
void sysfs_add_device(struct super_block *sb, const struct device_ent *e);
extern struct fs_type sysfs_type;
/* devtmpfs.c keeps the list of mounted sysfs instances (vfs_lock held). */
void sysfs_instance_add(struct super_block *sb);
void sysfs_instance_del(struct super_block *sb);
extern struct fs_type devtmpfs_type;

/* ---- read-only trees (kernfs.c): pinned dentries, built under vfs_lock */

/* The root directory of sb (mode: permission bits); 0 or -ENOMEM. */
int kfs_make_root(struct super_block *sb, uint32_t mode);
/* A directory name[0..len) in dir, or the existing one; NULL for ENOMEM or
 * when a non-directory has the name. */
struct dentry *kfs_mkdir(struct dentry *dir, const char *name, size_t len);
/* The directory at the relative path "a/b/c" under dir, made as needed. */
struct dentry *kfs_mkdir_p(struct dentry *dir, const char *path);
/* A read-only file of len bytes at data: copied when copy, else data must
 * outlive the filesystem (the device-tree blob).  size_is_len: st_size is
 * len (binary attributes), else 4096 like Linux's text attributes.
 * 0, -EEXIST (the name is taken: nothing is done) or -ENOMEM. */
int kfs_file(struct dentry *dir, const char *name, size_t nlen, uint32_t mode, const void *data,
	     size_t len, bool copy, bool size_is_len);
/* A text file made with printf formatting (copied). */
int kfs_printf(struct dentry *dir, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A symbolic link name -> target. */
int kfs_symlink(struct dentry *dir, const char *name, const char *target);
/* Read a file of such a tree into a kernel buffer (tests); -EINVAL for
 * other inodes. */
struct inode;
long kfs_kread(struct inode *ino, void *buf, size_t n, uint64_t pos);
/* Free a whole tree (the last umount). */
void kfs_kill_sb(struct super_block *sb);

/* ---- the kernel log as records (syslog.c) */

struct klog_snapshot {
	char *buf;			/* klog_read() text, kmalloc'd */
	size_t len;
};
/* Take the whole log; 0 or -ENOMEM.  klog_snapshot_free() frees it. */
int klog_snapshot(struct klog_snapshot *s);
void klog_snapshot_free(struct klog_snapshot *s);
/* One record of a snapshot; k is its rank among the records of the same
 * microsecond (boot messages share timestamp 0). */
struct klog_view {
	int level;
	uint64_t us;
	unsigned int k;
	const char *text;		/* in the snapshot; may span lines */
	size_t len;
};
struct klog_iter {
	size_t off;
	uint64_t prev_us;
	unsigned int k;
	bool started;
};
/* The next record ("<L>[ s.us] text\n") from it (zeroed to start); false
 * at the end. */
bool klog_iter_next(const struct klog_snapshot *s, struct klog_iter *it, struct klog_view *r);
/* A reader's position: just after record (us, rank n - 1). */
struct klog_pos {
	bool any;			/* false: before the first record */
	uint64_t us;
	unsigned int n;
};
bool klog_pos_before(const struct klog_pos *p, const struct klog_view *r);
void klog_pos_set(struct klog_pos *p, const struct klog_view *r);

/* syslog(2) with a user buffer (ubuf may be 0 for the size actions). */
long do_syslog(int type, vaddr_t ubuf, int len);

#endif
