/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xapian-c.h: a C API over libxapian (the C++ search library).
 *
 * Every Xapian class Dossier uses has a C twin here, named after it in snake
 * case: Xapian::WritableDatabase::replace_document() is
 * xapian_writable_database_replace_document(), so anyone who knows Xapian's
 * documentation reads this file at once.  Only what Dossier needs is wrapped,
 * but each wrapped class is wrapped whole enough to be used without C++.
 *
 * Rules that hold for the whole API (stated once, not repeated below):
 *
 *  - Handles are opaque structs.  Each is created by a _new/_open function and
 *    released by the matching _free function; every _free accepts NULL.
 *    Handles are independent of each other: freeing a database while an
 *    enquire or a query parser still uses it is safe (Xapian counts the
 *    references), and so is freeing a stopper, stemmer or match spy after
 *    handing it to another object.
 *
 *  - No C++ exception crosses this boundary.  A call that can fail takes a
 *    last argument `struct xapian_error *err`, which may be NULL.  On failure
 *    it returns a negative code (-XAPIAN_E_...) when it returns int, or NULL
 *    when it returns a pointer, and fills *err with Xapian's exception class
 *    and message.  On success *err is left untouched.  Filling *err never
 *    allocates, so the error path works when memory has run out.
 *
 *  - Strings passed in are UTF-8 and NUL-terminated unless a length travels
 *    with them (document text, data and values may hold NUL bytes).  Strings
 *    returned as `char *` are the caller's, NUL-terminated, and freed with
 *    free(); where a length out-parameter exists it gives the size without
 *    the terminator.  A returned `const char *` is borrowed from the handle
 *    and valid until the next call on that handle or its release.
 *
 *  - Handles are not thread-safe: use each from one thread at a time (as with
 *    Xapian's own objects).  Different handles may be used in different
 *    threads concurrently.
 */
#ifndef DOSSIER_XAPIAN_C_H
#define DOSSIER_XAPIAN_C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
/* Every function is noexcept: no C++ exception leaves the binding. */
#define XAPIAN_C_NOEXCEPT noexcept
extern "C" {
#else
#define XAPIAN_C_NOEXCEPT
#endif

/* Integer types, the same widths as Xapian's own (checked in xapian-c.cc). */
typedef uint32_t xapian_docid;
typedef uint32_t xapian_doccount;
typedef uint32_t xapian_termcount;
typedef uint32_t xapian_termpos;
typedef uint32_t xapian_valueno;
typedef uint64_t xapian_rev;

/* Xapian::BAD_VALUENO: "no value slot", e.g. no collapse key. */
#define XAPIAN_BAD_VALUENO ((xapian_valueno)-1)

/* ------------------------------------------------------------------------- */
/* Errors                                                                    */
/* ------------------------------------------------------------------------- */

/*
 * One code per Xapian exception class, plus out-of-memory and "some other
 * exception".  xapian_error_is_a() answers questions about Xapian's class
 * hierarchy (every DATABASE_NOT_FOUND is a DATABASE_OPENING and a DATABASE).
 */
enum xapian_error_code {
	XAPIAN_OK = 0,
	XAPIAN_E_NO_MEMORY,		/* std::bad_alloc */
	XAPIAN_E_UNKNOWN,		/* a C++ exception Xapian doesn't name */
	XAPIAN_E_LOGIC,			/* Xapian::LogicError (abstract) */
	XAPIAN_E_ASSERTION,
	XAPIAN_E_INVALID_ARGUMENT,	/* also: bad arguments to this API */
	XAPIAN_E_INVALID_OPERATION,
	XAPIAN_E_UNIMPLEMENTED,
	XAPIAN_E_RUNTIME,		/* Xapian::RuntimeError (abstract) */
	XAPIAN_E_DATABASE,
	XAPIAN_E_DATABASE_CORRUPT,
	XAPIAN_E_DATABASE_CREATE,
	XAPIAN_E_DATABASE_LOCK,
	XAPIAN_E_DATABASE_MODIFIED,
	XAPIAN_E_DATABASE_OPENING,
	XAPIAN_E_DATABASE_VERSION,
	XAPIAN_E_DATABASE_NOT_FOUND,
	XAPIAN_E_DATABASE_CLOSED,
	XAPIAN_E_DOC_NOT_FOUND,
	XAPIAN_E_FEATURE_UNAVAILABLE,
	XAPIAN_E_INTERNAL,
	XAPIAN_E_NETWORK,
	XAPIAN_E_NETWORK_TIMEOUT,
	XAPIAN_E_QUERY_PARSER,
	XAPIAN_E_SERIALISATION,
	XAPIAN_E_RANGE,
	XAPIAN_E_WILDCARD,
	XAPIAN_E__COUNT
};

/*
 * What went wrong, filled by a failing call.  `type` is Xapian's class name
 * ("DatabaseNotFoundError"), `message` Xapian's message followed by its
 * context and system error where Xapian gives them.  Both are always
 * NUL-terminated, truncated if need be.
 */
struct xapian_error {
	int code;		/* enum xapian_error_code, positive */
	char type[40];
	char message[472];
};

/* Whether the class `code` is `ancestor` or derives from it. */
bool xapian_error_is_a(int code, int ancestor) XAPIAN_C_NOEXCEPT;

/* Xapian's class name for an error code ("DatabaseLockError"); never NULL. */
const char *xapian_error_code_name(int code) XAPIAN_C_NOEXCEPT;

/* The version of libxapian in use at run time, e.g. "1.4.22". */
const char *xapian_version_string(void) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Term iterators: one handle type for every list of terms Xapian returns    */
/* ------------------------------------------------------------------------- */

/*
 * A forward iterator over a list of terms: a document's term list, all terms
 * with a prefix, synonyms, spellings, metadata keys, the terms a document
 * matched, a query parser's stop list or unstem map, a match spy's values.
 * Positioned before the first term; call _next() to advance.
 */
struct xapian_term_iterator;

/*
 * Advance to the next term.  Returns 1 and sets *term (borrowed until the
 * next call) and *len (may be NULL) when there is one, 0 at the end, or a
 * negative code on error.
 */
int xapian_term_iterator_next(struct xapian_term_iterator *it,
			      const char **term, size_t *len,
			      struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Skip to the first term >= `term` (sorted lists only: term lists, allterms).
 * Returns 1 when positioned on a term (fetch it with _current), 0 at the end.
 */
int xapian_term_iterator_skip_to(struct xapian_term_iterator *it,
				 const char *term,
				 struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The term the iterator is on after _skip_to() (borrowed), or NULL. */
const char *xapian_term_iterator_current(const struct xapian_term_iterator *it,
					 size_t *len) XAPIAN_C_NOEXCEPT;

/*
 * For the current term: its wdf (within-document frequency, for document term
 * lists) and its term frequency (number of documents; for a match spy, the
 * number of matching documents with that value).  Return 0 or a negative code.
 */
int xapian_term_iterator_get_wdf(const struct xapian_term_iterator *it,
				 xapian_termcount *wdf,
				 struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_term_iterator_get_termfreq(const struct xapian_term_iterator *it,
				      xapian_doccount *freq,
				      struct xapian_error *err)
				      XAPIAN_C_NOEXCEPT;

/*
 * The positions of the current term in a document's term list, into an
 * array the caller provides: at most `max` are written, *count says how many
 * there are in all.
 */
int xapian_term_iterator_get_positions(const struct xapian_term_iterator *it,
				       xapian_termpos *positions, size_t max,
				       size_t *count,
				       struct xapian_error *err)
				       XAPIAN_C_NOEXCEPT;

void xapian_term_iterator_free(struct xapian_term_iterator *it)
			       XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Posting iterators                                                         */
/* ------------------------------------------------------------------------- */

/* The documents indexed by one term, in docid order. */
struct xapian_postlist_iterator;

/*
 * Advance to the next document: returns 1 and sets *docid (and *wdf, may be
 * NULL), 0 at the end, or a negative code.
 */
int xapian_postlist_iterator_next(struct xapian_postlist_iterator *it,
				  xapian_docid *docid, xapian_termcount *wdf,
				  struct xapian_error *err) XAPIAN_C_NOEXCEPT;

void xapian_postlist_iterator_free(struct xapian_postlist_iterator *it)
				   XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Stemmers and stoppers                                                     */
/* ------------------------------------------------------------------------- */

struct xapian_stem;

/*
 * A stemmer for `language` ("english", "en", "french", ...; "none" or "" for
 * one that leaves words alone).  An unknown language is INVALID_ARGUMENT.
 * It remembers the stems of the last 100,000 distinct words it was given
 * (stemming is most of a term generator's work), so like every handle it
 * must not be used by two threads at once, nor be shared by a term
 * generator and a query parser used by two threads.
 */
struct xapian_stem *xapian_stem_new(const char *language,
				    struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Stem one word; the result is the caller's.  NULL on error. */
char *xapian_stem_apply(const struct xapian_stem *stem, const char *word,
			size_t len, size_t *out_len,
			struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The languages available, space-separated (a static string). */
const char *xapian_stem_get_available_languages(void) XAPIAN_C_NOEXCEPT;

void xapian_stem_free(struct xapian_stem *stem) XAPIAN_C_NOEXCEPT;

/* A list of stop words (Xapian::SimpleStopper). */
struct xapian_stopper;

struct xapian_stopper *xapian_simple_stopper_new(struct xapian_error *err)
						 XAPIAN_C_NOEXCEPT;

/* Add one stop word (as it appears in text, lower case). */
int xapian_simple_stopper_add(struct xapian_stopper *stopper, const char *word,
			      struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Whether `word` is a stop word. */
bool xapian_stopper_is_stopword(const struct xapian_stopper *stopper,
				const char *word) XAPIAN_C_NOEXCEPT;

void xapian_stopper_free(struct xapian_stopper *stopper) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Documents                                                                 */
/* ------------------------------------------------------------------------- */

struct xapian_document;

struct xapian_document *xapian_document_new(struct xapian_error *err)
					    XAPIAN_C_NOEXCEPT;

/* The document's data blob (Dossier keeps the display record there). */
int xapian_document_set_data(struct xapian_document *doc, const char *data,
			     size_t len,
			     struct xapian_error *err) XAPIAN_C_NOEXCEPT;
char *xapian_document_get_data(const struct xapian_document *doc,
			       size_t *len,
			       struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Add a term without positions, increasing its wdf by `wdf_inc` (usually 1).
 * A term longer than Xapian's limit (245 bytes) fails when the document is
 * added to a database, not here.
 */
int xapian_document_add_term(struct xapian_document *doc, const char *term,
			     xapian_termcount wdf_inc,
			     struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Add an occurrence of `term` at position `pos`, increasing wdf by wdf_inc. */
int xapian_document_add_posting(struct xapian_document *doc, const char *term,
				xapian_termpos pos, xapian_termcount wdf_inc,
				struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Add a boolean term: no positions, wdf 0, for filtering only. */
int xapian_document_add_boolean_term(struct xapian_document *doc,
				     const char *term,
				     struct xapian_error *err)
				     XAPIAN_C_NOEXCEPT;

/* Remove a term and all its postings; INVALID_ARGUMENT if absent. */
int xapian_document_remove_term(struct xapian_document *doc, const char *term,
				struct xapian_error *err) XAPIAN_C_NOEXCEPT;

int xapian_document_clear_terms(struct xapian_document *doc,
				struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Number of distinct terms in the document. */
int xapian_document_termlist_count(const struct xapian_document *doc,
				   xapian_termcount *count,
				   struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The document's terms in sorted order. */
struct xapian_term_iterator *
xapian_document_termlist(const struct xapian_document *doc,
			 struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Set a value slot (binary-safe); an empty value removes the slot. */
int xapian_document_add_value(struct xapian_document *doc,
			      xapian_valueno slot, const char *value,
			      size_t len,
			      struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* A value slot's content, "" when unset.  The result is the caller's. */
char *xapian_document_get_value(const struct xapian_document *doc,
				xapian_valueno slot, size_t *len,
				struct xapian_error *err) XAPIAN_C_NOEXCEPT;

int xapian_document_values_count(const struct xapian_document *doc,
				 xapian_termcount *count,
				 struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The docid of a document read from a database; 0 for a new one. */
xapian_docid xapian_document_get_docid(const struct xapian_document *doc)
				       XAPIAN_C_NOEXCEPT;

void xapian_document_free(struct xapian_document *doc) XAPIAN_C_NOEXCEPT;

/*
 * Encode a number as a string that sorts (bytewise) in numeric order, for
 * value slots used in sorting or ranges.  `buf` must hold at least 18 bytes;
 * returns the length written.
 */
size_t xapian_sortable_serialise(double value, char buf[18]) XAPIAN_C_NOEXCEPT;
double xapian_sortable_unserialise(const char *buf,
				   size_t len) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Databases                                                                 */
/* ------------------------------------------------------------------------- */

struct xapian_database;

/*
 * Open a database for reading.  `path` is a database directory or a stub
 * file listing several (each line "auto PATH", "glass PATH" or
 * "remote HOST:PORT"), which then searches as one.  No such database is
 * DATABASE_NOT_FOUND; one that exists but can't be read DATABASE_OPENING.
 */
struct xapian_database *xapian_database_open(const char *path,
					     struct xapian_error *err)
					     XAPIAN_C_NOEXCEPT;

/*
 * Open a database served by xapian-tcpsrv at host:port.  timeout_ms bounds
 * each operation and connect_timeout_ms the connection (0 = Xapian's
 * defaults of 10 s).  A server that doesn't answer is NETWORK or
 * NETWORK_TIMEOUT.
 */
struct xapian_database *xapian_database_open_remote(const char *host,
						    unsigned port,
						    unsigned timeout_ms,
						    unsigned connect_timeout_ms,
						    struct xapian_error *err)
						    XAPIAN_C_NOEXCEPT;

/* An empty database with no shards; add shards with _add_database. */
struct xapian_database *xapian_database_new_empty(struct xapian_error *err)
						  XAPIAN_C_NOEXCEPT;

/*
 * Add all the shards of `other` to `db`, so that db searches them together
 * (Xapian combines their statistics).  `other` may be freed afterwards.
 */
int xapian_database_add_database(struct xapian_database *db,
				 const struct xapian_database *other,
				 struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Number of shards (sub-databases) in `db`. */
size_t xapian_database_shard_count(const struct xapian_database *db)
				   XAPIAN_C_NOEXCEPT;

/*
 * Move to the latest committed revision.  Returns 1 if that changed
 * anything, 0 if already there, or a negative code.  This is the remedy for
 * DATABASE_MODIFIED: reopen, then run the search again.
 */
int xapian_database_reopen(struct xapian_database *db,
			   struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Close early, releasing files and locks; later calls give DATABASE_CLOSED. */
int xapian_database_close(struct xapian_database *db,
			  struct xapian_error *err) XAPIAN_C_NOEXCEPT;

int xapian_database_get_doccount(const struct xapian_database *db,
				 xapian_doccount *count,
				 struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_database_get_lastdocid(const struct xapian_database *db,
				  xapian_docid *docid,
				  struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_database_get_avlength(const struct xapian_database *db,
				 double *avlength,
				 struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_database_get_termfreq(const struct xapian_database *db,
				 const char *term, xapian_doccount *freq,
				 struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_database_get_collection_freq(const struct xapian_database *db,
					const char *term,
					xapian_termcount *freq,
					struct xapian_error *err)
					XAPIAN_C_NOEXCEPT;
int xapian_database_get_doclength(const struct xapian_database *db,
				  xapian_docid docid, xapian_termcount *len,
				  struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Returns 1 if the term indexes any document, 0 if not, or a negative code. */
int xapian_database_term_exists(const struct xapian_database *db,
				const char *term,
				struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Whether any document has positional information: 1, 0 or negative. */
int xapian_database_has_positions(const struct xapian_database *db,
				  struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The revision of a single local shard (0 for an empty new database). */
int xapian_database_get_revision(const struct xapian_database *db,
				 xapian_rev *rev,
				 struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The database's UUID as text, or "" when it has none; caller's. */
char *xapian_database_get_uuid(const struct xapian_database *db,
			       struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Fetch document `docid`.  A missing one is DOC_NOT_FOUND.  The handle is
 * the caller's and stays valid after the database is freed (its content is
 * loaded lazily, so read it before the database moves on).
 */
struct xapian_document *xapian_database_get_document(
	const struct xapian_database *db, xapian_docid docid,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Every term starting with `prefix` ("" for all), in sorted order. */
struct xapian_term_iterator *
xapian_database_allterms(const struct xapian_database *db, const char *prefix,
			 struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The terms of document `docid`, read from the database's term list. */
struct xapian_term_iterator *
xapian_database_termlist(const struct xapian_database *db, xapian_docid docid,
			 struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The documents `term` indexes. */
struct xapian_postlist_iterator *
xapian_database_postlist(const struct xapian_database *db, const char *term,
			 struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * The best spelling correction for `word` from the database's spelling
 * table, within `max_edit_distance` edits (2 is Xapian's default).  Returns
 * the caller's string, "" when there is none, NULL on error.
 */
char *xapian_database_get_spelling_suggestion(const struct xapian_database *db,
					      const char *word,
					      unsigned max_edit_distance,
					      struct xapian_error *err)
					      XAPIAN_C_NOEXCEPT;

/* The words in the spelling table (termfreq = their frequency). */
struct xapian_term_iterator *
xapian_database_spellings(const struct xapian_database *db,
			  struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The synonyms of `term`, and the terms that have synonyms (by prefix). */
struct xapian_term_iterator *
xapian_database_synonyms(const struct xapian_database *db, const char *term,
			 struct xapian_error *err) XAPIAN_C_NOEXCEPT;
struct xapian_term_iterator *
xapian_database_synonym_keys(const struct xapian_database *db,
			     const char *prefix,
			     struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* User metadata (binary-safe): "" for an absent key.  Caller's string. */
char *xapian_database_get_metadata(const struct xapian_database *db,
				   const char *key, size_t *len,
				   struct xapian_error *err) XAPIAN_C_NOEXCEPT;
struct xapian_term_iterator *
xapian_database_metadata_keys(const struct xapian_database *db,
			      const char *prefix,
			      struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Check the database at `path` (a directory or stub file, as xapian-check
 * does) and store the number of errors found in *errors.  A database too
 * broken to be opened is a negative code.
 */
int xapian_database_check(const char *path, size_t *errors,
			  struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Options of xapian_database_compact() (Xapian's DBCOMPACT_* values). */
enum {
	XAPIAN_DBCOMPACT_STANDARD = 0,	/* compact fairly tightly (default) */
	XAPIAN_DBCOMPACT_FULL = 1,	/* Xapian::Compactor::FULL */
	XAPIAN_DBCOMPACT_FULLER = 2,	/* Xapian::Compactor::FULLER */
	XAPIAN_DBCOMPACT_NO_RENUMBER = 4,
	XAPIAN_DBCOMPACT_MULTIPASS = 8,
	XAPIAN_DBCOMPACT_SINGLE_FILE = 16
};

/*
 * Write a compacted copy of `db` (all its shards merged) to `output`, which
 * must not exist yet.  `flags` are XAPIAN_DBCOMPACT_*; block_size 0 means
 * Xapian's default.
 */
int xapian_database_compact(const struct xapian_database *db,
			    const char *output, unsigned flags,
			    unsigned block_size,
			    struct xapian_error *err) XAPIAN_C_NOEXCEPT;

void xapian_database_free(struct xapian_database *db) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Writable databases                                                        */
/* ------------------------------------------------------------------------- */

/* How xapian_writable_database_open() treats the path (Xapian's DB_*). */
enum {
	XAPIAN_DB_CREATE_OR_OPEN = 0x00,
	XAPIAN_DB_CREATE_OR_OVERWRITE = 0x01,
	XAPIAN_DB_CREATE = 0x02,
	XAPIAN_DB_OPEN = 0x03,
	/* Flags to OR in. */
	XAPIAN_DB_FULL_SYNC = 0x08,	/* fsync harder (F_FULLFSYNC) */
	XAPIAN_DB_RETRY_LOCK = 0x40,	/* wait for the lock, don't fail */
	XAPIAN_DB_BACKEND_GLASS = 0x100,
	XAPIAN_DB_BACKEND_STUB = 0x300,
	XAPIAN_DB_BACKEND_INMEMORY = 0x400
};

struct xapian_writable_database;

/*
 * Open (or create, per `flags`) a database for writing.  Only one writer may
 * hold a database: a second gets DATABASE_LOCK at once unless
 * XAPIAN_DB_RETRY_LOCK asks it to wait.  The flags that trade away crash
 * safety (DB_NO_SYNC, DB_DANGEROUS) are deliberately not offered.
 */
struct xapian_writable_database *
xapian_writable_database_open(const char *path, int flags,
			      struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * The database as a read-only handle (borrowed, lives as long as `wdb`): it
 * sees the writer's uncommitted changes.
 */
struct xapian_database *
xapian_writable_database_database(struct xapian_writable_database *wdb)
				  XAPIAN_C_NOEXCEPT;

/*
 * Make all changes since the last commit durable and visible to readers, in
 * one atomic step.  If it fails (disk full...), the pending changes are
 * discarded and the previous revision stays intact.
 */
int xapian_writable_database_commit(struct xapian_writable_database *wdb,
				    struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Transactions: the changes between begin and commit_transaction become
 * visible atomically.  `flushed` true also commits changes made before the
 * transaction began and makes the transaction's end a commit.
 */
int xapian_writable_database_begin_transaction(
	struct xapian_writable_database *wdb, bool flushed,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_writable_database_commit_transaction(
	struct xapian_writable_database *wdb,
						struct xapian_error *err)
						XAPIAN_C_NOEXCEPT;
int xapian_writable_database_cancel_transaction(
	struct xapian_writable_database *wdb,
						struct xapian_error *err)
						XAPIAN_C_NOEXCEPT;

int xapian_writable_database_add_document(struct xapian_writable_database *wdb,
					  const struct xapian_document *doc,
					  xapian_docid *docid,
					  struct xapian_error *err)
					  XAPIAN_C_NOEXCEPT;

/* Replace document `docid` (adding it if it doesn't exist). */
int xapian_writable_database_replace_document(
	struct xapian_writable_database *wdb, xapian_docid docid,
	const struct xapian_document *doc,
					      struct xapian_error *err)
					      XAPIAN_C_NOEXCEPT;

/*
 * Replace the document indexed by `unique_term` (a "Q" id term), or add
 * `doc` if there is none.  *docid (may be NULL) receives its docid.  `doc`
 * should itself carry the unique term.
 */
int xapian_writable_database_replace_document_by_term(
	struct xapian_writable_database *wdb, const char *unique_term,
	const struct xapian_document *doc, xapian_docid *docid,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;

int xapian_writable_database_delete_document(
	struct xapian_writable_database *wdb, xapian_docid docid,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Delete every document indexed by `term`; none is not an error. */
int xapian_writable_database_delete_document_by_term(
	struct xapian_writable_database *wdb, const char *term,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Spelling table: add `word` with frequency increment `freq_inc`. */
int xapian_writable_database_add_spelling(struct xapian_writable_database *wdb,
					  const char *word,
					  xapian_termcount freq_inc,
					  struct xapian_error *err)
					  XAPIAN_C_NOEXCEPT;
int xapian_writable_database_remove_spelling(
	struct xapian_writable_database *wdb, const char *word,
	xapian_termcount freq_dec, struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Synonym table.  `term` is the key (a stemmed term "Zword", a word, or a
 * space-separated phrase for multi-word synonyms); `synonym` one expansion.
 */
int xapian_writable_database_add_synonym(struct xapian_writable_database *wdb,
					 const char *term, const char *synonym,
					 struct xapian_error *err)
					 XAPIAN_C_NOEXCEPT;
int xapian_writable_database_remove_synonym(
	struct xapian_writable_database *wdb, const char *term,
	const char *synonym, struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_writable_database_clear_synonyms(
	struct xapian_writable_database *wdb, const char *term,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* User metadata (binary-safe); an empty value deletes the key. */
int xapian_writable_database_set_metadata(struct xapian_writable_database *wdb,
					  const char *key, const char *value,
					  size_t len,
					  struct xapian_error *err)
					  XAPIAN_C_NOEXCEPT;

/*
 * Close the database: commits pending changes (unless a transaction is
 * open, which is cancelled) and releases the lock.  Freeing without closing
 * does the same but cannot report a failed commit, so call this.
 */
int xapian_writable_database_close(struct xapian_writable_database *wdb,
				   struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Give the database up without committing: for a database whose commit
 * failed, on which Xapian may no longer be able to write safely.  What was
 * not committed is dropped (an unflushed transaction is begun and closing
 * cancels it) and the lock is released; nothing is reported, since the
 * failure already was.  Free it afterwards.
 */
void xapian_writable_database_abandon(struct xapian_writable_database *wdb)
				      XAPIAN_C_NOEXCEPT;

void xapian_writable_database_free(struct xapian_writable_database *wdb)
				   XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Term generator: text -> terms with positions                              */
/* ------------------------------------------------------------------------- */

enum {
	XAPIAN_TG_FLAG_SPELLING = 128,	/* add words to the spelling table */
	XAPIAN_TG_FLAG_CJK_NGRAM = 2048
};

/* Stemming strategies (TermGenerator and QueryParser share the values). */
enum xapian_stem_strategy {
	XAPIAN_STEM_NONE,
	XAPIAN_STEM_SOME,	/* stemmed terms with a Z prefix, plus words */
	XAPIAN_STEM_ALL,
	XAPIAN_STEM_ALL_Z,
	XAPIAN_STEM_SOME_FULL_POS
};

enum xapian_stop_strategy {
	XAPIAN_STOP_NONE,	/* index stop words */
	XAPIAN_STOP_ALL,	/* skip them */
	XAPIAN_STOP_STEMMED	/* index them unstemmed only */
};

struct xapian_term_generator;

struct xapian_term_generator *
xapian_term_generator_new(struct xapian_error *err) XAPIAN_C_NOEXCEPT;

int xapian_term_generator_set_stemmer(struct xapian_term_generator *tg,
				      const struct xapian_stem *stem,
				      struct xapian_error *err)
				      XAPIAN_C_NOEXCEPT;
int xapian_term_generator_set_stemming_strategy(
	struct xapian_term_generator *tg, enum xapian_stem_strategy strategy,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;
/* NULL removes the stopper. */
int xapian_term_generator_set_stopper(struct xapian_term_generator *tg,
				      const struct xapian_stopper *stopper,
				      struct xapian_error *err)
				      XAPIAN_C_NOEXCEPT;
int xapian_term_generator_set_stopper_strategy(
	struct xapian_term_generator *tg, enum xapian_stop_strategy strategy,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* XAPIAN_TG_FLAG_* to set; spelling also needs _set_database. */
int xapian_term_generator_set_flags(struct xapian_term_generator *tg,
				    unsigned flags,
				    struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The database whose spelling table FLAG_SPELLING feeds. */
int xapian_term_generator_set_database(struct xapian_term_generator *tg,
				       struct xapian_writable_database *wdb,
				       struct xapian_error *err)
				       XAPIAN_C_NOEXCEPT;

/* Words longer than this (in bytes) are skipped; Xapian's default is 64. */
int xapian_term_generator_set_max_word_length(struct xapian_term_generator *tg,
					      unsigned max_word_length,
					      struct xapian_error *err)
					      XAPIAN_C_NOEXCEPT;

/*
 * Index into `doc` from now on.  The term generator shares the document: the
 * caller still owns (and frees) `doc`, and sees the terms added to it.  The
 * term position restarts at 0.  NULL lets go of the document it held: do
 * so before handing that document to another thread, since Xapian counts
 * references to it without atomics.
 */
int xapian_term_generator_set_document(struct xapian_term_generator *tg,
				       struct xapian_document *doc,
				       struct xapian_error *err)
				       XAPIAN_C_NOEXCEPT;

/*
 * Index UTF-8 text: each word's term (with `prefix`, which may be "") gets
 * its positions and wdf_inc added; with a stemmer, stemmed "Z" terms too.
 */
int xapian_term_generator_index_text(struct xapian_term_generator *tg,
				     const char *text, size_t len,
				     xapian_termcount wdf_inc,
				     const char *prefix,
				     struct xapian_error *err)
				     XAPIAN_C_NOEXCEPT;

/* The same without positions (for fields not searched by phrase). */
int xapian_term_generator_index_text_without_positions(
	struct xapian_term_generator *tg, const char *text, size_t len,
	xapian_termcount wdf_inc, const char *prefix,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Leave a gap in positions so phrases don't match across it (e.g. 100). */
int xapian_term_generator_increase_termpos(struct xapian_term_generator *tg,
					   xapian_termpos delta,
					   struct xapian_error *err)
					   XAPIAN_C_NOEXCEPT;
int xapian_term_generator_get_termpos(const struct xapian_term_generator *tg,
				      xapian_termpos *pos,
				      struct xapian_error *err)
				      XAPIAN_C_NOEXCEPT;
int xapian_term_generator_set_termpos(struct xapian_term_generator *tg,
				      xapian_termpos pos,
				      struct xapian_error *err)
				      XAPIAN_C_NOEXCEPT;

void xapian_term_generator_free(struct xapian_term_generator *tg)
				XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Queries                                                                   */
/* ------------------------------------------------------------------------- */

/* Query operators (Xapian::Query::op, same values). */
enum xapian_query_op {
	XAPIAN_QUERY_OP_AND = 0,
	XAPIAN_QUERY_OP_OR = 1,
	XAPIAN_QUERY_OP_AND_NOT = 2,
	XAPIAN_QUERY_OP_XOR = 3,
	XAPIAN_QUERY_OP_AND_MAYBE = 4,
	XAPIAN_QUERY_OP_FILTER = 5,
	XAPIAN_QUERY_OP_NEAR = 6,
	XAPIAN_QUERY_OP_PHRASE = 7,
	XAPIAN_QUERY_OP_VALUE_RANGE = 8,
	XAPIAN_QUERY_OP_SCALE_WEIGHT = 9,
	XAPIAN_QUERY_OP_ELITE_SET = 10,
	XAPIAN_QUERY_OP_VALUE_GE = 11,
	XAPIAN_QUERY_OP_VALUE_LE = 12,
	XAPIAN_QUERY_OP_SYNONYM = 13,
	XAPIAN_QUERY_OP_MAX = 14,
	XAPIAN_QUERY_OP_WILDCARD = 15
};

/* How a wildcard that matches too many terms is limited. */
enum xapian_wildcard_limit {
	XAPIAN_WILDCARD_LIMIT_ERROR = 0,	/* WILDCARD error */
	XAPIAN_WILDCARD_LIMIT_FIRST = 1,	/* first N by term order */
	XAPIAN_WILDCARD_LIMIT_MOST_FREQUENT = 2	/* N most frequent */
};

struct xapian_query;

/* A query for one term, with query-term frequency `wqf` and position. */
struct xapian_query *xapian_query_new_term(const char *term,
					   xapian_termcount wqf,
					   xapian_termpos pos,
					   struct xapian_error *err)
					   XAPIAN_C_NOEXCEPT;

/*
 * Combine `n` subqueries with `op` (AND, OR, AND_NOT, XOR, AND_MAYBE, FILTER,
 * NEAR, PHRASE, ELITE_SET, SYNONYM, MAX).  `param` is the window for
 * NEAR/PHRASE (0: the number of subqueries) or the set size for ELITE_SET.
 * The subqueries are copied: the caller still frees them.
 */
struct xapian_query *xapian_query_new_combine(enum xapian_query_op op,
					      struct xapian_query *const *subs,
					      size_t n, xapian_termcount param,
					      struct xapian_error *err)
					      XAPIAN_C_NOEXCEPT;

/* Scale the weight of `sub` by `factor` (>= 0). */
struct xapian_query *xapian_query_new_scale_weight(
	const struct xapian_query *sub, double factor,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Documents whose value in `slot` lies in [begin, end] (bytewise). */
struct xapian_query *xapian_query_new_value_range(xapian_valueno slot,
						  const char *begin,
						  size_t begin_len,
						  const char *end,
						  size_t end_len,
						  struct xapian_error *err)
						  XAPIAN_C_NOEXCEPT;

/* VALUE_GE or VALUE_LE against `limit`. */
struct xapian_query *xapian_query_new_value_compare(enum xapian_query_op op,
						    xapian_valueno slot,
						    const char *limit,
						    size_t len,
						    struct xapian_error *err)
						    XAPIAN_C_NOEXCEPT;

/*
 * Every term starting with `pattern`, expanded when the match runs, limited
 * to `max_expansion` terms (0 = unlimited) in the way `limit` says.
 */
struct xapian_query *xapian_query_new_wildcard(const char *pattern,
					       xapian_termcount max_expansion,
					       enum xapian_wildcard_limit limit,
					       struct xapian_error *err)
					       XAPIAN_C_NOEXCEPT;

/* Every document (Xapian::Query::MatchAll), and no document (MatchNothing). */
struct xapian_query *xapian_query_new_match_all(struct xapian_error *err)
						XAPIAN_C_NOEXCEPT;
struct xapian_query *xapian_query_new_match_nothing(struct xapian_error *err)
						    XAPIAN_C_NOEXCEPT;

struct xapian_query *xapian_query_copy(const struct xapian_query *q,
				       struct xapian_error *err)
				       XAPIAN_C_NOEXCEPT;

/* Whether the query matches nothing by construction (an empty query). */
bool xapian_query_empty(const struct xapian_query *q) XAPIAN_C_NOEXCEPT;

/* Number of terms in the query (Query::get_length). */
xapian_termcount xapian_query_get_length(const struct xapian_query *q)
					 XAPIAN_C_NOEXCEPT;

/* The query's terms, deduplicated and sorted. */
struct xapian_term_iterator *
xapian_query_terms(const struct xapian_query *q,
		   struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Xapian's description, e.g. "Query((Zconsult@1 OR Zperiod@2))". */
char *xapian_query_get_description(const struct xapian_query *q,
				   struct xapian_error *err) XAPIAN_C_NOEXCEPT;

void xapian_query_free(struct xapian_query *q) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Query parser                                                              */
/* ------------------------------------------------------------------------- */

/* QueryParser::feature_flag values. */
enum {
	XAPIAN_QP_FLAG_BOOLEAN = 1,
	XAPIAN_QP_FLAG_PHRASE = 2,
	XAPIAN_QP_FLAG_LOVEHATE = 4,
	XAPIAN_QP_FLAG_BOOLEAN_ANY_CASE = 8,
	XAPIAN_QP_FLAG_WILDCARD = 16,
	XAPIAN_QP_FLAG_PURE_NOT = 32,
	XAPIAN_QP_FLAG_PARTIAL = 64,
	XAPIAN_QP_FLAG_SPELLING_CORRECTION = 128,
	XAPIAN_QP_FLAG_SYNONYM = 256,
	XAPIAN_QP_FLAG_AUTO_SYNONYMS = 512,
	XAPIAN_QP_FLAG_AUTO_MULTIWORD_SYNONYMS = 1024,
	XAPIAN_QP_FLAG_CJK_NGRAM = 2048,
	XAPIAN_QP_FLAG_DEFAULT = 1 | 2 | 4
};

/* Range processor flags (Xapian::RP_*). */
enum {
	XAPIAN_RP_SUFFIX = 1,		/* `str` is a suffix, not a prefix */
	XAPIAN_RP_REPEATED = 2,		/* str may be on both ends */
	XAPIAN_RP_DATE_PREFER_MDY = 4	/* 01/02/2012 is 2 January */
};

struct xapian_query_parser;

struct xapian_query_parser *xapian_query_parser_new(struct xapian_error *err)
						    XAPIAN_C_NOEXCEPT;

int xapian_query_parser_set_stemmer(struct xapian_query_parser *qp,
				    const struct xapian_stem *stem,
				    struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_query_parser_set_stemming_strategy(
	struct xapian_query_parser *qp, enum xapian_stem_strategy strategy,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;
/* NULL removes the stopper. */
int xapian_query_parser_set_stopper(struct xapian_query_parser *qp,
				    const struct xapian_stopper *stopper,
				    struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The operator between words with none: OR (Xapian's default) or AND... */
int xapian_query_parser_set_default_op(struct xapian_query_parser *qp,
				       enum xapian_query_op op,
				       struct xapian_error *err)
				       XAPIAN_C_NOEXCEPT;

/* The database for wildcards, spelling correction and synonyms. */
int xapian_query_parser_set_database(struct xapian_query_parser *qp,
				     const struct xapian_database *db,
				     struct xapian_error *err)
				     XAPIAN_C_NOEXCEPT;

/*
 * Bound what wildcards and partial terms expand to (Xapian's default is no
 * bound at all): at most `max_expansion` terms, chosen as `limit` says.
 */
int xapian_query_parser_set_max_expansion(struct xapian_query_parser *qp,
					  xapian_termcount max_expansion,
					  enum xapian_wildcard_limit limit,
					  unsigned flags,
					  struct xapian_error *err)
					  XAPIAN_C_NOEXCEPT;

/*
 * `field:` in a query searches terms with `prefix` as free text.  A field
 * may be given several prefixes (searched together).
 */
int xapian_query_parser_add_prefix(struct xapian_query_parser *qp,
				   const char *field, const char *prefix,
				   struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * `field:value` filters on the boolean term prefix+value.  Filters with the
 * same `grouping` (NULL: the field name) are ORed together, different
 * groups ANDed; "" gives every filter a group of its own, so that two
 * values of the same field are ANDed.
 */
int xapian_query_parser_add_boolean_prefix(struct xapian_query_parser *qp,
					   const char *field,
					   const char *prefix,
					   const char *grouping,
					   struct xapian_error *err)
					   XAPIAN_C_NOEXCEPT;

/*
 * Ranges "a..b" on value slot `slot`.  `str` ("" for none) is a prefix
 * ("date:") or with XAPIAN_RP_SUFFIX a suffix ("kg") that must be present.
 *   _date: dates (YYYYMMDD or YYYY-MM-DD, or D/M/Y) to match values stored as
 *          YYYYMMDD; two-digit years before epoch_year are 20xx (e.g. 1970);
 *   _number: numbers, matched against xapian_sortable_serialise() values;
 *   _string: the text as given, compared bytewise.
 */
int xapian_query_parser_add_date_range(struct xapian_query_parser *qp,
				       xapian_valueno slot, const char *str,
				       unsigned flags, int epoch_year,
				       struct xapian_error *err)
				       XAPIAN_C_NOEXCEPT;
int xapian_query_parser_add_number_range(struct xapian_query_parser *qp,
					 xapian_valueno slot, const char *str,
					 unsigned flags,
					 struct xapian_error *err)
					 XAPIAN_C_NOEXCEPT;
int xapian_query_parser_add_string_range(struct xapian_query_parser *qp,
					 xapian_valueno slot, const char *str,
					 unsigned flags,
					 struct xapian_error *err)
					 XAPIAN_C_NOEXCEPT;

/*
 * A range handled by C code.  The callback receives the two ends of "a..b"
 * (either may be "", `str` already stripped) and returns a new query for
 * the range, or NULL when it doesn't recognise them (the next range
 * processor is tried, then it is a QUERY_PARSER error).  The parser frees
 * the returned query.  `ctx` must outlive the parser.
 */
typedef struct xapian_query *(*xapian_range_fn)(void *ctx, const char *begin,
						const char *end);
int xapian_query_parser_add_range_callback(struct xapian_query_parser *qp,
					   xapian_valueno slot,
					   const char *str, unsigned flags,
					   xapian_range_fn fn, void *ctx,
					   struct xapian_error *err)
					   XAPIAN_C_NOEXCEPT;

/*
 * Parse `query_string` with `flags` (XAPIAN_QP_FLAG_*; 0 means
 * XAPIAN_QP_FLAG_DEFAULT), words without a field using `default_prefix`
 * (NULL or "" for none).  A syntax error is QUERY_PARSER with Xapian's
 * explanation; too many wildcard expansions is WILDCARD.
 */
struct xapian_query *xapian_query_parser_parse_query(
	struct xapian_query_parser *qp, const char *query_string,
	unsigned flags, const char *default_prefix,
						     struct xapian_error *err)
						     XAPIAN_C_NOEXCEPT;

/*
 * After a parse with XAPIAN_QP_FLAG_SPELLING_CORRECTION: the query string
 * with misspelt words corrected, "" when nothing was corrected.
 */
char *xapian_query_parser_get_corrected_query_string(
	const struct xapian_query_parser *qp,
						     struct xapian_error *err)
						     XAPIAN_C_NOEXCEPT;

/* The stop words the last parse dropped. */
struct xapian_term_iterator *
xapian_query_parser_stoplist(const struct xapian_query_parser *qp,
			     struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The words of the last parse that were stemmed to `term`. */
struct xapian_term_iterator *
xapian_query_parser_unstem(const struct xapian_query_parser *qp,
			   const char *term,
			   struct xapian_error *err) XAPIAN_C_NOEXCEPT;

void xapian_query_parser_free(struct xapian_query_parser *qp) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Match spies: facet counts                                                 */
/* ------------------------------------------------------------------------- */

/* Counts the values in one slot over the documents a match looks at. */
struct xapian_value_count_match_spy;

struct xapian_value_count_match_spy *
xapian_value_count_match_spy_new(xapian_valueno slot,
				 struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Number of documents the spy has seen. */
size_t xapian_value_count_match_spy_get_total(
	const struct xapian_value_count_match_spy *spy) XAPIAN_C_NOEXCEPT;

/*
 * The `max` most frequent values (all values in value order if max is 0);
 * the iterator's termfreq is each value's count.
 */
struct xapian_term_iterator *
xapian_value_count_match_spy_values(
	const struct xapian_value_count_match_spy *spy, size_t max,
	struct xapian_error *err) XAPIAN_C_NOEXCEPT;

void xapian_value_count_match_spy_free(
	struct xapian_value_count_match_spy *spy) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Relevance sets and expand sets (documents like this one)                  */
/* ------------------------------------------------------------------------- */

struct xapian_rset;

struct xapian_rset *xapian_rset_new(struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_rset_add_document(struct xapian_rset *rset, xapian_docid docid,
			     struct xapian_error *err) XAPIAN_C_NOEXCEPT;
void xapian_rset_free(struct xapian_rset *rset) XAPIAN_C_NOEXCEPT;

/* The terms that best describe a relevance set, best first. */
struct xapian_eset;

size_t xapian_eset_size(const struct xapian_eset *eset) XAPIAN_C_NOEXCEPT;
/* Term at index i (borrowed from the eset) and its weight, or NULL. */
const char *xapian_eset_get_term(const struct xapian_eset *eset, size_t i,
				 double *weight) XAPIAN_C_NOEXCEPT;
void xapian_eset_free(struct xapian_eset *eset) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Enquire: run a query                                                      */
/* ------------------------------------------------------------------------- */

struct xapian_enquire;
struct xapian_mset;

struct xapian_enquire *xapian_enquire_new(const struct xapian_database *db,
					  struct xapian_error *err)
					  XAPIAN_C_NOEXCEPT;

/* The query to run; qlen 0 means the query's own length. */
int xapian_enquire_set_query(struct xapian_enquire *enq,
			     const struct xapian_query *q,
			     xapian_termcount qlen,
			     struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * BM25 with parameters k1 (term frequency saturation, Xapian's default 1),
 * k2 (0), k3 (1), b (length normalisation, 0.5), min_normlen (0.5).
 */
int xapian_enquire_set_weighting_scheme_bm25(struct xapian_enquire *enq,
					     double k1, double k2, double k3,
					     double b, double min_normlen,
					     struct xapian_error *err)
					     XAPIAN_C_NOEXCEPT;

/* Boolean weighting: every match weighs 0 (pure filtering, fastest). */
int xapian_enquire_set_weighting_scheme_bool(struct xapian_enquire *enq,
					     struct xapian_error *err)
					     XAPIAN_C_NOEXCEPT;

int xapian_enquire_set_sort_by_relevance(struct xapian_enquire *enq,
					 struct xapian_error *err)
					 XAPIAN_C_NOEXCEPT;
/* Sort by value slot: ascending unless `reverse`. */
int xapian_enquire_set_sort_by_value(struct xapian_enquire *enq,
				     xapian_valueno slot, bool reverse,
				     struct xapian_error *err)
				     XAPIAN_C_NOEXCEPT;
int xapian_enquire_set_sort_by_value_then_relevance(struct xapian_enquire *enq,
						    xapian_valueno slot,
						    bool reverse,
						    struct xapian_error *err)
						    XAPIAN_C_NOEXCEPT;
int xapian_enquire_set_sort_by_relevance_then_value(struct xapian_enquire *enq,
						    xapian_valueno slot,
						    bool reverse,
						    struct xapian_error *err)
						    XAPIAN_C_NOEXCEPT;

/*
 * Keep at most `max` documents with the same value in `slot` (e.g. a content
 * hash, to fold duplicates); XAPIAN_BAD_VALUENO turns collapsing off.
 */
int xapian_enquire_set_collapse_key(struct xapian_enquire *enq,
				    xapian_valueno slot, xapian_doccount max,
				    struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Ties in docid order: ascending (default) or descending. */
int xapian_enquire_set_docid_order_descending(struct xapian_enquire *enq,
					      bool descending,
					      struct xapian_error *err)
					      XAPIAN_C_NOEXCEPT;

/* Drop matches below `percent` of the best, or weighing less than `weight`. */
int xapian_enquire_set_cutoff(struct xapian_enquire *enq, int percent,
			      double weight,
			      struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Stop counting matches beyond the page after `seconds` (0 = no limit).  As
 * Xapian documents, this bounds the effort spent on estimates only; it does
 * not stop a match.
 */
int xapian_enquire_set_time_limit(struct xapian_enquire *enq, double seconds,
				  struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* Add a spy that sees every document the next matches consider. */
int xapian_enquire_add_matchspy(struct xapian_enquire *enq,
				struct xapian_value_count_match_spy *spy,
				struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_enquire_clear_matchspies(struct xapian_enquire *enq,
				    struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Run the match: results `first` to first+maxitems-1, counting at least
 * `check_at_least` matches exactly (for better estimates and spy counts).
 * `rset` (may be NULL) marks documents known to be relevant.  A reader
 * whose database moved on gets DATABASE_MODIFIED: reopen and retry.
 */
struct xapian_mset *xapian_enquire_get_mset(struct xapian_enquire *enq,
					    xapian_doccount first,
					    xapian_doccount maxitems,
					    xapian_doccount check_at_least,
					    const struct xapian_rset *rset,
					    struct xapian_error *err)
					    XAPIAN_C_NOEXCEPT;

/*
 * The `maxitems` terms that best describe the documents in `rset`, for
 * "more like this" queries; query terms are left out unless
 * `include_query_terms`.
 */
struct xapian_eset *xapian_enquire_get_eset(struct xapian_enquire *enq,
					    xapian_termcount maxitems,
					    const struct xapian_rset *rset,
					    bool include_query_terms,
					    struct xapian_error *err)
					    XAPIAN_C_NOEXCEPT;

/*
 * Pseudo-relevance feedback: the `maxitems` terms that best describe the
 * documents docids[0..ndocs) of `db`, considering only terms that start
 * with `prefix` ("" for all) and occur in at least `min_docs` of them,
 * and of those at most `max_candidates` (0: all), the ones in most of the
 * documents and most often.  Each candidate is weighed by the Robertson/
 * Sparck Jones relevance weight times the sum of its tf parts (wdf against
 * document length, k = 1) over the documents, with its frequency over
 * the whole of `db`: all its shards, gathered in one exchange with each
 * (so the same terms come out of one database and of shards of it, and
 * remote shards cost one round trip, not one a term).  Positive weights
 * only, best first, ties by term.  Query terms are left out unless
 * `include_query_terms`.
 */
struct xapian_eset *xapian_enquire_get_feedback_eset(
	struct xapian_enquire *enq, const struct xapian_database *db,
	const xapian_docid *docids, size_t ndocs, xapian_termcount maxitems,
	bool include_query_terms, const char *prefix, unsigned min_docs,
	size_t max_candidates, struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The query's terms that document `docid` matches, in query order. */
struct xapian_term_iterator *
xapian_enquire_get_matching_terms(const struct xapian_enquire *enq,
				  xapian_docid docid,
				  struct xapian_error *err) XAPIAN_C_NOEXCEPT;

void xapian_enquire_free(struct xapian_enquire *enq) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* MSet: a page of results                                                   */
/* ------------------------------------------------------------------------- */

/* Number of hits in this page. */
size_t xapian_mset_size(const struct xapian_mset *mset) XAPIAN_C_NOEXCEPT;

/* Rank of the first hit of the page (0-based) and the bounds on matches. */
xapian_doccount xapian_mset_get_firstitem(const struct xapian_mset *mset)
					  XAPIAN_C_NOEXCEPT;
xapian_doccount xapian_mset_get_matches_estimated(
	const struct xapian_mset *mset) XAPIAN_C_NOEXCEPT;
xapian_doccount xapian_mset_get_matches_lower_bound(
	const struct xapian_mset *mset) XAPIAN_C_NOEXCEPT;
xapian_doccount xapian_mset_get_matches_upper_bound(
	const struct xapian_mset *mset) XAPIAN_C_NOEXCEPT;
xapian_doccount xapian_mset_get_uncollapsed_matches_estimated(
	const struct xapian_mset *mset) XAPIAN_C_NOEXCEPT;
double xapian_mset_get_max_possible(const struct xapian_mset *mset)
				    XAPIAN_C_NOEXCEPT;
double xapian_mset_get_max_attained(const struct xapian_mset *mset)
				    XAPIAN_C_NOEXCEPT;

/* Number of matching documents indexed by `term`. */
int xapian_mset_get_termfreq(const struct xapian_mset *mset, const char *term,
			     xapian_doccount *freq,
			     struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/*
 * Hit `i` of the page (0 <= i < size): its docid, weight, percentage score,
 * how many documents collapsing folded into it.  An index out of range is
 * INVALID_ARGUMENT.
 */
int xapian_mset_get_docid(const struct xapian_mset *mset, size_t i,
			  xapian_docid *docid,
			  struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_mset_get_weight(const struct xapian_mset *mset, size_t i,
			   double *weight,
			   struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_mset_get_percent(const struct xapian_mset *mset, size_t i,
			    int *percent,
			    struct xapian_error *err) XAPIAN_C_NOEXCEPT;
int xapian_mset_get_collapse_count(const struct xapian_mset *mset, size_t i,
				   xapian_doccount *count,
				   struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* The document of hit `i` (the caller's). */
struct xapian_document *xapian_mset_get_document(const struct xapian_mset *mset,
						 size_t i,
						 struct xapian_error *err)
						 XAPIAN_C_NOEXCEPT;

/* Fetch the documents of the whole page at once (helps remote shards). */
int xapian_mset_fetch(const struct xapian_mset *mset,
		      struct xapian_error *err) XAPIAN_C_NOEXCEPT;

/* MSet::snippet flags. */
enum {
	XAPIAN_SNIPPET_BACKGROUND_MODEL = 1,
	XAPIAN_SNIPPET_EXHAUSTIVE = 2,
	XAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH = 4,
	XAPIAN_SNIPPET_CJK_NGRAM = 2048
};

/*
 * A snippet of about `length` bytes of `text` that best shows this result
 * set's query terms, each match wrapped in hi_start/hi_end, with `omit`
 * where text was cut.  `stem` should be the stemmer the query was parsed
 * with (NULL: none).  Xapian escapes &, < and > in the text as HTML
 * entities; the markers are inserted as given.  `flags` are
 * XAPIAN_SNIPPET_*.  The result is the caller's.
 */
char *xapian_mset_snippet(const struct xapian_mset *mset, const char *text,
			  size_t text_len, size_t length,
			  const struct xapian_stem *stem, unsigned flags,
			  const char *hi_start, const char *hi_end,
			  const char *omit, size_t *out_len,
			  struct xapian_error *err) XAPIAN_C_NOEXCEPT;

void xapian_mset_free(struct xapian_mset *mset) XAPIAN_C_NOEXCEPT;

/* ------------------------------------------------------------------------- */
/* Unicode helpers (Xapian::Unicode)                                         */
/* ------------------------------------------------------------------------- */

/*
 * Lower-case UTF-8 text with Xapian's Unicode tables (the same folding the
 * term generator applies), so query text can be folded the way documents
 * were.  The result is the caller's; NULL on error.
 */
char *xapian_unicode_tolower(const char *text, size_t len, size_t *out_len,
			     struct xapian_error *err) XAPIAN_C_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* DOSSIER_XAPIAN_C_H */
