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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define DS_MARK_START '\x02'
#define DS_MARK_END '\x03'

enum ds_sort {
	DS_SORT_RELEVANCE = 0,	/* best match first (BM25) */
	DS_SORT_DATE		/* newest first, then by relevance */
};

/*
 * The longest query searched, in bytes.  Xapian's parser and optimiser
 * recurse over a query's terms: a 180 kB query took longer than 15 s
 * (found by tests/fuzz/fuzz-query: time grows with the square of the
 * length), one of this size about a quarter of a second.
 */
#define DS_QUERY_MAX_BYTES 8192

/* At most this many --filter restrictions in one search. */
#define DS_MAX_FILTERS 32

/* The facets ds_search() can count (ds_search_opts.facets). */
enum ds_facet_kind {
	DS_FACET_PUBLISHER = 1 << 0,
	DS_FACET_TYPE = 1 << 1,
	DS_FACET_YEAR = 1 << 2
};

/*
 * How documents are ranked.  ds_ranking_default() gives Dossier's
 * defaults, chosen on the relevance collections of ../shared/eval (see
 * bench/RESULTS.md); the knobs are there to reproduce or compare.
 */
struct ds_ranking {
	double k1, b;		/* BM25's term frequency and length */
	bool stopwords;		/* drop English stop words from queries */
	double proximity;	/* the weight of the boost for adjacent query
				   words found together (0: none) */
	unsigned feedback_docs;	/* pseudo-relevance feedback: the top N
				   documents (0: none) ... */
	unsigned feedback_terms;	/* ... give this many terms ... */
	double feedback_weight;	/* ... added at this weight */
};

/* Dossier's default ranking. */
void ds_ranking_default(struct ds_ranking *rk);

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
	unsigned snippets;	/* passages per hit, from the best-matching
				   sections (default 1, at most 10; 0: none) */
	enum ds_sort sort;
	unsigned facets;	/* DS_FACET_* to count over all matches */
	/*
	 * Find documents like this one instead of (or as well as) the
	 * query's: a document id, or a document's identity (path, record
	 * id or URL as indexed).
	 */
	const char *like;
	struct ds_ranking ranking;
	bool no_collapse;	/* keep documents with the same content */
	bool no_expand;		/* don't add other names of public bodies */
	bool no_suggest;	/* no "did you mean" */
};

/* Fill opts with the defaults (no query). */
void ds_search_opts_init(struct ds_search_opts *opts);

/*
 * A passage of a hit, and where it sits in the document: the section it
 * was cut from, under its headings.
 */
struct ds_snippet {
	char *text;		/* with DS_MARK_START/END */
	unsigned section;	/* the section's index in the document, from 0 */
	char *breadcrumb;	/* the headings it sits under, outermost
				   first, joined by " > ", or NULL */
	char *anchor;		/* the id of the nearest of those headings
				   that has one (url#anchor links there), or
				   NULL */
	char *speaker;		/* who said it (debates), or NULL */
};

/* An identifier researchers cite, as extracted (doc.h's ds_ident). */
struct ds_hit_ident {
	char *scheme;		/* "hc", "cm", "isbn"... */
	char *value;		/* "1234" */
	char *session;		/* "2013-14", or NULL */
	char *display;		/* "HC 1234 (2013-14)" */
};

struct ds_hit {
	unsigned rank;		/* 1-based position in the whole result list */
	uint32_t docid;
	int percent;		/* Xapian's relevance percentage */
	double weight;
	char *id;		/* its identity: a record's id, else the path */
	char *title;		/* never NULL: falls back to the file name */
	char *path;
	char *url;		/* where to link (file: URL for local files) */
	char *date;		/* ISO 8601 ("YYYY-MM-DD", "YYYY-MM", "YYYY") */
	char *modified;		/* ISO 8601, or NULL */
	char *publisher;
	char *author;
	char *description;
	char *type;
	char *format;
	char *dialect;
	char *lang;
	struct ds_hit_ident *identifiers;
	size_t nidentifiers;
	struct ds_snippet *snippets;	/* best first */
	size_t nsnippets;
	uint32_t duplicates;	/* other documents with the same content,
				   folded into this one */
};

/* How many matching documents have each value of a field. */
struct ds_facet_count {
	char *value;
	uint32_t count;
};

