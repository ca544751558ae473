/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * extract-html.c: HTML and XHTML to struct ds_doc, with libxml2's HTML
 * parser.
 *
 * The bytes are converted to UTF-8 by charset.c first (NULs become spaces
 * there), then parsed from memory with the safe options of RELIABILITY.md
 * 2.5 and the encoding forced to UTF-8.  Parser errors go to a structured
 * handler on the parser context, never to the global one, so several
 * threads may extract at once.  ds_init_once() (init.h) makes sure libxml2
 * is set up, in case the program has not called ds_init().
 *
 * The tree is walked iteratively (documents nest 100 000 deep) in two
 * passes: one over everything for metadata (html-meta.c notes <html lang>,
 * <title>, <meta>, <link rel=canonical>...) and for the main content
 * (<main>, role=main, or a single <article>; failing those, the densest
 * block html-furniture.c finds), one over the main content for the text,
 * leaving out what html-furniture.c calls furniture and the parts between
 * <!--noindex--> and <!--/noindex-->.  Then html-meta.c chooses each
 * metadata field from its sources.  When the whole body is read, text
 * after </body> or </html> is read too, as a browser shows it.  Text is
 * read from text nodes only; entity-reference nodes are never followed.
 * doc/extraction.md describes all of it for users.
 *
 * Words: block elements break paragraphs, unknown elements break words,
 * inline ones (b, i, span, a...) glue, so <b>a</b>b is "ab".  A glued word
 * longer than WORD_MAX bytes is not a word (Xapian's TermGenerator would
 * drop it whole): it is split again where its inline pieces meet.
 */

#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "charset.h"
#include "extract.h"
#include "init.h"
#include "html-furniture.h"
#include "html-meta.h"
#include "utf8.h"

/* Exactly these: RELIABILITY.md 2.5; never XML_PARSE_HUGE or NOBLANKS. */
#define HTML_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NONET | \
		      HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
		      HTML_PARSE_NODEFDTD | HTML_PARSE_IGNORE_ENC)

#define HEADING_MAX 1024	/* bytes kept of a heading */
#define ANCHOR_MAX 256		/* longer ids are not used as anchors */
#define WORD_MAX 64		/* TermGenerator's default longest word */

/* What the parser reported, gathered by on_parse_error(). */
struct parse_state {
	bool depth_limit;	/* stopped at its nesting limit */
	char fatal[160];	/* the first fatal error, "" if none */
};

/* What the first pass found; borrowed from the tree. */
struct meta {
	xmlNode *body, *main, *article;
	size_t articles;	/* outermost <article> elements */
	struct ds_html_meta hm;	/* metadata sources */
};

/* How the word being glued from inline pieces is handled. */
enum glue {
	GLUE_BUFFER,		/* held in word[] until it ends */
	GLUE_SPLIT,		/* too long: pieces go out with spaces */
	GLUE_RAW		/* one long token: pieces go out as they come */
};

/* The state of the text pass. */
struct walker {
	struct ds_doc *doc;
	struct ds_error *err;
	xmlNode *top;
	int rc;
	xmlNode *heading;	/* the h1-h6 being read, or NULL */
	int level;
	char htext[HEADING_MAX];
	size_t hlen;
	char anchor[ANCHOR_MAX];	/* for the heading being read */
	char pending[ANCHOR_MAX];	/* <a name> not yet followed by text */
	char h1[HEADING_MAX];		/* the first h1, cleaned */
	const xmlNode *time;		/* the first <time> */
	xmlNode *noindex;	/* holds an open <!--noindex-->, or NULL */
	enum glue glue;
	char word[WORD_MAX];		/* the word being glued */
	size_t wlen;
	size_t cuts[WORD_MAX];		/* where its pieces meet */
	size_t ncuts;
};

/* Structured error handler, per parser context: keeps the first fatal
 * error and notices the depth limit (recovered markup errors are normal
 * in HTML and not worth a warning). */
