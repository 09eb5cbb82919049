/*
 * signal.c - POSIX signals: sending, default actions, delivery to handlers
 * through the arch's Linux signal frame, and the signal system calls.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <sys/syscall.h>

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2
#define UNBLOCKABLE	(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

enum { ACT_TERM, ACT_CORE, ACT_IGN, ACT_STOP, ACT_CONT };

static int default_action(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH:
		return ACT_IGN;
	case SIGCONT:
		return ACT_CONT;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return ACT_STOP;
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
	case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return ACT_CORE;
	default:
		return ACT_TERM;
	}
}

static bool sig_ignored(struct proc *p, int sig)
{
	unsigned long h = p->sigact[sig - 1].handler;

	return h == SIG_IGN || (h == SIG_DFL && default_action(sig) == ACT_IGN);
}

#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

#define STOP_SIGS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))

bool signal_pending(struct thread *t)
{
	if (!t->proc)
		return false;
	uint64_t p = t->sigpending | t->proc->pending;
	return (p & ~t->sigmask) || (p & UNBLOCKABLE);
}

static void notify_parent_stop(struct proc *p, int code, int sig)
{
	struct proc *parent = p->parent;

	if (!parent)
		return;
	if (!(parent->sigact[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
		struct ksiginfo si = { .signo = SIGCHLD, .code = code, .pid = p->pid, .status = sig };
		signal_send(parent, NULL, &si);
	}
	wq_wake_all(&parent->child_wq);
}

/*
 * Queue a signal for process p (t == NULL: any thread) or thread t.
 * Ignored signals are dropped at once, as Linux does; SIGCONT resumes a
 * stopped process even when ignored, and a stop signal cancels a pending
 * SIGCONT (and the reverse).
 */
int signal_send(struct proc *p, struct thread *t, const struct ksiginfo *info)
{
	int sig = info->signo;

	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (p->state == P_ZOMBIE)
		return 0;
	unsigned long f = hal_irq_save();
	if (sig == SIGCONT || sig == SIGKILL) {
		p->pending &= ~STOP_SIGS;
		for (struct thread *th = p->threads; th; th = th->proc_next)
			th->sigpending &= ~STOP_SIGS;
		if (p->stopped) {
			p->stopped = false;
			p->report_cont = sig == SIGCONT;
			p->report_stop = false;
			wq_wake_all(&p->stop_wq);
			if (sig == SIGCONT)
				notify_parent_stop(p, 6 /* CLD_CONTINUED */, SIGCONT);
		}
	} else if (SIGBIT(sig) & STOP_SIGS) {
		p->pending &= ~SIGBIT(SIGCONT);
	}
	if (sig_ignored(p, sig) && sig != SIGKILL) {
		hal_irq_restore(f);
		return 0;
	}
	p->pending_info[sig - 1] = *info;
	if (t)
		t->sigpending |= SIGBIT(sig);
	else
		p->pending |= SIGBIT(sig);
	/* Wake a thread that can take it from an interruptible sleep. */
	if (t) {
		thread_interrupt(t);
	} else {
		for (struct thread *th = p->threads; th; th = th->proc_next)
			if (!(th->sigmask & SIGBIT(sig)) || sig == SIGKILL)
				thread_interrupt(th);
	}
	hal_irq_restore(f);
	return 0;
}

/* Stop the process until SIGCONT or SIGKILL (job control). */
static void do_stop(struct proc *p, int sig)
{
	p->stopped = true;
	p->stop_sig = sig;
	p->report_stop = true;
	p->report_cont = false;
	notify_parent_stop(p, 5 /* CLD_STOPPED */, sig);
	struct thread *t = thread_current();
	wait_event(&p->stop_wq, !p->stopped || ((t->sigpending | p->pending) & SIGBIT(SIGKILL)));
}

/* Linux's 128-byte siginfo_t from a ksiginfo. */
static void fill_siginfo(uint8_t out[128], const struct ksiginfo *k)
{
	memset(out, 0, 128);
	int32_t *i = (int32_t *)out;
	i[0] = k->signo;
	i[1] = k->errno_;
	i[2] = k->code;
	switch (k->signo) {
	case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
		if (k->code > 0) {
			*(uint64_t *)(out + 16) = k->addr;
			break;
		}
		/* fall through: sent by kill */
	default:
		i[4] = k->pid;
		i[5] = k->uid;
		if (k->signo == SIGCHLD)
			i[6] = k->status;
		break;
	}
}

