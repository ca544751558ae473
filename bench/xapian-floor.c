/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xapian-floor: what Xapian alone takes to write the index Dossier writes,
 * on one core: the floor under any indexer built on one Xapian writer.
 *
 *   make bench/xapian-floor            (in the build tree; not built by default)
 *   dossier-index --extract-only CORPUS > docs.jsonl
 *   bench/xapian-floor DBDIR < docs.jsonl
 *
 * Reads the documents `dossier-index --extract-only` printed (one JSON
 * object a line), and for each, in one thread: the term generator (English
 * stemmer, STEM_SOME, positions: Dossier's settings, through the same
 * binding and its stem cache) over the title (prefixed S and plain) and
 * each section's text, the JSON line itself as the document's data, a
 * unique id term, add_document; one commit at the end.  No extraction, no
 * parsing of markup, no filters, values, spelling or sandbox: only the
 * work no Xapian-based indexer can avoid for this index.  Prints the
 * documents and seconds on standard error.
 */

#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xapian-c.h"

static void
die(const char *what, const struct xapian_error *xe)
{
	fprintf(stderr, "xapian-floor: %s: %s: %s\n", what,
		xe ? xe->type : "", xe ? xe->message : "");
	exit(1);
}

/* Index `s` (may be NULL) under `prefix`, as catalog.c does. */
static void
text(struct xapian_term_generator *tg, const char *s, unsigned wdf,
     const char *prefix)
{
	struct xapian_error xe;

	if (s == NULL)
		return;
	if (xapian_term_generator_index_text(tg, s, strlen(s), wdf, prefix,
					     &xe) < 0 ||
	    xapian_term_generator_increase_termpos(tg, 100, &xe) < 0)
		die("index_text", &xe);
}

int
main(int argc, char **argv)
{
	struct xapian_writable_database *wdb;
	struct xapian_term_generator *tg;
	struct xapian_document *xd;
	struct xapian_stem *stem;
	struct xapian_error xe;
	struct timespec t0, t1;
	char *line = NULL, id[64];
	size_t cap = 0, i;
	ssize_t n;
	unsigned long docs = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: xapian-floor DBDIR < docs.jsonl\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((wdb = xapian_writable_database_open(
		     argv[1], XAPIAN_DB_CREATE_OR_OVERWRITE, &xe)) == NULL)
		die(argv[1], &xe);
	if ((stem = xapian_stem_new("english", &xe)) == NULL ||
	    (tg = xapian_term_generator_new(&xe)) == NULL ||
	    xapian_term_generator_set_stemmer(tg, stem, &xe) < 0 ||
	    xapian_term_generator_set_stemming_strategy(tg, XAPIAN_STEM_SOME,
							&xe) < 0)
		die("term generator", &xe);
	while ((n = getline(&line, &cap, stdin)) > 0) {
		json_error_t je;
		json_t *d = json_loadb(line, (size_t)n, 0, &je), *secs, *sec;

		if (d == NULL)
			continue;
		if ((xd = xapian_document_new(&xe)) == NULL ||
		    xapian_term_generator_set_document(tg, xd, &xe) < 0)
			die("document", &xe);
		text(tg, json_string_value(json_object_get(d, "title")), 1, "S");
		text(tg, json_string_value(json_object_get(d, "title")), 3, "");
		secs = json_object_get(d, "sections");
		json_array_foreach(secs, i, sec)
			text(tg, json_string_value(json_object_get(sec, "text")),
			     1, "");
		snprintf(id, sizeof id, "Q%lu", docs);
		if (xapian_document_add_boolean_term(xd, id, &xe) < 0 ||
		    xapian_document_set_data(xd, line, (size_t)n, &xe) < 0 ||
		    xapian_writable_database_add_document(wdb, xd, NULL, &xe) < 0)
			die("add_document", &xe);
		xapian_term_generator_set_document(tg, NULL, &xe);
		xapian_document_free(xd);
		json_decref(d);
		docs++;
	}
	if (xapian_writable_database_close(wdb, &xe) < 0)
		die("commit", &xe);
	xapian_writable_database_free(wdb);
	xapian_term_generator_free(tg);
	xapian_stem_free(stem);
	free(line);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "xapian-floor: %lu documents in %.2f s\n", docs,
		(double)(t1.tv_sec - t0.tv_sec) +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
