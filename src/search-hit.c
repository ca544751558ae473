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

/* Whether c can be part of a word (ASCII letters and digits, UTF-8). */
static inline bool
word_byte(unsigned char c)
{
	return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	       (c >= '0' && c <= '9');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* Probe matches remembered while sliding the window (a ring). */
#define WINDOW_HITS 1024

/*
 * Where in s[0..len) the query's words crowd closest, cheaply, before
 * Xapian cuts a passage: the window of `width` bytes holding the most
 * different probes at the start of a word (ignoring ASCII case), then
 * the most matches.  Returns its score (0: no probe at all) and sets
 * [*start, *end) to the matches it spans.  One pass over the text,
 * whatever the number of probes (at most 32).
 */
static unsigned long
best_window(const char *s, size_t len, char *const *probes, size_t nprobes,
	    const size_t *plen, size_t width, size_t *start, size_t *end)
{
	size_t pos[WINDOW_HITS];
	unsigned char id[WINDOW_HITS];
	unsigned count[32] = {0};
	size_t head = 0, n = 0, i, p, distinct = 0;
	unsigned long best = 0, score;

	*start = *end = 0;
	for (i = 0; i < len;) {
		/* To the start of the next word, and past it afterwards. */
		while (i < len && !word_byte((unsigned char)s[i]))
			i++;
		if (i == len)
			break;
		for (p = 0; p < nprobes; p++) {
			if (lower(s[i]) != probes[p][0] || plen[p] > len - i ||
			    strncasecmp(s + i, probes[p], plen[p]) != 0)
				continue;
			/* Forget matches that fall out of the window. */
			while (n > 0 && (n == WINDOW_HITS ||
					 pos[head] + width < i + plen[p])) {
				if (--count[id[head]] == 0)
					distinct--;
				head = (head + 1) % WINDOW_HITS;
				n--;
			}
			pos[(head + n) % WINDOW_HITS] = i;
			id[(head + n) % WINDOW_HITS] = (unsigned char)p;
			n++;
			if (count[p]++ == 0)
				distinct++;
			score = (unsigned long)distinct << 20 | n;
			if (score > best) {
				best = score;
				*start = pos[head];
				*end = i + plen[p];
			}
		}
		while (i < len && word_byte((unsigned char)s[i]))
			i++;
	}
	return best;
}

/*
 * How good a passage is: the number of different words Xapian marked in
 * it (it marks adjacent matches as one: "consultation periods"), then how
 * many marked words in all.  0 when nothing is marked.
 */
static unsigned
marks(const char *snippet)
{
	const char *seen[32];
	size_t seen_len[32], nseen = 0, i, n;
	unsigned total = 0;
	bool in = false;
	const char *p = snippet;

	while (*p) {
		if (*p == DS_MARK_START || *p == DS_MARK_END) {
			in = *p++ == DS_MARK_START;
			continue;
		}
		if (!in || !word_byte((unsigned char)*p)) {
			p++;
			continue;
		}
		for (n = 0; p[n] && word_byte((unsigned char)p[n]); n++)
			;
		total++;
		for (i = 0; i < nseen; i++)
			if (seen_len[i] == n && strncasecmp(seen[i], p, n) == 0)
				break;
		if (i == nseen && nseen < 32) {
			seen[nseen] = p;
			seen_len[nseen++] = n;
		}
		p += n;
	}
	return (unsigned)nseen << 16 | (total < 0xffff ? total : 0xffff);
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

#define ELLIPSIS "\xe2\x80\xa6"
#define ELLIPSIS_LEN 3

static bool
space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Whether s[0..n) is only white space (or nothing). */
static bool
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!space(s[i]))
			return false;
	return true;
}

/*
 * Whether the snippet begins with the start of text[0..len) (ignoring
 * the match marks and how white space is written), so that it starts at
 * the region's edge.
 */
static bool
begins_with(const char *snip, const char *text, size_t len)
{
	size_t i = 0, same = 0;

	while (i < len && space(text[i]))
		i++;
	for (; *snip && i < len && same < 24; snip++) {
		if (*snip == DS_MARK_START || *snip == DS_MARK_END)
			continue;
		if (space(*snip) && space(text[i])) {
			while (i < len && space(text[i]))
				i++;
		} else if (*snip == text[i]) {
			i++;
		} else {
			return false;
		}
		same++;
	}
	return same > 0;
}

