/* SPDX-License-Identifier: GPL-2.0-or-later */
/* catalog.c: struct ds_doc -> Xapian document, per layout.h. */

#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "hash.h"
#include "layout.h"
#include "utf8.h"
#include "xapian-c.h"

struct ds_catalog {
	struct xapian_stem *stem;
	struct xapian_term_generator *tg;
};

/* Copy a binding error into a ds_error, naming what we were doing. */
static int
xapian_fail(struct ds_error *err, const struct xapian_error *xe,
	    const char *what)
{
	int code = xe->code == XAPIAN_E_NO_MEMORY ? DS_ENOMEM : DS_EXAPIAN;

	return ds_error_set(err, code, "%s: %s: %s", what, xe->type,
			    xe->message);
}

struct ds_catalog *
ds_catalog_new(const char *language, struct ds_error *err)
{
	struct ds_catalog *cat;
	struct xapian_error xe;

	cat = calloc(1, sizeof *cat);
	if (cat == NULL) {
		ds_error_set(err, DS_ENOMEM, "out of memory");
		return NULL;
	}
	cat->stem = xapian_stem_new(language, &xe);
	if (cat->stem == NULL) {
		ds_error_set(err, DS_EINVAL, "stemming language '%s': %s",
			     language, xe.message);
		goto fail;
	}
	cat->tg = xapian_term_generator_new(&xe);
	if (cat->tg == NULL ||
	    xapian_term_generator_set_stemmer(cat->tg, cat->stem, &xe) < 0 ||
	    xapian_term_generator_set_stemming_strategy(cat->tg,
							XAPIAN_STEM_SOME,
							&xe) < 0) {
		xapian_fail(err, &xe, "term generator");
		goto fail;
	}
	return cat;
fail:
	ds_catalog_free(cat);
	return NULL;
}

void
ds_catalog_free(struct ds_catalog *cat)
{
	if (cat == NULL)
		return;
	xapian_term_generator_free(cat->tg);
	xapian_stem_free(cat->stem);
	free(cat);
}

char *
ds_catalog_id_term(const char *path)
{
	size_t len = strlen(path), keep;
	char hex[17];
	char *term;

	if (1 + len <= DS_MAX_TERM_BYTES) {
		term = malloc(len + 2);
		if (term != NULL) {
			term[0] = DS_PREFIX_ID[0];
			memcpy(term + 1, path, len + 1);
		}
		return term;
	}
	/* "Q" + head of the path (cut on a character boundary) + "#" + hash */
	keep = ds_utf8_cut(path, DS_MAX_TERM_BYTES - 1 - 1 - 16);
	ds_hash_hex(ds_hash64(DS_HASH_INIT, path, len), hex);
	term = malloc(1 + keep + 1 + 16 + 1);
	if (term != NULL)
		snprintf(term, 1 + keep + 1 + 16 + 1, "%s%.*s#%s",
			 DS_PREFIX_ID, (int)keep, path, hex);
	return term;
}

/* Add a boolean term prefix+value, skipping values too long for a term. */
static int
add_boolean(struct xapian_document *xd, const char *prefix, const char *value,
	    struct xapian_error *xe)
{
	char term[DS_MAX_TERM_BYTES + 1];
	int n;

	n = snprintf(term, sizeof term, "%s%s", prefix, value);
	if (n < 0 || (size_t)n >= sizeof term)
		return 0;
	return xapian_document_add_boolean_term(xd, term, xe);
}

/* Whether s is "YYYY-MM-DD" with plausible numbers. */
static int
is_iso_date(const char *s)
{
	int i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* The file name extension of path, lower-cased into ext, or "" */
static void
path_extension(const char *path, char *ext, size_t size)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	size_t i;

	ext[0] = '\0';
	if (dot == NULL || dot[1] == '\0' || strlen(dot + 1) >= size)
		return;
	for (i = 0; dot[1 + i]; i++) {
		char c = dot[1 + i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			ext[0] = '\0';
			return;
		}
		ext[i] = c;
	}
	ext[i] = '\0';
}

/* Set key to a JSON string if value is non-NULL. */
static int
json_put_str(json_t *obj, const char *key, const char *value)
{
	json_t *s;

	if (value == NULL)
		return 0;
	s = json_string(value);
	if (s == NULL)		/* invalid UTF-8: the path, perhaps */
		s = json_string("");
	return json_object_set_new(obj, key, s);
}

