/*
 * selftest_sysfs.c - kernel self-tests of core/sysfs and the devices it
 * shows, run through the VFS like user space would see them:
 *   sysfs_devtmpfs  a devtmpfs mount has the registered nodes with Linux's
 *                   numbers and modes, gains a node registered while it is
 *                   mounted, is writable like tmpfs, and leaks nothing
 *   sysfs_tree      /sys's layout, class/dev links, dev and uevent files,
 *                   read-only-ness, and no leak after umount
 *   sysfs_dt        firmware/devicetree/base mirrors the boot DT: one
 *                   directory per node, one file per property with its
 *                   raw bytes, "name" recreated; firmware/fdt is the blob
 *   sysfs_random    the ChaCha20 generator's output looks random
 *   sysfs_syslog    the log parser and syslog(2)'s argument checks
 * Each returns 0; failures are counted by CHECK().
 */
#include <kernel.h>
#include <device.h>
#include <fdt.h>
#include <mm.h>
#include <selftest.h>
#include <vfs.h>
#include "sysfs_internal.h"

int selftest_sysfs_devtmpfs(void);
int selftest_sysfs_tree(void);
int selftest_sysfs_dt(void);
int selftest_sysfs_random(void);
int selftest_sysfs_syslog(void);

/* Make dir and mount fstype on it; 0 or errno. */
static int mount_at(const char *dir, const char *fstype)
{
	struct path p;
	int err;

	vfs_init();
	device_model_init();
	vfs_lock();
	err = vfs_mkdir_at(NULL, NULL, dir, 0755);
	if (!err)
		err = path_walk(NULL, NULL, dir, LOOKUP_FOLLOW, &p);
	if (!err) {
		err = vfs_mount("none", &p, fstype, 0, NULL);
		path_put(&p);
	}
	vfs_unlock();
	return err;
}

/* Undo mount_at. */
static int umount_at(const char *dir)
{
	struct path p;

	vfs_lock();
	int err = path_walk(NULL, NULL, dir, LOOKUP_FOLLOW, &p);
	if (!err) {
		struct mount *m = p.mnt;
		path_put(&p);
		err = vfs_umount(m, 0);
		if (!err)
			err = vfs_unlink_at(NULL, NULL, dir, true);
	}
	vfs_unlock();
	return err;
}

/* The inode's mode and rdev at path (following links); errno. */
static int node_at(const char *path, bool follow, uint32_t *mode, uint32_t *rdev)
{
	struct path p;

	vfs_lock();
	int err = path_walk(NULL, NULL, path, follow ? LOOKUP_FOLLOW : 0, &p);
	if (!err) {
		*mode = p.dentry->inode->mode;
		*rdev = p.dentry->inode->rdev;
		path_put(&p);
	}
	vfs_unlock();
	return err;
}

