/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search.c: run a query against the index and build struct ds_results. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "date.h"
#include "layout.h"
#include "search-expand.h"
#include "search-filter.h"
#include "search-hit.h"
#include "search-shards.h"
#include "search.h"
#include "utf8.h"
#include "xapian-c.h"

/* How often a search is retried after the database moved on under it. */
#define MAX_RETRIES 3
#define MAX_LIMIT 1000
/* A wildcard stands for its 200 most frequent words, never an error. */
#define MAX_WILDCARD_EXPANSION 200

/*
 * The default ranking (ds_ranking_default()), chosen on the relevance
 * collections in ../shared/eval (bench/RESULTS.md has every variant
 * measured): BM25 with k1 = 1.2 and b = 0.75 (Xapian's defaults, 1 and
 * 0.5, did worse everywhere), stop words left out of queries, and the
 * phrase-pair boost at a tenth of the words' weight (at full weight it
 * cost up to 0.05 of nDCG@10; off, 0.01 of MAP on CACM), and a light
 * pseudo-relevance feedback: 20 stems of the top 5 documents at 0.05 of
 * the weight, reordering the matches (what lifts every collection over
 * its best baseline; at 0.1 and more it costs SciFact up to 0.1 of MAP).
 */
#define BM25_K1 1.2
#define BM25_B 0.75
#define PROXIMITY_WEIGHT 0.1
#define FEEDBACK_DOCS 5
#define FEEDBACK_TERMS 20
#define FEEDBACK_WEIGHT 0.05

/*
 * English stop words, dropped from queries with ranking.stopwords (never
 * from phrases: Xapian's query parser keeps them there).  Function words
 * only, so that no word a policy query means is lost.
 */
static const char *const stop_words[] = {
	"a", "about", "above", "after", "again", "against", "all", "am", "an",
	"and", "any", "are", "as", "at", "be", "because", "been", "before",
	"being", "below", "between", "both", "but", "by", "can", "could",
	"did", "do", "does", "doing", "down", "during", "each", "few", "for",
	"from", "further", "had", "has", "have", "having", "he", "her",
	"here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
	"in", "into", "is", "it", "its", "itself", "just", "me", "more",
	"most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
	"once", "only", "or", "other", "our", "ours", "ourselves", "out",
	"over", "own", "same", "she", "should", "so", "some", "such", "than",
	"that", "the", "their", "theirs", "them", "themselves", "then",
	"there", "these", "they", "this", "those", "through", "to", "too",
	"under", "until", "up", "very", "was", "we", "were", "what", "when",
	"where", "which", "while", "who", "whom", "why", "will", "with",
	"would", "you", "your", "yours", "yourself", "yourselves",
};

struct ds_searcher {
	char *path;
	dev_t dev;		/* what the path was when opened */
	ino_t ino;
	struct ds_shard_opts shard_opts;
	struct ds_shard_state shards;	/* what s->db stands for */
	struct xapian_database *db;
	struct xapian_stem *stem;
	struct xapian_query_parser *qp;
	struct xapian_stopper *stopper;
};

void
ds_ranking_default(struct ds_ranking *rk)
{
	rk->k1 = BM25_K1;
	rk->b = BM25_B;
	rk->stopwords = true;
	rk->proximity = PROXIMITY_WEIGHT;
	rk->feedback_docs = FEEDBACK_DOCS;
	rk->feedback_terms = FEEDBACK_TERMS;
	rk->feedback_weight = FEEDBACK_WEIGHT;
}

void
ds_search_opts_init(struct ds_search_opts *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->limit = 10;
	opts->snippet_bytes = 240;
	opts->snippets = 1;
	opts->sort = DS_SORT_RELEVANCE;
	ds_ranking_default(&opts->ranking);
}

void
ds_results_init(struct ds_results *r)
{
	memset(r, 0, sizeof *r);
}

/* Free the names added to a query. */
static void
expansions_free(struct ds_expansion *exp, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(exp[i].name);
		while (exp[i].nalternatives > 0)
			free(exp[i].alternatives[--exp[i].nalternatives]);
		free(exp[i].alternatives);
	}
	free(exp);
}

void
ds_results_release(struct ds_results *r)
{
	size_t i;

	for (i = 0; i < r->nhits; i++)
		search_hit_release(&r->hits[i]);
	free(r->hits);
	expansions_free(r->expansions, r->nexpansions);
	for (i = 0; i < r->nfacets; i++) {
		struct ds_facet *f = &r->facets[i];

		while (f->ncounts > 0)
			free(f->counts[--f->ncounts].value);
		free(f->counts);
	}
	free(r->facets);
	free(r->query);
	free(r->parsed);
	free(r->uuid);
	free(r->suggestion);
	free(r->shards_missing);
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
	else if (ds_shards_unanswered(xe))
		code = DS_EUNAVAIL;
	return ds_error_set(err, code, "%s: %s: %s", path, xe->type,
			    xe->message);
}

/*
 * A date range in a query, "date:2012..2014" or "2012-01-01..2014-06-30":
 * both ends read as --since and --until are (either may be left out).
 * NULL when the ends are not dates, so that the parser reports the range.
 */
static struct xapian_query *
date_range(void *ctx, const char *begin, const char *end)
{
	struct xapian_query *q = NULL;
	char iso[DS_DATE_SIZE];

	(void)ctx;
	if ((*begin == '\0' && *end == '\0') ||
	    (*begin != '\0' &&
	     ds_date_parse(begin, strlen(begin), DS_DATE_DAY_FIRST, iso) == 0) ||
	    (*end != '\0' &&
	     ds_date_parse(end, strlen(end), DS_DATE_DAY_FIRST, iso) == 0))
		return NULL;
	if (ds_search_date_query(begin, end, "date:", "date:", &q, NULL) < 0)
		return NULL;
	return q;
}

/* Free-text fields: name, prefix (layout.h). */
static const struct {
	const char *field, *prefix;
} text_fields[] = {
	{"title", DS_PREFIX_TITLE},	    {"author", DS_PREFIX_AUTHOR},
	{"heading", DS_PREFIX_HEADING},	    {"publisher", DS_PREFIX_PUBLISHER},
	{"dept", DS_PREFIX_PUBLISHER},	    {"speaker", DS_PREFIX_SPEAKER},
};

