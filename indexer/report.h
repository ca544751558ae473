/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h: what dossier-index tells the operator.
 *
 * Every message is one line naming the file it is about (control
 * characters in names are shown as '?', so a file name can't split or
 * forge a line).  Where each kind of message goes:
 *
 *   kind         stderr                  stdout        --log FILE
 *   R_ERROR      always                  -             always
 *   R_WARN       unless --quiet          -             always
 *   R_SKIP       unless --quiet          -             always
 *   R_NOTE       with --verbose          -             always
 *   R_FILE       -                       with -v       always
 *   R_DETAIL     -                       with -vv      with -vv
 *   R_SUMMARY    -                       unless -q     always
 *
 * R_ERROR is a file that could not be indexed or a failure of the run;
 * R_WARN a document indexed with losses, or the run interrupted; R_SKIP
 * a file left out (an unsupported format, a symbolic link, a FIFO, a
 * file over --max-size), so that every file not searchable is named;
 * R_NOTE what is only of interest when looking closer (a file that
 * vanished while the run went on, a synonym table loaded); R_FILE one
 * line per document added, updated or deleted, R_DETAIL per unchanged
 * file; R_SUMMARY the line that ends the run.  Log lines start with the
 * time in UTC.
 *
 * On a terminal (standard error a tty, and not --quiet), a progress line
 * is kept at the bottom of standard error: files done out of the total
 * the walk found, files per second, megabytes per second, time left.  It
 * is redrawn at most ten times a second and cleared before any other
 * line is printed.
 */
#ifndef DOSSIER_REPORT_H
#define DOSSIER_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "dossier.h"

enum report_kind {
	R_ERROR, R_WARN, R_SKIP, R_NOTE, R_FILE, R_DETAIL, R_SUMMARY
};

struct report;

/*
 * Start reporting at `verbose` (-1 quiet, 0 default, 1 -v, 2 -vv), also
 * to the log file `log_path` (appended to; NULL: none), with a progress
 * line when `progress` and standard error is a terminal.  Returns NULL
 * with *err set when the log can't be opened.
 */
struct report *report_new(int verbose, const char *log_path, bool progress,
			  struct ds_error *err);

/* Print one message of kind `kind` (see above). */
void report(struct report *rep, enum report_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Whether a progress line is shown (so the caller counts files first). */
bool report_has_progress(const struct report *rep);

/*
 * Update the progress line: `done` of `total` files (total 0: unknown),
 * `bytes` read so far.
 */
void report_progress(struct report *rep, unsigned long done,
		     unsigned long total, uint64_t bytes);

/* Seconds since t0, a CLOCK_MONOTONIC time. */
double seconds_since(const struct timespec *t0);

/* Clear the progress line, flush, close the log and free.  Accepts NULL. */
void report_free(struct report *rep);

#endif /* DOSSIER_REPORT_H */
