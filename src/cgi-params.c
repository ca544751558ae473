/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgi-params.c: a request's QUERY_STRING read into struct cgi_params,
 * strictly (the rules are cgi-params.h's).
 *
 * The length of the whole string is checked before anything else.  Then
 * one pass over the pairs: a pair's name and value are each checked for
 * well-formed percent-encoding before they are decoded, names are decoded
 * into a small buffer to recognise the few we know, and a value is
 * decoded only when it is used.
 * Numbers are decoded a byte at a time, names and enums into small
 * buffers (too long: not a name); q and f are decoded into a buffer the
 * size of their raw text and then cleaned into one at most three times
 * that size (an invalid byte becomes U+FFFD, three bytes).  So what is
 * allocated is bounded by the length already checked, and no count is
 * kept in an int.
 *
 * Messages name the parameter and the rule broken, never the value (nor
 * the name of a parameter we don't know): they may be shown on a page.
 */

#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgi-params.h"
#include "utf8.h"

/* The parameters we know; P_UNKNOWN is everything else. */
enum param { P_UNKNOWN, P_Q, P_PAGE, P_N, P_DB, P_FMT, P_SORT, P_F, P_COUNT };

static const char *const param_names[P_COUNT] = {
	NULL, "q", "page", "n", "db", "fmt", "sort", "f",
};

/* The filter fields f may name. */
static const char *const filter_fields[] = { "publisher", "type", "year" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void
cgi_limits_default(struct cgi_limits *l)
{
	l->query_string_bytes = 8192;
	l->query_bytes = 1024;
	l->max_page = 1000;
	l->max_hits = 100;
	l->default_hits = 10;
}

int
cgi_params_status(const struct ds_error *err)
{
	if (err == NULL || err->code == 0)
		return 0;
	if (err->code == DS_ETOOBIG)
		return 414;
	if (err->code == DS_EINVAL)
		return 400;
	return 500;
}

/* The value of hex digit c, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Whether every '%' in raw[0..len) is followed by two hex digits there. */
static bool
percent_ok(const char *raw, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (raw[i] != '%') {
			i++;
			continue;
		}
		if (len - i < 3 || hex_value(raw[i + 1]) < 0 ||
		    hex_value(raw[i + 2]) < 0)
			return false;
		i += 3;
	}
	return true;
}

/*
 * The byte that raw[*i] stands for ('+' a space, "%XX" the byte XX), and
 * *i moved past it.  The encoding must have passed percent_ok().
 */
static unsigned char
next_byte(const char *raw, size_t *i)
{
	unsigned char c = (unsigned char)raw[*i];

	if (c == '%') {
		c = (unsigned char)(hex_value(raw[*i + 1]) << 4 |
				    hex_value(raw[*i + 2]));
		*i += 3;
		return c;
	}
	*i += 1;
	return c == '+' ? ' ' : c;
}

/*
 * Decode raw[0..len) into out (at most len bytes, no NUL added).  Returns
 * the number of bytes written.
 */
static size_t
decode(const char *raw, size_t len, char *out)
{
	size_t i = 0, o = 0;

	while (i < len)
		out[o++] = (char)next_byte(raw, &i);
	return o;
}

/*
 * Decode raw[0..len) into buf (size bytes, NUL-terminated) when it fits
 * and holds no NUL (%00): only then can it be one of the short words we
 * expect, and only then does strcmp() see all of it.  Returns whether it
 * did.
 */
static bool
decode_short(const char *raw, size_t len, char *buf, size_t size)
{
	size_t i = 0, o = 0;

	while (i < len) {
		if (o + 1 >= size)
			return false;
		buf[o] = (char)next_byte(raw, &i);
		if (buf[o] == '\0')
			return false;
		o++;
	}
	buf[o] = '\0';
	return true;
}

/* Which parameter the raw name[0..len) is. */
static enum param
param_of(const char *name, size_t len)
{
	char buf[8];
	size_t k;

	if (!decode_short(name, len, buf, sizeof buf))
		return P_UNKNOWN;
	for (k = 1; k < P_COUNT; k++)
		if (strcmp(buf, param_names[k]) == 0)
			return (enum param)k;
	return P_UNKNOWN;
}

/*
 * The decimal number raw[0..len) (non-empty) clamped to 1..max (max >= 1)
 * into *out.  Digits only; however many there are, the value is never
 * held beyond max + 9 (so it can't overflow).  Returns false when there
 * is anything but a digit.
 */
static bool
parse_number(const char *raw, size_t len, unsigned max, unsigned *out)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i < len) {
		unsigned char c = next_byte(raw, &i);

		if (c < '0' || c > '9')
			return false;
		if (v <= max)
			v = v * 10 + (unsigned)(c - '0');
	}
	if (v < 1)
		v = 1;
	if (v > max)
		v = max;
	*out = (unsigned)v;
	return true;
}

