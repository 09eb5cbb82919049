# Toolchain for the x86_64 kernel (and, later, its userland): clang-19 --target=x86_64-unknown-none-elf.
set(SOCLE_TRIPLE x86_64-unknown-none-elf)
set(SOCLE_ARCH x86_64)
# Debian's GNU triple: where Linux's UAPI headers for this arch live.
set(SOCLE_LINUX_TRIPLE x86_64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
