/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search.c: run a query against the index and build struct ds_results. */

#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "search-filter.h"
#include "search.h"
#include "utf8.h"
#include "xapian-c.h"

/* How often a search is retried after the database moved on under it. */
#define MAX_RETRIES 3
#define MAX_LIMIT 1000
#define MAX_WILDCARD_EXPANSION 200

/*
 * BM25 parameters: k1 = 1.2, b = 0.75 scored best on the relevance
 * collections in ../shared/eval (Xapian's defaults are 1 and 0.5).
 */
#define BM25_K1 1.2
#define BM25_B 0.75

struct ds_searcher {
	char *path;
	struct xapian_database *db;
	struct xapian_stem *stem;
	struct xapian_query_parser *qp;
};

void
ds_search_opts_init(struct ds_search_opts *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->limit = 10;
	opts->snippet_bytes = 240;
	opts->sort = DS_SORT_RELEVANCE;
}

void
ds_results_init(struct ds_results *r)
{
	memset(r, 0, sizeof *r);
}

static void
hit_release(struct ds_hit *h)
{
	free(h->title);
	free(h->path);
	free(h->url);
	free(h->date);
	free(h->modified);
	free(h->publisher);
	free(h->type);
	free(h->format);
	free(h->dialect);
	free(h->lang);
	free(h->snippet);
	while (h->nidentifiers > 0)
		free(h->identifiers[--h->nidentifiers]);
	free(h->identifiers);
}

void
ds_results_release(struct ds_results *r)
{
	size_t i;

	for (i = 0; i < r->nhits; i++)
		hit_release(&r->hits[i]);
	free(r->hits);
	free(r->query);
	free(r->parsed);
	ds_results_init(r);
}

/* Turn a binding error into a ds_error about the database at path. */
static int
db_fail(struct ds_error *err, const struct xapian_error *xe, const char *path)
{
	int code = DS_EXAPIAN;

	if (xe->code == XAPIAN_E_NO_MEMORY)
		code = DS_ENOMEM;
	else if (xe->code == XAPIAN_E_DATABASE_NOT_FOUND)
		return ds_error_set(err, DS_ENOENT,
				    "%s: no Dossier database there (%s); "
				    "build one with dossier-index",
				    path, xe->message);
	else if (xe->code == XAPIAN_E_DATABASE_MODIFIED)
		code = DS_EBUSY;
	return ds_error_set(err, code, "%s: %s: %s", path, xe->type,
			    xe->message);
}

/* The query parser: stemming, fields and limits (see layout.h). */
static int
setup_parser(struct ds_searcher *s, struct xapian_error *xe)
{
	struct xapian_query_parser *qp = s->qp;

	if (xapian_query_parser_set_stemmer(qp, s->stem, xe) < 0 ||
	    xapian_query_parser_set_stemming_strategy(qp, XAPIAN_STEM_SOME,
						      xe) < 0 ||
	    xapian_query_parser_set_database(qp, s->db, xe) < 0 ||
	    xapian_query_parser_set_max_expansion(
		    qp, MAX_WILDCARD_EXPANSION,
		    XAPIAN_WILDCARD_LIMIT_MOST_FREQUENT, 0, xe) < 0 ||
	    xapian_query_parser_add_prefix(qp, "title", DS_PREFIX_TITLE, xe) < 0 ||
	    xapian_query_parser_add_prefix(qp, "author", DS_PREFIX_AUTHOR,
					   xe) < 0 ||
	    xapian_query_parser_add_prefix(qp, "heading", DS_PREFIX_HEADING,
					   xe) < 0 ||
	    xapian_query_parser_add_prefix(qp, "publisher", DS_PREFIX_PUBLISHER,
					   xe) < 0 ||
	    xapian_query_parser_add_prefix(qp, "speaker", DS_PREFIX_SPEAKER,
					   xe) < 0 ||
	    xapian_query_parser_add_boolean_prefix(qp, "type", DS_PREFIX_TYPE,
						   NULL, xe) < 0 ||
	    xapian_query_parser_add_boolean_prefix(qp, "year", DS_PREFIX_YEAR,
						   NULL, xe) < 0 ||
	    xapian_query_parser_add_boolean_prefix(qp, "site", DS_PREFIX_HOST,
						   NULL, xe) < 0 ||
	    xapian_query_parser_add_boolean_prefix(qp, "dialect",
						   DS_PREFIX_DIALECT, NULL,
						   xe) < 0 ||
	    xapian_query_parser_add_boolean_prefix(qp, "lang", DS_PREFIX_LANG,
						   NULL, xe) < 0 ||
	    xapian_query_parser_add_boolean_prefix(qp, "ext", DS_PREFIX_EXT,
						   NULL, xe) < 0 ||
	    xapian_query_parser_add_boolean_prefix(qp, "format",
						   DS_PREFIX_FORMAT, NULL,
						   xe) < 0)
		return -1;
	return 0;
}