/*
 * The file: URL of an absolute path, every byte outside RFC 3986's
 * unreserved set (and '/') percent-encoded.  Returns a new string or NULL.
 */
static char *
file_url(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(path), i, o;
	char *url = malloc(7 + len * 3 + 1);

	if (url == NULL)
		return NULL;
	memcpy(url, "file://", 7);
	o = 7;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
			url[o++] = (char)c;
		} else {
			url[o++] = '%';
			url[o++] = hex[c >> 4];
			url[o++] = hex[c & 0xf];
		}
	}
	url[o] = '\0';
	return url;
}

/* The display record stored as the document's data (see layout.h). */
static char *
build_data(const struct ds_doc *doc, size_t *len)
{
	json_t *obj = json_object(), *secs = json_array();
	char *out = NULL, *url = NULL;
	size_t i;

	if (obj == NULL || secs == NULL)
		goto out;
	/* Without a published address, results link to the file itself. */
	if (doc->url == NULL && (url = file_url(doc->path)) == NULL)
		goto out;
	if (json_object_set_new(obj, DS_DATA_VERSION, json_integer(1)) < 0 ||
	    json_put_str(obj, DS_DATA_PATH, doc->path) < 0 ||
	    json_put_str(obj, DS_DATA_URL, doc->url ? doc->url : url) < 0 ||
	    json_put_str(obj, DS_DATA_FORMAT, doc->format) < 0 ||
	    json_put_str(obj, DS_DATA_TITLE, doc->title) < 0 ||
	    json_put_str(obj, DS_DATA_DESCRIPTION, doc->description) < 0 ||
	    json_put_str(obj, DS_DATA_AUTHOR, doc->author) < 0 ||
	    json_put_str(obj, DS_DATA_PUBLISHER, doc->publisher) < 0 ||
	    json_put_str(obj, DS_DATA_DATE, doc->date) < 0 ||
	    json_put_str(obj, DS_DATA_TYPE, doc->type) < 0 ||
	    json_put_str(obj, DS_DATA_LANG, doc->lang) < 0 ||
	    json_object_set_new(obj, DS_DATA_MTIME,
				json_integer(doc->mtime)) < 0 ||
	    json_object_set_new(obj, DS_DATA_SIZE, json_integer(doc->size)) < 0)
		goto out;
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];
		json_t *js = json_object();

		if (js == NULL || json_array_append_new(secs, js) < 0)
			goto out;
		if (json_put_str(js, DS_DATA_SEC_HEADING, s->heading) < 0 ||
		    json_put_str(js, DS_DATA_SEC_ANCHOR, s->anchor) < 0 ||
		    json_object_set_new(js, DS_DATA_SEC_LEVEL,
					json_integer(s->level)) < 0 ||
		    json_object_set_new(js, DS_DATA_SEC_TEXT,
					json_stringn(s->text ? s->text : "",
						     s->text_len)) < 0)
			goto out;
	}
	if (json_object_set(obj, DS_DATA_SECTIONS, secs) < 0)
		goto out;
	out = json_dumps(obj, JSON_COMPACT);
	if (out != NULL)
		*len = strlen(out);
out:
	free(url);
	json_decref(secs);
	json_decref(obj);
	return out;
}

/* Index the free text of doc through the term generator. */
static int
index_text(struct ds_catalog *cat, const struct ds_doc *doc,
	   struct xapian_error *xe)
{
	struct xapian_term_generator *tg = cat->tg;
	size_t i;

#define TEXT(s) (s), strlen(s)
	if (doc->title != NULL) {
		if (xapian_term_generator_index_text(tg, TEXT(doc->title), 1,
						     DS_PREFIX_TITLE, xe) < 0 ||
		    xapian_term_generator_increase_termpos(tg, DS_SECTION_GAP,
							   xe) < 0 ||
		    xapian_term_generator_index_text(tg, TEXT(doc->title),
						     DS_TITLE_WDF, "", xe) < 0 ||
		    xapian_term_generator_increase_termpos(tg, DS_SECTION_GAP,
							   xe) < 0)
			return -1;
	}
	if (doc->author != NULL &&
	    (xapian_term_generator_index_text(tg, TEXT(doc->author), 1,
					      DS_PREFIX_AUTHOR, xe) < 0 ||
	     xapian_term_generator_increase_termpos(tg, DS_SECTION_GAP,
						    xe) < 0))
		return -1;
	if (doc->description != NULL &&
	    (xapian_term_generator_index_text(tg, TEXT(doc->description), 1,
					      "", xe) < 0 ||
	     xapian_term_generator_increase_termpos(tg, DS_SECTION_GAP,
						    xe) < 0))
		return -1;
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];

		if (s->heading != NULL &&
		    (xapian_term_generator_index_text(tg, TEXT(s->heading), 1,
						      DS_PREFIX_HEADING,
						      xe) < 0 ||
		     xapian_term_generator_index_text(tg, TEXT(s->heading), 1,
						      "", xe) < 0))
			return -1;
		if (s->text_len > 0 &&
		    xapian_term_generator_index_text(tg, s->text, s->text_len,
						     1, "", xe) < 0)
			return -1;
		if (xapian_term_generator_increase_termpos(tg, DS_SECTION_GAP,
							   xe) < 0)
			return -1;
	}