/* A sysfs file's contents (NUL-terminated) into buf; length or errno. */
static long read_attr(const char *path, char *buf, size_t size)
{
	struct path p;

	vfs_lock();
	long n = path_walk(NULL, NULL, path, LOOKUP_FOLLOW, &p);
	if (!n) {
		n = kfs_kread(p.dentry->inode, buf, size - 1, 0);
		path_put(&p);
	}
	vfs_unlock();
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static bool is_chr(const char *path, unsigned int ma, unsigned int mi, uint32_t perm)
{
	uint32_t mode, rdev;

	if (node_at(path, false, &mode, &rdev))
		return false;
	return S_ISCHR(mode) && (mode & 07777) == perm && rdev == MKDEV(ma, mi);
}

int selftest_sysfs_devtmpfs(void)
{
	size_t heap0 = kheap_in_use();

	CHECK(mount_at("/t_devtmpfs", "devtmpfs") == 0);
	CHECK(is_chr("/t_devtmpfs/null", 1, 3, 0666));
	CHECK(is_chr("/t_devtmpfs/zero", 1, 5, 0666));
	CHECK(is_chr("/t_devtmpfs/full", 1, 7, 0666));
	CHECK(is_chr("/t_devtmpfs/random", 1, 8, 0666));
	CHECK(is_chr("/t_devtmpfs/urandom", 1, 9, 0666));
	CHECK(is_chr("/t_devtmpfs/kmsg", 1, 11, 0644));
	CHECK(is_chr("/t_devtmpfs/tty", 5, 0, 0666));
	CHECK(is_chr("/t_devtmpfs/console", 5, 1, 0600));
	CHECK(is_chr("/t_devtmpfs/ttyS0", 4, 64, 0600));
	/* A device announced while mounted shows up; numbers are unique. */
	CHECK(device_register("misc", "selftest0", 240, 77, 0640) == 0);
	CHECK(is_chr("/t_devtmpfs/selftest0", 240, 77, 0640));
	CHECK(device_register("misc", "selftest1", 240, 77, 0640) == -EBUSY);
	CHECK(device_register("misc", "a/b", 240, 78, 0640) == -EINVAL);
	CHECK(device_register("misc", "..", 240, 78, 0640) == -EINVAL);
	/* It is a tmpfs: mkdir, mknod and unlink work. */
	vfs_lock();
	CHECK(vfs_mkdir_at(NULL, NULL, "/t_devtmpfs/shm", 01777) == 0);
	CHECK(vfs_create_at(NULL, NULL, "/t_devtmpfs/mine", S_IFCHR | 0600, MKDEV(1, 3)) == 0);
	CHECK(vfs_unlink_at(NULL, NULL, "/t_devtmpfs/mine", false) == 0);
	CHECK(vfs_unlink_at(NULL, NULL, "/t_devtmpfs/shm", true) == 0);
	vfs_unlock();
	/* The root is root's, drwxr-xr-x. */
	uint32_t mode, rdev;
	CHECK(node_at("/t_devtmpfs", true, &mode, &rdev) == 0 && mode == (S_IFDIR | 0755));
	CHECK(umount_at("/t_devtmpfs") == 0);
	CHECK(kheap_in_use() == heap0);
	if (kheap_in_use() != heap0)
		ktap_diag("heap %zu -> %zu bytes", heap0, kheap_in_use());
	return 0;
}

int selftest_sysfs_tree(void)
{
	static const char *const dirs[] = {
		"/t_sys/devices", "/t_sys/bus/platform/devices", "/t_sys/bus/platform/drivers",
		"/t_sys/class/tty", "/t_sys/class/mem", "/t_sys/kernel", "/t_sys/module",
		"/t_sys/firmware/devicetree/base", "/t_sys/dev/char", "/t_sys/fs",
	};
	char buf[256];
	uint32_t mode, rdev;
	size_t heap0 = kheap_in_use(), pages0 = pmm_free_pages();

	CHECK(mount_at("/t_sys", "sysfs") == 0);
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		int err = node_at(dirs[i], true, &mode, &rdev);
		CHECK(err == 0 && S_ISDIR(mode));
		if (err)
			ktap_diag("%s: %d", dirs[i], err);
	}
	CHECK(node_at("/t_sys", true, &mode, &rdev) == 0 && mode == (S_IFDIR | 0555));
	/* Devices, their class links and their numbers. */
	CHECK(node_at("/t_sys/class/mem/null", false, &mode, &rdev) == 0 && S_ISLNK(mode));
	CHECK(read_attr("/t_sys/class/mem/null/dev", buf, sizeof(buf)) == 4 &&
	      strcmp(buf, "1:3\n") == 0);
	CHECK(read_attr("/t_sys/class/mem/urandom/uevent", buf, sizeof(buf)) > 0 &&
	      strcmp(buf, "MAJOR=1\nMINOR=9\nDEVNAME=urandom\nDEVMODE=0666\n") == 0);
	CHECK(read_attr("/t_sys/class/tty/ttyS0/uevent", buf, sizeof(buf)) > 0 &&
	      strcmp(buf, "MAJOR=4\nMINOR=64\nDEVNAME=ttyS0\n") == 0);
	CHECK(read_attr("/t_sys/class/tty/console/dev", buf, sizeof(buf)) > 0 &&
	      strcmp(buf, "5:1\n") == 0);
	CHECK(read_attr("/t_sys/dev/char/5:0/dev", buf, sizeof(buf)) > 0 && strcmp(buf, "5:0\n") == 0);
	CHECK(read_attr("/t_sys/devices/virtual/mem/kmsg/dev", buf, sizeof(buf)) > 0 &&
	      strcmp(buf, "1:11\n") == 0);
	CHECK(node_at("/t_sys/class/mem/zero/subsystem", true, &mode, &rdev) == 0 && S_ISDIR(mode));
	/* Read-only: no writing opens, no new entries, even for root. */
	int err;
	struct file *f = vfs_open(NULL, NULL, "/t_sys/class/mem/null/dev", O_WRONLY, 0, &err);
	CHECK(!f && err == -EACCES);
	if (f)
		file_put(f);
	f = vfs_open(NULL, NULL, "/t_sys/kernel/profiling", O_WRONLY | O_TRUNC, 0, &err);
	CHECK(!f && err == -EACCES);
	if (f)
		file_put(f);
	f = vfs_open(NULL, NULL, "/t_sys/class/mem/null/dev", O_RDONLY, 0, &err);
	CHECK(f != NULL);
	if (f)
		file_put(f);
	vfs_lock();
	CHECK(vfs_mkdir_at(NULL, NULL, "/t_sys/kernel/x", 0755) == -EPERM);
	CHECK(vfs_create_at(NULL, NULL, "/t_sys/x", S_IFREG | 0644, 0) == -EPERM);
	CHECK(vfs_unlink_at(NULL, NULL, "/t_sys/kernel/profiling", false) == -EPERM);
	vfs_unlock();
	CHECK(umount_at("/t_sys") == 0);
	CHECK(kheap_in_use() == heap0);
	CHECK(pmm_free_pages() == pages0);
	if (kheap_in_use() != heap0 || pmm_free_pages() != pages0)
		ktap_diag("heap %zu -> %zu bytes, free pages %zu -> %zu", heap0, kheap_in_use(), pages0,
			  pmm_free_pages());
	return 0;
}

