/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-date.c: src/date.c, table-driven: strings in, the ISO date and its
 * precision out (or "not a date"), for ds_date_parse(),
 * ds_date_find_published() and ds_date_is_iso().
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

#include "date.h"

#define DF DS_DATE_DAY_FIRST
#define MF DS_DATE_MONTH_FIRST

/* One row: NULL out means "not a date" (0 returned, out untouched). */
struct parse_case {
	const char *in;
	enum ds_date_order order;
	const char *out;
};

static const struct parse_case parse_cases[] = {
	/* ISO 8601, with times and zones: the date as written, unshifted */
	{ "2014-06-12", DF, "2014-06-12" },
	{ "2015-05-28T16:46:51.000+01:00", DF, "2015-05-28" },
	{ "2015-05-28T00:30:00+05:00", DF, "2015-05-28" },
	{ "2015-05-28T23:59:59-08:00", DF, "2015-05-28" },
	{ "2016-01-17T14:19:42.460Z", DF, "2016-01-17" },
	{ "2016-09-05T14:00:00+0100", DF, "2016-09-05" },
	{ "2016-09-05 14:00", DF, "2016-09-05" },
	{ "2016-09-05 14:00:00 UTC", DF, "2016-09-05" },
	{ "2014-06-12Z", DF, "2014-06-12" },
	{ "2014-06-12+01:00", DF, "2014-06-12" },
	{ "  2014-06-12 \n", DF, "2014-06-12" },
	{ "2014-06", DF, "2014-06" },
	{ "2014", DF, "2014" },
	{ "2014/06/12", DF, "2014-06-12" },
	{ "2014/6/2", MF, "2014-06-02" },
	{ "2014.06.12", DF, "2014-06-12" },
	{ "20140612", DF, "2014-06-12" },
	/* English words */
	{ "12 June 2014", DF, "2014-06-12" },
	{ "12th June 2014", DF, "2014-06-12" },
	{ "1st June 2010", DF, "2010-06-01" },
	{ "2nd March 2011", DF, "2011-03-02" },
	{ "23rd March 2011", DF, "2011-03-23" },
	{ "12th of June 2014", DF, "2014-06-12" },
	{ "Thursday 1 October 2009", DF, "2009-10-01" },
	{ "Thursday, 1 October 2009", DF, "2009-10-01" },
	{ "1 Oct 2009", DF, "2009-10-01" },
	{ "6th Sept 2011", DF, "2011-09-06" },
	{ "6 Sept. 2011", DF, "2011-09-06" },
	{ "01-Oct-2009", DF, "2009-10-01" },
	{ "June 12, 2014", DF, "2014-06-12" },
	{ "June 12 2014", MF, "2014-06-12" },
	{ "June 12th, 2014", DF, "2014-06-12" },
	{ "June 2014", DF, "2014-06" },
	{ "JUNE 2014", DF, "2014-06" },
	{ "Dec. 2014", DF, "2014-12" },
	{ "12 june 2014 10:30", DF, "2014-06-12" },
	{ "12 June 2014 at 3.30pm", DF, "2014-06-12" },
	{ "12\xc2\xa0June\xc2\xa0" "2014", DF, "2014-06-12" },
	/* Welsh */
	{ "12 Mehefin 2014", DF, "2014-06-12" },
	{ "1 Hydref 2009", DF, "2009-10-01" },
	/* RFC 822 / 1123 */
	{ "Thu, 01 Oct 2009 10:00:00 GMT", DF, "2009-10-01" },
	{ "Thu, 01 Oct 2009 10:00:00 +0000", DF, "2009-10-01" },
	{ "Thu, 01 Oct 2009 10:00:00 +0000 (UTC)", DF, "2009-10-01" },
	{ "Mon, 5 Jan 2015 23:10 BST", DF, "2015-01-05" },
	/* numbers: day first by default, month first when asked */
	{ "25/6/2012", DF, "2012-06-25" },
	{ "25.6.2012", DF, "2012-06-25" },
	{ "25-6-2012", DF, "2012-06-25" },
	{ "6/25/2012", MF, "2012-06-25" },
	{ "1/2/2012", DF, "2012-02-01" },
	{ "1/2/2012", MF, "2012-01-02" },
	{ "01/02/12", DF, "2012-02-01" },
	{ "31/12/99", DF, "1999-12-31" },
	{ "1/1/68", DF, "2068-01-01" },
	{ "1/1/69", DF, "1969-01-01" },
	{ "25/6/2012 10:00", DF, "2012-06-25" },
	/* leap years */
	{ "29/2/2012", DF, "2012-02-29" },
	{ "29 February 2000", DF, "2000-02-29" },
	{ "2016-02-29", DF, "2016-02-29" },
	/* not dates */
	{ "31/2/2012", DF, NULL },
	{ "29/2/2013", DF, NULL },
	{ "29 February 1900", DF, NULL },
	{ "2014-13-01", DF, NULL },
	{ "2014-02-30", DF, NULL },
	{ "2014-00-10", DF, NULL },
	{ "2014-04-31", DF, NULL },
	{ "25/6/2012", MF, NULL },
	{ "31 June 2014", DF, NULL },
	{ "0 June 2014", DF, NULL },
	{ "May", DF, NULL },
	{ "12", DF, NULL },
	{ "10/10", DF, NULL },
	{ "12 June", DF, NULL },
	{ "June 12", DF, NULL },
	{ "2013-14", DF, NULL },
	{ "201406", DF, NULL },
	{ "2014061", DF, NULL },
	{ "201406123", DF, NULL },
	{ "20141301", DF, NULL },
	{ "0999", DF, NULL },
	{ "3000-01-01", DF, NULL },
	{ "1/2/123", DF, NULL },
	{ "1/2-2012", DF, NULL },
	{ "12 Juneteenth 2014", DF, NULL },
	{ "12 June 2014 and more", DF, NULL },
	{ "June 2014 REPORT", DF, NULL },
	{ "2014 annual report", DF, NULL },
	{ "Thursday", DF, NULL },
	{ "", DF, NULL },
	{ "   ", DF, NULL },
	{ "T10:00", DF, NULL },
	{ "12/06/2014/2015", DF, NULL },
	{ "1.5 million", DF, NULL },
	{ "123 June 2014", DF, NULL },
	{ "12 June 20144", DF, NULL },
};

