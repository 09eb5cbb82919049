/*
 * cpio.c - newc cpio archive reader.
 */
#include <cpio.h>
#include <errno.h>
#include <kstring.h>

#define HDR_LEN 110

void cpio_init(struct cpio_reader *r, const void *buf, size_t size)
{
	r->buf = buf;
	r->size = size;
	r->off = 0;
	r->error = NULL;
	r->error_off = 0;
}

static int bad(struct cpio_reader *r, const char *why)
{
	r->error = why;
	r->error_off = r->off;
	return -EINVAL;
}

static int hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];
		uint32_t d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static size_t pad4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	uint32_t f[13];

	/* Some tools pad archives with zeros between concatenated parts. */
	while (r->off + 4 <= r->size && !memcmp(r->buf + r->off, "\0\0\0\0", 4))
		r->off += 4;
	if (r->off >= r->size)
		return bad(r, "archive ends without a TRAILER!!! entry");
	if (r->size - r->off < HDR_LEN)
		return bad(r, "truncated header");
	const uint8_t *h = r->buf + r->off;
	if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
		return bad(r, "bad magic (not a newc cpio archive)");
	for (int i = 0; i < 13; i++)
		if (hex8(h + 6 + 8 * i, &f[i]))
			return bad(r, "non-hex digit in header");
	e->ino = f[0];
	e->mode = f[1];
	e->uid = f[2];
	e->gid = f[3];
	e->nlink = f[4];
	e->mtime = f[5];
	e->size = f[6];
	e->devmajor = f[7];
	e->devminor = f[8];
	e->rdevmajor = f[9];
	e->rdevminor = f[10];
	uint32_t namesize = f[11];
	if (namesize == 0)
		return bad(r, "empty name");
	size_t name_off = r->off + HDR_LEN;
	if (namesize > r->size - name_off)
		return bad(r, "name runs past the end of the archive");
	e->name = (const char *)r->buf + name_off;
	if (e->name[namesize - 1] != '\0' || strnlen(e->name, namesize) != namesize - 1)
		return bad(r, "name not NUL-terminated");
	e->namelen = namesize - 1;
	size_t data_off = pad4(name_off + namesize);
	if (data_off > r->size || e->size > r->size - data_off)
		return bad(r, "file data runs past the end of the archive");
	e->data = r->buf + data_off;
	if (strcmp(e->name, "TRAILER!!!") == 0) {
		r->off = data_off;
		return 0;
	}
	r->off = pad4(data_off + e->size);
	return 1;
}
