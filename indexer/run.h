/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * run.h: one run of dossier-index: files in, documents out.
 *
 * The run takes the files of each root (walk.h) and decides for each
 * whether it needs extracting: a file whose size and modification time
 * are those recorded in the index (stamp.h) is kept as it is; one whose
 * time moved but whose bytes hash the same is only restamped; any other
 * is extracted again (everything, with `full`).  Extraction happens in
 * `jobs` sandboxed worker processes side by side (sandbox.h), each with
 * at most DS_SANDBOX_DEPTH files waiting, so memory stays flat however
 * large the collection; the documents come back in the order the files
 * were found and this process, the one writer, puts them in the index.
 *
 * After a root has been walked to its end, the documents of its files
 * that were not seen again are deleted (unless `no_delete`), except under
 * the directories that could not be read this time; a root that could
 * not be walked to its end deletes nothing.  A file that fails to
 * extract keeps the document it had: nothing already indexed is lost.
 *
 * The run commits every `commit_every` changes (documents added, updated,
 * deleted or restamped), every `commit_bytes` of text written (what Xapian
 * holds in memory until a commit grows with it), or every
 * `commit_interval` seconds, whichever comes first; the last commit is the
 * caller's (ds_index_close()).  Workers are started when the first file
 * needs extracting, so a run that finds nothing changed starts none.  When
 * run_stop is set (by a signal handler), the run takes no more files,
 * collects the documents the workers have in hand, and returns: sweeping
 * is skipped, since the walk did not finish.
 */
#ifndef DOSSIER_RUN_H
#define DOSSIER_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dossier.h"
#include "report.h"
#include "walk.h"

/* --url-prefix DIR=URL: files under dir link to url + their path below. */
struct url_prefix {
	char *dir;		/* canonical absolute path */
	char *url;		/* ends with '/' */
};

struct run_opts {
	bool extract_only;	/* print documents as JSON; no index */
	bool full;		/* extract every file, changed or not */
	bool no_delete;		/* keep documents of vanished files */
	bool no_sandbox;	/* extract in this process, without limits */
	bool null_paths;	/* paths on standard input end with NUL */
	unsigned long commit_every;
	size_t commit_bytes;	/* text handed over since the last commit */
	double commit_interval;	/* seconds */
	size_t jobs;
	struct ds_sandbox_limits limits;
	struct ds_extract_opts xo;
	struct walk_opts walk;
	const struct url_prefix *prefixes;
	size_t nprefixes;
};

struct run_counts {
	unsigned long added, updated, deleted, unchanged, failed, skipped;
	unsigned long files;	/* files considered so far */
	unsigned long total;	/* files found by run_count() */
	uint64_t bytes;		/* bytes of the files considered */
};

/* Set from a signal handler: stop taking files, commit and return. */
extern volatile sig_atomic_t run_stop;

struct run;

/*
 * Start a run.  `opts` and `rep` are borrowed for the run's life.  NULL
 * after a message when out of memory.
 */
struct run *run_new(const struct run_opts *opts, struct report *rep);

/* Give the run the database writer (NULL with extract_only). */
void run_attach(struct run *r, struct ds_index *idx);

/* Count the files under `root` for the progress line. */
void run_count(struct run *r, const char *root);

/*
 * Index the files under `root` (a file or directory), then sweep it.
 * Returns 0, or a negative code when the run must stop (out of memory,
 * the database failed); failures of single files are counted.
 */
int run_root(struct run *r, const char *root);

/* Index each path read from standard input as a root. */
int run_stdin(struct run *r);

/* Index the JSON Lines records of `file` ("-": standard input). */
int run_jsonl(struct run *r, const char *file);

/* Collect the documents still with the workers.  Returns as run_root(). */
int run_drain(struct run *r);

/* Whether the workers could not be started (the run then stopped). */
bool run_workers_failed(const struct run *r);

/* The counts so far. */
const struct run_counts *run_counts(const struct run *r);

/* Stop the workers and free the run.  Accepts NULL. */
void run_free(struct run *r);

#endif /* DOSSIER_RUN_H */
