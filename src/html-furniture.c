/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * html-furniture.c: element classes and the page-furniture rules of the
 * HTML extractor (see html-furniture.h).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html-furniture.h"

/* Sorted by name for bsearch(); elements not listed break words. */
static const struct elem {
	const char *name;
	unsigned flags;
} elems[] = {
	{ "a", DS_HTML_INLINE }, { "abbr", DS_HTML_INLINE },
	{ "acronym", DS_HTML_INLINE }, { "address", DS_HTML_BLOCK },
	{ "applet", DS_HTML_SKIP },
	{ "article", DS_HTML_BLOCK | DS_HTML_CONTAINER },
	{ "aside", DS_HTML_BLOCK }, { "audio", DS_HTML_SKIP },
	{ "b", DS_HTML_INLINE }, { "bdi", DS_HTML_INLINE },
	{ "bdo", DS_HTML_INLINE }, { "big", DS_HTML_INLINE },
	{ "blink", DS_HTML_INLINE }, { "blockquote", DS_HTML_BLOCK },
	{ "body", DS_HTML_BLOCK }, { "br", DS_HTML_BLOCK },
	{ "button", DS_HTML_SKIP }, { "canvas", DS_HTML_SKIP },
	{ "caption", DS_HTML_BLOCK }, { "center", DS_HTML_BLOCK },
	{ "cite", DS_HTML_INLINE }, { "code", DS_HTML_INLINE },
	{ "data", DS_HTML_INLINE }, { "dd", DS_HTML_BLOCK },
	{ "del", DS_HTML_INLINE }, { "details", DS_HTML_BLOCK },
	{ "dfn", DS_HTML_INLINE }, { "dialog", DS_HTML_BLOCK },
	{ "dir", DS_HTML_BLOCK }, { "div", DS_HTML_BLOCK },
	{ "dl", DS_HTML_BLOCK }, { "dt", DS_HTML_BLOCK },
	{ "em", DS_HTML_INLINE }, { "embed", DS_HTML_SKIP },
	{ "fieldset", DS_HTML_BLOCK }, { "figcaption", DS_HTML_BLOCK },
	{ "figure", DS_HTML_BLOCK }, { "font", DS_HTML_INLINE },
	{ "footer", DS_HTML_BLOCK | DS_HTML_LANDMARK },
	{ "form", DS_HTML_BLOCK }, { "frameset", DS_HTML_SKIP },
	{ "h1", DS_HTML_BLOCK }, { "h2", DS_HTML_BLOCK },
	{ "h3", DS_HTML_BLOCK }, { "h4", DS_HTML_BLOCK },
	{ "h5", DS_HTML_BLOCK }, { "h6", DS_HTML_BLOCK },
	{ "head", DS_HTML_SKIP },
	{ "header", DS_HTML_BLOCK | DS_HTML_LANDMARK },
	{ "hgroup", DS_HTML_BLOCK }, { "hr", DS_HTML_BLOCK },
	{ "html", DS_HTML_BLOCK }, { "i", DS_HTML_INLINE },
	{ "iframe", DS_HTML_SKIP }, { "ins", DS_HTML_INLINE },
	{ "kbd", DS_HTML_INLINE }, { "label", DS_HTML_INLINE },
	{ "legend", DS_HTML_BLOCK }, { "li", DS_HTML_BLOCK },
	{ "main", DS_HTML_BLOCK | DS_HTML_CONTAINER },
	{ "mark", DS_HTML_INLINE }, { "math", DS_HTML_SKIP },
	{ "menu", DS_HTML_BLOCK },
	{ "nav", DS_HTML_BLOCK | DS_HTML_LANDMARK },
	{ "nobr", DS_HTML_INLINE }, { "noembed", DS_HTML_SKIP },
	{ "noframes", DS_HTML_SKIP }, { "noscript", DS_HTML_SKIP },
	{ "object", DS_HTML_SKIP }, { "ol", DS_HTML_BLOCK },
	{ "output", DS_HTML_INLINE }, { "p", DS_HTML_BLOCK },
	{ "param", DS_HTML_SKIP }, { "pre", DS_HTML_BLOCK },
	{ "q", DS_HTML_INLINE }, { "rb", DS_HTML_INLINE },
	{ "rp", DS_HTML_INLINE }, { "rt", DS_HTML_INLINE },
	{ "rtc", DS_HTML_INLINE }, { "ruby", DS_HTML_INLINE },
	{ "s", DS_HTML_INLINE }, { "samp", DS_HTML_INLINE },
	{ "script", DS_HTML_SKIP }, { "section", DS_HTML_BLOCK },
	{ "select", DS_HTML_SKIP }, { "small", DS_HTML_INLINE },
	{ "span", DS_HTML_INLINE }, { "strike", DS_HTML_INLINE },
	{ "strong", DS_HTML_INLINE }, { "sub", DS_HTML_INLINE },
	{ "summary", DS_HTML_BLOCK }, { "sup", DS_HTML_INLINE },
	{ "svg", DS_HTML_SKIP }, { "table", DS_HTML_BLOCK },
	{ "tbody", DS_HTML_BLOCK }, { "td", DS_HTML_SPACE },
	{ "template", DS_HTML_SKIP }, { "textarea", DS_HTML_SKIP },
	{ "tfoot", DS_HTML_BLOCK }, { "th", DS_HTML_SPACE },
	{ "thead", DS_HTML_BLOCK }, { "time", DS_HTML_INLINE },
	{ "title", DS_HTML_SKIP }, { "tr", DS_HTML_BLOCK },
	{ "tt", DS_HTML_INLINE }, { "u", DS_HTML_INLINE },
	{ "ul", DS_HTML_BLOCK }, { "var", DS_HTML_INLINE },
	{ "video", DS_HTML_SKIP }, { "wbr", DS_HTML_INLINE },
};

