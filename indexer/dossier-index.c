/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dossier-index: index documents into a Dossier database.
 *
 *   dossier-index [--jsonl FILE]... --db DIR [PATH]...
 *   dossier-index --extract-only [--jsonl FILE]... [PATH]...
 *
 * Walks each PATH (a file or a directory, recursively, never following
 * symbolic links), extracts every document it can read, and writes it to
 * the database, replacing the earlier version of the same file; each
 * --jsonl FILE adds one document per JSON line, identified by its id.
 * Extraction runs in a sandbox worker process under CPU, memory and
 * wall-clock limits (sandbox.h) unless --no-sandbox, so a hostile file
 * costs one document, not the run.  Commits every --commit-every documents
 * and at the end.  Files it can't read are reported one line each, naming
 * the file and the reason, and the run goes on; a one-line summary ends
 * the run.  With --extract-only no database is opened: each document is
 * printed as one line of JSON (doc-json.h) instead.
 */

#include "config.h"

#include <errno.h>
#include <fts.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dossier.h"

/* Exit codes (also in the man page). */
enum {
	EXIT_OK = 0,
	EXIT_SOME_FAILED = 1,	/* finished, but some files failed */
	EXIT_USAGE = 2,
	EXIT_DATABASE = 3,	/* the database could not be written */
	EXIT_SANDBOX = 4,	/* no worker process could be started */
	EXIT_LOCKED = 75	/* another indexer holds the database */
};

/* At most this many worker processes (--jobs). */
#define JOBS_MAX 256

/* The wall-clock limit is this many times the CPU limit, at least 10 s. */
#define WALL_PER_CPU 2.0

struct options {
	const char *db;
	int verbose;		/* -1 quiet: failures only; 0: also skips,
				   warnings, the summary; 1: also each
				   file indexed */
	unsigned long commit_every;
	size_t max_size;
	unsigned wait;
	int extract_only;
	int no_sandbox;
	int null_paths;		/* -0: paths on stdin end with NUL */
	size_t jobs;		/* worker processes extracting side by side */
	struct ds_sandbox_limits limits;
	const char **jsonl;	/* the --jsonl FILEs, in order */
	size_t njsonl;
};

struct counts {
	unsigned long indexed, failed, unsupported, since_commit;
};

/*
 * What a run works with.  Documents are extracted by `nsb` sandboxed
 * workers side by side; each takes up to DS_SANDBOX_DEPTH files, and
 * `order` remembers which worker got each file still out, oldest first,
 * so that documents are taken in the order the files were found.
 */
struct run {
	const struct options *opt;
	struct ds_index *idx;	/* NULL with --extract-only */
	struct ds_sandbox **sb;	/* NULL with --no-sandbox */
	size_t nsb;
	size_t *order;		/* ring of worker numbers, nsb * DEPTH */
	size_t head, out;	/* oldest in `order`, how many are out */
	size_t next;		/* the worker the next file goes to */
	struct counts n;
};

static const char *progname = "dossier-index";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION]... --db DIR [PATH]...\n"
		"       %s --extract-only [OPTION]... [PATH]...\n"
		"Index the HTML, XML and text documents (gzip-compressed or not)\n"
		"under each PATH (files or directories; \"-\" reads paths from\n"
		"standard input, one a line) into the Dossier database DIR,\n"
		"creating it if need be.\n"
		"\n"
		"  -d, --db DIR            the database (default: $DOSSIER_DB)\n"
		"      --jsonl FILE        also index the JSON Lines records in FILE\n"
		"                          (\"-\": standard input); may be repeated\n"
		"      --extract-only      open no database: print each document as\n"
		"                          one line of JSON on standard output\n"
		"  -j, --jobs N            extract with N worker processes side by side\n"
		"                          (default: one per processor)\n"
		"  -0, --null              paths read from standard input (PATH \"-\")\n"
		"                          end with NUL, not newline\n"
		"  -c, --commit-every N    commit after every N documents (default 1000)\n"
		"  -m, --max-size BYTES    skip larger files (default 64M; K, M, G allowed)\n"
		"      --cpu-limit SECONDS CPU time per document (default 5)\n"
		"      --memory-limit BYTES  memory per document (default 1G)\n"
		"      --no-sandbox        extract in this process, without limits\n"
		"                          (for debugging)\n"
		"  -w, --wait              wait for another indexer instead of exiting\n"
		"  -v, --verbose           also report every file indexed\n"
		"  -q, --quiet             report failures only: no skipped files,\n"
		"                          warnings or summary\n"
		"  -h, --help              show this help and exit\n"
		"  -V, --version           show the version and exit\n"
		"\n"
		"Exit status: 0 done; 1 done, but some files could not be indexed;\n"
		"2 usage error; 3 database error; 4 no worker process could be\n"
		"started; 75 another indexer is running.\n",
		progname, progname);
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
	if (errno != 0 || end == s || s[0] == '-')
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