/* Filter fields: name, term prefix (the identifiers' schemes among them). */
static const struct {
	const char *field, *prefix;
} bool_fields[] = {
	{"type", DS_PREFIX_TYPE},	  {"year", DS_PREFIX_YEAR},
	{"site", DS_PREFIX_HOST},	  {"dialect", DS_PREFIX_DIALECT},
	{"lang", DS_PREFIX_LANG},	  {"ext", DS_PREFIX_EXT},
	{"format", DS_PREFIX_FORMAT},	  {"id", DS_PREFIX_IDENT},
	{"hc", DS_PREFIX_IDENT "hc:"},	  {"hl", DS_PREFIX_IDENT "hl:"},
	{"cm", DS_PREFIX_IDENT "cm:"},	  {"cmnd", DS_PREFIX_IDENT "cmnd:"},
	{"cmd", DS_PREFIX_IDENT "cmd:"},  {"cp", DS_PREFIX_IDENT "cp:"},
	{"isbn", DS_PREFIX_IDENT "isbn:"},
};

/* The query parser: stemming, fields, ranges and limits (see layout.h). */
static int
setup_parser(struct ds_searcher *s, struct xapian_error *xe)
{
	struct xapian_query_parser *qp = s->qp;
	size_t i;

	if (xapian_query_parser_set_stemmer(qp, s->stem, xe) < 0 ||
	    xapian_query_parser_set_stemming_strategy(qp, XAPIAN_STEM_SOME,
						      xe) < 0 ||
	    xapian_query_parser_set_database(qp, s->db, xe) < 0 ||
	    xapian_query_parser_set_max_expansion(
		    qp, MAX_WILDCARD_EXPANSION,
		    XAPIAN_WILDCARD_LIMIT_MOST_FREQUENT, 0, xe) < 0)
		return -1;
	for (i = 0; i < sizeof stop_words / sizeof *stop_words; i++)
		if (xapian_simple_stopper_add(s->stopper, stop_words[i], xe) < 0)
			return -1;
	for (i = 0; i < sizeof text_fields / sizeof *text_fields; i++)
		if (xapian_query_parser_add_prefix(qp, text_fields[i].field,
						   text_fields[i].prefix,
						   xe) < 0)
			return -1;
	for (i = 0; i < sizeof bool_fields / sizeof *bool_fields; i++)
		if (xapian_query_parser_add_boolean_prefix(
			    qp, bool_fields[i].field, bool_fields[i].prefix,
			    NULL, xe) < 0)
			return -1;
	/* date:2012..2014, and a bare range of dates. */
	if (xapian_query_parser_add_range_callback(qp, DS_SLOT_DATE, "date:",
						   0, date_range, s, xe) < 0 ||
	    xapian_query_parser_add_range_callback(qp, DS_SLOT_DATE, "", 0,
						   date_range, s, xe) < 0)
		return -1;
	return 0;
}

/*
 * What the path names: the file or directory there, or for a stub
 * directory (a replica made by xapian-replicate, a shard set) the stub
 * inside it, which is replaced when the directory switches to another
 * copy of the database.  -1 when nothing is there.
 */
static int
identity(const char *path, struct stat *st)
{
	char stub[4096];
	struct stat in;

	if (stat(path, st) != 0)
		return -1;
	if (S_ISDIR(st->st_mode) &&
	    (size_t)snprintf(stub, sizeof stub, "%s/XAPIANDB", path) <
		    sizeof stub &&
	    stat(stub, &in) == 0 && S_ISREG(in.st_mode))
		*st = in;
	return 0;
}

/* Note which file or directory the path names now. */
static void
remember_identity(struct ds_searcher *s)
{
	struct stat st;

	if (identity(s->path, &st) == 0) {
		s->dev = st.st_dev;
		s->ino = st.st_ino;
	}
}

/*
 * 1 when the path names another file or directory than the one
 * remembered, 0 when the same one, -1 when nothing is there now.
 */
static int
path_moved(const struct ds_searcher *s)
{
	struct stat st;

	if (identity(s->path, &st) != 0)
		return -1;
	return st.st_dev != s->dev || st.st_ino != s->ino;
}

/*
 * Whether the path names another database than the one remembered, or
 * none: a rebuild or a compaction switched it (dbpath.h).  Xapian opens a
 * database's files by name, one after another and some only when first
 * needed, so a switch in between gives it files of both databases, and
 * reading them fails ("EOF reading block", "item starts outside block").
 * Such a failure is worth one more try on the database now there.
 */
static bool
switched(const struct ds_searcher *s)
{
	return path_moved(s) != 0;
}

/*
 * Open the database at s->path as it is now, trying again when it was
 * switched during the open, or when what it read did not hold together
 * (a database being written, or switched just before: opening is cheap,
 * and a database damaged for good fails every try).  NULL with *xe on
 * failure.
 */
static struct xapian_database *
open_stable(struct ds_searcher *s, struct ds_shard_state *st,
	    struct xapian_error *xe)
{
	struct xapian_database *db;
	int attempt;

	for (attempt = 0;; attempt++) {
		remember_identity(s);
		db = ds_shards_open(s->path, &s->shard_opts, st, xe);
		if (attempt >= MAX_RETRIES)
			return db;
		if (db != NULL && !switched(s))
			return db;
		if (db == NULL && (xe->code == XAPIAN_E_DATABASE_NOT_FOUND ||
				   xe->code == XAPIAN_E_NO_MEMORY ||
				   ds_shards_unanswered(xe)))
			return NULL;
		xapian_database_free(db);	/* maybe half of each */
	}
}

/* Open the database at the path anew, in place of s->db. */
static int
open_again(struct ds_searcher *s, struct ds_error *err)
{
	struct ds_shard_state st = {0};
	struct xapian_database *db;
	struct xapian_error xe;
	dev_t dev = s->dev;
	ino_t ino = s->ino;

	if ((db = open_stable(s, &st, &xe)) == NULL ||
	    xapian_query_parser_set_database(s->qp, db, &xe) < 0) {
		xapian_database_free(db);
		ds_shard_state_release(&st);
		s->dev = dev;	/* still the old one */
		s->ino = ino;
		return db_fail(err, &xe, s->path);
	}
	xapian_database_free(s->db);
	s->db = db;
	ds_shard_state_release(&s->shards);
	s->shards = st;
	return 0;
}

