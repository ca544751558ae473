/* SPDX-License-Identifier: GPL-2.0-or-later */
/* doc-json.c: struct ds_doc -> JSON (the schema is in doc-json.h). */

#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "doc-json.h"
#include "layout.h"
#include "utf8.h"

/* A growing output buffer; `failed` once an allocation failed. */
struct out {
	char *buf;
	size_t len, cap;
	bool failed;
};

/* Make room for n more bytes. */
static bool
grow(struct out *o, size_t n)
{
	size_t cap;
	char *nb;

	if (o->failed)
		return false;
	if (o->len + n + 1 <= o->cap)
		return true;
	cap = o->cap ? o->cap : 1024;
	while (cap < o->len + n + 1)
		cap *= 2;
	if ((nb = realloc(o->buf, cap)) == NULL) {
		o->failed = true;
		return false;
	}
	o->buf = nb;
	o->cap = cap;
	return true;
}

static void
raw(struct out *o, const char *s, size_t n)
{
	if (!grow(o, n))
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* A string literal (only: sizeof gives its length). */
#define RAW(o, lit) raw((o), "" lit, sizeof(lit) - 1)

/*
 * Bytes that go into a JSON string as they are: printable ASCII but '"'
 * and '\\', and every byte of a multi-byte UTF-8 sequence (checked
 * separately).
 */
static bool
plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
}

/*
 * Whether some byte of w is not plain ASCII: non-ASCII, a control, '"',
 * '\\' or DEL (word-at-a-time tests; false positives are harmless).
 */
static bool
needs_look(uint64_t w)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const uint64_t highs = UINT64_C(0x8080808080808080);
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
	uint64_t d = w ^ (ones * 0x7f);

	return ((w & highs) | ((w - ones * 0x20) & ~w & highs) |
		((q - ones) & ~q & highs) | ((b - ones) & ~b & highs) |
		((d - ones) & ~d & highs)) != 0;
}

/* s[0..n) as a quoted JSON string. */
static void
string(struct out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, j, k;
	uint32_t cp;

	RAW(o, "\"");
	while (i < n) {
		/* A run of plain ASCII, copied in one go (found eight bytes
		 * at a time while none needs a second look). */
		for (j = i; j + 8 <= n; j += 8) {
			uint64_t w;

			memcpy(&w, s + j, 8);
			if (needs_look(w))
				break;
		}
		for (; j < n && (unsigned char)s[j] < 0x80 &&
		       plain((unsigned char)s[j]);
		     j++)
			;
		raw(o, s + i, j - i);
		i = j;
		if (i == n)
			break;
		if ((unsigned char)s[i] >= 0x80) {
			k = ds_utf8_decode(s + i, n - i, &cp);
			if (k == 0) {
				RAW(o, "\xef\xbf\xbd");
				i++;
			} else {
				raw(o, s + i, k);
				i += k;
			}
			continue;
		}
		switch (s[i]) {
		case '"': RAW(o, "\\\""); break;
		case '\\': RAW(o, "\\\\"); break;
		case '\n': RAW(o, "\\n"); break;
		case '\t': RAW(o, "\\t"); break;
		case '\r': RAW(o, "\\r"); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0',
				     hex[((unsigned char)s[i] >> 4) & 0xf],
				     hex[(unsigned char)s[i] & 0xf]};

			raw(o, u, sizeof u);
		}
		}
		i++;
	}
	RAW(o, "\"");
}

/* ,"key": (the comma unless first) */
static void
key(struct out *o, bool *first, const char *k)
{
	if (!*first)
		RAW(o, ",");
	*first = false;
	string(o, k, strlen(k));
	RAW(o, ":");
}

/* "key":"value" when value is set. */
static void
str_field(struct out *o, bool *first, const char *k, const char *v)
{
	if (v == NULL)
		return;
	key(o, first, k);
	string(o, v, strlen(v));
}

static void
int_field(struct out *o, bool *first, const char *k, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%" PRId64, v);

	key(o, first, k);
	raw(o, num, (size_t)n);
}

static void
identifiers(struct out *o, const struct ds_doc *doc)
{
	size_t i;

	RAW(o, "[");
	for (i = 0; i < doc->nidents; i++) {
		const struct ds_ident *id = &doc->idents[i];
		bool first = true;

		if (i > 0)
			RAW(o, ",");
		RAW(o, "{");
		str_field(o, &first, DS_DATA_ID_SCHEME, id->scheme);
		str_field(o, &first, DS_DATA_ID_VALUE, id->value);
		str_field(o, &first, DS_DATA_ID_SESSION, id->session);
		str_field(o, &first, DS_DATA_ID_DISPLAY, id->display);
		RAW(o, "}");
	}
	RAW(o, "]");
}

