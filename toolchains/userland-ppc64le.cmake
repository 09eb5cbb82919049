# CMake toolchain for Socle's ppc64le userland (static musl, clang-19): see userland.cmake.
set(SOCLE_USERLAND_ARCH ppc64le)
include(${CMAKE_CURRENT_LIST_DIR}/userland.cmake)
