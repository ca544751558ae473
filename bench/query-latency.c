/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * query-latency: what one search costs inside a running program (the CGI
 * under FastCGI, a batch), without process start-up.
 *
 *   make bench/query-latency           (in the build tree; not built by default)
 *   bench/query-latency [-n HITS] [-s SNIPPETS] [-f] [-p PASSES] [-d] [-F DOCS] DB QUERIES
 *
 * Opens the database once, then runs each line of QUERIES (one query a
 * line, as ../shared/bench/anchors/queries.txt) PASSES times (default 5)
 * through ds_search() with Dossier's defaults: HITS hits (default 10),
 * SNIPPETS passages per hit (default 1), spelling and public-body
 * expansion on; -f also counts the publisher, type and year facets; -d
 * keeps duplicates (no collapsing on the content hash); -F DOCS sets
 * pseudo-relevance feedback's documents (0: none; default Dossier's).
 * Passes go over the whole list in turn, so that one query's pages are
 * not kept hot for its next run.  Prints one line per query on standard
 * output:
 *
 *   MEDIAN_MS <TAB> MIN_MS <TAB> MAX_MS <TAB> ESTIMATED <TAB> QUERY
 *
 * and the wall time of all searches on standard error.
 */

#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "search.h"

#define MAX_QUERIES 1000
#define MAX_PASSES 100

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
usage(void)
{
	fprintf(stderr, "usage: query-latency [-n HITS] [-s SNIPPETS] [-f] "
		"[-p PASSES] [-d] [-F DOCS] DB QUERIES\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static char *queries[MAX_QUERIES];
	static double ms[MAX_QUERIES][MAX_PASSES];
	static uint32_t estimated[MAX_QUERIES];
	unsigned hits = 10, snippets = 1, passes = 5, facets = 0;
	bool keep_duplicates = false;
	int feedback = -1;
	struct ds_searcher *s;
	struct ds_error err;
	struct ds_results r;
	size_t nq = 0, q, p;
	char line[4096];
	double t0, total;
	FILE *in;
	int c;

	while ((c = getopt(argc, argv, "n:s:fp:dF:")) != -1) {
		switch (c) {
		case 'n': hits = (unsigned)atoi(optarg); break;
		case 's': snippets = (unsigned)atoi(optarg); break;
		case 'f':
			facets = DS_FACET_PUBLISHER | DS_FACET_TYPE |
				 DS_FACET_YEAR;
			break;
		case 'p': passes = (unsigned)atoi(optarg); break;
		case 'd': keep_duplicates = true; break;
		case 'F': feedback = atoi(optarg); break;
		default: usage();
		}
	}
	if (argc - optind != 2 || passes < 1 || passes > MAX_PASSES)
		usage();
	if ((in = fopen(argv[optind + 1], "r")) == NULL) {
		perror(argv[optind + 1]);
		return 1;
	}
	while (nq < MAX_QUERIES && fgets(line, sizeof line, in) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '\0' && (queries[nq++] = strdup(line)) == NULL)
			return 1;
	}
	fclose(in);

	ds_error_clear(&err);
	if (ds_searcher_open(argv[optind], &s, &err) < 0) {
		fprintf(stderr, "query-latency: %s\n", err.msg);
		return 1;
	}
	ds_results_init(&r);
	t0 = now_ms();
	for (p = 0; p < passes; p++) {
		for (q = 0; q < nq; q++) {
			struct ds_search_opts so;
			double t;

			ds_search_opts_init(&so);
			so.query = queries[q];
			so.limit = hits;
			so.snippets = snippets;
			so.facets = facets;
			so.no_collapse = keep_duplicates;
			if (feedback >= 0)
				so.ranking.feedback_docs = (unsigned)feedback;
			t = now_ms();
			if (ds_search(s, &so, &r, &err) < 0) {
				fprintf(stderr, "query-latency: %s: %s\n",
					queries[q], err.msg);
				return 1;
			}
			ms[q][p] = now_ms() - t;
			estimated[q] = r.estimated;
		}
	}
	total = now_ms() - t0;
	for (q = 0; q < nq; q++) {
		qsort(ms[q], passes, sizeof ms[q][0], cmp_double);
		printf("%.4f\t%.4f\t%.4f\t%u\t%s\n", ms[q][passes / 2],
		       ms[q][0], ms[q][passes - 1], (unsigned)estimated[q],
		       queries[q]);
		free(queries[q]);
	}
	fprintf(stderr, "query-latency: %zu queries x %u passes in %.1f ms\n",
		nq, passes, total);
	ds_results_release(&r);
	ds_searcher_free(s);
	return 0;
}
