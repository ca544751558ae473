/* SPDX-License-Identifier: GPL-2.0-or-later */
/* index.c: the database writer. */

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "dbpath.h"
#include "hash.h"
#include "index.h"
#include "layout.h"
#include "shardset.h"
#include "stub.h"
#include "xapian-c.h"

/*
 * Words for the spelling table, counted here and handed to Xapian once
 * per distinct word, at the end of the run (or when SPELLING_BATCH words
 * wait), not per document nor at each commit: every commit that touches
 * the spelling table rewrites, zlib-compressed, each n-gram list a new
 * word joins, and on the Debian HTML corpus that made spelling 30% of the
 * indexer's work when written at every commit of 250 documents, 17% when
 * only words of letters were counted.  An open addressing table, keys
 * owned.
 */
struct spelling {
	char **word;
	uint32_t *count;
	size_t cap, n;		/* cap: a power of two */
};

/* One document on its way through the builder thread (index.h). */
struct job {
	struct ds_doc doc;
	uint32_t tag;
	ds_index_done_fn *done;
	void *ctx;
	struct xapian_document *xd;	/* built (NULL until then, or on error) */
	char *id;			/* its unique id term */
	int rc;
	struct ds_error err;
};

/*
 * The builder: a ring of jobs, counted with ever-growing indices (slot =
 * index % DS_INDEX_BUILD_DEPTH).  head <= next <= tail: [head, next) are
 * built and wait to be written by the writer's thread, [next, tail) wait
 * to be built by the builder thread, which touches only job `next`.
 */
struct builder {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work;		/* a job to build, or quit */
	pthread_cond_t built;		/* job `next - 1` was built */
	struct job ring[DS_INDEX_BUILD_DEPTH];
	size_t head, next, tail;
	bool quit;
	struct ds_catalog *catalog;	/* the builder thread's own */
	bool spelling;			/* count the words of what it builds */
	/*
	 * The builder thread's own count of words for the spelling table:
	 * read by the writer's thread only when the builder is idle (after
	 * ds_index_sync(), under the lock).
	 */
	struct spelling spell;
};

struct ds_index {
	char *path;
	unsigned flags;
	struct xapian_writable_database *wdb;
	struct xapian_database *db;	/* wdb's reading side (borrowed) */
	struct ds_catalog *catalog;
	uint64_t *kept;			/* bit per docid: kept this run */
	size_t kept_words;
	unsigned long nkept;		/* bits set in `kept` */
	struct spelling spell;
	bool spelling_marked;		/* META_SPELLING says "incomplete" */
	bool spelling_was_complete;	/* ...and didn't when we opened it */
	struct builder *builder;	/* started by ds_index_put_later() */
	bool broken;			/* a write failed: no more writing */
	bool fresh;			/* no document had ever been added */
	/*
	 * Several databases written as one (a shard set, or a stub listing
	 * several): nmembers of them, documents placed in members
	 * [first_shard, nmembers) by ds_shardset_pick(), each member's
	 * next document id (its own numbering) in next_id.
	 */
	size_t nmembers;
	size_t first_shard;
	uint32_t *next_id;
};

/* The metadata key holding the version of the loaded synonym table. */
#define META_SYNONYMS "dossier.synonyms"

/*
 * "incomplete" while documents are committed whose words are not yet in
 * the spelling table (a run killed then leaves it so: see
 * ds_index_spelling_complete()).
 */
#define META_SPELLING "dossier.spelling"

/* Write the waiting words out when this many are waiting. */
#define SPELLING_BATCH 200000

/* Report a binding error about the database, naming it. */
static int
fail(struct ds_error *err, const struct xapian_error *xe, const char *path,
     const char *doing)
{
	int code = DS_EXAPIAN;

	switch (xe->code) {
	case XAPIAN_E_NO_MEMORY:
		code = DS_ENOMEM;
		break;
	case XAPIAN_E_DATABASE_LOCK:
		return ds_error_set(err, DS_ELOCKED,
				    "%s: another indexer is writing to this "
				    "database (%s)", path, xe->message);
	case XAPIAN_E_DATABASE_NOT_FOUND:
		code = DS_ENOENT;
		break;
	}
	return ds_error_set(err, code, "%s: %s: %s: %s", path, doing,
			    xe->type, xe->message);
}

/* Whether the spelling table was left incomplete by an earlier run. */
static int
read_spelling_mark(struct ds_index *idx, struct ds_error *err)
{
	struct xapian_error xe;
	size_t len = 0;
	char *v;

	v = xapian_database_get_metadata(idx->db, META_SPELLING, &len, &xe);
	if (v == NULL)
		return fail(err, &xe, idx->path, "reading metadata");
	idx->spelling_marked = len > 0;
	idx->spelling_was_complete = len == 0;
	free(v);
	return 0;
}

bool
ds_index_spelling_complete(const struct ds_index *idx)
{
	return idx->spelling_was_complete;
}

void
ds_index_spelling_redone(struct ds_index *idx)
{
	idx->spelling_was_complete = true;
}

