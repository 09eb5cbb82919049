/* ktest on x86_64: Linux syscall convention (rax; rdi rsi rdx r10 r8 r9). */
#define KTEST_PRIV_SIG 11	/* hlt at CPL 3 is #GP: Linux sends SIGSEGV */
#define KTEST_KERNEL_ADDR 0xffff800000100000UL

static inline long ksys(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c),
			 "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return ret;
}

static inline void ktest_priv_insn(void) { __asm__ volatile("hlt"); }

__asm__(".text\n.globl _start\n_start:\n"
	"\txor %ebp, %ebp\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n"
	"\tcall ktest_main\n\thlt\n");
