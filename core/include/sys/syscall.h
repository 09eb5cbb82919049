/*
 * sys/syscall.h - the system call layer.
 *
 * Core implements each Linux system call once, as sys_<name>(args).  The
 * arch's numbering comes from Linux's own <asm/unistd.h> for that arch:
 * core/sys/gen-syscall-table.sh turns it, and the list of implemented calls
 * in core/sys/syscalls.txt, into the per-arch table at build time.
 * Unimplemented calls return -ENOSYS and are logged once by name.
 */
#ifndef CORE_SYS_SYSCALL_H
#define CORE_SYS_SYSCALL_H

#include <hal/hal.h>

struct syscall_args {
	unsigned long a[6];
	struct hal_trapframe *tf;
};

typedef long (*syscall_fn)(const struct syscall_args *);

struct syscall_desc {
	const char *name;
	syscall_fn fn;		/* NULL: not implemented (-ENOSYS) */
};

extern const struct syscall_desc syscall_table[];
extern const unsigned int syscall_table_size;

/* Counts for the syscall support matrix. */
unsigned int syscall_count_implemented(void);
unsigned int syscall_count_total(void);

#include <sys/syscall_decls.h>

#endif
