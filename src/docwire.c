/* SPDX-License-Identifier: GPL-2.0-or-later */
/* docwire.c: struct ds_doc <-> bytes (the format is in docwire.h). */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docwire.h"
#include "utf8.h"

/* The length that stands for a NULL string. */
#define NULL_LEN UINT32_MAX

/* Fewest bytes an identifier (4 strings) and a section (4 + level) take. */
#define MIN_IDENT_BYTES 16
#define MIN_SECTION_BYTES 20

/* ------------------------------------------------------------------ writing */

/* A growing output buffer; `failed` remembers the first error. */
struct wbuf {
	unsigned char *p;
	size_t len, cap;
	int failed;		/* 0, DS_ENOMEM or DS_ETOOBIG */
};

/* Make room for n more bytes. */
static int
reserve(struct wbuf *w, size_t n)
{
	size_t cap;
	unsigned char *np;

	if (w->failed)
		return -1;
	if (n <= w->cap - w->len)
		return 0;
	cap = w->cap ? w->cap : 4096;
	while (cap - w->len < n) {
		if (cap > SIZE_MAX / 2) {
			w->failed = DS_ENOMEM;
			return -1;
		}
		cap *= 2;
	}
	if ((np = realloc(w->p, cap)) == NULL) {
		w->failed = DS_ENOMEM;
		return -1;
	}
	w->p = np;
	w->cap = cap;
	return 0;
}

/* Append v as n little-endian bytes. */
static void
put_le(struct wbuf *w, uint64_t v, size_t n)
{
	size_t i;

	if (reserve(w, n) < 0)
		return;
	for (i = 0; i < n; i++)
		w->p[w->len++] = (unsigned char)(v >> (8 * i));
}

/* Append a string of n bytes, or the NULL marker when s is NULL. */
static void
put_strn(struct wbuf *w, const char *s, size_t n)
{
	if (s == NULL) {
		put_le(w, NULL_LEN, 4);
		return;
	}
	if (n >= NULL_LEN) {
		if (!w->failed)
			w->failed = DS_ETOOBIG;
		return;
	}
	put_le(w, n, 4);
	if (reserve(w, n) < 0)
		return;
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

static void
put_str(struct wbuf *w, const char *s)
{
	put_strn(w, s, s ? strlen(s) : 0);
}

int
ds_docwire_encode(const struct ds_doc *doc, char **buf, size_t *len,
		  struct ds_error *err)
{
	struct wbuf w = {NULL, 0, 0, 0};
	size_t i;

	*buf = NULL;
	*len = 0;
	if (doc->nidents >= NULL_LEN || doc->nsections >= NULL_LEN)
		return ds_error_set(err, DS_ETOOBIG, "document too big to "
				    "encode: %zu sections", doc->nsections);
	if (reserve(&w, 4) == 0) {
		memcpy(w.p, DS_DOCWIRE_MAGIC, 4);
		w.len = 4;
	}
	put_str(&w, doc->id);
	put_str(&w, doc->path);
	put_str(&w, doc->url);
	put_str(&w, doc->format);
	put_str(&w, doc->dialect);
	put_le(&w, (uint64_t)doc->mtime, 8);
	put_le(&w, (uint64_t)doc->size, 8);
	put_le(&w, (uint64_t)doc->stamp.mtime_ns, 8);
	put_le(&w, (uint64_t)doc->stamp.size, 8);
	put_le(&w, doc->stamp.hash, 8);
	put_str(&w, doc->title);
	put_str(&w, doc->description);
	put_str(&w, doc->author);
	put_str(&w, doc->publisher);
	put_str(&w, doc->date);
	put_str(&w, doc->modified);
	put_str(&w, doc->type);
	put_str(&w, doc->lang);
	put_le(&w, doc->nidents, 4);
	for (i = 0; i < doc->nidents; i++) {
		put_str(&w, doc->idents[i].scheme);
		put_str(&w, doc->idents[i].value);
		put_str(&w, doc->idents[i].session);
		put_str(&w, doc->idents[i].display);
	}
	put_le(&w, doc->text_bytes, 8);
	put_le(&w, doc->max_text_bytes, 8);
	put_le(&w, doc->truncated ? 1 : 0, 1);
	put_str(&w, doc->warning);
	put_le(&w, doc->nsections, 4);
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];

		put_str(&w, s->heading);
		put_str(&w, s->anchor);
		put_le(&w, (uint64_t)(uint32_t)(int32_t)s->level, 4);
		put_str(&w, s->speaker);
		put_strn(&w, s->text, s->text ? s->text_len : 0);
	}
	if (w.failed) {
		free(w.p);
		return ds_error_set(err, w.failed, w.failed == DS_ENOMEM ?
				    "out of memory encoding a document" :
				    "document too big to encode");
	}
	*buf = (char *)w.p;
	*len = w.len;
	return 0;
}

/* ------------------------------------------------------------------ reading */

