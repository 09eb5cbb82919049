/* test_cpio.c - newc archives written here, read back, then broken. */
#include <string.h>
#include <cpio.h>
#include <errno.h>
#include "check.h"

static size_t add(unsigned char *b, size_t off, const char *name, const char *data, unsigned mode)
{
	size_t nl = strlen(name) + 1, dl = data ? strlen(data) : 0;
	off += sprintf((char *)b + off, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		       1u, mode, 0u, 0u, 1u, 0u, (unsigned)dl, 0u, 0u, 0u, 0u, (unsigned)nl, 0u);
	memcpy(b + off, name, nl);
	off += nl;
	while (off & 3)
		b[off++] = 0;
	if (dl)
		memcpy(b + off, data, dl);
	off += dl;
	while (off & 3)
		b[off++] = 0;
	return off;
}

int main(void)
{
	static unsigned char b[4096], c[4096];
	struct cpio_reader r;
	struct cpio_entry e;
	size_t n = 0;

	n = add(b, n, "bin", NULL, 040755);
	n = add(b, n, "bin/hello", "hello, world\n", 0100755);
	n = add(b, n, "etc/x", "abc", 0100644);
	n = add(b, n, "TRAILER!!!", NULL, 0);

	cpio_init(&r, b, n);
	CHECK(cpio_next(&r, &e) == 1 && strcmp(e.name, "bin") == 0 && e.mode == 040755 && e.size == 0);
	CHECK(cpio_next(&r, &e) == 1 && strcmp(e.name, "bin/hello") == 0 && e.size == 13 &&
	      memcmp(e.data, "hello, world\n", 13) == 0);
	CHECK(cpio_next(&r, &e) == 1 && e.namelen == 5 && e.size == 3);
	CHECK(cpio_next(&r, &e) == 0);

	cpio_init(&r, b, n - 120);	/* no trailer */
	int rc;
	while ((rc = cpio_next(&r, &e)) == 1)
		;
	CHECK(rc == -EINVAL && r.error != NULL);

	memcpy(c, b, n);
	c[0] = 'X';
	cpio_init(&r, c, n);
	CHECK(cpio_next(&r, &e) == -EINVAL && strstr(r.error, "magic"));

	memcpy(c, b, n);
	c[6 + 8 * 6] = 'g';	/* filesize not hex */
	cpio_init(&r, c, n);
	CHECK(cpio_next(&r, &e) == -EINVAL && strstr(r.error, "hex"));

	memcpy(c, b, n);
	memcpy(c + 6 + 8 * 11, "000FFFFF", 8);	/* namesize past the end */
	cpio_init(&r, c, n);
	CHECK(cpio_next(&r, &e) == -EINVAL);

	/* Every byte flip and truncation: no crash, always terminates. */
	for (size_t i = 0; i < n; i++) {
		memcpy(c, b, n);
		c[i] ^= 0x5a;
		cpio_init(&r, c, n);
		for (int k = 0; k < 100 && cpio_next(&r, &e) == 1; k++)
			;
		cpio_init(&r, b, i);
		for (int k = 0; k < 100 && cpio_next(&r, &e) == 1; k++)
			;
	}
	CHECK(1);
	return check_done();
}
