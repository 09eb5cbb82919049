/*
 * user_fallback.c - weak stand-ins for the hal/user.h contract while the
 * ports grow user mode.  A port's own definitions replace these; any that
 * is still used at run time panics with its name, so a missing piece is
 * never silent.  hal_set_kernel_stack is harmless to skip (no user mode
 * yet on such a port).  This file goes away once every port implements
 * the whole header.
 */
#include <hal/hal.h>

#define MISSING(name) core_panic("HAL: %s is not implemented on %s yet", name, hal_arch_name())

__attribute__((weak)) void hal_set_kernel_stack(void *top) { (void)top; }
__attribute__((weak)) void hal_tf_init_user(struct hal_trapframe *tf, vaddr_t pc, vaddr_t sp)
{ MISSING("hal_tf_init_user"); }
__attribute__((weak)) void hal_user_return(struct hal_trapframe *tf)
{ MISSING("hal_user_return"); }
__attribute__((weak)) unsigned long hal_tf_syscall_nr(const struct hal_trapframe *tf)
{ MISSING("hal_tf_syscall_nr"); }
__attribute__((weak)) unsigned long hal_tf_syscall_arg(const struct hal_trapframe *tf, int i)
{ MISSING("hal_tf_syscall_arg"); }
__attribute__((weak)) void hal_tf_set_syscall_ret(struct hal_trapframe *tf, long ret)
{ MISSING("hal_tf_set_syscall_ret"); }
__attribute__((weak)) long hal_tf_syscall_ret(const struct hal_trapframe *tf)
{ MISSING("hal_tf_syscall_ret"); }
__attribute__((weak)) void hal_tf_syscall_restart(struct hal_trapframe *tf)
{ MISSING("hal_tf_syscall_restart"); }
__attribute__((weak)) void hal_tf_set_sp(struct hal_trapframe *tf, vaddr_t sp)
{ MISSING("hal_tf_set_sp"); }
__attribute__((weak)) void hal_tf_set_tls(struct hal_trapframe *tf, unsigned long tls)
{ MISSING("hal_tf_set_tls"); }
__attribute__((weak)) unsigned long hal_tf_tls(const struct hal_trapframe *tf)
{ MISSING("hal_tf_tls"); }
__attribute__((weak)) int hal_signal_deliver(struct hal_as *as, struct hal_trapframe *tf,
					     const struct hal_signal_info *si)
{ MISSING("hal_signal_deliver"); }
__attribute__((weak)) int hal_signal_return(struct hal_as *as, struct hal_trapframe *tf, uint64_t *mask)
{ MISSING("hal_signal_return"); }
__attribute__((weak)) const void *hal_sigtramp(size_t *len)
{ MISSING("hal_sigtramp"); }
__attribute__((weak)) void hal_user_state_copy(struct hal_trapframe *dst,
					       const struct hal_trapframe *src)
{ *dst = *src; }
__attribute__((weak)) unsigned int hal_elf_machine(void) { return 0; }
__attribute__((weak)) unsigned long hal_elf_hwcap(void) { return 0; }
__attribute__((weak)) unsigned long hal_elf_hwcap2(void) { return 0; }
__attribute__((weak)) const char *hal_elf_platform(void) { return NULL; }
