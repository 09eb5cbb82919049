/*
 * syslog.c - the kernel log for user space: syslog(2) (klogctl, what
 * busybox dmesg uses) and the /dev/kmsg character device (1:11, registered
 * by drivers/char/mem.c with kmsg_fops).
 *
 * Both read the ring through klog_read(), whose text is one record per
 * "<level>[seconds.micros] text" line.  "Clearing" the log (syslog actions
 * 4 and 5) and the position of the destructive read (action 2) are kept
 * here as the timestamp of the last record consumed, so klog.c stays a
 * plain ring.
 */
#include <kernel.h>
#include <device.h>
#include <mm.h>
#include <proc.h>
#include <sys/syscall.h>
#include <vfs.h>
#include "sysfs_internal.h"

int klog_snapshot(struct klog_snapshot *s)
{
	s->buf = kmalloc(KLOG_READ_ALL);
	if (!s->buf)
		return -ENOMEM;
	s->len = klog_read(s->buf, KLOG_READ_ALL);
	return 0;
}

void klog_snapshot_free(struct klog_snapshot *s)
{
	kfree(s->buf);
	s->buf = NULL;
}

static bool is_record_start(const struct klog_snapshot *s, size_t i)
{
	return i + 3 < s->len && s->buf[i] == '<' && s->buf[i + 1] >= '0' && s->buf[i + 1] <= '7' &&
	       s->buf[i + 2] == '>' && s->buf[i + 3] == '[';
}

bool klog_iter_next(const struct klog_snapshot *s, struct klog_iter *it, struct klog_view *r)
{
	size_t i = it->off;

	while (i < s->len && !is_record_start(s, i))
		i++;
	if (i >= s->len)
		return false;
	r->level = s->buf[i + 1] - '0';
	i += 4;
	uint64_t sec = 0, frac = 0;
	while (i < s->len && s->buf[i] == ' ')
		i++;
	while (i < s->len && s->buf[i] >= '0' && s->buf[i] <= '9')
		sec = sec * 10 + (uint64_t)(s->buf[i++] - '0');
	if (i < s->len && s->buf[i] == '.')
		i++;
	while (i < s->len && s->buf[i] >= '0' && s->buf[i] <= '9')
		frac = frac * 10 + (uint64_t)(s->buf[i++] - '0');
	r->us = sec * 1000000 + frac;
	if (i < s->len && s->buf[i] == ']')
		i++;
	if (i < s->len && s->buf[i] == ' ')
		i++;
	size_t start = i;
	/* The text ends at the newline before the next record (or the end). */
	while (i < s->len && !(s->buf[i] == '\n' && (i + 1 == s->len || is_record_start(s, i + 1))))
		i++;
	r->text = s->buf + start;
	r->len = i - start;
	it->off = i < s->len ? i + 1 : i;
	/* Records of the same microsecond are told apart by their rank. */
	r->k = it->started && r->us == it->prev_us ? it->k + 1 : 0;
	it->k = r->k;
	it->prev_us = r->us;
	it->started = true;
	return true;
}

bool klog_pos_before(const struct klog_pos *p, const struct klog_view *r)
{
	return !p->any || r->us > p->us || (r->us == p->us && r->k >= p->n);
}

void klog_pos_set(struct klog_pos *p, const struct klog_view *r)
{
	p->any = true;
	p->us = r->us;
	p->n = r->k + 1;
}

/* ---- syslog(2) */

static int record_header(char *hdr, size_t size, int lvl, uint64_t us)
{
	return snprintf(hdr, size, "<%d>[%5llu.%06llu] ", lvl, (unsigned long long)(us / 1000000),
			(unsigned long long)(us % 1000000));
}

static size_t record_len(int lvl, uint64_t us, size_t tlen)
{
	char hdr[40];

	return (size_t)record_header(hdr, sizeof(hdr), lvl, us) + tlen + 1;
}

#define SYSLOG_ACTION_CLOSE		0
#define SYSLOG_ACTION_OPEN		1
#define SYSLOG_ACTION_READ		2
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_READ_CLEAR	4
#define SYSLOG_ACTION_CLEAR		5
#define SYSLOG_ACTION_CONSOLE_OFF	6
#define SYSLOG_ACTION_CONSOLE_ON	7
#define SYSLOG_ACTION_CONSOLE_LEVEL	8
#define SYSLOG_ACTION_SIZE_UNREAD	9
#define SYSLOG_ACTION_SIZE_BUFFER	10

#define MINIMUM_CONSOLE_LOGLEVEL	1

static struct kmutex syslog_mutex = KMUTEX_INIT("syslog");
static struct klog_pos clear_pos;	/* records before it are "cleared" */
static struct klog_pos read_pos;	/* the destructive read's position */
static int saved_loglevel = -1;

/* Is r after both the clear point and, for the destructive read, its
 * position? */
