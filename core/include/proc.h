/*
 * proc.h - processes, their memory and their signals.
 *
 * A process (struct proc) owns an address space (struct mm), its signal
 * actions and its identity; it has one or more threads (struct thread,
 * sched.h), each with a kernel stack whose top holds the thread's user
 * register frame.  Room is left for what later issues add: file tables,
 * namespaces (a pointer per kind), cgroups, ptrace.
 */
#ifndef CORE_PROC_H
#define CORE_PROC_H

#include <hal/hal.h>
#include <kstring.h>
#include <sched.h>

/* ---- memory */

#define VM_READ		0x1	/* PROT_READ */
#define VM_WRITE	0x2	/* PROT_WRITE */
#define VM_EXEC		0x4	/* PROT_EXEC */
#define VM_GROWSDOWN	0x100	/* the stack */
#define VM_SHARED	0x200

struct vma {
	vaddr_t start, end;	/* [start, end), page aligned */
	unsigned int flags;	/* VM_* */
	struct vma *next;	/* sorted by address */
};

struct mm {
	struct hal_as *as;
	struct vma *vmas;
	vaddr_t brk_start, brk;
	vaddr_t stack_top;
	vaddr_t mmap_base;
	vaddr_t sigtramp;	/* rt_sigreturn trampoline page */
	/* The argument and environment strings exec put on the stack, for
	 * /proc/<pid>/cmdline and environ: [arg_start, arg_end) and
	 * [env_start, env_end), NUL-separated. */
	vaddr_t arg_start, arg_end, env_start, env_end;
	char exe[256];		/* resolved path of the executable ("": unknown) */
	int refs;
	spinlock_t lock;
};

struct mm *mm_create(void);
/* fork: a copy-on-write copy of mm; NULL when out of memory. */
struct mm *mm_dup(struct mm *mm);
void mm_put(struct mm *mm);
/* Add a mapping; -ENOMEM, -EINVAL for a range that overlaps or leaves
 * user space. */
int mm_add_vma(struct mm *mm, vaddr_t start, vaddr_t end, unsigned int flags);
struct vma *mm_find_vma(struct mm *mm, vaddr_t addr);
/* Remove [start, end), splitting mappings, freeing their pages. */
int mm_unmap(struct mm *mm, vaddr_t start, vaddr_t end);
int mm_protect(struct mm *mm, vaddr_t start, vaddr_t end, unsigned int prot);
/* Resolve a user fault at addr (HAL_FAULT_* access): 0 when the page is now
 * mapped, -EFAULT (SIGSEGV, no mapping or not allowed). */
int mm_fault(struct mm *mm, vaddr_t addr, unsigned int access);
/* Make sure [addr, addr+len) is mapped with access (for copies to user). */
int mm_populate(struct mm *mm, vaddr_t addr, size_t len, unsigned int access);
/* Find a free range of len bytes below mmap_base; 0 if none. */
vaddr_t mm_get_unmapped(struct mm *mm, size_t len);

/* Copies that fault pages in first, for system calls: bytes not copied. */
size_t copy_from_user(void *dst, vaddr_t usrc, size_t n);
size_t copy_to_user(vaddr_t udst, const void *src, size_t n);
/* A NUL-terminated user string into buf: its length, -EFAULT, or
 * -ENAMETOOLONG when it does not fit in size. */
long strncpy_from_user(char *buf, vaddr_t us, size_t size);

/* ---- signals */

#define NSIG		64
typedef uint64_t sigset_t;
#define SIGBIT(s)	(1ULL << ((s) - 1))

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31

#define SIG_DFL		0UL
#define SIG_IGN		1UL

/* sa_flags, the same values on all five arches. */
#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000

struct k_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	sigset_t mask;
};

/* Kernel-side siginfo, turned into Linux's 128-byte siginfo_t on delivery. */
struct ksiginfo {
	int signo, code, errno_;
	int pid, uid;
	int status;
	vaddr_t addr;
};

/* si_code values */
#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_TKILL	(-6)
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define BUS_ADRALN	1
#define ILL_ILLOPC	1
#define FPE_INTDIV	1
#define TRAP_BRKPT	1
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3

/* ---- processes */

