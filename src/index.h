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
 *
 * Incremental runs.  ds_index_find() tells what the index holds for a
 * file (its document and the stamp of the file it was made from), so the
 * indexer can leave unchanged files alone.  The writer remembers every
 * document "kept" during its life: put, restamped, or found unchanged and
 * kept with ds_index_keep().  ds_index_sweep() then deletes the documents
 * of a directory that were not kept: the files that disappeared from it.
 *
 * Spelling.  With DS_INDEX_SPELLING every word of letters (3 to 24 bytes)
 * of every document put is added to the database's spelling table, the
 * data "did you mean" suggestions are made from, its frequency counted
 * once per document.  The words are written at the end (ds_index_close()),
 * or whenever 200,000 distinct ones are waiting, not at every commit:
 * that would rewrite much of the table each time.  Until they are, the
 * commits say the table is incomplete (metadata "dossier.spelling"), so a
 * run killed in between leaves a mark the next run sees and reports
 * (ds_index_spelling_complete()); a run that indexes every document
 * again clears it.
 */
#ifndef DOSSIER_INDEX_H
#define DOSSIER_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "error.h"
#include "stamp.h"

enum {
	DS_INDEX_CREATE = 1,	/* create the database if it doesn't exist */
	DS_INDEX_WAIT = 2,	/* wait for another writer instead of failing */
	DS_INDEX_SPELLING = 4	/* build the spelling table from the words */
};

struct ds_index;

/*
 * Open the database at `path` (a directory, or a stub file naming one
 * database) for writing.  Without DS_INDEX_CREATE a missing database is
 * DS_ENOENT.  Another writer holding it is DS_ELOCKED unless
 * DS_INDEX_WAIT.
 */
int ds_index_open(const char *path, unsigned flags, struct ds_index **out,
		  struct ds_error *err);

/*
 * Whether the database was new when opened: no document had ever been
 * added to it (a first build, which is worth compacting at its end).
 */
bool ds_index_fresh(const struct ds_index *idx);

/* What the index holds for one identity (ds_index_find()). */
struct ds_index_entry {
	uint32_t docid;		/* its document; 0 when there is none */
	struct ds_stamp stamp;	/* the file it was made from; unknown when
				   not recorded */
};

/*
 * Look up the document whose identity (doc.h: a file's path as
 * ds_path_identity() gives it, or a record's id) is `identity`.  Returns
 * 1 and fills *out when there is one, 0 (docid 0) when not, or a negative
 * code.  Pending changes count.
 */
int ds_index_find(struct ds_index *idx, const char *identity,
		  struct ds_index_entry *out, struct ds_error *err);

/*
 * Mark document `docid` as kept: ds_index_sweep() will not delete it.
 * DS_ENOMEM is the only failure.
 */
int ds_index_keep(struct ds_index *idx, uint32_t docid, struct ds_error *err);

/*
 * Add `doc` (doc->path or doc->id set), replacing any document with the
 * same identity, and keep it.  The change is pending until the next
 * commit.
 */
int ds_index_put(struct ds_index *idx, const struct ds_doc *doc,
		 struct ds_error *err);

/*
 * Building documents beside writing them.  Turning a document into terms
 * (ds_catalog_build(): the term generator, the stored record) is a third
 * of the writer's work; ds_index_put_later() hands it to a builder thread
 * of the writer's own, started on first use, so that it overlaps writing.
 * Documents are written in the order they were given, always by the
 * calling thread: inside a later ds_index_put_later(), or
 * ds_index_sync(), ds_index_commit(), ds_index_sweep() and
 * ds_index_close(), which write everything waiting first.  For each one,
 * done(ctx, doc, tag, rc, err) is called from there once it was written
 * (rc 0) or could not be (rc < 0, err says why; the document is skipped).
 * At most DS_INDEX_BUILD_DEPTH documents wait.
 */
#define DS_INDEX_BUILD_DEPTH 16

typedef void ds_index_done_fn(void *ctx, const struct ds_doc *doc,
			      uint32_t tag, int rc,
			      const struct ds_error *err);

