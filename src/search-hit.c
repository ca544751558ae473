/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search-hit.c: a hit from its stored record (search-hit.h). */

#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layout.h"
#include "search-hit.h"

/* Headings deeper than this are counted at this level. */
#define MAX_LEVEL 6

/* Set *xe to "out of memory" and return -1. */
static int
oom(struct xapian_error *xe)
{
	xe->code = XAPIAN_E_NO_MEMORY;
	snprintf(xe->type, sizeof xe->type, "std::bad_alloc");
	snprintf(xe->message, sizeof xe->message, "out of memory");
	return -1;
}

int
search_hit_probes(const struct xapian_query *query, char **probes,
		  size_t max, struct xapian_error *xe)
{
	struct xapian_term_iterator *it;
	const char *t;
	size_t len, n = 0;
	int rc = 0;

	if ((it = xapian_query_terms(query, xe)) == NULL)
		return -1;
	while (n < max && (rc = xapian_term_iterator_next(it, &t, &len,
							    xe)) > 0) {
		/* "Zconsult": a stem; "Zsfoo"-like prefixed stems skipped. */
		if (t[0] == 'Z' && len > 1 && !(t[1] >= 'A' && t[1] <= 'Z')) {
			t++;
			len--;
			if (len > 4)
				len--;
		} else if (t[0] >= 'A' && t[0] <= 'Z') {
			continue;	/* a field or filter term */
		}
		if (len == 0)
			continue;
		if ((probes[n] = strndup(t, len)) == NULL) {
			xapian_term_iterator_free(it);
			while (n > 0)
				free(probes[--n]);
			return oom(xe);
		}
		n++;
	}
	xapian_term_iterator_free(it);
	if (rc < 0) {
		while (n > 0)
			free(probes[--n]);
		return -1;
	}
	return (int)n;
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

/* The identifiers of the record into hit->identifiers. */
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
		struct ds_hit_ident *d = &hit->identifiers[hit->nidentifiers];

		d->scheme = json_dup(id, DS_DATA_ID_SCHEME);
		d->value = json_dup(id, DS_DATA_ID_VALUE);
		d->session = json_dup(id, DS_DATA_ID_SESSION);
		d->display = json_dup(id, DS_DATA_ID_DISPLAY);
		hit->nidentifiers++;
		if (d->scheme == NULL || d->value == NULL || d->display == NULL)
			return -1;
	}
	return 0;
}

/* The last component of a path, for documents without a title. */
static char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strdup(slash != NULL && slash[1] != '\0' ? slash + 1 : path);
}

/* Whether one of the probes occurs in s[0..len), ignoring ASCII case. */
static bool
has_probe(const char *s, size_t len, char *const *probes, size_t nprobes)
{
	size_t i, j, n;

	for (i = 0; i < nprobes; i++) {
		n = strlen(probes[i]);
		if (n == 0 || n > len)
			continue;
		for (j = 0; j + n <= len; j++)
			if ((s[j] | 0x20) == (probes[i][0] | 0x20) &&
			    strncasecmp(s + j, probes[i], n) == 0)
				return true;
	}
	return false;
}

/* How many matches a snippet holds. */
static unsigned
marks(const char *snippet)
{
	unsigned n = 0;

	for (; *snippet; snippet++)
		n += *snippet == DS_MARK_START;
	return n;
}

/* Where a section sits: its headings, outermost first. */
struct outline {
	const char *heading[MAX_LEVEL + 1];	/* by level; [0] unused */
	const char *anchor[MAX_LEVEL + 1];
};

/* Update the outline with section `sec` (its level and heading). */
static void
outline_enter(struct outline *ol, json_t *sec)
{
	json_int_t level = json_integer_value(json_object_get(
		sec, DS_DATA_SEC_LEVEL));
	const char *h = json_string_value(json_object_get(
		sec, DS_DATA_SEC_HEADING));
	int l, i;

	if (h == NULL)
		return;
	l = level < 1 ? 1 : level > MAX_LEVEL ? MAX_LEVEL : (int)level;
	ol->heading[l] = h;
	ol->anchor[l] = json_string_value(json_object_get(
		sec, DS_DATA_SEC_ANCHOR));
	for (i = l + 1; i <= MAX_LEVEL; i++)
		ol->heading[i] = ol->anchor[i] = NULL;
}

/*
 * The outline as a breadcrumb "A > B > C" into *out (NULL when there are
 * no headings).  Returns 0, or -1 when out of memory.
 */
