/*
 * main.c - core_main: from the arch's hand-over to a running scheduler.
 */
#include <kernel.h>
#include <fdt.h>
#include <mm.h>
#include <sched.h>
#include <proc.h>
#include <file.h>
#include <vfs_ctx.h>

/* The file, filesystem and tty layers, when linked in (weak: NULL if not). */
extern void vfs_init(void) __attribute__((weak));
extern int initramfs_unpack(const void *buf, size_t size) __attribute__((weak));
extern void tty_init(void) __attribute__((weak));
extern struct file *tty_open_console(void) __attribute__((weak));
extern struct files *files_create(void) __attribute__((weak));
extern struct fs_ctx *fs_ctx_create(void) __attribute__((weak));

void boot_check_fdt(const struct fdt *f);

const char *kernel_cmdline = "";
static char cmdline_buf[1024];

const char *cmdline_get(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = kernel_cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t wlen = (size_t)(p - w);
		if (wlen >= klen && strncmp(w, key, klen) == 0 &&
		    (wlen == klen || w[klen] == '=')) {
			const char *v = wlen == klen ? w + klen : w + klen + 1;
			size_t vlen = (size_t)(p - v);
			if (size) {
				size_t c = vlen < size - 1 ? vlen : size - 1;
				memcpy(buf, v, c);
				buf[c] = '\0';
			}
			return buf;
		}
	}
	return NULL;
}

/*
 * The checks every boot device tree must pass; a failure panics with a
 * message that names the problem.  Also run on deliberately broken copies
 * by socle.fdt_test= to prove the path.
 */
void boot_check_fdt(const struct fdt *f)
{
	if (fdt_path(f, "/") != 0)
		panic("device tree: no root node");
	int mem = fdt_find_device_type(f, -1, "memory");
	if (mem < 0)
		panic("device tree: no memory node (device_type = \"memory\"): cannot find RAM");
	uint64_t base, size;
	if (!fdt_reg(f, mem, 0, &base, &size))
		panic("device tree: memory node %s has no usable reg property", fdt_name(f, mem));
}

static void add_dt_memory(void)
{
	for (int n = fdt_find_device_type(&boot_fdt, -1, "memory"); n >= 0;
	     n = fdt_find_device_type(&boot_fdt, n, "memory")) {
		const char *st = fdt_prop_str(&boot_fdt, n, "status");
		if (st && strcmp(st, "okay") != 0 && strcmp(st, "ok") != 0)
			continue;
		uint64_t base, size;
		for (int i = 0; fdt_reg(&boot_fdt, n, i, &base, &size); i++)
			pmm_add_range(base, size);
	}
}

static void reserve_dt_regions(const struct hal_boot_info *bi)
{
	uint64_t a, s;

	for (int i = 0; fdt_rsv(&boot_fdt, i, &a, &s); i++)
		pmm_reserve(a, s);
	int rm = fdt_path(&boot_fdt, "/reserved-memory");
	if (rm >= 0)
		for (int c = fdt_first_child(&boot_fdt, rm); c >= 0; c = fdt_next_sibling(&boot_fdt, c))
			for (int i = 0; fdt_reg(&boot_fdt, c, i, &a, &s); i++)
				pmm_reserve(a, s);
	int ch = fdt_path(&boot_fdt, "/chosen");
	uint32_t lo = 0, hi = 0;
	int len;
	const void *v;
	if (ch >= 0 && (v = fdt_getprop(&boot_fdt, ch, "linux,initrd-start", &len)) && len >= 4) {
		lo = len == 8 ? (uint32_t)fdt_be64(v) : fdt_be32(v);
		v = fdt_getprop(&boot_fdt, ch, "linux,initrd-end", &len);
		if (v && len >= 4)
			hi = len == 8 ? (uint32_t)fdt_be64(v) : fdt_be32(v);
		if (hi > lo)
			pmm_reserve(lo, hi - lo);
	}
	if (bi->initrd_size)
		pmm_reserve(bi->initrd_base, bi->initrd_size);
	for (unsigned int i = 0; i < bi->nreserved; i++)
		pmm_reserve(bi->reserved[i].base, bi->reserved[i].size);
	if (bi->dtb_phys)
		pmm_reserve(bi->dtb_phys, boot_fdt.size);
	paddr_t k = hal_kernel_virt_to_phys(__kernel_start);
	pmm_reserve(k, (paddr_t)(ALIGN_UP((vaddr_t)__kernel_end, HAL_PAGE_SIZE) - (vaddr_t)__kernel_start));
}

