/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-atom.c: results as an Atom 1.0 feed (RFC 4287), so that a feed
 * reader can follow a query.
 *
 *  <?xml version="1.0" encoding="UTF-8"?>
 *  <feed xmlns="http://www.w3.org/2005/Atom">
 *    <id>urn:dossier:query:consultation%20periods</id>
 *    <title>Dossier: consultation periods</title>
 *    <updated>2014-06-30T00:00:00Z</updated>
 *    <author><name>Dossier</name></author>
 *    <generator version="0.1.0">Dossier</generator>
 *    <entry>
 *      <id>https://www.gov.uk/government/publications/...</id>
 *      <title>Compact Voice response to the NAO report</title>
 *      <link rel="alternate" href="https://www.gov.uk/..."/>
 *      <published>2012-06-25T00:00:00Z</published>
 *      <updated>2012-06-25T00:00:00Z</updated>
 *      <author><name>Compact Voice</name></author>
 *      <category term="report"/>
 *      <summary>...the Compact's twelve-week consultation periods...</summary>
 *    </entry>
 *  </feed>
 *
 * The feed's id is o->feed_id, else "urn:dossier:query:" and the query
 * with every byte outside RFC 3986's unreserved characters (and '/')
 * percent-encoded: the same query gives the same feed.  Its title is
 * o->feed_title, else "Dossier: " and the query.  Its author is
 * "Dossier", for the entries whose document names none; its updated time
 * is the newest of its entries', or o->now when it has none.
 *
 * An entry's id is the document's URL (a file: URL when the collection
 * has no published address), else "urn:dossier:doc:" and its identity
 * percent-encoded; both stay the same from one search to the next.  Its
 * link (rel alternate) is the plain URL.  Dates become RFC 3339 times at
 * midnight UTC on their first day ("2014" is 2014-01-01T00:00:00Z):
 * updated is the day last modified, else the date, else o->now;
 * published is the date when there is one.  The author is the document's
 * author, else its publisher; the category its type.  The summary is the
 * first passage as plain text (else the description); an entry without a
 * URL carries that text as its content instead, as RFC 4287 asks of an
 * entry with no alternate link.
 *
 * The feed keeps the order of the results: it is the query side's to ask
 * for the newest first (dossier-query --sort date).  Everything is written
 * through libxml2's xmlTextWriter, which escapes as it writes; before that,
 * invalid UTF-8 becomes U+FFFD and characters XML 1.0 does not allow
 * (control characters other than tab, LF and CR; U+FFFE, U+FFFF) are
 * dropped, and URLs are made URIs (ds_url_safe).  In a batch (--batch)
 * each query's feed is a whole XML document of its own, one after the
 * other.
 */

#include "config.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "render.h"
#include "url.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"

/* Room for "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define TIME_SIZE 21

/* <name>text</name>, text cleaned. */
static int
put_element(xmlTextWriterPtr w, const char *name, const char *text)
{
	char *clean = ds_text_xml(text);
	int rc;

	if (clean == NULL)
		return -1;
	rc = xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST clean);
	free(clean);
	return rc;
}

/* name="value", value cleaned. */
static int
put_attribute(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *clean = ds_text_xml(value);
	int rc;

	if (clean == NULL)
		return -1;
	rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST clean);
	free(clean);
	return rc;
}

/* <author><name>name</name></author> */
static int
put_author(xmlTextWriterPtr w, const char *name)
{
	if (xmlTextWriterStartElement(w, BAD_CAST "author") < 0 ||
	    put_element(w, "name", name) < 0)
		return -1;
	return xmlTextWriterEndElement(w);
}

/*
 * A date as date.h reads them as an RFC 3339 time, midnight UTC on its
 * first day.  False if it isn't a date.
 */
static bool
date_time(const char *s, char out[TIME_SIZE])
{
	char iso[DS_DATE_SIZE];
	int prec;

	if (s == NULL ||
	    (prec = ds_date_parse(s, strlen(s), DS_DATE_DAY_FIRST, iso)) == 0)
		return false;
	snprintf(out, TIME_SIZE, "%.4s-%.2s-%.2sT00:00:00Z", iso,
		 prec >= 2 ? iso + 5 : "01", prec >= 3 ? iso + 8 : "01");
	return true;
}

/* An entry's updated time: modified, else date, else now. */
static void
updated_of(const struct ds_hit *h, const char *now, char out[TIME_SIZE])
{
	if (!date_time(h->modified, out) && !date_time(h->date, out))
		memcpy(out, now, TIME_SIZE);
}

/* A new "urn:dossier:KIND:" + s percent-encoded, or NULL. */
static char *
urn(const char *kind, const char *s)
{
	char base[32];

	snprintf(base, sizeof base, "urn:dossier:%s:", kind);
	return ds_url_join(base, s);
}

