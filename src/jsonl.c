/* SPDX-License-Identifier: GPL-2.0-or-later */
/* jsonl.c: JSON Lines records -> struct ds_doc (the contract is in jsonl.h). */

#include "config.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "hash.h"
#include "jsonl.h"
#include "utf8.h"

/* Input is read this many bytes at a time. */
#define BLOCK_BYTES 65536

struct ds_jsonl {
	FILE *in;
	char *name;
	struct ds_jsonl_opts opts;
	char *line;		/* the current line (NUL-terminated) */
	size_t len, cap;
	size_t total;		/* the current line's length, even if skipped */
	char *blk;		/* read-ahead */
	size_t bpos, blen;
	unsigned long lineno;
	int eof;
	int64_t mtime;
};

/* The optional string fields, and where each goes. */
static const struct {
	const char *key;
	size_t offset;
} string_fields[] = {
	{"title", offsetof(struct ds_doc, title)},
	{"url", offsetof(struct ds_doc, url)},
	{"publisher", offsetof(struct ds_doc, publisher)},
	{"type", offsetof(struct ds_doc, type)},
	{"author", offsetof(struct ds_doc, author)},
	{"lang", offsetof(struct ds_doc, lang)},
};

/* JSON's name for a value's type, for messages. */
static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	case JSON_NULL: return "null";
	}
	return "?";
}

/* Whether s[0..n) (valid UTF-8) holds a control character. */
static int
has_control(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((k = ds_utf8_decode(s + i, n - i, &cp)) == 0)
			return 1;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return 1;
		i += k;
	}
	return 0;
}

/* Set doc->id from the record's "id". */
static int
set_id(struct ds_doc *doc, const json_t *id, const char *where,
       struct ds_error *err)
{
	char num[32];
	const char *s;
	size_t n;

	if (id == NULL)
		return ds_error_set(err, DS_EFORMAT, "%s: no \"id\"", where);
	if (json_is_integer(id)) {
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(id));
		s = num;
		n = strlen(num);
	} else if (json_is_string(id)) {
		s = json_string_value(id);
		n = json_string_length(id);
	} else {
		return ds_error_set(err, DS_EFORMAT, "%s: \"id\" must be a "
				    "string or an integer, not %s", where,
				    type_name(id));
	}
	if (n == 0)
		return ds_error_set(err, DS_EFORMAT, "%s: \"id\" is empty",
				    where);
	if (n > DS_JSONL_MAX_ID)
		return ds_error_set(err, DS_EFORMAT, "%s: \"id\" is longer "
				    "than %d bytes", where, DS_JSONL_MAX_ID);
	if (has_control(s, n))
		return ds_error_set(err, DS_EFORMAT, "%s: \"id\" holds a "
				    "control character", where);
	if ((doc->id = strndup(s, n)) == NULL)
		return ds_error_set(err, DS_ENOMEM, "%s: out of memory", where);
	return 0;
}

/* The string value of obj[key] in *s and *n: 1, 0 when absent or null, or
 * DS_EFORMAT when it is not a string. */
static int
get_string(const json_t *obj, const char *key, const char **s, size_t *n,
	   const char *where, struct ds_error *err)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return ds_error_set(err, DS_EFORMAT, "%s: \"%s\" must be a "
				    "string, not %s", where, key, type_name(v));
	*s = json_string_value(v);
	*n = json_string_length(v);
	return 1;
}

/* Whether s[0..n) is only white space. */
static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\f' && s[i] != '\v')
			return 0;
	return 1;
}

/* The text as one preamble section, a paragraph per blank-line block. */
static int
add_text(struct ds_doc *doc, const char *s, size_t n, struct ds_error *err)
{
	const char *p = s, *end = s + n, *eol;
	int rc;

	for (; p < end && !doc->truncated; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if (blank(p, (size_t)(eol - p))) {
			if ((rc = ds_doc_break(doc, err)) < 0)
				return rc;
			continue;
		}
		if ((rc = ds_doc_append_text(doc, p, (size_t)(eol - p),
					     err)) < 0 ||
		    (rc = ds_doc_append_text(doc, " ", 1, err)) < 0)
			return rc;
	}
	return 0;
}

