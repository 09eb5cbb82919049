/*
 * proc.c - process table, exit and wait.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <file.h>
#include <vfs_ctx.h>

static struct proc *all_procs;
static int next_pid = 1;
static spinlock_t proc_lock = SPINLOCK_INIT("proc");

struct proc *proc_current(void)
{
	return thread_current()->proc;
}

struct hal_trapframe *thread_user_tf(struct thread *t)
{
	return (struct hal_trapframe *)thread_kstack_top(t) - 1;
}

struct proc *proc_find(int pid)
{
	unsigned long f = spin_lock_irqsave(&proc_lock);
	struct proc *p = all_procs;

	while (p && p->pid != pid)
		p = p->next_all;
	spin_unlock_irqrestore(&proc_lock, f);
	return p;
}

void proc_for_each(bool (*fn)(struct proc *p, void *arg), void *arg)
{
	unsigned long f = spin_lock_irqsave(&proc_lock);

	for (struct proc *p = all_procs; p; p = p->next_all)
		if (!fn(p, arg))
			break;
	spin_unlock_irqrestore(&proc_lock, f);
}

struct proc *proc_alloc(struct proc *parent)
{
	struct proc *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->child_wq = (struct waitqueue)WAITQUEUE_INIT("child");
	p->exit_wq = (struct waitqueue)WAITQUEUE_INIT("exit");
	p->umask = 022;
	p->stop_wq = (struct waitqueue)WAITQUEUE_INIT("stop");
	p->vfork_wq = (struct waitqueue)WAITQUEUE_INIT("vfork");
	p->exit_signal = SIGCHLD;
	unsigned long f = spin_lock_irqsave(&proc_lock);
	p->pid = next_pid++;
	p->parent = parent;
	if (parent) {
		p->sibling = parent->children;
		parent->children = p;
		p->pgid = parent->pgid;
		p->sid = parent->sid;
		p->uid = parent->uid; p->euid = parent->euid; p->suid = parent->suid;
		p->gid = parent->gid; p->egid = parent->egid; p->sgid = parent->sgid;
		p->umask = parent->umask;
	} else {
		p->pgid = p->sid = p->pid;
	}
	p->next_all = all_procs;
	all_procs = p;
	spin_unlock_irqrestore(&proc_lock, f);
	return p;
}

void proc_free(struct proc *p)
{
	unsigned long f = spin_lock_irqsave(&proc_lock);
	if (p->pid == next_pid - 1)
		next_pid--;	/* a process that never ran gives its pid back */

	for (struct proc **pp = &all_procs; *pp; pp = &(*pp)->next_all)
		if (*pp == p) {
			*pp = p->next_all;
			break;
		}
	if (p->parent)
		for (struct proc **pp = &p->parent->children; *pp; pp = &(*pp)->sibling)
			if (*pp == p) {
				*pp = p->sibling;
				break;
			}
	spin_unlock_irqrestore(&proc_lock, f);
	kfree(p);
}

int alloc_pid(void)
{
	unsigned long f = spin_lock_irqsave(&proc_lock);
	int pid = next_pid++;
	spin_unlock_irqrestore(&proc_lock, f);
	return pid;
}

/* The last thread is gone: release everything but the zombie itself. */
extern void tty_session_leader_exit(struct proc *p) __attribute__((weak));

static void proc_finish(struct proc *p)
{
	struct mm *mm = p->mm;
	bool leader;

	itimer_exit(p);

	p->mm = NULL;
	if (mm)
		mm_put(mm);
	if (p->files)
		files_put(p->files);
	p->files = NULL;
	if (p->fs)
		fs_ctx_put(p->fs);
	p->fs = NULL;
	/* Orphans go to init (pid 1). */
	unsigned long f = spin_lock_irqsave(&proc_lock);
	struct proc *init = all_procs;
	while (init && init->pid != 1)
		init = init->next_all;
	bool zombie_orphans = false;
	while (p->children) {
		struct proc *c = p->children;
		p->children = c->sibling;
		c->parent = init != p ? init : NULL;
		if (c->parent) {
			c->sibling = init->children;
			init->children = c;
			zombie_orphans |= c->state == P_ZOMBIE;
		}
	}
	p->state = P_ZOMBIE;
	p->vfork_done = true;
	leader = p->pid == p->sid;
	spin_unlock_irqrestore(&proc_lock, f);
	wq_wake_all(&p->vfork_wq);
	/* A session leader's exit hangs up its controlling tty (SIGHUP). */
	if (leader && tty_session_leader_exit)
		tty_session_leader_exit(p);
	if (zombie_orphans && init)
		wq_wake_all(&init->child_wq);
	if (p->parent) {
		int st = p->exit_status;
		struct ksiginfo si = { .signo = p->exit_signal, .pid = p->pid,
				       .code = (st & 0x7f) ? ((st & 0x80) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED,
				       .status = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff };
		if (si.signo)
			signal_send(p->parent, NULL, &si);
		wq_wake_all(&p->parent->child_wq);
	}
	wq_wake_all(&p->exit_wq);
}

/* Dead threads other than a process's first are freed by the reaper. */
static struct thread *dead_threads;
static struct waitqueue reap_wq = WAITQUEUE_INIT("reap");

static void reaper(void *arg)
{
	for (;;) {
		wait_event(&reap_wq, dead_threads != NULL);
		unsigned long f = hal_irq_save();
		struct thread *t = dead_threads;
		dead_threads = t->proc_next;
		hal_irq_restore(f);
		thread_join(t);
	}
}

void proc_init(void)
{
	if (!kthread_create("reaper", reaper, NULL))
		panic("proc: cannot start the reaper thread");
}

void thread_exit_user(void)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;

	hal_irq_enable();
	if (t->clear_child_tid) {
		uint32_t zero = 0;
		if (copy_to_user(t->clear_child_tid, &zero, sizeof(zero)) == 0)
			futex_wake(p->mm, t->clear_child_tid, 1);
	}
	unsigned long f = spin_lock_irqsave(&proc_lock);
	for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->proc_next)
		if (*pp == t) {
			*pp = t->proc_next;
			break;
		}
	t->proc_next = NULL;
	bool last = --p->nthreads == 0;
	spin_unlock_irqrestore(&proc_lock, f);
	if (last)
		proc_finish(p);
	if (t != p->main_thread) {
		hal_irq_disable();
		t->proc_next = dead_threads;
		dead_threads = t;
		wq_wake_all(&reap_wq);
	}
	thread_exit();
}

/* exit_group: the whole process ends with wait status 'status'. */
void proc_exit(int status)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;

	if (!p)
		panic("proc_exit from a kernel thread");
	if (!p->exiting) {
		p->exiting = true;
		p->exit_status = status;
		/* The other threads die on their way back to user mode. */
		unsigned long f = hal_irq_save();
		for (struct thread *o = p->threads; o; o = o->proc_next)
			if (o != t) {
				o->sigpending |= SIGBIT(SIGKILL);
				thread_interrupt(o);
			}
		hal_irq_restore(f);
	}
	thread_exit_user();
}

int proc_wait_zombie(struct proc *p)
{
	wait_event(&p->exit_wq, p->state == P_ZOMBIE);
	return p->exit_status;
}

/* Free a zombie: its thread and its process structure. */
void proc_reap(struct proc *p)
{
	if (p->main_thread)
		thread_join(p->main_thread);
	proc_free(p);
}
