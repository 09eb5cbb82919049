/*
 * selftest_fs.c - kernel self-tests of core/fs, calling the VFS directly
 * from the self-test thread (root, the global root and cwd):
 *   selftest_fs_files      create, write, read, O_EXCL, O_TRUNC, lseek, truncate
 *   selftest_fs_namespace  mkdir, rename (all cases), unlink of an open file,
 *                          hard links, symlinks and ELOOP, "..", getcwd strings
 *   selftest_fs_perm       permission checks by uid/gid/mode, root bypass
 *   selftest_fs_initramfs  unpack a small archive built here; a bad one is
 *                          rejected with what came before it kept
 *   selftest_fs_devices    /dev nodes, null/zero/full, pipe poll states
 *   selftest_fs_mount      a second tmpfs: crossing it both ways, EXDEV, EBUSY
 * Each returns 0; failures are counted by CHECK().
 */
#include <kernel.h>
#include <mm.h>
#include <selftest.h>
#include <vfs.h>
#include "fs_internal.h"

int selftest_fs_files(void);
int selftest_fs_namespace(void);
int selftest_fs_perm(void);
int selftest_fs_initramfs(void);
int selftest_fs_devices(void);
int selftest_fs_mount(void);

static void setup(void)
{
	vfs_init();
}

/* Stat through a path: the inode's fields into *st; errno. */
static int kstat_path(const char *path, bool follow, struct kstat *st)
{
	struct path p;

	vfs_lock();
	int err = path_walk(NULL, NULL, path, follow ? LOOKUP_FOLLOW : 0, &p);
	if (!err) {
		inode_kstat(p.dentry->inode, st);
		path_put(&p);
	}
	vfs_unlock();
	return err;
}

static int exists(const char *path)
{
	struct kstat st;
	return kstat_path(path, false, &st);
}

static struct file *kopen(const char *path, unsigned int flags, uint32_t mode, int *err)
{
	return vfs_open(NULL, NULL, path, flags, mode, err);
}

static int kwrite_file(const char *path, const char *data)
{
	int err;
	struct file *f = kopen(path, O_WRONLY | O_CREAT | O_TRUNC, 0644, &err);

	if (!f)
		return err;
	long n = vfs_kwrite(f, data, strlen(data), 0);
	file_put(f);
	return n == (long)strlen(data) ? 0 : -EIO;
}

