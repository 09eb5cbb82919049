/*
 * fcntl_abi.c - open(2) flags as this arch's Linux ABI numbers them.
 *
 * Most O_* values are the asm-generic ones everywhere, but arm64 and
 * ppc64 renumber O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE.  This
 * file alone includes the arch's <asm/fcntl.h> (its macros would clash with
 * the internal ones of file.h/vfs.h) and translates between the two.
 */
#include <asm/fcntl.h>
#include "fs_internal_abi.h"

/* The internal (asm-generic) values of the four that move. */
#define K_DIRECT	00040000
#define K_LARGEFILE	00100000
#define K_DIRECTORY	00200000
#define K_NOFOLLOW	00400000
#define K_MOVED		(K_DIRECT | K_LARGEFILE | K_DIRECTORY | K_NOFOLLOW)
#define U_MOVED		(O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW)

unsigned int oflags_from_user(unsigned long u)
{
	unsigned int k = (unsigned int)(u & ~(unsigned long)U_MOVED) & ~(unsigned int)K_MOVED;

	if (u & O_DIRECT)
		k |= K_DIRECT;
	if (u & O_LARGEFILE)
		k |= K_LARGEFILE;
	if (u & O_DIRECTORY)
		k |= K_DIRECTORY;
	if (u & O_NOFOLLOW)
		k |= K_NOFOLLOW;
	return k;
}

unsigned long oflags_to_user(unsigned int k)
{
	unsigned long u = k & ~(unsigned int)K_MOVED;

	if (k & K_DIRECT)
		u |= O_DIRECT;
	if (k & K_LARGEFILE)
		u |= O_LARGEFILE;
	if (k & K_DIRECTORY)
		u |= O_DIRECTORY;
	if (k & K_NOFOLLOW)
		u |= O_NOFOLLOW;
	return u;
}
