/*
 * tty.h - terminals: the line discipline, job control and the console tty.
 *
 * A struct tty is one terminal: a driver that writes bytes out (the console
 * writes them with hal_early_putc), Linux's termios settings, a window
 * size, the session it is the controlling terminal of and its foreground
 * process group, and the N_TTY line discipline's input ring.  Drivers push
 * received bytes with tty_receive(); readers of the tty get them edited
 * (canonical mode) or raw (VMIN/VTIME), with echo and ISIG signals, exactly
 * as Linux's n_tty does for the flags this file lists in core/tty/n_tty.c.
 *
 * termios layouts and ioctl numbers are the arch's own, from Linux's UAPI
 * <asm/termios.h>: on ppc64 struct termios has the speeds and the ioctls are
 * _IOR('t', ...) numbers; core never spells a number.
 *
 * Locking: the line discipline state is guarded by read_wq.lock (taken with
 * interrupts off); output is serialised by out_lock.  Signals are never
 * sent with either held (signal_send may take a wait-queue lock).
 */
#ifndef CORE_TTY_H
#define CORE_TTY_H

#include <hal/types.h>
#include <sched.h>
#include <asm/termios.h>

struct file;
struct proc;

#define TTY_BUF_SIZE	4096	/* input ring (N_TTY_BUF_SIZE); a power of two */

/* Per-byte marks in the input ring. */
#define TTY_F_DELIM	0x01	/* ends a canonical line */
#define TTY_F_EOF	0x02	/* an EOF (^D) mark: ends the line, not returned */

struct tty;

struct tty_driver {
	/* Write n bytes to the device.  Called with out_lock held and
	 * interrupts off: must not sleep. */
	void (*write)(struct tty *tty, const char *buf, size_t n);
};

struct tty {
	const char *name;
	const struct tty_driver *drv;
	void *driver_data;
	struct ktermios termios;
	struct winsize winsize;
	int session;			/* controlling tty of this session (0: none) */
	int pgrp;			/* foreground process group (0: none) */

	/* Line discipline; guarded by read_wq.lock. */
	struct waitqueue read_wq;	/* readers (and pollers) wait here */
	unsigned int read_head;		/* next byte written by the driver */
	unsigned int read_tail;		/* next byte a reader takes */
	unsigned int canon_head;	/* end of the last complete line */
	unsigned int canon_column;	/* output column where the line began */
	bool lnext;			/* the next byte is literal (^V) */
	uint8_t buf[TTY_BUF_SIZE];
	uint8_t flags[TTY_BUF_SIZE];	/* TTY_F_* per byte */

	/* Output. */
	spinlock_t out_lock;
	unsigned int column;		/* for tabs and erase echo; under out_lock */
	volatile bool stopped;		/* ^S / TCOOFF: writers wait */
	struct waitqueue write_wq;

	struct tty *next;		/* all ttys (tty_register) */
};

/* ---- set-up (core/tty/tty.c) */

/*
 * tty_init - create the console tty, start its input thread (it polls
 * hal_early_getc() every tick) and register the character devices 5:1
 * (/dev/console), 5:0 (/dev/tty, the caller's controlling tty) and 4:64
 * (/dev/ttyS0).  Called once from core_main after the VFS is up, with
 * interrupts on.  Panics if the thread cannot be created.
 */
void tty_init(void);

/*
 * tty_open_console - an open file on /dev/console (O_RDWR), for init's
 * stdin, stdout and stderr; the caller owns the reference.  Like Linux,
 * opening the console never makes it a controlling tty: init (or its
 * getty) uses setsid() and TIOCSCTTY.  NULL when out of memory.
 */
struct file *tty_open_console(void);

/* The console tty (valid after tty_init, or zero-initialised before). */
struct tty *tty_console(void);

/* Initialise t with Linux's default termios (ICANON, ECHO, ISIG, ICRNL,
 * OPOST|ONLCR, 115200 8N1), a 24x80 window, no session; and add it to the
 * list of ttys job control searches.  tty_unregister takes it off. */
void tty_setup(struct tty *t, const char *name, const struct tty_driver *drv, void *data);
void tty_unregister(struct tty *t);

/* ---- line discipline (core/tty/n_tty.c) */

/*
 * tty_receive - bytes received by the driver, into the line discipline:
 * input processing, editing, echo, ISIG signals to the foreground process
 * group.  Thread context (it may send signals); never sleeps.
 */
