/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * extract.h: bytes in, struct ds_doc out.
 *
 * The extractors never trust their input: every read is capped, libxml2
 * runs with the safe options of RELIABILITY.md (no network, no external
 * entities, no DTD loading, no XML_PARSE_HUGE), input is converted to UTF-8
 * by our own charset detection before parsing, and NUL bytes never truncate
 * anything.  A document that cannot be read returns a negative DS_E* code
 * with a message naming the file; one that was read with losses returns 0
 * and says what was lost in doc->warning.
 */
#ifndef DOSSIER_EXTRACT_H
#define DOSSIER_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "error.h"
#include "stamp.h"

/* Default cap on a document's bytes, after any decompression (64 MiB). */
#define DS_EXTRACT_DEFAULT_MAX_INPUT ((size_t)64 << 20)

struct ds_extract_opts {
	size_t max_input_bytes;	/* 0: DS_EXTRACT_DEFAULT_MAX_INPUT */
	size_t max_text_bytes;	/* 0: DS_DOC_DEFAULT_MAX_TEXT */
};

/*
 * Read the regular file `path` into a new buffer (the caller frees *buf).
 * Opens without blocking (a FIFO, device, socket or directory is refused
 * with DS_ESKIP, not waited on), reads at most `max` bytes (0: the
 * default; DS_ETOOBIG beyond), and stores in *stamp (may be NULL) the
 * file's size, its modification time after the read and the hash of the
 * bytes read (stamp.h).  A file that changes while it is
 * read (size or mtime) is read once more, then DS_EIO.  A missing file is
 * DS_ENOENT; other failures DS_EIO with strerror's reason; messages name
 * the file.  The buffer is NUL-terminated for convenience; *len excludes
 * the terminator.  On failure *buf is NULL.
 */
int ds_read_file(const char *path, size_t max, char **buf, size_t *len,
		 struct ds_stamp *stamp, struct ds_error *err);

/*
 * Extract an HTML document held in memory.  `name` (a path or URL, may be
 * NULL) is used in messages only.  Fills title, lang, description, author,
 * sections and text of `doc` (which must be initialised; fields already
 * set are kept unless the document provides them) and sets doc->format to
 * "html".  Thread-safe; initialises libxml2 once if ds_init() was not
 * called.  Losses (the parser's depth limit, undecodable bytes, no text at
 * all) are recorded in doc->warning.
 */
int ds_extract_html(const char *buf, size_t len, const char *name,
		    const struct ds_extract_opts *opts, struct ds_doc *doc,
		    struct ds_error *err);

/*
 * Extract plain text: one preamble section, paragraphs at blank lines.
 * The title is the first non-empty line if nothing else gives one.
 */
int ds_extract_text(const char *buf, size_t len, const char *name,
		    const struct ds_extract_opts *opts, struct ds_doc *doc,
		    struct ds_error *err);

/*
 * Extract an XML document held in memory: the dialect (legislation CLML,
 * Hansard, Akoma Ntoso, DocBook...) is chosen by the root element and its
 * namespace and sets doc->dialect; anything else takes the generic path
 * (all text, a title from title-like elements).  Sets doc->format to "xml".
 * A document that is not well-formed is DS_EFORMAT with libxml2's message
 * and line, unless enough of it was recovered to be worth indexing (then
 * 0 and a warning).
 */
int ds_extract_xml(const char *buf, size_t len, const char *name,
		   const struct ds_extract_opts *opts, struct ds_doc *doc,
		   struct ds_error *err);

/*
 * A file's path as documents carry it (doc->path, and so the unique id in
 * the index): `path` itself when it is valid UTF-8 without control
 * characters, the usual case; else a copy with '%', the control bytes and
 * the invalid bytes percent-encoded ("%0A" for a newline), to keep doc.h's
 * invariants.  Returns a new string (the caller's), NULL when out of
 * memory.
 */
char *ds_path_identity(const char *path);

/* Whether ds_path_identity(path) is `path` itself (no copy needed). */
bool ds_path_is_identity(const char *path);

/*
 * Read and extract the file at `path`, choosing the extractor by content
 * (markup sniffed from the first bytes), then by the file name's extension.
 * Gzip-compressed files (recognised by their magic number, not their name)
 * are decompressed first, one layer, within max_input_bytes (gzip.h);
 * their damage is DS_EIO, a bomb DS_ETOOBIG.  Sets doc->path
 * (percent-encoding control and invalid bytes, if any, to keep doc.h's
 * invariants), doc->mtime and doc->size (after decompression).  A format
 * Dossier does not read (yet: PDF, binary files, gzip inside gzip) is
 * DS_EFORMAT with a message saying which.
 */
int ds_extract_file(const char *path, const struct ds_extract_opts *opts,
		    struct ds_doc *doc, struct ds_error *err);

#endif /* DOSSIER_EXTRACT_H */
