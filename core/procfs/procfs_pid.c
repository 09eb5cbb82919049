/*
 * procfs_pid.c - /proc/<pid>/: stat, status, statm, cmdline, environ, comm,
 * maps, mounts and the cwd, exe, root and fd/N links, in Linux's formats
 * (fs/proc/array.c, base.c, task_mmu.c).
 *
 * Processes are found by pid at each open or readlink; a process that
 * exits meanwhile gives -ESRCH.  Another process's memory (cmdline,
 * environ) is read through its address space with hal_copy_from_user:
 * pages that are not present read as the end of the data.
 */
#include <hal/hal.h>
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <tty.h>
#include <vfs.h>
#include "../fs/fs_internal.h"
#include "procfs_internal.h"

static struct thread *proc_thread(struct proc *p)
{
	return p->main_thread ? p->main_thread : p->threads;
}

/* Linux's task_state_array letter and word. */
static const char *state_name(struct proc *p)
{
	if (p->state == P_ZOMBIE)
		return "Z (zombie)";
	if (p->stopped)
		return "T (stopped)";
	struct thread *t = proc_thread(p);
	if (!t || t->state == T_DEAD)
		return "X (dead)";
	if (t->state == T_RUNNING || t->state == T_RUNNABLE)
		return "R (running)";
	return t->interruptible ? "S (sleeping)" : "D (disk sleep)";
}

struct vm_sums {
	unsigned long size, rss, stack, data, exec;	/* pages */
};

