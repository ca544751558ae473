/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xml-legislation.c: the legislation dialects: legislation.gov.uk's CLML,
 * Justice Canada's laws XML, the US House and GPO's USLM, and the Library
 * of Congress's BILLSTATUS records.
 *
 * The tables say where titles, dates, sections and headings are; the hooks
 * compose the identifiers researchers cite from the pieces the tables keep
 * (DS_XF_PART): "2014 asp 10", "S.C. 2018, c. 27", "Pub. L. 115-16",
 * "H.R. 3106 (114th Congress)".  See xml-dialect.h.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xml-dialect.h"

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* Whether s[0..n) is all ASCII digits (and not empty). */
static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* The suffix of an ordinal number written in digits: "st" for "1". */
static const char *
ordinal(const char *num)
{
	static const char *const th[] = { "th", "st", "nd", "rd" };
	size_t c = strlen(num);
	int last = c ? num[c - 1] - '0' : 0;

	if (last < 0 || last > 3 || (c > 1 && num[c - 2] == '1'))
		last = 0;
	return th[last];
}

/* ---------------------------------------------------------------------
 * legislation.gov.uk: Crown Legislation Markup Language
 * ------------------------------------------------------------------- */

enum { CLML_URI, CLML_KIND, CLML_YEAR, CLML_NUMBER, CLML_CITE };

static const char *const clml_ns[] = {
	"http://www.legislation.gov.uk/namespaces/legislation", NULL
};
static const char *const clml_anchors[] = { "id", "ContentRef", NULL };

static const struct ds_xml_rule clml_rules[] = {
	DS_XATTR("Legislation", NULL, DS_XF_PART, CLML_URI, "IdURI"),
	DS_XMETA("ukm:Metadata", NULL),
	DS_XFIELD("dc:title", NULL, DS_XF_TITLE, 0),
	DS_XFIELD("dc:description", NULL, DS_XF_DESCRIPTION, 0),
	DS_XFIELD("dc:publisher", NULL, DS_XF_PUBLISHER, 0),
	DS_XFIELD("dc:language", NULL, DS_XF_LANG, 0),
	DS_XFIELD("dc:modified", NULL, DS_XF_MODIFIED, 0),
	DS_XATTR("ukm:EnactmentDate", NULL, DS_XF_DATE, 0, "Date"),
	DS_XATTR("ukm:Made", NULL, DS_XF_DATE, 0, "Date"),
	DS_XFIELD("dct:valid", NULL, DS_XF_DATE, 1),
	{ .name = "ukm:ISBN", .field = DS_XF_SCAN, .attr = "Value",
	  .label = "ISBN" },
	DS_XATTR("ukm:DocumentMainType", NULL, DS_XF_PART, CLML_KIND, "Value"),
	DS_XATTR("ukm:Year", NULL, DS_XF_PART, CLML_YEAR, "Value"),
	DS_XATTR("ukm:Number", NULL, DS_XF_PART, CLML_NUMBER, "Value"),
	DS_XFIELD("Number", "PrimaryPrelims", DS_XF_PART, CLML_CITE),
	DS_XFIELD("Number", "SecondaryPrelims", DS_XF_PART, CLML_CITE),
	DS_XFIELD("LongTitle", NULL, DS_XF_DESCRIPTION, 1),
	DS_XSKIP("Commentaries", NULL),
	/* The table of contents (a .../contents document). */
	DS_XSPACE("ContentsNumber", "ContentsItem"),
	DS_XSPACE("ContentsTitle", "ContentsItem"),
	DS_XSEC("ContentsPart", NULL, NULL),
	DS_XSEC("ContentsChapter", NULL, NULL),
	DS_XSEC("ContentsPblock", NULL, NULL),
	DS_XSEC("ContentsPsubBlock", NULL, NULL),
	DS_XSEC("ContentsSchedules", NULL, "Schedules"),
	DS_XSEC("ContentsSchedule", NULL, NULL),
	DS_XSEC("ContentsAppendix", NULL, NULL),
	DS_XSEC("ContentsGroup", NULL, NULL),
	DS_XHEAD("ContentsTitle", NULL, 0),
	DS_XNUM("ContentsNumber", NULL),
	/* The body. */
	DS_XSEC("Group", NULL, NULL), DS_XSEC("Part", NULL, NULL),
	DS_XSEC("Chapter", NULL, NULL), DS_XSEC("Pblock", NULL, NULL),
	DS_XSEC("PsubBlock", NULL, NULL), DS_XSEC("P1group", NULL, NULL),
	DS_XSEC("Schedule", NULL, NULL), DS_XSEC("Appendix", NULL, NULL),
	DS_XSEC("ExplanatoryNotes", NULL, "Explanatory note"),
	DS_XGROUP("P1", NULL), DS_XGROUP("TitleBlock", NULL),
	DS_XHEAD("Title", NULL, 0), DS_XHEAD("Subtitle", NULL, 0),
	DS_XNUM("Pnumber", NULL), DS_XNUM("Number", NULL),
};

