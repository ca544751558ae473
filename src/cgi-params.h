/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgi-params.h: a web request's parameters, read strictly.
 *
 * dossier.cgi takes its parameters from QUERY_STRING (GET; RFC 3875) and
 * nothing else: never argv (CVE-2001-0834), never a path.  Every value is
 * checked before any work is done, as ../shared/RELIABILITY.md section
 * 2.4 asks:
 *
 *   q      the query (UTF-8; '+' is a space; at most limits->query_bytes
 *          bytes once decoded; invalid UTF-8 is replaced by U+FFFD; a
 *          NUL byte (%00) and control characters other than tab become
 *          spaces, so no C string is ever cut short)
 *   page   the page, from 1 (decimal digits only: no sign, no "0x", no
 *          exponent; clamped to 1..limits->max_page)
 *   n      hits per page (decimal; clamped to 1..limits->max_hits)
 *   db     a database name from the configuration: [a-z0-9_-]{1,32}
 *   fmt    html (default), json or atom
 *   sort   relevance (default) or date
 *   f      a filter "field:value" (publisher, type, year), repeatable
 *          (at most CGI_MAX_FILTERS)
 *
 * Percent-encoding must be well formed: "%" not followed by two hex
 * digits is an error (a 400 page), never decoded as something else.  A
 * parameter given twice keeps its first value (f excepted).  Unknown
 * parameters are ignored.  An enum or name that is not valid is an error
 * naming the parameter, never echoed (CVE-2007-6110).
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

/* Safe defaults: 8 KiB, 1 KiB, 1000, 100, 10. */
void cgi_limits_default(struct cgi_limits *l);

enum cgi_format { CGI_FMT_HTML = 0, CGI_FMT_JSON, CGI_FMT_ATOM };
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
 * What went wrong with a request, for the status line: 0 (none), 400
 * (malformed: bad percent-encoding, bad name or enum, query too long) or
 * 414 (QUERY_STRING too long, refused before it is read).
 */
int cgi_params_status(const struct ds_error *err);

/*
 * Parse `query_string` (may be NULL: no parameters) into *p under
 * `limits`.  Returns 0, or a negative DS_E* with err naming the
 * parameter ("page: not a number"; never the value); err->code is
 * DS_EINVAL for a 400, DS_ETOOBIG for a 414, DS_ENOMEM.  *p is always
 * initialised and must be released, also after a failure.
 */
int cgi_params_parse(const char *query_string,
		     const struct cgi_limits *limits, struct cgi_params *p,
		     struct ds_error *err);

void cgi_params_release(struct cgi_params *p);

#endif /* DOSSIER_CGI_PARAMS_H */
