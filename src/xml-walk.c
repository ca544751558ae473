/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xml-walk.c: a parsed XML document to struct ds_doc, by the rules of its
 * dialect (xml-dialect.h).
 *
 * The tree is walked once, iteratively, with an explicit stack of frames
 * (one per open element, at most DEPTH_MAX).  The dialect says what each
 * element is; what it does not name is inline in mixed content and a
 * block otherwise, so <p>H<sub>2</sub>O</p> is "H2O" and
 * <name><given>Ada</given><family>Lovelace</family></name> two words.
 * Text is read from text nodes only; an entity reference is replaced by
 * its text only when that is short plain text (&pound; in Hansard), never
 * followed into its children.  Line breaks in text are spaces: paragraphs
 * come from elements.
 *
 * Sections: a section element's heading is gathered from the heading and
 * number elements that open it, and the section starts at its first body
 * text ("pending" until then); a heading outside a section starts one of
 * its own; a speech starts one under the current heading, with its
 * speaker.  A section's level is one below the section around it, or
 * below the last heading that said its level (Justice Canada's
 * <Heading level="2">, Hansard's major and minor headings).
 *
 * Fields: a rule's field is read from an attribute at once, or from the
 * element's text as the walk goes ("captures", a few at a time, capped),
 * and stored by xml-fields.c when the element ends.
 */

#include "config.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "ident.h"
#include "utf8.h"
#include "xml-walk.h"

#define DEPTH_MAX 512		/* frames; libxml2 itself stops at 256 */
#define CAPTURES_MAX 8		/* fields being read at once */
#define CAPTURE_MAX 2048	/* bytes kept of a field's text */
#define HEADING_MAX 1024	/* bytes kept of a heading */
#define NUMBER_MAX 128		/* ... of a section number */
#define ANCHOR_MAX 256		/* longer ids are not used as anchors */

/* One open element. */
struct frame {
	const xmlNode *n;
	unsigned char role;	/* enum ds_xml_role, resolved */
	bool mixed;		/* its children are in mixed content */
	bool quiet;		/* its text is not body text */
	bool html;		/* its text is escaped HTML */
	bool section;		/* a section element */
	int level;		/* the level of its section, 0 if none yet */
	bool ymd;		/* a year/month/day part of a date field */
};

/* A field being read from an element's text. */
struct capture {
	const struct ds_xml_rule *rule;
	int depth;		/* the frame that owns it */
	size_t len;
	char text[CAPTURE_MAX];
	char ymd[3][DS_XML_YMD_MAX];	/* year, month, day elements */
};

enum htarget { H_NUMBER, H_HEADING, H_FLAT };

/*
 * The rules that can match an element of a given name: matching every
 * rule against every element was the walk's biggest cost.  libxml2 interns
 * element names in its dictionary, so the name's address identifies it
 * for the whole document; the candidates of each name are found once.
 * A name the cache has no room for is matched against all rules, as before.
 */
#define NAME_SLOTS 256		/* a power of two */
#define NAME_POOL 4096		/* candidate rule indices, all names */

struct name_entry {
	const char *name;	/* NULL: free slot */
	uint16_t first;		/* its candidates: pool[first..first+count) */
	uint16_t count;
};

struct name_cache {
	struct name_entry slot[NAME_SLOTS];
	uint16_t pool[NAME_POOL];
	size_t used;
};

struct walker {
	struct name_cache names;
	struct ds_doc *doc;
	struct ds_error *err;
	const struct ds_xml_dialect *d;
	const char *root_ns;
	int rc;
	struct frame fr[DEPTH_MAX];
	int depth;		/* frames in use */
	struct capture cap[CAPTURES_MAX];
	int ncaps;
	int ymd;		/* which date part the text is, or -1 */

	/* The section element whose heading is being gathered. */
	int pdepth;		/* its frame, or -1 */
	const char *plabel;
	char pnum[NUMBER_MAX];
	size_t pnlen;
	char phead[HEADING_MAX];
	size_t phlen;
	char panchor[ANCHOR_MAX];

	/* The heading or number element being read. */
	int hdepth;		/* its frame, or -1 */
	enum htarget htarget;
	char flat[HEADING_MAX];	/* a heading of its own (H_FLAT) */
	size_t flen;
	char fanchor[ANCHOR_MAX];
	int flevel;

	int base;		/* level of the last heading with a level */
	char last[HEADING_MAX];	/* the last heading, for speeches */
	int last_level;
	bool in_tag;		/* inside a tag of escaped HTML */
	struct ds_xml_fields fields;
	struct ds_xml_meta meta;
	struct ds_xml_walk_stats stats;
};

/* ---------------------------------------------------------------------
 * Output: body text, separators, sections
 * ------------------------------------------------------------------- */

/* Append s[0..n) to buf (len *len of size), as much as fits. */
static void
buf_add(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
	size_t room = size - 1 - *len;

	if (n > room)
		n = ds_utf8_cut(s, room);
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

/* Copy id s into an anchor buffer if it fits, else leave it as it was. */
static void
set_anchor(char *buf, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n > 0 && n < ANCHOR_MAX && !ds_xml_blank(s, n))
		memcpy(buf, s, n + 1);
}

/* The anchor of element n by the dialect's attributes, into buf. */
static void
anchor_of(const struct walker *w, const xmlNode *n, char *buf)
{
	const char *const *a;

	for (a = w->d->anchors; a && *a && !buf[0]; a++)
		set_anchor(buf, ds_xml_attr(n, *a));
}

/* Start a section (heading[0..len) cleaned), and remember the heading. */
static void
add_section(struct walker *w, const char *heading, size_t len,
	    const char *anchor, int level, bool context)
{
	struct ds_section *s;
	size_t n;

	if (w->rc != 0)
		return;
	level = level < 1 ? 1 : level > 6 ? 6 : level;
	w->rc = ds_doc_add_section(w->doc, heading, len,
				   anchor && anchor[0] ? anchor : NULL, level,
				   w->err);
	if (w->rc < 0 || !context)
		return;
	s = &w->doc->sections[w->doc->nsections - 1];
	if (s->heading == NULL)
		return;
	n = strlen(s->heading);
	n = ds_utf8_cut(s->heading, n < HEADING_MAX ? n : HEADING_MAX - 1);
	memcpy(w->last, s->heading, n);
	w->last[n] = '\0';
	w->last_level = level;
}

/* The level of a section or heading opened in frame d: one below the
 * section around it, or below the last heading that gave its level. */
static int
sublevel(const struct walker *w, int d)
{
	int i, level = w->base + 1;

	for (i = d - 1; i >= 0; i--)
		if (w->fr[i].section && w->fr[i].level > 0) {
			level = w->fr[i].level + 1;
			break;
		}
	return level < 1 ? 1 : level > 6 ? 6 : level;
}

/* Start the pending section, if any, with what its heading has so far.
 * With `ending` (its element ends without body text), a section whose
 * only heading is the rule's label is not worth one. */
static void
flush_pending(struct walker *w, bool ending)
{
	char h[NUMBER_MAX + HEADING_MAX + 1];
	struct frame *f;
	size_t n = 0;

	if (w->pdepth < 0)
		return;
	f = &w->fr[w->pdepth];
	w->pdepth = -1;
	buf_add(h, sizeof h, &n, w->pnum, w->pnlen);
	if (w->pnlen > 0 && w->phlen > 0)
		buf_add(h, sizeof h, &n, " ", 1);
	buf_add(h, sizeof h, &n, w->phead, w->phlen);
	if (ds_xml_blank(h, n)) {
		if (w->plabel == NULL || ending)
			return;
		n = 0;
		buf_add(h, sizeof h, &n, w->plabel, strlen(w->plabel));
	}
	f->level = sublevel(w, (int)(f - w->fr));
	add_section(w, h, n, w->panchor, f->level, true);
}

/* Append body text.  Line breaks in XML text are white space like any
 * other (paragraphs come from elements): they go in as spaces. */
static void
put(struct walker *w, const char *s, size_t n)
{
	if (w->rc != 0 || n == 0)
		return;
	if (w->pdepth >= 0 && !ds_xml_blank(s, n))
		flush_pending(w, false);
	/* Line breaks in XML text are layout, not paragraphs. */
	w->rc = ds_doc_append_inline(w->doc, s, n, w->err);
}

/* Add s[0..n) to the heading or number being read. */
static void
heading_add(struct walker *w, const char *s, size_t n)
{
	if (w->htarget == H_NUMBER)
		buf_add(w->pnum, sizeof w->pnum, &w->pnlen, s, n);
	else if (w->htarget == H_HEADING)
		buf_add(w->phead, sizeof w->phead, &w->phlen, s, n);
	else
		buf_add(w->flat, sizeof w->flat, &w->flen, s, n);
}

/* Add s[0..n) to every field being read (and its date part). */
static void
capture_add(struct walker *w, const char *s, size_t n)
{
	struct capture *c;
	size_t k;
	int i;

	for (i = 0; i < w->ncaps; i++) {
		c = &w->cap[i];
		buf_add(c->text, sizeof c->text, &c->len, s, n);
		if (w->ymd >= 0) {
			k = strlen(c->ymd[w->ymd]);
			buf_add(c->ymd[w->ymd], DS_XML_YMD_MAX, &k, s, n);
		}
	}
}

/* An element boundary: a word or paragraph break wherever text goes.
 * `quiet`: the context's text is not body text. */
static void
separate(struct walker *w, bool paragraph, bool quiet)
{
	capture_add(w, " ", 1);
	if (w->hdepth >= 0) {
		heading_add(w, " ", 1);
		return;
	}
	if (quiet || w->rc != 0)
		return;
	if (paragraph)
		w->rc = ds_doc_break(w->doc, w->err);
	else
		put(w, " ", 1);
}

/* Body text that is escaped HTML (BILLSTATUS summaries): tags become
 * word breaks, character references are decoded. */
static void
put_html(struct walker *w, const char *s, size_t n)
{
	size_t i = 0, start = 0, k, len;
	char enc[4];

	while (i < n && w->rc == 0) {
		if (w->in_tag) {
			if (s[i++] == '>') {
				w->in_tag = false;
				start = i;
			}
			continue;
		}
		if (s[i] != '<' && s[i] != '&') {
			i++;
			continue;
		}
		put(w, s + start, i - start);
		if (s[i] == '<') {
			put(w, " ", 1);
			w->in_tag = true;
			start = ++i;
		} else if ((k = ds_xml_html_ref(s + i, n - i, enc, &len)) > 0) {
			put(w, enc, len);
			start = i += k;
		} else {
			start = i++;	/* a plain '&' */
		}
	}
	if (!w->in_tag)
		put(w, s + start, i - start);
}

/* Text: to the fields being read, the heading being read or the body. */
static void
on_text(struct walker *w, const char *s, size_t n)
{
	const struct frame *f = &w->fr[w->depth - 1];

	capture_add(w, s, n);
	if (w->hdepth >= 0)
		heading_add(w, s, n);
	else if (f->quiet || (!f->mixed && ds_xml_blank(s, n)))
		return;		/* metadata, or indentation between elements */
	else if (f->html)
		put_html(w, s, n);
	else
		put(w, s, n);
}

/* Start reading rule r's field from the text of the top frame. */
static void
open_capture(struct walker *w, const struct ds_xml_rule *r)
{
	struct capture *c;

	if (w->ncaps >= CAPTURES_MAX)
		return;
	c = &w->cap[w->ncaps++];
	c->rule = r;
	c->depth = w->depth - 1;
	c->len = 0;
	c->text[0] = '\0';
	memset(c->ymd, 0, sizeof c->ymd);
}

/* Close the fields the top frame opened, storing what they read. */
static void
close_captures(struct walker *w)
{
	struct capture *c;

	while (w->ncaps > 0 && w->cap[w->ncaps - 1].depth >= w->depth - 1) {
		c = &w->cap[--w->ncaps];
		if (w->rc == 0)
			w->rc = ds_xml_field_set(&w->fields, c->rule, c->text,
						 c->len,
						 (const char (*)[DS_XML_YMD_MAX])
						 c->ymd);
	}
}

/* Which date part element n is ("year", "YYYY"...), or -1. */
static int
date_part(const struct walker *w, const xmlNode *n)
{
	static const char *const names[3][2] = {
		{ "year", "YYYY" }, { "month", "MM" }, { "day", "DD" }
	};
	const char *name = ds_xml_local_name(n);
	int i, j;

	for (i = 0; i < w->ncaps; i++)
		if (w->cap[i].rule->field == DS_XF_DATE ||
		    w->cap[i].rule->field == DS_XF_MODIFIED)
			break;
	if (i == w->ncaps)
		return -1;
	for (i = 0; i < 3; i++)
		for (j = 0; j < 2; j++)
			if (strcmp(name, names[i][j]) == 0)
				return i;
	return -1;
}

/* ---------------------------------------------------------------------
 * Structure
 * ------------------------------------------------------------------- */

/* Whether the pending section owns a heading or number in frame d: the
 * frames between are all heading groups. */
static bool
pending_owns(const struct walker *w, int d)
{
	int i;

	if (w->pdepth < 0 || w->pdepth >= d)
		return false;
	for (i = w->pdepth + 1; i < d; i++)
		if (w->fr[i].role != DS_XR_HEADGROUP)
			return false;
	return true;
}

/* A section element begins (frame d). */
static void
begin_section(struct walker *w, const xmlNode *n,
	      const struct ds_xml_rule *r, int d)
{
	flush_pending(w, false);
	w->fr[d].section = true;
	w->pdepth = d;
	w->plabel = r ? r->label : NULL;
	w->pnlen = w->phlen = 0;
	w->pnum[0] = w->phead[0] = w->panchor[0] = '\0';
	anchor_of(w, n, w->panchor);
}

/* A heading or number element begins (frame d); false if it turns out
 * to be plain text (a number outside a section's heading). */
static bool
begin_heading(struct walker *w, const xmlNode *n,
	      const struct ds_xml_rule *r, int d)
{
	const char *v;
	int level = r ? r->rank : 0;

	if (pending_owns(w, d)) {
		w->hdepth = d;
		w->htarget = w->fr[d].role == DS_XR_NUMBER ? H_NUMBER :
			     H_HEADING;
		if ((w->htarget == H_HEADING && w->phlen > 0) ||
		    (w->htarget == H_NUMBER && w->pnlen > 0))
			heading_add(w, " ", 1);
		if (!w->panchor[0])
			anchor_of(w, n, w->panchor);
		return true;
	}
	/* A number outside a heading is text; a heading in metadata is
	 * not part of the outline. */
	if (w->fr[d].role == DS_XR_NUMBER || w->fr[d].quiet)
		return false;
	flush_pending(w, false);
	w->hdepth = d;
	w->htarget = H_FLAT;
	w->flen = 0;
	w->flat[0] = w->fanchor[0] = '\0';
	anchor_of(w, n, w->fanchor);
	if (level == 0 && (v = ds_xml_attr(n, "level")) != NULL &&
	    v[0] >= '1' && v[0] <= '6' && v[1] == '\0')
		level = v[0] - '0';
	if (level > 0)
		w->base = level;
	else
		level = sublevel(w, d);
	w->flevel = level;
	return true;
}

/* The heading or number element being read ends. */
static void
end_heading(struct walker *w)
{
	if (w->htarget == H_FLAT)
		add_section(w, w->flat, w->flen, w->fanchor, w->flevel, true);
	w->hdepth = -1;
}

/* A speech begins: a section under the current heading, with a speaker. */
static void
begin_speech(struct walker *w, const xmlNode *n, const struct ds_xml_rule *r)
{
	struct ds_xml_speech sp;
	const char *v, *h;

	flush_pending(w, false);
	memset(&sp, 0, sizeof sp);
	memcpy(sp.heading, w->last, strlen(w->last) < sizeof sp.heading ?
	       strlen(w->last) + 1 : 0);
	if (r && r->attr && (v = ds_xml_attr(n, r->attr)) != NULL &&
	    strlen(v) < sizeof sp.speaker)
		memcpy(sp.speaker, v, strlen(v) + 1);
	anchor_of(w, n, sp.anchor);
	if (w->d->speech && (w->rc = w->d->speech(n, &sp)) < 0)
		return;
	h = sp.heading[0] ? sp.heading : r && r->label ? r->label :
	    sp.speaker[0] ? sp.speaker : "Speech";
	add_section(w, h, strlen(h), sp.anchor, w->last_level + 1, false);
	if (w->rc == 0 && sp.speaker[0])
		w->rc = ds_doc_set_speaker(w->doc, sp.speaker,
					   strlen(sp.speaker), w->err);
}

/* Whether n's children are mixed content (text beside elements). */
static bool
mixed(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ENTITY_REF_NODE ||
		    ((c->type == XML_TEXT_NODE ||
		      c->type == XML_CDATA_SECTION_NODE) && c->content &&
		     !ds_xml_blank((const char *)c->content,
				   strlen((const char *)c->content))))
			return true;
	return false;
}

