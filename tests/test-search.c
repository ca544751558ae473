/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-search.c: passages (search-hit.h) through the whole search
 * (search.h) on real databases written by the indexer (index.h): a match
 * deep in a long section shows with its context and ellipses, the section
 * where the query's words crowd together beats one that has a single
 * word, headings give the breadcrumb, the terms feedback adds rank but
 * are not marked and match nothing more, records stored inline by earlier
 * versions (version 1) read as well as current ones, and a damaged
 * record gives a hit rather than a crash.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "dbpath.h"
#include "doc-json.h"
#include "index.h"
#include "search.h"
#include "xapian-c.h"
#include "testutil.h"

static char tmpdir[4096];
static char dbpath[4200];

static int
setup(void **state)
{
	(void)state;
	if (tu_make_temp_dir(tmpdir, sizeof tmpdir, "dossier-search") < 0)
		return -1;
	snprintf(dbpath, sizeof dbpath, "%s/db", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_remove_tree(tmpdir);
	return 0;
}

/* Filler text of about `bytes` bytes that matches no query here. */
static char *
filler(size_t bytes)
{
	static const char *const words[] = {
		"budget", "annual", "ministers", "scheme", "outturn",
		"capital", "programme", "delivery", "funding", "board"};
	char *s = malloc(bytes + 16);
	size_t n = 0, k = 0;

	assert_non_null(s);
	while (n < bytes) {
		const char *w = words[k++ % 10];
		size_t wl = strlen(w);

		memcpy(s + n, w, wl);
		n += wl;
		s[n++] = k % 17 == 0 ? '.' : ' ';
		if (s[n - 1] == '.')
			s[n++] = ' ';
	}
	s[n] = '\0';
	return s;
}

static void
add_section(struct ds_doc *doc, const char *heading, const char *anchor,
	    int level, const char *text)
{
	struct ds_error err = {0, ""};

	assert_int_equal(ds_doc_add_section(doc, heading,
					    heading ? strlen(heading) : 0,
					    anchor, level, &err), 0);
	assert_int_equal(ds_doc_append_text(doc, text, strlen(text), &err), 0);
}

static void
start_doc(struct ds_doc *doc, const char *path, const char *title)
{
	struct ds_error err = {0, ""};

	ds_doc_init(doc);
	assert_int_equal(ds_doc_set_field(&doc->path, path, strlen(path),
					  &err), 0);
	assert_int_equal(ds_doc_set_field(&doc->title, title, strlen(title),
					  &err), 0);
	doc->stamp.mtime_ns = 1000;
	doc->stamp.size = 1;
	doc->stamp.hash = (uint64_t)strlen(path) * 7919;
}

static void
store(struct ds_doc *doc)
{
	struct ds_error err = {0, ""};
	struct ds_index *idx;

	ds_doc_finish(doc);
	if (ds_index_open(dbpath, DS_INDEX_CREATE, &idx, &err) < 0 ||
	    ds_index_put(idx, doc, &err) < 0 ||
	    ds_index_commit(idx, &err) < 0 || ds_index_close(idx, &err) < 0)
		fail_msg("indexing: %s", err.msg);
	ds_doc_release(doc);
}

/* Search dbpath for `query`, `n` passages a hit. */
static void
search(const char *query, unsigned n, struct ds_results *r)
{
	struct ds_error err = {0, ""};
	struct ds_search_opts so;
	struct ds_searcher *s;

	ds_search_opts_init(&so);
	so.query = query;
	so.snippets = n;
	ds_results_init(r);
	if (ds_searcher_open(dbpath, &s, &err) < 0 ||
	    ds_search(s, &so, r, &err) < 0)
		fail_msg("searching for %s: %s", query, err.msg);
	ds_searcher_free(s);
}

static const char *ellipsis = "\xe2\x80\xa6";

/*
 * Whether `word` occurs inside a match mark of the snippet (Xapian marks
 * neighbouring matches as one when the query has them as a phrase).
 */
static bool
marked(const char *snip, const char *word)
{
	const char *p = snip, *end;
	size_t n = strlen(word);

	while ((p = strchr(p, '\x02')) != NULL) {
		if ((end = strchr(p, '\x03')) == NULL)
			return false;
		for (const char *q = p; q + n <= end; q++)
			if (strncmp(q, word, n) == 0)
				return true;
		p = end;
	}
	return false;
}

/* A match 200 kB into a 300 kB section shows, with its context. */
static void
test_deep_passage(void **state)
{
	char *before = filler(200000), *after = filler(100000), *text;
	const char *needle = "Consultation periods were shortened to two "
			     "weeks in most departments.";
	struct ds_results r;
	struct ds_doc doc;
	const char *snip;
	size_t n;

	(void)state;
	n = strlen(before) + strlen(needle) + strlen(after) + 3;
	text = malloc(n);
	assert_non_null(text);
	snprintf(text, n, "%s %s %s", before, needle, after);
	start_doc(&doc, "/r/long.html", "Annual report");
	add_section(&doc, "Findings", "findings", 2, text);
	store(&doc);
	free(text);
	free(before);
	free(after);

	search("consultation periods", 1, &r);
	assert_int_equal(r.nhits, 1);
	assert_int_equal(r.hits[0].nsnippets, 1);
	snip = r.hits[0].snippets[0].text;
	assert_true(marked(snip, "Consultation"));
	assert_true(marked(snip, "periods"));
	assert_non_null(strstr(snip, "shortened to two weeks"));
	/* Cut from the middle: words were left out on both sides. */
	assert_true(strncmp(snip, ellipsis, 3) == 0 ||
		    strstr(snip, "Consultation") == snip + 1);
	assert_string_equal(snip + strlen(snip) - 3, ellipsis);
	assert_true(strlen(snip) < 600);
	assert_string_equal(r.hits[0].snippets[0].anchor, "findings");
	ds_results_release(&r);
}

/*
 * Of three sections, the one where both words stand together is the
 * best passage, the one with one word the second; the breadcrumb is the
 * headings above it.
 */
static void
test_best_section(void **state)
{
	char *pad = filler(3000), text[8000];
	struct ds_results r;
	struct ds_doc doc;

	(void)state;
	start_doc(&doc, "/r/sections.html", "Sections");
	add_section(&doc, "Part One", "p1", 1, pad);
	snprintf(text, sizeof text, "%s The consultation ran for a year. %s",
		 pad, pad);
	add_section(&doc, "Background", "bg", 2, text);
	add_section(&doc, "Part Two", "p2", 1, pad);
	snprintf(text, sizeof text,
		 "%s Departments shortened consultation periods again. %s",
		 pad, pad);
	add_section(&doc, "Timing", NULL, 2, text);
	store(&doc);
	free(pad);

	search("consultation periods", 2, &r);
	assert_int_equal(r.nhits, 1);
	assert_int_equal(r.hits[0].nsnippets, 2);
	assert_int_equal(r.hits[0].snippets[0].section, 3);
	assert_string_equal(r.hits[0].snippets[0].breadcrumb,
			    "Part Two > Timing");
	assert_string_equal(r.hits[0].snippets[0].anchor, "p2");
	assert_true(marked(r.hits[0].snippets[0].text, "consultation"));
	assert_true(marked(r.hits[0].snippets[0].text, "periods"));
	assert_false(marked(r.hits[0].snippets[0].text, "Departments"));
	assert_int_equal(r.hits[0].snippets[1].section, 1);
	assert_string_equal(r.hits[0].snippets[1].breadcrumb,
			    "Part One > Background");
	ds_results_release(&r);
}

/* Replace the data of every document with `data`, or with v1 records. */
static void
rewrite_data(const char *data, size_t len, const struct ds_doc *v1)
{
	struct xapian_writable_database *wdb;
	struct xapian_database *db;
	struct xapian_document *xd;
	struct xapian_error xe;
	size_t jlen;
	char *json;

	/* The document, terms and all, read before the writer changes it. */
	if ((db = xapian_database_open(dbpath, &xe)) == NULL ||
	    (xd = xapian_database_get_document(db, 1, &xe)) == NULL)
		fail_msg("reading %s: %s", dbpath, xe.message);
	wdb = xapian_writable_database_open(dbpath, XAPIAN_DB_OPEN, &xe);
	if (wdb == NULL)
		fail_msg("open %s: %s", dbpath, xe.message);
	if (v1 != NULL) {
		json = ds_doc_json(v1, NULL, &jlen);
		assert_non_null(json);
		assert_int_equal(xapian_document_set_data(xd, json, jlen, &xe),
				 0);
		free(json);
	} else {
		assert_int_equal(xapian_document_set_data(xd, data, len, &xe),
				 0);
	}
	assert_int_equal(xapian_writable_database_replace_document(wdb, 1, xd,
								   &xe), 0);
	assert_int_equal(xapian_writable_database_commit(wdb, &xe), 0);
	xapian_document_free(xd);
	xapian_writable_database_free(wdb);
	xapian_database_free(db);
}

static void
two_section_doc(struct ds_doc *doc)
{
	start_doc(doc, "/r/old.html", "Old record");
	add_section(doc, "Intro", "intro", 1, "Nothing to see here.");
	add_section(doc, "Periods", "periods", 2,
		    "The consultation periods were twelve weeks.");
	ds_doc_finish(doc);
}

/* A version 1 record (texts inside the JSON) gives the same passage. */
static void
test_version1_record(void **state)
{
	struct ds_results r2, r1;
	struct ds_doc doc, v1;

	(void)state;
	two_section_doc(&doc);
	store(&doc);
	search("consultation periods", 1, &r2);
	two_section_doc(&v1);
	rewrite_data(NULL, 0, &v1);
	ds_doc_release(&v1);
	search("consultation periods", 1, &r1);
	assert_int_equal(r1.nhits, 1);
	assert_int_equal(r1.hits[0].nsnippets, 1);
	assert_string_equal(r1.hits[0].snippets[0].text,
			    r2.hits[0].snippets[0].text);
	assert_int_equal(r1.hits[0].snippets[0].section, 1);
	assert_string_equal(r1.hits[0].snippets[0].breadcrumb,
			    "Intro > Periods");
	assert_string_equal(r1.hits[0].title, "Old record");
	ds_results_release(&r1);
	ds_results_release(&r2);
}

/* Lengths that run past the end, or no JSON at all: a hit, no crash. */
static void
test_damaged_record(void **state)
{
	static const char overrun[] =
		"{\"v\":2,\"title\":\"Damaged\",\"sections\":[{\"length\":5},"
		"{\"heading\":\"H\",\"level\":1,\"length\":99999}]}\nabcde"
		"consultation periods";
	static const char negative[] =
		"{\"v\":2,\"title\":\"Negative\",\"sections\":[{\"length\":-40},"
		"{\"length\":\"x\"}]}\nconsultation";
	static const char garbage[] = "\x01\xff not a record";
	struct ds_results r;
	struct ds_doc doc;

	(void)state;
	two_section_doc(&doc);
	store(&doc);

	rewrite_data(overrun, sizeof overrun - 1, NULL);
	search("consultation periods", 3, &r);
	assert_int_equal(r.nhits, 1);
	assert_string_equal(r.hits[0].title, "Damaged");
	/* The first section is whole; the second is ignored. */
	assert_true(r.hits[0].nsnippets <= 1);
	if (r.hits[0].nsnippets == 1)
		assert_string_equal(r.hits[0].snippets[0].text, "abcde");
	ds_results_release(&r);

	rewrite_data(negative, sizeof negative - 1, NULL);
	search("consultation periods", 3, &r);
	assert_int_equal(r.nhits, 1);
	assert_string_equal(r.hits[0].title, "Negative");
	assert_int_equal(r.hits[0].nsnippets, 0);
	ds_results_release(&r);

	rewrite_data(garbage, sizeof garbage - 1, NULL);
	search("consultation periods", 3, &r);
	assert_int_equal(r.nhits, 1);
	assert_non_null(r.hits[0].title);
	ds_results_release(&r);
}

/*
 * Feedback adds terms of the top documents to the ranking, but passages
 * mark only the words asked for.
 */
static void
test_feedback_not_marked(void **state)
{
	static const char *const texts[] = {
		"The consultation asked stakeholders about stakeholders' views.",
		"Stakeholders answered the consultation; stakeholders agreed.",
		"A consultation for stakeholders, and stakeholders replied.",
		"Stakeholders welcomed the consultation and the stakeholders.",
		"The consultation closed; stakeholders and stakeholders wrote.",
		"Budget outturn for the year, with stakeholders named.",
	};
	char path[64];
	struct ds_results r;
	struct ds_error err = {0, ""};
	struct ds_index *idx;
	struct ds_doc doc;
	size_t i;

	(void)state;
	if (ds_index_open(dbpath, DS_INDEX_CREATE, &idx, &err) < 0)
		fail_msg("open: %s", err.msg);
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		snprintf(path, sizeof path, "/r/%zu.html", i);
		start_doc(&doc, path, "Note");
		add_section(&doc, NULL, NULL, 0, texts[i]);
		ds_doc_finish(&doc);
		if (ds_index_put(idx, &doc, &err) < 0)
			fail_msg("put: %s", err.msg);
		ds_doc_release(&doc);
	}
	if (ds_index_commit(idx, &err) < 0 || ds_index_close(idx, &err) < 0)
		fail_msg("commit: %s", err.msg);

	search("consultation", 1, &r);
	/* Feedback ran: the ranking has the shared term... */
	assert_non_null(strstr(r.parsed, "Zstakehold"));
	/* ...and it matched nothing more than the query did. */
	assert_int_equal(r.nhits, 5);
	for (i = 0; i < r.nhits; i++) {
		assert_int_equal(r.hits[i].nsnippets, 1);
		assert_true(marked(r.hits[i].snippets[0].text, "consultation"));
		assert_false(marked(r.hits[i].snippets[0].text,
				    "takeholders"));
	}
	ds_results_release(&r);
}

