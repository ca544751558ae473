/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xapian-fixture.h: what the unit tests of the C binding over libxapian
 * (test-xapian-*.c) share: the fixture, the assertion helpers and the
 * test corpus.  Implemented in xapian-fixture.c, linked into each of
 * those test programs.
 *
 * The fixture: every test runs between setup() and teardown(), so it has
 * its own fresh temporary directory (removed afterwards) and, if it starts
 * xapian-tcpsrv, has the server stopped whatever happened.
 *
 * Conventions: each test declares `struct xapian_error err` and uses OK()
 * for calls that must succeed (returning int >= 0), NN() for calls that
 * must return a pointer, and EXPECT_ERR_INT()/EXPECT_ERR_PTR() for calls
 * that must fail with a given code.  Like cmocka's assertions, every
 * helper here fails the running test (and doesn't return) when something
 * it checks is wrong, so none of them has an error result, and they are
 * for use inside a test only (setup() and teardown() are cmocka's to
 * call).
 *
 * The corpus: six small policy documents (corpus[]) indexed the way
 * Dossier indexes: English stemming with STEM_SOME, a title with prefix
 * "S", boolean filter terms, values for date, number, category and a
 * duplicate key, and the document's id as its data.
 *
 * Include "config.h" first; this header includes cmocka.h and xapian-c.h.
 */
#ifndef DOSSIER_XAPIAN_FIXTURE_H
#define DOSSIER_XAPIAN_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>
#include <sys/types.h>

#include "xapian-c.h"

/* Sizes of path buffers and of buffers holding a list of terms or ids. */
enum { PATH_SIZE = 1024, LIST_SIZE = 1024 };

/* ------------------------------------------------------------------------- */
/* Fixture and assertion helpers                                             */
/* ------------------------------------------------------------------------- */

/* What setup() makes and teardown() cleans up; a test's *state. */
struct fixture {
	char dir[PATH_SIZE];	/* fresh temporary directory */
	pid_t server;		/* xapian-tcpsrv started by the test, or 0 */
};

/*
 * cmocka setup, run before each test: allocate a struct fixture with a
 * fresh temporary directory and no server, and store it in *state.
 * Returns 0, or -1 (nothing left behind) if the memory or the directory
 * can't be had.
 */
int setup(void **state);

/*
 * cmocka teardown, the counterpart of setup(): stop f->server if it is not
 * 0, remove f->dir with everything in it, free the fixture.  A NULL *state
 * is fine.  Returns 0, or -1 if stopping or removing failed (it still does
 * the rest and frees the fixture).
 */
int teardown(void **state);

/*
 * Write the path of `name` inside f->dir into buf (`size` bytes, always
 * terminated).  Fails the test if it doesn't fit.
 */
void fixture_path(const struct fixture *f, const char *name, char *buf,
		  size_t size);

/*
 * Print a TAP diagnostic line: "# " and the printf-formatted message
 * (truncated to 511 bytes) and a newline, on cmocka's message output.
 */
void note(const char *fmt, ...) CMOCKA_PRINTF_ATTRIBUTE(1, 2);

/*
 * OK()'s check: if rc < 0, print `expr`, rc and err's class name and
 * message, and fail the test at file:line.  Returns rc otherwise.  err is
 * only read, and only on failure.
 */
int check_rc(int rc, const struct xapian_error *err, const char *expr,
	     const char *file, int line);

/*
 * NN()'s check: if p is NULL, print `expr` and err's class name and
 * message, and fail the test at file:line.  Returns p otherwise.
 */
void *check_ptr(void *p, const struct xapian_error *err, const char *expr,
		const char *file, int line);

/*
 * Assert that *err reports `code`, with its class name
 * (xapian_error_code_name(code)) and a non-empty message; otherwise print
 * what it holds and fail the test at file:line.
 */
void check_error(const struct xapian_error *err, int code, const char *file,
		 int line);

/* `expr` (int) must succeed; its value is returned. */
#define OK(expr) check_rc((expr), &err, #expr, __FILE__, __LINE__)
/* `expr` (pointer) must not be NULL; its value is returned. */
#define NN(expr) check_ptr((expr), &err, #expr, __FILE__, __LINE__)

/* `expr` (int) must fail with -code and fill err. */
#define EXPECT_ERR_INT(expr, code)                                           \
	do {                                                                 \
		int rc_;                                                     \
		memset(&err, 0, sizeof err);                                 \
		rc_ = (expr);                                                \
		if (rc_ != -(code)) {                                        \
			print_error("%s returned %d, expected -%s\n", #expr, \
				    rc_, xapian_error_code_name(code));      \
			_fail(__FILE__, __LINE__);                           \
		}                                                            \
		check_error(&err, (code), __FILE__, __LINE__);               \
	} while (0)

/* `expr` (pointer) must return NULL and fill err with `code`. */
#define EXPECT_ERR_PTR(expr, code)                                           \
	do {                                                                 \
		memset(&err, 0, sizeof err);                                 \
		if ((expr) != NULL) {                                        \
			print_error("%s succeeded, expected %s\n", #expr,    \
				    xapian_error_code_name(code));           \
			_fail(__FILE__, __LINE__);                           \
		}                                                            \
		check_error(&err, (code), __FILE__, __LINE__);               \
	} while (0)

/*
 * Read every term of `it` (NULL fails the test) into buf (`size` bytes),
 * separated by single spaces, and free `it`.  With `freqs`, each term is
 * followed by "=termfreq"; otherwise with `wdfs`, by ":wdf".  Also checks
 * that each term's length is right and that the iterator stays at its
 * end.  Fails the test if a call fails or the list doesn't fit.
 */
void join_terms_ex(struct xapian_term_iterator *it, bool freqs, bool wdfs,
		   char *buf, size_t size);

/* join_terms_ex() with neither frequencies nor wdfs. */
void join_terms(struct xapian_term_iterator *it, char *buf, size_t size);

/*
 * The ids (document data) of `mset`'s hits in rank order, separated by
 * single spaces, into buf (`size` bytes).  Fails the test if a call fails
 * or the list doesn't fit.
 */
void mset_ids(const struct xapian_mset *mset, char *buf, size_t size);

/*
 * Weights of `mset`'s hits in rank order into weights[]; fails the test
 * if there are more than `max`.  Returns how many were stored.
 */
size_t mset_weights(const struct xapian_mset *mset, double *weights,
		    size_t max);

/*
 * Run `q` on `db`: the first 100 hits in the enquire's default order
 * (relevance).  The caller frees the result with xapian_mset_free().
 */
struct xapian_mset *run_query(const struct xapian_database *db,
			      const struct xapian_query *q);

/*
 * Ids (document data) of the documents of `db` matching `q`, in docid
 * order (boolean weighting), separated by single spaces, into buf (`size`
 * bytes).  At most 100.
 */
void match_ids(const struct xapian_database *db, const struct xapian_query *q,
	       char *buf, size_t size);

/*
 * run_query(): the ids of the hits in rank order into ids (`size` bytes,
 * as mset_ids()) and their weights into weights[] (at most `max`, as
 * mset_weights()).  Returns the number of hits.
 */
size_t ranked(const struct xapian_database *db, const struct xapian_query *q,
	      char *ids, size_t size, double *weights, size_t max);

/*
 * A query for one term (wqf 1, position 0).  Never NULL: fails the test
 * instead.  The caller frees it with xapian_query_free().
 */
struct xapian_query *term_query(const char *term);

/*
 * Combine a and b with `op` and `param` (the window or the parameter
 * xapian_query_new_combine() takes), then free a and b.  Never NULL:
 * fails the test instead.  The caller frees the result.
 */
struct xapian_query *combine2(enum xapian_query_op op, struct xapian_query *a,
			      struct xapian_query *b, xapian_termcount param);

/* ------------------------------------------------------------------------- */
/* The test corpus                                                           */
/* ------------------------------------------------------------------------- */

/* Value slots of the corpus documents. */
enum { SLOT_DATE, SLOT_NUMBER, SLOT_CATEGORY, SLOT_DUP };

struct corpus_doc {
	const char *id;		/* data, and unique term "Q" + id */
	const char *title;	/* indexed with prefix "S" */
	const char *body;
	const char *date;	/* SLOT_DATE, YYYYMMDD */
	double number;		/* SLOT_NUMBER, sortable_serialise()d */
	const char *category;	/* SLOT_CATEGORY and term "XC" + category */
	const char *type;	/* term "XT" + type */
	const char *dup;	/* SLOT_DUP: duplicates share it */
};

/* How many documents corpus[] holds (checked where it is defined). */
enum { CORPUS_SIZE = 6 };

/*
 * The six documents d1..d6, in this order; see xapian-fixture.c for what
 * the tests rely on (term counts, duplicates, categories, positions).
 */
extern const struct corpus_doc corpus[];

/*
 * A new document holding corpus document `c`, indexed with `tg` (which
 * has its stemmer set; its document is set to the new one): title with
 * prefix "S" and body, boolean terms "Q" + id, "XC" + category and "XT" +
 * type, the four values, the id as data.  The caller frees it with
 * xapian_document_free().
 */
struct xapian_document *make_corpus_doc(struct xapian_term_generator *tg,
					const struct corpus_doc *c);

/*
 * Create a database at `path` (which must not exist: XAPIAN_DB_CREATE)
 * holding the corpus documents corpus[first], corpus[first + step], ...
 * (so shards can split the corpus), indexed with English stemming and
 * STEM_SOME; with `spelling`, the spelling table is filled too.  Commits
 * and closes it.  Fails the test if anything fails.
 */
void build_corpus_db(const char *path, size_t first, size_t step,
		     bool spelling);

/*
 * Build the whole corpus at fixture path `name` (build_corpus_db()) and
 * open it for reading.  The caller frees it with xapian_database_free().
 */
struct xapian_database *open_corpus(const struct fixture *f, const char *name,
				    bool spelling);

/*
 * A query parser set up as Dossier's: English stemmer, STEM_SOME, and
 * `db` (for wildcards, spelling and synonyms) unless it is NULL.  The
 * caller frees it with xapian_query_parser_free().
 */
struct xapian_query_parser *corpus_parser(const struct xapian_database *db);

/*
 * Parse `text` with `qp` and `flags` and write the ids of the documents of
 * `db` it matches, in docid order, into buf (`size` bytes) as
 * match_ids().
 */
void parse_and_match(struct xapian_query_parser *qp,
		     const struct xapian_database *db, const char *text,
		     unsigned flags, char *buf, size_t size);

#endif /* DOSSIER_XAPIAN_FIXTURE_H */
