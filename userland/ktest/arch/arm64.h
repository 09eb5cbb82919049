/* ktest on arm64: svc #0 with x8 = number, x0-x5 arguments. */
#define KTEST_PRIV_SIG 4	/* EL1 system register at EL0: SIGILL */
#define KTEST_KERNEL_ADDR 0xffff000040000000UL

static inline long ksys(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

static inline void ktest_priv_insn(void)
{
	unsigned long v;
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
	(void)v;
}

__asm__(".text\n.globl _start\n_start:\n"
	"\tmov x29, #0\n\tmov x30, #0\n\tmov x0, sp\n\tand x1, x0, #-16\n\tmov sp, x1\n"
	"\tbl ktest_main\n\tbrk #0\n");