/* Whether the raw value[0..len) decodes to [a-z0-9_-]{1,32}, into name. */
static bool
parse_name(const char *raw, size_t len, char name[CGI_NAME_MAX + 1])
{
	size_t i;

	if (!decode_short(raw, len, name, CGI_NAME_MAX + 1) || name[0] == '\0')
		return false;
	for (i = 0; name[i] != '\0'; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

/*
 * Index in words[0..n) of the word the raw value[0..len) decodes to
 * exactly, or -1.
 */
static int
parse_word(const char *raw, size_t len, const char *const *words, size_t n)
{
	char buf[16];
	size_t k;

	if (!decode_short(raw, len, buf, sizeof buf))
		return -1;
	for (k = 0; k < n; k++)
		if (strcmp(buf, words[k]) == 0)
			return (int)k;
	return -1;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Text of unknown origin, d[0..n) (any bytes), as a new string: each byte
 * that is not part of valid UTF-8 becomes U+FFFD, each control character
 * (C0 but tab, DEL, C1) a space, and spaces and tabs at either end go.
 * *outlen gets its length.  NULL when out of memory.
 */
static char *
clean_text(const char *d, size_t n, size_t *outlen)
{
	size_t i = 0, o = 0, start = 0, k;
	uint32_t cp;
	char *out;

	if (n > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(3 * n + 1);
	if (out == NULL)
		return NULL;
	while (i < n) {
		k = ds_utf8_decode(d + i, n - i, &cp);
		if (k == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp < 0xa0))
			out[o++] = ' ';
		else {
			memcpy(out + o, d + i, k);
			o += k;
		}
		i += k;
	}
	while (start < o && is_blank(out[start]))
		start++;
	while (o > start && is_blank(out[o - 1]))
		o--;
	memmove(out, out + start, o - start);
	o -= start;
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* Decode the raw value[0..len) into a new buffer; *n its length. */
static char *
decode_copy(const char *raw, size_t len, size_t *n)
{
	char *d = malloc(len > 0 ? len : 1);

	if (d != NULL)
		*n = decode(raw, len, d);
	return d;
}

/* q: decoded, cleaned, held to limits->query_bytes. */
static int
take_query(struct cgi_params *p, const char *raw, size_t len,
	   const struct cgi_limits *limits, struct ds_error *err)
{
	size_t n, qlen;
	char *d = decode_copy(raw, len, &n), *q;

	if (d == NULL)
		return ds_error_set(err, DS_ENOMEM, "q: out of memory");
	q = clean_text(d, n, &qlen);
	free(d);
	if (q == NULL)
		return ds_error_set(err, DS_ENOMEM, "q: out of memory");
	if (qlen > limits->query_bytes) {
		free(q);
		return ds_error_set(err, DS_EINVAL, "q: longer than %zu bytes",
				    limits->query_bytes);
	}
	p->q = q;
	return 0;
}

/* One f: "field:value" with a known field and a value left once cleaned. */
static int
take_filter(struct cgi_params *p, const char *raw, size_t len,
	    const struct cgi_limits *limits, struct ds_error *err)
{
	size_t n, flen = 0, vlen, k;
	char *d, *colon, *value, *f;

	if (p->nfilters == CGI_MAX_FILTERS)
		return ds_error_set(err, DS_EINVAL, "f: more than %d filters",
				    CGI_MAX_FILTERS);
	d = decode_copy(raw, len, &n);
	if (d == NULL)
		return ds_error_set(err, DS_ENOMEM, "f: out of memory");
	colon = memchr(d, ':', n);
	if (colon != NULL) {
		flen = (size_t)(colon - d);
		for (k = 0; k < COUNT(filter_fields); k++)
			if (strlen(filter_fields[k]) == flen &&
			    memcmp(d, filter_fields[k], flen) == 0)
				break;
	}
	if (colon == NULL || k == COUNT(filter_fields)) {
		free(d);
		return ds_error_set(err, DS_EINVAL, "f: not a filter");
	}
	value = clean_text(colon + 1, n - flen - 1, &vlen);
	if (value == NULL) {
		free(d);
		return ds_error_set(err, DS_ENOMEM, "f: out of memory");
	}
	if (vlen == 0 || vlen > limits->query_bytes) {
		free(d);
		free(value);
		if (vlen == 0)
			return ds_error_set(err, DS_EINVAL, "f: not a filter");
		return ds_error_set(err, DS_EINVAL, "f: longer than %zu bytes",
				    limits->query_bytes);
	}
	f = malloc(flen + 1 + vlen + 1);
	if (f != NULL) {
		memcpy(f, d, flen + 1);	/* the field and its ':' */
		memcpy(f + flen + 1, value, vlen + 1);
	}
	free(d);
	free(value);
	if (f == NULL)
		return ds_error_set(err, DS_ENOMEM, "f: out of memory");
	p->filters[p->nfilters++] = f;
	return 0;
}

/* The parameter `which`, given the raw (non-empty) value[0..len). */
static int
take(struct cgi_params *p, enum param which, const char *raw, size_t len,
     const struct cgi_limits *limits, struct ds_error *err)
{
	static const char *const formats[] = { "html", "json", "atom",
						 "opensearch" };
	static const char *const sorts[] = { "relevance", "date" };
	unsigned max;
	int k;

	switch (which) {
	case P_Q:
		return take_query(p, raw, len, limits, err);
	case P_PAGE:
		max = limits->max_page > 0 ? limits->max_page : 1;
		if (!parse_number(raw, len, max, &p->page))
			return ds_error_set(err, DS_EINVAL,
					    "page: not a number");
		return 0;
	case P_N:
		max = limits->max_hits > 0 ? limits->max_hits : 1;
		if (!parse_number(raw, len, max, &p->hits))
			return ds_error_set(err, DS_EINVAL, "n: not a number");
		return 0;
	case P_DB:
		if (!parse_name(raw, len, p->db)) {
			p->db[0] = '\0';
			return ds_error_set(err, DS_EINVAL,
					    "db: not a database name");
		}
		return 0;
	case P_FMT:
		k = parse_word(raw, len, formats, COUNT(formats));
		if (k < 0)
			return ds_error_set(err, DS_EINVAL,
					    "fmt: not a format");
		p->fmt = (enum cgi_format)k;
		return 0;
	case P_SORT:
		k = parse_word(raw, len, sorts, COUNT(sorts));
		if (k < 0)
			return ds_error_set(err, DS_EINVAL,
					    "sort: not an order");
		p->sort = (enum cgi_sort)k;
		return 0;
	case P_F:
		return take_filter(p, raw, len, limits, err);
	case P_UNKNOWN:
	case P_COUNT:
		break;
	}
	return 0;
}

/* One "name=value" pair, s[0..len), with seen[] the parameters taken. */
static int
one_pair(struct cgi_params *p, const char *s, size_t len, bool *seen,
	 const struct cgi_limits *limits, struct ds_error *err)
{
	const char *eq = memchr(s, '=', len), *value;
	size_t namelen, vallen;
	enum param which;

	if (eq == NULL || eq == s)
		return 0;	/* no '=' or no name: not a parameter */
	namelen = (size_t)(eq - s);
	value = eq + 1;
	vallen = len - namelen - 1;
	if (!percent_ok(s, namelen))
		return ds_error_set(err, DS_EINVAL, "a parameter's name: bad "
				    "percent-encoding");
	which = param_of(s, namelen);
	if (!percent_ok(value, vallen)) {
		if (which == P_UNKNOWN)
			return ds_error_set(err, DS_EINVAL, "an unknown "
					    "parameter: bad percent-encoding");
		return ds_error_set(err, DS_EINVAL, "%s: bad percent-encoding",
				    param_names[which]);
	}
	if (which == P_UNKNOWN || vallen == 0)
		return 0;	/* ignored; an empty value is no value */
	if (which != P_F) {
		if (seen[which])
			return 0;	/* the first one wins */
		seen[which] = true;
	}
	return take(p, which, value, vallen, limits, err);
}

int
cgi_params_parse(const char *query_string, const struct cgi_limits *limits,
		 struct cgi_params *p, struct ds_error *err)
{
	struct cgi_limits defaults;
	bool seen[P_COUNT] = { false };
	const char *s, *end, *e;
	size_t cap, len;
	int rc;

	memset(p, 0, sizeof *p);
	if (limits == NULL) {
		cgi_limits_default(&defaults);
		limits = &defaults;
	}
	p->page = 1;
	p->hits = limits->default_hits;
	if (p->hits > limits->max_hits)
		p->hits = limits->max_hits;
	if (p->hits < 1)
		p->hits = 1;
	p->fmt = CGI_FMT_HTML;
	p->sort = CGI_SORT_RELEVANCE;

	if (query_string != NULL) {
		/* Read no further than one byte past the limit. */
		cap = limits->query_string_bytes;
		len = strnlen(query_string, cap < SIZE_MAX ? cap + 1 : cap);
		if (len > cap)
			return ds_error_set(err, DS_ETOOBIG, "QUERY_STRING: "
					    "longer than %zu bytes", cap);
		s = query_string;
		end = query_string + len;
		while (s < end) {
			for (e = s; e < end && *e != '&' && *e != ';'; e++)
				;
			rc = one_pair(p, s, (size_t)(e - s), seen, limits,
				      err);
			if (rc < 0)
				return rc;
			if (e == end)
				break;
			s = e + 1;
		}
	}
	if (p->q == NULL) {
		p->q = strdup("");
		if (p->q == NULL)
			return ds_error_set(err, DS_ENOMEM, "q: out of memory");
	}
	return 0;
}

void
cgi_params_release(struct cgi_params *p)
{
	size_t i;

	if (p == NULL)
		return;
	free(p->q);
	p->q = NULL;
	for (i = 0; i < p->nfilters; i++) {
		free(p->filters[i]);
		p->filters[i] = NULL;
	}
	p->nfilters = 0;
}
