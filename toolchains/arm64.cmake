# Toolchain for the arm64 kernel (and, later, its userland): clang-19 --target=aarch64-unknown-none-elf.
set(SOCLE_TRIPLE aarch64-unknown-none-elf)
set(SOCLE_ARCH arm64)
# Debian's GNU triple: where Linux's UAPI headers for this arch live.
set(SOCLE_LINUX_TRIPLE aarch64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
