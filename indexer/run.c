/* SPDX-License-Identifier: GPL-2.0-or-later */
/* run.c: one run of dossier-index (run.h). */

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "run.h"

volatile sig_atomic_t run_stop;

/* A file out with a worker: which worker, and the document it replaces. */
struct inflight {
	size_t worker;
	uint32_t docid;		/* 0: a new file */
};

struct run {
	const struct run_opts *o;
	struct report *rep;
	struct ds_index *idx;	/* NULL with extract_only */
	struct ds_sandbox **sb;	/* NULL with no_sandbox */
	size_t nsb;
	/*
	 * The files out with the workers, oldest first: a ring of
	 * nsb * DS_SANDBOX_DEPTH, so that documents are taken in the order
	 * the files were found.
	 */
	struct inflight *ring;
	size_t head, out, next;
	struct run_counts n;
	unsigned long since_commit;
	size_t text_since_commit;
	struct timespec last_commit;
	bool started;		/* the workers were started */
	int start_failed;	/* ...and that failed: this code */
};

struct run *
run_new(const struct run_opts *o, struct report *rep)
{
	struct run *r = calloc(1, sizeof *r);

	if (r == NULL) {
		report(rep, R_ERROR, "out of memory");
		return NULL;
	}
	r->o = o;
	r->rep = rep;
	clock_gettime(CLOCK_MONOTONIC, &r->last_commit);
	return r;
}

/*
 * Start the workers, when the first file needs extracting.  They are
 * forked from this single-threaded process (the writer's builder thread
 * starts with the first document written, after this) and close every
 * descriptor they inherit, the database's and its lock's among them
 * (sandbox.h).  Returns 0 or DS_EIO/DS_ENOMEM after a message, once.
 */
static int
start_workers(struct run *r)
{
	struct ds_error err = {0, ""};
	const struct run_opts *o = r->o;
	size_t i;

	if (r->started)
		return r->start_failed;
	r->started = true;
	if (o->no_sandbox)
		return 0;
	r->sb = calloc(o->jobs, sizeof *r->sb);
	r->ring = calloc(o->jobs * DS_SANDBOX_DEPTH, sizeof *r->ring);
	if (r->sb == NULL || r->ring == NULL) {
		report(r->rep, R_ERROR, "out of memory");
		return r->start_failed = DS_ENOMEM;
	}
	for (i = 0; i < o->jobs; i++) {
		if (ds_sandbox_new(&o->limits, &r->sb[i], &err) < 0) {
			report(r->rep, R_ERROR, "%s (--no-sandbox extracts "
			       "without a worker process)", err.msg);
			return r->start_failed = err.code ? err.code : DS_EIO;
		}
		r->nsb++;
	}
	return 0;
}

bool
run_workers_failed(const struct run *r)
{
	return r->start_failed != 0;
}

void
run_attach(struct run *r, struct ds_index *idx)
{
	r->idx = idx;
}

const struct run_counts *
run_counts(const struct run *r)
{
	return &r->n;
}

void
run_free(struct run *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsb; i++)
		ds_sandbox_free(r->sb[i]);
	free(r->sb);
	free(r->ring);
	free(r);
}

/* ------------------------------------------------------------ writing */

/* Count `n` changes to the index and commit when one is due. */
static int
changed_by(struct run *r, unsigned long n)
{
	struct ds_error err = {0, ""};
	int rc;

	r->since_commit += n;
	if (r->since_commit == 0 || r->idx == NULL ||
	    (r->since_commit < r->o->commit_every &&
	     r->text_since_commit < r->o->commit_bytes &&
	     seconds_since(&r->last_commit) < r->o->commit_interval))
		return 0;
	if ((rc = ds_index_commit(r->idx, &err)) < 0) {
		report(r->rep, R_ERROR, "%s", err.msg);
		return rc;
	}
	r->since_commit = 0;
	r->text_since_commit = 0;
	clock_gettime(CLOCK_MONOTONIC, &r->last_commit);
	return 0;
}

static int
changed(struct run *r)
{
	return changed_by(r, 1);
}

