# Toolchain for the riscv64 kernel (and, later, its userland): clang-19 --target=riscv64-unknown-none-elf.
set(SOCLE_TRIPLE riscv64-unknown-none-elf)
set(SOCLE_ARCH riscv64)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
