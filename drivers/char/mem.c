/*
 * mem.c - the memory character devices of Linux's major 1: /dev/null
 * (1:3), /dev/zero (1:5), /dev/full (1:7), /dev/random (1:8),
 * /dev/urandom (1:9) and /dev/kmsg (1:11, whose operations live with the
 * kernel log in core/sysfs/syslog.c).
 */
#include <kernel.h>
#include <device.h>
#include <proc.h>
#include <sync.h>
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

/* ---- the random generator
 *
 * A ChaCha20 keystream (RFC 8439's block function) under a 256-bit key.
 * The key is first filled from hal_timer_now() readings taken around
 * work of variable duration (the low bits jitter between reads, more so
 * under QEMU's TCG), then every request mixes in a fresh timer reading and
 * ends by replacing the key with keystream it never hands out ("fast key
 * erasure"), so earlier output cannot be recomputed from a later state.
 * Writes to /dev/random or /dev/urandom stir the key too.  This is a
 * CSPRNG-ish construction whose only entropy source is timer jitter: good
 * for AT_RANDOM, hash seeds and mktemp, not for long-term keys until a
 * hardware source (virtio-rng, RDRAND, the DT's rng-seed) is added.
 */

#define ROTL32(v, n)	(((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d) do { \
		a += b; d ^= a; d = ROTL32(d, 16); \
		c += d; b ^= c; b = ROTL32(b, 12); \
		a += b; d ^= a; d = ROTL32(d, 8); \
		c += d; b ^= c; b = ROTL32(b, 7); \
	} while (0)

static uint32_t rng_key[8];
static uint64_t rng_counter;
static bool rng_seeded;
static spinlock_t rng_lock = SPINLOCK_INIT("random");

static void chacha20_block(const uint32_t key[8], uint64_t counter, uint32_t out[16])
{
	uint32_t x[16] = {
		0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,
		key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
		(uint32_t)counter, (uint32_t)(counter >> 32), 0x536f636c /* "Socl" */, 0x65524e47,
	};
	uint32_t in[16];

	memcpy(in, x, sizeof(in));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] = x[i] + in[i];
}

/* Replace the key with fresh keystream (rng_lock held). */
static void rng_rekey(void)
{
	uint32_t blk[16];

	chacha20_block(rng_key, rng_counter++, blk);
	memcpy(rng_key, blk, sizeof(rng_key));
	memset(blk, 0, sizeof(blk));
}

/* Mix a 64-bit value into the key (rng_lock held). */
static void rng_mix(uint64_t v)
{
	rng_key[rng_counter & 7] ^= (uint32_t)v;
	rng_key[(rng_counter + 3) & 7] ^= (uint32_t)(v >> 32);
	rng_rekey();
}

static void rng_seed(void)
{
	uint32_t blk[16];

	rng_mix(hal_timer_now() ^ ((uint64_t)(uintptr_t)&blk << 17) ^ ktime_ns());
	for (int i = 0; i < 64; i++) {
		uint64_t t0 = hal_timer_now();
		/* Work whose duration varies with the cache and TLB state. */
		for (int j = 0; j < 1 + (int)(t0 & 7); j++)
			chacha20_block(rng_key, rng_counter + (uint64_t)j, blk);
		rng_mix((hal_timer_now() - t0) ^ (t0 << 32) ^ blk[i & 15]);
	}
	memset(blk, 0, sizeof(blk));
	rng_seeded = true;
}

void get_random_bytes(void *buf, size_t n)
{
	uint8_t *p = buf;
	uint32_t blk[16];
	unsigned long f = spin_lock_irqsave(&rng_lock);

	if (!rng_seeded)
		rng_seed();
	rng_mix(hal_timer_now());
	while (n) {
		chacha20_block(rng_key, rng_counter++, blk);
		size_t c = MIN(n, sizeof(blk));
		memcpy(p, blk, c);
		p += c;
		n -= c;
	}
	rng_rekey();
	spin_unlock_irqrestore(&rng_lock, f);
	memset(blk, 0, sizeof(blk));
}

static long read_random(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	uint8_t chunk[256];
	size_t done = 0;

	while (done < n) {
		/* Long reads stop early for a signal, like Linux's. */
		if (done && signal_pending_current())
			break;
		size_t c = MIN(n - done, sizeof(chunk));
		get_random_bytes(chunk, c);
		size_t left = copy_to_user(buf + done, chunk, c);
		done += c - left;
		if (left) {
			memset(chunk, 0, sizeof(chunk));
			return done ? (long)done : -EFAULT;
		}
	}
	memset(chunk, 0, sizeof(chunk));
	return (long)done;
}

/* Written bytes are mixed into the key (no entropy is credited). */
static long write_random(struct file *f, vaddr_t buf, size_t n, uint64_t *pos)
{
	uint64_t w[8];
	size_t done = 0;

	while (done < n) {
		size_t c = MIN(n - done, sizeof(w));
		memset(w, 0, sizeof(w));
		if (copy_from_user(w, buf + done, c))
			return done ? (long)done : -EFAULT;
		unsigned long fl = spin_lock_irqsave(&rng_lock);
		for (size_t i = 0; i < ARRAY_SIZE(w); i++)
			rng_mix(w[i]);
		spin_unlock_irqrestore(&rng_lock, fl);
		done += c;
	}
	return (long)done;
}

static const struct file_ops random_ops = {
	.read = read_random,
	.write = write_random,
	.lseek = seek_null,
};

static const struct {
	unsigned int minor;
	const char *name;
	const struct file_ops *ops;
	uint32_t mode;
} mem_devs[] = {
	{ 3, "null", &null_ops, 0666 },
	{ 5, "zero", &zero_ops, 0666 },
	{ 7, "full", &full_ops, 0666 },
	{ 8, "random", &random_ops, 0666 },
	{ 9, "urandom", &random_ops, 0666 },
	{ 11, "kmsg", &kmsg_fops, 0644 },
};

void chr_mem_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(mem_devs); i++) {
		int err = chrdev_register(1, mem_devs[i].minor, mem_devs[i].name, mem_devs[i].ops);
		if (!err)
			err = devtmpfs_add(mem_devs[i].name, 1, mem_devs[i].minor, mem_devs[i].mode);
		if (err)
			pr_err("mem: cannot register /dev/%s: %d\n", mem_devs[i].name, err);
	}
}