int
ds_searcher_refresh(struct ds_searcher *s, struct ds_error *err)
{
	struct xapian_error xe;

	/*
	 * Rebuilt aside and switched: the path is a new database.  Shards
	 * left out a while ago: try them again.
	 */
	if (path_moved(s) == 1 ||
	    (s->shards.answered < s->shards.total &&
	     time(NULL) - s->shards.when >= DS_SHARD_RETRY_SECONDS))
		return open_again(s, err);
	if (xapian_database_reopen(s->db, &xe) < 0) {
		/* A remote shard that stopped answering: open what answers. */
		if (s->shard_opts.partial && ds_shards_unanswered(&xe))
			return open_again(s, err);
		return db_fail(err, &xe, s->path);
	}
	return 0;
}

int
ds_searcher_state(struct ds_searcher *s, char *buf, size_t size,
		  struct ds_error *err)
{
	struct xapian_error xe;
	xapian_rev rev = 0;
	char *uuid;
	int n;

	if (xapian_database_shard_count(s->db) != 1 || s->shards.remote)
		return 1;
	if (xapian_database_get_revision(s->db, &rev, &xe) < 0 ||
	    (uuid = xapian_database_get_uuid(s->db, &xe)) == NULL)
		return db_fail(err, &xe, s->path);
	n = snprintf(buf, size, "%s@%llu", uuid, (unsigned long long)rev);
	free(uuid);
	if (n < 0 || (size_t)n >= size)
		return ds_error_set(err, DS_ETOOBIG, "%s: its state does not "
				    "fit", s->path);
	return 0;
}

int
ds_searcher_open(const char *db_path, struct ds_searcher **out,
		 struct ds_error *err)
{
	return ds_searcher_open_shards(db_path, NULL, out, err);
}

int
ds_searcher_open_shards(const char *db_path, const struct ds_shard_opts *opts,
			struct ds_searcher **out, struct ds_error *err)
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
	if (opts != NULL)
		s->shard_opts = *opts;
	s->db = open_stable(s, &s->shards, &xe);
	if (s->db == NULL) {
		rc = db_fail(err, &xe, db_path);
		goto fail;
	}
	if ((s->stem = xapian_stem_new("english", &xe)) == NULL ||
	    (s->qp = xapian_query_parser_new(&xe)) == NULL ||
	    (s->stopper = xapian_simple_stopper_new(&xe)) == NULL ||
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
	xapian_stopper_free(s->stopper);
	xapian_stem_free(s->stem);
	xapian_database_free(s->db);
	ds_shard_state_release(&s->shards);
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

	if (strpbrk(folded, "\"():+-*&|^~[]{}") != NULL ||
	    strstr(folded, "..") != NULL)	/* a range */
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

/* Whether `w` is on the stop word list. */
static bool
stop_word(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof stop_words / sizeof *stop_words; i++)
		if (strcmp(stop_words[i], w) == 0)
			return true;
	return false;
}

/*
 * Whether expansion term `t` (of --like, or of feedback) may describe a
 * document: words and stems only, not ids, dates or other filters, and no
 * stop words ("and", "Zwere": frequent in every report, they would make
 * every document alike).
 */
static bool
describing_term(const char *t)
{
	if (t == NULL || (t[0] >= 'A' && t[0] <= 'Z' && t[0] != 'Z'))
		return false;
	return !stop_word(t[0] == 'Z' ? t + 1 : t);
}

/*
 * Proximity boost: documents where adjacent query words also appear next
 * to each other rank higher.  For a query of plain words w1 w2 ... wn
 * (2 <= n <= 8) this returns ((query AND_MAYBE weight * "w1 w2")
 * AND_MAYBE weight * "w2 w3") ..., pairs with a stop word left out: the
 * same documents match, but the phrase weights add to the score.  Not
 * query AND_MAYBE (pair OR pair...): libxapian 1.4 weighs that wrongly,
 * adding a pair's weight to some documents where its words are not
 * together, and to which ones depends on the order of the document ids,
 * so that two shards and one database of the same documents ranked
 * differently.  Returns 1 and replaces *query, 0 when the query is not of
 * that shape, or -1 on error.
 */
static int
add_proximity_boost(struct ds_searcher *s, const char *folded, double weight,
		    struct xapian_query **query, struct xapian_error *xe)
{
	struct xapian_query *pairs[7] = {NULL}, *boost, *both[2];
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

		if (len < 0 || (size_t)len >= sizeof phrase ||
		    stop_word(words[i]) || stop_word(words[i + 1]))
			continue;
		pairs[npairs] = xapian_query_parser_parse_query(
			s->qp, phrase, XAPIAN_QP_FLAG_PHRASE, NULL, xe);
		/* The query parsed; a pair the parser refuses only adds no
		 * boost. */
		if (pairs[npairs] == NULL && xe->code == XAPIAN_E_QUERY_PARSER)
			continue;
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
	for (i = 0; i < npairs; i++) {
		if ((boost = xapian_query_new_scale_weight(pairs[i], weight,
							   xe)) == NULL)
			goto out;
		both[0] = *query;
		both[1] = boost;
		both[0] = xapian_query_new_combine(XAPIAN_QUERY_OP_AND_MAYBE,
						   both, 2, 0, xe);
		xapian_query_free(boost);
		if (both[0] == NULL)
			goto out;
		xapian_query_free(*query);
		*query = both[0];
	}
	rc = 1;
out:
	for (i = 0; i < npairs; i++)
		xapian_query_free(pairs[i]);
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

static int
no_memory(struct xapian_error *xe)
{
	xe->code = XAPIAN_E_NO_MEMORY;
	snprintf(xe->type, sizeof xe->type, "std::bad_alloc");
	snprintf(xe->message, sizeof xe->message, "out of memory");
	return -1;
}

/*
 * Whether the word w[0..n) of a query is one to correct: letters only
 * (apostrophes allowed), not an operator, long enough to be a typo.
 */
static bool
correctable(const char *w, size_t n)
{
	size_t i;

	if (n < 4 || is_operator(w, n))
		return false;
	for (i = 0; i < n; i++)
		if (!((w[i] >= 'a' && w[i] <= 'z') || w[i] == '\'' ||
		      (unsigned char)w[i] >= 0x80))
			return false;
	return true;
}

/*
 * "Did you mean": the folded query with each plain word the index does not
 * hold (in no document, neither as written nor by its stem) replaced by
 * the index's best spelling suggestion.  Xapian's own correction also
 * "corrects" words that are there when a close one is more frequent
 * ("periods" to "period"), so this checks the terms first.  *out is NULL
 * when nothing needs correcting.  Words inside quotes, fields and
 * wildcards are left as they are.
 */
static int
suggest(struct ds_searcher *s, const char *folded, char **out,
	struct xapian_error *xe)
{
	size_t len = strlen(folded), i = 0, o = 0, cap = len + 1;
	char *buf = malloc(cap), word[256], stemmed[300], *grown;
	bool changed = false, quoted = false;

