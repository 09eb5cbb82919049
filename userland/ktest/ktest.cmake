# Builds userland/ktest for the kernel's arch and embeds it in the kernel
# (symbols __ktest_elf_start/__ktest_elf_end), for core's user-mode
# self-tests.  Included by the top-level CMakeLists.txt.
set(KTEST_DIR ${CMAKE_SOURCE_DIR}/userland/ktest)
set(ktest_elf ${CMAKE_BINARY_DIR}/ktest.elf)
# User code flags per arch: no FP/vector registers, so the test does not
# depend on user FP state support; linked at 4 MiB, not PIE.
set(ktest_flags_x86_64 -mgeneral-regs-only)
set(ktest_flags_arm64 -mgeneral-regs-only)
set(ktest_flags_riscv64 -march=rv64imac -mabi=lp64 -mno-relax -mcmodel=medany)
set(ktest_flags_ppc64le -msoft-float -mno-altivec -mno-vsx)
set(ktest_flags_s390x -msoft-float)
set(ktest_flags_stub -mgeneral-regs-only)
if(EXISTS ${KTEST_DIR}/arch/${SOCLE_ARCH}.h)
  set(ktest_arch_h ${KTEST_DIR}/arch/${SOCLE_ARCH}.h)
else()
  set(ktest_arch_h ${KTEST_DIR}/arch/x86_64.h)
endif()
add_custom_command(OUTPUT ${ktest_elf}
  COMMAND ${CMAKE_C_COMPILER} --target=${SOCLE_TRIPLE} ${ktest_flags_${SOCLE_ARCH}}
    -std=gnu11 -O2 -ffreestanding -fno-builtin -nostdlib -nostdlibinc -fno-pic -fno-stack-protector
    -fno-asynchronous-unwind-tables -Wall -Wextra -Werror -Wno-unused-parameter
    -isystem ${UAPI_DIR} -include ${ktest_arch_h}
    -c ${KTEST_DIR}/ktest.c -o ${CMAKE_BINARY_DIR}/ktest.o
  COMMAND ${SOCLE_LLD} -static -nostdlib -e _start --image-base=0x400000 -z noexecstack
    --build-id=none -o ${ktest_elf} ${CMAKE_BINARY_DIR}/ktest.o
  DEPENDS ${KTEST_DIR}/ktest.c ${ktest_arch_h} ${CMAKE_BINARY_DIR}/gen/syscall_table.c
  COMMENT "ktest user program for ${SOCLE_ARCH}")
set(ktest_s ${CMAKE_BINARY_DIR}/embedded_ktest.S)
file(WRITE ${ktest_s}
  "\t.section .rodata.ktest, \"a\"\n\t.balign 16\n\t.globl __ktest_elf_start\n"
  "__ktest_elf_start:\n\t.incbin \"${ktest_elf}\"\n\t.globl __ktest_elf_end\n"
  "__ktest_elf_end:\n\t.balign 8\n")
set_source_files_properties(${ktest_s} PROPERTIES OBJECT_DEPENDS ${ktest_elf})
list(APPEND EMBED_SOURCES ${ktest_s})