/* The count of `value` in the facet named `name`, or 0. */
static unsigned
facet_count(const struct ds_results *r, const char *name, const char *value)
{
	size_t i, k;

	for (i = 0; i < r->nfacets; i++) {
		if (strcmp(r->facets[i].name, name) != 0)
			continue;
		for (k = 0; k < r->facets[i].ncounts; k++)
			if (strcmp(r->facets[i].counts[k].value, value) == 0)
				return r->facets[i].counts[k].count;
	}
	return 0;
}

/*
 * Facets count exactly the documents that match: a document with the
 * words but not the phrase is not counted for the phrase, one matching
 * nothing never, and the estimate stays within what was counted.
 */
static void
test_facets(void **state)
{
	static const struct {
		const char *path, *publisher, *text;
	} docs[] = {
		{"/a1.html", "Audit Office", "The value for money report."},
		{"/a2.html", "Audit Office", "Value for money, again."},
		{"/t1.html", "Treasury", "Money of value for nobody."},
		{"/t2.html", "Treasury", "The value for money here."},
		{"/c1.html", "Cabinet Office", "Nothing relevant at all."},
	};
	struct ds_error err = {0, ""};
	struct ds_search_opts so;
	struct ds_searcher *s;
	struct ds_results r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof docs / sizeof *docs; i++) {
		struct ds_doc doc;

		start_doc(&doc, docs[i].path, docs[i].path + 1);
		assert_int_equal(ds_doc_set_field(&doc.publisher,
						  docs[i].publisher,
						  strlen(docs[i].publisher),
						  &err), 0);
		doc.stamp.hash = i + 1;	/* no two alike */
		add_section(&doc, NULL, NULL, 0, docs[i].text);
		store(&doc);
	}
	assert_int_equal(ds_searcher_open(dbpath, &s, &err), 0);
	ds_results_init(&r);

	ds_search_opts_init(&so);
	so.query = "\"value for money\"";
	so.facets = DS_FACET_PUBLISHER;
	assert_int_equal(ds_search(s, &so, &r, &err), 0);
	assert_int_equal(r.nhits, 3);
	assert_int_equal(r.nfacets, 1);
	assert_int_equal(facet_count(&r, "publisher", "Audit Office"), 2);
	assert_int_equal(facet_count(&r, "publisher", "Treasury"), 1);
	assert_int_equal(facet_count(&r, "publisher", "Cabinet Office"), 0);
	assert_true(r.estimated == 3 && r.upper_bound == 3);

	so.query = "money";
	assert_int_equal(ds_search(s, &so, &r, &err), 0);
	assert_int_equal(r.nhits, 4);
	assert_int_equal(facet_count(&r, "publisher", "Audit Office"), 2);
	assert_int_equal(facet_count(&r, "publisher", "Treasury"), 2);
	assert_int_equal(facet_count(&r, "publisher", "Cabinet Office"), 0);

	/* Only the second page asked for: the counts are of every match. */
	so.offset = 2;
	so.limit = 1;
	assert_int_equal(ds_search(s, &so, &r, &err), 0);
	assert_int_equal(r.nhits, 1);
	assert_int_equal(facet_count(&r, "publisher", "Audit Office"), 2);
	assert_int_equal(facet_count(&r, "publisher", "Treasury"), 2);

	ds_results_release(&r);
	ds_searcher_free(s);
}

