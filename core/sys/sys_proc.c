/*
 * sys_proc.c - credentials, resource limits and process information.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sys/syscall.h>

#define RLIM_NLIMITS	16
#define RLIM_INFINITY	(~0UL)
#define RLIMIT_CPU	0
#define RLIMIT_FSIZE	1
#define RLIMIT_DATA	2
#define RLIMIT_STACK	3
#define RLIMIT_CORE	4
#define RLIMIT_NOFILE	7
#define RLIMIT_NPROC	6
#define RLIMIT_MEMLOCK	8
#define RLIMIT_AS	9
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE	12

/* Linux's defaults for init; one table for every process until limits are
 * enforced per process. */
static unsigned long rlim[RLIM_NLIMITS][2] = {
	[RLIMIT_CPU] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_FSIZE] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_DATA] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_STACK] = { 8UL << 20, RLIM_INFINITY },
	[RLIMIT_CORE] = { 0, RLIM_INFINITY },
	[5] = { RLIM_INFINITY, RLIM_INFINITY },		/* RSS */
	[RLIMIT_NPROC] = { 4096, 4096 },
	[RLIMIT_NOFILE] = { 1024, 4096 },
	[RLIMIT_MEMLOCK] = { 8UL << 20, 8UL << 20 },
	[RLIMIT_AS] = { RLIM_INFINITY, RLIM_INFINITY },
	[10] = { RLIM_INFINITY, RLIM_INFINITY },	/* LOCKS */
	[RLIMIT_SIGPENDING] = { 1024, 1024 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[13] = { 0, 0 },				/* NICE */
	[14] = { 0, 0 },				/* RTPRIO */
	[15] = { RLIM_INFINITY, RLIM_INFINITY },	/* RTTIME */
};

long sys_prlimit64(const struct syscall_args *a)
{
	int pid = (int)a->a[0];
	unsigned int res = (unsigned int)a->a[1];

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid != 0 && !proc_find(pid))
		return -ESRCH;
	unsigned long nl[2];
	if (a->a[2]) {
		if (copy_from_user(nl, a->a[2], sizeof(nl)))
			return -EFAULT;
		if (nl[0] > nl[1])
			return -EINVAL;
		if (nl[1] > rlim[res][1] && proc_current()->euid != 0)
			return -EPERM;
	}
	if (a->a[3] && copy_to_user(a->a[3], rlim[res], sizeof(rlim[res])))
		return -EFAULT;
	if (a->a[2]) {
		rlim[res][0] = nl[0];
		rlim[res][1] = nl[1];
	}
	return 0;
}

long sys_getrlimit(const struct syscall_args *a)
{
	struct syscall_args b = { .a = { 0, a->a[0], 0, a->a[1] }, .tf = a->tf };
	return sys_prlimit64(&b);
}

long sys_setrlimit(const struct syscall_args *a)
{
	struct syscall_args b = { .a = { 0, a->a[0], a->a[1], 0 }, .tf = a->tf };
	return sys_prlimit64(&b);
}

/* ---- credentials: root may set anything; others only among their ids. */

static bool may_set(struct proc *p, uint32_t id, uint32_t r, uint32_t e, uint32_t s)
{
	return p->euid == 0 || id == r || id == e || id == s;
}

long sys_setuid(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	uint32_t id = (uint32_t)a->a[0];

	if (id == (uint32_t)-1)
		return -EINVAL;
	if (p->euid == 0) {
		p->uid = p->euid = p->suid = id;
		return 0;
	}
	if (id != p->uid && id != p->suid)
		return -EPERM;
	p->euid = id;
	return 0;
}

long sys_setgid(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	uint32_t id = (uint32_t)a->a[0];

	if (id == (uint32_t)-1)
		return -EINVAL;
	if (p->euid == 0) {
		p->gid = p->egid = p->sgid = id;
		return 0;
	}
	if (id != p->gid && id != p->sgid)
		return -EPERM;
	p->egid = id;
	return 0;
}

static long set_res(uint32_t *r, uint32_t *e, uint32_t *s, uint32_t nr, uint32_t ne, uint32_t ns,
		    struct proc *p)
{
	const uint32_t keep = (uint32_t)-1;

	if ((nr != keep && !may_set(p, nr, *r, *e, *s)) || (ne != keep && !may_set(p, ne, *r, *e, *s)) ||
	    (ns != keep && !may_set(p, ns, *r, *e, *s)))
		return -EPERM;
	if (nr != keep)
		*r = nr;
	if (ne != keep)
		*e = ne;
	if (ns != keep)
		*s = ns;
	return 0;
}

long sys_setresuid(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	return set_res(&p->uid, &p->euid, &p->suid, (uint32_t)a->a[0], (uint32_t)a->a[1], (uint32_t)a->a[2], p);
}

long sys_setresgid(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	return set_res(&p->gid, &p->egid, &p->sgid, (uint32_t)a->a[0], (uint32_t)a->a[1], (uint32_t)a->a[2], p);
}

long sys_setreuid(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	uint32_t r = (uint32_t)a->a[0], e = (uint32_t)a->a[1];
	uint32_t s = (r != (uint32_t)-1 || (e != (uint32_t)-1 && e != p->uid)) ? (e != (uint32_t)-1 ? e : p->euid)
									: (uint32_t)-1;
	return set_res(&p->uid, &p->euid, &p->suid, r, e, s, p);
}

long sys_setregid(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	uint32_t r = (uint32_t)a->a[0], e = (uint32_t)a->a[1];
	uint32_t s = (r != (uint32_t)-1 || (e != (uint32_t)-1 && e != p->gid)) ? (e != (uint32_t)-1 ? e : p->egid)
									: (uint32_t)-1;
	return set_res(&p->gid, &p->egid, &p->sgid, r, e, s, p);
}