/* Fill doc from the parsed record. */
static int
from_json(const json_t *obj, const char *where,
	  const struct ds_jsonl_opts *opts, struct ds_doc *doc,
	  struct ds_error *err)
{
	char iso[DS_DATE_SIZE];
	const char *s = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = set_id(doc, json_object_get(obj, "id"), where, err)) < 0)
		return rc;
	for (i = 0; i < sizeof string_fields / sizeof string_fields[0]; i++) {
		char **field = (char **)((char *)doc + string_fields[i].offset);

		if ((rc = get_string(obj, string_fields[i].key, &s, &n, where,
				     err)) < 0)
			return rc;
		if (rc == 1 && (rc = ds_doc_set_field(field, s, n, err)) < 0)
			return rc;
	}
	if ((rc = get_string(obj, "date", &s, &n, where, err)) < 0)
		return rc;
	if (rc == 1 && ds_date_parse(s, n, DS_DATE_DAY_FIRST, iso) > 0)
		rc = ds_doc_set_field(&doc->date, iso, strlen(iso), err);
	else if (rc == 1 && !blank(s, n))
		rc = ds_doc_warn(doc, err, "\"date\" is not a date: "
				 "\"%.40s\" ignored", s);
	if (rc < 0)
		return rc;
	if (opts && opts->max_text_bytes)
		doc->max_text_bytes = opts->max_text_bytes;
	if ((rc = get_string(obj, "text", &s, &n, where, err)) < 0)
		return rc;
	if (rc == 1 && (rc = add_text(doc, s, n, err)) < 0)
		return rc;
	ds_doc_finish(doc);
	if (doc->text_bytes == 0 && doc->title == NULL &&
	    (rc = ds_doc_warn(doc, err, "no title and no text")) < 0)
		return rc;
	return ds_doc_set_field(&doc->format, "jsonl", 5, err);
}

int
ds_jsonl_parse(const char *line, size_t len, const char *where,
	       const struct ds_jsonl_opts *opts, struct ds_doc *doc,
	       struct ds_error *err)
{
	json_error_t jerr;
	json_t *obj = NULL;
	size_t i, k;
	uint32_t cp;
	int rc;

	ds_doc_release(doc);
	if (where == NULL)
		where = "(JSON Lines)";
	/* jansson would refuse it too, but not say where. */
	for (i = 0; i < len; i += k)
		if ((k = ds_utf8_decode(line + i, len - i, &cp)) == 0)
			return ds_error_set(err, DS_EFORMAT, "%s: invalid "
					    "UTF-8 at byte %zu", where, i + 1);
	obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
			 &jerr);
	if (obj == NULL)
		return ds_error_set(err, DS_EFORMAT, "%s: invalid JSON at "
				    "column %d: %s", where, jerr.column,
				    jerr.text);
	if (!json_is_object(obj)) {
		rc = ds_error_set(err, DS_EFORMAT, "%s: the line holds %s, "
				  "not a JSON object", where, type_name(obj));
		goto out;
	}
	if ((rc = from_json(obj, where, opts, doc, err)) < 0)
		goto out;
	doc->size = (int64_t)len;
	/* The record's own stamp: an unchanged line needs no reindexing. */
	doc->stamp.mtime_ns = 0;
	doc->stamp.size = (int64_t)len;
	doc->stamp.hash = ds_hash64(DS_HASH_INIT, line, len);
	rc = 0;
out:
	json_decref(obj);
	if (rc < 0)
		ds_doc_release(doc);
	return rc;
}

/* ------------------------------------------------------------------ reader */

int
ds_jsonl_new(FILE *in, const char *name, const struct ds_jsonl_opts *opts,
	     struct ds_jsonl **out, struct ds_error *err)
{
	struct ds_jsonl *r;
	struct stat st;

