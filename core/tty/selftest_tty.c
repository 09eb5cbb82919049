/*
 * selftest_tty.c - self-tests of the line discipline, run on a private tty
 * whose driver captures its output: bytes are fed with tty_receive() and
 * read back with n_tty_read(), ioctls go through tty_ioctl() with kernel
 * arguments.  Job control uses processes made with proc_alloc() that never
 * run: their pending signal masks show what the tty sent.
 */
#include <kernel.h>
#include <file.h>
#include <mm.h>
#include <proc.h>
#include <selftest.h>
#include <sys/syscall.h>
#include <tty.h>

static char cap[1024];
static size_t ncap;

static void cap_write(struct tty *t, const char *b, size_t n)
{
	for (size_t i = 0; i < n && ncap < sizeof(cap) - 1; i++)
		cap[ncap++] = b[i];
	cap[ncap] = '\0';
}

static const struct tty_driver cap_driver = { .write = cap_write };

static struct tty *test_tty(void)
{
	struct tty *t = kzalloc(sizeof(*t));

	if (t)
		tty_setup(t, "ttytest", &cap_driver, NULL);
	ncap = 0;
	cap[0] = '\0';
	return t;
}

static void test_tty_free(struct tty *t)
{
	tty_unregister(t);
	kfree(t);
}

static void feed(struct tty *t, const char *s)
{
	tty_receive(t, s, strlen(s));
}

static void cap_reset(void)
{
	ncap = 0;
	cap[0] = '\0';
}

/* Read without blocking into buf (NUL-terminated); the count or errno. */
static long rd(struct tty *t, char *buf, size_t n)
{
	long r = n_tty_read(t, buf, n - 1, true);

	buf[r > 0 ? r : 0] = '\0';
	return r;
}

static bool read_is(struct tty *t, const char *want)
{
	char b[128];
	long r = rd(t, b, sizeof(b));

	if (r != (long)strlen(want) || strcmp(b, want) != 0) {
		ktap_diag("read %ld \"%s\", expected \"%s\"", r, r > 0 ? b : "", want);
		return false;
	}
	return true;
}

static long set_lflag(struct tty *t, tcflag_t clear, tcflag_t set, int vmin, int vtime)
{
	struct termios tio;
	long r = tty_ioctl(t, NULL, TCGETS, (unsigned long)&tio, true);

	if (r)
		return r;
	tio.c_lflag = (tio.c_lflag & ~clear) | set;
	if (vmin >= 0)
		tio.c_cc[VMIN] = (cc_t)vmin;
	if (vtime >= 0)
		tio.c_cc[VTIME] = (cc_t)vtime;
	return tty_ioctl(t, NULL, TCSETS, (unsigned long)&tio, true);
}

int selftest_tty_canon(void)
{
	struct tty *t = test_tty();
	char b[16];

	CHECK(t != NULL);
	if (!t)
		return 1;
	feed(t, "helo\x7f\x7fllo\r");		/* ERASE; CR becomes NL (ICRNL) */
	CHECK(read_is(t, "hello\n"));
	feed(t, "junk\x15xyz\n");		/* KILL */
	CHECK(read_is(t, "xyz\n"));
	feed(t, "foo bar\x17qux\n");		/* WERASE */
	CHECK(read_is(t, "foo qux\n"));
	feed(t, "ab\bc\n");			/* ^H erases too */
	CHECK(read_is(t, "ac\n"));
	feed(t, "\x7f\x7fz\n");			/* erase at line start: nothing */
	CHECK(read_is(t, "z\n"));
	feed(t, "one\ntwo\n");			/* one line per read */
	CHECK(read_is(t, "one\n"));
	CHECK(read_is(t, "two\n"));
	feed(t, "par");				/* no line yet */
	CHECK(rd(t, b, sizeof(b)) == -EAGAIN);
	CHECK(n_tty_poll_mask(t) == (POLLOUT | POLLWRNORM));
	feed(t, "tial\n");
	CHECK((n_tty_poll_mask(t) & POLLIN) != 0);
	CHECK(rd(t, b, 4) == 3 && strcmp(b, "par") == 0);	/* a short buffer */
	CHECK(read_is(t, "tial\n"));
	feed(t, "a\x16\x7f\n");			/* LNEXT makes ^? literal */
	CHECK(read_is(t, "a\x7f\n"));
	ktap_diag("erase, kill, werase, ^H, lnext, one line per read, short reads");
	test_tty_free(t);
	return 0;
}

