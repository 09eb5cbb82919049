/* kstring.h - the string and memory functions the kernel has (core/lib/string.c).
 * The compiler may also emit calls to memcpy/memset/memmove/memcmp itself. */
#ifndef CORE_KSTRING_H
#define CORE_KSTRING_H
#include <stddef.h>
void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *d, const char *s, size_t n);
#endif
