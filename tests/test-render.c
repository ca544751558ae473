/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-render.c: the output formats of src/render-*.c on results made by
 * hand, with hostile strings (quotes, commas, tabs, line breaks, <script>,
 * &, braces, %, invalid UTF-8, a control character) and missing fields:
 * each format's output is parsed back or checked line by line (TSV column
 * counts, an RFC 4180 reader for CSV, brace balance and escapes for
 * BibTeX, the tag pattern of RIS, jansson for CSL-JSON, libxml2 for
 * Atom), and every renderer must report a full disk as DS_EIO.  Also the
 * helpers they share: ds_utf8_repair, ds_text_flat, ds_url_safe.
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
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <regex.h>

#include "render.h"
#include "url.h"
#include "utf8.h"

/* 2023-11-14T22:13:20Z */
#define NOW 1700000000LL

/* ---- the results ------------------------------------------------------- */

/* Everything a title can hold that a format must cope with. */
#define HOSTILE_TITLE                                                        \
	"Audit & \"Review\", {draft} 50% <script>x</script> $5 #1 a_b ~ ^ \\ " \
	"end\ttab\nline \xff\x01!"

static struct ds_hit_ident idents1[] = {
	{"hc", "1234", "2013-14", "HC 1234 (2013-14)"},
	{"isbn", "9781474141109", NULL, "ISBN 978-1-4741-4110-9"},
};

static struct ds_snippet snippets1[] = {
	{"the \x02" "audit\x03, \"quoted\"\tand\nmore <script>alert(1)</script>"
	 " \xff end", 2, "Part 1 > Findings", "findings", NULL},
};

static struct ds_snippet snippets2[] = {
	{"Lord \x02" "Review\x03 said: {a} & b", 0, NULL, NULL, "Lord Smith"},
};

static struct ds_hit hits[] = {
	{
		.rank = 1, .docid = 11, .percent = 100, .weight = 4.25,
		.id = "corpus/nao/a,b.html",
		.title = HOSTILE_TITLE,
		.path = "/data/corpus/nao/a,b.html",
		.url = "https://example.org/r?a=1&b=\"2\" {x}",
		.date = "2014-06-30",
		.publisher = "National Audit Office",
		.type = "report",
		.identifiers = idents1, .nidentifiers = 2,
		.snippets = snippets1, .nsnippets = 1,
	},
	{
		/* no date, publisher, author or URL */
		.rank = 2, .docid = 12, .percent = 80, .weight = 3.5,
		.id = "records/7",
		.title = "Debate, on \"things\"",
		.type = "debate",
		.snippets = snippets2, .nsnippets = 1,
	},
	{
		/* a month only, a local file, no passage */
		.rank = 3, .docid = 13, .percent = 51, .weight = 1.0,
		.id = "/data/corpus/act.xml",
		.title = "Plain title",
		.path = "/data/corpus/act.xml",
		.url = "file:///data/corpus/act.xml",
		.date = "2012-06",
		.publisher = "Compact Voice",
		.author = "Jane Doe & Co",
		.description = "An act {about} things",
		.type = "legislation",
	},
};

#define NHITS (sizeof hits / sizeof hits[0])

static struct ds_results results = {
	.query = "audit \"review\" & <b>",
	.estimated = 3, .lower_bound = 3, .upper_bound = 3,
	.doccount = 100,
	.hits = hits, .nhits = NHITS,
};

static struct ds_results no_results = {
	.query = "nothing",
};

static void
opts(struct ds_render_opts *o)
{
	ds_render_opts_init(o);
	o->now = NOW;
	o->first = true;
}

/* The output of format `name` for r (caller frees). */
static char *
render(const char *name, const struct ds_results *r,
       const struct ds_render_opts *o, size_t *len)
{
	ds_render_fn fn = ds_render_lookup(name);
	struct ds_error err = {0, ""};
	char *buf = NULL;
	size_t n = 0;
	FILE *f;

	assert_non_null(fn);
	f = open_memstream(&buf, &n);
	assert_non_null(f);
	assert_int_equal(fn(f, r, o, &err), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	assert_true(ds_utf8_valid(buf, n));
	assert_int_equal(strlen(buf), n);	/* no NUL inside */
	if (len != NULL)
		*len = n;
	return buf;
}

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += k;
	}
	return n;
}

