/* ktest on s390x: svc 0 with r1 = number, r2-r7 arguments, result in r2. */
#define KTEST_PRIV_SIG 4	/* privileged operation in problem state: SIGILL */
#define KTEST_KERNEL_ADDR 0x10000UL	/* kernel text; not mapped in user space */
/* The CPU reports only the page of a fault, and Linux passes that on. */
#define KTEST_SI_ADDR_PAGE_ONLY 1

static inline long ksys(long n, long a, long b, long c, long d, long e, long f)
{
	/* s390x's mmap (old_mmap, 90) takes one pointer to its six arguments. */
	long mm[6] = { a, b, c, d, e, f };
	if (n == 90) {
		a = (long)mm;
		b = c = d = e = f = 0;
	}
	register long r1 __asm__("r1") = n;
	register long r2 __asm__("r2") = a;
	register long r3 __asm__("r3") = b;
	register long r4 __asm__("r4") = c;
	register long r5 __asm__("r5") = d;
	register long r6 __asm__("r6") = e;
	register long r7 __asm__("r7") = f;
	__asm__ volatile("svc 0" : "+d"(r2) : "d"(r1), "d"(r3), "d"(r4), "d"(r5), "d"(r6), "d"(r7)
			 : "memory");
	return r2;
}

/* PTLB (0xb20d) is privileged. */
static inline void ktest_priv_insn(void) { __asm__ volatile(".long 0xb20d0000"); }

__asm__(".text\n.globl _start\n_start:\n"
	"\tlgr %r2, %r15\n\taghi %r15, -160\n\txc 0(8,%r15), 0(%r15)\n"
	"\tbrasl %r14, ktest_main\n\t.long 0\n");
