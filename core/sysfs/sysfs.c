/*
 * sysfs.c - the "sysfs" filesystem, Linux's /sys as far as Socle has
 * objects to show:
 *   devices/virtual/<class>/<name>/{dev,uevent,subsystem,power/}  per device
 *   devices/platform/<id>/{uevent,modalias,of_node,subsystem}     per DT device
 *   bus/platform/{devices/<id> -> ..., drivers/}
 *   class/{mem,tty,misc}/<name> -> ../../devices/virtual/<class>/<name>
 *   dev/char/<major>:<minor> -> ../../devices/virtual/<class>/<name>
 *   firmware/devicetree/base/...   the boot device tree, one directory per
 *                                  node, one file of raw bytes per property
 *   firmware/fdt                   the flattened blob itself
 *   kernel/, module/, block/, fs/, hypervisor/, power/
 * Each mount builds its own read-only tree (kernfs.c); devices announced
 * later are added to every mounted instance.
 */
#include <kernel.h>
#include <fdt.h>
#include <mm.h>
#include <vfs.h>
#include "sysfs_internal.h"

/* ---- the device tree */

/* Linux recreates a "name" property (the node name without its unit
 * address) for version 16+ blobs that lack one. */
static void dt_add_name(struct dentry *dir, const char *nodename)
{
	size_t n = 0;

	while (nodename[n] && nodename[n] != '@')
		n++;
	char buf[64];
	n = MIN(n, sizeof(buf) - 1);
	memcpy(buf, nodename, n);
	buf[n] = '\0';
	kfs_file(dir, "name", 4, 0444, buf, n + 1, true, true);
}

static void dt_build(const struct fdt *f, int node, struct dentry *dir)
{
	bool has_name = false;

	for (int p = fdt_first_prop(f, node); p >= 0; p = fdt_next_prop(f, p)) {
		const char *name;
		int len;
		const void *val = fdt_prop_at(f, p, &name, &len);
		if (!val || len < 0 || !name[0])
			continue;
		has_name |= strcmp(name, "name") == 0;
		/* Linux keeps "security-*" properties root-only. */
		uint32_t mode = strncmp(name, "security-", 9) == 0 ? 0400 : 0444;
		kfs_file(dir, name, strlen(name), mode, val, (size_t)len, false, true);
	}
	if (!has_name)
		dt_add_name(dir, fdt_name(f, node));
	for (int c = fdt_first_child(f, node); c >= 0; c = fdt_next_sibling(f, c)) {
		const char *cn = fdt_name(f, c);
		struct dentry *cd = cn[0] ? kfs_mkdir(dir, cn, strlen(cn)) : NULL;
		if (cd)
			dt_build(f, c, cd);
	}
}

/* The DT path of node into buf ("/soc/uart@1000"); false if too long. */
static bool dt_path_of(const struct fdt *f, int node, char *buf, size_t size)
{
	int stack[16], n = 0;

	for (int c = node; c > 0 && n < 16; c = fdt_parent(f, c))
		stack[n++] = c;
	size_t len = 0;
	buf[0] = '\0';
	while (n-- > 0) {
		int w = snprintf(buf + len, size - len, "/%s", fdt_name(f, stack[n]));
		if (w < 0 || len + (size_t)w >= size)
			return false;
		len += (size_t)w;
	}
	return true;
}

/* One platform device for a DT node with "compatible", named like Linux's
 * of_device_make_bus_id: "<reg address>.<name>" or the full node name. */
static void dt_platform_device(const struct fdt *f, int node, struct dentry *root)
{
	char id[96], path[256], buf[512];
	const char *nm = fdt_name(f, node);
	size_t base = 0;
	uint64_t addr, size;

	while (nm[base] && nm[base] != '@')
		base++;
	if (fdt_reg(f, node, 0, &addr, &size))
		snprintf(id, sizeof(id), "%llx.%.*s", (unsigned long long)addr, (int)base, nm);
	else
		snprintf(id, sizeof(id), "%s", nm);
	if (!dt_path_of(f, node, path, sizeof(path)))
		return;
	struct dentry *plat = kfs_mkdir_p(root, "devices/platform");
	struct dentry *d = plat ? kfs_mkdir(plat, id, strlen(id)) : NULL;
	if (!d)
		return;
	int len;
	const char *compat = fdt_getprop(f, node, "compatible", &len);
	const char *type = fdt_prop_str(f, node, "device_type");
	/* uevent: OF_NAME, OF_FULLNAME, OF_COMPATIBLE_i, OF_COMPATIBLE_N. */
	int n = snprintf(buf, sizeof(buf), "OF_NAME=%.*s\nOF_FULLNAME=%s\n", (int)base, nm, path);
	int nc = 0;
	for (int o = 0; compat && o < len && n < (int)sizeof(buf);) {
		const char *s = compat + o;
		size_t sl = strnlen(s, (size_t)(len - o));
		n += snprintf(buf + n, sizeof(buf) - n, "OF_COMPATIBLE_%d=%.*s\n", nc++, (int)sl, s);
		o += (int)sl + 1;
	}
	if (n < (int)sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - n, "OF_COMPATIBLE_N=%d\n", nc);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	/* modalias: "of:N<name>T<type>C<compat>C<compat>..." */
	char alias[256];
	int a = snprintf(alias, sizeof(alias), "of:N%.*sT%s", (int)base, nm, type ? type : "");
	for (int o = 0; compat && o < len && a < (int)sizeof(alias);) {
		const char *s = compat + o;
		size_t sl = strnlen(s, (size_t)(len - o));
		a += snprintf(alias + a, sizeof(alias) - a, "C%.*s", (int)sl, s);
		o += (int)sl + 1;
	}
	if (a >= (int)sizeof(alias))
		a = sizeof(alias) - 1;
	if (n < (int)sizeof(buf) - (a + 10))
		n += snprintf(buf + n, sizeof(buf) - n, "MODALIAS=%s\n", alias);
	kfs_file(d, "uevent", 6, 0644, buf, (size_t)n, true, false);
	kfs_printf(d, "modalias", "%s\n", alias);
	snprintf(buf, sizeof(buf), "../../../firmware/devicetree/base%s", path);
	kfs_symlink(d, "of_node", buf);
	kfs_symlink(d, "subsystem", "../../../bus/platform");
	kfs_mkdir(d, "power", 5);
	struct dentry *bd = kfs_mkdir_p(root, "bus/platform/devices");
	if (bd) {
		snprintf(buf, sizeof(buf), "../../../devices/platform/%s", id);
		kfs_symlink(bd, id, buf);
	}
}

