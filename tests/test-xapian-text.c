/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-xapian-text.c: unit tests of the text side of the C binding over
 * libxapian (xapian-c.h): the term generator (stemming, positions,
 * stoppers, spelling data, the word length limit), the stemmer and
 * Unicode case folding, the query parser (default operator, prefixes,
 * ranges and range callbacks, syntax errors, wildcard limits, spelling
 * correction, stop words, synonyms) and queries built directly
 * (descriptions, lengths, terms, copies, each operator against the
 * corpus).
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

#include "testutil.h"
#include "xapian-c.h"
#include "xapian-fixture.h"

/* ------------------------------------------------------------------------- */
/* Term generator                                                            */
/* ------------------------------------------------------------------------- */

/* The positions of `term` in `doc`, as "p1 p2 ..." ("" if none). */
static void
positions_of(const struct xapian_document *doc, const char *term, char *buf,
	     size_t size)
{
	struct xapian_error err;
	struct xapian_term_iterator *it;
	xapian_termpos pos[16];
	size_t n, used = 0;

	memset(&err, 0, sizeof err);
	buf[0] = '\0';
	it = NN(xapian_document_termlist(doc, &err));
	assert_int_equal(OK(xapian_term_iterator_skip_to(it, term, &err)), 1);
	assert_string_equal(xapian_term_iterator_current(it, NULL), term);
	OK(xapian_term_iterator_get_positions(it, pos, 16, &n, &err));
	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(tu_format(buf + used, size - used, "%s%u",
					   used ? " " : "", (unsigned)pos[i]),
				 0);
		used += strlen(buf + used);
	}
	xapian_term_iterator_free(it);
}

/* A term generator with the English stemmer and STEM_SOME. */
static struct xapian_term_generator *
english_generator(void)
{
	struct xapian_error err;
	struct xapian_term_generator *tg;
	struct xapian_stem *stem;

	memset(&err, 0, sizeof err);
	tg = NN(xapian_term_generator_new(&err));
	stem = NN(xapian_stem_new("english", &err));
	OK(xapian_term_generator_set_stemmer(tg, stem, &err));
	xapian_stem_free(stem);
	OK(xapian_term_generator_set_stemming_strategy(tg, XAPIAN_STEM_SOME,
						       &err));
	return tg;
}

/* Index `text` into a new document with `tg`; the caller frees it. */
static struct xapian_document *
index_one(struct xapian_term_generator *tg, const char *text)
{
	struct xapian_error err;
	struct xapian_document *doc;

	memset(&err, 0, sizeof err);
	doc = NN(xapian_document_new(&err));
	OK(xapian_term_generator_set_document(tg, doc, &err));
	OK(xapian_term_generator_index_text(tg, text, strlen(text), 1, "",
					    &err));
	return doc;
}

