/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-sandbox.c: the worker process (sandbox.h) and the document
 * encoding it answers with (docwire.h).
 *
 * docwire: a document with every field round-trips exactly; every
 * truncation, every one-bit corruption and a table of crafted invalid
 * encodings are refused (or, for a flip that keeps the encoding valid,
 * decode to a document that still keeps doc.h's invariants).
 * sandbox: extraction through the worker equals the in-process one field
 * by field (errors too); a worker killed by the CPU limit, by the
 * wall-clock limit, by SIGSEGV or SIGKILL from the test costs one document
 * with a clear message and the next document succeeds on a fresh worker;
 * the memory limit; several sandboxes side by side; the worker holds no
 * descriptor it should not.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "docwire.h"
#include "dossier.h"
#include "testutil.h"
#include "utf8.h"

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

/* $top_srcdir, or ".." (the build directory is usually one level down). */
static const char *
srcdir(void)
{
	const char *d = getenv("top_srcdir");

	return d && d[0] ? d : "..";
}

/* A scratch directory, with a big HTML file and a small one in it. */
static char tmpdir[256], big_html[512], small_html[512];

/* Whether two optional strings are equal; fails naming the field. */
static void
same_str(const char *what, const char *a, const char *b)
{
	if (a == NULL && b == NULL)
		return;
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		fail_msg("%s: [%s] != [%s]", what, a ? a : "(null)",
			 b ? b : "(null)");
}

/* Every field of two documents, one by one. */
static void
assert_docs_equal(const struct ds_doc *a, const struct ds_doc *b)
{
	size_t i;

	same_str("id", a->id, b->id);
	same_str("path", a->path, b->path);
	same_str("url", a->url, b->url);
	same_str("format", a->format, b->format);
	same_str("dialect", a->dialect, b->dialect);
	assert_int_equal(a->mtime, b->mtime);
	assert_int_equal(a->stamp.mtime_ns, b->stamp.mtime_ns);
	assert_int_equal(a->stamp.size, b->stamp.size);
	assert_true(a->stamp.hash == b->stamp.hash);
	assert_int_equal(a->size, b->size);
	same_str("title", a->title, b->title);
	same_str("description", a->description, b->description);
	same_str("author", a->author, b->author);
	same_str("publisher", a->publisher, b->publisher);
	same_str("date", a->date, b->date);
	same_str("modified", a->modified, b->modified);
	same_str("type", a->type, b->type);
	same_str("lang", a->lang, b->lang);
	assert_int_equal(a->nidents, b->nidents);
	for (i = 0; i < a->nidents; i++) {
		same_str("scheme", a->idents[i].scheme, b->idents[i].scheme);
		same_str("value", a->idents[i].value, b->idents[i].value);
		same_str("session", a->idents[i].session,
			 b->idents[i].session);
		same_str("display", a->idents[i].display,
			 b->idents[i].display);
	}
	assert_int_equal(a->nsections, b->nsections);
	for (i = 0; i < a->nsections; i++) {
		const struct ds_section *x = &a->sections[i], *y = &b->sections[i];

		same_str("heading", x->heading, y->heading);
		same_str("anchor", x->anchor, y->anchor);
		assert_int_equal(x->level, y->level);
		same_str("speaker", x->speaker, y->speaker);
		assert_int_equal(x->text_len, y->text_len);
		if (x->text_len > 0)
			assert_memory_equal(x->text, y->text, x->text_len);
		assert_true((x->text == NULL) == (y->text == NULL));
	}
	assert_int_equal(a->text_bytes, b->text_bytes);
	assert_int_equal(a->max_text_bytes, b->max_text_bytes);
	assert_int_equal(a->truncated, b->truncated);
	same_str("warning", a->warning, b->warning);
}

/* Whether s keeps doc.h's string invariant (NULL counts). */
static int
clean(const char *s, int allow_empty)
{
	size_t n, i = 0, k;
	uint32_t cp;

	if (s == NULL)
		return 1;
	n = strlen(s);
	if (n == 0)
		return allow_empty;
	while (i < n) {
		if ((k = ds_utf8_decode(s + i, n - i, &cp)) == 0)
			return 0;
		if ((cp < 0x20 && cp != '\n' && cp != '\t') ||
		    (cp >= 0x7f && cp < 0xa0))
			return 0;
		i += k;
	}
	return 1;
}

/* doc.h's invariants, as the decoder promises them. */
static void
assert_doc_sane(const struct ds_doc *d)
{
	const char *fields[] = { d->id, d->path, d->url, d->format,
				 d->dialect, d->title, d->description,
				 d->author, d->publisher, d->date,
				 d->modified, d->type, d->lang, d->warning };
	size_t i, sum = 0;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
		assert_true(clean(fields[i], 0));
	for (i = 0; i < d->nsections; i++) {
		const struct ds_section *s = &d->sections[i];

		assert_true(clean(s->heading, 0) && clean(s->anchor, 0) &&
			    clean(s->speaker, 0) && clean(s->text, 1));
		assert_true(s->level >= 0 && s->level <= 6);
		assert_int_equal(s->text ? strlen(s->text) : 0, s->text_len);
		sum += s->text_len;
	}
	assert_int_equal(sum, d->text_bytes);
	for (i = 0; i < d->nidents; i++)
		assert_true(d->idents[i].scheme && d->idents[i].value &&
			    d->idents[i].display);
}

/* A document with every field set. */
static void
full_doc(struct ds_doc *d)
{
	struct ds_error err = {0, ""};

	ds_doc_init(d);
	d->max_text_bytes = 100000;
	assert_int_equal(ds_doc_set_field(&d->id, "rec-42", 6, &err), 0);
	assert_int_equal(ds_doc_set_field(&d->path, "/srv/caf\xc3\xa9.html",
					  strlen("/srv/caf\xc3\xa9.html"), &err),
			 0);
	d->url = strdup("https://example.org/r?a=1&b=2");
	d->format = strdup("xml");
	d->dialect = strdup("hansard");
	d->mtime = -1234567890123LL;
	d->size = 9876543210LL;
	d->stamp.mtime_ns = 1704067200123456789LL;
	d->stamp.size = 21176;
	d->stamp.hash = UINT64_C(0xfedcba9876543210);
	d->title = strdup("Report on \xe6\x97\xa5\xe6\x9c\xac trade");
	d->description = strdup("A description");
	d->author = strdup("Committee of Public Accounts");
	d->publisher = strdup("House of Commons");
	d->date = strdup("2014-06-12");
	d->modified = strdup("2015-01");
	d->type = strdup("report");
	d->lang = strdup("en-GB");
	assert_int_equal(ds_doc_add_ident(d, "hc", "1234", "2013-14",
					  "HC 1234 (2013-14)", &err), 0);
	assert_int_equal(ds_doc_add_ident(d, "isbn", "9780102975598", NULL,
					  NULL, &err), 0);
	assert_int_equal(ds_doc_append_text(d, "Preamble words.", 15, &err), 0);
	assert_int_equal(ds_doc_add_section(d, "First heading", 13, "first",
					    2, &err), 0);
	assert_int_equal(ds_doc_set_speaker(d, "Mr Speaker", 10, &err), 0);
	assert_int_equal(ds_doc_append_text(d, "one\n\ntwo\tthree", 14,
					    &err), 0);
	assert_int_equal(ds_doc_add_section(d, "Empty heading", 13, NULL, 6,
					    &err), 0);
	assert_int_equal(ds_doc_warn(d, &err, "recovered %d times", 3), 0);
	d->truncated = true;
	ds_doc_finish(d);
	assert_non_null(d->url);
	assert_non_null(d->lang);
}

static void
encode(const struct ds_doc *d, char **buf, size_t *len)
{
	assert_int_equal(ds_docwire_encode(d, buf, len, NULL), 0);
	assert_non_null(*buf);
	assert_memory_equal(*buf, DS_DOCWIRE_MAGIC, 4);
}

/* Write `n` <span>s of HTML into path. */
static void
write_html(const char *path, size_t n)
{
	FILE *f = fopen(path, "w");
	size_t i;

	assert_non_null(f);
	fputs("<html><head><title>Big page</title></head><body><p>CANARYWORD ",
	      f);
	for (i = 0; i < n; i++)
		fputs("<span>w </span>", f);
	fputs("</p></body></html>\n", f);
	assert_int_equal(fclose(f), 0);
}

static int
setup(void **state)
{
	(void)state;
	ds_init();
	if (tu_make_temp_dir(tmpdir, sizeof tmpdir, "test-sandbox") < 0 ||
	    tu_path(big_html, sizeof big_html, tmpdir, "big.html") < 0 ||
	    tu_path(small_html, sizeof small_html, tmpdir, "small.html") < 0)
		return -1;
	/* About a second of CPU time to extract, or much more under valgrind. */
	write_html(big_html, 600000);
	write_html(small_html, 3);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_remove_tree(tmpdir);
	ds_cleanup();
	return 0;
}

/* A sandbox with the given limits (0: none). */
static struct ds_sandbox *
sandbox(double cpu, double wall, size_t mem)
{
	struct ds_sandbox_limits lim = {cpu, wall, mem};
	struct ds_sandbox *sb = NULL;
	struct ds_error err = {0, ""};

	if (ds_sandbox_new(&lim, &sb, &err) < 0)
		fail_msg("ds_sandbox_new: %s", err.msg);
	assert_true(ds_sandbox_pid(sb) > 0);
	assert_int_equal(ds_sandbox_starts(sb), 1);
	return sb;
}

/* Extract the small page through sb: it must work. */
static void
extract_small(struct ds_sandbox *sb)
{
	struct ds_error err = {0, ""};
	struct ds_doc doc;

	ds_doc_init(&doc);
	if (ds_sandbox_extract(sb, small_html, NULL, &doc, &err) != 0)
		fail_msg("small.html: %s", err.msg);
	assert_string_equal(doc.title, "Big page");
	assert_non_null(strstr(doc.sections[0].text, "CANARYWORD w w w"));
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * docwire
 * ------------------------------------------------------------------- */

static void
test_docwire_roundtrip(void **state)
{
	struct ds_doc a, b, empty;
	char *buf, *buf2;
	size_t len, len2;

	(void)state;
	full_doc(&a);
	assert_int_equal(a.nsections, 3);
	assert_int_equal(a.nidents, 2);
	encode(&a, &buf, &len);
	ds_doc_init(&b);
	assert_int_equal(ds_docwire_decode(buf, len, &b, NULL), 0);
	assert_docs_equal(&a, &b);
	assert_doc_sane(&b);
	/* The same bytes again: the encoding is canonical. */
	encode(&b, &buf2, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, buf2, len);
	free(buf2);
	/* Decoding into a document that holds something replaces it. */
	assert_int_equal(ds_docwire_decode(buf, len, &b, NULL), 0);
	assert_docs_equal(&a, &b);
	free(buf);

	ds_doc_init(&empty);
	encode(&empty, &buf, &len);
	assert_int_equal(ds_docwire_decode(buf, len, &b, NULL), 0);
	assert_docs_equal(&empty, &b);
	free(buf);
	ds_doc_release(&b);
	ds_doc_release(&a);
}

/* Every prefix of a valid encoding is refused, leaving an empty doc. */
static void
test_docwire_truncated(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_doc a, b;
	char *buf;
	size_t len, i;

	(void)state;
	full_doc(&a);
	encode(&a, &buf, &len);
	ds_doc_init(&b);
	for (i = 0; i < len; i++) {
		if (ds_docwire_decode(buf, i, &b, &err) != DS_EFORMAT)
			fail_msg("prefix of %zu bytes accepted", i);
		assert_non_null(strstr(err.msg, "invalid document encoding"));
		assert_null(b.title);
		assert_int_equal(b.nsections, 0);
	}
	/* And one byte too many. */
	buf = realloc(buf, len + 1);
	assert_non_null(buf);
	buf[len] = 0;
	assert_int_equal(ds_docwire_decode(buf, len + 1, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "left over"));
	free(buf);
	ds_doc_release(&a);
}

/* Every one-bit flip: refused, or a document that is still sane. */
static void
test_docwire_corrupt(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_doc a, b;
	char *buf;
	size_t len, i;
	int bit, rc;

	(void)state;
	full_doc(&a);
	encode(&a, &buf, &len);
	ds_doc_init(&b);
	for (i = 0; i < len; i++) {
		for (bit = 0; bit < 8; bit++) {
			buf[i] ^= (char)(1 << bit);
			rc = ds_docwire_decode(buf, len, &b, &err);
			if (rc == 0)
				assert_doc_sane(&b);
			else
				assert_int_equal(rc, DS_EFORMAT);
			buf[i] ^= (char)(1 << bit);
		}
	}
	ds_doc_release(&b);
	free(buf);
	ds_doc_release(&a);
}

/* Encodings of documents that break doc.h's invariants are refused. */
static void
test_docwire_rejects(void **state)
{
	static const char *const bad_titles[] = {
		"tab\tok but bell \a", "nul", "\xff\xfe", "\xc0\xaf",
		"ed\xed\xa0\x80", "c1 \xc2\x85", "del \x7f", "",
	};
	struct ds_error err = {0, ""};
	struct ds_doc a, b;
	char *buf, *t;
	size_t len, i;

	(void)state;
	ds_doc_init(&b);
	for (i = 0; i < sizeof bad_titles / sizeof bad_titles[0]; i++) {
		ds_doc_init(&a);
		a.title = strdup(bad_titles[i]);
		if (i == 1)
			a.title[1] = '\0';	/* "n": made bad below */
		encode(&a, &buf, &len);
		if (i == 1) {
			/* A NUL inside a string: patch "n" into "\0". */
			t = memchr(buf + 4, 'n', len - 4);
			assert_non_null(t);
			*t = '\0';
		}
		if (ds_docwire_decode(buf, len, &b, &err) != DS_EFORMAT)
			fail_msg("title %zu accepted", i);
		assert_non_null(strstr(err.msg, "title"));
		free(buf);
		ds_doc_release(&a);
	}

	/* A level out of range. */
	full_doc(&a);
	a.sections[1].level = 7;
	encode(&a, &buf, &len);
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "level"));
	free(buf);
	a.sections[1].level = -1;
	encode(&a, &buf, &len);
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	free(buf);
	a.sections[1].level = 2;

	/* text_bytes that lies, and text over the limit. */
	a.text_bytes++;
	encode(&a, &buf, &len);
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "text_bytes"));
	free(buf);
	a.text_bytes--;
	a.max_text_bytes = 5;
	encode(&a, &buf, &len);
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "max_text_bytes"));
	free(buf);

	/* Control characters in section text. */
	a.max_text_bytes = 100000;
	a.sections[0].text[0] = '\r';
	encode(&a, &buf, &len);
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "section text"));
	free(buf);
	ds_doc_release(&a);

	/* An identifier without its display form. */
	full_doc(&a);
	free(a.idents[0].display);
	a.idents[0].display = NULL;
	encode(&a, &buf, &len);
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "identifier"));
	free(buf);
	ds_doc_release(&a);

	/*
	 * The tail of an empty document is: u8 truncated, u32 warning
	 * (NULL), u32 nsections.  Patch each.
	 */
	ds_doc_init(&a);
	encode(&a, &buf, &len);
	memset(buf + len - 4, 0xff, 4);		/* 4 billion sections */
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "section count"));
	memset(buf + len - 4, 0, 4);
	buf[len - 9] = 2;			/* truncated = 2 */
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "truncated"));
	buf[len - 9] = 0;
	memset(buf + len - 8, 0xfe, 4);		/* a 4 GB warning */
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "warning"));
	buf[0] = 'X';
	assert_int_equal(ds_docwire_decode(buf, len, &b, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "magic"));
	assert_int_equal(ds_docwire_decode(NULL, 0, &b, &err), DS_EFORMAT);
	free(buf);
	ds_doc_release(&b);
}

