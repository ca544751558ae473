/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-html.h: dossier.cgi's pages, built as a libxml2 tree and
 * serialised by libxml2, so that every text Dossier puts in (the query,
 * titles, snippets, error messages, URLs) is escaped by construction:
 * nothing is ever pasted into markup as a string.
 *
 * A page comes from a template: an HTML file (or the built-in one) in
 * which elements carrying a data-dossier="PLACE" attribute are the places
 * Dossier fills, replacing their content (the attribute is removed).
 * Places take flow content (paragraphs, lists, headings), so they are
 * elements such as div, section, aside or nav, never p; site-name and
 * heading take text only:
 *
 *   site-name    the site's name (text)
 *   heading      the page's heading: "Search results", "How to search"
 *                or "Something went wrong" (text; for an h1)
 *   form         the search form: a labelled query box, the current
 *                filters as hidden fields, a submit button (a form
 *                element is filled and given its action; any other
 *                element gets a form inside)
 *   summary      "About N results for QUERY" / "No results for QUERY",
 *                with "Also searched: ..." for names of public bodies
 *   suggestion   "Did you mean: LINK", or removed when there is none
 *   results      an ordered list of hits: title linking to the document
 *                (URL#anchor of the first passage when it has one), date,
 *                publisher, type, identifiers, passages with <mark>,
 *                each with its breadcrumb
 *   facets       publisher, type and year counts as links adding a
 *                filter; active filters as links removing it
 *   sort         relevance / date links, the current one not a link
 *   pagination   a nav of previous, page numbers, next (a nav element
 *                is filled, any other gets a nav inside)
 *   message      the error or help text of an error or help page
 *   help         how to search (shown for an empty query)
 *
 * A place missing from a template is simply not filled; a place with
 * nothing to show on a page (the results of a help page, the pagination
 * of a single page, the suggestion when there is none) is removed with
 * its element; an element naming a place that does not exist is left as
 * it is.  Whatever the template, the page's <head> gets a meta charset
 * of UTF-8, its <title> (the query, an en dash and the site's name; the
 * site's name alone for an empty query), the configured stylesheet and
 * the OpenSearch link, and <html> the site's lang.  A template with a
 * place on a script or style element (whose text is written as it is)
 * is refused.
 *
 * The built-in template is a complete accessible page: lang, a skip
 * link, header, main and nav landmarks, a label for the box, visible
 * focus order as the document order, no JavaScript, the configured
 * stylesheet (a <link rel="stylesheet">; nothing inline, so that the
 * CGI's Content-Security-Policy can forbid inline styles and scripts;
 * data/dossier.css is one), and an OpenSearch <link> so browsers offer
 * the site's search.
 */
#ifndef DOSSIER_RENDER_HTML_H
#define DOSSIER_RENDER_HTML_H

#include <stdio.h>

#include "cgi-params.h"
#include "error.h"
#include "search.h"

/* What the page needs to know of the site. */
struct ds_page_site {
	const char *name;	/* the site's name */
	const char *base_url;	/* the CGI's URL: links are base_url?... */
	const char *db;		/* the database's name to keep in links, or
				   NULL for the default */
	const char *stylesheet;	/* a URL, or NULL */
	const char *lang;	/* "en" */
	unsigned max_page;	/* the last page a link may ask for (the
				   CGI's limit); 0: no limit */
	unsigned default_hits;	/* hits per page when n= is not given, left
				   out of links; 0: 10 */
};

enum ds_page_kind {
	DS_PAGE_RESULTS,	/* results (r given) */
	DS_PAGE_HELP,		/* the empty query: how to search */
	DS_PAGE_ERROR		/* `message` says what (400, 503...) */
};

struct ds_page_template;

/*
 * Load a template from `path` (HTML, parsed by libxml2 with no network
 * and no entities; a regular file of at most 1 MiB, read as UTF-8).
 * DS_ENOENT, DS_ETOOBIG, DS_EIO, DS_EFORMAT (naming the file: not HTML,
 * or a place on a script or style element), DS_ENOMEM; *out is NULL on
 * failure.  A template is only read once loaded: several renders may
 * share it.
 */
int ds_page_template_load(const char *path, struct ds_page_template **out,
			  struct ds_error *err);
void ds_page_template_free(struct ds_page_template *tpl);

/*
 * Write a whole page (<!DOCTYPE html>, UTF-8) to `out`, from `tpl` (NULL:
 * the built-in template): for `kind`, the request `req` (the query in the
 * box, the page, the filters kept in links; NULL: an empty one, for an
 * error before the request could be read), results `r` (DS_PAGE_RESULTS
 * only, else NULL) and `message` (DS_PAGE_ERROR: a fixed text saying what
 * is wrong, escaped anyway; DS_PAGE_HELP: an optional line above the
 * help).  DS_EIO on a write error, DS_ENOMEM.
 */
int ds_page_render(FILE *out, const struct ds_page_template *tpl,
		   const struct ds_page_site *site, enum ds_page_kind kind,
		   const struct cgi_params *req, const struct ds_results *r,
		   const char *message, struct ds_error *err);

/*
 * The OpenSearch 1.1 description document of the site (XML, built with
 * libxml2's xmlTextWriter): ShortName, Description, InputEncoding UTF-8,
 * and Url templates for text/html and application/atom+xml at
 * base_url?q={searchTerms}.
 */
int ds_page_opensearch(FILE *out, const struct ds_page_site *site,
		       struct ds_error *err);

#endif /* DOSSIER_RENDER_HTML_H */
