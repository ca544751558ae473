/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * extract.c: choosing an extractor for a file, and the plain-text one.
 *
 * The content decides, never the name alone: gzip is recognised by its
 * magic number (1f 8b) and decompressed, one layer only and within the
 * input cap (gzip.h); then the bytes (decompressed or not) are sniffed:
 * magic numbers, then markup in the first 8 KiB after conversion to UTF-8,
 * then the file name's extension (with a trailing .gz left out).  A file
 * named *.gz that is not gzip is whatever its bytes say (with a
 * warning), except that without markup it must be UTF-8 to pass for text.
 * HTML, XML and text go to their extractors; PDF (not read yet), binary
 * files and gzip inside gzip are DS_EFORMAT with a message saying which.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "extract.h"
#include "gzip.h"
#include "utf8.h"

/* How many leading bytes the sniffer looks at. */
#define SNIFF_BYTES 8192

/* Longest title taken from the first line of a text file, in bytes. */
#define TEXT_TITLE_MAX 256

/* What the sniffer decided. */
enum kind { K_TEXT, K_HTML, K_XML, K_PDF, K_BINARY };

/* Lower-case ASCII letter. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Whether s[i..n) starts with the lower-case literal lit, ignoring case. */
static int
starts_ci(const char *s, size_t n, size_t i, const char *lit)
{
	for (; *lit; lit++, i++)
		if (i >= n || lower((unsigned char)s[i]) != *lit)
			return 0;
	return 1;
}

/* White space in markup. */
static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether c can be part of a tag name. */
static int
is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' ||
	       c == '.';
}

/* Whether path's extension (after the last '.' of its last component) is
 * one of the NULL-terminated list, ignoring case. */
static int
has_extension(const char *path, const char *const *exts)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');

	if (dot == NULL)
		return 0;
	for (; *exts; exts++)
		if (strcasecmp(dot + 1, *exts) == 0)
			return 1;
	return 0;
}

/* Elements that, as the first tag of a file, say it is an HTML fragment. */
static int
is_html_element(const char *s, size_t n)
{
	static const char *const names[] = {
		"a", "article", "b", "base", "blockquote", "body", "br",
		"center", "dl", "div", "em", "font", "footer", "form", "h1",
		"h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "i",
		"iframe", "img", "link", "main", "meta", "nav", "noscript",
		"ol", "p", "pre", "script", "section", "span", "strong",
		"style", "table", "title", "ul", NULL
	};
	const char *const *p;

	for (p = names; *p; p++)
		if (strlen(*p) == n && starts_ci(s, n, 0, *p))
			return 1;
	return 0;
}

/* Whether s[0..n) holds a start tag <html, <head, <body, <title or <p. */
static int
contains_html_tag(const char *s, size_t n)
{
	static const char *const tags[] = {
		"<html", "<head", "<body", "<title", "<p", NULL
	};
	const char *const *t;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (s[i] != '<')
			continue;
		for (t = tags; *t; t++) {
			k = i + strlen(*t);
			if (starts_ci(s, n, i, *t) &&
			    (k == n || is_ws((unsigned char)s[k]) ||
			     s[k] == '>' || s[k] == '/'))
				return 1;
		}
	}
	return 0;
}

/*
 * Classify UTF-8 text p[0..n) by its markup: K_HTML, K_XML, or K_TEXT for
 * none.  With text_ext (a .txt/.md name) only an explicit <!DOCTYPE html>
 * or <html> makes it HTML.
 */
static enum kind
sniff_markup(const char *p, size_t n, int text_ext)
{
	size_t i = 0, j, start;
	int xml_decl = 0;
	const char *colon;

	for (;;) {
		while (i < n && is_ws((unsigned char)p[i]))
			i++;
		if (starts_ci(p, n, i, "<!--")) {
			for (j = i + 4; j + 2 < n; j++)
				if (memcmp(p + j, "-->", 3) == 0)
					break;
			if (j + 2 >= n)
				return text_ext ? K_TEXT : K_HTML;
			i = j + 3;
		} else if (starts_ci(p, n, i, "<?")) {
			if (starts_ci(p, n, i, "<?xml"))
				xml_decl = 1;
			for (j = i + 2; j + 1 < n; j++)
				if (p[j] == '?' && p[j + 1] == '>')
					break;
			if (j + 1 >= n)
				return text_ext ? K_TEXT : K_XML;
			i = j + 2;
		} else {
			break;
		}
	}
	if (starts_ci(p, n, i, "<!doctype")) {
		for (j = i + 9; j < n && is_ws((unsigned char)p[j]); j++)
			;
		if (starts_ci(p, n, j, "html") &&
		    (j + 4 == n || is_ws((unsigned char)p[j + 4]) ||
		     p[j + 4] == '>'))
			return K_HTML;
		return text_ext ? K_TEXT : K_XML;
	}
	if (i + 1 < n && p[i] == '<' && is_name_char((unsigned char)p[i + 1])) {
		start = i + 1;
		for (j = start; j < n && is_name_char((unsigned char)p[j]); j++)
			;
		/* XHTML may carry a prefix: <x:html xmlns:x="..."> */
		colon = memchr(p + start, ':', j - start);
		if (colon != NULL)
			start = (size_t)(colon - p) + 1;
		if (j - start == 4 && starts_ci(p, n, start, "html"))
			return K_HTML;
		if (text_ext)
			return K_TEXT;
		if (xml_decl)
			return K_XML;
		return is_html_element(p + start, j - start) ? K_HTML : K_XML;
	}
	if (text_ext)
		return K_TEXT;
	if (xml_decl)
		return K_XML;
	return contains_html_tag(p, n) ? K_HTML : K_TEXT;
}