static void
on_parse_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct parse_state *ps = ctxt ? ctxt->_private : NULL;
	size_t n;

	if (ps == NULL || e == NULL || e->level != XML_ERR_FATAL ||
	    ps->fatal[0] != '\0')
		return;
	if (e->message != NULL) {
		n = strcspn(e->message, "\n");
		if (n >= sizeof ps->fatal)
			n = sizeof ps->fatal - 1;
		memcpy(ps->fatal, e->message, n);
		ps->fatal[n] = '\0';
	} else {
		memcpy(ps->fatal, "fatal error", sizeof "fatal error");
	}
	if (e->code == XML_ERR_INTERNAL_ERROR && e->message != NULL &&
	    strstr(e->message, "depth") != NULL)
		ps->depth_limit = true;
}

/* The next node after n in document order, within top, entering n's
 * children if `enter` (elements only: never entity references). */
static xmlNode *
next_node(xmlNode *n, xmlNode *top, bool enter)
{
	if (enter && n->type == XML_ELEMENT_NODE && n->children)
		return n->children;
	while (n != top && n->next == NULL)
		n = n->parent;
	return n == top ? NULL : n->next;
}

/* Whether the text s is white space only. */
static bool
blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' &&
		    *s != '\f')
			return false;
	return true;
}

/* ---------------------------------------------------------------------
 * First pass: metadata and the main content
 * ------------------------------------------------------------------- */

/* Walk the whole tree once for metadata and content candidates. */
static void
scan(xmlNode *root, struct meta *m)
{
	xmlNode *n;
	const char *name, *v;

	for (n = root; n; n = next_node(n, root, true)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		name = ds_html_local_name(n);
		ds_html_meta_element(&m->hm, n, name);
		if (!strcmp(name, "body") && !m->body) {
			m->body = n;
		} else if (!strcmp(name, "article") &&
			   !ds_html_has_ancestor(n, "article")) {
			if (m->articles++ == 0)
				m->article = n;
		}
		if (!m->main && (!strcmp(name, "main") ||
		    ((v = ds_html_attr(n, "role")) &&
		     ds_html_trimmed_is(v, "main"))))
			m->main = n;
	}
}

/* Whether any text node under top (outside skipped elements) is not blank. */
static bool
has_text(xmlNode *top)
{
	xmlNode *n;
	bool enter = true;

	for (n = top; n; n = next_node(n, top, enter)) {
		enter = n->type == XML_ELEMENT_NODE &&
			!(ds_html_elem_flags(ds_html_local_name(n)) &
			  DS_HTML_SKIP);
		if (n->type == XML_TEXT_NODE && n->content &&
		    !blank((const char *)n->content))
			return true;
	}
	return false;
}

/* ---------------------------------------------------------------------
 * Second pass: the text, in sections
 * ------------------------------------------------------------------- */

/* Append s[0..n) to the document (if nothing failed yet). */
static void
put(struct walker *w, const char *s, size_t n)
{
	if (w->rc == 0 && n > 0)
		w->rc = ds_doc_append_text(w->doc, s, n, w->err);
}

/* Send the buffered word out, with spaces where its pieces meet if split. */
static void
put_word(struct walker *w, bool split)
{
	size_t i, start = 0;

	for (i = 0; split && i < w->ncuts; i++) {
		put(w, w->word + start, w->cuts[i] - start);
		put(w, " ", 1);
		start = w->cuts[i];
	}
	put(w, w->word + start, w->wlen - start);
	w->wlen = 0;
	w->ncuts = 0;
}

/* The current word has ended (white space or a break follows). */
static void
end_word(struct walker *w)
{
	if (w->glue == GLUE_BUFFER && w->wlen > 0)
		put_word(w, false);
	w->glue = GLUE_BUFFER;
}

/* Add s[0..n), which holds no white space, to the current word. */
static void
glue(struct walker *w, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (w->glue == GLUE_SPLIT)
		put(w, " ", 1);
	if (w->glue != GLUE_BUFFER) {
		put(w, s, n);
	} else if (w->wlen + n <= WORD_MAX) {
		if (w->wlen > 0)
			w->cuts[w->ncuts++] = w->wlen;
		memcpy(w->word + w->wlen, s, n);
		w->wlen += n;
	} else if (w->wlen > 0) {
		put_word(w, true);
		put(w, " ", 1);
		put(w, s, n);
		w->glue = GLUE_SPLIT;
	} else {
		put(w, s, n);
		w->glue = GLUE_RAW;
	}
}

