/*
 * fdt.c - flattened device tree reader.
 *
 * fdt_open() checks the header and walks the entire structure block once,
 * so that every later query can trust token boundaries; each query still
 * bounds-checks what it reads.  Offsets are byte offsets into the
 * structure block of a FDT_BEGIN_NODE token.
 */
#include <fdt.h>
#include <kstring.h>

#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

#define HDR_MAGIC	0
#define HDR_TOTALSIZE	4
#define HDR_OFF_STRUCT	8
#define HDR_OFF_STRINGS	12
#define HDR_OFF_RSVMAP	16
#define HDR_VERSION	20
#define HDR_LAST_COMP	24
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT	36
#define HDR_LEN		40

struct fdt boot_fdt;

static bool memchr_nul(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			return true;
	return false;
}

static bool memchr_any(const char *s, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == c)
			return true;
	return false;
}

static uint32_t tok_at(const struct fdt *f, uint32_t off)
{
	return fdt_be32(f->blob + f->off_struct + off);
}

/* Is [off, off+len) inside the structure block? */
static int in_struct(const struct fdt *f, uint32_t off, uint32_t len)
{
	return off <= f->size_struct && len <= f->size_struct - off;
}

/* Length of the NUL-terminated string at off in the structure block, or -1. */
static int struct_strlen(const struct fdt *f, uint32_t off)
{
	const uint8_t *p = f->blob + f->off_struct;

	for (uint32_t i = off; i < f->size_struct; i++)
		if (p[i] == 0)
			return (int)(i - off);
	return -1;
}

static const char *string_at(const struct fdt *f, uint32_t nameoff)
{
	if (nameoff >= f->size_strings)
		return NULL;
	const char *s = (const char *)f->blob + f->off_strings + nameoff;
	if (memchr_nul(s, f->size_strings - nameoff))
		return s;
	return NULL;
}

/*
 * Step over the token at *off; on success *off is the next token.  Returns
 * the token or -FDT_EBADSTRUCT.
 */
static int next_token(const struct fdt *f, uint32_t *off)
{
	uint32_t o = *off;
	int n;

	if (!in_struct(f, o, 4) || (o & 3))
		return -FDT_EBADSTRUCT;
	uint32_t tok = tok_at(f, o);
	o += 4;
	switch (tok) {
	case FDT_BEGIN_NODE:
		n = struct_strlen(f, o);
		if (n < 0)
			return -FDT_EBADSTRUCT;
		o += (uint32_t)n + 1;
		break;
	case FDT_PROP: {
		if (!in_struct(f, o, 8))
			return -FDT_EBADSTRUCT;
		uint32_t len = tok_at(f, o);
		uint32_t nameoff = tok_at(f, o + 4);
		o += 8;
		if (!in_struct(f, o, len) || !string_at(f, nameoff))
			return -FDT_EBADSTRUCT;
		o += len;
		break;
	}
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return -FDT_EBADSTRUCT;
	}
	*off = (o + 3) & ~3u;
	return (int)tok;
}

const char *fdt_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case FDT_OK: return "no error";
	case FDT_ENOTFOUND: return "not found";
	case FDT_EBADMAGIC: return "bad magic (not a device tree blob)";
	case FDT_EBADVERSION: return "unsupported version";
	case FDT_ETRUNCATED: return "truncated (header sizes exceed the blob)";
	case FDT_EBADSTRUCT: return "malformed structure block";
	case FDT_EBADOFFSET: return "bad node offset";
	}
	return "unknown error";
}

