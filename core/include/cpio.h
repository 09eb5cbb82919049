/*
 * cpio.h - reader for "newc" cpio archives (the initramfs format, magic
 * 070701 and 070702 with CRC).  Each header field is checked; a malformed
 * archive gives an error naming the problem and the entry's offset.
 * Built for the kernel and for the host.
 */
#ifndef CORE_CPIO_H
#define CORE_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the archive */
	size_t namelen;		/* without the NUL */
	const void *data;
	size_t size;
	uint32_t mode, uid, gid, nlink, mtime, ino;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
};

struct cpio_reader {
	const uint8_t *buf;
	size_t size, off;
	const char *error;
	size_t error_off;
};

void cpio_init(struct cpio_reader *r, const void *buf, size_t size);
/* 1 and *e for the next entry, 0 at the TRAILER!!! entry, -EINVAL for a
 * malformed archive (r->error, r->error_off). */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

#endif
