/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jsonl.h: documents from JSON Lines, one JSON object per line.
 *
 * The record format (the relevance collections in ../shared/eval use it):
 *
 *   {"id": "1", "title": "...", "text": "...", "url": "...",
 *    "date": "12 June 2014", "publisher": "...", "type": "...",
 *    "author": "...", "lang": "en"}
 *
 * `id` is required: a non-empty string (at most DS_JSONL_MAX_ID bytes,
 * without control characters) or an integer; it becomes doc->id, the
 * document's identity in the index.  Every other key is optional and, when
 * present and not null, must be a string; keys not listed are ignored.
 * `date` is read with ds_date_parse() (day first); a date that cannot be
 * read is dropped with a warning on the document.  `text` becomes one
 * preamble section, with a paragraph break at each blank line.  Each
 * document gets format "jsonl", no path, the line's length as its size
 * and the file's modification time (0 for a pipe), and a stamp (stamp.h)
 * of the line itself: its length and hash, modification time 0, so that
 * a record that did not change need not be indexed again.
 *
 * A bad line costs that line only: the reader reports it (invalid JSON,
 * invalid UTF-8, not an object, no id, a field of the wrong type, a line
 * over the cap) with a message that starts "FILE:LINE: ", and the next
 * call goes on with the next line.  Blank lines are skipped.  Lines are
 * read in pieces, so one over the cap is skipped without ever being held
 * in memory whole.
 */
#ifndef DOSSIER_JSONL_H
#define DOSSIER_JSONL_H

#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "error.h"

/* Longest line read by default (64 MiB); longer lines are skipped. */
#define DS_JSONL_DEFAULT_MAX_LINE ((size_t)64 << 20)

/* Longest id, in bytes. */
#define DS_JSONL_MAX_ID 1024

struct ds_jsonl_opts {
	size_t max_line_bytes;	/* 0: DS_JSONL_DEFAULT_MAX_LINE */
	size_t max_text_bytes;	/* 0: DS_DOC_DEFAULT_MAX_TEXT */
};

struct ds_jsonl;

/*
 * A reader of the JSON Lines in `in` (borrowed: the caller closes it after
 * ds_jsonl_free()).  `name` (copied) names the input in messages, e.g. the
 * path or "-".  `opts` may be NULL.  Returns 0, or DS_ENOMEM.
 */
int ds_jsonl_new(FILE *in, const char *name, const struct ds_jsonl_opts *opts,
		 struct ds_jsonl **out, struct ds_error *err);

/*
 * Read the next record into `doc` (initialised; it is released first).
 * Returns 1 with a document, 0 at the end of the input, DS_EFORMAT or
 * DS_ETOOBIG for a bad line (skipped: call again for the next one), or
 * DS_EIO (a read error) / DS_ENOMEM, after which the reader is done.
 */
int ds_jsonl_next(struct ds_jsonl *r, struct ds_doc *doc,
		  struct ds_error *err);

/* The number of the line last read (1 for the first), for messages. */
unsigned long ds_jsonl_line(const struct ds_jsonl *r);

/* Free the reader (not the FILE).  Accepts NULL. */
void ds_jsonl_free(struct ds_jsonl *r);

/*
 * Turn one record, line[0..len), into `doc` (initialised; released
 * first).  `where` (e.g. "docs.jsonl:12") starts every message.  Returns
 * 0, DS_EFORMAT or DS_ENOMEM; on failure `doc` is left released.
 */
int ds_jsonl_parse(const char *line, size_t len, const char *where,
		   const struct ds_jsonl_opts *opts, struct ds_doc *doc,
		   struct ds_error *err);

#endif /* DOSSIER_JSONL_H */