/* The same at the end: whether snip[0..n) ends where text[0..len) does. */
static bool
ends_with(const char *snip, size_t n, const char *text, size_t len)
{
	size_t same = 0;

	while (len > 0 && space(text[len - 1]))
		len--;
	while (n > 0 && len > 0 && same < 24) {
		char c = snip[n - 1];

		if (c == DS_MARK_START || c == DS_MARK_END) {
			n--;
			continue;
		}
		if (space(c) && space(text[len - 1])) {
			while (len > 0 && space(text[len - 1]))
				len--;
		} else if (c == text[len - 1]) {
			len--;
		} else {
			return false;
		}
		n--;
		same++;
	}
	return same > 0;
}

/*
 * The snippet of text[from..to) for the mset's query (flags
 * XAPIAN_SNIPPET_*), with an ellipsis where Xapian's window reaches an
 * end of the region that is not an end of the text.
 */
static char *
cut(const struct xapian_mset *mset, const struct xapian_stem *stem,
    const char *text, size_t len, size_t from, size_t to, size_t bytes,
    unsigned flags, struct xapian_error *xe)
{
	char hs[2] = {DS_MARK_START, '\0'}, he[2] = {DS_MARK_END, '\0'};
	/*
	 * No background model: the region is already the densest window,
	 * and weighing each of its words by its frequency (a B-tree lookup
	 * each) cost a third of a search.
	 */
	char *s = xapian_mset_snippet(mset, text + from, to - from, bytes,
				      stem, flags | XAPIAN_SNIPPET_EXHAUSTIVE,
				      hs, he, ELLIPSIS, NULL, xe);
	size_t n;
	bool before, after;
	char *out;

	if (s == NULL)
		return NULL;
	unescape_snippet(s);
	n = strlen(s);
	/*
	 * Xapian marks what it left out of the region, but the region's own
	 * ends are only the text's when they are there.
	 */
	before = !blank(text, from) && begins_with(s, text + from, to - from);
	after = !blank(text + to, len - to) &&
		ends_with(s, n, text + from, to - from);
	if (!before && !after)
		return s;
	if ((out = malloc(n + 2 * ELLIPSIS_LEN + 1)) == NULL) {
		free(s);
		oom(xe);
		return NULL;
	}
	snprintf(out, n + 2 * ELLIPSIS_LEN + 1, "%s%s%s",
		 before ? ELLIPSIS : "", s, after ? ELLIPSIS : "");
	free(s);
	return out;
}

/*
 * The region of text[0..len) to give Xapian around the window
 * [start, end): `margin` bytes more each side, cut at white space so that
 * no word (nor UTF-8 sequence) is split.
 */
static void
region(const char *text, size_t len, size_t start, size_t end,
       size_t margin, size_t *from, size_t *to)
{
	size_t f = start > margin ? start - margin : 0;
	size_t t = len - end > margin ? end + margin : len;

	while (f > 0 && f < start && text[f - 1] != ' ' && text[f - 1] != '\n')
		f++;
	while (t < len && t > end && text[t] != ' ' && text[t] != '\n')
		t--;
	*from = f;
	*to = t;
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
 * The texts of a record's sections: after the object (version 2, each
 * section giving its length) or in it (version 1, "text").
 */
struct texts {
	const char *body, *end;	/* what follows the object */
	const char *next;	/* the next section's text (version 2) */
};

/*
 * The text of `sec`, the next section in order, into *text and *len
 * (NULL, 0 when it has none or the record is damaged).
 */
static void
section_text(struct texts *tx, json_t *sec, const char **text, size_t *len)
{
	json_t *t = json_object_get(sec, DS_DATA_SEC_TEXT);
	json_int_t n;

	if (t != NULL) {
		*text = json_string_value(t);
		*len = json_string_length(t);
		return;
	}
	*text = NULL;
	*len = 0;
	n = json_integer_value(json_object_get(sec, DS_DATA_SEC_LENGTH));
	if (n <= 0 || tx->next == NULL || n > tx->end - tx->next)
		return;
	*text = tx->next;
	*len = (size_t)n;
	tx->next += n;
}

