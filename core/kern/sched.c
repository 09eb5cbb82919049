/*
 * sched.c - kernel threads and a preemptive round-robin scheduler.
 *
 * One run queue (FIFO), an idle thread that runs when it is empty, a time slice
 * of SLICE_TICKS timer ticks.  The scheduler runs with interrupts off;
 * preemption happens in core_trap_return() when the tick set need_resched.
 * Uniprocessor for now: sched_lock protects the queues and is dropped
 * before hal_ctx_switch() while interrupts stay off, which is safe on one
 * CPU; SMP will hand the lock over to the next thread instead.
 */
#include <kernel.h>
#include <mm.h>
#include <sched.h>
#include <proc.h>

#define SLICE_TICKS 2

volatile bool need_resched;
static struct thread boot_thread;	/* core_main's context: "kmain" */
static struct thread *idle;
static struct thread *current = &boot_thread;
static struct thread *rq_head, *rq_tail, *sleepers, *all_threads;
static spinlock_t sched_lock = SPINLOCK_INIT("sched");
static int next_tid = 1;
static unsigned int slice_left = SLICE_TICKS;
static struct waitqueue exit_wq = WAITQUEUE_INIT("exit");

struct thread *thread_current(void)
{
	return current;
}

static void rq_push(struct thread *t)
{
	t->rq_next = NULL;
	if (rq_tail)
		rq_tail->rq_next = t;
	else
		rq_head = t;
	rq_tail = t;
}

static struct thread *rq_pop(void)
{
	struct thread *t = rq_head;

	if (t) {
		rq_head = t->rq_next;
		if (!rq_head)
			rq_tail = NULL;
		t->rq_next = NULL;
	}
	return t;
}

/* Make t runnable; sched_lock held. */
static void make_runnable(struct thread *t)
{
	if (t->state == T_RUNNABLE || t->state == T_RUNNING)
		return;
	t->state = T_RUNNABLE;
	if (t != idle)
		rq_push(t);
}

/*
 * What a thread needs besides its registers: traps from user mode land on
 * its kernel stack, and its process's address space is the active one.
 */
static struct hal_as *active_as;

static void switch_to_user_context(struct thread *next)
{
	hal_set_kernel_stack(thread_kstack_top(next));
	if (next->proc && next->proc->mm && next->proc->mm->as != active_as) {
		active_as = next->proc->mm->as;
		hal_as_activate(active_as);
	}
}

/* An address space is going away: make sure no CPU still uses it. */
void sched_as_release(struct hal_as *as)
{
	unsigned long f = hal_irq_save();

	if (active_as == as) {
		active_as = hal_as_kernel();
		hal_as_activate(active_as);
	}
	hal_irq_restore(f);
}

/* Activate as now, for the running thread (exec). */
void sched_as_switch(struct hal_as *as)
{
	unsigned long f = hal_irq_save();

	if (active_as != as) {
		active_as = as;
		hal_as_activate(as);
	}
	hal_irq_restore(f);
}

static void idle_loop(void *arg)
{
	hal_irq_disable();
	for (;;) {
		if (rq_head || need_resched)
			schedule();
		else
			hal_cpu_idle();
	}
}

void sched_init(void)
{
	boot_thread.state = T_RUNNING;
	boot_thread.tid = 0;
	strlcpy(boot_thread.name, "kmain", sizeof(boot_thread.name));
	all_threads = &boot_thread;
	idle = kthread_create("idle", idle_loop, NULL);
	if (!idle)
		panic("sched: cannot create the idle thread");
	/* kthread_create queued it: the idle thread lives off the queue. */
	unsigned long f = spin_lock_irqsave(&sched_lock);
	rq_head = rq_tail = NULL;
	spin_unlock_irqrestore(&sched_lock, f);
}

void schedule(void)
{
	if (hal_irq_enabled())
		panic("schedule: interrupts on");
	spin_lock(&sched_lock);
	struct thread *prev = current;
	if (prev->state == T_RUNNING) {
		prev->state = T_RUNNABLE;
		if (prev != idle)
			rq_push(prev);
	}
	struct thread *next = rq_pop();
	if (!next)
		next = idle;
	need_resched = false;
	slice_left = SLICE_TICKS;
	next->state = T_RUNNING;
	spin_unlock(&sched_lock);
	if (next == prev)
		return;
	next->switches++;
	current = next;
	switch_to_user_context(next);
	hal_ctx_switch(&prev->ctx, &next->ctx);
}

void sched_tick(void)
{
	spin_lock(&sched_lock);
	for (struct thread **pp = &sleepers; *pp;) {
		struct thread *t = *pp;
		if (t->wake_tick <= jiffies) {
			*pp = t->wq_next;
			t->wq_next = NULL;
			make_runnable(t);
			need_resched = true;
		} else {
			pp = &t->wq_next;
		}
	}
	if (current == idle) {
		if (rq_head)
			need_resched = true;
	} else if (--slice_left == 0) {
		need_resched = true;
	}
	spin_unlock(&sched_lock);
}

static void thread_trampoline(void *arg)
{
	struct thread *t = arg;

	hal_irq_enable();
	t->fn(t->arg);
	thread_exit();
}

struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
	struct thread *t = kthread_create_stopped(name, fn, arg);

	if (t)
		thread_start(t);
	return t;
}

void thread_start(struct thread *t)
{
	unsigned long f = spin_lock_irqsave(&sched_lock);
	make_runnable(t);
	spin_unlock_irqrestore(&sched_lock, f);
}