/*
 * Store a one-section document at `path` saying `text` into `db` (its
 * content hash from the text: documents alike are collapsed).
 */
static void
store_in(const char *db, const char *path, const char *text)
{
	struct ds_error err = {0, ""};
	struct ds_index *idx;
	struct ds_doc doc;

	start_doc(&doc, path, path + 1);
	doc.stamp.hash = (uint64_t)strlen(text) * 31 + (unsigned char)text[2];
	add_section(&doc, NULL, NULL, 0, text);
	ds_doc_finish(&doc);
	if (ds_index_open(db, DS_INDEX_CREATE, &idx, &err) < 0 ||
	    ds_index_put(idx, &doc, &err) < 0 ||
	    ds_index_close(idx, &err) < 0)
		fail_msg("indexing into %s: %s", db, err.msg);
	ds_doc_release(&doc);
}

/* How many documents searcher `s` finds for `query`. */
static size_t
count(struct ds_searcher *s, const char *query)
{
	struct ds_error err = {0, ""};
	struct ds_search_opts so;
	struct ds_results r;
	size_t n;

	ds_search_opts_init(&so);
	so.query = query;
	so.snippets = 0;
	ds_results_init(&r);
	if (ds_search(s, &so, &r, &err) < 0)
		fail_msg("searching for %s: %s", query, err.msg);
	n = r.nhits;
	ds_results_release(&r);
	return n;
}

