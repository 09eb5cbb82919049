# CMake toolchain for Socle's own userland programs (userland/*.c): clang-19,
# static, against the musl sysroot that toolchains/build-userland.sh builds,
# with Debian's libgcc runtime (--rtlib=libgcc --unwindlib=none).
#
#   toolchains/build-userland.sh --arch arm64
#   cmake -S userland -B build/userland-arm64 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=toolchains/userland-arm64.cmake
#
# (or this file with -DSOCLE_USERLAND_ARCH=arm64). The sysroot is taken from
# SOCLE_USERLAND_DIR (cache variable or environment) if set, else from
# ${SOCLE_CACHE:-$HOME/.cache/socle}/userland/latest/<arch>, the symlink the
# build script points at its last result for that arch.
if(NOT SOCLE_USERLAND_ARCH)
  if(DEFINED ENV{SOCLE_USERLAND_ARCH})
    set(SOCLE_USERLAND_ARCH $ENV{SOCLE_USERLAND_ARCH})
  else()
    set(SOCLE_USERLAND_ARCH x86_64)
  endif()
endif()
set(SOCLE_USERLAND_ARCH ${SOCLE_USERLAND_ARCH} CACHE STRING "Socle userland arch" FORCE)

if(SOCLE_USERLAND_ARCH STREQUAL "x86_64")
  set(_ul_triple x86_64-linux-musl)
  set(_ul_gnu x86_64-linux-gnu)
  set(_ul_proc x86_64)
elseif(SOCLE_USERLAND_ARCH STREQUAL "arm64")
  set(_ul_triple aarch64-linux-musl)
  set(_ul_gnu aarch64-linux-gnu)
  set(_ul_proc aarch64)
elseif(SOCLE_USERLAND_ARCH STREQUAL "riscv64")
  set(_ul_triple riscv64-linux-musl)
  set(_ul_gnu riscv64-linux-gnu)
  set(_ul_proc riscv64)
elseif(SOCLE_USERLAND_ARCH STREQUAL "ppc64le")
  set(_ul_triple powerpc64le-linux-musl)
  set(_ul_gnu powerpc64le-linux-gnu)
  set(_ul_proc ppc64le)
elseif(SOCLE_USERLAND_ARCH STREQUAL "s390x")
  set(_ul_triple s390x-linux-musl)
  set(_ul_gnu s390x-linux-gnu)
  set(_ul_proc s390x)
else()
  message(FATAL_ERROR "SOCLE_USERLAND_ARCH='${SOCLE_USERLAND_ARCH}': want x86_64, arm64, riscv64, ppc64le or s390x")
endif()

if(NOT SOCLE_USERLAND_DIR)
  if(DEFINED ENV{SOCLE_USERLAND_DIR})
    set(SOCLE_USERLAND_DIR $ENV{SOCLE_USERLAND_DIR})
  elseif(DEFINED ENV{SOCLE_CACHE})
    set(SOCLE_USERLAND_DIR $ENV{SOCLE_CACHE}/userland/latest/${SOCLE_USERLAND_ARCH})
  else()
    set(SOCLE_USERLAND_DIR $ENV{HOME}/.cache/socle/userland/latest/${SOCLE_USERLAND_ARCH})
  endif()
endif()
set(SOCLE_USERLAND_DIR ${SOCLE_USERLAND_DIR} CACHE PATH "build-userland.sh output for this arch" FORCE)
if(NOT EXISTS ${SOCLE_USERLAND_DIR}/sysroot/usr/lib/libc.a)
  message(FATAL_ERROR "no musl sysroot in ${SOCLE_USERLAND_DIR}: run toolchains/build-userland.sh --arch ${SOCLE_USERLAND_ARCH}")
endif()
# try_compile projects re-read this file: pass the choice on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SOCLE_USERLAND_ARCH SOCLE_USERLAND_DIR)

# Debian's libgcc-12-dev (native) or libgcc-12-dev-<debarch>-cross.
if(EXISTS /usr/lib/gcc-cross/${_ul_gnu}/12/libgcc.a)
  set(_ul_gccdir /usr/lib/gcc-cross/${_ul_gnu}/12)
else()
  set(_ul_gccdir /usr/lib/gcc/${_ul_gnu}/12)
endif()

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${_ul_proc})
set(CMAKE_SYSROOT ${SOCLE_USERLAND_DIR}/sysroot)

find_program(SOCLE_CLANG NAMES clang-19 REQUIRED)
find_program(SOCLE_AR NAMES llvm-ar-19 REQUIRED)
find_program(SOCLE_RANLIB NAMES llvm-ranlib-19 REQUIRED)
find_program(SOCLE_STRIP NAMES llvm-strip-19 REQUIRED)
find_program(SOCLE_OBJCOPY NAMES llvm-objcopy-19 REQUIRED)
set(CMAKE_C_COMPILER ${SOCLE_CLANG})
set(CMAKE_ASM_COMPILER ${SOCLE_CLANG})
set(CMAKE_C_COMPILER_TARGET ${_ul_triple})
set(CMAKE_ASM_COMPILER_TARGET ${_ul_triple})
set(CMAKE_AR ${SOCLE_AR})
set(CMAKE_RANLIB ${SOCLE_RANLIB})
set(CMAKE_STRIP ${SOCLE_STRIP})
set(CMAKE_OBJCOPY ${SOCLE_OBJCOPY})

set(CMAKE_EXE_LINKER_FLAGS_INIT
  "-static -fuse-ld=lld --rtlib=libgcc --unwindlib=none -B${_ul_gccdir} -L${_ul_gccdir}")
set(CMAKE_POSITION_INDEPENDENT_CODE OFF)

set(CMAKE_FIND_ROOT_PATH ${CMAKE_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
