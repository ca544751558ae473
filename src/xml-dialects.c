/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xml-dialects.c: which XML dialect a document is written in, and the rule
 * tables of the documentation and publishing dialects (Akoma Ntoso,
 * DocBook, JATS, Mallard) and of the generic path.
 *
 * The legislation dialects are in xml-legislation.c, Hansard in
 * xml-hansard.c.  dialects[] below is the order they are tried in: the
 * most specific first (a root name and a namespace), the generic dialect,
 * which matches anything, last.  See xml-dialect.h for what a rule says.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xml-dialect.h"

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* ---------------------------------------------------------------------
 * Namespaces rules may name by prefix
 * ------------------------------------------------------------------- */

static const struct {
	const char *prefix, *uri;
} namespaces[] = {
	{ "atom", "http://www.w3.org/2005/Atom" },
	{ "dc", "http://purl.org/dc/elements/1.1/" },
	{ "dct", "http://purl.org/dc/terms/" },
	{ "lims", "http://justice.gc.ca/lims" },
	{ "ukm", "http://www.legislation.gov.uk/namespaces/metadata" },
	{ "xlink", "http://www.w3.org/1999/xlink" },
	{ "xml", "http://www.w3.org/XML/1998/namespace" },
};

const char *
ds_xml_ns_uri(const char *prefix, size_t len)
{
	size_t i;

	for (i = 0; i < COUNT(namespaces); i++)
		if (strlen(namespaces[i].prefix) == len &&
		    strncmp(namespaces[i].prefix, prefix, len) == 0)
			return namespaces[i].uri;
	return NULL;
}

static const char *const id_anchors[] = { "id", NULL };
static const char *const xmlid_anchors[] = { "xml:id", "id", NULL };

/* ---------------------------------------------------------------------
 * Akoma Ntoso (OASIS LegalDocML): acts, bills, debates, judgments
 * ------------------------------------------------------------------- */

static const char *const akn_ns[] = {
	"http://docs.oasis-open.org/legaldocml/ns/akn/3.0",
	"http://www.akomantoso.org/2.0",
	NULL
};
static const char *const akn_roots[] = { "akomaNtoso", NULL };
static const char *const akn_anchors[] = { "eId", "id", "wId", NULL };

static const struct ds_xml_rule akn_rules[] = {
	DS_XMETA("meta", NULL),
	DS_XATTR("FRBRdate", "FRBRWork", DS_XF_DATE, 1, "date"),
	DS_XATTR("FRBRdate", "FRBRExpression", DS_XF_MODIFIED, 1, "date"),
	DS_XATTR("FRBRlanguage", "FRBRExpression", DS_XF_LANG, 1,
		 "language"),
	{ .name = "FRBRthis", .context = "FRBRWork", .field = DS_XF_IDENT,
	  .attr = "value", .label = "akn" },
	DS_XATTR("publication", NULL, DS_XF_PUBLISHER, 1, "showAs"),
	DS_XATTR("docDate", NULL, DS_XF_DATE, 0, "date"),
	DS_XFIELD("docTitle", NULL, DS_XF_TITLE, 0),
	DS_XFIELD("shortTitle", NULL, DS_XF_TITLE, 1),
	DS_XFIELD("docProponent", NULL, DS_XF_AUTHOR, 0),
	DS_XSKIP("from", NULL),		/* the speaker: see akn_speech() */
	DS_XSPEECH("speech", NULL),
	DS_XSPEECH("question", NULL),
	DS_XSPEECH("answer", NULL),
	DS_XSEC("book", NULL, NULL), DS_XSEC("tome", NULL, NULL),
	DS_XSEC("part", NULL, NULL), DS_XSEC("subpart", NULL, NULL),
	DS_XSEC("title", NULL, NULL), DS_XSEC("subtitle", NULL, NULL),
	DS_XSEC("chapter", NULL, NULL), DS_XSEC("subchapter", NULL, NULL),
	DS_XSEC("division", NULL, NULL), DS_XSEC("subdivision", NULL, NULL),
	DS_XSEC("article", NULL, NULL), DS_XSEC("section", NULL, NULL),
	DS_XSEC("subsection", NULL, NULL), DS_XSEC("hcontainer", NULL, NULL),
	DS_XSEC("debateSection", NULL, NULL),
	DS_XSEC("attachment", NULL, NULL),
	DS_XNUM("num", NULL),
	DS_XHEAD("heading", NULL, 0),
	DS_XHEAD("subheading", NULL, 0),
};