/* socle.fdt_test=corrupt|nomemory: check a broken copy of the boot tree. */
static void fdt_fault_injection(void)
{
	char what[16];

	if (!cmdline_get("socle.fdt_test", what, sizeof(what)))
		return;
	unsigned int order = 0;
	while ((HAL_PAGE_SIZE << order) < boot_fdt.size)
		order++;
	paddr_t pa = pmm_alloc(order, false);
	if (!pa)
		panic("fdt_test: no memory for a copy");
	uint8_t *copy = hal_phys_to_virt(pa);
	memcpy(copy, boot_fdt.blob, boot_fdt.size);
	struct fdt f;
	pr_info("fdt_test: checking a %s copy of the device tree\n", what);
	if (strcmp(what, "corrupt") == 0) {
		/* Break the first property token of the root node. */
		uint32_t off = fdt_be32(copy + 8) + 8;
		copy[off] = 0x7f;
	} else if (strcmp(what, "nomemory") == 0) {
		/* Rename every device_type = "memory" so no memory node is left. */
		struct fdt cf;
		if (fdt_open(&cf, copy, boot_fdt.size) == 0)
			for (int n = fdt_find_device_type(&cf, -1, "memory"); n >= 0;
			     n = fdt_find_device_type(&cf, n, "memory"))
				*(char *)fdt_prop_str(&cf, n, "device_type") = 'M';
	} else if (strcmp(what, "badmagic") == 0) {
		copy[0] ^= 0xff;
	}
	int err = fdt_open(&f, copy, boot_fdt.size);
	if (err)
		panic("device tree at %p: %s", copy, fdt_strerror(err));
	boot_check_fdt(&f);
	pr_info("fdt_test: copy accepted\n");
	pmm_free(pa, order);
}

static void banner(const struct hal_boot_info *bi)
{
	int root = fdt_root(&boot_fdt);
	const char *model = fdt_prop_str(&boot_fdt, root, "model");
	const char *compat = fdt_prop_str(&boot_fdt, root, "compatible");
	int ch = fdt_path(&boot_fdt, "/chosen");
	const char *stdout_path = ch >= 0 ? fdt_prop_str(&boot_fdt, ch, "stdout-path") : NULL;

	pr_info("Socle version " SOCLE_VERSION " (%s) clang " __clang_version__ "\n", hal_arch_name());
	pr_info("Boot: %s; device tree %s, %zu bytes\n", bi->firmware ? bi->firmware : "?",
		bi->dtb_phys ? "from firmware" : "embedded", boot_fdt.size);
	pr_info("Machine model: %s (%s)\n", model ? model : "unknown", compat ? compat : "-");
	pr_info("CPU: %s\n", hal_cpu_model());
	pr_info("Console: %s\n", stdout_path ? stdout_path : "arch default");
	pr_info("Command line: %s\n", kernel_cmdline);
}

static const char *memchr_first(const char *s, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == c)
			return s + i;
	return NULL;
}

/* The initrd: from the boot info, else from /chosen linux,initrd-*. */
static bool find_initrd(const struct hal_boot_info *bi, paddr_t *base, size_t *size)
{
	if (bi->initrd_size) {
		*base = bi->initrd_base;
		*size = bi->initrd_size;
		return true;
	}
	int ch = fdt_path(&boot_fdt, "/chosen");
	int len;
	const void *v;
	if (ch < 0 || !(v = fdt_getprop(&boot_fdt, ch, "linux,initrd-start", &len)))
		return false;
	uint64_t lo = len == 8 ? fdt_be64(v) : fdt_be32(v), hi;
	v = fdt_getprop(&boot_fdt, ch, "linux,initrd-end", &len);
	if (!v)
		return false;
	hi = len == 8 ? fdt_be64(v) : fdt_be32(v);
	if (hi <= lo)
		return false;
	*base = lo;
	*size = hi - lo;
	return true;
}

/*
 * Mount the root filesystem from the initramfs and start init on the
 * console: init= from the command line, else /init, /sbin/init, /bin/sh.
 * Returns only when there is no init to run.
 */
