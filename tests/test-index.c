/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-index.c: the writer (index.h) on real databases in a scratch
 * directory: finding documents and their stamps, keeping, restamping,
 * sweeping (never another root's documents, never spared ones), the
 * spelling table, synonym tables (synonyms.h) and rebuilding aside with
 * an atomic switch (dbpath.h), for a directory, a stub file, a symbolic
 * link and a path that does not exist yet.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>

#include <cmocka.h>

#include "dbpath.h"
#include "index.h"
#include "layout.h"
#include "synonyms.h"
#include "xapian-c.h"
#include "testutil.h"

static char tmpdir[4096];

static int
setup(void **state)
{
	(void)state;
	return tu_make_temp_dir(tmpdir, sizeof tmpdir, "dossier-index");
}

static int
teardown(void **state)
{
	(void)state;
	tu_remove_tree(tmpdir);
	return 0;
}

/* A scratch path under tmpdir. */
static const char *
scratch(const char *name)
{
	static char buf[8][4096];
	static int k;

	k = (k + 1) % 8;
	assert_int_equal(tu_path(buf[k], sizeof buf[k], tmpdir, name), 0);
	return buf[k];
}

/* A document from the file `path` with one section of text. */
static void
make_doc(struct ds_doc *doc, const char *path, const char *text,
	 int64_t mtime_ns, int64_t size)
{
	struct ds_error err = {0, ""};

	ds_doc_init(doc);
	assert_int_equal(ds_doc_set_field(&doc->path, path, strlen(path),
					  &err), 0);
	assert_int_equal(ds_doc_add_section(doc, NULL, 0, NULL, 0, &err), 0);
	assert_int_equal(ds_doc_append_text(doc, text, strlen(text), &err), 0);
	doc->stamp.mtime_ns = mtime_ns;
	doc->stamp.size = size;
	doc->stamp.hash = (uint64_t)size * 31;
}

static void
put(struct ds_index *idx, const char *path, const char *text)
{
	struct ds_error err = {0, ""};
	struct ds_doc doc;

	make_doc(&doc, path, text, 1000, (int64_t)strlen(text));
	if (ds_index_put(idx, &doc, &err) < 0)
		fail_msg("put %s: %s", path, err.msg);
	ds_doc_release(&doc);
}

/* The number of documents in the database at `path`, read afresh. */
static unsigned
count(const char *path)
{
	struct xapian_database *db;
	struct xapian_error xe;
	xapian_doccount n = 0;

	db = xapian_database_open(path, &xe);
	if (db == NULL)
		fail_msg("open %s: %s", path, xe.message);
	assert_int_equal(xapian_database_get_doccount(db, &n, &xe), 0);
	xapian_database_free(db);
	return n;
}

static bool
found(struct ds_index *idx, const char *identity)
{
	struct ds_index_entry e;
	int rc = ds_index_find(idx, identity, &e, NULL);

	assert_true(rc >= 0);
	return rc == 1;
}

static void
test_find_keep_restamp(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_index *idx;
	struct ds_index_entry e;
	struct ds_stamp st = {2000, 5, 77};
	struct ds_doc doc;
	const char *db = scratch("find");

	(void)state;
	assert_int_equal(ds_index_open(db, 0, &idx, &err), DS_ENOENT);
	assert_int_equal(ds_index_open(db, DS_INDEX_CREATE, &idx, &err), 0);
	assert_int_equal(ds_index_find(idx, "/r/a.html", &e, &err), 0);
	assert_int_equal(e.docid, 0);
	assert_int_equal(e.stamp.size, -1);

	make_doc(&doc, "/r/a.html", "hello world", 123456789012345LL, 11);
	assert_int_equal(ds_index_put(idx, &doc, &err), 0);
	ds_doc_release(&doc);
	/* Found before the commit (pending changes count) with its stamp. */
	assert_int_equal(ds_index_find(idx, "/r/a.html", &e, &err), 1);
	assert_true(e.docid > 0);
	assert_int_equal(e.stamp.mtime_ns, 123456789012345LL);
	assert_int_equal(e.stamp.size, 11);
	assert_true(e.stamp.hash == 11 * 31);

	/* Restamping changes the stamp, not the document. */
	assert_int_equal(ds_index_restamp(idx, e.docid, &st, &err), 0);
	assert_int_equal(ds_index_find(idx, "/r/a.html", &e, &err), 1);
	assert_int_equal(e.stamp.mtime_ns, 2000);
	assert_int_equal(e.stamp.size, 5);
	assert_true(e.stamp.hash == 77);
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(count(db), 1);

	/* A document put again replaces the first: still one. */
	assert_int_equal(ds_index_open(db, 0, &idx, &err), 0);
	put(idx, "/r/a.html", "hello again");
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(count(db), 1);
}

/* What ds_index_put_later()'s callback saw, in order. */
static char done_log[8192];

static void
on_done(void *ctx, const struct ds_doc *doc, uint32_t tag, int rc,
	const struct ds_error *err)
{
	size_t n = strlen(done_log);

	assert_ptr_equal(ctx, done_log);
	snprintf(done_log + n, sizeof done_log - n, "%s%s:%u:%s",
		 n ? " " : "", doc->path ? doc->path : "-", tag,
		 rc == 0 ? "ok" : strstr(err->msg, "neither") ? "noid" : "?");
}

static void
test_put_later(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_index *idx;
	struct ds_doc doc;
	char name[64], want[8192] = "";
	const char *db = scratch("later");
	int i;

	(void)state;
	assert_int_equal(ds_index_open(db, DS_INDEX_CREATE, &idx, &err), 0);
	done_log[0] = '\0';
	/* More than the builder holds: the oldest are written on the way. */
	for (i = 0; i < 3 * DS_INDEX_BUILD_DEPTH; i++) {
		snprintf(name, sizeof name, "/l/%02d.html", i);
		if (i == 5) {
			/* No identity: this one fails alone. */
			ds_doc_init(&doc);
			assert_int_equal(ds_doc_add_section(&doc, NULL, 0, NULL,
							    0, &err), 0);
			assert_int_equal(ds_doc_append_text(&doc, "x", 1,
							    &err), 0);
		} else {
			make_doc(&doc, name, "later words", 1, 1);
		}
		assert_int_equal(ds_index_put_later(idx, &doc, (uint32_t)i,
						    on_done, done_log, &err), 0);
		/* The document was taken. */
		assert_null(doc.path);
		assert_int_equal(doc.nsections, 0);
		snprintf(want + strlen(want), sizeof want - strlen(want),
			 "%s%s:%d:%s", i ? " " : "", i == 5 ? "-" : name, i,
			 i == 5 ? "noid" : "ok");
	}
	assert_true(strlen(done_log) < strlen(want));
	/* A commit writes everything handed over first. */
	assert_int_equal(ds_index_commit(idx, &err), 0);
	assert_string_equal(done_log, want);
	assert_int_equal(count(db), 3 * DS_INDEX_BUILD_DEPTH - 1);
	/* Written in order: document ids follow the order handed over. */
	struct ds_index_entry e1, e2;
	assert_int_equal(ds_index_find(idx, "/l/00.html", &e1, &err), 1);
	assert_int_equal(ds_index_find(idx, "/l/47.html", &e2, &err), 1);
	assert_true(e1.docid < e2.docid);
	/* Replacing through the builder, and closing writes what waits. */
	done_log[0] = '\0';
	make_doc(&doc, "/l/00.html", "replaced words", 2, 2);
	assert_int_equal(ds_index_put_later(idx, &doc, 7, on_done, done_log,
					    &err), 0);
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_string_equal(done_log, "/l/00.html:7:ok");
	assert_int_equal(count(db), 3 * DS_INDEX_BUILD_DEPTH - 1);
}

/* Sweep callback: count and remember the last identity. */
static unsigned swept;
static char last_swept[4096];

static void
on_swept(void *ctx, const char *identity)
{
	(void)ctx;
	swept++;
	snprintf(last_swept, sizeof last_swept, "%s", identity);
}

static void
test_sweep(void **state)
{
	struct ds_error err = {0, ""};
	const char *spare[] = {"/r/unreadable"};
	struct ds_index *idx;
	struct ds_index_entry e;
	const char *db = scratch("sweep");

	(void)state;
	assert_int_equal(ds_index_open(db, DS_INDEX_CREATE, &idx, &err), 0);
	put(idx, "/r/keep.html", "one");
	put(idx, "/r/gone.html", "two");
	put(idx, "/r/unreadable/x.html", "three");
	put(idx, "/r2/other.html", "four");
	put(idx, "/rx/prefix.html", "five");
	assert_int_equal(ds_index_close(idx, &err), 0);

	/* A new writer has kept nothing; keep one of /r, sweep /r. */
	assert_int_equal(ds_index_open(db, 0, &idx, &err), 0);
	assert_int_equal(ds_index_find(idx, "/r/keep.html", &e, &err), 1);
	assert_int_equal(ds_index_keep(idx, e.docid, &err), 0);
	swept = 0;
	assert_int_equal(ds_index_sweep(idx, "/r", spare, 1, ULONG_MAX, on_swept, NULL,
					&err), 0);
	assert_int_equal(swept, 1);
	assert_string_equal(last_swept, "/r/gone.html");
	assert_true(found(idx, "/r/keep.html"));
	assert_false(found(idx, "/r/gone.html"));
	assert_true(found(idx, "/r/unreadable/x.html"));
	assert_true(found(idx, "/r2/other.html"));
	assert_true(found(idx, "/rx/prefix.html"));
	/* Put documents count as kept. */
	put(idx, "/r2/new.html", "six");
	swept = 0;
	assert_int_equal(ds_index_sweep(idx, "/r2", NULL, 0, ULONG_MAX, on_swept, NULL,
					&err), 0);
	assert_int_equal(swept, 1);
	assert_string_equal(last_swept, "/r2/other.html");
	assert_true(found(idx, "/r2/new.html"));
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(count(db), 4);

	/*
	 * The count at a glance: all of /q kept since the mark, nothing to
	 * look up; one of them not kept, and it goes.
	 */
	assert_int_equal(ds_index_open(db, 0, &idx, &err), 0);
	put(idx, "/q/1.html", "q one");
	put(idx, "/q/2.html", "q two");
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(ds_index_open(db, 0, &idx, &err), 0);
	unsigned long mark = ds_index_kept_count(idx);
	assert_int_equal(ds_index_find(idx, "/q/1.html", &e, &err), 1);
	assert_int_equal(ds_index_keep(idx, e.docid, &err), 0);
	assert_int_equal(ds_index_keep(idx, e.docid, &err), 0);
	assert_int_equal(ds_index_kept_count(idx), mark + 1);
	swept = 0;
	assert_int_equal(ds_index_sweep(idx, "/q", NULL, 0, mark, on_swept,
					NULL, &err), 0);
	assert_int_equal(swept, 1);
	assert_string_equal(last_swept, "/q/2.html");
	mark = ds_index_kept_count(idx);
	assert_int_equal(ds_index_find(idx, "/q/1.html", &e, &err), 1);
	assert_int_equal(ds_index_keep(idx, e.docid, &err), 0);
	put(idx, "/q/3.html", "q three");
	swept = 0;
	assert_int_equal(ds_index_sweep(idx, "/q", NULL, 0, mark, on_swept,
					NULL, &err), 0);
	assert_int_equal(swept, 0);
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(count(db), 6);
}

static void
test_sweep_long_ids(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_index *idx;
	char longdir[400], path[500];
	const char *db = scratch("sweeplong");

	(void)state;
	/* A path too long for a term: its id is a prefix and a hash. */
	memset(longdir, 'd', 300);
	longdir[0] = '/';
	longdir[300] = '\0';
	snprintf(path, sizeof path, "/short/%s/x.html", longdir + 1);
	assert_int_equal(ds_index_open(db, DS_INDEX_CREATE, &idx, &err), 0);
	put(idx, path, "deep");
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(ds_index_open(db, 0, &idx, &err), 0);
	assert_true(found(idx, path));
	/* A short root sees it and sweeps it... */
	swept = 0;
	assert_int_equal(ds_index_sweep(idx, "/short", NULL, 0, ULONG_MAX, on_swept,
					NULL,
					&err), 0);
	assert_int_equal(swept, 1);
	assert_false(found(idx, path));
	assert_int_equal(ds_index_close(idx, &err), 0);
	/* ...a root longer than the id's head can't tell, and keeps it. */
	assert_int_equal(ds_index_open(db, 0, &idx, &err), 0);
	put(idx, path, "deep");
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(ds_index_open(db, 0, &idx, &err), 0);
	snprintf(path, sizeof path, "/short/%s", longdir + 1);
	swept = 0;
	assert_int_equal(ds_index_sweep(idx, path, NULL, 0, ULONG_MAX, on_swept, NULL,
					&err), 0);
	assert_int_equal(swept, 0);
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(count(db), 1);
}

/*
 * A writer killed after a commit: a child opens `db`, puts a document of
 * `text`, commits and dies without closing (no destructor, no last
 * commit), as under kill -9.
 */
static void
killed_after_commit(const char *db, const char *text)
{
	struct ds_index *w;
	struct ds_doc doc;
	pid_t pid;
	int status;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (ds_index_open(db, DS_INDEX_SPELLING, &w, NULL) < 0)
			_exit(1);
		make_doc(&doc, "/s/killed.html", text, 1, 1);
		if (ds_index_put(w, &doc, NULL) < 0 ||
		    ds_index_commit(w, NULL) < 0)
			_exit(2);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void
test_spelling(void **state)
{
	struct ds_error err = {0, ""};
	struct xapian_database *x;
	struct xapian_error xe;
	struct ds_index *idx;
	const char *db = scratch("spell"), *db2 = scratch("nospell");
	char *s;

	(void)state;
	assert_int_equal(ds_index_open(db, DS_INDEX_CREATE | DS_INDEX_SPELLING,
				       &idx, &err), 0);
	put(idx, "/s/1.html", "parliamentary consultation consultation 1234");
	put(idx, "/s/2.html", "parliamentary scrutiny");
	assert_int_equal(ds_index_close(idx, &err), 0);
	x = xapian_database_open(db, &xe);
	assert_non_null(x);
	s = xapian_database_get_spelling_suggestion(x, "parliamentery", 2, &xe);
	assert_non_null(s);
	assert_string_equal(s, "parliamentary");
	free(s);
	s = xapian_database_get_spelling_suggestion(x, "consultatoin", 2, &xe);
	assert_string_equal(s, "consultation");
	free(s);
	xapian_database_free(x);

	/*
	 * The words are written at the end, not at each commit; meanwhile
	 * the commits say the table is incomplete.
	 */
	assert_int_equal(ds_index_open(db, DS_INDEX_SPELLING, &idx, &err), 0);
	assert_true(ds_index_spelling_complete(idx));
	put(idx, "/s/3.html", "ombudsman");
	assert_int_equal(ds_index_commit(idx, &err), 0);
	x = xapian_database_open(db, &xe);
	s = xapian_database_get_spelling_suggestion(x, "ombudsmen", 2, &xe);
	assert_string_equal(s, "");
	free(s);
	s = xapian_database_get_metadata(x, "dossier.spelling", NULL, &xe);
	assert_string_equal(s, "incomplete");
	free(s);
	xapian_database_free(x);
	assert_int_equal(ds_index_close(idx, &err), 0);
	x = xapian_database_open(db, &xe);
	s = xapian_database_get_spelling_suggestion(x, "ombudsmen", 2, &xe);
	assert_string_equal(s, "ombudsman");
	free(s);
	s = xapian_database_get_metadata(x, "dossier.spelling", NULL, &xe);
	assert_string_equal(s, "");
	free(s);
	xapian_database_free(x);

	/* Killed between: the mark stays until a run puts everything again. */
	killed_after_commit(db, "parliamentarian");
	assert_int_equal(count(db), 4);
	assert_int_equal(ds_index_open(db, DS_INDEX_SPELLING, &idx, &err), 0);
	assert_false(ds_index_spelling_complete(idx));
	put(idx, "/s/5.html", "select committee");
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(ds_index_open(db, DS_INDEX_SPELLING, &idx, &err), 0);
	assert_false(ds_index_spelling_complete(idx));
	ds_index_spelling_redone(idx);
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(ds_index_open(db, DS_INDEX_SPELLING, &idx, &err), 0);
	assert_true(ds_index_spelling_complete(idx));
	assert_int_equal(ds_index_close(idx, &err), 0);

	/* Without the flag, no spelling table. */
	assert_int_equal(ds_index_open(db2, DS_INDEX_CREATE, &idx, &err), 0);
	put(idx, "/s/1.html", "parliamentary");
	assert_int_equal(ds_index_close(idx, &err), 0);
	x = xapian_database_open(db2, &xe);
	s = xapian_database_get_spelling_suggestion(x, "parliamentery", 2, &xe);
	assert_string_equal(s, "");
	free(s);
	xapian_database_free(x);
}

/* The synonyms of `key` in the database at `path`, joined by '|'. */
static char *
synonyms_of(const char *path, const char *key)
{
	static char out[1024];
	struct xapian_term_iterator *it;
	struct xapian_database *x;
	struct xapian_error xe;
	const char *t;
	size_t len, o = 0;

	out[0] = '\0';
	x = xapian_database_open(path, &xe);
	assert_non_null(x);
	it = xapian_database_synonyms(x, key, &xe);
	assert_non_null(it);
	while (xapian_term_iterator_next(it, &t, &len, &xe) > 0) {
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s",
				      o ? "|" : "", (int)len, t);
	}
	xapian_term_iterator_free(it);
	xapian_database_free(x);
	return out;
}

static void
test_synonyms(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_synonyms t;
	struct ds_index *idx;
	const char *file = scratch("syn.txt"), *db = scratch("syn");
	bool changed;

	(void)state;
	ds_synonyms_init(&t);
	assert_int_equal(tu_write_file(file,
		"# public bodies\n"
		"DWP = Department for Work  and Pensions\n"
		"\n"
		"  MHCLG = DLUHC = Ministry of Housing, Communities and Local Government\r\n"
		"DLUHC = Department for Levelling Up, Housing and Communities\n"), 0);
	assert_int_equal(ds_synonyms_load(&file, 1, &t, &err), 0);
	/*
	 * dwp, its name; mhclg, dluhc, the ministry, the department; names
	 * as the term generator sees them (no commas).
	 */
	assert_int_equal(t.nkeys, 6);
	assert_string_equal(t.keys[0], "department for levelling up "
			    "housing and communities");
	assert_string_equal(t.keys[2], "dluhc");
	assert_int_equal(t.nsyn[2], 3);
	assert_string_equal(t.syn[2][0], "department for levelling up "
			    "housing and communities");
	assert_string_equal(t.syn[2][1], "mhclg");
	assert_string_equal(t.keys[3], "dwp");
	assert_int_equal(t.nsyn[3], 1);
	assert_string_equal(t.syn[3][0], "department for work and pensions");
	assert_int_equal(strlen(t.version), 16);

	assert_int_equal(ds_index_open(db, DS_INDEX_CREATE, &idx, &err), 0);
	assert_int_equal(ds_index_set_synonyms(
				 idx, (const char *const *)t.keys,
				 (const char *const *const *)t.syn, t.nsyn,
				 t.nkeys, t.version, &changed, &err), 0);
	assert_true(changed);
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_string_equal(synonyms_of(db, "dwp"),
			    "department for work and pensions");
	assert_string_equal(synonyms_of(db, "mhclg"),
			    "dluhc|ministry of housing communities and "
			    "local government");

	/* The same table again: nothing rewritten. */
	assert_int_equal(ds_index_open(db, 0, &idx, &err), 0);
	assert_int_equal(ds_index_set_synonyms(
				 idx, (const char *const *)t.keys,
				 (const char *const *const *)t.syn, t.nsyn,
				 t.nkeys, t.version, &changed, &err), 0);
	assert_false(changed);
	assert_int_equal(ds_index_close(idx, &err), 0);

	/* Another table replaces it whole. */
	assert_int_equal(tu_write_file(file, "NAO = National Audit Office\n"),
			 0);
	assert_int_equal(ds_synonyms_load(&file, 1, &t, &err), 0);
	assert_int_equal(ds_index_open(db, 0, &idx, &err), 0);
	assert_int_equal(ds_index_set_synonyms(
				 idx, (const char *const *)t.keys,
				 (const char *const *const *)t.syn, t.nsyn,
				 t.nkeys, t.version, &changed, &err), 0);
	assert_true(changed);
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_string_equal(synonyms_of(db, "dwp"), "");
	assert_string_equal(synonyms_of(db, "nao"), "national audit office");
	ds_synonyms_release(&t);

	/* Bad files fail whole, naming FILE:LINE. */
	static const struct {
		const char *content;
		const char *msg;
	} bad[] = {
		{"a = b\nlonely\n", ":2: a group needs two names"},
		{"a = = b\n", ":1: an empty name"},
		{"a = b =\n", ":1: an empty name"},
		{"ok = fine\n\xff = b\n", ":2: not valid UTF-8"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(tu_write_file(file, bad[i].content), 0);
		ds_synonyms_init(&t);
		assert_int_equal(ds_synonyms_load(&file, 1, &t, &err),
				 DS_EFORMAT);
		if (strstr(err.msg, bad[i].msg) == NULL ||
		    strstr(err.msg, file) == NULL)
			fail_msg("case %zu: %s", i, err.msg);
		assert_int_equal(t.nkeys, 0);
	}
	const char *none = scratch("none.txt");
	assert_int_equal(ds_synonyms_load(&none, 1, &t, &err), DS_ENOENT);

	/*
	 * The table of bodies: every name of a row, former ones too, is one
	 * group; "=NICE" is one-way, in capitals; merged with a groups file.
	 */
	const char *files[2] = {scratch("bodies.tsv"), scratch("more.txt")};
	assert_int_equal(tu_write_file(files[0],
		"# a comment\n"
		"id\tname\tabbreviations\ttype\tparent\tstart\tend\tformer\t"
		"successors\tsource\n"
		"mhclg\tMinistry of Housing, Communities and Local Government\t"
		"MHCLG\tministerial department\t\t2006-05-05\t\t"
		"Department for Levelling Up, Housing and Communities|DLUHC|"
		"2021-09-19|2024-07-08; Department for Communities and Local "
		"Government|DCLG|2006-05-05|2018-01-08\t\topenregister D4\n"
		"nice\tNational Institute for Health and Care Excellence\t=NICE\t"
		"executive non-departmental public body\t\t\t\t\t\t\r\n"
		"lonely\tA Body Without Other Names\t\tother\t\t\t\t\t\t\n"), 0);
	assert_int_equal(tu_write_file(files[1], "NAO = National Audit Office\n"),
			 0);
	assert_int_equal(ds_synonyms_load(files, 2, &t, &err), 0);
	/*
	 * The 6 names of MHCLG; "NICE" (its full name has no synonym to
	 * offer: NICE is an ordinary word); NAO and its name.
	 */
	assert_int_equal(t.nkeys, 9);
	bool saw_dclg = false, saw_nice = false;
	for (size_t i = 0; i < t.nkeys; i++) {
		if (strcmp(t.keys[i], "dclg") == 0) {
			saw_dclg = true;
			assert_int_equal(t.nsyn[i], 5);
			assert_string_equal(t.syn[i][0], "department for "
					    "communities and local government");
		} else if (strcmp(t.keys[i], "NICE") == 0) {
			saw_nice = true;
			assert_int_equal(t.nsyn[i], 1);
			assert_string_equal(t.syn[i][0], "national institute "
					    "for health and care excellence");
		}
		assert_string_not_equal(t.keys[i], "nice");
		assert_string_not_equal(t.keys[i], "a body without other names");
	}
	assert_true(saw_dclg && saw_nice);
	ds_synonyms_release(&t);
	assert_int_equal(tu_write_file(files[0],
		"id\tname\tabbreviations\n"
		"x\tX Office\tXO\n"
		"a row without tabs\n"), 0);
	assert_int_equal(ds_synonyms_load(files, 1, &t, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "bodies.tsv:3: not a row"));
}

/* Build a database of `n` documents at `path`. */
static void
build(const char *path, int n)
{
	struct ds_error err = {0, ""};
	struct ds_index *idx;
	char name[64];

	assert_int_equal(ds_index_open(path, DS_INDEX_CREATE, &idx, &err), 0);
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof name, "/doc/%d.html", i);
		put(idx, name, "text");
	}
	assert_int_equal(ds_index_close(idx, &err), 0);
}

