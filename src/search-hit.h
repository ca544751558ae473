/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * search-hit.h: one hit of a search, from the document's stored record
 * (layout.h, the record of doc-json.h) to struct ds_hit: its fields, its
 * identifiers, and passages cut from its best-matching sections.
 *
 * Passages.  Every section is first scored cheaply, in one pass over
 * its text: how many of the query's probes (lower-case word stems, see
 * search_hit_probes()) begin a word in it, then how often.  The best
 * `nsnippets` + SEARCH_HIT_SPARE sections go to Xapian's MSet::snippet(),
 * given only that window and a margin, which cuts the best passage of
 * each (stemmer-aware, the query's terms highlighted); those are ranked
 * by how many different words their passage marks, then how many in all,
 * and the best `nsnippets` are kept, best first, each with the headings
 * it sits under and the nearest anchor.  Xapian's snippet, which stems
 * every word it reads, so runs over a few kilobytes, never all of a
 * report of megabytes.  A document whose
 * text has no match (it matched on its title or metadata) shows the
 * start of its first section.
 */
#ifndef DOSSIER_SEARCH_HIT_H
#define DOSSIER_SEARCH_HIT_H

#include <stddef.h>

#include "search.h"
#include "xapian-c.h"

#define SEARCH_HIT_SPARE 3

/*
 * The probes of `query`: for each plain term, its stem (without the "Z")
 * shortened by one letter when longer than four (Porter's stems end
 * differently from the words: "happi" for "happy"), lower case; field and
 * filter terms are left out.  Returns the number stored in probes[0..max)
 * (each the caller's, free each), or -1 with *xe set.
 */
int search_hit_probes(const struct xapian_query *query, char **probes,
		      size_t max, struct xapian_error *xe);

/*
 * Fill `hit` (zeroed) from the record raw[0..len) of a document in `mset`,
 * with up to `nsnippets` passages of about `snippet_bytes` each (see
 * above).  A record that is not JSON gives a hit with a placeholder title.
 * Returns 0, or -1 with *xe set (out of memory, or Xapian failed).
 */
int search_hit_fill(struct ds_hit *hit, const char *raw, size_t len,
		    const struct xapian_mset *mset,
		    const struct xapian_stem *stem, char *const *probes,
		    size_t nprobes, unsigned nsnippets, size_t snippet_bytes,
		    struct xapian_error *xe);

/* Free what a hit holds, leaving it zeroed. */
void search_hit_release(struct ds_hit *hit);

#endif /* DOSSIER_SEARCH_HIT_H */
