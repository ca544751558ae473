/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * search-shards.h: opening a database path for searching, shard by shard
 * when some of its shards are remote (xapian-tcpsrv), so that each
 * remote one is reached with the configured time limits and, when asked,
 * a shard that does not answer is left out instead of failing the
 * search.  Internal to the search module (search.c).
 */
#ifndef DOSSIER_SEARCH_SHARDS_H
#define DOSSIER_SEARCH_SHARDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "search.h"
#include "xapian-c.h"

/* Which shards the database opened stands for (ds_shards_open()). */
struct ds_shard_state {
	size_t total;		/* shards the path lists */
	size_t answered;	/* of those, the ones opened */
	char *missing;		/* the first left out and why, or NULL */
	bool remote;		/* opened shard by shard: some are remote */
	time_t when;		/* when opened */
};

/*
 * How long a searcher goes on without shards it left out before trying
 * them again: a shard whose host is down may take the whole connect time
 * limit to fail, and a FastCGI process must not pay it on every request.
 */
#define DS_SHARD_RETRY_SECONDS 10

void ds_shard_state_release(struct ds_shard_state *st);

/*
 * Open the database at `path` for reading.  A path with no remote shard
 * is opened by Xapian as it is.  Otherwise each shard is opened on its
 * own, the remote ones within opts' limits, and added to one database
 * that searches them together.  A shard that can't be opened fails the
 * whole, with *xe naming it ("shard HOST:PORT: ..."), unless
 * opts->partial and another shard answered: it is then left out and *st
 * says so.  NULL with *xe on failure.
 */
struct xapian_database *ds_shards_open(const char *path,
				       const struct ds_shard_opts *opts,
				       struct ds_shard_state *st,
				       struct xapian_error *xe);

/* Whether a failure was a shard not answering (network, time limit). */
int ds_shards_unanswered(const struct xapian_error *xe);

#endif /* DOSSIER_SEARCH_SHARDS_H */
