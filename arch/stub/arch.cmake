# Stub port: links core against a no-op HAL; built, never booted.
set(ARCH_SOURCES stub.c)
set(ARCH_LINKER_SCRIPT stub.ld)
set(ARCH_CFLAGS -mno-red-zone -mgeneral-regs-only)
set(ARCH_LDFLAGS)