int
ds_searcher_open(const char *db_path, struct ds_searcher **out,
		 struct ds_error *err)
{
	struct ds_searcher *s;
	struct xapian_error xe;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof *s);
	if (s == NULL || (s->path = strdup(db_path)) == NULL) {
		free(s);
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	}
	s->db = xapian_database_open(db_path, &xe);
	if (s->db == NULL) {
		rc = db_fail(err, &xe, db_path);
		goto fail;
	}
	if ((s->stem = xapian_stem_new("english", &xe)) == NULL ||
	    (s->qp = xapian_query_parser_new(&xe)) == NULL ||
	    setup_parser(s, &xe) < 0) {
		rc = db_fail(err, &xe, db_path);
		goto fail;
	}
	*out = s;
	return 0;
fail:
	ds_searcher_free(s);
	return rc;
}

void
ds_searcher_free(struct ds_searcher *s)
{
	if (s == NULL)
		return;
	xapian_query_parser_free(s->qp);
	xapian_stem_free(s->stem);
	xapian_database_free(s->db);
	free(s->path);
	free(s);
}

/* Whether the word w[0..n) is a query operator written in capitals. */
static int
is_operator(const char *w, size_t n)
{
	static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR",
					  "ADJ"};
	size_t i;

	/* Brackets may hug an operator: "(NOT". */
	while (n > 0 && *w == '(') {
		w++;
		n--;
	}
	while (n > 0 && w[n - 1] == ')')
		n--;
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t len = strlen(ops[i]);

		if (n == len && memcmp(w, ops[i], len) == 0)
			return 1;
	}
	/* NEAR/5, ADJ/3: proximity operators with a window. */
	if ((n > 5 && memcmp(w, "NEAR/", 5) == 0) ||
	    (n > 4 && memcmp(w, "ADJ/", 4) == 0))
		return 1;
	return 0;
}

char *
ds_query_fold(const char *query)
{
	size_t len = strlen(query), i = 0, olen = 0;
	struct xapian_error xe;
	char *out;

	/* Lower-casing can grow UTF-8 (rarely); leave generous room. */
	out = malloc(len * 3 + 1);
	if (out == NULL)
		return NULL;
	while (i < len) {
		size_t start = i, n;

		if (query[i] == ' ' || query[i] == '\t' || query[i] == '\n') {
			out[olen++] = ' ';
			i++;
			continue;
		}
		while (i < len && query[i] != ' ' && query[i] != '\t' &&
		       query[i] != '\n')
			i++;
		n = i - start;
		if (is_operator(query + start, n)) {
			memcpy(out + olen, query + start, n);
			olen += n;
		} else {
			size_t lower_len;
			char *lower = xapian_unicode_tolower(query + start, n,
							     &lower_len, &xe);

			if (lower == NULL || lower_len > n * 3) {
				free(lower);
				free(out);
				return NULL;
			}
			memcpy(out + olen, lower, lower_len);
			olen += lower_len;
			free(lower);
		}
	}
	out[olen] = '\0';
	return out;
}

/*
 * Undo the HTML escaping Xapian's snippet() applies (&amp; &lt; &gt;, and
 * &quot; &#39; should it ever use them), in place, in one left-to-right
 * pass so that text which itself looked like an entity survives.
 */
