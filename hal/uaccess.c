/*
 * uaccess.c - arch-neutral user copies for the HAL contract.
 *
 * Every user page is looked up in the address space with hal_as_query()
 * and must be mapped HAL_MAP_USER with the needed permission; the bytes
 * are then copied through the kernel's direct map of the physical page.
 * No user address is ever dereferenced, so no fault can occur here and
 * SMAP/PAN/SUM or separate address spaces (s390) do not matter.  A page
 * that is not there yet, or is copy-on-write, is first made present by
 * core_user_fault() (demand paging); where that is refused the copy stops.
 */
#include <hal/hal.h>
#include <kstring.h>
#include <errno.h>

static void *user_page(struct hal_as *as, vaddr_t va, unsigned int need)
{
	paddr_t pa;
	unsigned int flags;

	if (va >= HAL_USER_TOP)
		return NULL;
	if (hal_as_query(as, va & ~HAL_PAGE_MASK, &pa, &flags) < 0 ||
	    (flags & (HAL_MAP_USER | need)) != (HAL_MAP_USER | need)) {
		/* Not there yet (demand paging) or copy-on-write: ask core. */
		unsigned int access = need & HAL_MAP_W ? HAL_FAULT_WRITE : HAL_FAULT_READ;
		if (core_user_fault(as, va & ~HAL_PAGE_MASK, access) < 0 ||
		    hal_as_query(as, va & ~HAL_PAGE_MASK, &pa, &flags) < 0 ||
		    (flags & (HAL_MAP_USER | need)) != (HAL_MAP_USER | need))
			return NULL;
	}
	return (char *)hal_phys_to_virt(pa) + (va & HAL_PAGE_MASK);
}

size_t hal_copy_from_user(struct hal_as *as, void *dst, vaddr_t usrc, size_t n)
{
	char *d = dst;

	while (n) {
		size_t chunk = HAL_PAGE_SIZE - (usrc & HAL_PAGE_MASK);
		if (chunk > n)
			chunk = n;
		const void *k = user_page(as, usrc, HAL_MAP_R);
		if (!k)
			return n;
		memcpy(d, k, chunk);
		d += chunk;
		usrc += chunk;
		n -= chunk;
	}
	return 0;
}

size_t hal_copy_to_user(struct hal_as *as, vaddr_t udst, const void *src, size_t n)
{
	const char *s = src;

	while (n) {
		size_t chunk = HAL_PAGE_SIZE - (udst & HAL_PAGE_MASK);
		if (chunk > n)
			chunk = n;
		void *k = user_page(as, udst, HAL_MAP_W);
		if (!k)
			return n;
		memcpy(k, s, chunk);
		s += chunk;
		udst += chunk;
		n -= chunk;
	}
	return 0;
}

long hal_strnlen_user(struct hal_as *as, vaddr_t us, long max)
{
	long len = 0;

	while (len < max) {
		const char *k = user_page(as, us, HAL_MAP_R);
		if (!k)
			return -EFAULT;
		size_t room = HAL_PAGE_SIZE - (us & HAL_PAGE_MASK);
		for (size_t i = 0; i < room && len < max; i++, len++)
			if (k[i] == '\0')
				return len;
		us += room;
	}
	return max;
}
