/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgi-params.h: a web request's parameters, read strictly.
 *
 * dossier.cgi takes its parameters from QUERY_STRING (GET; RFC 3875) and
 * nothing else: never argv (CVE-2001-0834), never a path.  Every value is
 * checked before any work is done, as ../shared/RELIABILITY.md section
 * 2.4 asks:
 *
 *   q      the query (UTF-8; '+' is a space; invalid UTF-8 is replaced
 *          by U+FFFD, one per bad byte; a NUL byte (%00) and control
 *          characters other than tab (C0, DEL, C1) become spaces, so no C
 *          string is ever cut short; spaces and tabs at either end are
 *          trimmed; then at most limits->query_bytes bytes)
 *   page   the page, from 1 (decimal digits only: no sign, no space, no
 *          "0x", no exponent; clamped to 1..limits->max_page, so 0 is 1
 *          and a number of any size, page=99999999999999999999999 too,
 *          is max_page: a large number is never an error)
 *   n      hits per page (the same digits; clamped to 1..limits->max_hits)
 *   db     a database name from the configuration: [a-z0-9_-]{1,32}
 *   fmt    html (default), json, atom or opensearch (the description
 *          document of the site's search)
 *   sort   relevance (default) or date
 *   f      a filter "field:value" (field publisher, type or year; the
 *          value cleaned like q, non-empty, at most limits->query_bytes
 *          bytes), repeatable (at most CGI_MAX_FILTERS)
 *
 * Pairs are separated by '&' or ';' (HTML 4's recommendation for ';').
 * Names and values are percent-decoded, '+' as a space.  Percent-encoding
 * must be well formed in every name=value pair, also those ignored:
 * "%" not followed by two hex digits is an error (a 400 page), never
 * decoded as something else.  A pair without '=' or with an empty name is
 * ignored, and so is an empty value ("page=" as if page were not given,
 * as an HTML form sends an empty field).  A parameter given twice keeps
 * its first non-empty value and the later ones are not looked at beyond
 * their percent-encoding (f excepted: each counts).  Unknown parameters
 * are ignored.  An enum, name or number that is not valid is an error
 * naming the parameter, never echoing it (CVE-2007-6110); nor are the
 * names of unknown parameters echoed.  Names and enums are lower case
 * exactly ("fmt=JSON" is an error).
 *
 * Nothing allocated is larger than a small multiple of the QUERY_STRING,
 * whose length is checked first, and the string is not read past
 * limits->query_string_bytes + 1 bytes.
 */
#ifndef DOSSIER_CGI_PARAMS_H
#define DOSSIER_CGI_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define CGI_MAX_FILTERS 16
#define CGI_NAME_MAX 32

/* The limits a request is held to (from the configuration). */
struct cgi_limits {
	size_t query_string_bytes;	/* QUERY_STRING longer: 414 */
	size_t query_bytes;		/* q longer, decoded: 400 */
	unsigned max_page;		/* page clamped to 1..max_page */
	unsigned max_hits;		/* n clamped to 1..max_hits */
	unsigned default_hits;		/* n when not given */
};

/* Safe defaults: 8 KiB, 1 KiB, 1000, 100, 10.  A max_page or max_hits of
 * 0 counts as 1; default_hits is clamped to 1..max_hits. */
void cgi_limits_default(struct cgi_limits *l);

enum cgi_format {
	CGI_FMT_HTML = 0,
	CGI_FMT_JSON,
	CGI_FMT_ATOM,
	CGI_FMT_OPENSEARCH
};
enum cgi_sort { CGI_SORT_RELEVANCE = 0, CGI_SORT_DATE };

struct cgi_params {
	char *q;		/* decoded, cleaned; "" when absent */
	unsigned page;		/* 1.. */
	unsigned hits;		/* per page */
	char db[CGI_NAME_MAX + 1];	/* "" when absent */
	enum cgi_format fmt;
	enum cgi_sort sort;
	char *filters[CGI_MAX_FILTERS];	/* "field:value", decoded */
	size_t nfilters;
};

/*
 * What went wrong with a request, for the status line: 0 (none; also for
 * a NULL err), 400 (DS_EINVAL: malformed: bad percent-encoding, bad name,
 * enum or number, query too long), 414 (DS_ETOOBIG: QUERY_STRING too
 * long, refused before it is read) or 500 (anything else: out of memory).
 */
int cgi_params_status(const struct ds_error *err);

/*
 * Parse `query_string` (may be NULL: no parameters) into *p under
 * `limits` (NULL: cgi_limits_default()).  Returns 0, or a negative DS_E*
 * with err naming the parameter ("page: not a number"; never the value);
 * err->code is DS_EINVAL for a 400, DS_ETOOBIG for a 414, DS_ENOMEM.  The
 * first error in the string is the one reported.  *p is always
 * initialised and must be released, also after a failure; after a
 * failure its fields are not to be used (q may be NULL).  Strings in *p
 * are its own, freed by cgi_params_release().
 */
int cgi_params_parse(const char *query_string,
		     const struct cgi_limits *limits, struct cgi_params *p,
		     struct ds_error *err);

/* Free what *p holds (p may be NULL); releasing twice is harmless. */
void cgi_params_release(struct cgi_params *p);

#endif /* DOSSIER_CGI_PARAMS_H */