static int status_for_signal(int sig, bool core)
{
	return (sig & 0x7f) | (core ? 0x80 : 0);
}

/* Deliver one signal to the current thread; false if none was pending. */
static bool deliver_one(struct hal_trapframe *tf)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;
	uint64_t ready = (t->sigpending | p->pending) & ~(t->sigmask & ~UNBLOCKABLE);

	if (!ready)
		return false;
	int sig = __builtin_ctzll(ready) + 1;
	struct ksiginfo info = p->pending_info[sig - 1];
	if (info.signo != sig) {
		memset(&info, 0, sizeof(info));
		info.signo = sig;
	}
	t->sigpending &= ~SIGBIT(sig);
	p->pending &= ~SIGBIT(sig);

	struct k_sigaction *act = &p->sigact[sig - 1];
	bool restart_pending = t->in_syscall && hal_tf_syscall_ret(tf) == -ERESTARTSYS;

	if (sig == SIGKILL || p->exiting)
		proc_exit(p->exiting ? p->exit_status : status_for_signal(SIGKILL, false));
	if (act->handler == SIG_IGN || (act->handler == SIG_DFL && sig != SIGKILL &&
	    (default_action(sig) == ACT_IGN || default_action(sig) == ACT_CONT))) {
		return true;	/* the restart decision waits for a real handler */
	}
	if (act->handler == SIG_DFL) {
		int a = default_action(sig);
		if (a == ACT_STOP) {
			do_stop(p, sig);
			return true;
		}
		proc_exit(status_for_signal(sig, a == ACT_CORE));
	}
	if (restart_pending) {
		if (act->flags & SA_RESTART)
			hal_tf_syscall_restart(tf);
		else
			hal_tf_set_syscall_ret(tf, -EINTR);
		t->in_syscall = false;
	}
	uint8_t si_bytes[128];
	fill_siginfo(si_bytes, &info);
	vaddr_t sp = hal_tf_sp(tf);
	bool on_alt = t->altstack_size && sp - t->altstack_sp < t->altstack_size;
	struct hal_signal_info hsi = {
		.sig = sig,
		.handler = act->handler,
		.restorer = (HAL_SA_RESTORER && !HAL_SIGNAL_OWN_TRAMPOLINE && (act->flags & SA_RESTORER))
				    ? act->restorer : p->mm->sigtramp,
		.siginfo = si_bytes,
		.saved_mask = t->saved_sigmask_valid ? t->saved_sigmask : t->sigmask,
		.stack_top = sp,
		.altstack_sp = t->altstack_sp,
		.altstack_size = t->altstack_size,
		.altstack_flags = t->altstack_size ? (on_alt ? SS_ONSTACK : 0) : SS_DISABLE,
	};
	/* SA_ONSTACK: switch to the alternate stack unless already on it. */
	if ((act->flags & SA_ONSTACK) && t->altstack_size && !on_alt)
		hsi.stack_top = t->altstack_sp + t->altstack_size;
	if (t->saved_sigmask_valid) {
		t->sigmask = t->saved_sigmask;
		t->saved_sigmask_valid = false;
	}
	if (hal_signal_deliver(p->mm->as, tf, &hsi) < 0) {
		/* No room for the frame: Linux forces SIGSEGV. */
		proc_exit(status_for_signal(SIGSEGV, true));
	}
	t->sigmask |= act->mask;
	if (!(act->flags & SA_NODEFER))
		t->sigmask |= SIGBIT(sig);
	t->sigmask &= ~UNBLOCKABLE;
	if (act->flags & SA_RESETHAND)
		act->handler = SIG_DFL;
	return true;
}

void signal_deliver_pending(struct hal_trapframe *tf)
{
	struct thread *t = thread_current();

	if (!t->proc)
		return;
	hal_irq_enable();
	while (deliver_one(tf))
		;
	/* A restartable call interrupted by nothing that handled it restarts. */
	if (t->in_syscall && hal_tf_syscall_ret(tf) == -ERESTARTSYS)
		hal_tf_syscall_restart(tf);
	t->in_syscall = false;
	if (t->saved_sigmask_valid) {
		t->sigmask = t->saved_sigmask;
		t->saved_sigmask_valid = false;
	}
	hal_irq_disable();
}

