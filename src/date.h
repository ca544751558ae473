/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * date.h: reading the dates policy documents carry, into ISO 8601.
 *
 * Sources write dates every way there is: "2015-05-28T16:46:51.000+01:00"
 * in metadata, "12 June 2014", "Thursday 1 October 2009", "June 12, 2014",
 * "25/6/2012" (UK, day first), "20140612".  Every parser here returns the
 * calendar date as written (no time-zone shifting: a report published on
 * the 28th in London is dated the 28th), validated (month 1-12, a day that
 * exists in that month, years 1000-2999), in one of three precisions:
 * "YYYY-MM-DD", "YYYY-MM" or "YYYY".
 */
#ifndef DOSSIER_DATE_H
#define DOSSIER_DATE_H

#include <stddef.h>

/* Room for "YYYY-MM-DD" and its NUL. */
#define DS_DATE_SIZE 11

enum ds_date_order {
	DS_DATE_DAY_FIRST = 0,	/* 1/2/2012 is 1 February (UK, default) */
	DS_DATE_MONTH_FIRST	/* 1/2/2012 is 2 January (US sources) */
};

/*
 * Parse s[0..len), which should hold just a date (surrounding white space
 * and a trailing time of day or zone are allowed), in any of the forms
 * above.  On success writes the ISO date to out and returns its precision:
 * 3 (day), 2 (month) or 1 (year); returns 0 if s is not a date.
 */
int ds_date_parse(const char *s, size_t len, enum ds_date_order order,
		  char out[DS_DATE_SIZE]);

/*
 * Look in running text for a publication date announced as such:
 * "Published 12 June 2014", "Published: 25/6/2012", "Date published: ...",
 * "First published ...".  Returns the precision and writes out as
 * ds_date_parse does, for the first such date, or 0 if there is none.
 */
int ds_date_find_published(const char *text, size_t len,
			   char out[DS_DATE_SIZE]);

/* Whether s is an ISO date of one of the three precisions. */
int ds_date_is_iso(const char *s);

#endif /* DOSSIER_DATE_H */
