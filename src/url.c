/* SPDX-License-Identifier: GPL-2.0-or-later */
/* url.c: addresses of files and query-string values (url.h). */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "url.h"

static const char hex[] = "0123456789ABCDEF";

/* Whether c is one of RFC 3986's unreserved characters. */
static int
is_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/* base, then s with every byte but the unreserved ones (and `keep`) %XX. */
static char *
encode(const char *base, const char *s, char keep)
{
	size_t blen = strlen(base), len = strlen(s), i, o;
	char *url = malloc(blen + len * 3 + 1);

	if (url == NULL)
		return NULL;
	memcpy(url, base, blen);
	o = blen;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_unreserved(c) || (keep && c == (unsigned char)keep)) {
			url[o++] = (char)c;
		} else {
			url[o++] = '%';
			url[o++] = hex[c >> 4];
			url[o++] = hex[c & 0xf];
		}
	}
	url[o] = '\0';
	return url;
}

char *
ds_url_join(const char *base, const char *path)
{
	return encode(base, path, '/');
}

char *
ds_url_query_value(const char *s)
{
	return encode("", s, '\0');
}

char *
ds_url_file(const char *path)
{
	return ds_url_join("file://", path);
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

char *
ds_url_safe(const char *url)
{
	size_t len = strlen(url), i, o = 0;
	char *out = malloc(len * 3 + 1);

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= ' ' || c >= 0x7f || strchr("\"<>\\^`{|}", c) ||
		    (c == '%' && !(is_hex(url[i + 1]) && is_hex(url[i + 2])))) {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}