/* Rebuild `path` with `n` documents, the way dossier-index does. */
static void
rebuild(const char *path, int n)
{
	struct ds_error err = {0, ""};
	struct ds_rebuild rb;
	const char *warning;

	if (ds_rebuild_begin(path, &rb, &err) < 0)
		fail_msg("begin: %s", err.msg);
	assert_false(tu_exists(rb.aside));
	build(rb.aside, n);
	if (ds_rebuild_switch(&rb, &warning, &err) < 0)
		fail_msg("switch: %s", err.msg);
	assert_null(warning);
	ds_rebuild_release(&rb);
}

/* How many entries of tmpdir start with `prefix`. */
static int
entries(const char *prefix)
{
	struct dirent *e;
	DIR *d = opendir(tmpdir);
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

static void
test_rebuild(void **state)
{
	struct ds_error err = {0, ""};
	enum ds_dbpath_kind kind;
	struct ds_rebuild rb;
	const char *dir = scratch("rdir"), *stub = scratch("rstub");
	const char *link = scratch("rlink"), *fresh = scratch("rnew");
	char target[256];

	(void)state;
	/* A directory: exchanged, the old one removed. */
	build(dir, 2);
	rebuild(dir, 3);
	assert_int_equal(ds_dbpath_kind(dir, &kind, &err), 0);
	assert_int_equal(kind, DS_DBPATH_DIR);
	assert_int_equal(count(dir), 3);
	assert_int_equal(entries("rdir"), 1);

	/* Nothing yet: the new directory moves there. */
	rebuild(fresh, 4);
	assert_int_equal(count(fresh), 4);
	assert_int_equal(entries("rnew"), 1);

	/* A stub file: a new one names the new database. */
	build(scratch("rstub.first"), 1);
	assert_int_equal(tu_write_file(stub, "auto rstub.first\n"), 0);
	assert_int_equal(count(stub), 1);
	rebuild(stub, 5);
	assert_int_equal(count(stub), 5);
	/* rstub.first was not made by a rebuild: it stays. */
	assert_true(tu_exists(scratch("rstub.first")));
	assert_int_equal(entries("rstub."), 2);
	rebuild(stub, 6);
	assert_int_equal(count(stub), 6);
	/* The previous rebuild's database is gone, the first one stays. */
	assert_int_equal(entries("rstub."), 2);

	/* A symbolic link: a new link. */
	build(scratch("rlink.first"), 1);
	assert_int_equal(symlink("rlink.first", link), 0);
	rebuild(link, 7);
	assert_int_equal(count(link), 7);
	assert_true(readlink(link, target, sizeof target) > 0);
	assert_int_equal(ds_dbpath_kind(link, &kind, &err), 0);
	assert_int_equal(kind, DS_DBPATH_SYMLINK);

	/* A rebuild killed half-way leaves its directory: the next clears it. */
	assert_int_equal(ds_rebuild_begin(dir, &rb, &err), 0);
	build(rb.aside, 1);
	assert_int_equal(entries("rdir"), 2);
	ds_rebuild_release(&rb);
	rebuild(dir, 8);
	assert_int_equal(entries("rdir"), 1);
	assert_int_equal(count(dir), 8);

	/* Abandoning leaves the path as it was. */
	assert_int_equal(ds_rebuild_begin(dir, &rb, &err), 0);
	build(rb.aside, 1);
	ds_rebuild_abandon(&rb);
	ds_rebuild_release(&rb);
	assert_int_equal(entries("rdir"), 1);
	assert_int_equal(count(dir), 8);

	/* Something that is not a database path. */
	assert_int_equal(ds_rebuild_begin("/dev/null", &rb, &err), DS_EINVAL);
}

/* The revision of the database at `path`. */
static unsigned long
revision(const char *path)
{
	struct xapian_database *db;
	struct xapian_error xe;
	xapian_rev rev = 0;

	db = xapian_database_open(path, &xe);
	assert_non_null(db);
	assert_int_equal(xapian_database_get_revision(db, &rev, &xe), 0);
	xapian_database_free(db);
	return (unsigned long)rev;
}

static void
test_compact(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_index *idx;
	const char *dir = scratch("cdir"), *stub = scratch("cstub");
	const char *multi = scratch("cmulti"), *warning;
	char name[64];
	int i;

	(void)state;
	/* Many commits: compacting makes one revision of it all. */
	assert_int_equal(ds_index_open(dir, DS_INDEX_CREATE, &idx, &err), 0);
	for (i = 0; i < 30; i++) {
		snprintf(name, sizeof name, "/c/%d.html", i);
		put(idx, name, "compact me");
		assert_int_equal(ds_index_commit(idx, &err), 0);
	}
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_true(revision(dir) >= 30);
	assert_int_equal(ds_dbpath_compact(dir, &warning, &err), 0);
	assert_null(warning);
	assert_int_equal(revision(dir), 1);
	assert_int_equal(count(dir), 30);
	assert_int_equal(entries("cdir"), 1);

	/* Through a stub: the stub names the compacted copy. */
	build(scratch("cstub.0"), 3);
	assert_int_equal(tu_write_file(stub, "auto cstub.0\n"), 0);
	assert_int_equal(ds_dbpath_compact(stub, &warning, &err), 0);
	assert_int_equal(count(stub), 3);
	assert_int_equal(entries("cstub."), 2);

	/* A stub of two shards is not merged. */
	assert_int_equal(tu_write_file(multi, "auto cdir\nauto cstub.0\n"), 0);
	assert_int_equal(ds_dbpath_compact(multi, &warning, &err), DS_EINVAL);
	assert_non_null(strstr(err.msg, "made of 2 databases"));
	assert_int_equal(entries("cmulti"), 1);
	assert_int_equal(ds_dbpath_compact(scratch("cnone"), &warning, &err),
			 DS_ENOENT);
}

/* A database killed while it was being made can be made again. */
static void
test_killed_while_created(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_index *idx;
	const char *db = scratch("halfmade");
	char f[4096];

	(void)state;
	/* What kill -9 during creation leaves: no revision file (iamglass). */
	assert_int_equal(mkdir(db, 0755), 0);
	static const char *const left[] = {"flintlock", "postlist.glass",
					   "termlist.glass"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tu_path(f, sizeof f, db, left[i]), 0);
		assert_int_equal(tu_write_file(f, ""), 0);
	}
	assert_int_equal(tu_path(f, sizeof f, db, "v.tmp"), 0);
	assert_int_equal(tu_write_file(f, "half a version file"), 0);
	assert_int_equal(ds_index_open(db, 0, &idx, &err), DS_ENOENT);
	assert_int_equal(ds_index_open(db, DS_INDEX_CREATE, &idx, &err), 0);
	put(idx, "/h/1.html", "made again");
	assert_int_equal(ds_index_close(idx, &err), 0);
	assert_int_equal(count(db), 1);

	/* A real database is never cleared, even when it can't be opened. */
	assert_int_equal(tu_path(f, sizeof f, db, "postlist.glass"), 0);
	assert_int_equal(tu_write_file(f, "garbage"), 0);
	assert_true(ds_index_open(db, DS_INDEX_CREATE, &idx, &err) < 0);
	assert_true(tu_exists(f));
	assert_int_equal(tu_path(f, sizeof f, db, "iamglass"), 0);
	assert_true(tu_exists(f));
}

