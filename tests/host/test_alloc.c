/* test_alloc.c - the buddy allocator and the slab heap over a host buffer
 * (the stub port's identity phys_to_virt makes host addresses "physical"). */
#include <string.h>
#include <stdlib.h>
#include <mm.h>
#include "check.h"

int main(void)
{
	size_t ram = 8 << 20;
	unsigned char *mem = aligned_alloc(1 << 22, ram);
	paddr_t base = (paddr_t)(uintptr_t)mem;

	pmm_add_range(base, ram);
	pmm_reserve(base + 0x10000, 0x3000);	/* a hole like firmware's */
	pmm_init();
	size_t total = pmm_total_pages(), free0 = pmm_free_pages();
	CHECK(total == ram / 4096);
	CHECK(free0 < total && free0 > total - 64);

	/* Orders, alignment, exhaustion and full recovery. */
	paddr_t big = pmm_alloc(PMM_MAX_ORDER, true);
	CHECK(big && (big & ((4096UL << PMM_MAX_ORDER) - 1)) == 0);
	CHECK(pmm_alloc(PMM_MAX_ORDER + 1, false) == 0);
	static paddr_t pg[4096];
	int n = 0;
	while (n < 4096 && (pg[n] = pmm_alloc(0, false)) != 0)
		n++;
	CHECK(pmm_free_pages() == 0);
	CHECK(pmm_alloc(0, false) == 0);
	int inhole = 0;
	for (int i = 0; i < n; i++)
		inhole += pg[i] >= base + 0x10000 && pg[i] < base + 0x13000;
	CHECK(inhole == 0);
	for (int i = 0; i < n; i++)
		pmm_free(pg[i], 0);
	pmm_free(big, PMM_MAX_ORDER);
	CHECK(pmm_free_pages() == free0);
	/* After freeing everything, the largest block is available again. */
	big = pmm_alloc(PMM_MAX_ORDER, false);
	CHECK(big != 0);
	pmm_free(big, PMM_MAX_ORDER);

	kheap_init();
	static void *p[3000];
	static size_t len[3000];
	srand(1);
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 3000; i++) {
			len[i] = 1 + rand() % (i % 10 ? 300 : 10000);
			p[i] = kmalloc(len[i]);
			memset(p[i], i & 0xff, len[i]);
		}
		int bad = 0;
		for (int i = 0; i < 3000; i += 2) {
			for (size_t k = 0; k < len[i]; k++)
				bad += ((unsigned char *)p[i])[k] != (i & 0xff);
			kfree(p[i]);
		}
		for (int i = 1; i < 3000; i += 2) {
			for (size_t k = 0; k < len[i]; k++)
				bad += ((unsigned char *)p[i])[k] != (i & 0xff);
			kfree(p[i]);
		}
		CHECK(bad == 0);
	}
	CHECK(kheap_in_use() == 0);
	CHECK(pmm_free_pages() == free0);
	CHECK(kmalloc(0) == NULL);
	CHECK(kmalloc((4096UL << PMM_MAX_ORDER) + 1) == NULL);
	return check_done();
}