struct ds_facet {
	const char *name;	/* "publisher", "type", "year" (static) */
	struct ds_facet_count *counts;	/* most frequent first */
	size_t ncounts;
};

/* Other names the search added for a name in the query. */
struct ds_expansion {
	char *name;		/* as the query had it: "DWP" */
	char **alternatives;	/* "department for work and pensions" */
	size_t nalternatives;
};

struct ds_results {
	char *query;		/* the query as given */
	char *parsed;		/* Xapian's description of the parsed query */
	unsigned offset;	/* rank - 1 of hits[0] */
	uint32_t estimated;	/* estimated number of matching documents */
	uint32_t lower_bound;
	uint32_t upper_bound;
	uint32_t doccount;	/* documents in the database */
	uint64_t revision;	/* the database's revision (a single one;
				   0 for several shards) */
	char *uuid;		/* the database's UUID, or NULL */
	char *suggestion;	/* "did you mean": the query corrected from
				   the index's spelling data, or NULL */
	struct ds_expansion *expansions;
	size_t nexpansions;
	struct ds_facet *facets;
	size_t nfacets;
	struct ds_hit *hits;
	size_t nhits;
	uint32_t shards;	/* shards the database path lists */
	uint32_t shards_answered; /* fewer when some were left out
				     (ds_shard_opts.partial) */
	char *shards_missing;	/* then: the first one left out and why */
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
 * Remote shards: stub lines "remote HOST:PORT" (stub.h), served by
 * xapian-tcpsrv.  A shard that does not answer within the limits fails
 * the search with DS_EUNAVAIL naming it, or, with `partial`, is left out
 * while another answers: the results then say how many answered, and
 * a searcher refreshed (ds_searcher_refresh()) 10 s or more later tries
 * the missing ones again.
 */
struct ds_shard_opts {
	unsigned timeout_ms;		/* each exchange; 0: 10 s */
	unsigned connect_timeout_ms;	/* connecting; 0: 10 s */
	bool partial;			/* search the shards that answer */
};

/* ds_searcher_open() with these limits (NULL: the defaults). */
int ds_searcher_open_shards(const char *db_path,
			    const struct ds_shard_opts *opts,
			    struct ds_searcher **out, struct ds_error *err);

/*
 * Run one search.  `results` must be initialised; it is released and
 * refilled.  A malformed query is DS_EQUERY with a message saying what is
 * wrong; a database that keeps changing under the reader is retried after
 * reopening and, failing that, DS_EBUSY.  An unknown filter field or a
 * date that can't be read is DS_EINVAL naming it.  An empty query matches
 * nothing (zero hits, not an error), unless filters are given: then it
 * matches every document they let through.  A query of more than
 * DS_QUERY_MAX_BYTES is DS_ETOOBIG, before any work.
 */
int ds_search(struct ds_searcher *s, const struct ds_search_opts *opts,
	      struct ds_results *results, struct ds_error *err);

/*
 * Bring a long-lived searcher (FastCGI) up to the database's latest
 * commit: Xapian's reopen, or, when the path now names another database
 * (a --rebuild switched it), that one opened in its place.  The failures
 * of ds_searcher_open(); on failure the searcher keeps what it had.
 */
int ds_searcher_refresh(struct ds_searcher *s, struct ds_error *err);

/*
 * What names the state of the searcher's database as it was opened or
 * last refreshed, so that answers computed from it can be kept until it
 * changes: "UUID@REVISION" into buf (a rebuilt database has another
 * UUID, every commit another revision).  0, or 1 when no such name can
 * be given (several shards: Xapian keeps no revision across them), or
 * DS_ETOOBIG when buf is too small, or the errors of a search (DS_EBUSY,
 * DS_EXAPIAN...) when Xapian fails.
 */
int ds_searcher_state(struct ds_searcher *s, char *buf, size_t size,
		      struct ds_error *err);

void ds_searcher_free(struct ds_searcher *s);

/*
 * Fold the query text for parsing: lower-case everything except the
 * boolean operators AND, OR, NOT, XOR and NEAR/ADJ written in capitals,
 * so that words are stemmed whatever their case while operators stay
 * operators.  Returns a new string (the caller's) or NULL.
 */
char *ds_query_fold(const char *query);

#endif /* DOSSIER_SEARCH_H */
