/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-cgi-params.c: src/cgi-params.c, table-driven: a QUERY_STRING in,
 * the decoded parameters or the error, its message and its HTTP status
 * out.  Then the limits, messages that never echo what was sent, and
 * every line of ../shared/badinputs/cgi-queries.txt and the 1 MiB
 * cgi-overlong-query.txt (skipped, saying so, when ../shared is absent).
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

#include "cgi-params.h"
#include "testutil.h"
#include "utf8.h"

#define FFFD "\xef\xbf\xbd"

/*
 * One row.  rc 0: the fields must be as given (q NULL means "", page and
 * hits 0 mean the defaults 1 and 10, db NULL means "", filters joined by
 * '|', NULL for none).  rc < 0: msg is the whole message.
 */
struct pcase {
	const char *in;
	int rc;
	const char *q;
	unsigned page, hits;
	const char *db;
	enum cgi_format fmt;
	enum cgi_sort sort;
	const char *filters;
	const char *msg;
};

#define OK(in_, ...) { .in = in_, .rc = 0, __VA_ARGS__ }
#define BAD(in_, msg_) { .in = in_, .rc = DS_EINVAL, .msg = msg_ }

static const struct pcase cases[] = {
	/* nothing */
	OK(""),
	OK("&&&&;;;"),
	OK("q", .q = ""),			/* no '=' */
	OK("=value"),				/* no name */
	OK("q&page=2", .page = 2),
	OK("==", .q = ""),
	/* q: '+', percent-decoding */
	OK("q=hello+world", .q = "hello world"),
	OK("q=hello%20world", .q = "hello world"),
	OK("q=a%2Bb", .q = "a+b"),
	OK("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
	   .q = "<script>alert(1)</script>"),
	OK("q=%3cb%3E", .q = "<b>"),		/* either case of hex */
	OK("q=caf%C3%A9", .q = "caf\xc3\xa9"),
	OK("q=caf\xc3\xa9", .q = "caf\xc3\xa9"),	/* raw UTF-8 */
	OK("q=%E6%97%A5%E6%9C%AC", .q = "\xe6\x97\xa5\xe6\x9c\xac"),
	OK("q=%E2%80%AEevil", .q = "\xe2\x80\xae" "evil"),
	OK("q=title%3Atax", .q = "title:tax"),
	/* q: invalid UTF-8, one U+FFFD per bad byte */
	OK("q=%FF%FE%FD", .q = FFFD FFFD FFFD),
	OK("q=%C0%BC%73cript%C0%BE", .q = FFFD FFFD "script" FFFD FFFD),
	OK("q=%ED%A0%80", .q = FFFD FFFD FFFD),		/* a surrogate */
	OK("q=%F4%90%80%80", .q = FFFD FFFD FFFD FFFD),	/* > U+10FFFF */
	OK("q=ab%E6%97", .q = "ab" FFFD FFFD),		/* cut short */
	OK("q=\xff", .q = FFFD),
	/* q: NUL and control characters are spaces; tab stays */
	OK("q=%00nul%00", .q = "nul"),
	OK("q=a%00b", .q = "a b"),
	OK("q=a%09b", .q = "a\tb"),
	OK("q=a%0D%0Ab", .q = "a  b"),
	OK("q=a%1Bb%7Fc", .q = "a b c"),
	OK("q=a%C2%85b%C2%9Fc", .q = "a b c"),		/* C1 */
	OK("q=a%C2%A0b", .q = "a\xc2\xa0" "b"),		/* not control */
	OK("q=test%0D%0ASet-Cookie%3A%20evil%3D1",
	   .q = "test  Set-Cookie: evil=1"),
	/* q: trimmed */
	OK("q=+++tax+++", .q = "tax"),
	OK("q=%09%20tax%20credits%0A", .q = "tax credits"),
	OK("q=+", .q = ""),
	OK("q=%00", .q = ""),
	/* first value wins; an empty value is no value */
	OK("q=test&q=second&q=third", .q = "test"),
	OK("q=&q=second", .q = "second"),
	OK("q=+&q=second", .q = ""),
	OK("page=2&page=3", .page = 2),
	OK("page=2&page=abc", .page = 2),
	OK("fmt=json&fmt=bad", .fmt = CGI_FMT_JSON),
	OK("db=a&db=b", .db = "a"),
	/* ';' separates too */
	OK("q=tax;page=3;n=20", .q = "tax", .page = 3, .hits = 20),
	OK("q=a&b;c=d&page=4", .q = "a", .page = 4),
	/* names are decoded; unknown parameters are ignored */
	OK("%71=encoded+name", .q = "encoded name"),
	OK("q%00=x"),				/* not q */
	OK("Q=x&PAGE=2"),
	OK("hitsperpage=%3Cb%3E&q=x", .q = "x"),
	OK("redirect=%0D%0ALocation%3A%20http%3A%2F%2Fevil&q=x", .q = "x"),
	/* page */
	OK("page=7", .page = 7),
	OK("page=007", .page = 7),
	OK("page=%37", .page = 7),
	OK("page=0", .page = 1),
	OK("page=000", .page = 1),
	OK("page=999", .page = 999),
	OK("page=1000", .page = 1000),
	OK("page=1001", .page = 1000),
	OK("page=4294967296", .page = 1000),		/* 2^32 */
	OK("page=4294967297", .page = 1000),
	OK("page=18446744073709551617", .page = 1000),	/* 2^64 + 1 */
	OK("q=test&page=99999999999999999999999", .q = "test", .page = 1000),
	OK("page=", .page = 1),
	BAD("page=-1", "page: not a number"),
	BAD("page=+1", "page: not a number"),
	BAD("page=%2B1", "page: not a number"),
	BAD("page=%201", "page: not a number"),
	BAD("page=1%20", "page: not a number"),
	BAD("page=0x10", "page: not a number"),
	BAD("page=1e9", "page: not a number"),
	BAD("page=1.5", "page: not a number"),
	BAD("page=1%00", "page: not a number"),
	BAD("page=%3Cscript%3E", "page: not a number"),
	BAD("page=%D9%A3", "page: not a number"),	/* Arabic-Indic 3 */
	/* n */
	OK("n=50", .hits = 50),
	OK("n=1", .hits = 1),
	OK("n=0", .hits = 1),
	OK("n=100", .hits = 100),
	OK("n=101", .hits = 100),
	OK("n=1000000000", .hits = 100),
	OK("page=2147483647&n=2147483647", .page = 1000, .hits = 100),
	BAD("n=-5", "n: not a number"),
	BAD("n=ten", "n: not a number"),
	/* db */
	OK("db=default", .db = "default"),
	OK("db=laws-2024_v2", .db = "laws-2024_v2"),
	OK("db=abcdefghijklmnopqrstuvwxyz012345",
	   .db = "abcdefghijklmnopqrstuvwxyz012345"),
	OK("db=%61", .db = "a"),
	BAD("db=abcdefghijklmnopqrstuvwxyz0123456", "db: not a database name"),
	BAD("db=Default", "db: not a database name"),
	BAD("db=a+b", "db: not a database name"),
	BAD("db=a.b", "db: not a database name"),
	BAD("db=..", "db: not a database name"),
	BAD("db=..%2F..%2F..%2Fetc%2Fpasswd", "db: not a database name"),
	BAD("db=%2Fetc%2Fpasswd", "db: not a database name"),
	BAD("db=default%00.tmpl", "db: not a database name"),
	BAD("db=default%00", "db: not a database name"),
	BAD("db=a%5Cb", "db: not a database name"),
	BAD("db=caf%C3%A9", "db: not a database name"),
	/* fmt, sort */
	OK("fmt=html", .fmt = CGI_FMT_HTML),
	OK("fmt=json", .fmt = CGI_FMT_JSON),
	OK("fmt=atom", .fmt = CGI_FMT_ATOM),
	OK("fmt=opensearch", .fmt = CGI_FMT_OPENSEARCH),
	OK("fmt=%6Aso%6E", .fmt = CGI_FMT_JSON),
	OK("fmt=", .fmt = CGI_FMT_HTML),
	BAD("fmt=JSON", "fmt: not a format"),
	BAD("fmt=jso", "fmt: not a format"),
	BAD("fmt=jsonx", "fmt: not a format"),
	BAD("fmt=json%00", "fmt: not a format"),
	BAD("fmt=json%00.tmpl", "fmt: not a format"),
	BAD("fmt=+json", "fmt: not a format"),
	BAD("fmt=%3Cscript%3E", "fmt: not a format"),
	BAD("fmt=<script>", "fmt: not a format"),
	BAD("fmt=..%2F..%2Fetc%2Fpasswd", "fmt: not a format"),
	BAD("fmt=....%2F%2F....%2F%2Fetc%2Fpasswd", "fmt: not a format"),
	BAD("fmt=%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "fmt: not a format"),
	BAD("fmt=..%5C..%5Cwindows", "fmt: not a format"),
	OK("sort=relevance", .sort = CGI_SORT_RELEVANCE),
	OK("sort=date", .sort = CGI_SORT_DATE),
	BAD("sort=Date", "sort: not an order"),
	BAD("sort=random", "sort: not an order"),
	/* f */
	OK("f=year:2014", .filters = "year:2014"),
	OK("f=publisher:Home+Office&f=type:guidance&f=year:2020",
	   .filters = "publisher:Home Office|type:guidance|year:2020"),
	OK("f=year%3A2014", .filters = "year:2014"),
	OK("f=type:+guidance%20", .filters = "type:guidance"),
	OK("f=publisher:a%00b", .filters = "publisher:a b"),
	OK("f=publisher:%FFx", .filters = "publisher:" FFFD "x"),
	OK("f=type:a:b", .filters = "type:a:b"),
	OK("f=year:2014&f=year:2014", .filters = "year:2014|year:2014"),
	OK("f=", .filters = NULL),
	OK("f=&f=year:1", .filters = "year:1"),
	BAD("f=title:x", "f: not a filter"),
	BAD("f=year", "f: not a filter"),
	BAD("f=year:", "f: not a filter"),
	BAD("f=year:+%09", "f: not a filter"),
	BAD("f=year:%00", "f: not a filter"),
	BAD("f=:x", "f: not a filter"),
	BAD("f=YEAR:1", "f: not a filter"),
	BAD("f=+year:1", "f: not a filter"),
	BAD("f=year%00:1", "f: not a filter"),
	BAD("f=year:1&f=bad", "f: not a filter"),
	/* percent-encoding, everywhere */
	BAD("q=%", "q: bad percent-encoding"),
	BAD("q=%4", "q: bad percent-encoding"),
	BAD("q=%ZZ%G1", "q: bad percent-encoding"),
	BAD("q=a%2", "q: bad percent-encoding"),
	BAD("q=a%2&page=2", "q: bad percent-encoding"),
	BAD("q=a%2;page=2", "q: bad percent-encoding"),
	BAD("q=%%41", "q: bad percent-encoding"),
	BAD("q=%-1", "q: bad percent-encoding"),
	BAD("q=%+1", "q: bad percent-encoding"),
	BAD("q=ok&q=%", "q: bad percent-encoding"),	/* later ones too */
	BAD("page=%", "page: bad percent-encoding"),
	BAD("n=%1", "n: bad percent-encoding"),
	BAD("db=%", "db: bad percent-encoding"),
	BAD("fmt=%xx", "fmt: bad percent-encoding"),
	BAD("sort=%", "sort: bad percent-encoding"),
	BAD("f=year:%", "f: bad percent-encoding"),
	BAD("x=%zz", "an unknown parameter: bad percent-encoding"),
	BAD("q=x&%3Cscript%3E=%", "an unknown parameter: bad percent-encoding"),
	BAD("%zz=1", "a parameter's name: bad percent-encoding"),
	BAD("q%=1", "a parameter's name: bad percent-encoding"),
	/* the first error is the one reported */
	BAD("fmt=bad&page=x", "fmt: not a format"),
	BAD("page=x&fmt=bad", "page: not a number"),
	BAD("q=%&fmt=bad", "q: bad percent-encoding"),
};

/* The filters of p joined by '|', into buf. */
static const char *
joined_filters(const struct cgi_params *p, char *buf, size_t size)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nfilters; i++) {
		int n = snprintf(buf + o, size - o, "%s%s", i ? "|" : "",
				 p->filters[i]);

		assert_true(n >= 0 && (size_t)n < size - o);
		o += (size_t)n;
	}
	return p->nfilters ? buf : NULL;
}

