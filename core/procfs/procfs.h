/*
 * procfs.h - private interface between the files of core/procfs.
 */
#ifndef CORE_PROCFS_H
#define CORE_PROCFS_H

#include <vfs.h>

/* The "proc" filesystem type; procfs_init() registers it (idempotent). */
extern struct fs_type procfs_type;
void procfs_init(void);

/* Magic numbers user space sees in statfs(2)'s f_type. */
#define TMPFS_MAGIC	0x01021994
#define PROC_SUPER_MAGIC 0x9fa0

/* mount(2) flags (the same on every arch). */
#define MS_RDONLY	1
#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MS_SYNCHRONOUS	16
#define MS_REMOUNT	32
#define MS_MANDLOCK	64
#define MS_DIRSYNC	128
#define MS_NOSYMFOLLOW	256
#define MS_NOATIME	1024
#define MS_NODIRATIME	2048
#define MS_BIND		4096
#define MS_MOVE		8192
#define MS_REC		16384
#define MS_SILENT	32768
#define MS_RELATIME	(1 << 21)
#define MS_STRICTATIME	(1 << 24)
#define MS_MGC_VAL	0xc0ed0000UL	/* old magic in the top 16 bits */
#define MS_MGC_MSK	0xffff0000UL

/* umount2(2) flags. */
#define MNT_FORCE	1
#define MNT_DETACH	2
#define MNT_EXPIRE	4
#define UMOUNT_NOFOLLOW	8

/* A growing text buffer the generators print into. */
struct pbuf {
	char *buf;
	size_t len, cap;
	bool oom;
};
void pb_printf(struct pbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pb_putc(struct pbuf *b, char c);
void pb_write(struct pbuf *b, const void *p, size_t n);

/* The mount options of m as /proc/mounts prints them ("rw,nosuid"). */
void procfs_mount_opts(struct pbuf *b, const struct mount *m);
/* /proc/mounts' lines for the mounts visible from fs (vfs_lock held). */
void procfs_gen_mounts(struct pbuf *b, struct fs_ctx *fs);

/* Self-tests (core/procfs/selftest_procfs.c): 0 pass, 1 fail. */
int selftest_procfs_pbuf(void);
int selftest_procfs_mount(void);
int selftest_procfs_tmpfs_size(void);

#endif
