/* test_elf.c - ELF validation on hand-made little- and big-endian files. */
#include <string.h>
#include <elf.h>
#include <errno.h>
#include "check.h"

static void put(unsigned char *p, int n, uint64_t v, int be)
{
	for (int i = 0; i < n; i++)
		p[be ? n - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

/* An ET_EXEC with one PT_LOAD covering the file. */
static size_t make_elf(unsigned char *b, int be, uint16_t machine)
{
	memset(b, 0, 4096);
	memcpy(b, "\x7f" "ELF", 4);
	b[4] = 2;
	b[5] = be ? 2 : 1;
	b[6] = 1;
	put(b + 16, 2, ET_EXEC, be);
	put(b + 18, 2, machine, be);
	put(b + 20, 4, 1, be);
	put(b + 24, 8, 0x400078, be);	/* entry */
	put(b + 32, 8, 64, be);		/* phoff */
	put(b + 52, 2, 64, be);
	put(b + 54, 2, 56, be);
	put(b + 56, 2, 1, be);
	unsigned char *ph = b + 64;
	put(ph, 4, PT_LOAD, be);
	put(ph + 4, 4, PF_R | PF_X, be);
	put(ph + 8, 8, 0, be);
	put(ph + 16, 8, 0x400000, be);
	put(ph + 24, 8, 0x400000, be);
	put(ph + 32, 8, 4096, be);
	put(ph + 40, 8, 8192, be);
	put(ph + 48, 8, 4096, be);
	return 4096;
}

int main(void)
{
	static unsigned char b[4096];
	struct elf_file f;
	struct elf_phdr ph;

	for (int be = 0; be < 2; be++) {
		size_t n = make_elf(b, be, be ? 22 : 62);
		CHECK(elf_open(&f, b, n, 0) == 0);
		CHECK(f.big_endian == be && f.entry == 0x400078 && f.phnum == 1);
		CHECK(elf_get_phdr(&f, 0, &ph) == 0 && ph.type == PT_LOAD && ph.vaddr == 0x400000 &&
		      ph.memsz == 8192 && ph.flags == (PF_R | PF_X));
		CHECK(elf_get_phdr(&f, 1, &ph) == -EINVAL);
		CHECK(elf_open(&f, b, n, be ? 62 : 22) == -ENOEXEC);
		CHECK(elf_open(&f, b, 63, 0) == -ENOEXEC);
		b[0] = 0;
		CHECK(elf_open(&f, b, n, 0) == -ENOEXEC && strstr(f.error, "magic"));
		make_elf(b, be, 62);
		b[4] = 1;
		CHECK(elf_open(&f, b, n, 0) == -ENOEXEC && strstr(f.error, "64-bit"));
		make_elf(b, be, 62);
		put(b + 64 + 32, 8, 8192, be);	/* filesz past the file */
		CHECK(elf_open(&f, b, n, 0) == -ENOEXEC && strstr(f.error, "outside"));
		make_elf(b, be, 62);
		put(b + 64 + 32, 8, 100, be);
		put(b + 64 + 40, 8, 50, be);	/* filesz > memsz */
		CHECK(elf_open(&f, b, n, 0) == -ENOEXEC);
		make_elf(b, be, 62);
		put(b + 32, 8, 0xfffffffffffffff0ULL, be);	/* phoff overflow */
		CHECK(elf_open(&f, b, n, 0) == -ENOEXEC);
		make_elf(b, be, 62);
		put(b + 64 + 16, 8, 0xfffffffffffff000ULL, be);
		put(b + 64 + 40, 8, 0x2000, be);	/* wraps */
		CHECK(elf_open(&f, b, n, 0) == -ENOEXEC);
		make_elf(b, be, 62);
		put(b + 64 + 48, 8, 3000, be);	/* align not a power of two */
		CHECK(elf_open(&f, b, n, 0) == -ENOEXEC);
	}
	/* Every truncation and byte flip: no crash. */
	size_t n = make_elf(b, 0, 62);
	static unsigned char c[4096];
	for (size_t i = 0; i < 128; i++) {
		memcpy(c, b, n);
		c[i] ^= 0xff;
		(void)elf_open(&f, c, n, 0);
		(void)elf_open(&f, b, i, 0);
	}
	CHECK(elf_open(&f, NULL, 0, 0) == -ENOEXEC);
	return check_done();
}
