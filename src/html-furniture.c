/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * html-furniture.c: element classes, the page-furniture rules of the HTML
 * extractor, and finding the main content of a page that does not mark it
 * (see html-furniture.h).
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
	unsigned char len;
	const char *s;
} furniture_tokens[] = {
#define T(how, lit) { how, sizeof(lit) - 1, lit }
	T('c', "cookie-banner"), T('c', "cookiebanner"),
	T('c', "cookie_banner"), T('c', "cookie-consent"),
	T('c', "cookie-notice"), T('c', "skip-link"), T('c', "skiplink"),
	T('c', "skip-to-content"), T('c', "skip-to-main"),
	T('c', "back-to-top"), T('c', "backtotop"), T('c', "back_to_top"),
	T('=', "share"), T('=', "shares"), T('=', "sharing"),
	T('^', "share-"), T('^', "share_"), T('c', "-share-"),
	T('c', "social-share"), T('c', "sharethis"), T('c', "addthis"),
	/* asked not to be indexed */
	T('=', "noindex"), T('=', "robots-noindex"),
	T('=', "robots-nocontent"),
#undef T
};

/* Link texts that take the reader back up the page, and the longest
 * link text looked into for them. */
#define TOP_LINK_MAX 64
static const char *const top_links[] = {
	"back to top", "back to the top", "return to top", "top of page",
	"top of the page", "go to top",
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

bool
ds_html_has_ancestor(const xmlNode *n, const char *name)
{
	int steps = 0;

	for (n = n->parent; n && n->type == XML_ELEMENT_NODE &&
	     steps < DS_HTML_ANCESTOR_MAX; n = n->parent, steps++)
		if (strcmp(ds_html_local_name(n), name) == 0)
			return true;
	return false;
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

/* Whether p[0..k) occurs in t[0..n). */
static bool
has_substring(const char *t, size_t n, const char *p, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (t[i] == p[0] && memcmp(t + i, p, k) == 0)
			return true;
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

		k = r->len;
		if (n < k)
			continue;
		if ((r->how == '=' && n == k && memcmp(t, r->s, k) == 0) ||
		    (r->how == '^' && memcmp(t, r->s, k) == 0) ||
		    (r->how == 'c' && has_substring(t, n, r->s, k)))
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
	size_t i;

	if (href != NULL && (ds_html_trimmed_is(href, "#top") ||
			     ds_html_trimmed_is(href, "#top-of-page") ||
			     ds_html_trimmed_is(href, "#page-top")))
		return true;
	/* Such links say little: longer texts are not looked into. */
	for (c = n->children; c; c = c->next) {
		if (c->type != XML_TEXT_NODE || c->content == NULL ||
		    strlen((const char *)c->content) > TOP_LINK_MAX)
			continue;
		for (i = 0; i < sizeof top_links / sizeof top_links[0]; i++)
			if (strcasestr((const char *)c->content, top_links[i]))
				return true;
	}
	return false;
}

/* The value of attribute a ("" when it has none). */
static const char *
attr_value(const xmlAttr *a)
{
	if (a->children && a->children->type == XML_TEXT_NODE &&
	    a->children->content)
		return (const char *)a->children->content;
	return "";
}

/* Whether attribute a (named an) alone marks its element as furniture. */
static bool
attr_is_furniture(const char *an, const char *v)
{
	switch (an[0]) {
	case 'h':
		return strcmp(an, "hidden") == 0;
	case 'a':
		return strcmp(an, "aria-hidden") == 0 &&
		       ds_html_trimmed_is(v, "true");
	case 's':
		return strcmp(an, "style") == 0 &&
		       (css_sets(v, "display", "none") ||
			css_sets(v, "visibility", "hidden"));
	case 'r':
		return strcmp(an, "role") == 0 &&
		       (ds_html_trimmed_is(v, "navigation") ||
			ds_html_trimmed_is(v, "banner") ||
			ds_html_trimmed_is(v, "contentinfo") ||
			ds_html_trimmed_is(v, "search"));
	case 'd':
		return strcmp(an, "data-nosnippet") == 0;
	case 'i':
	case 'c':
		return (strcmp(an, "id") == 0 || strcmp(an, "class") == 0) &&
		       tokens_are_furniture(v);
	}
	return false;
}

bool
ds_html_is_furniture(const xmlNode *n, const char *name, unsigned flags)
{
	const xmlAttr *a;

	if (flags & DS_HTML_SKIP)
		return true;
	/* One pass over the attributes: this runs for every element. */
	for (a = n->properties; a; a = a->next)
		if (a->name != NULL &&
		    attr_is_furniture((const char *)a->name, attr_value(a)))
			return true;
	if ((flags & DS_HTML_LANDMARK) && !in_container(n->parent))
		return true;
	return strcmp(name, "a") == 0 && back_to_top(n);
}

/* Whether s, less leading white space, starts with lit (case ignored);
 * then *rest is what follows it. */
static bool
starts_ci(const char *s, const char *lit, const char **rest)
{
	size_t n = strlen(lit);

	while (is_ws((unsigned char)*s))
		s++;
	if (strncasecmp(s, lit, n) != 0)
		return false;
	*rest = s + n;
	return true;
}

int
ds_html_noindex_comment(const xmlNode *n)
{
	const char *c, *rest;

	if (n->type != XML_COMMENT_NODE || n->content == NULL)
		return 0;
	c = (const char *)n->content;
	if (ds_html_trimmed_is(c, "noindex"))
		return 1;
	if (ds_html_trimmed_is(c, "/noindex"))
		return -1;
	if (starts_ci(c, "googleoff:", &rest))
		return ds_html_trimmed_is(rest, "index") ||
		       ds_html_trimmed_is(rest, "all");
	if (starts_ci(c, "googleon:", &rest))
		return ds_html_trimmed_is(rest, "index") ||
		       ds_html_trimmed_is(rest, "all") ? -1 : 0;
	return 0;
}

/* ---------------------------------------------------------------------
 * The main content of a page that does not mark it
 * ------------------------------------------------------------------- */

#define HEADING_WEIGHT 100	/* what a heading adds to its block */
#define LINK_DIVISOR 4		/* link text weighs a quarter */
#define WEIGHT_MIN 1000		/* lighter bodies are taken whole */
#define STACK_MAX 1000000	/* deeper trees are taken whole */

/* An element being weighed: its text, and its link text, so far. */
struct frame {
	xmlNode *n;
	size_t text, link;
	bool in_link;
};

/* The stack of open elements, reused by both passes. */
struct weigher {
	struct frame *st;
	size_t depth, cap;
	size_t need;		/* weight that qualifies; 0: none */
	size_t total;		/* the top element's weight */
	xmlNode *found;		/* the first (deepest) qualifying block */
	xmlNode *scope;		/* holds an open <!--noindex-->, or NULL */
	xmlNode *h1;		/* the first h1 outside furniture */
};

/* Whether an element can hold a page's content. */
static bool
is_block_candidate(const char *name)
{
	static const char *const names[] = {
		"div", "section", "article", "main", "td", "center", "body",
		"form",
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Open element n; false if the stack cannot grow. */
static bool
push(struct weigher *w, xmlNode *n)
{
	struct frame *f;
	size_t cap;

	if (w->depth == w->cap) {
		cap = w->cap ? w->cap * 2 : 64;
		if (cap > STACK_MAX ||
		    (f = realloc(w->st, cap * sizeof *f)) == NULL)
			return false;
		w->st = f;
		w->cap = cap;
	}
	f = &w->st[w->depth++];
	f->n = n;
	f->text = 0;
	f->link = 0;
	f->in_link = (w->depth > 1 && f[-1].in_link) ||
		     strcmp(ds_html_local_name(n), "a") == 0;
	return true;
}

/* Close the innermost element: judge it, and add it to its parent. */
static void
pop(struct weigher *w)
{
	struct frame *f = &w->st[--w->depth];
	const char *name = ds_html_local_name(f->n);
	size_t weight;

	if (ds_html_heading_level(name) != 0)
		f->text += HEADING_WEIGHT;
	weight = f->text + f->link / LINK_DIVISOR;
	if (w->need > 0 && w->found == NULL && weight >= w->need &&
	    is_block_candidate(name))
		w->found = f->n;
	if (w->depth > 0) {
		f[-1].text += f->text;
		f[-1].link += f->link;
	} else {
		w->total = weight;
	}
	if (f->n == w->scope)
		w->scope = NULL;
}

/* Non-space bytes of s. */
static size_t
visible_bytes(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += !is_ws((unsigned char)*s);
	return n;
}

/* Visit node n: count its text, or open it; returns whether it was
 * opened (its children are to be walked). */
static bool
visit(struct weigher *w, xmlNode *n, xmlNode *top, bool *ok)
{
	struct frame *f;
	const char *name;
	int k;

	if (n->type == XML_ELEMENT_NODE) {
		name = ds_html_local_name(n);
		if (n != top &&
		    ds_html_is_furniture(n, name, ds_html_elem_flags(name)))
			return false;
		if (!push(w, n))
			*ok = false;
		if (w->h1 == NULL && strcmp(name, "h1") == 0 && !w->scope)
			w->h1 = n;
		return *ok;
	}
	if (n->type == XML_TEXT_NODE && n->content && w->scope == NULL &&
	    w->depth > 0) {
		f = &w->st[w->depth - 1];
		if (f->in_link)
			f->link += visible_bytes((const char *)n->content);
		else
			f->text += visible_bytes((const char *)n->content);
	} else if ((k = ds_html_noindex_comment(n)) > 0 && !w->scope) {
		w->scope = n->parent;
	} else if (k < 0) {
		w->scope = NULL;
	}
	return false;
}

/* Weigh top's subtree (see struct weigher); false if memory ran out. */
static bool
weigh(struct weigher *w, xmlNode *top)
{
	xmlNode *n = top;
	bool ok = true;

	w->depth = 0;
	w->found = NULL;
	w->scope = NULL;
	w->h1 = NULL;
	for (;;) {
		if (visit(w, n, top, &ok)) {
			if (n->children) {
				n = n->children;
				continue;
			}
			pop(w);
		}
		if (!ok)
			return false;
		while (n != top && n->next == NULL) {
			n = n->parent;
			pop(w);
		}
		if (n == top)
			return true;
		n = n->next;
	}
}

/* Whether a is n or one of its ancestors (a bounded walk). */
static bool
contains(const xmlNode *a, const xmlNode *n)
{
	int steps = 0;

	for (; n && steps < DS_HTML_ANCESTOR_MAX; n = n->parent, steps++)
		if (n == a)
			return true;
	return false;
}

xmlNode *
ds_html_main_content(xmlNode *body)
{
	struct weigher w;
	xmlNode *found = body;

	memset(&w, 0, sizeof w);
	if (weigh(&w, body) && w.total >= WEIGHT_MIN) {
		w.need = w.total - w.total / 10;
		if (weigh(&w, body) && w.found != NULL)
			found = w.found;
	}
	/* A document starts at its title heading: take in the first h1
	 * (a legislation page's title and long title sit before its body). */
	while (found != body && w.h1 != NULL && !contains(found, w.h1) &&
	       found->parent != NULL)
		found = found->parent;
	free(w.st);
	return found;
}
