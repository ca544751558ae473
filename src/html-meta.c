/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * html-meta.c: an HTML page's metadata (see html-meta.h), with the order
 * of preference of each field's sources written down once, in
 * ds_html_meta_apply() and doc/extraction.md.
 */

#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "doctype.h"
#include "html-furniture.h"
#include "html-meta.h"
#include "ident.h"
#include "utf8.h"

#define META_MAX 2048		/* bytes kept of a title or description */
#define SHORT_META_MAX 256	/* ... of an author or publisher */
#define URL_MAX 2048		/* longest canonical URL taken */
#define DATE_TEXT_MAX 100	/* longer values are not dates */
#define COVER_MAX 4096		/* cover page bytes read for identifiers */
#define PUBLISHED_MAX 8192	/* text bytes read for "Published ..." */
#define TITLE_IDENTS_MAX 5	/* identifiers taken from a title */
#define COVER_IDENTS_MAX 20	/* ... from the cover page */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* <meta> keys (lower case, ':' and '.' alike) and their sources. */
static const struct key {
	const char *key;
	enum ds_html_meta_src src;
} keys[] = {
	{ "og:title", DS_META_OG_TITLE },
	{ "dc.title", DS_META_DC_TITLE },
	{ "dcterms.title", DS_META_DC_TITLE },
	{ "citation_title", DS_META_DC_TITLE },
	{ "description", DS_META_DESCRIPTION },
	{ "og:description", DS_META_OG_DESCRIPTION },
	{ "dc.description", DS_META_DC_DESCRIPTION },
	{ "dcterms.description", DS_META_DC_DESCRIPTION },
	{ "dcterms.abstract", DS_META_DC_DESCRIPTION },
	{ "author", DS_META_AUTHOR },
	{ "dc.creator", DS_META_DC_CREATOR },
	{ "dcterms.creator", DS_META_DC_CREATOR },
	{ "article:author", DS_META_ARTICLE_AUTHOR },
	{ "citation_author", DS_META_CITATION_AUTHOR },
	{ "dc.publisher", DS_META_DC_PUBLISHER },
	{ "dcterms.publisher", DS_META_DC_PUBLISHER },
	{ "citation_publisher", DS_META_CITATION_PUBLISHER },
	{ "govuk:primary-publishing-organisation", DS_META_GOVUK_ORG },
	{ "govuk:organisations", DS_META_GOVUK_ORGS },
	{ "og:site_name", DS_META_SITE_NAME },
	{ "application-name", DS_META_APP_NAME },
	{ "dc.date.issued", DS_META_ISSUED },
	{ "dcterms.issued", DS_META_ISSUED },
	{ "govuk:first-published-at", DS_META_GOVUK_FIRST },
	{ "article:published_time", DS_META_ARTICLE_PUB },
	{ "datepublished", DS_META_ITEMPROP_PUB },
	{ "citation_publication_date", DS_META_CITATION_DATE },
	{ "citation_date", DS_META_CITATION_DATE },
	{ "dc.date", DS_META_DC_DATE },
	{ "dcterms.date", DS_META_DC_DATE },
	{ "dc.date.created", DS_META_CREATED },
	{ "dcterms.created", DS_META_CREATED },
	{ "dc.date.modified", DS_META_MODIFIED },
	{ "dcterms.modified", DS_META_MODIFIED },
	{ "article:modified_time", DS_META_ARTICLE_MOD },
	{ "og:updated_time", DS_META_ARTICLE_MOD },
	{ "govuk:public-updated-at", DS_META_GOVUK_UPDATED },
	{ "govuk:updated-at", DS_META_GOVUK_UPDATED_ANY },
	{ "datemodified", DS_META_ITEMPROP_MOD },
	{ "last-modified", DS_META_LAST_MODIFIED },
	{ "content-language", DS_META_CONTENT_LANG },
	{ "dc.language", DS_META_DC_LANG },
	{ "dcterms.language", DS_META_DC_LANG },
	{ "govuk:document-type", DS_META_GOVUK_DOCTYPE },
	{ "govuk:format", DS_META_GOVUK_FORMAT },
	{ "govuk:schema-name", DS_META_GOVUK_SCHEMA },
	{ "dc.type", DS_META_DC_TYPE },
	{ "dcterms.type", DS_META_DC_TYPE },
	{ "og:type", DS_META_OG_TYPE },
};

