/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dossier.cgi: the website's search box.  One program that runs as a CGI
 * (RFC 3875) and, when a FastCGI process manager starts it on a socket,
 * as a FastCGI responder (libfcgi), sharing every part of the search with
 * dossier-query: only the front end (the request) and the renderer (the
 * page) differ.
 *
 * Configuration: the INI file named by DOSSIER_CONFIG, which the web
 * server's configuration sets, else DS_CONFIG_FILE ($sysconfdir/
 * dossier.conf): cgi-config.h.  Never from the request, never argv.
 *
 * A request, in order, each check before any work:
 *   1. the method: GET or HEAD, else 405;
 *   2. the parameters (cgi-params.h): QUERY_STRING over the limit is 414
 *      before it is read, anything malformed 400;
 *   3. the database a request names (db=NAME) from the configuration,
 *      else 400;
 *   4. the search: a malformed query is 400 with a friendly page; a
 *      database that can't be opened (being switched by a rebuild) or
 *      that keeps changing is 503 with Retry-After; any other failure
 *      500 with a fixed text (details go to the server's error log,
 *      standard error, never to the page).
 * The response is rendered in memory first, so that its status and
 * Content-Length are known before a byte is sent, and its headers are
 * constants: no request data ever reaches them.
 *
 * fmt=html (default) is the page of render-html.h, fmt=json the JSON of
 * dossier-query, fmt=atom the newest matches as a feed, fmt=opensearch
 * the OpenSearch description.
 *
 * Limits per request, from the configuration: CPU seconds, wall time
 * and address space.  As a CGI: RLIMIT_CPU, alarm() and RLIMIT_AS.  Under
 * FastCGI the process lives across requests, so the CPU limit is a timer
 * on the process's CPU clock and the wall limit an alarm, both armed for
 * each request and disarmed after it; a request that overruns ends the
 * process (Xapian can't be interrupted in the middle of a match), which
 * the process manager starts again.  A database is kept open between
 * requests and refreshed before each.
 */

#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <fcgiapp.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cgi-config.h"
#include "cgi-params.h"
#include "dossier.h"
#include "lru-cache.h"
#include "render-html.h"
#include "sandbox.h"
#include "slots.h"
#include "utf8.h"

#ifndef DS_CONFIG_FILE
#define DS_CONFIG_FILE "/etc/dossier.conf"
#endif

/* How long a 503 asks the client to wait, in seconds (a constant). */
#define RETRY_AFTER "5"

/* The longest database state ds_searcher_state() gives here. */
#define STATE_SIZE 128

/* The types of the answers; a cached answer starts with its index. */
static const char *const answer_types[] = {
	"text/html; charset=UTF-8",
	"application/json; charset=UTF-8",
	"application/atom+xml; charset=UTF-8",
};
enum { TYPE_HTML, TYPE_JSON, TYPE_ATOM };

/* The program's state, across requests under FastCGI. */
struct app {
	struct cgi_config cfg;
	bool configured;
	struct ds_page_template *tpl;
	struct ds_searcher *searchers[CGI_MAX_DBS];	/* by cfg.dbs index */
	struct ds_lru *cache;	/* answers given (FastCGI), or NULL */
	struct ds_slots *slots;	/* the concurrency cap, or NULL */
};

/* Where a request's variables come from: FastCGI's envp, or environ. */
struct request_env {
	FCGX_ParamArray envp;	/* NULL under CGI */
};

static const char *
env_get(const struct request_env *e, const char *name)
{
	return e->envp != NULL ? FCGX_GetParam(name, e->envp) : getenv(name);
}

/* A response being made: status, type and the body in memory. */
struct response {
	int status;
	const char *type;	/* a constant */
	char *body;
	size_t len;
};

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Error";
	}
}

/* The server's error log: standard error, one line, prefixed. */
static void
log_error(const char *what, const char *detail)
{
	fprintf(stderr, "dossier.cgi: %s: %s\n", what, detail);
}

