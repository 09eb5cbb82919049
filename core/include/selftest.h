/* selftest.h - helpers shared by the self-test files (core/kern/selftest*.c). */
#ifndef CORE_SELFTEST_H
#define CORE_SELFTEST_H

extern int selftest_failures;
void ktap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define CHECK(cond) do { \
		if (!(cond)) { \
			ktap_diag("FAIL %s:%d: %s", __FILE__, __LINE__, #cond); \
			selftest_failures++; \
		} \
	} while (0)

/* core/fs/selftest_fs.c: 0 pass, 1 fail. */
int selftest_fs_files(void);
int selftest_fs_namespace(void);
int selftest_fs_perm(void);
int selftest_fs_initramfs(void);
int selftest_fs_devices(void);
int selftest_fs_mount(void);

/* core/sysfs/selftest_sysfs.c */
int selftest_sysfs_devtmpfs(void);
int selftest_sysfs_tree(void);
int selftest_sysfs_dt(void);
int selftest_sysfs_random(void);
int selftest_sysfs_syslog(void);

/* core/procfs/selftest_procfs.c */
int selftest_procfs_pbuf(void);
int selftest_procfs_mount(void);
int selftest_procfs_tmpfs_size(void);

/* Tests that may be skipped return -1 and set *skip to the reason. */
int selftest_user_exec(const char **skip);
int selftest_user_faults(const char **skip);
int selftest_user_badelf(const char **skip);

#endif
