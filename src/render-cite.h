/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * render-cite.h: what a reference to a hit says, for the citation formats
 * (render-bibtex.c, render-ris.c, render-csljson.c).
 *
 * Policy documents are written by organisations, so the author is a
 * corporate one: the document's author when it names one, else its
 * publisher.  The date is the document's, else the day it was last
 * modified, split into year, month and day (each 0 when not known).  The
 * URL is the published address only: a file: URL says where a copy lies
 * on this machine, which is no use in a bibliography.  The number is the
 * first identifier that is not an ISBN (a House of Commons paper, a
 * Command paper: "HC 1234 (2013-14)"), except for debates, whose
 * identifiers are those of the questions asked in them; an ISBN has a
 * field of its own.  The abstract is the document's description.
 *
 * The document types (doctype.h) are mapped onto the few kinds of work
 * citation formats tell apart; each format maps the kinds onto its own
 * types:
 *
 *   kind          doc types
 *   report        report, research, statistics, policy-paper,
 *                 impact-assessment, consultation-response
 *   consultation  consultation
 *   guidance      guidance, documentation
 *   debate        debate, written-answer, written-statement, motion
 *   legislation   legislation
 *   bill          bill
 *   speech        speech
 *   judgment      judgment
 *   other         everything else, and no type
 */
#ifndef DOSSIER_RENDER_CITE_H
#define DOSSIER_RENDER_CITE_H

#include "search.h"

enum ds_cite_kind {
	DS_CITE_OTHER = 0,
	DS_CITE_REPORT,
	DS_CITE_CONSULTATION,
	DS_CITE_GUIDANCE,
	DS_CITE_DEBATE,
	DS_CITE_LEGISLATION,
	DS_CITE_BILL,
	DS_CITE_SPEECH,
	DS_CITE_JUDGMENT
};

/*
 * A reference.  The strings point into the hit (raw: each format escapes
 * them as it must), except url, which is the cite's own.
 */
struct ds_cite {
	enum ds_cite_kind kind;
	const char *label;	/* the kind for people: "Report",
				   "Consultation"...; NULL for other */
	const char *title;	/* never NULL */
	const char *author;	/* the corporate author, or NULL */
	const char *publisher;	/* or NULL */
	int year, month, day;	/* 0: not known */
	char *url;		/* ds_url_safe()'s, or NULL */
	const char *number;	/* the report number, or NULL */
	const char *isbn;	/* or NULL */
	const char *abstract;	/* the description, or NULL */
};

/*
 * Fill c from h.  Returns 0, or DS_ENOMEM (c is then released already).
 * ds_cite_release() frees what it holds.
 */
int ds_cite_init(struct ds_cite *c, const struct ds_hit *h);
void ds_cite_release(struct ds_cite *c);

/*
 * The day of `now` (seconds since 1970; 0: the current time) in UTC, for
 * the date a document was accessed.
 */
void ds_cite_today(long long now, int *year, int *month, int *day);

#endif /* DOSSIER_RENDER_CITE_H */