static void
test_table(void **state)
{
	struct cgi_limits lim;
	struct cgi_params p;
	struct ds_error err;
	char buf[1024];
	size_t i;
	int rc;

	(void)state;
	cgi_limits_default(&lim);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct pcase *c = &cases[i];
		const char *f;

		ds_error_clear(&err);
		rc = cgi_params_parse(c->in, &lim, &p, &err);
		if (rc != c->rc)
			fail_msg("[%s]: rc %d (%s), expected %d", c->in, rc,
				 err.msg, c->rc);
		if (rc < 0) {
			if (strcmp(err.msg, c->msg) != 0)
				fail_msg("[%s]: message [%s], expected [%s]",
					 c->in, err.msg, c->msg);
			assert_int_equal(err.code, c->rc);
			assert_int_equal(cgi_params_status(&err), 400);
			cgi_params_release(&p);
			continue;
		}
		assert_int_equal(cgi_params_status(&err), 0);
		assert_non_null(p.q);
		if (strcmp(p.q, c->q ? c->q : "") != 0)
			fail_msg("[%s]: q [%s], expected [%s]", c->in, p.q,
				 c->q ? c->q : "");
		if (p.page != (c->page ? c->page : 1))
			fail_msg("[%s]: page %u", c->in, p.page);
		if (p.hits != (c->hits ? c->hits : 10))
			fail_msg("[%s]: hits %u", c->in, p.hits);
		if (strcmp(p.db, c->db ? c->db : "") != 0)
			fail_msg("[%s]: db [%s]", c->in, p.db);
		if (p.fmt != c->fmt || p.sort != c->sort)
			fail_msg("[%s]: fmt %d sort %d", c->in, (int)p.fmt,
				 (int)p.sort);
		f = joined_filters(&p, buf, sizeof buf);
		if ((f == NULL) != (c->filters == NULL) ||
		    (f && strcmp(f, c->filters) != 0))
			fail_msg("[%s]: filters [%s], expected [%s]", c->in,
				 f ? f : "(none)",
				 c->filters ? c->filters : "(none)");
		cgi_params_release(&p);
		cgi_params_release(&p);		/* twice is harmless */
	}
}

