/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dossier-index: index documents into a Dossier database.
 *
 *   dossier-index --db DIR PATH...
 *
 * Walks each PATH (a file or a directory, recursively, never following
 * symbolic links), extracts every document it can read, and writes it to
 * the database, replacing the earlier version of the same file.  Commits
 * every --commit-every documents and at the end.  Files it can't read are
 * reported one line each, naming the file and the reason, and the run goes
 * on; a one-line summary ends the run.
 */

#include "config.h"

#include <errno.h>
#include <fts.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier.h"

/* Exit codes (also in the man page). */
enum {
	EXIT_OK = 0,
	EXIT_SOME_FAILED = 1,	/* finished, but some files failed */
	EXIT_USAGE = 2,
	EXIT_DATABASE = 3,	/* the database could not be written */
	EXIT_LOCKED = 75	/* another indexer holds the database */
};

struct options {
	const char *db;
	int verbose;		/* -1 quiet, 0 normal, 1 verbose */
	unsigned long commit_every;
	size_t max_size;
	unsigned wait;
};

struct counts {
	unsigned long indexed, failed, unsupported, since_commit;
};

static const char *progname = "dossier-index";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION]... --db DIR PATH...\n"
		"Index the HTML and text documents under each PATH (files or\n"
		"directories) into the Dossier database DIR, creating it if need be.\n"
		"\n"
		"  -d, --db DIR            the database (default: $DOSSIER_DB)\n"
		"  -c, --commit-every N    commit after every N documents (default 1000)\n"
		"  -m, --max-size BYTES    skip larger files (default 64M; K, M, G allowed)\n"
		"  -w, --wait              wait for another indexer instead of exiting\n"
		"  -v, --verbose           report every file, indexed or skipped\n"
		"  -q, --quiet             report errors only, no summary\n"
		"  -h, --help              show this help and exit\n"
		"  -V, --version           show the version and exit\n"
		"\n"
		"Exit status: 0 done; 1 done, but some files could not be indexed;\n"
		"2 usage error; 3 database error; 75 another indexer is running.\n",
		progname);
}

/* Parse a size like "64M"; returns 0 or -1. */
static int
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: return -1;
	}
	if (*end != '\0' || v == 0 || v > (SIZE_MAX >> shift))
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

static int
parse_count(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v == 0 || s[0] == '-')
		return -1;
	*out = v;
	return 0;
}

/* Print a message about one file, on one line. */
static void
report(const char *what, const struct ds_error *err)
{
	fprintf(stderr, "%s: %s: %s\n", progname, what, err->msg);
}

/* Extract one file and put it in the index; count what happened. */
static int
index_file(struct ds_index *idx, const char *path,
	   const struct options *opt, struct counts *n)
{
	struct ds_extract_opts xo = {.max_input_bytes = opt->max_size};
	struct ds_doc doc;
	struct ds_error err = {0};
	int rc;

	ds_doc_init(&doc);
	rc = ds_extract_file(path, &xo, &doc, &err);
	if (rc == DS_EFORMAT || rc == DS_ESKIP) {
		n->unsupported++;
		if (opt->verbose > 0)
			report("skipped", &err);
		goto out;
	}
	if (rc < 0) {
		n->failed++;
		report("failed", &err);
		goto out;
	}
	if (doc.warning != NULL && opt->verbose >= 0)
		fprintf(stderr, "%s: warning: %s: %s\n", progname, path,
			doc.warning);
	rc = ds_index_put(idx, &doc, &err);
	if (rc < 0) {
		n->failed++;
		report("failed", &err);
		/* Out of memory or a broken database: stop the run. */
		if (rc == DS_ENOMEM || rc == DS_EXAPIAN)
			goto out;
		rc = 0;
		goto out;
	}
	n->indexed++;
	n->since_commit++;
	if (opt->verbose > 0)
		printf("indexed %s\n", path);
	if (n->since_commit >= opt->commit_every) {
		rc = ds_index_commit(idx, &err);
		if (rc < 0)
			report("commit", &err);
		n->since_commit = 0;
	}
out:
	ds_doc_release(&doc);
	return rc == DS_ENOMEM || rc == DS_EXAPIAN ? rc : 0;
}

/* fts ordering: by name, so runs are reproducible. */
static int
by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

/*
 * Walk one root (file or directory) without following symbolic links and
 * index every regular file.  Returns 0, or a negative code if the run must
 * stop (the database failed).
 */
static int
walk(struct ds_index *idx, const char *root, const struct options *opt,
     struct counts *n)
{
	char *paths[2] = {NULL, NULL};
	char abs[PATH_MAX];
	FTS *fts;
	FTSENT *e;
	int rc = 0;