	*out = NULL;
	if (buf == NULL)
		return no_memory(xe);
	while (i < len) {
		size_t start = i, n;
		char *fix = NULL, *st;
		int exists = 1;

		if (folded[i] == '"')
			quoted = !quoted;
		if (!((folded[i] >= 'a' && folded[i] <= 'z') ||
		      (unsigned char)folded[i] >= 0x80)) {
			buf[o++] = folded[i++];
			continue;
		}
		while (i < len && ((folded[i] >= 'a' && folded[i] <= 'z') ||
				   folded[i] == '\'' ||
				   (unsigned char)folded[i] >= 0x80))
			i++;
		n = i - start;
		/* A field name, a wildcard, or a word in a phrase: as it is. */
		if (!quoted && n < sizeof word && correctable(folded + start, n) &&
		    (i >= len || (folded[i] != ':' && folded[i] != '*')) &&
		    (start == 0 || folded[start - 1] != ':')) {
			memcpy(word, folded + start, n);
			word[n] = '\0';
			exists = xapian_database_term_exists(s->db, word, xe);
			if (exists == 0 &&
			    (st = xapian_stem_apply(s->stem, word, n, NULL,
						    xe)) != NULL) {
				snprintf(stemmed, sizeof stemmed, "Z%s", st);
				free(st);
				exists = xapian_database_term_exists(
					s->db, stemmed, xe);
			}
			if (exists < 0)
				goto fail;
			if (exists == 0 &&
			    (fix = xapian_database_get_spelling_suggestion(
				     s->db, word, 2, xe)) == NULL)
				goto fail;
		}
		if (fix != NULL && fix[0] != '\0') {
			size_t fn = strlen(fix);

			/* Room for the fix and the rest of the query. */
			if (o + fn + (len - i) + 1 > cap) {
				cap = o + fn + (len - i) + 1;
				if ((grown = realloc(buf, cap)) == NULL) {
					free(fix);
					free(buf);
					return no_memory(xe);
				}
				buf = grown;
			}
			memcpy(buf + o, fix, fn);
			o += fn;
			changed = true;
		} else {
			memcpy(buf + o, folded + start, n);
			o += n;
		}
		free(fix);
	}
	buf[o] = '\0';
	if (changed)
		*out = buf;
	else
		free(buf);
	return 0;
fail:
	free(buf);
	return -1;
}

/* How many query probes (search-hit.h) snippets are found with. */
#define MAX_PROBES 64

/* The most values a facet lists. */
#define FACET_VALUES 20

/* Matches counted exactly, at most, when facets are asked for. */
#define FACET_CHECK 10000

/* The facets: name, value slot, flag. */
static const struct {
	const char *name;
	unsigned slot;
	unsigned flag;
} facet_slots[] = {
	{"publisher", DS_SLOT_PUBLISHER, DS_FACET_PUBLISHER},
	{"type", DS_SLOT_TYPE, DS_FACET_TYPE},
	{"year", DS_SLOT_YEAR, DS_FACET_YEAR},
};
#define NFACETS (sizeof facet_slots / sizeof *facet_slots)

/* Read the counts a match spy saw into facet f. */
static int
read_facet(struct xapian_value_count_match_spy *spy, struct ds_facet *f,
	   struct xapian_error *xe)
{
	struct xapian_term_iterator *it;
	xapian_doccount freq;
	const char *v;
	size_t len;
	int rc;

	if ((f->counts = calloc(FACET_VALUES, sizeof *f->counts)) == NULL)
		return no_memory(xe);
	if ((it = xapian_value_count_match_spy_values(spy, FACET_VALUES,
						      xe)) == NULL)
		return -1;
	while ((rc = xapian_term_iterator_next(it, &v, &len, xe)) > 0 &&
	       f->ncounts < FACET_VALUES) {
		struct ds_facet_count *c = &f->counts[f->ncounts];

		if (xapian_term_iterator_get_termfreq(it, &freq, xe) < 0) {
			rc = -1;
			break;
		}
		if ((c->value = strndup(v, len)) == NULL) {
			rc = no_memory(xe);
			break;
		}
		c->count = freq;
		f->ncounts++;
	}
	xapian_term_iterator_free(it);
	return rc < 0 ? -1 : 0;
}

/*
 * The page of hits of `mset` into r->hits, passages cut for the query of
 * `shown_mset` (whose words `shown` are).
 */
static int
fill_hits(struct ds_searcher *s, const struct ds_search_opts *opts,
	  const struct xapian_query *shown, const struct xapian_mset *mset,
	  const struct xapian_mset *shown_mset, struct ds_results *r,
	  struct xapian_error *xe)
{
	char *probes[MAX_PROBES];
	size_t n = xapian_mset_size(mset), i, len;
	int nprobes, rc = -1;

