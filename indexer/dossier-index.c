/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dossier-index: index documents into a Dossier database.
 *
 *   dossier-index [OPTION]... --db PATH [ROOT]...
 *   dossier-index --extract-only [OPTION]... [ROOT]...
 *
 * Reads the options, takes the indexers' lock, opens (or, with --rebuild,
 * builds aside) the database, hands each ROOT and --jsonl file to the run
 * (run.h: incremental, sandboxed, committing as it goes), and ends with
 * one summary line and an exit status that says how it went.  SIGINT,
 * SIGTERM and SIGHUP stop the run after the documents in hand: they are
 * committed, and the next run finishes the work.
 */

#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dossier.h"
#include "crash.h"
#include "report.h"
#include "run.h"

/* Exit codes (also in the man page). */
enum {
	EXIT_OK = 0,
	EXIT_SOME_FAILED = 1,	/* finished and committed, some files failed */
	EXIT_USAGE = 2,
	EXIT_DATABASE = 3,	/* the database could not be written */
	EXIT_SANDBOX = 4,	/* no worker process could be started */
	EXIT_LOCKED = 75,	/* another indexer holds the database */
	EXIT_SIGNAL = 128	/* + the signal: stopped, what was done kept */
};

/* At most this many worker processes (--jobs). */
#define JOBS_MAX 256

/* The wall-clock limit is this many times the CPU limit, at least 10 s. */
#define WALL_PER_CPU 2.0

struct options {
	struct run_opts run;
	const char *db;
	int verbose;
	bool wait, rebuild, spelling, progress;
	bool check;		/* --check: check the database first */
	bool check_only;	/* ...and nothing to index: only check */
	int compact;		/* -1 never, 0 when worth it, 1 always */
	unsigned long shards;	/* --shards N; 0: as the database is */
	const char *log;
	const char **synonyms;	/* the --synonyms FILEs */
	size_t nsynonyms;
	bool no_synonyms;
	const char **jsonl;	/* the --jsonl FILEs, in order */
	size_t njsonl;
	const char **include, **exclude;
	struct url_prefix *prefixes;
	size_t nprefixes;
};

