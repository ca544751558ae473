/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sandbox.h: extracting documents in a worker process, under CPU, memory
 * and wall-clock limits, so that a hostile file costs one document, never
 * the run (RELIABILITY.md 2.1 and 2.5; Omega runs its filters the same way).
 *
 * A sandbox is one long-lived worker process, forked when the sandbox is
 * made and connected to it by a socketpair.  For each document the parent
 * sends a request (a path and the extract options); the worker sets its
 * limits, runs ds_extract_file() and sends back the struct ds_doc encoded
 * by docwire.h, or the error.  The parent never trusts those bytes: frames
 * are capped and the document is validated as it is decoded.
 *
 * Limits, per document:
 *  - CPU time: before each document the worker sets RLIMIT_CPU's soft
 *    limit to the CPU time it has used so far plus the limit (rounded up
 *    to whole seconds, as RLIMIT_CPU counts them) and arms a CPU-time timer
 *    for the exact limit; either one raises SIGXCPU, which kills it.
 *  - Memory: RLIMIT_AS, set once when the worker starts, to the address
 *    space it inherited from the parent plus the limit, so the limit
 *    measures what extraction allocates, not the parent's libraries and
 *    heap.  Allocations beyond it fail, extraction returns DS_ENOMEM, and
 *    the parent reports "out of memory".  Not set under AddressSanitizer,
 *    which reserves terabytes of address space (see
 *    ds_sandbox_can_limit_memory()).
 *  - Wall clock: the parent waits for the answer with poll(); when the
 *    time is up it kills the worker with SIGKILL.
 *
 * A worker that dies (killed by a limit, crashed, or gone silent) costs
 * the document it was working on: ds_sandbox_extract() returns an error
 * naming the file and the reason ("CPU time limit of 5 s exceeded",
 * "killed by signal 11 (crashed)", "out of memory (limit 1 GiB)", "no
 * answer within 10 s"), reaps the worker, and the next call starts a fresh
 * one.  A worker found dead before it was sent anything is replaced
 * without costing a document.
 *
 * Fork safety.  The worker is a fork() of the calling process without
 * exec.  Make sandboxes before starting threads; a database may be open
 * (the worker closes every descriptor it inherits at once, so it holds
 * no database and no lock).  A replacement worker is forked from whichever
 * thread calls ds_sandbox_extract(); that is safe as far as glibc makes
 * malloc safe after fork and libxml2 was initialised before (ds_init()),
 * but a lock another thread held at that moment stays held in the worker:
 * the worker would hang, be killed by the wall-clock limit, and cost that
 * one document.  The worker never touches Xapian or jansson (their state
 * may be inconsistent in a child of a threaded process), never writes to
 * standard output (its stdin and stdout are /dev/null; stderr is kept for
 * sanitizer reports), closes every other descriptor it inherited (so it
 * holds no database lock and no other sandbox's socket), dies with its
 * parent (PR_SET_PDEATHSIG on Linux; note it follows the forking thread)
 * and leaves only through _exit(), so it never flushes the parent's stdio
 * buffers.  It ignores SIGINT, SIGTERM and SIGHUP: ^C on a terminal
 * reaches the whole process group, and the parent finishes the documents
 * the workers hold before it stops.
 *
 * Pipelining.  ds_sandbox_submit() may queue up to DS_SANDBOX_DEPTH
 * documents before ds_sandbox_receive() collects the oldest, so that the
 * worker extracts the next document while the caller indexes (or prints)
 * the last one.  The answers come back in the order asked.  When a worker
 * dies, the document it was on is blamed and the ones queued behind it
 * are asked again of the next worker.
 *
 * Several sandboxes can be used side by side, one per thread: a sandbox
 * itself is not thread-safe.  The parent reaps only its own workers, by
 * pid, never with wait(-1).
 */
#ifndef DOSSIER_SANDBOX_H
#define DOSSIER_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "doc.h"
#include "error.h"
#include "extract.h"

/*
 * How many documents one sandbox can have waiting (see Pipelining).  Four
 * rather than two: documents vary a hundredfold in size, and with several
 * workers a long one otherwise holds up the others' answers (measured on
 * the Canada laws corpus: 10-20% faster).
 */
#define DS_SANDBOX_DEPTH 4

/* Defaults of ds_sandbox_limits_init(). */
#define DS_SANDBOX_DEFAULT_CPU 5.0		/* seconds per document */
#define DS_SANDBOX_DEFAULT_WALL 10.0		/* seconds per document */
#define DS_SANDBOX_DEFAULT_MEMORY ((size_t)1 << 30)	/* 1 GiB */

/* Zero means "no limit" for each field. */
struct ds_sandbox_limits {
	double cpu_seconds;	/* CPU time per document */
	double wall_seconds;	/* real time per document */
	size_t memory_bytes;	/* address space the worker may add */
};

struct ds_sandbox;

/* Fill `lim` with the defaults (5 s CPU, 10 s wall clock, 1 GiB). */
void ds_sandbox_limits_init(struct ds_sandbox_limits *lim);

/*
 * Whether this build can limit a worker's memory (false under
 * AddressSanitizer).
 */
bool ds_sandbox_can_limit_memory(void);

/*
 * Make a sandbox with the limits `lim` (NULL: the defaults) and fork its
 * worker.  Returns 0 and a new sandbox in *out (free it with
 * ds_sandbox_free()), or DS_EINVAL for negative or NaN limits, DS_EIO
 * when the socketpair or fork fails, DS_ENOMEM.
 */
int ds_sandbox_new(const struct ds_sandbox_limits *lim,
		   struct ds_sandbox **out, struct ds_error *err);

/*
 * Extract the file at `path` with `opts` (may be NULL) in the worker, as
 * ds_extract_file() would.  `doc` must be initialised; it is released
 * first and, on success, holds the document.  Returns what the extraction
 * returned (its errors unchanged, except that running out of memory in the
 * worker is DS_ETOOBIG "out of memory (limit ...)"), or DS_ETOOBIG when a
 * CPU or wall-clock limit killed the worker, DS_EINTERNAL when it crashed
 * or answered nonsense, DS_EIO when no worker could be started.  Messages
 * start with the path.
 */
int ds_sandbox_extract(struct ds_sandbox *sb, const char *path,
		       const struct ds_extract_opts *opts, struct ds_doc *doc,
		       struct ds_error *err);

/*
 * Queue the file at `path` (copied) for extraction with `opts` (may be
 * NULL) and hand it to the worker.  At most DS_SANDBOX_DEPTH may wait
 * (DS_EINVAL beyond); DS_EIO when no worker could be started.
 */
int ds_sandbox_submit(struct ds_sandbox *sb, const char *path,
		      const struct ds_extract_opts *opts,
		      struct ds_error *err);

/* How many submitted documents have not been received yet. */
size_t ds_sandbox_pending(const struct ds_sandbox *sb);

/*
 * Collect the oldest submitted document, with the same results as
 * ds_sandbox_extract().  *path (may be NULL) receives its path, borrowed
 * until the next call on the sandbox.  DS_EINVAL when nothing waits.
 */
int ds_sandbox_receive(struct ds_sandbox *sb, struct ds_doc *doc,
		       const char **path, struct ds_error *err);

/* The current worker's pid, or -1 when there is none (for tests). */
pid_t ds_sandbox_pid(const struct ds_sandbox *sb);

/* How many workers this sandbox has started, the first one included. */
unsigned long ds_sandbox_starts(const struct ds_sandbox *sb);

/*
 * Stop the worker (it exits when its socket closes; SIGKILL after a
 * second), reap it and free the sandbox.  Accepts NULL.
 */
void ds_sandbox_free(struct ds_sandbox *sb);

#endif /* DOSSIER_SANDBOX_H */