static bool wanted(const struct klog_view *r, bool destructive)
{
	return klog_pos_before(&clear_pos, r) && (!destructive || klog_pos_before(&read_pos, r));
}

/*
 * Format the wanted records as syslog(2) text into out (kernel, size
 * bytes): with 'newest', the most recent ones that fit, else the oldest.
 * Returns the length; *last is the position after the last record copied.
 * syslog_mutex held.
 */
static size_t format_records(const struct klog_snapshot *s, bool destructive, char *out,
			     size_t size, bool newest, struct klog_pos *last)
{
	struct klog_iter it = { 0 };
	struct klog_view r;
	size_t total = 0, n = 0;

	/* Pass 1: how many bytes the wanted records take. */
	while (klog_iter_next(s, &it, &r))
		if (wanted(&r, destructive))
			total += record_len(r.level, r.us, r.len);
	size_t skip = newest && total > size ? total - size : 0;
	memset(&it, 0, sizeof(it));
	while (klog_iter_next(s, &it, &r)) {
		if (!wanted(&r, destructive))
			continue;
		char hdr[40];
		int hl = record_header(hdr, sizeof(hdr), r.level, r.us);
		size_t rl = (size_t)hl + r.len + 1;
		if (skip) {
			/* Whole records only: drop until what is left fits. */
			skip = skip > rl ? skip - rl : 0;
			continue;
		}
		if (n + rl > size)
			break;
		memcpy(out + n, hdr, (size_t)hl);
		memcpy(out + n + hl, r.text, r.len);
		out[n + hl + r.len] = '\n';
		n += rl;
		klog_pos_set(last, &r);
	}
	return n;
}

static long syslog_read(int type, vaddr_t ubuf, int len)
{
	struct klog_snapshot s;

	if (!ubuf || len < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	size_t size = MIN((size_t)len, (size_t)KLOG_READ_ALL);
	char *out = kmalloc(size);
	if (!out)
		return -ENOMEM;
	long r;
	for (;;) {
		if ((r = klog_snapshot(&s)))
			break;
		kmutex_lock(&syslog_mutex);
		struct klog_pos last = { 0 };
		bool destructive = type == SYSLOG_ACTION_READ;
		size_t n = format_records(&s, destructive, out, size, !destructive, &last);
		if (n && destructive)
			read_pos = last;
		if (n && type == SYSLOG_ACTION_READ_CLEAR)
			clear_pos = last;
		kmutex_unlock(&syslog_mutex);
		klog_snapshot_free(&s);
		if (n || !destructive) {
			r = copy_to_user(ubuf, out, n) ? -EFAULT : (long)n;
			break;
		}
		/* The destructive read waits for a new record. */
		if ((r = thread_sleep_ticks_interruptible(HZ / 10)))
			break;
	}
	kfree(out);
	return r;
}

/* Bytes syslog(2) READ would return now. */
static long syslog_unread(void)
{
	struct klog_snapshot s;
	struct klog_iter it = { 0 };
	struct klog_view r;
	size_t total = 0;

	if (klog_snapshot(&s))
		return -ENOMEM;
	kmutex_lock(&syslog_mutex);
	while (klog_iter_next(&s, &it, &r))
		if (wanted(&r, true))
			total += record_len(r.level, r.us, r.len);
	kmutex_unlock(&syslog_mutex);
	klog_snapshot_free(&s);
	return (long)total;
}

/* The kernel half of syslog(2); ubuf is a user address. */
long do_syslog(int type, vaddr_t ubuf, int len)
{
	struct cred c = cred_current();

	/* dmesg_restrict=0: reading the whole log and its size is open to
	 * everybody, the rest needs CAP_SYSLOG (root). */
	if (type != SYSLOG_ACTION_READ_ALL && type != SYSLOG_ACTION_SIZE_BUFFER && c.uid != 0)
		return -EPERM;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		return syslog_read(type, ubuf, len);
	case SYSLOG_ACTION_CLEAR: {
		struct klog_snapshot s;
		struct klog_iter it = { 0 };
		struct klog_view r;
		struct klog_pos last = { 0 };
		if (klog_snapshot(&s))
			return -ENOMEM;
		while (klog_iter_next(&s, &it, &r))
			klog_pos_set(&last, &r);
		klog_snapshot_free(&s);
		kmutex_lock(&syslog_mutex);
		if (last.any)
			clear_pos = last;
		kmutex_unlock(&syslog_mutex);
		return 0;
	}
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_loglevel < 0)
			saved_loglevel = console_loglevel;
		console_loglevel = MINIMUM_CONSOLE_LOGLEVEL;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_loglevel >= 0) {
			console_loglevel = saved_loglevel;
			saved_loglevel = -1;
		}
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len < MINIMUM_CONSOLE_LOGLEVEL ? MINIMUM_CONSOLE_LOGLEVEL : len;
		saved_loglevel = -1;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return syslog_unread();
	case SYSLOG_ACTION_SIZE_BUFFER:
		return KLOG_READ_ALL;
	default:
		return -EINVAL;
	}
}