/* The local part of a rule's name ("dc:title" -> "title"). */
static const char *
rule_local(const char *rname)
{
	const char *colon = strchr(rname, ':');

	return colon ? colon + 1 : rname;
}

/*
 * The candidate rules for elements named `name` (its interned address),
 * in rule order, or NULL when the cache is full (then try every rule).
 */
static const struct name_entry *
candidates(struct walker *w, const char *name)
{
	struct name_cache *c = &w->names;
	size_t h = ((uintptr_t)name >> 4) & (NAME_SLOTS - 1), i, k;
	struct name_entry *e;

	for (k = 0; k < NAME_SLOTS; k++, h = (h + 1) & (NAME_SLOTS - 1)) {
		e = &c->slot[h];
		if (e->name == name)
			return e;
		if (e->name == NULL)
			break;
	}
	if (k == NAME_SLOTS || w->d->nrules > NAME_POOL - c->used)
		return NULL;
	e->name = name;
	e->first = (uint16_t)c->used;
	for (i = 0; i < w->d->nrules; i++)
		if (strcmp(rule_local(w->d->rules[i].name), name) == 0)
			c->pool[c->used++] = (uint16_t)i;
	e->count = (uint16_t)(c->used - e->first);
	return e;
}

/* Entering element n: returns whether a frame was pushed (and its
 * children are to be walked). */
