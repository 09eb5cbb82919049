/*
 * fork.c - clone, fork and vfork: new processes with copy-on-write memory,
 * and new threads sharing their process.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <file.h>
#include <vfs_ctx.h>
#include <sys/syscall.h>

#define CSIGNAL			0x000000ff
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWUTS		0x04000000
#define CLONE_NEWIPC		0x08000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_NEWNET		0x40000000
#define CLONE_IO		0x80000000UL

#define CLONE_NEWANY (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
		      CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

/* First run of a forked child or new thread: back to user mode with the
 * frame copied from its parent. */
static void child_entry(void *arg)
{
	struct thread *t = arg;
	struct hal_trapframe *tf = thread_user_tf(t);

	hal_irq_disable();
	core_trap_return(tf);
	hal_user_return(tf);
}

struct clone_req {
	unsigned long flags;
	vaddr_t newsp, ptid, ctid, tls;
	int exit_signal;
};

static long do_clone(const struct clone_req *r, struct hal_trapframe *ptf)
{
	struct thread *me = thread_current();
	struct proc *parent = me->proc;
	unsigned long fl = r->flags;

	/* Linux's consistency rules. */
	if ((fl & CLONE_THREAD) && !(fl & CLONE_SIGHAND))
		return -EINVAL;
	if ((fl & CLONE_SIGHAND) && !(fl & CLONE_VM))
		return -EINVAL;
	if ((fl & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if (fl & CLONE_NEWANY)
		return -EINVAL;	/* namespaces come with the containers issue */
	if ((fl & CLONE_SIGHAND) && !(fl & CLONE_THREAD))
		return -EINVAL;	/* a shared handler table without a shared process: not yet */

	struct proc *p = parent;
	if (!(fl & CLONE_THREAD)) {
		p = proc_alloc((fl & CLONE_PARENT) && parent->parent ? parent->parent : parent);
		if (!p)
			return -ENOMEM;
		if (fl & CLONE_VM) {
			p->mm = parent->mm;
			p->mm->refs++;
		} else {
			p->mm = mm_dup(parent->mm);
		}
		if (fl & CLONE_FILES) {
			p->files = parent->files;
			if (p->files)
				p->files->refs++;
		} else if (parent->files) {
			p->files = files_dup(parent->files);
		}
		if (fl & CLONE_FS) {
			p->fs = parent->fs;
			if (p->fs)
				fs_ctx_get(p->fs);
		} else if (parent->fs) {
			p->fs = fs_ctx_dup(parent->fs);
		}
		if (!p->mm || (parent->files && !p->files) || (parent->fs && !p->fs)) {
			if (p->mm)
				mm_put(p->mm);
			if (p->files)
				files_put(p->files);
			if (p->fs)
				fs_ctx_put(p->fs);
			proc_free(p);
			return -ENOMEM;
		}
		memcpy(p->sigact, parent->sigact, sizeof(p->sigact));
		memcpy(p->comm, parent->comm, sizeof(p->comm));
		p->exit_signal = r->exit_signal;
	}

	struct thread *t = kthread_create_stopped(p->comm, child_entry, NULL);
	if (!t) {
		if (p != parent) {
			mm_put(p->mm);
			if (p->files)
				files_put(p->files);
			if (p->fs)
				fs_ctx_put(p->fs);
			proc_free(p);
		}
		return -ENOMEM;
	}
	t->arg = t;
	t->proc = p;
	t->tid = p == parent ? alloc_pid() : p->pid;
	t->sigmask = me->sigmask;
	struct hal_trapframe *ctf = thread_user_tf(t);
	hal_user_state_copy(ctf, ptf);
	hal_tf_set_syscall_ret(ctf, 0);
	if (r->newsp)
		hal_tf_set_sp(ctf, r->newsp);
	if (fl & CLONE_SETTLS)
		hal_tf_set_tls(ctf, r->tls);
	if (fl & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = r->ctid;

	int tid = t->tid;
	if (fl & CLONE_PARENT_SETTID)
		copy_to_user(r->ptid, &tid, sizeof(tid));
	if (fl & CLONE_CHILD_SETTID) {
		/* Written in the child's memory: the same as ours with CLONE_VM,
		 * its COW copy otherwise. */
		if (p->mm == parent->mm)
			copy_to_user(r->ctid, &tid, sizeof(tid));
		else if (mm_populate(p->mm, r->ctid, sizeof(tid), HAL_FAULT_WRITE) == 0)
			hal_copy_to_user(p->mm->as, r->ctid, &tid, sizeof(tid));
	}

	unsigned long f = hal_irq_save();
	t->proc_next = p->threads;
	p->threads = t;
	p->nthreads++;
	if (p != parent)
		p->main_thread = t;
	hal_irq_restore(f);
	thread_start(t);

	if (fl & CLONE_VFORK) {
		/* The parent waits until the child execs or exits. */
		wait_event(&p->vfork_wq, p->vfork_done || p->state == P_ZOMBIE);
	}
	return tid;
}

long sys_clone(const struct syscall_args *a)
{
	struct clone_req r;

	switch (HAL_CLONE_ABI) {
	case 0:	/* flags, newsp, ptid, ctid, tls */
		r = (struct clone_req){ a->a[0], a->a[1], a->a[2], a->a[3], a->a[4], 0 };
		break;
	case 2:	/* newsp, flags, ptid, ctid, tls */
		r = (struct clone_req){ a->a[1], a->a[0], a->a[2], a->a[3], a->a[4], 0 };
		break;
	default:	/* flags, newsp, ptid, tls, ctid */
		r = (struct clone_req){ a->a[0], a->a[1], a->a[2], a->a[4], a->a[3], 0 };
		break;
	}
	r.exit_signal = (int)(r.flags & CSIGNAL);
	r.flags &= ~(unsigned long)CSIGNAL;
	if (r.exit_signal > NSIG)
		return -EINVAL;
	return do_clone(&r, a->tf);
}

long sys_fork(const struct syscall_args *a)
{
	struct clone_req r = { .exit_signal = SIGCHLD };
	return do_clone(&r, a->tf);
}

long sys_vfork(const struct syscall_args *a)
{
	struct clone_req r = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };
	return do_clone(&r, a->tf);
}
