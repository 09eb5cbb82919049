# ppc64le port: POWER9 little-endian ELFv2 kernel for QEMU's pseries
# machine (PAPR guest), booted by VOF (or SLOF) from -kernel; radix MMU,
# XICS through hypervisor calls, hvterm console, RTAS power-off.
set(ARCH_SOURCES
  entry.S
  vectors.S
  boot.c
  prom.c
  rtas.c
  console.c
  trap.c
  mmu.c
  timer.c
  irq.c
  cpu.c
  user.c)
set(ARCH_LINKER_SCRIPT ppc64le.ld)
# No FP/AltiVec/VSX in the kernel; the medium code model reaches data
# through the TOC (r2), which entry.S and the trap entry load from .TOC.
set(ARCH_CFLAGS
  -mcpu=power9 -mno-altivec -mno-vsx -msoft-float -mcmodel=medium
  -mlittle-endian -mabi=elfv2)
set(ARCH_LDFLAGS)