/* ---------------------------------------------------------------------
 * The sandbox
 * ------------------------------------------------------------------- */

/* One file through both paths: the same result, field by field. */
static void
compare_one(struct ds_sandbox *sb, const char *path)
{
	struct ds_error e1 = {0, ""}, e2 = {0, ""};
	struct ds_doc a, b;
	int r1, r2;

	ds_doc_init(&a);
	ds_doc_init(&b);
	r1 = ds_extract_file(path, NULL, &a, &e1);
	r2 = ds_sandbox_extract(sb, path, NULL, &b, &e2);
	if (r1 != r2)
		fail_msg("%s: in process %d (%s), sandbox %d (%s)", path, r1,
			 e1.msg, r2, e2.msg);
	if (r1 == 0)
		assert_docs_equal(&a, &b);
	else
		assert_string_equal(e1.msg, e2.msg);
	ds_doc_release(&a);
	ds_doc_release(&b);
}

/* compare_one() on every regular file directly in dir; returns how many. */
static size_t
compare_dir(struct ds_sandbox *sb, const char *dir)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	size_t n = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (tu_path(path, sizeof path, dir, e->d_name) < 0 ||
		    lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		compare_one(sb, path);
		n++;
	}
	closedir(d);
	return n;
}

static void
test_sandbox_equals_in_process(void **state)
{
	struct ds_sandbox *sb = sandbox(30, 60, 0);
	char dir[4096], path[4096];
	size_t n = 0;

	(void)state;
	tu_format(dir, sizeof dir, "%s/tests/fixtures/extract", srcdir());
	n += compare_dir(sb, dir);
	tu_format(dir, sizeof dir, "%s/tests/fixtures/site", srcdir());
	n += compare_dir(sb, dir);
	tu_format(dir, sizeof dir, "%s/tests/fixtures/site/reports", srcdir());
	n += compare_dir(sb, dir);
	tu_format(dir, sizeof dir, "%s/../shared/badinputs", srcdir());
	if (compare_dir(sb, dir) == 0)
		print_message("# (../shared/badinputs absent: not compared)\n");
	if (n == 0)
		print_message("# SKIP tests/fixtures not found (set "
			      "top_srcdir)\n");
	compare_one(sb, small_html);
	tu_path(path, sizeof path, tmpdir, "no-such-file.html");
	compare_one(sb, path);
	compare_one(sb, tmpdir);	/* a directory: skipped */
	/* Nothing above needed a second worker. */
	assert_int_equal(ds_sandbox_starts(sb), 1);
	ds_sandbox_free(sb);
}