/*
 * s split at each `sep` (s is modified): "a\tb\t" is "a", "b" and "".
 * Returns how many parts.
 */
static size_t
split(char *s, const char *sep, char **parts, size_t max)
{
	size_t n = 0, k = strlen(sep);
	char *p = s, *e;

	for (;;) {
		assert_true(n < max);
		parts[n++] = p;
		if ((e = strstr(p, sep)) == NULL)
			return n;
		*e = '\0';
		p = e + k;
	}
}

/* ---- shared helpers ---------------------------------------------------- */

static void
test_utf8_repair(void **state)
{
	char *s;

	(void)state;
	s = ds_utf8_repair("caf\xc3\xa9");
	assert_string_equal(s, "caf\xc3\xa9");
	free(s);
	s = ds_utf8_repair("a\xff" "b\xe2\x82" "c\xed\xa0\x80");
	/* each bad byte on its own, a cut sequence, a surrogate */
	assert_string_equal(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd"
			       "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	assert_true(ds_utf8_valid(s, strlen(s)));
	free(s);
}

static void
test_text_flat(void **state)
{
	char *s;

	(void)state;
	s = ds_text_flat("a\tb\nc\r\x01" "d\x02" "e\x03\x7f\xc2\x85"
			 "f\xe2\x80\xa8g\xff", false);
	assert_string_equal(s, "a b c  de  f g\xef\xbf\xbd");
	free(s);
	s = ds_text_flat("a\tb\r\nc\x01", true);
	assert_string_equal(s, "a b\r\nc ");
	free(s);
}

static void
test_url_safe(void **state)
{
	char *s;

	(void)state;
	s = ds_url_safe("https://x.org/a b{c}\"<d>|\\^`%zz%41%4\xc3\xa9\x01");
	assert_string_equal(s, "https://x.org/a%20b%7Bc%7D%22%3Cd%3E%7C%5C%5E"
			       "%60%25zz%41%254%C3%A9%01");
	free(s);
	s = ds_url_safe("https://x.org/p?q=1&r=2#frag");
	assert_string_equal(s, "https://x.org/p?q=1&r=2#frag");
	free(s);
}

static void
test_lookup(void **state)
{
	static const char *const names[] = {
		"text", "json", "tsv", "csv", "trec", "bibtex", "ris",
		"csljson", "atom"
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		assert_non_null(ds_render_lookup(names[i]));
		assert_non_null(strstr(ds_render_formats(), names[i]));
	}
	assert_null(ds_render_lookup("xml"));
}

/* ---- TSV --------------------------------------------------------------- */

static void
test_tsv(void **state)
{
	struct ds_render_opts o;
	char *out, *lines[16], *f[16];
	size_t n, i, nf;

	(void)state;
	opts(&o);
	out = render("tsv", &results, &o, NULL);
	/* one LF per line, nothing else breaks a line */
	assert_int_equal(count(out, "\n"), 1 + NHITS);
	assert_null(strchr(out, '\r'));
	assert_null(strchr(out, '\x01'));
	assert_null(strchr(out, '\x02'));
	n = split(out, "\n", lines, 16);
	assert_int_equal(n, 1 + NHITS + 1);	/* and what follows the last */
	assert_string_equal(lines[n - 1], "");
	assert_string_equal(lines[0], "rank\tscore\tpercent\tdate\tpublisher\t"
				      "type\ttitle\turl\tid\tidentifiers\t"
				      "snippet");
	for (i = 0; i < 1 + NHITS; i++) {
		nf = split(lines[i], "\t", f, 16);
		assert_int_equal(nf, DS_ROW_COLUMNS);
		if (i == 0)
			continue;
		assert_int_equal(atoi(f[0]), i);
		assert_string_equal(f[8], hits[i - 1].id);
		if (i == 1) {
			assert_string_equal(f[1], "4.250000");
			assert_string_equal(f[2], "100");
			assert_string_equal(f[3], "2014-06-30");
			assert_string_equal(f[4], "National Audit Office");
			assert_string_equal(f[6],
				"Audit & \"Review\", {draft} 50% "
				"<script>x</script> $5 #1 a_b ~ ^ \\ end tab "
				"line \xef\xbf\xbd !");
			assert_string_equal(f[9], "HC 1234 (2013-14); "
						  "ISBN 978-1-4741-4110-9");
			assert_string_equal(f[10],
				"the audit, \"quoted\" and more "
				"<script>alert(1)</script> \xef\xbf\xbd end");
		}
		if (i == 2) {	/* what is missing is empty */
			assert_string_equal(f[3], "");
			assert_string_equal(f[4], "");
			assert_string_equal(f[7], "");
			assert_string_equal(f[9], "");
		}
		if (i == 3)
			assert_string_equal(f[10], "");
	}
	free(out);
}

static void
test_tsv_batch(void **state)
{
	struct ds_render_opts o;
	char *out, *lines[16], *f[16];
	size_t n, i;

	(void)state;
	opts(&o);
	o.batch = true;
	o.qid = "Q\t1";
	out = render("tsv", &results, &o, NULL);
	n = split(out, "\n", lines, 16);
	assert_int_equal(n, 1 + NHITS + 1);
	assert_true(strncmp(lines[0], "qid\trank\t", 9) == 0);
	for (i = 0; i < 1 + NHITS; i++) {
		assert_int_equal(split(lines[i], "\t", f, 16),
				 DS_ROW_COLUMNS + 1);
		if (i > 0)
			assert_string_equal(f[0], "Q 1");
	}
	free(out);
	/* the next query: no header */
	o.first = false;
	out = render("tsv", &results, &o, NULL);
	assert_int_equal(count(out, "\n"), NHITS);
	assert_true(strncmp(out, "Q 1\t1\t", 6) == 0);
	free(out);
}

/* ---- CSV --------------------------------------------------------------- */

/*
 * A strict RFC 4180 reader: records end with CRLF outside quotes, a field
 * is quoted (quotes doubled inside) or holds no quote, comma, CR or LF.
 * Fills fields[rec][col] (copies) and returns the number of records, or
 * -1 on a syntax error.
 */
#define CSV_MAX_REC 8
#define CSV_MAX_COL 16

static int
csv_parse(const char *s, char *fields[CSV_MAX_REC][CSV_MAX_COL],
	  size_t ncols[CSV_MAX_REC])
{
	size_t rec = 0, col = 0, n;
	char buf[4096];

	while (*s) {
		n = 0;
		if (*s == '"') {
			for (s++;; s++) {
				if (*s == '\0')
					return -1;
				if (*s == '"') {
					if (s[1] != '"')
						break;
					s++;
				}
				if (n + 1 >= sizeof buf)
					return -1;
				buf[n++] = *s;
			}
			s++;
		} else {
			for (; *s && *s != ',' && *s != '\r'; s++) {
				if (*s == '"' || *s == '\n' ||
				    n + 1 >= sizeof buf)
					return -1;
				buf[n++] = *s;
			}
		}
		buf[n] = '\0';
		if (rec >= CSV_MAX_REC || col >= CSV_MAX_COL)
			return -1;
		fields[rec][col++] = strdup(buf);
		if (*s == ',') {
			s++;
		} else if (s[0] == '\r' && s[1] == '\n') {
			ncols[rec++] = col;
			col = 0;
			s += 2;
		} else {
			return -1;	/* text after a closing quote, or EOF */
		}
	}
	return col == 0 ? (int)rec : -1;
}

static void
csv_free(char *fields[CSV_MAX_REC][CSV_MAX_COL], size_t ncols[CSV_MAX_REC],
	 int nrec)
{
	int r;
	size_t c;

	for (r = 0; r < nrec; r++)
		for (c = 0; c < ncols[r]; c++)
			free(fields[r][c]);
}

static void
test_csv(void **state)
{
	char *fields[CSV_MAX_REC][CSV_MAX_COL];
	size_t ncols[CSV_MAX_REC], c;
	struct ds_render_opts o;
	int nrec, r;
	char *out;

	(void)state;
	opts(&o);
	out = render("csv", &results, &o, NULL);
	assert_null(strchr(out, '\x01'));
	nrec = csv_parse(out, fields, ncols);
	assert_int_equal(nrec, 1 + NHITS);
	for (r = 0; r < nrec; r++)
		assert_int_equal(ncols[r], DS_ROW_COLUMNS);
	for (c = 0; c < DS_ROW_COLUMNS; c++)
		assert_string_equal(fields[0][c], ds_row_names[c]);
	/* values come back whole: commas, quotes and line breaks kept */
	assert_string_equal(fields[1][6],
		"Audit & \"Review\", {draft} 50% <script>x</script> $5 #1 "
		"a_b ~ ^ \\ end tab\nline \xef\xbf\xbd !");
	assert_string_equal(fields[1][8], "corpus/nao/a,b.html");
	assert_string_equal(fields[1][10], "the audit, \"quoted\" and\nmore "
		"<script>alert(1)</script> \xef\xbf\xbd end");
	assert_string_equal(fields[2][6], "Debate, on \"things\"");
	assert_string_equal(fields[2][4], "");
	assert_string_equal(fields[3][5], "legislation");
	/* exactly as quoted: */
	assert_non_null(strstr(out, ",\"Debate, on \"\"things\"\"\","));
	assert_non_null(strstr(out, ",Plain title,"));
	csv_free(fields, ncols, nrec);
	free(out);

	o.batch = true;
	o.qid = "q,1";
	out = render("csv", &results, &o, NULL);
	nrec = csv_parse(out, fields, ncols);
	assert_int_equal(nrec, 1 + NHITS);
	assert_string_equal(fields[0][0], "qid");
	assert_string_equal(fields[1][0], "q,1");
	for (r = 0; r < nrec; r++)
		assert_int_equal(ncols[r], DS_ROW_COLUMNS + 1);
	csv_free(fields, ncols, nrec);
	free(out);
}

/* ---- BibTeX ------------------------------------------------------------ */

static void
test_bibtex(void **state)
{
	struct ds_render_opts o;
	char *out, *p, *e, keys[NHITS][80];
	int depth = 0;
	size_t n, i, j;

	(void)state;
	opts(&o);
	out = render("bibtex", &results, &o, NULL);
	/* braces balance, never closing more than they opened */
	for (p = out; *p; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}')
			assert_true(--depth >= 0);
		/* outside entries nothing but "@type" and line breaks */
		else if (depth == 0)
			assert_true(*p == '\n' || *p == '@' ||
				    (*p >= 'a' && *p <= 'z'));
	}
	assert_int_equal(depth, 0);
	assert_null(strchr(out, '\t'));
	assert_null(strchr(out, '\x01'));
	assert_non_null(strstr(out,
		"  title = {{Audit \\& \"Review\", \\textbraceleft{}draft"
		"\\textbraceright{} 50\\% <script>x</script> \\$5 \\#1 a\\_b "
		"\\textasciitilde{} \\textasciicircum{} \\textbackslash{} end "
		"tab line \xef\xbf\xbd !}},\n"));
	assert_true(strncmp(out, "@techreport{nao2014-", 20) == 0);
	assert_non_null(strstr(out, "  author = {{National Audit Office}},\n"));
	assert_non_null(strstr(out,
				"  institution = {National Audit Office},\n"));
	assert_non_null(strstr(out, "  type = {Report},\n"));
	assert_non_null(strstr(out, "  number = {HC 1234 (2013-14)},\n"));
	assert_non_null(strstr(out, "  isbn = {9781474141109},\n"));
	assert_non_null(strstr(out, "  year = {2014},\n  month = jun,\n"));
	assert_non_null(strstr(out, "  url = {https://example.org/r?a=1&b="
				    "%222%22%20%7Bx%7D},\n"
				    "  urldate = {2023-11-14}\n}\n"));
	assert_non_null(strstr(out, "@misc{anon-"));
	assert_non_null(strstr(out, "  title = {{Debate, on \"things\"}},\n"
				    "  note = {Debate}\n}\n"));
	assert_non_null(strstr(out, "@misc{jdc2012-"));
	assert_non_null(strstr(out, "  author = {{Jane Doe \\& Co}},\n"
				    "  organization = {Compact Voice},\n"));
	assert_non_null(strstr(out, "  month = jun,\n  note = {Legislation}"));
	assert_null(strstr(out, "file:"));	/* no local URL */

	/* one entry per hit, keys unique */
	n = 0;
	for (p = out; (p = strchr(p, '@')) != NULL; p++) {
		if (p != out && p[-1] != '\n')
			continue;
		assert_true(n < NHITS);
		e = strchr(p, ',');
		assert_non_null(e);
		snprintf(keys[n++], sizeof keys[0], "%.*s", (int)(e - p), p);
	}
	assert_int_equal(n, NHITS);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			assert_string_not_equal(strchr(keys[i], '{'),
						strchr(keys[j], '{'));
	/* the same document keeps its key */
	p = render("bibtex", &results, &o, NULL);
	assert_string_equal(p, out);
	free(p);
	free(out);

	/* in a batch the key says which query */
	o.batch = true;
	o.qid = "Q 7";
	out = render("bibtex", &results, &o, NULL);
	assert_true(strncmp(out, "@techreport{Q7:nao2014-", 23) == 0);
	free(out);
}