/* Whether s is a plausible host name or address (and port). */
static bool
host_like(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		      (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || strchr(".-:[]", s[n])))
			return false;
	return n > 0 && n < 256;
}

/*
 * The site as the page sees it, for the request's database name.  Links
 * go to the configured base_url, else to SCRIPT_NAME; `absolute`, when
 * not NULL, gets an absolute URL for the OpenSearch description (which
 * browsers need), made from the server's SERVER_NAME and SERVER_PORT
 * when base_url is not absolute itself.
 */
static void
page_site(const struct app *a, const struct request_env *e,
	  const char *db, struct ds_page_site *site, char *absolute,
	  size_t cap)
{
	const char *script = env_get(e, "SCRIPT_NAME");
	const char *host = env_get(e, "SERVER_NAME");
	const char *port = env_get(e, "SERVER_PORT");
	const char *https = env_get(e, "HTTPS");
	bool tls = https != NULL && strcmp(https, "on") == 0;

	memset(site, 0, sizeof *site);
	site->name = a->configured ? a->cfg.site_name : "Dossier";
	site->base_url = a->configured && a->cfg.base_url
				 ? a->cfg.base_url
				 : script && *script ? script : "dossier.cgi";
	site->db = db && *db ? db : NULL;
	site->stylesheet = a->configured ? a->cfg.stylesheet : NULL;
	site->lang = a->configured && a->cfg.lang ? a->cfg.lang : "en";
	if (a->configured) {
		site->max_page = a->cfg.limits.max_page;
		site->default_hits = a->cfg.limits.default_hits;
	}
	if (absolute == NULL || strstr(site->base_url, "://") != NULL ||
	    site->base_url[0] != '/' || host == NULL || !host_like(host))
		return;
	if (port != NULL && (strspn(port, "0123456789") != strlen(port) ||
			     strcmp(port, tls ? "443" : "80") == 0))
		port = NULL;
	if (snprintf(absolute, cap, "%s://%s%s%s%s", tls ? "https" : "http",
		     host, port ? ":" : "", port ? port : "",
		     site->base_url) < (int)cap)
		site->base_url = absolute;
}

/*
 * Render into rs->body with `fn` writing to a memory stream.  Returns 0,
 * or -1 (the body is then a plain fixed text and the status 500).
 */
struct render_job {
	enum { JOB_PAGE, JOB_JSON, JOB_ATOM, JOB_OPENSEARCH } kind;
	const struct app *app;
	const struct ds_page_site *site;
	enum ds_page_kind page_kind;
	const struct cgi_params *req;
	const struct ds_results *results;
	const char *message;
};

static int
render(const struct render_job *j, struct response *rs)
{
	struct ds_render_opts ro;
	struct ds_error err = {0, ""};
	FILE *mem;
	int rc;

	free(rs->body);
	rs->body = NULL;
	rs->len = 0;
	if ((mem = open_memstream(&rs->body, &rs->len)) == NULL)
		goto fail;
	ds_render_opts_init(&ro);
	switch (j->kind) {
	case JOB_PAGE:
		rc = ds_page_render(mem, j->app->tpl, j->site, j->page_kind,
				    j->req, j->results, j->message, &err);
		break;
	case JOB_JSON:
		rc = ds_render_json(mem, j->results, &ro, &err);
		break;
	case JOB_ATOM:
		ro.feed_title = j->site->name;
		rc = ds_render_atom(mem, j->results, &ro, &err);
		break;
	default:
		rc = ds_page_opensearch(mem, j->site, &err);
		break;
	}
	if (fclose(mem) != 0 || rc < 0) {
		log_error("rendering the response", err.msg);
		goto fail;
	}
	return 0;
fail:
	free(rs->body);
	rs->body = strdup("The search failed.\n");
	rs->len = rs->body ? strlen(rs->body) : 0;
	rs->status = 500;
	rs->type = "text/plain; charset=UTF-8";
	return -1;
}

/* An error page (or, for JSON, an object) with a fixed message. */
static void
error_response(const struct app *a, const struct request_env *e,
	       const struct cgi_params *req, int status, const char *message,
	       struct response *rs)
{
	struct ds_page_site site;
	struct render_job j;

