/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-extract-xml.c: the XML extractor and its dialects.
 *
 * Table-driven, like the HTML extractor's tests: rows of XML in, with the
 * expected text, outline and warnings; rows choosing a dialect; every XML
 * document of corpus/ (Hansard, legislation) with its title, date, type,
 * publisher, identifiers, outline and a word from deep in its text, each
 * checked by hand against the source file; the fixtures of
 * tests/fixtures/xml (Akoma Ntoso, DocBook 4 and 5, JATS, Mallard, an
 * unknown vocabulary); the safety rules (no network, no local files, no
 * XInclude, entities); and every XML file of ../shared/badinputs (one TAP
 * line per file; skipped, saying so, when that folder is absent).
 */

#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "extract.h"
#include "utf8.h"
#include "doc-testutil.h"

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

/* Whether cmocka writes TAP (as under make check). */
static int
tap_output(void)
{
	const char *o = getenv("CMOCKA_MESSAGE_OUTPUT");

	return o != NULL && strcasecmp(o, "tap") == 0;
}

/*
 * Skip the current test, saying why.  cmocka 1.1.5 reports a skipped test
 * as "not ok N # SKIP", which automake's TAP driver counts as a failure;
 * so under TAP the test returns with a "# SKIP" comment instead.
 */
#define SKIP_TEST(...) do {						\
		print_message("# SKIP " __VA_ARGS__);			\
		if (tap_output())					\
			return;						\
		skip();							\
	} while (0)

/* $top_srcdir, or ".." (the build directory is usually one level down). */
static const char *
srcdir(void)
{
	const char *d = getenv("top_srcdir");

	return d && d[0] ? d : "..";
}

/* Path buffer: srcdir()/rel. */
static const char *
src_path(char *buf, size_t size, const char *rel)
{
	int n = snprintf(buf, size, "%s/%s", srcdir(), rel);

	assert_true(n > 0 && (size_t)n < size);
	return buf;
}

/* Whether a directory exists. */
static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether name ends with suffix. */
static int
ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && strcmp(name + n - k, suffix) == 0;
}

/* ASCII letters and digits. */
static int
isalnum_ascii(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Whether word occurs in text as a whole word (what a search would find). */
static int
has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = text; text && (p = strstr(p, word)) != NULL; p++) {
		unsigned char before = p > text ? (unsigned char)p[-1] : ' ';
		unsigned char after = (unsigned char)p[n];

		if ((before < 0x80 && !isalnum_ascii(before)) &&
		    (after < 0x80 && !isalnum_ascii(after)))
			return 1;
	}
	return 0;
}

/* Whether s is NULL or valid UTF-8 without control characters (but
 * '\n' where newlines are allowed). */
static void
check_string(const char *s, int newlines)
{
	size_t j;

	if (s == NULL)
		return;
	assert_true(s[0] != '\0');
	assert_true(ds_utf8_valid(s, strlen(s)));
	for (j = 0; s[j]; j++)
		assert_true((unsigned char)s[j] >= 0x20 ||
			    (newlines && s[j] == '\n'));
}

/* Check doc.h's invariants: valid UTF-8, no stray controls, counts,
 * headings on every section but the first, ISO dates. */
static void
check_doc(const struct ds_doc *doc)
{
	const char *fields[] = {
		doc->format, doc->dialect, doc->title, doc->description,
		doc->author, doc->publisher, doc->date, doc->modified,
		doc->type, doc->lang, doc->warning
	};
	size_t i, total = 0;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
		check_string(fields[i], 0);
	if (doc->date)
		assert_true(strlen(doc->date) == 4 || strlen(doc->date) == 7 ||
			    strlen(doc->date) == 10);
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];

		total += s->text_len;
		assert_true(s->level >= 0 && s->level <= 6);
		assert_true(i == 0 || s->heading != NULL);
		check_string(s->heading, 0);
		check_string(s->anchor, 0);
		check_string(s->speaker, 0);
		if (s->text == NULL)
			continue;
		assert_int_equal(strlen(s->text), s->text_len);
		check_string(s->text_len ? s->text : NULL, 1);
	}
	for (i = 0; i < doc->nidents; i++) {
		check_string(doc->idents[i].scheme, 0);
		check_string(doc->idents[i].value, 0);
		check_string(doc->idents[i].display, 0);
	}
	assert_int_equal(total, doc->text_bytes);
}

/* Extract xml[0..len) into a fresh doc; returns the result code. */
static int
extract(const char *xml, size_t len, const struct ds_extract_opts *opts,
	struct ds_doc *doc, struct ds_error *err)
{
	int rc;

	ds_doc_init(doc);
	memset(err, 0, sizeof *err);
	rc = ds_extract_xml(xml, len, "test.xml", opts, doc, err);
	if (rc == 0) {
		check_doc(doc);
		assert_string_equal(doc->format, "xml");
	} else {
		assert_true(err->code == rc && err->msg[0] != '\0');
	}
	return rc;
}

/* Read and extract srcdir()/rel; fails the test if it can't be read. */
static int
extract_file(const char *rel, struct ds_doc *doc, struct ds_error *err)
{
	char path[4096], *buf = NULL;
	size_t len;
	int rc;

	src_path(path, sizeof path, rel);
	ds_doc_init(doc);
	memset(err, 0, sizeof *err);
	if (ds_read_file(path, 0, &buf, &len, NULL, err) < 0)
		fail_msg("%s: %s", rel, err->msg);
	rc = ds_extract_xml(buf, len, path, NULL, doc, err);
	free(buf);
	if (rc == 0)
		check_doc(doc);
	return rc;
}

/* Whether doc has the identifier key "scheme:value[:session]" shown as
 * display (NULL: any display). */
static int
has_ident(const struct ds_doc *doc, const char *key, const char *display)
{
	char k[512];
	size_t i;

	for (i = 0; i < doc->nidents; i++) {
		const struct ds_ident *id = &doc->idents[i];

		snprintf(k, sizeof k, "%s:%s%s%s", id->scheme, id->value,
			 id->session ? ":" : "", id->session ? id->session : "");
		if (strcmp(k, key) == 0 &&
		    (display == NULL || strcmp(id->display, display) == 0))
			return 1;
	}
	return 0;
}

/* Whether a section has this heading (and speaker and anchor, if not
 * NULL). */
static int
has_section(const struct ds_doc *doc, const char *heading,
	    const char *speaker, const char *anchor)
{
	size_t i;

	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];

		if ((heading == NULL ||
		     (s->heading && strcmp(s->heading, heading) == 0)) &&
		    (speaker == NULL ||
		     (s->speaker && strcmp(s->speaker, speaker) == 0)) &&
		    (anchor == NULL ||
		     (s->anchor && strcmp(s->anchor, anchor) == 0)))
			return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * XML in, text and outline out
 * ------------------------------------------------------------------- */

/* One row: NULL expectations are not checked; "" means "none". */
struct xml_case {
	const char *what;
	const char *xml;
	size_t len;		/* 0: strlen(xml) */
	int rc;
	const char *title;
	const char *text;	/* section texts joined by '\n' */
	const char *outline;	/* "h2#anchor[speaker]:Heading; ..." */
	const char *warning;	/* part of doc->warning; "" for none */
	const char *absent;	/* nowhere in the text */
	const char *msg;	/* part of the error message */
};