int selftest_tty_echo(void)
{
	struct tty *t = test_tty();

	CHECK(t != NULL);
	if (!t)
		return 1;
	feed(t, "hi\r");
	CHECK(strcmp(cap, "hi\r\n") == 0);
	cap_reset();
	feed(t, "ab\x7f");
	CHECK(strcmp(cap, "ab\b \b") == 0);
	cap_reset();
	feed(t, "\x01\x7f");			/* ECHOCTL: ^A, erased as two cells */
	CHECK(strcmp(cap, "^A\b \b\b \b") == 0);
	cap_reset();
	feed(t, "xy\x15");			/* ECHOKE: the line is rubbed out */
	CHECK(strcmp(cap, "xy\b \b\b \b\b \b") == 0);	/* "a" was left */
	cap_reset();
	feed(t, "\t\x7f");			/* a tab is erased with backspaces */
	CHECK(ncap >= 2 && cap[0] == '\t' && cap[ncap - 1] == '\b');
	feed(t, "\n");
	cap_reset();
	feed(t, "ab\x12");			/* REPRINT */
	CHECK(strcmp(cap, "ab^R\r\nab") == 0);
	n_tty_flush_input(t);
	/* ECHO off: nothing, except the newline with ECHONL. */
	CHECK(set_lflag(t, ECHO, ECHONL, -1, -1) == 0);
	cap_reset();
	feed(t, "secret\n");
	CHECK(strcmp(cap, "\r\n") == 0);
	CHECK(read_is(t, "secret\n"));
	/* KILL without ECHOKE: the KILL character and a newline (ECHOK). */
	CHECK(set_lflag(t, ECHONL | ECHOKE, ECHO, -1, -1) == 0);
	cap_reset();
	feed(t, "ab\x15");
	CHECK(strcmp(cap, "ab^U\r\n") == 0);
	n_tty_flush_input(t);
	/* Output processing. */
	cap_reset();
	tty_write_kernel(t, "a\nb\r", 4);
	CHECK(strcmp(cap, "a\r\nb\r") == 0);
	struct termios tio;
	CHECK(tty_ioctl(t, NULL, TCGETS, (unsigned long)&tio, true) == 0);
	tio.c_oflag &= ~OPOST;
	CHECK(tty_ioctl(t, NULL, TCSETS, (unsigned long)&tio, true) == 0);
	cap_reset();
	tty_write_kernel(t, "a\nb", 3);
	CHECK(strcmp(cap, "a\nb") == 0);
	ktap_diag("echo with ECHOE/ECHOCTL/ECHOKE/ECHOK/ECHONL; ONLCR and raw output");
	test_tty_free(t);
	return 0;
}

