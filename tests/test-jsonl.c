/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-jsonl.c: JSON Lines records into documents (jsonl.h).
 *
 * A table of records and what they must give (or the error they must
 * raise), then the reader over a FILE: blank lines, a byte order mark, a
 * last line without its newline, bad lines skipped with FILE:LINE, the
 * line cap, and the relevance collection ../shared/eval/cranfield (1400
 * documents; a "# SKIP" line when it is absent).
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dossier.h"
#include "doc-testutil.h"

/* Whether two optional strings are equal. */
static void
same(const char *what, const char *got, const char *want)
{
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(got, want) != 0)
		fail_msg("%s: [%s], expected [%s]", what, got ? got : "(null)",
			 want ? want : "(null)");
}

static void
test_records(void **state)
{
	static const struct {
		const char *line;
		int rc;
		/* id, title, text, date, url, publisher, type, author, lang,
		 * warning; or, when rc != 0, the message in id */
		const char *f[10];
	} rows[] = {
		{ "{\"id\": \"1\", \"title\": \"T\", \"text\": \"a b\"}", 0,
		  { "1", "T", "a b" } },
		{ "{\"id\": 42}", 0, { "42", NULL, NULL, NULL, NULL, NULL,
					 NULL, NULL, NULL,
					 "no title and no text" } },
		{ "{\"id\": -7, \"text\": null, \"title\": \"t\"}", 0,
		  { "-7", "t" } },
		{ "{\"id\":\"x\",\"title\":\"  Spaced \\t out \",\"text\":"
		  "\"para one\\nline two\\n\\n\\npara two\\r\\n\"}", 0,
		  { "x", "Spaced out", "para one line two\npara two" } },
		{ "{\"id\":\"all\",\"url\":\"https://example.org/r\","
		  "\"date\":\"12 June 2014\",\"publisher\":\"NAO\",\"type\":"
		  "\"report\",\"author\":\"Comptroller\",\"lang\":\"en\","
		  "\"extra\":[1,2,{}]}", 0,
		  { "all", NULL, "", "2014-06-12", "https://example.org/r",
		    "NAO", "report", "Comptroller", "en" } },
		{ "{\"id\":\"d\",\"date\":\"2014-06\"}", 0,
		  { "d", NULL, "", "2014-06" } },
		{ "{\"id\":\"d2\",\"date\":\"sometime\"}", 0,
		  { "d2", NULL, "", NULL, NULL, NULL, NULL, NULL, NULL,
		    "\"date\" is not a date" } },
		{ "{\"id\":\"caf\\u00e9 \\u65e5\",\"text\":\"nul\\u0000byte\"}",
		  0, { "caf\xc3\xa9 \xe6\x97\xa5", NULL, "nul byte" } },
		{ "  {\"id\":\"ws\"}  \r", 0, { "ws" } },
		/* errors */
		{ "{\"title\": \"no id\"}", DS_EFORMAT, { "no \"id\"" } },
		{ "{\"id\": null}", DS_EFORMAT, { "\"id\" must be a string or "
						  "an integer, not null" } },
		{ "{\"id\": 1.5}", DS_EFORMAT, { "not a number" } },
		{ "{\"id\": [1]}", DS_EFORMAT, { "not an array" } },
		{ "{\"id\": \"\"}", DS_EFORMAT, { "\"id\" is empty" } },
		{ "{\"id\": \"a\\nb\"}", DS_EFORMAT, { "control character" } },
		{ "{\"id\": \"1\", \"title\": 5}", DS_EFORMAT,
		  { "\"title\" must be a string, not an integer" } },
		{ "{\"id\": \"1\", \"text\": {\"a\":1}}", DS_EFORMAT,
		  { "\"text\" must be a string, not an object" } },
		{ "{\"id\": \"1\", \"date\": 2014}", DS_EFORMAT,
		  { "\"date\" must be a string" } },
		{ "{\"id\": \"1\", \"lang\": true}", DS_EFORMAT,
		  { "\"lang\" must be a string, not true" } },
		{ "{\"id\": \"1\", \"id\": \"2\"}", DS_EFORMAT,
		  { "duplicate object key" } },
		{ "[{\"id\": \"1\"}]", DS_EFORMAT, { "not a JSON object" } },
		{ "{\"id\": \"1\"", DS_EFORMAT, { "invalid JSON at column" } },
		{ "not json", DS_EFORMAT, { "invalid JSON" } },
		{ "{\"id\": \"caf\xe9\"}", DS_EFORMAT,
		  { "invalid UTF-8 at byte 12" } },
		{ "{\"id\": \"\\ud800\"}", DS_EFORMAT, { "invalid JSON" } },
	};
	struct ds_error err;
	struct ds_doc doc;
	size_t i;
	char *text;
	int rc;

	(void)state;
	ds_doc_init(&doc);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ds_error_clear(&err);
		rc = ds_jsonl_parse(rows[i].line, strlen(rows[i].line),
				    "t.jsonl:7", NULL, &doc, &err);
		if (rc != rows[i].rc)
			fail_msg("row %zu: rc %d (%s), expected %d", i, rc,
				 err.msg, rows[i].rc);
		if (rc != 0) {
			if (strstr(err.msg, rows[i].f[0]) == NULL ||
			    strncmp(err.msg, "t.jsonl:7: ", 11) != 0)
				fail_msg("row %zu: [%s], expected [%s]", i,
					 err.msg, rows[i].f[0]);
			assert_null(doc.id);
			continue;
		}
		same("id", doc.id, rows[i].f[0]);
		same("title", doc.title, rows[i].f[1]);
		text = body_text(&doc);
		if (rows[i].f[2] != NULL)
			same("text", text, rows[i].f[2]);
		free(text);
		same("date", doc.date, rows[i].f[3]);
		same("url", doc.url, rows[i].f[4]);
		same("publisher", doc.publisher, rows[i].f[5]);
		same("type", doc.type, rows[i].f[6]);
		same("author", doc.author, rows[i].f[7]);
		same("lang", doc.lang, rows[i].f[8]);
		/* A record with neither title nor text says so. */
		if (rows[i].f[9] != NULL)
			assert_non_null(strstr(doc.warning, rows[i].f[9]));
		else if (doc.warning != NULL &&
			 (doc.title != NULL || doc.text_bytes > 0 ||
			  strcmp(doc.warning, "no title and no text") != 0))
			fail_msg("row %zu: warning [%s]", i, doc.warning);
		assert_string_equal(doc.format, "jsonl");
		assert_null(doc.path);
		assert_int_equal(doc.size, strlen(rows[i].line));
		assert_true(doc.nsections <= 1);
		if (doc.nsections == 1)
			assert_null(doc.sections[0].heading);
	}
	ds_doc_release(&doc);
}

