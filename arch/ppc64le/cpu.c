/*
 * cpu.c - CPU identification, idle, power, caches, thread contexts.
 */
#include <arch/ppc64le.h>
#include <kernel.h>

#define CACHE_LINE	128

static char cpu_model[96];

const char *hal_cpu_model(void)
{
	unsigned long pvr = ppc64le_mfspr(PPC64LE_SPR_PVR);
	const char *family;

	switch (pvr >> 16) {
	case 0x004b: case 0x004c: case 0x004d: family = "POWER8"; break;
	case 0x004e: family = "POWER9"; break;
	case 0x0080: family = "POWER10"; break;
	default: family = "unknown POWER"; break;
	}
	snprintf(cpu_model, sizeof(cpu_model), "%s (%s, PVR 0x%08lx)",
		 ppc64le_plat.cpu_name[0] ? ppc64le_plat.cpu_name : "PowerPC",
		 family, pvr);
	return cpu_model;
}

/*
 * H_CEDE sets MSR[EE] and waits for an interrupt (or returns at once if
 * one is pending); it is taken on the way back, then we disable again.
 */
void hal_cpu_idle(void)
{
	ppc64le_hcall(H_CEDE, 0, 0, 0, 0, NULL);
	hal_irq_disable();
}

void hal_cpu_halt(void)
{
	hal_irq_disable();
	for (;;)
		__asm__ __volatile__("or 1, 1, 1" : : : "memory");
}

/*
 * RTAS power-off ends QEMU (with exit status 0: PAPR has no way to pass
 * ours, the harness reads "socle: poweroff status=N" instead).
 */
void hal_poweroff(int status)
{
	(void)status;
	hal_irq_disable();
	ppc64le_rtas_call(ppc64le_plat.rtas_power_off, 2, 1, NULL, 0xffffffffu, 0xffffffffu);
	hal_cpu_halt();
}

void hal_reboot(void)
{
	hal_irq_disable();
	ppc64le_rtas_call(ppc64le_plat.rtas_reboot, 0, 1, NULL);
	hal_cpu_halt();
}

void hal_dcache_clean(const void *va, size_t len)
{
	uintptr_t p = (uintptr_t)va & ~(uintptr_t)(CACHE_LINE - 1);

	for (; p < (uintptr_t)va + len; p += CACHE_LINE)
		__asm__ __volatile__("dcbst 0, %0" : : "r"(p) : "memory");
	__asm__ __volatile__("sync" : : : "memory");
}

/* POWER keeps DMA coherent; dcbf (write back and invalidate) is the closest
 * unprivileged operation to a pure invalidate. */
void hal_dcache_inval(const void *va, size_t len)
{
	uintptr_t p = (uintptr_t)va & ~(uintptr_t)(CACHE_LINE - 1);

	for (; p < (uintptr_t)va + len; p += CACHE_LINE)
		__asm__ __volatile__("dcbf 0, %0" : : "r"(p) : "memory");
	__asm__ __volatile__("sync" : : : "memory");
}

void hal_icache_sync(const void *va, size_t len)
{
	uintptr_t start = (uintptr_t)va & ~(uintptr_t)(CACHE_LINE - 1);

	hal_dcache_clean(va, len);
	for (uintptr_t p = start; p < (uintptr_t)va + len; p += CACHE_LINE)
		__asm__ __volatile__("icbi 0, %0" : : "r"(p) : "memory");
	__asm__ __volatile__("sync\n\tisync" : : : "memory");
}

/*
 * The thread's first C frame goes below the room of a user trap frame at
 * the top of the stack: a kernel thread that becomes a user thread (spawn,
 * fork's child) has its user registers there while it still runs kernel
 * code on the same stack, so its own frames must not overlap them.
 */
void hal_ctx_init(struct hal_context *ctx, void *stack_top,
		  void (*entry)(void *), void *arg)
{
	uintptr_t top = ((uintptr_t)stack_top & ~15UL) - sizeof(struct hal_trapframe);
	unsigned long *sp = (unsigned long *)top - 4;
	unsigned long toc;

	__asm__ __volatile__("mr %0, 2" : "=r"(toc));
	memset(ctx, 0, sizeof(*ctx));
	sp[0] = 0;		/* back chain: end of the stack walk */
	ctx->sp = (unsigned long)sp;
	ctx->lr = (unsigned long)ppc64le_thread_start;
	ctx->r2 = toc;
	ctx->gpr[0] = (unsigned long)entry;	/* r14 */
	ctx->gpr[1] = (unsigned long)arg;	/* r15 */
}
