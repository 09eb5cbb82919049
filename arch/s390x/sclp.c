/*
 * sclp.c - the Service-Call Logical Processor: console and memory size.
 *
 * Requests go through SERVC (B220) with a Service-Call Control Block in
 * the first 2 GiB.  On QEMU the SCLP completes a request before SERVC
 * returns and merely posts a service-signal external interruption, which
 * stays masked (CR0 service-signal subclass off); the code polls the
 * response code instead.  The console is the VT220 event type (0x1a) of
 * the event facility: Write Event Data for output, Read Event Data for
 * input.
 */
#include <hal/hal.h>
#include "s390x.h"

#define SCLP_CMD_READ_SCP_INFO		0x00020001u
#define SCLP_CMD_READ_SCP_INFO_FORCED	0x00120001u
#define SCLP_CMD_READ_EVENT_DATA	0x00770005u
#define SCLP_CMD_WRITE_EVENT_DATA	0x00760005u
#define SCLP_CMD_WRITE_EVENT_MASK	0x00780005u

#define SCLP_RC_NORMAL_READ		0x0010
#define SCLP_RC_NORMAL			0x0020

#define SCLP_EVENT_VT220		0x1a
#define SCLP_VT220_SESSION_DATA		0x00	/* first byte of VT220 input */
/* Event masks have bit (type - 1) set, counted from the most significant. */
#define SCLP_MASK_VT220			(0x80000000u >> (SCLP_EVENT_VT220 - 1))

struct sccb_header {
	uint16_t length;
	uint8_t function_code;
	uint8_t control_mask[3];
	uint16_t response_code;
} __packed;

struct sclp_read_info {
	struct sccb_header h;
	uint16_t rnmax;			/* number of storage increments */
	uint8_t rnsize;			/* increment size in MiB, 0: see rnsize2 */
	uint8_t reserved1[89];
	uint32_t rnsize2;		/* offset 100 */
	uint64_t rnmax2;		/* offset 104 */
} __packed;

struct sclp_event_mask {
	struct sccb_header h;
	uint16_t reserved;
	uint16_t mask_length;
	uint32_t cp_receive_mask;
	uint32_t cp_send_mask;
	uint32_t sclp_receive_mask;
	uint32_t sclp_send_mask;
} __packed;

struct sclp_event_header {
	uint16_t length;
	uint8_t type;
	uint8_t flags;
	uint16_t reserved;
} __packed;

struct sclp_event_sccb {
	struct sccb_header h;
	struct sclp_event_header ev;
	char data[];
} __packed;

/* One SCCB page; its users run with interrupts off (the boot-time requests
 * run before interrupts are ever enabled). */
static uint8_t sccb_page[4096] __aligned(4096);

/* Input bytes already read from the SCLP but not yet handed out. */
static char rx_buf[256];
static unsigned int rx_head, rx_tail;

static bool sclp_ready;

static int sclp_getc(void);

static int servc(uint32_t cmd, void *sccb)
{
	int cc;

	__asm__ __volatile__(
		".insn rre,0xb2200000,%[cmd],%[sccb]\n\t"
		"ipm %[cc]\n\t"
		"srl %[cc],28"
		: [cc] "=&d"(cc)
		: [cmd] "d"(cmd), [sccb] "a"((uintptr_t)sccb)
		: "cc", "memory");
	return cc;
}

/*
 * Run one SCLP command on sccb_page.  Returns the response code, or 0 if
 * the SCLP did not accept the command.
 */
static uint16_t sclp_call(uint32_t cmd)
{
	/* The response code is the halfword at offset 6 of the header. */
	volatile uint16_t *rc = (volatile uint16_t *)(sccb_page + 6);
	long spins;
	int cc;

	for (spins = 0; spins < 1000000; spins++) {
		cc = servc(cmd, sccb_page);
		if (cc != 2)		/* 2: busy */
			break;
	}
	if (cc != 0)
		return 0;
	for (spins = 0; *rc == 0 && spins < 10000000; spins++)
		hal_cpu_relax();
	return *rc;
}

static void sccb_clear(size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		sccb_page[i] = 0;
}

