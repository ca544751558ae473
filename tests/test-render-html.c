/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-render-html.c: dossier.cgi's pages (src/render-html.h) on results
 * and requests made by hand, with hostile strings everywhere: a query
 * that closes the attribute and opens a script, titles holding an <img>
 * with an onerror handler, snippets holding "</mark><script>" inside the
 * marks, javascript: and data: URLs, an anchor with quotes and spaces,
 * an ampersand, invalid UTF-8, control characters, a facet value, a
 * suggestion and an expansion with '<'.
 *
 * Each page, made with the built-in template and with templates written
 * to files, is parsed back with libxml2's HTML parser and walked: it must
 * parse without an error, hold no "<script" anywhere, no element or
 * attribute that neither the template nor the renderer makes (no img, no
 * on* handler), no href that is not one of the CGI's links, http:,
 * https:, file: or a fragment; and the hostile strings must be there as
 * text.  Then what each place shows: marks, the title's link and its
 * anchor, pagination, facets adding and removing filters, links keeping
 * only parameters that are not defaults, the help and error pages, the
 * OpenSearch description, loading templates, a full disk.  Also the
 * helpers: ds_url_query_value and ds_text_html.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "render-html.h"
#include "render.h"
#include "testutil.h"
#include "url.h"
#include "utf8.h"

#define BASE "/cgi-bin/dossier.cgi"

#define QUERY "\"><script>alert(1)</script>"
#define TITLE_IMG "<img src=x onerror=alert(1)>"
#define INSIDE_MARK "</mark><script>alert(2)</script>"
#define PUBLISHER "Smith & Jones <Ltd>"
#define FACET_VALUE "Audit <Office>"
#define SUGGESTION "audit <b>"
#define ALTERNATIVE "work & <pensions>"
#define MESSAGE "bad <script>alert(3)</script> request"

/* ---- the results ------------------------------------------------------- */

static struct ds_hit_ident idents[] = {
	{"hc", "1234", "2013-14", "HC 1234 (2013-14) <i>"},
};

static struct ds_snippet snippets0[] = {
	{"before \x02" "audit\x03 then \x02" INSIDE_MARK "\x03 after", 2,
	 "Part 1 > Findings", "sec \"one\" two 50%&x", "Lord <b>Smith</b>"},
	{"second \x02" "passage\x03", 5, NULL, NULL, NULL},
};

static struct ds_snippet snippets1[] = {
	{"a \x02" "javascript\x03 link", 0, "Heading", "h", NULL},
};

static struct ds_snippet snippets2[] = {
	/* marks that do not pair up */
	{"\x03stray end \x02open \x02twice\x03 closed \x02", 0, NULL, NULL,
	 NULL},
};

static struct ds_hit hits[] = {
	{
		.rank = 21, .docid = 1, .percent = 100, .weight = 4.0,
		.id = "nao/report.html",
		.title = TITLE_IMG,
		.url = "https://example.org/r?a=1&b=\"2\"#old",
		.date = "2014-06-30",
		.publisher = PUBLISHER,
		.type = "report",
		.identifiers = idents, .nidentifiers = 1,
		.snippets = snippets0, .nsnippets = 2,
		.duplicates = 2,
	},
	{
		.rank = 22, .docid = 2, .percent = 90, .weight = 3.0,
		.id = "evil.html",
		.title = "Evil link",
		.url = "JavaScript:alert(document.cookie)",
		.date = "\"><script>",
		.snippets = snippets1, .nsnippets = 1,
	},
	{
		.rank = 23, .docid = 3, .percent = 80, .weight = 2.0,
		.id = "bytes.html",
		.title = "Bad \xff bytes\x01 here\x7f\xc2\x85",
		.url = "data:text/html,<script>alert(4)</script>",
		.description = "A description & more",
	},
	{
		.rank = 24, .docid = 4, .percent = 70, .weight = 1.0,
		.id = "/srv/docs/act.xml",
		.title = "Local act",
		.path = "/srv/docs/act.xml",
		.url = "file:///srv/docs/act.xml",
		.date = "2012-06",
		.snippets = snippets2, .nsnippets = 1,
	},
};

#define NHITS (sizeof hits / sizeof hits[0])

static struct ds_facet_count publishers[] = {
	{FACET_VALUE, 12},
	{"National Audit Office", 7},
};

static struct ds_facet_count years[] = {
	{"2014", 9},
};

static struct ds_facet facets[] = {
	{"publisher", publishers, 2},
	{"type", NULL, 0},
	{"year", years, 1},
};

static char *alternatives[] = {ALTERNATIVE, "dwp"};

static struct ds_expansion expansions[] = {
	{"DWP<", alternatives, 2},
};

/* Page 3 of 10: 100 matches, 10 a page, hits 21 to 24 shown. */
static struct ds_results results = {
	.query = QUERY,
	.offset = 20,
	.estimated = 100, .lower_bound = 90, .upper_bound = 120,
	.doccount = 500,
	.suggestion = SUGGESTION,
	.expansions = expansions, .nexpansions = 1,
	.facets = facets, .nfacets = 3,
	.hits = hits, .nhits = NHITS,
};

static struct ds_results none = {
	.query = "nothing",
};

static const struct ds_page_site site = {
	.name = "Policy <Library> & Co",
	.base_url = BASE,
	.db = NULL,
	.stylesheet = "/css/dossier.css",
	.lang = "en-GB",
	.max_page = 1000,
	.default_hits = 10,
};

/* The request of a results page: QUERY, page 3, one filter. */
static void
request(struct cgi_params *req)
{
	memset(req, 0, sizeof *req);
	req->q = QUERY;
	req->page = 3;
	req->hits = 10;
	req->filters[0] = "type:report";
	req->nfilters = 1;
}

/* ---- rendering and parsing back ----------------------------------------- */

struct page {
	char *html;
	size_t len;
	htmlDocPtr doc;
	xmlNodePtr root;
};

/* Errors of libxml2's HTML parser, counted. */
static int parse_errors;

/* The HTML5 elements libxml2 2.9's HTML 4 table does not know. */
static const char *const html5[] = {
	"header", "footer", "main", "nav", "aside", "section", "article",
	"mark", "time", NULL,
};

static bool
in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcasecmp(list[i], s) == 0)
			return true;
	return false;
}

