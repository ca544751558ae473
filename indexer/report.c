/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report.c: messages, the log and the progress line (report.h). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report.h"

struct report {
	int verbose;
	FILE *log;
	bool progress;
	bool drawn;		/* a progress line is on the screen */
	struct timespec start, last_draw;
};

static const char progname[] = "dossier-index";

double
seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

struct report *
report_new(int verbose, const char *log_path, bool progress,
	   struct ds_error *err)
{
	struct report *rep = calloc(1, sizeof *rep);
	int fd;

	if (rep == NULL) {
		ds_error_set(err, DS_ENOMEM, "out of memory");
		return NULL;
	}
	rep->verbose = verbose;
	rep->progress = progress && verbose >= 0 && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &rep->start);
	if (log_path != NULL) {
		fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
			  O_NOCTTY, 0644);
		if (fd < 0 || (rep->log = fdopen(fd, "a")) == NULL) {
			ds_error_set(err, DS_EIO, "--log %s: %s", log_path,
				     strerror(errno));
			if (fd >= 0)
				close(fd);
			free(rep);
			return NULL;
		}
		setvbuf(rep->log, NULL, _IOLBF, 0);
	}
	return rep;
}

bool
report_has_progress(const struct report *rep)
{
	return rep->progress;
}

/* Take the progress line off the screen. */
static void
clear_progress(struct report *rep)
{
	if (rep->drawn) {
		fputs("\r\033[K", stderr);
		rep->drawn = false;
	}
}

static const char *const log_level[] = {
	[R_ERROR] = "error", [R_WARN] = "warning", [R_SKIP] = "skipped",
	[R_NOTE] = "note",
	[R_FILE] = "file", [R_DETAIL] = "file", [R_SUMMARY] = "summary",
};

void
report(struct report *rep, enum report_kind kind, const char *fmt, ...)
{
	struct ds_error line;
	va_list ap;
	int to_err, to_out, to_log;

	to_err = kind == R_ERROR ||
		 ((kind == R_WARN || kind == R_SKIP) && rep->verbose >= 0) ||
		 (kind == R_NOTE && rep->verbose >= 1);
	to_out = (kind == R_FILE && rep->verbose >= 1) ||
		 (kind == R_DETAIL && rep->verbose >= 2) ||
		 (kind == R_SUMMARY && rep->verbose >= 0);
	to_log = rep->log != NULL && (kind != R_DETAIL || rep->verbose >= 2);
	/* Most lines of a quiet run go nowhere: don't even format them. */
	if (!to_err && !to_out && !to_log)
		return;
	/* ds_error's formatting keeps it one line, whatever the names hold. */
	va_start(ap, fmt);
	ds_error_setv(&line, DS_EIO, fmt, ap);
	va_end(ap);
	if (to_err || to_out)
		clear_progress(rep);
	if (to_err)
		fprintf(stderr, "%s: %s%s\n", progname,
			kind == R_WARN ? "warning: " : "", line.msg);
	if (to_out) {
		printf("%s\n", line.msg);
		fflush(stdout);
	}
	if (to_log) {
		char when[32];
		struct tm tm;
		time_t now = time(NULL);

		gmtime_r(&now, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(rep->log, "%s %s %s\n", when, log_level[kind],
			line.msg);
	}
}

void
report_progress(struct report *rep, unsigned long done, unsigned long total,
		uint64_t bytes)
{
	double t, rate, mbs;
	char eta[32] = "";

	if (!rep->progress)
		return;
	if (rep->drawn && seconds_since(&rep->last_draw) < 0.1 &&
	    (total == 0 || done < total))
		return;
	clock_gettime(CLOCK_MONOTONIC, &rep->last_draw);
	t = seconds_since(&rep->start);
	rate = t > 0 ? (double)done / t : 0;
	mbs = t > 0 ? (double)bytes / 1e6 / t : 0;
	if (total > 0 && rate > 0 && done <= total) {
		unsigned long left = (unsigned long)((double)(total - done) /
						     rate + 0.5);

		snprintf(eta, sizeof eta, "  ETA %lu:%02lu", left / 60,
			 left % 60);
	}
	if (total > 0)
		fprintf(stderr, "\r%lu/%lu files %3.0f%%  %.0f files/s  "
			"%.1f MB/s%s\033[K", done, total,
			100.0 * (double)done / (double)total, rate, mbs, eta);
	else
		fprintf(stderr, "\r%lu files  %.0f files/s  %.1f MB/s\033[K",
			done, rate, mbs);
	fflush(stderr);
	rep->drawn = true;
}

void
report_free(struct report *rep)
{
	if (rep == NULL)
		return;
	clear_progress(rep);
	fflush(stdout);
	if (rep->log != NULL)
		fclose(rep->log);
	free(rep);
}