/* The whole file at path as a string into buf. */
static long kread_file(const char *path, char *buf, size_t size)
{
	int err;
	struct file *f = kopen(path, O_RDONLY, 0, &err);

	if (!f)
		return err;
	long n = vfs_kread(f, buf, size - 1, 0);
	file_put(f);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

#define L(x) vfs_lock(), (x), vfs_unlock()

static int kchmod(const char *path, uint32_t mode)
{
	struct path p;

	vfs_lock();
	int err = path_walk(NULL, NULL, path, LOOKUP_FOLLOW, &p);
	if (!err) {
		err = vfs_chmod(p.dentry->inode, mode);
		path_put(&p);
	}
	vfs_unlock();
	return err;
}

static int op_mkdir(const char *p, uint32_t m)
{
	int e;
	L(e = vfs_mkdir_at(NULL, NULL, p, m));
	return e;
}

static int op_unlink(const char *p, bool dir)
{
	int e;
	L(e = vfs_unlink_at(NULL, NULL, p, dir));
	return e;
}

static int op_rename(const char *a, const char *b, unsigned int fl)
{
	int e;
	L(e = vfs_rename_at(NULL, NULL, a, NULL, b, fl));
	return e;
}

static int op_link(const char *a, const char *b)
{
	int e;
	L(e = vfs_link_at(NULL, NULL, a, NULL, b, 0));
	return e;
}

static int op_symlink(const char *target, const char *p)
{
	int e;
	L(e = vfs_symlink_at(NULL, NULL, target, p));
	return e;
}

int selftest_fs_files(void)
{
	char buf[64];
	struct kstat st;
	int err;

	setup();
	size_t heap0 = kheap_in_use(), pages0 = pmm_free_pages();
	CHECK(op_mkdir("/t_files", 0755) == 0);
	CHECK(kwrite_file("/t_files/a", "hello, world") == 0);
	CHECK(kread_file("/t_files/a", buf, sizeof(buf)) == 12 && strcmp(buf, "hello, world") == 0);
	CHECK(kstat_path("/t_files/a", true, &st) == 0 && st.size == 12 && S_ISREG(st.mode) &&
	      (st.mode & 07777) == 0644 && st.nlink == 1 && st.blocks == 8);
	CHECK(!kopen("/t_files/a", O_RDWR | O_CREAT | O_EXCL, 0644, &err) && err == -EEXIST);
	CHECK(!kopen("/t_files/none", O_RDONLY, 0, &err) && err == -ENOENT);
	CHECK(!kopen("/t_files/a/x", O_RDONLY, 0, &err) && err == -ENOTDIR);
	CHECK(!kopen("/t_files", O_WRONLY, 0, &err) && err == -EISDIR);
	CHECK(!kopen("/t_files/a", O_RDONLY | O_DIRECTORY, 0, &err) && err == -ENOTDIR);
	CHECK(!kopen("/t_files/new/", O_RDWR | O_CREAT, 0644, &err) && err == -EISDIR);

	/* A write far past the end leaves a hole that reads as zeros. */
	struct file *f = kopen("/t_files/a", O_RDWR, 0, &err);
	CHECK(f != NULL);
	if (f) {
		CHECK(vfs_kwrite(f, "Z", 1, 3 * HAL_PAGE_SIZE + 5) == 1);
		CHECK(f->inode->size == 3 * HAL_PAGE_SIZE + 6);
		char z[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
		CHECK(vfs_kread(f, z, 8, 2 * HAL_PAGE_SIZE) == 8 && z[0] == 0 && z[7] == 0);
		CHECK(vfs_kread(f, z, 8, 3 * HAL_PAGE_SIZE + 5) == 1 && z[0] == 'Z');
		CHECK(vfs_kread(f, z, 8, 4 * HAL_PAGE_SIZE) == 0);
		CHECK(f->ops->lseek(f, 0, 2) == 3 * HAL_PAGE_SIZE + 6);
		CHECK(f->ops->lseek(f, -1, 0) == -EINVAL);
		CHECK(f->ops->lseek(f, 4, 0) == 4 && f->pos == 4);
		L(err = vfs_truncate_inode(f->inode, 5));
		CHECK(err == 0 && f->inode->size == 5);
		CHECK(vfs_kread(f, buf, sizeof(buf), 0) == 5 && memcmp(buf, "hello", 5) == 0);
		L(err = vfs_truncate_inode(f->inode, 100));
		CHECK(vfs_kread(f, buf, sizeof(buf), 0) == 64 && buf[5] == 0 && buf[63] == 0);
		file_put(f);
	}
	/* O_TRUNC empties, O_APPEND appends. */
	f = kopen("/t_files/a", O_WRONLY | O_TRUNC, 0, &err);
	CHECK(f && f->inode->size == 0);
	if (f)
		file_put(f);
	CHECK(kwrite_file("/t_files/a", "abc") == 0);
	CHECK(kread_file("/t_files/a", buf, sizeof(buf)) == 3);

	/* Exec needs an x bit even for root; vfs_read_file copies it whole. */
	void *img;
	size_t size;
	CHECK(vfs_read_file("/t_files/a", true, &img, &size) == -EACCES);
	CHECK(kchmod("/t_files/a", 0755) == 0);
	CHECK(vfs_read_file("/t_files/a", true, &img, &size) == 0 && size == 3 &&
	      memcmp(img, "abc", 3) == 0);
	if (size == 3)
		kfree(img);
	CHECK(vfs_read_file("/t_files", true, &img, &size) == -EACCES);
	CHECK(vfs_read_file("/t_files/nope", true, &img, &size) == -ENOENT);

	CHECK(op_unlink("/t_files/a", false) == 0);
	CHECK(op_unlink("/t_files", true) == 0);
	CHECK(exists("/t_files") == -ENOENT);
	/* Everything created is gone again: memory back to where it was. */
	CHECK(kheap_in_use() == heap0);
	CHECK(pmm_free_pages() == pages0);
	if (kheap_in_use() != heap0 || pmm_free_pages() != pages0)
		ktap_diag("heap %zu -> %zu bytes, free pages %zu -> %zu", heap0, kheap_in_use(), pages0, pmm_free_pages());
	return 0;
}

int selftest_fs_namespace(void)
{
	char buf[128];
	struct kstat st, st2;
	int err;

	setup();
	size_t heap0 = kheap_in_use(), pages0 = pmm_free_pages();
	CHECK(op_mkdir("/t_ns", 0755) == 0);
	CHECK(op_mkdir("/t_ns", 0755) == -EEXIST);
	CHECK(op_mkdir("/t_ns/d1", 0755) == 0);
	CHECK(op_mkdir("/t_ns/d1/sub", 0755) == 0);
	CHECK(op_mkdir("/t_ns/nodir/x", 0755) == -ENOENT);
	CHECK(kstat_path("/t_ns/d1", false, &st) == 0 && st.nlink == 3);
	CHECK(kwrite_file("/t_ns/f", "one") == 0);
	CHECK(kwrite_file("/t_ns/g", "two") == 0);

	/* rename: file over file replaces it. */
	CHECK(op_rename("/t_ns/f", "/t_ns/g", 0) == 0);
	CHECK(exists("/t_ns/f") == -ENOENT);
	CHECK(kread_file("/t_ns/g", buf, sizeof(buf)) == 3 && strcmp(buf, "one") == 0);
	/* Types must agree; no directory inside itself; targets must be empty. */
	CHECK(op_rename("/t_ns/g", "/t_ns/d1", 0) == -EISDIR);
	CHECK(op_rename("/t_ns/d1", "/t_ns/g", 0) == -ENOTDIR);
	CHECK(op_rename("/t_ns/d1", "/t_ns/d1/sub/x", 0) == -EINVAL);
	CHECK(op_mkdir("/t_ns/d2", 0755) == 0);
	CHECK(op_rename("/t_ns/d2", "/t_ns/d1", 0) == -ENOTEMPTY);
	CHECK(op_rename("/t_ns/d1/sub", "/t_ns/d2", 0) == 0);	/* over an empty dir */
	CHECK(kstat_path("/t_ns/d1", false, &st) == 0 && st.nlink == 2);
	CHECK(kstat_path("/t_ns/d2", false, &st) == 0 && st.nlink == 2);
	CHECK(op_rename("/t_ns/g", "/t_ns/g", 0) == 0);
	CHECK(op_rename("/t_ns/g", "/t_ns/d1/", 0) == -ENOTDIR);
	CHECK(op_rename("/t_ns/g", "/t_ns/h/", 0) == -ENOTDIR);
	CHECK(op_rename("/t_ns/.", "/t_ns/z", 0) == -EBUSY);
	CHECK(op_rename("/t_ns/none", "/t_ns/z", 0) == -ENOENT);
	CHECK(kwrite_file("/t_ns/h", "three") == 0);
	CHECK(op_rename("/t_ns/g", "/t_ns/h", RENAME_NOREPLACE) == -EEXIST);
	CHECK(op_rename("/t_ns/g", "/t_ns/h", RENAME_EXCHANGE) == 0);
	CHECK(kread_file("/t_ns/g", buf, sizeof(buf)) == 5 && strcmp(buf, "three") == 0);
	CHECK(kread_file("/t_ns/h", buf, sizeof(buf)) == 3 && strcmp(buf, "one") == 0);
	CHECK(op_rename("/t_ns/g", "/t_ns/zz", RENAME_EXCHANGE) == -ENOENT);
	/* Exchange a file and a directory across parents. */
	CHECK(op_rename("/t_ns/h", "/t_ns/d1", RENAME_EXCHANGE) == 0);
	CHECK(kstat_path("/t_ns/h", false, &st) == 0 && S_ISDIR(st.mode));
	CHECK(kread_file("/t_ns/d1", buf, sizeof(buf)) == 3);
	CHECK(op_rename("/t_ns/h", "/t_ns/d1", RENAME_EXCHANGE) == 0);

	/* An unlinked open file lives until closed. */
	struct file *f = kopen("/t_ns/g", O_RDWR, 0, &err);
	CHECK(f != NULL);
	CHECK(op_unlink("/t_ns/g", false) == 0);
	CHECK(exists("/t_ns/g") == -ENOENT);
	if (f) {
		CHECK(f->inode->nlink == 0);
		CHECK(vfs_kwrite(f, "X", 1, 0) == 1);
		CHECK(vfs_kread(f, buf, sizeof(buf), 0) == 5 && buf[0] == 'X');
		file_put(f);
	}
	/* unlink and rmdir errors. */
	CHECK(op_unlink("/t_ns/d1", false) == -EISDIR);
	CHECK(op_unlink("/t_ns/h", true) == -ENOTDIR);
	CHECK(op_unlink("/t_ns/.", true) == -EINVAL);
	CHECK(op_unlink("/t_ns/..", true) == -ENOTEMPTY);
	CHECK(op_unlink("/", true) == -EBUSY);
	CHECK(op_unlink("/t_ns/h/", false) == -ENOTDIR);
	CHECK(op_unlink("/t_ns", true) == -ENOTEMPTY);

	/* Hard links share the inode. */
	CHECK(op_link("/t_ns/h", "/t_ns/h2") == 0);
	CHECK(op_link("/t_ns/h", "/t_ns/h2") == -EEXIST);
	CHECK(op_link("/t_ns/d1", "/t_ns/d1l") == -EPERM);
	CHECK(kstat_path("/t_ns/h", false, &st) == 0 && kstat_path("/t_ns/h2", false, &st2) == 0);
	CHECK(st.ino == st2.ino && st.nlink == 2);
	CHECK(op_unlink("/t_ns/h", false) == 0);
	CHECK(kstat_path("/t_ns/h2", false, &st2) == 0 && st2.nlink == 1);
	CHECK(kread_file("/t_ns/h2", buf, sizeof(buf)) == 3);

	/* Symlinks: relative, absolute, dangling, loops; ".." above the root. */
	CHECK(op_symlink("h2", "/t_ns/s1") == 0);
	CHECK(op_symlink("/t_ns/d1", "/t_ns/s2") == 0);
	CHECK(op_symlink("nowhere", "/t_ns/s3") == 0);
	CHECK(op_symlink("loop2", "/t_ns/loop1") == 0);
	CHECK(op_symlink("loop1", "/t_ns/loop2") == 0);
	CHECK(op_symlink("", "/t_ns/empty") == -ENOENT);
	CHECK(kread_file("/t_ns/s1", buf, sizeof(buf)) == 3);
	CHECK(kstat_path("/t_ns/s1", false, &st) == 0 && S_ISLNK(st.mode) && st.size == 2);
	CHECK(kstat_path("/t_ns/s2/", false, &st) == 0 && S_ISDIR(st.mode));
	CHECK(kstat_path("/t_ns/s2/../h2", true, &st) == 0);
	CHECK(kstat_path("/t_ns/s3", true, &st) == -ENOENT);
	CHECK(kstat_path("/t_ns/loop1", true, &st) == -ELOOP);
	CHECK(kstat_path("/t_ns/loop1", false, &st) == 0);
	CHECK(!kopen("/t_ns/s1", O_RDONLY | O_NOFOLLOW, 0, &err) && err == -ELOOP);
	CHECK(kstat_path("/../../t_ns/./d1/..//h2", true, &st) == 0);
	/* A chain of 40 links resolves, 41 do not. */
	char name[32], target[32];
	for (int i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "/t_ns/c%d", i);
		if (i == 0)
			strlcpy(target, "h2", sizeof(target));
		else
			snprintf(target, sizeof(target), "c%d", i - 1);
		CHECK(op_symlink(target, name) == 0);
	}
	CHECK(kstat_path("/t_ns/c39", true, &st) == 0);
	CHECK(kstat_path("/t_ns/c40", true, &st) == -ELOOP);

	/* path_to_string sees the real names, also across renames. */
	struct path p;
	vfs_lock();
	err = path_walk(NULL, NULL, "/t_ns/s2", LOOKUP_FOLLOW, &p);
	long n = err ? err : path_to_string(NULL, &p, buf, sizeof(buf));
	CHECK(n == 8 && strcmp(buf, "/t_ns/d1") == 0);
	if (!err) {
		vfs_unlock();
		CHECK(op_rename("/t_ns/d1", "/t_ns/d3", 0) == 0);
		vfs_lock();
		n = path_to_string(NULL, &p, buf, sizeof(buf));
		CHECK(n == 8 && strcmp(buf, "/t_ns/d3") == 0);
		path_put(&p);
	}
	vfs_unlock();

	/* getdents-style listing of the directory sees each name once. */
	CHECK(exists("/t_ns/d3") == 0);
	CHECK(exists("/t_ns/d1") == -ENOENT);

	/* Clean up. */
	for (int i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "/t_ns/c%d", i);
		op_unlink(name, false);
	}
	const char *files[] = { "/t_ns/s1", "/t_ns/s2", "/t_ns/s3", "/t_ns/loop1", "/t_ns/loop2",
				"/t_ns/h2" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		CHECK(op_unlink(files[i], false) == 0);
	CHECK(op_unlink("/t_ns/d2", true) == 0);
	CHECK(op_unlink("/t_ns/d3", true) == 0);
	CHECK(op_unlink("/t_ns", true) == 0);
	/* Everything created is gone again: memory back to where it was. */
	CHECK(kheap_in_use() == heap0);
	CHECK(pmm_free_pages() == pages0);
	if (kheap_in_use() != heap0 || pmm_free_pages() != pages0)
		ktap_diag("heap %zu -> %zu bytes, free pages %zu -> %zu", heap0, kheap_in_use(), pages0, pmm_free_pages());
	return 0;
}

int selftest_fs_perm(void)
{
	struct inode ino = { .mode = S_IFREG | 0640, .uid = 1000, .gid = 100 };
	struct cred owner = { 1000, 100 }, group = { 2000, 100 }, other = { 3000, 300 };
	struct cred root = { 0, 0 };

	CHECK(inode_permission(&ino, &owner, MAY_READ | MAY_WRITE) == 0);
	CHECK(inode_permission(&ino, &owner, MAY_EXEC) == -EACCES);
	CHECK(inode_permission(&ino, &group, MAY_READ) == 0);
	CHECK(inode_permission(&ino, &group, MAY_WRITE) == -EACCES);
	CHECK(inode_permission(&ino, &other, MAY_READ) == -EACCES);
	CHECK(inode_permission(&ino, &root, MAY_READ | MAY_WRITE) == 0);
	CHECK(inode_permission(&ino, &root, MAY_EXEC) == -EACCES);	/* no x bit at all */
	ino.mode = S_IFREG | 0001;
	CHECK(inode_permission(&ino, &root, MAY_EXEC) == 0);
	CHECK(inode_permission(&ino, &owner, MAY_EXEC) == -EACCES);	/* owner bits rule */
	CHECK(inode_permission(&ino, &other, MAY_EXEC) == 0);
	ino.mode = S_IFDIR | 0700;
	CHECK(inode_permission(&ino, &root, MAY_EXEC | MAY_WRITE) == 0);
	CHECK(inode_permission(&ino, &group, MAY_EXEC) == -EACCES);

	/* chmod/chown rules checked with the real calls, as root. */
	setup();
	CHECK(kwrite_file("/t_perm", "x") == 0);
	struct path p;
	vfs_lock();
	if (path_walk(NULL, NULL, "/t_perm", 0, &p) == 0) {
		struct inode *i = p.dentry->inode;
		CHECK(vfs_chmod(i, 04755) == 0 && (i->mode & 07777) == 04755);
		CHECK(vfs_chown(i, 5, 6) == 0 && i->uid == 5 && i->gid == 6);
		CHECK((i->mode & S_ISUID) == 0);	/* chown drops set-uid */
		CHECK(vfs_chown(i, (uint32_t)-1, (uint32_t)-1) == 0 && i->uid == 5);
		path_put(&p);
	} else {
		CHECK(!"walk /t_perm");
	}
	vfs_unlock();
	CHECK(op_unlink("/t_perm", false) == 0);
	return 0;
}

/* ---- a newc archive built in memory */

struct cpio_out {
	char *buf;
	size_t len, cap;
};

static void put_hex(char *p, uint32_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	}
}

