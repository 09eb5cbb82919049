/*
 * fdt.h - read-only access to the flattened device tree (DTB, spec v0.4).
 *
 * The parser reads the blob byte by byte, so it works on either endianness,
 * and checks every offset against the header's sizes: a corrupt blob gives
 * an error, never an out-of-bounds read.  Built for the kernel and for the
 * host (unit tests and a libFuzzer target).
 *
 * Nodes are named by their offset in the structure block (int >= 0);
 * negative values are -FDT_E* errors.
 */
#ifndef CORE_FDT_H
#define CORE_FDT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define FDT_MAGIC 0xd00dfeedu

enum {
	FDT_OK = 0,
	FDT_ENOTFOUND = 1,	/* no such node or property */
	FDT_EBADMAGIC = 2,
	FDT_EBADVERSION = 3,
	FDT_ETRUNCATED = 4,	/* header sizes exceed the blob */
	FDT_EBADSTRUCT = 5,	/* malformed structure block */
	FDT_EBADOFFSET = 6,
};

struct fdt {
	const uint8_t *blob;
	size_t size;		/* totalsize */
	uint32_t off_struct, size_struct;
	uint32_t off_strings, size_strings;
	uint32_t off_rsvmap;
};

/* Big-endian loads from the blob. */
static inline uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}
static inline uint64_t fdt_be64(const void *p)
{
	return ((uint64_t)fdt_be32(p) << 32) | fdt_be32((const uint8_t *)p + 4);
}

/*
 * fdt_open - validate the header and the whole structure block of the blob
 * at p, which may be at most maxsize bytes long (SIZE_MAX when unknown).
 * Returns 0 or -FDT_E*.
 */
int fdt_open(struct fdt *f, const void *p, size_t maxsize);
const char *fdt_strerror(int err);

/* Root node offset (always 0 for a valid tree). */
int fdt_root(const struct fdt *f);
/* First child / next sibling of a node, or -FDT_ENOTFOUND. */
int fdt_first_child(const struct fdt *f, int node);
int fdt_next_sibling(const struct fdt *f, int node);
/* Parent of a node (walks from the root), or -FDT_ENOTFOUND for the root. */
int fdt_parent(const struct fdt *f, int node);
/* Node name with unit address ("memory@40000000"), "" for the root. */
const char *fdt_name(const struct fdt *f, int node);

/* Property value and length; NULL when absent. */
const void *fdt_getprop(const struct fdt *f, int node, const char *name, int *len);
/* Iterate properties: off = fdt_first_prop(f, node); off >= 0;
 * off = fdt_next_prop(f, off).  fdt_prop_at returns value, name and len. */
int fdt_first_prop(const struct fdt *f, int node);
int fdt_next_prop(const struct fdt *f, int prop);
const void *fdt_prop_at(const struct fdt *f, int prop, const char **name, int *len);

/* Node by absolute path ("/chosen", "/soc/serial@10000000"); an alias
 * name as the first component is resolved through /aliases. */
int fdt_path(const struct fdt *f, const char *path);
/* Next node after 'from' (-1: from the start), depth first, whose
 * "compatible" list contains compat, or -FDT_ENOTFOUND. */
int fdt_find_compatible(const struct fdt *f, int from, const char *compat);
/* Next node after 'from' whose "device_type" is type (e.g. "memory"). */
int fdt_find_device_type(const struct fdt *f, int from, const char *type);
bool fdt_is_compatible(const struct fdt *f, int node, const char *compat);
/* Next node after 'from' in depth-first order, or -FDT_ENOTFOUND. */
int fdt_next_node(const struct fdt *f, int from, int *depth);

/* Property helpers. */
bool fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *out);
const char *fdt_prop_str(const struct fdt *f, int node, const char *name);
/* #address-cells / #size-cells that apply to node's "reg" (its parent's;
 * defaults 2 and 1). */
void fdt_reg_cells(const struct fdt *f, int node, int *ac, int *sc);
/* The i-th (address, size) pair of node's "reg", untranslated; false when
 * there is none or the cells do not fit. */
bool fdt_reg(const struct fdt *f, int node, int i, uint64_t *addr, uint64_t *size);
/* Node by phandle, or -FDT_ENOTFOUND. */
int fdt_node_by_phandle(const struct fdt *f, uint32_t phandle);

/* Memory reservation block: i-th entry, false at the end. */
bool fdt_rsv(const struct fdt *f, int i, uint64_t *addr, uint64_t *size);

/* The kernel's validated boot device tree (after core_main checked it). */
extern struct fdt boot_fdt;

#endif
