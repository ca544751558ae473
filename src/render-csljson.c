/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-csljson.c: results as CSL-JSON, the citation data of the
 * Citation Style Language (citeproc-js, pandoc's citeproc, Zotero).
 *
 *  [{"id": "corpus/nao/compact.html", "type": "report",
 *    "title": "Managing the Compact",
 *    "author": [{"literal": "National Audit Office"}],
 *    "publisher": "National Audit Office",
 *    "issued": {"date-parts": [[2014, 6, 30]]},
 *    "number": "HC 1234 (2013-14)", "ISBN": "9781234567897",
 *    "genre": "Consultation", "abstract": "...",
 *    "URL": "https://www.nao.org.uk/report/...",
 *    "accessed": {"date-parts": [[2026, 11, 30]]}}]
 *
 * One array, one item per hit, with CSL-JSON's field names (CSL 1.0.2)
 * and fields chosen as render-cite.h says; what is not known is left out.
 * id is the document's identity (a record's id, else its path), unique in
 * a result list.  The author is corporate: a "literal" name, never split
 * into family and given.  date-parts hold only the parts known ([[2014]],
 * [[2014, 6]]).  accessed is the day of o->now, given with URL only.  The
 * kinds map onto CSL types so:
 *
 *   report, consultation, guidance  report (consultation and guidance
 *                                   say so in genre)
 *   debate                          speech (genre "Debate")
 *   speech                          speech
 *   legislation, bill               legislation, bill
 *   judgment                        legal_case
 *   other                           document
 *
 * Strings that are not valid UTF-8 have each invalid byte replaced by
 * U+FFFD, so the output is always valid JSON.  In a batch (--batch) each
 * query's array is on one line, without its qid (CSL items have no room
 * for one; use the JSON format to tell queries apart).
 */

#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render-cite.h"
#include "render.h"
#include "utf8.h"

/* Indexed by enum ds_cite_kind. */
static const char *const csl_types[] = {
	"document", "report", "report", "report", "speech", "legislation",
	"bill", "speech", "legal_case"
};

/* obj[key] = s as a JSON string (invalid UTF-8 repaired), unless NULL. */
static int
put(json_t *obj, const char *key, const char *s)
{
	char *fixed;
	int rc;

	if (s == NULL)
		return 0;
	if (ds_utf8_valid(s, strlen(s)))
		return json_object_set_new(obj, key, json_string(s));
	if ((fixed = ds_utf8_repair(s)) == NULL)
		return -1;
	rc = json_object_set_new(obj, key, json_string(fixed));
	free(fixed);
	return rc;
}

/* obj[key] = {"date-parts": [[y, m, d]]} with the parts known. */
static int
put_date(json_t *obj, const char *key, int y, int m, int d)
{
	json_t *parts = json_array(), *outer = json_array();
	json_t *date = json_object();
	int rc = -1;

	if (parts == NULL || outer == NULL || date == NULL ||
	    json_array_append_new(parts, json_integer(y)) < 0 ||
	    (m > 0 && json_array_append_new(parts, json_integer(m)) < 0) ||
	    (m > 0 && d > 0 &&
	     json_array_append_new(parts, json_integer(d)) < 0) ||
	    json_array_append(outer, parts) < 0 ||
	    json_object_set(date, "date-parts", outer) < 0)
		goto out;
	rc = json_object_set(obj, key, date);
out:
	json_decref(parts);
	json_decref(outer);
	json_decref(date);
	return rc;
}

static json_t *
item_json(const struct ds_hit *h, const int today[3])
{
	json_t *o = json_object(), *authors, *a;
	struct ds_cite c;
	char docid[32];

	if (o == NULL)
		return NULL;
	if (ds_cite_init(&c, h) < 0) {
		json_decref(o);
		return NULL;
	}
	snprintf(docid, sizeof docid, "dossier:%u", (unsigned)h->docid);
	if (put(o, "id", h->id ? h->id : docid) < 0 ||
	    put(o, "type", csl_types[c.kind]) < 0 ||
	    put(o, "title", c.title) < 0)
		goto fail;
	if (c.author != NULL) {
		if ((authors = json_array()) == NULL ||
		    json_object_set_new(o, "author", authors) < 0 ||
		    (a = json_object()) == NULL ||
		    json_array_append_new(authors, a) < 0 ||
		    put(a, "literal", c.author) < 0)
			goto fail;
	}
	if (put(o, "publisher", c.publisher) < 0 ||
	    (c.year > 0 && put_date(o, "issued", c.year, c.month, c.day) < 0) ||
	    put(o, "number", c.number) < 0 || put(o, "ISBN", c.isbn) < 0 ||
	    ((c.kind == DS_CITE_CONSULTATION || c.kind == DS_CITE_GUIDANCE ||
	      c.kind == DS_CITE_DEBATE) &&
	     put(o, "genre", c.label) < 0) ||
	    put(o, "abstract", c.abstract) < 0 || put(o, "URL", c.url) < 0 ||
	    (c.url != NULL &&
	     put_date(o, "accessed", today[0], today[1], today[2]) < 0))
		goto fail;
	ds_cite_release(&c);
	return o;
fail:
	ds_cite_release(&c);
	json_decref(o);
	return NULL;
}

int
ds_render_csljson(FILE *out, const struct ds_results *r,
		  const struct ds_render_opts *o, struct ds_error *err)
{
	json_t *items = json_array();
	int today[3], rc = DS_ENOMEM;
	size_t i;

	if (items == NULL)
		goto out;
	ds_cite_today(o->now, &today[0], &today[1], &today[2]);
	for (i = 0; i < r->nhits; i++) {
		json_t *it = item_json(&r->hits[i], today);

		if (it == NULL || json_array_append_new(items, it) < 0)
			goto out;
	}
	if ((rc = ds_render_json_value(out, items, o, err)) < 0)
		goto out;
	rc = 0;
out:
	if (rc == DS_ENOMEM)
		ds_error_set(err, rc, "out of memory");
	json_decref(items);
	return rc;
}