/* STEM_SOME: Z stemmed terms without positions, words with positions. */
static void
test_term_generator_stemming(void **state)
{
	struct xapian_error err;
	struct xapian_term_generator *tg;
	struct xapian_document *doc;
	xapian_termpos pos;
	char list[LIST_SIZE], buf[64];

	(void)state;
	memset(&err, 0, sizeof err);
	tg = english_generator();
	doc = index_one(tg, "Consultations on Housing");
	join_terms_ex(NN(xapian_document_termlist(doc, &err)), false, true,
		      list, sizeof list);
	assert_string_equal(list, "Zconsult:1 Zhous:1 Zon:1 "
				  "consultations:1 housing:1 on:1");
	positions_of(doc, "consultations", buf, sizeof buf);
	assert_string_equal(buf, "1");
	positions_of(doc, "on", buf, sizeof buf);
	assert_string_equal(buf, "2");
	positions_of(doc, "housing", buf, sizeof buf);
	assert_string_equal(buf, "3");
	positions_of(doc, "Zconsult", buf, sizeof buf);
	assert_string_equal(buf, "");
	OK(xapian_term_generator_get_termpos(tg, &pos, &err));
	assert_int_equal(pos, 3);

	/* A gap, then a prefixed field with wdf_inc 2. */
	OK(xapian_term_generator_increase_termpos(tg, 100, &err));
	OK(xapian_term_generator_get_termpos(tg, &pos, &err));
	assert_int_equal(pos, 103);
	OK(xapian_term_generator_index_text(tg, "housing", 7, 2, "S", &err));
	positions_of(doc, "Shousing", buf, sizeof buf);
	assert_string_equal(buf, "104");
	/* Without positions: wdf only, and the position doesn't move. */
	OK(xapian_term_generator_index_text_without_positions(
		tg, "policy policy", 13, 1, "", &err));
	OK(xapian_term_generator_get_termpos(tg, &pos, &err));
	assert_int_equal(pos, 104);
	OK(xapian_term_generator_set_termpos(tg, 500, &err));
	OK(xapian_term_generator_index_text(tg, "review", 6, 1, NULL, &err));
	positions_of(doc, "review", buf, sizeof buf);
	assert_string_equal(buf, "501");
	join_terms_ex(NN(xapian_document_termlist(doc, &err)), false, true,
		      list, sizeof list);
	assert_string_equal(list, "Shousing:2 ZShous:2 Zconsult:1 Zhous:1 "
				  "Zon:1 Zpolici:2 Zreview:1 consultations:1 "
				  "housing:1 on:1 policy:2 review:1");
	positions_of(doc, "policy", buf, sizeof buf);
	assert_string_equal(buf, "");

	/* A new document restarts positions at 0. */
	xapian_document_free(doc);
	doc = index_one(tg, "rail");
	positions_of(doc, "rail", buf, sizeof buf);
	assert_string_equal(buf, "1");
	xapian_document_free(doc);

	/* STEM_ALL_Z: only Z terms, with positions. */
	OK(xapian_term_generator_set_stemming_strategy(tg, XAPIAN_STEM_ALL_Z,
						       &err));
	doc = index_one(tg, "consultations");
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "Zconsult");
	positions_of(doc, "Zconsult", buf, sizeof buf);
	assert_string_equal(buf, "1");
	xapian_document_free(doc);

	/* No stemmer: STEM_ALL_Z then indexes nothing at all (Xapian adds
	 * Z terms only, and without a stemmer it has none to add)... */
	OK(xapian_term_generator_set_stemmer(tg, NULL, &err));
	doc = index_one(tg, "consultations");
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "");
	xapian_document_free(doc);
	/* ... and STEM_SOME indexes the words only. */
	OK(xapian_term_generator_set_stemming_strategy(tg, XAPIAN_STEM_SOME,
						       &err));
	doc = index_one(tg, "consultations");
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "consultations");
	xapian_document_free(doc);

	EXPECT_ERR_INT(xapian_term_generator_set_stemming_strategy(
			       tg, (enum xapian_stem_strategy)42, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_term_generator_free(tg);
}

/* A stopper with each stop strategy; the stopper handle may go first. */
static void
test_term_generator_stopper(void **state)
{
	struct xapian_error err;
	struct xapian_term_generator *tg;
	struct xapian_stopper *stopper;
	struct xapian_document *doc;
	char list[LIST_SIZE], buf[64];

	(void)state;
	memset(&err, 0, sizeof err);
	stopper = NN(xapian_simple_stopper_new(&err));
	OK(xapian_simple_stopper_add(stopper, "the", &err));
	OK(xapian_simple_stopper_add(stopper, "on", &err));
	assert_true(xapian_stopper_is_stopword(stopper, "the"));
	assert_false(xapian_stopper_is_stopword(stopper, "housing"));
	assert_false(xapian_stopper_is_stopword(stopper, NULL));

	tg = english_generator();
	OK(xapian_term_generator_set_stopper(tg, stopper, &err));
	/* The generator holds its own reference. */
	xapian_stopper_free(stopper);

	OK(xapian_term_generator_set_stopper_strategy(tg, XAPIAN_STOP_ALL,
						      &err));
	doc = index_one(tg, "the housing");
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "Zhous housing");
	/* A dropped stop word takes up no position. */
	positions_of(doc, "housing", buf, sizeof buf);
	assert_string_equal(buf, "1");
	xapian_document_free(doc);

	OK(xapian_term_generator_set_stopper_strategy(
		tg, XAPIAN_STOP_STEMMED, &err));
	doc = index_one(tg, "the housing");
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "Zhous housing the");
	xapian_document_free(doc);

	OK(xapian_term_generator_set_stopper_strategy(tg, XAPIAN_STOP_NONE,
						      &err));
	doc = index_one(tg, "the housing");
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "Zhous Zthe housing the");
	xapian_document_free(doc);

	/* Removing the stopper: nothing is a stop word any more. */
	OK(xapian_term_generator_set_stopper(tg, NULL, &err));
	OK(xapian_term_generator_set_stopper_strategy(tg, XAPIAN_STOP_ALL,
						      &err));
	doc = index_one(tg, "the housing");
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "Zhous Zthe housing the");
	xapian_document_free(doc);
	EXPECT_ERR_INT(xapian_term_generator_set_stopper_strategy(
			       tg, (enum xapian_stop_strategy)9, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_term_generator_free(tg);
}

/* FLAG_SPELLING with set_database fills the spelling table. */
static void
test_term_generator_spelling(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_term_generator *tg;
	struct xapian_document *doc;
	struct xapian_database *db;
	char path[PATH_SIZE], list[LIST_SIZE];
	char *s;

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	tg = english_generator();
	OK(xapian_term_generator_set_database(tg, wdb, &err));
	OK(xapian_term_generator_set_flags(tg, XAPIAN_TG_FLAG_SPELLING, &err));
	doc = index_one(tg, "Consultation, consultation and housing");
	OK(xapian_writable_database_add_document(wdb, doc, NULL, &err));
	xapian_document_free(doc);
	/* Flags are replaced, not added to: this text isn't recorded. */
	OK(xapian_term_generator_set_flags(tg, 0, &err));
	doc = index_one(tg, "transport");
	OK(xapian_writable_database_add_document(wdb, doc, NULL, &err));
	xapian_document_free(doc);
	OK(xapian_writable_database_commit(wdb, &err));

	db = NN(xapian_database_open(path, &err));
	join_terms_ex(NN(xapian_database_spellings(db, &err)), true, false,
		      list, sizeof list);
	assert_string_equal(list, "and=1 consultation=2 housing=1");
	s = NN(xapian_database_get_spelling_suggestion(db, "consultaton", 2,
						       &err));
	assert_string_equal(s, "consultation");
	free(s);
	s = NN(xapian_database_get_spelling_suggestion(db, "transprt", 2,
						       &err));
	assert_string_equal(s, "");
	free(s);
	xapian_database_free(db);
	EXPECT_ERR_INT(xapian_term_generator_set_database(tg, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);

	/*
	 * Handles are independent, so the term generator keeps the writer
	 * alive, with its lock, after the writer's handle is freed; only
	 * closing releases the lock at once.
	 */
	xapian_writable_database_free(wdb);
	EXPECT_ERR_PTR(xapian_writable_database_open(path, XAPIAN_DB_OPEN,
						     &err),
		       XAPIAN_E_DATABASE_LOCK);
	xapian_term_generator_free(tg);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_OPEN, &err));
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
}