	*out = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL ||
	    (r->name = strdup(name ? name : "-")) == NULL ||
	    (r->blk = malloc(BLOCK_BYTES)) == NULL) {
		if (r)
			free(r->name);
		free(r);
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	}
	r->in = in;
	if (opts)
		r->opts = *opts;
	if (r->opts.max_line_bytes == 0)
		r->opts.max_line_bytes = DS_JSONL_DEFAULT_MAX_LINE;
	if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
		r->mtime = (int64_t)st.st_mtim.tv_sec;
	*out = r;
	return 0;
}

/* Append s[0..n) to the current line, unless that makes it too long. */
static int
keep(struct ds_jsonl *r, const char *s, size_t n, struct ds_error *err)
{
	size_t max = r->opts.max_line_bytes, cap;
	char *nl;

	r->total += n;
	if (r->total > max)
		return 0;
	if (r->len + n + 1 > r->cap) {
		cap = r->cap ? r->cap : 4096;
		while (cap < r->len + n + 1)
			cap = cap <= max / 2 ? cap * 2 : max + 1;
		if ((nl = realloc(r->line, cap)) == NULL)
			return ds_error_set(err, DS_ENOMEM, "%s:%lu: out of "
					    "memory", r->name, r->lineno + 1);
		r->line = nl;
		r->cap = cap;
	}
	memcpy(r->line + r->len, s, n);
	r->len += n;
	r->line[r->len] = '\0';
	return 0;
}

/*
 * Read the next line (without its '\n') into r->line, keeping at most the
 * cap; r->total says how long it really was.  1, 0 at the end, or < 0.
 */
static int
read_line(struct ds_jsonl *r, struct ds_error *err)
{
	const char *nl;
	size_t n;
	int any = 0, rc;

	r->len = 0;
	r->total = 0;
	for (;;) {
		if (r->bpos == r->blen) {
			if (r->eof)
				break;
			r->blen = fread(r->blk, 1, BLOCK_BYTES, r->in);
			r->bpos = 0;
			if (r->blen == 0) {
				if (ferror(r->in))
					return ds_error_set(err, DS_EIO,
							    "%s:%lu: read "
							    "failed", r->name,
							    r->lineno + 1);
				r->eof = 1;
				break;
			}
		}
		any = 1;
		nl = memchr(r->blk + r->bpos, '\n', r->blen - r->bpos);
		n = nl ? (size_t)(nl - (r->blk + r->bpos)) : r->blen - r->bpos;
		if ((rc = keep(r, r->blk + r->bpos, n, err)) < 0)
			return rc;
		r->bpos += n + (nl ? 1 : 0);
		if (nl)
			break;
	}
	if (!any)
		return 0;
	r->lineno++;
	return 1;
}

int
ds_jsonl_next(struct ds_jsonl *r, struct ds_doc *doc, struct ds_error *err)
{
	char where[4096];
	const char *p;
	size_t n;
	int rc;

	ds_doc_release(doc);
	for (;;) {
		if ((rc = read_line(r, err)) <= 0)
			return rc;
		snprintf(where, sizeof where, "%s:%lu", r->name, r->lineno);
		if (r->total > r->opts.max_line_bytes)
			return ds_error_set(err, DS_ETOOBIG, "%s: line of %zu "
					    "bytes, over the limit of %zu: "
					    "skipped", where, r->total,
					    r->opts.max_line_bytes);
		p = r->line ? r->line : "";
		n = r->len;
		/* A byte order mark may start the file. */
		if (r->lineno == 1 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			n -= 3;
		}
		if (blank(p, n))
			continue;
		if ((rc = ds_jsonl_parse(p, n, where, &r->opts, doc, err)) < 0)
			return rc;
		doc->mtime = r->mtime;
		return 1;
	}
}

unsigned long
ds_jsonl_line(const struct ds_jsonl *r)
{
	return r ? r->lineno : 0;
}

void
ds_jsonl_free(struct ds_jsonl *r)
{
	if (r == NULL)
		return;
	free(r->line);
	free(r->blk);
	free(r->name);
	free(r);
}