#undef TEXT
	return 0;
}

/* Boolean terms and value slots. */
static int
add_filters(struct xapian_document *xd, const struct ds_doc *doc,
	    struct xapian_error *xe)
{
	char buf[32], ext[16];
	size_t n;
	uint64_t h = DS_HASH_INIT;
	size_t i;

	if (is_iso_date(doc->date)) {
		char ymd[9];

		memcpy(ymd, doc->date, 4);
		memcpy(ymd + 4, doc->date + 5, 2);
		memcpy(ymd + 6, doc->date + 8, 2);
		ymd[8] = '\0';
		if (add_boolean(xd, DS_PREFIX_DATE, ymd, xe) < 0 ||
		    xapian_document_add_value(xd, DS_SLOT_DATE, ymd, 8, xe) < 0)
			return -1;
		ymd[6] = '\0';
		if (add_boolean(xd, DS_PREFIX_MONTH, ymd, xe) < 0)
			return -1;
		ymd[4] = '\0';
		if (add_boolean(xd, DS_PREFIX_YEAR, ymd, xe) < 0)
			return -1;
	}
	if (doc->lang != NULL && add_boolean(xd, DS_PREFIX_LANG, doc->lang, xe) < 0)
		return -1;
	if (doc->format != NULL &&
	    add_boolean(xd, DS_PREFIX_FORMAT, doc->format, xe) < 0)
		return -1;
	path_extension(doc->path, ext, sizeof ext);
	if (ext[0] != '\0' && add_boolean(xd, DS_PREFIX_EXT, ext, xe) < 0)
		return -1;

	n = xapian_sortable_serialise((double)doc->mtime, buf);
	if (xapian_document_add_value(xd, DS_SLOT_MTIME, buf, n, xe) < 0)
		return -1;
	n = xapian_sortable_serialise((double)doc->size, buf);
	if (xapian_document_add_value(xd, DS_SLOT_SIZE, buf, n, xe) < 0)
		return -1;
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];

		if (s->heading)
			h = ds_hash64(h, s->heading, strlen(s->heading));
		h = ds_hash64(h, "\n", 1);
		h = ds_hash64(h, s->text ? s->text : "", s->text_len);
	}
	ds_hash_hex(h, buf);
	return xapian_document_add_value(xd, DS_SLOT_HASH, buf, 16, xe);
}

int
ds_catalog_build(struct ds_catalog *cat, const struct ds_doc *doc,
		 struct xapian_document **out, char **id_term,
		 struct ds_error *err)
{
	struct xapian_document *xd = NULL;
	struct xapian_error xe;
	char *id = NULL, *data = NULL;
	size_t data_len = 0;
	int rc = DS_EINTERNAL;

	*out = NULL;
	*id_term = NULL;
	if (doc->path == NULL)
		return ds_error_set(err, DS_EINVAL, "document has no path");
	id = ds_catalog_id_term(doc->path);
	data = build_data(doc, &data_len);
	if (id == NULL || data == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "%s: out of memory",
				  doc->path);
		goto out;
	}
	xd = xapian_document_new(&xe);
	if (xd == NULL ||
	    xapian_term_generator_set_document(cat->tg, xd, &xe) < 0 ||
	    xapian_document_add_boolean_term(xd, id, &xe) < 0 ||
	    index_text(cat, doc, &xe) < 0 || add_filters(xd, doc, &xe) < 0 ||
	    xapian_document_set_data(xd, data, data_len, &xe) < 0) {
		rc = xapian_fail(err, &xe, doc->path);
		goto out;
	}
	*out = xd;
	xd = NULL;
	*id_term = id;
	id = NULL;
	rc = 0;
out:
	xapian_document_free(xd);
	free(id);
	free(data);
	return rc;
}
