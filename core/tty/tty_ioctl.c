/*
 * tty_ioctl.c - the terminal ioctls.
 *
 * The kernel keeps a struct ktermios; user space sees the arch's struct
 * termios, whose fields are the leading part of ktermios on every arch
 * (asm-generic: termios lacks the speeds; ppc64: they are the same struct),
 * so a TCGETS copies the first sizeof(struct termios) bytes.  The speeds
 * are recomputed from c_cflag after every set, unless it says BOTHER.
 */
#include <kernel.h>
#include <file.h>
#include <proc.h>
#include <tty.h>

_Static_assert(offsetof(struct termios, c_cc) == offsetof(struct ktermios, c_cc),
	       "struct termios is not a prefix of struct ktermios");
_Static_assert(offsetof(struct termios, c_line) == offsetof(struct ktermios, c_line),
	       "struct termios is not a prefix of struct ktermios");
_Static_assert(sizeof(struct termios) <= sizeof(struct ktermios), "termios larger than ktermios");
#ifdef TCGETS2
_Static_assert(sizeof(struct termios2) == sizeof(struct ktermios), "termios2 is not ktermios");
#endif

static int arg_out(bool karg, unsigned long arg, const void *src, size_t n)
{
	if (karg) {
		memcpy((void *)arg, src, n);
		return 0;
	}
	return copy_to_user(arg, src, n) ? -EFAULT : 0;
}

static int arg_in(bool karg, void *dst, unsigned long arg, size_t n)
{
	if (karg) {
		memcpy(dst, (const void *)arg, n);
		return 0;
	}
	return copy_from_user(dst, arg, n) ? -EFAULT : 0;
}

static int put_int(bool karg, unsigned long arg, int v)
{
	return arg_out(karg, arg, &v, sizeof(v));
}

static const struct { tcflag_t code; speed_t speed; } bauds[] = {
	{ B0, 0 }, { B50, 50 }, { B75, 75 }, { B110, 110 }, { B134, 134 }, { B150, 150 },
	{ B200, 200 }, { B300, 300 }, { B600, 600 }, { B1200, 1200 }, { B1800, 1800 },
	{ B2400, 2400 }, { B4800, 4800 }, { B9600, 9600 }, { B19200, 19200 },
	{ B38400, 38400 }, { B57600, 57600 }, { B115200, 115200 }, { B230400, 230400 },
	{ B460800, 460800 }, { B500000, 500000 }, { B576000, 576000 }, { B921600, 921600 },
	{ B1000000, 1000000 }, { B1152000, 1152000 }, { B1500000, 1500000 },
	{ B2000000, 2000000 }, { B2500000, 2500000 }, { B3000000, 3000000 },
	{ B3500000, 3500000 }, { B4000000, 4000000 },
};

static bool baud_of(tcflag_t code, speed_t *speed)
{
	for (size_t i = 0; i < ARRAY_SIZE(bauds); i++)
		if (bauds[i].code == code) {
			*speed = bauds[i].speed;
			return true;
		}
	return false;
}

static void update_speeds(struct ktermios *k)
{
	tcflag_t out = k->c_cflag & CBAUD;
	tcflag_t in = (k->c_cflag & CIBAUD) >> IBSHIFT;

	if (out != BOTHER)
		baud_of(out, &k->c_ospeed);
	if (in == 0)
		k->c_ispeed = k->c_ospeed;
	else if (in != BOTHER)
		baud_of(in, &k->c_ispeed);
}

/* Install new settings: TCSETS, TCSETSW, TCSETSF and their termios2 kin. */
static int set_termios(struct tty *t, const struct ktermios *nk, bool flush)
{
	int r = tty_check_change(t, SIGTTOU);

	if (r)
		return r;
	if (flush)
		n_tty_flush_input(t);
	/* Output is written synchronously: nothing to drain for TCSETSW. */
	struct ktermios old = t->termios;
	unsigned long f = spin_lock_irqsave(&t->read_wq.lock);
	t->termios = *nk;
	update_speeds(&t->termios);
	spin_unlock_irqrestore(&t->read_wq.lock, f);
	n_tty_set_termios(t, &old);
	return 0;
}

static int get_termios(struct tty *t, unsigned long arg, bool karg, size_t size)
{
	struct ktermios k = t->termios;

	return arg_out(karg, arg, &k, size);
}

static int user_set_termios(struct tty *t, unsigned long arg, bool karg, size_t size, bool flush)
{
	struct ktermios k = t->termios;
	int r = arg_in(karg, &k, arg, size);

	return r ? r : set_termios(t, &k, flush);
}

/* ---- job control ioctls */

static int tiocspgrp(struct tty *t, unsigned long arg, bool karg)
{
	struct proc *p = proc_current();
	int pgrp;
	int r = tty_check_change(t, SIGTTOU);

	if (r == -EIO)
		return -ENOTTY;
	if (r)
		return r;
	if ((r = arg_in(karg, &pgrp, arg, sizeof(pgrp))))
		return r;
	if (pgrp < 0)
		return -EINVAL;
	if (!p || tty_of_proc(p) != t || t->session != p->sid)
		return -ENOTTY;
	if (!pgrp_exists(pgrp, 0))
		return -ESRCH;
	if (!pgrp_exists(pgrp, p->sid))
		return -EPERM;
	t->pgrp = pgrp;
	return 0;
}

