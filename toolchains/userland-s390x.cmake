# CMake toolchain for Socle's s390x userland (static musl, clang-19): see userland.cmake.
set(SOCLE_USERLAND_ARCH s390x)
include(${CMAKE_CURRENT_LIST_DIR}/userland.cmake)
