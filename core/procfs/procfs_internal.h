/*
 * procfs_internal.h - entry kinds and the generators of core/procfs.
 */
#ifndef CORE_PROCFS_INTERNAL_H
#define CORE_PROCFS_INTERNAL_H

#include <vfs.h>
#include "procfs.h"

enum {
	PK_ROOT = 1, PK_SELF, PK_THREAD_SELF, PK_SYS, PK_SYS_KERNEL,
	PK_MEMINFO, PK_CPUINFO, PK_UPTIME, PK_LOADAVG, PK_VERSION, PK_CMDLINE,
	PK_MOUNTS_LINK, PK_FILESYSTEMS, PK_STAT, PK_DEVICES, PK_INTERRUPTS,
	PK_MODULES, PK_PARTITIONS,
	PK_HOSTNAME, PK_OSTYPE, PK_OSRELEASE, PK_PRINTK,
	PK_PID, PK_PID_FD, PK_PID_FD_LINK, PK_PID_STAT, PK_PID_STATUS, PK_PID_STATM,
	PK_PID_CMDLINE, PK_PID_ENVIRON, PK_PID_COMM, PK_PID_MAPS, PK_PID_MOUNTS,
	PK_PID_CWD, PK_PID_EXE, PK_PID_ROOT,
};

struct pentry {
	const char *name;
	uint32_t mode;
	unsigned int kind;
};

unsigned int pino_kind(const struct inode *ino);
int pino_pid(const struct inode *ino);
int pino_fd(const struct inode *ino);

/* The text of a regular file (at open); 0 or a negative errno. */
int procfs_generate(struct inode *ino, struct pbuf *b);
int procfs_pid_generate(struct inode *ino, struct pbuf *b);
/* write(2) on a writable file (hostname, comm, printk). */
long procfs_write(struct inode *ino, vaddr_t buf, size_t n);
/* Per-process symlinks (cwd, exe, root, fd/N); vfs_lock held. */
long procfs_pid_readlink(struct inode *ino, char *buf, size_t size);
bool procfs_fd_exists(int pid, int fd);

#endif