long sys_syslog(const struct syscall_args *a)
{
	return do_syslog((int)a->a[0], a->a[1], (int)a->a[2]);
}

/* ---- /dev/kmsg */

/*
 * Each read returns one record as "level,seq,microseconds,-;text\n" (the
 * facility is 0, the kernel's).  seq counts records from the oldest one
 * still in the ring when the file was opened; a buffer too small for the
 * record is -EINVAL, and at the end a read waits for a new record
 * (-EAGAIN with O_NONBLOCK).  Writes log their text, with an optional
 * "<N>" level prefix, like Linux's printk_emit from user space.
 */
struct kmsg_user {
	uint64_t seq;
	struct klog_pos pos;		/* after the last record read */
};

static int kmsg_open(struct inode *ino, struct file *f)
{
	struct kmsg_user *u = kzalloc(sizeof(*u));

	if (!u)
		return -ENOMEM;
	f->private = u;
	return 0;
}

static void kmsg_release(struct file *f)
{
	kfree(f->private);
}

static long kmsg_read(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	struct kmsg_user *u = f->private;
	struct klog_snapshot s;
	char line[400];

	for (;;) {
		if (klog_snapshot(&s))
			return -ENOMEM;
		struct klog_iter it = { 0 };
		struct klog_view rec;
		long r = 0;
		while (klog_iter_next(&s, &it, &rec)) {
			if (!klog_pos_before(&u->pos, &rec))
				continue;
			int hl = snprintf(line, sizeof(line), "%d,%llu,%llu,-;", rec.level,
					  (unsigned long long)u->seq, (unsigned long long)rec.us);
			/* Like Linux: control bytes, DEL and up, and '\\' as \xNN. */
			size_t ll = (size_t)hl;
			for (size_t i = 0; i < rec.len && ll + 5 < sizeof(line); i++) {
				unsigned char c = (unsigned char)rec.text[i];
				if (c < ' ' || c >= 127 || c == '\\')
					ll += (size_t)snprintf(line + ll, 5, "\\x%02x", c);
				else
					line[ll++] = (char)c;
			}
			line[ll++] = '\n';
			if (n < ll) {
				r = -EINVAL;
			} else if (copy_to_user(buf, line, ll)) {
				r = -EFAULT;
			} else {
				u->seq++;
				klog_pos_set(&u->pos, &rec);
				r = (long)ll;
			}
			break;
		}
		klog_snapshot_free(&s);
		if (r)
			return r;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if ((r = thread_sleep_ticks_interruptible(HZ / 10)))
			return r;
	}
}

static long kmsg_write(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	char text[240];
	size_t c = MIN(n, sizeof(text) - 1);

	if (copy_from_user(text, buf, c))
		return -EFAULT;
	text[c] = '\0';
	int level = 4;		/* default_message_loglevel */
	const char *p = text;
	if (p[0] == '<' && p[1] >= '0' && p[1] <= '9') {
		int v = 0, i = 1;
		while (p[i] >= '0' && p[i] <= '9')
			v = v * 10 + (p[i++] - '0');
		if (p[i] == '>') {
			level = v & 7;
			p += i + 1;
		}
	}
	static const char *const fmt[8] = {
		KERN_EMERG "%s", KERN_ALERT "%s", KERN_CRIT "%s", KERN_ERR "%s",
		KERN_WARNING "%s", KERN_NOTICE "%s", KERN_INFO "%s", KERN_DEBUG "%s",
	};
	kprintf(fmt[level], p);
	return (long)n;
}

static int64_t kmsg_lseek(struct file *f, int64_t off, int whence)
{
	struct kmsg_user *u = f->private;

	if (off)
		return -ESPIPE;
	if (whence == 0) {		/* SEEK_SET: the oldest record */
		memset(&u->pos, 0, sizeof(u->pos));
		u->seq = 0;
		return 0;
	}
	if (whence != 2 && whence != 3)		/* SEEK_END, SEEK_DATA: after the newest */
		return -EINVAL;
	struct klog_snapshot s;
	struct klog_iter it = { 0 };
	struct klog_view rec;
	if (klog_snapshot(&s))
		return -ENOMEM;
	while (klog_iter_next(&s, &it, &rec)) {
		klog_pos_set(&u->pos, &rec);
		u->seq++;
	}
	klog_snapshot_free(&s);
	return 0;
}

const struct file_ops kmsg_fops = {
	.read = kmsg_read,
	.write = kmsg_write,
	.lseek = kmsg_lseek,
	.open = kmsg_open,
	.release = kmsg_release,
};