/* The extract options travel with the request. */
static void
test_sandbox_options(void **state)
{
	struct ds_extract_opts xo = {.max_input_bytes = 100,
				     .max_text_bytes = 12};
	struct ds_sandbox *sb = sandbox(30, 60, 0);
	struct ds_error err = {0, ""};
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	assert_int_equal(ds_sandbox_extract(sb, big_html, &xo, &doc, &err),
			 DS_ETOOBIG);
	assert_non_null(strstr(err.msg, "limit of 100 bytes"));
	xo.max_input_bytes = 0;
	assert_int_equal(ds_sandbox_extract(sb, small_html, &xo, &doc, &err),
			 0);
	assert_true(doc.truncated);
	assert_true(doc.text_bytes <= 12);
	ds_doc_release(&doc);
	ds_sandbox_free(sb);
}

static void
test_cpu_limit(void **state)
{
	struct ds_sandbox *sb = sandbox(0.05, 60, 0);
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	pid_t first = ds_sandbox_pid(sb);
	int rc;

	(void)state;
	ds_doc_init(&doc);
	rc = ds_sandbox_extract(sb, big_html, NULL, &doc, &err);
	if (rc != DS_ETOOBIG)
		fail_msg("big.html: rc %d: %s", rc, err.msg);
	assert_non_null(strstr(err.msg, "CPU time limit of 0.05 s exceeded"));
	assert_non_null(strstr(err.msg, "big.html"));
	assert_null(doc.title);
	/* Reaped, and the next document gets a fresh worker. */
	assert_int_equal(ds_sandbox_pid(sb), -1);
	assert_int_equal(kill(first, 0), -1);
	extract_small(sb);
	assert_int_equal(ds_sandbox_starts(sb), 2);
	assert_true(ds_sandbox_pid(sb) != first);
	/* The limit is per document: many small ones in a row pass. */
	for (rc = 0; rc < 20; rc++)
		extract_small(sb);
	assert_int_equal(ds_sandbox_starts(sb), 2);
	ds_sandbox_free(sb);
}