int selftest_tty_isig(void)
{
	struct tty *t = test_tty();
	struct proc *p = proc_alloc(NULL);
	char b[16];

	CHECK(t != NULL && p != NULL);
	if (!t || !p)
		return 1;
	t->pgrp = p->pgid;
	feed(t, "abc\x03");
	CHECK(p->pending & SIGBIT(SIGINT));
	CHECK(strcmp(cap, "abc^C") == 0);
	feed(t, "\n");				/* "abc" was flushed */
	CHECK(read_is(t, "\n"));
	feed(t, "\x1c");
	CHECK(p->pending & SIGBIT(SIGQUIT));
	feed(t, "\x1a");
	CHECK(p->pending & SIGBIT(SIGTSTP));
	/* NOFLSH keeps the input. */
	p->pending = 0;
	CHECK(set_lflag(t, 0, NOFLSH, -1, -1) == 0);
	feed(t, "keep\x03\n");
	CHECK(p->pending & SIGBIT(SIGINT));
	CHECK(read_is(t, "keep\n"));
	/* Without ISIG ^C is data. */
	p->pending = 0;
	CHECK(set_lflag(t, ISIG, 0, -1, -1) == 0);
	feed(t, "\x03\n");
	CHECK(p->pending == 0);
	CHECK(rd(t, b, sizeof(b)) == 2 && b[0] == 3);
	/* SIGWINCH when the window size changes. */
	p->sigact[SIGWINCH - 1].handler = 0x1000;	/* "caught": not dropped */
	struct winsize ws = { .ws_row = 50, .ws_col = 132 };
	CHECK(tty_ioctl(t, NULL, TIOCSWINSZ, (unsigned long)&ws, true) == 0);
	CHECK(p->pending & SIGBIT(SIGWINCH));
	ktap_diag("^C ^\\ ^Z signal the foreground group (pid %d); NOFLSH; ISIG off", p->pid);
	proc_free(p);
	test_tty_free(t);
	return 0;
}

int selftest_tty_eof(void)
{
	struct tty *t = test_tty();
	char b[16];

	CHECK(t != NULL);
	if (!t)
		return 1;
	feed(t, "\x04");
	CHECK(rd(t, b, sizeof(b)) == 0);	/* EOF at line start */
	CHECK(rd(t, b, sizeof(b)) == -EAGAIN);	/* consumed */
	feed(t, "ab\x04");
	CHECK(read_is(t, "ab"));		/* ^D pushes the line, no NL */
	CHECK(rd(t, b, sizeof(b)) == -EAGAIN);
	feed(t, "x\n\x04");
	CHECK(read_is(t, "x\n"));
	CHECK(rd(t, b, sizeof(b)) == 0);
	CHECK(strcmp(cap, "abx\r\n") == 0);	/* ^D is not echoed */
	unsigned int inq = 1;
	feed(t, "\x04");
	CHECK(tty_ioctl(t, NULL, FIONREAD, (unsigned long)&inq, true) == 0 && inq == 0);
	ktap_diag("^D: 0 at line start, pushes a partial line, not echoed");
	test_tty_free(t);
	return 0;
}

static struct tty *feeder_tty;
static void feeder(void *arg)
{
	thread_sleep_ticks(3);
	feed(feeder_tty, "z");
}

int selftest_tty_noncanon(void)
{
	struct tty *t = test_tty();
	char b[16];

	CHECK(t != NULL);
	if (!t)
		return 1;
	feed(t, "pa");				/* typed in canonical mode */
	CHECK(set_lflag(t, ICANON | ECHO, 0, 1, 0) == 0);
	cap_reset();
	CHECK(read_is(t, "pa"));		/* readable once raw */
	feed(t, "x");
	CHECK(read_is(t, "x"));
	CHECK(rd(t, b, sizeof(b)) == -EAGAIN);
	CHECK(strcmp(cap, "") == 0);
	/* VMIN=1 blocks until a byte arrives (from another thread). */
	feeder_tty = t;
	struct thread *th = kthread_create("ttyfeed", feeder, NULL);
	CHECK(th != NULL);
	long r = n_tty_read(t, b, sizeof(b), false);
	CHECK(r == 1 && b[0] == 'z');
	if (th)
		thread_join(th);
	/* VMIN=3: poll says ready only at 3 bytes. */
	CHECK(set_lflag(t, 0, 0, 3, 0) == 0);
	feed(t, "ab");
	CHECK(!(n_tty_poll_mask(t) & POLLIN));
	feed(t, "c");
	CHECK(n_tty_poll_mask(t) & POLLIN);
	CHECK(n_tty_read(t, b, sizeof(b), false) == 3);
	/* VMIN=0 VTIME=0: never waits. */
	CHECK(set_lflag(t, 0, 0, 0, 0) == 0);
	CHECK(n_tty_read(t, b, sizeof(b), false) == 0);
	/* VMIN=0 VTIME=1: 0 after a tenth of a second. */
	CHECK(set_lflag(t, 0, 0, 0, 1) == 0);
	uint64_t j0 = jiffies;
	CHECK(n_tty_read(t, b, sizeof(b), false) == 0);
	CHECK(jiffies >= j0 + HZ / 10);
	/* Raw input: no ICRNL translation off by default, ^D is data. */
	feed(t, "\x04");
	CHECK(n_tty_read(t, b, sizeof(b), false) == 1 && b[0] == 4);
	ktap_diag("VMIN=1 wake-up, VMIN=3 poll, VMIN=0/VTIME=0 and VTIME=1 (%llu ticks)",
		  (unsigned long long)(jiffies - j0));
	test_tty_free(t);
	return 0;
}

