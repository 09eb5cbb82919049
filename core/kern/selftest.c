/*
 * selftest.c - built-in tests of the HAL contract, run on every port when
 * the command line says "selftest" (or "selftest=name,name").  Output is
 * KTAP version 1, parsed by the test harness (ci/ktap.awk).
 */
#include <kernel.h>
#include <fdt.h>
#include <mm.h>
#include <sched.h>
#include <selftest.h>
#include <tty.h>

struct selftest {
	const char *name;
	int (*fn)(void);		/* 0 pass, 1 fail */
	int (*fn_skip)(const char **);	/* the same, or -1 with a reason to skip */
};

int selftest_failures;
#define failures_in_test selftest_failures

void ktap_diag(const char *fmt, ...)
{
	char line[200];
	va_list ap;

	line[0] = '#';
	line[1] = ' ';
	va_start(ap, fmt);
	int n = vsnprintf(line + 2, sizeof(line) - 3, fmt, ap);
	va_end(ap);
	n += 2;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n] = '\n';
	line[n + 1] = '\0';
	console_puts(line);
}

/* A small deterministic PRNG (xorshift64*). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* ---- traps */
static int test_trap_roundtrip(void)
{
	uint64_t before = trap_breakpoints;

	for (int i = 0; i < 3; i++)
		hal_trap_breakpoint();
	CHECK(trap_breakpoints == before + 3);
	ktap_diag("3 breakpoint traps taken and resumed");
	return 0;
}

/* ---- timer */
static int test_timer_ticks(void)
{
	uint64_t f = hal_timer_freq();
	uint64_t j0 = jiffies, t0 = hal_timer_now(), ns0 = ktime_ns();
	uint64_t limit = t0 + 5 * f;	/* 5 s of counter at most */

	CHECK(hal_irq_enabled());
	while (jiffies < j0 + 10 && hal_timer_now() < limit)
		hal_cpu_relax();
	uint64_t t1 = hal_timer_now(), ns1 = ktime_ns();
	CHECK(jiffies >= j0 + 10);
	CHECK(t1 > t0);
	CHECK(ns1 > ns0);
	ktap_diag("10 ticks in %llu us of counter time (expected ~%u us)",
		  (unsigned long long)((ns1 - ns0) / 1000), 10 * (1000000 / HZ));
	/* Sleeping also works: 5 ticks of thread_sleep_ticks. */
	uint64_t j1 = jiffies;
	thread_sleep_ticks(5);
	CHECK(jiffies >= j1 + 5);
	return 0;
}

/* ---- page allocator */
static int test_page_alloc(void)
{
	enum { N = 300 };
	static paddr_t blocks[N];
	static unsigned int orders[N];
	size_t free0 = pmm_free_pages();

	for (int i = 0; i < N; i++) {
		orders[i] = rnd() % 4;
		blocks[i] = pmm_alloc(orders[i], false);
		CHECK(blocks[i] != 0);
		if (!blocks[i])
			continue;
		CHECK((blocks[i] & ((HAL_PAGE_SIZE << orders[i]) - 1)) == 0);
		uint64_t *p = hal_phys_to_virt(blocks[i]);
		size_t words = (HAL_PAGE_SIZE << orders[i]) / 8;
		for (size_t w = 0; w < words; w += 64)
			p[w] = blocks[i] ^ w;
	}
	CHECK(pmm_free_pages() < free0);
	for (int i = 0; i < N; i++) {
		if (!blocks[i])
			continue;
		uint64_t *p = hal_phys_to_virt(blocks[i]);
		size_t words = (HAL_PAGE_SIZE << orders[i]) / 8;
		bool ok = true;
		for (size_t w = 0; w < words; w += 64)
			ok &= p[w] == (blocks[i] ^ w);
		CHECK(ok);	/* no two blocks overlap */
	}
	for (int i = N - 1; i >= 0; i -= 2)
		if (blocks[i])
			pmm_free(blocks[i], orders[i]);
	for (int i = N - 2; i >= 0; i -= 2)
		if (blocks[i])
			pmm_free(blocks[i], orders[i]);
	CHECK(pmm_free_pages() == free0);
	paddr_t z = pmm_alloc(0, true);
	CHECK(z != 0);
	bool zero = true;
	for (size_t i = 0; z && i < HAL_PAGE_SIZE; i++)
		zero &= ((uint8_t *)hal_phys_to_virt(z))[i] == 0;
	CHECK(zero);
	if (z)
		pmm_free(z, 0);
	CHECK(pmm_free_pages() == free0);
	ktap_diag("%d blocks allocated and freed, %zu pages free before and after", N, free0);
	return 0;
}

