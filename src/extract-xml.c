/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * extract-xml.c: XML to struct ds_doc: parsing, safely, with libxml2.
 *
 * The bytes are converted to UTF-8 by charset.c first, then parsed from
 * memory with the safe options of RELIABILITY.md 2.5 (no network, no
 * entity substitution, no DTD loading, no XInclude, no XML_PARSE_HUGE) and
 * the encoding forced to UTF-8; ds_init()'s entity loader, which refuses
 * everything, is installed once in case the program has not called it.
 * Parser errors go to a structured handler on the parser context, never to
 * the global one, so several threads may extract at once.
 *
 * A document that is not well-formed is DS_EFORMAT, naming libxml2's
 * error and line; one nested deeper than libxml2's 256 levels says so.
 * The one exception: a document that merely stops early ("Premature end
 * of data in tag", a cut download) is parsed again with
 * XML_PARSE_RECOVER, which then only closes the open elements, and kept
 * with a warning: its text up to the cut is worth indexing, and the
 * warning keeps the loss from being silent.  Every other error (entity
 * loops, unterminated comments, duplicate attributes...) stays an error.
 *
 * The tree is then read by xml-walk.c, by the rules of the document's
 * dialect (xml-dialect.h).
 */

#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "charset.h"
#include "dossier.h"
#include "extract.h"
#include "init.h"
#include "utf8.h"
#include "xml-walk.h"

/* Exactly these: RELIABILITY.md 2.5.  Never NOENT, DTDLOAD, DTDATTR,
 * DTDVALID, XINCLUDE or HUGE. */
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | \
		     XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | \
		     XML_PARSE_IGNORE_ENC)

/* What the parser reported, gathered by on_parse_error(). */
struct parse_state {
	int code;		/* the first fatal error's code, 0 if none */
	int line;		/* the line of the last fatal error */
	char msg[200];		/* the first fatal error's message */
};

/* Structured error handler, per parser context: keeps the first fatal
 * error's message and code, and the line of the last. */
static void
on_parse_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct parse_state *ps = ctxt ? ctxt->_private : NULL;
	size_t n;

	if (ps == NULL || e == NULL || e->level != XML_ERR_FATAL)
		return;
	ps->line = e->line;
	if (ps->code != 0)
		return;
	ps->code = e->code ? e->code : -1;
	if (e->message == NULL)
		return;
	n = strcspn(e->message, "\n");
	if (n >= sizeof ps->msg)
		n = ds_utf8_cut(e->message, sizeof ps->msg - 1);
	memcpy(ps->msg, e->message, n);
	ps->msg[n] = '\0';
}

/* Parse u[0..ulen) into *out with `options`; errors into *ps. */
static int
parse(const char *u, size_t ulen, int options, struct parse_state *ps,
      xmlDocPtr *out, struct ds_error *err)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();

	memset(ps, 0, sizeof *ps);
	*out = NULL;
	if (ctxt == NULL || ctxt->sax == NULL) {
		if (ctxt)
			xmlFreeParserCtxt(ctxt);
		return ds_error_set(err, DS_ENOMEM,
				    "out of memory creating an XML parser");
	}
	/* Errors to our handler, on this context only; libxml2 calls
	 * serror only when the handler says it is SAX2. */
	ctxt->_private = ps;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->initialized = XML_SAX2_MAGIC;
	*out = xmlCtxtReadMemory(ctxt, u, (int)ulen, NULL, "UTF-8", options);
	if (*out != NULL && !ctxt->wellFormed && !(options & XML_PARSE_RECOVER)) {
		xmlFreeDoc(*out);
		*out = NULL;
	}
	if (*out == NULL && ps->code == 0) {
		ps->code = -1;
		snprintf(ps->msg, sizeof ps->msg, "%s",
			 ulen == 0 ? "the document is empty" :
			 "the parser gave no document");
	}
	xmlFreeParserCtxt(ctxt);
	return 0;
}

