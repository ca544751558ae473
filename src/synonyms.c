/* SPDX-License-Identifier: GPL-2.0-or-later */
/* synonyms.c: reading synonym table files (synonyms.h). */

#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "hash.h"
#include "synonyms.h"
#include "utf8.h"
#include "xapian-c.h"

/* The largest table file read (names are short; 16 MiB is plenty). */
#define MAX_FILE ((size_t)16 << 20)

/* The most names of one group (a body with all its former names). */
#define GROUP_MAX 64

/* One (key, synonym) pair before grouping. */
struct pair {
	char *key, *syn;
};

struct pairs {
	struct pair *v;
	size_t n, cap;
	size_t names;		/* names read, for DS_SYNONYMS_MAX */
};

/* A name of a group. */
struct member {
	char *name;
	bool one_way;		/* a key only: never offered as a synonym */
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

/* Whether the code point is part of a word (as the term generator sees). */
static bool
word_char(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= '0' && cp <= '9') || cp == '\'' || cp >= 0xc0;
}

char *
ds_synonym_normalise(const char *s, size_t len, int keep_case)
{
	struct xapian_error xe;
	size_t i = 0, o = 0, n;
	char *words, *out;
	uint32_t cp;
	bool space = false;

	if ((words = malloc(len + 1)) == NULL)
		return NULL;
	while (i < len) {
		n = ds_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			n = 1;
		if (n > 0 && word_char(cp)) {
			if (space && o > 0)
				words[o++] = ' ';
			space = false;
			memcpy(words + o, s + i, n);
			o += n;
		} else {
			space = true;
		}
		i += n;
	}
	words[o] = '\0';
	if (keep_case || o == 0)
		return words;
	out = xapian_unicode_tolower(words, o, NULL, &xe);
	free(words);
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
 * Add one name s[0..len) to the group m[0..*n); one starting with `mark`
 * is one-way.  Blank names are skipped when `skip_blank`, else an error.
 * Returns 0 or a negative code with the message (without FILE:LINE).
 */
static int
add_member(struct member *m, size_t *n, const char *s, size_t len,
	   char mark, bool skip_blank, struct ds_error *err)
{
	bool one_way = false;

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len > 0 && *s == mark) {
		one_way = true;
		s++;
		len--;
	}
	if (len > DS_SYNONYM_MAX)
		return ds_error_set(err, DS_ETOOBIG, "a name longer than %d "
				    "bytes", DS_SYNONYM_MAX);
	if (*n == GROUP_MAX)
		return ds_error_set(err, DS_ETOOBIG, "more than %d names in "
				    "one group", GROUP_MAX);
	if ((m[*n].name = ds_synonym_normalise(s, len, one_way)) == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	if (m[*n].name[0] == '\0') {
		free(m[*n].name);
		if (skip_blank)
			return 0;
		return ds_error_set(err, DS_EFORMAT, "an empty name (names are "
				    "separated by '=')");
	}
	m[*n].one_way = one_way;
	(*n)++;
	return 0;
}

/* The pairs of a group: each name is a key of the others (one-way ones
 * only keys). */
static int
group_pairs(struct pairs *p, struct member *m, size_t n, struct ds_error *err)
{
	size_t i, j;

	if ((p->names += n) > DS_SYNONYMS_MAX)
		return ds_error_set(err, DS_ETOOBIG, "more than %d names",
				    DS_SYNONYMS_MAX);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (!m[j].one_way &&
			    strcmp(m[i].name, m[j].name) != 0 &&
			    pairs_add(p, m[i].name, m[j].name) < 0)
				return ds_error_set(err, DS_ENOMEM,
						    "out of memory");
	return 0;
}

/* A line "A = B = C" into a group ("!NICE": one-way). */
static int
read_group(const char *line, size_t len, struct pairs *p,
	   struct ds_error *err)
{
	struct member m[GROUP_MAX];
	const char *s = line, *end = line + len, *eq;
	size_t n = 0, i;
	int rc = 0;

	while (rc == 0 && s <= end) {
		if ((eq = memchr(s, '=', (size_t)(end - s))) == NULL)
			eq = end;
		rc = add_member(m, &n, s, (size_t)(eq - s), '!', false, err);
		s = eq + 1;
	}
	if (rc == 0 && n < 2)
		rc = ds_error_set(err, DS_EFORMAT, "a group needs two names "
				  "or more, separated by '='");
	if (rc == 0)
		rc = group_pairs(p, m, n, err);
	for (i = 0; i < n; i++)
		free(m[i].name);
	return rc;
}

/* The table's columns that hold names. */
struct columns {
	int name, abbreviations, former, count;
};

/* Field `k` of the tab-separated line into *f, *flen (or empty). */
static void
field(const char *line, size_t len, int k, const char **f, size_t *flen)
{
	const char *s = line, *end = line + len, *tab;
	int i;

	*f = "";
	*flen = 0;
	for (i = 0; s <= end; i++) {
		tab = memchr(s, '\t', (size_t)(end - s));
		if (tab == NULL)
			tab = end;
		if (i == k) {
			*f = s;
			*flen = (size_t)(tab - s);
			if (*flen > 0 && s[*flen - 1] == '\r')
				(*flen)--;
			return;
		}
		s = tab + 1;
	}
}

/* The header line of a table: where the name columns are. */
static int
read_header(const char *line, size_t len, struct columns *c,
	    struct ds_error *err)
{
	const char *s = line, *end = line + len, *tab;
	size_t n;
	int k;

	c->name = c->abbreviations = c->former = -1;
	if (len > 0 && line[len - 1] == '\r')
		end--;
	for (k = 0; s <= end; k++) {
		if ((tab = memchr(s, '\t', (size_t)(end - s))) == NULL)
			tab = end;
		n = (size_t)(tab - s);
		if (n == 4 && memcmp(s, "name", 4) == 0)
			c->name = k;
		else if (n == 13 && memcmp(s, "abbreviations", 13) == 0)
			c->abbreviations = k;
		else if (n == 6 && memcmp(s, "former", 6) == 0)
			c->former = k;
		s = tab + 1;
	}
	c->count = k;
	if (c->name < 0)
		return ds_error_set(err, DS_EFORMAT, "a table needs a \"name\" "
				    "column");
	return 0;
}

/* Add the "; "-separated names of s[0..len) to the group. */
static int
add_list(struct member *m, size_t *n, const char *s, size_t len,
	 struct ds_error *err)
{
	const char *end = s + len, *semi;
	int rc = 0;

	while (rc == 0 && s < end) {
		semi = memchr(s, ';', (size_t)(end - s));
		if (semi == NULL)
			semi = end;
		rc = add_member(m, n, s, (size_t)(semi - s), '=', true, err);
		s = semi + 1;
	}
	return rc;
}

/* A row of the table of bodies into a group: all its names. */
static int
read_row(const char *line, size_t len, const struct columns *c,
	 struct pairs *p, struct ds_error *err)
{
	struct member m[GROUP_MAX];
	const char *f, *end, *entry, *semi, *bar;
	size_t n = 0, flen, i;
	int rc;

	if (memchr(line, '\t', len) == NULL)
		return ds_error_set(err, DS_EFORMAT, "not a row of %d "
				    "tab-separated columns", c->count);
	field(line, len, c->name, &f, &flen);
	if ((rc = add_member(m, &n, f, flen, '=', false, err)) < 0)
		goto out;
	if (c->abbreviations >= 0) {
		field(line, len, c->abbreviations, &f, &flen);
		if ((rc = add_list(m, &n, f, flen, err)) < 0)
			goto out;
	}
	if (c->former >= 0) {
		field(line, len, c->former, &f, &flen);
		/* "Name|ABBR|from|to; Name|..." */
		for (entry = f, end = f + flen; rc == 0 && entry < end;
		     entry = semi + 1) {
			semi = memchr(entry, ';', (size_t)(end - entry));
			if (semi == NULL)
				semi = end;
			bar = memchr(entry, '|', (size_t)(semi - entry));
			rc = add_member(m, &n, entry,
					(size_t)((bar ? bar : semi) - entry),
					'=', true, err);
			if (rc == 0 && bar != NULL) {
				const char *b2 = memchr(bar + 1, '|',
							(size_t)(semi - bar - 1));

				rc = add_member(m, &n, bar + 1,
						(size_t)((b2 ? b2 : semi) -
							 (bar + 1)),
						'=', true, err);
			}
		}
		if (rc < 0)
			goto out;
	}
	/* A body with one name and no abbreviation adds nothing. */
	rc = n >= 2 ? group_pairs(p, m, n, err) : 0;
out:
	for (i = 0; i < n; i++)
		free(m[i].name);
	return rc;
}

/* Read one file's groups or rows into p; its hash into *hash. */
static int
load_file(const char *path, struct pairs *p, uint64_t *hash,
	  struct ds_error *err)
{
	struct columns cols = {-1, -1, -1, 0};
	bool table = false, first = true;
	unsigned long line = 0;
	struct ds_stamp st;
	size_t len, pos;
	char *buf = NULL;
	int rc;

	if ((rc = ds_read_file(path, MAX_FILE, &buf, &len, &st, err)) < 0)
		return rc;
	*hash = st.hash;
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
		if (first) {
			first = false;
			if (end - s > 8 && memcmp(buf + s, "id\tname\t", 8) == 0) {
				table = true;
				rc = read_header(buf + s, end - s, &cols, err);
				if (rc < 0)
					ds_error_prefix(err, "%s:%lu", path,
							line);
				continue;
			}
		}
		rc = table ? read_row(buf + s, end - s, &cols, p, err)
			   : read_group(buf + s, end - s, p, err);
		if (rc < 0)
			ds_error_prefix(err, "%s:%lu", path, line);
	}
	free(buf);
	return rc;
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
			free(p->v[m].key);
			p->v[m].key = NULL;
			t->syn[k][m - i] = p->v[m].syn;
			p->v[m].syn = NULL;
			t->nsyn[k]++;
		}
		i = j;
	}
	return 0;
}

int
ds_synonyms_load(const char *const *paths, size_t npaths,
		 struct ds_synonyms *t, struct ds_error *err)
{
	struct pairs p = {NULL, 0, 0, 0};
	uint64_t version = DS_HASH_INIT, h;
	size_t i;
	int rc = 0;

	ds_synonyms_release(t);
	for (i = 0; i < npaths && rc == 0; i++) {
		rc = load_file(paths[i], &p, &h, err);
		version = ds_hash64(version, &h, sizeof h);
	}
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
	else
		ds_hash_hex(version, t->version);
	return rc;
}
