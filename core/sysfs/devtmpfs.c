/*
 * devtmpfs.c - the table of announced character devices and the
 * "devtmpfs" filesystem: a tmpfs whose root is filled with a node for
 * every device of the table (root:root, the mode the driver asked for),
 * and that gains nodes as drivers register more.  User space may add,
 * rename and remove entries as on any tmpfs.
 *
 * Unlike Linux, every mount is its own instance (each populated from the
 * table) rather than one shared superblock: mknod in one /dev is not seen
 * through another mount of devtmpfs.
 */
#include <kernel.h>
#include <device.h>
#include <mm.h>
#include <vfs.h>
#include "sysfs_internal.h"

struct device_ent devices[DEVICES_MAX];
unsigned int ndevices;

/* Mounted instances, to add nodes to (vfs_lock held). */
#define INSTANCES_MAX 8
static struct super_block *dev_sbs[INSTANCES_MAX];
static struct super_block *sys_sbs[INSTANCES_MAX];

static void instance_add(struct super_block **tab, struct super_block *sb)
{
	for (int i = 0; i < INSTANCES_MAX; i++)
		if (!tab[i]) {
			tab[i] = sb;
			return;
		}
	pr_warn("devtmpfs: more than %d mounts of %s: later devices miss in one\n", INSTANCES_MAX,
		sb->type->name);
}

static void instance_del(struct super_block **tab, struct super_block *sb)
{
	for (int i = 0; i < INSTANCES_MAX; i++)
		if (tab[i] == sb)
			tab[i] = NULL;
}

/* Create e's node in the root of a devtmpfs; an existing name is kept. */
static int devtmpfs_mknod(struct super_block *sb, const struct device_ent *e)
{
	struct dentry *root = sb->root, *d;
	int err = lookup_one(root, e->name, strlen(e->name), &d);

	if (err)
		return err;
	if (d->inode) {
		d_put(d);
		return -EEXIST;
	}
	struct inode *dir = root->inode;
	err = dir->iops->create(dir, d, S_IFCHR | (e->mode & 07777), MKDEV(e->major, e->minor));
	if (!err)
		d->inode->uid = d->inode->gid = 0;
	d_put(d);
	return err;
}

static int devtmpfs_fill_super(struct super_block *sb, const char *source, unsigned long flags,
			       const void *data)
{
	int err = tmpfs_type.fill_super(sb, source, flags, data);

	if (err)
		return err;
	sb->root->inode->mode = S_IFDIR | 0755;
	for (unsigned int i = 0; i < ndevices; i++)
		devtmpfs_mknod(sb, &devices[i]);
	instance_add(dev_sbs, sb);
	return 0;
}

static void devtmpfs_kill_sb(struct super_block *sb)
{
	instance_del(dev_sbs, sb);
	tmpfs_type.kill_sb(sb);
}

struct fs_type devtmpfs_type = {
	.name = "devtmpfs",
	.fill_super = devtmpfs_fill_super,
	.kill_sb = devtmpfs_kill_sb,
};

void sysfs_instance_add(struct super_block *sb)
{
	instance_add(sys_sbs, sb);
}
void sysfs_instance_del(struct super_block *sb)
{
	instance_del(sys_sbs, sb);
}

void device_model_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	fs_register(&devtmpfs_type);
	fs_register(&sysfs_type);
}

int device_register(const char *cls, const char *name, unsigned int major, unsigned int minor,
		    uint32_t mode)
{
	size_t n = strlen(name);
	bool slash = false;

	for (size_t i = 0; i < n; i++)
		slash |= name[i] == '/';
	if (!n || n >= sizeof(devices[0].name) || strlen(cls) >= sizeof(devices[0].cls) || slash || (name[0] == '.' && (n == 1 || (n == 2 && name[1] == '.'))))
		return -EINVAL;
	device_model_init();
	vfs_lock();
	int err = 0;
	for (unsigned int i = 0; i < ndevices; i++)
		if (devices[i].major == major && devices[i].minor == minor)
			err = -EBUSY;
	if (!err && ndevices == DEVICES_MAX)
		err = -ENOSPC;
	if (!err) {
		struct device_ent *e = &devices[ndevices++];
		strlcpy(e->cls, cls, sizeof(e->cls));
		strlcpy(e->name, name, sizeof(e->name));
		e->major = major;
		e->minor = minor;
		e->mode = mode & 07777;
		for (int i = 0; i < INSTANCES_MAX; i++) {
			if (dev_sbs[i])
				devtmpfs_mknod(dev_sbs[i], e);
			if (sys_sbs[i])
				sysfs_add_device(sys_sbs[i], e);
		}
	}
	vfs_unlock();
	return err;
}

int devtmpfs_add(const char *name, unsigned int major, unsigned int minor, uint32_t mode)
{
	const char *cls = "misc";

	if (major == 1)
		cls = "mem";
	else if (major == 4 || major == 5)
		cls = "tty";
	return device_register(cls, name, major, minor, mode);
}
