/*
 * exec.c - loading a static ELF executable into a fresh address space and
 * building the initial stack Linux builds: argc, argv, envp, auxv, with
 * the strings, AT_RANDOM bytes and the platform string above them.
 */
#include <kernel.h>
#include <elf.h>
#include <mm.h>
#include <proc.h>
#include <file.h>
#include <vfs_ctx.h>
#include <sys/syscall.h>

#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31

#define MAX_ARG_STRLEN	(128 * 1024)
#define STACK_BUILD	(64 * 1024)	/* room for strings and vectors */

static unsigned int vm_flags(uint32_t pf)
{
	return (pf & PF_R ? VM_READ : 0) | (pf & PF_W ? VM_WRITE : 0) | (pf & PF_X ? VM_EXEC : 0);
}

/* Copy file bytes of one PT_LOAD into the pages of mm (allocating them). */
static int load_segment(struct mm *mm, const struct elf_file *f, const struct elf_phdr *ph,
			vaddr_t bias)
{
	vaddr_t start = bias + ph->vaddr, end = start + ph->memsz;
	vaddr_t pstart = ALIGN_DOWN(start, HAL_PAGE_SIZE), pend = ALIGN_UP(end, HAL_PAGE_SIZE);
	unsigned int fl = vm_flags(ph->flags);

	/* Mappings of adjacent segments may share a page: merge permissions. */
	for (vaddr_t va = pstart; va < pend; va += HAL_PAGE_SIZE) {
		struct vma *v = mm_find_vma(mm, va);
		if (v) {
			v->flags |= fl;
			continue;
		}
		vaddr_t run_end = va + HAL_PAGE_SIZE;
		while (run_end < pend && !mm_find_vma(mm, run_end))
			run_end += HAL_PAGE_SIZE;
		int err = mm_add_vma(mm, va, run_end, fl);
		if (err)
			return err;
		va = run_end - HAL_PAGE_SIZE;
	}
	for (vaddr_t va = pstart; va < pend; va += HAL_PAGE_SIZE) {
		paddr_t pa;
		if (hal_as_query(mm->as, va, &pa, NULL) != 0) {
			pa = pmm_alloc(0, true);
			if (!pa)
				return -ENOMEM;
			/* Writable while loading; final permissions below. */
			int err = hal_as_map(mm->as, va, pa, HAL_MAP_R | HAL_MAP_W | HAL_MAP_USER);
			if (err) {
				pmm_free(pa, 0);
				return err;
			}
		}
		/* The file bytes that land in this page. */
		vaddr_t lo = MAX(va, start), hi = MIN(va + HAL_PAGE_SIZE, start + ph->filesz);
		if (lo < hi)
			memcpy((char *)hal_phys_to_virt(pa) + (lo - va),
			       f->data + ph->offset + (lo - start), hi - lo);
	}
	return 0;
}

/* Apply each vma's final permissions to its loaded pages. */
static void seal_segments(struct mm *mm)
{
	for (struct vma *v = mm->vmas; v; v = v->next) {
		unsigned int f = HAL_MAP_USER | (v->flags & VM_READ ? HAL_MAP_R : 0) |
				 (v->flags & VM_WRITE ? HAL_MAP_W | HAL_MAP_R : 0) |
				 (v->flags & VM_EXEC ? HAL_MAP_X : 0);
		for (vaddr_t va = v->start; va < v->end; va += HAL_PAGE_SIZE)
			if (hal_as_query(mm->as, va, NULL, NULL) == 0)
				hal_as_protect(mm->as, va, f);
	}
}

static int map_sigtramp(struct mm *mm)
{
	size_t len;
	const void *code = hal_sigtramp(&len);
	paddr_t pa = pmm_alloc(0, true);

	if (!pa)
		return -ENOMEM;
	memcpy(hal_phys_to_virt(pa), code, MIN(len, HAL_PAGE_SIZE));
	hal_icache_sync(hal_phys_to_virt(pa), len);
	int err = mm_add_vma(mm, mm->sigtramp, mm->sigtramp + HAL_PAGE_SIZE, VM_READ | VM_EXEC);
	if (!err)
		err = hal_as_map(mm->as, mm->sigtramp, pa, HAL_MAP_R | HAL_MAP_X | HAL_MAP_USER);
	if (err)
		pmm_free(pa, 0);
	return err;
}

struct stack_builder {
	char *buf;		/* kernel copy of the top STACK_BUILD bytes */
	vaddr_t top;		/* user address of buf + STACK_BUILD */
	size_t used;		/* bytes used from the top (strings) */
};

