/* SPDX-License-Identifier: GPL-2.0-or-later */
/* url.c: addresses of files (url.h). */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "url.h"

static const char hex[] = "0123456789ABCDEF";

char *
ds_url_join(const char *base, const char *path)
{
	size_t blen = strlen(base), len = strlen(path), i, o;
	char *url = malloc(blen + len * 3 + 1);

	if (url == NULL)
		return NULL;
	memcpy(url, base, blen);
	o = blen;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
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
