/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-html.c: dossier.cgi's pages (render-html.h) and its OpenSearch
 * description.
 *
 * A page is a copy of the template's tree (page-template.c) in which
 * each place is emptied and filled with nodes made here or in
 * page-results.c, then the head is completed and libxml2's HTML
 * serialiser writes the whole, UTF-8 as it is.  Nodes are only ever made
 * empty (xmlNewDocNode with no content) and given text nodes and
 * attribute values, both of which libxml2 escapes as it writes; every
 * such string is first repaired to valid UTF-8 and rid of the characters
 * HTML forbids (ds_text_html), and every URL made a URI (ds_url_safe) or
 * built of percent-encoded values (ds_page_href).  No string is ever
 * parsed as markup, so nothing a query or a document holds can become an
 * element or an attribute.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlwriter.h>

#include "page.h"
#include "render.h"
#include "render-html.h"
#include "url.h"
#include "utf8.h"

#define OPENSEARCH_NS "http://a9.com/-/spec/opensearch/1.1/"

/* ---- building strings --------------------------------------------------- */

/* A growing string; `oom` once an allocation failed. */
struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void
sb_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *t;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((t = realloc(b->s, cap)) == NULL) {
			b->oom = true;
			return;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

/* The string built (the caller's), or NULL if an allocation failed. */
static char *
sb_finish(struct sbuf *b)
{
	if (b->oom || b->s == NULL) {
		free(b->s);
		return b->oom ? NULL : strdup("");
	}
	return b->s;
}

/* "&name=value" (the first with `*sep`, '?' or '&'), value encoded. */
static void
sb_param(struct sbuf *b, char *sep, const char *name, const char *value)
{
	char *enc = ds_url_query_value(value);
	char head[2] = {*sep, '\0'};

	if (enc == NULL) {
		b->oom = true;
		return;
	}
	sb_add(b, head);
	sb_add(b, name);
	sb_add(b, "=");
	sb_add(b, enc);
	free(enc);
	*sep = '&';
}

/* ---- links -------------------------------------------------------------- */

void
ds_page_link_here(const struct ds_page *p, struct ds_page_link *l)
{
	l->q = p->q;
	l->page = 1;
	l->hits = p->hits;
	l->sort = p->sort;
	l->drop = SIZE_MAX;
	l->add = NULL;
}

char *
ds_page_href(const struct ds_page *p, const struct ds_page_link *l)
{
	struct sbuf b = {NULL, 0, 0, false};
	char sep = strchr(p->base, '?') != NULL ? '&' : '?';
	unsigned page = l->page;
	char num[16];
	size_t i;

	if (p->max_page != 0 && page > p->max_page)
		page = p->max_page;
	sb_add(&b, p->base);
	if (l->q != NULL && *l->q)
		sb_param(&b, &sep, "q", l->q);
	if (page > 1) {
		snprintf(num, sizeof num, "%u", page);
		sb_param(&b, &sep, "page", num);
	}
	if (l->hits != p->default_hits) {
		snprintf(num, sizeof num, "%u", l->hits);
		sb_param(&b, &sep, "n", num);
	}
	for (i = 0; i < p->nfilters; i++)
		if (i != l->drop)
			sb_param(&b, &sep, "f", p->filters[i]);
	if (l->add != NULL)
		sb_param(&b, &sep, "f", l->add);
	if (l->sort == CGI_SORT_DATE)
		sb_param(&b, &sep, "sort", "date");
	if (p->db != NULL)
		sb_param(&b, &sep, "db", p->db);
	return sb_finish(&b);
}

/* ---- tree helpers ------------------------------------------------------- */

xmlNodePtr
ds_page_el(struct ds_page *p, xmlNodePtr parent, const char *name,
	   const char *cls)
{
	xmlNodePtr n = xmlNewDocNode(p->doc, NULL, BAD_CAST name, NULL);

	if (n == NULL)
		return NULL;
	if (xmlAddChild(parent, n) == NULL) {
		xmlFreeNode(n);
		return NULL;
	}
	if (cls != NULL && ds_page_attr(n, "class", cls) < 0)
		return NULL;
	return n;
}

int
ds_page_text(struct ds_page *p, xmlNodePtr parent, const char *s)
{
	char *clean = ds_text_html(s);
	xmlNodePtr t;

	if (clean == NULL)
		return -1;
	if (*clean == '\0') {
		free(clean);
		return 0;
	}
	t = xmlNewDocText(p->doc, BAD_CAST clean);
	free(clean);
	if (t == NULL)
		return -1;
	if (xmlAddChild(parent, t) == NULL) {
		xmlFreeNode(t);
		return -1;
	}
	return 0;
}

int
ds_page_attr(xmlNodePtr n, const char *name, const char *value)
{
	char *clean = ds_text_html(value);
	xmlAttrPtr a;

	if (clean == NULL)
		return -1;
	/* The value is stored as text: libxml2 escapes it when writing. */
	a = xmlSetProp(n, BAD_CAST name, BAD_CAST clean);
	free(clean);
	return a != NULL ? 0 : -1;
}

xmlNodePtr
ds_page_a(struct ds_page *p, xmlNodePtr parent, const struct ds_page_link *l,
	  const char *href, const char *text)
{
	char *made = l != NULL ? ds_page_href(p, l) : NULL;
	xmlNodePtr a;

	if (l != NULL && made == NULL)
		return NULL;
	if ((a = ds_page_el(p, parent, "a", NULL)) == NULL ||
	    ds_page_attr(a, "href", made != NULL ? made : href) < 0 ||
	    ds_page_text(p, a, text) < 0)
		a = NULL;
	free(made);
	return a;
}

int
ds_page_nl(struct ds_page *p, xmlNodePtr parent)
{
	xmlNodePtr t = xmlNewDocText(p->doc, BAD_CAST "\n");

	if (t == NULL)
		return -1;
	if (xmlAddChild(parent, t) == NULL) {
		xmlFreeNode(t);
		return -1;
	}
	return 0;
}

/* Remove all of n's children. */
static void
empty(xmlNodePtr n)
{
	xmlNodePtr c = n->children, next;

	for (; c != NULL; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
}

/* n's first child element called `name`, or NULL. */
static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		if (ds_page_is(c, name))
			return c;
	return NULL;
}

/* Put `n` (not in a tree) first among parent's children. */
static xmlNodePtr
prepend(xmlNodePtr parent, xmlNodePtr n)
{
	if (parent->children != NULL)
		return xmlAddPrevSibling(parent->children, n);
	return xmlAddChild(parent, n);
}

/* ---- the places every page has ------------------------------------------ */

static int
fill_site_name(struct ds_page *p, xmlNodePtr at)
{
	return ds_page_text(p, at, p->name) < 0 ? -1 : 1;
}

static int
fill_heading(struct ds_page *p, xmlNodePtr at)
{
	const char *h = p->kind == DS_PAGE_HELP	   ? "How to search"
			: p->kind == DS_PAGE_ERROR ? "Something went wrong"
						   : "Search results";

	return ds_page_text(p, at, h) < 0 ? -1 : 1;
}

/* <input type=hidden name=NAME value=VALUE> in form. */
static int
hidden(struct ds_page *p, xmlNodePtr form, const char *name, const char *value)
{
	xmlNodePtr in = ds_page_el(p, form, "input", NULL);

	return in == NULL || ds_page_attr(in, "type", "hidden") < 0 ||
			       ds_page_attr(in, "name", name) < 0 ||
			       ds_page_attr(in, "value", value) < 0 ||
			       ds_page_nl(p, form) < 0
		       ? -1
		       : 0;
}

/*
 * The search form: a labelled box holding the query, the request's
 * filters and other settings as hidden fields, so that a new query keeps
 * them, and a button.
 */
static int
fill_form(struct ds_page *p, xmlNodePtr at)
{
	xmlNodePtr form = at, n;
	char id[32], num[16];
	size_t i;

	if (!ds_page_is(at, "form") &&
	    (form = ds_page_el(p, at, "form", "search")) == NULL)
		return -1;
	/* No base URL: no action, and the form goes to the page's own. */
	if (*p->base == '\0')
		xmlUnsetProp(form, BAD_CAST "action");
	else if (ds_page_attr(form, "action", p->base) < 0)
		return -1;
	p->nforms++;
	if (p->nforms == 1)
		snprintf(id, sizeof id, "dossier-q");
	else
		snprintf(id, sizeof id, "dossier-q-%u", p->nforms);
	if (ds_page_attr(form, "method", "get") < 0 ||
	    ds_page_attr(form, "role", "search") < 0 || ds_page_nl(p, form) ||
	    (n = ds_page_el(p, form, "label", NULL)) == NULL ||
	    ds_page_attr(n, "for", id) < 0 ||
	    ds_page_text(p, n, "Search for") < 0 || ds_page_nl(p, form) < 0 ||
	    (n = ds_page_el(p, form, "input", NULL)) == NULL ||
	    ds_page_attr(n, "type", "search") < 0 ||
	    ds_page_attr(n, "id", id) < 0 || ds_page_attr(n, "name", "q") < 0 ||
	    ds_page_attr(n, "value", p->q) < 0 || ds_page_nl(p, form) < 0)
		return -1;
	for (i = 0; i < p->nfilters; i++)
		if (hidden(p, form, "f", p->filters[i]) < 0)
			return -1;
	snprintf(num, sizeof num, "%u", p->hits);
	if ((p->hits != p->default_hits && hidden(p, form, "n", num) < 0) ||
	    (p->sort == CGI_SORT_DATE && hidden(p, form, "sort", "date") < 0) ||
	    (p->db != NULL && hidden(p, form, "db", p->db) < 0))
		return -1;
	if ((n = ds_page_el(p, form, "button", NULL)) == NULL ||
	    ds_page_attr(n, "type", "submit") < 0 ||
	    ds_page_text(p, n, "Search") < 0 || ds_page_nl(p, form) < 0)
		return -1;
	return 1;
}

/* An error page's message, in an alert; a help page's optional line. */
static int
fill_message(struct ds_page *p, xmlNodePtr at)
{
	const char *msg = p->message;
	xmlNodePtr box = at, para;

	if (p->kind == DS_PAGE_ERROR) {
		if (msg == NULL || *msg == '\0')
			msg = "The search could not be run.";
		if ((box = ds_page_el(p, at, "div", NULL)) == NULL ||
		    ds_page_attr(box, "role", "alert") < 0)
			return -1;
	} else if (p->kind != DS_PAGE_HELP || msg == NULL || *msg == '\0') {
		return 0;
	}
	if ((para = ds_page_el(p, box, "p", NULL)) == NULL ||
	    ds_page_text(p, para, msg) < 0 || ds_page_nl(p, at) < 0)
		return -1;
	return 1;
}

/* How to search: the query language of search.c, with examples. */
static const struct {
	const char *examples[3];
	const char *what;
} help[] = {
	{{"pension reform"},
	 "Documents with any of the words; those with more of them, and "
	 "rarer ones, come first. Case does not matter, and each word also "
	 "finds its other forms: consult finds consultation and "
	 "consultations."},
	{{"\"local authority\""},
	 "The words next to each other, in this order."},
	{{"housing AND rent", "pensions OR annuities", "tax NOT vat"},
	 "Both words; either word; the first without the second. Operators "
	 "are written in capitals, and brackets group them: "
	 "(schools OR colleges) AND funding."},
	{{"+reform", "-draft"}, "The word must be there, or must not."},
	{{"consult*"}, "Every word that starts with consult."},
	{{"title:housing", "heading:findings", "author:smith"},
	 "The word in the title, in a section heading, or in the author's "
	 "name."},
	{{"publisher:treasury"}, "The word in the publisher's name."},
	{{"type:consultation"},
	 "Only documents of that type: report, consultation, guidance, "
	 "debate, legislation, minutes..."},
	{{"year:2014"}, "Only documents of that year."},
	{{"date:2012..2014", "date:2012-06..2013-06-30", "date:2014.."},
	 "Documents dated in the range, both ends included; either end may "
	 "be left out."},
	{{"hc:1234", "cm:8765", "isbn:9780101234567"},
	 "Documents carrying that House of Commons paper, Command paper or "
	 "ISBN."},
};

static int
fill_help(struct ds_page *p, xmlNodePtr at)
{
	xmlNodePtr dl, n;
	size_t i, k;

	if (p->kind != DS_PAGE_HELP)
		return 0;
	if ((n = ds_page_el(p, at, "p", NULL)) == NULL ||
	    ds_page_text(p, n,
			 "Type what you are looking for in the box and "
			 "press Search. For example:") < 0 ||
	    ds_page_nl(p, at) < 0 ||
	    (dl = ds_page_el(p, at, "dl", NULL)) == NULL ||
	    ds_page_nl(p, dl) < 0)
		return -1;
	for (i = 0; i < sizeof help / sizeof *help; i++) {
		if ((n = ds_page_el(p, dl, "dt", NULL)) == NULL)
			return -1;
		for (k = 0; k < 3 && help[i].examples[k] != NULL; k++) {
			xmlNodePtr code;

			if ((k > 0 && ds_page_text(p, n, ", ") < 0) ||
			    (code = ds_page_el(p, n, "code", NULL)) == NULL ||
			    ds_page_text(p, code, help[i].examples[k]) < 0)
				return -1;
		}
		if (ds_page_nl(p, dl) < 0 ||
		    (n = ds_page_el(p, dl, "dd", NULL)) == NULL ||
		    ds_page_text(p, n, help[i].what) < 0 ||
		    ds_page_nl(p, dl) < 0)
			return -1;
	}
	if (ds_page_nl(p, at) < 0 ||
	    (n = ds_page_el(p, at, "p", NULL)) == NULL ||
	    ds_page_text(p, n,
			 "A public body's name also finds its other "
			 "names: DWP finds the Department for Work and "
			 "Pensions.") < 0 ||
	    ds_page_nl(p, at) < 0)
		return -1;
	return 1;
}

/* ---- filling a page ----------------------------------------------------- */

static const struct {
	const char *name;
	int (*fill)(struct ds_page *p, xmlNodePtr at);
	bool results;	/* only on a results page */
	bool block;	/* holds blocks: its content starts on a line */
} places[] = {
	{"site-name", fill_site_name, false, false},
	{"heading", fill_heading, false, false},
	{"form", fill_form, false, false},
	{"message", fill_message, false, true},
	{"help", fill_help, false, true},
	{"summary", ds_page_summary, true, true},
	{"suggestion", ds_page_suggestion, true, true},
	{"results", ds_page_results, true, false},
	{"facets", ds_page_facets, true, false},
	{"sort", ds_page_sort, true, true},
	{"pagination", ds_page_pagination, true, false},
};

#define NPLACES (sizeof places / sizeof *places)

/* The index in places[] of the place n marks, or NPLACES. */
static size_t
place_of(const xmlNode *n)
{
	xmlChar *name;
	size_t i = NPLACES;

	if (n->type != XML_ELEMENT_NODE ||
	    (name = xmlGetProp(n, BAD_CAST DS_PAGE_PLACE_ATTR)) == NULL)
		return NPLACES;
	for (i = 0; i < NPLACES; i++)
		if (strcmp((const char *)name, places[i].name) == 0)
			break;
	xmlFree(name);
	return i;
}

/* Whether n is white space between elements, with a line break. */
static bool
is_line_break(const xmlNode *n)
{
	const xmlChar *c;

	if (n == NULL || n->type != XML_TEXT_NODE || n->content == NULL ||
	    strchr((const char *)n->content, '\n') == NULL)
		return false;
	for (c = n->content; *c; c++)
		if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
			return false;
	return true;
}

/*
 * Fill every place under root, in document order; a place's own content
 * is replaced, so the walk goes on after it.
 */
static int
fill_places(struct ds_page *p, xmlNodePtr root)
{
	xmlNodePtr n = root->children, next;
	bool results = p->kind == DS_PAGE_RESULTS && p->r != NULL;
	size_t i;
	int rc;

	while (n != NULL) {
		if ((i = place_of(n)) == NPLACES) {
			n = ds_page_next(n, root, true);
			continue;
		}
		next = ds_page_next(n, root, false);
		empty(n);
		xmlUnsetProp(n, BAD_CAST DS_PAGE_PLACE_ATTR);
		if (places[i].block && ds_page_nl(p, n) < 0)
			return -1;
		rc = places[i].results && !results ? 0 : places[i].fill(p, n);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			/* and the line it was on */
			if (is_line_break(n->prev)) {
				xmlNodePtr br = n->prev;

				xmlUnlinkNode(br);
				xmlFreeNode(br);
			}
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
		n = next;
	}
	return 0;
}

/* Whether n is a <meta http-equiv="Content-Type">. */
static bool
is_content_type(xmlNodePtr n)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST "http-equiv");
	bool yes = v != NULL && xmlStrcasecmp(v, BAD_CAST "content-type") == 0;

	xmlFree(v);
	return yes;
}