int selftest_tty_termios(void)
{
	struct tty *t = test_tty();
	struct termios a, c;
	struct winsize ws;
	int n;

	CHECK(t != NULL);
	if (!t)
		return 1;
	memset(&a, 0, sizeof(a));
	CHECK(tty_ioctl(t, NULL, TCGETS, (unsigned long)&a, true) == 0);
	CHECK((a.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG));
	CHECK((a.c_iflag & ICRNL) && (a.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR));
	CHECK(a.c_cc[VINTR] == 3 && a.c_cc[VEOF] == 4 && a.c_cc[VERASE] == 0177);
	CHECK(a.c_cc[VMIN] == 1 && a.c_cc[VTIME] == 0);
	a.c_cc[VERASE] = '#';
	a.c_lflag &= ~ECHOCTL;
	a.c_cflag = (a.c_cflag & ~CBAUD) | B9600;
	CHECK(tty_ioctl(t, NULL, TCSETSW, (unsigned long)&a, true) == 0);
	memset(&c, 0xa5, sizeof(c));
	CHECK(tty_ioctl(t, NULL, TCGETS, (unsigned long)&c, true) == 0);
	CHECK(c.c_iflag == a.c_iflag && c.c_oflag == a.c_oflag && c.c_cflag == a.c_cflag &&
	      c.c_lflag == a.c_lflag && memcmp(c.c_cc, a.c_cc, sizeof(a.c_cc)) == 0);
	CHECK(t->termios.c_ospeed == 9600);
	feed(t, "ab#c\n");			/* the new ERASE character */
	CHECK(read_is(t, "ac\n"));
#ifdef TCGETS2
	struct termios2 t2;
	CHECK(tty_ioctl(t, NULL, TCGETS2, (unsigned long)&t2, true) == 0);
	CHECK(t2.c_ospeed == 9600 && t2.c_ispeed == 9600);
#endif
	/* TCSETSF flushes pending input. */
	feed(t, "gone\n");
	CHECK(tty_ioctl(t, NULL, TCSETSF, (unsigned long)&a, true) == 0);
	CHECK(tty_ioctl(t, NULL, FIONREAD, (unsigned long)&n, true) == 0 && n == 0);
	CHECK(tty_ioctl(t, NULL, TIOCGWINSZ, (unsigned long)&ws, true) == 0);
	CHECK(ws.ws_row == 24 && ws.ws_col == 80);
	ws.ws_row = 40;
	CHECK(tty_ioctl(t, NULL, TIOCSWINSZ, (unsigned long)&ws, true) == 0);
	CHECK(tty_ioctl(t, NULL, TIOCGWINSZ, (unsigned long)&ws, true) == 0 && ws.ws_row == 40);
	feed(t, "abc\n");
	CHECK(tty_ioctl(t, NULL, FIONREAD, (unsigned long)&n, true) == 0 && n == 4);
	CHECK(tty_ioctl(t, NULL, TCFLSH, TCIFLUSH, true) == 0);
	CHECK(tty_ioctl(t, NULL, FIONREAD, (unsigned long)&n, true) == 0 && n == 0);
	CHECK(tty_ioctl(t, NULL, TCFLSH, 7, true) == -EINVAL);
	CHECK(tty_ioctl(t, NULL, TIOCOUTQ, (unsigned long)&n, true) == 0 && n == 0);
	CHECK(tty_ioctl(t, NULL, TCXONC, TCOOFF, true) == 0 && t->stopped);
	CHECK(!(n_tty_poll_mask(t) & POLLOUT));
	CHECK(tty_ioctl(t, NULL, TCXONC, TCOON, true) == 0 && !t->stopped);
	feed(t, "\x13");			/* IXON: ^S stops output, ^Q restarts */
	CHECK(t->stopped);
	feed(t, "\x11");
	CHECK(!t->stopped);
	CHECK(tty_ioctl(t, NULL, 0x7fff, 0, true) == -ENOTTY);
	ktap_diag("termios round trip (TCGETS %#x, %zu bytes), winsize, FIONREAD, TCFLSH, TCXONC",
		  (unsigned int)TCGETS, sizeof(struct termios));
	test_tty_free(t);
	return 0;
}