/*
 * The sections array; each section's text is in it (`inline_text`), or
 * only its length, the text itself coming after the object (a record).
 */
static void
sections(struct out *o, const struct ds_doc *doc, bool inline_text)
{
	size_t i;

	RAW(o, "[");
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];
		bool first = true;

		if (i > 0)
			RAW(o, ",");
		RAW(o, "{");
		str_field(o, &first, DS_DATA_SEC_HEADING, s->heading);
		int_field(o, &first, DS_DATA_SEC_LEVEL, s->level);
		str_field(o, &first, DS_DATA_SEC_ANCHOR, s->anchor);
		str_field(o, &first, DS_DATA_SEC_SPEAKER, s->speaker);
		if (inline_text) {
			key(o, &first, DS_DATA_SEC_TEXT);
			string(o, s->text ? s->text : "", s->text_len);
		} else {
			int_field(o, &first, DS_DATA_SEC_LENGTH,
				  (int64_t)(s->text ? s->text_len : 0));
		}
		RAW(o, "}");
	}
	RAW(o, "]");
}

static char *
build(const struct ds_doc *doc, const char *url, bool inline_text,
      size_t *len)
{
	struct out o = {NULL, 0, 0, false};
	bool first = true;
	size_t i;

	/* Text dominates: start with room for all of it. */
	grow(&o, doc->text_bytes + doc->text_bytes / 16 + 1024);
	RAW(&o, "{");
	int_field(&o, &first, DS_DATA_VERSION, inline_text ? 1 : 2);
	str_field(&o, &first, DS_DATA_ID, doc->id);
	str_field(&o, &first, DS_DATA_PATH, doc->path);
	str_field(&o, &first, DS_DATA_URL, doc->url ? doc->url : url);
	str_field(&o, &first, DS_DATA_FORMAT, doc->format);
	str_field(&o, &first, DS_DATA_DIALECT, doc->dialect);
	str_field(&o, &first, DS_DATA_TITLE, doc->title);
	str_field(&o, &first, DS_DATA_DESCRIPTION, doc->description);
	str_field(&o, &first, DS_DATA_AUTHOR, doc->author);
	str_field(&o, &first, DS_DATA_PUBLISHER, doc->publisher);
	str_field(&o, &first, DS_DATA_DATE, doc->date);
	str_field(&o, &first, DS_DATA_MODIFIED, doc->modified);
	str_field(&o, &first, DS_DATA_TYPE, doc->type);
	str_field(&o, &first, DS_DATA_LANG, doc->lang);
	int_field(&o, &first, DS_DATA_MTIME, doc->mtime);
	int_field(&o, &first, DS_DATA_SIZE, doc->size);
	key(&o, &first, DS_DATA_IDENTIFIERS);
	identifiers(&o, doc);
	key(&o, &first, DS_DATA_SECTIONS);
	sections(&o, doc, inline_text);
	str_field(&o, &first, DS_DATA_WARNING, doc->warning);
	if (doc->truncated) {
		key(&o, &first, DS_DATA_TRUNCATED);
		RAW(&o, "true");
	}
	RAW(&o, "}");
	if (!inline_text) {
		RAW(&o, "\n");
		for (i = 0; i < doc->nsections; i++)
			if (doc->sections[i].text != NULL)
				raw(&o, doc->sections[i].text,
				    doc->sections[i].text_len);
	}
	if (o.failed) {
		free(o.buf);
		return NULL;
	}
	o.buf[o.len] = '\0';
	*len = o.len;
	return o.buf;
}

char *
ds_doc_json(const struct ds_doc *doc, const char *url, size_t *len)
{
	return build(doc, url, true, len);
}

char *
ds_doc_record(const struct ds_doc *doc, const char *url, size_t *len)
{
	return build(doc, url, false, len);
}

int
ds_doc_write_json(FILE *out, const struct ds_doc *doc, struct ds_error *err)
{
	size_t len;
	char *json = ds_doc_json(doc, NULL, &len);
	int rc = 0;

	if (json == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	if (fwrite(json, 1, len, out) != len || fputc('\n', out) == EOF)
		rc = ds_error_set(err, DS_EIO, "writing JSON failed");
	free(json);
	return rc;
}