enum proc_state { P_ALIVE, P_ZOMBIE };

struct proc {
	int pid;
	enum proc_state state;
	struct proc *parent;
	struct proc *children, *sibling;
	int exit_status;		/* wait status word, Linux encoding */
	int pgid, sid;
	uint32_t uid, euid, suid, gid, egid, sgid;
	uint32_t umask;
	struct mm *mm;
	struct k_sigaction sigact[NSIG];
	sigset_t pending;		/* process-wide pending signals */
	struct ksiginfo pending_info[NSIG];
	int nthreads;
	char comm[16];
	struct waitqueue child_wq;	/* wait4 sleeps here */
	struct waitqueue exit_wq;	/* woken when it becomes a zombie */
	struct thread *main_thread;
	struct thread *threads;		/* all threads, through proc_next */
	bool exiting;			/* exit_group in progress */
	bool stopped;			/* job-control stop */
	int stop_sig;
	bool report_stop, report_cont;	/* for wait4 WUNTRACED / WCONTINUED */
	struct waitqueue stop_wq;	/* stopped threads wait here for SIGCONT */
	int exit_signal;		/* sent to the parent at exit (SIGCHLD) */
	bool vfork_done;		/* exec or exit released a vfork parent */
	bool did_exec;			/* setpgid on a child that exec'd: EACCES */
	uint64_t itimer_deadline;	/* ITIMER_REAL, ktime_ns(); 0 = off */
	uint64_t itimer_interval;
	struct waitqueue vfork_wq;
	struct files *files;		/* open file table (core/include/file.h) */
	struct fs_ctx *fs;		/* cwd, root (core/fs) */
	struct proc *next_all;
};

/* Per-thread user state lives in struct thread (sched.h): proc, sigmask,
 * pending, clear_child_tid; these helpers reach it. */
struct proc *proc_current(void);
struct hal_trapframe *thread_user_tf(struct thread *t);
void proc_init(void);
struct proc *proc_find(int pid);
/*
 * proc_for_each - call fn for every process (zombies included) until it
 * returns false.  fn runs with the process list locked and interrupts off:
 * it must not sleep nor call proc_find; signal_send is fine.
 */
void proc_for_each(bool (*fn)(struct proc *p, void *arg), void *arg);
struct proc *proc_alloc(struct proc *parent);
void proc_free(struct proc *p);

/*
 * Run the ELF executable image[0..size) as a new process (the first one,
 * or for tests), with argv/envp; returns the new process or an ERR_PTR-like
 * NULL and *err.
 */
struct proc *proc_spawn_image(const void *image, size_t size, const char *const argv[],
			      const char *const envp[], struct files *files, struct fs_ctx *fs,
			      int *err);
/* Wait for a child of the calling kernel thread's process...; for the
 * self-tests: wait until p is a zombie and return its wait status. */
int proc_wait_zombie(struct proc *p);
void proc_reap(struct proc *p);

/* exec in the current process: replace its image. */
/* The first user process from a file of the root filesystem. */
struct proc *proc_spawn_init(const char *path, const char *const argv[], const char *const envp[],
			     struct files *files, struct fs_ctx *fs, int *err);

void proc_exit(int status) __noreturn;	/* exit_group(status) as a wait status */
void thread_exit_user(void) __noreturn;	/* exit(2): this thread only */
int alloc_pid(void);
void itimer_tick(void);			/* proc/itimer.c, from the tick */
void itimer_exit(struct proc *p);
/* Wake up to n waiters of the futex at uaddr in mm (proc/futex.c). */
int futex_wake(struct mm *mm, vaddr_t uaddr, int n);

/* Signals. */
int signal_send(struct proc *p, struct thread *t, const struct ksiginfo *info);
void signal_deliver_pending(struct hal_trapframe *tf);
void signal_force_fault(struct hal_trapframe *tf, const struct hal_trap_info *info);

/* core/procfs: record path (resolved in fs, following symlinks) as mm's
 * executable for /proc/<pid>/exe; left empty when it cannot be resolved.
 * Process context, vfs_lock not held; takes it. */
struct fs_ctx;
void procfs_record_exe(struct mm *mm, struct fs_ctx *fs, const char *path);

#endif