static bool
enter(struct walker *w, const xmlNode *n)
{
	const struct ds_xml_rule *r, *m[8], *sr = NULL;
	const struct frame *parent = w->depth ? &w->fr[w->depth - 1] : NULL;
	bool quiet = parent && parent->quiet;
	unsigned char role = DS_XR_AUTO, flags = 0;
	bool gap = false;
	struct frame *f;
	size_t i, nm = 0;
	const char *v;
	int d, k;

	const struct name_entry *cand = candidates(w, ds_xml_local_name(n));
	size_t ncand = cand ? cand->count : w->d->nrules;

	for (i = 0; i < ncand; i++) {
		r = &w->d->rules[cand ? w->names.pool[cand->first + i] : i];
		if (!ds_xml_rule_matches(w->d, w->root_ns, n, r))
			continue;
		if (role == DS_XR_AUTO && r->role != DS_XR_AUTO) {
			role = r->role;
			sr = r;
		}
		flags |= r->flags;
		if (r->field == DS_XF_NONE)
			continue;
		if (r->attr != NULL && r->role != DS_XR_SPEECH) {
			if ((v = ds_xml_attr(n, r->attr)) != NULL && v[0])
				w->rc = w->rc ? w->rc :
					ds_xml_field_set(&w->fields, r, v,
							 strlen(v), NULL);
		} else if (nm < sizeof m / sizeof m[0]) {
			m[nm++] = r;
		}
	}
	/* Unnamed: inline in mixed content, a word inside an inline
	 * element (<name><given>Ada</given><family>...), else a block. */
	if (role == DS_XR_AUTO && parent && !parent->mixed &&
	    parent->role == DS_XR_INLINE) {
		role = DS_XR_INLINE;
		gap = n->prev != NULL;
	} else if (role == DS_XR_AUTO) {
		role = parent && parent->mixed ? DS_XR_INLINE : DS_XR_BLOCK;
	}
	if (w->hdepth >= 0 && role != DS_XR_SKIP)
		role = role == DS_XR_INLINE ? DS_XR_INLINE : DS_XR_SPACE;
	if (role == DS_XR_SKIP || w->depth >= DEPTH_MAX) {
		w->stats.too_deep |= w->depth >= DEPTH_MAX;
		separate(w, false, quiet);
		return false;
	}
	d = w->depth++;
	f = &w->fr[d];
	f->n = n;
	f->role = role;
	f->mixed = mixed(n);
	f->quiet = flags & DS_XG_META ? true : flags & DS_XG_BODY ? false :
		   quiet;
	f->html = (flags & DS_XG_HTML) || (parent && parent->html);
	if (f->quiet && (role == DS_XR_SECTION || role == DS_XR_SPEECH))
		f->role = role = DS_XR_BLOCK;	/* metadata has no outline */
	f->section = false;
	f->level = 0;
	f->ymd = false;
	if (w->ncaps > 0 && (k = date_part(w, n)) >= 0) {
		w->ymd = k;
		f->ymd = true;
	}
	if (f->html)
		w->in_tag = false;
	switch (role) {
	case DS_XR_INLINE:
		if (gap)
			separate(w, false, quiet);
		break;
	case DS_XR_SPACE:
		separate(w, false, quiet);
		break;
	case DS_XR_SECTION:
		separate(w, true, quiet);
		begin_section(w, n, sr, d);
		break;
	case DS_XR_HEADGROUP:
		separate(w, true, quiet);
		if (pending_owns(w, d) && !w->panchor[0])
			anchor_of(w, n, w->panchor);
		break;
	case DS_XR_HEADING:
	case DS_XR_NUMBER:
		separate(w, role == DS_XR_HEADING, quiet);
		if (!begin_heading(w, n, sr, d))
			f->role = DS_XR_SPACE;
		break;
	case DS_XR_SPEECH:
		separate(w, true, quiet);
		begin_speech(w, n, sr);
		break;
	default:
		separate(w, true, quiet);
		break;
	}
	for (i = 0; i < nm; i++)
		open_capture(w, m[i]);
	return true;
}