/* ---- MMU: map, query, protect, unmap; faults caught */
static int test_mmu_map_fault(void)
{
	struct hal_as *kas = hal_as_kernel();
	vaddr_t va = (vaddr_t)hal_phys_to_virt(ALIGN_UP(pmm_ram_top(), 1 << 24) + (16 << 20));
	paddr_t pa = pmm_alloc(0, true), got;
	unsigned long v;
	unsigned int fl;

	CHECK(pa != 0);
	CHECK(hal_as_query(kas, va, NULL, NULL) == -ENOENT);
	CHECK(hal_probe_read((unsigned long *)va, &v) == -EFAULT);
	CHECK(hal_as_map(kas, va, pa, HAL_MAP_R | HAL_MAP_W) == 0);
	hal_tlb_flush_page(kas, va);
	CHECK(hal_probe_write((unsigned long *)va, 0x5a5a1234UL) == 0);
	CHECK(*(unsigned long *)hal_phys_to_virt(pa) == 0x5a5a1234UL);
	CHECK(hal_probe_read((unsigned long *)va, &v) == 0 && v == 0x5a5a1234UL);
	CHECK(hal_as_query(kas, va, &got, &fl) == 0);
	CHECK(got == pa);
	CHECK((fl & (HAL_MAP_R | HAL_MAP_W)) == (HAL_MAP_R | HAL_MAP_W));
	CHECK(!(fl & HAL_MAP_X));
	CHECK(hal_as_protect(kas, va, HAL_MAP_R) == 0);
	CHECK(hal_probe_write((unsigned long *)va, 1) == -EFAULT);
	CHECK(hal_probe_read((unsigned long *)va, &v) == 0 && v == 0x5a5a1234UL);
	CHECK(hal_as_unmap(kas, va) == 0);
	CHECK(hal_probe_read((unsigned long *)va, &v) == -EFAULT);
	CHECK(hal_as_unmap(kas, va) == -ENOENT);
	CHECK(hal_as_query(kas, va, NULL, NULL) == -ENOENT);
	/* Contract errors: misaligned, kernel W+X. */
	CHECK(hal_as_map(kas, va + 8, pa, HAL_MAP_R) == -EINVAL);
	CHECK(hal_as_map(kas, va, pa, HAL_MAP_R | HAL_MAP_W | HAL_MAP_X) == -EINVAL);
	CHECK(hal_as_query(kas, va, NULL, NULL) == -ENOENT);
	if (pa)
		pmm_free(pa, 0);
	ktap_diag("map/protect/unmap at %#lx; 4 deliberate faults caught", (unsigned long)va);
	return 0;
}

/* ---- W^X of the kernel image */
static int test_kernel_wx(void)
{
	struct hal_as *kas = hal_as_kernel();
	unsigned int fl;
	unsigned long v;

	CHECK(hal_as_query(kas, (vaddr_t)__text_start, NULL, &fl) == 0);
	CHECK((fl & HAL_MAP_X) && !(fl & HAL_MAP_W));
	CHECK(hal_as_query(kas, (vaddr_t)__rodata_start, NULL, &fl) == 0);
	CHECK(!(fl & HAL_MAP_W) && !(fl & HAL_MAP_X));
	CHECK(hal_as_query(kas, ALIGN_DOWN((vaddr_t)&rng_state, HAL_PAGE_SIZE), NULL, &fl) == 0);
	CHECK((fl & HAL_MAP_W) && !(fl & HAL_MAP_X));
	/* Writes to text and rodata fault. */
	CHECK(hal_probe_read((unsigned long *)__text_start, &v) == 0);
	CHECK(hal_probe_write((unsigned long *)__text_start, v) == -EFAULT);
	CHECK(hal_probe_read((unsigned long *)__rodata_start, &v) == 0);
	CHECK(hal_probe_write((unsigned long *)__rodata_start, v) == -EFAULT);
	/* The direct-map alias of kernel text is not writable either. */
	void *alias = hal_phys_to_virt(hal_kernel_virt_to_phys(__text_start));
	if (alias != (void *)__text_start)
		CHECK(hal_probe_write((unsigned long *)alias, v) == -EFAULT);
	return 0;
}

/* ---- kernel threads and preemption */
static volatile int order_log[64];
static volatile int order_n;
static volatile bool spin_stop;
static volatile uint64_t spin_count[2];