/* A binary format recognised by its first bytes, or NULL. */
static const char *
binary_magic(const unsigned char *s, size_t n)
{
	if (n >= 8 && memcmp(s, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "PNG image";
	if (n >= 3 && memcmp(s, "\xff\xd8\xff", 3) == 0)
		return "JPEG image";
	if (n >= 4 && memcmp(s, "GIF8", 4) == 0)
		return "GIF image";
	if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
		return "ZIP archive";
	if (n >= 4 && memcmp(s, "\x7f" "ELF", 4) == 0)
		return "ELF executable";
	if (n >= 4 && memcmp(s, "\xd0\xcf\x11\xe0", 4) == 0)
		return "OLE2 document";
	if (n >= 6 && memcmp(s, "\xfd" "7zXZ\0", 6) == 0)
		return "xz-compressed data";
	if (n >= 4 && memcmp(s, "BZh", 3) == 0 && s[3] >= '1' && s[3] <= '9')
		return "bzip2-compressed data";
	if (n >= 4 && memcmp(s, "\x28\xb5\x2f\xfd", 4) == 0)
		return "zstd-compressed data";
	if (n >= 262 && memcmp(s + 257, "ustar", 5) == 0)
		return "tar archive";
	if (n >= 2 && s[0] == 0x78 && ((s[0] << 8) | s[1]) % 31 == 0 &&
	    (s[1] == 0x01 || s[1] == 0x5e || s[1] == 0x9c || s[1] == 0xda))
		return "zlib-compressed data";
	return NULL;
}

/* Whether s[0..n) is mostly not text: NUL bytes or other controls. */
static int
looks_binary(const unsigned char *s, size_t n)
{
	size_t i, nul = 0, ctl = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == 0)
			nul++;
		else if ((s[i] < 0x20 && !is_ws(s[i]) && s[i] != 0x1b &&
			  s[i] != 0x0b) || s[i] == 0x7f)
			ctl++;
	}
	return nul * 20 > n || (nul + ctl) * 10 > n;
}

/*
 * Decide what buf[0..len) is; `name` (the path, without a .gz suffix)
 * breaks ties by its extension.  `named_gz`: the file is called *.gz but
 * is not gzip.  Returns 0 and stores the kind in *kind, with a detail for
 * K_BINARY in *what; or a negative DS_E*.
 */
static int
sniff(const char *buf, size_t len, const char *name, int named_gz,
      enum kind *kind, const char **what, struct ds_error *err)
{
	static const char *const text_exts[] = { "txt", "text", "md", NULL };
	static const char *const html_exts[] = {
		"html", "htm", "xhtml", "xht", "shtml", NULL
	};
	const unsigned char *s = (const unsigned char *)buf;
	size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES, pn, i;
	struct ds_charset_info ci;
	char *p = NULL;
	int rc;

	*what = NULL;
	/* PDF allows junk before its header; readers look at 1 KiB. */
	for (i = 0; i + 5 <= n && i < 1024; i++)
		if (memcmp(buf + i, "%PDF-", 5) == 0) {
			*kind = K_PDF;
			return 0;
		}
	if ((*what = binary_magic(s, n)) != NULL) {
		*kind = K_BINARY;
		return 0;
	}
	rc = ds_charset_to_utf8(buf, n, DS_CHARSET_TEXT, NULL, &p, &pn, &ci,
				err);
	if (rc < 0)
		return rc;
	*kind = sniff_markup(p, pn, has_extension(name, text_exts));
	free(p);
	if (*kind != K_TEXT)
		return 0;
	if (strncmp(ci.name, "UTF-16", 6) != 0 && looks_binary(s, n)) {
		*kind = K_BINARY;
		*what = "mostly NUL bytes or control characters";
		return 0;
	}
	/*
	 * The name says "compressed" and the bytes are not gzip: without
	 * markup, only clean UTF-8 (or UTF-16) is believed to be text; a raw
	 * deflate stream could pass the control-character test above.
	 */
	if (named_gz && strncmp(ci.name, "UTF-16", 6) != 0 &&
	    !ds_utf8_valid(buf, ds_utf8_cut(buf, n))) {
		*kind = K_BINARY;
		*what = "named .gz, but neither gzip nor UTF-8 text";
		return 0;
	}
	if (has_extension(name, html_exts))
		*kind = K_HTML;
	return 0;
}

