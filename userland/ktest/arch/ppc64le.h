/* ktest on ppc64le: sc with r0 = number, r3-r8 arguments; an error comes
 * back as a positive errno with CR0.SO set. */
#define KTEST_PRIV_SIG 4	/* mfmsr in problem state: SIGILL */
#define KTEST_KERNEL_ADDR 0xc000000000100000UL

static inline long ksys(long n, long a, long b, long c, long d, long e, long f)
{
	register long r0 __asm__("r0") = n;
	register long r3 __asm__("r3") = a;
	register long r4 __asm__("r4") = b;
	register long r5 __asm__("r5") = c;
	register long r6 __asm__("r6") = d;
	register long r7 __asm__("r7") = e;
	register long r8 __asm__("r8") = f;
	__asm__ volatile("sc\n\tbns+ 1f\n\tneg 3, 3\n1:"
			 : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
			 : : "memory", "cr0", "r9", "r10", "r11", "r12", "ctr", "xer");
	return r3;
}

static inline void ktest_priv_insn(void)
{
	unsigned long v;
	__asm__ volatile("mfmsr %0" : "=r"(v));
	(void)v;
}

__asm__(".text\n.globl _start\n_start:\n"
	"\tbl 0f\n0:\tmflr 12\n\taddi 12, 12, -4\n"
	"\taddis 2, 12, .TOC.-_start@ha\n\taddi 2, 2, .TOC.-_start@l\n"
	"\tmr 3, 1\n\tclrrdi 1, 1, 4\n\tli 0, 0\n\tstdu 0, -32(1)\n"
	"\tbl ktest_main\n\tnop\n\ttrap\n");
