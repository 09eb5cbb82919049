/*
 * proc.c - process table, exit and wait.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>

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

struct proc *proc_alloc(struct proc *parent)
{
	struct proc *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->child_wq = (struct waitqueue)WAITQUEUE_INIT("child");
	p->exit_wq = (struct waitqueue)WAITQUEUE_INIT("exit");
	p->umask = 022;
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

/* The calling thread's process ends with wait status 'status'. */
void proc_exit(int status)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;

	if (!p)
		panic("proc_exit from a kernel thread");
	hal_irq_enable();
	struct mm *mm = p->mm;
	p->mm = NULL;
	if (mm)
		mm_put(mm);
	/* Orphans go to init (pid 1), or are reaped by nobody for now. */
	unsigned long f = spin_lock_irqsave(&proc_lock);
	struct proc *init = all_procs;
	while (init && init->pid != 1)
		init = init->next_all;
	while (p->children) {
		struct proc *c = p->children;
		p->children = c->sibling;
		c->parent = init != p ? init : NULL;
		if (c->parent) {
			c->sibling = init->children;
			init->children = c;
		}
	}
	p->exit_status = status;
	p->state = P_ZOMBIE;
	spin_unlock_irqrestore(&proc_lock, f);
	if (p->parent) {
		struct ksiginfo si = { .signo = SIGCHLD, .pid = p->pid,
				       .code = (status & 0x7f) ? CLD_KILLED : CLD_EXITED,
				       .status = (status & 0x7f) ? (status & 0x7f) : (status >> 8) & 0xff };
		signal_send(p->parent, NULL, &si);
		wq_wake_all(&p->parent->child_wq);
	}
	wq_wake_all(&p->exit_wq);
	thread_exit();
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
