/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * date.c: the date forms of date.h, read by hand: no locale, no
 * strptime(), no time zones (the calendar date as written).
 *
 * One scanner, scan_date(), reads a date at the start of a string and
 * says where it ended.  ds_date_parse() then allows only a time of day, a
 * zone and white space after it; ds_date_find_published() runs it after a
 * "Published" label.  Month names are English (full, abbreviated) and
 * Welsh, since GOV.UK publishes in both.  Nothing here allocates or keeps
 * state, so every function is reentrant.
 */

#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "date.h"

/* A date as read: prec 3 (day), 2 (month) or 1 (year). */
struct ymd {
	int y, m, d, prec;
};

/* Month names, lower case, with their numbers; abbreviations may take a
 * full stop ("Sept."). */
static const struct month {
	const char *name;
	int m;
	bool abbr;
} months[] = {
	{ "january", 1, false }, { "february", 2, false },
	{ "march", 3, false }, { "april", 4, false }, { "may", 5, false },
	{ "june", 6, false }, { "july", 7, false }, { "august", 8, false },
	{ "september", 9, false }, { "october", 10, false },
	{ "november", 11, false }, { "december", 12, false },
	{ "jan", 1, true }, { "feb", 2, true }, { "mar", 3, true },
	{ "apr", 4, true }, { "jun", 6, true }, { "jul", 7, true },
	{ "aug", 8, true }, { "sep", 9, true }, { "sept", 9, true },
	{ "oct", 10, true }, { "nov", 11, true }, { "dec", 12, true },
	/* Welsh */
	{ "ionawr", 1, false }, { "chwefror", 2, false },
	{ "mawrth", 3, false }, { "ebrill", 4, false }, { "mai", 5, false },
	{ "mehefin", 6, false }, { "gorffennaf", 7, false },
	{ "awst", 8, false }, { "medi", 9, false }, { "hydref", 10, false },
	{ "tachwedd", 11, false }, { "rhagfyr", 12, false },
};

/* Weekday names, lower case, that may open a date. */
static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
	"sat", "sun",
};

/*
 * Labels that announce a publication date, lower case, longest first so
 * that "published on" wins over "published".  "Last updated" and plain
 * "Updated" are deliberately absent.
 */
static const char *const labels[] = {
	"date first published", "first published on", "first published",
	"originally published", "date of publication", "date published",
	"publication date", "published on", "published date", "published",
	"dyddiad cyhoeddi", "cyhoeddwyd gyntaf", "cyhoeddwyd",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ASCII digit. */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII letter. */
static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ASCII lower case. */
static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* Skip white space, including U+00A0 (no-break space, C2 A0). */
static const char *
skip_space(const char *p, const char *end)
{
	for (;;) {
		if (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
				*p == '\r' || *p == '\f'))
			p++;
		else if (end - p >= 2 && (unsigned char)p[0] == 0xc2 &&
			 (unsigned char)p[1] == 0xa0)
			p += 2;
		else
			return p;
	}
}

/*
 * Read a run of digits at p (at least min, at most max, and not followed by
 * another digit) into *v.  Returns the end of the run, or NULL.
 */
static const char *
read_num(const char *p, const char *end, int min, int max, int *v)
{
	int n = 0, x = 0;

	while (p + n < end && is_digit(p[n])) {
		if (n == max)
			return NULL;
		x = x * 10 + (p[n] - '0');
		n++;
	}
	if (n < min)
		return NULL;
	*v = x;
	return p + n;
}

/* The end of the run of ASCII letters at p (p itself if none). */
static const char *
word_end(const char *p, const char *end)
{
	while (p < end && is_alpha(*p))
		p++;
	return p;
}

/* Whether p[0..n) is the lower-case word w, ignoring case. */
static bool
word_is(const char *p, size_t n, const char *w)
{
	size_t i;

	if (strlen(w) != n)
		return false;
	for (i = 0; i < n; i++)
		if (lower(p[i]) != w[i])
			return false;
	return true;
}

/* Read a month name at p (and a '.' after an abbreviation) into *m. */
static const char *
read_month(const char *p, const char *end, int *m)
{
	const char *e = word_end(p, end);
	size_t i;

	for (i = 0; i < COUNT(months); i++)
		if (word_is(p, (size_t)(e - p), months[i].name)) {
			*m = months[i].m;
			if (e < end && *e == '.' && months[i].abbr)
				e++;
			return e;
		}
	return NULL;
}