static void cpio_add(struct cpio_out *o, const char *name, uint32_t ino, uint32_t mode,
		     uint32_t uid, uint32_t nlink, const char *data, uint32_t rmaj, uint32_t rmin)
{
	size_t nlen = strlen(name) + 1, dlen = data ? strlen(data) : 0;
	size_t need = ALIGN_UP(110 + nlen, 4) + ALIGN_UP(dlen, 4);

	if (o->len + need > o->cap)
		return;
	char *h = o->buf + o->len;
	memset(h, 0, need);
	memcpy(h, "070701", 6);
	uint32_t f[13] = { ino, mode, uid, uid, nlink, 1700000000, (uint32_t)dlen, 0, 0, rmaj, rmin,
			   (uint32_t)nlen, 0 };
	for (int i = 0; i < 13; i++)
		put_hex(h + 6 + 8 * i, f[i]);
	memcpy(h + 110, name, nlen);
	size_t off = ALIGN_UP(110 + nlen, 4);
	if (dlen)
		memcpy(h + off, data, dlen);
	o->len += need;
}

int selftest_fs_initramfs(void)
{
	struct kstat st, st2;
	char buf[64];

	setup();
	size_t heap0 = kheap_in_use(), pages0 = pmm_free_pages();
	struct cpio_out o = { kzalloc(8192), 0, 8192 };
	CHECK(o.buf != NULL);
	if (!o.buf)
		return 0;
	cpio_add(&o, ".", 1, S_IFDIR | 0755, 0, 2, NULL, 0, 0);
	cpio_add(&o, "t_rd", 2, S_IFDIR | 0750, 0, 2, NULL, 0, 0);
	cpio_add(&o, "t_rd/bin", 3, S_IFDIR | 0755, 0, 2, NULL, 0, 0);
	cpio_add(&o, "t_rd/bin/tool", 4, S_IFREG | 0755, 0, 1, "#!/bin/sh\necho hi\n", 0, 0);
	cpio_add(&o, "t_rd/bin/sh", 5, S_IFLNK | 0777, 0, 1, "tool", 0, 0);
	cpio_add(&o, "t_rd/owned", 6, S_IFREG | 0600, 1000, 1, "secret", 0, 0);
	/* Two names of one inode, the data on the second as GNU cpio writes it. */
	cpio_add(&o, "t_rd/l1", 7, S_IFREG | 0644, 0, 2, NULL, 0, 0);
	cpio_add(&o, "t_rd/l2", 7, S_IFREG | 0644, 0, 2, "shared", 0, 0);
	cpio_add(&o, "./t_rd/ttyS9", 8, S_IFCHR | 0620, 0, 1, NULL, 4, 73);
	cpio_add(&o, "TRAILER!!!", 0, 0, 0, 1, NULL, 0, 0);
	CHECK(initramfs_unpack(o.buf, o.len) == 0);
	CHECK(kstat_path("/t_rd", false, &st) == 0 && S_ISDIR(st.mode) && (st.mode & 07777) == 0750);
	CHECK(kread_file("/t_rd/bin/sh", buf, sizeof(buf)) == 18 && buf[0] == '#');
	CHECK(kstat_path("/t_rd/bin/sh", false, &st) == 0 && S_ISLNK(st.mode));
	CHECK(kstat_path("/t_rd/owned", false, &st) == 0 && st.uid == 1000 && st.gid == 1000 &&
	      (st.mode & 07777) == 0600 && st.mtime.sec == 1700000000);
	CHECK(kstat_path("/t_rd/l1", false, &st) == 0 && kstat_path("/t_rd/l2", false, &st2) == 0 &&
	      st.ino == st2.ino && st.nlink == 2);
	CHECK(kread_file("/t_rd/l1", buf, sizeof(buf)) == 6 && strcmp(buf, "shared") == 0);
	CHECK(kstat_path("/t_rd/ttyS9", false, &st) == 0 && S_ISCHR(st.mode) &&
	      st.rdev_major == 4 && st.rdev_minor == 73);
	void *img;
	size_t size;
	CHECK(vfs_read_file("/t_rd/bin/sh", true, &img, &size) == 0 && size == 18);
	if (size == 18)
		kfree(img);

	/* A damaged second part: the first entry stays, the error names the offset. */
	size_t good = o.len;
	o.len = 0;
	cpio_add(&o, "t_rd/kept", 9, S_IFREG | 0644, 0, 1, "k", 0, 0);
	size_t bad_at = o.len;
	cpio_add(&o, "t_rd/lost", 10, S_IFREG | 0644, 0, 1, "l", 0, 0);
	memcpy(o.buf + bad_at, "0707X1", 6);
	ktap_diag("a bad archive follows: the error message below is expected");
	CHECK(initramfs_unpack(o.buf, o.len) == -EINVAL);
	CHECK(exists("/t_rd/kept") == 0);
	CHECK(exists("/t_rd/lost") == -ENOENT);
	/* Truncated in the middle of a name. */
	o.len = 0;
	cpio_add(&o, "t_rd/trunc", 11, S_IFREG | 0644, 0, 1, "t", 0, 0);
	CHECK(initramfs_unpack(o.buf, 115) == -EINVAL);
	CHECK(exists("/t_rd/trunc") == -ENOENT);
	(void)good;

	const char *rm[] = { "/t_rd/bin/sh", "/t_rd/bin/tool", "/t_rd/owned", "/t_rd/l1", "/t_rd/l2",
			     "/t_rd/ttyS9", "/t_rd/kept" };
	for (size_t i = 0; i < ARRAY_SIZE(rm); i++)
		CHECK(op_unlink(rm[i], false) == 0);
	CHECK(op_unlink("/t_rd/bin", true) == 0);
	CHECK(op_unlink("/t_rd", true) == 0);
	kfree(o.buf);
	/* Everything created is gone again: memory back to where it was. */
	CHECK(kheap_in_use() == heap0);
	CHECK(pmm_free_pages() == pages0);
	if (kheap_in_use() != heap0 || pmm_free_pages() != pages0)
		ktap_diag("heap %zu -> %zu bytes, free pages %zu -> %zu", heap0, kheap_in_use(), pages0, pmm_free_pages());
	return 0;
}