static int
put_entry(xmlTextWriterPtr w, const struct ds_hit *h, const char *now)
{
	const char *author = h->author && *h->author ? h->author : h->publisher;
	char updated[TIME_SIZE], published[TIME_SIZE], docid[32];
	char *url = NULL, *id = NULL, *text = NULL;
	int rc = -1;

	if (h->url != NULL && *h->url) {
		if ((url = ds_url_safe(h->url)) == NULL ||
		    (id = strdup(url)) == NULL)
			goto out;
	} else {
		snprintf(docid, sizeof docid, "%u", (unsigned)h->docid);
		if ((id = urn("doc", h->id ? h->id : docid)) == NULL)
			goto out;
	}
	if (h->nsnippets > 0 && h->snippets[0].text[0] != '\0') {
		if ((text = ds_snippet_plain(h->snippets[0].text)) == NULL)
			goto out;
	} else if (h->description != NULL && *h->description) {
		if ((text = strdup(h->description)) == NULL)
			goto out;
	}
	updated_of(h, now, updated);
	if (xmlTextWriterStartElement(w, BAD_CAST "entry") < 0 ||
	    put_element(w, "id", id) < 0 ||
	    put_element(w, "title", h->title ? h->title : "") < 0)
		goto out;
	if (url != NULL &&
	    (xmlTextWriterStartElement(w, BAD_CAST "link") < 0 ||
	     put_attribute(w, "rel", "alternate") < 0 ||
	     put_attribute(w, "href", url) < 0 ||
	     xmlTextWriterEndElement(w) < 0))
		goto out;
	if ((date_time(h->date, published) &&
	     put_element(w, "published", published) < 0) ||
	    put_element(w, "updated", updated) < 0 ||
	    (author != NULL && *author && put_author(w, author) < 0))
		goto out;
	if (h->type != NULL && *h->type &&
	    (xmlTextWriterStartElement(w, BAD_CAST "category") < 0 ||
	     put_attribute(w, "term", h->type) < 0 ||
	     xmlTextWriterEndElement(w) < 0))
		goto out;
	if (url != NULL) {
		if (text != NULL && put_element(w, "summary", text) < 0)
			goto out;
	} else {
		char *clean = ds_text_xml(text ? text : h->title ? h->title : "");

		rc = clean == NULL ||
		     xmlTextWriterStartElement(w, BAD_CAST "content") < 0 ||
		     put_attribute(w, "type", "text") < 0 ||
		     xmlTextWriterWriteString(w, BAD_CAST clean) < 0 ||
		     xmlTextWriterEndElement(w) < 0 ? -1 : 0;
		free(clean);
		if (rc < 0)
			goto out;
	}
	rc = xmlTextWriterEndElement(w);
out:
	free(url);
	free(id);
	free(text);
	return rc < 0 ? -1 : 0;
}

/* The feed, head and entries, into w. */
static int
put_feed(xmlTextWriterPtr w, const struct ds_results *r,
	 const struct ds_render_opts *o, const char *now)
{
	const char *query = r->query ? r->query : "";
	char updated[TIME_SIZE], t[TIME_SIZE];
	char *id = NULL, *title = NULL;
	size_t i;
	int rc = -1;

	if (r->nhits == 0) {
		memcpy(updated, now, TIME_SIZE);
	} else {
		updated[0] = '\0';
		for (i = 0; i < r->nhits; i++) {
			updated_of(&r->hits[i], now, t);
			if (strcmp(t, updated) > 0)
				memcpy(updated, t, TIME_SIZE);
		}
	}
	if (o->feed_id != NULL)
		id = strdup(o->feed_id);
	else
		id = urn("query", query);
	if (o->feed_title != NULL) {
		title = strdup(o->feed_title);
	} else if ((title = malloc(strlen(query) + 10)) != NULL) {
		memcpy(title, "Dossier: ", 9);
		memcpy(title + 9, query, strlen(query) + 1);
	}
	if (id == NULL || title == NULL ||
	    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "feed") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
					BAD_CAST ATOM_NS) < 0 ||
	    put_element(w, "id", id) < 0 ||
	    put_element(w, "title", title) < 0 ||
	    put_element(w, "updated", updated) < 0 ||
	    put_author(w, "Dossier") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "generator") < 0 ||
	    put_attribute(w, "version", PACKAGE_VERSION) < 0 ||
	    xmlTextWriterWriteString(w, BAD_CAST "Dossier") < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		goto out;
	for (i = 0; i < r->nhits; i++)
		if (put_entry(w, &r->hits[i], now) < 0)
			goto out;
	if (xmlTextWriterEndDocument(w) < 0)
		goto out;
	rc = 0;
out:
	free(id);
	free(title);
	return rc;
}

int
ds_render_atom(FILE *out, const struct ds_results *r,
	       const struct ds_render_opts *o, struct ds_error *err)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	time_t t = o->now != 0 ? (time_t)o->now : time(NULL);
	char now[TIME_SIZE] = "1970-01-01T00:00:00Z";
	struct tm tm;
	int rc;

	if (gmtime_r(&t, &tm) != NULL)
		strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (w == NULL || xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0 ||
	    put_feed(w, r, o, now) < 0 || xmlTextWriterFlush(w) < 0) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}
	rc = 0;
	if (fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf),
		   out) != (size_t)xmlBufferLength(buf) ||
	    fflush(out) != 0 || ferror(out))
		rc = ds_error_set(err, DS_EIO, "writing the feed failed");
out:
	if (w != NULL)
		xmlFreeTextWriter(w);
	if (buf != NULL)
		xmlBufferFree(buf);
	return rc;
}
