# Toolchain for the s390x kernel (and, later, its userland): clang-19 --target=s390x-unknown-linux-gnu.
set(SOCLE_TRIPLE s390x-unknown-linux-gnu)
set(SOCLE_ARCH s390x)
# Debian's GNU triple: where Linux's UAPI headers for this arch live.
set(SOCLE_LINUX_TRIPLE s390x-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
