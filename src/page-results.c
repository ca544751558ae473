/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * page-results.c: the places of a results page (page.h): the summary,
 * "did you mean", the hits, the facets, the sort order and the
 * pagination.
 *
 * Everything here reads struct ds_results, whose strings come from
 * indexed documents and may hold anything: they only reach the page
 * through page.h's helpers (as text, cleaned), a hit's URL only becomes
 * a link when it is http:, https: or file: (javascript: or data: from a
 * hostile document stays text), and a snippet's match marks become
 * <mark> elements, the text between them text nodes.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page.h"
#include "render.h"
#include "url.h"

/* Between the parts of a line: " · ". */
#define SEP " \xc2\xb7 "

/* The pages a link may go to on either side of the current one. */
#define WINDOW 4

/* How many documents match: at least those already seen. */
static uint64_t
total_of(const struct ds_results *r)
{
	uint64_t seen = (uint64_t)r->offset + r->nhits;

	return r->estimated > seen ? r->estimated : seen;
}

/* How many pages of p->hits the results fill, up to the last allowed. */
static unsigned
pages_of(const struct ds_page *p)
{
	uint64_t n = (total_of(p->r) + p->hits - 1) / p->hits;

	if (p->max_page != 0 && n > p->max_page)
		n = p->max_page;
	return n > UINT32_MAX ? UINT32_MAX : (unsigned)n;
}

/* Append the decimal n as text. */
static int
number(struct ds_page *p, xmlNodePtr parent, uint64_t n)
{
	char num[24];

	snprintf(num, sizeof num, "%llu", (unsigned long long)n);
	return ds_page_text(p, parent, num);
}

/* ---- summary and suggestion --------------------------------------------- */

/* " for <q>QUERY</q>" when there is a query. */
static int
for_query(struct ds_page *p, xmlNodePtr para)
{
	xmlNodePtr q;

	if (*p->q == '\0')
		return 0;
	return ds_page_text(p, para, " for ") < 0 ||
			       (q = ds_page_el(p, para, "q", NULL)) == NULL ||
			       ds_page_text(p, q, p->q) < 0
		       ? -1
		       : 0;
}

/* "Also searched: DWP = department for work and pensions, dwp." */
static int
also_searched(struct ds_page *p, xmlNodePtr at)
{
	const struct ds_results *r = p->r;
	xmlNodePtr para;
	size_t i, k;

	if (r->nexpansions == 0)
		return 0;
	if ((para = ds_page_el(p, at, "p", "also")) == NULL ||
	    ds_page_text(p, para, "Also searched: ") < 0)
		return -1;
	for (i = 0; i < r->nexpansions; i++) {
		const struct ds_expansion *e = &r->expansions[i];

		if ((i > 0 && ds_page_text(p, para, "; ") < 0) ||
		    ds_page_text(p, para, e->name ? e->name : "") < 0 ||
		    ds_page_text(p, para, " = ") < 0)
			return -1;
		for (k = 0; k < e->nalternatives; k++)
			if ((k > 0 && ds_page_text(p, para, ", ") < 0) ||
			    ds_page_text(p, para, e->alternatives[k]) < 0)
				return -1;
	}
	return ds_page_text(p, para, ".") < 0 || ds_page_nl(p, at) < 0 ? -1 : 0;
}

/*
 * When some shards of the index did not answer: say the results are
 * partial, and how much answered (not which machines: visitors need not
 * know them; the server's log names them).
 */
static int
partial(struct ds_page *p, xmlNodePtr at)
{
	const struct ds_results *r = p->r;
	xmlNodePtr para;

	if (r->shards_answered >= r->shards)
		return 0;
	if ((para = ds_page_el(p, at, "p", "partial")) == NULL ||
	    ds_page_text(p, para, "Partial results: ") < 0 ||
	    number(p, para, r->shards_answered) < 0 ||
	    ds_page_text(p, para, " of ") < 0 ||
	    number(p, para, r->shards) < 0 ||
	    ds_page_text(p, para, " parts of the index answered; try again "
			 "later for all of them.") < 0)
		return -1;
	return ds_page_nl(p, at);
}

