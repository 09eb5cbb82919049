/* fs_internal_abi.h - the flag translation of fcntl_abi.c, declared
 * without the internal O_* macros so that the arch's <asm/fcntl.h> can be
 * included next to it. */
#ifndef CORE_FS_INTERNAL_ABI_H
#define CORE_FS_INTERNAL_ABI_H
unsigned int oflags_from_user(unsigned long uflags);
unsigned long oflags_to_user(unsigned int kflags);
#endif
