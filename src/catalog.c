/* SPDX-License-Identifier: GPL-2.0-or-later */
/* catalog.c: struct ds_doc -> Xapian document, per layout.h. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "date.h"
#include "doc-json.h"
#include "hash.h"
#include "layout.h"
#include "url.h"
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

/*
 * An ISO date ("YYYY-MM-DD", "YYYY-MM" or "YYYY") as the 8 digits of a
 * value slot, "00" standing for what the source doesn't give.  Returns the
 * number of leading digits that are real (8, 6 or 4), or 0 if `iso` is not
 * a date.
 */
static int
slot_date(const char *iso, char out[9])
{
	if (iso == NULL || !ds_date_is_iso(iso))
		return 0;
	memcpy(out, "00000000", 9);
	memcpy(out, iso, 4);
	if (iso[4] != '-')
		return 4;
	memcpy(out + 4, iso + 5, 2);
	if (iso[7] != '-')
		return 6;
	memcpy(out + 6, iso + 8, 2);
	return 8;
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

/*
 * The display record stored as the document's data: the record of
 * doc-json.h, with a file: URL for documents that have no published one.
 */
static char *
build_data(const struct ds_doc *doc, size_t *len)
{
	char *url = NULL, *out;

	if (doc->url == NULL && doc->path != NULL &&
	    (url = ds_url_file(doc->path)) == NULL)
		return NULL;
	out = ds_doc_record(doc, url, len);
	free(url);
	return out;
}

/* Index text under a prefix, then leave a gap so phrases don't cross. */
static int
index_field(struct xapian_term_generator *tg, const char *text,
	    xapian_termcount wdf_inc, const char *prefix,
	    struct xapian_error *xe)
{
	if (text == NULL)
		return 0;
	if (xapian_term_generator_index_text(tg, text, strlen(text), wdf_inc,
					     prefix, xe) < 0 ||
	    xapian_term_generator_increase_termpos(tg, DS_SECTION_GAP, xe) < 0)
		return -1;
	return 0;
}

/*
 * Index the free text of doc through the term generator: each field under
 * its prefix, and the title, description, headings and body unprefixed
 * too, so that plain words find them.
 */
static int
index_text(struct ds_catalog *cat, const struct ds_doc *doc,
	   struct xapian_error *xe)
{
	struct xapian_term_generator *tg = cat->tg;
	const char *last_speaker = NULL, *last_heading = NULL;
	size_t i;

	if (index_field(tg, doc->title, 1, DS_PREFIX_TITLE, xe) < 0 ||
	    index_field(tg, doc->title, DS_TITLE_WDF, "", xe) < 0 ||
	    index_field(tg, doc->author, 1, DS_PREFIX_AUTHOR, xe) < 0 ||
	    index_field(tg, doc->publisher, 1, DS_PREFIX_PUBLISHER, xe) < 0 ||
	    index_field(tg, doc->description, 1, "", xe) < 0)
		return -1;
	for (i = 0; i < doc->nidents; i++)
		if (index_field(tg, doc->idents[i].display, 1, "", xe) < 0)
			return -1;
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];

		/*
		 * A heading repeated over a run of sections (the debate
		 * every speech belongs to) counts once, not once a speech.
		 */
		if (s->heading != NULL &&
		    (last_heading == NULL || strcmp(last_heading, s->heading)) &&
		    (index_field(tg, s->heading, 1, DS_PREFIX_HEADING, xe) < 0 ||
		     xapian_term_generator_index_text(tg, s->heading,
						      strlen(s->heading), 1,
						      "", xe) < 0))
			return -1;
		/* A speaker's name once per run of their speeches. */
		if (s->speaker != NULL &&
		    (last_speaker == NULL || strcmp(last_speaker, s->speaker)) &&
		    index_field(tg, s->speaker, 1, DS_PREFIX_SPEAKER, xe) < 0)
			return -1;
		if (s->speaker != NULL)
			last_speaker = s->speaker;
		if (s->heading != NULL)
			last_heading = s->heading;
		if (s->text_len > 0 &&
		    xapian_term_generator_index_text(tg, s->text, s->text_len,
						     1, "", xe) < 0)
			return -1;
		if (xapian_term_generator_increase_termpos(tg, DS_SECTION_GAP,
							   xe) < 0)
			return -1;
	}
	return 0;
}