static void start_init(const struct hal_boot_info *bi)
{
	paddr_t rd;
	size_t rdsize;

	if (!vfs_init || !files_create || !fs_ctx_create || !tty_open_console) {
		pr_warn("init: no file system layer in this kernel\n");
		return;
	}
	if (find_initrd(bi, &rd, &rdsize) && initramfs_unpack) {
		int err = initramfs_unpack(hal_phys_to_virt(rd), rdsize);
		pr_info("initramfs: %zu bytes at %#llx%s\n", rdsize, (unsigned long long)rd,
			err ? " (unpacked with errors)" : "");
	} else {
		pr_warn("initramfs: none given\n");
	}
	char init_path[128];
	const char *tries[] = { NULL, "/init", "/sbin/init", "/bin/sh" };
	if (cmdline_get("init", init_path, sizeof(init_path)))
		tries[0] = init_path;
	/* Like Linux: command-line words "name=value" that are not kernel
	 * parameters (no '.' in the name, not init=) go to init's environment. */
	static char env_words[16][128];
	const char *envp[24] = { "HOME=/", "TERM=linux" };
	int ne = 2;
	for (const char *c = kernel_cmdline; *c && ne < 18;) {
		while (*c == ' ')
			c++;
		const char *w = c;
		while (*c && *c != ' ')
			c++;
		size_t len = (size_t)(c - w);
		const char *eq = memchr_first(w, '=', len);
		if (!eq || eq == w || len >= sizeof(env_words[0]) || memchr_first(w, '.', (size_t)(eq - w)) ||
		    strncmp(w, "init=", 5) == 0)
			continue;
		memcpy(env_words[ne - 2], w, len);
		env_words[ne - 2][len] = '\0';
		envp[ne] = env_words[ne - 2];
		ne++;
	}
	envp[ne] = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(tries); i++) {
		if (!tries[i])
			continue;
		struct files *files = files_create();
		struct fs_ctx *fs = fs_ctx_create();
		struct file *con = tty_open_console();
		if (!files || !fs || !con)
			panic("init: cannot set up the console for init");
		fd_install(files, con, 0, 0);
		file_get(con);
		fd_install(files, con, 1, 0);
		file_get(con);
		fd_install(files, con, 2, 0);
		const char *argv[] = { tries[i], NULL };
		int err;
		struct proc *p = proc_spawn_init(tries[i], argv, envp, files, fs, &err);
		if (p) {
			pr_info("init: started %s as pid %d; memory in use %zu KiB of %zu KiB\n", tries[i],
				p->pid, (pmm_total_pages() - pmm_free_pages()) * (HAL_PAGE_SIZE / 1024),
				pmm_total_pages() * (HAL_PAGE_SIZE / 1024));
			/* kmain has nothing left to do: it waits for init forever. */
			int st = proc_wait_zombie(p);
			panic("Attempted to kill init! exitcode=%#x", st);
		}
		pr_warn("init: cannot run %s: error %d\n", tries[i], err);
		files_put(files);
		fs_ctx_put(fs);
	}
}

void core_main(struct hal_boot_info *bi)
{
	klog_init();
	if (!bi->dtb)
		panic("device tree: none was passed by the firmware or boot loader (%s)",
		      bi->firmware ? bi->firmware : "unknown boot");
	int err = fdt_open(&boot_fdt, bi->dtb, (size_t)-1);
	if (err)
		panic("device tree at %p: %s", bi->dtb, fdt_strerror(err));
	boot_check_fdt(&boot_fdt);

	const char *cl = bi->cmdline;
	int ch = fdt_path(&boot_fdt, "/chosen");
	if (!cl && ch >= 0)
		cl = fdt_prop_str(&boot_fdt, ch, "bootargs");
	if (cl) {
		strlcpy(cmdline_buf, cl, sizeof(cmdline_buf));
		kernel_cmdline = cmdline_buf;
	}
	char lvl[4];
	if (cmdline_get("quiet", lvl, sizeof(lvl)))
		console_loglevel = 4;
	banner(bi);

	/* RAM: firmware's map when it gives one, else the DT memory nodes. */
	if (bi->nmem) {
		for (unsigned int i = 0; i < bi->nmem; i++)
			pmm_add_range(bi->mem[i].base, bi->mem[i].size);
	} else {
		add_dt_memory();
	}
	reserve_dt_regions(bi);
	pmm_init();
	pr_info("Memory: %zu KiB RAM, %zu KiB free, kernel image %lu KiB\n",
		pmm_total_pages() * 4, pmm_free_pages() * 4,
		(unsigned long)((vaddr_t)__kernel_end - (vaddr_t)__kernel_start) / 1024);
	kheap_init();
	vm_init();
	hal_init_post_mm(bi);
	pr_info("vm: kernel page tables active (4 KiB pages, W^X)\n");
	time_init();
	sched_init();
	proc_init();
	fdt_fault_injection();
	pr_info("timer: %llu Hz counter, %d Hz tick\n", (unsigned long long)hal_timer_freq(), HZ);

	time_start_tick();
	hal_irq_enable();
	/* The root file system and the console tty, when linked in. */
	if (vfs_init)
		vfs_init();
	if (tty_init)
		tty_init();

	char dummy[4];
	if (cmdline_get("selftest", dummy, sizeof(dummy))) {
		int failed = selftest_run();
		char line[48];
		snprintf(line, sizeof(line), "socle: poweroff status=%d\n", failed ? 1 : 0);
		console_puts(line);
		hal_poweroff(failed ? 1 : 0);
	}
	start_init(bi);
	pr_info("Socle is up with no init process: console echo follows; end QEMU with Ctrl-A X.\n");
	for (;;) {
		/* With the tty layer the console belongs to it; without, echo. */
		int c = tty_init ? -1 : hal_early_getc();
		if (c >= 0) {
			char s[2] = { (char)(c == '\r' ? '\n' : c), 0 };
			console_puts(s);
		} else {
			thread_sleep_ticks(tty_init ? HZ : 1);
		}
	}
}
