/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xml-node.c: reading a libxml2 tree safely, for the XML extractor and its
 * dialects.
 *
 * libxml2's own accessors (xmlNodeGetContent, xmlGetProp) expand entity
 * references as they go, without bound: quadratic-blowup.xml turns into
 * gigabytes that way.  These read text nodes and attribute values as the
 * parser stored them, expand only short plain-text internal entities, and
 * cap everything they copy.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include <libxml/entities.h>

#include "utf8.h"
#include "xml-dialect.h"

const char *
ds_xml_local_name(const xmlNode *n)
{
	return n && n->name ? (const char *)n->name : "";
}

const char *
ds_xml_attr(const xmlNode *n, const char *name)
{
	const char *colon = strchr(name, ':'), *local = name, *uri = NULL;
	const xmlAttr *a;

	if (colon != NULL) {
		if ((uri = ds_xml_ns_uri(name, (size_t)(colon - name))) == NULL)
			return NULL;
		local = colon + 1;
	}
	for (a = n->properties; a; a = a->next) {
		if (a->name == NULL || strcmp((const char *)a->name, local))
			continue;
		if (uri == NULL ? a->ns != NULL :
		    (a->ns == NULL || a->ns->href == NULL ||
		     strcmp((const char *)a->ns->href, uri)))
			continue;
		if (a->children == NULL)
			return "";
		if (a->children->type == XML_TEXT_NODE &&
		    a->children->next == NULL && a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

const xmlNode *
ds_xml_next_element(const xmlNode *n)
{
	for (n = n->next; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

const xmlNode *
ds_xml_child(const xmlNode *n, const char *name)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp(ds_xml_local_name(c), name) == 0)
			return c;
	return NULL;
}

const char *
ds_xml_entity_text(const xmlNode *n, size_t *len)
{
	const xmlEntity *e;
	const char *s;

	if (n->type != XML_ENTITY_REF_NODE || n->children == NULL ||
	    n->children->type != XML_ENTITY_DECL)
		return NULL;
	e = (const xmlEntity *)n->children;
	if (e->etype != XML_INTERNAL_GENERAL_ENTITY || e->content == NULL ||
	    e->length <= 0 || e->length > DS_XML_ENTITY_MAX)
		return NULL;
	s = (const char *)e->content;
	if (memchr(s, '<', (size_t)e->length) ||
	    memchr(s, '&', (size_t)e->length) ||
	    !ds_utf8_valid(s, (size_t)e->length))
		return NULL;
	*len = (size_t)e->length;
	return s;
}

/* Append s[0..n) to buf (of size), as much as fits on a character
 * boundary; returns false once it is full. */
static bool
append(char *buf, size_t size, size_t *o, const char *s, size_t n)
{
	size_t room = size - 1 - *o;

	if (n > room)
		n = ds_utf8_cut(s, room);
	memcpy(buf + *o, s, n);
	*o += n;
	buf[*o] = '\0';
	return *o + 1 < size;
}

size_t
ds_xml_text(const xmlNode *top, char *buf, size_t size)
{
	const xmlNode *n = top;
	const char *s;
	size_t o = 0, len;
	bool more = true;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	while (n != NULL && more) {
		if (n->type == XML_TEXT_NODE && n->content) {
			s = (const char *)n->content;
			more = append(buf, size, &o, s, strlen(s));
		} else if ((s = ds_xml_entity_text(n, &len)) != NULL) {
			more = append(buf, size, &o, s, len);
		} else if (n->type == XML_ELEMENT_NODE) {
			if (n != top)
				more = append(buf, size, &o, " ", 1);
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		while (n != top && n->next == NULL)
			n = n->parent;
		n = n == top ? NULL : n->next;
	}
	return o;
}

bool
ds_xml_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
		    s[i] != '\r')
			return false;
	return true;
}

size_t
ds_xml_squeeze(const char *s, size_t n, char *buf, size_t size)
{
	size_t i, o = 0, k;
	bool space = false;

	if (size == 0)
		return 0;
	for (i = 0; i < n && o + 1 < size; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			space = o > 0;
			continue;
		}
		if (space) {
			buf[o++] = ' ';
			space = false;
			if (o + 1 >= size)
				break;
		}
		buf[o++] = s[i];
	}
	/* A cut may have split a character: end on a boundary. */
	k = ds_utf8_cut(buf, o);
	buf[k] = '\0';
	while (k > 0 && buf[k - 1] == ' ')
		buf[--k] = '\0';
	return k;
}

int
ds_xml_date(const char *s, size_t len, enum ds_date_order order, bool find,
	    char out[DS_DATE_SIZE])
{
	size_t i, end;
	int p;

	if ((p = ds_date_parse(s, len, order, out)) > 0 || !find)
		return p;
	/* Try each word start, without the phrase's final punctuation:
	 * "Approved March 31, 2017." holds "March 31, 2017". */
	if (len > 256)
		len = 256;
	end = len;
	while (end > 0 && strchr(" \t\n.,;:)]", s[end - 1]) != NULL)
		end--;
	for (i = 1; i < end; i++) {
		if (s[i - 1] != ' ' && s[i - 1] != '\n' && s[i - 1] != '\t' &&
		    s[i - 1] != '(')
			continue;
		if ((p = ds_date_parse(s + i, end - i, order, out)) > 0)
			return p;
	}
	return ds_date_parse(s, end, order, out);
}

size_t
ds_xml_html_ref(const char *s, size_t n, char out[4], size_t *outlen)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} names[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", 0xa0 },
	};
	size_t k, i, start;
	uint32_t cp = 0;
	int base = 10, d;

	if (n < 3 || s[0] != '&')
		return 0;
	for (k = 1; k < n && k < 12 && s[k] != ';'; k++)
		;
	if (k >= n || s[k] != ';' || k == 1)
		return 0;
	if (s[1] == '#') {
		start = 2;
		if (s[2] == 'x' || s[2] == 'X') {
			base = 16;
			start = 3;
		}
		if (start == k)
			return 0;
		for (i = start; i < k; i++) {
			char c = s[i];

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (base == 16 && (c | 0x20) >= 'a' &&
				 (c | 0x20) <= 'f')
				d = (c | 0x20) - 'a' + 10;
			else
				return 0;
			cp = cp * (uint32_t)base + (uint32_t)d;
			if (cp > 0x10ffff)
				return 0;
		}
	} else {
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strlen(names[i].name) == k - 1 &&
			    strncmp(names[i].name, s + 1, k - 1) == 0)
				cp = names[i].cp;
	}
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	*outlen = ds_utf8_encode(cp, out);
	return k + 1;
}
