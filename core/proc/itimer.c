/*
 * itimer.c - setitimer/getitimer/alarm: ITIMER_REAL sends SIGALRM when its
 * time comes, checked at every tick.  ITIMER_VIRTUAL and ITIMER_PROF need
 * CPU-time accounting, which Socle does not keep yet: they give -EINVAL.
 */
#include <kernel.h>
#include <proc.h>
#include <sys/syscall.h>

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2
#define NS_PER_SEC	1000000000ULL

struct k_itimerval {
	int64_t interval_sec, interval_usec;
	int64_t value_sec, value_usec;
};

/* Processes with an armed real timer (few): checked every tick. */
#define MAX_TIMERS 64
static struct proc *armed[MAX_TIMERS];
static spinlock_t itimer_lock = SPINLOCK_INIT("itimer");

static void arm(struct proc *p, uint64_t deadline, uint64_t interval)
{
	unsigned long f = spin_lock_irqsave(&itimer_lock);
	int free_slot = -1, mine = -1;

	for (int i = 0; i < MAX_TIMERS; i++) {
		if (armed[i] == p)
			mine = i;
		else if (!armed[i] && free_slot < 0)
			free_slot = i;
	}
	p->itimer_deadline = deadline;
	p->itimer_interval = interval;
	if (deadline && mine < 0 && free_slot >= 0)
		armed[free_slot] = p;
	if (!deadline && mine >= 0)
		armed[mine] = NULL;
	spin_unlock_irqrestore(&itimer_lock, f);
}

/* From the timer tick (interrupt context). */
void itimer_tick(void)
{
	uint64_t now = ktime_ns();

	spin_lock(&itimer_lock);
	for (int i = 0; i < MAX_TIMERS; i++) {
		struct proc *p = armed[i];
		if (!p || now < p->itimer_deadline)
			continue;
		if (p->state == P_ZOMBIE) {
			armed[i] = NULL;
			continue;
		}
		struct ksiginfo si = { .signo = SIGALRM, .code = SI_KERNEL };
		signal_send(p, NULL, &si);
		if (p->itimer_interval) {
			while (p->itimer_deadline <= now)
				p->itimer_deadline += p->itimer_interval;
		} else {
			p->itimer_deadline = 0;
			armed[i] = NULL;
		}
	}
	spin_unlock(&itimer_lock);
}

/* A process is going away: forget its timer. */
void itimer_exit(struct proc *p)
{
	if (p->itimer_deadline)
		arm(p, 0, 0);
}

static void current_value(struct proc *p, struct k_itimerval *v)
{
	uint64_t now = ktime_ns();
	uint64_t left = p->itimer_deadline > now ? p->itimer_deadline - now : 0;

	if (p->itimer_deadline && left == 0)
		left = 1000;	/* due now: report a non-zero time, as Linux */
	v->value_sec = (int64_t)(left / NS_PER_SEC);
	v->value_usec = (int64_t)(left % NS_PER_SEC / 1000);
	v->interval_sec = (int64_t)(p->itimer_interval / NS_PER_SEC);
	v->interval_usec = (int64_t)(p->itimer_interval % NS_PER_SEC / 1000);
}

long sys_getitimer(const struct syscall_args *a)
{
	struct k_itimerval v;

	if ((int)a->a[0] != ITIMER_REAL)
		return -EINVAL;	/* VIRTUAL and PROF: no CPU-time accounting yet */
	current_value(proc_current(), &v);
	return copy_to_user(a->a[1], &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_setitimer(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	struct k_itimerval nv, ov;

	if ((int)a->a[0] != ITIMER_REAL)
		return -EINVAL;
	if (a->a[1] && copy_from_user(&nv, a->a[1], sizeof(nv)))
		return -EFAULT;
	if (a->a[1] && (nv.value_usec < 0 || nv.value_usec >= 1000000 || nv.interval_usec < 0 ||
			nv.interval_usec >= 1000000 || nv.value_sec < 0 || nv.interval_sec < 0))
		return -EINVAL;
	current_value(p, &ov);
	if (a->a[1]) {
		uint64_t val = (uint64_t)nv.value_sec * NS_PER_SEC + (uint64_t)nv.value_usec * 1000;
		uint64_t iv = (uint64_t)nv.interval_sec * NS_PER_SEC + (uint64_t)nv.interval_usec * 1000;
		arm(p, val ? ktime_ns() + val : 0, val ? iv : 0);
	}
	if (a->a[2] && copy_to_user(a->a[2], &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}

long sys_alarm(const struct syscall_args *a)
{
	struct proc *p = proc_current();
	struct k_itimerval ov;
	unsigned int secs = (unsigned int)a->a[0];

	current_value(p, &ov);
	arm(p, secs ? ktime_ns() + (uint64_t)secs * NS_PER_SEC : 0, 0);
	/* Remaining seconds, rounded to nearest, at least 1 if any was left. */
	long left = (long)ov.value_sec + (ov.value_usec >= 500000);
	if (left == 0 && (ov.value_sec || ov.value_usec))
		left = 1;
	return left;
}