/* No QUERY_STRING at all, and no limits: the defaults. */
static void
test_defaults(void **state)
{
	struct cgi_limits lim;
	struct cgi_params p;
	struct ds_error err = {0, ""};

	(void)state;
	cgi_limits_default(&lim);
	assert_int_equal(lim.query_string_bytes, 8192);
	assert_int_equal(lim.query_bytes, 1024);
	assert_int_equal(lim.max_page, 1000);
	assert_int_equal(lim.max_hits, 100);
	assert_int_equal(lim.default_hits, 10);

	assert_int_equal(cgi_params_parse(NULL, &lim, &p, &err), 0);
	assert_string_equal(p.q, "");
	assert_int_equal(p.page, 1);
	assert_int_equal(p.hits, 10);
	assert_string_equal(p.db, "");
	assert_int_equal(p.fmt, CGI_FMT_HTML);
	assert_int_equal(p.sort, CGI_SORT_RELEVANCE);
	assert_int_equal(p.nfilters, 0);
	cgi_params_release(&p);

	/* limits NULL: the defaults; err NULL: allowed */
	assert_int_equal(cgi_params_parse("page=5000&n=500", NULL, &p, NULL),
			 0);
	assert_int_equal(p.page, 1000);
	assert_int_equal(p.hits, 100);
	cgi_params_release(&p);
	assert_int_equal(cgi_params_parse("fmt=bad", NULL, &p, NULL),
			 DS_EINVAL);
	cgi_params_release(&p);
	cgi_params_release(NULL);
}