/* Every row of parse_cases, with the precision the output implies. */
static void
test_parse_table(void **state)
{
	char out[DS_DATE_SIZE];
	size_t i;
	int rc, want;

	(void)state;
	for (i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
		const struct parse_case *c = &parse_cases[i];

		memcpy(out, "untouched", 10);
		rc = ds_date_parse(c->in, strlen(c->in), c->order, out);
		want = c->out == NULL ? 0 : strlen(c->out) == 10 ? 3 :
		       strlen(c->out) == 7 ? 2 : 1;
		if (rc != want)
			fail_msg("[%s]: precision %d, expected %d (%s)", c->in,
				 rc, want, rc ? out : "-");
		if (c->out && strcmp(out, c->out) != 0)
			fail_msg("[%s]: [%s], expected [%s]", c->in, out,
				 c->out);
		if (c->out == NULL && strcmp(out, "untouched") != 0)
			fail_msg("[%s]: out was written", c->in);
		if (rc)
			assert_true(ds_date_is_iso(out));
	}
}

/* The length is respected: bytes past len are never read. */
static void
test_parse_length(void **state)
{
	char out[DS_DATE_SIZE];
	char *buf;

	(void)state;
	assert_int_equal(ds_date_parse("2014-06-12junk", 10, DF, out), 3);
	assert_string_equal(out, "2014-06-12");
	assert_int_equal(ds_date_parse("12 June 2014", 7, DF, out), 0);
	assert_int_equal(ds_date_parse("2014-06-12", 7, DF, out), 2);
	assert_string_equal(out, "2014-06");
	/* A heap buffer without a terminator: valgrind/ASan catch overreads. */
	buf = malloc(12);
	assert_non_null(buf);
	memcpy(buf, "12 June 2014", 12);
	assert_int_equal(ds_date_parse(buf, 12, DF, out), 3);
	memcpy(buf, "Thu, 01 Oct", 11);
	assert_int_equal(ds_date_parse(buf, 11, DF, out), 0);
	memcpy(buf, "2014-06-12T1", 12);
	assert_int_equal(ds_date_parse(buf, 12, DF, out), 0);
	memcpy(buf, "2014-06-12+0", 12);
	assert_int_equal(ds_date_parse(buf, 12, DF, out), 3);
	free(buf);
	assert_int_equal(ds_date_parse(NULL, 0, DF, out), 0);
}

/* One row for ds_date_find_published: NULL for "none". */
struct find_case {
	const char *text;
	const char *out;
};