void signal_force_fault(struct hal_trapframe *tf, const struct hal_trap_info *info)
{
	struct thread *t = thread_current();
	struct ksiginfo si = { .addr = info->addr };

	switch (info->kind) {
	case HAL_TRAP_PAGE_FAULT:
		/* Like Linux: ACCERR when a mapping is there but forbids the
		 * access, MAPERR when nothing is mapped at the address. */
		si.signo = SIGSEGV;
		si.code = t->proc->mm && mm_find_vma(t->proc->mm, info->addr) ? SEGV_ACCERR : SEGV_MAPERR;
		break;
	case HAL_TRAP_BUS: si.signo = SIGBUS; si.code = 3; break;	/* BUS_OBJERR */
	case HAL_TRAP_ALIGN: si.signo = SIGBUS; si.code = BUS_ADRALN; break;
	case HAL_TRAP_ILLEGAL: si.signo = SIGILL; si.code = ILL_ILLOPC; break;
	case HAL_TRAP_ARITH: si.signo = SIGFPE; si.code = FPE_INTDIV; break;
	case HAL_TRAP_BREAKPOINT: si.signo = SIGTRAP; si.code = TRAP_BRKPT; break;
	default: si.signo = SIGSEGV; si.code = SI_KERNEL; break;
	}
	/* A fault while the signal is blocked or ignored kills (Linux's
	 * force_sig_info unblocks and resets it). */
	struct k_sigaction *act = &t->proc->sigact[si.signo - 1];
	if ((t->sigmask & SIGBIT(si.signo)) || act->handler == SIG_IGN) {
		t->sigmask &= ~SIGBIT(si.signo);
		act->handler = SIG_DFL;
	}
	signal_send(t->proc, t, &si);
}

/* ---- system calls */

long sys_rt_sigaction(const struct syscall_args *a)
{
	int sig = (int)a->a[0];
	size_t sz = a->a[3];
	struct proc *p = proc_current();
	unsigned long kact[4];
	/* Layout: handler, flags, [restorer,] mask. */
	const int nw = HAL_SA_RESTORER ? 4 : 3;

	if (sz != sizeof(sigset_t))
		return -EINVAL;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	struct k_sigaction *act = &p->sigact[sig - 1];
	if (a->a[2]) {
		unsigned long o[4] = { act->handler, act->flags, act->restorer, act->mask };
		if (nw == 3)
			o[2] = act->mask;
		if (copy_to_user(a->a[2], o, nw * sizeof(long)))
			return -EFAULT;
	}
	if (a->a[1]) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (copy_from_user(kact, a->a[1], nw * sizeof(long)))
			return -EFAULT;
		act->handler = kact[0];
		act->flags = kact[1];
		act->restorer = nw == 4 ? kact[2] : 0;
		act->mask = (nw == 4 ? kact[3] : kact[2]) & ~UNBLOCKABLE;
		/* Setting SIG_IGN (or a default of ignore) discards pending ones. */
		if (sig_ignored(p, sig)) {
			p->pending &= ~SIGBIT(sig);
			thread_current()->sigpending &= ~SIGBIT(sig);
		}
	}
	return 0;
}

