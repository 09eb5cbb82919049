/*
 * kernel.h - what every core file needs: logging, panic, helpers.
 */
#ifndef CORE_KERNEL_H
#define CORE_KERNEL_H

#include <hal/types.h>
#include <hal/core.h>
#include <stdarg.h>
#include <errno.h>
#include <kstring.h>

/* Log levels, Linux's numbering, written as a "\001N" prefix like KERN_*. */
#define KERN_EMERG	"\0010"
#define KERN_ALERT	"\0011"
#define KERN_CRIT	"\0012"
#define KERN_ERR	"\0013"
#define KERN_WARNING	"\0014"
#define KERN_NOTICE	"\0015"
#define KERN_INFO	"\0016"
#define KERN_DEBUG	"\0017"

#define pr_emerg(...)	kprintf(KERN_EMERG __VA_ARGS__)
#define pr_err(...)	kprintf(KERN_ERR __VA_ARGS__)
#define pr_warn(...)	kprintf(KERN_WARNING __VA_ARGS__)
#define pr_info(...)	kprintf(KERN_INFO __VA_ARGS__)
#define pr_debug(...)	kprintf(KERN_DEBUG __VA_ARGS__)
#define panic(...)	core_panic(__VA_ARGS__)

int vkprintf(const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Kernel log ring buffer (core/kern/klog.c). */
void klog_init(void);
/* Copy out records in Linux /dev/kmsg-like text "<lvl>[ sec.usec] msg\n";
 * returns bytes written. */
size_t klog_read(char *buf, size_t size);
/* A buffer this large holds the whole ring. */
#define KLOG_READ_ALL (512 * 280)
extern int console_loglevel;
extern volatile bool panicking;
void console_puts(const char *s);

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))
#define container_of(p, type, member) \
	((type *)((char *)(p) - __builtin_offsetof(type, member)))

#define BUG_ON(c) do { if (unlikely(c)) panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c); } while (0)

/* Kernel command line (core/kern/main.c). */
extern const char *kernel_cmdline;
/* Value of "key=value" on the command line, "" for a bare "key", NULL if
 * absent; copied into buf. */
const char *cmdline_get(const char *key, char *buf, size_t size);

/* Time since boot in nanoseconds (core/kern/time.c). */
uint64_t ktime_ns(void);
extern volatile uint64_t jiffies;
#define HZ 100

/* Boot steps of core_main, in the order it calls them. */
void time_init(void);		/* core/kern/time.c */
void time_start_tick(void);
int selftest_run(void);		/* core/kern/selftest.c: number of failures */

/* Linker-script symbols every arch defines (see docs/porting.md). */
extern char __kernel_start[], __kernel_end[];
extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[];
extern char __bss_start[], __bss_end[];

#endif
