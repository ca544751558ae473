/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xml-dialect.h: the XML dialects Dossier knows, written as data.
 *
 * extract-xml.c walks every XML document the same way, iteratively, and
 * asks a dialect what each element is: a section, its heading or number,
 * a speech, metadata to leave out of the text, the title, a date, an
 * identifier...  A dialect is chosen by the root element's local name and
 * namespace (xml-dialects.c holds the list, most specific first, ending with
 * the generic dialect that matches anything).  Adding a dialect is adding a
 * rule table and a list entry; what a table cannot say (composing "2014 asp
 * 10" from three elements, Hansard's sitting date in the file name) goes in
 * a small hook of the dialect's own, never in a copy of the walker.
 *
 * Private to libdossier.  Invariants:
 *
 *  - Everything here reads the tree without changing it, never follows an
 *    entity reference's children, never calls xmlNodeGetContent() or
 *    xmlGetProp() (which expand entities without bound), and never recurses:
 *    subtree text is gathered with a bounded, iterative walk.
 *  - Strings borrowed from the tree (ds_xml_attr) live as long as the tree.
 *  - No global state: hooks are reentrant and get all they need as
 *    arguments.
 */
#ifndef DOSSIER_XML_DIALECT_H
#define DOSSIER_XML_DIALECT_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "date.h"
#include "doc.h"
#include "error.h"

/* What an element is to the walker (its structure). */
enum ds_xml_role {
	DS_XR_AUTO = 0,	/* inline in mixed content, else a block */
	DS_XR_BLOCK,	/* paragraph breaks before and after */
	DS_XR_SPACE,	/* a word break before and after */
	DS_XR_INLINE,	/* glued to the text around it */
	DS_XR_SKIP,	/* left out, with everything inside */
	DS_XR_SECTION,	/* starts a section; its heading comes from the
			   DS_XR_NUMBER and DS_XR_HEADING elements that open
			   it, else from the rule's label */
	DS_XR_HEADGROUP, /* a wrapper whose headings and numbers still
			   belong to the section around it (info, P1) */
	DS_XR_HEADING,	/* a section's heading; outside one, a heading of
			   its own that starts a section (like HTML's h2) */
	DS_XR_NUMBER,	/* a section's number ("PART 1", "Sec. 101.") */
	DS_XR_SPEECH	/* a section with a speaker (debates) */
};

/* What an element's text (or one of its attributes) fills. */
enum ds_xml_field {
	DS_XF_NONE = 0,
	DS_XF_TITLE,
	DS_XF_DATE,	/* via ds_date_parse(), or year/month/day children */
	DS_XF_MODIFIED,
	DS_XF_PUBLISHER,
	DS_XF_AUTHOR,
	DS_XF_LANG,
	DS_XF_DESCRIPTION,
	DS_XF_IDENT,	/* an identifier: scheme in the label, the value as
			   displayed; no label: the dialect's cite hook */
	DS_XF_SCAN,	/* text for ds_ident_scan(), after the label */
	DS_XF_PART,	/* kept in ds_xml_meta.part[rank] for the hooks */
	DS_XF_COUNT
};

/* Flags of a rule (DS_XG_*). */
#define DS_XG_META 0x01	/* the subtree's text is not body text */
#define DS_XG_BODY 0x02	/* the subtree's text is body text again */
#define DS_XG_HTML 0x04	/* text nodes hold escaped HTML: drop the tags */
#define DS_XG_FIND 0x08	/* a date field: the date may be inside a phrase */

/*
 * One rule: an element, where it is, and what it means.  Every rule that
 * matches an element contributes its field; the first that matches with a
 * role other than DS_XR_AUTO gives the structure.
 */
struct ds_xml_rule {
	const char *name;	/* local name, or "prefix:local" with a prefix
				   ds_xml_ns_uri() knows; unprefixed names
				   match the root's namespace (any namespace
				   in dialects with any_ns) */
	const char *context;	/* "parent" or "grandparent/parent" (local
				   names), or NULL for anywhere */
	const char *cond;	/* "attribute=value" that must hold, or NULL */
	unsigned char role;	/* enum ds_xml_role */
	unsigned char field;	/* enum ds_xml_field */
	unsigned char rank;	/* fields: lower wins, ties to the first;
				   DS_XF_PART: the part's index; headings:
				   the level (0: the element's "level"
				   attribute, else its depth) */
	unsigned char flags;	/* DS_XG_* */
	const char *attr;	/* a field: read this attribute, not the
				   text; a speech: the speaker's attribute */
	const char *label;	/* a section: its heading when it has none;
				   a speech: the heading before any other;
				   DS_XF_IDENT: the scheme; DS_XF_SCAN: a
				   prefix for the text ("ISBN") */
};

/* Shorthands for writing rule tables: name, context (NULL: anywhere). */
#define DS_XSKIP(n, c) { .name = n, .context = c, .role = DS_XR_SKIP }
#define DS_XBLOCK(n, c) { .name = n, .context = c, .role = DS_XR_BLOCK }
#define DS_XSPACE(n, c) { .name = n, .context = c, .role = DS_XR_SPACE }
#define DS_XINLINE(n, c) { .name = n, .context = c, .role = DS_XR_INLINE }
#define DS_XMETA(n, c) { .name = n, .context = c, .role = DS_XR_BLOCK, \
			 .flags = DS_XG_META }
