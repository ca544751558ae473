/* SPDX-License-Identifier: GPL-2.0-or-later */
/* synonyms.c: reading a synonym table file (synonyms.h). */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "hash.h"
#include "synonyms.h"
#include "utf8.h"
#include "xapian-c.h"

/* The largest table file read (names are short; 16 MiB is plenty). */
#define MAX_FILE ((size_t)16 << 20)

/* One (key, synonym) pair before grouping. */
struct pair {
	char *key, *syn;
};

struct pairs {
	struct pair *v;
	size_t n, cap;
};

void
ds_synonyms_init(struct ds_synonyms *t)
{
	memset(t, 0, sizeof *t);
}

void
ds_synonyms_release(struct ds_synonyms *t)
{
	size_t i, j;

	for (i = 0; i < t->nkeys; i++) {
		free(t->keys[i]);
		for (j = 0; j < t->nsyn[i]; j++)
			free(t->syn[i][j]);
		free(t->syn[i]);
	}
	free(t->keys);
	free(t->syn);
	free(t->nsyn);
	ds_synonyms_init(t);
}

/*
 * The name in s[0..len) normalised into a new string: white space
 * collapsed and trimmed, lower-cased.  NULL with *empty set when nothing
 * is left, NULL alone when out of memory.
 */
static char *
normalise(const char *s, size_t len, int *empty)
{
	struct xapian_error xe;
	char *squeezed, *out;
	size_t i, o = 0;
	int space = 0;

	*empty = 0;
	if ((squeezed = malloc(len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\r') {
			space = o > 0;
			continue;
		}
		if (space)
			squeezed[o++] = ' ';
		space = 0;
		squeezed[o++] = c;
	}
	if (o == 0) {
		free(squeezed);
		*empty = 1;
		return NULL;
	}
	out = xapian_unicode_tolower(squeezed, o, NULL, &xe);
	free(squeezed);
	return out;
}

static int
pairs_add(struct pairs *p, const char *key, const char *syn)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64;
		struct pair *v = realloc(p->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n].key = strdup(key);
	p->v[p->n].syn = strdup(syn);
	if (p->v[p->n].key == NULL || p->v[p->n].syn == NULL) {
		free(p->v[p->n].key);
		free(p->v[p->n].syn);
		return -1;
	}
	p->n++;
	return 0;
}

static int
by_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->syn, y->syn);
}

/*
 * Read one line's group: its names, normalised, into names[0..*n).
 * Returns 0, or a negative code with the message (without FILE:LINE).
 */
static int
read_group(const char *line, size_t len, char **names, size_t max,
	   size_t *n, struct ds_error *err)
{
	const char *p = line, *end = line + len, *eq;
	int empty;

	*n = 0;
	while (p <= end) {
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq == NULL)
			eq = end;
		if ((size_t)(eq - p) > DS_SYNONYM_MAX)
			return ds_error_set(err, DS_ETOOBIG, "a name longer "
					    "than %d bytes", DS_SYNONYM_MAX);
		if (*n == max)
			return ds_error_set(err, DS_ETOOBIG, "more than %zu "
					    "names in one group", max);
		names[*n] = normalise(p, (size_t)(eq - p), &empty);
		if (names[*n] == NULL && !empty)
			return ds_error_set(err, DS_ENOMEM, "out of memory");
		if (empty)
			return ds_error_set(err, DS_EFORMAT, "an empty name "
					    "(names are separated by '=')");
		(*n)++;
		p = eq + 1;
	}
	if (*n < 2)
		return ds_error_set(err, DS_EFORMAT, "a group needs two names "
				    "or more, separated by '='");
	return 0;
}

/* Group the sorted, unique pairs into the table. */
static int
build(struct pairs *p, struct ds_synonyms *t)
{
	size_t i, k;

	for (i = 0; i < p->n;) {
		size_t j = i, m;

		while (j < p->n && strcmp(p->v[j].key, p->v[i].key) == 0)
			j++;
		k = t->nkeys;
		t->keys[k] = p->v[i].key;
		p->v[i].key = NULL;
		if ((t->syn[k] = calloc(j - i, sizeof *t->syn[k])) == NULL)
			return -1;
		t->nkeys++;
		for (m = i; m < j; m++) {
			t->syn[k][m - i] = p->v[m].syn;
			p->v[m].syn = NULL;
			t->nsyn[k]++;
		}
		i = j;
	}
	return 0;
}

int
ds_synonyms_load(const char *path, struct ds_synonyms *t,
		 struct ds_error *err)
{
	enum { GROUP_MAX = 64 };
	struct pairs p = {NULL, 0, 0};
	char *buf = NULL, *names[GROUP_MAX];
	size_t len, pos, nnames = 0, i, j, total = 0;
	unsigned long line = 0;
	struct ds_stamp st;
	int rc = 0;

	ds_synonyms_release(t);
	if ((rc = ds_read_file(path, MAX_FILE, &buf, &len, &st, err)) < 0)
		return rc;
	ds_hash_hex(st.hash, t->version);
	for (pos = 0; pos < len && rc == 0;) {
		char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len, s = pos;

		line++;
		pos = end + 1;
		while (s < end && (buf[s] == ' ' || buf[s] == '\t'))
			s++;
		if (s == end || buf[s] == '#' ||
		    (end - s == 1 && buf[s] == '\r'))
			continue;
		if (!ds_utf8_valid(buf + s, end - s) ||
		    memchr(buf + s, '\0', end - s) != NULL) {
			rc = ds_error_set(err, DS_EFORMAT, "%s:%lu: not valid "
					  "UTF-8 text", path, line);
			break;
		}
		if ((rc = read_group(buf + s, end - s, names, GROUP_MAX,
				     &nnames, err)) < 0) {
			ds_error_prefix(err, "%s:%lu", path, line);
			for (i = 0; i < nnames; i++)
				free(names[i]);
			break;
		}
		total += nnames;
		if (total > DS_SYNONYMS_MAX)
			rc = ds_error_set(err, DS_ETOOBIG, "%s:%lu: more than "
					  "%d names", path, line,
					  DS_SYNONYMS_MAX);
		for (i = 0; rc == 0 && i < nnames; i++)
			for (j = 0; rc == 0 && j < nnames; j++)
				if (strcmp(names[i], names[j]) != 0 &&
				    pairs_add(&p, names[i], names[j]) < 0)
					rc = ds_error_set(err, DS_ENOMEM,
							  "out of memory");
		for (i = 0; i < nnames; i++)
			free(names[i]);
	}
	free(buf);
	if (rc == 0 && p.n > 0) {
		size_t u = 0;

		qsort(p.v, p.n, sizeof *p.v, by_pair);
		for (i = 0; i < p.n; i++) {
			if (u > 0 && by_pair(&p.v[u - 1], &p.v[i]) == 0) {
				free(p.v[i].key);
				free(p.v[i].syn);
				continue;
			}
			p.v[u++] = p.v[i];
		}
		p.n = u;
		t->keys = calloc(p.n, sizeof *t->keys);
		t->syn = calloc(p.n, sizeof *t->syn);
		t->nsyn = calloc(p.n, sizeof *t->nsyn);
		if (t->keys == NULL || t->syn == NULL || t->nsyn == NULL ||
		    build(&p, t) < 0)
			rc = ds_error_set(err, DS_ENOMEM, "out of memory");
	}
	for (i = 0; i < p.n; i++) {
		free(p.v[i].key);
		free(p.v[i].syn);
	}
	free(p.v);
	if (rc < 0)
		ds_synonyms_release(t);
	return rc;
}
