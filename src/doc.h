/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doc.h: struct ds_doc, a policy document as the extractors see it.
 *
 * Every extractor (HTML, XML, text...) turns bytes into one of these; the
 * catalog turns it into a Xapian document.  Invariants:
 *
 *  - Every string is valid UTF-8 without NUL bytes or control characters
 *    other than '\n' and '\t', and is either NULL (unknown) or non-empty.
 *  - The body is a list of sections in reading order.  Section 0 may have no
 *    heading (the text before the first heading).  A section's text holds
 *    words separated by single spaces and paragraphs by '\n'.
 *  - text_bytes is the sum of the sections' text_len and never exceeds the
 *    limit the extractor was given: text beyond it is dropped and
 *    `truncated` set.
 *  - Dates are ISO 8601 calendar dates, "YYYY-MM-DD", or "YYYY-MM" / "YYYY"
 *    when the source gives no more (see date.h).
 *  - Identifiers are unique by (scheme, value, session).
 *
 * git's conventions: ds_doc_init() allocates nothing, ds_doc_release() frees
 * the contents and leaves an initialised document.
 */
#ifndef DOSSIER_DOC_H
#define DOSSIER_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "error.h"
#include "stamp.h"

struct ds_section {
	char *heading;		/* heading text, NULL for a preamble */
	char *anchor;		/* the heading's id (for #anchor links), or NULL */
	int level;		/* 1-6 for h1-h6, 0 for a preamble */
	char *speaker;		/* who said it (a debate's speech), or NULL */
	char *text;		/* the section's body text (NUL-terminated) */
	size_t text_len;
	size_t text_cap;
};

/*
 * An identifier researchers cite: a House of Commons paper "HC 1234" of
 * session "2013-14", a Command paper "Cm 9876", an ISBN, an Act's chapter.
 */
struct ds_ident {
	char *scheme;		/* lower case [a-z0-9-]: "hc", "cm", "isbn"... */
	char *value;		/* normalised: "1234", "9780102975598" */
	char *session;		/* "2013-14", or NULL */
	char *display;		/* as cited: "HC 1234 (2013-14)" */
};

struct ds_doc {
	/* Where it came from. */
	char *id;		/* the unique identity: a JSON Lines record's
				   id; NULL for files, whose path is their id */
	char *path;		/* the file, as found by the indexer */
	char *url;		/* where results link to */
	char *format;		/* "html", "xml", "text", "jsonl" */
	char *dialect;		/* for XML: "clml", "hansard"...; or NULL */
	int64_t mtime;		/* file modification time, seconds since 1970 */
	int64_t size;		/* bytes read (after decompression) */
	struct ds_stamp stamp;	/* the file as read, for the next run to
				   tell whether it changed; unknown for
				   documents that came from no file */

	/* What it is. */
	char *title;
	char *description;
	char *author;
	char *publisher;
	char *date;		/* publication (or sitting) date, ISO 8601 */
	char *modified;		/* last modified or updated, ISO 8601 */
	char *type;		/* report, consultation, guidance, ... */
	char *lang;		/* BCP 47 tag, e.g. "en", "cy" */
	struct ds_ident *idents;
	size_t nidents;
	size_t idents_cap;

	/* Its text. */
	struct ds_section *sections;
	size_t nsections;
	size_t sections_cap;
	size_t text_bytes;
	size_t max_text_bytes;	/* 0: DS_DOC_DEFAULT_MAX_TEXT */
	bool truncated;

	/*
	 * What the extractor noticed but survived (recovered markup, text
	 * lost past the parser's depth limit...), one line, or NULL.
	 */
	char *warning;
};

/* Default cap on the text kept from one document (16 MiB). */
#define DS_DOC_DEFAULT_MAX_TEXT ((size_t)16 << 20)

void ds_doc_init(struct ds_doc *doc);
void ds_doc_release(struct ds_doc *doc);

/*
 * Set a string field (e.g. &doc->title) to a cleaned copy of s[0..len):
 * invalid UTF-8 and control characters become spaces, runs of white space
 * collapse to one, leading and trailing space go.  A result that is empty
 * leaves the field NULL.  Replaces (and frees) the old value.
 */
int ds_doc_set_field(char **field, const char *s, size_t len,
		     struct ds_error *err);

/*
 * Start a new section (heading and anchor may be NULL; both are cleaned as
 * by ds_doc_set_field).  Text appended from now on goes into it.
 */
int ds_doc_add_section(struct ds_doc *doc, const char *heading,
		       size_t heading_len, const char *anchor, int level,
		       struct ds_error *err);

/*
 * Append text to the current section (creating a preamble section if there
 * is none), collapsing white space as it goes: a run of spaces becomes one
 * space, a run containing a paragraph break (`brk` true, or '\n' in s)
 * becomes '\n'.  Input must be valid UTF-8.  Text beyond max_text_bytes is
 * dropped and doc->truncated set; that is not an error.
 */
int ds_doc_append_text(struct ds_doc *doc, const char *s, size_t len,
		       struct ds_error *err);

/*
 * The same, except that line breaks in s are plain white space, not
 * paragraph breaks: for XML, whose line breaks are the writer's layout.
 */
int ds_doc_append_inline(struct ds_doc *doc, const char *s, size_t len,
			 struct ds_error *err);

/* End the current paragraph: the next text starts after a '\n'. */
int ds_doc_break(struct ds_doc *doc, struct ds_error *err);

/*
 * Set the speaker of the current section (creating a preamble section if
 * there is none), cleaned as by ds_doc_set_field.
 */
int ds_doc_set_speaker(struct ds_doc *doc, const char *s, size_t len,
		       struct ds_error *err);

/*
 * Add an identifier (copies of the strings; session may be NULL, display
 * NULL means "scheme value").  An identifier already present (same scheme,
 * value and session) is not added twice.
 */
int ds_doc_add_ident(struct ds_doc *doc, const char *scheme, const char *value,
		     const char *session, const char *display,
		     struct ds_error *err);

/* Record a warning (appended to any earlier one with "; "). */
int ds_doc_warn(struct ds_doc *doc, struct ds_error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Tidy up once extraction is done: trailing white space is trimmed from
 * every section and an empty preamble (no heading, no text) is dropped.
 * Sections with a heading but no text stay: they are part of the outline.
 */
void ds_doc_finish(struct ds_doc *doc);

#endif /* DOSSIER_DOC_H */