static void
test_remove_and_lock(void **state)
{
	struct ds_error err = {0, ""};
	const char *db = scratch("rm"), *other = scratch("rm/notes.txt");
	int fd1, fd2;

	(void)state;
	build(db, 1);
	assert_int_equal(tu_write_file(other, "mine"), 0);
	/* Only Xapian's files go: the directory stays with the rest. */
	assert_int_equal(ds_dbpath_remove(db, &err), DS_EIO);
	assert_non_null(strstr(err.msg, "not Xapian's"));
	assert_true(tu_exists(other));
	assert_false(tu_exists(scratch("rm/iamglass")));
	unlink(other);
	assert_int_equal(ds_dbpath_remove(db, &err), 0);
	assert_false(tu_exists(db));

	/* The indexers' lock: one holder at a time. */
	assert_int_equal(ds_dbpath_lock(db, 0, &fd1, &err), 0);
	assert_true(fd1 >= 0);
	assert_int_equal(ds_dbpath_lock(db, 0, &fd2, &err), DS_ELOCKED);
	assert_int_equal(fd2, -1);
	assert_non_null(strstr(err.msg, "another indexer"));
	close(fd1);
	assert_int_equal(ds_dbpath_lock(db, 0, &fd2, &err), 0);
	close(fd2);
	/* A directory we can't write to: no lock file, no error. */
	if (geteuid() != 0) {
		assert_int_equal(ds_dbpath_lock("/proc/x", 0, &fd1, &err), 0);
		assert_int_equal(fd1, -1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_keep_restamp),
		cmocka_unit_test(test_put_later),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_sweep_long_ids),
		cmocka_unit_test(test_spelling),
		cmocka_unit_test(test_synonyms),
		cmocka_unit_test(test_rebuild),
		cmocka_unit_test(test_killed_while_created),
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_remove_and_lock),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