/* Whether byte c is ASCII white space. */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Body text: its ends may glue to the neighbouring inline pieces. */
static void
add_text(struct walker *w, const char *s, size_t n)
{
	size_t j = 0, k = n;

	while (j < n && !is_space(s[j]))
		j++;
	glue(w, s, j);
	if (j == n)
		return;
	end_word(w);
	while (k > j && !is_space(s[k - 1]))
		k--;
	put(w, s + j, k - j);
	glue(w, s + k, n - k);
}

/* Add text to the heading being read, as much as fits. */
static void
heading_add(struct walker *w, const char *s, size_t n)
{
	size_t room = sizeof w->htext - 1 - w->hlen;

	if (n > room)
		n = ds_utf8_cut(s, room);
	memcpy(w->htext + w->hlen, s, n);
	w->hlen += n;
}

/* A word break (' ') or a paragraph break, wherever text is going. */
static void
separate(struct walker *w, bool paragraph)
{
	if (w->heading) {
		heading_add(w, " ", 1);
		return;
	}
	end_word(w);
	if (w->rc == 0 && paragraph)
		w->rc = ds_doc_break(w->doc, w->err);
	else
		put(w, " ", 1);
}

/* Copy s into an anchor buffer if it fits, else leave the buffer empty. */
static void
set_anchor(char *buf, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n >= ANCHOR_MAX)
		buf[0] = '\0';
	else
		memcpy(buf, s, n + 1);
}

/*
 * The id of an element enclosing heading h that h starts (nothing but
 * white space before it, as in <li id="s1"><h5>), or of the nearest
 * enclosing <section>; NULL if none.
 */
static const char *
enclosing_id(const xmlNode *h)
{
	const xmlNode *n, *p, *s;
	const char *id;
	bool first = true;
	int steps = 0;

	for (n = h; (p = n->parent) != NULL && p->type == XML_ELEMENT_NODE &&
	     steps < DS_HTML_ANCESTOR_MAX; n = p, steps++) {
		for (s = n->prev; s && first; s = s->prev)
			if (s->type == XML_ELEMENT_NODE ||
			    (s->type == XML_TEXT_NODE && s->content &&
			     !blank((const char *)s->content)))
				first = false;
		id = ds_html_attr(p, "id");
		if (id && id[0] && (first ||
		    !strcmp(ds_html_local_name(p), "section")))
			return id;
	}
	return NULL;
}

/* Close the heading being read: it starts a new section. */
static void
end_heading(struct walker *w)
{
	struct ds_doc *doc = w->doc;
	struct ds_section *last;
	xmlNode *h = w->heading;
	size_t n;

	w->heading = NULL;
	if (!w->anchor[0])
		set_anchor(w->anchor, w->pending[0] ? w->pending :
			   enclosing_id(h));
	w->pending[0] = '\0';
	w->rc = ds_doc_add_section(doc, w->htext, w->hlen,
				   w->anchor[0] ? w->anchor : NULL, w->level,
				   w->err);
	if (w->rc < 0)
		return;
	last = &doc->sections[doc->nsections - 1];
	if (last->heading == NULL) {
		/* Blank once cleaned: an empty heading outlines nothing, so
		 * take back the section just added (it holds no text). */
		free(last->anchor);
		doc->nsections--;
		return;
	}
	if (w->level == 1 && !w->h1[0]) {
		n = strlen(last->heading);
		n = ds_utf8_cut(last->heading,
				n < sizeof w->h1 ? n : sizeof w->h1 - 1);
		memcpy(w->h1, last->heading, n);
		w->h1[n] = '\0';
	}
}