/* An Akoma Ntoso speech's speaker: its <from>, else its by="#ref". */
static int
akn_speech(const xmlNode *n, struct ds_xml_speech *sp)
{
	const xmlNode *from = ds_xml_child(n, "from");
	const char *by;
	char t[sizeof sp->speaker];

	if (from != NULL) {
		size_t k = ds_xml_text(from, t, sizeof t);

		ds_xml_squeeze(t, k, sp->speaker, sizeof sp->speaker);
	} else if ((by = ds_xml_attr(n, "by")) != NULL) {
		by += by[0] == '#';
		ds_xml_squeeze(by, strlen(by), sp->speaker, sizeof sp->speaker);
	}
	return 0;
}

/* The type of an Akoma Ntoso document: the name of the root's child. */
static int
akn_finish(struct ds_xml_meta *m, const xmlNode *root)
{
	static const struct {
		const char *element, *type;
	} types[] = {
		{ "act", "legislation" }, { "bill", "bill" },
		{ "amendment", "bill" }, { "debate", "debate" },
		{ "debateReport", "debate" }, { "judgment", "judgment" },
		{ "doc", "report" }, { "statement", "report" },
		{ "officialGazette", "gazette" },
	};
	const xmlNode *c;
	size_t i;

	for (c = root->children; c && c->type != XML_ELEMENT_NODE; c = c->next)
		;
	if (c == NULL || m->doc->type != NULL)
		return 0;
	for (i = 0; i < COUNT(types); i++)
		if (strcmp(ds_xml_local_name(c), types[i].element) == 0)
			return ds_doc_set_field(&m->doc->type, types[i].type,
						strlen(types[i].type), m->err);
	return 0;
}

static const struct ds_xml_dialect akn = {
	.name = "akn", .roots = akn_roots, .ns = akn_ns,
	.anchors = akn_anchors,
	.rules = akn_rules, .nrules = COUNT(akn_rules),
	.speech = akn_speech, .finish = akn_finish,
};

/* ---------------------------------------------------------------------
 * JATS (Journal Article Tag Suite, NISO Z39.96)
 * ------------------------------------------------------------------- */

static const char *const jats_roots[] = { "article", NULL };

static const struct ds_xml_rule jats_rules[] = {
	DS_XSEC("article", NULL, NULL),
	{ .name = "front", .role = DS_XR_HEADGROUP, .flags = DS_XG_META },
	DS_XGROUP("article-meta", "front"),
	DS_XGROUP("title-group", "article-meta"),
	DS_XHEAD("article-title", "title-group", 0),
	DS_XFIELD("article-title", "title-group", DS_XF_TITLE, 0),
	DS_XFIELD("publisher-name", NULL, DS_XF_PUBLISHER, 0),
	DS_XFIELD("pub-date", NULL, DS_XF_DATE, 0),
	{ .name = "article-id", .cond = "pub-id-type=doi",
	  .field = DS_XF_IDENT, .label = "doi" },
	{ .name = "abstract", .role = DS_XR_SECTION, .flags = DS_XG_BODY,
	  .label = "Abstract" },
	DS_XFIELD("abstract", NULL, DS_XF_DESCRIPTION, 0),
	{ .name = "kwd-group", .role = DS_XR_BLOCK, .flags = DS_XG_BODY },
	DS_XSKIP("permissions", NULL), DS_XSKIP("history", NULL),
	DS_XSKIP("counts", NULL), DS_XSKIP("self-uri", NULL),
	DS_XBLOCK("title", "caption"),
	DS_XSEC("sec", NULL, NULL), DS_XSEC("app", NULL, NULL),
	DS_XSEC("ack", NULL, "Acknowledgements"),
	DS_XSEC("ref-list", NULL, "References"),
	DS_XSEC("glossary", NULL, NULL),
	DS_XHEAD("title", NULL, 0),
	DS_XNUM("label", NULL),
	DS_XINLINE("xref", NULL),
};