static const struct xml_case xml_cases[] = {
	{ "mixed content glues inline elements",
	  "<r><p>H<sub>2</sub>O is <b>wet</b>, <i>very</i>wet.</p></r>", 0, 0,
	  NULL, "H2O is wet, verywet.", "", "", NULL, NULL },
	{ "element-only content makes blocks",
	  "<r><a>one</a><b>two</b><c><d>three</d></c></r>", 0, 0,
	  NULL, "one\ntwo\nthree", "", "", NULL, NULL },
	{ "elements inside an inline one are words",
	  "<r><p>By <name><given>Ada</given><family>Lovelace</family></name>"
	  ".</p></r>", 0, 0, NULL, "By Ada Lovelace.", "", "", NULL, NULL },
	{ "line breaks in text are spaces",
	  "<r><p>one\n  two\r\nthree</p>\n\n<p>four</p></r>", 0, 0, NULL,
	  "one two three\nfour", "", "", NULL, NULL },
	{ "CDATA is text, comments and PIs are not",
	  "<r><!-- COMMENTTERM --><?pi PITERM?><p><![CDATA[x < y & z]]></p>"
	  "</r>", 0, 0, NULL, "x < y & z", "", "", "TERM", NULL },
	{ "predefined and character references",
	  "<r>&lt;a&gt; &amp; &#233;t&#xE9; &quot;q&apos;</r>", 0, 0, NULL,
	  "<a> & \xc3\xa9t\xc3\xa9 \"q'", "", "", NULL, NULL },
	{ "a short internal entity is its text",
	  "<!DOCTYPE r [<!ENTITY pound \"&#163;\"><!ENTITY org \"Example "
	  "Office\">]><r>&pound;5m for the &org;</r>", 0, 0, NULL,
	  "\xc2\xa3" "5m for the Example Office", "", "", NULL, NULL },
	{ "a long internal entity is left out, with a warning",
	  "<!DOCTYPE r [<!ENTITY big \"0123456789012345678901234567890123"
	  "456789\">]><r>a &big; b</r>", 0, 0, NULL, "a b", "",
	  "1 entity references left unexpanded", "0123", NULL },
	{ "an entity holding markup is left out",
	  "<!DOCTYPE r [<!ENTITY m \"<b>MARKUPTERM</b>\">]><r>a &m; b</r>",
	  0, 0, NULL, "a b", "", "unexpanded", "MARKUPTERM", NULL },
	{ "an undeclared entity beside an external subset is left out",
	  "<!DOCTYPE r SYSTEM \"r.dtd\"><r>2&nbsp;GB</r>", 0, 0, NULL,
	  "2 GB", "", "unexpanded", NULL, NULL },
	{ "generic title from <title>, section outline from ids",
	  "<doc><title>The Title</title><section id=\"s1\"><title>One</title>"
	  "<p>a</p><section id=\"s2\"><title>Two</title><p>b</p></section>"
	  "</section></doc>", 0, 0, "The Title", "a\nb",
	  "h1:The Title; h1#s1:One; h2#s2:Two", "", NULL, NULL },
	{ "dc:title wins over title",
	  "<doc xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><title>Second"
	  "</title><meta><dc:title>First</dc:title></meta></doc>", 0, 0,
	  "First", NULL, NULL, NULL, NULL, NULL },
	{ "headings outside sections start sections",
	  "<doc><h1>Top</h1><p>x</p><h3>Deep</h3><p>y</p></doc>", 0, 0, "Top",
	  "x\ny", "h1:Top; h3:Deep", "", NULL, NULL },
	{ "a section without a heading is not a section",
	  "<doc><section><p>x</p></section><section><p>y</p></section></doc>",
	  0, 0, NULL, "x\ny", "", "", NULL, NULL },
	{ "metadata is not text",
	  "<doc><metadata><date>2014-06-12</date><note>METATERM</note>"
	  "<title>Meta Title</title></metadata><p>body</p></doc>", 0, 0,
	  "Meta Title", "body", "", "", "METATERM", NULL },
	{ "empty input is not XML", "", 0, DS_EFORMAT, NULL, NULL, NULL,
	  NULL, NULL, "empty" },
	{ "mismatched tags",
	  "<r>\n<a>\n</r>", 0, DS_EFORMAT, NULL, NULL, NULL, NULL, NULL,
	  "not well-formed XML: Opening and ending tag mismatch" },
	{ "two roots",
	  "<r/><s/>", 0, DS_EFORMAT, NULL, NULL, NULL, NULL, NULL,
	  "(line 1)" },
	{ "a cut document keeps its text, with a warning",
	  "<r><title>Cut</title><p>kept tex", 0, 0, "Cut", "kept tex", NULL,
	  "truncated XML: Premature end of data", NULL, NULL },
	{ "Latin-1 as declared",
	  "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf\xe9</r>", 0, 0,
	  NULL, "caf\xc3\xa9", "", "", NULL, NULL },
	{ "UTF-16LE with a byte order mark",
	  "\xff\xfe<\0r\0>\0h\0i\0<\0/\0r\0>\0", 20, 0, NULL, "hi", "", "",
	  NULL, NULL },
	{ "a NUL byte in text is a space",
	  "<r>before\0after</r>", 19, 0, NULL, "before after", "", NULL, NULL,
	  NULL },
	{ "the root's language",
	  "<r xml:lang=\"cy\"><p>Croeso</p></r>", 0, 0, NULL, "Croeso", "",
	  "", NULL, NULL },
	{ "no text at all is said",
	  "<r><a/><b/></r>", 0, 0, NULL, "", "", "no text", NULL, NULL },
	{ "USLM 1.0: sections take their identifiers as anchors",
	  "<uscDoc xmlns=\"http://xml.house.gov/schemas/uslm/1.0\" "
	  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><meta><dc:title>"
	  "Title 5</dc:title></meta><main><title identifier=\"/us/usc/t5\">"
	  "<num value=\"5\">Title 5\xe2\x80\x94</num><heading>GOVERNMENT "
	  "ORGANIZATION</heading><section identifier=\"/us/usc/t5/s552\">"
	  "<num value=\"552\">\xc2\xa7 552.</num><heading>Public information"
	  "</heading><content>Each agency shall make available</content>"
	  "</section></title></main></uscDoc>", 0, 0, "Title 5",
	  "Each agency shall make available",
	  "h1#/us/usc/t5:Title 5\xe2\x80\x94 GOVERNMENT ORGANIZATION; "
	  "h2#/us/usc/t5/s552:\xc2\xa7 552. Public information", "", NULL,
	  NULL },
	{ "CLML body: P1group's title and P1's number make one heading",
	  "<Legislation xmlns=\"http://www.legislation.gov.uk/namespaces/"
	  "legislation\"><Primary><Body><Part id=\"part-1\"><Number>PART 1"
	  "</Number><Title>The Tribunals</Title><P1group><Title>Establishment"
	  "</Title><P1 id=\"section-1\"><Pnumber>1</Pnumber><P1para><Text>The "
	  "<Emphasis>First-tier</Emphasis> Tribunal is established.</Text>"
	  "</P1para></P1></P1group></Part></Body></Primary></Legislation>", 0,
	  0, NULL, "The First-tier Tribunal is established.",
	  "h1#part-1:PART 1 The Tribunals; h2#section-1:1 Establishment", "",
	  NULL, NULL },
	{ "a speech before any heading is headed by its speaker",
	  "<publicwhip><speech id=\"x1\" speakername=\"Ann Bee\"><p>Hello."
	  "</p></speech></publicwhip>", 0, 0, NULL, "Hello.",
	  "h1#x1[Ann Bee]:Ann Bee", "", NULL, NULL },
	{ "escaped HTML in BILLSTATUS summaries loses its tags",
	  "<billStatus><bill><summaries><billSummaries><item><text><![CDATA["
	  "<p><strong>Bold</strong> &amp; plain&#46;</p><ul><li>x</li></ul>"
	  "]]></text></item></billSummaries></summaries></bill></billStatus>",
	  0, 0, NULL, "Bold & plain. x", "h1:Summaries", "", "strong", NULL },
};

