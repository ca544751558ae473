/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-ident.c: src/ident.c, table-driven: text in, the identifiers found
 * out, written "scheme value session|display; ..." (session "-" when
 * there is none).  Rows marked "corpus" are strings from the cover pages
 * of corpus/govuk-html (HC, Command paper and ISBN lines), then a check
 * that those files, extracted, carry them.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "doc.h"
#include "extract.h"
#include "ident.h"

/* The identifiers of doc as one string (caller frees). */
static char *
idents_of(const struct ds_doc *doc)
{
	char *s = calloc(1, 4096);
	size_t i, n = 0;

	assert_non_null(s);
	for (i = 0; i < doc->nidents; i++) {
		const struct ds_ident *id = &doc->idents[i];

		n += (size_t)snprintf(s + n, 4096 - n, "%s%s %s %s|%s",
				      n ? "; " : "", id->scheme, id->value,
				      id->session ? id->session : "-",
				      id->display);
		assert_true(n < 4096);
	}
	return s;
}

struct ident_case {
	const char *what;
	const char *text;
	const char *idents;	/* "" for none */
};

static const struct ident_case cases[] = {
	/* House of Commons papers */
	{ "HC with session after", "HC 1234 Session 2013-14",
	  "hc 1234 2013-14|HC 1234 (2013-14)" },
	{ "HC, en dash session", "HC 1234, 2013\xe2\x80\x93" "14",
	  "hc 1234 2013-14|HC 1234 (2013-14)" },
	{ "HC, session with a slash", "Report (HC 56, 2010/11)",
	  "hc 56 2010-11|HC 56 (2010-11)" },
	{ "HC, session as two full years", "HC 56 Session 2013\xe2\x80\x93"
	  "2014", "hc 56 2013-14|HC 56 (2013-14)" },
	{ "HC, long session", "Session 2017-19 HC 1234",
	  "hc 1234 2017-19|HC 1234 (2017-19)" },
	{ "HC, Session word beats a nearer bare range",
	  "Session 2012-13\nHC 99 (the 2011-12 figures)",
	  "hc 99 2012-13|HC 99 (2012-13)" },
	{ "HC, volume suffix", "HC 1234-I Session 2013-14",
	  "hc 1234 2013-14|HC 1234-I (2013-14)" },
	{ "HC, volume suffix with an en dash", "HC 1234\xe2\x80\x93II",
	  "hc 1234 -|HC 1234-II" },
	{ "HC, no session", "HC 1025", "hc 1025 -|HC 1025" },
	{ "HC, no-break space", "HC\xc2\xa0" "1025", "hc 1025 -|HC 1025" },
	{ "HC, leading zeros", "HC 0096", "hc 96 -|HC 96" },
	{ "HC Paper", "HC Paper 12", "hc 12 -|HC 12" },
	{ "HC in brackets", "(HC 12)", "hc 12 -|HC 12" },
	{ "HC, a session far away is not its session",
	  "HC 12 .............................................................."
	  "...................... 2013-14", "hc 12 -|HC 12" },
	{ "HC, not a year range", "HC 12, 2014-06-12", "hc 12 -|HC 12" },
	{ "HC, not a three-year range", "HC 12 2010-13", "hc 12 -|HC 12" },
	/* not House of Commons papers */
	{ "HC inside a word", "NHC 12 and HCA 12 and ZHC12", "" },
	{ "HC lower case", "hc 12", "" },
	{ "HC without a number", "HC Deb 12 June 2014 col 5", "" },
	{ "HC two spaces", "HC  12", "" },
	{ "HC followed by letters", "HC 12a", "" },
	{ "HC decimal", "HC 12.5", "" },
	{ "HC thousands", "HC 1,234", "" },
	{ "HC too long", "HC 123456", "" },
	{ "HC zero", "HC 0", "" },
	/* House of Lords */
	{ "HL Paper", "HL Paper 56 Session 2013-14",
	  "hl 56 2013-14|HL Paper 56 (2013-14)" },
	{ "HL Paper with volume", "(HL Paper 12-I)", "hl 12 -|HL Paper 12-I" },
	{ "HL written question is not a paper", "HL5813 and HL 5813", "" },
	/* Command papers */
	{ "Cm", "Cm 9876", "cm 9876 -|Cm 9876" },
	{ "Cm with a full stop", "Cm. 9876", "cm 9876 -|Cm 9876" },
	{ "Cm without a space", "Cm9876", "cm 9876 -|Cm 9876" },
	{ "Cmnd", "Cmnd 1234", "cmnd 1234 -|Cmnd 1234" },
	{ "Cmnd with a full stop", "Cmnd. 1234", "cmnd 1234 -|Cmnd 1234" },
	{ "Cmd", "Cmd 123", "cmd 123 -|Cmd 123" },
	{ "Cm has no session", "Cm 9876, 2013-14", "cm 9876 -|Cm 9876" },
	{ "centimetres are not Command papers", "15 cm wide, 15cm, CM 12",
	  "" },
	{ "Cm inside a word", "Acm 12, Cmx 12", "" },
	{ "CP", "CP 123", "cp 123 -|CP 123" },
	{ "CP in CPU", "CPU 2, a CPU2 and CPI 3", "" },
	{ "CP needs a space", "a CP12 gas safety record", "" },
	/* ISBNs */
	{ "ISBN-13 with hyphens", "ISBN 978-0-10-297559-8",
	  "isbn 9780102975598 -|ISBN 978-0-10-297559-8" },
	{ "ISBN-13 with spaces", "ISBN 978 0 10 297559 8",
	  "isbn 9780102975598 -|ISBN 978 0 10 297559 8" },
	{ "ISBN-13 label", "ISBN-13: 9780306406157",
	  "isbn 9780306406157 -|ISBN 9780306406157" },
	{ "ISBN-10 to ISBN-13", "ISBN 0-306-40615-2",
	  "isbn 9780306406157 -|ISBN 0-306-40615-2" },
	{ "ISBN-10 label and X", "ISBN-10: 0-8044-2957-X",
	  "isbn 9780804429573 -|ISBN 0-8044-2957-X" },
	{ "ISBN-10 followed by a year", "ISBN 0 10 297559 0 2014",
	  "isbn 9780102975598 -|ISBN 0 10 297559 0" },
	{ "ISBN lower case X", "isbn 0-19-853082-x",
	  "isbn 9780198530824 -|ISBN 0-19-853082-x" },
	{ "ISBN 979", "ISBN 979-10-90636-07-1",
	  "isbn 9791090636071 -|ISBN 979-10-90636-07-1" },
	{ "ISBN bad check digit", "ISBN 978-0-10-297559-7", "" },
	{ "ISBN-10 bad check digit", "ISBN 0-306-40615-3", "" },
	{ "ISBN-13 without 978/979", "ISBN 123-4-56-789012-8", "" },
	{ "ISBN too short", "ISBN 978-0-10", "" },
	{ "ISBN with letters after", "ISBN 0306406152abc", "" },
	{ "bare numbers are not ISBNs", "9780102975598", "" },
	/* several, and duplicates */
	{ "several", "Cm 9519 and HC 1025, 2016-17; ISBN 9781474141109",
	  "cm 9519 -|Cm 9519; hc 1025 2016-17|HC 1025 (2016-17); "
	  "isbn 9781474141109 -|ISBN 9781474141109" },
	{ "duplicates once", "Cm 12, Cm. 12 and Cm 12",
	  "cm 12 -|Cm 12" },
	{ "ISBN-10 and -13 of one book once",
	  "ISBN 0-306-40615-2, ISBN 978-0-306-40615-7",
	  "isbn 9780306406157 -|ISBN 0-306-40615-2" },
	/* corpus: cover pages of GOV.UK HTML publications */
	{ "corpus: Spring Budget 2017 (HC paper)",
	  "Ordered by the House of Commons to be printed 8 March 2017.\n"
	  "HC 1025\nISBN: 978-1-4741-4098-0",
	  "hc 1025 -|HC 1025; isbn 9781474140980 -|ISBN 978-1-4741-4098-0" },
	{ "corpus: DVLA annual report (HC paper without a space)",
	  "Ordered by the House of Commons to be printed on 19 July 2017.\n"
	  "HC96\nISBN: 9781474141109",
	  "hc 96 -|HC 96; isbn 9781474141109 -|ISBN 9781474141109" },
	{ "corpus: DVLA citation with the session before",
	  "DVLA, Annual Report and Accounts 2015-16, HC373, pp65-70.",
	  "hc 373 2015-16|HC 373 (2015-16)" },
	{ "corpus: Connecting people (Command paper)",
	  "by Command of Her Majesty.\nNovember 2017\nCm 9519\n"
	  "ISBN: 978-1-5286-0125-2",
	  "cm 9519 -|Cm 9519; isbn 9781528601252 -|ISBN 978-1-5286-0125-2" },
	{ "empty", "", "" },
};

