# Toolchain for the riscv64 kernel (and, later, its userland): clang-19 --target=riscv64-unknown-none-elf.
set(SOCLE_TRIPLE riscv64-unknown-none-elf)
set(SOCLE_ARCH riscv64)
# Debian's GNU triple: where Linux's UAPI headers for this arch live.
set(SOCLE_LINUX_TRIPLE riscv64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
