/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgi-config.c: dossier.cgi's configuration file read with libinih into
 * struct cgi_config, every key checked (the rules are cgi-config.h's).
 *
 * libinih calls a handler for each "key = value" but never for a section
 * header, so an empty section, or a [db NAME] given twice, would pass
 * unseen.  It reads the file through ini_parse_stream() and our reader,
 * which counts lines, sees the section headers as they go by (a header
 * is a line whose first non-blank character is '[', as libinih has it),
 * refuses lines too long for libinih's buffer (it would cut them short
 * silently) and NUL bytes.  The handler knows the current line from the
 * reader; libinih's return value, the first line it found wrong, tells
 * its own syntax errors from ours.  The first error in the file wins.
 *
 * Keys are a table per section: name, kind (string, language tag,
 * number), range and where the value goes.  A key given twice is an
 * error too: it is also how a continuation line (one that starts with
 * white space, which libinih appends as the same key again) shows.
 */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "cgi-config.h"
#include "utf8.h"

enum section { SEC_NONE, SEC_SITE, SEC_LIMITS, SEC_SEARCH, SEC_DB, SEC_BAD };

enum kind {
	K_TEXT,		/* non-empty UTF-8 text, no control characters */
	K_LANG,		/* a language tag: [A-Za-z0-9-]{1,35} */
	K_SIZE,		/* a decimal number into a size_t */
	K_UINT,		/* a decimal number into an unsigned */
	K_BOOL		/* yes/no, true/false, on/off, 1/0 into a bool */
};

/* One key: where its value goes (in cgi_config, or cgi_db for [db]). */
struct key {
	const char *name;
	enum kind kind;
	size_t offset;
	unsigned long min, max;
};

#define CFG(m) offsetof(struct cgi_config, m)
#define DB(m) offsetof(struct cgi_db, m)

static const struct key site_keys[] = {
	{ "name", K_TEXT, CFG(site_name), 0, 0 },
	{ "base_url", K_TEXT, CFG(base_url), 0, 0 },
	{ "stylesheet", K_TEXT, CFG(stylesheet), 0, 0 },
	{ "template", K_TEXT, CFG(template_path), 0, 0 },
	{ "lang", K_LANG, CFG(lang), 0, 0 },
};

static const struct key limits_keys[] = {
	{ "query_string_bytes", K_SIZE, CFG(limits.query_string_bytes), 64,
	  65536 },
	{ "query_bytes", K_SIZE, CFG(limits.query_bytes), 1, 65536 },
	{ "max_page", K_UINT, CFG(limits.max_page), 1, 10000 },
	{ "max_hits", K_UINT, CFG(limits.max_hits), 1, 1000 },
	{ "default_hits", K_UINT, CFG(limits.default_hits), 1, 1000 },
	{ "cpu_seconds", K_UINT, CFG(cpu_seconds), 1, 300 },
	{ "memory_mib", K_UINT, CFG(memory_mib), 32, 65536 },
	{ "time_seconds", K_UINT, CFG(time_seconds), 1, 600 },
	{ "concurrency", K_UINT, CFG(concurrency), 0, 1024 },
	{ "cache_mib", K_UINT, CFG(cache_mib), 0, 4096 },
	{ "max_requests", K_UINT, CFG(max_requests), 0, 1000000000 },
};

static const struct key search_keys[] = {
	{ "feedback", K_BOOL, CFG(search.feedback), 0, 0 },
	{ "facets", K_BOOL, CFG(search.facets), 0, 0 },
	{ "snippets", K_UINT, CFG(search.snippets), 0, 5 },
	{ "shard_timeout_ms", K_UINT, CFG(search.shard_timeout_ms), 10,
	  600000 },
	{ "partial", K_BOOL, CFG(search.partial), 0, 0 },
};