/*
 * id and class tokens that mark page furniture: how ('c' contains, '='
 * equals, '^' starts with) and what, in lower case.  No "ends with
 * -share": that would catch "market-share".
 */
static const struct token_rule {
	char how;
	const char *s;
} furniture_tokens[] = {
	{ 'c', "cookie-banner" }, { 'c', "cookiebanner" },
	{ 'c', "cookie_banner" }, { 'c', "cookie-consent" },
	{ 'c', "cookie-notice" }, { 'c', "skip-link" }, { 'c', "skiplink" },
	{ 'c', "skip-to-content" }, { 'c', "skip-to-main" },
	{ 'c', "back-to-top" }, { 'c', "backtotop" }, { 'c', "back_to_top" },
	{ '=', "share" }, { '=', "shares" }, { '=', "sharing" },
	{ '^', "share-" }, { '^', "share_" }, { 'c', "-share-" },
	{ 'c', "social-share" }, { 'c', "sharethis" }, { 'c', "addthis" },
};

const char *
ds_html_local_name(const xmlNode *n)
{
	const char *s = (const char *)n->name, *c;

	if (s == NULL)
		return "";
	c = strrchr(s, ':');
	return c ? c + 1 : s;
}

/* bsearch() comparison for elems[]. */
static int
elem_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct elem *)e)->name);
}

unsigned
ds_html_elem_flags(const char *name)
{
	const struct elem *e = bsearch(name, elems,
				       sizeof elems / sizeof elems[0],
				       sizeof elems[0], elem_cmp);

	return e ? e->flags : DS_HTML_SPACE;
}

int
ds_html_heading_level(const char *name)
{
	if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' &&
	    name[2] == '\0')
		return name[1] - '0';
	return 0;
}