/*
 * The checks a process in the background meets, and the session system
 * calls, run as a process that never runs: this kernel thread borrows it
 * for a moment (t->proc), which is safe because a kernel thread never
 * returns to user mode, where signals would be delivered.
 */
static int job_rules(struct tty *t, struct proc *leader, struct proc *fg)
{
	struct thread *me = thread_current();
	struct proc *bg = proc_alloc(leader);
	struct proc *other = proc_alloc(NULL);	/* another session */
	uint64_t mask = me->sigmask;
	struct syscall_args a;
	int v;

	memset(&a, 0, sizeof(a));
	CHECK(bg && other);
	if (!bg || !other)
		return 1;
	bg->pgid = bg->pid;
	me->proc = bg;
	CHECK(tty_check_change(t, SIGTTIN) == -ERESTARTSYS);	/* background read */
	CHECK(bg->pending & SIGBIT(SIGTTIN));
	CHECK(!(fg->pending & SIGBIT(SIGTTIN)));
	CHECK(tty_check_change(t, SIGTTOU) == -ERESTARTSYS);	/* TOSTOP write */
	CHECK(bg->pending & SIGBIT(SIGTTOU));
	me->sigmask |= SIGBIT(SIGTTOU);
	CHECK(tty_check_change(t, SIGTTOU) == 0);		/* blocked: allowed */
	me->sigmask |= SIGBIT(SIGTTIN);
	CHECK(tty_check_change(t, SIGTTIN) == -EIO);		/* blocked: -EIO */
	me->sigmask = mask;
	bg->sigact[SIGTTIN - 1].handler = SIG_IGN;
	CHECK(tty_check_change(t, SIGTTIN) == -EIO);
	bg->sigact[SIGTTIN - 1].handler = SIG_DFL;
	bg->parent = NULL;					/* orphaned group */
	CHECK(tty_check_change(t, SIGTTOU) == -EIO);
	bg->parent = leader;
	/* tcsetpgrp() from the background, SIGTTOU blocked as shells do. */
	me->sigmask |= SIGBIT(SIGTTOU);
	v = 999999;
	CHECK(tty_ioctl(t, NULL, TIOCSPGRP, (unsigned long)&v, true) == -ESRCH);
	v = other->pgid;
	CHECK(tty_ioctl(t, NULL, TIOCSPGRP, (unsigned long)&v, true) == -EPERM);
	v = bg->pgid;
	CHECK(tty_ioctl(t, NULL, TIOCSPGRP, (unsigned long)&v, true) == 0 && t->pgrp == bg->pgid);
	CHECK(tty_check_change(t, SIGTTIN) == 0);		/* now in the foreground */
	v = fg->pgid;
	CHECK(tty_ioctl(t, NULL, TIOCSPGRP, (unsigned long)&v, true) == 0 && t->pgrp == fg->pgid);
	me->sigmask = mask;
	CHECK(tty_ioctl(t, NULL, TIOCSCTTY, 0, true) == -EPERM);	/* not a leader */
	/* The system calls. */
	CHECK(sys_getpgrp(&a) == bg->pid);
	CHECK(sys_setsid(&a) == -EPERM);			/* a group leader */
	a.a[0] = 0;
	a.a[1] = (unsigned long)leader->pgid;
	CHECK(sys_setpgid(&a) == 0 && bg->pgid == leader->pgid);
	a.a[1] = (unsigned long)other->pgid;
	CHECK(sys_setpgid(&a) == -EPERM);			/* other session */
	a.a[0] = (unsigned long)other->pid;
	CHECK(sys_setpgid(&a) == -ESRCH);			/* not our child */
	a.a[0] = 0;
	a.a[1] = (unsigned long)-1;
	CHECK(sys_setpgid(&a) == -EINVAL);
	CHECK(sys_setsid(&a) == bg->pid && bg->sid == bg->pid && bg->pgid == bg->pid);
	CHECK(tty_of_proc(bg) == NULL);				/* a new session has none */
	a.a[0] = 0;
	CHECK(sys_getsid(&a) == bg->pid);
	a.a[0] = (unsigned long)leader->pid;
	CHECK(sys_getpgid(&a) == leader->pgid && sys_getsid(&a) == leader->sid);
	a.a[0] = 999999;
	CHECK(sys_getpgid(&a) == -ESRCH);
	a.a[0] = (unsigned long)leader->pid;
	a.a[1] = 0;
	CHECK(sys_setpgid(&a) == -ESRCH);			/* our parent */
	me->proc = NULL;
	me->sigmask = mask;
	proc_free(other);
	proc_free(bg);
	return 0;
}

