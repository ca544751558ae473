/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * html-furniture.h: how the HTML extractor treats each element.
 *
 * Private to extract-html.c.  Says which elements break paragraphs or
 * words and which glue (b, i, span, a...), and which are never indexed:
 * script and friends, hidden elements, and page furniture (navigation,
 * banners, footers, cookie banners, skip links, share links).  The rules
 * are deliberately simple for now, stated in html-furniture.c.
 *
 * Every function but ds_html_main_content() looks at one node and its
 * attributes or ancestors only: none allocates, none recurses, and
 * ancestor walks are bounded, so they are safe on trees nested as deep as
 * libxml2 allows.  ds_html_main_content() walks a subtree once or twice,
 * iteratively, with a stack as deep as the tree.
 */
#ifndef DOSSIER_HTML_FURNITURE_H
#define DOSSIER_HTML_FURNITURE_H

#include <stdbool.h>

#include <libxml/tree.h>

/* How an element is treated (ds_html_elem_flags). */
enum {
	DS_HTML_INLINE = 0,	/* glues: <b>a</b>b is "ab" */
	DS_HTML_BLOCK = 1,	/* paragraph break before and after */
	DS_HTML_SPACE = 2,	/* word break before and after (also unknown) */
	DS_HTML_SKIP = 4,	/* never indexed: script, style, head, svg... */
	DS_HTML_LANDMARK = 8,	/* nav, header, footer: furniture unless
				   inside main or article */
	DS_HTML_CONTAINER = 16	/* main, article */
};

/* Most ancestors any function here looks at (libxml2 stops at 256). */
#define DS_HTML_ANCESTOR_MAX 1024

/* An element's name without namespace prefix ("x:p" is "p"); never NULL. */
const char *ds_html_local_name(const xmlNode *n);

/* The DS_HTML_* flags of element `name` (a local name, lower case).
 * Elements not known to be inline break words. */
unsigned ds_html_elem_flags(const char *name);

/* 1-6 for h1-h6, else 0. */
int ds_html_heading_level(const char *name);

/*
 * The value of attribute `name` of element n: "" for one without a value,
 * NULL when absent.  Borrowed from the tree (valid until it is freed); never
 * copied, as values can be megabytes long.
 */
const char *ds_html_attr(const xmlNode *n, const char *name);

/* Whether n has an ancestor element named `name` (a local name). */
bool ds_html_has_ancestor(const xmlNode *n, const char *name);

/* Whether s equals lit once surrounding white space is ignored (ASCII
 * case-insensitive). */
bool ds_html_trimmed_is(const char *s, const char *lit);

/*
 * Whether element n (local name `name`, flags from ds_html_elem_flags) is
 * left out of the text with all it contains: a DS_HTML_SKIP element; one
 * with the `hidden` attribute, aria-hidden="true", or a style with
 * display:none or visibility:hidden; role navigation, banner, contentinfo
 * or search; nav, header or footer outside main/article/role=main; an id
 * or class naming a cookie banner, skip link, back-to-top or share links;
 * a "back to top" link; and what the page asks search engines not to
 * index: data-nosnippet, class "noindex", "robots-noindex" or
 * "robots-nocontent".
 */
bool ds_html_is_furniture(const xmlNode *n, const char *name,
			  unsigned flags);

/*
 * For a comment node: 1 if it opens a part not to be indexed
 * (<!--noindex-->, <!-- googleoff: index --> or "all"), -1 if it closes one
 * (<!--/noindex-->, <!-- googleon: ... -->), else 0.  A part runs to its
 * closing comment or the end of the element holding the opening one,
 * whichever comes first, so a stray <!--noindex--> cannot hide a page.
 */
int ds_html_noindex_comment(const xmlNode *n);

/*
 * The element holding the content of a page that does not say where it is
 * (no <main>, role=main or single <article>), found under `body`: the
 * deepest div, section, article, main, td, center or form holding at least
 * nine tenths of the body's text weight.  A text's weight is its length in
 * non-space bytes, a quarter of that inside a link; each heading adds 100.
 * Furniture and noindex parts weigh nothing.  The element is then widened
 * to take in the first h1 outside furniture, if it does not hold it.
 * Returns body itself when no smaller element qualifies, when the body
 * weighs too little to judge (under 1000), or when memory for the walk
 * runs out: never less than nine tenths of the text.  Linear in the size
 * of the subtree.
 */
xmlNode *ds_html_main_content(xmlNode *body);

#endif /* DOSSIER_HTML_FURNITURE_H */
