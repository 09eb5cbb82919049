/*
 * cpu.c - CPU identification, facilities, power, cache and interrupt
 * controller stubs.
 */
#include <hal/hal.h>
#include <kstring.h>
#include "s390x.h"

const char *hal_arch_name(void)
{
	return "s390x";
}

static uint64_t facilities[4];
static bool facilities_read;

/* s390x_has_facility - test bit 'bit' of the STFLE facility list. */
bool s390x_has_facility(unsigned int bit)
{
	if (!facilities_read) {
		register unsigned long r0 __asm__("0") = 4 - 1;

		__asm__ __volatile__("stfle %0"
				     : "=Q"(facilities), "+d"(r0) : : "cc", "memory");
		facilities_read = true;
	}
	if (bit >= 64 * 4)
		return false;
	return (facilities[bit / 64] >> (63 - bit % 64)) & 1;
}

/* EBCDIC to ASCII for the characters STSI names use. */
static char ebcdic_char(uint8_t c)
{
	if (c >= 0xc1 && c <= 0xc9)
		return 'A' + (c - 0xc1);
	if (c >= 0xd1 && c <= 0xd9)
		return 'J' + (c - 0xd1);
	if (c >= 0xe2 && c <= 0xe9)
		return 'S' + (c - 0xe2);
	if (c >= 0x81 && c <= 0x89)
		return 'a' + (c - 0x81);
	if (c >= 0x91 && c <= 0x99)
		return 'j' + (c - 0x91);
	if (c >= 0xa2 && c <= 0xa9)
		return 's' + (c - 0xa2);
	if (c >= 0xf0 && c <= 0xf9)
		return '0' + (c - 0xf0);
	if (c == 0x60)
		return '-';
	return ' ';
}

static uint8_t sysinfo[4096] __aligned(4096);

/* STSI 1.1.1 (basic machine configuration) into sysinfo; false on cc != 0. */
static bool stsi_111(void)
{
	register unsigned long r0 __asm__("0") = (1UL << 28) | 1;
	register unsigned long r1 __asm__("1") = 1;
	int cc;

	__asm__ __volatile__("stsi %1\n\t"
			     "ipm %0\n\t"
			     "srl %0,28"
			     : "=d"(cc), "=Q"(sysinfo)
			     : "d"(r0), "d"(r1) : "cc", "memory");
	return cc == 0;
}

/*
 * hal_cpu_model - "IBM <type> (<manufacturer>)": the machine type from
 * STIDP, the manufacturer from STSI 1.1.1 ("QEMU" under TCG).
 */
const char *hal_cpu_model(void)
{
	static char model[40];
	static const char hex[] = "0123456789abcdef";
	uint64_t cpuid;
	unsigned int type, i, n;
	char *p;

	if (model[0])
		return model;
	__asm__ __volatile__("stidp %0" : "=Q"(cpuid));
	type = (cpuid >> 16) & 0xffff;
	p = model;
	for (const char *s = "IBM "; *s; s++)
		*p++ = *s;
	for (i = 0; i < 4; i++)
		*p++ = hex[(type >> (12 - 4 * i)) & 0xf];
	if (stsi_111()) {
		/* Manufacturer: 16 EBCDIC bytes at offset 32, blank padded. */
		for (n = 16; n > 0 && ebcdic_char(sysinfo[32 + n - 1]) == ' '; n--)
			;
		if (n) {
			*p++ = ' ';
			*p++ = '(';
			for (i = 0; i < n; i++)
				*p++ = ebcdic_char(sysinfo[32 + i]);
			*p++ = ')';
		}
	}
	*p = '\0';
	return model;
}

/*
 * hal_poweroff - load a disabled-wait PSW.  QEMU ends the run when the CPU
 * enters a disabled wait: at address 0xfff it is a clean shutdown (exit
 * status 0); at any other address QEMU reports a guest crash, which
 * ci/qemu/s390x.sh turns into exit status 1 (-action panic=exit-failure).
 * A non-zero status is also left in the wait PSW's address (0xdead0000 +
 * status) for whoever inspects the CPU state.
 */
