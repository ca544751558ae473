/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doctype.h: the controlled vocabulary of document types, and the one
 * place where what sources call their documents is mapped onto it.
 *
 * doc->type holds one of these strings or NULL (unknown), nothing else:
 *
 *   report                 reports, annual reports, accident reports
 *   consultation           open or closed consultations, calls for evidence
 *   consultation-response  outcomes of consultations, responses to them
 *   guidance               guidance, guides, manuals, how-tos, advice
 *   policy-paper           policy papers, white papers
 *   statistics             official and national statistics, data sets
 *   research               research and analysis
 *   minutes                minutes and notes of meetings
 *   speech                 speeches, oral statements, speaking notes
 *   news                   news stories, press releases, announcements
 *   blog                   blog posts
 *   case-study             case studies
 *   correspondence         letters
 *   foi-release            Freedom of Information releases
 *   impact-assessment      impact assessments
 *   transparency           transparency data (spending, salaries...)
 *   form                   forms
 *   legislation            Acts, statutory instruments, regulations
 *   bill                   bills before a legislature
 *   debate                 records of debates (Hansard)
 *   written-answer         answers to written parliamentary questions
 *   written-statement      written ministerial statements
 *   motion                 motions put down in a legislature
 *   judgment               a court's judgment
 *   gazette                an official gazette
 *   article                articles signed by their author
 *   documentation          technical documentation
 *   collection             collections and series of documents
 *   corporate-information  about an organisation: its governance,
 *                          procedures, charters, working groups
 *
 * Labels (GOV.UK's document types, schema names and formats, DC.type,
 * og:type, words like "Press release") are compared in lower case with
 * runs of spaces, '-' and '_' taken as one '_', so "Consultation
 * outcome", "consultation-outcome" and "consultation_outcome" are one
 * label.  Every string returned is static: valid for the life of the
 * program, never to be freed.  Nothing here keeps state.
 */
#ifndef DOSSIER_DOCTYPE_H
#define DOSSIER_DOCTYPE_H

#include <stdbool.h>
#include <stddef.h>

/* The vocabulary above, in that order, NULL-terminated. */
extern const char *const ds_doctypes[];

/* Whether s is one of the vocabulary's types (exactly, as written above). */
bool ds_doctype_is_known(const char *s);

/*
 * The type for a label a source gives for its document, s[0..len): a type
 * of the vocabulary itself, or a known alias ("consultation_outcome",
 * "press_release", "national_statistics", "Written ministerial
 * statement").  NULL for a label that is unknown or says nothing about the
 * document's kind ("html_publication", "website").
 */
const char *ds_doctype_from_label(const char *s, size_t len);

/*
 * The type for a GOV.UK document type (content item "document_type",
 * schema name or format): as ds_doctype_from_label(), except that for the
 * container formats that borrow their kind from their parent
 * ("html_publication") the parent's document type is used, when given
 * (parent may be NULL).  NULL when neither says.
 */
const char *ds_doctype_from_govuk(const char *document_type,
				  const char *parent);

/*
 * The type a GOV.UK address implies, whatever the page's document type:
 * corporate-information for an organisation's corporate information pages
 * (www.gov.uk/government/organisations/<org>/about/..., and /world/), whose
 * document types "research" and "statistics" name what the page tells
 * about the organisation, not a publication.  NULL for any other URL.
 */
const char *ds_doctype_from_govuk_url(const char *url);

/*
 * Guess a type from the words of a title and a URL (either may be NULL):
 * "Consultation on X: government response" is consultation-response,
 * "Transparency Board minutes" minutes, ".../consultations/..."
 * consultation.  The title is tried first, then the URL's host and path.
 * A title that is the short title of an Act or regulations ("Tribunals
 * (Scotland) Act 2014") is legislation.  Rules are tried in a fixed order
 * (responses before consultations, minutes before reports); words that
 * follow "on", "about" or "into" in the same part of the title name its
 * subject, not its kind, and are passed over ("Our take on the NAO's
 * report: ...").  NULL when none applies.
 */
const char *ds_doctype_guess(const char *title, const char *url);

#endif /* DOSSIER_DOCTYPE_H */