static const char *progname = "dossier-index";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION]... --db PATH [ROOT]...\n"
		"       %s --extract-only [OPTION]... [ROOT]...\n"
		"Index the HTML, XML and text documents (gzip-compressed or not)\n"
		"under each ROOT (files or directories; \"-\" reads roots from\n"
		"standard input, one a line) into the Dossier database PATH,\n"
		"creating it if need be.  Only files that changed since the last\n"
		"run are read again; documents of files gone from a ROOT are\n"
		"deleted.\n"
		"\n"
		"  -d, --db PATH           the database (default: $DOSSIER_DB)\n"
		"      --jsonl FILE        also index the JSON Lines records in FILE\n"
		"                          (\"-\": standard input); may be repeated\n"
		"      --full              read every file again, changed or not\n"
		"      --rebuild           build a fresh database aside and switch\n"
		"                          PATH to it atomically when it is complete\n"
		"      --shards N          spread the documents over N databases\n"
		"                          (a shard set; PATH becomes a stub file\n"
		"                          naming it); to change N, with --rebuild\n"
		"      --no-delete         keep the documents of vanished files\n"
		"      --check             check the database (as xapian-check\n"
		"                          does) before writing; a damaged one is\n"
		"                          left as it is (exit 3); without a ROOT,\n"
		"                          only check (done anyway after a crash)\n"
		"      --compact           compact the database at the end (done\n"
		"                          anyway after a first build, --full or\n"
		"                          --rebuild; --no-compact: never)\n"
		"      --include GLOB      only index files matching GLOB (repeatable)\n"
		"      --exclude GLOB      leave out files and directories matching\n"
		"                          GLOB (repeatable); a GLOB with a '/' is\n"
		"                          matched against the path below the ROOT\n"
		"  -m, --max-size BYTES    skip larger files (default 64M; K, M, G)\n"
		"      --url-prefix DIR=URL  files under DIR link to URL + their\n"
		"                          path below DIR (repeatable)\n"
		"      --synonyms FILE     make the database's synonyms those of FILE\n"
		"                          (repeatable; default: the table of UK\n"
		"                          public bodies, " DS_BODIES_TABLE ")\n"
		"      --no-synonyms       leave the synonym table as it is\n"
		"      --no-spelling       don't build the spelling table\n"
		"  -j, --jobs N            extract with N worker processes side by side\n"
		"                          (default: one per processor)\n"
		"  -c, --commit-every N    commit after N changes (default 1000)\n"
		"      --commit-size BYTES  or after this much text (default 16M)\n"
		"      --commit-interval SECONDS  and at least this often\n"
		"                          (default 60)\n"
		"      --cpu-limit SECONDS CPU time per document (default 5)\n"
		"      --memory-limit BYTES  memory per document (default 1G)\n"
		"      --no-sandbox        extract in this process, without limits\n"
		"                          (for debugging)\n"
		"  -w, --wait              wait for another indexer instead of exiting\n"
		"      --extract-only      open no database: print each document as\n"
		"                          one line of JSON on standard output\n"
		"  -0, --null              roots read from standard input (ROOT \"-\")\n"
		"                          end with NUL, not newline\n"
		"      --log FILE          append every message to FILE\n"
		"      --no-progress       no progress line, even on a terminal\n"
		"  -v, --verbose           also report every document added, updated\n"
		"                          or deleted, and skipped files (-vv: also\n"
		"                          unchanged files)\n"
		"  -q, --quiet             report failures only\n"
		"  -h, --help              show this help and exit\n"
		"  -V, --version           show the version and exit\n"
		"\n"
		"Exit status: 0 done; 1 done and committed, but some files could\n"
		"not be indexed; 2 usage error; 3 database error; 4 no worker\n"
		"process could be started; 75 another indexer is running;\n"
		"128+N stopped by signal N, what was done is committed.\n",
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

/* Append `s` to the list *v of *n strings; -1 when out of memory. */
static int
push(const char ***v, size_t *n, const char *s)
{
	const char **grown = realloc(*v, (*n + 1) * sizeof *grown);

	if (grown == NULL)
		return -1;
	grown[(*n)++] = s;
	*v = grown;
	return 0;
}

/*
 * Parse --url-prefix DIR=URL into opt->prefixes: DIR made canonical (it
 * must exist), URL given a trailing '/'.  Returns 0, or -1 after a
 * message.
 */
static int
add_prefix(struct options *opt, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char dir[PATH_MAX], *d, *url;
	struct url_prefix *grown;
	size_t ulen;

	if (eq == NULL || eq == arg || eq[1] == '\0') {
		fprintf(stderr, "%s: --url-prefix: '%s' is not DIR=URL\n",
			progname, arg);
		return -1;
	}
	if ((d = strndup(arg, (size_t)(eq - arg))) == NULL)
		goto oom;
	if (realpath(d, dir) == NULL) {
		fprintf(stderr, "%s: --url-prefix: %s: %s\n", progname, d,
			strerror(errno));
		free(d);
		return -1;
	}
	free(d);
	ulen = strlen(eq + 1);
	if ((url = malloc(ulen + 2)) == NULL)
		goto oom;
	memcpy(url, eq + 1, ulen + 1);
	if (url[ulen - 1] != '/')
		memcpy(url + ulen, "/", 2);
	grown = realloc(opt->prefixes, (opt->nprefixes + 1) * sizeof *grown);
	if (grown == NULL || (grown[opt->nprefixes].dir = strdup(dir)) == NULL) {
		free(url);
		if (grown != NULL)
			opt->prefixes = grown;
		goto oom;
	}
	grown[opt->nprefixes++].url = url;
	opt->prefixes = grown;
	return 0;
oom:
	fprintf(stderr, "%s: out of memory\n", progname);
	return -1;
}

