/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xml-fields.c: storing what the XML dialects' rules read into struct
 * ds_doc: titles and publishers by rank, dates through ds_date_parse(),
 * language tags checked, identifiers capped, parts kept for the hooks.
 * See xml-walk.h.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ident.h"
#include "xml-walk.h"

#define VALUE_MAX 2048		/* bytes of a value looked at */
#define IDENTS_MAX 64		/* identifiers taken from one document */

/* Whether a field of this rank should replace what the document gave. */
static bool
better(struct ds_xml_fields *f, int field, unsigned char rank)
{
	if (f->have[field] && rank >= f->rank[field])
		return false;
	f->have[field] = true;
	f->rank[field] = rank;
	return true;
}

/* Whether s[0..n) can be a BCP 47 language tag. */
static bool
lang_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 35)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
			return false;
	return true;
}

/* A date from year/month/day parts ("2018", "6", "14"), if there is a
 * year; its precision, or 0. */
static int
date_from_parts(const char (*ymd)[DS_XML_YMD_MAX], enum ds_date_order order,
		char out[DS_DATE_SIZE])
{
	char iso[32], y[DS_XML_YMD_MAX], m[DS_XML_YMD_MAX], d[DS_XML_YMD_MAX];
	size_t yn = ds_xml_squeeze(ymd[0], strlen(ymd[0]), y, sizeof y);
	size_t mn = ds_xml_squeeze(ymd[1], strlen(ymd[1]), m, sizeof m);
	size_t dn = ds_xml_squeeze(ymd[2], strlen(ymd[2]), d, sizeof d);
	int n;

	if (yn == 0)
		return 0;
	if (mn == 0)
		n = snprintf(iso, sizeof iso, "%s", y);
	else if (dn == 0)
		n = snprintf(iso, sizeof iso, "%s-%s%s", y, mn == 1 ? "0" : "",
			     m);
	else
		n = snprintf(iso, sizeof iso, "%s-%s%s-%s%s", y,
			     mn == 1 ? "0" : "", m, dn == 1 ? "0" : "", d);
	if (n <= 0 || (size_t)n >= sizeof iso)
		return 0;
	return ds_date_parse(iso, (size_t)n, order, out);
}

/* Set a string field from s[0..n) (cleaned), if its rank wins. */
static int
set_string(struct ds_xml_fields *f, char **field, int which,
	   unsigned char rank, const char *s, size_t n)
{
	char *v = NULL;
	int rc;

	if ((rc = ds_doc_set_field(&v, s, n, f->err)) < 0)
		return rc;
	if (v != NULL && better(f, which, rank)) {
		free(*field);
		*field = v;
	} else {
		free(v);
	}
	return 0;
}

int
ds_xml_field_set(struct ds_xml_fields *f, const struct ds_xml_rule *r,
		 const char *s, size_t n, const char (*ymd)[DS_XML_YMD_MAX])
{
	struct ds_doc *doc = f->doc;
	char v[VALUE_MAX], date[DS_DATE_SIZE];
	size_t k, i;
	int p;

	if (n > VALUE_MAX)
		n = VALUE_MAX;
	switch (r->field) {
	case DS_XF_TITLE:
		return set_string(f, &doc->title, r->field, r->rank, s, n);
	case DS_XF_PUBLISHER:
		return set_string(f, &doc->publisher, r->field, r->rank, s, n);
	case DS_XF_AUTHOR:
		return set_string(f, &doc->author, r->field, r->rank, s, n);
	case DS_XF_DESCRIPTION:
		return set_string(f, &doc->description, r->field, r->rank, s,
				  n);
	case DS_XF_DATE:
	case DS_XF_MODIFIED:
		p = ymd ? date_from_parts(ymd, f->d->order, date) : 0;
		if (p == 0)
			p = ds_xml_date(s, n, f->d->order, r->flags & DS_XG_FIND,
					date);
		if (p == 0)
			return 0;
		return set_string(f, r->field == DS_XF_DATE ? &doc->date :
				  &doc->modified, r->field, r->rank, date,
				  strlen(date));
	case DS_XF_LANG:
		k = ds_xml_squeeze(s, n, v, sizeof v);
		/* "EN" is "en"; a region stays as written ("en-GB"). */
		for (i = 0; i < k && v[i] != '-'; i++)
			if (v[i] >= 'A' && v[i] <= 'Z')
				v[i] = (char)(v[i] + 'a' - 'A');
		if (!lang_ok(v, k))
			return 0;
		return set_string(f, &doc->lang, r->field, r->rank, v, k);
	case DS_XF_IDENT:
		k = ds_xml_squeeze(s, n, v, sizeof v);
		if (k == 0 || k > 200 || f->nidents >= IDENTS_MAX)
			return 0;
		f->nidents++;
		if (r->label != NULL)
			return ds_doc_add_ident(doc, r->label, v, NULL, v,
						f->err);
		return f->d->cite ? f->d->cite(f->meta, v, k) : 0;
	case DS_XF_SCAN:
		k = 0;
		if (r->label != NULL) {
			k = ds_xml_squeeze(r->label, strlen(r->label), v,
					   sizeof v / 2);
			v[k++] = ' ';
		}
		k += ds_xml_squeeze(s, n, v + k, sizeof v - k);
		p = ds_ident_scan(doc, v, k, 4, f->err);
		return p < 0 ? p : 0;
	case DS_XF_PART:
		if (r->rank < DS_XML_PARTS && !f->meta->part[r->rank][0])
			ds_xml_squeeze(s, n, f->meta->part[r->rank],
				       DS_XML_PART_MAX);
		return 0;
	default:
		return 0;
	}
}
