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
 *             default the built-in page), lang (default "en")
 *   [limits]  query_string_bytes (8192), query_bytes (1024), max_page
 *             (1000), max_hits (100), default_hits (10), cpu_seconds (5),
 *             memory_mib (512), time_seconds (10), concurrency (0: no cap)
 *   [db NAME] path (a database directory or stub file), title (shown in
 *             the page; default NAME).  NAME is [a-z0-9_-]{1,32}; a
 *             request without db= uses "default", or the only database
 *             when there is just one.
 *
 * Numbers are decimal and range-checked; an unknown section or key, a bad
 * number or name, or a file without a database is an error naming the
 * file, line and key.
 */
#ifndef DOSSIER_CGI_CONFIG_H
#define DOSSIER_CGI_CONFIG_H

#include <stddef.h>

#include "cgi-params.h"
#include "error.h"

#define CGI_MAX_DBS 32

struct cgi_db {
	char name[CGI_NAME_MAX + 1];
	char *path;
	char *title;
};

struct cgi_config {
	char *site_name;
	char *base_url;		/* NULL: from SCRIPT_NAME */
	char *stylesheet;	/* NULL: none */
	char *template_path;	/* NULL: built in */
	char *lang;
	struct cgi_limits limits;
	unsigned cpu_seconds, memory_mib, time_seconds, concurrency;
	struct cgi_db dbs[CGI_MAX_DBS];
	size_t ndbs;
};

/*
 * Read the file at `path` into *cfg (initialised here, release it also
 * after a failure).  DS_ENOENT when it can't be opened, DS_EFORMAT with
 * "FILE:LINE: what" when it is wrong, DS_ENOMEM.
 */
int cgi_config_load(const char *path, struct cgi_config *cfg,
		    struct ds_error *err);

void cgi_config_release(struct cgi_config *cfg);

/*
 * The database a request names ("" for the default), or NULL when there
 * is none of that name.
 */
const struct cgi_db *cgi_config_db(const struct cgi_config *cfg,
				   const char *name);

#endif /* DOSSIER_CGI_CONFIG_H */