/* Longest directory first, so that the deepest folder wins. */
static int
by_depth(const void *a, const void *b)
{
	size_t x = strlen(((const struct url_prefix *)a)->dir);
	size_t y = strlen(((const struct url_prefix *)b)->dir);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* One worker per processor the system has online. */
static size_t
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > JOBS_MAX ? JOBS_MAX : (size_t)n;
}

static void
free_options(struct options *opt)
{
	size_t i;

	for (i = 0; i < opt->nprefixes; i++) {
		free(opt->prefixes[i].dir);
		free(opt->prefixes[i].url);
	}
	free(opt->prefixes);
	free(opt->jsonl);
	free(opt->synonyms);
	free(opt->include);
	free(opt->exclude);
}

#define BAD(...) do { fprintf(stderr, "%s: ", progname); \
		      fprintf(stderr, __VA_ARGS__); \
		      fputc('\n', stderr); return -1; } while (0)

/* Parse the command line into opt; returns -1 (after a message) or the
 * index of the first ROOT, or -2 when the run is over (--help). */
static int
parse_args(int argc, char **argv, struct options *opt)
{
	enum { O_JSONL = 256, O_EXTRACT_ONLY, O_NO_SANDBOX, O_CPU, O_MEM,
	       O_FULL, O_REBUILD, O_NO_DELETE, O_INCLUDE, O_EXCLUDE,
	       O_URL_PREFIX, O_SYNONYMS, O_NO_SPELLING, O_INTERVAL, O_LOG,
	       O_NO_PROGRESS, O_COMPACT, O_NO_COMPACT, O_COMMIT_SIZE,
	       O_NO_SYNONYMS, O_CHECK, O_SHARDS };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"jsonl", required_argument, NULL, O_JSONL},
		{"extract-only", no_argument, NULL, O_EXTRACT_ONLY},
		{"full", no_argument, NULL, O_FULL},
		{"rebuild", no_argument, NULL, O_REBUILD},
		{"shards", required_argument, NULL, O_SHARDS},
		{"no-delete", no_argument, NULL, O_NO_DELETE},
		{"check", no_argument, NULL, O_CHECK},
		{"include", required_argument, NULL, O_INCLUDE},
		{"exclude", required_argument, NULL, O_EXCLUDE},
		{"url-prefix", required_argument, NULL, O_URL_PREFIX},
		{"synonyms", required_argument, NULL, O_SYNONYMS},
		{"no-synonyms", no_argument, NULL, O_NO_SYNONYMS},
		{"no-spelling", no_argument, NULL, O_NO_SPELLING},
		{"commit-every", required_argument, NULL, 'c'},
		{"commit-interval", required_argument, NULL, O_INTERVAL},
		{"commit-size", required_argument, NULL, O_COMMIT_SIZE},
		{"compact", no_argument, NULL, O_COMPACT},
		{"no-compact", no_argument, NULL, O_NO_COMPACT},
		{"max-size", required_argument, NULL, 'm'},
		{"cpu-limit", required_argument, NULL, O_CPU},
		{"memory-limit", required_argument, NULL, O_MEM},
		{"no-sandbox", no_argument, NULL, O_NO_SANDBOX},
		{"null", no_argument, NULL, '0'},
		{"jobs", required_argument, NULL, 'j'},
		{"wait", no_argument, NULL, 'w'},
		{"log", required_argument, NULL, O_LOG},
		{"no-progress", no_argument, NULL, O_NO_PROGRESS},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}};
	struct run_opts *ro = &opt->run;
	unsigned long jobs;
	int c, i, dash;

	while ((c = getopt_long(argc, argv, "d:c:m:j:wvqhV0", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'd': opt->db = optarg; break;
		case O_JSONL:
			if (push(&opt->jsonl, &opt->njsonl, optarg) < 0)
				BAD("out of memory");
			break;
		case O_INCLUDE:
			if (push(&opt->include, &ro->walk.ninclude, optarg) < 0)
				BAD("out of memory");
			break;
		case O_EXCLUDE:
			if (push(&opt->exclude, &ro->walk.nexclude, optarg) < 0)
				BAD("out of memory");
			break;
		case O_URL_PREFIX:
			if (add_prefix(opt, optarg) < 0)
				return -1;
			break;
		case O_SYNONYMS:
			if (push(&opt->synonyms, &opt->nsynonyms, optarg) < 0)
				BAD("out of memory");
			break;
		case O_NO_SYNONYMS: opt->no_synonyms = true; break;
		case O_NO_SPELLING: opt->spelling = false; break;
		case O_EXTRACT_ONLY: ro->extract_only = true; break;
		case O_FULL: ro->full = true; break;
		case O_REBUILD: opt->rebuild = true; break;
		case O_SHARDS:
			if (parse_count(optarg, &opt->shards) < 0 ||
			    opt->shards > DS_SHARDSET_MAX)
				BAD("--shards: '%s' is not a number from 1 to "
				    "%d", optarg, DS_SHARDSET_MAX);
			break;
		case O_NO_DELETE: ro->no_delete = true; break;
		case O_NO_SANDBOX: ro->no_sandbox = true; break;
		case O_LOG: opt->log = optarg; break;
		case O_NO_PROGRESS: opt->progress = false; break;
		case '0': ro->null_paths = true; break;
		case 'j':
			if (parse_count(optarg, &jobs) < 0 || jobs > JOBS_MAX)
				BAD("--jobs: '%s' is not a number from 1 to %d",
				    optarg, JOBS_MAX);
			ro->jobs = jobs;
			break;
		case 'c':
			if (parse_count(optarg, &ro->commit_every) < 0)
				BAD("--commit-every: '%s' is not a positive "
				    "number", optarg);
			break;
		case O_COMPACT: opt->compact = 1; break;
		case O_NO_COMPACT: opt->compact = -1; break;
		case O_COMMIT_SIZE:
			if (parse_size(optarg, &ro->commit_bytes) < 0)
				BAD("--commit-size: '%s' is not a size like "
				    "16M", optarg);
			break;
		case O_INTERVAL:
			if (parse_seconds(optarg, &ro->commit_interval) < 0)
				BAD("--commit-interval: '%s' is not a number "
				    "of seconds like 60 or 0.5", optarg);
			break;
		case 'm':
			if (parse_size(optarg, &ro->xo.max_input_bytes) < 0)
				BAD("--max-size: '%s' is not a size like 500K "
				    "or 64M", optarg);
			break;
		case O_CPU:
			if (parse_seconds(optarg, &ro->limits.cpu_seconds) < 0)
				BAD("--cpu-limit: '%s' is not a number of "
				    "seconds like 5 or 0.5", optarg);
			break;
		case O_MEM:
			if (parse_size(optarg, &ro->limits.memory_bytes) < 0)
				BAD("--memory-limit: '%s' is not a size like "
				    "512M or 1G", optarg);
			break;
		case O_CHECK: opt->check = true; break;
		case 'w': opt->wait = true; break;
		case 'v': opt->verbose = opt->verbose < 0 ? 1 :
					 opt->verbose + 1; break;
		case 'q': opt->verbose = -1; break;
		case 'h': usage(stdout); return -2;
		case 'V': printf("dossier-index %s\n", PACKAGE_VERSION);
			return -2;
		default: usage(stderr); return -1;
		}
	}
	ro->walk.include = opt->include;
	ro->walk.exclude = opt->exclude;
	ro->walk.max_size = ro->xo.max_input_bytes;
	if (opt->nprefixes > 1)
		qsort(opt->prefixes, opt->nprefixes, sizeof *opt->prefixes,
		      by_depth);
	ro->prefixes = opt->prefixes;
	ro->nprefixes = opt->nprefixes;
	ro->limits.wall_seconds = ro->limits.cpu_seconds * WALL_PER_CPU;
	if (ro->limits.wall_seconds < DS_SANDBOX_DEFAULT_WALL)
		ro->limits.wall_seconds = DS_SANDBOX_DEFAULT_WALL;
	if (ro->extract_only && (opt->rebuild || opt->nsynonyms > 0 ||
				 opt->check || opt->shards))
		BAD("--extract-only opens no database: --rebuild, --check, "
		    "--shards and --synonyms don't go with it");
	if (opt->rebuild && opt->check)
		BAD("--rebuild reads nothing of the database it replaces: "
		    "there is nothing to --check");
	if (!ro->extract_only && opt->db == NULL)
		opt->db = getenv("DOSSIER_DB");
	if (!ro->extract_only && (opt->db == NULL || opt->db[0] == '\0'))
		BAD("no database given: use --db PATH or set DOSSIER_DB");
	/* A rebuild starts from nothing: every file is read. */
	if (opt->rebuild)
		ro->full = true;
	for (i = optind, dash = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0)
			continue;
		for (size_t j = 0; j < opt->njsonl; j++)
			dash += strcmp(opt->jsonl[j], "-") == 0;
		if (++dash > 1)
			BAD("standard input can be read only once (\"-\" "
			    "given twice)");
	}
	if (optind >= argc && opt->njsonl == 0 && opt->nsynonyms == 0 &&
	    opt->check) {
		opt->check_only = true;
		return optind;
	}
	if (optind >= argc && opt->njsonl == 0 && opt->nsynonyms == 0) {
		fprintf(stderr, "%s: nothing to %s: give one or more "
			"files or directories\n", progname,
			ro->extract_only ? "extract" : "index");
		usage(stderr);
		return -1;
	}
	return optind;
}

