/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * synonyms.h: a synonym table file, read into the form the database's
 * synonym table takes (index.h, ds_index_set_synonyms()).
 *
 * The file is UTF-8 text, one group of names for the same thing a line,
 * the names separated by '=':
 *
 *     # comments and blank lines are ignored
 *     DWP = Department for Work and Pensions
 *     DLUHC = Department for Levelling Up, Housing and Communities = MHCLG
 *
 * Every name of a group becomes a key whose synonyms are the group's other
 * names.  Names are normalised as queries are: lower-cased with Xapian's
 * Unicode folding, white space collapsed to single spaces.  A name may be
 * in several groups (its synonyms are then all of theirs).  The table is
 * all or nothing: a line that can't be read (invalid UTF-8, a group of
 * one, a name longer than DS_SYNONYM_MAX bytes, more than DS_SYNONYMS_MAX
 * names in all) fails the whole file with a message naming FILE:LINE.
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
	char version[17];	/* hash of the file's bytes, hex */
};

/* Empty table; allocates nothing. */
void ds_synonyms_init(struct ds_synonyms *t);

/*
 * Read the table file `path` into `t` (initialised; released first).
 * Returns 0, DS_ENOENT/DS_EIO when the file can't be read, DS_EFORMAT or
 * DS_ETOOBIG with "FILE:LINE: why" when its content can't be used, and
 * leaves `t` empty on failure.
 */
int ds_synonyms_load(const char *path, struct ds_synonyms *t,
		     struct ds_error *err);

/* Free the contents, leaving an empty table. */
void ds_synonyms_release(struct ds_synonyms *t);

#endif /* DOSSIER_SYNONYMS_H */