int selftest_fs_devices(void)
{
	struct kstat st;
	int err;

	setup();
	CHECK(kstat_path("/dev/console", false, &st) == 0 && S_ISCHR(st.mode) &&
	      st.rdev_major == 5 && st.rdev_minor == 1);
	CHECK(kstat_path("/dev/null", false, &st) == 0 && st.rdev_major == 1 && st.rdev_minor == 3);
	CHECK(kstat_path("/dev/zero", false, &st) == 0 && st.rdev_minor == 5);
	CHECK(kstat_path("/dev/full", false, &st) == 0 && st.rdev_minor == 7);
	CHECK(kstat_path("/dev/tty", false, &st) == 0 && st.rdev_major == 5 && st.rdev_minor == 0);
	struct file *f = kopen("/dev/null", O_RDWR, 0, &err);
	CHECK(f != NULL);
	if (f) {
		uint64_t pos = 0;
		CHECK(f->ops->read(f, 0, 10, &pos) == 0);
		CHECK(f->ops->write(f, 0, 10, &pos) == 10);
		file_put(f);
	}
	f = kopen("/dev/full", O_WRONLY, 0, &err);
	CHECK(f != NULL);
	if (f) {
		uint64_t pos = 0;
		CHECK(f->ops->write(f, 0, 10, &pos) == -ENOSPC);
		file_put(f);
	}
	/* A node with no driver: ENXIO. */
	vfs_lock();
	err = vfs_create_at(NULL, NULL, "/dev/t_nodrv", S_IFCHR | 0600, MKDEV(250, 9));
	vfs_unlock();
	CHECK(err == 0);
	CHECK(!kopen("/dev/t_nodrv", O_RDONLY, 0, &err) && err == -ENXIO);
	CHECK(op_unlink("/dev/t_nodrv", false) == 0);

	/* Pipe readiness follows its ends. */
	struct file *rd, *wr;
	CHECK(pipe_create(&rd, &wr, 0) == 0);
	CHECK(rd->ops->poll(rd, NULL) == 0);
	CHECK(wr->ops->poll(wr, NULL) == (POLLOUT | POLLWRNORM));
	file_put(wr);
	CHECK(rd->ops->poll(rd, NULL) == POLLHUP);
	file_put(rd);
	CHECK(pipe_create(&rd, &wr, 0) == 0);
	file_put(rd);
	CHECK(wr->ops->poll(wr, NULL) & POLLERR);
	file_put(wr);
	return 0;
}