void tty_receive(struct tty *t, const char *buf, size_t n);

/*
 * n_tty_read - read into a kernel buffer.  Canonical mode: at most one
 * line, 0 at end of file (^D at the start of a line).  Otherwise VMIN and
 * VTIME as in termios(3).  nonblock: -EAGAIN instead of sleeping; a signal
 * during a sleep: -ERESTARTSYS (or the count read so far).  May sleep.
 */
long n_tty_read(struct tty *t, char *kbuf, size_t n, bool nonblock);

/* Readiness for poll: POLLIN|POLLRDNORM when a read would not block,
 * POLLOUT|POLLWRNORM unless output is stopped. */
unsigned int n_tty_poll_mask(struct tty *t);

/* Bytes a read could return now (FIONREAD). */
unsigned int n_tty_inq(struct tty *t);

/* Discard pending input (TCIFLUSH, ISIG without NOFLSH). */
void n_tty_flush_input(struct tty *t);

/* termios changed from old: fix up canonical state (ICANON toggled). */
void n_tty_set_termios(struct tty *t, const struct ktermios *old);

/*
 * tty_write_kernel - output n bytes with OPOST processing (ONLCR, OCRNL,
 * ONOCR, ONLRET, XTABS, OLCUC).  Any thread context; does not wait for
 * stopped output (callers that may sleep wait on write_wq first).
 */
void tty_write_kernel(struct tty *t, const char *buf, size_t n);

/* ---- ioctls and job control (core/tty/tty_ioctl.c, core/tty/jobctl.c) */

/*
 * tty_ioctl - the terminal ioctls: termios (TCGETS/TCSETS/W/F, TCGETS2...
 * where the arch has them), window size, FIONREAD, TCFLSH, TCXONC,
 * TIOCOUTQ, TCSBRK, job control (TIOCGPGRP, TIOCSPGRP, TIOCSCTTY,
 * TIOCNOTTY, TIOCGSID), TIOCGETD/TIOCSETD, FIONBIO.  f may be NULL (then
 * FIONBIO and TIOCSCTTY's read check are skipped).  karg: arg is a kernel
 * pointer (self-tests), not a user address.  Unknown: -ENOTTY.
 */
long tty_ioctl(struct tty *t, struct file *f, unsigned int cmd, unsigned long arg, bool karg);

/* The controlling tty of p's session, or NULL. */
struct tty *tty_of_proc(struct proc *p);
/* Free t if the leader of the session it controls is gone (no hangup). */
void tty_check_session(struct tty *t);
/* Make t the controlling tty of the current process's session if it is a
 * session leader without one and t is free (open without O_NOCTTY). */
void tty_maybe_set_ctty(struct tty *t);

/*
 * Job control checks for the current process on t (Linux's job_control()
 * and tty_check_change()): 0 when it may go on; -ERESTARTSYS after sending
 * sig (SIGTTIN or SIGTTOU) to its process group when it is in the
 * background; -EIO when that group is orphaned, or for SIGTTIN when the
 * signal is ignored or blocked.  A process for which t is not the
 * controlling tty, and kernel threads, always pass.
 */
int tty_check_change(struct tty *t, int sig);

/*
 * tty_session_leader_exit - p, a session leader, is exiting: if its
 * session has a controlling tty, send SIGHUP and SIGCONT to the tty's
 * foreground group and free the tty (Linux's disassociate_ctty).  For
 * core/proc's exit path; thread context.
 */
void tty_session_leader_exit(struct proc *p);

/* Send sig to every live process of group pgid; how many got it. */
int tty_signal_pgrp(int pgid, int sig);
/* POSIX: a group is orphaned when no member has a parent in another group
 * of the same session.  An empty group counts as orphaned. */
bool pgrp_is_orphaned(int pgid);
/* Does a process with group pgid exist (in session sid, if sid > 0)? */
bool pgrp_exists(int pgid, int sid);

/* proc_for_each (core/include/proc.h) walks the processes. */

/* ---- self-tests (core/tty/selftest_tty.c): 0 pass, 1 fail, as in
 * core/kern/selftest.c's table. */
int selftest_tty_canon(void);
int selftest_tty_echo(void);
int selftest_tty_isig(void);
int selftest_tty_eof(void);
int selftest_tty_noncanon(void);
int selftest_tty_termios(void);
int selftest_tty_jobctl(void);

#endif
