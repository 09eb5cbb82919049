/*
 * namei.c - the path walk: components, ".", "..", mount points and
 * symlinks (at most MAXSYMLINKS per walk, then -ELOOP), search permission
 * on every directory passed.  Everything here runs with vfs_lock held.
 */
#include <kernel.h>
#include <mm.h>
#include <vfs.h>

struct walk {
	struct fs_ctx *fs;
	struct path root;	/* not referenced: fs's root or the global root */
	struct cred cred;
	int links;		/* symlinks followed so far */
};

int lookup_one(struct dentry *dir, const char *name, size_t len, struct dentry **out)
{
	struct dentry *d = d_lookup_cached(dir, name, len);

	if (d) {
		*out = d;
		return 0;
	}
	d = d_alloc(dir, name, len);
	if (!d)
		return -ENOMEM;
	if (dir->inode->iops && dir->inode->iops->lookup) {
		int err = dir->inode->iops->lookup(dir->inode, d);
		if (err) {
			d_put(d);
			return err;
		}
	}
	*out = d;
	return 0;
}

static bool is_root(const struct walk *w, const struct path *p)
{
	return p->dentry == w->root.dentry && p->mnt == w->root.mnt;
}

/* Move p to its parent: stays at the walk's root, climbs out of mounts. */
static void step_up(const struct walk *w, struct path *p)
{
	for (;;) {
		if (is_root(w, p))
			return;
		if (p->dentry != p->mnt->root || p->mnt->parent == p->mnt)
			break;
		/* At the root of a mount: continue from its mount point. */
		struct path n = { p->mnt->parent, d_get(p->mnt->mountpoint) };
		n.mnt->refs++;
		path_put(p);
		*p = n;
	}
	if (p->dentry->parent == p->dentry)
		return;		/* the root of the namespace */
	struct dentry *up = d_get(p->dentry->parent);
	d_put(p->dentry);
	p->dentry = up;
}

static int walk_from(struct walk *w, struct path *cur, const char *path, bool follow_last,
		     bool stop_at_last, struct last_name *last);

/* cur is at a symlink reached from dir: replace cur by its target. */
static int follow_link(struct walk *w, struct path *dir, struct path *cur)
{
	if (++w->links > MAXSYMLINKS)
		return -ELOOP;
	struct inode *ino = cur->dentry->inode;
	if (!ino->iops || !ino->iops->readlink)
		return -EINVAL;
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	long n = ino->iops->readlink(cur->dentry, buf, PATH_MAX);
	if (n < 0) {
		kfree(buf);
		return (int)n;
	}
	if (n == 0) {
		kfree(buf);
		return -ENOENT;
	}
	struct path p = *dir;
	path_get(&p);
	int err = walk_from(w, &p, buf, true, false, NULL);
	kfree(buf);
	if (err) {
		path_put(&p);
		return err;
	}
	path_put(cur);
	*cur = p;
	return 0;
}

/*
 * Walk path from cur (updated in place, references kept).  With
 * stop_at_last, the last component is not looked up but returned in
 * *last (cur is then its parent).
 */
static int walk_from(struct walk *w, struct path *cur, const char *path, bool follow_last,
		     bool stop_at_last, struct last_name *last)
{
	if (*path == '/') {
		path_put(cur);
		*cur = w->root;
		path_get(cur);
		while (*path == '/')
			path++;
		if (!*path && last) {
			last->type = LAST_ROOT;
			last->len = 0;
			last->name[0] = '\0';
			last->trailing_slash = false;
			return 0;
		}
	}
	while (*path) {
		const char *name = path;
		while (*path && *path != '/')
			path++;
		size_t len = (size_t)(path - name);
		bool slash = *path == '/';
		while (*path == '/')
			path++;
		bool is_last = *path == '\0';
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		struct inode *dir = cur->dentry->inode;
		if (!dir || !S_ISDIR(dir->mode))
			return -ENOTDIR;
		int err = inode_permission(dir, &w->cred, MAY_EXEC);
		if (err)
			return err;
		if (is_last && stop_at_last) {
			memcpy(last->name, name, len);
			last->name[len] = '\0';
			last->len = len;
			last->trailing_slash = slash;
			last->type = (len == 1 && name[0] == '.') ? LAST_DOT :
				     (len == 2 && name[0] == '.' && name[1] == '.') ? LAST_DOTDOT :
				     LAST_NORM;
			return 0;
		}
		if (len == 1 && name[0] == '.')
			continue;
		if (len == 2 && name[0] == '.' && name[1] == '.') {
			step_up(w, cur);
			continue;
		}
		struct dentry *d;
		err = lookup_one(cur->dentry, name, len, &d);
		if (err)
			return err;
		if (!d->inode) {
			d_put(d);
			return -ENOENT;
		}
		struct path next = { cur->mnt, d };
		cur->mnt->refs++;
		path_cross_mounts(&next);
		if (S_ISLNK(next.dentry->inode->mode) && (!is_last || follow_last || slash)) {
			err = follow_link(w, cur, &next);
			if (err) {
				path_put(&next);
				return err;
			}
		}
		path_put(cur);
		*cur = next;
		if (slash && (!cur->dentry->inode || !S_ISDIR(cur->dentry->inode->mode)))
			return -ENOTDIR;
	}
	return 0;
}