/* The status line for each code. */
static void
test_status(void **state)
{
	struct ds_error err = {0, ""};

	(void)state;
	assert_int_equal(cgi_params_status(NULL), 0);
	assert_int_equal(cgi_params_status(&err), 0);
	ds_error_set(&err, DS_EINVAL, "x");
	assert_int_equal(cgi_params_status(&err), 400);
	ds_error_set(&err, DS_ETOOBIG, "x");
	assert_int_equal(cgi_params_status(&err), 414);
	ds_error_set(&err, DS_ENOMEM, "x");
	assert_int_equal(cgi_params_status(&err), 500);
}

/* Parse `in` under `lim`, expecting `rc` and (when rc < 0) `msg`. */
static void
expect(const char *in, const struct cgi_limits *lim, int rc, const char *msg)
{
	struct cgi_params p;
	struct ds_error err = {0, ""};
	int got = cgi_params_parse(in, lim, &p, &err);

	if (got != rc)
		fail_msg("[%.60s]: rc %d (%s), expected %d", in, got, err.msg,
			 rc);
	if (rc < 0 && strcmp(err.msg, msg) != 0)
		fail_msg("[%.60s]: message [%s], expected [%s]", in, err.msg,
			 msg);
	cgi_params_release(&p);
}

/* A string of n copies of c, followed by tail (a new string). */
static char *
repeat(const char *head, char c, size_t n, const char *tail)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = malloc(h + n + t + 1);

	assert_non_null(s);
	memcpy(s, head, h);
	memset(s + h, c, n);
	memcpy(s + h + n, tail, t + 1);
	return s;
}

