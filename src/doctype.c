/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doctype.c: the document-type vocabulary and its mappings (doctype.h).
 *
 * Two tables: aliases (a source's label, normalised, to a type) and rules
 * (phrases in a title or URL to a type).  Adding a source's labels means
 * adding rows here and nowhere else.
 */

#include "config.h"

#include <string.h>
#include <strings.h>

#include "doctype.h"

/* Longest label compared; longer ones are not labels. */
#define LABEL_MAX 64

/* Bytes of a title or URL the rules read. */
#define WORDS_MAX 2048

const char *const ds_doctypes[] = {
	"report", "consultation", "consultation-response", "guidance",
	"policy-paper", "statistics", "research", "minutes", "speech", "news",
	"blog", "case-study", "correspondence", "foi-release",
	"impact-assessment", "transparency", "form", "legislation", "bill",
	"debate", "written-answer", "written-statement", "motion", "judgment",
	"gazette", "article", "documentation", "collection",
	"corporate-information", NULL
};

/*
 * Labels, normalised (lower case, '_' between words), and their types.
 * The vocabulary's own names are found by their normalised form too
 * ("case-study" is "case_study").  A NULL type means "says nothing".
 */
static const struct alias {
	const char *label, *type;
} aliases[] = {
	/* reports */
	{ "report", "report" }, { "reports", "report" },
	{ "corporate_report", "report" }, { "independent_report", "report" },
	{ "annual_report", "report" }, { "aaib_report", "report" },
	{ "maib_report", "report" }, { "raib_report", "report" },
	{ "service_standard_report", "report" },
	/* consultations and their outcomes */
	{ "consultation", "consultation" },
	{ "open_consultation", "consultation" },
	{ "closed_consultation", "consultation" },
	{ "call_for_evidence", "consultation" },
	{ "open_call_for_evidence", "consultation" },
	{ "closed_call_for_evidence", "consultation" },
	{ "green_paper", "consultation" },
	{ "consultation_response", "consultation-response" },
	{ "consultation_outcome", "consultation-response" },
	{ "call_for_evidence_outcome", "consultation-response" },
	/* guidance */
	{ "guidance", "guidance" }, { "detailed_guide", "guidance" },
	{ "detailed_guidance", "guidance" }, { "guide", "guidance" },
	{ "manual", "guidance" }, { "manual_section", "guidance" },
	{ "hmrc_manual", "guidance" }, { "hmrc_manual_section", "guidance" },
	{ "service_manual_guide", "guidance" },
	{ "statutory_guidance", "guidance" }, { "answer", "guidance" },
	{ "help_page", "guidance" }, { "travel_advice", "guidance" },
	{ "simple_smart_answer", "guidance" },
	{ "step_by_step_nav", "guidance" }, { "take_part", "guidance" },
	{ "drug_safety_update", "guidance" },
	{ "medical_safety_alert", "guidance" },
	/* policy, statistics, research */
	{ "policy_paper", "policy-paper" }, { "policy", "policy-paper" },
	{ "white_paper", "policy-paper" },
	{ "statistics", "statistics" }, { "national_statistics", "statistics" },
	{ "official_statistics", "statistics" },
	{ "statistical_data_set", "statistics" },
	{ "statistics_announcement", "statistics" },
	{ "national_statistics_announcement", "statistics" },
	{ "official_statistics_announcement", "statistics" },
	{ "statistical_release", "statistics" }, { "dataset", "statistics" },
	{ "research", "research" }, { "research_and_analysis", "research" },
	{ "research_paper", "research" }, { "research_report", "research" },
	/* meetings, speeches, statements, news */
	{ "minutes", "minutes" }, { "meeting_minutes", "minutes" },
	{ "speech", "speech" }, { "speeches", "speech" },
	{ "oral_statement", "speech" }, { "speaking_notes", "speech" },
	{ "transcript", "speech" },
	{ "written_statement", "written-statement" },
	{ "written_ministerial_statement", "written-statement" },
	{ "news", "news" }, { "news_story", "news" },
	{ "press_release", "news" }, { "news_article", "news" },
	{ "world_news_story", "news" }, { "fatality_notice", "news" },
	{ "government_response", "news" },	/* GOV.UK: a news subtype */
	{ "blog", "blog" }, { "blog_post", "blog" }, { "blogposting", "blog" },
	{ "article", "article" }, { "authored_article", "article" },
	/* other publications */
	{ "case_study", "case-study" }, { "correspondence", "correspondence" },
	{ "letter", "correspondence" }, { "foi_release", "foi-release" },
	{ "foi_response", "foi-release" },
	{ "impact_assessment", "impact-assessment" },
	{ "transparency", "transparency" },
	{ "transparency_data", "transparency" }, { "form", "form" },
	{ "documentation", "documentation" },
	{ "techarticle", "documentation" },
	{ "collection", "collection" }, { "document_collection", "collection" },
	/* law and Parliament */
	{ "legislation", "legislation" }, { "regulation", "legislation" },
	{ "act", "legislation" }, { "statutory_instrument", "legislation" },
	{ "bill", "bill" }, { "debate", "debate" }, { "hansard", "debate" },
	{ "written_answer", "written-answer" },
	{ "written_question", "written-answer" },
	{ "motion", "motion" }, { "early_day_motion", "motion" },
	{ "judgment", "judgment" }, { "judgement", "judgment" },
	{ "gazette", "gazette" }, { "official_gazette", "gazette" },
	/* GOV.UK pages about an organisation */
	{ "corporate_information", "corporate-information" },
	{ "corporate_information_page", "corporate-information" },
	{ "about", "corporate-information" },
	{ "about_our_services", "corporate-information" },
	{ "accessible_documents_policy", "corporate-information" },
	{ "complaints_procedure", "corporate-information" },
	{ "equality_and_diversity", "corporate-information" },
	{ "media_enquiries", "corporate-information" },
	{ "membership", "corporate-information" },
	{ "office_accommodation", "corporate-information" },
	{ "our_energy_use", "corporate-information" },
	{ "our_governance", "corporate-information" },
	{ "personal_information_charter", "corporate-information" },
	{ "petitions_and_campaigns", "corporate-information" },
	{ "procurement", "corporate-information" },
	{ "publication_scheme", "corporate-information" },
	{ "recruitment", "corporate-information" },
	{ "social_media_use", "corporate-information" },
	{ "staff_update", "corporate-information" },
	{ "terms_of_reference", "corporate-information" },
	{ "welsh_language_scheme", "corporate-information" },
	{ "working_group", "corporate-information" },
	{ "organisation", "corporate-information" },
	{ "topical_event_about_page", "corporate-information" },
	/* labels that say nothing about the kind */
	{ "html_publication", NULL }, { "website", NULL }, { "text", NULL },
	{ "webpage", NULL }, { "object", NULL },
};

/* GOV.UK formats whose kind is their parent's. */
static const char *const govuk_containers[] = { "html_publication" };

/*
 * Rules for titles and URLs, tried in order: phrases (lower case, single
 * spaces) matched as whole words, a final word also in its plural
 * ("consultations", "speeches").  not_first: not as the first word
 * ("Meeting the challenge" is not minutes).
 */
static const struct rule {
	const char *phrase, *type;
	bool not_first;
} rules[] = {
	{ "consultation response", "consultation-response", false },
	{ "consultation outcome", "consultation-response", false },
	{ "summary of responses", "consultation-response", false },
	{ "government response", "consultation-response", false },
	{ "response to", "consultation-response", false },
	{ "minutes", "minutes", false },
	{ "meeting", "minutes", true },
	{ "impact assessment", "impact-assessment", false },
	{ "case study", "case-study", false },
	{ "case studies", "case-study", false },
	{ "foi release", "foi-release", false },
	{ "foi response", "foi-release", false },
	{ "freedom of information request", "foi-release", false },
	{ "consultation", "consultation", false },
	{ "call for evidence", "consultation", false },
	{ "written ministerial statement", "written-statement", false },
	{ "written statement", "written-statement", false },
	{ "statistics", "statistics", false },
	{ "statistical", "statistics", false },
	{ "speech", "speech", false },
	{ "press release", "news", false },
	{ "news", "news", false },
	{ "policy paper", "policy-paper", false },
	{ "white paper", "policy-paper", false },
	{ "research report", "research", false },
	{ "research paper", "research", false },
	{ "guidance", "guidance", false },
	{ "guide", "guidance", false },
	{ "code of practice", "guidance", false },
	{ "report", "report", false },
	{ "blog", "blog", false },
	{ "transparency data", "transparency", false },
	{ "application form", "form", false },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ASCII lower case. */
static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* ASCII letter or digit. */
static bool
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

bool
ds_doctype_is_known(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && ds_doctypes[i] != NULL; i++)
		if (strcmp(s, ds_doctypes[i]) == 0)
			return true;
	return false;
}

/* Normalise label s[0..len) into out: lower case, trimmed, runs of ' ',
 * '-', '_' as one '_'.  Returns false if it is empty or too long. */
static bool
normalise(const char *s, size_t len, char out[LABEL_MAX + 1])
{
	size_t i, n = 0;
	bool gap = false;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == ' ' || c == '-' || c == '_' || c == '\t' ||
		    c == '\n') {
			gap = n > 0;
			continue;
		}
		if (n + (gap ? 2 : 1) > LABEL_MAX)
			return false;
		if (gap)
			out[n++] = '_';
		gap = false;
		out[n++] = lower(c);
	}
	out[n] = '\0';
	return n > 0;
}

