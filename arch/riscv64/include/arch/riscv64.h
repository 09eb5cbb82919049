/*
 * arch/riscv64.h - private definitions of the riscv64 port: CSR access,
 * page-table entry bits, SBI calls and the port's internal interfaces.
 * Nothing outside arch/riscv64/ includes this file.
 */
#ifndef ARCH_RISCV64_H
#define ARCH_RISCV64_H

#include <hal/hal.h>
#include <errno.h>

#define riscv64_csr_read(csr)						\
	({								\
		unsigned long __v;					\
		__asm__ __volatile__("csrr %0, " #csr : "=r"(__v) : : "memory"); \
		__v;							\
	})
#define riscv64_csr_write(csr, val)					\
	__asm__ __volatile__("csrw " #csr ", %0" : : "rK"(val) : "memory")
#define riscv64_csr_set(csr, val)					\
	__asm__ __volatile__("csrs " #csr ", %0" : : "rK"(val) : "memory")
#define riscv64_csr_clear(csr, val)					\
	__asm__ __volatile__("csrc " #csr ", %0" : : "rK"(val) : "memory")

/* sie / sip bits. */
#define RISCV64_IE_SSIE		(1UL << 1)
#define RISCV64_IE_STIE		(1UL << 5)
#define RISCV64_IE_SEIE		(1UL << 9)

/* scause values. */
#define RISCV64_CAUSE_IRQ	(1UL << 63)
#define RISCV64_IRQ_S_SOFT	1
#define RISCV64_IRQ_S_TIMER	5
#define RISCV64_IRQ_S_EXT	9

/* Sv39 page-table entries. */
#define RISCV64_PTE_V		(1UL << 0)
#define RISCV64_PTE_R		(1UL << 1)
#define RISCV64_PTE_W		(1UL << 2)
#define RISCV64_PTE_X		(1UL << 3)
#define RISCV64_PTE_U		(1UL << 4)
#define RISCV64_PTE_G		(1UL << 5)
#define RISCV64_PTE_A		(1UL << 6)
#define RISCV64_PTE_D		(1UL << 7)
#define RISCV64_PTE_SW_DEVICE	(1UL << 8)	/* RSW bit: mapped as HAL_MAP_DEVICE */
#define RISCV64_PTE_PPN_SHIFT	10
#define RISCV64_SATP_SV39	(8UL << 60)

static inline void riscv64_sfence_vma_all(void)
{
	__asm__ __volatile__("sfence.vma" : : : "memory");
}

static inline void riscv64_sfence_vma_page(vaddr_t va)
{
	__asm__ __volatile__("sfence.vma %0, zero" : : "r"(va) : "memory");
}

/* SBI (RISC-V Supervisor Binary Interface) calls: sbi.c. */
struct riscv64_sbiret {
	long error;
	long value;
};

#define RISCV64_SBI_EXT_LEGACY_PUTCHAR	0x01
#define RISCV64_SBI_EXT_LEGACY_GETCHAR	0x02
#define RISCV64_SBI_EXT_BASE		0x10
#define RISCV64_SBI_EXT_TIME		0x54494d45	/* "TIME" */
#define RISCV64_SBI_EXT_SRST		0x53525354	/* "SRST" */
#define RISCV64_SBI_EXT_DBCN		0x4442434e	/* "DBCN" */

struct riscv64_sbiret riscv64_sbi_call(long ext, long fid, long a0, long a1,
				       long a2);
bool riscv64_sbi_probe(long ext);
long riscv64_sbi_mvendorid(void);
void riscv64_sbi_set_timer(uint64_t when);
void riscv64_sbi_reset(unsigned int type, unsigned int reason);

/* Port-internal interfaces between the files of arch/riscv64/. */
void riscv64_console_init(void);
void riscv64_timer_init(void);
bool riscv64_timer_interrupt(void);
void riscv64_plic_init(void);
void riscv64_plic_interrupt(void);
void riscv64_power_init(void);
bool riscv64_isa_has(const char *ext);
bool riscv64_isa_has_letter(char letter);
void riscv64_user_init(void);
void riscv64_fpu_trap_entry(struct hal_trapframe *tf);
void riscv64_fpu_trap_exit(struct hal_trapframe *tf);
bool riscv64_mmu_fault_sync(vaddr_t va);
bool riscv64_mmu_fault_present(vaddr_t va);
/* Entry points shared with the assembly files. */
void riscv64_trap_entry(void);
void riscv64_trap(struct hal_trapframe *tf);
void riscv64_boot(unsigned long hartid, paddr_t dtb_pa) __noreturn;
void riscv64_ctx_returned(void) __noreturn;
int riscv64_stimecmp_probe(void);
void riscv64_ctx_start(void);
void riscv64_user_return(struct hal_trapframe *tf) __noreturn;
void riscv64_fpu_save(struct hal_trapframe *tf);
void riscv64_fpu_load(const struct hal_trapframe *tf);

/* user.c: does user mode get the FPU; whose state the FPU holds. */
extern bool riscv64_fpu_present;
extern struct hal_trapframe *riscv64_fpu_owner;

/* Hart id the boot hart had at entry (a0). */
extern unsigned long riscv64_boot_hartid;

#endif