int fdt_open(struct fdt *f, const void *p, size_t maxsize)
{
	const uint8_t *b = p;

	memset(f, 0, sizeof(*f));
	if (!p || maxsize < HDR_LEN)
		return -FDT_ETRUNCATED;
	if (fdt_be32(b + HDR_MAGIC) != FDT_MAGIC)
		return -FDT_EBADMAGIC;
	uint32_t total = fdt_be32(b + HDR_TOTALSIZE);
	uint32_t version = fdt_be32(b + HDR_VERSION);
	uint32_t last = fdt_be32(b + HDR_LAST_COMP);
	if (version < 17 || last > 17)
		return -FDT_EBADVERSION;
	if (total < HDR_LEN || total > maxsize)
		return -FDT_ETRUNCATED;
	f->blob = b;
	f->size = total;
	f->off_struct = fdt_be32(b + HDR_OFF_STRUCT);
	f->size_struct = fdt_be32(b + HDR_SIZE_STRUCT);
	f->off_strings = fdt_be32(b + HDR_OFF_STRINGS);
	f->size_strings = fdt_be32(b + HDR_SIZE_STRINGS);
	f->off_rsvmap = fdt_be32(b + HDR_OFF_RSVMAP);
	if (f->off_struct < HDR_LEN || f->off_struct > total ||
	    f->size_struct > total - f->off_struct ||
	    f->off_strings > total || f->size_strings > total - f->off_strings ||
	    f->off_rsvmap < HDR_LEN || f->off_rsvmap > total - 16 || (f->off_rsvmap & 7)) {
		f->blob = NULL;
		return -FDT_ETRUNCATED;
	}
	/* The reservation map must end with a (0, 0) entry inside the blob. */
	for (uint32_t o = f->off_rsvmap;; o += 16) {
		if (o > total - 16) {
			f->blob = NULL;
			return -FDT_ETRUNCATED;
		}
		if (fdt_be64(b + o) == 0 && fdt_be64(b + o + 8) == 0)
			break;
	}
	/* Walk the structure: one root node, balanced, then FDT_END. */
	uint32_t off = 0;
	int depth = 0, tok, roots = 0;
	do {
		tok = next_token(f, &off);
		if (tok < 0)
			goto bad;
		if (tok == FDT_BEGIN_NODE) {
			if (depth == 0 && roots++)
				goto bad;
			depth++;
		} else if (tok == FDT_END_NODE) {
			if (--depth < 0)
				goto bad;
		} else if (tok == FDT_PROP && depth == 0) {
			goto bad;
		}
	} while (tok != FDT_END);
	if (depth != 0 || roots != 1 || tok_at(f, 0) != FDT_BEGIN_NODE)
		goto bad;
	return 0;
bad:
	f->blob = NULL;
	return -FDT_EBADSTRUCT;
}

int fdt_root(const struct fdt *f)
{
	return f->blob ? 0 : -FDT_EBADOFFSET;
}

static int check_node(const struct fdt *f, int node)
{
	if (!f->blob || node < 0 || !in_struct(f, (uint32_t)node, 4) ||
	    tok_at(f, (uint32_t)node) != FDT_BEGIN_NODE)
		return -FDT_EBADOFFSET;
	return 0;
}

const char *fdt_name(const struct fdt *f, int node)
{
	if (check_node(f, node))
		return "";
	return (const char *)f->blob + f->off_struct + node + 4;
}

/* Offset of the first token after the node's properties (child or end). */
static int skip_props(const struct fdt *f, uint32_t *off)
{
	for (;;) {
		uint32_t o = *off;
		int tok = next_token(f, &o);
		if (tok < 0)
			return tok;
		if (tok != FDT_PROP && tok != FDT_NOP)
			return 0;
		*off = o;
	}
}

/* Offset just past the end of the subtree starting at node. */
static int skip_node(const struct fdt *f, uint32_t *off)
{
	int depth = 0;

	do {
		int tok = next_token(f, off);
		if (tok < 0 || tok == FDT_END)
			return -FDT_EBADSTRUCT;
		if (tok == FDT_BEGIN_NODE)
			depth++;
		else if (tok == FDT_END_NODE)
			depth--;
	} while (depth > 0);
	return 0;
}

/* Next sibling-level token after off that begins a node, or not found. */
static int next_begin_at_level(const struct fdt *f, uint32_t off)
{
	for (;;) {
		uint32_t o = off;
		int tok = next_token(f, &o);
		if (tok < 0)
			return tok;
		if (tok == FDT_BEGIN_NODE)
			return (int)off;
		if (tok != FDT_NOP)
			return -FDT_ENOTFOUND;
		off = o;
	}
}

int fdt_first_child(const struct fdt *f, int node)
{
	if (check_node(f, node))
		return -FDT_EBADOFFSET;
	uint32_t off = (uint32_t)node;
	next_token(f, &off);
	if (skip_props(f, &off) < 0)
		return -FDT_EBADSTRUCT;
	return next_begin_at_level(f, off);
}

int fdt_next_sibling(const struct fdt *f, int node)
{
	if (check_node(f, node))
		return -FDT_EBADOFFSET;
	uint32_t off = (uint32_t)node;
	if (skip_node(f, &off) < 0)
		return -FDT_EBADSTRUCT;
	return next_begin_at_level(f, off);
}