/* Each field's sources, in order of preference. */
static const enum ds_html_meta_src description_srcs[] = {
	DS_META_DESCRIPTION, DS_META_OG_DESCRIPTION, DS_META_DC_DESCRIPTION,
};
static const enum ds_html_meta_src author_srcs[] = {
	DS_META_AUTHOR, DS_META_DC_CREATOR, DS_META_ARTICLE_AUTHOR,
	DS_META_CITATION_AUTHOR,
};
static const enum ds_html_meta_src publisher_srcs[] = {
	DS_META_DC_PUBLISHER, DS_META_CITATION_PUBLISHER, DS_META_GOVUK_ORG,
	DS_META_GOVUK_ORGS, DS_META_SITE_NAME,
};
static const enum ds_html_meta_src date_srcs[] = {
	DS_META_ISSUED, DS_META_GOVUK_FIRST, DS_META_ARTICLE_PUB,
	DS_META_ITEMPROP_PUB, DS_META_CITATION_DATE, DS_META_DC_DATE,
	DS_META_CREATED,
};
static const enum ds_html_meta_src modified_srcs[] = {
	DS_META_MODIFIED, DS_META_ARTICLE_MOD, DS_META_GOVUK_UPDATED,
	DS_META_GOVUK_UPDATED_ANY, DS_META_ITEMPROP_MOD,
	DS_META_LAST_MODIFIED,
};

/* ASCII lower case. */
static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* White space as HTML means it. */
static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether s is white space only (or NULL). */
static bool
blank(const char *s)
{
	for (; s && *s; s++)
		if (!is_ws(*s))
			return false;
	return true;
}

/* The source a <meta> key names, or DS_META_NSRC. */
static enum ds_html_meta_src
key_source(const char *k)
{
	size_t i, j;

	while (is_ws(*k))
		k++;
	for (i = 0; i < COUNT(keys); i++) {
		const char *t = keys[i].key;

		for (j = 0; t[j] && k[j]; j++) {
			char a = lower(k[j]), b = t[j];

			if (a == ':')
				a = '.';
			if (b == ':')
				b = '.';
			if (a != b)
				break;
		}
		if (t[j] == '\0' && (k[j] == '\0' || is_ws(k[j])))
			return keys[i].src;
	}
	return DS_META_NSRC;
}

/* Keep v for the source key k names, if that source has none yet. */
static void
note(struct ds_html_meta *m, const char *k, const char *v)
{
	enum ds_html_meta_src s;

	if (k == NULL || blank(v) || (s = key_source(k)) == DS_META_NSRC ||
	    m->src[s] != NULL)
		return;
	m->src[s] = v;
}

/* The text of n when it is a single text node (<time>12 June</time>). */
static const char *
only_text(const xmlNode *n)
{
	const xmlNode *c = n->children;

	if (c && !c->next && c->type == XML_TEXT_NODE)
		return (const char *)c->content;
	return NULL;
}

/* Whether the space-separated list v holds token t (ASCII case ignored). */
static bool
has_token(const char *v, const char *t)
{
	size_t n = strlen(t), k;

	while (v && *v) {
		while (is_ws(*v))
			v++;
		for (k = 0; v[k] && !is_ws(v[k]); k++)
			;
		if (k == n && strncasecmp(v, t, n) == 0)
			return true;
		v += k;
	}
	return false;
}

void
ds_html_meta_init(struct ds_html_meta *m)
{
	memset(m, 0, sizeof *m);
}

void
ds_html_meta_element(struct ds_html_meta *m, const xmlNode *n,
		     const char *name)
{
	const char *v, *ip;

	if (!strcmp(name, "meta")) {
		v = ds_html_attr(n, "content");
		note(m, ds_html_attr(n, "property"), v);
		note(m, ds_html_attr(n, "name"), v);
		note(m, ds_html_attr(n, "itemprop"), v);
		note(m, ds_html_attr(n, "http-equiv"), v);
		return;
	}
	if (!strcmp(name, "html") && m->lang == NULL) {
		if ((m->lang = ds_html_attr(n, "lang")) == NULL)
			m->lang = ds_html_attr(n, "xml:lang");
	} else if (!strcmp(name, "title") && m->title == NULL &&
		   !ds_html_has_ancestor(n, "svg") &&
		   !ds_html_has_ancestor(n, "math")) {
		m->title = n;
	} else if (!strcmp(name, "link") && m->canonical == NULL &&
		   has_token(ds_html_attr(n, "rel"), "canonical")) {
		m->canonical = ds_html_attr(n, "href");
	} else if (!strcmp(name, "time") && ds_html_attr(n, "pubdate")) {
		if ((v = ds_html_attr(n, "datetime")) == NULL)
			v = only_text(n);
		note(m, "datePublished", v);
	}
	/* Microdata on any element: itemprop=datePublished content=... */
	if ((ip = ds_html_attr(n, "itemprop")) != NULL &&
	    ((v = ds_html_attr(n, "content")) != NULL ||
	     (v = ds_html_attr(n, "datetime")) != NULL ||
	     (!strcmp(name, "time") && (v = only_text(n)) != NULL)))
		note(m, ip, v);
}

