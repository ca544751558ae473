/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search-expand.c: adding the other names of public bodies (search-expand.h). */

#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search-expand.h"
#include "synonyms.h"
#include "utf8.h"

/* The most words of a query looked at. */
#define MAX_WORDS 64

/* A free word of the query: where it is. */
struct word {
	size_t start, end;	/* bytes of the query */
	bool caps;		/* typed in capitals (two letters or more) */
	bool joined;		/* only spaces, commas, '&' or '.' since the
				   previous free word */
};

static int
oom(struct xapian_error *xe)
{
	xe->code = XAPIAN_E_NO_MEMORY;
	snprintf(xe->type, sizeof xe->type, "std::bad_alloc");
	snprintf(xe->message, sizeof xe->message, "out of memory");
	return -1;
}

/* Whether the byte starts or continues a word (synonyms.h's words). */
static bool
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '\'' || c >= 0x80;
}

/* Whether q[s..e) is a query operator in capitals. */
static bool
operator_word(const char *q, size_t s, size_t e)
{
	static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR",
					  "ADJ"};
	size_t i;

	for (i = 0; i < sizeof ops / sizeof *ops; i++)
		if (e - s == strlen(ops[i]) && memcmp(q + s, ops[i], e - s) == 0)
			return true;
	return false;
}

/* Whether the word q[s..e) is all capitals, two letters or more. */
static bool
capitals(const char *q, size_t s, size_t e)
{
	size_t i, letters = 0;

	for (i = s; i < e; i++) {
		if (q[i] >= 'a' && q[i] <= 'z')
			return false;
		letters += q[i] >= 'A' && q[i] <= 'Z';
	}
	return letters >= 2;
}

/*
 * The free words of the query into w[0..) (see search-expand.h).  Returns
 * how many.
 */
static size_t
free_words(const char *q, struct word *w, size_t max)
{
	size_t len = strlen(q), i = 0, n = 0, s;
	bool quoted = false, joined = false;

	while (i < len && n < max) {
		unsigned char c = (unsigned char)q[i];

		if (!word_byte(c)) {
			if (c == '"')
				quoted = !quoted;
			/* Anything but these separates names. */
			if (!(c == ' ' || c == ',' || c == '&' || c == '.' ||
			      c == '\t'))
				joined = false;
			i++;
			continue;
		}
		s = i;
		while (i < len && word_byte((unsigned char)q[i]))
			i++;
		/* A field's name ("title:") or value (":audit"), a +/- word,
		 * an operator, a wildcard, a word in quotes: not free. */
		if (quoted || (i < len && (q[i] == ':' || q[i] == '*')) ||
		    (s > 0 && (q[s - 1] == ':' || q[s - 1] == '+' ||
			       q[s - 1] == '-')) ||
		    operator_word(q, s, i)) {
			joined = false;
			continue;
		}
		w[n].start = s;
		w[n].end = i;
		w[n].caps = capitals(q, s, i);
		w[n].joined = joined;
		n++;
		joined = true;
	}
	return n;
}

/* The keys of the synonym table starting with `prefix` (up to max). */
static int
keys_from(const struct xapian_database *db, const char *prefix, char **keys,
	  size_t max, size_t *n, struct xapian_error *xe)
{
	struct xapian_term_iterator *it;
	const char *k;
	size_t len;
	int rc = 0;

	*n = 0;
	if ((it = xapian_database_synonym_keys(db, prefix, xe)) == NULL)
		return -1;
	while (*n < max && (rc = xapian_term_iterator_next(it, &k, &len,
							   xe)) > 0)
		if ((keys[(*n)++] = strndup(k, len)) == NULL) {
			xapian_term_iterator_free(it);
			return oom(xe);
		}
	xapian_term_iterator_free(it);
	return rc < 0 ? -1 : 0;
}

