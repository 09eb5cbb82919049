/* test_fdt.c - the device-tree reader on a dtc-built tree and broken copies. */
#include <string.h>
#include <fdt.h>
#include "check.h"

int main(int argc, char **argv)
{
	char path[4096];
	size_t size;
	struct fdt f;

	snprintf(path, sizeof(path), "%s/test.dtb", argc > 1 ? argv[1] : ".");
	unsigned char *blob = read_file(path, &size);
	CHECK(blob != NULL);
	if (!blob)
		return check_done();

	CHECK(fdt_open(&f, blob, size) == 0);
	CHECK(fdt_root(&f) == 0);
	CHECK(strcmp(fdt_prop_str(&f, 0, "model"), "Socle host test board") == 0);
	CHECK(fdt_is_compatible(&f, 0, "socle,generic"));
	CHECK(!fdt_is_compatible(&f, 0, "socle"));

	int chosen = fdt_path(&f, "/chosen");
	CHECK(chosen > 0);
	CHECK(strcmp(fdt_prop_str(&f, chosen, "bootargs"), "console=ttyS0 selftest") == 0);
	int ser = fdt_path(&f, "serial0");
	CHECK(ser > 0 && strcmp(fdt_name(&f, ser), "serial@10000000") == 0);
	CHECK(fdt_path(&f, "/soc/serial@10000000") == ser);
	CHECK(fdt_path(&f, "/soc/serial") == -FDT_ENOTFOUND || fdt_path(&f, "/soc/serial") == ser);
	CHECK(fdt_path(&f, "/nonexistent") == -FDT_ENOTFOUND);
	CHECK(fdt_path(&f, "/cpus/cpu@0") > 0);
	CHECK(fdt_path(&f, "/cpus/cpu") == fdt_path(&f, "/cpus/cpu@0"));

	uint64_t a, s;
	CHECK(fdt_reg(&f, ser, 0, &a, &s) && a == 0x10000000 && s == 0x100);
	CHECK(!fdt_reg(&f, ser, 1, &a, &s));
	int mem = fdt_find_device_type(&f, -1, "memory");
	CHECK(mem > 0 && strcmp(fdt_name(&f, mem), "memory@80000000") == 0);
	CHECK(fdt_reg(&f, mem, 0, &a, &s) && a == 0x80000000ULL && s == 0x10000000ULL);
	CHECK(fdt_reg(&f, mem, 1, &a, &s) && a == 0x100000000ULL && s == 0x1000000ULL);
	CHECK(fdt_parent(&f, ser) == fdt_path(&f, "/soc"));
	CHECK(fdt_parent(&f, 0) < 0);

	int plic = fdt_find_compatible(&f, -1, "riscv,plic0");
	CHECK(plic > 0 && fdt_node_by_phandle(&f, 5) == plic);
	int u1 = fdt_find_compatible(&f, -1, "ns16550a");
	int u2 = fdt_find_compatible(&f, u1, "ns16550a");
	CHECK(u1 == ser && u2 > 0 && fdt_find_compatible(&f, u2, "ns16550a") < 0);
	uint32_t irq;
	CHECK(fdt_prop_u32(&f, ser, "interrupts", &irq) && irq == 10);

	CHECK(fdt_rsv(&f, 0, &a, &s) && a == 0x80000000ULL && s == 0x10000);
	CHECK(!fdt_rsv(&f, 1, &a, &s));

	int count = 0, depth = 0, maxdepth = 0;
	for (int n = 0; n >= 0; n = fdt_next_node(&f, n, &depth)) {
		count++;
		if (depth > maxdepth)
			maxdepth = depth;
	}
	CHECK(count == 12 && maxdepth == 2);	/* dtc-built test.dts has 12 nodes */

	/* Broken copies: each rejected with the right error, no bad reads. */
	unsigned char *c = malloc(size);
	memcpy(c, blob, size);
	c[0] ^= 1;
	CHECK(fdt_open(&f, c, size) == -FDT_EBADMAGIC);
	memcpy(c, blob, size);
	CHECK(fdt_open(&f, c, size - 1) == -FDT_ETRUNCATED);
	CHECK(fdt_open(&f, c, 10) == -FDT_ETRUNCATED);
	c[23] = 1;	/* version 1 */
	CHECK(fdt_open(&f, c, size) == -FDT_EBADVERSION);
	memcpy(c, blob, size);
	uint32_t off_struct = fdt_be32(c + 8);
	c[off_struct + 3] = 7;	/* first token invalid */
	CHECK(fdt_open(&f, c, size) == -FDT_EBADSTRUCT);
	CHECK(f.blob == NULL && fdt_path(&f, "/") < 0);
	/* Every single-byte corruption: never crashes (ASan checks reads). */
	int rejected = 0;
	for (size_t i = 0; i < size; i++) {
		memcpy(c, blob, size);
		c[i] ^= 0xa5;
		if (fdt_open(&f, c, size) < 0) {
			rejected++;
			continue;
		}
		for (int n = 0; n >= 0; n = fdt_next_node(&f, n, NULL))
			(void)fdt_getprop(&f, n, "reg", NULL);
	}
	CHECK(rejected > 0);
	free(c);
	free(blob);
	return check_done();
}