/* ---------------------------------------------------------------------
 * Cleaning values
 * ------------------------------------------------------------------- */

/* Set *out to a cleaned copy of s (at most max bytes of it). */
static int
clean_copy(char **out, const char *s, size_t max, struct ds_error *err)
{
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n > max)
		n = ds_utf8_cut(s, max);
	return ds_doc_set_field(out, s, n, err);
}

/* Set *field from the first source of srcs that is usable: not blank, and
 * not a URL when no_urls (an author's profile page is not a name). */
static int
set_first(char **field, const struct ds_html_meta *m,
	  const enum ds_html_meta_src *srcs, size_t n, size_t max,
	  bool no_urls, struct ds_error *err)
{
	const char *v;
	char *t = NULL;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((v = m->src[srcs[i]]) == NULL)
			continue;
		while (is_ws(*v))
			v++;
		if (no_urls && (!strncasecmp(v, "http://", 7) ||
				!strncasecmp(v, "https://", 8)))
			continue;
		/* GOV.UK's analytics codes: "<D6><OT1056>" */
		if (srcs[i] == DS_META_GOVUK_ORGS && *v == '<')
			continue;
		if ((rc = clean_copy(&t, v, max, err)) < 0)
			return rc;
		if (t != NULL) {
			free(*field);
			*field = t;
			return 0;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * The title
 * ------------------------------------------------------------------- */

/* Whether s looks like a domain name: "GOV.UK", "data.gov.uk". */
static bool
domain_like(const char *s)
{
	size_t i, n = strlen(s);
	bool dot = false;

	if (n > 64)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == ' ')
			return false;
		if (s[i] == '.' && i > 0 && i + 1 < n &&
		    strchr("0123456789.-", s[i - 1]) == NULL &&
		    strchr("0123456789.-", s[i + 1]) == NULL)
			dot = true;
	}
	return dot;
}

/* Whether s (cleaned: single spaces) has at most max words. */
static bool
few_words(const char *s, int max)
{
	int words = 1;

	for (; *s; s++)
		if (*s == ' ' && ++words > max)
			return false;
	return true;
}

/* Whether a[0..n) equals the string b, ignoring ASCII case. */
static bool
prefix_is(const char *a, size_t n, const char *b)
{
	return b != NULL && strlen(b) == n && strncasecmp(a, b, n) == 0;
}

/*
 * How much of the cleaned title t to keep: all of it, or what precedes a
 * trailing " | Site name" (also " - ", en and em dashes).  The suffix goes
 * only on evidence that it names the site, since policy titles often end
 * in " - 13 March 2012": it is og:site_name or application-name, or what
 * precedes it is the og:title or the first h1, or it is a domain name, or
 * it follows " | " and has at most five words.
 */
static size_t
title_keep(const char *t, const char *site, const char *og, const char *h1)
{
	static const char *const seps[] = {
		" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", NULL
	};
	const char *const *sep, *best = NULL, *p, *q, *suffix;
	size_t len = strlen(t), best_len = 0;

	for (sep = seps; *sep; sep++)
		for (p = t; (q = strstr(p, *sep)) != NULL; p = q + 1)
			if (best == NULL || q > best) {
				best = q;
				best_len = strlen(*sep);
			}
	if (best == NULL || best == t)
		return len;
	suffix = best + best_len;
	if (*suffix == '\0')
		return len;
	if ((site && strcasecmp(suffix, site) == 0) ||
	    prefix_is(t, (size_t)(best - t), og) ||
	    prefix_is(t, (size_t)(best - t), h1) || domain_like(suffix) ||
	    (best_len == 3 && best[1] == '|' && few_words(suffix, 5) &&
	     strlen(suffix) <= 60))
		return (size_t)(best - t);
	return len;
}

/* Whether s[0..n) is the name of a predefined XML entity; its character
 * into *c if so. */