/*
 * A copy of path without a final ".gz" or ".gzip" (any case), for the
 * extension checks: "report.html.gz" holds, or claims to hold, HTML.
 * NULL when out of memory.
 */
static char *
inner_name(const char *path)
{
	static const char *const gzip_exts[] = { "gz", "gzip", NULL };
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	size_t n = strlen(path);

	if (dot != NULL && has_extension(path, gzip_exts))
		n = (size_t)(dot - path);
	return strndup(path, n);
}

bool
ds_path_is_identity(const char *path)
{
	size_t len, i, n;
	const unsigned char *u = (const unsigned char *)path;
	uint32_t cp;

	/* Printable ASCII, the usual case, needs no decoding. */
	for (i = 0; u[i] >= 0x20 && u[i] < 0x7f; i++)
		;
	if (u[i] == '\0')
		return true;
	len = i + strlen(path + i);
	for (; i < len; i += n) {
		n = ds_utf8_decode(path + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0))
			return false;
	}
	return true;
}

char *
ds_path_identity(const char *path)
{
	size_t len = strlen(path), i, o = 0, n;
	uint32_t cp;
	bool clean = ds_path_is_identity(path);
	char *p;

	if ((p = malloc(clean ? len + 1 : 3 * len + 1)) == NULL)
		return NULL;
	if (clean) {
		memcpy(p, path, len + 1);
		return p;
	}
	for (i = 0; i < len; i += n) {
		n = ds_utf8_decode(path + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f || cp == '%' ||
		    (cp >= 0x80 && cp < 0xa0)) {
			n = 1;
			snprintf(p + o, 4, "%%%02X", (unsigned char)path[i]);
			o += 3;
		} else {
			memcpy(p + o, path + i, n);
			o += n;
		}
	}
	p[o] = '\0';
	return p;
}

/* Store path in doc->path, as ds_path_identity() gives it. */
static int
set_path(struct ds_doc *doc, const char *path, struct ds_error *err)
{
	char *p = ds_path_identity(path);

	if (p == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	free(doc->path);
	doc->path = p;
	return 0;
}

/*
 * Replace *buf (of *len bytes) by its decompressed content, one layer.
 * Gzip inside gzip is refused: the inner layer could be another bomb, and
 * no real document is compressed twice.
 */
static int
gunzip_in_place(const char *path, size_t max, char **buf, size_t *len,
		struct ds_gzip_info *info, struct ds_error *err)
{
	struct ds_gzip_opts go = {.max_out = max, .max_ratio = 0};
	char *inner = NULL;
	size_t inner_len = 0;
	int rc;

	if ((rc = ds_gunzip(*buf, *len, path, &go, &inner, &inner_len, info,
			    err)) < 0)
		return rc;
	free(*buf);
	*buf = inner;
	*len = inner_len;
	if (ds_is_gzip(inner, inner_len))
		return ds_error_set(err, DS_EFORMAT, "%s: gzip inside gzip: "
				    "nested gzip is not decompressed", path);
	return 0;
}

int
ds_extract_file(const char *path, const struct ds_extract_opts *opts,
		struct ds_doc *doc, struct ds_error *err)
{
	size_t max = opts && opts->max_input_bytes ? opts->max_input_bytes :
		     DS_EXTRACT_DEFAULT_MAX_INPUT;
	struct ds_gzip_info gz = {0, 0};
	const char *what;
	enum kind kind;
	char *buf = NULL, *name = NULL;
	size_t len = 0;
	struct ds_stamp stamp;
	int rc, gzipped = 0;

	if (path == NULL || doc == NULL)
		return ds_error_set(err, DS_EINVAL,
				    "ds_extract_file: no path or document");
	if ((rc = ds_read_file(path, max, &buf, &len, &stamp, err)) < 0)
		goto out;
	if (ds_is_gzip(buf, len)) {
		if ((rc = gunzip_in_place(path, max, &buf, &len, &gz,
					  err)) < 0)
			goto out;
		gzipped = 1;
	}
	if ((name = inner_name(path)) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "%s: out of memory", path);
		goto out;
	}
	if ((rc = sniff(buf, len, name, !gzipped && strlen(name) !=
			strlen(path), &kind, &what, err)) < 0) {
		ds_error_prefix(err, "%s", path);
		goto out;
	}
	switch (kind) {
	case K_PDF:
		rc = ds_error_set(err, DS_EFORMAT,
				  "%s: PDF is not supported yet", path);
		goto out;
	case K_BINARY:
		rc = ds_error_set(err, DS_EFORMAT, "%s: binary file (%s%s)",
				  path, what, gzipped ? ", gzip-compressed" :
				  "");
		goto out;
	case K_HTML:
	case K_XML:
	case K_TEXT:
		break;
	}
	if ((rc = set_path(doc, path, err)) < 0)
		goto out;
	doc->stamp = stamp;
	doc->mtime = stamp.mtime_ns / 1000000000;
	doc->size = (int64_t)len;
	if (kind == K_HTML)
		rc = ds_extract_html(buf, len, path, opts, doc, err);
	else if (kind == K_XML)
		rc = ds_extract_xml(buf, len, path, opts, doc, err);
	else
		rc = ds_extract_text(buf, len, path, opts, doc, err);
	if (rc < 0)
		goto out;
	if (gz.trailing > 0)
		rc = ds_doc_warn(doc, err, "%zu bytes of trailing garbage "
				 "after the gzip data ignored", gz.trailing);
	else if (!gzipped && strlen(name) != strlen(path))
		rc = ds_doc_warn(doc, err, "named .gz but not gzip-compressed: "
				 "read as it is");
out:
	free(name);
	free(buf);
	return rc;
}