/* A failure of the index itself: the run must stop. */
static int
index_failed(struct run *r, int rc, const struct ds_error *err)
{
	report(r->rep, R_ERROR, "%s", err->msg);
	return rc;
}

/* Give doc the address its file is published at (--url-prefix). */
static int
publish(struct run *r, struct ds_doc *doc, const char *path)
{
	const struct url_prefix *p;
	size_t i, n;
	char *url;

	/* The prefixes come longest first: the deepest folder wins. */
	for (i = 0; i < r->o->nprefixes; i++) {
		p = &r->o->prefixes[i];
		n = strlen(p->dir);
		if (strncmp(path, p->dir, n) != 0 || path[n] != '/')
			continue;
		if ((url = ds_url_join(p->url, path + n + 1)) == NULL)
			return DS_ENOMEM;
		free(doc->url);
		doc->url = url;
		return 0;
	}
	return 0;
}

/*
 * A document written to the index (rc 0) or not, replacing document
 * `docid` (0: a new one).  Called by the writer, in the order documents
 * were taken; it counts and says so.  take() counts the change for the
 * commit policy when it hands the document over: a commit writes all
 * that were handed over first, so it holds exactly every N.
 */
static void
written(void *ctx, const struct ds_doc *doc, uint32_t docid, int rc,
	const struct ds_error *err)
{
	struct run *r = ctx;
	const char *name = doc->path ? doc->path : doc->id;

	if (rc < 0) {
		r->n.failed++;
		report(r->rep, R_ERROR, "failed: %s", err->msg);
		return;
	}
	if (docid != 0) {
		r->n.updated++;
		report(r->rep, R_FILE, "updated %s", name);
	} else {
		r->n.added++;
		report(r->rep, R_FILE, "indexed %s", name);
	}
}

/*
 * Take one extracted document: print it (extract_only) or hand it to the
 * writer, replacing document `docid` (0: a new one); the document is
 * taken.  `path` is the file it came from (NULL for records), `name`
 * names it in messages.
 */
static int
take(struct run *r, struct ds_doc *doc, uint32_t docid, const char *path,
     const char *name)
{
	struct ds_error err = {0, ""};
	int rc;

	if (doc->warning != NULL)
		report(r->rep, R_WARN, "%s: %s", name, doc->warning);
	if (path != NULL && publish(r, doc, path) < 0) {
		report(r->rep, R_ERROR, "out of memory");
		return DS_ENOMEM;
	}
	if (r->o->extract_only) {
		if ((rc = ds_doc_write_json(stdout, doc, &err)) < 0 ||
		    fflush(stdout) != 0) {
			report(r->rep, R_ERROR, "writing standard output: %s",
			       rc < 0 ? err.msg : strerror(errno));
			r->n.failed++;
			return DS_EIO;
		}
		r->n.added++;
		return 0;
	}
	/*
	 * Built in the writer's builder thread, written in order; a failure
	 * that stops the run was reported by written() already.
	 */
	r->text_since_commit += doc->text_bytes;
	if ((rc = ds_index_put_later(r->idx, doc, docid, written, r,
				     &err)) < 0)
		return rc;
	return changed(r);
}

/*
 * A file that was not extracted.  A file that vanished meanwhile loses
 * its document; an unsupported or deliberately skipped one is a note; any
 * other failure is an error, and the document it had stays.
 */
static int
not_extracted(struct run *r, int rc, const struct ds_error *err,
	      uint32_t docid, const char *path)
{
	struct ds_error e2 = {0, ""};
	char *id;

	if (rc == DS_ENOENT && path != NULL) {
		report(r->rep, R_NOTE, "%s: vanished while being indexed",
		       path);
		if (docid == 0 || r->idx == NULL)
			return 0;
		if ((id = ds_path_identity(path)) == NULL)
			return DS_ENOMEM;
		rc = ds_index_delete_path(r->idx, id, &e2);
		free(id);
		if (rc < 0)
			return index_failed(r, rc, &e2);
		r->n.deleted++;
		report(r->rep, R_FILE, "deleted %s", path);
		return changed(r);
	}
	if (rc == DS_EFORMAT || rc == DS_ESKIP) {
		r->n.skipped++;
		report(r->rep, R_SKIP, "skipped: %s", err->msg);
		return 0;
	}
	r->n.failed++;
	report(r->rep, R_ERROR, "failed: %s", err->msg);
	/* Out of memory in this process: stop the run. */
	return rc == DS_ENOMEM ? rc : 0;
}

