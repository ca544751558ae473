/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * url.h: the addresses results link to.
 *
 * A file's address is either a file: URL of its path or, when the
 * collection's keeper said where a folder is published (dossier-index
 * --url-prefix DIR=URL), that URL followed by the file's path below DIR.
 * Either way every byte of the path outside RFC 3986's unreserved set
 * (and '/') is percent-encoded, so an address never holds a space, a
 * quote, a '<', a '#' or a '?' that came from a file name.
 */
#ifndef DOSSIER_URL_H
#define DOSSIER_URL_H

/*
 * `base` followed by `path` percent-encoded (see above).  Returns a new
 * string (the caller's), NULL when out of memory.
 */
char *ds_url_join(const char *base, const char *path);

/* The file: URL of the absolute path `path`: ds_url_join("file://", path). */
char *ds_url_file(const char *path);

/*
 * `url` (which came from a document or a record, and may hold anything)
 * as a URI that can be written anywhere a URI goes: every byte that is a
 * control character, a space, not ASCII, or one of " < > \ ^ ` { | } is
 * percent-encoded, and so is a '%' not followed by two hex digits.  A URL
 * that is already a valid URI comes back unchanged; a non-ASCII one
 * becomes the URI of the same IRI (RFC 3987, 3.1).  Returns a new string
 * (the caller's), NULL when out of memory.
 */
char *ds_url_safe(const char *url);

/*
 * `s` percent-encoded as the value (or name) of a query-string parameter:
 * RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~) as they are,
 * every other byte as %XX (a space is %20, never '+'), so that the value
 * can hold '&', '=', '#', '+' or anything else and still reads back as
 * itself.  Returns a new string (the caller's), NULL when out of memory.
 */
char *ds_url_query_value(const char *s);

#endif /* DOSSIER_URL_H */
