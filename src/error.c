/* SPDX-License-Identifier: GPL-2.0-or-later */
/* error.c: filling struct ds_error without allocating. */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "utf8.h"

/*
 * Make the message one line of valid UTF-8 in place: control characters
 * (a file name with a newline, say) and bytes that are not UTF-8 (a
 * file name or a query in another encoding, a character vsnprintf cut
 * short at the end of the buffer) become '?'.  Messages end up in JSON
 * and in logs, which need both.
 */
static void
one_line(char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((n = ds_utf8_decode(s + i, len - i, &cp)) == 0) {
			s[i] = '?';
			n = 1;
		} else if (cp < 0x20 || cp == 0x7f) {
			s[i] = '?';
		}
		i += n;
	}
}

int
ds_error_setv(struct ds_error *err, int code, const char *fmt, va_list ap)
{
	if (err == NULL)
		return code;
	err->code = code;
	if (vsnprintf(err->msg, sizeof err->msg, fmt, ap) < 0)
		snprintf(err->msg, sizeof err->msg, "%s", ds_strerror(code));
	one_line(err->msg);
	return code;
}

int
ds_error_set(struct ds_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ds_error_setv(err, code, fmt, ap);
	va_end(ap);
	return code;
}

void
ds_error_prefix(struct ds_error *err, const char *fmt, ...)
{
	char old[sizeof err->msg];
	size_t n, rest;
	va_list ap;
	int len;

	if (err == NULL || err->code == 0)
		return;
	memcpy(old, err->msg, sizeof old);
	va_start(ap, fmt);
	len = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	n = (size_t)len < sizeof err->msg ? (size_t)len : sizeof err->msg - 1;
	/* Then ": " and as much of the old message as fits (truncating). */
	rest = sizeof err->msg - 1 - n;
	if (rest >= 2) {
		memcpy(err->msg + n, ": ", 2);
		n += 2;
		rest -= 2;
		len = (int)strlen(old);
		if ((size_t)len > rest)
			len = (int)rest;
		memcpy(err->msg + n, old, (size_t)len);
		n += (size_t)len;
	}
	err->msg[n] = '\0';
	one_line(err->msg);
}

void
ds_error_clear(struct ds_error *err)
{
	if (err == NULL)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}

const char *
ds_strerror(int code)
{
	switch (code) {
	case DS_OK: return "success";
	case DS_ENOMEM: return "out of memory";
	case DS_EINVAL: return "invalid argument";
	case DS_EIO: return "input/output error";
	case DS_ENOENT: return "not found";
	case DS_EFORMAT: return "unreadable or unsupported format";
	case DS_ETOOBIG: return "too big";
	case DS_EQUERY: return "malformed query";
	case DS_EXAPIAN: return "database error";
	case DS_ELOCKED: return "database locked by another writer";
	case DS_EBUSY: return "database busy";
	case DS_ESKIP: return "skipped";
	case DS_EINTERNAL: return "internal error";
	case DS_EUNAVAIL: return "shard unavailable";
	}
	return "unknown error";
}