static void vm_sum(struct mm *mm, struct vm_sums *s)
{
	memset(s, 0, sizeof(*s));
	if (!mm)
		return;
	for (struct vma *v = mm->vmas; v; v = v->next) {
		unsigned long pages = (v->end - v->start) / HAL_PAGE_SIZE;
		s->size += pages;
		if (v->flags & VM_GROWSDOWN)
			s->stack += pages;
		else if ((v->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			s->data += pages;
		else if ((v->flags & (VM_EXEC | VM_WRITE)) == VM_EXEC)
			s->exec += pages;
		for (vaddr_t va = v->start; va < v->end; va += HAL_PAGE_SIZE)
			if (hal_as_query(mm->as, va, NULL, NULL) == 0)
				s->rss++;
	}
}

static unsigned long tty_nr_of(struct proc *p, int *tpgid)
{
	struct tty *t = tty_of_proc(p);

	*tpgid = -1;
	if (!t)
		return 0;
	*tpgid = t->pgrp ? t->pgrp : -1;
	/* The console is the only tty today: 5:1, encoded as Linux's stat. */
	uint32_t dev = MKDEV(5, 1);
	return (unsigned long)((MINOR(dev) & 0xff) | (MAJOR(dev) << 8) | ((MINOR(dev) & ~0xffu) << 12));
}

static void sig_sets(struct proc *p, sigset_t *ign, sigset_t *cgt)
{
	*ign = *cgt = 0;
	for (int s = 1; s <= NSIG; s++) {
		unsigned long h = p->sigact[s - 1].handler;
		if (h == SIG_IGN)
			*ign |= SIGBIT(s);
		else if (h != SIG_DFL)
			*cgt |= SIGBIT(s);
	}
}

static void gen_stat(struct pbuf *b, struct proc *p)
{
	struct vm_sums s;
	struct mm *mm = p->state == P_ZOMBIE ? NULL : p->mm;
	int tpgid;
	unsigned long tty = tty_nr_of(p, &tpgid);
	sigset_t ign, cgt;
	struct thread *t = proc_thread(p);

	vm_sum(mm, &s);
	sig_sets(p, &ign, &cgt);
	pb_printf(b, "%d (%s) %c %d %d %d %lu %d %u %lu %lu %lu %lu %lu %lu %ld %ld %ld %ld %d 0 %llu %lu %ld %lu ",
		  p->pid, p->comm, state_name(p)[0], p->parent ? p->parent->pid : 0, p->pgid, p->sid,
		  tty, tpgid, 0u, 0ul, 0ul, 0ul, 0ul, 0ul, 0ul, 0l, 0l, 20l, 0l, p->nthreads,
		  0ull, s.size * HAL_PAGE_SIZE, (long)s.rss, ~0ul);
	/* startcode endcode startstack kstkesp kstkeip, then the signal sets. */
	pb_printf(b, "%lu %lu %lu 0 0 %llu %llu %llu %llu 0 0 0 %d 0 0 0 0 0 0 ",
		  mm ? 1ul : 0ul, mm ? 1ul : 0ul, mm ? (unsigned long)mm->stack_top : 0ul,
		  (unsigned long long)p->pending, (unsigned long long)(t ? t->sigmask : 0),
		  (unsigned long long)ign, (unsigned long long)cgt, p->exit_signal);
	pb_printf(b, "0 0 %lu %lu %lu %lu %lu %d\n",
		  mm ? (unsigned long)mm->brk_start : 0ul,
		  mm ? (unsigned long)mm->arg_start : 0ul, mm ? (unsigned long)mm->arg_end : 0ul,
		  mm ? (unsigned long)mm->env_start : 0ul, mm ? (unsigned long)mm->env_end : 0ul,
		  p->state == P_ZOMBIE ? p->exit_status : 0);
}

static void kb(struct pbuf *b, const char *name, unsigned long pages)
{
	pb_printf(b, "%s:\t%8lu kB\n", name, pages * (HAL_PAGE_SIZE / 1024));
}

static int count_fds(struct files *f)
{
	int n = 0;

	if (!f)
		return 0;
	for (int i = 0; i < FD_MAX; i++)
		if (f->fd[i])
			n = i + 1;
	return n < 64 ? 64 : ALIGN_UP(n, 64);
}

static void gen_status(struct pbuf *b, struct proc *p)
{
	struct vm_sums s;
	struct mm *mm = p->state == P_ZOMBIE ? NULL : p->mm;
	sigset_t ign, cgt;
	struct thread *t = proc_thread(p);
	int ppid = p->parent ? p->parent->pid : 0;

	vm_sum(mm, &s);
	sig_sets(p, &ign, &cgt);
	pb_printf(b, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
		  "TracerPid:\t0\n", p->comm, p->umask, state_name(p), p->pid, p->pid, ppid);
	pb_printf(b, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t\n",
		  p->uid, p->euid, p->suid, p->euid, p->gid, p->egid, p->sgid, p->egid,
		  count_fds(p->files));
	pb_printf(b, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", p->pid, p->pid, p->pgid,
		  p->sid);
	if (mm) {
		kb(b, "VmPeak", s.size);
		kb(b, "VmSize", s.size);
		kb(b, "VmLck", 0);
		kb(b, "VmPin", 0);
		kb(b, "VmHWM", s.rss);
		kb(b, "VmRSS", s.rss);
		kb(b, "RssAnon", s.rss);
		kb(b, "RssFile", 0);
		kb(b, "RssShmem", 0);
		kb(b, "VmData", s.data);
		kb(b, "VmStk", s.stack);
		kb(b, "VmExe", s.exec);
		kb(b, "VmLib", 0);
		kb(b, "VmPTE", 0);
		kb(b, "VmSwap", 0);
	}
	pb_printf(b, "Threads:\t%d\nSigQ:\t0/0\n", p->nthreads);
	pb_printf(b, "SigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\nSigIgn:\t%016llx\n"
		  "SigCgt:\t%016llx\n", (unsigned long long)(t ? t->sigpending : 0),
		  (unsigned long long)p->pending, (unsigned long long)(t ? t->sigmask : 0),
		  (unsigned long long)ign, (unsigned long long)cgt);
	unsigned long long caps = p->euid == 0 ? 0x000001ffffffffffULL : 0;
	pb_printf(b, "CapInh:\t0000000000000000\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		  "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n", caps, caps);
	pb_printf(b, "NoNewPrivs:\t0\nSeccomp:\t0\nvoluntary_ctxt_switches:\t%llu\n"
		  "nonvoluntary_ctxt_switches:\t0\n", (unsigned long long)(t ? t->switches : 0));
}

static void gen_statm(struct pbuf *b, struct proc *p)
{
	struct vm_sums s;

	vm_sum(p->state == P_ZOMBIE ? NULL : p->mm, &s);
	pb_printf(b, "%lu %lu 0 %lu 0 %lu 0\n", s.size, s.rss, s.exec, s.data + s.stack);
}

/* [start, end) of p's memory, as far as it is present. */
static void gen_user_range(struct pbuf *b, struct proc *p, vaddr_t start, vaddr_t end)
{
	char chunk[256];

	if (p->state == P_ZOMBIE || !p->mm || end <= start)
		return;
	while (start < end) {
		size_t n = MIN(sizeof(chunk), (size_t)(end - start));
		/* Stop at a page boundary so a missing page ends the data. */
		size_t to_page = HAL_PAGE_SIZE - (start & (HAL_PAGE_SIZE - 1));
		n = MIN(n, to_page);
		if (hal_copy_from_user(p->mm->as, chunk, start, n))
			return;
		pb_write(b, chunk, n);
		start += n;
	}
}

static const char *vma_name(struct mm *mm, struct vma *v)
{
	if (v->flags & VM_GROWSDOWN)
		return "[stack]";
	if (mm->sigtramp && v->start == mm->sigtramp)
		return "[sigpage]";
	if (v->start >= mm->brk_start && v->start < ALIGN_UP(mm->brk, HAL_PAGE_SIZE) &&
	    mm->brk > mm->brk_start)
		return "[heap]";
	return NULL;
}

static void gen_maps(struct pbuf *b, struct proc *p)
{
	struct mm *mm = p->state == P_ZOMBIE ? NULL : p->mm;

	if (!mm)
		return;
	for (struct vma *v = mm->vmas; v; v = v->next) {
		size_t before = b->len;
		pb_printf(b, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ", (unsigned long)v->start,
			  (unsigned long)v->end, (v->flags & VM_READ) ? 'r' : '-',
			  (v->flags & VM_WRITE) ? 'w' : '-', (v->flags & VM_EXEC) ? 'x' : '-',
			  (v->flags & VM_SHARED) ? 's' : 'p', 0ull, 0u, 0u, 0ul);
		const char *name = vma_name(mm, v);
		if (name) {
			/* Linux pads the name to column 25 + 6 * sizeof(void *) - 1. */
			size_t col = 25 + 6 * sizeof(void *) - 1;
			while (b->len - before < col && !b->oom)
				pb_putc(b, ' ');
			pb_printf(b, "%s", name);
		}
		pb_putc(b, '\n');
	}
}

int procfs_pid_generate(struct inode *ino, struct pbuf *b)
{
	struct proc *p = proc_find(pino_pid(ino));

	if (!p)
		return -ESRCH;
	switch (pino_kind(ino)) {
	case PK_PID_STAT: gen_stat(b, p); break;
	case PK_PID_STATUS: gen_status(b, p); break;
	case PK_PID_STATM: gen_statm(b, p); break;
	case PK_PID_CMDLINE:
		if (p->mm)
			gen_user_range(b, p, p->mm->arg_start, p->mm->arg_end);
		break;
	case PK_PID_ENVIRON:
		if (p->mm)
			gen_user_range(b, p, p->mm->env_start, p->mm->env_end);
		break;
	case PK_PID_COMM: pb_printf(b, "%s\n", p->comm); break;
	case PK_PID_MAPS: gen_maps(b, p); break;
	case PK_PID_MOUNTS:
		vfs_lock();
		procfs_gen_mounts(b, p->fs);
		vfs_unlock();
		break;
	default:
		return -EIO;
	}
	return 0;
}

/* ---- links (vfs_lock held) */

bool procfs_fd_exists(int pid, int fd)
{
	struct proc *p = proc_find(pid);

	if (!p || !p->files || fd < 0 || fd >= FD_MAX)
		return false;
	return p->files->fd[fd] != NULL;
}

static long fd_link(struct proc *p, int fd, char *buf, size_t size)
{
	struct files *fs = p->files;
	long n = -ENOENT;

	if (!fs || fd < 0 || fd >= FD_MAX)
		return -ENOENT;
	/* The table's reference keeps the file alive while its lock is held;
	 * nothing below sleeps. */
	unsigned long fl = spin_lock_irqsave(&fs->lock);
	struct file *f = fs->fd[fd];
	if (f && f->dentry) {
		struct mount *m = file_mount(f);
		struct path pa = { m, f->dentry };
		struct fs_ctx *ctx = cur_fs() ? cur_fs() : p->fs;
		n = m && ctx ? path_to_string(ctx, &pa, buf, size) : -ENOENT;
	} else if (f && file_is_pipe(f)) {
		struct kstat st;
		pipe_stat(f, &st);
		n = snprintf(buf, size, "pipe:[%llu]", (unsigned long long)st.ino);
	} else if (f) {
		n = snprintf(buf, size, "anon_inode:[unknown]");
	}
	spin_unlock_irqrestore(&fs->lock, fl);
	return n;
}

long procfs_pid_readlink(struct inode *ino, char *buf, size_t size)
{
	struct proc *p = proc_find(pino_pid(ino));
	struct fs_ctx *ctx = cur_fs();

	if (!p)
		return -ENOENT;
	switch (pino_kind(ino)) {
	case PK_PID_CWD:
	case PK_PID_ROOT:
		if (!p->fs)
			return -ENOENT;
		return path_to_string(ctx ? ctx : p->fs,
				      pino_kind(ino) == PK_PID_CWD ? &p->fs->cwd : &p->fs->root, buf,
				      size);
	case PK_PID_EXE:
		if (p->state == P_ZOMBIE || !p->mm || !p->mm->exe[0])
			return -ENOENT;
		return (long)strlcpy(buf, p->mm->exe, size) >= (long)size ? -ENAMETOOLONG :
			(long)strlen(buf);
	case PK_PID_FD_LINK:
		return fd_link(p, pino_fd(ino), buf, size);
	default:
		return -EINVAL;
	}
}

void procfs_record_exe(struct mm *mm, struct fs_ctx *fs, const char *path)
{
	struct path p;

	mm->exe[0] = 0;
	vfs_lock();
	if (path_walk(fs, NULL, path, LOOKUP_FOLLOW, &p) == 0) {
		if (path_to_string(fs, &p, mm->exe, sizeof(mm->exe)) < 0)
			mm->exe[0] = 0;
		path_put(&p);
	}
	vfs_unlock();
}