/* Parse a positive number of seconds (fractions allowed, up to a day). */
static int
parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v > 0) ||
	    v > 86400)
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

static void say(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Print a message naming a file on one line of `out`, prefixed with the
 * program's name on stderr: control characters (a newline in a file name)
 * become '?' as in every ds_error message, so one file is one line.
 */
static void
say(FILE *out, const char *fmt, ...)
{
	struct ds_error e;
	va_list ap;

	va_start(ap, fmt);
	ds_error_setv(&e, DS_EIO, fmt, ap);
	va_end(ap);
	if (out == stderr)
		fprintf(out, "%s: %s\n", progname, e.msg);
	else
		fprintf(out, "%s\n", e.msg);
}

/*
 * Index (or, with --extract-only, print) one extracted document; `name`
 * names it in messages.  Returns 0, or a negative code if the run must
 * stop (out of memory, the database or standard output failed).
 */
static int
take_doc(struct run *r, struct ds_doc *doc, const char *name)
{
	const struct options *opt = r->opt;
	struct ds_error err = {0, ""};
	int rc;

	if (doc->warning != NULL && opt->verbose >= 0)
		say(stderr, "warning: %s: %s", name, doc->warning);
	if (opt->extract_only) {
		if ((rc = ds_doc_write_json(stdout, doc, &err)) < 0 ||
		    fflush(stdout) != 0) {
			fprintf(stderr, "%s: writing standard output: %s\n",
				progname, rc < 0 ? err.msg : strerror(errno));
			r->n.failed++;
			return DS_EIO;
		}
		r->n.indexed++;
		return 0;
	}
	if ((rc = ds_index_put(r->idx, doc, &err)) < 0) {
		r->n.failed++;
		report("failed", &err);
		/* Out of memory or a broken database: stop the run. */
		return rc == DS_ENOMEM || rc == DS_EXAPIAN ? rc : 0;
	}
	r->n.indexed++;
	r->n.since_commit++;
	if (opt->verbose > 0)
		say(stdout, "indexed %s", name);
	if (r->n.since_commit >= opt->commit_every) {
		if ((rc = ds_index_commit(r->idx, &err)) < 0) {
			report("commit", &err);
			return rc;
		}
		r->n.since_commit = 0;
	}
	return 0;
}

/*
 * Count and report a document that was not extracted, one line naming
 * it: unsupported formats, documents that cannot be parsed and deliberate
 * skips as "skipped" (not failures; not with --quiet), the rest as
 * "failed" (always).
 */
static int
not_extracted(struct run *r, int rc, const struct ds_error *err)
{
	const struct options *opt = r->opt;

	if (rc == DS_EFORMAT || rc == DS_ESKIP) {
		r->n.unsupported++;
		if (opt->verbose >= 0)
			report("skipped", err);
		return 0;
	}
	r->n.failed++;
	report("failed", err);
	/* Out of memory in this process: stop the run. */
	return rc == DS_ENOMEM ? rc : 0;
}

/* An extraction's outcome `rc`: take the document, or report why not. */
static int
taken(struct run *r, int rc, struct ds_doc *doc, const struct ds_error *err,
      const char *path)
{
	return rc < 0 ? not_extracted(r, rc, err) : take_doc(r, doc, path);
}

/* Hand the oldest document out with a worker to take_doc(). */
static int
collect(struct run *r)
{
	struct ds_error err = {0, ""};
	struct ds_sandbox *sb = r->sb[r->order[r->head]];
	struct ds_doc doc;
	const char *path;
	int rc;

	r->head = (r->head + 1) % (r->nsb * DS_SANDBOX_DEPTH);
	r->out--;
	ds_doc_init(&doc);
	rc = ds_sandbox_receive(sb, &doc, &path, &err);
	rc = taken(r, rc, &doc, &err, path);
	ds_doc_release(&doc);
	return rc;
}

/* Take every document still out with the workers. */
static int
drain(struct run *r)
{
	int rc = 0;

	while (r->out > 0 && rc == 0)
		rc = collect(r);
	return rc;
}

/*
 * Extract one file and take it.  With workers, the file is handed to the
 * next one (round robin) and, when all are busy, the oldest document is
 * taken first: the workers extract while this process indexes.
 */
static int
do_file(struct run *r, const char *path)
{
	struct ds_extract_opts xo = {.max_input_bytes = r->opt->max_size};
	size_t cap = r->nsb * DS_SANDBOX_DEPTH;
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	int rc;

	if (r->nsb > 0) {
		if (r->out == cap && (rc = collect(r)) < 0)
			return rc;
		if ((rc = ds_sandbox_submit(r->sb[r->next], path, &xo,
					    &err)) < 0)
			return not_extracted(r, rc, &err);
		r->order[(r->head + r->out) % cap] = r->next;
		r->out++;
		r->next = (r->next + 1) % r->nsb;
		return 0;
	}
	ds_doc_init(&doc);
	rc = ds_extract_file(path, &xo, &doc, &err);
	rc = taken(r, rc, &doc, &err, path);
	ds_doc_release(&doc);
	return rc;
}

/*
 * Start `jobs` workers (forked now, before any database is open: see
 * sandbox.h).  Returns 0 or a negative code after a message.
 */
static int
start_workers(struct run *r, size_t jobs)
{
	struct ds_error err = {0, ""};
	size_t i;

	r->sb = calloc(jobs, sizeof *r->sb);
	r->order = calloc(jobs * DS_SANDBOX_DEPTH, sizeof *r->order);
	if (r->sb == NULL || r->order == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return DS_ENOMEM;
	}
	for (i = 0; i < jobs; i++) {
		if (ds_sandbox_new(&r->opt->limits, &r->sb[i], &err) < 0) {
			fprintf(stderr, "%s: %s (--no-sandbox extracts "
				"without a worker process)\n", progname,
				err.msg);
			return err.code;
		}
		r->nsb++;
	}
	return 0;
}

/* Stop the workers. */
static void
stop_workers(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nsb; i++)
		ds_sandbox_free(r->sb[i]);
	free(r->sb);
	free(r->order);
	r->sb = NULL;
	r->order = NULL;
	r->nsb = 0;
}

