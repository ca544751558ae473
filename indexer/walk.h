/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * walk.h: the files under one root, as dossier-index considers them.
 *
 * A walk goes through a directory tree (or a single file) in name order,
 * never following symbolic links: a link is reported and skipped, so no
 * link can lead outside the roots.  It yields, one at a time:
 *  - WALK_FILE: a regular file to index, with its lstat() result;
 *  - WALK_SKIP: something deliberately left out, with the reason (a
 *    symbolic link, a FIFO or device, a file over the size limit);
 *  - WALK_FAIL: a file that could not be examined (it is not indexed,
 *    but what the index holds for it must be kept);
 *  - WALK_DIR_FAIL: a directory that could not be read, whose documents
 *    must be kept as they are.
 * Hidden directories (.git, .svn) are not entered.  Files and
 * directories that match an exclude pattern are left out silently, and
 * with include patterns only files matching one of them are yielded.  A
 * pattern is a fnmatch(3) glob matched against the name, or, when it
 * holds a '/', against the path below the root.  A file that vanishes
 * between the directory listing and its examination is not reported.
 */
#ifndef DOSSIER_WALK_H
#define DOSSIER_WALK_H

#include <stddef.h>
#include <sys/stat.h>

#include "dossier.h"

struct walk_opts {
	const char *const *include;	/* globs; none: every file */
	size_t ninclude;
	const char *const *exclude;	/* globs for files and directories */
	size_t nexclude;
	size_t max_size;		/* larger files: WALK_SKIP; 0: no cap */
};

enum walk_kind { WALK_FILE, WALK_SKIP, WALK_FAIL, WALK_DIR_FAIL };

struct walk_entry {
	enum walk_kind kind;
	const char *path;		/* borrowed until the next walk_next() */
	const struct stat *sb;		/* WALK_FILE only */
	char why[256];			/* WALK_SKIP, WALK_FAIL, WALK_DIR_FAIL */
};

struct walk;

/*
 * Start walking `root`, an absolute path without symbolic links (what
 * realpath(3) gives), with `opts` (borrowed for the walk's life).
 * Returns NULL with *err set when it can't be walked at all.
 */
struct walk *walk_open(const char *root, const struct walk_opts *opts,
		       struct ds_error *err);

/*
 * The next entry: 1 and *e filled, 0 at the end, or DS_EIO when the walk
 * broke off (a directory vanished under it, say), with *err set.
 */
int walk_next(struct walk *w, struct walk_entry *e, struct ds_error *err);

/* Whether the root is a directory (only then can vanished files be told). */
int walk_root_is_dir(const struct walk *w);

/* End the walk.  Accepts NULL. */
void walk_close(struct walk *w);

/*
 * Whether `path` (below `root`, whose length is `rootlen`) is selected by
 * the patterns of `opts`; `is_dir` says whether it names a directory
 * (directories are only excluded, never filtered by include patterns).
 */
int walk_selected(const struct walk_opts *opts, const char *path,
		  size_t rootlen, int is_dir);

#endif /* DOSSIER_WALK_H */