/* Two hits of one document can't share a key. */
static void
test_bibtex_same_key(void **state)
{
	struct ds_hit two[2];
	struct ds_results r = results;
	struct ds_render_opts o;
	char *out, *second;

	(void)state;
	two[0] = hits[0];
	two[1] = hits[0];
	two[1].rank = 2;
	r.hits = two;
	r.nhits = 2;
	opts(&o);
	out = render("bibtex", &r, &o, NULL);
	second = strstr(out + 1, "\n@techreport{");
	assert_non_null(second);
	assert_non_null(strstr(second, "-r2,\n"));
	free(out);
}

/* ---- RIS --------------------------------------------------------------- */

static void
test_ris(void **state)
{
	struct ds_render_opts o;
	char *out, *lines[128];
	size_t n, i, records = 0;
	bool in_record = false;
	regex_t re;

	(void)state;
	opts(&o);
	out = render("ris", &results, &o, NULL);
	assert_int_equal(regcomp(&re, "^[A-Z][A-Z0-9]  - ", REG_EXTENDED |
				 REG_NOSUB), 0);
	/* every line ends with CRLF: no LF alone, no CR alone */
	assert_int_equal(count(out, "\n"), count(out, "\r\n"));
	assert_int_equal(count(out, "\r"), count(out, "\r\n"));
	assert_null(strchr(out, '\t'));
	assert_null(strchr(out, '\x01'));
	assert_non_null(strstr(out, "TY  - RPRT\r\n"
				    "TI  - Audit & \"Review\", {draft} 50% "
				    "<script>x</script> $5 #1 a_b ~ ^ \\ end "
				    "tab line \xef\xbf\xbd !\r\n"
				    "AU  - National Audit Office\r\n"
				    "PB  - National Audit Office\r\n"
				    "PY  - 2014\r\nDA  - 2014/06/30/\r\n"
				    "SN  - HC 1234 (2013-14)\r\n"
				    "N1  - ISBN 9781474141109\r\n"
				    "M3  - Report\r\n"
				    "UR  - https://example.org/r?a=1&b=%222%22"
				    "%20%7Bx%7D\r\nY2  - 2023/11/14\r\n"
				    "AB  - the audit, \"quoted\" and more "
				    "<script>alert(1)</script> \xef\xbf\xbd "
				    "end\r\nER  - \r\n"));
	assert_non_null(strstr(out, "TY  - HEAR\r\n"
				    "TI  - Debate, on \"things\"\r\n"
				    "AB  - Lord Review said: {a} & b\r\n"
				    "ER  - \r\n"));
	assert_non_null(strstr(out, "TY  - STAT\r\nTI  - Plain title\r\n"
				    "AU  - Jane Doe & Co\r\n"
				    "PB  - Compact Voice\r\n"
				    "PY  - 2012\r\nDA  - 2012/06//\r\n"
				    "AB  - An act {about} things\r\n"
				    "ER  - \r\n"));
	n = split(out, "\r\n", lines, 128);
	for (i = 0; i < n; i++) {
		if (lines[i][0] == '\0') {
			assert_false(in_record);
			continue;
		}
		assert_int_equal(regexec(&re, lines[i], 0, NULL, 0), 0);
		if (!in_record) {
			assert_true(strncmp(lines[i], "TY  - ", 6) == 0);
			in_record = true;
		} else {
			assert_true(strncmp(lines[i], "TY  - ", 6) != 0);
		}
		if (strcmp(lines[i], "ER  - ") == 0) {
			records++;
			in_record = false;
		}
	}
	assert_false(in_record);
	assert_int_equal(records, NHITS);
	regfree(&re);
	free(out);
}

