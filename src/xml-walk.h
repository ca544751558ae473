/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xml-walk.h: the XML extractor's inside: the walk over a parsed tree
 * (xml-walk.c) and the store of what its rules read (xml-fields.c).
 *
 * extract-xml.c parses; ds_xml_walk() turns the tree into a struct ds_doc
 * by the rules of the document's dialect (xml-dialect.h); every value a
 * rule reads goes through ds_xml_field_set(), which keeps the best-ranked
 * one per field.  Private to libdossier.  Invariants: no global state
 * (several threads may walk at once), no recursion (the walk keeps its own
 * stack, bounded), the tree is read and never changed, entity references
 * are never followed, and every copy is capped.
 */
#ifndef DOSSIER_XML_WALK_H
#define DOSSIER_XML_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "doc.h"
#include "error.h"
#include "xml-dialect.h"

/* Bytes kept of a year, month or day element of a date. */
#define DS_XML_YMD_MAX 8

/* The fields of one document, as the rules read them. */
struct ds_xml_fields {
	struct ds_doc *doc;
	struct ds_error *err;
	const struct ds_xml_dialect *d;
	struct ds_xml_meta *meta;	/* parts kept for the hooks */
	bool have[DS_XF_COUNT];		/* fields the document gave */
	unsigned char rank[DS_XF_COUNT];	/* ... at this rank */
	size_t nidents;			/* identifiers taken so far */
};

/*
 * Store what rule r read, s[0..n) (the text, or the attribute's value),
 * in the field r names: a string field if r's rank beats what the document
 * gave so far (the caller's own values are replaced only by the
 * document's), a date if it parses (from the year/month/day parts in ymd,
 * if not NULL and a year is there), an identifier (at most 64 per
 * document), a part for the hooks.  Values that do not parse are ignored.
 * Returns 0, or a negative DS_E* code (out of memory).
 */
int ds_xml_field_set(struct ds_xml_fields *f, const struct ds_xml_rule *r,
		     const char *s, size_t n,
		     const char (*ymd)[DS_XML_YMD_MAX]);

/* What the walk lost, for the extractor's warnings. */
struct ds_xml_walk_stats {
	size_t dropped;		/* entity references not expanded */
	bool too_deep;		/* elements below the walk's own depth limit
				   were left out */
};

/*
 * Fill doc from the tree under root: choose the dialect (doc->dialect),
 * walk the tree for text, sections and fields, run the dialect's finish
 * hook, apply its default type and publisher where nothing else gave one,
 * and look for UK paper numbers in the title.  `name` (a path, or NULL)
 * is passed to the hooks.  Fills *st.  Returns 0, or a negative DS_E*
 * code (out of memory) with err set; doc then holds what was done so far.
 */
int ds_xml_walk(const xmlNode *root, const char *name, struct ds_doc *doc,
		struct ds_xml_walk_stats *st, struct ds_error *err);

#endif /* DOSSIER_XML_WALK_H */
