/*
 * device.h - the device model seen by user space: every character device
 * a driver registers gets a node in devtmpfs (/dev) and a directory in
 * sysfs (/sys/devices/virtual/<class>/<name>, /sys/class/<class>/<name>,
 * /sys/dev/char/<major>:<minor>).  Implemented in core/sysfs/.
 *
 * Also the kernel's random generator (drivers/char/mem.c), the source of
 * /dev/random and /dev/urandom.
 */
#ifndef CORE_DEVICE_H
#define CORE_DEVICE_H

#include <hal/types.h>

/*
 * device_register - announce character device major:minor called name
 * (the /dev name, no '/') of class cls ("mem", "tty"...) with the node
 * permissions mode (0666, 0600...; the S_IFCHR type is added).  Nodes
 * appear at once in every mounted devtmpfs and sysfs, and in later mounts.
 * Call it after chrdev_register() succeeded.  Returns 0, -EBUSY when the
 * number is already announced, -ENOSPC when the table is full, -EINVAL for
 * a bad name.  Process or boot context with interrupts on; takes vfs_lock
 * (the caller must not hold it).  May sleep.
 */
int device_register(const char *cls, const char *name, unsigned int major, unsigned int minor,
		    uint32_t mode);

/* devtmpfs_add - device_register() with the class Linux gives the major
 * (1: mem, 4 and 5: tty, others: misc). */
int devtmpfs_add(const char *name, unsigned int major, unsigned int minor, uint32_t mode);

/* Register the "devtmpfs" and "sysfs" filesystem types; idempotent, and
 * done by the first device_register() too.  Boot context after vfs_init(). */
void device_model_init(void);

/* /dev/kmsg (1:11): the kernel log, one record per read (core/sysfs/syslog.c). */
struct file_ops;
extern const struct file_ops kmsg_fops;

/*
 * get_random_bytes - n bytes from the kernel's ChaCha20 generator
 * (drivers/char/mem.c), seeded and periodically stirred with timer
 * readings (hal_timer_now() jitter).  Any context but an interrupt
 * handler; does not sleep.
 */
void get_random_bytes(void *buf, size_t n);

#endif