/* Skip a weekday name and the ',' or '.' after it; p if there is none. */
static const char *
skip_weekday(const char *p, const char *end)
{
	const char *e = word_end(p, end);
	size_t i;

	for (i = 0; i < COUNT(weekdays); i++)
		if (word_is(p, (size_t)(e - p), weekdays[i])) {
			if (e < end && (*e == ',' || *e == '.'))
				e++;
			return skip_space(e, end);
		}
	return p;
}

/* Skip an ordinal suffix after a day number: 1st, 2nd, 3rd, 12th. */
static const char *
skip_ordinal(const char *p, const char *end)
{
	const char *e = word_end(p, end);
	size_t n = (size_t)(e - p);

	if (word_is(p, n, "st") || word_is(p, n, "nd") || word_is(p, n, "rd") ||
	    word_is(p, n, "th"))
		return e;
	return p;
}

/* A two-digit year, as POSIX strptime's %y reads it: 69-99 are 19xx. */
static int
full_year(int y, int digits)
{
	if (digits > 2)
		return y;
	return y < 69 ? 2000 + y : 1900 + y;
}

/* What follows a 4-digit year: "-MM-DD", "/MM/DD", ".MM" or nothing. */
static const char *
scan_year_first(const char *p, const char *end, struct ymd *r)
{
	const char *q;
	char sep;

	r->prec = 1;
	if (end - p < 2 || (*p != '-' && *p != '/' && *p != '.') ||
	    !is_digit(p[1]))
		return p;
	sep = *p;
	if ((q = read_num(p + 1, end, 1, 2, &r->m)) == NULL)
		return NULL;
	r->prec = 2;
	if (end - q >= 2 && *q == sep && is_digit(q[1])) {
		if ((q = read_num(q + 1, end, 1, 2, &r->d)) == NULL)
			return NULL;
		r->prec = 3;
	}
	return q;
}

/* "20140612": exactly eight digits. */
static const char *
scan_compact(const char *p, struct ymd *r)
{
	r->y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
	       (p[3] - '0');
	r->m = (p[4] - '0') * 10 + (p[5] - '0');
	r->d = (p[6] - '0') * 10 + (p[7] - '0');
	r->prec = 3;
	return p + 8;
}

/* "25/6/2012", "6.25.12": day and month in the given order, then year. */
static const char *
scan_numeric(const char *p, const char *end, int first,
	     enum ds_date_order order, struct ymd *r)
{
	const char *q, *y0;
	char sep = *p;
	int second;

	if ((q = read_num(p + 1, end, 1, 2, &second)) == NULL || q >= end ||
	    *q != sep)
		return NULL;
	y0 = q + 1;
	if ((q = read_num(y0, end, 2, 4, &r->y)) == NULL || q - y0 == 3)
		return NULL;
	r->y = full_year(r->y, (int)(q - y0));
	r->d = order == DS_DATE_MONTH_FIRST ? second : first;
	r->m = order == DS_DATE_MONTH_FIRST ? first : second;
	r->prec = 3;
	return q;
}

/* After a day number: "th of June 2014", " Oct 2009", "-Jun-2014". */
static const char *
scan_day_month(const char *p, const char *end, int day, struct ymd *r)
{
	const char *q = skip_ordinal(p, end), *e;

	if (q < end && *q == '-') {
		q++;
	} else {
		q = skip_space(q, end);
		e = word_end(q, end);
		if (word_is(q, (size_t)(e - q), "of"))
			q = skip_space(e, end);
	}
	if ((q = read_month(q, end, &r->m)) == NULL)
		return NULL;
	if (q < end && (*q == ',' || *q == '-'))
		q++;
	q = skip_space(q, end);
	if ((q = read_num(q, end, 4, 4, &r->y)) == NULL)
		return NULL;
	r->d = day;
	r->prec = 3;
	return q;
}

/* After a month name: " 12th, 2014", " 12 2014" or " 2014". */
static const char *
scan_month_day(const char *p, const char *end, struct ymd *r)
{
	const char *q = skip_space(p, end), *y;
	int n;

	if ((y = read_num(q, end, 4, 4, &r->y)) != NULL) {
		r->prec = 2;
		return y;
	}
	if ((q = read_num(q, end, 1, 2, &n)) == NULL)
		return NULL;
	q = skip_ordinal(q, end);
	if (q < end && *q == ',')
		q++;
	q = skip_space(q, end);
	if ((q = read_num(q, end, 4, 4, &r->y)) == NULL)
		return NULL;
	r->d = n;
	r->prec = 3;
	return q;
}