/* The bytes being decoded and where we are. */
struct rbuf {
	const unsigned char *p;
	size_t len, pos;
	struct ds_error *err;
};

/* Fail decoding: a message saying what and at which byte. */
static int
bad(struct rbuf *r, const char *what)
{
	return ds_error_set(r->err, DS_EFORMAT, "invalid document encoding: "
			    "%s at byte %zu of %zu", what, r->pos, r->len);
}

/* Read an n-byte little-endian integer into *v. */
static int
get_le(struct rbuf *r, size_t n, uint64_t *v, const char *what)
{
	size_t i;

	if (n > r->len - r->pos)
		return bad(r, what);
	*v = 0;
	for (i = 0; i < n; i++)
		*v |= (uint64_t)r->p[r->pos + i] << (8 * i);
	r->pos += n;
	return 0;
}

/*
 * Whether s[0..n) keeps doc.h's string invariant: valid UTF-8 with no NUL
 * and no control character other than '\n' and '\t'.
 */
static int
clean_text(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		/* Eight bytes at a time while all are printable ASCII. */
		if (i + 8 <= n) {
			const uint64_t ones = UINT64_C(0x0101010101010101);
			const uint64_t highs = UINT64_C(0x8080808080808080);
			uint64_t w, d;

			memcpy(&w, s + i, 8);
			d = w ^ (ones * 0x7f);
			if (!((w & highs) | ((w - ones * 0x20) & ~w & highs) |
			      ((d - ones) & ~d & highs))) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			cp = (unsigned char)s[i++];
			if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f)
				return 0;
			continue;
		}
		if ((k = ds_utf8_decode(s + i, n - i, &cp)) == 0 ||
		    (cp >= 0x80 && cp < 0xa0))
			return 0;
		i += k;
	}
	return 1;
}

/*
 * Read a string into a new *out (NULL for the NULL marker); *n_out (may be
 * NULL) gets its length.  Empty strings are allowed only with allow_empty.
 */
static int
get_str(struct rbuf *r, char **out, size_t *n_out, int allow_empty,
	const char *what)
{
	uint64_t n;
	char *s;
	int rc;

	*out = NULL;
	if (n_out)
		*n_out = 0;
	if ((rc = get_le(r, 4, &n, what)) < 0)
		return rc;
	if (n == NULL_LEN)
		return 0;
	if (n > r->len - r->pos)
		return bad(r, what);
	if ((n == 0 && !allow_empty) ||
	    !clean_text((const char *)r->p + r->pos, (size_t)n))
		return bad(r, what);
	if ((s = malloc((size_t)n + 1)) == NULL)
		return ds_error_set(r->err, DS_ENOMEM,
				    "out of memory decoding a document");
	memcpy(s, r->p + r->pos, (size_t)n);
	s[n] = '\0';
	r->pos += (size_t)n;
	*out = s;
	if (n_out)
		*n_out = (size_t)n;
	return 0;
}

/* Read a count of items that each take at least `min` bytes. */
static int
get_count(struct rbuf *r, size_t min, size_t *count, const char *what)
{
	uint64_t v;
	int rc;

	if ((rc = get_le(r, 4, &v, what)) < 0)
		return rc;
	if (v > (r->len - r->pos) / min)
		return bad(r, what);
	*count = (size_t)v;
	return 0;
}

static int
get_idents(struct rbuf *r, struct ds_doc *d)
{
	size_t n = 0, i;
	int rc;

	if ((rc = get_count(r, MIN_IDENT_BYTES, &n, "identifier count")) < 0)
		return rc;
	if (n == 0)
		return 0;
	if ((d->idents = calloc(n, sizeof *d->idents)) == NULL)
		return ds_error_set(r->err, DS_ENOMEM,
				    "out of memory decoding a document");
	d->idents_cap = n;
	for (i = 0; i < n; i++) {
		struct ds_ident *id = &d->idents[i];

		d->nidents++;	/* so that release frees what was read */
		if ((rc = get_str(r, &id->scheme, NULL, 0, "identifier "
				  "scheme")) < 0 ||
		    (rc = get_str(r, &id->value, NULL, 0, "identifier "
				  "value")) < 0 ||
		    (rc = get_str(r, &id->session, NULL, 0, "identifier "
				  "session")) < 0 ||
		    (rc = get_str(r, &id->display, NULL, 0, "identifier "
				  "display")) < 0)
			return rc;
		if (id->scheme == NULL || id->value == NULL ||
		    id->display == NULL)
			return bad(r, "identifier without scheme, value or "
				   "display");
	}
	return 0;
}

