/*
 * klog.c - the kernel log: kprintf formats a message, stores it as a record
 * (sequence number, level, timestamp, text) in a ring buffer that drops the
 * oldest records when full, and echoes it to the console when its level is
 * at or above console_loglevel's priority.  Later /dev/kmsg and dmesg read
 * the ring through klog_read().
 */
#include <kernel.h>
#include <sync.h>

#define KLOG_RECS	512
#define KLOG_TEXT	240
#define KLOG_LINE_MAX	512

/* Fixed-size records keep the ring trivially correct: record seq lives in
 * slot seq % KLOG_RECS, and the oldest ones are overwritten. */
struct klog_rec {
	uint64_t ts_ns;
	uint16_t len;
	uint8_t level;
	char text[KLOG_TEXT];
};

static struct klog_rec klog_ring[KLOG_RECS];
static uint64_t klog_next;	/* sequence number of the next record */
static spinlock_t klog_lock = SPINLOCK_INIT("klog");
int console_loglevel = 7;
volatile bool panicking;	/* print levels 0..6, like Linux's default */

static void klog_store(int level, uint64_t ts, const char *text, size_t len)
{
	struct klog_rec *r = &klog_ring[klog_next++ % KLOG_RECS];

	if (len && text[len - 1] == '\n')
		len--;
	if (len > KLOG_TEXT)
		len = KLOG_TEXT;
	r->ts_ns = ts;
	r->len = (uint16_t)len;
	r->level = (uint8_t)level;
	memcpy(r->text, text, len);
}

void klog_init(void)
{
	klog_next = 0;
}

static void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			hal_early_putc('\r');
		hal_early_putc(s[i]);
	}
}

int vkprintf(const char *fmt, va_list ap)
{
	char line[KLOG_LINE_MAX];
	int level = 6;	/* KERN_INFO by default (Linux: default_message_loglevel 4) */
	int n;

	if (fmt[0] == '\001' && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	uint64_t ts = ktime_ns();
	unsigned long f;
	/* A panic may come from under the lock (a fault in the console path):
	 * it writes without it rather than deadlock. */
	if (panicking)
		f = hal_irq_save();
	else
		f = spin_lock_irqsave(&klog_lock);
	klog_store(level, ts, line, n);
	if (level < console_loglevel) {
		char stamp[32];
		int sn = snprintf(stamp, sizeof(stamp), "[%5llu.%06llu] ",
				  (unsigned long long)(ts / 1000000000ULL),
				  (unsigned long long)(ts / 1000ULL % 1000000ULL));
		console_write(stamp, sn);
		console_write(line, n);
		if (n == 0 || line[n - 1] != '\n')
			console_write("\n", 1);
	}
	if (panicking)
		hal_irq_restore(f);
	else
		spin_unlock_irqrestore(&klog_lock, f);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vkprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* Raw console output with no record, for KTAP lines the harness parses. */

void console_puts(const char *s)
{
	unsigned long f = spin_lock_irqsave(&klog_lock);
	console_write(s, strlen(s));
	spin_unlock_irqrestore(&klog_lock, f);
}

size_t klog_read(char *buf, size_t size)
{
	size_t out = 0;
	unsigned long f = spin_lock_irqsave(&klog_lock);
	uint64_t seq = klog_next > KLOG_RECS ? klog_next - KLOG_RECS : 0;

	for (; seq < klog_next; seq++) {
		const struct klog_rec *r = &klog_ring[seq % KLOG_RECS];
		int n = snprintf(buf + out, size - out, "<%u>[%5llu.%06llu] %.*s\n", r->level,
				 (unsigned long long)(r->ts_ns / 1000000000ULL),
				 (unsigned long long)(r->ts_ns / 1000ULL % 1000000ULL),
				 (int)r->len, r->text);
		if (out + n >= size)
			break;
		out += n;
	}
	spin_unlock_irqrestore(&klog_lock, f);
	return out;
}
