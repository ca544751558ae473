/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-csv.c: results as comma-separated values (RFC 4180), for
 * spreadsheets and data frames.
 *
 *   rank,score,percent,date,publisher,type,title,url,id,identifiers,snippet
 *   1,4.218000,87,2012-06-25,Compact Voice,report,"Voice, and choice",...
 *
 * The same columns as the TSV format (render-tsv.c): a header line of
 * their names, then one record per hit.  Records end with CRLF, as RFC
 * 4180 says.  A field holding a comma, a double quote, a CR or a LF is
 * enclosed in double quotes, its quotes doubled; line breaks inside a
 * field are kept (quoted), every other control character becomes a space
 * and invalid UTF-8 becomes U+FFFD.  There is no byte order mark.
 *
 * Values are written as the document has them: a title starting with '='
 * or '+' is data here, but a spreadsheet that evaluates formulas in CSV it
 * opens may take it for one.
 *
 * In a batch (--batch) each record starts with a "qid" field naming the
 * query, and the header comes once, before the first query's records.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/* Write s as a CSV field, quoted if need be. */
static int
put_field(FILE *out, const char *s, bool first)
{
	char *flat = ds_text_flat(s, true);
	const char *p;

	if (flat == NULL)
		return DS_ENOMEM;
	if (!first)
		fputc(',', out);
	if (strpbrk(flat, ",\"\r\n") == NULL) {
		fputs(flat, out);
	} else {
		fputc('"', out);
		for (p = flat; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	}
	free(flat);
	return 0;
}

int
ds_render_csv(FILE *out, const struct ds_results *r,
	      const struct ds_render_opts *o, struct ds_error *err)
{
	return ds_render_table(out, r, o, ",", "\r\n", put_field, err);
}
