/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render.c: the table of output formats and helpers they share. */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "render.h"
#include "utf8.h"

static const struct {
	const char *name;
	ds_render_fn fn;
} renderers[] = {
	{"text", ds_render_text},
	{"json", ds_render_json},
	{"tsv", ds_render_tsv},
	{"csv", ds_render_csv},
	{"trec", ds_render_trec},
	{"bibtex", ds_render_bibtex},
	{"ris", ds_render_ris},
	{"csljson", ds_render_csljson},
	{"atom", ds_render_atom},
};

void
ds_render_opts_init(struct ds_render_opts *o)
{
	memset(o, 0, sizeof *o);
}

ds_render_fn
ds_render_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
		if (strcmp(renderers[i].name, name) == 0)
			return renderers[i].fn;
	return NULL;
}

const char *
ds_render_formats(void)
{
	return "text, json, tsv, csv, trec, bibtex, ris, csljson, atom";
}

char *
ds_snippet_plain(const char *snippet)
{
	size_t len = strlen(snippet), i, o = 0;
	char *out = malloc(len + 1);

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		if (snippet[i] != DS_MARK_START && snippet[i] != DS_MARK_END)
			out[o++] = snippet[i];
	out[o] = '\0';
	return out;
}

char *
ds_snippet_html(const char *snippet)
{
	size_t len = strlen(snippet), i, o = 0;
	/* The longest expansion is a mark: 7 bytes ("</mark>") per byte. */
	char *out = malloc(len * 7 + 1);

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		const char *rep = NULL;

		switch (snippet[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case DS_MARK_START: rep = "<mark>"; break;
		case DS_MARK_END: rep = "</mark>"; break;
		}
		if (rep != NULL) {
			size_t n = strlen(rep);

			memcpy(out + o, rep, n);
			o += n;
		} else {
			out[o++] = snippet[i];
		}
	}
	out[o] = '\0';
	return out;
}

/* ds_text_flat()'s filter; arg points to keep_breaks. */
static int
flat(uint32_t cp, const void *arg)
{
	if (cp == (uint32_t)DS_MARK_START || cp == (uint32_t)DS_MARK_END)
		return DS_UTF8_DROP;
	if (*(const bool *)arg && (cp == '\n' || cp == '\r'))
		return DS_UTF8_KEEP;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 ||
	    cp == 0x2029)
		return ' ';
	return DS_UTF8_KEEP;
}

char *
ds_text_flat(const char *s, bool keep_breaks)
{
	return ds_utf8_map(s, flat, &keep_breaks);
}

/* Whether XML 1.0 (and, if `html`, HTML) allows the character cp. */
static bool
markup_allows(uint32_t cp, bool html)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	if ((cp & 0xfffe) == 0xfffe)	/* U+nFFFE, U+nFFFF */
		return !html && cp > 0xffff;
	if (html)
		return !(cp >= 0x7f && cp < 0xa0) &&
		       !(cp >= 0xfdd0 && cp <= 0xfdef);
	return true;
}

/* ds_text_xml()'s and ds_text_html()'s filter; arg points to html. */
static int
markup(uint32_t cp, const void *arg)
{
	return markup_allows(cp, *(const bool *)arg) ? DS_UTF8_KEEP
						     : DS_UTF8_DROP;
}

/* ds_text_xml and ds_text_html. */
static char *
markup_clean(const char *s, bool html)
{
	return ds_utf8_map(s, markup, &html);
}

char *
ds_text_xml(const char *s)
{
	return markup_clean(s, false);
}

char *
ds_text_html(const char *s)
{
	return markup_clean(s, true);
}

const char *const ds_row_names[DS_ROW_COLUMNS] = {
	"rank", "score", "percent", "date", "publisher", "type", "title",
	"url", "id", "identifiers", "snippet"
};

