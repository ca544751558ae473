/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * page.h: what the files of dossier.cgi's pages share (render-html.c,
 * page-template.c, page-results.c); private to them.
 *
 * A page is a libxml2 HTML tree.  Everything that goes into it goes
 * through the helpers below: elements are made empty and appended,
 * texts and attribute values are cleaned (ds_text_html) and added as
 * text, never parsed, so that no string, whatever it holds, becomes
 * markup.  Links are made by ds_page_href from a struct ds_page_link,
 * every value percent-encoded on its own.
 */
#ifndef DOSSIER_PAGE_H
#define DOSSIER_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "cgi-params.h"
#include "error.h"
#include "render-html.h"
#include "search.h"

/* The attribute that marks a place in a template. */
#define DS_PAGE_PLACE_ATTR "data-dossier"

/* A template: its parsed document, only ever copied. */
struct ds_page_template {
	xmlDocPtr doc;
};

/*
 * A fresh copy of the document of `tpl`, or of the built-in template's
 * when `tpl` is NULL, for one page to fill: it has <!DOCTYPE html> and an
 * <html> root.  NULL when out of memory.
 */
xmlDocPtr ds_page_template_doc(const struct ds_page_template *tpl);

/*
 * The node after `n` in document order, within `top` (NULL at the end):
 * n's first child when `descend`, else the next node that is not inside
 * n.  For walking a tree without recursion.
 */
xmlNodePtr ds_page_next(xmlNodePtr n, const xmlNode *top, bool descend);

/* Whether n is an element called `name` (ASCII, any case). */
bool ds_page_is(const xmlNode *n, const char *name);

/* One page being made. */
struct ds_page {
	xmlDocPtr doc;
	const struct ds_page_site *site;
	enum ds_page_kind kind;
	const struct ds_results *r;	/* DS_PAGE_RESULTS only */
	const char *message;
	/* The request, cleaned: valid UTF-8 that HTML can hold. */
	char *q;
	char *filters[CGI_MAX_FILTERS];
	size_t nfilters;
	unsigned page, hits;
	enum cgi_sort sort;
	/* The site's, cleaned or made up. */
	const char *name;
	char *base;		/* base_url as a URI, "" when none */
	char *db;		/* NULL for the default */
	unsigned default_hits;
	unsigned max_page;	/* 0: no limit */
	unsigned nforms;	/* forms made so far (their ids differ) */
};

/*
 * A link to a page of results: the query, page, hits per page, sort and
 * filters; `drop` leaves one of the filters out (SIZE_MAX: none), `add`
 * adds one.  ds_page_link_here() starts from the current request, on
 * its first page.
 */
struct ds_page_link {
	const char *q;
	unsigned page;
	unsigned hits;
	enum cgi_sort sort;
	size_t drop;
	const char *add;
};

void ds_page_link_here(const struct ds_page *p, struct ds_page_link *l);

/*
 * The href of link `l`: base_url, then only the parameters that differ
 * from the defaults (q, page, n, each f, sort, db), each value
 * percent-encoded (ds_url_query_value).  A new string, or NULL.
 */
char *ds_page_href(const struct ds_page *p, const struct ds_page_link *l);

/*
 * Tree helpers; each returns NULL or -1 only when out of memory.
 * ds_page_el: a new empty element `name` (with class `cls` unless NULL)
 * appended to `parent`.  ds_page_text: `s` cleaned, as a text node
 * appended to `parent`.  ds_page_attr: attribute `name` set to `value`
 * cleaned.  ds_page_a: <a href=HREF>text</a> for link `l` (or `href`
 * when l is NULL) appended to `parent`.  ds_page_nl: a line break in the
 * markup, to keep the page readable.
 */
xmlNodePtr ds_page_el(struct ds_page *p, xmlNodePtr parent, const char *name,
		      const char *cls);
int ds_page_text(struct ds_page *p, xmlNodePtr parent, const char *s);
int ds_page_attr(xmlNodePtr n, const char *name, const char *value);
xmlNodePtr ds_page_a(struct ds_page *p, xmlNodePtr parent,
		     const struct ds_page_link *l, const char *href,
		     const char *text);
int ds_page_nl(struct ds_page *p, xmlNodePtr parent);

/*
 * The places of a results page (page-results.c).  Each fills `at`
 * (emptied) and returns 1, returns 0 when it has nothing to show (the
 * place is then removed), or -1 when out of memory.
 */
int ds_page_summary(struct ds_page *p, xmlNodePtr at);
int ds_page_suggestion(struct ds_page *p, xmlNodePtr at);
int ds_page_results(struct ds_page *p, xmlNodePtr at);
int ds_page_facets(struct ds_page *p, xmlNodePtr at);
int ds_page_sort(struct ds_page *p, xmlNodePtr at);
int ds_page_pagination(struct ds_page *p, xmlNodePtr at);

#endif /* DOSSIER_PAGE_H */