/* Pipelining: answers come back in the order asked, and the limits. */
static void
test_pipeline_order(void **state)
{
	struct ds_sandbox *sb = sandbox(0, 60, 0);
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	const char *path;
	size_t i;

	(void)state;
	ds_doc_init(&doc);
	assert_int_equal(ds_sandbox_pending(sb), 0);
	assert_int_equal(ds_sandbox_receive(sb, &doc, &path, &err), DS_EINVAL);
	/* Small and big pages alternately, as many as may wait. */
	for (i = 0; i < DS_SANDBOX_DEPTH; i++)
		assert_int_equal(ds_sandbox_submit(sb, i % 2 ? big_html
							    : small_html,
						   NULL, &err),
				 0);
	assert_int_equal(ds_sandbox_pending(sb), DS_SANDBOX_DEPTH);
	assert_int_equal(ds_sandbox_submit(sb, small_html, NULL, &err),
			 DS_EINVAL);
	/* A whole document may not be asked for while others wait. */
	assert_int_equal(ds_sandbox_extract(sb, small_html, NULL, &doc, &err),
			 DS_EINVAL);
	for (i = 0; i < DS_SANDBOX_DEPTH; i++) {
		assert_int_equal(ds_sandbox_receive(sb, &doc, &path, &err), 0);
		assert_string_equal(path, i % 2 ? big_html : small_html);
		assert_non_null(strstr(doc.sections[0].text,
				       "CANARYWORD w w w"));
	}
	assert_int_equal(ds_sandbox_pending(sb), 0);
	assert_int_equal(ds_sandbox_starts(sb), 1);
	ds_doc_release(&doc);
	ds_sandbox_free(sb);
}