int fdt_next_node(const struct fdt *f, int from, int *depth)
{
	uint32_t off;

	if (from < 0) {
		if (!f->blob)
			return -FDT_EBADOFFSET;
		if (depth)
			*depth = 0;
		return 0;
	}
	if (check_node(f, from))
		return -FDT_EBADOFFSET;
	off = (uint32_t)from;
	next_token(f, &off);
	for (;;) {
		uint32_t here = off;
		int tok = next_token(f, &off);
		if (tok < 0 || tok == FDT_END)
			return -FDT_ENOTFOUND;
		if (tok == FDT_BEGIN_NODE) {
			if (depth)
				(*depth)++;
			return (int)here;
		}
		if (tok == FDT_END_NODE && depth)
			(*depth)--;
	}
}

int fdt_parent(const struct fdt *f, int node)
{
	int stack[64];
	int depth = 0, n = 0, d = 0;

	if (check_node(f, node) || node == 0)
		return -FDT_ENOTFOUND;
	/* Depth-first walk, remembering the path. */
	for (n = 0; n >= 0; n = fdt_next_node(f, n, &d)) {
		if (d >= 64)
			return -FDT_EBADSTRUCT;
		stack[d] = n;
		if (n == node)
			return d > 0 ? stack[d - 1] : -FDT_ENOTFOUND;
		depth = d;
	}
	(void)depth;
	return -FDT_ENOTFOUND;
}

int fdt_first_prop(const struct fdt *f, int node)
{
	if (check_node(f, node))
		return -FDT_EBADOFFSET;
	uint32_t off = (uint32_t)node;
	next_token(f, &off);
	for (;;) {
		uint32_t o = off;
		int tok = next_token(f, &o);
		if (tok == FDT_PROP)
			return (int)off;
		if (tok != FDT_NOP)
			return -FDT_ENOTFOUND;
		off = o;
	}
}

int fdt_next_prop(const struct fdt *f, int prop)
{
	if (!f->blob || prop < 0 || !in_struct(f, (uint32_t)prop, 4) ||
	    tok_at(f, (uint32_t)prop) != FDT_PROP)
		return -FDT_EBADOFFSET;
	uint32_t off = (uint32_t)prop;
	next_token(f, &off);
	for (;;) {
		uint32_t o = off;
		int tok = next_token(f, &o);
		if (tok == FDT_PROP)
			return (int)off;
		if (tok != FDT_NOP)
			return -FDT_ENOTFOUND;
		off = o;
	}
}

const void *fdt_prop_at(const struct fdt *f, int prop, const char **name, int *len)
{
	if (!f->blob || prop < 0 || !in_struct(f, (uint32_t)prop, 12) ||
	    tok_at(f, (uint32_t)prop) != FDT_PROP)
		return NULL;
	uint32_t l = tok_at(f, (uint32_t)prop + 4);
	if (name)
		*name = string_at(f, tok_at(f, (uint32_t)prop + 8));
	if (len)
		*len = (int)l;
	return f->blob + f->off_struct + prop + 12;
}

const void *fdt_getprop(const struct fdt *f, int node, const char *name, int *len)
{
	for (int p = fdt_first_prop(f, node); p >= 0; p = fdt_next_prop(f, p)) {
		const char *n;
		int l;
		const void *v = fdt_prop_at(f, p, &n, &l);
		if (v && n && strcmp(n, name) == 0) {
			if (len)
				*len = l;
			return v;
		}
	}
	return NULL;
}

/* Does the node name match component c[0..len)?  "cpu" matches "cpu@0"
 * only when c has no unit address. */
static bool name_matches(const char *name, const char *c, size_t len)
{
	if (strncmp(name, c, len) != 0)
		return false;
	if (name[len] == '\0')
		return true;
	return name[len] == '@' && !memchr_any(c, '@', len);
}

