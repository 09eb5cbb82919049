# Toolchain for the arm64 kernel (and, later, its userland): clang-19 --target=aarch64-unknown-none-elf.
set(SOCLE_TRIPLE aarch64-unknown-none-elf)
set(SOCLE_ARCH arm64)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
