/*
 * jobctl.c - sessions, process groups and the job control rules of a
 * controlling terminal; the setsid, setpgid, getpgid, getpgrp and getsid
 * system calls (Linux's kernel/sys.c rules).
 *
 * A tty records the session it controls (tty->session): a process's
 * controlling tty is the tty whose session is the process's sid.  So every
 * process of the session shares it, a new session (setsid) starts without
 * one, and a non-leader's TIOCNOTTY cannot drop it for that process alone
 * (Linux can; nothing common depends on it).
 */
#include <kernel.h>
#include <proc.h>
#include <sys/syscall.h>
#include <tty.h>

/* ---- process groups */

struct pgrp_walk {
	int pgid, sid, sig;
	int count;
	bool found;
};

static bool signal_one(struct proc *p, void *arg)
{
	struct pgrp_walk *w = arg;

	if (p->pgid == w->pgid && p->state == P_ALIVE) {
		struct ksiginfo si = { .signo = w->sig, .code = SI_KERNEL };
		if (signal_send(p, NULL, &si) == 0)
			w->count++;
	}
	return true;
}

int tty_signal_pgrp(int pgid, int sig)
{
	struct pgrp_walk w = { .pgid = pgid, .sig = sig };

	if (pgid <= 0)
		return 0;
	proc_for_each(signal_one, &w);
	return w.count;
}

static bool find_member(struct proc *p, void *arg)
{
	struct pgrp_walk *w = arg;

	if (p->pgid == w->pgid && (w->sid <= 0 || p->sid == w->sid)) {
		w->found = true;
		return false;
	}
	return true;
}

bool pgrp_exists(int pgid, int sid)
{
	struct pgrp_walk w = { .pgid = pgid, .sid = sid };

	proc_for_each(find_member, &w);
	return w.found;
}

/* A member whose parent is in another group of the same session keeps
 * the group from being orphaned. */
static bool find_anchor(struct proc *p, void *arg)
{
	struct pgrp_walk *w = arg;
	struct proc *q = p->parent;

	if (p->pgid != w->pgid || p->state != P_ALIVE || p->exiting)
		return true;
	if (q && q->state == P_ALIVE && q->pgid != w->pgid && q->sid == p->sid) {
		w->found = true;
		return false;
	}
	return true;
}

bool pgrp_is_orphaned(int pgid)
{
	struct pgrp_walk w = { .pgid = pgid };

	proc_for_each(find_anchor, &w);
	return !w.found;
}

/* ---- controlling terminal */

static bool is_session_leader(struct proc *p)
{
	return p->pid == p->sid;
}

void tty_maybe_set_ctty(struct tty *t)
{
	struct proc *p = proc_current();

	if (!p || !is_session_leader(p) || tty_of_proc(p))
		return;
	tty_check_session(t);
	if (t->session)
		return;
	t->session = p->sid;
	t->pgrp = p->pgid;
}

static bool sig_blocked_or_ignored(struct thread *th, struct proc *p, int sig)
{
	return (th->sigmask & SIGBIT(sig)) || p->sigact[sig - 1].handler == SIG_IGN;
}

int tty_check_change(struct tty *t, int sig)
{
	struct thread *th = thread_current();
	struct proc *p = th->proc;

	if (!p || tty_of_proc(p) != t || t->pgrp <= 0 || p->pgid == t->pgrp)
		return 0;
	if (sig_blocked_or_ignored(th, p, sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_is_orphaned(p->pgid))
		return -EIO;
	tty_signal_pgrp(p->pgid, sig);
	return -ERESTARTSYS;
}

void tty_session_leader_exit(struct proc *p)
{
	struct tty *t = tty_of_proc(p);

	if (!t || !is_session_leader(p))
		return;
	int pgrp = t->pgrp;
	t->session = 0;
	t->pgrp = 0;
	if (pgrp > 0) {
		tty_signal_pgrp(pgrp, SIGHUP);
		tty_signal_pgrp(pgrp, SIGCONT);
	}
}

/* ---- system calls */

long sys_setsid(const struct syscall_args *a)
{
	struct proc *p = proc_current();

	/* A group leader cannot leave its group; nor may the new session's
	 * id be the id of an existing group. */
	if (pgrp_exists(p->pid, 0))
		return -EPERM;
	p->sid = p->pid;
	p->pgid = p->pid;
	return p->sid;
}

long sys_setpgid(const struct syscall_args *a)
{
	struct proc *me = proc_current();
	int pid = (int)a->a[0], pgid = (int)a->a[1];

	if (pid == 0)
		pid = me->pid;
	if (pgid == 0)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	struct proc *p = proc_find(pid);
	if (!p)
		return -ESRCH;
	if (p->parent == me) {
		if (p->sid != me->sid)
			return -EPERM;
		if (p->did_exec)
			return -EACCES;	/* the child has called execve */
	} else if (p != me) {
		return -ESRCH;
	}
	if (is_session_leader(p))
		return -EPERM;
	if (pgid != pid && !pgrp_exists(pgid, me->sid))
		return -EPERM;
	p->pgid = pgid;
	return 0;
}

long sys_getpgid(const struct syscall_args *a)
{
	int pid = (int)a->a[0];
	struct proc *p = pid ? proc_find(pid) : proc_current();

	return p ? p->pgid : -ESRCH;
}

long sys_getpgrp(const struct syscall_args *a)
{
	return proc_current()->pgid;
}

long sys_getsid(const struct syscall_args *a)
{
	int pid = (int)a->a[0];
	struct proc *p = pid ? proc_find(pid) : proc_current();

	return p ? p->sid : -ESRCH;
}
