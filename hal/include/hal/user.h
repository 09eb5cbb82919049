/*
 * hal/user.h - user mode: entering it, system calls, thread pointer, signal
 * frames and the ELF auxiliary vector.
 *
 * The user-mode register state of a thread is the struct hal_trapframe at
 * the top of its kernel stack: every trap from user mode saves it exactly
 * there (hal_set_kernel_stack() says where that is) and every return to user
 * mode restores it from there.  Core builds, copies (fork) and edits
 * (syscall results, signal delivery) that frame only through this header.
 *
 * Calls from user mode reach core as follows (arch trap code):
 *   system call instruction  -> core_trap_syscall(tf)
 *   fault/illegal/breakpoint -> core_trap_exception(tf, &info), with
 *                               hal_tf_from_user(tf) true
 *   interrupt                -> as from kernel mode
 * and every return to user mode, whatever the cause, goes through
 * core_trap_return(tf) first (signal delivery, rescheduling).
 */
#ifndef HAL_USER_H
#define HAL_USER_H

#include <hal/types.h>

struct hal_trapframe;
struct hal_as;

/* Arch -> core: a system call instruction was executed in user mode.
 * Interrupts may be enabled by core during the call. */
void core_trap_syscall(struct hal_trapframe *tf);

/*
 * HAL_USER_STATE_SIZE - bytes at the top of every kernel stack that hold
 * the thread's user state: the struct hal_trapframe, plus whatever the arch
 * keeps just below it (FPU area...).  Kernel code of the thread runs below
 * this.  The arch defines it in <arch/hal_arch.h> when it is larger than
 * the frame; a multiple of 16.
 */
#ifndef HAL_USER_STATE_SIZE
#define HAL_USER_STATE_SIZE ((sizeof(struct hal_trapframe) + 15) & ~(size_t)15)
#endif

/*
 * hal_set_kernel_stack - the kernel stack whose top is top belongs to the
 * thread about to run: traps from user mode must save their frame at
 * (struct hal_trapframe *)top - 1.  Called by the scheduler before each
 * hal_ctx_switch() to a thread, interrupts disabled.
 */
void hal_set_kernel_stack(void *top);

/*
 * hal_tf_init_user - make *tf the initial user state of a new program:
 * every register zero (what Linux gives a fresh exec on this arch), user
 * mode with interrupts enabled, the given pc and stack pointer.  Any
 * context.
 */
void hal_tf_init_user(struct hal_trapframe *tf, vaddr_t pc, vaddr_t sp);

/*
 * hal_user_return - restore *tf and return to user mode.  tf must be the
 * frame at the top of the current thread's kernel stack.  Called with
 * interrupts disabled, after core_trap_return(); never returns.  Used to
 * start a new program (exec) or a new thread or child (clone, fork).
 */
void hal_user_return(struct hal_trapframe *tf) __noreturn;

/* System call number and arguments 0..5 as the arch's Linux ABI passes
 * them, and the return value (a negative errno on failure). */
unsigned long hal_tf_syscall_nr(const struct hal_trapframe *tf);
unsigned long hal_tf_syscall_arg(const struct hal_trapframe *tf, int i);
void hal_tf_set_syscall_ret(struct hal_trapframe *tf, long ret);
/* The return value register as user mode sees it (for fork's child, which
 * core sets to 0 in its copy of the frame). */
long hal_tf_syscall_ret(const struct hal_trapframe *tf);

/*
 * hal_tf_syscall_restart - arrange for the system call that trapped with tf
 * to be executed again, with its original arguments, when tf returns to
 * user mode (SA_RESTART, -ERESTARTSYS).  Only valid between
 * core_trap_syscall() and the return to user mode of that call.
 */
void hal_tf_syscall_restart(struct hal_trapframe *tf);

/* User stack pointer and program counter setters for signal delivery and
 * clone(); hal_tf_pc/hal_tf_sp (trap.h) read them. */
void hal_tf_set_sp(struct hal_trapframe *tf, vaddr_t sp);

/*
 * hal_tf_set_tls - the thread pointer user mode sees after returning with
 * tf (clone with CLONE_SETTLS, x86_64 arch_prctl(ARCH_SET_FS)).  Arches
 * whose thread pointer is a general register set it in tf; others keep it
 * with the thread (e.g. FS base) and restore it on the way to user mode.
 */
