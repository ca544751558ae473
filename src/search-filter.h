/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * search-filter.h: the restrictions of a search (--filter field:value,
 * --since, --until) as one Xapian query to FILTER the user's query by.
 * Private to search.c.
 */
#ifndef DOSSIER_SEARCH_FILTER_H
#define DOSSIER_SEARCH_FILTER_H

#include "error.h"
#include "search.h"

struct xapian_query;

/*
 * Build the filter for opts: boolean terms of one field ORed, fields and
 * the date range ANDed.  *out is NULL when opts has no restriction, else a
 * new query (the caller frees it).  An unknown field, an empty value or a
 * date that can't be read is DS_EINVAL with a message naming it.
 */
int ds_search_filter_query(const struct ds_search_opts *opts,
			   struct xapian_query **out, struct ds_error *err);

/*
 * The documents dated from `since` to `until` (inclusive, either NULL or
 * "" for no bound), dates in any form date.h reads: "2012" means all of
 * 2012, so a document dated only "2012" is inside a range ending
 * 2012-06-30 too.  DS_EINVAL names a date that can't be read, calling
 * the bounds `since_name` and `until_name` ("--since", "date:").
 */
int ds_search_date_query(const char *since, const char *until,
			 const char *since_name, const char *until_name,
			 struct xapian_query **out, struct ds_error *err);

/* The filter fields, comma-separated, for messages and --help. */
const char *ds_search_filter_fields(void);

#endif /* DOSSIER_SEARCH_FILTER_H */