/* Set or clear META_SPELLING (pending until the next commit). */
static int
mark_spelling(struct ds_index *idx, bool incomplete, struct ds_error *err)
{
	struct xapian_error xe;
	const char *v = incomplete ? "incomplete" : "";

	if (idx->spelling_marked == incomplete)
		return 0;
	if (xapian_writable_database_set_metadata(idx->wdb, META_SPELLING, v,
						  strlen(v), &xe) < 0)
		return fail(err, &xe, idx->path, "writing metadata");
	idx->spelling_marked = incomplete;
	return 0;
}

/*
 * Record the layout's version, unless it is there already (a run that
 * changes nothing must not make a revision), and whether the database
 * was new: no document was ever added to it.
 */
static int
write_schema(struct ds_index *idx, struct ds_error *err)
{
	struct xapian_error xe;
	xapian_docid last = 0;
	size_t len = 0;
	char *v;
	int same;

	if (xapian_database_get_lastdocid(idx->db, &last, &xe) < 0)
		return fail(err, &xe, idx->path, "reading the database");
	idx->fresh = last == 0;
	v = xapian_database_get_metadata(idx->db, DS_META_SCHEMA, &len, &xe);
	if (v == NULL)
		return fail(err, &xe, idx->path, "reading metadata");
	same = strcmp(v, DS_SCHEMA_VERSION) == 0;
	free(v);
	if (!same && xapian_writable_database_set_metadata(
			     idx->wdb, DS_META_SCHEMA, DS_SCHEMA_VERSION,
			     strlen(DS_SCHEMA_VERSION), &xe) < 0)
		return fail(err, &xe, idx->path, "writing metadata");
	return 0;
}

bool
ds_index_fresh(const struct ds_index *idx)
{
	return idx->fresh;
}

/*
 * Whether opening `path` failed because it is a directory where a
 * database was being created but never committed: no revision file.
 */
static bool
never_committed(const char *path, const struct xapian_error *xe)
{
	struct stat sb;
	size_t n = strlen(path) + 10;
	char *version;
	bool none;

	if (xe->code != XAPIAN_E_DATABASE_NOT_FOUND &&
	    xe->code != XAPIAN_E_DATABASE_OPENING)
		return false;
	if (stat(path, &sb) < 0 || !S_ISDIR(sb.st_mode) ||
	    (version = malloc(n)) == NULL)
		return false;
	snprintf(version, n, "%s/iamglass", path);
	none = lstat(version, &sb) < 0 && errno == ENOENT;
	free(version);
	return none;
}

/*
 * Several databases opened as one: where new documents go, and each
 * one's next document id (read from each as last committed: the write
 * lock, held, keeps them so).
 */
static int
open_members(struct ds_index *idx, struct ds_error *err)
{
	struct ds_shard_list list;
	struct xapian_database *db;
	struct xapian_error xe;
	xapian_docid last;
	unsigned set = 0;
	size_t i;
	int rc;

	idx->nmembers = xapian_database_shard_count(idx->db);
	if (idx->nmembers <= 1)
		return 0;
	if ((rc = ds_shardset_size(idx->path, &set, err)) < 0 ||
	    (rc = ds_shard_list_read(idx->path, &list, err)) < 0)
		goto out;
	if (list.n != idx->nmembers || list.nremote > 0) {
		rc = ds_error_set(err, DS_EINVAL, "%s: lists %zu databases, "
				  "of which Xapian opened %zu", idx->path,
				  list.n, idx->nmembers);
		goto out;
	}
	/* A set's lexicon holds no documents; in other stubs all do. */
	idx->first_shard = set > 0 ? 1 : 0;
	if ((idx->next_id = calloc(list.n, sizeof *idx->next_id)) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < list.n; i++) {
		if ((db = xapian_database_open(list.shard[i].path, &xe)) ==
			    NULL ||
		    xapian_database_get_lastdocid(db, &last, &xe) < 0) {
			xapian_database_free(db);
			rc = fail(err, &xe, list.shard[i].path,
				  "reading a shard");
			goto out;
		}
		xapian_database_free(db);
		idx->next_id[i] = last + 1;
	}
out:
	ds_shard_list_release(&list);
	return rc;
}

int
ds_index_open(const char *path, unsigned flags, struct ds_index **out,
	      struct ds_error *err)
{
	struct ds_index *idx;
	struct xapian_error xe;
	int xflags, rc;

	*out = NULL;
	idx = calloc(1, sizeof *idx);
	if (idx == NULL || (idx->path = strdup(path)) == NULL) {
		free(idx);
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	}
	idx->flags = flags;
	xflags = (flags & DS_INDEX_CREATE) ? XAPIAN_DB_CREATE_OR_OPEN
					   : XAPIAN_DB_OPEN;
	if (flags & DS_INDEX_WAIT)
		xflags |= XAPIAN_DB_RETRY_LOCK;
	idx->wdb = xapian_writable_database_open(path, xflags, &xe);
	if (idx->wdb == NULL && (flags & DS_INDEX_CREATE) &&
	    never_committed(path, &xe)) {
		/*
		 * Killed while it was being made (LUCENE-4738's lesson):
		 * Xapian's files without a revision hold nothing, and block
		 * creating it again.  Clear them and start afresh.
		 */
		ds_dbpath_remove(path, NULL);
		idx->wdb = xapian_writable_database_open(path, xflags, &xe);
	}
	if (idx->wdb == NULL) {
		rc = fail(err, &xe, path, "opening for writing");
		goto fail;
	}
	idx->db = xapian_writable_database_database(idx->wdb);
	if ((rc = open_members(idx, err)) < 0 ||
	    (rc = read_spelling_mark(idx, err)) < 0 ||
	    (rc = write_schema(idx, err)) < 0)
		goto fail;
	idx->catalog = ds_catalog_new("english", err);
	if (idx->catalog == NULL) {
		rc = err ? err->code : DS_ENOMEM;
		goto fail;
	}
	*out = idx;
	return 0;
fail:
	xapian_writable_database_free(idx->wdb);
	free(idx->next_id);
	free(idx->path);
	free(idx);
	return rc;
}

