/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-xapian-match.c: unit tests of matching through the C binding over
 * libxapian (xapian-c.h): Enquire and MSet (ranking, sorting by value,
 * collapsing duplicates, cut-offs and time limits, pages and hit counts,
 * the ESet, snippets), match spies (facet counts; spy and enquire
 * handles freed in either order) and sortable serialisation of numbers.
 *
 * Every test works on real glass databases in its own fresh temporary
 * directory; the fixture, the assertion macros (OK(), NN(),
 * EXPECT_ERR_INT(), EXPECT_ERR_PTR()) and the test corpus are in
 * xapian-fixture.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xapian-c.h"
#include "xapian-fixture.h"

/* ------------------------------------------------------------------------- */
/* Enquire and MSet                                                          */
/* ------------------------------------------------------------------------- */

/* An enquire on `db` for `q` (freed here). */
static struct xapian_enquire *
enquire_for(const struct xapian_database *db, struct xapian_query *q)
{
	struct xapian_error err;
	struct xapian_enquire *enq;

	memset(&err, 0, sizeof err);
	enq = NN(xapian_enquire_new(db, &err));
	OK(xapian_enquire_set_query(enq, q, 0, &err));
	xapian_query_free(q);
	return enq;
}

/* The ids of the first `max` hits of `enq` in its order. */
static void
enquire_ids(struct xapian_enquire *enq, xapian_doccount max, char *buf,
	    size_t size)
{
	struct xapian_error err;
	struct xapian_mset *mset;

	memset(&err, 0, sizeof err);
	mset = NN(xapian_enquire_get_mset(enq, 0, max, 0, NULL, &err));
	mset_ids(mset, buf, size);
	xapian_mset_free(mset);
}

