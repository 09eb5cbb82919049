/*
 * ktest.c - the user-mode half of the kernel self-tests.
 *
 * A freestanding static program (no C library), built for each arch and
 * embedded in the kernel; core's "user_*" self-tests run it in a process.
 * It checks what a Linux program relies on at its first instructions: the
 * initial stack (argc, argv, envp, auxv), system calls and errno returns,
 * brk and mmap, page protection faults turned into SIGSEGV with a handler
 * that fixes the fault and returns, signal masks, and sleeping.  Each check
 * prints "# ktest: ok|FAIL <name>"; the exit status is the number of
 * failures.  Modes (argv[1]): basic, kwrite, priv, segv-default.
 */
#include <asm/unistd.h>
#include <stddef.h>
#include <stdint.h>

/* userland/ktest/arch/<arch>.h (ksys, _start, the expected signals) comes
 * first, through the compiler's -include. */

#ifndef KTEST_SI_ADDR_PAGE_ONLY
#define KTEST_SI_ADDR_PAGE_ONLY 0	/* si_addr is the faulting byte */
#endif
#ifndef KTEST_SA_HAS_RESTORER
#define KTEST_SA_HAS_RESTORER 1
#endif

#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_RANDOM 25
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGILL 4
#define SA_SIGINFO 4
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 2
#define MAP_ANONYMOUS 0x20
#define EBADF 9
#define EINVAL 22
#define ENOSYS 38
#define EFAULT 14

static long sys1(long n, long a) { return ksys(n, a, 0, 0, 0, 0, 0); }
static long sys3(long n, long a, long b, long c) { return ksys(n, a, b, c, 0, 0, 0); }

static size_t slen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static void out(const char *s)
{
	sys3(__NR_write, 1, (long)s, (long)slen(s));
}

static int failures;

