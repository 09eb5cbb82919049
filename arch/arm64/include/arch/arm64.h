/*
 * arch/arm64/include/arch/arm64.h - private definitions of the arm64 port:
 * system register accessors, translation table descriptor bits and the
 * interfaces between the port's own files.  Never included by core.
 */
#ifndef ARCH_ARM64_ARM64_H
#define ARCH_ARM64_ARM64_H

#ifdef __ASSEMBLY__
#define ARM64_UL(x)		x
#else
#define ARM64_UL(x)		x##UL
#endif

/* MAIR_EL1 attribute indices (head.S programs MAIR to match). */
#define ARM64_MT_NORMAL		0	/* normal, inner/outer write-back */
#define ARM64_MT_DEVICE		1	/* Device-nGnRE */
#define ARM64_MT_NORMAL_NC	2	/* normal, non-cacheable */
#define ARM64_MAIR_VALUE	ARM64_UL(0x00000000004404ff)

/* Translation table descriptor bits (stage 1, 4 KiB granule). */
#define ARM64_PTE_VALID		(ARM64_UL(1) << 0)
#define ARM64_PTE_TABLE		(ARM64_UL(1) << 1)	/* table at L0-L2, page at L3 */
#define ARM64_PTE_PAGE		(ARM64_UL(1) << 1)
#define ARM64_PTE_ATTR(i)	(ARM64_UL(i) << 2)
#define ARM64_PTE_ATTR_MASK	(ARM64_UL(7) << 2)
#define ARM64_PTE_AP_EL0	(ARM64_UL(1) << 6)	/* AP[1]: EL0 may access */
#define ARM64_PTE_AP_RO		(ARM64_UL(1) << 7)	/* AP[2]: read-only */
#define ARM64_PTE_SH_INNER	(ARM64_UL(3) << 8)
#define ARM64_PTE_AF		(ARM64_UL(1) << 10)
#define ARM64_PTE_NG		(ARM64_UL(1) << 11)
#define ARM64_PTE_PXN		(ARM64_UL(1) << 53)
#define ARM64_PTE_UXN		(ARM64_UL(1) << 54)
/* Software bits (55..58), ignored by the MMU. */
#define ARM64_PTE_SW_R		(ARM64_UL(1) << 55)	/* HAL_MAP_R was asked for */
#define ARM64_PTE_SW_NONE	(ARM64_UL(1) << 56)	/* PROT_NONE: kept, not valid */
#define ARM64_PTE_ADDR_MASK	ARM64_UL(0x0000fffffffff000)

/*
 * SCTLR_EL1: RES1 bits plus M, C, SA, SA0 and I, and what Linux lets user
 * mode do: DC ZVA (DZE), CTR_EL0 reads (UCT), WFE (nTWE) and cache
 * maintenance by VA (UCI, for __clear_cache).  WFI from EL0 traps (nTWI
 * clear) and is skipped, as on Linux.
 */
#define ARM64_SCTLR_EL1_RES1	ARM64_UL(0x30d00800)
#define ARM64_SCTLR_EL1_DZE	(ARM64_UL(1) << 14)
#define ARM64_SCTLR_EL1_UCT	(ARM64_UL(1) << 15)
#define ARM64_SCTLR_EL1_NTWE	(ARM64_UL(1) << 18)
#define ARM64_SCTLR_EL1_UCI	(ARM64_UL(1) << 26)
#define ARM64_SCTLR_EL1_VALUE	(ARM64_SCTLR_EL1_RES1 | ARM64_UL(0x101d) | \
				 ARM64_SCTLR_EL1_DZE | ARM64_SCTLR_EL1_UCT | \
				 ARM64_SCTLR_EL1_NTWE | ARM64_SCTLR_EL1_UCI)

/* Kernel stack of the boot CPU until core switches to its own threads. */
#define ARM64_BOOT_STACK_SIZE	16384

/* Number of level-3 tables head.S has to map the kernel image (2 MiB each). */
#define ARM64_BOOT_KIMG_L3	8

#ifndef __ASSEMBLY__

#include <hal/types.h>

#define arm64_read_sysreg(r) ({						\
	uint64_t __v;							\
	__asm__ __volatile__("mrs %0, " #r : "=r"(__v));		\
	__v;								\
})

#define arm64_write_sysreg(r, v) do {					\
	uint64_t __v = (uint64_t)(v);					\
	__asm__ __volatile__("msr " #r ", %0" :: "r"(__v) : "memory");	\
} while (0)

static inline void arm64_isb(void)
{
	__asm__ __volatile__("isb" ::: "memory");
}

/* Set by head.S before arm64_start(). */
extern uint64_t arm64_boot_el;		/* exception level at entry (1 or 2) */

/* PSCI (psci.c). */
void arm64_psci_init(void);

/* Console (console.c).  The early console is the virt board's PL011. */
#define ARM64_EARLY_UART_PA	0x09000000UL
void arm64_console_init_post_mm(void);

/* Interrupt controller (gic.c). */
void arm64_gic_init(void);
/* Acknowledge the highest-priority pending interrupt: its INTID (1020..1023
 * when spurious). */
unsigned int arm64_gic_ack(void);
void arm64_gic_eoi(unsigned int intid);

/* Generic timer (timer.c). */
void arm64_timer_init(void);
/* The INTID of the timer interrupt, or ~0u before arm64_timer_init(). */
extern unsigned int arm64_timer_irq;
/* Silence the timer interrupt until the next hal_timer_set_deadline(). */
void arm64_timer_ack(void);

/* Exceptions (trap.c), called from vectors.S. */
struct hal_trapframe;
void arm64_trap_sync(struct hal_trapframe *tf);
void arm64_trap_irq(struct hal_trapframe *tf);
void arm64_trap_bad(struct hal_trapframe *tf, unsigned long kind);

/* User mode (user.c). */
void arm64_user_return(struct hal_trapframe *tf) __noreturn;
/* Answer an EL0 MRS of the ID register space as Linux does: true when tf
 * (EC 0 or 0x18 from EL0) was such a read and now resumes after it. */
bool arm64_emulate_mrs(struct hal_trapframe *tf);

#endif /* !__ASSEMBLY__ */

#endif
