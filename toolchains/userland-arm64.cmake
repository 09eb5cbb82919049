# CMake toolchain for Socle's arm64 userland (static musl, clang-19): see userland.cmake.
set(SOCLE_USERLAND_ARCH arm64)
include(${CMAKE_CURRENT_LIST_DIR}/userland.cmake)