/* Compare node's properties and children with the directory at path. */
static void dt_compare(const struct fdt *f, int node, char *path, size_t plen, size_t size,
		       int *nodes, int *props, int *bad)
{
	char buf[512];

	(*nodes)++;
	for (int p = fdt_first_prop(f, node); p >= 0; p = fdt_next_prop(f, p)) {
		const char *name;
		int len;
		const void *val = fdt_prop_at(f, p, &name, &len);
		if (!val || len < 0 || (size_t)len > sizeof(buf) - 1)
			continue;
		snprintf(path + plen, size - plen, "/%s", name);
		(*props)++;
		long n = read_attr(path, buf, sizeof(buf));
		if (n != len || memcmp(buf, val, (size_t)len) != 0) {
			if ((*bad)++ < 3)
				ktap_diag("%s: %ld bytes, expected %d", path, n, len);
		}
	}
	for (int c = fdt_first_child(f, node); c >= 0; c = fdt_next_sibling(f, c)) {
		int w = snprintf(path + plen, size - plen, "/%s", fdt_name(f, c));
		if (w <= 0 || plen + (size_t)w >= size)
			continue;
		dt_compare(f, c, path, plen + (size_t)w, size, nodes, props, bad);
	}
	path[plen] = '\0';
}

int selftest_sysfs_dt(void)
{
	char path[512], buf[128];
	int nodes = 0, props = 0, bad = 0;
	size_t heap0 = kheap_in_use();
	uint32_t mode, rdev;

	CHECK(mount_at("/t_sysdt", "sysfs") == 0);
	strlcpy(path, "/t_sysdt/firmware/devicetree/base", sizeof(path));
	dt_compare(&boot_fdt, fdt_root(&boot_fdt), path, strlen(path), sizeof(path), &nodes, &props,
		   &bad);
	CHECK(bad == 0);
	CHECK(nodes > 1 && props > 1);
	/* The root's "name" is recreated as an empty string, like Linux's. */
	if (!fdt_getprop(&boot_fdt, fdt_root(&boot_fdt), "name", NULL))
		CHECK(read_attr("/t_sysdt/firmware/devicetree/base/name", buf, sizeof(buf)) == 1 &&
		      buf[0] == '\0');
	int ch = fdt_path(&boot_fdt, "/chosen");
	if (ch >= 0 && !fdt_getprop(&boot_fdt, ch, "name", NULL))
		CHECK(read_attr("/t_sysdt/firmware/devicetree/base/chosen/name", buf, sizeof(buf)) == 7 &&
		      strcmp(buf, "chosen") == 0);
	CHECK(node_at("/t_sysdt/firmware/fdt", true, &mode, &rdev) == 0 && mode == (S_IFREG | 0400));
	struct path p;
	vfs_lock();
	if (path_walk(NULL, NULL, "/t_sysdt/firmware/fdt", 0, &p) == 0) {
		CHECK(p.dentry->inode->size == boot_fdt.size);
		CHECK(kfs_kread(p.dentry->inode, buf, 4, 0) == 4 && fdt_be32(buf) == FDT_MAGIC);
		path_put(&p);
	}
	vfs_unlock();
	ktap_diag("device tree: %d nodes, %d properties mirrored", nodes, props);
	CHECK(umount_at("/t_sysdt") == 0);
	CHECK(kheap_in_use() == heap0);
	return 0;
}