	rs->status = status;
	if (req != NULL && req->fmt == CGI_FMT_JSON) {
		/*
		 * A JSON client gets the status and an object it can read:
		 * {"error": "...", "status": 400}.  The message is a fixed
		 * text or names a parameter; it never echoes input.
		 */
		char *text = ds_utf8_repair(message);
		json_t *o = json_pack("{s:s, s:i}", "error",
				      text ? text : "error", "status", status);

		free(text);
		free(rs->body);
		rs->body = o ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		rs->len = rs->body ? strlen(rs->body) : 0;
		rs->type = "application/json; charset=UTF-8";
		return;
	}
	page_site(a, e, req ? req->db : NULL, &site, NULL, 0);
	memset(&j, 0, sizeof j);
	j.kind = JOB_PAGE;
	j.app = a;
	j.site = &site;
	j.page_kind = DS_PAGE_ERROR;
	j.req = req;
	j.message = message;
	rs->type = answer_types[TYPE_HTML];
	if (render(&j, rs) == 0)
		rs->status = status;
}

/* The searcher of database `db` (index i in the configuration), fresh. */
static struct ds_searcher *
searcher_for(struct app *a, size_t i, struct ds_error *err)
{
	const struct ds_shard_opts shards = {
		a->cfg.search.shard_timeout_ms, a->cfg.search.shard_timeout_ms,
		a->cfg.search.partial};

	if (a->searchers[i] != NULL) {
		if (ds_searcher_refresh(a->searchers[i], err) == 0)
			return a->searchers[i];
		/* Drop it and try afresh below. */
		ds_searcher_free(a->searchers[i]);
		a->searchers[i] = NULL;
		ds_error_clear(err);
	}
	if (ds_searcher_open_shards(a->cfg.dbs[i].path, &shards,
				    &a->searchers[i], err) < 0)
		return NULL;
	return a->searchers[i];
}

/*
 * A request's cache key: everything its answer depends on that the
 * process's configuration does not fix.  That is the database and its
 * state (so a commit or a rebuild makes every kept answer stale), the
 * parameters as parsed (two spellings of one request share a key), and
 * the server variables links are made from.  Each field is its length
 * and its bytes, so no field can pass for another.
 */
struct cache_key {
	char *p;
	size_t len, cap;
	bool failed;
};

static void
key_bytes(struct cache_key *k, const char *s, size_t n)
{
	char num[24];
	int m = snprintf(num, sizeof num, "%zu:", n);
	size_t need = k->len + (size_t)m + n;
	char *p;

	if (k->failed)
		return;
	if (need > k->cap) {
		size_t cap = k->cap ? k->cap : 256;

		while (cap < need)
			cap *= 2;
		if ((p = realloc(k->p, cap)) == NULL) {
			k->failed = true;
			return;
		}
		k->p = p;
		k->cap = cap;
	}
	memcpy(k->p + k->len, num, (size_t)m);
	memcpy(k->p + k->len + m, s, n);
	k->len = need;
}

static void
key_str(struct cache_key *k, const char *s)
{
	key_bytes(k, s ? s : "", s ? strlen(s) : 0);
}

static void
key_uint(struct cache_key *k, unsigned long n)
{
	char num[24];

	snprintf(num, sizeof num, "%lu", n);
	key_str(k, num);
}

/*
 * Make the key of request p to database dbi (searcher s).  0, or -1 when
 * the answer is not to be kept (the state of the database can't be
 * named, or memory ran out).
 */
