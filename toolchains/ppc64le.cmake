# Toolchain for the ppc64le kernel (and, later, its userland): clang-19 --target=powerpc64le-unknown-linux-gnu.
set(SOCLE_TRIPLE powerpc64le-unknown-linux-gnu)
set(SOCLE_ARCH ppc64le)
# Debian's GNU triple: where Linux's UAPI headers for this arch live.
set(SOCLE_LINUX_TRIPLE powerpc64le-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