/* Leaving the element of the top frame. */
static void
leave(struct walker *w)
{
	struct frame *f = &w->fr[w->depth - 1];
	bool quiet = w->depth > 1 && w->fr[w->depth - 2].quiet;

	close_captures(w);
	if (f->ymd)
		w->ymd = -1;
	if (w->hdepth == w->depth - 1)
		end_heading(w);
	if (f->section && w->pdepth == w->depth - 1)
		flush_pending(w, true);
	w->depth--;
	if (f->role != DS_XR_INLINE)
		separate(w, f->role != DS_XR_SPACE, quiet);
}

/* Visit node n; returns whether its children are to be walked. */
static bool
visit(struct walker *w, const xmlNode *n)
{
	const char *s;
	size_t len;

	switch (n->type) {
	case XML_ELEMENT_NODE:
		return enter(w, n);
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content && w->depth > 0)
			on_text(w, (const char *)n->content,
				strlen((const char *)n->content));
		return false;
	case XML_ENTITY_REF_NODE:
		if ((s = ds_xml_entity_text(n, &len)) != NULL && w->depth > 0) {
			on_text(w, s, len);
		} else {
			w->stats.dropped++;
			separate(w, false, w->depth > 0 &&
				 w->fr[w->depth - 1].quiet);
		}
		return false;
	default:
		return false;	/* comments, processing instructions... */
	}
}