static int
breadcrumb(const struct outline *ol, char **out)
{
	size_t len = 0, o = 0;
	char *s;
	int i;

	*out = NULL;
	for (i = 1; i <= MAX_LEVEL; i++)
		if (ol->heading[i] != NULL)
			len += strlen(ol->heading[i]) + 3;
	if (len == 0)
		return 0;
	if ((s = malloc(len + 1)) == NULL)
		return -1;
	for (i = 1; i <= MAX_LEVEL; i++) {
		size_t n;

		if (ol->heading[i] == NULL)
			continue;
		if (o > 0) {
			memcpy(s + o, " > ", 3);
			o += 3;
		}
		n = strlen(ol->heading[i]);
		memcpy(s + o, ol->heading[i], n);
		o += n;
	}
	s[o] = '\0';
	*out = s;
	return 0;
}

/* The nearest anchor of the outline, innermost first, or NULL. */
static const char *
nearest_anchor(const struct outline *ol)
{
	int i;

	for (i = MAX_LEVEL; i >= 1; i--)
		if (ol->heading[i] != NULL && ol->anchor[i] != NULL)
			return ol->anchor[i];
	return NULL;
}

/* A passage being chosen. */
struct passage {
	char *text;
	unsigned score;
	unsigned section;
	char *breadcrumb;
	const char *anchor;
	const char *speaker;
};

static void
passage_release(struct passage *p)
{
	free(p->text);
	free(p->breadcrumb);
	p->text = p->breadcrumb = NULL;
}

/*
 * Keep `cand` among the best `n` passages of best[0..*nbest), best first,
 * earlier sections first among equals; a candidate not kept is released.
 */
static void
keep_best(struct passage *best, size_t *nbest, size_t n,
	  struct passage *cand)
{
	size_t i = *nbest;

	if (*nbest == n) {
		if (cand->score <= best[n - 1].score) {
			passage_release(cand);
			return;
		}
		passage_release(&best[n - 1]);
		i = n - 1;
	} else {
		(*nbest)++;
	}
	while (i > 0 && best[i - 1].score < cand->score) {
		best[i] = best[i - 1];
		i--;
	}
	best[i] = *cand;
}

/* The snippet of text[0..len) for the mset's query (flags XAPIAN_SNIPPET_*). */
static char *
cut(const struct xapian_mset *mset, const struct xapian_stem *stem,
    const char *text, size_t len, size_t bytes, unsigned flags,
    struct xapian_error *xe)
{
	char hs[2] = {DS_MARK_START, '\0'}, he[2] = {DS_MARK_END, '\0'};
	char *s = xapian_mset_snippet(mset, text, len, bytes, stem,
				      flags | XAPIAN_SNIPPET_BACKGROUND_MODEL |
					      XAPIAN_SNIPPET_EXHAUSTIVE,
				      hs, he, "\xe2\x80\xa6", NULL, xe);

	if (s != NULL)
		unescape_snippet(s);
	return s;
}

