/*
 * fs_fallback.c - weak stand-ins for the file layer (core/fs) that core/proc
 * calls, so that processes work before any filesystem is linked in: no files,
 * no directories, and exec from a path fails with -ENOENT.  core/fs's own
 * definitions replace these.
 */
#include <kernel.h>
#include <file.h>
#include <vfs_ctx.h>

__attribute__((weak)) struct files *files_dup(struct files *src) { return src; }
__attribute__((weak)) void files_put(struct files *fs) { (void)fs; }
__attribute__((weak)) void files_close_on_exec(struct files *fs) { (void)fs; }
__attribute__((weak)) struct fs_ctx *fs_ctx_dup(struct fs_ctx *src) { return src; }
__attribute__((weak)) void fs_ctx_get(struct fs_ctx *fs) { (void)fs; }
__attribute__((weak)) void fs_ctx_put(struct fs_ctx *fs) { (void)fs; }
__attribute__((weak)) int vfs_read_exec(const char *path, void **buf, size_t *size)
{
	(void)path; (void)buf; (void)size;
	return -ENOENT;
}
__attribute__((weak)) int fd_install(struct files *fs, struct file *f, int min, unsigned int fdflags)
{
	(void)fs; (void)f; (void)min; (void)fdflags;
	return -EMFILE;
}
__attribute__((weak)) void file_get(struct file *f) { (void)f; }