/* legislation.gov.uk's type codes, for documents without an IdURI. */
static const struct {
	const char *kind, *code;
} clml_kinds[] = {
	{ "UnitedKingdomPublicGeneralAct", "ukpga" },
	{ "UnitedKingdomLocalAct", "ukla" },
	{ "ScottishAct", "asp" },
	{ "WelshParliamentAct", "asc" },
	{ "WelshNationalAssemblyAct", "anaw" },
	{ "WelshAssemblyMeasure", "mwa" },
	{ "NorthernIrelandAct", "nia" },
	{ "UnitedKingdomStatutoryInstrument", "uksi" },
	{ "ScottishStatutoryInstrument", "ssi" },
	{ "WelshStatutoryInstrument", "wsi" },
	{ "NorthernIrelandStatutoryRule", "nisr" },
	{ "UnitedKingdomChurchMeasure", "ukcm" },
};

/* The identifier of a CLML document: its URI's type/year/number
 * ("http://www.legislation.gov.uk/id/asp/2014/10" is asp 2014/10), shown
 * as the document itself cites it ("2014 asp 10"). */
static int
clml_finish(struct ds_xml_meta *m, const xmlNode *root)
{
	char code[16] = "", year[8] = "", number[16] = "", value[32];
	char display[DS_XML_PART_MAX];
	const char *p = strstr(m->part[CLML_URI], "legislation.gov.uk/");
	size_t a, b, c, i;

	(void)root;
	if (p != NULL) {
		p += strlen("legislation.gov.uk/");
		if (strncmp(p, "id/", 3) == 0)
			p += 3;
		a = strcspn(p, "/");
		b = p[a] ? strcspn(p + a + 1, "/") : 0;
		c = p[a] && p[a + 1 + b] ? strcspn(p + a + b + 2, "/") : 0;
		if (a > 0 && a < sizeof code && b == 4 &&
		    digits(p + a + 1, 4) && c > 0 && c < sizeof number &&
		    digits(p + a + b + 2, c)) {
			memcpy(code, p, a);
			code[a] = '\0';
			memcpy(year, p + a + 1, 4);
			year[4] = '\0';
			memcpy(number, p + a + b + 2, c);
			number[c] = '\0';
		}
	}
	for (i = 0; !code[0] && i < COUNT(clml_kinds); i++)
		if (strcmp(m->part[CLML_KIND], clml_kinds[i].kind) == 0 &&
		    strlen(m->part[CLML_YEAR]) == 4 &&
		    digits(m->part[CLML_YEAR], 4) &&
		    strlen(m->part[CLML_NUMBER]) < sizeof number &&
		    digits(m->part[CLML_NUMBER], strlen(m->part[CLML_NUMBER]))) {
			snprintf(code, sizeof code, "%s", clml_kinds[i].code);
			snprintf(year, sizeof year, "%s", m->part[CLML_YEAR]);
			snprintf(number, sizeof number, "%s",
				 m->part[CLML_NUMBER]);
		}
	if (!code[0])
		return 0;
	snprintf(value, sizeof value, "%s/%s", year, number);
	if (m->part[CLML_CITE][0])
		snprintf(display, sizeof display, "%s", m->part[CLML_CITE]);
	else if (strcmp(code, "ukpga") == 0)
		snprintf(display, sizeof display, "%s c. %s", year, number);
	else
		snprintf(display, sizeof display, "%s %s %s", year, code,
			 number);
	return ds_doc_add_ident(m->doc, code, value, NULL, display, m->err);
}

const struct ds_xml_dialect ds_xml_clml = {
	.name = "clml", .ns = clml_ns, .type = "legislation",
	.anchors = clml_anchors,
	.rules = clml_rules, .nrules = COUNT(clml_rules),
	.finish = clml_finish,
};

/* ---------------------------------------------------------------------
 * Justice Canada: consolidated Acts and Regulations
 * ------------------------------------------------------------------- */