void hal_tf_set_tls(struct hal_trapframe *tf, unsigned long tls);
unsigned long hal_tf_tls(const struct hal_trapframe *tf);

/*
 * Signal frames.  Core decides which signal to deliver and how; the arch
 * lays out the Linux rt_sigframe of its ABI (siginfo, ucontext with the
 * saved registers in the arch's mcontext, the saved mask) on the user stack
 * with hal_copy_to_user(), and points tf at the handler with the arguments
 * (sig, &frame->info, &frame->uc) and a return address of si->restorer.
 */
struct hal_signal_info {
	int sig;
	vaddr_t handler;
	vaddr_t restorer;	/* sa_restorer, or core's sigreturn trampoline */
	const void *siginfo;	/* 128 bytes, Linux siginfo_t layout */
	uint64_t saved_mask;	/* blocked set to restore on sigreturn */
	vaddr_t stack_top;	/* where the frame goes: the user sp, or the
				 * top of the alternate stack */
	vaddr_t altstack_sp;	/* uc_stack contents */
	size_t altstack_size;
	int altstack_flags;
};

/* Build the frame; 0, or -EFAULT when the user stack cannot take it (core
 * then kills the thread with SIGSEGV). */
int hal_signal_deliver(struct hal_as *as, struct hal_trapframe *tf,
		       const struct hal_signal_info *si);

/* rt_sigreturn: restore tf from the frame at the user stack pointer and
 * return the saved mask in *mask.  Privileged state bits cannot be set from
 * the frame.  0, or -EFAULT for an unreadable frame. */
int hal_signal_return(struct hal_as *as, struct hal_trapframe *tf, uint64_t *mask);

/*
 * hal_sigtramp - machine code of "call rt_sigreturn" for this arch
 * (e.g. "li a7, 139; ecall").  Core maps it read+execute in every process
 * and uses it as the restorer for handlers installed without SA_RESTORER.
 * Returns the code and sets *len.
 */
const void *hal_sigtramp(size_t *len);

/*
 * HAL_SA_RESTORER: 1 when this arch's Linux struct sigaction (the one
 * rt_sigaction takes) has the sa_restorer field: {handler, flags, restorer,
 * mask}; 0 when it is {handler, flags, mask} (riscv64).  The arch defines
 * it in <arch/hal_arch.h> when it differs from the default.
 */
#ifndef HAL_SA_RESTORER
#define HAL_SA_RESTORER 1
#endif

/*
 * HAL_SIGNAL_OWN_TRAMPOLINE: 1 when this arch's Linux ignores sa_restorer
 * and always returns from handlers through the kernel's own trampoline
 * (ppc64: the vDSO's), 0 when it honours SA_RESTORER.
 */
#ifndef HAL_SIGNAL_OWN_TRAMPOLINE
#define HAL_SIGNAL_OWN_TRAMPOLINE 0
#endif

/*
 * HAL_CLONE_ABI: the argument order of this arch's Linux clone(2):
 *   0  flags, newsp, parent_tid, child_tid, tls   (x86_64)
 *   1  flags, newsp, parent_tid, tls, child_tid   (arm64, riscv64, ppc64:
 *      Linux's CONFIG_CLONE_BACKWARDS)
 *   2  newsp, flags, parent_tid, child_tid, tls   (s390x: CLONE_BACKWARDS2)
 * The arch defines it in <arch/hal_arch.h> when it is not 1.
 */
#ifndef HAL_CLONE_ABI
#define HAL_CLONE_ABI 1
#endif

/*
 * hal_user_state_copy - give the thread whose user frame is dst the whole
 * user state of the thread whose frame is src: the frame and whatever the
 * arch keeps beside it for that thread (FPU/vector registers, thread
 * pointer), for fork and clone.  dst is at the top of a kernel stack that is
 * not running.  The arch keeps such per-thread state inside its trap frame
 * or at a fixed place next to it on the kernel stack, so it can be found
 * from the frame's address.
 */
void hal_user_state_copy(struct hal_trapframe *dst, const struct hal_trapframe *src);

/* ELF: machine number accepted by exec (EM_*), AT_HWCAP/AT_HWCAP2 values
 * and the AT_PLATFORM string (NULL for none), as Linux gives them. */
unsigned int hal_elf_machine(void);
unsigned long hal_elf_hwcap(void);
unsigned long hal_elf_hwcap2(void);
const char *hal_elf_platform(void);

#endif