/* Days in month m of year y. */
static int
days_in(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Whether r is a date that exists, in the years date.h accepts. */
static bool
valid(const struct ymd *r)
{
	if (r->y < 1000 || r->y > 2999)
		return false;
	if (r->prec >= 2 && (r->m < 1 || r->m > 12))
		return false;
	if (r->prec == 3 && (r->d < 1 || r->d > days_in(r->y, r->m)))
		return false;
	return true;
}

/* A date that starts with a day (or, US style, a month) number. */
static const char *
scan_day_first(const char *p, const char *end, enum ds_date_order order,
	       struct ymd *r)
{
	const char *q;
	int n;

	if ((q = read_num(p, end, 1, 2, &n)) == NULL)
		return NULL;
	if (end - q >= 2 && (*q == '/' || *q == '.' || *q == '-') &&
	    is_digit(q[1]))
		return scan_numeric(q, end, n, order, r);
	return scan_day_month(q, end, n, r);
}

/*
 * Read a date at p.  Returns the end of it and fills *r (validated), or
 * NULL when no date starts at p.
 */
static const char *
scan_date(const char *p, const char *end, enum ds_date_order order,
	  struct ymd *r)
{
	const char *q;
	int n;

	memset(r, 0, sizeof *r);
	p = skip_weekday(p, end);
	for (n = 0; p + n < end && is_digit(p[n]); n++)
		;
	if (n == 8)
		q = scan_compact(p, r);
	else if (n == 4 && read_num(p, end, 4, 4, &r->y))
		q = scan_year_first(p + 4, end, r);
	else if (n == 1 || n == 2)
		q = scan_day_first(p, end, order, r);
	else if (n == 0 && (q = read_month(p, end, &r->m)) != NULL)
		q = scan_month_day(q, end, r);
	else
		q = NULL;
	if (q == NULL || !valid(r))
		return NULL;
	return q;
}

/* Skip a time of day ("T16:46:51.000", " 10:00", " 3.30pm"), if any. */
static const char *
skip_time(const char *p, const char *end)
{
	const char *q = p, *e;
	int v;

	if (q < end && (*q == 'T' || *q == ','))
		q++;
	q = skip_space(q, end);
	e = word_end(q, end);
	if (word_is(q, (size_t)(e - q), "at"))
		q = skip_space(e, end);
	if ((q = read_num(q, end, 1, 2, &v)) == NULL || v > 24 ||
	    q >= end || (*q != ':' && *q != '.') ||
	    (q = read_num(q + 1, end, 2, 2, &v)) == NULL || v > 59)
		return p;
	if (end - q >= 3 && *q == ':' && read_num(q + 1, end, 2, 2, &v))
		q += 3;
	if (end - q >= 2 && (*q == '.' || *q == ',') && is_digit(q[1]))
		for (q++; q < end && is_digit(*q); q++)
			;
	e = skip_space(q, end);
	if (end - e >= 2 && (lower(*e) == 'a' || lower(*e) == 'p') &&
	    lower(e[1]) == 'm' && (end - e == 2 || !is_alpha(e[2])))
		q = e + 2;
	return q;
}

/* Zone names a date may end with. */
static const char *const zones[] = {
	"Z", "UT", "UTC", "GMT", "BST", "IST", "WET", "WEST", "CET", "CEST",
	"EET", "EEST", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT",
};

/* Skip an offset "+01:00", "-0500", "+1"; p if there is none. */
static const char *
skip_offset(const char *p, const char *end)
{
	const char *q;
	int v;

	if (p >= end || (*p != '+' && *p != '-') ||
	    (q = read_num(p + 1, end, 1, 4, &v)) == NULL)
		return p;
	if (q - p == 5 || q - p <= 3) {
		if (q - p == 3 && end - q >= 3 && *q == ':' &&
		    read_num(q + 1, end, 2, 2, &v))
			q += 3;
		return q;
	}
	return p;
}

/* Skip a zone: "Z", "+01:00", "-0500", "GMT", "UTC+1", "+0000 (UTC)". */
static const char *
skip_zone(const char *p, const char *end)
{
	const char *q = skip_space(p, end), *e = word_end(q, end);
	size_t i;

	for (i = 0; i < COUNT(zones); i++)
		if ((size_t)(e - q) == strlen(zones[i]) &&
		    memcmp(q, zones[i], (size_t)(e - q)) == 0)
			break;
	if (i < COUNT(zones))
		q = skip_offset(e, end);
	else if ((e = skip_offset(q, end)) != q)
		q = e;
	else
		return p;
	e = skip_space(q, end);
	if (e < end && *e == '(') {
		const char *w = word_end(e + 1, end);

		for (i = 0; i < COUNT(zones); i++)
			if ((size_t)(w - e - 1) == strlen(zones[i]) &&
			    memcmp(e + 1, zones[i], strlen(zones[i])) == 0 &&
			    w < end && *w == ')')
				return w + 1;
	}
	return q;
}

/* Write r as ISO 8601 into out; returns its precision. */
static int
format(const struct ymd *r, char out[DS_DATE_SIZE])
{
	size_t n = 0;

	out[n++] = (char)('0' + r->y / 1000);
	out[n++] = (char)('0' + r->y / 100 % 10);
	out[n++] = (char)('0' + r->y / 10 % 10);
	out[n++] = (char)('0' + r->y % 10);
	if (r->prec >= 2) {
		out[n++] = '-';
		out[n++] = (char)('0' + r->m / 10);
		out[n++] = (char)('0' + r->m % 10);
	}
	if (r->prec == 3) {
		out[n++] = '-';
		out[n++] = (char)('0' + r->d / 10);
		out[n++] = (char)('0' + r->d % 10);
	}
	out[n] = '\0';
	return r->prec;
}

int
ds_date_parse(const char *s, size_t len, enum ds_date_order order,
	      char out[DS_DATE_SIZE])
{
	const char *end, *p, *q;
	struct ymd r;

	if (s == NULL || out == NULL)
		return 0;
	end = s + len;
	p = skip_space(s, end);
	if ((q = scan_date(p, end, order, &r)) == NULL)
		return 0;
	q = skip_zone(skip_time(q, end), end);
	if (skip_space(q, end) != end)
		return 0;
	return format(&r, out);
}

/* Whether a label may start at text[i]: at the start of the text or of a
 * line, or after a separator ("|", "•", "·", ";", "(", "["). */
static bool
label_start(const char *text, size_t i)
{
	const unsigned char *t = (const unsigned char *)text;

	if (i > 0 && is_alpha(text[i - 1]))
		return false;
	while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t' ||
			 (i >= 2 && t[i - 2] == 0xc2 && t[i - 1] == 0xa0)))
		i -= t[i - 1] == 0xa0 ? 2 : 1;
	if (i == 0 || strchr("\n\r|;([", text[i - 1]) != NULL)
		return true;
	return (i >= 3 && t[i - 3] == 0xe2 && t[i - 2] == 0x80 &&
		t[i - 1] == 0xa2) ||
	       (i >= 2 && t[i - 2] == 0xc2 && t[i - 1] == 0xb7);
}

