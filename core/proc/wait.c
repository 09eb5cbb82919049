/*
 * wait.c - wait4 and waitid: collecting children that exited, stopped or
 * continued.
 */
#include <kernel.h>
#include <proc.h>
#include <sys/syscall.h>

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WSTOPPED	WUNTRACED
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

#define P_ALL	0
#define P_PID	1
#define P_PGID	2
#define P_PIDFD	3

enum { KIND_EXIT = 1, KIND_STOP, KIND_CONT };

struct wait_result {
	int pid, status, kind, uid;
};

static bool matches(struct proc *me, struct proc *c, int idtype, int id)
{
	switch (idtype) {
	case P_PID: return c->pid == id;
	case P_PGID: return c->pgid == (id ? id : me->pgid);
	default: return true;
	}
}

/* Look once through the children; 1 found, 0 none ready, -ECHILD none. */
static int scan(struct proc *me, int idtype, int id, int options, struct wait_result *r, struct proc **zombie)
{
	bool any = false;

	for (struct proc *c = me->children; c; c = c->sibling) {
		if (!matches(me, c, idtype, id))
			continue;
		any = true;
		if (c->state == P_ZOMBIE && (options & WEXITED)) {
			*r = (struct wait_result){ c->pid, c->exit_status, KIND_EXIT, (int)c->uid };
			*zombie = c;
			return 1;
		}
		if (c->state != P_ZOMBIE && c->stopped && c->report_stop && (options & WSTOPPED)) {
			if (!(options & WNOWAIT))
				c->report_stop = false;
			*r = (struct wait_result){ c->pid, 0x7f | (c->stop_sig << 8), KIND_STOP, (int)c->uid };
			return 1;
		}
		if (c->state != P_ZOMBIE && c->report_cont && (options & WCONTINUED)) {
			if (!(options & WNOWAIT))
				c->report_cont = false;
			*r = (struct wait_result){ c->pid, 0xffff, KIND_CONT, (int)c->uid };
			return 1;
		}
	}
	return any ? 0 : -ECHILD;
}

static int do_wait(int idtype, int id, int options, struct wait_result *r)
{
	struct proc *me = proc_current();

	for (;;) {
		struct proc *z = NULL;
		int found = scan(me, idtype, id, options, r, &z);
		if (found < 0)
			return found;
		if (found) {
			if (z && !(options & WNOWAIT))
				proc_reap(z);
			return r->pid;
		}
		if (options & WNOHANG)
			return 0;
		struct wait_result tmp;
		struct proc *tz;
		/* Peek (WNOWAIT) so that the check does not consume the event. */
		int err = wait_event_interruptible(&me->child_wq,
						   scan(me, idtype, id, options | WNOWAIT, &tmp, &tz) != 0);
		if (err)
			return err;
	}
}

long sys_wait4(const struct syscall_args *a)
{
	int pid = (int)a->a[0], options = (int)a->a[2];
	struct wait_result r;
	int idtype, id;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == -1) {
		idtype = P_ALL;
		id = 0;
	} else if (pid < -1) {
		idtype = P_PGID;
		id = -pid;
	} else if (pid == 0) {
		idtype = P_PGID;
		id = 0;
	} else {
		idtype = P_PID;
		id = pid;
	}
	long ret = do_wait(idtype, id, options | WEXITED, &r);
	if (ret > 0 && a->a[1] && copy_to_user(a->a[1], &r.status, sizeof(int)))
		return -EFAULT;
	if (ret > 0 && a->a[3]) {
		uint8_t ru[144];	/* struct rusage: no accounting yet, zeros */
		memset(ru, 0, sizeof(ru));
		if (copy_to_user(a->a[3], ru, sizeof(ru)))
			return -EFAULT;
	}
	return ret;
}

long sys_waitid(const struct syscall_args *a)
{
	int idtype = (int)a->a[0], id = (int)a->a[1], options = (int)a->a[3];
	struct wait_result r = { 0 };

	if (options & ~(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID)
		return -EINVAL;
	if (idtype == P_PID && id <= 0)
		return -EINVAL;
	long ret = do_wait(idtype, id, options, &r);
	if (ret < 0)
		return ret;
	if (a->a[2]) {
		/* siginfo_t: si_signo SIGCHLD, si_code CLD_*, pid, uid, status. */
		uint8_t si[128];
		memset(si, 0, sizeof(si));
		if (ret > 0) {
			int32_t *i = (int32_t *)si;
			i[0] = SIGCHLD;
			i[4] = r.pid;
			i[5] = r.uid;
			if (r.kind == KIND_EXIT) {
				bool sig = (r.status & 0x7f) != 0;
				i[2] = sig ? ((r.status & 0x80) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
				i[6] = sig ? (r.status & 0x7f) : (r.status >> 8) & 0xff;
			} else if (r.kind == KIND_STOP) {
				i[2] = 5;	/* CLD_STOPPED */
				i[6] = (r.status >> 8) & 0xff;
			} else {
				i[2] = 6;	/* CLD_CONTINUED */
				i[6] = SIGCONT;
			}
		}
		if (copy_to_user(a->a[2], si, sizeof(si)))
			return -EFAULT;
	}
	if (a->a[4]) {
		uint8_t ru[144];
		memset(ru, 0, sizeof(ru));
		if (copy_to_user(a->a[4], ru, sizeof(ru)))
			return -EFAULT;
	}
	return 0;
}
