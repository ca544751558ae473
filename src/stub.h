/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stub.h: the shards a database path stands for.
 *
 * A database path names a Xapian database directory, a stub file (or a
 * stub directory: one holding a file XAPIANDB) listing databases, or a
 * symbolic link to one of those.  Stub lines are Xapian's: "auto PATH",
 * "glass PATH" (a relative PATH is relative to the stub's directory),
 * "remote HOST:PORT" (xapian-tcpsrv), blank lines and "#" comments.  An
 * "auto" line may name another stub; the list here follows it, so that
 * it ends in the shards themselves, in the order Xapian numbers them (a
 * document's id over the whole is (id_in_shard - 1) * n + shard + 1).
 *
 * Xapian reads stubs itself; Dossier lists them to reach each shard on
 * its own: to open remote shards with its own time limits, to check the
 * local ones, and to know which shard a new document goes to.
 */
#ifndef DOSSIER_STUB_H
#define DOSSIER_STUB_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Stubs naming stubs: deeper than this is refused (a loop, surely). */
#define DS_STUB_MAX_DEPTH 8

/* The most shards one path may stand for. */
#define DS_STUB_MAX_SHARDS 1024

struct ds_shard {
	bool remote;
	char *path;		/* local: the database directory */
	char *host;		/* remote: host name or address */
	unsigned port;		/* remote: TCP port */
	char *where;		/* "PATH" or "HOST:PORT", for messages */
};

struct ds_shard_list {
	struct ds_shard *shard;
	size_t n;
	bool stub;		/* the path was a stub (not a database) */
	size_t nremote;
};

/*
 * List the shards `path` stands for into *out (released with
 * ds_shard_list_release() whatever the result).  A database directory
 * (or anything that is not a stub: Xapian will say what it is) is one
 * local shard.  DS_ENOENT when nothing is at `path`; DS_EFORMAT, naming
 * the file and line, for a line that is not one of those above (a
 * "remote" line running a program included: not supported); DS_ETOOBIG
 * beyond the limits above.
 */
int ds_shard_list_read(const char *path, struct ds_shard_list *out,
		       struct ds_error *err);

void ds_shard_list_release(struct ds_shard_list *list);

#endif /* DOSSIER_STUB_H */