static vaddr_t push_bytes(struct stack_builder *sb, const void *p, size_t n)
{
	if (sb->used + n > STACK_BUILD / 2)
		return 0;
	sb->used += n;
	memcpy(sb->buf + STACK_BUILD - sb->used, p, n);
	return sb->top - sb->used;
}

static uint64_t rng_state;
static void random_bytes(uint8_t *b, size_t n)
{
	if (!rng_state)
		rng_state = hal_timer_now() | 1;
	for (size_t i = 0; i < n; i++) {
		rng_state ^= rng_state << 13;
		rng_state ^= rng_state >> 7;
		rng_state ^= rng_state << 17;
		b[i] = (uint8_t)(rng_state >> 24);
	}
}

/*
 * Build the process's image in mm from the ELF in image; *entry and *sp
 * receive the user pc and stack pointer.
 */
static int exec_load(struct mm *mm, struct proc *p, const void *image, size_t size,
		     const char *const argv[], const char *const envp[],
		     vaddr_t *entry, vaddr_t *sp)
{
	struct elf_file f;
	struct elf_phdr ph;
	unsigned int machine = hal_elf_machine();

	if (machine == 0) {
		pr_err("exec: this port has no user mode yet\n");
		return -ENOEXEC;
	}
	int err = elf_open(&f, image, size, (uint16_t)machine);
	if (err) {
		pr_err("exec: %s: %s\n", argv && argv[0] ? argv[0] : "?", f.error);
		return err;
	}
	if (f.type != ET_EXEC && f.type != ET_DYN) {
		pr_err("exec: %s: not an executable\n", argv[0]);
		return -ENOEXEC;
	}
	for (unsigned int i = 0; i < f.phnum; i++) {
		elf_get_phdr(&f, i, &ph);
		if (ph.type == PT_INTERP) {
			pr_err("exec: %s: dynamically linked programs need the dynamic loader (not yet)\n", argv[0]);
			return -ENOEXEC;
		}
	}
	/* Static PIE: load at two thirds of the user space, like Linux's ELF_ET_DYN_BASE. */
	vaddr_t bias = f.type == ET_DYN ? ALIGN_DOWN(HAL_USER_TOP / 3 * 2, 1UL << 21) : 0;
	if (f.type == ET_DYN && bias > mm->mmap_base / 2)
		bias = ALIGN_DOWN(mm->mmap_base / 2, 1UL << 21);
	vaddr_t hi = 0, phdr_addr = 0;
	for (unsigned int i = 0; i < f.phnum; i++) {
		elf_get_phdr(&f, i, &ph);
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		if (bias + ph.vaddr + ph.memsz > mm->mmap_base || bias + ph.vaddr < HAL_PAGE_SIZE) {
			pr_err("exec: %s: segment at %#llx outside user space\n", argv[0],
			       (unsigned long long)ph.vaddr);
			return -ENOEXEC;
		}
		err = load_segment(mm, &f, &ph, bias);
		if (err)
			return err;
		hi = MAX(hi, bias + ph.vaddr + ph.memsz);
		if (ph.offset <= f.phoff && f.phoff + 56ULL * f.phnum <= ph.offset + ph.filesz)
			phdr_addr = bias + ph.vaddr + (f.phoff - ph.offset);
	}
	if (hi == 0) {
		pr_err("exec: %s: no loadable segment\n", argv[0]);
		return -ENOEXEC;
	}
	seal_segments(mm);
	mm->brk_start = mm->brk = ALIGN_UP(hi, HAL_PAGE_SIZE);
	err = map_sigtramp(mm);
	if (err)
		return err;

	/* The stack: a grows-down mapping just below stack_top. */
	err = mm_add_vma(mm, mm->stack_top - 32 * HAL_PAGE_SIZE, mm->stack_top,
			 VM_READ | VM_WRITE | VM_GROWSDOWN);
	if (err)
		return err;
	struct stack_builder sb = { kmalloc(STACK_BUILD), mm->stack_top, 0 };
	if (!sb.buf)
		return -ENOMEM;
	int argc = 0, envc = 0;
	while (argv && argv[argc])
		argc++;
	while (envp && envp[envc])
		envc++;
	vaddr_t *uargv = kmalloc(sizeof(vaddr_t) * (argc + envc + 2));
	err = -E2BIG;
	if (!uargv)
		goto out;
	vaddr_t execfn = push_bytes(&sb, argv[0], strlen(argv[0]) + 1);
	for (int i = argc - 1; i >= 0; i--)
		if (!(uargv[i] = push_bytes(&sb, argv[i], strnlen(argv[i], MAX_ARG_STRLEN) + 1)))
			goto out;
	for (int i = envc - 1; i >= 0; i--)
		if (!(uargv[argc + i] = push_bytes(&sb, envp[i], strnlen(envp[i], MAX_ARG_STRLEN) + 1)))
			goto out;
	/* Strings were pushed downwards: environment below arguments. */
	mm->arg_start = argc ? uargv[0] : execfn;
	mm->arg_end = execfn;
	mm->env_start = envc ? uargv[argc] : mm->arg_start;
	mm->env_end = mm->arg_start;
	const char *plat = hal_elf_platform();
	vaddr_t uplat = plat ? push_bytes(&sb, plat, strlen(plat) + 1) : 0;
	uint8_t rnd[16];
	random_bytes(rnd, sizeof(rnd));
	vaddr_t urandom = push_bytes(&sb, rnd, sizeof(rnd));
	if (!execfn || !urandom || (plat && !uplat))
		goto out;

	unsigned long aux[] = {
		AT_PHDR, phdr_addr, AT_PHENT, 56, AT_PHNUM, f.phnum, AT_PAGESZ, HAL_PAGE_SIZE,
		AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, bias + f.entry,
		AT_UID, p->uid, AT_EUID, p->euid, AT_GID, p->gid, AT_EGID, p->egid,
		AT_SECURE, 0, AT_RANDOM, urandom, AT_HWCAP, hal_elf_hwcap(),
		AT_HWCAP2, hal_elf_hwcap2(), AT_CLKTCK, HZ, AT_EXECFN, execfn,
		uplat ? AT_PLATFORM : AT_NULL, uplat, AT_NULL, 0,
	};
	size_t words = 1 + argc + 1 + envc + 1 + ARRAY_SIZE(aux);
	vaddr_t usp = ALIGN_DOWN(sb.top - sb.used - words * sizeof(unsigned long), 16);
	size_t off = STACK_BUILD - (sb.top - usp);
	unsigned long *w = (unsigned long *)(sb.buf + off);
	*w++ = (unsigned long)argc;
	for (int i = 0; i < argc; i++)
		*w++ = uargv[i];
	*w++ = 0;
	for (int i = 0; i < envc; i++)
		*w++ = uargv[argc + i];
	*w++ = 0;
	memcpy(w, aux, sizeof(aux));
	/* Copy the built top of the stack into the new address space. */
	size_t total = sb.top - usp;
	err = mm_populate(mm, usp, total, HAL_FAULT_WRITE);
	if (!err && hal_copy_to_user(mm->as, usp, sb.buf + off, total))
		err = -EFAULT;
	if (!err) {
		*entry = bias + f.entry;
		*sp = usp;
	}
out:
	kfree(uargv);
	kfree(sb.buf);
	return err;
}

