/* fuzz_fdt.c - libFuzzer: any blob through fdt_open and every query. */
#include <fdt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt f;
	uint64_t a, s;
	uint32_t v;

	if (fdt_open(&f, data, size) < 0)
		return 0;
	for (int n = 0; n >= 0; n = fdt_next_node(&f, n, NULL)) {
		(void)fdt_name(&f, n);
		(void)fdt_reg(&f, n, 0, &a, &s);
		(void)fdt_prop_u32(&f, n, "phandle", &v);
		(void)fdt_is_compatible(&f, n, "ns16550a");
		(void)fdt_first_child(&f, n);
		(void)fdt_next_sibling(&f, n);
	}
	(void)fdt_path(&f, "/chosen");
	(void)fdt_path(&f, "serial0/x");
	for (int i = 0; fdt_rsv(&f, i, &a, &s); i++)
		;
	return 0;
}