/* Walk root's subtree without recursion. */
static void
walk(struct walker *w, const xmlNode *root)
{
	const xmlNode *n = root;

	while (n != NULL && w->rc == 0) {
		if (visit(w, n)) {
			if (n->children) {
				n = n->children;
				continue;
			}
			leave(w);
		}
		while (n != root && n->next == NULL && w->rc == 0) {
			n = n->parent;
			leave(w);
		}
		n = n == root ? NULL : n->next;
	}
	if (w->rc == 0 && w->hdepth >= 0)
		end_heading(w);		/* stopped inside a heading */
	if (w->rc == 0)
		flush_pending(w, true);
}

/* The language the root declares (xml:lang, or lang as in DocBook 4),
 * below any the document states in its metadata. */
static void
root_lang(struct walker *w, const xmlNode *root)
{
	static const struct ds_xml_rule lang = {
		.name = "", .field = DS_XF_LANG, .rank = 100
	};
	const char *v = ds_xml_attr(root, "xml:lang");

	if (v == NULL)
		v = ds_xml_attr(root, "lang");
	if (v != NULL && v[0] && w->rc == 0)
		w->rc = ds_xml_field_set(&w->fields, &lang, v, strlen(v), NULL);
}

/* Fill doc from the tree: the walk, the dialect's hook, its defaults. */
static int
walk_document(struct walker *w, const xmlNode *root, const char *name)
{
	struct ds_doc *doc = w->doc;
	const struct ds_xml_dialect *d = w->d;
	int rc;

	w->root_ns = root->ns && root->ns->href ?
		     (const char *)root->ns->href : NULL;
	w->pdepth = w->hdepth = w->ymd = -1;
	w->meta.doc = doc;
	w->meta.err = w->err;
	w->meta.name = name;
	w->meta.order = d->order;
	w->fields.doc = doc;
	w->fields.err = w->err;
	w->fields.d = d;
	w->fields.meta = &w->meta;
	if (d->name != NULL &&
	    (rc = ds_doc_set_field(&doc->dialect, d->name, strlen(d->name),
				   w->err)) < 0)
		return rc;
	root_lang(w, root);
	walk(w, root);
	if (w->rc < 0)
		return w->rc;
	if (d->finish != NULL && (rc = d->finish(&w->meta, root)) < 0)
		return rc;
	if (doc->type == NULL && d->type != NULL &&
	    (rc = ds_doc_set_field(&doc->type, d->type, strlen(d->type),
				   w->err)) < 0)
		return rc;
	if (doc->publisher == NULL && d->publisher != NULL &&
	    (rc = ds_doc_set_field(&doc->publisher, d->publisher,
				   strlen(d->publisher), w->err)) < 0)
		return rc;
	if (doc->title != NULL &&
	    (rc = ds_ident_scan(doc, doc->title, strlen(doc->title), 4,
				w->err)) < 0)
		return rc;
	return 0;
}

int
ds_xml_walk(const xmlNode *root, const char *name, struct ds_doc *doc,
	    struct ds_xml_walk_stats *st, struct ds_error *err)
{
	struct walker *w;
	int rc;

	memset(st, 0, sizeof *st);
	/* About 50 KB: on the heap, so that worker threads' stacks stay
	 * small. */
	if ((w = calloc(1, sizeof *w)) == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	w->doc = doc;
	w->err = err;
	w->d = ds_xml_dialect_find(root);
	rc = walk_document(w, root, name);
	*st = w->stats;
	free(w);
	return rc;
}
