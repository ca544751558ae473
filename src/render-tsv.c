/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-tsv.c: results as tab-separated values, for spreadsheets, awk and
 * cut.
 *
 *   rank  score  percent  date  publisher  type  title  url  id
 *   identifiers  snippet
 *
 * A header line of those names, then one line per hit: the rank from 1,
 * Xapian's weight (score, as in a TREC run), its percentage, the date as
 * indexed (ISO 8601, of any precision), publisher, type, title, URL, the
 * document's identity (a record's id, else its path), its identifiers
 * joined by "; " and its first passage as plain text.  What is not known
 * is an empty field.  Lines end with LF.
 *
 * Fields can't be quoted in TSV, so a field never holds a tab or a line
 * break: tabs, CR, LF and every other control character in a value (and
 * Unicode's line and paragraph separators) become spaces; invalid UTF-8
 * becomes U+FFFD.  Every line has the same number of fields.
 *
 * In a batch (--batch) each line starts with a "qid" column naming the
 * query, and the header comes once, before the first query's lines.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "render.h"

/* Write s as a TSV field. */
static int
put_field(FILE *out, const char *s, bool first)
{
	char *flat = ds_text_flat(s, false);

	if (flat == NULL)
		return DS_ENOMEM;
	if (!first)
		fputc('\t', out);
	fputs(flat, out);
	free(flat);
	return 0;
}

int
ds_render_tsv(FILE *out, const struct ds_results *r,
	      const struct ds_render_opts *o, struct ds_error *err)
{
	return ds_render_table(out, r, o, "\t", "\n", put_field, err);
}