static void yielder(void *arg)
{
	int id = (int)(uintptr_t)arg;

	for (int i = 0; i < 5; i++) {
		unsigned long f = hal_irq_save();
		if (order_n < 64)
			order_log[order_n++] = id;
		hal_irq_restore(f);
		thread_yield();
	}
}

static void spinner(void *arg)
{
	int id = (int)(uintptr_t)arg;

	while (!spin_stop)
		spin_count[id]++;
}

static int test_context_switch(void)
{
	struct thread *t[3];

	order_n = 0;
	for (int i = 0; i < 3; i++) {
		t[i] = kthread_create("yielder", yielder, (void *)(uintptr_t)i);
		CHECK(t[i] != NULL);
	}
	for (int i = 0; i < 3; i++)
		if (t[i])
			thread_join(t[i]);
	CHECK(order_n == 15);
	/* Cooperative round robin: every thread ran between two runs of another. */
	int alternations = 0;
	for (int i = 1; i < order_n; i++)
		alternations += order_log[i] != order_log[i - 1];
	CHECK(alternations >= 10);

	/* Preemption: two threads that never yield both make progress. */
	spin_stop = false;
	spin_count[0] = spin_count[1] = 0;
	struct thread *s0 = kthread_create("spin0", spinner, (void *)0);
	struct thread *s1 = kthread_create("spin1", spinner, (void *)1);
	CHECK(s0 && s1);
	thread_sleep_ticks(20);
	spin_stop = true;
	uint64_t c0 = spin_count[0], c1 = spin_count[1];
	if (s0)
		thread_join(s0);
	if (s1)
		thread_join(s1);
	CHECK(c0 > 0 && c1 > 0);
	ktap_diag("15 cooperative switches (%d alternations); preempted spinners counted %llu and %llu",
		  alternations, (unsigned long long)c0, (unsigned long long)c1);
	return 0;
}

/* ---- wait queues */
static struct waitqueue test_wq = WAITQUEUE_INIT("test");
static volatile int produced;

static void producer(void *arg)
{
	for (int i = 0; i < 10; i++) {
		thread_sleep_ticks(1);
		produced++;
		wq_wake_all(&test_wq);
	}
}

static int test_waitqueue(void)
{
	produced = 0;
	struct thread *p = kthread_create("producer", producer, NULL);
	CHECK(p != NULL);
	wait_event(&test_wq, produced >= 10);
	CHECK(produced == 10);
	if (p)
		thread_join(p);
	return 0;
}

/* ---- heap */
static int test_heap_stress(void)
{
	enum { N = 1500 };
	static void *ptr[N];
	static uint16_t len[N];
	size_t free0 = pmm_free_pages(), use0 = kheap_in_use();

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < N; i++) {
			len[i] = (uint16_t)(1 + rnd() % (rnd() % 8 ? 512 : 9000));
			ptr[i] = kmalloc(len[i]);
			CHECK(ptr[i] != NULL);
			if (ptr[i])
				memset(ptr[i], (uint8_t)i, len[i]);
		}
		/* Free in a shuffled order, checking contents first. */
		for (int i = N - 1; i > 0; i--) {
			int j = (int)(rnd() % (uint64_t)(i + 1));
			void *tp = ptr[i]; ptr[i] = ptr[j]; ptr[j] = tp;
			uint16_t tl = len[i]; len[i] = len[j]; len[j] = tl;
		}
		int bad = 0;
		for (int i = 0; i < N; i++) {
			if (!ptr[i])
				continue;
			uint8_t *b = ptr[i];
			for (int k = 1; k < len[i]; k++)
				bad += b[k] != b[0];
			kfree(ptr[i]);
		}
		CHECK(bad == 0);
	}
	CHECK(kheap_in_use() == use0);
	CHECK(pmm_free_pages() == free0);
	struct kmem_cache *c = kmem_cache_create("selftest", 72);
	CHECK(c != NULL);
	void *a = c ? kmem_cache_alloc(c) : NULL, *b = c ? kmem_cache_alloc(c) : NULL;
	CHECK(a && b && a != b && ((uintptr_t)a & 15) == 0);
	if (a)
		kmem_cache_free(c, a);
	if (b)
		kmem_cache_free(c, b);
	ktap_diag("3 x %d allocations of 1..9000 bytes; heap and free pages back to baseline", N);
	return 0;
}

