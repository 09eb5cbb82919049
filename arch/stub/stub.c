/*
 * stub.c - every out-of-line HAL function, doing nothing.  See hal_arch.h.
 */
#include <hal/hal.h>

static struct hal_as stub_as;

void hal_init_post_mm(const struct hal_boot_info *bi) { (void)bi; }
const char *hal_cpu_model(void) { return "stub"; }
const char *hal_arch_name(void) { return "stub"; }
void hal_early_putc(char c) { (void)c; }
int hal_early_getc(void) { return -1; }
void hal_cpu_idle(void) { }
void hal_cpu_halt(void) { for (;;) { } }
void hal_ctx_init(struct hal_context *ctx, void *stack_top, void (*entry)(void *), void *arg)
{ (void)ctx; (void)stack_top; (void)entry; (void)arg; }
void hal_ctx_switch(struct hal_context *from, struct hal_context *to) { (void)from; (void)to; }
vaddr_t hal_tf_pc(const struct hal_trapframe *tf) { return tf->pc; }
void hal_tf_set_pc(struct hal_trapframe *tf, vaddr_t pc) { tf->pc = pc; }
vaddr_t hal_tf_sp(const struct hal_trapframe *tf) { return tf->sp; }
bool hal_tf_from_user(const struct hal_trapframe *tf) { return tf->user; }
void hal_tf_dump(const struct hal_trapframe *tf) { (void)tf; }
void hal_trap_breakpoint(void) { }
void hal_tf_skip_breakpoint(struct hal_trapframe *tf) { (void)tf; }
int hal_probe_read(const volatile unsigned long *addr, unsigned long *val) { *val = *addr; return 0; }
int hal_probe_write(volatile unsigned long *addr, unsigned long val) { *addr = val; return 0; }
bool hal_tf_fixup(struct hal_trapframe *tf) { (void)tf; return false; }
void hal_irq_unmask(unsigned int irq) { (void)irq; }
void hal_irq_mask(unsigned int irq) { (void)irq; }
int hal_irq_xlate(const uint32_t *cells, int ncells) { (void)cells; (void)ncells; return 0; }
struct hal_as *hal_as_kernel_create(void) { return &stub_as; }
struct hal_as *hal_as_kernel(void) { return &stub_as; }
struct hal_as *hal_as_create(void) { return NULL; }
void hal_as_destroy(struct hal_as *as) { (void)as; }
int hal_as_map(struct hal_as *as, vaddr_t va, paddr_t pa, unsigned int flags)
{ (void)as; (void)va; (void)pa; (void)flags; return 0; }
int hal_as_unmap(struct hal_as *as, vaddr_t va) { (void)as; (void)va; return 0; }
int hal_as_protect(struct hal_as *as, vaddr_t va, unsigned int flags)
{ (void)as; (void)va; (void)flags; return 0; }
int hal_as_query(struct hal_as *as, vaddr_t va, paddr_t *pa, unsigned int *flags)
{ (void)as; (void)va; (void)pa; (void)flags; return -2; }
void hal_as_activate(struct hal_as *as) { (void)as; }
void hal_tlb_flush_page(struct hal_as *as, vaddr_t va) { (void)as; (void)va; }
void hal_tlb_flush_all(void) { }
void hal_poweroff(int status) { (void)status; for (;;) { } }
void hal_reboot(void) { for (;;) { } }
uint64_t hal_timer_now(void) { return 0; }
uint64_t hal_timer_freq(void) { return 1000; }
void hal_timer_set_deadline(uint64_t deadline) { (void)deadline; }
void hal_dcache_clean(const void *va, size_t len) { (void)va; (void)len; }
void hal_dcache_inval(const void *va, size_t len) { (void)va; (void)len; }
void hal_icache_sync(const void *va, size_t len) { (void)va; (void)len; }

/* Entry point so the link has one; never run. */
void stub_start(void);
void stub_start(void)
{
	static struct hal_boot_info bi;
	core_main(&bi);
}