static int
cache_key_make(const struct request_env *e, const struct cgi_params *p,
	       size_t dbi, struct ds_searcher *s, struct cache_key *k)
{
	static const char *const vars[] = {
		"SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT", "HTTPS"
	};
	struct ds_error err = {0, ""};
	char state[STATE_SIZE];
	size_t i;

	if (ds_searcher_state(s, state, sizeof state, &err) != 0)
		return -1;
	key_uint(k, dbi);
	key_str(k, state);
	key_str(k, p->db);
	key_uint(k, p->fmt);
	key_uint(k, p->sort);
	key_uint(k, p->page);
	key_uint(k, p->hits);
	key_str(k, p->q);
	key_uint(k, p->nfilters);
	for (i = 0; i < p->nfilters; i++)
		key_str(k, p->filters[i]);
	for (i = 0; i < sizeof vars / sizeof *vars; i++)
		key_str(k, env_get(e, vars[i]));
	if (k->failed) {
		free(k->p);
		k->p = NULL;
		return -1;
	}
	return 0;
}

/* The answer kept under key k into *rs: true when there was one. */
static bool
cache_answer(struct app *a, const struct cache_key *k, struct response *rs)
{
	const unsigned char *v;
	size_t len;

	v = ds_lru_get(a->cache, k->p, k->len, &len);
	if (v == NULL || len < 1 || v[0] >= sizeof answer_types /
					   sizeof *answer_types)
		return false;
	free(rs->body);
	if ((rs->body = malloc(len - 1 ? len - 1 : 1)) == NULL)
		return false;
	memcpy(rs->body, v + 1, len - 1);
	rs->len = len - 1;
	rs->type = answer_types[v[0]];
	rs->status = 200;
	return true;
}

/* Keep the answer in *rs (of the given type) under key k. */
static void
cache_keep(struct app *a, const struct cache_key *k, int type,
	   const struct response *rs)
{
	unsigned char *v;

	if (rs->status != 200 || (v = malloc(rs->len + 1)) == NULL)
		return;
	v[0] = (unsigned char)type;
	memcpy(v + 1, rs->body, rs->len);
	ds_lru_put(a->cache, k->p, k->len, v, rs->len + 1);
	free(v);
}

