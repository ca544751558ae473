/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stamp.h: what a file looked like when it was indexed, so that the next
 * run can tell an unchanged file from a changed one without parsing it.
 *
 * A stamp holds the file's size on disk, its modification time in
 * nanoseconds and a 64-bit hash (hash.h) of its bytes as read, before any
 * decompression.  The indexer compares size and mtime first (a stat is
 * enough); when only the time moved, it hashes the file again and, if the
 * hash is the same, keeps the document and only refreshes the stamp.
 *
 * In the index a stamp is one value slot (layout.h, DS_SLOT_STAMP) holding
 * text that Xapian's tools show as it is: "MTIME_NS SIZE HASH", decimal,
 * decimal, 16 hex digits.  A stamp with size -1 is "unknown" (documents
 * that came from no file, or an index older than stamps): it never
 * matches, so such a document is always extracted again.
 */
#ifndef DOSSIER_STAMP_H
#define DOSSIER_STAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

struct ds_stamp {
	int64_t mtime_ns;	/* modification time, ns since 1970 */
	int64_t size;		/* bytes on disk; -1: unknown */
	uint64_t hash;		/* ds_hash64 of the bytes on disk */
};

/* Room for an encoded stamp and its NUL. */
#define DS_STAMP_MAX 64

/* The unknown stamp: never the same as any file. */
void ds_stamp_init(struct ds_stamp *st);

/* The modification time of `sb` in nanoseconds since 1970. */
int64_t ds_stamp_mtime_ns(const struct stat *sb);

/*
 * Whether the file described by `sb` still has the size and modification
 * time recorded in `st` (false when `st` is unknown).
 */
bool ds_stamp_matches_stat(const struct ds_stamp *st, const struct stat *sb);

/*
 * Write `st` as "MTIME_NS SIZE HASH" into out[0..DS_STAMP_MAX); returns the
 * length written (without the NUL).
 */
size_t ds_stamp_encode(const struct ds_stamp *st, char out[DS_STAMP_MAX]);

/*
 * Read a stamp written by ds_stamp_encode() from s[0..len).  Returns 0, or
 * -1 (and the unknown stamp in *st) when s is not one: absent, from an
 * older index, or damaged.
 */
int ds_stamp_decode(const char *s, size_t len, struct ds_stamp *st);

#endif /* DOSSIER_STAMP_H */
