/* SPDX-License-Identifier: GPL-2.0-or-later */
/* walk.c: the files under one root (walk.h). */

#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <fts.h>
#include <stdlib.h>
#include <string.h>

#include "walk.h"

struct walk {
	const struct walk_opts *opts;
	FTS *fts;
	size_t rootlen;
	int root_is_dir;
	char *paths[2];
};

/* fts ordering: by name, so runs are reproducible. */
static int
by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

/* Whether `path` matches one of the n globs (see walk.h). */
static int
matches(const char *const *globs, size_t n, const char *path,
	size_t rootlen)
{
	const char *name = strrchr(path, '/');
	const char *rel = path + rootlen;
	size_t i;

	name = name ? name + 1 : path;
	while (*rel == '/')
		rel++;
	for (i = 0; i < n; i++) {
		if (strchr(globs[i], '/') != NULL) {
			if (fnmatch(globs[i], rel, FNM_PATHNAME) == 0)
				return 1;
		} else if (fnmatch(globs[i], name, 0) == 0) {
			return 1;
		}
	}
	return 0;
}

int
walk_selected(const struct walk_opts *o, const char *path, size_t rootlen,
	      int is_dir)
{
	if (matches(o->exclude, o->nexclude, path, rootlen))
		return 0;
	if (is_dir || o->ninclude == 0)
		return 1;
	return matches(o->include, o->ninclude, path, rootlen);
}

struct walk *
walk_open(const char *root, const struct walk_opts *opts,
	  struct ds_error *err)
{
	struct walk *w = calloc(1, sizeof *w);
	struct stat sb;

	if (w == NULL) {
		ds_error_set(err, DS_ENOMEM, "out of memory");
		return NULL;
	}
	if (lstat(root, &sb) < 0) {
		ds_error_set(err, DS_EIO, "%s: %s", root, strerror(errno));
		free(w);
		return NULL;
	}
	w->opts = opts;
	w->root_is_dir = S_ISDIR(sb.st_mode);
	/* A file named as a root is matched against its own name. */
	w->rootlen = w->root_is_dir ? strlen(root) : 0;
	if ((w->paths[0] = strdup(root)) == NULL) {
		ds_error_set(err, DS_ENOMEM, "out of memory");
		free(w);
		return NULL;
	}
	w->fts = fts_open(w->paths, FTS_PHYSICAL | FTS_NOCHDIR, by_name);
	if (w->fts == NULL) {
		ds_error_set(err, DS_EIO, "%s: %s", root, strerror(errno));
		free(w->paths[0]);
		free(w);
		return NULL;
	}
	return w;
}

int
walk_root_is_dir(const struct walk *w)
{
	return w->root_is_dir;
}

/* Set e to `kind` with a reason. */
static int
yield(struct walk_entry *e, enum walk_kind kind, const FTSENT *f,
      const char *why)
{
	e->kind = kind;
	e->path = f->fts_path;
	e->sb = kind == WALK_FILE ? f->fts_statp : NULL;
	snprintf(e->why, sizeof e->why, "%s", why ? why : "");
	return 1;
}

/* What a non-regular, non-directory entry is, for the skip message. */
static const char *
special(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe), not a regular file";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device, not a regular file";
	if (S_ISSOCK(mode))
		return "a socket, not a regular file";
	return "not a regular file";
}

int
walk_next(struct walk *w, struct walk_entry *e, struct ds_error *err)
{
	const struct walk_opts *o = w->opts;
	char why[256];
	FTSENT *f;

	for (;;) {
		errno = 0;
		if ((f = fts_read(w->fts)) == NULL) {
			if (errno != 0)
				return ds_error_set(err, DS_EIO, "%s: %s",
						    w->paths[0],
						    strerror(errno));
			return 0;
		}
		switch (f->fts_info) {
		case FTS_F:
			if (!walk_selected(o, f->fts_path, w->rootlen, 0))
				continue;
			if (o->max_size > 0 &&
			    (unsigned long long)f->fts_statp->st_size >
				    o->max_size) {
				snprintf(why, sizeof why, "%lld bytes, over "
					 "--max-size (%zu)",
					 (long long)f->fts_statp->st_size,
					 o->max_size);
				return yield(e, WALK_SKIP, f, why);
			}
			return yield(e, WALK_FILE, f, NULL);
		case FTS_D:
			/* Hidden directories (.git, .svn...) are not content. */
			if (f->fts_level > 0 && (f->fts_name[0] == '.' ||
			    !walk_selected(o, f->fts_path, w->rootlen, 1)))
				fts_set(w->fts, f, FTS_SKIP);
			continue;
		case FTS_DP:
		case FTS_DOT:
			continue;
		case FTS_DNR:
			return yield(e, WALK_DIR_FAIL, f,
				     strerror(f->fts_errno));
		case FTS_NS:
			/* Gone between the listing and the stat: nothing. */
			if (f->fts_errno == ENOENT && f->fts_level > 0)
				continue;
			return yield(e, WALK_FAIL, f, strerror(f->fts_errno));
		case FTS_ERR:
			return yield(e, f->fts_level == 0 ? WALK_FAIL :
				     WALK_DIR_FAIL, f, strerror(f->fts_errno));
		case FTS_DC:
			return yield(e, WALK_SKIP, f, "directory cycle");
		case FTS_SL:
		case FTS_SLNONE:
			if (!walk_selected(o, f->fts_path, w->rootlen, 0))
				continue;
			return yield(e, WALK_SKIP, f, "symbolic link not "
				     "followed");
		default:
			if (!walk_selected(o, f->fts_path, w->rootlen, 0))
				continue;
			return yield(e, WALK_SKIP, f,
				     special(f->fts_statp->st_mode));
		}
	}
}

void
walk_close(struct walk *w)
{
	if (w == NULL)
		return;
	fts_close(w->fts);
	free(w->paths[0]);
	free(w);
}