static void
unescape_snippet(char *s)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
		    {"&quot;", '"'}, {"&#39;", '\''}};
	char *r = s, *w = s;
	size_t i;

	while (*r) {
		if (*r == '&') {
			for (i = 0; i < sizeof ents / sizeof ents[0]; i++) {
				size_t n = strlen(ents[i].ent);

				if (strncmp(r, ents[i].ent, n) == 0) {
					*w++ = ents[i].c;
					r += n;
					break;
				}
			}
			if (i < sizeof ents / sizeof ents[0])
				continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* A copy of a JSON string member, or NULL. */
static char *
json_dup(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL && *s != '\0' ? strdup(s) : NULL;
}

/* The identifiers of the record, as cited, into hit->identifiers. */
static int
fill_identifiers(json_t *data, struct ds_hit *hit)
{
	json_t *ids = json_object_get(data, DS_DATA_IDENTIFIERS), *id;
	size_t i, n = json_array_size(ids);

	if (n == 0)
		return 0;
	hit->identifiers = calloc(n, sizeof *hit->identifiers);
	if (hit->identifiers == NULL)
		return -1;
	json_array_foreach(ids, i, id) {
		char *d = json_dup(id, DS_DATA_ID_DISPLAY);

		if (d != NULL)
			hit->identifiers[hit->nidentifiers++] = d;
	}
	return 0;
}

/* The text snippets are cut from: headings and section texts, joined. */
static char *
snippet_source(json_t *data, size_t *len)
{
	json_t *secs = json_object_get(data, DS_DATA_SECTIONS), *sec;
	size_t i, total = 0, pos = 0;
	char *text;

	json_array_foreach(secs, i, sec) {
		json_t *h = json_object_get(sec, DS_DATA_SEC_HEADING);
		json_t *t = json_object_get(sec, DS_DATA_SEC_TEXT);

		total += json_string_length(h) + json_string_length(t) + 2;
	}
	text = malloc(total + 1);
	if (text == NULL)
		return NULL;
	json_array_foreach(secs, i, sec) {
		json_t *h = json_object_get(sec, DS_DATA_SEC_HEADING);
		json_t *t = json_object_get(sec, DS_DATA_SEC_TEXT);

		if (json_string_length(h) > 0) {
			memcpy(text + pos, json_string_value(h),
			       json_string_length(h));
			pos += json_string_length(h);
			text[pos++] = '\n';
		}
		if (json_string_length(t) > 0) {
			memcpy(text + pos, json_string_value(t),
			       json_string_length(t));
			pos += json_string_length(t);
			text[pos++] = '\n';
		}
	}
	text[pos] = '\0';
	*len = pos;
	return text;
}

/* The last component of a path, for documents without a title. */
static char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strdup(slash != NULL && slash[1] != '\0' ? slash + 1 : path);
}

/* Fill hit i of the page from the mset. */
static int
fill_hit(struct ds_searcher *s, const struct xapian_mset *mset, size_t i,
	 const struct ds_search_opts *opts, struct ds_hit *hit,
	 struct xapian_error *xe)
{
	struct xapian_document *xd = NULL;
	json_t *data = NULL;
	char *raw = NULL, *src = NULL;
	size_t raw_len, src_len;
	int rc = -1;

	if (xapian_mset_get_docid(mset, i, &hit->docid, xe) < 0 ||
	    xapian_mset_get_percent(mset, i, &hit->percent, xe) < 0 ||
	    xapian_mset_get_weight(mset, i, &hit->weight, xe) < 0 ||
	    (xd = xapian_mset_get_document(mset, i, xe)) == NULL ||
	    (raw = xapian_document_get_data(xd, &raw_len, xe)) == NULL)
		goto out;
	hit->rank = (unsigned)(xapian_mset_get_firstitem(mset) + i + 1);
	data = json_loadb(raw, raw_len, 0, NULL);
	if (data == NULL) {
		/* Not a Dossier record: show what we can rather than fail. */
		hit->title = strdup("(document without a Dossier record)");
		rc = hit->title ? 0 : -1;
		goto out;
	}
	hit->path = json_dup(data, DS_DATA_PATH);
	hit->url = json_dup(data, DS_DATA_URL);
	hit->date = json_dup(data, DS_DATA_DATE);
	hit->modified = json_dup(data, DS_DATA_MODIFIED);
	hit->publisher = json_dup(data, DS_DATA_PUBLISHER);
	hit->type = json_dup(data, DS_DATA_TYPE);
	hit->format = json_dup(data, DS_DATA_FORMAT);
	hit->dialect = json_dup(data, DS_DATA_DIALECT);
	hit->lang = json_dup(data, DS_DATA_LANG);
	if (fill_identifiers(data, hit) < 0)
		goto out;
	hit->title = json_dup(data, DS_DATA_TITLE);
	if (hit->title == NULL)
		hit->title = base_name(hit->path ? hit->path : "(untitled)");
	if (hit->title == NULL)
		goto out;
	src = snippet_source(data, &src_len);
	if (src == NULL)
		goto out;
	if (src_len > 0) {
		char hs[2] = {DS_MARK_START, '\0'}, he[2] = {DS_MARK_END, '\0'};

		hit->snippet = xapian_mset_snippet(
			mset, src, src_len, opts->snippet_bytes, s->stem,
			XAPIAN_SNIPPET_BACKGROUND_MODEL |
				XAPIAN_SNIPPET_EXHAUSTIVE,
			hs, he, "\xe2\x80\xa6", NULL, xe);
		if (hit->snippet == NULL)
			goto out;
		unescape_snippet(hit->snippet);
	}
	rc = 0;
out:
	json_decref(data);
	free(src);
	free(raw);
	xapian_document_free(xd);
	return rc;
}

/*
 * Whether the folded query is just plain words (no phrases, fields,
 * operators, brackets, wildcards or +/-), splitting it into `words`.
 * Returns the number of words, or 0 if it isn't that simple or has more
 * than `max` words.
 */
static size_t
plain_words(char *folded, char **words, size_t max)
{
	size_t n = 0;
	char *p = folded, *w;

	if (strpbrk(folded, "\"():+-*&|^~[]{}") != NULL)
		return 0;
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (is_operator(w, (size_t)(p - w)) || n == max)
			return 0;
		words[n++] = w;
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

/*
 * Proximity boost: documents where adjacent query words also appear next
 * to each other rank higher.  For a query of plain words w1 w2 ... wn
 * (2 <= n <= 8) this returns (query AND_MAYBE ("w1 w2" OR "w2 w3" ...)):
 * the same documents match, but the phrase weights add to the score.
 * Returns 1 and replaces *query, 0 when the query is not of that shape,
 * or -1 on error.
 */
static int
add_proximity_boost(struct ds_searcher *s, const char *folded,
		    struct xapian_query **query, struct xapian_error *xe)
{
	struct xapian_query *pairs[7] = {NULL}, *boost = NULL, *both[2];
	char *copy, *words[8];
	size_t n, i, npairs = 0;
	int rc = -1;

	if ((copy = strdup(folded)) == NULL) {
		xe->code = XAPIAN_E_NO_MEMORY;
		snprintf(xe->type, sizeof xe->type, "std::bad_alloc");
		snprintf(xe->message, sizeof xe->message, "out of memory");
		return -1;
	}
	n = plain_words(copy, words, 8);
	if (n < 2) {
		rc = 0;
		goto out;
	}
	for (i = 0; i + 1 < n; i++) {
		char phrase[512];
		int len = snprintf(phrase, sizeof phrase, "\"%s %s\"",
				   words[i], words[i + 1]);

		if (len < 0 || (size_t)len >= sizeof phrase)
			continue;
		pairs[npairs] = xapian_query_parser_parse_query(
			s->qp, phrase, XAPIAN_QP_FLAG_PHRASE, NULL, xe);
		if (pairs[npairs] == NULL)
			goto out;
		/* A pair that lost a word to the parser is no phrase. */
		if (xapian_query_get_length(pairs[npairs]) < 2) {
			xapian_query_free(pairs[npairs]);
			pairs[npairs] = NULL;
			continue;
		}
		npairs++;
	}
	if (npairs == 0) {
		rc = 0;
		goto out;
	}
	boost = xapian_query_new_combine(XAPIAN_QUERY_OP_OR, pairs, npairs, 0,
					 xe);
	if (boost == NULL)
		goto out;
	both[0] = *query;
	both[1] = boost;
	both[0] = xapian_query_new_combine(XAPIAN_QUERY_OP_AND_MAYBE, both, 2,
					   0, xe);
	if (both[0] == NULL)
		goto out;
	xapian_query_free(*query);
	*query = both[0];
	rc = 1;
out:
	for (i = 0; i < npairs; i++)
		xapian_query_free(pairs[i]);
	xapian_query_free(boost);
	free(copy);
	return rc;
}

/*
 * Restrict *query to the documents `filter` (may be NULL) lets through.  A
 * query with no words and a filter lists every document that passes.
 */
static int
apply_filter(struct xapian_query **query, const struct xapian_query *filter,
	     struct xapian_error *xe)
{
	struct xapian_query *both[2], *r;

	if (filter == NULL)
		return 0;
	if (xapian_query_empty(*query)) {
		xapian_query_free(*query);
		*query = xapian_query_new_match_all(xe);
		if (*query == NULL)
			return -1;
	}
	both[0] = *query;
	both[1] = (struct xapian_query *)filter;
	r = xapian_query_new_combine(XAPIAN_QUERY_OP_FILTER, both, 2, 0, xe);
	if (r == NULL)
		return -1;
	xapian_query_free(*query);
	*query = r;
	return 0;
}

/* One attempt at the search; -1 with *xe set on a Xapian failure. */
static int
run_once(struct ds_searcher *s, const struct ds_search_opts *opts,
	 struct xapian_query *query, struct ds_results *r,
	 struct xapian_error *xe)
{
	struct xapian_enquire *enq = NULL;
	struct xapian_mset *mset = NULL;
	unsigned limit = opts->limit ? opts->limit : 10;
	size_t i, n;
	int rc = -1;

	if (limit > MAX_LIMIT)
		limit = MAX_LIMIT;
	if ((enq = xapian_enquire_new(s->db, xe)) == NULL ||
	    xapian_enquire_set_query(enq, query, 0, xe) < 0 ||
	    xapian_enquire_set_weighting_scheme_bm25(enq, BM25_K1, 0, 1,
						     BM25_B, 0.5, xe) < 0)
		goto out;
	if (opts->sort == DS_SORT_DATE &&
	    xapian_enquire_set_sort_by_value_then_relevance(enq, DS_SLOT_DATE,
							    true, xe) < 0)
		goto out;
	mset = xapian_enquire_get_mset(enq, opts->offset, limit, 0, NULL, xe);
	if (mset == NULL || xapian_database_get_doccount(s->db, &r->doccount,
							 xe) < 0)
		goto out;
	r->offset = opts->offset;
	r->estimated = xapian_mset_get_matches_estimated(mset);
	r->lower_bound = xapian_mset_get_matches_lower_bound(mset);
	r->upper_bound = xapian_mset_get_matches_upper_bound(mset);
	n = xapian_mset_size(mset);
	if (n > 0) {
		r->hits = calloc(n, sizeof *r->hits);
		if (r->hits == NULL) {
			xe->code = XAPIAN_E_NO_MEMORY;
			snprintf(xe->type, sizeof xe->type, "std::bad_alloc");
			snprintf(xe->message, sizeof xe->message,
				 "out of memory");
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		r->nhits = i + 1;
		if (fill_hit(s, mset, i, opts, &r->hits[i], xe) < 0)
			goto out;
	}
	rc = 0;
out:
	xapian_mset_free(mset);
	xapian_enquire_free(enq);
	return rc;
}

int
ds_search(struct ds_searcher *s, const struct ds_search_opts *opts,
	  struct ds_results *r, struct ds_error *err)
{
	struct xapian_query *query = NULL, *filter = NULL;
	struct xapian_error xe;
	char *folded = NULL, *parsed = NULL, *given = NULL;
	unsigned flags;
	int attempt, rc = 0;

	ds_results_release(r);
	if (opts->query == NULL)
		return ds_error_set(err, DS_EINVAL, "no query given");
	if (!ds_utf8_valid(opts->query, strlen(opts->query)))
		return ds_error_set(err, DS_EQUERY,
				    "the query is not valid UTF-8 text");
	if ((given = strdup(opts->query)) == NULL ||
	    (folded = ds_query_fold(opts->query)) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}

	flags = XAPIAN_QP_FLAG_DEFAULT | XAPIAN_QP_FLAG_WILDCARD |
		XAPIAN_QP_FLAG_PURE_NOT;
	query = xapian_query_parser_parse_query(s->qp, folded, flags, NULL, &xe);
	if (query == NULL) {
		if (xe.code == XAPIAN_E_QUERY_PARSER)
			rc = ds_error_set(err, DS_EQUERY, "malformed query: %s",
					  xe.message);
		else
			rc = db_fail(err, &xe, s->path);
		goto out;
	}
	if (add_proximity_boost(s, folded, &query, &xe) < 0 ||
	    (rc = ds_search_filter_query(opts, &filter, err)) < 0 ||
	    apply_filter(&query, filter, &xe) < 0) {
		if (rc == 0)
			rc = db_fail(err, &xe, s->path);
		goto out;
	}
	if ((parsed = xapian_query_get_description(query, &xe)) == NULL) {
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	for (attempt = 0;; attempt++) {
		if (run_once(s, opts, query, r, &xe) == 0)
			break;
		ds_results_release(r);	/* nothing of a failed attempt stays */
		if (xe.code == XAPIAN_E_WILDCARD) {
			rc = ds_error_set(err, DS_EQUERY,
					  "a wildcard matches too many words "
					  "(more than %d): make it longer",
					  MAX_WILDCARD_EXPANSION);
			goto out;
		}
		if (xe.code != XAPIAN_E_DATABASE_MODIFIED ||
		    attempt >= MAX_RETRIES) {
			rc = db_fail(err, &xe, s->path);
			goto out;
		}
		/* The index moved on (a reindex committed): catch up. */
		if (xapian_database_reopen(s->db, &xe) < 0) {
			rc = db_fail(err, &xe, s->path);
			goto out;
		}
	}
	r->query = given;
	r->parsed = parsed;
	given = parsed = NULL;
	rc = 0;
out:
	xapian_query_free(filter);
	xapian_query_free(query);
	free(folded);
	free(parsed);
	free(given);
	return rc;
}
