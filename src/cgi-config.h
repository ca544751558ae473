/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgi-config.h: dossier.cgi's configuration file (INI, read with
 * libinih).
 *
 * Its path is compiled in ($sysconfdir/dossier.conf) or given by the
 * DOSSIER_CONFIG environment variable, which the web server's
 * configuration sets; never by a request.  The smallest working file:
 *
 *   [site]
 *   name = Example Policy Library
 *
 *   [db default]
 *   path = /var/lib/dossier/index
 *
 * Keys (all optional but one [db NAME] with a path):
 *
 *   [site]    name (default "Dossier"), base_url (the CGI's own URL, for
 *             links and the OpenSearch description; default: from
 *             SCRIPT_NAME), stylesheet (a URL; default none), template
 *             (an HTML file with marked places, see render-html.h;
 *             default the built-in page), lang (a language tag,
 *             [A-Za-z0-9-]{1,35}; default "en")
 *   [limits]  query_string_bytes (8192; 64..65536), query_bytes (1024;
 *             1..65536), max_page (1000; 1..10000), max_hits (100;
 *             1..1000), default_hits (10; 1..max_hits: when not given it
 *             is lowered to max_hits if need be), cpu_seconds (5; 1..300),
 *             memory_mib (512; 32..65536), time_seconds (10; 1..600),
 *             concurrency (0: no cap; 0..1024), cache_mib (32; 0..4096:
 *             how much a FastCGI process keeps of the answers it gave,
 *             to give them again while the database stays at the same
 *             revision; 0: none), max_requests (10000; 0..1000000000:
 *             a FastCGI process starts itself afresh after answering
 *             this many (execve, keeping its socket, so that no waiting
 *             request is lost), so that memory a library loses now and
 *             then cannot pile up; 0: never)
 *   [search]  how the page searches, trading what it shows for speed:
 *             feedback (yes: pseudo-relevance feedback, as dossier-query
 *             ranks; no: a little worse ranking, about a third faster),
 *             facets (yes: count publisher, type and year over all
 *             matches for the filter links), snippets (2; 0..5: passages
 *             a hit on the page), shard_timeout_ms (10000; 10..600000:
 *             how long a remote shard may take to answer), partial (no;
 *             yes: when some remote shards don't answer, show what the
 *             others found, saying it is partial).  Booleans are yes/no, true/false,
 *             on/off or 1/0.
 *   [db NAME] path (a database directory or stub file, used as written),
 *             title (shown in the page; default NAME).  NAME is
 *             [a-z0-9_-]{1,32}; a request without db= uses "default", or
 *             the only database when there is just one.  At most
 *             CGI_MAX_DBS.
 *
 * The syntax is libinih's: "key = value" (or "key: value"), white space
 * around both trimmed; ';' or '#' at the start of a line, and ';' after
 * white space within one, start a comment; a UTF-8 byte order mark is
 * skipped.  A line may hold at most 198 bytes (libinih's buffer is 200
 * as Debian builds it, and libinih would cut a longer line short
 * unseen); NUL bytes are refused.  Values
 * are non-empty UTF-8 without control characters.
 *
 * Numbers are decimal digits only and range-checked; an unknown section
 * or key, a section or key given twice (a line that starts with white
 * space continues the key before it, so it counts as giving that key
 * again), a bad number, name or value, a [db NAME] without a path, or a
 * file without a database is an error naming the file and, but for the
 * last, the line ("dossier.conf:7: unknown key 'nmae' in [site]").  The
 * first error in the file is the one reported.
 */
#ifndef DOSSIER_CGI_CONFIG_H
#define DOSSIER_CGI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cgi-params.h"
#include "error.h"

#define CGI_MAX_DBS 32

struct cgi_db {
	char name[CGI_NAME_MAX + 1];
	char *path;
	char *title;		/* NAME when not given; never NULL */
};

/* How the page searches ([search]). */
struct cgi_search {
	bool feedback;
	bool facets;
	unsigned snippets;
	unsigned shard_timeout_ms;
	bool partial;
};

struct cgi_config {
	char *site_name;
	char *base_url;		/* NULL: from SCRIPT_NAME */
	char *stylesheet;	/* NULL: none */
	char *template_path;	/* NULL: built in */
	char *lang;
	struct cgi_limits limits;
	unsigned cpu_seconds, memory_mib, time_seconds, concurrency;
	unsigned cache_mib, max_requests;
	struct cgi_search search;
	struct cgi_db dbs[CGI_MAX_DBS];
	size_t ndbs;
};

/*
 * Read the file at `path` into *cfg (initialised here, release it also
 * after a failure; after a failure its contents are not to be used).
 * DS_ENOENT with "FILE: why" when it can't be opened (whatever errno
 * says), DS_EIO when reading fails, DS_EFORMAT with "FILE:LINE: what"
 * when it is wrong, DS_ENOMEM.  The strings in *cfg are its own.
 */
int cgi_config_load(const char *path, struct cgi_config *cfg,
		    struct ds_error *err);

/* Free what *cfg holds (cfg may be NULL); releasing twice is harmless. */
void cgi_config_release(struct cgi_config *cfg);

/*
 * The database a request names ("" or NULL for the default: the one
 * named "default", else the only one), or NULL when there is none of
 * that name (or no default among several).  Borrowed from *cfg.
 */
const struct cgi_db *cgi_config_db(const struct cgi_config *cfg,
				   const char *name);

#endif /* DOSSIER_CGI_CONFIG_H */
