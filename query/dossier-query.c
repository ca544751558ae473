/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dossier-query: search a Dossier database from the command line.
 *
 *   dossier-query --db PATH [OPTION]... QUERY...
 *   dossier-query --db PATH --batch FILE [OPTION]...
 *
 * The words of QUERY are joined with spaces and parsed with Xapian's query
 * language ("phrases", AND/OR/NOT, title:word, wild*, date ranges).  With
 * --batch each line "QID<TAB>QUERY" of FILE is one search (TREC runs for
 * relevance tests).  Results go to standard output in one of the formats
 * of render.h.
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

/* The longest line of a --batch file. */
#define BATCH_LINE_MAX 65536

static const char *progname = "dossier-query";

static void
usage(FILE *out)
{
	struct ds_ranking rk;

	ds_ranking_default(&rk);
	fprintf(out,
		"Usage: %s [OPTION]... QUERY...\n"
		"       %s --batch FILE [OPTION]...\n"
		"Search the Dossier database for QUERY and print ranked results.\n"
		"\n"
		"  -d, --db PATH          the database (default: $DOSSIER_DB)\n"
		"  -n, --limit N          show N results (default 10, at most 1000)\n"
		"  -o, --offset N         skip the first N results (for paging)\n"
		"  -f, --format FORMAT    %s\n"
		"                         (default: text)\n"
		"  -s, --sort ORDER       relevance (default; date for atom) or date\n"
		"                         (newest first)\n"
		"  -F, --filter FIELD:VALUE  only documents with that value; FIELD is\n"
		"                         publisher, type, lang, format, dialect, ext,\n"
		"                         year, site or id; repeat to combine (values of\n"
		"                         one field ORed, different fields ANDed)\n"
		"      --since DATE       only documents dated DATE or later\n"
		"      --until DATE       only documents dated DATE or earlier\n"
		"                         (DATE: 2014, 2014-06, 2014-06-30 or 30/6/2014)\n"
		"      --snippets N       passages per hit, from its best-matching\n"
		"                         sections (default 1, at most 10; 0: none)\n"
		"      --facets LIST      count the matches by publisher, type, year\n"
		"                         (comma-separated)\n"
		"      --like ID          documents like this one (a document id, or a\n"
		"                         path or record id as indexed)\n"
		"      --duplicates       show documents with the same text each\n"
		"      --no-expand        don't add the other names of public bodies\n"
		"      --no-suggest       no \"did you mean\"\n"
		"      --bm25 K1,B        BM25's parameters (default %g,%g)\n"
		"      --stopwords        leave English stop words out of the query (the\n"
		"                         default; --no-stopwords: keep them)\n"
		"      --feedback N[,T[,W]]  add T terms of the top N documents at\n"
		"                         weight W (default %u,%u,%g; 0: none)\n"
		"      --proximity W      the weight of the boost for query words found\n"
		"                         together (default %g; 0 or --no-proximity: none)\n"
		"      --explain          also the parsed query, the names added, the\n"
		"                         index's revision and size (text format)\n"
		"      --batch FILE       one search per line \"QID<TAB>QUERY\" of FILE\n"
		"                         (\"-\": standard input)\n"
		"      --tag TAG          the run tag of --format trec (default dossier)\n"
		"      --shard-timeout MS  remote shards: how long to wait for each\n"
		"                         answer, in milliseconds (default 10000)\n"
		"      --partial          search the shards that answer when others\n"
		"                         don't (said on standard error and in\n"
		"                         --format json), instead of failing\n"
		"      --color[=WHEN]     highlight matches: auto (default), always, never\n"
		"  -h, --help             show this help and exit\n"
		"  -V, --version          show the version and exit\n"
		"\n"
		"Query language: words (stemmed: 'consult' finds 'consultations'),\n"
		"\"exact phrases\", AND, OR, NOT, NEAR, +must -mustnot, word*,\n"
		"(brackets), title:word, heading:word, author:name, speaker:name,\n"
		"publisher:word (or dept:), type:report, year:2014, lang:en, ext:html,\n"
		"site:host, id:hc:1234 or hc:1234, cm:9876, isbn:..., and dates:\n"
		"date:2012..2014, 2012-01-01..2014-06-30.\n"
		"\n"
		"Exit status: 0 results found; 1 no results; 2 usage error or\n"
		"malformed query; 3 database error.  NO_COLOR turns colour off.\n",
		progname, progname, ds_render_formats(), rk.k1, rk.b, rk.feedback_docs,
		rk.feedback_terms, rk.feedback_weight, rk.proximity);
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

/* --facets publisher,type,year into a DS_FACET_* mask; -1 when invalid. */
static int
parse_facets(const char *s, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned flag;
	} names[] = {{"publisher", DS_FACET_PUBLISHER},
		     {"type", DS_FACET_TYPE},
		     {"year", DS_FACET_YEAR}};
	const char *p = s;
	size_t i, n;

	*out = 0;
	while (*p) {
		n = strcspn(p, ",");
		for (i = 0; i < sizeof names / sizeof *names; i++)
			if (n == strlen(names[i].name) &&
			    strncmp(p, names[i].name, n) == 0)
				break;
		if (i == sizeof names / sizeof *names) {
			fprintf(stderr, "%s: --facets: '%.*s' is not one of "
				"publisher, type, year\n", progname, (int)n, p);
			return -1;
		}
		*out |= names[i].flag;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/*
 * Up to `max` comma-separated numbers of s into v[]; returns how many, or
 * -1 (after a message naming `name`) when s is not that.
 */
static int
parse_numbers(const char *name, const char *s, double *v, int max)
{
	const char *p = s;
	char *end;
	int n = 0;

	while (n < max) {
		errno = 0;
		v[n] = strtod(p, &end);
		if (errno != 0 || end == p || !(v[n] >= 0) || v[n] > 1e6)
			break;
		n++;
		if (*end == '\0')
			return n;
		if (*end != ',')
			break;
		p = end + 1;
	}
	fprintf(stderr, "%s: %s: '%s' is not %d comma-separated numbers or "
		"fewer\n", progname, name, s, max);
	return -1;
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

/* What a run does with each search. */
struct job {
	struct ds_searcher *searcher;
	struct ds_search_opts so;
	struct ds_render_opts ro;
	ds_render_fn render;
};

/*
 * Run one search and print it.  Returns EXIT_FOUND or EXIT_NONE, or
 * EXIT_USAGE / EXIT_DATABASE after a message (`where` prefixes it).
 */
static int
search_one(struct job *j, const char *query, const char *where)
{
	struct ds_results results;
	struct ds_error err = {0, ""};
	int rc, status;

	ds_results_init(&results);
	j->so.query = query;
	rc = ds_search(j->searcher, &j->so, &results, &err);
	if (rc < 0) {
		fprintf(stderr, "%s: %s%s%s\n", progname, where ? where : "",
			where ? ": " : "", err.msg);
		status = rc == DS_EQUERY || rc == DS_EINVAL ||
				 rc == DS_ETOOBIG
			 ? EXIT_USAGE
			 : EXIT_DATABASE;
		goto out;
	}
	if (results.shards_answered < results.shards)
		fprintf(stderr, "%s: %s%spartial results: %u of %u shards "
			"answered (%s)\n", progname, where ? where : "",
			where ? ": " : "", results.shards_answered,
			results.shards, results.shards_missing
						? results.shards_missing
						: "");
	if (j->render(stdout, &results, &j->ro, &err) < 0) {
		fprintf(stderr, "%s: %s\n", progname, err.msg);
		status = EXIT_DATABASE;
		goto out;
	}
	status = results.nhits > 0 || results.estimated > 0 ? EXIT_FOUND
							    : EXIT_NONE;
out:
	ds_results_release(&results);
	return status;
}

/*
 * --batch: each line "QID<TAB>QUERY" (or "QID QUERY") is one search.  A
 * malformed query costs its line only.  Returns EXIT_FOUND when every
 * query ran, EXIT_USAGE when a line was bad, EXIT_DATABASE when the
 * database failed (the batch stops).
 */
static int
run_batch(struct job *j, const char *file)
{
	FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	char *line = NULL, where[64];
	size_t cap = 0, n = 0;
	ssize_t len;
	int status = EXIT_FOUND, rc;

	if (in == NULL) {
		fprintf(stderr, "%s: --batch %s: %s\n", progname, file,
			strerror(errno));
		return EXIT_USAGE;
	}
	j->ro.batch = true;
	while ((len = getline(&line, &cap, in)) > 0) {
		char *qid = line, *q;

		n++;
		while (len > 0 && (line[len - 1] == '\n' ||
				   line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		snprintf(where, sizeof where, "line %zu", n);
		if ((size_t)len > BATCH_LINE_MAX ||
		    memchr(line, '\0', (size_t)len) != NULL ||
		    (q = line + strcspn(line, "\t ")) == line || *q == '\0') {
			fprintf(stderr, "%s: --batch %s:%zu: not QID<TAB>QUERY\n",
				progname, file, n);
			status = EXIT_USAGE;
			continue;
		}
		*q++ = '\0';
		j->ro.qid = qid;
		rc = search_one(j, q, where);
		j->ro.first = false;
		if (rc == EXIT_DATABASE) {
			status = rc;
			break;
		}
		if (rc == EXIT_USAGE)
			status = rc;
	}
	free(line);
	if (in != stdin)
		fclose(in);
	return status;
}

int
main(int argc, char **argv)
{
	enum { O_SINCE = 256, O_UNTIL, O_COLOR, O_SNIPPETS, O_FACETS, O_LIKE,
	       O_DUPLICATES, O_NO_EXPAND, O_NO_SUGGEST, O_EXPLAIN, O_BATCH,
	       O_TAG, O_BM25, O_STOPWORDS, O_FEEDBACK, O_NO_PROXIMITY,
	       O_PROXIMITY, O_NO_STOPWORDS, O_SHARD_TIMEOUT, O_PARTIAL };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"limit", required_argument, NULL, 'n'},
		{"offset", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"sort", required_argument, NULL, 's'},
		{"filter", required_argument, NULL, 'F'},
		{"since", required_argument, NULL, O_SINCE},
		{"until", required_argument, NULL, O_UNTIL},
		{"snippets", required_argument, NULL, O_SNIPPETS},
		{"facets", required_argument, NULL, O_FACETS},
		{"like", required_argument, NULL, O_LIKE},
		{"duplicates", no_argument, NULL, O_DUPLICATES},
		{"no-expand", no_argument, NULL, O_NO_EXPAND},
		{"no-suggest", no_argument, NULL, O_NO_SUGGEST},
		{"explain", no_argument, NULL, O_EXPLAIN},
		{"batch", required_argument, NULL, O_BATCH},
		{"tag", required_argument, NULL, O_TAG},
		{"bm25", required_argument, NULL, O_BM25},
		{"stopwords", no_argument, NULL, O_STOPWORDS},
		{"feedback", required_argument, NULL, O_FEEDBACK},
		{"no-proximity", no_argument, NULL, O_NO_PROXIMITY},
		{"no-stopwords", no_argument, NULL, O_NO_STOPWORDS},
		{"proximity", required_argument, NULL, O_PROXIMITY},
		{"shard-timeout", required_argument, NULL, O_SHARD_TIMEOUT},
		{"partial", no_argument, NULL, O_PARTIAL},
		{"color", optional_argument, NULL, O_COLOR},
		{"colour", optional_argument, NULL, O_COLOR},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}};
	struct job j;
	struct ds_shard_opts shards = {0, 0, false};
	struct ds_error err = {0, ""};
	const char *db = NULL, *color = "auto", *format = "text";
	bool sorted = false;
	const char *batch = NULL;
	char *query = NULL, cwd[4096];
	double v[3];
	int c, nv, status = EXIT_DATABASE;

	memset(&j, 0, sizeof j);
	ds_search_opts_init(&j.so);
	ds_render_opts_init(&j.ro);
	j.ro.first = true;
	while ((c = getopt_long(argc, argv, "d:n:o:f:s:F:hV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'n':
			if (parse_uint("--limit", optarg, 1, 1000,
				       &j.so.limit) < 0)
				return EXIT_USAGE;
			break;
		case 'o':
			if (parse_uint("--offset", optarg, 0, 1000000,
				       &j.so.offset) < 0)
				return EXIT_USAGE;
			break;
		case 'f': format = optarg; break;
		case 's':
			sorted = true;
			if (strcmp(optarg, "relevance") == 0) {
				j.so.sort = DS_SORT_RELEVANCE;
			} else if (strcmp(optarg, "date") == 0) {
				j.so.sort = DS_SORT_DATE;
			} else {
				fprintf(stderr, "%s: --sort: use relevance or "
					"date\n", progname);
				return EXIT_USAGE;
			}
			break;
		case 'F':
			if (j.so.nfilters == DS_MAX_FILTERS) {
				fprintf(stderr, "%s: at most %d --filter "
					"options\n", progname, DS_MAX_FILTERS);
				return EXIT_USAGE;
			}
			j.so.filters[j.so.nfilters++] = optarg;
			break;
		case O_SINCE: j.so.since = optarg; break;
		case O_UNTIL: j.so.until = optarg; break;
		case O_SNIPPETS:
			if (parse_uint("--snippets", optarg, 0, 10,
				       &j.so.snippets) < 0)
				return EXIT_USAGE;
			break;
		case O_FACETS:
			if (parse_facets(optarg, &j.so.facets) < 0)
				return EXIT_USAGE;
			break;
		case O_LIKE: j.so.like = optarg; break;
		case O_DUPLICATES: j.so.no_collapse = true; break;
		case O_NO_EXPAND: j.so.no_expand = true; break;
		case O_NO_SUGGEST: j.so.no_suggest = true; break;
		case O_EXPLAIN: j.ro.explain = true; break;
		case O_BATCH: batch = optarg; break;
		case O_TAG: j.ro.run_tag = optarg; break;
		case O_BM25:
			if (parse_numbers("--bm25", optarg, v, 2) != 2)
				return EXIT_USAGE;
			j.so.ranking.k1 = v[0];
			j.so.ranking.b = v[1] > 1 ? 1 : v[1];
			break;
		case O_STOPWORDS: j.so.ranking.stopwords = true; break;
		case O_NO_STOPWORDS: j.so.ranking.stopwords = false; break;
		case O_NO_PROXIMITY: j.so.ranking.proximity = 0; break;
		case O_PROXIMITY:
			if (parse_numbers("--proximity", optarg, v, 1) != 1)
				return EXIT_USAGE;
			j.so.ranking.proximity = v[0];
			break;
		case O_FEEDBACK:
			if ((nv = parse_numbers("--feedback", optarg, v, 3)) < 1)
				return EXIT_USAGE;
			j.so.ranking.feedback_docs = (unsigned)v[0];
			if (nv > 1)
				j.so.ranking.feedback_terms = (unsigned)v[1];
			if (nv > 2)
				j.so.ranking.feedback_weight = v[2];
			break;
		case O_SHARD_TIMEOUT:
			if (parse_uint("--shard-timeout", optarg, 1, 3600000,
				       &shards.timeout_ms) < 0)
				return EXIT_USAGE;
			shards.connect_timeout_ms = shards.timeout_ms;
			break;
		case O_PARTIAL: shards.partial = true; break;
		case O_COLOR: color = optarg ? optarg : "always"; break;
		case 'h': usage(stdout); return EXIT_FOUND;
		case 'V': printf("dossier-query %s\n", PACKAGE_VERSION);
			return EXIT_FOUND;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if ((j.render = ds_render_lookup(format)) == NULL) {
		fprintf(stderr, "%s: --format: '%s' is not one of: %s\n",
			progname, format, ds_render_formats());
		return EXIT_USAGE;
	}
	/* A feed is of the newest matches, unless asked otherwise. */
	if (!sorted && strcmp(format, "atom") == 0)
		j.so.sort = DS_SORT_DATE;
	if (strcmp(color, "always") == 0) {
		j.ro.color = true;
	} else if (strcmp(color, "auto") == 0) {
		const char *nc = getenv("NO_COLOR");

		j.ro.color = isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
	} else if (strcmp(color, "never") != 0) {
		fprintf(stderr, "%s: --color: use auto, always or never\n",
			progname);
		return EXIT_USAGE;
	}
	if (db == NULL)
		db = getenv("DOSSIER_DB");
	if (db == NULL || *db == '\0') {
		fprintf(stderr, "%s: no database given: use --db PATH or set "
			"DOSSIER_DB\n", progname);
		return EXIT_USAGE;
	}
	if (batch != NULL && optind < argc) {
		fprintf(stderr, "%s: --batch takes its queries from the file, "
			"not the command line\n", progname);
		return EXIT_USAGE;
	}
	/* With filters or --like, no words means "every document that
	 * passes", or "all documents like it". */
	if (batch == NULL && optind >= argc && j.so.nfilters == 0 &&
	    j.so.since == NULL && j.so.until == NULL && j.so.like == NULL) {
		fprintf(stderr, "%s: no query given\n", progname);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (batch == NULL &&
	    (query = join_args(argc - optind, argv + optind)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return EXIT_DATABASE;
	}
	if (isatty(STDOUT_FILENO))
		j.ro.width = 80;
	if (getcwd(cwd, sizeof cwd) != NULL)
		j.ro.cwd = cwd;

	ds_init();
	if (ds_searcher_open_shards(db, &shards, &j.searcher, &err) < 0) {
		fprintf(stderr, "%s: %s\n", progname, err.msg);
		goto out;
	}
	status = batch != NULL ? run_batch(&j, batch)
			       : search_one(&j, query, NULL);
out:
	ds_searcher_free(j.searcher);
	free(query);
	ds_cleanup();
	return status;
}
