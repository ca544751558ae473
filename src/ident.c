/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ident.c: finding the identifiers of ident.h in text.
 *
 * The rules are narrow on purpose, since a false identifier is worse than
 * a missed one (it makes a paper findable by a number it does not have):
 *
 *  - "HC", "HL Paper", "Cm"/"Cmnd"/"Cmd" and "CP" are matched with their
 *    case as written and at word boundaries, so "HCA 12", "CPU 2",
 *    "15 cm" and "Acm 3" are not papers; the number must follow at once
 *    (a space, a no-break space, or for HC and Cm nothing: "HC96").
 *    "CP" needs the space ("CP12" is a gas safety form).  "HL5813" is a
 *    Lords written question, so House of Lords papers need "HL Paper".
 *  - A House paper's session is looked for within SESSION_WINDOW bytes
 *    around it: "Session 2013-14" first, then a bare "2013-14",
 *    "2013/14" or "2013–2014" (the second year one or two after the
 *    first: sessions 2010-12 and 2017-19 were long).
 *  - An ISBN needs the "ISBN" label; its digits may be grouped by hyphens
 *    or spaces, and its check digit must be right.  ISBN-10s become
 *    978-prefixed ISBN-13s.
 *
 * Nothing here keeps state; the only allocations are ds_doc_add_ident's.
 */

#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ident.h"

/* How far around a House paper number its session is looked for. */
#define SESSION_WINDOW 80

/* Longest paper number, in digits. */
#define NUMBER_MAX 5

/* Room for a display string ("ISBN " and what was written, capped). */
#define DISPLAY_MAX 64

/* A span of the input. */
struct span {
	const char *p, *end;
};