/*
 * Read the JSON Lines in `file` ("-": standard input), one document per
 * line.  Returns 0, or a negative code if the run must stop.
 */
static int
do_jsonl(struct run *r, const char *file)
{
	struct ds_jsonl_opts jo = {.max_line_bytes = r->opt->max_size};
	struct ds_jsonl *reader = NULL;
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	char where[4096];
	FILE *in;
	int rc;

	in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (in == NULL) {
		say(stderr, "%s: %s", file, strerror(errno));
		r->n.failed++;
		return 0;
	}
	if ((rc = ds_jsonl_new(in, file, &jo, &reader, &err)) < 0) {
		report("failed", &err);
		r->n.failed++;
		goto out;
	}
	ds_doc_init(&doc);
	for (;;) {
		rc = ds_jsonl_next(reader, &doc, &err);
		if (rc == 0)
			break;
		if (rc == DS_EFORMAT || rc == DS_ETOOBIG) {
			r->n.failed++;
			report("failed", &err);
			continue;
		}
		if (rc < 0) {
			r->n.failed++;
			report("failed", &err);
			rc = rc == DS_ENOMEM ? rc : 0;
			break;
		}
		snprintf(where, sizeof where, "%s:%lu", file,
			 ds_jsonl_line(reader));
		if ((rc = take_doc(r, &doc, where)) < 0)
			break;
	}
	ds_doc_release(&doc);
out:
	ds_jsonl_free(reader);
	if (in != stdin)
		fclose(in);
	return rc < 0 ? rc : 0;
}