/*
 * Queue `doc` (doc->path or doc->id set) to be built and put as
 * ds_index_put() would.  The document is taken: *doc is left
 * initialised.  `tag` is passed back to `done`.  Returns 0, or the
 * negative code of a failure that must stop the run (the database failed,
 * out of memory), reported in *err; failures of single documents go to
 * `done` instead.
 */
int ds_index_put_later(struct ds_index *idx, struct ds_doc *doc,
		       uint32_t tag, ds_index_done_fn *done, void *ctx,
		       struct ds_error *err);

/* Write every document waiting.  Returns as ds_index_put_later(). */
int ds_index_sync(struct ds_index *idx, struct ds_error *err);

/*
 * Record that document `docid` now stands for a file with stamp `st`
 * (same content, time moved) without indexing it again, and keep it.
 */
int ds_index_restamp(struct ds_index *idx, uint32_t docid,
		     const struct ds_stamp *st, struct ds_error *err);

/* Remove the document of identity `path`, if any (pending until commit). */
int ds_index_delete_path(struct ds_index *idx, const char *path,
			 struct ds_error *err);

/*
 * How many distinct documents were kept so far (ds_index_keep(), put,
 * restamped).  Taken before a directory is walked, with the writer synced
 * (ds_index_sync()), it lets ds_index_sweep() see at a glance that
 * nothing vanished.
 */
unsigned long ds_index_kept_count(const struct ds_index *idx);

/*
 * Delete the documents of files under the directory `root` (an identity
 * prefix: an absolute path without a trailing '/') that were not kept
 * during this writer's life, except those under one of the `nspare`
 * directories `spare` (parts of the tree that could not be read this
 * time).  Calls deleted(ctx, identity) (may be NULL) for each one
 * deleted; the identity is borrowed for the call (for an id that had to
 * be hashed, catalog.h, the id's text).  Documents whose id was hashed
 * because their path is too long for a term are swept only when `root`
 * itself is short enough to be part of the id.
 *
 * `kept_before` is ds_index_kept_count() from before the walk of `root`
 * (taken after a ds_index_sync()), or ULONG_MAX.  The documents kept
 * since are all under `root`; when there are as many as `root` has in
 * the index, none is missing, and the documents are only counted, not
 * looked up one by one (a no-change run spent a third of its time here).
 */
int ds_index_sweep(struct ds_index *idx, const char *root,
		   const char *const *spare, size_t nspare,
		   unsigned long kept_before,
		   void (*deleted)(void *ctx, const char *identity),
		   void *ctx, struct ds_error *err);

/*
 * Replace the database's synonym table with `nkeys` keys, key i having
 * the `nsyn[i]` synonyms syn[i][0..).  Keys and synonyms are stored as
 * they are given (see synonyms.h for how a table file is normalised).
 * When `version` (e.g. a hash of the table's file) equals the version
 * stored by the last load, nothing is rewritten and *changed is false.
 */
int ds_index_set_synonyms(struct ds_index *idx, const char *const *keys,
			  const char *const *const *syn, const size_t *nsyn,
			  size_t nkeys, const char *version, bool *changed,
			  struct ds_error *err);

/*
 * Whether the spelling table was complete when the database was opened:
 * false when an earlier run was killed before writing its words.
 */
bool ds_index_spelling_complete(const struct ds_index *idx);

/*
 * Say that this run puts every document again (--full, --rebuild), so that
 * the spelling table will be complete at its end.
 */
void ds_index_spelling_redone(struct ds_index *idx);

/* Make pending changes durable and visible, atomically. */
int ds_index_commit(struct ds_index *idx, struct ds_error *err);

/*
 * Number of documents in the database, pending changes included (those
 * waiting for the builder are written first).
 */
int ds_index_doccount(struct ds_index *idx, uint32_t *count,
		      struct ds_error *err);

/*
 * Commit, release the lock and free the writer.  The writer is freed even
 * when the final commit fails (which is then reported).  After a failed
 * write or commit nothing more is written: what was not committed is
 * dropped, the database stays at its last commit, and this fails too.
 * Accepts NULL.
 */
int ds_index_close(struct ds_index *idx, struct ds_error *err);

#endif /* DOSSIER_INDEX_H */