static const struct key db_keys[] = {
	{ "path", K_TEXT, DB(path), 0, 0 },
	{ "title", K_TEXT, DB(title), 0, 0 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* What is known while the file is read. */
struct loader {
	struct cgi_config *cfg;
	const char *path;
	FILE *f;
	int line;			/* lines read so far */
	struct ds_error err;		/* the first error of ours */
	int err_line;			/* its line; 0 when none */
	enum section sec;		/* the section being read */
	char label[48];			/* its name, for messages */
	struct cgi_db *db;		/* with SEC_DB: its database */
	unsigned long given;		/* its keys given so far, as bits */
	bool site_seen, limits_seen, search_seen;
	int db_line[CGI_MAX_DBS];	/* where each [db NAME] opened */
	int default_hits_line;		/* 0: default_hits not given */
};

/* Record an error at `line` unless there is one already; returns 0. */
static int fail(struct loader *ld, int line, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(struct loader *ld, int line, int code, const char *fmt, ...)
{
	va_list ap;

	if (ld->err_line != 0)
		return 0;
	va_start(ap, fmt);
	ds_error_setv(&ld->err, code, fmt, ap);
	va_end(ap);
	ds_error_prefix(&ld->err, "%s:%d", ld->path, line);
	ld->err_line = line;
	return 0;
}

/* Whether s is a database name: [a-z0-9_-]{1,CGI_NAME_MAX}. */
static bool
is_db_name(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > CGI_NAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '-'))
			return false;
	return true;
}

/* A section header naming s[0..len) has been read. */
static void
open_section(struct loader *ld, const char *s, size_t len)
{
	struct cgi_config *cfg = ld->cfg;
	size_t i;

	ld->given = 0;
	ld->db = NULL;
	ld->sec = SEC_BAD;
	snprintf(ld->label, sizeof ld->label, "%.*s",
		 len < 40 ? (int)len : 40, s);
	if (len == 4 && memcmp(s, "site", 4) == 0) {
		if (ld->site_seen) {
			fail(ld, ld->line, DS_EFORMAT, "[site] given twice");
			return;
		}
		ld->site_seen = true;
		ld->sec = SEC_SITE;
		return;
	}
	if (len == 6 && memcmp(s, "limits", 6) == 0) {
		if (ld->limits_seen) {
			fail(ld, ld->line, DS_EFORMAT, "[limits] given twice");
			return;
		}
		ld->limits_seen = true;
		ld->sec = SEC_LIMITS;
		return;
	}
	if (len == 6 && memcmp(s, "search", 6) == 0) {
		if (ld->search_seen) {
			fail(ld, ld->line, DS_EFORMAT, "[search] given twice");
			return;
		}
		ld->search_seen = true;
		ld->sec = SEC_SEARCH;
		return;
	}
	if (len < 3 || memcmp(s, "db ", 3) != 0) {
		fail(ld, ld->line, DS_EFORMAT, "unknown section [%s]",
		     ld->label);
		return;
	}
	s += 3;
	len -= 3;
	if (!is_db_name(s, len)) {
		fail(ld, ld->line, DS_EFORMAT, "[%s]: not a database name "
		     "(a to z, 0 to 9, _ and -, at most %d)", ld->label,
		     CGI_NAME_MAX);
		return;
	}
	for (i = 0; i < cfg->ndbs; i++)
		if (strlen(cfg->dbs[i].name) == len &&
		    memcmp(cfg->dbs[i].name, s, len) == 0) {
			fail(ld, ld->line, DS_EFORMAT, "[%s] given twice (line "
			     "%d)", ld->label, ld->db_line[i]);
			return;
		}
	if (cfg->ndbs == CGI_MAX_DBS) {
		fail(ld, ld->line, DS_EFORMAT, "more than %d databases",
		     CGI_MAX_DBS);
		return;
	}
	ld->db = &cfg->dbs[cfg->ndbs];
	memcpy(ld->db->name, s, len);
	ld->db->name[len] = '\0';
	ld->db_line[cfg->ndbs++] = ld->line;
	ld->sec = SEC_DB;
}

/*
 * libinih's reader: one line of at most num - 2 bytes and its newline
 * into str.  A line too long or holding a NUL is recorded as an error
 * and handed on as an empty line, the rest of it skipped.
 */
static char *
read_line(char *str, int num, void *stream)
{
	struct loader *ld = stream;
	size_t cap = num > 1 ? (size_t)num - 1 : 0, n = 0;
	bool nul = false, too_long = false;
	const char *p;
	int c = EOF;

	if (cap < 1)
		return NULL;
	while (n < cap && (c = getc(ld->f)) != EOF) {
		str[n++] = (char)c;
		if (c == '\0')
			nul = true;
		if (c == '\n')
			break;
	}
	if (n == 0)
		return NULL;	/* end of file, or a read error (ferror) */
	ld->line++;
	str[n] = '\0';
	if (n == cap && c != '\n') {
		/* No room left for the newline: too long, last line or not. */
		too_long = true;
		while ((c = getc(ld->f)) != EOF && c != '\n')
			;
	}
	if (too_long || nul) {
		if (too_long)
			fail(ld, ld->line, DS_EFORMAT, "line longer than %zu "
			     "bytes", cap - 1);
		else
			fail(ld, ld->line, DS_EFORMAT, "a NUL byte");
		ld->sec = SEC_BAD;
		str[0] = '\n';
		str[1] = '\0';
		return str;
	}
	p = str;
	if (ld->line == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;		/* libinih skips a byte order mark too */
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' ||
	       *p == '\v')
		p++;
	if (*p == '[') {
		const char *end = strchr(p + 1, ']');

		if (end != NULL)
			open_section(ld, p + 1, (size_t)(end - p - 1));
		else
			ld->sec = SEC_BAD;	/* libinih says where */
	}
	return str;
}

/* What is wrong with s as text (non-empty UTF-8, no control
 * characters), or NULL. */
static const char *
text_problem(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	if (*s == '\0')
		return "empty";
	for (i = 0; u[i] != '\0'; i++)
		if (u[i] < 0x20 || u[i] == 0x7f)
			return "a control character";
	return ds_utf8_valid(s, i) ? NULL : "not UTF-8";
}

/* Whether s is a language tag as far as we check: [A-Za-z0-9-]{1,35}. */
static bool
is_lang(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (i >= 35 || !((s[i] >= 'a' && s[i] <= 'z') ||
				 (s[i] >= 'A' && s[i] <= 'Z') ||
				 (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return i > 0;
}

/*
 * The decimal number s into *v when it is min..max.  Digits only; the
 * value is never held beyond max + 9, so it can't overflow.
 */
static bool
parse_number(const char *s, unsigned long min, unsigned long max,
	     unsigned long *v)
{
	unsigned long n = 0;
	size_t i;

	if (*s == '\0')
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (n <= max)
			n = n * 10 + (unsigned long)(s[i] - '0');
	}
	if (n < min || n > max)
		return false;
	*v = n;
	return true;
}

/* A yes/no value, in the spellings INI files use; false when it is none. */
static bool
parse_bool(const char *s, bool *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < COUNT(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*v = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*v = false;
			return true;
		}
	}
	return false;
}

/* Set key k of the current section (base: the struct it goes into). */
static int
set_key(struct loader *ld, const struct key *k, void *base,
	const char *value)
{
	const char *problem;
	char *copy, **slot;
	unsigned long n;

	switch (k->kind) {
	case K_BOOL:
		if (!parse_bool(value, (bool *)((char *)base + k->offset)))
			return fail(ld, ld->line, DS_EFORMAT, "%s in [%s]: not "
				    "yes or no", k->name, ld->label);
		return 1;
	case K_SIZE:
	case K_UINT:
		if (!parse_number(value, k->min, k->max, &n))
			return fail(ld, ld->line, DS_EFORMAT, "%s in [%s]: not "
				    "a number from %lu to %lu", k->name,
				    ld->label, k->min, k->max);
		if (k->kind == K_SIZE)
			*(size_t *)((char *)base + k->offset) = (size_t)n;
		else
			*(unsigned *)((char *)base + k->offset) = (unsigned)n;
		return 1;
	case K_LANG:
		if (!is_lang(value))
			return fail(ld, ld->line, DS_EFORMAT, "%s in [%s]: not "
				    "a language tag", k->name, ld->label);
		break;
	case K_TEXT:
		problem = text_problem(value);
		if (problem != NULL)
			return fail(ld, ld->line, DS_EFORMAT, "%s in [%s]: %s",
				    k->name, ld->label, problem);
		break;
	}
	copy = strdup(value);
	if (copy == NULL)
		return fail(ld, ld->line, DS_ENOMEM, "out of memory");
	slot = (char **)(void *)((char *)base + k->offset);
	free(*slot);
	*slot = copy;
	return 1;
}

/* libinih's handler: one "key = value" of the current section. */
static int
handle(void *user, const char *section, const char *name, const char *value)
{
	struct loader *ld = user;
	const struct key *keys;
	size_t nkeys, i;
	void *base;

	(void)section;	/* ours is ld->sec, from the same header line */
	switch (ld->sec) {
	case SEC_NONE:
		return fail(ld, ld->line, DS_EFORMAT, "key '%s' outside any "
			    "section", name);
	case SEC_BAD:
		return 1;	/* the section's error says it all */
	case SEC_SITE:
		keys = site_keys;
		nkeys = COUNT(site_keys);
		base = ld->cfg;
		break;
	case SEC_LIMITS:
		keys = limits_keys;
		nkeys = COUNT(limits_keys);
		base = ld->cfg;
		break;
	case SEC_SEARCH:
		keys = search_keys;
		nkeys = COUNT(search_keys);
		base = ld->cfg;
		break;
	case SEC_DB:
	default:
		keys = db_keys;
		nkeys = COUNT(db_keys);
		base = ld->db;
		break;
	}
	for (i = 0; i < nkeys; i++)
		if (strcmp(name, keys[i].name) == 0)
			break;
	if (i == nkeys)
		return fail(ld, ld->line, DS_EFORMAT, "unknown key '%s' in "
			    "[%s]", name, ld->label);
	if (ld->given & (1UL << i))
		return fail(ld, ld->line, DS_EFORMAT, "%s given twice in [%s] "
			    "(or continued on a line that starts with white "
			    "space)", name, ld->label);
	ld->given |= 1UL << i;
	if (ld->sec == SEC_LIMITS && strcmp(name, "default_hits") == 0)
		ld->default_hits_line = ld->line;
	return set_key(ld, &keys[i], base, value);
}

/* The checks that need the whole file; failures are recorded in ld. */
static void
check_whole(struct loader *ld)
{
	struct cgi_config *cfg = ld->cfg;
	struct cgi_limits *l = &cfg->limits;
	size_t i;

	for (i = 0; i < cfg->ndbs; i++) {
		struct cgi_db *db = &cfg->dbs[i];

		if (db->path == NULL) {
			fail(ld, ld->db_line[i], DS_EFORMAT, "[db %s] has no "
			     "path", db->name);
			return;
		}
		if (db->title == NULL) {
			db->title = strdup(db->name);
			if (db->title == NULL) {
				fail(ld, ld->db_line[i], DS_ENOMEM,
				     "out of memory");
				return;
			}
		}
	}
	if (l->default_hits > l->max_hits) {
		if (ld->default_hits_line != 0) {
			fail(ld, ld->default_hits_line, DS_EFORMAT,
			     "default_hits in [limits]: more than max_hits "
			     "(%u)", l->max_hits);
			return;
		}
		l->default_hits = l->max_hits;
	}
}

/* The defaults of cgi-config.h; DS_ENOMEM or 0. */
static int
config_init(struct cgi_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cgi_limits_default(&cfg->limits);
	cfg->cpu_seconds = 5;
	cfg->memory_mib = 512;
	cfg->time_seconds = 10;
	cfg->concurrency = 0;
	cfg->cache_mib = 32;
	cfg->max_requests = 10000;
	cfg->search.feedback = true;
	cfg->search.shard_timeout_ms = 10000;
	cfg->search.facets = true;
	cfg->search.snippets = 2;
	cfg->site_name = strdup("Dossier");
	cfg->lang = strdup("en");
	return cfg->site_name && cfg->lang ? 0 : DS_ENOMEM;
}

int
cgi_config_load(const char *path, struct cgi_config *cfg,
		struct ds_error *err)
{
	struct loader ld;
	int rc, e;

	if (config_init(cfg) < 0)
		return ds_error_set(err, DS_ENOMEM, "%s: out of memory",
				    path ? path : "configuration");
	if (path == NULL)
		return ds_error_set(err, DS_EINVAL, "no configuration file");
	memset(&ld, 0, sizeof ld);
	ld.cfg = cfg;
	ld.path = path;
	ld.f = fopen(path, "re");
	if (ld.f == NULL)
		return ds_error_set(err, DS_ENOENT, "%s: %s", path,
				    strerror(errno));
	rc = ini_parse_stream(read_line, &ld, handle, &ld);
	if (ferror(ld.f)) {
		e = errno;
		fclose(ld.f);
		return ds_error_set(err, DS_EIO, "%s: %s", path, strerror(e));
	}
	fclose(ld.f);
	if (rc == -2)
		return ds_error_set(err, DS_ENOMEM, "%s: out of memory", path);
	if (rc > 0 && (ld.err_line == 0 || rc < ld.err_line))
		return ds_error_set(err, DS_EFORMAT, "%s:%d: not a [section], "
				    "key = value or comment", path, rc);
	if (rc < 0 && ld.err_line == 0)
		return ds_error_set(err, DS_EIO, "%s: could not be read",
				    path);
	if (ld.err_line == 0 && cfg->ndbs == 0)
		return ds_error_set(err, DS_EFORMAT, "%s: no database: a "
				    "[db NAME] section with a path is needed",
				    path);
	if (ld.err_line == 0)
		check_whole(&ld);
	if (ld.err_line != 0) {
		if (err != NULL)
			*err = ld.err;
		return ld.err.code;
	}
	return 0;
}

void
cgi_config_release(struct cgi_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	free(cfg->site_name);
	free(cfg->base_url);
	free(cfg->stylesheet);
	free(cfg->template_path);
	free(cfg->lang);
	cfg->site_name = cfg->base_url = cfg->stylesheet = NULL;
	cfg->template_path = cfg->lang = NULL;
	for (i = 0; i < cfg->ndbs && i < CGI_MAX_DBS; i++) {
		free(cfg->dbs[i].path);
		free(cfg->dbs[i].title);
		cfg->dbs[i].path = cfg->dbs[i].title = NULL;
	}
	cfg->ndbs = 0;
}

const struct cgi_db *
cgi_config_db(const struct cgi_config *cfg, const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0') {
		for (i = 0; i < cfg->ndbs; i++)
			if (strcmp(cfg->dbs[i].name, "default") == 0)
				return &cfg->dbs[i];
		return cfg->ndbs == 1 ? &cfg->dbs[0] : NULL;
	}
	for (i = 0; i < cfg->ndbs; i++)
		if (strcmp(cfg->dbs[i].name, name) == 0)
			return &cfg->dbs[i];
	return NULL;
}
