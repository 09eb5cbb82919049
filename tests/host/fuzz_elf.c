/* fuzz_elf.c - libFuzzer: any file through elf_open and its program headers. */
#include <elf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_file f;
	struct elf_phdr ph;

	if (elf_open(&f, data, size, 0) < 0)
		return 0;
	for (unsigned int i = 0; i < f.phnum; i++)
		if (elf_get_phdr(&f, i, &ph) == 0 && ph.type == PT_LOAD) {
			volatile uint8_t x = ph.filesz ? f.data[ph.offset + ph.filesz - 1] : 0;
			(void)x;
		}
	return 0;
}