/* The alias row for a normalised label, or NULL. */
static const struct alias *
find_alias(const char *label)
{
	size_t i;

	for (i = 0; i < COUNT(aliases); i++)
		if (strcmp(label, aliases[i].label) == 0)
			return &aliases[i];
	return NULL;
}

const char *
ds_doctype_from_label(const char *s, size_t len)
{
	char label[LABEL_MAX + 1];
	const struct alias *a;

	if (s == NULL || !normalise(s, len, label))
		return NULL;
	a = find_alias(label);
	return a ? a->type : NULL;
}

const char *
ds_doctype_from_govuk(const char *document_type, const char *parent)
{
	char label[LABEL_MAX + 1];
	size_t i;

	if (document_type == NULL ||
	    !normalise(document_type, strlen(document_type), label))
		return NULL;
	for (i = 0; i < COUNT(govuk_containers); i++)
		if (strcmp(label, govuk_containers[i]) == 0)
			return parent && strcmp(parent, document_type) ?
				       ds_doctype_from_govuk(parent, NULL) :
				       NULL;
	return ds_doctype_from_label(label, strlen(label));
}

/* The words of a title or URL: " word word", lower case, and where its
 * parts begin (after ':', '|', ';', '/', brackets or a spaced dash). */
struct words {
	char w[WORDS_MAX];
	bool part[WORDS_MAX];	/* part[i]: the word after w[i] == ' '
				 * begins a part */
	size_t n;
};

