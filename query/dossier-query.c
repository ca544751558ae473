/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dossier-query: search a Dossier database from the command line.
 *
 *   dossier-query --db DIR [OPTION]... QUERY...
 *
 * The words of QUERY are joined with spaces and parsed with Xapian's query
 * language ("phrases", AND/OR/NOT, title:word, wild*).  Results go to
 * standard output as text (highlighted on a terminal) or JSON.
 */

#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dossier.h"

enum {
	EXIT_FOUND = 0,
	EXIT_NONE = 1,		/* no document matched (like grep) */
	EXIT_USAGE = 2,		/* bad options or a malformed query */
	EXIT_DATABASE = 3
};

static const char *progname = "dossier-query";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION]... QUERY...\n"
		"Search the Dossier database for QUERY and print ranked results.\n"
		"\n"
		"  -d, --db DIR           the database (default: $DOSSIER_DB)\n"
		"  -n, --limit N          show N results (default 10, at most 1000)\n"
		"  -o, --offset N         skip the first N results (for paging)\n"
		"  -f, --format FORMAT    %s (default: text)\n"
		"  -s, --sort ORDER       relevance (default) or date (newest first)\n"
		"  -F, --filter FIELD:VALUE  only documents with that value; FIELD is\n"
		"                         publisher, type, lang, format, dialect, ext,\n"
		"                         year, site or id; repeat to combine (values of\n"
		"                         one field ORed, different fields ANDed)\n"
		"      --since DATE       only documents dated DATE or later\n"
		"      --until DATE       only documents dated DATE or earlier\n"
		"                         (DATE: 2014, 2014-06, 2014-06-30 or 30/6/2014)\n"
		"      --color[=WHEN]     highlight matches: auto (default), always, never\n"
		"  -h, --help             show this help and exit\n"
		"  -V, --version          show the version and exit\n"
		"\n"
		"Query language: words (stemmed: 'consult' finds 'consultations'),\n"
		"\"exact phrases\", AND, OR, NOT, +must -mustnot, word*, (brackets),\n"
		"title:word, heading:word, author:name, publisher:word, speaker:name,\n"
		"type:report, year:2014, lang:en, ext:html, site:host.\n"
		"\n"
		"Exit status: 0 results found; 1 no results; 2 usage error or\n"
		"malformed query; 3 database error.  NO_COLOR turns colour off.\n",
		progname, ds_render_formats());
}

/* A number option in [min, max]; -1 when invalid. */
static int
parse_uint(const char *name, const char *s, unsigned long min,
	   unsigned long max, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < min ||
	    v > max) {
		fprintf(stderr, "%s: %s: '%s' is not a number from %lu to %lu\n",
			progname, name, s, min, max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* The query words joined by spaces; the caller frees it. */
static char *
join_args(int argc, char **argv)
{
	size_t len = 1;
	char *q, *p;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	q = p = malloc(len);
	if (q == NULL)
		return NULL;
	for (i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (i > 0)
			*p++ = ' ';
		memcpy(p, argv[i], n);
		p += n;
	}
	*p = '\0';
	return q;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"limit", required_argument, NULL, 'n'},
		{"offset", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"sort", required_argument, NULL, 's'},
		{"filter", required_argument, NULL, 'F'},
		{"since", required_argument, NULL, 'S'},
		{"until", required_argument, NULL, 'U'},
		{"color", optional_argument, NULL, 'C'},
		{"colour", optional_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}};
	struct ds_search_opts so;
	struct ds_render_opts ro;
	struct ds_results results;
	struct ds_searcher *searcher = NULL;
	struct ds_error err = {0};
	const char *db = NULL, *color = "auto", *format = "text";
	ds_render_fn render;
	char *query = NULL, cwd[4096];
	int c, rc, status = EXIT_DATABASE;

	ds_search_opts_init(&so);
	ds_render_opts_init(&ro);
	ds_results_init(&results);
	while ((c = getopt_long(argc, argv, "d:n:o:f:s:F:hV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'n':
			if (parse_uint("--limit", optarg, 1, 1000,
				       &so.limit) < 0)
				return EXIT_USAGE;
			break;
		case 'o':
			if (parse_uint("--offset", optarg, 0, 1000000,
				       &so.offset) < 0)
				return EXIT_USAGE;
			break;
		case 'f': format = optarg; break;
		case 's':
			if (strcmp(optarg, "relevance") == 0) {
				so.sort = DS_SORT_RELEVANCE;
			} else if (strcmp(optarg, "date") == 0) {
				so.sort = DS_SORT_DATE;
			} else {
				fprintf(stderr, "%s: --sort: use relevance or "
					"date\n", progname);
				return EXIT_USAGE;
			}
			break;
		case 'F':
			if (so.nfilters == DS_MAX_FILTERS) {
				fprintf(stderr, "%s: at most %d --filter "
					"options\n", progname, DS_MAX_FILTERS);
				return EXIT_USAGE;
			}
			so.filters[so.nfilters++] = optarg;
			break;
		case 'S': so.since = optarg; break;
		case 'U': so.until = optarg; break;
		case 'C': color = optarg ? optarg : "always"; break;
		case 'h': usage(stdout); return EXIT_FOUND;
		case 'V': printf("dossier-query %s\n", PACKAGE_VERSION);
			return EXIT_FOUND;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if ((render = ds_render_lookup(format)) == NULL) {
		fprintf(stderr, "%s: --format: '%s' is not one of: %s\n",
			progname, format, ds_render_formats());
		return EXIT_USAGE;
	}
	if (strcmp(color, "always") == 0) {
		ro.color = true;
	} else if (strcmp(color, "auto") == 0) {
		const char *nc = getenv("NO_COLOR");

		ro.color = isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
	} else if (strcmp(color, "never") != 0) {
		fprintf(stderr, "%s: --color: use auto, always or never\n",
			progname);
		return EXIT_USAGE;
	}
	if (db == NULL)
		db = getenv("DOSSIER_DB");
	if (db == NULL || *db == '\0') {
		fprintf(stderr, "%s: no database given: use --db DIR or set "
			"DOSSIER_DB\n", progname);
		return EXIT_USAGE;
	}
	/* With filters, no words means "every document that passes". */
	if (optind >= argc && so.nfilters == 0 && so.since == NULL &&
	    so.until == NULL) {
		fprintf(stderr, "%s: no query given\n", progname);
		usage(stderr);
		return EXIT_USAGE;
	}
	if ((query = join_args(argc - optind, argv + optind)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return EXIT_DATABASE;
	}
	so.query = query;
	if (isatty(STDOUT_FILENO))
		ro.width = 80;
	if (getcwd(cwd, sizeof cwd) != NULL)
		ro.cwd = cwd;

	ds_init();
	if (ds_searcher_open(db, &searcher, &err) < 0) {
		fprintf(stderr, "%s: %s\n", progname, err.msg);
		goto out;
	}
	rc = ds_search(searcher, &so, &results, &err);
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", progname, err.msg);
		status = rc == DS_EQUERY || rc == DS_EINVAL ? EXIT_USAGE
							     : EXIT_DATABASE;
		goto out;
	}
	if (render(stdout, &results, &ro, &err) < 0) {
		fprintf(stderr, "%s: %s\n", progname, err.msg);
		goto out;
	}
	status = results.nhits > 0 || results.estimated > 0 ? EXIT_FOUND
							    : EXIT_NONE;
out:
	ds_results_release(&results);
	ds_searcher_free(searcher);
	free(query);
	ds_cleanup();
	return status;
}