/* QUERY_STRING's length: checked first, without reading past it. */
static void
test_query_string_length(void **state)
{
	struct cgi_limits lim;
	struct cgi_params p;
	struct ds_error err = {0, ""};
	char *s, *raw;

	(void)state;
	cgi_limits_default(&lim);
	lim.query_string_bytes = 64;

	s = repeat("q=", 'a', 62, "");			/* 64 bytes */
	expect(s, &lim, 0, NULL);
	free(s);
	s = repeat("q=", 'a', 63, "");			/* 65 */
	expect(s, &lim, DS_ETOOBIG, "QUERY_STRING: longer than 64 bytes");
	free(s);
	/* Refused before parsing: a bad escape inside is not seen. */
	s = repeat("q=%", 'z', 62, "");
	expect(s, &lim, DS_ETOOBIG, "QUERY_STRING: longer than 64 bytes");
	free(s);
	s = repeat("fmt=<script>&q=", 'a', 60, "");
	assert_int_equal(cgi_params_parse(s, &lim, &p, &err), DS_ETOOBIG);
	assert_int_equal(cgi_params_status(&err), 414);
	assert_null(strchr(err.msg, '<'));
	cgi_params_release(&p);
	free(s);

	/*
	 * At most limit + 1 bytes are read: 65 bytes with no NUL at all
	 * (ASan would see a read past them).
	 */
	raw = malloc(65);
	assert_non_null(raw);
	memset(raw, 'a', 65);
	assert_int_equal(cgi_params_parse(raw, &lim, &p, &err), DS_ETOOBIG);
	cgi_params_release(&p);
	free(raw);

	/* The default 8 KiB. */
	s = repeat("z=", 'a', 8190, "");
	expect(s, NULL, 0, NULL);
	free(s);
	s = repeat("z=", 'a', 8191, "");
	expect(s, NULL, DS_ETOOBIG, "QUERY_STRING: longer than 8192 bytes");
	free(s);
}