/* First run of a new user thread: drop to user mode with its frame. */
static void user_thread_entry(void *arg)
{
	struct thread *t = arg;
	struct hal_trapframe *tf = thread_user_tf(t);

	hal_irq_disable();
	core_trap_return(tf);
	hal_user_return(tf);
}

struct proc *proc_spawn_image(const void *image, size_t size, const char *const argv[],
			      const char *const envp[], struct files *files, struct fs_ctx *fs,
			      int *err)
{
	vaddr_t entry, sp;
	struct proc *p = proc_alloc(NULL);

	*err = -ENOMEM;
	if (!p)
		return NULL;
	p->mm = mm_create();
	if (!p->mm)
		goto fail;
	*err = exec_load(p->mm, p, image, size, argv, envp, &entry, &sp);
	if (*err)
		goto fail;
	const char *base = argv[0];
	for (const char *s = argv[0]; *s; s++)
		if (*s == '/')
			base = s + 1;
	strlcpy(p->comm, base, sizeof(p->comm));
	struct thread *t = kthread_create_stopped(p->comm, user_thread_entry, NULL);
	if (!t) {
		*err = -ENOMEM;
		goto fail;
	}
	t->arg = t;
	t->proc = p;
	t->tid = p->pid;	/* a process's first thread has tid == pid */
	p->nthreads = 1;
	p->main_thread = t;
	p->threads = t;
	p->files = files;
	p->fs = fs;
	hal_tf_init_user(thread_user_tf(t), entry, sp);
	thread_start(t);
	*err = 0;
	return p;
fail:
	if (p->mm)
		mm_put(p->mm);
	p->mm = NULL;
	proc_free(p);
	return NULL;
}

