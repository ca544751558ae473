/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doc-json.h: struct ds_doc as JSON, one schema for every use.
 *
 * The same object is stored as each document's data in the index (what
 * results display and snippets are cut from) and printed by
 * `dossier-index --extract-only`.  Keys, in this order, absent when unknown:
 *
 *   v            1 (the schema version)
 *   id, path, url, format, dialect, title, description, author, publisher,
 *   date, modified, type, lang        strings
 *   mtime, size                       integers
 *   identifiers  [{"scheme", "value", "session", "display"}]
 *   sections     [{"heading", "level", "anchor", "speaker", "text"}]
 *   warning, truncated                what the extractor survived
 *
 * The constants in layout.h name these keys for readers of the record.
 * The writer is our own, not jansson's dump: it runs over every byte of
 * every document indexed, and escaping runs of plain text a block at a
 * time is several times faster.  Readers parse it with jansson.  Strings
 * that are not valid UTF-8 (only a path can be) get U+FFFD for each bad
 * byte, so the output is always valid JSON.
 */
#ifndef DOSSIER_DOC_JSON_H
#define DOSSIER_DOC_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "error.h"

/*
 * The document as compact JSON (a new, NUL-terminated string the caller
 * frees; its length in *len).  `url`, when not NULL, stands in for a
 * document without one of its own.  NULL when out of memory.
 */
char *ds_doc_json(const struct ds_doc *doc, const char *url, size_t *len);

/*
 * Write the document as one line of JSON to `out`.  DS_ENOMEM or DS_EIO on
 * failure.
 */
int ds_doc_write_json(FILE *out, const struct ds_doc *doc,
		      struct ds_error *err);

#endif /* DOSSIER_DOC_JSON_H */