/* Run every row of xml_cases. */
static void
test_xml_table(void **state)
{
	const struct xml_case *c;
	struct ds_error err;
	struct ds_doc doc;
	char *text, *out;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof xml_cases / sizeof xml_cases[0]; i++) {
		c = &xml_cases[i];
		rc = extract(c->xml, c->len ? c->len : strlen(c->xml), NULL,
			     &doc, &err);
		if (rc != c->rc)
			fail_msg("%s: rc %d, expected %d (%s)", c->what, rc,
				 c->rc, err.msg);
		if (rc != 0) {
			if (c->msg && !strstr(err.msg, c->msg))
				fail_msg("%s: message [%s], expected [%s]",
					 c->what, err.msg, c->msg);
			assert_non_null(strstr(err.msg, "test.xml: "));
			ds_doc_release(&doc);
			continue;
		}
		text = body_text(&doc);
		out = outline(&doc);
		if (c->title && (!doc.title || strcmp(doc.title, c->title)))
			fail_msg("%s: title [%s], expected [%s]", c->what,
				 doc.title ? doc.title : "(null)", c->title);
		if (c->text && strcmp(text, c->text))
			fail_msg("%s: text [%s], expected [%s]", c->what, text,
				 c->text);
		if (c->outline && strcmp(out, c->outline))
			fail_msg("%s: outline [%s], expected [%s]", c->what,
				 out, c->outline);
		if (c->warning && c->warning[0] == '\0' && doc.warning)
			fail_msg("%s: unexpected warning [%s]", c->what,
				 doc.warning);
		if (c->warning && c->warning[0] &&
		    (!doc.warning || !strstr(doc.warning, c->warning)))
			fail_msg("%s: warning [%s], expected [%s]", c->what,
				 doc.warning ? doc.warning : "(null)",
				 c->warning);
		if (c->absent && (strstr(text, c->absent) ||
				  strstr(out, c->absent)))
			fail_msg("%s: [%s] must not be indexed", c->what,
				 c->absent);
		free(text);
		free(out);
		ds_doc_release(&doc);
	}
}

/* Fields: the root's language, dates, fields the caller set. */
static void
test_xml_fields(void **state)
{
	static const char jats[] =
		"<article><front><article-meta><title-group><article-title>"
		"A</article-title></title-group><pub-date><year>2019</year>"
		"<month>3</month></pub-date></article-meta></front></article>";
	static const char plain[] = "<r><p>no metadata</p></r>";
	static const char welsh[] = "<r xml:lang=\"cy\"><p>Croeso</p></r>";
	struct ds_error err;
	struct ds_doc doc;

	(void)state;
	assert_int_equal(extract(welsh, strlen(welsh), NULL, &doc, &err), 0);
	assert_string_equal(doc.lang, "cy");
	ds_doc_release(&doc);

	/* year/month children make a month date. */
	assert_int_equal(extract(jats, strlen(jats), NULL, &doc, &err), 0);
	assert_string_equal(doc.dialect, "jats");
	assert_string_equal(doc.date, "2019-03");
	ds_doc_release(&doc);

	/* What the caller set stays unless the document says otherwise. */
	ds_doc_init(&doc);
	assert_int_equal(ds_doc_set_field(&doc.title, "Preset", 6, NULL), 0);
	assert_int_equal(ds_doc_set_field(&doc.type, "report", 6, NULL), 0);
	assert_int_equal(ds_extract_xml(plain, strlen(plain), NULL, NULL,
					&doc, &err), 0);
	assert_string_equal(doc.title, "Preset");
	assert_string_equal(doc.type, "report");
	assert_null(doc.dialect);
	ds_doc_release(&doc);
}

/* The dialect each root chooses. */
static void
test_dialect_choice(void **state)
{
	static const struct {
		const char *xml, *dialect;
	} rows[] = {
		{ "<publicwhip/>", "hansard" },
		{ "<Legislation xmlns=\"http://www.legislation.gov.uk/namespaces/"
		  "legislation\"/>", "clml" },
		{ "<Statute/>", "justice-canada" },
		{ "<Regulation/>", "justice-canada" },
		{ "<pLaw xmlns=\"http://xml.house.gov/schemas/uslm/1.0\"/>",
		  "uslm" },
		{ "<bill xmlns=\"http://schemas.gpo.gov/xml/uslm\"/>", "uslm" },
		{ "<billStatus/>", "billstatus" },
		{ "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/"
		  "akn/3.0\"/>", "akn" },
		{ "<akomaNtoso xmlns=\"http://www.akomantoso.org/2.0\"/>", "akn" },
		{ "<article><front/></article>", "jats" },
		{ "<article><title>t</title></article>", "docbook" },
		{ "<book/>", "docbook" },
		{ "<chapter xmlns=\"http://docbook.org/ns/docbook\"/>", "docbook" },
		{ "<page xmlns=\"http://projectmallard.org/1.0/\"/>", "mallard" },
		{ "<page/>", NULL },
		{ "<Statute xmlns=\"urn:other\"/>", NULL },
		{ "<rss version=\"2.0\"/>", NULL },
	};
	struct ds_error err;
	struct ds_doc doc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(extract(rows[i].xml, strlen(rows[i].xml), NULL,
					 &doc, &err), 0);
		if (rows[i].dialect == NULL ? doc.dialect != NULL :
		    (doc.dialect == NULL ||
		     strcmp(doc.dialect, rows[i].dialect)))
			fail_msg("%s: dialect %s, expected %s", rows[i].xml,
				 doc.dialect ? doc.dialect : "(generic)",
				 rows[i].dialect ? rows[i].dialect :
				 "(generic)");
		ds_doc_release(&doc);
	}
}

/* Append printf-style text to buf (of size, *len used); fails the test
 * if it does not fit. */
static void append(char *buf, size_t size, size_t *len, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));

static void
append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < size - *len);
	*len += (size_t)n;
}

/* The text cap holds, on a character boundary, and the fields read after
 * the cap are still read. */
static void
test_xml_text_cap(void **state)
{
	struct ds_extract_opts opts = { 0, 100 };
	struct ds_error err;
	struct ds_doc doc;
	size_t i, n = 0, size = 64 * 1024;
	char *xml = malloc(size);

	(void)state;
	assert_non_null(xml);
	append(xml, size, &n, "<doc>");
	for (i = 0; i < 2000; i++)
		append(xml, size, &n, "<p>caf\xc3\xa9 %zu</p>", i);
	append(xml, size, &n, "<title>Late Title</title></doc>");
	assert_int_equal(extract(xml, n, &opts, &doc, &err), 0);
	assert_true(doc.truncated);
	assert_true(doc.text_bytes <= 100);
	assert_string_equal(doc.title, "Late Title");
	ds_doc_release(&doc);
	free(xml);
}

/* Nesting: the parser's limit is a clear error; 250 levels are read
 * without recursion. */
