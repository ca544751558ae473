/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xml-hansard.c: ParlParse's XML (TheyWorkForYou's Hansard): Commons and
 * Lords debates, Westminster Hall, written answers and statements,
 * Scottish Parliament motions.
 *
 * The structure is a table like every dialect's: headings, speeches (a
 * section each, with its speaker and its id as anchor), no nesting.  What
 * a table cannot say is in the hooks: the sitting's date, kind and House
 * come from the file name ("lordswms2009-10-26a.xml") or the ids
 * ("uk.org.publicwhip/wms/2009-10-26a.87.1"), and a Scottish motion's
 * member and title are in its text ("S3M-4518 John Swinney: Marine
 * (Scotland) Bill: Financial Resolution—That the Parliament...").
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xml-dialect.h"

#define COUNT(a) (sizeof (a) / sizeof (a)[0])
#define ID_PREFIX "uk.org.publicwhip/"

static const char *const hansard_roots[] = { "publicwhip", NULL };
static const char *const hansard_anchors[] = { "id", NULL };

static const struct ds_xml_rule hansard_rules[] = {
	DS_XSKIP("gidredirect", NULL),
	DS_XHEAD("major-heading", NULL, 1),
	DS_XHEAD("minor-heading", NULL, 2),
	DS_XSPEECH("speech", "speakername"),
	DS_XSPEECH("ques", "speakername"),
	DS_XSPEECH("reply", "speakername"),
	DS_XSPEECH("spmotion", NULL),
	{ .name = "p", .field = DS_XF_IDENT, .attr = "qnum",
	  .label = "written-question" },
	DS_XINLINE("phrase", NULL),
	DS_XSPACE("td", NULL), DS_XSPACE("th", NULL),
};

enum house { COMMONS, LORDS, SCOTLAND, NI };

static const char *const houses[] = {
	"House of Commons", "House of Lords", "Scottish Parliament",
	"Northern Ireland Assembly"
};

/* What a file holds, by its name's prefix or its ids' kind. */
static const struct kind {
	const char *name;	/* file name prefix or id kind */
	bool file;		/* a file name prefix (else an id kind) */
	enum house house;
	bool house_known;	/* else: Lords if a lord speaks */
	const char *type;
	const char *label;	/* the title, after the House */
} kinds[] = {
	{ "lordswrans", true, LORDS, true, "written-answer", "written answers" },
	{ "lordswms", true, LORDS, true, "written-statement",
	  "written statements" },
	{ "daylord", true, LORDS, true, "debate", "debates" },
	{ "lords", true, LORDS, true, "debate", "debates" },
	{ "debates", true, COMMONS, true, "debate", "debates" },
	{ "westminster", true, COMMONS, true, "debate",
	  "Westminster Hall debates" },
	{ "answers", true, COMMONS, false, "written-answer",
	  "written answers" },
	{ "ministerial", true, COMMONS, false, "written-statement",
	  "written ministerial statements" },
	{ "spwa", true, SCOTLAND, true, "written-answer", "written answers" },
	{ "sp", true, SCOTLAND, true, "debate", "debates" },
	{ "ni", true, NI, true, "debate", "debates" },
	{ "debate", false, COMMONS, true, "debate", "debates" },
	{ "westminhall", false, COMMONS, true, "debate",
	  "Westminster Hall debates" },
	{ "wrans", false, COMMONS, false, "written-answer",
	  "written answers" },
	{ "wms", false, COMMONS, false, "written-statement",
	  "written ministerial statements" },
	{ "lords", false, LORDS, true, "debate", "debates" },
	{ "spor", false, SCOTLAND, true, "debate", "debates" },
	{ "spwa", false, SCOTLAND, true, "written-answer", "written answers" },
	{ "ni", false, NI, true, "debate", "debates" },
};

static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* "27 October 2009" for the ISO date iso, into buf; false if it isn't
 * a full date. */
static bool
date_words(const char *iso, char *buf, size_t size)
{
	int m;

	if (ds_date_is_iso(iso) == 0 || strlen(iso) != 10)
		return false;
	m = (iso[5] - '0') * 10 + (iso[6] - '0');
	if (m < 1 || m > 12)
		return false;
	snprintf(buf, size, "%d %s %.4s", (iso[8] - '0') * 10 + (iso[9] - '0'),
		 months[m - 1], iso);
	return true;
}

/* The first "YYYY-MM-DD" in s that is a date, into out. */
static bool
find_date(const char *s, char out[DS_DATE_SIZE])
{
	size_t i, n = strlen(s);

	for (i = 0; i + 10 <= n; i++)
		if (s[i] >= '1' && s[i] <= '2' && s[i + 4] == '-' &&
		    s[i + 7] == '-' &&
		    ds_date_parse(s + i, 10, DS_DATE_DAY_FIRST, out) == 3)
			return true;
	return false;
}

/* ---------------------------------------------------------------------
 * Scottish Parliament motions
 * ------------------------------------------------------------------- */

struct motion {
	char spid[32];		/* "S3M-4518" */
	char member[128];	/* "John Swinney" */
	char title[512];	/* "Marine (Scotland) Bill: Financial Resolution" */
};

/* Read a motion's number, member and title from the start of its text:
 * "*S3M-4110# Ted Brocklebank: New Secondary School ...—That ...". */
static void
parse_motion(const xmlNode *n, struct motion *mo)
{
	char raw[1024], t[1024];
	const char *p, *colon, *dash, *id = ds_xml_attr(n, "spid");
	size_t k = ds_xml_text(n, raw, sizeof raw);

	memset(mo, 0, sizeof *mo);
	if (id != NULL)
		ds_xml_squeeze(id, strlen(id), mo->spid, sizeof mo->spid);
	ds_xml_squeeze(raw, k, t, sizeof t);
	p = t + strspn(t, " *#");
	if (mo->spid[0] && strncmp(p, mo->spid, strlen(mo->spid)) == 0)
		p += strlen(mo->spid);
	p += strspn(p, " *#");
	if ((colon = strstr(p, ": ")) == NULL || colon == p || colon - p > 60)
		return;
	ds_xml_squeeze(p, (size_t)(colon - p), mo->member, sizeof mo->member);
	p = colon + 2;
	if ((dash = strstr(p, "\xe2\x80\x94")) == NULL &&
	    (dash = strstr(p, " - ")) == NULL)
		return;
	ds_xml_squeeze(p, (size_t)(dash - p), mo->title, sizeof mo->title);
}

/* A speech's section: for a motion, its member and the bulletin's date. */
static int
hansard_speech(const xmlNode *n, struct ds_xml_speech *sp)
{
	struct motion mo;
	const char *date = ds_xml_attr(n, "date");
	char words[32];

	const xmlNode *first;

	if (strcmp(ds_xml_local_name(n), "spmotion") != 0)
		return 0;
	parse_motion(n, &mo);
	if (!mo.member[0] && n->parent != NULL) {
		/* A later version listing new supporters only: the motion
		 * is still its proposer's, named in the first version. */
		for (first = n->parent->children; first &&
		     strcmp(ds_xml_local_name(first), "spmotion") != 0;
		     first = first->next)
			;
		if (first != NULL && first != n) {
			struct motion mo1;

			parse_motion(first, &mo1);
			memcpy(mo.member, mo1.member, sizeof mo.member);
		}
	}
	if (mo.member[0])
		snprintf(sp->speaker, sizeof sp->speaker, "%s", mo.member);
	if (date && date_words(date, words, sizeof words))
		snprintf(sp->heading, sizeof sp->heading, "%s, %s",
			 mo.spid[0] ? mo.spid : "Motion", words);
	else if (mo.spid[0])
		snprintf(sp->heading, sizeof sp->heading, "%s", mo.spid);
	return 0;
}

/* A file of versions of one motion: its number, member, title, and the
 * first and last dates it appeared in the Business Bulletin. */
static int
motion_finish(struct ds_xml_meta *m, const xmlNode *first)
{
	struct ds_doc *doc = m->doc;
	char title[700], lo[DS_DATE_SIZE] = "", hi[DS_DATE_SIZE] = "";
	char d[DS_DATE_SIZE];
	const xmlNode *n;
	const char *v;
	struct motion mo;
	int rc = 0;

	parse_motion(first, &mo);
	for (n = first; n; n = ds_xml_next_element(n)) {
		if (strcmp(ds_xml_local_name(n), "spmotion") != 0 ||
		    (v = ds_xml_attr(n, "date")) == NULL ||
		    ds_date_parse(v, strlen(v), DS_DATE_DAY_FIRST, d) != 3)
			continue;
		if (!lo[0] || strcmp(d, lo) < 0)
			memcpy(lo, d, sizeof lo);
		if (!hi[0] || strcmp(d, hi) > 0)
			memcpy(hi, d, sizeof hi);
	}
	if (mo.spid[0])
		rc = ds_doc_add_ident(doc, "sp-motion", mo.spid, NULL, mo.spid,
				      m->err);
	if (rc == 0 && mo.title[0] && doc->title == NULL) {
		snprintf(title, sizeof title, "Motion %s: %s", mo.spid,
			 mo.title);
		rc = ds_doc_set_field(&doc->title, title, strlen(title),
				      m->err);
	}
	if (rc == 0 && mo.member[0])
		rc = ds_doc_set_field(&doc->author, mo.member,
				      strlen(mo.member), m->err);
	if (rc == 0 && lo[0])
		rc = ds_doc_set_field(&doc->date, lo, strlen(lo), m->err);
	if (rc == 0 && hi[0] && strcmp(hi, lo) != 0)
		rc = ds_doc_set_field(&doc->modified, hi, strlen(hi), m->err);
	if (rc == 0)
		rc = ds_doc_set_field(&doc->type, "motion", 6, m->err);
	if (rc == 0)
		rc = ds_doc_set_field(&doc->publisher, houses[SCOTLAND],
				      strlen(houses[SCOTLAND]), m->err);
	return rc;
}

/* ---------------------------------------------------------------------
 * Sittings: debates, written answers and statements
 * ------------------------------------------------------------------- */

/* The kind of file `base` (a file name) is, by its prefix. */
static const struct kind *
kind_of_file(const char *base)
{
	size_t i, n;

	for (i = 0; base && i < COUNT(kinds); i++) {
		n = strlen(kinds[i].name);
		if (kinds[i].file && strncmp(base, kinds[i].name, n) == 0 &&
		    base[n] >= '1' && base[n] <= '2')
			return &kinds[i];
	}
	return NULL;
}

/* The kind an id says ("uk.org.publicwhip/wms/2009-..." is "wms"). */
static const struct kind *
kind_of_id(const char *id)
{
	size_t i, n;

	if (id == NULL || strncmp(id, ID_PREFIX, strlen(ID_PREFIX)) != 0)
		return NULL;
	id += strlen(ID_PREFIX);
	n = strcspn(id, "/");
	for (i = 0; i < COUNT(kinds); i++)
		if (!kinds[i].file && strlen(kinds[i].name) == n &&
		    strncmp(id, kinds[i].name, n) == 0)
			return &kinds[i];
	return NULL;
}

/* A sitting's date, type, House, title; a warning for a file that only
 * redirects to a later version of itself. */
static int
sitting_finish(struct ds_xml_meta *m, const xmlNode *root)
{
	struct ds_doc *doc = m->doc;
	const char *base = NULL, *id = NULL, *v, *redirect = NULL;
	const struct kind *k;
	const xmlNode *n;
	char date[DS_DATE_SIZE] = "", words[32], title[160];
	enum house house;
	bool lords = false;
	int rc = 0;

	if (m->name != NULL)
		base = strrchr(m->name, '/') ? strrchr(m->name, '/') + 1 :
		       m->name;
	for (n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (id == NULL && (v = ds_xml_attr(n, "id")) != NULL &&
		    strncmp(v, ID_PREFIX, strlen(ID_PREFIX)) == 0)
			id = v;
		if (redirect == NULL &&
		    (v = ds_xml_attr(n, "newgid")) != NULL) {
			redirect = v;
			if (id == NULL)
				id = ds_xml_attr(n, "oldgid");
		}
		if ((v = ds_xml_attr(n, "speakerid")) != NULL &&
		    strstr(v, "/lord/") != NULL)
			lords = true;
	}
	if ((k = kind_of_file(base)) == NULL && (k = kind_of_id(id)) == NULL)
		return 0;
	house = k->house_known ? k->house : lords ? LORDS : k->house;
	if (!(base && find_date(base, date)) && id != NULL)
		find_date(id, date);
	rc = ds_doc_set_field(&doc->type, k->type, strlen(k->type), m->err);
	if (rc == 0)
		rc = ds_doc_set_field(&doc->publisher, houses[house],
				      strlen(houses[house]), m->err);
	if (rc == 0 && date[0])
		rc = ds_doc_set_field(&doc->date, date, strlen(date), m->err);
	if (rc == 0 && doc->title == NULL) {
		if (strncmp(k->label, "Westminster", 11) == 0)
			snprintf(title, sizeof title, "%s", k->label);
		else
			snprintf(title, sizeof title, "%s %s", houses[house],
				 k->label);
		if (date_words(date, words, sizeof words))
			snprintf(title + strlen(title),
				 sizeof title - strlen(title), ", %s", words);
		rc = ds_doc_set_field(&doc->title, title, strlen(title),
				      m->err);
	}
	if (rc == 0 && doc->text_bytes == 0 && redirect != NULL)
		rc = ds_doc_warn(doc, m->err,
				 "no text: superseded, the items redirect to %.80s",
				 redirect);
	return rc;
}

/* After the walk: a file of motions, or a sitting. */
static int
hansard_finish(struct ds_xml_meta *m, const xmlNode *root)
{
	const xmlNode *n;

	for (n = root->children; n && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	if (n && strcmp(ds_xml_local_name(n), "spmotion") == 0)
		return motion_finish(m, n);
	return sitting_finish(m, root);
}

const struct ds_xml_dialect ds_xml_hansard = {
	.name = "hansard", .roots = hansard_roots, .type = "debate",
	.anchors = hansard_anchors,
	.rules = hansard_rules, .nrules = COUNT(hansard_rules),
	.speech = hansard_speech, .finish = hansard_finish,
};
