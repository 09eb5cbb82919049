/*
 * prom.c - talk to Open Firmware once, at boot: negotiate the machine
 * (ibm,client-architecture-support) and copy its device tree into a
 * flattened tree (FDT v17) for core.
 *
 * With QEMU's VOF the client interface is a hypervisor call: the firmware
 * stub whose address comes in r5 only does "r4 = r3; r3 = H_VOF_CLIENT;
 * sc 1".  The kernel makes that call itself, from 64-bit little-endian
 * mode, instead of going back to big-endian to call the stub.  The
 * argument block is IEEE 1275's: big-endian 32-bit cells holding the
 * service name, the counts, the arguments and room for the results, all
 * as real (physical) addresses below 4 GiB.  This runs with the MMU off,
 * where the kernel's 0xc000... addresses name the same bytes as their
 * physical address.
 */
#include <arch/ppc64le.h>
#include <kernel.h>
#include <fdt.h>
#include <stdarg.h>

#define PROM_ERROR	0xffffffffu

#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_END		9

struct prom_args {
	uint32_t service;
	uint32_t nargs;
	uint32_t nret;
	uint32_t args[10];
};

static struct prom_args prom_args __aligned(8);

/* How to reach firmware: VOF's hypervisor call, or the r5 entry (SLOF). */
static unsigned long of_entry_point;
static bool of_use_entry;

int ppc64le_of_call(uint32_t args_phys, unsigned long entry);

/* The blob: header, empty reservation map, structure block, strings. */
#define BLOB_SIZE	(192 * 1024)
#define STRINGS_SIZE	(16 * 1024)
#define STRUCT_OFF	56
#define STRUCT_END	(BLOB_SIZE - STRINGS_SIZE)	/* the strings go after it */
static uint8_t fdt_blob[BLOB_SIZE] __aligned(8);
static char fdt_strings[STRINGS_SIZE];
static size_t struct_len, strings_len;
static bool fdt_overflow;

static uint32_t phys32(const void *p)
{
	return (uint32_t)hal_virt_to_phys(p);
}

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

/*
 * One client-interface call; returns the first result cell, PROM_ERROR
 * when the hypervisor rejected the call.  rets gets results 2..nret.
 */
static uint32_t prom_call(const char *service, int nargs, int nret, uint32_t *rets, ...)
{
	va_list ap;

	prom_args.service = be32(phys32(service));
	prom_args.nargs = be32((uint32_t)nargs);
	prom_args.nret = be32((uint32_t)nret);
	va_start(ap, rets);
	for (int i = 0; i < nargs; i++)
		prom_args.args[i] = be32(va_arg(ap, uint32_t));
	va_end(ap);
	for (int i = 0; i < nret; i++)
		prom_args.args[nargs + i] = 0;
	if (of_use_entry) {
		if (ppc64le_of_call(phys32(&prom_args), of_entry_point) != 0)
			return PROM_ERROR;
	} else if (ppc64le_hcall(H_VOF_CLIENT, hal_virt_to_phys(&prom_args), 0, 0, 0,
				 NULL) != H_SUCCESS) {
		return PROM_ERROR;
	}
	for (int i = 1; rets && i < nret; i++)
		rets[i - 1] = be32(prom_args.args[nargs + i]);
	return nret > 0 ? be32(prom_args.args[nargs]) : 0;
}

/*
 * The client-architecture-support vector: the processors we run on, then
 * option vectors 1..5 (LoPAPR B.5.2).  Each vector is its length minus
 * one, then its bytes.  We ask for ISA 3.00 and, in vector 5, the radix
 * MMU (byte 24 = 0x40) with guest translation shootdown (byte 26 = 0x40);
 * byte 23 left 0 keeps the XICS interrupt controller.
 */
static const uint8_t cas_vector[] __aligned(4) = {
	0xff, 0xff, 0x00, 0x00, 0x00, 0x4e, 0x00, 0x00,	/* POWER9 */
	0xff, 0xff, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00,	/* POWER10 */
	0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00, 0x05,	/* ISA 3.00 mode */
	0x00, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x05,	/* end of the list */
	4,						/* 5 option vectors */
	1, 0xff, 0xc0,					/* 1: ISA 2.00..3.1 */
	0, 0,						/* 2 */
	0, 0,						/* 3 */
	0, 0,						/* 4 */
	25,						/* 5: 26 bytes */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0x40,
};

static void st_put(const void *p, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;

	if (STRUCT_OFF + struct_len + padded > STRUCT_END) {
		fdt_overflow = true;
		return;
	}
	memcpy(fdt_blob + STRUCT_OFF + struct_len, p, n);
	memset(fdt_blob + STRUCT_OFF + struct_len + n, 0, padded - n);
	struct_len += padded;
}

static void st_put32(uint32_t v)
{
	v = be32(v);
	st_put(&v, 4);
}

static uint32_t string_offset(const char *name)
{
	size_t len = strlen(name) + 1;

	for (size_t off = 0; off < strings_len; off += strlen(fdt_strings + off) + 1)
		if (strcmp(fdt_strings + off, name) == 0)
			return (uint32_t)off;
	if (strings_len + len > STRINGS_SIZE) {
		fdt_overflow = true;
		return 0;
	}
	memcpy(fdt_strings + strings_len, name, len);
	strings_len += len;
	return (uint32_t)(strings_len - len);
}