static void check(int ok, const char *name)
{
	out(ok ? "# ktest: ok " : "# ktest: FAIL ");
	out(name);
	out("\n");
	failures += !ok;
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

struct ksigaction {
	unsigned long handler, flags;
#if KTEST_SA_HAS_RESTORER
	unsigned long restorer;
#endif
	unsigned long mask;
};

static long sigaction(int sig, void *handler, unsigned long flags)
{
	struct ksigaction sa = { .handler = (unsigned long)handler, .flags = flags };
	return ksys(__NR_rt_sigaction, sig, (long)&sa, 0, 8, 0, 0);
}

static volatile char *prot_page;
static volatile int segv_seen, segv_addr_ok, usr1_seen;

static void on_segv(int sig, void *info, void *uc)
{
	int32_t *si = info;
	void *addr = *(void **)((char *)info + 16);

	segv_seen++;
	segv_addr_ok = sig == SIGSEGV && si[0] == SIGSEGV && si[2] == 2 /* SEGV_ACCERR */ &&
		       addr == (void *)(KTEST_SI_ADDR_PAGE_ONLY ? prot_page : prot_page + 1);
	/* Make the page writable: the faulting store runs again and succeeds. */
	ksys(__NR_mprotect, (long)prot_page, 4096, PROT_READ | PROT_WRITE, 0, 0, 0);
	(void)uc;
}

static void on_usr1(int sig)
{
	usr1_seen += sig == SIGUSR1;
}

static void on_priv(int sig)
{
	sys1(__NR_exit_group, sig == KTEST_PRIV_SIG ? 0 : 100 + sig);
}

struct kts { long sec, nsec; };

static long now_ns(void)
{
	struct kts ts;
	sys3(__NR_clock_gettime, 1, (long)&ts, 0);
	return ts.sec * 1000000000L + ts.nsec;
}

static void basic(int argc, char **argv, char **envp, unsigned long *auxv)
{
	check(argc == 2 && streq(argv[1], "basic") && argv[2] == NULL, "argv");
	check(envp[0] && streq(envp[0], "KTEST=1") && envp[1] == NULL, "envp");
	unsigned long pagesz = 0, entry = 0, random = 0;
	for (unsigned long *a = auxv; a[0]; a += 2) {
		if (a[0] == AT_PAGESZ) pagesz = a[1];
		if (a[0] == AT_ENTRY) entry = a[1];
		if (a[0] == AT_RANDOM) random = a[1];
	}
	extern char _start[];
	check(pagesz == 4096 && entry == (unsigned long)_start && random != 0, "auxv");

	long pid = sys1(__NR_getpid, 0);
	check(pid > 0 && sys1(__NR_gettid, 0) == pid, "getpid_gettid");
	char uts[65 * 6];
	check(sys1(__NR_uname, (long)uts) == 0 && streq(uts, "Linux"), "uname");
	check(sys3(__NR_write, 77, (long)"x", 1) == -EBADF, "write_ebadf");
	check(sys3(__NR_write, 1, KTEST_KERNEL_ADDR, 1) == -EFAULT, "write_efault_kernel_ptr");
	check(sys3(__NR_write, 1, 8, 1) == -EFAULT, "write_efault_null_page");
	check(ksys(4000, 0, 0, 0, 0, 0, 0) == -ENOSYS, "enosys");

	/* brk: grow by 3 pages and use them. */
	long b0 = sys1(__NR_brk, 0), b1 = sys1(__NR_brk, b0 + 3 * 4096);
	int brk_ok = b0 > 0 && b1 == b0 + 3 * 4096;
	if (brk_ok) {
		char *p = (char *)b0;
		for (int i = 0; i < 3 * 4096; i += 512)
			p[i] = (char)i;
		for (int i = 0; i < 3 * 4096; i += 512)
			brk_ok &= p[i] == (char)i;
	}
	check(brk_ok, "brk");

	/* mmap an anonymous region, fill it, unmap it. */
	long m = ksys(__NR_mmap, 0, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int mm_ok = m > 0 && (m & 4095) == 0;
	if (mm_ok) {
		long *w = (long *)m;
		for (int i = 0; i < 8 * 512; i += 64)
			mm_ok &= w[i] == 0;
		for (int i = 0; i < 8 * 512; i += 64)
			w[i] = i;
		for (int i = 0; i < 8 * 512; i += 64)
			mm_ok &= w[i] == i;
		mm_ok &= ksys(__NR_munmap, m, 8 * 4096, 0, 0, 0, 0) == 0;
	}
	check(mm_ok, "mmap_anon");
	/* Neither MAP_SHARED nor MAP_PRIVATE: EINVAL, as Linux. */
	check(ksys(__NR_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == -EINVAL, "mmap_einval");

	/* A store to a read-only page: SIGSEGV handler fixes it, store retried. */
	long pg = ksys(__NR_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	prot_page = (volatile char *)pg;
	prot_page[0] = 1;
	ksys(__NR_mprotect, pg, 4096, PROT_READ, 0, 0, 0);
	check(sigaction(SIGSEGV, (void *)on_segv, SA_SIGINFO) == 0, "sigaction");
	prot_page[1] = 42;
	check(segv_seen == 1 && segv_addr_ok && prot_page[1] == 42 && prot_page[0] == 1,
	      "segv_handler_and_sigreturn");

	/* kill(self) runs the handler before kill returns; masks hold it back. */
	sigaction(SIGUSR1, (void *)on_usr1, 0);
	sys3(__NR_kill, pid, SIGUSR1, 0);
	check(usr1_seen == 1, "kill_self_handler");
	unsigned long set = 1UL << (SIGUSR1 - 1), pending = 0;
	ksys(__NR_rt_sigprocmask, SIG_BLOCK, (long)&set, 0, 8, 0, 0);
	sys3(__NR_kill, pid, SIGUSR1, 0);
	int held = usr1_seen == 1;
	ksys(__NR_rt_sigpending, (long)&pending, 8, 0, 0, 0, 0);
	held &= pending == set;
	ksys(__NR_rt_sigprocmask, SIG_UNBLOCK, (long)&set, 0, 8, 0, 0);
	check(held && usr1_seen == 2, "sigprocmask_block_unblock");
	check(ksys(__NR_rt_sigaction, 9 /* SIGKILL */, (long)&set, 0, 8, 0, 0) == -EINVAL,
	      "sigaction_sigkill_einval");

	/* nanosleep 30 ms. */
	long t0 = now_ns();
	struct kts req = { 0, 30000000 };
	long r = sys3(__NR_nanosleep, (long)&req, 0, 0);
	long dt = now_ns() - t0;
	check(r == 0 && dt >= 30000000 && dt < 2000000000L, "nanosleep");
}

void ktest_main(long *sp);
void ktest_main(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **e = envp;
	while (*e)
		e++;
	unsigned long *auxv = (unsigned long *)(e + 1);
	const char *mode = argc > 1 ? argv[1] : "basic";

	if (streq(mode, "basic")) {
		basic(argc, argv, envp, auxv);
	} else if (streq(mode, "kwrite")) {
		*(volatile long *)KTEST_KERNEL_ADDR = 1;	/* must die of SIGSEGV */
		failures = 1;
	} else if (streq(mode, "segv-default")) {
		*(volatile long *)16 = 1;
		failures = 1;
	} else if (streq(mode, "priv")) {
		sigaction(SIGILL, (void *)on_priv, 0);
		sigaction(SIGSEGV, (void *)on_priv, 0);
		ktest_priv_insn();
		failures = 99;	/* the instruction did not trap */
	} else {
		failures = 98;
	}
	sys1(__NR_exit_group, failures);
	for (;;)
		;
}