enum { CA_CONSOLIDATED, CA_CHAPTER, CA_YEAR, CA_BILL, CA_PARLIAMENT,
       CA_SESSION };

static const char *const canada_roots[] = { "Statute", "Regulation", NULL };

#define CANADA_ROOT(root) \
	DS_XATTR(root, NULL, DS_XF_DATE, 2, "lims:inforce-start-date"), \
	DS_XATTR(root, NULL, DS_XF_MODIFIED, 0, "lims:lastAmendedDate")

static const struct ds_xml_rule canada_rules[] = {
	CANADA_ROOT("Statute"), CANADA_ROOT("Regulation"),
	DS_XFIELD("ShortTitle", NULL, DS_XF_TITLE, 0),
	DS_XFIELD("LongTitle", NULL, DS_XF_TITLE, 1),
	DS_XFIELD("LongTitle", NULL, DS_XF_DESCRIPTION, 0),
	DS_XSKIP("RunningHead", NULL),
	DS_XMETA("BillHistory", NULL),
	{ .name = "Stages", .cond = "stage=assented-to",
	  .field = DS_XF_DATE, .rank = 0 },
	DS_XFIELD("RegistrationDate", NULL, DS_XF_DATE, 1),
	{ .name = "InstrumentNumber", .field = DS_XF_IDENT,
	  .label = "ca-regulation" },
	{ .name = "BillNumber", .context = "Identification",
	  .role = DS_XR_BLOCK, .flags = DS_XG_META, .field = DS_XF_PART,
	  .rank = CA_BILL },
	DS_XMETA("Parliament", "Identification"),
	DS_XFIELD("Number", "Parliament", DS_XF_PART, CA_PARLIAMENT),
	DS_XFIELD("Session", "Parliament", DS_XF_PART, CA_SESSION),
	DS_XMETA("Chapter", "Identification"),
	DS_XFIELD("ConsolidatedNumber", "Chapter", DS_XF_PART,
		  CA_CONSOLIDATED),
	DS_XFIELD("AnnualStatuteNumber", "AnnualStatuteId", DS_XF_PART,
		  CA_CHAPTER),
	DS_XFIELD("YYYY", "AnnualStatuteId", DS_XF_PART, CA_YEAR),
	DS_XHEAD("Heading", NULL, 0),
	DS_XSEC("Section", NULL, NULL),
	DS_XSEC("Schedule", NULL, NULL),
	DS_XGROUP("ScheduleFormHeading", NULL),
	DS_XHEAD("TitleText", "ScheduleFormHeading", 0),
	DS_XNUM("OriginatingRef", "ScheduleFormHeading"),
	DS_XHEAD("MarginalNote", NULL, 0),
	DS_XNUM("Label", NULL),
};

/* A Canadian Act's bill ("Bill C-86 (42nd Parliament, 1st Session)") and
 * chapters: the consolidated number ("A-13") and the annual statute
 * chapter ("S.C. 2018, c. 27, s. 675"). */
static int
canada_finish(struct ds_xml_meta *m, const xmlNode *root)
{
	const char *chap = m->part[CA_CHAPTER], *year = m->part[CA_YEAR];
	const char *parl = m->part[CA_PARLIAMENT], *sess = m->part[CA_SESSION];
	char value[64], display[DS_XML_PART_MAX + 64];
	size_t n = strcspn(chap, ", ");
	int rc;

	(void)root;
	if (m->part[CA_BILL][0] && digits(parl, strlen(parl)) &&
	    strlen(parl) < 4 && digits(sess, strlen(sess)) &&
	    strlen(sess) < 3) {
		snprintf(value, sizeof value, "%s-%s", parl, sess);
		snprintf(display, sizeof display,
			 "Bill %s (%s%s Parliament, %s%s Session)",
			 m->part[CA_BILL], parl, ordinal(parl), sess,
			 ordinal(sess));
		if ((rc = ds_doc_add_ident(m->doc, "ca-bill",
					   m->part[CA_BILL], value, display,
					   m->err)) < 0)
			return rc;
	}
	if (m->part[CA_CONSOLIDATED][0] &&
	    (rc = ds_doc_add_ident(m->doc, "ca-consolidated",
				   m->part[CA_CONSOLIDATED], NULL,
				   m->part[CA_CONSOLIDATED], m->err)) < 0)
		return rc;
	if (n == 0 || n > 16 || strlen(year) != 4 || !digits(year, 4))
		return 0;
	snprintf(value, sizeof value, "%s-%.*s", year, (int)n, chap);
	snprintf(display, sizeof display, "S.C. %s, c. %s", year, chap);
	return ds_doc_add_ident(m->doc, "ca-sc", value, NULL, display, m->err);
}