/* q's length, decoded, cleaned and trimmed; f's value the same. */
static void
test_query_length(void **state)
{
	struct cgi_limits lim;
	struct cgi_params p;
	struct ds_error err = {0, ""};
	char *s;

	(void)state;
	cgi_limits_default(&lim);
	lim.query_bytes = 8;
	expect("q=12345678", &lim, 0, NULL);
	expect("q=123456789", &lim, DS_EINVAL, "q: longer than 8 bytes");
	expect("q=%31%32%33%34%35%36%37%38", &lim, 0, NULL);
	expect("q=+++12345678+++", &lim, 0, NULL);	/* trimmed first */
	expect("q=%FF%FF", &lim, 0, NULL);		/* 6 bytes once... */
	expect("q=%FF%FF%FF", &lim, DS_EINVAL,	/* ...9 repaired */
	       "q: longer than 8 bytes");
	expect("f=year:12345678", &lim, 0, NULL);
	expect("f=year:123456789", &lim, DS_EINVAL, "f: longer than 8 bytes");

	/* The message says the limit, not the query. */
	assert_int_equal(cgi_params_parse("q=%3Cscript%3Ealert(1)", &lim, &p,
					  &err), DS_EINVAL);
	assert_int_equal(cgi_params_status(&err), 400);
	assert_null(strchr(err.msg, '<'));
	assert_null(strstr(err.msg, "alert"));
	cgi_params_release(&p);

	/* The default 1 KiB. */
	s = repeat("q=", 'x', 1024, "");
	expect(s, NULL, 0, NULL);
	free(s);
	s = repeat("q=", 'x', 1025, "");
	expect(s, NULL, DS_EINVAL, "q: longer than 1024 bytes");
	free(s);
}

/* Limits of an odd shape: 0 counts as 1, default_hits within max_hits. */
static void
test_odd_limits(void **state)
{
	struct cgi_limits lim;
	struct cgi_params p;

	(void)state;
	cgi_limits_default(&lim);
	lim.max_page = 0;
	lim.max_hits = 20;
	lim.default_hits = 50;
	assert_int_equal(cgi_params_parse("page=5", &lim, &p, NULL), 0);
	assert_int_equal(p.page, 1);
	assert_int_equal(p.hits, 20);
	cgi_params_release(&p);
	lim.max_hits = 0;
	lim.default_hits = 0;
	assert_int_equal(cgi_params_parse("n=5", &lim, &p, NULL), 0);
	assert_int_equal(p.hits, 1);
	cgi_params_release(&p);
	lim.max_hits = 100;
	assert_int_equal(cgi_params_parse("", &lim, &p, NULL), 0);
	assert_int_equal(p.hits, 1);
	cgi_params_release(&p);
	lim.max_page = 4294967295u;
	assert_int_equal(cgi_params_parse("page=99999999999999999999", &lim,
					  &p, NULL), 0);
	assert_int_equal(p.page, 4294967295u);
	cgi_params_release(&p);
}

/* CGI_MAX_FILTERS filters, and one more; released after the failure. */
static void
test_filter_count(void **state)
{
	struct cgi_params p;
	struct ds_error err = {0, ""};
	char buf[1024];
	size_t i, o = 0;

	(void)state;
	for (i = 0; i < CGI_MAX_FILTERS; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o,
				      "%sf=year:%zu", i ? "&" : "", 2000 + i);
	assert_int_equal(cgi_params_parse(buf, NULL, &p, &err), 0);
	assert_int_equal(p.nfilters, CGI_MAX_FILTERS);
	assert_string_equal(p.filters[0], "year:2000");
	assert_string_equal(p.filters[CGI_MAX_FILTERS - 1], "year:2015");
	cgi_params_release(&p);
	assert_int_equal(p.nfilters, 0);

	snprintf(buf + o, sizeof buf - o, "&f=type:x");
	assert_int_equal(cgi_params_parse(buf, NULL, &p, &err), DS_EINVAL);
	assert_string_equal(err.msg, "f: more than 16 filters");
	assert_int_equal(cgi_params_status(&err), 400);
	cgi_params_release(&p);		/* the 16 taken are freed */
}