#define DS_XSEC(n, c, l) { .name = n, .context = c, \
			   .role = DS_XR_SECTION, .label = l }
#define DS_XGROUP(n, c) { .name = n, .context = c, .role = DS_XR_HEADGROUP }
#define DS_XHEAD(n, c, level) { .name = n, .context = c, \
				.role = DS_XR_HEADING, .rank = level }
#define DS_XNUM(n, c) { .name = n, .context = c, .role = DS_XR_NUMBER }
#define DS_XSPEECH(n, speaker) { .name = n, .role = DS_XR_SPEECH, \
				 .attr = speaker }
/* A field from the element's text, or from one of its attributes. */
#define DS_XFIELD(n, c, f, rank_) { .name = n, .context = c, .field = f, \
				    .rank = rank_ }
#define DS_XATTR(n, c, f, rank_, a) { .name = n, .context = c, \
				      .field = f, .rank = rank_, .attr = a }

/* Parts a dialect's rules keep for its hooks (DS_XF_PART). */
#define DS_XML_PARTS 6
#define DS_XML_PART_MAX 256

/* What a dialect's hooks work on. */
struct ds_xml_meta {
	struct ds_doc *doc;
	struct ds_error *err;
	const char *name;	/* the document's name (a path), or NULL */
	enum ds_date_order order;
	char part[DS_XML_PARTS][DS_XML_PART_MAX];	/* "" if not found */
};

/* A speech's section, as a speech hook fills it ("" for none). */
struct ds_xml_speech {
	char heading[512];	/* the walker's current heading on entry */
	char speaker[256];	/* the rule's speaker attribute on entry */
	char anchor[256];	/* the element's anchor attribute on entry */
};

struct ds_xml_dialect {
	const char *name;	/* doc->dialect ("clml"); NULL: generic */
	const char *const *roots; /* the root's local names, NULL-ended;
				   NULL: any */
	const char *const *ns;	/* the root's namespace URIs, NULL-ended;
				   NULL: the root has no namespace */
	const char *child;	/* a child the root must have, or NULL */
	const char *type;	/* doc->type if nothing else says */
	const char *publisher;	/* doc->publisher if nothing else says */
	enum ds_date_order order; /* how its numeric dates are written */
	bool any_ns;		/* any root namespace; unprefixed rules match
				   elements of any namespace */
	const char *const *anchors; /* attributes naming a section's anchor,
				   in order of preference, NULL-ended */
	const struct ds_xml_rule *rules;
	size_t nrules;

	/* Optional hooks; each returns 0 or a negative DS_E* code. */
	/* Fill a speech's heading, speaker and anchor from element n. */
	int (*speech)(const xmlNode *n, struct ds_xml_speech *sp);
	/* Turn a DS_XF_IDENT value without a scheme into identifiers. */
	int (*cite)(struct ds_xml_meta *m, const char *s, size_t len);
	/* After the walk: what needs the whole document (dates, titles and
	 * identifiers composed of several elements). */
	int (*finish)(struct ds_xml_meta *m, const xmlNode *root);
};

