/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render-cite.c: the fields of a reference to a hit (render-cite.h). */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "render-cite.h"
#include "url.h"

static const struct {
	const char *type;
	enum ds_cite_kind kind;
} kinds[] = {
	{"report", DS_CITE_REPORT},
	{"research", DS_CITE_REPORT},
	{"statistics", DS_CITE_REPORT},
	{"policy-paper", DS_CITE_REPORT},
	{"impact-assessment", DS_CITE_REPORT},
	{"consultation-response", DS_CITE_REPORT},
	{"consultation", DS_CITE_CONSULTATION},
	{"guidance", DS_CITE_GUIDANCE},
	{"documentation", DS_CITE_GUIDANCE},
	{"debate", DS_CITE_DEBATE},
	{"written-answer", DS_CITE_DEBATE},
	{"written-statement", DS_CITE_DEBATE},
	{"motion", DS_CITE_DEBATE},
	{"legislation", DS_CITE_LEGISLATION},
	{"bill", DS_CITE_BILL},
	{"speech", DS_CITE_SPEECH},
	{"judgment", DS_CITE_JUDGMENT},
};

/* Indexed by enum ds_cite_kind. */
static const char *const labels[] = {
	NULL, "Report", "Consultation", "Guidance", "Debate", "Legislation",
	"Bill", "Speech", "Judgment"
};

static enum ds_cite_kind
kind_of(const char *type)
{
	size_t i;

	if (type == NULL)
		return DS_CITE_OTHER;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].type, type) == 0)
			return kinds[i].kind;
	return DS_CITE_OTHER;
}

/* Split a date (as date.h reads them) into c's year, month and day. */
static void
split_date(struct ds_cite *c, const char *s)
{
	char iso[DS_DATE_SIZE];
	int prec;

	if (s == NULL ||
	    (prec = ds_date_parse(s, strlen(s), DS_DATE_DAY_FIRST, iso)) == 0)
		return;
	c->year = atoi(iso);
	if (prec >= 2)
		c->month = atoi(iso + 5);
	if (prec >= 3)
		c->day = atoi(iso + 8);
}

int
ds_cite_init(struct ds_cite *c, const struct ds_hit *h)
{
	size_t i;

	memset(c, 0, sizeof *c);
	c->kind = kind_of(h->type);
	c->label = labels[c->kind];
	c->title = h->title ? h->title : "";
	c->publisher = h->publisher && *h->publisher ? h->publisher : NULL;
	c->author = h->author && *h->author ? h->author : c->publisher;
	c->abstract = h->description && *h->description ? h->description
							 : NULL;
	split_date(c, h->date ? h->date : h->modified);
	if (h->url != NULL && *h->url && strncmp(h->url, "file:", 5) != 0 &&
	    (c->url = ds_url_safe(h->url)) == NULL)
		return DS_ENOMEM;
	for (i = 0; i < h->nidentifiers; i++) {
		const struct ds_hit_ident *id = &h->identifiers[i];

		if (strcmp(id->scheme, "isbn") == 0) {
			if (c->isbn == NULL)
				c->isbn = id->value;
		} else if (c->number == NULL && c->kind != DS_CITE_DEBATE) {
			c->number = id->display;
		}
	}
	return 0;
}

void
ds_cite_release(struct ds_cite *c)
{
	free(c->url);
	c->url = NULL;
}

void
ds_cite_today(long long now, int *year, int *month, int *day)
{
	time_t t = now != 0 ? (time_t)now : time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL) {
		*year = 1970;
		*month = *day = 1;
		return;
	}
	*year = tm.tm_year + 1900;
	*month = tm.tm_mon + 1;
	*day = tm.tm_mday;
}
