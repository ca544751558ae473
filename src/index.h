/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * index.h: writing documents into a Dossier database.
 *
 * A struct ds_index is the one writer of a database: it holds Xapian's
 * write lock from ds_index_open() to ds_index_close(), so a second writer
 * fails at once with DS_ELOCKED (or waits, if asked).  Documents are
 * replaced by their unique id term, so indexing the same file twice leaves
 * one document.  Nothing is visible to searchers, nor safe from a crash,
 * until ds_index_commit() returns; a commit is atomic, and one that fails
 * (disk full...) leaves the previous revision intact.
 */
#ifndef DOSSIER_INDEX_H
#define DOSSIER_INDEX_H

#include <stdint.h>

#include "doc.h"
#include "error.h"

enum {
	DS_INDEX_CREATE = 1,	/* create the database if it doesn't exist */
	DS_INDEX_WAIT = 2	/* wait for another writer instead of failing */
};

struct ds_index;

/*
 * Open the database at `path` for writing.  Without DS_INDEX_CREATE a
 * missing database is DS_ENOENT.  Another writer holding it is DS_ELOCKED
 * unless DS_INDEX_WAIT.
 */
int ds_index_open(const char *path, unsigned flags, struct ds_index **out,
		  struct ds_error *err);

/*
 * Add `doc` (doc->path set), replacing any document with the same path.
 * The change is pending until the next commit.
 */
int ds_index_put(struct ds_index *idx, const struct ds_doc *doc,
		 struct ds_error *err);

/* Remove the document indexed from `path`, if any (pending until commit). */
int ds_index_delete_path(struct ds_index *idx, const char *path,
			 struct ds_error *err);

/* Make pending changes durable and visible, atomically. */
int ds_index_commit(struct ds_index *idx, struct ds_error *err);

/* Number of documents in the database, pending changes included. */
int ds_index_doccount(struct ds_index *idx, uint32_t *count,
		      struct ds_error *err);

/*
 * Commit, release the lock and free the writer.  The writer is freed even
 * when the final commit fails (which is then reported).  Accepts NULL.
 */
int ds_index_close(struct ds_index *idx, struct ds_error *err);

#endif /* DOSSIER_INDEX_H */