int selftest_fs_mount(void)
{
	struct kstat root, in, up;
	struct path p;
	int err;

	setup();
	size_t heap0 = kheap_in_use(), pages0 = pmm_free_pages();
	CHECK(op_mkdir("/t_mnt", 0755) == 0);
	CHECK(kwrite_file("/t_mnt/under", "hidden") == 0);
	vfs_lock();
	err = path_walk(NULL, NULL, "/t_mnt", LOOKUP_FOLLOW, &p);
	CHECK(err == 0);
	if (!err) {
		CHECK(vfs_mount("none", &p, "nofs", 0, NULL) == -ENODEV);
		CHECK(vfs_mount("none", &p, "tmpfs", 0, NULL) == 0);
		path_put(&p);
	}
	vfs_unlock();
	if (err)
		return 0;
	/* The mount hides what was under it, and has its own st_dev. */
	CHECK(exists("/t_mnt/under") == -ENOENT);
	CHECK(kwrite_file("/t_mnt/x", "on top") == 0);
	CHECK(kstat_path("/", false, &root) == 0 && kstat_path("/t_mnt/x", false, &in) == 0);
	CHECK(root.dev != in.dev);
	CHECK(kstat_path("/t_mnt/..", false, &up) == 0 && up.ino == root.ino && up.dev == root.dev);
	CHECK(kstat_path("/t_mnt/../t_mnt/./x", false, &up) == 0 && up.ino == in.ino);
	CHECK(op_rename("/t_mnt/x", "/t_mx", 0) == -EXDEV);
	CHECK(op_link("/t_mnt/x", "/t_mx") == -EXDEV);
	CHECK(op_unlink("/t_mnt", true) == -EBUSY);
	char buf[64];
	vfs_lock();
	err = path_walk(NULL, NULL, "/t_mnt/x", 0, &p);
	if (!err) {
		CHECK(path_to_string(NULL, &p, buf, sizeof(buf)) == 8 && strcmp(buf, "/t_mnt/x") == 0);
		/* Busy while a path inside holds it. */
		CHECK(vfs_umount(p.mnt, 0) == -EBUSY);
		struct mount *m = p.mnt;
		path_put(&p);
		CHECK(vfs_umount(m, 0) == 0);
	}
	vfs_unlock();
	CHECK(err == 0);
	CHECK(kread_file("/t_mnt/under", buf, sizeof(buf)) == 6);
	CHECK(op_unlink("/t_mnt/under", false) == 0);
	CHECK(op_unlink("/t_mnt", true) == 0);
	/* Everything created is gone again: memory back to where it was. */
	CHECK(kheap_in_use() == heap0);
	CHECK(pmm_free_pages() == pages0);
	if (kheap_in_use() != heap0 || pmm_free_pages() != pages0)
		ktap_diag("heap %zu -> %zu bytes, free pages %zu -> %zu", heap0, kheap_in_use(), pages0, pmm_free_pages());
	return 0;
}
