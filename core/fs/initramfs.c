/*
 * initramfs.c - the root filesystem at boot: mount the root tmpfs,
 * populate /dev, unpack the initramfs (newc cpio) into it.
 */
#include <kernel.h>
#include <mm.h>
#include <cpio.h>
#include <proc.h>
#include <vfs.h>
#include "fs_internal.h"

/* Entries seen with nlink > 1, to hard-link the later ones to the first. */
struct link_rec {
	uint32_t ino, major, minor, mode;
	char *name;
};

struct unpack {
	struct link_rec *links;
	size_t nlinks, cap;
	unsigned int entries, skipped;
};

static const char *clean_name(const char *n)
{
	while (n[0] == '.' && n[1] == '/')
		n += 2;
	while (*n == '/')
		n++;
	return *n ? n : ".";
}

static struct link_rec *find_link(struct unpack *u, const struct cpio_entry *e)
{
	for (size_t i = 0; i < u->nlinks; i++) {
		struct link_rec *l = &u->links[i];
		if (l->ino == e->ino && l->major == e->devmajor && l->minor == e->devminor &&
		    l->mode == e->mode)
			return l;
	}
	return NULL;
}

static void remember_link(struct unpack *u, const struct cpio_entry *e, const char *name)
{
	if (u->nlinks == u->cap) {
		size_t nc = u->cap ? u->cap * 2 : 16;
		struct link_rec *n = kmalloc(nc * sizeof(*n));
		if (!n)
			return;
		if (u->links) {
			memcpy(n, u->links, u->nlinks * sizeof(*n));
			kfree(u->links);
		}
		u->links = n;
		u->cap = nc;
	}
	size_t len = strlen(name) + 1;
	char *copy = kmalloc(len);
	if (!copy)
		return;
	memcpy(copy, name, len);
	u->links[u->nlinks++] = (struct link_rec){ e->ino, e->devmajor, e->devminor, e->mode, copy };
}

/* Remove what is at name unless it is a directory and a directory comes. */
static void clear_old(const char *name, uint32_t mode)
{
	struct path p;

	if (path_walk(NULL, NULL, name, 0, &p))
		return;
	bool isdir = S_ISDIR(p.dentry->inode->mode);
	path_put(&p);
	if (isdir && S_ISDIR(mode))
		return;
	vfs_unlink_at(NULL, NULL, name, isdir);
}

static int set_attrs(const char *name, const struct cpio_entry *e)
{
	struct path p;
	int err = path_walk(NULL, NULL, name, 0, &p);

	if (err)
		return err;
	struct inode *ino = p.dentry->inode;
	if (!S_ISLNK(ino->mode))
		ino->mode = (ino->mode & S_IFMT) | (e->mode & 07777);
	ino->uid = e->uid;
	ino->gid = e->gid;
	ino->mtime.sec = e->mtime;
	ino->mtime.nsec = 0;
	path_put(&p);
	return 0;
}

static int write_data(const char *name, const struct cpio_entry *e)
{
	struct path p;
	int err = path_walk(NULL, NULL, name, 0, &p);

	if (err)
		return err;
	long n = tmpfs_write_inode(p.dentry->inode, e->data, e->size, 0);
	path_put(&p);
	return n < 0 ? (int)n : (size_t)n == e->size ? 0 : -ENOSPC;
}

static int unpack_one(struct unpack *u, const struct cpio_entry *e)
{
	const char *name = clean_name(e->name);
	uint32_t type = e->mode & S_IFMT;
	int err = 0;

	if (strcmp(name, ".") != 0)
		clear_old(name, e->mode);
	switch (type) {
	case S_IFDIR:
		err = vfs_mkdir_at(NULL, NULL, name, e->mode & 07777);
		if (err == -EEXIST)
			err = 0;
		break;
	case S_IFLNK: {
		if (e->size == 0 || e->size >= PATH_MAX)
			return -EINVAL;
		char *target = kmalloc(e->size + 1);
		if (!target)
			return -ENOMEM;
		memcpy(target, e->data, e->size);
		target[e->size] = '\0';
		err = vfs_symlink_at(NULL, NULL, target, name);
		kfree(target);
		break;
	}
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK: {
		struct link_rec *l = e->nlink > 1 ? find_link(u, e) : NULL;
		if (l) {
			err = vfs_link_at(NULL, NULL, l->name, NULL, name, 0);
		} else {
			err = vfs_create_at(NULL, NULL, name, type | (e->mode & 07777),
					    MKDEV(e->rdevmajor, e->rdevminor));
			if (!err && e->nlink > 1)
				remember_link(u, e, name);
		}
		if (!err && type == S_IFREG && e->size)
			err = write_data(name, e);
		break;
	}
	default:
		pr_warn("initramfs: %s: unknown file type %#o, skipped\n", name, type);
		u->skipped++;
		return 0;
	}
	if (!err)
		err = set_attrs(name, e);
	return err;
}