const struct ds_xml_dialect ds_xml_canada = {
	.name = "justice-canada", .roots = canada_roots,
	.type = "legislation", .publisher = "Department of Justice Canada",
	.rules = canada_rules, .nrules = COUNT(canada_rules),
	.finish = canada_finish,
};

/* ---------------------------------------------------------------------
 * United States: bill types, as USLM and BILLSTATUS name them
 * ------------------------------------------------------------------- */

static const struct us_bill {
	const char *code;	/* BILLSTATUS billType, lower case */
	const char *cite;	/* as cited */
	const char *type;	/* USLM dc:type */
} us_bills[] = {
	{ "hr", "H.R.", "House Bill" },
	{ "s", "S.", "Senate Bill" },
	{ "hjres", "H.J.Res.", "House Joint Resolution" },
	{ "sjres", "S.J.Res.", "Senate Joint Resolution" },
	{ "hconres", "H.Con.Res.", "House Concurrent Resolution" },
	{ "sconres", "S.Con.Res.", "Senate Concurrent Resolution" },
	{ "hres", "H.Res.", "House Simple Resolution" },
	{ "hres", "H.Res.", "House Resolution" },
	{ "sres", "S.Res.", "Senate Simple Resolution" },
	{ "sres", "S.Res.", "Senate Resolution" },
};

/* Add "H.R. 3106 (114th Congress)": the bill whose type is a BILLSTATUS
 * code or a USLM dc:type. */
static int
add_us_bill(struct ds_xml_meta *m, const char *kind, const char *number,
	    const char *congress)
{
	char scheme[16], display[96], code[16];
	size_t i, n = strlen(kind), c = strlen(congress);

	if (n == 0 || !digits(number, strlen(number)) ||
	    strlen(number) > 6 || c == 0 || c > 4 || !digits(congress, c))
		return 0;
	code[0] = '\0';
	for (i = 0; n < sizeof code && i <= n; i++)
		code[i] = (char)(kind[i] >= 'A' && kind[i] <= 'Z' ?
				 kind[i] + 32 : kind[i]);
	for (i = 0; i < COUNT(us_bills); i++)
		if (strcmp(code, us_bills[i].code) == 0 ||
		    strcmp(kind, us_bills[i].type) == 0)
			break;
	if (i == COUNT(us_bills))
		return 0;
	snprintf(scheme, sizeof scheme, "us-%s", us_bills[i].code);
	snprintf(display, sizeof display, "%s %s (%s%s Congress)",
		 us_bills[i].cite, number, congress, ordinal(congress));
	return ds_doc_add_ident(m->doc, scheme, number, congress, display,
				m->err);
}

/* ---------------------------------------------------------------------
 * USLM: public laws, the US Code, bills and resolutions
 * ------------------------------------------------------------------- */

enum { US_KIND, US_NUMBER, US_CONGRESS };

static const char *const uslm_ns[] = {
	"http://xml.house.gov/schemas/uslm/1.0",
	"http://schemas.gpo.gov/xml/uslm",
	NULL
};
static const char *const uslm_law_roots[] = { "pLaw", "uscDoc",
					      "statutesAtLarge", NULL };
static const char *const uslm_anchors[] = { "identifier", "id", NULL };

