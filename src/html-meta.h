/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * html-meta.h: an HTML page's metadata, from its <head> and its text.
 *
 * Private to extract-html.c, in two steps.  While the extractor walks the
 * whole tree once, it hands every element to ds_html_meta_element(), which
 * notes the first value of each source (<title>, <html lang>, each kind of
 * <meta>, <link rel=canonical>, <time pubdate>) in a struct ds_html_meta.
 * Once the text is in the document, ds_html_meta_apply() picks, for each
 * field, the first source in its order of preference that gives a usable
 * value (a date that parses, a URL that is absolute, a language tag that is
 * one), and stores it.  The orders are written down in doc/extraction.md.
 *
 * Invariants: a struct ds_html_meta holds pointers borrowed from the parsed
 * tree, so it must not outlive it; it owns nothing and needs no release.
 * Nothing here keeps global state: several threads may extract at once.
 */
#ifndef DOSSIER_HTML_META_H
#define DOSSIER_HTML_META_H

#include <libxml/tree.h>

#include "doc.h"
#include "error.h"

/* Where a value can come from, one slot each (the first one seen wins). */
enum ds_html_meta_src {
	DS_META_OG_TITLE,	/* og:title */
	DS_META_DC_TITLE,	/* DC.title, dcterms.title, citation_title */
	DS_META_DESCRIPTION,	/* description */
	DS_META_OG_DESCRIPTION,	/* og:description */
	DS_META_DC_DESCRIPTION,	/* DC.description, dcterms.abstract... */
	DS_META_AUTHOR,		/* author */
	DS_META_DC_CREATOR,	/* DC.creator, dcterms.creator */
	DS_META_ARTICLE_AUTHOR,	/* article:author (unless a URL) */
	DS_META_CITATION_AUTHOR,	/* citation_author */
	DS_META_DC_PUBLISHER,	/* DC.publisher, dcterms.publisher */
	DS_META_CITATION_PUBLISHER,	/* citation_publisher */
	DS_META_GOVUK_ORG,	/* govuk:primary-publishing-organisation */
	DS_META_GOVUK_ORGS,	/* govuk:organisations (names, not codes) */
	DS_META_SITE_NAME,	/* og:site_name */
	DS_META_APP_NAME,	/* application-name (title suffixes only) */
	DS_META_ISSUED,		/* DC.date.issued, dcterms.issued */
	DS_META_GOVUK_FIRST,	/* govuk:first-published-at */
	DS_META_ARTICLE_PUB,	/* article:published_time */
	DS_META_ITEMPROP_PUB,	/* itemprop=datePublished, <time pubdate> */
	DS_META_CITATION_DATE,	/* citation_publication_date, citation_date */
	DS_META_DC_DATE,	/* DC.date, dcterms.date */
	DS_META_CREATED,	/* DC.date.created, dcterms.created */
	DS_META_MODIFIED,	/* DC.date.modified, dcterms.modified */
	DS_META_ARTICLE_MOD,	/* article:modified_time, og:updated_time */
	DS_META_GOVUK_UPDATED,	/* govuk:public-updated-at */
	DS_META_GOVUK_UPDATED_ANY,	/* govuk:updated-at */
	DS_META_ITEMPROP_MOD,	/* itemprop=dateModified */
	DS_META_LAST_MODIFIED,	/* http-equiv=last-modified */
	DS_META_CONTENT_LANG,	/* http-equiv=content-language */
	DS_META_DC_LANG,	/* DC.language, dcterms.language */
	DS_META_GOVUK_DOCTYPE,	/* govuk:document-type */
	DS_META_GOVUK_FORMAT,	/* govuk:format */
	DS_META_GOVUK_SCHEMA,	/* govuk:schema-name */
	DS_META_DC_TYPE,	/* DC.type, dcterms.type */
	DS_META_OG_TYPE,	/* og:type */
	DS_META_NSRC
};

/* What the tree says about the page; every pointer borrowed from it. */
struct ds_html_meta {
	const char *src[DS_META_NSRC];	/* first non-blank value of each */
	const char *lang;		/* <html lang> or xml:lang */
	const xmlNode *title;		/* the first <title> outside svg/math */
	const char *canonical;		/* <link rel=canonical href> */
};

/* Empty, ready for ds_html_meta_element(). */
void ds_html_meta_init(struct ds_html_meta *m);

/*
 * Note what element n (local name `name`, lower case) says, if anything:
 * <html lang>, <title>, <meta> (keyed by name, property, itemprop or
 * http-equiv; DC.x and dc:x alike, case ignored), <link rel=canonical>,
 * <time pubdate> and <time itemprop=datePublished>.  Call it for every
 * element in document order; the first value of each source is kept.
 */
void ds_html_meta_element(struct ds_html_meta *m, const xmlNode *n,
			  const char *name);

/*
 * Set doc's title, description, author, publisher, date, modified, lang,
 * url (canonical), type and identifiers from m, the first h1 (cleaned; ""
 * if none), the first <time> element of the main content (or NULL) and the
 * text already in doc (for "Published 12 June 2014" and the cover page's
 * identifiers).  Fields no source gives keep their old values.  Returns 0
 * or DS_ENOMEM.
 */
int ds_html_meta_apply(const struct ds_html_meta *m, const char *h1,
		       const xmlNode *time, struct ds_doc *doc,
		       struct ds_error *err);

#endif /* DOSSIER_HTML_META_H */