/* Whatever is sent, the message echoes none of it. */
static void
test_no_echo(void **state)
{
	static const char *const hostile[] = {
		"fmt=<script>EVIL", "fmt=%3Cscript%3EEVIL", "db=<EVIL>",
		"db=%3CEVIL%3E", "sort=<EVIL>", "page=<EVIL>", "n=EVIL",
		"f=<EVIL>", "f=EVIL:x", "f=year:", "EVIL=%zz", "%zzEVIL=1",
		"<EVIL>=%", "q=<EVIL>%", "q=%3CEVIL%3E&q=%G", "fmt=EVIL%0D%0A",
		"db=EVIL%00", "fmt=%22EVIL%27",
	};
	struct cgi_limits lim;
	struct cgi_params p;
	struct ds_error err;
	size_t i;
	char *s;

	(void)state;
	cgi_limits_default(&lim);
	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		ds_error_clear(&err);
		assert_int_equal(cgi_params_parse(hostile[i], &lim, &p, &err),
				 DS_EINVAL);
		if (strchr(err.msg, '<') || strchr(err.msg, '>') ||
		    strchr(err.msg, '"') || strchr(err.msg, '&') ||
		    strstr(err.msg, "EVIL") || strstr(err.msg, "script"))
			fail_msg("[%s] echoed: [%s]", hostile[i], err.msg);
		cgi_params_release(&p);
	}
	lim.query_bytes = 16;
	s = repeat("q=%3Cscript%3E", 'E', 100, "");
	assert_int_equal(cgi_params_parse(s, &lim, &p, &err), DS_EINVAL);
	assert_string_equal(err.msg, "q: longer than 16 bytes");
	cgi_params_release(&p);
	free(s);
}

/* ---------------------------------------------------------------------
 * ../shared/badinputs
 * ------------------------------------------------------------------- */

/* $top_srcdir, or ".." (the build directory is usually one level down). */
static const char *
srcdir(void)
{
	const char *d = getenv("top_srcdir");

	return d && d[0] ? d : "..";
}

/* ../shared/badinputs/name into buf; false when it is absent. */
static bool
badinput(char *buf, size_t size, const char *name)
{
	return tu_format(buf, size, "%s/../shared/badinputs/%s", srcdir(),
			 name) == 0 && tu_exists(buf);
}

/*
 * How many bytes of the first non-empty raw q value in line are printable
 * ASCII other than space once decoded: each stays itself in q, so q can't
 * be shorter (a NUL that cut it would make it so).  Decoded here on its
 * own, simply; -1 when q is absent or has a '%' we don't read.
 */
static long
graphic_bytes_of_q(const char *line)
{
	const char *s = line;

	while (*s) {
		size_t len = strcspn(s, "&;");

		if (len > 2 && s[0] == 'q' && s[1] == '=') {
			long n = 0;
			size_t i;

			for (i = 2; i < len; i++) {
				unsigned c = (unsigned char)s[i];

				if (c == '+')
					continue;	/* a space */
				if (c == '%') {
					if (sscanf(s + i + 1, "%2x", &c) != 1)
						return -1;
					i += 2;
				}
				if (c > 0x20 && c < 0x7f)
					n++;
			}
			return n;
		}
		s += len;
		if (*s)
			s++;
	}
	return -1;
}