/*
 * A long-lived searcher (FastCGI) follows the database: a later commit
 * after ds_searcher_refresh(), and a database a rebuild switched in.
 */
static void
test_refresh(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_searcher *s;
	struct ds_rebuild rb;
	const char *warning = NULL;

	(void)state;
	store_in(dbpath, "/first.html", "An audit of the lighthouses.");
	assert_int_equal(ds_searcher_open(dbpath, &s, &err), 0);
	assert_int_equal(count(s, "lighthouses"), 1);

	store_in(dbpath, "/second.html", "The lighthouses again, and buoys.");
	assert_int_equal(count(s, "buoys"), 0);	/* not refreshed yet */
	assert_int_equal(ds_searcher_refresh(s, &err), 0);
	assert_int_equal(count(s, "buoys"), 1);
	assert_int_equal(count(s, "lighthouses"), 2);

	/* Rebuilt aside with other documents, and switched. */
	memset(&rb, 0, sizeof rb);
	assert_int_equal(ds_rebuild_begin(dbpath, &rb, &err), 0);
	store_in(rb.aside, "/third.html", "A review of the canals.");
	assert_int_equal(ds_rebuild_switch(&rb, &warning, &err), 0);
	ds_rebuild_release(&rb);
	assert_int_equal(ds_searcher_refresh(s, &err), 0);
	assert_int_equal(count(s, "canals"), 1);
	assert_int_equal(count(s, "lighthouses"), 0);
	ds_searcher_free(s);
}