static void
test_xml_depth(void **state)
{
	struct ds_error err;
	struct ds_doc doc;
	size_t n, size = 8 * 300 + 64;
	char *xml = malloc(size);
	int i, depth;

	(void)state;
	assert_non_null(xml);
	for (depth = 250; depth <= 300; depth += 50) {
		n = 0;
		for (i = 0; i < depth; i++)
			append(xml, size, &n, "<a>");
		append(xml, size, &n, "deep");
		for (i = 0; i < depth; i++)
			append(xml, size, &n, "</a>");
		if (depth == 250) {
			assert_int_equal(extract(xml, n, NULL, &doc, &err), 0);
			assert_string_equal(doc.sections[0].text, "deep");
		} else {
			assert_int_equal(extract(xml, n, NULL, &doc, &err),
					 DS_EFORMAT);
			assert_non_null(strstr(err.msg, "256 levels"));
		}
		ds_doc_release(&doc);
	}
	free(xml);
}

/* ---------------------------------------------------------------------
 * Safety: nothing is fetched, from the network or the disk
 * ------------------------------------------------------------------- */

/* External DTDs, entities and XIncludes pointing at a listening socket
 * and at a local file: none is read, none is connected to. */
static void
test_xml_nothing_fetched(void **state)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	struct pollfd pfd;
	struct ds_error err;
	struct ds_doc doc;
	char secret[] = "/tmp/dossier-xml-secret-XXXXXX", xml[2048], *text;
	int lfd, fd, port;

	(void)state;
	fd = mkstemp(secret);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "SECRETFILETERM", 14), 14);
	close(fd);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(lfd, 8), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &salen), 0);
	port = ntohs(sa.sin_port);
	snprintf(xml, sizeof xml,
		 "<?xml version=\"1.0\"?>\n"
		 "<!DOCTYPE r SYSTEM \"http://127.0.0.1:%d/evil.dtd\" [\n"
		 "<!ENTITY net SYSTEM \"http://127.0.0.1:%d/x\">\n"
		 "<!ENTITY file SYSTEM \"file://%s\">\n"
		 "<!ENTITY %% pe SYSTEM \"http://127.0.0.1:%d/pe\"> %%pe;\n]>\n"
		 "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\">CANARYWORD "
		 "&net; &file; <xi:include href=\"file://%s\" parse=\"text\"/>"
		 "<xi:include href=\"http://127.0.0.1:%d/inc\"/></r>",
		 port, port, secret, port, secret, port);
	assert_int_equal(extract(xml, strlen(xml), NULL, &doc, &err), 0);
	text = body_text(&doc);
	assert_true(has_word(text, "CANARYWORD"));
	assert_null(strstr(text, "SECRETFILETERM"));
	pfd.fd = lfd;
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 200), 0);	/* nobody connected */
	free(text);
	ds_doc_release(&doc);
	close(lfd);
	unlink(secret);
}

/* ---------------------------------------------------------------------
 * Threads: the extractor keeps no state between calls
 * ------------------------------------------------------------------- */

struct thread_job {
	const char *rel;
	char *outline;
	int rc;
};

/* Extract one document 20 times; keep the last outline. */
static void *
thread_main(void *arg)
{
	struct thread_job *job = arg;
	struct ds_error err;
	struct ds_doc doc;
	char path[4096], *buf;
	size_t len;
	int i;

	snprintf(path, sizeof path, "%s/%s", srcdir(), job->rel);
	if (ds_read_file(path, 0, &buf, &len, NULL, &err) < 0) {
		job->rc = -1;
		return NULL;
	}
	for (i = 0; i < 20 && job->rc == 0; i++) {
		ds_doc_init(&doc);
		job->rc = ds_extract_xml(buf, len, path, NULL, &doc, &err);
		free(job->outline);
		job->outline = job->rc == 0 ? outline(&doc) : NULL;
		ds_doc_release(&doc);
	}
	free(buf);
	return NULL;
}

/* Four threads on two documents give what one thread gives. */
static void
test_xml_threads(void **state)
{
	struct thread_job jobs[4] = {
		{ "corpus/hansard-xml/lordswms2009-10-29a.xml", NULL, 0 },
		{ "corpus/legislation-xml/ca-act-B-8.xml", NULL, 0 },
		{ "corpus/hansard-xml/lordswms2009-10-29a.xml", NULL, 0 },
		{ "corpus/legislation-xml/ca-act-B-8.xml", NULL, 0 },
	};
	pthread_t t[4];
	char path[4096];
	int i;

	(void)state;
	if (!is_dir(src_path(path, sizeof path, "corpus/hansard-xml")))
		SKIP_TEST("%s is absent (set top_srcdir)\n", path);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, thread_main,
						&jobs[i]), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(jobs[i].rc, 0);
		assert_non_null(jobs[i].outline);
	}
	assert_string_equal(jobs[0].outline, jobs[2].outline);
	assert_string_equal(jobs[1].outline, jobs[3].outline);
	for (i = 0; i < 4; i++)
		free(jobs[i].outline);
}

/* ---------------------------------------------------------------------
 * Real documents (corpus/) and hand-written fixtures
 * ------------------------------------------------------------------- */

/* What a document must give; NULL is not checked, "" means none. */
struct doc_case {
	const char *rel;	/* under $top_srcdir */
	const char *dialect;
	const char *title;
	const char *date;
	const char *modified;
	const char *type;
	const char *publisher;
	const char *ident;	/* "scheme:value[:session]" */
	const char *display;	/* how that identifier is shown */
	int nsections;		/* -1: not checked */
	const char *heading;	/* a section heading */
	const char *speaker;	/* ... with this speaker */
	const char *anchor;	/* ... and this anchor */
	const char *word;	/* a word from deep in the text */
	const char *warning;	/* part of doc->warning; "" for none */
	const char *absent;	/* nowhere in the text */
	const char *author;
};

#define HX "corpus/hansard-xml/"
#define LX "corpus/legislation-xml/"
#define FX "tests/fixtures/xml/"
#define SP "Scottish Parliament"
#define HC "House of Commons"
#define HL "House of Lords"
#define WMS "written-statement"
#define WMS_C "House of Commons written ministerial statements, "
#define WMS_L "House of Lords written statements, "
#define GPO "United States Government Publishing Office"
#define DOJ "Department of Justice Canada"