/* Every line: 0, 400 or 414; when 0, everything within its rules. */
static void
test_badinputs_queries(void **state)
{
	struct cgi_limits lim;
	struct cgi_params p;
	struct ds_error err;
	char path[4096], *line = NULL;
	size_t cap = 0, i, counts[3] = { 0, 0, 0 };
	ssize_t len;
	unsigned lineno = 0;
	FILE *f;
	int rc, status;

	(void)state;
	if (!badinput(path, sizeof path, "cgi-queries.txt")) {
		print_message("# SKIP %s/../shared/badinputs/cgi-queries.txt "
			      "is absent\n", srcdir());
		return;
	}
	f = fopen(path, "r");
	assert_non_null(f);
	cgi_limits_default(&lim);
	while ((len = getline(&line, &cap, f)) >= 0) {
		long graphic;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#')
			continue;
		ds_error_clear(&err);
		rc = cgi_params_parse(line, &lim, &p, &err);
		status = cgi_params_status(&err);
		if (rc == 0) {
			size_t qlen;

			assert_int_equal(status, 0);
			assert_non_null(p.q);
			qlen = strlen(p.q);
			assert_true(qlen <= lim.query_bytes);
			if (!ds_utf8_valid(p.q, qlen))
				fail_msg("line %u: q is not UTF-8", lineno);
			for (i = 0; i < qlen; i++)
				if (((unsigned char)p.q[i] < 0x20 &&
				     p.q[i] != '\t') || p.q[i] == 0x7f)
					fail_msg("line %u: control character "
						 "in q", lineno);
			if (qlen && (p.q[0] == ' ' || p.q[qlen - 1] == ' '))
				fail_msg("line %u: q not trimmed", lineno);
			graphic = graphic_bytes_of_q(line);
			if (graphic >= 0 && (long)qlen < graphic)
				fail_msg("line %u: q cut short (%zu < %ld)",
					 lineno, qlen, graphic);
			assert_true(p.page >= 1 && p.page <= lim.max_page);
			assert_true(p.hits >= 1 && p.hits <= lim.max_hits);
			assert_true(p.nfilters <= CGI_MAX_FILTERS);
			for (i = 0; p.db[i]; i++)
				assert_non_null(strchr("abcdefghijklmnopqrstu"
						       "vwxyz0123456789_-",
						       p.db[i]));
			counts[0]++;
		} else {
			if (status != 400 && status != 414)
				fail_msg("line %u: rc %d status %d (%s)",
					 lineno, rc, status, err.msg);
			if (strchr(err.msg, '<') || strchr(err.msg, '>'))
				fail_msg("line %u: message echoes: %s",
					 lineno, err.msg);
			counts[status == 400 ? 1 : 2]++;
		}
		cgi_params_release(&p);
	}
	free(line);
	fclose(f);
	assert_true(counts[0] > 0 && counts[1] > 0);
	print_message("# cgi-queries.txt: %zu accepted, %zu refused with "
		      "400, %zu with 414\n", counts[0], counts[1], counts[2]);
}

/* 1 MiB of QUERY_STRING: 414, even under a generous limit. */
static void
test_badinputs_overlong(void **state)
{
	struct cgi_limits lim;
	struct cgi_params p;
	struct ds_error err = {0, ""};
	char path[4096], *buf;
	size_t n;
	FILE *f;
	long size;

	(void)state;
	if (!badinput(path, sizeof path, "cgi-overlong-query.txt")) {
		print_message("# SKIP %s/../shared/badinputs/"
			      "cgi-overlong-query.txt is absent\n", srcdir());
		return;
	}
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 65536);
	rewind(f);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	n = fread(buf, 1, (size_t)size, f);
	fclose(f);
	assert_int_equal(n, (size_t)size);
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';

	cgi_limits_default(&lim);
	assert_int_equal(cgi_params_parse(buf, &lim, &p, &err), DS_ETOOBIG);
	assert_int_equal(cgi_params_status(&err), 414);
	assert_string_equal(err.msg, "QUERY_STRING: longer than 8192 bytes");
	cgi_params_release(&p);
	lim.query_string_bytes = 65536;
	assert_int_equal(cgi_params_parse(buf, &lim, &p, &err), DS_ETOOBIG);
	assert_int_equal(cgi_params_status(&err), 414);
	cgi_params_release(&p);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_query_string_length),
		cmocka_unit_test(test_query_length),
		cmocka_unit_test(test_odd_limits),
		cmocka_unit_test(test_filter_count),
		cmocka_unit_test(test_no_echo),
		cmocka_unit_test(test_badinputs_queries),
		cmocka_unit_test(test_badinputs_overlong),
	};

	return cmocka_run_group_tests_name("cgi-params", tests, NULL, NULL);
}
