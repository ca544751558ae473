/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * page-template.c: the templates of dossier.cgi's pages (render-html.h):
 * the built-in one, loading one from a file, and the copy each page is
 * made in.
 *
 * A template is parsed once by libxml2's HTML parser, with no network
 * and no default DTD, and checked: it must have an <html> root, and no
 * place may be a script or style element (the HTML serialiser writes
 * their text as it is, so a query put there would be markup).  Its
 * DOCTYPE, whatever it was, becomes <!DOCTYPE html>.  Every page is then
 * made in a copy (xmlCopyDoc), so a loaded template is never changed and
 * may serve any number of pages.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "extract.h"
#include "init.h"
#include "page.h"

/* The largest template read. */
#define TEMPLATE_MAX_BYTES (1u << 20)

/*
 * The built-in page.  The head gets its title, stylesheet and OpenSearch
 * link from render-html.c; data/dossier.css styles the classes.
 */
static const char builtin[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"en\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, "
	"initial-scale=1\">\n"
	"<title></title>\n"
	"</head>\n"
	"<body>\n"
	"<a class=\"skip\" href=\"#main\">Skip to main content</a>\n"
	"<header class=\"site\">\n"
	"<p class=\"site-name\" data-dossier=\"site-name\"></p>\n"
	"<form class=\"search\" data-dossier=\"form\"></form>\n"
	"</header>\n"
	"<div class=\"page\">\n"
	"<main id=\"main\">\n"
	"<h1 data-dossier=\"heading\"></h1>\n"
	"<div class=\"message\" data-dossier=\"message\"></div>\n"
	"<div class=\"summary\" data-dossier=\"summary\"></div>\n"
	"<div class=\"suggestion\" data-dossier=\"suggestion\"></div>\n"
	"<div class=\"sort\" data-dossier=\"sort\"></div>\n"
	"<div data-dossier=\"results\"></div>\n"
	"<nav class=\"pages\" aria-label=\"Pages\" "
	"data-dossier=\"pagination\"></nav>\n"
	"<div class=\"help\" data-dossier=\"help\"></div>\n"
	"</main>\n"
	"<aside class=\"facets\" aria-label=\"Refine the results\" "
	"data-dossier=\"facets\"></aside>\n"
	"</div>\n"
	"<footer class=\"site\">\n"
	"<p>Searched with Dossier.</p>\n"
	"</footer>\n"
	"</body>\n"
	"</html>\n";

xmlNodePtr
ds_page_next(xmlNodePtr n, const xmlNode *top, bool descend)
{
	if (descend && n->children != NULL)
		return n->children;
	while (n != NULL && n != top) {
		if (n->next != NULL)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

bool
ds_page_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL &&
	       strcasecmp((const char *)n->name, name) == 0;
}

/*
 * Parse buf[0..len) as a template into *out; `name` names it in
 * messages.  DS_EFORMAT when it is not an HTML page or puts a place on a
 * script or style element, DS_ENOMEM.
 */
static int
parse(const char *buf, size_t len, const char *name, xmlDocPtr *out,
      struct ds_error *err)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n;
	xmlDtdPtr dtd;
	int rc;

	*out = NULL;
	ds_init_once();
	if (len > (size_t)TEMPLATE_MAX_BYTES)
		return ds_error_set(err, DS_ETOOBIG, "%s: too big", name);
	doc = htmlReadMemory(buf, (int)len, NULL, "UTF-8",
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				     HTML_PARSE_NOWARNING |
				     HTML_PARSE_NODEFDTD);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    !ds_page_is(root, "html")) {
		rc = ds_error_set(err, DS_EFORMAT, "%s: not an HTML page",
				  name);
		goto out;
	}
	for (n = root; n != NULL; n = ds_page_next(n, root, true)) {
		xmlChar *place;

		if (n->type != XML_ELEMENT_NODE ||
		    !(ds_page_is(n, "script") || ds_page_is(n, "style")) ||
		    (place = xmlGetProp(n, BAD_CAST DS_PAGE_PLACE_ATTR)) ==
			    NULL)
			continue;
		xmlFree(place);
		rc = ds_error_set(err, DS_EFORMAT,
				  "%s: a place on a <%s> element", name,
				  (const char *)n->name);
		goto out;
	}
	/* Whatever DOCTYPE it had, the page is HTML as it is today. */
	if ((dtd = xmlGetIntSubset(doc)) != NULL) {
		xmlUnlinkNode((xmlNodePtr)dtd);
		xmlFreeDtd(dtd);
	}
	if (xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}
	*out = doc;
	doc = NULL;
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}

int
ds_page_template_load(const char *path, struct ds_page_template **out,
		      struct ds_error *err)
{
	struct ds_page_template *tpl = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = ds_read_file(path, TEMPLATE_MAX_BYTES, &buf, &len, NULL, err);
	if (rc == DS_ESKIP) {
		rc = ds_error_set(err, DS_EFORMAT, "%s: not a regular file",
				  path);
		goto out;
	}
	if (rc < 0)
		goto out;
	if ((tpl = calloc(1, sizeof *tpl)) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = parse(buf, len, path, &tpl->doc, err)) < 0)
		goto out;
	*out = tpl;
	tpl = NULL;
	rc = 0;
out:
	free(buf);
	ds_page_template_free(tpl);
	return rc;
}

void
ds_page_template_free(struct ds_page_template *tpl)
{
	if (tpl == NULL)
		return;
	xmlFreeDoc(tpl->doc);
	free(tpl);
}

xmlDocPtr
ds_page_template_doc(const struct ds_page_template *tpl)
{
	xmlDocPtr doc = NULL;

	if (tpl != NULL)
		return xmlCopyDoc(tpl->doc, 1);
	/* Parsed anew for each page: it is small, and nothing is shared. */
	if (parse(builtin, sizeof builtin - 1, "the built-in template", &doc,
		  NULL) < 0)
		return NULL;
	return doc;
}
