/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-cgi-config.c: src/cgi-config.c on files written into a scratch
 * directory: the smallest file and its defaults, a file with every key,
 * which database a request without db= gets, and a table of wrong files
 * with the exact message each gives (file and line).
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ini.h>

#include "cgi-config.h"
#include "testutil.h"

static char scratch[4096];

static int
setup(void **state)
{
	(void)state;
	return tu_make_temp_dir(scratch, sizeof scratch, "test-cgi-config");
}

static int
teardown(void **state)
{
	(void)state;
	return tu_remove_tree(scratch);
}

/* Write `len` bytes of `content` to scratch/name; its path into buf. */
static void
write_bytes(char *buf, size_t size, const char *name, const char *content,
	    size_t len)
{
	FILE *f;

	assert_int_equal(tu_path(buf, size, scratch, name), 0);
	f = fopen(buf, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Write content to scratch/dossier.conf and load it. */
static int
load(const char *content, struct cgi_config *cfg, struct ds_error *err,
     char *path, size_t size)
{
	write_bytes(path, size, "dossier.conf", content, strlen(content));
	ds_error_clear(err);
	return cgi_config_load(path, cfg, err);
}

/* Load content, which must be right (else say why). */
static void
load_ok(const char *content, struct cgi_config *cfg)
{
	struct ds_error err;
	char path[4096];

	if (load(content, cfg, &err, path, sizeof path) != 0)
		fail_msg("%s", err.msg);
}

/* The header's smallest file: everything else is the default. */
static void
test_minimal(void **state)
{
	struct cgi_config cfg;
	const struct cgi_db *db;

	(void)state;
	load_ok("[site]\n"
		"name = Example Policy Library\n"
		"\n"
		"[db default]\n"
		"path = /var/lib/dossier/index\n", &cfg);
	assert_string_equal(cfg.site_name, "Example Policy Library");
	assert_null(cfg.base_url);
	assert_null(cfg.stylesheet);
	assert_null(cfg.template_path);
	assert_string_equal(cfg.lang, "en");
	assert_int_equal(cfg.limits.query_string_bytes, 8192);
	assert_int_equal(cfg.limits.query_bytes, 1024);
	assert_int_equal(cfg.limits.max_page, 1000);
	assert_int_equal(cfg.limits.max_hits, 100);
	assert_int_equal(cfg.limits.default_hits, 10);
	assert_int_equal(cfg.cpu_seconds, 5);
	assert_int_equal(cfg.memory_mib, 512);
	assert_int_equal(cfg.time_seconds, 10);
	assert_int_equal(cfg.concurrency, 0);
	assert_int_equal(cfg.cache_mib, 32);
	assert_int_equal(cfg.max_requests, 10000);
	assert_true(cfg.search.feedback);
	assert_true(cfg.search.facets);
	assert_int_equal(cfg.search.snippets, 2);
	assert_int_equal(cfg.ndbs, 1);
	assert_string_equal(cfg.dbs[0].name, "default");
	assert_string_equal(cfg.dbs[0].path, "/var/lib/dossier/index");
	assert_string_equal(cfg.dbs[0].title, "default");

	db = cgi_config_db(&cfg, "");
	assert_ptr_equal(db, &cfg.dbs[0]);
	assert_ptr_equal(cgi_config_db(&cfg, NULL), db);
	assert_ptr_equal(cgi_config_db(&cfg, "default"), db);
	assert_null(cgi_config_db(&cfg, "other"));
	assert_null(cgi_config_db(&cfg, "Default"));
	cgi_config_release(&cfg);
	cgi_config_release(&cfg);		/* twice is harmless */
	cgi_config_release(NULL);

	/* Not even [site]: the site's defaults. */
	load_ok("[db default]\npath = /x\n", &cfg);
	assert_string_equal(cfg.site_name, "Dossier");
	cgi_config_release(&cfg);
}

/* Every key, in the syntax libinih allows (comments, ':', a BOM). */
static void
test_full(void **state)
{
	struct cgi_config cfg;

	(void)state;
	load_ok("\xef\xbb\xbf; Dossier's web search\n"
		"# both kinds of comment\n"
		"[site]\n"
		"  name = Policy Caf\xc3\xa9 ; an inline comment\n"
		"base_url = https://example.org/cgi-bin/"
		"dossier.cgi\n"
		"stylesheet: /static/dossier.css\n"
		"template = /etc/dossier/page.html\n"
		"lang = en-GB\n"
		"\n"
		"[limits]\n"
		"query_string_bytes = 4096\n"
		"query_bytes = 512\n"
		"max_page = 50\n"
		"max_hits = 200\n"
		"default_hits = 20\n"
		"cpu_seconds = 3\n"
		"memory_mib = 256\n"
		"time_seconds = 8\n"
		"concurrency = 4\n"
		"cache_mib = 0\n"
		"max_requests = 0\n"
		"\n"
		"[search]\n"
		"feedback = No\n"
		"facets = off\n"
		"snippets = 5\n"
		"\n"
		"[db laws]\n"
		"path = /srv/dossier/laws\n"
		"title = Acts and regulations\n"
		"[db default]\n"
		"path=/srv/dossier/index\n"
		"[db x-2_y]\n"
		"title = Later title\n"
		"path = relative/stub\n", &cfg);
	assert_string_equal(cfg.site_name, "Policy Caf\xc3\xa9");
	assert_string_equal(cfg.base_url,
			    "https://example.org/cgi-bin/dossier.cgi");
	assert_string_equal(cfg.stylesheet, "/static/dossier.css");
	assert_string_equal(cfg.template_path, "/etc/dossier/page.html");
	assert_string_equal(cfg.lang, "en-GB");
	assert_int_equal(cfg.limits.query_string_bytes, 4096);
	assert_int_equal(cfg.limits.query_bytes, 512);
	assert_int_equal(cfg.limits.max_page, 50);
	assert_int_equal(cfg.limits.max_hits, 200);
	assert_int_equal(cfg.limits.default_hits, 20);
	assert_int_equal(cfg.cpu_seconds, 3);
	assert_int_equal(cfg.memory_mib, 256);
	assert_int_equal(cfg.time_seconds, 8);
	assert_int_equal(cfg.concurrency, 4);
	assert_int_equal(cfg.cache_mib, 0);
	assert_int_equal(cfg.max_requests, 0);
	assert_false(cfg.search.feedback);
	assert_false(cfg.search.facets);
	assert_int_equal(cfg.search.snippets, 5);
	assert_int_equal(cfg.ndbs, 3);
	assert_string_equal(cfg.dbs[0].name, "laws");
	assert_string_equal(cfg.dbs[0].path, "/srv/dossier/laws");
	assert_string_equal(cfg.dbs[0].title, "Acts and regulations");
	assert_string_equal(cfg.dbs[1].name, "default");
	assert_string_equal(cfg.dbs[1].title, "default");
	assert_string_equal(cfg.dbs[2].name, "x-2_y");
	assert_string_equal(cfg.dbs[2].path, "relative/stub");
	assert_string_equal(cfg.dbs[2].title, "Later title");
	/* "" is "default" when there is one, among several */
	assert_ptr_equal(cgi_config_db(&cfg, ""), &cfg.dbs[1]);
	assert_ptr_equal(cgi_config_db(&cfg, "laws"), &cfg.dbs[0]);
	assert_ptr_equal(cgi_config_db(&cfg, "x-2_y"), &cfg.dbs[2]);
	assert_null(cgi_config_db(&cfg, "law"));
	cgi_config_release(&cfg);
}

/* Without db=: "default", else the only one, else none. */
static void
test_only_db(void **state)
{
	struct cgi_config cfg;

	(void)state;
	load_ok("[db laws]\npath = /srv/laws\n", &cfg);
	assert_ptr_equal(cgi_config_db(&cfg, ""), &cfg.dbs[0]);
	assert_ptr_equal(cgi_config_db(&cfg, NULL), &cfg.dbs[0]);
	assert_ptr_equal(cgi_config_db(&cfg, "laws"), &cfg.dbs[0]);
	assert_null(cgi_config_db(&cfg, "default"));
	cgi_config_release(&cfg);

	load_ok("[db laws]\npath = /srv/laws\n"
		"[db hansard]\npath = /srv/hansard\n", &cfg);
	assert_null(cgi_config_db(&cfg, ""));
	assert_null(cgi_config_db(&cfg, NULL));
	assert_ptr_equal(cgi_config_db(&cfg, "hansard"), &cfg.dbs[1]);
	cgi_config_release(&cfg);
}

/* default_hits not given: lowered to max_hits; given: must fit. */
static void
test_default_hits(void **state)
{
	struct cgi_config cfg;

	(void)state;
	load_ok("[limits]\nmax_hits = 5\n[db a]\npath = /a\n", &cfg);
	assert_int_equal(cfg.limits.max_hits, 5);
	assert_int_equal(cfg.limits.default_hits, 5);
	cgi_config_release(&cfg);
	load_ok("[limits]\ndefault_hits = 100\n[db a]\n"
		"path = /a\n", &cfg);
	assert_int_equal(cfg.limits.default_hits, 100);
	cgi_config_release(&cfg);
	load_ok("[limits]\nmax_hits = 1000\ndefault_hits = "
		"1000\nmax_page = 10000\nquery_string_bytes = "
		"65536\nquery_bytes = 65536\nconcurrency = 0\n"
		"[db a]\npath = /a\n", &cfg);
	assert_int_equal(cfg.limits.default_hits, 1000);
	assert_int_equal(cfg.limits.query_string_bytes, 65536);
	cgi_config_release(&cfg);
}

/* A wrong file and its message; "@" stands for the file's path. */
struct bad {
	const char *content;
	int code;
	const char *msg;
};

#define DB_A "[db a]\npath = /a\n"

static const struct bad bads[] = {
	/* unknown keys and sections */
	{ "[site]\nname = x\nnmae = y\n" DB_A, DS_EFORMAT,
	  "@:3: unknown key 'nmae' in [site]" },
	{ DB_A "[limits]\nmax_hit = 5\n", DS_EFORMAT,
	  "@:4: unknown key 'max_hit' in [limits]" },
	{ DB_A "Path = /b\n", DS_EFORMAT, "@:3: unknown key 'Path' in [db a]" },
	{ DB_A "name = b\n", DS_EFORMAT, "@:3: unknown key 'name' in [db a]" },
	{ "[site]\n[sight]\nname = x\n" DB_A, DS_EFORMAT,
	  "@:2: unknown section [sight]" },
	{ "[bogus]\n" DB_A, DS_EFORMAT, "@:1: unknown section [bogus]" },
	{ "[Site]\nname = x\n" DB_A, DS_EFORMAT,
	  "@:1: unknown section [Site]" },
	{ "[db]\npath = /a\n", DS_EFORMAT,
	  "@:1: unknown section [db]" },
	{ "name = x\n" DB_A, DS_EFORMAT,
	  "@:1: key 'name' outside any section" },
	/* numbers */
	{ "[limits]\nmax_hits = 0\n" DB_A, DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nmax_hits = 1001\n" DB_A, DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nmax_hits = 10x\n" DB_A, DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nmax_hits = -1\n" DB_A, DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nmax_hits = +1\n" DB_A, DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nmax_hits = 0x10\n" DB_A, DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nmax_hits = 1e2\n" DB_A, DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nmax_hits = 1 0\n" DB_A, DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nmax_hits =\n" DB_A, DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nmax_hits = 99999999999999999999999999\n" DB_A,
	  DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
	{ "[limits]\nquery_string_bytes = 63\n" DB_A, DS_EFORMAT,
	  "@:2: query_string_bytes in [limits]: not a number from 64 to "
	  "65536" },
	{ "[limits]\nquery_bytes = 65537\n" DB_A, DS_EFORMAT,
	  "@:2: query_bytes in [limits]: not a number from 1 to 65536" },
	{ "[limits]\nmax_page = 10001\n" DB_A, DS_EFORMAT,
	  "@:2: max_page in [limits]: not a number from 1 to 10000" },
	{ "[limits]\ncpu_seconds = 301\n" DB_A, DS_EFORMAT,
	  "@:2: cpu_seconds in [limits]: not a number from 1 to 300" },
	{ "[limits]\nmemory_mib = 31\n" DB_A, DS_EFORMAT,
	  "@:2: memory_mib in [limits]: not a number from 32 to 65536" },
	{ "[limits]\ntime_seconds = 0\n" DB_A, DS_EFORMAT,
	  "@:2: time_seconds in [limits]: not a number from 1 to 600" },
	{ "[limits]\nconcurrency = 1025\n" DB_A, DS_EFORMAT,
	  "@:2: concurrency in [limits]: not a number from 0 to 1024" },
	{ "[limits]\nmax_requests = 1000000001\n" DB_A, DS_EFORMAT,
	  "@:2: max_requests in [limits]: not a number from 0 to 1000000000" },
	{ "[limits]\ncache_mib = 4097\n" DB_A, DS_EFORMAT,
	  "@:2: cache_mib in [limits]: not a number from 0 to 4096" },
	{ "[search]\nfeedback = maybe\n" DB_A, DS_EFORMAT,
	  "@:2: feedback in [search]: not yes or no" },
	{ "[search]\nfacets = yess\n" DB_A, DS_EFORMAT,
	  "@:2: facets in [search]: not yes or no" },
	{ "[search]\nsnippets = 6\n" DB_A, DS_EFORMAT,
	  "@:2: snippets in [search]: not a number from 0 to 5" },
	{ "[search]\nfeedback = yes\nfeedback = no\n" DB_A, DS_EFORMAT,
	  "@:3: feedback given twice in [search] (or continued on a line "
	  "that starts with white space)" },
	{ "[search]\n" DB_A "[search]\n", DS_EFORMAT,
	  "@:4: [search] given twice" },
	{ "[limits]\nmax_hits = 20\ndefault_hits = 50\n" DB_A, DS_EFORMAT,
	  "@:3: default_hits in [limits]: more than max_hits (20)" },
	{ "[limits]\ndefault_hits = 200\n" DB_A, DS_EFORMAT,
	  "@:2: default_hits in [limits]: more than max_hits (100)" },
	/* text */
	{ "[site]\nname =\n" DB_A, DS_EFORMAT, "@:2: name in [site]: empty" },
	{ "[site]\nname = caf\xe9\n" DB_A, DS_EFORMAT,
	  "@:2: name in [site]: not UTF-8" },
	{ "[site]\nname = a\tb\n" DB_A, DS_EFORMAT,
	  "@:2: name in [site]: a control character" },
	{ "[site]\nlang = en_GB\n" DB_A, DS_EFORMAT,
	  "@:2: lang in [site]: not a language tag" },
	{ "[site]\nlang = \"><script>\n" DB_A, DS_EFORMAT,
	  "@:2: lang in [site]: not a language tag" },
	{ "[db a]\npath =\n", DS_EFORMAT, "@:2: path in [db a]: empty" },
	/* database names */
	{ "[db Bad]\npath = /a\n", DS_EFORMAT, "@:1: [db Bad]: not a database "
	  "name (a to z, 0 to 9, _ and -, at most 32)" },
	{ "[db ]\npath = /a\n", DS_EFORMAT, "@:1: [db ]: not a database "
	  "name (a to z, 0 to 9, _ and -, at most 32)" },
	{ "[db a/b]\npath = /a\n", DS_EFORMAT, "@:1: [db a/b]: not a "
	  "database name (a to z, 0 to 9, _ and -, at most 32)" },
	{ "[db ..]\npath = /a\n", DS_EFORMAT, "@:1: [db ..]: not a database "
	  "name (a to z, 0 to 9, _ and -, at most 32)" },
	{ "[db  a]\npath = /a\n", DS_EFORMAT, "@:1: [db  a]: not a database "
	  "name (a to z, 0 to 9, _ and -, at most 32)" },
	{ "[db abcdefghijklmnopqrstuvwxyz0123456]\npath = /a\n", DS_EFORMAT,
	  "@:1: [db abcdefghijklmnopqrstuvwxyz0123456]: not a database name "
	  "(a to z, 0 to 9, _ and -, at most 32)" },
	/* databases: none, no path, twice */
	{ "[site]\nname = x\n", DS_EFORMAT,
	  "@: no database: a [db NAME] section with a path is needed" },
	{ "", DS_EFORMAT,
	  "@: no database: a [db NAME] section with a path is needed" },
	{ "[site]\n[db a]\ntitle = A\n", DS_EFORMAT,
	  "@:2: [db a] has no path" },
	{ "[db a]\n[db b]\npath = /b\n", DS_EFORMAT,
	  "@:1: [db a] has no path" },
	{ DB_A "[db b]\n", DS_EFORMAT, "@:3: [db b] has no path" },
	{ DB_A "\n[db a]\ntitle = t\n", DS_EFORMAT,
	  "@:4: [db a] given twice (line 1)" },
	{ DB_A "[db a]\n", DS_EFORMAT, "@:3: [db a] given twice (line 1)" },
	/* sections and keys given twice, continuation lines */
	{ "[site]\n[site]\n" DB_A, DS_EFORMAT, "@:2: [site] given twice" },
	{ "[limits]\n" DB_A "[limits]\n", DS_EFORMAT,
	  "@:4: [limits] given twice" },
	{ "[db a]\npath = /a\npath = /b\n", DS_EFORMAT,
	  "@:3: path given twice in [db a] (or continued on a line that "
	  "starts with white space)" },
	{ "[db a]\npath = /a\n  /b\n", DS_EFORMAT,
	  "@:3: path given twice in [db a] (or continued on a line that "
	  "starts with white space)" },
	/* libinih's syntax errors */
	{ DB_A "junk\n", DS_EFORMAT,
	  "@:3: not a [section], key = value or comment" },
	{ "[site\nname = x\n" DB_A, DS_EFORMAT,
	  "@:1: not a [section], key = value or comment" },
	/* the first error wins, whoever finds it */
	{ "[site]\njunk\nnmae = x\n" DB_A, DS_EFORMAT,
	  "@:2: not a [section], key = value or comment" },
	{ "[site]\nnmae = x\njunk\n" DB_A, DS_EFORMAT,
	  "@:2: unknown key 'nmae' in [site]" },
	{ "[bogus]\njunk\n" DB_A, DS_EFORMAT, "@:1: unknown section [bogus]" },
	{ "[site]\njunk\n[bogus]\n" DB_A, DS_EFORMAT,
	  "@:2: not a [section], key = value or comment" },
	{ "[limits]\nmax_hits = 0\n[db a]\n", DS_EFORMAT,
	  "@:2: max_hits in [limits]: not a number from 1 to 1000" },
};

static void
test_bad(void **state)
{
	struct cgi_config cfg;
	struct ds_error err;
	char path[4096], want[8192];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		const char *at = strchr(bads[i].msg, '@');

		rc = load(bads[i].content, &cfg, &err, path, sizeof path);
		assert_non_null(at);
		snprintf(want, sizeof want, "%.*s%s%s",
			 (int)(at - bads[i].msg), bads[i].msg, path, at + 1);
		if (rc != bads[i].code || err.code != bads[i].code ||
		    strcmp(err.msg, want) != 0)
			fail_msg("case %zu: rc %d [%s], expected %d [%s]", i,
				 rc, err.msg, bads[i].code, want);
		cgi_config_release(&cfg);
	}
}

/* Lines too long for libinih's buffer and NUL bytes are refused. */
static void
test_bad_bytes(void **state)
{
	struct cgi_config cfg;
	struct ds_error err;
	char path[4096], want[8192], *s;
	size_t max = INI_MAX_LINE - 2, n;

	(void)state;
	/* "path = /" and x up to exactly max bytes: fine */
	s = malloc(max + 64);
	assert_non_null(s);
	n = (size_t)snprintf(s, max + 64, "[db a]\npath = /");
	memset(s + n, 'x', max - 8);
	strcpy(s + n + max - 8, "\ntitle = t\n");
	load_ok(s, &cfg);
	assert_int_equal(strlen(cfg.dbs[0].path), max - 7);
	assert_string_equal(cfg.dbs[0].title, "t");
	cgi_config_release(&cfg);
	/* one more: refused, not cut */
	memset(s + n, 'x', max - 7);
	strcpy(s + n + max - 7, "\ntitle = t\n");
	assert_int_equal(load(s, &cfg, &err, path, sizeof path), DS_EFORMAT);
	snprintf(want, sizeof want, "%s:2: line longer than %zu bytes", path,
		 max);
	assert_string_equal(err.msg, want);
	cgi_config_release(&cfg);
	/* the last line, without a newline */
	memset(s + n, 'x', max - 8);
	s[n + max - 8] = '\0';
	load_ok(s, &cfg);
	cgi_config_release(&cfg);
	s[n + max - 8] = 'x';
	s[n + max - 7] = '\0';
	assert_int_equal(load(s, &cfg, &err, path, sizeof path), DS_EFORMAT);
	assert_string_equal(err.msg, want);
	cgi_config_release(&cfg);
	free(s);

	write_bytes(path, sizeof path, "nul.conf", "[db a]\npath = /a\0b\n",
		    19);
	assert_int_equal(cgi_config_load(path, &cfg, &err), DS_EFORMAT);
	snprintf(want, sizeof want, "%s:2: a NUL byte", path);
	assert_string_equal(err.msg, want);
	cgi_config_release(&cfg);

	/* CR LF line ends are fine */
	load_ok("[db a]\r\npath = /a\r\n", &cfg);
	assert_string_equal(cfg.dbs[0].path, "/a");
	cgi_config_release(&cfg);
}

/* CGI_MAX_DBS databases, and one more. */
static void
test_many_dbs(void **state)
{
	struct cgi_config cfg;
	struct ds_error err;
	char path[4096], want[8192], buf[4096];
	size_t i, o = 0;

	(void)state;
	for (i = 0; i < CGI_MAX_DBS; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o,
				      "[db d%zu]\npath = /d%zu\n", i, i);
	load_ok(buf, &cfg);
	assert_int_equal(cfg.ndbs, CGI_MAX_DBS);
	assert_string_equal(cfg.dbs[CGI_MAX_DBS - 1].path, "/d31");
	assert_null(cgi_config_db(&cfg, ""));
	cgi_config_release(&cfg);
	snprintf(buf + o, sizeof buf - o, "[db more]\npath = /m\n");
	assert_int_equal(load(buf, &cfg, &err, path, sizeof path), DS_EFORMAT);
	snprintf(want, sizeof want, "%s:%d: more than %d databases", path,
		 2 * CGI_MAX_DBS + 1, CGI_MAX_DBS);
	assert_string_equal(err.msg, want);
	cgi_config_release(&cfg);
}

/* A file that isn't there, or can't be read. */
static void
test_missing(void **state)
{
	struct cgi_config cfg;
	struct ds_error err = {0, ""};
	char path[4096];

	(void)state;
	assert_int_equal(tu_path(path, sizeof path, scratch, "absent.conf"),
			 0);
	assert_int_equal(cgi_config_load(path, &cfg, &err), DS_ENOENT);
	assert_int_equal(err.code, DS_ENOENT);
	assert_int_equal(strncmp(err.msg, path, strlen(path)), 0);
	assert_non_null(strstr(err.msg, "No such file"));
	cgi_config_release(&cfg);
	assert_int_equal(cgi_config_load(path, &cfg, NULL), DS_ENOENT);
	cgi_config_release(&cfg);

	assert_int_equal(cgi_config_load(NULL, &cfg, &err), DS_EINVAL);
	cgi_config_release(&cfg);

	/* A directory opens but can't be read. */
	assert_int_equal(cgi_config_load(scratch, &cfg, &err), DS_EIO);
	assert_int_equal(strncmp(err.msg, scratch, strlen(scratch)), 0);
	cgi_config_release(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_only_db),
		cmocka_unit_test(test_default_hits),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_many_dbs),
		cmocka_unit_test(test_missing),
	};

	return cmocka_run_group_tests_name("cgi-config", tests, setup,
					   teardown);
}
