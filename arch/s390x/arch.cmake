# s390x port: QEMU s390-ccw-virtio, ELF kernel loaded at 0x10000.
set(ARCH_SOURCES
  head.S
  entry.S
  boot.c
  cpu.c
  sclp.c
  trap.c
  mmu.c
  timer.c
  user.c)
set(ARCH_LINKER_SCRIPT kernel.ld)
# z13 code without the vector facility or floating point: the FP and vector
# registers only ever hold user values, switched with the thread
# (hal_ctx_switch).  The back chain keeps stack walks possible.
set(ARCH_CFLAGS -march=z13 -mno-vx -msoft-float -mbackchain)
set(ARCH_LDFLAGS)
set(ARCH_DTS s390x.dts)
