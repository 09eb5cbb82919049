/* fuzz_cpio.c - libFuzzer: any archive through cpio_next, touching data. */
#include <cpio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cpio_reader r;
	struct cpio_entry e;

	cpio_init(&r, data, size);
	while (cpio_next(&r, &e) == 1) {
		volatile uint8_t x = e.size ? ((const uint8_t *)e.data)[e.size - 1] : 0;
		volatile char y = e.name[e.namelen];
		(void)x;
		(void)y;
	}
	return 0;
}
