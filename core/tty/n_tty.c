/*
 * n_tty.c - the N_TTY line discipline: what happens to bytes between a
 * terminal driver and read(2)/write(2).
 *
 * Input (tty_receive): ISTRIP, IXON (^S/^Q), ISIG (INTR, QUIT, SUSP send
 * SIGINT, SIGQUIT, SIGTSTP to the foreground group, flushing input unless
 * NOFLSH), IGNCR/ICRNL/INLCR, and in canonical mode the editing characters
 * ERASE (also ^H while VERASE is the default ^?), KILL, WERASE, LNEXT and
 * REPRINT (the last three with IEXTEN), the line ends '\n', EOL, EOL2 and
 * EOF.  Echo: ECHO, ECHOE,
 * ECHOK, ECHOKE, ECHONL, ECHOCTL (control characters as ^X).
 *
 * The input ring holds raw bytes with a mark per byte; read_tail <=
 * canon_head <= read_head are free-running counters.  In canonical mode a
 * reader may take bytes up to canon_head, one line at a time; the bytes
 * after it are the line being edited.  Otherwise everything up to
 * read_head is readable.  An EOF is stored as a 0 byte marked TTY_F_EOF.
 *
 * Output (tty_write_kernel): OPOST with ONLCR, OCRNL, ONOCR, ONLRET,
 * OLCUC and XTABS; the column is tracked for tabs and erase echo.
 */
#include <kernel.h>
#include <file.h>
#include <proc.h>
#include <tty.h>

#define MASK		(TTY_BUF_SIZE - 1)
#define L(t, f)		(((t)->termios.c_lflag & (f)) != 0)
#define I(t, f)		(((t)->termios.c_iflag & (f)) != 0)
#define O(t, f)		(((t)->termios.c_oflag & (f)) != 0)
#define CC(t, i)	((t)->termios.c_cc[i])

/* c is the control character at c_cc[i], which is not disabled (0). */
static bool is_cc(struct tty *t, int i, uint8_t c)
{
	return CC(t, i) != 0 && CC(t, i) == c;
}