/* ---------------------------------------------------------------------
 * Plain text
 * ------------------------------------------------------------------- */

/* Whether s[0..n) is only white space (ASCII). */
static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_ws((unsigned char)s[i]) && s[i] != '\v')
			return 0;
	return 1;
}

/* Set doc->title from a text file's first line (Markdown's '#' dropped). */
static int
title_from_line(struct ds_doc *doc, const char *s, size_t n,
		struct ds_error *err)
{
	while (n > 0 && (*s == '#' || is_ws((unsigned char)*s))) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == '#' || is_ws((unsigned char)s[n - 1])))
		n--;
	if (n > TEXT_TITLE_MAX)
		n = ds_utf8_cut(s, TEXT_TITLE_MAX);
	return ds_doc_set_field(&doc->title, s, n, err);
}

int
ds_extract_text(const char *buf, size_t len, const char *name,
		const struct ds_extract_opts *opts, struct ds_doc *doc,
		struct ds_error *err)
{
	struct ds_charset_info ci;
	char *u = NULL;
	const char *p, *end, *eol;
	size_t ulen = 0, n;
	int rc, want_title;

	if (doc == NULL || (buf == NULL && len > 0))
		return ds_error_set(err, DS_EINVAL,
				    "ds_extract_text: no document or buffer");
	if (opts && opts->max_text_bytes)
		doc->max_text_bytes = opts->max_text_bytes;
	if ((rc = ds_charset_to_utf8(buf, len, DS_CHARSET_TEXT, NULL, &u,
				     &ulen, &ci, err)) < 0)
		goto out;
	if ((rc = ds_doc_set_field(&doc->format, "text", 4, err)) < 0)
		goto out;
	want_title = doc->title == NULL;
	/* Lines join with spaces; a blank line ends a paragraph. */
	for (p = u, end = u + ulen; p < end && !doc->truncated; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		n = (size_t)(eol - p);
		if (blank(p, n)) {
			if ((rc = ds_doc_break(doc, err)) < 0)
				goto out;
			continue;
		}
		if (want_title) {
			if ((rc = title_from_line(doc, p, n, err)) < 0)
				goto out;
			want_title = doc->title == NULL;
		}
		if ((rc = ds_doc_append_text(doc, p, n, err)) < 0 ||
		    (rc = ds_doc_append_text(doc, " ", 1, err)) < 0)
			goto out;
	}
	if (ci.replaced > 0 &&
	    (rc = ds_doc_warn(doc, err, "%zu undecodable %s sequences replaced",
			      ci.replaced, ci.name)) < 0)
		goto out;
	ds_doc_finish(doc);
	if (doc->text_bytes == 0 && len == 0)
		rc = ds_doc_warn(doc, err, "empty file");
	else if (doc->text_bytes == 0)
		rc = ds_doc_warn(doc, err, "no text in %zu bytes of input",
				 len);
	if (rc < 0)
		goto out;
	rc = 0;
out:
	free(u);
	if (rc < 0 && name != NULL)
		ds_error_prefix(err, "%s", name);
	return rc;
}
