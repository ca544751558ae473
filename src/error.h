/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * error.h: how libdossier reports failure.
 *
 * Every fallible function returns 0 (or a count) on success and a negative
 * DS_E* code on failure.  It also takes an optional, caller-owned
 * `struct ds_error *` (NULL allowed) that receives the code and a message
 * naming what failed: the file, the parameter, Xapian's exception class.
 * Filling it never allocates, so the error path works when memory is gone.
 * The library never exits, aborts or prints: the programs decide what to do.
 */
#ifndef DOSSIER_ERROR_H
#define DOSSIER_ERROR_H

#include <stdarg.h>

enum ds_status {
	DS_OK = 0,
	DS_ENOMEM = -1,		/* out of memory */
	DS_EINVAL = -2,		/* a bad argument, option or parameter */
	DS_EIO = -3,		/* reading or writing failed */
	DS_ENOENT = -4,		/* a file or database that doesn't exist */
	DS_EFORMAT = -5,	/* input that can't be parsed or isn't supported */
	DS_ETOOBIG = -6,	/* input beyond a configured limit */
	DS_EQUERY = -7,		/* a query that can't be parsed */
	DS_EXAPIAN = -8,	/* any other failure inside Xapian */
	DS_ELOCKED = -9,	/* the database is locked by another writer */
	DS_EBUSY = -10,		/* the database kept changing under a reader */
	DS_ESKIP = -11,		/* not an error: the input was deliberately skipped */
	DS_EINTERNAL = -12,	/* a bug: a broken invariant */
	DS_EUNAVAIL = -13	/* a remote shard did not answer */
};

struct ds_error {
	int code;		/* enum ds_status, negative; 0 when unset */
	char msg[512];		/* what failed and why, one line, UTF-8 */
};

/*
 * Record an error: sets err->code and formats err->msg (truncated to fit,
 * control characters replaced so the message stays one line).  `err` may be
 * NULL.  Returns `code`, so a failing function can `return ds_error_set(...)`.
 */
int ds_error_set(struct ds_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ds_error_setv(struct ds_error *err, int code, const char *fmt,
		  va_list ap) __attribute__((format(printf, 3, 0)));

/*
 * Prefix err->msg with "context: " (e.g. the file name once it is known).
 * Does nothing when err is NULL or holds no error.
 */
void ds_error_prefix(struct ds_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reset to "no error". */
void ds_error_clear(struct ds_error *err);

/* A short, static description of a DS_E* code ("out of memory"). */
const char *ds_strerror(int code);

#endif /* DOSSIER_ERROR_H */