/* The end of a publication label at p ("First published on"), or NULL. */
static const char *
match_label(const char *p, const char *end)
{
	size_t i, n, k;

	for (i = 0; i < COUNT(labels); i++) {
		n = strlen(labels[i]);
		if ((size_t)(end - p) < n ||
		    (end - p > (ptrdiff_t)n && is_alpha(p[n])))
			continue;
		for (k = 0; k < n && lower(p[k]) == labels[i][k]; k++)
			;
		if (k == n)
			return p + n;
	}
	return NULL;
}

int
ds_date_find_published(const char *text, size_t len, char out[DS_DATE_SIZE])
{
	const char *end, *p, *q, *e;
	struct ymd r;
	size_t i;

	if (text == NULL || out == NULL)
		return 0;
	end = text + len;
	for (i = 0; i < len; i++) {
		if (!is_alpha(text[i]) || !label_start(text, i) ||
		    (p = match_label(text + i, end)) == NULL)
			continue;
		p = skip_space(p, end);
		if (p < end && (*p == ':' || *p == '-'))
			p = skip_space(p + 1, end);
		e = word_end(p, end);
		if (word_is(p, (size_t)(e - p), "on"))
			p = skip_space(e, end);
		q = scan_date(p, end, DS_DATE_DAY_FIRST, &r);
		if (q != NULL && (q == end || (!is_alpha(*q) && !is_digit(*q))))
			return format(&r, out);
	}
	return 0;
}

int
ds_date_is_iso(const char *s)
{
	struct ymd r;
	size_t n;
	int i;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (i = 0; i < (int)n; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : !is_digit(s[i]))
			return 0;
	memset(&r, 0, sizeof r);
	r.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	      (s[3] - '0');
	r.prec = n == 4 ? 1 : n == 7 ? 2 : 3;
	if (n >= 7)
		r.m = (s[5] - '0') * 10 + (s[6] - '0');
	if (n == 10)
		r.d = (s[8] - '0') * 10 + (s[9] - '0');
	return valid(&r);
}