/* ---- execve */

#define ARG_MAX		(256 * 1024)
#define MAX_ARGS	4096

/* A NULL-terminated user vector of strings, copied into one kernel block. */
static int copy_strv(vaddr_t uv, char ***out, size_t *budget)
{
	char **v = kzalloc(sizeof(char *) * (MAX_ARGS + 1));
	int n = 0;

	if (!v)
		return -ENOMEM;
	for (; uv; n++) {
		unsigned long up;
		if (n == MAX_ARGS) {
			n = -E2BIG;
			break;
		}
		if (copy_from_user(&up, uv + n * sizeof(up), sizeof(up))) {
			n = -EFAULT;
			break;
		}
		if (!up)
			break;
		char tmp[256];
		long len = strncpy_from_user(tmp, up, sizeof(tmp));
		char *s;
		if (len == -ENAMETOOLONG) {
			/* Long argument: measure it, then copy it whole. */
			long l = hal_strnlen_user(proc_current()->mm->as, up, MAX_ARG_STRLEN);
			if (l < 0 || l >= MAX_ARG_STRLEN) {
				n = l < 0 ? -EFAULT : -E2BIG;
				break;
			}
			s = kmalloc((size_t)l + 1);
			if (!s || strncpy_from_user(s, up, (size_t)l + 1) != l) {
				kfree(s);
				n = -EFAULT;
				break;
			}
			len = l;
		} else if (len < 0) {
			n = (int)len;
			break;
		} else {
			s = kmalloc((size_t)len + 1);
			if (!s) {
				n = -ENOMEM;
				break;
			}
			memcpy(s, tmp, (size_t)len + 1);
		}
		if ((size_t)len + 1 + sizeof(char *) > *budget) {
			kfree(s);
			n = -E2BIG;
			break;
		}
		*budget -= (size_t)len + 1 + sizeof(char *);
		v[n] = s;
	}
	if (n < 0) {
		for (int i = 0; v[i]; i++)
			kfree(v[i]);
		kfree(v);
		return n;
	}
	*out = v;
	return n;
}

static void free_strv(char **v)
{
	if (!v)
		return;
	for (int i = 0; v[i]; i++)
		kfree(v[i]);
	kfree(v);
}