static bool is_cntrl(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

static bool is_word(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_';
}

/* ---- output */

/* Output processing of one byte into out[]; returns the bytes produced.
 * out_lock held. */
static size_t opost_byte(struct tty *t, uint8_t c, char *out)
{
	if (!O(t, OPOST)) {
		out[0] = (char)c;
		return 1;
	}
	switch (c) {
	case '\n':
		if (O(t, ONLRET))
			t->column = 0;
		if (O(t, ONLCR)) {
			t->column = 0;
			out[0] = '\r';
			out[1] = '\n';
			return 2;
		}
		break;
	case '\r':
		if (O(t, ONOCR) && t->column == 0)
			return 0;
		if (O(t, OCRNL)) {
			c = '\n';
			if (O(t, ONLRET))
				t->column = 0;
			break;
		}
		t->column = 0;
		break;
	case '\t': {
		unsigned int spaces = 8 - (t->column & 7);
		t->column += spaces;
		if ((t->termios.c_oflag & TABDLY) == XTABS) {
			for (unsigned int i = 0; i < spaces; i++)
				out[i] = ' ';
			return spaces;
		}
		break;
	}
	case '\b':
		if (t->column > 0)
			t->column--;
		break;
	default:
		if (!is_cntrl(c)) {
			if (O(t, OLCUC) && c >= 'a' && c <= 'z')
				c -= 'a' - 'A';
			t->column++;
		}
		break;
	}
	out[0] = (char)c;
	return 1;
}

void tty_write_kernel(struct tty *t, const char *buf, size_t n)
{
	char out[80];
	size_t o = 0;
	unsigned long f = spin_lock_irqsave(&t->out_lock);

	for (size_t i = 0; i < n; i++) {
		if (o > sizeof(out) - 8) {
			t->drv->write(t, out, o);
			o = 0;
		}
		o += opost_byte(t, (uint8_t)buf[i], out + o);
	}
	if (o)
		t->drv->write(t, out, o);
	spin_unlock_irqrestore(&t->out_lock, f);
}

/* ---- echo (read_wq.lock held; output nests inside it) */

static void echo_raw(struct tty *t, uint8_t c)
{
	char ch = (char)c;

	tty_write_kernel(t, &ch, 1);
}

static void echo_str(struct tty *t, const char *s)
{
	tty_write_kernel(t, s, strlen(s));
}

/* Echo c as typed: a control character as ^X under ECHOCTL. */
static void echo_char(struct tty *t, uint8_t c)
{
	if (L(t, ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		char s[2] = { '^', (char)(c ^ 0x40) };
		tty_write_kernel(t, s, 2);
	} else {
		echo_raw(t, c);
	}
}

/* ---- the input ring */

static unsigned int ring_count(struct tty *t)
{
	return t->read_head - t->read_tail;
}

/* Store one byte; false when the ring is full (in canonical mode one slot
 * is kept for the line end, so that a full line can still be ended). */
static bool put_byte(struct tty *t, uint8_t c, uint8_t fl)
{
	unsigned int room = TTY_BUF_SIZE - ring_count(t);

	if (room == 0 || (L(t, ICANON) && room == 1 && !(fl & TTY_F_DELIM)))
		return false;
	t->buf[t->read_head & MASK] = c;
	t->flags[t->read_head & MASK] = fl;
	t->read_head++;
	return true;
}

/* A line is complete: readers may take it. */
static void commit_line(struct tty *t)
{
	t->canon_head = t->read_head;
	t->canon_column = t->column;
}

void n_tty_flush_input(struct tty *t)
{
	unsigned long f = spin_lock_irqsave(&t->read_wq.lock);

	t->read_head = t->read_tail = t->canon_head = 0;
	t->lnext = false;
	spin_unlock_irqrestore(&t->read_wq.lock, f);
}

static void flush_locked(struct tty *t)
{
	t->read_head = t->read_tail = t->canon_head = 0;
	t->lnext = false;
}

/* The column at which the edited line's byte at position end would be
 * echoed: for erasing a tab. */
static unsigned int column_at(struct tty *t, unsigned int end)
{
	unsigned int col = t->canon_column;

	for (unsigned int i = t->canon_head; i != end; i++) {
		uint8_t c = t->buf[i & MASK];
		if (c == '\t')
			col = (col | 7) + 1;
		else if (is_cntrl(c) && L(t, ECHOCTL))
			col += 2;
		else if (!is_cntrl(c))
			col++;
	}
	return col;
}

/* ERASE, WERASE or KILL (c) in canonical mode. */
static void eraser(struct tty *t, uint8_t c)
{
	enum { ERASE, WERASE, KILL } kind;

	if (t->read_head == t->canon_head)
		return;
	if (is_cc(t, VKILL, c))
		kind = KILL;
	else if (is_cc(t, VWERASE, c))
		kind = WERASE;
	else
		kind = ERASE;

	if (kind == KILL && (!L(t, ECHO) || !L(t, ECHOK) || !L(t, ECHOKE) || !L(t, ECHOE))) {
		t->read_head = t->canon_head;
		if (L(t, ECHO)) {
			echo_char(t, c);
			if (L(t, ECHOK))
				echo_raw(t, '\n');
		}
		return;
	}
	unsigned int words = 0;
	while (t->read_head != t->canon_head) {
		uint8_t ch = t->buf[(t->read_head - 1) & MASK];
		if (kind == WERASE) {
			if (is_word(ch))
				words++;
			else if (words)
				break;
		}
		t->read_head--;
		if (L(t, ECHO)) {
			if (kind == ERASE && !L(t, ECHOE)) {
				echo_char(t, c);
			} else if (ch == '\t') {
				unsigned long f = spin_lock_irqsave(&t->out_lock);
				unsigned int back = t->column - column_at(t, t->read_head);
				spin_unlock_irqrestore(&t->out_lock, f);
				while (back-- > 0)
					echo_raw(t, '\b');
			} else {
				if (is_cntrl(ch) && L(t, ECHOCTL))
					echo_str(t, "\b \b");
				if (!is_cntrl(ch) || L(t, ECHOCTL))
					echo_str(t, "\b \b");
			}
		}
		if (kind == ERASE)
			break;
	}
}

/* One received byte; signals to send are collected in *sigs. */
static void receive_byte(struct tty *t, uint8_t c, uint64_t *sigs)
{
	if (I(t, ISTRIP))
		c &= 0x7f;
	if (t->lnext) {
		t->lnext = false;
		goto store;
	}
	if (I(t, IXON)) {
		if (is_cc(t, VSTART, c)) {
			t->stopped = false;
			return;
		}
		if (is_cc(t, VSTOP, c)) {
			t->stopped = true;
			return;
		}
		if (I(t, IXANY))
			t->stopped = false;
	}
	if (L(t, ISIG)) {
		int sig = is_cc(t, VINTR, c) ? SIGINT : is_cc(t, VQUIT, c) ? SIGQUIT :
			  is_cc(t, VSUSP, c) ? SIGTSTP : 0;
		if (sig) {
			if (!L(t, NOFLSH))
				flush_locked(t);
			if (I(t, IXON))
				t->stopped = false;
			if (L(t, ECHO))
				echo_char(t, c);
			*sigs |= SIGBIT(sig);
			return;
		}
	}
	if (c == '\r') {
		if (I(t, IGNCR))
			return;
		if (I(t, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(t, INLCR)) {
		c = '\r';
	}
	if (L(t, ICANON)) {
		if (is_cc(t, VERASE, c) || is_cc(t, VKILL, c) ||
		    (c == '\b' && CC(t, VERASE) == 0177) ||
		    (is_cc(t, VWERASE, c) && L(t, IEXTEN))) {
			eraser(t, c);
			return;
		}
		if (is_cc(t, VLNEXT, c) && L(t, IEXTEN)) {
			t->lnext = true;
			if (L(t, ECHO) && L(t, ECHOCTL))
				echo_str(t, "^\b");
			return;
		}
		if (is_cc(t, VREPRINT, c) && L(t, ECHO) && L(t, IEXTEN)) {
			echo_char(t, c);
			echo_raw(t, '\n');
			for (unsigned int i = t->canon_head; i != t->read_head; i++)
				echo_char(t, t->buf[i & MASK]);
			return;
		}
		if (c == '\n') {
			if (put_byte(t, c, TTY_F_DELIM)) {
				if (L(t, ECHO) || L(t, ECHONL))
					echo_raw(t, '\n');
				commit_line(t);
			}
			return;
		}
		if (is_cc(t, VEOF, c)) {
			if (put_byte(t, 0, TTY_F_DELIM | TTY_F_EOF))
				commit_line(t);
			return;
		}
		if (is_cc(t, VEOL, c) || is_cc(t, VEOL2, c)) {
			if (put_byte(t, c, TTY_F_DELIM)) {
				if (L(t, ECHO))
					echo_char(t, c);
				commit_line(t);
			}
			return;
		}
	}
store:
	if (!put_byte(t, c, 0))
		return;
	if (L(t, ICANON) && t->read_head - 1 == t->canon_head)
		t->canon_column = t->column;	/* the line's first byte */
	if (L(t, ECHO)) {
		if (c == '\n')
			echo_raw(t, '\n');
		else
			echo_char(t, c);
	} else if (c == '\n' && L(t, ECHONL) && L(t, ICANON)) {
		echo_raw(t, '\n');
	}
	if (!L(t, ICANON))
		t->canon_head = t->read_head;
}

void tty_receive(struct tty *t, const char *buf, size_t n)
{
	uint64_t sigs = 0;
	unsigned long f = spin_lock_irqsave(&t->read_wq.lock);
	bool was_stopped = t->stopped;

	for (size_t i = 0; i < n; i++)
		receive_byte(t, (uint8_t)buf[i], &sigs);
	bool restart = was_stopped && !t->stopped;
	int pgrp = t->pgrp;
	spin_unlock_irqrestore(&t->read_wq.lock, f);
	wq_wake_all(&t->read_wq);
	if (restart)
		wq_wake_all(&t->write_wq);
	for (int sig = 1; sigs; sig++) {
		if (sigs & SIGBIT(sig)) {
			sigs &= ~SIGBIT(sig);
			if (pgrp > 0)
				tty_signal_pgrp(pgrp, sig);
		}
	}
}

/* ---- reading */

/* Can a reader take anything now?  read_wq.lock held. */
static bool input_ready(struct tty *t, bool for_poll)
{
	if (L(t, ICANON))
		return t->canon_head != t->read_tail;
	unsigned int need = 1;
	if (for_poll && CC(t, VTIME) == 0 && CC(t, VMIN) > 0)
		need = CC(t, VMIN);
	return ring_count(t) >= need;
}

unsigned int n_tty_poll_mask(struct tty *t)
{
	unsigned long f = spin_lock_irqsave(&t->read_wq.lock);
	unsigned int m = input_ready(t, true) ? POLLIN | POLLRDNORM : 0;

	spin_unlock_irqrestore(&t->read_wq.lock, f);
	if (!t->stopped)
		m |= POLLOUT | POLLWRNORM;
	return m;
}

unsigned int n_tty_inq(struct tty *t)
{
	unsigned long f = spin_lock_irqsave(&t->read_wq.lock);
	unsigned int n;

	if (L(t, ICANON)) {
		n = 0;
		for (unsigned int i = t->read_tail; i != t->canon_head; i++)
			n += !(t->flags[i & MASK] & TTY_F_EOF);
	} else {
		n = ring_count(t);
	}
	spin_unlock_irqrestore(&t->read_wq.lock, f);
	return n;
}

/* Canonical: copy at most one line (0 bytes: an EOF mark was all there
 * was).  read_wq.lock held. */
static size_t canon_copy(struct tty *t, char *kb, size_t n)
{
	size_t got = 0;

	while (got < n && t->read_tail != t->canon_head) {
		unsigned int i = t->read_tail & MASK;
		uint8_t fl = t->flags[i];
		t->read_tail++;
		if (fl & TTY_F_EOF)
			return got;
		kb[got++] = (char)t->buf[i];
		if (fl & TTY_F_DELIM)
			return got;
	}
	/* The buffer is full: an EOF mark right after ends this line too. */
	if (t->read_tail != t->canon_head && (t->flags[t->read_tail & MASK] & TTY_F_EOF))
		t->read_tail++;
	return got;
}

static size_t raw_copy(struct tty *t, char *kb, size_t n)
{
	size_t got = 0;

	while (got < n && t->read_tail != t->read_head)
		kb[got++] = (char)t->buf[t->read_tail++ & MASK];
	if (t->read_tail == t->read_head)
		t->canon_head = t->read_head;
	return got;
}

/* ICANON changed while a reader slept: n_tty_read starts over. */
#define MODE_CHANGED	(-100000)

static long canon_read(struct tty *t, char *kb, size_t n, bool nonblock)
{
	unsigned long f = spin_lock_irqsave(&t->read_wq.lock);
	long r = 0;

	while (t->canon_head == t->read_tail) {
		if (!L(t, ICANON)) {
			r = MODE_CHANGED;
			break;
		}
		if (nonblock) {
			r = -EAGAIN;
			break;
		}
		if ((r = wq_sleep_interruptible(&t->read_wq, &f)) < 0)
			break;
	}
	if (r == 0)
		r = L(t, ICANON) ? (long)canon_copy(t, kb, n) : MODE_CHANGED;
	spin_unlock_irqrestore(&t->read_wq.lock, f);
	return r;
}

/* Non-canonical read, termios(3)'s four VMIN/VTIME cases. */
static long raw_read(struct tty *t, char *kb, size_t n, bool nonblock)
{
	unsigned int min = CC(t, VMIN), time = CC(t, VTIME);
	size_t want = min < n ? min : n;
	uint64_t timeout = (uint64_t)time * HZ / 10;
	uint64_t deadline = jiffies + timeout;
	size_t got = 0;
	long r = 0;
	unsigned long f = spin_lock_irqsave(&t->read_wq.lock);

	for (;;) {
		size_t c = raw_copy(t, kb + got, n - got);
		if (c) {
			got += c;
			deadline = jiffies + timeout;	/* inter-byte timer */
		}
		if (got >= n || (min && got >= want) || (!min && got))
			break;
		if (min == 0 && time == 0)
			break;
		if (time && (min == 0 || got) && jiffies >= deadline)
			break;
		if (nonblock) {
			r = -EAGAIN;
			break;
		}
		if (time && (min == 0 || got)) {
			/* Timed: wake every tick to look at the clock. */
			spin_unlock_irqrestore(&t->read_wq.lock, f);
			r = thread_sleep_ticks_interruptible(1);
			f = spin_lock_irqsave(&t->read_wq.lock);
		} else {
			r = wq_sleep_interruptible(&t->read_wq, &f);
		}
		if (r < 0)
			break;
		if (L(t, ICANON)) {
			r = MODE_CHANGED;
			break;
		}
	}
	spin_unlock_irqrestore(&t->read_wq.lock, f);
	if (got)
		return (long)got;
	return r;
}

long n_tty_read(struct tty *t, char *kbuf, size_t n, bool nonblock)
{
	long r;

	if (n == 0)
		return 0;
	do {
		if (L(t, ICANON))
			r = canon_read(t, kbuf, n, nonblock);
		else
			r = raw_read(t, kbuf, n, nonblock);
	} while (r == MODE_CHANGED);
	return r;
}

void n_tty_set_termios(struct tty *t, const struct ktermios *old)
{
	unsigned long f = spin_lock_irqsave(&t->read_wq.lock);

	if ((old->c_lflag ^ t->termios.c_lflag) & ICANON) {
		memset(t->flags, 0, sizeof(t->flags));
		if (L(t, ICANON) && ring_count(t)) {
			/* What was typed raw is pushed as one line. */
			t->flags[(t->read_head - 1) & MASK] = TTY_F_DELIM;
			t->canon_head = t->read_head;
		} else {
			t->canon_head = L(t, ICANON) ? t->read_tail : t->read_head;
		}
		t->lnext = false;
	}
	spin_unlock_irqrestore(&t->read_wq.lock, f);
	wq_wake_all(&t->read_wq);
}