/* Record in doc->warning what was lost or guessed: no silent losses. */
static int
warn_losses(struct ds_doc *doc, const struct ds_xml_walk_stats *st,
	    const struct ds_charset_info *ci, const char *u, size_t ulen,
	    size_t len, struct ds_error *err)
{
	char label[64], canon[64];
	int rc = 0;

	if (ci->replaced > 0)
		rc = ds_doc_warn(doc, err,
				 "%zu undecodable byte sequences replaced (read as %s)",
				 ci->replaced, ci->name);
	if (rc == 0 && ds_charset_find_declaration(u, ulen, DS_CHARSET_XML,
						   label, sizeof label) &&
	    !ds_charset_lookup(label, canon, sizeof canon))
		rc = ds_doc_warn(doc, err,
				 "unknown encoding \"%.40s\" declared: read as %s",
				 label, ci->name);
	else if (rc == 0 && ci->overruled)
		rc = ds_doc_warn(doc, err,
				 "encoding %s declared but the bytes are %s: read as %s",
				 ci->declared, ci->name, ci->name);
	if (rc == 0 && st->too_deep)
		rc = ds_doc_warn(doc, err,
				 "elements nested too deep were left out");
	if (rc == 0 && st->dropped > 0)
		rc = ds_doc_warn(doc, err,
				 "%zu entity references left unexpanded (external, or not short plain text)",
				 st->dropped);
	if (rc == 0 && doc->text_bytes == 0 &&
	    (doc->warning == NULL || st->dropped > 0))
		rc = ds_doc_warn(doc, err, "no text in %zu bytes of input",
				 len);
	return rc;
}

int
ds_extract_xml(const char *buf, size_t len, const char *name,
	       const struct ds_extract_opts *opts, struct ds_doc *doc,
	       struct ds_error *err)
{
	struct ds_charset_info ci;
	struct ds_xml_walk_stats st;
	struct parse_state ps;
	xmlDocPtr xd = NULL;
	const xmlNode *root;
	size_t ulen = 0, max;
	char *u = NULL;
	int rc;

	if (doc == NULL || (buf == NULL && len > 0))
		return ds_error_set(err, DS_EINVAL,
				    "ds_extract_xml: no document or buffer");
	ds_init_once();
	max = opts && opts->max_input_bytes ? opts->max_input_bytes :
	      DS_EXTRACT_DEFAULT_MAX_INPUT;
	if (len > max) {
		rc = ds_error_set(err, DS_ETOOBIG,
				  "%zu bytes is more than the limit of %zu",
				  len, max);
		goto out;
	}
	if (opts && opts->max_text_bytes)
		doc->max_text_bytes = opts->max_text_bytes;
	if ((rc = ds_charset_to_utf8(buf, len, DS_CHARSET_XML, NULL, &u,
				     &ulen, &ci, err)) < 0)
		goto out;
	if (ulen > INT_MAX) {
		rc = ds_error_set(err, DS_ETOOBIG,
				  "%zu bytes of UTF-8 is more than libxml2 parses",
				  ulen);
		goto out;
	}
	if ((rc = ds_doc_set_field(&doc->format, "xml", 3, err)) < 0 ||
	    (rc = parse(u, ulen, XML_OPTIONS, &ps, &xd, err)) < 0)
		goto out;
	if (xd == NULL && ps.code == XML_ERR_TAG_NOT_FINISHED) {
		/* Cut short, not malformed: keep what came before the cut. */
		struct parse_state first = ps;

		if ((rc = parse(u, ulen, XML_OPTIONS | XML_PARSE_RECOVER, &ps,
				&xd, err)) < 0)
			goto out;
		ps = first;
		if (xd != NULL &&
		    (rc = ds_doc_warn(doc, err,
				      "truncated XML: %s: the text up to there was kept",
				      ps.msg)) < 0)
			goto out;
	}
	if (xd == NULL) {
		if (ps.code == XML_ERR_INTERNAL_ERROR &&
		    strstr(ps.msg, "depth") != NULL)
			rc = ds_error_set(err, DS_EFORMAT,
					  "not read: elements nested deeper than libxml2's limit of 256 levels (line %d)",
					  ps.line);
		else
			rc = ds_error_set(err, DS_EFORMAT,
					  "not well-formed XML: %s (line %d)",
					  ps.msg, ps.line);
		goto out;
	}
	if ((root = xmlDocGetRootElement(xd)) == NULL) {
		rc = ds_error_set(err, DS_EFORMAT,
				  "not well-formed XML: no root element");
		goto out;
	}
	if ((rc = ds_xml_walk(root, name, doc, &st, err)) < 0)
		goto out;
	ds_doc_finish(doc);
	rc = warn_losses(doc, &st, &ci, u, ulen, len, err);
out:
	xmlFreeDoc(xd);
	free(u);
	if (rc < 0 && name != NULL)
		ds_error_prefix(err, "%s", name);
	return rc;
}