static void flatten_node(uint32_t ph, int depth)
{
	char path[256], prev[72], name[72];
	const char *unit;

	memset(path, 0, sizeof(path));
	if (prom_call("package-to-path", 3, 1, NULL, ph, phys32(path),
		      (uint32_t)sizeof(path) - 1) == PROM_ERROR)
		path[0] = '\0';
	unit = path;
	for (const char *q = path; *q; q++)
		if (*q == '/')
			unit = q + 1;
	if (depth == 0)
		unit = "";
	st_put32(FDT_BEGIN_NODE);
	st_put(unit, strlen(unit) + 1);

	prev[0] = '\0';
	for (;;) {
		memset(name, 0, sizeof(name));
		if (prom_call("nextprop", 3, 1, NULL, ph, phys32(prev), phys32(name)) != 1)
			break;
		uint32_t len = prom_call("getproplen", 2, 1, NULL, ph, phys32(name));
		if (len != PROM_ERROR && len < BLOB_SIZE / 2) {
			size_t at = STRUCT_OFF + struct_len + 12;
			size_t padded = (len + 3) & ~3u;
			if (at + padded > STRUCT_END) {
				fdt_overflow = true;
				break;
			}
			st_put32(FDT_PROP);
			st_put32(len);
			st_put32(string_offset(name));
			memset(fdt_blob + at, 0, padded);
			if (len)
				prom_call("getprop", 4, 1, NULL, ph, phys32(name),
					  phys32(fdt_blob + at), len);
			struct_len += padded;
		}
		memcpy(prev, name, sizeof(prev));
	}

	for (uint32_t c = prom_call("child", 1, 1, NULL, ph); c != 0 && c != PROM_ERROR;
	     c = prom_call("peer", 1, 1, NULL, c))
		flatten_node(c, depth + 1);
	st_put32(FDT_END_NODE);
}

static void put_be32_at(size_t off, uint32_t v)
{
	v = be32(v);
	memcpy(fdt_blob + off, &v, 4);
}

/*
 * ppc64le_prom_init - negotiate with firmware and flatten its tree.
 * Called once, MMU off, before core_main.  Returns the blob (in .bss) and
 * its size, or NULL after printing why (core_main then panics for want of
 * a device tree).
 */
const void *ppc64le_prom_init(unsigned long of_entry, size_t *size)
{
	uint32_t rets[2];

	/* Without VOF the hypervisor does not know H_VOF_CLIENT. */
	of_entry_point = of_entry;
	of_use_entry = false;
	if (prom_call("finddevice", 1, 1, NULL, phys32("/")) == PROM_ERROR && of_entry) {
		of_use_entry = true;
		ppc64le_plat.slof = true;
	}
	uint32_t root_ih = prom_call("open", 1, 1, NULL, phys32("/"));
	if (root_ih != 0 && root_ih != PROM_ERROR &&
	    prom_call("call-method", 3, 2, rets, phys32("ibm,client-architecture-support"),
		      root_ih, phys32(cas_vector)) == 0 && rets[0] == 0)
		ppc64le_plat.cas_done = true;
	else
		ppc64le_console_puts("ppc64le: client-architecture-support failed\n");

	uint32_t root = prom_call("peer", 1, 1, NULL, 0);
	if (root == 0 || root == PROM_ERROR) {
		ppc64le_console_puts("ppc64le: no Open Firmware device tree\n");
		return NULL;
	}
	struct_len = strings_len = 0;
	/*
	 * The order of the strings block is free; "device_type" goes first,
	 * at offset 0, like dtc does for small trees.  (Core's
	 * socle.fdt_test=nomemory injection finds "memory" values by the zero
	 * byte before them.)
	 */
	string_offset("device_type");
	flatten_node(root, 0);
	st_put32(FDT_END);
	if (fdt_overflow) {
		ppc64le_console_puts("ppc64le: device tree too large for the boot buffer\n");
		return NULL;
	}

	size_t strings_off = STRUCT_OFF + struct_len;
	size_t total = strings_off + strings_len;
	memcpy(fdt_blob + strings_off, fdt_strings, strings_len);
	memset(fdt_blob, 0, STRUCT_OFF);
	put_be32_at(0, FDT_MAGIC);
	put_be32_at(4, (uint32_t)total);
	put_be32_at(8, STRUCT_OFF);		/* off_dt_struct */
	put_be32_at(12, (uint32_t)strings_off);	/* off_dt_strings */
	put_be32_at(16, 40);			/* off_mem_rsvmap: one empty entry */
	put_be32_at(20, 17);			/* version */
	put_be32_at(24, 16);			/* last_comp_version */
	put_be32_at(28, 0);			/* boot_cpuid_phys */
	put_be32_at(32, (uint32_t)strings_len);
	put_be32_at(36, (uint32_t)struct_len);
	*size = total;
	return fdt_blob;
}
