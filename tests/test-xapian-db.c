/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-xapian-db.c: unit tests of the C binding over libxapian
 * (xapian-c.h), its error reporting and databases: errors (codes, class
 * names, truncated messages, NULL handles), documents and writable
 * databases (adding, replacing, deleting, transactions, metadata, the
 * write lock, closing, spelling and synonym tables), reading (statistics
 * and iterators) and reopening (including recovery from
 * DatabaseModifiedError).
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
/* Errors                                                                    */
/* ------------------------------------------------------------------------- */

/* A missing database is DatabaseNotFoundError with Xapian's message. */
static void
test_error_database_not_found(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	char path[PATH_SIZE];

	fixture_path(f, "missing", path, sizeof path);
	EXPECT_ERR_PTR(xapian_database_open(path, &err),
		       XAPIAN_E_DATABASE_NOT_FOUND);
	assert_string_equal(err.type, "DatabaseNotFoundError");
	assert_non_null(strstr(err.message, "Couldn't"));
	assert_non_null(strstr(err.message, path));
	/* Xapian's errno text is appended (the test runs in the C locale). */
	assert_non_null(strstr(err.message, ": No such file or directory"));

	assert_true(xapian_error_is_a(err.code, XAPIAN_E_DATABASE_NOT_FOUND));
	assert_true(xapian_error_is_a(err.code, XAPIAN_E_DATABASE_OPENING));
	assert_true(xapian_error_is_a(err.code, XAPIAN_E_DATABASE));
	assert_true(xapian_error_is_a(err.code, XAPIAN_E_RUNTIME));
	assert_false(xapian_error_is_a(err.code, XAPIAN_E_NETWORK));
	assert_false(xapian_error_is_a(err.code, XAPIAN_E_LOGIC));
	assert_false(xapian_error_is_a(err.code, XAPIAN_E_DATABASE_LOCK));
	/* The negated codes that int functions return work as well. */
	assert_true(xapian_error_is_a(-XAPIAN_E_DATABASE_NOT_FOUND,
				      XAPIAN_E_DATABASE));

	/* err may be NULL. */
	assert_null(xapian_database_open(path, NULL));

	/* Opening a missing database for writing without create. */
	EXPECT_ERR_PTR(xapian_writable_database_open(path, XAPIAN_DB_OPEN,
						     &err),
		       XAPIAN_E_DATABASE_NOT_FOUND);
	assert_null(xapian_writable_database_open(path, XAPIAN_DB_OPEN, NULL));
	assert_false(tu_exists(path));
}

/* Messages longer than the buffer are truncated and still terminated. */
static void
test_error_message_truncated(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	char path[PATH_SIZE];
	size_t len;

	/* 700 bytes of path inside the fixture, in components shorter than
	 * NAME_MAX, so that the error is ENOENT rather than ENAMETOOLONG. */
	len = strlen(f->dir);
	memcpy(path, f->dir, len);
	for (size_t i = 0; len < 700; i++)
		path[len++] = i % 100 == 0 ? '/' : 'x';
	path[len] = '\0';
	EXPECT_ERR_PTR(xapian_database_open(path, &err),
		       XAPIAN_E_DATABASE_NOT_FOUND);
	assert_int_equal(strlen(err.message), sizeof err.message - 1);
	assert_int_equal(strncmp(err.message, "Couldn't stat '", 15), 0);
}

/* A failing call fills err; a succeeding one leaves it untouched. */
static void
test_error_untouched_on_success(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err, before;
	struct xapian_database *db;
	xapian_doccount count = 99;

	db = open_corpus(f, "db", false);
	memset(&err, 0x5a, sizeof err);
	err.type[sizeof err.type - 1] = '\0';
	err.message[sizeof err.message - 1] = '\0';
	before = err;
	assert_int_equal(xapian_database_get_doccount(db, &count, &err), 0);
	assert_int_equal(count, CORPUS_SIZE);
	assert_memory_equal(&err, &before, sizeof err);
	xapian_database_free(db);
}