static const struct ds_xml_rule uslm_rules[] = {
	DS_XMETA("meta", NULL),
	DS_XFIELD("dc:title", "meta", DS_XF_TITLE, 0),
	DS_XFIELD("dc:title", NULL, DS_XF_TITLE, 1),
	DS_XFIELD("dc:publisher", NULL, DS_XF_PUBLISHER, 0),
	DS_XFIELD("dc:language", NULL, DS_XF_LANG, 0),
	DS_XFIELD("dc:type", "meta", DS_XF_PART, US_KIND),
	DS_XFIELD("docNumber", "meta", DS_XF_PART, US_NUMBER),
	DS_XFIELD("congress", "meta", DS_XF_PART, US_CONGRESS),
	DS_XFIELD("citableAs", "meta", DS_XF_IDENT, 0),
	DS_XATTR("date", "action", DS_XF_DATE, 0, "date"),
	DS_XFIELD("date", "action", DS_XF_DATE, 1),
	{ .name = "actionDescription", .context = "action",
	  .field = DS_XF_DATE, .rank = 2, .flags = DS_XG_FIND },
	DS_XFIELD("officialTitle", "longTitle", DS_XF_DESCRIPTION, 0),
	DS_XSKIP("slugLine", NULL), DS_XSKIP("distributionCode", NULL),
	DS_XSKIP("page", NULL), DS_XSKIP("endMarker", NULL),
	DS_XSKIP("toc", NULL),
	DS_XSEC("title", NULL, NULL), DS_XSEC("subtitle", NULL, NULL),
	DS_XSEC("chapter", NULL, NULL), DS_XSEC("subchapter", NULL, NULL),
	DS_XSEC("part", NULL, NULL), DS_XSEC("subpart", NULL, NULL),
	DS_XSEC("division", NULL, NULL), DS_XSEC("subdivision", NULL, NULL),
	DS_XSEC("article", NULL, NULL), DS_XSEC("section", NULL, NULL),
	DS_XSEC("level", NULL, NULL), DS_XSEC("appropriations", NULL, NULL),
	DS_XSEC("legislativeHistory", NULL, NULL),
	DS_XNUM("num", NULL),
	DS_XHEAD("heading", NULL, 0),
	DS_XHEAD("subheading", NULL, 0),
};

/* A USLM citableAs: "Public Law 115–16" (any dash) is Pub. L. 115-16,
 * "131 Stat. 80" is a Statutes at Large page; bills come from the
 * metadata in uslm_finish(). */
static int
uslm_cite(struct ds_xml_meta *m, const char *s, size_t len)
{
	char a[8], b[8], value[24], display[48];
	size_t i = 0, j, k;

	if (len > 11 && strncmp(s, "Public Law ", 11) == 0) {
		i = 11;
		for (j = i; j < len && s[j] >= '0' && s[j] <= '9'; j++)
			;
		k = j;
		while (k < len && (s[k] == '-' || (unsigned char)s[k] >= 0x80))
			k++;	/* '-', or an en dash in UTF-8 */
		if (j == i || j - i >= sizeof a || k == j || k == len ||
		    len - k >= sizeof b || !digits(s + k, len - k))
			return 0;
		snprintf(a, sizeof a, "%.*s", (int)(j - i), s + i);
		snprintf(b, sizeof b, "%.*s", (int)(len - k), s + k);
		snprintf(value, sizeof value, "%s-%s", a, b);
		snprintf(display, sizeof display, "Pub. L. %s-%s", a, b);
		return ds_doc_add_ident(m->doc, "us-pl", value, NULL, display,
					m->err);
	}
	for (j = 0; j < len && s[j] >= '0' && s[j] <= '9'; j++)
		;
	if (j > 0 && j < sizeof a && len > j + 7 &&
	    strncmp(s + j, " Stat. ", 7) == 0 && len - j - 7 < sizeof b &&
	    digits(s + j + 7, len - j - 7)) {
		snprintf(a, sizeof a, "%.*s", (int)j, s);
		snprintf(b, sizeof b, "%.*s", (int)(len - j - 7), s + j + 7);
		snprintf(value, sizeof value, "%s-%s", a, b);
		snprintf(display, sizeof display, "%s Stat. %s", a, b);
		return ds_doc_add_ident(m->doc, "us-stat", value, NULL,
					display, m->err);
	}
	return 0;
}

/* A USLM bill or resolution: its type, number and Congress. */
static int
uslm_finish(struct ds_xml_meta *m, const xmlNode *root)
{
	(void)root;
	return add_us_bill(m, m->part[US_KIND], m->part[US_NUMBER],
			   m->part[US_CONGRESS]);
}

const struct ds_xml_dialect ds_xml_uslm_law = {
	.name = "uslm", .roots = uslm_law_roots, .ns = uslm_ns,
	.type = "legislation", .order = DS_DATE_MONTH_FIRST,
	.anchors = uslm_anchors,
	.rules = uslm_rules, .nrules = COUNT(uslm_rules),
	.cite = uslm_cite,
};

const struct ds_xml_dialect ds_xml_uslm_bill = {
	.name = "uslm", .ns = uslm_ns,
	.type = "bill", .order = DS_DATE_MONTH_FIRST,
	.anchors = uslm_anchors,
	.rules = uslm_rules, .nrules = COUNT(uslm_rules),
	.cite = uslm_cite, .finish = uslm_finish,
};

