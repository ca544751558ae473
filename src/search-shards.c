/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search-shards.c: opening shards, remote ones within limits. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search-shards.h"
#include "stub.h"

void
ds_shard_state_release(struct ds_shard_state *st)
{
	free(st->missing);
	memset(st, 0, sizeof *st);
}

int
ds_shards_unanswered(const struct xapian_error *xe)
{
	return xe->code == XAPIAN_E_NETWORK ||
	       xe->code == XAPIAN_E_NETWORK_TIMEOUT;
}

/* Put "shard WHERE: " before the message in *xe. */
static void
name_shard(struct xapian_error *xe, const char *where)
{
	char msg[sizeof xe->message];

	/* Cut short if need be: the shard's name comes first. */
	if (snprintf(msg, sizeof msg, "shard %s: %s", where, xe->message) < 0)
		return;
	memcpy(xe->message, msg, sizeof msg);
}

static struct xapian_database *
open_shard(const struct ds_shard *sh, const struct ds_shard_opts *opts,
	   struct xapian_error *xe)
{
	struct xapian_database *db;

	if (sh->remote)
		db = xapian_database_open_remote(sh->host, sh->port,
						 opts->timeout_ms,
						 opts->connect_timeout_ms, xe);
	else
		db = xapian_database_open(sh->path, xe);
	if (db == NULL)
		name_shard(xe, sh->where);
	return db;
}

struct xapian_database *
ds_shards_open(const char *path, const struct ds_shard_opts *opts,
	       struct ds_shard_state *st, struct xapian_error *xe)
{
	static const struct ds_shard_opts defaults = {0, 0, false};
	struct ds_shard_list list;
	struct xapian_database *all = NULL, *one;
	struct xapian_error first;
	struct ds_error err;
	size_t i;

	ds_shard_state_release(st);
	if (opts == NULL)
		opts = &defaults;
	/*
	 * A path that can't be listed (nothing there, an odd stub) is
	 * Xapian's to report, in its words, as it would without shards.
	 */
	if (ds_shard_list_read(path, &list, &err) < 0 || list.nremote == 0) {
		ds_shard_list_release(&list);
		if ((all = xapian_database_open(path, xe)) != NULL) {
			st->total = st->answered =
				xapian_database_shard_count(all);
		}
		return all;
	}
	st->total = list.n;
	st->remote = true;
	st->when = time(NULL);
	memset(&first, 0, sizeof first);
	if ((all = xapian_database_new_empty(xe)) == NULL)
		goto fail;
	for (i = 0; i < list.n; i++) {
		if ((one = open_shard(&list.shard[i], opts, xe)) == NULL) {
			/* Only shards that don't answer may be left out. */
			if (!opts->partial || !ds_shards_unanswered(xe))
				goto fail;
			if (st->missing == NULL) {
				first = *xe;
				st->missing = strdup(xe->message);
			}
			continue;
		}
		if (xapian_database_add_database(all, one, xe) < 0) {
			xapian_database_free(one);
			goto fail;
		}
		xapian_database_free(one);
		st->answered++;
	}
	if (st->answered == 0) {
		*xe = first;	/* none answered: the first one's failure */
		goto fail;
	}
	ds_shard_list_release(&list);
	return all;
fail:
	xapian_database_free(all);
	ds_shard_list_release(&list);
	ds_shard_state_release(st);
	return NULL;
}
