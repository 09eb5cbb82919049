# Toolchain for the s390x kernel (and, later, its userland): clang-19 --target=s390x-unknown-linux-gnu.
set(SOCLE_TRIPLE s390x-unknown-linux-gnu)
set(SOCLE_ARCH s390x)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