/* Tell the event facility we send and receive VT220 events. */
void s390x_sclp_init(void)
{
	struct sclp_event_mask *m = (struct sclp_event_mask *)sccb_page;

	sccb_clear(sizeof(*m));
	m->h.length = sizeof(*m);
	m->mask_length = sizeof(uint32_t);
	m->cp_receive_mask = SCLP_MASK_VT220;
	m->cp_send_mask = SCLP_MASK_VT220;
	sclp_call(SCLP_CMD_WRITE_EVENT_MASK);
	/* Even if the mask was refused, QEMU accepts writes: try anyway. */
	sclp_ready = true;
}

static void sclp_write(const char *s, size_t n)
{
	struct sclp_event_sccb *e = (struct sclp_event_sccb *)sccb_page;
	size_t i;

	sccb_clear(sizeof(*e));
	for (i = 0; i < n; i++)
		e->data[i] = s[i];
	e->h.length = sizeof(*e) + n;
	e->ev.length = sizeof(e->ev) + n;
	e->ev.type = SCLP_EVENT_VT220;
	sclp_call(SCLP_CMD_WRITE_EVENT_DATA);
}

/*
 * hal_early_putc - one byte per Write Event Data.  Slow but stateless, so
 * a panic loses nothing.
 */
void hal_early_putc(char c)
{
	unsigned long flags = hal_irq_save();

	if (!sclp_ready)
		s390x_sclp_init();
	sclp_write(&c, 1);
	hal_irq_restore(flags);
}

/* hal_early_getc - hand out buffered input, refilling it with one Read
 * Event Data when empty.  Interrupts are off meanwhile, so that a message
 * printed by an interrupt handler cannot reuse the SCCB under it. */
int hal_early_getc(void)
{
	unsigned long flags = hal_irq_save();
	int c = sclp_getc();

	hal_irq_restore(flags);
	return c;
}

static int sclp_getc(void)
{
	struct sclp_event_sccb *e = (struct sclp_event_sccb *)sccb_page;
	unsigned int off, len, i;
	uint16_t rc;

	if (rx_head == rx_tail) {
		rx_head = rx_tail = 0;
		sccb_clear(sizeof(sccb_page));
		e->h.length = sizeof(sccb_page);
		rc = sclp_call(SCLP_CMD_READ_EVENT_DATA);
		if (rc != SCLP_RC_NORMAL)
			return -1;
		/* Walk the event buffers and keep the VT220 data. */
		for (off = sizeof(struct sccb_header); off + sizeof(struct sclp_event_header) <= e->h.length &&
		     off < sizeof(sccb_page); off += len) {
			struct sclp_event_header *ev = (struct sclp_event_header *)(sccb_page + off);

			len = ev->length;
			if (len < sizeof(*ev) || off + len > sizeof(sccb_page))
				break;
			if (ev->type != SCLP_EVENT_VT220 || len == sizeof(*ev))
				continue;
			/* The first byte says what the buffer holds: session
			 * data follows a 0; "session started" (0x80) and
			 * "ended" (0x01) carry none. */
			if (((uint8_t *)ev)[sizeof(*ev)] != SCLP_VT220_SESSION_DATA)
				continue;
			for (i = sizeof(*ev) + 1; i < len && rx_tail < sizeof(rx_buf); i++)
				rx_buf[rx_tail++] = ((char *)ev)[i];
		}
		if (rx_head == rx_tail)
			return -1;
	}
	return (unsigned char)rx_buf[rx_head++];
}

/*
 * s390x_sclp_memory_size - bytes of RAM from Read SCP Info
 * (increments * increment size), or 0 if the SCLP does not answer.
 */
uint64_t s390x_sclp_memory_size(void)
{
	struct sclp_read_info *ri = (struct sclp_read_info *)sccb_page;
	uint32_t cmds[2] = { SCLP_CMD_READ_SCP_INFO_FORCED, SCLP_CMD_READ_SCP_INFO };
	uint64_t rnmax, rnsize;
	int i;

	for (i = 0; i < 2; i++) {
		sccb_clear(sizeof(sccb_page));
		ri->h.length = sizeof(sccb_page);
		if (sclp_call(cmds[i]) == SCLP_RC_NORMAL_READ)
			break;
	}
	if (i == 2)
		return 0;
	rnmax = ri->rnmax ? ri->rnmax : ri->rnmax2;
	rnsize = ri->rnsize ? ri->rnsize : ri->rnsize2;
	return rnmax * rnsize << 20;
}
