/*
 * shim.c - the few kernel services core's allocators need, for the host.
 * Panics abort so that a test sees them as crashes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <kernel.h>

volatile bool panicking;
int console_loglevel = 7;

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	va_start(ap, fmt);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return n;
}

void core_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

uint64_t ktime_ns(void)
{
	return 0;
}
