/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-json.c: results as one JSON object, for scripts.
 *
 *  {"query": "...", "parsed": "Query(...)", "estimated": 3,
 *   "offset": 0, "documents": 173,
 *   "hits": [{"rank": 1, "docid": 12, "percent": 87, "weight": 4.2,
 *             "title": "...", "path": "...", "url": "...", "date": "...",
 *             "modified": "...", "publisher": "...", "type": "report",
 *             "identifiers": ["HC 1234 (2013-14)"],
 *             "format": "html", "dialect": "clml", "lang": "en",
 *             "snippet": "plain text", "snippet_html": "with <mark>"}]}
 *
 * Keys are stable; absent values are left out rather than null.  Strings
 * that are not valid UTF-8 (file names can be anything) have each invalid
 * byte replaced by U+FFFD so that the output is always valid JSON.
 */

#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "utf8.h"

/* A JSON string for s, repairing invalid UTF-8. */
static json_t *
json_text(const char *s)
{
	size_t len = strlen(s), i = 0, o = 0, n;
	uint32_t cp;
	json_t *j;
	char *fixed;

	if (ds_utf8_valid(s, len))
		return json_stringn(s, len);
	fixed = malloc(len * 3 + 1);
	if (fixed == NULL)
		return NULL;
	while (i < len) {
		n = ds_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			memcpy(fixed + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(fixed + o, s + i, n);
			o += n;
			i += n;
		}
	}
	j = json_stringn(fixed, o);
	free(fixed);
	return j;
}

/* obj[key] = s, unless s is NULL.  Returns -1 on failure. */
static int
put(json_t *obj, const char *key, const char *s)
{
	if (s == NULL)
		return 0;
	return json_object_set_new(obj, key, json_text(s));
}

/* obj[key] = s, handing over ownership of s (freed here). */
static int
put_owned(json_t *obj, const char *key, char *s)
{
	int rc;

	if (s == NULL)
		return -1;
	rc = put(obj, key, s);
	free(s);
	return rc;
}

static json_t *
hit_json(const struct ds_hit *h)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (json_object_set_new(o, "rank", json_integer(h->rank)) < 0 ||
	    json_object_set_new(o, "docid", json_integer(h->docid)) < 0 ||
	    json_object_set_new(o, "percent", json_integer(h->percent)) < 0 ||
	    json_object_set_new(o, "weight", json_real(h->weight)) < 0 ||
	    put(o, "title", h->title) < 0 || put(o, "path", h->path) < 0 ||
	    put(o, "url", h->url) < 0 || put(o, "date", h->date) < 0 ||
	    put(o, "modified", h->modified) < 0 ||
	    put(o, "publisher", h->publisher) < 0 ||
	    put(o, "type", h->type) < 0 || put(o, "format", h->format) < 0 ||
	    put(o, "dialect", h->dialect) < 0 || put(o, "lang", h->lang) < 0)
		goto fail;
	if (h->nidentifiers > 0) {
		json_t *ids = json_array();
		size_t i;

		if (ids == NULL || json_object_set_new(o, "identifiers", ids) < 0)
			goto fail;
		for (i = 0; i < h->nidentifiers; i++)
			if (json_array_append_new(ids,
						  json_text(h->identifiers[i])) < 0)
				goto fail;
	}
	if (h->snippet != NULL &&
	    (put_owned(o, "snippet", ds_snippet_plain(h->snippet)) < 0 ||
	     put_owned(o, "snippet_html", ds_snippet_html(h->snippet)) < 0))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

int
ds_render_json(FILE *out, const struct ds_results *r,
	       const struct ds_render_opts *o, struct ds_error *err)
{
	json_t *root = json_object(), *hits = json_array();
	int rc = DS_ENOMEM;
	size_t i;

	(void)o;
	if (root == NULL || hits == NULL ||
	    put(root, "query", r->query ? r->query : "") < 0 ||
	    put(root, "parsed", r->parsed) < 0 ||
	    json_object_set_new(root, "estimated",
				json_integer(r->estimated)) < 0 ||
	    json_object_set_new(root, "offset", json_integer(r->offset)) < 0 ||
	    json_object_set_new(root, "documents",
				json_integer(r->doccount)) < 0)
		goto out;
	for (i = 0; i < r->nhits; i++) {
		json_t *h = hit_json(&r->hits[i]);

		if (h == NULL || json_array_append_new(hits, h) < 0)
			goto out;
	}
	if (json_object_set(root, "hits", hits) < 0)
		goto out;
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 ||
	    fputc('\n', out) == EOF || fflush(out) != 0) {
		rc = ds_error_set(err, DS_EIO, "writing the results failed");
		goto out;
	}
	rc = 0;
out:
	if (rc == DS_ENOMEM)
		ds_error_set(err, rc, "out of memory");
	json_decref(hits);
	json_decref(root);
	return rc;
}