int selftest_tty_jobctl(void)
{
	struct tty *t = test_tty();
	struct proc *leader = proc_alloc(NULL);
	struct proc *child = leader ? proc_alloc(leader) : NULL;

	CHECK(t && leader && child);
	if (!t || !leader || !child)
		return 1;
	/* A session leader, and a child in a group of its own. */
	child->pgid = child->pid;
	t->session = leader->sid;
	t->pgrp = child->pgid;
	CHECK(tty_of_proc(leader) == t && tty_of_proc(child) == t);
	CHECK(pgrp_exists(child->pid, leader->sid));
	CHECK(!pgrp_exists(child->pid, leader->sid + 1000));
	CHECK(!pgrp_is_orphaned(child->pgid));	/* its parent is in the session */
	CHECK(pgrp_is_orphaned(leader->pgid));	/* no parent at all */
	CHECK(tty_signal_pgrp(child->pgid, SIGINT) == 1);
	CHECK((child->pending & SIGBIT(SIGINT)) && !(leader->pending & SIGBIT(SIGINT)));
	int v = -1;
	CHECK(tty_ioctl(t, NULL, TIOCGPGRP, (unsigned long)&v, true) == 0 && v == child->pgid);
	CHECK(tty_ioctl(t, NULL, TIOCGSID, (unsigned long)&v, true) == 0 && v == leader->sid);
	CHECK(job_rules(t, leader, child) == 0);
	/* The leader exits: the foreground group gets SIGHUP, the tty is free. */
	tty_session_leader_exit(leader);
	CHECK(child->pending & SIGBIT(SIGHUP));
	CHECK(t->session == 0 && t->pgrp == 0 && tty_of_proc(child) == NULL);
	CHECK(tty_ioctl(t, NULL, TIOCGSID, (unsigned long)&v, true) == -ENOTTY);
	t->session = 999999;			/* a session whose leader is gone */
	t->pgrp = 999999;
	tty_check_session(t);
	CHECK(t->session == 0 && t->pgrp == 0);
	ktap_diag("sessions %d, groups %d/%d: orphan rules, pgrp signals, hangup on leader exit",
		  leader->sid, leader->pgid, child->pgid);
	proc_free(child);
	proc_free(leader);
	test_tty_free(t);
	return 0;
}