static void
on_parse_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (e->code == XML_HTML_UNKNOWN_TAG && e->str1 != NULL &&
	    in_list(html5, e->str1))
		return;
	parse_errors++;
	print_message("parse error %d at line %d: %s", e->code, e->line,
		      e->message);
}

/* Parse buf as HTML, asserting no error. */
static htmlDocPtr
parse_html(const char *buf, size_t len)
{
	htmlDocPtr doc;

	parse_errors = 0;
	xmlSetStructuredErrorFunc(NULL, on_parse_error);
	doc = htmlReadMemory(buf, (int)len, NULL, "UTF-8", HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	assert_non_null(doc);
	assert_int_equal(parse_errors, 0);
	return doc;
}

/* Render a page into pg and parse it back. */
static void
render(struct page *pg, const struct ds_page_template *tpl,
       const struct ds_page_site *s, enum ds_page_kind kind,
       const struct cgi_params *req, const struct ds_results *r,
       const char *message)
{
	struct ds_error err = {0, ""};
	FILE *f;

	memset(pg, 0, sizeof *pg);
	f = open_memstream(&pg->html, &pg->len);
	assert_non_null(f);
	assert_int_equal(ds_page_render(f, tpl, s, kind, req, r, message,
					&err),
			 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(pg->html);
	assert_true(ds_utf8_valid(pg->html, pg->len));
	assert_int_equal(strlen(pg->html), pg->len);
	assert_true(strncmp(pg->html, "<!DOCTYPE html>\n", 16) == 0);
	pg->doc = parse_html(pg->html, pg->len);
	pg->root = xmlDocGetRootElement(pg->doc);
	assert_non_null(pg->root);
}

static void
page_free(struct page *pg)
{
	xmlFreeDoc(pg->doc);
	free(pg->html);
}

/* The next node in document order under top. */
static xmlNodePtr
next_node(xmlNodePtr n, xmlNodePtr top)
{
	if (n->children != NULL)
		return n->children;
	while (n != NULL && n != top) {
		if (n->next != NULL)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

static bool
is_el(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	       strcasecmp((const char *)n->name, name) == 0;
}

/* Whether element n has attribute `attr` equal to `value` (any: NULL). */
static bool
has_attr(xmlNodePtr n, const char *attr, const char *value)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST attr);
	bool yes = v != NULL &&
		   (value == NULL || strcmp((const char *)v, value) == 0);

	xmlFree(v);
	return yes;
}

/* The text of n (all of it, entities decoded); the caller frees. */
static char *
text_of(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s;

	assert_non_null(c);
	s = strdup((const char *)c);
	xmlFree(c);
	assert_non_null(s);
	return s;
}

/* Whether n's text is exactly s. */
static bool
text_is(xmlNodePtr n, const char *s)
{
	char *t = text_of(n);
	bool yes = strcmp(t, s) == 0;

	free(t);
	return yes;
}

/* Whether n's text holds s. */
static bool
text_has(xmlNodePtr n, const char *s)
{
	char *t = text_of(n);
	bool yes = strstr(t, s) != NULL;

	free(t);
	return yes;
}

/* The first element under top called `name` (NULL: any) with attr=value
   (attr NULL: any; value NULL: any) whose text holds `text` (NULL: any),
   or NULL. */
static xmlNodePtr
find(xmlNodePtr top, const char *name, const char *attr, const char *value,
     const char *text)
{
	xmlNodePtr n;

	for (n = top; n != NULL; n = next_node(n, top))
		if (n->type == XML_ELEMENT_NODE &&
		    (name == NULL || is_el(n, name)) &&
		    (attr == NULL || has_attr(n, attr, value)) &&
		    (text == NULL || text_has(n, text)))
			return n;
	return NULL;
}

/* How many elements under top are called `name`. */
static size_t
count(xmlNodePtr top, const char *name)
{
	xmlNodePtr n;
	size_t k = 0;

	for (n = top; n != NULL; n = next_node(n, top))
		if (is_el(n, name))
			k++;
	return k;
}

/* The href of the link under top whose text is exactly `text`, or NULL
   (the caller frees). */
static char *
href_of(xmlNodePtr top, const char *text)
{
	xmlNodePtr n;

	for (n = top; n != NULL; n = next_node(n, top))
		if (is_el(n, "a") && text_is(n, text))
			return (char *)xmlGetProp(n, BAD_CAST "href");
	return NULL;
}

/* What the renderer makes. */
static const char *const made_elements[] = {
	"head", "meta", "title", "link", "a", "p", "ol", "ul", "li", "h2",
	"mark", "span", "strong", "time", "q", "form", "label", "input",
	"button", "div", "nav", "code", "dl", "dt", "dd", NULL,
};

static const char *const made_attributes[] = {
	"href", "class", "rel", "type", "title", "charset", "action",
	"method", "role", "for", "id", "name", "value", "start", "datetime",
	"aria-current", "aria-label", "lang", NULL,
};

/* The built-in template's elements and attributes. */
static const char *const builtin_elements[] = {
	"html", "head", "meta", "title", "body", "a", "header", "p", "form",
	"div", "main", "h1", "nav", "aside", "footer", NULL,
};

static const char *const builtin_attributes[] = {
	"lang", "charset", "name", "content", "class", "href", "id",
	"aria-label", NULL,
};

/*
 * What every page must be, whatever the template (whose elements and
 * attributes are `elements` and `attributes`): no script, nothing the
 * template and the renderer do not make, links only to the CGI, http:,
 * https:, file: or a fragment, no place attribute left.
 */
static void
check_safe(const struct page *pg, const char *const *elements,
	   const char *const *attributes)
{
	xmlNodePtr n;
	size_t i;

	for (i = 0; i + 7 <= pg->len; i++)
		assert_false(strncasecmp(pg->html + i, "<script", 7) == 0);
	for (n = pg->root; n != NULL; n = next_node(n, pg->root)) {
		xmlAttrPtr a;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!in_list(elements, (const char *)n->name) &&
		    !in_list(made_elements, (const char *)n->name))
			fail_msg("element <%s> made from input", n->name);
		for (a = n->properties; a != NULL; a = a->next) {
			const char *name = (const char *)a->name;
			char *v;

			assert_false(strncasecmp(name, "on", 2) == 0);
			if (strcmp(name, "data-dossier") == 0)
				continue;	/* checked below */
			if (!in_list(attributes, name) &&
			    !in_list(made_attributes, name))
				fail_msg("attribute %s on <%s> from input",
					 name, n->name);
			if (strcmp(name, "href") != 0 &&
			    strcmp(name, "action") != 0)
				continue;
			v = (char *)xmlGetProp(n, a->name);
			assert_non_null(v);
			if (strncmp(v, BASE "?", sizeof BASE) != 0 &&
			    strcmp(v, BASE) != 0 &&
			    strncmp(v, "http:", 5) != 0 &&
			    strncmp(v, "https:", 6) != 0 &&
			    strncmp(v, "file:", 5) != 0 && v[0] != '#' &&
			    strcmp(v, "/css/dossier.css") != 0)
				fail_msg("%s=\"%s\"", name, v);
			assert_null(strchr(v, ' '));
			assert_null(strchr(v, '"'));
			assert_null(strchr(v, '<'));
			xmlFree(v);
		}
	}
}

/* ---- the helpers ------------------------------------------------------- */

static void
test_url_query_value(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"", ""},
		{"AZaz09-._~", "AZaz09-._~"},
		{"a b", "a%20b"},
		{"a+b&c=d#e?f/g:h", "a%2Bb%26c%3Dd%23e%3Ff%2Fg%3Ah"},
		{"\"<>'%", "%22%3C%3E%27%25"},
		{"caf\xc3\xa9", "caf%C3%A9"},
		{"\xff\x01\n", "%FF%01%0A"},
		{"publisher:National Audit Office",
		 "publisher%3ANational%20Audit%20Office"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = ds_url_query_value(cases[i].in);

		assert_non_null(s);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
test_text_html(void **state)
{
	static const struct {
		const char *in, *xml, *html;
	} cases[] = {
		{"plain <b> & \"q\"", "plain <b> & \"q\"",
		 "plain <b> & \"q\""},
		{"tab\tlf\ncr\r", "tab\tlf\ncr\r", "tab\tlf\ncr\r"},
		{"nul\x01\x02\x03\x1f.", "nul.", "nul."},
		{"bad \xff byte", "bad \xef\xbf\xbd byte",
		 "bad \xef\xbf\xbd byte"},
		{"del\x7f c1\xc2\x85 nel", "del\x7f c1\xc2\x85 nel",
		 "del c1 nel"},
		{"nc\xef\xb7\x90 \xef\xbf\xbe\xef\xbf\xbf.",
		 "nc\xef\xb7\x90 .", "nc ."},
		{"astral \xf0\x9f\xbf\xbe ok \xf0\x9f\x98\x80",
		 "astral \xf0\x9f\xbf\xbe ok \xf0\x9f\x98\x80",
		 "astral  ok \xf0\x9f\x98\x80"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *x = ds_text_xml(cases[i].in);
		char *h = ds_text_html(cases[i].in);

		assert_non_null(x);
		assert_non_null(h);
		assert_string_equal(x, cases[i].xml);
		assert_string_equal(h, cases[i].html);
		free(x);
		free(h);
	}
}

/* ---- the built-in template ---------------------------------------------- */

static void
test_results_safe(void **state)
{
	struct cgi_params req;
	struct page pg;
	xmlNodePtr n;

	(void)state;
	request(&req);
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	check_safe(&pg, builtin_elements, builtin_attributes);

	/* The hostile strings are there, as text. */
	assert_non_null(n = find(pg.root, "h2", NULL, NULL, TITLE_IMG));
	assert_true(text_is(n, TITLE_IMG));
	assert_non_null(find(pg.root, "span", "class", "publisher",
			     PUBLISHER));
	assert_non_null(find(pg.root, "q", NULL, NULL, QUERY));
	assert_non_null(n = find(pg.root, "input", "name", "q", NULL));
	assert_true(has_attr(n, "value", QUERY));
	assert_true(has_attr(n, "type", "search"));
	assert_non_null(find(pg.root, "p", "class", "also", ALTERNATIVE));
	assert_non_null(find(pg.root, "p", "class", "also", "DWP<"));
	assert_non_null(find(pg.root, "a", NULL, NULL, FACET_VALUE));
	assert_non_null(find(pg.root, "a", NULL, NULL, SUGGESTION));
	assert_non_null(find(pg.root, "span", "class", "speaker",
			     "Lord <b>Smith</b>"));
	assert_non_null(find(pg.root, "span", "class", "ident",
			     "HC 1234 (2013-14) <i>"));
	assert_non_null(find(pg.root, "span", "class", "date", "\"><script>"));
	assert_non_null(find(pg.root, "p", "class", "passage",
			     "A description & more"));
	/* Invalid UTF-8 repaired, control characters, DEL and C1 gone. */
	assert_non_null(find(pg.root, "h2", NULL, NULL,
			     "Bad \xef\xbf\xbd bytes here"));
	assert_true(text_is(find(pg.root, "h2", NULL, NULL, "Bad "),
			    "Bad \xef\xbf\xbd bytes here"));
	assert_null(memchr(pg.html, '\x01', pg.len));
	assert_null(memchr(pg.html, '\x02', pg.len));
	assert_null(memchr(pg.html, '\x7f', pg.len));
	assert_null(strstr(pg.html, "\xc2\x85"));

	/* The title and the site's name in the head. */
	assert_non_null(n = find(pg.root, "title", NULL, NULL, NULL));
	assert_true(text_is(n, QUERY " \xe2\x80\x93 Policy <Library> & Co"));
	assert_true(has_attr(pg.root, "lang", "en-GB"));
	assert_non_null(find(pg.root, "p", "class", "site-name",
			     "Policy <Library> & Co"));
	page_free(&pg);
}

static void
test_results_links(void **state)
{
	struct cgi_params req;
	struct page pg;
	xmlNodePtr n;
	char *s;

	(void)state;
	request(&req);
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);

	/* A title links to the URL's first passage, the anchor encoded. */
	assert_non_null(n = find(pg.root, "h2", NULL, NULL, TITLE_IMG));
	assert_non_null(n = find(n, "a", NULL, NULL, NULL));
	assert_true(has_attr(n, "href",
			     "https://example.org/r?a=1&b=%222%22"
			     "#sec%20%22one%22%20two%2050%25%26x"));
	/* ... and so does the breadcrumb of a passage with an anchor. */
	assert_non_null(n = find(pg.root, "p", "class", "where",
				 "Part 1 > Findings"));
	assert_non_null(find(n, "a", "href",
			     "https://example.org/r?a=1&b=%222%22"
			     "#sec%20%22one%22%20two%2050%25%26x",
			     NULL));
	/* A file: URL is a link, with no anchor to add. */
	assert_non_null(s = href_of(pg.root, "Local act"));
	assert_string_equal(s, "file:///srv/docs/act.xml");
	xmlFree(s);

	/* javascript: and data: are no links: titles as text. */
	assert_null(href_of(pg.root, "Evil link"));
	assert_non_null(n = find(pg.root, "h2", NULL, NULL, "Evil link"));
	assert_null(find(n, "a", NULL, NULL, NULL));
	assert_null(find(pg.root, "p", "class", "where", "Heading")
			    ->children->next);
	assert_null(find(find(pg.root, "p", "class", "where", "Heading"),
			 "a", NULL, NULL, NULL));
	assert_non_null(n = find(pg.root, "h2", NULL, NULL, "Bad "));
	assert_null(find(n, "a", NULL, NULL, NULL));
	assert_null(strcasestr(pg.html, "href=\"javascript"));
	assert_null(strcasestr(pg.html, "href=\"data:"));

	/* The hits are numbered from the page's first. */
	assert_non_null(n = find(pg.root, "ol", "class", "results", NULL));
	assert_true(has_attr(n, "start", "21"));
	assert_int_equal(count(n, "li"), NHITS);
	page_free(&pg);
}

static void
test_marks(void **state)
{
	struct cgi_params req;
	struct page pg;
	xmlNodePtr p, m;

	(void)state;
	request(&req);
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_non_null(p = find(pg.root, "p", "class", "passage", "before"));
	assert_true(text_is(p, "Lord <b>Smith</b>: before audit then "
			       INSIDE_MARK " after"));
	assert_int_equal(count(p, "mark"), 2);
	m = find(p, "mark", NULL, NULL, NULL);
	assert_true(text_is(m, "audit"));
	m = find(p, "mark", NULL, NULL, INSIDE_MARK);
	assert_non_null(m);
	assert_true(text_is(m, INSIDE_MARK));
	assert_null(m->children->next);	/* one text node, no element */
	assert_non_null(find(pg.root, "mark", NULL, NULL, "passage"));

	/* Unpaired marks: a stray end dropped, a second start ignored,
	   an empty mark at the end not kept. */
	assert_non_null(p = find(pg.root, "p", "class", "passage", "stray"));
	assert_true(text_is(p, "stray end open twice closed "));
	assert_int_equal(count(p, "mark"), 1);
	assert_true(text_is(find(p, "mark", NULL, NULL, NULL), "open twice"));
	page_free(&pg);
}

static void
test_pagination(void **state)
{
	struct cgi_params req;
	struct page pg;
	xmlNodePtr nav, n;
	char *s;

	(void)state;
	request(&req);
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_non_null(nav = find(pg.root, "nav", "aria-label", "Pages",
				   NULL));
	/* Page 3 of 10: 1, 2, [3], 4 ... 9, previous and next. */
	assert_non_null(s = href_of(nav, "2"));
	assert_string_equal(s, BASE "?q=%22%3E%3Cscript%3Ealert%281%29%3C%2F"
				    "script%3E&page=2&f=type%3Areport");
	xmlFree(s);
	assert_non_null(s = href_of(nav, "4"));
	assert_non_null(strstr(s, "&page=4&"));
	xmlFree(s);
	assert_non_null(s = href_of(nav, "Previous"));
	assert_non_null(strstr(s, "&page=2&"));
	xmlFree(s);
	assert_non_null(s = href_of(nav, "Next"));
	assert_non_null(strstr(s, "&page=4&"));
	xmlFree(s);
	assert_non_null(s = href_of(nav, "1"));
	assert_null(strstr(s, "page="));	/* page 1 is the default */
	xmlFree(s);
	assert_non_null(s = href_of(nav, "9"));
	xmlFree(s);
	assert_null(href_of(nav, "10"));	/* beyond the window */
	assert_null(href_of(nav, "3"));		/* the current page */
	assert_non_null(n = find(nav, "span", "aria-current", "page", NULL));
	assert_true(text_is(n, "3"));
	page_free(&pg);

	/* The last page: no next; the window ends there. */
	req.page = 10;
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_non_null(nav = find(pg.root, "nav", "aria-label", "Pages",
				   NULL));
	assert_null(href_of(nav, "Next"));
	assert_non_null(s = href_of(nav, "Previous"));
	xmlFree(s);
	assert_non_null(s = href_of(nav, "2"));
	xmlFree(s);
	assert_null(href_of(nav, "1"));
	assert_true(text_is(find(nav, "span", "aria-current", "page", NULL),
			    "10"));
	page_free(&pg);

	/* Capped by the site's last page. */
	{
		struct ds_page_site capped = site;

		capped.max_page = 5;
		req.page = 5;
		render(&pg, NULL, &capped, DS_PAGE_RESULTS, &req, &results,
		       NULL);
		nav = find(pg.root, "nav", "aria-label", "Pages", NULL);
		assert_non_null(nav);
		assert_null(href_of(nav, "Next"));
		assert_null(href_of(nav, "6"));
		page_free(&pg);
	}

	/* The largest numbers there are: no overflow, the window ends at
	   the last page. */
	{
		struct ds_page_site nocap = site;
		struct ds_results huge = results;

		nocap.max_page = 0;
		huge.estimated = huge.lower_bound = huge.upper_bound =
			UINT32_MAX;
		huge.offset = UINT32_MAX - 4;
		req.hits = 1;
		req.page = UINT32_MAX - 1;
		render(&pg, NULL, &nocap, DS_PAGE_RESULTS, &req, &huge, NULL);
		nav = find(pg.root, "nav", "aria-label", "Pages", NULL);
		assert_non_null(nav);
		assert_non_null(s = href_of(nav, "4294967295"));
		assert_non_null(strstr(s, "&page=4294967295&n=1&"));
		xmlFree(s);
		assert_non_null(s = href_of(nav, "Next"));
		xmlFree(s);
		assert_non_null(s = href_of(nav, "4294967287"));
		xmlFree(s);
		assert_null(href_of(nav, "4294967286"));
		assert_non_null(find(pg.root, "ol", "start", "4294967292",
				     NULL));
		page_free(&pg);
		req.hits = 10;
	}

	/* One page: no pagination at all. */
	req.page = 1;
	req.hits = 100;
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_null(find(pg.root, "nav", NULL, NULL, NULL));
	/* n= is kept in links when it is not the default. */
	assert_non_null(s = href_of(pg.root, "date"));
	assert_non_null(strstr(s, "&n=100&"));
	xmlFree(s);
	page_free(&pg);
}

static void
test_facets(void **state)
{
	struct cgi_params req;
	struct page pg;
	xmlNodePtr aside, n;
	char *s;

	(void)state;
	request(&req);
	req.filters[1] = "publisher:National Audit Office";
	req.nfilters = 2;
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_non_null(aside = find(pg.root, "aside", NULL, NULL, NULL));
	assert_non_null(find(aside, "h2", NULL, NULL, "Publisher"));
	assert_non_null(find(aside, "h2", NULL, NULL, "Year"));
	assert_null(find(aside, "h2", NULL, NULL, "Type"));	/* no values */

	/* A value adds its filter, keeping the others, from page 1. */
	assert_non_null(s = href_of(aside, FACET_VALUE));
	assert_string_equal(s, BASE "?q=%22%3E%3Cscript%3Ealert%281%29%3C%2F"
				    "script%3E&f=type%3Areport"
				    "&f=publisher%3ANational%20Audit%20Office"
				    "&f=publisher%3AAudit%20%3COffice%3E");
	xmlFree(s);
	assert_non_null(s = href_of(aside, "2014"));
	assert_non_null(strstr(s, "&f=type%3Areport&"));
	assert_non_null(strstr(s, "&f=year%3A2014"));
	xmlFree(s);
	assert_non_null(find(aside, "span", "class", "count", "(12)"));
	/* A value already filtered on is not a link. */
	assert_null(href_of(aside, "National Audit Office"));
	assert_non_null(find(aside, "strong", NULL, NULL,
			     "National Audit Office"));

	/* Each filter in use is listed with a link removing it. */
	assert_non_null(find(aside, "h2", NULL, NULL, "Filters in use"));
	assert_non_null(s = href_of(aside, "Remove type: report"));
	assert_string_equal(s, BASE "?q=%22%3E%3Cscript%3Ealert%281%29%3C%2F"
				    "script%3E"
				    "&f=publisher%3ANational%20Audit%20Office");
	xmlFree(s);
	assert_non_null(s = href_of(aside,
				    "Remove publisher: National Audit Office"));
	assert_non_null(strstr(s, "&f=type%3Areport"));
	assert_null(strstr(s, "National"));
	xmlFree(s);

	/* The form keeps the filters for the next query. */
	assert_non_null(n = find(pg.root, "form", NULL, NULL, NULL));
	assert_non_null(find(n, "input", "value", "type:report", NULL));
	assert_non_null(find(n, "input", "value",
			     "publisher:National Audit Office", NULL));
	page_free(&pg);
}

static void
test_sort_and_suggestion(void **state)
{
	struct cgi_params req;
	struct page pg;
	xmlNodePtr n;
	char *s;

	(void)state;
	request(&req);
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	/* Relevance is current: text; date a link, back to page 1. */
	assert_null(href_of(pg.root, "relevance"));
	assert_non_null(find(pg.root, "strong", "aria-current", "true",
			     "relevance"));
	assert_non_null(s = href_of(pg.root, "date"));
	assert_null(strstr(s, "page="));
	assert_non_null(strstr(s, "&sort=date"));
	xmlFree(s);
	/* Did you mean: the corrected query, the filters kept. */
	assert_non_null(s = href_of(pg.root, SUGGESTION));
	assert_string_equal(s, BASE "?q=audit%20%3Cb%3E&f=type%3Areport");
	xmlFree(s);
	assert_non_null(n = find(pg.root, "div", "class", "summary", NULL));
	assert_true(text_has(n, "About 100 results for " QUERY "."));
	assert_true(text_has(n, "Showing 21 to 24."));
	page_free(&pg);

	req.sort = CGI_SORT_DATE;
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_null(href_of(pg.root, "date"));
	assert_non_null(s = href_of(pg.root, "relevance"));
	assert_null(strstr(s, "sort="));
	xmlFree(s);
	assert_non_null(s = href_of(pg.root, "4"));
	assert_non_null(strstr(s, "&sort=date"));
	xmlFree(s);
	assert_non_null(find(pg.root, "input", "name", "sort", NULL));
	page_free(&pg);
}

static void
test_defaults_left_out(void **state)
{
	struct ds_page_site s2 = site;
	struct cgi_params req;
	struct page pg;
	char *s;

	(void)state;
	memset(&req, 0, sizeof req);
	req.q = "audit";
	req.page = 1;
	req.hits = 10;
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_non_null(s = href_of(pg.root, "2"));
	assert_string_equal(s, BASE "?q=audit&page=2");
	xmlFree(s);
	/* Only q in the form: no hidden fields for defaults. */
	assert_int_equal(count(find(pg.root, "form", NULL, NULL, NULL),
			       "input"),
			 1);
	page_free(&pg);

	/* A database other than the default is kept everywhere. */
	s2.db = "hansard";
	render(&pg, NULL, &s2, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_non_null(s = href_of(pg.root, "2"));
	assert_string_equal(s, BASE "?q=audit&page=2&db=hansard");
	xmlFree(s);
	assert_non_null(find(pg.root, "input", "name", "db", NULL));
	assert_non_null(find(pg.root, "link", "href",
			     BASE "?fmt=opensearch&db=hansard", NULL));
	page_free(&pg);
}

static void
test_head(void **state)
{
	struct ds_page_site bare = {"Library", NULL, NULL, NULL, NULL, 0, 0};
	struct cgi_params req;
	struct page pg;
	xmlNodePtr n;

	(void)state;
	request(&req);
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_int_equal(count(pg.root, "meta"), 2);	/* and viewport */
	assert_non_null(find(pg.root, "meta", "charset", "utf-8", NULL));
	assert_non_null(find(pg.root, "link", "rel", "stylesheet", NULL));
	assert_non_null(n = find(pg.root, "link", "rel", "search", NULL));
	assert_true(has_attr(n, "type",
			     "application/opensearchdescription+xml"));
	assert_true(has_attr(n, "href", BASE "?fmt=opensearch"));
	assert_true(has_attr(n, "title", "Policy <Library> & Co"));
	/* Accessible page: skip link to main, a label for the box. */
	assert_non_null(find(pg.root, "a", "href", "#main", NULL));
	assert_non_null(find(pg.root, "main", "id", "main", NULL));
	assert_non_null(n = find(pg.root, "label", NULL, NULL, NULL));
	assert_true(has_attr(n, "for", "dossier-q"));
	assert_non_null(find(pg.root, "input", "id", "dossier-q", NULL));
	assert_non_null(find(pg.root, "h1", NULL, NULL, "Search results"));
	assert_non_null(find(pg.root, "header", NULL, NULL, NULL));
	assert_non_null(find(pg.root, "footer", NULL, NULL, NULL));
	assert_null(find(pg.root, "style", NULL, NULL, NULL));
	assert_null(find(pg.root, NULL, "style", NULL, NULL));
	assert_null(strstr(pg.html, "data-dossier"));
	page_free(&pg);

	/* No stylesheet, no base URL, no lang configured. */
	render(&pg, NULL, &bare, DS_PAGE_HELP, NULL, NULL, NULL);
	assert_null(find(pg.root, "link", "rel", "stylesheet", NULL));
	assert_non_null(find(pg.root, "link", "href", "?fmt=opensearch",
			     NULL));
	assert_true(has_attr(pg.root, "lang", "en"));
	assert_non_null(n = find(pg.root, "form", NULL, NULL, NULL));
	assert_false(has_attr(n, "action", NULL));
	assert_true(text_is(find(pg.root, "title", NULL, NULL, NULL),
			    "Library"));
	page_free(&pg);
}

static void
test_no_results(void **state)
{
	struct cgi_params req;
	struct page pg;
	xmlNodePtr n;

	(void)state;
	memset(&req, 0, sizeof req);
	req.q = "nothing <here>";
	req.page = 1;
	req.hits = 10;
	render(&pg, NULL, &site, DS_PAGE_RESULTS, &req, &none, NULL);
	check_safe(&pg, builtin_elements, builtin_attributes);
	assert_non_null(n = find(pg.root, "div", "class", "summary", NULL));
	assert_true(text_has(n, "No results for nothing <here>."));
	/* Nothing to show: those places are gone. */
	assert_null(find(pg.root, "ol", NULL, NULL, NULL));
	assert_null(find(pg.root, "nav", NULL, NULL, NULL));
	assert_null(find(pg.root, "aside", NULL, NULL, NULL));
	assert_null(find(pg.root, "div", "class", "suggestion", NULL));
	assert_null(find(pg.root, "div", "class", "sort", NULL));
	assert_null(find(pg.root, "div", "class", "help", NULL));
	assert_null(find(pg.root, "div", "class", "message", NULL));
	page_free(&pg);
}

static void
test_help(void **state)
{
	struct cgi_params req;
	struct page pg;
	xmlNodePtr n;

	(void)state;
	memset(&req, 0, sizeof req);
	req.q = "";
	req.page = 1;
	req.hits = 10;
	render(&pg, NULL, &site, DS_PAGE_HELP, &req, NULL, NULL);
	check_safe(&pg, builtin_elements, builtin_attributes);
	assert_non_null(find(pg.root, "h1", NULL, NULL, "How to search"));
	assert_non_null(n = find(pg.root, "div", "class", "help", NULL));
	assert_non_null(find(n, "code", NULL, NULL, "\"local authority\""));
	assert_non_null(find(n, "code", NULL, NULL, "housing AND rent"));
	assert_non_null(find(n, "code", NULL, NULL, "tax NOT vat"));
	assert_non_null(find(n, "code", NULL, NULL, "title:housing"));
	assert_non_null(find(n, "code", NULL, NULL, "publisher:treasury"));
	assert_non_null(find(n, "code", NULL, NULL, "type:consultation"));
	assert_non_null(find(n, "code", NULL, NULL, "year:2014"));
	assert_non_null(find(n, "code", NULL, NULL, "date:2012..2014"));
	assert_non_null(find(pg.root, "form", "role", "search", NULL));
	/* No results page furniture, no alert. */
	assert_null(find(pg.root, "div", "class", "summary", NULL));
	assert_null(find(pg.root, NULL, "role", "alert", NULL));
	assert_null(find(pg.root, "div", "class", "message", NULL));
	assert_true(text_is(find(pg.root, "title", NULL, NULL, NULL),
			    "Policy <Library> & Co"));
	page_free(&pg);

	/* A line above the help when one is given; results ignored. */
	render(&pg, NULL, &site, DS_PAGE_HELP, &req, &results,
	       "Type <some> words");
	assert_non_null(find(pg.root, "div", "class", "message",
			     "Type <some> words"));
	assert_null(find(pg.root, "ol", NULL, NULL, NULL));
	page_free(&pg);
}

static void
test_error(void **state)
{
	struct cgi_params req;
	struct page pg;
	xmlNodePtr n;

	(void)state;
	request(&req);
	render(&pg, NULL, &site, DS_PAGE_ERROR, &req, NULL, MESSAGE);
	check_safe(&pg, builtin_elements, builtin_attributes);
	assert_non_null(n = find(pg.root, "div", "role", "alert", NULL));
	assert_true(text_is(n, MESSAGE));
	assert_non_null(find(pg.root, "h1", NULL, NULL,
			     "Something went wrong"));
	/* The form to try again, with the query in it. */
	assert_non_null(n = find(pg.root, "input", "name", "q", NULL));
	assert_true(has_attr(n, "value", QUERY));
	assert_null(find(pg.root, "ol", NULL, NULL, NULL));
	assert_null(find(pg.root, "div", "class", "help", NULL));
	assert_true(text_has(find(pg.root, "title", NULL, NULL, NULL),
			     "Error"));
	page_free(&pg);

	/* No request could be read, no message given. */
	render(&pg, NULL, &site, DS_PAGE_ERROR, NULL, NULL, NULL);
	assert_non_null(n = find(pg.root, NULL, "role", "alert", NULL));
	assert_non_null(find(pg.root, "input", "value", "", NULL));
	page_free(&pg);
}

/* ---- templates from files ----------------------------------------------- */

/* Some places, not all; one unknown; a place inside another element; an
   old DOCTYPE; no head; a form that is not a form element; the
   pagination not on a nav; two site names. */
static const char custom[] =
	"<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n"
	"<html>\n"
	"<body class=\"custom\">\n"
	"<h1 id=\"top\"><span data-dossier=\"site-name\">x</span></h1>\n"
	"<div id=\"box\" data-dossier=\"form\"><b>old</b></div>\n"
	"<section data-dossier=\"summary\"></section>\n"
	"<div data-dossier=\"results\"><p>replaced</p></div>\n"
	"<div class=\"pager\" data-dossier=\"pagination\"></div>\n"
	"<div data-dossier=\"message\"></div>\n"
	"<div data-dossier=\"help\"></div>\n"
	"<div data-dossier=\"no-such-place\">kept</div>\n"
	"<footer><em data-dossier=\"site-name\"></em></footer>\n"
	"</body>\n"
	"</html>\n";

static const char *const custom_elements[] = {
	"html", "body", "h1", "span", "div", "section", "footer", "em", NULL,
};

static const char *const custom_attributes[] = {
	"class", "id", NULL,
};

struct files {
	char dir[256], path[300];
};

static int
setup_files(void **state)
{
	struct files *f = calloc(1, sizeof *f);

	if (f == NULL || tu_make_temp_dir(f->dir, sizeof f->dir,
					  "test-render-html") < 0 ||
	    tu_path(f->path, sizeof f->path, f->dir, "page.html") < 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown_files(void **state)
{
	struct files *f = *state;

	tu_remove_tree(f->dir);
	free(f);
	return 0;
}

/* Load the template `html` written to a file. */
static struct ds_page_template *
load(struct files *f, const char *html)
{
	struct ds_page_template *tpl = NULL;
	struct ds_error err = {0, ""};

	assert_int_equal(tu_write_file(f->path, html), 0);
	assert_int_equal(ds_page_template_load(f->path, &tpl, &err), 0);
	assert_non_null(tpl);
	return tpl;
}

static void
test_custom_template(void **state)
{
	struct ds_page_template *tpl = load(*state, custom);
	struct cgi_params req;
	struct page pg, again;
	xmlNodePtr n;
	enum ds_page_kind kinds[] = {DS_PAGE_RESULTS, DS_PAGE_HELP,
				     DS_PAGE_ERROR};
	size_t i;

	request(&req);
	for (i = 0; i < 3; i++) {
		render(&pg, tpl, &site, kinds[i], &req,
		       kinds[i] == DS_PAGE_RESULTS ? &results : NULL,
		       MESSAGE);
		check_safe(&pg, custom_elements, custom_attributes);
		/* The head is made: charset, title, links, lang. */
		assert_non_null(find(pg.root, "meta", "charset", "utf-8",
				     NULL));
		assert_non_null(find(pg.root, "title", NULL, NULL,
				     "Policy <Library> & Co"));
		assert_non_null(find(pg.root, "link", "rel", "search", NULL));
		assert_true(has_attr(pg.root, "lang", "en-GB"));
		assert_true(strncmp(pg.html, "<!DOCTYPE html>\n", 16) == 0);
		/* Both site names, the unknown place as it was. */
		assert_non_null(find(pg.root, "span", NULL, NULL,
				     "Policy <Library> & Co"));
		assert_non_null(find(pg.root, "em", NULL, NULL,
				     "Policy <Library> & Co"));
		assert_non_null(find(pg.root, "div", "data-dossier",
				     "no-such-place", "kept"));
		/* A form made inside the box, the old content gone. */
		assert_non_null(n = find(pg.root, "div", "id", "box", NULL));
		assert_non_null(find(n, "form", "action", BASE, NULL));
		assert_null(find(n, "b", NULL, NULL, NULL));
		assert_null(strstr(pg.html, "replaced"));
		page_free(&pg);
	}

	render(&pg, tpl, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	/* The pagination gets a nav of its own inside its div. */
	assert_non_null(n = find(pg.root, "div", "class", "pager", NULL));
	assert_non_null(n = find(n, "nav", "aria-label", "Pages", NULL));
	assert_non_null(find(n, "span", "aria-current", "page", "3"));
	assert_non_null(find(pg.root, "section", NULL, NULL, "About 100"));
	assert_non_null(find(pg.root, "mark", NULL, NULL, INSIDE_MARK));
	/* Missing places: no facets, no sort, no suggestion. */
	assert_null(href_of(pg.root, FACET_VALUE));
	assert_null(href_of(pg.root, "date"));
	assert_null(href_of(pg.root, SUGGESTION));
	/* The template is not changed by a render: same page again. */
	render(&again, tpl, &site, DS_PAGE_RESULTS, &req, &results, NULL);
	assert_int_equal(again.len, pg.len);
	assert_memory_equal(again.html, pg.html, pg.len);
	page_free(&again);
	page_free(&pg);
	ds_page_template_free(tpl);
}

static void
test_template_head_kept(void **state)
{
	static const char html[] =
		"<html lang=\"fr\">\n"
		"<head>\n"
		"<meta http-equiv=\"Content-Type\" "
		"content=\"text/html; charset=iso-8859-1\">\n"
		"<title>Old title</title>\n"
		"<link rel=\"icon\" href=\"https://example.org/icon.png\">\n"
		"</head>\n"
		"<body><main data-dossier=\"results\"></main></body>\n"
		"</html>\n";
	static const char *const elements[] = {
		"html", "head", "meta", "title", "link", "body", "main", NULL,
	};
	static const char *const attributes[] = {
		"lang", "http-equiv", "content", "rel", "href", NULL,
	};
	struct ds_page_site nolang = site;
	struct ds_page_template *tpl = load(*state, html);
	struct cgi_params req;
	struct page pg;

	nolang.lang = NULL;
	request(&req);
	render(&pg, tpl, &nolang, DS_PAGE_RESULTS, &req, &results, NULL);
	check_safe(&pg, elements, attributes);
	/* One charset, UTF-8; the template's own content-type gone. */
	assert_int_equal(count(pg.root, "meta"), 1);
	assert_non_null(find(pg.root, "meta", "charset", "utf-8", NULL));
	assert_null(strcasestr(pg.html, "iso-8859-1"));
	assert_int_equal(count(pg.root, "title"), 1);
	assert_true(text_is(find(pg.root, "title", NULL, NULL, NULL),
			    QUERY " \xe2\x80\x93 Policy <Library> & Co"));
	assert_non_null(find(pg.root, "link", "rel", "icon", NULL));
	/* The template's lang when the site sets none. */
	assert_true(has_attr(pg.root, "lang", "fr"));
	assert_non_null(find(pg.root, "main", NULL, NULL, TITLE_IMG));
	page_free(&pg);
	ds_page_template_free(tpl);
}

static void
test_template_errors(void **state)
{
	struct files *f = *state;
	struct ds_page_template *tpl = (struct ds_page_template *)f;
	struct ds_error err = {0, ""};
	char path[320];
	FILE *big;
	size_t i;

	/* Missing. */
	assert_int_equal(tu_path(path, sizeof path, f->dir, "none.html"), 0);
	assert_int_equal(ds_page_template_load(path, &tpl, &err), DS_ENOENT);
	assert_null(tpl);
	assert_non_null(strstr(err.msg, "none.html"));

	/* A place on a script or style element. */
	assert_int_equal(
		tu_write_file(f->path, "<html><head><script "
				       "data-dossier=\"summary\"></script>"
				       "</head><body></body></html>"),
		0);
	tpl = (struct ds_page_template *)f;
	assert_int_equal(ds_page_template_load(f->path, &tpl, &err),
			 DS_EFORMAT);
	assert_null(tpl);
	assert_non_null(strstr(err.msg, "page.html"));
	assert_non_null(strstr(err.msg, "script"));
	assert_int_equal(
		tu_write_file(f->path, "<html><body><style "
				       "data-dossier=\"results\"></style>"
				       "</body></html>"),
		0);
	assert_int_equal(ds_page_template_load(f->path, &tpl, &err),
			 DS_EFORMAT);

	/* Not HTML at all. */
	assert_int_equal(tu_write_file(f->path, ""), 0);
	assert_int_equal(ds_page_template_load(f->path, &tpl, &err),
			 DS_EFORMAT);
	assert_null(tpl);

	/* A directory is no template. */
	assert_true(ds_page_template_load(f->dir, &tpl, &err) < 0);
	assert_null(tpl);

	/* Too big. */
	big = fopen(f->path, "w");
	assert_non_null(big);
	for (i = 0; i < 70000; i++)
		fputs("<p>0123456789</p>\n", big);
	assert_int_equal(fclose(big), 0);
	assert_int_equal(ds_page_template_load(f->path, &tpl, &err),
			 DS_ETOOBIG);
	assert_null(tpl);
	ds_page_template_free(NULL);
}

/* ---- OpenSearch, write errors ------------------------------------------- */

static void
test_opensearch(void **state)
{
	struct ds_page_site s2 = site;
	struct ds_error err = {0, ""};
	char *buf = NULL;
	size_t len = 0, urls = 0;
	xmlDocPtr doc;
	xmlNodePtr root, n;
	FILE *f;
	bool html = false, atom = false;

	(void)state;
	s2.name = "A very long <site> name & more";
	s2.db = "hansard";
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(ds_page_opensearch(f, &s2, &err), 0);
	assert_int_equal(fclose(f), 0);
	doc = xmlReadMemory(buf, (int)len, NULL, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR |
				    XML_PARSE_NOWARNING);
	assert_non_null(doc);
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name,
			    "OpenSearchDescription");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href,
			    "http://a9.com/-/spec/opensearch/1.1/");
	for (n = root->children; n != NULL; n = n->next) {
		xmlChar *t;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "ShortName") == 0) {
			t = xmlNodeGetContent(n);
			/* at most 16 characters */
			assert_string_equal((const char *)t,
					    "A very long <sit");
			xmlFree(t);
		} else if (strcmp((const char *)n->name, "InputEncoding") ==
			   0) {
			t = xmlNodeGetContent(n);
			assert_string_equal((const char *)t, "UTF-8");
			xmlFree(t);
		} else if (strcmp((const char *)n->name, "Url") == 0) {
			xmlChar *type = xmlGetProp(n, BAD_CAST "type");

			t = xmlGetProp(n, BAD_CAST "template");
			assert_non_null(type);
			assert_non_null(t);
			if (strcmp((const char *)type, "text/html") == 0) {
				assert_string_equal(
					(const char *)t,
					BASE "?q={searchTerms}&db=hansard");
				html = true;
			} else if (strcmp((const char *)type,
					  "application/atom+xml") == 0) {
				assert_non_null(
					strstr((const char *)t,
					       "?q={searchTerms}&fmt=atom"));
				atom = true;
			}
			urls++;
			xmlFree(type);
			xmlFree(t);
		}
	}
	assert_true(html);
	assert_true(atom);
	assert_int_equal(urls, 3);
	assert_non_null(strstr(buf, "<Description>Search A very long "
				    "&lt;site&gt; name &amp; more"));
	xmlFreeDoc(doc);
	free(buf);
}

static void
test_write_error(void **state)
{
	struct ds_error err = {0, ""};
	struct cgi_params req;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (f == NULL)
		skip();
	request(&req);
	assert_int_equal(ds_page_render(f, NULL, &site, DS_PAGE_RESULTS, &req,
					&results, NULL, &err),
			 DS_EIO);
	assert_int_equal(err.code, DS_EIO);
	fclose(f);
	f = fopen("/dev/full", "w");
	assert_non_null(f);
	ds_error_clear(&err);
	assert_int_equal(ds_page_opensearch(f, &site, &err), DS_EIO);
	assert_int_equal(err.code, DS_EIO);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_query_value),
		cmocka_unit_test(test_text_html),
		cmocka_unit_test(test_results_safe),
		cmocka_unit_test(test_results_links),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_pagination),
		cmocka_unit_test(test_facets),
		cmocka_unit_test(test_sort_and_suggestion),
		cmocka_unit_test(test_defaults_left_out),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_no_results),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_error),
		cmocka_unit_test_setup_teardown(test_custom_template,
						setup_files, teardown_files),
		cmocka_unit_test_setup_teardown(test_template_head_kept,
						setup_files, teardown_files),
		cmocka_unit_test_setup_teardown(test_template_errors,
						setup_files, teardown_files),
		cmocka_unit_test(test_opensearch),
		cmocka_unit_test(test_write_error),
	};

	xmlInitParser();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
