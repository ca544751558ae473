/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-json.c: results as one JSON object, for scripts.  The schema is
 * documented in doc/dossier-query.1 (JSON OUTPUT) and stable: keys are
 * only ever added.
 *
 *  {"query": "...", "parsed": "Query(...)", "estimated": 3,
 *   "offset": 0, "documents": 173, "revision": 12, "uuid": "...",
 *   "shards": {"total": 3, "answered": 2, "missing": "shard h:1: why"},
 *   "suggestion": "corrected query",
 *   "expansions": [{"name": "dwp", "alternatives": ["department for..."]}],
 *   "facets": {"publisher": [{"value": "National Audit Office",
 *                             "count": 12}], "type": [...], "year": [...]},
 *   "hits": [{"rank": 1, "docid": 12, "percent": 87, "weight": 4.2,
 *             "id": "...", "title": "...", "path": "...", "url": "...",
 *             "date": "...", "modified": "...", "publisher": "...",
 *             "author": "...", "description": "...", "type": "report",
 *             "identifiers": ["HC 1234 (2013-14)"],
 *             "identifier_parts": [{"scheme": "hc", "value": "1234",
 *                                   "session": "2013-14"}],
 *             "format": "html", "dialect": "clml", "lang": "en",
 *             "duplicates": 0,
 *             "snippet": "plain text", "snippet_html": "with <mark>",
 *             "snippets": [{"text": "...", "html": "...", "section": 3,
 *                           "breadcrumb": "Part 2 > Findings",
 *                           "anchor": "findings",
 *                           "link": "https://...#findings",
 *                           "speaker": "..."}]}]}
 *
 * "snippet" and "snippet_html" are the first passage's.  Absent values are
 * left out rather than null.  Strings that are not valid UTF-8 (file names
 * can be anything) have each invalid byte replaced by U+FFFD so that the
 * output is always valid JSON.  In a batch (--batch), each query's object
 * is on one line, with "qid".
 */

#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "utf8.h"

