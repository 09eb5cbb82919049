/*
 * procfs_gen.c - the system-wide files of /proc and /proc/sys/kernel, in
 * the formats Linux prints them (Linux fs/proc and the sysctl tables).
 */
#include <hal/hal.h>
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <stdarg.h>
#include <vfs.h>
#include "../fs/fs_internal.h"
#include "procfs_internal.h"

/* core/sys/sys_misc.c: uname's nodename, also /proc/sys/kernel/hostname. */
extern char utsname_nodename[65];
/* core/kern/trap.c: interrupts taken since boot. */
extern volatile uint64_t irq_count;

#define OSRELEASE	"6.1.0-socle"

/* ---- the text buffer */

static bool pb_grow(struct pbuf *b, size_t need)
{
	if (b->oom)
		return false;
	if (b->len + need + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 1024;
	while (cap < b->len + need + 1)
		cap *= 2;
	char *n = kmalloc(cap);
	if (!n) {
		b->oom = true;
		return false;
	}
	if (b->buf)
		memcpy(n, b->buf, b->len);
	kfree(b->buf);
	b->buf = n;
	b->cap = cap;
	return true;
}

void pb_write(struct pbuf *b, const void *p, size_t n)
{
	if (!pb_grow(b, n))
		return;
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = 0;
}

void pb_putc(struct pbuf *b, char c)
{
	pb_write(b, &c, 1);
}

void pb_printf(struct pbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		pb_write(b, small, (size_t)n);
		return;
	}
	if (!pb_grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* ---- mounts */

/* Linux escapes space, tab, newline and backslash as octal in /proc/mounts. */
static void pb_escaped(struct pbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			pb_printf(b, "\\%03o", (unsigned char)*s);
		else
			pb_putc(b, *s);
	}
}

void procfs_mount_opts(struct pbuf *b, const struct mount *m)
{
	pb_printf(b, "%s", (m->flags & MNT_RDONLY) ? "ro" : "rw");
	if (m->flags & MNT_NOSUID)
		pb_printf(b, ",nosuid");
	if (m->flags & MNT_NODEV)
		pb_printf(b, ",nodev");
	if (m->flags & MNT_NOEXEC)
		pb_printf(b, ",noexec");
	pb_printf(b, ",relatime");
}

void procfs_gen_mounts(struct pbuf *b, struct fs_ctx *fs)
{
	char *path = kmalloc(PATH_MAX);

	if (!path) {
		b->oom = true;
		return;
	}
	for (struct mount *m = mount_list; m; m = m->next) {
		struct path p = { m, m->root };
		long n = -ENOENT;
		if (fs)
			n = path_to_string(fs, &p, path, PATH_MAX);
		if (n < 0)
			strlcpy(path, "/", PATH_MAX);
		pb_escaped(b, m->source ? m->source : "none");
		pb_putc(b, ' ');
		pb_escaped(b, path);
		pb_printf(b, " %s ", m->sb->type->name);
		procfs_mount_opts(b, m);
		pb_printf(b, " 0 0\n");
	}
	kfree(path);
}

/* ---- the files */

static void kb_line(struct pbuf *b, const char *name, unsigned long kb)
{
	char label[32];

	snprintf(label, sizeof(label), "%s:", name);
	pb_printf(b, "%-16s%8lu kB\n", label, kb);
}

static void gen_meminfo(struct pbuf *b)
{
	unsigned long kpp = HAL_PAGE_SIZE / 1024;
	unsigned long total = pmm_total_pages() * kpp, free = pmm_free_pages() * kpp;
	static const char *const zero[] = {
		"Buffers", "Cached", "SwapCached", "Active", "Inactive", "Active(anon)",
		"Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked",
		"SwapTotal", "SwapFree", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem",
	};

	/* tmpfs pages are Linux's Shmem, counted in Cached too. */
	unsigned long shmem = 0;
	vfs_lock();
	for (struct mount *m = mount_list; m; m = m->next) {
		bool seen = false;
		for (struct mount *o = mount_list; o != m; o = o->next)
			seen |= o->sb == m->sb;
		if (!seen && m->sb->type == &tmpfs_type)
			shmem += (unsigned long)tmpfs_pages_used(m->sb) * kpp;
	}
	vfs_unlock();
	kb_line(b, "MemTotal", total);
	kb_line(b, "MemFree", free);
	kb_line(b, "MemAvailable", free);
	for (size_t i = 0; i < ARRAY_SIZE(zero); i++)
		kb_line(b, zero[i], strcmp(zero[i], "Cached") == 0 || strcmp(zero[i], "Shmem") == 0 ?
			shmem : 0);
	kb_line(b, "Slab", (unsigned long)(kheap_in_use() / 1024));
}

static void gen_cpuinfo(struct pbuf *b)
{
	/* One CPU today; the common keys of Linux's per-arch show_cpuinfo. */
	pb_printf(b, "processor\t: 0\n");
	pb_printf(b, "model name\t: %s\n", hal_cpu_model());
	pb_printf(b, "architecture\t: %s\n", hal_arch_name());
	pb_printf(b, "timebase\t: %llu\n", (unsigned long long)hal_timer_freq());
	pb_printf(b, "\n");
}

static void gen_uptime(struct pbuf *b)
{
	uint64_t ns = ktime_ns();

	/* No idle accounting yet: idle time is printed as 0. */
	pb_printf(b, "%llu.%02llu 0.00\n", (unsigned long long)(ns / 1000000000),
		  (unsigned long long)(ns % 1000000000 / 10000000));
}

struct count_arg {
	int procs, running, last;
};

static bool count_proc(struct proc *p, void *arg)
{
	struct count_arg *c = arg;

	c->procs++;
	if (p->state == P_ALIVE && p->main_thread &&
	    (p->main_thread->state == T_RUNNING || p->main_thread->state == T_RUNNABLE))
		c->running++;
	if (p->pid > c->last)
		c->last = p->pid;
	return true;
}

static void gen_loadavg(struct pbuf *b)
{
	struct count_arg c = { 0, 0, 0 };

	proc_for_each(count_proc, &c);
	/* No load average is computed yet: 0.00 for the three figures. */
	pb_printf(b, "0.00 0.00 0.00 %d/%d %d\n", c.running, c.procs, c.last);
}

static void gen_stat(struct pbuf *b)
{
	struct count_arg c = { 0, 0, 0 };
	uint64_t ticks = jiffies;

	proc_for_each(count_proc, &c);
	/* No CPU time accounting yet: every tick is counted as idle. */
	pb_printf(b, "cpu  0 0 0 %llu 0 0 0 0 0 0\n", (unsigned long long)ticks);
	pb_printf(b, "cpu0 0 0 0 %llu 0 0 0 0 0 0\n", (unsigned long long)ticks);
	pb_printf(b, "intr %llu\n", (unsigned long long)irq_count);
	pb_printf(b, "ctxt %llu\n", (unsigned long long)thread_current()->switches);
	pb_printf(b, "processes %d\n", c.last);
	pb_printf(b, "procs_running %d\n", c.running ? c.running : 1);
	pb_printf(b, "procs_blocked 0\n");
}

static void gen_filesystems(struct pbuf *b)
{
	/* The registered types, in Linux's registration order (vfs.c keeps
	 * its list private): every one here is a "nodev" filesystem. */
	static const char *const names[] = {
		"sysfs", "tmpfs", "bdev", "proc", "cgroup", "cgroup2", "devtmpfs", "debugfs",
		"tracefs", "securityfs", "sockfs", "pipefs", "ramfs", "hugetlbfs", "devpts",
		"mqueue", "pstore", "autofs",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (fs_find(names[i]))
			pb_printf(b, "nodev\t%s\n", names[i]);
}

static void gen_devices(struct pbuf *b)
{
	static const struct { unsigned int major; const char *name; } chr[] = {
		{ 1, "mem" }, { 4, "tty" }, { 5, "/dev/tty" }, { 5, "/dev/console" },
	};

	pb_printf(b, "Character devices:\n");
	for (size_t i = 0; i < ARRAY_SIZE(chr); i++)
		pb_printf(b, "%3u %s\n", chr[i].major, chr[i].name);
	pb_printf(b, "\nBlock devices:\n");
}

static void gen_interrupts(struct pbuf *b)
{
	/* Per-line counts are not kept yet: the total and the timer ticks. */
	pb_printf(b, "           CPU0       \n");
	pb_printf(b, "LOC: %10llu   Local timer interrupts\n", (unsigned long long)jiffies);
	pb_printf(b, "ALL: %10llu   All interrupts\n", (unsigned long long)irq_count);
}

int procfs_generate(struct inode *ino, struct pbuf *b)
{
	switch (pino_kind(ino)) {
	case PK_MEMINFO: gen_meminfo(b); break;
	case PK_CPUINFO: gen_cpuinfo(b); break;
	case PK_UPTIME: gen_uptime(b); break;
	case PK_LOADAVG: gen_loadavg(b); break;
	case PK_VERSION:
		pb_printf(b, "Linux version " OSRELEASE " (socle@socle) (clang) #1 Socle "
			  SOCLE_VERSION "\n");
		break;
	case PK_CMDLINE:
		pb_printf(b, "%s\n", kernel_cmdline ? kernel_cmdline : "");
		break;
	case PK_FILESYSTEMS: gen_filesystems(b); break;
	case PK_STAT: gen_stat(b); break;
	case PK_DEVICES: gen_devices(b); break;
	case PK_INTERRUPTS: gen_interrupts(b); break;
	case PK_MODULES: break;
	case PK_PARTITIONS: pb_printf(b, "major minor  #blocks  name\n\n"); break;
	case PK_HOSTNAME: pb_printf(b, "%s\n", utsname_nodename); break;
	case PK_OSTYPE: pb_printf(b, "Linux\n"); break;
	case PK_OSRELEASE: pb_printf(b, OSRELEASE "\n"); break;
	case PK_PRINTK: pb_printf(b, "%d\t4\t1\t7\n", console_loglevel); break;
	default: return procfs_pid_generate(ino, b);
	}
	return 0;
}

static bool is_admin(void)
{
	struct proc *p = proc_current();

	return !p || p->euid == 0;
}

long procfs_write(struct inode *ino, vaddr_t ubuf, size_t n)
{
	char buf[65];
	size_t k = MIN(n, sizeof(buf) - 1);

	switch (pino_kind(ino)) {
	case PK_HOSTNAME:
		if (!is_admin())
			return -EPERM;
		if (n > 64)
			return -EINVAL;
		if (copy_from_user(buf, ubuf, k))
			return -EFAULT;
		buf[k] = 0;
		if (k && buf[k - 1] == '\n')
			buf[--k] = 0;
		strlcpy(utsname_nodename, buf, sizeof(utsname_nodename));
		return (long)n;
	case PK_PRINTK:
		if (!is_admin())
			return -EPERM;
		if (copy_from_user(buf, ubuf, k))
			return -EFAULT;
		buf[k] = 0;
		if (buf[0] < '0' || buf[0] > '9')
			return -EINVAL;
		console_loglevel = buf[0] - '0';
		return (long)n;
	case PK_PID_COMM: {
		struct proc *p = proc_find(pino_pid(ino));
		if (!p)
			return -ESRCH;
		if (p != proc_current())
			return -EINVAL;
		k = MIN(n, sizeof(p->comm) - 1);
		if (copy_from_user(buf, ubuf, k))
			return -EFAULT;
		buf[k] = 0;
		if (k && buf[k - 1] == '\n')
			buf[--k] = 0;
		strlcpy(p->comm, buf, sizeof(p->comm));
		return (long)n;
	}
	default:
		return -EIO;
	}
}