/* Entering node n: returns whether to walk its children. */
static bool
enter(struct walker *w, xmlNode *n)
{
	const char *name, *v;
	unsigned flags;
	int level;

	if (n->type == XML_TEXT_NODE && n->content && !w->noindex) {
		v = (const char *)n->content;
		if (w->heading) {
			heading_add(w, v, strlen(v));
		} else {
			if (!blank(v))
				w->pending[0] = '\0';
			add_text(w, v, strlen(v));
		}
		return false;
	}
	if (n->type == XML_COMMENT_NODE) {
		/* <!--noindex--> hides text up to <!--/noindex--> or the end
		 * of the element holding it (see leave()). */
		switch (ds_html_noindex_comment(n)) {
		case 1:
			if (!w->noindex)
				w->noindex = n->parent;
			break;
		case -1:
			w->noindex = NULL;
			break;
		}
		return false;
	}
	if (n->type != XML_ELEMENT_NODE)
		return false;	/* CDATA, entity references... */
	name = ds_html_local_name(n);
	flags = ds_html_elem_flags(name);
	if (n != w->top && ds_html_is_furniture(n, name, flags))
		return false;
	if (!strcmp(name, "time") && !w->time && !w->noindex)
		w->time = n;
	if ((level = ds_html_heading_level(name)) != 0 && !w->heading &&
	    !w->noindex) {
		end_word(w);
		w->heading = n;
		w->level = level;
		w->hlen = 0;
		set_anchor(w->anchor, ds_html_attr(n, "id"));
	} else if (flags & (DS_HTML_BLOCK | DS_HTML_SPACE)) {
		separate(w, flags & DS_HTML_BLOCK);
	}
	if (!strcmp(name, "a")) {
		if (!(v = ds_html_attr(n, "name")) || !v[0])
			v = ds_html_attr(n, "id");
		if (v && v[0] && w->heading && !w->anchor[0])
			set_anchor(w->anchor, v);
		else if (v && v[0] && !w->heading)
			set_anchor(w->pending, v);
	}
	return true;
}

/* Leaving element n, whose children (if any) have been walked. */
static void
leave(struct walker *w, xmlNode *n)
{
	unsigned flags;

	if (n->type != XML_ELEMENT_NODE)
		return;
	if (n == w->noindex)
		w->noindex = NULL;
	if (n == w->heading) {
		end_heading(w);
		return;
	}
	flags = ds_html_elem_flags(ds_html_local_name(n));
	if (flags & (DS_HTML_BLOCK | DS_HTML_SPACE))
		separate(w, flags & DS_HTML_BLOCK);
}

/* Walk top's subtree, without recursion, feeding the text to w->doc. */
static int
walk(struct walker *w, xmlNode *top)
{
	xmlNode *n = top;

	w->top = top;
	while (n != NULL && w->rc == 0 && !w->doc->truncated) {
		if (enter(w, n) && n->children) {
			n = n->children;
			continue;
		}
		/* A skipped block still separates the words around it. */
		leave(w, n);
		while (n != top && n->next == NULL && w->rc == 0) {
			n = n->parent;
			leave(w, n);
		}
		n = n == top ? NULL : n->next;
	}
	if (w->heading && w->rc == 0)
		end_heading(w);	/* the text ran out inside a heading */
	end_word(w);
	return w->rc;
}

/*
 * Text after </body> or </html> (a second gzip member, junk a CMS
 * appended): libxml2 puts it in elements after the body, or after the root,
 * where a browser would show it at the end of the body.  They are read
 * when the whole body is (`whole`); when the content is a part of the
 * body, they are outside it anyway.
 */
static int
walk_trailing(struct walker *w, xmlNode *top, bool whole)
{
	xmlNode *a, *n;
	const char *name;

	for (a = top; whole && a != NULL && a->type == XML_ELEMENT_NODE;
	     a = a->parent)
		for (n = a->next; n != NULL && w->rc == 0; n = n->next) {
			if (n->type != XML_ELEMENT_NODE)
				continue;
			name = ds_html_local_name(n);
			if (!ds_html_is_furniture(n, name,
						  ds_html_elem_flags(name)))
				walk(w, n);
		}
	return w->rc;
}

/* Record in doc->warning whatever was lost: silent losses must show. */
static int
warn_losses(struct ds_doc *doc, const struct parse_state *ps,
	    const struct ds_charset_info *ci, size_t len,
	    struct ds_error *err)
{
	int rc = 0;

