/*
 * selftest_user.c - self-tests of user mode: the embedded ktest program
 * (userland/ktest) run as a process in its modes, and exec refusing bad
 * ELF images.  Skipped, with the reason, on a port whose HAL has no user
 * mode yet.
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>
#include <selftest.h>
#include <file.h>

extern const char __ktest_elf_start[], __ktest_elf_end[];
/* The console as fds 0-2 when the file and tty layers are linked in. */
extern struct file *tty_open_console(void) __attribute__((weak));
extern struct files *files_create(void) __attribute__((weak));

static struct files *console_files(void)
{
	if (!tty_open_console || !files_create)
		return NULL;
	struct files *fs = files_create();
	struct file *con = tty_open_console();
	if (!fs || !con)
		return fs;
	fd_install(fs, con, 0, 0);
	file_get(con);
	fd_install(fs, con, 1, 0);
	file_get(con);
	fd_install(fs, con, 2, 0);
	return fs;
}

static const char *no_user_mode(void)
{
	return hal_elf_machine() == 0 ? "this port has no user mode yet" : NULL;
}

/* Run ktest in mode; its wait status, or -1 if it could not start. */
static int run_ktest(const char *mode, const void *image, size_t size, int *spawn_err)
{
	const char *argv[] = { "/ktest", mode, NULL };
	const char *envp[] = { "KTEST=1", NULL };
	int err;
	struct files *files = console_files();
	struct proc *p = proc_spawn_image(image, size, argv, envp, files, NULL, &err);

	if (spawn_err)
		*spawn_err = err;
	if (!p) {
		if (files)
			files_put(files);
		return -1;
	}
	int status = proc_wait_zombie(p);
	proc_reap(p);
	return status;
}

static size_t ktest_size(void)
{
	return (size_t)(__ktest_elf_end - __ktest_elf_start);
}

int selftest_user_exec(const char **skip)
{
	if ((*skip = no_user_mode()))
		return -1;
	size_t free0 = pmm_free_pages();
	int st = run_ktest("basic", __ktest_elf_start, ktest_size(), NULL);
	ktap_diag("ktest basic: wait status %#x", st);
	CHECK(st == 0);
	/* Everything the process had is back: pages, tables, stack. */
	CHECK(pmm_free_pages() == free0);
	return 0;
}

int selftest_user_faults(const char **skip)
{
	if ((*skip = no_user_mode()))
		return -1;
	int st = run_ktest("kwrite", __ktest_elf_start, ktest_size(), NULL);
	ktap_diag("store to a kernel address: wait status %#x (SIGSEGV = 0x8b with core)", st);
	CHECK(st >= 0 && (st & 0x7f) == SIGSEGV);
	st = run_ktest("segv-default", __ktest_elf_start, ktest_size(), NULL);
	CHECK(st >= 0 && (st & 0x7f) == SIGSEGV);
	st = run_ktest("priv", __ktest_elf_start, ktest_size(), NULL);
	ktap_diag("privileged instruction: exit status %d (0: the arch's Linux signal)", st >> 8);
	CHECK(st == 0);
	return 0;
}

int selftest_user_badelf(const char **skip)
{
	if ((*skip = no_user_mode()))
		return -1;
	size_t n = ktest_size();
	unsigned int order = 0;
	while ((HAL_PAGE_SIZE << order) < n)
		order++;
	paddr_t pa = pmm_alloc(order, false);
	CHECK(pa != 0);
	if (!pa)
		return 0;
	char *copy = hal_phys_to_virt(pa);
	int err;
	size_t free0 = pmm_free_pages();

	memcpy(copy, __ktest_elf_start, n);
	copy[1] = 'X';				/* bad magic */
	CHECK(run_ktest("basic", copy, n, &err) == -1 && err == -ENOEXEC);
	memcpy(copy, __ktest_elf_start, n);
	CHECK(run_ktest("basic", copy, 40, &err) == -1 && err == -ENOEXEC);	/* truncated */
	memcpy(copy, __ktest_elf_start, n);
	memset(copy + 32, 0x7f, 8);		/* e_phoff far outside the file */
	CHECK(run_ktest("basic", copy, n, &err) == -1 && err == -ENOEXEC);
	memcpy(copy, __ktest_elf_start, n);
	copy[18] ^= 0x55;			/* another machine */
	copy[19] ^= 0x55;
	CHECK(run_ktest("basic", copy, n, &err) == -1 && err == -ENOEXEC);
	CHECK(pmm_free_pages() == free0);
	pmm_free(pa, order);
	return 0;
}
