/* ktest on riscv64: ecall with a7 = number, a0-a5 arguments. */
#define KTEST_PRIV_SIG 4	/* S-mode CSR from U-mode: SIGILL */
#define KTEST_KERNEL_ADDR 0xffffffc080000000UL
#define KTEST_SA_HAS_RESTORER 0	/* riscv struct sigaction: handler, flags, mask */

static inline long ksys(long n, long a, long b, long c, long d, long e, long f)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
			 : "memory");
	return a0;
}

static inline void ktest_priv_insn(void)
{
	unsigned long v;
	__asm__ volatile("csrr %0, sstatus" : "=r"(v));
	(void)v;
}

__asm__(".text\n.globl _start\n_start:\n"
	"\tmv a0, sp\n\tandi sp, sp, -16\n\tcall ktest_main\n\tebreak\n");
