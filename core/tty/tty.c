/*
 * tty.c - ttys as files, and the console tty.
 *
 * The console is the HAL's early console seen as a Linux serial tty: a
 * kernel thread polls hal_early_getc() every tick and feeds the line
 * discipline; output goes out through hal_early_putc().  It is reachable as
 * /dev/console (5:1), /dev/ttyS0 (4:64) and, for the processes of the
 * session it controls, /dev/tty (5:0).
 */
#include <kernel.h>
#include <device.h>
#include <file.h>
#include <mm.h>
#include <proc.h>
#include <tty.h>

static struct tty console_tty;
static struct tty *all_ttys;
static spinlock_t ttys_lock = SPINLOCK_INIT("ttys");

#define CTRL(c)		((c) & 0x1f)

static void default_termios(struct ktermios *k)
{
	memset(k, 0, sizeof(*k));
	k->c_iflag = ICRNL | IXON;
	k->c_oflag = OPOST | ONLCR;
	k->c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL;
	k->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	k->c_cc[VINTR] = CTRL('C');
	k->c_cc[VQUIT] = CTRL('\\');
	k->c_cc[VERASE] = 0177;
	k->c_cc[VKILL] = CTRL('U');
	k->c_cc[VEOF] = CTRL('D');
	k->c_cc[VTIME] = 0;
	k->c_cc[VMIN] = 1;
	k->c_cc[VSTART] = CTRL('Q');
	k->c_cc[VSTOP] = CTRL('S');
	k->c_cc[VSUSP] = CTRL('Z');
	k->c_cc[VREPRINT] = CTRL('R');
	k->c_cc[VDISCARD] = CTRL('O');
	k->c_cc[VWERASE] = CTRL('W');
	k->c_cc[VLNEXT] = CTRL('V');
	k->c_ispeed = k->c_ospeed = 115200;
}

void tty_setup(struct tty *t, const char *name, const struct tty_driver *drv, void *data)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->drv = drv;
	t->driver_data = data;
	default_termios(&t->termios);
	t->winsize.ws_row = 24;
	t->winsize.ws_col = 80;
	t->read_wq = (struct waitqueue)WAITQUEUE_INIT("tty read");
	t->write_wq = (struct waitqueue)WAITQUEUE_INIT("tty write");
	t->out_lock = (spinlock_t)SPINLOCK_INIT("tty out");
	unsigned long f = spin_lock_irqsave(&ttys_lock);
	t->next = all_ttys;
	all_ttys = t;
	spin_unlock_irqrestore(&ttys_lock, f);
}

void tty_unregister(struct tty *t)
{
	unsigned long f = spin_lock_irqsave(&ttys_lock);

	for (struct tty **pp = &all_ttys; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	spin_unlock_irqrestore(&ttys_lock, f);
}

struct tty *tty_of_proc(struct proc *p)
{
	struct tty *r = NULL;

	if (!p || p->sid <= 0)
		return NULL;
	unsigned long f = spin_lock_irqsave(&ttys_lock);
	for (struct tty *t = all_ttys; t && !r; t = t->next)
		if (t->session == p->sid)
			r = t;
	spin_unlock_irqrestore(&ttys_lock, f);
	if (r)
		tty_check_session(r);
	return r && r->session == p->sid ? r : NULL;
}

/*
 * A session loses its controlling tty when its leader exits
 * (tty_session_leader_exit); should that hook not have run, a tty whose
 * session leader is gone is freed here, without the hangup signals.
 */
void tty_check_session(struct tty *t)
{
	int sid = t->session;

	if (sid <= 0)
		return;
	struct proc *leader = proc_find(sid);
	if (!leader || leader->state != P_ALIVE || leader->sid != sid) {
		t->session = 0;
		t->pgrp = 0;
	}
}

struct tty *tty_console(void)
{
	return &console_tty;
}

/* ---- file operations */

static long tty_fop_read(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	struct tty *t = f->private;
	long r = tty_check_change(t, SIGTTIN);

	if (r)
		return r;
	if (n == 0)
		return 0;
	size_t len = n < TTY_BUF_SIZE ? n : TTY_BUF_SIZE;
	char *kb = kmalloc(len);
	if (!kb)
		return -ENOMEM;
	r = n_tty_read(t, kb, len, f->flags & O_NONBLOCK);
	if (r > 0 && copy_to_user(buf, kb, (size_t)r))
		r = -EFAULT;
	kfree(kb);
	return r;
}

static long tty_fop_write(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	struct tty *t = f->private;
	char kb[256];
	size_t done = 0;

	if (t->termios.c_lflag & TOSTOP) {
		long r = tty_check_change(t, SIGTTOU);
		if (r)
			return r;
	}
	while (done < n) {
		if (t->stopped) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			int r = wait_event_interruptible(&t->write_wq, !t->stopped);
			if (r)
				return done ? (long)done : r;
		}
		size_t c = n - done < sizeof(kb) ? n - done : sizeof(kb);
		if (copy_from_user(kb, buf + done, c))
			return done ? (long)done : -EFAULT;
		tty_write_kernel(t, kb, c);
		done += c;
	}
	return (long)done;
}