/* The signal that stopped the run, for the handler. */
static void
on_signal(int sig)
{
	run_stop = sig;
}

/*
 * SIGINT, SIGTERM, SIGHUP: stop after the documents in hand.  Once only:
 * a second one kills at once (the database is then at its last commit,
 * which Xapian keeps intact).
 */
static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The database state a run works on. */
struct target {
	int lock;		/* the indexers' lock (dbpath.h), or -1 */
	struct ds_rebuild rb;	/* with --rebuild */
	const char *dir;	/* what is opened: the path, or rb.aside */
};

/*
 * Check the database before writing it: with --check, or when an earlier
 * run crashed on it (`marked`, crash.h).  Holding the lock.  Returns 0
 * (sound, or none yet) or an exit status after a message.
 */
static int
check_first(const struct options *opt, bool marked, struct report *rep)
{
	struct ds_error err = {0, ""};
	int rc;

	if (marked)
		report(rep, R_WARN, "%s: an earlier run crashed on it: "
		       "checking it before writing", opt->db);
	rc = ds_dbpath_check(opt->db, &err);
	if (rc == DS_ENOENT) {
		if (opt->check_only) {
			report(rep, R_ERROR, "%s", err.msg);
			return EXIT_DATABASE;
		}
		crash_unmark(opt->db);	/* none yet: a new one is made */
		return 0;
	}
	if (rc < 0) {
		report(rep, R_ERROR, "%s; it is left as it is: build it again "
		       "with %s --rebuild --db %s ROOT...", err.msg, progname,
		       opt->db);
		return EXIT_DATABASE;
	}
	crash_unmark(opt->db);
	report(rep, opt->check_only ? R_SUMMARY : R_NOTE, "%s: checked: "
	       "sound", opt->db);
	return 0;
}