/* Relevance ranking, BM25 parameters, boolean weighting, docid order. */
static void
test_enquire_ranking(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_enquire *enq;
	struct xapian_mset *mset;
	char list[LIST_SIZE];
	double w[CORPUS_SIZE], w2[CORPUS_SIZE];
	int percent;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	enq = enquire_for(db, term_query("Zconsult"));

	/* d1 has "consult" three times: it ranks first. */
	mset = NN(xapian_enquire_get_mset(enq, 0, 10, 0, NULL, &err));
	assert_int_equal(xapian_mset_size(mset), 4);
	mset_ids(mset, list, sizeof list);
	assert_int_equal(strncmp(list, "d1 ", 3), 0);
	mset_weights(mset, w, CORPUS_SIZE);
	for (size_t i = 1; i < 4; i++)
		assert_true(w[i - 1] >= w[i]);
	assert_true(w[0] > w[1]);
	assert_true(w[3] > 0);
	OK(xapian_mset_get_percent(mset, 0, &percent, &err));
	assert_int_equal(percent, 100);
	OK(xapian_mset_get_percent(mset, 3, &percent, &err));
	assert_true(percent > 0 && percent < 100);
	assert_true(fabs(xapian_mset_get_max_attained(mset) - w[0]) < 1e-9);
	assert_true(xapian_mset_get_max_possible(mset) >= w[0]);
	xapian_mset_free(mset);

	/* Xapian's defaults, spelt out, give the same weights. */
	OK(xapian_enquire_set_weighting_scheme_bm25(enq, 1, 0, 1, 0.5, 0.5,
						    &err));
	mset = NN(xapian_enquire_get_mset(enq, 0, 10, 0, NULL, &err));
	mset_weights(mset, w2, CORPUS_SIZE);
	for (size_t i = 0; i < 4; i++)
		assert_true(fabs(w2[i] - w[i]) < 1e-9);
	xapian_mset_free(mset);
	/* b = 0: no length normalisation, so the one-occurrence documents
	 * (d2, d5, d6, of different lengths) weigh the same. */
	OK(xapian_enquire_set_weighting_scheme_bm25(enq, 1, 0, 1, 0, 0.5,
						    &err));
	mset = NN(xapian_enquire_get_mset(enq, 0, 10, 0, NULL, &err));
	mset_weights(mset, w2, CORPUS_SIZE);
	assert_true(w2[0] > w2[1]);
	assert_true(fabs(w2[1] - w2[3]) < 1e-9);
	assert_true(fabs(w[1] - w[3]) > 1e-6);
	xapian_mset_free(mset);

	/* Boolean weighting: every weight 0, docid order. */
	OK(xapian_enquire_set_weighting_scheme_bool(enq, &err));
	mset = NN(xapian_enquire_get_mset(enq, 0, 10, 0, NULL, &err));
	mset_ids(mset, list, sizeof list);
	assert_string_equal(list, "d1 d2 d5 d6");
	mset_weights(mset, w2, CORPUS_SIZE);
	for (size_t i = 0; i < 4; i++)
		assert_true(w2[i] == 0.0);
	xapian_mset_free(mset);
	OK(xapian_enquire_set_docid_order_descending(enq, true, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d6 d5 d2 d1");
	OK(xapian_enquire_set_docid_order_descending(enq, false, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d1 d2 d5 d6");
	xapian_enquire_free(enq);
	xapian_database_free(db);
}

/* Sorting by value, by relevance then value, by value then relevance. */
static void
test_enquire_sorting(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_enquire *enq;
	char list[LIST_SIZE], relevance[LIST_SIZE];

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	enq = enquire_for(db, NN(xapian_query_new_match_all(&err)));
	OK(xapian_enquire_set_sort_by_value(enq, SLOT_DATE, false, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d4 d1 d2 d6 d5 d3");
	OK(xapian_enquire_set_sort_by_value(enq, SLOT_DATE, true, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d3 d5 d6 d2 d1 d4");
	/* Numbers sort numerically through sortable_serialise. */
	OK(xapian_enquire_set_sort_by_value(enq, SLOT_NUMBER, false, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d3 d1 d5 d6 d2 d4");
	/* All weights tie under boolean weighting: value decides. */
	OK(xapian_enquire_set_weighting_scheme_bool(enq, &err));
	OK(xapian_enquire_set_sort_by_relevance_then_value(enq, SLOT_NUMBER,
							   true, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d4 d2 d6 d5 d1 d3");
	xapian_enquire_free(enq);

	/* With distinct weights, relevance decides first. */
	enq = enquire_for(db, term_query("Zconsult"));
	enquire_ids(enq, 10, relevance, sizeof relevance);
	OK(xapian_enquire_set_sort_by_relevance_then_value(enq, SLOT_DATE,
							   false, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, relevance);
	/* Value first (health < planning), relevance within a value. */
	OK(xapian_enquire_set_sort_by_value_then_relevance(enq, SLOT_CATEGORY,
							   false, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d5 d6 d1 d2");
	OK(xapian_enquire_set_sort_by_relevance(enq, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, relevance);
	xapian_enquire_free(enq);
	xapian_database_free(db);
}

/* Collapsing on a duplicate key folds d5 and d6 into one hit. */
static void
test_enquire_collapse(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_enquire *enq;
	struct xapian_mset *mset;
	xapian_doccount count;
	char list[LIST_SIZE];

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	enq = enquire_for(db, term_query("Zconsult"));
	OK(xapian_enquire_set_collapse_key(enq, SLOT_DUP, 1, &err));
	mset = NN(xapian_enquire_get_mset(enq, 0, 10, 10, NULL, &err));
	mset_ids(mset, list, sizeof list);
	/* d5 is shorter than d6, so it weighs more and is the one kept. */
	assert_string_equal(list, "d1 d5 d2");
	OK(xapian_mset_get_collapse_count(mset, 1, &count, &err));
	assert_int_equal(count, 1);
	OK(xapian_mset_get_collapse_count(mset, 0, &count, &err));
	assert_int_equal(count, 0);
	assert_int_equal(xapian_mset_get_matches_estimated(mset), 3);
	assert_int_equal(xapian_mset_get_uncollapsed_matches_estimated(mset),
			 4);
	xapian_mset_free(mset);

	/* Two per key: nothing folded (d6 outranks d2). */
	OK(xapian_enquire_set_collapse_key(enq, SLOT_DUP, 2, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d1 d5 d6 d2");
	/* Off again. */
	OK(xapian_enquire_set_collapse_key(enq, XAPIAN_BAD_VALUENO, 1, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d1 d5 d6 d2");
	xapian_enquire_free(enq);
	xapian_database_free(db);
}

/* Percentage and weight cutoffs; the time limit is accepted. */
static void
test_enquire_cutoff_and_time_limit(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_enquire *enq;
	char list[LIST_SIZE], all[LIST_SIZE];
	double w[CORPUS_SIZE];

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	enq = enquire_for(db, term_query("Zconsult"));
	{
		struct xapian_mset *mset =
			NN(xapian_enquire_get_mset(enq, 0, 10, 0, NULL, &err));

		mset_ids(mset, all, sizeof all);
		mset_weights(mset, w, CORPUS_SIZE);
		xapian_mset_free(mset);
	}
	OK(xapian_enquire_set_cutoff(enq, 100, 0, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, "d1");
	/* Weight cutoff: just below the second hit's weight keeps two. */
	OK(xapian_enquire_set_cutoff(enq, 0, w[1] - 1e-6, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_int_equal(strlen(list), strlen("d1 d5"));
	OK(xapian_enquire_set_cutoff(enq, 0, 0, &err));
	EXPECT_ERR_INT(xapian_enquire_set_cutoff(enq, 101, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);

	OK(xapian_enquire_set_time_limit(enq, 5.0, &err));
	enquire_ids(enq, 10, list, sizeof list);
	assert_string_equal(list, all);
	OK(xapian_enquire_set_time_limit(enq, 0, &err));
	EXPECT_ERR_INT(xapian_enquire_set_time_limit(enq, -1, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_enquire_free(enq);
	xapian_database_free(db);
}

/* Pages, estimates and bounds, termfreq, documents, matching terms. */
static void
test_mset_pages_and_hits(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_enquire *enq;
	struct xapian_mset *mset;
	struct xapian_document *doc;
	xapian_doccount freq;
	xapian_docid docid;
	char list[LIST_SIZE];
	char *data;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	enq = enquire_for(db, NN(xapian_query_new_match_all(&err)));
	OK(xapian_enquire_set_weighting_scheme_bool(enq, &err));

	/* Page 2 of 2-hit pages. */
	mset = NN(xapian_enquire_get_mset(enq, 2, 2, 0, NULL, &err));
	assert_int_equal(xapian_mset_get_firstitem(mset), 2);
	assert_int_equal(xapian_mset_size(mset), 2);
	mset_ids(mset, list, sizeof list);
	assert_string_equal(list, "d3 d4");
	OK(xapian_mset_get_docid(mset, 0, &docid, &err));
	assert_int_equal(docid, 3);
	EXPECT_ERR_INT(xapian_mset_get_docid(mset, 2, &docid, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_mset_get_document(mset, 2, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_mset_free(mset);

	/* No hits asked for, but counting all: exact bounds. */
	mset = NN(xapian_enquire_get_mset(enq, 0, 0, CORPUS_SIZE, NULL, &err));
	assert_int_equal(xapian_mset_size(mset), 0);
	assert_int_equal(xapian_mset_get_matches_estimated(mset), CORPUS_SIZE);
	assert_int_equal(xapian_mset_get_matches_lower_bound(mset),
			 CORPUS_SIZE);
	assert_int_equal(xapian_mset_get_matches_upper_bound(mset),
			 CORPUS_SIZE);
	xapian_mset_free(mset);
	/* Past the end: an empty page that still knows the total. */
	mset = NN(xapian_enquire_get_mset(enq, 10, 10, 0, NULL, &err));
	assert_int_equal(xapian_mset_size(mset), 0);
	assert_int_equal(xapian_mset_get_firstitem(mset), 10);
	assert_int_equal(xapian_mset_get_matches_estimated(mset), CORPUS_SIZE);
	xapian_mset_free(mset);
	xapian_enquire_free(enq);

	/* Term frequencies, documents and matching terms of a text query. */
	enq = enquire_for(db, combine2(XAPIAN_QUERY_OP_OR,
				       combine2(XAPIAN_QUERY_OP_OR,
						term_query("Zconsult"),
						term_query("Zhous"), 0),
				       term_query("Zenergi"), 0));
	mset = NN(xapian_enquire_get_mset(enq, 0, 3, 0, NULL, &err));
	assert_int_equal(xapian_mset_size(mset), 3);
	assert_true(xapian_mset_get_matches_lower_bound(mset) <=
		    xapian_mset_get_matches_estimated(mset));
	assert_true(xapian_mset_get_matches_estimated(mset) <=
		    xapian_mset_get_matches_upper_bound(mset));
	assert_true(xapian_mset_get_matches_upper_bound(mset) <= CORPUS_SIZE);
	OK(xapian_mset_get_termfreq(mset, "Zconsult", &freq, &err));
	assert_int_equal(freq, 4);
	OK(xapian_mset_get_termfreq(mset, "Zhous", &freq, &err));
	assert_int_equal(freq, 2);
	OK(xapian_mset_fetch(mset, &err));
	/* d3 has the rare "energy" three times: it comes first. */
	OK(xapian_mset_get_docid(mset, 0, &docid, &err));
	assert_int_equal(docid, 3);
	doc = NN(xapian_mset_get_document(mset, 0, &err));
	assert_int_equal(xapian_document_get_docid(doc), 3);
	data = NN(xapian_document_get_data(doc, NULL, &err));
	assert_string_equal(data, "d3");
	free(data);
	xapian_document_free(doc);
	join_terms(NN(xapian_enquire_get_matching_terms(enq, 1, &err)), list,
		   sizeof list);
	assert_string_equal(list, "Zconsult Zhous");
	join_terms(NN(xapian_enquire_get_matching_terms(enq, 3, &err)), list,
		   sizeof list);
	assert_string_equal(list, "Zenergi");
	EXPECT_ERR_PTR(xapian_enquire_get_matching_terms(enq, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	/* The mset outlives its enquire and database handles. */
	xapian_enquire_free(enq);
	xapian_database_free(db);
	doc = NN(xapian_mset_get_document(mset, 2, &err));
	data = NN(xapian_document_get_data(doc, NULL, &err));
	assert_true(data[0] == 'd');
	free(data);
	xapian_document_free(doc);
	xapian_mset_free(mset);
}

/* "More like this": the expand set of a relevant document. */
static void
test_enquire_eset(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_enquire *enq;
	struct xapian_rset *rset;
	struct xapian_eset *eset;
	bool has_energy = false, has_query_term = false;
	double weight, prev = INFINITY;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	enq = enquire_for(db, term_query("Zenergi"));
	rset = NN(xapian_rset_new(&err));
	OK(xapian_rset_add_document(rset, 3, &err));
	EXPECT_ERR_INT(xapian_rset_add_document(rset, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);

	eset = NN(xapian_enquire_get_eset(enq, 10, rset, false, &err));
	assert_true(xapian_eset_size(eset) > 0);
	assert_true(xapian_eset_size(eset) <= 10);
	for (size_t i = 0; i < xapian_eset_size(eset); i++) {
		const char *term = xapian_eset_get_term(eset, i, &weight);

		assert_non_null(term);
		assert_true(weight <= prev);
		prev = weight;
		if (strcmp(term, "energy") == 0)
			has_energy = true;
		if (strcmp(term, "Zenergi") == 0)
			has_query_term = true;
	}
	assert_true(has_energy);
	assert_false(has_query_term);
	assert_null(xapian_eset_get_term(eset, xapian_eset_size(eset), NULL));
	xapian_eset_free(eset);

	eset = NN(xapian_enquire_get_eset(enq, 100, rset, true, &err));
	has_query_term = false;
	for (size_t i = 0; i < xapian_eset_size(eset); i++)
		if (strcmp(xapian_eset_get_term(eset, i, NULL), "Zenergi") == 0)
			has_query_term = true;
	assert_true(has_query_term);
	xapian_eset_free(eset);

	/* The rset as relevance feedback: d3 being known relevant raises
	 * the weight of the term it has. */
	{
		struct xapian_mset *mset =
			NN(xapian_enquire_get_mset(enq, 0, 10, 0, NULL, &err));
		double plain, fed;

		assert_int_equal(xapian_mset_size(mset), 1);
		OK(xapian_mset_get_weight(mset, 0, &plain, &err));
		xapian_mset_free(mset);
		mset = NN(xapian_enquire_get_mset(enq, 0, 10, 0, rset, &err));
		assert_int_equal(xapian_mset_size(mset), 1);
		OK(xapian_mset_get_weight(mset, 0, &fed, &err));
		xapian_mset_free(mset);
		assert_true(fed > plain + 1e-6);
	}
	EXPECT_ERR_PTR(xapian_enquire_get_eset(enq, 10, NULL, false, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_rset_free(rset);
	xapian_enquire_free(enq);
	xapian_database_free(db);
}

/*
 * Snippets highlight stemmed matches and escape the text as HTML.
 *
 * What Xapian 1.4 does to the text (checked below): "&" -> "&amp;", "<" ->
 * "&lt;", ">" -> "&gt;"; quotes (" and ') are left alone, and the
 * highlight and omit markers are inserted verbatim.  So a snippet is safe
 * as HTML element content, but NOT inside an attribute value.
 */
static void
test_mset_snippet(void **state)
{
	static const char text[] =
		"Public consultations & <script>alert(\"x\")</script> 'q' a>b";
	static const char long_text[] =
		"Lots of words here before the part that matters. Public "
		"consultations & more text after that continues for a while "
		"and more and more and more.";
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_query_parser *qp;
	struct xapian_stem *stem;
	struct xapian_enquire *enq;
	struct xapian_mset *mset;
	char *s;
	size_t len;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	qp = corpus_parser(db);
	enq = enquire_for(db, NN(xapian_query_parser_parse_query(
				      qp, "consultation", 0, NULL, &err)));
	mset = NN(xapian_enquire_get_mset(enq, 0, 10, 0, NULL, &err));
	stem = NN(xapian_stem_new("english", &err));

	s = NN(xapian_mset_snippet(mset, text, sizeof text - 1, 500, stem,
				   XAPIAN_SNIPPET_EXHAUSTIVE, "<b>", "</b>",
				   "...", &len, &err));
	assert_int_equal(len, strlen(s));
	assert_string_equal(s, "Public <b>consultations</b> &amp; "
			       "&lt;script&gt;alert(\"x\")&lt;/script&gt; "
			       "'q' a&gt;b");
	free(s);

	/* Cut to about 30 bytes around the match, with the omit marker. */
	s = NN(xapian_mset_snippet(mset, long_text, sizeof long_text - 1, 30,
				   stem, 0, "[", "]", "...", NULL, &err));
	assert_non_null(strstr(s, "[consultations]"));
	assert_int_equal(strncmp(s, "...", 3), 0);
	assert_true(strlen(s) < sizeof long_text - 1);
	free(s);

	/* Without the stemmer "consultations" doesn't match Zconsult. */
	s = NN(xapian_mset_snippet(mset, text, sizeof text - 1, 500, NULL, 0,
				   "<b>", "</b>", "...", NULL, &err));
	assert_null(strstr(s, "<b>"));
	free(s);

	/* No match: the text, or nothing with EMPTY_WITHOUT_MATCH. */
	s = NN(xapian_mset_snippet(mset, "nothing & here", 14, 500, stem, 0,
				   "<b>", "</b>", "...", NULL, &err));
	assert_string_equal(s, "nothing &amp; here");
	free(s);
	s = NN(xapian_mset_snippet(mset, "nothing & here", 14, 500, stem,
				   XAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH, "<b>",
				   "</b>", "...", &len, &err));
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);

	xapian_stem_free(stem);
	xapian_mset_free(mset);
	xapian_enquire_free(enq);
	xapian_query_parser_free(qp);
	xapian_database_free(db);
}

/* ------------------------------------------------------------------------- */
/* Match spies                                                               */
/* ------------------------------------------------------------------------- */

/* Facet counts over a match, all values and the top ones. */
static void
test_match_spy_counts(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_enquire *enq;
	struct xapian_mset *mset;
	struct xapian_value_count_match_spy *spy, *spy2;
	char list[LIST_SIZE];

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	enq = enquire_for(db, NN(xapian_query_new_match_all(&err)));
	spy = NN(xapian_value_count_match_spy_new(SLOT_CATEGORY, &err));
	OK(xapian_enquire_add_matchspy(enq, spy, &err));
	mset = NN(xapian_enquire_get_mset(enq, 0, 2, CORPUS_SIZE, NULL, &err));
	xapian_mset_free(mset);

	assert_int_equal(xapian_value_count_match_spy_get_total(spy),
			 CORPUS_SIZE);
	join_terms_ex(NN(xapian_value_count_match_spy_values(spy, 0, &err)),
		      true, false, list, sizeof list);
	assert_string_equal(list, "energy=1 health=2 planning=3");
	join_terms_ex(NN(xapian_value_count_match_spy_values(spy, 2, &err)),
		      true, false, list, sizeof list);
	assert_string_equal(list, "planning=3 health=2");
	join_terms(NN(xapian_value_count_match_spy_values(spy, 1, &err)), list,
		   sizeof list);
	assert_string_equal(list, "planning");

	/* A spy on a narrower match, replacing the first. */
	OK(xapian_enquire_clear_matchspies(enq, &err));
	xapian_enquire_free(enq);
	enq = enquire_for(db, term_query("Zconsult"));
	spy2 = NN(xapian_value_count_match_spy_new(SLOT_CATEGORY, &err));
	OK(xapian_enquire_add_matchspy(enq, spy2, &err));
	mset = NN(xapian_enquire_get_mset(enq, 0, 10, 10, NULL, &err));
	xapian_mset_free(mset);
	assert_int_equal(xapian_value_count_match_spy_get_total(spy2), 4);
	join_terms_ex(NN(xapian_value_count_match_spy_values(spy2, 0, &err)),
		      true, false, list, sizeof list);
	assert_string_equal(list, "health=2 planning=2");
	/* The first spy kept its counts. */
	assert_int_equal(xapian_value_count_match_spy_get_total(spy),
			 CORPUS_SIZE);
	xapian_value_count_match_spy_free(spy);
	xapian_value_count_match_spy_free(spy2);
	xapian_enquire_free(enq);
	xapian_database_free(db);
}

/* Spy and enquire handles are independent: either may be freed first. */
static void
test_match_spy_lifetimes(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_enquire *enq;
	struct xapian_mset *mset;
	struct xapian_value_count_match_spy *spy;
	char list[LIST_SIZE];

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);

	/* The spy handle freed after being added: the enquire keeps it. */
	enq = enquire_for(db, NN(xapian_query_new_match_all(&err)));
	spy = NN(xapian_value_count_match_spy_new(SLOT_CATEGORY, &err));
	OK(xapian_enquire_add_matchspy(enq, spy, &err));
	xapian_value_count_match_spy_free(spy);
	mset = NN(xapian_enquire_get_mset(enq, 0, 10, CORPUS_SIZE, NULL,
					  &err));
	assert_int_equal(xapian_mset_size(mset), CORPUS_SIZE);
	xapian_mset_free(mset);
	xapian_enquire_free(enq);

	/* The enquire (and database) freed first: the spy is still usable. */
	enq = enquire_for(db, NN(xapian_query_new_match_all(&err)));
	spy = NN(xapian_value_count_match_spy_new(SLOT_DUP, &err));
	OK(xapian_enquire_add_matchspy(enq, spy, &err));
	mset = NN(xapian_enquire_get_mset(enq, 0, 10, CORPUS_SIZE, NULL,
					  &err));
	xapian_enquire_free(enq);
	xapian_database_free(db);
	xapian_mset_free(mset);
	assert_int_equal(xapian_value_count_match_spy_get_total(spy),
			 CORPUS_SIZE);
	join_terms_ex(NN(xapian_value_count_match_spy_values(spy, 1, &err)),
		      true, false, list, sizeof list);
	assert_string_equal(list, "dup=2");
	xapian_value_count_match_spy_free(spy);
}

/* ------------------------------------------------------------------------- */
/* Sortable numbers                                                          */
/* ------------------------------------------------------------------------- */

/* Bytewise comparison of two serialised numbers. */
static int
compare_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* sortable_serialise round-trips and sorts bytewise in numeric order. */
static void
test_sortable_serialise(void **state)
{
	static const double values[] = {
		-INFINITY, -1e300, -1e10, -3.5, -1, -0.001, -1e-300, 0,
		1e-300,	   0.001,  1,	  2,	3.5, 10,     1e10,    1e300,
		INFINITY};
	enum { N = sizeof values / sizeof values[0] };
	char buf[N][18];
	size_t len[N];

	(void)state;
	for (size_t i = 0; i < N; i++) {
		len[i] = xapian_sortable_serialise(values[i], buf[i]);
		assert_true(len[i] <= 18);
		assert_true(xapian_sortable_unserialise(buf[i], len[i]) ==
			    values[i]);
		if (i > 0)
			assert_true(compare_bytes(buf[i - 1], len[i - 1],
						  buf[i], len[i]) < 0);
	}
	/* -0 is 0. */
	{
		char z[18];
		size_t zlen = xapian_sortable_serialise(-0.0, z);

		assert_int_equal(compare_bytes(z, zlen, buf[7], len[7]), 0);
	}
}

/* ------------------------------------------------------------------------- */

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_enquire_ranking),
		T(test_enquire_sorting),
		T(test_enquire_collapse),
		T(test_enquire_cutoff_and_time_limit),
		T(test_mset_pages_and_hits),
		T(test_enquire_eset),
		T(test_mset_snippet),
		T(test_match_spy_counts),
		T(test_match_spy_lifetimes),
		T(test_sortable_serialise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