/* A JSON string for s, repairing invalid UTF-8. */
static json_t *
json_text(const char *s)
{
	size_t len = strlen(s);
	json_t *j;
	char *fixed;

	if (ds_utf8_valid(s, len))
		return json_stringn(s, len);
	if ((fixed = ds_utf8_repair(s)) == NULL)
		return NULL;
	j = json_string(fixed);
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

/* A passage as JSON; `url` is the hit's, for the link. */
static json_t *
snippet_json(const struct ds_snippet *sn, const char *url)
{
	json_t *o = json_object();
	char *link = NULL;
	int rc = -1;

	if (o == NULL)
		return NULL;
	if (url != NULL && sn->anchor != NULL) {
		size_t n = strlen(url) + strlen(sn->anchor) + 2;

		if ((link = malloc(n)) == NULL)
			goto out;
		snprintf(link, n, "%s#%s", url, sn->anchor);
	}
	if (put_owned(o, "text", ds_snippet_plain(sn->text)) < 0 ||
	    put_owned(o, "html", ds_snippet_html(sn->text)) < 0 ||
	    json_object_set_new(o, "section", json_integer(sn->section)) < 0 ||
	    put(o, "breadcrumb", sn->breadcrumb) < 0 ||
	    put(o, "anchor", sn->anchor) < 0 || put(o, "link", link) < 0 ||
	    put(o, "speaker", sn->speaker) < 0)
		goto out;
	rc = 0;
out:
	free(link);
	if (rc < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* arr gets `obj`, or the call fails when obj is NULL. */
static int
append(json_t *arr, json_t *obj)
{
	return obj == NULL ? -1 : json_array_append_new(arr, obj);
}

static json_t *
hit_json(const struct ds_hit *h)
{
	json_t *o = json_object(), *a;
	size_t i;

	if (o == NULL)
		return NULL;
	if (json_object_set_new(o, "rank", json_integer(h->rank)) < 0 ||
	    json_object_set_new(o, "docid", json_integer(h->docid)) < 0 ||
	    json_object_set_new(o, "percent", json_integer(h->percent)) < 0 ||
	    json_object_set_new(o, "weight", json_real(h->weight)) < 0 ||
	    put(o, "id", h->id) < 0 ||
	    put(o, "title", h->title) < 0 || put(o, "path", h->path) < 0 ||
	    put(o, "url", h->url) < 0 || put(o, "date", h->date) < 0 ||
	    put(o, "modified", h->modified) < 0 ||
	    put(o, "publisher", h->publisher) < 0 ||
	    put(o, "author", h->author) < 0 ||
	    put(o, "description", h->description) < 0 ||
	    put(o, "type", h->type) < 0 || put(o, "format", h->format) < 0 ||
	    put(o, "dialect", h->dialect) < 0 || put(o, "lang", h->lang) < 0 ||
	    json_object_set_new(o, "duplicates",
				json_integer(h->duplicates)) < 0)
		goto fail;
	if (h->nidentifiers > 0) {
		json_t *parts;

		if ((a = json_array()) == NULL ||
		    json_object_set_new(o, "identifiers", a) < 0 ||
		    (parts = json_array()) == NULL ||
		    json_object_set_new(o, "identifier_parts", parts) < 0)
			goto fail;
		for (i = 0; i < h->nidentifiers; i++) {
			const struct ds_hit_ident *id = &h->identifiers[i];
			json_t *p = json_object();

			if (append(a, json_text(id->display)) < 0 ||
			    append(parts, p) < 0 ||
			    put(p, "scheme", id->scheme) < 0 ||
			    put(p, "value", id->value) < 0 ||
			    put(p, "session", id->session) < 0)
				goto fail;
		}
	}
	if (h->nsnippets > 0) {
		if (put_owned(o, "snippet",
			      ds_snippet_plain(h->snippets[0].text)) < 0 ||
		    put_owned(o, "snippet_html",
			      ds_snippet_html(h->snippets[0].text)) < 0 ||
		    (a = json_array()) == NULL ||
		    json_object_set_new(o, "snippets", a) < 0)
			goto fail;
		for (i = 0; i < h->nsnippets; i++)
			if (append(a, snippet_json(&h->snippets[i], h->url)) < 0)
				goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* The "did you mean", expansions and facets of r into root. */
static int
context_json(json_t *root, const struct ds_results *r)
{
	json_t *a, *f;
	size_t i, j;

	if (put(root, "suggestion", r->suggestion) < 0 ||
	    (a = json_array()) == NULL ||
	    json_object_set_new(root, "expansions", a) < 0)
		return -1;
	for (i = 0; i < r->nexpansions; i++) {
		const struct ds_expansion *e = &r->expansions[i];
		json_t *eo = json_object(), *alts = json_array();

		if (append(a, eo) < 0 || alts == NULL ||
		    json_object_set_new(eo, "alternatives", alts) < 0 ||
		    put(eo, "name", e->name) < 0)
			return -1;
		for (j = 0; j < e->nalternatives; j++)
			if (append(alts, json_text(e->alternatives[j])) < 0)
				return -1;
	}
	if (r->nfacets == 0)
		return 0;
	if ((f = json_object()) == NULL ||
	    json_object_set_new(root, "facets", f) < 0)
		return -1;
	for (i = 0; i < r->nfacets; i++) {
		const struct ds_facet *fc = &r->facets[i];

		if ((a = json_array()) == NULL ||
		    json_object_set_new(f, fc->name, a) < 0)
			return -1;
		for (j = 0; j < fc->ncounts; j++) {
			json_t *c = json_object();

			if (append(a, c) < 0 ||
			    put(c, "value", fc->counts[j].value) < 0 ||
			    json_object_set_new(c, "count", json_integer(
					fc->counts[j].count)) < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * "shards", when the database is several: how many, how many answered,
 * and when some did not, the first of those and why.
 */
static int
shards_json(json_t *root, const struct ds_results *r)
{
	json_t *o;

	if (r->shards <= 1)
		return 0;
	if ((o = json_object()) == NULL ||
	    json_object_set_new(root, "shards", o) < 0 ||
	    json_object_set_new(o, "total", json_integer(r->shards)) < 0 ||
	    json_object_set_new(o, "answered",
				json_integer(r->shards_answered)) < 0)
		return -1;
	return put(o, "missing", r->shards_missing);
}

int
ds_render_json(FILE *out, const struct ds_results *r,
	       const struct ds_render_opts *o, struct ds_error *err)
{
	json_t *root = json_object(), *hits = json_array();
	int rc = DS_ENOMEM;
	size_t i;

	if (root == NULL || hits == NULL ||
	    (o->qid != NULL && put(root, "qid", o->qid) < 0) ||
	    put(root, "query", r->query ? r->query : "") < 0 ||
	    put(root, "parsed", r->parsed) < 0 ||
	    json_object_set_new(root, "estimated",
				json_integer(r->estimated)) < 0 ||
	    json_object_set_new(root, "offset", json_integer(r->offset)) < 0 ||
	    json_object_set_new(root, "documents",
				json_integer(r->doccount)) < 0 ||
	    json_object_set_new(root, "revision",
				json_integer((json_int_t)r->revision)) < 0 ||
	    put(root, "uuid", r->uuid) < 0 || shards_json(root, r) < 0 ||
	    context_json(root, r) < 0)
		goto out;
	for (i = 0; i < r->nhits; i++) {
		json_t *h = hit_json(&r->hits[i]);

		if (h == NULL || json_array_append_new(hits, h) < 0)
			goto out;
	}
	if (json_object_set(root, "hits", hits) < 0)
		goto out;
	if ((rc = ds_render_json_value(out, root, o, err)) < 0)
		goto out;
	rc = 0;
out:
	if (rc == DS_ENOMEM)
		ds_error_set(err, rc, "out of memory");
	json_decref(hits);
	json_decref(root);
	return rc;
}