/* fts ordering: by name, so runs are reproducible. */
static int
by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

/*
 * Walk one root (file or directory) without following symbolic links and
 * take every regular file.  Returns 0, or a negative code if the run must
 * stop.
 */
static int
walk(struct run *r, const char *root)
{
	const struct options *opt = r->opt;
	char *paths[2] = {NULL, NULL};
	char abs[PATH_MAX];
	FTS *fts;
	FTSENT *e;
	int rc = 0;

	/* Canonical absolute paths are the documents' identities. */
	if (realpath(root, abs) == NULL) {
		say(stderr, "%s: %s", root, strerror(errno));
		r->n.failed++;
		return 0;
	}
	paths[0] = abs;
	fts = fts_open(paths, FTS_PHYSICAL | FTS_NOCHDIR, by_name);
	if (fts == NULL) {
		say(stderr, "%s: %s", root, strerror(errno));
		r->n.failed++;
		return 0;
	}
	for (;;) {
		errno = 0;
		if ((e = fts_read(fts)) == NULL) {
			if (errno != 0) {
				say(stderr, "%s: %s", root, strerror(errno));
				r->n.failed++;
			}
			break;
		}
		switch (e->fts_info) {
		case FTS_F:
			rc = do_file(r, e->fts_path);
			break;
		case FTS_D:
			/* Hidden directories (.git, .svn...) are not content. */
			if (e->fts_level > 0 && e->fts_name[0] == '.')
				fts_set(fts, e, FTS_SKIP);
			break;
		case FTS_DNR:
		case FTS_ERR:
		case FTS_NS:
			say(stderr, "%s: %s", e->fts_path,
			    strerror(e->fts_errno));
			r->n.failed++;
			break;
		case FTS_SL:
		case FTS_SLNONE:
			if (opt->verbose >= 0)
				say(stderr, "skipped %s: symbolic link not "
				    "followed", e->fts_path);
			break;
		case FTS_DC:
			say(stderr, "%s: directory cycle", e->fts_path);
			break;
		default:
			/* FIFOs, sockets, devices: never opened. */
			if (e->fts_info == FTS_DEFAULT && opt->verbose >= 0)
				say(stderr, "skipped %s: not a regular file",
				    e->fts_path);
			break;
		}
		if (rc < 0)
			break;
	}
	fts_close(fts);
	return rc;
}

/*
 * The PATH "-": take the paths to index from standard input, one a line
 * (or NUL-terminated with -0, for file names holding newlines), each
 * walked like a PATH on the command line.
 */
static int
walk_stdin(struct run *r)
{
	int delim = r->opt->null_paths ? '\0' : '\n';
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	while (rc == 0 && (len = getdelim(&line, &cap, delim, stdin)) > 0) {
		if (line[len - 1] == delim)
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (memchr(line, '\0', (size_t)len) != NULL) {
			say(stderr, "standard input: a path with a NUL byte "
			    "(use -0 for NUL-separated paths)");
			r->n.failed++;
			continue;
		}
		rc = walk(r, line);
	}
	if (ferror(stdin)) {
		say(stderr, "standard input: %s", strerror(errno));
		r->n.failed++;
	}
	free(line);
	return rc;
}

