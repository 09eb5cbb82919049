/*
 * ppc64le.h - private definitions of the ppc64le (POWER, PAPR pseries) port.
 */
#ifndef ARCH_PPC64LE_H
#define ARCH_PPC64LE_H

#include <hal/hal.h>

/* Special purpose registers. */
#define PPC64LE_SPR_DSISR	18
#define PPC64LE_SPR_DAR		19
#define PPC64LE_SPR_DEC		22
#define PPC64LE_SPR_SRR0	26
#define PPC64LE_SPR_SRR1	27
#define PPC64LE_SPR_PIDR	48
#define PPC64LE_SPR_FSCR	153
#define PPC64LE_SPR_SPRG0	272
#define PPC64LE_SPR_SPRG1	273
#define PPC64LE_SPR_SPRG2	274
#define PPC64LE_SPR_SPRG3	275
#define PPC64LE_SPR_PVR		287

/* PAPR hypervisor calls ("sc 1", r3 = opcode). */
#define H_SUCCESS		0
#define H_GET_TERM_CHAR		0x54
#define H_PUT_TERM_CHAR		0x58
#define H_EOI			0x64
#define H_CPPR			0x68
#define H_IPI			0x6c
#define H_XIRR			0x74
#define H_CEDE			0xe0
#define H_SET_MODE		0x31c
#define H_REGISTER_PROC_TBL	0x37c
/* QEMU/KVM private calls: RTAS and the VOF client interface. */
#define H_RTAS			0xf000
#define H_VOF_CLIENT		0xf005

/* H_SET_MODE resources. */
#define H_SET_MODE_RESOURCE_LE	4
#define H_SET_MODE_ENDIAN_LITTLE 1

#define ppc64le_mfspr(spr)	({ unsigned long __v;					\
	__asm__ __volatile__("mfspr %0, %1" : "=r"(__v) : "i"(spr)); __v; })
#define ppc64le_mtspr(spr, v)	__asm__ __volatile__("mtspr %0, %1"			\
	: : "i"(spr), "r"((unsigned long)(v)) : "memory")

static inline uint64_t ppc64le_mftb(void)
{
	uint64_t tb;

	__asm__ __volatile__("mftb %0" : "=r"(tb));
	return tb;
}

/*
 * One hypervisor call with up to six arguments; ret[0..2] (when ret is not
 * NULL) receive r4..r6 on return.  Returns r3, the H_* status.
 */
static inline long ppc64le_hcall(unsigned long op, unsigned long a1, unsigned long a2,
				 unsigned long a3, unsigned long a4, unsigned long *ret)
{
	register unsigned long r3 __asm__("r3") = op;
	register unsigned long r4 __asm__("r4") = a1;
	register unsigned long r5 __asm__("r5") = a2;
	register unsigned long r6 __asm__("r6") = a3;
	register unsigned long r7 __asm__("r7") = a4;

	__asm__ __volatile__("sc 1"
			     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
			     :
			     : "r0", "r8", "r9", "r10", "r11", "r12", "ctr", "xer",
			       "cr0", "cr1", "cr5", "cr6", "cr7", "memory");
	if (ret) {
		ret[0] = r4;
		ret[1] = r5;
		ret[2] = r6;
	}
	return (long)r3;
}

/* What the boot code learnt from Open Firmware (prom.c). */
struct ppc64le_platform {
	unsigned long vty_termno;	/* reg of the hvterm1 vty */
	uint64_t tb_freq;		/* timebase-frequency */
	uint32_t rtas_power_off;	/* RTAS tokens, 0 when absent */
	uint32_t rtas_reboot;
	uint32_t rtas_set_xive;
	uint32_t rtas_int_off;
	uint32_t rtas_int_on;
	char cpu_name[48];		/* "PowerPC,POWER9" */
	bool cas_done;			/* radix negotiated with CAS */
	bool slof;			/* firmware called through r5 */
};
extern struct ppc64le_platform ppc64le_plat;

/* prom.c: walk the Open Firmware tree into an FDT blob; returns it. */
const void *ppc64le_prom_init(unsigned long of_entry, size_t *size);

/* rtas.c */
int ppc64le_rtas_call(uint32_t token, int nargs, int nret, uint32_t *rets, ...);

/* trap.c, timer.c, irq.c */
void ppc64le_trap(struct hal_trapframe *tf);
void ppc64le_timer_interrupt(void);
void ppc64le_external_interrupt(void);
void ppc64le_irq_init(void);
void ppc64le_timer_init(void);

/* user.c: SPRG0 per-CPU area, FSCR facilities for user mode. */
void ppc64le_user_init(void);

/* mmu.c */
void ppc64le_mmu_early_init(void);

/* vectors.S */
extern char ppc64le_vectors_start[], ppc64le_vectors_end[];
void ppc64le_thread_start(void);

/* console.c */
void ppc64le_console_puts(const char *s);

#endif