/*
 * A replica made by xapian-replicate is a directory whose stub XAPIANDB
 * names its live copy; a full copy writes another and a new stub: a
 * long-lived searcher follows it (the old copy is deleted at once).
 */
static void
test_refresh_stub_directory(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_searcher *s;
	char a[4300], b[4300], stub[4300], tmp[4300];
	FILE *f;

	(void)state;
	snprintf(a, sizeof a, "%s/replica_0", dbpath);
	snprintf(b, sizeof b, "%s/replica_1", dbpath);
	snprintf(stub, sizeof stub, "%s/XAPIANDB", dbpath);
	snprintf(tmp, sizeof tmp, "%s/XAPIANDB.tmp", dbpath);
	assert_int_equal(mkdir(dbpath, 0755), 0);
	store_in(a, "/first.html", "An audit of the lighthouses.");
	store_in(b, "/second.html", "A review of the canals.");
	assert_non_null(f = fopen(stub, "w"));
	fputs("auto replica_0\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(ds_searcher_open(dbpath, &s, &err), 0);
	assert_int_equal(count(s, "lighthouses"), 1);

	assert_non_null(f = fopen(tmp, "w"));
	fputs("auto replica_1\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rename(tmp, stub), 0);
	assert_int_equal(ds_dbpath_remove(a, &err), 0);
	assert_int_equal(ds_searcher_refresh(s, &err), 0);
	assert_int_equal(count(s, "canals"), 1);
	assert_int_equal(count(s, "lighthouses"), 0);
	ds_searcher_free(s);
}

/* --like by document number, alone and with a query. */
static void
test_like_docid(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_search_opts so;
	struct ds_searcher *s;
	struct ds_results r;
	uint32_t canal = 0;
	char like[16];
	size_t i;

	(void)state;
	store_in(dbpath, "/a", "Canal locks and canal boats and towpaths.");
	store_in(dbpath, "/b", "Canal boats on the towpaths of England.");
	store_in(dbpath, "/c", "Railway timetables and railway fares.");
	assert_int_equal(ds_searcher_open(dbpath, &s, &err), 0);
	ds_results_init(&r);
	ds_search_opts_init(&so);
	so.query = "locks";
	assert_int_equal(ds_search(s, &so, &r, &err), 0);
	assert_int_equal(r.nhits, 1);
	canal = r.hits[0].docid;

	snprintf(like, sizeof like, "%u", (unsigned)canal);
	so.query = "";		/* --like alone */
	so.like = like;
	assert_int_equal(ds_search(s, &so, &r, &err), 0);
	assert_true(r.nhits >= 1);
	for (i = 0; i < r.nhits; i++) {
		assert_int_not_equal(r.hits[i].docid, canal);	/* not itself */
		assert_string_not_equal(r.hits[i].id, "/c");	/* railways */
	}
	assert_string_equal(r.hits[0].id, "/b");

	/* With a query: its matches, the like one first. */
	so.query = "towpaths OR railway";
	assert_int_equal(ds_search(s, &so, &r, &err), 0);
	assert_true(r.nhits >= 2);
	assert_string_not_equal(r.hits[0].id, "/c");

	/* A number that is no document is the usage error it names. */
	so.like = "99999";
	assert_int_equal(ds_search(s, &so, &r, &err), DS_EINVAL);
	assert_non_null(strstr(err.msg, "99999"));
	ds_results_release(&r);
	ds_searcher_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_deep_passage, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_facets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_stub_directory,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_like_docid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_best_section, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_version1_record, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_damaged_record, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_feedback_not_marked,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