long sys_rt_sigprocmask(const struct syscall_args *a)
{
	int how = (int)a->a[0];
	struct thread *t = thread_current();
	sigset_t set, old = t->sigmask;

	if (a->a[3] != sizeof(sigset_t))
		return -EINVAL;
	if (a->a[1]) {
		if (copy_from_user(&set, a->a[1], sizeof(set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK: t->sigmask |= set; break;
		case SIG_UNBLOCK: t->sigmask &= ~set; break;
		case SIG_SETMASK: t->sigmask = set; break;
		default: return -EINVAL;
		}
		t->sigmask &= ~UNBLOCKABLE;
	}
	if (a->a[2] && copy_to_user(a->a[2], &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigreturn(const struct syscall_args *a)
{
	struct thread *t = thread_current();
	uint64_t mask;

	if (hal_signal_return(t->proc->mm->as, a->tf, &mask) < 0) {
		struct ksiginfo si = { .signo = SIGSEGV, .code = SI_KERNEL };
		t->proc->sigact[SIGSEGV - 1].handler = SIG_DFL;
		signal_send(t->proc, t, &si);
	} else {
		t->sigmask = mask & ~UNBLOCKABLE;
	}
	t->syscall_noret = true;	/* the frame's registers stand as restored */
	t->in_syscall = false;
	return 0;
}

long sys_rt_sigpending(const struct syscall_args *a)
{
	struct thread *t = thread_current();
	sigset_t s = (t->sigpending | t->proc->pending) & t->sigmask;

	if (a->a[1] != sizeof(sigset_t))
		return -EINVAL;
	return copy_to_user(a->a[0], &s, sizeof(s)) ? -EFAULT : 0;
}

static long kill_proc(struct proc *p, int sig, int code)
{
	struct proc *me = proc_current();
	struct ksiginfo si = { .signo = sig, .code = code, .pid = me->pid, .uid = (int)me->uid };

	if (sig == 0)
		return 0;
	return signal_send(p, NULL, &si);
}

struct kill_walk {
	int pid, pgid, sig, found;
	struct proc *me;
};

static bool kill_one(struct proc *p, void *arg)
{
	struct kill_walk *w = arg;

	if (p->state == P_ZOMBIE)
		return true;
	if (w->pid == -1 ? p->pid != 1 && p != w->me : p->pgid == w->pgid) {
		struct ksiginfo si = { .signo = w->sig, .code = SI_USER, .pid = w->me->pid,
				       .uid = (int)w->me->uid };
		if (w->sig)
			signal_send(p, NULL, &si);
		w->found++;
	}
	return true;
}

long sys_kill(const struct syscall_args *a)
{
	int pid = (int)a->a[0], sig = (int)a->a[1];

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0) {
		struct proc *p = proc_find(pid);
		if (!p || p->state == P_ZOMBIE)
			return -ESRCH;
		return kill_proc(p, sig, SI_USER);
	}
	/* Process groups: pid 0 = caller's group, -1 = everyone, -N = group N. */
	struct kill_walk w = { .pid = pid, .pgid = pid == 0 ? proc_current()->pgid : -pid,
			       .sig = sig, .me = proc_current() };
	proc_for_each(kill_one, &w);
	int found = w.found;
	return found ? 0 : -ESRCH;
}

long sys_tgkill(const struct syscall_args *a)
{
	int tgid = (int)a->a[0], tid = (int)a->a[1], sig = (int)a->a[2];

	if (sig < 0 || sig > NSIG || tid <= 0)
		return -EINVAL;
	struct proc *p = proc_find(tgid);
	if (!p || p->state == P_ZOMBIE || !p->main_thread || p->main_thread->tid != tid)
		return -ESRCH;
	if (sig == 0)
		return 0;
	struct ksiginfo si = { .signo = sig, .code = SI_TKILL, .pid = proc_current()->pid };
	return signal_send(p, p->main_thread, &si);
}

long sys_tkill(const struct syscall_args *a)
{
	struct thread *t = thread_current();

	if ((int)a->a[0] != t->tid)
		return -ESRCH;
	struct syscall_args b = { .a = { (unsigned long)t->proc->pid, a->a[0], a->a[1] }, .tf = a->tf };
	return sys_tgkill(&b);
}

/* Sleep until a signal is pending; the caller returns -EINTR. */
static void sleep_for_signal(void)
{
	while (!signal_pending(thread_current()))
		thread_sleep_ticks_interruptible(3600 * HZ);
}

long sys_pause(const struct syscall_args *a)
{
	sleep_for_signal();
	return -EINTR;
}

long sys_rt_sigsuspend(const struct syscall_args *a)
{
	struct thread *t = thread_current();
	sigset_t set;

	if (a->a[1] != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, a->a[0], sizeof(set)))
		return -EFAULT;
	t->saved_sigmask = t->sigmask;
	t->saved_sigmask_valid = true;
	t->sigmask = set & ~UNBLOCKABLE;
	sleep_for_signal();
	return -EINTR;	/* the handler runs with the old mask saved in its frame */
}

long sys_sigaltstack(const struct syscall_args *a)
{
	struct thread *t = thread_current();
	struct { unsigned long sp; int flags; int pad; unsigned long size; } ss, old;
	vaddr_t sp = hal_tf_sp(a->tf);
	bool on = t->altstack_size && sp - t->altstack_sp < t->altstack_size;

	/* stack_t: ss_sp, ss_flags, ss_size (the same on all five arches). */
	old.sp = t->altstack_sp;
	old.size = t->altstack_size;
	old.flags = t->altstack_size ? (on ? SS_ONSTACK : 0) : SS_DISABLE;
	old.pad = 0;
	if (a->a[0]) {
		if (copy_from_user(&ss, a->a[0], sizeof(ss)))
			return -EFAULT;
		if (on)
			return -EPERM;
		unsigned int mode = (unsigned int)ss.flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->altstack_sp = 0;
			t->altstack_size = 0;
		} else {
			if (ss.size < MINSIGSTKSZ)
				return -ENOMEM;
			t->altstack_sp = ss.sp;
			t->altstack_size = ss.size;
		}
	}
	if (a->a[1] && copy_to_user(a->a[1], &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