/* Words that make what follows them a document's subject, not its kind:
 * "Our take on the NAO's report" is not a report. */
static const char *const prepositions[] = {
	"on", "about", "into", "regarding", "concerning",
};

/* Whether s[i..] opens with a dash between spaces (" - ", en or em
 * dash); its length if so, else 0. */
static size_t
spaced_dash(const char *s, size_t i, size_t len)
{
	size_t k = 0;

	if (i == 0 || s[i - 1] != ' ')
		return 0;
	if (s[i] == '-')
		k = 1;
	else if (i + 2 < len && s[i] == '\xe2' && s[i + 1] == '\x80' &&
		 (s[i + 2] == '\x93' || s[i + 2] == '\x94'))
		k = 3;
	return k > 0 && i + k < len && s[i + k] == ' ' ? k : 0;
}

/*
 * Set ws to the words of s[0..len) (capped), lower case, one space before
 * each: " consultation on x".  Bytes >= 0x80 count as letters, except in a
 * spaced en or em dash, which like ':' or '/' only ends a part.
 */
static void
words_of(struct words *ws, const char *s, size_t len)
{
	size_t i, k;
	bool in_word = false, part = false;

	ws->n = 0;
	for (i = 0; i < len && ws->n + 2 < WORDS_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((k = spaced_dash(s, i, len)) > 0) {
			part = true;
			in_word = false;
			i += k - 1;
		} else if (is_alnum((char)c) || c >= 0x80) {
			if (!in_word) {
				ws->part[ws->n] = part;
				ws->w[ws->n++] = ' ';
				part = false;
			}
			ws->part[ws->n] = false;
			ws->w[ws->n++] = lower((char)c);
			in_word = true;
		} else {
			in_word = false;
			if (c != '\0' && strchr(":;|/()[]", c) != NULL)
				part = true;
		}
	}
	ws->w[ws->n] = '\0';
}

/* Whether the word at w (up to ' ' or NUL) is one of prepositions[]. */
static bool
is_preposition(const char *w)
{
	size_t i, k = strcspn(w, " ");

	for (i = 0; i < COUNT(prepositions); i++)
		if (strlen(prepositions[i]) == k &&
		    memcmp(w, prepositions[i], k) == 0)
			return true;
	return false;
}

/* Whether a preposition comes before the word after ws->w[k] == ' ', in
 * the same part. */
static bool
after_preposition(const struct words *ws, size_t k)
{
	while (!ws->part[k] && k > 0) {
		do
			k--;
		while (k > 0 && ws->w[k] != ' ');
		if (is_preposition(ws->w + k + 1))
			return true;
	}
	return false;
}

/* Whether rule r applies to words ws. */
static bool
rule_matches(const struct rule *r, const struct words *ws)
{
	const char *w = ws->w, *p, *e;
	size_t k = strlen(r->phrase);

	for (p = w; (p = strstr(p, r->phrase)) != NULL; p++) {
		if (p[-1] != ' ' || (r->not_first && p == w + 1))
			continue;
		e = p + k;
		if (*e == 's')
			e++;	/* plurals: "reports", "speeches" */
		else if (e[0] == 'e' && e[1] == 's')
			e += 2;
		if ((*e == ' ' || *e == '\0' || p[k] == ' ' || p[k] == '\0') &&
		    !after_preposition(ws, (size_t)(p - w) - 1))
			return true;
	}
	return false;
}