static int
get_sections(struct rbuf *r, struct ds_doc *d, uint64_t text_bytes)
{
	uint64_t level, sum = 0;
	size_t n = 0, i;
	int rc;

	if ((rc = get_count(r, MIN_SECTION_BYTES, &n, "section count")) < 0)
		return rc;
	if (n > 0 && (d->sections = calloc(n, sizeof *d->sections)) == NULL)
		return ds_error_set(r->err, DS_ENOMEM,
				    "out of memory decoding a document");
	d->sections_cap = n;
	for (i = 0; i < n; i++) {
		struct ds_section *s = &d->sections[i];

		d->nsections++;
		if ((rc = get_str(r, &s->heading, NULL, 0, "heading")) < 0 ||
		    (rc = get_str(r, &s->anchor, NULL, 0, "anchor")) < 0 ||
		    (rc = get_le(r, 4, &level, "section level")) < 0 ||
		    (rc = get_str(r, &s->speaker, NULL, 0, "speaker")) < 0 ||
		    (rc = get_str(r, &s->text, &s->text_len, 1,
				  "section text")) < 0)
			return rc;
		if (level > 6)
			return bad(r, "section level out of range 0-6");
		s->level = (int)level;
		s->text_cap = s->text ? s->text_len + 1 : 0;
		sum += s->text_len;
	}
	if (sum != text_bytes)
		return bad(r, "text_bytes is not the sum of the sections' "
			   "text");
	d->text_bytes = (size_t)sum;
	return 0;
}

/* Decode everything after the magic number into d. */
static int
decode(struct rbuf *r, struct ds_doc *d)
{
	uint64_t v, text_bytes, max_text;
	int rc;

	if ((rc = get_str(r, &d->id, NULL, 0, "id")) < 0 ||
	    (rc = get_str(r, &d->path, NULL, 0, "path")) < 0 ||
	    (rc = get_str(r, &d->url, NULL, 0, "url")) < 0 ||
	    (rc = get_str(r, &d->format, NULL, 0, "format")) < 0 ||
	    (rc = get_str(r, &d->dialect, NULL, 0, "dialect")) < 0)
		return rc;
	if ((rc = get_le(r, 8, &v, "mtime")) < 0)
		return rc;
	d->mtime = (int64_t)v;
	if ((rc = get_le(r, 8, &v, "size")) < 0)
		return rc;
	if ((int64_t)v < 0)
		return bad(r, "negative size");
	d->size = (int64_t)v;
	if ((rc = get_le(r, 8, &v, "stamp mtime")) < 0)
		return rc;
	d->stamp.mtime_ns = (int64_t)v;
	if ((rc = get_le(r, 8, &v, "stamp size")) < 0)
		return rc;
	if ((int64_t)v < -1)
		return bad(r, "stamp size below -1");
	d->stamp.size = (int64_t)v;
	if ((rc = get_le(r, 8, &d->stamp.hash, "stamp hash")) < 0 ||
	    (rc = get_str(r, &d->title, NULL, 0, "title")) < 0 ||
	    (rc = get_str(r, &d->description, NULL, 0, "description")) < 0 ||
	    (rc = get_str(r, &d->author, NULL, 0, "author")) < 0 ||
	    (rc = get_str(r, &d->publisher, NULL, 0, "publisher")) < 0 ||
	    (rc = get_str(r, &d->date, NULL, 0, "date")) < 0 ||
	    (rc = get_str(r, &d->modified, NULL, 0, "modified")) < 0 ||
	    (rc = get_str(r, &d->type, NULL, 0, "type")) < 0 ||
	    (rc = get_str(r, &d->lang, NULL, 0, "lang")) < 0 ||
	    (rc = get_idents(r, d)) < 0)
		return rc;
	if ((rc = get_le(r, 8, &text_bytes, "text_bytes")) < 0 ||
	    (rc = get_le(r, 8, &max_text, "max_text_bytes")) < 0)
		return rc;
	if (max_text > SIZE_MAX)
		return bad(r, "max_text_bytes out of range");
	d->max_text_bytes = (size_t)max_text;
	if (text_bytes > (max_text ? max_text : DS_DOC_DEFAULT_MAX_TEXT))
		return bad(r, "text_bytes over max_text_bytes");
	if ((rc = get_le(r, 1, &v, "truncated")) < 0)
		return rc;
	if (v > 1)
		return bad(r, "truncated is neither 0 nor 1");
	d->truncated = v == 1;
	if ((rc = get_str(r, &d->warning, NULL, 0, "warning")) < 0 ||
	    (rc = get_sections(r, d, text_bytes)) < 0)
		return rc;
	if (r->pos != r->len)
		return bad(r, "bytes left over after the document");
	return 0;
}

int
ds_docwire_decode(const char *buf, size_t len, struct ds_doc *doc,
		  struct ds_error *err)
{
	struct rbuf r = {(const unsigned char *)buf, len, 0, err};
	struct ds_doc d;
	int rc;

	ds_doc_release(doc);
	ds_doc_init(&d);
	if (buf == NULL || len < 4 || memcmp(buf, DS_DOCWIRE_MAGIC, 4) != 0)
		return bad(&r, "no " DS_DOCWIRE_MAGIC " magic number");
	r.pos = 4;
	if ((rc = decode(&r, &d)) < 0) {
		ds_doc_release(&d);
		return rc;
	}
	*doc = d;
	return 0;
}
