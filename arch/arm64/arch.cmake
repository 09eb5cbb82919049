# arch/arm64/arch.cmake - how the arm64 kernel is built (see /CMakeLists.txt).
set(ARCH_SOURCES
  head.S
  entry.S
  boot.c
  trap.c
  mmu.c
  gic.c
  timer.c
  console.c
  cpu.c
  user.c
)
set(ARCH_LINKER_SCRIPT kernel.ld)
# No FP/SIMD in the kernel; x18 is kept free as the platform register; the
# small code model (adrp, +-4 GiB) is position-relative, which the boot code
# relies on only until it runs at the link address.
set(ARCH_CFLAGS -mgeneral-regs-only -mcmodel=small -ffixed-x18
  -mno-outline-atomics -fno-pie)
set(ARCH_LDFLAGS --no-pie)

# build/arm64/Image: the raw binary that QEMU -kernel and U-Boot booti load.
function(socle_arch_post_build target)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:${target}> ${CMAKE_BINARY_DIR}/Image
    COMMENT "objcopy Image"
    BYPRODUCTS ${CMAKE_BINARY_DIR}/Image)
endfunction()
