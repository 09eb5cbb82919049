/*
 * syscall.c - system call entry: dispatch through the arch's generated
 * table, -ENOSYS with one log line per unimplemented call.
 */
#include <kernel.h>
#include <proc.h>
#include <sys/syscall.h>

static uint8_t enosys_logged[1024 / 8];

unsigned int syscall_count_implemented(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < syscall_table_size; i++)
		n += syscall_table[i].fn != NULL;
	return n;
}

unsigned int syscall_count_total(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < syscall_table_size; i++)
		n += syscall_table[i].name != NULL;
	return n;
}

static long enosys(unsigned long nr)
{
	const char *name = nr < syscall_table_size ? syscall_table[nr].name : NULL;

	if (nr < 8 * sizeof(enosys_logged)) {
		if (enosys_logged[nr / 8] & (1u << (nr % 8)))
			return -ENOSYS;
		enosys_logged[nr / 8] |= 1u << (nr % 8);
	}
	struct proc *p = proc_current();
	pr_warn("%s[%d]: unimplemented system call %lu (%s): -ENOSYS\n",
		p ? p->comm : "?", p ? p->pid : 0, nr, name ? name : "unknown");
	return -ENOSYS;
}

void core_trap_syscall(struct hal_trapframe *tf)
{
	struct thread *t = thread_current();
	unsigned long nr = hal_tf_syscall_nr(tf);
	struct syscall_args a = { .tf = tf };

	for (int i = 0; i < 6; i++)
		a.a[i] = hal_tf_syscall_arg(tf, i);
	hal_irq_enable();
	t->syscall_noret = false;
	long ret;
	if (nr < syscall_table_size && syscall_table[nr].fn)
		ret = syscall_table[nr].fn(&a);
	else
		ret = enosys(nr);
	if (!t->syscall_noret) {
		hal_tf_set_syscall_ret(tf, ret);
		t->in_syscall = true;
	}
	hal_irq_disable();
}
