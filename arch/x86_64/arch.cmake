# x86_64 port: PVH ELF booted by QEMU -kernel (microvm), see docs/boot/x86_64.md.
set(ARCH_SOURCES
  entry.S
  vectors.S
  switch.S
  boot.c
  cpu.c
  gdt.c
  irq.c
  mmu.c
  serial.c
  timer.c
  trap.c
  user.c)
set(ARCH_LINKER_SCRIPT x86_64.ld)
set(ARCH_CFLAGS
  -mno-red-zone -mgeneral-regs-only -mno-implicit-float -mcmodel=kernel -fno-pic
  -mno-mmx -mno-sse -mno-sse2 -mno-avx)
# ld.lld options (core links with ld.lld directly).
set(ARCH_LDFLAGS --no-pie)
set(ARCH_DTS x86_64.dts)
