/*
 * elf.h - validating reader for ELF64 files of either byte order
 * (executables now, relocatable .ko modules later).  Every offset and size
 * is checked against the file before use; a malformed file gives -ENOEXEC
 * and a reason, never a wild read.  Built for the kernel and for the host.
 */
#ifndef CORE_ELF_H
#define CORE_ELF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define ET_REL	1
#define ET_EXEC	2
#define ET_DYN	3
#define PT_LOAD	1
#define PT_INTERP 3
#define PT_NOTE	4
#define PF_X	1
#define PF_W	2
#define PF_R	4

struct elf_file {
	const uint8_t *data;
	size_t size;
	bool big_endian;
	uint16_t type, machine;
	uint64_t entry;
	uint64_t phoff, shoff;
	uint16_t phnum, shnum, shstrndx;
	const char *error;	/* reason of the last failure */
};

struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* Check the header and program headers.  machine 0 accepts any.
 * Returns 0 or -ENOEXEC (f->error says why). */
int elf_open(struct elf_file *f, const void *data, size_t size, uint16_t machine);
/* The i-th program header (validated by elf_open). */
int elf_get_phdr(const struct elf_file *f, unsigned int i, struct elf_phdr *out);

#endif
