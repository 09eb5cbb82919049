/*
 * sbi.c - calls into the SBI firmware (OpenSBI) below the kernel.
 *
 * SBI v0.2+ calling convention: a7 = extension id, a6 = function id,
 * arguments in a0..a5, error in a0 and value in a1 on return.
 */
#include <arch/riscv64.h>

struct riscv64_sbiret riscv64_sbi_call(long ext, long fid, long arg0,
				       long arg1, long arg2)
{
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a6 __asm__("a6") = fid;
	register long a7 __asm__("a7") = ext;
	struct riscv64_sbiret ret;

	__asm__ __volatile__("ecall"
			     : "+r"(a0), "+r"(a1)
			     : "r"(a2), "r"(a6), "r"(a7)
			     : "memory");
	ret.error = a0;
	ret.value = a1;
	return ret;
}

/* sbi_probe_extension: true when the firmware implements ext. */
bool riscv64_sbi_probe(long ext)
{
	struct riscv64_sbiret r = riscv64_sbi_call(RISCV64_SBI_EXT_BASE, 3,
						   ext, 0, 0);

	return r.error == 0 && r.value != 0;
}

long riscv64_sbi_mvendorid(void)
{
	struct riscv64_sbiret r = riscv64_sbi_call(RISCV64_SBI_EXT_BASE, 4,
						   0, 0, 0);

	return r.error == 0 ? r.value : 0;
}

/* Program the next timer event (TIME extension, falls back to legacy). */
void riscv64_sbi_set_timer(uint64_t when)
{
	static int have_time = -1;

	if (have_time < 0)
		have_time = riscv64_sbi_probe(RISCV64_SBI_EXT_TIME);
	if (have_time)
		riscv64_sbi_call(RISCV64_SBI_EXT_TIME, 0, (long)when, 0, 0);
	else
		riscv64_sbi_call(0x00, 0, (long)when, 0, 0);
}

/* System reset: type 0 shutdown, 1 cold reboot; reason 0 none, 1 failure. */
void riscv64_sbi_reset(unsigned int type, unsigned int reason)
{
	if (riscv64_sbi_probe(RISCV64_SBI_EXT_SRST))
		riscv64_sbi_call(RISCV64_SBI_EXT_SRST, 0, type, reason, 0);
	if (type == 0)
		riscv64_sbi_call(0x08, 0, 0, 0, 0);	/* legacy shutdown */
}