/* Append <link rel=REL href=HREF> (and type, title) to head. */
static int
head_link(struct ds_page *p, xmlNodePtr head, const char *rel, const char *type,
	  const char *href, const char *title)
{
	xmlNodePtr l = ds_page_el(p, head, "link", NULL);

	return l == NULL || ds_page_attr(l, "rel", rel) < 0 ||
			       (type != NULL &&
				ds_page_attr(l, "type", type) < 0) ||
			       ds_page_attr(l, "href", href) < 0 ||
			       (title != NULL &&
				ds_page_attr(l, "title", title) < 0) ||
			       ds_page_nl(p, head) < 0
		       ? -1
		       : 0;
}

/*
 * The head: one meta charset saying UTF-8 (the bytes written are UTF-8
 * whatever the template said), the title, the stylesheet and the
 * OpenSearch description.
 */
static int
fill_head(struct ds_page *p, xmlNodePtr html)
{
	xmlNodePtr head = child(html, "head"), n, next, meta = NULL, title;
	char *s = NULL, *href = NULL;
	struct sbuf b = {NULL, 0, 0, false};
	int rc = -1;

	if (head == NULL) {
		if ((head = xmlNewDocNode(p->doc, NULL, BAD_CAST "head",
					  NULL)) == NULL)
			return -1;
		if (prepend(html, head) == NULL) {
			xmlFreeNode(head);
			return -1;
		}
	}
	/* Keep the first meta charset; drop the others and Content-Type. */
	for (n = head->children; n != NULL; n = next) {
		next = n->next;
		if (!ds_page_is(n, "meta"))
			continue;
		if (meta == NULL && xmlHasProp(n, BAD_CAST "charset")) {
			meta = n;
		} else if (xmlHasProp(n, BAD_CAST "charset") ||
			   is_content_type(n)) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
	}
	if (meta == NULL) {
		if ((meta = xmlNewDocNode(p->doc, NULL, BAD_CAST "meta",
					  NULL)) == NULL)
			return -1;
		if (prepend(head, meta) == NULL) {
			xmlFreeNode(meta);
			return -1;
		}
	}
	if (ds_page_attr(meta, "charset", "utf-8") < 0)
		return -1;

	if ((title = child(head, "title")) == NULL &&
	    (title = ds_page_el(p, head, "title", NULL)) == NULL)
		goto out;
	empty(title);
	if (p->kind == DS_PAGE_ERROR)
		sb_add(&b, "Error \xe2\x80\x93 ");
	else if (p->kind == DS_PAGE_RESULTS && *p->q) {
		sb_add(&b, p->q);
		sb_add(&b, " \xe2\x80\x93 ");
	}
	sb_add(&b, p->name);
	if ((s = sb_finish(&b)) == NULL || ds_page_text(p, title, s) < 0)
		goto out;
	free(s);
	s = NULL;

	if (p->site->stylesheet != NULL && *p->site->stylesheet) {
		if ((s = ds_url_safe(p->site->stylesheet)) == NULL ||
		    head_link(p, head, "stylesheet", NULL, s, NULL) < 0)
			goto out;
	}
	b = (struct sbuf){NULL, 0, 0, false};
	sb_add(&b, p->base);
	{
		char sep = strchr(p->base, '?') != NULL ? '&' : '?';

		sb_param(&b, &sep, "fmt", "opensearch");
		if (p->db != NULL)
			sb_param(&b, &sep, "db", p->db);
	}
	if ((href = sb_finish(&b)) == NULL ||
	    head_link(p, head, "search",
		      "application/opensearchdescription+xml", href,
		      p->name) < 0)
		goto out;
	rc = 0;
out:
	free(s);
	free(href);
	return rc;
}

