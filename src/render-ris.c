/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-ris.c: results as RIS records, for reference managers (Zotero,
 * EndNote, Mendeley, JabRef).
 *
 *   TY  - RPRT
 *   TI  - Managing the Compact
 *   AU  - National Audit Office
 *   PB  - National Audit Office
 *   PY  - 2014
 *   DA  - 2014/06/30/
 *   SN  - HC 1234 (2013-14)
 *   M3  - Report
 *   UR  - https://www.nao.org.uk/report/...
 *   Y2  - 2026/11/30
 *   AB  - ...
 *   ER  -
 *
 * One record per hit, fields chosen as render-cite.h says, records
 * separated by an empty line.  Each line is "XX  - value" and ends with
 * CRLF, as the RIS specification asks; values are one line of UTF-8
 * (invalid bytes as U+FFFD, line breaks and other control characters as
 * spaces), and a field with no value is left out.  The kinds map onto
 * RIS types so:
 *
 *   report        RPRT      debate       HEAR (a record of proceedings)
 *   consultation  GOVDOC    legislation  STAT
 *   guidance      GOVDOC    bill         BILL
 *   judgment      CASE      speech, other  GEN
 *
 * The corporate author is one AU line, as RIS writes corporate authors
 * (no "Last, First" to split); PB is the publisher.  The report number
 * is SN (Zotero's report number), or M1 for HEAR, BILL and STAT (their
 * document, bill and law numbers); an ISBN goes in SN when that is free,
 * else in a note (N1).  M3 (type of work) says report, consultation or
 * guidance for RPRT and GOVDOC.  PY is the year, DA the date with the
 * parts not known left empty ("2014/06//").  Y2, the access date, is the
 * day of o->now, given with UR only.  AB is the document's description,
 * else its first passage.  In a batch the records follow one another.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "render-cite.h"
#include "render.h"

/* Indexed by enum ds_cite_kind. */
static const char *const ris_types[] = {
	"GEN", "RPRT", "GOVDOC", "GOVDOC", "HEAR", "STAT", "BILL", "GEN",
	"CASE"
};

/* "TAG  - value" (nothing if value is NULL or empty). */
static int
put_tag(FILE *out, const char *tag, const char *value)
{
	char *flat;

	if (value == NULL || *value == '\0')
		return 0;
	if ((flat = ds_text_flat(value, false)) == NULL)
		return DS_ENOMEM;
	fprintf(out, "%s  - %s\r\n", tag, flat);
	free(flat);
	return 0;
}

static int
put_record(FILE *out, const struct ds_hit *h, const int today[3])
{
	struct ds_cite c;
	char isbn[32];
	bool m1, typed;
	int rc;

	if ((rc = ds_cite_init(&c, h)) < 0)
		return rc;
	m1 = c.kind == DS_CITE_DEBATE || c.kind == DS_CITE_LEGISLATION ||
	     c.kind == DS_CITE_BILL;
	typed = c.kind == DS_CITE_REPORT || c.kind == DS_CITE_CONSULTATION ||
		c.kind == DS_CITE_GUIDANCE;
	fprintf(out, "TY  - %s\r\n", ris_types[c.kind]);
	if ((rc = put_tag(out, "TI", c.title)) < 0 ||
	    (rc = put_tag(out, "AU", c.author)) < 0 ||
	    (rc = put_tag(out, "PB", c.publisher)) < 0)
		goto out;
	if (c.year > 0) {
		fprintf(out, "PY  - %04d\r\nDA  - %04d/", c.year, c.year);
		if (c.month > 0)
			fprintf(out, "%02d", c.month);
		fputc('/', out);
		if (c.day > 0)
			fprintf(out, "%02d", c.day);
		fputs("/\r\n", out);
	}
	if (c.isbn != NULL)
		snprintf(isbn, sizeof isbn, "%s%.20s",
			 m1 || c.number == NULL ? "" : "ISBN ", c.isbn);
	if ((rc = put_tag(out, m1 ? "M1" : "SN", c.number)) < 0 ||
	    (c.isbn != NULL &&
	     (rc = put_tag(out, m1 || c.number == NULL ? "SN" : "N1",
			   isbn)) < 0) ||
	    (typed && (rc = put_tag(out, "M3", c.label)) < 0) ||
	    (rc = put_tag(out, "UR", c.url)) < 0)
		goto out;
	if (c.url != NULL)
		fprintf(out, "Y2  - %04d/%02d/%02d\r\n", today[0], today[1],
			today[2]);
	if (c.abstract != NULL)
		rc = put_tag(out, "AB", c.abstract);
	else if (h->nsnippets > 0) {
		char *plain = ds_snippet_plain(h->snippets[0].text);

		rc = plain ? put_tag(out, "AB", plain) : DS_ENOMEM;
		free(plain);
	}
	if (rc == 0)
		fputs("ER  - \r\n\r\n", out);
out:
	ds_cite_release(&c);
	return rc;
}

int
ds_render_ris(FILE *out, const struct ds_results *r,
	      const struct ds_render_opts *o, struct ds_error *err)
{
	int today[3], rc = 0;
	size_t i;

	ds_cite_today(o->now, &today[0], &today[1], &today[2]);
	for (i = 0; i < r->nhits && rc == 0; i++)
		rc = put_record(out, &r->hits[i], today);
	if (rc < 0)
		return ds_error_set(err, rc, "out of memory");
	if (fflush(out) != 0 || ferror(out))
		return ds_error_set(err, DS_EIO, "writing the results failed");
	return 0;
}