static const struct find_case find_cases[] = {
	{ "Published 12 June 2014", "2014-06-12" },
	{ "Published: 25/6/2012", "2012-06-25" },
	{ "Date published: 1 October 2009", "2009-10-01" },
	{ "First published 3 May 2011\nLast updated 4 May 2012",
	  "2011-05-03" },
	{ "Last updated 4 May 2012\nFirst published 3 May 2011",
	  "2011-05-03" },
	{ "From: HM Treasury\nPublished\n8 March 2017", "2017-03-08" },
	{ "Published on 2014-06-12 by the Cabinet Office", "2014-06-12" },
	{ "Publication date: June 2014", "2014-06" },
	{ "Date of publication: 2012", "2012" },
	{ "Originally published 1st June 2010.", "2010-06-01" },
	{ "Policy paper | Published 12 June 2014 | 5 pages", "2014-06-12" },
	{ "\xe2\x80\xa2 Published 12 June 2014", "2014-06-12" },
	{ "PUBLISHED: 12/06/2014", "2014-06-12" },
	{ "Cyhoeddwyd 12 Mehefin 2014", "2014-06-12" },
	{ "Published by HM Treasury\nPublished 2 May 2013", "2013-05-02" },
	{ "Published: 31/2/2012\nPublished: 1/3/2012", "2012-03-01" },
	/* not publication dates */
	{ "Last updated 12 June 2014", NULL },
	{ "Updated: 12 June 2014", NULL },
	{ "Last published 12 June 2014", NULL },
	{ "The data will be published on 12 January 2012.", NULL },
	{ "Unpublished 12 June 2014", NULL },
	{ "Republished 12 June 2014", NULL },
	{ "Published 2014-15 figures", NULL },
	{ "Published shortly.", NULL },
	{ "Published 12 June", NULL },
	{ "Published", NULL },
	{ "", NULL },
	{ "12 June 2014", NULL },
};

/* Every row of find_cases. */
static void
test_find_published(void **state)
{
	char out[DS_DATE_SIZE];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof find_cases / sizeof find_cases[0]; i++) {
		const struct find_case *c = &find_cases[i];

		rc = ds_date_find_published(c->text, strlen(c->text), out);
		if (c->out == NULL && rc != 0)
			fail_msg("[%s]: found %s", c->text, out);
		if (c->out != NULL && (rc == 0 || strcmp(out, c->out) != 0))
			fail_msg("[%s]: %s, expected %s", c->text,
				 rc ? out : "nothing", c->out);
	}
	assert_int_equal(ds_date_find_published(NULL, 0, out), 0);
	/* The length is respected. */
	assert_int_equal(ds_date_find_published("Published 12 June 2014", 14,
						out), 0);
}

/* ds_date_is_iso: exactly the three precisions, validated. */
static void
test_is_iso(void **state)
{
	static const char *const yes[] = {
		"2014", "2014-06", "2014-06-12", "2012-02-29", "1000", "2999",
	};
	static const char *const no[] = {
		"14", "2014-6", "2014-06-1", "2014-06-12T10:00", "2014/06/12",
		"2014-13", "2013-02-29", "0999", "3000", "2014-06-12 ", "",
		"abcd", "20140612",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (!ds_date_is_iso(yes[i]))
			fail_msg("[%s] should be ISO", yes[i]);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (ds_date_is_iso(no[i]))
			fail_msg("[%s] should not be ISO", no[i]);
	assert_false(ds_date_is_iso(NULL));
}

/* Every day of 1999-2001 round-trips through three forms. */
static void
test_every_day(void **state)
{
	static const char *const names[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				   30, 31 };
	char in[64], iso[64], out[DS_DATE_SIZE];
	int y, m, d, last;

	(void)state;
	for (y = 1999; y <= 2001; y++)
		for (m = 1; m <= 12; m++) {
			last = dim[m - 1] + (m == 2 && y == 2000);
			for (d = 1; d <= last + 1; d++) {
				snprintf(iso, sizeof iso, "%04d-%02d-%02d", y,
					 m, d);
				snprintf(in, sizeof in, "%d %s %d", d,
					 names[m - 1], y);
				assert_int_equal(ds_date_parse(in, strlen(in),
							       DF, out),
						 d <= last ? 3 : 0);
				if (d <= last)
					assert_string_equal(out, iso);
				snprintf(in, sizeof in, "%d/%d/%d", d, m, y);
				assert_int_equal(ds_date_parse(in, strlen(in),
							       DF, out),
						 d <= last ? 3 : 0);
				assert_int_equal(ds_date_parse(iso, 10, DF,
							       out),
						 d <= last ? 3 : 0);
			}
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_length),
		cmocka_unit_test(test_find_published),
		cmocka_unit_test(test_is_iso),
		cmocka_unit_test(test_every_day),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