	if (n == 0)
		return 0;
	if ((r->hits = calloc(n, sizeof *r->hits)) == NULL)
		return no_memory(xe);
	if ((nprobes = search_hit_probes(shown, probes, MAX_PROBES, xe)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct ds_hit *hit = &r->hits[i];
		struct xapian_document *xd;
		xapian_doccount dup = 0;
		char *raw;

		r->nhits = i + 1;
		hit->rank = (unsigned)(xapian_mset_get_firstitem(mset) + i + 1);
		if (xapian_mset_get_docid(mset, i, &hit->docid, xe) < 0 ||
		    xapian_mset_get_percent(mset, i, &hit->percent, xe) < 0 ||
		    xapian_mset_get_weight(mset, i, &hit->weight, xe) < 0 ||
		    xapian_mset_get_collapse_count(mset, i, &dup, xe) < 0 ||
		    (xd = xapian_mset_get_document(mset, i, xe)) == NULL)
			goto out;
		hit->duplicates = dup;
		raw = xapian_document_get_data(xd, &len, xe);
		xapian_document_free(xd);
		if (raw == NULL)
			goto out;
		rc = search_hit_fill(hit, raw, len, shown_mset, s->stem, probes,
				     (size_t)nprobes, opts->snippets,
				     opts->snippet_bytes, xe);
		free(raw);
		if (rc < 0)
			goto out;
	}
	rc = 0;
out:
	while (nprobes > 0)
		free(probes[--nprobes]);
	return rc;
}

/* The database's revision and UUID (a single database only). */
static int
database_identity(struct ds_searcher *s, struct ds_results *r,
		  struct xapian_error *xe)
{
	xapian_rev rev = 0;

	r->revision = 0;
	r->shards = (uint32_t)s->shards.total;
	r->shards_answered = (uint32_t)s->shards.answered;
	if (s->shards.missing != NULL &&
	    (r->shards_missing = strdup(s->shards.missing)) == NULL) {
		no_memory(xe);
		return -1;
	}
	/* Remote shards say nothing of their revision, nor their UUID. */
	if (s->shards.remote)
		return 0;
	if (xapian_database_shard_count(s->db) == 1) {
		if (xapian_database_get_revision(s->db, &rev, xe) < 0)
			return -1;
		r->revision = rev;
	}
	if ((r->uuid = xapian_database_get_uuid(s->db, xe)) == NULL)
		return -1;
	if (r->uuid[0] == '\0') {
		free(r->uuid);
		r->uuid = NULL;
	}
	return 0;
}

/*
 * Count the facets opts asks for over every match of `query`, into new
 * spies[] (freed by the caller), and the number of matches exactly into
 * *total.  Counting is a match of its own, without weights (BoolWeight):
 * every match must be seen, so the ranking's pruning can't help the
 * ranked match, which then stops early; and without weights no document
 * lengths are read.  It does not collapse copies: match spies see every
 * match before collapsing anyway, and Xapian's estimate of a boolean
 * match that collapses is far off (10 for 4 phrase matches).
 */
static int
count_facets(struct ds_searcher *s, const struct ds_search_opts *opts,
	     const struct xapian_query *query, xapian_doccount doccount,
	     struct xapian_value_count_match_spy *spies[],
	     xapian_doccount *total, struct xapian_error *xe)
{
	struct xapian_enquire *enq;
	struct xapian_mset *mset;
	size_t i;
	int rc = -1;

	if ((enq = xapian_enquire_new(s->db, xe)) == NULL ||
	    xapian_enquire_set_query(enq, query, 0, xe) < 0 ||
	    xapian_enquire_set_weighting_scheme_bool(enq, xe) < 0)
		goto out;
	for (i = 0; i < NFACETS; i++) {
		if (!(opts->facets & facet_slots[i].flag))
			continue;
		if ((spies[i] = xapian_value_count_match_spy_new(
			     facet_slots[i].slot, xe)) == NULL ||
		    xapian_enquire_add_matchspy(enq, spies[i], xe) < 0)
			goto out;
	}
	mset = xapian_enquire_get_mset(enq, 0, 0,
				       doccount < FACET_CHECK ? doccount
							      : FACET_CHECK,
				       NULL, xe);
	if (mset != NULL) {
		*total = xapian_mset_get_matches_estimated(mset);
		xapian_mset_free(mset);
		rc = 0;
	}
out:
	xapian_enquire_free(enq);
	return rc;
}

/*
 * One attempt at the search of `query`, passages showing the words of
 * `shown`; -1 with *xe set on a Xapian failure.
 */
static int
run_once(struct ds_searcher *s, const struct ds_search_opts *opts,
	 struct xapian_query *query, const struct xapian_query *shown,
	 struct ds_results *r, struct xapian_error *xe)
{
	struct xapian_value_count_match_spy *spies[NFACETS] = {NULL};
	struct xapian_enquire *enq = NULL, *senq = NULL;
	struct xapian_mset *mset = NULL, *smset = NULL;
	xapian_doccount total = 0;
	unsigned limit = opts->limit ? opts->limit : 10;
	size_t i;
	int rc = -1;