int fdt_path(const struct fdt *f, const char *path)
{
	int node = fdt_root(f);

	if (node < 0 || !path)
		return -FDT_EBADOFFSET;
	if (*path != '/') {
		/* Alias: resolve the first component through /aliases. */
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		int al = fdt_path(f, "/aliases");
		if (al < 0)
			return -FDT_ENOTFOUND;
		for (int p = fdt_first_prop(f, al); p >= 0; p = fdt_next_prop(f, p)) {
			const char *n;
			int l;
			const char *v = fdt_prop_at(f, p, &n, &l);
			if (n && strlen(n) == len && strncmp(n, path, len) == 0 &&
			    l > 0 && v[l - 1] == '\0' && v[0] == '/') {
				node = fdt_path(f, v);
				if (node < 0 || !slash)
					return node;
				path = slash;
				goto walk;
			}
		}
		return -FDT_ENOTFOUND;
	}
walk:
	while (*path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		const char *end = strchr(path, '/');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		int c;
		for (c = fdt_first_child(f, node); c >= 0; c = fdt_next_sibling(f, c))
			if (name_matches(fdt_name(f, c), path, len))
				break;
		if (c < 0)
			return -FDT_ENOTFOUND;
		node = c;
		path += len;
	}
	return node;
}

bool fdt_is_compatible(const struct fdt *f, int node, const char *compat)
{
	int len;
	const char *v = fdt_getprop(f, node, "compatible", &len);

	if (!v)
		return false;
	for (int i = 0; i < len;) {
		size_t n = strnlen(v + i, len - i);
		if (i + (int)n < len && strcmp(v + i, compat) == 0)
			return true;
		i += (int)n + 1;
	}
	return false;
}

int fdt_find_compatible(const struct fdt *f, int from, const char *compat)
{
	for (int n = fdt_next_node(f, from, NULL); n >= 0; n = fdt_next_node(f, n, NULL))
		if (fdt_is_compatible(f, n, compat))
			return n;
	return -FDT_ENOTFOUND;
}

int fdt_find_device_type(const struct fdt *f, int from, const char *type)
{
	for (int n = fdt_next_node(f, from, NULL); n >= 0; n = fdt_next_node(f, n, NULL)) {
		const char *t = fdt_prop_str(f, n, "device_type");
		if (t && strcmp(t, type) == 0)
			return n;
	}
	return -FDT_ENOTFOUND;
}

bool fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *out)
{
	int len;
	const void *v = fdt_getprop(f, node, name, &len);

	if (!v || len < 4)
		return false;
	*out = fdt_be32(v);
	return true;
}

const char *fdt_prop_str(const struct fdt *f, int node, const char *name)
{
	int len;
	const char *v = fdt_getprop(f, node, name, &len);

	if (!v || len < 1 || v[len - 1] != '\0')
		return NULL;
	return v;
}

void fdt_reg_cells(const struct fdt *f, int node, int *ac, int *sc)
{
	int parent = fdt_parent(f, node);
	uint32_t v;

	*ac = 2;
	*sc = 1;
	if (parent < 0)
		return;
	if (fdt_prop_u32(f, parent, "#address-cells", &v) && v <= 4)
		*ac = (int)v;
	if (fdt_prop_u32(f, parent, "#size-cells", &v) && v <= 4)
		*sc = (int)v;
}

static uint64_t read_cells(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt_be32(p + 4 * i);
	return v;
}

bool fdt_reg(const struct fdt *f, int node, int i, uint64_t *addr, uint64_t *size)
{
	int ac, sc, len;
	const uint8_t *v = fdt_getprop(f, node, "reg", &len);

	if (!v || i < 0)
		return false;
	fdt_reg_cells(f, node, &ac, &sc);
	int stride = 4 * (ac + sc);
	if (stride == 0 || ac > 2 || sc > 2 || (i + 1) * stride > len)
		return false;
	*addr = read_cells(v + i * stride, ac);
	*size = read_cells(v + i * stride + 4 * ac, sc);
	return true;
}

int fdt_node_by_phandle(const struct fdt *f, uint32_t phandle)
{
	for (int n = 0; n >= 0; n = fdt_next_node(f, n, NULL)) {
		uint32_t v;
		if ((fdt_prop_u32(f, n, "phandle", &v) || fdt_prop_u32(f, n, "linux,phandle", &v)) &&
		    v == phandle)
			return n;
	}
	return -FDT_ENOTFOUND;
}

bool fdt_rsv(const struct fdt *f, int i, uint64_t *addr, uint64_t *size)
{
	if (!f->blob || i < 0)
		return false;
	uint64_t o = (uint64_t)f->off_rsvmap + 16ULL * (uint64_t)i;
	if (o > f->size - 16)
		return false;
	*addr = fdt_be64(f->blob + o);
	*size = fdt_be64(f->blob + o + 8);
	return *addr != 0 || *size != 0;
}
