/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-query.c: query parsing and searching (ds_search) on any bytes,
 * over a small real database made at start-up: the input is
 * "QUERY\0FILTER\0FILTER..." (up to four "field:value" filters); the
 * first byte's low bits also pick the sort and the feedback.  No crash,
 * no hang; a failure is one of the documented codes with a message; the
 * results keep their bounds and every string in them is valid UTF-8.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "dossier.h"
#include "fuzz.h"
#include "index.h"
#include "search.h"
#include "utf8.h"

static char dir[] = "/tmp/dossier-fuzz-query.XXXXXX";
static char dbpath[sizeof dir + 8];
static struct ds_searcher *searcher;

static const struct {
	const char *path, *title, *publisher, *date, *type, *heading, *text;
} docs[] = {
	{"/nao/a.html", "Value for money in the NHS", "National Audit Office",
	 "2014-06-30", "report", "Summary",
	 "The department's consultation periods were too short. Value for "
	 "money was not achieved; the Treasury disagreed."},
	{"/hc/b.html", "Committee report on housing", "House of Commons",
	 "2012-03", "committee-report", "Conclusions",
	 "Local authorities built fewer homes. The committee recommends a "
	 "review of planning; DCLG should reply."},
	{"/hansard/c.xml", "Debate on schools", "House of Lords", "2019",
	 "debate", "Schools funding",
	 "My Lords, the funding of schools is the question before us."},
};

static void
cleanup(void)
{
	char cmd[sizeof dir + 16];

	ds_searcher_free(searcher);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0) {
		/* left behind: nothing more to do */
	}
}

static void
put(struct ds_index *idx, size_t i)
{
	struct ds_error err = {0, ""};
	struct ds_doc doc;

	ds_doc_init(&doc);
	fuzz_assert(ds_doc_set_field(&doc.path, docs[i].path,
				     strlen(docs[i].path), &err) == 0);
	fuzz_assert(ds_doc_set_field(&doc.title, docs[i].title,
				     strlen(docs[i].title), &err) == 0);
	fuzz_assert(ds_doc_set_field(&doc.publisher, docs[i].publisher,
				     strlen(docs[i].publisher), &err) == 0);
	fuzz_assert(ds_doc_set_field(&doc.date, docs[i].date,
				     strlen(docs[i].date), &err) == 0);
	fuzz_assert(ds_doc_set_field(&doc.type, docs[i].type,
				     strlen(docs[i].type), &err) == 0);
	fuzz_assert(ds_doc_add_section(&doc, docs[i].heading,
				       strlen(docs[i].heading), NULL, 2,
				       &err) == 0);
	fuzz_assert(ds_doc_append_text(&doc, docs[i].text,
				       strlen(docs[i].text), &err) == 0);
	doc.stamp.hash = i + 1;
	ds_doc_finish(&doc);
	fuzz_assert(ds_index_put(idx, &doc, &err) == 0);
	ds_doc_release(&doc);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ds_error err = {0, ""};
	struct ds_index *idx;
	size_t i;

	(void)argc;
	(void)argv;
	ds_init();
	fuzz_assert(mkdtemp(dir) != NULL);
	snprintf(dbpath, sizeof dbpath, "%s/db", dir);
	atexit(cleanup);
	fuzz_assert(ds_index_open(dbpath, DS_INDEX_CREATE, &idx, &err) == 0);
	for (i = 0; i < sizeof docs / sizeof *docs; i++)
		put(idx, i);
	fuzz_assert(ds_index_commit(idx, &err) == 0);
	fuzz_assert(ds_index_close(idx, &err) == 0);
	fuzz_assert(ds_searcher_open(dbpath, &searcher, &err) == 0);
	return 0;
}

static void
check_text(const char *s)
{
	if (s != NULL)
		fuzz_assert(ds_utf8_valid(s, strlen(s)));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ds_error err = {0, ""};
	struct ds_search_opts so;
	struct ds_results r;
	char *in = fuzz_cstring(data, size), *p, *end;
	size_t i, k;
	int rc;

	if (in == NULL)
		return 0;
	end = in + size;
	ds_search_opts_init(&so);
	so.query = in;
	for (p = in + strlen(in) + 1; p < end && so.nfilters < 4;
	     p += strlen(p) + 1)
		so.filters[so.nfilters++] = p;
	if (size > 0) {
		so.sort = data[0] & 1 ? DS_SORT_DATE : DS_SORT_RELEVANCE;
		if (data[0] & 2)
			so.ranking.feedback_docs = 0;
		if (data[0] & 4)
			so.facets = DS_FACET_PUBLISHER | DS_FACET_TYPE |
				    DS_FACET_YEAR;
	}
	so.snippets = 2;
	ds_results_init(&r);
	rc = ds_search(searcher, &so, &r, &err);
	if (rc < 0) {
		fuzz_assert(rc == DS_EQUERY || rc == DS_EINVAL ||
			    rc == DS_ETOOBIG);
		fuzz_assert(err.msg[0] != '\0');
		fuzz_assert(ds_utf8_valid(err.msg, strlen(err.msg)));
	} else {
		fuzz_assert(r.nhits <= 10);
		check_text(r.parsed);
		check_text(r.suggestion);
		for (i = 0; i < r.nhits; i++) {
			check_text(r.hits[i].title);
			for (k = 0; k < r.hits[i].nsnippets; k++)
				check_text(r.hits[i].snippets[k].text);
		}
	}
	ds_results_release(&r);
	free(in);
	return 0;
}
