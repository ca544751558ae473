/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * catalog.h: struct ds_doc -> Xapian document, following layout.h.
 *
 * A catalog holds the term generator and stemmer that turning documents
 * into terms needs, so one is made per indexing thread and reused for
 * every document.  It never touches a database: the writer adds what it
 * builds.  It keeps no reference to a document it built, so the document
 * can be handed to another thread.
 */
#ifndef DOSSIER_CATALOG_H
#define DOSSIER_CATALOG_H

#include <stddef.h>

#include "doc.h"
#include "error.h"

struct xapian_document;
struct ds_catalog;

/*
 * A catalog stemming with `language` (a Xapian stemmer name such as
 * "english"; "none" for no stemming).  NULL on failure, with *err set.
 */
struct ds_catalog *ds_catalog_new(const char *language, struct ds_error *err);

void ds_catalog_free(struct ds_catalog *cat);

/*
 * Build the Xapian document for `doc`: unique id term, free-text terms with
 * positions (title, headings, body), boolean filter terms, value slots and
 * the JSON display record as data.  doc->id, or else doc->path, is the
 * document's identity and must be set.  On success *out is a new document (the caller frees it with
 * xapian_document_free) and *id_term (the caller frees it) is the unique id
 * term to replace it by.
 */
int ds_catalog_build(struct ds_catalog *cat, const struct ds_doc *doc,
		     struct xapian_document **out, char **id_term,
		     struct ds_error *err);

/*
 * The unique id term for a document whose identity (absolute path or
 * record id) is `path`: "Q" + path, or, for identities too long for a
 * Xapian term, a prefix of it plus a hash of the whole.  Returns a new string (the caller's), NULL when out of memory.
 */
char *ds_catalog_id_term(const char *path);

#endif /* DOSSIER_CATALOG_H */