/*
 * How many shards the database will have, into *shards (0: one
 * database), holding the lock: --shards N, or as many as it has.  A new
 * shard set is built as a rebuild is (opt->rebuild is set: the path
 * becomes a stub only once the set is complete); an existing database
 * changes its number of shards only with --rebuild.  Returns 0 or an exit
 * status after a message.
 */
static int
shard_plan(struct options *opt, struct report *rep, unsigned *shards)
{
	struct ds_error err = {0, ""};
	enum ds_dbpath_kind kind;
	unsigned now = 0;
	int rc;

	if ((rc = ds_dbpath_kind(opt->db, &kind, &err)) < 0 ||
	    (kind != DS_DBPATH_MISSING &&
	     (rc = ds_shardset_size(opt->db, &now, &err)) < 0)) {
		report(rep, R_ERROR, "%s", err.msg);
		return EXIT_DATABASE;
	}
	*shards = opt->shards ? (unsigned)opt->shards : now;
	if (opt->shards == 0 || opt->shards == now || opt->rebuild)
		return 0;
	if (kind == DS_DBPATH_MISSING) {
		opt->rebuild = true;
		opt->run.full = true;
		return 0;
	}
	if (now == 0)
		report(rep, R_ERROR, "%s: one database, not %lu shards: to "
		       "spread its documents over %lu, add --rebuild",
		       opt->db, opt->shards, opt->shards);
	else
		report(rep, R_ERROR, "%s: %u shards, not %lu: to spread its "
		       "documents over %lu, add --rebuild", opt->db, now,
		       opt->shards, opt->shards);
	return EXIT_USAGE;
}