/* Take the oldest document out with a worker. */
static int
collect(struct run *r)
{
	struct ds_error err = {0, ""};
	struct inflight f = r->ring[r->head];
	struct ds_doc doc;
	const char *path = NULL;
	int rc;

	r->head = (r->head + 1) % (r->nsb * DS_SANDBOX_DEPTH);
	r->out--;
	ds_doc_init(&doc);
	rc = ds_sandbox_receive(r->sb[f.worker], &doc, &path, &err);
	if (rc < 0)
		rc = not_extracted(r, rc, &err, f.docid, path);
	else
		rc = take(r, &doc, f.docid, path, path);
	ds_doc_release(&doc);
	return rc;
}

int
run_drain(struct run *r)
{
	int rc = 0;

	while (r->out > 0 && rc == 0)
		rc = collect(r);
	return rc;
}

/*
 * Extract the file at `path`, which replaces document `docid` (0: none).
 * With workers, the file goes to the next one (round robin) and, when
 * all are busy, the oldest document is taken first: the workers extract
 * while this process indexes.
 */
static int
extract(struct run *r, const char *path, uint32_t docid)
{
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	size_t cap;
	int rc;

	if ((rc = start_workers(r)) < 0)
		return rc;
	cap = r->nsb * DS_SANDBOX_DEPTH;
	if (r->nsb > 0) {
		if (r->out == cap && (rc = collect(r)) < 0)
			return rc;
		if ((rc = ds_sandbox_submit(r->sb[r->next], path, &r->o->xo,
					    &err)) < 0)
			return not_extracted(r, rc, &err, docid, path);
		r->ring[(r->head + r->out) % cap] =
			(struct inflight){r->next, docid};
		r->out++;
		r->next = (r->next + 1) % r->nsb;
		return 0;
	}
	ds_doc_init(&doc);
	rc = ds_extract_file(path, &r->o->xo, &doc, &err);
	if (rc < 0)
		rc = not_extracted(r, rc, &err, docid, path);
	else
		rc = take(r, &doc, docid, path, path);
	ds_doc_release(&doc);
	return rc;
}

/*
 * Whether the file at `path` holds the bytes recorded in `old` although
 * its time moved: read and hash it.  1 (and its new stamp in *now), 0
 * when it differs or can't be read (extraction will say why).
 */
static int
same_bytes(struct run *r, const char *path, const struct ds_stamp *old,
	   struct ds_stamp *now)
{
	size_t max = r->o->xo.max_input_bytes, len;
	char *buf = NULL;

	if (ds_read_file(path, max, &buf, &len, now, NULL) < 0)
		return 0;
	free(buf);
	return now->size == old->size && now->hash == old->hash;
}

/* Consider one regular file found by the walk. */
static int
consider(struct run *r, const char *path, const struct stat *sb)
{
	struct ds_error err = {0, ""};
	struct ds_index_entry e = {0, {0, -1, 0}};
	struct ds_stamp now;
	char *id = NULL;
	int rc;

	r->n.files++;
	r->n.bytes += (uint64_t)sb->st_size;
	report_progress(r->rep, r->n.files, r->n.total, r->n.bytes);
	if (r->idx == NULL)
		return extract(r, path, 0);
	/* The path is its own identity but for odd names: no copy then. */
	if (!ds_path_is_identity(path) && (id = ds_path_identity(path)) == NULL)
		return DS_ENOMEM;
	rc = ds_index_find(r->idx, id ? id : path, &e, &err);
	free(id);
	if (rc < 0)
		return index_failed(r, rc, &err);
	if (e.docid == 0)
		return extract(r, path, 0);
	/* Kept from here on: if extraction fails, the old one stays. */
	if ((rc = ds_index_keep(r->idx, e.docid, &err)) < 0)
		return index_failed(r, rc, &err);
	if (r->o->full)
		return extract(r, path, e.docid);
	if (ds_stamp_matches_stat(&e.stamp, sb)) {
		r->n.unchanged++;
		report(r->rep, R_DETAIL, "unchanged %s", path);
		return 0;
	}
	if (e.stamp.size == (int64_t)sb->st_size &&
	    same_bytes(r, path, &e.stamp, &now)) {
		if ((rc = ds_index_restamp(r->idx, e.docid, &now, &err)) < 0)
			return index_failed(r, rc, &err);
		r->n.unchanged++;
		report(r->rep, R_DETAIL, "unchanged %s (only its time moved)",
		       path);
		return changed(r);
	}
	return extract(r, path, e.docid);
}