	if (limit > MAX_LIMIT)
		limit = MAX_LIMIT;
	if ((enq = xapian_enquire_new(s->db, xe)) == NULL ||
	    xapian_enquire_set_query(enq, query, 0, xe) < 0 ||
	    xapian_enquire_set_weighting_scheme_bm25(enq, opts->ranking.k1, 0,
						     1, opts->ranking.b, 0.5,
						     xe) < 0 ||
	    xapian_database_get_doccount(s->db, &r->doccount, xe) < 0)
		goto out;
	/*
	 * Equal weights go by id, not by document id: Xapian's document
	 * ids depend on the order of indexing and on how many shards there
	 * are, and the same documents must rank the same however they were
	 * indexed.  Copies (below) keep the first by id.
	 */
	if (opts->sort == DS_SORT_DATE
		    ? xapian_enquire_set_sort_by_value_then_relevance(
			      enq, DS_SLOT_DATE, true, xe) < 0
		    : xapian_enquire_set_sort_by_relevance_then_value(
			      enq, DS_SLOT_ID, false, xe) < 0)
		goto out;
	/* Documents with the same text (copies of a page) show as one. */
	if (!opts->no_collapse &&
	    xapian_enquire_set_collapse_key(enq, DS_SLOT_HASH, 1, xe) < 0)
		goto out;
	mset = xapian_enquire_get_mset(enq, opts->offset, limit, 0, NULL, xe);
	if (mset == NULL ||
	    (opts->facets != 0 &&
	     count_facets(s, opts, query, r->doccount, spies, &total,
			  xe) < 0))
		goto out;
	r->offset = opts->offset;
	r->estimated = xapian_mset_get_matches_estimated(mset);
	r->lower_bound = xapian_mset_get_matches_lower_bound(mset);
	r->upper_bound = xapian_mset_get_matches_upper_bound(mset);
	/*
	 * Counting the facets counted every match (copies included): an
	 * upper bound, and the exact number when copies are kept.
	 */
	if (opts->facets != 0) {
		if (opts->no_collapse)
			r->estimated = r->lower_bound = total;
		if (r->upper_bound > total)
			r->upper_bound = total;
		if (r->estimated > total)
			r->estimated = total;
		if (r->lower_bound > total)
			r->lower_bound = total;
	}
	/*
	 * Passages show the user's words, not the phrase pairs and feedback
	 * terms the ranking added: Xapian cuts them for the query of the
	 * mset it is given, so an empty one for that query does (it carries
	 * the statistics snippets weigh words by).
	 */
	if (shown != query && opts->snippets > 0 && xapian_mset_size(mset) > 0) {
		if ((senq = xapian_enquire_new(s->db, xe)) == NULL ||
		    xapian_enquire_set_query(senq, shown, 0, xe) < 0 ||
		    (smset = xapian_enquire_get_mset(senq, 0, 0, 0, NULL,
						     xe)) == NULL)
			goto out;
	}
	if (fill_hits(s, opts, shown, mset, smset ? smset : mset, r, xe) < 0 ||
	    database_identity(s, r, xe) < 0)
		goto out;
	if (opts->facets != 0 &&
	    (r->facets = calloc(NFACETS, sizeof *r->facets)) == NULL) {
		no_memory(xe);
		goto out;
	}
	for (i = 0; i < NFACETS; i++) {
		if (spies[i] == NULL)
			continue;
		r->facets[r->nfacets].name = facet_slots[i].name;
		if (read_facet(spies[i], &r->facets[r->nfacets++], xe) < 0)
			goto out;
	}
	rc = 0;
out:
	xapian_mset_free(smset);
	xapian_enquire_free(senq);
	xapian_mset_free(mset);
	xapian_enquire_free(enq);
	for (i = 0; i < NFACETS; i++)
		xapian_value_count_match_spy_free(spies[i]);
	return rc;
}

/*
 * The document `like` names: a document id, or the identity it was
 * indexed under (path, record id).  0 in *docid when there is none.
 */
static int
find_like(struct ds_searcher *s, const char *like, xapian_docid *docid,
	  struct xapian_error *xe)
{
	struct xapian_postlist_iterator *pl;
	char *end, *term;
	unsigned long v;
	int rc;

	*docid = 0;
	errno = 0;
	v = strtoul(like, &end, 10);
	if (errno == 0 && end != like && *end == '\0' && v > 0 &&
	    v <= UINT32_MAX) {
		struct xapian_document *xd =
			xapian_database_get_document(s->db, (xapian_docid)v, xe);

		if (xd == NULL)
			return xe->code == XAPIAN_E_DOC_NOT_FOUND ? 0 : -1;
		xapian_document_free(xd);
		*docid = (xapian_docid)v;
		return 0;
	}
	if ((term = ds_catalog_id_term(like)) == NULL)
		return no_memory(xe);
	pl = xapian_database_postlist(s->db, term, xe);
	free(term);
	if (pl == NULL)
		return -1;
	rc = xapian_postlist_iterator_next(pl, docid, NULL, xe);
	xapian_postlist_iterator_free(pl);
	return rc < 0 ? -1 : 0;
}

/* Terms of a document that make a query for documents like it. */
#define LIKE_TERMS 40

/*
 * The query for documents like document `docid`: the terms that best
 * describe it (Xapian's expand set, from a relevance set of that one
 * document) ORed, and not the document itself.
 */
static struct xapian_query *
like_query(struct ds_searcher *s, xapian_docid docid, struct xapian_error *xe)
{
	struct xapian_query *terms[LIKE_TERMS], *or = NULL, *self = NULL;
	struct xapian_query *both[2], *q = NULL;
	struct xapian_enquire *enq = NULL;
	struct xapian_rset *rset = NULL;
	struct xapian_eset *eset = NULL;
	struct xapian_document *xd = NULL;
	struct xapian_term_iterator *tl = NULL;
	size_t n = 0, i;
	const char *t;

	if ((enq = xapian_enquire_new(s->db, xe)) == NULL ||
	    (rset = xapian_rset_new(xe)) == NULL ||
	    xapian_rset_add_document(rset, docid, xe) < 0 ||
	    (eset = xapian_enquire_get_eset(enq, LIKE_TERMS, rset, false,
					    xe)) == NULL)
		goto out;
	for (i = 0; i < xapian_eset_size(eset) && n < LIKE_TERMS; i++) {
		t = xapian_eset_get_term(eset, i, NULL);
		if (!describing_term(t))
			continue;
		if ((terms[n] = xapian_query_new_term(t, 1, 0, xe)) == NULL)
			goto out;
		n++;
	}
	if (n == 0) {
		q = xapian_query_new_match_nothing(xe);
		goto out;
	}
	if ((or = xapian_query_new_combine(XAPIAN_QUERY_OP_OR, terms, n, 0,
					   xe)) == NULL)
		goto out;
	/* Leave out the document itself: its unique id term. */
	if ((xd = xapian_database_get_document(s->db, docid, xe)) == NULL ||
	    (tl = xapian_document_termlist(xd, xe)) == NULL)
		goto out;
	while (xapian_term_iterator_next(tl, &t, NULL, xe) > 0)
		if (t[0] == DS_PREFIX_ID[0]) {
			self = xapian_query_new_term(t, 1, 0, xe);
			break;
		}
	if (self == NULL) {
		q = or;
		or = NULL;
		goto out;
	}
	both[0] = or;
	both[1] = self;
	q = xapian_query_new_combine(XAPIAN_QUERY_OP_AND_NOT, both, 2, 0, xe);
out:
	for (i = 0; i < n; i++)
		xapian_query_free(terms[i]);
	xapian_query_free(or);
	xapian_query_free(self);
	xapian_term_iterator_free(tl);
	xapian_document_free(xd);
	xapian_eset_free(eset);
	xapian_rset_free(rset);
	xapian_enquire_free(enq);
	return q;
}

/*
 * Add `--like` to *query: alone, documents like it; with a query, its
 * matches ranked by likeness too.  DS_EINVAL when it names no document.
 */
static int
add_like(struct ds_searcher *s, const char *like, struct xapian_query **query,
	 struct ds_error *err)
{
	struct xapian_query *lq, *both[2], *q;
	struct xapian_error xe;
	xapian_docid docid;