static int tiocsctty(struct tty *t, struct file *f, unsigned long arg)
{
	struct proc *p = proc_current();

	if (!p)
		return -EPERM;
	if (p->pid == p->sid && t->session == p->sid)
		return 0;
	if (p->pid != p->sid || tty_of_proc(p))
		return -EPERM;
	tty_check_session(t);
	if (t->session) {
		/* Steal it from another session: root only, with arg 1. */
		if (arg != 1 || p->euid != 0)
			return -EPERM;
	}
	if (f && (f->flags & O_ACCMODE) == O_WRONLY && p->euid != 0)
		return -EPERM;
	t->session = p->sid;
	t->pgrp = p->pgid;
	return 0;
}

static int tiocnotty(struct tty *t)
{
	struct proc *p = proc_current();

	if (!p || tty_of_proc(p) != t)
		return -ENOTTY;
	if (p->pid == p->sid)
		tty_session_leader_exit(p);
	/* A non-leader keeps the session's tty: see jobctl.c. */
	return 0;
}

long tty_ioctl(struct tty *t, struct file *f, unsigned int cmd, unsigned long arg, bool karg)
{
	struct proc *p = proc_current();
	int r;

	switch (cmd) {
	case TCGETS:
		return get_termios(t, arg, karg, sizeof(struct termios));
	case TCSETS:
	case TCSETSW:
		return user_set_termios(t, arg, karg, sizeof(struct termios), false);
	case TCSETSF:
		return user_set_termios(t, arg, karg, sizeof(struct termios), true);
#ifdef TCGETS2
	case TCGETS2:
		return get_termios(t, arg, karg, sizeof(struct termios2));
	case TCSETS2:
	case TCSETSW2:
		return user_set_termios(t, arg, karg, sizeof(struct termios2), false);
	case TCSETSF2:
		return user_set_termios(t, arg, karg, sizeof(struct termios2), true);
#endif
	case TIOCGWINSZ:
		return arg_out(karg, arg, &t->winsize, sizeof(t->winsize));
	case TIOCSWINSZ: {
		struct winsize ws;
		if ((r = arg_in(karg, &ws, arg, sizeof(ws))))
			return r;
		bool changed = memcmp(&ws, &t->winsize, sizeof(ws)) != 0;
		t->winsize = ws;
		if (changed && t->pgrp > 0)
			tty_signal_pgrp(t->pgrp, SIGWINCH);
		return 0;
	}
	case FIONREAD:
		return put_int(karg, arg, (int)n_tty_inq(t));
	case TIOCOUTQ:
		return put_int(karg, arg, 0);	/* output is synchronous */
	case TCFLSH:
		if ((r = tty_check_change(t, SIGTTOU)))
			return r;
		switch (arg) {
		case TCIFLUSH:
		case TCIOFLUSH:
			n_tty_flush_input(t);
			return 0;
		case TCOFLUSH:
			return 0;
		}
		return -EINVAL;
	case TCXONC:
		if ((r = tty_check_change(t, SIGTTOU)))
			return r;
		switch (arg) {
		case TCOOFF:
			t->stopped = true;
			return 0;
		case TCOON:
			t->stopped = false;
			wq_wake_all(&t->write_wq);
			return 0;
		case TCIOFF:
		case TCION: {
			char c = (char)t->termios.c_cc[arg == TCIOFF ? VSTOP : VSTART];
			if (c)
				tty_write_kernel(t, &c, 1);
			return 0;
		}
		}
		return -EINVAL;
	case TCSBRK:
	case TCSBRKP:
		/* tcdrain() and tcsendbreak(): nothing is ever queued. */
		return tty_check_change(t, SIGTTOU);
	case TIOCGETD:
		return put_int(karg, arg, 0);	/* N_TTY */
	case TIOCSETD: {
		int ld;
		if ((r = arg_in(karg, &ld, arg, sizeof(ld))))
			return r;
		return ld == 0 ? 0 : -EINVAL;
	}
	case FIONBIO: {
		int on;
		if ((r = arg_in(karg, &on, arg, sizeof(on))))
			return r;
		if (f) {
			if (on)
				f->flags |= O_NONBLOCK;
			else
				f->flags &= ~O_NONBLOCK;
		}
		return 0;
	}
	case TIOCGPGRP:
		if (p && tty_of_proc(p) != t)
			return -ENOTTY;
		return put_int(karg, arg, t->pgrp);
	case TIOCSPGRP:
		return tiocspgrp(t, arg, karg);
	case TIOCGSID:
		if (p && tty_of_proc(p) != t)
			return -ENOTTY;
		if (!t->session)
			return -ENOTTY;
		return put_int(karg, arg, t->session);
	case TIOCSCTTY:
		return tiocsctty(t, f, arg);
	case TIOCNOTTY:
		return tiocnotty(t);
	}
	return -ENOTTY;
}
