# Shared part of the per-arch toolchain files: clang-19 + ld.lld-19, no libc.
# Each toolchains/<arch>.cmake sets SOCLE_TRIPLE and includes this file.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

find_program(SOCLE_CLANG NAMES clang-19 REQUIRED)
find_program(SOCLE_LLD NAMES ld.lld-19 REQUIRED)
find_program(SOCLE_OBJCOPY NAMES llvm-objcopy-19 REQUIRED)
find_program(SOCLE_NM NAMES llvm-nm-19 REQUIRED)
find_program(SOCLE_AR NAMES llvm-ar-19 REQUIRED)

set(CMAKE_C_COMPILER ${SOCLE_CLANG})
set(CMAKE_ASM_COMPILER ${SOCLE_CLANG})
set(CMAKE_AR ${SOCLE_AR})
set(CMAKE_OBJCOPY ${SOCLE_OBJCOPY})
set(CMAKE_C_COMPILER_TARGET ${SOCLE_TRIPLE})
set(CMAKE_ASM_COMPILER_TARGET ${SOCLE_TRIPLE})
set(CMAKE_LINKER ${SOCLE_LLD})
# The kernel is linked by ld.lld itself (clang's generic ELF driver would
# call gcc): link options in CMakeLists.txt and arch.cmake are ld.lld's.
set(CMAKE_C_LINK_EXECUTABLE "<CMAKE_LINKER> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
set(CMAKE_ASM_LINK_EXECUTABLE "<CMAKE_LINKER> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