/*
 * Take the lock and open the database (a fresh one aside for
 * --rebuild).  Returns 0 or an exit status after a message.
 */
static int
open_target(struct options *opt, struct report *rep, struct target *t,
	    struct ds_index **idx)
{
	struct ds_error err = {0, ""};
	unsigned flags = DS_INDEX_CREATE | (opt->wait ? DS_INDEX_WAIT : 0) |
			 (opt->spelling ? DS_INDEX_SPELLING : 0);
	unsigned shards = 0;
	int rc;

	if (ds_dbpath_lock(opt->db, opt->wait, &t->lock, &err) < 0) {
		report(rep, R_ERROR, "%s", err.msg);
		return err.code == DS_ELOCKED ? EXIT_LOCKED : EXIT_DATABASE;
	}
	t->dir = opt->db;
	if (!opt->rebuild) {
		bool marked = crash_marked(opt->db);

		if ((opt->check || marked) &&
		    (rc = check_first(opt, marked, rep)) != 0)
			return rc;
	}
	if (opt->check_only)
		return 0;
	if ((rc = shard_plan(opt, rep, &shards)) != 0)
		return rc;
	/* What a killed compaction or rebuild left costs disk: clear it. */
	if (!opt->rebuild)
		ds_dbpath_clear_leftovers(opt->db);
	if (opt->rebuild) {
		if ((rc = ds_rebuild_begin_shards(opt->db, shards, &t->rb,
						  &err)) < 0 ||
		    (shards > 0 &&
		     (rc = ds_shardset_create(t->rb.aside, shards, &err)) < 0)) {
			report(rep, R_ERROR, "--rebuild: %s", err.msg);
			return rc == DS_ELOCKED ? EXIT_LOCKED : EXIT_DATABASE;
		}
		t->dir = t->rb.aside;
	}
	if ((rc = ds_index_open(t->dir, flags, idx, &err)) < 0) {
		report(rep, R_ERROR, "%s", err.msg);
		return rc == DS_ELOCKED ? EXIT_LOCKED : EXIT_DATABASE;
	}
	return 0;
}

/*
 * The synonym tables to load: the --synonyms FILEs, or else the installed
 * table of public bodies when it is there.  Returns how many, 0 when none
 * (no table: nothing to change).
 */
static size_t
synonym_files(const struct options *opt, const char *files[1])
{
	if (opt->no_synonyms || opt->run.extract_only)
		return 0;
	if (opt->nsynonyms > 0)
		return opt->nsynonyms;
	if (access(DS_BODIES_TABLE, R_OK) < 0)
		return 0;
	files[0] = DS_BODIES_TABLE;
	return 1;
}

/* Load the synonym tables into the database.  0 or an exit status. */
static int
load_synonyms(const struct ds_synonyms *syn, struct ds_index *idx,
	      struct report *rep, const char *file)
{
	struct ds_error err = {0, ""};
	bool changed = false;

	if (ds_index_set_synonyms(idx, (const char *const *)syn->keys,
				  (const char *const *const *)syn->syn,
				  syn->nsyn, syn->nkeys, syn->version, &changed,
				  &err) < 0) {
		report(rep, R_ERROR, "%s", err.msg);
		return EXIT_DATABASE;
	}
	if (changed)
		report(rep, R_NOTE, "%s: loaded %zu synonym keys", file,
		       syn->nkeys);
	return 0;
}

