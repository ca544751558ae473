/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xapian-fixture.c: the fixture, assertion helpers and test corpus shared
 * by the unit tests of the C binding over libxapian (test-xapian-*.c).
 * The contracts are in xapian-fixture.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "xapian-c.h"
#include "xapian-fixture.h"

/* ------------------------------------------------------------------------- */
/* Fixture and assertion helpers                                             */
/* ------------------------------------------------------------------------- */

/* Make the temporary directory. */
int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	if (tu_make_temp_dir(f->dir, sizeof f->dir, "dossier-xapian-c") < 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

/* Stop the server if one was started, remove the directory. */
int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = 0;

	if (f == NULL)
		return 0;
	if (tu_stop_child(f->server, NULL) < 0)
		rc = -1;
	if (tu_remove_tree(f->dir) < 0)
		rc = -1;
	free(f);
	return rc;
}

/* A path inside the fixture's directory (fails the test if too long). */
void
fixture_path(const struct fixture *f, const char *name, char *buf,
	     size_t size)
{
	assert_int_equal(tu_path(buf, size, f->dir, name), 0);
}

/* Print a TAP diagnostic line. */
void
note(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	print_message("# %s\n", line);
}

/* OK()'s check: fail the test at file:line if rc < 0. */
int
check_rc(int rc, const struct xapian_error *err, const char *expr,
	 const char *file, int line)
{
	if (rc < 0) {
		print_error("%s returned %d: %s: %s\n", expr, rc, err->type,
			    err->message);
		_fail(file, line);
	}
	return rc;
}

/* NN()'s check: fail the test at file:line if p is NULL. */
void *
check_ptr(void *p, const struct xapian_error *err, const char *expr,
	  const char *file, int line)
{
	if (p == NULL) {
		print_error("%s returned NULL: %s: %s\n", expr, err->type,
			    err->message);
		_fail(file, line);
	}
	return p;
}

/* Assert that *err reports `code`, with its class name and a message. */
void
check_error(const struct xapian_error *err, int code, const char *file,
	    int line)
{
	if (err->code != code ||
	    strcmp(err->type, xapian_error_code_name(code)) != 0 ||
	    err->message[0] == '\0') {
		print_error("expected %s, got code %d (%s): '%s'\n",
			    xapian_error_code_name(code), err->code, err->type,
			    err->message);
		_fail(file, line);
	}
}

/*
 * Read every term of `it` into buf, space-separated, and free `it`.  With
 * `freqs`, each term is followed by "=termfreq"; with `wdfs`, by ":wdf".
 */
void
join_terms_ex(struct xapian_term_iterator *it, bool freqs, bool wdfs,
	      char *buf, size_t size)
{
	struct xapian_error err;
	const char *term;
	size_t len, used = 0;

	memset(&err, 0, sizeof err);
	assert_non_null(it);
	buf[0] = '\0';
	while (OK(xapian_term_iterator_next(it, &term, &len, &err)) == 1) {
		char extra[32] = "";

		assert_int_equal(strlen(term), len);
		if (freqs) {
			xapian_doccount freq;

			OK(xapian_term_iterator_get_termfreq(it, &freq, &err));
			snprintf(extra, sizeof extra, "=%u", (unsigned)freq);
		} else if (wdfs) {
			xapian_termcount wdf;

			OK(xapian_term_iterator_get_wdf(it, &wdf, &err));
			snprintf(extra, sizeof extra, ":%u", (unsigned)wdf);
		}
		assert_int_equal(tu_format(buf + used, size - used, "%s%s%s",
					   used ? " " : "", term, extra),
				 0);
		used += strlen(buf + used);
	}
	/* At the end it stays at the end. */
	assert_int_equal(xapian_term_iterator_next(it, &term, &len, &err), 0);
	assert_null(xapian_term_iterator_current(it, NULL));
	xapian_term_iterator_free(it);
}

/* join_terms_ex() without frequencies or wdfs. */
void
join_terms(struct xapian_term_iterator *it, char *buf, size_t size)
{
	join_terms_ex(it, false, false, buf, size);
}

/* The ids (document data) of an mset's hits in rank order, space-separated. */
void
mset_ids(const struct xapian_mset *mset, char *buf, size_t size)
{
	struct xapian_error err;
	size_t used = 0;

	memset(&err, 0, sizeof err);
	buf[0] = '\0';
	for (size_t i = 0; i < xapian_mset_size(mset); i++) {
		struct xapian_document *doc =
			NN(xapian_mset_get_document(mset, i, &err));
		size_t len;
		char *data = NN(xapian_document_get_data(doc, &len, &err));

		assert_int_equal(tu_format(buf + used, size - used, "%s%s",
					   used ? " " : "", data),
				 0);
		used += strlen(buf + used);
		free(data);
		xapian_document_free(doc);
	}
}

