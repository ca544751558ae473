/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * shardset.h: a Dossier shard set, the database `dossier-index --shards N`
 * builds when one database is not enough.
 *
 * A set is one directory holding a stub file XAPIANDB and the databases it
 * lists, in this order:
 *
 *   lexicon/            no documents: the metadata (dossier.schema,
 *                       dossier.shards = N, ...), the spelling table and
 *                       the synonyms
 *   shard0/ .. shardN-1/  the documents, each in shard ds_shardset_pick()
 *
 * Xapian opens the directory as one database, for reading and for
 * writing (a stub directory); what a WritableDatabase of several puts in
 * "the database" (metadata, spellings, synonyms) goes to the first, the
 * lexicon.  The database path is a stub file naming the set's directory,
 * so that a rebuild switches every shard at once (dbpath.h).  Searching
 * needs nothing of this: Xapian combines the shards' statistics, so the
 * results are those of one database of the same documents.
 *
 * The lexicon comes first so that a machine searching the shards over the
 * network (xapian-tcpsrv, which serves neither spelling nor synonyms)
 * keeps spelling and synonyms by listing a local copy of it first:
 *
 *   auto /var/lib/dossier/lexicon
 *   remote shard1.example:7001
 *   remote shard2.example:7001
 */
#ifndef DOSSIER_SHARDSET_H
#define DOSSIER_SHARDSET_H

#include <stdbool.h>

#include "error.h"

/* The most shards a set may have. */
#define DS_SHARDSET_MAX 256

/* Lexicon metadata: the number of shards, in decimal. */
#define DS_META_SHARDS "dossier.shards"

/* The lexicon's directory name in a set; the shards are "shard%u". */
#define DS_SHARDSET_LEXICON "lexicon"

/*
 * Make an empty set of `n` shards (1..DS_SHARDSET_MAX) in directory
 * `dir`, which must not exist: its databases, each committed once, and
 * its XAPIANDB, written durably last.  On failure nothing is left.
 */
int ds_shardset_create(const char *dir, unsigned n, struct ds_error *err);

/*
 * The number of shards of the set `path` stands for (a stub naming a
 * set, or the set's directory) into *n; 0 when it is not a set (one
 * database, or a stub someone wrote listing others).  DS_ENOENT when
 * nothing is there.
 */
int ds_shardset_size(const char *path, unsigned *n, struct ds_error *err);

/* Whether `dir` is a set's directory: it holds a XAPIANDB file. */
bool ds_shardset_dir(const char *dir);

/*
 * Write a compacted copy of the set `path` stands for (of `n` shards) to
 * directory `to`, which must not exist: each database compacted on its
 * own (Xapian's compaction would merge them).
 */
int ds_shardset_compact(const char *path, unsigned n, const char *to,
			struct ds_error *err);

/*
 * The shard (0..n-1) of the document whose unique id term is `id_term`:
 * a 64-bit FNV-1a hash of it, modulo n.  Fixed for good: documents never
 * move between shards, and changing this would misplace every new one.
 */
unsigned ds_shardset_pick(const char *id_term, unsigned n);

#endif /* DOSSIER_SHARDSET_H */