static const struct doc_case corpus_cases[] = {
	/* Scottish Parliament motions: the versions of one motion in the
	 * Business Bulletin, each a section under the member's name. */
	{ HX "S3M-4110.xml", "hansard",
	  "Motion S3M-4110: New Secondary School for North East Fife",
	  "2009-05-12", "2009-10-26", "motion", SP, "sp-motion:S3M-4110",
	  "S3M-4110", 5, "S3M-4110, 26 October 2009", "Ted Brocklebank", NULL,
	  "Leuchars", "", NULL, "Ted Brocklebank" },
	{ HX "S3M-4518.xml", "hansard",
	  "Motion S3M-4518: Marine (Scotland) Bill: Financial Resolution",
	  "2009-06-26", "2009-10-26", "motion", SP, "sp-motion:S3M-4518",
	  "S3M-4518", 3, "S3M-4518, 29 June 2009", "John Swinney", NULL,
	  "expenditure", "", NULL, "John Swinney" },
	{ HX "S3M-4618.xml", "hansard",
	  "Motion S3M-4618: Barred Campaign Goes Nationwide", "2009-07-27",
	  "2009-12-01", "motion", SP, "sp-motion:S3M-4618", "S3M-4618", 10,
	  "S3M-4618, 1 December 2009", "George Foulkes", NULL, "Margo", "",
	  NULL, "George Foulkes" },
	{ HX "S3M-4629.xml", "hansard",
	  "Motion S3M-4629: Concern at UCU Report on Education Cuts",
	  "2009-07-27", "2009-11-20", "motion", SP, "sp-motion:S3M-4629",
	  "S3M-4629", 14, "S3M-4629, 20 November 2009", "Elaine Smith", NULL,
	  "Whitefield", "", NULL, "Elaine Smith" },
	{ HX "S3M-4641.xml", "hansard",
	  "Motion S3M-4641: Celebrating the Scottish-Polish Connection",
	  "2009-08-03", "2009-10-28", "motion", SP, "sp-motion:S3M-4641",
	  "S3M-4641", 8, NULL, "Shirley-Anne Somerville", NULL, "Simpson", "",
	  NULL, NULL },
	{ HX "S3M-4738.xml", "hansard", "Motion S3M-4738: Deafblind Scotland",
	  "2009-08-31", "2009-11-19", "motion", SP, "sp-motion:S3M-4738",
	  "S3M-4738", 21, "S3M-4738, 19 November 2009", "Margaret Mitchell",
	  NULL, "Purvis", "", NULL, NULL },
	{ HX "S3M-4745.xml", "hansard",
	  "Motion S3M-4745: Duke of Edinburgh Awards Scheme", "2009-09-01",
	  "2009-10-26", "motion", SP, "sp-motion:S3M-4745", "S3M-4745", 7,
	  NULL, "Robin Harper", NULL, "Brankin", "", NULL, NULL },
	{ HX "S3M-4761.xml", "hansard", "Motion S3M-4761: A Charter for Change",
	  "2009-09-03", "2009-10-30", "motion", SP, "sp-motion:S3M-4761",
	  "S3M-4761", 7, NULL, "Elaine Smith", NULL, "Constance", "", NULL,
	  NULL },
	{ HX "S3M-4767.1.xml", "hansard",
	  "Motion S3M-4767.1: Power of Scotland Renewed", "2009-09-30",
	  "2009-10-26", "motion", SP, "sp-motion:S3M-4767.1", "S3M-4767.1", 5,
	  NULL, "Lewis Macdonald", NULL, "Livingstone", "", NULL, NULL },
	{ HX "S3M-4793.xml", "hansard", "Motion S3M-4793: Shelter Scotland Report",
	  "2009-09-08", "2009-10-26", "motion", SP, "sp-motion:S3M-4793",
	  "S3M-4793", 12, NULL, "Malcolm Chisholm", NULL, "Shelter", "", NULL,
	  NULL },
	{ HX "S3M-4833.xml", "hansard",
	  "Motion S3M-4833: Congratulations to Allan Thomas on Winning "
	  "Bighearted Scotland 2009 Fundraising Award", "2009-09-11",
	  "2009-10-26", "motion", SP, "sp-motion:S3M-4833", "S3M-4833", 8,
	  NULL, "Richard Baker", NULL, "Nigel", "", NULL, NULL },
	{ HX "S3M-4882.xml", "hansard",
	  "Motion S3M-4882: Don\xe2\x80\x99t Derail GARL", "2009-09-21",
	  "2009-11-03", "motion", SP, "sp-motion:S3M-4882", "S3M-4882", 9,
	  NULL, "Bill Butler", NULL, "Nicol", "", NULL, NULL },
	/* Sittings: the date, House and kind from the file name and ids. */
	{ HX "debates2009-10-27c.xml", "hansard",
	  "House of Commons debates, 27 October 2009", "2009-10-27", "",
	  "debate", HC, NULL, NULL, 0, NULL, NULL, NULL, NULL,
	  "superseded, the items redirect to uk.org.publicwhip/debate/"
	  "2009-10-27d.141.0", NULL, NULL },
	{ HX "lordswms2009-10-26a.xml", "hansard", WMS_L "26 October 2009",
	  "2009-10-26", "", WMS, HL, NULL, NULL, 14,
	  "Crime: Multi-agency Public Protection Arrangements", "Lord Bach",
	  "uk.org.publicwhip/wms/2009-10-26a.87.1", "Libraries", "", NULL,
	  NULL },
	{ HX "lordswms2009-10-27a.xml", "hansard", WMS_L "27 October 2009",
	  "2009-10-27", "", WMS, HL, NULL, NULL, 10, "Prisons", "Lord Bach",
	  "uk.org.publicwhip/wms/2009-10-27a.98.1", "planning", "", NULL,
	  NULL },
	{ HX "lordswms2009-10-28a.xml", "hansard", WMS_L "28 October 2009",
	  "2009-10-28", "", WMS, HL, NULL, NULL, 18, "Transport: Taxis",
	  "Lord Adonis", "uk.org.publicwhip/wms/2009-10-28a.105.1",
	  "licensing", "", NULL, NULL },
	{ HX "lordswms2009-10-29a.xml", "hansard", WMS_L "29 October 2009",
	  "2009-10-29", "", WMS, HL, NULL, NULL, 24, "Zimbabwe",
	  "Lord West of Spithead", NULL, "enforce", "", NULL, NULL },
	{ HX "lordswrans2009-10-29a.xml", "hansard",
	  "House of Lords written answers, 29 October 2009", "2009-10-29", "",
	  "written-answer", HL, "written-question:HL5813", "HL5813", 54,
	  "Alpacas and Llamas", "Baroness Byford",
	  "uk.org.publicwhip/wrans/2009-10-29a.171.4",
	  "\xc2\xa3" "750", "", NULL, NULL },
	{ HX "ministerial2009-10-26a.xml", "hansard", WMS_C "26 October 2009",
	  "2009-10-26", "", WMS, HC, NULL, NULL, 1,
	  "BUSINESS, ENTERPRISE AND REGULATORY REFORM", NULL,
	  "uk.org.publicwhip/wms/2009-10-26a.1WS.0", NULL, "superseded",
	  NULL, NULL },
	{ HX "ministerial2009-10-26b.xml", "hansard", WMS_C "26 October 2009",
	  "2009-10-26", "", WMS, HC, NULL, NULL, 4,
	  "BUSINESS, INNOVATION AND SKILLS", "Phil Hope", NULL, "carers", "",
	  NULL, NULL },
	{ HX "ministerial2009-10-26c.xml", "hansard", WMS_C "26 October 2009",
	  "2009-10-26", "", WMS, HC, NULL, NULL, 22, "Lone Parents and Work",
	  "Helen Goodman", NULL, "Jobcentre", "", NULL, NULL },
	{ HX "ministerial2009-10-27a.xml", "hansard", WMS_C "27 October 2009",
	  "2009-10-27", "", WMS, HC, NULL, NULL, 12, "Debt Management Services",
	  "Bridget Prentice", NULL, "debtors", "", NULL, NULL },
	{ HX "ministerial2009-10-28a.xml", "hansard", WMS_C "28 October 2009",
	  "2009-10-28", "", WMS, HC, NULL, NULL, 28,
	  "Constitutional Reform and Governance Bill (Framework Powers)",
	  "Peter Hain", NULL, "walesoffice", "", NULL, NULL },
	{ HX "ministerial2009-10-29a.xml", "hansard", WMS_C "29 October 2009",
	  "2009-10-29", "", WMS, HC, NULL, NULL, 33, "Discretionary Social Fund",
	  "Helen Goodman", NULL, "Vote", "", NULL, NULL },
	{ HX "westminster2009-10-27a.xml", "hansard",
	  "Westminster Hall debates, 27 October 2009", "2009-10-27", "",
	  "debate", HC, NULL, NULL, 131,
	  "[David Taylor in the Chair] \xe2\x80\x94 Biofuels", "Anne Main",
	  "uk.org.publicwhip/westminhall/2009-10-27a.1.2", "adjourned", "",
	  NULL, NULL },
	/* Legislation. */
	{ LX "uk-asp-2014-10-tribunals-scotland-act-contents.clml.xml", "clml",
	  "Tribunals (Scotland) Act 2014", "2014-04-15", "2014-05-20",
	  "legislation", "Statute Law Database", "asp:2014/10", "2014 asp 10",
	  119, "PART 1 The Scottish Tribunals", NULL, "part-1", "Assent", "",
	  "ukm", NULL },
	{ LX "ca-act-A-1.3.xml", "justice-canada",
	  "Addition of Lands to Reserves and Reserve Creation Act",
	  "2018-12-13", "2019-08-27", "legislation", DOJ, "ca-sc:2018-27",
	  "S.C. 2018, c. 27, s. 675", 30, "1 Short title", NULL, NULL,
	  "Saskatchewan", "", "Elizabeth", NULL },
	{ LX "ca-act-A-13.xml", "justice-canada",
	  "Asia-Pacific Foundation of Canada Act", "2005-06-29", "2012-03-16",
	  "legislation", DOJ, "ca-consolidated:A-13", "A-13", 82,
	  "Tabling in Parliament", NULL, NULL, "Foundation", "", NULL, NULL },
	{ LX "ca-act-B-8.xml", "justice-canada", "Bridges Act", "2002-12-31",
	  "2002-12-31", "legislation", DOJ, "ca-consolidated:B-8", "B-8", 34,
	  "23 Neglect to deliver return", NULL, NULL, "neglects", "", NULL,
	  NULL },
	{ LX "ca-act-P-21.xml", "justice-canada", "Privacy Act", "2018-12-13",
	  "2025-06-02", "legislation", DOJ, "ca-consolidated:P-21", "P-21",
	  265, "SCHEDULE (Section 3) Government Institutions", NULL, NULL,
	  "Complaints", "", NULL, NULL },
	{ LX "us-billstatus-114hr3106.xml", "billstatus",
	  "Construction Reform Act of 2015", "2015-07-16", "2015-12-04", "bill",
	  "Congressional Research Service, Library of Congress",
	  "us-hr:3106:114", "H.R. 3106 (114th Congress)", 10, "Summaries", NULL,
	  NULL, "Hospital", "", "<p>", "Rep. Miller, Jeff [R-FL-1]" },
	{ LX "us-uslm-113publ44-uslm.xml", "uslm",
	  "Public Law 113\xe2\x80\x93" "44: Making continuing appropriations "
	  "for death gratuities and related survivor benefits for survivors "
	  "of deceased military service members of the Department of Defense "
	  "for fiscal year 2014, and for other purposes.", "2013-10-10", "",
	  "legislation", GPO, "us-pl:113-44", "Pub. L. 113-44", 9, "Sec. 101.",
	  NULL, NULL, "Soldiers", "", "GPO XPub", NULL },
	{ LX "us-uslm-115publ16-uslm.xml", "uslm", NULL, "2017-03-31", "",
	  "legislation", GPO, "us-stat:131-80", "131 Stat. 80", 4,
	  "SECTION 1. NAME OF DEPARTMENT OF VETERANS AFFAIRS COMMUNITY-BASED "
	  "OUTPATIENT CLINIC, PAGO PAGO, AMERICAN SAMOA.", NULL, NULL,
	  "Faleomavaega", "", NULL, NULL },
	{ LX "us-uslm-115publ9-uslm.xml", "uslm", NULL, "2017-03-13", "",
	  "legislation", GPO, "us-pl:115-9", "Pub. L. 115-9", 7,
	  "SEC. 2. ABIE ABRAHAM VA CLINIC.", NULL, NULL, "Lyndora", "", NULL,
	  NULL },
	{ LX "us-uslm-BILLS-116hres755rds.xml", "uslm",
	  "116 HRES 755 RDS: Impeaching Donald John Trump, President of the "
	  "United States, for high crimes and misdemeanors.", "2020-01-15", "",
	  "bill", GPO, "us-hres:755:116", "H.Res. 755 (116th Congress)", 3,
	  "article i: abuse of power", NULL,
	  "id36BAE46DAE664A739E7A6F7EF141C711", "Ukraine", "", NULL, NULL },
	{ LX "us-uslm-BILLS-116sc10rs.xml", "uslm", NULL, "2019-03-28", "",
	  "bill", GPO, "us-sconres:10:116", "S.Con.Res. 10 (116th Congress)", 1,
	  NULL, NULL, NULL, "Huawei", "", NULL, NULL },
};