/* Every row of cases. */
static void
test_ident_table(void **state)
{
	struct ds_error err = { 0, "" };
	struct ds_doc doc;
	size_t i;
	char *got;
	int rc;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct ident_case *c = &cases[i];

		ds_doc_init(&doc);
		rc = ds_ident_scan(&doc, c->text, strlen(c->text), 0, &err);
		got = idents_of(&doc);
		if (rc < 0)
			fail_msg("%s: %s", c->what, err.msg);
		if (strcmp(got, c->idents) != 0)
			fail_msg("%s: [%s], expected [%s]", c->what, got,
				 c->idents);
		assert_int_equal((size_t)rc, doc.nidents);
		free(got);
		ds_doc_release(&doc);
	}
}

/* max caps the identifiers added by one call; the length is respected;
 * identifiers already on the document are not counted again. */
static void
test_ident_limits(void **state)
{
	struct ds_doc doc;
	char *buf;

	(void)state;
	ds_doc_init(&doc);
	assert_int_equal(ds_ident_scan(&doc, "Cm 1 Cm 2 Cm 3 Cm 4", 19, 2,
				       NULL), 2);
	assert_int_equal(doc.nidents, 2);
	assert_int_equal(ds_ident_scan(&doc, "Cm 1 Cm 2 Cm 3 Cm 4", 19, 0,
				       NULL), 2);
	assert_int_equal(doc.nidents, 4);
	/* "Cm 12" cut to "Cm 1" is Cm 1, already there. */
	assert_int_equal(ds_ident_scan(&doc, "Cm 12", 4, 0, NULL), 0);
	ds_doc_release(&doc);

	/* No terminator: valgrind and ASan see any overread. */
	buf = malloc(7);
	assert_non_null(buf);
	memcpy(buf, "HC 1234", 7);
	ds_doc_init(&doc);
	assert_int_equal(ds_ident_scan(&doc, buf, 7, 0, NULL), 1);
	memcpy(buf, "ISBN 97", 7);
	assert_int_equal(ds_ident_scan(&doc, buf, 7, 0, NULL), 0);
	memcpy(buf, "2013-14", 7);
	assert_int_equal(ds_ident_scan(&doc, buf, 7, 0, NULL), 0);
	free(buf);
	assert_int_equal(ds_ident_scan(&doc, NULL, 0, 0, NULL), 0);
	assert_true(ds_ident_scan(NULL, "x", 1, 0, NULL) < 0);
	ds_doc_release(&doc);
}