int selftest_sysfs_random(void)
{
	static uint8_t a[4096], b[4096];
	unsigned int ones = 0, same = 0;

	get_random_bytes(a, sizeof(a));
	get_random_bytes(b, sizeof(b));
	for (size_t i = 0; i < sizeof(a); i++) {
		ones += (unsigned int)__builtin_popcount(a[i]);
		same += a[i] == b[i];
	}
	/* 32768 bits: 16384 ones expected, sigma 90; equal bytes ~16. */
	CHECK(ones > 16384 - 800 && ones < 16384 + 800);
	CHECK(same < 64);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	ktap_diag("%u of 32768 bits set, %u equal bytes in two draws", ones, same);
	return 0;
}

int selftest_sysfs_syslog(void)
{
	struct klog_snapshot s;
	struct klog_iter it = { 0 };
	struct klog_view r;
	struct klog_pos pos = { 0 };
	uint64_t prev = 0;
	bool found = false, ordered = true, ranks = true;
	int n = 0, after = 0;

	pr_warn("sysfs selftest marker\nsecond line\n");
	CHECK(klog_snapshot(&s) == 0);
	while (s.buf && klog_iter_next(&s, &it, &r)) {
		n++;
		ordered &= r.us >= prev;
		ranks &= r.us != prev || n == 1 || r.k > 0;
		prev = r.us;
		if (r.len == 33 && memcmp(r.text, "sysfs selftest marker\nsecond line", 33) == 0)
			found |= r.level == 4;
		/* A position taken at the 2nd record: everything after it is after. */
		if (n == 2)
			klog_pos_set(&pos, &r);
		if (n > 2 && klog_pos_before(&pos, &r))
			after++;
	}
	klog_snapshot_free(&s);
	CHECK(found);
	CHECK(ordered);
	CHECK(ranks);
	CHECK(n > 3);
	CHECK(after == n - 2);
	CHECK(do_syslog(10, 0, 0) == KLOG_READ_ALL);
	CHECK(do_syslog(3, 0, 100) == -EINVAL);
	CHECK(do_syslog(8, 0, 0) == -EINVAL);
	CHECK(do_syslog(8, 0, 9) == -EINVAL);
	CHECK(do_syslog(11, 0, 0) == -EINVAL);
	int lv = console_loglevel;
	CHECK(do_syslog(8, 0, 3) == 0 && console_loglevel == 3);
	CHECK(do_syslog(6, 0, 0) == 0 && console_loglevel == 1);
	CHECK(do_syslog(7, 0, 0) == 0 && console_loglevel == 3);
	console_loglevel = lv;
	CHECK(do_syslog(9, 0, 0) > 0);
	return 0;
}