/*
 * Whether to compact the database at the end: always with --compact,
 * never with --no-compact, else after a run that wrote a whole database
 * (a first build, --full, --rebuild), whose many commits leave its
 * B-trees half full.
 */
static bool
worth_compacting(const struct options *opt, const struct run_counts *n,
		 bool fresh)
{
	if (opt->compact != 0)
		return opt->compact > 0;
	return (fresh || opt->run.full) && n->added + n->updated > 0;
}

/* Compact the database; a failure leaves it as it was, with a warning. */
static void
compact(struct report *rep, const char *db)
{
	struct ds_error err = {0, ""};
	const char *warning;

	if (ds_dbpath_compact(db, &warning, &err) < 0) {
		report(rep, R_WARN, "not compacted: %s", err.msg);
		return;
	}
	report(rep, R_NOTE, "%s: compacted", db);
	if (warning != NULL)
		report(rep, R_WARN, "%s: %s", db, warning);
}

/* The line that ends the run. */
static void
summary(struct report *rep, const struct options *opt,
	const struct run_counts *n, double secs, long total)
{
	/* Standard output holds the documents: no summary there. */
	if (opt->run.extract_only)
		return;
	report(rep, R_SUMMARY, "%s: %lu added, %lu updated, %lu deleted, "
	       "%lu unchanged, %lu failed, %lu skipped in %.1f s; %s holds "
	       "%ld document%s", progname, n->added, n->updated, n->deleted,
	       n->unchanged, n->failed, n->skipped, secs, opt->db, total,
	       total == 1 ? "" : "s");
}