static void
handle(struct app *a, const struct request_env *e, struct response *rs)
{
	const char *method = env_get(e, "REQUEST_METHOD");
	struct ds_search_opts so;
	struct ds_page_site site;
	struct ds_results results;
	struct ds_error err = {0, ""};
	struct cgi_params p;
	const struct cgi_db *db;
	struct ds_searcher *s;
	struct render_job j;
	struct cache_key key = {NULL, 0, 0, false};
	char absolute[1024];
	uint64_t first;
	size_t i, dbi;
	int rc, type;

	rs->status = 200;
	memset(&p, 0, sizeof p);
	if (method != NULL && strcmp(method, "GET") != 0 &&
	    strcmp(method, "HEAD") != 0) {
		error_response(a, e, NULL, 405,
			       "Only GET requests are answered here.", rs);
		return;
	}
	if (!a->configured) {
		error_response(a, e, NULL, 500,
			       "This search is not set up yet.", rs);
		return;
	}
	if (a->slots != NULL && (rc = ds_slots_take(a->slots, &err)) != 0) {
		if (rc == 1) {
			error_response(a, e, NULL, 503, "The search is busy; "
				       "please try again in a moment.", rs);
			return;
		}
		log_error("concurrency", err.msg);	/* serve anyway */
		ds_error_clear(&err);
	}
	if (cgi_params_parse(env_get(e, "QUERY_STRING"), &a->cfg.limits, &p,
			     &err) < 0) {
		int status = err.code == DS_ENOMEM ? 503
						   : cgi_params_status(&err);

		error_response(a, e, &p, status ? status : 400, err.msg, rs);
		cgi_params_release(&p);
		return;
	}
	page_site(a, e, p.db, &site, p.fmt == CGI_FMT_OPENSEARCH ? absolute : NULL,
		  sizeof absolute);
	memset(&j, 0, sizeof j);
	j.app = a;
	j.site = &site;
	j.req = &p;
	if (p.fmt == CGI_FMT_OPENSEARCH) {
		j.kind = JOB_OPENSEARCH;
		rs->type = "application/opensearchdescription+xml; "
			   "charset=UTF-8";
		render(&j, rs);
		cgi_params_release(&p);
		return;
	}
	if ((db = cgi_config_db(&a->cfg, p.db)) == NULL) {
		error_response(a, e, &p, 400, "db: there is no such database.",
			       rs);
		cgi_params_release(&p);
		return;
	}
	if (p.fmt == CGI_FMT_HTML && p.q[0] == '\0' && p.nfilters == 0) {
		j.kind = JOB_PAGE;
		j.page_kind = DS_PAGE_HELP;
		rs->type = answer_types[TYPE_HTML];
		render(&j, rs);
		cgi_params_release(&p);
		return;
	}
	dbi = (size_t)(db - a->cfg.dbs);
	if ((s = searcher_for(a, dbi, &err)) == NULL) {
		log_error(db->name, err.msg);
		error_response(a, e, &p, 503,
			       err.code == DS_EUNAVAIL
				       ? "Part of the index is not answering; "
					 "please try again in a moment."
				       : "The index is being updated or is "
					 "unavailable; please try again in a "
					 "moment.", rs);
		cgi_params_release(&p);
		return;
	}

	if (a->cache != NULL &&
	    cache_key_make(e, &p, dbi, s, &key) == 0 &&
	    cache_answer(a, &key, rs)) {
		free(key.p);
		cgi_params_release(&p);
		return;
	}

	ds_search_opts_init(&so);
	so.query = p.q;
	so.limit = p.hits;
	first = (uint64_t)(p.page - 1) * p.hits;	/* both bounded */
	so.offset = first > 1000000 ? 1000000 : (unsigned)first;
	so.snippets = p.fmt == CGI_FMT_HTML ? a->cfg.search.snippets : 1;
	so.sort = p.sort == CGI_SORT_DATE || p.fmt == CGI_FMT_ATOM
			  ? DS_SORT_DATE : DS_SORT_RELEVANCE;
	if (p.fmt == CGI_FMT_HTML && a->cfg.search.facets)
		so.facets = DS_FACET_PUBLISHER | DS_FACET_TYPE | DS_FACET_YEAR;
	if (!a->cfg.search.feedback)
		so.ranking.feedback_docs = 0;
	for (i = 0; i < p.nfilters && i < DS_MAX_FILTERS; i++)
		so.filters[so.nfilters++] = p.filters[i];
	ds_results_init(&results);
	rc = ds_search(s, &so, &results, &err);
	if (rc == DS_EQUERY || rc == DS_EINVAL || rc == DS_ETOOBIG) {
		error_response(a, e, &p, 400, err.msg, rs);
	} else if (rc == DS_EBUSY || rc == DS_ENOENT) {
		log_error(db->name, err.msg);
		error_response(a, e, &p, 503,
			       "The index is being updated; please try again "
			       "in a moment.", rs);
	} else if (rc == DS_EUNAVAIL) {
		log_error(db->name, err.msg);
		error_response(a, e, &p, 503,
			       "Part of the index is not answering; please "
			       "try again in a moment.", rs);
	} else if (rc < 0) {
		log_error(db->name, err.msg);
		error_response(a, e, &p, 500, "The search failed.", rs);
	} else {
		/*
		 * Partial results say so, but which shard failed is for the
		 * log: visitors need not learn the names of the machines.
		 */
		if (results.shards_missing != NULL) {
			log_error(db->name, results.shards_missing);
			free(results.shards_missing);
			results.shards_missing = NULL;
		}
		j.results = &results;
		if (p.fmt == CGI_FMT_JSON) {
			j.kind = JOB_JSON;
			type = TYPE_JSON;
		} else if (p.fmt == CGI_FMT_ATOM) {
			j.kind = JOB_ATOM;
			type = TYPE_ATOM;
		} else {
			j.kind = JOB_PAGE;
			j.page_kind = DS_PAGE_RESULTS;
			type = TYPE_HTML;
		}
		rs->type = answer_types[type];
		if (render(&j, rs) == 0 && key.p != NULL)
			cache_keep(a, &key, type, rs);
	}
	free(key.p);
	ds_results_release(&results);
	cgi_params_release(&p);
}