void hal_poweroff(int status)
{
	hal_irq_disable();
	if (status == 0)
		s390x_load_psw(PSW_MASK_64 | PSW_MASK_WAIT, S390X_WAIT_SHUTDOWN);
	s390x_load_psw(PSW_MASK_64 | PSW_MASK_WAIT, 0xdead0000UL | ((unsigned int)status & 0xffff));
}

/* hal_reboot - DIAGNOSE 308 subcode 3: re-IPL with clear (QEMU exits with
 * -no-reboot). */
void hal_reboot(void)
{
	register unsigned long r0 __asm__("0") = 0;
	register unsigned long r1 __asm__("1") = 3;

	hal_irq_disable();
	__asm__ __volatile__("diag %0,%1,0x308" : : "d"(r0), "d"(r1) : "memory");
	hal_poweroff(1);
}

/* hal_cpu_halt - disabled wait at a non-special address: QEMU reports the
 * guest as crashed and ends (exit status 1 with the recipe's options). */
void hal_cpu_halt(void)
{
	for (;;)
		s390x_load_psw(PSW_MASK_64 | PSW_MASK_WAIT, 0xdead);
}

/* The storage of z/Architecture is cache coherent for I/O and for
 * instruction fetch (a serialising instruction orders self-modification). */
void hal_dcache_clean(const void *va, size_t len)
{
	(void)va;
	(void)len;
}

void hal_dcache_inval(const void *va, size_t len)
{
	(void)va;
	(void)len;
}

void hal_icache_sync(const void *va, size_t len)
{
	(void)va;
	(void)len;
	hal_mb();
}

/*
 * Interrupt "controller": s390x has interruption subclasses, not numbered
 * lines.  An irq number is the I/O interruption parameter a driver stores
 * in its subchannel's SCHIB; enabling is per subchannel (MSCH) and per ISC
 * (CR6), which the channel-subsystem code will do.  Until then these are
 * no-ops.
 */
void hal_irq_unmask(unsigned int irq)
{
	(void)irq;
}

void hal_irq_mask(unsigned int irq)
{
	(void)irq;
}

int hal_irq_xlate(const uint32_t *cells, int ncells)
{
	if (ncells < 1)
		return -EINVAL;
	return (int)cells[0];
}

/*
 * hal_ctx_init - the first hal_ctx_switch() to ctx "returns" into
 * s390x_ctx_start (entry.S), which calls entry(arg) from r6/r7 on a fresh
 * stack whose 160-byte register save area and back chain are in place.
 * Core passes the stack top minus HAL_USER_STATE_SIZE: above stack_top are
 * the thread's FP area (struct s390x_fpu, zeroed here; fork and clone fill
 * it with hal_user_state_copy()) and its user frame.
 */
void hal_ctx_init(struct hal_context *ctx, void *stack_top,
		  void (*entry)(void *), void *arg)
{
	extern char s390x_ctx_start[];
	struct s390x_fpu *fpu = stack_top;
	uint64_t sp = ((uint64_t)(uintptr_t)stack_top & ~15UL) - 160;
	int i;

	for (i = 0; i < 10; i++)
		ctx->gprs[i] = 0;
	ctx->gprs[0] = (uint64_t)(uintptr_t)entry;	/* r6 */
	ctx->gprs[1] = (uint64_t)(uintptr_t)arg;	/* r7 */
	ctx->gprs[8] = (uint64_t)(uintptr_t)s390x_ctx_start;	/* r14 */
	ctx->gprs[9] = sp;				/* r15 */
	*(uint64_t *)(uintptr_t)sp = 0;			/* back chain end */
	memset(fpu, 0, sizeof(*fpu));
	ctx->fpu = fpu;
}