int initramfs_unpack(const void *buf, size_t size)
{
	struct cpio_reader r;
	struct cpio_entry e;
	struct unpack u = { 0 };
	int ret = 0;

	cpio_init(&r, buf, size);
	vfs_lock();
	for (;;) {
		int rc = cpio_next(&r, &e);
		if (rc == 0) {
			/* Archives may be concatenated: go on unless only zeros follow. */
			size_t o = r.off;
			while (o < size && ((const uint8_t *)buf)[o] == 0)
				o++;
			if (o >= size)
				break;
			continue;
		}
		if (rc < 0) {
			pr_err("initramfs: malformed archive at offset %zu: %s; keeping the %u entries "
			       "unpacked before it\n", r.error_off, r.error, u.entries);
			ret = -EINVAL;
			break;
		}
		int err = unpack_one(&u, &e);
		if (err) {
			pr_warn("initramfs: %s: error %d, skipped\n", e.name, err);
			u.skipped++;
		} else {
			u.entries++;
		}
	}
	vfs_unlock();
	for (size_t i = 0; i < u.nlinks; i++)
		kfree(u.links[i].name);
	kfree(u.links);
	if (!ret)
		pr_info("initramfs: %u entries unpacked (%zu bytes)%s\n", u.entries, size,
			u.skipped ? ", some skipped" : "");
	return ret;
}

/* ---- boot */

static void mknod_boot(const char *path, uint32_t mode, unsigned int ma, unsigned int mi)
{
	int err = vfs_create_at(NULL, NULL, path, mode, MKDEV(ma, mi));

	if (err)
		pr_err("vfs: cannot create %s: error %d\n", path, err);
}

void vfs_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	fs_register(&tmpfs_type);
	vfs_lock();
	int err = vfs_mount("rootfs", NULL, "tmpfs", 0, NULL);
	if (err)
		panic("vfs: cannot mount the root tmpfs: error %d", err);
	/* The root is drwxr-xr-x root:root, as Linux's rootfs. */
	mount_root()->root->inode->mode = S_IFDIR | 0755;
	err = vfs_mkdir_at(NULL, NULL, "dev", 0755);
	if (err)
		panic("vfs: cannot create /dev: error %d", err);
	mknod_boot("dev/console", S_IFCHR | 0600, 5, 1);
	mknod_boot("dev/tty", S_IFCHR | 0666, 5, 0);
	mknod_boot("dev/null", S_IFCHR | 0666, 1, 3);
	mknod_boot("dev/zero", S_IFCHR | 0666, 1, 5);
	mknod_boot("dev/full", S_IFCHR | 0666, 1, 7);
	vfs_unlock();
	chr_mem_init();
	pr_info("vfs: root tmpfs mounted, /dev populated\n");
}

int files_open_console(struct files *fs, struct fs_ctx *ctx)
{
	int err;
	struct file *f = vfs_open(ctx, NULL, "/dev/console", O_RDWR, 0, &err);

	if (!f)
		return err;
	int fd = fd_install(fs, f, 0, 0);
	if (fd != 0) {
		if (fd >= 0)
			fd_close(fs, fd);
		else
			file_put(f);
		return fd < 0 ? fd : -EBUSY;
	}
	for (int i = 1; i <= 2; i++) {
		file_get(f);
		if (fd_install_at(fs, i, f, 0) < 0)
			file_put(f);
	}
	return 0;
}