/* Write the response: fixed headers, then (unless HEAD) the body. */
static void
send_response(const struct response *rs, bool head, FCGX_Stream *out)
{
	char headers[1024];
	int n;

	n = snprintf(headers, sizeof headers,
		     "Status: %d %s\r\n"
		     "Content-Type: %s\r\n"
		     "Content-Length: %zu\r\n"
		     "X-Content-Type-Options: nosniff\r\n"
		     "Content-Security-Policy: default-src 'none'; "
		     "style-src 'self'; img-src 'self'; form-action 'self'; "
		     "base-uri 'none'; frame-ancestors 'none'\r\n"
		     "Referrer-Policy: same-origin\r\n"
		     "Cache-Control: no-cache\r\n"
		     "%s%s"
		     "\r\n",
		     rs->status, reason(rs->status),
		     rs->type ? rs->type : "text/plain; charset=UTF-8",
		     rs->len,
		     rs->status == 503 ? "Retry-After: " RETRY_AFTER "\r\n" : "",
		     rs->status == 405 ? "Allow: GET, HEAD\r\n" : "");
	if (n < 0 || (size_t)n >= sizeof headers)
		return;
	if (out != NULL) {
		FCGX_PutStr(headers, n, out);
		if (!head && rs->body)
			FCGX_PutStr(rs->body, (int)rs->len, out);
	} else {
		fwrite(headers, 1, (size_t)n, stdout);
		if (!head && rs->body)
			fwrite(rs->body, 1, rs->len, stdout);
		fflush(stdout);
	}
}

static void
serve(struct app *a, const struct request_env *e, FCGX_Stream *out)
{
	const char *method = env_get(e, "REQUEST_METHOD");
	struct response rs = {200, NULL, NULL, 0};

	handle(a, e, &rs);
	send_response(&rs, method && strcmp(method, "HEAD") == 0, out);
	ds_slots_give(a->slots);
	free(rs.body);
}

/* A FastCGI request overran its CPU or wall time: end the process. */
static void
overrun(int sig)
{
	static const char msg[] = "dossier.cgi: a request ran out of time; "
				  "the process ends\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more can be done */
	}
	_exit(1);
}

/*
 * Start this program afresh in this process: a FastCGI process after
 * max_requests answers (cgi-config.h), so that whatever memory a library
 * lost is given back.  Ending the process instead would lose the
 * connections waiting on its socket (the web server gives a process a
 * socket of its own, and answers them 500); execve() keeps the socket,
 * standard input, and the new image answers them.  Every other
 * descriptor (the databases' files) is closed on the way.  Returns only
 * when that cannot be done, and the process then goes on as it was.
 */
static void
start_afresh(void)
{
	static char *const args[] = {"dossier.cgi", NULL};
	char self[PATH_MAX];
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");
	ssize_t n;
	int fd;

	if (dir == NULL) {
		log_error("FastCGI", "cannot start afresh: /proc/self/fd");
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		fd = atoi(d->d_name);
		if (fd > STDERR_FILENO && fd != dirfd(dir))
			fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
	closedir(dir);
	/*
	 * The program by its name first: under valgrind /proc/self/exe is
	 * valgrind's own, though reading the link gives ours.  Then by the
	 * link itself, for a program replaced since it started.
	 */
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		execve(self, args, environ);
	}
	execve("/proc/self/exe", args, environ);
	log_error("FastCGI", "cannot start afresh: execve /proc/self/exe");
}

/* The CPU timer of a FastCGI process (per request). */
static timer_t cpu_timer;
static bool have_cpu_timer;

/*
 * Hold a CGI process to the configured limits, or set a FastCGI process
 * up for them (see request_limits()).
 */
