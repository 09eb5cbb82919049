# CMake toolchain for Socle's x86_64 userland (static musl, clang-19): see userland.cmake.
set(SOCLE_USERLAND_ARCH x86_64)
include(${CMAKE_CURRENT_LIST_DIR}/userland.cmake)