/* A lower-cased copy of s (Xapian's Unicode folding), or NULL. */
static char *
lower(const char *s, struct xapian_error *xe)
{
	return xapian_unicode_tolower(s, strlen(s), NULL, xe);
}

/* The host part of an http(s) URL into host[0..size), or "". */
static void
url_host(const char *url, char *host, size_t size)
{
	const char *p, *end;
	size_t n, i;

	host[0] = '\0';
	if (url == NULL)
		return;
	if (strncmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		p = url + 8;
	else
		return;
	end = p + strcspn(p, "/?#");
	/* user:password@ and :port are not part of the host. */
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			p = q + 1;
	n = (size_t)(end - p);
	for (i = 0; i < n && p[i] != ':'; i++)
		;
	n = i;
	if (n == 0 || n >= size)
		return;
	for (i = 0; i < n; i++) {
		char c = p[i];

		host[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	host[n] = '\0';
}

/* The date terms (D, M, Y) and value slots: publication, else update. */
static int
add_dates(struct xapian_document *xd, const struct ds_doc *doc,
	  struct xapian_error *xe)
{
	char ymd[9];
	int digits;

	if ((digits = slot_date(doc->modified, ymd)) > 0 &&
	    xapian_document_add_value(xd, DS_SLOT_MODIFIED, ymd, 8, xe) < 0)
		return -1;
	/*
	 * A page that only says when it was last updated (GOV.UK's usually
	 * do) is dated by that for ranges, sorting and facets; the record
	 * keeps the two apart for display.
	 */
	if ((digits = slot_date(doc->date ? doc->date : doc->modified,
				ymd)) == 0)
		return 0;
	if (xapian_document_add_value(xd, DS_SLOT_DATE, ymd, 8, xe) < 0 ||
	    xapian_document_add_value(xd, DS_SLOT_YEAR, ymd, 4, xe) < 0)
		return -1;
	if (digits == 8 && add_boolean(xd, DS_PREFIX_DATE, ymd, xe) < 0)
		return -1;
	ymd[6] = '\0';
	if (digits >= 6 && add_boolean(xd, DS_PREFIX_MONTH, ymd, xe) < 0)
		return -1;
	ymd[4] = '\0';
	return add_boolean(xd, DS_PREFIX_YEAR, ymd, xe);
}

/* Identifier terms: "XIDhc:1234" and, with a session, "XIDhc:1234:2013-14". */
static int
add_idents(struct xapian_document *xd, const struct ds_doc *doc,
	   struct xapian_error *xe)
{
	char term[DS_MAX_TERM_BYTES + 1];
	size_t i;
	int n;

	for (i = 0; i < doc->nidents; i++) {
		const struct ds_ident *id = &doc->idents[i];

		n = snprintf(term, sizeof term, "%s:%s", id->scheme, id->value);
		if (n > 0 && (size_t)n < sizeof term &&
		    add_boolean(xd, DS_PREFIX_IDENT, term, xe) < 0)
			return -1;
		if (id->session == NULL)
			continue;
		n = snprintf(term, sizeof term, "%s:%s:%s", id->scheme,
			     id->value, id->session);
		if (n > 0 && (size_t)n < sizeof term &&
		    add_boolean(xd, DS_PREFIX_IDENT, term, xe) < 0)
			return -1;
	}
	return 0;
}

/* Boolean terms and value slots. */
static int
add_filters(struct xapian_document *xd, const struct ds_doc *doc,
	    struct xapian_error *xe)
{
	char buf[32], ext[16], host[256];
	uint64_t h = DS_HASH_INIT;
	size_t i, n;

	if (add_dates(xd, doc, xe) < 0 || add_idents(xd, doc, xe) < 0)
		return -1;
	if (doc->lang != NULL && add_boolean(xd, DS_PREFIX_LANG, doc->lang, xe) < 0)
		return -1;
	if (doc->format != NULL &&
	    add_boolean(xd, DS_PREFIX_FORMAT, doc->format, xe) < 0)
		return -1;
	if (doc->dialect != NULL &&
	    add_boolean(xd, DS_PREFIX_DIALECT, doc->dialect, xe) < 0)
		return -1;
	if (doc->type != NULL &&
	    (add_boolean(xd, DS_PREFIX_TYPE, doc->type, xe) < 0 ||
	     xapian_document_add_value(xd, DS_SLOT_TYPE, doc->type,
				       strlen(doc->type), xe) < 0))
		return -1;
	if (doc->publisher != NULL) {
		char *org = lower(doc->publisher, xe);
		int rc;

		if (org == NULL)
			return -1;
		rc = add_boolean(xd, DS_PREFIX_ORG, org, xe);
		free(org);
		if (rc < 0 || xapian_document_add_value(
				      xd, DS_SLOT_PUBLISHER, doc->publisher,
				      strlen(doc->publisher), xe) < 0)
			return -1;
	}
	url_host(doc->url, host, sizeof host);
	if (host[0] != '\0' && add_boolean(xd, DS_PREFIX_HOST, host, xe) < 0)
		return -1;
	if (doc->path != NULL) {
		path_extension(doc->path, ext, sizeof ext);
		if (ext[0] != '\0' &&
		    add_boolean(xd, DS_PREFIX_EXT, ext, xe) < 0)
			return -1;
	}

	n = xapian_sortable_serialise((double)doc->mtime, buf);
	if (xapian_document_add_value(xd, DS_SLOT_MTIME, buf, n, xe) < 0)
		return -1;
	n = xapian_sortable_serialise((double)doc->size, buf);
	if (xapian_document_add_value(xd, DS_SLOT_SIZE, buf, n, xe) < 0)
		return -1;
	if (doc->stamp.size >= 0) {
		char stamp[DS_STAMP_MAX];

		n = ds_stamp_encode(&doc->stamp, stamp);
		if (xapian_document_add_value(xd, DS_SLOT_STAMP, stamp, n,
					      xe) < 0)
			return -1;
	}
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
	const char *identity = doc->id ? doc->id : doc->path;
	char *id = NULL, *data = NULL;
	size_t data_len = 0;
	int rc = DS_EINTERNAL;

	*out = NULL;
	*id_term = NULL;
	if (identity == NULL)
		return ds_error_set(err, DS_EINVAL,
				    "document has neither an id nor a path");
	id = ds_catalog_id_term(identity);
	data = build_data(doc, &data_len);
	if (id == NULL || data == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "%s: out of memory",
				  identity);
		goto out;
	}
	xd = xapian_document_new(&xe);
	if (xd == NULL ||
	    xapian_term_generator_set_document(cat->tg, xd, &xe) < 0 ||
	    xapian_document_add_boolean_term(xd, id, &xe) < 0 ||
	    xapian_document_add_value(xd, DS_SLOT_ID, id + 1, strlen(id + 1),
				      &xe) < 0 ||
	    index_text(cat, doc, &xe) < 0 || add_filters(xd, doc, &xe) < 0 ||
	    xapian_document_set_data(xd, data, data_len, &xe) < 0) {
		rc = xapian_fail(err, &xe, identity);
		goto out;
	}
	*out = xd;
	xd = NULL;
	*id_term = id;
	id = NULL;
	rc = 0;
out:
	/* The generator lets go: the document may go to another thread. */
	xapian_term_generator_set_document(cat->tg, NULL, &xe);
	xapian_document_free(xd);
	free(id);
	free(data);
	return rc;
}
