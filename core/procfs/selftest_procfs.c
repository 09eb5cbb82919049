/*
 * selftest_procfs.c - kernel self-tests of procfs and mount(2)'s helpers.
 */
#include <kernel.h>
#include <mm.h>
#include <selftest.h>
#include <vfs.h>
#include "procfs.h"
#include "procfs_internal.h"
#include "../fs/fs_internal.h"

/* Stop at the first failure: later steps depend on earlier ones. */
#define PCHECK(c) do { if (!(c)) { ktap_diag("FAIL %s:%d: %s", __FILE__, __LINE__, #c); \
	return 1; } } while (0)

/* The text buffer: growth across the first allocation and formats. */
int selftest_procfs_pbuf(void)
{
	struct pbuf b = { NULL, 0, 0, false };

	for (int i = 0; i < 500; i++)
		pb_printf(&b, "%d ", i);
	PCHECK(!b.oom);
	PCHECK(b.len > 1024);
	PCHECK(memcmp(b.buf, "0 1 2 ", 6) == 0);
	PCHECK(b.buf[b.len] == 0);
	kfree(b.buf);
	return 0;
}

/* Mount proc on a fresh tmpfs directory, read /proc/meminfo and uptime
 * through the VFS, list the root, unmount. */
int selftest_procfs_mount(void)
{
	vfs_init();
	procfs_init();
	struct fs_ctx *fs = fs_ctx_create();
	PCHECK(fs);
	vfs_lock();
	int err = vfs_mkdir_at(fs, NULL, "/procfs-selftest", 0555);
	PCHECK(err == 0 || err == -EEXIST);
	struct path tp;
	err = path_walk(fs, NULL, "/procfs-selftest", LOOKUP_FOLLOW, &tp);
	PCHECK(err == 0);
	err = vfs_mount("proc", &tp, "proc", 0, NULL);
	path_put(&tp);
	vfs_unlock();
	PCHECK(err == 0);

	char buf[256];
	struct file *f = vfs_open(fs, NULL, "/procfs-selftest/meminfo", O_RDONLY, 0, &err);
	PCHECK(f);
	PCHECK(f->private);
	long n = MIN((long)sizeof(buf) - 1, 200);
	memcpy(buf, *(char **)f->private, (size_t)n);
	buf[n] = 0;
	file_put(f);
	PCHECK(memcmp(buf, "MemTotal:", 9) == 0);
	f = vfs_open(fs, NULL, "/procfs-selftest/nonexistent", O_RDONLY, 0, &err);
	PCHECK(!f && err == -ENOENT);
	f = vfs_open(fs, NULL, "/procfs-selftest/sys/kernel/ostype", O_RDONLY, 0, &err);
	PCHECK(f);
	PCHECK(memcmp(*(char **)f->private, "Linux\n", 6) == 0);
	file_put(f);

	vfs_lock();
	err = path_walk(fs, NULL, "/procfs-selftest", LOOKUP_FOLLOW, &tp);
	PCHECK(err == 0);
	struct mount *m = tp.mnt;
	bool root = tp.dentry == m->root;
	path_put(&tp);
	PCHECK(root);
	err = vfs_umount(m, 0);
	if (!err)
		err = vfs_unlink_at(fs, NULL, "/procfs-selftest", true);
	vfs_unlock();
	fs_ctx_put(fs);
	PCHECK(err == 0);
	return 0;
}

/* A tmpfs mounted with size=8k takes two pages of data: the third write
 * fails with -ENOSPC, what was written stays, and a remount below the use
 * is refused. */
int selftest_procfs_tmpfs_size(void)
{
	vfs_init();
	struct fs_ctx *fs = fs_ctx_create();
	PCHECK(fs);
	vfs_lock();
	int err = vfs_mkdir_at(fs, NULL, "/tmpfs-size-selftest", 0755);
	PCHECK(err == 0 || err == -EEXIST);
	struct path tp;
	PCHECK(path_walk(fs, NULL, "/tmpfs-size-selftest", LOOKUP_FOLLOW, &tp) == 0);
	err = vfs_mount("tmpfs", &tp, "tmpfs", 0, "size=8k");
	path_put(&tp);
	vfs_unlock();
	PCHECK(err == 0);

	static char page[4096];
	memset(page, 'x', sizeof(page));
	struct file *f = vfs_open(fs, NULL, "/tmpfs-size-selftest/f", O_RDWR | O_CREAT, 0644, &err);
	PCHECK(f);
	PCHECK(vfs_kwrite(f, page, sizeof(page), 0) == (long)sizeof(page));
	PCHECK(vfs_kwrite(f, page, sizeof(page), 4096) == (long)sizeof(page));
	PCHECK(vfs_kwrite(f, page, sizeof(page), 8192) == -ENOSPC);
	char c = 0;
	PCHECK(vfs_kread(f, &c, 1, 4095) == 1 && c == 'x');
	PCHECK(f->inode->size == 8192);
	vfs_lock();
	PCHECK(tmpfs_pages_used(f->inode->sb) == 2);
	PCHECK(tmpfs_apply_options(f->inode->sb, "size=4k", true) == -EINVAL);
	PCHECK(tmpfs_apply_options(f->inode->sb, "bogus", true) == -EINVAL);
	vfs_unlock();
	file_put(f);

	vfs_lock();
	PCHECK(path_walk(fs, NULL, "/tmpfs-size-selftest", LOOKUP_FOLLOW, &tp) == 0);
	struct mount *m = tp.mnt;
	path_put(&tp);
	err = vfs_umount(m, 0);
	if (!err)
		err = vfs_unlink_at(fs, NULL, "/tmpfs-size-selftest", true);
	vfs_unlock();
	fs_ctx_put(fs);
	PCHECK(err == 0);
	return 0;
}