static const struct doc_case fixture_cases[] = {
	{ FX "akn-act.xml", "akn", "Public Records (Retention) Act, 2021",
	  "2021-03-18", "2022-01-01", "legislation",
	  "Official Gazette of Examplia", "akn:/akn/xx/act/2021/7/!main", NULL,
	  6, "3. Retention schedules", NULL, "part_2__sec_3", "disposal", "",
	  "FRBR", NULL },
	{ FX "akn2-debate.xml", "akn",
	  "Official Report of the National Assembly, 9 May 2012", "2012-05-09",
	  "", "debate", "", NULL, NULL, 4, "Questions by Private Notice",
	  "Hon. Grace Mwangi", "sp_1", "borehole", "", "Hon", NULL },
	{ FX "docbook4-book.xml", "docbook", "Dossier Administrator's Guide",
	  "2019-11-04", "", "documentation", "Example Records Office", NULL,
	  NULL, 4, "Requirements", NULL, "install-requirements", "cron",
	  "1 entity references left unexpanded", "INDEXTERMONLY",
	  "Ruth Okafor" },
	{ FX "docbook5-article.xml", "docbook",
	  "Records Retention: Frequently Asked Questions", "2020-03", "",
	  "documentation", "", NULL, NULL, 4, "What the law requires", NULL,
	  "why-law", "permanently", "", "COPYRIGHTHOLDERTERM",
	  "Tomasz Nowak" },
	{ FX "jats-article.xml", "jats",
	  "Open Data and Local Accountability: Evidence from Spending "
	  "Disclosures", "2018-06-14", "", "article", "Example University Press",
	  "doi:10.5555/jpa.2018.0042", NULL, 6, "2. Methods", NULL, "s2",
	  "CO2", "", "PERMISSIONSTERM", "Leila Haddad" },
	{ FX "mallard-page.page", "mallard", "Search for a phrase", "2021-09-30",
	  "", "documentation", "", NULL, NULL, 2, "Wildcards", NULL,
	  "wildcards", "transpar", "", "EDITORCOMMENTTERM", "Amara Singh" },
	{ FX "generic-report.xml", NULL, "Annual Report on Water Quality 2017",
	  "2018-07-02", "", "", "", NULL, NULL, 3, "Rural supplies", NULL,
	  "results-rural", "Lovelace", "", "METADATAONLYTERM",
	  "Example Water Authority" },
};