/* The first author of a JATS article, "Given Surname" (the table would
 * read <name><surname><given-names> in source order). */
static int
jats_finish(struct ds_xml_meta *m, const xmlNode *root)
{
	const xmlNode *n = root, *c, *name;
	const char *path[] = { "front", "article-meta", "contrib-group", NULL };
	char given[128], surname[128], both[260];
	size_t i, g, s;

	for (i = 0; path[i] && n; i++)
		n = ds_xml_child(n, path[i]);
	if (n == NULL)
		return 0;
	for (c = ds_xml_child(n, "contrib"); c; c = ds_xml_next_element(c)) {
		const char *type = ds_xml_attr(c, "contrib-type");

		if (strcmp(ds_xml_local_name(c), "contrib") == 0 &&
		    (type == NULL || strcmp(type, "author") == 0))
			break;
	}
	if (c == NULL || (name = ds_xml_child(c, "name")) == NULL)
		return 0;
	g = ds_xml_child(name, "given-names") ?
	    ds_xml_text(ds_xml_child(name, "given-names"), given,
			sizeof given) : 0;
	s = ds_xml_child(name, "surname") ?
	    ds_xml_text(ds_xml_child(name, "surname"), surname,
			sizeof surname) : 0;
	if (s == 0)
		return 0;
	snprintf(both, sizeof both, "%.*s %.*s", (int)g, given, (int)s,
		 surname);
	return ds_doc_set_field(&m->doc->author, both, strlen(both), m->err);
}

static const struct ds_xml_dialect jats = {
	.name = "jats", .roots = jats_roots, .child = "front",
	.type = "article", .anchors = id_anchors,
	.rules = jats_rules, .nrules = COUNT(jats_rules),
	.finish = jats_finish,
};

/* ---------------------------------------------------------------------
 * DocBook 4 (no namespace) and 5
 * ------------------------------------------------------------------- */

static const char *const docbook5_ns[] = { "http://docbook.org/ns/docbook",
					   NULL };
static const char *const docbook4_roots[] = {
	"book", "article", "chapter", "part", "set", "reference", "refentry",
	"appendix", "preface", "section", "sect1", "glossary", "bibliography",
	NULL
};

#define DOCBOOK_INFO(n) { .name = n, .role = DS_XR_HEADGROUP, \
			  .flags = DS_XG_META }
#define DOCBOOK_FORMAL_TITLE(parent) DS_XBLOCK("title", parent)