/* Weights of an mset's hits, at most `max`; returns how many. */
size_t
mset_weights(const struct xapian_mset *mset, double *weights, size_t max)
{
	struct xapian_error err;
	size_t n = xapian_mset_size(mset);

	memset(&err, 0, sizeof err);
	assert_true(n <= max);
	for (size_t i = 0; i < n; i++)
		OK(xapian_mset_get_weight(mset, i, &weights[i], &err));
	return n;
}

/* Run `q` on `db`: all hits, in the enquire's default order. */
struct xapian_mset *
run_query(const struct xapian_database *db, const struct xapian_query *q)
{
	struct xapian_error err;
	struct xapian_enquire *enq;
	struct xapian_mset *mset;

	memset(&err, 0, sizeof err);
	enq = NN(xapian_enquire_new(db, &err));
	OK(xapian_enquire_set_query(enq, q, 0, &err));
	mset = NN(xapian_enquire_get_mset(enq, 0, 100, 100, NULL, &err));
	xapian_enquire_free(enq);
	return mset;
}

/* Ids of the documents matching `q`, in docid order (boolean weighting). */
void
match_ids(const struct xapian_database *db, const struct xapian_query *q,
	  char *buf, size_t size)
{
	struct xapian_error err;
	struct xapian_enquire *enq;
	struct xapian_mset *mset;

	memset(&err, 0, sizeof err);
	enq = NN(xapian_enquire_new(db, &err));
	OK(xapian_enquire_set_query(enq, q, 0, &err));
	OK(xapian_enquire_set_weighting_scheme_bool(enq, &err));
	mset = NN(xapian_enquire_get_mset(enq, 0, 100, 100, NULL, &err));
	mset_ids(mset, buf, size);
	xapian_mset_free(mset);
	xapian_enquire_free(enq);
}

/* Ids of the documents in rank order, and their weights. */
size_t
ranked(const struct xapian_database *db, const struct xapian_query *q,
       char *ids, size_t size, double *weights, size_t max)
{
	struct xapian_mset *mset = run_query(db, q);
	size_t n;

	mset_ids(mset, ids, size);
	n = mset_weights(mset, weights, max);
	xapian_mset_free(mset);
	return n;
}

/* A one-term query (caller frees). */
struct xapian_query *
term_query(const char *term)
{
	struct xapian_error err;

	memset(&err, 0, sizeof err);
	return NN(xapian_query_new_term(term, 1, 0, &err));
}

/* Combine two queries with `op` (and window/param), freeing both. */
struct xapian_query *
combine2(enum xapian_query_op op, struct xapian_query *a,
	 struct xapian_query *b, xapian_termcount param)
{
	struct xapian_error err;
	struct xapian_query *subs[2] = {a, b};
	struct xapian_query *q;

	memset(&err, 0, sizeof err);
	q = NN(xapian_query_new_combine(op, subs, 2, param, &err));
	xapian_query_free(a);
	xapian_query_free(b);
	return q;
}

/* ------------------------------------------------------------------------- */
/* The test corpus                                                           */
/* ------------------------------------------------------------------------- */

/*
 * Six documents.  "consult" (stemmed) occurs 3 times in d1 and once in d2,
 * d5 and d6; d5 and d6 are duplicates (same body, same dup key); categories
 * planning x3, health x2, energy x1.  In d1 the title takes positions 1-3
 * and the body starts at 4: The(4) consultation(5) on(6) housing(7)
 * policy(8) Consultations(9) ... consultation(13).
 */
const struct corpus_doc corpus[] = {
	{"d1", "Consultation on housing",
	 "The consultation on housing policy. Consultations continue, and "
	 "the consultation closes in May.",
	 "20120315", 10, "planning", "report", "k1"},
	{"d2", "Transport strategy",
	 "A transport strategy for rail and roads, after one consultation.",
	 "20130601", 25, "planning", "strategy", "k2"},
	{"d3", "Energy review",
	 "Energy prices, energy supply and energy efficiency: a review.",
	 "20150220", 5, "energy", "report", "k3"},
	{"d4", "Housing benefit",
	 "Housing benefit changes and new houses for housing supply.",
	 "20110101", 40, "planning", "guidance", "k4"},
	{"d5", "Health services",
	 "Health service funding; consultation responses.",
	 "20141231", 15, "health", "report", "dup"},
	{"d6", "Health services copy",
	 "Health service funding; consultation responses.",
	 "20141230", 16, "health", "report", "dup"},
};
/* CORPUS_SIZE, a constant for the tests' arrays, must count them all. */
_Static_assert(sizeof corpus / sizeof corpus[0] == CORPUS_SIZE,
	       "CORPUS_SIZE in xapian-fixture.h must match corpus[]");

