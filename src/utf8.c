/* SPDX-License-Identifier: GPL-2.0-or-later */
/* utf8.c: strict UTF-8 decoding and encoding. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

size_t
ds_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xc2)		/* continuation byte or overlong lead */
		return 0;
	if (c < 0xe0) {
		n = 2; c &= 0x1f; min = 0x80;
	} else if (c < 0xf0) {
		n = 3; c &= 0x0f; min = 0x800;
	} else if (c < 0xf5) {
		n = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

size_t
ds_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

bool
ds_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		/* ASCII eight bytes at a time: most text is ASCII. */
		if (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (!(w & UINT64_C(0x8080808080808080))) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = ds_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t
ds_utf8_cut(const char *s, size_t len)
{
	size_t i = len, back = 0;

	/* Step back over at most 3 continuation bytes to the lead byte. */
	while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80) {
		i--;
		back++;
	}
	if (i == 0)
		return len;	/* not UTF-8 at all: cut where asked */
	{
		unsigned char lead = (unsigned char)s[i - 1];
		size_t need;

		if (lead < 0x80)
			return len;
		need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
		/* s[i-1] starts a sequence with `back` continuation bytes. */
		if (back + 1 >= need)
			return len;
		return i - 1;
	}
}

char *
ds_utf8_map(const char *s, int (*filter)(uint32_t cp, const void *arg),
	    const void *arg)
{
	size_t len = strlen(s), i = 0, o = 0, n;
	uint32_t cp;
	int what;
	/* An invalid byte grows to 3 (U+FFFD); nothing else grows. */
	char *out = malloc(len * 3 + 1);

	if (out == NULL)
		return NULL;
	while (i < len) {
		n = ds_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		what = filter ? filter(cp, arg) : DS_UTF8_KEEP;
		if (what == DS_UTF8_KEEP) {
			memcpy(out + o, s + i, n);
			o += n;
		} else if (what >= 0) {
			out[o++] = (char)what;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

char *
ds_utf8_repair(const char *s)
{
	return ds_utf8_map(s, NULL, NULL);
}
