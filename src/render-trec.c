/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-trec.c: a TREC run, for relevance tests with trec_eval.
 *
 *   QID Q0 DOCID RANK SCORE TAG
 *
 * one line per hit, as trec_eval reads them: QID is the batch's query id
 * (ro->qid; "1" outside a batch), DOCID the document's identity (a JSON
 * Lines record's id, else its path), RANK from 1, SCORE Xapian's weight,
 * TAG the run's name (ro->run_tag, "dossier" by default).  Identities and
 * tags holding white space would break the line: white space and control
 * characters in them are written as '_'.
 */

#include "config.h"

#include <string.h>

#include "render.h"

/* Write s with white space and control characters as '_'. */
static void
put_word(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s <= ' ' || *s == 0x7f ? '_' : *s, out);
}

int
ds_render_trec(FILE *out, const struct ds_results *r,
	       const struct ds_render_opts *o, struct ds_error *err)
{
	const char *tag = o->run_tag ? o->run_tag : "dossier";
	size_t i;

	for (i = 0; i < r->nhits; i++) {
		const struct ds_hit *h = &r->hits[i];

		put_word(out, o->qid ? o->qid : "1");
		fputs(" Q0 ", out);
		if (h->id != NULL)
			put_word(out, h->id);
		else
			fprintf(out, "%u", (unsigned)h->docid);
		fprintf(out, " %u %.6f ", h->rank, h->weight);
		put_word(out, tag);
		fputc('\n', out);
	}
	if (fflush(out) != 0 || ferror(out))
		return ds_error_set(err, DS_EIO, "writing the run failed");
	return 0;
}