/* The text cap holds, and says so. */
static void
test_text_cap(void **state)
{
	struct ds_jsonl_opts opts = {0, 10};
	static const char line[] = "{\"id\":1,\"text\":\"0123456789 abcdef\"}";
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	assert_int_equal(ds_jsonl_parse(line, sizeof line - 1, NULL, &opts,
					&doc, NULL), 0);
	assert_true(doc.truncated);
	assert_true(doc.text_bytes <= 10);
	ds_doc_release(&doc);
}

/* Read all of `input` through a reader; a summary of what came out. */
static void
read_all(const char *input, size_t len, const struct ds_jsonl_opts *opts,
	 char *out, size_t size)
{
	struct ds_jsonl *r = NULL;
	struct ds_error err;
	struct ds_doc doc;
	size_t o = 0;
	FILE *f = fmemopen((void *)input, len, "r");
	int rc;

	assert_non_null(f);
	assert_int_equal(ds_jsonl_new(f, "in.jsonl", opts, &r, &err), 0);
	ds_doc_init(&doc);
	out[0] = '\0';
	for (;;) {
		rc = ds_jsonl_next(r, &doc, &err);
		if (rc == 0)
			break;
		if (rc == 1)
			o += (size_t)snprintf(out + o, size - o, "[%s]", doc.id);
		else
			o += (size_t)snprintf(out + o, size - o, "(%d %.12s)",
					      rc, err.msg);
		assert_true(o < size);
	}
	assert_int_equal(ds_jsonl_next(r, &doc, &err), 0);	/* stays at end */
	ds_doc_release(&doc);
	ds_jsonl_free(r);
	fclose(f);
}

