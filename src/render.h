/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render.h: struct ds_results -> text for people or data for programs.
 *
 * Each output format is one function with the ds_render_fn signature, in a
 * file of its own (render-text.c, render-json.c), listed in the table in
 * render.c.  Renderers only read the results; they write to a FILE and
 * report a write error as DS_EIO, a failed allocation as DS_ENOMEM.
 * Whatever came from a document (titles, paths, snippets) is treated as
 * untrusted: the text renderer escapes control characters, the others
 * produce valid output of their format (valid UTF-8, JSON, XML; one line
 * per record where the format is made of lines) whatever the bytes.
 */
#ifndef DOSSIER_RENDER_H
#define DOSSIER_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "search.h"

struct ds_render_opts {
	bool color;		/* highlight matches with ANSI colour */
	const char *cwd;	/* show paths under this directory relative */
	unsigned width;		/* wrap snippets to this many columns; 0: no */
	bool explain;		/* text: also the parsed query, the names
				   added, the index's revision and size */
	/*
	 * A batch of queries (dossier-query --batch) renders one result set
	 * per query: `qid` names it (TREC's query id; NULL outside a
	 * batch), `batch` says there are several, `first` that this is the
	 * first (formats with a header print it then only; JSON prints one
	 * object a line).
	 */
	const char *qid;
	bool batch;
	bool first;
	const char *run_tag;	/* TREC run tag (NULL: "dossier") */
	/* Atom: the feed's title and id (NULL: made from the query). */
	const char *feed_title;
	const char *feed_id;
	long long now;		/* seconds since 1970 for "updated" and
				   "accessed" dates; 0: the current time */
};

void ds_render_opts_init(struct ds_render_opts *o);

typedef int (*ds_render_fn)(FILE *out, const struct ds_results *r,
			    const struct ds_render_opts *o,
			    struct ds_error *err);

/*
 * The renderer called `name` ("text", "json"), or NULL if there is none.
 * ds_render_formats() lists the names, comma-separated, for messages.
 */
ds_render_fn ds_render_lookup(const char *name);
const char *ds_render_formats(void);

/*
 * The formats (render-FORMAT.c each; the table is in render.c).  The
 * citation formats (bibtex, ris, csljson) choose a hit's fields the same
 * way, in render-cite.c.
 */
int ds_render_text(FILE *out, const struct ds_results *r,
		   const struct ds_render_opts *o, struct ds_error *err);
int ds_render_json(FILE *out, const struct ds_results *r,
		   const struct ds_render_opts *o, struct ds_error *err);
int ds_render_tsv(FILE *out, const struct ds_results *r,
		  const struct ds_render_opts *o, struct ds_error *err);
int ds_render_csv(FILE *out, const struct ds_results *r,
		  const struct ds_render_opts *o, struct ds_error *err);
int ds_render_trec(FILE *out, const struct ds_results *r,
		   const struct ds_render_opts *o, struct ds_error *err);
int ds_render_bibtex(FILE *out, const struct ds_results *r,
		     const struct ds_render_opts *o, struct ds_error *err);
int ds_render_ris(FILE *out, const struct ds_results *r,
		  const struct ds_render_opts *o, struct ds_error *err);
int ds_render_csljson(FILE *out, const struct ds_results *r,
		      const struct ds_render_opts *o, struct ds_error *err);
int ds_render_atom(FILE *out, const struct ds_results *r,
		   const struct ds_render_opts *o, struct ds_error *err);

/*
 * Snippet helpers for renderers.  ds_snippet_plain() drops the match marks;
 * ds_snippet_html() escapes &, <, >, " and ' and turns the marks into
 * <mark>...</mark>.  Both return a new string (the caller's) or NULL.
 */
char *ds_snippet_plain(const char *snippet);
char *ds_snippet_html(const char *snippet);

/*
 * A string from a document made fit for a line-based format (TSV, CSV,
 * RIS, BibTeX): invalid UTF-8 bytes become U+FFFD, the match marks are
 * dropped, and every other control character (C0, DEL, C1) and Unicode's
 * line and paragraph separators become a space, tabs and line breaks
 * included; with `keep_breaks`, CR and LF are kept (CSV quotes them).
 * Returns a new string (the caller's) or NULL.
 */
char *ds_text_flat(const char *s, bool keep_breaks);

/*
 * A string from a document made fit for XML 1.0 (ds_text_xml: the Atom
 * feed) or for HTML as well (ds_text_html: dossier.cgi's pages): invalid
 * UTF-8 bytes become U+FFFD, and the characters the format forbids are
 * dropped: every control character but tab, LF and CR (the match marks
 * among them), U+FFFE and U+FFFF; for HTML also DEL, the C1 controls and
 * the other noncharacters (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF), which HTML
 * calls parse errors.  Returns a new string (the caller's) or NULL.
 */
char *ds_text_xml(const char *s);
char *ds_text_html(const char *s);

/*
 * The columns of the tabular formats (render-tsv.c, render-csv.c), in
 * order, and a hit's values for them.  ds_row_fill() points each field at
 * a string: numbers formatted, the identifiers joined with "; ", the
 * first passage plain, "" for what is unknown; the strings are raw, for
 * the format to clean.  ds_row_release() frees what it allocated (also
 * after a failure).  Returns 0, or DS_ENOMEM.
 */
#define DS_ROW_COLUMNS 11
extern const char *const ds_row_names[DS_ROW_COLUMNS];

struct ds_row {
	const char *field[DS_ROW_COLUMNS];
	char rank[16], score[32], percent[16];
	char *identifiers, *snippet;
};

int ds_row_fill(struct ds_row *row, const struct ds_hit *h);
void ds_row_release(struct ds_row *row);

/*
 * Write a JSON value (jansson's json_t, passed as void * so that this
 * header needs no jansson) as the JSON formats do: indented, or one line
 * in a batch; keys in the order set; a newline after.  0, or DS_EIO
 * (with err set).
 */
int ds_render_json_value(FILE *out, const void *json,
			 const struct ds_render_opts *o, struct ds_error *err);

/*
 * A tabular format: the header (once in a batch, with a "qid" column
 * first), then a line per hit, each field written by `put` (`first` for
 * the line's first field: no separator before it), lines ending with
 * `eol`, header names separated by `sep`.  `put` returns 0 or DS_ENOMEM.
 */
typedef int (*ds_field_fn)(FILE *out, const char *s, bool first);
int ds_render_table(FILE *out, const struct ds_results *r,
		    const struct ds_render_opts *o, const char *sep,
		    const char *eol, ds_field_fn put, struct ds_error *err);

/*
 * The path to show for a hit: relative to `cwd` when it lies under it,
 * else as stored.  Returns a pointer into `path` (no allocation).
 */
const char *ds_display_path(const char *path, const char *cwd);

#endif /* DOSSIER_RENDER_H */