/* The stamp stored in document `docid` (unknown when absent). */
static int
read_stamp(struct ds_index *idx, uint32_t docid, struct ds_stamp *st,
	   struct ds_error *err)
{
	struct xapian_document *xd;
	struct xapian_error xe;
	size_t len = 0;
	char *v;

	ds_stamp_init(st);
	xd = xapian_database_get_document(idx->db, docid, &xe);
	if (xd == NULL)
		return fail(err, &xe, idx->path, "reading a document");
	v = xapian_document_get_value(xd, DS_SLOT_STAMP, &len, &xe);
	xapian_document_free(xd);
	if (v == NULL)
		return fail(err, &xe, idx->path, "reading a document's stamp");
	ds_stamp_decode(v, len, st);
	free(v);
	return 0;
}

/* The first document indexed by `term` into *docid (0: none). */
static int
first_posting(struct ds_index *idx, const char *term, uint32_t *docid,
	      struct ds_error *err)
{
	struct xapian_postlist_iterator *it;
	struct xapian_error xe;
	xapian_docid d = 0;
	int rc;

	*docid = 0;
	it = xapian_database_postlist(idx->db, term, &xe);
	if (it == NULL)
		return fail(err, &xe, idx->path, "looking up a document");
	rc = xapian_postlist_iterator_next(it, &d, NULL, &xe);
	xapian_postlist_iterator_free(it);
	if (rc < 0)
		return fail(err, &xe, idx->path, "looking up a document");
	*docid = rc > 0 ? d : 0;
	return 0;
}

int
ds_index_find(struct ds_index *idx, const char *identity,
	      struct ds_index_entry *out, struct ds_error *err)
{
	char *term = ds_catalog_id_term(identity);
	int rc;

	out->docid = 0;
	ds_stamp_init(&out->stamp);
	if (term == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	rc = first_posting(idx, term, &out->docid, err);
	free(term);
	if (rc < 0 || out->docid == 0)
		return rc;
	if ((rc = read_stamp(idx, out->docid, &out->stamp, err)) < 0)
		return rc;
	return 1;
}

int
ds_index_keep(struct ds_index *idx, uint32_t docid, struct ds_error *err)
{
	size_t word = docid / 64;

	if (word >= idx->kept_words) {
		size_t n = idx->kept_words ? idx->kept_words : 1024;
		uint64_t *k;

		while (n <= word)
			n *= 2;
		if ((k = realloc(idx->kept, n * sizeof *k)) == NULL)
			return ds_error_set(err, DS_ENOMEM, "out of memory");
		memset(k + idx->kept_words, 0,
		       (n - idx->kept_words) * sizeof *k);
		idx->kept = k;
		idx->kept_words = n;
	}
	if (!(idx->kept[word] >> (docid % 64) & 1)) {
		idx->kept[word] |= UINT64_C(1) << (docid % 64);
		idx->nkept++;
	}
	return 0;
}

unsigned long
ds_index_kept_count(const struct ds_index *idx)
{
	return idx->nkept;
}

/* How many terms start with `prefix`, into *n. */
static int
count_terms(struct ds_index *idx, const char *prefix, unsigned long *n,
	    struct ds_error *err)
{
	struct xapian_term_iterator *terms;
	struct xapian_error xe;
	int rc;

	*n = 0;
	if ((terms = xapian_database_allterms(idx->db, prefix, &xe)) == NULL)
		return fail(err, &xe, idx->path, "listing documents");
	while ((rc = xapian_term_iterator_next(terms, NULL, NULL, &xe)) > 0)
		(*n)++;
	xapian_term_iterator_free(terms);
	return rc < 0 ? fail(err, &xe, idx->path, "listing documents") : 0;
}

/* Whether document `docid` was kept. */
static bool
kept(const struct ds_index *idx, uint32_t docid)
{
	size_t word = docid / 64;

	return word < idx->kept_words &&
	       (idx->kept[word] >> (docid % 64) & 1) != 0;
}

/*
 * Whether an unprefixed term is a word worth suggesting: some letters,
 * not too long.  Xapian's prefixes are capitals, so a term starting with
 * one (or with 'Z', a stem) is not a plain word.
 */
static bool
spelling_word(const char *t, size_t len)
{
	size_t i;

	if (len < 3 || len > 24 || (t[0] >= 'A' && t[0] <= 'Z'))
		return false;
	for (i = 0; i < len; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || t[i] == '\'' ||
		      (unsigned char)t[i] >= 0x80))
			return false;
	return true;
}