static const struct ds_xml_rule docbook_rules[] = {
	DOCBOOK_INFO("info"), DOCBOOK_INFO("bookinfo"),
	DOCBOOK_INFO("articleinfo"), DOCBOOK_INFO("chapterinfo"),
	DOCBOOK_INFO("sectioninfo"), DOCBOOK_INFO("sect1info"),
	DOCBOOK_INFO("sect2info"), DOCBOOK_INFO("prefaceinfo"),
	DOCBOOK_INFO("appendixinfo"), DOCBOOK_INFO("partinfo"),
	DOCBOOK_INFO("setinfo"), DOCBOOK_INFO("refmeta"),
	DS_XFIELD("author", NULL, DS_XF_AUTHOR, 0),
	DS_XFIELD("corpauthor", NULL, DS_XF_AUTHOR, 1),
	DS_XFIELD("pubdate", NULL, DS_XF_DATE, 0),
	DS_XFIELD("date", "info", DS_XF_DATE, 1),
	DS_XFIELD("publishername", NULL, DS_XF_PUBLISHER, 0),
	{ .name = "abstract", .role = DS_XR_BLOCK, .flags = DS_XG_BODY,
	  .field = DS_XF_DESCRIPTION },
	DS_XSKIP("legalnotice", NULL), DS_XSKIP("copyright", NULL),
	DS_XSKIP("revhistory", NULL), DS_XSKIP("releaseinfo", NULL),
	DS_XSKIP("titleabbrev", NULL), DS_XSKIP("indexterm", NULL),
	DS_XSKIP("remark", NULL),
	/* Titles of figures, tables, examples... are not section headings. */
	DOCBOOK_FORMAL_TITLE("figure"), DOCBOOK_FORMAL_TITLE("table"),
	DOCBOOK_FORMAL_TITLE("example"), DOCBOOK_FORMAL_TITLE("equation"),
	DOCBOOK_FORMAL_TITLE("sidebar"), DOCBOOK_FORMAL_TITLE("procedure"),
	DOCBOOK_FORMAL_TITLE("note"), DOCBOOK_FORMAL_TITLE("tip"),
	DOCBOOK_FORMAL_TITLE("warning"), DOCBOOK_FORMAL_TITLE("caution"),
	DOCBOOK_FORMAL_TITLE("important"), DOCBOOK_FORMAL_TITLE("formalpara"),
	DOCBOOK_FORMAL_TITLE("itemizedlist"),
	DOCBOOK_FORMAL_TITLE("orderedlist"),
	DOCBOOK_FORMAL_TITLE("variablelist"),
	DOCBOOK_FORMAL_TITLE("blockquote"),
	DS_XSEC("set", NULL, NULL), DS_XSEC("book", NULL, NULL),
	DS_XSEC("part", NULL, NULL), DS_XSEC("chapter", NULL, NULL),
	DS_XSEC("appendix", NULL, NULL), DS_XSEC("preface", NULL, NULL),
	DS_XSEC("article", NULL, NULL), DS_XSEC("section", NULL, NULL),
	DS_XSEC("sect1", NULL, NULL), DS_XSEC("sect2", NULL, NULL),
	DS_XSEC("sect3", NULL, NULL), DS_XSEC("sect4", NULL, NULL),
	DS_XSEC("sect5", NULL, NULL), DS_XSEC("simplesect", NULL, NULL),
	DS_XSEC("refentry", NULL, NULL), DS_XSEC("refsection", NULL, NULL),
	DS_XSEC("refsect1", NULL, NULL), DS_XSEC("refsect2", NULL, NULL),
	DS_XSEC("refsect3", NULL, NULL), DS_XSEC("reference", NULL, NULL),
	DS_XSEC("glossary", NULL, "Glossary"),
	DS_XSEC("bibliography", NULL, "Bibliography"),
	DS_XSEC("colophon", NULL, NULL), DS_XSEC("dedication", NULL, NULL),
	DS_XSEC("acknowledgements", NULL, "Acknowledgements"),
	DS_XSEC("topic", NULL, NULL),
	DS_XHEAD("title", NULL, 0),
	DS_XFIELD("title", NULL, DS_XF_TITLE, 1),
	DS_XHEAD("refentrytitle", NULL, 0),
	DS_XFIELD("refentrytitle", NULL, DS_XF_TITLE, 1),
	DS_XNUM("label", NULL),
};

static const struct ds_xml_dialect docbook5 = {
	.name = "docbook", .ns = docbook5_ns, .type = "documentation",
	.anchors = xmlid_anchors,
	.rules = docbook_rules, .nrules = COUNT(docbook_rules),
};

static const struct ds_xml_dialect docbook4 = {
	.name = "docbook", .roots = docbook4_roots, .type = "documentation",
	.anchors = xmlid_anchors,
	.rules = docbook_rules, .nrules = COUNT(docbook_rules),
};

/* ---------------------------------------------------------------------
 * Mallard (GNOME and other help pages)
 * ------------------------------------------------------------------- */

static const char *const mallard_ns[] = { "http://projectmallard.org/1.0/",
					  NULL };
static const char *const mallard_roots[] = { "page", NULL };