const char *
ds_html_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next) {
		if (a->name == NULL || strcmp((const char *)a->name, name))
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE &&
		    a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

/* White space as HTML means it. */
static bool
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool
ds_html_trimmed_is(const char *s, const char *lit)
{
	size_t n;

	while (is_ws((unsigned char)*s))
		s++;
	n = strlen(lit);
	if (strncasecmp(s, lit, n) != 0)
		return false;
	for (s += n; is_ws((unsigned char)*s); s++)
		;
	return *s == '\0';
}

/* Whether CSS declarations `css` set property `prop` to `value`. */
static bool
css_sets(const char *css, const char *prop, const char *value)
{
	size_t pn = strlen(prop), vn = strlen(value);
	const char *p, *q;

	for (p = css; (p = strcasestr(p, prop)) != NULL; p += pn) {
		if (p > css && (p[-1] == '-' || (p[-1] >= 'a' && p[-1] <= 'z') ||
				(p[-1] >= 'A' && p[-1] <= 'Z')))
			continue;	/* e.g. "mso-display" */
		for (q = p + pn; is_ws((unsigned char)*q); q++)
			;
		if (*q++ != ':')
			continue;
		while (is_ws((unsigned char)*q))
			q++;
		if (strncasecmp(q, value, vn) == 0)
			return true;
	}
	return false;
}

/* Whether one lower-cased id or class token t[0..n) marks furniture. */
static bool
token_is_furniture(const char *t, size_t n)
{
	size_t i, k;

	for (i = 0; i < sizeof furniture_tokens / sizeof furniture_tokens[0];
	     i++) {
		const struct token_rule *r = &furniture_tokens[i];

		k = strlen(r->s);
		if ((r->how == '=' && n == k && memcmp(t, r->s, k) == 0) ||
		    (r->how == '^' && n >= k && memcmp(t, r->s, k) == 0) ||
		    (r->how == 'c' && memmem(t, n, r->s, k) != NULL))
			return true;
	}
	return false;
}

/* Whether any white-space separated token of v (an id or class; may be
 * NULL) marks furniture.  Tokens are lower-cased; past 64 bytes cut. */
static bool
tokens_are_furniture(const char *v)
{
	char t[64];
	size_t n;

	while (v != NULL && *v != '\0') {
		while (is_ws((unsigned char)*v))
			v++;
		for (n = 0; *v && !is_ws((unsigned char)*v); v++)
			if (n < sizeof t)
				t[n++] = (char)(*v >= 'A' && *v <= 'Z' ?
						*v + ('a' - 'A') : *v);
		if (n > 0 && token_is_furniture(t, n))
			return true;
	}
	return false;
}

/* Whether n or an ancestor is main, article or role=main. */
static bool
in_container(const xmlNode *n)
{
	const char *role;
	int steps = 0;

	for (; n && n->type == XML_ELEMENT_NODE &&
	     steps < DS_HTML_ANCESTOR_MAX; n = n->parent, steps++) {
		if (ds_html_elem_flags(ds_html_local_name(n)) &
		    DS_HTML_CONTAINER)
			return true;
		if ((role = ds_html_attr(n, "role")) != NULL &&
		    ds_html_trimmed_is(role, "main"))
			return true;
	}
	return false;
}

/* Whether link n is a "back to top" link. */
static bool
back_to_top(const xmlNode *n)
{
	const char *href = ds_html_attr(n, "href");
	const xmlNode *c;

	if (href != NULL && ds_html_trimmed_is(href, "#top"))
		return true;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content &&
		    strcasestr((const char *)c->content, "back to top"))
			return true;
	return false;
}

bool
ds_html_is_furniture(const xmlNode *n, const char *name, unsigned flags)
{
	const char *v;

	if (flags & DS_HTML_SKIP)
		return true;
	if (ds_html_attr(n, "hidden") != NULL)
		return true;
	if ((v = ds_html_attr(n, "aria-hidden")) != NULL &&
	    ds_html_trimmed_is(v, "true"))
		return true;
	if ((v = ds_html_attr(n, "style")) != NULL &&
	    (css_sets(v, "display", "none") ||
	     css_sets(v, "visibility", "hidden")))
		return true;
	if ((v = ds_html_attr(n, "role")) != NULL &&
	    (ds_html_trimmed_is(v, "navigation") ||
	     ds_html_trimmed_is(v, "banner") ||
	     ds_html_trimmed_is(v, "contentinfo") ||
	     ds_html_trimmed_is(v, "search")))
		return true;
	if ((flags & DS_HTML_LANDMARK) && !in_container(n->parent))
		return true;
	if (tokens_are_furniture(ds_html_attr(n, "id")) ||
	    tokens_are_furniture(ds_html_attr(n, "class")))
		return true;
	return strcmp(name, "a") == 0 && back_to_top(n);
}