/* Grow the spelling table to twice its size (or its first size). */
static int
spelling_grow(struct spelling *sp)
{
	size_t cap = sp->cap ? 2 * sp->cap : 4096, i, h;
	char **word = calloc(cap, sizeof *word);
	uint32_t *count = calloc(cap, sizeof *count);

	if (word == NULL || count == NULL) {
		free(word);
		free(count);
		return -1;
	}
	for (i = 0; i < sp->cap; i++) {
		if (sp->word[i] == NULL)
			continue;
		h = ds_hash64(DS_HASH_INIT, sp->word[i], strlen(sp->word[i]));
		for (h &= cap - 1; word[h] != NULL; h = (h + 1) & (cap - 1))
			;
		word[h] = sp->word[i];
		count[h] = sp->count[i];
	}
	free(sp->word);
	free(sp->count);
	sp->word = word;
	sp->count = count;
	sp->cap = cap;
	return 0;
}

/* Count one more document holding the word t[0..len). */
static int
spelling_count(struct spelling *sp, const char *t, size_t len)
{
	size_t h;

	if (2 * (sp->n + 1) > sp->cap && spelling_grow(sp) < 0)
		return -1;
	h = ds_hash64(DS_HASH_INIT, t, len) & (sp->cap - 1);
	for (; sp->word[h] != NULL; h = (h + 1) & (sp->cap - 1)) {
		if (strncmp(sp->word[h], t, len) == 0 &&
		    sp->word[h][len] == '\0') {
			sp->count[h]++;
			return 0;
		}
	}
	if ((sp->word[h] = strndup(t, len)) == NULL)
		return -1;
	sp->count[h] = 1;
	sp->n++;
	return 0;
}

/* Hand the words counted in `sp` to Xapian and empty the table. */
static int
spelling_flush_table(struct ds_index *idx, struct spelling *sp,
		     struct ds_error *err)
{
	struct xapian_error xe;
	size_t i;
	int rc = 0;

	for (i = 0; i < sp->cap; i++) {
		if (sp->word[i] == NULL)
			continue;
		if (rc == 0 && xapian_writable_database_add_spelling(
				       idx->wdb, sp->word[i], sp->count[i],
				       &xe) < 0)
			rc = fail(err, &xe, idx->path, "adding spellings");
		free(sp->word[i]);
		sp->word[i] = NULL;
	}
	sp->n = 0;
	return rc;
}

/*
 * The words waiting, in the writer's table and the builder thread's.
 * Called when the builder is idle (after ds_index_sync()).
 */
static size_t
spelling_waiting(struct ds_index *idx)
{
	struct builder *b = idx->builder;
	size_t n = idx->spell.n;

	if (b != NULL) {
		pthread_mutex_lock(&b->lock);
		n += b->spell.n;
		pthread_mutex_unlock(&b->lock);
	}
	return n;
}

/* Hand all the words waiting to Xapian (the builder being idle). */
static int
spelling_flush(struct ds_index *idx, struct ds_error *err)
{
	struct builder *b = idx->builder;
	int rc = spelling_flush_table(idx, &idx->spell, err);

	if (rc == 0 && b != NULL) {
		pthread_mutex_lock(&b->lock);
		rc = spelling_flush_table(idx, &b->spell, err);
		pthread_mutex_unlock(&b->lock);
	}
	return rc;
}

static void
spelling_release(struct spelling *sp)
{
	size_t i;

	for (i = 0; i < sp->cap; i++)
		free(sp->word[i]);
	free(sp->word);
	free(sp->count);
}

/*
 * Count the plain words of `xd` into `sp`, once each.  Returns 0, or
 * DS_ENOMEM / DS_EXAPIAN (with the message) on failure.
 */
static int
count_words(struct spelling *sp, const struct xapian_document *xd,
	    const char *name, struct ds_error *err)
{
	struct xapian_term_iterator *it;
	struct xapian_error xe;
	const char *t;
	size_t len;
	int rc;

	if ((it = xapian_document_termlist(xd, &xe)) == NULL)
		return ds_error_set(err, DS_EXAPIAN, "%s: %s: %s", name,
				    xe.type, xe.message);
	while ((rc = xapian_term_iterator_next(it, &t, &len, &xe)) > 0) {
		if (spelling_word(t, len) && spelling_count(sp, t, len) < 0) {
			xapian_term_iterator_free(it);
			return ds_error_set(err, DS_ENOMEM, "out of memory");
		}
	}
	xapian_term_iterator_free(it);
	if (rc < 0)
		return ds_error_set(err, DS_EXAPIAN, "%s: %s: %s", name,
				    xe.type, xe.message);
	return 0;
}

/*
 * Over several databases: put a document where it is, or, new, in the
 * shard its id hashes to, under a document id of that shard's (Xapian
 * numbers the documents of n databases id_in_shard * n + shard, from 0).
 * Xapian's replace by term would put a new one in the shard its next id
 * falls in, by turns.
 */
static int
put_sharded(struct ds_index *idx, const struct xapian_document *xd,
	    const char *id, const char *name, xapian_docid *docid,
	    struct ds_error *err)
{
	struct xapian_error xe;
	size_t n = idx->nmembers, k;
	uint32_t local;
	int rc;

