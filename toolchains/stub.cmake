# Toolchain for the stub port (a no-op HAL on an x86_64 freestanding target).
set(SOCLE_TRIPLE x86_64-unknown-none-elf)
set(SOCLE_ARCH stub)

set(SOCLE_LINUX_TRIPLE x86_64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
