/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lru-cache.h: a map from byte-string keys to byte-string values that
 * holds at most a given number of bytes, forgetting the least recently
 * used entries to make room.
 *
 * dossier.cgi under FastCGI keeps the answers it gave in one, keyed on
 * the database's state and the request, so that a popular search, or
 * the next look at a page, costs a lookup instead of a search.
 *
 * Every entry counts its key, its value and a fixed overhead against the
 * budget.  A value of more than an eighth of the budget is not kept (one
 * huge answer must not empty the cache of the many small ones).  Not
 * thread-safe: one cache a thread.  Keys are compared as bytes, hashed
 * with FNV-1a; the keys come from requests, so an attacker can make
 * lookups slower by choosing colliding keys, but never wrong, and the
 * chains stay bounded by the entries the budget allows.
 */
#ifndef DOSSIER_LRU_CACHE_H
#define DOSSIER_LRU_CACHE_H

#include <stddef.h>

struct ds_lru;

/* What an entry costs beyond its key and value bytes. */
#define DS_LRU_OVERHEAD 64

/*
 * A cache holding at most max_bytes (0: a cache that keeps nothing), or
 * NULL when out of memory.
 */
struct ds_lru *ds_lru_new(size_t max_bytes);

void ds_lru_free(struct ds_lru *c);

/*
 * The value stored under key[0..keylen), and its length in *len; NULL
 * when there is none.  The entry becomes the most recently used.  The
 * pointer is valid until the next ds_lru_put(), ds_lru_clear() or
 * ds_lru_free().
 */
const void *ds_lru_get(struct ds_lru *c, const void *key, size_t keylen,
		       size_t *len);

/*
 * Store a copy of value[0..len) under key[0..keylen), replacing what was
 * there, and forget the least recently used entries until the cache is
 * within its budget.  0 when stored, 1 when the entry is too big to
 * keep (and any old value under the key is forgotten), -1 when out of
 * memory (the cache then holds what it held, less the old value).
 */
int ds_lru_put(struct ds_lru *c, const void *key, size_t keylen,
	       const void *value, size_t len);

/* Forget every entry. */
void ds_lru_clear(struct ds_lru *c);

/* How many entries, and how many bytes they count, the cache holds. */
size_t ds_lru_count(const struct ds_lru *c);
size_t ds_lru_bytes(const struct ds_lru *c);

#endif /* DOSSIER_LRU_CACHE_H */