/* A long text: linear, and each identifier once. */
static void
test_ident_long(void **state)
{
	size_t n = 200000, i;
	struct ds_doc doc;
	char *buf;

	(void)state;
	buf = malloc(n);
	assert_non_null(buf);
	for (i = 0; i < n; i++)
		buf[i] = "HC 12 Cm 3 ISBN 2013-14 H"[i % 25];
	ds_doc_init(&doc);
	assert_true(ds_ident_scan(&doc, buf, n, 0, NULL) >= 2);
	ds_doc_release(&doc);
	free(buf);
}

/* $top_srcdir, or ".." (the build directory is usually one level down). */
static const char *
srcdir(void)
{
	const char *d = getenv("top_srcdir");

	return d && d[0] ? d : "..";
}

/* The extracted GOV.UK cover pages carry their identifiers. */
static void
test_ident_corpus(void **state)
{
	static const struct {
		const char *file, *idents;
	} rows[] = {
		{ "html-publication-best-practice-hc-paper.html",
		  "hc 1025 -|HC 1025; isbn 9781474140980 -|ISBN "
		  "978-1-4741-4098-0" },
		{ "html-publication-best-practice-hc-paper-2.html",
		  "hc 96 -|HC 96; isbn 9781474141109 -|ISBN 9781474141109" },
		{ "html-publication-best-practice-command-paper.html",
		  "cm 9519 -|Cm 9519; isbn 9781528601252 -|ISBN "
		  "978-1-5286-0125-2" },
		{ "consultation-closed-consultation.html", "" },
	};
	struct ds_error err = { 0, "" };
	struct ds_doc doc;
	struct stat st;
	char path[4096], *got;
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "%s/corpus/govuk-html", srcdir());
	if (stat(path, &st) != 0) {
		print_message("# SKIP %s is absent (set top_srcdir)\n", path);
		return;
	}
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(path, sizeof path, "%s/corpus/govuk-html/%s",
			 srcdir(), rows[i].file);
		ds_doc_init(&doc);
		if (ds_extract_file(path, NULL, &doc, &err) != 0)
			fail_msg("%s: %s", rows[i].file, err.msg);
		got = idents_of(&doc);
		if (strcmp(got, rows[i].idents) != 0)
			fail_msg("%s: [%s], expected [%s]", rows[i].file, got,
				 rows[i].idents);
		free(got);
		ds_doc_release(&doc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ident_table),
		cmocka_unit_test(test_ident_limits),
		cmocka_unit_test(test_ident_long),
		cmocka_unit_test(test_ident_corpus),
	};

	return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