static const struct ds_xml_rule mallard_rules[] = {
	{ .name = "info", .role = DS_XR_HEADGROUP, .flags = DS_XG_META },
	DS_XSKIP("title", "info"),	/* link and sort titles */
	DS_XFIELD("name", "credit", DS_XF_AUTHOR, 0),
	DS_XATTR("revision", "info", DS_XF_DATE, 0, "date"),
	DS_XFIELD("desc", "info", DS_XF_DESCRIPTION, 0),
	DS_XSKIP("comment", NULL), DS_XSKIP("links", NULL),
	DS_XSEC("page", NULL, NULL), DS_XSEC("section", NULL, NULL),
	DS_XHEAD("title", NULL, 0),
	DS_XFIELD("title", "page", DS_XF_TITLE, 0),
};

static const struct ds_xml_dialect mallard = {
	.name = "mallard", .roots = mallard_roots, .ns = mallard_ns,
	.type = "documentation", .anchors = id_anchors,
	.rules = mallard_rules, .nrules = COUNT(mallard_rules),
};

/* ---------------------------------------------------------------------
 * Generic: any other XML
 * ------------------------------------------------------------------- */

static const struct ds_xml_rule generic_rules[] = {
	DS_XMETA("metadata", NULL),
	DS_XSKIP("script", NULL), DS_XSKIP("style", NULL),
	DS_XFIELD("dc:title", NULL, DS_XF_TITLE, 0),
	DS_XFIELD("dct:title", NULL, DS_XF_TITLE, 0),
	DS_XFIELD("title", NULL, DS_XF_TITLE, 1),
	DS_XFIELD("ShortTitle", NULL, DS_XF_TITLE, 1),
	DS_XFIELD("docTitle", NULL, DS_XF_TITLE, 1),
	DS_XFIELD("h1", NULL, DS_XF_TITLE, 2),
	DS_XFIELD("heading", NULL, DS_XF_TITLE, 3),
	DS_XFIELD("dc:date", NULL, DS_XF_DATE, 0),
	DS_XFIELD("dct:issued", NULL, DS_XF_DATE, 0),
	DS_XFIELD("dct:created", NULL, DS_XF_DATE, 1),
	DS_XFIELD("date", NULL, DS_XF_DATE, 2),
	DS_XFIELD("pubDate", NULL, DS_XF_DATE, 2),
	DS_XFIELD("published", NULL, DS_XF_DATE, 2),
	DS_XFIELD("dc:modified", NULL, DS_XF_MODIFIED, 0),
	DS_XFIELD("dct:modified", NULL, DS_XF_MODIFIED, 0),
	DS_XFIELD("modified", NULL, DS_XF_MODIFIED, 1),
	DS_XFIELD("updated", NULL, DS_XF_MODIFIED, 1),
	DS_XFIELD("dc:publisher", NULL, DS_XF_PUBLISHER, 0),
	DS_XFIELD("dct:publisher", NULL, DS_XF_PUBLISHER, 0),
	DS_XFIELD("publisher", NULL, DS_XF_PUBLISHER, 1),
	DS_XFIELD("dc:creator", NULL, DS_XF_AUTHOR, 0),
	DS_XFIELD("author", NULL, DS_XF_AUTHOR, 1),
	DS_XFIELD("dc:language", NULL, DS_XF_LANG, 0),
	DS_XFIELD("dc:description", NULL, DS_XF_DESCRIPTION, 0),
	DS_XFIELD("abstract", NULL, DS_XF_DESCRIPTION, 1),
	DS_XFIELD("summary", NULL, DS_XF_DESCRIPTION, 1),
	DS_XSEC("section", NULL, NULL), DS_XSEC("sec", NULL, NULL),
	DS_XSEC("chapter", NULL, NULL), DS_XSEC("part", NULL, NULL),
	DS_XHEAD("title", NULL, 0), DS_XHEAD("heading", NULL, 0),
	DS_XHEAD("h1", NULL, 1), DS_XHEAD("h2", NULL, 2),
	DS_XHEAD("h3", NULL, 3), DS_XHEAD("h4", NULL, 4),
	DS_XHEAD("h5", NULL, 5), DS_XHEAD("h6", NULL, 6),
};

static const struct ds_xml_dialect generic = {
	.name = NULL, .any_ns = true, .anchors = xmlid_anchors,
	.rules = generic_rules, .nrules = COUNT(generic_rules),
};