static bool
xml_entity(const char *s, size_t n, char *c)
{
	static const struct {
		const char *name;
		char c;
	} ents[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' },
	};
	size_t i;

	for (i = 0; i < COUNT(ents); i++) {
		if (strlen(ents[i].name) != n ||
		    memcmp(s, ents[i].name, n) != 0)
			continue;
		*c = ents[i].c;
		return true;
	}
	return false;
}

/*
 * The character reference at s ("&#58;", "&#x3A;"), if it is one to a
 * character that may stand in a title (not a control, a surrogate or past
 * U+10FFFF): its code point into *cp and its length returned; else 0.
 */
static size_t
numeric_ref(const char *s, uint32_t *cp)
{
	size_t i = 2, start;
	uint32_t v = 0;
	bool hex;

	if (s[0] != '&' || s[1] != '#')
		return 0;
	hex = s[2] == 'x' || s[2] == 'X';
	if (hex)
		i++;
	for (start = i; i - start < 8; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			v = v * (hex ? 16 : 10) + (uint32_t)(c - '0');
		else if (hex && lower(c) >= 'a' && lower(c) <= 'f')
			v = v * 16 + (uint32_t)(lower(c) - 'a' + 10);
		else
			break;
	}
	if (i == start || s[i] != ';' || v < 0x20 || (v >= 0x7f && v < 0xa0) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 0;
	*cp = v;
	return i + 1;
}

/*
 * Read once more the character references a title holds as text.  Some
 * sites escape their titles twice, so that "Group&amp;#58; 1st Meeting"
 * parses as "Group&#58; 1st Meeting", and a reader sees "Group: 1st
 * Meeting"; no title means to show "&#58;" itself.  Numeric references
 * and the five XML entities (&amp; &lt; &gt; &quot; &apos;) are decoded,
 * one level only; anything else stays as written.  s is rewritten in
 * place: a reference is never shorter than what it stands for.
 */
static void
decode_stray_refs(char *s)
{
	char *out = s, enc[4];
	size_t k, n;
	uint32_t cp;

	while (*s) {
		if ((k = numeric_ref(s, &cp)) > 0) {
			n = ds_utf8_encode(cp, enc);
			memcpy(out, enc, n);
			out += n;
			s += k;
			continue;
		}
		k = *s == '&' ? strspn(s + 1, "abcdefghijklmnopqrstuvwxyz") : 0;
		if (k > 0 && s[k + 1] == ';' && xml_entity(s + 1, k, out)) {
			out++;
			s += k + 2;
			continue;
		}
		*out++ = *s++;
	}
	*out = '\0';
}

/* The title: og:title (unless it is just the site's name), else <title>
 * less its site suffix, else DC.title, else the first h1; character
 * references left in it as text read once more. */
static int
set_title(struct ds_doc *doc, const struct ds_html_meta *m, const char *h1,
	  struct ds_error *err)
{
	char raw[META_MAX], *t = NULL, *site = NULL, *og = NULL, *dc = NULL;
	const char *site_src = m->src[DS_META_SITE_NAME];
	const xmlNode *c;
	size_t n = 0, k;
	int rc;

	if (site_src == NULL)
		site_src = m->src[DS_META_APP_NAME];
	for (c = m->title ? m->title->children : NULL; c; c = c->next) {
		if (c->type != XML_TEXT_NODE || c->content == NULL)
			continue;
		k = strlen((const char *)c->content);
		if (k > sizeof raw - n)
			k = ds_utf8_cut((const char *)c->content,
					sizeof raw - n);
		memcpy(raw + n, c->content, k);
		n += k;
	}
	if ((rc = ds_doc_set_field(&t, raw, n, err)) < 0 ||
	    (rc = clean_copy(&site, site_src, SHORT_META_MAX, err)) < 0 ||
	    (rc = clean_copy(&og, m->src[DS_META_OG_TITLE], META_MAX,
			     err)) < 0 ||
	    (rc = clean_copy(&dc, m->src[DS_META_DC_TITLE], META_MAX,
			     err)) < 0)
		goto out;
	if (og != NULL && (site == NULL || strcasecmp(og, site) != 0))
		rc = ds_doc_set_field(&doc->title, og, strlen(og), err);
	else if (t != NULL)
		rc = ds_doc_set_field(&doc->title, t,
				      title_keep(t, site, og, h1), err);
	else if (dc != NULL)
		rc = ds_doc_set_field(&doc->title, dc, strlen(dc), err);
	else if (h1[0] != '\0')
		rc = ds_doc_set_field(&doc->title, h1, strlen(h1), err);
	if (rc == 0 && doc->title != NULL && strchr(doc->title, '&')) {
		/* Decoded spaces are tidied like any others. */
		free(t);
		t = doc->title;
		doc->title = NULL;
		decode_stray_refs(t);
		rc = ds_doc_set_field(&doc->title, t, strlen(t), err);
	}
out:
	free(t);
	free(site);
	free(og);
	free(dc);
	return rc;
}

/* ---------------------------------------------------------------------
 * Language, canonical URL, dates, type, identifiers
 * ------------------------------------------------------------------- */

/*
 * The primary language subtag of tag v ("en-GB" is "en", "CY" is "cy",
 * "en, cy" is "en"), lower case, into out; false unless it is 2 or 3 ASCII
 * letters.  *us tells whether the region is the United States.
 */
static bool
primary_lang(const char *v, char out[4], bool *us)
{
	size_t n = 0, i;

	while (is_ws(*v))
		v++;
	while (n < 4 && ((v[n] >= 'a' && v[n] <= 'z') ||
			 (v[n] >= 'A' && v[n] <= 'Z')))
		n++;
	if (n < 2 || n > 3 || (v[n] != '\0' && v[n] != '-' && v[n] != '_' &&
			       v[n] != ',' && v[n] != ';' && !is_ws(v[n])))
		return false;
	for (i = 0; i < n; i++)
		out[i] = lower(v[i]);
	out[n] = '\0';
	*us = (v[n] == '-' || v[n] == '_') && lower(v[n + 1]) == 'u' &&
	      lower(v[n + 2]) == 's' && !((v[n + 3] >= 'a' && v[n + 3] <= 'z') ||
					 (v[n + 3] >= 'A' && v[n + 3] <= 'Z'));
	return true;
}

/* The page's language: <html lang>, else Content-Language, else
 * DC.language.  Returns whether the page is US English (dates then read
 * month first). */
static int
set_lang(struct ds_doc *doc, const struct ds_html_meta *m, bool *us,
	 struct ds_error *err)
{
	const char *srcs[3];
	char tag[4];
	size_t i;

	srcs[0] = m->lang;
	srcs[1] = m->src[DS_META_CONTENT_LANG];
	srcs[2] = m->src[DS_META_DC_LANG];
	*us = false;
	for (i = 0; i < COUNT(srcs); i++)
		if (srcs[i] && primary_lang(srcs[i], tag, us))
			return ds_doc_set_field(&doc->lang, tag, strlen(tag),
						err);
	return 0;
}

/* <link rel=canonical>, if it is an absolute http(s) URL. */
static int
set_canonical(struct ds_doc *doc, const char *v, struct ds_error *err)
{
	size_t n, i, skip;

	if (v == NULL)
		return 0;
	while (is_ws(*v))
		v++;
	n = strlen(v);
	while (n > 0 && is_ws(v[n - 1]))
		n--;
	if (!strncasecmp(v, "http://", 7))
		skip = 7;
	else if (!strncasecmp(v, "https://", 8))
		skip = 8;
	else
		return 0;
	if (n <= skip || n > URL_MAX || v[skip] == '/' || v[skip] == '?' ||
	    v[skip] == '#')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] <= 0x20 || v[i] == 0x7f ||
		    v[i] == '"' || v[i] == '<' || v[i] == '>' || v[i] == '\\')
			return 0;
	return ds_doc_set_field(&doc->url, v, n, err);
}