/* ---- CSL-JSON ---------------------------------------------------------- */

/* The date-parts of item[key] as "y-m-d" (or "" when absent). */
static void
date_parts(json_t *item, const char *key, char *buf, size_t size)
{
	json_t *d = json_object_get(item, key), *parts, *v;
	size_t i, n = 0;

	buf[0] = '\0';
	if (d == NULL)
		return;
	assert_int_equal(json_object_size(d), 1);
	parts = json_array_get(json_object_get(d, "date-parts"), 0);
	assert_true(json_is_array(parts));
	assert_int_equal(json_array_size(json_object_get(d, "date-parts")), 1);
	json_array_foreach(parts, i, v) {
		assert_true(json_is_integer(v));
		n += (size_t)snprintf(buf + n, size - n, "%s%d", i ? "-" : "",
				      (int)json_integer_value(v));
	}
}

static const char *
str(json_t *item, const char *key)
{
	json_t *v = json_object_get(item, key);

	if (v == NULL)
		return NULL;
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static void
test_csljson(void **state)
{
	struct ds_render_opts o;
	json_error_t jerr;
	json_t *root, *it, *au;
	char *out, d[32];
	size_t len;

	(void)state;
	opts(&o);
	out = render("csljson", &results, &o, &len);
	root = json_loadb(out, len, 0, &jerr);
	assert_non_null(root);
	assert_true(json_is_array(root));
	assert_int_equal(json_array_size(root), NHITS);

	it = json_array_get(root, 0);
	assert_string_equal(str(it, "id"), "corpus/nao/a,b.html");
	assert_string_equal(str(it, "type"), "report");
	assert_string_equal(str(it, "title"),
		"Audit & \"Review\", {draft} 50% <script>x</script> $5 #1 a_b "
		"~ ^ \\ end\ttab\nline \xef\xbf\xbd\x01!");
	au = json_object_get(it, "author");
	assert_true(json_is_array(au));
	assert_int_equal(json_array_size(au), 1);
	assert_int_equal(json_object_size(json_array_get(au, 0)), 1);
	assert_string_equal(str(json_array_get(au, 0), "literal"),
			    "National Audit Office");
	assert_string_equal(str(it, "publisher"), "National Audit Office");
	assert_string_equal(str(it, "number"), "HC 1234 (2013-14)");
	assert_string_equal(str(it, "ISBN"), "9781474141109");
	assert_string_equal(str(it, "URL"),
			    "https://example.org/r?a=1&b=%222%22%20%7Bx%7D");
	date_parts(it, "issued", d, sizeof d);
	assert_string_equal(d, "2014-6-30");
	date_parts(it, "accessed", d, sizeof d);
	assert_string_equal(d, "2023-11-14");
	assert_null(json_object_get(it, "genre"));

	it = json_array_get(root, 1);
	assert_string_equal(str(it, "id"), "records/7");
	assert_string_equal(str(it, "type"), "speech");
	assert_string_equal(str(it, "genre"), "Debate");
	assert_null(json_object_get(it, "author"));
	assert_null(json_object_get(it, "issued"));
	assert_null(json_object_get(it, "URL"));
	assert_null(json_object_get(it, "accessed"));

	it = json_array_get(root, 2);
	assert_string_equal(str(it, "type"), "legislation");
	assert_string_equal(str(json_array_get(json_object_get(it, "author"),
					       0), "literal"), "Jane Doe & Co");
	assert_string_equal(str(it, "publisher"), "Compact Voice");
	assert_string_equal(str(it, "abstract"), "An act {about} things");
	date_parts(it, "issued", d, sizeof d);
	assert_string_equal(d, "2012-6");
	assert_null(json_object_get(it, "URL"));	/* file: left out */
	json_decref(root);
	free(out);

	/* a batch: one array a line */
	o.batch = true;
	o.qid = "1";
	out = render("csljson", &results, &o, &len);
	assert_int_equal(count(out, "\n"), 1);
	assert_int_equal(out[len - 1], '\n');
	root = json_loadb(out, len, 0, &jerr);
	assert_non_null(root);
	assert_int_equal(json_array_size(root), NHITS);
	json_decref(root);
	free(out);
}

/* ---- Atom -------------------------------------------------------------- */

#define ATOM_NS "http://www.w3.org/2005/Atom"

/* The first child element of n called `name` in Atom's namespace. */
static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0 && n->ns != NULL &&
		    strcmp((const char *)n->ns->href, ATOM_NS) == 0)
			return n;
	return NULL;
}

