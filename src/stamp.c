/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stamp.c: file stamps, and their text in a value slot. */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "stamp.h"

void
ds_stamp_init(struct ds_stamp *st)
{
	st->mtime_ns = 0;
	st->size = -1;
	st->hash = 0;
}

int64_t
ds_stamp_mtime_ns(const struct stat *sb)
{
	return (int64_t)sb->st_mtim.tv_sec * 1000000000 +
	       (int64_t)sb->st_mtim.tv_nsec;
}

bool
ds_stamp_matches_stat(const struct ds_stamp *st, const struct stat *sb)
{
	return st->size >= 0 && st->size == (int64_t)sb->st_size &&
	       st->mtime_ns == ds_stamp_mtime_ns(sb);
}

size_t
ds_stamp_encode(const struct ds_stamp *st, char out[DS_STAMP_MAX])
{
	int n = snprintf(out, DS_STAMP_MAX, "%" PRId64 " %" PRId64 " %016" PRIx64,
			 st->mtime_ns, st->size, st->hash);

	return n < 0 ? 0 : (size_t)n;
}

/* Parse a decimal integer (optional '-') at *p, up to `end`. */
static int
get_int(const char **p, const char *end, int64_t *out)
{
	const char *s = *p;
	int neg = 0;
	uint64_t v = 0;

	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	if (s == end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_C(1) << 62) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = neg ? -(int64_t)v : (int64_t)v;
	*p = s;
	return 0;
}

int
ds_stamp_decode(const char *s, size_t len, struct ds_stamp *st)
{
	const char *p = s, *end = s + len;
	struct ds_stamp t;
	int i;

	ds_stamp_init(st);
	if (s == NULL || get_int(&p, end, &t.mtime_ns) < 0 || p == end ||
	    *p++ != ' ' || get_int(&p, end, &t.size) < 0 || t.size < -1 ||
	    p == end || *p++ != ' ' || end - p != 16)
		return -1;
	t.hash = 0;
	for (i = 0; i < 16; i++, p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else
			return -1;
		t.hash = t.hash << 4 | d;
	}
	*st = t;
	return 0;
}