/* Parse a date value (capped) into out. */
static int
parse_value(const char *v, enum ds_date_order order, char out[DS_DATE_SIZE])
{
	size_t n = v ? strlen(v) : 0;

	return n > 0 && n <= DATE_TEXT_MAX ? ds_date_parse(v, n, order, out) :
					     0;
}

/* The first source of srcs holding a date, into out (0: none). */
static int
first_date(const struct ds_html_meta *m, const enum ds_html_meta_src *srcs,
	   size_t n, enum ds_date_order order, char out[DS_DATE_SIZE])
{
	size_t i;

	for (i = 0; i < n; i++)
		if (parse_value(m->src[srcs[i]], order, out))
			return 1;
	return 0;
}

/*
 * The start of the text (headings and section texts, '\n' between them),
 * up to size - 1 bytes, into buf; returns its length.
 */
static size_t
text_start(const struct ds_doc *doc, char *buf, size_t size)
{
	size_t i, n = 0, k;
	const char *parts[2];
	size_t lens[2], j;

	for (i = 0; i < doc->nsections && n + 1 < size; i++) {
		const struct ds_section *s = &doc->sections[i];

		parts[0] = s->heading;
		lens[0] = s->heading ? strlen(s->heading) : 0;
		parts[1] = s->text;
		lens[1] = s->text_len;
		for (j = 0; j < 2; j++) {
			if (lens[j] == 0 || n + 1 >= size)
				continue;
			k = lens[j] < size - 1 - n ? lens[j] : size - 1 - n;
			memcpy(buf + n, parts[j], k);
			n += k;
			if (n + 1 < size)
				buf[n++] = '\n';
		}
	}
	buf[n] = '\0';
	return n;
}

