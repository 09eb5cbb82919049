# riscv64 port: RV64IMAC kernel (no FP; user.c and trap.S keep the user FPU state), Sv39, SBI below, booted by OpenSBI
# (QEMU -kernel) or by U-Boot's booti from the Image made here.
set(ARCH_SOURCES
  entry.S
  trap.S
  trap.c
  mmu.c
  sbi.c
  console.c
  timer.c
  plic.c
  platform.c
  user.c)
set(ARCH_LINKER_SCRIPT kernel.ld)
# medany: the kernel runs at 0xffffffff80000000 and, before its page table
# is on, at whatever physical address it was loaded: pc-relative code only.
set(ARCH_CFLAGS
  -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax)
set(ARCH_LDFLAGS --no-relax)

# socle.Image: the flat binary with its RISC-V Linux image header, for booti.
function(socle_arch_post_build target)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:${target}>
            ${CMAKE_BINARY_DIR}/socle.Image
    BYPRODUCTS ${CMAKE_BINARY_DIR}/socle.Image
    COMMENT "objcopy socle.Image")
endfunction()
