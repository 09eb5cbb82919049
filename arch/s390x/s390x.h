/*
 * s390x.h - private definitions of the s390x port: lowcore layout, PSW and
 * control-register bits, helpers shared by the port's files.
 */
#ifndef S390X_H
#define S390X_H

/*
 * Lowcore (prefix area) offsets, z/Architecture.  The prefix register is 0
 * on the boot CPU, so these are also absolute addresses.
 */
#define LC_EXT_PARAMS		0x080	/* 4: external interruption parameter */
#define LC_EXT_CPU_ADDR		0x084	/* 2 */
#define LC_EXT_INT_CODE		0x086	/* 2 */
#define LC_SVC_ILC		0x088	/* 2: ILC in bits 13-14 */
#define LC_SVC_CODE		0x08a	/* 2 */
#define LC_PGM_ILC		0x08c	/* 2: ILC in bits 13-14 */
#define LC_PGM_CODE		0x08e	/* 2 */
#define LC_DATA_EXC_CODE	0x090	/* 4: DXC in the low byte */
#define LC_TEID			0x0a8	/* 8: translation-exception id */
#define LC_SUBCHANNEL_ID	0x0b8	/* 4: I/O subsystem id word */
#define LC_IO_INT_PARM		0x0bc	/* 4 */
#define LC_IO_INT_WORD		0x0c0	/* 4 */
#define LC_STFL_FAC_LIST	0x0c8	/* 4 */
#define LC_MCCK_CODE		0x0e8	/* 8 */

#define LC_RESTART_OLD_PSW	0x120
#define LC_EXT_OLD_PSW		0x130
#define LC_SVC_OLD_PSW		0x140
#define LC_PGM_OLD_PSW		0x150
#define LC_MCCK_OLD_PSW		0x160
#define LC_IO_OLD_PSW		0x170
#define LC_RESTART_NEW_PSW	0x1a0
#define LC_EXT_NEW_PSW		0x1b0
#define LC_SVC_NEW_PSW		0x1c0
#define LC_PGM_NEW_PSW		0x1d0
#define LC_MCCK_NEW_PSW		0x1e0
#define LC_IO_NEW_PSW		0x1f0

/*
 * Socle's own lowcore fields, in the range the architecture leaves to the
 * program (0x200-0x11ff): one GPR save area per interruption class (the
 * entry code stores the registers there before it has a stack), the PSW
 * the exit path loads, and the kernel stack used when an interrupt comes
 * from problem state.
 */
#define LC_SAVE_RESTART		0x200
#define LC_SAVE_EXT		0x280
#define LC_SAVE_SVC		0x300
#define LC_SAVE_PGM		0x380
#define LC_SAVE_MCCK		0x400
#define LC_SAVE_IO		0x480
#define LC_RETURN_PSW		0x500
#define LC_KERNEL_STACK		0x510
#define LC_END			0x2000	/* the lowcore is 8 KiB */

/* PSW mask bits (64-bit mask, bit 0 = most significant). */
#define PSW_MASK_PER		0x4000000000000000UL
#define PSW_MASK_DAT		0x0400000000000000UL
#define PSW_MASK_IO		0x0200000000000000UL
#define PSW_MASK_EXT		0x0100000000000000UL
#define PSW_MASK_MCHECK		0x0004000000000000UL
#define PSW_MASK_WAIT		0x0002000000000000UL
#define PSW_MASK_PSTATE		0x0001000000000000UL
#define PSW_MASK_ASC_HOME	0x0000c00000000000UL
#define PSW_MASK_EA		0x0000000100000000UL
#define PSW_MASK_BA		0x0000000080000000UL
#define PSW_MASK_64		(PSW_MASK_EA | PSW_MASK_BA)

/* Address of a disabled-wait PSW that QEMU treats as a clean shutdown. */
#define S390X_WAIT_SHUTDOWN	0xfffUL

/* Control register 0 bits (64-bit numbering, as values). */
#define CR0_IEP			(1UL << 20)	/* bit 43: instruction-execution protection */
#define CR0_AFP			(1UL << 18)	/* bit 45: additional FP registers */
#define CR0_VX			(1UL << 17)	/* bit 46: vector enablement */
#define CR0_CLOCK_COMP		(1UL << 11)	/* bit 52: clock-comparator subclass */
#define CR0_SERVICE_SIGNAL	(1UL << 9)	/* bit 54: service-signal subclass */

/* External interruption codes. */
#define EXT_CLOCK_COMP		0x1004
#define EXT_CPU_TIMER		0x1005
#define EXT_SERVICE_SIGNAL	0x2401

/* The breakpoint: a 2-byte instruction with the undefined opcode 0x00,
 * which raises an operation exception (Linux kprobes use 0x0002). */
#define S390X_BREAKPOINT_INSN	0x0001

/* Page-table entry bits. */
#define PTE_INVALID		0x400UL		/* bit 53 */
#define PTE_PROTECT		0x200UL		/* bit 54 */
#define PTE_IEP			0x100UL		/* bit 55 */
#define PTE_SW_MASK		0x0ffUL		/* bits 56-63: software, HAL flags */

#ifndef __ASSEMBLY__

#include <hal/types.h>

#include <errno.h>

/* Control registers are read and written one at a time (STCTG/LCTLG). */
#define s390x_get_cr(n) ({						\
	uint64_t __v;							\
	__asm__ __volatile__("stctg %%c" #n ",%%c" #n ",%0"		\
			     : "=Q"(__v));				\
	__v;								\
})

#define s390x_set_cr(n, val) do {					\
	uint64_t __v = (val);						\
	__asm__ __volatile__("lctlg %%c" #n ",%%c" #n ",%0"		\
			     : : "Q"(__v) : "memory");			\
} while (0)

/* Lowcore access through the identity map. */
#define LC_U16(off)	(*(volatile uint16_t *)(uintptr_t)(off))
#define LC_U32(off)	(*(volatile uint32_t *)(uintptr_t)(off))
#define LC_U64(off)	(*(volatile uint64_t *)(uintptr_t)(off))

/* Kernel PSW mask used by every new PSW (DAT added once it is on). */
extern uint64_t s390x_kernel_psw_mask;

/* entry.S */
void s390x_install_psws(uint64_t mask);
void s390x_load_psw(uint64_t mask, uint64_t addr) __noreturn;

/* sclp.c */
void s390x_sclp_init(void);
uint64_t s390x_sclp_memory_size(void);

/* trap.c */
void s390x_trap_init(void);

/* mmu.c */
struct hal_as;
void s390x_mmu_init(void);
bool s390x_iep_enabled(void);
struct hal_as *s390x_user_as(void);

/* timer.c */
void s390x_timer_early_init(void);
void s390x_timer_init(void);
void s390x_timer_disarm(void);

/* cpu.c */
bool s390x_has_facility(unsigned int bit);

/* user.c */
extern bool s390x_vx;
void s390x_fpu_init(void);
void s390x_syscall(struct hal_trapframe *tf);

/* entry.S: the live user FP state to and from a struct s390x_fpu, or
 * cleared; the FPC test returns -EINVAL for a value SFPC refuses. */
void s390x_fp_save(struct s390x_fpu *fpu);
void s390x_fp_load(const struct s390x_fpu *fpu);
void s390x_fp_reset(void);
int s390x_test_fpc(uint32_t fpc);

#endif /* !__ASSEMBLY__ */

#endif