/* The type: a GOV.UK corporate information page's address; GOV.UK's
 * document type, format or schema name; DC.type; og:type (but "article"
 * and "website" say nothing); then the rules. */
static int
set_type(struct ds_doc *doc, const struct ds_html_meta *m,
	 struct ds_error *err)
{
	const char *t = NULL, *og = m->src[DS_META_OG_TYPE], *dc;

	if ((t = ds_doctype_from_govuk_url(doc->url)) == NULL &&
	    (t = ds_doctype_from_govuk(m->src[DS_META_GOVUK_DOCTYPE],
				       NULL)) == NULL &&
	    (t = ds_doctype_from_govuk(m->src[DS_META_GOVUK_FORMAT],
				       NULL)) == NULL)
		t = ds_doctype_from_govuk(m->src[DS_META_GOVUK_SCHEMA], NULL);
	if (t == NULL && (dc = m->src[DS_META_DC_TYPE]) != NULL)
		t = ds_doctype_from_label(dc, strlen(dc));
	if (t == NULL && og != NULL && strcasecmp(og, "article") != 0)
		t = ds_doctype_from_label(og, strlen(og));
	if (t == NULL)
		t = ds_doctype_guess(doc->title, doc->url);
	return t ? ds_doc_set_field(&doc->type, t, strlen(t), err) : 0;
}

int
ds_html_meta_apply(const struct ds_html_meta *m, const char *h1,
		   const xmlNode *time, struct ds_doc *doc,
		   struct ds_error *err)
{
	enum ds_date_order order;
	char date[DS_DATE_SIZE], *text = NULL;
	const char *v;
	size_t n;
	bool us;
	int rc;

	if ((rc = set_title(doc, m, h1, err)) < 0 ||
	    (rc = set_lang(doc, m, &us, err)) < 0 ||
	    (rc = set_first(&doc->description, m, description_srcs,
			    COUNT(description_srcs), META_MAX, false,
			    err)) < 0 ||
	    (rc = set_first(&doc->author, m, author_srcs, COUNT(author_srcs),
			    SHORT_META_MAX, true, err)) < 0 ||
	    (rc = set_first(&doc->publisher, m, publisher_srcs,
			    COUNT(publisher_srcs), SHORT_META_MAX, true,
			    err)) < 0 ||
	    (rc = set_canonical(doc, m->canonical, err)) < 0 ||
	    (rc = set_type(doc, m, err)) < 0)
		goto out;
	if ((text = malloc(PUBLISHED_MAX)) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}
	n = text_start(doc, text, PUBLISHED_MAX);
	order = us ? DS_DATE_MONTH_FIRST : DS_DATE_DAY_FIRST;
	/* Publication: metadata, "Published ..." in the text, then the
	 * first <time> of the main content. */
	v = time ? ds_html_attr(time, "datetime") : NULL;
	if (time && v == NULL)
		v = only_text(time);
	if (first_date(m, date_srcs, COUNT(date_srcs), order, date) ||
	    ds_date_find_published(text, n, date) ||
	    parse_value(v, order, date)) {
		if ((rc = ds_doc_set_field(&doc->date, date, strlen(date),
					   err)) < 0)
			goto out;
	}
	if (first_date(m, modified_srcs, COUNT(modified_srcs), order, date) &&
	    (rc = ds_doc_set_field(&doc->modified, date, strlen(date),
				   err)) < 0)
		goto out;
	/* Identifiers: the title, then the cover page. */
	if (doc->title != NULL &&
	    (rc = ds_ident_scan(doc, doc->title, strlen(doc->title),
				TITLE_IDENTS_MAX, err)) < 0)
		goto out;
	if ((rc = ds_ident_scan(doc, text, n < COVER_MAX ? n : COVER_MAX,
				COVER_IDENTS_MAX, err)) < 0)
		goto out;
	rc = 0;
out:
	free(text);
	return rc;
}