/* ---- kernel log */
static int test_klog(void)
{
	static char buf[KLOG_READ_ALL];

	pr_debug("selftest klog marker %d\n", 4242);
	size_t n = klog_read(buf, sizeof(buf));
	CHECK(n > 0);
	bool found = false;
	for (size_t i = 0; i + 25 <= n; i++)
		if (memcmp(buf + i, "selftest klog marker 4242", 25) == 0)
			found = true;
	CHECK(found);
	CHECK(buf[0] == '<' && buf[2] == '>' && buf[3] == '[');
	return 0;
}

/* ---- device tree */
static int test_fdt(void)
{
	CHECK(fdt_path(&boot_fdt, "/") == 0);
	CHECK(fdt_prop_str(&boot_fdt, 0, "compatible") != NULL);
	CHECK(fdt_find_device_type(&boot_fdt, -1, "memory") > 0);
	CHECK(fdt_path(&boot_fdt, "/cpus") > 0);
	CHECK(fdt_path(&boot_fdt, "/no/such/node") < 0);
	return 0;
}

static const struct selftest tests[] = {
	{ "trap_roundtrip", test_trap_roundtrip, NULL },
	{ "timer_ticks", test_timer_ticks, NULL },
	{ "page_alloc", test_page_alloc, NULL },
	{ "mmu_map_fault", test_mmu_map_fault, NULL },
	{ "kernel_wx", test_kernel_wx, NULL },
	{ "context_switch", test_context_switch, NULL },
	{ "waitqueue", test_waitqueue, NULL },
	{ "heap_stress", test_heap_stress, NULL },
	{ "klog", test_klog, NULL },
	{ "fdt", test_fdt, NULL },
	{ "fs_files", selftest_fs_files, NULL },
	{ "fs_namespace", selftest_fs_namespace, NULL },
	{ "fs_perm", selftest_fs_perm, NULL },
	{ "fs_initramfs", selftest_fs_initramfs, NULL },
	{ "fs_devices", selftest_fs_devices, NULL },
	{ "fs_mount", selftest_fs_mount, NULL },
	{ "sysfs_devtmpfs", selftest_sysfs_devtmpfs, NULL },
	{ "sysfs_tree", selftest_sysfs_tree, NULL },
	{ "sysfs_dt", selftest_sysfs_dt, NULL },
	{ "sysfs_random", selftest_sysfs_random, NULL },
	{ "sysfs_syslog", selftest_sysfs_syslog, NULL },
	{ "procfs_pbuf", selftest_procfs_pbuf, NULL },
	{ "procfs_mount", selftest_procfs_mount, NULL },
	{ "procfs_tmpfs_size", selftest_procfs_tmpfs_size, NULL },
	{ "tty_canon", selftest_tty_canon, NULL },
	{ "tty_echo", selftest_tty_echo, NULL },
	{ "tty_isig", selftest_tty_isig, NULL },
	{ "tty_eof", selftest_tty_eof, NULL },
	{ "tty_noncanon", selftest_tty_noncanon, NULL },
	{ "tty_termios", selftest_tty_termios, NULL },
	{ "tty_jobctl", selftest_tty_jobctl, NULL },
	{ "user_exec", NULL, selftest_user_exec },
	{ "user_faults", NULL, selftest_user_faults },
	{ "user_badelf", NULL, selftest_user_badelf },
};

static bool selected(const char *list, const char *name)
{
	if (!*list)
		return true;
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == n && strncmp(p, name, n) == 0)
			return true;
		p += l + (e ? 1 : 0);
	}
	return false;
}

int selftest_run(void)
{
	char list[256], line[96];
	int n = 0, failed = 0;

	cmdline_get("selftest", list, sizeof(list));
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++)
		n += selected(list, tests[i].name);
	console_puts("KTAP version 1\n");
	snprintf(line, sizeof(line), "1..%d\n", n);
	console_puts(line);
	int k = 0;
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		if (!selected(list, tests[i].name))
			continue;
		failures_in_test = 0;
		const char *why = NULL;
		int r = tests[i].fn ? tests[i].fn() : tests[i].fn_skip(&why);
		k++;
		if (r < 0)
			snprintf(line, sizeof(line), "ok %d %s # SKIP %s\n", k, tests[i].name,
				 why ? why : "");
		else if (r || failures_in_test)
			snprintf(line, sizeof(line), "not ok %d %s\n", k, tests[i].name);
		else
			snprintf(line, sizeof(line), "ok %d %s\n", k, tests[i].name);
		failed += r > 0 || failures_in_test;
		console_puts(line);
	}
	snprintf(line, sizeof(line), "# selftest: %d passed, %d failed\n", n - failed, failed);
	console_puts(line);
	return failed;
}