	if (find_like(s, like, &docid, &xe) < 0)
		return db_fail(err, &xe, s->path);
	if (docid == 0)
		return ds_error_set(err, DS_EINVAL, "--like %s: no such document "
				    "(give a document id, or a path or record "
				    "id as indexed)", like);
	if ((lq = like_query(s, docid, &xe)) == NULL)
		return db_fail(err, &xe, s->path);
	if (xapian_query_empty(*query)) {
		xapian_query_free(*query);
		*query = lq;
		return 0;
	}
	both[0] = *query;
	both[1] = lq;
	q = xapian_query_new_combine(XAPIAN_QUERY_OP_AND_MAYBE, both, 2, 0, &xe);
	xapian_query_free(lq);
	if (q == NULL)
		return db_fail(err, &xe, s->path);
	xapian_query_free(*query);
	*query = q;
	return 0;
}

/* At most this many feedback terms. */
#define MAX_FEEDBACK_TERMS 100
/* Feedback weighs at most this many candidate terms. */
#define FEEDBACK_CANDIDATES 100
/* The matches weighed in full to find the feedback documents. */
#define FEEDBACK_CHECK 1000
/* At most this many feedback documents. */
#define MAX_FEEDBACK_DOCS 100

/*
 * Pseudo-relevance feedback: take the top ranking.feedback_docs documents
 * of *query as relevant, and add the feedback_terms that best describe
 * them (Xapian's expand set of stems, the query's own terms left out) at
 * feedback_weight, with AND_MAYBE: they reorder the documents the query
 * matches but add none, so that the count and the facets stay those of
 * the query asked (and the match costs little more).  Filters are inside
 * *query already, so the feedback documents pass them.
 */
static int
add_feedback(struct ds_searcher *s, const struct ds_search_opts *opts,
	     struct xapian_query **query, struct xapian_error *xe)
{
	const struct ds_ranking *rk = &opts->ranking;
	struct xapian_query *terms[MAX_FEEDBACK_TERMS], *or = NULL;
	struct xapian_query *scaled = NULL, *both[2], *q;
	struct xapian_enquire *enq = NULL;
	struct xapian_mset *mset = NULL;
	xapian_docid docs[MAX_FEEDBACK_DOCS];
	struct xapian_eset *eset = NULL;
	unsigned nt = rk->feedback_terms < MAX_FEEDBACK_TERMS
			      ? rk->feedback_terms : MAX_FEEDBACK_TERMS;
	unsigned ndocs = rk->feedback_docs < MAX_FEEDBACK_DOCS
				 ? rk->feedback_docs : MAX_FEEDBACK_DOCS;
	size_t i, n = 0;
	const char *t;
	int rc = -1;

	if (xapian_query_empty(*query) || nt == 0)
		return 0;
	if ((enq = xapian_enquire_new(s->db, xe)) == NULL ||
	    xapian_enquire_set_query(enq, *query, 0, xe) < 0 ||
	    xapian_enquire_set_weighting_scheme_bm25(enq, rk->k1, 0, 1, rk->b,
						     0.5, xe) < 0 ||
	    /* the same documents however the index was built (run_once) */
	    xapian_enquire_set_sort_by_relevance_then_value(enq, DS_SLOT_ID,
							    false, xe) < 0 ||
	    /*
	     * Weighed one by one, not cut short by the matcher's bounds:
	     * for a page of five, libxapian 1.4 can leave out a document
	     * that belongs in it when the query has the phrase boost
	     * (AND_MAYBE a phrase), and over shards which one depends on
	     * their split (e2e-shards.sh caught three shards choosing
	     * other feedback terms than one database).
	     */
	    (mset = xapian_enquire_get_mset(enq, 0, ndocs, FEEDBACK_CHECK,
					    NULL, xe)) == NULL)
		goto out;
	if (xapian_mset_size(mset) == 0) {
		rc = 0;
		goto out;
	}
	for (i = 0; i < xapian_mset_size(mset); i++)
		if (xapian_mset_get_docid(mset, i, &docs[i], xe) < 0)
			goto out;
	/*
	 * Stems only (the words as written say the same, ids are no topic),
	 * and only those of more than one of the documents (a term of one
	 * says little about what they share), the FEEDBACK_CANDIDATES found
	 * in most of them.
	 */
	if ((eset = xapian_enquire_get_feedback_eset(
		     enq, s->db, docs, xapian_mset_size(mset), 2 * nt, false, "Z",
		     xapian_mset_size(mset) > 1 ? 2 : 1, FEEDBACK_CANDIDATES,
		     xe)) == NULL)
		goto out;
	for (i = 0; i < xapian_eset_size(eset) && n < nt; i++) {
		t = xapian_eset_get_term(eset, i, NULL);
		if (!describing_term(t))
			continue;
		if ((terms[n] = xapian_query_new_term(t, 1, 0, xe)) == NULL)
			goto out;
		n++;
	}
	rc = 0;
	if (n == 0)
		goto out;
	rc = -1;
	if ((or = xapian_query_new_combine(XAPIAN_QUERY_OP_OR, terms, n, 0,
					   xe)) == NULL ||
	    (scaled = xapian_query_new_scale_weight(or, rk->feedback_weight,
						    xe)) == NULL)
		goto out;
	both[0] = *query;
	both[1] = scaled;
	if ((q = xapian_query_new_combine(XAPIAN_QUERY_OP_AND_MAYBE, both, 2,
					  0, xe)) == NULL)
		goto out;
	xapian_query_free(*query);
	*query = q;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		xapian_query_free(terms[i]);
	xapian_query_free(or);
	xapian_query_free(scaled);
	xapian_eset_free(eset);
	xapian_mset_free(mset);
	xapian_enquire_free(enq);
	return rc;
}

static int search_once(struct ds_searcher *s,
		       const struct ds_search_opts *opts, struct ds_results *r,
		       struct ds_error *err);

int
ds_search(struct ds_searcher *s, const struct ds_search_opts *opts,
	  struct ds_results *r, struct ds_error *err)
{
	int attempt, rc;