	if ((rc = first_posting(idx, id, docid, err)) < 0)
		return rc;
	if (*docid == 0) {
		k = idx->first_shard +
		    ds_shardset_pick(id, (unsigned)(n - idx->first_shard));
		local = idx->next_id[k];
		if (local == 0 || (uint64_t)(local - 1) * n + k + 1 > UINT32_MAX)
			return ds_error_set(err, DS_ETOOBIG, "%s: not added: "
					    "shard %zu of %s is full (32-bit "
					    "document ids)", name,
					    k - idx->first_shard, idx->path);
		*docid = (xapian_docid)((uint64_t)(local - 1) * n + k + 1);
		idx->next_id[k] = local + 1;
	}
	if (xapian_writable_database_replace_document(idx->wdb, *docid, xd,
						      &xe) < 0)
		return fail(err, &xe, idx->path, name);
	return 0;
}

/*
 * Put a built document: its words (unless the builder thread counted
 * them already), then the document itself.
 */
static int
put_built(struct ds_index *idx, const struct xapian_document *xd,
	  const char *id, const char *name, bool counted,
	  struct ds_error *err)
{
	struct xapian_error xe;
	xapian_docid docid = 0;
	int rc;

	if ((idx->flags & DS_INDEX_SPELLING) && !counted &&
	    (rc = count_words(&idx->spell, xd, name, err)) < 0)
		return rc;
	if (idx->nmembers > 1) {
		if ((rc = put_sharded(idx, xd, id, name, &docid, err)) < 0)
			return rc;
	} else if (xapian_writable_database_replace_document_by_term(
			   idx->wdb, id, xd, &docid, &xe) < 0) {
		return fail(err, &xe, idx->path, name);
	}
	return ds_index_keep(idx, docid, err);
}

static const char *
doc_name(const struct ds_doc *doc)
{
	return doc->id ? doc->id : doc->path ? doc->path : "(a document)";
}

int
ds_index_put(struct ds_index *idx, const struct ds_doc *doc,
	     struct ds_error *err)
{
	struct xapian_document *xd = NULL;
	char *id = NULL;
	int rc;

	if ((rc = ds_index_sync(idx, err)) < 0)
		return rc;
	rc = ds_catalog_build(idx->catalog, doc, &xd, &id, err);
	if (rc == 0)
		rc = put_built(idx, xd, id, doc_name(doc), false, err);
	xapian_document_free(xd);
	free(id);
	return rc;
}

/* Whether a failure to put a document must stop the writer. */
static bool
fatal(int rc)
{
	return rc == DS_ENOMEM || rc == DS_EXAPIAN;
}

