/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * crash.h: what dossier-index does when it crashes, and the run after.
 *
 * A crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) inside the indexer
 * most likely comes from libxapian reading a database damaged from
 * outside (a disk fault, a copy taken while it was written): Xapian trusts
 * what its B-tree blocks say, and a wrong length in one can corrupt the
 * heap.  Nothing committed is lost by the crash itself, but the next run
 * would crash the same way, every hour from cron.
 *
 * So a crash leaves a mark beside the database, PATH.crashed (a file
 * holding the signal's number), and says on standard error what happened
 * and what comes next.  The next run finds the mark and checks the
 * database (ds_dbpath_check()) before it writes anything: damaged, it
 * stops with a message saying to rebuild; sound, it takes the mark away
 * and goes on.  A --rebuild that switches in a new database takes it away
 * too.  kill -9 leaves no mark: Xapian's commits survive it by design.
 */
#ifndef DOSSIER_CRASH_H
#define DOSSIER_CRASH_H

#include <stdbool.h>

/*
 * Catch the crash signals for a run that writes database `db` (kept, not
 * copied: it must outlive the run).  The handler writes the message and
 * the mark (async-signal-safe calls only), then dies of the same signal,
 * so that the exit status still says what happened.  Under
 * AddressSanitizer it leaves SIGSEGV and SIGBUS to ASan's own report.
 */
void crash_guard(const char *program, const char *db);

/* Whether a run that crashed left its mark beside database `db`. */
bool crash_marked(const char *db);

/* Take the mark away (the database was checked, or replaced). */
void crash_unmark(const char *db);

#endif /* DOSSIER_CRASH_H */
