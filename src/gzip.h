/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gzip.h: bounded gunzip of a buffer already in memory (RELIABILITY.md 2.2).
 *
 * Nothing here trusts the compressed bytes.  Invariants:
 *
 *  - gzip only (zlib's windowBits 15 + 16): a zlib or raw deflate stream is
 *    an error, never passed through as if it were text.
 *  - The output never exceeds the cap (64 MiB by default): one byte more and
 *    the whole buffer is refused with DS_ETOOBIG.  A ratio guard refuses
 *    output beyond 100 times the input plus 1 MiB even under the cap, so a
 *    small bomb does not cost 64 MiB of memory and CPU either.
 *  - Inflate runs in 64 KiB output chunks, so memory grows with what was
 *    really decoded, not with what a header claims.
 *  - Concatenated members (RFC 1952 allows them; gzip(1) writes them for
 *    `cat a.gz b.gz`) are all decoded, one after the other.
 *  - Bytes after the last member that do not start another member are
 *    trailing garbage: ignored, counted in info->trailing so the caller
 *    can warn (gzip(1) does the same: "trailing garbage ignored").
 *  - One layer only: a member whose content is itself gzip is returned as
 *    it is; the caller decides (extract.c refuses it).
 *  - A stream that ends before its trailer (CRC-32 and length) is
 *    "truncated", never a silent success; a wrong CRC, corrupt deflate
 *    data or a header asking for a preset dictionary carry zlib's message.
 *
 * Codes: damaged compressed data is DS_EIO (the file cannot be read, as
 * zlib's gzread() reports it), beyond the cap or the ratio DS_ETOOBIG,
 * input that is not gzip at all DS_EFORMAT, DS_ENOMEM when memory runs out.
 * Thread-safe: no global state.
 */
#ifndef DOSSIER_GZIP_H
#define DOSSIER_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* The ratio guard: output <= DS_GZIP_MAX_RATIO x input + DS_GZIP_RATIO_SLACK. */
#define DS_GZIP_MAX_RATIO 100
#define DS_GZIP_RATIO_SLACK ((size_t)1 << 20)

/* Output is decoded this many bytes at a time. */
#define DS_GZIP_CHUNK ((size_t)64 << 10)

struct ds_gzip_opts {
	size_t max_out;		/* cap on the output; 0: 64 MiB
				   (DS_EXTRACT_DEFAULT_MAX_INPUT) */
	unsigned max_ratio;	/* 0: DS_GZIP_MAX_RATIO */
};

/* What ds_gunzip() found besides the data. */
struct ds_gzip_info {
	unsigned members;	/* gzip members decoded (1 for most files) */
	size_t trailing;	/* bytes of trailing garbage ignored */
};

/* Whether buf[0..len) starts with gzip's magic number, 1f 8b. */
bool ds_is_gzip(const char *buf, size_t len);

/*
 * Decompress the gzip data in[0..len) into a new buffer *out (the caller
 * frees it; NUL-terminated for convenience, *out_len excludes the NUL).
 * `name` (a path, may be NULL) starts every message.  `opts` may be NULL
 * for the defaults; `info` may be NULL.  Returns 0, or a negative DS_E*
 * code (see above) with *out NULL and *out_len 0.  Input that does not
 * start with the magic number (empty input too) is DS_EFORMAT; a lone
 * header, or anything cut short, is "truncated" (DS_EIO).
 */
int ds_gunzip(const char *in, size_t len, const char *name,
	      const struct ds_gzip_opts *opts, char **out, size_t *out_len,
	      struct ds_gzip_info *info, struct ds_error *err);

#endif /* DOSSIER_GZIP_H */