static size_t
children(xmlNodePtr n, const char *name)
{
	size_t k = 0;

	for (n = n->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			k++;
	return k;
}

/* The text of n's child `name`, compared with want. */
static void
text_is(xmlNodePtr n, const char *name, const char *want)
{
	xmlNodePtr c = child(n, name);
	xmlChar *t;

	assert_non_null(c);
	t = xmlNodeGetContent(c);
	assert_non_null(t);
	assert_string_equal((const char *)t, want);
	xmlFree(t);
}

static void
attr_is(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);

	assert_non_null(v);
	assert_string_equal((const char *)v, want);
	xmlFree(v);
}

/* Parse out strictly: well-formed, namespaces right, no error at all. */
static xmlDocPtr
parse(const char *out, size_t len)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDocPtr doc;

	assert_non_null(ctxt);
	doc = xmlCtxtReadMemory(ctxt, out, (int)len, NULL, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR |
				XML_PARSE_NOWARNING);
	assert_non_null(doc);
	assert_true(ctxt->wellFormed);
	assert_true(ctxt->nsWellFormed);
	assert_int_equal(ctxt->errNo, 0);
	xmlFreeParserCtxt(ctxt);
	return doc;
}

static void
test_atom(void **state)
{
	struct ds_render_opts o;
	xmlNodePtr feed, e, n;
	xmlDocPtr doc;
	size_t len, i;
	char *out;

	(void)state;
	opts(&o);
	out = render("atom", &results, &o, &len);
	assert_null(strstr(out, "<script>"));
	assert_null(strchr(out, '\x01'));
	doc = parse(out, len);
	feed = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)feed->name, "feed");
	assert_non_null(feed->ns);
	assert_string_equal((const char *)feed->ns->href, ATOM_NS);
	text_is(feed, "id", "urn:dossier:query:audit%20%22review%22%20%26%20"
			    "%3Cb%3E");
	text_is(feed, "title", "Dossier: audit \"review\" & <b>");
	/* an entry without a date is dated now, the newest */
	text_is(feed, "updated", "2023-11-14T22:13:20Z");
	assert_non_null(child(feed, "author"));
	text_is(child(feed, "author"), "name", "Dossier");
	text_is(feed, "generator", "Dossier");
	assert_int_equal(children(feed, "entry"), NHITS);
	for (e = child(feed, "entry"), i = 0; e != NULL; e = e->next) {
		if (e->type != XML_ELEMENT_NODE)
			continue;
		assert_non_null(child(e, "id"));
		assert_non_null(child(e, "title"));
		assert_non_null(child(e, "updated"));
		assert_int_equal(children(e, "id"), 1);
		assert_int_equal(children(e, "updated"), 1);
		i++;
	}
	assert_int_equal(i, NHITS);

	e = child(feed, "entry");
	text_is(e, "id", "https://example.org/r?a=1&b=%222%22%20%7Bx%7D");
	text_is(e, "title", "Audit & \"Review\", {draft} 50% "
			    "<script>x</script> $5 #1 a_b ~ ^ \\ end\ttab\n"
			    "line \xef\xbf\xbd!");
	n = child(e, "link");
	assert_non_null(n);
	attr_is(n, "rel", "alternate");
	attr_is(n, "href", "https://example.org/r?a=1&b=%222%22%20%7Bx%7D");
	text_is(e, "published", "2014-06-30T00:00:00Z");
	text_is(e, "updated", "2014-06-30T00:00:00Z");
	text_is(child(e, "author"), "name", "National Audit Office");
	attr_is(child(e, "category"), "term", "report");
	text_is(e, "summary", "the audit, \"quoted\"\tand\nmore "
			      "<script>alert(1)</script> \xef\xbf\xbd end");

	do
		e = e->next;
	while (e->type != XML_ELEMENT_NODE);
	/* no URL: an id of its own, the text as content */
	text_is(e, "id", "urn:dossier:doc:records/7");
	assert_null(child(e, "link"));
	assert_null(child(e, "published"));
	assert_null(child(e, "author"));
	text_is(e, "updated", "2023-11-14T22:13:20Z");
	attr_is(child(e, "content"), "type", "text");
	text_is(e, "content", "Lord Review said: {a} & b");

	do
		e = e->next;
	while (e->type != XML_ELEMENT_NODE);
	text_is(e, "id", "file:///data/corpus/act.xml");
	text_is(e, "published", "2012-06-01T00:00:00Z");
	text_is(e, "updated", "2012-06-01T00:00:00Z");
	text_is(child(e, "author"), "name", "Jane Doe & Co");
	text_is(e, "summary", "An act {about} things");
	xmlFreeDoc(doc);
	free(out);

	/* a title and id given */
	o.feed_title = "Watch <this> & \xff";
	o.feed_id = "tag:example.org,2026:watch";
	out = render("atom", &results, &o, &len);
	doc = parse(out, len);
	feed = xmlDocGetRootElement(doc);
	text_is(feed, "id", "tag:example.org,2026:watch");
	text_is(feed, "title", "Watch <this> & \xef\xbf\xbd");
	xmlFreeDoc(doc);
	free(out);
}