/* The builder thread: build jobs in order until told to quit. */
static void *
build_loop(void *arg)
{
	struct builder *b = arg;
	struct job *j;

	pthread_mutex_lock(&b->lock);
	for (;;) {
		while (b->next == b->tail && !b->quit)
			pthread_cond_wait(&b->work, &b->lock);
		if (b->next == b->tail)
			break;
		j = &b->ring[b->next % DS_INDEX_BUILD_DEPTH];
		pthread_mutex_unlock(&b->lock);
		j->rc = ds_catalog_build(b->catalog, &j->doc, &j->xd, &j->id,
					 &j->err);
		if (j->rc == 0 && b->spelling)
			j->rc = count_words(&b->spell, j->xd,
					    doc_name(&j->doc), &j->err);
		pthread_mutex_lock(&b->lock);
		b->next++;
		pthread_cond_signal(&b->built);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

/* Start the builder thread; on failure the caller builds itself. */
static int
start_builder(struct ds_index *idx, struct ds_error *err)
{
	struct builder *b = calloc(1, sizeof *b);

	if (b == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	if ((b->catalog = ds_catalog_new("english", err)) == NULL) {
		free(b);
		return err ? err->code : DS_ENOMEM;
	}
	b->spelling = (idx->flags & DS_INDEX_SPELLING) != 0;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->work, NULL);
	pthread_cond_init(&b->built, NULL);
	if (pthread_create(&b->thread, NULL, build_loop, b) != 0) {
		pthread_cond_destroy(&b->built);
		pthread_cond_destroy(&b->work);
		pthread_mutex_destroy(&b->lock);
		ds_catalog_free(b->catalog);
		free(b);
		return ds_error_set(err, DS_EIO, "cannot start a thread");
	}
	idx->builder = b;
	return 0;
}

/* Let job j go, leaving its slot empty. */
static void
job_release(struct job *j)
{
	xapian_document_free(j->xd);
	free(j->id);
	ds_doc_release(&j->doc);
	j->xd = NULL;
	j->id = NULL;
}

/*
 * Write the oldest job, waiting for it to be built when `wait`.  Returns
 * 1 when one was written (or failed alone), 0 when none was ready, or a
 * negative code when writing failed for good (idx->broken).
 */
static int
write_oldest(struct ds_index *idx, bool wait, struct ds_error *err)
{
	struct builder *b = idx->builder;
	struct ds_error e;
	struct job *j;
	int rc;

	pthread_mutex_lock(&b->lock);
	while (b->head < b->tail && b->head == b->next && wait)
		pthread_cond_wait(&b->built, &b->lock);
	if (b->head == b->next) {
		pthread_mutex_unlock(&b->lock);
		return 0;
	}
	j = &b->ring[b->head % DS_INDEX_BUILD_DEPTH];
	pthread_mutex_unlock(&b->lock);

	/* Built and not the builder's any more: written without the lock. */
	e = j->err;
	rc = j->rc;
	if (rc == 0 && idx->broken)
		rc = ds_error_set(&e, DS_EINTERNAL, "%s: not written: the "
				  "database failed before", doc_name(&j->doc));
	else if (rc == 0)
		rc = put_built(idx, j->xd, j->id, doc_name(&j->doc), true, &e);
	if (j->done != NULL)
		j->done(j->ctx, &j->doc, j->tag, rc, &e);
	job_release(j);
	pthread_mutex_lock(&b->lock);
	b->head++;
	pthread_mutex_unlock(&b->lock);
	if (rc < 0 && fatal(rc) && !idx->broken) {
		idx->broken = true;
		if (err != NULL)
			*err = e;
		return rc;
	}
	return 1;
}

int
ds_index_sync(struct ds_index *idx, struct ds_error *err)
{
	int rc;

	if (idx->builder == NULL)
		return 0;
	while ((rc = write_oldest(idx, true, err)) > 0)
		;
	return rc;
}

int
ds_index_put_later(struct ds_index *idx, struct ds_doc *doc, uint32_t tag,
		   ds_index_done_fn *done, void *ctx, struct ds_error *err)
{
	struct ds_error e = {0, ""};
	struct builder *b;
	struct job *j;
	int rc;

	if (idx->builder == NULL && start_builder(idx, NULL) < 0) {
		/* No thread: build and write here and now. */
		rc = ds_index_put(idx, doc, &e);
		if (done != NULL)
			done(ctx, doc, tag, rc, &e);
		ds_doc_release(doc);
		if (rc < 0 && fatal(rc) && err != NULL)
			*err = e;
		return rc < 0 && fatal(rc) ? rc : 0;
	}
	b = idx->builder;
	/* Write what is ready, then make room. */
	while ((rc = write_oldest(idx, false, err)) > 0)
		;
	while (rc == 0 && b->tail - b->head == DS_INDEX_BUILD_DEPTH)
		if ((rc = write_oldest(idx, true, err)) > 0)
			rc = 0;
	if (rc < 0)
		return rc;
	if (idx->broken)
		return ds_error_set(err, DS_EXAPIAN, "%s: writing failed "
				    "before", idx->path);
	pthread_mutex_lock(&b->lock);
	j = &b->ring[b->tail % DS_INDEX_BUILD_DEPTH];
	j->doc = *doc;
	j->tag = tag;
	j->done = done;
	j->ctx = ctx;
	j->xd = NULL;
	j->id = NULL;
	j->rc = 0;
	ds_error_clear(&j->err);
	b->tail++;
	pthread_cond_signal(&b->work);
	pthread_mutex_unlock(&b->lock);
	ds_doc_init(doc);
	return 0;
}

/* Stop the builder thread, dropping what was not written. */
static void
stop_builder(struct ds_index *idx)
{
	struct builder *b = idx->builder;

	if (b == NULL)
		return;
	pthread_mutex_lock(&b->lock);
	b->quit = true;
	pthread_cond_signal(&b->work);
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->thread, NULL);
	for (; b->head < b->tail; b->head++)
		job_release(&b->ring[b->head % DS_INDEX_BUILD_DEPTH]);
	pthread_cond_destroy(&b->built);
	pthread_cond_destroy(&b->work);
	pthread_mutex_destroy(&b->lock);
	ds_catalog_free(b->catalog);
	spelling_release(&b->spell);
	free(b);
	idx->builder = NULL;
}

int
ds_index_restamp(struct ds_index *idx, uint32_t docid,
		 const struct ds_stamp *st, struct ds_error *err)
{
	struct xapian_document *xd;
	struct xapian_error xe;
	char buf[DS_STAMP_MAX];
	size_t n = ds_stamp_encode(st, buf);
	int rc = 0;

	/*
	 * Only a value changes: Xapian rewrites the values of a document
	 * read from the same database, not its terms.
	 */
	xd = xapian_database_get_document(idx->db, docid, &xe);
	if (xd == NULL)
		return fail(err, &xe, idx->path, "reading a document");
	if (xapian_document_add_value(xd, DS_SLOT_STAMP, buf, n, &xe) < 0 ||
	    xapian_writable_database_replace_document(idx->wdb, docid, xd,
						      &xe) < 0)
		rc = fail(err, &xe, idx->path, "updating a document's stamp");
	xapian_document_free(xd);
	return rc < 0 ? rc : ds_index_keep(idx, docid, err);
}

int
ds_index_delete_path(struct ds_index *idx, const char *path,
		     struct ds_error *err)
{
	struct xapian_error xe;
	char *id = ds_catalog_id_term(path);
	int rc = 0;

	if (id == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	if (xapian_writable_database_delete_document_by_term(idx->wdb, id,
							     &xe) < 0)
		rc = fail(err, &xe, idx->path, path);
	free(id);
	return rc;
}

/* Whether the identity in `term` (after "Q") is under a spared directory. */
static bool
spared(const char *term, size_t len, const char *const *spare,
       size_t nspare)
{
	size_t i, n;

	for (i = 0; i < nspare; i++) {
		n = strlen(spare[i]);
		if (len > 1 + n && memcmp(term + 1, spare[i], n) == 0 &&
		    term[1 + n] == '/')
			return true;
	}
	return false;
}

/* The documents a sweep deletes: their ids and their "Q" terms. */
struct gone {
	uint32_t *docid;
	char **term;
	size_t n, cap;
};

static int
gone_add(struct gone *g, uint32_t docid, const char *term, size_t len)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 256;
		uint32_t *d = realloc(g->docid, cap * sizeof *d);
		char **t;

		if (d == NULL)
			return -1;
		g->docid = d;
		if ((t = realloc(g->term, cap * sizeof *t)) == NULL)
			return -1;
		g->term = t;
		g->cap = cap;
	}
	if ((g->term[g->n] = strndup(term, len)) == NULL)
		return -1;
	g->docid[g->n++] = docid;
	return 0;
}

