/*
 * sys_misc.c - identity, time and small system calls.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <file.h>
#include <sys/syscall.h>

#define CLOCK_REALTIME	0
#define CLOCK_MONOTONIC	1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME	7

/* Wall-clock time at boot, in ns since the epoch (no RTC driver yet). */
static uint64_t realtime_offset_ns = 1764806400ULL * 1000000000ULL;	/* 2025-12-04 */

struct k_timespec { int64_t sec; int64_t nsec; };

long sys_exit(const struct syscall_args *a)
{
	struct proc *p = proc_current();

	/* This thread only; the last one out sets the process's status. */
	if (!p->exiting)
		p->exit_status = ((int)a->a[0] & 0xff) << 8;
	thread_exit_user();
}

long sys_exit_group(const struct syscall_args *a)
{
	proc_exit(((int)a->a[0] & 0xff) << 8);
}

long sys_getpid(const struct syscall_args *a) { return proc_current()->pid; }
long sys_gettid(const struct syscall_args *a) { return thread_current()->tid; }
long sys_getuid(const struct syscall_args *a) { return proc_current()->uid; }
long sys_geteuid(const struct syscall_args *a) { return proc_current()->euid; }
long sys_getgid(const struct syscall_args *a) { return proc_current()->gid; }
long sys_getegid(const struct syscall_args *a) { return proc_current()->egid; }

long sys_getppid(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	return p->parent ? p->parent->pid : 0;
}

long sys_set_tid_address(const struct syscall_args *a)
{
	thread_current()->clear_child_tid = a->a[0];
	return thread_current()->tid;
}

long sys_sched_yield(const struct syscall_args *a)
{
	thread_yield();
	return 0;
}

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

char utsname_nodename[65] = "socle";

long sys_uname(const struct syscall_args *a)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));
	strlcpy(u.nodename, utsname_nodename, sizeof(u.nodename));
	strlcpy(u.release, "6.1.0-socle", sizeof(u.release));
	strlcpy(u.version, "#1 Socle " SOCLE_VERSION, sizeof(u.version));
	strlcpy(u.machine, hal_arch_name(), sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(a->a[0], &u, sizeof(u)) ? -EFAULT : 0;
}

static int clock_read(int clk, struct k_timespec *ts)
{
	uint64_t ns;

	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		ns = realtime_offset_ns + ktime_ns();
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:	/* approximations until CPU accounting */
	case CLOCK_THREAD_CPUTIME_ID:
		ns = ktime_ns();
		break;
	default:
		return -EINVAL;
	}
	ts->sec = (int64_t)(ns / 1000000000ULL);
	ts->nsec = (int64_t)(ns % 1000000000ULL);
	return 0;
}

