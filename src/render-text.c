/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-text.c: results for a person at a terminal.
 *
 *  About 3 results for "consultation periods"
 *
 *   1. Compact Voice response to the NAO report  [87%]
 *      Compact Voice · report · 2012-06-25 · HC 1234 (2013-14)
 *      corpus/compactvoice/nao-follow-up-report.html
 *      ...the Compact's twelve-week consultation periods...
 *
 * Matches are shown in bold colour when o->color is set, otherwise left
 * plain.  Anything that came from a document or a file name has its
 * control characters escaped, so it can't move the cursor or fake lines.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "render.h"
#include "utf8.h"

#define HI_ON "\033[1;33m"
#define HI_OFF "\033[0m"
#define INDENT "    "

/*
 * Write s, escaping control characters (and invalid UTF-8) as \n, \t or
 * \xHH.  Match marks become colour codes or nothing.  Returns the number of
 * columns written (one per character; good enough for wrapping).
 */
static size_t
put_escaped(FILE *out, const char *s, size_t len, bool color)
{
	size_t i = 0, cols = 0, n;
	uint32_t cp;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == (unsigned char)DS_MARK_START ||
		    c == (unsigned char)DS_MARK_END) {
			if (color)
				fputs(c == (unsigned char)DS_MARK_START ? HI_ON
									: HI_OFF,
				      out);
			i++;
			continue;
		}
		n = ds_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0)) {
			if (c == '\n')
				fputs("\\n", out);
			else if (c == '\t')
				fputs("\\t", out);
			else
				fprintf(out, "\\x%02x", c);
			cols += c == '\n' || c == '\t' ? 2 : 4;
			i++;
			continue;
		}
		fwrite(s + i, 1, n, out);
		cols++;
		i += n;
	}
	return cols;
}

/* Number of characters (code points) in s[0..len), marks not counted. */
static size_t
columns(const char *s, size_t len)
{
	size_t i, cols = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == (unsigned char)DS_MARK_START ||
		    c == (unsigned char)DS_MARK_END)
			continue;
		if ((c & 0xc0) != 0x80)
			cols++;
	}
	return cols;
}

/*
 * Write a snippet indented, wrapped at `width` columns on spaces (no
 * wrapping if width is 0).  A '\n' in the snippet (a paragraph break in the
 * document) is shown as a space.
 */
