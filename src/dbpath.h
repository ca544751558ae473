/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dbpath.h: where a database lives, and replacing it with a fresh one
 * without searchers ever seeing a half-built index.
 *
 * A Dossier database path names a Xapian database directory, a Xapian
 * stub file listing the database(s) to open, or a symbolic link to
 * either.  Readers open it by name for each search, so switching the
 * name to a new database atomically switches every later search.
 *
 * Rebuilding (dossier-index --rebuild) builds the new database in a
 * directory beside the path and switches in one atomic step:
 *  - a stub file: the new database is "NAME.YYYYMMDDTHHMMSSZ-PID" beside
 *    it, and a new stub naming it is renamed over the old one;
 *  - a symbolic link: likewise, with a new link renamed over the old;
 *  - a directory: the new database is built in "NAME.rebuild-PID" and
 *    the two directories are exchanged with renameat2(RENAME_EXCHANGE)
 *    (Linux 3.15; a filesystem that can't exchange is refused with a
 *    message suggesting a stub file);
 *  - nothing yet: the new directory is renamed to the path.
 * The database replaced is then deleted, but only when it is one Dossier
 * made beside the path (its name starts with NAME.): a database a
 * hand-written stub names elsewhere is never touched.  Deleting removes
 * Xapian's files only (iamglass, flintlock, *.glass, *.tmp, changes*) and
 * then the directory if it is empty, never anything else.
 *
 * Leftovers of a rebuild that was killed (NAME.rebuild-PID, or a
 * NAME.*-PID the stub does not name) are deleted by the next rebuild,
 * unless their write lock shows a rebuild still at work on them.
 */
#ifndef DOSSIER_DBPATH_H
#define DOSSIER_DBPATH_H

#include "error.h"

enum ds_dbpath_kind {
	DS_DBPATH_MISSING,	/* nothing there yet */
	DS_DBPATH_DIR,		/* a database directory */
	DS_DBPATH_STUB,		/* a stub file */
	DS_DBPATH_SYMLINK	/* a symbolic link (to a directory or stub) */
};

/*
 * What `path` is.  Anything else there (a device, a file that is not a
 * stub) is DS_EINVAL with a message naming it.
 */
int ds_dbpath_kind(const char *path, enum ds_dbpath_kind *kind,
		   struct ds_error *err);

struct ds_rebuild {
	char *path;		/* the database path being rebuilt */
	char *aside;		/* the directory the new database goes in */
	char *target;		/* stub or link: the entry the new stub or
				   link names (aside's base name) */
	enum ds_dbpath_kind kind;
	unsigned shards;	/* a shard set of that many (shardset.h), or
				   0: one database */
};

/*
 * Delete what killed rebuilds and compactions left beside `path`
 * (PATH.rebuild-PID, PATH.TIMESTAMP-PID directories that no writer holds
 * and that the stub or link at `path` does not name).  Quietly does
 * nothing when there are none or they can't be listed.  Call it holding
 * the database's lock.
 */
void ds_dbpath_clear_leftovers(const char *path);

/*
 * Prepare to rebuild the database at `path`: clear the leftovers of
 * earlier rebuilds and choose rb->aside, which does not exist yet (create
 * the new database there).  DS_ELOCKED when another rebuild is at work.
 */
int ds_rebuild_begin(const char *path, struct ds_rebuild *rb,
		     struct ds_error *err);

/*
 * The same for a new shard set of `shards` shards (0: one database, as
 * ds_rebuild_begin()).  The caller creates the set in rb->aside
 * (ds_shardset_create()).  The switch makes `path` a stub file naming the
 * set's directory, whatever was there: nothing, a stub, a link, or a
 * database directory (exchanged with the stub, renameat2 RENAME_EXCHANGE,
 * then deleted), except when `path` is itself a set's directory, which
 * is exchanged with the new one.
 */
int ds_rebuild_begin_shards(const char *path, unsigned shards,
			    struct ds_rebuild *rb, struct ds_error *err);

/*
 * Switch `path` to the database built (and closed) in rb->aside, in one
 * atomic step, then delete the database it replaced.  On failure `path`
 * still names the old database.  A failure to delete the old one is not
 * an error of the switch: it is reported in *warning (a static message,
 * or NULL).
 */
int ds_rebuild_switch(struct ds_rebuild *rb, const char **warning,
		      struct ds_error *err);

/* Delete rb->aside (a rebuild that failed or was interrupted). */
void ds_rebuild_abandon(struct ds_rebuild *rb);

/* Free rb's strings.  Accepts an unused (zeroed) rb. */
void ds_rebuild_release(struct ds_rebuild *rb);

/*
 * Replace the database at `path` with a compacted copy of itself (Xapian's
 * compaction: B-trees rewritten full, as after a single commit; an index
 * grown by many commits shrinks by about half), switching to it as
 * ds_rebuild_switch() does, so searches see the one or the other.  The
 * caller holds the indexers' lock and has no writer open.  A stub file
 * listing several databases is refused (DS_EINVAL): compacting would
 * merge them.  *warning as for ds_rebuild_switch().
 */
int ds_dbpath_compact(const char *path, const char **warning,
		      struct ds_error *err);

/*
 * Take the indexers' lock of the database at `path`: an flock(2) on the
 * file "PATH.lock" beside it, which every dossier-index run holds from
 * start to end, so that a second one (from cron, while the first is still
 * at work) is told at once, and a rebuild keeps others off while it
 * switches databases (Xapian's own write lock lives inside the database,
 * which a switch replaces).  Waits for it when `wait`, else DS_ELOCKED.
 * Returns 0 with the lock's descriptor in *fd (close it to release), or
 * -1 in *fd when the file can't be made (a read-only parent directory:
 * Xapian's lock is then the only one); DS_ELOCKED or DS_ENOMEM.
 */
int ds_dbpath_lock(const char *path, int wait, int *fd, struct ds_error *err);

/*
 * Check the structure of the database at `path` as xapian-check does:
 * every block of every table at its last commit.  Reads it all (about
 * 11 ms a megabyte here), so it is for when there is reason to doubt it.
 * 0 when sound; DS_ENOENT when there is no database there; DS_EXAPIAN,
 * with a message naming the database and the first damage found, when
 * it is damaged.
 */
int ds_dbpath_check(const char *path, struct ds_error *err);

/*
 * Delete the Xapian database in directory `dir`: its files (see above)
 * and the directory, when nothing else is left in it.  Returns 0, or
 * DS_EIO when something could not be removed.
 */
int ds_dbpath_remove(const char *dir, struct ds_error *err);

#endif /* DOSSIER_DBPATH_H */