/*
 * A worker killed on the first of two waiting documents costs that one
 * only: the second is asked again of a fresh worker and comes back whole.
 */
static void
test_pipeline_death(void **state)
{
	struct ds_sandbox *sb = sandbox(0.05, 60, 0);
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	const char *path;
	int rc;

	(void)state;
	ds_doc_init(&doc);
	assert_int_equal(ds_sandbox_submit(sb, big_html, NULL, &err), 0);
	assert_int_equal(ds_sandbox_submit(sb, small_html, NULL, &err), 0);
	rc = ds_sandbox_receive(sb, &doc, &path, &err);
	if (rc != DS_ETOOBIG)
		fail_msg("big.html: rc %d: %s", rc, err.msg);
	assert_string_equal(path, big_html);
	assert_non_null(strstr(err.msg, "CPU time limit"));
	assert_int_equal(ds_sandbox_receive(sb, &doc, &path, &err), 0);
	assert_string_equal(path, small_html);
	assert_string_equal(doc.title, "Big page");
	assert_int_equal(ds_sandbox_starts(sb), 2);
	/* Freed with documents still waiting: nothing leaks or hangs. */
	assert_int_equal(ds_sandbox_submit(sb, small_html, NULL, &err), 0);
	assert_int_equal(ds_sandbox_submit(sb, small_html, NULL, &err), 0);
	ds_doc_release(&doc);
	ds_sandbox_free(sb);
}