/* NULL handles and bad arguments are INVALID_ARGUMENT, never a crash. */
static void
test_error_null_handles(void **state)
{
	struct xapian_error err;
	struct xapian_database *empty;
	xapian_doccount count;
	xapian_docid docid;
	const char *term;
	double w;

	(void)state;
	EXPECT_ERR_INT(xapian_database_get_doccount(NULL, &count, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	assert_non_null(strstr(err.message, "invalid argument"));
	assert_true(xapian_error_is_a(err.code, XAPIAN_E_LOGIC));
	assert_int_equal(xapian_database_get_doccount(NULL, &count, NULL),
			 -XAPIAN_E_INVALID_ARGUMENT);
	empty = NN(xapian_database_new_empty(&err));
	EXPECT_ERR_INT(xapian_database_get_doccount(empty, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_database_free(empty);

	EXPECT_ERR_PTR(xapian_database_open(NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_database_open("", &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_writable_database_open(NULL, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	/* Flags that trade away crash safety are refused (DB_NO_SYNC). */
	EXPECT_ERR_PTR(xapian_writable_database_open("x", 0x04, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_database_open_remote("127.0.0.1", 0, 0, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_database_open_remote("127.0.0.1", 70000, 0, 0,
						   &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_database_open_remote(NULL, 1, 0, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_writable_database_commit(NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_writable_database_add_document(NULL, NULL, NULL,
							     &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_writable_database_close(NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_database_reopen(NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_document_add_term(NULL, "x", 1, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_document_get_data(NULL, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_stem_apply(NULL, "x", 1, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_stem_new(NULL, &err), XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_simple_stopper_add(NULL, "x", &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_term_generator_index_text(NULL, "x", 1, 1, "",
							&err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_query_new_term(NULL, 1, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_query_parser_parse_query(NULL, "x", 0, NULL,
						       &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_enquire_new(NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_enquire_set_query(NULL, NULL, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_enquire_get_mset(NULL, 0, 10, 0, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_mset_get_docid(NULL, 0, &docid, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_mset_get_weight(NULL, 0, &w, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_term_iterator_next(NULL, &term, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_postlist_iterator_next(NULL, &docid, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_rset_add_document(NULL, 1, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_PTR(xapian_value_count_match_spy_values(NULL, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_database_check(NULL, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_database_compact(NULL, "x", 0, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);

	/* Functions without an err argument answer something harmless. */
	assert_int_equal(xapian_mset_size(NULL), 0);
	assert_int_equal(xapian_mset_get_firstitem(NULL), 0);
	assert_int_equal(xapian_mset_get_matches_estimated(NULL), 0);
	assert_true(xapian_query_empty(NULL));
	assert_int_equal(xapian_query_get_length(NULL), 0);
	assert_int_equal(xapian_database_shard_count(NULL), 0);
	assert_int_equal(xapian_document_get_docid(NULL), 0);
	assert_false(xapian_stopper_is_stopword(NULL, "the"));
	assert_int_equal(xapian_eset_size(NULL), 0);
	assert_null(xapian_eset_get_term(NULL, 0, NULL));
	assert_null(xapian_term_iterator_current(NULL, NULL));
	assert_int_equal(xapian_value_count_match_spy_get_total(NULL), 0);
	assert_null(xapian_writable_database_database(NULL));

	/* Every _free accepts NULL. */
	xapian_term_iterator_free(NULL);
	xapian_postlist_iterator_free(NULL);
	xapian_stem_free(NULL);
	xapian_stopper_free(NULL);
	xapian_document_free(NULL);
	xapian_database_free(NULL);
	xapian_writable_database_free(NULL);
	xapian_term_generator_free(NULL);
	xapian_query_free(NULL);
	xapian_query_parser_free(NULL);
	xapian_value_count_match_spy_free(NULL);
	xapian_rset_free(NULL);
	xapian_eset_free(NULL);
	xapian_enquire_free(NULL);
	xapian_mset_free(NULL);
}

/* Code names, the class hierarchy and the library version. */
static void
test_error_code_names(void **state)
{
	(void)state;
	assert_string_equal(xapian_error_code_name(XAPIAN_E_DATABASE_LOCK),
			    "DatabaseLockError");
	assert_string_equal(xapian_error_code_name(-XAPIAN_E_DATABASE_LOCK),
			    "DatabaseLockError");
	assert_string_equal(xapian_error_code_name(XAPIAN_E_NO_MEMORY),
			    "std::bad_alloc");
	assert_string_equal(xapian_error_code_name(XAPIAN_E_WILDCARD),
			    "WildcardError");
	assert_string_equal(xapian_error_code_name(XAPIAN_E_QUERY_PARSER),
			    "QueryParserError");
	assert_string_equal(xapian_error_code_name(XAPIAN_OK), "UnknownError");
	assert_string_equal(xapian_error_code_name(XAPIAN_E__COUNT),
			    "UnknownError");
	assert_string_equal(xapian_error_code_name(12345), "UnknownError");
	/* Every code has its own, non-empty name. */
	for (int a = XAPIAN_E_NO_MEMORY; a < XAPIAN_E__COUNT; a++) {
		assert_true(xapian_error_code_name(a)[0] != '\0');
		assert_true(xapian_error_is_a(a, a));
		for (int b = a + 1; b < XAPIAN_E__COUNT; b++)
			assert_string_not_equal(xapian_error_code_name(a),
						xapian_error_code_name(b));
	}

	assert_true(xapian_error_is_a(XAPIAN_E_NETWORK_TIMEOUT,
				      XAPIAN_E_NETWORK));
	assert_false(xapian_error_is_a(XAPIAN_E_NETWORK,
				       XAPIAN_E_NETWORK_TIMEOUT));
	assert_true(xapian_error_is_a(XAPIAN_E_DATABASE_VERSION,
				      XAPIAN_E_DATABASE_OPENING));
	assert_true(xapian_error_is_a(XAPIAN_E_DATABASE_MODIFIED,
				      XAPIAN_E_DATABASE));
	assert_true(xapian_error_is_a(XAPIAN_E_INVALID_ARGUMENT,
				      XAPIAN_E_LOGIC));
	assert_true(xapian_error_is_a(XAPIAN_E_WILDCARD, XAPIAN_E_RUNTIME));
	assert_false(xapian_error_is_a(XAPIAN_E_WILDCARD, XAPIAN_E_DATABASE));
	assert_false(xapian_error_is_a(XAPIAN_E_DOC_NOT_FOUND,
				       XAPIAN_E_DATABASE));
	assert_false(xapian_error_is_a(XAPIAN_E_NO_MEMORY, XAPIAN_E_RUNTIME));
	assert_false(xapian_error_is_a(XAPIAN_OK, XAPIAN_OK));
	assert_false(xapian_error_is_a(999, XAPIAN_E_RUNTIME));

	assert_non_null(xapian_version_string());
	assert_int_equal(strncmp(xapian_version_string(), "1.", 2), 0);
}

/* ------------------------------------------------------------------------- */
/* Documents and writable databases                                          */
/* ------------------------------------------------------------------------- */

/* Terms, postings, boolean terms, binary values and data on a document. */
static void
test_document_contents(void **state)
{
	static const char data[] = "head\0tail\xff";
	static const char value[] = "\0\x01\xfe";
	struct xapian_error err;
	struct xapian_document *doc;
	xapian_termcount n;
	char list[LIST_SIZE];
	char *out;
	size_t len;

	(void)state;
	memset(&err, 0, sizeof err);
	doc = NN(xapian_document_new(&err));
	assert_int_equal(xapian_document_get_docid(doc), 0);

	OK(xapian_document_set_data(doc, data, sizeof data - 1, &err));
	out = NN(xapian_document_get_data(doc, &len, &err));
	assert_int_equal(len, sizeof data - 1);
	assert_memory_equal(out, data, len);
	assert_int_equal(out[len], '\0');
	free(out);

	OK(xapian_document_add_value(doc, 5, value, sizeof value - 1, &err));
	OK(xapian_document_add_value(doc, 6, "x", 1, &err));
	OK(xapian_document_values_count(doc, &n, &err));
	assert_int_equal(n, 2);
	/* An empty value removes the slot. */
	OK(xapian_document_add_value(doc, 6, NULL, 0, &err));
	OK(xapian_document_values_count(doc, &n, &err));
	assert_int_equal(n, 1);
	out = NN(xapian_document_get_value(doc, 5, &len, &err));
	assert_int_equal(len, 3);
	assert_memory_equal(out, value, 3);
	free(out);
	out = NN(xapian_document_get_value(doc, 7, &len, &err));
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);

	OK(xapian_document_add_term(doc, "alpha", 2, &err));
	OK(xapian_document_add_posting(doc, "beta", 1, 1, &err));
	OK(xapian_document_add_posting(doc, "beta", 5, 1, &err));
	OK(xapian_document_add_boolean_term(doc, "XCplanning", &err));
	OK(xapian_document_termlist_count(doc, &n, &err));
	assert_int_equal(n, 3);
	join_terms_ex(NN(xapian_document_termlist(doc, &err)), false, true,
		      list, sizeof list);
	assert_string_equal(list, "XCplanning:0 alpha:2 beta:2");

	OK(xapian_document_remove_term(doc, "alpha", &err));
	EXPECT_ERR_INT(xapian_document_remove_term(doc, "alpha", &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	assert_non_null(strstr(err.message, "alpha"));
	join_terms(NN(xapian_document_termlist(doc, &err)), list, sizeof list);
	assert_string_equal(list, "XCplanning beta");

	OK(xapian_document_clear_terms(doc, &err));
	OK(xapian_document_termlist_count(doc, &n, &err));
	assert_int_equal(n, 0);
	/* Values and data survive clearing the terms. */
	OK(xapian_document_values_count(doc, &n, &err));
	assert_int_equal(n, 1);
	xapian_document_free(doc);
}

/* Documents written, read back through the writer's view and a reader. */
static void
test_writable_add_and_read_back(void **state)
{
	static const char data[] = "a\0b";
	static const char value[] = "v\0w";
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_database *view, *db;
	struct xapian_document *doc;
	struct xapian_term_iterator *it;
	xapian_docid id1, id2;
	xapian_doccount count;
	xapian_termcount wdf;
	xapian_termpos pos[3] = {0, 77, 77};
	size_t npos, len;
	char path[PATH_SIZE], list[LIST_SIZE];
	char *out;

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	view = xapian_writable_database_database(wdb);
	assert_non_null(view);
	/* DB_CREATE on an existing database fails. */
	EXPECT_ERR_PTR(xapian_writable_database_open(path, XAPIAN_DB_CREATE,
						     &err),
		       XAPIAN_E_DATABASE_CREATE);

	doc = NN(xapian_document_new(&err));
	OK(xapian_document_add_posting(doc, "beta", 1, 1, &err));
	OK(xapian_document_add_posting(doc, "beta", 5, 1, &err));
	OK(xapian_document_add_posting(doc, "gamma", 2, 1, &err));
	OK(xapian_document_add_term(doc, "alpha", 3, &err));
	OK(xapian_document_add_boolean_term(doc, "XTreport", &err));
	OK(xapian_document_set_data(doc, data, sizeof data - 1, &err));
	OK(xapian_document_add_value(doc, 0, value, sizeof value - 1, &err));
	OK(xapian_writable_database_add_document(wdb, doc, &id1, &err));
	assert_int_equal(id1, 1);
	OK(xapian_writable_database_add_document(wdb, doc, &id2, &err));
	assert_int_equal(id2, 2);
	xapian_document_free(doc);

	/* The writer's view sees uncommitted documents, a reader doesn't. */
	OK(xapian_database_get_doccount(view, &count, &err));
	assert_int_equal(count, 2);
	db = NN(xapian_database_open(path, &err));
	OK(xapian_database_get_doccount(db, &count, &err));
	assert_int_equal(count, 0);
	xapian_database_free(db);

	OK(xapian_writable_database_commit(wdb, &err));
	db = NN(xapian_database_open(path, &err));
	OK(xapian_database_get_doccount(db, &count, &err));
	assert_int_equal(count, 2);

	doc = NN(xapian_database_get_document(db, 2, &err));
	assert_int_equal(xapian_document_get_docid(doc), 2);
	out = NN(xapian_document_get_data(doc, &len, &err));
	assert_int_equal(len, 3);
	assert_memory_equal(out, data, 3);
	free(out);
	out = NN(xapian_document_get_value(doc, 0, &len, &err));
	assert_int_equal(len, 3);
	assert_memory_equal(out, value, 3);
	free(out);
	join_terms_ex(NN(xapian_document_termlist(doc, &err)), false, true,
		      list, sizeof list);
	assert_string_equal(list, "XTreport:0 alpha:3 beta:2 gamma:1");
	xapian_document_free(doc);

	/* The database's term list has the positions. */
	it = NN(xapian_database_termlist(db, 1, &err));
	assert_int_equal(OK(xapian_term_iterator_skip_to(it, "beta", &err)),
			 1);
	assert_string_equal(xapian_term_iterator_current(it, &len), "beta");
	assert_int_equal(len, 4);
	OK(xapian_term_iterator_get_wdf(it, &wdf, &err));
	assert_int_equal(wdf, 2);
	/* At most `max` positions are written; the count is complete. */
	OK(xapian_term_iterator_get_positions(it, pos, 1, &npos, &err));
	assert_int_equal(npos, 2);
	assert_int_equal(pos[0], 1);
	assert_int_equal(pos[1], 77);
	OK(xapian_term_iterator_get_positions(it, NULL, 0, &npos, &err));
	assert_int_equal(npos, 2);
	OK(xapian_term_iterator_get_positions(it, pos, 3, &npos, &err));
	assert_int_equal(npos, 2);
	assert_int_equal(pos[0], 1);
	assert_int_equal(pos[1], 5);
	assert_int_equal(pos[2], 77);
	xapian_term_iterator_free(it);
	xapian_database_free(db);

	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
}

/* Terms over 245 bytes fail when the document is added, not before. */
static void
test_writable_term_too_long(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_document *doc;
	char path[PATH_SIZE], term[300];
	xapian_docid id;

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	memset(term, 'x', sizeof term - 1);
	term[sizeof term - 1] = '\0';
	doc = NN(xapian_document_new(&err));
	OK(xapian_document_add_term(doc, term, 1, &err));
	EXPECT_ERR_INT(xapian_writable_database_add_document(wdb, doc, &id,
							     &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	assert_non_null(strstr(err.message, "too long"));
	xapian_document_free(doc);
	xapian_writable_database_free(wdb);
}

/* replace_document_by_term keeps one document per unique term; deletes. */
static void
test_writable_replace_and_delete(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_database *view;
	struct xapian_document *doc;
	xapian_docid id, first = 0, lastid;
	xapian_doccount count;
	char path[PATH_SIZE];
	char *data;

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(
		path, XAPIAN_DB_CREATE_OR_OVERWRITE, &err));
	view = xapian_writable_database_database(wdb);

	for (int round = 0; round < 3; round++) {
		char text[16];

		snprintf(text, sizeof text, "v%d", round);
		doc = NN(xapian_document_new(&err));
		OK(xapian_document_add_boolean_term(doc, "Qdoc1", &err));
		OK(xapian_document_add_term(doc, text, 1, &err));
		OK(xapian_document_set_data(doc, text, strlen(text), &err));
		OK(xapian_writable_database_replace_document_by_term(
			wdb, "Qdoc1", doc, &id, &err));
		xapian_document_free(doc);
		if (round == 0)
			first = id;
		assert_int_equal(id, first);
	}
	OK(xapian_database_get_doccount(view, &count, &err));
	assert_int_equal(count, 1);
	doc = NN(xapian_database_get_document(view, first, &err));
	data = NN(xapian_document_get_data(doc, NULL, &err));
	assert_string_equal(data, "v2");
	free(data);
	xapian_document_free(doc);
	assert_int_equal(OK(xapian_database_term_exists(view, "v0", &err)), 0);
	assert_int_equal(OK(xapian_database_term_exists(view, "v2", &err)), 1);

	/* A second unique term is a second document (docid may be NULL). */
	doc = NN(xapian_document_new(&err));
	OK(xapian_document_add_boolean_term(doc, "Qdoc2", &err));
	OK(xapian_writable_database_replace_document_by_term(wdb, "Qdoc2", doc,
							     NULL, &err));
	/* replace_document by docid: an absent docid is added at that id. */
	OK(xapian_writable_database_replace_document(wdb, 10, doc, &err));
	OK(xapian_database_get_doccount(view, &count, &err));
	assert_int_equal(count, 3);
	OK(xapian_database_get_lastdocid(view, &lastid, &err));
	assert_int_equal(lastid, 10);
	EXPECT_ERR_INT(xapian_writable_database_replace_document(wdb, 0, doc,
								 &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_writable_database_replace_document_by_term(
			       wdb, "", doc, NULL, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_document_free(doc);

	/* Delete by docid; deleting it again is DocNotFoundError. */
	OK(xapian_writable_database_delete_document(wdb, 10, &err));
	EXPECT_ERR_INT(xapian_writable_database_delete_document(wdb, 10, &err),
		       XAPIAN_E_DOC_NOT_FOUND);
	EXPECT_ERR_INT(xapian_writable_database_delete_document(wdb, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	/* Delete by term; a term indexing nothing is not an error. */
	OK(xapian_writable_database_delete_document_by_term(wdb, "Qdoc1",
							    &err));
	OK(xapian_writable_database_delete_document_by_term(wdb, "Qnone",
							    &err));
	OK(xapian_database_get_doccount(view, &count, &err));
	assert_int_equal(count, 1);
	assert_int_equal(OK(xapian_database_term_exists(view, "Qdoc1", &err)),
			 0);
	assert_int_equal(OK(xapian_database_term_exists(view, "Qdoc2", &err)),
			 1);
	OK(xapian_writable_database_commit(wdb, &err));
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
}

/* Open a fresh reader on `path` and return its document count. */
static xapian_doccount
fresh_count(const char *path)
{
	struct xapian_error err;
	struct xapian_database *db;
	xapian_doccount count;

	memset(&err, 0, sizeof err);
	db = NN(xapian_database_open(path, &err));
	OK(xapian_database_get_doccount(db, &count, &err));
	xapian_database_free(db);
	return count;
}

/* Add an empty document with one term. */
static void
add_simple_doc(struct xapian_writable_database *wdb, const char *term)
{
	struct xapian_error err;
	struct xapian_document *doc;

	memset(&err, 0, sizeof err);
	doc = NN(xapian_document_new(&err));
	OK(xapian_document_add_term(doc, term, 1, &err));
	OK(xapian_writable_database_add_document(wdb, doc, NULL, &err));
	xapian_document_free(doc);
}

/* Transactions: commit makes changes visible at once, cancel drops them. */
static void
test_writable_transactions(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	xapian_doccount count;
	char path[PATH_SIZE];

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	add_simple_doc(wdb, "a");

	/* Flushed: commits "a" first, then the transaction as one commit. */
	OK(xapian_writable_database_begin_transaction(wdb, true, &err));
	assert_int_equal(fresh_count(path), 1);
	add_simple_doc(wdb, "b");
	add_simple_doc(wdb, "c");
	assert_int_equal(fresh_count(path), 1);
	EXPECT_ERR_INT(xapian_writable_database_begin_transaction(wdb, true,
								  &err),
		       XAPIAN_E_INVALID_OPERATION);
	OK(xapian_writable_database_commit_transaction(wdb, &err));
	assert_int_equal(fresh_count(path), 3);

	/* Cancelled: the changes are gone, even after a commit. */
	OK(xapian_writable_database_begin_transaction(wdb, true, &err));
	add_simple_doc(wdb, "d");
	OK(xapian_database_get_doccount(xapian_writable_database_database(wdb),
					&count, &err));
	assert_int_equal(count, 4);
	OK(xapian_writable_database_cancel_transaction(wdb, &err));
	OK(xapian_database_get_doccount(xapian_writable_database_database(wdb),
					&count, &err));
	assert_int_equal(count, 3);
	OK(xapian_writable_database_commit(wdb, &err));
	assert_int_equal(fresh_count(path), 3);

	/* Unflushed: the end of the transaction is not a commit. */
	OK(xapian_writable_database_begin_transaction(wdb, false, &err));
	add_simple_doc(wdb, "e");
	OK(xapian_writable_database_commit_transaction(wdb, &err));
	assert_int_equal(fresh_count(path), 3);
	OK(xapian_writable_database_commit(wdb, &err));
	assert_int_equal(fresh_count(path), 4);

	/* No transaction to end. */
	EXPECT_ERR_INT(xapian_writable_database_commit_transaction(wdb, &err),
		       XAPIAN_E_INVALID_OPERATION);
	EXPECT_ERR_INT(xapian_writable_database_cancel_transaction(wdb, &err),
		       XAPIAN_E_INVALID_OPERATION);

	/* Closing with a transaction open cancels it. */
	OK(xapian_writable_database_begin_transaction(wdb, true, &err));
	add_simple_doc(wdb, "f");
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
	assert_int_equal(fresh_count(path), 4);
}

/* User metadata: binary values, absent keys, key listing, deletion. */
static void
test_writable_metadata(void **state)
{
	static const char value[] = "v\0x";
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_database *db;
	char path[PATH_SIZE], list[LIST_SIZE];
	char *out;
	size_t len;

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	OK(xapian_writable_database_set_metadata(wdb, "k1", value,
						 sizeof value - 1, &err));
	OK(xapian_writable_database_set_metadata(wdb, "k2", "two", 3, &err));
	OK(xapian_writable_database_set_metadata(wdb, "other", "o", 1, &err));
	EXPECT_ERR_INT(xapian_writable_database_set_metadata(wdb, "", "x", 1,
							     &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	OK(xapian_writable_database_commit(wdb, &err));

	db = NN(xapian_database_open(path, &err));
	out = NN(xapian_database_get_metadata(db, "k1", &len, &err));
	assert_int_equal(len, 3);
	assert_memory_equal(out, value, 3);
	free(out);
	out = NN(xapian_database_get_metadata(db, "absent", &len, &err));
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);
	join_terms(NN(xapian_database_metadata_keys(db, "k", &err)), list,
		   sizeof list);
	assert_string_equal(list, "k1 k2");
	join_terms(NN(xapian_database_metadata_keys(db, NULL, &err)), list,
		   sizeof list);
	assert_string_equal(list, "k1 k2 other");
	xapian_database_free(db);

	/* An empty value deletes the key. */
	OK(xapian_writable_database_set_metadata(wdb, "k2", NULL, 0, &err));
	OK(xapian_writable_database_commit(wdb, &err));
	db = NN(xapian_database_open(path, &err));
	join_terms(NN(xapian_database_metadata_keys(db, "k", &err)), list,
		   sizeof list);
	assert_string_equal(list, "k1");
	xapian_database_free(db);
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
}

/* A second writer gets DatabaseLockError at once; readers are fine. */
static void
test_writable_lock(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *w1, *w2;
	struct xapian_database *db;
	char path[PATH_SIZE];
	long long start;

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	w1 = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	OK(xapian_writable_database_commit(w1, &err));

	start = tu_now_ms();
	EXPECT_ERR_PTR(xapian_writable_database_open(
			       path, XAPIAN_DB_CREATE_OR_OPEN, &err),
		       XAPIAN_E_DATABASE_LOCK);
	assert_true(tu_now_ms() - start < 3000);
	assert_true(xapian_error_is_a(err.code, XAPIAN_E_DATABASE));

	db = NN(xapian_database_open(path, &err));
	xapian_database_free(db);

	/* Once the first writer closes, the lock is free. */
	OK(xapian_writable_database_close(w1, &err));
	w2 = NN(xapian_writable_database_open(path, XAPIAN_DB_OPEN, &err));
	xapian_writable_database_free(w2);
	xapian_writable_database_free(w1);
}

/* What closed databases do: writes fail, close commits, free commits. */
static void
test_writable_close(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_database *db;
	struct xapian_document *doc;
	xapian_doccount count = 99;
	char path[PATH_SIZE];

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	add_simple_doc(wdb, "a");
	/* Close commits what is pending. */
	OK(xapian_writable_database_close(wdb, &err));
	assert_int_equal(fresh_count(path), 1);

	doc = NN(xapian_document_new(&err));
	EXPECT_ERR_INT(xapian_writable_database_add_document(wdb, doc, NULL,
							     &err),
		       XAPIAN_E_DATABASE_CLOSED);
	assert_true(xapian_error_is_a(err.code, XAPIAN_E_DATABASE));
	/* commit() with nothing pending is a no-op, even when closed. */
	OK(xapian_writable_database_commit(wdb, &err));
	EXPECT_ERR_INT(xapian_database_get_termfreq(
			       xapian_writable_database_database(wdb), "a",
			       &count, &err),
		       XAPIAN_E_DATABASE_CLOSED);
	/* Closing twice is allowed. */
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);

	/* Freeing without closing commits too. */
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_OPEN, &err));
	OK(xapian_writable_database_add_document(wdb, doc, NULL, &err));
	xapian_writable_database_free(wdb);
	xapian_document_free(doc);
	assert_int_equal(fresh_count(path), 2);

	/*
	 * A closed reader: most calls give DatabaseClosedError, but glass
	 * keeps the document count in memory, so get_doccount() still
	 * succeeds with the count it had: don't rely on it to detect a
	 * closed database.
	 */
	db = NN(xapian_database_open(path, &err));
	OK(xapian_database_close(db, &err));
	EXPECT_ERR_INT(xapian_database_get_termfreq(db, "a", &count, &err),
		       XAPIAN_E_DATABASE_CLOSED);
	EXPECT_ERR_PTR(xapian_database_get_document(db, 1, &err),
		       XAPIAN_E_DATABASE_CLOSED);
	EXPECT_ERR_INT(xapian_database_reopen(db, &err),
		       XAPIAN_E_DATABASE_CLOSED);
	OK(xapian_database_get_doccount(db, &count, &err));
	assert_int_equal(count, 2);
	OK(xapian_database_close(db, &err));
	xapian_database_free(db);
}

/* Spelling and synonym tables, written and read back. */
static void
test_writable_spelling_and_synonyms(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_database *db;
	char path[PATH_SIZE], list[LIST_SIZE];
	char *s;

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	OK(xapian_writable_database_add_spelling(wdb, "consultation", 3,
						 &err));
	OK(xapian_writable_database_add_spelling(wdb, "housing", 1, &err));
	OK(xapian_writable_database_add_spelling(wdb, "obsolete", 1, &err));
	OK(xapian_writable_database_remove_spelling(wdb, "consultation", 1,
						    &err));
	OK(xapian_writable_database_remove_spelling(wdb, "obsolete", 1, &err));
	OK(xapian_writable_database_add_synonym(wdb, "train", "rail", &err));
	OK(xapian_writable_database_add_synonym(wdb, "train", "railway",
						&err));
	OK(xapian_writable_database_add_synonym(wdb, "tram", "light rail",
						&err));
	OK(xapian_writable_database_add_synonym(wdb, "bus", "coach", &err));
	OK(xapian_writable_database_remove_synonym(wdb, "train", "railway",
						   &err));
	OK(xapian_writable_database_clear_synonyms(wdb, "bus", &err));
	OK(xapian_writable_database_commit(wdb, &err));

	db = NN(xapian_database_open(path, &err));
	join_terms_ex(NN(xapian_database_spellings(db, &err)), true, false,
		      list, sizeof list);
	assert_string_equal(list, "consultation=2 housing=1");
	s = NN(xapian_database_get_spelling_suggestion(db, "consultaton", 2,
						       &err));
	assert_string_equal(s, "consultation");
	free(s);
	s = NN(xapian_database_get_spelling_suggestion(db, "zqxwv", 2, &err));
	assert_string_equal(s, "");
	free(s);

	join_terms(NN(xapian_database_synonyms(db, "train", &err)), list,
		   sizeof list);
	assert_string_equal(list, "rail");
	join_terms(NN(xapian_database_synonyms(db, "tram", &err)), list,
		   sizeof list);
	assert_string_equal(list, "light rail");
	join_terms(NN(xapian_database_synonyms(db, "bus", &err)), list,
		   sizeof list);
	assert_string_equal(list, "");
	join_terms(NN(xapian_database_synonym_keys(db, "tr", &err)), list,
		   sizeof list);
	assert_string_equal(list, "train tram");
	join_terms(NN(xapian_database_synonym_keys(db, NULL, &err)), list,
		   sizeof list);
	assert_string_equal(list, "train tram");
	xapian_database_free(db);
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
}

/* ------------------------------------------------------------------------- */
/* Reading                                                                   */
/* ------------------------------------------------------------------------- */

/* Statistics of the corpus, documents by docid, missing documents. */
static void
test_reader_statistics(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_document *doc;
	xapian_doccount count;
	xapian_docid last;
	xapian_termcount len, total = 0, cf;
	xapian_rev rev;
	double avlength;
	char *s;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);
	OK(xapian_database_get_doccount(db, &count, &err));
	assert_int_equal(count, CORPUS_SIZE);
	OK(xapian_database_get_lastdocid(db, &last, &err));
	assert_int_equal(last, CORPUS_SIZE);
	for (xapian_docid id = 1; id <= CORPUS_SIZE; id++) {
		OK(xapian_database_get_doclength(db, id, &len, &err));
		assert_true(len > 0);
		total += len;
	}
	OK(xapian_database_get_avlength(db, &avlength, &err));
	assert_true(fabs(avlength - (double)total / CORPUS_SIZE) < 1e-9);
	/* d1: title 3 words + body 13 words, each counted unstemmed and
	 * stemmed (Z terms carry wdf as well). */
	OK(xapian_database_get_doclength(db, 1, &len, &err));
	assert_int_equal(len, 2 * (3 + 13));

	OK(xapian_database_get_termfreq(db, "XCplanning", &count, &err));
	assert_int_equal(count, 3);
	OK(xapian_database_get_termfreq(db, "Zconsult", &count, &err));
	assert_int_equal(count, 4);
	OK(xapian_database_get_collection_freq(db, "Zconsult", &cf, &err));
	assert_int_equal(cf, 6);
	OK(xapian_database_get_termfreq(db, "nowhere", &count, &err));
	assert_int_equal(count, 0);
	assert_int_equal(OK(xapian_database_term_exists(db, "Zconsult", &err)),
			 1);
	assert_int_equal(OK(xapian_database_term_exists(db, "nowhere", &err)),
			 0);
	assert_int_equal(OK(xapian_database_has_positions(db, &err)), 1);

	OK(xapian_database_get_revision(db, &rev, &err));
	assert_true(rev >= 1);
	s = NN(xapian_database_get_uuid(db, &err));
	assert_int_equal(strlen(s), 36);
	assert_int_equal(s[8], '-');
	assert_int_equal(s[23], '-');
	free(s);

	doc = NN(xapian_database_get_document(db, 4, &err));
	assert_int_equal(xapian_document_get_docid(doc), 4);
	s = NN(xapian_document_get_data(doc, NULL, &err));
	assert_string_equal(s, "d4");
	free(s);
	xapian_document_free(doc);

	EXPECT_ERR_PTR(xapian_database_get_document(db, 99, &err),
		       XAPIAN_E_DOC_NOT_FOUND);
	assert_non_null(strstr(err.message, "99"));
	EXPECT_ERR_PTR(xapian_database_get_document(db, 0, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	EXPECT_ERR_INT(xapian_database_get_doclength(db, 99, &len, &err),
		       XAPIAN_E_DOC_NOT_FOUND);
	xapian_database_free(db);
}

/* allterms, termlist (wdf, positions), postlist and skip_to. */
static void
test_reader_iterators(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_database *db;
	struct xapian_term_iterator *it;
	struct xapian_postlist_iterator *pl;
	xapian_termpos pos[8];
	xapian_termcount wdf;
	xapian_docid docid;
	size_t npos;
	char list[LIST_SIZE];
	const char *term;

	db = open_corpus(f, "db", false);
	memset(&err, 0, sizeof err);

	join_terms_ex(NN(xapian_database_allterms(db, "XC", &err)), true,
		      false, list, sizeof list);
	assert_string_equal(list, "XCenergy=1 XChealth=2 XCplanning=3");
	join_terms(NN(xapian_database_allterms(db, "Zhous", &err)), list,
		   sizeof list);
	assert_string_equal(list, "Zhous");

	/* skip_to on all terms, then carry on with next(). */
	it = NN(xapian_database_allterms(db, "", &err));
	assert_int_equal(OK(xapian_term_iterator_skip_to(it, "XT", &err)), 1);
	assert_string_equal(xapian_term_iterator_current(it, NULL),
			    "XTguidance");
	assert_int_equal(OK(xapian_term_iterator_next(it, &term, NULL, &err)),
			 1);
	assert_string_equal(term, "XTreport");
	assert_int_equal(OK(xapian_term_iterator_skip_to(it, "zzz", &err)), 0);
	assert_null(xapian_term_iterator_current(it, NULL));
	EXPECT_ERR_INT(xapian_term_iterator_get_wdf(it, &wdf, &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	xapian_term_iterator_free(it);

	/* d1's term list: wdf and positions (see the corpus comment). */
	it = NN(xapian_database_termlist(db, 1, &err));
	/* Not on a term before the first next(). */
	EXPECT_ERR_INT(xapian_term_iterator_get_positions(it, pos, 8, &npos,
							  &err),
		       XAPIAN_E_INVALID_ARGUMENT);
	assert_int_equal(OK(xapian_term_iterator_skip_to(it, "consultation",
							 &err)),
			 1);
	OK(xapian_term_iterator_get_wdf(it, &wdf, &err));
	assert_int_equal(wdf, 2);
	OK(xapian_term_iterator_get_positions(it, pos, 8, &npos, &err));
	assert_int_equal(npos, 2);
	assert_int_equal(pos[0], 5);
	assert_int_equal(pos[1], 13);
	assert_int_equal(OK(xapian_term_iterator_skip_to(it, "housing", &err)),
			 1);
	OK(xapian_term_iterator_get_positions(it, pos, 8, &npos, &err));
	assert_int_equal(npos, 1);
	assert_int_equal(pos[0], 7);
	/* The stemmed term has wdf but no positions (STEM_SOME). */
	xapian_term_iterator_free(it);
	it = NN(xapian_database_termlist(db, 1, &err));
	assert_int_equal(OK(xapian_term_iterator_skip_to(it, "Zconsult",
							 &err)),
			 1);
	OK(xapian_term_iterator_get_wdf(it, &wdf, &err));
	assert_int_equal(wdf, 3);
	OK(xapian_term_iterator_get_positions(it, pos, 8, &npos, &err));
	assert_int_equal(npos, 0);
	xapian_term_iterator_free(it);
	EXPECT_ERR_PTR(xapian_database_termlist(db, 99, &err),
		       XAPIAN_E_DOC_NOT_FOUND);

	/* Posting lists, in docid order, with wdf. */
	pl = NN(xapian_database_postlist(db, "Zconsult", &err));
	list[0] = '\0';
	while (OK(xapian_postlist_iterator_next(pl, &docid, &wdf, &err)) == 1) {
		size_t used = strlen(list);

		snprintf(list + used, sizeof list - used, "%s%u:%u",
			 used ? " " : "", (unsigned)docid, (unsigned)wdf);
	}
	assert_string_equal(list, "1:3 2:1 5:1 6:1");
	assert_int_equal(xapian_postlist_iterator_next(pl, &docid, NULL, &err),
			 0);
	xapian_postlist_iterator_free(pl);
	pl = NN(xapian_database_postlist(db, "nowhere", &err));
	assert_int_equal(OK(xapian_postlist_iterator_next(pl, NULL, NULL,
							  &err)),
			 0);
	xapian_postlist_iterator_free(pl);
	xapian_database_free(db);
}

/* ------------------------------------------------------------------------- */
/* Reopening                                                                 */
/* ------------------------------------------------------------------------- */

/* A reader keeps its revision until reopen(), which says if it moved. */
static void
test_reopen(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_database *db;
	xapian_doccount count;
	xapian_rev rev1, rev2;
	char path[PATH_SIZE];

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	add_simple_doc(wdb, "a");
	OK(xapian_writable_database_commit(wdb, &err));

	db = NN(xapian_database_open(path, &err));
	OK(xapian_database_get_revision(db, &rev1, &err));
	assert_int_equal(OK(xapian_database_reopen(db, &err)), 0);

	add_simple_doc(wdb, "b");
	OK(xapian_writable_database_commit(wdb, &err));
	OK(xapian_database_get_doccount(db, &count, &err));
	assert_int_equal(count, 1);

	assert_int_equal(OK(xapian_database_reopen(db, &err)), 1);
	OK(xapian_database_get_doccount(db, &count, &err));
	assert_int_equal(count, 2);
	OK(xapian_database_get_revision(db, &rev2, &err));
	assert_int_equal(rev2, rev1 + 1);
	assert_int_equal(OK(xapian_database_reopen(db, &err)), 0);

	xapian_database_free(db);
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
}

enum { MODIFIED_DOCS = 500, MODIFIED_ROUNDS = 3 };

/*
 * Read all "common" documents of `db`: the data of the first and the count.
 * Returns 0, or the negative code of the first failure (err filled).
 */
static int
read_everything(struct xapian_database *db, char *first, size_t size,
		xapian_doccount *seen, struct xapian_error *err)
{
	struct xapian_postlist_iterator *pl;
	xapian_docid docid;
	int rc;

	*seen = 0;
	first[0] = '\0';
	pl = xapian_database_postlist(db, "common", err);
	if (pl == NULL)
		return -err->code;
	while ((rc = xapian_postlist_iterator_next(pl, &docid, NULL, err)) ==
	       1) {
		struct xapian_document *doc =
			xapian_database_get_document(db, docid, err);
		char *data;

		if (doc == NULL) {
			rc = -err->code;
			break;
		}
		data = xapian_document_get_data(doc, NULL, err);
		xapian_document_free(doc);
		if (data == NULL) {
			rc = -err->code;
			break;
		}
		if (*seen == 0)
			snprintf(first, size, "%s", data);
		free(data);
		++*seen;
	}
	xapian_postlist_iterator_free(pl);
	return rc < 0 ? rc : 0;
}

/*
 * A reader left behind while the writer replaces everything and commits
 * several times hits DatabaseModifiedError; reopen() and a retry recover.
 * (Glass reuses the blocks of a revision two commits after it, so with
 * tables several blocks deep the old reader does meet a reused block.)
 */
static void
test_reopen_after_database_modified(void **state)
{
	struct fixture *f = *state;
	struct xapian_error err;
	struct xapian_writable_database *wdb;
	struct xapian_database *db;
	xapian_doccount seen;
	char path[PATH_SIZE], first[160], latest[16];
	int rc;

	memset(&err, 0, sizeof err);
	fixture_path(f, "db", path, sizeof path);
	wdb = NN(xapian_writable_database_open(path, XAPIAN_DB_CREATE, &err));
	for (int i = 0; i < MODIFIED_DOCS; i++) {
		struct xapian_document *doc = NN(xapian_document_new(&err));
		char unique[32], text[160];

		snprintf(unique, sizeof unique, "Q%d", i);
		snprintf(text, sizeof text, "0:%d:%090d", i, 0);
		OK(xapian_document_add_term(doc, "common", 1, &err));
		OK(xapian_document_add_boolean_term(doc, unique, &err));
		OK(xapian_document_set_data(doc, text, strlen(text), &err));
		OK(xapian_writable_database_add_document(wdb, doc, NULL, &err));
		xapian_document_free(doc);
	}
	OK(xapian_writable_database_commit(wdb, &err));

	/* The reader opens at revision N and reads nothing yet. */
	db = NN(xapian_database_open(path, &err));

	for (int round = 1; round <= MODIFIED_ROUNDS; round++) {
		for (int i = 0; i < MODIFIED_DOCS; i++) {
			struct xapian_document *doc =
				NN(xapian_document_new(&err));
			char unique[32], term[32], text[160];

			snprintf(unique, sizeof unique, "Q%d", i);
			snprintf(term, sizeof term, "r%dt%d", round, i);
			snprintf(text, sizeof text, "%d:%d:%090d", round, i,
				 round);
			OK(xapian_document_add_term(doc, "common", 1, &err));
			OK(xapian_document_add_term(doc, term, 1, &err));
			OK(xapian_document_add_boolean_term(doc, unique,
							    &err));
			OK(xapian_document_set_data(doc, text, strlen(text),
						    &err));
			OK(xapian_writable_database_replace_document_by_term(
				wdb, unique, doc, NULL, &err));
			xapian_document_free(doc);
		}
		OK(xapian_writable_database_commit(wdb, &err));
	}

	memset(&err, 0, sizeof err);
	rc = read_everything(db, first, sizeof first, &seen, &err);
	if (rc < 0) {
		assert_int_equal(rc, -XAPIAN_E_DATABASE_MODIFIED);
		check_error(&err, XAPIAN_E_DATABASE_MODIFIED, __FILE__,
			    __LINE__);
		assert_non_null(strstr(err.message, "reopen"));
	} else {
		note("DatabaseModifiedError was not provoked this time");
	}
	/* The remedy: reopen (it moves) and retry; the last round is seen. */
	assert_int_equal(OK(xapian_database_reopen(db, &err)), 1);
	OK(read_everything(db, first, sizeof first, &seen, &err));
	assert_int_equal(seen, MODIFIED_DOCS);
	snprintf(latest, sizeof latest, "%d:", MODIFIED_ROUNDS);
	assert_int_equal(strncmp(first, latest, strlen(latest)), 0);

	xapian_database_free(db);
	OK(xapian_writable_database_close(wdb, &err));
	xapian_writable_database_free(wdb);
}

/* ------------------------------------------------------------------------- */

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_error_database_not_found),
		T(test_error_message_truncated),
		T(test_error_untouched_on_success),
		T(test_error_null_handles),
		T(test_error_code_names),
		T(test_document_contents),
		T(test_writable_add_and_read_back),
		T(test_writable_term_too_long),
		T(test_writable_replace_and_delete),
		T(test_writable_transactions),
		T(test_writable_metadata),
		T(test_writable_lock),
		T(test_writable_close),
		T(test_writable_spelling_and_synonyms),
		T(test_reader_statistics),
		T(test_reader_iterators),
		T(test_reopen),
		T(test_reopen_after_database_modified),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