static long tty_fop_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return tty_ioctl(f->private, f, cmd, arg, false);
}

static unsigned int tty_fop_poll(struct file *f, struct poll_table *pt)
{
	struct tty *t = f->private;

	poll_wait(pt, &t->read_wq);
	poll_wait(pt, &t->write_wq);
	return n_tty_poll_mask(t);
}

static int64_t tty_fop_lseek(struct file *f, int64_t off, int whence)
{
	return -ESPIPE;
}

static void tty_fop_release(struct file *f)
{
}

/* /dev/console: never becomes a controlling tty on open (as in Linux). */
static int console_open(struct inode *ino, struct file *f)
{
	f->private = &console_tty;
	return 0;
}

/* /dev/ttyS0: a session leader without a controlling tty acquires it. */
static int ttys0_open(struct inode *ino, struct file *f)
{
	f->private = &console_tty;
	if (!(f->flags & O_NOCTTY) && (f->flags & O_ACCMODE) != O_WRONLY)
		tty_maybe_set_ctty(&console_tty);
	return 0;
}

/* /dev/tty: the caller's controlling tty. */
static int devtty_open(struct inode *ino, struct file *f)
{
	struct tty *t = tty_of_proc(proc_current());

	if (!t)
		return -ENXIO;
	f->private = t;
	return 0;
}

#define TTY_FOPS(open_fn) { \
		.read = tty_fop_read, .write = tty_fop_write, .ioctl = tty_fop_ioctl, \
		.poll = tty_fop_poll, .lseek = tty_fop_lseek, .open = (open_fn), \
		.release = tty_fop_release, \
	}

static const struct file_ops console_fops = TTY_FOPS(console_open);
static const struct file_ops ttys0_fops = TTY_FOPS(ttys0_open);
static const struct file_ops devtty_fops = TTY_FOPS(devtty_open);

struct file *tty_open_console(void)
{
	return file_alloc(&console_fops, O_RDWR, &console_tty);
}

/* ---- the console driver */

static void console_write(struct tty *t, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hal_early_putc(buf[i]);
}

static const struct tty_driver console_driver = { .write = console_write };

/* Input: drain what the console has every tick. */
static void console_input_thread(void *arg)
{
	struct tty *t = arg;
	char b[128];

	for (;;) {
		size_t n = 0;
		int c;
		while (n < sizeof(b) && (c = hal_early_getc()) >= 0)
			b[n++] = (char)c;
		if (n)
			tty_receive(t, b, n);
		if (n < sizeof(b))
			thread_sleep_ticks(1);
	}
}

void tty_init(void)
{
	tty_setup(&console_tty, "console", &console_driver, NULL);
	int r = chrdev_register(5, 1, "console", &console_fops);
	if (r == 0)
		r = chrdev_register(5, 0, "tty", &devtty_fops);
	if (r == 0)
		r = chrdev_register(4, 64, "ttyS0", &ttys0_fops);
	/* Their /dev and /sys entries, with Linux's devtmpfs modes. */
	if (r == 0)
		r = devtmpfs_add("console", 5, 1, 0600);
	if (r == 0)
		r = devtmpfs_add("tty", 5, 0, 0666);
	if (r == 0)
		r = devtmpfs_add("ttyS0", 4, 64, 0600);
	if (r)
		pr_err("tty: chrdev_register: %d\n", r);
	if (!kthread_create("tty-console", console_input_thread, &console_tty))
		panic("tty: cannot start the console input thread");
	pr_info("tty: console is ttyS0 (5:1, 4:64), 24x80, N_TTY\n");
}