static void
test_wall_limit(void **state)
{
	struct ds_sandbox *sb = sandbox(0, 0.2, 0);
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	int rc;

	(void)state;
	ds_doc_init(&doc);
	rc = ds_sandbox_extract(sb, big_html, NULL, &doc, &err);
	if (rc != DS_ETOOBIG)
		fail_msg("big.html: rc %d: %s", rc, err.msg);
	assert_non_null(strstr(err.msg, "no answer within 0.2 s"));
	assert_non_null(strstr(err.msg, "big.html"));
	extract_small(sb);
	assert_int_equal(ds_sandbox_starts(sb), 2);
	ds_sandbox_free(sb);
}

/*
 * Kill the worker with `sig` 150 ms into extracting big.html (from a
 * helper process, while this one waits for the answer); return the error.
 */
static int
kill_during(struct ds_sandbox *sb, int sig, struct ds_error *err)
{
	struct ds_doc doc;
	pid_t worker = ds_sandbox_pid(sb), killer;
	int rc, status;

	killer = fork();
	assert_true(killer >= 0);
	if (killer == 0) {
		tu_sleep_ms(150);
		kill(worker, sig);
		_exit(0);
	}
	ds_doc_init(&doc);
	rc = ds_sandbox_extract(sb, big_html, NULL, &doc, err);
	ds_doc_release(&doc);
	assert_int_equal(waitpid(killer, &status, 0), killer);
	return rc;
}