int
ds_page_summary(struct ds_page *p, xmlNodePtr at)
{
	const struct ds_results *r = p->r;
	uint64_t total = total_of(r);
	xmlNodePtr para;

	if ((para = ds_page_el(p, at, "p", NULL)) == NULL)
		return -1;
	if (total == 0) {
		if (ds_page_text(p, para, "No results") < 0 ||
		    for_query(p, para) < 0 || ds_page_text(p, para, ".") < 0 ||
		    ds_page_nl(p, at) < 0 ||
		    (para = ds_page_el(p, at, "p", NULL)) == NULL ||
		    ds_page_text(p, para,
				 p->nfilters > 0
					 ? "Check the spelling, try other or "
					   "fewer words, or remove a filter."
					 : "Check the spelling, or try other "
					   "or fewer words.") < 0)
			return -1;
	} else {
		bool exact = r->lower_bound == r->upper_bound &&
			     r->estimated == r->lower_bound &&
			     r->estimated == total;
		const char *unit = total == 1 ? " result" : " results";

		if ((!exact && ds_page_text(p, para, "About ") < 0) ||
		    number(p, para, total) < 0 ||
		    ds_page_text(p, para, unit) < 0 ||
		    for_query(p, para) < 0 || ds_page_text(p, para, ".") < 0)
			return -1;
		if (r->nhits > 0 && (r->offset > 0 || r->nhits < total) &&
		    (ds_page_text(p, para, " Showing ") < 0 ||
		     number(p, para, (uint64_t)r->offset + 1) < 0 ||
		     ds_page_text(p, para, " to ") < 0 ||
		     number(p, para, (uint64_t)r->offset + r->nhits) < 0 ||
		     ds_page_text(p, para, ".") < 0))
			return -1;
	}
	if (ds_page_nl(p, at) < 0 || also_searched(p, at) < 0 ||
	    partial(p, at) < 0)
		return -1;
	return 1;
}

int
ds_page_suggestion(struct ds_page *p, xmlNodePtr at)
{
	struct ds_page_link l;
	xmlNodePtr para;
	char *q;
	int rc = -1;

	if (p->r->suggestion == NULL || *p->r->suggestion == '\0')
		return 0;
	if ((q = ds_text_html(p->r->suggestion)) == NULL)
		return -1;
	ds_page_link_here(p, &l);
	l.q = q;
	if ((para = ds_page_el(p, at, "p", NULL)) != NULL &&
	    ds_page_text(p, para, "Did you mean: ") == 0 &&
	    ds_page_a(p, para, &l, NULL, q) != NULL &&
	    ds_page_text(p, para, "?") == 0 && ds_page_nl(p, at) == 0)
		rc = 1;
	free(q);
	return rc;
}

/* ---- hits --------------------------------------------------------------- */

/*
 * Where a hit's title links to: its URL made a URI, when that is an
 * http:, https: or file: URL, with "#" and `anchor` percent-encoded
 * instead of any fragment it had.  *out is NULL when the hit has no URL
 * that may be a link.  0, or -1 when out of memory.
 */
static int
hit_href(const struct ds_hit *h, const char *anchor, char **out)
{
	char *url = NULL, *a = NULL, *clean = NULL, *href = NULL, *hash;
	size_t n;
	int rc = -1;

	*out = NULL;
	if (h->url == NULL || *h->url == '\0')
		return 0;
	if ((url = ds_url_safe(h->url)) == NULL)
		goto out;
	if (strncasecmp(url, "http:", 5) != 0 &&
	    strncasecmp(url, "https:", 6) != 0 &&
	    strncasecmp(url, "file:", 5) != 0) {
		rc = 0;
		goto out;
	}
	if ((hash = strchr(url, '#')) != NULL)
		*hash = '\0';
	if (anchor == NULL || *anchor == '\0') {
		*out = url;
		return 0;
	}
	if ((clean = ds_text_html(anchor)) == NULL ||
	    (a = ds_url_query_value(clean)) == NULL)
		goto out;
	n = strlen(url) + 1 + strlen(a) + 1;
	if ((href = malloc(n)) == NULL)
		goto out;
	snprintf(href, n, "%s#%s", url, a);
	*out = href;
	rc = 0;
out:
	free(url);
	free(a);
	free(clean);
	return rc;
}