	for (attempt = 0;; attempt++) {
		rc = search_once(s, opts, r, err);
		/*
		 * Tried again on the database as it is now: when a commit
		 * discarded the revision being read (any step of a search
		 * reads: the spelling table, synonyms, the match, snippets),
		 * or when the path was switched under the search, so that
		 * what was read may be of two databases.
		 */
		/*
		 * And when a remote shard stopped answering, without it if
		 * that is allowed.
		 */
		if (rc >= 0 || attempt >= MAX_RETRIES ||
		    !(rc == DS_EBUSY ||
		      (rc == DS_EUNAVAIL && s->shard_opts.partial) ||
		      ((rc == DS_EXAPIAN || rc == DS_ENOENT) && switched(s))))
			return rc;
		ds_error_clear(err);
		if ((rc = ds_searcher_refresh(s, err)) < 0)
			return rc;
	}
}

/* One search, as ds_search() does it. */
static int
search_once(struct ds_searcher *s, const struct ds_search_opts *opts,
	    struct ds_results *r, struct ds_error *err)
{
	struct xapian_query *query = NULL, *filter = NULL, *shown = NULL;
	struct ds_expansion *exp = NULL;
	struct xapian_error xe;
	char *folded = NULL, *parsed = NULL, *given = NULL, *suggestion = NULL;
	char *expanded = NULL, *plain = NULL;
	size_t nexp = 0;
	unsigned flags;
	int rc = 0;

	ds_results_release(r);
	if (opts->query == NULL)
		return ds_error_set(err, DS_EINVAL, "no query given");
	if (strlen(opts->query) > DS_QUERY_MAX_BYTES)
		return ds_error_set(err, DS_ETOOBIG, "the query is longer than "
				    "%d bytes", DS_QUERY_MAX_BYTES);
	if (!ds_utf8_valid(opts->query, strlen(opts->query)))
		return ds_error_set(err, DS_EQUERY,
				    "the query is not valid UTF-8 text");
	/* The other names of the public bodies it names. */
	if (!opts->no_expand &&
	    ds_search_expand(s->db, opts->query, &expanded, &exp, &nexp,
			     &xe) < 0) {
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	if ((given = strdup(opts->query)) == NULL ||
	    (folded = ds_query_fold(expanded ? expanded : opts->query)) ==
		    NULL ||
	    (expanded != NULL &&
	     (plain = ds_query_fold(opts->query)) == NULL)) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}

	flags = XAPIAN_QP_FLAG_DEFAULT | XAPIAN_QP_FLAG_WILDCARD |
		XAPIAN_QP_FLAG_PURE_NOT;
	if (xapian_query_parser_set_stopper(
		    s->qp, opts->ranking.stopwords ? s->stopper : NULL,
		    &xe) < 0) {
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	query = xapian_query_parser_parse_query(s->qp, folded, flags, NULL, &xe);
	if (query == NULL) {
		if (xe.code == XAPIAN_E_QUERY_PARSER &&
		    strstr(xe.message, "Unknown range operation") != NULL)
			rc = ds_error_set(err, DS_EQUERY, "malformed query: a "
					  "range that is not one of dates (write "
					  "date:2012..2014 or "
					  "2012-01-01..2014-06-30)");
		else if (xe.code == XAPIAN_E_QUERY_PARSER)
			rc = ds_error_set(err, DS_EQUERY, "malformed query: %s",
					  xe.message);
		else
			rc = db_fail(err, &xe, s->path);
		goto out;
	}
	if (!opts->no_suggest &&
	    suggest(s, plain ? plain : folded, &suggestion, &xe) < 0) {
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	/*
	 * The query whose words passages show: the user's, names added,
	 * before the ranking adds phrase pairs and feedback terms.
	 */
	if ((shown = xapian_query_copy(query, &xe)) == NULL) {
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	if (opts->ranking.proximity > 0 &&
	    add_proximity_boost(s, folded, opts->ranking.proximity, &query,
				&xe) < 0) {
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	if ((opts->like != NULL &&
	     (rc = add_like(s, opts->like, &query, err)) < 0) ||
	    (rc = ds_search_filter_query(opts, &filter, err)) < 0)
		goto out;
	if (apply_filter(&query, filter, &xe) < 0) {
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	if (opts->ranking.feedback_docs > 0 &&
	    add_feedback(s, opts, &query, &xe) < 0) {
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	if ((parsed = xapian_query_get_description(query, &xe)) == NULL) {
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	if (run_once(s, opts, query, shown, r, &xe) < 0) {
		ds_results_release(r);	/* nothing of a failed attempt stays */
		rc = db_fail(err, &xe, s->path);
		goto out;
	}
	r->query = given;
	r->parsed = parsed;
	given = parsed = NULL;
	if (suggestion != NULL && suggestion[0] != '\0') {
		r->suggestion = suggestion;
		suggestion = NULL;
	}
	r->expansions = exp;
	r->nexpansions = nexp;
	exp = NULL;
	nexp = 0;
	rc = 0;
out:
	xapian_query_free(filter);
	xapian_query_free(shown);
	xapian_query_free(query);
	free(suggestion);
	free(folded);
	free(plain);
	free(expanded);
	free(parsed);
	free(given);
	expansions_free(exp, nexp);
	return rc;
}