/* ---------------------------------------------------------------------
 * BILLSTATUS: a bill's record on congress.gov
 * ------------------------------------------------------------------- */

enum { BS_TYPE, BS_NUMBER, BS_CONGRESS };

static const char *const billstatus_roots[] = { "billStatus", NULL };

#define BILLSTATUS_PART(n, part) \
	{ .name = n, .context = "bill", .role = DS_XR_BLOCK, \
	  .flags = DS_XG_META, .field = DS_XF_PART, .rank = part }

static const struct ds_xml_rule billstatus_rules[] = {
	DS_XFIELD("title", "bill", DS_XF_TITLE, 0),
	{ .name = "introducedDate", .context = "bill", .role = DS_XR_BLOCK,
	  .flags = DS_XG_META, .field = DS_XF_DATE },
	{ .name = "updateDate", .context = "bill", .role = DS_XR_BLOCK,
	  .flags = DS_XG_META, .field = DS_XF_MODIFIED },
	BILLSTATUS_PART("billType", BS_TYPE),
	BILLSTATUS_PART("type", BS_TYPE),
	BILLSTATUS_PART("billNumber", BS_NUMBER),
	BILLSTATUS_PART("number", BS_NUMBER),
	BILLSTATUS_PART("congress", BS_CONGRESS),
	DS_XFIELD("fullName", "sponsors/item", DS_XF_AUTHOR, 0),
	DS_XFIELD("dc:contributor", NULL, DS_XF_PUBLISHER, 0),
	DS_XMETA("dublinCore", NULL),
	DS_XSKIP("actionTypeCounts", NULL), DS_XSKIP("actionByCounts", NULL),
	DS_XSKIP("sourceSystem", NULL), DS_XSKIP("systemCode", NULL),
	DS_XSKIP("bioguideId", NULL), DS_XSKIP("actionCode", NULL),
	DS_XSKIP("links", NULL), DS_XSKIP("calendarNumbers", NULL),
	DS_XSKIP("isReserved", NULL), DS_XSKIP("isOriginalCosponsor", NULL),
	DS_XSKIP("createDate", NULL), DS_XSKIP("updateDate", NULL),
	DS_XSKIP("sponsorshipWithdrawnDate", NULL),
	DS_XSKIP("versionCode", NULL), DS_XSKIP("lastSummaryUpdateDate", NULL),
	DS_XSKIP("chamberCode", NULL), DS_XSKIP("identifiedBy", NULL),
	DS_XSKIP("byRequestType", NULL),
	DS_XSEC("actions", "bill", "Actions"),
	DS_XSEC("sponsors", "bill", "Sponsors"),
	DS_XSEC("cosponsors", "bill", "Cosponsors"),
	DS_XSEC("committees", "bill", "Committees"),
	DS_XSEC("committeeReports", "bill", "Committee reports"),
	DS_XSEC("cboCostEstimates", "bill", "CBO cost estimates"),
	DS_XSEC("relatedBills", "bill", "Related bills"),
	DS_XSEC("amendments", "bill", "Amendments"),
	DS_XSEC("laws", "bill", "Laws"),
	DS_XSEC("recordedVotes", "bill", "Recorded votes"),
	DS_XSEC("subjects", "bill", "Subjects"),
	DS_XSEC("summaries", "bill", "Summaries"),
	DS_XSEC("titles", "bill", "Titles"),
	{ .name = "constitutionalAuthorityStatementText", .context = "bill",
	  .role = DS_XR_SECTION, .flags = DS_XG_HTML,
	  .label = "Constitutional authority statement" },
	{ .name = "text", .context = "billSummaries/item",
	  .role = DS_XR_BLOCK, .flags = DS_XG_HTML },
	{ .name = "text", .context = "summaries/summary",
	  .role = DS_XR_BLOCK, .flags = DS_XG_HTML },
};

/* A BILLSTATUS record's bill: "H.R. 3106 (114th Congress)". */
static int
billstatus_finish(struct ds_xml_meta *m, const xmlNode *root)
{
	(void)root;
	return add_us_bill(m, m->part[BS_TYPE], m->part[BS_NUMBER],
			   m->part[BS_CONGRESS]);
}

const struct ds_xml_dialect ds_xml_billstatus = {
	.name = "billstatus", .roots = billstatus_roots, .type = "bill",
	.order = DS_DATE_MONTH_FIRST,
	.rules = billstatus_rules, .nrules = COUNT(billstatus_rules),
	.finish = billstatus_finish,
};
