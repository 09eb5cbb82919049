/*
 * vfs_ctx.h - the per-process filesystem context (root and working
 * directory), implemented by core/fs.  Declared here so that core/proc can
 * share, copy and drop it without knowing dentries.
 */
#ifndef CORE_VFS_CTX_H
#define CORE_VFS_CTX_H

struct fs_ctx;
struct fs_ctx *fs_ctx_create(void);	/* root and cwd at "/" */
struct fs_ctx *fs_ctx_dup(struct fs_ctx *src);
void fs_ctx_get(struct fs_ctx *fs);	/* CLONE_FS */
void fs_ctx_put(struct fs_ctx *fs);

/* A whole regular file read into kernel memory, for exec: 0 and *buf (free
 * with kfree) and *size, or a negative errno (-ENOENT, -EACCES when not
 * executable by the caller, -EISDIR...). */
int vfs_read_exec(const char *path, void **buf, size_t *size);

#endif