/* Compare an optional field: NULL is not checked, "" means unset. */
static void
check_field(const char *rel, const char *what, const char *got,
	    const char *want)
{
	if (want == NULL)
		return;
	if (want[0] == '\0' ? got != NULL :
	    (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s: %s [%s], expected [%s]", rel, what,
			 got ? got : "(null)", want);
}

/* Check one document against its row. */
static void
check_case(const struct doc_case *c)
{
	struct ds_error err;
	struct ds_doc doc;
	char *text, *all, *out;
	size_t n;
	int rc;

	rc = extract_file(c->rel, &doc, &err);
	if (rc != 0)
		fail_msg("%s: rc %d: %s", c->rel, rc, err.msg);
	assert_string_equal(doc.format, "xml");
	if (c->dialect == NULL ? doc.dialect != NULL :
	    (doc.dialect == NULL || strcmp(doc.dialect, c->dialect)))
		fail_msg("%s: dialect %s", c->rel, doc.dialect);
	check_field(c->rel, "title", doc.title, c->title);
	check_field(c->rel, "date", doc.date, c->date);
	check_field(c->rel, "modified", doc.modified, c->modified);
	check_field(c->rel, "type", doc.type, c->type);
	check_field(c->rel, "publisher", doc.publisher, c->publisher);
	check_field(c->rel, "author", doc.author, c->author);
	if (c->ident && !has_ident(&doc, c->ident, c->display))
		fail_msg("%s: no identifier %s shown as %s", c->rel, c->ident,
			 c->display ? c->display : "anything");
	if (c->nsections >= 0 && doc.nsections != (size_t)c->nsections)
		fail_msg("%s: %zu sections, expected %d", c->rel,
			 doc.nsections, c->nsections);
	if ((c->heading || c->speaker || c->anchor) &&
	    !has_section(&doc, c->heading, c->speaker, c->anchor)) {
		out = outline(&doc);
		fail_msg("%s: no section [%s] by [%s] at #%s in [%.2000s]",
			 c->rel, c->heading ? c->heading : "*",
			 c->speaker ? c->speaker : "*",
			 c->anchor ? c->anchor : "*", out);
	}
	text = body_text(&doc);
	out = outline(&doc);
	n = strlen(text) + strlen(out) + 2;
	all = malloc(n);
	assert_non_null(all);
	snprintf(all, n, "%s\n%s", out, text);
	if (c->word && !has_word(text, c->word))
		fail_msg("%s: [%s] not in the text", c->rel, c->word);
	if (c->absent && strstr(text, c->absent))
		fail_msg("%s: [%s] must not be in the text", c->rel,
			 c->absent);
	if (c->warning && c->warning[0] == '\0' && doc.warning)
		fail_msg("%s: unexpected warning [%s]", c->rel, doc.warning);
	if (c->warning && c->warning[0] &&
	    (!doc.warning || !strstr(doc.warning, c->warning)))
		fail_msg("%s: warning [%s], expected [%s]", c->rel,
			 doc.warning ? doc.warning : "(null)", c->warning);
	free(all);
	free(out);
	free(text);
	ds_doc_release(&doc);
}

/* Every XML document of corpus/, checked against its row. */
static void
test_corpus(void **state)
{
	char path[4096];
	size_t i;

	(void)state;
	if (!is_dir(src_path(path, sizeof path, "corpus/legislation-xml")))
		SKIP_TEST("%s is absent (set top_srcdir)\n", path);
	for (i = 0; i < sizeof corpus_cases / sizeof corpus_cases[0]; i++)
		check_case(&corpus_cases[i]);
}

/* Every XML file of corpus/ has a row (a new one must get one). */
static void
test_corpus_complete(void **state)
{
	static const char *const dirs[] = { "corpus/hansard-xml",
					    "corpus/legislation-xml" };
	char path[4096], rel[4096];
	struct dirent *e;
	size_t i, j, found;
	DIR *d;

	(void)state;
	if (!is_dir(src_path(path, sizeof path, dirs[1])))
		SKIP_TEST("%s is absent (set top_srcdir)\n", path);
	for (i = 0; i < 2; i++) {
		d = opendir(src_path(path, sizeof path, dirs[i]));
		assert_non_null(d);
		while ((e = readdir(d)) != NULL) {
			if (!ends_with(e->d_name, ".xml"))
				continue;
			snprintf(rel, sizeof rel, "%s/%s", dirs[i], e->d_name);
			for (j = found = 0; j < sizeof corpus_cases /
			     sizeof corpus_cases[0]; j++)
				found += strcmp(corpus_cases[j].rel, rel) == 0;
			if (found != 1)
				fail_msg("%s: %zu rows in corpus_cases", rel,
					 found);
		}
		closedir(d);
	}
}

/* The fixtures of tests/fixtures/xml. */
static void
test_fixtures(void **state)
{
	char path[4096];
	size_t i;

	(void)state;
	if (!is_dir(src_path(path, sizeof path, "tests/fixtures/xml")))
		SKIP_TEST("%s is absent (set top_srcdir)\n", path);
	for (i = 0; i < sizeof fixture_cases / sizeof fixture_cases[0]; i++)
		check_case(&fixture_cases[i]);
}

/* Points of the corpus a row cannot say. */
static void
test_corpus_details(void **state)
{
	struct ds_error err;
	struct ds_doc doc;
	char path[4096], *text;

	(void)state;
	if (!is_dir(src_path(path, sizeof path, "corpus/hansard-xml")))
		SKIP_TEST("%s is absent (set top_srcdir)\n", path);
	/* Hansard: ISO-8859-1 with &pound; declared in the internal subset;
	 * a speech's section is under its heading, one level down. */
	assert_int_equal(extract_file(HX "lordswrans2009-10-29a.xml", &doc,
				      &err), 0);
	text = body_text(&doc);
	assert_non_null(strstr(text, "compensation of \xc2\xa3" "750 for"));
	assert_null(doc.warning);
	assert_string_equal(doc.sections[0].heading, "Air Quality");
	assert_int_equal(doc.sections[0].level, 2);
	assert_null(doc.sections[0].speaker);
	assert_string_equal(doc.sections[1].heading, "Air Quality");
	assert_int_equal(doc.sections[1].level, 3);
	assert_string_equal(doc.sections[1].speaker, "Lord Berkeley");
	assert_true(has_ident(&doc, "written-question:HL5933", "HL5933"));
	free(text);
	ds_doc_release(&doc);

	/* A motion's later versions list supporters; the section is still
	 * the proposer's. */
	assert_int_equal(extract_file(HX "S3M-4618.xml", &doc, &err), 0);
	assert_string_equal(doc.sections[1].heading,
			    "S3M-4618, 3 August 2009");
	assert_string_equal(doc.sections[1].speaker, "George Foulkes");
	assert_true(has_word(doc.sections[1].text, "Hepburn"));
	ds_doc_release(&doc);

	/* CLML: the ISBN (check digit verified) and the outline's levels. */
	assert_int_equal(extract_file(LX "uk-asp-2014-10-tribunals-scotland-"
				      "act-contents.clml.xml", &doc, &err), 0);
	assert_true(has_ident(&doc, "isbn:9780105902195", NULL));
	assert_string_equal(doc.lang, "en");
	assert_true(has_section(&doc, "CHAPTER 1 Establishment and leadership",
				NULL, "part-1-chapter-1"));
	assert_int_equal(doc.sections[2].level, 2);
	assert_int_equal(doc.sections[3].level, 3);
	assert_non_null(strstr(doc.sections[3].text,
			       "1 Establishment of the Tribunals\n"));
	ds_doc_release(&doc);

	/* Justice Canada: the bill, and Heading levels above sections. */
	assert_int_equal(extract_file(LX "ca-act-A-1.3.xml", &doc, &err), 0);
	assert_true(has_ident(&doc, "ca-bill:C-86:42-1",
			      "Bill C-86 (42nd Parliament, 1st Session)"));
	assert_true(has_ident(&doc, "ca-consolidated:A-1.3", "A-1.3"));
	assert_string_equal(doc.sections[1].heading, "Short Title");
	assert_int_equal(doc.sections[1].level, 1);
	assert_int_equal(doc.sections[2].level, 2);
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * ../shared/badinputs, one test per XML file
 * ------------------------------------------------------------------- */

/* What MANIFEST.txt asks of a file, as far as extraction goes. */
struct bad_case {
	const char *name;
	int rc;			/* 0 or DS_EFORMAT */
	const char *msg;	/* part of the message when rc != 0 */
	const char *warning;	/* part of doc->warning, or NULL */
	const char *word;	/* a word beside CANARYWORD */
	int no_canary;		/* the file has none to find */
};

static const struct bad_case bad_cases[] = {
	{ "billion-laughs.xml", DS_EFORMAT, "entity reference loop", NULL,
	  NULL, 1 },
	{ "dtd-network-entity.xml", 0, NULL, "unexpanded", NULL, 0 },
	{ "dtd-network.xml", 0, NULL, NULL, NULL, 0 },
	{ "duplicate-attribute.xml", DS_EFORMAT, "Attribute a redefined",
	  NULL, NULL, 1 },
	{ "entity-loop.xml", DS_EFORMAT, "entity reference loop", NULL, NULL,
	  1 },
	{ "many-attributes.xml", 0, NULL, NULL, NULL, 0 },
	{ "nested-100k.xml", DS_EFORMAT, "nested deeper than libxml2's limit",
	  NULL, NULL, 1 },
	{ "quadratic-blowup.xml", 0, NULL,
	  "40000 entity references left unexpanded", NULL, 1 },
	{ "truncated.xml", 0, NULL, "truncated XML", "se", 0 },
	{ "unterminated-cdata.xml", DS_EFORMAT, "CData section not finished",
	  NULL, NULL, 1 },
	{ "unterminated-comment.xml", DS_EFORMAT, "Comment not terminated",
	  NULL, NULL, 1 },
	{ "xinclude.xml", 0, NULL, NULL, NULL, 0 },
	{ "xml-decl-lies.xml", 0, NULL, "declared", "caf\xc3\xa9", 0 },
	{ "xml-unknown-encoding.xml", 0, NULL, "unknown encoding", NULL, 0 },
	{ "xml-utf16-decl-utf8-body.xml", 0, NULL, NULL, NULL, 0 },
	{ "xxe-param.xml", 0, NULL, NULL, NULL, 0 },
	{ "xxe.xml", 0, NULL, "unexpanded", "end", 0 },
};

/* The expectation for a file name, or NULL (then the general rules). */
static const struct bad_case *
bad_case_for(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++)
		if (strcmp(bad_cases[i].name, name) == 0)
			return &bad_cases[i];
	return NULL;
}

/* One bad input (its path is the test's state): a clear refusal naming
 * the file, or CANARYWORD indexed; never a byte of /etc/passwd. */
static void
test_bad_input(void **state)
{
	const char *path = *state, *name = strrchr(path, '/') + 1;
	const struct bad_case *c = bad_case_for(name);
	struct ds_error err = { 0, "" };
	struct ds_doc doc;
	char *buf = NULL, *text, *all;
	size_t len, n;
	int rc;

	ds_doc_init(&doc);
	assert_int_equal(ds_read_file(path, 0, &buf, &len, NULL, &err), 0);
	rc = ds_extract_xml(buf, len, path, NULL, &doc, &err);
	free(buf);
	if (rc != 0) {
		if (c != NULL && rc != c->rc)
			fail_msg("%s: rc %d, expected %d: %s", name, rc, c->rc,
				 err.msg);
		assert_true(rc == DS_EFORMAT || rc == DS_ETOOBIG);
		assert_non_null(strstr(err.msg, name));
		if (c != NULL && c->msg && !strstr(err.msg, c->msg))
			fail_msg("%s: message [%s], expected [%s]", name,
				 err.msg, c->msg);
		assert_null(strstr(err.msg, "root:"));
		ds_doc_release(&doc);
		return;
	}
	if (c != NULL && c->rc != 0)
		fail_msg("%s: read, but expected a refusal (%s)", name, c->msg);
	check_doc(&doc);
	text = body_text(&doc);
	n = strlen(text) + (doc.title ? strlen(doc.title) : 0) + 2;
	all = malloc(n);
	assert_non_null(all);
	snprintf(all, n, "%s\n%s", doc.title ? doc.title : "", text);
	assert_null(strstr(all, "root:"));
	assert_null(strstr(all, "/bin/"));
	if (c == NULL || !c->no_canary) {
		if (!has_word(all, "CANARYWORD"))
			fail_msg("%s: CANARYWORD not searchable in [%.200s]",
				 name, all);
	} else {
		assert_non_null(doc.warning);
	}
	if (c && c->word && !has_word(all, c->word))
		fail_msg("%s: [%s] not searchable in [%.200s]", name, c->word,
			 all);
	if (c && c->warning &&
	    (!doc.warning || !strstr(doc.warning, c->warning)))
		fail_msg("%s: warning [%s], expected [%s]", name,
			 doc.warning ? doc.warning : "", c->warning);
	/* Bounded: nothing here may grow past its input. */
	assert_true(doc.text_bytes <= len);
	free(all);
	free(text);
	ds_doc_release(&doc);
}

/* Skips the bad-input tests, saying why. */
static void
test_bad_inputs_absent(void **state)
{
	(void)state;
	SKIP_TEST("%s/../shared/badinputs is absent (set top_srcdir): "
		  "bad-input tests skipped\n", srcdir());
}

/* qsort() comparison of C strings. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paths of the XML bad inputs (sorted), or NULL when the folder is
 * absent. */
static char **
list_bad_inputs(size_t *count)
{
	char dir[4096], path[4096], **names = NULL, **nn;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	*count = 0;
	snprintf(dir, sizeof dir, "%s/../shared/badinputs", srcdir());
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (!ends_with(e->d_name, ".xml"))
			continue;
		if (n + 1 >= cap) {
			cap = cap ? 2 * cap : 32;
			nn = realloc(names, cap * sizeof *names);
			if (nn == NULL)
				break;
			names = nn;
		}
		if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
		    (int)sizeof path)
			continue;
		names[n] = strdup(path);
		if (names[n] != NULL)
			n++;
	}
	closedir(d);
	if (names == NULL)
		names = calloc(1, sizeof *names);
	else
		qsort(names, n, sizeof *names, cmp_str);
	*count = n;
	return names;
}