/* Words longer than the maximum word length are skipped. */
static void
test_term_generator_max_word_length(void **state)
{
	struct xapian_error err;
	struct xapian_term_generator *tg;
	struct xapian_document *doc;
	char list[LIST_SIZE], text[100];

	(void)state;
	memset(&err, 0, sizeof err);
	tg = english_generator();
	OK(xapian_term_generator_set_max_word_length(tg, 5, &err));
	doc = index_one(tg, "consultation on rail");
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "Zon Zrail on rail");
	xapian_document_free(doc);

	/* The default is 64 bytes. */
	xapian_term_generator_free(tg);
	tg = english_generator();
	memset(text, 'a', 70);
	memcpy(text + 70, " bus", 5);
	doc = index_one(tg, text);
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "Zbus bus");
	xapian_document_free(doc);
	EXPECT_ERR_INT(xapian_term_generator_set_max_word_length(tg, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_term_generator_free(tg);
}

/* ------------------------------------------------------------------------- */
/* Stemmer                                                                   */
/* ------------------------------------------------------------------------- */

/* Stemming words, unknown languages, the list of languages. */
static void
test_stem(void **state)
{
	struct xapian_error err;
	struct xapian_stem *stem;
	const char *langs;
	char *s;
	size_t len;

	(void)state;
	memset(&err, 0, sizeof err);
	stem = NN(xapian_stem_new("english", &err));
	s = NN(xapian_stem_apply(stem, "consultations", 13, &len, &err));
	assert_string_equal(s, "consult");
	assert_int_equal(len, 7);
	free(s);
	/* The length is honoured: "housings" cut to "housing". */
	s = NN(xapian_stem_apply(stem, "housings", 7, NULL, &err));
	assert_string_equal(s, "hous");
	free(s);
	xapian_stem_free(stem);

	stem = NN(xapian_stem_new("en", &err));
	s = NN(xapian_stem_apply(stem, "policies", 8, NULL, &err));
	assert_string_equal(s, "polici");
	free(s);
	xapian_stem_free(stem);

	stem = NN(xapian_stem_new("none", &err));
	s = NN(xapian_stem_apply(stem, "consultations", 13, NULL, &err));
	assert_string_equal(s, "consultations");
	free(s);
	xapian_stem_free(stem);

	EXPECT_ERR_PTR(xapian_stem_new("klingon", &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	assert_non_null(strstr(err.message, "klingon"));

	langs = xapian_stem_get_available_languages();
	assert_non_null(strstr(langs, "english"));
	assert_non_null(strstr(langs, "french"));
	assert_ptr_equal(langs, xapian_stem_get_available_languages());
}

/* Lower-casing UTF-8 with Xapian's tables, binary-safe. */
static void
test_unicode_tolower(void **state)
{
	/* "ÉCOLE ΣΠ Consultation", a NUL, "X". */
	static const char mixed[] =
		"\xc3\x89" "COLE \xce\xa3\xce\xa0 Consultation\0X";
	struct xapian_error err;
	struct xapian_term_generator *tg;
	struct xapian_document *doc;
	char list[LIST_SIZE];
	char *s;
	size_t len;

	(void)state;
	memset(&err, 0, sizeof err);
	s = NN(xapian_unicode_tolower(mixed, sizeof mixed - 1, &len, &err));
	assert_int_equal(len, sizeof mixed - 1);
	assert_memory_equal(s, "\xc3\xa9" "cole \xcf\x83\xcf\x80 consultation\0x",
			    len);
	free(s);
	s = NN(xapian_unicode_tolower(NULL, 0, &len, &err));
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	EXPECT_ERR_PTR(xapian_unicode_tolower(NULL, 3, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);

	/* The same folding as the term generator's. */
	tg = english_generator();
	OK(xapian_term_generator_set_stemmer(tg, NULL, &err));
	doc = index_one(tg, "\xc3\x89" "COLE");
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	s = NN(xapian_unicode_tolower("\xc3\x89" "COLE", 6, NULL, &err));
	assert_string_equal(list, s);
	free(s);
	xapian_document_free(doc);
	xapian_term_generator_free(tg);
}

/* ------------------------------------------------------------------------- */
/* Query parser                                                              */
/* ------------------------------------------------------------------------- */

/* Default operator and stemming strategy, seen in queries and results. */
static void
test_query_parser_default_op_and_stemming(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_query_parser *qp;
	struct xapian_query *q;
	char list[LIST_SIZE];
	char *desc;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	qp = corpus_parser(db);

	q = NN(xapian_query_parser_parse_query(qp, "consultation", 0, NULL,
					       &err));
	desc = NN(xapian_query_get_description(q, &err));
	assert_string_equal(desc, "Query(Zconsult@1)");
	free(desc);
	xapian_query_free(q);

	/* OR by default, AND when asked. */
	parse_and_match(qp, db, "housing energy", 0, list, sizeof list);
	assert_string_equal(list, "d1 d3 d4");
	OK(xapian_query_parser_set_default_op(qp, XAPIAN_QUERY_OP_AND, &err));
	parse_and_match(qp, db, "housing energy", 0, list, sizeof list);
	assert_string_equal(list, "");
	parse_and_match(qp, db, "housing policy", 0, list, sizeof list);
	assert_string_equal(list, "d1");
	EXPECT_ERR_INT(xapian_query_parser_set_default_op(
			       qp, XAPIAN_QUERY_OP_VALUE_RANGE, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	OK(xapian_query_parser_set_default_op(qp, XAPIAN_QUERY_OP_OR, &err));

	/* A default prefix: words search the title. */
	q = NN(xapian_query_parser_parse_query(qp, "energy", 0, "S", &err));
	desc = NN(xapian_query_get_description(q, &err));
	assert_string_equal(desc, "Query(ZSenergi@1)");
	free(desc);
	xapian_query_free(q);

	/* STEM_NONE: exact words only ("consultations" only in d1). */
	OK(xapian_query_parser_set_stemming_strategy(qp, XAPIAN_STEM_NONE,
						     &err));
	q = NN(xapian_query_parser_parse_query(qp, "consultations", 0, NULL,
					       &err));
	desc = NN(xapian_query_get_description(q, &err));
	assert_string_equal(desc, "Query(consultations@1)");
	free(desc);
	match_ids(db, q, list, sizeof list);
	assert_string_equal(list, "d1");
	xapian_query_free(q);
	EXPECT_ERR_INT(xapian_query_parser_set_stemming_strategy(
			       qp, (enum xapian_stem_strategy)-1, &err),
		       XAPIAN_E_INVALID_ARGUMENT);

	xapian_query_parser_free(qp);
	xapian_database_free(db);
}

/* Free-text prefixes and boolean prefixes with and without grouping. */
static void
test_query_parser_prefixes(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_query_parser *qp;
	char list[LIST_SIZE];

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	qp = corpus_parser(db);
	OK(xapian_query_parser_add_prefix(qp, "title", "S", &err));
	OK(xapian_query_parser_add_boolean_prefix(qp, "category", "XC", NULL,
						  &err));
	OK(xapian_query_parser_add_boolean_prefix(qp, "type", "XT", NULL,
						  &err));
	/* Two fields in one group. */
	OK(xapian_query_parser_add_boolean_prefix(qp, "cat", "XC", "subject",
						  &err));
	OK(xapian_query_parser_add_boolean_prefix(qp, "kind", "XT", "subject",
						  &err));

	parse_and_match(qp, db, "title:energy", 0, list, sizeof list);
	assert_string_equal(list, "d3");
	parse_and_match(qp, db, "title:housing", 0, list, sizeof list);
	assert_string_equal(list, "d1 d4");
	parse_and_match(qp, db, "title:transport", 0, list, sizeof list);
	assert_string_equal(list, "d2");

	/* Same field: ORed.  Different fields: ANDed. */
	parse_and_match(qp, db, "category:energy category:health", 0, list,
			sizeof list);
	assert_string_equal(list, "d3 d5 d6");
	parse_and_match(qp, db, "category:planning type:report", 0, list,
			sizeof list);
	assert_string_equal(list, "d1");
	parse_and_match(qp, db, "category:energy type:guidance", 0, list,
			sizeof list);
	assert_string_equal(list, "");
	/* Different fields in the same group: ORed. */
	parse_and_match(qp, db, "cat:energy kind:guidance", 0, list,
			sizeof list);
	assert_string_equal(list, "d3 d4");
	/* An empty grouping: a document may have several values, so the
	 * same field's filters are ANDed. */
	OK(xapian_query_parser_add_boolean_prefix(qp, "multi", "XC", "",
						  &err));
	parse_and_match(qp, db, "multi:energy multi:health", 0, list,
			sizeof list);
	assert_string_equal(list, "");
	parse_and_match(qp, db, "multi:health", 0, list, sizeof list);
	assert_string_equal(list, "d5 d6");
	/* A filter with free text: the filter restricts the text's matches. */
	parse_and_match(qp, db, "consultation category:health", 0, list,
			sizeof list);
	assert_string_equal(list, "d5 d6");

	EXPECT_ERR_INT(xapian_query_parser_add_boolean_prefix(qp, "", "X",
							      NULL, &err),
		       XAPIAN_E_UNIMPLEMENTED);
	xapian_query_parser_free(qp);
	xapian_database_free(db);
}

/* Date, number and string ranges on value slots. */
static void
test_query_parser_ranges(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_query_parser *qp;
	char list[LIST_SIZE];

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);

	/* Dates without a prefix. */
	qp = corpus_parser(db);
	OK(xapian_query_parser_add_date_range(qp, SLOT_DATE, NULL, 0, 1970,
					      &err));
	parse_and_match(qp, db, "20120101..20141231", 0, list, sizeof list);
	assert_string_equal(list, "d1 d2 d5 d6");
	parse_and_match(qp, db, "2012-01-01..2013-12-31", 0, list,
			sizeof list);
	assert_string_equal(list, "d1 d2");
	/* Open-ended. */
	parse_and_match(qp, db, "20141231..", 0, list, sizeof list);
	assert_string_equal(list, "d3 d5");
	parse_and_match(qp, db, "consultation 20120101..20131231", 0, list,
			sizeof list);
	assert_string_equal(list, "d1 d2");
	xapian_query_parser_free(qp);

	/* Prefixed dates, numbers and strings in one parser. */
	qp = corpus_parser(db);
	OK(xapian_query_parser_add_date_range(qp, SLOT_DATE, "date:", 0, 1970,
					      &err));
	OK(xapian_query_parser_add_number_range(qp, SLOT_NUMBER, "n:", 0,
						&err));
	OK(xapian_query_parser_add_number_range(qp, SLOT_NUMBER, "kg",
						XAPIAN_RP_SUFFIX, &err));
	OK(xapian_query_parser_add_string_range(qp, SLOT_CATEGORY, "cat:", 0,
						&err));
	parse_and_match(qp, db, "date:20120101..20141231", 0, list,
			sizeof list);
	assert_string_equal(list, "d1 d2 d5 d6");
	parse_and_match(qp, db, "n:10..25", 0, list, sizeof list);
	assert_string_equal(list, "d1 d2 d5 d6");
	parse_and_match(qp, db, "n:15.5..100", 0, list, sizeof list);
	assert_string_equal(list, "d2 d4 d6");
	parse_and_match(qp, db, "5..10kg", 0, list, sizeof list);
	assert_string_equal(list, "d1 d3");
	parse_and_match(qp, db, "cat:energy..health", 0, list, sizeof list);
	assert_string_equal(list, "d3 d5 d6");
	/* Ranges on different slots are ANDed. */
	parse_and_match(qp, db, "cat:energy..health n:0..15", 0, list,
			sizeof list);
	assert_string_equal(list, "d3 d5");
	xapian_query_parser_free(qp);
	xapian_database_free(db);
}

struct range_ctx {
	int calls;
	int accepted;
};

/*
 * A range callback for "y2012..2014" (prefix "y" stripped by Xapian): a
 * date range over whole years.  Anything else isn't ours: NULL.
 */
static struct xapian_query *
year_range(void *ctx, const char *begin, const char *end)
{
	struct range_ctx *rc = ctx;
	char lo[16], hi[16];

	rc->calls++;
	if (strlen(begin) != 4 || strlen(end) != 4 ||
	    strspn(begin, "0123456789") != 4 || strspn(end, "0123456789") != 4)
		return NULL;
	rc->accepted++;
	snprintf(lo, sizeof lo, "%s0101", begin);
	snprintf(hi, sizeof hi, "%s1231", end);
	return xapian_query_new_value_range(SLOT_DATE, lo, 8, hi, 8, NULL);
}

/* The C range callback: accepted ranges, and what NULL leads to. */
static void
test_query_parser_range_callback(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_query_parser *qp;
	struct xapian_query *q;
	struct range_ctx ctx = {0, 0};
	char list[LIST_SIZE];
	char *desc;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	qp = corpus_parser(db);
	OK(xapian_query_parser_add_range_callback(qp, SLOT_DATE, "y", 0,
						  year_range, &ctx, &err));
	parse_and_match(qp, db, "y2012..2014", 0, list, sizeof list);
	assert_string_equal(list, "d1 d2 d5 d6");
	assert_int_equal(ctx.calls, 1);
	assert_int_equal(ctx.accepted, 1);
	parse_and_match(qp, db, "y2011..2011 housing", 0, list, sizeof list);
	assert_string_equal(list, "d4");

	/*
	 * Unrecognised (NULL) with no other range processor to try: the
	 * parse fails.  So does a range without our prefix, which is not
	 * even offered to the callback.
	 */
	ctx.calls = 0;
	EXPECT_ERR_PTR(xapian_query_parser_parse_query(qp, "yfoo..bar", 0,
						       NULL, &err),
		       XAPIAN_E_QUERY_PARSER);
	assert_string_equal(err.message, "Unknown range operation");
	assert_int_equal(ctx.calls, 1);
	assert_int_equal(ctx.accepted, 2);
	EXPECT_ERR_PTR(xapian_query_parser_parse_query(qp, "2012..2014", 0,
						       NULL, &err),
		       XAPIAN_E_QUERY_PARSER);
	assert_int_equal(ctx.calls, 1);
	/* A later range processor gets what the callback declines. */
	OK(xapian_query_parser_add_string_range(qp, SLOT_CATEGORY, "y", 0,
						&err));
	q = NN(xapian_query_parser_parse_query(qp, "yenergy..health", 0, NULL,
					       &err));
	assert_int_equal(ctx.calls, 2);
	desc = NN(xapian_query_get_description(q, &err));
	assert_non_null(strstr(desc, "VALUE_RANGE 2 energy health"));
	free(desc);
	match_ids(db, q, list, sizeof list);
	assert_string_equal(list, "d3 d5 d6");
	xapian_query_free(q);

	EXPECT_ERR_INT(xapian_query_parser_add_range_callback(
			       qp, 0, "", 0, NULL, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_query_parser_free(qp);
	xapian_database_free(db);
}

/* Syntax errors are QueryParserError with Xapian's explanation. */
static void
test_query_parser_syntax_error(void **state)
{
	struct xapian_error err;
	struct xapian_query_parser *qp;
	struct xapian_query *q;

	(void)state;
	memset(&err, 0, sizeof err);
	qp = corpus_parser(NULL);
	EXPECT_ERR_PTR(xapian_query_parser_parse_query(
			       qp, "(foo AND", XAPIAN_QP_FLAG_BOOLEAN, NULL,
			       &err),
		       XAPIAN_E_QUERY_PARSER);
	assert_non_null(strstr(err.message, "Syntax"));
	assert_true(xapian_error_is_a(err.code, XAPIAN_E_RUNTIME));
	assert_null(xapian_query_parser_parse_query(
		qp, "foo AND", XAPIAN_QP_FLAG_BOOLEAN, NULL, NULL));
	/* An empty query string is an empty query, not an error. */
	q = NN(xapian_query_parser_parse_query(qp, "", 0, NULL, &err));
	assert_true(xapian_query_empty(q));
	xapian_query_free(q);
	xapian_query_parser_free(qp);
}

/* A wildcard expanding beyond the limit fails with WildcardError. */
static void
test_query_parser_wildcard_limit(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_query_parser *qp;
	struct xapian_query *q;
	struct xapian_enquire *enq;
	char list[LIST_SIZE];
	unsigned flags = XAPIAN_QP_FLAG_DEFAULT | XAPIAN_QP_FLAG_WILDCARD;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	qp = corpus_parser(db);

	/* Unlimited: "hous*" is "houses" and "housing". */
	parse_and_match(qp, db, "hous*", flags, list, sizeof list);
	assert_string_equal(list, "d1 d4");

	/* The parse succeeds; the match that expands it fails. */
	OK(xapian_query_parser_set_max_expansion(
		qp, 1, XAPIAN_WILDCARD_LIMIT_ERROR, 0, &err));
	q = NN(xapian_query_parser_parse_query(qp, "hous*", flags, NULL,
					       &err));
	enq = NN(xapian_enquire_new(db, &err));
	OK(xapian_enquire_set_query(enq, q, 0, &err));
	EXPECT_ERR_PTR(xapian_enquire_get_mset(enq, 0, 10, 0, NULL, &err),
		       XAPIAN_E_WILDCARD);
	assert_true(xapian_error_is_a(err.code, XAPIAN_E_RUNTIME));
	xapian_enquire_free(enq);
	xapian_query_free(q);

	/* Within the limit it runs. */
	parse_and_match(qp, db, "energ*", flags, list, sizeof list);
	assert_string_equal(list, "d3");

	/* FIRST keeps the first terms in term order ("houses"). */
	OK(xapian_query_parser_set_max_expansion(
		qp, 1, XAPIAN_WILDCARD_LIMIT_FIRST, 0, &err));
	parse_and_match(qp, db, "hous*", flags, list, sizeof list);
	assert_string_equal(list, "d4");
	EXPECT_ERR_INT(xapian_query_parser_set_max_expansion(
			       qp, 1, (enum xapian_wildcard_limit)5, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_query_parser_free(qp);
	xapian_database_free(db);
}

/* Spelling correction from the database's spelling table. */
static void
test_query_parser_spelling_correction(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_query_parser *qp;
	struct xapian_query *q;
	unsigned flags = XAPIAN_QP_FLAG_DEFAULT |
			 XAPIAN_QP_FLAG_SPELLING_CORRECTION;
	char *s;

	db = open_corpus(f, "db", true);
	memset(&err, 0, sizeof err);
	qp = corpus_parser(db);
	q = NN(xapian_query_parser_parse_query(qp, "consultaton housing",
					       flags, NULL, &err));
	xapian_query_free(q);
	s = NN(xapian_query_parser_get_corrected_query_string(qp, &err));
	assert_string_equal(s, "consultation housing");
	free(s);

	q = NN(xapian_query_parser_parse_query(qp, "consultation", flags,
					       NULL, &err));
	xapian_query_free(q);
	s = NN(xapian_query_parser_get_corrected_query_string(qp, &err));
	assert_string_equal(s, "");
	free(s);
	xapian_query_parser_free(qp);
	xapian_database_free(db);
}

/* The stop words a parse dropped and the words behind a stemmed term. */
static void
test_query_parser_stoplist_and_unstem(void **state)
{
	struct xapian_error err;
	struct xapian_query_parser *qp;
	struct xapian_stopper *stopper;
	struct xapian_query *q;
	char list[LIST_SIZE];
	char *desc;

	(void)state;
	memset(&err, 0, sizeof err);
	qp = corpus_parser(NULL);
	stopper = NN(xapian_simple_stopper_new(&err));
	OK(xapian_simple_stopper_add(stopper, "the", &err));
	OK(xapian_simple_stopper_add(stopper, "on", &err));
	OK(xapian_query_parser_set_stopper(qp, stopper, &err));
	xapian_stopper_free(stopper);

	q = NN(xapian_query_parser_parse_query(
		qp, "the consultations on housing consultation", 0, NULL,
		&err));
	desc = NN(xapian_query_get_description(q, &err));
	assert_null(strstr(desc, "the"));
	free(desc);
	xapian_query_free(q);
	join_terms(NN(xapian_query_parser_stoplist(qp, &err)), list,
		   sizeof list);
	assert_string_equal(list, "the on");
	join_terms(NN(xapian_query_parser_unstem(qp, "Zconsult", &err)), list,
		   sizeof list);
	/* In the order the words came in the query. */
	assert_string_equal(list, "consultations consultation");
	join_terms(NN(xapian_query_parser_unstem(qp, "Znothing", &err)), list,
		   sizeof list);
	assert_string_equal(list, "");

	/* Without the stopper nothing is dropped. */
	OK(xapian_query_parser_set_stopper(qp, NULL, &err));
	q = NN(xapian_query_parser_parse_query(qp, "the housing", 0, NULL,
					       &err));
	xapian_query_free(q);
	join_terms(NN(xapian_query_parser_stoplist(qp, &err)), list,
		   sizeof list);
	assert_string_equal(list, "");
	xapian_query_parser_free(qp);
}

/* FLAG_AUTO_SYNONYMS expands words with the database's synonyms. */
static void
test_query_parser_synonyms(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_database *db;
	struct xapian_query_parser *qp;
	struct xapian_query *q;
	char path[PATH_SIZE], list[LIST_SIZE];
	char *desc;
	unsigned flags = XAPIAN_QP_FLAG_DEFAULT | XAPIAN_QP_FLAG_AUTO_SYNONYMS;

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	build_corpus_db(path, 0, 1, false);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_OPEN, &err));
	/* Keys are stemmed terms, as the parser looks them up. */
	OK(xapian_writable_database_add_synonym(wdb, "Ztrain", "Zrail",
						&err));
	OK(xapian_writable_database_commit(wdb, &err));
	db = NN(xapian_database_open(path, &err));
	qp = corpus_parser(db);

	parse_and_match(qp, db, "train", 0, list, sizeof list);
	assert_string_equal(list, "");
	q = NN(xapian_query_parser_parse_query(qp, "train", flags, NULL,
					       &err));
	desc = NN(xapian_query_get_description(q, &err));
	assert_non_null(strstr(desc, "SYNONYM"));
	assert_non_null(strstr(desc, "Zrail"));
	free(desc);
	match_ids(db, q, list, sizeof list);
	assert_string_equal(list, "d2");
	xapian_query_free(q);

	xapian_query_parser_free(qp);
	xapian_database_free(db);
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
}

/* ------------------------------------------------------------------------- */
/* Queries                                                                   */
/* ------------------------------------------------------------------------- */

/* Building queries: description, length, terms, copy, empty. */
static void
test_query_build(void **state)
{
	struct xapian_error err;
	struct xapian_query *a, *b, *q, *copy, *subs[3];
	char list[LIST_SIZE];
	char *desc;

	(void)state;
	memset(&err, 0, sizeof err);
	a = NN(xapian_query_new_term("housing", 2, 1, &err));
	desc = NN(xapian_query_get_description(a, &err));
	assert_string_equal(desc, "Query(housing#2@1)");
	free(desc);
	assert_int_equal(xapian_query_get_length(a), 2);
	assert_false(xapian_query_empty(a));

	b = term_query("policy");
	subs[0] = a;
	subs[1] = b;
	subs[2] = a;
	q = NN(xapian_query_new_combine(XAPIAN_QUERY_OP_OR, subs, 3, 0, &err));
	desc = NN(xapian_query_get_description(q, &err));
	assert_string_equal(desc,
			    "Query((housing#2@1 OR policy OR housing#2@1))");
	free(desc);
	assert_int_equal(xapian_query_get_length(q), 5);
	/* Terms: deduplicated and sorted. */
	join_terms(NN(xapian_query_terms(q, &err)), list, sizeof list);
	assert_string_equal(list, "housing policy");

	/* A copy is independent of the original. */
	copy = NN(xapian_query_copy(q, &err));
	xapian_query_free(q);
	xapian_query_free(a);
	xapian_query_free(b);
	desc = NN(xapian_query_get_description(copy, &err));
	assert_string_equal(desc,
			    "Query((housing#2@1 OR policy OR housing#2@1))");
	free(desc);
	xapian_query_free(copy);

	q = NN(xapian_query_new_match_all(&err));
	assert_false(xapian_query_empty(q));
	desc = NN(xapian_query_get_description(q, &err));
	assert_string_equal(desc, "Query(<alldocuments>)");
	free(desc);
	xapian_query_free(q);
	q = NN(xapian_query_new_match_nothing(&err));
	assert_true(xapian_query_empty(q));
	assert_int_equal(xapian_query_get_length(q), 0);
	desc = NN(xapian_query_get_description(q, &err));
	assert_string_equal(desc, "Query()");
	free(desc);
	xapian_query_free(q);
	/* Combining nothing is the empty query. */
	q = NN(xapian_query_new_combine(XAPIAN_QUERY_OP_AND, NULL, 0, 0,
					&err));
	assert_true(xapian_query_empty(q));
	xapian_query_free(q);

	q = NN(xapian_query_new_wildcard("hous", 0,
					 XAPIAN_WILDCARD_LIMIT_ERROR, &err));
	desc = NN(xapian_query_get_description(q, &err));
	assert_non_null(strstr(desc, "WILDCARD"));
	assert_non_null(strstr(desc, "hous"));
	free(desc);
	xapian_query_free(q);

	/* Bad arguments. */
	a = term_query("a");
	subs[0] = a;
	subs[1] = NULL;
	EXPECT_ERR_PTR(xapian_query_new_combine(XAPIAN_QUERY_OP_AND, subs, 2,
						0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_query_new_combine(XAPIAN_QUERY_OP_VALUE_RANGE,
						subs, 1, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_query_new_scale_weight(a, -1.0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_query_new_value_compare(XAPIAN_QUERY_OP_AND, 0,
						      "x", 1, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_query_new_wildcard(
			       "x", 0, (enum xapian_wildcard_limit)7, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_query_new_value_range(0, NULL, 0, "b", 1, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_query_free(a);
}

/* Each operator, run against the corpus. */
static void
test_query_operators(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_query *q, *plain;
	char list[LIST_SIZE], list2[LIST_SIZE];
	double w1[CORPUS_SIZE], w2[CORPUS_SIZE];
	size_t n1, n2;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);

#define MATCHES(query, expected)                                             \
	do {                                                                 \
		struct xapian_query *mq_ = (query);                          \
		match_ids(db, mq_, list, sizeof list);                       \
		assert_string_equal(list, (expected));                       \
		xapian_query_free(mq_);                                      \
	} while (0)

	MATCHES(combine2(XAPIAN_QUERY_OP_AND, term_query("housing"),
			 term_query("policy"), 0),
		"d1");
	MATCHES(combine2(XAPIAN_QUERY_OP_OR, term_query("housing"),
			 term_query("energy"), 0),
		"d1 d3 d4");
	/* Phrase: in this order, adjacent; NEAR: either order, in window. */
	MATCHES(combine2(XAPIAN_QUERY_OP_PHRASE, term_query("housing"),
			 term_query("policy"), 0),
		"d1");
	MATCHES(combine2(XAPIAN_QUERY_OP_PHRASE, term_query("policy"),
			 term_query("housing"), 0),
		"");
	MATCHES(combine2(XAPIAN_QUERY_OP_NEAR, term_query("policy"),
			 term_query("housing"), 2),
		"d1");
	/* d4: housing(3) ... housing(10), supply(11); benefit(4). */
	MATCHES(combine2(XAPIAN_QUERY_OP_NEAR, term_query("housing"),
			 term_query("supply"), 2),
		"d4");
	MATCHES(combine2(XAPIAN_QUERY_OP_PHRASE, term_query("housing"),
			 term_query("benefit"), 0),
		"d4");
	MATCHES(combine2(XAPIAN_QUERY_OP_FILTER, term_query("Zconsult"),
			 term_query("XCplanning"), 0),
		"d1 d2");
	MATCHES(combine2(XAPIAN_QUERY_OP_AND_NOT, term_query("Zconsult"),
			 term_query("XChealth"), 0),
		"d1 d2");
	MATCHES(combine2(XAPIAN_QUERY_OP_SYNONYM, term_query("rail"),
			 term_query("energy"), 0),
		"d2 d3");
	MATCHES(combine2(XAPIAN_QUERY_OP_XOR, term_query("Zhous"),
			 term_query("Zconsult"), 0),
		"d2 d4 d5 d6");
	MATCHES(combine2(XAPIAN_QUERY_OP_AND_MAYBE, term_query("Zenergi"),
			 term_query("Zconsult"), 0),
		"d3");

	/* FILTER's filter adds no weight. */
	plain = term_query("Zconsult");
	n1 = ranked(db, plain, list, sizeof list, w1, CORPUS_SIZE);
	q = combine2(XAPIAN_QUERY_OP_FILTER, term_query("Zconsult"),
		     term_query("XCplanning"), 0);
	n2 = ranked(db, q, list2, sizeof list2, w2, CORPUS_SIZE);
	xapian_query_free(q);
	assert_string_equal(list2, "d1 d2");
	assert_int_equal(n2, 2);
	assert_true(fabs(w2[0] - w1[0]) < 1e-9);

	/* Scaling multiplies every weight. */
	q = NN(xapian_query_new_scale_weight(plain, 2.5, &err));
	n2 = ranked(db, q, list2, sizeof list2, w2, CORPUS_SIZE);
	xapian_query_free(q);
	assert_int_equal(n1, 4);
	assert_int_equal(n2, n1);
	assert_string_equal(list2, list);
	for (size_t i = 0; i < n1; i++)
		assert_true(fabs(w2[i] - 2.5 * w1[i]) < 1e-9);
	xapian_query_free(plain);

	/* Value ranges and comparisons on the date slot. */
	MATCHES(NN(xapian_query_new_value_range(SLOT_DATE, "20120101", 8,
						"20131231", 8, &err)),
		"d1 d2");
	MATCHES(NN(xapian_query_new_value_compare(XAPIAN_QUERY_OP_VALUE_GE,
						  SLOT_DATE, "20141231", 8,
						  &err)),
		"d3 d5");
	MATCHES(NN(xapian_query_new_value_compare(XAPIAN_QUERY_OP_VALUE_LE,
						  SLOT_DATE, "20111231", 8,
						  &err)),
		"d4");

	/* Wildcards: "hous" is houses (d4) and housing (d1, d4). */
	MATCHES(NN(xapian_query_new_wildcard("hous", 0,
					     XAPIAN_WILDCARD_LIMIT_ERROR,
					     &err)),
		"d1 d4");
	MATCHES(NN(xapian_query_new_wildcard("hous", 1,
					     XAPIAN_WILDCARD_LIMIT_FIRST,
					     &err)),
		"d4");
	MATCHES(NN(xapian_query_new_wildcard(
			"hous", 1, XAPIAN_WILDCARD_LIMIT_MOST_FREQUENT, &err)),
		"d1 d4");

	MATCHES(NN(xapian_query_new_match_all(&err)), "d1 d2 d3 d4 d5 d6");
	MATCHES(NN(xapian_query_new_match_nothing(&err)), "");
#undef MATCHES
	xapian_database_free(db);
}

/* ------------------------------------------------------------------------- */

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_term_generator_stemming),
		T(test_term_generator_stopper),
		T(test_term_generator_spelling),
		T(test_term_generator_max_word_length),
		T(test_stem),
		T(test_unicode_tolower),
		T(test_query_parser_default_op_and_stemming),
		T(test_query_parser_prefixes),
		T(test_query_parser_ranges),
		T(test_query_parser_range_callback),
		T(test_query_parser_syntax_error),
		T(test_query_parser_wildcard_limit),
		T(test_query_parser_spelling_correction),
		T(test_query_parser_stoplist_and_unstem),
		T(test_query_parser_synonyms),
		T(test_query_build),
		T(test_query_operators),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