long sys_clock_gettime(const struct syscall_args *a)
{
	struct k_timespec ts;
	int err = clock_read((int)a->a[0], &ts);

	if (err)
		return err;
	return copy_to_user(a->a[1], &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_gettimeofday(const struct syscall_args *a)
{
	struct k_timespec ts;

	clock_read(CLOCK_REALTIME, &ts);
	if (a->a[0]) {
		int64_t tv[2] = { ts.sec, ts.nsec / 1000 };
		if (copy_to_user(a->a[0], tv, sizeof(tv)))
			return -EFAULT;
	}
	if (a->a[1]) {
		int32_t tz[2] = { 0, 0 };
		if (copy_to_user(a->a[1], tz, sizeof(tz)))
			return -EFAULT;
	}
	return 0;
}

/* Sleep until the monotonic time reaches deadline_ns, or a signal. */
static int sleep_until(uint64_t deadline_ns)
{
	while (ktime_ns() < deadline_ns) {
		uint64_t left = deadline_ns - ktime_ns();
		uint64_t ticks = left / (1000000000ULL / HZ);
		if (thread_sleep_ticks_interruptible(ticks ? ticks : 1))
			return -EINTR;
	}
	return 0;
}

static long do_nanosleep(vaddr_t ureq, vaddr_t urem, int clk, bool absolute)
{
	struct k_timespec req;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.sec < 0 || req.nsec < 0 || req.nsec >= 1000000000)
		return -EINVAL;
	uint64_t ns = (uint64_t)req.sec * 1000000000ULL + (uint64_t)req.nsec;
	uint64_t now = ktime_ns(), deadline;
	if (absolute) {
		if (clk == CLOCK_REALTIME)
			ns = ns > realtime_offset_ns ? ns - realtime_offset_ns : 0;
		deadline = ns;
	} else {
		deadline = now + ns;
	}
	int err = sleep_until(deadline);
	if (err && urem && !absolute) {
		/* What was left, for the caller to sleep again. */
		uint64_t left = deadline > ktime_ns() ? deadline - ktime_ns() : 0;
		struct k_timespec rem = { (int64_t)(left / 1000000000ULL), (int64_t)(left % 1000000000ULL) };
		if (copy_to_user(urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return err;
}

long sys_nanosleep(const struct syscall_args *a)
{
	return do_nanosleep(a->a[0], a->a[1], CLOCK_MONOTONIC, false);
}

long sys_clock_nanosleep(const struct syscall_args *a)
{
	int clk = (int)a->a[0];

	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_BOOTTIME)
		return -EINVAL;
	return do_nanosleep(a->a[2], a->a[3], clk, a->a[1] & 1 /* TIMER_ABSTIME */);
}

long sys_getrandom(const struct syscall_args *a)
{
	static uint64_t s;
	size_t len = a->a[1];
	uint8_t buf[256];

	if (a->a[2] & ~7UL)
		return -EINVAL;
	if (len > 33554431)
		len = 33554431;
	if (!s)
		s = hal_timer_now() * 0x9e3779b97f4a7c15ULL | 1;
	size_t done = 0;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(buf));
		for (size_t i = 0; i < n; i++) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			buf[i] = (uint8_t)(s >> 32);
		}
		if (copy_to_user(a->a[0] + done, buf, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

/* x86_64's arch_prctl: the thread pointer through the HAL. */
long sys_arch_prctl(const struct syscall_args *a)
{
	switch (a->a[0]) {
	case ARCH_SET_FS:
		if (a->a[1] >= HAL_USER_TOP)
			return -EPERM;
		hal_tf_set_tls(a->tf, a->a[1]);
		return 0;
	case ARCH_GET_FS: {
		unsigned long v = hal_tf_tls(a->tf);
		return copy_to_user(a->a[1], &v, sizeof(v)) ? -EFAULT : 0;
	}
	}
	return -EINVAL;
}

/* ---- memory */

long sys_brk(const struct syscall_args *a)
{
	struct mm *mm = proc_current()->mm;
	vaddr_t want = a->a[0];

	if (want < mm->brk_start || want >= mm->mmap_base)
		return (long)mm->brk;
	vaddr_t old_end = ALIGN_UP(mm->brk, HAL_PAGE_SIZE), new_end = ALIGN_UP(want, HAL_PAGE_SIZE);
	if (new_end > old_end) {
		for (vaddr_t v = old_end; v < new_end; v += HAL_PAGE_SIZE)
			if (mm_find_vma(mm, v))
				return (long)mm->brk;
		/* Extend the brk mapping (merge with the previous one if it is ours). */
		struct vma *prev = old_end > mm->brk_start ? mm_find_vma(mm, old_end - 1) : NULL;
		if (prev && prev->end == old_end && prev->flags == (VM_READ | VM_WRITE))
			prev->end = new_end;
		else if (mm_add_vma(mm, old_end, new_end, VM_READ | VM_WRITE))
			return (long)mm->brk;
	} else if (new_end < old_end) {
		mm_unmap(mm, new_end, old_end);
	}
	mm->brk = want;
	return (long)want;
}

#define PROT_READ	1
#define PROT_WRITE	2
#define PROT_EXEC	4
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_FIXED_NOREPLACE 0x100000

long sys_mmap(const struct syscall_args *a)
{
	struct mm *mm = proc_current()->mm;
	vaddr_t addr = a->a[0];
	size_t len = a->a[1];
	unsigned long prot = a->a[2], flags = a->a[3];

	/* Linux's order of checks: the file first, then the mapping type. */
	if (!(flags & MAP_ANONYMOUS)) {
		struct proc *p = proc_current();
		struct file *f = p->files ? fd_get(p->files, (int)a->a[4]) : NULL;
		if (!f)
			return -EBADF;
		file_put(f);
		return -ENODEV;	/* file mappings come with the page cache */
	}
	if ((flags & (MAP_SHARED | MAP_PRIVATE)) == 0 || (flags & (MAP_SHARED | MAP_PRIVATE)) == 3)
		return -EINVAL;
	if (len == 0 || (addr & HAL_PAGE_MASK))
		return -EINVAL;
	if (prot & ~7UL)
		return -EINVAL;
	len = ALIGN_UP(len, HAL_PAGE_SIZE);
	if (len == 0 || len > HAL_USER_TOP)
		return -ENOMEM;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr >= HAL_USER_TOP || len > HAL_USER_TOP - addr || addr < HAL_PAGE_SIZE)
			return -ENOMEM;
		for (vaddr_t v = addr; v < addr + len; v += HAL_PAGE_SIZE)
			if (mm_find_vma(mm, v)) {
				if (flags & MAP_FIXED_NOREPLACE)
					return -EEXIST;
				mm_unmap(mm, addr, addr + len);
				break;
			}
	} else {
		addr = mm_get_unmapped(mm, len);
		if (!addr)
			return -ENOMEM;
	}
	unsigned int vf = (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
			  (prot & PROT_EXEC ? VM_EXEC : 0) | (flags & MAP_SHARED ? VM_SHARED : 0);
	int err = mm_add_vma(mm, addr, addr + len, vf);
	if (err)
		return err == -EINVAL ? -ENOMEM : err;
	return (long)addr;
}

long sys_munmap(const struct syscall_args *a)
{
	vaddr_t addr = a->a[0];
	size_t len = ALIGN_UP(a->a[1], HAL_PAGE_SIZE);

	if ((addr & HAL_PAGE_MASK) || a->a[1] == 0 || addr >= HAL_USER_TOP || len > HAL_USER_TOP - addr)
		return -EINVAL;
	return mm_unmap(proc_current()->mm, addr, addr + len);
}

long sys_mprotect(const struct syscall_args *a)
{
	vaddr_t addr = a->a[0];
	size_t len = ALIGN_UP(a->a[1], HAL_PAGE_SIZE);

	if ((addr & HAL_PAGE_MASK) || (a->a[2] & ~7UL))
		return -EINVAL;
	if (addr >= HAL_USER_TOP || len > HAL_USER_TOP - addr)
		return -ENOMEM;
	unsigned int vf = (a->a[2] & PROT_READ ? VM_READ : 0) | (a->a[2] & PROT_WRITE ? VM_WRITE : 0) |
			  (a->a[2] & PROT_EXEC ? VM_EXEC : 0);
	return mm_protect(proc_current()->mm, addr, addr + len, vf);
}