/* ASCII digit. */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII letter or digit. */
static bool
is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether p starts with the literal lit (case as written). */
static bool
starts(const char *p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* The length of a space at p: ' ', U+00A0 or U+202F; else 0. */
static size_t
space_len(const char *p, const char *end)
{
	if (p < end && (*p == ' ' || *p == '\t'))
		return 1;
	if (starts(p, end, "\xc2\xa0"))
		return 2;
	if (starts(p, end, "\xe2\x80\xaf"))
		return 3;
	return 0;
}

/* Skip at most `max` spaces. */
static const char *
skip_spaces(const char *p, const char *end, int max)
{
	size_t n;

	while (max-- > 0 && (n = space_len(p, end)) > 0)
		p += n;
	return p;
}

/* The length of a dash or slash at p (hyphen, en/em dash, U+2010/11). */
static size_t
dash_len(const char *p, const char *end)
{
	if (p < end && (*p == '-' || *p == '/'))
		return 1;
	if (starts(p, end, "\xe2\x80\x90") || starts(p, end, "\xe2\x80\x91") ||
	    starts(p, end, "\xe2\x80\x93") || starts(p, end, "\xe2\x80\x94"))
		return 3;
	return 0;
}

/* Read 1..NUMBER_MAX digits (not followed by another) into buf, without
 * leading zeros; returns the end, or NULL (also for a number that is 0). */
static const char *
read_number(const char *p, const char *end, char buf[NUMBER_MAX + 1])
{
	size_t n = 0, k = 0;

	while (p + n < end && is_digit(p[n]))
		if (++n > NUMBER_MAX)
			return NULL;
	if (n == 0)
		return NULL;
	for (; n > 0 && *p == '0'; p++, n--)
		;
	if (n == 0)
		return NULL;
	while (k < n) {
		buf[k] = p[k];
		k++;
	}
	buf[k] = '\0';
	return p + n;
}

/* A volume suffix after a paper number: "-I", "–II"... up to "-XX";
 * stores it (without the dash) in vol; returns its end or p. */
static const char *
volume_suffix(const char *p, const char *end, char vol[8])
{
	size_t d = dash_len(p, end), n = 0;
	const char *q;

	if (d == 0 || *p == '/')
		return p;
	for (q = p + d; q < end && (*q == 'I' || *q == 'V' || *q == 'X') &&
	     n < 5; q++)
		vol[n++] = *q;
	if (n == 0 || (q < end && is_alnum(*q)))
		return p;
	vol[n] = '\0';
	return q;
}

/*
 * A session at p: "2013-14", "2013/14", "2013–2014" (second year one or
 * two after the first), at digit boundaries.  Writes "YYYY-YY" to out and
 * returns the end, or NULL.
 */
static const char *
read_session(const char *start, const char *p, const char *end, char out[8])
{
	const char *q;
	int y1, y2, n;
	size_t d;

	if (end - p < 7 || (p > start && is_digit(p[-1])))
		return NULL;
	for (n = 0, y1 = 0; n < 4; n++) {
		if (!is_digit(p[n]))
			return NULL;
		y1 = y1 * 10 + (p[n] - '0');
	}
	if (y1 < 1800 || y1 > 2998 || (d = dash_len(p + 4, end)) == 0)
		return NULL;
	q = p + 4 + d;
	for (n = 0, y2 = 0; q + n < end && is_digit(q[n]) && n < 5; n++)
		y2 = y2 * 10 + (q[n] - '0');
	if (n == 2)
		y2 += y1 / 100 * 100 + (y2 < y1 % 100 ? 100 : 0);
	else if (n != 4)
		return NULL;
	if (y2 - y1 < 1 || y2 - y1 > 2)
		return NULL;
	out[0] = p[0];
	out[1] = p[1];
	out[2] = p[2];
	out[3] = p[3];
	out[4] = '-';
	out[5] = (char)('0' + y2 / 10 % 10);
	out[6] = (char)('0' + y2 % 10);
	out[7] = '\0';
	return q + n;
}

/* Whether "Session " (any case of its first letter) ends just before p. */
static bool
after_session_word(const char *start, const char *p)
{
	return p - start >= 8 && (memcmp(p - 8, "Session ", 8) == 0 ||
				  memcmp(p - 8, "session ", 8) == 0);
}

/*
 * The session of the paper at s.p..s.end in text..end: "Session YYYY-YY"
 * in the window around it first, then the nearest bare session after it,
 * then the nearest before it.  Returns whether one was found.
 */
static bool
find_session(const char *text, const char *end, struct span s, char out[8])
{
	const char *lo = s.p - text > SESSION_WINDOW ? s.p - SESSION_WINDOW :
							text;
	const char *hi = end - s.end > SESSION_WINDOW ? s.end + SESSION_WINDOW :
							 end;
	const char *p, *e;

	for (p = lo; p < hi; p++)
		if ((p < s.p || p >= s.end) && after_session_word(text, p) &&
		    read_session(text, p, end, out))
			return true;
	for (p = s.end; p < hi; p++)
		if (read_session(text, p, end, out))
			return true;
	for (p = s.p; p-- > lo;)
		if ((e = read_session(text, p, end, out)) != NULL && e <= s.p)
			return true;
	return false;
}

/* What a matcher found. */
struct found {
	const char *scheme;
	char value[16];
	char display[DISPLAY_MAX];
	bool house;		/* HC or HL: has a session */
	const char *end;
};

/* "HC 1234", "HC1234", "HC Paper 12", "HC 1234-I". */
static bool
match_hc(const char *p, const char *end, struct found *f)
{
	const char *q;
	char vol[8] = "";

	if (!starts(p, end, "HC"))
		return false;
	q = skip_spaces(p + 2, end, 1);
	if (starts(q, end, "Paper"))
		q = skip_spaces(q + 5, end, 1);
	if ((q = read_number(q, end, f->value)) == NULL)
		return false;
	q = volume_suffix(q, end, vol);
	/* "HC 12a", "HC 12.5" and "HC 1,234" are something else. */
	if (q < end && (is_alnum(*q) || ((*q == '.' || *q == ',') &&
					 q + 1 < end && is_digit(q[1]))))
		return false;
	f->scheme = "hc";
	f->house = true;
	f->end = q;
	snprintf(f->display, sizeof f->display, "HC %s%s%s", f->value,
		 vol[0] ? "-" : "", vol);
	return true;
}

/* "HL Paper 56", "HL Paper 56-I". */
static bool
match_hl(const char *p, const char *end, struct found *f)
{
	const char *q;
	char vol[8] = "";

	if (!starts(p, end, "HL"))
		return false;
	q = skip_spaces(p + 2, end, 1);
	if (q == p + 2 || !starts(q, end, "Paper"))
		return false;
	q = skip_spaces(q + 5, end, 1);
	if (starts(q, end, "No. "))
		q += 4;
	if ((q = read_number(q, end, f->value)) == NULL)
		return false;
	q = volume_suffix(q, end, vol);
	if (q < end && is_alnum(*q))
		return false;
	f->scheme = "hl";
	f->house = true;
	f->end = q;
	snprintf(f->display, sizeof f->display, "HL Paper %s%s%s", f->value,
		 vol[0] ? "-" : "", vol);
	return true;
}

/* "Cm 9876", "Cm. 9876", "Cmnd 1234", "Cmd. 123", "CP 123". */
static bool
match_command(const char *p, const char *end, struct found *f)
{
	static const struct {
		const char *lit, *scheme, *shown;
		bool need_space;
	} series[] = {
		{ "Cmnd", "cmnd", "Cmnd", false },
		{ "Cmd", "cmd", "Cmd", false },
		{ "Cm", "cm", "Cm", false },
		{ "CP", "cp", "CP", true },
	};
	const char *q = NULL, *r;
	size_t i;

	for (i = 0; i < sizeof series / sizeof series[0]; i++)
		if (starts(p, end, series[i].lit)) {
			q = p + strlen(series[i].lit);
			break;
		}
	if (q == NULL)
		return false;
	if (q < end && *q == '.' && !series[i].need_space)
		q++;
	r = skip_spaces(q, end, 1);
	if ((r == q && series[i].need_space) ||
	    (r = read_number(r, end, f->value)) == NULL ||
	    (r < end && is_alnum(*r)))
		return false;
	f->scheme = series[i].scheme;
	f->house = false;
	f->end = r;
	snprintf(f->display, sizeof f->display, "%s %s", series[i].shown,
		 f->value);
	return true;
}

/* Whether digits d[0..n) (values 0-10, 10 for X) are a valid ISBN. */
static bool
isbn_ok(const int *d, int n)
{
	int i, sum = 0;

	if (n == 13) {
		if (d[0] != 9 || d[1] != 7 || (d[2] != 8 && d[2] != 9))
			return false;
		for (i = 0; i < 13; i++) {
			if (d[i] > 9)
				return false;
			sum += d[i] * (i % 2 ? 3 : 1);
		}
		return sum % 10 == 0;
	}
	for (i = 0; i < 10; i++) {
		if (d[i] > 9 && i < 9)
			return false;
		sum += d[i] * (10 - i);
	}
	return sum % 11 == 0;
}

/* ISBN-10 digits d to a 978-prefixed ISBN-13 in out. */
static void
isbn13(const int *d, char out[14])
{
	int i, sum = 9 + 7 * 3 + 8;

	memcpy(out, "978", 3);
	for (i = 0; i < 9; i++) {
		out[3 + i] = (char)('0' + d[i]);
		sum += d[i] * ((3 + i) % 2 ? 3 : 1);
	}
	out[12] = (char)('0' + (10 - sum % 10) % 10);
	out[13] = '\0';
}

/* "ISBN 978-0-10-297559-8", "ISBN-10: 0 10 297559 X", "ISBN:9780..." */
static bool
match_isbn(const char *p, const char *end, struct found *f)
{
	const char *q, *start, *end10 = NULL, *e;
	int d[13], n = 0, i;
	size_t k;

	if (!starts(p, end, "ISBN") && !starts(p, end, "isbn"))
		return false;
	q = p + 4;
	if (q < end && *q == '-' && (starts(q + 1, end, "10") ||
				     starts(q + 1, end, "13")) &&
	    (q + 3 == end || !is_digit(q[3])) && (q + 3 == end || q[3] != '-'))
		q += 3;
	else if ((starts(q, end, "10") || starts(q, end, "13")) &&
		 q + 2 < end && q[2] == ':')
		q += 2;
	if (q < end && *q == ':')
		q++;
	q = start = skip_spaces(q, end, 2);
	while (q < end && n < 13) {
		if (is_digit(*q) || ((*q == 'X' || *q == 'x') && n == 9)) {
			d[n++] = is_digit(*q) ? *q - '0' : 10;
			q++;
			if (n == 10)
				end10 = q;
			if (d[n - 1] == 10)
				break;
			continue;
		}
		k = *q == '-' ? 1 : space_len(q, end);
		if (k == 0 || q + k >= end || !(is_digit(q[k]) ||
		    q[k] == 'X' || q[k] == 'x') || n == 0)
			break;
		q += k;
	}
	if (n == 13 && (q == end || !is_alnum(*q)) && isbn_ok(d, 13)) {
		for (i = 0; i < 13; i++)
			f->value[i] = (char)('0' + d[i]);
		f->value[13] = '\0';
		e = q;
	} else if (n >= 10 && end10 != NULL &&
		   (end10 == end || !is_alnum(*end10)) && isbn_ok(d, 10)) {
		isbn13(d, f->value);
		e = end10;
	} else {
		return false;
	}
	f->scheme = "isbn";
	f->house = false;
	f->end = e;
	k = (size_t)(e - start);
	if (k > DISPLAY_MAX - 6)
		k = DISPLAY_MAX - 6;
	memcpy(f->display, "ISBN ", 5);
	memcpy(f->display + 5, start, k);
	f->display[5 + k] = '\0';
	return true;
}

int
ds_ident_scan(struct ds_doc *doc, const char *s, size_t len, size_t max,
	      struct ds_error *err)
{
	const char *end, *p;
	struct found f;
	struct span sp;
	char session[8], display[DISPLAY_MAX + 16];
	size_t before;
	int rc;

	if (doc == NULL || (s == NULL && len > 0))
		return ds_error_set(err, DS_EINVAL,
				    "ds_ident_scan: no document or text");
	before = doc->nidents;
	end = s + len;
	for (p = s; p < end; p++) {
		if ((p > s && is_alnum(p[-1])) ||
		    (*p != 'H' && *p != 'C' && *p != 'I' && *p != 'i'))
			continue;
		memset(&f, 0, sizeof f);
		if (!match_hc(p, end, &f) && !match_hl(p, end, &f) &&
		    !match_command(p, end, &f) && !match_isbn(p, end, &f))
			continue;
		sp.p = p;
		sp.end = f.end;
		if (f.house && find_session(s, end, sp, session)) {
			snprintf(display, sizeof display, "%s (%s)", f.display,
				 session);
			rc = ds_doc_add_ident(doc, f.scheme, f.value, session,
					      display, err);
		} else {
			rc = ds_doc_add_ident(doc, f.scheme, f.value, NULL,
					      f.display, err);
		}
		if (rc < 0)
			return rc;
		if (max > 0 && doc->nidents - before >= max)
			break;
		p = f.end - 1;
	}
	return (int)(doc->nidents - before);
}