/* "#!interp [arg]" on the first line: fills interp/arg, returns true. */
static bool parse_shebang(const char *buf, size_t size, char *interp, size_t isz, char *arg, size_t asz)
{
	if (size < 3 || buf[0] != '#' || buf[1] != '!')
		return false;
	size_t i = 2, end = size < 256 ? size : 256;
	while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	size_t s = i;
	while (i < end && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n')
		i++;
	if (i == s || i - s >= isz)
		return false;
	memcpy(interp, buf + s, i - s);
	interp[i - s] = '\0';
	while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	s = i;
	while (i < end && buf[i] != '\n')
		i++;
	while (i > s && (buf[i - 1] == ' ' || buf[i - 1] == '\t' || buf[i - 1] == '\r'))
		i--;
	arg[0] = '\0';
	if (i > s && i - s < asz) {
		memcpy(arg, buf + s, i - s);
		arg[i - s] = '\0';
	}
	return true;
}

/* Scratch space of one exec, off the (small) kernel stack. */
struct exec_scratch {
	char cur[256], interp[128], iarg[128];
	char path_copy[4][256], interp_copy[4][128], iarg_copy[4][128];
	const char *xargv[MAX_ARGS + 12];
};

/* Replace the current process's image: the body of execve. */
static int do_exec(const char *path, char **argv, char **envp, struct hal_trapframe *tf)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;
	void *image = NULL;
	size_t size = 0;
	int depth = 0, err;
	struct exec_scratch *x = kmalloc(sizeof(*x));

	if (!x)
		return -ENOMEM;
	char *cur = x->cur;
	const char **xargv = x->xargv;
	strlcpy(cur, path, sizeof(x->cur));
	int argc = 0;
	while (argv[argc])
		argc++;
	/* argv as the loader will see it, rewritten by #! lines. */
	int n = 0;
	for (int i = 0; i < argc && n < MAX_ARGS; i++)
		xargv[n++] = argv[i];
	xargv[n] = NULL;
	for (;;) {
		err = vfs_read_exec(cur, &image, &size);
		if (err)
			goto out;
		if (!parse_shebang(image, size, x->interp, sizeof(x->interp), x->iarg, sizeof(x->iarg)))
			break;
		kfree(image);
		image = NULL;
		err = -ELOOP;
		if (++depth > 4)
			goto out;
		/* argv becomes: interp [iarg] path argv[1...] */
		int d = depth - 1, extra = x->iarg[0] ? 2 : 1;
		err = -E2BIG;
		if (n + extra >= MAX_ARGS)
			goto out;
		strlcpy(x->path_copy[d], cur, sizeof(x->path_copy[d]));
		strlcpy(x->interp_copy[d], x->interp, sizeof(x->interp_copy[d]));
		strlcpy(x->iarg_copy[d], x->iarg, sizeof(x->iarg_copy[d]));
		if (n == 0)
			n = 1;	/* argv[0] is replaced even when empty */
		memmove(&xargv[extra + 1], &xargv[1], sizeof(char *) * (size_t)n);
		xargv[0] = x->interp_copy[d];
		if (x->iarg[0])
			xargv[1] = x->iarg_copy[d];
		xargv[extra] = x->path_copy[d];
		n += extra;
		xargv[n] = NULL;
		strlcpy(cur, x->interp, sizeof(x->cur));
	}
	err = -ENOMEM;
	struct mm *nmm = mm_create();
	if (!nmm)
		goto out;
	vaddr_t entry, sp;
	const char *fallback[] = { cur, NULL };
	err = exec_load(nmm, p, image, size, n ? xargv : fallback, (const char *const *)envp, &entry, &sp);
	kfree(image);
	image = NULL;
	if (err) {
		mm_put(nmm);
		goto out;
	}
	procfs_record_exe(nmm, p->fs, cur);
	/* Point of no return: the old image goes. */
	struct mm *old = p->mm;
	p->mm = nmm;
	sched_as_switch(nmm->as);
	mm_put(old);
	if (p->files)
		files_close_on_exec(p->files);
	for (int s = 0; s < NSIG; s++)
		if (p->sigact[s].handler != SIG_IGN) {
			p->sigact[s].handler = SIG_DFL;
			p->sigact[s].flags = 0;
			p->sigact[s].mask = 0;
		}
	const char *base = cur;
	for (const char *c = cur; *c; c++)
		if (*c == '/')
			base = c + 1;
	strlcpy(p->comm, base, sizeof(p->comm));
	t->clear_child_tid = 0;
	p->did_exec = true;
	t->altstack_sp = 0;
	t->altstack_size = 0;
	hal_tf_init_user(tf, entry, sp);
	t->syscall_noret = true;
	t->in_syscall = false;
	if (!p->vfork_done) {
		p->vfork_done = true;
		wq_wake_all(&p->vfork_wq);
	}
	err = 0;
out:
	kfree(image);
	kfree(x);
	return err;
}

long sys_execve(const struct syscall_args *a)
{
	char path[256];
	char **argv = NULL, **envp = NULL;
	size_t budget = ARG_MAX;
	long err = strncpy_from_user(path, a->a[0], sizeof(path));

	if (err < 0)
		return err;
	if (path[0] == '\0')
		return -ENOENT;
	err = copy_strv(a->a[1], &argv, &budget);
	if (err < 0)
		return err;
	err = copy_strv(a->a[2], &envp, &budget);
	if (err < 0) {
		free_strv(argv);
		return err;
	}
	err = do_exec(path, argv, envp, a->tf);
	free_strv(argv);
	free_strv(envp);
	return err;
}

/* The first user process: /init (or init=) from the root filesystem. */
struct proc *proc_spawn_init(const char *path, const char *const argv[], const char *const envp[],
			     struct files *files, struct fs_ctx *fs, int *err)
{
	void *image;
	size_t size;
	char interp[128], iarg[128];
	const char *xargv[4];

	*err = vfs_read_exec(path, &image, &size);
	if (*err)
		return NULL;
	/* A script: run its interpreter with the script's path (one level). */
	if (parse_shebang(image, size, interp, sizeof(interp), iarg, sizeof(iarg))) {
		kfree(image);
		int n = 0;
		xargv[n++] = interp;
		if (iarg[0])
			xargv[n++] = iarg;
		xargv[n++] = path;
		xargv[n] = NULL;
		argv = xargv;
		*err = vfs_read_exec(interp, &image, &size);
		if (*err)
			return NULL;
	}
	struct proc *p = proc_spawn_image(image, size, argv, envp, files, fs, err);
	kfree(image);
	return p;
}