/* The page written as HTML, UTF-8 as it is, to out. */
static int
write_page(FILE *out, xmlDocPtr doc, struct ds_error *err)
{
	xmlOutputBufferPtr buf = xmlAllocOutputBuffer(NULL);
	const xmlChar *bytes;
	size_t size;
	int rc;

	if (buf == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	/* No encoder: the tree's UTF-8 goes out as it is. */
	htmlDocContentDumpFormatOutput(buf, doc, NULL, 0);
	if (buf->error != 0 ||
	    (bytes = xmlOutputBufferGetContent(buf)) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}
	size = xmlOutputBufferGetSize(buf);
	rc = 0;
	if (fwrite(bytes, 1, size, out) != size || fflush(out) != 0 ||
	    ferror(out))
		rc = ds_error_set(err, DS_EIO, "writing the page failed");
out:
	xmlOutputBufferClose(buf);
	return rc;
}

static void
page_release(struct ds_page *p)
{
	size_t i;

	xmlFreeDoc(p->doc);
	free(p->q);
	for (i = 0; i < p->nfilters; i++)
		free(p->filters[i]);
	free(p->base);
	free(p->db);
}

int
ds_page_render(FILE *out, const struct ds_page_template *tpl,
	       const struct ds_page_site *site, enum ds_page_kind kind,
	       const struct cgi_params *req, const struct ds_results *r,
	       const char *message, struct ds_error *err)
{
	struct ds_page p;
	xmlNodePtr html;
	size_t i;
	int rc = DS_ENOMEM;

	memset(&p, 0, sizeof p);
	p.site = site;
	p.kind = kind;
	p.r = kind == DS_PAGE_RESULTS ? r : NULL;
	p.message = message;
	p.name = site->name != NULL && *site->name ? site->name : "Dossier";
	p.default_hits = site->default_hits != 0 ? site->default_hits : 10;
	p.max_page = site->max_page;
	p.page = req != NULL && req->page != 0 ? req->page : 1;
	p.hits = req != NULL && req->hits != 0 ? req->hits : p.default_hits;
	p.sort = req != NULL ? req->sort : CGI_SORT_RELEVANCE;
	if ((p.q = ds_text_html(req != NULL && req->q != NULL ? req->q : "")) ==
		    NULL ||
	    (p.base = ds_url_safe(site->base_url ? site->base_url : "")) ==
		    NULL ||
	    (site->db != NULL && *site->db &&
	     (p.db = ds_text_html(site->db)) == NULL))
		goto out;
	for (i = 0; req != NULL && i < req->nfilters && i < CGI_MAX_FILTERS;
	     i++) {
		if (req->filters[i] == NULL)
			continue;
		if ((p.filters[p.nfilters] = ds_text_html(req->filters[i])) ==
		    NULL)
			goto out;
		p.nfilters++;
	}
	if ((p.doc = ds_page_template_doc(tpl)) == NULL ||
	    (html = xmlDocGetRootElement(p.doc)) == NULL ||
	    fill_places(&p, html) < 0 || fill_head(&p, html) < 0)
		goto out;
	if (site->lang != NULL && *site->lang) {
		if (ds_page_attr(html, "lang", site->lang) < 0)
			goto out;
	} else if (!xmlHasProp(html, BAD_CAST "lang") &&
		   ds_page_attr(html, "lang", "en") < 0) {
		goto out;
	}
	rc = write_page(out, p.doc, err);
out:
	if (rc == DS_ENOMEM)
		ds_error_set(err, DS_ENOMEM, "out of memory");
	page_release(&p);
	return rc;
}

/* ---- OpenSearch --------------------------------------------------------- */

/* s cleaned and cut to at most `max` characters; NULL when out of memory. */
static char *
cut_chars(const char *s, size_t max)
{
	char *clean = ds_text_xml(s);
	size_t i = 0, len, n, k;
	uint32_t cp;

	if (clean == NULL)
		return NULL;
	len = strlen(clean);
	for (k = 0; k < max && i < len; k++) {
		if ((n = ds_utf8_decode(clean + i, len - i, &cp)) == 0)
			break;	/* cannot happen: clean is valid */
		i += n;
	}
	clean[i] = '\0';
	return clean;
}

/* <Url type=TYPE [rel=REL] template=BASE?PARAMS>, with db= when set. */
static int
put_url(xmlTextWriterPtr w, const char *base, const char *db, const char *type,
	const char *rel, const char *params)
{
	struct sbuf b = {NULL, 0, 0, false};
	char sep = '&';
	char *t;
	int rc;

	sb_add(&b, base);
	sb_add(&b, strchr(base, '?') != NULL ? "&" : "?");
	sb_add(&b, params);
	if (db != NULL)
		sb_param(&b, &sep, "db", db);
	if ((t = sb_finish(&b)) == NULL)
		return -1;
	rc = xmlTextWriterStartElement(w, BAD_CAST "Url") < 0 ||
			     xmlTextWriterWriteAttribute(w, BAD_CAST "type",
							 BAD_CAST type) < 0 ||
			     (rel != NULL &&
			      xmlTextWriterWriteAttribute(w, BAD_CAST "rel",
							  BAD_CAST rel) < 0) ||
			     xmlTextWriterWriteAttribute(w, BAD_CAST "template",
							 BAD_CAST t) < 0 ||
			     xmlTextWriterEndElement(w) < 0
		     ? -1
		     : 0;
	free(t);
	return rc;
}

/* The description document into w. */
static int
put_opensearch(xmlTextWriterPtr w, const struct ds_page_site *site)
{
	const xmlChar *root = BAD_CAST "OpenSearchDescription";
	const char *name =
		site->name != NULL && *site->name ? site->name : "Dossier";
	char *shortname = NULL, *search = NULL, *desc = NULL, *base = NULL;
	char *db = NULL, *lang = NULL;
	struct sbuf b = {NULL, 0, 0, false};
	int rc = -1;

	sb_add(&b, "Search ");
	sb_add(&b, name);
	/* OpenSearch 1.1: at most 16 characters, and 1024. */
	if ((search = sb_finish(&b)) == NULL ||
	    (shortname = cut_chars(name, 16)) == NULL ||
	    (desc = cut_chars(search, 1024)) == NULL ||
	    (base = ds_url_safe(site->base_url ? site->base_url : "")) ==
		    NULL ||
	    (site->db != NULL && *site->db &&
	     (db = ds_text_xml(site->db)) == NULL) ||
	    (lang = ds_text_xml(site->lang != NULL && *site->lang
					? site->lang
					: "en")) == NULL)
		goto out;
	if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, root) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
					BAD_CAST OPENSEARCH_NS) < 0 ||
	    xmlTextWriterWriteElement(w, BAD_CAST "ShortName",
				      BAD_CAST shortname) < 0 ||
	    xmlTextWriterWriteElement(w, BAD_CAST "Description",
				      BAD_CAST desc) < 0 ||
	    xmlTextWriterWriteElement(w, BAD_CAST "InputEncoding",
				      BAD_CAST "UTF-8") < 0 ||
	    xmlTextWriterWriteElement(w, BAD_CAST "OutputEncoding",
				      BAD_CAST "UTF-8") < 0 ||
	    xmlTextWriterWriteElement(w, BAD_CAST "Language",
				      BAD_CAST lang) < 0 ||
	    put_url(w, base, db, "text/html", NULL, "q={searchTerms}") < 0 ||
	    put_url(w, base, db, "application/atom+xml", NULL,
		    "q={searchTerms}&fmt=atom") < 0 ||
	    put_url(w, base, db, "application/opensearchdescription+xml",
		    "self", "fmt=opensearch") < 0 ||
	    xmlTextWriterEndDocument(w) < 0)
		goto out;
	rc = 0;
out:
	free(search);
	free(shortname);
	free(desc);
	free(base);
	free(db);
	free(lang);
	return rc;
}

int
ds_page_opensearch(FILE *out, const struct ds_page_site *site,
		   struct ds_error *err)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	int rc;

	if (w == NULL || xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0 ||
	    put_opensearch(w, site) < 0 || xmlTextWriterFlush(w) < 0) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}
	rc = 0;
	if (fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf),
		   out) != (size_t)xmlBufferLength(buf) ||
	    fflush(out) != 0 || ferror(out))
		rc = ds_error_set(err, DS_EIO,
				  "writing the OpenSearch description failed");
out:
	if (w != NULL)
		xmlFreeTextWriter(w);
	if (buf != NULL)
		xmlBufferFree(buf);
	return rc;
}