static void
test_crash(void **state)
{
	struct ds_sandbox *sb = sandbox(0, 0, 0);
	struct ds_error err = {0, ""};
	int rc;

	(void)state;
	rc = kill_during(sb, SIGSEGV, &err);
	if (rc != DS_EINTERNAL)
		fail_msg("rc %d: %s", rc, err.msg);
	assert_non_null(strstr(err.msg, "killed by signal 11 (crashed)"));
	assert_non_null(strstr(err.msg, "big.html"));
	extract_small(sb);
	assert_int_equal(ds_sandbox_starts(sb), 2);

	rc = kill_during(sb, SIGKILL, &err);
	if (rc != DS_EINTERNAL)
		fail_msg("rc %d: %s", rc, err.msg);
	assert_non_null(strstr(err.msg, "killed by signal 9"));
	extract_small(sb);
	assert_int_equal(ds_sandbox_starts(sb), 3);
	ds_sandbox_free(sb);
}

/* A worker that dies while idle is replaced without costing a document. */
static void
test_idle_death(void **state)
{
	struct ds_sandbox *sb = sandbox(5, 10, 0);
	siginfo_t info;
	pid_t pid;

	(void)state;
	extract_small(sb);
	pid = ds_sandbox_pid(sb);
	assert_int_equal(kill(pid, SIGKILL), 0);
	/* Wait until it is dead, without reaping it (the sandbox does). */
	memset(&info, 0, sizeof info);
	assert_int_equal(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT), 0);
	extract_small(sb);
	assert_int_equal(ds_sandbox_starts(sb), 2);
	ds_sandbox_free(sb);
}

static void
test_memory_limit(void **state)
{
	struct ds_sandbox *sb;
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	char path[512];
	FILE *f;
	size_t i;
	int rc;

	(void)state;
	if (!ds_sandbox_can_limit_memory()) {
		print_message("# SKIP no memory limit under AddressSanitizer\n");
		return;
	}
	/* 40 MB of text: reading it alone needs more than 16 MiB. */
	assert_int_equal(tu_path(path, sizeof path, tmpdir, "big.txt"), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < 500000; i++)
		fputs("lorem ipsum dolor sit amet consectetur adipiscing elit "
		      "sed do eiusmod tempor\n", f);
	assert_int_equal(fclose(f), 0);

	sb = sandbox(30, 60, (size_t)16 << 20);
	ds_doc_init(&doc);
	rc = ds_sandbox_extract(sb, path, NULL, &doc, &err);
	if (rc != DS_ETOOBIG)
		fail_msg("big.txt: rc %d: %s", rc, err.msg);
	assert_non_null(strstr(err.msg, "out of memory (limit 16 MiB)"));
	assert_non_null(strstr(err.msg, "big.txt"));
	extract_small(sb);
	assert_int_equal(ds_sandbox_starts(sb), 2);
	ds_sandbox_free(sb);

	/* With the default limit (1 GiB) it is read. */
	sb = sandbox(30, 60, DS_SANDBOX_DEFAULT_MEMORY);
	assert_int_equal(ds_sandbox_extract(sb, path, NULL, &doc, &err), 0);
	assert_string_equal(doc.format, "text");
	ds_doc_release(&doc);
	ds_sandbox_free(sb);
	unlink(path);
}

