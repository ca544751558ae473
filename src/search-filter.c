/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search-filter.c: --filter, --since and --until as a Xapian query. */

#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ident.h"
#include "layout.h"
#include "search-filter.h"
#include "xapian-c.h"

/* How a filter field's value becomes a boolean term. */
enum fold {
	FOLD_NONE,	/* as given */
	FOLD_LOWER,	/* lower-cased (Unicode) */
	FOLD_IDENT	/* an identifier: "HC 1234" or "hc:1234" */
};

static const struct field {
	const char *name;
	const char *prefix;
	enum fold fold;
} fields[] = {
	{"publisher", DS_PREFIX_ORG, FOLD_LOWER},
	{"type", DS_PREFIX_TYPE, FOLD_LOWER},
	{"lang", DS_PREFIX_LANG, FOLD_LOWER},
	{"format", DS_PREFIX_FORMAT, FOLD_LOWER},
	{"dialect", DS_PREFIX_DIALECT, FOLD_LOWER},
	{"ext", DS_PREFIX_EXT, FOLD_LOWER},
	{"year", DS_PREFIX_YEAR, FOLD_NONE},
	{"site", DS_PREFIX_HOST, FOLD_LOWER},
	{"id", DS_PREFIX_IDENT, FOLD_IDENT},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

const char *
ds_search_filter_fields(void)
{
	return "publisher, type, lang, format, dialect, ext, year, site, id";
}

/*
 * The identifier term value for an id filter: "hc:1234" as given, or the
 * first identifier recognised in text like "HC 1234 2013-14".
 */
static char *
ident_value(const char *v, struct ds_error *err)
{
	struct ds_doc doc;
	char *out = NULL;

	if (strchr(v, ':') != NULL)
		return strdup(v);
	ds_doc_init(&doc);
	if (ds_ident_scan(&doc, v, strlen(v), 1, err) > 0) {
		const struct ds_ident *id = &doc.idents[0];
		size_t n = strlen(id->scheme) + strlen(id->value) +
			   (id->session ? strlen(id->session) + 1 : 0) + 2;

		if ((out = malloc(n)) != NULL)
			snprintf(out, n, "%s:%s%s%s", id->scheme, id->value,
				 id->session ? ":" : "",
				 id->session ? id->session : "");
	} else {
		ds_error_set(err, DS_EINVAL, "--filter id:%s: not an "
			     "identifier Dossier knows (e.g. \"HC 1234\", "
			     "\"Cm 9876\", an ISBN, or scheme:value)", v);
	}
	ds_doc_release(&doc);
	return out;
}

/* The boolean term for field f and value v (a new string) or NULL. */
static char *
filter_term(const struct field *f, const char *v, struct ds_error *err)
{
	struct xapian_error xe;
	char *value = NULL, *term;
	size_t n;

	switch (f->fold) {
	case FOLD_NONE:
		value = strdup(v);
		break;
	case FOLD_LOWER:
		value = xapian_unicode_tolower(v, strlen(v), NULL, &xe);
		break;
	case FOLD_IDENT:
		if ((value = ident_value(v, err)) == NULL)
			return NULL;
		break;
	}
	if (value == NULL) {
		ds_error_set(err, DS_ENOMEM, "out of memory");
		return NULL;
	}
	n = strlen(f->prefix) + strlen(value) + 1;
	if ((term = malloc(n)) != NULL)
		snprintf(term, n, "%s%s", f->prefix, value);
	else
		ds_error_set(err, DS_ENOMEM, "out of memory");
	free(value);
	return term;
}

/*
 * The slot bound for a date limit: since "2012" is "20120000", until
 * "2014" is "20149999", so that documents dated only by year or month
 * fall inside the range their precision allows.
 */
static int
date_bound(const char *opt, const char *v, bool upper, char out[9],
	   struct ds_error *err)
{
	char iso[DS_DATE_SIZE];
	int prec = ds_date_parse(v, strlen(v), DS_DATE_DAY_FIRST, iso);

	if (prec == 0)
		return ds_error_set(err, DS_EINVAL,
				    "%s %s: not a date (try 2014, 2014-06 or "
				    "2014-06-30)", opt, v);
	memcpy(out, upper ? "99999999" : "00000000", 9);
	memcpy(out, iso, 4);
	if (prec >= 2)
		memcpy(out + 4, iso + 5, 2);
	if (prec >= 3)
		memcpy(out + 6, iso + 8, 2);
	return 0;
}

int
ds_search_date_query(const char *since, const char *until,
		     const char *since_name, const char *until_name,
		     struct xapian_query **out, struct ds_error *err)
{
	struct xapian_error xe;
	char lo[9], hi[9];
	int rc;

	*out = NULL;
	if (since != NULL && *since == '\0')
		since = NULL;
	if (until != NULL && *until == '\0')
		until = NULL;
	if ((since != NULL &&
	     (rc = date_bound(since_name, since, false, lo, err)) < 0) ||
	    (until != NULL &&
	     (rc = date_bound(until_name, until, true, hi, err)) < 0))
		return rc;
	if (since != NULL && until != NULL)
		*out = xapian_query_new_value_range(DS_SLOT_DATE, lo, 8, hi, 8,
						    &xe);
	else if (since != NULL)
		*out = xapian_query_new_value_compare(XAPIAN_QUERY_OP_VALUE_GE,
						      DS_SLOT_DATE, lo, 8, &xe);
	else if (until != NULL)
		*out = xapian_query_new_value_compare(XAPIAN_QUERY_OP_VALUE_LE,
						      DS_SLOT_DATE, hi, 8, &xe);
	else
		return ds_error_set(err, DS_EINVAL, "a date range needs a "
				    "beginning or an end");
	if (*out == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	return 0;
}

/* AND `q` into *acc (both owned; *acc may be NULL). */
static int
and_into(struct xapian_query **acc, struct xapian_query *q,
	 struct xapian_error *xe)
{
	struct xapian_query *both[2], *r;

	if (*acc == NULL) {
		*acc = q;
		return 0;
	}
	both[0] = *acc;
	both[1] = q;
	r = xapian_query_new_combine(XAPIAN_QUERY_OP_AND, both, 2, 0, xe);
	xapian_query_free(q);
	if (r == NULL)
		return -1;
	xapian_query_free(*acc);
	*acc = r;
	return 0;
}

/* The OR of the terms given for field f (NULL if none was given). */
static int
field_query(const struct ds_search_opts *opts, const struct field *f,
	    struct xapian_query **out, struct ds_error *err)
{
	struct xapian_query *terms[DS_MAX_FILTERS];
	struct xapian_error xe;
	size_t i, n = 0, len = strlen(f->name);
	int rc = 0;

	*out = NULL;
	for (i = 0; i < opts->nfilters && i < DS_MAX_FILTERS; i++) {
		const char *spec = opts->filters[i];
		char *term;

		if (strncmp(spec, f->name, len) != 0 || spec[len] != ':')
			continue;
		if (spec[len + 1] == '\0') {
			rc = ds_error_set(err, DS_EINVAL, "--filter %s: no "
					  "value after the colon", spec);
			goto out;
		}
		if ((term = filter_term(f, spec + len + 1, err)) == NULL) {
			rc = err ? err->code : DS_ENOMEM;
			goto out;
		}
		terms[n] = xapian_query_new_term(term, 1, 0, &xe);
		free(term);
		if (terms[n] == NULL) {
			rc = ds_error_set(err, DS_ENOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	if (n > 0 && (*out = xapian_query_new_combine(XAPIAN_QUERY_OP_OR, terms,
						      n, 0, &xe)) == NULL)
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
out:
	for (i = 0; i < n; i++)
		xapian_query_free(terms[i]);
	return rc;
}

/* Whether every filter names a known field. */
static int
check_fields(const struct ds_search_opts *opts, struct ds_error *err)
{
	size_t i, k;

	if (opts->nfilters > DS_MAX_FILTERS)
		return ds_error_set(err, DS_EINVAL, "at most %d filters",
				    DS_MAX_FILTERS);
	for (i = 0; i < opts->nfilters; i++) {
		const char *spec = opts->filters[i];
		const char *colon = strchr(spec, ':');

		for (k = 0; colon != NULL && k < NFIELDS; k++)
			if ((size_t)(colon - spec) == strlen(fields[k].name) &&
			    strncmp(spec, fields[k].name, (size_t)(colon - spec)) == 0)
				break;
		if (colon == NULL || k == NFIELDS)
			return ds_error_set(err, DS_EINVAL,
					    "--filter %s: use FIELD:VALUE with "
					    "FIELD one of %s", spec,
					    ds_search_filter_fields());
	}
	return 0;
}

int
ds_search_filter_query(const struct ds_search_opts *opts,
		       struct xapian_query **out, struct ds_error *err)
{
	struct xapian_query *acc = NULL, *q = NULL;
	struct xapian_error xe;
	size_t k;
	int rc;

	*out = NULL;
	if ((rc = check_fields(opts, err)) < 0)
		return rc;
	for (k = 0; k < NFIELDS; k++) {
		if ((rc = field_query(opts, &fields[k], &q, err)) < 0)
			goto fail;
		if (q != NULL && and_into(&acc, q, &xe) < 0)
			goto nomem;
	}
	if ((opts->since != NULL || opts->until != NULL) &&
	    ((rc = ds_search_date_query(opts->since, opts->until, "--since",
					"--until", &q, err)) < 0 ||
	     and_into(&acc, q, &xe) < 0)) {
		if (rc < 0)
			goto fail;
		goto nomem;
	}
	*out = acc;
	return 0;
nomem:
	rc = ds_error_set(err, DS_ENOMEM, "out of memory");
fail:
	xapian_query_free(acc);
	return rc;
}
