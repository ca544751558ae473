/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * docwire.h: struct ds_doc as bytes, to carry a document from a sandbox
 * worker (sandbox.h) back to the process that indexes it.
 *
 * The encoding is compact, binary and length-prefixed; every field of
 * struct ds_doc is in it, in a fixed order (all integers little-endian):
 *
 *   "DSW2"
 *   str id, path, url, format, dialect;  i64 mtime, size
 *   i64 stamp.mtime_ns, stamp.size;  u64 stamp.hash
 *   str title, description, author, publisher, date, modified, type, lang
 *   u32 nidents;    per ident:   str scheme, value, session, display
 *   u64 text_bytes, max_text_bytes;  u8 truncated;  str warning
 *   u32 nsections;  per section: str heading, anchor; i32 level;
 *                                str speaker, text
 *
 *   str: u32 length, then that many bytes; length 0xffffffff is NULL.
 *
 * The decoder treats its input as hostile (it comes from a process that
 * parsed hostile documents and may have been subverted): every length and
 * count is checked against the bytes that are really there before
 * anything is allocated, and the result must satisfy doc.h's invariants
 * or it is refused: strings valid UTF-8 without NUL or control characters
 * other than '\n' and '\t', non-empty when present (a section's text may
 * be empty), levels 0-6, text_bytes the sum of the sections' text and
 * within max_text_bytes, identifiers with a scheme, value and display,
 * nothing left over at the end.
 */
#ifndef DOSSIER_DOCWIRE_H
#define DOSSIER_DOCWIRE_H

#include <stddef.h>

#include "doc.h"
#include "error.h"

/* The first bytes of every encoding (the format's version is the "1"). */
#define DS_DOCWIRE_MAGIC "DSW2"

/*
 * Encode `doc` into a new buffer *buf of *len bytes (the caller frees it).
 * Returns 0, DS_ENOMEM, or DS_ETOOBIG when a string is over 4 GiB.  On
 * failure *buf is NULL.
 */
int ds_docwire_encode(const struct ds_doc *doc, char **buf, size_t *len,
		      struct ds_error *err);

/*
 * Decode buf[0..len) into `doc`, which must be initialised and is
 * released first.  Returns 0, or DS_EFORMAT with a message saying what was
 * wrong and where (`doc` is then left released and empty), or DS_ENOMEM.
 */
int ds_docwire_decode(const char *buf, size_t len, struct ds_doc *doc,
		      struct ds_error *err);

#endif /* DOSSIER_DOCWIRE_H */
