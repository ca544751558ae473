/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-cgi.c: a web request from its QUERY_STRING to the page, as
 * dossier.cgi makes it: cgi_params_parse() on any bytes, then the page
 * rendered (ds_page_render) for results that carry the request's own
 * text everywhere a document's or a query's text goes (title, URL,
 * snippets with marks, breadcrumb, speaker, publisher, facets, did you
 * mean, other names searched), and the error and help pages.
 *
 * The oracle: the page, parsed again by libxml2's HTML parser, holds only
 * the elements and attributes Dossier writes, and no link or form goes
 * to a javascript: or data: URL.  Any '<' or '"' from the input that came
 * back raw would make an element or attribute of its own, or end an
 * attribute early, and fail here.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "cgi-params.h"
#include "dossier.h"
#include "fuzz.h"
#include "render-html.h"
#include "search.h"

static const char *const elements[] = {
	"html", "head", "meta", "title", "link", "body", "a", "header", "p",
	"form", "div", "main", "h1", "h2", "h3", "nav", "footer", "label",
	"input", "button", "select", "option", "ol", "ul", "li", "span",
	"mark", "strong", "em", "small", "section", "aside", "dl", "dt", "dd",
	"details", "summary", "time", "cite", "code", "kbd", "br", "abbr",
	"fieldset", "legend", "q", "b", "i",
};

static const char *const attributes[] = {
	"lang", "charset", "name", "content", "rel", "type", "href", "title",
	"class", "id", "action", "method", "role", "for", "value", "size",
	"maxlength", "autocomplete", "aria-label", "aria-current",
	"aria-describedby", "aria-hidden", "aria-live", "aria-labelledby",
	"selected", "datetime", "enterkeyhint", "inputmode", "spellcheck",
	"data-dossier", "hreflang", "dir", "placeholder", "required",
	"autofocus", "tabindex", "accesskey", "start", "http-equiv",
};

static bool
listed(const char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(list[i], name) == 0)
			return true;
	return false;
}

/* Whether a URL would run or embed something when followed. */
static bool
active_url(const char *u)
{
	while (*u != '\0' && isspace((unsigned char)*u))
		u++;
	return strncasecmp(u, "javascript:", 11) == 0 ||
	       strncasecmp(u, "data:", 5) == 0 ||
	       strncasecmp(u, "vbscript:", 9) == 0;
}

static void
check_tree(xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		xmlAttrPtr a;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!listed(elements, sizeof elements / sizeof *elements,
			    (const char *)n->name)) {
			fprintf(stderr, "element <%s>\n", n->name);
			fuzz_assert(!"an element Dossier does not write");
		}
		for (a = n->properties; a != NULL; a = a->next) {
			xmlChar *v;

			if (!listed(attributes,
				    sizeof attributes / sizeof *attributes,
				    (const char *)a->name)) {
				fprintf(stderr, "attribute %s on <%s>\n",
					a->name, n->name);
				fuzz_assert(!"an attribute Dossier does not "
					     "write");
			}
			if (strcasecmp((const char *)a->name, "href") != 0 &&
			    strcasecmp((const char *)a->name, "action") != 0)
				continue;
			v = xmlNodeGetContent((xmlNodePtr)a);
			fuzz_assert(v == NULL || !active_url((char *)v));
			xmlFree(v);
		}
		check_tree(n->children);
	}
}

/* Render a page to memory, parse it back and check it. */
static void
page(const struct ds_page_site *site, enum ds_page_kind kind,
     const struct cgi_params *req, const struct ds_results *r,
     const char *message)
{
	struct ds_error err = {0, ""};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	htmlDocPtr doc;

	fuzz_assert(f != NULL);
	fuzz_assert(ds_page_render(f, NULL, site, kind, req, r, message,
				   &err) == 0);
	fuzz_assert(fclose(f) == 0);
	doc = htmlReadMemory(buf, (int)len, "page.html", "UTF-8",
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				     HTML_PARSE_NOWARNING);
	fuzz_assert(doc != NULL);
	check_tree(xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	free(buf);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ds_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ds_page_site site = {
		"Fuzz Library", "/cgi-bin/dossier.cgi", NULL, NULL, "en",
		1000, 10
	};
	struct ds_error err = {0, ""};
	struct cgi_params p;
	char *qs = fuzz_cstring(data, size);
	char marked[600];
	const char *f0;

	if (qs == NULL)
		return 0;
	if (cgi_params_parse(qs, NULL, &p, &err) < 0) {
		fuzz_assert(err.msg[0] != '\0');
		page(&site, DS_PAGE_ERROR, NULL, NULL, err.msg);
	} else if (p.q[0] == '\0' && p.nfilters == 0) {
		page(&site, DS_PAGE_HELP, &p, NULL, NULL);
	} else {
		/* Results in which everything is the request's text. */
		char *alts[1];
		struct ds_snippet snip = {0};
		struct ds_hit hit = {0};
		struct ds_facet_count fc = {0};
		struct ds_facet facet = {0};
		struct ds_expansion ex = {0};
		struct ds_results r;

		f0 = p.nfilters > 0 ? p.filters[0] : p.q;
		snprintf(marked, sizeof marked, "before \x02%.250s\x03 after "
			 "\x02%.250s", p.q, f0);
		snip.text = marked;
		snip.breadcrumb = p.q;
		snip.anchor = (char *)f0;
		snip.speaker = p.q;
		hit.rank = p.page;
		hit.id = hit.title = hit.url = p.q;
		hit.path = (char *)f0;
		hit.date = hit.publisher = hit.type = (char *)f0;
		hit.description = p.q;
		hit.snippets = &snip;
		hit.nsnippets = 1;
		fc.value = (char *)f0;
		fc.count = 3;
		facet.name = "publisher";
		facet.counts = &fc;
		facet.ncounts = 1;
		alts[0] = p.q;
		ex.name = (char *)f0;
		ex.alternatives = alts;
		ex.nalternatives = 1;
		memset(&r, 0, sizeof r);
		r.query = p.q;
		r.parsed = p.q;
		r.estimated = r.lower_bound = r.upper_bound = 42;
		r.doccount = 100;
		r.suggestion = p.q;
		r.expansions = &ex;
		r.nexpansions = 1;
		r.facets = &facet;
		r.nfacets = 1;
		r.hits = &hit;
		r.nhits = 1;
		r.offset = (p.page - 1) * p.hits;
		page(&site, DS_PAGE_RESULTS, &p, &r, NULL);
		page(&site, DS_PAGE_ERROR, &p, NULL,
		     "The index is being updated.");
	}
	cgi_params_release(&p);
	free(qs);
	return 0;
}