/* ---- no results, write errors ------------------------------------------ */

static void
test_empty(void **state)
{
	struct ds_render_opts o;
	xmlDocPtr doc;
	size_t len;
	char *out;

	(void)state;
	opts(&o);
	out = render("tsv", &no_results, &o, NULL);
	assert_int_equal(count(out, "\n"), 1);
	assert_true(strncmp(out, "rank\t", 5) == 0);
	free(out);
	out = render("csv", &no_results, &o, NULL);
	assert_int_equal(count(out, "\r\n"), 1);
	free(out);
	out = render("bibtex", &no_results, &o, NULL);
	assert_string_equal(out, "");
	free(out);
	out = render("ris", &no_results, &o, NULL);
	assert_string_equal(out, "");
	free(out);
	out = render("csljson", &no_results, &o, NULL);
	assert_string_equal(out, "[]\n");
	free(out);
	out = render("atom", &no_results, &o, &len);
	doc = parse(out, len);
	assert_int_equal(children(xmlDocGetRootElement(doc), "entry"), 0);
	text_is(xmlDocGetRootElement(doc), "updated", "2023-11-14T22:13:20Z");
	xmlFreeDoc(doc);
	free(out);
}

static void
test_write_error(void **state)
{
	static const char *const names[] = {
		"text", "json", "tsv", "csv", "trec", "bibtex", "ris",
		"csljson", "atom"
	};
	struct ds_render_opts o;
	size_t i;

	(void)state;
	opts(&o);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct ds_error err = {0, ""};
		FILE *f = fopen("/dev/full", "w");

		if (f == NULL)
			skip();
		assert_int_equal(ds_render_lookup(names[i])(f, &results, &o,
							    &err),
				 DS_EIO);
		assert_int_equal(err.code, DS_EIO);
		fclose(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_repair),
		cmocka_unit_test(test_text_flat),
		cmocka_unit_test(test_url_safe),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_tsv_batch),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_bibtex),
		cmocka_unit_test(test_bibtex_same_key),
		cmocka_unit_test(test_ris),
		cmocka_unit_test(test_csljson),
		cmocka_unit_test(test_atom),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_write_error),
	};

	xmlInitParser();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