struct thread *kthread_create_stopped(const char *name, void (*fn)(void *), void *arg)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->kstack = pmm_alloc(KSTACK_ORDER, false);
	if (!t->kstack) {
		kfree(t);
		return NULL;
	}
	strlcpy(t->name, name, sizeof(t->name));
	t->fn = fn;
	t->arg = arg;
	/* The top of the stack holds the thread's user state (hal/user.h);
	 * its kernel code runs below. */
	hal_ctx_init(&t->ctx, (char *)thread_kstack_top(t) - HAL_USER_STATE_SIZE,
		     thread_trampoline, t);
	unsigned long f = spin_lock_irqsave(&sched_lock);
	t->tid = next_tid++;
	t->state = T_SLEEPING;
	t->all_next = all_threads;
	all_threads = t;
	spin_unlock_irqrestore(&sched_lock, f);
	return t;
}

void thread_yield(void)
{
	unsigned long f = hal_irq_save();
	schedule();
	hal_irq_restore(f);
}

static int sleep_ticks(uint64_t ticks, bool intr)
{
	unsigned long f = spin_lock_irqsave(&sched_lock);
	if (intr && signal_pending(current)) {
		spin_unlock_irqrestore(&sched_lock, f);
		return -ERESTARTSYS;
	}
	current->wake_tick = jiffies + ticks;
	current->state = T_SLEEPING;
	current->interruptible = intr;
	current->sleep_wq = NULL;
	current->wq_next = sleepers;
	sleepers = current;
	spin_unlock(&sched_lock);
	schedule();
	current->interruptible = false;
	int r = intr && signal_pending(current) && jiffies < current->wake_tick ? -ERESTARTSYS : 0;
	hal_irq_restore(f);
	return r;
}

void thread_sleep_ticks(uint64_t ticks)
{
	sleep_ticks(ticks, false);
}

int thread_sleep_ticks_interruptible(uint64_t ticks)
{
	return sleep_ticks(ticks, true);
}

/* Unlink t from a singly linked list threaded through wq_next. */
static bool unlink_thread(struct thread **head, struct thread *t)
{
	for (struct thread **pp = head; *pp; pp = &(*pp)->wq_next)
		if (*pp == t) {
			*pp = t->wq_next;
			t->wq_next = NULL;
			return true;
		}
	return false;
}

void thread_interrupt(struct thread *t)
{
	unsigned long f = hal_irq_save();

	if (t->state == T_SLEEPING && t->interruptible) {
		struct waitqueue *wq = t->sleep_wq;
		if (wq) {
			spin_lock(&wq->lock);
			unlink_thread(&wq->head, t);
			spin_unlock(&wq->lock);
		}
		spin_lock(&sched_lock);
		if (!wq)
			unlink_thread(&sleepers, t);
		make_runnable(t);
		need_resched = true;
		spin_unlock(&sched_lock);
	}
	hal_irq_restore(f);
}

void thread_exit(void)
{
	hal_irq_disable();
	if (current == idle || current == &boot_thread)
		panic("thread_exit: thread %d cannot exit", current->tid);
	spin_lock(&exit_wq.lock);
	current->state = T_DEAD;
	spin_unlock(&exit_wq.lock);
	wq_wake_all(&exit_wq);
	schedule();
	panic("thread_exit: dead thread %d rescheduled", current->tid);
}

void thread_join(struct thread *t)
{
	wait_event(&exit_wq, t->state == T_DEAD);
	unsigned long f = spin_lock_irqsave(&sched_lock);
	for (struct thread **pp = &all_threads; *pp; pp = &(*pp)->all_next) {
		if (*pp == t) {
			*pp = t->all_next;
			break;
		}
	}
	spin_unlock_irqrestore(&sched_lock, f);
	pmm_free(t->kstack, KSTACK_ORDER);
	kfree(t);
}

/* Called with wq->lock held and interrupts off (*flags from the irqsave). */
void wq_sleep(struct waitqueue *wq, unsigned long *flags)
{
	current->state = T_SLEEPING;
	current->interruptible = false;
	current->sleep_wq = wq;
	current->wq_next = wq->head;
	wq->head = current;
	spin_unlock(&wq->lock);
	schedule();
	current->sleep_wq = NULL;
	spin_lock(&wq->lock);
	(void)flags;
}

int wq_sleep_interruptible(struct waitqueue *wq, unsigned long *flags)
{
	if (signal_pending(current))
		return -ERESTARTSYS;
	current->state = T_SLEEPING;
	current->interruptible = true;
	current->sleep_wq = wq;
	current->wq_next = wq->head;
	wq->head = current;
	spin_unlock(&wq->lock);
	schedule();
	current->interruptible = false;
	current->sleep_wq = NULL;
	spin_lock(&wq->lock);
	(void)flags;
	return signal_pending(current) ? -ERESTARTSYS : 0;
}

/* Woken with every other wait queue: poll/select sleep here (file.h). */
struct waitqueue poll_global_wq = WAITQUEUE_INIT("poll");

static void wq_wake_one_queue(struct waitqueue *wq);

void wq_wake_all(struct waitqueue *wq)
{
	wq_wake_one_queue(wq);
	if (wq != &poll_global_wq)
		wq_wake_one_queue(&poll_global_wq);
}

static void wq_wake_one_queue(struct waitqueue *wq)
{
	unsigned long f = spin_lock_irqsave(&wq->lock);
	struct thread *t = wq->head;
	wq->head = NULL;
	spin_unlock(&wq->lock);
	spin_lock(&sched_lock);
	while (t) {
		struct thread *n = t->wq_next;
		t->wq_next = NULL;
		t->sleep_wq = NULL;
		if (t->state == T_SLEEPING)
			make_runnable(t);
		t = n;
	}
	need_resched = true;
	spin_unlock(&sched_lock);
	hal_irq_restore(f);
}
