/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * synonyms.h: synonym table files, read into the form the database's
 * synonym table takes (index.h, ds_index_set_synonyms()), from which the
 * query side adds the other names of what a query names (search.h).
 *
 * Two kinds of file are read, told apart by their first line that is not
 * a comment:
 *
 *  - groups: one group of names for the same thing a line, separated by
 *    '=' ("#" comments and blank lines ignored):
 *
 *        DWP = Department for Work and Pensions
 *        DLUHC = Department for Levelling Up, Housing and Communities = MHCLG
 *
 *  - the table of public bodies (data/public-bodies.tsv, described in
 *    data/README.md): tab-separated, a header line starting "id<TAB>name",
 *    and per body its name, its abbreviations ("; "-separated) and its
 *    former names with theirs ("Name|ABBR|from|to; ..."); every name of a
 *    row, current or former, is one group.
 *
 * Every name of a group becomes a key whose synonyms are the group's other
 * names.  Names are normalised as the term generator sees text: lower
 * case (Xapian's Unicode folding), words (letters, digits, apostrophes)
 * joined by single spaces, all else dropped, so "Business, Innovation &
 * Skills" is "business innovation skills".  A name that is also an
 * ordinary word, written "!NICE" in a group or "=NICE" in the table's
 * abbreviations, is one-way and keeps its case: a key "NICE" that the
 * query side matches only when typed in capitals, never offered as a
 * synonym of the other names.  A name may be in several groups (its
 * synonyms are then all of theirs).
 *
 * A table is all or nothing: a line that can't be read (invalid UTF-8, a
 * group of one, a name longer than DS_SYNONYM_MAX bytes, more than
 * DS_SYNONYMS_MAX names in all, a table row without its columns) fails
 * the whole load with a message naming FILE:LINE.
 */
#ifndef DOSSIER_SYNONYMS_H
#define DOSSIER_SYNONYMS_H

#include <stddef.h>

#include "error.h"

/* The longest name, in bytes (Xapian's key limit, with room to spare). */
#define DS_SYNONYM_MAX 200
/* The most names a table may hold. */
#define DS_SYNONYMS_MAX 100000

struct ds_synonyms {
	char **keys;		/* sorted, unique */
	char ***syn;		/* syn[i][0..nsyn[i]): sorted, unique */
	size_t *nsyn;
	size_t nkeys;
	char version[17];	/* hash of the files' bytes, hex */
};

/* Empty table; allocates nothing. */
void ds_synonyms_init(struct ds_synonyms *t);

/*
 * Read the table files paths[0..npaths) into `t` (initialised; released
 * first), merged.  Returns 0, DS_ENOENT/DS_EIO when a file can't be read,
 * DS_EFORMAT or DS_ETOOBIG with "FILE:LINE: why" when its content can't
 * be used, and leaves `t` empty on failure.
 */
int ds_synonyms_load(const char *const *paths, size_t npaths,
		     struct ds_synonyms *t, struct ds_error *err);

/*
 * A name normalised as keys are (see above) into a new string, the
 * caller's; "" when nothing is left; NULL when out of memory.  With
 * `keep_case` the case is kept (one-way keys).
 */
char *ds_synonym_normalise(const char *s, size_t len, int keep_case);

/* Free the contents, leaving an empty table. */
void ds_synonyms_release(struct ds_synonyms *t);

#endif /* DOSSIER_SYNONYMS_H */