/* ---------------------------------------------------------------------
 * Main: the fixed tests, then one per bad input
 * ------------------------------------------------------------------- */

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_xml_table),
		cmocka_unit_test(test_xml_fields),
		cmocka_unit_test(test_dialect_choice),
		cmocka_unit_test(test_xml_text_cap),
		cmocka_unit_test(test_xml_depth),
		cmocka_unit_test(test_xml_nothing_fetched),
		cmocka_unit_test(test_xml_threads),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_corpus_complete),
		cmocka_unit_test(test_corpus_details),
		cmocka_unit_test(test_fixtures),
	};
	size_t nfixed = sizeof fixed / sizeof fixed[0], nbad, i, n = 0;
	char **bad = list_bad_inputs(&nbad);
	struct CMUnitTest *tests;
	int rc;

	tests = calloc(nfixed + nbad + 1, sizeof *tests);
	if (tests == NULL)
		return 1;
	for (i = 0; i < nfixed; i++)
		tests[n++] = fixed[i];
	if (bad == NULL) {
		tests[n].name = "test_bad_inputs";
		tests[n++].test_func = test_bad_inputs_absent;
	}
	for (i = 0; i < nbad; i++) {
		/* Named after the file: one TAP line per bad input. */
		tests[n].name = strrchr(bad[i], '/') + 1;
		tests[n].test_func = test_bad_input;
		tests[n++].initial_state = bad[i];
	}
	rc = _cmocka_run_group_tests("extract-xml", tests, n, NULL, NULL);
	for (i = 0; bad && i < nbad; i++)
		free(bad[i]);
	free(bad);
	free(tests);
	return rc;
}
