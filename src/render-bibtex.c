/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-bibtex.c: results as BibTeX entries, for LaTeX (BibTeX or
 * biblatex with biber).
 *
 *   @techreport{nao2014-3f9a1c,
 *     title = {{Managing the Compact: a \& b}},
 *     author = {{National Audit Office}},
 *     institution = {National Audit Office},
 *     type = {Report},
 *     number = {HC 1234 (2013-14)},
 *     year = {2014},
 *     month = jun,
 *     url = {https://www.nao.org.uk/report/...},
 *     urldate = {2026-11-30}
 *   }
 *
 * One entry per hit, fields chosen as render-cite.h says.  The kinds map
 * onto entry types so:
 *
 *   report, consultation, guidance  @techreport, type = {Report},
 *                                   {Consultation} or {Guidance}, when
 *                                   the publisher (the institution
 *                                   @techreport needs) is known
 *   anything else                   @misc, the kind in note ("Debate",
 *                                   "Legislation", "Bill", "Speech",
 *                                   "Judgment"), the publisher as
 *                                   organization
 *
 * The author is corporate, in double braces so that BibTeX keeps it as one
 * name and doesn't take "Office" for a surname; the title is double-braced
 * too, so styles don't lower-case its acronyms.  Month is BibTeX's macro
 * (jan...dec); urldate (biblatex) is the day of o->now, given with url
 * only.  isbn is biblatex's.
 *
 * Keys are ASCII: the corporate author's initials ("nao" for National
 * Audit Office; its first word when it has one only; "anon" without an
 * author), the year, and six hex digits of a hash of the document's
 * identity, so a document keeps its key from one search to the next.  A
 * key already used in the output gets "-rRANK" added.  In a batch the key
 * starts with the query id ("Q7:nao2014-3f9a1c"), so each query's entries
 * can sit in one file.
 *
 * Values are one line of UTF-8 (invalid bytes as U+FFFD, control
 * characters as spaces; biblatex and modern BibTeX read UTF-8), with
 * LaTeX's special characters escaped: \& \% \$ \# \_, and \textbraceleft{},
 * \textbraceright{}, \textasciitilde{}, \textasciicircum{},
 * \textbackslash{}, which keep braces balanced (BibTeX counts braces
 * even after a backslash, so \{ would end a field early).  URLs are
 * written as URIs (ds_url_safe: no braces, backslashes or spaces) and
 * otherwise as they are, since url fields are read verbatim.
 */

#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "render-cite.h"
#include "render.h"

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

/* Longest key: qid part, initials, year, hash, "-r" and a rank. */
#define QID_KEY_MAX 32
#define INITIALS_MAX 12
#define KEY_SIZE (QID_KEY_MAX + 1 + INITIALS_MAX + 4 + 1 + 6 + 2 + 10 + 1)

/* Write s escaped for a BibTeX field delimited by braces. */
static int
put_escaped(FILE *out, const char *s)
{
	char *flat = ds_text_flat(s, false);
	const char *p;

	if (flat == NULL)
		return DS_ENOMEM;
	for (p = flat; *p; p++) {
		switch (*p) {
		case '&': case '%': case '$': case '#': case '_':
			fputc('\\', out);
			fputc(*p, out);
			break;
		case '{': fputs("\\textbraceleft{}", out); break;
		case '}': fputs("\\textbraceright{}", out); break;
		case '~': fputs("\\textasciitilde{}", out); break;
		case '^': fputs("\\textasciicircum{}", out); break;
		case '\\': fputs("\\textbackslash{}", out); break;
		default: fputc(*p, out);
		}
	}
	free(flat);
	return 0;
}

/* ",\n  name = {value}" with value escaped (or `braces` deep). */
static int
put_field(FILE *out, const char *name, const char *value, int braces)
{
	int i, rc;

	if (value == NULL)
		return 0;
	fprintf(out, ",\n  %s = ", name);
	for (i = 0; i < braces; i++)
		fputc('{', out);
	rc = put_escaped(out, value);
	for (i = 0; i < braces; i++)
		fputc('}', out);
	return rc;
}

/*
 * The initials of a corporate name: the first letter of each word that
 * starts with a capital ("National Audit Office": "nao"), or the whole of
 * the first word when fewer than two do ("Ofsted": "ofsted").  ASCII
 * letters and digits only, lower case.
 */
static void
initials(const char *name, char out[INITIALS_MAX + 1])
{
	const char *p;
	size_t n = 0, caps = 0;

	for (p = name; *p; p++)
		if ((p == name || p[-1] == ' ') && isupper((unsigned char)*p))
			caps++;
	if (caps >= 2) {
		for (p = name; *p && n < INITIALS_MAX; p++)
			if ((p == name || p[-1] == ' ') &&
			    isupper((unsigned char)*p))
				out[n++] = (char)tolower((unsigned char)*p);
	} else {
		/* The first word made of ASCII letters and digits. */
		for (p = name; *p && !isalnum((unsigned char)*p); p++)
			;
		for (; *p && isalnum((unsigned char)*p) && n < INITIALS_MAX;
		     p++)
			out[n++] = (char)tolower((unsigned char)*p);
	}
	out[n] = '\0';
}

/* h's key into key, unique among the `nkeys` keys already used. */
static void
make_key(char key[KEY_SIZE], const struct ds_hit *h, const struct ds_cite *c,
	 const struct ds_render_opts *o, char (*used)[KEY_SIZE], size_t nkeys)
{
	const char *identity = h->id ? h->id : h->url ? h->url : c->title;
	char ini[INITIALS_MAX + 1] = "", hex[17], year[16] = "";
	size_t n = 0, i;
	const char *q;

	if (o->batch && o->qid != NULL) {
		for (q = o->qid; *q && n < QID_KEY_MAX; q++)
			if (isalnum((unsigned char)*q) || *q == '-' ||
			    *q == '_' || *q == '.')
				key[n++] = *q;
		if (n > 0)
			key[n++] = ':';
	}
	if (c->author != NULL)
		initials(c->author, ini);
	if (c->year > 0)
		snprintf(year, sizeof year, "%04d", c->year);
	ds_hash_hex(ds_hash64(DS_HASH_INIT, identity, strlen(identity)), hex);
	snprintf(key + n, KEY_SIZE - n, "%s%s-%.6s", ini[0] ? ini : "anon",
		 year, hex);
	for (i = 0; i < nkeys; i++) {
		if (strcmp(used[i], key) == 0) {
			n = strlen(key);
			snprintf(key + n, KEY_SIZE - n, "-r%u", h->rank);
			break;
		}
	}
}

/* One entry. */
static int
put_entry(FILE *out, const char *key, const struct ds_cite *c,
	  const int today[3])
{
	bool report = c->publisher != NULL &&
		      (c->kind == DS_CITE_REPORT ||
		       c->kind == DS_CITE_CONSULTATION ||
		       c->kind == DS_CITE_GUIDANCE);
	int rc;

	fprintf(out, "@%s{%s", report ? "techreport" : "misc", key);
	if ((rc = put_field(out, "title", c->title, 2)) < 0 ||
	    (rc = put_field(out, "author", c->author, 2)) < 0 ||
	    (rc = put_field(out, report ? "institution" : "organization",
			    c->publisher, 1)) < 0 ||
	    (report && (rc = put_field(out, "type", c->label, 1)) < 0) ||
	    (rc = put_field(out, "number", c->number, 1)) < 0 ||
	    (rc = put_field(out, "isbn", c->isbn, 1)) < 0)
		return rc;
	if (c->year > 0)
		fprintf(out, ",\n  year = {%04d}", c->year);
	if (c->month >= 1 && c->month <= 12)
		fprintf(out, ",\n  month = %s", months[c->month - 1]);
	if (c->url != NULL)
		fprintf(out, ",\n  url = {%s},\n  urldate = {%04d-%02d-%02d}",
			c->url, today[0], today[1], today[2]);
	if (!report && (rc = put_field(out, "note", c->label, 1)) < 0)
		return rc;
	fputs("\n}\n\n", out);
	return 0;
}

int
ds_render_bibtex(FILE *out, const struct ds_results *r,
		 const struct ds_render_opts *o, struct ds_error *err)
{
	char (*keys)[KEY_SIZE] = NULL;
	struct ds_cite c;
	int today[3], rc = 0;
	size_t i;

	if (r->nhits > 0 && (keys = calloc(r->nhits, KEY_SIZE)) == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	ds_cite_today(o->now, &today[0], &today[1], &today[2]);
	for (i = 0; i < r->nhits && rc == 0; i++) {
		const struct ds_hit *h = &r->hits[i];

		if ((rc = ds_cite_init(&c, h)) < 0)
			break;
		make_key(keys[i], h, &c, o, keys, i);
		rc = put_entry(out, keys[i], &c, today);
		ds_cite_release(&c);
	}
	free(keys);
	if (rc < 0)
		return ds_error_set(err, rc, "out of memory");
	if (fflush(out) != 0 || ferror(out))
		return ds_error_set(err, DS_EIO, "writing the results failed");
	return 0;
}