int
main(int argc, char **argv)
{
	struct options opt = {
		.run = {.commit_every = 1000, .commit_interval = 60,
			.commit_bytes = (size_t)16 << 20,
			.xo = {.max_input_bytes = DS_EXTRACT_DEFAULT_MAX_INPUT}},
		.spelling = true, .progress = true};
	struct target t = {.lock = -1};
	struct ds_synonyms syn;
	const char *default_table[1] = {NULL}, **synfiles;
	size_t nsynfiles;
	struct ds_error err = {0, ""};
	struct report *rep = NULL;
	struct ds_index *idx = NULL;
	struct run *r = NULL;
	struct timespec t0;
	const char *warning;
	bool switched = false, fresh = false, want_compact;
	uint32_t total = 0;
	int first, i, rc = 0, status = EXIT_OK;
	size_t j;

	ds_synonyms_init(&syn);
	ds_sandbox_limits_init(&opt.run.limits);
	opt.run.jobs = default_jobs();
	if ((first = parse_args(argc, argv, &opt)) < 0) {
		free_options(&opt);
		return first == -2 ? EXIT_OK : EXIT_USAGE;
	}
	nsynfiles = synonym_files(&opt, default_table);
	synfiles = opt.nsynonyms > 0 ? opt.synonyms : default_table;
	if (nsynfiles > 0 &&
	    ds_synonyms_load(synfiles, nsynfiles, &syn, &err) < 0) {
		fprintf(stderr, "%s: --synonyms: %s\n", progname, err.msg);
		free_options(&opt);
		return EXIT_USAGE;
	}
	if ((rep = report_new(opt.verbose, opt.log, opt.progress, &err)) ==
	    NULL) {
		fprintf(stderr, "%s: %s\n", progname, err.msg);
		free_options(&opt);
		ds_synonyms_release(&syn);
		return EXIT_USAGE;
	}
	if (nsynfiles == 0 && !opt.no_synonyms && opt.nsynonyms == 0 &&
	    !opt.run.extract_only)
		report(rep, R_NOTE, "%s: no table of public bodies there "
		       "(make install puts it there; or give --synonyms)",
		       DS_BODIES_TABLE);
	ds_init();
	catch_signals();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((r = run_new(&opt.run, rep)) == NULL) {
		status = EXIT_DATABASE;
		goto out;
	}
	if (!opt.run.extract_only) {
		crash_guard(progname, opt.db);
		if ((status = open_target(&opt, rep, &t, &idx)) != 0 ||
		    opt.check_only)
			goto out;
		run_attach(r, idx);
		fresh = ds_index_fresh(idx);
		if (opt.run.full)
			ds_index_spelling_redone(idx);
		else if (opt.spelling && !ds_index_spelling_complete(idx))
			report(rep, R_WARN, "%s: an earlier run was stopped "
			       "before it wrote its words to the spelling "
			       "table; --full makes the table whole again",
			       opt.db);
		if (nsynfiles > 0 &&
		    (status = load_synonyms(&syn, idx, rep, synfiles[0])) != 0)
			goto out;
	}
	if (report_has_progress(rep))
		for (i = first; i < argc && !run_stop; i++)
			if (strcmp(argv[i], "-") != 0)
				run_count(r, argv[i]);
	for (j = 0; j < opt.njsonl && rc == 0 && !run_stop; j++)
		rc = run_jsonl(r, opt.jsonl[j]);
	for (i = first; i < argc && rc == 0 && !run_stop; i++)
		rc = strcmp(argv[i], "-") == 0 ? run_stdin(r)
					       : run_root(r, argv[i]);
	/* Even when stopping: the documents in hand are finished. */
	if (rc == 0)
		rc = run_drain(r);
	if (opt.run.extract_only) {
		status = run_workers_failed(r) ? EXIT_SANDBOX
			 : rc < 0 || run_counts(r)->failed > 0 ? EXIT_SOME_FAILED
			 : EXIT_OK;
		goto done;
	}
	status = run_workers_failed(r) ? EXIT_SANDBOX
		 : rc < 0 ? EXIT_DATABASE
		 : run_counts(r)->failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
	if (rc == 0 && ds_index_doccount(idx, &total, &err) < 0) {
		report(rep, R_ERROR, "%s", err.msg);
		status = EXIT_DATABASE;
	}
	/* Only report success once the final commit has returned. */
	if (ds_index_close(idx, &err) < 0) {
		report(rep, R_ERROR, "%s", err.msg);
		status = EXIT_DATABASE;
	}
	idx = NULL;
	want_compact = (status == EXIT_OK || status == EXIT_SOME_FAILED) &&
		       !run_stop && worth_compacting(&opt, run_counts(r), fresh);
	if (opt.rebuild) {
		/* Compacted before the switch: searchers see it switch once. */
		if (want_compact) {
			compact(rep, t.rb.aside);
			want_compact = false;
		}
		if (status == EXIT_DATABASE || run_stop) {
			report(rep, R_WARN, "rebuild %s: %s is unchanged",
			       run_stop ? "interrupted" : "failed", opt.db);
		} else if (ds_rebuild_switch(&t.rb, &warning, &err) < 0) {
			report(rep, R_ERROR, "%s", err.msg);
			status = EXIT_DATABASE;
		} else {
			switched = true;
			crash_unmark(opt.db);	/* a new database */
			if (warning != NULL)
				report(rep, R_WARN, "%s: %s", opt.db, warning);
		}
	}
	if (want_compact)
		compact(rep, opt.db);
done:
	if (run_stop && status != EXIT_DATABASE) {
		report(rep, R_WARN, "stopped by signal %d; what was done is "
		       "%s, and the next run goes on from there",
		       (int)run_stop, opt.run.extract_only ? "printed" :
		       "committed");
		status = EXIT_SIGNAL + (int)run_stop;
	}
	if (status != EXIT_DATABASE)
		summary(rep, &opt, run_counts(r), seconds_since(&t0),
			(long)total);
out:
	ds_index_close(idx, NULL);
	if (opt.rebuild && !switched)
		ds_rebuild_abandon(&t.rb);
	run_free(r);
	if (t.lock >= 0)
		close(t.lock);
	ds_rebuild_release(&t.rb);
	ds_cleanup();
	report_free(rep);
	ds_synonyms_release(&syn);
	free_options(&opt);
	return status;
}