/* Whether s is an ISO 8601 date a <time> may hold: YYYY[-MM[-DD]]. */
static bool
iso_date(const char *s)
{
	size_t i, n = strlen(s);

	if (n != 4 && n != 7 && n != 10)
		return false;
	for (i = 0; i < n; i++)
		if ((i == 4 || i == 7) ? s[i] != '-'
				       : !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return true;
}

/* The line under a title: date, publisher, type, identifiers. */
static int
hit_meta(struct ds_page *p, xmlNodePtr li, const struct ds_hit *h)
{
	xmlNodePtr para = NULL, n;
	bool any = false;
	size_t i;

	if ((h->date == NULL || *h->date == '\0') &&
	    (h->publisher == NULL || *h->publisher == '\0') &&
	    (h->type == NULL || *h->type == '\0') && h->nidentifiers == 0)
		return 0;
	if ((para = ds_page_el(p, li, "p", "meta")) == NULL)
		return -1;
	if (h->date != NULL && *h->date) {
		if (iso_date(h->date)) {
			if ((n = ds_page_el(p, para, "time", NULL)) == NULL ||
			    ds_page_attr(n, "datetime", h->date) < 0)
				return -1;
		} else if ((n = ds_page_el(p, para, "span", "date")) == NULL) {
			return -1;
		}
		if (ds_page_text(p, n, h->date) < 0)
			return -1;
		any = true;
	}
	if (h->publisher != NULL && *h->publisher) {
		if ((any && ds_page_text(p, para, SEP) < 0) ||
		    (n = ds_page_el(p, para, "span", "publisher")) == NULL ||
		    ds_page_text(p, n, h->publisher) < 0)
			return -1;
		any = true;
	}
	if (h->type != NULL && *h->type) {
		if ((any && ds_page_text(p, para, SEP) < 0) ||
		    (n = ds_page_el(p, para, "span", "type")) == NULL ||
		    ds_page_text(p, n, h->type) < 0)
			return -1;
		any = true;
	}
	for (i = 0; i < h->nidentifiers; i++) {
		const struct ds_hit_ident *id = &h->identifiers[i];

		if ((any && ds_page_text(p, para, i > 0 ? ", " : SEP) < 0) ||
		    (n = ds_page_el(p, para, "span", "ident")) == NULL ||
		    ds_page_text(p, n, id->display ? id->display : "") < 0)
			return -1;
		any = true;
	}
	return ds_page_nl(p, li);
}

/*
 * A snippet's text into para: the runs between DS_MARK_START and
 * DS_MARK_END in <mark>, the rest as text.  Marks that do not pair up
 * are dropped, an empty <mark> is not kept.
 */
static int
marked(struct ds_page *p, xmlNodePtr para, const char *s)
{
	size_t len = strlen(s), i = 0, start;
	char *run = malloc(len + 1);
	xmlNodePtr mark = NULL;
	int rc = -1;

	if (run == NULL)
		return -1;
	for (;;) {
		start = i;
		while (i < len && s[i] != DS_MARK_START && s[i] != DS_MARK_END)
			i++;
		memcpy(run, s + start, i - start);
		run[i - start] = '\0';
		if (ds_page_text(p, mark != NULL ? mark : para, run) < 0)
			goto out;
		if (i == len)
			break;
		if (s[i] == DS_MARK_START && mark == NULL) {
			if ((mark = ds_page_el(p, para, "mark", NULL)) == NULL)
				goto out;
		} else if (s[i] == DS_MARK_END && mark != NULL) {
			if (mark->children == NULL) {
				xmlUnlinkNode(mark);
				xmlFreeNode(mark);
			}
			mark = NULL;
		}
		i++;
	}
	if (mark != NULL && mark->children == NULL) {
		xmlUnlinkNode(mark);
		xmlFreeNode(mark);
	}
	rc = 0;
out:
	free(run);
	return rc;
}

/* A passage: where it is (linked to its heading when it can be), then
   its text with the words found marked. */
static int
hit_passage(struct ds_page *p, xmlNodePtr li, const struct ds_hit *h,
	    const struct ds_snippet *s)
{
	xmlNodePtr para, n;
	char *href = NULL;
	int rc = -1;

	if (s->breadcrumb != NULL && *s->breadcrumb) {
		if ((para = ds_page_el(p, li, "p", "where")) == NULL ||
		    (s->anchor != NULL && *s->anchor &&
		     hit_href(h, s->anchor, &href) < 0))
			goto out;
		if (href != NULL ? ds_page_a(p, para, NULL, href,
					     s->breadcrumb) == NULL
				 : ds_page_text(p, para, s->breadcrumb) < 0)
			goto out;
		if (ds_page_nl(p, li) < 0)
			goto out;
	}
	if ((para = ds_page_el(p, li, "p", "passage")) == NULL)
		goto out;
	if (s->speaker != NULL && *s->speaker &&
	    ((n = ds_page_el(p, para, "span", "speaker")) == NULL ||
	     ds_page_text(p, n, s->speaker) < 0 ||
	     ds_page_text(p, para, ": ") < 0))
		goto out;
	if (marked(p, para, s->text ? s->text : "") < 0 ||
	    ds_page_nl(p, li) < 0)
		goto out;
	rc = 0;
out:
	free(href);
	return rc;
}

/* One hit as the content of li. */
static int
hit(struct ds_page *p, xmlNodePtr li, const struct ds_hit *h)
{
	const char *title = h->title != NULL && *h->title ? h->title
			    : h->path != NULL && *h->path ? h->path
							  : "Untitled";
	const char *anchor = h->nsnippets > 0 ? h->snippets[0].anchor : NULL;
	xmlNodePtr head, n;
	char *href = NULL;
	size_t i;
	int rc = -1;

	if (ds_page_nl(p, li) < 0 ||
	    (head = ds_page_el(p, li, "h2", NULL)) == NULL ||
	    hit_href(h, anchor, &href) < 0)
		goto out;
	if (href != NULL ? ds_page_a(p, head, NULL, href, title) == NULL
			 : ds_page_text(p, head, title) < 0)
		goto out;
	if (ds_page_nl(p, li) < 0 || hit_meta(p, li, h) < 0)
		goto out;
	for (i = 0; i < h->nsnippets; i++)
		if (hit_passage(p, li, h, &h->snippets[i]) < 0)
			goto out;
	if (h->nsnippets == 0 && h->description != NULL && *h->description &&
	    ((n = ds_page_el(p, li, "p", "passage")) == NULL ||
	     ds_page_text(p, n, h->description) < 0 || ds_page_nl(p, li) < 0))
		goto out;
	if (h->duplicates > 0 &&
	    ((n = ds_page_el(p, li, "p", "duplicates")) == NULL ||
	     ds_page_text(p, n, "Also in ") < 0 ||
	     number(p, n, h->duplicates) < 0 ||
	     ds_page_text(p, n,
			  h->duplicates == 1 ? " other document with the same "
					       "content."
					     : " other documents with the same "
					       "content.") < 0 ||
	     ds_page_nl(p, li) < 0))
		goto out;
	rc = 0;
out:
	free(href);
	return rc;
}

int
ds_page_results(struct ds_page *p, xmlNodePtr at)
{
	const struct ds_results *r = p->r;
	xmlNodePtr ol, li;
	size_t i;

	if (r->nhits == 0)
		return 0;
	if (ds_page_nl(p, at) < 0 ||
	    (ol = ds_page_el(p, at, "ol", "results")) == NULL ||
	    ds_page_nl(p, ol) < 0)
		return -1;
	if (r->offset > 0) {
		char num[24];

		snprintf(num, sizeof num, "%llu",
			 (unsigned long long)r->offset + 1);
		if (ds_page_attr(ol, "start", num) < 0)
			return -1;
	}
	for (i = 0; i < r->nhits; i++)
		if ((li = ds_page_el(p, ol, "li", "hit")) == NULL ||
		    hit(p, li, &r->hits[i]) < 0 || ds_page_nl(p, ol) < 0)
			return -1;
	return ds_page_nl(p, at) < 0 ? -1 : 1;
}

/* ---- facets and sort ---------------------------------------------------- */

/* "publisher" -> "Publisher"; a name not known stays as it is. */
static const char *
facet_title(const char *name)
{
	if (name == NULL)
		return "";
	if (strcmp(name, "publisher") == 0)
		return "Publisher";
	if (strcmp(name, "type") == 0)
		return "Type";
	if (strcmp(name, "year") == 0)
		return "Year";
	return name;
}

/* Text naming filter f ("publisher:X"): "publisher: X". */
static int
filter_text(struct ds_page *p, xmlNodePtr parent, const char *f)
{
	const char *colon = strchr(f, ':');
	size_t n = colon != NULL ? (size_t)(colon - f) : 0;
	char *field;
	int rc;

	if (colon == NULL)
		return ds_page_text(p, parent, f);
	if ((field = malloc(n + 3)) == NULL)
		return -1;
	memcpy(field, f, n);
	memcpy(field + n, ": ", 3);
	rc = ds_page_text(p, parent, field) < 0 ||
			     ds_page_text(p, parent, colon + 1) < 0
		     ? -1
		     : 0;
	free(field);
	return rc;
}

/* The filters of the request, each a link that removes it. */
static int
active_filters(struct ds_page *p, xmlNodePtr at)
{
	struct ds_page_link l;
	xmlNodePtr n, ul, li, a;
	size_t i;

	if ((n = ds_page_el(p, at, "h2", NULL)) == NULL ||
	    ds_page_text(p, n, "Filters in use") < 0 || ds_page_nl(p, at) < 0 ||
	    (ul = ds_page_el(p, at, "ul", "filters")) == NULL ||
	    ds_page_nl(p, ul) < 0)
		return -1;
	for (i = 0; i < p->nfilters; i++) {
		ds_page_link_here(p, &l);
		l.drop = i;
		if ((li = ds_page_el(p, ul, "li", NULL)) == NULL ||
		    (a = ds_page_a(p, li, &l, NULL, "Remove ")) == NULL ||
		    filter_text(p, a, p->filters[i]) < 0 ||
		    ds_page_nl(p, ul) < 0)
			return -1;
	}
	return ds_page_nl(p, at);
}

/* Whether the request already filters on f. */
static bool
filtered(const struct ds_page *p, const char *f)
{
	size_t i;

	for (i = 0; i < p->nfilters; i++)
		if (strcmp(p->filters[i], f) == 0)
			return true;
	return false;
}

/* One value of facet `name` in ul: a link adding it as a filter (or,
   when it is one already, text), and its count. */
static int
facet_value(struct ds_page *p, xmlNodePtr ul, const char *name,
	    const struct ds_facet_count *c)
{
	struct ds_page_link l;
	char *value = ds_text_html(c->value), *filter = NULL;
	size_t nl = strlen(name), vl;
	xmlNodePtr li, n;
	int rc = -1;

	if (value == NULL)
		return -1;
	vl = strlen(value);
	if ((filter = malloc(nl + 1 + vl + 1)) == NULL)
		goto out;
	memcpy(filter, name, nl);
	filter[nl] = ':';
	memcpy(filter + nl + 1, value, vl + 1);
	if ((li = ds_page_el(p, ul, "li", NULL)) == NULL)
		goto out;
	if (filtered(p, filter)) {
		if ((n = ds_page_el(p, li, "strong", NULL)) == NULL ||
		    ds_page_attr(n, "aria-current", "true") < 0 ||
		    ds_page_text(p, n, value) < 0)
			goto out;
	} else {
		ds_page_link_here(p, &l);
		l.add = filter;
		if (ds_page_a(p, li, &l, NULL, value) == NULL)
			goto out;
	}
	if ((n = ds_page_el(p, li, "span", "count")) == NULL ||
	    ds_page_text(p, n, " (") < 0 || number(p, n, c->count) < 0 ||
	    ds_page_text(p, n, ")") < 0 || ds_page_nl(p, ul) < 0)
		goto out;
	rc = 0;
out:
	free(value);
	free(filter);
	return rc;
}

/* One facet: its name as a heading, then its values. */
static int
facet(struct ds_page *p, xmlNodePtr at, const struct ds_facet *f)
{
	xmlNodePtr n, ul;
	size_t i;

	if ((n = ds_page_el(p, at, "h2", NULL)) == NULL ||
	    ds_page_text(p, n, facet_title(f->name)) < 0 ||
	    ds_page_nl(p, at) < 0 ||
	    (ul = ds_page_el(p, at, "ul", NULL)) == NULL ||
	    ds_page_nl(p, ul) < 0)
		return -1;
	for (i = 0; i < f->ncounts; i++)
		if (f->counts[i].value != NULL && *f->counts[i].value &&
		    facet_value(p, ul, f->name, &f->counts[i]) < 0)
			return -1;
	return ds_page_nl(p, at);
}

int
ds_page_facets(struct ds_page *p, xmlNodePtr at)
{
	const struct ds_results *r = p->r;
	bool any = false;
	size_t i;

	if (ds_page_nl(p, at) < 0)
		return -1;
	if (p->nfilters > 0) {
		if (active_filters(p, at) < 0)
			return -1;
		any = true;
	}
	for (i = 0; i < r->nfacets; i++) {
		if (r->facets[i].ncounts == 0 || r->facets[i].name == NULL)
			continue;
		if (facet(p, at, &r->facets[i]) < 0)
			return -1;
		any = true;
	}
	return any ? 1 : 0;
}

/* One sort order: the current one as text, the other a link. */
static int
sort_choice(struct ds_page *p, xmlNodePtr para, enum cgi_sort sort,
	    const char *text)
{
	struct ds_page_link l;
	xmlNodePtr n;

	if (p->sort == sort) {
		if ((n = ds_page_el(p, para, "strong", NULL)) == NULL ||
		    ds_page_attr(n, "aria-current", "true") < 0 ||
		    ds_page_text(p, n, text) < 0)
			return -1;
		return 0;
	}
	ds_page_link_here(p, &l);
	l.sort = sort;
	return ds_page_a(p, para, &l, NULL, text) == NULL ? -1 : 0;
}

int
ds_page_sort(struct ds_page *p, xmlNodePtr at)
{
	xmlNodePtr para;

	if (total_of(p->r) == 0)
		return 0;
	if ((para = ds_page_el(p, at, "p", NULL)) == NULL ||
	    ds_page_text(p, para, "Sort by: ") < 0 ||
	    sort_choice(p, para, CGI_SORT_RELEVANCE, "relevance") < 0 ||
	    ds_page_text(p, para, SEP) < 0 ||
	    sort_choice(p, para, CGI_SORT_DATE, "date") < 0 ||
	    ds_page_nl(p, at) < 0)
		return -1;
	return 1;
}

/* ---- pagination --------------------------------------------------------- */

/* <li><a href=PAGE rel=REL>text</a></li> in ul. */
static int
page_item(struct ds_page *p, xmlNodePtr ul, unsigned page, const char *rel,
	  const char *text)
{
	struct ds_page_link l;
	xmlNodePtr li, a;

	ds_page_link_here(p, &l);
	l.page = page;
	return (li = ds_page_el(p, ul, "li", NULL)) == NULL ||
			       (a = ds_page_a(p, li, &l, NULL, text)) == NULL ||
			       (rel != NULL &&
				ds_page_attr(a, "rel", rel) < 0) ||
			       ds_page_nl(p, ul) < 0
		       ? -1
		       : 0;
}

int
ds_page_pagination(struct ds_page *p, xmlNodePtr at)
{
	unsigned pages = pages_of(p), cur = p->page, first, last;
	uint64_t end, i;	/* 64 bits: last may be UINT_MAX */
	xmlNodePtr nav = at, ul, li, n;
	char num[24];

	if (pages == 0 || (pages == 1 && cur <= 1))
		return 0;
	if (!ds_page_is(at, "nav")) {
		if ((nav = ds_page_el(p, at, "nav", NULL)) == NULL)
			return -1;
	}
	if (!xmlHasProp(nav, BAD_CAST "aria-label") &&
	    ds_page_attr(nav, "aria-label", "Pages") < 0)
		return -1;
	if (ds_page_nl(p, nav) < 0 ||
	    (ul = ds_page_el(p, nav, "ul", NULL)) == NULL ||
	    ds_page_nl(p, ul) < 0)
		return -1;
	/* WINDOW pages either side, more on one side at either end. */
	first = cur > WINDOW ? cur - WINDOW : 1;
	end = (uint64_t)first + 2 * WINDOW;
	last = end < pages ? (unsigned)end : pages;
	if (end > pages)
		first = last > 2 * WINDOW ? last - 2 * WINDOW : 1;
	if (cur > 1 && page_item(p, ul, cur - 1 < pages ? cur - 1 : pages,
				 "prev", "Previous") < 0)
		return -1;
	for (i = first; i <= last; i++) {
		snprintf(num, sizeof num, "%llu", (unsigned long long)i);
		if (i != cur) {
			if (page_item(p, ul, (unsigned)i, NULL, num) < 0)
				return -1;
			continue;
		}
		if ((li = ds_page_el(p, ul, "li", NULL)) == NULL ||
		    (n = ds_page_el(p, li, "span", "current")) == NULL ||
		    ds_page_attr(n, "aria-current", "page") < 0 ||
		    ds_page_text(p, n, num) < 0 || ds_page_nl(p, ul) < 0)
			return -1;
	}
	if (cur < pages && page_item(p, ul, cur + 1, "next", "Next") < 0)
		return -1;
	return ds_page_nl(p, nav) < 0 ? -1 : 1;
}