/*
 * Cut passages from the sections of `data` into hit->snippets (see
 * search-hit.h).  Returns 0 or -1 with *xe set.
 */
/* A section chosen for cutting by its best_window(). */
struct shortlisted {
	size_t index;
	const char *text;
	size_t len;
	size_t start, end;	/* the window */
	unsigned long score;
};

/*
 * Put section `index` on the shortlist list[0..*n) of at most `max`,
 * highest scores first, earlier sections first among equals.
 */
static void
shortlist(struct shortlisted *list, size_t *n, size_t max,
	  const struct shortlisted *cand)
{
	size_t i = *n;

	if (*n == max) {
		if (cand->score <= list[max - 1].score)
			return;
		i = max - 1;
	} else {
		(*n)++;
	}
	while (i > 0 && list[i - 1].score < cand->score) {
		list[i] = list[i - 1];
		i--;
	}
	list[i] = *cand;
}

static int
by_index(const void *a, const void *b)
{
	const struct shortlisted *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

static int
fill_snippets(struct ds_hit *hit, json_t *data, const struct texts *body,
	      const struct xapian_mset *mset, const struct xapian_stem *stem,
	      char *const *probes, size_t nprobes, unsigned nsnippets,
	      size_t bytes, struct xapian_error *xe)
{
	json_t *secs = json_object_get(data, DS_DATA_SECTIONS), *sec;
	struct shortlisted list[10 + SEARCH_HIT_SPARE], cur;
	struct passage best[10], cand;
	struct outline ol;
	struct texts tx = *body;
	const char *first = NULL, *text;
	size_t i, k, nlist = 0, nbest = 0, first_text = (size_t)-1;
	size_t first_len = 0, len, plen[32], from, to;
	int rc = -1;

	if (nsnippets == 0)
		return 0;
	if (nsnippets > 10)
		nsnippets = 10;
	if (nprobes > sizeof plen / sizeof plen[0])
		nprobes = sizeof plen / sizeof plen[0];
	for (i = 0; i < nprobes; i++)
		plen[i] = strlen(probes[i]);
	/* Every section, cheaply: which might hold the best passages. */
	json_array_foreach(secs, i, sec) {
		section_text(&tx, sec, &text, &len);
		if (text == NULL || len == 0)
			continue;
		if (first_text == (size_t)-1) {
			first_text = i;
			first = text;
			first_len = len;
		}
		cur.index = i;
		cur.text = text;
		cur.len = len;
		if ((cur.score = best_window(text, len, probes, nprobes, plen,
					     bytes, &cur.start,
					     &cur.end)) > 0)
			shortlist(list, &nlist, nsnippets + SEARCH_HIT_SPARE,
				  &cur);
	}
	/* The shortlisted, in document order, cut by Xapian. */
	qsort(list, nlist, sizeof list[0], by_index);
	memset(&ol, 0, sizeof ol);
	memset(best, 0, sizeof best);
	k = 0;
	json_array_foreach(secs, i, sec) {
		if (k == nlist)
			break;
		outline_enter(&ol, sec);
		if (i != list[k].index)
			continue;
		memset(&cand, 0, sizeof cand);
		region(list[k].text, list[k].len, list[k].start, list[k].end,
		       bytes, &from, &to);
		cand.text = cut(mset, stem, list[k].text, list[k].len, from,
				to, bytes, XAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH,
				xe);
		k++;
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
		region(first, first_len, 0, 0, 2 * bytes, &from, &to);
		cand.text = cut(mset, stem, first, first_len, from, to, bytes, 0,
				xe);
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
	json_error_t jerr;
	json_t *data = json_loadb(raw, len, JSON_DISABLE_EOF_CHECK, &jerr);
	struct texts tx = {NULL, NULL, NULL};
	int rc = -1;

	if (data != NULL && jerr.position >= 0 && (size_t)jerr.position < len &&
	    raw[jerr.position] == '\n') {
		/* A version 2 record: the texts follow the newline. */
		tx.body = tx.next = raw + jerr.position + 1;
		tx.end = raw + len;
	}
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
	rc = fill_snippets(hit, data, &tx, mset, stem, probes, nprobes,
			   nsnippets, snippet_bytes, xe);
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