static void
gone_release(struct gone *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->term[i]);
	free(g->term);
	free(g->docid);
}

/*
 * The documents under `prefix` (a "Q" term prefix) that were not kept,
 * into *gone.  Collected first and deleted after, so that the term list
 * is not changed while it is walked.
 */
static int
unkept_under(struct ds_index *idx, const char *prefix,
	     const char *const *spare, size_t nspare, struct gone *gone,
	     struct ds_error *err)
{
	struct xapian_term_iterator *terms;
	struct xapian_postlist_iterator *pl;
	struct xapian_error xe;
	const char *t;
	xapian_docid d;
	size_t len;
	int rc;

	if ((terms = xapian_database_allterms(idx->db, prefix, &xe)) == NULL)
		return fail(err, &xe, idx->path, "listing documents");
	while ((rc = xapian_term_iterator_next(terms, &t, &len, &xe)) > 0) {
		if (spared(t, len, spare, nspare))
			continue;
		if ((pl = xapian_database_postlist(idx->db, t, &xe)) == NULL) {
			rc = -1;
			break;
		}
		while ((rc = xapian_postlist_iterator_next(pl, &d, NULL,
							   &xe)) > 0)
			if (!kept(idx, d) && gone_add(gone, d, t, len) < 0) {
				xapian_postlist_iterator_free(pl);
				xapian_term_iterator_free(terms);
				return ds_error_set(err, DS_ENOMEM,
						    "out of memory");
			}
		xapian_postlist_iterator_free(pl);
		if (rc < 0)
			break;
	}
	xapian_term_iterator_free(terms);
	return rc < 0 ? fail(err, &xe, idx->path, "listing documents") : 0;
}

int
ds_index_sweep(struct ds_index *idx, const char *root,
	       const char *const *spare, size_t nspare,
	       unsigned long kept_before,
	       void (*deleted)(void *ctx, const char *identity), void *ctx,
	       struct ds_error *err)
{
	unsigned long under = 0;
	struct gone gone = {NULL, NULL, 0, 0, };
	struct xapian_error xe;
	size_t rlen = strlen(root), i;
	char *prefix, *probe;
	int rc;

	if ((rc = ds_index_sync(idx, err)) < 0)
		return rc;

	/*
	 * "Q" + root + "/": the ids of the files under root.  An id too
	 * long for a term keeps only the head of its path (catalog.h), so
	 * when root + "/" is longer than that head, no id can be recognised
	 * as being under root and nothing is swept.
	 */
	if ((prefix = malloc(rlen + 3)) == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	prefix[0] = DS_PREFIX_ID[0];
	memcpy(prefix + 1, root, rlen);
	prefix[1 + rlen] = '/';
	prefix[2 + rlen] = '\0';
	probe = ds_catalog_id_term(prefix + 1);
	if (probe == NULL) {
		free(prefix);
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	}
	/*
	 * One document per id term: as many under root as were kept during
	 * its walk (all of them under root) means none vanished.
	 */
	if (strcmp(probe, prefix) == 0 && kept_before != ULONG_MAX &&
	    idx->nkept >= kept_before &&
	    (rc = count_terms(idx, prefix, &under, err)) == 0 &&
	    under == idx->nkept - kept_before) {
		free(probe);
		free(prefix);
		return 0;
	}
	if (rc == 0 && strcmp(probe, prefix) == 0)
		rc = unkept_under(idx, prefix, spare, nspare, &gone, err);
	free(probe);
	free(prefix);
	for (i = 0; rc == 0 && i < gone.n; i++) {
		if (xapian_writable_database_delete_document(idx->wdb,
							     gone.docid[i],
							     &xe) < 0)
			rc = fail(err, &xe, idx->path, "deleting a document");
		else if (deleted != NULL)
			deleted(ctx, gone.term[i] + 1);
	}
	gone_release(&gone);
	return rc;
}

int
ds_index_set_synonyms(struct ds_index *idx, const char *const *keys,
		      const char *const *const *syn, const size_t *nsyn,
		      size_t nkeys, const char *version, bool *changed,
		      struct ds_error *err)
{
	struct xapian_term_iterator *it;
	struct xapian_error xe;
	char *old, **stale = NULL, **grown;
	size_t len = 0, nstale = 0, cap = 0, i, j;
	const char *t;
	int rc = 0, oom = 0;