/* One worker per processor the system has online. */
static size_t
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > JOBS_MAX ? JOBS_MAX : (size_t)n;
}

/* Remember one --jsonl FILE; -1 when out of memory. */
static int
add_jsonl(struct options *opt, const char *file)
{
	const char **n = realloc(opt->jsonl, (opt->njsonl + 1) * sizeof *n);

	if (n == NULL)
		return -1;
	n[opt->njsonl++] = file;
	opt->jsonl = n;
	return 0;
}

/* Parse the command line into opt; returns -1 (after a message) or the
 * index of the first PATH, or -2 when the run is over (--help). */
static int
parse_args(int argc, char **argv, struct options *opt)
{
	enum { O_JSONL = 256, O_EXTRACT_ONLY, O_NO_SANDBOX, O_CPU, O_MEM };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"jsonl", required_argument, NULL, O_JSONL},
		{"extract-only", no_argument, NULL, O_EXTRACT_ONLY},
		{"commit-every", required_argument, NULL, 'c'},
		{"max-size", required_argument, NULL, 'm'},
		{"cpu-limit", required_argument, NULL, O_CPU},
		{"memory-limit", required_argument, NULL, O_MEM},
		{"no-sandbox", no_argument, NULL, O_NO_SANDBOX},
		{"null", no_argument, NULL, '0'},
		{"jobs", required_argument, NULL, 'j'},
		{"wait", no_argument, NULL, 'w'},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}};
	int c;

	while ((c = getopt_long(argc, argv, "d:c:m:j:wvqhV0", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'd': opt->db = optarg; break;
		case O_JSONL:
			if (add_jsonl(opt, optarg) < 0) {
				fprintf(stderr, "%s: out of memory\n",
					progname);
				return -1;
			}
			break;
		case O_EXTRACT_ONLY: opt->extract_only = 1; break;
		case O_NO_SANDBOX: opt->no_sandbox = 1; break;
		case '0': opt->null_paths = 1; break;
		case 'j': {
			unsigned long jobs;

			if (parse_count(optarg, &jobs) < 0 || jobs > JOBS_MAX) {
				fprintf(stderr, "%s: --jobs: '%s' is not a "
					"number from 1 to %d\n", progname,
					optarg, JOBS_MAX);
				return -1;
			}
			opt->jobs = jobs;
			break;
		}
		case 'c':
			if (parse_count(optarg, &opt->commit_every) < 0) {
				fprintf(stderr, "%s: --commit-every: '%s' is "
					"not a positive number\n", progname,
					optarg);
				return -1;
			}
			break;
		case 'm':
			if (parse_size(optarg, &opt->max_size) < 0) {
				fprintf(stderr, "%s: --max-size: '%s' is not "
					"a size like 500K or 64M\n", progname,
					optarg);
				return -1;
			}
			break;
		case O_CPU:
			if (parse_seconds(optarg, &opt->limits.cpu_seconds) < 0) {
				fprintf(stderr, "%s: --cpu-limit: '%s' is not "
					"a number of seconds like 5 or 0.5\n",
					progname, optarg);
				return -1;
			}
			break;
		case O_MEM:
			if (parse_size(optarg, &opt->limits.memory_bytes) < 0) {
				fprintf(stderr, "%s: --memory-limit: '%s' is "
					"not a size like 512M or 1G\n",
					progname, optarg);
				return -1;
			}
			break;
		case 'w': opt->wait = 1; break;
		case 'v': opt->verbose = 1; break;
		case 'q': opt->verbose = -1; break;
		case 'h': usage(stdout); return -2;
		case 'V': printf("dossier-index %s\n", PACKAGE_VERSION);
			return -2;
		default: usage(stderr); return -1;
		}
	}
	opt->limits.wall_seconds = opt->limits.cpu_seconds * WALL_PER_CPU;
	if (opt->limits.wall_seconds < DS_SANDBOX_DEFAULT_WALL)
		opt->limits.wall_seconds = DS_SANDBOX_DEFAULT_WALL;
	if (!opt->extract_only && opt->db == NULL)
		opt->db = getenv("DOSSIER_DB");
	if (!opt->extract_only && (opt->db == NULL || opt->db[0] == '\0')) {
		fprintf(stderr, "%s: no database given: use --db DIR or set "
			"DOSSIER_DB\n", progname);
		return -1;
	}
	for (int i = optind, dash = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0)
			continue;
		for (size_t j = 0; j < opt->njsonl; j++)
			dash += strcmp(opt->jsonl[j], "-") == 0;
		if (++dash > 1) {
			fprintf(stderr, "%s: standard input can be read only "
				"once (\"-\" given twice)\n", progname);
			return -1;
		}
	}
	if (optind >= argc && opt->njsonl == 0) {
		fprintf(stderr, "%s: nothing to %s: give one or more "
			"files or directories\n", progname,
			opt->extract_only ? "extract" : "index");
		usage(stderr);
		return -1;
	}
	return optind;
}