/* Build one corpus document with `tg` (which has its stemmer set). */
struct xapian_document *
make_corpus_doc(struct xapian_term_generator *tg, const struct corpus_doc *c)
{
	struct xapian_error err;
	struct xapian_document *doc;
	char term[64], num[18];
	size_t len;

	memset(&err, 0, sizeof err);
	doc = NN(xapian_document_new(&err));
	OK(xapian_term_generator_set_document(tg, doc, &err));
	OK(xapian_term_generator_index_text(tg, c->title, strlen(c->title), 1,
					    "S", &err));
	OK(xapian_term_generator_index_text(tg, c->body, strlen(c->body), 1,
					    "", &err));
	assert_int_equal(tu_format(term, sizeof term, "Q%s", c->id), 0);
	OK(xapian_document_add_boolean_term(doc, term, &err));
	assert_int_equal(tu_format(term, sizeof term, "XC%s", c->category), 0);
	OK(xapian_document_add_boolean_term(doc, term, &err));
	assert_int_equal(tu_format(term, sizeof term, "XT%s", c->type), 0);
	OK(xapian_document_add_boolean_term(doc, term, &err));
	OK(xapian_document_add_value(doc, SLOT_DATE, c->date, strlen(c->date),
				     &err));
	len = xapian_sortable_serialise(c->number, num);
	OK(xapian_document_add_value(doc, SLOT_NUMBER, num, len, &err));
	OK(xapian_document_add_value(doc, SLOT_CATEGORY, c->category,
				     strlen(c->category), &err));
	OK(xapian_document_add_value(doc, SLOT_DUP, c->dup, strlen(c->dup),
				     &err));
	OK(xapian_document_set_data(doc, c->id, strlen(c->id), &err));
	return doc;
}

/*
 * Create a database at `path` holding corpus documents `first`..`first +
 * n - 1` taking every `step`-th (so shards can split the corpus), with the
 * spelling table filled when `spelling`.
 */
void
build_corpus_db(const char *path, size_t first, size_t step, bool spelling)
{
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_term_generator *tg;
	struct xapian_stem *stem;

	memset(&err, 0, sizeof err);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	tg = NN(xapian_term_generator_new(&err));
	stem = NN(xapian_stem_new("english", &err));
	OK(xapian_term_generator_set_stemmer(tg, stem, &err));
	OK(xapian_term_generator_set_stemming_strategy(tg, XAPIAN_STEM_SOME,
						       &err));
	if (spelling) {
		OK(xapian_term_generator_set_database(tg, wdb, &err));
		OK(xapian_term_generator_set_flags(
			tg, XAPIAN_TG_FLAG_SPELLING, &err));
	}
	for (size_t i = first; i < CORPUS_SIZE; i += step) {
		struct xapian_document *doc = make_corpus_doc(tg, &corpus[i]);
		char unique[64];
		xapian_docid id;

		assert_int_equal(tu_format(unique, sizeof unique, "Q%s",
					   corpus[i].id),
				 0);
		OK(xapian_writable_database_replace_document_by_term(
			wdb, unique, doc, &id, &err));
		xapian_document_free(doc);
	}
	OK(xapian_writable_database_commit(wdb, &err));
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
	xapian_term_generator_free(tg);
	xapian_stem_free(stem);
}

/* Build the whole corpus at fixture path `name` and open it for reading. */
struct xapian_database *
open_corpus(const struct fixture *f, const char *name, bool spelling)
{
	struct xapian_error err;
	char path[PATH_SIZE];

	memset(&err, 0, sizeof err);
	fixture_path(f, name, path, sizeof path);
	build_corpus_db(path, 0, 1, spelling);
	return NN(xapian_database_open(path, &err));
}

/* A query parser set up as Dossier's: English, STEM_SOME, the database. */
struct xapian_query_parser *
corpus_parser(const struct xapian_database *db)
{
	struct xapian_error err;
	struct xapian_query_parser *qp;
	struct xapian_stem *stem;

	memset(&err, 0, sizeof err);
	qp = NN(xapian_query_parser_new(&err));
	stem = NN(xapian_stem_new("english", &err));
	OK(xapian_query_parser_set_stemmer(qp, stem, &err));
	xapian_stem_free(stem);	/* the parser keeps its own copy */
	OK(xapian_query_parser_set_stemming_strategy(qp, XAPIAN_STEM_SOME,
						     &err));
	if (db != NULL)
		OK(xapian_query_parser_set_database(qp, db, &err));
	return qp;
}

/* Parse `text` with `flags` and return the matching ids in docid order. */
void
parse_and_match(struct xapian_query_parser *qp,
		const struct xapian_database *db, const char *text,
		unsigned flags, char *buf, size_t size)
{
	struct xapian_error err;
	struct xapian_query *q;

	memset(&err, 0, sizeof err);
	q = NN(xapian_query_parser_parse_query(qp, text, flags, NULL, &err));
	match_ids(db, q, buf, size);
	xapian_query_free(q);
}