/*
 * The dialect of a document whose root element is `root`: the first in
 * xml-dialects.c's list whose root name, namespace and required child
 * match.  Never NULL: the generic dialect matches anything.
 */
const struct ds_xml_dialect *ds_xml_dialect_find(const xmlNode *root);

/*
 * Whether rule r of dialect d matches element n, in a document whose root
 * has namespace root_ns (NULL for none): its name (and namespace), its
 * context (parent, grandparent) and its attribute condition.
 */
bool ds_xml_rule_matches(const struct ds_xml_dialect *d, const char *root_ns,
			 const xmlNode *n, const struct ds_xml_rule *r);

/* The namespace URI of a prefix rules may use ("dc", "dct", "ukm",
 * "lims", "xml", "xlink"), or NULL. */
const char *ds_xml_ns_uri(const char *prefix, size_t len);

/* The dialects defined outside xml-dialects.c. */
extern const struct ds_xml_dialect ds_xml_hansard;	/* xml-hansard.c */
extern const struct ds_xml_dialect ds_xml_clml;		/* xml-legislation.c */
extern const struct ds_xml_dialect ds_xml_canada;
extern const struct ds_xml_dialect ds_xml_uslm_law;
extern const struct ds_xml_dialect ds_xml_uslm_bill;
extern const struct ds_xml_dialect ds_xml_billstatus;

/* ---------------------------------------------------------------------
 * Node helpers (xml-node.c), shared by the walker and the hooks
 * ------------------------------------------------------------------- */

/* The local name of element n ("" if it has none). */
const char *ds_xml_local_name(const xmlNode *n);

/*
 * The value of attribute `name` of element n, borrowed from the tree:
 * "prefix:local" for a namespaced attribute ("xml:lang", "lims:id"), a
 * plain name for one without a namespace.  NULL if absent; "" if its value
 * holds entity references (they are not expanded here).
 */
const char *ds_xml_attr(const xmlNode *n, const char *name);

/* The first element child of n with local name `name`, or NULL. */
const xmlNode *ds_xml_child(const xmlNode *n, const char *name);

/* The next element sibling of n (n itself excluded), or NULL. */
const xmlNode *ds_xml_next_element(const xmlNode *n);

/*
 * The replacement text of entity reference node n if it is short plain
 * text (an internal general entity of at most DS_XML_ENTITY_MAX bytes
 * without markup or references, such as Hansard's &pound;), else NULL.
 */
#define DS_XML_ENTITY_MAX 32
const char *ds_xml_entity_text(const xmlNode *n, size_t *len);

/*
 * The text of n's subtree (text nodes and short entities, as above), with
 * a space at element boundaries, into buf[0..size) (NUL-terminated,
 * truncated on a character boundary).  Iterative and bounded: stops after
 * size bytes.  Returns the length.
 */
size_t ds_xml_text(const xmlNode *n, char *buf, size_t size);

/*
 * Parse a date (precision day, month or year) from s[0..len) into
 * out[DS_DATE_SIZE]: the whole text, or with `find`, a date inside a
 * phrase ("Approved March 31, 2017.").  Returns the precision or 0.
 */
int ds_xml_date(const char *s, size_t len, enum ds_date_order order,
		bool find, char out[DS_DATE_SIZE]);

/* Copy s[0..n) into buf[0..size) trimmed and with white space runs as
 * one space (truncated on a character boundary).  Returns the length. */
size_t ds_xml_squeeze(const char *s, size_t n, char *buf, size_t size);

/* Whether s is white space only. */
bool ds_xml_blank(const char *s, size_t n);

/*
 * A character reference of escaped HTML at s[0..n) (s[0] is '&'): the
 * numeric ones and &amp; &lt; &gt; &quot; &apos; &nbsp;.  Writes the
 * character's UTF-8 to out (*outlen bytes) and returns the bytes the
 * reference takes, or 0 if s holds none (or a control, surrogate or
 * non-character).
 */
size_t ds_xml_html_ref(const char *s, size_t n, char out[4],
		       size_t *outlen);

#endif /* DOSSIER_XML_DIALECT_H */