int
main(int argc, char **argv)
{
	struct options opt = {.commit_every = 1000,
			      .max_size = DS_EXTRACT_DEFAULT_MAX_INPUT};
	struct run r = {0};
	struct ds_error err = {0, ""};
	struct timespec t0, t1;
	uint32_t total = 0;
	int first, i, rc = 0, status;
	size_t j;

	ds_sandbox_limits_init(&opt.limits);
	opt.jobs = default_jobs();
	if ((first = parse_args(argc, argv, &opt)) < 0) {
		free(opt.jsonl);
		return first == -2 ? EXIT_OK : EXIT_USAGE;
	}
	r.opt = &opt;

	ds_init();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Workers first: forked before the database is open (sandbox.h). */
	if (!opt.no_sandbox && start_workers(&r, opt.jobs) < 0) {
		status = EXIT_SANDBOX;
		goto out;
	}
	if (!opt.extract_only) {
		rc = ds_index_open(opt.db, DS_INDEX_CREATE |
				   (opt.wait ? DS_INDEX_WAIT : 0), &r.idx,
				   &err);
		if (rc < 0) {
			fprintf(stderr, "%s: %s\n", progname, err.msg);
			status = rc == DS_ELOCKED ? EXIT_LOCKED : EXIT_DATABASE;
			goto out;
		}
	}
	for (j = 0, rc = 0; j < opt.njsonl && rc == 0; j++)
		rc = do_jsonl(&r, opt.jsonl[j]);
	for (i = first; i < argc && rc == 0; i++)
		rc = strcmp(argv[i], "-") == 0 ? walk_stdin(&r)
					       : walk(&r, argv[i]);
	if (rc == 0)
		rc = drain(&r);

	if (opt.extract_only) {
		status = rc < 0 || r.n.failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
		goto out;
	}
	status = rc < 0 ? EXIT_DATABASE
			: r.n.failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
	if (rc == 0 && ds_index_doccount(r.idx, &total, &err) < 0) {
		report("database", &err);
		status = EXIT_DATABASE;
	}
	/* Only report success once the final commit has returned. */
	if (ds_index_close(r.idx, &err) < 0) {
		report("database", &err);
		status = EXIT_DATABASE;
	}
	r.idx = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (opt.verbose >= 0 && status != EXIT_DATABASE)
		printf("%s: indexed %lu document%s, %lu failed, %lu skipped "
		       "(unsupported format) in %.1f s; %s holds %lu "
		       "document%s\n",
		       progname, r.n.indexed, r.n.indexed == 1 ? "" : "s",
		       r.n.failed, r.n.unsupported,
		       (double)(t1.tv_sec - t0.tv_sec) +
			       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		       opt.db, (unsigned long)total, total == 1 ? "" : "s");
out:
	stop_workers(&r);
	ds_cleanup();
	free(opt.jsonl);
	return status;
}
