/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gzip.c: bounded gunzip with zlib's inflate(), following the eight rules
 * of RELIABILITY.md 2.2 (the contract is in gzip.h).
 */

#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "extract.h"
#include "gzip.h"

/* Input is handed to zlib at most this much at a time (avail_in is a uInt). */
#define FEED_MAX ((size_t)1 << 30)

bool
ds_is_gzip(const char *buf, size_t len)
{
	return len >= 2 && (unsigned char)buf[0] == 0x1f &&
	       (unsigned char)buf[1] == 0x8b;
}

/* The decoded output so far and the limits it must stay within. */
struct sink {
	char *data;
	size_t len, cap;
	size_t max_out;		/* the cap */
	size_t max_ratio_out;	/* the ratio guard, in bytes */
	unsigned ratio;
	const char *name;
};

/*
 * Append s[0..n) to the sink, refusing to go one byte past either limit
 * (so memory never exceeds the cap, plus the NUL).
 */
static int
sink_put(struct sink *k, const unsigned char *s, size_t n,
	 struct ds_error *err)
{
	size_t cap;
	char *nd;

	if (n > k->max_out - k->len)
		return ds_error_set(err, DS_ETOOBIG,
				    "%s: decompresses to more than the limit "
				    "of %zu bytes (a decompression bomb?)",
				    k->name, k->max_out);
	if (n > k->max_ratio_out - k->len)
		return ds_error_set(err, DS_ETOOBIG,
				    "%s: decompresses to more than %u times "
				    "its size (a decompression bomb?)",
				    k->name, k->ratio);
	if (k->len + n + 1 > k->cap) {
		cap = k->cap;
		while (cap < k->len + n + 1)
			cap = cap <= k->max_out / 2 ? cap * 2 : k->max_out + 1;
		if ((nd = realloc(k->data, cap)) == NULL)
			return ds_error_set(err, DS_ENOMEM,
					    "%s: out of memory for %zu bytes "
					    "of decompressed data", k->name,
					    cap);
		k->data = nd;
		k->cap = cap;
	}
	memcpy(k->data + k->len, s, n);
	k->len += n;
	k->data[k->len] = '\0';
	return 0;
}

int
ds_gunzip(const char *in, size_t len, const char *name,
	  const struct ds_gzip_opts *opts, char **out, size_t *out_len,
	  struct ds_gzip_info *info, struct ds_error *err)
{
	struct sink k = {0};
	struct ds_gzip_info inf = {0, 0};
	unsigned char *chunk = NULL;
	const unsigned char *q;
	size_t left = len, produced, rest;
	z_stream zs;
	int inited = 0, ret, rc = DS_EINTERNAL;

	*out = NULL;
	*out_len = 0;
	if (info)
		*info = inf;
	k.name = name ? name : "(gzip data)";
	k.max_out = opts && opts->max_out ? opts->max_out :
		    DS_EXTRACT_DEFAULT_MAX_INPUT;
	if (k.max_out == SIZE_MAX)
		k.max_out--;	/* room for the NUL */
	k.ratio = opts && opts->max_ratio ? opts->max_ratio :
		  DS_GZIP_MAX_RATIO;
	k.max_ratio_out = len > (SIZE_MAX - DS_GZIP_RATIO_SLACK) / k.ratio ?
			  SIZE_MAX : len * k.ratio + DS_GZIP_RATIO_SLACK;
	if (in == NULL || !ds_is_gzip(in, len))
		return ds_error_set(err, DS_EFORMAT, "%s: not gzip data",
				    k.name);

	/* Start from a guess; sink_put() grows it as data really arrives. */
	k.cap = len < k.max_out / 4 ? 4 * len + 1 : k.max_out + 1;
	if (k.cap > DS_GZIP_CHUNK * 16 + 1)
		k.cap = DS_GZIP_CHUNK * 16 + 1;
	if ((k.data = malloc(k.cap)) == NULL ||
	    (chunk = malloc(DS_GZIP_CHUNK)) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "%s: out of memory", k.name);
		goto out;
	}
	k.data[0] = '\0';

	memset(&zs, 0, sizeof zs);
	ret = inflateInit2(&zs, 15 + 16);	/* gzip only, never zlib */
	if (ret != Z_OK) {
		rc = ds_error_set(err, ret == Z_MEM_ERROR ? DS_ENOMEM :
				  DS_EINTERNAL, "%s: inflateInit2: %s", k.name,
				  zs.msg ? zs.msg : zError(ret));
		goto out;
	}
	inited = 1;
	for (;;) {
		if (zs.avail_in == 0 && left > 0) {
			size_t n = left < FEED_MAX ? left : FEED_MAX;

			zs.next_in = (Bytef *)(in + (len - left));
			zs.avail_in = (uInt)n;
			left -= n;
		}
		zs.next_out = chunk;
		zs.avail_out = (uInt)DS_GZIP_CHUNK;
		ret = inflate(&zs, Z_NO_FLUSH);
		produced = DS_GZIP_CHUNK - zs.avail_out;
		switch (ret) {
		case Z_OK:
		case Z_STREAM_END:
		case Z_BUF_ERROR:
			break;
		case Z_NEED_DICT:
			rc = ds_error_set(err, DS_EIO, "%s: corrupt gzip data: "
					  "it asks for a preset dictionary",
					  k.name);
			goto out;
		case Z_DATA_ERROR:
			rc = ds_error_set(err, DS_EIO, "%s: corrupt gzip data: "
					  "%s", k.name, zs.msg ? zs.msg :
					  "invalid data");
			goto out;
		case Z_MEM_ERROR:
			rc = ds_error_set(err, DS_ENOMEM, "%s: out of memory "
					  "while decompressing", k.name);
			goto out;
		default:
			rc = ds_error_set(err, DS_EINTERNAL, "%s: inflate: %s",
					  k.name, zError(ret));
			goto out;
		}
		if (produced > 0 && (rc = sink_put(&k, chunk, produced, err)) < 0)
			goto out;
		if (ret == Z_STREAM_END) {
			inf.members++;
			rest = zs.avail_in + left;
			if (rest == 0)
				break;
			/* Another member follows, or garbage. */
			q = (const unsigned char *)in + (len - rest);
			if (!ds_is_gzip((const char *)q, rest)) {
				inf.trailing = rest;
				break;
			}
			if (inflateReset(&zs) != Z_OK) {
				rc = ds_error_set(err, DS_EINTERNAL,
						  "%s: inflateReset failed",
						  k.name);
				goto out;
			}
			continue;
		}
		/*
		 * All input consumed, output room left over, and no end of
		 * stream: nothing more can come.  The stream was cut short.
		 */
		if (zs.avail_in == 0 && left == 0 && produced < DS_GZIP_CHUNK) {
			rc = ds_error_set(err, DS_EIO, "%s: truncated gzip "
					  "data: the file ends before the end "
					  "of the compressed stream (%zu bytes "
					  "decoded)", k.name, k.len);
			goto out;
		}
		/* Z_BUF_ERROR means no progress: only lack of input explains
		 * it, and that was handled above. */
		if (ret == Z_BUF_ERROR && produced == 0) {
			rc = ds_error_set(err, DS_EINTERNAL,
					  "%s: inflate made no progress", k.name);
			goto out;
		}
	}
	*out = k.data;
	*out_len = k.len;
	k.data = NULL;
	if (info)
		*info = inf;
	rc = 0;
out:
	if (inited)
		inflateEnd(&zs);
	free(chunk);
	free(k.data);
	return rc;
}
