/*
 * hal/uaccess.h - copying to and from user memory.
 *
 * Implemented arch-neutrally in hal/uaccess.c: each user page is looked up
 * with hal_as_query() in the given address space and copied through the
 * kernel direct map, so SMAP/PAN/SUM settings and s390's separate address
 * spaces never matter, and a bad user pointer is found before any access
 * (no fault can happen in the copy).  Like Linux's raw_copy_*_user, they
 * return the number of bytes NOT copied (0 on success).
 */
#ifndef HAL_UACCESS_H
#define HAL_UACCESS_H

#include <hal/types.h>

struct hal_as;

size_t hal_copy_from_user(struct hal_as *as, void *dst, vaddr_t usrc, size_t n);
size_t hal_copy_to_user(struct hal_as *as, vaddr_t udst, const void *src, size_t n);

/* Length of the NUL-terminated user string at us, at most max; -EFAULT if
 * a byte before the NUL or max is not readable. */
long hal_strnlen_user(struct hal_as *as, vaddr_t us, long max);

#endif