static void
set_limits(const struct app *a, bool cgi)
{
	struct rlimit rl;

	if (!a->configured)
		return;
	/* (Not under AddressSanitizer, whose shadow memory needs more.) */
	if (a->cfg.memory_mib > 0 && ds_sandbox_can_limit_memory()) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)a->cfg.memory_mib << 20;
		setrlimit(RLIMIT_AS, &rl);
	}
	if (cgi) {
		if (a->cfg.cpu_seconds > 0) {
			rl.rlim_cur = a->cfg.cpu_seconds;
			rl.rlim_max = a->cfg.cpu_seconds + 1;
			setrlimit(RLIMIT_CPU, &rl);
		}
		if (a->cfg.time_seconds > 0)
			alarm(a->cfg.time_seconds);
		return;
	}
	{
		struct sigevent sev;
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = overrun;
		sigaction(SIGALRM, &sa, NULL);
		sigaction(SIGXCPU, &sa, NULL);
		memset(&sev, 0, sizeof sev);
		sev.sigev_notify = SIGEV_SIGNAL;
		sev.sigev_signo = SIGXCPU;
		have_cpu_timer = a->cfg.cpu_seconds > 0 &&
				 timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev,
					      &cpu_timer) == 0;
	}
}

/* Arm (on) or disarm the FastCGI limits around one request. */
static void
request_limits(const struct app *a, bool on)
{
	if (!a->configured)
		return;
	if (have_cpu_timer) {
		struct itimerspec its;
		struct timespec now;

		memset(&its, 0, sizeof its);
		if (on && clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) == 0) {
			its.it_value = now;
			its.it_value.tv_sec += a->cfg.cpu_seconds;
		}
		timer_settime(cpu_timer, on ? TIMER_ABSTIME : 0, &its, NULL);
	}
	if (a->cfg.time_seconds > 0)
		alarm(on ? a->cfg.time_seconds : 0);
}

int
main(int argc, char **argv)
{
	const char *path = getenv("DOSSIER_CONFIG");
	struct ds_error err = {0, ""};
	struct app a;
	unsigned served = 0;
	size_t i;

	(void)argc;
	(void)argv;	/* never read: CVE-2001-0834 */
	memset(&a, 0, sizeof a);
	ds_init();
	if (path == NULL || *path == '\0')
		path = DS_CONFIG_FILE;
	if (cgi_config_load(path, &a.cfg, &err) < 0) {
		log_error("configuration", err.msg);
	} else {
		a.configured = true;
		if (a.cfg.template_path != NULL &&
		    ds_page_template_load(a.cfg.template_path, &a.tpl,
					  &err) < 0) {
			log_error("template", err.msg);
			a.configured = false;
		}
	}

	if (a.configured && a.cfg.concurrency > 0 &&
	    ds_slots_open(path, a.cfg.concurrency, &a.slots, &err) < 0) {
		log_error("concurrency (no cap)", err.msg);
		ds_error_clear(&err);
	}
	if (FCGX_IsCGI()) {
		struct request_env e = {NULL};

		set_limits(&a, true);
		serve(&a, &e, NULL);
	} else {
		FCGX_Request req;

		set_limits(&a, false);
		if (a.configured && a.cfg.cache_mib > 0 &&
		    (a.cache = ds_lru_new((size_t)a.cfg.cache_mib << 20)) ==
			    NULL)
			log_error("cache", "out of memory; answers are not "
				  "kept");
		if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0) {
			log_error("FastCGI", "cannot set up the request");
			return 1;
		}
		while (FCGX_Accept_r(&req) >= 0) {
			struct request_env e = {req.envp};

			request_limits(&a, true);
			serve(&a, &e, req.out);
			request_limits(&a, false);
			FCGX_Finish_r(&req);
			if (a.configured && a.cfg.max_requests > 0 &&
			    ++served >= a.cfg.max_requests) {
				start_afresh();
				served = 0;	/* it could not: go on */
			}
		}
	}
	for (i = 0; i < CGI_MAX_DBS; i++)
		ds_searcher_free(a.searchers[i]);
	ds_lru_free(a.cache);
	ds_slots_close(a.slots);
	ds_page_template_free(a.tpl);
	cgi_config_release(&a.cfg);
	return 0;
}