	*changed = false;
	old = xapian_database_get_metadata(idx->db, META_SYNONYMS, &len, &xe);
	if (old == NULL)
		return fail(err, &xe, idx->path, "reading metadata");
	if (version != NULL && strcmp(old, version) == 0) {
		free(old);
		return 0;
	}
	free(old);
	/* Every key there now goes: the table becomes exactly the new one. */
	if ((it = xapian_database_synonym_keys(idx->db, "", &xe)) == NULL)
		return fail(err, &xe, idx->path, "reading synonyms");
	while ((rc = xapian_term_iterator_next(it, &t, &len, &xe)) > 0) {
		if (nstale == cap) {
			cap = cap ? 2 * cap : 64;
			if ((grown = realloc(stale, cap * sizeof *stale)) ==
			    NULL) {
				oom = 1;
				break;
			}
			stale = grown;
		}
		if ((stale[nstale] = strndup(t, len)) == NULL) {
			oom = 1;
			break;
		}
		nstale++;
	}
	xapian_term_iterator_free(it);
	if (oom)
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
	else if (rc < 0)
		rc = fail(err, &xe, idx->path, "reading synonyms");
	for (i = 0; rc == 0 && i < nstale; i++)
		if (xapian_writable_database_clear_synonyms(idx->wdb, stale[i],
							    &xe) < 0)
			rc = fail(err, &xe, idx->path, "clearing synonyms");
	for (i = 0; i < nstale; i++)
		free(stale[i]);
	free(stale);
	for (i = 0; rc == 0 && i < nkeys; i++)
		for (j = 0; rc == 0 && j < nsyn[i]; j++)
			if (xapian_writable_database_add_synonym(
				    idx->wdb, keys[i], syn[i][j], &xe) < 0)
				rc = fail(err, &xe, idx->path,
					  "adding a synonym");
	if (rc == 0 &&
	    xapian_writable_database_set_metadata(
		    idx->wdb, META_SYNONYMS, version ? version : "",
		    version ? strlen(version) : 0, &xe) < 0)
		rc = fail(err, &xe, idx->path, "writing metadata");
	if (rc == 0)
		*changed = true;
	return rc;
}

/*
 * Before a commit: write the waiting words out if there are many, and
 * say in the commit whether the spelling table is complete (it is once
 * no committed document's words are waiting; the mark then survives a
 * crash that loses them, until a run completes one).
 */
static int
spelling_before_commit(struct ds_index *idx, bool final,
		       struct ds_error *err)
{
	int rc;

	if ((final || spelling_waiting(idx) >= SPELLING_BATCH) &&
	    (rc = spelling_flush(idx, err)) < 0)
		return rc;
	if (spelling_waiting(idx) > 0)
		return mark_spelling(idx, true, err);
	/*
	 * A table an earlier run left incomplete stays so, unless this run
	 * indexed every document again (ds_index_spelling_redone()).
	 */
	if (final && idx->spelling_was_complete)
		return mark_spelling(idx, false, err);
	return 0;
}

int
ds_index_commit(struct ds_index *idx, struct ds_error *err)
{
	struct xapian_error xe;
	int rc;

	if ((rc = ds_index_sync(idx, err)) < 0 ||
	    (rc = spelling_before_commit(idx, false, err)) < 0)
		return rc;
	if (xapian_writable_database_commit(idx->wdb, &xe) < 0) {
		/*
		 * Xapian may not be able to go back to the last revision
		 * after a failed commit ("Modifications failed ... couldn't
		 * open at the old revision"), and writing on after that has
		 * ended in heap corruption: no more writes, not even at close.
		 */
		idx->broken = true;
		return fail(err, &xe, idx->path, "commit");
	}
	return 0;
}

int
ds_index_doccount(struct ds_index *idx, uint32_t *count,
		  struct ds_error *err)
{
	struct xapian_error xe;
	int rc;

	if ((rc = ds_index_sync(idx, err)) < 0)
		return rc;
	if (xapian_database_get_doccount(idx->db, count, &xe) < 0)
		return fail(err, &xe, idx->path, "counting documents");
	return 0;
}

int
ds_index_close(struct ds_index *idx, struct ds_error *err)
{
	struct xapian_error xe;
	int rc = 0;

	if (idx == NULL)
		return 0;
	rc = ds_index_sync(idx, err);
	if (rc == 0 && !idx->broken)
		rc = spelling_before_commit(idx, true, err);
	stop_builder(idx);
	if (idx->broken) {
		/* The failure was reported; what came after it is dropped. */
		xapian_writable_database_abandon(idx->wdb);
		if (rc == 0)
			rc = ds_error_set(err, DS_EXAPIAN, "%s: not committed: "
					  "writing failed before; the database "
					  "stays at its last commit", idx->path);
	} else if (xapian_writable_database_close(idx->wdb, &xe) < 0 &&
		   rc == 0) {
		rc = fail(err, &xe, idx->path, "commit");
	}
	xapian_writable_database_free(idx->wdb);
	spelling_release(&idx->spell);
	ds_catalog_free(idx->catalog);
	free(idx->kept);
	free(idx->next_id);
	free(idx->path);
	free(idx);
	return rc;
}