/*
 * A file the walk could not examine: keep what the index holds for it
 * (the sweep must not take it for a vanished file).
 */
static int
keep_as_is(struct run *r, const char *path)
{
	struct ds_error err = {0, ""};
	struct ds_index_entry e;
	char *id;
	int rc;

	if (r->idx == NULL)
		return 0;
	if ((id = ds_path_identity(path)) == NULL)
		return DS_ENOMEM;
	rc = ds_index_find(r->idx, id, &e, &err);
	free(id);
	if (rc > 0)
		rc = ds_index_keep(r->idx, e.docid, &err);
	return rc < 0 ? index_failed(r, rc, &err) : 0;
}

/* The sweep's report of one deleted document. */
static void
swept(void *ctx, const char *identity)
{
	struct run *r = ctx;

	r->n.deleted++;
	report(r->rep, R_FILE, "deleted %s", identity);
}

/* A growing list of strings (the directories a walk could not read). */
struct strings {
	char **v;
	size_t n, cap;
};

static int
strings_add(struct strings *s, const char *str)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		char **v = realloc(s->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	if ((s->v[s->n] = ds_path_identity(str)) == NULL)
		return -1;
	s->n++;
	return 0;
}

static void
strings_release(struct strings *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

void
run_count(struct run *r, const char *root)
{
	struct walk_entry e;
	char abs[PATH_MAX];
	struct walk *w;

	if (realpath(root, abs) == NULL ||
	    (w = walk_open(abs, &r->o->walk, NULL)) == NULL)
		return;
	while (!run_stop && walk_next(w, &e, NULL) > 0)
		if (e.kind == WALK_FILE)
			r->n.total++;
	walk_close(w);
}

/*
 * Delete what vanished from the walked directory `root`; `kept_before` is
 * the writer's kept count from before the walk.
 */
static int
sweep(struct run *r, const char *root, const struct strings *spare,
      unsigned long kept_before)
{
	struct ds_error err = {0, ""};
	unsigned long before = r->n.deleted;
	char *id;
	int rc;

	if ((id = ds_path_identity(root)) == NULL)
		return DS_ENOMEM;
	rc = ds_index_sweep(r->idx, id, (const char *const *)spare->v,
			    spare->n, kept_before, swept, r, &err);
	free(id);
	if (rc < 0)
		return index_failed(r, rc, &err);
	return changed_by(r, r->n.deleted - before);
}

int
run_root(struct run *r, const char *root)
{
	struct ds_error err = {0, ""};
	struct strings spare = {NULL, 0, 0};
	unsigned long kept_before = ULONG_MAX;
	struct walk_entry e;
	char abs[PATH_MAX];
	struct walk *w;
	int rc = 0, got, whole = 1;

	/* Canonical absolute paths are the documents' identities. */
	if (realpath(root, abs) == NULL) {
		report(r->rep, R_ERROR, "%s: %s", root, strerror(errno));
		r->n.failed++;
		return 0;
	}
	if ((w = walk_open(abs, &r->o->walk, &err)) == NULL) {
		report(r->rep, R_ERROR, "%s", err.msg);
		r->n.failed++;
		return 0;
	}
	/*
	 * A directory's sweep counts the documents kept during its walk:
	 * earlier roots' documents are written first, so that none of them
	 * is counted (see ds_index_sweep()).
	 */
	if (r->idx != NULL && walk_root_is_dir(w)) {
		if ((rc = ds_index_sync(r->idx, &err)) < 0) {
			walk_close(w);
			return rc;
		}
		kept_before = ds_index_kept_count(r->idx);
	}
	while (rc == 0) {
		if (run_stop) {
			whole = 0;
			break;
		}
		if ((got = walk_next(w, &e, &err)) <= 0) {
			if (got < 0) {
				report(r->rep, R_ERROR, "%s (nothing under "
				       "it is deleted this time)", err.msg);
				r->n.failed++;
				whole = 0;
			}
			break;
		}
		switch (e.kind) {
		case WALK_FILE:
			rc = consider(r, e.path, e.sb);
			break;
		case WALK_SKIP:
			r->n.skipped++;
			report(r->rep, R_SKIP, "skipped: %s: %s", e.path,
			       e.why);
			break;
		case WALK_FAIL:
			r->n.failed++;
			report(r->rep, R_ERROR, "%s: %s", e.path, e.why);
			rc = keep_as_is(r, e.path);
			break;
		case WALK_DIR_FAIL:
			r->n.failed++;
			report(r->rep, R_ERROR, "%s: %s (its documents are "
			       "kept as they are)", e.path, e.why);
			if (strings_add(&spare, e.path) < 0)
				rc = DS_ENOMEM;
			break;
		}
	}
	if (rc == DS_ENOMEM)
		report(r->rep, R_ERROR, "out of memory");
	if (rc == 0 && whole && r->idx != NULL && !r->o->no_delete &&
	    walk_root_is_dir(w))
		rc = sweep(r, abs, &spare, kept_before);
	walk_close(w);
	strings_release(&spare);
	return rc;
}

/* The longest root read from standard input. */
#define LINE_MAX_BYTES ((size_t)64 << 10)

/*
 * Roots from standard input, read with our own buffer rather than stdio:
 * before blocking for more input, the run finishes the documents in hand,
 * so a pipeline that feeds paths slowly sees each one indexed (and
 * committed, at the interval) without waiting for the next.
 */
struct lines {
	char buf[LINE_MAX_BYTES + 1];
	size_t start, len;	/* unread bytes: buf[start..start+len) */
	int eof, toolong;
	int fatal;		/* what draining returned, when it failed */
};

/*
 * Everything in hand written: the workers' documents taken and the
 * builder's written, so that none waits for input that may be long in
 * coming.
 */
static int
finish_in_hand(struct run *r)
{
	struct ds_error err = {0, ""};
	int rc;

	if ((rc = run_drain(r)) < 0 || r->idx == NULL)
		return rc;
	if ((rc = ds_index_sync(r->idx, &err)) < 0)
		report(r->rep, R_ERROR, "%s", err.msg);
	return rc;
}

/*
 * The next line (delimiter removed, NUL-terminated, borrowed) into *line
 * and its length: 1, 0 at the end, -1 on a read error or a signal, or
 * when finishing the documents in hand failed (in->fatal).
 */
static int
next_line(struct run *r, struct lines *in, int delim, char **line,
	  size_t *n)
{
	struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
	char *p;
	ssize_t got;

	for (;;) {
		p = memchr(in->buf + in->start, delim, in->len);
		if (p != NULL || (in->eof && in->len > 0)) {
			*line = in->buf + in->start;
			*n = p ? (size_t)(p - *line) : in->len;
			(*line)[*n] = '\0';
			in->start += *n + (p != NULL);
			in->len -= *n + (p != NULL);
			if (!in->toolong)
				return 1;
			in->toolong = 0;	/* the end of a line too long */
			continue;
		}
		if (in->eof)
			return 0;
		if (in->len == LINE_MAX_BYTES) {
			/* Drop what we have of it; the rest goes at its end. */
			if (!in->toolong) {
				report(r->rep, R_ERROR, "standard input: a "
				       "line longer than %zu bytes",
				       LINE_MAX_BYTES);
				r->n.failed++;
			}
			in->toolong = 1;
			in->start = in->len = 0;
		}
		memmove(in->buf, in->buf + in->start, in->len);
		in->start = 0;
		if (poll(&pfd, 1, 0) == 0 && (in->fatal = finish_in_hand(r)) < 0)
			return -1;
		got = read(STDIN_FILENO, in->buf + in->len,
			   LINE_MAX_BYTES - in->len);
		if (got < 0) {
			if (errno == EINTR && !run_stop)
				continue;
			return -1;
		}
		if (got == 0)
			in->eof = 1;
		in->len += (size_t)got;
	}
}

int
run_stdin(struct run *r)
{
	int delim = r->o->null_paths ? '\0' : '\n', got, rc = 0;
	struct lines *in = calloc(1, sizeof *in);
	char *line;
	size_t len;

	if (in == NULL) {
		report(r->rep, R_ERROR, "out of memory");
		return DS_ENOMEM;
	}
	while (rc == 0 && !run_stop &&
	       (got = next_line(r, in, delim, &line, &len)) != 0) {
		if (got < 0) {
			rc = in->fatal;
			/* A signal interrupting the read is the run stopping. */
			if (rc == 0 && !run_stop) {
				report(r->rep, R_ERROR, "standard input: %s",
				       strerror(errno));
				r->n.failed++;
			}
			break;
		}
		if (len == 0)
			continue;
		if (memchr(line, '\0', len) != NULL) {
			report(r->rep, R_ERROR, "standard input: a path with "
			       "a NUL byte (use -0 for NUL-separated paths)");
			r->n.failed++;
			continue;
		}
		rc = run_root(r, line);
	}
	free(in);
	return rc;
}

/* Take one JSON Lines record, unless the index has it as it is. */
static int
record(struct run *r, struct ds_doc *doc, const char *where)
{
	struct ds_error err = {0, ""};
	struct ds_index_entry e = {0, {0, -1, 0}};
	int rc;

	if (r->idx != NULL) {
		if ((rc = ds_index_find(r->idx, doc->id, &e, &err)) < 0)
			return index_failed(r, rc, &err);
		if (e.docid != 0 &&
		    (rc = ds_index_keep(r->idx, e.docid, &err)) < 0)
			return index_failed(r, rc, &err);
		if (e.docid != 0 && !r->o->full &&
		    e.stamp.size == doc->stamp.size &&
		    e.stamp.hash == doc->stamp.hash) {
			r->n.unchanged++;
			report(r->rep, R_DETAIL, "unchanged %s", where);
			return 0;
		}
	}
	return take(r, doc, e.docid, NULL, where);
}

int
run_jsonl(struct run *r, const char *file)
{
	struct ds_jsonl_opts jo = {.max_line_bytes = r->o->xo.max_input_bytes};
	struct ds_jsonl *reader = NULL;
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	char where[PATH_MAX + 32];
	FILE *in;
	int rc;

	in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (in == NULL) {
		report(r->rep, R_ERROR, "%s: %s", file, strerror(errno));
		r->n.failed++;
		return 0;
	}
	if ((rc = ds_jsonl_new(in, file, &jo, &reader, &err)) < 0) {
		report(r->rep, R_ERROR, "failed: %s", err.msg);
		r->n.failed++;
		goto out;
	}
	ds_doc_init(&doc);
	while (!run_stop) {
		rc = ds_jsonl_next(reader, &doc, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			r->n.failed++;
			report(r->rep, R_ERROR, "failed: %s", err.msg);
			if (rc == DS_EFORMAT || rc == DS_ETOOBIG)
				continue;
			rc = rc == DS_ENOMEM ? rc : 0;
			break;
		}
		snprintf(where, sizeof where, "%s:%lu", file,
			 ds_jsonl_line(reader));
		r->n.files++;
		if ((rc = record(r, &doc, where)) < 0)
			break;
	}
	ds_doc_release(&doc);
out:
	ds_jsonl_free(reader);
	if (in != stdin)
		fclose(in);
	return rc < 0 ? rc : 0;
}
