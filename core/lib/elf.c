/*
 * elf.c - ELF64 header and program-header validation.
 */
#include <elf.h>
#include <errno.h>

static uint16_t rd16(const struct elf_file *f, const uint8_t *p)
{
	return f->big_endian ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t rd32(const struct elf_file *f, const uint8_t *p)
{
	return f->big_endian ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
			     : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint64_t rd64(const struct elf_file *f, const uint8_t *p)
{
	uint64_t a = rd32(f, p), b = rd32(f, p + 4);
	return f->big_endian ? a << 32 | b : b << 32 | a;
}

static int fail(struct elf_file *f, const char *why)
{
	f->error = why;
	return -ENOEXEC;
}

/* Does [off, off + len) fit in the file? */
static bool fits(const struct elf_file *f, uint64_t off, uint64_t len)
{
	return off <= f->size && len <= f->size - off;
}

static void read_phdr(const struct elf_file *f, unsigned int i, struct elf_phdr *ph)
{
	const uint8_t *p = f->data + f->phoff + 56ULL * i;

	ph->type = rd32(f, p);
	ph->flags = rd32(f, p + 4);
	ph->offset = rd64(f, p + 8);
	ph->vaddr = rd64(f, p + 16);
	ph->paddr = rd64(f, p + 24);
	ph->filesz = rd64(f, p + 32);
	ph->memsz = rd64(f, p + 40);
	ph->align = rd64(f, p + 48);
}

int elf_open(struct elf_file *f, const void *data, size_t size, uint16_t machine)
{
	const uint8_t *d = data;

	f->data = d;
	f->size = size;
	f->error = NULL;
	if (!d || size < 64)
		return fail(f, "file shorter than an ELF64 header");
	if (d[0] != 0x7f || d[1] != 'E' || d[2] != 'L' || d[3] != 'F')
		return fail(f, "bad ELF magic");
	if (d[4] != 2)
		return fail(f, "not a 64-bit ELF file");
	if (d[5] != 1 && d[5] != 2)
		return fail(f, "bad ELF data encoding");
	f->big_endian = d[5] == 2;
	if (d[6] != 1 || rd32(f, d + 20) != 1)
		return fail(f, "bad ELF version");
	f->type = rd16(f, d + 16);
	f->machine = rd16(f, d + 18);
	f->entry = rd64(f, d + 24);
	f->phoff = rd64(f, d + 32);
	f->shoff = rd64(f, d + 40);
	uint16_t ehsize = rd16(f, d + 52), phentsize = rd16(f, d + 54);
	f->phnum = rd16(f, d + 56);
	uint16_t shentsize = rd16(f, d + 58);
	f->shnum = rd16(f, d + 60);
	f->shstrndx = rd16(f, d + 62);
	if (machine && f->machine != machine)
		return fail(f, "ELF file is for another machine");
	if (f->type != ET_REL && f->type != ET_EXEC && f->type != ET_DYN)
		return fail(f, "unsupported ELF file type");
	if (ehsize < 64)
		return fail(f, "bad ELF header size");
	if (f->phnum) {
		if (phentsize != 56)
			return fail(f, "bad program header entry size");
		if (!fits(f, f->phoff, 56ULL * f->phnum))
			return fail(f, "program headers outside the file");
	}
	if (f->shnum) {
		if (shentsize != 64)
			return fail(f, "bad section header entry size");
		if (!fits(f, f->shoff, 64ULL * f->shnum))
			return fail(f, "section headers outside the file");
		if (f->shstrndx >= f->shnum)
			return fail(f, "bad section name table index");
	}
	if ((f->type == ET_EXEC || f->type == ET_DYN) && f->phnum == 0)
		return fail(f, "executable without program headers");
	for (unsigned int i = 0; i < f->phnum; i++) {
		struct elf_phdr ph;
		read_phdr(f, i, &ph);
		if (ph.type != PT_LOAD && ph.type != PT_INTERP)
			continue;
		if (!fits(f, ph.offset, ph.filesz))
			return fail(f, "segment data outside the file");
		if (ph.type != PT_LOAD)
			continue;
		if (ph.filesz > ph.memsz)
			return fail(f, "segment file size larger than memory size");
		if (ph.vaddr + ph.memsz < ph.vaddr)
			return fail(f, "segment wraps around the address space");
		if (ph.align > 1 && ((ph.align & (ph.align - 1)) ||
				     (ph.vaddr - ph.offset) % ph.align))
			return fail(f, "bad segment alignment");
	}
	return 0;
}

int elf_get_phdr(const struct elf_file *f, unsigned int i, struct elf_phdr *out)
{
	if (i >= f->phnum)
		return -EINVAL;
	read_phdr(f, i, out);
	return 0;
}
