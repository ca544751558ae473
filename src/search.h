/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * search.h: query string + options -> struct ds_results.
 *
 * This is the one result model every front end shares: dossier-query and
 * dossier.cgi differ only in how they read options and which renderer they
 * call.  A searcher holds an open database (a directory or a stub file of
 * shards) and a configured query parser; ds_search() runs one query and
 * fills a results struct with plain data the renderers can use without
 * touching Xapian.
 *
 * Snippets are UTF-8 plain text in which each matched passage is wrapped in
 * DS_MARK_START ... DS_MARK_END (control characters that never occur in
 * indexed text); renderers turn the marks into colour, <mark> or nothing.
 */
#ifndef DOSSIER_SEARCH_H
#define DOSSIER_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define DS_MARK_START '\x02'
#define DS_MARK_END '\x03'

enum ds_sort {
	DS_SORT_RELEVANCE = 0,	/* best match first (BM25) */
	DS_SORT_DATE		/* newest first, then by relevance */
};

/* At most this many --filter restrictions in one search. */
#define DS_MAX_FILTERS 32

struct ds_search_opts {
	const char *query;	/* the user's query text (UTF-8) */
	/*
	 * Restrictions, "field:value" (publisher, type, lang, format,
	 * dialect, ext, year, site, id): values of one field are ORed,
	 * different fields ANDed.  since/until are dates in any form
	 * date.h reads ("2012", "2012-06", "30/6/2012"), inclusive.
	 */
	const char *filters[DS_MAX_FILTERS];
	size_t nfilters;
	const char *since;
	const char *until;
	unsigned offset;	/* rank of the first hit wanted, from 0 */
	unsigned limit;		/* hits wanted (default 10, at most 1000) */
	size_t snippet_bytes;	/* about how long a snippet is (default 240) */
	enum ds_sort sort;
};

/* Fill opts with the defaults (no query). */
void ds_search_opts_init(struct ds_search_opts *opts);

struct ds_hit {
	unsigned rank;		/* 1-based position in the whole result list */
	uint32_t docid;
	int percent;		/* Xapian's relevance percentage */
	double weight;
	char *title;		/* never NULL: falls back to the file name */
	char *path;
	char *url;
	char *date;		/* ISO 8601 ("YYYY-MM-DD", "YYYY-MM", "YYYY") */
	char *modified;		/* ISO 8601, or NULL */
	char *publisher;
	char *type;
	char *format;
	char *dialect;
	char *lang;
	char **identifiers;	/* as cited: "HC 1234 (2013-14)" */
	size_t nidentifiers;
	char *snippet;		/* with DS_MARK_START/END, or NULL */
};

struct ds_results {
	char *query;		/* the query as given */
	char *parsed;		/* Xapian's description of the parsed query */
	unsigned offset;	/* rank - 1 of hits[0] */
	uint32_t estimated;	/* estimated number of matching documents */
	uint32_t lower_bound;
	uint32_t upper_bound;
	uint32_t doccount;	/* documents in the database */
	struct ds_hit *hits;
	size_t nhits;
};

void ds_results_init(struct ds_results *r);
void ds_results_release(struct ds_results *r);

struct ds_searcher;

/*
 * Open the database at `db_path` (a directory or stub file) for searching.
 * A missing database is DS_ENOENT, one that can't be opened DS_EXAPIAN;
 * both name the path.
 */
int ds_searcher_open(const char *db_path, struct ds_searcher **out,
		     struct ds_error *err);

/*
 * Run one search.  `results` must be initialised; it is released and
 * refilled.  A malformed query is DS_EQUERY with a message saying what is
 * wrong; a database that keeps changing under the reader is retried after
 * reopening and, failing that, DS_EBUSY.  An unknown filter field or a
 * date that can't be read is DS_EINVAL naming it.  An empty query matches
 * nothing (zero hits, not an error), unless filters are given: then it
 * matches every document they let through.
 */
int ds_search(struct ds_searcher *s, const struct ds_search_opts *opts,
	      struct ds_results *results, struct ds_error *err);

void ds_searcher_free(struct ds_searcher *s);

/*
 * Fold the query text for parsing: lower-case everything except the
 * boolean operators AND, OR, NOT, XOR and NEAR/ADJ written in capitals,
 * so that words are stemmed whatever their case while operators stay
 * operators.  Returns a new string (the caller's) or NULL.
 */
char *ds_query_fold(const char *query);

#endif /* DOSSIER_SEARCH_H */