	/* Canonical absolute paths are the documents' identities. */
	if (realpath(root, abs) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", progname, root,
			strerror(errno));
		n->failed++;
		return 0;
	}
	paths[0] = abs;
	fts = fts_open(paths, FTS_PHYSICAL | FTS_NOCHDIR, by_name);
	if (fts == NULL) {
		fprintf(stderr, "%s: %s: %s\n", progname, root,
			strerror(errno));
		n->failed++;
		return 0;
	}
	for (;;) {
		errno = 0;
		if ((e = fts_read(fts)) == NULL) {
			if (errno != 0) {
				fprintf(stderr, "%s: %s: %s\n", progname,
					root, strerror(errno));
				n->failed++;
			}
			break;
		}
		switch (e->fts_info) {
		case FTS_F:
			rc = index_file(idx, e->fts_path, opt, n);
			break;
		case FTS_D:
			/* Hidden directories (.git, .svn...) are not content. */
			if (e->fts_level > 0 && e->fts_name[0] == '.')
				fts_set(fts, e, FTS_SKIP);
			break;
		case FTS_DNR:
		case FTS_ERR:
		case FTS_NS:
			fprintf(stderr, "%s: %s: %s\n", progname, e->fts_path,
				strerror(e->fts_errno));
			n->failed++;
			break;
		case FTS_SL:
		case FTS_SLNONE:
			if (opt->verbose > 0)
				fprintf(stderr,
					"%s: skipped %s: symbolic link not "
					"followed\n", progname, e->fts_path);
			break;
		case FTS_DC:
			fprintf(stderr, "%s: %s: directory cycle\n", progname,
				e->fts_path);
			break;
		default:
			/* FIFOs, sockets, devices: never opened. */
			if (e->fts_info == FTS_DEFAULT && opt->verbose > 0)
				fprintf(stderr,
					"%s: skipped %s: not a regular file\n",
					progname, e->fts_path);
			break;
		}
		if (rc < 0)
			break;
	}
	fts_close(fts);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"commit-every", required_argument, NULL, 'c'},
		{"max-size", required_argument, NULL, 'm'},
		{"wait", no_argument, NULL, 'w'},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}};
	struct options opt = {.commit_every = 1000,
			      .max_size = DS_EXTRACT_DEFAULT_MAX_INPUT};
	struct counts n = {0};
	struct ds_index *idx = NULL;
	struct ds_error err = {0};
	struct timespec t0, t1;
	uint32_t total = 0;
	int c, i, rc, status;

	while ((c = getopt_long(argc, argv, "d:c:m:wvqhV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'd': opt.db = optarg; break;
		case 'c':
			if (parse_count(optarg, &opt.commit_every) < 0) {
				fprintf(stderr, "%s: --commit-every: '%s' is "
					"not a positive number\n", progname,
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'm':
			if (parse_size(optarg, &opt.max_size) < 0) {
				fprintf(stderr, "%s: --max-size: '%s' is not "
					"a size like 500K or 64M\n", progname,
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'w': opt.wait = 1; break;
		case 'v': opt.verbose = 1; break;
		case 'q': opt.verbose = -1; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("dossier-index %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (opt.db == NULL)
		opt.db = getenv("DOSSIER_DB");
	if (opt.db == NULL || opt.db[0] == '\0') {
		fprintf(stderr, "%s: no database given: use --db DIR or set "
			"DOSSIER_DB\n", progname);
		return EXIT_USAGE;
	}
	if (optind >= argc) {
		fprintf(stderr, "%s: nothing to index: give one or more "
			"files or directories\n", progname);
		usage(stderr);
		return EXIT_USAGE;
	}

	ds_init();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = ds_index_open(opt.db,
			   DS_INDEX_CREATE | (opt.wait ? DS_INDEX_WAIT : 0),
			   &idx, &err);
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", progname, err.msg);
		ds_cleanup();
		return rc == DS_ELOCKED ? EXIT_LOCKED : EXIT_DATABASE;
	}
	for (i = optind, rc = 0; i < argc && rc == 0; i++)
		rc = walk(idx, argv[i], &opt, &n);
	status = rc < 0 ? EXIT_DATABASE
			: n.failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
	if (rc == 0 && ds_index_doccount(idx, &total, &err) < 0) {
		report("database", &err);
		status = EXIT_DATABASE;
	}
	/* Only report success once the final commit has returned. */
	if (ds_index_close(idx, &err) < 0) {
		report("database", &err);
		status = EXIT_DATABASE;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (opt.verbose >= 0 && status != EXIT_DATABASE)
		printf("%s: indexed %lu document%s, %lu failed, %lu skipped "
		       "(unsupported format) in %.1f s; %s holds %lu "
		       "document%s\n",
		       progname, n.indexed, n.indexed == 1 ? "" : "s",
		       n.failed, n.unsupported,
		       (double)(t1.tv_sec - t0.tv_sec) +
			       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		       opt.db, (unsigned long)total, total == 1 ? "" : "s");
	ds_cleanup();
	return status;
}
