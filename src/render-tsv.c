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
	struct ds_row row;
	size_t i, c;
	int rc = 0;

	if (!o->batch || o->first) {
		if (o->batch)
			fputs("qid\t", out);
		for (c = 0; c < DS_ROW_COLUMNS; c++)
			fprintf(out, "%s%s", c ? "\t" : "", ds_row_names[c]);
		fputc('\n', out);
	}
	for (i = 0; i < r->nhits && rc == 0; i++) {
		if ((rc = ds_row_fill(&row, &r->hits[i])) == 0 && o->batch)
			rc = put_field(out, o->qid ? o->qid : "", true);
		for (c = 0; c < DS_ROW_COLUMNS && rc == 0; c++)
			rc = put_field(out, row.field[c], c == 0 && !o->batch);
		ds_row_release(&row);
		fputc('\n', out);
	}
	if (rc < 0)
		return ds_error_set(err, rc, "out of memory");
	if (fflush(out) != 0 || ferror(out))
		return ds_error_set(err, DS_EIO, "writing the results failed");
	return 0;
}
