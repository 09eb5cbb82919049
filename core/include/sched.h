/*
 * sched.h - kernel threads, the preemptive round-robin scheduler and
 * wait queues.
 */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H

#include <hal/hal.h>
#include <sync.h>

#define KSTACK_ORDER	2	/* 16 KiB kernel stacks */
#define KSTACK_SIZE	(HAL_PAGE_SIZE << KSTACK_ORDER)

enum thread_state { T_RUNNABLE, T_RUNNING, T_SLEEPING, T_DEAD };

struct thread {
	struct hal_context ctx;		/* arch-defined saved registers */
	enum thread_state state;
	int tid;
	char name[16];
	paddr_t kstack;			/* physical base of the kernel stack */
	void (*fn)(void *);
	void *arg;
	struct thread *rq_next;		/* run queue link */
	struct thread *wq_next;		/* wait queue link */
	uint64_t wake_tick;		/* for thread_sleep_ticks */
	uint64_t switches;		/* times switched in */
	struct thread *all_next;
	/* User-mode state (NULL proc for kernel threads). */
	struct proc *proc;
	uint64_t sigmask;		/* blocked signals */
	uint64_t sigpending;		/* signals sent to this thread */
	vaddr_t clear_child_tid;
	bool in_syscall;		/* tf holds a syscall's result */
	bool interruptible;		/* a signal may end the current sleep */
	struct waitqueue *sleep_wq;	/* queue it sleeps on, if any */
	struct thread *proc_next;	/* the process's other threads */
	uint64_t saved_sigmask;		/* rt_sigsuspend: the mask to restore */
	bool saved_sigmask_valid;
	vaddr_t altstack_sp;		/* sigaltstack */
	size_t altstack_size;
	int altstack_flags;
	bool syscall_noret;		/* do not overwrite the result register */
};

/* Top of t's kernel stack (its user frame sits just below). */
static inline void *thread_kstack_top(struct thread *t)
{
	return (char *)hal_phys_to_virt(t->kstack) + KSTACK_SIZE;
}

struct waitqueue {
	spinlock_t lock;
	struct thread *head;
};
#define WAITQUEUE_INIT(n) { SPINLOCK_INIT(n), NULL }

void sched_init(void);
struct thread *thread_current(void);
/* Create a runnable kernel thread; NULL when out of memory. */
struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg);
/* The same, created blocked: thread_start() makes it runnable. */
struct thread *kthread_create_stopped(const char *name, void (*fn)(void *), void *arg);
void thread_start(struct thread *t);
void thread_exit(void) __noreturn;
void thread_yield(void);
void thread_sleep_ticks(uint64_t ticks);
/* Block until join target is dead, then free it. */
void thread_join(struct thread *t);
/* Called with interrupts disabled: pick the next thread. */
void schedule(void);
/* Set by the tick when the running thread has used its slice. */
extern volatile bool need_resched;
void sched_tick(void);

/* Address-space bookkeeping for core/proc (sched.c). */
void sched_as_release(struct hal_as *as);
void sched_as_switch(struct hal_as *as);

/* Wait queues: sleep until cond, re-checked after every wake-up. */
void wq_sleep(struct waitqueue *wq, unsigned long *flags);
/* The same, but a signal for the thread ends the sleep: -ERESTARTSYS. */
int wq_sleep_interruptible(struct waitqueue *wq, unsigned long *flags);
/* Sleep ticks unless a signal comes first (-ERESTARTSYS). */
int thread_sleep_ticks_interruptible(uint64_t ticks);
/* A signal arrived for t: end an interruptible sleep. */
void thread_interrupt(struct thread *t);
/* Is a signal pending for t (and not blocked)?  proc/signal.c */
bool signal_pending(struct thread *t);
#define wait_event_interruptible(wq, cond) ({ \
		int __r = 0; \
		unsigned long __f = spin_lock_irqsave(&(wq)->lock); \
		while (!(cond) && __r == 0) \
			__r = wq_sleep_interruptible((wq), &__f); \
		spin_unlock_irqrestore(&(wq)->lock, __f); \
		__r; \
	})
void wq_wake_all(struct waitqueue *wq);
/* Every wq_wake_all() also wakes this one: poll/select/epoll sleep on it
 * and re-check their files (simple and correct; precise per-file waits
 * can come later). */
extern struct waitqueue poll_global_wq;
#define wait_event(wq, cond) do { \
		unsigned long __f = spin_lock_irqsave(&(wq)->lock); \
		while (!(cond)) \
			wq_sleep((wq), &__f); \
		spin_unlock_irqrestore(&(wq)->lock, __f); \
	} while (0)

/* IRQ handlers (core/kern/trap.c). */
typedef void (*irq_handler_t)(unsigned int irq, void *arg);
int irq_register(unsigned int irq, irq_handler_t fn, void *arg);

/* Counters the self-tests look at. */
extern volatile uint64_t trap_breakpoints;
extern volatile uint64_t irq_count;

#endif