static void
test_reader(void **state)
{
	static const char in[] =
		"\xef\xbb\xbf{\"id\":\"a\"}\n"
		"\n"
		"   \t\r\n"
		"{\"id\":\"b\"}\r\n"
		"{bad}\n"
		"{\"id\":\"c\"}";		/* no final newline */
	struct ds_jsonl_opts opts = {20, 0};
	char out[512], *big;
	size_t n;

	(void)state;
	read_all(in, sizeof in - 1, NULL, out, sizeof out);
	assert_string_equal(out, "[a][b](-5 in.jsonl:5: )[c]");
	read_all("", 0, NULL, out, sizeof out);
	assert_string_equal(out, "");
	read_all("\n\n\n", 3, NULL, out, sizeof out);
	assert_string_equal(out, "");

	/* The cap: a line of exactly 20 bytes passes, 21 is skipped, and
	 * reading goes on with the next line. */
	{
		static const char capped[] = "{\"id\":\"123456789AB\"}\n"
					     "{\"id\":\"123456789ABC\"}\n"
					     "{\"id\":\"z\"}\n";

		read_all(capped, sizeof capped - 1, &opts, out, sizeof out);
	}
	assert_string_equal(out, "[123456789AB](-6 in.jsonl:2: )[z]");

	/* A line far over the cap is never held whole: 10 MB, cap 1 KiB. */
	n = (size_t)10 << 20;
	big = malloc(n + 16);
	assert_non_null(big);
	memset(big, ' ', n);
	memcpy(big, "{\"id\":\"huge\",\"text\":\"", 21);
	memcpy(big + n - 3, "\"}\n", 3);
	memcpy(big + n, "{\"id\":\"next\"}\n", 14);
	opts.max_line_bytes = 1024;
	read_all(big, n + 14, &opts, out, sizeof out);
	assert_string_equal(out, "(-6 in.jsonl:1: )[next]");
	opts.max_line_bytes = 0;
	read_all(big, n + 14, &opts, out, sizeof out);
	assert_string_equal(out, "[huge][next]");
	free(big);
}

/* Messages name FILE:LINE. */
static void
test_messages(void **state)
{
	static const char in[] = "{\"id\":1}\n{\"id\":2,\"title\":[]}\n";
	struct ds_jsonl *r = NULL;
	struct ds_error err;
	struct ds_doc doc;
	FILE *f = fmemopen((void *)in, sizeof in - 1, "r");

	(void)state;
	assert_non_null(f);
	assert_int_equal(ds_jsonl_new(f, "/data/docs.jsonl", NULL, &r, &err),
			 0);
	ds_doc_init(&doc);
	assert_int_equal(ds_jsonl_next(r, &doc, &err), 1);
	assert_int_equal(ds_jsonl_line(r), 1);
	assert_int_equal(ds_jsonl_next(r, &doc, &err), DS_EFORMAT);
	assert_string_equal(err.msg, "/data/docs.jsonl:2: \"title\" must be "
			    "a string, not an array");
	assert_int_equal(ds_jsonl_line(r), 2);
	assert_int_equal(ds_jsonl_next(r, &doc, &err), 0);
	ds_doc_release(&doc);
	ds_jsonl_free(r);
	ds_jsonl_free(NULL);
	fclose(f);
}

/* The relevance collection indexes whole: 1400 documents, unique ids. */
static void
test_cranfield(void **state)
{
	char path[4096];
	const char *top = getenv("top_srcdir");
	struct ds_jsonl *r = NULL;
	struct ds_error err;
	struct ds_doc doc;
	unsigned long n = 0, bad = 0, last = 0;
	FILE *f;
	int rc;

	(void)state;
	snprintf(path, sizeof path, "%s/../shared/eval/cranfield/docs.jsonl",
		 top && top[0] ? top : "..");
	if ((f = fopen(path, "r")) == NULL) {
		print_message("# SKIP %s is absent\n", path);
		return;
	}
	assert_int_equal(ds_jsonl_new(f, path, NULL, &r, &err), 0);
	ds_doc_init(&doc);
	while ((rc = ds_jsonl_next(r, &doc, &err)) != 0) {
		if (rc < 0) {
			print_message("# %s\n", err.msg);
			bad++;
			continue;
		}
		n++;
		/* Cranfield's ids are 1..1400 in order. */
		assert_int_equal(strtoul(doc.id, NULL, 10), last + 1);
		last++;
		/* Two records (471, 995) are empty: indexed, with a warning. */
		if (doc.title == NULL || doc.text_bytes == 0)
			assert_non_null(strstr(doc.warning, "no title and no "
					       "text"));
		else
			assert_null(doc.warning);
	}
	assert_int_equal(bad, 0);
	assert_int_equal(n, 1400);
	ds_doc_release(&doc);
	ds_jsonl_free(r);
	fclose(f);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_text_cap),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_cranfield),
	};

	return cmocka_run_group_tests_name("jsonl", tests, NULL, NULL);
}