/* Move the chosen passages into the hit. */
static int
store_passages(struct ds_hit *hit, struct passage *best, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	if ((hit->snippets = calloc(n, sizeof *hit->snippets)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		struct ds_snippet *s = &hit->snippets[i];

		s->text = best[i].text;
		s->breadcrumb = best[i].breadcrumb;
		s->section = best[i].section;
		best[i].text = best[i].breadcrumb = NULL;
		hit->nsnippets++;
		if ((best[i].anchor && (s->anchor = strdup(best[i].anchor)) ==
					       NULL) ||
		    (best[i].speaker &&
		     (s->speaker = strdup(best[i].speaker)) == NULL))
			return -1;
	}
	return 0;
}

/*
 * Cut passages from the sections of `data` into hit->snippets (see
 * search-hit.h).  Returns 0 or -1 with *xe set.
 */
static int
fill_snippets(struct ds_hit *hit, json_t *data,
	      const struct xapian_mset *mset, const struct xapian_stem *stem,
	      char *const *probes, size_t nprobes, unsigned nsnippets,
	      size_t bytes, struct xapian_error *xe)
{
	json_t *secs = json_object_get(data, DS_DATA_SECTIONS), *sec;
	struct passage best[10], cand;
	struct outline ol;
	size_t i, nbest = 0, tried = 0, first_text = (size_t)-1;
	int rc = -1;

	if (nsnippets == 0)
		return 0;
	if (nsnippets > 10)
		nsnippets = 10;
	memset(&ol, 0, sizeof ol);
	memset(best, 0, sizeof best);
	json_array_foreach(secs, i, sec) {
		json_t *t = json_object_get(sec, DS_DATA_SEC_TEXT);
		const char *text = json_string_value(t);
		size_t len = json_string_length(t);

		outline_enter(&ol, sec);
		if (text == NULL || len == 0)
			continue;
		if (first_text == (size_t)-1)
			first_text = i;
		if (tried >= SEARCH_HIT_MAX_CANDIDATES ||
		    !has_probe(text, len, probes, nprobes))
			continue;
		tried++;
		memset(&cand, 0, sizeof cand);
		cand.text = cut(mset, stem, text, len, bytes,
				XAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH, xe);
		if (cand.text == NULL)
			goto out;
		if ((cand.score = marks(cand.text)) == 0) {
			passage_release(&cand);
			continue;
		}
		cand.section = (unsigned)i;
		cand.anchor = nearest_anchor(&ol);
		cand.speaker = json_string_value(json_object_get(
			sec, DS_DATA_SEC_SPEAKER));
		if (breadcrumb(&ol, &cand.breadcrumb) < 0) {
			passage_release(&cand);
			oom(xe);
			goto out;
		}
		keep_best(best, &nbest, nsnippets, &cand);
	}
	/* Nothing in the text matched: the start of the document. */
	if (nbest == 0 && first_text != (size_t)-1) {
		memset(&ol, 0, sizeof ol);
		json_array_foreach(secs, i, sec) {
			outline_enter(&ol, sec);
			if (i == first_text)
				break;
		}
		sec = json_array_get(secs, first_text);
		memset(&cand, 0, sizeof cand);
		cand.text = cut(mset, stem,
				json_string_value(json_object_get(
					sec, DS_DATA_SEC_TEXT)),
				json_string_length(json_object_get(
					sec, DS_DATA_SEC_TEXT)),
				bytes, 0, xe);
		if (cand.text == NULL)
			goto out;
		cand.section = (unsigned)first_text;
		cand.anchor = nearest_anchor(&ol);
		cand.speaker = json_string_value(json_object_get(
			sec, DS_DATA_SEC_SPEAKER));
		best[nbest++] = cand;
		if (breadcrumb(&ol, &best[0].breadcrumb) < 0) {
			oom(xe);
			goto out;
		}
	}
	if (store_passages(hit, best, nbest) < 0) {
		oom(xe);
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < nbest; i++)
		passage_release(&best[i]);
	return rc;
}

int
search_hit_fill(struct ds_hit *hit, const char *raw, size_t len,
		const struct xapian_mset *mset, const struct xapian_stem *stem,
		char *const *probes, size_t nprobes, unsigned nsnippets,
		size_t snippet_bytes, struct xapian_error *xe)
{
	json_t *data = json_loadb(raw, len, 0, NULL);
	int rc = -1;

	if (data == NULL) {
		/* Not a Dossier record: show what we can rather than fail. */
		hit->title = strdup("(document without a Dossier record)");
		return hit->title ? 0 : oom(xe);
	}
	hit->path = json_dup(data, DS_DATA_PATH);
	hit->id = json_dup(data, DS_DATA_ID);
	if (hit->id == NULL && hit->path != NULL)
		hit->id = strdup(hit->path);
	hit->url = json_dup(data, DS_DATA_URL);
	hit->date = json_dup(data, DS_DATA_DATE);
	hit->modified = json_dup(data, DS_DATA_MODIFIED);
	hit->publisher = json_dup(data, DS_DATA_PUBLISHER);
	hit->author = json_dup(data, DS_DATA_AUTHOR);
	hit->description = json_dup(data, DS_DATA_DESCRIPTION);
	hit->type = json_dup(data, DS_DATA_TYPE);
	hit->format = json_dup(data, DS_DATA_FORMAT);
	hit->dialect = json_dup(data, DS_DATA_DIALECT);
	hit->lang = json_dup(data, DS_DATA_LANG);
	hit->title = json_dup(data, DS_DATA_TITLE);
	if (hit->title == NULL)
		hit->title = base_name(hit->path ? hit->path : "(untitled)");
	if (hit->title == NULL || fill_identifiers(data, hit) < 0) {
		oom(xe);
		goto out;
	}
	rc = fill_snippets(hit, data, mset, stem, probes, nprobes, nsnippets,
			   snippet_bytes, xe);
out:
	json_decref(data);
	return rc;
}

void
search_hit_release(struct ds_hit *h)
{
	size_t i;

	free(h->id);
	free(h->title);
	free(h->path);
	free(h->url);
	free(h->date);
	free(h->modified);
	free(h->publisher);
	free(h->author);
	free(h->description);
	free(h->type);
	free(h->format);
	free(h->dialect);
	free(h->lang);
	for (i = 0; i < h->nidentifiers; i++) {
		free(h->identifiers[i].scheme);
		free(h->identifiers[i].value);
		free(h->identifiers[i].session);
		free(h->identifiers[i].display);
	}
	free(h->identifiers);
	for (i = 0; i < h->nsnippets; i++) {
		free(h->snippets[i].text);
		free(h->snippets[i].breadcrumb);
		free(h->snippets[i].anchor);
		free(h->snippets[i].speaker);
	}
	free(h->snippets);
	memset(h, 0, sizeof *h);
}