/* Whether `key` is among keys[0..n). */
static bool
has_key(char *const *keys, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

/* The synonyms of `key` into e->alternatives. */
static int
alternatives(const struct xapian_database *db, const char *key,
	     struct ds_expansion *e, struct xapian_error *xe)
{
	struct xapian_term_iterator *it;
	const char *t;
	size_t len;
	int rc = 0;

	e->alternatives = calloc(DS_EXPAND_MAX_ALTERNATIVES,
				 sizeof *e->alternatives);
	if (e->alternatives == NULL)
		return oom(xe);
	if ((it = xapian_database_synonyms(db, key, xe)) == NULL)
		return -1;
	while (e->nalternatives < DS_EXPAND_MAX_ALTERNATIVES &&
	       (rc = xapian_term_iterator_next(it, &t, &len, xe)) > 0)
		if ((e->alternatives[e->nalternatives++] = strndup(t, len)) ==
		    NULL) {
			xapian_term_iterator_free(it);
			return oom(xe);
		}
	xapian_term_iterator_free(it);
	return rc < 0 ? -1 : 0;
}

/* A growing string. */
struct buf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	char *g;

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;

		if ((g = realloc(b->s, cap)) == NULL) {
			b->failed = true;
			return;
		}
		b->s = g;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* "(original OR alt OR "alt two")" for a name found in the query. */
static void
put_expansion(struct buf *b, const char *q, const struct word *first,
	      const struct word *last, const struct ds_expansion *e)
{
	size_t i;
	bool phrase = first != last;

	puts_(b, "(");
	if (phrase)
		puts_(b, "\"");
	put(b, q + first->start, last->end - first->start);
	if (phrase)
		puts_(b, "\"");
	for (i = 0; i < e->nalternatives; i++) {
		bool many = strchr(e->alternatives[i], ' ') != NULL;

		puts_(b, " OR ");
		if (many)
			puts_(b, "\"");
		puts_(b, e->alternatives[i]);
		if (many)
			puts_(b, "\"");
	}
	puts_(b, ")");
}

/*
 * The longest name starting at word i: its length in words (0: none) and
 * the key it matched into key[].
 */
static int
longest_name(const struct xapian_database *db, const char *q,
	     const struct word *w, size_t i, size_t n, char *key,
	     size_t keysize, size_t *words, struct xapian_error *xe)
{
	char *keys[256], *first = NULL, *norm = NULL;
	size_t nkeys = 0, k, m;
	int rc = -1;

	*words = 0;
	/* "NICE" typed in capitals: a one-way key, as typed. */
	if (w[i].caps) {
		if ((first = strndup(q + w[i].start, w[i].end - w[i].start)) ==
		    NULL)
			return oom(xe);
		if (keys_from(db, first, keys, 1, &nkeys, xe) < 0)
			goto out;
		if (nkeys == 1 && strcmp(keys[0], first) == 0) {
			snprintf(key, keysize, "%s", first);
			*words = 1;
			rc = 0;
			goto out;
		}
		while (nkeys > 0)
			free(keys[--nkeys]);
		free(first);
		first = NULL;
	}
	first = ds_synonym_normalise(q + w[i].start, w[i].end - w[i].start,
				     0);
	if (first == NULL)
		return oom(xe);
	if (keys_from(db, first, keys, sizeof keys / sizeof *keys, &nkeys,
		      xe) < 0)
		goto out;
	rc = 0;
	if (nkeys == 0)
		goto out;
	for (m = DS_EXPAND_MAX_WORDS; m >= 1; m--) {
		size_t last = i + m - 1;

		if (last >= n)
			continue;
		for (k = i + 1; k <= last && w[k].joined; k++)
			;
		if (k <= last)
			continue;
		free(norm);
		norm = ds_synonym_normalise(q + w[i].start,
					    w[last].end - w[i].start, 0);
		if (norm == NULL) {
			rc = oom(xe);
			goto out;
		}
		if (strlen(norm) < keysize && has_key(keys, nkeys, norm)) {
			snprintf(key, keysize, "%s", norm);
			*words = m;
			break;
		}
	}
out:
	while (nkeys > 0)
		free(keys[--nkeys]);
	free(first);
	free(norm);
	return rc;
}

int
ds_search_expand(const struct xapian_database *db, const char *query,
		 char **out, struct ds_expansion **exp, size_t *nexp,
		 struct xapian_error *xe)
{
	struct word w[MAX_WORDS];
	struct buf b = {NULL, 0, 0, false};
	struct ds_expansion *grown, *e;
	char key[DS_SYNONYM_MAX + 1];
	size_t n = free_words(query, w, MAX_WORDS), i = 0, copied = 0, m;

	*out = NULL;
	while (i < n) {
		if (longest_name(db, query, w, i, n, key, sizeof key, &m,
				 xe) < 0)
			goto fail;
		if (m == 0) {
			i++;
			continue;
		}
		grown = realloc(*exp, (*nexp + 1) * sizeof *grown);
		if (grown == NULL) {
			oom(xe);
			goto fail;
		}
		*exp = grown;
		e = &(*exp)[*nexp];
		memset(e, 0, sizeof *e);
		(*nexp)++;
		if ((e->name = strndup(query + w[i].start,
				       w[i + m - 1].end - w[i].start)) == NULL) {
			oom(xe);
			goto fail;
		}
		if (alternatives(db, key, e, xe) < 0)
			goto fail;
		put(&b, query + copied, w[i].start - copied);
		put_expansion(&b, query, &w[i], &w[i + m - 1], e);
		copied = w[i + m - 1].end;
		i += m;
	}
	if (copied == 0)
		return 0;
	puts_(&b, query + copied);
	if (b.failed) {
		oom(xe);
		goto fail;
	}
	*out = b.s;
	return 0;
fail:
	free(b.s);
	return -1;
}