/* ---------------------------------------------------------------------
 * Matching rules
 * ------------------------------------------------------------------- */


/* Whether element n's name matches a rule's name. */
static bool
name_matches(const struct ds_xml_dialect *d, const char *root_ns,
	     const xmlNode *n, const char *rname)
{
	const char *colon = strchr(rname, ':'), *uri;
	const char *href = n->ns && n->ns->href ? (const char *)n->ns->href :
			   NULL;

	if (colon != NULL) {
		uri = ds_xml_ns_uri(rname, (size_t)(colon - rname));
		return uri && href && strcmp(uri, href) == 0 &&
		       strcmp(colon + 1, ds_xml_local_name(n)) == 0;
	}
	if (strcmp(rname, ds_xml_local_name(n)) != 0)
		return false;
	if (d->any_ns)
		return true;
	return root_ns == NULL ? href == NULL :
	       href != NULL && strcmp(href, root_ns) == 0;
}

/* Whether n's parent (and grandparent) are as "grand/parent" says. */
static bool
context_matches(const xmlNode *n, const char *ctx)
{
	const char *slash = strchr(ctx, '/');
	const xmlNode *p = n->parent, *g;
	size_t k;

	if (p == NULL || p->type != XML_ELEMENT_NODE)
		return false;
	if (slash == NULL)
		return strcmp(ds_xml_local_name(p), ctx) == 0;
	if (strcmp(ds_xml_local_name(p), slash + 1) != 0)
		return false;
	g = p->parent;
	k = (size_t)(slash - ctx);
	return g && g->type == XML_ELEMENT_NODE &&
	       strlen(ds_xml_local_name(g)) == k &&
	       strncmp(ds_xml_local_name(g), ctx, k) == 0;
}

/* Whether n satisfies "attribute=value". */
static bool
cond_holds(const xmlNode *n, const char *cond)
{
	const char *eq = strchr(cond, '='), *v;
	char attr[64];
	size_t k = eq ? (size_t)(eq - cond) : 0;

	if (eq == NULL || k == 0 || k >= sizeof attr)
		return false;
	memcpy(attr, cond, k);
	attr[k] = '\0';
	return (v = ds_xml_attr(n, attr)) != NULL && strcmp(v, eq + 1) == 0;
}

bool
ds_xml_rule_matches(const struct ds_xml_dialect *d, const char *root_ns,
		    const xmlNode *n, const struct ds_xml_rule *r)
{
	return name_matches(d, root_ns, n, r->name) &&
	       (r->context == NULL || context_matches(n, r->context)) &&
	       (r->cond == NULL || cond_holds(n, r->cond));
}

/* ---------------------------------------------------------------------
 * Choosing one
 * ------------------------------------------------------------------- */

/* In the order they are tried: see the opening comment. */
static const struct ds_xml_dialect *const dialects[] = {
	&ds_xml_hansard, &ds_xml_clml, &ds_xml_canada, &ds_xml_uslm_law,
	&ds_xml_uslm_bill, &ds_xml_billstatus, &akn, &jats, &docbook5,
	&docbook4, &mallard, &generic,
};

/* Whether s is in the NULL-ended list (a NULL list holds everything). */
static bool
listed(const char *const *list, const char *s)
{
	if (list == NULL)
		return true;
	for (; *list; list++)
		if (s != NULL && strcmp(*list, s) == 0)
			return true;
	return false;
}

const struct ds_xml_dialect *
ds_xml_dialect_find(const xmlNode *root)
{
	const char *href = root->ns && root->ns->href ?
			   (const char *)root->ns->href : NULL;
	const struct ds_xml_dialect *d;
	size_t i;

	for (i = 0; i < COUNT(dialects); i++) {
		d = dialects[i];
		if (!listed(d->roots, ds_xml_local_name(root)))
			continue;
		if (!d->any_ns && (d->ns == NULL ? href != NULL :
				   !listed(d->ns, href)))
			continue;
		if (d->child != NULL && ds_xml_child(root, d->child) == NULL)
			continue;
		return d;
	}
	return &generic;
}