	if (ps->depth_limit)
		rc = ds_doc_warn(doc, err,
				 "markup nested deeper than libxml2's limit of 256 levels: the parser stopped there and the text after it was lost");
	else if (ps->fatal[0] != '\0')
		rc = ds_doc_warn(doc, err,
				 "the HTML parser stopped early (%s): the text after that point was lost",
				 ps->fatal);
	if (rc == 0 && ci->replaced > 0)
		rc = ds_doc_warn(doc, err,
				 "%zu undecodable byte sequences replaced (read as %s)",
				 ci->replaced, ci->name);
	if (rc == 0 && doc->text_bytes == 0 && doc->nsections == 0) {
		if (len == 0)
			rc = ds_doc_warn(doc, err, "empty file");
		else
			rc = ds_doc_warn(doc, err,
					 "no text in %zu bytes of input", len);
	}
	return rc;
}

int
ds_extract_html(const char *buf, size_t len, const char *name,
		const struct ds_extract_opts *opts, struct ds_doc *doc,
		struct ds_error *err)
{
	struct ds_charset_info ci;
	struct parse_state ps;
	struct meta m;
	struct walker w;
	htmlParserCtxtPtr ctxt = NULL;
	htmlDocPtr hd = NULL;
	xmlNode *root, *top;
	char *u = NULL;
	size_t ulen = 0;
	int rc;

	if (doc == NULL || (buf == NULL && len > 0))
		return ds_error_set(err, DS_EINVAL,
				    "ds_extract_html: no document or buffer");
	ds_init_once();
	memset(&ps, 0, sizeof ps);
	memset(&m, 0, sizeof m);
	ds_html_meta_init(&m.hm);
	memset(&w, 0, sizeof w);
	if (opts && opts->max_text_bytes)
		doc->max_text_bytes = opts->max_text_bytes;
	if ((rc = ds_charset_to_utf8(buf, len, DS_CHARSET_HTML, NULL, &u,
				     &ulen, &ci, err)) < 0)
		goto out;
	if (ulen > INT_MAX) {
		rc = ds_error_set(err, DS_ETOOBIG,
				  "%zu bytes of UTF-8 is more than libxml2 parses",
				  ulen);
		goto out;
	}
	if ((rc = ds_doc_set_field(&doc->format, "html", 4, err)) < 0)
		goto out;
	if (ulen > 0) {
		ctxt = htmlNewParserCtxt();
		if (ctxt == NULL || ctxt->sax == NULL) {
			rc = ds_error_set(err, DS_ENOMEM,
					  "out of memory creating an HTML parser");
			goto out;
		}
		/* Errors to our handler, on this context only; libxml2
		 * calls serror only when the handler says it is SAX2. */
		ctxt->_private = &ps;
		ctxt->sax->serror = on_parse_error;
		ctxt->sax->initialized = XML_SAX2_MAGIC;
		hd = htmlCtxtReadMemory(ctxt, u, (int)ulen, NULL, "UTF-8",
					HTML_OPTIONS);
	}
	root = hd ? xmlDocGetRootElement(hd) : NULL;
	if (root != NULL) {
		scan(root, &m);
		top = m.main ? m.main : m.articles == 1 ? m.article : NULL;
		if (top == NULL || !has_text(top))
			top = m.body ? ds_html_main_content(m.body) : root;
		w.doc = doc;
		w.err = err;
		if ((rc = walk(&w, top)) < 0 ||
		    (rc = walk_trailing(&w, top, top == m.body ||
					top == root)) < 0 ||
		    (rc = ds_html_meta_apply(&m.hm, w.h1, w.time, doc,
					     err)) < 0)
			goto out;
	}
	ds_doc_finish(doc);
	rc = warn_losses(doc, &ps, &ci, len, err);
out:
	xmlFreeDoc(hd);
	if (ctxt != NULL)
		htmlFreeParserCtxt(ctxt);
	free(u);
	if (rc < 0 && name != NULL)
		ds_error_prefix(err, "%s", name);
	return rc;
}
