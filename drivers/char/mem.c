/*
 * mem.c - the memory character devices of Linux's major 1: /dev/null
 * (1:3), /dev/zero (1:5) and /dev/full (1:7).
 */
#include <kernel.h>
#include <proc.h>
#include <vfs.h>

static const char zeros[256];

static long read_zeros(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	size_t done = 0;

	while (done < n) {
		size_t chunk = MIN(n - done, sizeof(zeros));
		size_t left = copy_to_user(buf + done, zeros, chunk);
		done += chunk - left;
		if (left)
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}

static long read_eof(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	return 0;
}

static long write_sink(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	return (long)n;
}

static long write_full(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	return -ENOSPC;
}

/* Linux's null_lseek: every seek succeeds and leaves the position at 0. */
static int64_t seek_null(struct file *f, int64_t off, int whence)
{
	f->pos = 0;
	return 0;
}

static const struct file_ops null_ops = {
	.read = read_eof,
	.write = write_sink,
	.lseek = seek_null,
};

static const struct file_ops zero_ops = {
	.read = read_zeros,
	.write = write_sink,
	.lseek = seek_null,
};

static const struct file_ops full_ops = {
	.read = read_zeros,
	.write = write_full,
	.lseek = seek_null,
};

void chr_mem_init(void)
{
	if (chrdev_register(1, 3, "null", &null_ops) || chrdev_register(1, 5, "zero", &zero_ops) ||
	    chrdev_register(1, 7, "full", &full_ops))
		pr_err("mem: cannot register /dev/null, /dev/zero, /dev/full\n");
}