static int walk_start(struct walk *w, struct fs_ctx *fs, const struct path *base,
		      const char *path, struct path *cur)
{
	w->fs = fs;
	w->links = 0;
	w->cred = cred_current();
	if (fs && fs->root.dentry) {
		w->root = fs->root;
	} else {
		struct mount *r = mount_root();
		if (!r)
			return -ENOENT;
		w->root.mnt = r;
		w->root.dentry = r->root;
	}
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (base)
		*cur = *base;
	else if (fs && fs->cwd.dentry)
		*cur = fs->cwd;
	else
		*cur = w->root;
	path_get(cur);
	return 0;
}

int path_walk(struct fs_ctx *fs, const struct path *base, const char *path,
	      unsigned int flags, struct path *out)
{
	struct walk w;
	struct path cur;

	if (!*path && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	int err = walk_start(&w, fs, base, path, &cur);
	if (err)
		return err;
	err = walk_from(&w, &cur, path, flags & LOOKUP_FOLLOW, false, NULL);
	if (!err && (flags & LOOKUP_DIRECTORY) && !S_ISDIR(cur.dentry->inode->mode))
		err = -ENOTDIR;
	if (err) {
		path_put(&cur);
		return err;
	}
	*out = cur;
	return 0;
}

int path_walk_parent(struct fs_ctx *fs, const struct path *base, const char *path,
		     struct path *parent, struct last_name *last)
{
	struct walk w;
	struct path cur;

	if (!*path)
		return -ENOENT;
	int err = walk_start(&w, fs, base, path, &cur);
	if (err)
		return err;
	last->type = LAST_ROOT;
	err = walk_from(&w, &cur, path, true, true, last);
	if (!err && (!cur.dentry->inode || !S_ISDIR(cur.dentry->inode->mode)))
		err = -ENOTDIR;
	if (err) {
		path_put(&cur);
		return err;
	}
	*parent = cur;
	return 0;
}

long path_to_string(struct fs_ctx *fs, const struct path *p, char *buf, size_t size)
{
	struct walk w;
	struct path cur;

	if (size < 2)
		return -ERANGE;
	int err = walk_start(&w, fs, p, "", &cur);
	if (err)
		return err;
	/* Build from the end of buf backwards. */
	size_t pos = size - 1;
	buf[pos] = '\0';
	bool unreachable = false;
	while (!is_root(&w, &cur)) {
		if (cur.dentry == cur.mnt->root) {
			if (cur.mnt->parent == cur.mnt) {
				unreachable = true;	/* outside fs's root */
				break;
			}
			/* Continue from the mount point, in the parent mount. */
			struct path n = { cur.mnt->parent, d_get(cur.mnt->mountpoint) };
			n.mnt->refs++;
			path_put(&cur);
			cur = n;
			continue;
		}
		struct dentry *d = cur.dentry;
		if (d->namelen + 1 > pos) {
			path_put(&cur);
			return -ENAMETOOLONG;
		}
		pos -= d->namelen;
		memcpy(buf + pos, d->name, d->namelen);
		buf[--pos] = '/';
		step_up(&w, &cur);
	}
	bool unlinked = p->dentry->parent != p->dentry && !(p->dentry->flags & D_HASHED);
	path_put(&cur);
	if (pos == size - 1)
		buf[--pos] = '/';
	size_t len = size - 1 - pos;
	const char *prefix = unreachable ? "(unreachable)" : "";
	size_t plen = strlen(prefix);
	const char *suffix = unlinked ? " (deleted)" : "";
	size_t slen = strlen(suffix);
	if (plen + len + slen + 1 > size)
		return -ENAMETOOLONG;
	memmove(buf + plen, buf + pos, len);
	memcpy(buf, prefix, plen);
	memcpy(buf + plen + len, suffix, slen + 1);
	return (long)(plen + len + slen);
}