int
ds_row_fill(struct ds_row *row, const struct ds_hit *h)
{
	size_t i, n = 1;

	memset(row, 0, sizeof *row);
	snprintf(row->rank, sizeof row->rank, "%u", h->rank);
	snprintf(row->score, sizeof row->score, "%.6f", h->weight);
	snprintf(row->percent, sizeof row->percent, "%d", h->percent);
	for (i = 0; i < h->nidentifiers; i++)
		n += strlen(h->identifiers[i].display) + 2;
	if ((row->identifiers = malloc(n)) == NULL)
		return DS_ENOMEM;
	row->identifiers[0] = '\0';
	for (i = 0, n = 0; i < h->nidentifiers; i++) {
		size_t k = strlen(h->identifiers[i].display);

		if (i > 0) {
			memcpy(row->identifiers + n, "; ", 2);
			n += 2;
		}
		memcpy(row->identifiers + n, h->identifiers[i].display, k + 1);
		n += k;
	}
	if (h->nsnippets > 0 &&
	    (row->snippet = ds_snippet_plain(h->snippets[0].text)) == NULL)
		return DS_ENOMEM;
	row->field[0] = row->rank;
	row->field[1] = row->score;
	row->field[2] = row->percent;
	row->field[3] = h->date ? h->date : "";
	row->field[4] = h->publisher ? h->publisher : "";
	row->field[5] = h->type ? h->type : "";
	row->field[6] = h->title ? h->title : "";
	row->field[7] = h->url ? h->url : "";
	row->field[8] = h->id ? h->id : "";
	row->field[9] = row->identifiers;
	row->field[10] = row->snippet ? row->snippet : "";
	return 0;
}

void
ds_row_release(struct ds_row *row)
{
	free(row->identifiers);
	free(row->snippet);
	row->identifiers = row->snippet = NULL;
}

const char *
ds_display_path(const char *path, const char *cwd)
{
	size_t n;

	if (path == NULL)
		return "";
	if (cwd == NULL || cwd[0] != '/')
		return path;
	n = strlen(cwd);
	if (n > 1 && cwd[n - 1] == '/')
		n--;
	if (n == 1)		/* cwd is "/" */
		return path[0] == '/' && path[1] ? path + 1 : path;
	if (strncmp(path, cwd, n) == 0 && path[n] == '/' && path[n + 1])
		return path + n + 1;
	return path;
}

int
ds_render_table(FILE *out, const struct ds_results *r,
		const struct ds_render_opts *o, const char *sep,
		const char *eol, ds_field_fn put, struct ds_error *err)
{
	struct ds_row row;
	size_t i, c;
	int rc = 0;

	if (!o->batch || o->first) {
		if (o->batch)
			fprintf(out, "qid%s", sep);
		for (c = 0; c < DS_ROW_COLUMNS; c++)
			fprintf(out, "%s%s", c ? sep : "", ds_row_names[c]);
		fputs(eol, out);
	}
	for (i = 0; i < r->nhits && rc == 0; i++) {
		if ((rc = ds_row_fill(&row, &r->hits[i])) == 0 && o->batch)
			rc = put(out, o->qid ? o->qid : "", true);
		for (c = 0; c < DS_ROW_COLUMNS && rc == 0; c++)
			rc = put(out, row.field[c], c == 0 && !o->batch);
		ds_row_release(&row);
		fputs(eol, out);
	}
	if (rc < 0)
		return ds_error_set(err, rc, "out of memory");
	if (fflush(out) != 0 || ferror(out))
		return ds_error_set(err, DS_EIO, "writing the results failed");
	return 0;
}

int
ds_render_json_value(FILE *out, const void *json,
		     const struct ds_render_opts *o, struct ds_error *err)
{
	if (json_dumpf((const json_t *)json, out,
		       (o->batch ? JSON_COMPACT : JSON_INDENT(2)) |
			       JSON_PRESERVE_ORDER) < 0 ||
	    fputc('\n', out) == EOF || fflush(out) != 0 || ferror(out))
		return ds_error_set(err, DS_EIO, "writing the results failed");
	return 0;
}