/* The first rule matching the words of s[0..len), or NULL. */
static const char *
guess_from(const char *s, size_t len)
{
	struct words ws;
	size_t i;

	words_of(&ws, s, len);
	if (ws.n == 0)
		return NULL;
	for (i = 0; i < COUNT(rules); i++)
		if (rule_matches(&rules[i], &ws))
			return rules[i].type;
	return NULL;
}

/* Whether t[0..n) is one of the words that end the short title of an Act
 * or a statutory instrument, ASCII case ignored. */
static bool
legislation_word(const char *t, size_t n)
{
	static const char *const words[] = { "act", "regulations", "order" };
	size_t i;

	for (i = 0; i < COUNT(words); i++)
		if (strlen(words[i]) == n && strncasecmp(t, words[i], n) == 0)
			return true;
	return false;
}

/*
 * Whether title t is the short title of an Act or a statutory instrument:
 * "Tribunals (Scotland) Act 2014", "Justice Act (Northern Ireland) 2016",
 * "Statistics and Registration Service Act 2007", "... Act, 2021", "...
 * Regulations 2015".  Not when something comes before it in another part
 * ("Care Act 2014: guidance" ends otherwise anyway; "Guidance: the Care
 * Act 2014") or it follows a preposition ("Guidance on the Care Act
 * 2014"): then the Act is the document's subject.
 */
static bool
names_legislation(const char *t)
{
	struct words ws;
	size_t n = strlen(t), e, q, b, i;

	while (n > 0 && strchr(" \t\n\r", t[n - 1]) != NULL)
		n--;
	if (n < 6 || n > WORDS_MAX)
		return false;
	for (e = n - 4; e < n; e++)
		if (t[e] < '0' || t[e] > '9')
			return false;
	e = n - 4;
	if (t[e] < '1' || t[e] > '2' || t[e - 1] != ' ')
		return false;
	for (q = e; q > 0 && t[q - 1] == ' '; q--)
		;
	if (q > 0 && t[q - 1] == ',')
		q--;
	if (q > 0 && t[q - 1] == ')') {
		while (q > 0 && t[q - 1] != '(')
			q--;
		if (q == 0)
			return false;
		for (q--; q > 0 && t[q - 1] == ' '; q--)
			;
	}
	for (b = q; b > 0 && is_alnum(t[b - 1]); b--)
		;
	if (b == 0 || t[b - 1] != ' ' || !legislation_word(t + b, q - b))
		return false;
	for (i = 0; i < b; i++)
		if (strchr(":;|/", t[i]) != NULL || spaced_dash(t, i, b))
			return false;
	words_of(&ws, t, b);
	for (i = 0; i < ws.n; i++)
		if (ws.w[i] == ' ' && is_preposition(ws.w + i + 1))
			return false;
	return true;
}

const char *
ds_doctype_from_govuk_url(const char *url)
{
	static const char *const orgs[] = { "/government/organisations/",
					    "/world/organisations/" };
	const char *p, *rest;
	size_t i, host, k;

	if (url == NULL)
		return NULL;
	if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else
		return NULL;
	host = strcspn(p, "/?#");
	if (!(host == 10 && strncasecmp(p, "www.gov.uk", 10) == 0) &&
	    !(host == 6 && strncasecmp(p, "gov.uk", 6) == 0))
		return NULL;
	p += host;
	for (i = 0; i < COUNT(orgs); i++) {
		k = strlen(orgs[i]);
		if (strncmp(p, orgs[i], k) != 0)
			continue;
		k = strcspn(p + k, "/?#") + k;	/* past the organisation */
		rest = p + k;
		if (k > strlen(orgs[i]) && strncmp(rest, "/about", 6) == 0 &&
		    strchr("/?#", rest[6]) != NULL)
			return "corporate-information";
	}
	return NULL;
}

const char *
ds_doctype_guess(const char *title, const char *url)
{
	const char *t = NULL, *p;
	size_t len;

	if (title != NULL && names_legislation(title))
		return "legislation";
	if (title != NULL)
		t = guess_from(title, strlen(title));
	if (t == NULL && url != NULL) {
		/* Host and path: no scheme, query or fragment. */
		p = strstr(url, "://");
		p = p ? p + 3 : url;
		len = strcspn(p, "?#");
		t = guess_from(p, len);
	}
	return t;
}