/* Several sandboxes at once, each with its own worker. */
static void
test_side_by_side(void **state)
{
	struct ds_sandbox *sb[3];
	struct ds_error err = {0, ""};
	pid_t pid0;
	int i, round;

	(void)state;
	for (i = 0; i < 3; i++)
		sb[i] = sandbox(5, 10, 0);
	assert_true(ds_sandbox_pid(sb[0]) != ds_sandbox_pid(sb[1]));
	assert_true(ds_sandbox_pid(sb[1]) != ds_sandbox_pid(sb[2]));
	for (round = 0; round < 3; round++)
		for (i = 0; i < 3; i++)
			extract_small(sb[i]);
	/* One worker dying (the CPU limit) leaves the others alone. */
	{
		struct ds_sandbox *tight = sandbox(0.05, 60, 0);
		struct ds_doc doc;

		ds_doc_init(&doc);
		assert_int_equal(ds_sandbox_extract(tight, big_html, NULL,
						    &doc, &err), DS_ETOOBIG);
		ds_sandbox_free(tight);
	}
	pid0 = ds_sandbox_pid(sb[0]);
	ds_sandbox_free(sb[0]);
	assert_int_equal(kill(pid0, 0), -1);	/* reaped: gone */
	extract_small(sb[1]);
	extract_small(sb[2]);
	assert_int_equal(ds_sandbox_starts(sb[1]), 1);
	assert_int_equal(ds_sandbox_starts(sb[2]), 1);
	ds_sandbox_free(sb[1]);
	ds_sandbox_free(sb[2]);
	ds_sandbox_free(NULL);
}

/* The worker keeps stdin/stdout on /dev/null, stderr, its socket: no more. */
static void
test_worker_descriptors(void **state)
{
	char dir[64], link[80], target[256];
	struct ds_sandbox *sb;
	struct dirent *e;
	ssize_t n;
	DIR *d;
	int fd, count = 0, extra = -1;

	(void)state;
	fd = open("/dev/null", O_RDONLY);	/* must not be inherited */
	assert_true(fd >= 0);
	sb = sandbox(5, 10, 0);
	extract_small(sb);	/* the worker has settled */
	snprintf(dir, sizeof dir, "/proc/%ld/fd", (long)ds_sandbox_pid(sb));
	if ((d = opendir(dir)) == NULL) {
		print_message("# SKIP no /proc to list the worker's fds\n");
	} else {
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			/* valgrind keeps its own fds above the limit. */
			if (atol(e->d_name) >= sysconf(_SC_OPEN_MAX))
				continue;
			count++;
			if (atoi(e->d_name) > 3)
				extra = atoi(e->d_name);
		}
		closedir(d);
		if (extra >= 0)
			fail_msg("the worker holds fd %d", extra);
		assert_int_equal(count, 4);
		snprintf(link, sizeof link, "%s/1", dir);
		n = readlink(link, target, sizeof target - 1);
		assert_true(n > 0);
		target[n] = '\0';
		assert_string_equal(target, "/dev/null");
	}
	ds_sandbox_free(sb);
	close(fd);
}

static void
test_bad_arguments(void **state)
{
	struct ds_sandbox_limits lim;
	struct ds_sandbox *sb = NULL;
	struct ds_error err = {0, ""};
	struct ds_doc doc;

	(void)state;
	ds_sandbox_limits_init(&lim);
	assert_true(lim.cpu_seconds == 5.0 && lim.wall_seconds == 10.0);
	assert_int_equal(lim.memory_bytes, (size_t)1 << 30);
	lim.cpu_seconds = -1;
	assert_int_equal(ds_sandbox_new(&lim, &sb, &err), DS_EINVAL);
	assert_null(sb);
	assert_int_equal(ds_sandbox_new(NULL, &sb, &err), 0);
	ds_doc_init(&doc);
	assert_int_equal(ds_sandbox_extract(sb, NULL, NULL, &doc, &err),
			 DS_EINVAL);
	assert_int_equal(ds_sandbox_extract(sb, "", NULL, &doc, &err),
			 DS_EINVAL);
	assert_int_equal(ds_sandbox_pid(NULL), -1);
	ds_sandbox_free(sb);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docwire_roundtrip),
		cmocka_unit_test(test_docwire_truncated),
		cmocka_unit_test(test_docwire_corrupt),
		cmocka_unit_test(test_docwire_rejects),
		cmocka_unit_test(test_sandbox_equals_in_process),
		cmocka_unit_test(test_sandbox_options),
		cmocka_unit_test(test_cpu_limit),
		cmocka_unit_test(test_pipeline_order),
		cmocka_unit_test(test_pipeline_death),
		cmocka_unit_test(test_wall_limit),
		cmocka_unit_test(test_crash),
		cmocka_unit_test(test_idle_death),
		cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_side_by_side),
		cmocka_unit_test(test_worker_descriptors),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests_name("sandbox", tests, setup, teardown);
}
