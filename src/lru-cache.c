/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lru-cache.c: a byte-bounded least-recently-used map (see lru-cache.h).
 *
 * Entries are one allocation each (the entry, then its key, then its
 * value), in a hash table of chains and on a doubly linked list from the
 * most to the least recently used.  The table doubles when there are
 * more entries than chains.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "lru-cache.h"

#define FIRST_BUCKETS 64

struct entry {
	struct entry *chain;		/* the next in its bucket */
	struct entry *newer, *older;	/* the use list */
	uint64_t hash;
	size_t keylen, len;
	unsigned char bytes[];		/* key, then value */
};

struct ds_lru {
	struct entry **buckets;
	size_t nbuckets;		/* a power of two, or 0 */
	struct entry *newest, *oldest;
	size_t count, bytes, max_bytes;
};

static size_t
cost(size_t keylen, size_t len)
{
	return DS_LRU_OVERHEAD + keylen + len;
}

struct ds_lru *
ds_lru_new(size_t max_bytes)
{
	struct ds_lru *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->max_bytes = max_bytes;
	return c;
}

/* Where the chain for hash h starts. */
static struct entry **
bucket(struct ds_lru *c, uint64_t h)
{
	return &c->buckets[h & (c->nbuckets - 1)];
}

static struct entry **
find(struct ds_lru *c, uint64_t h, const void *key, size_t keylen)
{
	struct entry **p;

	if (c->nbuckets == 0)
		return NULL;
	for (p = bucket(c, h); *p != NULL; p = &(*p)->chain)
		if ((*p)->hash == h && (*p)->keylen == keylen &&
		    memcmp((*p)->bytes, key, keylen) == 0)
			return p;
	return NULL;
}

static void
unlink_use(struct ds_lru *c, struct entry *e)
{
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	e->newer = e->older = NULL;
}

static void
push_newest(struct ds_lru *c, struct entry *e)
{
	e->older = c->newest;
	e->newer = NULL;
	if (c->newest != NULL)
		c->newest->newer = e;
	c->newest = e;
	if (c->oldest == NULL)
		c->oldest = e;
}

/* Forget the entry *p points to (in its chain). */
static void
drop(struct ds_lru *c, struct entry **p)
{
	struct entry *e = *p;

	*p = e->chain;
	unlink_use(c, e);
	c->count--;
	c->bytes -= cost(e->keylen, e->len);
	free(e);
}

static void
drop_entry(struct ds_lru *c, struct entry *e)
{
	struct entry **p = bucket(c, e->hash);

	while (*p != e)
		p = &(*p)->chain;
	drop(c, p);
}

/* Room for one more entry in the table: false when out of memory. */
static bool
grow(struct ds_lru *c)
{
	struct entry **nb, *e, *next;
	size_t n, i;

	if (c->count < c->nbuckets)
		return true;
	n = c->nbuckets ? c->nbuckets * 2 : FIRST_BUCKETS;
	if ((nb = calloc(n, sizeof *nb)) == NULL)
		return c->nbuckets != 0;	/* longer chains, still right */
	for (i = 0; i < c->nbuckets; i++)
		for (e = c->buckets[i]; e != NULL; e = next) {
			next = e->chain;
			e->chain = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	free(c->buckets);
	c->buckets = nb;
	c->nbuckets = n;
	return true;
}

const void *
ds_lru_get(struct ds_lru *c, const void *key, size_t keylen, size_t *len)
{
	uint64_t h = ds_hash64(DS_HASH_INIT, key, keylen);
	struct entry **p = find(c, h, key, keylen);

	if (p == NULL)
		return NULL;
	unlink_use(c, *p);
	push_newest(c, *p);
	*len = (*p)->len;
	return (*p)->bytes + keylen;
}

int
ds_lru_put(struct ds_lru *c, const void *key, size_t keylen,
	   const void *value, size_t len)
{
	uint64_t h = ds_hash64(DS_HASH_INIT, key, keylen);
	struct entry **p = find(c, h, key, keylen), *e;
	size_t need;

	if (p != NULL)
		drop(c, p);
	if (keylen > SIZE_MAX / 4 || len > SIZE_MAX / 4)
		return 1;
	need = cost(keylen, len);
	if (need > c->max_bytes / 8)
		return 1;
	while (c->bytes + need > c->max_bytes && c->oldest != NULL)
		drop_entry(c, c->oldest);
	if (!grow(c) || (e = malloc(sizeof *e + keylen + len)) == NULL)
		return -1;
	e->hash = h;
	e->keylen = keylen;
	e->len = len;
	memcpy(e->bytes, key, keylen);
	if (len > 0)
		memcpy(e->bytes + keylen, value, len);
	p = bucket(c, h);
	e->chain = *p;
	*p = e;
	push_newest(c, e);
	c->count++;
	c->bytes += need;
	return 0;
}

void
ds_lru_clear(struct ds_lru *c)
{
	while (c->oldest != NULL)
		drop_entry(c, c->oldest);
}

void
ds_lru_free(struct ds_lru *c)
{
	if (c == NULL)
		return;
	ds_lru_clear(c);
	free(c->buckets);
	free(c);
}

size_t
ds_lru_count(const struct ds_lru *c)
{
	return c->count;
}

size_t
ds_lru_bytes(const struct ds_lru *c)
{
	return c->bytes;
}