static void
put_snippet(FILE *out, const char *snippet, unsigned width, bool color)
{
	size_t avail = width > 8 ? width - strlen(INDENT) : SIZE_MAX;
	size_t line = 0;
	const char *p = snippet;
	bool open_mark = false;

	fputs(INDENT, out);
	while (*p) {
		const char *w;
		size_t n, cols;

		while (*p == ' ' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		n = (size_t)(p - w);
		cols = columns(w, n);
		if (line > 0 && line + 1 + cols > avail) {
			/* Don't carry colour across the indent. */
			if (color && open_mark)
				fputs(HI_OFF, out);
			fputs("\n" INDENT, out);
			if (color && open_mark)
				fputs(HI_ON, out);
			line = 0;
		} else if (line > 0) {
			fputc(' ', out);
			line++;
		}
		line += put_escaped(out, w, n, color);
		{
			size_t k;

			for (k = 0; k < n; k++) {
				if (w[k] == DS_MARK_START)
					open_mark = true;
				else if (w[k] == DS_MARK_END)
					open_mark = false;
			}
		}
	}
	if (color && open_mark)
		fputs(HI_OFF, out);
	fputc('\n', out);
}

/* The line of what the document is: publisher, type, date, identifiers. */
static void
put_facts(FILE *out, const struct ds_hit *h)
{
	const char *facts[3] = {h->publisher, h->type, h->date};
	size_t i, n = 0;
	/* A debate can cite dozens of questions: show a few and count. */
	size_t shown = h->nidentifiers > 4 ? 3 : h->nidentifiers;

	for (i = 0; i < 3 + shown; i++) {
		const char *f = i < 3 ? facts[i] : h->identifiers[i - 3].display;

		if (i == 2 && f == NULL && h->modified != NULL) {
			fputs(n++ == 0 ? INDENT "updated " : " \xc2\xb7 updated ",
			      out);
			put_escaped(out, h->modified, strlen(h->modified),
				    false);
			continue;
		}
		if (f == NULL)
			continue;
		fputs(n++ == 0 ? INDENT : " \xc2\xb7 ", out);
		put_escaped(out, f, strlen(f), false);
	}
	if (shown < h->nidentifiers)
		fprintf(out, " (+%zu more)", h->nidentifiers - shown);
	if (n > 0)
		fputc('\n', out);
}

/* "Did you mean", the names added, facets, and with --explain the rest. */
static void
put_context(FILE *out, const struct ds_results *r,
	    const struct ds_render_opts *o)
{
	size_t i, j;

	if (r->suggestion != NULL) {
		fputs("Did you mean: ", out);
		put_escaped(out, r->suggestion, strlen(r->suggestion), false);
		fputc('\n', out);
	}
	if (r->nexpansions > 0) {
		fputs("Also searched:", out);
		for (i = 0; i < r->nexpansions; i++) {
			const struct ds_expansion *e = &r->expansions[i];

			fputs(i ? "; " : " ", out);
			put_escaped(out, e->name, strlen(e->name), false);
			fputs(" =", out);
			for (j = 0; j < e->nalternatives; j++) {
				fputs(j ? ", " : " ", out);
				put_escaped(out, e->alternatives[j],
					    strlen(e->alternatives[j]), false);
			}
		}
		fputc('\n', out);
	}
	if (o->explain) {
		fputs("Parsed: ", out);
		put_escaped(out, r->parsed ? r->parsed : "",
			    r->parsed ? strlen(r->parsed) : 0, false);
		fprintf(out, "\nIndex: %u documents, revision %llu",
			(unsigned)r->doccount, (unsigned long long)r->revision);
		if (r->uuid != NULL) {
			fputs(", UUID ", out);
			put_escaped(out, r->uuid, strlen(r->uuid), false);
		}
		fputc('\n', out);
	}
}

/* The counts of each facet, on a line each. */
static void
put_facets(FILE *out, const struct ds_results *r)
{
	size_t i, j;

	for (i = 0; i < r->nfacets; i++) {
		const struct ds_facet *f = &r->facets[i];

		fprintf(out, "\n%s:", f->name);
		for (j = 0; j < f->ncounts; j++) {
			fputs(j ? ", " : " ", out);
			put_escaped(out, f->counts[j].value,
				    strlen(f->counts[j].value), false);
			fprintf(out, " (%u)", (unsigned)f->counts[j].count);
		}
		if (f->ncounts == 0)
			fputs(" (none)", out);
	}
	if (r->nfacets > 0)
		fputc('\n', out);
}

/* One passage: where it sits (section headings, anchor), then its text. */
static void
put_passage(FILE *out, const struct ds_hit *h, const struct ds_snippet *s,
	    const struct ds_render_opts *o)
{
	if (s->breadcrumb != NULL || s->speaker != NULL) {
		fputs(INDENT "\xc2\xa7 ", out);
		if (s->breadcrumb != NULL)
			put_escaped(out, s->breadcrumb, strlen(s->breadcrumb),
				    false);
		if (s->speaker != NULL) {
			fputs(s->breadcrumb ? " \xe2\x80\x94 " : "", out);
			put_escaped(out, s->speaker, strlen(s->speaker), false);
		}
		if (s->anchor != NULL && h->url != NULL) {
			fputs("  <", out);
			put_escaped(out, h->url, strlen(h->url), false);
			fputc('#', out);
			put_escaped(out, s->anchor, strlen(s->anchor), false);
			fputc('>', out);
		}
		fputc('\n', out);
	}
	if (s->text[0] != '\0')
		put_snippet(out, s->text, o->width, o->color);
}

int
ds_render_text(FILE *out, const struct ds_results *r,
	       const struct ds_render_opts *o, struct ds_error *err)
{
	size_t i, j;

	if (o->qid != NULL) {
		fputs("== ", out);
		put_escaped(out, o->qid, strlen(o->qid), false);
		fputs(" ==\n", out);
	}
	if (r->nhits == 0) {
		fputs("No results for \"", out);
		put_escaped(out, r->query ? r->query : "",
			    r->query ? strlen(r->query) : 0, false);
		fputs("\".\n", out);
	} else {
		fprintf(out, "%s%u result%s for \"",
			r->lower_bound == r->upper_bound ? "" : "About ",
			(unsigned)r->estimated, r->estimated == 1 ? "" : "s");
		put_escaped(out, r->query, strlen(r->query), false);
		fprintf(out, "\" (%u-%u shown)\n",
			r->offset + 1, r->offset + (unsigned)r->nhits);
	}
	put_context(out, r, o);
	for (i = 0; i < r->nhits; i++) {
		const struct ds_hit *h = &r->hits[i];
		/* A published address where there is one, else the file. */
		const char *where =
			h->url && strncmp(h->url, "file:", 5) != 0 ? h->url
			: h->path ? ds_display_path(h->path, o->cwd)
			: h->id ? h->id : "";

		fprintf(out, "\n%3u. ", h->rank);
		put_escaped(out, h->title, strlen(h->title), false);
		fprintf(out, "  [%d%%]\n", h->percent);
		put_facts(out, h);
		fputs(INDENT, out);
		put_escaped(out, where, strlen(where), false);
		if (h->duplicates > 0)
			fprintf(out, "  (+%u with the same text)",
				(unsigned)h->duplicates);
		fputc('\n', out);
		for (j = 0; j < h->nsnippets; j++)
			put_passage(out, h, &h->snippets[j], o);
	}
	put_facets(out, r);
	if (fflush(out) != 0 || ferror(out))
		return ds_error_set(err, DS_EIO, "writing the results failed");
	return 0;
}
