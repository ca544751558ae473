/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doc-json.h: struct ds_doc as JSON, one schema for every use.
 *
 * The same object is printed by `dossier-index --extract-only` and, as a
 * record, stored as each document's data in the index (what results
 * display and snippets are cut from).  Keys, in this order, absent when
 * unknown:
 *
 *   v            1 (the schema version; 2 for a record)
 *   id, path, url, format, dialect, title, description, author, publisher,
 *   date, modified, type, lang        strings
 *   mtime, size                       integers
 *   identifiers  [{"scheme", "value", "session", "display"}]
 *   sections     [{"heading", "level", "anchor", "speaker", "text"}]
 *   warning, truncated                what the extractor survived
 *
 * A record (version 2) is the same object with each section's "text"
 * replaced by its "length" in bytes, followed by a newline and the texts
 * of the sections, one after the other, as they are.  A search shows ten
 * hits out of documents that can hold megabytes of text: it parses the
 * small object and reads the texts in place, without unescaping them.
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
/*
 * The document as a record (version 2, above), for the index: the JSON
 * object, '\n', the section texts.  The same contract as ds_doc_json().
 */
char *ds_doc_record(const struct ds_doc *doc, const char *url, size_t *len);

int ds_doc_write_json(FILE *out, const struct ds_doc *doc,
		      struct ds_error *err);

#endif /* DOSSIER_DOC_JSON_H */