long sys_getresuid(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	if (copy_to_user(a->a[0], &p->uid, 4) || copy_to_user(a->a[1], &p->euid, 4) ||
	    copy_to_user(a->a[2], &p->suid, 4))
		return -EFAULT;
	return 0;
}

long sys_getresgid(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	if (copy_to_user(a->a[0], &p->gid, 4) || copy_to_user(a->a[1], &p->egid, 4) ||
	    copy_to_user(a->a[2], &p->sgid, 4))
		return -EFAULT;
	return 0;
}

long sys_getgroups(const struct syscall_args *a)
{
	/* No supplementary groups yet. */
	if ((int)a->a[0] < 0)
		return -EINVAL;
	return 0;
}

long sys_setgroups(const struct syscall_args *a)
{
	if (proc_current()->euid != 0)
		return -EPERM;
	if (a->a[0] > 65536)
		return -EINVAL;
	return a->a[0] == 0 ? 0 : -EINVAL;	/* only the empty list until groups exist */
}

/* ---- information */

long sys_sysinfo(const struct syscall_args *a)
{
	struct {
		long uptime;
		unsigned long loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
		unsigned short procs, pad;
		unsigned long totalhigh, freehigh;
		unsigned int mem_unit;
		char _f[20 - 2 * sizeof(long) - sizeof(int)];
	} si;

	memset(&si, 0, sizeof(si));
	si.uptime = (long)(ktime_ns() / 1000000000ULL);
	si.totalram = pmm_total_pages() * HAL_PAGE_SIZE;
	si.freeram = pmm_free_pages() * HAL_PAGE_SIZE;
	si.procs = 1;
	si.mem_unit = 1;
	return copy_to_user(a->a[0], &si, sizeof(si)) ? -EFAULT : 0;
}

long sys_times(const struct syscall_args *a)
{
	long t[4] = { 0, 0, 0, 0 };	/* no CPU accounting yet */

	if (a->a[0] && copy_to_user(a->a[0], t, sizeof(t)))
		return -EFAULT;
	return (long)(jiffies);
}

long sys_getrusage(const struct syscall_args *a)
{
	uint8_t ru[144];
	int who = (int)a->a[0];

	if (who != 0 && who != -1 && who != 1)	/* SELF, CHILDREN, THREAD */
		return -EINVAL;
	memset(ru, 0, sizeof(ru));
	return copy_to_user(a->a[1], ru, sizeof(ru)) ? -EFAULT : 0;
}

long sys_sched_getaffinity(const struct syscall_args *a)
{
	size_t len = a->a[1];
	unsigned long mask = 1;	/* one CPU */

	if (len < sizeof(mask) || (len & (sizeof(long) - 1)))
		return -EINVAL;
	if (copy_to_user(a->a[2], &mask, sizeof(mask)))
		return -EFAULT;
	return sizeof(mask);
}

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_SET_NAME	15
#define PR_GET_NAME	16

long sys_prctl(const struct syscall_args *a)
{
	struct proc *p = proc_current();

	switch (a->a[0]) {
	case PR_SET_NAME: {
		char name[16];
		long n = strncpy_from_user(name, a->a[1], sizeof(name));
		if (n == -ENAMETOOLONG) {
			if (copy_from_user(name, a->a[1], 15))
				return -EFAULT;
			name[15] = '\0';
		} else if (n < 0) {
			return n;
		}
		strlcpy(p->comm, name, sizeof(p->comm));
		return 0;
	}
	case PR_GET_NAME:
		return copy_to_user(a->a[1], p->comm, sizeof(p->comm)) ? -EFAULT : 0;
	case PR_SET_PDEATHSIG:
		return a->a[1] <= NSIG ? 0 : -EINVAL;
	}
	return -EINVAL;
}

long sys_madvise(const struct syscall_args *a)
{
	if (a->a[0] & HAL_PAGE_MASK)
		return -EINVAL;
	return 0;	/* advice only */
}

#define LINUX_REBOOT_MAGIC1	0xfee1dead
#define LINUX_REBOOT_MAGIC2	672274793
#define LINUX_REBOOT_MAGIC2A	85072278
#define LINUX_REBOOT_MAGIC2B	369367448
#define LINUX_REBOOT_MAGIC2C	537993216
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xcdef0123
#define LINUX_REBOOT_CMD_CAD_ON		0x89abcdef
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321fedc
#define LINUX_REBOOT_CMD_RESTART2	0xa1b2c3d4

long sys_reboot(const struct syscall_args *a)
{
	unsigned int m1 = (unsigned int)a->a[0], m2 = (unsigned int)a->a[1], cmd = (unsigned int)a->a[2];

	if (m1 != LINUX_REBOOT_MAGIC1 || (m2 != LINUX_REBOOT_MAGIC2 && m2 != LINUX_REBOOT_MAGIC2A &&
					   m2 != LINUX_REBOOT_MAGIC2B && m2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	if (proc_current()->euid != 0)
		return -EPERM;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_POWER_OFF:
		pr_emerg("reboot: Power down\n");
		hal_irq_disable();
		hal_poweroff(0);
	case LINUX_REBOOT_CMD_HALT:
		pr_emerg("reboot: System halted\n");
		hal_irq_disable();
		hal_cpu_halt();
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		pr_emerg("reboot: Restarting system\n");
		hal_irq_disable();
		hal_reboot();
	}
	return -EINVAL;
}