/* Linux makes platform devices of the root's children with "compatible"
 * and, recursively, of the children of simple buses. */
static void dt_platform(const struct fdt *f, int parent, struct dentry *root, int depth)
{
	for (int c = fdt_first_child(f, parent); c >= 0; c = fdt_next_sibling(f, c)) {
		if (!fdt_getprop(f, c, "compatible", NULL))
			continue;
		const char *st = fdt_prop_str(f, c, "status");
		if (st && strcmp(st, "okay") && strcmp(st, "ok"))
			continue;
		if (depth < 4 && (fdt_is_compatible(f, c, "simple-bus") ||
				  fdt_is_compatible(f, c, "simple-mfd")))
			dt_platform(f, c, root, depth + 1);
		else
			dt_platform_device(f, c, root);
	}
}

/* ---- character devices */

void sysfs_add_device(struct super_block *sb, const struct device_ent *e)
{
	char path[96], target[96];
	struct dentry *root = sb->root;

	snprintf(path, sizeof(path), "devices/virtual/%s/%s", e->cls, e->name);
	struct dentry *d = kfs_mkdir_p(root, path);
	if (!d)
		return;
	kfs_printf(d, "dev", "%u:%u\n", e->major, e->minor);
	if (e->mode != 0600)
		kfs_printf(d, "uevent", "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\nDEVMODE=%#o\n", e->major,
			   e->minor, e->name, e->mode);
	else
		kfs_printf(d, "uevent", "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\n", e->major, e->minor,
			   e->name);
	snprintf(target, sizeof(target), "../../../../class/%s", e->cls);
	kfs_symlink(d, "subsystem", target);
	kfs_mkdir(d, "power", 5);
	snprintf(path, sizeof(path), "class/%s", e->cls);
	struct dentry *cd = kfs_mkdir_p(root, path);
	snprintf(target, sizeof(target), "../../devices/virtual/%s/%s", e->cls, e->name);
	if (cd)
		kfs_symlink(cd, e->name, target);
	struct dentry *dc = kfs_mkdir_p(root, "dev/char");
	char num[24];
	snprintf(num, sizeof(num), "%u:%u", e->major, e->minor);
	if (dc)
		kfs_symlink(dc, num, target);
}

/* ---- the filesystem */

static int sysfs_build(struct super_block *sb)
{
	static const char *const dirs[] = {
		"block", "bus/platform/devices", "bus/platform/drivers", "class/mem", "class/tty",
		"dev/block", "dev/char", "devices/platform", "devices/system", "devices/virtual",
		"firmware/devicetree/base", "fs", "hypervisor", "kernel/mm", "module", "power",
	};
	struct dentry *root = sb->root;

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (!kfs_mkdir_p(root, dirs[i]))
			return -ENOMEM;
	struct dentry *k = kfs_mkdir_p(root, "kernel");
	kfs_printf(k, "uevent_seqnum", "%u\n", ndevices);
	kfs_printf(k, "uevent_helper", "\n");
	kfs_printf(k, "profiling", "0\n");
	kfs_printf(kfs_mkdir_p(root, "bus/platform"), "uevent", "");
	if (boot_fdt.blob) {
		struct dentry *fw = kfs_mkdir_p(root, "firmware");
		kfs_file(fw, "fdt", 3, 0400, boot_fdt.blob, boot_fdt.size, false, true);
		dt_build(&boot_fdt, fdt_root(&boot_fdt), kfs_mkdir_p(root, "firmware/devicetree/base"));
		dt_platform(&boot_fdt, fdt_root(&boot_fdt), root, 0);
	}
	for (unsigned int i = 0; i < ndevices; i++)
		sysfs_add_device(sb, &devices[i]);
	return 0;
}

static int sysfs_fill_super(struct super_block *sb, const char *source, unsigned long flags,
			    const void *data)
{
	int err = kfs_make_root(sb, 0555);

	if (!err)
		err = sysfs_build(sb);
	if (err) {
		if (sb->root)
			kfs_kill_sb(sb);
		return err;
	}
	sysfs_instance_add(sb);
	return 0;
}

static void sysfs_kill_sb(struct super_block *sb)
{
	sysfs_instance_del(sb);
	kfs_kill_sb(sb);
}

struct fs_type sysfs_type = {
	.name = "sysfs",
	.fill_super = sysfs_fill_super,
	.kill_sb = sysfs_kill_sb,
};
