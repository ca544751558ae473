/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * search-expand.h: the other names of what a query names.  Private to
 * search.c.
 *
 * The database's synonym table (synonyms.h, loaded by dossier-index from
 * the table of UK public bodies) maps each name of a body to its other
 * names: "dwp" to "department for work and pensions", "dclg" to "mhclg"
 * and "dluhc"...  Xapian's query parser can only add single words as
 * synonyms, so the query is rewritten here instead: each run of one to
 * DS_EXPAND_MAX_WORDS free words that is a key (the longest first) becomes
 * (the words OR "other name" OR ...), names of several words as phrases.
 * Free words are those outside quotes, not a field's name or value, not
 * marked + or -, not operators.  Keys are matched as synonyms.h
 * normalises names (lower case, words joined by spaces); a one-way key
 * ("NICE", an ordinary word too) matches only when typed in capitals.
 */
#ifndef DOSSIER_SEARCH_EXPAND_H
#define DOSSIER_SEARCH_EXPAND_H

#include <stddef.h>

#include "search.h"
#include "xapian-c.h"

/* The longest name matched, in words. */
#define DS_EXPAND_MAX_WORDS 10
/* The most other names added for one name. */
#define DS_EXPAND_MAX_ALTERNATIVES 12

/*
 * Rewrite `query` with the other names of the names it holds.  *out is
 * the new query (the caller's), or NULL when nothing was added; the names
 * added are appended to *exp / *nexp (struct ds_results' own arrays).
 * Returns 0, or -1 with *xe set.
 */
int ds_search_expand(const struct xapian_database *db, const char *query,
		     char **out, struct ds_expansion **exp, size_t *nexp,
		     struct xapian_error *xe);

#endif /* DOSSIER_SEARCH_EXPAND_H */
